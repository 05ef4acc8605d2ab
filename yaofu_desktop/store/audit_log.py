"""The audit log (操作记录) of an open store: every insert, update and delete, who and when, the
record before and after; also what was done to the database as a whole (a restore).

    store.audit.entries("mediations", since="2025-03-01", limit=100)   # newest first
    store.audit.log_event("restore", {"backup": "…"})
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import Store


def now_text() -> str:
    """The time as the store writes it (audit entries, created_at, updated_at)."""
    return dt.datetime.now().isoformat(timespec="seconds")


class AuditLog:
    """`store.audit`: the audit_log table."""

    def __init__(self, store: Store):
        self.store = store

    def record(self, ledger_name: str, record_id: Any, action: str, before: Any, after: Any) -> None:
        """One entry, inside the caller's transaction (the change and its entry are one save)."""
        self.store.conn.execute(
            "INSERT INTO audit_log(at, operator, ledger, record_id, action, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                now_text(),
                self.store.operator(),
                ledger_name,
                record_id,
                action,
                json.dumps(before, ensure_ascii=False) if before is not None else None,
                json.dumps(after, ensure_ascii=False) if after is not None else None,
            ),
        )

    def log_event(self, action: str, details: dict[str, Any]) -> None:
        """An entry in the audit log for something done to the whole database (a restore)."""
        with self.store.transaction():
            self.record("database", None, action, None, details)

    def entries(
        self,
        ledger_name: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 500,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        parts, params = [], []
        if ledger_name:
            parts.append("ledger = ?")
            params.append(ledger_name)
        if since:
            parts.append("at >= ?")
            params.append(since)
        if until:
            parts.append("at < ?")
            params.append(until)
        where = (" WHERE " + " AND ".join(parts)) if parts else ""
        sql = f"SELECT * FROM audit_log{where} ORDER BY id DESC LIMIT ? OFFSET ?"
        return [dict(r) for r in self.store.conn.execute(sql, params + [limit, offset])]
