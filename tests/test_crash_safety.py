"""The app killed at any moment (power cut, Task Manager): no save that was confirmed is lost, no
batch is half-saved, the file stays sound; a killed backup is never taken for a backup; a killed
restore leaves the old or the new file, whole.

Each test SIGKILLs a child process (tests/crash_writer.py) at random moments, tens of times; the
whole file runs in well under 30 s. benchmarks/stress_kill.py runs the same loops 1,000 times.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,  # still part of the normal run (the marker only names it)
    pytest.mark.skipif(sys.platform.startswith("win"), reason="SIGKILL is POSIX"),
]

from tests import crash_writer as cw  # noqa: E402

SEED = int(os.environ.get("YAOFU_KILL_SEED", "20250305"))


def test_killed_writer_loses_no_confirmed_save(tmp_path):
    rng = random.Random(SEED)
    db = cw.make_db(tmp_path / "台账.db")
    ledger = cw.Ledger()
    for run in range(24):
        lost = cw.writer_round(db, ledger, tmp_path, rng, run, max_delay=0.3)
        assert lost == 0, f"run {run}: {lost} confirmed records lost"
    # the kills landed while saving, not only before the first save
    assert ledger.confirmed > 100 and len(ledger.batches) > 5, ledger.confirmed
    assert set(ledger.announced) - set(ledger.batches), "no kill landed inside a batch"
    # and the app opens the file afterwards and can save again
    from yaofu_desktop.store import Store

    with Store.open(db) as s:
        s.insert("meetings", {"date": "2025-01-02", "kind": "专题会议", "topic": "重启后保存"})
        assert s.count("meetings") >= ledger.confirmed + 1


def test_killed_backup_is_never_taken_for_a_backup(demo_db, tmp_path):
    from yaofu_desktop.backup import list_backups

    rng = random.Random(SEED + 1)
    dest = tmp_path / "备份"
    dest.mkdir()
    digest = cw._digest(demo_db)
    for run in range(8):
        cw.backup_round(demo_db, digest, dest, tmp_path, rng, run)
    listed = {b.path.name for b in list_backups(dest)}
    assert listed, "no backup was ever completed"
    leftovers = [n for n in os.listdir(dest) if n.startswith(".")]
    assert not (set(leftovers) & listed)


def test_backup_killed_with_its_part_file_left(demo_db, tmp_path):
    """Deterministic: a complete, even valid, .part file (killed just before the rename) is not
    listed, and restore from the folder does not offer it."""
    import shutil
    import subprocess

    from yaofu_desktop.backup import list_backups, make_backup

    dest = tmp_path / "备份"
    made = make_backup(demo_db, dest, label="姚伏镇")
    part = dest / f".{made.path.name}.0badf00d.part"
    shutil.copyfile(made.path, part)
    (dest / f"{part.name}-journal").write_bytes(b"")
    made.path.unlink()
    assert list_backups(dest) == []
    r = subprocess.run(
        [sys.executable, str(cw.ROOT / "main.py"), "restore", "--db", str(demo_db), "--from", str(dest)],
        capture_output=True, text=True, encoding="utf-8",
    )
    assert r.returncode == 1 and ".part" not in r.stdout and "没有本程序的备份" in r.stderr


def test_killed_restore_leaves_old_or_new_file_whole(tmp_path):
    from yaofu_desktop.backup import make_backup
    from yaofu_desktop.store import Store

    rng = random.Random(SEED + 2)
    src = cw.make_db(tmp_path / "src.db")
    baks = tmp_path / "baks"
    with Store.open(src) as s:
        s.insert_many("meetings", [cw._meeting(rng, f"a-{i:08d}") for i in range(150)])
    a = make_backup(src, baks, label="A").path
    with Store.open(src) as s:
        s.insert_many("meetings", [cw._meeting(rng, f"b-{i:08d}") for i in range(300)])
    b = make_backup(src, baks, label="B").path
    digests = {cw._digest(a), cw._digest(b)}
    assert len(digests) == 2

    db = tmp_path / "live" / "台账.db"
    db.parent.mkdir()
    db.write_bytes(a.read_bytes())
    keep = tmp_path / "keep"
    for run in range(10):
        cw.restore_round(db, a, b, keep, tmp_path, rng, run, digests)
    with Store.open(db) as s:  # the app opens whichever it is
        assert s.count("meetings") in (150, 450)


# --------------------------------------------------------------------------- kill during a checkpoint


def _killed_mid_checkpoint(tmp_path: Path) -> tuple[Path, int]:
    """The state a SIGKILL during a WAL checkpoint leaves, made deterministically.

    A writer saves enough that the database grows while every change is still in the -wal
    (checkpoints off), then exits without closing (as if killed). A checkpoint copies the pages
    back in page order, page 1 first: we copy page 1's newest committed version into the main
    file and stop there. The main file's header now names more pages than the file has; the
    -wal holds them all. SQLite reads this correctly (integrity_check ok).
    """
    import struct
    import subprocess

    db = cw.make_db(tmp_path / "台账.db")
    code = (
        "import os, random, sys; sys.path.insert(0, sys.argv[2]);"
        "import crash_writer as cw; from yaofu_desktop.store import Store;"
        "s = Store.open(sys.argv[1]); s.conn.execute('PRAGMA wal_autocheckpoint=0');"
        "rng = random.Random(1);"
        "s.insert_many('meetings', [cw._meeting(rng, f'm-{i:08d}') for i in range(400)]);"
        "os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code, str(db), str(Path(__file__).parent)],
                   check=True, cwd=cw.ROOT)
    wal = Path(str(db) + "-wal").read_bytes()
    page_size = struct.unpack(">I", wal[8:12])[0]
    newest_page1, off = None, 32
    while off + 24 + page_size <= len(wal):
        pgno, commit_size = struct.unpack(">II", wal[off : off + 8])
        if pgno == 1:
            newest_page1 = wal[off + 24 : off + 24 + page_size]
        off += 24 + page_size
    assert newest_page1 is not None
    with open(db, "r+b") as f:
        f.write(newest_page1)
    assert cw.mid_checkpoint(db)
    cw.check_integrity(db)  # SQLite: sound
    return db, 400


def test_store_opens_a_file_killed_mid_checkpoint(tmp_path):
    """A file killed mid-checkpoint is short until its -wal is replayed: opened, not refused."""
    from yaofu_desktop.store import Store

    db, n = _killed_mid_checkpoint(tmp_path)
    with Store.open(db) as s:
        assert s.count("meetings") == n


def test_backup_of_a_file_killed_mid_checkpoint(tmp_path):
    """`backup` judges such a file by SQLite's check, not the header size: it is backed up, whole."""
    import subprocess

    from yaofu_desktop.backup import list_backups

    db, n = _killed_mid_checkpoint(tmp_path)
    r = subprocess.run(
        [sys.executable, str(cw.ROOT / "main.py"), "backup", "--db", str(db), "--to", str(tmp_path / "usb")],
        capture_output=True, text=True, encoding="utf-8",
    )
    assert r.returncode == 0, r.stderr
    (made,) = list_backups(tmp_path / "usb", verify=True)
    assert made.counts["meetings"] == n
