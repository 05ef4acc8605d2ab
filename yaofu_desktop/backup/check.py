"""The one full check of a copy (a new backup, a backup copied beside the database to be
restored): SQLite's PRAGMA integrity_check, on two cores for a copy of some size.

    problem = check_copy(path)     # None if sound, else where the damage is, in Chinese
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..fileio import connect, describe_damage, integrity_problems, sqlite_uri


def _ro_uri(path: Path, *, immutable: bool) -> str:
    return sqlite_uri(path, immutable=immutable)


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def open_ro_immutable(path: Path) -> sqlite3.Connection:
    return connect(_ro_uri(path, immutable=True), uri=True, isolation_level=None)


_CHECK_LIMIT = 5  # problems an integrity check looks for before it stops
SPLIT_CHECK_BYTES = 8 * 1024 * 1024  # a copy this big is checked on two cores


def integrity(conn: sqlite3.Connection, path: Path, pragma: str = "integrity_check") -> str | None:
    """None if sound, else where the damage is, in Chinese ("第 63 页等至少 5 处"); SQLite's own
    words go to the log."""
    rows = integrity_problems(conn, pragma, limit=_CHECK_LIMIT)
    if not rows:
        return None
    return _said(path, rows)


def _said(path: Path, rows: list[str]) -> str:
    return describe_damage(path, rows, limit=_CHECK_LIMIT)[0] or "发现问题"


def check_copy(path: Path, conn: sqlite3.Connection | None = None) -> str | None:
    """The one full check of a copy (a new backup, a backup copied beside the database to be
    restored): None if sound, else where the damage is, in Chinese.

    It is SQLite's PRAGMA integrity_check. A copy of some size, when a core is free, has its work
    done on two cores:
    ``quick_check`` (every page and b-tree, the free list, no page used twice or never) and
    ``integrity_check(table)`` of each table (its rows against its indexes) share a queue
    between two connections; together that is everything integrity_check checks, as it would
    report it. `conn`, if given, is used for a check on one core."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size < SPLIT_CHECK_BYTES or not _spare_core() or sqlite3.sqlite_version_info < (3, 33):
        if conn is not None:
            return integrity(conn, path)
        c = open_ro_immutable(path)
        try:
            return integrity(c, path)
        finally:
            c.close()
    return _split_check(path)


def _spare_core() -> bool:
    """Whether a second core is free for the check. Split, the check does about 40 % more work
    (quick_check and each table's check both walk the b-trees): worth it only when the other
    core would idle, as on a clerk's PC; on a busy machine (load average at or over the cores
    less one half; POSIX) it would only take CPU from the rest and end no sooner."""
    cores = os.cpu_count() or 1
    if cores < 2:
        return False
    try:
        return os.getloadavg()[0] < cores - 0.5
    except (AttributeError, OSError):  # Windows: no load average
        return True


def _split_check(path: Path) -> str | None:
    import queue
    import threading

    c = open_ro_immutable(path)
    try:
        tables = c.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND upper(ltrim(sql)) NOT LIKE 'CREATE VIRTUAL TABLE%'"
        ).fetchall()
        weight = {}
        for (name,) in tables:  # rows × (1 + indexes): what a table's check costs, roughly
            n_idx = c.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
                              (name,)).fetchone()[0]
            weight[name] = c.execute(f"SELECT count(*) FROM {quote_name(name)}").fetchone()[0] * (1 + n_idx)
    finally:
        c.close()
    work: queue.SimpleQueue[tuple[str, str]] = queue.SimpleQueue()
    work.put(("PRAGMA quick_check", "quick_check"))
    for name in sorted(weight, key=lambda n: weight[n], reverse=True):
        work.put((f"PRAGMA integrity_check({quote_name(name)})", name))
    problems: list[str] = []
    failed: list[BaseException] = []

    def worker() -> None:
        try:
            conn = open_ro_immutable(path)
        except BaseException as e:  # noqa: BLE001 - said by the caller
            failed.append(e)
            return
        try:
            conn.text_factory = lambda b: b.decode("utf-8", errors="replace")
            while not problems and not failed:
                try:
                    sql, _what = work.get_nowait()
                except queue.Empty:
                    return
                rows = [str(r[0]) for r in conn.execute(sql).fetchall()]
                if rows != ["ok"]:
                    problems.extend(rows or ["未知错误"])
        except BaseException as e:  # noqa: BLE001 - said by the caller
            failed.append(e)
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, name=f"check-{i}", daemon=True) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failed:
        raise failed[0]
    return _said(path, problems) if problems else None
