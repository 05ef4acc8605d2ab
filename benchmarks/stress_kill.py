"""The kill test of tests/test_crash_safety.py, many times over (POSIX only).

    python benchmarks/stress_kill.py [--count 1000] [--seed N] [--work DIR]

A child process saves records (one by one and in batches), makes backups or restores one, and is
SIGKILLed at a random moment; then the files are checked: PRAGMA integrity_check, the app's own
check, every confirmed save present, no half batch, records and audit log in step, a killed
backup never listed, a killed restore leaves the old or the new file whole. Of the kills, 80 %
hit the writer, 10 % make_backup, 10 % restore_backup. A fresh database is started every 50
writer kills so the checks stay quick.

Prints one summary line; exits 1 if any confirmed record was lost or any check failed.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

import crash_writer as cw  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000, help="number of kills (default 1000)")
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--work", type=Path, help="working folder (default: a new temp folder, removed)")
    args = ap.parse_args(argv)
    if sys.platform.startswith("win"):
        print("stress_kill: SIGKILL is POSIX only", file=sys.stderr)
        return 2

    from yaofu_desktop.backup import make_backup
    from yaofu_desktop.store import Store

    work = args.work or Path(tempfile.mkdtemp(prefix="yaofu_kill_"))
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    kills = files_checked = lost = failures = 0
    confirmed = 0
    writer_kills = backup_kills = restore_kills = 0
    started = time.monotonic()

    # backups and restores work on the demo database / two small backups
    from yaofu_desktop.demo import create_demo

    demo = create_demo(work / "demo.db")
    demo_digest = cw._digest(demo)
    backup_dest = work / "backups"
    backup_dest.mkdir()
    small = cw.make_db(work / "small.db")
    with Store.open(small) as s:
        s.insert_many("meetings", [cw._meeting(rng, f"a-{i:08d}") for i in range(150)])
    a = make_backup(small, work / "ab", label="A").path
    with Store.open(small) as s:
        s.insert_many("meetings", [cw._meeting(rng, f"b-{i:08d}") for i in range(300)])
    b = make_backup(small, work / "ab", label="B").path
    ab_digests = {cw._digest(a), cw._digest(b)}
    live = work / "live" / "台账.db"
    live.parent.mkdir()
    shutil.copyfile(a, live)
    keep = work / "keep"

    db = None
    ledger = cw.Ledger()
    try:
        for i in range(args.count):
            roll = rng.random()
            try:
                if roll < 0.8:
                    if db is None or writer_kills % 50 == 0:
                        confirmed += ledger.confirmed
                        if db is not None:
                            for p in db.parent.glob(db.name + "*"):
                                p.unlink()
                        db = cw.make_db(work / f"writer-{writer_kills // 50:03d}.db")
                        ledger = cw.Ledger()
                    lost += cw.writer_round(db, ledger, work, rng, writer_kills)
                    writer_kills += 1
                    files_checked += 1
                elif roll < 0.9:
                    if backup_kills % 20 == 0:
                        shutil.rmtree(backup_dest)
                        backup_dest.mkdir()
                    files_checked += 1 + cw.backup_round(demo, demo_digest, backup_dest, work, rng, i)
                    backup_kills += 1
                else:
                    shutil.rmtree(keep, ignore_errors=True)
                    files_checked += cw.restore_round(live, a, b, keep, work, rng, i, ab_digests)
                    restore_kills += 1
            except Exception:  # noqa: BLE001 - count, show and go on
                failures += 1
                print(f"kill {i}: check FAILED\n{traceback.format_exc()}", file=sys.stderr)
                if db is not None:
                    db = None  # start over on a fresh file
            kills += 1
            if (i + 1) % 50 == 0:
                print(f"… {i + 1} kills, {time.monotonic() - started:.0f} s", file=sys.stderr)
        confirmed += ledger.confirmed
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)

    print(
        f"kills: {kills} (writer {writer_kills}, backup {backup_kills}, restore {restore_kills}); "
        f"files checked: {files_checked}; confirmed records: {confirmed}; "
        f"confirmed records lost: {lost}; failed checks: {failures}; "
        f"seed {args.seed}; {time.monotonic() - started:.0f} s"
    )
    return 0 if lost == 0 and failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
