"""Opening a database in the window: the one-app-per-database lock first, then the file;
a file another running copy holds (open it read-only, or take it over after a warning); a file
whose 只读 attribute is set; a damaged file (restore its newest good backup, open another, or quit).

    store = open_locked(path, parent)         # the lock, then Store.open (None: cancelled)
    open_database(window)                     # 文件 → 打开数据库…: asks, opens, shows it
    store = recover_damaged(path, error)      # a damaged file at start-up
    file_lock = FileLock(window, edit_state)  # the window's part: refreshed, handed over, released

The lock is refreshed every 10 minutes and released on exit. When another copy takes the lock
over (强制打开), this window turns read-only. A damaged database is never written to: a restore
keeps it aside as it is.
"""

from __future__ import annotations

import logging
import weakref
from pathlib import Path
from typing import cast

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QWidget

from ..errors import DatabaseDamaged, ReadOnlyDatabase, UserError
from ..lock import DatabaseLock, LockedError, LockError
from ..paths import backup_dir
from ..store import Store
from . import dialogs
from .backup_jobs import (
    backup_folders,
    find_good_backup,
    pause_auto_backups,
    record_count,
    restore_in_background,
    when_text,
)
from .edit_state import EditState
from .settings import app_settings
from .window_api import Window

log = logging.getLogger(__name__)

LOCK_REFRESH_MS = 10 * 60 * 1000


def tr(text: str) -> str:
    return QCoreApplication.translate("opening", text)

# the lock open_locked took, until the window that shows the store takes it (take_lock)
_LOCKS: "weakref.WeakKeyDictionary[Store, DatabaseLock]" = weakref.WeakKeyDictionary()


def take_lock(store: Store) -> DatabaseLock | None:
    """The lock :func:`open_locked` took for `store` (None if it took none), handed over once."""
    return _LOCKS.pop(store, None)


def open_locked(path: Path, parent: QWidget | None = None, *, cancel_text: str = "") -> Store | None:
    """Take the database's lock, then open it. When another running copy holds it, the clerk is
    told who and may open it read-only or (after a warning) take it over; None when cancelled.
    Store.open's errors (damaged, not ours, newer) are raised with the lock released."""
    path = Path(path)
    taken = DatabaseLock(path)
    lock: DatabaseLock | None = taken
    readonly = False
    try:
        taken.acquire()
    except LockedError as e:
        mode = ask_locked(parent, e, cancel_text or tr("退出"))
        if mode is None:
            return None
        if mode == "force":
            taken.acquire(force=True)
        else:
            readonly, lock = True, None
    except LockError as e:
        if not _offer_read_only(parent, tr("无法锁定数据库"), e.message, cancel_text):
            return None
        readonly, lock = True, None
    try:
        store = Store.open(path, readonly=readonly)
    except ReadOnlyDatabase as e:  # 只读 attribute (a file from a CD, USB drive or e-mail)
        if lock is not None:
            lock.release()
        if not _offer_read_only(parent, tr("数据库文件是只读的"), e.message + "。", cancel_text):
            return None
        return Store.open(path, readonly=True)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    if lock is not None:
        _LOCKS[store] = lock
    return store


def _offer_read_only(parent, title: str, why: str, cancel_text: str) -> bool:
    """Why the file cannot be opened for changes; True when the clerk opens it read-only."""
    choice = dialogs.choose(
        parent, title, why + tr("\n\n以只读方式打开：可以查看和打印，不能修改。"),
        [tr("以只读方式打开"), cancel_text or tr("退出")])
    return choice == 0


def ask_locked(parent, e: LockedError, cancel_text: str) -> str | None:
    """"readonly", "force" or None, for a database another running copy holds."""
    choice = dialogs.choose(
        parent, tr("数据库正在使用"),
        e.message + tr("\n\n以只读方式打开：可以查看和打印，不能修改。"),
        [tr("以只读方式打开"), tr("强制打开…"), cancel_text])
    if choice == 0:
        return "readonly"
    if choice == 1:
        sure = dialogs.ask(
            parent, tr("强制打开"),
            tr("只有在确认那边的程序已经关闭、或那台电脑已死机时，才能强制打开。\n\n"
               "如果那边的程序仍在使用，两边同时修改会造成数据冲突甚至丢失。\n\n确定要强制打开吗？"),
            yes=tr("强制打开"), no=tr("取消"))
        return "force" if sure else None
    return None


