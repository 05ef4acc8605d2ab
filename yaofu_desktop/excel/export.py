"""Writing the ledgers to an Excel workbook (.xlsx) or one ledger to CSV, or a blank template.

    export_workbook(store, 2025, "台账.xlsx", progress=progress)
    export_csv(store, 2025, "mediations", "调解.csv")
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, cast

from ..errors import UserError
from ..fields import (
    BOOL,
    CHOICE,
    COUNT,
    DATE,
    INT,
    MAX_DATE,
    MIN_DATE,
    MONEY,
    VILLAGE,
    Field,
    format_money,
)
from ..figures import year_records  # the records the year's figures stand on
from ..fileio import check_target, write_atomically
from ..ledgers import AREA_LABELS, LEDGER_MAP, LEDGERS, Ledger
from ..store import PROFILE_FIELDS, VILLAGE_KEY, Store
from .columns import (
    CSV_GUARDED,
    KEY_HEADER,
    KINDS_FIRST_ROW,
    KINDS_SPARE,
    KINDS_UNIT_LABEL,
    NO,
    PROGRESS_EVERY,
    REPORT_EXTRA_LABELS,
    REPORT_HEADER,
    SHEET_HELP,
    SHEET_KINDS,
    SHEET_PROFILE,
    SHEET_REPORT,
    SHEET_STATS,
    VILLAGES_LABEL,
    YES,
    Column,
    Progress,
    ledger_columns,
    list_key,
    report_progress,
    resolve_ledger,
    sheet_title,
)

CELL_TEXT_MAX = 32_000  # Excel holds at most 32,767 characters in a cell: longer text takes rows
EXCEL_MAX_ROW = 1_048_576
MAX_COLUMN_WIDTH = 50
SAMPLE_ROWS_FOR_WIDTH = 300


def _display_width(s: str) -> int:
    """Columns a text takes in Excel: CJK and full-width characters count two."""
    return len(s) + sum(1 for ch in s if ord(ch) >= 0x1100 and unicodedata.east_asian_width(ch) in "WF")


@dataclass
class ExportResult:
    path: Path
    records: dict[str, int]  # sheet title -> rows written

    @property
    def total(self) -> int:
        return sum(self.records.values())


def _choice_lists(store: Store | None, ledgers: Iterable[Ledger]) -> dict[tuple[str, str], list[str]]:
    """Dropdown lists: (ledger, field) for kinds, VILLAGE_KEY for villages."""
    lists: dict[tuple[str, str], list[str]] = {}
    for lg in ledgers:
        for f in lg.fields:
            if f.type == CHOICE:
                lists[(lg.name, f.name)] = store.choices.values(lg.name, f.name) if store else list(f.choices)
    lists[VILLAGE_KEY] = store.choices.villages() if store else []
    return lists


def csv_guard(v: Any) -> Any:
    """A value as a CSV cell that Excel and WPS show as data, never run as a formula: text that
    starts with = + - @, a tab or a carriage return gets a ' before it (the import takes it off
    again). Numbers pass as they are."""
    if isinstance(v, str) and v[:1] and v[0] in CSV_GUARDED:
        return "'" + v
    return v


def _csv_text(f: Field | None, v: Any) -> str:
    """A record's value as its CSV cell, whatever the field (kinds, villages, the key too)."""
    if v is None:
        return ""
    if f is not None and f.type == MONEY:
        return format_money(v)
    if f is not None and f.type == BOOL:
        return YES if v else NO
    return csv_guard(str(v))


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
    c = _text_cell(ws, text)
    c.font = styles.key_header_font if key else styles.header_font
    c.fill = styles.key_fill if key else styles.header_fill
    c.alignment = styles.header_align
    c.border = styles.header_border
    return c


def _text_cell(ws, s: str, cell=None):
    """A string cell (data type "s"): text, never a formula (=…) nor an error code (#N/A),
    whatever it holds; characters XML forbids are left out. Every string the export writes goes
    through here. `cell`: a styled cell to use again (one per column, see _write_ledger_sheet)."""
    from openpyxl.cell import WriteOnlyCell

    if not s.isprintable():  # \n and \t pass; characters XML forbids do not
        s = _clean_xml_text(s)
    c = WriteOnlyCell(ws, None) if cell is None else cell
    c._value = s
    c.data_type = "s"
    return c


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
    """Dropdown lists: ranges of the visible 类型 sheet, each with blank rows under it, so that a
    kind the clerk writes there is offered in the ledger sheets' dropdowns at once."""

    def __init__(self, lists: dict[tuple[str, str], list[str]], extra: dict[tuple[str, str], list[str]]):
        self.lists = lists
        self.extra = extra  # values of exported records not in a list (e.g. hidden kinds)
        self.columns: list[tuple[tuple[str, str], list[str]]] = []
        self.names: dict[tuple[str, str], str] = {}
        self.at: dict[tuple[str, str], int] = {}  # the list's column in the 类型 sheet (1-based)
        j = 1
        for key, values in lists.items():
            self.columns.append((key, values + [v for v in extra.get(key, []) if v not in values]))
            self.at[key] = j
            j += 1 if key == VILLAGE_KEY else 2  # a kind has its unit beside it

    def formula(self, key: tuple[str, str]) -> str | None:
        """The dropdown's range; None for a list with nothing in it yet (any value is taken)."""
        values = dict(self.columns).get(key) or []
        return self.names.get(key) if values else None

    def define_names(self, wb) -> None:
        from openpyxl.utils import get_column_letter
        from openpyxl.workbook.defined_name import DefinedName

        for key, values in self.columns:
            letter = get_column_letter(self.at[key])
            name = "list_" + re.sub(r"[^A-Za-z0-9_]", "_", f"{key[0]}_{key[1]}".replace("*_", "all_"))
            self.names[key] = name
            last = KINDS_FIRST_ROW + len(values) + KINDS_SPARE - 1
            ref = f"'{SHEET_KINDS}'!${letter}${KINDS_FIRST_ROW}:${letter}${last}"
            dn = DefinedName(name, attr_text=ref)
            try:
                wb.defined_names[name] = dn  # openpyxl >= 3.1
            except TypeError:  # pragma: no cover - older openpyxl
                wb.defined_names.append(dn)


