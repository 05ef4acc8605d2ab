"""Draw the report's laid-out pages (report/layout.py) with a QPainter: printing, and pictures.

The layout is the PDF's own (computed in the core, without Qt); this module only paints it:
each glyph at its recorded position in the font file the PDF embeds (loaded into Qt with
QFontDatabase.addApplicationFont), the red mark and rule, the table rules and the page numbers.

    pages = lay_out(document)
    paint_pages(printer, pages)           # a QPrinter (or any QPagedPaintDevice)
    img = page_image(pages[0], dpi=60)    # a QImage of one page
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPen

from ..report.layout import FontRef, Page, RuleItem, TextItem

log = logging.getLogger(__name__)

_families: dict[tuple[str, int], str] = {}


def qt_family(ref: FontRef) -> str:
    """The Qt family of a font file (loaded once); the stored family name if it cannot load."""
    key = (str(ref.path), ref.index)
    fam = _families.get(key)
    if fam is None:
        fam = ref.family
        if str(ref.path) not in ("", "."):
            fid = QFontDatabase.addApplicationFont(str(ref.path))
            fams = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
            if fams:
                fam = fams[ref.index] if ref.index < len(fams) else fams[0]
            else:
                log.warning("font %s not loaded into Qt; using the family %s", ref.path, ref.family)
        _families[key] = fam
    return fam


def _font(ref: FontRef, size_pt: float, scale: float, dpi: float) -> QFont:
    f = QFont(qt_family(ref))
    # `size_pt` points of the page are size_pt * scale device pixels
    f.setPointSizeF(size_pt * scale * 72.0 / dpi)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    f.setKerning(False)
    f.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    return f


def paint_page(painter: QPainter, page: Page, scale: float, origin: QPointF | None = None) -> None:
    """Paint `page` with `scale` device pixels a point, its top-left corner at `origin`."""
    ox, oy = (origin.x(), origin.y()) if origin is not None else (0.0, 0.0)
    dpi = float(painter.device().logicalDpiY() or 96)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    fonts: dict[tuple[str, float], QFont] = {}
    for item in page.items:
        if isinstance(item, RuleItem):
            pen = QPen(QColor.fromRgbF(*item.color))
            pen.setWidthF(max(item.width * scale, 1.0))
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawLine(QPointF(ox + item.x1 * scale, oy + item.y1 * scale),
                             QPointF(ox + item.x2 * scale, oy + item.y2 * scale))
        elif isinstance(item, TextItem):
            key = (item.font.name, item.size)
            font = fonts.get(key)
            if font is None:
                font = fonts[key] = _font(item.font, item.size, scale, dpi)
            painter.setFont(font)
            painter.setPen(QColor.fromRgbF(*item.color))
            y = oy + item.y * scale
            for x, ch in item.glyphs:
                if not ch.isspace():
                    painter.drawText(QPointF(ox + x * scale, y), ch)
    painter.restore()


def paint_pages(printer, pages: list[Page], *, from_page: int = 0, to_page: int = 0) -> None:
    """Paint the pages onto a printer set to full-page mode (A4, no margins of its own);
    `from_page`/`to_page` (1-based, 0 for all) as the print dialog chose them."""
    chosen = [p for i, p in enumerate(pages, start=1)
              if (not from_page or i >= from_page) and (not to_page or i <= to_page)]
    painter = QPainter()
    if not painter.begin(printer):
        raise RuntimeError("打印机无法开始打印")
    try:
        paper = printer.pageLayout().fullRectPixels(printer.resolution())
        for i, page in enumerate(chosen):
            if i:
                printer.newPage()
            scale = paper.width() / page.width
            # a printer that cannot print to the paper's edge still puts the page where it is
            # on the paper: full-page mode has the painter's origin at the paper's corner
            paint_page(painter, page, scale)
    finally:
        painter.end()


def page_image(page: Page, dpi: float = 60.0) -> QImage:
    """One page as a picture at `dpi` (white background)."""
    scale = dpi / 72.0
    img = QImage(round(page.width * scale), round(page.height * scale), QImage.Format.Format_RGB32)
    dpm = round(dpi / 0.0254)
    img.setDotsPerMeterX(dpm)
    img.setDotsPerMeterY(dpm)
    img.fill(QColor("white"))
    painter = QPainter(img)
    try:
        paint_page(painter, page, scale)
    finally:
        painter.end()
    return img
