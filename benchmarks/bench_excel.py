"""Excel targets (issue 6): import of 10,000 rows ≤ 3 s; export of the 100k-record database's
year ≤ 3 s.

The import workbook is made once: 10,000 random but valid records of one year over every ledger
(make_large_db.random_record, so a new field is covered), exported by excel.export_workbook. Each
timed import reads, validates and writes it into a new database, as a clerk importing a year's
workbook into a new file would.
"""

from __future__ import annotations

import random

from make_large_db import random_record
from run import Row, best_of

from yaofu_desktop import excel
from yaofu_desktop.demo import PROFILE, VILLAGES
from yaofu_desktop.ledgers import LEDGERS
from yaofu_desktop.store import RecordQuery, Store

IMPORT_ROWS = 10_000
YEAR = 2025


def _remove_db(path) -> None:
    for suffix in ("", "-wal", "-shm"):
        p = path.with_name(path.name + suffix)
        if p.exists():
            p.unlink()


def _import_workbook(ctx):
    src = ctx.scratch / "bench_excel_src.db"
    _remove_db(src)
    rng = random.Random(6)
    with Store.open(src, create=True, profile=dict(PROFILE, villages=VILLAGES)) as store:
        choices = {
            (lg.name, f.name): store.choices.values(lg.name, f.name)
            for lg in LEDGERS for f in lg.fields if f.is_choice
        }
        per, extra = divmod(IMPORT_ROWS, len(LEDGERS))
        for i, lg in enumerate(LEDGERS):
            n = per + (1 if i < extra else 0)
            store.insert_many(lg.name, [random_record(lg, YEAR, rng, choices) for _ in range(n)])
        n = sum(store.count(lg.name, RecordQuery(year=YEAR)) for lg in LEDGERS)
        out = ctx.scratch / "bench_import.xlsx"
        excel.export_workbook(store, YEAR, out)
    return out, n


def run(ctx) -> list[Row]:
    rows = []
    xlsx, n = _import_workbook(ctx)
    dest = ctx.scratch / "bench_excel_dest.db"
    counts = {}

    def do_import():
        _remove_db(dest)
        with Store.open(dest, create=True) as store:
            plan = excel.read_workbook(xlsx, store)
            assert plan.ok, plan.problems[:3]
            res = excel.apply_import(store, plan)
            counts["inserted"] = res.inserted

    t = best_of(do_import, 3)
    rows.append(Row(f"import of {n} rows into a new database", t, 3.0, "s",
                    f"{counts['inserted']} inserted"))

    with Store.open(dest) as store:
        def reimport():
            plan = excel.read_workbook(xlsx, store)
            res = excel.apply_import(store, plan)
            counts["same"] = res.unchanged

        t = best_of(reimport, 3)
    rows.append(Row("re-import of the same rows (all unchanged)", t, 3.0, "s", f"{counts['same']} unchanged"))

    with Store.open(ctx.large_db, readonly=True) as store:
        year = max(store.counts.years())
        year = year - 1 if year - 1 in store.counts.years() else year
        out = ctx.scratch / "bench_export.xlsx"
        res = {}

        def export():
            res["r"] = excel.export_workbook(store, year, out)

        t = best_of(export, 3)
    rows.append(Row(f"export of {year} (100k-record db)", t, 3.0, "s",
                    f"{res['r'].total} rows, {out.stat().st_size // 1024} KB"))
    return rows
