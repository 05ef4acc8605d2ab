"""A ledger table's columns as the clerk left them: their widths, their order and the sort,
remembered per ledger in the program's settings (by field name, so that a column a newer version
adds simply takes its place), and, until the clerk sizes them, columns sized by their content
(a long 当事人 is not cut while a short 村（社区） holds empty width).

    memory = ColumnMemory(panel.table, panel.model, ledger)   # restores; saves what changes
    memory.sort()        # the remembered sort, (field name, descending) or None
"""

from __future__ import annotations

import json
import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QTableView

from ..ledgers import Ledger
from .settings import app_settings
from .table_model import LedgerTableModel

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 400
MAX_FITTED_WIDTH = 360  # a column sized by its content is never wider than this
FIT_ROWS = 200  # the rows a column is sized by (the table's first page)
CELL_PADDING = 14  # a cell's margins and grid line beside its text (more if the style asks)
TITLE_MIN_WIDTH = 200  # the title column gives back room down to this (or what its text needs)


def columns_key(ledger_name: str) -> str:
    return f"table/{ledger_name}"


class ColumnMemory(QObject):
    """Restores a table's columns from the settings, saves them (a moment after) when the clerk
    drags a width or a column, or sorts; fits the columns to their content once, if never saved."""

    def __init__(self, table: QTableView, model: LedgerTableModel, ledger: Ledger):
        super().__init__(table)
        self.table = table
        self.model = model
        self.ledger = ledger
        self._saved = self._read()
        self._fitted = bool(self._saved.get("widths"))
        self._title_needs = 0  # the title column's floor: what its text needs, up to TITLE_MIN_WIDTH
        hh = table.horizontalHeader()
        # the column LedgerTable let stretch (the record's title): it takes the room left over
        # when the columns are fitted; then every column is the clerk's to size
        self.title_column = next((i for i in range(len(model.columns))
                                  if hh.sectionResizeMode(i) == QHeaderView.ResizeMode.Stretch), None)
        for i in range(hh.count()):
            hh.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(False)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        self.restore()
        hh.setSectionsMovable(True)  # the clerk may drag a column elsewhere
        hh.sectionResized.connect(self._changed)
        hh.sectionMoved.connect(self._changed)
        hh.sortIndicatorChanged.connect(self._sorted)
        hh.sortIndicatorChanged.connect(self._changed)
        model.modelReset.connect(self.fit_to_content)
        self._viewport = table.viewport()  # fitted when first shown with its rows; its title
        self._viewport.installEventFilter(self)  # column following the window until then

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        # the viewport's width is the one that counts: set when it is resized or shown (a hidden
        # table's viewport is resized without an event); only then is the table touched (never
        # while it is being destroyed)
        if event.type() in (QEvent.Type.Show, QEvent.Type.Resize) and obj is self._viewport:
            if not self._fitted:
                self.fit_to_content()
            elif not self._saved:
                self._fit_title()  # the clerk has not sized the columns: the title follows the window
        return False

    def _names(self) -> list[str]:
        return [f.name for f in self.model.columns]

    def _read(self) -> dict[str, Any]:
        raw = app_settings().value(columns_key(self.ledger.name))
        if not raw:
            return {}
        try:
            data = json.loads(str(raw))
            return data if isinstance(data, dict) else {}
        except ValueError:
            log.warning("column settings of %s unreadable: ignored", self.ledger.name)
            return {}

    def restore(self) -> None:
        hh = self.table.horizontalHeader()
        names = self._names()
        hh.blockSignals(True)
        try:
            for name, width in (self._saved.get("widths") or {}).items():
                if name in names and isinstance(width, int) and 20 <= width <= 2000:
                    self.table.setColumnWidth(names.index(name), width)
            order = [n for n in (self._saved.get("order") or []) if n in names]
            for visual, name in enumerate(order):
                hh.moveSection(hh.visualIndex(names.index(name)), visual)
        finally:
            hh.blockSignals(False)

    def sort(self) -> tuple[str, bool] | None:
        """The sort the clerk last chose for this ledger: (field name, descending)."""
        s = self._saved.get("sort")
        if isinstance(s, list) and len(s) == 2 and s[0] in self._names():
            return str(s[0]), bool(s[1])
        return None

    def _changed(self, *_args) -> None:
        self._timer.start()

    def save(self) -> None:
        self._timer.stop()
        hh = self.table.horizontalHeader()
        names = self._names()
        data: dict[str, Any] = {
            "widths": {n: hh.sectionSize(i) for i, n in enumerate(names)},
            "order": [names[hh.logicalIndex(v)] for v in range(hh.count()) if hh.logicalIndex(v) < len(names)],
        }
        col = hh.sortIndicatorSection()
        if 0 <= col < len(names):
            data["sort"] = [names[col], hh.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder]
        self._saved = data
        self._fitted = True  # the clerk's widths from now on, even on a table still empty
        app_settings().setValue(columns_key(self.ledger.name), json.dumps(data, ensure_ascii=False))

    def fit_to_content(self) -> None:
        """Size each column to its header and the rows shown (within MAX_FITTED_WIDTH); the title
        column takes the room left over, or gives back what the others need (never below what
        its own text needs, up to TITLE_MIN_WIDTH: a long title is cut, its tooltip whole, rather
        than 佐证材料 cut at the window's edge); once, when the table is first shown with rows
        and the clerk has not sized the columns. An empty table is sized by its headers, and
        fitted again when its first rows come."""
        t = self.table
        if self._fitted or not t.isVisible() or t.viewport().width() < 200:
            return
        rows = min(self.model.rowCount(), FIT_ROWS)  # the first page: read with the table anyway
        self._fitted = rows > 0
        hh = t.horizontalHeader()
        fm = t.fontMetrics()
        hh.blockSignals(True)
        try:
            pad = self.cell_padding()
            for i in range(hh.count()):
                texts = (self.model.index(r, i).data(Qt.ItemDataRole.DisplayRole) for r in range(rows))
                content = max((fm.horizontalAdvance(str(x)) for x in texts if x), default=0) + pad
                want = max(content, self.header_width(i))
                t.setColumnWidth(i, min(max(want, 40), MAX_FITTED_WIDTH))
                if i == self.title_column:
                    self._title_needs = max(min(want, TITLE_MIN_WIDTH), self.header_width(i))
        finally:
            hh.blockSignals(False)
        self._fit_title()

    def header_width(self, column: int) -> int:
        """What a column's header needs: its label with a cell's padding (or what the style asks
        for a header without a sort arrow, if more), and room for the arrow on the column sorted
        by only (Qt's size hint keeps that room on every column: 29 pixels of empty width beside
        a short 村（社区） or 佐证材料)."""
        hh = self.table.horizontalHeader()
        hint = hh.sectionSizeHint(column)
        if column == hh.sortIndicatorSection() and hh.isSortIndicatorShown():
            return hint
        opt = QStyleOptionHeader()
        opt.initFrom(hh)
        opt.text = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
        opt.orientation = Qt.Orientation.Horizontal
        opt.section = column
        plain = hh.style().sizeFromContents(QStyle.ContentsType.CT_HeaderSection, opt, QSize(), hh).width()
        return min(hint, max(plain, hh.fontMetrics().horizontalAdvance(opt.text) + self.cell_padding()))

    def cell_padding(self) -> int:
        """The room beside a cell's text: CELL_PADDING, or more if the style's margins (a focus
        frame each side, the grid line) and a little air ask for it (Windows' styles differ)."""
        t = self.table
        margins = (t.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, t) + 1) * 2 + 1
        return max(CELL_PADDING, margins + 6)

    def _sorted(self, column: int, _order) -> None:
        """A column now sorted by gets the room for its arrow beside its label (never cut)."""
        hh = self.table.horizontalHeader()
        if 0 <= column < hh.count() and hh.sectionSize(column) < hh.sectionSizeHint(column):
            self.table.setColumnWidth(column, hh.sectionSizeHint(column))
            if self._title_needs:
                self._fit_title()

    def _fit_title(self) -> None:
        """The title column takes the room the others leave, or gives back the room they need,
        down to what its own text needs (up to TITLE_MIN_WIDTH)."""
        t, hh = self.table, self.table.horizontalHeader()
        if self.title_column is None:
            return
        spare = t.viewport().width() - hh.length()
        size = hh.sectionSize(self.title_column)
        hh.blockSignals(True)
        try:
            t.setColumnWidth(self.title_column, max(size + spare, min(size, self._title_needs)))
        finally:
            hh.blockSignals(False)
