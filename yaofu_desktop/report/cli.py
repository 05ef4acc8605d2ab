"""`report --db FILE --year Y --out OUT.pdf|.docx`: compose, check, render."""

from __future__ import annotations

import sys
import time

from ..errors import UserError
from ..store import Store
from .compose import compose


def render(document, out_path):
    """Render to PDF or DOCX by the file's suffix; returns a one-line description."""
    suffix = out_path.suffix.lower()
    if suffix == ".pdf":
        from .pdf import render_pdf

        result = render_pdf(document, out_path)
        missing = f"；有 {len(result.missing_chars)} 个字没有字体：{''.join(result.missing_chars)}" if result.missing_chars else ""
        return f"{result.pages} 页{missing}", result
    if suffix == ".docx":
        from .docx_writer import render_docx

        render_docx(document, out_path)
        return "Word 文档", None
    raise UserError(f"不支持的报告格式“{out_path.suffix}”：请用 .pdf 或 .docx")


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
