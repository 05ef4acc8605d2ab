"""How many records: of each ledger in a year, in each month, in all; the years that have any.

    store.counts.in_year(2025)                    # {"mediations": 112, …}
    store.counts.by_month("mediations", 2025)     # {1: 12, 2: 9, …}
    store.counts.years()                          # [2025, 2024]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..ledgers import LEDGERS, ledger as get_ledger
from .queries import RecordQuery, month_condition

if TYPE_CHECKING:
    from . import Store


class Counts:
    """`store.counts`: counts over the ledgers' tables."""

    def __init__(self, store: Store):
        self.store = store

    def by_month(self, ledger_name: str, year: int) -> dict[int, int]:
        """Records of a ledger in each month of a year, by its date: {1: 12, 2: 9, …}."""
        lg = get_ledger(ledger_name)
        sql, params = month_condition(lg, year)
        rows = self.store.conn.execute(
            f"SELECT CAST(substr([{lg.date_field}], 6, 2) AS INTEGER), COUNT(*) FROM [{lg.name}] "
            f"WHERE {sql} GROUP BY 1",
            params,
        )
        return {int(m): n for m, n in rows if m}

    def in_year(self, year: int) -> dict[str, int]:
        """Records of each ledger that belong to a year."""
        return {lg.name: self.store.count(lg.name, RecordQuery(year=year)) for lg in LEDGERS}

    def all(self) -> dict[str, int]:
        """Records of each ledger, all years."""
        return {
            lg.name: self.store.conn.execute(f"SELECT COUNT(*) FROM [{lg.name}]").fetchone()[0]
            for lg in LEDGERS
        }

    def years(self) -> list[int]:
        """Years that have records, newest first."""
        years: set[int] = set()
        for lg in LEDGERS:
            for (y,) in self.store.conn.execute(
                f"SELECT DISTINCT CAST(substr([{lg.date_field}], 1, 4) AS INTEGER) FROM [{lg.name}]"
            ):
                if y:
                    years.add(y)
        return sorted(years, reverse=True)
