"""Likely duplicates: a record that seems to be one already in the ledger (or one earlier in the
same batch of pasted or imported rows), entered twice.

Two records are likely the same when they agree on one of the ledger's `duplicate_keys` (the
same 决定书文号; the same date and 议题; the same 法律明白人 in the same village): see
`Ledger.same_keys`. One function, :func:`find_duplicates`, serves the record form, the paste of
rows and the Excel import, so that all three point out the same records in the same words. It
only points them out: the clerk may save anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from .ledgers import Ledger, describe_record, ledger as get_ledger

# Over this many rows the ledger's keys are read once into memory instead of asked row by row.
BATCH_INDEX_ROWS = 20


@dataclass(frozen=True)
class Duplicate:
    """What a row seems to repeat: a record already saved (`record_id`, `record`) or an earlier
    row of the same batch (`row`, its index in the batch), and the fields they agree on."""

    fields: tuple[str, ...]
    record_id: int | None = None
    record: dict[str, Any] | None = None
    row: int | None = None

    def message(self, lg: Ledger, row_name=None) -> str:
        """In the clerk's words: 与已有记录“2025-03-05 镇政罚〔2025〕1号”的「决定书文号」相同.
        `row_name(i)` names an earlier row of the batch (第5行)."""
        same = "、".join(f"「{lg.field(n).label}」" for n in self.fields if n in lg.field_map)
        if self.record is not None:
            return f"与已有记录“{describe_record(lg, self.record)}”的{same}相同，可能重复录入"
        where = row_name(self.row) if row_name else f"第{(self.row or 0) + 1}行"
        return f"与{where}的{same}相同，可能重复录入"


def _key(lg: Ledger, values: dict[str, Any], fields: tuple[str, ...]) -> tuple | None:
    """The key of a record (stored form), or None when it cannot point out a duplicate: each
    text of it must be filled (two mediations of a day without 当事人 are not alike for that);
    other fields (a village) may be empty."""
    key = tuple(None if values.get(n) == "" else values.get(n) for n in fields)
    for n, v in zip(fields, key):
        if v is None and (len(fields) == 1 or lg.field(n).is_text):
            return None
    return key


def find_duplicates(
    store,
    ledger_name: str,
    rows: Sequence[dict[str, Any]],
    exclude_ids: Sequence[int | None] | None = None,
    uids: Sequence[str | None] | None = None,
) -> list[list[Duplicate]]:
    """For each row (a whole record in stored form, as Store.validate returns it), the records
    it likely repeats: saved ones first (newest first), then earlier rows of `rows`.

    `exclude_ids[i]` is the record row i is (an edit), never its own duplicate. `uids[i]` is the
    record key a row of an exported workbook carries: two rows with keys of their own were two
    records where they came from, not one typed twice, so they are not pointed out to each other
    (either may still repeat a record saved here)."""
    lg = get_ledger(ledger_name)
    keys = lg.duplicate_keys
    out: list[list[Duplicate]] = [[] for _ in rows]
    if not keys or not rows:
        return out
    excl = list(exclude_ids) if exclude_ids is not None else [None] * len(rows)
    keyed = [bool(u) for u in uids] if uids is not None else [False] * len(rows)
    if len(rows) > BATCH_INDEX_ROWS:
        saved = _index(store, lg, keys)
        lookup = lambda fields, key: saved.get((fields, key), [])  # noqa: E731
    else:
        lookup = lambda fields, key: _query(store, lg, fields, key)  # noqa: E731
    earlier: dict[tuple, list[int]] = {}  # rows by key, the first unkeyed row and keyed ones
    for i, values in enumerate(rows):
        seen_ids: set[int] = set()
        for fields in keys:
            key = _key(lg, values, fields)
            if key is None:
                continue
            for rid in lookup(fields, key):
                if rid == excl[i] or rid in seen_ids:
                    continue
                seen_ids.add(rid)
                out[i].append(Duplicate(fields, record_id=rid, record=store.get(lg.name, rid)))
                if len(seen_ids) >= 3:
                    break
            before = earlier.setdefault((fields, key), [])
            first = next((j for j in before if not (keyed[i] and keyed[j])), None)
            if first is not None:
                if not any(d.row == first for d in out[i]):
                    out[i].append(Duplicate(fields, row=first))
            elif keyed[i] or not before:
                before.append(i)
    return out


def _query(store, lg: Ledger, fields: tuple[str, ...], key: tuple) -> list[int]:
    conds, params = [], []
    for n, v in zip(fields, key):
        if v is None:
            conds.append(f"([{n}] IS NULL OR [{n}] = '')")
        else:
            conds.append(f"[{n}] = ?")
            params.append(v)
    sql = f"SELECT id FROM [{lg.name}] WHERE {' AND '.join(conds)} ORDER BY id DESC LIMIT 4"
    return [r[0] for r in store.conn.execute(sql, params)]


def _index(store, lg: Ledger, keys) -> dict[tuple, list[int]]:
    names = sorted({n for k in keys for n in k})
    cols = ", ".join(f"[{n}]" for n in names)
    out: dict[tuple, list[int]] = {}
    for r in store.conn.execute(f"SELECT id, {cols} FROM [{lg.name}] ORDER BY id DESC"):
        rec = dict(zip(names, tuple(r)[1:]))
        for fields in keys:
            key = _key(lg, rec, fields)
            if key is not None:
                out.setdefault((fields, key), []).append(r[0])
    return out
