"""Odd files and file systems (issue 11): a named pipe given as the database, ..."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from yaofu_desktop.dbfile import inspect_file, refuse_reason
from yaofu_desktop.errors import UserError
from yaofu_desktop.store import Store

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args, timeout: float = 60):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


# -- hole 8: a named pipe given as a database ----------------------------------------------------


@pytest.fixture
def fifo(tmp_path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes")
    p = tmp_path / "台账.db"
    os.mkfifo(p)
    return p


@pytest.mark.parametrize("command", [
    ["figures", "--db", "{fifo}"],
    ["check", "--db", "{fifo}"],
    ["backup", "--db", "{fifo}", "--to", "{tmp}/备份"],
    ["export", "--db", "{fifo}", "--year", "2025", "--out", "{tmp}/x.xlsx"],
    ["import", "--db", "{fifo}", "{xlsx}"],
    ["restore", "--db", "{fifo}", "--from", "{backup}"],
    ["restore", "--db", "{tmp}/new.db", "--from", "{fifo}"],
])
def test_a_named_pipe_is_refused_at_once_by_every_command(fifo, tmp_path, demo_db, command):
    """Nobody writes into the pipe: opening it to read would wait for ever (the commands and the
    window hung). Refused before it is opened, saying what it is."""
    from yaofu_desktop.backup import make_backup
    from yaofu_desktop.excel import export_workbook

    xlsx = tmp_path / "in.xlsx"
    export_workbook(None, None, xlsx, template=True)
    backup = make_backup(demo_db, tmp_path / "bk", label="demo").path
    args = [a.format(fifo=fifo, tmp=tmp_path, xlsx=xlsx, backup=backup) for a in command]
    r = run_cli(*args, timeout=60)
    assert r.returncode in (1, 2), r.stderr
    assert "不是普通文件" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


def test_the_window_opens_through_the_same_refusal(fifo):
    """The window opens a database with Store.open (gui/opening.py): refused, not hung."""
    info = inspect_file(fifo)
    assert info.special and refuse_reason(info) is not None
    with pytest.raises(UserError, match="不是普通文件"):
        Store.open(fifo)
    with pytest.raises(UserError, match="不是普通文件"):
        Store.open(fifo, readonly=True)


# -- hole 9: a bad page size in the header is said as what it is ----------------------------------


@pytest.mark.parametrize("page_size", [0x3000, 0x0300, 0x0000])
def test_a_bad_page_size_is_said_as_what_it_is(demo_db, tmp_path, page_size):
    """The header's page size is not one SQLite writes: the file's header is damaged; it was
    called 'truncated' (the size the header gives no longer matches)."""
    data = bytearray(demo_db.read_bytes())
    data[16:18] = page_size.to_bytes(2, "big")
    bad = tmp_path / "坏头.db"
    bad.write_bytes(bytes(data))
    for args in (["check", "--db", bad], ["backup", "--db", bad, "--to", tmp_path / "bk"],
                 ["restore", "--db", demo_db, "--from", bad], ["figures", "--db", bad]):
        r = run_cli(*args)
        assert r.returncode in (1, 2), r.stderr
        assert "页大小" in r.stderr and "截断" not in r.stderr and "不完整" not in r.stderr, r.stderr
    with pytest.raises(UserError, match="文件头已损坏"):
        Store.open(bad)
