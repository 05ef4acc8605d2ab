"""A ledger as a table model that reads pages from the store, never the whole table.

The model knows how many rows the query has (``store.count``) and loads the rows a view asks for
page by page (``store.select(limit, offset)``), keeping the most recently used pages. So a view
over 100,000 records holds a few hundred rows in memory and its scroll bar is still true to size.
Sorting by a column (header click) becomes the query's ``order_by``.

The last column, 佐证材料, says how many attachments each record has (无 when none); its counts
are read with the page, one query per page.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from ..fields import BOOL, COUNT, DATE, INT, LONGTEXT, MONEY
from ..ledgers import Ledger
from ..store import RecordQuery, Store

PAGE_SIZE = 200
MAX_PAGES = 25  # 5,000 rows at most in memory

ID_ROLE = Qt.ItemDataRole.UserRole + 1
REVIEWED_BACKGROUND = QColor("#eef6ee")  # rows marked 已核对 (also ✓ before the row number)
REVIEWED_FOREGROUND = QColor("#2e7d32")
NO_EVIDENCE = QColor("#9e9e9e")
EVIDENCE = "_attachments"  # the count kept with a loaded record

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class LedgerTableModel(QAbstractTableModel):
    countChanged = Signal(int)

    def __init__(self, store: Store, ledger: Ledger, parent=None):
        super().__init__(parent)
        self.store = store
        self.ledger = ledger
        self.columns = [f for f in ledger.fields if f.in_table]
        self.query = RecordQuery()
        self.editable = False  # cells may be edited in place (the panel says: not read-only, year open)
        self._count = 0
        self._pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self._align = [
            _RIGHT if f.type in (INT, COUNT, MONEY) else _CENTER if f.type in (BOOL, DATE) else _LEFT
            for f in self.columns
        ]

    # the query -----------------------------------------------------------------------------

    def set_store(self, store: Store) -> None:
        self.store = store
        self.refresh()

    def set_query(self, **changes) -> None:
        """Change parts of the query (year, text, equals, month, order_by, descending)."""
        self.query = replace(self.query, **changes)
        self.refresh()

    def refresh(self) -> None:
        """Count again and forget the loaded pages (after a save, a filter or another year)."""
        self.beginResetModel()
        self._pages.clear()
        self._count = self.store.count(self.ledger.name, self.query)
        self.endResetModel()
        self.countChanged.emit(self._count)

    @property
    def total(self) -> int:
        return self._count

    # rows ----------------------------------------------------------------------------------

    def _page(self, n: int) -> list[dict[str, Any]]:
        page = self._pages.get(n)
        if page is None:
            page = self.store.select(
                self.ledger.name, self.query, limit=PAGE_SIZE, offset=n * PAGE_SIZE
            )
            counts = self.store.attachments.counts(self.ledger.name, [r["id"] for r in page])
            for r in page:
                r[EVIDENCE] = counts.get(r["id"], 0)
            self._pages[n] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
            if page:  # the row headers (✓ 已核对) of these rows can now be drawn
                first = n * PAGE_SIZE
                self.headerDataChanged.emit(Qt.Orientation.Vertical, first, first + len(page) - 1)
        else:
            self._pages.move_to_end(n)
        return page

    def record_at(self, row: int) -> dict[str, Any] | None:
        if not 0 <= row < self._count:
            return None
        page = self._page(row // PAGE_SIZE)
        i = row % PAGE_SIZE
        return page[i] if i < len(page) else None

    def loaded_record_at(self, row: int) -> dict[str, Any] | None:
        """The record if its page is already read; never reads (the row headers ask for far rows,
        e.g. the last one to size themselves, which must not cost a query)."""
        page = self._pages.get(row // PAGE_SIZE)
        i = row % PAGE_SIZE
        return page[i] if page is not None and i < len(page) else None

    def id_at(self, row: int) -> int | None:
        rec = self.record_at(row)
        return rec["id"] if rec else None

    def row_of_id(self, record_id: int, max_rows: int = 2000) -> int | None:
        """Where a record is in the current order (searched in the first `max_rows` rows)."""
        for row in range(min(self._count, max_rows)):
            rec = self.record_at(row)
            if rec and rec["id"] == record_id:
                return row
        return None

    # Qt's model interface ------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns) + 1  # + 佐证材料

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.ToolTipRole:
            rec = self.record_at(index.row())
            if rec is None:
                return None
            if index.column() == len(self.columns):
                n = rec.get(EVIDENCE, 0)
                if role == Qt.ItemDataRole.ToolTipRole:
                    return self.tr("有 {0} 份佐证材料").format(n) if n else self.tr("没有佐证材料")
                return self.tr("{0}份").format(n) if n else self.tr("无")
            f = self.columns[index.column()]
            text = f.display(rec.get(f.name))
            if role == Qt.ItemDataRole.ToolTipRole:
                return text if len(text) > 12 else None
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._align[index.column()] if index.column() < len(self.columns) else _CENTER
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == len(self.columns):
            rec = self.record_at(index.row())
            return NO_EVIDENCE if rec and not rec.get(EVIDENCE) else None
        if role == ID_ROLE:
            return self.id_at(index.row())
        if role == Qt.ItemDataRole.BackgroundRole:
            rec = self.record_at(index.row())
            return REVIEWED_BACKGROUND if rec and rec.get("reviewed") else None
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and section == len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.tr("佐证材料")
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("记录所附的照片、扫描件和文档（打开记录可查看、添加）")
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _CENTER
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            f = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return f.label
            if role == Qt.ItemDataRole.ToolTipRole:
                return f.help or f.label
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _CENTER
        if orientation == Qt.Orientation.Vertical:  # row number; ✓ marks a reviewed record (已核对)
            if role == Qt.ItemDataRole.DisplayRole:
                rec = self.loaded_record_at(section)
                return f"✓ {section + 1}" if rec and rec.get("reviewed") else str(section + 1)
            if role == Qt.ItemDataRole.ToolTipRole:
                rec = self.loaded_record_at(section)
                return self.tr("已核对") if rec and rec.get("reviewed") else None
            if role == Qt.ItemDataRole.ForegroundRole:
                rec = self.loaded_record_at(section)
                return REVIEWED_FOREGROUND if rec and rec.get("reviewed") else None
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and index.column() < len(self.columns) and self.columns[index.column()].type != LONGTEXT:
            flags |= Qt.ItemFlag.ItemIsEditable  # a long text is written in the form's large box
        return flags

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.set_query(
            order_by=self.columns[column].name,
            descending=order == Qt.SortOrder.DescendingOrder,
        )

    def column_of(self, field_name: str) -> int | None:
        for i, f in enumerate(self.columns):
            if f.name == field_name:
                return i
        return None
