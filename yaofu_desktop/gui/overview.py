"""The 概览 tab: every figure of the year beside the previous year's, and two charts — the
year's records by month (with the previous year) and by ledger (or by kind within a ledger)."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..fields import Field
from ..figures import Figure, compute, format_number
from ..ledgers import AREAS, EVENT, LEDGERS, SECTIONS, ledger as get_ledger
from ..store import RecordQuery, Store
from .charts import PALETTE, BarChart, Series

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def change_text(now: Figure, before: Figure | None) -> str:
    if before is None or now.value is None or before.value is None:
        return ""
    d = now.value - before.value
    if abs(d) < 1e-9:
        return "持平"
    sign = "+" if d > 0 else "−"
    if now.unit == "%":
        return f"{sign}{format_number(round(abs(d), 1))} 个百分点"
    return f"{sign}{format_number(abs(d) if isinstance(d, int) else round(abs(d), 2))}"


def month_counts(store: Store, year: int) -> list[int]:
    """Records dated in each month of `year` over the event ledgers (rosters excluded)."""
    out = []
    for m in range(1, 13):
        q = RecordQuery(year=year, month=m)
        out.append(sum(store.count(lg.name, q) for lg in LEDGERS if lg.scope == EVENT))
    return out


class OverviewTab(QWidget):
    def __init__(self, store: Store, year: int | None, parent=None):
        super().__init__(parent)
        self.store = store
        self.year = year
        self.stale = True
        self.setObjectName("overview")
        self._figures: list[Figure] = []
        self._before: dict[str, Figure] = {}
        self._build()

    def _build(self) -> None:
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 6)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setStyleSheet("font-size: 11pt;")
        lay.addWidget(self.summary)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.tree = QTreeWidget()
        self.tree.setObjectName("figures_tree")
        self.tree.setColumnCount(4)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setRootIsDecorated(True)
        hh = self.tree.header()
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3):
            hh.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            self.tree.setColumnWidth(c, 104)
        self.tree.setColumnWidth(3, 120)
        split.addWidget(self.tree)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.month_chart = BarChart()
        self.month_chart.setObjectName("month_chart")
        rl.addWidget(self.month_chart, 2)
        pick = QHBoxLayout()
        pick.addWidget(QLabel(self.tr("分类图：")))
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("chart_combo")
        self.kind_combo.addItem(self.tr("各台账记录数"), None)
        for lg in LEDGERS:
            if lg.kind_field is not None:
                self.kind_combo.addItem(self.tr("{0}·按{1}").format(lg.label, lg.kind_field.label), lg.name)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._draw_kind_chart())
        pick.addWidget(self.kind_combo, 1)
        rl.addLayout(pick)
        self.kind_chart = BarChart(horizontal=True)
        self.kind_chart.setObjectName("kind_chart")
        kind_scroll = QScrollArea()
        kind_scroll.setWidget(self.kind_chart)
        kind_scroll.setWidgetResizable(True)
        kind_scroll.setFrameShape(QFrame.Shape.NoFrame)
        rl.addWidget(kind_scroll, 3)
        split.addWidget(right)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 4)
        split.setSizes([620, 520])
        lay.addWidget(split, 1)

    # data ----------------------------------------------------------------------------------------

    def set_year(self, year: int | None) -> None:
        self.year = year
        self.stale = True
        if self.isVisible():
            self.refresh()

    def mark_stale(self) -> None:
        self.stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event):  # noqa: N802
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        self.stale = False
        year = self.year
        if year is None:
            return
        township = self.store.profile().get("township") or ""
        self._figures = compute(self.store, year)
        self._before = {f.key: f for f in compute(self.store, year - 1)}
        n_now = sum(self.store.count(lg.name, RecordQuery(year=year)) for lg in LEDGERS)
        n_before = sum(self.store.count(lg.name, RecordQuery(year=year - 1)) for lg in LEDGERS)
        self.summary.setText(self.tr("<b>{0} {1}年度</b>　台账记录 <b>{2:,}</b> 条（{3}年度 {4:,} 条）　"
                                     "统计数字 {5} 项").format(
            township, year, n_now, year - 1, n_before, len(self._figures)))
        self._fill_tree(year)
        months_now = month_counts(self.store, year)
        months_before = month_counts(self.store, year - 1)
        self.month_chart.set_data(
            self.tr("各月台账记录数（条）"),
            [self.tr("{0}月").format(m) for m in range(1, 13)],
            [Series(self.tr("{0}年").format(year), months_now, PALETTE[0]),
             Series(self.tr("{0}年").format(year - 1), months_before, PALETTE[1])],
        )
        self._draw_kind_chart()

    def _fill_tree(self, year: int) -> None:
        t = self.tree
        t.clear()
        t.setHeaderLabels([self.tr("项目"), self.tr("{0}年").format(year), self.tr("{0}年").format(year - 1),
                           self.tr("增减")])
        groups: dict[str, QTreeWidgetItem] = {}
        bold = QFont(t.font())
        bold.setBold(True)
        grey = QBrush(QColor("#9a9a9a"))
        area_names = dict(AREAS)
        for area, label in list(AREAS) + [("report", self.tr("报告文字"))]:
            title = f"{SECTIONS[area]}{label}" if area in SECTIONS else label
            item = QTreeWidgetItem([title])
            item.setFont(0, bold)
            item.setFirstColumnSpanned(False)
            item.setBackground(0, QBrush(QColor("#eef2f8")))
            for c in (1, 2, 3):
                item.setBackground(c, QBrush(QColor("#eef2f8")))
            groups[area] = item
        for fig in self._figures:
            parent = groups.get(fig.area)
            if parent is None:
                continue
            before = self._before.get(fig.key)
            label = fig.label
            is_kind = fig.ledger and fig.key.count(".") >= 2
            if is_kind:
                label = "　　" + label
            item = QTreeWidgetItem([label, fig.display(), before.display() if before else "",
                                    change_text(fig, before)])
            item.setToolTip(0, fig.label)
            for c in (1, 2, 3):
                item.setTextAlignment(c, _RIGHT)
            if fig.key.endswith(".total") or not is_kind:
                item.setFont(0, bold if fig.key.endswith(".total") else t.font())
            if not fig.value and not (before and before.value):
                for c in range(4):
                    item.setForeground(c, grey)
            parent.addChild(item)
        for area in list(area_names) + ["report"]:
            t.addTopLevelItem(groups[area])
            groups[area].setExpanded(True)

    def _draw_kind_chart(self) -> None:
        if self.year is None:
            return
        name = self.kind_combo.currentData()
        year = self.year
        if name is None:
            cats, vals = [], []
            for lg in LEDGERS:
                cats.append(lg.label)
                vals.append(self.store.count(lg.name, RecordQuery(year=year)))
            self.kind_chart.set_data(self.tr("{0}年 各台账记录数").format(year), cats,
                                     [Series(str(year), vals, PALETTE[0])], self.tr("条"))
            return
        lg = get_ledger(name)
        kind = cast(Field, lg.kind_field)
        prefix = f"{lg.name}.{kind.name}."
        figs = [f for f in self._figures if f.key.startswith(prefix)]
        self.kind_chart.set_data(
            self.tr("{0}年 {1}·按{2}").format(year, lg.label, kind.label),
            [f.key[len(prefix):] for f in figs],
            [Series(str(year), [f.value or 0 for f in figs], PALETTE[2])],
            units=[f.unit for f in figs],
        )
