"""What a ledger's panel does to its records: add, edit, copy as a new record, delete and undo
the delete, 已核对, and files dropped on a row; every change through the store, one
transaction each, every refusal said (read-only, a locked year, a database error).

    class LedgerPanel(RecordActions):   # gui/ledger_panel.py: the widgets that show the records
        ...
    panel.delete_records()     # asks, names the record, then the undo bar (and 编辑 → 撤销删除)
"""

from __future__ import annotations

import logging
import sqlite3
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import QWidget

from ..errors import UserError
from ..ledgers import Ledger, describe_record
from ..store import Store
from . import dialogs

if TYPE_CHECKING:
    from PySide6.QtWidgets import QFrame, QLabel, QTableView

    from .table_model import LedgerTableModel

log = logging.getLogger(__name__)


class RecordActions(QWidget):
    """The record operations of a ledger's panel (LedgerPanel builds the widgets they use)."""

    changed = Signal(str)  # a record of this ledger was saved, deleted or put back
    deleted = Signal(object)  # this panel (it now holds an undoable delete)
    message = Signal(str)  # a short note for the status bar
    yearWanted = Signal(int, int)  # (year, record id): show that year, and the record in it

    store: Store
    ledger: Ledger
    year: int | None
    model: LedgerTableModel
    table: QTableView
    last_deleted: list[dict[str, Any]]
    undo_bar: QFrame
    undo_label: QLabel
    read_only: bool

    if TYPE_CHECKING:  # the panel's, used here
        def refresh(self) -> None: ...
        def selected_rows(self) -> list[int]: ...
        def current_row(self) -> int | None: ...
        def select_record(self, record_id: int) -> bool: ...
        def _refuse_read_only(self) -> bool: ...
        def _update_buttons(self) -> None: ...
        @property
        def filtered(self) -> bool: ...

    def _form(self, **kw):
        from .record_form import RecordDialog

        dlg = RecordDialog(self.store, self.ledger, year=self.year, parent=self, **kw)
        dlg.saved.connect(self._saved)
        return dlg

    def add_record(self) -> None:
        if self._refuse_read_only():
            return
        self._run_form(self._form())

    def _run_form(self, dlg) -> None:
        dlg.exec()
        if dlg.saved_ids:
            self.offer_year(dlg.saved_ids[-1])

    def offer_year(self, record_id: int) -> None:
        """A record just saved that the table does not show, because its date puts it in another
        year: say so, and offer to show that year (it never just vanishes)."""
        rec = self.store.get(self.ledger.name, record_id)
        if rec is None or self.year is None or self.select_record(record_id):
            return
        date = str(rec.get(self.ledger.date_field) or "")
        year = int(date[:4]) if date[:4].isdigit() else None
        if year is None or year == self.year:
            if self.filtered:
                self.message.emit(self.tr("已保存：{0}。它不符合当前的筛选条件，所以表格中没有显示。").format(
                    describe_record(self.ledger, rec)))
            return
        if dialogs.ask(
            self, self.tr("记录在另一年度"),
            self.tr("已保存。这条记录的{0}是 {1}，属于 {2} 年度；当前显示的是 {3} 年度，所以表格中看不到它。"
                    "\n\n要转到 {2} 年度查看这条记录吗？").format(
                self.ledger.field(self.ledger.date_field).label, date, year, self.year),
            yes=self.tr("转到 {0} 年度").format(year), no=self.tr("留在 {0} 年度").format(self.year)):
            self.yearWanted.emit(year, record_id)
        else:
            self.message.emit(self.tr("已保存到 {0} 年度：{1}").format(year, describe_record(self.ledger, rec)))

    def _record_at(self, row: int) -> tuple[int | None, dict[str, Any] | None]:
        """The id and the stored record (None when it is gone) of a table row."""
        rid = self.model.id_at(row)
        return rid, (self.store.get(self.ledger.name, rid) if rid is not None else None)

    def edit_record(self, row: int | None = None) -> None:
        if self._refuse_read_only():
            return
        if row is None or isinstance(row, bool):  # (a button's clicked(checked))
            row = self.current_row()
        if row is None:
            return
        rid, rec = self._record_at(row)
        if rec is None:
            dialogs.warn(self, self.tr("修改记录"), self.tr("这条记录已不存在（可能已被删除）。"))
            self.model.refresh()
            return
        self._run_form(self._form(record=rec, record_id=rid))

    def duplicate_record(self) -> None:
        if self._refuse_read_only():
            return
        row = self.current_row()
        if row is None:
            return
        _rid, rec = self._record_at(row)
        if rec is not None:
            self._run_form(self._form(record=rec))

    def _saved(self, record_id: int) -> None:
        self.refresh()
        rec = self.store.get(self.ledger.name, record_id)
        self.changed.emit(self.ledger.name)
        if rec is None:
            return
        shown = self.select_record(record_id)
        if not shown:
            date = str(rec.get(self.ledger.date_field) or "")
            if self.year is not None and date[:4] and date[:4] != str(self.year):
                self.message.emit(self.tr("已保存。该记录属于 {0} 年度，当前显示的是 {1} 年度。").format(
                    date[:4], self.year))
                return
        self.message.emit(self.tr("已保存：{0}").format(describe_record(self.ledger, rec)))

    def delete_records(self) -> None:
        if self._refuse_read_only():
            return
        rows = self.selected_rows()
        if not rows:
            return
        recs = [r for r in (self.model.record_at(i) for i in rows) if r]
        if not recs:
            return
        if len(recs) == 1:
            what = self.tr("确定删除「{0}」中的这条记录吗？\n\n“{1}”").format(
                self.ledger.label, describe_record(self.ledger, recs[0]))
        else:
            what = self.tr("确定删除「{0}」中选中的 {1} 条记录吗？").format(self.ledger.label, len(recs))
        what += self.tr("\n\n删除后可以马上撤销（Ctrl+Z）。")
        if not dialogs.ask(self, self.tr("删除记录"), what, yes=self.tr("删除"), no=self.tr("取消")):
            return
        done: list[dict[str, Any]] = []
        try:
            with self.store.transaction():
                for r in recs:
                    done.append(self.store.delete(self.ledger.name, r["id"]))
        except (UserError, sqlite3.Error) as e:
            if not isinstance(e, UserError):
                log.exception("delete failed")
            dialogs.error(self, self.tr("未能删除"), dialogs.describe_error(e))
            self.refresh()
            return
        self.last_deleted = done
        self._update_buttons()
        if len(done) == 1:
            self.undo_label.setText(self.tr("已删除：{0}").format(describe_record(self.ledger, done[0])))
        else:
            self.undo_label.setText(self.tr("已删除 {0} 条记录").format(len(done)))
        self.undo_bar.show()
        self.refresh()
        self.changed.emit(self.ledger.name)
        self.deleted.emit(self)
        self.message.emit(self.undo_label.text())

    def undo_delete(self) -> bool:
        if self._refuse_read_only():
            return False
        if not self.last_deleted:
            return False
        recs = self.last_deleted
        try:
            with self.store.transaction():
                for r in recs:
                    self.store.undelete(self.ledger.name, r)
        except (UserError, sqlite3.Error) as e:
            if not isinstance(e, UserError):
                log.exception("undelete failed")
            dialogs.error(self, self.tr("未能撤销删除"), dialogs.describe_error(e))
            return False
        self.last_deleted = []
        self.undo_bar.hide()
        self._update_buttons()
        self.refresh()
        for r in recs:
            if self.select_record(r["id"]):
                break
        self.changed.emit(self.ledger.name)
        self.message.emit(self.tr("已撤销删除，恢复了 {0} 条记录").format(len(recs)))
        return True

    def mark_reviewed(self, reviewed: bool = True) -> int:
        """已核对 (or not) for the selected records; how many were marked."""
        if self.read_only:
            return 0
        ids = [i for i in (self.model.id_at(r) for r in self.selected_rows()) if i is not None]
        if not ids:
            self.message.emit(self.tr("请先在表格中选中要核对的记录。"))
            return 0
        try:
            n = self.store.set_reviewed(self.ledger.name, ids, reviewed)
        except (UserError, sqlite3.Error) as e:
            if not isinstance(e, UserError):
                log.exception("set_reviewed")
            dialogs.error(self, self.tr("未能标记") if reviewed else self.tr("未能取消核对"), dialogs.describe_error(e))
            return 0
        self.refresh()
        sel = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for rid in ids:
            row = self.model.row_of_id(rid)
            if row is not None:
                sel.select(self.model.index(row, 0), flags)
        if reviewed:
            self.message.emit(self.tr("已将 {0} 条记录标记为已核对。").format(n))
        else:
            self.message.emit(self.tr("已取消 {0} 条记录的核对标记。").format(n))
        return n

    def forget_undo(self) -> None:
        self.last_deleted = []
        self.undo_bar.hide()
        self._update_buttons()

    def attach_dropped(self, row: int, files: list) -> int:
        """Files dropped on a row: attached to that record at once (its form shows them)."""
        rec = self.model.record_at(row)
        if rec is None or self._refuse_read_only():
            return 0
        from .attachments_view import AttachmentStrip

        strip = AttachmentStrip(self.store, self.ledger, rec["id"], self)
        strip.hide()
        n = strip.add_files(list(files))
        strip.deleteLater()
        if n:
            self.model.refresh()
            self.select_record(rec["id"])
            self.changed.emit(self.ledger.name)
            self.message.emit(self.tr("已为“{0}”添加 {1} 份佐证材料").format(describe_record(self.ledger, rec), n))
        return n
