"""The record form: a dialog generated from a ledger's definition.

One editor per field, by type: a date picker with a calendar (an optional date has a "填写" box
in front: unticked, the date stays empty), a spin box for whole numbers, a money box (元, two
decimals), a list of kinds with "添加新类型…" at its end, the villages, a tick box for yes/no, a
line for text, a text box for long text. Required fields carry a red *. The store validates;
what it refuses is shown in red under the field, and the form stays open with what was typed.
Enter saves (in a long-text box Enter is a new line and Ctrl+Enter saves); Esc cancels and asks
first when something was typed.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..errors import UserError, ValidationFailed
from ..fields import (
    BOOL,
    CHOICE,
    COUNT,
    DATE,
    INT,
    LONGTEXT,
    MONEY,
    TEXT,
    VILLAGE,
    Field,
    parse_date,
)
from ..ledgers import Ledger
from ..store import Store
from . import dialogs
from .date_edit import DateLineEdit

log = logging.getLogger(__name__)

ADD_ITEM = "\x00add"  # item data of the "添加新类型…" entry
ERROR_STYLE = "color: #c62828;"


def default_date(year: int | None) -> dt.date:
    """The day a calendar opens on: today, or the same day of `year` when the clerk is looking
    at another year (a new record there starts with no date: see DateEditor)."""
    today = dt.date.today()
    if year is None or year == today.year:
        return today
    try:
        return today.replace(year=year)
    except ValueError:  # 29 February
        return dt.date(year, 2, 28)


def rate_fields(lg: Ledger) -> set[str]:
    """Choice fields whose values a rate counts on (adding a value there would skew it)."""
    out: set[str] = set()
    for fd in lg.figures:
        out.update(fd.num_where)
    return out


# -- editors, one per field type --------------------------------------------------------------


class Editor:
    """Edits one field. `value()` is what goes to the store (the store validates it)."""

    def __init__(self, field: Field, form: "RecordDialog"):
        self.field = field
        self.form = form
        self.widget: QWidget = self.build()

    def build(self) -> QWidget:  # pragma: no cover - abstract
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """`value` as Field.to_input gives it (date, Decimal, bool, int, str) or None."""
        raise NotImplementedError

    @property
    def focus_widget(self) -> QWidget:
        return self.widget


class DateEditor(Editor):
    """A typed date (2025-03-05, 2025.3.5, 2025年3月5日, 20250305) with a calendar; empty means no
    date. A new record in the current year starts on today; in another year it starts empty,
    so no record lands on a date nobody chose."""

    def build(self):
        self.edit = DateLineEdit(fallback=self._fallback)
        self.edit.setObjectName(f"date_{self.field.name}")
        if self.form.year is not None and self.form.year != dt.date.today().year:
            self.edit.setPlaceholderText(self.form.tr("如 {0}-03-05").format(self.form.year))
        if self.field.required:
            self.set_value(None)
        box = QWidget()
        lay = QHBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit)
        lay.addStretch(1)
        self.edit.textChanged.connect(lambda _t: self.form.field_changed(self.field.name))
        return box

    def _fallback(self) -> dt.date:
        return self.form.main_date() or default_date(self.form.year)

    def value(self):
        text = self.edit.text().strip()
        return text or None

    def set_value(self, value):
        if value is None and self.field.required and (self.form.year in (None, dt.date.today().year)):
            value = dt.date.today()
        self.edit.set_date(value)

    @property
    def focus_widget(self):
        return self.edit.line


class IntEditor(Editor):
    """A whole number typed as in Excel; a letter is not swallowed: the form says at the field
    why it is not a number (the store's own words)."""

    def build(self):
        self.line = QLineEdit()
        self.line.setObjectName(f"number_{self.field.name}")
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.line.setMaxLength(16)
        self.line.setMaximumWidth(140)
        self.line.setMinimumWidth(110)
        if not self.field.required and self.field.type == INT:
            self.line.setPlaceholderText(self.form.tr("未填"))
        self._empty()
        self.line.textChanged.connect(lambda _t: self.form.field_changed(self.field.name))
        return self.line

    def _empty(self):
        d = self.field.default
        self.line.setText("" if d is None else str(d))

    def value(self):
        text = self.line.text().strip()
        return text or None

    def set_value(self, value):
        if value is None:
            self._empty()
        else:
            self.line.setText(str(int(value)))


class MoneyEditor(Editor):
    def build(self):
        self.line = QLineEdit()
        self.line.setObjectName(f"money_{self.field.name}")
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.line.setPlaceholderText(self.form.tr("如 1234.50"))
        self.line.setMaxLength(24)
        self.line.setMaximumWidth(180)
        self.line.textChanged.connect(lambda _t: self.form.field_changed(self.field.name))
        box = QWidget()
        lay = QHBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.line)
        lay.addWidget(QLabel(self.form.tr("元")))
        lay.addStretch(1)
        return box

    def value(self):
        text = self.line.text().strip().replace("，", ",").replace("．", ".")
        return text or None

    def set_value(self, value):
        self.line.setText("" if value is None else f"{Decimal(value):.2f}")

    @property
    def focus_widget(self):
        return self.line


