"""Hole 6 of issue 11: a full disk during `import` or `export` says 磁盘空间不足, never "出现意外错误"
nor a Python traceback; nothing is left half-written.

The disk fills in two ways a test can make without root: SQLite's max_page_count (what SQLite
then raises is what a full disk raises: SQLITE_FULL), and, for the files Python writes, a
stand-in for io.open whose writes fail with ENOSPC after a few kilobytes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from yaofu_desktop import cli, excel
from yaofu_desktop.entry import main
from yaofu_desktop.store import Store

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2025


@pytest.fixture
def demo_xlsx(demo_template, tmp_path) -> Path:
    out = tmp_path / "demo.xlsx"
    with Store.open(demo_template, readonly=True) as store:
        excel.export_workbook(store, YEAR, out)
    return out


@pytest.mark.parametrize("into", ["new", "existing"])
def test_full_disk_during_import_says_so(demo_xlsx, tmp_path, monkeypatch, capsys, into):
    db = tmp_path / "台账.db"
    if into == "existing":
        Store.open(db, create=True).close()
    real = Store._configure

    def nearly_full(self):  # the database may grow by two pages more, then the disk is full
        real(self)
        (n,) = self.conn.execute("PRAGMA page_count").fetchone()
        self.conn.execute(f"PRAGMA max_page_count={n + 2}")

    monkeypatch.setattr(Store, "_configure", nearly_full)
    rc = main(["import", "--db", str(db), str(demo_xlsx)])
    err = capsys.readouterr().err
    assert rc == cli.EXIT_USAGE, err
    assert "磁盘空间不足" in err and "未导入任何记录" in err
    assert "出现意外错误" not in err and "Traceback" not in err
    monkeypatch.setattr(Store, "_configure", real)
    if into == "new":
        assert not db.exists() and not list(tmp_path.glob(".*.import.part*"))
    else:
        with Store.open(db) as store:
            assert sum(store.counts.all().values()) == 0


FULL_DISK = r"""
import errno, io, sys, types, zipfile
sys.path.insert(0, {root!r})

class Full:
    '''A file on a disk that fills after 4 KB.'''
    def __init__(self, f):
        self._f, self._n = f, 0
    def write(self, b):
        self._n += len(b)
        if self._n > 4_000:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self._f.write(b)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self._f.close()
    def __getattr__(self, name):
        return getattr(self._f, name)

def full_open(file, mode="r", *a, **k):
    f = io.open(file, mode, *a, **k)
    return Full(f) if any(m in mode for m in "wax") else f

shim = types.ModuleType("io")
shim.__dict__.update(io.__dict__)
shim.open = full_open
zipfile.io = shim  # what openpyxl's zip writes through
import yaofu_desktop.excel.export as export
export.open = full_open  # what the CSV export writes through
from yaofu_desktop.entry import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("out", ["台账.xlsx", "调解.csv"])
def test_full_disk_during_export_says_so_and_nothing_else(demo_db, tmp_path, out):
    target = tmp_path / out
    args = ["export", "--db", str(demo_db), "--year", str(YEAR), "--out", str(target)]
    if out.endswith(".csv"):
        args += ["--ledger", "mediations"]
    r = subprocess.run([sys.executable, "-c", FULL_DISK.format(root=str(ROOT)), *args],
                       capture_output=True, text=True, encoding="utf-8")
    assert r.returncode == cli.EXIT_USAGE, r.stderr
    assert "磁盘空间不足" in r.stderr
    assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr, r.stderr
    assert r.stderr.count("\n") == 1, r.stderr  # one line: the message
    assert not target.exists() and not [p.name for p in tmp_path.iterdir() if p.is_file() and p != demo_db]
