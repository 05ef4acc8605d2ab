"""Print the table a clerk is looking at (its year, filter, order and columns): a preview first.

The pages are drawn here with QPainter, the same way for the preview, the printer and a PDF
(:func:`save_pdf`): on every page the ledger's title and year, the header row, and
"第 N 页 共 M 页" at the foot; numbers and amounts right-aligned, dates centred, text wrapped
within its column (never cut). A table whose columns do not fit a portrait page is printed
landscape. The text is set in the bundled fonts (gui/i18n.UI_FONTS), so Chinese prints the same
on every computer and never as boxes.

    table = table_of(panel, township="姚伏镇")
    paint_table(printer, table)        # what the preview, the printer and save_pdf call
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPen

from ..fields import BOOL, COUNT, DATE, INT, MONEY
from . import dialogs

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from .ledger_panel import LedgerPanel
    from .window_api import Window

MAX_PRINT_ROWS = 5000
MARGINS_MM = QMarginsF(12, 12, 12, 12)
BODY_PT, TITLE_PT, NOTE_PT = 9.0, 14.0, 8.0
WRAP_AT_CHARS = 16  # a column of text asks for this many characters' width, then wraps
MIN_CHARS = 2  # no column narrower than this many characters

RIGHT = Qt.AlignmentFlag.AlignRight
CENTER = Qt.AlignmentFlag.AlignHCenter
LEFT = Qt.AlignmentFlag.AlignLeft
WRAP = Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere


def tr(text: str) -> str:
    return QCoreApplication.translate("printing", text)


@dataclass
class PrintTable:
    """What is printed: the title on every page, a note under it, the columns and the rows (as
    the clerk reads them). `aligns` one per column: RIGHT for numbers and amounts."""

    title: str
    note: str
    headers: list[str]
    aligns: list[Qt.AlignmentFlag]
    rows: list[list[str]] = field(default_factory=list)
    printed_on: dt.date = field(default_factory=dt.date.today)


def align_of(field_type: str) -> Qt.AlignmentFlag:
    if field_type in (INT, COUNT, MONEY):
        return RIGHT
    if field_type in (DATE, BOOL):
        return CENTER
    return LEFT


def table_title(township: str, year: int | None, ledger_label: str) -> str:
    return f"{township}{f'{year}年度' if year else ''}{ledger_label}台账"


def filter_words(panel: LedgerPanel) -> str:
    """The table's filter in words ("" when it shows every record of the year)."""
    q = panel.model.query
    parts = []
    if q.text:
        parts.append(tr("含“{0}”").format(q.text))
    for name, value in q.equals.items():
        parts.append(f"{panel.ledger.field(name).label}：{value}")
    if q.month:
        parts.append(tr("{0}月").format(q.month))
    if q.evidence is not None:
        parts.append(tr("有佐证材料") if q.evidence else tr("没有佐证材料"))
    if getattr(q, "ids", None) is not None:
        parts.append(tr("指定的记录"))
    return "；".join(parts)


def table_of(panel: LedgerPanel, township: str, limit: int = MAX_PRINT_ROWS) -> PrintTable:
    """The table shown in `panel`: its records in the order shown (at most `limit`), its columns
    in the order shown (hidden ones left out), with a row number first."""
    model = panel.model
    fields = panel.entry.shown_columns()
    n = min(model.total, limit)
    rows: list[list[str]] = []
    while len(rows) < n:
        page = panel.store.select(panel.ledger.name, model.query, limit=min(500, n - len(rows)),
                                  offset=len(rows))
        if not page:
            break
        for rec in page:
            rows.append([str(len(rows) + 1)] + [f.display(rec.get(f.name)) for f in fields])
    how = filter_words(panel)
    note = (tr("按当前筛选（{0}）共 {1} 条记录").format(how, f"{model.total:,}") if how
            else tr("共 {0} 条记录").format(f"{model.total:,}"))
    if model.total > len(rows):
        note += tr("（只打印前 {0} 条）").format(f"{len(rows):,}")
    return PrintTable(
        title=table_title(township, panel.year, panel.ledger.label),
        note=note,
        headers=[tr("序号")] + [f.label for f in fields],
        aligns=[RIGHT] + [align_of(f.type) for f in fields],
        rows=rows,
    )


# -- fonts and measures ------------------------------------------------------------------------


def print_font(point_size: float) -> QFont:
    """The bundled fonts (never a system font that may lack a character)."""
    from .i18n import UI_FONTS, ensure_font

    font = QFont()
    families = [f for f in UI_FONTS if ensure_font(f)]
    if families:
        font.setFamilies(families)
    font.setPointSizeF(point_size)
    return font


