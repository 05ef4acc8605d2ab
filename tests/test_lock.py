"""One app per database: the lock file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from yaofu_desktop import lock as lk
from yaofu_desktop.lock import DatabaseLock, LockedError, LockInfo, pid_alive


def write_lock(db: Path, *, age: float = 10.0, **fields) -> Path:
    data = {
        "pid": os.getppid(),
        "user": "张三",
        "host": lk._host(),
        "app": "法治台账",
        "started": "2025-03-05T09:12:40",
        "token": "other",
        "boot": lk._boot_time(),
    }
    data.update(fields)
    p = Path(str(db) + ".lock")
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    t = time.time() - age
    os.utime(p, (t, t))
    return p


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    assert not pid_alive(proc.pid)
    return proc.pid


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "姚伏镇.db"


def test_acquire_release_and_content(db: Path):
    lock = DatabaseLock(db)
    lock.acquire()
    assert lock.held
    info = lock.read()
    assert info.pid == os.getpid() and info.app == "法治台账" and info.host == lk._host()
    assert info.user
    raw = json.loads(lock.lock_path.read_text(encoding="utf-8"))
    assert set(raw) >= {"pid", "user", "host", "app", "started"}
    lock.acquire()  # idempotent
    lock.release()
    assert not lock.lock_path.exists()
    lock.release()  # idempotent


def test_context_manager_and_second_instance_in_same_process(db: Path):
    with DatabaseLock(db) as first:
        assert first.held
        with pytest.raises(LockedError):
            DatabaseLock(db).acquire()
    assert not first.lock_path.exists()
    with DatabaseLock(db):
        pass


def test_held_by_live_process_raises_chinese_message(db: Path):
    p = write_lock(db, user="张三", host=lk._host(), started="2025-03-05T09:12:40")
    before = p.read_bytes()
    with pytest.raises(LockedError) as ei:
        DatabaseLock(db).acquire()
    assert ei.value.message.startswith(f"该数据库正由 张三（电脑 {lk._host()}）于 2025-03-05 09:12 打开。")
    assert ei.value.info.pid == os.getppid()
    assert p.read_bytes() == before  # untouched


def test_message_format():
    info = LockInfo(pid=1, user="张三", host="OFFICE-PC", app="法治台账", started="2025-03-05T09:12:59")
    assert str(LockedError(info)).startswith("该数据库正由 张三（电脑 OFFICE-PC）于 2025-03-05 09:12 打开。")
    info.started = "nonsense"
    assert "未知时间" in str(LockedError(info))


def test_stale_pid_is_taken_over(db: Path):
    write_lock(db, pid=dead_pid())
    lock = DatabaseLock(db)
    lock.acquire()
    assert lock.read().pid == os.getpid()
    lock.release()
    assert [p.name for p in db.parent.iterdir()] == []  # no leftovers of the stale file


@pytest.mark.parametrize(
    "content",
    [b"", b"garbage \x00\xff", b"[1,2]", b'{"pid": "x"}', b'{"pid": -5}', b'{"user": "a"}', b"{truncated"],
)
def test_garbage_lock_is_taken_over(db: Path, content: bytes):
    p = Path(str(db) + ".lock")
    p.write_bytes(content)
    t = time.time() - 60
    os.utime(p, (t, t))
    with DatabaseLock(db) as lock:
        assert lock.read().pid == os.getpid()


def test_fresh_empty_lock_gets_grace_period(db: Path, monkeypatch):
    monkeypatch.setattr(lk, "WRITE_GRACE", 0.3)
    p = Path(str(db) + ".lock")
    p.write_bytes(b"")  # another copy has just created it and is about to write
    t0 = time.monotonic()
    with DatabaseLock(db) as lock:
        assert lock.held
    assert time.monotonic() - t0 >= 0.2


def test_leftover_with_our_own_pid_is_stale(db: Path):
    write_lock(db, pid=os.getpid(), token="from-an-earlier-process")
    with DatabaseLock(db) as lock:
        assert lock.read().token != "from-an-earlier-process"


@pytest.mark.skipif(lk._boot_time() is None, reason="boot time unknown on this platform")
def test_lock_from_before_reboot_is_stale(db: Path):
    write_lock(db, pid=os.getppid(), boot=lk._boot_time() - 3600)
    with DatabaseLock(db) as lock:
        assert lock.held


def test_other_host(db: Path):
    write_lock(db, host="OFFICE-PC", pid=dead_pid(), age=3600)
    with pytest.raises(LockedError, match="电脑 OFFICE-PC"):
        DatabaseLock(db).acquire()  # pids on other machines cannot be checked
    write_lock(db, host="OFFICE-PC", age=13 * 3600)
    with DatabaseLock(db, stale_after=timedelta(hours=12)) as lock:
        assert lock.held


def test_force_takes_over_live_lock(db: Path):
    write_lock(db)
    lock = DatabaseLock(db)
    lock.acquire(force=True)
    assert lock.read().pid == os.getpid()
    lock.release()


def test_release_does_not_remove_someone_elses_lock(db: Path):
    lock = DatabaseLock(db)
    lock.acquire()
    assert lock.refresh() is True
    other = DatabaseLock(db)
    other.acquire(force=True)  # e.g. "强制打开" on another PC
    assert lock.refresh() is False
    lock.release()
    assert other.lock_path.exists() and other.read().token == other._token
    other.release()
    assert not other.lock_path.exists()


def test_unwritable_folder_raises_lock_error(tmp_path: Path):
    with pytest.raises(lk.LockError, match="无法在"):
        DatabaseLock(tmp_path / "missing" / "x.db").acquire()


def test_pid_alive():
    assert pid_alive(os.getpid())
    assert pid_alive(os.getppid())
    assert not pid_alive(0) and not pid_alive(-1)
    assert not pid_alive(dead_pid())


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_lock_log_settings_and_data_folder_are_the_owners_only(tmp_path, monkeypatch):
    import logging
    import stat

    from yaofu_desktop import paths
    from yaofu_desktop.applog import setup_logging

    data = tmp_path / "数据"
    monkeypatch.setenv("YAOFU_DATA_DIR", str(data))
    assert stat.S_IMODE(paths.data_dir().stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.backup_dir().stat().st_mode) == 0o700
    data.chmod(0o755)  # a folder made by an older version
    assert stat.S_IMODE(paths.data_dir().stat().st_mode) == 0o700
    db = tmp_path / "x.db"
    db.write_bytes(b"")
    with DatabaseLock(db) as lock:
        assert stat.S_IMODE(lock.lock_path.stat().st_mode) == 0o600
    setup_logging()
    logging.getLogger("yaofu.test").warning("a line for the log")
    assert stat.S_IMODE(paths.log_path().stat().st_mode) == 0o600
    pytest.importorskip("PySide6.QtCore")
    from yaofu_desktop.gui.settings import app_settings

    s = app_settings()
    s.setValue("x", 1)
    s.sync()
    assert stat.S_IMODE(Path(s.fileName()).stat().st_mode) == 0o600


# -- issue 11, hole 7: a reused pid is not the holder; the command line's way out ------------------


@pytest.mark.skipif(lk.process_start(os.getpid()) is None, reason="process start time unknown here")
def test_process_start_tells_processes_apart():
    mine = lk.process_start(os.getpid())
    assert mine == lk.process_start(os.getpid())  # the same reading each time
    assert abs(mine - time.time()) < 24 * 3600 and mine <= time.time()
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert lk.process_start(child.pid) > mine
    finally:
        child.kill()
        child.wait()
    assert lk.process_start(dead_pid()) is None


@pytest.mark.skipif(lk.process_start(os.getpid()) is None, reason="process start time unknown here")
def test_a_lock_whose_pid_now_belongs_to_another_process_is_stale(db: Path):
    """The lock names a pid that is alive, but that process started long after the lock's holder:
    the system gave the dead holder's pid to another process. Taken over, not 'held' for ever."""
    other = os.getppid()
    write_lock(db, pid=other, proc_start=lk.process_start(other) - 3600)
    with DatabaseLock(db) as lock:
        assert lock.read().pid == os.getpid()
        assert lock.read().proc_start == lk.process_start(os.getpid())
    write_lock(db, pid=other, proc_start=lk.process_start(other))  # the holder itself: held
    with pytest.raises(LockedError):
        DatabaseLock(db).acquire()


def _cli(*args):
    return subprocess.run([sys.executable, str(Path(__file__).resolve().parents[1] / "main.py"), *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8")


def test_command_line_offers_and_has_the_windows_way_out(demo_db: Path, tmp_path: Path):
    """A lock held by a live process: `import` and `restore` say how to go on from the command line
    (--force-open, not the window's 强制打开 button), and --force-open does it."""
    from yaofu_desktop.backup import make_backup
    from yaofu_desktop.excel import export_workbook
    from yaofu_desktop.store import Store

    xlsx = tmp_path / "x.xlsx"
    with Store.open(demo_db, readonly=True) as store:
        export_workbook(store, 2025, xlsx)
    backup = make_backup(demo_db, tmp_path / "备份", label="demo").path
    write_lock(demo_db)  # held by a live process (our parent), not by us
    for args in (["import", "--db", demo_db, xlsx], ["restore", "--db", demo_db, "--from", backup]):
        r = _cli(*args)
        assert r.returncode in (1, 2) and "--force-open" in r.stderr, r.stderr
        assert "选择“强制打开”" not in r.stderr
        r = _cli(*args, "--force-open")
        assert r.returncode == 0, r.stderr
        assert not Path(str(demo_db) + ".lock").exists()
        write_lock(demo_db)
