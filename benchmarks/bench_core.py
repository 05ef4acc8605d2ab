"""Core targets: figures for one year at 100k records ≤ 50 ms; demo creation ≤ 2 s."""

from __future__ import annotations

from run import Row, best_of

from yaofu_desktop.demo import create_demo
from yaofu_desktop.figures import compute
from yaofu_desktop.store import Store


def run(ctx) -> list[Row]:
    rows = []
    with Store.open(ctx.large_db, readonly=True) as store:
        n = sum(store.counts.all().values())
        t = best_of(lambda: compute(store, 2024), 7)
    rows.append(Row("figures for one year (100k-record db)", t * 1000, 50, "ms", f"{n} records"))

    def demo():
        p = ctx.scratch / "bench_demo.db"
        create_demo(p, force=True)

    t = best_of(demo, 3)
    rows.append(Row("demo creation", t, 2.0, "s"))
    return rows
