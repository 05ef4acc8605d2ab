"""A database file as a file: what its SQLite header says (inspect_file), whether this app may
open it (refuse_reason), a full read-only check (check_file), and single values read from it
without opening it as a Store (read_profile_value, read_data_version). Nothing here writes.

    info = inspect_file("台账.db")        # FileInfo: size, page size and count, versions, WAL
    reason = refuse_reason(info)          # a UserError to raise, or None
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import DatabaseDamaged, NewerSchema, NotOurDatabase, UserError, os_error_text
from .fileio import connect_read_only, describe_damage, integrity_problems

APP_ID = 0x59414F46  # "YAOF", written to PRAGMA application_id
SCHEMA_VERSION = 2  # the data version this app writes: store.MIGRATIONS brings older files up to it
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class FileInfo:
    path: Path
    exists: bool
    size: int = 0
    is_sqlite: bool = False
    page_size: int = 0
    page_count: int = 0
    user_version: int = 0
    application_id: int = 0
    wal: bool = False
    wal_size: int = 0  # size of the write-ahead log beside the file, if any
    special: bool = False  # not a regular file: a named pipe, a device, a socket (never opened)

    @property
    def page_size_valid(self) -> bool:
        """The header's page size is one SQLite writes: a power of two from 512 to 65536."""
        ps = self.page_size
        return 512 <= ps <= 65536 and ps & (ps - 1) == 0

    @property
    def truncated(self) -> bool:
        """Shorter than its header says. Not judged while a write-ahead log holds pages: a file
        killed mid-checkpoint is short until SQLite replays the log, which it does on open."""
        if self.wal and self.wal_size > 0 or not self.page_size_valid:
            return False
        return self.is_sqlite and self.page_count > 0 and self.size < self.page_size * self.page_count


def inspect_file(path: str | os.PathLike[str]) -> FileInfo:
    """Read the SQLite header (first 100 bytes) without opening the file as a database."""
    p = Path(path)
    if not p.exists():
        return FileInfo(p, False)
    if p.is_dir():
        return FileInfo(p, True)
    st = p.stat()
    if not stat.S_ISREG(st.st_mode):  # reading a named pipe would wait for ever
        return FileInfo(p, True, special=True)
    size = st.st_size
    try:
        with open(p, "rb") as f:
            header = f.read(100)
    except OSError as e:
        raise UserError(
            f"无法读取“{p.name}”（{os_error_text(e)}）；请确认有读取权限，且文件没有被其他程序锁定"
        ) from None
    return parse_header(p, size, header)


def parse_header(path: Path, size: int, header: bytes) -> FileInfo:
    """What a file's first 100 bytes say (its size given); not SQLite unless all 100 are there."""
    info = FileInfo(path, True, size=size)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return info
    info.is_sqlite = True
    (ps,) = struct.unpack(">H", header[16:18])
    info.page_size = 65536 if ps == 1 else ps
    info.wal = header[18] == 2
    wal = Path(str(path) + "-wal")
    info.wal_size = wal.stat().st_size if wal.exists() else 0
    change_counter, in_header_count = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    if valid_for == change_counter:
        info.page_count = in_header_count
    (info.user_version,) = struct.unpack(">I", header[60:64])
    (info.application_id,) = struct.unpack(">I", header[68:72])
    return info


def not_a_regular_file(path: str | os.PathLike[str]) -> str:
    return f"“{Path(path).name}”不是普通文件（可能是管道、设备或套接字），不是数据库文件；文件未作任何改动"


