"""Hostile files at full size (issue 11): any file up to 50 MB is imported or refused with a
clear reason within 15 s and 500 MB of peak memory.

The worst cases of tests/hostile_workbooks.py, written with --large (a 2 GB shared string in a
~2 MB file, a 1,048,575-row sheet, a zip bomb, 16 million nested elements, 200,000 zip entries,
a 50 MB CSV line, a 50 MB CSV of rows ...), plus the largest workbook the bounds let in: the
most rows a workbook may hold, every one valid, imported into a new database. Each is imported by
the `import` command in its own process (whole processes, start-up included); its peak memory is
the child's ru_maxrss, read with os.wait4; its CPU time is given beside the wall time (on the
shared machine the wall time is mostly waiting for a core).

    python benchmarks/run.py --only hostile
    python benchmarks/bench_hostile.py [--keep DIR]     (this table alone)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from run import Row  # noqa: E402

TIME_BOUND = 15.0
MEMORY_BOUND_MB = 500.0


# The peak memory of a child is its ru_maxrss, read with os.wait4 -- by a small runner that starts
# it: Linux keeps the high-water mark across exec, so a child forked straight from this process
# (which holds the generated files' data) would report this process's size, not its own.
RUNNER = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status))\n"
)


def measure(args: list[str], env: dict | None = None) -> tuple[float, float, float, int, str]:
    """(seconds, CPU seconds, peak MB, exit code, last line of stderr) of one whole process."""
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-S", "-c", RUNNER, sys.executable, str(ROOT / "main.py"), *args],
                       capture_output=True, env=env)
    seconds = time.perf_counter() - t
    cpu, maxrss, code = r.stdout.split()[-3:]
    cpu, maxrss, code = float(cpu), int(maxrss), int(code)
    peak = maxrss / 1024 if sys.platform != "darwin" else maxrss / 1024 / 1024
    err = r.stderr.decode("utf-8", "replace")
    lines = [line for line in err.splitlines() if line.strip()]
    return seconds, cpu, peak, code, (lines[-1] if lines else "")


def largest_valid_workbook(path: Path) -> Path:
    """The most rows the bounds let in (two full sheets of two ledgers, the workbook's bound),
    every row valid, with long text: the slowest file that is imported, not refused."""
    from hostile_workbooks import GOOD, HEADER, row, sheet_xml, write_xlsx

    from yaofu_desktop.excel.xlsx import MAX_ROWS, MAX_ROWS_PER_SHEET

    per = min(MAX_ROWS_PER_SHEET, MAX_ROWS // 2 - 10)
    mediations = [row(1, HEADER)]
    for i in range(2, per + 2):
        values = list(GOOD)
        values[HEADER.index("纠纷简况")] = f"第{i}起：" + "邻里之间因宅基地边界发生争执，经调解双方达成协议。" * 4
        values[HEADER.index("当事人")] = f"张{i}、李{i}"
        mediations.append(row(i, values))
    consultations = [row(1, ["接待日期", "接待地点", "咨询事项", "人次", "解答人"])]
    for i in range(2, per + 2):
        consultations.append(row(i, ["2025-04-01", "电话咨询", f"第{i}次咨询：工资拖欠如何维权", 2, "王律师"]))
    return write_xlsx(path, {"矛盾纠纷调解": sheet_xml(mediations), "法律咨询": sheet_xml(consultations)})


def run(ctx=None, keep: Path | None = None, only: list[str] | None = None) -> list[Row]:
    import tempfile

    from hostile_workbooks import CASES, write_all

    folder = keep or Path(tempfile.mkdtemp(prefix="yaofu_hostile_"))
    files = write_all(folder, large=True, only=only)
    if not only or "largest_valid_workbook" in only:
        files["largest_valid_workbook"] = largest_valid_workbook(folder / "largest_valid_workbook.xlsx")
    # as installed for a clerk: with Python's bytecode cache (see bench_backup.app_env)
    env = dict(os.environ, YAOFU_DATA_DIR=str(folder / "data"),
               PYTHONPYCACHEPREFIX=str(Path(tempfile.gettempdir()) / "yaofu_bench_pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    rows: list[Row] = []
    expect = {c.name: c.expect for c in CASES}
    for name, path in files.items():
        db = folder / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        seconds, cpu, peak, rc, said = measure(["import", "--db", str(db), str(path)], env)
        size = path.stat().st_size / (1024 * 1024)
        what = {0: "imported", 1: "bad cells named", 2: "refused"}.get(rc, f"exit {rc}")
        if name in expect and {"refused": 2, "problems": 1}[expect[name]] != rc:
            what += " (UNEXPECTED)"
        note = f"{size:.1f} MB file, {what}: {said[:60]}"
        rows.append(Row(f"hostile {name}: time (wall)", seconds, TIME_BOUND, "s", note))
        rows.append(Row(f"hostile {name}: time (CPU)", cpu, TIME_BOUND, "s",
                        "one thread: the wall time of an idle machine"))
        rows.append(Row(f"hostile {name}: peak memory", peak, MEMORY_BOUND_MB, "MB"))
    try:
        rows[-1].note = "load %.1f %.1f %.1f" % os.getloadavg()
    except OSError:
        pass
    if keep is None:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    return rows


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", type=Path, help="write the files here and keep them")
    ap.add_argument("--only", help="some of the cases, by name, comma-separated")
    a = ap.parse_args()
    out = run(keep=a.keep, only=a.only.split(",") if a.only else None)
    width = max(len(r.name) for r in out)
    print(f"{'measure':<{width}}  {'measured':>10}  {'target':>10}  unit  ok   note")
    for r in out:
        print(f"{r.name:<{width}}  {r.measured:>10.2f}  ≤{r.target:>9.1f}  {r.unit:<4}  "
              f"{'yes' if r.ok else 'NO ':<4} {r.note}")
