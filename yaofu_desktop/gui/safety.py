"""Keeping the ledgers safe in the window: backups, restore, the one-app-per-database lock,
damaged files, read-only opening, 已核对, year locks and the 操作记录 view.

    store = open_locked(path, parent)   # app.open_store: lock first, then Store.open
    controller = install(window)        # app.run: menus, timers, status bar
    shutdown(window)                    # app.run, after the store was closed: release the lock

The file work itself is the core's (backup/, lock.py; the checks before a backup or a restore are
backup/catalogue.py's, shared with the command line). This module only decides when to call it and
tells the clerk, in Chinese, what happened. Rules kept here:

* a backup or an automatic backup runs off the window's thread on its own sqlite connection;
  a database that fails its check is never backed up (the warning stays in the status bar);
* before a restore the backup is verified and every connection of the window is closed; the
  current file is kept aside byte for byte (restore_backup); automatic backups then pause until
  the program is restarted (so that rotation cannot remove the backups the clerk may still want);
* a damaged database is never written to: the clerk may restore the newest backup that passes
  verify_backup (the damaged file is kept aside as it is), open another file, or quit;
* a database another running copy holds is opened read-only (editing disabled) or, after a
  warning, taken over (强制打开); the lock is refreshed every 10 minutes and released on exit.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..backup import (
    BackupError,
    BackupInfo,
    auto_backup,
    make_backup,
    restore_backup,
    verify_backup,
)
from ..errors import DatabaseDamaged, ReadOnlyDatabase, UserError
from ..lock import DatabaseLock, LockedError, LockError
from ..dbfile import read_data_version
from ..store import Store
from . import dialogs
from .uiload import load_ui

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)

AUTO_INTERVAL = dt.timedelta(minutes=30)  # at most one automatic backup per half hour
AUTO_CHECK_MS = 5 * 60 * 1000  # how often the window looks whether one is due
LOCK_REFRESH_MS = 10 * 60 * 1000
DEFAULT_KEEP = (12, 10, 9)  # newest backup of the last 12 days / 10 weeks / 9 months

KEY_FOLDER = "backup/folder"
KEY_KEEP = ("backup/keep_daily", "backup/keep_weekly", "backup/keep_monthly")

_LOCKS: "weakref.WeakKeyDictionary[Store, DatabaseLock]" = weakref.WeakKeyDictionary()
_auto_paused = False  # set by a restore, for the rest of this run of the program


def tr(text: str) -> str:
    return QCoreApplication.translate("safety", text)


def pause_auto_backups() -> None:
    global _auto_paused
    _auto_paused = True


def auto_backups_paused() -> bool:
    return _auto_paused


# -- settings -------------------------------------------------------------------------------------


def _settings():
    from .settings import app_settings

    return app_settings()


def backup_folder(settings=None) -> Path:
    """The folder automatic backups go to (备份设置); the data folder's 备份 by default."""
    from ..paths import backup_dir

    s = settings or _settings()
    value = s.value(KEY_FOLDER)
    if value:
        return Path(str(value))
    return backup_dir()


def keep_counts(settings=None) -> tuple[int, int, int]:
    from .settings import int_value

    s = settings or _settings()
    return tuple(max(1, min(int_value(s, k, d) or d, 999)) for k, d in zip(KEY_KEEP, DEFAULT_KEEP))  # type: ignore[return-value]


def _township_of(store: Store) -> str | None:
    """The township of the open database (乡镇概况), None when it names none."""
    try:
        return (store.profile().get("township") or "").strip() or None
    except (sqlite3.Error, UserError, ValueError):
        return None


def backup_label(store: Store) -> str:
    """Backups are named after the township (乡镇概况) and the file's place (see backup.backup_label)."""
    from ..backup import backup_label as label_for

    return label_for(store.path, _township_of(store))


def _records(info: BackupInfo) -> int:
    from ..backup import ledger_records  # the records in the ledgers (not the audit log)

    return ledger_records(info.counts)


def _size(n: int) -> str:
    from ..backup import size_text

    return size_text(n)


def _when(d: dt.datetime) -> str:
    return d.strftime("%Y-%m-%d %H:%M")


# -- the work done off the window's thread ---------------------------------------------------------------


def _backup_job(db: Path, dest: Path, label: str, create_dir: bool) -> BackupInfo:
    """Like `python main.py backup`: refuse a file that is not sound, then a verified copy."""
    from ..backup import check_source

    problem = check_source(db)
    if problem is not None:
        raise BackupError(tr("未备份：{0}。损坏的数据库不会被备份，已有的备份均保留。").format(problem))
    return make_backup(db, dest, label=label, create_dir=create_dir)


def _restore_job(backup: Path, path: Path, keep_dir: Path, label: str, reopen: bool,
                 progress=None) -> tuple[Any, Store | None, BaseException | None]:
    """The restore off the window's thread: restore_backup (verify, keep the current file
    aside, atomic replace), then the restored file opened and the restore logged. When the
    restore failed the file is as it was: with `reopen` it is opened again (the window goes on
    with it). Returns (RestoreResult or None, the open Store or None, what failed or None); the
    Store's connection may be used from the window's thread."""
    from ..backup import restore_details

    result = store = failure = None
    try:
        result = restore_backup(backup, path, keep_dir=keep_dir, label=label, progress=progress)
    except Exception as e:  # noqa: BLE001 - BackupError: the live file is unchanged
        failure = e
        if not isinstance(e, UserError):
            log.exception("restore %s from %s", path, backup)
    if failure is None or reopen:
        try:
            store = Store.open(path)
            if failure is None:
                store.log_event("restore", restore_details(backup, result.kept_aside))
        except Exception as e:  # noqa: BLE001
            log.exception("open after restore %s", path)
            if store is not None:
                store.close()
                store = None
            failure = failure or e
    if progress is not None:
        progress(100)
    return result, store, failure


