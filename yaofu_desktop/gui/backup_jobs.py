"""The window's backup work: the settings it follows (备份设置: the folder, how many are kept)
and the jobs that run off the window's thread (a backup, a restore, checking a backup, finding
the newest one), for gui/backups.py, gui/backup_dialogs.py and gui/opening.py.

    folder = backup_folder(window.settings)          # where automatic backups go
    info = check_in_background(parent, path)         # verify_backup, with a progress dialog
    result, store, failure = restore_in_background(parent, backup, db, keep_dir, label, True)

The file work itself is the core's (backup/; the checks before a backup or a restore are
backup/catalogue.py's, shared with the command line), imported where it is first needed: the
window's first page does not wait for it. After a restore automatic backups pause
until the program is restarted (so that rotation cannot remove the backups the clerk may still
want): :func:`pause_auto_backups`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication

from ..dbfile import read_data_version
from ..errors import UserError, clause
from ..store import Store

if TYPE_CHECKING:
    from ..backup import BackupInfo, BackupPolicy, RestoreResult

log = logging.getLogger(__name__)

AUTO_CHECK_MS = 5 * 60 * 1000  # how often the window looks whether one is due (BackupPolicy.interval)

KEY_FOLDER = "backup/folder"
KEY_KEEP = ("backup/keep_daily", "backup/keep_weekly", "backup/keep_monthly")

_auto_paused = False  # set by a restore, for the rest of this run of the program


def tr(text: str) -> str:
    return QCoreApplication.translate("backups", text)


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


def backup_policy(settings=None) -> BackupPolicy:
    """The backup policy, with the counts the clerk set in 备份设置 (each 1 to 999)."""
    from ..backup import BackupPolicy
    from .settings import int_value

    s = settings or _settings()
    default = BackupPolicy()
    daily, weekly, monthly = (
        max(1, min(int_value(s, k, d) or d, 999))
        for k, d in zip(KEY_KEEP, (default.daily, default.weekly, default.monthly))
    )
    return dataclasses.replace(default, daily=daily, weekly=weekly, monthly=monthly)


def township_of(store: Store) -> str | None:
    """The township of the open database (乡镇概况), None when it names none."""
    try:
        return (store.profile().get("township") or "").strip() or None
    except (sqlite3.Error, UserError, ValueError):
        return None


def backup_label(store: Store) -> str:
    """Backups are named after the township (乡镇概况) and the file's place (see backup.backup_label)."""
    from ..backup import backup_label as label_for

    return label_for(store.path, township_of(store))


def record_count(info: BackupInfo) -> int:
    from ..backup import ledger_records  # the records in the ledgers (not the audit log)

    return ledger_records(info.counts)


def size_text(n: int) -> str:
    from ..backup import size_text as text_of_size

    return text_of_size(n)


def when_text(d: dt.datetime) -> str:
    return d.strftime("%Y-%m-%d %H:%M")


def remove_leftover_copies(db_path: Path, settings=None) -> None:
    """At the window's start: the hidden copies of backups and restores that were killed (.part
    files of processes that are gone), beside the database and in the backup folders."""
    from ..backup.parts import remove_leftover_parts

    for folder in [Path(db_path).parent, *backup_folders(settings)]:
        remove_leftover_parts(folder)


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


# -- the work done off the window's thread ---------------------------------------------------------------


def backup_job(db: Path, dest: Path, label: str, create_dir: bool) -> BackupInfo:
    """Like `python main.py backup`: refuse a file that is not sound, then a verified copy."""
    from ..backup import BackupError, check_source, make_backup

    problem = check_source(db)
    if problem is not None:
        raise BackupError(tr("未备份：{0}。损坏的数据库不会被备份，已有的备份均保留。").format(clause(problem)))
    return make_backup(db, dest, label=label, create_dir=create_dir)


def _restore_job(backup: Path, path: Path, keep_dir: Path, label: str, reopen: bool,
                 progress=None) -> tuple[Any, Store | None, BaseException | None]:
    """The restore off the window's thread: restore_backup (verify, keep the current file
    aside, atomic replace), then the restored file opened and the restore logged. When the
    restore failed the file is as it was: with `reopen` it is opened again (the window goes on
    with it). Returns (RestoreResult or None, the open Store or None, what failed or None); the
    Store's connection may be used from the window's thread."""
    from ..backup import restore_backup, restore_details

    result = store = failure = None
    try:
        result = restore_backup(backup, path, keep_dir=keep_dir, label=label, progress=progress)
    except Exception as e:  # BackupError: the live file is unchanged
        failure = e
        if not isinstance(e, UserError):
            log.exception("restore %s from %s", path, backup)
    if failure is None or reopen:
        try:
            store = Store.open(path)
            if failure is None:
                store.audit.log_event("restore", restore_details(backup, cast("RestoreResult", result).kept_aside))
        except Exception as e:
            log.exception("open after restore %s", path)
            if store is not None:
                store.close()
                store = None
            failure = failure or e
    if progress is not None:
        progress(100)
    return result, store, failure


def restore_in_background(parent, *args) -> tuple[Any, Store | None, BaseException | None]:
    """_restore_job with a progress dialog; the window stays alive (see worker)."""
    from .worker import run_with_progress

    return run_with_progress(parent, tr("从备份恢复"),
                             tr("正在从备份恢复，请稍候……\n（先检查备份，再把当前数据库另存一份，然后替换）"),
                             _restore_job, *args)


def _check_job(path: Path) -> BackupInfo:
    """Whether a file can be restored from: its header (backup.check_backup), then a full
    integrity check (verify_backup). Raises BackupError."""
    from ..backup import check_backup, verify_backup

    check_backup(path)
    return verify_backup(path)


def check_in_background(parent, path: Path) -> BackupInfo:
    """_check_job with a progress dialog (a large backup takes a second or so to check)."""
    from .worker import run_with_progress

    return run_with_progress(parent, tr("检查备份"), tr("正在检查备份是否完好，请稍候……"), _check_job, Path(path))


def newest_backup_job(db: Path, folders: list[Path]) -> tuple[dt.datetime, int | None] | None:
    """When this database was last backed up, and its data version then (see backup.database_backups)."""
    from ..backup import database_backups

    for info in database_backups(db, folders).own:
        if info.ok:
            return info.created, read_data_version(info.path)
    return None
