"""Making and checking backup files: their names, make_backup (a verified copy through SQLite's
backup API), verify_backup, quick_check, and the cleaning up of copies cut short.

The module treats the database generically (any SQLite file); it knows nothing about the store's
schema. The rules these functions keep are in the package's docstring (backup/__init__.py).
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
import sqlite3
import stat
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import blobs
from ..dbfile import SQLITE_MAGIC, parse_header
from ..errors import UserError, error_text, os_error_text
from ..fileio import (
    connect,
    connect_read_only,
    describe_damage,
    make_folder,
    remove_quietly,
)
from .check import _ro_uri, check_copy, integrity, open_ro_immutable, quote_name
from .parts import STALE_PART_AGE, part_name, remove_leftover_parts, remove_stale_parts  # noqa: F401

log = logging.getLogger(__name__)

TIMESTAMP_FORMAT = "%Y%m%d-%H%M%S"
KEPT_ASIDE_MARK = "恢复前"
_NAME_RE = re.compile(r"^(?P<label>.+)_(?P<ts>\d{8}-\d{6})(?:_(?P<seq>\d{1,4}))?\.db$")

# SQLite primary result codes (sqlite3.Error.sqlite_errorcode & 0xFF).
_SQLITE_PERM = 3
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


class BackupError(UserError):
    """A backup/restore step failed; the message (Chinese) says what happened.

    Whenever this is raised, no incomplete file was left behind and the live
    database was not changed.
    """


class SourceDamaged(BackupError):
    """The copy the backup API made of the database failed its check: the database itself was
    damaged at that moment. No backup was made and nothing was rotated."""


@dataclass
class BackupInfo:
    """One backup file.

    ``counts`` maps every (non-virtual) table to its row count;
    ``total_records`` sums the tables that are not SQLite-internal
    (``sqlite_*``) or shadow tables of virtual (e.g. FTS) tables.
    ``error`` is set (Chinese message) by :func:`list_backups` for files that
    could not be read; such entries have empty counts.
    """

    path: Path
    created: datetime
    size: int
    counts: dict[str, int] = field(default_factory=dict)
    total_records: int = 0
    label: str | None = None
    error: str | None = None
    attachments: int = 0  # 佐证材料 files the backup names
    copied_attachments: int = 0  # of them, copied into the store by this backup
    copied_bytes: int = 0
    attachment_problems: list[str] = field(default_factory=list)  # named, one per file

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def verified(self) -> bool:
        """The database copy is sound and every 佐证材料 file it names is present and sound."""
        return self.ok and not self.attachment_problems


# --------------------------------------------------------------------------- names


_WIN_ILLEGAL = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WIN_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {
    f"LPT{i}" for i in range(1, 10)
}


def sanitize_label(label: str) -> str:
    """Make ``label`` safe as part of a file name on Windows and POSIX."""
    s = _WIN_ILLEGAL.sub("_", str(label or "")).strip()
    s = s.strip(". ")  # no leading dot (hidden/part files), no trailing dot/space (Windows)
    s = s[:60].rstrip(". ")
    if not s:
        s = "备份"
    if s.split(".")[0].upper() in _WIN_RESERVED:
        s = "_" + s
    return s


def backup_name(label: str, when: datetime) -> str:
    """``{label}_{YYYYmmdd-HHMMSS}.db`` with the label sanitized."""
    return f"{sanitize_label(label)}_{when.strftime(TIMESTAMP_FORMAT)}.db"


def parse_name(name: str) -> tuple[str, datetime, int] | None:
    """(label, timestamp, seq) if ``name`` is one of our backup names, else None."""
    if name.startswith("."):
        return None
    m = _NAME_RE.match(name)
    if not m:
        return None
    label = m.group("label")
    if label.endswith("_" + KEPT_ASIDE_MARK) or label == KEPT_ASIDE_MARK:
        return None
    try:
        ts = datetime.strptime(m.group("ts"), TIMESTAMP_FORMAT)
    except ValueError:
        return None
    return label, ts, int(m.group("seq") or 1)


def local_naive(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now()
    if now.tzinfo is not None:
        return now.astimezone().replace(tzinfo=None)
    return now


# --------------------------------------------------------------------------- helpers


def _table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
    ).fetchall()
    counts: dict[str, int] = {}
    for name, sql in rows:
        if (sql or "").lstrip().upper().startswith("CREATE VIRTUAL TABLE"):
            continue  # the rows live in its shadow tables, which are counted
        counts[name] = conn.execute(f"SELECT count(*) FROM {quote_name(name)}").fetchone()[0]
    return counts


def _total_records(conn: sqlite3.Connection, counts: dict[str, int]) -> int:
    virtual = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND upper(ltrim(sql)) LIKE 'CREATE VIRTUAL TABLE%'"
        )
    ]
    total = 0
    for name, n in counts.items():
        if name.startswith("sqlite_"):
            continue
        if any(name.startswith(v + "_") for v in virtual):
            continue
        total += n
    return total


def _unreadable(path: Path, exc: sqlite3.Error, what: str) -> str:
    """A file SQLite could not read, said in Chinese: "{what}已损坏" (or why else it could not be
    read, such as 正被其他程序占用). SQLite's words go to the log."""
    describe_damage(path, exc=exc)
    if _errcode(exc) in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or error_text(exc) == "数据库文件已损坏":
        return f"{what}已损坏"
    return f"无法读取{what}（{error_text(exc)}）"


