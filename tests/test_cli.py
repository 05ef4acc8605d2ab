"""The command line, run as a clerk or a script would run it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import copy_database, file_digest
from yaofu_desktop.dbfile import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[1]


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", cwd=cwd,
    )


def test_demo_then_figures(tmp_path):
    db = tmp_path / "x.db"
    r = run("demo", "--db", db)
    assert r.returncode == 0, r.stderr
    assert "已创建示例数据库" in r.stdout
    r = run("figures", "--db", db, "--year", 2025)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "镇村两级调委会排查调处矛盾纠纷: 112 起" in lines
    assert "会前学法: 15 次" not in lines  # kind figures are named with their ledger
    assert "学法活动·会前学法: 15 次" in lines
    assert "信访按期办结率: 100 %" in lines
    assert all(": " in line for line in lines)
    r = run("figures", "--db", db, "--year", 2030, "--json")
    data = {f["key"]: f for f in json.loads(r.stdout)}
    assert data["mediations.success_rate"]["value"] is None
    assert data["mediations.success_rate"]["display"] == "不适用"


def test_demo_refuses_to_overwrite(tmp_path):
    db = tmp_path / "x.db"
    db.write_bytes(b"clerk's file")
    r = run("demo", "--db", db)
    assert r.returncode == 2 and "已存在" in r.stderr and "--force" in r.stderr
    assert db.read_bytes() == b"clerk's file"


def test_db_before_or_after_the_command_and_the_default_database(tmp_path, monkeypatch):
    """`--db` before the command works as after it; a command without one works on the window's
    database in the user's data folder, as its help says; `demo` is never pointed at it unasked."""
    db = tmp_path / "x.db"
    r = run("--db", db, "demo")
    assert r.returncode == 0, r.stdout + r.stderr
    r = run("--db", db, "figures", "--year", 2025)
    assert r.returncode == 0 and "镇村两级调委会排查调处矛盾纠纷: 112 起" in r.stdout, r.stderr

    monkeypatch.setenv("YAOFU_DATA_DIR", str(tmp_path / "data"))
    r = run("figures", "--year", 2025)
    assert r.returncode == 2 and "用户数据文件夹中还没有数据库" in r.stderr and "--db" in r.stderr, r.stdout + r.stderr
    r = run("demo")
    assert r.returncode == 2 and "请用 --db 指定要创建的示例数据库文件" in r.stderr, r.stdout + r.stderr
    assert not (tmp_path / "data" / "法治台账.db").exists()
    copy_database(db, tmp_path / "data" / "法治台账.db")  # moved the documented way: with its 佐证材料
    r = run("check")
    assert r.returncode == 0 and "完整性检查：正常" in r.stdout, r.stdout + r.stderr


def test_check_good_file(demo_db):
    digest = file_digest(demo_db)
    r = run("check", "--db", demo_db)
    assert r.returncode == 0, r.stderr
    assert "完整性检查：正常" in r.stdout and f"数据库版本：{SCHEMA_VERSION}" in r.stdout
    assert file_digest(demo_db) == digest


def test_usage_error_in_chinese(tmp_path):
    r = run("figures", "--year", "abc", "--db", tmp_path / "x.db")
    assert r.returncode == 2 and "命令参数有误" in r.stderr and "Traceback" not in r.stderr


def test_paths_outside_gbk_come_out_whole_through_a_pipe_a_file_and_the_log(tmp_path, demo_template):
    """A folder with Chinese, spaces and 𠮷 (in names, outside GBK, the code page of a Chinese
    Windows): the command line writes UTF-8 to a pipe and to a file whatever the console's code
    page would be (PYTHONIOENCODING=gbk stands for it here), and the log is UTF-8 too."""
    from tests.conftest import corrupt_table

    folder = tmp_path / "吉𠮷 镇 台账"
    folder.mkdir()
    db = folder / "𠮷祥 村.db"
    env = dict(os.environ, PYTHONIOENCODING="gbk")
    piped = subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", "--db", str(db)],
                           capture_output=True, env=env)
    assert piped.returncode == 0, piped.stderr.decode("utf-8", "replace")
    assert f"已创建示例数据库：{db}（" in piped.stdout.decode("utf-8")  # strict: no byte garbled
    into = tmp_path / "输出 𠮷.txt"
    with open(into, "wb") as f:  # as `yaofu check … > 输出.txt` does
        r = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", "--db", str(db)],
                           stdout=f, stderr=subprocess.STDOUT, env=env)
    assert r.returncode == 0 and f"数据库：{db}\n" in into.read_bytes().decode("utf-8").replace("\r\n", "\n")
    damaged = folder / "损坏 𠮷.db"
    shutil.copyfile(demo_template, damaged)
    corrupt_table(damaged)
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", "--db", str(damaged)],
                       capture_output=True, env=env)
    err = r.stderr.decode("utf-8")
    assert r.returncode == 1 and "损坏 𠮷.db" in err and "Traceback" not in err
    log = Path(os.environ["YAOFU_DATA_DIR"]) / "yaofu.log"
    assert str(damaged) in log.read_bytes().decode("utf-8")


def test_figures_explain_lists_the_records_behind_a_figure(demo_db):
    """What a county inspector asks for: where a figure comes from, named as the report names it."""
    r = run("figures", "--db", demo_db, "--year", 2025, "--explain", "调解成功率")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "调解成功率：98.2 %"
    assert "共 112 条" in lines[1]
    assert sum(line.startswith("  ✓ ") for line in lines) == 110 and "计入分子的记录：110 条" in lines[-1]
    r = run("figures", "--db", demo_db, "--year", 2025, "--explain", "学法活动·会前学法", "--json")
    data = json.loads(r.stdout)
    assert data["ledger"] == "study_sessions" and len(data["records"]) == 15
    r = run("figures", "--db", demo_db, "--explain", "学法")
    assert r.returncode == 2 and "对应多项统计数字" in r.stderr and "Traceback" not in r.stderr
    r = run("figures", "--db", demo_db, "--explain", "没有这个数")
    assert r.returncode == 2 and "没有名为“没有这个数”的统计数字" in r.stderr


def test_the_window_start_reads_its_options_as_the_full_parser_does():
    """`python main.py --db X` skips building the subcommands' parsers: what it reads is what the
    full command line reads, and anything else (a command, --help, a stray word) goes to the full one."""
    from yaofu_desktop import cli

    for argv in ([], ["--db", "甲.db"], ["--db=乙.db", "--exit-after-first-paint"], ["--version"],
                 ["--self-test"], ["--exit-after-first-paint", "--db", "x y.db"]):
        assert cli._window_only(argv), argv
        assert vars(cli.build_parser(commands=False).parse_args(argv)) == vars(cli.build_parser().parse_args(argv))
    for argv in (["check", "--db", "x.db"], ["--help"], ["-h"], ["--db"], ["--db", "--version"],
                 ["--db", "x.db", "demo"], ["--unknown"], ["x.db"]):
        assert not cli._window_only(argv), argv
