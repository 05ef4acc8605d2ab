"""The `backup` and `restore` subcommands.

    python main.py backup  --db 台账.db [--to 文件夹]
    python main.py restore --db 台账.db --from 备份.db      (or --from 文件夹: lists the backups)

Exit codes: 0 done; 1 refused or failed (the message says why, nothing was changed and no
incomplete file was left); UserError (exit 2, see cli/__init__.py) for input errors such as a
missing file. The checks and the catalogue of backups used here are in backup/catalogue.py.

A backup is taken while the app may have the database open (WAL), so `backup` takes no lock: it
reads one consistent snapshot (see backup.make_backup). `restore` replaces the file, so it refuses
while a running copy of the app holds the database, and holds the lock itself while it works.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from .. import paths
from ..backup import (
    BackupError,
    BackupInfo,
    BackupPolicy,
    backup_label,
    check_backup,
    check_source,
    database_backups,
    ledger_records,
    make_backup,
    quick_check,
    restore_backup,
    restore_details,
    rotate_backups,
    size_text,
    township_note,
    township_of,
)
from ..dbfile import APP_ID, inspect_file, not_a_regular_file
from ..errors import UserError, clause
from ..fileio import connect_read_only
from ..lock import COMMAND_LINE_WAY_OUT, DatabaseLock, LockedError, LockError
from . import EXIT_OK, EXIT_PROBLEMS as EXIT_REFUSED


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _describe(info: BackupInfo) -> str:
    return f"{size_text(info.size)}，共 {ledger_records(info.counts)} 条记录"


def cmd_backup(args) -> int:
    db = Path(args.db)
    if not db.exists():
        raise UserError(f"找不到数据库文件：{db}")
    if db.is_dir():
        raise UserError(f"“{db}”是一个文件夹，不是数据库文件")

    problem = check_source(db)
    if problem is not None:
        _err(f"未备份：{clause(problem)}。未进行备份，已有的备份均保留。")
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
    code = _attachment_lines(info)
    if getattr(args, "rotate", False):
        _rotate(dest, label, code == EXIT_OK)
    return code


def _rotate(dest: Path, label: str, sound: bool) -> None:
    """`backup --rotate`: the database's older backups in `dest` rotated by the default
    BackupPolicy, as the window's automatic backups are (its 备份设置 may keep more); not after a
    backup that lacks some 佐证材料 (older backups may still have them)."""
    if not sound:
        _err("未轮换旧备份：本次备份缺少部分佐证材料，旧备份均保留。")
        return
    policy = BackupPolicy()
    removed = rotate_backups(dest, policy=policy, label=label)
    print(f"已轮换旧备份（按天保留 {policy.daily} 个、按周 {policy.weekly} 个、按月 {policy.monthly} 个）："
          f"删除 {len(removed)} 个")


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


def _foreign_live_file(db: Path) -> str | None:
    """A reason not to replace the file at ``db``: a folder, or another program's sound database.

    A damaged database of ours (even one whose header was destroyed) may be replaced: that is
    what restoring is for, and the old file is kept aside byte for byte.
    """
    if db.is_dir():
        return f"“{db}”是一个文件夹，不是数据库文件"
    info = inspect_file(db)
    if info.special:
        return not_a_regular_file(db)
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
        _err(f"未恢复：{clause(e.message)}。当前数据库没有任何改动。")
        return EXIT_REFUSED

    reason = _foreign_live_file(db)
    if reason:
        _err(f"未恢复：{clause(reason)}。当前数据库没有任何改动。")
        return EXIT_REFUSED

    lock = DatabaseLock(db)
    try:
        lock.acquire(force=getattr(args, "force_open", False))  # not while the app has the file open
    except LockedError as e:
        li = e.info
        _err(
            f"未恢复：该数据库正由 {li.user}（电脑 {li.host or '未知'}）于 {li.started_display} "
            "打开的法治台账程序使用。请先关闭法治台账程序，再进行恢复；如果确认那边的程序已经关闭"
            f"或电脑已死机，{COMMAND_LINE_WAY_OUT}。当前数据库没有任何改动。"
        )
        return EXIT_REFUSED
    except LockError as e:
        _err(f"未恢复：{clause(e.message)}。当前数据库没有任何改动。")
        return EXIT_REFUSED

    try:
        live_township = township_of(db) if db.exists() else None
        theirs = township_of(source)
        if theirs and live_township and theirs != live_township and not getattr(args, "force", False):
            # the window asks; the command line is told, and goes on only when told again
            _err(
                f"未恢复：该备份属于“{theirs}”，当前数据库属于“{live_township}”。用另一个乡镇的备份替换，"
                f"会让“{live_township}”的台账被“{theirs}”的台账取代。如确要这样做，请在命令后加 --force。"
                "当前数据库没有任何改动。"
            )
            return EXIT_REFUSED
        note = township_note(source, live_township)
        label = backup_label(db, live_township or theirs)
        keep_dir = paths.backup_dir()
        try:
            result = restore_backup(source, db, keep_dir=keep_dir, label=label)
            from ..store import Store  # (here: `backup` has no need of it)

            with Store.open(db, checked=True) as restored:  # (restore_backup checked the file)
                restored.audit.log_event("restore", restore_details(source, result.kept_aside))
        except BackupError as e:
            if e.message.startswith("恢复"):  # says itself what happened to the live file
                _err(e.message)
            else:
                _err(f"未恢复：{clause(e.message)}。当前数据库没有任何改动。")
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
