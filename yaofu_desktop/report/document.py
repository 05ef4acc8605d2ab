"""The report as a plain document: the one structure both the PDF and the DOCX renderers read.

The composer (compose.py) turns ledgers, figures and wording into a `Document`; the renderers
(pdf.py, docx_writer.py) turn a `Document` into a file. Nothing here knows about reportlab or
python-docx.

Block kinds, in the order they usually appear:

- ``mark``       the issuing government's mark (发文机关标志): 小标宋, red, centred, red rule under it
- ``title``      the report title: 2号小标宋, centred; ``\\n`` in the text is a chosen line break
- ``addressee``  主送机关 line, e.g. "县委、县政府：", flush left, no indent
- ``heading1``   一、… level-1 heading: 黑体, own line, two-character indent
- ``para``       body paragraph: 3号仿宋, two-character first-line indent; its runs may switch
                 style, e.g. a run-in level-2 heading "（一）…。" in 楷体 followed by 仿宋 body
- ``attachment`` 附件说明 under the body: "附件：…", two characters in (GB/T 9704 7.3.4)
- ``signature``  发文机关署名 (government name) at the end
- ``date``       成文日期, right-aligned with four characters of space on the right
- ``pagebreak``  start a new page
- ``appendix_label`` "附件" on the first line of the attachment's page, flush left, 黑体 (GB/T 8)
- ``appendix_title`` the attachment's title, centred, 小标宋, on the third line
- ``table``      appendix table: ``rows`` is a list of rows of cell strings, first row the header
- ``copy_to``    版记: the 抄送 line between two rules at the foot of the last page (GB/T 7.4)
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: 公文红: the red of the issuing body's mark and rule, in every renderer (PDF, DOCX, window)
RED = (0.9, 0.0, 0.0)


def red_hex() -> str:
    """RED as the renderers that take hex write it: "E60000"."""
    return "".join(f"{round(c * 255):02X}" for c in RED)


# Run styles: which official typeface a run is set in.
BODY = "body"  # 仿宋
HEI = "hei"  # 黑体 (level-1 headings)
KAI = "kai"  # 楷体 (level-2 headings)
TITLE = "title"  # 小标宋

BLOCK_KINDS = (
    "mark",
    "title",
    "addressee",
    "heading1",
    "para",
    "attachment",
    "signature",
    "date",
    "pagebreak",
    "appendix_label",
    "appendix_title",
    "table",
    "copy_to",
)


@dataclass
class Run:
    text: str
    style: str = BODY
    item: str = ""  # the wording item it comes from (report/compose.py), for the preview
    source: str = ""  # that item's source: records | clerk | suggestion


@dataclass
class Block:
    kind: str
    runs: list[Run] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # only for kind == "table"
    section: str = ""  # the wording section it came from (for the editor's preview)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @classmethod
    def of(cls, kind: str, text: str, style: str = BODY) -> "Block":
        return cls(kind, [Run(text, style)])


@dataclass
class Document:
    title: str  # plain title, used for PDF/DOCX metadata
    author: str  # issuing government, for metadata
    blocks: list[Block] = field(default_factory=list)

    def add(self, block: Block) -> Block:
        if block.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {block.kind!r}")
        self.blocks.append(block)
        return block

    def plain_text(self) -> str:
        """All text, a block a line (tables a row a line, cells tab-separated)."""
        lines: list[str] = []
        for b in self.blocks:
            if b.kind == "table":
                lines.extend("\t".join(r) for r in b.rows)
            elif b.kind != "pagebreak":
                lines.append(b.text)
        return "\n".join(lines)


def text_width(text: str) -> float:
    """Width in full-width characters, as the official layout counts them: CJK characters and
    full-width forms (and Chinese quotes, dashes, ellipses) 1, digits, Latin letters and the
    like ½. The one rule for titles, signatures, table columns and the preview."""
    return sum(1.0 if (ord(ch) >= 0x2E80 or ch in "“”‘’—…") else 0.5 for ch in text)