class _Metrics:
    """The fonts of a table on one device (a printer: its own pixels), and the measures taken
    with them."""

    def __init__(self, device) -> None:
        self.device = device
        self.body = print_font(BODY_PT)
        # no bold: the bundled fonts have none, and Qt's drawn-twice bold doubles the PDF's text
        self.head = print_font(BODY_PT)
        self.title = print_font(TITLE_PT)
        self.note = print_font(NOTE_PT)
        self.fm = QFontMetricsF(self.body, device)
        self.fm_head = QFontMetricsF(self.head, device)
        self.fm_title = QFontMetricsF(self.title, device)
        self.fm_note = QFontMetricsF(self.note, device)
        self.pt = device.logicalDpiY() / 72.0  # device pixels in a point
        self.pad = 3 * self.pt
        self.em = self.fm.horizontalAdvance("中")

    def natural_widths(self, table: PrintTable) -> list[float]:
        """Each column's width with every cell on one line."""
        widths = [self.fm_head.horizontalAdvance(h) for h in table.headers]
        for row in table.rows:
            for i, text in enumerate(row):
                if text:
                    w = max(self.fm.horizontalAdvance(line) for line in text.split("\n"))
                    if w > widths[i]:
                        widths[i] = w
        return [w + 2 * self.pad + 1 for w in widths]

    def wanted_widths(self, natural: list[float]) -> list[float]:
        """The width each column asks for: its natural width, text wrapping at WRAP_AT_CHARS."""
        cap = WRAP_AT_CHARS * self.em + 2 * self.pad
        return [min(w, cap) for w in natural]

    def column_widths(self, table: PrintTable, width: float) -> list[float]:
        """Widths filling `width`: the columns that fit keep their natural width, the others share
        the rest (their text wraps); none narrower than MIN_CHARS characters."""
        natural = self.natural_widths(table)
        least = MIN_CHARS * self.em + 2 * self.pad
        if sum(natural) <= width:  # room to spare: the text columns get it
            loose = [i for i, a in enumerate(table.aligns) if a == LEFT] or list(range(len(natural)))
            extra = (width - sum(natural)) / len(loose)
            return [w + (extra if i in loose else 0) for i, w in enumerate(natural)]
        widths = [0.0] * len(natural)
        left = set(range(len(natural)))
        rest = width
        while left:
            fair = rest / len(left)
            fits = [i for i in left if natural[i] <= fair]
            if not fits:
                break
            for i in fits:
                widths[i] = natural[i]
                rest -= natural[i]
                left.discard(i)
        total = sum(natural[i] for i in left)
        for i in left:
            widths[i] = max(least, rest * natural[i] / total)
        return widths

    def text_height(self, text: str, width: float, fm: QFontMetricsF) -> float:
        if "\n" not in text and fm.horizontalAdvance(text) <= width:
            return fm.height()
        return fm.boundingRect(QRectF(0, 0, width, 1e7), int(WRAP), text).height()


def needs_landscape(table: PrintTable, device, portrait_width: float) -> bool:
    """Whether the columns ask for more than a portrait page's width (`portrait_width` in the
    device's pixels)."""
    m = _Metrics(device)
    return sum(m.wanted_widths(m.natural_widths(table))) > portrait_width


# -- the pages ---------------------------------------------------------------------------------


@dataclass
class _Layout:
    widths: list[float]
    head_height: float  # the header row
    heights: list[float]  # each row
    pages: list[range]  # the rows on each page
    top: float  # where the table starts on a page
    bottom: float  # where it must end


def lay_out(m: _Metrics, table: PrintTable, page: QRectF) -> _Layout:
    widths = m.column_widths(table, page.width())
    inner = [w - 2 * m.pad for w in widths]
    head_h = max(m.text_height(h, inner[i], m.fm_head) for i, h in enumerate(table.headers)) + 2 * m.pad
    top = page.top() + m.fm_title.height() + m.fm_note.height() + 8 * m.pt
    bottom = page.bottom() - m.fm_note.height() - 6 * m.pt
    room = bottom - top - head_h
    heights = []
    for row in table.rows:
        h = max(m.text_height(t, inner[i], m.fm) for i, t in enumerate(row) if t) if any(row) else m.fm.height()
        heights.append(min(h + 2 * m.pad, room))  # a row longer than a page is cut at its foot
    pages: list[range] = []
    start, y = 0, 0.0
    for i, h in enumerate(heights):
        if y + h > room and i > start:
            pages.append(range(start, i))
            start, y = i, 0.0
        y += h
    pages.append(range(start, len(heights)))
    return _Layout(widths, head_h, heights, pages, top, bottom)


