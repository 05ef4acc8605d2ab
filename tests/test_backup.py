"""Backups: consistent copies, refusal of bad files, rotation, restore."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from tests.conftest import noise, read_only_folder
from yaofu_desktop.backup import (
    BackupError,
    BackupPolicy,
    auto_backup,
    list_backups,
    make as bk,
    make_backup,
    quick_check,
    restore as bk_restore,
    restore_backup,
    rotate_backups,
    rotation as bk_rotation,
    sanitize_label,
    verify_backup,
)

LABEL = "姚伏镇"
NOW = datetime(2025, 3, 5, 9, 12, 33)


# --------------------------------------------------------------------------- helpers


def make_db(path: Path, rows: int = 300) -> Path:
    """A small demo-like ledger database in WAL mode."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(
        """
        CREATE TABLE township(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE ledger_entry(id INTEGER PRIMARY KEY AUTOINCREMENT,
            year INTEGER, category TEXT, title TEXT, body TEXT);
        CREATE TABLE [odd "q" name](k TEXT);
        CREATE INDEX ix_entry_year ON ledger_entry(year);
        """
    )
    conn.execute("INSERT INTO township(name) VALUES ('姚伏镇')")
    conn.executemany(
        "INSERT INTO ledger_entry(year, category, title, body) VALUES (?,?,?,?)",
        [(2024 + i % 2, f"类别{i % 7}", f"法治宣传活动第{i}次", "内容" * (i % 50)) for i in range(rows)],
    )
    conn.execute("""INSERT INTO [odd "q" name] VALUES ('x')""")
    conn.commit()
    conn.close()
    return path


def dump(path: Path) -> dict[str, list]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {n: conn.execute(f'SELECT * FROM "{n.replace(chr(34), chr(34) * 2)}" ORDER BY rowid').fetchall()
                for n in names}
    finally:
        conn.close()


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def corrupt_copy(src: Path, dst: Path) -> Path:
    """A copy of ``src`` (checkpointed) with some interior pages overwritten."""
    c = sqlite3.connect(src)
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    c.close()
    data = bytearray(src.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for p in (2, 3, 4):
        data[p * page + 8 : (p + 1) * page - 8] = bytes([0xA5]) * (page - 16)
    dst.write_bytes(bytes(data))
    return dst


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path / "live.db")


# --------------------------------------------------------------------------- make_backup


def test_backup_while_open_is_identical_snapshot(db: Path, tmp_path: Path):
    writer = sqlite3.connect(db)
    writer.execute("INSERT INTO township(name) VALUES ('committed in WAL')")
    writer.commit()
    writer.execute("INSERT INTO township(name) VALUES ('uncommitted')")  # open write txn
    try:
        expected = dump(db)
        info = make_backup(db, tmp_path / "bk", label=LABEL, now=NOW)
    finally:
        writer.rollback()
        writer.close()
    assert dump(info.path) == expected
    assert info.counts == {k: len(v) for k, v in expected.items()}
    assert info.total_records == 2 + 300 + 1  # sqlite_sequence is not counted
    assert info.size == info.path.stat().st_size
    assert info.created == NOW
    data = info.path.read_bytes()
    assert data[18:20] == b"\x01\x01"  # journal_mode=DELETE: a single file
    assert sorted(p.name for p in (tmp_path / "bk").iterdir()) == [info.path.name]
    if os.name == "posix":
        assert info.path.stat().st_mode & 0o777 == 0o600
    assert verify_backup(info.path).counts == info.counts


def test_backup_name_and_collisions(db: Path, tmp_path: Path):
    a = make_backup(db, tmp_path / "bk", label=LABEL, now=NOW)
    b = make_backup(db, tmp_path / "bk", label=LABEL, now=NOW)
    assert a.path.name == "姚伏镇_20250305-091233.db"
    assert b.path.name == "姚伏镇_20250305-091233_2.db"
    c = make_backup(db, tmp_path / "bk", label='a<b>:"c/d\\e|f?g*', now=NOW)
    assert c.path.name == "a_b___c_d_e_f_g__20250305-091233.db"
    assert [i.path for i in list_backups(tmp_path / "bk", LABEL)] == [b.path, a.path]


