"""Every character a name may hold (GB 18030-2022: beyond GB2312 and GBK, Extension A 㛃 and
Extension B 𠮷) is drawn, in the window, the PDF and the DOCX, in the face of the text around it,
from the bundled fonts alone (a machine without Chinese system fonts, as CI is)."""

from __future__ import annotations

import io
import zipfile

import pdfplumber
from fontTools.ttLib import TTFont as FTFont
from lxml import etree

from yaofu_desktop.report.document import Block, Document
from yaofu_desktop.resources import BUNDLED_FONTS, resource_path

# the list: Extension A, Extension B, and characters of names outside GB2312
RARE = "㛃𠮷喆堃赟犇昇镕珺淼燚垚"
# more of the kind, from each block a name may draw on: GBK beyond GB2312, Extension A (first and
# last), Extension B (𠀾 U+2003E, 𪚥 U+2A6A5), the 通用规范汉字表's characters beyond the BMP (𬌗 U+2C317,
# 𬭚 U+2CB5A, 𫖮 U+2B5AE) and the URO past GBK (U+9FA6 鿦)
MORE = "琇玥琤祎颙鋆㐀䶵𠀾𬌗𬭚𫖮鿦"
NAMES = "张㛃、王𠮷、李喆、赵堃、钱赟、孙犇、周昇、吴镕、郑珺、冯淼、陈燚、褚垚、" + "、".join("刘" + c for c in MORE)


def _cmap(file: str) -> set[int]:
    return set(FTFont(resource_path("fonts", file)).getBestCmap())


def test_bundled_fonts_hold_every_name_character():
    hei = _cmap("YaofuHei.ttf") | _cmap("YaofuHeiExt.ttf")
    serif = _cmap("YaofuSong.ttf") | _cmap("YaofuSongExt.ttf")
    for ch in RARE + MORE:
        assert ord(ch) in hei, f"sans lacks {ch} U+{ord(ch):04X}"
        assert ord(ch) in serif, f"serif lacks {ch} U+{ord(ch):04X}"
    ext_a = range(0x3400, 0x4DB6)
    assert all(cp in hei and cp in serif for cp in ext_a)  # Extension A complete
    for file, _family, _ps in BUNDLED_FONTS.values():
        assert resource_path("fonts", file).is_file()


def test_pdf_draws_every_name_character_in_the_face_of_its_run(tmp_path):
    from yaofu_desktop.report.pdf import render_pdf

    doc = Document(title="rare", author="测试")
    doc.add(Block.of("heading1", "一、" + NAMES[:12]))
    doc.add(Block.of("para", "调解当事人：" + NAMES + "。"))
    out = tmp_path / "rare.pdf"
    result = render_pdf(doc, out, search_system_fonts=False)
    assert result.missing_chars == []
    with pdfplumber.open(out) as pdf:
        chars = pdf.pages[0].chars
        text = pdf.pages[0].extract_text()
    for ch in RARE + MORE:  # in the text layer too: found by search, copied out whole
        assert ch in text, ch
    embedded = {}
    for c in chars:
        if c["text"] in RARE + MORE:
            embedded.setdefault(c["text"], set()).add(c["fontname"].split("+", 1)[-1])
    assert set(embedded) == set(RARE + MORE)
    body_faces, head_faces = set(), set()
    for c in chars:
        if c["text"] in RARE + MORE:
            face = c["fontname"].split("+", 1)[-1]
            (head_faces if c["size"] > 16.5 or "Hei" in face else body_faces).add(face)
    # headings (黑体) in the sans design, body (仿宋) in the serif: never a box, never the other design
    assert head_faces <= {"YaofuHei-Regular", "YaofuHeiExt-Regular"}
    assert body_faces <= {"YaofuFang-Regular", "YaofuSong-Regular", "YaofuSongExt-Regular"}
    # and the glyph drawn is a real one: each embedded font's subset has an outline for it
    ps_to_file = {ps: file for file, _fam, ps in BUNDLED_FONTS.values()}
    for ch, faces in embedded.items():
        for face in faces:
            font = FTFont(resource_path("fonts", ps_to_file[face]))
            gname = font.getBestCmap()[ord(ch)]
            assert font["glyf"][gname].numberOfContours > 0, (ch, face)


def test_docx_sets_each_rare_character_in_a_face_windows_has_for_it():
    from yaofu_desktop.report import docx_writer as dw

    doc = Document(title="rare", author="测试")
    doc.add(Block.of("heading1", "一、李喆"))
    doc.add(Block.of("para", "当事人" + NAMES))
    doc.add(Block("table", rows=[["姓名", "村"], ["张㛃", "王𠮷村"]]))
    data = dw.render_docx_bytes(doc)
    xml = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    seen = {}
    full = ""
    for r in xml.iter(f"{w}r"):
        t = "".join(x.text or "" for x in r.iter(f"{w}t"))
        full += t
        fonts = r.find(f"{w}rPr/{w}rFonts")
        for ch in t:
            seen.setdefault(ch, set()).add(fonts.get(f"{w}eastAsia"))
    for ch in RARE + MORE:
        assert ch in full
    assert seen["𠮷"] == {dw.FONT_SONG_EXTB} and seen["𬌗"] == {dw.FONT_SONG_EXTB}
    assert seen["㛃"] == {dw.FONT_SONG} and seen["堃"] == {dw.FONT_SONG}
    assert seen["喆"] == {dw.FONT_YAHEI, dw.FONT_SONG}  # in the 黑体 heading and in the body
    assert seen["张"] >= {dw.FONT_FANGSONG} and dw.FONT_SONG not in seen["张"]
    assert seen["淼"] == {dw.FONT_FANGSONG}  # in GB2312: stays in the run's own face
    table = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml"))
    names = {f.get(f"{w}name") for f in table.iter(f"{w}font")}
    assert {dw.FONT_SONG_EXTB, dw.FONT_YAHEI, dw.FONT_SONG} <= names


def test_window_font_draws_every_name_character_in_the_same_design(qapp):
    from PySide6.QtGui import QTextLayout
    from PySide6.QtWidgets import QApplication

    from yaofu_desktop.gui.i18n import install_fonts, register_fallback_fonts

    install_fonts(QApplication.instance())
    register_fallback_fonts()
    layout = QTextLayout(NAMES, QApplication.instance().font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    families = set()
    drawn = 0
    for run in layout.glyphRuns():
        raw = run.rawFont()
        families.add(raw.familyName())
        assert 0 not in run.glyphIndexes(), raw.familyName()  # glyph 0 is the missing-glyph box
        drawn += len(run.glyphIndexes())
    assert families <= {"Yaofu Hei", "Yaofu Hei Ext"}, families  # one sans design, no thin serif
    assert drawn == len(NAMES)
    from PySide6.QtGui import QRawFont

    for file in ("YaofuHeiExt.ttf",):
        raw = QRawFont(str(resource_path("fonts", file)), 12)
        assert all(raw.supportsCharacter(ord(ch)) for ch in "㛃𠮷喆堃赟犇昇镕珺燚垚")