def paint_table(printer: QPrinter, table: PrintTable) -> int:
    """Paint every page of `table` on `printer` (a preview's, a real one's or a PDF's), laid out
    for its paper and orientation as they are now; the number of pages."""
    m = _Metrics(printer)
    page = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
    page.moveTo(0, 0)  # the painter starts at the margins' corner
    layout = lay_out(m, table, page)
    chosen = [(n, rows) for n, rows in enumerate(layout.pages, start=1)
              if (not printer.fromPage() or n >= printer.fromPage())
              and (not printer.toPage() or n <= printer.toPage())]
    painter = QPainter()
    if not painter.begin(printer):
        raise RuntimeError("打印机无法开始打印")
    try:
        for k, (n, rows) in enumerate(chosen):
            if k:
                printer.newPage()
            _paint_page(painter, m, table, layout, page, rows, n)
    finally:
        painter.end()
    return len(layout.pages)


def _paint_page(p: QPainter, m: _Metrics, table: PrintTable, layout: _Layout, page: QRectF,
                rows: range, n: int) -> None:
    black, grey = QColor("#000000"), QColor("#555555")
    p.setPen(black)
    p.setFont(m.title)
    p.drawText(QRectF(page.left(), page.top(), page.width(), m.fm_title.height()),
               int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), table.title)
    p.setFont(m.note)
    p.setPen(grey)
    note_rect = QRectF(page.left(), page.top() + m.fm_title.height() + 3 * m.pt, page.width(), m.fm_note.height())
    p.drawText(note_rect, int(Qt.AlignmentFlag.AlignLeft), table.note)
    d = table.printed_on
    p.drawText(note_rect, int(Qt.AlignmentFlag.AlignRight),
               tr("打印日期：{0}年{1}月{2}日").format(d.year, d.month, d.day))
    p.drawText(QRectF(page.left(), page.bottom() - m.fm_note.height(), page.width(), m.fm_note.height()),
               int(Qt.AlignmentFlag.AlignHCenter), tr("第 {0} 页 共 {1} 页").format(n, len(layout.pages)))

    pen = QPen(black)
    pen.setWidthF(0.5 * m.pt)
    xs = [page.left()]
    for w in layout.widths:
        xs.append(xs[-1] + w)
    y = layout.top
    # the header row, on every page
    p.fillRect(QRectF(xs[0], y, xs[-1] - xs[0], layout.head_height), QColor("#e6e6e6"))
    p.setFont(m.head)
    p.setPen(black)
    for i, head in enumerate(table.headers):
        p.drawText(QRectF(xs[i] + m.pad, y + m.pad, layout.widths[i] - 2 * m.pad, layout.head_height - 2 * m.pad),
                   int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter | WRAP), head)
    lines_y = [y, y + layout.head_height]
    y += layout.head_height
    p.setFont(m.body)
    for r in rows:
        h = layout.heights[r]
        for i, text in enumerate(table.rows[r]):
            if text:
                cell = QRectF(xs[i] + m.pad, y + m.pad, layout.widths[i] - 2 * m.pad, h - 2 * m.pad)
                p.save()
                p.setClipRect(cell)
                p.drawText(cell, int(table.aligns[i] | Qt.AlignmentFlag.AlignVCenter | WRAP), text)
                p.restore()
        y += h
        lines_y.append(y)
    p.setPen(pen)
    for ly in lines_y:
        p.drawLine(QPointF(xs[0], ly), QPointF(xs[-1], ly))
    for x in xs:
        p.drawLine(QPointF(x, lines_y[0]), QPointF(x, lines_y[-1]))


# -- the printer ---------------------------------------------------------------------------------


def make_printer(table: PrintTable) -> QPrinter:
    """An A4 printer with the table's margins, landscape when its columns need it."""
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(table.title)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      MARGINS_MM, QPageLayout.Unit.Millimeter))
    portrait = printer.pageLayout().paintRectPixels(printer.resolution()).width()
    if needs_landscape(table, printer, portrait):
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    return printer


def save_pdf(table: PrintTable, path: str | Path) -> int:
    """The printed pages as a PDF file (what the preview shows); the number of pages."""
    from PySide6.QtPrintSupport import QPrinter

    printer = make_printer(table)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return paint_table(printer, table)


def print_panel(window: Window, panel: LedgerPanel) -> None:
    """文件 → 打印当前表格: the preview of the pages, from which the clerk prints."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    parent = window.window()
    if panel.model.total == 0:
        dialogs.inform(parent, tr("打印"), tr("当前表格没有记录，无需打印。"))
        return
    table = table_of(panel, window.store.profile().get("township") or "")
    printer = make_printer(table)
    dlg = QPrintPreviewDialog(printer, parent)
    dlg.setWindowTitle(tr("打印预览 — {0}").format(table.title))
    dlg.paintRequested.connect(lambda p: paint_table(p, table))
    dlg.resize(1100, 800)  # (kept within the screen: gui/window_size.py)
    if dlg.exec() == QPrintPreviewDialog.DialogCode.Accepted:
        window.show_message(tr("已发送到打印机：{0}").format(table.title))
