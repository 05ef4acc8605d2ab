"""The report wording kept per year and section (the clerk's words, 成文日期 …).

    store.report_texts.get(2025, "lead")            # None: nothing saved
    store.report_texts.for_year(2025)               # {section: body}
    store.report_texts.set(2025, "lead", body)      # refused in a locked year
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ValidationFailed, YearLocked
from .audit_log import now_text

if TYPE_CHECKING:
    from . import Store


class ReportTexts:
    """`store.report_texts`: the report_texts table."""

    def __init__(self, store: Store):
        self.store = store

    def get(self, year: int, section: str) -> str | None:
        row = self.store.conn.execute(
            "SELECT body FROM report_texts WHERE year = ? AND section = ?", (year, section)
        ).fetchone()
        return row[0] if row else None

    def for_year(self, year: int) -> dict[str, str]:
        return {
            r[0]: r[1]
            for r in self.store.conn.execute(
                "SELECT section, body FROM report_texts WHERE year = ?", (year,)
            )
        }

    def set(self, year: int, section: str, body: str) -> None:
        if not isinstance(body, str) or len(body) > 100_000:
            raise ValidationFailed({section: "报告文字过长（不超过 10 万字）"})
        if year in self.store.year_locks.years():
            raise YearLocked(f"{year}年度已锁定（年度报告已印发），报告文字不能修改；如确需修改，请先解除锁定")
        with self.store.transaction():
            before = self.get(year, section)
            self.store.conn.execute(
                "INSERT INTO report_texts(year, section, body, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(year, section) DO UPDATE SET body = excluded.body, "
                "updated_at = excluded.updated_at",
                (year, section, body, now_text()),
            )
            self.store.audit.record("report_texts", year, "update", {section: before}, {section: body})
