"""Measure the app against its speed and memory targets and print a table.

    python benchmarks/run.py [--only core,gui,...] [--large PATH]

Each benchmarks/bench_*.py module has `run(ctx) -> list[Row]`; ctx gives the large database
(about 100,000 records, made once by make_large_db.py and cached in the temp folder), the demo
database and a scratch folder. Targets come from the issues; nothing here fails a test run.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

MODULES = ["core", "startup", "gui", "report", "backup", "excel", "hostile", "attachments", "bundle"]


@dataclass
class Row:
    name: str
    measured: float
    target: float
    unit: str
    note: str = ""
    higher_is_better: bool = False

    @property
    def ok(self) -> bool:
        return self.measured >= self.target if self.higher_is_better else self.measured <= self.target


@dataclass
class Context:
    large_db: Path
    demo_db: Path
    scratch: Path

    def copy_of(self, path: Path, name: str) -> Path:
        dest = self.scratch / name
        shutil.copyfile(path, dest)
        return dest


def best_of(fn, n: int = 5) -> float:
    """Best wall time of n runs, in seconds."""
    import time

    best = float("inf")
    for _ in range(n):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default=",".join(MODULES))
    ap.add_argument("--large", type=Path, default=Path(tempfile.gettempdir()) / "yaofu_large_100k.db")
    args = ap.parse_args()
    from make_large_db import make

    from yaofu_desktop.demo import create_demo

    if not args.large.exists():
        print(f"making {args.large} …", file=sys.stderr)
        make(args.large)
    scratch = Path(tempfile.mkdtemp(prefix="yaofu_bench_"))
    demo = create_demo(scratch / "demo.db")
    ctx = Context(args.large, demo, scratch)
    rows: list[Row] = []
    for name in args.only.split(","):
        try:
            mod = importlib.import_module(f"bench_{name}")
        except ModuleNotFoundError:
            continue
        rows += mod.run(ctx)
    width = max(len(r.name) for r in rows) if rows else 10
    print(f"{'measure':<{width}}  {'measured':>10}  {'target':>10}  unit  ok   note")
    for r in rows:
        rel = "≥" if r.higher_is_better else "≤"
        print(
            f"{r.name:<{width}}  {r.measured:>10.3f}  {rel}{r.target:>9.3f}  {r.unit:<4}  "
            f"{'yes' if r.ok else 'NO ':<4} {r.note}"
        )
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
