"""The report's pages as positioned glyphs and rules: the PDF's layout, to be drawn elsewhere.

The window prints the report by drawing these pages (gui/print_pages.py): the same lines, fonts,
positions, character spacing, red mark and rule, table rules and page numbers as the PDF,
because they are recorded while reportlab lays out the PDF's own story (pdf.build_story and its
document template) on a canvas that writes nothing.

Coordinates are points from the page's top-left corner (y grows downwards); a text item's y is
its baseline. Nothing here imports Qt.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas

from .document import Document
from .fonts import FontSet, RoleFont, register_fonts

Color = tuple[float, float, float]


@dataclass(frozen=True)
class FontRef:
    """A font as a file (what a painter loads), with the family stored in it."""

    path: Path
    index: int
    family: str
    name: str  # reportlab's name for it


@dataclass
class TextItem:
    """Glyphs of one font, size and colour on one baseline: (x, character) each."""

    y: float
    glyphs: list[tuple[float, str]]
    font: FontRef
    size: float
    color: Color = (0.0, 0.0, 0.0)

    @property
    def text(self) -> str:
        return "".join(ch for _x, ch in self.glyphs)


@dataclass
class RuleItem:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    color: Color = (0.0, 0.0, 0.0)


@dataclass
class Page:
    width: float
    height: float
    items: list[TextItem | RuleItem] = field(default_factory=list)

    def text(self) -> str:
        """The page's text, an item a line (top to bottom, then left to right)."""
        texts = sorted((i for i in self.items if isinstance(i, TextItem)),
                       key=lambda t: (round(t.y, 1), t.glyphs[0][0] if t.glyphs else 0))
        return "\n".join(t.text for t in texts)


def _rgb(c) -> Color:
    if c is None:
        return (0.0, 0.0, 0.0)
    if isinstance(c, (tuple, list)):
        return (float(c[0]), float(c[1]), float(c[2]))
    return (float(c.red), float(c.green), float(c.blue))


class RecordingCanvas(Canvas):
    """A reportlab canvas that records what our flowables draw, page by page (see typeset.
    draw_line, which hands its lines to :meth:`record_line` instead of drawing them)."""

    def __init__(self, *args, fonts: FontSet, **kw):
        super().__init__(*args, **kw)
        self.pages: list[Page] = []
        self._items: list[TextItem | RuleItem] = []
        self._fonts: dict[str, RoleFont] = {}
        for role in fonts.fonts:
            for f in fonts.chain(role):
                self._fonts.setdefault(f.name, f)
        self._refs: dict[str, FontRef] = {}

    # -- where a point of the current user space is on the page (top-left origin)
    def _at(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self._currentMatrix
        return a * x + c * y + e, self._pagesize[1] - (b * x + d * y + f)

    def _ref(self, name: str) -> FontRef:
        ref = self._refs.get(name)
        if ref is None:
            rf = self._fonts.get(name)
            if rf is None:  # a font of reportlab's own (never used by the report)
                ref = FontRef(Path(), 0, name, name)
            else:
                ref = FontRef(rf.path, rf.subfont_index, rf.family, rf.name)
            self._refs[name] = ref
        return ref

    def record_line(self, line, x: float, y: float) -> None:
        """One typeset line (typeset.Line) with its baseline at (x, y) of the user space."""
        xs = line.positions()
        gl = line.glyphs
        i, n = 0, len(gl)
        while i < n:
            g = gl[i]
            j = i + 1
            while j < n and gl[j].font == g.font and gl[j].size == g.size and gl[j].color == g.color:
                j += 1
            px, py = self._at(x + xs[i], y)
            glyphs = [(px + xs[k] - xs[i], gl[k].ch) for k in range(i, j)]
            self._items.append(TextItem(py, glyphs, self._ref(g.font), g.size, _rgb(g.color)))
            i = j

    # -- what reportlab's own code draws: table rules, the page numbers
    def line(self, x1, y1, x2, y2):
        a, b = self._at(x1, y1), self._at(x2, y2)
        self._items.append(RuleItem(a[0], a[1], b[0], b[1], self._lineWidth,
                                    _rgb(self._strokeColorObj)))

    def lines(self, linelist):
        for x1, y1, x2, y2 in linelist:
            self.line(x1, y1, x2, y2)

    def drawString(self, x, y, text, *args, **kw):  # noqa: N802 - reportlab's name
        font, size = self._fontname, self._fontsize
        ref = self._ref(font)
        widths = getFont(font)
        px, py = self._at(x, y)
        glyphs = []
        for ch in text:
            glyphs.append((px, ch))
            px += widths.stringWidth(ch, size)
        self._items.append(TextItem(py, glyphs, ref, size, _rgb(self._fillColorObj)))

    def drawRightString(self, x, y, text, *args, **kw):  # noqa: N802 - reportlab's name
        self.drawString(x - getFont(self._fontname).stringWidth(text, self._fontsize), y, text)

    def showPage(self):  # noqa: N802 - reportlab's name
        w, h = self._pagesize
        self.pages.append(Page(w, h, self._items))
        self._items = []
        super().showPage()

    def save(self):
        if self._items:
            self.showPage()
        # nothing is written: the PDF's code was never drawn


def lay_out(document: Document, fonts: FontSet | None = None, *,
            search_system_fonts: bool = True) -> list[Page]:
    """The report's pages, laid out exactly as :func:`pdf.render_pdf` lays them out."""
    from .pdf import _DocTemplate, build_story

    if fonts is None:
        fonts = register_fonts(search_system=search_system_fonts)
    story, _missing = build_story(document, fonts)
    made: list[RecordingCanvas] = []

    def maker(*args, **kw):
        c = RecordingCanvas(*args, fonts=fonts, **kw)
        made.append(c)
        return c

    doc = _DocTemplate(io.BytesIO(), document, fonts)
    doc.build(story, canvasmaker=maker)
    return made[-1].pages if made else []