def recover_damaged(path: Path, error: DatabaseDamaged, parent: QWidget | None = None):
    """A damaged database at start-up: the restored, open Store; "other" to pick another file;
    None to quit. The damaged file is never written to: a restore keeps it aside as it is."""
    from ..backup import backup_label as label_for

    path = Path(path)
    settings = app_settings()
    good = find_good_backup(path, settings)
    text = error.message + tr("\n\n损坏的文件会原样保留，不会被覆盖或删除。")
    if good is not None:
        text += tr("\n\n最新的完好备份：{0}，共 {1} 条记录\n{2}").format(
            when_text(good.created), record_count(good), good.path)
        options = [tr("从最新的完好备份恢复"), tr("打开其他文件…"), tr("退出")]
    else:
        text += tr("\n\n在备份文件夹（{0}）中没有找到这个数据库的完好备份。"
                   "可以打开其他文件，例如U盘上的备份。").format(
            "、".join(str(f) for f in backup_folders(settings)))
    if error.technical:
        text += tr("\n\n技术信息：{0}").format(error.technical)
    if good is None:
        options = [tr("打开其他文件…"), tr("退出")]
    choice = dialogs.choose(parent, tr("数据库已损坏"), text, options)
    if good is None and choice is not None:
        choice += 1
    if choice == 1:
        return "other"
    if choice != 0 or good is None:
        return None

    lock = DatabaseLock(path)
    try:
        lock.acquire()
    except LockError as e:
        dialogs.error(parent, tr("未恢复"),
                      e.message + tr("\n\n请先关闭正在使用该数据库的程序。损坏的文件没有任何改动。"))
        return None
    label = label_for(path)  # the township if the damaged file still tells it, else its name
    result, store, failure = restore_in_background(parent, good.path, path, backup_dir(), label, False)
    if store is None:  # BackupError says what happened to the file
        lock.release()
        dialogs.error(parent, tr("未能恢复"), dialogs.describe_error(cast(BaseException, failure)))
        return None
    _LOCKS[store] = lock
    pause_auto_backups()
    kept = next((p for p in result.kept_aside if p.suffix == ".db"), None)
    dialogs.inform(parent, tr("已从备份恢复"), tr(
        "已从备份恢复（{0}，共 {1} 条记录）。\n\n损坏的文件已原样另存为：{2}\n\n"
        "备份之后录入的记录需要重新录入。自动备份已暂停，重新启动程序后恢复。").format(
        when_text(good.created), record_count(good), kept or tr("（原位置没有文件）")))
    return store


def open_database(window: Window, path: str | Path | None = None) -> bool:
    """打开数据库 / 最近打开: another database in the window (asks for the file when `path` is
    None): its lock first, then the file. The one open stays open when the new one cannot be."""
    parent = window.window()
    while True:
        if path is None:
            path = dialogs.open_file(parent, tr("打开数据库"), str(window.store.path.parent))
            if not path:
                return False
        path = Path(path)
        if path.resolve() == window.store.path.resolve():
            return True
        try:
            store = open_locked(path, parent, cancel_text=tr("取消"))
            if store is None:  # the clerk cancelled (e.g. the file is in use elsewhere)
                return False
        except UserError as e:
            again = dialogs.ask(parent, tr("无法打开数据库"), e.message + tr("\n\n要打开另一个文件吗？"),
                                yes=tr("打开其他文件…"), no=tr("取消"))
            if not again:
                return False
            path = None
            continue
        except Exception as e:  # sqlite or OS errors: say what to do
            log.exception("open %s", path)
            dialogs.error(parent, tr("无法打开数据库"), dialogs.describe_error(e))
            return False
        window.switch_store(store)
        window.show_message(tr("已打开：{0}").format(path))
        return True


def new_database(window: Window) -> bool:
    """新建数据库: a new file (never over an existing one), its 乡镇概况 asked, then shown."""
    from .profile_dialog import ProfileDialog

    parent = window.window()
    chosen = dialogs.save_file(parent, tr("新建数据库"), str(window.store.path.parent))
    if not chosen:
        return False
    path = Path(chosen)
    if path.suffix.lower() != ".db":
        path = path.with_name(path.name + ".db")
    if path.exists():
        dialogs.warn(parent, tr("新建数据库"), tr(
            "“{0}”已经存在。为免覆盖已有数据，请换一个文件名；要使用这个文件请选择“打开数据库”。").format(path.name))
        return False
    dlg = ProfileDialog(create_at=path, parent=parent)
    if dlg.exec() != dlg.DialogCode.Accepted or dlg.store is None:
        return False
    window.switch_store(dlg.store)
    return True


