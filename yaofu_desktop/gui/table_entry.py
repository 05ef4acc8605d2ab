"""Excel habits in a ledger's table: copy the selected rows (Ctrl+C: the header and the rows as
tab-separated text and as HTML, so Excel and WPS keep the columns), paste rows copied from Excel
or WPS (Ctrl+V: checked as an import is, listed the same way, all or the good rows only), edit a
cell in place (F2 or typing starts, Enter commits, Esc cancels), fill a value down the selected
rows (Ctrl+Shift+D). Each is one transaction and one step that Ctrl+Z takes back (steps.Step);
every record it changes is in the audit log (the store writes it).

The checking and writing are the core's (excel.clipboard.read_pasted, excel.apply_import,
steps.update_records, duplicates.find_duplicates): this module asks the clerk.

    panel.entry.copy_rows()            # the selected rows on the clipboard
    panel.entry.paste_rows()           # the clipboard's rows into the ledger (a dialog first)
    panel.entry.commit_cell(row, column, "2025.3.5")
    panel.entry.fill_down()
"""

from __future__ import annotations

import logging
import sqlite3
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from ..errors import UserError, ValidationFailed
from ..fields import BOOL, COUNT, DATE, INT, MONEY, Field
from ..ledgers import Ledger
from . import dialogs

if TYPE_CHECKING:
    from ..excel.plan import ImportPlan
    from .ledger_panel import LedgerPanel

log = logging.getLogger(__name__)

MAX_LISTED = 200  # problems listed in the paste dialog (the rest counted)
ROWS_MARK = "application/x-fazhitaizhang-rows"  # our rows on the clipboard (keep_copied_text)
_hooked = False


def keep_copied_text() -> None:
    """Rows this program put on the clipboard are put back as plain text (Qt's own data) before
    it ends: they stay there for Excel after the program has closed, and PySide 6 no longer
    deletes our QMimeData while Python is shutting down (a crash on exit)."""
    cb = QApplication.clipboard()
    mime = cb.mimeData()
    if mime is not None and mime.hasFormat(ROWS_MARK):
        cb.setText(mime.text())


def _keep_text_at_quit() -> None:
    global _hooked
    app = QApplication.instance()
    if not _hooked and app is not None:
        app.aboutToQuit.connect(keep_copied_text)
        _hooked = True


# -- edit in place --------------------------------------------------------------------------------


class CellDelegate(QStyledItemDelegate):
    """Edits a cell in place with an editor for its field's type (a line that reads dates as the
    form does, the field's list, 是/否); what is typed goes to the store as the form's save does,
    with the same rules and messages (TableEntry.commit_cell)."""

    def __init__(self, entry: TableEntry):
        super().__init__(entry.panel.table)
        self.entry = entry

    def _field(self, index: QModelIndex | QPersistentModelIndex) -> Field | None:
        cols = self.entry.panel.model.columns
        return cols[index.column()] if 0 <= index.column() < len(cols) else None

    def createEditor(self, parent: QWidget, option, index):  # noqa: N802
        f = self._field(index)
        p = self.entry.panel
        if f is not None and (f.is_choice or f.type == BOOL):
            combo = QComboBox(parent)
            values = ["是", "否"] if f.type == BOOL else p.store.choices.values(p.ledger.name, f.name)
            if not f.required and f.type != BOOL:
                combo.addItem("")
            combo.addItems(values)
            return combo
        line = QLineEdit(parent)
        line.setFrame(False)
        if f is not None and f.type in (INT, COUNT, MONEY):
            line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            line.setToolTip(self.tr("「{0}」只填数字").format(f.label))
        if f is not None and f.type == DATE:
            line.setToolTip(self.tr("可以输入 2025-03-05、2025.3.5、2025年3月5日 或 20250305"))
        return line

    def setEditorData(self, editor: QWidget, index):  # noqa: N802
        retry = self.entry.retry_text(index)
        text = retry if retry is not None else str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        f = self._field(index)
        if isinstance(editor, QComboBox):
            i = editor.findText(text)
            if i < 0 and text:
                editor.addItem(text)  # a kind taken off the list that the record still has
                i = editor.count() - 1
            editor.setCurrentIndex(max(i, 0))
        elif isinstance(editor, QLineEdit):
            if retry is None and f is not None and f.type == MONEY:
                text = text.replace(",", "")
            editor.setText(text)

    def setModelData(self, editor: QWidget, model, index):  # noqa: N802
        raw = editor.currentText() if isinstance(editor, QComboBox) else editor.text()  # type: ignore[attr-defined]
        row, column = index.row(), index.column()
        # after the editor has closed: a message box while it is open would take its focus and
        # commit it again, and the table is read again after a save
        QTimer.singleShot(0, self.entry, lambda: self.entry.commit_cell(row, column, raw, retry=True))


