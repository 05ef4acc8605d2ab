"""Chinese paragraph setting for the PDF report: line breaking, justification, font fallback.

Our own small reportlab Flowable instead of reportlab's Paragraph (whose Chinese line breaking
lacks most of the Chinese cannot-start punctuation, never uses its cannot-end set, justifies only
by widening spaces and re-joins split lines with stray spaces; see tests/data/fonts-and-layout.md).

How a paragraph is set:

* Lines are broken on a *virtual* measure (GB/T 9704: 28 characters × 16 pt = 448 pt) and then
  drawn into the real text-block width (156 mm = 442.2 pt) by a horizontal scale that is realised
  with PDF character spacing (Tc). Every horizontal style value (indents) is virtual too and is
  scaled the same way, so a two-character indent is two grid characters wide.
* Cannot-start (行首禁则) and cannot-end (行尾禁则) rules: a line never begins with
  ``，。、；：？！）》”’」』…`` and friends, and never ends with ``“（《‘「『`` and friends.
  If the character that does not fit is a single full-width closing punctuation mark, it is
  squeezed onto the line (its blank right half hangs past the edge, as Word does);
  otherwise characters are pushed to the next line.
* Digit/Latin words (``2025``, ``98.5%``) and ``——``/``……`` are never split.
* Full lines are justified exactly to the block width by Tc; a paragraph's last line keeps the
  grid pitch (not justified). ``\\n`` in the text forces a line break.
* Every character is drawn in the first font of its run's fallback chain that has it (run font,
  then 宋 fallback). A character no font has is drawn as the geta mark 〓 (U+3013, the printers'
  sign for a missing character, never an empty box) and reported in :attr:`missing`.

reportlab is pinned (==5.1.0); only its public canvas/text-object API is used here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from reportlab.platypus.flowables import Flowable

if TYPE_CHECKING:
    from yaofu_desktop.report.fonts import FontSet

# GB/T 9704-2012 grid
MM = 72.0 / 25.4
BODY_SIZE = 16.0  # 3号
CHARS_PER_LINE = 28
LINES_PER_PAGE = 22
BLOCK_WIDTH = 156 * MM  # 442.2 pt
BLOCK_HEIGHT = 225 * MM
LINE_PITCH = BLOCK_HEIGHT / LINES_PER_PAGE  # 28.99 pt
VIRTUAL_MEASURE = CHARS_PER_LINE * BODY_SIZE  # 448 pt
GRID_TRACKING = (BLOCK_WIDTH - VIRTUAL_MEASURE) / CHARS_PER_LINE  # -0.207 pt

#: characters that must not begin a line
NO_START = frozenset(
    "，。、；：？！）》”’」』…‥·〕】〉〗〙〛〞〟｝］％‰℃" ",.;:?!)]}%" "‐–〜～ー"
)
#: characters that must not end a line
NO_END = frozenset("“（《‘「『〔【〈〖〘〚〝｛［" "([{")
#: full-width closing marks whose glyph sits in the left half of the em box (may be squeezed)
SQUEEZABLE = frozenset("，。、；：？！）》”’」』〕】〉〗")
PAIRED = frozenset("—…")  # —— and …… are one unit
MISSING_MARK = "〓"

#: slack when asking whether lines fit into the space left in a frame: that space is a sum of
#: many floats and may fall a hair short of a whole number of lines
FIT_EPS = 0.01


def lines_that_fit(avail: float, pitch: float = LINE_PITCH) -> int:
    """How many lines of `pitch` fit into `avail` points (tolerant of float error)."""
    if avail <= 0 or pitch <= 0:
        return 0
    return int((avail + FIT_EPS) // pitch)


def fits(avail: float, height: float) -> bool:
    """Whether `height` points fit into `avail` points (tolerant of float error)."""
    return height <= avail + FIT_EPS


def fitted_height(height: float, avail: float) -> float:
    """The height to report to the frame: `height`, or `avail` when it fits only by the slack."""
    return min(height, avail) if fits(avail, height) and height > avail else height


_WORD = re.compile(r"[0-9A-Za-z]+(?:[.,:/%+\-_'&][0-9A-Za-z]+)*%?")
_EPS = 1e-6
_ASCENT = 0.88  # CJK ideographic em box: top 0.88 em above the baseline, bottom 0.12 below


@dataclass(frozen=True)
class Span:
    """A run of text in one role font (fang/kai/hei/title/song), size and colour."""

    text: str
    role: str = "fang"
    size: float = BODY_SIZE
    color: Any = None  # reportlab colour or None for black


@dataclass(frozen=True)
class ParaStyle:
    leading: float = LINE_PITCH
    align: str = "justify"  # justify | left | center | right
    first_indent: float = 0.0  # virtual pt (2 characters = 2 * 16)
    left_indent: float = 0.0  # virtual pt
    right_indent: float = 0.0  # virtual pt
    measure: float | None = None  # virtual measure; None: the available width (scale 1)
    tracking: float | None = None  # Tc of lines not justified; None: grid pitch of the scale
    space_before: float = 0.0
    space_after: float = 0.0
    squeeze: bool = True  # squeeze one closing punctuation mark at the end of a full line
    keep_with_next: bool = False


@dataclass
class Glyph:
    ch: str
    font: str  # reportlab font name
    size: float
    width: float  # natural advance, pt
    color: Any


@dataclass
class _Token:
    start: int
    end: int
    width: float
    no_start: bool
    no_end: bool
    space: bool = False
    squeezable: bool = False


@dataclass
class Line:
    glyphs: list[Glyph]
    x0: float = 0.0  # real x of the first glyph, relative to the paragraph's left edge
    tc: float = 0.0  # character spacing after every glyph
    justified: bool = False
    squeezed: bool = False  # ends with a squeezed closing mark whose right half hangs
    last: bool = False  # last line of the paragraph (or before a forced break)

    @property
    def text(self) -> str:
        return "".join(g.ch for g in self.glyphs)

    @property
    def natural_width(self) -> float:
        return sum(g.width for g in self.glyphs)

    def positions(self) -> list[float]:
        xs, x = [], self.x0
        for g in self.glyphs:
            xs.append(x)
            x += g.width + self.tc
        return xs

    @property
    def right(self) -> float:
        """Right edge of the line (of the last glyph's box; half box if squeezed)."""
        if not self.glyphs:
            return self.x0
        w = self.natural_width - (self.glyphs[-1].width / 2 if self.squeezed else 0.0)
        return self.x0 + w + (len(self.glyphs) - 1) * self.tc


#: (reportlab font name, character) -> advance at 1 pt; a font's name stands for its file, so the
#: widths hold for the life of the process (measuring them was a tenth of a render)
_WIDTHS: dict[tuple[str, str], float] = {}


def shape(spans: list[Span], fonts: "FontSet") -> tuple[list[Glyph], list[str]]:
    """Assign every character a font (with fallback) and a width; also list missing chars."""
    from reportlab.pdfbase.pdfmetrics import getFont

    glyphs: list[Glyph] = []
    missing: list[str] = []
    width_cache = _WIDTHS
    for span in spans:
        chain = fonts.chain(span.role)
        for ch in span.text:
            if ch in "\r\t\x0b\x0c":
                ch = " "
            if ch == "\n":
                glyphs.append(Glyph("\n", "", span.size, 0.0, span.color))
                continue
            cp = ord(ch)
            font = None
            for f in chain:
                if cp in f.cmap:
                    font = f.name
                    break
            if font is None:
                if ch not in missing:
                    missing.append(ch)
                ch = MISSING_MARK
                font = next((f.name for f in chain if ord(ch) in f.cmap), chain[-1].name)
            key = (font, ch)
            w = width_cache.get(key)
            if w is None:
                w = width_cache[key] = getFont(font).stringWidth(ch, 1.0)
            glyphs.append(Glyph(ch, font, span.size, w * span.size, span.color))
    return glyphs, missing


def _tokenize(glyphs: list[Glyph]) -> list[_Token]:
    text = "".join(g.ch for g in glyphs)
    toks: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isascii() and ch.isalnum():
            m = _WORD.match(text, i)
            j = m.end() if m else i + 1
        elif ch in PAIRED and i + 1 < n and text[i + 1] == ch:
            j = i + 2
        else:
            j = i + 1
        w = sum(g.width for g in glyphs[i:j])
        first, last = text[i], text[j - 1]
        toks.append(_Token(i, j, w, first in NO_START, last in NO_END, space=(ch == " "),
                           squeezable=(j == i + 1 and ch in SQUEEZABLE)))
        i = j
    return toks


def break_lines(glyphs: list[Glyph], measure: float, first_indent: float = 0.0,
                squeeze: bool = True) -> list[tuple[list[Glyph], bool, bool]]:
    """Break `glyphs` into lines no wider than `measure` (first line: minus `first_indent`).

    Returns (glyphs, last, squeezed) per line; `last` marks the end of the paragraph or a forced
    (``\\n``) break.
    """
    out: list[tuple[list[Glyph], bool, bool]] = []
    # forced breaks first
    pieces: list[list[Glyph]] = [[]]
    for g in glyphs:
        if g.ch == "\n":
            pieces.append([])
        else:
            pieces[-1].append(g)
    first = True
    for piece in pieces:
        toks = _tokenize(piece)
        n = len(toks)
        i = 0
        if n == 0:
            out.append(([], True, False))
            first = False
            continue
        while i < n:
            while i < n and toks[i].space:  # no space at the start of a line
                i += 1
            if i >= n:
                break
            avail = measure - (first_indent if first else 0.0)
            first = False
            w, j = 0.0, i
            while j < n and w + toks[j].width <= avail + _EPS:
                w += toks[j].width
                j += 1
            squeezed = False
            if j >= n:
                k = n
            elif j == i:  # one unit wider than the line: split it by characters
                t = toks[i]
                w, e = 0.0, t.start
                while e < t.end and (e == t.start or w + piece[e].width <= avail + _EPS):
                    w += piece[e].width
                    e += 1
                if e < t.end:
                    rest = _Token(e, t.end, sum(g.width for g in piece[e:t.end]), False, t.no_end)
                    toks[i] = _Token(t.start, e, w, t.no_start, False)
                    toks.insert(i + 1, rest)
                    n += 1
                k = i + 1
            else:
                k = j
                # squeeze: the mark counts half its width (its glyph is in the left half), the
                # line is then compressed by at most half a character when justified
                n_glyphs = toks[j - 1].end - toks[i].start
                overflow = w + toks[j].width / 2 - avail
                if (squeeze and toks[j].squeezable and not toks[j - 1].no_end
                        and (j + 1 >= n or not toks[j + 1].no_start)
                        and overflow <= 0.04 * toks[j].width * max(n_glyphs, 1)):
                    k, squeezed = j + 1, True
                else:
                    while k > i + 1 and (toks[k].no_start or toks[k - 1].no_end):
                        k -= 1
                    if toks[k].no_start or toks[k - 1].no_end:
                        k = j  # nothing better possible
            line_toks = toks[i:k]
            while line_toks and line_toks[-1].space:
                line_toks.pop()
                squeezed = False
            gl = piece[line_toks[0].start:line_toks[-1].end] if line_toks else []
            out.append((gl, k >= n, squeezed))
            i = k
    return out


class TypesetParagraph(Flowable):
    """A paragraph of styled spans, set as described in the module docstring; splits by lines."""

    def __init__(self, spans: list[Span], style: ParaStyle, fonts: "FontSet"):
        super().__init__()
        self.style = style
        self.fonts = fonts
        self.glyphs, self.missing = shape(spans, fonts)
        self._lines: list[Line] | None = None
        self._aw: float | None = None
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after
        self.keepWithNext = style.keep_with_next

    @classmethod
    def _from_lines(cls, lines: list[Line], style: ParaStyle, fonts: "FontSet", aw: float,
                    missing: list[str]) -> "TypesetParagraph":
        p = cls.__new__(cls)
        Flowable.__init__(p)
        p.style, p.fonts, p.glyphs, p.missing = style, fonts, [], missing
        p._lines, p._aw = lines, aw
        p.spaceBefore, p.spaceAfter = style.space_before, style.space_after
        p.keepWithNext = style.keep_with_next
        p.width = aw
        p.height = len(lines) * style.leading
        return p

    # -- layout
    def layout(self, avail_width: float) -> list[Line]:
        """Lines for a column `avail_width` pt wide (real)."""
        if self._lines is not None and (self._aw is None or abs(self._aw - avail_width) < 1e-9
                                        or not self.glyphs):
            return self._lines
        st = self.style
        measure = st.measure if st.measure is not None else avail_width
        scale = avail_width / measure
        inner = measure - st.left_indent - st.right_indent
        tracking = st.tracking
        if tracking is None:
            tracking = (scale - 1.0) * (self.glyphs[0].size if self.glyphs else BODY_SIZE)
        lines: list[Line] = []
        first = True
        squeeze = st.squeeze and st.align == "justify"
        for gl, last, squeezed in break_lines(self.glyphs, inner, st.first_indent, squeeze):
            indent = st.first_indent if first else 0.0
            first = False
            left = (st.left_indent + indent) * scale
            width = (inner - indent) * scale  # real width available to this line
            line = Line(gl, last=last, squeezed=squeezed)
            m = len(gl)
            natural = line.natural_width - (gl[-1].width / 2 if squeezed and gl else 0.0)
            if st.align == "justify" and m > 1 and (not last or squeezed):
                line.tc = (width - natural) / (m - 1)
                line.justified = True
                line.x0 = left
            else:
                line.tc = tracking
                extent = natural + (m - 1) * tracking if m else 0.0
                if st.align == "right":
                    line.x0 = left + width - extent
                elif st.align == "center":
                    line.x0 = left + (width - extent) / 2
                else:
                    line.x0 = left
            lines.append(line)
        self._lines, self._aw = lines, avail_width
        return lines

    def wrap(self, availWidth, availHeight):
        lines = self.layout(availWidth)
        self.width = availWidth
        self.height = fitted_height(len(lines) * self.style.leading, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        n = lines_that_fit(availHeight, self.style.leading)
        if n >= len(self.layout(availWidth)):
            return [self]
        return self.split_lines(availWidth, n)

    def split_lines(self, availWidth, n: int) -> list["TypesetParagraph"]:
        """The paragraph as its first `n` lines and the rest ([] when n <= 0)."""
        lines = self.layout(availWidth)
        if n <= 0:
            return []
        if n >= len(lines):
            return [self]
        st = self.style
        a = self._from_lines(lines[:n], replace(st, space_after=0.0, keep_with_next=False),
                             self.fonts, availWidth, self.missing)
        b = self._from_lines(lines[n:], replace(st, space_before=0.0), self.fonts, availWidth, [])
        return [a, b]

    # -- drawing
    def draw(self):
        lines = self.layout(self._aw if self._aw is not None else self.width)
        canv = self.canv
        leading = self.style.leading
        canv.saveState()
        try:
            for li, line in enumerate(lines):
                if not line.glyphs:
                    continue
                size = max(g.size for g in line.glyphs)
                top = self.height - li * leading
                y = top - (leading - size) / 2 - _ASCENT * size
                draw_line(canv, line, 0.0, y)
        finally:
            canv.restoreState()

    def plain_lines(self) -> list[str]:
        return [ln.text for ln in (self._lines or [])]


def draw_line(canv, line: Line, x: float, y: float) -> None:
    """Draw one laid-out line with its baseline at y; segments share font, size and colour.

    A canvas that records the layout (layout.RecordingCanvas) is handed the line instead."""
    record = getattr(canv, "record_line", None)
    if record is not None:
        record(line, x, y)
        return
    t = canv.beginText()
    t.setCharSpace(line.tc)
    xs = line.positions()
    gl = line.glyphs
    i, n = 0, len(gl)
    cur_color: Any = object()
    while i < n:
        g = gl[i]
        j = i + 1
        while j < n and gl[j].font == g.font and gl[j].size == g.size and gl[j].color == g.color:
            j += 1
        t.setTextOrigin(x + xs[i], y)
        t.setFont(g.font, g.size)
        if g.color is not cur_color:
            cur_color = g.color
            t.setFillColor(g.color if g.color is not None else (0, 0, 0))
        t.textOut("".join(c.ch for c in gl[i:j]))
        i = j
    canv.drawText(t)
