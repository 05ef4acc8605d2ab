"""Whether the window may change its database: read-only (the file was opened read-only, or
another copy of the program took its lock over) and the year shown locked (its report issued),
with 年度 → 锁定本年度 / 解除锁定 and the （只读） / （2025年度已锁定） marks of the status bar
and the title.

    state = EditState(window)        # built by the main window
    state.set_read_only(True)        # the window then disables everything that edits
    state.year_locked()              # the year shown is locked (read from the store)

What each state disables is said by the actions themselves (gui/menus.py); the ledger panels
refuse edits on their own as well (LedgerPanel.editable).
"""

from __future__ import annotations

import logging
import sqlite3

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from ..errors import UserError
from ..store import Store
from . import dialogs
from .window_api import Window

log = logging.getLogger(__name__)


class EditState(QObject):
    def __init__(self, window: Window):
        super().__init__(window.window())
        self.window = window
        self.read_only = window.store.readonly
        self.state_label = QLabel()  # 只读 / 2025年度已锁定, in red on the status bar
        self.state_label.setObjectName("safety_state_label")
        self.state_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.state_label.setContentsMargins(6, 0, 6, 0)
        self.state_label.hide()
        self.title_suffix = ""  # （只读）（2025年度已锁定）, after the window's title

    def store_changed(self, store: Store) -> None:
        """Another database: read-only if it was opened so (the lock may say otherwise next)."""
        self.set_read_only(store.readonly)

    def set_read_only(self, read_only: bool) -> None:
        """Disable (or enable again) everything that would change the database."""
        self.read_only = bool(read_only)
        self.window.update_state()

    def year_locked(self) -> bool:
        """The year the window shows is locked (its report was issued)."""
        try:
            return self.window.year in self.window.store.year_locks.years()
        except sqlite3.Error:
            return False

    def show(self, read_only: bool, locked: bool, year: int) -> None:
        """The status bar's mark and the title's suffix for this state."""
        parts = []
        if read_only:
            parts.append(self.tr("只读"))
        if locked:
            parts.append(self.tr("{0}年度已锁定").format(year))
        text = "　".join(parts)
        self.state_label.setText(text)
        self.state_label.setVisible(bool(text))
        if read_only:
            self.state_label.setToolTip(self.tr("以只读方式打开：可以查看和打印，不能修改"))
        elif locked:
            self.state_label.setToolTip(self.tr("该年度的报告已印发，记录不能修改；可在“年度”菜单中解除锁定"))
        self.title_suffix = "".join(f"（{p}）" for p in parts)

    # 年度 → 锁定 / 解除锁定 ---------------------------------------------------------------------

    def lock_year(self) -> bool:
        return self._set_year_lock(True, self.tr("锁定年度"), self.tr(
            "锁定{0}年度后，该年度的所有台账记录都不能再新增、修改、删除或核对，"
            "以保证与已印发的年度报告一致。\n\n如确需修改，可以在“年度”菜单中解除锁定，"
            "解除会记入操作记录。\n\n确定锁定{0}年度吗？"), self.tr("锁定"),
            self.tr("未能锁定"), self.tr("{0}年度已锁定。"))

    def unlock_year(self) -> bool:
        return self._set_year_lock(False, self.tr("解除锁定"), self.tr(
            "{0}年度已锁定（年度报告已印发）。解除锁定后可以修改该年度的记录，"
            "修改后统计数字可能与已印发的报告不一致。\n\n解除操作会记入操作记录。"
            "确定解除{0}年度的锁定吗？"), self.tr("解除锁定"),
            self.tr("未能解除锁定"), self.tr("已解除{0}年度的锁定（已记入操作记录）。"))

    def _set_year_lock(self, lock: bool, title: str, question: str, yes: str, failed: str, done: str) -> bool:
        """Lock (or unlock) the year shown, asked first; the messages name the year ({0})."""
        w, year = self.window, self.window.year
        if w.read_only or self.year_locked() == lock:
            return False
        if not dialogs.ask(w.window(), title, question.format(year), yes=yes, no=self.tr("取消")):
            return False
        try:
            (w.store.year_locks.lock if lock else w.store.year_locks.unlock)(year)
        except (UserError, sqlite3.Error) as e:
            dialogs.error(w.window(), failed, dialogs.describe_error(e))
            return False
        w.update_state()
        w.show_message(done.format(year), 8000)
        return True
