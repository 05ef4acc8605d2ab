"""Rows copied to and pasted from Excel and WPS (no Qt: the window hands the clipboard's text here).

Paste: Excel and WPS put copied cells on the clipboard as tab-separated text, rows ending in
\\r\\n, a cell holding a tab, a line break or a quote wrapped in quotes. :func:`read_pasted` reads
such a block into the same plan as an Excel import (read_workbook): the same column
matching, the same checks of every row, problems listed the same way (第N行「栏目」：…), likely
duplicates pointed out, and then ``excel.apply_import`` writes it in one transaction, all or the
good rows only. Columns are matched by the header row when the block has one (the labels of the
ledger's fields, as the table, the form and the Excel sheet show them), else by position: the
table's columns in the order the clerk sees them, or all the ledger's fields in their order.

Copy: :func:`copy_rows` gives the selected records with their header as tab-separated text and
as an HTML table (Excel and WPS take the HTML, keeping each value in its column and text as text).
"""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..errors import UserError
from ..fields import BOOL, COUNT, DATE, INT, MONEY, TEXT, Field
from ..ledgers import Ledger, ledger as get_ledger
from ..store import Store
from .plan import ImportPlan, plan_import
from .read import Book, Problem, _header_map, _prepare, _Sheet

PASTE_SHEET = "粘贴的内容"
MAX_PASTE_ROWS = 20_000


def parse_tsv(text: str) -> list[list[str]]:
    """The rows of a block of tab-separated text as Excel and WPS write it (quotes undone); the
    empty line Excel ends with, and rows with nothing in them, left out."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quotechar='"'))
    return [r for r in rows if any(c.strip() for c in r)]


def _is_header(lg: Ledger, row: list[str]) -> dict[str, int] | None:
    cols, _labels, _dups = _header_map(lg, tuple(row))
    filled = sum(1 for c in row if c.strip())
    named = len([c for c in cols if c != "uid"])
    if named >= min(2, len(lg.fields)) and named * 2 >= filled:
        return cols
    return None


def read_pasted(
    text: str,
    store: Store,
    ledger_name: str,
    columns: Sequence[str] | None = None,
) -> ImportPlan:
    """Read pasted rows for a ledger and check every one against `store`; nothing is written.

    `columns`: the field names in the order the table shows them (used when the block has no
    header row). Raises UserError for a block that cannot be rows of this ledger at all."""
    lg = get_ledger(ledger_name)
    rows = parse_tsv(text)
    if not rows:
        raise UserError("剪贴板中没有可以粘贴的内容；请先在 Excel 或 WPS 表格中选中几行并复制")
    if len(rows) > MAX_PASTE_ROWS:
        raise UserError(f"一次最多粘贴 {MAX_PASTE_ROWS:,} 行；更多的记录请用“导入 Excel”")
    header = _is_header(lg, rows[0])
    first_line = 1
    if header is not None:
        cols = header
        body = rows[1:]
        first_line = 2
        labels = {name: (lg.field(name).label if name != "uid" else "记录编号") for name in cols}
    else:
        width = max(len(r) for r in rows)
        order = [n for n in (columns or []) if n in lg.field_map]
        every = [f.name for f in lg.fields]
        if width == len(every) or not order:
            order = every
        if width > len(order):
            raise UserError(
                f"粘贴的内容有 {width} 列，而「{lg.label}」的表格只有 {len(order)} 栏，无法对应。"
                "请连同表头（栏目名称那一行）一起复制，软件会按栏目名称对应各列")
        cols = {name: j for j, name in enumerate(order[:width])}
        labels = {name: lg.field(name).label for name in cols}
    fields = [(name, j, lg.field(name) if name != "uid" else None) for name, j in cols.items()]
    book = Book(Path(PASTE_SHEET))
    missing = {f.name for f in lg.fields if f.required and f.name not in cols}
    sheet = _Sheet(lg, PASTE_SHEET, first_line - 1, labels, missing, [])
    for name in sorted(missing, key=lambda n: [f.name for f in lg.fields].index(n)):
        book.problems.append(Problem(PASTE_SHEET, 0, "", f"粘贴的内容中没有必填栏目「{lg.field(name).label}」"))
    for i, row in enumerate(body if header is not None else rows, start=first_line):
        raw: dict[str, Any] = {}
        for name, j, f in fields:
            v = row[j] if j < len(row) else None
            if v is None or not v.strip():
                continue
            v = _prepare(f, v)
            if v is not None:
                raw[name] = v
        if raw:
            sheet.rows.append((i, raw))
    if not sheet.rows:
        raise UserError("粘贴的内容中只有表头，没有记录")
    book.sheets.append(sheet)
    return plan_import(store, book, None)


# -- copy -----------------------------------------------------------------------------------------


def _tsv_cell(s: str) -> str:
    if any(ch in s for ch in '\t\n\r"'):
        return '"' + s.replace('"', '""') + '"'
    return s


_HTML_FORMAT = {
    DATE: "yyyy\\-mm\\-dd",
    MONEY: "\\#\\,\\#\\#0\\.00",
    TEXT: "\\@",
}


def copy_rows(lg: Ledger, fields: Sequence[Field], records: Iterable[dict[str, Any]]) -> tuple[str, str]:
    """The records as a clerk sees them in the table, with the header row: (tab-separated text
    ending in \\r\\n as Excel writes it, an HTML table that Excel and WPS paste column by column)."""
    head = [f.label for f in fields]
    lines = ["\t".join(_tsv_cell(h) for h in head)]
    cells_html = ["<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr>"]
    for rec in records:
        values = [f.display(rec.get(f.name)) for f in fields]
        lines.append("\t".join(_tsv_cell(v) for v in values))
        tds = []
        for f, v in zip(fields, values):
            fmt = _HTML_FORMAT.get(f.type)
            style = f" style='mso-number-format:\"{fmt}\"'" if fmt else ""
            align = (" align=right" if f.type in (INT, COUNT, MONEY)
                     else " align=center" if f.type in (DATE, BOOL) else "")
            tds.append(f"<td{style}{align}>{html.escape(v).replace(chr(10), '<br>')}</td>")
        cells_html.append("<tr>" + "".join(tds) + "</tr>")
    text = "\r\n".join(lines) + "\r\n"
    doc = ("<html><head><meta charset=\"utf-8\"></head><body><table border=1 cellspacing=0>"
           + "".join(cells_html) + "</table></body></html>")
    return text, doc
