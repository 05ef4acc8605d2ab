"""The report as HTML, close to the official layout: the 报告 tab's live preview (and what it
prints), with the figures marked. No Qt here: QTextDocument shows the HTML.

    blocks = preview_blocks(composition.document, composition.section_errors)
    html = report_html(blocks, size=12.0, marks=[("112起", "mediations.total …")], current="lead")

A figure in a block's text is the token mark_token(i); marks[i] says how it is shown and its tip.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .document import BODY, HEI, KAI, TITLE, Document, red_hex, text_width

MARK_BG = "#fff1a8"
CURRENT_BG = "#eef4fb"
RED = "#" + red_hex()
FONT_FAMILIES = {BODY: "Yaofu Fang", KAI: "Yaofu Kai", HEI: "Yaofu Hei", TITLE: "Yaofu Title"}
# the windows fonts first (a clerk's PC has them), then the bundled ones
OFFICIAL_FAMILIES = {
    BODY: ("仿宋_GB2312", "仿宋", "FangSong", "Yaofu Fang"),
    KAI: ("楷体_GB2312", "楷体", "KaiTi", "Yaofu Kai"),
    HEI: ("黑体", "SimHei", "Yaofu Hei"),
    TITLE: ("方正小标宋简体", "华文中宋", "Yaofu Title"),
}
_TOKEN = re.compile("\ue000(\\d+)\ue001")


def mark_token(index: int) -> str:
    """The token that stands for marks[index] in a block's text."""
    return f"\ue000{index}\ue001"


@dataclass
class PBlock:
    """A block of the preview/print HTML: a report.document Block plus where it came from."""

    kind: str
    runs: list[tuple[str, str]] = field(default_factory=list)  # (text, style)
    rows: list[list[str]] = field(default_factory=list)
    section: str | None = None
    error: str = ""


def _family_css(style: str, official: bool) -> str:
    fams = OFFICIAL_FAMILIES[style] if official else (FONT_FAMILIES[style],)
    return ", ".join(f"'{f}'" for f in fams)


def _px(pt: float) -> int:
    """Qt's rich text takes lengths of margins and indents in pixels (96 dpi), not points."""
    return round(pt * 96 / 72)


