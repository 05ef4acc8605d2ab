"""One ledger: its table (paged from the store), filters, and the buttons to add/edit/delete.

The panel follows the window's year (:meth:`LedgerPanel.set_year`). What the buttons do to the
records is gui/ledger_records.py (RecordActions, the panel's base class): a delete asks first,
names the record, and can be undone (the yellow bar above the table, or 编辑 → 撤销删除 / Ctrl+Z).
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any, cast

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from ..fields import BOOL, CHOICE, COUNT, DATE, INT, LONGTEXT, MONEY, TEXT, VILLAGE
from ..ledgers import Ledger
from ..steps import Step
from ..store import Store
from .ledger_filters import ColumnFilter
from .ledger_records import RecordActions
from .table_columns import ColumnMemory
from .table_entry import TableEntry
from .table_model import LedgerTableModel

log = logging.getLogger(__name__)

FILTER_DELAY_MS = 200
TYPE_WIDTHS = {DATE: 104, BOOL: 64, INT: 80, COUNT: 64, MONEY: 120, CHOICE: 120, VILLAGE: 96,
               TEXT: 240, LONGTEXT: 240}


class LedgerTable(QTableView):
    """The table view; Enter opens the current record; files dropped on a row become its
    佐证材料 (filesDropped)."""

    activatedRow = Signal(int)
    filesDropped = Signal(int, list)  # row, [Path]
    copyRows = Signal()  # Ctrl+C: the selected rows, not one cell (TableEntry.copy_rows)
    pasteRows = Signal()  # Ctrl+V: rows from Excel or WPS (TableEntry.paste_rows)

    def __init__(self, model: LedgerTableModel, store: Store, ledger: Ledger, parent=None):
        super().__init__(parent)
        self.setObjectName("table")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(False)  # header clicks sort (LedgerPanel): none on construction
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        vh = self.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 8)
        vh.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        vh.setMinimumWidth(self.fontMetrics().horizontalAdvance("00000") + 8)
        hh = self.horizontalHeader()
        hh.setSectionsClickable(True)
        hh.setSortIndicatorShown(True)
        hh.setHighlightSections(False)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        fm = self.fontMetrics()
        cols = model.columns
        stretch = model.column_of(ledger.title_field)
        if stretch is None or cols[stretch].type != TEXT or (cols[stretch].max_length or 200) < 100:
            stretch = next((i for i, f in enumerate(cols) if f.type == TEXT and (f.max_length or 200) >= 100), None)
        for i, f in enumerate(cols):
            w = TYPE_WIDTHS.get(f.type, 120)
            if f.type == TEXT and f.max_length:
                w = 110 if f.max_length <= 40 else 170
            elif f.type in (CHOICE, VILLAGE):
                values = (store.choices.villages() if f.type == VILLAGE
                          else store.choices.values(ledger.name, f.name)) or [""]
                w = min(max(fm.horizontalAdvance(v) for v in values) + 20, 190)
            self.setColumnWidth(i, max(w, fm.horizontalAdvance(f.label) + 34))
        self.setColumnWidth(len(cols), fm.horizontalAdvance(self.tr("佐证材料")) + 34)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        if stretch is not None:
            hh.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
            hh.setStretchLastSection(False)
        else:
            hh.setStretchLastSection(True)

        self.empty_label = QLabel(self.viewport())  # 还没有记录 …, over the empty table
        self.empty_label.setObjectName("empty_label")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #777; font-size: 11pt;")
        self.empty_label.hide()

    def show_empty(self, text: str | None) -> None:
        """Say why the table is empty (None: it is not)."""
        if text is None:
            self.empty_label.hide()
            return
        self.empty_label.setText(text)
        self._place_empty_label()
        self.empty_label.show()

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        self._place_empty_label()

    def _place_empty_label(self) -> None:
        vp = self.viewport()
        self.empty_label.setGeometry(0, 0, vp.width(), min(vp.height(), 160))

    def dragEnterEvent(self, event):  # noqa: N802
        from .attachments_view import dropped_files

        if dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event):  # noqa: N802
        from .attachments_view import dropped_files

        row = self.indexAt(event.position().toPoint()).row()
        if row >= 0 and dropped_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event):  # noqa: N802
        from .attachments_view import dropped_files

        row = self.indexAt(event.position().toPoint()).row()
        files = dropped_files(event.mimeData())
        if row >= 0 and files:
            event.acceptProposedAction()
            self.filesDropped.emit(row, files)

    def keyPressEvent(self, event):  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copyRows.emit()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.pasteRows.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() == self.State.EditingState:
            return  # Enter in a cell's editor commits the cell (it comes here too): not the form
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activatedRow.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class OnlyBar(QFrame):
    """The bar above a table showing only the records behind a figure of the report: which
    they are, and 显示全部记录."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("only_bar")
        self.setStyleSheet("#only_bar { background: #e3eefa; border: 1px solid #8fb3de; border-radius: 3px; }")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 3, 8, 3)
        self.label = QLabel()
        self.label.setObjectName("only_label")
        self.label.setWordWrap(True)
        self.button = QPushButton(self.tr("显示全部记录"))
        self.button.setObjectName("only_all_button")
        self.button.setAutoDefault(False)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.button)
        self.hide()

    def say(self, what: str, n: int) -> None:
        self.label.setText(self.tr("只显示{0}，共 {1} 条（这个数字由这些记录计算）").format(what, n))
        self.show()