def _errcode(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or getattr(
            exc, "winerror", None
        ) in (39, 112)  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
    if isinstance(exc, sqlite3.Error):
        return _errcode(exc) == _SQLITE_FULL or "disk is full" in str(exc).lower()
    return False


def _is_not_writable(exc: BaseException) -> bool:
    if isinstance(exc, PermissionError):
        return True
    if isinstance(exc, OSError):
        return exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
    if isinstance(exc, sqlite3.Error):
        return _errcode(exc) in (_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_CANTOPEN) or (
            "readonly" in str(exc).lower() or "unable to open" in str(exc).lower()
        )
    return False


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Persist a rename on POSIX; a no-op where directories can't be opened (Windows)."""
    if sys.platform.startswith("win"):
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sidecars(path: Path) -> list[Path]:
    return [Path(str(path) + s) for s in ("-journal", "-wal", "-shm")]


def chmod_private(path: Path) -> None:
    if os.name == "posix":
        os.chmod(path, 0o600)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


# --------------------------------------------------------------------------- header


def check_header(path: Path, what: str = "备份文件") -> int:
    """Refuse files that are not complete SQLite databases; return the file size."""
    try:
        st = path.stat()
        size = st.st_size
        if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):  # a pipe: never opened
            raise BackupError(f"{what}不是普通文件（可能是管道或设备），不能使用：{path}")
        with open(path, "rb") as f:
            hdr = f.read(100)
    except FileNotFoundError:
        raise BackupError(f"找不到{what}：{path}") from None
    except IsADirectoryError:
        raise BackupError(f"{what}不是文件而是文件夹：{path}") from None
    except OSError as exc:
        raise BackupError(f"无法读取{what}：{path}（{os_error_text(exc)}）") from exc
    if size == 0:
        raise BackupError(f"{what}是空文件，不能使用：{path}")
    if not hdr.startswith(SQLITE_MAGIC):
        raise BackupError(f"该文件不是本程序的数据库备份（不是 SQLite 数据库文件）：{path}")
    if len(hdr) < 100:
        raise BackupError(f"{what}不完整（只有 {size} 字节），可能复制时中断：{path}")
    info = parse_header(path, size, hdr)
    page_size = info.page_size
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        raise BackupError(f"{what}已损坏（文件头中的页大小无效）：{path}")
    if info.page_count > 0:  # the header's page count is valid
        expected = page_size * info.page_count
        if size < expected:
            raise BackupError(
                f"{what}不完整（应有 {expected} 字节，实际只有 {size} 字节），"
                f"可能复制时中断或磁盘已满：{path}"
            )
    elif size < page_size or size % page_size:
        raise BackupError(f"{what}不完整或已损坏（文件大小 {size} 字节不是整页）：{path}")
    if info.wal and info.wal_size > 0:
        # Our backups never use WAL.  This is a live (or not cleanly closed)
        # database: part of its data is in the -wal file, which we neither read
        # nor copy, so using it would silently lose data.
        raise BackupError(
            f"该文件是正在使用中或未正常关闭的数据库，部分数据还在旁边的 -wal 文件里，"
            f"不能直接作为备份使用：{path}。请选择本程序生成的备份文件。"
        )
    return size