class ChoiceEditor(Editor):
    def build(self):
        self.combo = QComboBox()
        self.combo.setMinimumWidth(200)
        self.combo.setMaxVisibleItems(20)
        self._current: str | None = None
        self.can_add = self.field.type == VILLAGE or self.field.name not in rate_fields(self.form.ledger)
        self.fill()
        self.combo.activated.connect(self._activated)
        self.combo.currentIndexChanged.connect(lambda _i: self.form.field_changed(self.field.name))
        return self.combo

    def choices(self) -> list[str]:
        if self.field.type == VILLAGE:
            return self.form.store.choices.villages()
        return self.form.store.choices.values(self.form.ledger.name, self.field.name)

    def fill(self, select: str | None = None) -> None:
        c = self.combo
        c.blockSignals(True)
        c.clear()
        if not self.field.required:
            c.addItem(self.form.tr("（不填）"), None)
        values = self.choices()
        for v in values:
            c.addItem(v, v)
        if select is not None and select not in values:  # a hidden kind an old record still has
            c.addItem(select, select)
        if self.can_add:
            c.insertSeparator(c.count())
            text = self.form.tr("添加新村（社区）…") if self.field.type == VILLAGE else self.form.tr("添加新类型…")
            c.addItem(text, ADD_ITEM)
        if select is None:
            if self.field.required:
                c.setPlaceholderText(self.form.tr("请选择"))
            c.setCurrentIndex(-1 if self.field.required else 0)
        else:
            c.setCurrentIndex(max(c.findData(select), 0))
        self._current = select
        c.blockSignals(False)

    def _activated(self, index: int) -> None:
        data = self.combo.itemData(index)
        if data == ADD_ITEM:
            added = self.form.add_choice(self)
            self.fill(added if added else self._current)
        else:
            self._current = data

    def value(self):
        data = self.combo.currentData()
        return None if data == ADD_ITEM else data

    def set_value(self, value):
        self.fill(value)


class BoolEditor(Editor):
    def build(self):
        self.check = QCheckBox(self.form.tr("是"))
        self.check.toggled.connect(lambda _on: self.form.field_changed(self.field.name))
        return self.check

    def value(self):
        return self.check.isChecked()

    def set_value(self, value):
        self.check.setChecked(bool(value))


class TextEditor(Editor):
    def build(self):
        self.line = QLineEdit()
        self.line.setMaxLength(self.field.text_limit)
        self.line.setMinimumWidth(320)
        self.line.textChanged.connect(lambda _t: self.form.field_changed(self.field.name))
        return self.line

    def value(self):
        return self.line.text()

    def set_value(self, value):
        self.line.setText("" if value is None else str(value))


