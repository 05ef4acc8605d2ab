"""Writing export files safely: a temporary file in the target folder, then os.replace.

A failed or interrupted export never leaves a half-written file and never replaces the clerk's
existing file; what is written is readable by its owner only (POSIX).
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import stat
import tempfile
import urllib.parse
from pathlib import Path
from typing import Callable, TypeVar

from .errors import UserError, os_error_text

T = TypeVar("T")

log = logging.getLogger(__name__)


def check_target(out: str | os.PathLike) -> Path:
    """The folder an export goes to: refused (UserError) before any work when the file cannot
    be written there (no such folder, or the name is a folder)."""
    out = Path(out)
    folder = out.parent if str(out.parent) not in ("", ".") else Path(".")
    if not folder.is_dir():
        raise UserError(f"文件夹不存在：{folder}")
    if out.is_dir():
        raise UserError(f"“{out}”是一个文件夹，请给出要保存的文件名")
    return folder


def make_folder(path: str | os.PathLike) -> Path:
    """``mkdir -p``, every folder it makes readable by its owner only (POSIX; pathlib's
    mkdir(parents=True) gives the folders above the last the default, world-readable mode)."""
    path = Path(path)
    missing = []
    p = path
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=0o700)
        except FileExistsError:
            pass
    return path


def owner_only(path: str | os.PathLike, what: str = "file") -> bool:
    """POSIX: take the group's and others' permissions off a file (or folder) of ours that has
    them, saying so in the log; True if it changed. Nothing happens elsewhere, or to a file
    another user owns."""
    if os.name != "posix":
        return False
    try:
        st = os.stat(path)
    except OSError:
        return False
    mode = stat.S_IMODE(st.st_mode)
    if not mode & 0o077 or st.st_uid != os.geteuid():
        return False
    try:
        os.chmod(path, mode & 0o700)
    except OSError as e:
        log.warning("could not make %s %s owner-only (%o): %s", what, path, mode, e)
        return False
    log.warning("%s %s was readable by others (%o): now owner-only (%o)", what, path, mode, mode & 0o700)
    return True


def write_atomically(write: Callable[[str], T], out: str | os.PathLike) -> T:
    """Call `write(tmp_path)`, then move the finished file onto `out`. Returns what write returned."""
    out = Path(out)
    folder = check_target(out)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise UserError(f"无法在文件夹“{folder}”中保存文件（{os_error_text(e)}）") from None
    os.close(fd)
    try:
        result = write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if os.name == "posix":
            os.chmod(tmp, 0o600)
        try:
            os.replace(tmp, out)
        except PermissionError:
            raise UserError(
                f"无法写入“{out.name}”：文件可能正在 WPS、Excel 或 PDF 阅读器中打开，请关闭后再试"
            ) from None
        return result
    except OSError as e:
        raise UserError(f"无法保存“{out}”（{os_error_text(e)}）") from None
    finally:
        if os.path.exists(tmp):
            try:
                os.unlink(tmp)
            except OSError:
                pass


def sqlite_uri(path: str | os.PathLike, *, immutable: bool = False) -> str:
    """A read-only ``file:`` URI SQLite accepts, also for Windows drive and UNC paths
    (``Path.as_uri`` would put a UNC server into the authority, which SQLite rejects).

    `immutable` tells SQLite the file cannot change: it then takes no locks and makes no
    -wal/-shm files beside it (right for a closed file; wrong while another program writes)."""
    p = Path(os.path.abspath(path)).as_posix()
    if re.match(r"^[A-Za-z]:", p):
        p = "/" + p  # file:///C:/...
    elif p.startswith("//"):
        p = "//" + p  # file:////server/share/...
    uri = "file://" + urllib.parse.quote(p, safe="/:") + "?mode=ro"
    return uri + "&immutable=1" if immutable else uri


class Connection(sqlite3.Connection):
    """An sqlite3 connection whose statements fail with sqlite3.DatabaseError on a damaged file.

    A damaged schema can put bytes that are not UTF-8 into SQLite's error message; Python then
    raises UnicodeDecodeError instead of the DatabaseError every caller handles as "damaged"."""

    def execute(self, sql, parameters=(), /):
        try:
            return super().execute(sql, parameters)
        except UnicodeDecodeError:
            raise sqlite3.DatabaseError("database disk image is malformed") from None


def connect(database: str | os.PathLike, **kw) -> sqlite3.Connection:
    """sqlite3.connect with our Connection class."""
    return sqlite3.connect(database, factory=Connection, **kw)


def connect_read_only(path: str | os.PathLike, **kw) -> sqlite3.Connection:
    """A read-only connection that leaves the folder as it was: immutable when no write-ahead
    log is beside the file (nothing is writing it), plain read-only otherwise."""
    in_use = Path(str(path) + "-wal").exists()
    return connect(sqlite_uri(path, immutable=not in_use), uri=True, **kw)


def integrity_problems(
    conn: sqlite3.Connection, pragma: str = "integrity_check", limit: int | None = None
) -> list[str]:
    """SQLite's own check (``integrity_check`` or ``quick_check``): [] when sound, else its
    messages. A damaged page can put bytes that are not UTF-8 into a message (the name of a
    broken index, say): they are shown as U+FFFD, never raised as a decoding error."""
    if pragma not in ("integrity_check", "quick_check"):
        raise ValueError(pragma)
    saved = conn.text_factory
    conn.text_factory = lambda b: b.decode("utf-8", errors="replace")
    try:
        sql = f"PRAGMA {pragma}" + (f"({int(limit)})" if limit else "")
        rows = [str(r[0]) for r in conn.execute(sql).fetchall()]
    finally:
        conn.text_factory = saved
    return [] if rows == ["ok"] else (rows or ["未知错误"])


_PAGE_RE = re.compile(r"\bpage (\d+)")


def damage_lines(problems: list[str]) -> list[str]:
    """The single problems in integrity_check's output (one row may hold several lines, the
    first headed ``*** in database main ***``)."""
    lines = []
    for p in problems:
        for line in str(p).splitlines():
            line = line.strip()
            if line and not (line.startswith("***") and line.endswith("***")):
                lines.append(line)
    return lines


def damage_where(problems: list[str], limit: int | None = None) -> str:
    """Where integrity_check found damage, in Chinese: "第 142 页等 60 处", "第 3 页", "5 处"
    ("至少 3 处" when the check stopped at `limit`). SQLite's English lines stay in the log."""
    lines = damage_lines(problems)
    n = len(lines)
    if n == 0:
        return ""
    pages = [int(m) for line in lines for m in _PAGE_RE.findall(line)]
    many = f"至少 {n} 处" if n >= (limit or 100) else f"{n} 处"  # SQLite stops at 100 by default
    if not pages:
        return many
    return f"第 {pages[0]} 页" if n == 1 else f"第 {pages[0]} 页等{'' if many[0] == '至' else ' '}{many}"


