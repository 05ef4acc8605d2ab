"""A composed report written out as PDF or DOCX, by the file's suffix (for the window and the
`report` command alike).

    what, result = render(composition.document, Path("报告.pdf"))   # ("12 页", PdfResult)
"""

from __future__ import annotations

from ..errors import UserError


def render(document, out_path):
    """Render to PDF or DOCX by the file's suffix; returns a one-line description."""
    suffix = out_path.suffix.lower()
    if suffix == ".pdf":
        from .pdf import render_pdf

        result = render_pdf(document, out_path)
        missing = (f"；有 {len(result.missing_chars)} 个字没有字体：{''.join(result.missing_chars)}"
                   if result.missing_chars else "")
        return f"{result.pages} 页{missing}", result
    if suffix == ".docx":
        from .docx_writer import render_docx

        render_docx(document, out_path)
        return "Word 文档", None
    raise UserError(f"不支持的报告格式“{out_path.suffix}”：请用 .pdf 或 .docx")