class LongTextEditor(Editor):
    def build(self):
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setMinimumWidth(320)
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 4 + 14)
        self.text.setPlaceholderText(self.form.tr("可以换行；按 Ctrl+Enter 保存"))
        self.text.installEventFilter(self.form)
        self.text.textChanged.connect(lambda: self.form.field_changed(self.field.name))
        return self.text

    def value(self):
        return self.text.toPlainText()

    def set_value(self, value):
        self.text.setPlainText("" if value is None else str(value))


EDITORS = {
    DATE: DateEditor,
    INT: IntEditor,
    COUNT: IntEditor,
    MONEY: MoneyEditor,
    CHOICE: ChoiceEditor,
    VILLAGE: ChoiceEditor,
    BOOL: BoolEditor,
    TEXT: TextEditor,
    LONGTEXT: LongTextEditor,
}


# -- the dialog ----------------------------------------------------------------------------------


class RecordDialog(QDialog):
    """Add (record=None), edit (record_id given) or duplicate (record given, no id) a record.

    `saved(id)` is emitted after every successful save (also for "保存并新增").
    """

    saved = Signal(int)

    def __init__(
        self,
        store: Store,
        ledger: Ledger,
        *,
        year: int | None = None,
        record: dict[str, Any] | None = None,
        record_id: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.ledger = ledger
        self.year = year
        self.record_id = record_id
        self.saved_ids: list[int] = []
        self.setObjectName("RecordDialog")
        if record_id is not None:
            title = self.tr("修改记录")
        elif record is not None:
            title = self.tr("复制为新记录")
        else:
            title = self.tr("新增记录")
        self.setWindowTitle(f"{title} — {ledger.label}")
        self.editors: dict[str, Editor] = {}
        self.error_labels: dict[str, QLabel] = {}
        self._touched: set[str] = set()  # fields the clerk changed: their errors show as typed
        self._live = False  # set once built: editors report changes from then on
        self._build(title)
        if record is not None:
            self.set_values(record)
        self._initial = self.values()
        self._live = True
        self._first_focus()

    # building --------------------------------------------------------------------------------

    def _build(self, title: str) -> None:
        outer = QVBoxLayout(self)
        head = QLabel(f"<b>{self.ledger.label}</b>　{title}")
        head.setStyleSheet("font-size: 12pt;")
        outer.addWidget(head)
        if self.ledger.description:
            desc = QLabel(self.ledger.description)
            desc.setWordWrap(True)
            desc.setStyleSheet("color: #555;")
            outer.addWidget(desc)
        body = QWidget()
        body_lay = QVBoxLayout(body)
        body_lay.setContentsMargins(0, 4, 8, 4)
        form = QFormLayout()
        body_lay.addLayout(form)
        # 佐证材料: thumbnails; files dropped anywhere on the form land here
        from .attachments_view import AttachmentStrip

        self.attachments = AttachmentStrip(self.store, self.ledger, self.record_id, self)
        body_lay.addWidget(self.attachments)
        self.setAcceptDrops(True)
        body_lay.addStretch(1)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setVerticalSpacing(6)
        for f in self.ledger.fields:
            ed = EDITORS[f.type](f, self)
            self.editors[f.name] = ed
            star = ' <span style="color:#c62828">*</span>' if f.required else ""
            label = QLabel(f"{f.label}{star}")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setBuddy(ed.focus_widget)
            label.setObjectName(f"label_{f.name}")
            if f.help:
                label.setToolTip(f.help)
            err = QLabel()
            err.setObjectName(f"error_{f.name}")
            err.setStyleSheet(ERROR_STYLE)
            err.setWordWrap(True)
            err.hide()
            self.error_labels[f.name] = err
            cell = QWidget()
            lay = QVBoxLayout(cell)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(2)
            lay.addWidget(ed.widget)
            lay.addWidget(err)
            form.addRow(label, cell)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll, 1)
        self._scroll, self._body = scroll, body

        self.general_error = QLabel()
        self.general_error.setObjectName("general_error")
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        outer.addWidget(self.general_error)
        self.status = QLabel()
        self.status.setStyleSheet("color: #2e7d32;")
        self.status.hide()
        outer.addWidget(self.status)

        note = QLabel(self.tr('带 <span style="color:#c62828">*</span> 的为必填项'))
        note.setStyleSheet("color: #666;")
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("save_button")
        self.save_button.setDefault(True)
        self.save_button.setToolTip(self.tr("保存（Enter；在多行文字框中按 Ctrl+Enter）"))
        self.save_new_button = None
        if self.record_id is None:
            self.save_new_button = QPushButton(self.tr("保存并继续新增"))
            self.save_new_button.setObjectName("save_new_button")
            self.save_new_button.setAutoDefault(False)
            self.save_new_button.setToolTip(self.tr("保存这一条，然后接着填写下一条（日期和类型保留）"))
            self.save_new_button.clicked.connect(lambda: self.save(and_new=True))
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.setAutoDefault(False)
        self.save_button.clicked.connect(lambda: self.save())
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.save_new_button, self.save_button, self.cancel_button):
            if b is not None:
                b.setMinimumWidth(88)
                buttons.addWidget(b)
        row = QHBoxLayout()
        row.addWidget(note)
        row.addStretch(1)
        row.addLayout(buttons)
        outer.addLayout(row)
        for seq in ("Ctrl+Return", "Ctrl+Enter", QKeySequence.StandardKey.Save):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(lambda: self.save())
        self.setMinimumWidth(600)
        self._fit_height()

    def eventFilter(self, obj, event):  # noqa: N802
        """Ctrl+Enter in a long-text box saves (plain Enter makes a new line there)."""
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.save()
            return True
        return super().eventFilter(obj, event)

    def dragEnterEvent(self, event):  # noqa: N802
        from .attachments_view import dropped_files

        if dropped_files(event.mimeData()) and not self.store.readonly:
            event.acceptProposedAction()

    def dragMoveEvent(self, event):  # noqa: N802
        self.dragEnterEvent(event)

    def dropEvent(self, event):  # noqa: N802
        from .attachments_view import dropped_files

        files = dropped_files(event.mimeData())
        if files and not self.store.readonly:
            event.acceptProposedAction()
            self.attachments.add_files(files)

    def _fit_height(self) -> None:
        """As tall as the fields (and their messages) need, within the screen: errors under the
        fields grow the form rather than push the last fields into a scroll area."""
        self._body.adjustSize()
        chrome = self.sizeHint().height() - self._scroll.sizeHint().height()
        want = self._body.sizeHint().height() + max(chrome, 100) + 8
        screen = self.screen().availableGeometry().height() if self.screen() else 800
        limit = int(screen * 0.9)
        height = min(want, limit)
        if height > self.height() or not self.isVisible():
            self.resize(max(self.width(), 640) if self.isVisible() else 640, height)
        if self.isVisible():  # what the estimate missed (the 佐证材料 strip, a wrapped message)
            layout = self.layout()
            if layout is not None:
                layout.activate()
            extra = self._scroll.verticalScrollBar().maximum()
            if extra > 0 and self.height() < limit:
                self.resize(self.width(), min(self.height() + extra, limit))

    def _first_focus(self) -> None:
        for ed in self.editors.values():
            ed.focus_widget.setFocus()
            break

    # values ------------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        return {name: ed.value() for name, ed in self.editors.items()}

    def set_values(self, record: dict[str, Any]) -> None:
        for f in self.ledger.fields:
            if f.name in record:
                self.editors[f.name].set_value(f.to_input(record[f.name]))

    def main_date(self) -> dt.date | None:
        ed = self.editors.get(self.ledger.date_field)
        if ed is None or ed.field.type != DATE:
            return None
        v = ed.value()
        return parse_date(v) if v else None

    @property
    def dirty(self) -> bool:
        return self.values() != self._initial

    # errors --------------------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for lab in self.error_labels.values():
            lab.clear()
            lab.hide()
        self.general_error.hide()

    def field_changed(self, name: str) -> None:
        """An editor changed: check the form again, and show or clear the messages of the fields
        the clerk has touched (an error goes as soon as it is corrected, at its field)."""
        if not self._live:
            return
        self._touched.add(name)
        self.status.hide()
        self.check_live()

    def form_errors(self) -> dict[str, str]:
        """What the store would say about the form as it is (nothing is written)."""
        try:
            keep = self.store.get(self.ledger.name, self.record_id) if self.record_id is not None else None
            self.store.validate(self.ledger.name, self.values(), keep=keep)
        except ValidationFailed as e:
            return e.errors
        except (UserError, sqlite3.Error):
            return {}
        return {}

    def check_live(self) -> None:
        errors = self.form_errors()
        changed = False
        for name, lab in self.error_labels.items():
            msg = errors.get(name)
            shown = not lab.isHidden()
            if msg and (name in self._touched or shown):
                if lab.text() != msg or not shown:
                    lab.setText(msg)
                    lab.show()
                    changed = True
            elif shown:
                lab.clear()
                lab.hide()
                changed = True
        if changed:
            self._fit_height()

    def show_errors(self, errors: dict[str, str]) -> None:
        self.clear_errors()
        other = []
        first = None
        for name, msg in errors.items():
            lab = self.error_labels.get(name)
            if lab is None:
                other.append(msg)
                continue
            lab.setText(msg)
            lab.show()
            if first is None:
                first = name
        if other:
            self.general_error.setText("；".join(other))
            self.general_error.show()
        self._touched.update(n for n in errors if n in self.error_labels)
        self._fit_height()
        if first is not None:
            w = self.editors[first].focus_widget
            w.setFocus()
            self._scroll.ensureWidgetVisible(self.editors[first].widget)

    def error_text(self, field_name: str) -> str:
        lab = self.error_labels[field_name]
        return lab.text() if not lab.isHidden() else ""

    # saving ----------------------------------------------------------------------------------------

    def save(self, and_new: bool = False) -> int | None:
        """Save; returns the record's id, or None when the store refused (the form stays open)."""
        self.status.hide()
        values = self.values()
        try:
            if not self._duplicates_ok(values):
                return None
            if self.record_id is not None:
                self.store.update(self.ledger.name, self.record_id, values)
                rid = self.record_id
            else:
                rid = self.store.insert(self.ledger.name, values)
        except ValidationFailed as e:
            self.show_errors(e.errors)
            return None
        except (UserError, sqlite3.Error, OSError) as e:
            if not isinstance(e, UserError):
                log.exception("save failed")
            self.clear_errors()
            dialogs.error(self, self.tr("未能保存"),
                          dialogs.describe_error(e) + self.tr("\n\n已填写的内容仍保留在表单中。"))
            return None
        self.clear_errors()
        if self.attachments.pending or self.attachments.pending_images:
            problems = self.attachments.attach_pending(rid)
            if problems:
                dialogs.error(self, self.tr("记录已保存，部分佐证材料未能添加"), "\n".join(problems))
        self.saved_ids.append(rid)
        self.saved.emit(rid)
        if and_new:
            self._reset_for_next(values)
        else:
            self._initial = self.values()
            self.accept()
        return rid

    def _duplicates_ok(self, values: dict[str, Any]) -> bool:
        """Point out a record this one likely repeats (the same 决定书文号; a copy saved unchanged)
        and let the clerk save anyway. Raises ValidationFailed for a form the store refuses."""
        from ..duplicates import find_duplicates

        keep = self.store.get(self.ledger.name, self.record_id) if self.record_id is not None else None
        clean = self.store.validate(self.ledger.name, values, keep=keep)
        if keep is not None:  # an edit that leaves the keys as they were is not asked about again
            keys = {n for k in self.ledger.duplicate_keys for n in k}
            if all(clean[n] == keep.get(n) for n in keys):
                return True
        [dups] = find_duplicates(self.store, self.ledger.name, [clean], [self.record_id])
        if not dups:
            return True
        lines = "\n".join("· " + d.message(self.ledger) for d in dups[:3])
        return dialogs.ask(
            self, self.tr("可能重复录入"),
            self.tr("这条记录{0}\n\n如果确实是另一条记录，可以仍然保存。").format(
                "：\n" + lines if len(dups) > 1 else dups[0].message(self.ledger)),
            yes=self.tr("仍然保存"), no=self.tr("返回修改"))

    def _reset_for_next(self, previous: dict[str, Any]) -> None:
        """After "保存并继续新增": empty form, but keep the date and the kinds just used."""
        self.attachments.record_id = None  # the next record starts with no 佐证材料
        self.attachments.removed = []
        self.attachments.reload()
        keep = {f.name for f in self.ledger.fields if f.type in (DATE, CHOICE, VILLAGE) and f.required}
        keep.add(self.ledger.date_field)
        for f in self.ledger.fields:
            ed = self.editors[f.name]
            if f.name in keep:
                continue
            ed.set_value(f.to_input(f.default) if f.default is not None else None)
        self._initial = self.values()
        self._touched.clear()
        n = len(self.saved_ids)
        self.status.setText(self.tr("已保存 {0} 条。可以继续填写下一条。").format(n))
        self.status.show()
        self._first_focus()

    def reject(self) -> None:
        if self.dirty and not dialogs.ask(
            self,
            self.tr("放弃填写"),
            self.tr("表单中已填写的内容还没有保存。确定放弃吗？"),
            yes=self.tr("放弃"),
            no=self.tr("继续填写"),
        ):
            return
        super().reject()

    # adding a kind ------------------------------------------------------------------------------

    def add_choice(self, editor: ChoiceEditor) -> str | None:
        dlg = AddChoiceDialog(self.store, self.ledger, editor.field, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            return dlg.added
        return None


class AddChoiceDialog(QDialog):
    """Asks for a new kind (name and unit) or a new village, and saves it at once."""

    def __init__(self, store: Store, ledger: Ledger, field: Field, parent=None):
        super().__init__(parent)
        self.store, self.ledger, self.field = store, ledger, field
        self.added: str | None = None
        village = field.type == VILLAGE
        self.setWindowTitle(self.tr("添加新村（社区）") if village else self.tr("添加新类型"))
        lay = QVBoxLayout(self)
        if village:
            intro = self.tr("新的村（社区）会保存到数据库，所有台账都可以选用。")
        else:
            intro = self.tr("为「{0}」的“{1}”添加一个新选项。它会立即保存，"
                            "年度统计中会单独计数。").format(ledger.label, field.label)
        text = QLabel(intro)
        text.setWordWrap(True)
        lay.addWidget(text)
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name_edit")
        self.name_edit.setMaxLength(40)
        form.addRow(self.tr("名称"), self.name_edit)
        self.unit_edit = None
        if not village:
            self.unit_edit = QLineEdit(ledger.unit)
            self.unit_edit.setObjectName("unit_edit")
            self.unit_edit.setMaxLength(8)
            self.unit_edit.setToolTip(self.tr("统计数字的计量单位，如“次”“期”“场次”"))
            form.addRow(self.tr("计量单位"), self.unit_edit)
        lay.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        lay.addWidget(self.error)
        box = QDialogButtonBox()
        ok = box.addButton(self.tr("添加"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("ok_button")
        ok.setDefault(True)
        box.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.try_add)
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        self.setMinimumWidth(380)

    def try_add(self) -> None:
        name = self.name_edit.text()
        try:
            if self.field.type == VILLAGE:
                self.added = self.store.choices.add("*", "village", name)
            else:
                unit = self.unit_edit.text() if self.unit_edit else ""
                self.added = self.store.choices.add(self.ledger.name, self.field.name, name, unit)
        except ValidationFailed as e:
            self.error.setText("；".join(e.errors.values()))
            self.error.show()
            return
        except (UserError, sqlite3.Error) as e:
            self.error.setText(dialogs.describe_error(e))
            self.error.show()
            return
        self.accept()
