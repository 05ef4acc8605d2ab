"""Small bar charts drawn with QPainter (QtCharts is not shipped): Chinese labels in the
application font, nothing but QtGui, so they render offscreen and in a frozen build alike."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = ("#2f6db3", "#a9c4e4", "#e08a2c", "#5a9e4b")


@dataclass
class Series:
    name: str
    values: Sequence[float]
    color: str


def nice_step(top: float, ticks: int = 5) -> float:
    if top <= 0:
        return 1
    raw = top / ticks
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return max(m * mag, 1) if top >= ticks else 1
    return 10 * mag


def _num(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.1f}"


class BarChart(QWidget):
    """Vertical grouped bars (e.g. months, this year and last) or horizontal bars (kinds)."""

    def __init__(self, parent=None, *, horizontal: bool = False):
        super().__init__(parent)
        self.horizontal = horizontal
        self.title = ""
        self.unit = ""
        self.categories: list[str] = []
        self.series: list[Series] = []
        self.units: list[str] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(180)

    def set_data(self, title: str, categories: list[str], series: list[Series], unit: str = "",
                 units: list[str] | None = None) -> None:
        """`unit` for every value, or `units` one per category (horizontal charts)."""
        self.title, self.categories, self.series, self.unit = title, list(categories), list(series), unit
        self.units = list(units) if units else [unit] * len(self.categories)
        if self.horizontal:
            fm = self.fontMetrics()
            self.setMinimumHeight(max(180, len(self.categories) * (fm.height() + 6) + fm.height() * 3 + 20))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(480, 260)

    # painting ---------------------------------------------------------------------------------

    def paintEvent(self, _event):  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        fm = self.fontMetrics()
        r = QRectF(self.rect()).adjusted(10, 8, -12, -8)
        title_font = QFont(self.font())
        title_font.setBold(True)
        p.setFont(title_font)
        p.setPen(QColor("#222"))
        p.drawText(r.adjusted(0, 0, 0, -(r.height() - fm.height() - 4)), Qt.AlignmentFlag.AlignLeft, self.title)
        p.setFont(self.font())
        # legend, right of the title
        x = r.right()
        for s in reversed(self.series if len(self.series) > 1 else []):
            w = fm.horizontalAdvance(s.name)
            x -= w
            p.setPen(QColor("#444"))
            p.drawText(QRectF(x, r.top(), w + 2, fm.height()), Qt.AlignmentFlag.AlignLeft, s.name)
            x -= 16
            p.fillRect(QRectF(x, r.top() + fm.height() / 2 - 5, 11, 11), QColor(s.color))
            x -= 14
        r.setTop(r.top() + fm.height() + 10)
        values = [v for s in self.series for v in s.values]
        if not self.categories or not values:
            p.setPen(QColor("#888"))
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, self.tr("暂无数据"))
            return
        top = max(values + [0])
        if self.horizontal:
            self._paint_horizontal(p, r, fm, top)
        else:
            self._paint_vertical(p, r, fm, top)
        p.end()

    def _paint_vertical(self, p: QPainter, r: QRectF, fm: QFontMetrics, top: float) -> None:
        step = nice_step(top)
        axis_top = max(step, math.ceil(top / step) * step)
        label_w = fm.horizontalAdvance(_num(axis_top)) + 8
        plot = QRectF(r.left() + label_w, r.top() + fm.height(), r.width() - label_w, r.height() - fm.height() * 2 - 8)
        grid = QPen(QColor("#e3e3e3"))
        n_ticks = int(round(axis_top / step))
        for i in range(n_ticks + 1):
            v = i * step
            y = plot.bottom() - plot.height() * v / axis_top
            p.setPen(grid)
            p.drawLine(plot.left(), y, plot.right(), y)  # type: ignore[call-overload]
            p.setPen(QColor("#666"))
            p.drawText(QRectF(r.left(), y - fm.height() / 2, label_w - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, _num(v))
        n = len(self.categories)
        group_w = plot.width() / n
        k = len(self.series)
        bar_w = max(2.0, min(28.0, group_w * 0.78 / k))
        for ci, cat in enumerate(self.categories):
            gx = plot.left() + group_w * ci + (group_w - bar_w * k) / 2
            for si, s in enumerate(self.series):
                v = s.values[ci] if ci < len(s.values) else 0
                h = plot.height() * v / axis_top
                rect = QRectF(gx + si * bar_w, plot.bottom() - h, bar_w - 1, h)
                p.fillRect(rect, QColor(s.color))
                if si == 0 and v and bar_w >= 10:
                    p.setPen(QColor("#333"))
                    p.drawText(QRectF(rect.left() - 20, rect.top() - fm.height() - 1, rect.width() + 40, fm.height()),
                               Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, _num(v))
            p.setPen(QColor("#444"))
            p.drawText(QRectF(plot.left() + group_w * ci, plot.bottom() + 4, group_w, fm.height() + 2),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, cat)
        p.setPen(QPen(QColor("#888")))
        p.drawLine(plot.left(), plot.bottom(), plot.right(), plot.bottom())  # type: ignore[call-overload]

    def _paint_horizontal(self, p: QPainter, r: QRectF, fm: QFontMetrics, top: float) -> None:
        label_w = min(max(fm.horizontalAdvance(c) for c in self.categories) + 10, r.width() * 0.45)
        value_w = fm.horizontalAdvance(_num(top) + " " + max(self.units + [""], key=len)) + 10
        plot = QRectF(r.left() + label_w, r.top(), r.width() - label_w - value_w, r.height())
        n = len(self.categories)
        row_h = min(plot.height() / n, fm.height() + 10)
        bar_h = max(3.0, row_h * 0.62)
        s = self.series[0]
        axis_top = top or 1
        for ci, cat in enumerate(self.categories):
            y = plot.top() + row_h * ci
            p.setPen(QColor("#444"))
            text = fm.elidedText(cat, Qt.TextElideMode.ElideMiddle, int(label_w - 8))
            p.drawText(QRectF(r.left(), y, label_w - 8, row_h),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
            v = s.values[ci] if ci < len(s.values) else 0
            w = plot.width() * v / axis_top
            p.fillRect(QRectF(plot.left(), y + (row_h - bar_h) / 2, w, bar_h), QColor(s.color))
            p.setPen(QColor("#333"))
            p.drawText(QRectF(plot.left() + w + 4, y, value_w + 40, row_h),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       f"{_num(v)} {self.units[ci] if ci < len(self.units) else ''}".strip())
        p.setPen(QPen(QColor("#888")))
        p.drawLine(plot.left(), plot.top(), plot.left(), plot.top() + row_h * n)  # type: ignore[call-overload]