class LedgerPanel(RecordActions):
    """One ledger shown: filters, the table, the buttons (what they do to the records: RecordActions)."""

    def __init__(self, store: Store, ledger: Ledger, year: int | None, parent=None):
        super().__init__(parent)
        self.read_only = False  # a database opened read-only: nothing here may change it
        self.year_locked = False  # the year shown is locked (its report issued): no edits
        self.store = store
        self.ledger = ledger
        self.year = year
        self.last_step: Step | None = None  # what Ctrl+Z takes back (RecordActions.did)
        self.setObjectName(f"panel_{ledger.name}")
        self.model = LedgerTableModel(store, ledger, self)
        self._build()
        self.model.query.year = year
        self.columns = ColumnMemory(self.table, self.model, ledger)  # widths, order, sort remembered
        name, descending = self.columns.sort() or (ledger.date_field, True)
        col = self.model.column_of(name)
        if col is not None:
            hh = self.table.horizontalHeader()
            hh.blockSignals(True)
            hh.setSortIndicator(col, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
            hh.blockSignals(False)
            self.model.query.order_by, self.model.query.descending = name, descending
        self.model.countChanged.connect(self._count_changed)
        self.entry = TableEntry(self)  # copy, paste, edit in place, fill down
        table = cast(LedgerTable, self.table)
        table.copyRows.connect(self.entry.copy_rows)
        table.pasteRows.connect(lambda: self.entry.paste_rows())
        self.update_lock()
        self.model.refresh()

    # building --------------------------------------------------------------------------

    def _build(self) -> None:
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)

        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.add_button = QPushButton(self.tr("＋ 新增记录"))
        self.add_button.setObjectName("add_button")
        self.add_button.setToolTip(self.tr("新增一条记录（Ctrl+N）"))
        self.add_button.setStyleSheet("QPushButton { font-weight: bold; padding: 3px 12px; }")
        self.edit_button = QPushButton(self.tr("修改"))
        self.edit_button.setObjectName("edit_button")
        self.edit_button.setToolTip(self.tr("修改选中的记录（双击或按 Enter）"))
        self.duplicate_button = QPushButton(self.tr("复制为新记录"))
        self.duplicate_button.setObjectName("duplicate_button")
        self.delete_button = QPushButton(self.tr("删除"))
        self.delete_button.setObjectName("delete_button")
        self.delete_button.setToolTip(self.tr("删除选中的记录（Delete），删除后可以撤销"))
        for b in (self.add_button, self.edit_button, self.duplicate_button, self.delete_button):
            b.setAutoDefault(False)
            bar.addWidget(b)
        bar.addStretch(1)

        # the bar fits a 1024-pixel screen beside the ledger list: the filter box grows into
        # the room there is (up to a width), the kind list shows its longest kinds when opened
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("filter_edit")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText(self.tr("查找文字或日期（Ctrl+F）"))
        self.filter_edit.setToolTip(self.tr("输入文字或日期（如 3月5日、2025.3），筛选出含有它们的记录（Ctrl+F）；"
                                            "按 Esc 清除"))
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.filter_edit)
        esc.setContext(Qt.ShortcutContext.WidgetShortcut)
        esc.activated.connect(self._escape_filter)  # Esc clears the search (then back to the table)
        self.filter_edit.setMinimumWidth(176)
        self.filter_edit.setMaximumWidth(320)
        bar.addWidget(self.filter_edit, 2)
        self.kind_combo = ColumnFilter(self.store, self.ledger)  # every listed column's values
        if self.kind_combo.columns:
            self._fill_kinds()
            cols = self.kind_combo.columns
            bar.addWidget(QLabel(cols[0].label if len(cols) == 1 else self.tr("筛选")))
            bar.addWidget(self.kind_combo)
        else:
            self.kind_combo.hide()
        self.month_combo = QComboBox()
        self.month_combo.setObjectName("month_combo")
        self.month_combo.addItem(self.tr("全年"), None)
        for m in range(1, 13):
            self.month_combo.addItem(self.tr("{0}月").format(m), m)
        self.month_combo.setToolTip(self.tr("按月份筛选（按{0}）").format(self.ledger.field(self.ledger.date_field).label))
        bar.addWidget(self.month_combo)  # a roster too: 法律明白人 by the month of their 培育日期
        self.evidence_combo = QComboBox()
        self.evidence_combo.setObjectName("evidence_combo")
        self.evidence_combo.addItem(self.tr("全部记录"), None)
        self.evidence_combo.addItem(self.tr("有佐证材料"), True)
        self.evidence_combo.addItem(self.tr("无佐证材料"), False)
        self.evidence_combo.setToolTip(self.tr("找出还没有附上照片、扫描件等佐证材料的记录"))
        lay.addLayout(bar)  # (the 佐证材料 filter sits under the table: the bar fits 1024 pixels)

        self.undo_bar = QFrame()
        self.undo_bar.setObjectName("undo_bar")
        self.undo_bar.setStyleSheet(
            "#undo_bar { background: #fff4c4; border: 1px solid #e0c060; border-radius: 3px; }"
        )
        ub = QHBoxLayout(self.undo_bar)
        ub.setContentsMargins(8, 3, 8, 3)
        self.undo_label = QLabel()
        self.undo_button = QPushButton(self.tr("撤销删除"))
        self.undo_button.setObjectName("undo_button")
        self.undo_button.setAutoDefault(False)
        self.undo_button.setToolTip(self.tr("把刚删除的记录恢复（Ctrl+Z）"))
        close = QPushButton("×")
        close.setFlat(True)
        close.setFixedWidth(24)
        close.setToolTip(self.tr("关闭提示"))
        close.clicked.connect(self.undo_bar.hide)
        ub.addWidget(self.undo_label, 1)
        ub.addWidget(self.undo_button)
        ub.addWidget(close)
        self.undo_bar.hide()
        lay.addWidget(self.undo_bar)

        self.only_bar = OnlyBar()  # the records behind a figure (报告 → a figure → 查看这些记录)
        self.only_bar.button.clicked.connect(self.show_all)
        lay.addWidget(self.only_bar)

        self.lock_note = QLabel()
        self.lock_note.setObjectName("lock_note")
        self.lock_note.setWordWrap(True)
        self.lock_note.setStyleSheet(
            "#lock_note { background: #eef2f7; border: 1px solid #b8c6d9; border-radius: 3px;"
            " padding: 4px 8px; color: #2b3f5c; }")
        self.lock_note.hide()
        lay.addWidget(self.lock_note)

        self.table = LedgerTable(self.model, self.store, self.ledger)
        t = self.table
        t.filesDropped.connect(self.attach_dropped)
        t.horizontalHeader().sortIndicatorChanged.connect(self._sort_changed)
        lay.addWidget(t, 1)

        foot = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
        foot.addWidget(self.count_label)
        foot.addSpacing(12)
        foot.addWidget(QLabel(self.tr("佐证材料：")))
        foot.addWidget(self.evidence_combo)
        foot.addStretch(1)
        if self.ledger.description:
            d = QLabel(self.ledger.description)
            d.setStyleSheet("color: #666;")
            foot.addWidget(d)
        lay.addLayout(foot)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(lambda _t: self._filter_timer.start())
        self.filter_edit.returnPressed.connect(self.apply_filter)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.month_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.evidence_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())

        self.add_button.clicked.connect(self.add_record)
        self.edit_button.clicked.connect(self.edit_record)
        self.duplicate_button.clicked.connect(self.duplicate_record)
        self.delete_button.clicked.connect(self.delete_records)
        self.undo_button.clicked.connect(self.undo_step)
        t.doubleClicked.connect(lambda idx: self.edit_record(idx.row()))
        t.activatedRow.connect(self.edit_record)
        t.customContextMenuRequested.connect(self._context_menu)
        t.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def _fill_kinds(self) -> None:
        self.kind_combo.store = self.store
        if self.kind_combo.columns:
            self.kind_combo.fill()

    # filters, year, order ------------------------------------------------------------------

    def set_year(self, year: int | None) -> None:
        self.year = year
        self.update_lock()
        self.only_bar.hide()  # the records behind a figure are those of one year
        self.model.set_query(year=year, ids=None)

    def show_only(self, ids: list[int], what: str) -> None:
        """Only these records (the records behind a figure of the report), the other filters
        cleared; the bar above the table says which and offers 显示全部记录."""
        filters = (self.filter_edit, self.kind_combo, self.month_combo, self.evidence_combo)
        for w in filters:
            w.blockSignals(True)
        self.filter_edit.clear()
        for combo in filters[1:]:
            combo.setCurrentIndex(0)
        for w in filters:
            w.blockSignals(False)
        self.only_bar.say(what, len(ids))
        self.model.set_query(text="", equals={}, month=None, evidence=None, ids=tuple(ids))

    def show_all(self) -> None:
        self.only_bar.hide()
        self.model.set_query(ids=None)

    def set_store(self, store: Store) -> None:
        self.store = store
        self.last_step = None
        self.undo_bar.hide()
        self.update_lock()
        self._fill_kinds()
        self.model.set_store(store)

    def refresh(self) -> None:
        self.update_lock()
        self._fill_kinds()
        self.model.refresh()

    def update_lock(self) -> None:
        """Whether the year shown is locked (read from the store), and the note that says so."""
        try:
            locked = self.year is not None and self.year in self.store.year_locks.years()
        except sqlite3.Error:
            locked = False
        self.year_locked = locked
        if locked:
            self.lock_note.setText(self.tr(
                "{0}年度已锁定（年度报告已印发），不能新增、修改或删除该年度的记录。"
                "如需修改，请先在“年度”菜单中解除锁定。").format(self.year))
        self.lock_note.setVisible(locked and not self.read_only)
        self._update_buttons()

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        equals = self.kind_combo.equals()
        self.only_bar.hide()
        self.model.set_query(
            ids=None,
            text=self.filter_edit.text().strip(),
            equals=equals,
            month=self.month_combo.currentData(),
            evidence=self.evidence_combo.currentData() if self.store.attachments.available else None,
        )

    @property
    def filtered(self) -> bool:
        q = self.model.query
        return bool(q.text or q.equals or q.month or q.evidence is not None or q.ids is not None)

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        self.model.sort(column, order)

    def _escape_filter(self) -> None:
        if self.filter_edit.text():
            self.filter_edit.clear()
            self.apply_filter()
        else:
            self.table.setFocus()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _count_changed(self, n: int) -> None:
        if self.filtered:
            text = self.tr("找到 {0} 条").format(f"{n:,}")
        else:
            text = self.tr("共 {0} 条").format(f"{n:,}")
        if self.year is not None:
            text = self.tr("{0}年度　").format(self.year) + text
        self.count_label.setText(text)
        table = cast(LedgerTable, self.table)
        if n:
            table.show_empty(None)
        elif self.filtered:
            table.show_empty(self.tr("没有符合筛选条件的记录。"))
        elif self.year is not None:
            table.show_empty(self.tr("{0}年度还没有“{1}”的记录。\n点击左上方的“＋ 新增记录”开始填写。").format(
                self.year, self.ledger.label))
        else:
            table.show_empty(self.tr("还没有记录。"))

    # selection --------------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid() and self.table.selectionModel().hasSelection():
            rows = [self.table.currentIndex().row()]
        return rows

    def current_row(self) -> int | None:
        rows = self.selected_rows()
        if rows:
            cur = self.table.currentIndex().row()
            return cur if cur in rows else rows[0]
        return None

    def select_record(self, record_id: int, add: bool = False) -> bool:
        """Select the record's row (`add`: to the rows selected) and show it; False when the
        table does not show it (another year, a filter)."""
        row = self.model.row_of_id(record_id)
        if row is None:
            return False
        column = max(self.table.currentIndex().column(), 0)
        idx = self.model.index(row, column)
        flag = QItemSelectionModel.SelectionFlag.Select if add else QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.table.selectionModel().setCurrentIndex(idx, flag | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(idx)
        return True

    def set_read_only(self, read_only: bool) -> None:
        """Show the records but let nothing change them (add, edit, copy, delete, undo)."""
        self.read_only = bool(read_only)
        self.lock_note.setVisible(self.year_locked and not self.read_only)
        self._update_buttons()

    @property
    def editable(self) -> bool:
        """Records shown here may be added, changed and deleted: not read-only, year not locked."""
        return not self.read_only and not self.year_locked

    def _refuse_read_only(self) -> bool:
        """Say why nothing may be changed here, when so (however the edit was asked for)."""
        if self.read_only:
            self.message.emit(self.tr("以只读方式打开，不能修改记录。"))
        elif self.year_locked:
            self.message.emit(self.tr("{0}年度已锁定，不能修改该年度的记录；如需修改，请先在“年度”菜单中解除锁定。")
                              .format(self.year))
        return not self.editable

    @property
    def can_undo(self) -> bool:
        """A step of this panel (a delete, a paste …) can be undone now."""
        return self.last_step is not None and self.editable

    def _update_buttons(self) -> None:
        """Every button's enabled state, from the panel's state (the one place that sets it)."""
        has = bool(self.selected_rows()) and self.editable
        for b in (self.edit_button, self.duplicate_button, self.delete_button):
            b.setEnabled(has)
        self.add_button.setEnabled(self.editable)
        self.model.editable = self.editable
        self.undo_button.setEnabled(self.can_undo)

    def _context_menu(self, pos) -> None:
        self.context_menu(pos).exec(self.table.viewport().mapToGlobal(pos))

    def context_menu(self, pos) -> QMenu:
        """The table's context menu at `pos` (a point of the table's viewport)."""
        idx = self.table.indexAt(pos)
        menu = QMenu(self)
        if not self.editable:
            note = menu.addAction(self.tr("以只读方式打开，不能修改") if self.read_only
                                  else self.tr("{0}年度已锁定，不能修改").format(self.year))
            note.setEnabled(False)
        elif idx.isValid():
            if idx.row() not in self.selected_rows():
                self.table.selectRow(idx.row())
            menu.addAction(self.tr("修改…"), lambda: self.edit_record(idx.row()))
            menu.addAction(self.tr("复制为新记录…"), self.duplicate_record)
            menu.addSeparator()
            if self.model.flags(idx) & Qt.ItemFlag.ItemIsEditable:
                menu.addAction(self.tr("修改此格（F2）"), lambda: self.table.edit(idx))
            menu.addAction(self.tr("复制选中的行（Ctrl+C）"), self.entry.copy_rows)
            menu.addAction(self.tr("粘贴 Excel 中复制的行（Ctrl+V）"), lambda: self.entry.paste_rows())
            if len(self.selected_rows()) > 1 and idx.column() < len(self.model.columns):
                menu.addAction(self.tr("向下填充「{0}」（Ctrl+Shift+D）").format(self.model.columns[idx.column()].label),
                               lambda: self.entry.fill_down(idx.column()))
            menu.addSeparator()
            menu.addAction(self.tr("删除…"), self.delete_records)
            menu.addSeparator()
        if self.editable:
            menu.addAction(self.tr("新增记录…"), self.add_record)
            if not idx.isValid():
                menu.addAction(self.tr("粘贴 Excel 中复制的行（Ctrl+V）"), lambda: self.entry.paste_rows())
        if self.editable and self.selected_rows():  # 已核对, before the first separator
            first = next((a for a in menu.actions() if a.isSeparator()), None)
            for text, tip, reviewed in (
                    (self.tr("标记为已核对(&K)"), self.tr("把选中的记录标记为已核对（表格行号前显示 ✓）"), True),
                    (self.tr("取消核对"), self.tr("取消选中记录的“已核对”标记"), False)):
                a = QAction(text, menu)
                a.setToolTip(tip)
                a.triggered.connect(lambda _=False, r=reviewed: self.mark_reviewed(r))
                menu.insertAction(first, a)  # type: ignore[arg-type]  # None: at the end
        return menu


def show_records_behind(window: Any, key: str) -> bool:
    """Where a figure comes from (the report's preview, 概览): its ledger's table showing only
    the records it counts (figures.records_behind), with the bar that says which."""
    from ..figures import records_behind

    try:
        behind = records_behind(window.store, key, window.year)
    except KeyError:
        say = window.tr("这个数字不是由某一本台账的记录直接计算的（如“存在的问题”的条数），没有可以列出的记录。")
        window.show_message(say, 6000)
        return False
    panel = window.show_ledger(behind.ledger.name)
    panel.show_only(behind.ids, behind.what)
    return True
