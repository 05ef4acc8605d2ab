"""Backup and restore against the real peer (issue 11): the `backup` command against the sqlite3
shell's `.backup` followed by `PRAGMA integrity_check` of the copy, and the `restore` command
against the same pair run on the backup, whole processes side by side, on the demo grown to about
60 MB (make_large_db.grown_demo). Target: ≤ 1.0× each, with the same guarantee (the copy is
checked once, fully; a copy that fails is discarded and the clerk told; a damaged database never
rotates a good backup out).

Each round runs the four processes one after another, the peer and ours interleaved, so that a
change of load hits both; each round gives its own ratio (ours over the peer run beside it), and
the row is the median of the rounds' ratios (the best round's ratio and the median times in the
note). Two ratios a measure: wall time (what the clerk waits for) and CPU time (user + system,
read with os.wait4: steadier on a shared machine). The load average before and after is printed
with the rows.

    python benchmarks/run.py --only backup
    python benchmarks/bench_backup.py [--rounds 9] [--db PATH]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from run import Row  # noqa: E402

TARGET = 1.0
GROWN_MB = 60

# What Python pays before any of the app's work: the interpreter, sqlite3, and the same SQLite calls
# as `backup` (the backup API into a copy without journal, integrity_check of the copy, fsync). Its
# ratio to the peer, in the note, is the floor any Python program doing this work stands on.
FLOOR = """
import os, sqlite3, sys
src, dst = sys.argv[1], sys.argv[2]
s = sqlite3.connect(f"file:{src}?mode=ro&immutable=1", uri=True, isolation_level=None)
d = sqlite3.connect(dst, isolation_level=None)
d.execute("PRAGMA journal_mode=OFF"); d.execute("PRAGMA synchronous=OFF")
s.backup(d); s.close()
d.execute("PRAGMA journal_mode=DELETE").fetchone()
assert d.execute("PRAGMA integrity_check(5)").fetchall() == [("ok",)]
d.close()
fd = os.open(dst, os.O_RDWR); os.fsync(fd); os.close(fd)
"""


def measure(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one whole process; fails loudly if it fails."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = p.stderr.read()
    _pid, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{cmd[:3]} failed: {err.decode('utf-8', 'replace')[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime


def peer(src: Path, copy: Path) -> tuple[float, float]:
    """The sqlite3 shell: .backup, then PRAGMA integrity_check of the copy (two processes)."""
    copy.unlink(missing_ok=True)
    w1, c1 = measure(["sqlite3", str(src), f".backup '{copy}'"])
    w2, c2 = measure(["sqlite3", str(copy), "PRAGMA integrity_check"])
    return w1 + w2, c1 + c2


def app_env(scratch: Path) -> dict:
    """The environment the app's processes run in: as installed for a clerk, with Python's
    bytecode cache (a shell with PYTHONDONTWRITEBYTECODE=1 would have every run compile the
    app's modules again); the cache is kept apart from the source tree."""
    env = dict(os.environ, YAOFU_DATA_DIR=str(scratch / "data"),
               PYTHONPYCACHEPREFIX=str(Path(tempfile.gettempdir()) / "yaofu_bench_pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def load() -> str:
    try:
        return "load %.1f %.1f %.1f" % os.getloadavg()
    except OSError:
        return "load ?"


def run(ctx=None, rounds: int = 9, db: Path | None = None) -> list[Row]:
    from make_large_db import grown_demo

    if shutil.which("sqlite3") is None:
        return [Row("backup/restore vs sqlite3 shell: sqlite3 not installed (apt install sqlite3)",
                    float("nan"), TARGET, "×")]
    scratch = Path(tempfile.mkdtemp(prefix="yaofu_bench_backup_"))
    from yaofu_desktop.dbfile import SCHEMA_VERSION

    src = db or (Path(tempfile.gettempdir()) / f"yaofu_demo_grown_{GROWN_MB}mb_v{SCHEMA_VERSION}.db")
    if not src.exists():
        print(f"growing the demo to {GROWN_MB} MB: {src} …", file=sys.stderr)
        grown_demo(src, GROWN_MB)
    size_mb = src.stat().st_size / (1024 * 1024)
    env = app_env(scratch)
    main = [sys.executable, str(ROOT / "main.py")]
    dest = scratch / "备份"
    live = scratch / "在用.db"
    copy = scratch / "peer.db"
    before = load()
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in ("peer", "backup", "peer_r", "restore", "floor")}

    shutil.rmtree(dest, ignore_errors=True)
    measure([*main, "backup", "--db", str(src), "--to", str(dest)], env)  # warm: the bytecode cache
    made = None
    for _ in range(rounds):
        times["peer"].append(peer(src, copy))
        copy.unlink(missing_ok=True)
        times["floor"].append(measure([sys.executable, "-c", FLOOR, str(src), str(copy)], env))
        for p in dest.glob("*.db"):  # the folder's 附件库 stays, as it does between a clerk's backups
            p.unlink()
        times["backup"].append(measure([*main, "backup", "--db", str(src), "--to", str(dest)], env))
        made = next(dest.glob("*.db"))
        times["peer_r"].append(peer(made, copy))
        shutil.copyfile(src, live)
        for p in (scratch / "data").glob("备份/*.db*"):  # the kept-aside file of the last round
            p.unlink()
        times["restore"].append(measure([*main, "restore", "--db", str(live), "--from", str(made)], env))
    after = load()
    shutil.rmtree(scratch, ignore_errors=True)
    cond = f"{size_mb:.0f} MB, median of {rounds} rounds; {before} → {after}"
    rows = []
    for ours, theirs, what in (("backup", "peer", "`backup`"), ("restore", "peer_r", "`restore`")):
        for i, kind in ((0, "wall"), (1, "CPU")):
            a = [t[i] for t in times[ours]]
            b = [t[i] for t in times[theirs]]
            ratios = [x / y for x, y in zip(a, b)]
            floor = median(f[i] / p[i] for f, p in zip(times["floor"], times["peer"]))
            rows.append(Row(f"{what} / sqlite3 .backup + integrity_check ({kind})", median(ratios), TARGET, "×",
                            f"median {median(a):.2f} s vs {median(b):.2f} s {kind}, best round "
                            f"{min(ratios):.2f}×; Python's floor (the same SQLite calls, no app code) "
                            f"{floor:.2f}×" + (f"; {cond}" if i == 0 else "")))
    return rows


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--db", type=Path)
    a = ap.parse_args()
    out = run(rounds=a.rounds, db=a.db)
    width = max(len(r.name) for r in out)
    for r in out:
        print(f"{r.name:<{width}}  {r.measured:6.2f} ≤ {r.target:.1f} {r.unit}  {'yes' if r.ok else 'NO '}  {r.note}")
