"""The command line: the parser and every command. `python main.py [--db FILE]` opens the
window; the commands work headless.

    python main.py demo --db x.db [--force]                       data.py
    python main.py figures --db x.db --year 2025 [--json]         data.py
    python main.py check --db x.db                                data.py
    python main.py report --db x.db --out 报告.pdf|.docx           report.py
    python main.py binder --db x.db --out 汇编.pdf [--area lead]    report.py
    python main.py backup --db x.db [--to 文件夹]                   backups.py
    python main.py restore --db x.db --from 备份.db|文件夹           backups.py
    python main.py export [--db x.db] --out 台账.xlsx|.csv          excel.py
    python main.py import --db x.db 台账.xlsx [--good-rows-only]    excel.py

A command's module is imported only when it runs (start-up stays light). The window and the
self-test are not commands of the core: the entry point (yaofu_desktop/entry/) hands them to
`run`, so that nothing here imports the GUI.

Exit codes: 0 done; 1 the work found problems (a failed check); 2 a usage or input error;
3 an unexpected error (logged in the data folder).
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from pathlib import Path
from typing import Callable

from ..errors import UserError

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

    def error(self, message: str):
        self.print_usage(sys.stderr)
        raise UserError(f"命令参数有误：{message}")


def _db_arg(p: argparse.ArgumentParser, help: str = "") -> None:
    """`--db FILE`, taken before the subcommand (`yaofu --db x.db report …`) or after it; a
    subcommand's own is left out of the namespace when not given, so the top level's stands."""
    p.add_argument(
        "--db",
        type=Path,
        metavar="FILE",
        default=None if not help else argparse.SUPPRESS,
        help=help or "数据库文件（默认：用户数据文件夹中的 法治台账.db）",
    )


_DB_HELP = "数据库文件，也可写在子命令之前（默认：用户数据文件夹中的 法治台账.db）"


def _default_db(args: argparse.Namespace) -> None:
    """A command given no --db works on the window's database (the user's data folder), except
    `demo`, which makes a new file and is told where; `export --template` needs none."""
    if args.db is not None:
        return
    if args.command == "demo":
        raise UserError("请用 --db 指定要创建的示例数据库文件，如 --db 示例.db")
    if args.command == "export" and args.template:
        return
    from ..paths import default_db_path

    db = default_db_path()
    if not db.exists():
        raise UserError(f"用户数据文件夹中还没有数据库（{db}）：请用 --db 指定数据库文件")
    args.db = db


def _force_open_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--force-open",
        action="store_true",
        help="数据库显示正被另一处的程序打开，而确认那边的程序已经关闭或电脑已死机时，强制打开（同窗口中的“强制打开”）",
    )


def take_lock(db: Path, force_open: bool):
    """The database's lock for a command that writes it; held by a running copy of the app, the
    command is refused with the way out the command line has (--force-open)."""
    from ..lock import COMMAND_LINE_WAY_OUT, DatabaseLock, LockedError

    lock = DatabaseLock(db)
    try:
        lock.acquire(force=force_open)
    except LockedError as e:
        raise UserError(e.said(COMMAND_LINE_WAY_OUT)) from None
    return lock


def _year(text: str) -> int:
    """A report year, as --year takes it."""
    from ..fields import MAX_YEAR, MIN_YEAR  # (here: fields.py costs every command's start-up)

    try:
        year = int(text.strip().removesuffix("年度").removesuffix("年"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"年度应是四位数字，如 2025：{text}") from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise argparse.ArgumentTypeError(f"年度应在 {MIN_YEAR} 到 {MAX_YEAR} 之间：{text}")
    return year


def _year_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=_year, help="年度（默认：概况中的报告年度）")


# the options of the window itself; a command line of these alone needs no subcommand parsers
_WINDOW_FLAGS = ("--version", "--self-test", "--exit-after-first-paint")


def _window_only(argv: list[str]) -> bool:
    """`argv` holds only the top level's own options (`--db FILE` and the flags): no command,
    no --help, nothing the full parser would have to judge."""
    rest = iter(argv)
    for token in rest:
        if token == "--db":
            if next(rest, "-").startswith("-"):
                return False
        elif not (token.startswith("--db=") or token in _WINDOW_FLAGS):
            return False
    return True


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The parser of the command line; without `commands`, only the top level's options (the
    window's start-up does not build the nine subcommands' parsers it does not use)."""
    parser = _Parser(
        prog="yaofu",
        description="法治台账：乡镇法治政府建设台账与年度报告。不带子命令时打开窗口。",
    )
    _db_arg(parser)
    parser.add_argument("--version", action="store_true", help="显示版本")
    parser.add_argument(
        "--self-test", action="store_true", help="自检：示例数据、报告、Excel、备份与窗口逐项运行一遍"
    )
    parser.add_argument(
        "--exit-after-first-paint",
        action="store_true",
        help="打开窗口，显示出第一屏后即退出（检查窗口能否启动）",
    )
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="子命令")

    p = sub.add_parser("demo", help="创建带示例数据的数据库（2025年，与示例报告一致）")
    _db_arg(p, "要创建的示例数据库文件（必填，可写在子命令之前）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.set_defaults(func=_lazy("yaofu_desktop.cli.data", "cmd_demo"))

    p = sub.add_parser("figures", help="列出某一年度的全部统计数字")
    _db_arg(p, _DB_HELP)
    _year_arg(p)
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--explain", metavar="数字", help="列出某项数字所依据的台账记录（填名称，如“调解成功率”，或其键）")
    p.set_defaults(func=_lazy("yaofu_desktop.cli.data", "cmd_figures"))

    p = sub.add_parser("check", help="检查数据库的完整性和版本（只读，不改动文件）")
    _db_arg(p, _DB_HELP)
    p.set_defaults(func=_lazy("yaofu_desktop.cli.data", "cmd_check"))

    p = sub.add_parser("report", help="生成年度报告（PDF 或 Word）")
    _db_arg(p, _DB_HELP)
    _year_arg(p)
    p.add_argument("--out", type=Path, required=True, metavar="OUT", help="输出文件 .pdf 或 .docx")
    p.add_argument("--force", action="store_true", help="检查有错误时仍然生成")
    p.add_argument("--appendix", action="store_true", help="附上本年度与上一年度主要统计数字对照表（附件）")
    p.set_defaults(func=_lazy("yaofu_desktop.cli.report", "cmd_report"))

    p = sub.add_parser("binder", help="生成迎检台账汇编（PDF：封面、目录、各台账记录表和佐证材料）")
    _db_arg(p, _DB_HELP)
    _year_arg(p)
    p.add_argument("--area", metavar="AREA", help="只汇编一个工作领域（如 lead 或 组织领导与学法；默认全部）")
    p.add_argument("--out", type=Path, required=True, metavar="OUT.pdf", help="输出的 PDF 文件")
    p.set_defaults(func=_lazy("yaofu_desktop.cli.report", "cmd_binder"))

    p = sub.add_parser("backup", help="备份数据库（校验后保存）")
    _db_arg(p, _DB_HELP)
    p.add_argument("--to", type=Path, metavar="DIR", help="备份文件夹（默认：数据文件夹中的“备份”）")
    p.add_argument("--rotate", action="store_true",
                   help="备份后轮换该数据库在备份文件夹中的旧备份（按默认的备份策略按天、周、月保留，更早的删除）")
    p.set_defaults(func=_lazy("yaofu_desktop.cli.backups", "cmd_backup"))

    p = sub.add_parser("restore", help="从备份恢复数据库（当前文件另存一份）")
    _db_arg(p, _DB_HELP)
    p.add_argument("--from", dest="source", type=Path, required=True, metavar="BACKUP", help="备份文件")
    p.add_argument("--force", action="store_true",
                   help="备份属于另一个乡镇时仍然恢复（不加时拒绝，并说明两个乡镇的名称）")
    _force_open_arg(p)
    p.set_defaults(func=_lazy("yaofu_desktop.cli.backups", "cmd_restore"))

    p = sub.add_parser("export", help="导出 Excel 台账（或空白模板）")
    _db_arg(p, _DB_HELP)
    _year_arg(p)
    p.add_argument("--out", type=Path, required=True, metavar="OUT", help="输出文件 .xlsx（或 .csv）")
    p.add_argument("--template", action="store_true", help="导出不含记录的空白模板")
    p.add_argument("--ledger", help="只导出一本台账（导出 CSV 时必填）")
    p.set_defaults(func=_lazy("yaofu_desktop.cli.excel", "cmd_export"))

    p = sub.add_parser("import", help="从 Excel 导入台账")
    _db_arg(p, _DB_HELP)
    p.add_argument("workbook", type=Path, metavar="IN.xlsx")
    p.add_argument("--good-rows-only", action="store_true", help="有错误的行跳过，只导入正确的行")
    p.add_argument("--keep-duplicates", action="store_true",
                   help="可能重复的行（与已有记录或前面的行相同）也导入；默认不导入并逐行列出")
    _force_open_arg(p)
    p.set_defaults(func=_lazy("yaofu_desktop.cli.excel", "cmd_import"))
    return parser


def _lazy(module: str, name: str) -> Callable:
    """A subcommand whose code is imported only when it runs (keeps start-up light)."""

    def run(args):
        import importlib

        return getattr(importlib.import_module(module), name)(args)

    return run


def _utf8_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass


def run(
    argv: list[str] | None = None,
    *,
    window: Callable[..., int],
    self_test: Callable[[], int],
) -> int:
    """Run what `argv` (sys.argv's by default) asks for: a command, or with none the window
    (`window(db, exit_after_first_paint=…)`), or `self_test()`; returns the exit code. No
    traceback reaches the clerk."""
    _utf8_streams()
    from ..applog import setup_logging

    setup_logging()  # what the modules log goes to the log file, never to the clerk's terminal
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser(commands=not _window_only(argv)).parse_args(argv)
        if args.version:
            from .. import __version__

            print(f"法治台账 {__version__}")
            return EXIT_OK
        if args.self_test:
            return self_test()
        if not args.command:
            return window(args.db, exit_after_first_paint=args.exit_after_first_paint)
        _default_db(args)
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
        from ..applog import log_file

        where = log_file()
        log.error("unexpected error\n%s", traceback.format_exc())
        print(
            "出现意外错误，操作未完成。"
            + (f"详细信息已记录在：{where}" if where else ""),
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED
