"""The `backup` and `restore` subcommands.

    python main.py backup  --db 台账.db [--to 文件夹]
    python main.py restore --db 台账.db --from 备份.db      (or --from 文件夹: lists the backups)

Exit codes: 0 done; 1 refused or failed (the message says why, nothing was changed and no
incomplete file was left); UserError (exit 2 via cli.py) for input errors such as a missing file.

A backup is taken while the app may have the database open (WAL), so `backup` takes no lock: it
reads one consistent snapshot (see backup.make_backup). `restore` replaces the file, so it refuses
while a running copy of the app holds the database, and holds the lock itself while it works.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .backup import (
    BackupError,
    BackupInfo,
    list_backups,
    make_backup,
    quick_check,
    restore_backup,
    sanitize_label,
    verify_backup,
)
from .errors import UserError
from .ledgers import LEDGERS
from .lock import DatabaseLock, LockedError, LockError
from .fileio import connect_read_only
from .store import APP_ID, Store, inspect_file, read_profile_value, refuse_reason

EXIT_OK, EXIT_REFUSED = 0, 1

__all__ = ["cmd_backup", "cmd_restore"]

log = logging.getLogger(__name__)

_LEDGER_NAMES = frozenset(lg.name for lg in LEDGERS)


# --------------------------------------------------------------------------- helpers


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def size_text(n: int) -> str:
    if n < 1024 * 1024:
        return f"{max(n, 1) / 1024:.0f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def ledger_records(counts: dict[str, int]) -> int:
    """Records in the ledgers (not the audit log, choices or profile)."""
    return sum(n for name, n in counts.items() if name in _LEDGER_NAMES)


def restore_details(source: Path, kept_aside: list[Path]) -> dict[str, str]:
    """What the audit log (操作记录) of a restored database says of the restore."""
    kept = next((str(p) for p in kept_aside if p.suffix == ".db"), "")
    return {"backup": str(source), "kept_aside": kept}


def place_mark(db: Path) -> str:
    """A short mark of where a database file is (its full path, hashed): the end of the label
    of each of its backups."""
    where = hashlib.sha1(os.path.normcase(str(Path(db).resolve())).encode("utf-8", "surrogatepass"))
    return where.hexdigest()[:6]


def backup_label(db: Path, township: str | None = None) -> str:
    """The name a database's backups carry: its township, and a short mark of where the file is,
    so that two databases (a practice copy, another township's file) never share one rotation
    series, and a damaged file is offered only its own backups."""
    name = township if township is not None else _township(db)
    name = sanitize_label(name or Path(db).stem)[:53].rstrip(". ")  # the mark is never cut off
    return f"{name}-{place_mark(db)}"


def is_backup_of(info: BackupInfo, db: Path) -> bool:
    """Whether a backup was made of the database at ``db``: its label ends with the file's place
    mark, whatever township it names (the profile may have been renamed since, or be unreadable
    in a damaged file)."""
    return bool(info.label) and info.label.endswith("-" + place_mark(db))


@dataclass
class DatabaseBackups:
    """The backups in some folders, this database's apart from the others (each newest first)."""

    own: list[BackupInfo] = field(default_factory=list)
    others: list[BackupInfo] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)


def database_backups(db: Path, folders: Iterable[Path]) -> DatabaseBackups:
    """This database's backups (see :func:`is_backup_of`) and the other databases' backups in
    `folders` (the configured backup folder and the data folder's 备份; a folder given twice,
    or missing, is fine). Read-only; unreadable backups are listed with their error."""
    result = DatabaseBackups()
    seen: set[str] = set()
    for folder in folders:
        key = os.path.normcase(str(Path(folder).resolve()))
        if key in seen:
            continue
        seen.add(key)
        result.folders.append(Path(folder))
        for info in list_backups(folder):
            (result.own if is_backup_of(info, db) else result.others).append(info)
    for items in (result.own, result.others):
        items.sort(key=lambda i: (i.created, i.path.name), reverse=True)
    return result


