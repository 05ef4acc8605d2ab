"""Errors a clerk may see. Every message is in Chinese and says what to do."""

from __future__ import annotations


class UserError(Exception):
    """An error whose message is meant for the clerk, as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class NotOurDatabase(UserError):
    """The file is not a database of this app (or is damaged); it was not changed."""


class DatabaseDamaged(UserError):
    """The file is a database of this app but fails its integrity check."""


class NewerSchema(UserError):
    """The database was written by a newer version of the app."""


class ValidationFailed(UserError):
    """One or more field values break the ledger's rules; nothing was written.

    ``errors`` maps field name -> Chinese message naming the field and the rule.
    """

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("；".join(self.errors.values()))


class YearLocked(UserError):
    """The record belongs to a locked year."""