def _restore_in_background(parent, *args) -> tuple[Any, Store | None, BaseException | None]:
    """_restore_job with a progress dialog; the window stays alive (see worker)."""
    from .worker import run_with_progress

    return run_with_progress(parent, tr("从备份恢复"),
                             tr("正在从备份恢复，请稍候……\n（先检查备份，再把当前数据库另存一份，然后替换）"),
                             _restore_job, *args)


def _check_job(path: Path) -> BackupInfo:
    """Whether a file can be restored from: its header (backup.check_backup), then a full
    integrity check (verify_backup). Raises BackupError."""
    from ..backup import check_backup

    check_backup(path)
    return verify_backup(path)


def check_in_background(parent, path: Path) -> BackupInfo:
    """_check_job with a progress dialog (a large backup takes a second or so to check)."""
    from .worker import run_with_progress

    return run_with_progress(parent, tr("检查备份"), tr("正在检查备份是否完好，请稍候……"), _check_job, Path(path))


def _newest_backup_job(db: Path, folders: list[Path]) -> tuple[dt.datetime, int | None] | None:
    """When this database was last backed up, and its data version then (see backup.database_backups)."""
    from ..backup import database_backups

    for info in database_backups(db, folders).own:
        if info.ok:
            return info.created, read_data_version(info.path)
    return None


# -- opening: the lock, read-only, damaged files ----------------------------------------------------------


def open_locked(path: Path, parent: QWidget | None = None, *, cancel_text: str = "") -> Store | None:
    """Take the database's lock, then open it. When another running copy holds it, the clerk is
    told who and may open it read-only or (after a warning) take it over; None when cancelled.
    Store.open's errors (damaged, not ours, newer) are raised with the lock released."""
    path = Path(path)
    lock: DatabaseLock | None = DatabaseLock(path)
    readonly = False
    try:
        lock.acquire()
    except LockedError as e:
        mode = ask_locked(parent, e, cancel_text or tr("退出"))
        if mode is None:
            return None
        if mode == "force":
            lock.acquire(force=True)
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


def backup_folders(settings=None) -> list[Path]:
    """Where this program's backups are: the folder of the automatic backups (备份设置), and
    the data folder's 备份 (where a restore keeps the file it replaced)."""
    from ..paths import backup_dir

    folders = [backup_folder(settings)]
    default = backup_dir()
    if default not in folders:
        folders.append(default)
    return folders


def find_good_backup(db_path: Path, settings=None) -> BackupInfo | None:
    """The newest backup of this database (backup.is_backup_of: by its label, whatever the
    damaged file can still tell) that verify_backup accepts, or None."""
    from ..backup import database_backups, newest_good_backup

    return newest_good_backup(database_backups(Path(db_path), backup_folders(settings)).own)


def recover_damaged(path: Path, error: DatabaseDamaged, parent: QWidget | None = None):
    """A damaged database at start-up: the restored, open Store; "other" to pick another file;
    None to quit. The damaged file is never written to: a restore keeps it aside as it is."""
    from ..paths import backup_dir

    from ..backup import backup_label as label_for

    path = Path(path)
    settings = _settings()
    good = find_good_backup(path, settings)
    text = error.message + tr("\n\n损坏的文件会原样保留，不会被覆盖或删除。")
    if good is not None:
        text += tr("\n\n最新的完好备份：{0}，共 {1} 条记录\n{2}").format(
            _when(good.created), _records(good), good.path)
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
        dialogs.error(parent, tr("未恢复"), e.message + tr("\n\n请先关闭正在使用该数据库的程序。损坏的文件没有任何改动。"))
        return None
    label = label_for(path)  # the township if the damaged file still tells it, else its name
    result, store, failure = _restore_in_background(parent, good.path, path, backup_dir(), label, False)
    if store is None:  # BackupError says what happened to the file
        lock.release()
        dialogs.error(parent, tr("未能恢复"), dialogs.describe_error(failure))
        return None
    _LOCKS[store] = lock
    pause_auto_backups()
    kept = next((p for p in result.kept_aside if p.suffix == ".db"), None)
    dialogs.inform(parent, tr("已从备份恢复"), tr(
        "已从备份恢复（{0}，共 {1} 条记录）。\n\n损坏的文件已原样另存为：{2}\n\n"
        "备份之后录入的记录需要重新录入。自动备份已暂停，重新启动程序后恢复。").format(
        _when(good.created), _records(good), kept or tr("（原位置没有文件）")))
    return store


# -- the restore dialog -------------------------------------------------------------------------------------


