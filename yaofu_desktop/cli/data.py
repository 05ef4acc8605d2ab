"""The commands about the database itself: `demo` (a database with the sample town's records),
`figures` (every figure of a year) and `check` (integrity and version, read-only)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..applog import log_file
from ..attachments import Problem as AttachmentProblem
from ..dbfile import check_file
from ..demo import create_demo
from ..errors import UserError
from ..figures import compute
from ..store import Store
from . import EXIT_OK, EXIT_PROBLEMS


def cmd_demo(args) -> int:
    path = create_demo(args.db, force=args.force)
    with Store.open(path) as store:
        n = sum(store.record_counts().values())
        year = store.report_year()
        n_fig = len(compute(store, year))
    print(f"已创建示例数据库：{path}（{n} 条记录，{year}年度 {n_fig} 项统计数字）")
    return EXIT_OK


def cmd_figures(args) -> int:
    with Store.open(args.db, readonly=True) as store:
        year = args.year if args.year is not None else store.report_year()
        figures = compute(store, year)
    if args.json:
        print(json.dumps([f.as_dict() for f in figures], ensure_ascii=False, indent=1))
    else:
        for f in figures:
            print(f"{f.label}: {f.display()}")
    return EXIT_OK


def cmd_check(args) -> int:
    try:
        result = check_file(args.db)
    except UserError as e:
        print(f"检查未通过：{e.message}", file=sys.stderr)
        if e.technical:  # SQLite's own words, in full in the log
            print(f"技术信息：{e.technical}（详见日志 {log_file()}）", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"数据库：{result['path']}")
    print(f"数据库版本：{result['schema_version']}（本软件：{result['current_version']}）")
    print("完整性检查：正常")
    print(f"记录：{result['total_records']} 条")
    problems, count = _attachment_problems(args.db)
    if count:
        print(f"佐证材料：{count} 份，均完好" if not problems else f"佐证材料：{count} 份")
    for p in problems:
        print(f"佐证材料有问题：{p.text}", file=sys.stderr)
    if problems:
        print(f"检查未通过：{len(problems)} 份佐证材料缺失或已损坏，请从备份恢复（恢复会找回备份中的佐证材料）",
              file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _attachment_problems(db_path: Path) -> tuple[list[AttachmentProblem], int]:
    """:meth:`Attachments.check` of a database file opened read-only, and how many attachments it
    has."""
    with Store.open(db_path, readonly=True) as store:
        return store.attachments.check(), len(store.attachments.all_rows())