def newest_good_backup(backups: Iterable[BackupInfo]) -> BackupInfo | None:
    """The newest of `backups` that verify_backup accepts (full integrity check), or None."""
    for info in sorted(backups, key=lambda i: i.created, reverse=True):
        if not info.ok:
            continue
        try:
            verified = verify_backup(info.path)
        except BackupError as e:
            log.warning("backup %s not usable: %s", info.path, e.message)
            continue
        verified.created, verified.label = info.created, info.label
        return verified
    return None


def _township(path: Path) -> str | None:
    """The township named in the file's profile, read-only; None if it cannot be read."""
    value = read_profile_value(path, "township")
    return value.strip() if isinstance(value, str) and value.strip() else None


def township_note(backup: Path, live_township: str | None) -> str | None:
    """A warning when a backup names another township (乡镇概况) than the database it replaces
    (the township against the township: the label also carries a mark of the file's place)."""
    theirs = _township(backup)
    if theirs and live_township and theirs != live_township.strip():
        return f"注意：该备份属于“{theirs}”，原数据库属于“{live_township.strip()}”。"
    return None


def check_source(db: Path) -> str | None:
    """Why ``db`` must not be backed up (Chinese), or None if it is a sound database of ours.

    The header tells whether the file is ours, complete and not newer; ``quick_check`` (read-only,
    safe while the app has the file open) finds damaged pages. The backup copy then gets a full
    ``integrity_check`` in make_backup, so a file that fails it is not backed up either.
    """
    reason = refuse_reason(inspect_file(db))  # (a file killed mid-checkpoint is not "truncated")
    if reason is not None:
        return reason.message
    status = quick_check(db)
    if status is not True:
        return f"{status}；请从备份恢复"
    return None


def _describe(info: BackupInfo) -> str:
    return f"{size_text(info.size)}，共 {ledger_records(info.counts)} 条记录"


# --------------------------------------------------------------------------- backup


def cmd_backup(args) -> int:
    from . import paths

    db = Path(args.db)
    if not db.exists():
        raise UserError(f"找不到数据库文件：{db}")
    if db.is_dir():
        raise UserError(f"“{db}”是一个文件夹，不是数据库文件")

    problem = check_source(db)
    if problem is not None:
        _err(f"未备份：{problem}。未进行备份，已有的备份均保留。")
        return EXIT_REFUSED

    label = backup_label(db)
    if args.to is not None:
        dest = Path(args.to)
        # Create the folder only inside an existing one: a missing USB drive must not turn into
        # a folder on the local disk that the clerk believes is the drive.
        create = dest.is_dir() or dest.parent.is_dir()
    else:
        dest = paths.backup_dir()
        create = True

    try:
        info = make_backup(db, dest, label=label, create_dir=create)
    except BackupError as e:
        _err(e.message)
        return EXIT_REFUSED
    print(f"已备份并校验：{info.path}（{_describe(info)}）")
    return _attachment_lines(info)


def _attachment_lines(info) -> int:
    """What a backup did with the 佐证材料; EXIT_REFUSED (1) when some could not be backed up."""
    if info.attachments:
        print(f"佐证材料：{info.attachments} 个文件，本次新复制 {info.copied_attachments} 个"
              f"（{size_text(info.copied_bytes)}），其余已在备份文件夹的“附件库”中")
    for line in info.attachment_problems:
        _err(f"未能备份的佐证材料：{line}")
    if info.attachment_problems:
        _err("记录已备份；以上佐证材料在数据库旁的附件文件夹中缺失或已损坏，请从较早的备份恢复或重新添加")
        return EXIT_REFUSED
    return EXIT_OK


# --------------------------------------------------------------------------- restore


def _print_backups(folder: Path, db: Path) -> int:
    found = database_backups(db, [folder])
    if not found.own and not found.others:
        _err(f"文件夹中没有本程序的备份文件：{folder}。请用 --from 指定一个备份文件。")
        return EXIT_REFUSED
    print(f"文件夹 {folder} 中的备份（最新的在前）：")
    for heading, items in (("这个数据库的备份：", found.own), ("其他数据库的备份：", found.others)):
        if not items:
            continue
        print(f"  {heading}")
        for info in items:
            when = info.created.strftime("%Y-%m-%d %H:%M:%S")
            if info.ok:
                print(f"    {info.path.name}  {when}  {_describe(info)}")
            else:
                print(f"    {info.path.name}  {when}  不能使用：{info.error}")
    example = next((i for i in found.own if i.ok), None) or (found.own + found.others)[0]
    _err("未恢复：请用 --from 指定其中一个备份文件，例如 --from " + str(example.path))
    return EXIT_REFUSED