class RestoreDialog(QDialog):
    """This database's backups first (newest first, the newest usable one selected), the other
    databases' backups in the same folders under their own heading behind 显示其他数据库的备份;
    date, records, size and 状态 (完好 / 已损坏：why); or another file. Accepted only with a
    backup that passed verify_backup (:attr:`chosen`, :attr:`chosen_info`)."""

    def __init__(self, db_path: Path, folders: list[Path], parent=None):
        super().__init__(parent)
        load_ui("restore_dialog.ui", self)
        self.db_path = Path(db_path)
        self.folders = [Path(f) for f in folders]
        self.found = None  # backup.DatabaseBackups
        self.rows: list[BackupInfo | None] = []  # what each table row shows; None: a heading
        self.chosen: Path | None = None
        self.chosen_info: BackupInfo | None = None
        t = self.backupTable
        t.setColumnWidth(0, 170)
        t.setColumnWidth(1, 100)
        t.setColumnWidth(2, 90)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 10)
        self.errorLabel.hide()
        self.restoreButton.clicked.connect(self.restore_selected)
        self.cancelButton.clicked.connect(self.reject)
        self.otherFileButton.clicked.connect(self.choose_other_file)
        self.changeFolderButton.clicked.connect(self.change_folder)
        self.othersCheck.toggled.connect(lambda _on: self._fill_table())
        t.doubleClicked.connect(lambda _i: self.restore_selected())
        t.itemSelectionChanged.connect(self._selection_changed)
        self.fill()

    @property
    def folder(self) -> Path:
        return self.folders[0]

    @property
    def items(self) -> list[BackupInfo]:
        """The backups listed in the table, top to bottom."""
        return [i for i in self.rows if i is not None]

    def fill(self) -> None:
        """Look for the backups in the folders again (read-only), then show them."""
        from ..backup import database_backups

        shown = "；".join(str(f) for f in self.folders)
        self.folderLabel.setText(self.tr("备份文件夹：{0}").format(shown))
        self.folderLabel.setToolTip("\n".join(str(f) for f in self.folders))
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        try:
            self.found = database_backups(self.db_path, self.folders)
        finally:
            QGuiApplication.restoreOverrideCursor()
        n = len(self.found.others)
        self.othersCheck.setText(self.tr("显示其他数据库的备份（{0} 份）").format(n))
        self.othersCheck.setVisible(n > 0)
        self._fill_table()

    @staticmethod
    def status_text(info: BackupInfo) -> str:
        """完好, or 已损坏 / 不能使用 and why, without the path (in the tooltip)."""
        if info.ok:
            return tr("完好")
        why = (info.error or "").removesuffix(f"：{info.path}").replace("，不能使用", "")
        why = re.sub(r"（[^（）]*字节[^（）]*）", "", why.removeprefix("备份文件"))  # sizes: in the tooltip
        if why.startswith("已损坏"):
            return why
        return (tr("已损坏：{0}") if why.startswith("不完整") else tr("不能使用：{0}")).format(why)

    def _heading(self, row: int, text: str) -> None:
        from PySide6.QtGui import QBrush, QColor

        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not selectable
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setBackground(QBrush(QColor("#e8eef7")))
        self.backupTable.setItem(row, 0, item)
        self.backupTable.setSpan(row, 0, 1, self.backupTable.columnCount())

    def _fill_table(self) -> None:
        found = self.found
        own, others = found.own, (found.others if self.othersCheck.isChecked() else [])
        rows: list[BackupInfo | str] = []
        if own or found.others:
            rows.append(self.tr("这个数据库（{0}）的备份").format(self.db_path.name)
                        if own else self.tr("这个数据库（{0}）在这里还没有备份").format(self.db_path.name))
            rows += own
        if others:
            rows.append(self.tr("其他数据库的备份（不是当前数据库的备份，恢复前请确认）"))
            rows += others
        t = self.backupTable
        t.clearSelection()
        t.clearContents()
        t.clearSpans()
        t.setRowCount(len(rows))
        self.rows = [r if isinstance(r, BackupInfo) else None for r in rows]
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r, info in enumerate(rows):
            if not isinstance(info, BackupInfo):
                self._heading(r, info)
                continue
            cells = [
                QTableWidgetItem(info.created.strftime("%Y-%m-%d %H:%M:%S")),
                QTableWidgetItem(self.tr("{0} 条").format(f"{_records(info):,}") if info.ok else "—"),
                QTableWidgetItem(_size(info.size)),
                QTableWidgetItem(self.status_text(info)),
            ]
            cells[1].setTextAlignment(right)
            cells[2].setTextAlignment(right)
            for c, item in enumerate(cells):
                item.setToolTip(str(info.path) if info.ok else f"{info.error}")
                if not info.ok:
                    item.setForeground(Qt.GlobalColor.darkRed)
                t.setItem(r, c, item)
        empty = not own and not found.others
        self.emptyLabel.setVisible(empty)
        t.setVisible(not empty)
        first_ok = next((r for r, info in enumerate(self.rows) if info is not None and info.ok
                         and info in own), None)  # never another database's on its own
        if first_ok is not None:
            t.selectRow(first_ok)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.restoreButton.setEnabled(self.selected() is not None)

    def selected(self) -> BackupInfo | None:
        rows = {i.row() for i in self.backupTable.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        return self.rows[rows.pop()]

    def row_of(self, path: Path) -> int | None:
        """The table row showing the backup at `path` (tests)."""
        return next((r for r, info in enumerate(self.rows) if info is not None and info.path == Path(path)), None)

    def show_error(self, text: str) -> None:
        self.errorLabel.setText(text)
        self.errorLabel.show()

    def restore_selected(self) -> bool:
        info = self.selected()
        if info is None:
            return False
        if not info.ok:
            self.show_error(self.tr("这个备份不能使用：{0}").format(info.error))
            return False
        return self.choose(info.path)

    def choose_other_file(self) -> bool:
        picked = dialogs.open_file(self, self.tr("选择备份文件"), str(self.folder))
        if not picked:
            return False
        return self.choose(Path(picked))

    def change_folder(self) -> None:
        picked = dialogs.choose_folder(self, self.tr("选择备份文件夹"), str(self.folder))
        if picked:
            self.folders = [Path(picked)]
            self.errorLabel.hide()
            self.fill()

    def choose(self, path: Path) -> bool:
        """Verify the backup (read-only); accept the dialog only if it can be used."""
        try:
            info = check_in_background(self, path)
        except BackupError as e:
            text = e.message + self.tr("\n\n当前数据库没有任何改动。")
            self.show_error(self.tr("不能使用这个备份：{0}").format(e.message))
            dialogs.error(self, self.tr("不能使用这个备份"), text)
            return False
        self.chosen, self.chosen_info = Path(path), info
        self.accept()
        return True


# -- the backup settings dialog ---------------------------------------------------------------------------------


class BackupSettingsDialog(QDialog):
    """备份设置: the folder of the automatic backups and how many are kept."""

    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("备份设置"))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "关闭程序时，以及有改动时每 30 分钟，程序会自动把数据库备份到下面的文件夹。"
            "旧的备份按天、周、月各保留最新的一份，更早的自动删除。"))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        row = QHBoxLayout()
        self.folder_edit = QLineEdit(str(backup_folder(settings)))
        self.folder_edit.setObjectName("folder_edit")
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setMinimumWidth(320)
        pick = QPushButton(self.tr("选择…"))
        pick.setAutoDefault(False)
        pick.clicked.connect(self.pick_folder)
        default = QPushButton(self.tr("恢复默认"))
        default.setAutoDefault(False)
        default.clicked.connect(self.default_folder)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(pick)
        row.addWidget(default)
        form.addRow(self.tr("备份文件夹："), row)
        keep = keep_counts(settings)
        self.spins = []
        for label, value, unit in zip(
                (self.tr("按天保留："), self.tr("按周保留："), self.tr("按月保留：")), keep,
                (self.tr(" 天"), self.tr(" 周"), self.tr(" 个月"))):
            spin = QSpinBox()
            spin.setRange(1, 999)
            spin.setValue(value)
            spin.setSuffix(unit)
            self.spins.append(spin)
            form.addRow(label, spin)
        lay.addLayout(form)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        box.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        lay.addWidget(box)

    def pick_folder(self) -> None:
        picked = dialogs.choose_folder(self, self.tr("选择备份文件夹"), self.folder_edit.text())
        if picked:
            self.folder_edit.setText(str(Path(picked)))

    def default_folder(self) -> None:
        from ..paths import backup_dir

        self.folder_edit.setText(str(backup_dir()))

    def save(self) -> None:
        from ..paths import backup_dir

        folder = Path(self.folder_edit.text())
        if folder == backup_dir():
            self.settings.remove(KEY_FOLDER)
        else:
            self.settings.setValue(KEY_FOLDER, str(folder))
        for key, spin in zip(KEY_KEEP, self.spins):
            self.settings.setValue(key, spin.value())
        self.settings.sync()
        self.accept()


