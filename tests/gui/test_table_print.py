"""文件 → 打印当前表格 (gui/printing.py): a preview first; on every page the ledger's title and
year, the header row and "第 N 页 共 M 页"; numbers and amounts right-aligned; landscape when the
columns need it; Chinese in the bundled fonts. The pages are printed to a PDF through the very
function the preview paints with, and read back with pdfplumber."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog

AMOUNT = re.compile(r"^\d{1,3}(,\d{3})*\.\d\d$")


@pytest.fixture
def preview(monkeypatch, tmp_path):
    """The print preview, as shown: what it was given, and the pages it paints (as a PDF)."""
    shown: dict = {}

    def fake_exec(dlg):
        printer = dlg.printer()
        shown["title"] = dlg.windowTitle()
        shown["orientation"] = printer.pageLayout().orientation()
        out = tmp_path / f"printed-{len(shown)}.pdf"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        dlg.paintRequested.emit(printer)
        shown["pdf"] = out
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    # (a print dialog straight away, without a preview, would wait for a clerk: none here)
    monkeypatch.setattr(QPrintDialog, "exec", lambda dlg: shown.setdefault("print_dialog", True) and 0)
    return shown


def _pages(pdf):
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return [(p.extract_text(), p.extract_words(keep_blank_chars=False), float(p.width), float(p.height))
                for p in doc.pages]


def _row_numbers(pages) -> list[int]:
    """The 序号 column's numbers, page after page."""
    out = []
    for _t, words, _w, _h in pages:
        head = next(w for w in words if w["text"] == "序号")
        out += [int(w["text"]) for w in words
                if w["text"].isdigit() and w["top"] > head["bottom"] and w["x1"] <= head["x1"] + 4]
    return out


def test_print_shows_a_preview_with_title_header_and_page_numbers_on_every_page(window, preview, demo_store):
    panel = window.show_ledger("mediations")
    window.menus.actionPrint.trigger()
    assert "print_dialog" not in preview, "the printer was asked for before any preview"
    assert "打印预览" in preview["title"] and "矛盾纠纷调解" in preview["title"]
    pages = _pages(preview["pdf"])
    assert len(pages) >= 3  # 112 records
    headers = [f.label for f in panel.model.columns]
    for n, (text, _words, _w, _h) in enumerate(pages, start=1):
        flat = text.replace(" ", "")
        assert "姚伏镇2025年度矛盾纠纷调解台账" in flat
        for h in headers:
            assert h in flat, f"header {h} missing on page {n}"
        assert f"第 {n} 页 共 {len(pages)} 页" in text
    # every record, once, in the order shown
    assert _row_numbers(pages) == list(range(1, panel.model.total + 1))


def test_amounts_are_right_aligned_in_their_column(window, preview):
    window.show_ledger("mediations")
    window.menus.actionPrint.trigger()
    seen = 0
    for _text, words, _w, _h in _pages(preview["pdf"]):
        head = next(w for w in words if w["text"] == "涉及金额（元）")
        amounts = [w for w in words if AMOUNT.match(w["text"])]
        seen += len(amounts)
        rights = {round(w["x1"], 1) for w in amounts}
        assert max(rights) - min(rights) < 0.5, "amounts not aligned on the right"
        assert len({len(w["text"]) for w in amounts}) > 1  # (amounts of different lengths)
        assert head["x0"] - 40 < min(w["x0"] for w in amounts) and max(rights) > head["x1"]
    assert seen == 112


def test_wide_table_prints_landscape_and_narrow_one_portrait(window, preview, demo_store):
    for i in range(40):
        demo_store.insert("normative_documents", {
            "date": f"2025-{i % 12 + 1:02d}-10",
            "title": f"关于进一步加强和规范农村集体经济组织财务管理工作的实施意见（第{i + 1}号）",
            "doc_no": f"姚政发〔2025〕{i + 1}号", "drafted_by": "镇农业农村综合服务中心", "legality_review": True,
            "deliberation": True, "published": True, "filed": i % 2 == 0, "status": "现行有效"})
    window.show_ledger("normative_documents")
    window.menus.actionPrint.trigger()
    assert preview["orientation"] == QPageLayout.Orientation.Landscape
    pages = _pages(preview["pdf"])
    assert all(w > h for _t, _words, w, h in pages)
    # long titles wrap within their column: every one printed whole
    text = "".join(t.replace("\n", "").replace(" ", "") for t, *_ in pages)
    assert all(f"（第{i}号）" in text for i in range(1, 41)) and text.count("关于进一步加强和规范") == 40

    window.show_ledger("petitions")
    window.menus.actionPrint.trigger()
    assert preview["orientation"] == QPageLayout.Orientation.Portrait


def test_filtered_table_says_so_and_prints_only_what_is_shown(window, preview):
    panel = window.show_ledger("mediations")
    panel.model.set_query(equals={"outcome": "调解成功"}, text="村")
    window.menus.actionPrint.trigger()
    pages = _pages(preview["pdf"])
    assert "按当前筛选" in pages[0][0] and "调解结果：调解成功" in pages[0][0].replace(" ", "")
    assert _row_numbers(pages) == list(range(1, panel.model.total + 1))


def test_names_print_in_the_bundled_fonts_never_as_boxes(window, preview, demo_store):
    demo_store.insert("mediations", {"date": "2025-12-30", "committee": "镇调委会", "kind": "邻里纠纷",
                                     "parties": "王喆与李堃、张㛃𠮷", "outcome": "调解成功"})
    panel = window.show_ledger("mediations")
    panel.model.refresh()
    window.menus.actionPrint.trigger()
    import pdfplumber

    with pdfplumber.open(preview["pdf"]) as doc:
        chars = [c for p in doc.pages for c in p.chars]
    text = "".join(c["text"] for c in chars)
    # a missing glyph (a box) reads back as \x00; Qt's text layer gives 𠮷 (past the BMP) no
    # right Unicode, so it is looked for as a glyph that is not the missing one
    assert "王喆与李堃、张㛃" in text and "\x00" not in text
    assert {c["fontname"].split("+")[-1].split("-")[0] for c in chars} <= {"YaofuHei", "YaofuHeiExt", "YaofuSong"}


def test_empty_table_is_not_printed(window, preview, answers):
    window.show_ledger("penalties")
    window.current_panel().model.set_query(text="没有这样的记录")
    window.menus.actionPrint.trigger()
    assert "pdf" not in preview and any("没有记录" in t for t in answers.texts("inform"))
