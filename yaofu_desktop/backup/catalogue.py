"""This app's backups, as the window and the command line see them: the label a database's
backups carry (its township and a mark of the file's place), which backups are whose, the newest
good one, and the checks before backing up a database or restoring from a file.

    label = backup_label(db)                       # "姚伏镇-3f9a1c"
    found = database_backups(db, [folder])         # .own (this file's), .others; newest first
    problem = check_source(db)                     # why it must not be backed up, or None
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..dbfile import inspect_file, read_profile_value, refuse_reason
from .make import BackupError, BackupInfo, sanitize_label, verify_backup
from .rotation import list_backups

log = logging.getLogger(__name__)

def size_text(n: int) -> str:
    if n < 1024 * 1024:
        return f"{max(n, 1) / 1024:.0f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def ledger_records(counts: dict[str, int]) -> int:
    """Records in the ledgers (not the audit log, choices or profile)."""
    from ..ledgers import LEDGER_MAP  # (here: the definitions cost a command's start-up)

    return sum(n for name, n in counts.items() if name in LEDGER_MAP)


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
    name = township if township is not None else township_of(db)
    name = sanitize_label(name or Path(db).stem)[:53].rstrip(". ")  # the mark is never cut off
    return f"{name}-{place_mark(db)}"


def is_backup_of(info: BackupInfo, db: Path) -> bool:
    """Whether a backup was made of the database at ``db``: its label ends with the file's place
    mark, whatever township it names (the profile may have been renamed since, or be unreadable
    in a damaged file)."""
    return info.label is not None and info.label.endswith("-" + place_mark(db))


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


def township_of(path: Path) -> str | None:
    """The township named in the file's profile, read-only; None if it cannot be read."""
    value = read_profile_value(path, "township")
    return value.strip() if isinstance(value, str) and value.strip() else None


def township_note(backup: Path, live_township: str | None) -> str | None:
    """A warning when a backup names another township (乡镇概况) than the database it replaces
    (the township against the township: the label also carries a mark of the file's place)."""
    theirs = township_of(backup)
    if theirs and live_township and theirs != live_township.strip():
        return f"注意：该备份属于“{theirs}”，原数据库属于“{live_township.strip()}”。"
    return None


def check_source(db: Path) -> str | None:
    """Why ``db`` must not be backed up (Chinese), or None if its header says it is a complete
    database of ours, not newer than this app.

    Its pages are not read here: make_backup checks the copy the backup API makes of it, fully
    and once (a copy of a sound database is sound), and a damaged database fails there, with
    nothing rotated; checking the database first as well was a second full pass.
    """
    reason = refuse_reason(inspect_file(db))  # (a file killed mid-checkpoint is not "truncated")
    return reason.message if reason is not None else None


def check_backup(source: Path) -> None:
    """Refuse, from its header, a file that is not a complete backup of this app's database:
    not SQLite, truncated, another program's database, a newer version (raises BackupError).
    restore_backup then verifies it fully (integrity_check) before anything is touched."""
    reason = refuse_reason(inspect_file(source), advice="请选择其他备份")
    if reason is not None:
        raise BackupError(f"该文件不能用于恢复：{reason.message}")