# -- the window's part ---------------------------------------------------------------------------------------------


class SafetyController(QObject):
    """Installed on the main window by :func:`install`; reached as ``window.safety``."""

    def __init__(self, window: "MainWindow", lock: DatabaseLock | None):
        super().__init__(window)
        self.window = window
        self.lock = lock
        self.read_only = False
        self.last_backup_at: dt.datetime | None = None
        self.backup_version: int | None = None  # store.data_version() at the last backup
        self.auto_running = False
        self.backup_warning: str | None = None
        self._title_suffix = ""
        self._applied_suffix = ""
        self.lock_lost = False
        self._restoring = False
        self._panels: "weakref.WeakSet[QWidget]" = weakref.WeakSet()
        self._watched: "weakref.WeakSet[QObject]" = weakref.WeakSet()
        self._scan_token = 0
        self.scanning = False  # the newest backup is being looked up (start-up)

        self._make_actions()
        self._make_status()
        self.auto_timer = QTimer(self)
        self.auto_timer.setInterval(AUTO_CHECK_MS)
        self.auto_timer.timeout.connect(self.auto_backup_tick)
        self.auto_timer.start()
        self.lock_timer = QTimer(self)
        self.lock_timer.setInterval(LOCK_REFRESH_MS)
        self.lock_timer.timeout.connect(self.refresh_lock)
        self.lock_timer.start()

        w = window
        w.installEventFilter(self)
        w.storeChanged.connect(self._store_changed)
        w.yearChanged.connect(lambda _y: self.update_state())
        w.windowTitleChanged.connect(self._fix_title)
        w.tabs.currentChanged.connect(self._tab_changed)  # after the window's own handler
        for lazy in w.area_tabs.values():
            self._watch(lazy)
            if lazy.content is not None:
                self._adopt_area(lazy.content)
        self._start_store(w.store)

    # menus and status bar -------------------------------------------------------------------

    def _action(self, text: str, slot, tip: str = "", name: str = "") -> QAction:
        a = QAction(text, self.window)
        if tip:
            a.setToolTip(tip)
            a.setStatusTip(tip)
        if name:
            a.setObjectName(name)
        a.triggered.connect(lambda _=False: slot())
        return a

    def _make_actions(self) -> None:
        w = self.window
        self.actionBackup = self._action(
            self.tr("备份(&B)…"), self.backup_now,
            self.tr("把当前数据库备份到备份文件夹或U盘，并检查备份是否完好"), "actionBackup")
        self.actionRestore = self._action(
            self.tr("从备份恢复(&H)…"), self.restore,
            self.tr("用一个备份替换当前数据库（当前数据库会先另存）"), "actionRestore")
        self.actionBackupSettings = self._action(
            self.tr("备份设置…"), self.backup_settings,
            self.tr("自动备份的文件夹和保留的份数"), "actionBackupSettings")
        before = w.actionPrint
        for a in (self.actionBackup, self.actionRestore, self.actionBackupSettings):
            w.add_action("menuFile", a, before=before)
        w.menuFile.insertSeparator(before)

        self.actionMarkReviewed = self._action(
            self.tr("标记为已核对(&K)"), lambda: self.mark_reviewed(True),
            self.tr("把选中的记录标记为已核对（表格行号前显示 ✓）"), "actionMarkReviewed")
        self.actionUnmarkReviewed = self._action(
            self.tr("取消核对"), lambda: self.mark_reviewed(False),
            self.tr("取消选中记录的“已核对”标记"), "actionUnmarkReviewed")
        self.actionAudit = self._action(
            self.tr("操作记录(&L)…"), self.show_audit,
            self.tr("查看谁在什么时候新增、修改、删除了哪条记录"), "actionAudit")
        undo = w.actionUndoDelete
        w.add_action("menuEdit", self.actionMarkReviewed, before=undo)
        w.add_action("menuEdit", self.actionUnmarkReviewed, before=undo)
        w.menuEdit.insertSeparator(undo)
        w.add_action("menuEdit", self.actionAudit, before=w.actionFind)
        w.menuEdit.insertSeparator(w.actionFind)
        w.add_action("menuView", self._clone_audit_action(), before=w.actionShowToolbar)

        self.actionLockYear = self._action(
            self.tr("锁定本年度（报告已印发）…"), self.lock_year,
            self.tr("年度报告印发后锁定该年度，防止误改已上报的数字"), "actionLockYear")
        self.actionUnlockYear = self._action(
            self.tr("解除本年度锁定…"), self.unlock_year,
            self.tr("解除锁定后可以修改该年度的记录（会记入操作记录）"), "actionUnlockYear")
        actions = w.menuYear.actions()
        i = actions.index(w.actionReportYear) if w.actionReportYear in actions else len(actions) - 1
        after = actions[i + 1] if i + 1 < len(actions) else None
        for a in (self.actionLockYear, self.actionUnlockYear):
            w.add_action("menuYear", a, before=after)
        if after is not None:
            w.menuYear.insertSeparator(self.actionLockYear)

    def _clone_audit_action(self) -> QAction:
        a = self._action(self.tr("操作记录(&L)…"), self.show_audit, self.actionAudit.toolTip())
        self.actionAuditView = a
        return a

    def _make_status(self) -> None:
        self.state_label = QLabel()
        self.state_label.setObjectName("safety_state_label")
        self.state_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.state_label.setContentsMargins(6, 0, 6, 0)
        self.state_label.hide()
        self.warning_label = QLabel()
        self.warning_label.setObjectName("backup_warning_label")
        self.warning_label.setStyleSheet("color: #b00020;")
        self.warning_label.setContentsMargins(6, 0, 6, 0)
        self.warning_label.hide()
        self.window.add_status_widget(self.warning_label)
        self.window.add_status_widget(self.state_label)

    # the store ---------------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self.window.store

    def _start_store(self, store: Store) -> None:
        """Start on a (new) store: its backups, read-only or not, year lock state."""
        self.backup_version = None
        self.last_backup_at = None
        self.backup_warning = None
        self.warning_label.hide()
        self.window.set_last_backup(None)
        self.read_only = False
        self.apply_read_only(store.readonly or self.lock_lost)
        self.update_state()
        self.load_last_backup()

    def _store_changed(self, store: Store) -> None:
        if self._restoring:
            return
        old = self.lock
        new_lock = _LOCKS.pop(store, None)
        if old is not None and (new_lock is not None or Path(old.db_path).resolve() != store.path.resolve()):
            old.release()
            self.lock = None
        if new_lock is not None:
            self.lock = new_lock
        self.lock_lost = False
        if self.lock is None and not store.readonly:
            self.lock = self._lock_opened_store(store)
            if self.lock is None:
                return  # reopened read-only (deferred)
        self._start_store(store)

    def _lock_opened_store(self, store: Store) -> DatabaseLock | None:
        """A store opened elsewhere (打开数据库, 新建数据库): take its lock now."""
        lock = DatabaseLock(store.path)
        try:
            lock.acquire()
            return lock
        except LockedError as e:
            self.apply_read_only(True)  # nothing may be edited while the clerk decides
            mode = ask_locked(self.window, e, self.tr("以只读方式打开"))
            if mode == "force":
                try:
                    lock.acquire(force=True)
                    return lock
                except LockError as e2:
                    dialogs.error(self.window, self.tr("无法强制打开"), e2.message)
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
        except Exception as e:  # noqa: BLE001
            log.exception("reopen read-only %s", store.path)
            dialogs.error(self.window, self.tr("无法以只读方式打开"), dialogs.describe_error(e))
            return
        self.window.switch_store(ro)

    # read-only --------------------------------------------------------------------------------

    def _editing_actions(self) -> list[QAction]:
        w = self.window
        actions = [w.actionAddRecord, w.actionEditRecord, w.actionDuplicateRecord,
                   w.actionDeleteRecord, w.actionUndoDelete, w.actionProfile,
                   self.actionRestore, self.actionMarkReviewed, self.actionUnmarkReviewed,
                   self.actionLockYear, self.actionUnlockYear]
        for a in w.findChildren(QAction):  # import actions added by other features
            if a not in actions and ("import" in a.objectName().lower() or "导入" in a.text()):
                actions.append(a)
        return actions

    def apply_read_only(self, read_only: bool) -> None:
        """Disable (or enable again) everything that would change the database."""
        was = self.read_only
        self.read_only = bool(read_only)
        if self.read_only:
            for a in self._editing_actions():
                a.setEnabled(False)
        elif was:
            w = self.window
            w.actionProfile.setEnabled(True)
            self.actionRestore.setEnabled(True)
            w._tab_changed(w.tabs.currentIndex())  # noqa: SLF001 - enables the record actions
        for panel in list(self._panels):
            self._apply_panel(panel)
        self.update_state()

    def _apply_panel(self, panel) -> None:
        try:
            panel.set_read_only(self.read_only)
        except RuntimeError:  # deleted with its tab
            pass

    def _tab_changed(self, _index: int) -> None:
        for lazy in self.window.area_tabs.values():
            if lazy.content is not None:
                self._adopt_area(lazy.content)
        if self.read_only:
            for a in self._editing_actions():
                a.setEnabled(False)
        elif self.year_locked():
            for a in self._record_actions():
                a.setEnabled(False)

    def _watch(self, obj: QObject) -> None:
        if obj not in self._watched:
            self._watched.add(obj)
            obj.installEventFilter(self)

    def _adopt_area(self, area) -> None:
        self._watch(area.stack)
        for panel in area.panels.values():
            self._adopt_panel(panel)

    def _adopt_panel(self, panel) -> None:
        """Follow a ledger panel: read-only state, and the 核对 entries in its context menu."""
        if panel in self._panels:
            return
        self._panels.add(panel)
        panel.contextMenuAboutToShow.connect(lambda menu, p=panel: self._extend_menu(p, menu))
        self._apply_panel(panel)

    def _extend_menu(self, panel, menu: QMenu) -> None:
        """The panel's context menu: 标记为已核对 / 取消核对 for the selected records."""
        if self.read_only or panel.year_locked or not panel.selected_rows():
            return
        first = next((a for a in menu.actions() if a.isSeparator()), None)
        menu.insertAction(first, self.actionMarkReviewed)
        menu.insertAction(first, self.actionUnmarkReviewed)

    def eventFilter(self, obj, event):  # noqa: N802
        et = event.type()
        if et == QEvent.Type.Close and obj is self.window:
            self.on_close()
        elif et == QEvent.Type.ChildAdded:
            child = event.child()
            from .area_tab import AreaTab
            from .ledger_panel import LedgerPanel

            if isinstance(child, AreaTab):
                self._adopt_area(child)
            elif isinstance(child, LedgerPanel):
                self._adopt_panel(child)
        return False

    # state: read-only, locked year -------------------------------------------------------------------

    def year_locked(self) -> bool:
        try:
            return self.window.year in self.store.locked_years()
        except sqlite3.Error:
            return False

    def _record_actions(self) -> list[QAction]:
        """What a locked year refuses: adding, changing, deleting and 核对 its records."""
        w = self.window
        return [w.actionAddRecord, w.actionEditRecord, w.actionDuplicateRecord,
                w.actionDeleteRecord, self.actionMarkReviewed, self.actionUnmarkReviewed]

    def _apply_year_lock(self, locked: bool) -> None:
        """The record actions off while the year shown is locked (on again once unlocked), and
        each panel's own buttons and note (a panel reads the lock of the year it shows)."""
        for panel in list(self._panels):
            try:
                panel.update_lock()
            except RuntimeError:  # deleted with its tab
                pass
        if self.read_only:
            return
        if locked:
            for a in self._record_actions():
                a.setEnabled(False)
        else:
            self.actionMarkReviewed.setEnabled(True)
            self.actionUnmarkReviewed.setEnabled(True)
            w = self.window
            w._tab_changed(w.tabs.currentIndex())  # noqa: SLF001 - enables the record actions

    def update_state(self) -> None:
        locked = self.year_locked()
        self._apply_year_lock(locked)
        y = self.window.year
        self.actionLockYear.setText(self.tr("锁定{0}年度（报告已印发）…").format(y))
        self.actionUnlockYear.setText(self.tr("解除{0}年度的锁定…").format(y))
        self.actionLockYear.setEnabled(not self.read_only and not locked)
        self.actionUnlockYear.setEnabled(not self.read_only and locked)
        parts = []
        if self.read_only:
            parts.append(self.tr("只读"))
        if locked:
            parts.append(self.tr("{0}年度已锁定").format(y))
        text = "　".join(parts)
        self.state_label.setText(text)
        self.state_label.setVisible(bool(text))
        if self.read_only:
            self.state_label.setToolTip(self.tr("以只读方式打开：可以查看和打印，不能修改"))
        elif locked:
            self.state_label.setToolTip(self.tr("该年度的报告已印发，记录不能修改；可在“年度”菜单中解除锁定"))
        self._title_suffix = "".join(f"（{p}）" for p in parts)
        self._fix_title(self.window.windowTitle())

    def _fix_title(self, title: str) -> None:
        """Keep （只读） / （2025年度已锁定） after the window's own title, whenever it is set."""
        cut = title.find("  [")
        head, tail = (title[:cut], title[cut:]) if cut >= 0 else (title, "")
        if self._applied_suffix and head.endswith(self._applied_suffix):
            head = head[: -len(self._applied_suffix)]
        new = head + self._title_suffix + tail
        self._applied_suffix = self._title_suffix
        if new != title:
            self.window.setWindowTitle(new)

    # backups ----------------------------------------------------------------------------------------------

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
                self.window.set_last_backup(when)

        def failed(exc):
            if token == self._scan_token:
                self.scanning = False
            log.warning("listing backups failed: %r", exc)

        self.scanning = True
        run_in_background(_newest_backup_job, store.path, folders, on_done=done, on_error=failed)

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
            self.window.set_last_backup(info.created)
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
                w, self.tr("备份"),
                self.tr("把当前数据库备份到哪里？\n\n备份文件夹：{0}").format(folder),
                [self.tr("备份到备份文件夹"), self.tr("选择其他文件夹（如U盘）…"), self.tr("取消")],
                icon=QMessageBox.Icon.Question)
            if choice == 0:
                dest = folder
            elif choice == 1:
                picked = dialogs.choose_folder(w, self.tr("选择备份位置"), str(folder))
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
            dialogs.inform(w, self.tr("备份完成"), self.tr(
                "已备份并检查无误：\n{0}\n\n共 {1} 条记录，{2}。").format(
                info.path, f"{_records(info):,}", _size(info.size)))
            w.show_message(self.tr("已备份：{0}").format(info.path), 10000)

        def failed(exc):
            self._backup_failed(exc, auto=False)
            dialogs.error(w, self.tr("备份未完成"), dialogs.describe_error(exc))

        w.run_task(_backup_job, store.path, dest, label, create, on_done=done, on_error=failed,
                   busy=self.tr("正在备份…"))
        return True

    def auto_backup_tick(self, *, force: bool = False, wait: bool = False) -> BackupInfo | None:
        """Back up if due: something changed since the last backup, and 30 minutes passed (or
        `force`, on close). `wait`: on the window's thread, for closing."""
        if auto_backups_paused() or self.read_only or self.auto_running:
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
        if (not force and self.last_backup_at is not None
                and dt.datetime.now() - self.last_backup_at < AUTO_INTERVAL):
            return None
        s = self.window.settings
        args = (store.path, backup_folder(s))
        kw = dict(label=backup_label(store), last_backup_at=self.last_backup_at, changed=changed,
                  min_interval=AUTO_INTERVAL, force=force, keep=keep_counts(s))
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
        self.lock_timer.stop()
        if auto_backups_paused() or self.read_only:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        try:
            self.auto_backup_tick(force=True, wait=True)
        finally:
            QGuiApplication.restoreOverrideCursor()

    def backup_settings(self) -> bool:
        dlg = BackupSettingsDialog(self.window.settings, self.window)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        self.load_last_backup()
        return True

    # restore ------------------------------------------------------------------------------------------------

    def restore(self) -> bool:
        """文件 → 从备份恢复…"""
        if self.read_only:
            dialogs.inform(self.window, self.tr("从备份恢复"),
                           self.tr("以只读方式打开时不能恢复备份。"))
            return False
        dlg = RestoreDialog(self.store.path, backup_folders(self.window.settings), self.window)
        if dlg.exec() != QDialog.DialogCode.Accepted or dlg.chosen is None:
            return False
        return self.restore_from(dlg.chosen, info=dlg.chosen_info)

    def restore_from(self, backup: Path, *, info: BackupInfo | None = None, confirm: bool = True) -> bool:
        """Verify `backup`, close the store, restore (the current file kept aside), reopen."""
        from ..backup import is_backup_of, township_note
        from ..paths import backup_dir

        w = self.window
        backup = Path(backup)
        if info is None:
            try:
                info = check_in_background(w, backup)
            except BackupError as e:
                dialogs.error(w, self.tr("不能使用这个备份"), e.message + self.tr("\n\n当前数据库没有任何改动。"))
                return False
        if self.auto_running:
            dialogs.inform(w, self.tr("从备份恢复"), self.tr("正在自动备份，请稍等片刻再恢复。"))
            return False
        store = self.store
        path = store.path
        label = backup_label(store)
        keep_dir = backup_dir()
        note = township_note(backup, _township_of(store))  # the township against the township
        question = self.tr("确定用这个备份替换当前数据库吗？\n\n备份时间：{0}，共 {1} 条记录\n{2}\n\n"
                           "当前数据库会先原样另存到 {3}，不会丢失。\n"
                           "备份之后录入的记录将不在恢复后的数据库中。\n"
                           "恢复后自动备份将暂停，直到重新启动程序。").format(
            _when(info.created), f"{_records(info):,}", backup, keep_dir)
        warnings = [note] if note else []
        if info.label and not is_backup_of(info, path):
            warnings.insert(0, self.tr("注意：这不是当前数据库的备份，而是另一个数据库文件的备份。"))
        elif not info.label:
            warnings.insert(0, self.tr("注意：从文件名看不出这是不是当前数据库的备份。"))
        if warnings:
            question += "\n\n" + "\n".join(warnings)
        if confirm and not dialogs.ask(w, self.tr("从备份恢复"), question,
                                       yes=self.tr("恢复"), no=self.tr("取消")):
            return False

        self._restoring = True
        new_store: Store | None = None
        # the work runs off the window's thread (a large file takes seconds) while a progress
        # dialog shows; the tables are hidden meanwhile, so that nothing reads the closed store
        w.tabs.hide()
        try:
            self.auto_timer.stop()
            try:
                store.close()  # every connection of the window (panels share this one)
            except sqlite3.Error:
                pass
            result, new_store, failure = _restore_in_background(w, backup, path, keep_dir, label, True)
            if new_store is not None:
                w.switch_store(new_store)
        finally:
            self._restoring = False
            if new_store is not None:  # else the window closes on its closed store
                w.tabs.show()

        if new_store is None:
            if result is not None:  # restored, then not opened: the old file is kept aside
                where = self.tr("原数据库已另存在 {0}").format(result.kept_aside[0] if result.kept_aside else keep_dir)
            else:  # not restored: the file is as it was, and only opening it again failed
                where = self.tr("数据库文件没有改动")
            dialogs.error(w, self.tr("无法打开数据库"), dialogs.describe_error(failure) + self.tr(
                "\n\n程序将关闭。{0}，请重新启动程序；如仍无法打开，请联系技术人员。").format(where))
            pause_auto_backups()
            w.close()
            return False
        if result is None:
            self.auto_timer.start()
            msg = failure.message if isinstance(failure, UserError) else dialogs.describe_error(failure)
            if not msg.startswith("恢复"):
                msg = self.tr("未恢复：{0}。当前数据库没有任何改动。").format(msg.rstrip("。"))
            dialogs.error(w, self.tr("未能恢复"), msg)
            return False

        pause_auto_backups()
        self._start_store(new_store)
        self.last_backup_at = info.created
        self.window.set_last_backup(info.created)
        self.warning_label.setText(self.tr("自动备份已暂停（重新启动程序后恢复）"))
        self.warning_label.setToolTip(self.tr("从备份恢复后，自动备份暂停，以免覆盖其他备份"))
        self.warning_label.setStyleSheet("color: #8a5a00;")
        self.warning_label.show()
        kept = next((p for p in result.kept_aside if p.suffix == ".db"), None)
        text = self.tr("已从备份恢复：{0}\n备份时间：{1}，共 {2} 条记录。\n\n原数据库已原样另存为：{3}").format(
            backup, _when(info.created), f"{_records(info):,}", kept or self.tr("（原位置没有文件）"))
        if note:
            text += "\n\n" + note
        text += self.tr("\n\n自动备份已暂停，重新启动程序后恢复。")
        dialogs.inform(w, self.tr("已从备份恢复"), text)
        return True

    # the lock ------------------------------------------------------------------------------------------------

    def refresh_lock(self) -> bool:
        if self.lock is None or self.lock_lost:
            return True
        if self.lock.refresh():
            return True
        self.lock_lost = True
        self.lock_timer.stop()
        info = self.lock.read()
        who = self.tr("{0}（电脑 {1}）").format(info.user, info.host or self.tr("未知")) if info else self.tr("另一个程序")
        log.warning("lock of %s taken over by %r", self.store.path, info)
        self.apply_read_only(True)
        dialogs.warn(self.window, self.tr("数据库已被强制打开"), self.tr(
            "{0}强制打开了这个数据库。为免两边同时修改造成数据冲突，本窗口已改为只读。\n\n"
            "请关闭本程序；需要修改时，先确认另一边已经关闭，再重新打开。").format(who))
        return False

    def release(self) -> None:
        self.auto_timer.stop()
        self.lock_timer.stop()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    # 已核对, year lock, 操作记录 ---------------------------------------------------------------------

    def mark_reviewed(self, reviewed: bool = True) -> int:
        w = self.window
        if self.read_only:
            return 0
        panel = w.current_panel()
        if panel is None:
            w.show_message(self.tr("请先在上方选择一个工作领域的标签页，再选中要核对的记录。"))
            return 0
        ids = [i for i in (panel.model.id_at(r) for r in panel.selected_rows()) if i is not None]
        if not ids:
            w.show_message(self.tr("请先在表格中选中要核对的记录。"))
            return 0
        try:
            n = self.store.set_reviewed(panel.ledger.name, ids, reviewed)
        except (UserError, sqlite3.Error) as e:
            if not isinstance(e, UserError):
                log.exception("set_reviewed")
            dialogs.error(w, self.tr("未能标记") if reviewed else self.tr("未能取消核对"), dialogs.describe_error(e))
            return 0
        panel.refresh()
        from PySide6.QtCore import QItemSelectionModel

        sel = panel.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for rid in ids:
            row = panel.model.row_of_id(rid)
            if row is not None:
                sel.select(panel.model.index(row, 0), flags)
        if reviewed:
            w.show_message(self.tr("已将 {0} 条记录标记为已核对。").format(n))
        else:
            w.show_message(self.tr("已取消 {0} 条记录的核对标记。").format(n))
        return n

    def lock_year(self) -> bool:
        w, year = self.window, self.window.year
        if self.read_only or self.year_locked():
            return False
        if not dialogs.ask(w, self.tr("锁定年度"), self.tr(
                "锁定{0}年度后，该年度的所有台账记录都不能再新增、修改、删除或核对，"
                "以保证与已印发的年度报告一致。\n\n如确需修改，可以在“年度”菜单中解除锁定，"
                "解除会记入操作记录。\n\n确定锁定{0}年度吗？").format(year),
                yes=self.tr("锁定"), no=self.tr("取消")):
            return False
        try:
            self.store.lock_year(year)
        except (UserError, sqlite3.Error) as e:
            dialogs.error(w, self.tr("未能锁定"), dialogs.describe_error(e))
            return False
        self.update_state()
        w.show_message(self.tr("{0}年度已锁定。").format(year), 8000)
        return True

    def unlock_year(self) -> bool:
        w, year = self.window, self.window.year
        if self.read_only or not self.year_locked():
            return False
        if not dialogs.ask(w, self.tr("解除锁定"), self.tr(
                "{0}年度已锁定（年度报告已印发）。解除锁定后可以修改该年度的记录，"
                "修改后统计数字可能与已印发的报告不一致。\n\n解除操作会记入操作记录。"
                "确定解除{0}年度的锁定吗？").format(year),
                yes=self.tr("解除锁定"), no=self.tr("取消")):
            return False
        try:
            self.store.unlock_year(year)
        except (UserError, sqlite3.Error) as e:
            dialogs.error(w, self.tr("未能解除锁定"), dialogs.describe_error(e))
            return False
        self.update_state()
        w.show_message(self.tr("已解除{0}年度的锁定（已记入操作记录）。").format(year), 8000)
        return True

    def show_audit(self) -> Any:
        from .audit_view import AuditView

        panel = self.window.current_panel()
        dlg = AuditView(self.store, self.window, ledger_name=panel.ledger.name if panel else None)
        dlg.resize(1100, 620)
        self.audit_view = dlg
        dlg.exec()
        return dlg


