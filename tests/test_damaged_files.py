"""Files that are not a sound database of this app are refused with a clear message, unchanged."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import file_digest
from yaofu_desktop.errors import DatabaseDamaged, NewerSchema, NotOurDatabase, UserError
from yaofu_desktop.store import Store, check_file

ROOT = Path(__file__).resolve().parents[1]


def _empty(p: Path, demo: Path):
    p.write_bytes(b"")


def _random(p: Path, demo: Path):
    p.write_bytes(os.urandom(8192))


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
    data = bytearray(demo.read_bytes())
    page = 4096
    for i in range(3 * page, min(len(data), 40 * page), page):
        data[i + 8 : i + 200] = os.urandom(192)
    p.write_bytes(bytes(data))


CASES = {
    "empty": (_empty, NotOurDatabase, "空文件"),
    "random": (_random, NotOurDatabase, "不是本软件的数据库"),
    "truncated": (_truncated, DatabaseDamaged, "不完整"),
    "other_sqlite": (_other_sqlite, NotOurDatabase, "其他程序"),
    "newer": (_newer, NewerSchema, "更新版本"),
    "corrupt": (_corrupt_pages, DatabaseDamaged, "损坏"),
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


@pytest.mark.parametrize("case", ["empty", "random", "truncated", "other_sqlite", "newer"])
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