def check_backup(source: Path) -> None:
    """Refuse, from its header, a file that is not a complete backup of this app's database:
    not SQLite, truncated, another program's database, a newer version (raises BackupError).
    restore_backup then verifies it fully (integrity_check) before anything is touched."""
    reason = refuse_reason(inspect_file(source), advice="请选择其他备份")
    if reason is not None:
        raise BackupError(f"该文件不能用于恢复：{reason.message}")


def _foreign_live_file(db: Path) -> str | None:
    """A reason not to replace the file at ``db``: a folder, or another program's sound database.

    A damaged database of ours (even one whose header was destroyed) may be replaced: that is
    what restoring is for, and the old file is kept aside byte for byte.
    """
    if db.is_dir():
        return f"“{db}”是一个文件夹，不是数据库文件"
    info = inspect_file(db)
    if not (info.exists and info.is_sqlite) or info.application_id == APP_ID:
        return None
    if quick_check(db) is not True:
        return None  # damaged: may be ours with a damaged header
    try:
        conn = connect_read_only(db, timeout=10)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    if {"profile", "audit_log"} <= tables:
        return None  # our tables: only the header's application id is off
    return f"“{db.name}”是其他程序的 SQLite 数据库，不是法治台账的数据库，不能用备份覆盖它"


def cmd_restore(args) -> int:
    from . import paths

    db = Path(args.db)
    source = Path(args.source)
    if source.is_dir():
        return _print_backups(source, db)
    if not source.exists():
        raise UserError(f"找不到备份文件：{source}")
    if not db.parent.is_dir():
        raise UserError(f"数据库所在的文件夹不存在：{db.parent}")

    try:
        check_backup(source)
    except BackupError as e:
        _err(f"未恢复：{e.message}。当前数据库没有任何改动。")
        return EXIT_REFUSED

    reason = _foreign_live_file(db)
    if reason:
        _err(f"未恢复：{reason}。")
        return EXIT_REFUSED

    lock = DatabaseLock(db)
    try:
        lock.acquire()  # refuses while a running copy of the app has the file open
    except LockedError as e:
        li = e.info
        _err(
            f"未恢复：该数据库正由 {li.user}（电脑 {li.host or '未知'}）于 {li.started_display} "
            "打开的法治台账程序使用。请先关闭法治台账程序，再进行恢复。当前数据库没有任何改动。"
        )
        return EXIT_REFUSED
    except LockError as e:
        _err(f"未恢复：{e.message}。当前数据库没有任何改动。")
        return EXIT_REFUSED

    try:
        live_township = _township(db) if db.exists() else None
        note = township_note(source, live_township)
        label = backup_label(db, live_township or _township(source))
        keep_dir = paths.backup_dir()
        try:
            result = restore_backup(source, db, keep_dir=keep_dir, label=label)
            with Store.open(db) as restored:
                restored.log_event("restore", restore_details(source, result.kept_aside))
        except BackupError as e:
            if e.message.startswith("恢复"):  # says itself what happened to the live file
                _err(e.message)
            else:
                _err(f"未恢复：{e.message}。当前数据库没有任何改动。")
            return EXIT_REFUSED
    finally:
        lock.release()

    print(f"已从备份恢复：{source}")
    size = size_text(db.stat().st_size)
    print(f"数据库：{db}（{size}，共 {ledger_records(result.counts)} 条记录）")
    if note:
        print(note)
    for line in result.missing_attachments:
        _err(f"找不到完好的佐证材料：{line}")
    main_kept = [p for p in result.kept_aside if p.suffix == ".db"]
    sidecars = [p for p in result.kept_aside if p.suffix != ".db"]
    if main_kept:
        print(f"原数据库已另存为：{main_kept[0]}")
        for extra in sidecars:
            print(f"  （连同：{extra.name}）")
    else:
        print("原位置没有数据库文件，无需另存。")
        if sidecars:
            print(f"原位置残留的临时文件已另存到：{sidecars[0].parent}")
    return EXIT_OK
