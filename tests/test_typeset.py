"""The Chinese line breaker / justifier (typeset.py) and the font set it draws with (fonts.py).

Bundled fonts only (register_fonts(search_system=False)): runs on machines without Chinese fonts.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont as FTFont
from reportlab.pdfgen import canvas

from yaofu_desktop.report import fonts as fontmod
from yaofu_desktop.report.fonts import (
    BUNDLED,
    ROLES,
    bundled_font_files,
    register_fonts,
)
from yaofu_desktop.report.typeset import (
    BLOCK_WIDTH,
    GRID_TRACKING,
    LINE_PITCH,
    MISSING_MARK,
    NO_END,
    NO_START,
    SQUEEZABLE,
    VIRTUAL_MEASURE,
    ParaStyle,
    Span,
    TypesetParagraph,
)

SAMPLE = Path(__file__).parent / "data" / "yaofu_2025_report.txt"
BODY = ParaStyle(first_indent=32, measure=VIRTUAL_MEASURE, tracking=GRID_TRACKING)
PITCH = BLOCK_WIDTH / 28  # 15.79 pt


@pytest.fixture(scope="module")
def fs():
    return register_fonts(search_system=False)


def lay(fs, spans, style=BODY, width=BLOCK_WIDTH):
    if isinstance(spans, str):
        spans = [Span(spans)]
    return TypesetParagraph(spans, style, fs).layout(width)


def sample_paragraphs() -> list[str]:
    text = SAMPLE.read_text(encoding="utf-8").replace("[bookmark: _GoBack]", "")
    return [ln.strip() for ln in text.splitlines()[4:] if len(ln.strip()) > 30]


# --------------------------------------------------------------------------- fonts


def test_bundled_fonts_are_truetype_and_renamed():
    files = bundled_font_files()
    assert [p.name for p in files] == [f for f, _fam, _ps in BUNDLED.values()]
    for (fname, family, ps) in BUNDLED.values():
        f = FTFont(next(p for p in files if p.name == fname), lazy=True)
        assert "glyf" in f and "CFF " not in f  # reportlab embeds TrueType outlines only
        assert f["name"].getDebugName(1) == family
        assert f["name"].getDebugName(6) == ps
        assert not {"Fandol", "Noto"} & set(f["name"].getDebugName(1).split())
        assert not (f["OS/2"].fsType & 0x0302)  # embedding allowed
        f.close()


def test_register_fonts_bundled_and_idempotent(fs):
    assert set(fs.fonts) == set(ROLES)
    assert all(f.source == "bundled" for f in fs.fonts.values())
    assert register_fonts(search_system=False) is fs  # cached
    for f in fs.fonts.values():
        # GB2312 (6,763 hanzi) + punctuation everywhere, GBK in the 宋 fallback
        assert all(f.has(ch) for ch in "姚伏镇法治政府，。、；：“”（）《》…—０１２ABC123")
    assert len(fs["song"].cmap) > 21000
    assert not fs["fang"].has("堃") and fs["song"].has("堃") and fs["song"].has("喆")
    assert fs.font_for("堃", "fang") is fs["song"]
    assert fs.missing("王堃㛃𠮷𠀀") == ["𠀀"]  # Extension A and B: in Yaofu Song Ext
    assert fs.describe()["fang"] == (fs["fang"].name, "bundled")


def test_system_fonts_matched_by_name_not_file_name(tmp_path, monkeypatch):
    """A font in a searched folder is used when its *internal* name is a candidate."""
    monkeypatch.setenv("YAOFU_NO_FONT_CACHE", "1")
    src = next(p for p in bundled_font_files() if p.name == "YaofuHei.ttf")
    shutil.copy(src, tmp_path / "x1.ttf")  # file name says nothing
    # the same font with embedding forbidden (fsType 2): must be skipped
    f = FTFont(src)
    f["OS/2"].fsType = 0x0002
    f["name"].setName("Restricted Hei", 1, 3, 1, 0x409)
    f.save(tmp_path / "simhei.ttf")
    monkeypatch.setitem(fontmod._CANDIDATE_RANK, "hei",
                        {fontmod._norm("Restricted Hei"): 0, fontmod._norm("Yaofu Hei"): 1})
    found = fontmod._find_system_fonts([tmp_path])
    assert [Path(p).name for p, _i, _fam in found["hei"]] == ["x1.ttf"]
    fset = register_fonts(search_system=True, font_dirs=[tmp_path])
    assert fset["hei"].source == "system" and fset["hei"].path.name == "x1.ttf"
    assert fset["fang"].source == "bundled"
    assert fset.last_resort.source == "bundled"


# --------------------------------------------------------------------------- line breaking


def test_sample_paragraphs_break_and_justify(fs):
    full = 0
    for text in sample_paragraphs():
        lines = lay(fs, text)
        assert "".join(ln.text for ln in lines) == text  # nothing lost or added
        for i, ln in enumerate(lines):
            assert ln.text[0] not in NO_START, ln.text
            assert ln.text[-1] not in NO_END, ln.text
            if not ln.last:
                assert ln.justified
                assert ln.right == pytest.approx(BLOCK_WIDTH, abs=1e-6)  # flush right
            x0 = 2 * PITCH if i == 0 else 0.0
            assert ln.x0 == pytest.approx(x0, abs=1e-6)
            if all(g.width == 16 for g in ln.glyphs) and not ln.last:
                full += 1
                n = 26 if i == 0 else 28
                if ln.squeezed:
                    assert len(ln.glyphs) == n + 1 and ln.text[-1] in SQUEEZABLE
                else:
                    assert len(ln.glyphs) == n, ln.text
        last = lines[-1]
        assert not last.justified or last.squeezed
        if not last.squeezed:
            assert last.tc == pytest.approx(GRID_TRACKING)  # grid pitch, not stretched
    assert full > 60


def test_full_line_is_28_characters_on_the_grid(fs):
    text = "法" * 60
    lines = lay(fs, text, ParaStyle(measure=VIRTUAL_MEASURE, tracking=GRID_TRACKING))
    assert [len(ln.glyphs) for ln in lines] == [28, 28, 4]
    ln = lines[0]
    assert ln.tc == pytest.approx((BLOCK_WIDTH - 448) / 27)
    assert ln.positions()[-1] + 16 == pytest.approx(BLOCK_WIDTH)
    assert lines[-1].positions()[1] == pytest.approx(PITCH)  # last line keeps the grid pitch
    # first-line indent is two grid characters; the first line holds 26
    lines = lay(fs, text)
    assert [len(ln.glyphs) for ln in lines] == [26, 28, 6]
    assert lines[0].x0 == pytest.approx(2 * PITCH)


def test_closing_punctuation_is_squeezed_not_started(fs):
    # 28 characters then a comma: the comma squeezes onto the line (never starts one)
    text = "法" * 28 + "，" + "治" * 10
    lines = lay(fs, text, ParaStyle(measure=VIRTUAL_MEASURE))
    assert lines[0].text == "法" * 28 + "，" and lines[0].squeezed
    assert lines[0].right == pytest.approx(BLOCK_WIDTH)  # the comma's blank half hangs
    assert lines[1].text == "治" * 10


def test_two_closing_marks_push_a_character_down(fs):
    # 。” after a full line cannot both squeeze: the last character goes down with them
    text = "法" * 28 + "。”" + "治" * 10
    lines = lay(fs, text, ParaStyle(measure=VIRTUAL_MEASURE))
    assert lines[0].text == "法" * 27
    assert lines[1].text.startswith("法。”治")
    assert lines[0].right == pytest.approx(BLOCK_WIDTH)


@pytest.mark.parametrize("opening", list("“（《‘「『"))
def test_opening_punctuation_never_ends_a_line(fs, opening):
    text = "法" * 27 + opening + "治理" + "。" + "政" * 30
    lines = lay(fs, text, ParaStyle(measure=VIRTUAL_MEASURE))
    assert lines[0].text == "法" * 27
    assert lines[1].text.startswith(opening + "治理")
    assert lines[0].right == pytest.approx(BLOCK_WIDTH)


@pytest.mark.parametrize("closing", list("，。、；：？！）》”’」』"))
def test_no_closing_mark_starts_a_line(fs, closing):
    for n in (26, 27, 28):
        text = "法" * n + "治" + closing + closing + "政" * 40
        for ln in lay(fs, text, ParaStyle(measure=VIRTUAL_MEASURE)):
            assert ln.text[0] not in NO_START
            assert ln.text[-1] not in NO_END


def test_numbers_and_ellipsis_are_not_split(fs):
    style = ParaStyle(measure=VIRTUAL_MEASURE)
    lines = lay(fs, "法" * 27 + "2025年" + "治" * 30, style)  # "2025" (32 pt) does not fit
    assert lines[0].text == "法" * 27 and lines[1].text.startswith("2025年")
    assert lines[0].right == pytest.approx(BLOCK_WIDTH)
    lines = lay(fs, "法" * 26 + "98.5%" + "治" * 30, style)
    assert lines[1].text.startswith("98.5%")
    lines = lay(fs, "法" * 27 + "……" + "治" * 30, style)  # …… stays together, never starts
    assert [ln.text.count("…") for ln in lines] in ([2, 0, 0], [0, 2, 0])
    assert all(ln.text[0] != "…" for ln in lines)


def test_forced_line_breaks_and_centring(fs):
    lines = lay(fs, [Span("平罗县姚伏镇2025年度法治政府建设\n工作报告", "title", 22)],
                ParaStyle(align="center"))
    assert [ln.text for ln in lines] == ["平罗县姚伏镇2025年度法治政府建设", "工作报告"]
    for ln in lines:
        assert not ln.justified
        assert (ln.x0 + ln.right) / 2 == pytest.approx(BLOCK_WIDTH / 2)


def test_mixed_runs_kai_heading_and_fang_body(fs):
    spans = [Span("（一）统筹谋划与组织领导全面加强。", "kai"), Span("将法治政府建设摆在全镇工作全局的重要位置，" * 3)]
    lines = lay(fs, spans)
    glyphs = [g for ln in lines for g in ln.glyphs]
    assert {g.font for g in glyphs[:17]} == {fs.name("kai")}
    assert {g.font for g in glyphs[17:]} == {fs.name("fang")}
    assert len({round(ln.tc, 9) for ln in lines[:-1]}) >= 1
    xs = lines[0].positions()
    assert xs[17] - xs[16] == pytest.approx(16 + lines[0].tc)  # one even pitch across the switch


def test_fallback_font_and_missing_char_warning(fs):
    p = TypesetParagraph([Span("调解员王堃、李喆与𠀀参与。")], BODY, fs)
    assert p.missing == ["𠀀"]
    glyphs = {g.ch: g for g in p.glyphs}
    assert glyphs["堃"].font == fs.name("song") and glyphs["喆"].font == fs.name("song")
    assert glyphs["王"].font == fs.name("fang")
    assert "𠀀" not in glyphs and glyphs[MISSING_MARK].font == fs.name("fang")  # no empty box
    # a kai run falls back the same way
    p = TypesetParagraph([Span("（一）王堃", "kai")], BODY, fs)
    assert [g.font for g in p.glyphs][-1] == fs.name("song") and p.missing == []


def test_split_across_pages_and_draw(fs):
    text = sample_paragraphs()[1]
    p = TypesetParagraph([Span(text[:17], "kai"), Span(text[17:])], BODY, fs)
    w, h = p.wrap(BLOCK_WIDTH, 1000)
    n = len(p.layout(BLOCK_WIDTH))
    assert h == pytest.approx(n * LINE_PITCH)
    assert p.split(BLOCK_WIDTH, LINE_PITCH * 0.9) == []
    a, b = p.split(BLOCK_WIDTH, LINE_PITCH * 3 + 1)
    assert a.wrap(BLOCK_WIDTH, 1000)[1] == pytest.approx(3 * LINE_PITCH)
    assert b.wrap(BLOCK_WIDTH, 1000)[1] == pytest.approx((n - 3) * LINE_PITCH)
    a_lines, b_lines = a.layout(BLOCK_WIDTH), b.layout(BLOCK_WIDTH)
    assert all(ln.justified for ln in a_lines)  # split lines stay full and justified
    assert "".join(ln.text for ln in a_lines + b_lines) == text  # no stray spaces
    assert b_lines[0].x0 == 0  # the continued part has no indent
    buf = io.BytesIO()
    c = canvas.Canvas(buf, initialFontName=fs.name("fang"))
    for part in (a, b):
        part.wrap(BLOCK_WIDTH, 1000)
        part.drawOn(c, 72, 300)
    c.save()
    assert buf.getvalue().startswith(b"%PDF")


def test_cached_font_equals_parsed_font(tmp_path, monkeypatch):
    """The parsed-font cache gives reportlab exactly what parsing the file gives."""
    import platformdirs
    from reportlab.pdfbase.ttfonts import TTFont

    from yaofu_desktop.resources import resource_path

    monkeypatch.delenv("YAOFU_NO_FONT_CACHE", raising=False)
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda *a, **k: str(tmp_path / "cache"))
    path = resource_path("fonts", "YaofuKai.ttf")
    first = fontmod.load_ttfont("t1", path)  # parses and writes the cache
    assert fontmod._face_cache_path(path, 0).is_file()
    cached = fontmod.load_ttfont("t2", path)  # from the cache
    parsed = TTFont("t3", str(path))
    skip = ("_ttf_data", "_pdfScale")
    want = {k: v for k, v in parsed.face.__dict__.items() if k not in skip}
    assert {k: v for k, v in cached.face.__dict__.items() if k not in skip} == want
    assert {k: v for k, v in first.face.__dict__.items() if k not in skip} == want
    assert cached.face._ttf_data == parsed.face._ttf_data
    assert cached.face._pdfScale(500) == parsed.face._pdfScale(500)
    assert set(vars(cached)) == set(vars(parsed))
    assert cached.shapable == parsed.shapable and cached._asciiReadable == parsed._asciiReadable
    assert cached.stringWidth("法治台账，", 16) == parsed.stringWidth("法治台账，", 16)
    # a damaged cache file is ignored, not trusted
    fontmod._face_cache_path(path, 0).write_bytes(b"\x00garbage")
    again = fontmod.load_ttfont("t4", path)
    assert {k: v for k, v in again.face.__dict__.items() if k not in skip} == want
