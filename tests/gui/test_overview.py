"""The 概览 tab (gui/overview.py) and its charts (gui/charts.py) in a 1024×768 window: every name
and number whole, chart labels that never overlap, a figure that leads to its records."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QFontMetrics, QPainter


@pytest.fixture
def small_window(window, qtbot):
    """The window as on a 1024×768 screen."""
    window.resize(1024, 768)
    qtbot.wait(10)
    return window


def _rows(tree):
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        yield top, 0
        for j in range(top.childCount()):
            yield top.child(j), 1


def test_overview_names_and_numbers_are_whole_at_1024x768(small_window, qtbot):
    ov = small_window.show_tab("overview")
    qtbot.waitUntil(lambda: ov.tree.topLevelItemCount() > 0)
    tree = ov.tree
    assert ov.width() <= 1024
    cut = []
    for item, depth in _rows(tree):
        row = tree.visualItemRect(item)
        for c in range(4):
            text = item.text(c)
            if not text:
                continue
            font = item.font(c) if item.font(c).family() else tree.font()
            fm = QFontMetrics(font)
            width = tree.columnWidth(c) - 8 - (tree.indentation() * (depth + 1) if c == 0 else 0)
            need = fm.boundingRect(QRect(0, 0, width, 10000), int(Qt.TextFlag.TextWordWrap), text)
            if need.width() > width or need.height() > row.height():
                cut.append((text, c))
    assert not cut, f"cut at 1024×768: {cut[:5]}"
    # numbers stay on one line; the kinds read without their ledger's name before them
    for item, _depth in _rows(tree):
        for c in (1, 2, 3):
            if item.text(c) and "、" not in item.text(c):
                assert tree.fontMetrics().horizontalAdvance(item.text(c)) < tree.columnWidth(c)
    names = [item.text(0).strip("　") for item, _d in _rows(tree)]
    assert "会前学法" in names and "学法活动·会前学法" not in names
    # and the charts keep a readable width beside them
    assert ov.month_chart.width() >= 300


class _Recorder(QPainter):
    """A QPainter that keeps the box of every text it draws."""

    boxes: list[tuple[QRectF, str]] = []

    def drawText(self, *args):  # noqa: N802
        if len(args) == 3 and isinstance(args[0], (QRectF, QRect)):
            rect, flags, text = args
            _Recorder.boxes.append((QRectF(self.boundingRect(QRectF(rect), int(flags), text)), text))
        return super().drawText(*args)


def _overlaps(boxes):
    out = []
    for i, (a, ta) in enumerate(boxes):
        for b, tb in boxes[i + 1:]:
            if a.adjusted(1, 1, -1, -1).intersects(b.adjusted(1, 1, -1, -1)):
                out.append((ta, tb))
    return out


@pytest.mark.parametrize("width", [260, 330, 380, 480, 700, 1100, 1600])
def test_month_chart_labels_never_overlap(app, qtbot, monkeypatch, width):
    from yaofu_desktop.gui import charts

    monkeypatch.setattr(charts, "QPainter", _Recorder)
    chart = charts.BarChart()
    qtbot.addWidget(chart)
    chart.resize(width, 240)
    chart.set_data("各月台账记录数（条）", [f"{m}月" for m in range(1, 13)],
                   [charts.Series("2025年", [41, 49, 42, 41, 45, 57, 37, 36, 35, 48, 1048, 48], "#2f6db3"),
                    charts.Series("2024年", [30, 28, 47, 33, 39, 38, 33, 38, 51, 59, 40, 37], "#a9c4e4")],
                   short=[str(m) for m in range(1, 13)])
    _Recorder.boxes = []
    chart.grab()
    boxes = _Recorder.boxes
    assert _overlaps(boxes) == []
    inside = QRectF(chart.rect()).adjusted(-1, -1, 1, 1)
    assert all(inside.contains(b) for b, _t in boxes), [t for b, t in boxes if not inside.contains(b)]
    texts = [t for _b, t in boxes]
    assert "2025年" in texts and "2024年" in texts  # the legend is always there
    assert sum(t in {"1月", "1"} for t in texts) == 1  # the months are labelled
    if width >= 480:
        assert all(f"{m}月" in texts or str(m) in texts for m in range(1, 13))