class FileLock(QObject):
    """The window's hold on its database's lock: refreshed every 10 minutes, handed from
    database to database, released on exit. Built by the main window with the lock
    :func:`open_locked` took (a store opened otherwise, like the first-run dialog's, is locked
    here)."""

    def __init__(self, window: Window, edit_state: EditState):
        super().__init__(window.window())
        self.window = window
        self.edit_state = edit_state
        store = window.store
        lock = take_lock(store)
        if lock is None and not store.readonly:
            lock = DatabaseLock(store.path)
            try:
                lock.acquire()
            except LockError as e:  # another copy opened it between creating and now: very unlikely
                log.warning("no lock for %s: %s", store.path, e.message)
                lock = None
        self.lock = lock
        self.lock_lost = False  # another copy took the lock over (强制打开)
        self.lock_timer = QTimer(self)
        self.lock_timer.setInterval(LOCK_REFRESH_MS)
        self.lock_timer.timeout.connect(self.refresh_lock)
        self.lock_timer.start()

    def store_changed(self, store: Store) -> None:
        """Another database is shown: its lock instead of the old one's."""
        old = self.lock
        new_lock = take_lock(store)
        if old is not None and (new_lock is not None or Path(old.db_path).resolve() != store.path.resolve()):
            old.release()
            self.lock = None
        if new_lock is not None:
            self.lock = new_lock
        self.lock_lost = False
        if self.lock is None and not store.readonly:
            self.lock = self._lock_opened_store(store)

    def _lock_opened_store(self, store: Store) -> DatabaseLock | None:
        """A store opened elsewhere (新建数据库, a restore): take its lock now."""
        lock = DatabaseLock(store.path)
        try:
            lock.acquire()
            return lock
        except LockedError as e:
            self.edit_state.set_read_only(True)  # nothing may be edited while the clerk decides
            mode = ask_locked(self.window.window(), e, tr("以只读方式打开"))
            if mode == "force":
                try:
                    lock.acquire(force=True)
                    self.edit_state.set_read_only(store.readonly)
                    return lock
                except LockError as e2:
                    dialogs.error(self.window.window(), tr("无法强制打开"), e2.message)
            QTimer.singleShot(0, lambda: self._reopen_read_only(store))
            return None
        except LockError as e:
            log.warning("no lock for %s: %s", store.path, e.message)
            self.window.show_message(e.message, 10000)
            return None

    def _reopen_read_only(self, store: Store) -> None:
        if self.window.store is not store:
            return
        try:
            ro = Store.open(store.path, readonly=True)
        except Exception as e:
            log.exception("reopen read-only %s", store.path)
            dialogs.error(self.window.window(), tr("无法以只读方式打开"), dialogs.describe_error(e))
            return
        self.window.switch_store(ro)

    def refresh_lock(self) -> bool:
        """Keep the lock fresh; when another copy took it over, this window turns read-only."""
        if self.lock is None or self.lock_lost:
            return True
        if self.lock.refresh():
            return True
        self.lock_lost = True
        self.lock_timer.stop()
        info = self.lock.read()
        who = tr("{0}（电脑 {1}）").format(info.user, info.host or tr("未知")) if info else tr("另一个程序")
        log.warning("lock of %s taken over by %r", self.window.store.path, info)
        self.edit_state.set_read_only(True)
        dialogs.warn(self.window.window(), tr("数据库已被强制打开"), tr(
            "{0}强制打开了这个数据库。为免两边同时修改造成数据冲突，本窗口已改为只读。\n\n"
            "请关闭本程序；需要修改时，先确认另一边已经关闭，再重新打开。").format(who))
        return False

    def stop_refreshing(self) -> None:
        self.lock_timer.stop()

    def release(self) -> None:
        """After the window's store was closed: the lock goes."""
        self.lock_timer.stop()
        if self.lock is not None:
            self.lock.release()
            self.lock = None