@pytest.mark.parametrize(
    "label, expected",
    [("姚伏镇", "姚伏镇"), ("..hidden. ", "hidden"), ("", "备份"), ("CON", "_CON"), ("lpt1.x", "_lpt1.x"),
     ("a\tb", "a_b")],
)
def test_sanitize_label(label, expected):
    assert sanitize_label(label) == expected


def test_backup_missing_source_creates_nothing(tmp_path: Path):
    with pytest.raises(BackupError, match="找不到要备份的数据库文件"):
        make_backup(tmp_path / "nope.db", tmp_path / "bk", label=LABEL)
    assert not (tmp_path / "nope.db").exists()


@pytest.mark.parametrize(
    "exc",
    [
        sqlite3.OperationalError("database or disk is full"),
        OSError(errno.ENOSPC, "No space left on device"),
    ],
)
def test_disk_full_leaves_no_file(db: Path, tmp_path: Path, monkeypatch, exc):
    real_connect = sqlite3.connect

    class FullConnection:
        """Wraps the source connection; its backup() fills the target a bit, then fails."""

        def __init__(self, conn):
            self._c = conn

        def __getattr__(self, name):
            return getattr(self._c, name)

        def backup(self, target, **kw):
            target.execute("CREATE TABLE partial(x)")
            raise exc

    def connect(*a, **kw):
        conn = real_connect(*a, **kw)
        return FullConnection(conn) if kw.get("uri") else conn

    monkeypatch.setattr(bk.sqlite3, "connect", connect)
    dest = tmp_path / "bk"
    with pytest.raises(BackupError) as ei:
        make_backup(db, dest, label=LABEL, now=NOW)
    assert "磁盘空间不足" in ei.value.message and "未留下不完整的文件" in ei.value.message
    assert list(dest.iterdir()) == []