KINDS_HELP = (
    "类型：各台账下拉列表中的类型和村（社区）都列在这里。需要新的类型时（如在「学法活动」的「学法形式」下"
    "添加“读书班”），在该栏下面的空白格中填写，并在它右边的“单位”中填写计量单位（如“期”；不填则与台账"
    "相同：次、件、人……）。填好后，台账中该栏的下拉列表就可以选用它；导入时软件会添加这些类型，并在导入"
    "结果中列出。不同单位的类型（次和期）分别统计，不会相加。已有的类型请不要改名或删除。"
)


def _kinds_sheet(wb, ranges: _ListRanges, store: Store | None, styles: _Styles) -> None:
    """The visible 类型 sheet: row 1 how to add a kind, row 2 the ledger, row 3 the column (and
    单位 beside a kind's column), then the values, then blank rows for new ones."""
    from openpyxl.utils import get_column_letter

    width = max(ranges.at.values(), default=0) + 1
    head_sheet: list[Any] = [None] * width
    head_label: list[Any] = [None] * width
    body: dict[int, list[Any]] = {}
    for key, values in ranges.columns:
        j = ranges.at[key] - 1
        if key == VILLAGE_KEY:
            head_sheet[j], head_label[j] = "（各台账共用）", VILLAGES_LABEL
        else:
            lg = LEDGER_MAP[key[0]]
            head_sheet[j], head_label[j] = sheet_title(lg), lg.field(key[1]).label
            head_label[j + 1] = KINDS_UNIT_LABEL
        for i, v in enumerate(values):
            row = body.setdefault(i, [None] * width)
            row[j] = v
            if key != VILLAGE_KEY:
                lg = LEDGER_MAP[key[0]]
                row[j + 1] = (store.choices.unit(key[0], key[1], v) if store is not None
                              else lg.kind_units.get(v, lg.unit) if key[1] == "kind" else lg.unit)
    ws = wb.create_sheet(SHEET_KINDS)
    for j in range(1, width + 1):
        ws.column_dimensions[get_column_letter(j)].width = 8 if head_label[j - 1] == KINDS_UNIT_LABEL else 18
    ws.append([_text_cell(ws, KINDS_HELP)])
    ws.append([_header_cell(ws, h, styles) if h else None for h in head_sheet])
    ws.append([_header_cell(ws, h, styles) if h else None for h in head_label])
    for i in sorted(body):  # a kind or a village is data, whatever it holds ("=…" too)
        ws.append([_text_cell(ws, v) if isinstance(v, str) else v for v in body[i]])


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
            formula = ranges.formula(list_key(lg, f))
            if not formula:
                continue
            what = "村（社区）" if f.type == VILLAGE else "选项"
            dv = DataValidation(
                type="list",
                formula1=formula,
                error=f"「{f.label}」请从下拉列表中选择；新的{what}请先在“{SHEET_KINDS}”工作表中该栏下面添加",
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
        row: list[Any] = []
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
                    v = _text_cell(ws, YES if v else NO)
                elif isinstance(v, str):
                    v = _text_cell(ws, v)
            else:  # the record key: text in its grey cell, whatever it holds
                v = _text_cell(ws, str(v), tmpl)
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
            grey = grey_last and j == len(row) and v is not None
            if isinstance(v, str):
                v = _text_cell(ws, v)
            elif grey:
                v = WriteOnlyCell(ws, v)
            if grey:
                v.font = styles.key_font
            out.append(v)
        ws.append(out)
    return ws


def _help_lines(store: Store | None, year: int | None, template: bool, ledgers: list[Ledger]) -> list[str]:
    prof = store.profile() if store else {}
    who = prof.get("township") or prof.get("government") or ""
    head = (f"{who}{'' if template or year is None else f'{year}年度'}法治建设台账"
            + ("（空白模板）" if template else ""))
    lines = [
        head.strip(),
        f"由“法治台账”软件于 {dt.date.today().isoformat()} 导出。",
        "",
        "填写说明",
        "1. 每本台账一个工作表，第一行是表头，一行填一条记录。带 * 的栏目必须填写。",
        "2. 日期按 2025-03-05 填写（也可填 2025/3/5 或 2025年3月5日）。",
        "3. 金额以“元”为单位，可带两位小数；人数、次数等填整数。",
        "4. 是否类栏目填“是”或“否”；类型、村（社区）等栏目请从下拉列表中选择。"
        f"需要新的类型（如“读书班”）时，在“{SHEET_KINDS}”工作表中该栏下面的空白格里填写，并填写它的单位（如“期”）；"
        "导入时软件会添加这些类型，并列出添加了哪些。",
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
            records[lg.name] = year_records(cast(Store, store), lg, cast(int, year))
            total += len(records[lg.name])
    steps = total + len(lgs) + 4
    done = 0

    def tick(what: str, n: int = PROGRESS_EVERY) -> None:
        nonlocal done
        done += n
        report_progress(progress, done, steps, what)

    lists = _choice_lists(store, lgs)
    extra: dict[tuple[str, str], list[str]] = defaultdict(list)
    for lg in lgs:
        for f in lg.fields:
            if f.is_choice:
                key = list_key(lg, f)
                have = set(lists.get(key, [])) | set(extra[key])
                for r in records.get(lg.name, []):
                    v = r.get(f.name)
                    if v is not None and v not in have:
                        extra[key].append(v)
                        have.add(v)

    wb = Workbook(write_only=True)
    try:
        _fill_workbook(wb, store, year, template, lgs, records, lists, extra, tick, ledgers is not None)
        write_atomically(lambda p: _save(wb, p), out)
    except BaseException:
        _discard(wb)
        raise
    tick("完成", 1)
    report_progress(progress, steps, steps, "完成")
    return ExportResult(out, {sheet_title(lg): len(records.get(lg.name, [])) for lg in lgs})


def _save(wb, path: str) -> None:
    """wb.save(path), but a zip that could not be finished (a full disk) is closed here, quietly:
    left to the garbage collector it would try to write its end once more and print a Python
    traceback after our message."""
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    archive = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(wb, archive).save()  # closes the archive when it is done
    except BaseException:
        fp, archive.fp = archive.fp, None  # ZipFile.close (and __del__) now do nothing
        try:
            if fp is not None:
                fp.close()
        except OSError:
            pass  # the error that brought us here is the one to report
        raise


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
        from ..figures import compute

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
            _simple_sheet(wb, SHEET_REPORT, REPORT_HEADER, _report_rows(store, year), [8, 24, 100, 14, 20],
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
    tick("写入类型", 1)
    _kinds_sheet(wb, ranges, store, styles)


def _report_rows(store: Store, year: int) -> Iterable[list[Any]]:
    """The year's saved report wording, a row a section (long text over several rows): the text
    as the report prints it now, to read, and the wording itself (its data, not to be edited)."""
    from ..outline import SECTION_ORDER, section_label
    from ..report.editing import YearWording

    texts = store.report_texts.for_year(year)
    order = {k: i for i, k in enumerate(SECTION_ORDER)}
    w = None
    for key in sorted(texts, key=lambda k: (order.get(k, len(order)), k)):
        label = section_label(key) if key in order else REPORT_EXTRA_LABELS.get(key, key)
        body = texts[key]
        if key == "issue_date":
            shown, data = body, ""
        else:
            w = w or YearWording.load(store, year)
            shown, data = _readable(w, key), body
        n = max(1, -(-len(shown) // CELL_TEXT_MAX), -(-len(data) // CELL_TEXT_MAX))
        for i in range(n):
            part = slice(i * CELL_TEXT_MAX, (i + 1) * CELL_TEXT_MAX)
            yield [year, label, shown[part] or None, key, data[part] or None]


def _readable(w, key: str) -> str:
    """A saved part of the year's wording as a clerk reads it."""
    if key == "confirmed_none":
        return "、".join(n.label for n in w.checklist() if n.confirmed)
    if key == "figure_ways":
        from ..wording import SAY_LABELS

        figs = w._context().figures
        return "；".join(f"「{figs[k].label if k in figs else k}」：{SAY_LABELS.get(v, v)}"
                        for k, v in w.figure_ways().items())
    return "\n".join(v.text for v in w.items(key) if v.printed)


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
    rows = [] if template else year_records(cast(Store, store), lg, cast(int, year))
    cols = ledger_columns(lg)

    def write(p: str) -> None:
        with open(p, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow([c.header for c in cols])
            for i, rec in enumerate(rows, start=1):
                w.writerow([_csv_text(c.field, rec.get(c.name)) for c in cols])
                if i % PROGRESS_EVERY == 0:
                    report_progress(progress, i, len(rows), f"写入「{lg.label}」")

    write_atomically(write, out)
    report_progress(progress, len(rows), len(rows), "完成")
    return ExportResult(out, {sheet_title(lg): len(rows)})
