"""`backup` and `restore` on the command line, run as the clerk would (and called directly).

Done when: demo → backup → damage the live file → restore gives back identical table contents; a
truncated or damaged backup is refused and changes nothing; a damaged database is never backed
up; a read-only, missing or full target leaves nothing behind; exit codes; never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import corrupt_pages, corrupt_table, file_digest, noise, read_only_folder
from yaofu_desktop.backup import BackupPolicy, backup_label, list_backups, make as bk, make_backup, verify_backup
from yaofu_desktop.cli.backups import cmd_backup, cmd_restore
from yaofu_desktop.dbfile import check_file
from yaofu_desktop.lock import DatabaseLock
from yaofu_desktop.store import Store

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- helpers


def run(*args):
    r = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", env=os.environ.copy(),
    )
    assert "Traceback" not in r.stderr, r.stderr
    assert "出现意外错误" not in r.stderr, r.stderr
    return r


def dump(path: Path) -> dict[str, list]:
    """Every table's rows, in a stable order (read-only); the audit log's note of a restore
    (written into the restored file) left out."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        out = {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
        if "audit_log" in out:
            out["audit_log"] = [r for r in out["audit_log"] if (r[3], r[5]) != ("database", "restore")]
        return out
    finally:
        conn.close()


def assert_store_sound(folder: Path) -> None:
    """The backup folder's 附件库 holds only whole files, each named by its content's hash."""
    from yaofu_desktop.blobs import BlobFolder, backup_store, hash_file

    store = backup_store(folder)
    names = list(BlobFolder(store).names())
    assert all(hash_file(p) == name.split(".")[0] for p, name in names)
    files = [p for p in store.rglob("*") if p.is_file()]
    assert not files or len(names) == len(files)


def all_files(folder: Path) -> list[str]:
    """Every entry in a folder, hidden ones (.part files) included."""
    return sorted(os.listdir(folder)) if folder.exists() else []


def data_dir() -> Path:
    return Path(os.environ["YAOFU_DATA_DIR"])


def backup_of(db: Path, folder: Path) -> Path:
    r = run("backup", "--db", db, "--to", folder)
    assert r.returncode == 0, r.stderr
    (made,) = [p for p in folder.iterdir() if p.suffix == ".db"]
    return made


def damage_pages(p: Path):
    p.write_bytes(corrupt_pages(p.read_bytes()))


def damage_header(p: Path):
    with open(p, "r+b") as f:
        f.write(noise(4096))