def damage_technical(problems: list[str], limit: int = 90) -> str:
    """One short line of SQLite's own words, for a technician (the first problem, cut short)."""
    lines = damage_lines(problems)
    if not lines:
        return ""
    first = lines[0]
    return first if len(first) <= limit else first[: limit - 1] + "…"


def describe_damage(
    path: str | os.PathLike,
    problems: list[str] | None = None,
    exc: BaseException | None = None,
    limit: int | None = None,
) -> tuple[str, str]:
    """What the clerk is told of a damaged file: (where, technical). `where` is
    :func:`damage_where` of integrity_check's `problems` ("" when SQLite could not even read the
    file and raised `exc`); `technical` one short line of SQLite's words. The whole of SQLite's
    output goes to the log (yaofu.log in the data folder), not to the clerk."""
    if problems:
        log.warning("integrity check of %s failed:\n%s", path, "\n".join(map(str, problems)))
        return damage_where(problems, limit), damage_technical(problems)
    log.warning("%s cannot be read as a database: %s", path, exc)
    return "", str(exc or "")[:90]


def remove_quietly(*paths: str | os.PathLike) -> None:
    """Remove files that may not exist (temporary and leftover files); a failure is only logged."""
    for p in paths:
        try:
            os.unlink(p)
        except FileNotFoundError:
            pass
        except OSError as exc:  # best effort
            log.warning("could not remove %s: %s", p, exc)
