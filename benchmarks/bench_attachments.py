"""佐证材料 targets (issue 15).

- backup: the 100k-record database given 1 GB of attachments (1,000 files of 1 MB, backed up
  once), then 10 MB more added: its backup (make_backup: the database through SQLite's backup
  API and verified, plus the new files copied into the backup folder's 附件库 and hash-checked)
  takes at most 2× the backup of the same database with no attachments — only what changed is
  copied. The two are measured in turn, seven rounds (each adds 10 MB new), order swapped every
  round, each database read into the page cache before its backup; the row is the median of the
  rounds' ratios (the median and best times and the load average in the note);
- start-up: process start to the window's first painted page, on that database with its 1 GB of
  attachments, against the same database without them, started in turn, 21 rounds (the wall
  time of one start varies by a third on a shared machine; the CPU time, in the note, by less); the row is
  the median of the rounds' ratios — target ≤ 1.1× (not slower, within what two runs of the
  same program differ by on a shared machine: nothing about attachments is read before the
  first paint);
- the binder: a year with 300 phone photos (2400 × 1800, as a reduced photo is stored, about
  1 MB each) and 50 scanned pages (five 10-page PDFs of page images) on the demo's records, bound
  with two worker threads, three times — target ≤ 60 s (the median), and the file under 100 MB.

    python benchmarks/run.py --only attachments
"""

from __future__ import annotations

import io
import os
import random
import shutil
import sys
import time
from pathlib import Path
from statistics import median

from run import Row

from yaofu_desktop.backup import make_backup
from yaofu_desktop.blobs import BlobFolder, folder_for
from yaofu_desktop.store import Store

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024


def _add_blobs(db: Path, n: int, size: int, seed: int) -> None:
    """n attachment files of `size` random bytes, on the first records of 学法活动 (rows written
    straight into the table: the files' bytes are what the backup copies, not their kind)."""
    rnd = random.Random(seed)
    folder = BlobFolder(folder_for(db))
    with Store.open(db) as store:
        ids = [r[0] for r in store.conn.execute("SELECT id FROM study_sessions ORDER BY id LIMIT 200")]
        refs = [folder.put_bytes(rnd.randbytes(size), "jpg") for _ in range(n)]
        with store.transaction():
            for i, ref in enumerate(refs):
                store.conn.execute(
                    "INSERT INTO attachments (ledger, record_id, position, caption, original_name, size, "
                    "sha256, ext, kind, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'photo', '2025-06-01T09:00:00')",
                    ("study_sessions", ids[i % len(ids)], i, "现场照片", f"IMG_{seed}_{i}.jpg", ref.size,
                     ref.sha256, ref.ext),
                )


