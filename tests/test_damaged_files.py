"""Files that are not a sound database of this app are refused with a clear message, unchanged."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import corrupt_pages, file_digest, noise
from yaofu_desktop.errors import DatabaseDamaged, NewerSchema, NotOurDatabase, UserError
from yaofu_desktop.store import Store, check_file

ROOT = Path(__file__).resolve().parents[1]


def _empty(p: Path, demo: Path):
    p.write_bytes(b"")


def _random(p: Path, demo: Path):
    p.write_bytes(noise(8192))


def _truncated(p: Path, demo: Path):
    p.write_bytes(demo.read_bytes()[: demo.stat().st_size // 2])


def _other_sqlite(p: Path, demo: Path):
    with sqlite3.connect(p) as c:
        c.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        c.execute("INSERT INTO moz_places(url) VALUES ('https://example.org')")


def _newer(p: Path, demo: Path):
    p.write_bytes(demo.read_bytes())
    with sqlite3.connect(p) as c:
        c.execute("PRAGMA user_version=99")
    c.close()


def _corrupt_pages(p: Path, demo: Path):
    p.write_bytes(corrupt_pages(demo.read_bytes()))


def _undecodable_schema(p: Path, demo: Path):
    """A damaged schema row whose bytes are not UTF-8: SQLite's error message then carries those
    bytes, and Python's sqlite3 raises UnicodeDecodeError instead of DatabaseError (what random
    page damage did now and then)."""
    p.write_bytes(demo.read_bytes())
    c = sqlite3.connect(p)
    c.execute("PRAGMA writable_schema=ON")
    (index,) = c.execute("SELECT name FROM sqlite_master WHERE type='index' LIMIT 1").fetchone()
    c.execute("UPDATE sqlite_master SET sql = CAST(X'435245415445209384' AS TEXT) WHERE name=?", (index,))
    c.commit()
    c.close()


CASES = {
    "empty": (_empty, NotOurDatabase, "空文件"),
    "random": (_random, NotOurDatabase, "不是本软件的数据库"),
    "truncated": (_truncated, DatabaseDamaged, "不完整"),
    "other_sqlite": (_other_sqlite, NotOurDatabase, "其他程序"),
    "newer": (_newer, NewerSchema, "更新版本"),
    "corrupt": (_corrupt_pages, DatabaseDamaged, "损坏"),
    "undecodable_schema": (_undecodable_schema, DatabaseDamaged, "损坏"),
}


@pytest.mark.parametrize("case", CASES)
def test_refused_and_unchanged(case, tmp_path, demo_template):
    make, error, words = CASES[case]
    path = tmp_path / f"{case}.db"
    make(path, demo_template)
    digest = file_digest(path)
    listing = sorted(os.listdir(tmp_path))
    for attempt in (lambda: check_file(path), lambda: Store.open(path), lambda: Store.open(path, readonly=True)):
        with pytest.raises(error) as e:
            attempt()
        msg = e.value.message
        assert words in msg or "未通过完整性检查" in msg, msg
        assert "未作任何改动" in msg
    assert file_digest(path) == digest
    assert sorted(os.listdir(tmp_path)) == listing  # no -wal, -shm or copies left behind


def test_page_damage_is_always_refused_as_damage(tmp_path, demo_template):
    """Many patterns of page damage: each is refused as a damaged file (never an unexpected
    error such as a message SQLite could not give in UTF-8), and the file is left as it was."""
    from yaofu_desktop.backup import BackupError, quick_check, verify_backup

    path = tmp_path / "damaged.db"
    for seed in range(60):
        path.write_bytes(corrupt_pages(demo_template.read_bytes(), seed))
        digest = file_digest(path)
        with pytest.raises(UserError):
            check_file(path)
        with pytest.raises(UserError):
            Store.open(path)
        with pytest.raises(BackupError):
            verify_backup(path)
        assert quick_check(path) is not True
        assert file_digest(path) == digest
    assert sorted(os.listdir(tmp_path)) == ["damaged.db"]


@pytest.mark.parametrize("case", ["empty", "random", "truncated", "other_sqlite", "newer", "undecodable_schema"])
def test_check_command_exit_code(case, tmp_path, demo_template):
    make, _, words = CASES[case]
    path = tmp_path / f"{case}.db"
    make(path, demo_template)
    digest = file_digest(path)
    r = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "check", "--db", str(path)],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path,
    )
    assert r.returncode == 1
    assert words in r.stderr and "Traceback" not in r.stderr
    assert file_digest(path) == digest


def test_missing_file_is_not_created(tmp_path):
    with pytest.raises(UserError, match="找不到数据库文件"):
        Store.open(tmp_path / "nope.db")
    assert not (tmp_path / "nope.db").exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file modes")
def test_read_only_file(demo_db):
    demo_db.chmod(0o400)
    with pytest.raises(UserError, match="只读"):
        Store.open(demo_db)
    with Store.open(demo_db, readonly=True) as s:
        assert s.count("mediations") > 0


def test_read_only_folder_message(demo_db, monkeypatch):
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == demo_db.parent else real_access(p, mode))
    with pytest.raises(UserError, match="不可写"):
        Store.open(demo_db)
