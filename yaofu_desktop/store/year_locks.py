"""Locked years (年度锁定): once a year's report is issued, the records and wording that make it
cannot change until the year is unlocked.

    store.year_locks.lock(2025)
    store.year_locks.years()                              # {2025}
    store.year_locks.touched("mediations", before, after)  # 2025, or None
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import YearLocked
from ..ledgers import EVENT, HELD_AT_END, Ledger, ledger as get_ledger
from .audit_log import now_text

if TYPE_CHECKING:
    from . import Store


class YearLocks:
    """`store.year_locks`: the locked_years table."""

    def __init__(self, store: Store):
        self.store = store

    def years(self) -> set[int]:
        """The locked years (read once per transaction)."""
        return set(self.store.memo("locked", self._read))

    def _read(self) -> set[int]:
        return {r[0] for r in self.store.conn.execute("SELECT year FROM locked_years")}

    def touched(
        self, ledger_name: str, before: dict[str, Any] | None, after: dict[str, Any] | None
    ) -> int | None:
        """The first locked year whose content a change alters, if any: a record joining or leaving
        it (by its own date, a roster's years in post, or a date a figure counts by, such as
        结案日期) or a record of that year changing. A roster's later leaving date is not such a
        change."""
        lg = get_ledger(ledger_name)
        for year in sorted(self.years()):
            if view_in_year(lg, before, year) != view_in_year(lg, after, year):
                return year
        return None

    def check(self, lg: Ledger, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        """Raise YearLocked when the change would alter a locked year."""
        year = self.touched(lg.name, before, after)
        if year is not None:
            raise YearLocked(
                f"{year}年度已锁定（年度报告已印发），「{lg.label}」中属于该年度的记录不能增删改；"
                "如确需修改，请先在“年度”菜单中解除锁定"
            )

    def lock(self, year: int) -> None:
        with self.store.transaction():
            self.store.conn.execute(
                "INSERT OR IGNORE INTO locked_years(year, locked_at, operator) VALUES (?, ?, ?)",
                (year, now_text(), self.store.operator()),
            )
            self.store.forget("locked")
            self.store.audit.record("locked_years", year, "lock", None, {"year": year})

    def unlock(self, year: int) -> None:
        with self.store.transaction():
            self.store.conn.execute("DELETE FROM locked_years WHERE year = ?", (year,))
            self.store.forget("locked")
            self.store.audit.record("locked_years", year, "unlock", {"year": year}, None)


def view_in_year(lg: Ledger, values: dict[str, Any] | None, year: int) -> dict[str, Any] | None:
    """What a year's figures and table see of a record: None when it does not belong to the year
    (by its scope, or a date a figure of the ledger counts by); else its fields, with a roster's
    leaving date, when none or after the year, reduced to "after"."""
    if values is None:
        return None
    start, end = f"{year:04d}-01-01", f"{year:04d}-12-31"
    date = values.get(lg.date_field)
    date = str(date) if date else None
    if lg.scope == EVENT:
        dates = [date] + [values.get(fd.date_field) for fd in lg.figures if fd.date_field]
        belongs = any(d and start <= str(d) <= end for d in dates)
    else:
        leave = values.get(lg.end_field) if lg.end_field else None
        leave = str(leave) if leave else None
        from_ = end if lg.scope == HELD_AT_END else start
        belongs = bool(date and date <= end and (leave is None or leave >= from_))
    if not belongs:
        return None
    view = {f.name: values.get(f.name) for f in lg.fields}
    view["reviewed"] = int(bool(values.get("reviewed")))
    if lg.end_field and (not view.get(lg.end_field) or str(view[lg.end_field]) > end):
        view[lg.end_field] = "after"  # still in post when the year ended: all the year sees
    return view