def damage_random_middle(p: Path):
    size = p.stat().st_size
    with open(p, "r+b") as f:
        f.seek(size // 3)
        f.write(noise(size // 3))


def damage_delete(p: Path):
    p.unlink()


# --------------------------------------------------------------------------- the done-when


@pytest.mark.parametrize("damage", [damage_pages, damage_header, damage_random_middle, damage_delete])
def test_backup_damage_restore_gives_back_identical_tables(demo_db, tmp_path, damage):
    before = dump(demo_db)
    with Store.open(demo_db) as s:
        ledger_records = sum(s.counts.all().values())

    r = run("backup", "--db", demo_db, "--to", tmp_path / "usb")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("已备份并校验：")
    assert f"共 {ledger_records} 条记录" in r.stdout
    (made,) = list_backups(tmp_path / "usb", verify=True)
    assert made.ok and made.label == backup_label(demo_db) and made.label.startswith("姚伏镇-")
    assert str(made.path) in r.stdout
    # nothing half-written beside it; the demo's 佐证材料 in the folder's store, each whole
    assert all_files(tmp_path / "usb") == [made.path.name, "附件库"]
    assert_store_sound(tmp_path / "usb")

    damage(demo_db)
    damaged = demo_db.read_bytes() if demo_db.exists() else None
    if damaged is not None:
        assert run("check", "--db", demo_db).returncode != 0

    r = run("restore", "--db", demo_db, "--from", made.path)
    assert r.returncode == 0, r.stderr
    assert "已从备份恢复" in r.stdout and str(made.path) in r.stdout
    assert dump(demo_db) == before
    assert check_file(demo_db)["total_records"] == ledger_records
    with Store.open(demo_db) as s:
        assert s.profile()["township"] == "姚伏镇"
        assert sum(s.counts.all().values()) == ledger_records
    assert not (Path(str(demo_db) + ".lock")).exists()  # the restore released its lock
    assert [n for n in all_files(demo_db.parent) if n.endswith(".part")] == []

    kept = [p for p in (data_dir() / "备份").iterdir() if "恢复前" in p.name and p.suffix == ".db"]
    if damaged is None:
        assert kept == [] and "无需另存" in r.stdout
    else:
        (old,) = kept
        assert old.read_bytes() == damaged  # the damaged file is kept byte for byte
        assert f"原数据库已另存为：{old}" in r.stdout
        assert list_backups(data_dir() / "备份") == []  # kept-aside files are not backups


def test_truncated_backup_is_refused_and_changes_nothing(demo_db, tmp_path):
    made = backup_of(demo_db, tmp_path / "usb")
    cut = tmp_path / "cut" / made.name
    cut.parent.mkdir()
    cut.write_bytes(made.read_bytes()[: made.stat().st_size // 2])
    live_before = file_digest(demo_db)
    folder_before = all_files(demo_db.parent)

    r = run("restore", "--db", demo_db, "--from", cut)
    assert r.returncode == 1
    assert "未恢复" in r.stderr and "不完整" in r.stderr and "没有任何改动" in r.stderr
    assert "请选择其他备份" in r.stderr and "请从备份恢复" not in r.stderr  # it is the backup that is bad
    assert file_digest(demo_db) == live_before
    assert all_files(demo_db.parent) == folder_before
    assert not (data_dir() / "备份").exists() or all_files(data_dir() / "备份") == []


def _foreign(p: Path):
    with sqlite3.connect(p) as c:
        c.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    c.close()


def _newer(p: Path):
    with sqlite3.connect(p) as c:
        c.execute("PRAGMA user_version=99")
    c.close()


@pytest.mark.parametrize(
    "spoil,words",
    [
        (damage_pages, "损坏"),
        (lambda p: p.write_bytes(b""), "空文件"),
        (lambda p: p.write_bytes(noise(8192)), "不是"),
        (lambda p: (p.unlink(), _foreign(p)), "其他程序"),
        (_newer, "更新版本"),
    ],
    ids=["damaged", "empty", "random", "foreign", "newer"],
)
def test_unusable_backups_are_refused(demo_db, tmp_path, spoil, words):
    made = backup_of(demo_db, tmp_path / "usb")
    spoil(made)
    live_before = file_digest(demo_db)
    folder_before = all_files(demo_db.parent)
    r = run("restore", "--db", demo_db, "--from", made)
    assert r.returncode == 1, r.stdout
    assert words in r.stderr and r.stderr.startswith("未恢复")
    assert file_digest(demo_db) == live_before
    assert all_files(demo_db.parent) == folder_before
    assert not (data_dir() / "备份").exists() or all_files(data_dir() / "备份") == []


def test_a_live_database_with_its_wal_is_not_a_backup(demo_db, tmp_path):
    other = tmp_path / "other" / "copy.db"
    other.parent.mkdir()
    shutil.copyfile(demo_db, other)
    s = Store.open(other)
    s.insert("meetings", {"date": "2025-06-01", "kind": "专题会议", "topic": "只在 -wal 中的记录"})
    try:
        live_before = file_digest(demo_db)
        r = run("restore", "--db", demo_db, "--from", other)
        assert r.returncode == 1 and "-wal" in r.stderr
        assert file_digest(demo_db) == live_before
    finally:
        s.close()


@pytest.mark.parametrize(
    "spoil,words",
    [
        (damage_pages, "损坏"),
        (lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]), "不完整"),
        (lambda p: p.write_bytes(noise(8192)), "不是"),
        (lambda p: (p.unlink(), _foreign(p)), "其他程序"),
    ],
    ids=["damaged", "truncated", "random", "foreign"],
)
def test_a_damaged_database_is_never_backed_up(demo_db, tmp_path, spoil, words):
    spoil(demo_db)
    digest = file_digest(demo_db)
    usb = tmp_path / "usb"
    usb.mkdir()
    r = run("backup", "--db", demo_db, "--to", usb)
    assert r.returncode == 1
    assert r.stderr.startswith("未备份：") and words in r.stderr
    assert all_files(usb) == []
    assert file_digest(demo_db) == digest


def test_damage_only_integrity_check_finds_is_not_backed_up(demo_db, tmp_path):
    """An index that no longer matches its table passes quick_check; make_backup's full check
    of the copy refuses it and leaves nothing."""
    conn = sqlite3.connect(demo_db)
    conn.execute("PRAGMA writable_schema=ON")
    # point the unique uid index of one ledger at a wrong column: the index b-tree stays
    # intact, but its entries no longer match the rows
    row = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name='meetings' "
        "AND sql LIKE '%uid%'"
    ).fetchone()
    conn.execute(
        "UPDATE sqlite_master SET sql = ? WHERE name = ?",
        (row[1].replace("[uid]", "[topic]").replace('"uid"', '"topic"').replace("(uid)", "(topic)"), row[0]),
    )
    conn.commit()
    conn.close()
    conn = sqlite3.connect(f"file:{demo_db}?mode=ro", uri=True)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    conn.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    r = run("backup", "--db", demo_db, "--to", usb)
    assert r.returncode == 1, r.stdout
    assert all_files(usb) == []


# --------------------------------------------------------------------------- targets


def test_missing_target_leaves_nothing(demo_db, tmp_path):
    target = tmp_path / "U盘" / "备份"  # the drive is not plugged in: its folder is missing
    r = run("backup", "--db", demo_db, "--to", target)
    assert r.returncode == 1
    assert "不存在" in r.stderr
    assert not (tmp_path / "U盘").exists()


def test_new_folder_inside_an_existing_one_is_created(demo_db, tmp_path):
    r = run("backup", "--db", demo_db, "--to", tmp_path / "备份2025")
    assert r.returncode == 0, r.stderr
    assert len(list_backups(tmp_path / "备份2025", verify=True)) == 1


def test_target_that_is_a_file_is_refused(demo_db, tmp_path):
    f = tmp_path / "note.txt"
    f.write_text("x")
    r = run("backup", "--db", demo_db, "--to", f)
    assert r.returncode == 1 and r.stderr
    assert f.read_text() == "x"


def test_read_only_target_leaves_nothing(demo_db, tmp_path):
    with read_only_folder(tmp_path) as ro:
        before = all_files(ro)
        r = run("backup", "--db", demo_db, "--to", ro)
        assert r.returncode == 1
        assert "不可写" in r.stderr and "未留下不完整的文件" in r.stderr
        assert all_files(ro) == before


def _args(**kw):
    return argparse.Namespace(**kw)


def test_full_target_before_writing_leaves_nothing(demo_db, tmp_path, monkeypatch, capsys):
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(bk.shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(10**9, 10**9 - 4096, 4096))
    assert cmd_backup(_args(db=demo_db, to=usb)) == 1
    err = capsys.readouterr().err
    assert "空间不足" in err and "未留下不完整的文件" in err
    assert all_files(usb) == []


def test_disk_full_while_writing_leaves_nothing(demo_db, tmp_path, monkeypatch, capsys):
    """ENOSPC after the copy was written (at fsync): the .part file is removed."""
    usb = tmp_path / "usb"
    usb.mkdir()
    seen = []

    def full(path):
        seen.append(Path(path))
        assert Path(path).exists()  # the whole copy was there…
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(bk, "_fsync_file", full)
    digest = file_digest(demo_db)
    assert cmd_backup(_args(db=demo_db, to=usb)) == 1
    err = capsys.readouterr().err
    assert "空间不足" in err
    # …and is gone; the 佐证材料 copied before it are whole files, used by the next backup
    assert seen and all_files(usb) in ([], ["附件库"])
    assert_store_sound(usb)
    assert file_digest(demo_db) == digest


def test_disk_full_inside_sqlite_leaves_nothing(demo_db, tmp_path, monkeypatch, capsys):
    usb = tmp_path / "usb"
    usb.mkdir()
    class FullConn:
        """Wraps the source connection; its backup() fails like a full disk."""

        def __init__(self, conn):
            self._c = conn

        def __getattr__(self, name):
            return getattr(self._c, name)

        def backup(self, target, **kw):
            raise sqlite3.OperationalError("database or disk is full")

    real_connect = bk.sqlite3.connect

    def connect(*a, **kw):
        conn = real_connect(*a, **kw)
        return FullConn(conn) if "mode=ro" in str(a[0]) else conn

    monkeypatch.setattr(bk.sqlite3, "connect", connect)
    assert cmd_backup(_args(db=demo_db, to=usb)) == 1
    assert "空间不足" in capsys.readouterr().err
    assert all_files(usb) == []


def test_default_target_is_the_backup_folder(demo_db):
    r = run("backup", "--db", demo_db)
    assert r.returncode == 0, r.stderr
    (made,) = list_backups(data_dir() / "备份", verify=True)
    assert made.path.name.startswith(backup_label(demo_db) + "_")


def test_backup_rotates_only_when_asked_and_by_the_policy(demo_db, tmp_path):
    """`backup` deletes nothing (the window's 备份设置 may keep more than the default); with
    `--rotate` this database's older backups go as the default BackupPolicy says (the newest of
    a day is kept), and another database's backups in the folder are left alone."""
    usb = tmp_path / "usb"
    label = backup_label(demo_db)
    day = [make_backup(demo_db, usb, label=label, now=dt.datetime(2025, 1, 1, h)) for h in (9, 10, 11)]
    other = make_backup(demo_db, usb, label="别的镇-abcdef", now=dt.datetime(2025, 1, 1, 9))
    assert run("backup", "--db", demo_db, "--to", usb).returncode == 0
    assert len(list_backups(usb, label)) == 4
    r = run("backup", "--db", demo_db, "--to", usb, "--rotate")
    assert r.returncode == 0, r.stderr
    policy = BackupPolicy()
    assert f"按天保留 {policy.daily} 个" in r.stdout and "删除 3 个" in r.stdout  # 9:00 and 10:00, and today's first
    left = {i.path for i in list_backups(usb)}
    assert day[2].path in left and other.path in left
    assert day[0].path not in left and day[1].path not in left
    assert len(list_backups(usb, label)) == 2  # 1 January's newest, today's newest


def test_the_readme_states_the_backup_policy():
    """The README tells the clerk what BackupPolicy does: the one place the numbers live."""
    policy = BackupPolicy()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"每 {policy.interval_minutes} 分钟" in readme
    assert (f"{policy.daily} 个日备份、{policy.weekly} 个周备份、{policy.monthly} 个月备份" in readme)
    assert f"{policy.daily} daily / {policy.weekly} weekly / {policy.monthly} monthly" in readme


def test_label_falls_back_to_the_file_name(empty_store, tmp_path):
    empty_store.set_profile({"township": ""})
    path = empty_store.path
    r = run("backup", "--db", path, "--to", tmp_path / "usb")
    assert r.returncode == 0, r.stderr
    (made,) = list_backups(tmp_path / "usb")
    assert made.label == backup_label(path) and made.label.startswith("new-")


# --------------------------------------------------------------------------- the app is open


def test_backup_while_the_app_has_the_file_open(demo_db, tmp_path):
    """WAL: records saved a moment ago (still in -wal) are in the backup; no lock is needed."""
    lock = DatabaseLock(demo_db)
    lock.acquire()
    s = Store.open(demo_db)
    try:
        uid = "fresh-record-0001"
        s.insert("meetings", {"uid": uid, "date": "2025-06-01", "kind": "专题会议", "topic": "刚保存"})
        assert Path(str(demo_db) + "-wal").stat().st_size > 0
        made = backup_of(demo_db, tmp_path / "usb")
        verify_backup(made)
        conn = sqlite3.connect(f"file:{made}?mode=ro", uri=True)
        assert conn.execute("SELECT count(*) FROM meetings WHERE uid=?", (uid,)).fetchone()[0] == 1
        conn.close()
        s.insert("meetings", {"date": "2025-06-02", "kind": "专题会议", "topic": "之后保存"})  # still works
    finally:
        s.close()
        lock.release()


def test_restore_refused_while_the_app_is_running(demo_db, tmp_path):
    made = backup_of(demo_db, tmp_path / "usb")
    lock = DatabaseLock(demo_db)
    lock.acquire()  # this test process plays the running app
    try:
        digest = file_digest(demo_db)
        r = run("restore", "--db", demo_db, "--from", made)
        assert r.returncode == 1
        assert "请先关闭法治台账程序" in r.stderr and "没有任何改动" in r.stderr
        assert file_digest(demo_db) == digest
        assert lock.refresh()  # our lock was left alone
    finally:
        lock.release()
    r = run("restore", "--db", demo_db, "--from", made)  # closed: now it works
    assert r.returncode == 0, r.stderr


def test_restore_takes_over_a_stale_lock(demo_db, tmp_path):
    made = backup_of(demo_db, tmp_path / "usb")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    import json
    import socket

    Path(str(demo_db) + ".lock").write_text(json.dumps(
        {"pid": int(dead), "user": "x", "host": socket.gethostname(), "app": "法治台账",
         "started": "2025-01-01T08:00:00+08:00"}), encoding="utf-8")
    r = run("restore", "--db", demo_db, "--from", made)
    assert r.returncode == 0, r.stderr
    assert not Path(str(demo_db) + ".lock").exists()


# --------------------------------------------------------------------------- restore details


def test_restore_from_a_folder_lists_the_backups(demo_db, tmp_path):
    usb = tmp_path / "usb"
    made = backup_of(demo_db, usb)
    (usb / "姚伏镇_20250101-080000.db").write_bytes(b"junk")
    digest = file_digest(demo_db)
    r = run("restore", "--db", demo_db, "--from", usb)
    assert r.returncode == 1
    assert made.name in r.stdout and "条记录" in r.stdout
    assert "姚伏镇_20250101-080000.db" in r.stdout and "不能使用" in r.stdout
    # this database's backups first, the rest (here a file of an older naming) apart
    own, others = r.stdout.index("这个数据库的备份"), r.stdout.index("其他数据库的备份")
    assert own < r.stdout.index(made.name) < others < r.stdout.index("姚伏镇_20250101-080000.db")
    assert "--from" in r.stderr and made.name in r.stderr
    assert file_digest(demo_db) == digest
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run("restore", "--db", demo_db, "--from", empty)
    assert r.returncode == 1 and "没有本程序的备份" in r.stderr


def test_restore_when_the_database_is_gone(demo_db, tmp_path):
    made = backup_of(demo_db, tmp_path / "usb")
    before = dump(demo_db)
    target = tmp_path / "new" / "台账.db"
    target.parent.mkdir()
    r = run("restore", "--db", target, "--from", made)
    assert r.returncode == 0, r.stderr
    assert dump(target) == before


def test_restore_keeps_a_hot_wal_aside(demo_db, tmp_path):
    """The app crashed with saves only in -wal: restoring keeps the file and its -wal aside."""
    made = backup_of(demo_db, tmp_path / "usb")
    code = (
        "import os,sys; from yaofu_desktop.store import Store;"
        "s=Store.open(sys.argv[1]);"
        "s.insert('meetings', {'uid':'only-in-the-wal','date':'2025-06-01','kind':'专题会议','topic':'x'});"
        "os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code, str(demo_db)], check=True, cwd=ROOT)
    assert Path(str(demo_db) + "-wal").stat().st_size > 0
    r = run("restore", "--db", demo_db, "--from", made)
    assert r.returncode == 0, r.stderr
    assert not Path(str(demo_db) + "-wal").exists() or Path(str(demo_db) + "-wal").stat().st_size == 0
    (kept,) = [p for p in (data_dir() / "备份").iterdir() if "恢复前" in p.name and p.suffix == ".db"]
    # the kept-aside pair still holds the saved record
    copy = tmp_path / "look.db"
    shutil.copyfile(kept, copy)
    shutil.copyfile(str(kept) + "-wal", str(copy) + "-wal")
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT count(*) FROM meetings WHERE uid='only-in-the-wal'").fetchone()[0] == 1
    conn.close()
    conn = sqlite3.connect(f"file:{demo_db}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM meetings WHERE uid='only-in-the-wal'").fetchone()[0] == 0
    conn.close()


def test_restore_refuses_to_overwrite_another_programs_database(demo_db, tmp_path):
    made = backup_of(demo_db, tmp_path / "usb")
    other = tmp_path / "places.sqlite"
    _foreign(other)
    digest = file_digest(other)
    r = run("restore", "--db", other, "--from", made)
    assert r.returncode == 1 and "其他程序" in r.stderr
    assert file_digest(other) == digest


def test_restore_onto_itself_is_refused(demo_db, tmp_path):
    usb = tmp_path / "usb"
    made = backup_of(demo_db, usb)
    digest = file_digest(made)
    r = run("restore", "--db", made, "--from", made)
    assert r.returncode == 1 and "就是当前" in r.stderr
    assert file_digest(made) == digest


# --------------------------------------------------------------------------- input errors


def test_input_errors_exit_2_in_chinese(tmp_path, demo_db):
    r = run("backup", "--db", tmp_path / "nope.db")
    assert r.returncode == 2 and r.stderr.startswith("错误：找不到数据库文件")
    r = run("restore", "--db", demo_db, "--from", tmp_path / "nope.db")
    assert r.returncode == 2 and "找不到备份文件" in r.stderr
    r = run("restore", "--db", tmp_path / "no" / "x.db", "--from", demo_db)
    assert r.returncode == 2 and "文件夹不存在" in r.stderr
    r = run("restore", "--db", demo_db)
    assert r.returncode == 2 and "--from" in r.stderr
    r = run("backup", "--db", tmp_path)
    assert r.returncode == 2 and "文件夹" in r.stderr


def test_direct_calls(demo_db, tmp_path, capsys):
    usb = tmp_path / "usb"
    assert cmd_backup(_args(db=demo_db, to=usb)) == 0
    out = capsys.readouterr().out
    (made,) = list_backups(usb)
    assert out.startswith(f"已备份并校验：{made.path}")
    before = dump(demo_db)
    damage_pages(demo_db)
    assert cmd_restore(_args(db=demo_db, source=made.path)) == 0
    assert "已从备份恢复" in capsys.readouterr().out
    assert dump(demo_db) == before
    made.path.write_bytes(made.path.read_bytes()[:5000])
    digest = file_digest(demo_db)
    assert cmd_restore(_args(db=demo_db, source=made.path)) == 1
    assert "不完整" in capsys.readouterr().err
    assert file_digest(demo_db) == digest


def test_restore_is_in_the_audit_log(tmp_path, demo_db):
    """操作记录 of the restored database says it was restored, and from what."""
    from yaofu_desktop.backup import make_backup
    from yaofu_desktop.cli.backups import cmd_restore
    from yaofu_desktop.store import Store

    made = make_backup(demo_db, tmp_path / "bk", label="姚伏镇")

    class Args:
        db = demo_db
        source = made.path

    assert cmd_restore(Args) == 0
    with Store.open(demo_db) as s:
        entry = s.audit.entries(limit=1)[0]
    assert entry["ledger"] == "database" and entry["action"] == "restore"
    assert json.loads(entry["after"])["backup"] == str(made.path)  # (JSON doubles a Windows path's \\)


def test_two_databases_of_one_township_keep_separate_backup_series(tmp_path, demo_db):
    """A practice copy's backups never rotate out (nor stand in for) the real database's."""
    import shutil

    from yaofu_desktop.backup import BackupPolicy, rotate_backups

    copy = tmp_path / "练习" / "copy.db"
    copy.parent.mkdir()
    shutil.copyfile(demo_db, copy)
    assert backup_label(demo_db) != backup_label(copy)
    usb = tmp_path / "usb"
    real = run("backup", "--db", demo_db, "--to", usb)
    assert real.returncode == 0, real.stderr
    for _ in range(3):
        assert run("backup", "--db", copy, "--to", usb).returncode == 0
    rotate_backups(usb, policy=BackupPolicy(daily=1, weekly=1, monthly=1))
    labels = {b.label for b in list_backups(usb)}
    assert backup_label(demo_db) in labels  # the real one's backup survived the copy's rotation


# --------------------------------------------------------------------------- nothing English on stderr


_HAN = re.compile(r"[\u4e00-\u9fff]")
_ENGLISH = re.compile(r"Errno|Traceback|LockInfo|WARNING|ERROR|could not|taking over|"
                      r"Read-only file system|Permission denied|database|page \d")


def assert_only_chinese(stderr: str) -> None:
    """Every line the clerk's terminal shows is a Chinese sentence (the log gets the rest)."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines, "a refusal says why"
    for line in lines:
        assert _HAN.search(line) and not _ENGLISH.search(line), line


# os.open and os.unlink under the target refuse as a read-only file system does (EROFS, also for
# removing a file that is not there), as on a write-protected USB drive
_READ_ONLY_SHIM = """
import errno, os, sys
target = sys.argv[1]
def refuse(real):
    def call(path, *args, **kw):
        if os.fspath(path).startswith(target):
            raise OSError(errno.EROFS, "Read-only file system", os.fspath(path))
        return real(path, *args, **kw)
    return call
os.open, os.unlink = refuse(os.open), refuse(os.unlink)
from yaofu_desktop.entry import main
sys.exit(main(sys.argv[2:]))
"""


def test_backup_to_a_read_only_target_says_so_in_chinese_only(demo_db, tmp_path):
    usb = tmp_path / "写保护的U盘"
    usb.mkdir()
    r = subprocess.run(
        [sys.executable, "-c", _READ_ONLY_SHIM, str(usb), "backup", "--db", str(demo_db), "--to", str(usb)],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=os.environ.copy(),
    )
    assert r.returncode == 1
    assert "只读" in r.stderr and "未留下不完整的文件" in r.stderr
    assert_only_chinese(r.stderr)
    assert all_files(usb) == []
    log = (data_dir() / "yaofu.log").read_text(encoding="utf-8")
    assert "Read-only file system" in log  # the technician's words are in the log


def test_import_over_a_stale_lock_says_nothing_english(demo_db, tmp_path):
    import json
    import socket

    book = tmp_path / "台账.xlsx"
    assert run("export", "--db", demo_db, "--year", "2025", "--out", book).returncode == 0
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    Path(str(demo_db) + ".lock").write_text(json.dumps(
        {"pid": int(dead), "user": "x", "host": socket.gethostname(), "app": "法治台账",
         "started": "2025-01-01T08:00:00+08:00"}), encoding="utf-8")
    r = run("import", "--db", demo_db, book)
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip() == "" or assert_only_chinese(r.stderr) is None
    assert "stale lock" in (data_dir() / "yaofu.log").read_text(encoding="utf-8")


def test_check_of_a_damaged_file_names_the_page_in_chinese(demo_db):
    corrupt_table(demo_db)
    r = run("check", "--db", demo_db)
    assert r.returncode == 1
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) <= 2, r.stderr  # the message, and at most one short 技术信息 line
    assert "已损坏（第 " in lines[0] and "请从备份恢复" in lines[0]
    assert "***" not in lines[0] and "page" not in lines[0] and "malformed" not in lines[0]
    assert all(line.startswith("技术信息：") for line in lines[1:])
    assert "in database main" in (data_dir() / "yaofu.log").read_text(encoding="utf-8")
