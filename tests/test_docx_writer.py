"""The .docx renderer: page setup, styles, East-Asian fonts, page numbers, atomic writing."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from yaofu_desktop.errors import UserError
from yaofu_desktop.report import docx_writer
from yaofu_desktop.report.document import BODY, KAI, Block, Document, Run
from yaofu_desktop.report.docx_writer import render_docx

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "yaofu_2025_report.txt"
TITLE = "平罗县姚伏镇2025年度法治政府建设\n工作报告"
GOVERNMENT = "平罗县姚伏镇人民政府"
DATE = "2026年1月15日"
TABLE_ROWS = [
    ["指标", "数值", "单位"],
    ["镇党委理论中心组学法", "14", "次"],
    ["调解成功率", "98.5", "%"],
]

_HEADING1 = re.compile(r"^[一二三四五六七八九十]+、")
_RUN_IN = re.compile(r"^（[一二三四五六七八九十]+）[^。]*。")


def sample_document(with_table: bool = True) -> Document:
    """The sample report as a Document, as the composer would build it."""
    lines = [ln.replace("[bookmark: _GoBack]", "").strip()
             for ln in SAMPLE.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln]
    doc = Document(title=TITLE.replace("\n", ""), author=GOVERNMENT)
    doc.add(Block.of("mark", lines[0]))
    doc.add(Block.of("title", TITLE))
    # lines[1:3] are the two title lines
    assert "".join(lines[1:3]) == TITLE.replace("\n", "")
    for ln in lines[3:]:
        if _HEADING1.match(ln):
            doc.add(Block.of("heading1", ln))
            continue
        m = _RUN_IN.match(ln)
        if m:
            doc.add(Block("para", [Run(m.group(0), KAI), Run(ln[m.end():], BODY)]))
        else:
            doc.add(Block.of("para", ln))
    doc.add(Block.of("signature", GOVERNMENT))
    doc.add(Block.of("date", DATE))
    if with_table:
        doc.add(Block("pagebreak"))
        doc.add(Block.of("heading1", "附表：主要数据"))
        doc.add(Block("table", rows=[list(r) for r in TABLE_ROWS]))
    return doc


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    doc = sample_document()
    out = tmp_path_factory.mktemp("docx") / "报告.docx"
    render_docx(doc, out)
    return doc, docx.Document(str(out)), out


def _east_asia(el) -> str | None:
    rpr = el.find(qn("w:rPr"))
    if rpr is None:
        return None
    rf = rpr.find(qn("w:rFonts"))
    return None if rf is None else rf.get(qn("w:eastAsia"))


def _style_east_asia(style) -> str | None:
    return _east_asia(style.element)


def test_page_setup(rendered):
    _, d, _ = rendered
    s = d.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.1)
    assert abs(s.page_height - Mm(297)) < Mm(0.1)
    for got, mm in ((s.top_margin, 37), (s.bottom_margin, 35), (s.left_margin, 28),
                    (s.right_margin, 26)):
        assert abs(got - Mm(mm)) < Mm(0.1), (got.mm, mm)
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"  # a character grid gives 14 a line in LibreOffice
    assert grid.get(qn("w:linePitch")) == "579"
    assert grid.get(qn("w:charSpace")) is None
    # 28 characters set 0.25 pt closer fit the 156 mm line, 29 do not
    rpr = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert rpr.find(qn("w:spacing")).get(qn("w:val")) == "-5"
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == "32"  # the default size is 3号
    cell = 16 - 0.25
    assert 28 * cell <= 156 * 72 / 25.4 < 29 * cell


def test_text_in_order(rendered):
    doc, d, _ = rendered
    expected = [b.text for b in doc.blocks if b.kind not in ("pagebreak", "table")]
    got = [p.text for p in d.paragraphs if p.text]
    assert got == expected
    assert got[1] == TITLE  # the title's chosen line break is a w:br
    assert "[bookmark" not in "".join(got)


def test_styles_and_fonts(rendered):
    doc, d, _ = rendered
    styles = d.styles
    want = {
        "公文正文": ("仿宋_GB2312", 16),
        "一级标题": ("黑体", 16),
        "公文标题": ("方正小标宋简体", 22),
        "发文机关标志": ("方正小标宋简体", None),
        "落款": ("仿宋_GB2312", 16),
        "成文日期": ("仿宋_GB2312", 16),
    }
    for name, (face, size) in want.items():
        st = styles[name]
        assert _style_east_asia(st) == face, name
        if size:
            assert st.font.size == Pt(size), name
    assert _style_east_asia(styles["二级标题"]) == "楷体_GB2312"
    body = styles["公文正文"].paragraph_format
    assert body.line_spacing == Pt(28.95)
    ind = styles["公文正文"].element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200" and ind.get(qn("w:firstLine")) == "640"

    by_style = {}
    for p in d.paragraphs:
        by_style.setdefault(p.style.name, []).append(p)
    assert [p.text for p in by_style["发文机关标志"]] == [GOVERNMENT]
    assert [p.text for p in by_style["公文标题"]] == [TITLE]
    assert len(by_style["一级标题"]) == 4  # 一、二、三、 and the appendix heading
    assert [p.text for p in by_style["落款"]] == [GOVERNMENT]
    assert [p.text for p in by_style["成文日期"]] == [DATE]

    # every run names its East-Asian face (and the same face for digits/Latin)
    faces = set()
    for p in d.paragraphs:
        for r in p.runs:
            ea = _east_asia(r._r)
            assert ea, (p.text[:20], r.text)
            rf = r._r.rPr.find(qn("w:rFonts"))
            assert rf.get(qn("w:ascii")) == rf.get(qn("w:hAnsi")) == ea
            faces.add(ea)
    assert {"仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"} <= faces

    title_runs = by_style["公文标题"][0].runs
    assert {r.font.size for r in title_runs} == {Pt(22)}
    assert {_east_asia(r._r) for r in title_runs} == {"方正小标宋简体"}
    for p in by_style["一级标题"]:
        assert {_east_asia(r._r) for r in p.runs} == {"黑体"}

    # a run-in level-2 heading: 楷体 then 仿宋, both 16 pt
    first = next(p for p in by_style["公文正文"] if p.text.startswith("（一）统筹谋划"))
    assert first.runs[0].text == "（一）统筹谋划与组织领导全面加强。"
    assert _east_asia(first.runs[0]._r) == "楷体_GB2312"
    assert first.runs[0].style.name == "二级标题"
    assert _east_asia(first.runs[1]._r) == "仿宋_GB2312"
    assert {r.font.size for r in first.runs} == {Pt(16)}

    # the mark: red, centred, with a red rule under it
    mark = by_style["发文机关标志"][0]
    assert all(str(r.font.color.rgb) == "E60000" for r in mark.runs)  # the PDF's red
    bottom = styles["发文机关标志"].element.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "E60000" and bottom.get(qn("w:val")) == "single"

    # the date sits four characters in from the right
    ind = styles["成文日期"].element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:rightChars")) == "400"


def test_page_numbers(rendered):
    _, d, _ = rendered
    assert d.settings.odd_and_even_pages_header_footer
    s = d.sections[0]
    odd, even = s.footer, s.even_page_footer
    assert not odd.is_linked_to_previous and not even.is_linked_to_previous
    for footer, align in ((odd, WD_ALIGN_PARAGRAPH.RIGHT), (even, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        instr = "".join(t.text for t in p._p.iter(qn("w:instrText")))
        assert instr.strip() == "PAGE"
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert p.alignment == align
        rf = p.runs[0]._r.rPr.find(qn("w:rFonts"))
        assert rf.get(qn("w:eastAsia")) == "宋体"
        assert p.runs[0].font.size == Pt(14)


def test_table_block(rendered):
    _, d, _ = rendered
    assert len(d.tables) == 1
    t = d.tables[0]
    assert [[c.text for c in row.cells] for row in t.rows] == TABLE_ROWS
    borders = t._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"single"}
    # the appendix starts on a new page
    heading = next(p for p in d.paragraphs if p.text.startswith("附表"))
    assert heading.paragraph_format.page_break_before


def test_core_properties(rendered):
    doc, d, _ = rendered
    assert d.core_properties.title == doc.title == "平罗县姚伏镇2025年度法治政府建设工作报告"
    assert d.core_properties.author == GOVERNMENT


def test_no_temp_file_left(tmp_path):
    out = tmp_path / "report.docx"
    render_docx(sample_document(with_table=False), out)
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]
    assert docx.Document(str(out)).paragraphs[0].text == GOVERNMENT


def test_failed_render_keeps_existing_file(tmp_path, monkeypatch):
    out = tmp_path / "report.docx"
    out.write_bytes(b"old contents")

    real_save = docx.document.Document.save

    def broken_save(self, fh):
        real_save(self, fh)  # a full file written to the temp file ...
        raise OSError("disk full")  # ... then the write fails

    monkeypatch.setattr(docx.document.Document, "save", broken_save)
    with pytest.raises(UserError, match="无法保存.*disk full"):  # a message for the clerk
        render_docx(sample_document(), out)
    assert out.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]


def test_failed_build_writes_nothing(tmp_path, monkeypatch):
    out = tmp_path / "report.docx"
    out.write_bytes(b"old contents")

    def boom(*a, **k):
        raise RuntimeError("mid-way")

    monkeypatch.setattr(docx_writer, "_add_table", boom)
    with pytest.raises(RuntimeError):
        render_docx(sample_document(), out)
    assert out.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]


def test_unknown_run_style_is_an_error(tmp_path):
    doc = Document("t", "a", [Block("para", [Run("x", "bold")])])
    with pytest.raises(ValueError):
        render_docx(doc, tmp_path / "x.docx")
    assert list(tmp_path.iterdir()) == []


def test_edge_cases(tmp_path):
    # an empty document, a table right after a page break, an addressee line, a closing table
    out = tmp_path / "empty.docx"
    render_docx(Document("空", "某镇"), out)
    assert [p.text for p in docx.Document(str(out)).paragraphs] == [""]

    doc = Document("t", "某镇")
    doc.add(Block.of("addressee", "县委、县政府："))
    doc.add(Block("pagebreak"))
    doc.add(Block("table", rows=[["项目", "数量"], ["宣讲\n（场次）", "25"], ["短行"]]))
    doc.add(Block("pagebreak"))  # a trailing break adds no empty page
    out = tmp_path / "t.docx"
    render_docx(doc, out)
    d = docx.Document(str(out))
    addr = d.paragraphs[0]
    assert addr.style.name == "主送机关" and addr.text == "县委、县政府："
    assert addr.paragraph_format.first_line_indent in (None, 0)
    assert d.paragraphs[1].paragraph_format.page_break_before  # the table starts a new page
    t = d.tables[0]
    assert [[c.text for c in r.cells] for r in t.rows] == [
        ["项目", "数量"], ["宣讲\n（场次）", "25"], ["短行", ""]]
    widths = [c.width for c in t.rows[0].cells]
    assert sum(widths) == pytest.approx(Mm(156), abs=Mm(0.2))
    assert d.element.body[-2].tag == qn("w:p")  # the body ends with a paragraph, not a table
    assert not any(p.paragraph_format.page_break_before for p in d.paragraphs[2:])


# -- the file as LibreOffice lays it out ---------------------------------------------------------

FONTS_CONF = """<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{fonts}</dir><cachedir>{cache}</cachedir>
{aliases}</fontconfig>"""
_ALIASES = {"仿宋_GB2312": "Yaofu Fang", "楷体_GB2312": "Yaofu Kai", "黑体": "Yaofu Hei",
            "方正小标宋简体": "Yaofu Title", "宋体": "Yaofu Song"}


def _libreoffice_pdf(docx_path, tmp_path):
    """The .docx converted by LibreOffice with the bundled fonts standing in for the official
    ones (a private fontconfig: nothing is installed)."""
    import os
    import shutil
    import subprocess

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        pytest.skip("LibreOffice is not installed")
    from yaofu_desktop.resources import resource_path

    conf = tmp_path / "fonts.conf"
    aliases = "".join(f'<alias binding="same"><family>{a}</family><prefer><family>{b}</family>'
                      f"</prefer></alias>" for a, b in _ALIASES.items())
    conf.write_text(FONTS_CONF.format(fonts=resource_path("fonts"), cache=tmp_path / "fc",
                                      aliases=aliases), encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    out = tmp_path / "lo"
    subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx_path)],
                   env=env, capture_output=True, timeout=240, check=False)
    pdf = out / (docx_path.stem + ".pdf")
    if not pdf.exists():
        pytest.skip("LibreOffice did not convert the file")
    return pdf


def test_libreoffice_sets_28_characters_and_22_lines(tmp_path, demo_template):
    import collections

    import pdfplumber

    from yaofu_desktop.report.compose import compose
    from yaofu_desktop.report.docx_writer import render_docx
    from yaofu_desktop.store import Store

    with Store.open(demo_template, readonly=True) as store:
        doc = compose(store, 2025).document
    path = tmp_path / "r.docx"
    render_docx(doc, path)
    pdf_path = _libreoffice_pdf(path, tmp_path)
    mm = 72 / 25.4
    block_bottom, block_right = (37 + 225) * mm, (28 + 156) * mm
    full, per_page = [], []
    with pdfplumber.open(pdf_path) as pdf:
        pages = pdf.pages
        assert len(pages) == 6  # as the PDF (616 characters a page)
        for n, page in enumerate(pages, start=1):
            rows = collections.defaultdict(list)
            for c in page.chars:
                rows[round(page.height - c["matrix"][5], 1)].append(c)
            body = [y for y in rows if y < block_bottom]
            per_page.append(len(body))
            for y in body:
                line = sorted(rows[y], key=lambda c: c["x0"])
                if round(line[0]["size"]) == 16 and line[-1]["x1"] > block_right - 8:
                    full.append(sum(1.0 if c["x1"] - c["x0"] > 10 else 0.5 for c in line))
            (foot,) = [y for y in rows if y > block_bottom]
            em_top = foot - 0.88 * 14
            assert (em_top - block_bottom) / mm == pytest.approx(7.0, abs=0.5)  # 7 mm under
    assert max(per_page) == 22
    assert len(full) > 80 and collections.Counter(full).most_common(1)[0][0] == 28
    # punctuation compression (w:characterSpacingControl) lets a line take one more at most
    assert max(full) <= 29 and sum(n > 28 for n in full) <= len(full) // 10, full