def inspect_backup(path: Path, *, full_check: bool, attachment_sources: list[Path] | None = None,
                   check_attachments: bool = True, shown: Path | None = None) -> BackupInfo:
    """Header check + counts (+ the full check of check_copy if ``full_check``, and of the
    佐证材料 files it names unless not ``check_attachments``); read-only. ``shown``: the file the
    messages name (the backup, when `path` is its copy beside the database)."""
    path = Path(path)
    shown = Path(shown or path)
    size = check_header(path)
    parsed = parse_name(path.name)
    try:
        conn = open_ro_immutable(path)
        try:
            if full_check:
                problem = check_copy(path, conn)
                if problem:
                    raise BackupError(f"备份文件已损坏（{problem}），不能使用：{shown}")
            counts = _table_counts(conn)
            total = _total_records(conn, counts)
            refs = blobs.referenced(conn)
            problems: list[str] = []
            if full_check and check_attachments and refs:
                bad = blobs.check_refs(refs, _attachment_sources(path, attachment_sources))
                problems = [f"{describe_ref(conn, ref)}：{why}" for ref, why in bad.items()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{_unreadable(path, exc, '备份文件')}，不能使用：{shown}") from exc
    if parsed:
        label, created = parsed[0], parsed[1]
    else:
        label, created = None, datetime.fromtimestamp(path.stat().st_mtime)
    return BackupInfo(path, created, size, counts, total, label,
                      attachments=len(refs), attachment_problems=problems)


def _attachment_sources(path: Path, extra: list[Path] | None) -> list[Path]:
    """Where a backup's 佐证材料 files may be: its folder's store, then `extra` folders."""
    return [blobs.backup_store(path.parent), *(extra or [])]


def describe_ref(conn: sqlite3.Connection, ref: blobs.BlobRef) -> str:
    """A file a database names, as the clerk finds it: record, caption and file."""
    from ..attachments import describe_ref

    return describe_ref(conn, ref)


# --------------------------------------------------------------------------- public API


def verify_backup(path: str | os.PathLike[str], *, attachment_sources: list[Path] | None = None) -> BackupInfo:
    """Check a backup file without modifying it; raise :class:`BackupError` if unusable.

    Refuses: missing/empty files, files without the SQLite header, truncated
    files (size < page_size * page_count from the header), files failing
    ``PRAGMA integrity_check``. Every 佐证材料 file the backup names is read
    and its hash checked, in the backup folder's store (then in
    ``attachment_sources``): a missing or damaged one is named in
    ``attachment_problems`` (the records are still usable; ``verified`` is
    false).
    """
    return inspect_backup(Path(path), full_check=True, attachment_sources=attachment_sources)


def quick_check(db_path: str | os.PathLike[str]) -> bool | str:
    """``PRAGMA quick_check`` on ``db_path`` opened read-only.

    Returns ``True`` if the database is fine, otherwise a non-empty Chinese
    string describing the problem (so test with ``result is True``).
    Safe to call while the app has the database open (WAL).
    """
    path = Path(db_path)
    if not path.is_file():
        return f"找不到数据库文件：{path}"
    try:
        with open(path, "rb") as f:
            hdr = f.read(16)
    except OSError as exc:
        return f"无法读取数据库文件：{path}（{os_error_text(exc)}）"
    if hdr != SQLITE_MAGIC:
        return f"不是 SQLite 数据库文件：{path}"
    try:
        conn = connect_read_only(path, timeout=10)  # no -wal/-shm left beside a damaged file
        try:
            problem = integrity(conn, path, "quick_check")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return f"{_unreadable(path, exc, '数据库文件')}：{path}"
    return True if problem is None else f"数据库文件已损坏（{problem}）"


def make_backup(
    db_path: str | os.PathLike[str],
    dest_dir: str | os.PathLike[str],
    *,
    label: str,
    now: datetime | None = None,
    create_dir: bool = True,
    link_attachments: bool = False,
) -> BackupInfo:
    """Write a verified, self-contained copy of ``db_path`` into ``dest_dir``.

    The 佐证材料 files the copy names go into ``dest_dir``'s store (only those
    it lacks); ``link_attachments`` hard-links them instead where it can (the
    copy made before a migration, beside the database: files are never
    modified, and a migration never touches them).

    Works while other connections (WAL mode) have the database open; the copy
    is one consistent snapshot.  ``dest_dir`` is created if missing and
    ``create_dir`` is true.  Raises :class:`BackupError`; then no partial file
    is left in ``dest_dir``.
    """
    db_path = Path(db_path)
    dest_dir = Path(dest_dir)
    now = local_naive(now)

    if not db_path.is_file():
        raise BackupError(f"找不到要备份的数据库文件：{db_path}")
    try:
        with open(db_path, "rb") as f:
            if f.read(16) != SQLITE_MAGIC:
                raise BackupError(f"要备份的文件不是 SQLite 数据库，未进行备份：{db_path}")
    except OSError as exc:
        raise BackupError(f"无法读取数据库文件：{db_path}（{os_error_text(exc)}）") from exc

    # The destination folder.
    try:
        if create_dir:
            make_folder(dest_dir)
        if not dest_dir.is_dir():
            raise FileNotFoundError(errno.ENOENT, "not a directory", str(dest_dir))
    except OSError as exc:
        if _is_not_writable(exc):
            raise BackupError(
                f"备份目录不可写：{dest_dir}（{os_error_text(exc)}）。请换一个文件夹。"
            ) from exc
        raise BackupError(
            f"备份目录不存在或无法创建：{dest_dir}（{os_error_text(exc)}）。"
            "请检查U盘或移动硬盘是否已插好，或换一个文件夹。"
        ) from exc

    name = backup_name(label, now)
    final = dest_dir / name
    seq = 2
    while final.exists():
        final = dest_dir / f"{name[:-3]}_{seq}.db"
        seq += 1
    remove_leftover_parts(dest_dir)  # killed backups' copies: before the free-space check
    tmp = dest_dir / part_name(final.name)
    to_clean = [tmp, *sidecars(tmp)]

    stage = "dest"
    src = dst = None
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_RDWR | getattr(os, "O_BINARY", 0), 0o600)
        os.close(fd)
        chmod_private(tmp)

        for attempt in ("as found", "through its log"):
            stage = "source"
            src, stamp = _open_source(db_path, through_log=attempt != "as found")
            src.execute("BEGIN")
            # reading starts the read transaction: the size and the copy share one snapshot
            page_size = src.execute("PRAGMA page_size").fetchone()[0]
            page_count = src.execute("PRAGMA page_count").fetchone()[0]
            _check_free_space(dest_dir, page_size * page_count)

            stage = "write"
            dst = sqlite3.connect(tmp, isolation_level=None, timeout=15)
            # the copy is a hidden temporary file, thrown away if anything goes wrong, and synced as
            # a whole before it is renamed into place: no journal and no sync per page are needed
            # while it is written (the copy takes half the time)
            dst.execute("PRAGMA journal_mode=OFF")
            dst.execute("PRAGMA synchronous=OFF")
            src.backup(dst)
            src.execute("COMMIT")
            src.close()
            src = None
            if stamp is None or stamp == _stamp(db_path):
                break
            # read as a file no program had open, and a program wrote it meanwhile: read again,
            # this time through its write-ahead log (SQLite then sees one consistent snapshot)
            log.info("%s changed while it was copied: copied again through its log", db_path)
            dst.close()
            dst = None
        assert dst is not None  # the loop above leaves the copy open
        dst.execute("PRAGMA journal_mode=DELETE").fetchone()

        stage = "verify"
        # the one check: the copy of a sound database is sound, so a copy that fails shows the
        # database was damaged when it was read; no backup is made and nothing is rotated
        try:
            problem = check_copy(tmp, dst)
        except sqlite3.DatabaseError as exc:  # so damaged that SQLite cannot even check it
            problem = _unreadable(tmp, exc, "副本")
        if problem:
            raise SourceDamaged(_damaged_source(f"数据库文件已损坏（{problem}）：备份时复制出的副本未通过完整性检查"))
        dst_counts = _table_counts(dst)
        total = _total_records(dst, dst_counts)
        refs = blobs.referenced(dst)
        copied = blobs.CopyResult()
        if refs:
            stage = "attachments"
            named = dst
            copied = blobs.copy_to_store(
                refs, [blobs.folder_for(db_path)], blobs.backup_store(dest_dir),
                lambda ref: describe_ref(named, ref), link=link_attachments,
            )
        dst.close()
        dst = None

        stage = "write"
        with open(tmp, "rb") as f:
            hdr = f.read(20)
        if hdr[18:20] != b"\x01\x01":  # pragma: no cover - defensive
            raise BackupError("备份失败：无法把备份转换为单文件格式，未留下不完整的文件。")
        remove_quietly(*sidecars(tmp))
        _fsync_file(tmp)
        size = tmp.stat().st_size
        os.replace(tmp, final)
        fsync_dir(dest_dir)
    except BaseException as exc:
        for c in (dst, src):
            if c is not None:
                try:
                    c.close()
                except Exception:  # noqa: BLE001  # pragma: no cover - closing what failed
                    pass
        remove_quietly(*to_clean)
        if isinstance(exc, BackupError) or not isinstance(exc, (OSError, sqlite3.Error)):
            raise
        raise _translate(exc, stage, db_path, dest_dir) from exc

    log.info("backup written: %s (%d records, %d attachment files, %d copied)",
             final, total, len(refs), copied.copied)
    for line in copied.problems:
        log.warning("backup %s: attachment not backed up: %s", final, line)
    if not link_attachments:
        _prune_live(db_path, refs)
    return BackupInfo(final, now, size, dst_counts, total, sanitize_label(label),
                      attachments=len(refs), copied_attachments=copied.copied,
                      copied_bytes=copied.copied_bytes, attachment_problems=copied.problems)


