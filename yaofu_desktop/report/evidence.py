"""The report's reminder about 佐证材料 (issue 15): which figures the report states stand on
records that have no photos, scans or documents attached. A reminder for the inspection, never an
error: a figure stands on its records whatever their material."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..figures import Figure, year_records
from ..ledgers import LEDGERS

if TYPE_CHECKING:
    from ..store import Store


def evidence_reminders(store: "Store", year: int, figures: Iterable[Figure]) -> list[str]:
    """The report's reminder about 佐证材料: per ledger whose records give a figure the report
    states (non-zero), how many of the year's records have none, naming those figures. Not an
    error: a figure stands on the records whatever their material; an inspection asks for it."""
    by_ledger: dict[str, list[str]] = {}
    for fig in figures:
        if fig.ledger and fig.value:
            names = by_ledger.setdefault(fig.ledger, [])
            if fig.report_label not in names:
                names.append(fig.report_label)
    lines = []
    for lg in LEDGERS:
        listed = by_ledger.get(lg.name)
        if not listed:
            continue
        ids = [r["id"] for r in year_records(store, lg, year)]
        if not ids:
            continue
        without = len(ids) - len(store.attachments.counts(lg.name, ids))
        if without:
            shown = "、".join(listed[:3]) + ("等" if len(listed) > 3 else "")
            lines.append(f"「{lg.label}」{len(ids)}条记录中有{without}条没有佐证材料（报告中的{shown}依据这些记录）")
    return lines
