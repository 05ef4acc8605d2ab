"""The kinds a ledger's choice fields allow (built in, or added by the clerk) and the township's
villages (村（社区）), shared by every ledger.

    store.choices.values("mediations", "kind")          # the kinds offered, in order
    store.choices.add("study_sessions", "kind", "读书班", unit="期")
    store.choices.villages()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ValidationFailed
from ..fields import VILLAGE, Field
from ..ledgers import LEDGERS, Ledger, ledger as get_ledger

if TYPE_CHECKING:
    from . import Store

VILLAGE_KEY = ("*", "village")  # villages are choices shared by every ledger
# the kinds the ledger definitions list: (ledger, field, value, position, unit)
BUILTIN_CHOICES: tuple[tuple[str, str, str, int, str], ...] = tuple(
    (lg.name, f.name, v, pos, lg.kind_units.get(v, ""))
    for lg in LEDGERS
    for f in lg.choice_fields
    for pos, v in enumerate(f.choices, start=1)
)


class Choices:
    """`store.choices`: the choices table, cached until it changes."""

    def __init__(self, store: Store):
        self.store = store
        self._cache: dict[tuple[str, str], list[str]] | None = None

    def _load(self) -> dict[tuple[str, str], list[str]]:
        if self._cache is None:
            cache: dict[tuple[str, str], list[str]] = {}
            known: set[tuple[str, str, str]] = set()
            for row in self.store.conn.execute(
                "SELECT ledger, field, value, hidden FROM choices ORDER BY ledger, field, position, rowid"
            ):
                known.add((row["ledger"], row["field"], row["value"]))
                if not row["hidden"]:
                    cache.setdefault((row["ledger"], row["field"]), []).append(row["value"])
            # a built-in kind newer than the file (a file opened read-only, not yet brought up to
            # date) is offered all the same; a normal open writes it into the file
            for ledger, fname, v, _pos, _unit in BUILTIN_CHOICES:
                if (ledger, fname, v) not in known:
                    cache.setdefault((ledger, fname), []).append(v)
            self._cache = cache
        return self._cache

    def values(self, ledger_name: str, field_name: str) -> list[str]:
        """The values a choice field allows: built-in kinds and those the clerk added."""
        lg = get_ledger(ledger_name)
        if lg.field(field_name).type == VILLAGE:
            return list(self._load().get(VILLAGE_KEY, []))
        return list(self._load().get((ledger_name, field_name), []))

    def villages(self) -> list[str]:
        return list(self._load().get(VILLAGE_KEY, []))

    def unit(self, ledger_name: str, field_name: str, value: str) -> str:
        """What a kind is counted in (读书班: 期), else its ledger's unit."""
        row = self.store.conn.execute(
            "SELECT unit FROM choices WHERE ledger=? AND field=? AND value=?",
            (ledger_name, field_name, value),
        ).fetchone()
        if row and row["unit"]:
            return str(row["unit"])
        if ledger_name == "*":
            return "个"
        lg = get_ledger(ledger_name)
        return lg.kind_units.get(value, lg.unit) if row is None else lg.unit

    def add(self, ledger_name: str, field_name: str, value: str, unit: str = "") -> str:
        """Add a kind to a ledger's choice field ('*', 'village' for a village). Returns it."""
        label = "村（社区）" if ledger_name == "*" else get_ledger(ledger_name).field(field_name).label
        v = value.strip() if isinstance(value, str) else ""
        if not v:
            raise ValidationFailed({field_name: f"「{label}」的新选项不能为空"})
        if len(v) > 40 or any(ord(c) < 32 for c in v):
            raise ValidationFailed({field_name: f"「{label}」的新选项必须是一行文字，不超过 40 个字"})
        with self.store.transaction():
            pos = self.store.conn.execute(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM choices WHERE ledger=? AND field=?",
                (ledger_name, field_name),
            ).fetchone()[0]
            self.store.conn.execute(
                "INSERT INTO choices(ledger, field, value, unit, position, builtin, hidden) "
                "VALUES (?, ?, ?, ?, ?, 0, 0) "
                "ON CONFLICT(ledger, field, value) DO UPDATE SET hidden = 0",
                (ledger_name, field_name, v, unit.strip(), pos),
            )
            self.store.audit.record("choices", None, "add", None,
                                    {"ledger": ledger_name, "field": field_name, "value": v, "unit": unit.strip()})
        self._cache = None
        return v

    def hide(self, ledger_name: str, field_name: str, value: str) -> None:
        """Take a kind (or a village) off the lists; records that use it keep it."""
        with self.store.transaction():
            self.store.conn.execute(
                "UPDATE choices SET hidden = 1 WHERE ledger=? AND field=? AND value=?",
                (ledger_name, field_name, value),
            )
            self.store.audit.record("choices", None, "hide",
                                    {"ledger": ledger_name, "field": field_name, "value": value}, None)
        self._cache = None

    def reload(self) -> None:
        """Forget the cached lists (after another connection, or a rolled-back transaction,
        changed them)."""
        self._cache = None

    def values_like(self, lg: Ledger, f: Field, word: str) -> list[str]:
        """Every value a choice column may hold (hidden ones too) that contains `word`."""
        key = VILLAGE_KEY if f.type == VILLAGE else (lg.name, f.name)
        w = word.casefold()
        rows = self.store.conn.execute(
            "SELECT value FROM choices WHERE ledger = ? AND field = ?", key
        ).fetchall()
        return [r[0] for r in rows if w in r[0].casefold()]
