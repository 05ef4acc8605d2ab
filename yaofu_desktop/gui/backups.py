"""Backups in the window: 文件 → 备份… (to the backup folder or a USB drive), 从备份恢复…,
备份设置…, the automatic backups (every half hour when something changed, and on closing) and
the status bar's 上次备份 / ⚠ 备份未完成.

    backups = Backups(window)       # built by the main window (gui/main_window.py)
    backups.backup_now()            # what 备份… does; restore(), backup_settings() likewise
    backups.on_close()              # the window closes: a last automatic backup if due

Rules kept here:

* a backup or an automatic backup runs off the window's thread on its own sqlite connection;
  a database that fails its check is never backed up (the warning stays in the status bar);
* before a restore the backup is verified and every connection of the window is closed; the
  current file is kept aside byte for byte (restore_backup); automatic backups then pause until
  the program is restarted.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel

from ..errors import UserError
from ..store import Store
from . import dialogs
from .backup_jobs import (
    AUTO_CHECK_MS,
    auto_backups_paused,
    backup_folder,
    backup_folders,
    backup_job,
    backup_label,
    backup_policy,
    check_in_background,
    newest_backup_job,
    pause_auto_backups,
    record_count,
    restore_in_background,
    size_text,
    township_of,
    when_text,
)
from .window_api import Window

if TYPE_CHECKING:
    from ..backup import BackupInfo

log = logging.getLogger(__name__)


class Backups(QObject):
    """What the backup menu items do, the automatic backups, and their status bar labels."""

    def __init__(self, window: Window):
        super().__init__(window.window())
        self.window = window
        self.last_backup_at: dt.datetime | None = None
        self.backup_version: int | None = None  # store.data_version() at the last backup
        self.auto_running = False
        self.backup_warning: str | None = None
        self._restoring = False
        self._scan_token = 0
        self.scanning = True  # the newest backup is yet to be found (load_last_backup)

        self.warning_label = QLabel()  # ⚠ 备份未完成, or 自动备份已暂停 after a restore
        self.warning_label.setObjectName("backup_warning_label")
        self.warning_label.setStyleSheet("color: #b00020;")
        self.warning_label.setContentsMargins(6, 0, 6, 0)
        self.warning_label.hide()
        self.last_label = QLabel(self.tr("尚未备份"))  # 上次备份：今天 10:30
        self.last_label.setObjectName("backup_label")
        self.last_label.setToolTip(self.tr("最近一次备份的时间"))
        self.last_label.setContentsMargins(6, 0, 6, 0)

        self.auto_timer = QTimer(self)
        self.auto_timer.setInterval(AUTO_CHECK_MS)
        self.auto_timer.timeout.connect(self.auto_backup_tick)
        self.auto_timer.start()
        self._start_store(scan=False)  # the window scans once it has painted its first page

    @property
    def store(self) -> Store:
        return self.window.store

    def store_changed(self, _store: Store) -> None:
        if not self._restoring:  # restore_from starts the restored file itself
            self._start_store()

    def _start_store(self, *, scan: bool = True) -> None:
        """Start on a (new) store: when was it last backed up."""
        self.backup_version = None
        self.last_backup_at = None
        self.backup_warning = None
        self.warning_label.hide()
        self.set_last_backup(None)
        if scan:
            self.load_last_backup()

    def set_last_backup(self, when: dt.datetime | None) -> None:
        """Show when the database was last backed up (None: "尚未备份")."""
        label = self.last_label
        if when is None:
            label.setText(self.tr("尚未备份"))
            label.setStyleSheet("color: #b35c00;")
            return
        today = dt.date.today()
        if when.date() == today:
            text = self.tr("今天 {0}").format(when.strftime("%H:%M"))
        elif when.date() == today - dt.timedelta(days=1):
            text = self.tr("昨天 {0}").format(when.strftime("%H:%M"))
        else:
            text = when.strftime("%Y-%m-%d %H:%M")
        label.setText(self.tr("上次备份：{0}").format(text))
        old = (dt.datetime.now() - when) > dt.timedelta(days=7)
        label.setStyleSheet("color: #b35c00;" if old else "")

    def load_last_backup(self) -> None:
        """The newest backup of this township in the backup folder (read off the window's thread)."""
        from .worker import run_in_background

        self._scan_token += 1
        token = self._scan_token
        store = self.store
        folders = backup_folders(self.window.settings)

        def done(result):
            if token != self._scan_token:
                return
            self.scanning = False
            if result is None:
                return
            when, version = result
            if self.last_backup_at is None or when > self.last_backup_at:
                self.last_backup_at = when
                self.backup_version = version
                self.set_last_backup(when)

        def failed(exc):
            if token == self._scan_token:
                self.scanning = False
            log.warning("listing backups failed: %r", exc)

        self.scanning = True
        run_in_background(newest_backup_job, store.path, folders, on_done=done, on_error=failed)

    def changed_since_backup(self) -> bool:
        try:
            version = self.store.data_version()
        except sqlite3.Error:
            return True
        return self.backup_version is None or version != self.backup_version

    def _record_backup(self, info: BackupInfo, version: int | None) -> None:
        if self.last_backup_at is None or info.created >= self.last_backup_at:
            self.last_backup_at = info.created
            self.backup_version = version
            self.set_last_backup(info.created)
        self.backup_warning = None
        self.warning_label.hide()

    def _backup_failed(self, exc: BaseException, *, auto: bool) -> None:
        text = dialogs.describe_error(exc)
        if isinstance(exc, UserError):
            log.warning("%s backup failed: %s", "automatic" if auto else "manual", text)
        else:
            log.error("backup failed: %r", exc)
        self.backup_warning = text
        self.warning_label.setText(self.tr("⚠ 自动备份未完成") if auto else self.tr("⚠ 备份未完成"))
        self.warning_label.setToolTip(text)
        self.warning_label.show()
        self.window.show_message(text, 30000)

    def backup_now(self, dest: Path | None = None) -> bool:
        """文件 → 备份…: to the backup folder or a chosen one (a USB drive), off the window's thread."""
        w = self.window
        folder = backup_folder(w.settings)
        create = True
        if dest is None:
            from PySide6.QtWidgets import QMessageBox

            choice = dialogs.choose(
                w.window(), self.tr("备份"),
                self.tr("把当前数据库备份到哪里？\n\n备份文件夹：{0}").format(folder),
                [self.tr("备份到备份文件夹"), self.tr("选择其他文件夹（如U盘）…"), self.tr("取消")],
                icon=QMessageBox.Icon.Question)
            if choice == 0:
                dest = folder
            elif choice == 1:
                picked = dialogs.choose_folder(w.window(), self.tr("选择备份位置"), str(folder))
                if not picked:
                    return False
                dest = Path(picked)
            else:
                return False
        dest = Path(dest)
        if dest != folder:
            # a missing USB drive must not become a folder on the local disk (as cli/backups.py)
            create = dest.is_dir() or dest.parent.is_dir()
        store = self.store
        version = store.data_version()
        label = backup_label(store)

        def done(info: BackupInfo):
            self._record_backup(info, version)
            dialogs.inform(w.window(), self.tr("备份完成"), self.tr(
                "已备份并检查无误：\n{0}\n\n共 {1} 条记录，{2}。").format(
                info.path, f"{record_count(info):,}", size_text(info.size)))
            w.show_message(self.tr("已备份：{0}").format(info.path), 10000)

        def failed(exc):
            self._backup_failed(exc, auto=False)
            dialogs.error(w.window(), self.tr("备份未完成"), dialogs.describe_error(exc))

        w.run_task(backup_job, store.path, dest, label, create, on_done=done, on_error=failed,
                   busy=self.tr("正在备份…"))
        return True

    def auto_backup_tick(self, *, force: bool = False, wait: bool = False) -> BackupInfo | None:
        """Back up if due: something changed since the last backup, and the policy's interval
        passed (or `force`, on close). `wait`: on the window's thread, for closing."""
        if auto_backups_paused() or self.window.read_only or self.auto_running:
            return None
        store = self.store
        try:
            version = store.data_version()
        except sqlite3.Error as e:
            log.warning("auto backup: cannot read data version: %s", e)
            return None
        changed = self.backup_version is None or version != self.backup_version
        if not changed and self.last_backup_at is not None:
            return None
        s = self.window.settings
        policy = backup_policy(s)
        if (not force and self.last_backup_at is not None
                and dt.datetime.now() - self.last_backup_at < policy.interval):
            return None
        from ..backup import auto_backup  # (the core's backups: not needed at start-up)

        args = (store.path, backup_folder(s))
        kw: dict[str, Any] = dict(label=backup_label(store), last_backup_at=self.last_backup_at,
                                  changed=changed, policy=policy, force=force)
        if wait:
            try:
                info = auto_backup(*args, **kw)
            except Exception as e:  # noqa: BLE001 - closing goes on; the log says why
                self._backup_failed(e, auto=True)
                return None
            if info is not None:
                self._record_backup(info, version)
            return info
        from .worker import run_in_background

        self.auto_running = True

        def done(info):
            self.auto_running = False
            if info is not None:
                self._record_backup(info, version)
                self.window.show_message(self.tr("已自动备份。"), 5000)

        def failed(exc):
            self.auto_running = False
            self._backup_failed(exc, auto=True)

        run_in_background(auto_backup, *args, on_done=done, on_error=failed, **kw)
        return None

    def on_close(self) -> None:
        """The window closes: a last automatic backup if anything changed (past the interval)."""
        self.auto_timer.stop()
        if auto_backups_paused() or self.window.read_only:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        try:
            self.auto_backup_tick(force=True, wait=True)
        finally:
            QGuiApplication.restoreOverrideCursor()

    def backup_settings(self) -> bool:
        from .backup_dialogs import BackupSettingsDialog  # (not needed at start-up)

        dlg = BackupSettingsDialog(self.window.settings, self.window.window())
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        self.load_last_backup()
        return True

    # restore ------------------------------------------------------------------------------------------------

    def restore(self) -> bool:
        """文件 → 从备份恢复…"""
        if self.window.read_only:
            dialogs.inform(self.window.window(), self.tr("从备份恢复"),
                           self.tr("以只读方式打开时不能恢复备份。"))
            return False
        from .backup_dialogs import RestoreDialog  # (not needed at start-up)

        dlg = RestoreDialog(self.store.path, backup_folders(self.window.settings), self.window.window())
        if dlg.exec() != QDialog.DialogCode.Accepted or dlg.chosen is None:
            return False
        return self.restore_from(dlg.chosen, info=dlg.chosen_info)

    def restore_from(self, backup: Path, *, info: BackupInfo | None = None, confirm: bool = True) -> bool:
        """Verify `backup`, close the store, restore (the current file kept aside), reopen."""
        from ..backup import BackupError, is_backup_of, township_note
        from ..paths import backup_dir

        w = self.window
        backup = Path(backup)
        if info is None:
            try:
                info = check_in_background(w.window(), backup)
            except BackupError as e:
                dialogs.error(w.window(), self.tr("不能使用这个备份"),
                              e.message + self.tr("\n\n当前数据库没有任何改动。"))
                return False
        if self.auto_running:
            dialogs.inform(w.window(), self.tr("从备份恢复"), self.tr("正在自动备份，请稍等片刻再恢复。"))
            return False
        store = self.store
        path = store.path
        label = backup_label(store)
        keep_dir = backup_dir()
        note = township_note(backup, township_of(store))  # the township against the township
        question = self.tr("确定用这个备份替换当前数据库吗？\n\n备份时间：{0}，共 {1} 条记录\n{2}\n\n"
                           "当前数据库会先原样另存到 {3}，不会丢失。\n"
                           "备份之后录入的记录将不在恢复后的数据库中。\n"
                           "恢复后自动备份将暂停，直到重新启动程序。").format(
            when_text(info.created), f"{record_count(info):,}", backup, keep_dir)
        warnings = [note] if note else []
        if info.label and not is_backup_of(info, path):
            warnings.insert(0, self.tr("注意：这不是当前数据库的备份，而是另一个数据库文件的备份。"))
        elif not info.label:
            warnings.insert(0, self.tr("注意：从文件名看不出这是不是当前数据库的备份。"))
        if warnings:
            question += "\n\n" + "\n".join(warnings)
        if confirm and not dialogs.ask(w.window(), self.tr("从备份恢复"), question,
                                       yes=self.tr("恢复"), no=self.tr("取消")):
            return False

        self._restoring = True
        new_store: Store | None = None
        # the work runs off the window's thread (a large file takes seconds) while a progress
        # dialog shows; the tables are hidden meanwhile, so that nothing reads the closed store
        w.set_tables_visible(False)
        try:
            self.auto_timer.stop()
            try:
                store.close()  # every connection of the window (panels share this one)
            except sqlite3.Error:
                pass
            result, new_store, failure = restore_in_background(w.window(), backup, path, keep_dir, label, True)
            if new_store is not None:
                w.switch_store(new_store)
        finally:
            self._restoring = False
            if new_store is not None:  # else the window closes on its closed store
                w.set_tables_visible(True)

        if new_store is None:
            if result is not None:  # restored, then not opened: the old file is kept aside
                where = self.tr("原数据库已另存在 {0}").format(result.kept_aside[0] if result.kept_aside else keep_dir)
            else:  # not restored: the file is as it was, and only opening it again failed
                where = self.tr("数据库文件没有改动")
            why = dialogs.describe_error(cast(BaseException, failure))
            dialogs.error(w.window(), self.tr("无法打开数据库"), why + self.tr(
                "\n\n程序将关闭。{0}，请重新启动程序；如仍无法打开，请联系技术人员。").format(where))
            pause_auto_backups()
            w.close()
            return False
        if result is None:
            self.auto_timer.start()
            msg = (failure.message if isinstance(failure, UserError)
                   else dialogs.describe_error(cast(BaseException, failure)))
            if not msg.startswith("恢复"):
                msg = self.tr("未恢复：{0}。当前数据库没有任何改动。").format(msg.rstrip("。"))
            dialogs.error(w.window(), self.tr("未能恢复"), msg)
            return False

        pause_auto_backups()
        self._start_store()
        self.last_backup_at = info.created
        self.set_last_backup(info.created)
        self.warning_label.setText(self.tr("自动备份已暂停（重新启动程序后恢复）"))
        self.warning_label.setToolTip(self.tr("从备份恢复后，自动备份暂停，以免覆盖其他备份"))
        self.warning_label.setStyleSheet("color: #8a5a00;")
        self.warning_label.show()
        kept = next((p for p in result.kept_aside if p.suffix == ".db"), None)
        text = self.tr("已从备份恢复：{0}\n备份时间：{1}，共 {2} 条记录。\n\n原数据库已原样另存为：{3}").format(
            backup, when_text(info.created), f"{record_count(info):,}", kept or self.tr("（原位置没有文件）"))
        if note:
            text += "\n\n" + note
        text += self.tr("\n\n自动备份已暂停，重新启动程序后恢复。")
        dialogs.inform(w.window(), self.tr("已从备份恢复"), text)
        return True
