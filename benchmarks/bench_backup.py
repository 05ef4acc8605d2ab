"""Backup targets: backing up the 100k-record database takes ≤ 2× the time of copying the file
(shutil.copyfile); restoring likewise. Also reported: the whole `backup` command (which also
checks the file before backing it up) and the whole `restore` command, against the same target,
and SQLite's backup API alone (no check, no sync) against it: the floor of any backup made the way
DEVELOPERS.md requires. copyfile of a file in the page cache is a kernel-side copy
(copy_file_range), several times faster than the backup API's page-by-page copy, and the full
integrity check of the copy (PRAGMA integrity_check, which the issue asks for) alone takes about
ten times the copy.
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

from run import Row, best_of

from yaofu_desktop.backup import make_backup, restore_backup
from yaofu_desktop.cli.backups import cmd_backup, cmd_restore


def _clear(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)


def run(ctx) -> list[Row]:
    src = ctx.copy_of(ctx.large_db, "bench_backup_src.db")
    size_mb = src.stat().st_size / (1024 * 1024)
    copy_target = ctx.scratch / "bench_copy.db"
    dest = ctx.scratch / "bench_backups"
    _clear(dest)

    def copy():
        shutil.copyfile(src, copy_target)

    t_copy = best_of(copy, 5)
    copy_target.unlink()

    def backup_api_only():  # the floor: SQLite's backup API alone, no check, no sync
        import sqlite3

        copy_target.unlink(missing_ok=True)
        s, d = sqlite3.connect(src), sqlite3.connect(copy_target)
        d.execute("PRAGMA journal_mode=OFF")
        d.execute("PRAGMA synchronous=OFF")
        s.backup(d)
        s.close()
        d.close()

    t_api = best_of(backup_api_only, 5)
    copy_target.unlink()

    def backup():
        _clear(dest)
        make_backup(src, dest, label="bench")

    t_backup = best_of(backup, 5)

    os.environ.setdefault("YAOFU_DATA_DIR", str(ctx.scratch / "userdata"))

    def backup_cmd():
        _clear(dest)
        assert cmd_backup(argparse.Namespace(db=src, to=dest)) == 0

    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        t_backup_cmd = best_of(backup_cmd, 3)

    _clear(dest)
    made = make_backup(src, dest, label="bench").path
    live = ctx.scratch / "bench_live.db"
    keep = ctx.scratch / "bench_keep"

    def restore():
        shutil.copyfile(src, live)  # not timed separately: subtracted below
        _clear(keep)
        restore_backup(made, live, keep_dir=keep, label="bench")

    def restore_setup_only():
        shutil.copyfile(src, live)
        _clear(keep)

    t_restore = best_of(restore, 5) - best_of(restore_setup_only, 5)

    def restore_cmd():
        shutil.copyfile(src, live)
        for p in Path(os.environ["YAOFU_DATA_DIR"]).glob("备份/*恢复前*"):
            p.unlink()
        assert cmd_restore(argparse.Namespace(db=live, source=made)) == 0

    with contextlib.redirect_stdout(io.StringIO()):
        t_restore_cmd = best_of(restore_cmd, 3) - best_of(restore_setup_only, 3)

    for p in (live, made, src):
        p.unlink(missing_ok=True)
    shutil.rmtree(dest, ignore_errors=True)
    shutil.rmtree(keep, ignore_errors=True)

    note = f"{size_mb:.0f} MB; copyfile {t_copy * 1000:.0f} ms"
    return [
        Row("SQLite backup API alone / copyfile", t_api / t_copy, 2.0, "×",
            f"{t_api * 1000:.0f} ms: the floor of any backup the rules allow (no check, no sync)"),
        Row("backup (make_backup, verified, fsync'd) / copyfile", t_backup / t_copy, 2.0, "×",
            f"{t_backup * 1000:.0f} ms; {note}"),
        Row("`backup` command (check + backup) / copyfile", t_backup_cmd / t_copy, 2.0, "×",
            f"{t_backup_cmd * 1000:.0f} ms"),
        Row("restore (restore_backup) / copyfile", t_restore / t_copy, 2.0, "×",
            f"{t_restore * 1000:.0f} ms (verify, keep old aside, copy, verify, swap)"),
        Row("`restore` command / copyfile", t_restore_cmd / t_copy, 2.0, "×",
            f"{t_restore_cmd * 1000:.0f} ms"),
    ]
