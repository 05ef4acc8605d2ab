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

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView

from ..ledgers import Ledger
from .settings import app_settings
from .table_model import LedgerTableModel

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 400
MAX_FITTED_WIDTH = 360  # a column sized by its content is never wider than this
FIT_ROWS = 200  # the rows a column is sized by (the table's first page)
CELL_PADDING = 18  # a cell's margins and grid line beside its text


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
        hh.sortIndicatorChanged.connect(self._changed)
        model.modelReset.connect(self.fit_to_content)
        table.installEventFilter(self)  # fitted when first shown with its rows

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if not self._fitted and event.type() in (QEvent.Type.Show, QEvent.Type.Resize):
            self.fit_to_content()
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
        app_settings().setValue(columns_key(self.ledger.name), json.dumps(data, ensure_ascii=False))

    def fit_to_content(self) -> None:
        """Size each column to its header and the rows shown (within MAX_FITTED_WIDTH), the
        room left over to the title column; once, when the table is first shown with rows and
        the clerk has not sized the columns."""
        t = self.table
        if self._fitted or self.model.rowCount() == 0 or not t.isVisible() or t.viewport().width() < 200:
            return
        self._fitted = True
        hh = t.horizontalHeader()
        fm = t.fontMetrics()
        rows = min(self.model.rowCount(), FIT_ROWS)  # the first page: read with the table anyway
        hh.blockSignals(True)
        try:
            for i in range(hh.count()):
                texts = (self.model.index(r, i).data(Qt.ItemDataRole.DisplayRole) for r in range(rows))
                content = max((fm.horizontalAdvance(str(x)) for x in texts if x), default=0) + CELL_PADDING
                want = max(content, hh.sectionSizeHint(i))
                t.setColumnWidth(i, min(max(want, 40), MAX_FITTED_WIDTH))
            spare = self.table.viewport().width() - hh.length()
            if spare > 0 and self.title_column is not None:
                self.table.setColumnWidth(self.title_column, hh.sectionSize(self.title_column) + spare)
        finally:
            hh.blockSignals(False)
