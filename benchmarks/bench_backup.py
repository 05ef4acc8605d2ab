"""Backup and restore against the real peer (issue 11): the `backup` command against the sqlite3
shell's `.backup` followed by `PRAGMA integrity_check` of the copy, and the `restore` command
against the same pair run on the backup, whole processes side by side, on the demo grown to about
60 MB (make_large_db.grown_demo). Target: ≤ 1.0× each, with the same guarantee (the copy is
checked once, fully; a copy that fails is discarded and the clerk told; a damaged database never
rotates a good backup out).

Each round runs the four processes one after another, the peer and ours interleaved, so that a
change of load hits both; the best round of each is kept. Two ratios a measure: wall time (what
the clerk waits for) and CPU time (user + system, read with os.wait4: steadier on a shared
machine). The load average before and after is printed with the rows.

    python benchmarks/run.py --only backup
    python benchmarks/bench_backup.py [--rounds 5] [--db PATH]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from run import Row  # noqa: E402

TARGET = 1.0
GROWN_MB = 60


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


def run(ctx=None, rounds: int = 5, db: Path | None = None) -> list[Row]:
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
    best = {k: (float("inf"), float("inf")) for k in ("peer", "backup", "peer_r", "restore")}

    def keep(name, wc):
        best[name] = (min(best[name][0], wc[0]), min(best[name][1], wc[1]))

    shutil.rmtree(dest, ignore_errors=True)
    measure([*main, "backup", "--db", str(src), "--to", str(dest)], env)  # warm: the bytecode cache
    made = None
    for _ in range(rounds):
        keep("peer", peer(src, copy))
        for p in dest.glob("*.db"):  # the folder's 附件库 stays, as it does between a clerk's backups
            p.unlink()
        keep("backup", measure([*main, "backup", "--db", str(src), "--to", str(dest)], env))
        made = next(dest.glob("*.db"))
        keep("peer_r", peer(made, copy))
        shutil.copyfile(src, live)
        for p in (scratch / "data").glob("备份/*.db*"):  # the kept-aside file of the last round
            p.unlink()
        keep("restore", measure([*main, "restore", "--db", str(live), "--from", str(made)], env))
    after = load()
    shutil.rmtree(scratch, ignore_errors=True)
    cond = f"{size_mb:.0f} MB, best of {rounds}; {before} → {after}"
    rows = []
    for name, ours, theirs, what in (("backup", "backup", "peer", "`backup`"),
                                     ("restore", "restore", "peer_r", "`restore`")):
        (w, c), (pw, pc) = best[ours], best[theirs]
        rows.append(Row(f"{what} / sqlite3 .backup + integrity_check (wall)", w / pw, TARGET, "×",
                        f"{w:.2f} s vs {pw:.2f} s; {cond}"))
        rows.append(Row(f"{what} / sqlite3 .backup + integrity_check (CPU)", c / pc, TARGET, "×",
                        f"{c:.2f} s vs {pc:.2f} s CPU"))
    return rows


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--db", type=Path)
    a = ap.parse_args()
    out = run(rounds=a.rounds, db=a.db)
    width = max(len(r.name) for r in out)
    for r in out:
        print(f"{r.name:<{width}}  {r.measured:6.2f} ≤ {r.target:.1f} {r.unit}  {'yes' if r.ok else 'NO '}  {r.note}")
