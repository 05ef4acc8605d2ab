"""The `report` command: compose the year's report, print its checks, render PDF or DOCX.

    python main.py report --db FILE [--year Y] --out OUT.pdf|.docx [--force] [--appendix]
"""

from __future__ import annotations

import sys
import time

from ..errors import UserError
from ..report.compose import compose
from ..report.render import render
from ..store import Store


def cmd_report(args) -> int:
    out = args.out
    if out.suffix.lower() not in (".pdf", ".docx"):
        raise UserError(f"不支持的报告格式“{out.suffix}”：请用 .pdf 或 .docx")
    if not out.parent.exists():
        raise UserError(f"输出文件夹不存在：{out.parent}")
    t = time.perf_counter()
    with Store.open(args.db, readonly=True) as store:
        year = args.year if args.year is not None else store.report_year()
        comp = compose(store, year, appendix=getattr(args, "appendix", False))
    order = {"error": 0, "warning": 1, "info": 2}
    for check in sorted(comp.checks, key=lambda c: order.get(c.level, 3)):
        print(str(check), file=sys.stderr)
    if comp.errors and not args.force:
        print(f"报告未生成：有 {len(comp.errors)} 个错误需要先改正。", file=sys.stderr)
        return 1
    what, _ = render(comp.document, out)
    print(f"已生成{year}年度报告：{out}（{what}，用时 {time.perf_counter() - t:.2f} 秒）")
    return 0


def cmd_binder(args) -> int:
    """`binder --db … --year … [--area …] --out …`"""
    from ..report.binder import area_key, build_binder

    area = area_key(args.area)
    if args.out.suffix.lower() != ".pdf":
        raise UserError(f"台账汇编只能保存为 PDF 文件（.pdf）：{args.out}")
    with Store.open(args.db, readonly=True) as store:
        year = args.year if args.year is not None else store.report_year()
        last = [-1]

        def progress(fraction: float, text: str) -> None:
            pct = int(fraction * 100)
            if pct // 10 != last[0] // 10:
                print(f"{pct:3d}%  {text}", file=sys.stderr)
            last[0] = pct

        r = build_binder(store, year, args.out, area=area, progress=progress)
    print(f"已生成台账汇编：{r.path}（{r.pages} 页，{r.ledgers} 本台账，{r.records} 条记录，"
          f"照片 {r.photos} 张，扫描件 {r.scan_pages} 页，文档 {r.documents} 份，用时 {r.seconds:.1f} 秒）")
    for line in r.missing:
        print(f"照片文件缺失或已损坏，汇编中留了空框：{line}", file=sys.stderr)
    return 1 if r.missing else 0
