"""Command line: `python main.py [--db FILE]` opens the window; subcommands work headless.

    python main.py demo --db x.db [--force]
    python main.py figures --db x.db --year 2025 [--json]
    python main.py check --db x.db

Exit codes: 0 done; 1 the work found problems (a failed check); 2 a usage or input error;
3 an unexpected error (logged in the data folder).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import traceback
from pathlib import Path
from typing import Callable

from .errors import UserError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_UNEXPECTED = 0, 1, 2, 3

log = logging.getLogger("yaofu")


# argparse's own words, in Chinese (argparse looks them up through its module's `_` at run time)
_ARGPARSE_WORDS = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必填参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要填写一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
}
argparse._ = lambda text: _ARGPARSE_WORDS.get(text, text)  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """argparse with its messages in Chinese and exit code 2."""

    def error(self, message: str):  # noqa: D401
        self.print_usage(sys.stderr)
        raise UserError(f"命令参数有误：{message}")


def _db_arg(p: argparse.ArgumentParser, required: bool = True) -> None:
    p.add_argument(
        "--db",
        type=Path,
        required=required,
        metavar="FILE",
        help="数据库文件（默认：用户数据文件夹中的 法治台账.db）",
    )


MIN_YEAR, MAX_YEAR = 1990, 2099


def _year(text: str) -> int:
    """A report year, as --year takes it."""
    try:
        year = int(text.strip().removesuffix("年度").removesuffix("年"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"年度应是四位数字，如 2025：{text}") from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise argparse.ArgumentTypeError(f"年度应在 {MIN_YEAR} 到 {MAX_YEAR} 之间：{text}")
    return year


def _year_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=_year, help="年度（默认：概况中的报告年度）")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="yaofu",
        description="法治台账：乡镇法治政府建设台账与年度报告。不带子命令时打开窗口。",
    )
    _db_arg(parser, required=False)
    parser.add_argument("--version", action="store_true", help="显示版本")
    parser.add_argument(
        "--self-test", action="store_true", help="自检：示例数据、报告、Excel、备份与窗口逐项运行一遍"
    )
    parser.add_argument(
        "--exit-after-first-paint",
        action="store_true",
        help="打开窗口，显示出第一屏后即退出（检查窗口能否启动）",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="子命令")

    p = sub.add_parser("demo", help="创建带示例数据的数据库（2025年，与示例报告一致）")
    _db_arg(p)
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("figures", help="列出某一年度的全部统计数字")
    _db_arg(p)
    _year_arg(p)
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--explain", metavar="数字", help="列出某项数字所依据的台账记录（填名称，如“调解成功率”，或其键）")
    p.set_defaults(func=cmd_figures)

    p = sub.add_parser("check", help="检查数据库的完整性和版本（只读，不改动文件）")
    _db_arg(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("report", help="生成年度报告（PDF 或 Word）")
    _db_arg(p)
    _year_arg(p)
    p.add_argument("--out", type=Path, required=True, metavar="OUT", help="输出文件 .pdf 或 .docx")
    p.add_argument("--force", action="store_true", help="检查有错误时仍然生成")
    p.add_argument("--appendix", action="store_true", help="附上本年度与上一年度主要统计数字对照表（附件）")
    p.set_defaults(func=_lazy("yaofu_desktop.report.cli", "cmd_report"))

    p = sub.add_parser("backup", help="备份数据库（校验后保存）")
    _db_arg(p)
    p.add_argument("--to", type=Path, metavar="DIR", help="备份文件夹（默认：数据文件夹中的“备份”）")
    p.set_defaults(func=_lazy("yaofu_desktop.backup_cli", "cmd_backup"))

    p = sub.add_parser("restore", help="从备份恢复数据库（当前文件另存一份）")
    _db_arg(p)
    p.add_argument("--from", dest="source", type=Path, required=True, metavar="BACKUP", help="备份文件")
    p.set_defaults(func=_lazy("yaofu_desktop.backup_cli", "cmd_restore"))

    p = sub.add_parser("export", help="导出 Excel 台账（或空白模板）")
    _db_arg(p, required=False)
    _year_arg(p)
    p.add_argument("--out", type=Path, required=True, metavar="OUT", help="输出文件 .xlsx（或 .csv）")
    p.add_argument("--template", action="store_true", help="导出不含记录的空白模板")
    p.add_argument("--ledger", help="只导出一本台账（导出 CSV 时必填）")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="从 Excel 导入台账")
    _db_arg(p)
    p.add_argument("workbook", type=Path, metavar="IN.xlsx")
    p.add_argument("--good-rows-only", action="store_true", help="有错误的行跳过，只导入正确的行")
    p.set_defaults(func=cmd_import)
    return parser


def _lazy(module: str, name: str) -> Callable:
    """A subcommand whose code is imported only when it runs (keeps start-up light)."""

    def run(args):
        import importlib

        return getattr(importlib.import_module(module), name)(args)

    return run


def cmd_demo(args) -> int:
    from .demo import create_demo
    from .figures import compute

    path = create_demo(args.db, force=args.force)
    from .store import Store

    with Store.open(path) as store:
        n = sum(store.record_counts().values())
        year = store.report_year()
        n_fig = len(compute(store, year))
    print(f"已创建示例数据库：{path}（{n} 条记录，{year}年度 {n_fig} 项统计数字）")
    return EXIT_OK


def cmd_figures(args) -> int:
    from .figures import compute
    from .store import Store

    with Store.open(args.db, readonly=True) as store:
        year = args.year if args.year is not None else store.report_year()
        figures = compute(store, year)
        if getattr(args, "explain", None):
            return _explain(store, year, figures, args.explain, args.json)
    if args.json:
        print(json.dumps([f.as_dict() for f in figures], ensure_ascii=False, indent=1))
    else:
        for f in figures:
            print(f"{f.label}: {f.display()}")
    return EXIT_OK


def find_figure(figures, wanted: str):
    """A figure by its key, its label or a unique part of its label; UserError naming the
    candidates otherwise."""
    wanted = wanted.strip()
    by_key = {f.key: f for f in figures}
    if wanted in by_key:
        return by_key[wanted]
    exact = [f for f in figures if wanted in (f.label, f.report_label)]
    if len(exact) == 1:
        return exact[0]
    part = exact or [f for f in figures if wanted in f.label or wanted in f.report_label]
    if len(part) == 1:
        return part[0]
    if not part:
        raise UserError(f"没有名为“{wanted}”的统计数字：可先用 figures 列出全部数字的名称")
    names = "、".join(f"“{f.label}”" for f in part[:12]) + ("等" if len(part) > 12 else "")
    raise UserError(f"“{wanted}”对应多项统计数字：{names}，请写得更具体些")


def _explain(store, year: int, figures, wanted: str, as_json: bool) -> int:
    """`figures --explain`: the records a figure of the year is computed from."""
    from .figures import records_behind
    from .ledgers import describe_record

    fig = find_figure(figures, wanted)
    try:
        behind = records_behind(store, fig.key, year)
    except KeyError:
        raise UserError(f"“{fig.label}”不是由台账记录直接计算的数字（例如存在的问题条目数）") from None
    rows = [store.get(behind.ledger.name, i) for i in behind.ids]
    if as_json:
        print(json.dumps({
            "figure": fig.as_dict(), "ledger": behind.ledger.name, "ledger_label": behind.ledger.label,
            "what": behind.what,
            "records": [{"id": r["id"], "uid": r["uid"], "text": describe_record(behind.ledger, r),
                         "counted": r["id"] in behind.counted} for r in rows],
        }, ensure_ascii=False, indent=1))
        return EXIT_OK
    print(f"{fig.label}：{fig.display()}")
    print(f"依据：{behind.what}，共 {len(rows)} 条")
    rate = fig.kind == "rate"
    for r in rows:
        mark = ("✓ " if r["id"] in behind.counted else "  ") if rate else ""
        print(f"  {mark}{describe_record(behind.ledger, r)}")
    if rate:
        print(f"（✓ 为计入分子的记录：{len(behind.counted)} 条）")
    return EXIT_OK


def cmd_check(args) -> int:
    from .store import check_file

    try:
        result = check_file(args.db)
    except UserError as e:
        print(f"检查未通过：{e.message}", file=sys.stderr)
        if e.technical:  # SQLite's own words, in full in the log
            from .applog import log_file

            print(f"技术信息：{e.technical}（详见日志 {log_file()}）", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"数据库：{result['path']}")
    print(f"数据库版本：{result['schema_version']}（本软件：{result['current_version']}）")
    print("完整性检查：正常")
    print(f"记录：{result['total_records']} 条")
    from .access import describe

    print(f"文件夹访问权限：{describe(Path(result['path']).parent)}")
    from .attachments import problems_in_file

    problems, count = problems_in_file(args.db)
    if count:
        print(f"佐证材料：{count} 份，均完好" if not problems else f"佐证材料：{count} 份")
    for p in problems:
        print(f"佐证材料有问题：{p.text}", file=sys.stderr)
    if problems:
        print(f"检查未通过：{len(problems)} 份佐证材料缺失或已损坏，请从备份恢复（恢复会找回备份中的佐证材料）",
              file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _out(line: str = "", err: bool = False) -> None:
    print(line, file=sys.stderr if err else sys.stdout)


def cmd_export(args) -> int:
    from .excel import export_csv, export_workbook, resolve_ledger
    from .store import Store

    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UserError(f"输出文件应以 .xlsx（Excel 工作簿）或 .csv 结尾：{out.name}")
    ledger = resolve_ledger(args.ledger) if getattr(args, "ledger", None) else None
    if suffix == ".csv" and ledger is None:
        raise UserError("导出 CSV 时请用 --ledger 指定一本台账，如 --ledger mediations")
    db = args.db
    if db is None and not args.template:
        from .paths import default_db_path

        db = default_db_path()
        if not db.exists():
            raise UserError("请用 --db 指定要导出的数据库文件")
    store = Store.open(db, readonly=True) if db is not None else None
    try:
        year = args.year if args.year is not None else (store.report_year() if store else None)
        if suffix == ".csv":
            res = export_csv(store, year, ledger.name, out, template=args.template)
        else:
            res = export_workbook(
                store, year, out, template=args.template,
                ledgers=[ledger.name] if ledger else None,
            )
    finally:
        if store is not None:
            store.close()
    if args.template or store is None:
        _out(f"已导出空白模板：{res.path}（{len(res.records)} 本台账）")
    else:
        _out(f"已导出 {year}年度台账：{res.path}（{len(res.records)} 本台账，{res.total} 条记录）")
    return 0


def cmd_import(args) -> int:
    import os
    import uuid

    from .excel.apply import apply_import
    from .excel.plan import plan_import
    from .excel.read import read_book
    from .fileio import remove_quietly
    from .lock import DatabaseLock
    from .store import Store

    src = Path(args.workbook)
    db = Path(args.db)
    if not db.parent.is_dir():
        raise UserError(f"文件夹不存在：{db.parent}")
    # read the file first: a file that is not a workbook is refused before the database is touched
    book = read_book(src, None)
    lock = DatabaseLock(db)
    lock.acquire()  # not while the app (or another import) has the database open
    store = None
    # a new database is built under a hidden name and moved into place when the import is done:
    # a refused, failed or killed import leaves no database where there was none
    created = not db.exists()
    for old in db.parent.glob(f".{db.name}.*.import.part*"):  # left by an import that was killed
        remove_quietly(old)
    work = db.with_name(f".{db.name}.{uuid.uuid4().hex[:8]}.import.part") if created else db
    try:
        store = Store.open(work, create=True)
        plan = plan_import(store, book, None)
        for w in plan.warnings:
            _out("提示：" + w.line(), err=True)
        for p in plan.problems:
            _out(p.line())
        if plan.problems and not args.good_rows_only:
            _out(
                f"有 {plan.bad_rows} 行（{len(plan.problems)} 处）有错误，未导入任何记录。"
                "请改正后重新导入，或加 --good-rows-only 只导入正确的行。",
                err=True,
            )
            return 1
        result = apply_import(store, plan, good_rows_only=args.good_rows_only)
        store.close()
        store = None
        if created:
            os.replace(work, db)
        _out(f"导入完成：{result.summary()}")
        if result.profile_set:
            _out("已导入乡镇概况。")
        return 1 if plan.problems else 0
    finally:
        if store is not None:
            store.close()
        lock.release()
        if created:
            for suffix in ("", "-wal", "-shm"):
                remove_quietly(str(work) + suffix)


def _utf8_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (AttributeError, ValueError):
            pass


def main(argv: list[str] | None = None) -> int:
    _utf8_streams()
    from .applog import setup_logging

    setup_logging()  # what the modules log goes to the log file, never to the clerk's terminal
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
        if args.version:
            from . import __version__

            print(f"法治台账 {__version__}")
            return EXIT_OK
        if args.self_test:
            from .selftest import run as self_test

            return self_test()
        if not args.command:
            return gui_main(db=args.db, exit_after_first_paint=args.exit_after_first_paint)
        return args.func(args)
    except UserError as e:
        print(f"错误：{e.message}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # output piped into `head` and the like
        return EXIT_OK
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return EXIT_USAGE
    except Exception:  # noqa: BLE001 - the last line of defence: no traceback for the clerk
        from .applog import log_file

        where = log_file()
        log.error("unexpected error\n%s", traceback.format_exc())
        print(
            "出现意外错误，操作未完成。"
            + (f"详细信息已记录在：{where}" if where else ""),
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED


def gui_main(db: Path | None = None, exit_after_first_paint: bool = False) -> int:
    from .gui.display_check import display_problem

    problem = display_problem()
    if problem:  # Qt would abort with an English message about its platform plugin
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    try:
        from .gui.app import run
    except ImportError:
        print(
            "窗口界面尚未就绪（需要安装 PySide6）。可以先使用命令行：demo、figures、check。",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return run(db, exit_after_first_paint=exit_after_first_paint)
