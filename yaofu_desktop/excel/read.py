"""Reading a workbook (.xlsx, with lxml's row reader where it can) or a CSV file into a Book:
the raw rows of each ledger sheet, the profile, choices, units and report wording; nothing is
checked against a database here (plan.py does that).

    book = read_book(path, progress)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, field as dc_field
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from ..errors import UserError, os_error_text
from ..fields import CHOICE, COUNT, DATE, INT, LONGTEXT, MONEY, TEXT, VILLAGE, YEAR_RANGE, Field, parse_date
from ..ledgers import LEDGERS, Ledger
from ..store import PROFILE_FIELDS, VILLAGE_KEY
from .columns import (
    KEY_LABEL,
    KINDS_UNIT_LABEL,
    PROGRESS_EVERY,
    REPORT_EXTRA_LABELS,
    SHEET_CHOICES,
    SHEET_HELP,
    SHEET_KINDS,
    SHEET_PROFILE,
    SHEET_REPORT,
    SHEET_STATS,
    SHEET_UNITS,
    VILLAGES_LABEL,
    Progress,
    ledger_by_sheet,
    list_key,
    norm,
    report_progress,
    sheet_title,
)

HEADER_SCAN_ROWS = 10  # a header row may sit below a title row the clerk added


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
class _Sheet:
    """A ledger sheet as read: where each field's column is and the non-blank rows."""

    ledger: Ledger
    title: str
    header_row: int
    labels: dict[str, str]  # field name (or "uid") -> the column's label, for messages
    missing_required: set[str]
    rows: list[tuple[int, dict[str, Any]]]  # (Excel row number, raw values by field name)


@dataclass
class Book:
    path: Path
    sheets: list[_Sheet] = dc_field(default_factory=list)
    profile: dict[str, Any] = dc_field(default_factory=dict)
    profile_rows: dict[str, int] = dc_field(default_factory=dict)
    villages: list[str] = dc_field(default_factory=list)
    lists: dict[tuple[str, str], list[str]] = dc_field(default_factory=dict)
    units: dict[tuple[str, str, str], str] = dc_field(default_factory=dict)  # (ledger, field, kind)
    # the kinds listed in the visible 类型 sheet (where a clerk adds one on purpose)
    kinds_listed: set[tuple[str, str, str]] = dc_field(default_factory=set)
    report_texts: dict[tuple[int, str], str] = dc_field(default_factory=dict)
    report_rows: dict[tuple[int, str], int] = dc_field(default_factory=dict)  # first Excel row
    report_data: dict[tuple[int, str], bool] = dc_field(default_factory=dict)  # read from 数据
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
    by_norm: dict[str, str] = {norm(f.label): f.name for f in lg.fields}
    by_norm[norm(KEY_LABEL)] = "uid"
    cols: dict[str, int] = {}
    labels: dict[str, str] = {}
    dups: list[str] = []
    for j, v in enumerate(row):
        key = norm(v)
        name = by_norm.get(key)
        if name is None:
            continue
        if name in cols:
            dups.append(str(v).strip())
            continue
        cols[name] = j
        labels[name] = lg.field(name).label if name != "uid" else KEY_LABEL
    return cols, labels, dups


def _read_ledger_sheet(ws, lg: Ledger, title: str, book: Book, progress: Progress | None,
                       counter: list[int], estimate: int) -> None:
    rows = iter(_sheet_rows(ws)) if not hasattr(ws, "csv") else ws.iter_rows(values_only=True)
    head: list[tuple] = []
    best: tuple[int, int, Any] = (0, 0, None)  # (matches, row number, mapping)
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
            report_progress(progress, counter[0], estimate, f"读取「{title}」第 {i} 行")
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
    from openpyxl.utils.datetime import from_excel, from_ISO8601

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


def _read_profile(ws, book: Book) -> None:
    labels = {norm(label): key for key, label in PROFILE_FIELDS}
    village = norm(VILLAGES_LABEL)
    for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if not row or len(row) < 2:
            continue
        a, b = norm(row[0]), row[1]
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


def _read_choices(ws, book: Book) -> None:
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    if len(grid) < 2:
        return
    width = max(len(r) for r in grid)
    village = norm(VILLAGES_LABEL)
    for j in range(width):
        cells = [r[j] if j < len(r) else None for r in grid]
        lg = ledger_by_sheet(str(cells[0])) if cells[0] is not None else None
        label = norm(cells[1])
        key = None
        if label == village:
            key = VILLAGE_KEY
        elif lg is not None:
            for f in lg.fields:
                if norm(f.label) == label:
                    key = list_key(lg, f) if f.is_choice else None
        if key is None:
            continue
        values = book.lists.setdefault(key, [])
        for v in cells[2:]:
            if not _blank(v):
                s = str(_prepare(Field("x", "x", TEXT), v))
                if s not in values:
                    values.append(s)


