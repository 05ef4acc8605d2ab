"""Message boxes in one place, so that tests can replace them (they must never block).

    if dialogs.ask(self, "删除记录", "确定删除……？"):
        ...

Tests monkeypatch :func:`ask`, :func:`inform`, :func:`warn` and :func:`error` (every caller goes
through this module's attributes). :func:`describe_error` turns an exception into a short Chinese
message for the clerk: a UserError says what it says; a database error says what to do.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:  # QMessageBox is imported when a box is shown (keeps start-up light)
    from PySide6.QtWidgets import QWidget

from ..errors import UserError, os_error_text, sqlite_error_text


def tr(text: str) -> str:
    return QCoreApplication.translate("dialogs", text)


def _box(parent, icon, title, text, buttons, default, detail: str = ""):
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(icon, title, text, buttons, parent)
    box.setDefaultButton(default)
    if detail:
        box.setInformativeText(detail)
    return QMessageBox.StandardButton(box.exec())


def ask(parent: QWidget | None, title: str, text: str, *, yes: str = "", no: str = "",
        default_yes: bool = False) -> bool:
    """A yes/no question; True for yes. `yes`/`no` rename the buttons (e.g. "删除")."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    b_yes = box.addButton(yes or tr("是"), QMessageBox.ButtonRole.YesRole)
    b_no = box.addButton(no or tr("否"), QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(b_yes if default_yes else b_no)
    box.setEscapeButton(b_no)
    box.exec()
    return box.clickedButton() is b_yes


def inform(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    _box(parent, QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok,
         QMessageBox.StandardButton.Ok)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    _box(parent, QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
         QMessageBox.StandardButton.Ok)


def error(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    from PySide6.QtWidgets import QMessageBox

    _box(parent, QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok,
         QMessageBox.StandardButton.Ok, detail)


def describe_error(exc: BaseException) -> str:
    """A short Chinese sentence for the clerk: what happened and what to do."""
    if isinstance(exc, UserError):
        return exc.message
    if isinstance(exc, sqlite3.Error):
        msg = str(exc).lower()
        if "locked" in msg or "busy" in msg:
            return tr("数据库正被其他程序占用，请稍后再试"
                      "（可能在另一台电脑或另一个窗口中打开了这个数据库）。")
        if "full" in msg:
            return tr("磁盘空间已满，无法保存。请清理磁盘（或把数据库移到空间充足的位置）后再试。")
        if "readonly" in msg or "read-only" in msg:
            return tr("数据库文件是只读的，无法保存修改。请检查文件属性或所在文件夹的权限。")
        if "disk i/o" in msg or "unable to open" in msg:
            return tr("读写数据库文件时出错（可能是 U 盘被拔出或网络盘断开），无法保存。"
                      "请检查文件所在位置后再试。")
        if "malformed" in msg or "not a database" in msg or "corrupt" in msg:
            return tr("数据库文件已损坏，无法保存。请从备份恢复。")
        return tr("数据库出错，操作未完成（{0}）。").format(sqlite_error_text(exc))
    if isinstance(exc, OSError):
        return tr("读写文件时出错，操作未完成（{0}）。").format(os_error_text(exc))
    return tr("出现意外错误，操作未完成。")


def choose(parent: QWidget | None, title: str, text: str, options: list[str], *,
           icon=None) -> int | None:
    """Buttons named `options`; the index of the one clicked, None when the box was closed.
    The last option is the one Esc stands for."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(icon if icon is not None else QMessageBox.Icon.Warning, title, text,
                      QMessageBox.StandardButton.NoButton, parent)
    buttons = []
    for i, label in enumerate(options):
        role = QMessageBox.ButtonRole.RejectRole if i == len(options) - 1 else QMessageBox.ButtonRole.AcceptRole
        buttons.append(box.addButton(label, role))
    box.setDefaultButton(buttons[0])
    box.setEscapeButton(buttons[-1])
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else None


DB_FILTER = "法治台账数据库 (*.db);;所有文件 (*)"


def open_file(parent: QWidget | None, title: str, folder: str = "", filters: str = DB_FILTER) -> str:
    """A file to open ("" when cancelled)."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, title, folder, tr(filters))
    return path


def save_file(parent: QWidget | None, title: str, folder: str = "", filters: str = DB_FILTER,
              confirm_overwrite: bool = False) -> str:
    """Where to save ("" when cancelled). Databases are never overwritten (the caller refuses an
    existing name), so Qt's own overwrite question is off unless `confirm_overwrite`."""
    from PySide6.QtWidgets import QFileDialog

    options = QFileDialog.Option(0) if confirm_overwrite else QFileDialog.Option.DontConfirmOverwrite
    path, _ = QFileDialog.getSaveFileName(parent, title, folder, tr(filters), options=options)
    return path


def choose_folder(parent: QWidget | None, title: str, folder: str = "") -> str:
    """A folder ("" when cancelled)."""
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog.getExistingDirectory(parent, title, folder)


def open_path(path: str | os.PathLike) -> bool:
    """Open a file with the program the computer has for it (WPS, Excel, a PDF reader…)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: str | os.PathLike) -> bool:
    """Show the folder holding `path` (on Windows, with the file selected)."""
    p = Path(path)
    if sys.platform == "win32" and p.exists():
        import subprocess

        try:
            subprocess.Popen(["explorer", "/select,", str(p)])
            return True
        except OSError:
            pass
    return open_path(p.parent)
