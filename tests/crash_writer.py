"""Kill tests: a child process that saves records (or makes backups, or restores) until it is
killed with SIGKILL, and the checks run afterwards. Used by tests/test_crash_safety.py and
benchmarks/stress_kill.py.

Child (``python tests/crash_writer.py MODE ...``):

    write   DB RUN       save meetings one by one (Store.insert) and in batches (insert_many);
                         after each save *returns*, print ``S uid`` / ``B prefix n`` (flushed);
                         before a batch, print ``b prefix n`` (announced, not confirmed)
    backup  DB DEST      make_backup(DB, DEST) in a loop; print ``D path`` after each
    restore DB A B KEEP  restore_backup(A, then B, then A …) onto DB in a loop; print ``R path``

Output goes to a file (not a pipe): a killed child cannot lose what it printed, and a full pipe
cannot stall it.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

KINDS = ("党委会议", "政府常务会议", "党政联席会议", "专题会议")
PROFILE = {"township": "测试镇", "government": "测试县测试镇人民政府", "report_year": 2025,
           "villages": ["一村", "二村"]}


def _meeting(rng: random.Random, uid: str) -> dict:
    return {
        "uid": uid,
        "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "kind": rng.choice(KINDS),
        "topic": "研究法治建设工作" + "，" * rng.randint(0, 3) + "议题" * rng.randint(1, 40),
        "attendees": rng.randint(1, 60),
        "decisions": "决定事项" * rng.randint(0, 30),
    }


# --------------------------------------------------------------------------- child


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def child_write(db: str, run: str) -> None:
    from yaofu_desktop.store import Store

    rng = random.Random(f"{run}-{os.getpid()}")
    store = Store.open(db)
    _say("READY")
    i = 0
    while True:
        i += 1
        if i % 3 == 0:
            n = rng.randint(2, 120)
            prefix = f"b{run}-{i:07d}-"
            _say(f"b {prefix} {n}")
            store.insert_many("meetings", [_meeting(rng, f"{prefix}{j:04d}") for j in range(n)])
            _say(f"B {prefix} {n}")
        else:
            uid = f"s{run}-{i:07d}"
            store.insert("meetings", _meeting(rng, uid))
            _say(f"S {uid}")


def child_backup(db: str, dest: str) -> None:
    from yaofu_desktop.backup import make_backup

    _say("READY")
    while True:
        info = make_backup(db, dest, label="测试镇")
        _say(f"D {info.path}")


def child_restore(db: str, a: str, b: str, keep: str) -> None:
    from yaofu_desktop.backup import restore_backup

    _say("READY")
    for i in range(10**9):
        src = a if i % 2 else b
        restore_backup(src, db, keep_dir=keep, label="测试镇")
        _say(f"R {src}")


# --------------------------------------------------------------------------- parent


def spawn(mode: str, *args: str | os.PathLike, out: Path) -> tuple[subprocess.Popen, object]:
    fh = open(out, "w", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), mode, *map(str, args)],
        stdout=fh, stderr=subprocess.PIPE, cwd=ROOT,
    )
    return proc, fh


def kill_at_random(proc: subprocess.Popen, fh, out: Path, rng: random.Random,
                   max_delay: float = 0.4) -> list[str]:
    """SIGKILL the child at a random moment: sometimes while it starts up, mostly once it is
    working. Returns the lines it printed. Raises if the child died on its own."""
    if rng.random() < 0.2:
        time.sleep(rng.uniform(0.0, 0.25))  # during start-up / opening the file
    else:
        deadline = time.monotonic() + 20
        while "READY" not in out.read_text(encoding="utf-8"):
            if proc.poll() is not None or time.monotonic() > deadline:
                break
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, max_delay))
    died_early = proc.poll() is not None
    if not died_early:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    fh.close()
    if died_early or proc.returncode != -signal.SIGKILL:
        raise AssertionError(f"the child ended on its own (code {proc.returncode}):\n{err}")
    return out.read_text(encoding="utf-8").splitlines()


@dataclass
class Ledger:
    """What the writer children confirmed (and announced) across all runs on one file."""

    singles: set[str] = field(default_factory=set)
    batches: dict[str, int] = field(default_factory=dict)  # prefix -> size, confirmed
    announced: dict[str, int] = field(default_factory=dict)  # prefix -> size, maybe saved

    def take(self, lines: list[str]) -> None:
        for line in lines:
            parts = line.split()
            if not parts:
                continue
            if parts[0] == "S":
                self.singles.add(parts[1])
            elif parts[0] == "B":
                self.batches[parts[1]] = int(parts[2])
            elif parts[0] == "b":
                self.announced[parts[1]] = int(parts[2])

    @property
    def confirmed(self) -> int:
        return len(self.singles) + sum(self.batches.values())


def make_db(path: Path) -> Path:
    from yaofu_desktop.store import Store

    Store.open(path, create=True, profile=PROFILE).close()
    return path


def hot_wal(db: Path) -> bool:
    wal = Path(str(db) + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def mid_checkpoint(db: Path) -> bool:
    """The state a kill during a WAL checkpoint leaves: the main file is shorter than its header
    says (page 1 was copied back first, the file not yet extended) and the -wal holds the rest.
    SQLite reads such a file correctly, and so must the app."""
    from yaofu_desktop.dbfile import inspect_file

    info = inspect_file(db)
    short = info.is_sqlite and info.page_count > 0 and info.size < info.page_size * info.page_count
    return short and hot_wal(db)


def check_integrity(db: Path) -> None:
    """SQLite's own verdict, read-only: integrity_check and foreign keys (what `check` runs)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    if result != ["ok"] or fk:
        raise AssertionError(f"{db.name} is damaged: {result[:3]} {fk[:3]}")