def _read_kinds(ws, book: Book) -> None:
    """The visible 类型 sheet: a row naming each list's ledger sheet, under it a row with the
    column's label (and 单位 beside a kind's column), then the values and their units."""
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    village = norm(VILLAGES_LABEL)
    top = None
    for i, row in enumerate(grid[:6]):
        if any(c is not None and (ledger_by_sheet(str(c)) is not None or norm(c) == norm("（各台账共用）"))
               for c in row):
            top = i
            break
    if top is None or top + 1 >= len(grid):
        return
    sheets, labels = grid[top], grid[top + 1]
    width = max(len(r) for r in grid)
    text = Field("x", "x", TEXT)
    for j in range(width):
        label = norm(labels[j]) if j < len(labels) else ""
        key = None
        if label == village:
            key = VILLAGE_KEY
        else:
            lg = ledger_by_sheet(str(sheets[j])) if j < len(sheets) and sheets[j] is not None else None
            f = next((f for f in lg.fields if norm(f.label) == label and f.is_choice), None) if lg else None
            if lg is not None and f is not None:
                key = list_key(lg, f)
        if key is None:
            continue
        has_unit = key != VILLAGE_KEY and j + 1 < len(labels) and norm(labels[j + 1]) == norm(KINDS_UNIT_LABEL)
        values = book.lists.setdefault(key, [])
        for row in grid[top + 2:]:
            v = row[j] if j < len(row) else None
            if _blank(v):
                continue
            v = str(_prepare(text, v))
            if v not in values:
                values.append(v)
            if key != VILLAGE_KEY:
                book.kinds_listed.add((key[0], key[1], v))
                unit = row[j + 1] if has_unit and j + 1 < len(row) else None
                if not _blank(unit):
                    unit = str(_prepare(text, unit))
                    if len(unit) <= 4:
                        book.units[(key[0], key[1], v)] = unit


def _read_units(ws, book: Book) -> None:
    for row in ws.iter_rows(min_row=2, values_only=True):
        if not row or len(row) < 4 or any(_blank(v) for v in row[:4]):
            continue
        lg = ledger_by_sheet(str(row[0]))
        label = norm(row[1])
        f = next((f for f in lg.fields if norm(f.label) == label and f.type == CHOICE), None) if lg else None
        unit = str(_prepare(Field("x", "x", TEXT), row[3]))
        if lg is not None and f is not None and len(unit) <= 4:
            book.units[(lg.name, f.name, str(_prepare(Field("x", "x", TEXT), row[2])))] = unit


def _read_report_texts(ws, book: Book) -> None:
    """年度 | 部分 | 内容 | 部分键 | 数据 — rows of one section follow each other (long text). The
    wording is the 数据 column; a workbook of an earlier version has only 内容 (its text)."""
    from ..outline import SECTION_ORDER

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
        if key not in known or not isinstance(year, int) or year not in YEAR_RANGE:
            book.warnings.append(Problem(SHEET_REPORT, i, "", "年度或部分键无法识别，该行未导入"))
            continue
        body = "" if row[2] is None else str(row[2])
        if len(row) > 4 and not _blank(row[4]):
            body = str(row[4])
        elif key != "issue_date" and book.report_data.get((year, key)):
            continue  # a row of readable text only, beside the data of the same part
        if key == "issue_date":  # a date cell, or the date typed in any of the usual ways
            d = row[2].date() if isinstance(row[2], dt.datetime) else row[2]
            d = d if isinstance(d, dt.date) else parse_date(body)
            if d is None:
                book.warnings.append(Problem(SHEET_REPORT, i, "内容", f"成文日期“{body}”不是有效日期，未导入"))
                continue
            body = d.isoformat()
        if len(row) > 4 and not _blank(row[4]):
            book.report_data[(year, key)] = True
        book.report_rows.setdefault((year, key), i)
        book.report_texts[(year, key)] = book.report_texts.get((year, key), "") + body


# the sheets that are not ledgers, by their name: how each is read (None: not read back)
_SPECIAL_READERS = {
    norm(SHEET_PROFILE): _read_profile,
    norm(SHEET_CHOICES): _read_choices,
    norm(SHEET_KINDS): _read_kinds,
    norm(SHEET_UNITS): _read_units,
    norm(SHEET_REPORT): _read_report_texts,
    norm(SHEET_STATS): None,
    norm(SHEET_HELP): None,
}


def _parse_xlsx(path: Path, progress: Progress | None) -> Book:
    wb = _load_xlsx(path)
    book = Book(path)
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
            if norm(title) in _SPECIAL_READERS:
                read = _SPECIAL_READERS[norm(title)]
                if read is not None:
                    read(ws, book)
                continue
            counter[0] += 1
            report_progress(progress, counter[0], estimate, f"读取「{title}」")
            lg = ledger_by_sheet(title)
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
    except Exception as e:  # a damaged sheet inside a zip that opened
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


def _parse_csv(path: Path, progress: Progress | None) -> Book:
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
    book = Book(path)

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


def read_book(path: Path, progress: Progress | None) -> Book:
    """A workbook (.xlsx, or one ledger as .csv) as read; raises UserError for a file that is not
    a readable workbook. Nothing is checked against a database yet (plan.plan_import does that)."""
    return _parse_csv(path, progress) if path.suffix.lower() == ".csv" else _parse_xlsx(path, progress)
