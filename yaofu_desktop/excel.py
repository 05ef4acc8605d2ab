"""Excel workbooks (and CSV) of the ledgers: export, blank templates and import.

An exported workbook has, all made from the definitions in ledgers.py (a new field is a new column
here without a change in this file):

- one sheet per ledger, named by its Chinese label: a header row of field labels (required ones
  marked ``*``), one row per record of the year, dates as real dates, money in 元, yes/no as 是/否,
  dropdowns for kinds, villages and yes/no, and at the far right the record key
  ``记录编号（勿改）`` (the record's uid), so that importing the workbook again updates records
  instead of duplicating them;
- ``统计``: the year's figures (not read back);
- ``概况``: the township profile and its villages (read back into a new or empty database);
- ``报告文字``: the year's report wording saved in the database (存在的问题, 工作计划, edited
  sections, 成文日期), read back where the database has none for that year;
- ``说明``: how to fill in the sheets;
- ``选项`` (hidden): the dropdown lists, which also tell the import which kinds the workbook's
  author added; ``类型单位`` (hidden): the units of kinds counted in another unit than their
  ledger's (读书班: 期), so that a kind added on import counts as it did.

Import is in two steps, so that the GUI can show the problems and ask before writing:

    plan = read_workbook(path, store, progress)      # reads and validates; writes nothing
    for p in plan.problems: ...                      # sheet, Excel row, column label, message
    result = apply_import(store, plan, good_rows_only=False, progress=progress)   # one transaction

Both run on a worker thread; `progress(done, total, what)` is called now and then and may raise
to cancel (nothing is written then). While they run, the store must not be used by another thread.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import sqlite3
import sys
import unicodedata
import uuid
from collections import defaultdict
from dataclasses import dataclass, field as dc_field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable

from .errors import UserError, ValidationFailed, os_error_text
from .fileio import check_target, remove_quietly, write_atomically
from .fields import (
    BOOL,
    CHOICE,
    COUNT,
    DATE,
    INT,
    LONGTEXT,
    MAX_DATE,
    MIN_DATE,
    MONEY,
    TEXT,
    VILLAGE,
    Field,
    format_money,
    parse_date,
)
from .ledgers import AREA_LABELS, LEDGER_MAP, LEDGERS, Ledger
from .store import PROFILE_DEFAULTS, PROFILE_FIELDS, VILLAGE_KEY, RecordQuery, Store, year_condition

__all__ = [
    "KEY_HEADER",
    "Problem",
    "PlannedRow",
    "ImportPlan",
    "ImportResult",
    "ExportResult",
    "export_workbook",
    "export_csv",
    "read_workbook",
    "apply_import",
    "import_file",
    "ledger_columns",
    "sheet_title",
    "cmd_export",
    "cmd_import",
]

Progress = Callable[[int, int, str], None]

SHEET_STATS = "统计"
SHEET_PROFILE = "概况"
SHEET_HELP = "说明"
SHEET_CHOICES = "选项"
SHEET_REPORT = "报告文字"
SHEET_UNITS = "类型单位"
SPECIAL_SHEETS = (SHEET_STATS, SHEET_PROFILE, SHEET_HELP, SHEET_CHOICES, SHEET_REPORT, SHEET_UNITS)
REPORT_HEADER = ["年度", "部分", "内容", "部分键"]
UNITS_HEADER = ["台账", "栏目", "类型", "单位"]
CELL_TEXT_MAX = 32_000  # Excel holds at most 32,767 characters in a cell: longer text takes rows
KEY_LABEL = "记录编号"
KEY_HEADER = "记录编号（勿改）"
VILLAGES_LABEL = "村（社区）"
REQUIRED_MARK = "*"
YES, NO = "是", "否"

EXCEL_MAX_ROW = 1_048_576
HEADER_SCAN_ROWS = 10  # a header row may sit below a title row the clerk added
PROGRESS_EVERY = 500
MAX_COLUMN_WIDTH = 50
SAMPLE_ROWS_FOR_WIDTH = 300

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


# -- the columns of a ledger sheet ------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of a ledger sheet: a field of the ledger, or (field None) the record key."""

    field: Field | None
    header: str

    @property
    def name(self) -> str:
        return self.field.name if self.field else "uid"

    @property
    def label(self) -> str:
        return self.field.label if self.field else KEY_LABEL


def ledger_columns(lg: Ledger) -> list[Column]:
    """Every field of the ledger in definition order, then the record key."""
    cols = [Column(f, f.label + (REQUIRED_MARK if f.required else "")) for f in lg.fields]
    cols.append(Column(None, KEY_HEADER))
    return cols


def sheet_title(lg: Ledger) -> str:
    """The sheet name of a ledger: its label without the characters Excel forbids, ≤ 31 chars."""
    s = _BAD_SHEET_CHARS.sub("", lg.label).strip().strip("'")[:31]
    return s or lg.name[:31]


def _norm(text: Any) -> str:
    """A header or label as compared: full-width folded, no spaces, no required mark."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = re.sub(r"\s+", "", s)
    s = s.strip("*")
    for note in ("(勿改)", "(必填)", "(请勿修改)", "(不要修改)"):
        s = s.replace(note, "")
    return s.strip("*")


def _ledger_by_sheet(title: str) -> Ledger | None:
    key = _norm(title)
    for lg in LEDGERS:
        if key in (_norm(sheet_title(lg)), _norm(lg.label), lg.name.lower()):
            return lg
    return None


def resolve_ledger(name: str) -> Ledger:
    """A ledger by its name (mediations) or its Chinese label (矛盾纠纷调解)."""
    if name in LEDGER_MAP:
        return LEDGER_MAP[name]
    lg = _ledger_by_sheet(name)
    if lg is None:
        known = "、".join(f"{x.name}（{x.label}）" for x in LEDGERS[:4])
        raise UserError(f"没有名为“{name}”的台账；可用台账名称或中文名称，如 {known} 等")
    return lg


def _display_width(s: str) -> int:
    """Columns a text takes in Excel: CJK and full-width characters count two."""
    return len(s) + sum(1 for ch in s if ord(ch) >= 0x1100 and unicodedata.east_asian_width(ch) in "WF")


# -- results and problems -------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Something wrong in the workbook: where (sheet, Excel row, column label) and why."""

    sheet: str
    row: int  # the Excel row number; 0 for the sheet as a whole
    column: str  # the column's label; "" when the whole row or sheet is meant
    message: str

    def line(self) -> str:
        """``矛盾纠纷调解 第5行「受理日期」：不是有效日期…`` — one line for the command line."""
        where = self.sheet or "工作簿"
        if self.row:
            where += f" 第{self.row}行"
        msg = self.message
        if self.column:
            where += f"「{self.column}」"
            msg = msg.removeprefix(f"「{self.column}」")
        return f"{where}：{msg}"


@dataclass
class PlannedRow:
    """A good row of the workbook and what importing it will do."""

    ledger: str
    sheet: str
    row: int
    action: str  # "insert" | "update" | "same"
    values: dict[str, Any]  # the stored form of the whole record
    uid: str | None = None
    record_id: int | None = None  # for "update" and "same"
    changed: tuple[str, ...] = ()  # for "update": the fields that differ


@dataclass
class ImportPlan:
    """What importing a workbook would do; made by read_workbook, nothing written yet."""

    path: Path
    rows: list[PlannedRow] = dc_field(default_factory=list)
    problems: list[Problem] = dc_field(default_factory=list)
    warnings: list[Problem] = dc_field(default_factory=list)  # do not stop the import
    bad_rows: int = 0  # rows refused (problems name them)
    profile: dict[str, Any] | None = None  # what set_profile would be given (None: left alone)
    new_choices: list[tuple[str, str, str]] = dc_field(default_factory=list)  # (ledger, field, value)
    choice_units: dict[tuple[str, str, str], str] = dc_field(default_factory=dict)  # of new_choices
    report_texts: list[tuple[int, str, str]] = dc_field(default_factory=list)  # (year, section, body)
    sheets: list[str] = dc_field(default_factory=list)  # ledger sheets read

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def inserts(self) -> int:
        return self.count("insert")

    @property
    def updates(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("same")

    def summary(self) -> str:
        s = f"可新增 {self.inserts} 条，更新 {self.updates} 条，未变 {self.unchanged} 条"
        if self.problems:
            s += f"；有错误 {len(self.problems)} 处（{self.bad_rows} 行）"
        return s


@dataclass
class ImportResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # bad rows left out (good_rows_only)
    profile_set: bool = False
    choices_added: list[tuple[str, str, str]] = dc_field(default_factory=list)
    report_texts_set: int = 0

    def summary(self) -> str:
        s = f"新增 {self.inserted} 条，更新 {self.updated} 条，未变 {self.unchanged} 条"
        if self.report_texts_set:
            s += f"；报告文字 {self.report_texts_set} 段"
        if self.skipped:
            s += f"；有错误未导入 {self.skipped} 行"
        return s


@dataclass
class ExportResult:
    path: Path
    records: dict[str, int]  # sheet title -> rows written

    @property
    def total(self) -> int:
        return sum(self.records.values())


def _tick(progress: Progress | None, done: int, total: int, what: str) -> None:
    if progress is not None:
        try:
            progress(done, max(total, done), what)
        except BaseException as e:  # the caller cancels: not to be taken for a damaged file
            e._from_progress = True  # type: ignore[attr-defined]
            raise


# -- export ---------------------------------------------------------------------------------


def _year_records(store: Store, lg: Ledger, year: int) -> list[dict[str, Any]]:
    """The ledger's records of the year, oldest first.

    Those of RecordQuery(year=...) (for rosters: those in post), and also those that a figure of
    the year counts by another date (a document made earlier and cleaned up this year): so that
    the workbook's records give the year's figures again.
    """
    rows = store.select(lg.name, RecordQuery(year=year, descending=False), limit=-1)
    other = sorted({fd.date_field for fd in lg.figures if fd.date_field and fd.date_field != lg.date_field})
    if other:
        have = {r["id"] for r in rows}
        for name in other:
            cond, params = year_condition(lg, year, name)
            for r in store.conn.execute(f"SELECT * FROM [{lg.name}] WHERE {cond}", params):
                if r["id"] not in have:
                    have.add(r["id"])
                    rows.append(dict(r))
        rows.sort(key=lambda r: (r[lg.date_field] or "", r["id"]))
    return rows


def _choice_lists(store: Store | None, ledgers: Iterable[Ledger]) -> dict[tuple[str, str], list[str]]:
    """Dropdown lists: (ledger, field) for kinds, VILLAGE_KEY for villages."""
    lists: dict[tuple[str, str], list[str]] = {}
    for lg in ledgers:
        for f in lg.fields:
            if f.type == CHOICE:
                lists[(lg.name, f.name)] = store.choices(lg.name, f.name) if store else list(f.choices)
    lists[VILLAGE_KEY] = store.villages() if store else []
    return lists


def _list_key(lg: Ledger, f: Field) -> tuple[str, str]:
    return VILLAGE_KEY if f.type == VILLAGE else (lg.name, f.name)


def _csv_text(f: Field, v: Any) -> str:
    if v is None:
        return ""
    if f.type == MONEY:
        return format_money(v)
    if f.type == BOOL:
        return YES if v else NO
    s = str(v)
    if f.type in (TEXT, LONGTEXT) and s[:1] in ("=", "+", "-", "@"):
        s = "'" + s  # Excel would take it for a formula
    return s


class _Styles:
    def __init__(self):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="BFBFBF")
        self.header_font = Font(bold=True)
        self.header_fill = PatternFill("solid", fgColor="DDEBF7")
        self.header_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.header_border = Border(bottom=thin)
        self.key_font = Font(color="A6A6A6")
        self.key_header_font = Font(bold=True, color="808080")
        self.key_fill = PatternFill("solid", fgColor="EDEDED")
        self.title_font = Font(bold=True, size=14)
        self.wrap = Alignment(wrap_text=True, vertical="top")


def _header_cell(ws, text: str, styles: _Styles, key: bool = False):
    from openpyxl.cell import WriteOnlyCell

    c = WriteOnlyCell(ws, text)
    c.font = styles.key_header_font if key else styles.header_font
    c.fill = styles.key_fill if key else styles.header_fill
    c.alignment = styles.header_align
    c.border = styles.header_border
    return c


def _text_cell(ws, s: str):
    """A cell that stays text even when it looks like a formula (=…) or an error code (#N/A)."""
    from openpyxl.cell import WriteOnlyCell

    c = WriteOnlyCell(ws, None)
    c._value = s
    c.data_type = "s"
    return c


def _needs_text_cell(s: str) -> bool:
    return s[:1] in ("=", "#")


