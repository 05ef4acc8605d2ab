"""Make a large database: about 100,000 records over ten years and every ledger.

    python benchmarks/make_large_db.py OUT.db [--records 100000]

Records are random but valid, made from the ledger definitions alone (so a new field or ledger is
covered without a change here), and saved through the store like a clerk's, one transaction a
ledger-year.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from yaofu_desktop.demo import PROFILE, VILLAGES
from yaofu_desktop.fields import BOOL, CHOICE, COUNT, DATE, INT, LONGTEXT, MONEY, TEXT, VILLAGE
from yaofu_desktop.ledgers import LEDGERS, Ledger
from yaofu_desktop.store import Store

WORDS = ("土地 承包 宅基地 邻里 婚姻 家庭 劳动 工资 合同 赔偿 补贴 低保 安全 消防 食品 耕地 "
         "宣传 宪法 民法典 调解 信访 执法 检查 培训 学习 会议").split()
YEARS = range(2016, 2026)


def random_record(lg: Ledger, year: int, rng: random.Random, choices) -> dict:
    """A random record of the ledger and year that its rules accept (drawn again until they do:
    合格人数 not more than 参加人数 and the like)."""
    from yaofu_desktop.fields import check_rules

    for _ in range(50):
        rec = _random_values(lg, year, rng, choices)
        if not check_rules(lg.rules, lg.labels, rec):
            return rec
    return rec


def _random_values(lg: Ledger, year: int, rng: random.Random, choices) -> dict:
    rec = {}
    start = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    for f in lg.fields:
        if f.type == DATE:
            if f.name == lg.date_field:
                rec[f.name] = start.isoformat()
            elif f.required or (f.name != lg.end_field and rng.random() < 0.5):
                rec[f.name] = (start + dt.timedelta(days=rng.randint(1, 90))).isoformat()
            else:
                rec[f.name] = None
        elif f.type in (INT,):
            lo, hi = f.bounds
            rec[f.name] = rng.randint(lo, min(hi, 200)) if rng.random() < 0.8 else None
        elif f.type == COUNT:
            rec[f.name] = rng.randint(1, 5)
        elif f.type == MONEY:
            rec[f.name] = rng.randint(0, 5_000_000) / 100
        elif f.type == TEXT:
            rec[f.name] = "".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))[: f.text_limit]
        elif f.type == LONGTEXT:
            rec[f.name] = "，".join(rng.choice(WORDS) for _ in range(rng.randint(3, 20)))
        elif f.type in (CHOICE, VILLAGE):
            opts = choices[(lg.name, f.name)]
            rec[f.name] = rng.choice(opts) if (f.required or rng.random() < 0.8) else None
        elif f.type == BOOL:
            rec[f.name] = rng.random() < 0.7
    return rec


def make(path: Path, records: int = 100_000, seed: int = 1) -> Path:
    if path.exists():
        path.unlink()
    rng = random.Random(seed)
    store = Store.open(path, create=True, profile=dict(PROFILE, villages=VILLAGES))
    try:
        choices = {(lg.name, f.name): store.choices.values(lg.name, f.name)
                   for lg in LEDGERS for f in lg.fields if f.is_choice}
        per = records // (len(LEDGERS) * len(YEARS))
        for lg in LEDGERS:
            for year in YEARS:
                rows = [random_record(lg, year, rng, choices) for _ in range(per)]
                store.insert_many(lg.name, rows)
    finally:
        store.close()
    return path


def grown_demo(path: Path, mb: int = 60, seed: int = 1) -> Path:
    """The demo database (create_demo) grown with random records of every ledger and year, a
    ledger-year at a time, until the file is about `mb` MB: the size the backup benchmark uses."""
    from yaofu_desktop.demo import create_demo

    if path.exists():
        path.unlink()
    create_demo(path)
    rng = random.Random(seed)
    store = Store.open(path)
    try:
        choices = {(lg.name, f.name): store.choices.values(lg.name, f.name)
                   for lg in LEDGERS for f in lg.fields if f.is_choice}
        while path.stat().st_size < mb * 1024 * 1024:
            for lg in LEDGERS:
                for year in YEARS:
                    store.insert_many(lg.name, [random_record(lg, year, rng, choices) for _ in range(40)])
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--records", type=int, default=100_000)
    args = ap.parse_args()
    t = time.perf_counter()
    make(args.out, args.records)
    print(f"{args.out}: {args.records} records in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
