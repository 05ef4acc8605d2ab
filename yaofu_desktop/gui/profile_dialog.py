"""The township profile (first run and 文件 → 乡镇概况), and the about box. Both forms are
Qt Designer files: ui/profile_dialog.ui and ui/about_dialog.ui."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path
from typing import Any, cast

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from ..errors import UserError, ValidationFailed
from ..fields import MAX_YEAR, MIN_YEAR
from ..store import NO_COPY_TO, PROFILE_DEFAULTS, Store, no_copy_to, profile_errors
from . import dialogs
from .forms.ui_about_dialog import Ui_AboutDialog
from .forms.ui_profile_dialog import Ui_ProfileDialog
from .window_api import Window

log = logging.getLogger(__name__)

_EDITS = {
    "government": "governmentEdit",
    "township": "townshipEdit",
    "county": "countyEdit",
    "leaders": "leadersEdit",
    "addressee": "addresseeEdit",
    "copy_to": "copyToEdit",
    "operator": "operatorEdit",
}
REQUIRED = {"government": "政府名称", "township": "乡镇名称"}
FIELDS = {**_EDITS, "report_year": "reportYearSpin", "villages": "villagesEdit"}  # key -> widget
ERROR_STYLE = "color: #c62828;"


class ProfileDialog(QDialog, Ui_ProfileDialog):
    """Edit the profile of `store`; or, with `create_at`, create that database with it (the first
    start: Esc or 退出 asks before the program quits).

    After a successful first run, :attr:`store` is the new, open database. What is wrong with a
    value is said in red under its field (:attr:`field_errors`) and cleared as it is corrected;
    errorLabel, at the foot, says only what is not about one field (the disk is full …).
    """

    def __init__(self, store: Store | None = None, *, create_at: Path | None = None, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.reportYearSpin.setRange(MIN_YEAR, MAX_YEAR)  # fields.YEAR_RANGE decides, not the .ui
        self.store = store
        self.create_at = Path(create_at) if create_at else None
        ok = self.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttonBox.button(QDialogButtonBox.StandardButton.Cancel)
        ok.setObjectName("ok_button")
        cancel.setText(self.tr("取消"))
        self.buttonBox.accepted.connect(self.save)
        self.buttonBox.rejected.connect(self.reject)
        self.errorLabel.hide()
        self.noCopyToCheck.toggled.connect(self._no_copy_to)
        self.field_errors = self._add_field_errors()
        self._villages_before: list[str] = []
        if self.create_at is not None:
            self.setWindowTitle(self.tr("欢迎使用法治台账 — 填写乡镇概况"))
            ok.setText(self.tr("开始使用"))
            cancel.setText(self.tr("退出"))
            self.introLabel.setText(self.tr(
                "<b>欢迎使用法治台账！</b><br>第一次使用，请先填写本乡镇的基本情况。"
                "这些内容用于窗口标题和年度报告，以后可以在“文件 → 乡镇概况”中修改。"))
            self.pathLabel.setText(self.tr("数据将保存在：{0}").format(self.create_at))
            self.set_values({**PROFILE_DEFAULTS, "report_year": dt.date.today().year - 1
                             if dt.date.today().month <= 3 else dt.date.today().year})
        else:
            ok.setText(self.tr("保存"))
            self.pathLabel.setText(self.tr("数据库：{0}").format(store.path) if store else "")
            if store is not None:
                self.set_values(store.profile())
        self.governmentEdit.setFocus()

    def _no_copy_to(self, on: bool) -> None:
        self.copyToEdit.setEnabled(not on)
        if on:
            self.copyToEdit.clear()

    def set_values(self, values: dict[str, Any]) -> None:
        for key, name in _EDITS.items():
            getattr(self, name).setText(str(values.get(key) or ""))
        none = no_copy_to(values.get("copy_to"))
        self.noCopyToCheck.setChecked(none)
        if none:
            self.copyToEdit.clear()
        year = values.get("report_year")
        if year:
            self.reportYearSpin.setValue(int(year))
        villages = list(values.get("villages") or [])
        self._villages_before = villages
        self.villagesEdit.setPlainText("\n".join(villages))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {key: getattr(self, name).text().strip() for key, name in _EDITS.items()}
        if self.noCopyToCheck.isChecked():
            out["copy_to"] = NO_COPY_TO[0]  # "无": the report prints no 抄送 line
        out["report_year"] = self.reportYearSpin.value()
        seen: list[str] = []
        for line in self.villagesEdit.toPlainText().replace("、", "\n").replace("，", "\n").splitlines():
            v = line.strip()
            if v and v not in seen:
                seen.append(v)
        out["villages"] = seen
        return out

    # errors, at their fields ------------------------------------------------------------------

    def _add_field_errors(self) -> dict[str, QLabel]:
        """A red line under each field (hidden until it has something to say), cleared as the
        field is corrected."""
        form: QFormLayout = self.formLayout
        labels: dict[str, QLabel] = {}
        rows = []
        for key, name in FIELDS.items():
            widget = getattr(self, name)
            role = QFormLayout.ItemRole.FieldRole
            row = next((r for r in range(form.rowCount()) if _holds(form.itemAt(r, role), widget)), None)
            if row is not None:
                rows.append((row, key, widget))
        for row, key, widget in sorted(rows, key=lambda r: r[0], reverse=True):  # bottom up: rows stay put
            label = QLabel()
            label.setObjectName(f"error_{key}")
            label.setStyleSheet(ERROR_STYLE)
            label.setWordWrap(True)
            form.insertRow(row + 1, QLabel(), label)
            form.setRowVisible(label, False)
            labels[key] = label
            changed = getattr(widget, "textChanged", None) or widget.valueChanged
            changed.connect(lambda *_a, k=key: self._recheck(k))
        return {key: labels[key] for key in FIELDS if key in labels}  # top to bottom

    def field_errors_of(self, values: dict[str, Any]) -> dict[str, str]:
        """What is wrong, by field: the names that must be filled in, then the profile's rules."""
        errors = {key: self.tr("请填写{0}").format(label) for key, label in REQUIRED.items() if not values.get(key)}
        for key, text in profile_errors(values).items():
            errors.setdefault(key, text)
        return errors

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field (the first such field gets the cursor); the rest at the foot."""
        first = None
        for key, label in self.field_errors.items():
            text = errors.get(key, "")
            label.setText(text)
            self.formLayout.setRowVisible(label, bool(text))
            if text and first is None:
                first = key
        rest = [t for k, t in errors.items() if k not in self.field_errors]
        self.errorLabel.setText("；".join(rest))
        self.errorLabel.setVisible(bool(rest))
        if first is not None:
            getattr(self, FIELDS[first]).setFocus()

    def _recheck(self, key: str) -> None:
        """A field being corrected: its message goes as soon as it is right."""
        label = self.field_errors[key]
        if not label.text():
            return
        text = self.field_errors_of(self.values()).get(key, "")
        label.setText(text)
        self.formLayout.setRowVisible(label, bool(text))

    def _show_error(self, text: str) -> None:
        self.errorLabel.setText(text)
        self.errorLabel.show()

    def reject(self) -> None:
        """Esc, 取消/退出 or the window's close button. On the first start nothing is saved and the
        program cannot start without a profile: ask before quitting."""
        if self.create_at is not None and not dialogs.ask(
                self, self.tr("退出法治台账"),
                self.tr("还没有填写乡镇概况，法治台账需要先填写它才能开始使用。\n\n现在退出吗？"
                        "（下次启动时会再请您填写）"),
                yes=self.tr("退出"), no=self.tr("继续填写")):
            return
        super().reject()

    def abandon(self) -> None:
        """Close without asking (the start-up benchmark's first paint)."""
        super().reject()

    def save(self) -> None:
        values = self.values()
        errors = self.field_errors_of(values)
        self.show_errors(errors)
        if errors:
            return
        removed = [v for v in self._villages_before if v not in values["villages"]]
        try:
            if self.create_at is not None:
                self.store = Store.open(self.create_at, create=True, profile=values)
            else:
                cast(Store, self.store).set_profile(values)
        except ValidationFailed as e:
            self.show_errors(e.errors)
            return
        except (UserError, sqlite3.Error, OSError) as e:
            if not isinstance(e, UserError):
                log.exception("profile save failed")
            self._show_error(dialogs.describe_error(e))
            return
        if removed:
            dialogs.inform(self, self.tr("乡镇概况"), self.tr(
                "已保存。已有的村（社区）暂时不能删除（{0}），它们仍会出现在选择列表中。").format("、".join(removed)))
        self.accept()


def _holds(item, widget: QWidget) -> bool:
    """Whether a form layout's cell is `widget` or a layout holding it."""
    if item is None:
        return False
    if item.widget() is widget:
        return True
    lay = item.layout()
    return lay is not None and any(_holds(lay.itemAt(i), widget) for i in range(lay.count()))


def edit_profile(window: Window) -> bool:
    """文件 → 乡镇概况…: edit the open database's profile; the window reads it again when saved."""
    dlg = ProfileDialog(window.store, parent=window.window())
    if dlg.exec() != dlg.DialogCode.Accepted:
        return False
    window.reload()  # the title, the years, villages that were added
    return True


class AboutDialog(QDialog, Ui_AboutDialog):
    def __init__(self, db_path: Path | None = None, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        from .. import __version__
        from ..paths import data_dir, log_path

        self.versionLabel.setText(self.tr("版本 {0}").format(__version__))
        lines = []
        if db_path:
            lines.append(self.tr("当前数据库：{0}").format(db_path))
        try:
            lines.append(self.tr("数据文件夹：{0}").format(data_dir()))
            lines.append(self.tr("日志：{0}").format(log_path()))
        except OSError:
            pass
        self.pathsLabel.setText("\n".join(lines))
        self.buttonBox.accepted.connect(self.accept)
        self.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))


def show_about(window: Window) -> None:
    """帮助 → 关于法治台账."""
    AboutDialog(window.store.path, window.window()).exec()