# -- paste ----------------------------------------------------------------------------------------


class PasteDialog(QDialog):
    """What a paste would do, the rows it cannot take (listed as an import lists them), and the
    choice: all or nothing, or the good rows only; likely duplicates left out unless ticked."""

    def __init__(self, plan: ImportPlan, ledger: Ledger, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("PasteDialog")
        self.setWindowTitle(self.tr("粘贴到「{0}」").format(ledger.label))
        self.plan = plan
        lay = QVBoxLayout(self)
        dups = plan.duplicates.total
        good = plan.inserts + plan.updates - dups
        lines: list[str] = []
        if plan.problems:
            head = self.tr("粘贴的内容中有 {0} 行有错误（{1} 处），这几行不能粘贴：").format(
                plan.bad_rows, plan.problems.total)
            listed, more = plan.problems.listed(MAX_LISTED)
            lines += [p.line() for p in listed]
            if more:
                lines.append(self.tr("……另有 {0} 处").format(more))
        else:
            head = self.tr("将新增 {0} 条记录。").format(plan.inserts - dups)
            if plan.updates:
                head += self.tr("更新 {0} 条（按记录编号）。").format(plan.updates)
        if plan.unchanged:
            head += self.tr("另有 {0} 行与已有记录完全相同，不再粘贴。").format(plan.unchanged)
        if plan.duplicates:
            lines += ([""] if lines else []) + [self.tr("可能重复录入（默认不粘贴）：")]
            lines += [p.line() for p in plan.duplicates.listed(MAX_LISTED)[0]]
        self.intro = QLabel(head)
        self.intro.setObjectName("intro")
        self.intro.setWordWrap(True)
        lay.addWidget(self.intro)
        self.problems = QPlainTextEdit("\n".join(lines))
        self.problems.setObjectName("problems")
        self.problems.setReadOnly(True)
        self.problems.setMinimumSize(520, 160)
        self.problems.setVisible(bool(lines))
        lay.addWidget(self.problems, 1)
        self.keep_duplicates = QCheckBox(
            self.tr("可能重复的 {0} 行也粘贴（确实不是重复录入）").format(dups))
        self.keep_duplicates.setObjectName("keep_duplicates")
        self.keep_duplicates.setVisible(bool(plan.duplicates))
        lay.addWidget(self.keep_duplicates)
        buttons = QDialogButtonBox()
        if plan.problems:
            self.ok_button = buttons.addButton(self.tr("只粘贴正确的 {0} 行").format(good),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
            self.ok_button.setObjectName("good_rows_button")
            self.ok_button.setEnabled(good > 0)
        else:
            self.ok_button = buttons.addButton(self.tr("粘贴"), QDialogButtonBox.ButtonRole.AcceptRole)
            self.ok_button.setObjectName("paste_button")
        self.ok_button.setDefault(True)
        self.keep_duplicates.toggled.connect(lambda on: self.ok_button.setEnabled(good > 0 or on))
        if not plan.problems:
            self.ok_button.setEnabled(good > 0 or plan.updates > 0)
        cancel = buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancel_button")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)


# -- the panel's Excel habits -------------------------------------------------------------------------


class TableEntry(QObject):
    """Copy, paste, edit in place and fill down for one ledger panel; each change one undo step
    (handed to the panel: RecordActions.did)."""

    def __init__(self, panel: LedgerPanel):
        super().__init__(panel)
        self.panel = panel
        self._retry: tuple[int, int, str] | None = None  # (row, column, text) to edit again
        t = panel.table
        t.setItemDelegate(CellDelegate(self))
        t.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                          | QAbstractItemView.EditTrigger.AnyKeyPressed)
        t.setTabKeyNavigation(False)  # Tab moves on to the next control, as in any form

    def shown_columns(self) -> list[Field]:
        """The ledger's columns in the order the table shows them (the clerk may drag them)."""
        hh = self.panel.table.horizontalHeader()
        cols = self.panel.model.columns
        order = [hh.logicalIndex(v) for v in range(hh.count())]
        return [cols[i] for i in order if i < len(cols) and not hh.isSectionHidden(i)]

    # copy -------------------------------------------------------------------------------------

    def copy_rows(self) -> int:
        """The selected rows (the columns as shown, with the header) on the clipboard as text and
        HTML; how many rows."""
        from ..excel.clipboard import copy_rows

        p = self.panel
        recs = [r for r in (p.model.record_at(i) for i in p.selected_rows()) if r]
        if not recs:
            p.message.emit(self.tr("请先在表格中选中要复制的行"))
            return 0
        text, html = copy_rows(p.ledger, self.shown_columns(), recs)
        mime = QMimeData()
        mime.setText(text)
        mime.setHtml(html)
        mime.setData(ROWS_MARK, b"1")
        QApplication.clipboard().setMimeData(mime)
        _keep_text_at_quit()
        p.message.emit(self.tr("已复制 {0} 行（含表头），可以粘贴到 Excel 或 WPS 表格").format(len(recs)))
        return len(recs)

    # paste ------------------------------------------------------------------------------------

    def paste_rows(self, text: str | None = None) -> bool:
        """Rows copied from Excel or WPS (or from this table) into the ledger: checked as an
        import is, shown in a dialog, written in one transaction, one undo step."""
        from .. import steps
        from ..excel import apply_import
        from ..excel.clipboard import read_pasted

        p = self.panel
        if p._refuse_read_only():
            return False
        if text is None:
            mime = QApplication.clipboard().mimeData()
            text = mime.text() if mime is not None else ""
        try:
            plan = read_pasted(text, p.store, p.ledger.name, columns=[f.name for f in self.shown_columns()])
        except UserError as e:
            dialogs.warn(p, self.tr("粘贴"), e.message)
            return False
        except sqlite3.Error as e:
            log.exception("paste: reading")
            dialogs.error(p, self.tr("未能粘贴"), dialogs.describe_error(e))
            return False
        dlg = PasteDialog(plan, p.ledger, p)
        answer = dlg.exec()
        keep = dlg.keep_duplicates.isChecked()
        dlg.deleteLater()
        if answer != QDialog.DialogCode.Accepted:
            p.message.emit(self.tr("已取消粘贴，未作任何改动。"))
            return False
        try:
            result = apply_import(p.store, plan, good_rows_only=bool(plan.problems), keep_duplicates=keep)
        except (UserError, sqlite3.Error) as e:
            if not isinstance(e, UserError):
                log.exception("paste failed")
            dialogs.error(p, self.tr("未能粘贴"), dialogs.describe_error(e) + self.tr("\n\n没有粘贴任何记录。"))
            return False
        step = steps.stamp(p.store, steps.import_step(result, p.ledger.name, self.tr("粘贴")))
        if not step.count:
            p.message.emit(self.tr("没有粘贴任何记录：{0}").format(result.summary()))
            return False
        p.did(step, self.tr("已粘贴：{0}").format(result.summary()))
        # the last pasted record shown selected (one that lies in another year is not shown)
        shown = next((rid for rid in reversed(step.inserted) if p.select_record(rid)), None)
        if step.inserted and shown is None:
            p.offer_year(step.inserted[0])
        return True

    # edit in place, fill down ------------------------------------------------------------------------

    def retry_text(self, index: QModelIndex | QPersistentModelIndex) -> str | None:
        """The text a refused edit of this cell had, offered again to correct."""
        r = self._retry
        if r is not None and (r[0], r[1]) == (index.row(), index.column()):
            self._retry = None
            return r[2]
        return None

    def commit_cell(self, row: int, column: int, raw: Any, *, retry: bool = False) -> bool:
        """An edit in place: checked by the store as the form's save is (the same messages), a
        likely duplicate asked about, one undo step. With `retry`, a refused edit opens the cell
        again with what was typed."""
        p = self.panel
        if p._refuse_read_only() or not 0 <= column < len(p.model.columns):
            return False
        rec = p.model.record_at(row)
        f = p.model.columns[column]
        if rec is None or f.display(rec.get(f.name)) == (raw or ""):
            return False
        ok = self._update({rec["id"]: {f.name: raw}}, self.tr("修改「{0}」").format(f.label), self.tr("未能修改"))
        if ok:
            p.message.emit(self.tr("已修改「{0}」（Ctrl+Z 可撤销）").format(f.label))
            if not p.select_record(rec["id"]):
                p.offer_year(rec["id"])
        elif retry:
            self._retry = (row, column, str(raw or ""))
            idx = p.model.index(row, column)
            p.table.setCurrentIndex(idx)
            p.table.edit(idx)
        return ok

    def fill_down(self, column: int | None = None) -> bool:
        """The value of a column (the current one) in the first selected row, into the other
        selected rows."""
        p = self.panel
        if p._refuse_read_only():
            return False
        rows = p.selected_rows()
        col = p.table.currentIndex().column() if column is None else column
        if len(rows) < 2 or not 0 <= col < len(p.model.columns):
            p.message.emit(self.tr("请先选中要填充的几行，并点一下要填充的那一栏（第一行的值会填到下面各行）"))
            return False
        f = p.model.columns[col]
        first = p.model.record_at(rows[0])
        value = f.to_input(first.get(f.name)) if first else None
        ids = [r["id"] for r in (p.model.record_at(i) for i in rows[1:]) if r]
        if self._update({rid: {f.name: value} for rid in ids}, self.tr("向下填充「{0}」").format(f.label),
                        self.tr("未能填充")):
            p.message.emit(self.tr("已向下填充「{0}」：{1} 条记录（Ctrl+Z 可撤销）").format(f.label, len(ids)))
            for rid in ids:
                p.select_record(rid, add=True)
            return True
        return False

    def _update(self, changes_by_id: dict[int, dict[str, Any]], label: str, failed: str) -> bool:
        """Change fields of records in one transaction (each validated by the store as the form
        is, each in the audit log); nothing written when one breaks a rule."""
        from .. import steps
        from ..duplicates import find_duplicates

        p = self.panel
        store, lg = p.store, p.ledger
        try:
            if len(changes_by_id) == 1:  # an edit in place: a likely duplicate asked about first
                [(rid, changes)] = changes_by_id.items()
                _rec, clean = steps.checked_change(store, lg.name, rid, changes)
                [dups] = find_duplicates(store, lg.name, [clean], [rid])
                if dups and not dialogs.ask(
                        p, self.tr("可能重复录入"),
                        self.tr("改后的这条记录{0}。\n\n如果确实是另一条记录，可以仍然保存。").format(
                            dups[0].message(lg).rstrip("。")),
                        yes=self.tr("仍然保存"), no=self.tr("返回修改")):
                    return False
            step = steps.update_records(store, lg.name, changes_by_id, label)
        except ValidationFailed as e:
            dialogs.warn(p, failed, "\n".join(e.errors.values()) + self.tr("\n\n没有修改任何记录。"))
            return False
        except (UserError, sqlite3.Error) as e:
            if not isinstance(e, UserError):
                log.exception("%s failed", label)
            dialogs.error(p, failed, dialogs.describe_error(e))
            return False
        if step.count:
            p.did(step, "")
        return True
