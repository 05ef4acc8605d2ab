"""Files that are not a sound database of this app are refused with a clear message, unchanged."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import corrupt_pages, corrupt_table, file_digest, noise
from yaofu_desktop.dbfile import check_file
from yaofu_desktop.errors import DatabaseDamaged, NewerSchema, NotOurDatabase, UserError
from yaofu_desktop.store import Store

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


# -- what the clerk is told: Chinese, never SQLite's or the OS's English ------------------------------


SQLITE_WORDS = ("***", "On tree page", "malformed", "btreeInitPage", "Rowid", "database")


def test_damaged_pages_are_named_in_chinese_and_sqlite_words_go_to_the_log(tmp_path, demo_template):
    from yaofu_desktop.backup import quick_check, verify_backup

    path = tmp_path / "damaged.db"
    path.write_bytes(demo_template.read_bytes())
    corrupt_table(path)
    for attempt in (lambda: check_file(path), lambda: Store.open(path), lambda: verify_backup(path)):
        with pytest.raises(UserError) as e:
            attempt()
        msg = e.value.message
        assert "已损坏（第 " in msg and " 页等" in msg, msg
        assert not any(w in msg for w in SQLITE_WORDS), msg
    with pytest.raises(DatabaseDamaged) as e:
        Store.open(path)
    tech = e.value.technical  # one short line for a technician, apart from the message
    assert tech and "\n" not in tech and len(tech) <= 90
    status = quick_check(path)
    assert status is not True and "已损坏" in status and not any(w in status for w in SQLITE_WORDS)
    log = (Path(os.environ["YAOFU_DATA_DIR"]) / "yaofu.log")
    from yaofu_desktop.applog import setup_logging

    setup_logging()  # as cli.main and the window do at start
    with pytest.raises(DatabaseDamaged):
        check_file(path)
    # SQLite's own words, as each version puts them: "On tree page 63 cell 5: …" (3.40),
    # "Tree 63 page 63 cell 5: …" (3.45)
    assert re.search(r"(On tree page|Tree \d+ page) \d+ cell \d+", log.read_text(encoding="utf-8"))


def test_unreadable_file_is_said_in_chinese(tmp_path, demo_template):
    from yaofu_desktop.backup import BackupError, verify_backup

    path = tmp_path / "half.db"
    data = demo_template.read_bytes()
    path.write_bytes(data[:4096] + noise(len(data) - 4096))  # header intact, pages noise
    with pytest.raises(BackupError) as e:
        verify_backup(path)
    assert "已损坏" in e.value.message and not any(w in e.value.message for w in SQLITE_WORDS)


@pytest.mark.parametrize("code, winerror, words", [
    ("ENOSPC", None, "磁盘空间不足"),
    ("EROFS", None, "只读"),
    ("EACCES", None, "没有权限"),
    ("ENOENT", None, "找不到"),
    ("ENOTDIR", None, "不是文件夹"),
    ("EACCES", 32, "正被其他程序占用"),  # Windows: a file another program holds
    ("ENOSPC", 112, "磁盘空间不足"),
    ("EACCES", 5, "没有权限"),
])
def test_os_errors_in_chinese(code, winerror, words):
    import errno

    from yaofu_desktop.errors import os_error_text

    e = OSError(getattr(errno, code), "English words", "/some/file")
    if winerror is not None:
        e.winerror = winerror
    text = os_error_text(e)
    assert words in text and "English" not in text and "Errno" not in text


def test_an_unknown_os_error_falls_back_to_its_own_words():
    from yaofu_desktop.errors import os_error_text

    assert "Strange" in os_error_text(OSError(9999, "Strange failure"))