def backup_rows(ctx, rounds: int = 7) -> list[Row]:
    """The two backups measured in turn, round after round, under the same conditions: each
    database is read once before (both in the page cache, as after the first round), each
    backup written into a folder that holds its earlier backups (the plain one's removed
    between rounds, as rotation would), the order of the two swapped every round; the best of
    `rounds` each, side by side: the median of the rounds' ratios, and the load average."""
    plain = ctx.copy_of(ctx.large_db, "att_plain.db")
    with Store.open(plain):
        pass  # brought up to date (the attachments table), as the app would
    with_att = ctx.copy_of(plain, "att_1g.db")
    t = time.perf_counter()
    _add_blobs(with_att, 1000, MB, seed=1)
    made = time.perf_counter() - t
    dest0 = ctx.scratch / "att_backups_plain"
    dest = ctx.scratch / "att_backups"
    for d in (dest0, dest):
        shutil.rmtree(d, ignore_errors=True)
    t = time.perf_counter()
    first = make_backup(with_att, dest, label="bench")
    t_first = time.perf_counter() - t

    def plain_backup() -> float:
        for old in dest0.glob("*.db"):
            old.unlink()
        _read(plain)
        return _timed(lambda: make_backup(plain, dest0, label="bench"))

    def att_backup(round_: int) -> float:
        _add_blobs(with_att, 10, MB, seed=100 + round_)
        _read(with_att)
        info = None

        def backup():
            nonlocal info
            info = make_backup(with_att, dest, label="bench")

        seconds = _timed(backup)
        assert info.copied_attachments == 10 and not info.attachment_problems
        return seconds

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    plain_times, att_times = [], []
    for round_ in range(rounds):
        if round_ % 2:
            att_times.append(att_backup(round_))
            plain_times.append(plain_backup())
        else:
            plain_times.append(plain_backup())
            att_times.append(att_backup(round_))
    load = max(load, os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan"))
    ratios = [a / p for a, p in zip(att_times, plain_times)]
    ctx.att_db = with_att  # for start-up
    ctx.plain_db = plain
    return [
        Row("backup after adding 10 MB (1 GB attached) / backup without attachments", median(ratios), 2.0, "×",
            f"median of {rounds} rounds: {median(att_times) * 1000:.0f} ms vs {median(plain_times) * 1000:.0f} ms "
            f"(best {min(att_times) * 1000:.0f} vs {min(plain_times) * 1000:.0f} ms; load average {load:.1f}); "
            f"first backup of the 1 GB ({first.attachments} files) {t_first:.1f} s; making them {made:.1f} s"),
    ]


def _read(path: Path) -> None:
    """Read a file through (into the page cache), as a backup that just ran would have."""
    with open(path, "rb") as f:
        while f.read(4 * MB):
            pass


def startup_rows(ctx) -> list[Row]:
    from bench_gui import _env, _first_paint_samples

    main = [sys.executable, str(ROOT / "main.py"), "--db"]

    def cmd(db: Path):
        # each database with a data folder of its own: what one run remembers (its tab, its
        # backups: the first backup of 1 GB on closing) is not the other's
        env = _env(ctx, YAOFU_EXIT_AFTER_FIRST_PAINT="1", YAOFU_DATA_DIR=str(ctx.scratch / f"ud_{db.stem}"))
        return main + [str(db)], env

    rounds = 21
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    got = _first_paint_samples({"plain": cmd(ctx.plain_db), "att": cmd(ctx.att_db)}, rounds=rounds)
    load = max(load, os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan"))
    plain, att = got["plain"], got["att"]
    ratio = median(a[0] / p[0] for a, p in zip(att, plain))
    cpu = ""
    if all(c is not None for _w, c in plain + att):
        cpu_ratio = median(a[1] / p[1] for a, p in zip(att, plain))
        cpu = (f"; CPU {median(a[1] for a in att) * 1000:.0f} vs {median(p[1] for p in plain) * 1000:.0f} ms "
               f"({cpu_ratio:.2f}×)")
    return [
        Row("start-up to first page, 1 GB attached / none", ratio, 1.1, "×",
            f"median of {rounds} rounds side by side: {median(a[0] for a in att) * 1000:.0f} ms vs "
            f"{median(p[0] for p in plain) * 1000:.0f} ms (100k-record database){cpu}; load average {load:.1f}"),
    ]


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _photo(path: Path, seed: int) -> Path:
    from PIL import Image, ImageDraw

    rnd = random.Random(seed)
    w, h = 2400, 1800
    im = Image.new("RGB", (w, h), tuple(rnd.randint(60, 200) for _ in range(3)))
    d = ImageDraw.Draw(im)
    for _ in range(12):
        x, y = rnd.randint(0, w), rnd.randint(0, h)
        d.ellipse([x, y, x + rnd.randint(100, 700), y + rnd.randint(100, 500)],
                  fill=tuple(rnd.randint(0, 255) for _ in range(3)))
    grain = Image.effect_noise((w // 2, h // 2), 50).resize((w, h)).convert("RGB")
    im = Image.blend(im, grain, 0.3)
    im.save(path, "JPEG", quality=85)
    return path


def _scan_pdf(path: Path, pages: int, seed: int) -> Path:
    """A scanned document: each page an A4 page image at 150 dpi, as a copier makes it."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for p in range(pages):
        im = Image.new("L", (1240, 1754), 245)
        d = ImageDraw.Draw(im)
        rnd = random.Random(seed * 100 + p)
        for line in range(40):
            y = 150 + line * 38
            d.line([120, y, 120 + rnd.randint(600, 1000), y], fill=40, width=6)
        grain = Image.effect_noise((620, 877), 18).resize((1240, 1754))
        im = Image.blend(im, grain, 0.15)
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=70)
        buf.seek(0)
        c.drawImage(ImageReader(buf), 0, 0, *A4)
        c.showPage()
    c.save()
    return path


def binder_rows(ctx) -> list[Row]:
    from yaofu_desktop.excel.export import year_records
    from yaofu_desktop.ledgers import ledger
    from yaofu_desktop.report.binder import build_binder

    db = ctx.copy_of(ctx.demo_db, "att_binder.db")
    shutil.copytree(folder_for(ctx.demo_db), folder_for(db), dirs_exist_ok=True)
    src = ctx.scratch / "att_binder_files"
    src.mkdir(exist_ok=True)
    with Store.open(db) as store:
        targets = []
        for name in ("study_sessions", "meetings", "mediations", "publicity_events", "inspections"):
            targets += [(name, r["id"]) for r in year_records(store, ledger(name), 2025)]
        for i in range(300):
            name, rid = targets[i % len(targets)]
            store.attachments.add(name, rid, _photo(src / f"IMG_{i:04d}.jpg", i), caption="现场照片")
        for k in range(5):
            name, rid = targets[k * 7 % len(targets)]
            store.attachments.add(name, rid, _scan_pdf(src / f"scan{k}.pdf", 10, k), caption="扫描件")
        out = ctx.scratch / "att_binder.pdf"
        times = []
        for _ in range(3):
            t = time.perf_counter()
            result = build_binder(store, 2025, out, workers=2)
            times.append(time.perf_counter() - t)
    size = out.stat().st_size / MB
    return [
        Row("binder: 300 photos + 50 scanned pages", median(times), 60.0, "s",
            f"median of 3 ({', '.join(f'{t:.1f}' for t in times)} s); {result.pages} pages, {result.records} "
            f"records, {result.photos} photos, {result.scan_pages} scanned pages"),
        Row("  its file size", size, 100.0, "MB"),
    ]


def run(ctx) -> list[Row]:
    rows = backup_rows(ctx)
    rows += startup_rows(ctx)
    rows += binder_rows(ctx)
    for name in ("att_plain.db", "att_1g.db", "att_binder.db"):
        shutil.rmtree(folder_for(ctx.scratch / name), ignore_errors=True)
    shutil.rmtree(ctx.scratch / "att_backups", ignore_errors=True)
    return rows
