"""Hostile workbooks and CSV files, written on demand (nothing binary is kept in the repository).

    python tests/hostile_workbooks.py OUT_DIR [--large]

Each case is a file an attacker (or a broken program) could hand the clerk, with what the import
must do with it: refuse it at once with a reason, or import it with the bad cells named by sheet,
row and column. `small` files prove a bound by construction (the limit is enforced while the file
is streamed, so a file just over it is enough) and keep the test suite fast; `--large` writes the
worst cases at full size (files up to 50 MB: a 2 GB shared string, a 1,048,575-row sheet, ...) for
benchmarks/bench_hostile.py, which measures time and peak memory of each.

The files are written as raw XML inside a zip (not with openpyxl, which would not write them).
"""

from __future__ import annotations

import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET = "矛盾纠纷调解"
HEADER = ["受理日期", "调委会", "村（社区）", "纠纷类型", "当事人", "纠纷简况", "涉及金额（元）", "调解结果",
          "结案日期", "记录编号（勿改）"]
GOOD = ["2025-03-05", "村调委会", None, "邻里纠纷", "张某、李某", "邻里之间的纠纷", None, "调解成功", None, None]
MB = 1024 * 1024


def col(j: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(ref: str, v) -> str:
    if v is None:
        return ""
    if isinstance(v, (int, float)):
        return f'<c r="{ref}"><v>{v}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>'


def row(n: int, values: list, extra: str = "") -> str:
    cells = "".join(cell(f"{col(j)}{n}", v) for j, v in enumerate(values))
    return f'<row r="{n}">{cells}{extra}</row>'


def sheet_xml(rows: Iterable[str]) -> Iterable[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
    buf: list[str] = []
    size = 0
    for r in rows:
        buf.append(r)
        size += len(r)
        if size > 256 * 1024:
            yield "".join(buf).encode()
            buf.clear()
            size = 0
    yield ("".join(buf) + "</sheetData></worksheet>").encode()


def write_xlsx(path: Path, sheets: dict[str, Iterable[bytes] | bytes], *,
               shared: Iterable[bytes] | bytes | None = None,
               workbook: bytes | None = None, extra: dict[str, bytes] | None = None) -> Path:
    """A minimal workbook as Excel lays it out: content types, relationships, workbook, sheets."""
    names = list(sheets)
    types = [f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
             'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(len(names))]
    rels = [f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(names))]
    if shared is not None:
        rels.append(f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' + "".join(types) + "</Types>"
        ).encode())
        z.writestr("_rels/.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>').encode())
        z.writestr("xl/workbook.xml", workbook or (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            + "".join(f'<sheet name="{escape(t)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                      for i, t in enumerate(names))
            + "</sheets></workbook>").encode())
        z.writestr("xl/_rels/workbook.xml.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
            + "".join(rels) + "</Relationships>").encode())
        for i, title in enumerate(names):
            _put(z, f"xl/worksheets/sheet{i + 1}.xml", sheets[title])
        if shared is not None:
            _put(z, "xl/sharedStrings.xml", shared)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def _put(z: zipfile.ZipFile, name: str, data: Iterable[bytes] | bytes) -> None:
    if isinstance(data, bytes):
        z.writestr(name, data)
        return
    with z.open(name, "w", force_zip64=True) as fh:
        for chunk in data:
            fh.write(chunk)


def ledger_sheet(*rows: str) -> Iterable[bytes]:
    return sheet_xml([row(1, HEADER), *rows])


def good_row(n: int, **change) -> str:
    values = list(GOOD)
    for label, v in change.items():
        values[HEADER.index(label)] = v
    return row(n, values)


# -- the cases ------------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    suffix: str
    write: Callable[[Path, bool], None]  # (path, large)
    expect: str  # "refused": exit 2, nothing imported; "problems": exit 1, the bad cells named
    says: tuple[str, ...]  # what the message (or the problem lines) must hold
    large_only: bool = False  # its small version would not be small (the suite tests the bound apart)


def _zzzzzz(path: Path, large: bool) -> None:
    write_xlsx(path, {SHEET: ledger_sheet(
        good_row(2, 当事人=None) .replace("</row>", '<c r="ZZZZZZ2"><v>1</v></c></row>'),
        good_row(3),
    )})


def _huge_shared_string(path: Path, large: bool) -> None:
    """One shared string bigger than the reader takes (2 GB in the large case, in a ~2 MB file)."""
    n = (2 * 1024 * MB) if large else 65 * MB

    def strings():
        yield f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode()
        block = b"a" * (8 * MB)
        left = n
        while left > 0:
            yield block[: min(left, len(block))]
            left -= len(block)
        yield b"</t></si></sst>"

    write_xlsx(path, {SHEET: ledger_sheet(good_row(2).replace(
        '<c r="E2" t="inlineStr"><is><t>张某、李某</t></is></c>', '<c r="E2" t="s"><v>0</v></c>'))},
        shared=strings())


def _long_shared_string(path: Path, large: bool) -> None:
    """A shared string over Excel's 32,767 characters, used in a ledger column: that cell is named."""
    big = "长" * 40_000
    write_xlsx(path, {SHEET: ledger_sheet(good_row(2).replace(
        '<c r="E2" t="inlineStr"><is><t>张某、李某</t></is></c>', '<c r="E2" t="s"><v>0</v></c>'), good_row(3))},
        shared=f'<sst xmlns="{MAIN}"><si><t>{big}</t></si></sst>'.encode())


def _lying_size(path: Path, large: bool) -> None:
    """A sheet whose zip entry says it is 1 KB unpacked while it is much more."""
    write_xlsx(path, {SHEET: ledger_sheet(*(good_row(n) for n in range(2, 3000)))})
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    at = 0
    while (at := data.find(name, at + 1)) > 0:
        if data[at - 46:at - 42] == b"PK\x01\x02":  # central directory entry
            data[at - 46 + 24:at - 46 + 28] = (1024).to_bytes(4, "little")
        elif data[at - 30:at - 26] == b"PK\x03\x04":  # local header
            data[at - 30 + 22:at - 30 + 26] = (1024).to_bytes(4, "little")
    path.write_bytes(bytes(data))


def _zip_bomb_sheet(path: Path, large: bool) -> None:
    """A sheet that unpacks to far more than the reader reads (1 GB of empty rows, ~1 MB packed)."""
    n = 1024 * MB if large else 130 * MB
    chunk = b"<row/>" * (MB // 6)

    def body():
        yield f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
        left = n
        while left > 0:
            yield chunk
            left -= len(chunk)
        yield b"</sheetData></worksheet>"

    write_xlsx(path, {SHEET: body()})


def _row_2000000000(path: Path, large: bool) -> None:
    write_xlsx(path, {SHEET: ledger_sheet(good_row(2), good_row(2_000_000_000))})


def _rows_backwards(path: Path, large: bool) -> None:
    write_xlsx(path, {SHEET: ledger_sheet(good_row(5), good_row(3))})


def _too_many_rows(path: Path, large: bool) -> None:
    """1,048,575 rows (large) or one more than a sheet may have (small)."""
    from yaofu_desktop.excel.xlsx import HEADER_ROWS, MAX_ROWS_PER_SHEET

    n = 1_048_575 if large else MAX_ROWS_PER_SHEET + HEADER_ROWS
    write_xlsx(path, {SHEET: sheet_xml(
        [row(1, HEADER)] + [f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(2, n + 2)])})


def _bad_rows(path: Path, large: bool) -> None:
    """Every row bad: at most 200 problems listed, then how many more."""
    from yaofu_desktop.excel.xlsx import MAX_ROWS_PER_SHEET

    n = MAX_ROWS_PER_SHEET if large else 3000
    write_xlsx(path, {SHEET: ledger_sheet(*(good_row(i, 受理日期="三月初", 纠纷类型="外星纠纷")
                                            for i in range(2, n + 2)))})


def _malformed_cells(path: Path, large: bool) -> None:
    """Cells Excel never writes, one in each row: each is named, the good row imports."""
    write_xlsx(path, {SHEET: ledger_sheet(
        good_row(2).replace('<c r="E2" t="inlineStr"><is><t>张某、李某</t></is></c>', '<c r="E2" t="s"><v>abc</v></c>'),
        good_row(3).replace('<c r="E3" t="inlineStr"><is><t>张某、李某</t></is></c>',
                            '<c r="E3" t="s"><v>99999</v></c>'),
        good_row(4) .replace("</row>", '<c r="G4"><v>1.2.3</v></c></row>'),
        good_row(5).replace('<c r="E5" t="inlineStr"><is><t>张某、李某</t></is></c>',
                            '<c r="E5" t="zz"><v>1</v></c>'),
        good_row(6).replace('<c r="E6" t="inlineStr"><is><t>张某、李某</t></is></c>',
                            '<c r="E6" t="b"><v>maybe</v></c>'),
        good_row(7),
    )}, shared=f'<sst xmlns="{MAIN}"><si><t>x</t></si></sst>'.encode())


def _long_inline_cell(path: Path, large: bool) -> None:
    write_xlsx(path, {SHEET: ledger_sheet(good_row(2, 纠纷简况="长" * 40_000), good_row(3))})


def _formula_key(path: Path, large: bool) -> None:
    """A 记录编号 that is a formula Excel would run (=cmd|' /C calc'!A0)."""
    write_xlsx(path, {SHEET: ledger_sheet(good_row(2, **{"记录编号（勿改）": "=cmd|' /C calc'!A0"}), good_row(3))})


def _billion_laughs(path: Path, large: bool) -> None:
    lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                     for i in range(1, 10))
           + f']><worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;'
           '</t></is></c></row></sheetData></worksheet>')
    write_xlsx(path, {SHEET: lol.encode()})


def _deep_nesting(path: Path, large: bool) -> None:
    n = 16 * MB if large else 100_000

    def body():
        yield f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'.encode()
        yield b"<a>" * n
        yield b"</a>" * n
        yield b"</row></sheetData></worksheet>"

    write_xlsx(path, {SHEET: body()})


def _many_entries(path: Path, large: bool) -> None:
    write_xlsx(path, {SHEET: ledger_sheet(good_row(2))},
               extra={f"junk/{i}.bin": b"" for i in range(200_000 if large else 10_001)})


def _many_sheets(path: Path, large: bool) -> None:
    sheets = "".join(f'<sheet name="s{i}" sheetId="{i + 1}" r:id="rId1"/>' for i in range(100_000 if large else 300))
    write_xlsx(path, {SHEET: ledger_sheet(good_row(2))}, workbook=(
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheets}</sheets></workbook>').encode())


def _wide_rows(path: Path, large: bool) -> None:
    """Rows of every column Excel has (A to XFD), many of them."""
    n = 55 if large else 12  # (55 rows of XFD: just within the bound of cells)
    cells = "".join(f'<c r="{col(j)}{{n}}"><v>1</v></c>' for j in range(16_384))
    write_xlsx(path, {SHEET: sheet_xml([row(1, HEADER)] + [f'<row r="{i}">' + cells.replace("{n}", str(i)) + "</row>"
                                                          for i in range(2, n + 2)])})


def _million_cells(path: Path, large: bool) -> None:
    """More cells than a workbook may have: rows of every column Excel has (A to XFD), each a
    cell holding 1 (the reading, not the rows, is what such a file costs)."""
    from yaofu_desktop.excel.xlsx import MAX_CELLS

    n = MAX_CELLS // 16_384 + 1
    cells = "".join(f'<c r="{col(j)}{{n}}"><v>1</v></c>' for j in range(16_384))
    write_xlsx(path, {SHEET: sheet_xml([row(1, HEADER)] + [f'<row r="{i}">' + cells.replace("{n}", str(i)) + "</row>"
                                                          for i in range(2, n + 2)])})


def _many_shared_strings(path: Path, large: bool) -> None:
    from yaofu_desktop.excel.xlsx import MAX_SHARED_STRINGS

    n = MAX_SHARED_STRINGS + 1

    def strings():
        yield f'<sst xmlns="{MAIN}">'.encode()
        for i in range(0, n, 10_000):
            yield "".join(f"<si><t>{k}</t></si>" for k in range(i, min(n, i + 10_000))).encode()
        yield b"</sst>"

    write_xlsx(path, {SHEET: ledger_sheet(good_row(2))}, shared=strings())


def _csv_long_line(path: Path, large: bool) -> None:
    n = 50 * MB - 1024 if large else 3 * MB
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(",".join(HEADER) + "\n")
        fh.write(",".join(v or "" for v in GOOD) + "\n")
        block = "a," * (MB // 2)
        left = n // 2
        while left > 0:
            fh.write(block[: 2 * min(left, MB // 2)])
            left -= MB // 2
        fh.write("\n")


def _csv_many_rows(path: Path, large: bool) -> None:
    from yaofu_desktop.excel.xlsx import MAX_ROWS_PER_SHEET

    line = ",".join(v or "" for v in GOOD) + "\n"
    n = (50 * MB - 1024) // len(line.encode()) if large else MAX_ROWS_PER_SHEET + 1
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(",".join(HEADER) + "\n")
        for _ in range(n):
            fh.write(line)


def _csv_formula_cells(path: Path, large: bool) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(",".join(HEADER) + "\n")
        values = list(GOOD)
        values[HEADER.index("记录编号（勿改）")] = "=cmd|' /C calc'!A0"
        fh.write(",".join(v or "" for v in values) + "\n")


def _over_50_mb(path: Path, large: bool) -> None:
    """A file over the 50 MB the reader takes (sparse: no disk is used for its zeros)."""
    write_xlsx(path, {SHEET: ledger_sheet(good_row(2))})
    with open(path, "r+b") as fh:
        fh.truncate(50 * MB + 1)


CASES = [
    Case("cell_ZZZZZZ2", ".xlsx", _zzzzzz, "problems", ("第2行", "ZZZZZZ2", "超出了 Excel 的范围")),
    Case("shared_string_2GB", ".xlsx", _huge_shared_string, "refused", ("共享字符串表", "MB")),
    Case("shared_string_over_cell_limit", ".xlsx", _long_shared_string, "problems", ("第2行「当事人」", "32767")),
    Case("entry_size_lies", ".xlsx", _lying_size, "refused", ("已损坏",)),
    Case("zip_bomb_sheet", ".xlsx", _zip_bomb_sheet, "refused", ("解压后", "MB")),
    Case("row_2000000000", ".xlsx", _row_2000000000, "refused", ("第 2 行之后", "2000000000", "1048576")),
    Case("rows_going_back", ".xlsx", _rows_backwards, "refused", ("第 5 行之后", "“3”")),
    Case("too_many_rows", ".xlsx", _too_many_rows, "refused", ("超过 2 万行", "每个工作表最多 2 万行")),
    Case("every_row_bad", ".xlsx", _bad_rows, "problems", ("另有", "未列出")),
    Case("malformed_cells", ".xlsx", _malformed_cells, "problems",
         ("第2行「当事人」", "第3行「当事人」", "第4行「涉及金额（元）」", "第5行「当事人」", "第6行「当事人」")),
    Case("cell_over_32767", ".xlsx", _long_inline_cell, "problems", ("第2行「纠纷简况」", "32767")),
    Case("formula_record_key", ".xlsx", _formula_key, "problems", ("第2行「记录编号」", "记录编号")),
    Case("billion_laughs", ".xlsx", _billion_laughs, "refused", ("DTD",)),
    Case("deep_nesting", ".xlsx", _deep_nesting, "refused", ("嵌套",)),
    Case("many_zip_entries", ".xlsx", _many_entries, "refused", ("部件",)),
    Case("many_sheets", ".xlsx", _many_sheets, "refused", ("工作表",)),
    Case("wide_rows", ".xlsx", _wide_rows, "problems", ("第2行",)),
    Case("a_million_cells", ".xlsx", _million_cells, "refused", ("100 万个单元格",), large_only=True),
    Case("many_shared_strings", ".xlsx", _many_shared_strings, "refused", ("共享字符串", "50 万条")),
    Case("over_50MB", ".xlsx", _over_50_mb, "refused", ("超过 50 MB",)),
    Case("csv_one_huge_line", ".csv", _csv_long_line, "refused", ("第 3 行",)),
    Case("csv_too_many_rows", ".csv", _csv_many_rows, "refused", ("超过 2 万行",)),
    Case("csv_formula_key", ".csv", _csv_formula_cells, "problems", ("第2行「记录编号」",)),
]


def write_all(folder: Path, large: bool = False, only: Iterable[str] | None = None) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for case in CASES:
        if only is not None and case.name not in only or case.large_only and not large:
            continue
        path = folder / (case.name + case.suffix)
        case.write(path, large)
        out[case.name] = path
    return out


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for name, p in write_all(Path(sys.argv[1]), "--large" in sys.argv).items():
        print(f"{p}  {p.stat().st_size / MB:.1f} MB")