# -- entry points ----------------------------------------------------------------------------------------


def install(window: "MainWindow") -> SafetyController:
    """Menus, timers, status bar and lock handling on the main window (``window.safety``).

    The lock taken by :func:`open_locked` for the window's store is handed over here; a store
    opened otherwise (the first-run dialog) is locked now.
    """
    store = window.store
    lock = _LOCKS.pop(store, None)
    if lock is None and not store.readonly:
        lock = DatabaseLock(store.path)
        try:
            lock.acquire()
        except LockError as e:  # another copy opened it between creating and now: very unlikely
            log.warning("no lock for %s: %s", store.path, e.message)
            lock = None
    controller = SafetyController(window, lock)
    window.safety = controller
    # 打开数据库 / 最近打开: the lock first, then the file (open_locked hands the lock over
    # to _store_changed through _LOCKS)
    window.open_store_file = lambda path: open_locked(path, window, cancel_text=tr("取消"))
    return controller


def set_read_only(window: "MainWindow", read_only: bool = True) -> None:
    controller = getattr(window, "safety", None)
    if controller is None:
        controller = install(window)
    controller.apply_read_only(read_only)


def shutdown(window: "MainWindow") -> None:
    """After the window's store was closed: release the lock."""
    controller = getattr(window, "safety", None)
    if controller is not None:
        controller.release()
