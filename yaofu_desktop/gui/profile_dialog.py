"""The township profile (first run and 文件 → 乡镇概况), and the about box. Both forms are
Qt Designer files: ui/profile_dialog.ui and ui/about_dialog.ui."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path
from typing import Any, cast

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from ..errors import UserError, ValidationFailed
from ..fields import MAX_YEAR, MIN_YEAR
from ..store import PROFILE_DEFAULTS, Store
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


class ProfileDialog(QDialog, Ui_ProfileDialog):
    """Edit the profile of `store`; or, with `create_at`, create that database with it.

    After a successful first run, :attr:`store` is the new, open database.
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
        self._villages_before: list[str] = []
        if self.create_at is not None:
            self.setWindowTitle(self.tr("欢迎使用法治台账 — 填写乡镇概况"))
            ok.setText(self.tr("开始使用"))
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

    def set_values(self, values: dict[str, Any]) -> None:
        for key, name in _EDITS.items():
            getattr(self, name).setText(str(values.get(key) or ""))
        year = values.get("report_year")
        if year:
            self.reportYearSpin.setValue(int(year))
        villages = list(values.get("villages") or [])
        self._villages_before = villages
        self.villagesEdit.setPlainText("\n".join(villages))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {key: getattr(self, name).text().strip() for key, name in _EDITS.items()}
        out["report_year"] = self.reportYearSpin.value()
        seen: list[str] = []
        for line in self.villagesEdit.toPlainText().replace("、", "\n").replace("，", "\n").splitlines():
            v = line.strip()
            if v and v not in seen:
                seen.append(v)
        out["villages"] = seen
        return out

    def _show_error(self, text: str) -> None:
        self.errorLabel.setText(text)
        self.errorLabel.show()

    def save(self) -> None:
        values = self.values()
        missing = [label for key, label in REQUIRED.items() if not values.get(key)]
        if missing:
            self._show_error(self.tr("请填写：{0}").format("、".join(missing)))
            getattr(self, _EDITS[next(k for k, label in REQUIRED.items() if label == missing[0])]).setFocus()
            return
        removed = [v for v in self._villages_before if v not in values["villages"]]
        try:
            if self.create_at is not None:
                self.store = Store.open(self.create_at, create=True, profile=values)
            else:
                cast(Store, self.store).set_profile(values)
        except ValidationFailed as e:
            self._show_error("；".join(e.errors.values()))
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
