"""The PDF renderer against GB/T 9704-2012, read back with pdfplumber/pypdf.

Uses the bundled fonts only (search_system_fonts=False), so it runs the same on a CI machine
without Chinese system fonts.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from yaofu_desktop.report.document import BODY, KAI, Block, Document, Run
from yaofu_desktop.report.pdf import render_pdf
from yaofu_desktop.report.typeset import NO_END, NO_START, SQUEEZABLE

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "yaofu_2025_report.txt"
MM = 72 / 25.4
A4 = (595.2756, 841.8898)
LEFT, TOP = 28 * MM, 37 * MM
WIDTH, HEIGHT = 156 * MM, 225 * MM
PITCH = HEIGHT / 22
SIGNATURE, DATE = "平罗县姚伏镇人民政府", "2026年1月15日"

_SUB = re.compile(r"^(（[一二三四五六七八九十]+）[^。]*。)(.*)$")
_H1 = re.compile(r"^[一二三四五六七八九十]+、")


def sample_lines() -> list[str]:
    text = SAMPLE.read_text(encoding="utf-8").replace("[bookmark: _GoBack]", "")
    return [ln.strip() for ln in text.splitlines()]


def sample_document() -> Document:
    """tests/data/yaofu_2025_report.txt as a Document: mark, title, headings, paragraphs."""
    lines = sample_lines()
    i = 0
    while not lines[i]:
        i += 1
    mark = lines[i]
    i += 1
    while not lines[i]:
        i += 1
    title = []
    while lines[i]:
        title.append(lines[i])
        i += 1
    doc = Document(title="".join(title), author=mark)
    doc.add(Block.of("mark", mark))
    doc.add(Block.of("title", "\n".join(title)))
    for ln in lines[i:]:
        if not ln:
            continue
        if _H1.match(ln):
            doc.add(Block.of("heading1", ln))
        elif m := _SUB.match(ln):
            doc.add(Block("para", [Run(m.group(1), KAI), Run(m.group(2), BODY)]))
        else:
            doc.add(Block.of("para", ln))
    doc.add(Block.of("signature", SIGNATURE))
    doc.add(Block.of("date", DATE))
    return doc


# --------------------------------------------------------------------------- read-back helpers

def _lines_of(page) -> list[list[dict]]:
    """Text lines of a page (chars grouped by baseline, top to bottom, left to right)."""
    rows: dict[float, list[dict]] = {}
    for c in page.chars:
        rows.setdefault(round(c["matrix"][5], 1), []).append(c)
    return [sorted(rows[y], key=lambda c: c["x0"]) for y in sorted(rows, reverse=True)]


def _baseline_from_top(line) -> float:
    return A4[1] - line[0]["matrix"][5]


def _grid_row(line, pitch: float = PITCH) -> float:
    """Which grid line (0-based) of the text block a text line sits in (its em box is centred)."""
    size = max(c["size"] for c in line)
    cell_top = _baseline_from_top(line) - 0.88 * size - (pitch - size) / 2
    return (cell_top - TOP) / PITCH


def _corrected_right(line: list[dict]) -> float:
    """Right edge of a line as a PDF viewer draws it.

    pdfminer drops the character spacing (Tc) after the last glyph of each text-showing operator;
    reportlab starts a new operator at each change of font subset, so add the lost Tc back.
    """
    same = [b["x0"] - a["x1"] for a, b in zip(line, line[1:]) if a["fontname"] == b["fontname"]]
    tc = statistics.median(same) if same else 0.0
    switches = sum(1 for a, b in zip(line, line[1:]) if a["fontname"] != b["fontname"])
    return line[-1]["x1"] + switches * tc


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf") / "report.pdf"
    result = render_pdf(sample_document(), out, search_system_fonts=False)
    with pdfplumber.open(out) as pdf:
        pages = [
            {"width": p.width, "height": p.height, "lines": _lines_of(p), "chars": p.chars}
            for p in pdf.pages
        ]
        meta = dict(pdf.metadata)
    return result, out, pages, meta


def _block_lines(page) -> list[list[dict]]:
    """Lines inside the text block (drops the page number)."""
    return [ln for ln in page["lines"] if _baseline_from_top(ln) < TOP + HEIGHT]


def _page_number_line(page) -> list[dict]:
    below = [ln for ln in page["lines"] if _baseline_from_top(ln) > TOP + HEIGHT]
    assert len(below) == 1, "exactly one line (the page number) under the text block"
    return below[0]


# --------------------------------------------------------------------------- tests

def test_result_and_file(rendered):
    result, out, pages, _meta = rendered
    assert out.is_file()
    assert result.pages == len(pages) == len(PdfReader(out).pages)
    assert 5 <= result.pages <= 7  # 2,977 characters at 616 a page
    assert result.missing_chars == []
    assert set(result.fonts) == {"fang", "kai", "hei", "title", "song"}
    assert all(src == "bundled" for _name, src in result.fonts.values())
    assert not [p for p in out.parent.iterdir() if p.name != out.name], "temp file left behind"
    assert result.render_seconds < 2.0


def test_page_size_is_a4(rendered):
    _r, _out, pages, _m = rendered
    for p in pages:
        assert p["width"] == pytest.approx(A4[0], abs=0.5)
        assert p["height"] == pytest.approx(A4[1], abs=0.5)


def test_metadata(rendered):
    _r, _out, _pages, meta = rendered
    assert meta["Title"] == "平罗县姚伏镇2025年度法治政府建设工作报告"
    assert meta["Author"] == "平罗县姚伏镇人民政府"


def test_text_block_position(rendered):
    _r, _out, pages, _m = rendered
    for p in pages:
        lines = _block_lines(p)
        lefts = [ln[0]["x0"] for ln in lines]
        assert min(lefts) == pytest.approx(LEFT, abs=0.3)
        for ln in lines:
            right = _corrected_right(ln)
            if ln[-1]["text"] in SQUEEZABLE:  # a squeezed mark's blank right half may hang
                assert right <= LEFT + WIDTH + 8 + 0.3
            else:
                assert right <= LEFT + WIDTH + 0.3
        # every line sits in a grid line of the 22-line grid (em box centred in it)
        for ln in lines:
            if round(ln[0]["size"]) != 26:  # the mark spans two grid lines
                row = _grid_row(ln)
                assert row == pytest.approx(round(row), abs=0.01)
                assert 0 <= round(row) < 22
    mark = _block_lines(pages[0])[0]
    assert _grid_row(mark, 2 * PITCH) == pytest.approx(0, abs=0.01)  # top of the block
    # page 2 is body text from the top: em box centred in the first grid line under 37 mm
    first = _block_lines(pages[1])[0]
    assert _baseline_from_top(first) - 0.88 * 16 == pytest.approx(TOP + (PITCH - 16) / 2, abs=0.3)


def test_font_sizes(rendered):
    _r, _out, pages, _m = rendered
    chars = [c for p in pages for c in p["chars"]]
    by_font: dict[str, set[float]] = {}
    for c in chars:
        by_font.setdefault(c["fontname"].split("+", 1)[1], set()).add(round(c["size"], 1))
    assert by_font["YaofuFang-Regular"] == {16.0}
    assert by_font["YaofuKai-Regular"] == {16.0}
    assert by_font["YaofuHei-Regular"] == {16.0}
    assert by_font["YaofuSong-Regular"] == {14.0}  # page numbers
    assert 22.0 in by_font["YaofuTitle-Bold"]  # title (the red mark is larger)
    title = [c for c in pages[0]["chars"] if c["text"] == "作" and round(c["size"]) == 22]
    assert title, "title set in 22 pt 小标宋"


def test_first_page_head(rendered):
    _r, _out, pages, _m = rendered
    lines = _block_lines(pages[0])
    text = ["".join(c["text"] for c in ln) for ln in lines]
    assert text[0] == "平罗县姚伏镇人民政府"
    assert text[1:3] == ["平罗县姚伏镇2025年度法治政府建设", "工作报告"]
    mark = lines[0]
    assert all(c["non_stroking_color"] in ((0.9, 0, 0), [0.9, 0, 0]) for c in mark)
    for ln in lines[1:3]:  # title centred
        centre = (ln[0]["x0"] + ln[-1]["x1"]) / 2
        assert centre == pytest.approx(LEFT + WIDTH / 2, abs=1.0)
    # the body starts on the grid: mark 2 lines + 2 empty (GB/T 9704 7.3.1: the title 空二行
    # under the red rule), title 2 lines + 1 empty
    assert [round(_grid_row(ln)) for ln in lines[1:4]] == [4, 5, 7]
    body0 = lines[3]
    assert body0[0]["x0"] == pytest.approx(LEFT + 2 * WIDTH / 28, abs=0.3)  # 2-character indent


def test_22_lines_per_full_page(rendered):
    _r, _out, pages, _m = rendered
    for n, p in enumerate(pages[:-1]):  # every page but the last is full
        lines = _block_lines(p)
        if n > 0:
            assert len(lines) == 22
        else:  # mark (2 lines) + 2 empty + title (2) + empty + 15 lines of body
            assert len(lines) == 22 - 4
        assert round(_grid_row(lines[-1])) == 21  # the last grid line is used
        baselines = [_baseline_from_top(ln) for ln in lines if round(ln[0]["size"]) == 16]
        for a, b in zip(baselines, baselines[1:]):
            assert b - a == pytest.approx(PITCH, abs=0.05)


def test_full_lines_28_characters_justified(rendered):
    _r, _out, pages, _m = rendered
    full = 0
    for p in pages:
        for ln in _block_lines(p):
            right = _corrected_right(ln)
            text = "".join(c["text"] for c in ln)
            wide = all(abs(c["x1"] - c["x0"] - 16) < 0.01 for c in ln)
            starts_at_margin = abs(ln[0]["x0"] - LEFT) < 0.3
            if not (wide and starts_at_margin and right > LEFT + WIDTH - 8):
                continue
            full += 1
            if text[-1] in SQUEEZABLE and len(text) == 29:  # squeezed closing mark
                assert right - 8 == pytest.approx(LEFT + WIDTH, abs=0.3), text
            else:
                assert len(text) == 28, text
                assert right == pytest.approx(LEFT + WIDTH, abs=0.3), text
    assert full >= 40


def test_no_line_starts_or_ends_with_forbidden_punctuation(rendered):
    _r, _out, pages, _m = rendered
    for p in pages:
        for ln in _block_lines(p):
            text = "".join(c["text"] for c in ln)
            assert text[0] not in NO_START, text
            assert text[-1] not in NO_END, text


def test_page_numbers(rendered):
    _r, _out, pages, _m = rendered
    for n, p in enumerate(pages, start=1):
        ln = _page_number_line(p)
        assert "".join(c["text"] for c in ln).replace(" ", "") == f"—{n}—"
        assert all(round(c["size"]) == 14 for c in ln)
        em_top = _baseline_from_top(ln) - 0.88 * 14
        assert em_top == pytest.approx(TOP + HEIGHT + 7 * MM, abs=0.5)
        if n % 2:  # odd: right, one character in
            assert ln[-1]["x1"] == pytest.approx(LEFT + WIDTH - 14, abs=0.5)
        else:  # even: left, one character in
            assert ln[0]["x0"] == pytest.approx(LEFT + 14, abs=0.5)


def test_signature_and_date(rendered):
    _r, _out, pages, _m = rendered
    lines = _block_lines(pages[-1])
    texts = ["".join(c["text"] for c in ln) for ln in lines]
    assert texts[-2:] == [SIGNATURE, DATE]
    sig, date = lines[-2], lines[-1]
    date_right = _corrected_right(date)
    assert date_right == pytest.approx(LEFT + WIDTH - 4 * WIDTH / 28, abs=0.3)  # 4 chars space
    sig_c = (sig[0]["x0"] + _corrected_right(sig)) / 2
    date_c = (date[0]["x0"] + date_right) / 2
    assert sig_c == pytest.approx(date_c, abs=0.5)  # signature centred over the date
    assert round(_grid_row(sig) - _grid_row(lines[-3])) == 2  # one empty line above it
    assert round(_grid_row(date) - _grid_row(sig)) == 1


def test_all_fonts_embedded(rendered):
    _r, out, _pages, _m = rendered
    reader = PdfReader(out)
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            f = ref.get_object()
            name = str(f["/BaseFont"])
            seen.add(name.split("+", 1)[-1])
            assert "Helvetica" not in name
            assert f["/Subtype"] == "/TrueType", name
            desc = f["/FontDescriptor"].get_object()
            assert "/FontFile2" in desc, f"{name} not embedded"
    assert {"YaofuFang-Regular", "YaofuKai-Regular", "YaofuHei-Regular", "YaofuTitle-Bold",
            "YaofuSong-Regular"} <= seen
    raw = out.read_bytes()
    assert b"Helvetica" not in raw


def test_text_round_trips(rendered):
    _r, _out, pages, _m = rendered
    text = "".join(c["text"] for p in pages for ln in _block_lines(p) for c in ln)
    text = re.sub(r"\s", "", text)
    for ln in sample_lines():
        for sentence in re.split(r"(?<=[。：；])", ln):
            sentence = re.sub(r"\s", "", sentence)
            if sentence:
                assert sentence in text
    assert "[bookmark" not in text
    assert SIGNATURE + DATE in text


def test_kai_run_in_heading(rendered):
    _r, _out, pages, _m = rendered
    chars = [c for p in pages for ln in _block_lines(p) for c in ln]
    text = "".join(c["text"] for c in chars)
    i = text.index("（一）统筹谋划与组织领导全面加强。")
    run = chars[i:i + len("（一）统筹谋划与组织领导全面加强。")]
    assert {c["fontname"].split("+")[1] for c in run} == {"YaofuKai-Regular"}
    assert chars[i + len("（一）统筹谋划与组织领导全面加强。")]["fontname"].endswith("YaofuFang-Regular")
    h = text.index("一、工作主要举措和成效")
    assert chars[h]["fontname"].endswith("YaofuHei-Regular")


def test_table_pagebreak_and_missing_chars(tmp_path):
    doc = Document(title="附件", author="平罗县姚伏镇人民政府")
    doc.add(Block.of("title", "附件"))
    doc.add(Block.of("addressee", "县委、县政府："))
    doc.add(Block.of("para", "调解员王堃、李喆参与调解，另有𠀀字无字形。"))
    doc.add(Block.of("pagebreak", ""))
    rows = [["序号", "项目", "数量"]] + [[str(i), f"矛盾纠纷调解（第{i}类）", f"{i * 3}件"]
                                       for i in range(1, 41)]
    doc.add(Block("table", rows=rows))
    out = tmp_path / "t.pdf"
    result = render_pdf(doc, out, search_system_fonts=False)
    assert result.missing_chars == ["𠀀"]
    assert result.pages >= 3  # page break + a 41-row table that splits
    with pdfplumber.open(out) as pdf:
        p1 = pdf.pages[0]
        text = p1.extract_text().replace(" ", "").replace("\n", "")
        assert "县委、县政府：" in text and "王堃" in text and "〓" in text and "𠀀" not in text
        kun = [c for c in p1.chars if c["text"] == "堃"]
        assert kun and kun[0]["fontname"].endswith("YaofuSong-Regular")  # per-character fallback
        addressee = [ln for ln in _lines_of(p1) if "县委" in "".join(c["text"] for c in ln)][0]
        assert addressee[0]["x0"] == pytest.approx(LEFT, abs=0.3)  # flush left
        t2 = pdf.pages[1].extract_text()
        assert "序号" in t2 and "矛盾纠纷调解（第1类）" in t2.replace(" ", "")
        assert pdf.pages[2].extract_text().replace(" ", "").startswith("序号")  # header repeats
        assert pdf.pages[1].rects or pdf.pages[1].lines  # ruled


# --------------------------------------------------------------------------- the closing lines

def _closing_document(n_paras: int, last_chars: int) -> Document:
    """mark, title, addressee, `n_paras` one-line paragraphs, then one of `last_chars`."""
    doc = Document(title="t", author=SIGNATURE)
    doc.add(Block.of("mark", SIGNATURE))
    doc.add(Block.of("title", "平罗县姚伏镇2025年度法治政府建设\n工作报告"))
    doc.add(Block.of("addressee", "县委、县政府："))
    for i in range(n_paras):
        doc.add(Block.of("para", f"第{i + 1}段，一行就够。"))
    doc.add(Block.of("para", "末段" * (last_chars // 2)))
    doc.add(Block.of("signature", SIGNATURE))
    doc.add(Block.of("date", DATE))
    return doc


def _page_texts(path) -> list[list[str]]:
    with pdfplumber.open(path) as pdf:
        pages = [{"lines": _lines_of(p)} for p in pdf.pages]
    return [["".join(c["text"] for c in ln) for ln in _block_lines(p)] for p in pages]


def test_fit_helpers_tolerate_float_error():
    from yaofu_desktop.report.typeset import LINE_PITCH, fits, fitted_height, lines_that_fit

    short = 4 * LINE_PITCH - 1e-7  # what 18 lines taken off a page leave
    assert lines_that_fit(short) == 4 and fits(short, 4 * LINE_PITCH)
    assert fitted_height(4 * LINE_PITCH, short) == short
    assert lines_that_fit(4 * LINE_PITCH - 0.5) == 3 and not fits(4 * LINE_PITCH - 0.5, 4 * LINE_PITCH)


@pytest.mark.parametrize("n_paras", range(6, 30))
def test_signature_never_stands_alone(tmp_path, n_paras):
    """Walk the closing over the page boundaries with a last paragraph of three lines."""
    out = tmp_path / "c.pdf"
    render_pdf(_closing_document(n_paras, 80), out, search_system_fonts=False)
    pages = _page_texts(out)
    last = pages[-1]
    assert last[-2:] == [SIGNATURE, DATE]
    body = [t for t in last[:-2] if t.startswith(("末段", "第"))]
    assert len(body) >= 2, pages  # at least the last two lines of the last paragraph come along
    # one page exactly when everything fits: head 8 lines (mark 2, 2 empty, title 2, empty,
    # addressee), the paragraphs, the last paragraph's 3 and the closing's 3 (empty, signature,
    # date)
    assert (len(pages) == 1) == (8 + n_paras + 3 + 3 <= 22), pages


def test_closing_on_the_last_free_lines(tmp_path):
    """Exactly the lines the closing needs are left (a hair less in floating point): it stays;
    one line fewer and the last two lines of the paragraph go over with it."""
    # page 1: head 7 lines (mark 2, 2 empty, title 2, empty) + addressee 1 + 8 paragraphs
    # + 3 lines of the last one = 19; the closing's 3 lines (empty, signature, date) make 22
    out = tmp_path / "c.pdf"
    render_pdf(_closing_document(8, 80), out, search_system_fonts=False)
    pages = _page_texts(out)
    assert len(pages) == 1, pages
    assert pages[0][-2:] == [SIGNATURE, DATE]
    render_pdf(_closing_document(9, 80), out, search_system_fonts=False)
    pages = _page_texts(out)
    assert len(pages) == 2 and pages[1][0].startswith("末段") and len(pages[1]) == 4, pages


def test_a_long_signature_stays_on_one_line(tmp_path):
    long_name = "察哈尔右翼后旗白音察干镇人民政府"
    doc = Document(title="t", author=long_name)
    doc.add(Block.of("para", "正文。"))
    doc.add(Block.of("signature", long_name))
    doc.add(Block.of("date", DATE))
    out = tmp_path / "s.pdf"
    render_pdf(doc, out, search_system_fonts=False)
    with pdfplumber.open(out) as pdf:
        lines = _block_lines({"lines": _lines_of(pdf.pages[0])})
    texts = ["".join(c["text"] for c in ln) for ln in lines]
    assert texts[-2:] == [long_name, DATE]
    assert _corrected_right(lines[-2]) <= LEFT + WIDTH - 2 * WIDTH / 28 + 0.3  # two characters in


@pytest.mark.parametrize("county, township", [("察哈尔右翼后旗", "白音察干镇"),
                                              ("博尔塔拉蒙古自治州温泉县", "哈日布呼镇"),
                                              ("黔东南苗族侗族自治州三都水族自治县", "九阡镇")])
def test_long_titles_set_as_composed(tmp_path, county, township):
    from yaofu_desktop.report.compose import title_lines, title_words

    title = title_lines(title_words({"county": county, "township": township}, 2025))
    doc = Document(title=title.replace("\n", ""), author="x")
    doc.add(Block.of("title", title))
    out = tmp_path / "t.pdf"
    render_pdf(doc, out, search_system_fonts=False)
    with pdfplumber.open(out) as pdf:
        lines = _block_lines({"lines": _lines_of(pdf.pages[0])})
    assert ["".join(c["text"] for c in ln) for ln in lines] == title.split("\n")
    for ln in lines:
        assert ln[0]["x0"] >= LEFT - 0.3 and _corrected_right(ln) <= LEFT + WIDTH + 0.3
        centre = (ln[0]["x0"] + ln[-1]["x1"]) / 2
        assert centre == pytest.approx(LEFT + WIDTH / 2, abs=1.0)


def test_recorded_layout_is_the_pdfs(rendered):
    """report.layout records what the PDF draws: the same pages, lines, positions and rules."""
    from yaofu_desktop.report.layout import RuleItem, TextItem, lay_out

    _r, _out, pages, _m = rendered
    laid = lay_out(sample_document(), search_system_fonts=False)
    assert len(laid) == len(pages)
    for pdf_page, page in zip(pages, laid):
        pdf_lines = {("".join(c["text"] for c in ln).replace(" ", ""),
                      round(ln[0]["x0"], 1), round(_baseline_from_top(ln), 1)) for ln in pdf_page["lines"]}
        rows: dict[float, list[TextItem]] = {}
        for it in page.items:
            if isinstance(it, TextItem):
                rows.setdefault(round(it.y, 1), []).append(it)
        ours = set()
        for y, items in rows.items():
            glyphs = sorted(g for it in items for g in it.glyphs)
            ours.add(("".join(ch for _x, ch in glyphs).replace(" ", ""), round(glyphs[0][0], 1), y))
        assert ours == pdf_lines
    rules = [it for it in laid[0].items if isinstance(it, RuleItem)]
    assert rules and rules[0].color == (0.9, 0.0, 0.0)  # the red rule
    assert rules[0].x2 - rules[0].x1 == pytest.approx(WIDTH, abs=0.1)
