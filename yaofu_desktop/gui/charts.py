"""Small bar charts drawn with QPainter (QtCharts is not shipped): Chinese labels in the
application font, nothing but QtGui, so they render offscreen and in a frozen build alike."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

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
        self.short: list[str] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(180)

    def set_data(self, title: str, categories: list[str], series: list[Series], unit: str = "",
                 units: list[str] | None = None, short: list[str] | None = None) -> None:
        """`unit` for every value, or `units` one per category (horizontal charts); `short`, the
        categories' shorter names for a narrow chart ("1" … "12" for "1月" … "12月")."""
        self.title, self.categories, self.series, self.unit = title, list(categories), list(series), unit
        self.units = list(units) if units else [unit] * len(self.categories)
        self.short = list(short) if short else []
        if self.horizontal:
            fm = self.fontMetrics()
            self.setMinimumHeight(max(180, len(self.categories) * (fm.height() + 6) + fm.height() * 3 + 20))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(480, 260)

    # painting ---------------------------------------------------------------------------------

    def _title_font(self) -> QFont:
        f = QFont(self.font())
        f.setBold(True)
        return f

    def _legend(self) -> list[Series]:
        return self.series if len(self.series) > 1 else []

    def _legend_own_line(self, width: float) -> bool:
        """Whether the legend goes on a line of its own (the title leaves it no room beside it)."""
        fm = self.fontMetrics()
        legend_w = sum(fm.horizontalAdvance(s.name) + 30 for s in self._legend())
        return bool(legend_w) and QFontMetrics(self._title_font()).horizontalAdvance(self.title) + 16 + legend_w > width

    def body_rect(self) -> QRectF:
        """The chart's area under its title and legend."""
        fm = self.fontMetrics()
        r = QRectF(self.rect()).adjusted(10, 8, -12, -8)
        below = fm.height() + 10 + (fm.height() + 4 if self._legend_own_line(r.width()) else 0)
        return r.adjusted(0, below, 0, 0)

    def paintEvent(self, _event):  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        fm = self.fontMetrics()
        r = QRectF(self.rect()).adjusted(10, 8, -12, -8)
        title_font = self._title_font()
        p.setFont(title_font)
        p.setPen(QColor("#222"))
        title_w = QFontMetrics(title_font).horizontalAdvance(self.title)
        p.drawText(QRectF(r.left(), r.top(), min(title_w + 2, r.width()), fm.height()),
                   Qt.AlignmentFlag.AlignLeft, self.title)
        p.setFont(self.font())
        legend_top = r.top() + (fm.height() + 4 if self._legend_own_line(r.width()) else 0)
        x = r.right()
        for s in reversed(self._legend()):
            w = fm.horizontalAdvance(s.name)
            x -= w
            p.setPen(QColor("#444"))
            p.drawText(QRectF(x, legend_top, w + 2, fm.height()), Qt.AlignmentFlag.AlignLeft, s.name)
            x -= 16
            p.fillRect(QRectF(x, legend_top + fm.height() / 2 - 5, 11, 11), QColor(s.color))
            x -= 14
        r = self.body_rect()
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

    def category_labels(self, group_w: float, fm: QFontMetrics) -> list[str]:
        """The labels under the groups, none wider than its group: the categories, else their
        short names, else every second (third …) one."""
        for names in (self.categories, self.short):
            if names and max(fm.horizontalAdvance(c) for c in names) + 4 <= group_w:
                return list(names)
        names = self.short or self.categories
        widest = max(fm.horizontalAdvance(c) for c in names) + 4
        step = max(1, math.ceil(widest / max(group_w, 1)))
        return [c if i % step == 0 else "" for i, c in enumerate(names)]

    def plot_rect(self) -> tuple[QRectF, float, float]:
        """Where the bars of a vertical chart go, the width of a group, and the axis' top value."""
        fm = self.fontMetrics()
        top = max([v for s in self.series for v in s.values] + [0])
        step = nice_step(top)
        axis_top = max(step, math.ceil(top / step) * step)
        label_w = fm.horizontalAdvance(_num(axis_top)) + 8
        r = self.body_rect()
        plot = QRectF(r.left() + label_w, r.top() + fm.height(), r.width() - label_w,
                      r.height() - fm.height() * 2 - 8)
        return plot, plot.width() / max(len(self.categories), 1), axis_top

    def group_at(self, x: float) -> int | None:
        """The category under `x` (a vertical chart), None outside the bars."""
        plot, group_w, _top = self.plot_rect()
        if not self.categories or not plot.left() <= x < plot.right():
            return None
        return min(int((x - plot.left()) // group_w), len(self.categories) - 1)

    def event(self, e):
        if e.type() == QEvent.Type.ToolTip and not self.horizontal and self.series:
            i = self.group_at(e.pos().x())
            if i is None:
                QToolTip.hideText()
                e.ignore()
                return True
            parts = [f"{s.name} {_num(s.values[i] if i < len(s.values) else 0)}" for s in self.series]
            QToolTip.showText(e.globalPos(), f"{self.categories[i]}：" + "，".join(parts), self)
            return True
        return super().event(e)

    def _paint_vertical(self, p: QPainter, r: QRectF, fm: QFontMetrics, top: float) -> None:
        plot, group_w, axis_top = self.plot_rect()
        step = nice_step(top)
        label_w = plot.left() - r.left()
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
        k = len(self.series)
        bar_w = max(2.0, min(28.0, group_w * 0.78 / k))
        labels = self.category_labels(group_w, fm)
        for ci, cat in enumerate(labels):
            gx = plot.left() + group_w * ci + (group_w - bar_w * k) / 2
            tallest = 0.0
            for si, s in enumerate(self.series):
                v = s.values[ci] if ci < len(s.values) else 0
                h = plot.height() * v / axis_top
                tallest = max(tallest, h)
                p.fillRect(QRectF(gx + si * bar_w, plot.bottom() - h, bar_w - 1, h), QColor(s.color))
            # the first series' value, over the group's tallest bar, when it fits the group's width
            v = self.series[0].values[ci] if ci < len(self.series[0].values) else 0
            text = _num(v)
            if v and fm.horizontalAdvance(text) + 4 <= group_w:
                p.setPen(QColor("#333"))
                p.drawText(QRectF(plot.left() + group_w * ci, plot.bottom() - tallest - fm.height() - 1,
                                  group_w, fm.height()),
                           Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, text)
            if cat:
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
