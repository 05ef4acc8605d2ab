"""Render a :class:`~yaofu_desktop.report.document.Document` to PDF in the GB/T 9704-2012 layout.

Page: A4; text block (版心) 156 × 225 mm at 28 mm from the left and 37 mm from the top; 22 lines
of 28 characters (line pitch 225 mm / 22), frame paddings 0. Body 3号 (16 pt) 仿宋, first-line
indent two characters, full lines justified flush to both edges (see typeset.py).

* ``mark``: 发文机关标志, red 小标宋 26 pt (一号), centred on two grid lines, a red rule the width
  of the text block 4 mm under it, then two empty lines (the title "于红色分隔线下空二行位置").
* ``title``: 2号 (22 pt) 小标宋, centred, ``\\n`` breaks lines; one empty line after it.
* ``addressee``: flush left. ``heading1``: 黑体, two-character indent. ``para``: runs in
  ``kai`` style are 楷体, ``hei`` 黑体, the rest 仿宋.
* ``attachment`` (附件说明), ``signature`` + ``date`` (GB/T 9704 7.3.4, 7.3.5.1, the layout of a
  sealed single-authority document): "附件：…" one empty line under the body, two characters
  in; one empty line above the signature (the seal's top within one line of the body); the date
  right-aligned with four characters of space on its right, the signature centred over the
  date. They are kept on one page with at least the last two lines of the last paragraph, so
  the signature never stands alone. A signature without a date is right-aligned with four
  characters of space.
* ``appendix_label`` / ``appendix_title``: "附件" flush left in 黑体 on the first line of its
  page, the attachment's title centred in 2号小标宋 on the third line.
* ``copy_to``: 版记, 4号仿宋 "抄送：…" one character in from both sides, between two thick
  (0.35 mm) rules, the lower one on the lower edge of the text block.
* Page numbers: 4号 (14 pt) 宋体, ``— N —``, the top of the numerals' em box 7 mm under the text
  block; odd pages right-aligned one 4号 character in from the right edge of the block, even pages
  left-aligned one character in from the left edge.
* ``table``: ruled table, 仿宋 14 pt (四号), header row 黑体; repeats the header across pages.
* ``pagebreak``: new page.

All fonts are embedded TrueType (the document's initial font is the 仿宋 role font, so no
Helvetica is ever referenced). The file is written to a temporary file in the target folder and
moved into place with ``os.replace``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.tables import TableStyle

from yaofu_desktop.fileio import make_folder, write_atomically
from yaofu_desktop.report.document import BODY, HEI, KAI, RED as OFFICIAL_RED, TITLE, Block, Document
from yaofu_desktop.report.fonts import FontSet, register_fonts
from yaofu_desktop.report.typeset import (
    BLOCK_HEIGHT,
    BLOCK_WIDTH,
    BODY_SIZE,
    GRID_TRACKING,
    LINE_PITCH,
    MM,
    VIRTUAL_MEASURE,
    ParaStyle,
    Span,
    TypesetParagraph,
    fits,
    fitted_height,
    lines_that_fit,
)

PAGE_W, PAGE_H = A4
LEFT = 28 * MM
TOP = 37 * MM
BOTTOM = PAGE_H - TOP - BLOCK_HEIGHT  # 35 mm
TITLE_SIZE = 22.0  # 2号
MARK_SIZE = 26.0  # 一号
PAGE_NO_SIZE = 14.0  # 4号
TABLE_SIZE = 14.0  # 四号
RED = colors.Color(*OFFICIAL_RED)  # 公文红
RULE_WIDTH = 1.5  # pt
RULE_GAP = 4 * MM  # red rule 4 mm under the mark

ROLE_OF_STYLE = {BODY: "fang", KAI: "kai", HEI: "hei", TITLE: "title"}


@dataclass
class PdfResult:
    path: Path
    pages: int
    missing_chars: list[str] = field(default_factory=list)
    fonts: dict[str, tuple[str, str]] = field(default_factory=dict)  # role -> (name, source)
    register_seconds: float = 0.0
    render_seconds: float = 0.0


def render_pdf(document: Document, out_path, *, search_system_fonts: bool = True,
               fonts: FontSet | None = None) -> PdfResult:
    """Write `document` as a PDF to `out_path` (atomically) and describe the result."""
    t0 = time.perf_counter()
    if fonts is None:
        fonts = register_fonts(search_system=search_system_fonts)
    t1 = time.perf_counter()
    out_path = Path(out_path)
    story, missing = build_story(document, fonts)
    make_folder(out_path.parent)

    def write(tmp_name: str) -> int:
        doc = _DocTemplate(tmp_name, document, fonts)
        doc.build(story)
        return doc.page

    pages = write_atomically(write, out_path)
    t2 = time.perf_counter()
    return PdfResult(out_path, pages, missing, fonts.describe(), t1 - t0, t2 - t1)


# --------------------------------------------------------------------------- document template

class _DocTemplate(BaseDocTemplate):
    def __init__(self, filename: str | IO[bytes], document: Document, fonts: FontSet):
        self.fonts = fonts
        super().__init__(
            filename,
            pagesize=A4,
            leftMargin=LEFT,
            rightMargin=PAGE_W - LEFT - BLOCK_WIDTH,
            topMargin=TOP,
            bottomMargin=BOTTOM,
            title=document.title,
            author=document.author,
            subject=document.title,
            creator="法治台账 (yaofu_desktop)",
            producer="法治台账 (yaofu_desktop) / ReportLab",
            initialFontName=fonts.name("fang"),
            initialFontSize=BODY_SIZE,
            initialLeading=LINE_PITCH,
            lang="zh-CN",
            displayDocTitle=True,
            pageCompression=1,
        )
        frame = Frame(LEFT, BOTTOM, BLOCK_WIDTH, BLOCK_HEIGHT, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0, id="body", showBoundary=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._page_number)])

    def _page_number(self, canv, doc):
        n = canv.getPageNumber()
        text = f"— {n} —"
        font = self.fonts.name("song")
        canv.saveState()
        canv.setFillColor(colors.black)
        canv.setFont(font, PAGE_NO_SIZE)
        y = BOTTOM - 7 * MM - 0.88 * PAGE_NO_SIZE
        if n % 2:
            canv.drawRightString(LEFT + BLOCK_WIDTH - PAGE_NO_SIZE, y, text)
        else:
            canv.drawString(LEFT + PAGE_NO_SIZE, y, text)
        canv.restoreState()


# --------------------------------------------------------------------------- blocks

BODY_STYLE = ParaStyle(first_indent=2 * BODY_SIZE, measure=VIRTUAL_MEASURE, tracking=GRID_TRACKING)
# 附件说明: two characters in, wrapped lines under the first character after "附件："
ATTACHMENT_STYLE = ParaStyle(first_indent=-3 * BODY_SIZE, left_indent=5 * BODY_SIZE,
                             measure=VIRTUAL_MEASURE, tracking=GRID_TRACKING)
COPY_TO_SIZE = 14.0  # 4号
COPY_TO_HANG = 3 * COPY_TO_SIZE  # wrapped 抄送 lines under the first character after "抄送："


class _Mark(Flowable):
    """发文机关标志 with the red rule under it (two grid lines + two empty lines)."""

    def __init__(self, para: TypesetParagraph):
        super().__init__()
        self.para = para
        self.spaceAfter = 2 * LINE_PITCH  # GB/T 9704 7.3.1: the title two lines under the rule

    def wrap(self, aw, ah):
        self.para.wrap(aw, ah)
        self.width, self.height = aw, self.para.height
        return self.width, self.height

    def draw(self):
        self.para.drawOn(self.canv, 0, 0)
        # em box bottom of the last mark line, then the rule RULE_GAP below it
        pitch = self.para.style.leading
        em_bottom = (pitch - MARK_SIZE) / 2
        y = max(em_bottom - RULE_GAP, RULE_WIDTH / 2)
        c = self.canv
        c.saveState()
        c.setStrokeColor(RED)
        c.setLineWidth(RULE_WIDTH)
        c.line(0, y, self.width, y)
        c.restoreState()


def _spans(block: Block, default_role: str = "fang", size: float = BODY_SIZE,
           color=None) -> list[Span]:
    out = []
    for r in block.runs:
        role = ROLE_OF_STYLE.get(r.style, default_role) if r.style != BODY else default_role
        out.append(Span(r.text, role, size, color))
    return out


class _CondLines(CondPageBreak):
    """A new page unless `n` grid lines still fit (tolerant of float error, see typeset.fits)."""

    def __init__(self, n: int):
        super().__init__(n * LINE_PITCH)

    def wrap(self, availWidth, availHeight):
        if not fits(availHeight, self.height):
            f = self._doctemplateAttr("frame")
            if f:
                from reportlab.platypus.doctemplate import FrameBreak

                f.add_generated_content(FrameBreak)
        return 0, 0


class _Closing(Flowable):
    """The end of the report kept on one page: the last lines of the last body paragraph, then
    each of `parts` (space above it, paragraph): the 附件说明, the signature, the date.

    GB/T 9704 7.3.5: the signature and the date never stand alone on a page. When they do not
    fit under the whole paragraph, at least its last two lines go over with them (all of it
    when it has fewer).
    """

    KEEP = 2

    def __init__(self, tail: TypesetParagraph | None, parts: list[tuple[float, TypesetParagraph]]):
        super().__init__()
        self.tail = tail
        self.parts = parts

    def _heights(self, aw: float) -> tuple[float, float]:
        tail = self.tail.wrap(aw, 1e9)[1] if self.tail is not None else 0.0
        rest = sum(gap + p.wrap(aw, 1e9)[1] for gap, p in self.parts)
        return tail, rest

    def wrap(self, aw, ah):
        tail, rest = self._heights(aw)
        self.width = aw
        self.height = fitted_height(tail + rest, ah)
        return self.width, self.height

    def split(self, aw, ah):
        if self.tail is None:
            return []
        n = lines_that_fit(ah)
        total = len(self.tail.layout(aw))
        stay = min(n, total - min(self.KEEP, total))
        pieces = self.tail.split_lines(aw, stay)
        if len(pieces) != 2:
            return []
        return [pieces[0], _Closing(pieces[1], self.parts)]

    def draw(self):
        y = self.height
        items = ([(0.0, self.tail)] if self.tail is not None else []) + self.parts
        for gap, p in items:
            y -= gap + p.height
            p.drawOn(self.canv, 0, y)


class _Colophon(Flowable):
    """版记 (GB/T 9704 7.4): the 抄送 line between two thick rules the width of the text block,
    the lower rule on the lower edge of the text block of the last page."""

    RULE = 0.35 * MM

    def __init__(self, para: TypesetParagraph):
        super().__init__()
        self.para = para

    def wrap(self, aw, ah):
        h = self.para.wrap(aw, 1e9)[1]
        self.width = aw
        self.height = ah if fits(ah, h) else h  # to the foot of the page, or onto the next
        return self.width, self.height

    def draw(self):
        h = self.para.height
        self.para.drawOn(self.canv, 0, 0)
        c = self.canv
        c.saveState()
        c.setStrokeColor(colors.black)
        c.setLineWidth(self.RULE)
        for y in (h, self.RULE / 2):
            c.line(0, y, self.width, y)
        c.restoreState()


def build_story(document: Document, fonts: FontSet) -> tuple[list[Flowable], list[str]]:
    """The flowables for `document` and the characters no font could draw."""
    story: list[Flowable] = []
    missing: list[str] = []
    body_paras: set[int] = set()  # ids of the flowables of body paragraphs

    def para(spans, style) -> TypesetParagraph:
        p = TypesetParagraph(spans, style, fonts)
        for ch in p.missing:
            if ch not in missing:
                missing.append(ch)
        return p

    blocks = document.blocks
    i = 0
    while i < len(blocks):
        b = blocks[i]
        k = b.kind
        if k == "mark":
            p = para(_spans(b, "title", MARK_SIZE, RED),
                     ParaStyle(align="center", leading=2 * LINE_PITCH))
            story.append(_Mark(p))
        elif k == "title":
            text_spans = [Span(s.text.strip("\n"), s.role, s.size) for s in _spans(b, "title", TITLE_SIZE)]
            story.append(_CondLines(3))
            story.append(para(text_spans, ParaStyle(align="center", space_after=LINE_PITCH)))
        elif k == "addressee":
            story.append(para(_spans(b), ParaStyle(measure=VIRTUAL_MEASURE, tracking=GRID_TRACKING)))
        elif k == "heading1":
            # keep the heading with at least two lines of what follows (reportlab's keepWithNext
            # would move the whole next paragraph and leave half a page empty)
            story.append(_CondLines(3))
            story.append(para(_spans(b, "hei"), ParaStyle(
                first_indent=2 * BODY_SIZE, measure=VIRTUAL_MEASURE, tracking=GRID_TRACKING)))
        elif k == "para":
            p = para(_spans(b), BODY_STYLE)
            body_paras.add(id(p))
            story.append(p)
        elif k in ("attachment", "signature"):
            j = i
            parts: list[tuple[float, TypesetParagraph]] = []
            if blocks[j].kind == "attachment":
                parts.append((LINE_PITCH, para(_spans(blocks[j]), ATTACHMENT_STYLE)))
                j += 1
            if j < len(blocks) and blocks[j].kind == "signature":
                date_block = blocks[j + 1] if j + 1 < len(blocks) and blocks[j + 1].kind == "date" else None
                parts += _signature(blocks[j], date_block, para)
                j += 1 + (date_block is not None)
            tail = story.pop() if story and id(story[-1]) in body_paras else None
            story.append(_Closing(tail, parts))
            i = j
            continue
        elif k == "date":
            story.append(para(_spans(b), _date_style()))
        elif k == "pagebreak":
            story.append(PageBreak())
        elif k == "appendix_label":
            story.append(para(_spans(b, "hei"), ParaStyle(measure=VIRTUAL_MEASURE, tracking=GRID_TRACKING,
                                                          space_after=LINE_PITCH)))
        elif k == "appendix_title":
            story.append(para(_spans(b, "title", TITLE_SIZE), ParaStyle(align="center",
                                                                        space_after=LINE_PITCH)))
        elif k == "table":
            story.append(_table(b, fonts, para))
        elif k == "copy_to":
            story.append(_Colophon(para(_spans(b, size=COPY_TO_SIZE), ParaStyle(
                first_indent=-COPY_TO_HANG, left_indent=COPY_TO_SIZE + COPY_TO_HANG,
                right_indent=COPY_TO_SIZE))))
        i += 1
    if not story:
        story.append(Spacer(1, 1))
    return story, missing


def _date_style(space_before: float = 0.0, right_chars: int = 4) -> ParaStyle:
    return ParaStyle(align="right", right_indent=right_chars * BODY_SIZE, measure=VIRTUAL_MEASURE,
                     tracking=GRID_TRACKING, space_before=space_before)


def _signature(sig: Block, date: Block | None, para) -> list[tuple[float, TypesetParagraph]]:
    """(space above, paragraph) of the signature and the date: one empty line above the
    signature (the seal's top within one line of the body, GB/T 9704 7.3.5.1), the date right
    with four characters of space, the signature centred over the date."""
    gap = LINE_PITCH
    if date is None:
        return [(gap, para(_spans(sig), _date_style()))]
    d = para(_spans(date), _date_style())
    (dline,) = d.layout(BLOCK_WIDTH)[:1] or [None]
    # centre of the date line (virtual pt), then centre the signature over it: indent the
    # signature's box so that the box's centre is the date's centre
    scale = BLOCK_WIDTH / VIRTUAL_MEASURE
    if dline is not None and dline.glyphs:
        centre = (dline.x0 + dline.right) / 2 / scale
    else:
        centre = VIRTUAL_MEASURE - 4 * BODY_SIZE
    left = max(0.0, 2 * centre - VIRTUAL_MEASURE)
    right = max(0.0, VIRTUAL_MEASURE - 2 * centre)
    s = para(_spans(sig), ParaStyle(align="center", left_indent=left, right_indent=right,
                                    measure=VIRTUAL_MEASURE, tracking=GRID_TRACKING))
    if len(s.layout(BLOCK_WIDTH)) > 1:  # a name longer than the room over the date: right,
        # two characters in (GB/T 9704 7.3.5.2), or flush right when even that is too narrow
        for right_chars in (2, 0):
            s = para(_spans(sig), _date_style(right_chars=right_chars))
            if len(s.layout(BLOCK_WIDTH)) == 1:
                break
    return [(gap, s), (0.0, d)]


def _table(block: Block, fonts: FontSet, para) -> Flowable:
    rows = [list(r) for r in block.rows if r is not None]
    if not rows:
        return Spacer(1, 0)
    ncols = max(len(r) for r in rows)
    rows = [r + [""] * (ncols - len(r)) for r in rows]
    pad = 4.0
    leading = TABLE_SIZE * 1.5
    # column widths from the natural width of the longest cell, scaled to the block width
    from reportlab.pdfbase.pdfmetrics import stringWidth

    fang = fonts.name("fang")
    natural = [max(min(stringWidth(r[c], fang, TABLE_SIZE), 12 * TABLE_SIZE) for r in rows)
               + 2 * pad + 2 for c in range(ncols)]
    natural = [max(w, 2 * TABLE_SIZE + 2 * pad) for w in natural]
    total = sum(natural)
    widths = [w * BLOCK_WIDTH / total for w in natural]
    data = []
    for ri, r in enumerate(rows):
        role = "hei" if ri == 0 else "fang"
        align = "center" if ri == 0 else "left"
        data.append([para([Span(cell, role, TABLE_SIZE)], ParaStyle(align=align, leading=leading))
                     for cell in r])
    t = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    t.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("FONT", (0, 0), (-1, -1), fang, TABLE_SIZE),
    ]))
    t.spaceBefore = 0
    t.spaceAfter = LINE_PITCH
    return t