def _clean_xml_text(s: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", s)


def _column_width(col: Column, values: list[Any]) -> float:
    f = col.field
    if f is None:
        return 34
    w = _display_width(col.header) + 2
    if f.type == DATE:
        return max(w, 12)
    for v in values[:SAMPLE_ROWS_FOR_WIDTH]:
        if v is None:
            continue
        if f.type == MONEY:
            s = format_money(v)
        elif f.type == BOOL:
            s = YES
        else:
            s = str(v)
        w = max(w, _display_width(s.split("\n", 1)[0]) + 2)
    if f.type in (CHOICE, VILLAGE, BOOL):
        w += 2  # the dropdown arrow
    return min(max(w, 8), MAX_COLUMN_WIDTH)


class _ListRanges:
    """Dropdown lists: short ones inline ("是,否"), long ones as ranges of the hidden 选项 sheet."""

    def __init__(self, lists: dict[tuple[str, str], list[str]], extra: dict[tuple[str, str], list[str]]):
        self.lists = lists
        self.extra = extra  # values of exported records not in a list (e.g. hidden kinds)
        self.columns: list[tuple[tuple[str, str], list[str]]] = []
        self.names: dict[tuple[str, str], str] = {}
        for key, values in lists.items():
            self.columns.append((key, values + [v for v in extra.get(key, []) if v not in values]))

    def formula(self, key: tuple[str, str]) -> str | None:
        values = self.lists.get(key) or []
        if not values:
            return None
        inline = '"' + ",".join(values) + '"'
        if len(inline) <= 255 and not any(("," in v or '"' in v) for v in values):
            return inline
        return self.names[key]

    def define_names(self, wb) -> None:
        from openpyxl.utils import get_column_letter
        from openpyxl.workbook.defined_name import DefinedName

        for j, (key, _values) in enumerate(self.columns, start=1):
            n = len(self.lists.get(key) or [])
            if not n:
                continue
            letter = get_column_letter(j)
            name = "list_" + re.sub(r"[^A-Za-z0-9_]", "_", f"{key[0]}_{key[1]}".replace("*_", "all_"))
            self.names[key] = name
            ref = f"'{SHEET_CHOICES}'!${letter}$3:${letter}${n + 2}"
            dn = DefinedName(name, attr_text=ref)
            try:
                wb.defined_names[name] = dn  # openpyxl >= 3.1
            except TypeError:  # pragma: no cover - older openpyxl
                wb.defined_names.append(dn)


def _validations(lg: Ledger, cols: list[Column], ranges: _ListRanges) -> list:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    out = []
    for j, col in enumerate(cols, start=1):
        f = col.field
        if f is None:
            continue
        letter = get_column_letter(j)
        sqref = f"{letter}2:{letter}{EXCEL_MAX_ROW}"
        kw = dict(allow_blank=True, showErrorMessage=True, showInputMessage=True, errorTitle="填写有误")
        need = "（必填）" if f.required else ""
        if f.type in (CHOICE, VILLAGE):
            formula = ranges.formula(_list_key(lg, f))
            if not formula:
                continue
            what = "村（社区）" if f.type == VILLAGE else "选项"
            dv = DataValidation(
                type="list",
                formula1=formula,
                error=f"「{f.label}」请从下拉列表中选择；新的{what}请先在软件中添加"
                      + ("（“文件 → 乡镇概况”）" if f.type == VILLAGE else "（录入表单中的“添加新类型…”）"),
                promptTitle=f.label[:32],
                prompt=f"请从下拉列表中选择{need}",
                **kw,
            )
        elif f.type == BOOL:
            dv = DataValidation(
                type="list",
                formula1=f'"{YES},{NO}"',
                error=f"「{f.label}」只能填“是”或“否”",
                promptTitle=f.label[:32],
                prompt="填“是”或“否”",
                **kw,
            )
        elif f.type == DATE:
            dv = DataValidation(
                type="date",
                operator="between",
                formula1=f"DATE({MIN_DATE.year},{MIN_DATE.month},{MIN_DATE.day})",
                formula2=f"DATE({MAX_DATE.year},{MAX_DATE.month},{MAX_DATE.day})",
                error=f"「{f.label}」请填写日期，如 2025-03-05",
                promptTitle=f.label[:32],
                prompt=f"日期，如 2025-03-05{need}",
                **kw,
            )
        elif f.type in (INT, COUNT, MONEY):
            lo, hi = f.bounds
            dv = DataValidation(
                type="decimal" if f.type == MONEY else "whole",
                operator="between",
                formula1=str(lo),
                formula2=str(hi),
                error=f"「{f.label}」请填写 {lo} 到 {hi} 之间的{'金额（元）' if f.type == MONEY else '整数'}",
                promptTitle=f.label[:32],
                prompt=("金额，单位：元" if f.type == MONEY else "整数") + need,
                **kw,
            )
        else:
            continue
        dv.sqref = sqref
        out.append(dv)
    return out


def _write_ledger_sheet(wb, lg: Ledger, records: list[dict], ranges: _ListRanges, styles: _Styles,
                        tick: Callable[[str], None]) -> int:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    title = sheet_title(lg)
    ws = wb.create_sheet(title)
    cols = ledger_columns(lg)
    for j, col in enumerate(cols, start=1):
        values = [r.get(col.name) for r in records[:SAMPLE_ROWS_FOR_WIDTH]]
        ws.column_dimensions[get_column_letter(j)].width = _column_width(col, values)
    ws.freeze_panes = "A2"
    last_col = get_column_letter(len(cols))
    # the <dimension> openpyxl writes when a sheet can say its size: without it, readers (openpyxl's
    # read-only mode among them) parse the whole sheet once more just to learn how big it is
    ws.calculate_dimension = lambda: f"A1:{last_col}{len(records) + 1}"
    ws.append([_header_cell(ws, c.header, styles, key=c.field is None) for c in cols])
    ws.auto_filter.ref = f"A1:{last_col}{max(len(records) + 1, 2)}"
    for dv in _validations(lg, cols, ranges):
        ws.data_validations.append(dv)

    # One styled cell per column, given each row's value just before the row is written: openpyxl
    # writes an appended row at once, so the cell can be used again for the next row.
    plan: list[tuple[str, Field | None, Any]] = []
    for col in cols:
        f = col.field
        tmpl = None
        if f is None:
            tmpl = WriteOnlyCell(ws, "")
            tmpl.font = styles.key_font
        elif f.type == DATE:
            tmpl = WriteOnlyCell(ws, dt.date(2000, 1, 1))
            tmpl.number_format = "yyyy-mm-dd"
        elif f.type == MONEY:
            tmpl = WriteOnlyCell(ws, 0)
            tmpl.number_format = "#,##0.00"
        plan.append((col.name, f, tmpl))

    n = 0
    for rec in records:
        row = []
        for name, f, tmpl in plan:
            v = rec.get(name)
            if v is None:
                row.append(None)
                continue
            if f is not None:
                t = f.type
                if t == DATE:
                    tmpl.value = dt.date.fromisoformat(v)
                    v = tmpl
                elif t == MONEY:
                    tmpl.value = Decimal(int(v)) / 100
                    v = tmpl
                elif t == BOOL:
                    v = YES if v else NO
                elif isinstance(v, str) and v:
                    if not v.isprintable():  # \n and \t pass; characters XML forbids do not
                        v = _clean_xml_text(v)
                    if _needs_text_cell(v):
                        v = _text_cell(ws, v)
            else:
                tmpl.value = v
                v = tmpl
            row.append(v)
        ws.append(row)
        n += 1
        if n % PROGRESS_EVERY == 0:
            tick(title)
    return n


def _simple_sheet(wb, title: str, header: list[str], rows: Iterable[list[Any]], widths: list[float],
                  styles: _Styles, grey_last: bool = False):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    if header:
        ws.freeze_panes = "A2"
        ws.append([
            _header_cell(ws, h, styles, key=grey_last and j == len(header))
            for j, h in enumerate(header, start=1)
        ])
    for row in rows:
        out = []
        for j, v in enumerate(row, start=1):
            if isinstance(v, str) and _needs_text_cell(v):
                v = _text_cell(ws, v)
            elif grey_last and j == len(row) and v is not None:
                c = WriteOnlyCell(ws, v)
                c.font = styles.key_font
                v = c
            out.append(v)
        ws.append(out)
    return ws


def _help_lines(store: Store | None, year: int | None, template: bool, ledgers: list[Ledger]) -> list[str]:
    prof = store.profile() if store else {}
    who = prof.get("township") or prof.get("government") or ""
    head = f"{who}{'' if template or year is None else f'{year}年度'}法治建设台账" + ("（空白模板）" if template else "")
    lines = [
        head.strip(),
        f"由“法治台账”软件于 {dt.date.today().isoformat()} 导出。",
        "",
        "填写说明",
        "1. 每本台账一个工作表，第一行是表头，一行填一条记录。带 * 的栏目必须填写。",
        "2. 日期按 2025-03-05 填写（也可填 2025/3/5 或 2025年3月5日）。",
        "3. 金额以“元”为单位，可带两位小数；人数、次数等填整数。",
        "4. 是否类栏目填“是”或“否”；类型、村（社区）等栏目请从下拉列表中选择。"
        "需要新的类型时，请先在软件的录入表单中用“添加新类型…”添加；新的村（社区）在“文件 → 乡镇概况”中添加；"
        "再导出新的模板。",
        f"5. 最右边一栏“{KEY_HEADER}”用于识别记录：修改已有记录时不要改动它；"
        "新增记录时留空；复制一行来新增记录时，请清空新行的记录编号。",
        "6. 导入时逐行检查：只要有一行有错误，整本工作簿都不导入，并列出出错的工作表、行号、栏目和原因；"
        "改正后再导入即可（也可选择只导入正确的行）。同一工作簿重复导入不会产生重复记录。",
        "7. 工作表可以删除（不导入该台账），栏目顺序可以调整，但不要修改表头文字和工作表名称。",
        f"8. “{SHEET_STATS}”是导出时的统计数字，导入时不读取；“{SHEET_PROFILE}”是乡镇概况，"
        "导入到新建（或概况为空）的数据库时一并导入；"
        f"“{SHEET_REPORT}”是该年度报告中填写的文字（存在的问题、工作计划等），数据库中还没有时一并导入。",
    ]
    private = [
        f"「{sheet_title(lg)}」的「{f.label}」" for lg in ledgers for f in lg.fields if f.private
    ]
    if private:
        lines.append(
            "9. 以下栏目含个人信息，请妥善保管本文件，不要随意转发：" + "、".join(private) + "。"
        )
    lines += ["", "各台账的栏目"]
    for lg in ledgers:
        req = "、".join(f.label for f in lg.fields if f.required)
        lines.append(f"「{sheet_title(lg)}」：必填 {req}" + (f"。{lg.description}" if lg.description else ""))
    return lines


def export_workbook(
    store: Store | None,
    year: int | None,
    out_path: str | os.PathLike,
    *,
    template: bool = False,
    ledgers: Iterable[str] | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the year's ledgers (or, with template=True or no store, a blank template) to .xlsx.

    Written to a temporary file in the target folder, then moved into place (owner-only on POSIX).
    """
    from openpyxl import Workbook

    if store is None:
        template = True
    if not template and year is None:
        raise UserError("导出台账需要指定年度")
    lgs = [resolve_ledger(n) for n in ledgers] if ledgers else list(LEDGERS)
    out = Path(out_path)
    check_target(out)
    records: dict[str, list[dict]] = {}
    total = 0
    if not template:
        for lg in lgs:
            records[lg.name] = _year_records(store, lg, year)
            total += len(records[lg.name])
    steps = total + len(lgs) + 4
    done = 0

    def tick(what: str, n: int = PROGRESS_EVERY) -> None:
        nonlocal done
        done += n
        _tick(progress, done, steps, what)

    lists = _choice_lists(store, lgs)
    extra: dict[tuple[str, str], list[str]] = defaultdict(list)
    for lg in lgs:
        for f in lg.fields:
            if f.is_choice:
                key = _list_key(lg, f)
                have = set(lists.get(key, [])) | set(extra[key])
                for r in records.get(lg.name, []):
                    v = r.get(f.name)
                    if v is not None and v not in have:
                        extra[key].append(v)
                        have.add(v)

    wb = Workbook(write_only=True)
    try:
        _fill_workbook(wb, store, year, template, lgs, records, lists, extra, tick, ledgers is not None)
        write_atomically(lambda p: wb.save(p), out)
    except BaseException:
        _discard(wb)
        raise
    tick("完成", 1)
    _tick(progress, steps, steps, "完成")
    return ExportResult(out, {sheet_title(lg): len(records.get(lg.name, [])) for lg in lgs})


def _discard(wb) -> None:
    """Close the sheets of an abandoned write-only workbook and remove their temporary files, so
    that nothing complains about half-written sheets later (a cancel, a refused target)."""
    for ws in getattr(wb, "_sheets", []):
        try:
            if not ws.closed:
                ws.close()
        except Exception:  # noqa: BLE001 - best effort on a workbook we throw away
            pass
        writer = getattr(ws, "_writer", None)
        try:
            if writer is not None:
                writer.cleanup()
        except Exception:  # noqa: BLE001
            pass


def _fill_workbook(wb, store, year, template, lgs, records, lists, extra, tick, some_ledgers) -> None:
    styles = _Styles()
    ranges = _ListRanges(lists, extra)
    ranges.define_names(wb)
    for lg in lgs:
        rows = records.get(lg.name, [])
        n = _write_ledger_sheet(wb, lg, rows, ranges, styles, lambda what: tick(f"写入「{what}」"))
        tick(f"写入「{sheet_title(lg)}」", n % PROGRESS_EVERY + 1)

    if not template:
        from .figures import compute

        names = {lg.name for lg in lgs}
        figs = [f for f in compute(store, year) if not some_ledgers or f.ledger in names]
        _simple_sheet(
            wb,
            SHEET_STATS,
            ["板块", "项目", "数值", "单位", "统计键"],
            (
                [
                    AREA_LABELS.get(f.area, "年度报告"),
                    f.label,
                    f.value if f.value is not None else "不适用",
                    f.unit,
                    f.key,
                ]
                for f in figs
            ),
            [18, 46, 12, 8, 40],
            styles,
            grey_last=True,
        )
        if not some_ledgers:
            _simple_sheet(wb, SHEET_REPORT, REPORT_HEADER, _report_rows(store, year), [8, 24, 100, 14],
                          styles, grey_last=True)
    tick("写入概况", 1)
    prof = store.profile() if store else {}
    prof_rows: list[list[Any]] = [[label, prof.get(key)] for key, label in PROFILE_FIELDS]
    villages = prof.get("villages") or []
    prof_rows += [[VILLAGES_LABEL, v] for v in villages] or [[VILLAGES_LABEL, None]]
    if not template:
        prof_rows += [[None, None], ["导出年度（仅供查看）", year]]
    _simple_sheet(wb, SHEET_PROFILE, ["项目", "内容"], prof_rows, [22, 40], styles)
    tick("写入说明", 1)
    help_ws = _simple_sheet(
        wb, SHEET_HELP, [], ([line] for line in _help_lines(store, year, template, lgs)), [120], styles
    )
    del help_ws
    tick("写入选项", 1)
    # the hidden 选项 sheet: row 1 the sheet the list serves, row 2 the column, then the values
    cols = ranges.columns
    height = max((len(v) for _, v in cols), default=0)
    grid: list[list[Any]] = [[], []]
    for key, _values in cols:
        if key == VILLAGE_KEY:
            grid[0].append("（各台账共用）")
            grid[1].append(VILLAGES_LABEL)
        else:
            lg = LEDGER_MAP[key[0]]
            grid[0].append(sheet_title(lg))
            grid[1].append(lg.field(key[1]).label)
    for i in range(height):
        grid.append([v[i] if i < len(v) else None for _, v in cols])
    ws = _simple_sheet(wb, SHEET_CHOICES, [], grid, [16] * len(cols), styles)
    ws.sheet_state = "hidden"
    if store is not None:
        units = [
            [sheet_title(LEDGER_MAP[key[0]]), LEDGER_MAP[key[0]].field(key[1]).label, v, unit]
            for key, values in cols if key != VILLAGE_KEY
            for v in values
            if (unit := store.choice_unit(key[0], key[1], v)) != LEDGER_MAP[key[0]].unit
        ]
        if units:
            ws = _simple_sheet(wb, SHEET_UNITS, UNITS_HEADER, units, [20, 16, 24, 8], styles)
            ws.sheet_state = "hidden"


def _report_rows(store: Store, year: int) -> Iterable[list[Any]]:
    """The year's saved report wording, a row a section (long text over several rows)."""
    from .report.compose import SECTION_ORDER, section_label

    texts = store.report_texts(year)
    order = {k: i for i, k in enumerate(SECTION_ORDER)}
    for key in sorted(texts, key=lambda k: (order.get(k, len(order)), k)):
        label = section_label(key) if key in order else REPORT_EXTRA_LABELS.get(key, key)
        body = texts[key]
        for i in range(0, max(len(body), 1), CELL_TEXT_MAX):
            yield [year, label, body[i:i + CELL_TEXT_MAX], key]


REPORT_EXTRA_LABELS = {"issue_date": "成文日期", "confirmed_none": "本年度确无（清单）", "figure_ways": "数字的说法（余、约）"}


def export_csv(
    store: Store | None,
    year: int | None,
    ledger_name: str,
    out_path: str | os.PathLike,
    *,
    template: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    """One ledger as CSV, UTF-8 with BOM (so that Excel shows Chinese right), values as text."""
    lg = resolve_ledger(ledger_name)
    if store is None:
        template = True
    if not template and year is None:
        raise UserError("导出台账需要指定年度")
    out = Path(out_path)
    check_target(out)
    rows = [] if template else _year_records(store, lg, year)
    cols = ledger_columns(lg)

    def write(p: str) -> None:
        with open(p, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow([c.header for c in cols])
            for i, rec in enumerate(rows, start=1):
                w.writerow([_csv_text(c.field, rec.get(c.name)) if c.field else rec.get("uid", "")
                            for c in cols])
                if i % PROGRESS_EVERY == 0:
                    _tick(progress, i, len(rows), f"写入「{lg.label}」")

    write_atomically(write, out)
    _tick(progress, len(rows), len(rows), "完成")
    return ExportResult(out, {sheet_title(lg): len(rows)})


# -- reading a workbook ---------------------------------------------------------------------


@dataclass
class _Sheet:
    """A ledger sheet as read: where each field's column is and the non-blank rows."""

    ledger: Ledger
    title: str
    header_row: int
    labels: dict[str, str]  # field name (or "uid") -> the column's label, for messages
    missing_required: set[str]
    rows: list[tuple[int, dict[str, Any]]]  # (Excel row number, raw values by field name)


@dataclass
class _Book:
    path: Path
    sheets: list[_Sheet] = dc_field(default_factory=list)
    profile: dict[str, Any] = dc_field(default_factory=dict)
    profile_rows: dict[str, int] = dc_field(default_factory=dict)
    villages: list[str] = dc_field(default_factory=list)
    lists: dict[tuple[str, str], list[str]] = dc_field(default_factory=dict)
    units: dict[tuple[str, str, str], str] = dc_field(default_factory=dict)  # (ledger, field, kind)
    report_texts: dict[tuple[int, str], str] = dc_field(default_factory=dict)
    report_rows: dict[tuple[int, str], int] = dc_field(default_factory=dict)  # first Excel row
    problems: list[Problem] = dc_field(default_factory=list)
    warnings: list[Problem] = dc_field(default_factory=list)


def _not_workbook(p: Path, why: str = "") -> UserError:
    return UserError(f"“{p.name}”不是有效的 Excel 工作簿（.xlsx）{why}，无法导入；文件未作任何改动")


def _load_xlsx(p: Path):
    from openpyxl import load_workbook

    if not p.exists():
        raise UserError(f"找不到文件：{p}")
    if p.is_dir():
        raise UserError(f"“{p}”是一个文件夹，不是 Excel 工作簿")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise UserError(f"无法读取“{p.name}”（{os_error_text(e)}）；文件可能正在被其他程序使用") from None
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise UserError(
            f"“{p.name}”是旧版 Excel 97-2003 格式（.xls）或加了密码的工作簿，无法直接导入。"
            "请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（.xlsx）且不设密码后再导入；文件未作任何改动"
        )
    if not data.startswith(b"PK\x03\x04"):
        why = ""
        head = data[:2000]
        if head and (b"," in head or b"\t" in head) and b"\x00" not in head:
            why = "（看起来是文本或 CSV 文件被改成了 .xlsx 扩展名；CSV 文件请用 .csv 扩展名导入）"
        elif not data:
            why = "（是空文件）"
        raise _not_workbook(p, why)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure to read means: not a workbook we can read
        raise _not_workbook(p, "（文件可能已损坏）") from None


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and v.strip() == "")


def _header_map(lg: Ledger, row: tuple) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """field name -> column index, field name -> header label as written, duplicate labels."""
    by_norm: dict[str, str] = {_norm(f.label): f.name for f in lg.fields}
    by_norm[_norm(KEY_LABEL)] = "uid"
    cols: dict[str, int] = {}
    labels: dict[str, str] = {}
    dups: list[str] = []
    for j, v in enumerate(row):
        key = _norm(v)
        name = by_norm.get(key)
        if name is None:
            continue
        if name in cols:
            dups.append(str(v).strip())
            continue
        cols[name] = j
        labels[name] = lg.field(name).label if name != "uid" else KEY_LABEL
    return cols, labels, dups


def _read_ledger_sheet(ws, lg: Ledger, title: str, book: _Book, progress: Progress | None,
                       counter: list[int], estimate: int) -> None:
    rows = iter(_sheet_rows(ws)) if not hasattr(ws, "csv") else ws.iter_rows(values_only=True)
    head: list[tuple] = []
    best = (0, 0, None)  # (matches, row number, mapping)
    for i, row in enumerate(rows, start=1):
        head.append(row)
        cols, labels, dups = _header_map(lg, row)
        n = len([c for c in cols if c != "uid"])
        if n > best[0]:
            best = (n, i, (cols, labels, dups))
        if i >= HEADER_SCAN_ROWS or n == len(lg.fields):
            break
    if best[0] < min(2, len(lg.fields)):
        book.problems.append(Problem(
            title, 0, "",
            f"找不到表头行（第一行应是栏目名称，如「{'」「'.join(f.label for f in lg.fields[:3])}」）",
        ))
        return
    header_row = best[1]
    cols, labels, dups = best[2]
    for d in dups:
        book.warnings.append(Problem(title, header_row, d, "栏目重复，只读取第一栏"))
    missing_required = {f.name for f in lg.fields if f.required and f.name not in cols}
    for name in missing_required:
        book.problems.append(Problem(
            title, header_row, "", f"表头中没有必填栏目「{lg.field(name).label}」，新增的记录无法导入",
        ))
    fields = [(name, j, lg.field(name) if name != "uid" else None) for name, j in cols.items()]
    sheet = _Sheet(lg, title, header_row, labels, missing_required, [])

    def take(rowno: int, row: tuple) -> None:
        raw: dict[str, Any] = {}
        empty = True
        n = len(row)
        for name, j, f in fields:
            v = row[j] if j < n else None
            if _blank(v):
                continue
            if v is UNCALCULATED:
                raw[name] = v
                empty = False
                continue
            v = _prepare(f, v)
            if v is not None:
                raw[name] = v
                empty = False
        if empty:
            return
        if set(raw) == {"uid"}:
            book.warnings.append(Problem(
                title, rowno, "",
                "这一行只有记录编号、没有内容，已跳过（导入不会删除记录；如需删除，请在软件中删除）",
            ))
            return
        sheet.rows.append((rowno, raw))

    for i, row in enumerate(head[header_row:], start=header_row + 1):
        take(i, row)
    for i, row in enumerate(rows, start=len(head) + 1):
        take(i, row)
        if i % PROGRESS_EVERY == 0:
            _tick(progress, counter[0], estimate, f"读取「{title}」第 {i} 行")
    book.sheets.append(sheet)


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _sheet_rows(ws) -> Iterable[tuple]:
    """The sheet's rows as value tuples, like ws.iter_rows(values_only=True), row numbers kept.

    openpyxl's own reader takes most of an import's time (inline strings especially); with lxml
    at hand the sheet's XML is read directly, using openpyxl's shared strings and date styles.
    """
    try:
        from lxml import etree  # noqa: F401

        open_src = ws._get_source
        strings = ws._shared_strings
        date_styles = ws.parent._date_formats
        epoch = ws.parent.epoch
    except (ImportError, AttributeError):
        return ws.iter_rows(values_only=True)
    return _lxml_rows(open_src, strings, date_styles, epoch)


def _column_number(ref: str) -> int:
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        else:
            break
    return n


class _Uncalculated:
    """A formula cell saved without its result (a workbook made by a program, not Excel/WPS)."""

    def __repr__(self) -> str:
        return "（未计算的公式）"


UNCALCULATED = _Uncalculated()
UNCALCULATED_MESSAGE = "是公式，但文件中没有保存计算结果；请在 Excel 或 WPS 中打开、保存后再导入，或改填数值"


def _lxml_rows(open_src, strings, date_styles, epoch) -> Iterable[tuple]:
    from lxml import etree
    from openpyxl.utils.datetime import from_ISO8601, from_excel

    ROW, C, V, IS, T, R = _NS + "row", _NS + "c", _NS + "v", _NS + "is", _NS + "t", _NS + "r"
    F = _NS + "f"
    expected = 1
    with open_src() as src:
        for _ev, row in etree.iterparse(
            src, events=("end",), tag=ROW, resolve_entities=False, no_network=True, huge_tree=True
        ):
            r = row.get("r")
            rn = int(r) if r else expected
            while expected < rn:
                yield ()
                expected += 1
            values: list[Any] = []
            for c in row.iterchildren(C):
                ref = c.get("r")
                ci = _column_number(ref) if ref else len(values) + 1
                t = c.get("t", "n")
                v: Any = None
                if t == "inlineStr":
                    node = c.find(IS)
                    if node is not None:
                        parts = []
                        for el in node:
                            if el.tag == T:
                                parts.append(el.text or "")
                            elif el.tag == R:  # a run of rich text (phonetic runs left out)
                                parts.append(el.findtext(T) or "")
                        v = "".join(parts)
                else:
                    text = c.findtext(V)
                    # a text formula saved with an empty result (=IF(A2="","",…)) is a blank cell;
                    # any other formula with no saved result was never calculated
                    empty_text_result = t == "str" and text is not None
                    if text is not None and not text.strip():
                        text = None
                    if text is None and not empty_text_result and c.find(F) is not None:
                        v = UNCALCULATED
                    elif text is not None:
                        if t == "n":
                            v = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
                            st = c.get("s")
                            if st and int(st) in date_styles:
                                try:
                                    v = from_excel(v, epoch)
                                except (ValueError, OverflowError):
                                    pass
                        elif t == "s":
                            v = strings[int(text)]
                        elif t == "b":
                            v = text.strip() in ("1", "true")
                        elif t == "d":
                            try:
                                v = from_ISO8601(text)
                            except ValueError:
                                v = text
                        else:  # str (a formula's text), e (an error such as #N/A)
                            v = text
                if ci > len(values):
                    values.extend([None] * (ci - 1 - len(values)))
                    values.append(v)
                elif ci >= 1:
                    values[ci - 1] = v
            yield tuple(values)
            expected = rn + 1
            row.clear()
            parent = row.getparent()
            while row.getprevious() is not None:
                del parent[0]


_MIDNIGHT = dt.time(0, 0)


def _prepare(f: Field | None, v: Any) -> Any:
    """A cell's value as the field's validator wants it (Excel's ways of storing things undone)."""
    if isinstance(v, str):
        s = v.strip()
        return s or None
    if f is None:  # the record key
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)
    t = f.type
    if isinstance(v, bool):
        return v
    if t == DATE and isinstance(v, (int, float)):
        if float(v).is_integer() and 19_000_101 <= v <= 20_991_231:
            return str(int(v))  # 20250305 typed as a number
        if 1 <= v < 2_958_466:  # an Excel date serial whose cell lost its date format
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(v).date()
            except (ValueError, OverflowError):
                return v
        return v
    if t in (TEXT, LONGTEXT, CHOICE, VILLAGE):
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        if isinstance(v, (int, float, Decimal)):
            return str(v)
        if isinstance(v, dt.datetime):
            return (v.date() if v.time() == _MIDNIGHT else v).isoformat()
        if isinstance(v, dt.date):
            return v.isoformat()
        return v
    if t == MONEY and isinstance(v, float):
        cents = round(v * 100)
        if abs(v * 100 - cents) < 1e-6:  # 1234.5600000000002 from a formula
            return Decimal(cents) / 100
        return v
    if t in (INT, COUNT) and isinstance(v, float):
        r = round(v)
        if abs(v - r) < 1e-9:
            return int(r)
        return v
    if isinstance(v, dt.datetime) and t != DATE:
        return v.isoformat()
    return v


def _read_profile(ws, book: _Book) -> None:
    labels = {_norm(label): key for key, label in PROFILE_FIELDS}
    village = _norm(VILLAGES_LABEL)
    for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if not row or len(row) < 2:
            continue
        a, b = _norm(row[0]), row[1]
        if _blank(b):
            continue
        if a in labels:
            key = labels[a]
            if key == "report_year":
                if isinstance(b, float) and b.is_integer():
                    b = int(b)
                elif isinstance(b, str):
                    b = unicodedata.normalize("NFKC", b).strip().removesuffix("年度").removesuffix("年").strip()
            else:
                b = _prepare(Field(key, key, TEXT), b)
            book.profile[key] = b
            book.profile_rows[key] = i
        elif a == village:
            v = str(_prepare(Field("village", VILLAGES_LABEL, TEXT), b))
            if v not in book.villages:
                book.villages.append(v)


def _read_choices(ws, book: _Book) -> None:
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    if len(grid) < 2:
        return
    width = max(len(r) for r in grid)
    village = _norm(VILLAGES_LABEL)
    for j in range(width):
        cells = [r[j] if j < len(r) else None for r in grid]
        lg = _ledger_by_sheet(str(cells[0])) if cells[0] is not None else None
        label = _norm(cells[1])
        key = None
        if label == village:
            key = VILLAGE_KEY
        elif lg is not None:
            for f in lg.fields:
                if _norm(f.label) == label:
                    key = _list_key(lg, f) if f.is_choice else None
        if key is None:
            continue
        values = book.lists.setdefault(key, [])
        for v in cells[2:]:
            if not _blank(v):
                s = str(_prepare(Field("x", "x", TEXT), v))
                if s not in values:
                    values.append(s)


def _read_units(ws, book: _Book) -> None:
    for row in ws.iter_rows(min_row=2, values_only=True):
        if not row or len(row) < 4 or any(_blank(v) for v in row[:4]):
            continue
        lg = _ledger_by_sheet(str(row[0]))
        label = _norm(row[1])
        f = next((f for f in lg.fields if _norm(f.label) == label and f.type == CHOICE), None) if lg else None
        unit = str(_prepare(Field("x", "x", TEXT), row[3]))
        if f is not None and len(unit) <= 4:
            book.units[(lg.name, f.name, str(_prepare(Field("x", "x", TEXT), row[2])))] = unit


def _read_report_texts(ws, book: _Book) -> None:
    """年度 | 部分 | 内容 | 部分键 — rows of one section follow each other (long text)."""
    from .report.compose import SECTION_ORDER

    known = set(SECTION_ORDER) | set(REPORT_EXTRA_LABELS)
    for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if i == 1 or not row or len(row) < 4 or _blank(row[3]):
            continue
        key = str(row[3]).strip()
        year = row[0]
        if isinstance(year, float) and year.is_integer():
            year = int(year)
        elif isinstance(year, str) and year.strip().isdigit():
            year = int(year.strip())
        if key not in known or not isinstance(year, int) or not 1990 <= year <= 2099:
            book.warnings.append(Problem(SHEET_REPORT, i, "", "年度或部分键无法识别，该行未导入"))
            continue
        body = "" if row[2] is None else str(row[2])
        if key == "issue_date":  # a date cell, or the date typed in any of the usual ways
            d = row[2].date() if isinstance(row[2], dt.datetime) else row[2]
            d = d if isinstance(d, dt.date) else parse_date(body)
            if d is None:
                book.warnings.append(Problem(SHEET_REPORT, i, "内容", f"成文日期“{body}”不是有效日期，未导入"))
                continue
            body = d.isoformat()
        book.report_rows.setdefault((year, key), i)
        book.report_texts[(year, key)] = book.report_texts.get((year, key), "") + body


# the sheets that are not ledgers, by their name: how each is read (None: not read back)
_SPECIAL_READERS = {
    _norm(SHEET_PROFILE): _read_profile,
    _norm(SHEET_CHOICES): _read_choices,
    _norm(SHEET_UNITS): _read_units,
    _norm(SHEET_REPORT): _read_report_texts,
    _norm(SHEET_STATS): None,
    _norm(SHEET_HELP): None,
}


def _parse_xlsx(path: Path, progress: Progress | None) -> _Book:
    wb = _load_xlsx(path)
    book = _Book(path)
    try:
        sheets = list(wb.worksheets)
        # (ws.max_row would parse a whole sheet that has no <dimension>: progress goes by sheet)
        estimate = len(sheets)
        counter = [0]
        seen: set[str] = set()
        for ws in sheets:
            title = ws.title
            if getattr(ws, "reset_dimensions", None):  # a wrong <dimension> would hide rows
                ws.reset_dimensions()
            if _norm(title) in _SPECIAL_READERS:
                read = _SPECIAL_READERS[_norm(title)]
                if read is not None:
                    read(ws, book)
                continue
            counter[0] += 1
            _tick(progress, counter[0], estimate, f"读取「{title}」")
            lg = _ledger_by_sheet(title)
            if lg is None:
                if not hasattr(ws, "iter_rows"):  # a chart sheet
                    continue
                book.warnings.append(Problem(title, 0, "", "不是台账工作表（名称与任何台账都不符），已跳过"))
                continue
            if lg.name in seen:
                book.problems.append(Problem(title, 0, "", f"与另一个工作表都是「{lg.label}」，请合并为一个工作表"))
                continue
            seen.add(lg.name)
            _read_ledger_sheet(ws, lg, title, book, progress, counter, estimate)
    except UserError:
        raise
    except Exception as e:  # noqa: BLE001 - a damaged sheet inside a zip that opened
        if getattr(e, "_from_progress", False):
            raise  # raised by the progress callback: a cancel, passed on as it is
        raise _not_workbook(path, "（文件内容已损坏）") from None
    finally:
        try:
            wb.close()
        except Exception:  # noqa: BLE001
            pass
    if not book.sheets and not book.problems:
        raise UserError(
            f"“{path.name}”中没有可导入的台账工作表（工作表名称应为台账名称，如「{LEDGERS[0].label}」）；"
            "文件未作任何改动"
        )
    return book


def _read_csv_text(p: Path) -> str:
    try:
        data = p.read_bytes()
    except OSError as e:
        raise UserError(f"无法读取“{p.name}”（{os_error_text(e)}）") from None
    if data.startswith(b"PK\x03\x04") or data[:4] == b"\xd0\xcf\x11\xe0" or b"\x00" in data[:4096]:
        raise UserError(f"“{p.name}”不是 CSV 文本文件，无法导入；文件未作任何改动")
    for enc in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UserError(f"“{p.name}”的文字编码无法识别（应为 UTF-8 或 GBK）；文件未作任何改动")


def _parse_csv(path: Path, progress: Progress | None) -> _Book:
    if not path.exists():
        raise UserError(f"找不到文件：{path}")
    text = _read_csv_text(path)
    first = text.split("\n", 1)[0]
    delim = "\t" if first.count("\t") > first.count(",") else ","
    rows = [tuple(r) for r in csv.reader(io.StringIO(text), delimiter=delim)]
    if not rows:
        raise UserError(f"“{path.name}”是空文件，没有可导入的记录")
    # which ledger: the one whose labels the header names most (fewest of its fields missing)
    scores = []
    for lg in LEDGERS:
        cols, _labels, _d = _header_map(lg, rows[0])
        n = len([c for c in cols if c != "uid"])
        scores.append((n, -(len(lg.fields) - n), lg))
    scores.sort(key=lambda t: (t[0], t[1]), reverse=True)
    top = scores[0]
    if top[0] < 2 or (len(scores) > 1 and scores[1][:2] == top[:2]):
        raise UserError(f"无法从“{path.name}”的表头判断是哪一本台账；请使用软件导出的 CSV 表头")
    lg = top[2]
    book = _Book(path)

    class _Rows:
        csv = True

        def iter_rows(self, values_only=True):
            for r in rows:
                yield tuple(_uncsv(v) for v in r)

    _read_ledger_sheet(_Rows(), lg, sheet_title(lg), book, progress, [1], 1)
    return book


def _uncsv(v: str) -> str:
    if len(v) > 1 and v[0] == "'" and v[1] in "=+-@":
        return v[1:]
    return v


# -- planning an import ---------------------------------------------------------------------


class _Rollback(Exception):
    pass


def _profile_is_empty(store: Store) -> bool:
    prof = store.profile()
    return not any(prof.get(k) for k, _ in PROFILE_FIELDS if k not in PROFILE_DEFAULTS)


def _existing(store: Store, lg: Ledger, uids: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(uids), 500):
        chunk = uids[i:i + 500]
        sql = f"SELECT * FROM [{lg.name}] WHERE uid IN ({', '.join('?' * len(chunk))})"
        for r in store.conn.execute(sql, chunk):
            out[r["uid"]] = dict(r)
    return out


def _records_by_content(store: Store, lg: Ledger, names: list[str]) -> dict[tuple, list[int]]:
    """A ledger's records by their values (the stored form), each with the ids holding it."""
    out: dict[tuple, list[int]] = defaultdict(list)
    cols = ", ".join(f"[{n}]" for n in names)
    for r in store.conn.execute(f"SELECT id, {cols} FROM [{lg.name}] ORDER BY id DESC"):
        out[tuple(r)[1:]].append(r[0])
    return out


def _uid_ok(uid: str) -> bool:
    return 8 <= len(uid) <= 64 and uid.isprintable()


def read_workbook(path: str | os.PathLike, store: Store, progress: Progress | None = None) -> ImportPlan:
    """Read a workbook (.xlsx, or one ledger as .csv) and validate every row against `store`.

    Nothing is written. Raises UserError (in Chinese) for a file that is not a readable workbook.
    """
    p = Path(path)
    book = _parse_csv(p, progress) if p.suffix.lower() == ".csv" else _parse_xlsx(p, progress)
    return _plan(store, book, progress)


def _plan(store: Store, book: _Book, progress: Progress | None) -> ImportPlan:
    plan = ImportPlan(book.path, problems=list(book.problems), warnings=list(book.warnings))
    plan.sheets = [s.title for s in book.sheets]
    # the profile goes into a new database, or one whose profile is still empty
    profile = {k: v for k, v in book.profile.items()}
    if profile and _profile_is_empty(store):
        plan.profile = dict(profile, villages=list(book.villages))
    elif book.profile and not _profile_is_empty(store):
        theirs = book.profile.get("township") or book.profile.get("government")
        ours = store.profile().get("township") or store.profile().get("government")
        if theirs and ours and theirs != ours:
            plan.warnings.append(Problem(
                SHEET_PROFILE, 0, "", f"工作簿是「{theirs}」的台账，本数据库是「{ours}」的；概况未导入",
            ))

    # kinds and villages the workbook knows and the database does not: added when rows use them
    # (all of them when the database takes the workbook's profile, i.e. is new)
    used: dict[tuple[str, str], set[str]] = defaultdict(set)
    for sh in book.sheets:
        for f in sh.ledger.fields:
            if f.is_choice:
                key = _list_key(sh.ledger, f)
                for _, raw in sh.rows:
                    v = raw.get(f.name)
                    if isinstance(v, str):
                        used[key].add(v)
    offered = {k: list(v) for k, v in book.lists.items()}
    vill = offered.setdefault(VILLAGE_KEY, [])
    vill += [v for v in book.villages if v not in vill]
    take_all = plan.profile is not None
    if not store.villages() and not vill and used.get(VILLAGE_KEY):
        # a database (or workbook) with no village list yet, and rows that name villages (a CSV, a
        # sheet typed by hand): the villages the rows name become the list, and the clerk is told
        vill += list(dict.fromkeys(  # in the order the rows name them
            raw[f.name] for sh in book.sheets for f in sh.ledger.fields if f.type == VILLAGE
            for _, raw in sh.rows if isinstance(raw.get(f.name), str)
        ))
        plan.warnings.append(Problem(
            SHEET_PROFILE, 0, "",
            "数据库中还没有村（社区）名单，按工作簿中填写的添加：" + "、".join(vill)
            + "；如有写错的，请在“乡镇概况”中改正",
        ))
        if plan.profile is not None:
            plan.profile["villages"] = list(vill)
    for key, values in offered.items():
        if key == VILLAGE_KEY:
            have = set(store.villages())
        else:
            have = set(store.choices(*key))
        for v in values:
            if v not in have and (take_all or v in used.get(key, ())):
                plan.new_choices.append((key[0], key[1], v))
    if plan.profile is not None:  # set_profile adds the villages itself
        plan.new_choices = [c for c in plan.new_choices if (c[0], c[1]) != VILLAGE_KEY]
    plan.choice_units = {c: book.units[c] for c in plan.new_choices if c in book.units}
    _plan_report_texts(store, book, plan)

    needs_tx = (plan.profile is not None or plan.new_choices) and not store.readonly
    try:
        if needs_tx:
            with store.transaction():
                _stage_setup(store, plan, book)
                _plan_rows(store, book, plan, progress)
                raise _Rollback
        else:
            _plan_rows(store, book, plan, progress)
    except _Rollback:
        pass
    return plan


def _plan_report_texts(store: Store, book: _Book, plan: ImportPlan) -> None:
    """Report wording goes where the database has none for that year and section; wording that
    differs from the database's is left out, with a warning (the clerk's edits are never lost)."""
    from .report.compose import SECTION_ORDER, section_label

    locked = store.locked_years()
    for (year, key), body in book.report_texts.items():
        have = store.report_text(year, key)
        if have == body:
            continue
        label = section_label(key) if key in SECTION_ORDER else REPORT_EXTRA_LABELS[key]
        row = book.report_rows[(year, key)]
        if have is not None:
            plan.warnings.append(Problem(
                SHEET_REPORT, row, "", f"{year}年度「{label}」与本数据库中的不同，保留数据库中的文字，未导入",
            ))
        elif year in locked:
            plan.warnings.append(Problem(SHEET_REPORT, row, "", f"{year}年度已锁定，「{label}」未导入"))
        elif len(body) > 100_000:
            plan.warnings.append(Problem(SHEET_REPORT, row, "", f"「{label}」超过 10 万字，未导入"))
        else:
            plan.report_texts.append((year, key, body))


def _stage_setup(store: Store, plan: ImportPlan, book: _Book) -> None:
    """Profile and new kinds, as apply_import does them first; problems go into the plan."""
    if plan.profile is not None:
        try:
            store.set_profile(plan.profile)
        except ValidationFailed as e:
            labels = dict(PROFILE_FIELDS)
            for key, msg in e.errors.items():
                plan.problems.append(
                    Problem(SHEET_PROFILE, book.profile_rows.get(key, 0), labels.get(key, key), msg)
                )
            plan.profile = None
    kept = []
    for lname, fname, v in plan.new_choices:
        try:
            store.add_choice(lname, fname, v, plan.choice_units.get((lname, fname, v), ""))
            kept.append((lname, fname, v))
        except ValidationFailed as e:
            where = SHEET_PROFILE if (lname, fname) == VILLAGE_KEY else SHEET_CHOICES
            plan.warnings.append(Problem(where, 0, "", "；".join(e.errors.values()) + f"（“{v}”未添加）"))
    plan.new_choices = kept


def _plan_rows(store: Store, book: _Book, plan: ImportPlan, progress: Progress | None) -> None:
    locked = store.locked_years()
    total = sum(len(s.rows) for s in book.sheets)
    done = 0
    bad: set[tuple[str, int]] = set()
    for sh in book.sheets:
        lg = sh.ledger
        present = set(sh.labels)
        absent = [f for f in lg.fields if f.name not in present]
        uids = [r["uid"] for _, r in sh.rows if isinstance(r.get("uid"), str)]
        existing = _existing(store, lg, uids) if uids else {}
        seen: dict[str, int] = {}
        names = [f.name for f in lg.fields]
        # rows without a record key (typed into a template, or added to an exported sheet) are
        # matched by content, so that importing the same sheet again adds nothing twice
        alike = _records_by_content(store, lg, names) if len(uids) < len(sh.rows) else {}
        date_label = lg.field(lg.date_field).label
        for rowno, raw in sh.rows:
            done += 1
            if done % PROGRESS_EVERY == 0:
                _tick(progress, done, total, f"检查「{sh.title}」")
            row_problems: list[Problem] = [
                Problem(sh.title, rowno, sh.labels[name], f"「{sh.labels[name]}」{UNCALCULATED_MESSAGE}")
                for name, v in raw.items() if v is UNCALCULATED
            ]
            if row_problems:
                plan.problems.extend(row_problems)
                bad.add((sh.title, rowno))
                continue
            values = dict(raw)
            uid = values.pop("uid", None)
            if uid is not None:
                if not _uid_ok(uid):
                    row_problems.append(Problem(
                        sh.title, rowno, sh.labels["uid"],
                        "记录编号被改动过，无法识别；新增的记录请让这一格留空",
                    ))
                    uid = None
                elif uid in seen:
                    row_problems.append(Problem(
                        sh.title, rowno, sh.labels["uid"],
                        f"与第{seen[uid]}行的记录编号相同；复制一行来新增记录时，请清空新行的记录编号",
                    ))
                    uid = None
                else:
                    seen[uid] = rowno
            before = existing.get(uid) if uid else None
            if before is not None:
                # a column the sheet lacks keeps the record's value
                merged = {f.name: f.to_input(before[f.name]) for f in absent}
                merged.update(values)
            else:
                merged = values
            clean = None
            try:
                clean = store.validate(lg.name, merged, keep=before)
            except ValidationFailed as e:
                for name, msg in e.errors.items():
                    if before is None and name in sh.missing_required:
                        continue  # said once for the sheet
                    label = sh.labels.get(name) or (lg.field(name).label if name in lg.field_map else name)
                    row_problems.append(Problem(sh.title, rowno, label, msg))
                if not row_problems:  # only the missing required columns
                    row_problems.append(Problem(sh.title, rowno, "", "缺少必填栏目，不能新增"))
            if clean is not None and not row_problems:
                twin = alike.get(tuple(clean[n] for n in names)) if uid is None else None
                if twin:
                    before = {"id": twin.pop()}
                    action, changed = "same", ()
                elif before is None:
                    action, changed = "insert", ()
                else:
                    changed = tuple(n for n in names if clean[n] != before[n])
                    action = "update" if changed else "same"
                if action != "same" and locked:
                    after = clean if before is None else dict(clean, reviewed=before["reviewed"])
                    y = store.locked_year_touched(lg.name, before, after)
                    if y is not None:
                        row_problems.append(Problem(
                            sh.title, rowno, sh.labels.get(lg.date_field, date_label),
                            f"{y}年度已锁定（年度报告已印发），不能导入或修改该年度的记录；"
                            "如确需导入，请先在“年度”菜单中解除锁定",
                        ))
                if not row_problems:
                    plan.rows.append(PlannedRow(
                        lg.name, sh.title, rowno, action, clean, uid,
                        before["id"] if before is not None else None, changed,
                    ))
                    continue
            plan.problems.extend(row_problems)
            bad.add((sh.title, rowno))
        # rows of a sheet without a required column are refused too
    plan.bad_rows = len(bad)
    _tick(progress, total, total, "检查完成")


# -- applying an import ---------------------------------------------------------------------


def apply_import(
    store: Store,
    plan: ImportPlan,
    good_rows_only: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Write what the plan says, in ONE transaction: everything, or (on any error) nothing.

    With problems in the plan, nothing is written unless good_rows_only, which imports the good
    rows and leaves the bad ones out.
    """
    if plan.problems and not good_rows_only:
        raise UserError(
            f"工作簿中有 {len(plan.problems)} 处错误（{plan.bad_rows} 行），未导入任何记录；"
            "请改正后重新导入，或选择只导入正确的行"
        )
    if store.readonly:
        raise UserError("数据库以只读方式打开，不能导入")
    result = ImportResult(skipped=plan.bad_rows)
    inserts: dict[str, list[PlannedRow]] = defaultdict(list)
    updates: list[PlannedRow] = []
    for r in plan.rows:
        if r.action == "insert":
            inserts[r.ledger].append(r)
        elif r.action == "update":
            updates.append(r)
        else:
            result.unchanged += 1
    total = sum(len(v) for v in inserts.values()) + len(updates)
    done = 0
    try:
        with store.transaction():
            if plan.profile is not None:
                store.set_profile(plan.profile)
                result.profile_set = True
            for lname, fname, v in plan.new_choices:
                store.add_choice(lname, fname, v, plan.choice_units.get((lname, fname, v), ""))
                result.choices_added.append((lname, fname, v))
            for year, key, body in plan.report_texts:
                store.set_report_text(year, key, body)
                result.report_texts_set += 1
            for lname, rows in inserts.items():
                lg = LEDGER_MAP[lname]
                for i in range(0, len(rows), PROGRESS_EVERY):
                    chunk = rows[i:i + PROGRESS_EVERY]
                    store.insert_many(lname, [_input_form(lg, r.values, r.uid) for r in chunk])
                    done += len(chunk)
                    result.inserted += len(chunk)
                    _tick(progress, done, total, f"写入「{sheet_title(lg)}」")
            for r in updates:
                lg = LEDGER_MAP[r.ledger]
                changes = {n: lg.field(n).to_input(r.values[n]) for n in r.changed}
                store.update(r.ledger, r.record_id, changes)
                done += 1
                result.updated += 1
                if done % PROGRESS_EVERY == 0:
                    _tick(progress, done, total, f"更新「{sheet_title(lg)}」")
    except sqlite3.IntegrityError:
        raise UserError("数据库在检查之后被改动过（记录编号冲突），未导入任何记录；请重新导入") from None
    except ValidationFailed as e:
        raise UserError(f"数据库在检查之后被改动过，未导入任何记录；请重新导入（{e.message}）") from None
    _tick(progress, total, total, "导入完成")
    return result


def _input_form(lg: Ledger, clean: dict[str, Any], uid: str | None) -> dict[str, Any]:
    """A stored record as the validator takes it again (money back in 元, and so on)."""
    values = {f.name: f.to_input(clean[f.name]) for f in lg.fields}
    if uid:
        values["uid"] = uid
    return values


def import_file(
    path: str | os.PathLike,
    store: Store,
    *,
    good_rows_only: bool = False,
    progress: Progress | None = None,
) -> tuple[ImportPlan, ImportResult | None]:
    """read_workbook then apply_import (unless refused); for scripts."""
    plan = read_workbook(path, store, progress)
    if plan.problems and not good_rows_only:
        return plan, None
    return plan, apply_import(store, plan, good_rows_only=good_rows_only, progress=progress)


# -- command line ---------------------------------------------------------------------------


def _out(line: str = "", err: bool = False) -> None:
    print(line, file=sys.stderr if err else sys.stdout)


def cmd_export(args) -> int:
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UserError(f"输出文件应以 .xlsx（Excel 工作簿）或 .csv 结尾：{out.name}")
    ledger = resolve_ledger(args.ledger) if getattr(args, "ledger", None) else None
    if suffix == ".csv" and ledger is None:
        raise UserError("导出 CSV 时请用 --ledger 指定一本台账，如 --ledger mediations")
    db = args.db
    if db is None and not args.template:
        from .paths import default_db_path

        db = default_db_path()
        if not db.exists():
            raise UserError("请用 --db 指定要导出的数据库文件")
    store = Store.open(db, readonly=True) if db is not None else None
    try:
        year = args.year if args.year is not None else (store.report_year() if store else None)
        if suffix == ".csv":
            res = export_csv(store, year, ledger.name, out, template=args.template)
        else:
            res = export_workbook(
                store, year, out, template=args.template,
                ledgers=[ledger.name] if ledger else None,
            )
    finally:
        if store is not None:
            store.close()
    if args.template or store is None:
        _out(f"已导出空白模板：{res.path}（{len(res.records)} 本台账）")
    else:
        _out(f"已导出 {year}年度台账：{res.path}（{len(res.records)} 本台账，{res.total} 条记录）")
    return 0


def cmd_import(args) -> int:
    from .lock import DatabaseLock

    src = Path(args.workbook)
    db = Path(args.db)
    if not db.parent.is_dir():
        raise UserError(f"文件夹不存在：{db.parent}")
    # read the file first: a file that is not a workbook is refused before the database is touched
    book = _parse_csv(src, None) if src.suffix.lower() == ".csv" else _parse_xlsx(src, None)
    lock = DatabaseLock(db)
    lock.acquire()  # not while the app (or another import) has the database open
    store = None
    # a new database is built under a hidden name and moved into place when the import is done:
    # a refused, failed or killed import leaves no database where there was none
    created = not db.exists()
    for old in db.parent.glob(f".{db.name}.*.import.part*"):  # left by an import that was killed
        remove_quietly(old)
    work = db.with_name(f".{db.name}.{uuid.uuid4().hex[:8]}.import.part") if created else db
    try:
        store = Store.open(work, create=True)
        plan = _plan(store, book, None)
        for w in plan.warnings:
            _out("提示：" + w.line(), err=True)
        for p in plan.problems:
            _out(p.line())
        if plan.problems and not args.good_rows_only:
            _out(
                f"有 {plan.bad_rows} 行（{len(plan.problems)} 处）有错误，未导入任何记录。"
                "请改正后重新导入，或加 --good-rows-only 只导入正确的行。",
                err=True,
            )
            return 1
        result = apply_import(store, plan, good_rows_only=args.good_rows_only)
        store.close()
        store = None
        if created:
            os.replace(work, db)
        _out(f"导入完成：{result.summary()}")
        if result.profile_set:
            _out("已导入乡镇概况。")
        return 1 if plan.problems else 0
    finally:
        if store is not None:
            store.close()
        lock.release()
        if created:
            for suffix in ("", "-wal", "-shm"):
                remove_quietly(str(work) + suffix)