def test_disk_full_precheck(db: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(bk.shutil, "disk_usage", lambda p: type("U", (), {"free": 1000})())
    dest = tmp_path / "bk"
    with pytest.raises(BackupError, match="目标磁盘空间不足"):
        make_backup(db, dest, label=LABEL, now=NOW)
    assert list(dest.iterdir()) == []


def test_failure_after_copy_leaves_no_file(db: Path, tmp_path: Path, monkeypatch):
    def boom(path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(bk, "_fsync_file", boom)
    dest = tmp_path / "bk"
    with pytest.raises(BackupError, match="磁盘空间不足"):
        make_backup(db, dest, label=LABEL, now=NOW)
    assert list(dest.iterdir()) == []


def test_permission_error_on_target(db: Path, tmp_path: Path, monkeypatch):
    real_open = os.open

    def deny(path, flags, *a):
        if str(path).endswith(".part"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *a)

    monkeypatch.setattr(bk.os, "open", deny)
    dest = tmp_path / "bk"
    dest.mkdir()
    with pytest.raises(BackupError, match="备份目录不可写"):
        make_backup(db, dest, label=LABEL, now=NOW)
    assert list(dest.iterdir()) == []


def test_readonly_target_dir(db: Path, tmp_path: Path):
    with read_only_folder(tmp_path) as dest:
        before = sorted(dest.iterdir())
        with pytest.raises(BackupError, match="备份目录不可写"):
            make_backup(db, dest, label=LABEL, now=NOW)
        assert sorted(dest.iterdir()) == before


def test_missing_target_dir_without_create(db: Path, tmp_path: Path):
    with pytest.raises(BackupError, match="备份目录不存在"):
        make_backup(db, tmp_path / "usb" / "备份", label=LABEL, create_dir=False)
    assert not (tmp_path / "usb").exists()
    info = make_backup(db, tmp_path / "usb" / "备份", label=LABEL)  # default: created
    assert info.path.exists()


def test_target_is_a_file(db: Path, tmp_path: Path):
    f = tmp_path / "file"
    f.write_bytes(b"x")
    with pytest.raises(BackupError, match="备份目录"):
        make_backup(db, f, label=LABEL)
    assert f.read_bytes() == b"x"


# --------------------------------------------------------------------------- verify / quick_check


def _bad_files(tmp_path: Path, db: Path) -> dict[str, Path]:
    good = make_backup(db, tmp_path / "src", label=LABEL, now=NOW).path
    data = good.read_bytes()
    files = {
        "empty": b"",
        "random": noise(8192),
        "text": "这不是数据库".encode() * 100,
        "truncated": data[: len(data) // 2],
        "header_only": data[:60],
        "zip": b"PK\x03\x04" + noise(5000),
    }
    out = {}
    for name, content in files.items():
        p = tmp_path / "bad" / f"{LABEL}_{name}.db"
        p.parent.mkdir(exist_ok=True)
        p.write_bytes(content)
        out[name] = p
    out["corrupt"] = corrupt_copy(good, tmp_path / "bad" / "corrupt.db")
    return out


def test_verify_refuses_bad_files_and_leaves_them_unchanged(db: Path, tmp_path: Path):
    bad = _bad_files(tmp_path, db)
    before = {n: sha(p) for n, p in bad.items()}
    listing = sorted(os.listdir(tmp_path / "bad"))
    for name, p in bad.items():
        with pytest.raises(BackupError) as ei:
            verify_backup(p)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in ei.value.message), name
    assert "不完整" in _msg(bad["truncated"])
    assert "空文件" in _msg(bad["empty"])
    assert "不是 SQLite" in _msg(bad["random"])
    assert "损坏" in _msg(bad["corrupt"])
    assert {n: sha(p) for n, p in bad.items()} == before
    assert sorted(os.listdir(tmp_path / "bad")) == listing  # no -journal/-wal/-shm created
    assert quick_check(bad["corrupt"]) is not True
    assert quick_check(bad["random"]) is not True
    assert {n: sha(p) for n, p in bad.items()} == before


def _msg(p: Path) -> str:
    with pytest.raises(BackupError) as ei:
        verify_backup(p)
    return ei.value.message


def test_verify_missing_and_directory(tmp_path: Path):
    with pytest.raises(BackupError, match="找不到"):
        verify_backup(tmp_path / "none.db")
    with pytest.raises(BackupError):
        verify_backup(tmp_path)


def test_quick_check_ok_while_open(db: Path):
    w = sqlite3.connect(db)
    w.execute("INSERT INTO township(name) VALUES ('x')")
    try:
        assert quick_check(db) is True
    finally:
        w.close()
    assert quick_check(db.parent / "missing.db") is not True
    assert not (db.parent / "missing.db").exists()


def test_list_backups_flags_unreadable(db: Path, tmp_path: Path):
    dest = tmp_path / "bk"
    good = make_backup(db, dest, label=LABEL, now=NOW)
    bad = dest / f"{LABEL}_20250306-080000.db"
    bad.write_bytes(b"garbage")
    (dest / "notes.txt").write_text("x")
    (dest / f"{LABEL}_恢复前_20250307-080000.db").write_bytes(b"kept")
    infos = list_backups(dest)
    assert [i.path for i in infos] == [bad, good.path]
    assert infos[0].error and not infos[0].ok and infos[0].counts == {}
    assert infos[1].ok and infos[1].total_records == good.total_records
    assert list_backups(tmp_path / "missing") == []
    assert list_backups(dest, "别的镇") == []


# --------------------------------------------------------------------------- rotation


def _touch_backups(dest: Path, start: datetime, days: int, per_day=(8, 13, 19)) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    made = []
    for d in range(days):
        for h in per_day:
            ts = (start + timedelta(days=d)).replace(hour=h, minute=d % 60, second=7)
            p = dest / f"{LABEL}_{ts:%Y%m%d-%H%M%S}.db"
            p.write_bytes(b"")
            made.append(p)
    return made


def _expected_keep(paths: list[Path], daily, weekly, monthly) -> set[str]:
    """Independent reference: group by period, newest per period, newest N periods."""
    stamps = {p.name: datetime.strptime(p.name.split("_")[1][:15], "%Y%m%d-%H%M%S") for p in paths}
    keep = set()
    for n, key in ((daily, lambda t: t.date()), (weekly, lambda t: t.isocalendar()[:2]),
                   (monthly, lambda t: (t.year, t.month))):
        groups: dict = {}
        for name, t in stamps.items():
            groups.setdefault(key(t), []).append((t, name))
        for k in sorted(groups, reverse=True)[:n]:
            keep.add(max(groups[k])[1])
    return keep


def test_rotation_over_400_days(tmp_path: Path):
    dest = tmp_path / "bk"
    start = datetime(2024, 1, 1)
    made = _touch_backups(dest, start, 400)
    foreign = {
        "notes.txt": b"keep me",
        "姚伏镇_恢复前_20240105-100000.db": b"kept aside before restore",
        "other.db": b"x",
        f".{LABEL}_20240101-000000.db.abcd.part": b"x",
        f"{LABEL}_2024-01-01.db": b"x",
        f"{LABEL}_20240101-000000.db.bak": b"x",
        f"{LABEL}_20241399-000000.db": b"invalid date",
    }
    for n, c in foreign.items():
        (dest / n).write_bytes(c)
    (dest / f"{LABEL}_20240102-000000.db.dir").mkdir()
    (dest / f"{LABEL}_20240103-000000.db").mkdir()  # a directory named like a backup
    other_label = _touch_backups(tmp_path / "tmp2", start, 3)
    for p in other_label:
        os.replace(p, dest / p.name.replace(LABEL, "另一个镇"))

    now = start + timedelta(days=400)
    removed = rotate_backups(dest, policy=BackupPolicy(daily=12, weekly=10, monthly=9), now=now)

    left = {p.name for p in dest.iterdir()}
    expected = _expected_keep(made, 12, 10, 9)
    assert {p.name for p in made} & left == expected
    assert len(expected) <= 12 + 10 + 9
    assert max(p.name for p in made) in left  # the newest is kept
    for n, c in foreign.items():
        assert (dest / n).read_bytes() == c
    assert (dest / f"{LABEL}_20240103-000000.db").is_dir()
    # the other label is rotated on its own: 3 days → newest per day kept
    assert sum(1 for n in left if n.startswith("另一个镇")) == 3
    assert set(removed) <= set(made) | {dest / p.name.replace(LABEL, "另一个镇") for p in other_label}
    assert len(removed) == len(made) - len(expected) + 6
    # idempotent
    assert rotate_backups(dest, now=now) == []


def test_rotation_ignores_future_dated_backups(tmp_path: Path):
    dest = tmp_path / "bk"
    future = _touch_backups(dest, datetime(2030, 1, 1), 20, per_day=(10,))
    now = datetime(2025, 3, 5, 12)
    current = dest / f"{LABEL}_{now:%Y%m%d-%H%M%S}.db"
    current.write_bytes(b"")
    rotate_backups(dest, policy=BackupPolicy(daily=1, weekly=0, monthly=0), now=now)
    assert current.exists() and all(p.exists() for p in future)


def test_rotation_only_label(tmp_path: Path):
    dest = tmp_path / "bk"
    made = _touch_backups(dest, datetime(2024, 1, 1), 30)
    x = dest / "别镇_20240101-000000.db"
    y = dest / "别镇_20240102-000000.db"
    x.write_bytes(b"")
    y.write_bytes(b"")
    rotate_backups(dest, policy=BackupPolicy(daily=1, weekly=0, monthly=0), label=LABEL, now=datetime(2025, 1, 1))
    assert x.exists() and y.exists()
    assert sum(p.exists() for p in made) == 1


@settings(max_examples=60, deadline=None)
@given(
    offsets=st.lists(st.integers(min_value=0, max_value=3 * 365 * 24 * 3600), min_size=1, max_size=60, unique=True),
    d=st.integers(0, 5), w=st.integers(0, 5), m=st.integers(0, 5),
)
def test_select_keep_properties(offsets, d, w, m):
    base = datetime(2023, 1, 1)
    items = sorted(((Path(f"{o}"), base + timedelta(seconds=o)) for o in offsets), key=lambda t: t[1], reverse=True)
    keep = bk_rotation._select_keep(items, d, w, m)
    assert items[0][0] in keep
    assert len(keep) <= max(1, d + w + m) + 1
    ts = dict(items)
    for p in keep:  # each kept one is the newest of its day, week or month (or the newest overall)
        t = ts[p]
        assert p == items[0][0] or any(
            max(t2 for t2 in ts.values() if key(t2) == key(t)) == t
            for key in (lambda x: x.date(), lambda x: x.isocalendar()[:2], lambda x: (x.year, x.month))
        )
    assert keep == _expected_keep_items(items, d, w, m) | {items[0][0]}


def _expected_keep_items(items, d, w, m):
    keep = set()
    for n, key in ((d, lambda t: t.date()), (w, lambda t: t.isocalendar()[:2]), (m, lambda t: (t.year, t.month))):
        groups: dict = {}
        for p, t in items:
            groups.setdefault(key(t), []).append((t, p))
        for k in sorted(groups, reverse=True)[:n]:
            keep.add(max(groups[k])[1])
    return keep


# --------------------------------------------------------------------------- auto_backup


def test_auto_backup_refuses_damaged_db_and_keeps_good_backups(db: Path, tmp_path: Path):
    dest = tmp_path / "bk"
    good = [make_backup(db, dest, label=LABEL, now=datetime(2024, 1, 1) + timedelta(days=i)).path for i in range(40)]
    hashes = {p: sha(p) for p in good}
    damaged = corrupt_copy(db, tmp_path / "damaged.db")
    assert quick_check(damaged) is not True
    for force in (False, True):
        with pytest.raises(BackupError, match="自检未通过"):
            auto_backup(damaged, dest, label=LABEL, last_backup_at=None, changed=True, force=force,
                        policy=BackupPolicy(daily=1, weekly=0, monthly=0), now=datetime(2025, 1, 1))
    assert sorted(dest.iterdir()) == sorted(good)
    assert {p: sha(p) for p in good} == hashes


def test_auto_backup_schedule_and_rotation(db: Path, tmp_path: Path):
    dest = tmp_path / "bk"
    t0 = datetime(2025, 3, 1, 9)
    first = auto_backup(db, dest, label=LABEL, last_backup_at=None, changed=False, now=t0)
    assert first is not None  # never backed up before: back up even if unchanged
    assert auto_backup(db, dest, label=LABEL, last_backup_at=t0, changed=False,
                       now=t0 + timedelta(days=1)) is None
    assert auto_backup(db, dest, label=LABEL, last_backup_at=t0, changed=True,
                       now=t0 + timedelta(minutes=10)) is None
    forced = auto_backup(db, dest, label=LABEL, last_backup_at=t0, changed=True, force=True,
                         now=t0 + timedelta(minutes=10))
    assert forced is not None
    later = auto_backup(db, dest, label=LABEL, last_backup_at=t0, changed=True,
                        now=t0 + timedelta(minutes=31))
    assert later is not None
    # the default policy: same day → only the newest of that day survives rotation
    assert [i.path for i in list_backups(dest)] == [later.path]


# --------------------------------------------------------------------------- restore


def test_restore_round_trip_keeps_garbage_aside(db: Path, tmp_path: Path):
    expected = dump(db)
    info = make_backup(db, tmp_path / "bk", label=LABEL, now=NOW)
    garbage = noise(20000)
    db.write_bytes(garbage)
    wal = Path(str(db) + "-wal")
    wal.write_bytes(b"old wal bytes")
    keep_dir = tmp_path / "kept"
    res = restore_backup(info.path, db, keep_dir=keep_dir, label=LABEL, now=datetime(2025, 3, 6, 10, 0, 0))
    assert dump(db) == expected
    assert not wal.exists()
    assert res.counts == info.counts and res.total_records == info.total_records
    kept_db = keep_dir / "姚伏镇_恢复前_20250306-100000.db"
    assert kept_db in res.kept_aside
    assert kept_db.read_bytes() == garbage
    assert Path(str(kept_db) + "-wal").read_bytes() == b"old wal bytes"
    assert quick_check(db) is True
    # no temp files left next to the live db
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith(".")) == []
    # kept-aside files are never treated as backups
    assert list_backups(keep_dir) == []


def test_restore_when_live_file_missing(db: Path, tmp_path: Path):
    info = make_backup(db, tmp_path / "bk", label=LABEL, now=NOW)
    target = tmp_path / "new" / "ledger.db"
    target.parent.mkdir()
    res = restore_backup(info.path, target, keep_dir=tmp_path / "kept", label=LABEL)
    assert res.kept_aside == []
    assert dump(target) == dump(info.path)


def test_restore_refuses_truncated_backup_and_leaves_live_untouched(db: Path, tmp_path: Path):
    info = make_backup(db, tmp_path / "bk", label=LABEL, now=NOW)
    data = info.path.read_bytes()
    info.path.write_bytes(data[: len(data) - 4096])
    before = sha(db)
    listing = sorted(os.listdir(db.parent))
    with pytest.raises(BackupError, match="不完整"):
        restore_backup(info.path, db, keep_dir=tmp_path / "kept", label=LABEL)
    assert sha(db) == before
    assert sorted(os.listdir(db.parent)) == listing
    assert not (tmp_path / "kept").exists()


def test_restore_refuses_corrupt_backup(db: Path, tmp_path: Path):
    info = make_backup(db, tmp_path / "bk", label=LABEL, now=NOW)
    bad = corrupt_copy(info.path, tmp_path / "bad.db")
    before = sha(db)
    with pytest.raises(BackupError):
        restore_backup(bad, db, keep_dir=tmp_path / "kept", label=LABEL)
    assert sha(db) == before


def test_restore_keep_aside_failure_leaves_live_untouched(db: Path, tmp_path: Path, monkeypatch):
    info = make_backup(db, tmp_path / "bk", label=LABEL, now=NOW)
    before = sha(db)

    real_copy = bk_restore._copy_synced

    def full(src, dst):  # the keep folder's disk is full
        if Path(dst).parent != tmp_path / "kept":
            return real_copy(src, dst)
        Path(dst).write_bytes(b"partial")
        os.unlink(dst)
        raise OSError(errno.ENOSPC, "No space left on device")

    def no_link(src, dst):  # another disk: the old file is copied, not linked
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(bk_restore, "_copy_synced", full)
    monkeypatch.setattr(bk_restore.os, "link", no_link)
    with pytest.raises(BackupError, match="磁盘空间不足"):
        restore_backup(info.path, db, keep_dir=tmp_path / "kept", label=LABEL)
    assert sha(db) == before
    assert list((tmp_path / "kept").iterdir()) == []
    assert [p.name for p in db.parent.iterdir() if p.name.startswith(".")] == []  # no part left


def test_paths_with_uri_special_characters(tmp_path: Path):
    d = tmp_path / ("台账 #1%&" if os.name == "nt" else "台账 #1?%&")  # Windows allows no ? in a name
    d.mkdir()
    src = make_db(d / "姚伏镇 台账#.db", rows=5)
    info = make_backup(src, d / "备份 %20", label=LABEL, now=NOW)
    assert verify_backup(info.path).counts == info.counts
    assert quick_check(src) is True
    res = restore_backup(info.path, src, keep_dir=d / "kept", label=LABEL)
    assert res.counts == info.counts


def test_verify_refuses_live_wal_database(db: Path, tmp_path: Path):
    w = sqlite3.connect(db)
    w.execute("PRAGMA wal_autocheckpoint=0")
    w.execute("INSERT INTO township(name) VALUES ('only in the WAL')")
    w.commit()
    try:
        before = sha(db)
        with pytest.raises(BackupError, match="-wal"):
            verify_backup(db)
        live = tmp_path / "live2.db"
        with pytest.raises(BackupError, match="-wal"):
            restore_backup(db, live, keep_dir=tmp_path / "kept", label=LABEL)
        assert not live.exists() and sha(db) == before
    finally:
        w.close()


def test_demo_database_round_trip(tmp_path: Path, request):
    """The app's own demo database (skipped while the demo module is unavailable)."""
    pytest.importorskip("yaofu_desktop.demo")
    demo = request.getfixturevalue("demo_db")
    expected = dump(demo)
    info = make_backup(demo, tmp_path / "bk", label=LABEL, now=NOW)
    assert dump(info.path) == expected
    assert info.total_records > 0
    garbage = b"\x00" * 4096 + noise(4096)
    demo.write_bytes(garbage)
    res = restore_backup(info.path, demo, keep_dir=tmp_path / "kept", label=LABEL)
    assert dump(demo) == expected
    assert res.kept_aside[0].read_bytes() == garbage


def test_make_backup_never_writes_a_damaged_copy(db: Path, tmp_path: Path):
    damaged = corrupt_copy(db, tmp_path / "damaged.db")
    dest = tmp_path / "bk"
    with pytest.raises(BackupError, match="损坏|完整性检查"):
        make_backup(damaged, dest, label=LABEL, now=NOW)
    assert list(dest.iterdir()) == []


def test_cut_short_copies_are_hidden_and_cleared_a_day_later(tmp_path):
    """A .part left by a killed backup is never listed, and the next backup clears it once it is
    a day old (never younger: it may be another copy's backup in progress)."""
    import os
    import sqlite3
    import time

    from yaofu_desktop.backup import list_backups, make_backup

    db = tmp_path / "live.db"
    with sqlite3.connect(db) as c:
        c.execute("CREATE TABLE t (x)")
        c.execute("INSERT INTO t VALUES (1)")
    c.close()
    dest = tmp_path / "bk"
    dest.mkdir()
    old = dest / ".镇_20250101-000000.db.1234abcd.part"
    new = dest / ".镇_20250102-000000.db.5678abcd.part"
    old.write_bytes(b"half a backup")
    new.write_bytes(b"half a backup")
    day_ago = time.time() - 2 * 86400
    os.utime(old, (day_ago, day_ago))
    mine = dest / "我的文件.part"  # not hidden: not ours
    mine.write_bytes(b"x")
    made = make_backup(db, dest, label="镇")
    assert [b.path for b in list_backups(dest)] == [made.path]
    assert not old.exists() and new.exists() and mine.exists()


def test_restore_that_cannot_swap_puts_the_old_sidecars_back(tmp_path, monkeypatch):
    """If the file cannot be replaced (in use on Windows), the live file keeps its -wal."""
    import os
    import sqlite3

    import pytest

    from yaofu_desktop import backup as backup_pkg

    db = tmp_path / "live.db"
    with sqlite3.connect(db) as c:
        c.execute("CREATE TABLE t (x)")
    c.close()
    made = backup_pkg.make_backup(db, tmp_path / "bk", label="镇")
    wal = tmp_path / "live.db-wal"
    wal.write_bytes(b"the old file's saves")
    real_replace = os.replace

    def replace(src, dst):
        if str(dst) == str(db):
            raise PermissionError(13, "in use")
        return real_replace(src, dst)

    monkeypatch.setattr(backup_pkg.restore.os, "replace", replace)
    with pytest.raises(backup_pkg.BackupError, match="恢复未进行") as e:
        backup_pkg.restore_backup(made.path, db, keep_dir=tmp_path / "kept", label="镇")
    assert wal.read_bytes() == b"the old file's saves"
    assert "没有任何改动" in e.value.message
    assert [p.name for p in (tmp_path / "kept").iterdir() if "恢复前" in p.name] == []  # nothing left aside


def test_restore_that_fails_copying_leaves_no_copy_of_the_unchanged_file(tmp_path, monkeypatch):
    """The backup cannot be copied beside the live file (the disk fills): the live file was not
    touched, so its 恢复前 copy made a moment before is removed again."""
    import errno
    import sqlite3

    import pytest

    from yaofu_desktop import backup as backup_pkg

    db = tmp_path / "live.db"
    with sqlite3.connect(db) as c:
        c.execute("CREATE TABLE t (x)")
    c.close()
    made = backup_pkg.make_backup(db, tmp_path / "bk", label="镇")
    before = db.read_bytes()
    real_copy = backup_pkg.restore._copy_synced

    def copy(src, dst):
        if ".restore." in dst.name:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_copy(src, dst)

    monkeypatch.setattr(backup_pkg.restore, "_copy_synced", copy)
    with pytest.raises(backup_pkg.BackupError) as e:
        backup_pkg.restore_backup(made.path, db, keep_dir=tmp_path / "kept", label="镇")
    assert "磁盘空间不足" in e.value.message and "没有任何改动" in e.value.message
    assert "No space" not in e.value.message
    assert db.read_bytes() == before
    assert not (tmp_path / "kept").exists()  # the live file is kept aside only once the copy is sound
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bk", "live.db"]