def refuse_reason(info: FileInfo, *, advice: str = "请从备份恢复") -> UserError | None:
    """Why a file cannot be opened as a database of this app, judged from its header alone.
    `advice`: what to do about a damaged (truncated) file; a backup's is to choose another."""
    name = info.path.name
    if not info.exists:
        return UserError(f"找不到数据库文件：{info.path}")
    if info.path.is_dir():
        return NotOurDatabase(f"“{name}”是一个文件夹，不是数据库文件")
    if info.special:
        return NotOurDatabase(not_a_regular_file(info.path))
    if info.size == 0:
        return NotOurDatabase(f"“{name}”是空文件，不是本软件的数据库；文件未作任何改动")
    if not info.is_sqlite:
        return NotOurDatabase(
            f"“{name}”不是本软件的数据库（不是 SQLite 数据库文件，可能已损坏或是其他类型的文件）；"
            "文件未作任何改动"
        )
    if info.application_id != APP_ID:
        return NotOurDatabase(
            f"“{name}”是其他程序的 SQLite 数据库，不是法治台账的数据库；文件未作任何改动"
        )
    if info.user_version > SCHEMA_VERSION:
        return NewerSchema(
            f"“{name}”由更新版本的法治台账创建（数据库版本 {info.user_version}，"
            f"本软件支持到 {SCHEMA_VERSION}），请升级软件后再打开；文件未作任何改动"
        )
    if not info.page_size_valid:
        return DatabaseDamaged(
            f"“{name}”的文件头已损坏：其中的页大小 {info.page_size} 无效（应为 512 到 65536 之间的 2 的幂），"
            f"无法按数据库读取；{advice}。文件未作任何改动"
        )
    if info.truncated:
        return DatabaseDamaged(
            f"“{name}”不完整（文件被截断，只有 {info.size} 字节，应有 "
            f"{info.page_size * info.page_count} 字节），可能在复制时中断；{advice}。文件未作任何改动"
        )
    return None


def damaged_error(
    path: Path, problems: list[str] | None = None, exc: BaseException | None = None,
    limit: int | None = None, where: str | None = None,
) -> DatabaseDamaged:
    """A damaged database, said in Chinese ("数据库文件“x.db”已损坏（第 142 页等 60 处）…");
    SQLite's own words go to the log, and one short line of them to ``technical``."""
    found, technical = describe_damage(path, problems, exc, limit)
    where = found if where is None else where
    what = f"（{where}）" if where else ""
    return DatabaseDamaged(
        f"数据库文件“{Path(path).name}”已损坏{what}，无法使用；请从备份恢复。文件未作任何改动",
        technical,
    )


def read_only_connection(path: Path) -> sqlite3.Connection:
    """Read-only, leaving the folder exactly as it was (see fileio.connect_read_only)."""
    conn = connect_read_only(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def read_profile_value(path: str | os.PathLike[str], key: str) -> Any:
    """One profile value of a database or backup file, read-only; None if it cannot be read."""
    try:
        conn = read_only_connection(Path(path))
        try:
            row = conn.execute("SELECT value FROM profile WHERE key = ?", (key,)).fetchone()
        finally:
            conn.close()
        return json.loads(row[0]) if row else None
    except (sqlite3.Error, TypeError, ValueError):
        return None


def read_data_version(path: str | os.PathLike[str]) -> int | None:
    """Store.data_version() of a database or backup file (its newest audit entry), read-only;
    None if it cannot be read."""
    try:
        conn = read_only_connection(Path(path))
        try:
            version: int = conn.execute("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetchone()[0]
            return version
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def check_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Integrity and schema version of a file, read-only. Raises UserError when it is not sound."""
    info = inspect_file(path)
    reason = refuse_reason(info)
    if reason:
        raise reason
    from .ledgers import LEDGERS  # (here: the definitions cost a command's start-up)

    try:
        conn = read_only_connection(info.path)
        try:
            problems = integrity_problems(conn)
            fk = conn.execute("PRAGMA foreign_key_check").fetchall()
            tables = {
                r[0]
                for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            counts = {
                lg.name: conn.execute(f"SELECT COUNT(*) FROM [{lg.name}]").fetchone()[0]
                for lg in LEDGERS
                if lg.name in tables
            }
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise damaged_error(info.path, exc=e) from None
    if problems or fk:
        raise damaged_error(info.path, problems or [f"foreign_key_check: {fk[:5]}"],
                            where=None if problems else "记录之间的关联不一致")
    return {
        "path": str(info.path),
        "schema_version": info.user_version,
        "current_version": SCHEMA_VERSION,
        "integrity": "ok",
        "records": counts,
        "total_records": sum(counts.values()),
    }
