"""Backups and restores on a bad day (issue 11): another township's backup, killed copies,
read-only files and folders, permissions, a damaged database and its backups."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import file_digest
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


# -- hole 3: the copies of killed backups and restores ----------------------------------------------


def names_of_a_dead_process(*names: str) -> list[str]:
    """Part names as a process that has since died wrote them (a backup or restore killed)."""
    code = ("import sys; from yaofu_desktop.backup.make import part_name; "
            "sys.stdout.reconfigure(encoding='utf-8'); "  # (Windows: the ANSI code page otherwise)
            "print('\\n'.join(part_name(n) for n in sys.argv[1:]))")
    r = subprocess.run([sys.executable, "-c", code, *names], capture_output=True, text=True,
                       encoding="utf-8", cwd=ROOT, check=True)
    return r.stdout.split()


def test_killed_backups_leftovers_are_removed_at_the_next_backup_and_counted_free(demo_db, tmp_path,
                                                                                   monkeypatch):
    """24 killed backups of a 173 MB database left 3.2 GB of hidden .part files for a day, and
    the next backups failed on a full USB stick. The next backup removes the copies of processes
    that are gone before it checks the free space (so their space counts as free); a part of a
    process still running is left alone."""
    from yaofu_desktop import backup
    from yaofu_desktop.backup import make_backup
    from yaofu_desktop.backup.make import part_name

    usb = tmp_path / "U盘"
    usb.mkdir()
    size = demo_db.stat().st_size
    dead = [usb / n for n in names_of_a_dead_process(*(f"镇_2025010{i}-000000.db" for i in range(1, 5)))]
    for p in dead:
        p.write_bytes(b"\0" * size)  # full-size copies cut short
    alive = usb / part_name("镇_20250105-000000.db")  # ours, in progress
    alive.write_bytes(b"x")
    capacity = 5 * size + 2 * 1024 * 1024  # a stick that holds the leftovers, and not one more copy

    def disk_usage(folder):
        used = sum(p.stat().st_size for p in Path(folder).iterdir() if p.is_file())
        return shutil._ntuple_diskusage(capacity, used, capacity - used)

    monkeypatch.setattr(backup.make.shutil, "disk_usage", disk_usage)
    made = make_backup(demo_db, usb, label="镇")
    assert made.path.exists() and not any(p.exists() for p in dead)
    assert alive.exists()


def test_killed_restores_leftovers_are_removed_at_the_next_restore(demo_db, tmp_path):
    from yaofu_desktop.backup import make_backup, restore_backup

    made = make_backup(demo_db, tmp_path / "备份", label="镇").path
    leftovers = [demo_db.parent / n for n in names_of_a_dead_process(f"{demo_db.name}.restore",
                                                                      f"{demo_db.name}-wal.old")]
    keep = tmp_path / "另存"
    keep.mkdir()
    leftovers += [keep / n for n in names_of_a_dead_process("镇_恢复前_20250101-000000.db")]
    for p in leftovers:
        p.write_bytes(b"\0" * 4096)
    restore_backup(made, demo_db, keep_dir=keep, label="镇")
    assert not any(p.exists() for p in leftovers)
    assert not [p for p in demo_db.parent.iterdir() if p.name.endswith(".part")]


# -- hole 4: read-only files and folders ------------------------------------------------------------


def _without_root():
    """How to run a command so that file modes hold for it: as root, without the capabilities
    that override them (setpriv); as another user, as it is."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return ()
    if shutil.which("setpriv") is None:
        pytest.skip("root, and no setpriv to drop the capabilities that ignore file modes")
    return ("setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable")


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_backup_of_a_database_in_a_read_only_folder(demo_db, tmp_path):
    """A CD or a write-protected stick: backing up (and reading) works, and nothing is written
    beside the database; it said "数据库文件是只读的"."""
    prefix = _without_root()
    cd = tmp_path / "光盘"
    cd.mkdir()
    db = cd / "台账.db"
    shutil.copyfile(demo_db, db)
    from yaofu_desktop import blobs

    if blobs.folder_for(demo_db).exists():  # the demo's 佐证材料 go with it
        shutil.copytree(blobs.folder_for(demo_db), blobs.folder_for(db))
    cd.chmod(0o555)
    try:
        before = sorted(p.name for p in cd.iterdir())
        for args in (["backup", "--db", db, "--to", tmp_path / "备份"], ["check", "--db", db],
                     ["figures", "--db", db, "--year", "2025"],
                     ["export", "--db", db, "--year", "2025", "--out", tmp_path / "x.xlsx"]):
            r = run_cli(*args, prefix=prefix)
            assert r.returncode == 0, (args[0], r.stderr)
            assert "只读" not in r.stderr
        assert sorted(p.name for p in cd.iterdir()) == before
        made = list((tmp_path / "备份").glob("*.db"))
        assert len(made) == 1
    finally:
        cd.chmod(0o755)


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_backup_of_a_0400_file_leaves_no_side_files_and_saves_go_on(demo_db, tmp_path):
    """Backing up a 0400 database left 0400 -wal/-shm beside it; then saves failed and import
    said 出现意外错误. Now nothing is written beside it, and a normal open says the file is
    read-only (it is), and after chmod the app saves again."""
    prefix = _without_root()
    demo_db.chmod(0o400)
    r = run_cli("backup", "--db", demo_db, "--to", tmp_path / "备份", prefix=prefix)
    assert r.returncode == 0, r.stderr
    assert [p.name for p in demo_db.parent.iterdir() if p.name.startswith(demo_db.name)] == [demo_db.name]
    demo_db.chmod(0o600)
    from yaofu_desktop.excel import export_workbook

    xlsx = tmp_path / "x.xlsx"
    export_workbook(None, None, xlsx, template=True)
    r = run_cli("import", "--db", demo_db, xlsx, prefix=prefix)
    assert r.returncode in (0, 1), r.stderr
    assert "出现意外错误" not in r.stderr


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_read_only_side_files_left_by_an_older_version_are_mended_at_open(demo_db, tmp_path):
    prefix = _without_root()
    import sqlite3

    c = sqlite3.connect(f"file:{demo_db}?mode=ro", uri=True)  # what an older backup did
    c.execute("SELECT count(*) FROM meetings").fetchone()
    demo_db.chmod(0o400)
    c.close()
    demo_db.chmod(0o600)
    for side in (Path(str(demo_db) + "-wal"), Path(str(demo_db) + "-shm")):
        if side.exists():
            side.chmod(0o400)
    code = ("import sys; from yaofu_desktop.store import Store; s = Store.open(sys.argv[1]); "
            "s.insert('meetings', {'date': '2025-06-01', 'kind': '专题会议', 'topic': '只读旁文件之后'}); "
            "s.close(); print('saved')")
    r = subprocess.run([*prefix, sys.executable, "-c", code, str(demo_db)], capture_output=True, text=True,
                       encoding="utf-8", cwd=ROOT)
    assert r.returncode == 0 and "saved" in r.stdout, r.stderr


