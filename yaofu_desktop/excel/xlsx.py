"""The cells of an .xlsx file, read within fixed bounds, whatever the file says of itself.

    book = XlsxFile(path)                  # refuses (WorkbookRefused) what it will not read
    for sheet in book.sheets:
        for row in book.rows(sheet):       # Row(number, values, stray), rows holding something
            ...
    book.close()

Nothing the file states about its own size is trusted: not the zip's entry count (the end record
is read before zipfile lists the entries), not a part's unpacked size (zipfile stops at the size
the entry states, and every part read is refused up front when that size is over the bound), not
the sheet's <dimension> (never read), not row numbers or cell references (a row number must grow
and stay within Excel's 1,048,576; a column past XFD is a problem of that cell). The XML is read
with expat as a stream, one chunk at a time: no tree is built, a DTD (entities) is refused, and a
cell keeps at most 32,767 characters (Excel's own limit), so the memory used does not grow with the
file. The bounds, stated in the messages that refuse a file, are the LIMITS below.

A cell Excel never writes (a shared-string number that is not one, a number that is not a number,
an unknown type, a column past XFD) does not refuse the workbook: its value is a BadCell, which the
import names by sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import math
import posixpath
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator
from xml.parsers import expat

MB = 1024 * 1024
MAX_FILE_BYTES = 50 * MB  # the workbook file itself
MAX_ZIP_ENTRIES = 10_000  # files inside it
MAX_SMALL_PART = 8 * MB  # workbook.xml, its relationships, styles.xml
MAX_PART_BYTES = 64 * MB  # a sheet or the shared strings, unpacked
MAX_READ_BYTES = 128 * MB  # everything read, unpacked
MAX_SHEETS = 255
MAX_ROWS_PER_SHEET = 20_000  # rows holding something, besides a header and title rows above it
HEADER_ROWS = 10
MAX_ROWS = 30_000  # in the whole workbook
MAX_CELLS = 1_000_000  # cells (<c>) in the whole workbook, empty ones too: what reading costs
MAX_CELL_CHARS = 32_767  # Excel's own limit of a cell
MAX_SHARED_STRINGS = 500_000
MAX_SHARED_CHARS = 20_000_000
MAX_COLUMN = 16_384  # XFD
MAX_ROW_NUMBER = 1_048_576
MAX_DEPTH = 64  # elements inside each other (a sheet's cell is at 5)
MAX_STRAY_PER_ROW = 5  # cells past XFD named per row (the rest only make the row bad)
CHUNK = 64 * 1024


def _wan(n: int) -> str:
    """20000 -> "2 万"; 1048576 -> "1048576"."""
    return f"{n // 10_000} 万" if n % 10_000 == 0 else str(n)


def limits_text() -> str:
    """The bounds, as the messages that refuse a workbook state them."""
    return (
        f"工作簿文件最大 {MAX_FILE_BYTES // MB} MB，每个工作表最多 {_wan(MAX_ROWS_PER_SHEET)}行、"
        f"整个工作簿最多 {_wan(MAX_ROWS)}行、{_wan(MAX_CELLS)}个单元格，每格最多 {MAX_CELL_CHARS} 个字，"
        f"共享字符串最多 {_wan(MAX_SHARED_STRINGS)}条、共 {_wan(MAX_SHARED_CHARS)}字"
    )


class WorkbookRefused(Exception):
    """The file is not read: `why` says so in Chinese, to follow the file's name ("的工作表「x」
    超过 2 万行"); `damaged` when it is not a workbook we can read at all, else it is over a
    bound; `foreign` when Excel and WPS never write such a thing (another program made it)."""

    def __init__(self, why: str, *, damaged: bool = False, foreign: bool = False):
        super().__init__(why)
        self.why = why
        self.damaged = damaged
        self.foreign = foreign


@dataclass(frozen=True)
class BadCell:
    """A cell whose content cannot be read; `message` follows the column's label
    (「受理日期」不是有效的数字…)."""

    message: str

    def __repr__(self) -> str:
        return f"（{self.message}）"

    def __str__(self) -> str:
        return ""


UNCALCULATED_MESSAGE = "是公式，但文件中没有保存计算结果；请在 Excel 或 WPS 中打开、保存后再导入，或改填数值"
UNCALCULATED = BadCell(UNCALCULATED_MESSAGE)  # a formula saved without its result
NOT_EXCEL = "Excel 和 WPS 不会这样保存，文件可能被其他程序改动过"
_NOT_EXCEL = f"（{NOT_EXCEL}）"
TOO_LONG = BadCell(f"超过 {MAX_CELL_CHARS} 个字（Excel 每格最多 {MAX_CELL_CHARS} 个字），请缩短后再导入")


@dataclass(frozen=True)
class Row:
    number: int  # the Excel row number
    values: tuple  # by column, from A; None for an empty cell
    stray: tuple[tuple[str, BadCell], ...] = ()  # (cell reference, problem) of cells past XFD


@dataclass(frozen=True)
class Sheet:
    title: str
    part: str | None  # the XML part in the zip; None for a chart sheet or the like


# -- names of the XML: (namespace, local name) ------------------------------------------------

_MAIN = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
         "http://purl.oclc.org/ooxml/spreadsheetml/main")  # transitional, strict
_RELS = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
         "http://purl.oclc.org/ooxml/officeDocument/relationships")


def _tags(*names: str) -> dict[str, str]:
    """The full names expat reports (namespace, a space, the local name) -> the local name."""
    return {f"{ns} {n}": sys.intern(n) for ns in _MAIN for n in names}


def _too_deep() -> WorkbookRefused:
    return WorkbookRefused(f"XML 嵌套超过 {MAX_DEPTH} 层", damaged=True, foreign=True)


def _parser(start=None, end=None, data=None) -> "expat.XMLParserType":
    """An expat parser that refuses a DTD (so no entity is ever expanded). With `start` (and
    `end`) given, they are called within a guard of the nesting depth; a parser for a big part
    sets its handlers itself and counts the depth in them."""
    p = expat.ParserCreate(namespace_separator=" ")
    p.buffer_text = True
    p.ordered_attributes = False

    def no_dtd(*_a):
        raise WorkbookRefused("含有 DTD（XML 的实体定义）", damaged=True, foreign=True)

    p.StartDoctypeDeclHandler = no_dtd
    p.EntityDeclHandler = no_dtd
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    if start is not None:
        depth = [0]

        def guarded_start(tag, attrs):
            depth[0] += 1
            if depth[0] > MAX_DEPTH:
                raise _too_deep()
            start(tag, attrs)

        def guarded_end(tag):
            depth[0] -= 1
            if end is not None:
                end(tag)

        p.StartElementHandler = guarded_start
        p.EndElementHandler = guarded_end
    if data is not None:
        p.CharacterDataHandler = data
    return p


def _number(text: str) -> Any:
    """An <v> of a number cell: int or float, or a BadCell."""
    try:
        if "." in text or "e" in text or "E" in text:
            v = float(text)
            if not math.isfinite(v):
                raise ValueError
            return v
        return int(text)
    except ValueError:
        return BadCell(f"不是有效的数字“{text.strip()[:20]}”{_NOT_EXCEL}")


class XlsxFile:
    """An .xlsx file opened for reading within the bounds above (see the module's doc)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._budget = MAX_READ_BYTES
        self._types: dict[str, str] | None = None  # [Content_Types].xml: content type -> part
        self.rows_read = 0
        self.cells_read = 0
        size = self.path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise WorkbookRefused(f"超过 {MAX_FILE_BYTES // MB} MB（{size / MB:.1f} MB）")
        entries = _zip_entry_count(self.path)
        if entries is None:
            raise WorkbookRefused("文件可能已损坏", damaged=True)
        if entries > MAX_ZIP_ENTRIES:
            raise WorkbookRefused(f"内含 {entries} 个部件（最多 {MAX_ZIP_ENTRIES} 个）", foreign=True)
        try:
            self.zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise WorkbookRefused("文件可能已损坏", damaged=True) from None
        try:
            self._open()
        except BaseException:
            self.zip.close()
            raise

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> "XlsxFile":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the parts ------------------------------------------------------------------------------

    def _size(self, name: str, limit: int, what: str) -> int:
        try:
            info = self.zip.getinfo(name)
        except KeyError:
            raise WorkbookRefused(f"缺少{what}，文件可能已损坏", damaged=True) from None
        if info.file_size > limit:
            raise WorkbookRefused(
                f"的{what}解压后有 {info.file_size / MB:.0f} MB（最多 {limit // MB} MB）"
            )
        return info.file_size

    def _parse(self, name: str, p, what: str, where=lambda: "") -> Iterator[None]:
        """Feed a part to the parser a chunk at a time; yields after each chunk."""
        size = self.zip.getinfo(name).file_size
        if size > self._budget:
            raise WorkbookRefused(
                f"的内容解压后超过 {MAX_READ_BYTES // MB} MB（{what}处）"
            )
        self._budget -= size
        try:
            with self.zip.open(name) as src:
                while True:
                    chunk = src.read(CHUNK)
                    p.Parse(chunk, not chunk)
                    yield
                    if not chunk:
                        break
        except expat.ExpatError as e:
            raise WorkbookRefused(
                f"{what}{where()}不是有效的 XML（{expat.ErrorString(e.code)}）", damaged=True, foreign=True
            ) from None
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError, ValueError):
            raise WorkbookRefused(f"{what}已损坏", damaged=True) from None

    def _read_small(self, name: str, what: str, start) -> None:
        self._size(name, MAX_SMALL_PART, what)
        p = _parser(start)
        for _ in self._parse(name, p, what):
            pass

    def _rels(self, name: str) -> dict[str, tuple[str, str]]:
        """Id -> (type, target part) of a relationships part ({} if there is none)."""
        if name not in self.zip.NameToInfo:
            return {}
        base = posixpath.dirname(posixpath.dirname(name))  # xl/_rels/workbook.xml.rels -> xl
        out: dict[str, tuple[str, str]] = {}

        def start(tag, attrs):
            if tag.endswith("Relationship") and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "")
                part = target[1:] if target.startswith("/") else posixpath.normpath(
                    posixpath.join(base, target))
                out[attrs.get("Id", "")] = (attrs.get("Type", ""), part)

        self._read_small(name, "部件关系", start)
        return out

    def _open(self) -> None:
        main = next((part for typ, part in self._rels("_rels/.rels").values()
                     if typ.endswith("/officeDocument")), "xl/workbook.xml")
        rels = self._rels(posixpath.join(posixpath.dirname(main), "_rels",
                                         posixpath.basename(main) + ".rels"))
        sheets: list[tuple[str, str]] = []
        self.date1904 = False
        tags = _tags("sheet", "workbookPr")

        def start(tag, attrs):
            kind = tags.get(tag)
            if kind == "sheet":
                if len(sheets) >= MAX_SHEETS:
                    raise WorkbookRefused(f"有超过 {MAX_SHEETS} 个工作表", foreign=True)
                rid = next((v for k, v in attrs.items() if k in _RID), "")
                sheets.append((attrs.get("name", "")[:100], rid))
            elif kind == "workbookPr":
                self.date1904 = attrs.get("date1904", "").lower() in ("1", "true")

        self._read_small(main, "工作簿目录", start)
        self.sheets = []
        for title, rid in sheets:
            typ, part = rels.get(rid, ("", None))
            self.sheets.append(Sheet(title, part if typ.endswith("/worksheet") else None))
        strings = self._part(rels, "sharedStrings", "xl/sharedStrings.xml")
        styles = self._part(rels, "styles", "xl/styles.xml")
        # refused at once when what would be read is over the bound
        total = sum(self._size(s.part, MAX_PART_BYTES, f"工作表「{s.title}」")
                    for s in self.sheets if s.part is not None)
        if strings is not None and strings in self.zip.NameToInfo:
            total += self._size(strings, MAX_PART_BYTES, "共享字符串表")
        if total > self._budget:
            raise WorkbookRefused(
                f"的内容解压后有 {total / MB:.0f} MB（最多 {MAX_READ_BYTES // MB} MB）"
            )
        self.date_styles = self._date_styles(styles) if styles in self.zip.NameToInfo else frozenset()
        self.strings = self._shared_strings(strings) if strings in self.zip.NameToInfo else []

    def _part(self, rels: dict[str, tuple[str, str]], kind: str, usual: str) -> str | None:
        """The workbook's shared strings or styles: by its relationship, as Excel finds it, else
        by its content type, as openpyxl does, else at its usual place."""
        part = next((p for t, p in rels.values() if t.endswith("/" + kind)), None)
        if part is not None:
            return part
        if self._types is None:
            types: dict[str, str] = {}
            self._types = types
            if "[Content_Types].xml" in self.zip.NameToInfo:
                def start(tag, attrs):
                    if tag.endswith("Override"):
                        types[attrs.get("ContentType", "")] = attrs.get("PartName", "").lstrip("/")

                self._read_small("[Content_Types].xml", "内容类型表", start)
        part = next((p for t, p in self._types.items() if t.endswith(f".{kind}+xml")), None)
        return part if part is not None else usual

    def _date_styles(self, name: str) -> frozenset[int]:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

        custom: dict[int, str] = {}
        xf_formats: list[int] = []
        depth = {"cellXfs": 0}
        tags = _tags("numFmt", "cellXfs", "xf")

        def start(tag, attrs):
            kind = tags.get(tag)
            if kind == "numFmt":
                try:
                    custom[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")[:255]
                except ValueError:
                    pass
            elif kind == "cellXfs":
                depth["cellXfs"] += 1
            elif kind == "xf" and depth["cellXfs"]:
                if len(xf_formats) >= 100_000:
                    raise WorkbookRefused("的样式表过大", foreign=True)
                try:
                    xf_formats.append(int(attrs.get("numFmtId", "0")))
                except ValueError:
                    xf_formats.append(0)

        def end(tag):
            if tags.get(tag) == "cellXfs":
                depth["cellXfs"] -= 1

        self._size(name, MAX_SMALL_PART, "样式表")
        p = _parser(start, end)
        for _ in self._parse(name, p, "样式表"):
            pass
        dates = set()
        for i, fid in enumerate(xf_formats):
            fmt = custom.get(fid) if fid in custom else BUILTIN_FORMATS.get(fid)
            if fmt and is_date_format(fmt):
                dates.add(i)
        return frozenset(dates)

    def _shared_strings(self, name: str) -> list:
        strings: list = []
        tags = _tags("si", "t", "rPh")
        st = {"in_si": False, "rph": 0, "t": False, "n": 0, "long": False, "chars": 0}
        buf: list[str] = []

        def start(tag, attrs):
            kind = tags.get(tag)
            if kind == "si":
                st.update(in_si=True, rph=0, t=False, n=0, long=False)
                buf.clear()
            elif kind == "t":
                st["t"] = st["in_si"] and not st["rph"]
            elif kind == "rPh":
                st["rph"] += 1

        def end(tag):
            kind = tags.get(tag)
            if kind == "t":
                st["t"] = False
            elif kind == "rPh":
                st["rph"] -= 1
            elif kind == "si":
                st["in_si"] = False
                if len(strings) >= MAX_SHARED_STRINGS:
                    raise WorkbookRefused(
                        f"的共享字符串超过 {_wan(MAX_SHARED_STRINGS)}条（最多 {_wan(MAX_SHARED_STRINGS)}条）"
                    )
                if st["long"]:
                    strings.append(TOO_LONG)
                else:
                    strings.append("".join(buf).replace("x005F_", ""))
                st["chars"] += st["n"]
                if st["chars"] > MAX_SHARED_CHARS:
                    raise WorkbookRefused(
                        f"的共享字符串共超过 {_wan(MAX_SHARED_CHARS)}字（最多 {_wan(MAX_SHARED_CHARS)}字）"
                    )

        def data(text):
            if st["t"] and not st["long"]:
                st["n"] += len(text)
                if st["n"] > MAX_CELL_CHARS:
                    st["long"] = True
                    buf.clear()
                else:
                    buf.append(text)

        p = _parser(start, end, data)
        for _ in self._parse(name, p, "共享字符串表"):
            pass
        return strings

    # -- a sheet's rows -----------------------------------------------------------------------------

    def rows(self, sheet: Sheet) -> Iterator[Row]:
        """The rows of a sheet that hold something, in order; refuses (WorkbookRefused) a sheet
        over the bounds or one whose row numbers do not grow within Excel's range."""
        return sheet_rows(self, sheet)


def sheet_rows(self: XlsxFile, sheet: Sheet) -> Iterator[Row]:
    """XlsxFile.rows: the sheet's XML read by expat, a chunk at a time, the row and the cell
    being read held in the handlers' closure (they run for every element)."""
    if sheet.part is None:
        return
    strings, date_styles = self.strings, self.date_styles
    epoch = dt.datetime(1904, 1, 1) if self.date1904 else None
    title = sheet.title
    tags = _tags("row", "c", "v", "f", "is", "t", "rPh")
    ROW, C, V, F, IS, T, RPH = "row", "c", "v", "f", "is", "t", "rPh"
    out: list[Row] = []
    cells: list = []
    stray: list = []
    buf: list[str] = []
    # the row and the cell being read (closure variables: the handlers run per element)
    depth = row_number = col = chars = rows = cells_seen = 0
    cell_budget = MAX_CELLS - self.cells_read
    in_c = collect = is_long = has_f = in_is = False
    rph = 0
    t: str = "n"
    style: str | None = None
    ref = ""
    v_text: str | None = None
    inline: str | None = None

    def start(tag, attrs):
        nonlocal depth, row_number, col, chars, in_c, collect, is_long, has_f, in_is, rph
        nonlocal t, style, ref, v_text, inline, cells_seen
        depth += 1
        if depth > MAX_DEPTH:
            raise _too_deep()
        kind = tags.get(tag)
        if kind == C:
            cells_seen += 1
            if cells_seen > cell_budget:
                raise WorkbookRefused(f"超过 {_wan(MAX_CELLS)}个单元格（整个工作簿最多 {_wan(MAX_CELLS)}个）")
            r = attrs.get("r")
            if r is None:
                col += 1
                ref = ""
            else:
                letters = r.rstrip("0123456789")
                col = _COLUMNS.get(letters) or _COLUMNS.get(letters.upper(), 0)
                ref = r[:20]
            in_c, chars, is_long, has_f, v_text, inline = True, 0, False, False, None, None
            t = attrs.get("t", "n")
            style = attrs.get("s")
        elif kind == V:
            if in_c:
                collect = True
                buf.clear()
        elif kind == T:
            if in_is and not rph:
                collect = True
                buf.clear()
        elif kind == ROW:
            r = attrs.get("r")
            prev = row_number
            if r is None:
                number = prev + 1
            else:
                try:
                    number = int(r)
                except ValueError:
                    number = -1
            if not prev < number <= MAX_ROW_NUMBER:
                raise WorkbookRefused(
                    f"的工作表「{title}」" + (f"第 {prev} 行之后" if prev else "开头")
                    + f"的行号“{(r or '')[:20]}”无效（Excel 的行号从 1 到 {MAX_ROW_NUMBER} 依次增大）",
                    foreign=True,
                )
            row_number = number
            col = 0
            cells.clear()
            stray.clear()
        elif kind == F:
            has_f = True
        elif kind == IS:
            if in_c:
                in_is = True
                inline = ""
        elif kind == RPH:
            rph += 1

    def data(text):
        nonlocal chars, is_long
        if collect and not is_long:
            chars += len(text)
            if chars > MAX_CELL_CHARS:
                is_long = True
                buf.clear()
            else:
                buf.append(text)

    def end(tag):
        nonlocal depth, col, in_c, collect, in_is, rph, v_text, inline, rows
        depth -= 1
        kind = tags.get(tag)
        if kind == C:
            in_c = collect = False
            value = _cell_value(t, v_text, inline, has_f, is_long, style, strings, date_styles, epoch)
            if not 1 <= col <= MAX_COLUMN:
                if len(stray) < MAX_STRAY_PER_ROW:
                    stray.append((ref or "?", BadCell(
                        f"单元格位置“{ref}”超出了 Excel 的范围（最多到 XFD 列）{_NOT_EXCEL}")))
                elif len(stray) == MAX_STRAY_PER_ROW:
                    stray.append(("…", BadCell("还有更多超出范围的单元格")))
                col = MAX_COLUMN + 1  # a cell after it without a reference stays out too
                return
            if value is None:
                return
            n = len(cells)
            if col > n:
                if col > n + 1:
                    cells.extend([None] * (col - 1 - n))
                cells.append(value)
            else:
                cells[col - 1] = value
        elif kind == V:
            if collect:
                v_text = "".join(buf)
                collect = False
        elif kind == T:
            if collect:
                inline = (inline or "") + "".join(buf)
                collect = False
        elif kind == ROW:
            if cells or stray:
                rows += 1
                self.rows_read += 1
                if rows > MAX_ROWS_PER_SHEET + HEADER_ROWS:
                    raise WorkbookRefused(
                        f"的工作表「{title}」超过 {_wan(MAX_ROWS_PER_SHEET)}行（每个工作表最多 "
                        f"{_wan(MAX_ROWS_PER_SHEET)}行）"
                    )
                if self.rows_read > MAX_ROWS:
                    raise WorkbookRefused(
                        f"超过 {_wan(MAX_ROWS)}行（整个工作簿最多 {_wan(MAX_ROWS)}行）"
                    )
                out.append(Row(row_number, tuple(cells), tuple(stray)))
                cells.clear()
                stray.clear()
        elif kind == IS:
            in_is = False
        elif kind == RPH:
            rph -= 1

    p = _parser()
    p.StartElementHandler = start
    p.EndElementHandler = end
    p.CharacterDataHandler = data

    def where() -> str:
        return f"第 {row_number} 行附近" if row_number else ""

    self._size(sheet.part, MAX_PART_BYTES, f"工作表「{title}」")
    for _ in self._parse(sheet.part, p, f"工作表「{title}」", where):
        if out:
            yield from out
            out.clear()
    self.cells_read += cells_seen


def _column_numbers() -> dict[str, int]:
    """Column letters -> number, A to XFD (a dict lookup per cell instead of arithmetic)."""
    out = {}
    for n in range(1, MAX_COLUMN + 1):
        s, k = "", n
        while k:
            k, r = divmod(k - 1, 26)
            s = chr(65 + r) + s
        out[s] = n
    return out


_COLUMNS = _column_numbers()
_RID = {f"{ns} id" for ns in _RELS}


def _cell_value(t: str, text: str | None, inline: str | None, has_f: bool, is_long: bool,
                style: str | None, strings: list, date_styles: frozenset, epoch) -> Any:
    """The value of a cell as read (see XlsxFile.rows): None, str, int, float, bool, datetime,
    or a BadCell. `text`: its <v>; `inline`: its inline string; `has_f`: it has a formula."""
    if is_long:
        return TOO_LONG
    if t == "inlineStr":
        return inline if inline is not None else text
    # a text formula saved with an empty result (=IF(A2="","",…)) is a blank cell; any other
    # formula with no saved result was never calculated
    empty_text_result = t == "str" and text is not None
    if text is not None and not text.strip():
        text = None
    if text is None:
        return UNCALCULATED if has_f and not empty_text_result else None
    if t == "n":
        v = _number(text)
        if style is not None and not isinstance(v, BadCell):
            try:
                is_date = int(style) in date_styles
            except ValueError:
                is_date = False
            if is_date:
                from openpyxl.utils.datetime import from_excel

                try:
                    return from_excel(v, epoch) if epoch else from_excel(v)
                except (ValueError, OverflowError):
                    return v
        return v
    if t == "s":
        try:
            i = int(text)
            if i < 0:
                raise IndexError
            return strings[i]
        except (ValueError, IndexError):
            return BadCell(f"指向的共享字符串“{text.strip()[:20]}”不存在{_NOT_EXCEL}")
    if t == "b":
        flag = text.strip().lower()
        if flag in ("1", "true"):
            return True
        if flag in ("0", "false"):
            return False
        return BadCell(f"不是有效的“是/否”值“{flag[:20]}”{_NOT_EXCEL}")
    if t == "d":
        from openpyxl.utils.datetime import from_ISO8601

        try:
            return from_ISO8601(text)
        except ValueError:
            return text
    if t in ("str", "e"):  # a formula's text; an error such as #N/A
        return text
    return BadCell(f"单元格类型“{t[:20]}”无法识别{_NOT_EXCEL}")


def _zip_entry_count(path: Path) -> int | None:
    """How many entries the zip's end record says it has, read before zipfile lists them (a
    file of a million tiny entries would cost zipfile gigabytes); None if there is no end record."""
    try:
        with open(path, "rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            tail_len = min(size, 22 + 65535 + 20)
            fh.seek(size - tail_len)
            tail = fh.read(tail_len)
    except OSError:
        return None
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    count = int.from_bytes(tail[at + 10:at + 12], "little")
    if count == 0xFFFF:  # zip64: the count is in the zip64 end record
        loc = tail.rfind(b"PK\x06\x07", 0, at)
        if loc < 0:
            return None
        offset = int.from_bytes(tail[loc + 8:loc + 16], "little")
        try:
            with open(path, "rb") as fh:
                fh.seek(offset)
                rec = fh.read(56)
        except (OSError, ValueError, OverflowError):
            return None
        if not rec.startswith(b"PK\x06\x06") or len(rec) < 56:
            return None
        count = int.from_bytes(rec[32:40], "little")
    return count
