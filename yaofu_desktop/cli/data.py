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
from ..figures import compute, records_behind
from ..ledgers import describe_record
from ..store import Store
from . import EXIT_OK, EXIT_PROBLEMS


def cmd_demo(args) -> int:
    path = create_demo(args.db, force=args.force)
    with Store.open(path) as store:
        n = sum(store.counts.all().values())
        year = store.report_year()
        n_fig = len(compute(store, year))
    print(f"已创建示例数据库：{path}（{n} 条记录，{year}年度 {n_fig} 项统计数字）")
    return EXIT_OK


def cmd_figures(args) -> int:
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
    from ..access import describe

    print(f"文件夹访问权限：{describe(Path(result['path']).parent)}")
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