# -- the one check of a copy, split over two cores ------------------------------------------------


def test_the_split_check_finds_what_integrity_check_finds(demo_db, tmp_path, monkeypatch):
    """Split over two connections (quick_check, then each table's integrity_check), the check
    of a copy finds what PRAGMA integrity_check finds: nothing in a sound file, an index that no
    longer matches its rows, damaged pages."""
    import sqlite3

    from tests.conftest import corrupt_pages
    from yaofu_desktop.backup import check

    monkeypatch.setattr(check, "_spare_core", lambda: True)
    monkeypatch.setattr(check, "SPLIT_CHECK_BYTES", 0)
    calls = []
    real = check._split_check
    monkeypatch.setattr(check, "_split_check", lambda p: calls.append(p) or real(p))
    assert check.check_copy(demo_db) is None and calls == [demo_db]

    index = tmp_path / "index.db"
    shutil.copyfile(demo_db, index)
    c = sqlite3.connect(index)
    c.execute("PRAGMA writable_schema=ON")
    name, sql = c.execute("SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name='meetings' "
                          "AND sql LIKE '%uid%'").fetchone()
    c.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?",
              (sql.replace("[uid]", "[topic]").replace('"uid"', '"topic"').replace("(uid)", "(topic)"), name))
    c.commit()
    c.close()
    assert check.check_copy(index)  # (quick_check alone passes this one)
    pages = tmp_path / "pages.db"
    pages.write_bytes(corrupt_pages(demo_db.read_bytes()))
    try:
        assert check.check_copy(pages)
    except sqlite3.DatabaseError:
        pass  # so damaged that SQLite cannot even check it: make_backup says so