def check_app_accepts(db: Path) -> None:
    """The app's own check (dbfile.check_file, what `check` runs and Store.open relies on) accepts
    the file: a sound file must never be called damaged (e.g. one killed mid-checkpoint)."""
    from yaofu_desktop.dbfile import check_file

    check_file(db)


def verify_writes(db: Path, ledger: Ledger, *, reopen: bool) -> int:
    """After a kill: the file is sound, every confirmed save is there, no batch is partial, every
    record has its audit entry and vice versa. Returns the number of confirmed records lost
    (always 0 unless something is wrong; the caller asserts)."""
    from yaofu_desktop.store import Store

    check_integrity(db)
    check_app_accepts(db)
    if reopen:
        store = Store.open(db)  # what the app does next: recovery of the -wal, then writes
        conn = store.conn
    else:  # leave the hot -wal for the next writer to recover
        store = None
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        uids = {r[0] for r in conn.execute("SELECT uid FROM meetings")}
        lost = len(ledger.singles - uids)
        per_batch: dict[str, int] = {}
        for u in uids:
            if u.startswith("b"):
                per_batch[u[: u.rindex("-") + 1]] = per_batch.get(u[: u.rindex("-") + 1], 0) + 1
        for prefix, n in ledger.batches.items():
            lost += n - per_batch.get(prefix, 0)
        for prefix, got in per_batch.items():
            size = ledger.batches.get(prefix) or ledger.announced.get(prefix)
            if got != size:
                raise AssertionError(f"half a batch saved: {prefix} has {got} of {size} records")
        ids = {r[0] for r in conn.execute("SELECT id FROM meetings")}
        audited = [r[0] for r in conn.execute(
            "SELECT record_id FROM audit_log WHERE ledger='meetings' AND action='insert'")]
        if len(audited) != len(set(audited)) or set(audited) != ids:
            raise AssertionError(
                f"records and audit log disagree: {len(ids)} records, {len(audited)} audit "
                f"entries, {len(ids - set(audited))} records without one, "
                f"{len(set(audited) - ids)} entries without a record"
            )
    finally:
        if store is not None:
            store.close()
        else:
            conn.close()
    return lost


def writer_round(db: Path, ledger: Ledger, work: Path, rng: random.Random, run: int,
                 *, max_delay: float = 0.4) -> int:
    """Start a writer, kill it, check the file. Returns confirmed records lost."""
    out = work / f"writer-{run}.out"
    proc, fh = spawn("write", db, f"{run:05d}", out=out)
    ledger.take(kill_at_random(proc, fh, out, rng, max_delay))
    out.unlink()
    return verify_writes(db, ledger, reopen=rng.random() < 0.5)


def _digest(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify_backups(src: Path, src_digest: str, dest: Path, lines: list[str]) -> int:
    """After a kill during make_backup: every listed backup is complete and verified, every
    confirmed one is listed, leftover .part files are never listed, the source is unchanged.
    Returns the number of backup files checked."""
    from yaofu_desktop.backup import list_backups, verify_backup

    if _digest(src) != src_digest:
        raise AssertionError("the live database changed during a backup")
    check_integrity(src)
    check_app_accepts(src)
    listed = list_backups(dest, verify=True)
    bad = [b for b in listed if not b.ok]
    if bad:
        raise AssertionError(f"a listed backup is damaged: {bad[0].path}: {bad[0].error}")
    names = {b.path.name for b in listed}
    confirmed = {Path(line.split(" ", 1)[1]).name for line in lines if line.startswith("D ")}
    if not confirmed <= names:
        raise AssertionError(f"confirmed backups missing: {confirmed - names}")
    for entry in os.listdir(dest):
        if ".part" in entry and entry in names:
            raise AssertionError(f"a partial file is listed as a backup: {entry}")
        if entry.endswith(".db") and not entry.startswith("."):
            verify_backup(dest / entry)  # every visible .db file is a complete backup
    return len(listed)


def backup_round(src: Path, src_digest: str, dest: Path, work: Path, rng: random.Random,
                 run: int) -> int:
    out = work / f"backup-{run}.out"
    proc, fh = spawn("backup", src, dest, out=out)
    lines = kill_at_random(proc, fh, out, rng, 0.5)
    out.unlink()
    return verify_backups(src, src_digest, dest, lines)


def restore_round(db: Path, a: Path, b: Path, keep: Path, work: Path, rng: random.Random,
                  run: int, digests: set[str]) -> int:
    """Kill during restore_backup: the live file is A or B whole, and sound. Returns files checked."""
    out = work / f"restore-{run}.out"
    proc, fh = spawn("restore", db, a, b, keep, out=out)
    kill_at_random(proc, fh, out, rng, 0.3)
    out.unlink()
    if not db.exists():
        raise AssertionError("the live database is gone after a kill during restore")
    if _digest(db) not in digests:
        raise AssertionError("the live database is neither the old nor the new file")
    check_integrity(db)
    check_app_accepts(db)
    for side in ("-wal", "-journal"):
        if Path(str(db) + side).exists() and Path(str(db) + side).stat().st_size:
            raise AssertionError(f"a stale {side} file is left beside the restored database")
    return 1


def main(argv: list[str]) -> None:
    mode, *args = argv
    {"write": child_write, "backup": child_backup, "restore": child_restore}[mode](*args)


if __name__ == "__main__":
    main(sys.argv[1:])