def _stamp(path: Path) -> tuple[int, int, bool] | None:
    """What tells that a file was written: its size, its time, and whether a log is beside it."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    wal = Path(str(path) + "-wal")
    return st.st_size, st.st_mtime_ns, wal.exists() and wal.stat().st_size > 0


def _open_source(db_path: Path, *, through_log: bool) -> tuple[sqlite3.Connection, tuple[Any, ...] | None]:
    """The database to back up, read-only, writing nothing beside it.

    With a write-ahead log beside it (a program has it open, or was stopped with it open) it is
    read through the log, as SQLite reads it then: -wal and -shm are already there. Without one,
    nothing has it open: it is read as it is (immutable), so that a read-only file or folder (a
    CD, a write-protected stick, a file that is 0400) is backed up without a -wal or -shm made
    beside it that could not be written later. Returns the connection and, for the latter, the
    file's stamp, to tell whether a program wrote it while it was copied (then it is read again,
    through_log)."""
    stamp = None if through_log else _stamp(db_path)
    if stamp is None or stamp[2]:
        return connect(_ro_uri(db_path, immutable=False), uri=True, isolation_level=None, timeout=15), None
    return connect(_ro_uri(db_path, immutable=True), uri=True, isolation_level=None, timeout=15), stamp


def _check_free_space(dest_dir: Path, needed: int) -> None:
    """Refuse before writing when the backup folder has no room for the copy (leftovers of this
    database's killed copies have been removed already; others in progress are said)."""
    try:
        free = shutil.disk_usage(dest_dir).free
    except OSError:
        return
    if free < needed + 1024 * 1024:
        raise BackupError(
            f"备份失败：目标磁盘空间不足（需要约 {_mb(needed)}，可用 {_mb(free)}），"
            f"未留下不完整的文件。请清理磁盘或换一个备份位置。"
        )


def _damaged_source(what: str) -> str:
    return (f"未备份：数据库自检未通过，{what}。未进行备份，已有的备份均保留，未做任何删除；"
            "请尽快从备份恢复，或联系技术人员。")


LIVE_ORPHAN_AGE = 30 * 24 * 3600


def _prune_live(db_path: Path, refs: list[blobs.BlobRef]) -> None:
    """Files beside the database that its records no longer name (attachments removed) go
    once a backup was made and they are a month old: a backup made while they were named holds
    them, and a restore fetches them from there; 撤销 of a removal happens within a session.
    Never raises."""
    try:
        blobs.BlobFolder(blobs.folder_for(db_path)).prune({r.name for r in refs}, min_age=LIVE_ORPHAN_AGE)
    except OSError as exc:  # pragma: no cover - tidying must never fail a backup
        log.warning("could not tidy %s: %s", blobs.folder_for(db_path), exc)


def _translate(exc: BaseException, stage: str, db_path: Path, dest_dir: Path) -> BackupError:
    log.warning("backup of %s to %s failed (%s): %r", db_path, dest_dir, stage, exc)
    if _is_disk_full(exc):
        return BackupError(
            "备份失败：目标磁盘空间不足，未留下不完整的文件。请清理磁盘或换一个备份位置。"
        )
    if stage == "source":
        if isinstance(exc, sqlite3.Error) and _errcode(exc) in (_SQLITE_READONLY, _SQLITE_CANTOPEN) \
                and Path(str(db_path) + "-wal").exists():
            return BackupError(
                f"备份失败：数据库旁有 -wal 文件（其中可能有尚未并入数据库的修改），而它所在的位置只读，"
                f"无法读取：{db_path}。请把数据库连同旁边的 -wal 文件复制到可写的文件夹后再备份；"
                "未留下不完整的文件。"
            )
        if isinstance(exc, sqlite3.Error) and _errcode(exc) in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            return SourceDamaged(_damaged_source(_unreadable(db_path, exc, "数据库文件")))
        return BackupError(
            f"备份失败：无法读取数据库 {db_path}（{error_text(exc)}），未留下不完整的文件。"
        )
    if _is_not_writable(exc) or stage == "dest":
        return BackupError(
            f"备份目录不可写：{dest_dir}（{error_text(exc)}）。未留下不完整的文件，请换一个文件夹。"
        )
    if isinstance(exc, sqlite3.Error) and _errcode(exc) == _SQLITE_IOERR:
        return BackupError(
            "备份失败：写入时发生读写错误，可能是U盘被拔出或磁盘故障，未留下不完整的文件。"
        )
    return BackupError(f"备份失败（{error_text(exc)}），未留下不完整的文件。")


_check_header = check_header  # (the name earlier versions used)