def report_html(blocks: list[PBlock], *, size: float, marks: list[tuple[str, str]] | None = None,
                current: str | None = None, official_fonts: bool = False) -> str:
    """HTML approximating the official layout. `marks` are the figures the tokens stand for."""
    marks = marks or []

    def esc(text: str) -> str:
        out = html.escape(text).replace("\n", "<br>")

        def mark(m: re.Match) -> str:
            shown, tip = marks[int(m.group(1))]
            return (f"<a name='fig{m.group(1)}' title='{html.escape(tip, quote=True)}' "
                    f"style='background-color:{MARK_BG}; color:#000; text-decoration:none'>"
                    f"{html.escape(shown)}</a>")

        return _TOKEN.sub(mark, out)

    def runs(b: PBlock) -> str:
        parts = []
        for text, style in b.runs:
            fam = _family_css(style if style in FONT_FAMILIES else BODY, official_fonts)
            parts.append(f"<span style=\"font-family:{fam}\">{esc(text)}</span>")
        return "".join(parts)

    line = "line-height:150%;"
    indent = f"text-indent:{_px(2 * size)}px;"
    body_fam = _family_css(BODY, official_fonts)
    out = [f"<html><body style=\"font-family:{body_fam}; font-size:{size:.1f}pt;\">"]
    last_section = None
    date_text = next((b.runs[0][0] for b in blocks if b.kind == "date" and b.runs), "")
    for b in blocks:
        brk = ""
        bg = f"background-color:{CURRENT_BG};" if current and b.section == current else ""
        anchor = ""
        if b.section and b.section != last_section:
            anchor = f"<a name='sec_{b.section}'></a>"
        last_section = b.section or last_section
        if b.error:
            out.append(f"<p style='{brk}{indent}{line} background-color:#fdecea; color:#c62828'>"
                       f"{anchor}{html.escape(b.error)}<br><span style='color:#555'>"
                       f"{html.escape(''.join(t for t, _s in b.runs))}</span></p>")
            continue
        k = b.kind
        if k == "mark":
            fam = _family_css(TITLE, official_fonts)
            out.append(f"<p align='center' style='{brk}margin-bottom:{_px(size * 0.25)}px;'>"
                       f"<span style=\"font-family:{fam}; font-size:{size * 26 / 16:.1f}pt; color:{RED}\">"
                       f"{esc(b.runs[0][0] if b.runs else '')}</span></p>"
                       f"<table width='100%' cellspacing='0' cellpadding='0' style='margin-bottom:{_px(size)}px'>"
                       f"<tr><td style='background-color:{RED}; font-size:1pt'>&nbsp;</td></tr></table>")
        elif k in ("title", "appendix_title"):  # the attachment's title is one line lower
            fam = _family_css(TITLE, official_fonts)
            top = f"margin-top:{_px(size)}px; " if k == "appendix_title" else ""
            out.append(f"<p align='center' style='{brk}{top}margin-bottom:{_px(size)}px; {line}'>"
                       f"<span style=\"font-family:{fam}; font-size:{size * 22 / 16:.1f}pt\">"
                       f"{esc(''.join(t for t, _s in b.runs))}</span></p>")
        elif k == "addressee":
            out.append(f"<p style='{brk}{line}{bg}'>{anchor}{runs(b)}</p>")
        elif k == "heading1":
            fam = _family_css(HEI, official_fonts)
            out.append(f"<p style='{brk}{indent}{line}{bg}'>{anchor}"
                       f"<span style=\"font-family:{fam}\">{esc(''.join(t for t, _s in b.runs))}</span></p>")
        elif k == "para":
            out.append(f"<p align='justify' style='{brk}{indent}{line}{bg}'>{anchor}{runs(b)}</p>")
        elif k == "signature":
            sig = "".join(t for t, _s in b.runs)
            # centred over the date, which has four characters of space on its right
            right = max(0.0, 4 + (text_width(date_text) - text_width(sig)) / 2)
            out.append(f"<p align='right' style='{brk}margin-top:{_px(size * 1.5)}px; "
                       f"margin-right:{_px(right * size)}px;"
                       f" {line}'>{esc(sig)}</p>")
        elif k == "date":
            out.append(f"<p align='right' style='{brk}margin-right:{_px(4 * size)}px; {line}{bg}'>"
                       f"{anchor}{runs(b)}</p>")
        elif k == "attachment":
            out.append(f"<p style='{brk}margin-top:{_px(size)}px; margin-left:{_px(5 * size)}px; "
                       f"text-indent:{-_px(3 * size)}px; {line}'>{runs(b)}</p>")
        elif k == "appendix_label":
            fam = _family_css(HEI, official_fonts)
            out.append(f"<p style='{brk}{line}'><span style=\"font-family:{fam}\">"
                       f"{esc(''.join(t for t, _s in b.runs))}</span></p>")
        elif k == "copy_to":
            out.append(f"<hr><p style='{brk}margin-left:{_px(size)}px; font-size:{size * 14 / 16:.1f}pt; {line}'>"
                       f"{esc(''.join(t for t, _s in b.runs))}</p><hr>")
        elif k == "pagebreak":
            out.append("<hr>")
        elif k == "table":
            head_fam = _family_css(HEI, official_fonts)
            rows = []
            for i, row in enumerate(b.rows):
                cells = []
                for j, cell in enumerate(row):
                    align = "left" if j == 0 else "center"
                    inner = esc(cell)
                    if i == 0:
                        inner = f"<span style=\"font-family:{head_fam}\">{inner}</span>"
                    cells.append(f"<td align='{align}'>{inner}</td>")
                rows.append("<tr>" + "".join(cells) + "</tr>")
            out.append(f"<table border='1' cellspacing='0' cellpadding='4' width='100%' "
                       f"style='{brk}border-collapse:collapse; font-size:{size * 14 / 16:.1f}pt'>"
                       + "".join(rows) + "</table>")
    out.append("</body></html>")
    return "".join(out)


def preview_blocks(document: Document, section_errors: dict[str, str]) -> list[PBlock]:
    """compose()'s draft of the report as preview blocks; the first block of a section whose
    wording has an error carries the error (shown above its raw text)."""
    out: list[PBlock] = []
    shown: set[str] = set()
    for b in document.blocks:
        error = ""
        if b.section in section_errors and b.section not in shown:
            error = section_errors[b.section]
            shown.add(b.section)
        out.append(PBlock(b.kind, [(r.text, r.style) for r in b.runs], b.rows,
                          section=b.section or None, error=error))
    return out
