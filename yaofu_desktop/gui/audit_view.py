"""操作记录: the audit log (who changed what, when), filterable by ledger and dates, paged.

The form is ui/audit_view.ui. Each entry shows 时间, 操作人, 台账 (Chinese label), 记录 (its date
and title), 操作 (新增/修改/删除/…) and the changed fields as 改前 → 改后 with the ledger's
Chinese field labels: all of it as audit.describe_entry words it (the core).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QHeaderView, QTableWidgetItem

from ..audit import OTHER_LABELS, describe_entry
from ..errors import UserError
from ..fields import MAX_DATE, MIN_DATE
from ..ledgers import LEDGERS
from ..store import Store
from . import dialogs
from .forms.ui_audit_view import Ui_AuditView

log = logging.getLogger(__name__)

PAGE_SIZE = 100
MAX_LINES = 4  # fields shown in the list for a new or deleted record (all in the tooltip)


class AuditView(QDialog, Ui_AuditView):
    """The audit log of `store` (read only: this view never writes)."""

    def __init__(self, store: Store, parent=None, *, ledger_name: str | None = None):
        super().__init__(parent)
        self.setupUi(self)
        self.store = store
        self.page = 0
        self.has_next = False
        self.entries: list[dict[str, Any]] = []
        self.ledgerCombo.addItem(self.tr("全部"), None)
        for lg in LEDGERS:
            self.ledgerCombo.addItem(lg.label, lg.name)
        for key, label in OTHER_LABELS.items():
            self.ledgerCombo.addItem(label, key)
        if ledger_name:
            i = self.ledgerCombo.findData(ledger_name)
            self.ledgerCombo.setCurrentIndex(max(i, 0))
        today = QDate.currentDate()
        self.fromDate.setDate(today.addMonths(-1))
        self.toDate.setDate(today)
        self.fromDate.setEnabled(False)
        self.toDate.setEnabled(False)
        self.dateCheck.setToolTip(self.tr("勾选后只显示这段日期内的操作（含首尾两天）"))

        t = self.table
        hh = t.horizontalHeader()
        for col, width in enumerate((150, 90, 130, 240, 110)):
            t.setColumnWidth(col, width)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        t.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.ledgerCombo.currentIndexChanged.connect(lambda _i: self.first_page())
        self.dateCheck.toggled.connect(self._dates_toggled)
        self.fromDate.dateChanged.connect(lambda _d: self.first_page())
        self.toDate.dateChanged.connect(lambda _d: self.first_page())
        self.prevButton.clicked.connect(self.prev_page)
        self.nextButton.clicked.connect(self.next_page)
        self.closeButton.clicked.connect(self.accept)
        self.load()

    # the query ------------------------------------------------------------------------------

    def _dates_toggled(self, on: bool) -> None:
        self.fromDate.setEnabled(on)
        self.toDate.setEnabled(on)
        self.first_page()

    def set_filter(self, ledger_name: str | None = None, since: dt.date | None = None,
                   until: dt.date | None = None) -> None:
        """Filter by ledger and/or dates (both days included); None: no limit."""
        widgets = (self.ledgerCombo, self.dateCheck, self.fromDate, self.toDate)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.ledgerCombo.setCurrentIndex(max(self.ledgerCombo.findData(ledger_name), 0))
            on = since is not None or until is not None
            self.dateCheck.setChecked(on)
            self.fromDate.setEnabled(on)
            self.toDate.setEnabled(on)
            if since is not None:
                self.fromDate.setDate(QDate(since.year, since.month, since.day))
            else:
                self.fromDate.setDate(QDate(MIN_DATE.year, MIN_DATE.month, MIN_DATE.day))
            if until is not None:
                self.toDate.setDate(QDate(until.year, until.month, until.day))
            else:
                self.toDate.setDate(QDate(MAX_DATE.year, MAX_DATE.month, MAX_DATE.day))
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.first_page()

    def query(self) -> dict[str, Any]:
        q: dict[str, Any] = {"ledger_name": self.ledgerCombo.currentData()}
        if self.dateCheck.isChecked():
            a = self.fromDate.date().toPython()
            b = self.toDate.date().toPython()
            if b < a:
                a, b = b, a
            q["since"] = a.isoformat()
            q["until"] = (b + dt.timedelta(days=1)).isoformat()
        return q

    def first_page(self) -> None:
        self.page = 0
        self.load()

    def next_page(self) -> None:
        if self.has_next:
            self.page += 1
            self.load()

    def prev_page(self) -> None:
        if self.page > 0:
            self.page -= 1
            self.load()

    def load(self) -> None:
        try:
            rows = self.store.audit.entries(limit=PAGE_SIZE + 1, offset=self.page * PAGE_SIZE,
                                            **self.query())
        except Exception as e:  # sqlite or a closed database: say so, keep the view
            if not isinstance(e, UserError):
                log.exception("reading the audit log")
            dialogs.error(self, self.tr("操作记录"), dialogs.describe_error(e))
            rows = []
        self.has_next = len(rows) > PAGE_SIZE
        self.entries = rows[:PAGE_SIZE]
        self._fill()

    def _fill(self) -> None:
        t = self.table
        t.setUpdatesEnabled(False)
        t.clearContents()
        t.setRowCount(len(self.entries))
        for r, e in enumerate(self.entries):
            d = describe_entry(e)  # the core says each part in Chinese
            values = (d.at, d.operator, d.ledger, d.record, d.action, d.changes)
            for c, text in enumerate(values):
                full = text
                if c == 5 and text.count("\n") >= MAX_LINES:  # a new or deleted record: the start
                    text = "\n".join(text.split("\n")[:MAX_LINES]) + "\n……"
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, e.get("id"))
                if c in (3, 5) and full:
                    item.setToolTip(full)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                t.setItem(r, c, item)
        t.setUpdatesEnabled(True)
        start = self.page * PAGE_SIZE
        if self.entries:
            self.pageLabel.setText(self.tr("第 {0} 页　第 {1}–{2} 条（最新的在前）").format(
                self.page + 1, start + 1, start + len(self.entries)))
        else:
            self.pageLabel.setText(self.tr("没有符合条件的操作记录。"))
        self.prevButton.setEnabled(self.page > 0)
        self.nextButton.setEnabled(self.has_next)

    def row_texts(self, row: int) -> list[str]:
        """The texts of one row (tests, copying)."""
        return [self.table.item(row, c).text() if self.table.item(row, c) else ""
                for c in range(self.table.columnCount())]
