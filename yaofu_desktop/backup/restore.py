"""Restoring a backup over the live database, the old file kept aside byte for byte.

    result = restore_backup(backup, db, keep_dir=folder, label=label)   # a RestoreResult
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from .. import blobs
from ..errors import os_error_text
from ..fileio import make_folder, remove_quietly
from .check import open_ro_immutable
from .make import (
    KEPT_ASIDE_MARK,
    TIMESTAMP_FORMAT,
    BackupError,
    check_header,
    chmod_private,
    describe_ref,
    fsync_dir,
    inspect_backup,
    local_naive,
    sanitize_label,
    sidecars,
)
from .parts import part_name, remove_leftover_parts

log = logging.getLogger(__name__)


@dataclass
class RestoreResult:
    """What :func:`restore_backup` did."""

    restored_from: Path
    db_path: Path
    kept_aside: list[Path]  # the old live file (+ its -wal/-shm/-journal), may be empty
    counts: dict[str, int]
    total_records: int
    missing_attachments: list[str] = field(default_factory=list)  # named; none found sound


def restore_backup(
    backup_path: str | os.PathLike[str],
    db_path: str | os.PathLike[str],
    *,
    keep_dir: str | os.PathLike[str],
    label: str,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> RestoreResult:
    """Replace the live database with a backup, checked, keeping the old file aside.

    The caller must have closed every connection to ``db_path`` first. Steps: the backup's
    header (a file that is no complete SQLite database is refused, nothing touched); the
    backup copied byte for byte to a hidden file next to ``db_path`` and fsync'd; that copy,
    the file that will be the database, checked once, fully (make.check_copy: damaged →
    :class:`BackupError`, the copy removed, nothing touched); the current live file (even if
    damaged) and its -wal/-shm/-journal kept aside as ``keep_dir/{label}_恢复前_{ts}.db[…]``,
    hard-linked where the folders share a disk, else copied; the backup's 佐证材料 brought into
    the database's folder; the old -wal/-shm/-journal moved away and the copy ``os.replace``d
    onto ``db_path``. ``progress(percent)``, if given, is told how far it got. Leftovers of
    killed restores (hidden ``.part`` files) are removed first, and the free space is checked.
    """
    backup_path = Path(backup_path)
    db_path = Path(db_path)
    keep_dir = Path(keep_dir)
    now = local_naive(now)

    step = progress or (lambda _percent: None)
    size = check_header(backup_path)
    try:
        if db_path.exists() and os.path.samefile(backup_path, db_path):
            raise BackupError("所选备份就是当前正在使用的数据库文件，无需恢复。")
    except OSError:
        pass
    remove_leftover_parts(db_path.parent)
    remove_leftover_parts(keep_dir)
    try:
        free = shutil.disk_usage(db_path.parent).free
    except OSError:
        free = None
    if free is not None and free < size + 1024 * 1024:
        raise BackupError(
            f"恢复未进行：数据库所在的磁盘空间不足（需要约 {size / 1048576:.1f} MB，可用 {free / 1048576:.1f} MB）。"
            "当前数据库没有任何改动。"
        )
    step(10)

    # 1. the backup copied next to the live file, and checked: the file that will be the database
    tmp = db_path.parent / part_name(f"{db_path.name}.restore")
    try:
        _copy_synced(backup_path, tmp)
        step(30)
        info = inspect_backup(tmp, full_check=True, check_attachments=False, shown=backup_path)
        step(60)
    except BaseException as exc:
        remove_quietly(tmp, *sidecars(tmp))
        if isinstance(exc, BackupError):
            raise  # (the backup is damaged: said of the backup, nothing touched)
        if isinstance(exc, OSError):
            why = os_error_text(exc)
            raise BackupError(
                f"恢复未进行：无法在 {db_path.parent} 写入文件（{why}）。当前数据库没有任何改动。"
            ) from exc
        raise

    # 2. keep the live file (and its sidecars) aside, byte for byte
    kept: list[Path] = []
    try:
        kept = _keep_aside(db_path, keep_dir, label, now)
        step(70)
        # 3. its 佐证材料 files into the database's folder (adding files there changes nothing
        # the live file names)
        missing = _restore_attachments(tmp, backup_path, db_path)
        step(85)
    except BaseException as exc:
        remove_quietly(tmp, *sidecars(tmp))
        if isinstance(exc, Exception):
            remove_quietly(*kept)  # the live file was not touched: no copy of it is needed
        if isinstance(exc, OSError):
            why = os_error_text(exc)
            raise BackupError(
                f"恢复未进行：无法把当前数据库另存到 {keep_dir}（{why}）。当前数据库没有任何改动。"
            ) from exc
        raise

    # 4. the swap
    moved: list[tuple[Path, Path]] = []
    try:
        # Stale sidecars of the old file would be applied to (and corrupt) the new one: moved out
        # of the way first, and put back if the swap fails (they may hold the old file's saves)
        for side in sidecars(db_path):
            if side.exists():
                away = side.parent / part_name(f"{side.name}.old")
                os.replace(side, away)
                moved.append((away, side))
        os.replace(tmp, db_path)
        fsync_dir(db_path.parent)
    except OSError as exc:
        put_back = True
        for away, side in moved:
            try:
                os.replace(away, side)
            except OSError:
                put_back = False
                log.error("could not put back %s as %s", away, side)
        remove_quietly(tmp)
        why = os_error_text(exc)
        if put_back:  # the live file is as it was: its copy would only be clutter
            remove_quietly(*kept)
            raise BackupError(
                f"恢复未进行：无法替换数据库文件（{why}）。当前数据库没有任何改动；"
                "请关闭所有使用该数据库的程序后重试。"
            ) from exc
        raise BackupError(
            f"恢复失败：无法替换数据库文件（{why}）。请关闭所有使用该数据库的程序后重试；"
            f"原数据库已另存在 {kept[0] if kept else keep_dir}。"
        ) from exc

    remove_quietly(*(away for away, _ in moved))
    log.info("restored %s from %s (old file kept as %s)", db_path, backup_path, kept)
    return RestoreResult(backup_path, db_path, kept, info.counts, info.total_records, missing)


def _keep_aside(db_path: Path, keep_dir: Path, label: str, now: datetime) -> list[Path]:
    """The live file and its sidecars, as they are, under ``{label}_恢复前_{ts}.db[…]`` in
    ``keep_dir``: a hard link where the folders share a disk (instant: the old file stays whole
    under its new name when the database is replaced), else a copy under a hidden part name
    first, so that a copy cut short (a kill, a full disk) never looks like the kept original."""
    live_files = [p for p in [db_path, *sidecars(db_path)] if p.exists()]
    if not live_files:
        return []
    make_folder(keep_dir)
    base = f"{sanitize_label(label)}_{KEPT_ASIDE_MARK}_{now.strftime(TIMESTAMP_FORMAT)}"
    target = keep_dir / f"{base}.db"
    n = 2
    while any(Path(str(target) + s).exists() for s in ("", "-journal", "-wal", "-shm")):
        target = keep_dir / f"{base}_{n}.db"
        n += 1
    kept: list[Path] = []
    parts: list[Path] = []
    try:
        for src in live_files:
            dst = Path(str(target) + str(src)[len(str(db_path)):])
            try:
                os.link(src, dst)
            except OSError:  # another disk, a file system without links (FAT on a USB drive)
                part = dst.parent / part_name(dst.name)
                parts.append(part)
                _copy_synced(src, part)
                os.replace(part, dst)
            kept.append(dst)
        fsync_dir(keep_dir)
        _keep_attachments_of(target, db_path, keep_dir)
    except BaseException:
        remove_quietly(*kept, *parts)
        raise
    return kept


def _keep_attachments_of(kept: Path, db_path: Path, keep_dir: Path) -> None:
    """The kept-aside file's 佐证材料 copied into keep_dir's store (only those it lacks), so
    that it can itself be restored later, whatever happens to the database's folder. A kept
    file that cannot be read (a damaged one) has nothing to copy."""
    try:
        conn = open_ro_immutable(kept)
        try:
            refs = blobs.referenced(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        return
    if refs:
        blobs.copy_to_store(refs, [blobs.folder_for(db_path)], blobs.backup_store(keep_dir),
                            lambda ref: ref.name)


def _restore_attachments(copy: Path, backup_path: Path, db_path: Path) -> list[str]:
    """Every 佐证材料 file the backup names, brought into the database's folder from the
    backup folder's store; returns those found nowhere sound, named."""
    conn = open_ro_immutable(copy)
    try:
        refs = blobs.referenced(conn)
        if not refs:
            return []
        live = blobs.folder_for(db_path)
        lost = blobs.restore_from(refs, [blobs.backup_store(backup_path.parent), live], live)
        return [describe_ref(conn, ref) for ref in lost]
    finally:
        conn.close()


def _copy_synced(src: Path, dst: Path) -> None:
    """Copy bytes to a new file (mode 0o600), fsync it; no partial file on error. The kernel
    copies where it can (os.sendfile: no pass through Python's buffers)."""
    fd = os.open(dst, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with open(src, "rb") as fin, os.fdopen(fd, "wb") as fout:
            if not _kernel_copy(fin.fileno(), fout.fileno()):
                shutil.copyfileobj(fin, fout, 1024 * 1024)
                fout.flush()
            os.fsync(fout.fileno())
    except BaseException:
        remove_quietly(dst)
        raise
    chmod_private(dst)


def _kernel_copy(fin: int, fout: int) -> bool:
    """The whole of `fin` onto the empty `fout` by os.sendfile (Linux); False where that is not
    there, before anything was written (the caller then copies through Python)."""
    if not sys.platform.startswith("linux") or not hasattr(os, "sendfile"):
        return False
    size = os.fstat(fin).st_size
    offset = 0
    while offset < size:
        try:
            sent = os.sendfile(fout, fin, offset, min(size - offset, 1 << 30))
        except OSError as e:
            if offset == 0 and e.errno in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
                return False
            raise
        if sent == 0:
            break
        offset += sent
    return True
