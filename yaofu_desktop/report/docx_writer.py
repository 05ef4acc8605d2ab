"""Render a `Document` as a Word file (.docx) that clerks edit in WPS or Word.

The layout follows GB/T 9704-2012 as the PDF renderer does: A4, margins top 37 mm, left 28 mm,
right 26 mm, bottom 35 mm; a line grid of 22 lines (w:docGrid type="lines") with exact 28.95 pt
line spacing on every text style, and 28 characters a line by setting the characters 0.25 pt
closer (see CHAR_SPACING: a character grid gives 14 characters a line in LibreOffice). The title
and the mark do not snap to the grid.

Every block kind has its own named paragraph style ("发文机关标志", "公文标题", "主送机关",
"一级标题", "公文正文", "落款", "成文日期", "表格文字", "页码"), so the clerk can restyle all
paragraphs of a kind at once; the 楷体 run-in headings carry the character style "二级标题".

python-docx's `font.name` does not set the East-Asian font, and WPS/Word lay Chinese text in the
East-Asian font (w:eastAsia). So every style and every run gets an explicit w:rFonts with
w:eastAsia, w:ascii and w:hAnsi set to the same official font (digits in the same face, as in the
PDF) and w:hint="eastAsia" so that “”、— are set in the Chinese face too. The font table names
the common Windows faces as alternates (仿宋_GB2312 → 仿宋 …) for PCs without the GB2312 fonts.

Page numbers: "— N —" with a PAGE field, 4号 (14 pt) 宋体, odd pages right and even pages left,
each one character in from the text block (w:evenAndOddHeaders + an even-page footer).

The file is written to a temporary file in the target folder and moved into place with
os.replace, so a failed render never leaves a half-written file or replaces an existing one.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
import re
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, Twips
from lxml import etree

from ..fileio import write_atomically
from .document import BODY, HEI, KAI, TITLE, Block, Document, red_hex, text_width
from .ooxml import PPR_ORDER, RPR_ORDER, SECTPR_ORDER, SETTINGS_ORDER, TBLPR_ORDER, insert_in_order

__all__ = ["render_docx", "FONT_FANGSONG", "FONT_HEI", "FONT_KAI", "FONT_XBS", "FONT_SONG"]

# ---------------------------------------------------------------------------------------------
# Fonts (names as installed on Chinese Windows office PCs; see tests/data/fonts-and-layout.md)
FONT_FANGSONG = "仿宋_GB2312"
FONT_HEI = "黑体"
FONT_KAI = "楷体_GB2312"
FONT_XBS = "方正小标宋简体"
FONT_SONG = "宋体"
# Characters a name may hold beyond what the GB2312 faces have (喆 堃 㛃 𠮷): set in the face that
# Windows has for them, as the PDF draws them in its 宋 fallback: 宋体 (SimSun: GB 18030's two- and
# four-byte BMP characters, Extension A included) or SimSun-ExtB (Extensions B and beyond); in a
# 黑体 run, 微软雅黑 (the sans face of Windows with all of GB 18030's BMP characters).
FONT_SONG_EXTB = "SimSun-ExtB"
FONT_YAHEI = "微软雅黑"

# (name, alternate name, panose, pitch) for the font table: Word and WPS use the alternate name
# and the classification when the font itself is missing (e.g. Windows 10 has 仿宋 and 楷体 but not
# the _GB2312 faces).
_FONT_TABLE = (
    (FONT_FANGSONG, "仿宋", "02010609030101010101", "modern"),
    (FONT_KAI, "楷体", "02010609030101010101", "modern"),
    (FONT_HEI, "SimHei", "02010609060101010101", "modern"),
    (FONT_XBS, "华文中宋", "02000000000000000000", "auto"),
    (FONT_SONG, "SimSun", "02010600030101010101", "auto"),
    (FONT_SONG_EXTB, "宋体-方正超大字符集", "02010609060101010101", "modern"),
    (FONT_YAHEI, "Microsoft YaHei", "020B0503020204020204", "swiss"),
)


def _beyond_gb2312(ch: str) -> bool:
    """A Han character (or other character) the GB2312 faces of Windows do not have."""
    if ord(ch) < 0x2E80:
        return False
    try:
        ch.encode("gb2312")
        return False
    except UnicodeEncodeError:
        return True


def font_segments(text: str, face: str) -> list[tuple[str, str]]:
    """`text` cut where the face must change: the run's own face, or the one Windows has for the
    characters beyond GB2312 (FONT_SONG, FONT_YAHEI for 黑体, FONT_SONG_EXTB past the BMP)."""
    out: list[tuple[str, str]] = []
    for ch in text:
        if not _beyond_gb2312(ch):
            f = face
        elif ord(ch) > 0xFFFF:
            f = FONT_SONG_EXTB
        else:
            f = FONT_YAHEI if face == FONT_HEI else FONT_SONG
        if out and out[-1][1] == f:
            out[-1] = (out[-1][0] + ch, f)
        else:
            out.append((ch, f))
    return out


RUN_FONTS = {BODY: FONT_FANGSONG, HEI: FONT_HEI, KAI: FONT_KAI, TITLE: FONT_XBS}

# ---------------------------------------------------------------------------------------------
# Page geometry in twips (1/20 pt), rounded as Word stores them.
_MM = 1440 / 25.4  # twips per millimetre
PAGE_W = 11906  # A4 210 mm
PAGE_H = 16838  # A4 297 mm
MARGIN_TOP = round(37 * _MM)  # 2098
MARGIN_BOTTOM = round(35 * _MM)  # 1984
MARGIN_LEFT = round(28 * _MM)  # 1587
MARGIN_RIGHT = round(26 * _MM)  # 1474
HEADER_DIST = round(15 * _MM)
# The top of the page number's em box 7 mm below the text block (as in the PDF): the footer
# line (exactly 16 pt, the 14 pt numerals' baseline about 4.3 mm above its foot) ends 22.5 mm
# above the page's lower edge (measured in LibreOffice's PDF of the file).
FOOTER_DIST = round(22.5 * _MM)

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
MARK_PT = 26  # 一号: the mark's size is the issuer's choice (GB/T 9704 7.2.2); kept moderate
PAGE_NUMBER_PT = 14  # 4号
TABLE_PT = 14  # 4号 in appendix tables
COPY_TO_PT = 14  # 4号: 版记 (GB/T 9704 7.4.2)
# The document grid: line pitch = text height / 22, floored to a twip (579 = 28.95 pt). A line
# grid only (w:docGrid type="lines"): with a character grid (type="linesAndChars", charSpace
# −842, the pitch Word computes for 28 characters) Word and WPS squeeze each 16 pt character
# into its 15.79 pt cell, but LibreOffice gives a character wider than the cell two cells and
# sets 14 characters a line (LibreOffice's cell is the Normal style's East-Asian size plus
# charSpace, 15.75 pt here, so the default size was never the cause: it is 16 pt). Instead the
# characters themselves are set 0.25 pt closer (w:spacing −5, in twentieths of a point, in the
# document defaults): 28 × 15.75 pt fit the 156 mm line and 29 do not, in Word, WPS and
# LibreOffice alike.
LINE_PITCH = (PAGE_H - MARGIN_TOP - MARGIN_BOTTOM) // LINES_PER_PAGE
CHAR_SPACING = math.floor(
    ((PAGE_W - MARGIN_LEFT - MARGIN_RIGHT) / CHARS_PER_LINE - BODY_PT * 20)
)  # twentieths of a point: −5
CHAR_TWIPS = BODY_PT * 20  # one body character (320 twips) for indents given in twips

RED = red_hex()  # the PDF's red

# Paragraph style for each block kind: (style id, style name)
STYLE_IDS = {
    "mark": ("GWMark", "发文机关标志"),
    "title": ("GWTitle", "公文标题"),
    "addressee": ("GWAddressee", "主送机关"),
    "heading1": ("GWHeading1", "一级标题"),
    "para": ("GWBody", "公文正文"),
    "signature": ("GWSignature", "落款"),
    "date": ("GWDate", "成文日期"),
    "attachment": ("GWAttachment", "附件说明"),
    "appendix_label": ("GWAppendixLabel", "附件标识"),
    "appendix_title": ("GWAppendixTitle", "附件标题"),
    "copy_to": ("GWCopyTo", "抄送机关"),
}
TABLE_STYLE = ("GWTableText", "表格文字")
TABLE_HEAD_STYLE = ("GWTableHead", "表格表头")
PAGE_NUMBER_STYLE = ("GWPageNumber", "页码")
KAI_CHAR_STYLE = ("GWHeading2Char", "二级标题")
HEI_CHAR_STYLE = ("GWHeiChar", "黑体强调")

# Default font of each block kind; a run styled BODY takes its block's default face.
_BLOCK_FONT = {"mark": TITLE, "title": TITLE, "heading1": HEI, "appendix_label": HEI,
               "appendix_title": TITLE}
_BLOCK_SIZE = {"mark": MARK_PT, "title": TITLE_PT, "appendix_title": TITLE_PT,
               "copy_to": COPY_TO_PT}


# ---------------------------------------------------------------------------------------------
# Public API


def render_docx(document: Document, out_path) -> None:
    """Write `document` as a .docx file at `out_path` (str or Path).

    The file appears complete or not at all: it is written to a temporary file in the same
    folder and moved into place; on any error the temporary file is removed and an existing file
    at `out_path` is left as it was.
    """
    out_path = Path(out_path)
    d = _build(document)
    write_atomically(d.save, out_path)


def render_docx_bytes(document: Document) -> bytes:
    """The .docx file as bytes (for previews and tests)."""
    buf = io.BytesIO()
    _build(document).save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Building


def _build(document: Document):
    d = docx.Document()
    _setup_defaults(d)
    _setup_styles(d)
    _setup_fonts_table(d)
    _setup_section(d)
    _setup_footers(d)
    _set_core_properties(d, document)
    _drop_thumbnail(d)

    body = d.element.body
    # The template's document starts with one empty paragraph: drop it (keep the sectPr).
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)

    pending_break = False
    for block in document.blocks:
        if block.kind == "pagebreak":
            pending_break = True
            continue
        if block.kind == "table":
            if pending_break:
                # A table cannot start a page by itself: an empty, 1 pt high paragraph does.
                p = d.add_paragraph(style=STYLE_IDS["para"][1])
                p.paragraph_format.page_break_before = True
                p.paragraph_format.line_spacing = Pt(1)
                p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                pending_break = False
            _add_table(d, block)
            continue
        p = _add_block_paragraph(d, block)
        if block.kind == "signature":
            _centre_over_date(p, block, document.blocks)
        elif block.kind == "copy_to":
            _at_the_foot(p)
        if pending_break:
            p.paragraph_format.page_break_before = True
            pending_break = False
    # (a page break as the last block would only add an empty page: it is dropped)
    # Word wants the body to end with a paragraph; after a closing table add an empty one.
    if len(body) < 2 or body[-2].tag == qn("w:tbl"):
        d.add_paragraph(style=STYLE_IDS["para"][1])
    return d


def _centre_over_date(p, sig: Block, blocks: list[Block]) -> None:
    """GB/T 9704 7.3.5.1, as in the PDF: the signature centred over the date (which has four
    characters of space on its right); a name too long for that two characters in."""
    i = next((k for k, b in enumerate(blocks) if b is sig), -1)
    date = blocks[i + 1] if 0 <= i < len(blocks) - 1 and blocks[i + 1].kind == "date" else None
    if date is None:
        right = 4.0
    else:
        right = 4 + (text_width(date.text) - text_width(sig.text)) / 2
        if right < 0 or text_width(sig.text) + right > CHARS_PER_LINE:
            right = 2.0
    hundredths = round(max(right, 0.0) * 100)
    pPr = p._p.get_or_add_pPr()
    for el in pPr.findall(qn("w:ind")):
        pPr.remove(el)
    ind = OxmlElement("w:ind")
    ind.set(qn("w:right"), str(round(hundredths * CHAR_TWIPS / 100)))
    ind.set(qn("w:rightChars"), str(hundredths))
    ind.set(qn("w:firstLine"), "0")
    ind.set(qn("w:firstLineChars"), "0")
    insert_in_order(pPr, ind, PPR_ORDER)


def _at_the_foot(p) -> None:
    """版记 in a frame at the foot of the text block (on the paragraph too: LibreOffice reads a
    frame only from the paragraph's own properties)."""
    pPr = p._p.get_or_add_pPr()
    insert_in_order(pPr, _foot_frame(), PPR_ORDER)


def _foot_frame():
    return parse_xml(
        f'<w:framePr {nsdecls("w")} w:w="{PAGE_W - MARGIN_LEFT - MARGIN_RIGHT}" w:wrap="notBeside" '
        'w:vAnchor="margin" w:hAnchor="margin" w:xAlign="center" w:yAlign="bottom"/>')


def _add_block_paragraph(d, block: Block):
    if block.kind not in STYLE_IDS:
        raise ValueError(f"unknown block kind {block.kind!r}")
    p = d.add_paragraph(style=STYLE_IDS[block.kind][1])
    default_face = _BLOCK_FONT.get(block.kind, BODY)
    size = _BLOCK_SIZE.get(block.kind, BODY_PT)
    for run in block.runs:
        face = default_face if run.style == BODY else run.style
        if face not in RUN_FONTS:
            raise ValueError(f"unknown run style {run.style!r}")
        char_style = None
        if block.kind not in ("heading1", "title", "mark", "appendix_label", "appendix_title"):
            char_style = {KAI: KAI_CHAR_STYLE[1], HEI: HEI_CHAR_STYLE[1]}.get(face)
        parts = run.text.replace("\r\n", "\n").split("\n")
        for i, part in enumerate(parts):
            for j, (seg, seg_face) in enumerate(font_segments(part, RUN_FONTS[face]) or [("", RUN_FONTS[face])]):
                r = p.add_run(style=char_style)
                if i and not j:
                    r.add_break()
                if seg:
                    r.add_text(seg)
                _set_run_font(r._r, seg_face, size, red=block.kind == "mark")
    return p


def _add_table(d, block: Block) -> None:
    rows = [list(r) for r in block.rows]
    if not rows:
        return
    ncols = max(len(r) for r in rows)
    table = d.add_table(rows=len(rows), cols=ncols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl = table._tbl
    tblPr = tbl.tblPr
    # full text-block width, single black borders all round and inside
    for tag in ("w:tblW", "w:tblBorders", "w:tblLayout", "w:tblCellMar"):
        for el in tblPr.findall(qn(tag)):
            tblPr.remove(el)
    tblW = OxmlElement("w:tblW")
    tblW.set(qn("w:w"), "5000")
    tblW.set(qn("w:type"), "pct")
    borders = parse_xml(
        "<w:tblBorders %s>%s</w:tblBorders>"
        % (
            nsdecls("w"),
            "".join(
                f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            ),
        )
    )
    cell_mar = parse_xml(
        f'<w:tblCellMar {nsdecls("w")}><w:left w:w="85" w:type="dxa"/>'
        '<w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
    )
    insert_in_order(tblPr, tblW, TBLPR_ORDER)
    insert_in_order(tblPr, borders, TBLPR_ORDER)
    insert_in_order(tblPr, cell_mar, TBLPR_ORDER)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    insert_in_order(tblPr, layout, TBLPR_ORDER)
    widths = _column_widths(rows, ncols, PAGE_W - MARGIN_LEFT - MARGIN_RIGHT)
    for col, w in zip(table.columns, widths):
        col.width = Twips(w)
    for ri, row in enumerate(rows):
        tr = table.rows[ri]._tr
        trPr = tr.get_or_add_trPr()
        trPr.append(OxmlElement("w:cantSplit"))
        if ri == 0:
            trPr.append(OxmlElement("w:tblHeader"))  # repeat the header row on each page
        for ci in range(ncols):
            text = str(row[ci]) if ci < len(row) else ""
            cell = table.cell(ri, ci)
            cell.width = Twips(widths[ci])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            head = ri == 0
            p.style = d.styles[TABLE_HEAD_STYLE[1] if head else TABLE_STYLE[1]]
            if not head and _NUMBER.match(text.strip()):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            face = FONT_HEI if head else FONT_FANGSONG
            for i, part in enumerate(text.split("\n")):
                for j, (seg, seg_face) in enumerate(font_segments(part, face) or [("", face)]):
                    r = p.add_run()
                    if i and not j:
                        r.add_break()
                    if seg:
                        r.add_text(seg)
                    _set_run_font(r._r, seg_face, TABLE_PT)


_NUMBER = re.compile(r"^[-+]?[\d,.]+%?$")


def _column_widths(rows: list[list[str]], ncols: int, total: int) -> list[int]:
    """Column widths in twips, summing to `total`, in proportion to each column's longest
    line (at least two characters, at most half the table when there are several columns)."""
    want = []
    for ci in range(ncols):
        longest = max(
            (text_width(line) for r in rows if ci < len(r) for line in str(r[ci]).split("\n")),
            default=0.0,
        )
        want.append(max(longest, 2.0) + 0.5)  # + cell padding
    if ncols > 1:
        cap = sum(want) / 2
        want = [min(w, max(cap, 2.5)) for w in want]
    scale = total / sum(want)
    widths = [int(w * scale) for w in want]
    widths[-1] += total - sum(widths)
    return widths


# ---------------------------------------------------------------------------------------------
# Styles and document-wide settings


def _rfonts(face: str) -> etree._Element:
    el = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:eastAsia", "w:hAnsi", "w:cs"):
        el.set(qn(attr), face)
    el.set(qn("w:hint"), "eastAsia")
    return el


def _set_rpr_font(rPr, face: str, size_pt: float | None, red: bool = False) -> None:
    """Set fonts (all four slots, no theme fonts), size and colour on a w:rPr element."""
    for el in rPr.findall(qn("w:rFonts")):
        rPr.remove(el)
    insert_in_order(rPr, _rfonts(face), RPR_ORDER)
    if size_pt is not None:
        half = str(int(round(size_pt * 2)))
        for tag in ("w:sz", "w:szCs"):
            for el in rPr.findall(qn(tag)):
                rPr.remove(el)
            el = OxmlElement(tag)
            el.set(qn("w:val"), half)
            insert_in_order(rPr, el, RPR_ORDER)
    if red:
        for el in rPr.findall(qn("w:color")):
            rPr.remove(el)
        el = OxmlElement("w:color")
        el.set(qn("w:val"), RED)
        insert_in_order(rPr, el, RPR_ORDER)


def _set_run_font(r, face: str, size_pt: float, red: bool = False) -> None:
    _set_rpr_font(r.get_or_add_rPr(), face, size_pt, red)


def _setup_defaults(d) -> None:
    styles_el = d.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_rpr_font(rpr, FONT_FANGSONG, BODY_PT)
    for el in rpr.findall(qn("w:spacing")):
        rpr.remove(el)
    spacing = OxmlElement("w:spacing")  # 28 characters a line (see CHAR_SPACING)
    spacing.set(qn("w:val"), str(CHAR_SPACING))
    insert_in_order(rpr, spacing, RPR_ORDER)
    for el in rpr.findall(qn("w:lang")):
        rpr.remove(el)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    insert_in_order(rpr, lang, RPR_ORDER)
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for el in list(ppr):
        ppr.remove(el)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    ppr.append(spacing)

    normal = d.styles["Normal"]
    _set_rpr_font(normal.element.get_or_add_rPr(), FONT_FANGSONG, BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    # Word: 奇偶页不同 (even and odd page footers)
    d.settings.odd_and_even_pages_header_footer = True
    settings = d.settings.element
    # Chinese punctuation compression / line-break rules as Word sets them for zh-CN documents.
    for tag, val in (("w:characterSpacingControl", "compressPunctuation"),):
        for el in settings.findall(qn(tag)):
            settings.remove(el)
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        insert_in_order(settings, el, SETTINGS_ORDER)
    # Word 2013+ layout, so Word does not open the file in 兼容模式 (compatibility mode)
    for el in settings.iter(qn("w:compatSetting")):
        if el.get(qn("w:name")) == "compatibilityMode":
            el.set(qn("w:val"), "15")
    for el in settings.findall(qn("w:themeFontLang")):
        el.set(qn("w:eastAsia"), "zh-CN")


def _para_style(d, key, *, face, size, align, line_exact=True, first_line_chars=0,
                right_chars=0, based_on=None, color=None, snap=True):
    sid, name = key
    st = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.style_id = sid
    st.base_style = d.styles[based_on] if based_on else d.styles["Normal"]
    st.quick_style = True
    st.next_paragraph_style = st
    pf = st.paragraph_format
    pf.alignment = align
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.widow_control = True
    if line_exact:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Twips(LINE_PITCH)
    pPr = st.element.get_or_add_pPr()
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), "0")
    ind.set(qn("w:leftChars"), "0")
    ind.set(qn("w:right"), str(right_chars * CHAR_TWIPS // 100))
    ind.set(qn("w:rightChars"), str(right_chars))
    ind.set(qn("w:firstLine"), str(first_line_chars * CHAR_TWIPS // 100))
    ind.set(qn("w:firstLineChars"), str(first_line_chars))
    insert_in_order(pPr, ind, PPR_ORDER)
    # no automatic extra space between Chinese and Latin letters / digits: keeps the grid
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), "0")
        insert_in_order(pPr, el, PPR_ORDER)
    _set_rpr_font(st.element.get_or_add_rPr(), RUN_FONTS[face], size, red=color == RED)
    if not snap:
        _no_snap(st)
    return st


def _setup_styles(d) -> None:
    J, C, L, R = (WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.CENTER,
                  WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT)
    body = _para_style(d, STYLE_IDS["para"], face=BODY, size=BODY_PT, align=J,
                       first_line_chars=200)
    body_name = body.name
    h1 = _para_style(d, STYLE_IDS["heading1"], face=HEI, size=BODY_PT, align=J,
                     first_line_chars=200, based_on=body_name)
    h1.paragraph_format.keep_with_next = True
    h1.next_paragraph_style = body
    _outline_level(h1, 0)

    mark = _para_style(d, STYLE_IDS["mark"], face=TITLE, size=MARK_PT, align=C, color=RED,
                       snap=False)
    mark.paragraph_format.line_spacing = Pt(MARK_PT * 1.5)
    # GB/T 9704: the title is two lines below the red rule.
    mark.paragraph_format.space_after = Twips(2 * LINE_PITCH)
    mark.paragraph_format.keep_with_next = True
    # the red rule: a bottom border the width of the text block, about 4 mm below the mark
    pPr = mark.element.get_or_add_pPr()
    pbdr = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="12" w:space="11" '
        f'w:color="{RED}"/></w:pBdr>'
    )
    insert_in_order(pPr, pbdr, PPR_ORDER)

    title = _para_style(d, STYLE_IDS["title"], face=TITLE, size=TITLE_PT, align=C, snap=False)
    # one empty line between the title and what follows (主送机关 or the body)
    title.paragraph_format.space_after = Twips(LINE_PITCH)
    title.paragraph_format.keep_with_next = True
    title.next_paragraph_style = body
    _outline_level(title, None)

    addr = _para_style(d, STYLE_IDS["addressee"], face=BODY, size=BODY_PT, align=L,
                       based_on=body_name)
    addr.next_paragraph_style = body

    sig = _para_style(d, STYLE_IDS["signature"], face=BODY, size=BODY_PT, align=R,
                      right_chars=200, based_on=body_name)
    # GB/T 9704 7.3.5.2 (no seal): one empty line under the body, two characters from the right
    sig.paragraph_format.space_before = Twips(LINE_PITCH)
    sig.paragraph_format.keep_with_next = True
    date = _para_style(d, STYLE_IDS["date"], face=BODY, size=BODY_PT, align=R,
                       right_chars=400, based_on=body_name)
    sig.next_paragraph_style = date

    # 附件说明 (GB/T 9704 7.3.4): one empty line under the body, two characters in, wrapped
    # lines under the first character after "附件："
    att = _para_style(d, STYLE_IDS["attachment"], face=BODY, size=BODY_PT, align=J,
                      based_on=body_name)
    _indent(att, left_chars=500, hanging_chars=300)
    att.paragraph_format.space_before = Twips(LINE_PITCH)
    att.paragraph_format.keep_with_next = True
    # GB/T 9704 8: "附件" flush left on the first line, the title centred on the third
    lab = _para_style(d, STYLE_IDS["appendix_label"], face=HEI, size=BODY_PT, align=L,
                      based_on=body_name)
    lab.paragraph_format.keep_with_next = True
    atitle = _para_style(d, STYLE_IDS["appendix_title"], face=TITLE, size=TITLE_PT, align=C,
                         snap=False)
    atitle.paragraph_format.space_before = Twips(LINE_PITCH)
    atitle.paragraph_format.space_after = Twips(LINE_PITCH)
    atitle.paragraph_format.keep_with_next = True
    _outline_level(atitle, None)
    # 版记 (GB/T 9704 7.4): 4号仿宋, one character in from both sides, between two thick rules,
    # in a frame at the foot of the text block of the last page
    cc = _para_style(d, STYLE_IDS["copy_to"], face=BODY, size=COPY_TO_PT, align=L,
                     based_on=body_name)
    _indent(cc, left_chars=400, hanging_chars=300, right_chars=100, char_pt=COPY_TO_PT)
    cpr = cc.element.get_or_add_pPr()
    insert_in_order(cpr, _foot_frame(), PPR_ORDER)
    insert_in_order(cpr, parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:top w:val="single" w:sz="8" w:space="1" w:color="000000"/>'
        '<w:bottom w:val="single" w:sz="8" w:space="1" w:color="000000"/></w:pBdr>'), PPR_ORDER)

    for key, face in ((TABLE_STYLE, BODY), (TABLE_HEAD_STYLE, HEI)):
        st = _para_style(d, key, face=face, size=TABLE_PT,
                         align=C if key is TABLE_HEAD_STYLE else L, line_exact=False,
                         snap=False)
        st.paragraph_format.space_before = Pt(3)
        st.paragraph_format.space_after = Pt(3)

    pn = _para_style(d, PAGE_NUMBER_STYLE, face=BODY, size=PAGE_NUMBER_PT, align=R,
                     line_exact=False, snap=False)
    _set_rpr_font(pn.element.get_or_add_rPr(), FONT_SONG, PAGE_NUMBER_PT)
    # a fixed line height keeps the footer inside the bottom margin whatever the font's leading
    pn.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pn.paragraph_format.line_spacing = Pt(PAGE_NUMBER_PT + 2)

    for key, face in ((KAI_CHAR_STYLE, KAI), (HEI_CHAR_STYLE, HEI)):
        cs = d.styles.add_style(key[1], WD_STYLE_TYPE.CHARACTER)
        cs.style_id = key[0]
        cs.quick_style = True
        _set_rpr_font(cs.element.get_or_add_rPr(), RUN_FONTS[face], None)


def _indent(style, *, left_chars: int, hanging_chars: int, right_chars: int = 0,
            char_pt: float = BODY_PT) -> None:
    """A hanging indent in hundredths of a character (and the same in twips)."""
    pPr = style.element.get_or_add_pPr()
    for el in pPr.findall(qn("w:ind")):
        pPr.remove(el)
    tw = char_pt * 20
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), str(round(left_chars * tw / 100)))
    ind.set(qn("w:leftChars"), str(left_chars))
    ind.set(qn("w:hanging"), str(round(hanging_chars * tw / 100)))
    ind.set(qn("w:hangingChars"), str(hanging_chars))
    ind.set(qn("w:right"), str(round(right_chars * tw / 100)))
    ind.set(qn("w:rightChars"), str(right_chars))
    insert_in_order(pPr, ind, PPR_ORDER)


