"""Reading a workbook (.xlsx, by xlsx.XlsxFile within its bounds) or a CSV file into a Book:
the raw rows of each ledger sheet, the profile, choices, units and report wording; nothing is
checked against a database here (plan.py does that).

    book = read_book(path, progress)
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import stat
import unicodedata
from dataclasses import dataclass, field as dc_field
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

from ..errors import UserError, clause, os_error_text
from ..fields import CHOICE, COUNT, DATE, INT, LONGTEXT, MONEY, TEXT, VILLAGE, YEAR_RANGE, Field, parse_date
from ..ledgers import LEDGERS, Ledger
from ..store import PROFILE_FIELDS, VILLAGE_KEY
from .columns import (
    CSV_GUARDED,
    KEY_LABEL,
    KINDS_UNIT_LABEL,
    MAX_LIST_VALUES,
    PROGRESS_EVERY,
    REPORT_EXTRA_LABELS,
    REPORT_TEXT_MAX,
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
from .xlsx import (
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_ROWS_PER_SHEET,
    MB,
    NOT_EXCEL,
    TOO_LONG,
    BadCell,
    Row,
    WorkbookRefused,
    XlsxFile,
    _wan,
    limits_text,
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


KEEP_PROBLEMS = 10_000  # problems (or warnings) kept, for the list the clerk can save
LIST_PROBLEMS = 200  # problems the command line and the window list, then how many more


class Problems(list):
    """Problems in the order found, at most KEEP_PROBLEMS of them kept; `more` counts the rest
    (a sheet of 20,000 bad rows must not hold a million problems in memory)."""

    more = 0

    def append(self, p: Problem) -> None:
        if len(self) < KEEP_PROBLEMS:
            super().append(p)
        else:
            self.more += 1

    def extend(self, items) -> None:
        for p in items:
            self.append(p)

    def __iadd__(self, items):  # type: ignore[misc]
        self.extend(items)
        return self

    @property
    def total(self) -> int:
        return len(self) + self.more

    def listed(self, limit: int = LIST_PROBLEMS) -> tuple[list[Problem], int]:
        """The first `limit` problems and how many more there are."""
        return self[:limit], self.total - min(len(self), limit)


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
    problems: Problems = dc_field(default_factory=Problems)
    warnings: Problems = dc_field(default_factory=Problems)


def _not_workbook(p: Path, why: str = "") -> UserError:
    return UserError(f"“{p.name}”不是有效的 Excel 工作簿（.xlsx）{why}，无法导入；文件未作任何改动")


def _refused(p: Path, e: WorkbookRefused) -> UserError:
    """A workbook the reader will not read: damaged, or over a bound (the bounds stated)."""
    foreign = f"。{NOT_EXCEL}" if e.foreign else ""
    if e.damaged:
        return UserError(f"“{p.name}”不是有效的 Excel 工作簿（.xlsx）：{e.why}，无法导入；文件未作任何改动{foreign}")
    return UserError(
        f"“{p.name}”{e.why}，无法导入；文件未作任何改动{foreign}。如确是台账，请删去多余的内容或分成几个工作簿"
        f"分别导入（导入的上限：{limits_text()}）"
    )


def _check_source(p: Path) -> None:
    """A file to import: there, a regular file (a named pipe or a device would never end), and
    not over the size the reader takes."""
    try:
        st = p.stat()
    except FileNotFoundError:
        raise UserError(f"找不到文件：{p}") from None
    except OSError as e:
        raise UserError(f"无法读取“{p.name}”（{os_error_text(e)}）") from None
    if stat.S_ISDIR(st.st_mode):
        raise UserError(f"“{p}”是一个文件夹，不是 Excel 工作簿")
    if not stat.S_ISREG(st.st_mode):
        raise UserError(f"“{p.name}”不是普通文件（可能是管道或设备），无法导入；文件未作任何改动")
    if st.st_size > MAX_FILE_BYTES:
        raise UserError(
            f"“{p.name}”超过 {MAX_FILE_BYTES // MB} MB（{st.st_size / MB:.0f} MB），无法导入；"
            f"文件未作任何改动。（导入的上限：{limits_text()}）"
        )


def _open_xlsx(p: Path) -> XlsxFile:
    _check_source(p)
    try:
        with open(p, "rb") as fh:
            head = fh.read(2000)
    except OSError as e:
        raise UserError(f"无法读取“{p.name}”（{os_error_text(e)}）；文件可能正在被其他程序使用") from None
    if head[:4] == b"\xd0\xcf\x11\xe0":
        raise UserError(
            f"“{p.name}”是旧版 Excel 97-2003 格式（.xls）或加了密码的工作簿，无法直接导入。"
            "请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（.xlsx）且不设密码后再导入；文件未作任何改动"
        )
    if not head.startswith(b"PK\x03\x04"):
        why = ""
        if head and (b"," in head or b"\t" in head) and b"\x00" not in head:
            why = "（看起来是文本或 CSV 文件被改成了 .xlsx 扩展名；CSV 文件请用 .csv 扩展名导入）"
        elif not head:
            why = "（是空文件）"
        raise _not_workbook(p, why)
    try:
        return XlsxFile(p)
    except WorkbookRefused as e:
        raise _refused(p, e) from None
    except OSError as e:
        raise UserError(f"无法读取“{p.name}”（{os_error_text(e)}）；文件可能正在被其他程序使用") from None


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


def _read_ledger_sheet(rows: Iterator[Row], lg: Ledger, title: str, book: Book,
                       progress: Progress | None, counter: list[int], estimate: int) -> None:
    head: list[Row] = []
    best: tuple[int, int, Any] = (0, 0, None)  # (matches, row number, mapping)
    for row in rows:
        if row.number > HEADER_SCAN_ROWS:
            head.append(row)
            break
        head.append(row)
        cols, labels, dups = _header_map(lg, row.values)
        n = len([c for c in cols if c != "uid"])
        if n > best[0]:
            best = (n, row.number, (cols, labels, dups))
        if n == len(lg.fields):
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

    def take(row: Row) -> None:
        raw: dict[str, Any] = {}
        values = row.values
        n = len(values)
        for name, j, f in fields:
            v = values[j] if j < n else None
            if _blank(v):
                continue
            if isinstance(v, BadCell):
                raw[name] = v
                continue
            v = _prepare(f, v)
            if v is not None:
                raw[name] = v
        for ref, bad in row.stray:  # cells past the last column Excel has
            raw["@" + ref] = bad
        if not raw:
            return
        if set(raw) == {"uid"}:
            book.warnings.append(Problem(
                title, row.number, "",
                "这一行只有记录编号、没有内容，已跳过（导入不会删除记录；如需删除，请在软件中删除）",
            ))
            return
        sheet.rows.append((row.number, raw))

    for row in head:
        if row.number > header_row:
            take(row)
    for i, row in enumerate(rows, start=1):
        take(row)
        if i % PROGRESS_EVERY == 0:
            report_progress(progress, counter[0], estimate, f"读取「{title}」第 {row.number} 行")
    book.sheets.append(sheet)


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


def _text(book: Book, sheet: str, row: Row, j: int) -> Any:
    """The value of column j of a row of a sheet that is not a ledger; a cell that cannot be read
    is None, with a warning naming it."""
    v = row.values[j] if j < len(row.values) else None
    if isinstance(v, BadCell):
        book.warnings.append(Problem(sheet, row.number, _column_letter(j), f"{clause(v.message)}；这一格未读取"))
        return None
    return v


def _column_letter(j: int) -> str:
    """0 -> "A", 26 -> "AA": a column named where it has no label."""
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def _stray(book: Book, sheet: str, row: Row) -> None:
    for ref, bad in row.stray:
        book.warnings.append(Problem(sheet, row.number, ref, f"{clause(bad.message)}；这一格未读取"))


def _add_value(book: Book, sheet: str, values: list[str], seen: set[str], v: str, what: str) -> None:
    """One value of a list (kinds, villages), each once, at most MAX_LIST_VALUES of them."""
    if v in seen:
        return
    if len(values) >= MAX_LIST_VALUES:
        if len(values) == MAX_LIST_VALUES:
            book.warnings.append(Problem(sheet, 0, "", f"{what}超过 {MAX_LIST_VALUES} 个，其余的未读取"))
            values.append(v)  # (taken off again by the caller: a mark that the warning was given)
        return
    seen.add(v)
    values.append(v)


def _read_profile(rows: Iterator[Row], book: Book) -> None:
    labels = {norm(label): key for key, label in PROFILE_FIELDS}
    village = norm(VILLAGES_LABEL)
    seen: set[str] = set(book.villages)
    for row in rows:
        _stray(book, SHEET_PROFILE, row)
        if len(row.values) < 2:
            continue
        a, b = norm(_text(book, SHEET_PROFILE, row, 0)), _text(book, SHEET_PROFILE, row, 1)
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
            book.profile_rows[key] = row.number
        elif a == village:
            v = str(_prepare(Field("village", VILLAGES_LABEL, TEXT), b))
            _add_value(book, SHEET_PROFILE, book.villages, seen, v, "村（社区）")
    del book.villages[MAX_LIST_VALUES:]


def _read_choices(rows: Iterator[Row], book: Book) -> None:
    """Row 1: the sheet a list serves; row 2: its column; then the values. Only the columns
    that name a list of a ledger are kept."""
    first: Row | None = None
    keys: dict[int, tuple[str, str]] = {}
    lists: dict[int, tuple[list[str], set[str]]] = {}
    village = norm(VILLAGES_LABEL)
    for row in rows:
        _stray(book, SHEET_CHOICES, row)
        if first is None:
            first = row
            continue
        if not keys and not lists:
            for j in range(len(row.values)):
                head = _text(book, SHEET_CHOICES, first, j)
                lg = ledger_by_sheet(str(head)) if head is not None else None
                label = norm(_text(book, SHEET_CHOICES, row, j))
                key = None
                if label == village:
                    key = VILLAGE_KEY
                elif lg is not None:
                    for f in lg.fields:
                        if norm(f.label) == label:
                            key = list_key(lg, f) if f.is_choice else None
                if key is not None:
                    keys[j] = key
                    values = book.lists.setdefault(key, [])
                    lists[j] = (values, set(values))
            if not keys:
                return
            continue
        for j, (values, seen) in lists.items():
            v = _text(book, SHEET_CHOICES, row, j)
            if not _blank(v):
                _add_value(book, SHEET_CHOICES, values, seen, str(_prepare(Field("x", "x", TEXT), v)), "选项")
    for values, _seen in lists.values():
        del values[MAX_LIST_VALUES:]


def _read_kinds(rows: Iterator[Row], book: Book) -> None:
    """The visible 类型 sheet: a row naming each list's ledger sheet, under it a row with the
    column's label (and 单位 beside a kind's column), then the values and their units."""
    village = norm(VILLAGES_LABEL)
    shared = norm("（各台账共用）")
    text = Field("x", "x", TEXT)
    top: Row | None = None
    columns: dict[int, tuple[tuple[str, str], bool, list[str], set[str]]] = {}
    for row in rows:
        _stray(book, SHEET_KINDS, row)
        if top is None:
            if row.number > 6:
                return
            if any(c is not None and not isinstance(c, BadCell)
                   and (ledger_by_sheet(str(c)) is not None or norm(c) == shared) for c in row.values):
                top = row
            continue
        if not columns:
            if row.number != top.number + 1:
                return  # no row of labels under the row of sheets
            labels = row.values
            for j in range(len(labels)):
                label = norm(_text(book, SHEET_KINDS, row, j))
                key = None
                if label == village:
                    key = VILLAGE_KEY
                else:
                    head = _text(book, SHEET_KINDS, top, j)
                    lg = ledger_by_sheet(str(head)) if head is not None else None
                    f = next((f for f in lg.fields if norm(f.label) == label and f.is_choice), None) if lg else None
                    if lg is not None and f is not None:
                        key = list_key(lg, f)
                if key is None:
                    continue
                has_unit = key != VILLAGE_KEY and j + 1 < len(labels) \
                    and norm(_text(book, SHEET_KINDS, row, j + 1)) == norm(KINDS_UNIT_LABEL)
                values = book.lists.setdefault(key, [])
                columns[j] = (key, has_unit, values, set(values))
            if not columns:
                return
            continue
        for j, (key, has_unit, values, seen) in columns.items():
            v = _text(book, SHEET_KINDS, row, j)
            if _blank(v):
                continue
            v = str(_prepare(text, v))
            _add_value(book, SHEET_KINDS, values, seen, v, "选项")
            if key != VILLAGE_KEY and v in seen:
                book.kinds_listed.add((key[0], key[1], v))
                unit = _text(book, SHEET_KINDS, row, j + 1) if has_unit else None
                if not _blank(unit):
                    unit = str(_prepare(text, unit))
                    if len(unit) <= 4:
                        book.units[(key[0], key[1], v)] = unit
    for _key, _has_unit, values, _seen in columns.values():
        del values[MAX_LIST_VALUES:]


def _read_units(rows: Iterator[Row], book: Book) -> None:
    for row in rows:
        _stray(book, SHEET_UNITS, row)
        cells = [_text(book, SHEET_UNITS, row, j) for j in range(4)]
        if row.number == 1 or any(_blank(v) for v in cells):
            continue
        lg = ledger_by_sheet(str(cells[0]))
        label = norm(cells[1])
        f = next((f for f in lg.fields if norm(f.label) == label and f.type == CHOICE), None) if lg else None
        unit = str(_prepare(Field("x", "x", TEXT), cells[3]))
        if lg is not None and f is not None and len(unit) <= 4 and len(book.units) < MAX_LIST_VALUES * 10:
            book.units[(lg.name, f.name, str(_prepare(Field("x", "x", TEXT), cells[2])))] = unit


def _read_report_texts(rows: Iterator[Row], book: Book) -> None:
    """年度 | 部分 | 内容 | 部分键 | 数据 — rows of one section follow each other (long text). The
    wording is the 数据 column; a workbook of an earlier version has only 内容 (its text)."""
    from ..outline import SECTION_ORDER

    known = set(SECTION_ORDER) | set(REPORT_EXTRA_LABELS)
    for row in rows:
        _stray(book, SHEET_REPORT, row)
        i = row.number
        cells = [_text(book, SHEET_REPORT, row, j) for j in range(5)]
        if i == 1 or _blank(cells[3]):
            continue
        key = str(cells[3]).strip()
        year = cells[0]
        if isinstance(year, float) and year.is_integer():
            year = int(year)
        elif isinstance(year, str) and year.strip().isdigit():
            year = int(year.strip())
        if key not in known or not isinstance(year, int) or year not in YEAR_RANGE:
            book.warnings.append(Problem(SHEET_REPORT, i, "", "年度或部分键无法识别，该行未导入"))
            continue
        body = "" if cells[2] is None else str(cells[2])
        if not _blank(cells[4]):
            body = str(cells[4])
        elif key != "issue_date" and book.report_data.get((year, key)):
            continue  # a row of readable text only, beside the data of the same part
        if key == "issue_date":  # a date cell, or the date typed in any of the usual ways
            d = cells[2].date() if isinstance(cells[2], dt.datetime) else cells[2]
            d = d if isinstance(d, dt.date) else parse_date(body)
            if d is None:
                book.warnings.append(Problem(SHEET_REPORT, i, "内容", f"成文日期“{body[:40]}”不是有效日期，未导入"))
                continue
            body = d.isoformat()
        if not _blank(cells[4]):
            book.report_data[(year, key)] = True
        book.report_rows.setdefault((year, key), i)
        have = book.report_texts.get((year, key), "")
        if len(have) <= REPORT_TEXT_MAX:  # (longer is refused by the plan: no need to keep it all)
            book.report_texts[(year, key)] = have + body[:REPORT_TEXT_MAX + 1 - len(have)]


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
    xf = _open_xlsx(path)
    book = Book(path)
    try:
        # (a sheet's size is not known before it is read: progress goes by sheet)
        estimate = len(xf.sheets)
        counter = [0]
        seen: set[str] = set()
        for sheet in xf.sheets:
            title = sheet.title
            if norm(title) in _SPECIAL_READERS:
                read = _SPECIAL_READERS[norm(title)]
                if read is not None:
                    read(xf.rows(sheet), book)
                continue
            counter[0] += 1
            report_progress(progress, counter[0], estimate, f"读取「{title}」")
            lg = ledger_by_sheet(title)
            if lg is None or lg.name in seen:
                if sheet.part is None:  # a chart sheet
                    continue
                if lg is None:
                    book.warnings.append(Problem(title, 0, "", "不是台账工作表（名称与任何台账都不符），已跳过"))
                else:
                    book.problems.append(Problem(title, 0, "", f"与另一个工作表都是「{lg.label}」，请合并为一个工作表"))
                continue
            seen.add(lg.name)
            _read_ledger_sheet(xf.rows(sheet), lg, title, book, progress, counter, estimate)
    except WorkbookRefused as e:
        raise _refused(path, e) from None
    except OSError as e:
        raise UserError(f"无法读取“{path.name}”（{os_error_text(e)}）") from None
    finally:
        xf.close()
    if not book.sheets and not book.problems:
        raise UserError(
            f"“{path.name}”中没有可导入的台账工作表（工作表名称应为台账名称，如「{LEDGERS[0].label}」）；"
            "文件未作任何改动"
        )
    return book


MAX_CSV_LINE = 2_000_000  # characters of one line of a CSV file


def _csv_encoding(p: Path) -> str:
    """The encoding a CSV file is written in (UTF-8, or GBK as Excel on Chinese Windows saves
    it), checked over the whole file a chunk at a time; refuses what is not CSV text."""
    import codecs

    _check_source(p)
    try:
        with open(p, "rb") as fh:
            head = fh.read(4096)
            if head.startswith(b"PK\x03\x04") or head[:4] == b"\xd0\xcf\x11\xe0" or b"\x00" in head:
                raise UserError(f"“{p.name}”不是 CSV 文本文件，无法导入；文件未作任何改动")
            for enc in ("utf-8-sig", "gb18030"):
                fh.seek(0)
                decoder = codecs.getincrementaldecoder(enc)()
                try:
                    while chunk := fh.read(1024 * 1024):
                        decoder.decode(chunk)
                    decoder.decode(b"", final=True)
                    return enc
                except UnicodeDecodeError:
                    continue
    except OSError as e:
        raise UserError(f"无法读取“{p.name}”（{os_error_text(e)}）") from None
    raise UserError(f"“{p.name}”的文字编码无法识别（应为 UTF-8 或 GBK）；文件未作任何改动")


def _csv_rows(p: Path, fh, delim: str) -> Iterator[Row]:
    """The records of a CSV file as rows (numbered from 1), within the reader's bounds."""

    def lines():
        for n, line in enumerate(fh, start=1):
            if len(line) > MAX_CSV_LINE:
                raise UserError(
                    f"“{p.name}”第 {n} 行超过 {MAX_CSV_LINE} 个字，不是台账的 CSV 文件，无法导入；文件未作任何改动"
                )
            yield line

    reader = csv.reader(lines(), delimiter=delim)
    count = 0
    try:
        for number, record in enumerate(reader, start=1):
            if not any(record):
                continue
            count += 1
            if count > MAX_ROWS_PER_SHEET + 1:  # (the header row is not a record)
                raise UserError(
                    f"“{p.name}”超过 {_wan(MAX_ROWS_PER_SHEET)}行，无法导入；请分成几个文件导入。文件未作任何改动。"
                    f"（导入的上限：{limits_text()}）"
                )
            yield Row(number, tuple(TOO_LONG if len(v) > MAX_CELL_CHARS else _uncsv(v) for v in record))
    except csv.Error as e:
        raise UserError(
            f"“{p.name}”第 {reader.line_num} 行无法按 CSV 读取（{e}），无法导入；文件未作任何改动"
        ) from None


