"""Backups and restores on a bad day (issue 11): another township's backup, killed copies,
read-only files and folders, permissions, a damaged database and its backups."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from yaofu_desktop.store import RecordQuery, Store

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args, env=None, prefix=()):
    return subprocess.run([*prefix, sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=env)


# -- hole 5: another township's backup ------------------------------------------------------------


def test_restore_refuses_another_townships_backup_unless_forced(demo_db, tmp_path):
    """The window asks before it restores another township's backup; the command line replaced
    the database without asking and warned after. It refuses, naming both, unless --force."""
    from yaofu_desktop.backup import make_backup

    other = tmp_path / "其他镇.db"
    with Store.open(other, create=True, profile={"township": "青石镇", "report_year": 2025}) as s:
        s.insert("meetings", {"date": "2025-02-01", "kind": "专题会议", "topic": "青石镇的会议"})
    theirs = make_backup(other, tmp_path / "备份", label="青石镇").path
    with Store.open(demo_db, readonly=True) as s:
        ours = s.profile()["township"]
        before = s.count("meetings")
    r = run_cli("restore", "--db", demo_db, "--from", theirs)
    assert r.returncode == 1, r.stderr
    assert "青石镇" in r.stderr and ours in r.stderr and "--force" in r.stderr, r.stderr
    assert "当前数据库没有任何改动" in r.stderr
    with Store.open(demo_db, readonly=True) as s:
        assert s.profile()["township"] == ours and s.count("meetings") == before
    r = run_cli("restore", "--db", demo_db, "--from", theirs, "--force")
    assert r.returncode == 0, r.stderr
    assert "青石镇" in r.stdout and ours in r.stdout  # the note says what was replaced
    with Store.open(demo_db, readonly=True) as s:
        assert s.profile()["township"] == "青石镇"
        assert s.count("meetings", RecordQuery(text="青石镇的会议")) == 1


def test_restore_of_the_same_townships_backup_needs_no_force(demo_db, tmp_path):
    from yaofu_desktop.backup import backup_label, make_backup

    own = make_backup(demo_db, tmp_path / "备份", label=backup_label(demo_db)).path
    r = run_cli("restore", "--db", demo_db, "--from", own)
    assert r.returncode == 0, r.stderr
    shutil.rmtree(tmp_path / "备份")


# -- hole 10: owner-only permissions --------------------------------------------------------------


def _mode(p: Path) -> int:
    import stat

    return stat.S_IMODE(p.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_database_others_can_read_is_made_owner_only_at_open_and_logged(demo_db, caplog):
    import logging

    demo_db.chmod(0o644)
    wal = Path(str(demo_db) + "-wal")
    wal.write_bytes(b"")  # an empty log left by an older version, readable by others
    wal.chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="yaofu_desktop.fileio"):
        with Store.open(demo_db) as s:
            s.insert("meetings", {"date": "2025-06-01", "kind": "专题会议", "topic": "权限"})
            sides = [Path(str(demo_db) + x) for x in ("-wal", "-shm")]
            assert [_mode(p) for p in [demo_db, *sides]] == [0o600, 0o600, 0o600]
    assert any("owner-only" in r.getMessage() and str(demo_db) in r.getMessage() for r in caplog.records)


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_new_database_and_its_side_files_are_owner_only(tmp_path):
    import os as _os

    old = _os.umask(0o022)
    try:
        with Store.open(tmp_path / "新.db", create=True) as s:
            s.insert("meetings", {"date": "2025-06-01", "kind": "专题会议", "topic": "新库"})
            made = [p for p in tmp_path.iterdir() if p.is_file()]
            assert made and all(_mode(p) == 0o600 for p in made), {p.name: oct(_mode(p)) for p in made}
    finally:
        _os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_folders_made_by_backup_and_restore_are_owner_only(demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("YAOFU_DATA_DIR", str(tmp_path / "数据"))
    old = os.umask(0o022)
    try:
        usb = tmp_path / "U盘"
        usb.mkdir()
        r = run_cli("backup", "--db", demo_db, "--to", usb / "法治台账备份")
        assert r.returncode == 0, r.stderr
        assert _mode(usb / "法治台账备份") == 0o700
        made = next((usb / "法治台账备份").glob("*.db"))
        assert _mode(made) == 0o600
        from yaofu_desktop.backup import restore_backup

        keep = tmp_path / "另存" / "恢复前"  # two levels made: both owner-only
        restore_backup(made, demo_db, keep_dir=keep, label="x")
        assert _mode(keep) == 0o700 and _mode(keep.parent) == 0o700
    finally:
        os.umask(old)