def _outline_level(style, level) -> None:
    pPr = style.element.get_or_add_pPr()
    for el in pPr.findall(qn("w:outlineLvl")):
        pPr.remove(el)
    if level is not None:
        el = OxmlElement("w:outlineLvl")
        el.set(qn("w:val"), str(level))
        insert_in_order(pPr, el, PPR_ORDER)


def _no_snap(style) -> None:
    pPr = style.element.get_or_add_pPr()
    el = OxmlElement("w:snapToGrid")
    el.set(qn("w:val"), "0")
    insert_in_order(pPr, el, PPR_ORDER)


def _setup_fonts_table(d) -> None:
    """Name the official fonts in word/fontTable.xml, with alternates for substitution."""
    part = None
    for rel in d.part.rels.values():
        if rel.reltype == RT.FONT_TABLE and not rel.is_external:
            part = rel.target_part
            break
    if part is None or not hasattr(part, "_blob"):
        return  # pragma: no cover - the default template has a font table
    root = etree.fromstring(part.blob)
    w = root.nsmap.get("w") or "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    present = {f.get(f"{{{w}}}name") for f in root.findall(f"{{{w}}}font")}
    for name, alt, panose, pitch in _FONT_TABLE:
        if name in present:
            continue
        f = etree.SubElement(root, f"{{{w}}}font")
        f.set(f"{{{w}}}name", name)
        etree.SubElement(f, f"{{{w}}}altName").set(f"{{{w}}}val", alt)
        etree.SubElement(f, f"{{{w}}}panose1").set(f"{{{w}}}val", panose)
        etree.SubElement(f, f"{{{w}}}charset").set(f"{{{w}}}val", "86")  # GB2312
        etree.SubElement(f, f"{{{w}}}family").set(f"{{{w}}}val", pitch)
        etree.SubElement(f, f"{{{w}}}pitch").set(f"{{{w}}}val", "fixed" if pitch == "modern"
                                                  else "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _setup_section(d) -> None:
    s = d.sections[0]
    s.start_type = WD_SECTION.NEW_PAGE
    s.page_width = Twips(PAGE_W)
    s.page_height = Twips(PAGE_H)
    s.top_margin = Twips(MARGIN_TOP)
    s.bottom_margin = Twips(MARGIN_BOTTOM)
    s.left_margin = Twips(MARGIN_LEFT)
    s.right_margin = Twips(MARGIN_RIGHT)
    s.header_distance = Twips(HEADER_DIST)
    s.footer_distance = Twips(FOOTER_DIST)
    s.gutter = Twips(0)
    sectPr = s._sectPr
    for el in sectPr.findall(qn("w:docGrid")):
        sectPr.remove(el)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    insert_in_order(sectPr, grid, SECTPR_ORDER)


def _setup_footers(d) -> None:
    s = d.sections[0]
    style = d.styles[PAGE_NUMBER_STYLE[1]]
    for footer, odd in ((s.footer, True), (s.even_page_footer, False)):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = style
        _page_number_paragraph(p, odd)


def _page_number_paragraph(p, odd: bool) -> None:
    pf = p.paragraph_format
    if odd:
        pf.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        pf.right_indent = Pt(PAGE_NUMBER_PT)
        pf.left_indent = Pt(0)
    else:
        pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
        pf.left_indent = Pt(PAGE_NUMBER_PT)
        pf.right_indent = Pt(0)
    pf.first_line_indent = Pt(0)
    p_el = p._p

    def run(text=None, fld=None, instr=None):
        r = OxmlElement("w:r")
        rPr = OxmlElement("w:rPr")
        r.append(rPr)
        _set_rpr_font(rPr, FONT_SONG, PAGE_NUMBER_PT)
        if fld:
            f = OxmlElement("w:fldChar")
            f.set(qn("w:fldCharType"), fld)
            r.append(f)
        if instr:
            t = OxmlElement("w:instrText")
            t.set(qn("xml:space"), "preserve")
            t.text = instr
            r.append(t)
        if text is not None:
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = text
            r.append(t)
        p_el.append(r)

    # "— N —": em dash, space, PAGE field, space, em dash
    run("— ")
    run(fld="begin")
    run(instr=" PAGE ")
    run(fld="separate")
    run("1")
    run(fld="end")
    run(" —")


def _drop_thumbnail(d) -> None:
    """The template's thumbnail shows an empty page of another document: leave it out."""
    rels = d.part.package.rels
    for rId, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[rId]


def _set_core_properties(d, document: Document) -> None:
    cp = d.core_properties
    now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    cp.title = document.title
    cp.author = document.author
    cp.last_modified_by = document.author
    cp.subject = ""
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""
    cp.language = "zh-CN"
    cp.revision = 1
    cp.created = now
    cp.modified = now
