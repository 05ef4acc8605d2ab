"""Report targets.

- render of the demo report inside the running app (fonts registered, document composed)
  ≤ 1.5× reportlab's plain render of the same text (stock Paragraphs, wordWrap='CJK');
- `python main.py report` as a whole process ≥ 3× faster than LibreOffice converting the same
  report from DOCX (when LibreOffice is installed).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from run import Row, best_of

from yaofu_desktop.report.compose import compose
from yaofu_desktop.report.docx_writer import render_docx
from yaofu_desktop.report.fonts import register_fonts
from yaofu_desktop.report.pdf import render_pdf
from yaofu_desktop.store import Store

ROOT = Path(__file__).resolve().parents[1]


def _plain_reportlab(document, out: Path, fonts) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    body = ParagraphStyle(
        "b", fontName=fonts.name("fang"),
        fontSize=16, leading=28.99, firstLineIndent=32, wordWrap="CJK",
    )
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=28 * mm, topMargin=37 * mm, rightMargin=26 * mm,
                            bottomMargin=35 * mm)
    doc.build([Paragraph(b.text.replace("\n", "<br/>"), body) for b in document.blocks
               if b.kind not in ("pagebreak", "table")])


def run(ctx) -> list[Row]:
    rows = []
    fonts = register_fonts()
    with Store.open(ctx.demo_db, readonly=True) as store:
        document = compose(store, 2025).document
    ours = best_of(lambda: render_pdf(document, ctx.scratch / "r.pdf"), 7)
    try:
        plain = best_of(lambda: _plain_reportlab(document, ctx.scratch / "plain.pdf", fonts), 7)
    except Exception as e:  # noqa: BLE001 - report the benchmark, not crash
        plain = float("nan")
        print(f"plain reportlab render failed: {e}", file=sys.stderr)
    rows.append(Row("report render in app / plain reportlab", ours / plain, 1.5, "×",
                    f"{ours * 1000:.0f} ms vs {plain * 1000:.0f} ms"))

    def cli():
        subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "report", "--db", str(ctx.demo_db), "--year", "2025",
             "--out", str(ctx.scratch / "cli.pdf")],
            check=True, capture_output=True,
        )

    t_cli = best_of(cli, 3)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office:
        docx = ctx.scratch / "r.docx"
        render_docx(document, docx)

        def lo():
            subprocess.run(
                [office, "--headless", "--convert-to", "pdf", "--outdir", str(ctx.scratch / "lo"), str(docx)],
                check=True, capture_output=True,
            )

        lo()  # first start creates the profile
        t_lo = best_of(lo, 3)
        rows.append(Row("LibreOffice docx→pdf / `main.py report`", t_lo / t_cli, 3.0, "×",
                        f"{t_lo:.2f} s vs {t_cli:.2f} s", higher_is_better=True))
    else:
        rows.append(Row("`main.py report` whole process", t_cli, 0.5, "s", "LibreOffice not installed: no comparison"))
    return rows
