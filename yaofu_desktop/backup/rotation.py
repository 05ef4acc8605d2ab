"""Which backups there are, and which to keep: list_backups, rotate_backups (the newest of each
of the last days, weeks and months, as Anki does) and auto_backup (back up when due, then rotate).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .. import blobs
from .check import open_ro_immutable
from .make import (
    BackupError,
    BackupInfo,
    inspect_backup,
    local_naive,
    make_backup,
    parse_name,
    sanitize_label,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupPolicy:
    """How often automatic backups are made and how many are kept (Anki's BackupLimits): the
    newest backup of each of the last `daily` days, `weekly` ISO weeks and `monthly` months that
    have backups, at most one automatic backup per `interval`. The window (its 备份设置 may
    change the counts), the settings dialog's text and the command line's `backup --rotate` all
    read it."""

    daily: int = 12
    weekly: int = 10
    monthly: int = 9
    interval: timedelta = timedelta(minutes=30)

    @property
    def interval_minutes(self) -> int:
        return int(self.interval.total_seconds() // 60)


def _scan(dest_dir: Path, label: str | None) -> list[tuple[Path, str, datetime, int]]:
    """Our backup files in ``dest_dir`` (by name only), newest first."""
    want = sanitize_label(label) if label is not None else None
    out = []
    try:
        entries = list(os.scandir(dest_dir))
    except (FileNotFoundError, NotADirectoryError):
        return []
    for e in entries:
        parsed = parse_name(e.name)
        if not parsed:
            continue
        try:
            if e.is_symlink() or not e.is_file():
                continue
        except OSError:
            continue
        if want is not None and parsed[0] != want:
            continue
        out.append((Path(e.path), parsed[0], parsed[1], parsed[2]))
    out.sort(key=lambda t: (t[2], t[3], t[0].name), reverse=True)
    return out


def list_backups(
    dest_dir: str | os.PathLike[str], label: str | None = None, *, verify: bool = False
) -> list[BackupInfo]:
    """Our backups in ``dest_dir`` (optionally only ``label``'s), newest first.

    Timestamps come from the file names.  Each file's header is checked and its
    tables counted (read-only); with ``verify=True`` also integrity_check.
    Unreadable/damaged files are listed with ``error`` set (a Chinese message)
    and empty counts, never skipped silently and never raising.
    """
    result = []
    for path, lab, ts, _seq in _scan(Path(dest_dir), label):
        try:
            info = inspect_backup(path, full_check=verify)
            info.created, info.label = ts, lab
        except BackupError as exc:
            try:
                size = path.stat().st_size
            except OSError:
                size = 0
            info = BackupInfo(path, ts, size, {}, 0, lab, error=exc.message)
        result.append(info)
    return result


def _select_keep(
    items: list[tuple[Path, datetime]], daily: int, weekly: int, monthly: int
) -> set[Path]:
    """Newest per day/ISO week/month for the last N such periods that have backups.

    ``items`` must be sorted newest first.
    """
    keep: set[Path] = set()
    if items:
        keep.add(items[0][0])  # the newest backup is always kept
    keyfns = (
        (daily, lambda d: d.date()),
        (weekly, lambda d: d.isocalendar()[:2]),
        (monthly, lambda d: (d.year, d.month)),
    )
    for limit, keyfn in keyfns:
        seen: set[object] = set()
        for path, ts in items:
            k = keyfn(ts)
            if k in seen:
                continue
            if len(seen) >= limit:
                break
            seen.add(k)
            keep.add(path)
    return keep


def rotate_backups(
    dest_dir: str | os.PathLike[str],
    *,
    policy: BackupPolicy = BackupPolicy(),
    now: datetime | None = None,
    label: str | None = None,
) -> list[Path]:
    """Delete old backups, keeping (like Anki) the newest of each of the last
    ``policy.daily`` days / ``weekly`` ISO weeks / ``monthly`` months that have backups.

    Only files named like our backups are considered; each label is rotated
    separately (or only ``label`` if given).  Backups dated after ``now`` (the
    clock was wrong at some point) are kept and not counted, so a new backup
    is never deleted because of them.  Only call this right after a new backup
    was made and verified (see :func:`auto_backup`).  Returns removed paths.
    """
    now = local_naive(now)
    groups: dict[str, list[tuple[Path, datetime]]] = {}
    for path, lab, ts, _seq in _scan(Path(dest_dir), label):
        if ts > now + timedelta(minutes=1):
            continue
        groups.setdefault(lab, []).append((path, ts))
    removed = []
    for items in groups.values():
        keep = _select_keep(items, max(policy.daily, 0), max(policy.weekly, 0), max(policy.monthly, 0))
        for path, _ts in items:
            if path in keep:
                continue
            try:
                os.unlink(path)
                removed.append(path)
            except FileNotFoundError:
                pass
            except OSError as exc:
                log.warning("rotation could not remove %s: %s", path, exc)
    prune_attachment_store(Path(dest_dir))
    return removed


def prune_attachment_store(dest_dir: Path) -> list[Path]:
    """Remove from the backup folder's 附件库 the files no backup in the folder names (of any
    label: the store is shared). Nothing is removed if any backup cannot be read (its files are
    unknown), nor a file copied in the last hour (a backup being written may name it)."""
    store = blobs.backup_store(dest_dir)
    if not store.is_dir():
        return []
    keep: set[str] = set()
    for path, _lab, _ts, _seq in _scan(dest_dir, None):
        try:
            conn = open_ro_immutable(path)
            try:
                keep.update(ref.name for ref in blobs.referenced(conn))
            finally:
                conn.close()
        except sqlite3.Error as exc:
            log.warning("attachment store not pruned: %s unreadable (%s)", path, exc)
            return []
    return blobs.BlobFolder(store).prune(keep)


def auto_backup(
    db_path: str | os.PathLike[str],
    dest_dir: str | os.PathLike[str],
    *,
    label: str,
    last_backup_at: datetime | None,
    changed: bool,
    policy: BackupPolicy = BackupPolicy(),
    force: bool = False,
    now: datetime | None = None,
) -> BackupInfo | None:
    """Make a backup if due, then rotate; return it, or None if not due.

    Not due (returns None, reason logged): nothing ``changed`` since the last
    backup (unless there was never one), or less than ``policy.interval`` since
    ``last_backup_at`` (``force=True``, used on close, skips only this interval
    test).  A damaged database is never backed up: the copy the backup API makes
    of it fails its one full check (make_backup raises SourceDamaged, a
    BackupError), and nothing is rotated, so damaged data can never push good
    backups out.  Rotation errors are logged, not raised.
    """
    now = local_naive(now)
    last = local_naive(last_backup_at) if last_backup_at is not None else None
    if last is not None and not changed:
        log.debug("auto backup skipped: nothing changed since %s", last)
        return None
    if last is not None and not force and now - last < policy.interval:
        log.debug("auto backup skipped: last backup %s is newer than %s", last, policy.interval)
        return None
    info = make_backup(db_path, dest_dir, label=label, now=now)  # (SourceDamaged: nothing rotated)
    try:
        rotate_backups(dest_dir, policy=policy, now=now, label=label)
    except Exception as exc:  # noqa: BLE001  # pragma: no cover - rotation must never lose the backup
        log.warning("rotation failed: %s", exc)
    return info