def _parse_csv(path: Path, progress: Progress | None) -> Book:
    enc = _csv_encoding(path)
    try:
        fh = open(path, encoding=enc, newline="")
    except OSError as e:
        raise UserError(f"无法读取“{path.name}”（{os_error_text(e)}）") from None
    with fh:
        first = fh.readline(MAX_CSV_LINE + 1)
        fh.seek(0)
        delim = "\t" if first.count("\t") > first.count(",") else ","
        rows = _csv_rows(path, fh, delim)
        header = next(rows, None)
        if header is None:
            raise UserError(f"“{path.name}”是空文件，没有可导入的记录")
        # which ledger: the one whose labels the header names most (fewest of its fields missing)
        scores = []
        for lg in LEDGERS:
            cols, _labels, _d = _header_map(lg, header.values)
            n = len([c for c in cols if c != "uid"])
            scores.append((n, -(len(lg.fields) - n), lg))
        scores.sort(key=lambda t: (t[0], t[1]), reverse=True)
        top = scores[0]
        if top[0] < 2 or (len(scores) > 1 and scores[1][:2] == top[:2]):
            raise UserError(f"无法从“{path.name}”的表头判断是哪一本台账；请使用软件导出的 CSV 表头")
        lg = top[2]
        book = Book(path)
        _read_ledger_sheet(itertools.chain([header], rows), lg, sheet_title(lg), book, progress, [1], 1)
    return book


def _uncsv(v: str) -> str:
    """A CSV cell without the quote that kept Excel from reading it as a formula (see
    export._csv_guard)."""
    if len(v) > 1 and v[0] == "'" and v[1] in CSV_GUARDED:
        return v[1:]
    return v


def read_book(path: Path, progress: Progress | None) -> Book:
    """A workbook (.xlsx, or one ledger as .csv) as read; raises UserError for a file that is not
    a readable workbook. Nothing is checked against a database yet (plan.plan_import does that)."""
    return _parse_csv(path, progress) if path.suffix.lower() == ".csv" else _parse_xlsx(path, progress)