# -- backup speed: the copy goes to the disk while it is checked ---------------------------------


def _failing_fsync(path):
    """The USB stick pulled out while the copy was written."""
    import errno

    raise OSError(errno.EIO, "Input/output error")


def _record_flush_beside_check(monkeypatch, make) -> list[str]:
    """Wrap the copy's check and its fsync so that they note their order in the list returned.
    The two threads wait for each other, so the order is the code's, not the scheduler's: run
    one after the other, one of them waits in vain and the order comes out wrong ("check alone",
    or "synced" first)."""
    import threading

    syncing, checking = threading.Event(), threading.Event()
    order: list[str] = []
    real_check, real_fsync = make.check_copy, make._fsync_file

    def check(path, conn=None):
        order.append("check beside the fsync" if syncing.wait(timeout=10) else "check alone")
        checking.set()
        return real_check(path, conn)

    def fsync(path):
        syncing.set()
        real_fsync(path)
        checking.wait(timeout=10)
        order.append("synced")

    monkeypatch.setattr(make, "check_copy", check)
    monkeypatch.setattr(make, "_fsync_file", fsync)
    return order


def test_the_copy_is_flushed_while_it_is_checked_and_renamed_only_once_on_the_disk(demo_db, tmp_path,
                                                                                  monkeypatch):
    """The fsync of a new backup starts as soon as the copy is written, and the check runs beside
    it (events, not time: the check waits for the fsync to have begun, which it never would if
    the fsync came after it); the copy gets its name only after the fsync has returned."""
    from yaofu_desktop.backup import make

    order = _record_flush_beside_check(monkeypatch, make)
    real_replace = make.os.replace
    dest = tmp_path / "备份"

    def replace(a, b):
        if Path(b).parent == dest and Path(b).suffix == ".db":  # (not the 佐证材料 files' own)
            order.append("named")
        return real_replace(a, b)

    monkeypatch.setattr(make.os, "replace", replace)
    info = make.make_backup(demo_db, dest, label="镇")
    assert info.path.exists() and make.verify_backup(info.path).total_records > 0
    assert order[0] == "check beside the fsync" and order.index("synced") < order.index("named"), order


def test_a_failed_flush_leaves_no_backup(demo_db, tmp_path, monkeypatch):
    """An fsync that fails (the USB stick pulled out while it was written) fails the backup: nothing
    is named a backup, no hidden copy is left, the clerk is told."""
    from yaofu_desktop.backup import BackupError, make

    monkeypatch.setattr(make, "_fsync_file", _failing_fsync)
    dest = tmp_path / "备份"
    with pytest.raises(BackupError):
        make.make_backup(demo_db, dest, label="镇")
    assert [p.name for p in dest.iterdir() if p.name != "附件库"] == []


def test_a_restores_copy_is_flushed_while_it_is_checked_before_the_live_file_is_touched(demo_db, tmp_path,
                                                                                       monkeypatch):
    """As a backup's: the copy beside the database is on its way to the disk while it is checked;
    the live file is kept aside and replaced only once the copy is on the disk. A flush that
    fails leaves the live file as it was and no hidden copy beside it."""
    from yaofu_desktop.backup import BackupError, make, make_backup, restore, restore_backup

    made = make_backup(demo_db, tmp_path / "备份", label="镇").path
    order = _record_flush_beside_check(monkeypatch, make)
    real_keep = restore._keep_aside

    def keep(*a, **kw):
        order.append("live file kept aside")
        return real_keep(*a, **kw)

    monkeypatch.setattr(restore, "_keep_aside", keep)
    restore_backup(made, demo_db, keep_dir=tmp_path / "留存", label="镇")
    assert order == ["check beside the fsync", "synced", "live file kept aside"], order

    monkeypatch.setattr(make, "_fsync_file", _failing_fsync)
    before = file_digest(demo_db)
    beside = sorted(p.name for p in demo_db.parent.iterdir())
    with pytest.raises(BackupError) as e:
        restore_backup(made, demo_db, keep_dir=tmp_path / "留存2", label="镇")
    assert "没有任何改动" in e.value.message
    assert file_digest(demo_db) == before
    assert sorted(p.name for p in demo_db.parent.iterdir()) == beside
