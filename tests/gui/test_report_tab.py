"""The 报告 tab (gui/report_tab.py), driven through its widgets (pytest-qt, offscreen).

Message boxes go through yaofu_desktop.gui.dialogs (the `answers` fixture of tests/gui/conftest.py
answers them); the save dialog and "open the file" are gui.dialogs.save_file / open_path.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor

from tests.gui.conftest import click, type_text
from yaofu_desktop.gui import (
    dialogs,
    report_tab as rt,
)
from yaofu_desktop.report.compose import wording_for
from yaofu_desktop.report.preview import MARK_BG

YEAR = 2025  # the demo database's report year


@pytest.fixture
def report(window, qtbot, answers):
    window.show_tab("report")
    tab = window.tab_widget("report")
    qtbot.waitUntil(lambda: tab._loaded and tab.checksList.count() > 0, timeout=3000)
    yield tab
    answers.choose_answer = 1  # closing: "不保存" whatever a test left unsaved


def settle(qtbot, tab) -> None:
    """Wait for the debounced recomputation after typing."""
    qtbot.waitUntil(lambda: not tab._timer.isActive(), timeout=3000)


def select(tab, key: str) -> None:
    tab.select_section(key)
    tab.editor.setFocus()
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)


def figure_item(tab, key: str):
    tree = tab.figureTree
    for i in range(tree.topLevelItemCount()):
        g = tree.topLevelItem(i)
        for j in range(g.childCount()):
            if g.child(j).data(0, Qt.ItemDataRole.UserRole) == key:
                return g.child(j)
    raise AssertionError(key)


def test_the_report_tab_and_its_menu_actions(report, window):
    assert "report" in window.tab_keys
    assert window.tab_widget("report") is report
    texts = [a.text() for a in window.menus.menuFile.actions()]
    assert "生成年度报告PDF…" in texts and "生成年度报告Word…" in texts and "打印年度报告…" in texts
    assert texts.index("生成年度报告PDF…") < texts.index(window.menus.actionPrint.text())
    assert report.titleLabel.text() == f"{YEAR}年度法治政府建设工作报告"
    assert report.sectionList.count() == len(rt.SECTION_ORDER)
    assert "PDF" in report.printButton.toolTip()  # the PDF is the exact official layout


def test_checks_listed_for_the_year(report):
    items = [report.checksList.item(i) for i in range(report.checksList.count())]
    texts = [it.text() for it in items]
    assert any("报送" in t or "公开的期限" in t for t in texts)  # the statutory dates
    colors = {"error": "#c62828", "warning": "#b35c00", "info": "#666666"}
    for it in items:
        assert it.foreground().color() == QColor(colors[it.data(Qt.ItemDataRole.UserRole)])
    assert "生成前检查" in report.checksGroup.title()


def test_unknown_placeholder_named_under_the_editor(report, qtbot):
    select(report, "disputes")
    type_text(report.editor, "全年新增{foo.bar}项。")
    settle(qtbot, report)
    assert report.errorLabel.isVisible()
    assert "foo.bar" in report.errorLabel.text()
    first = report.checksList.item(0)
    assert first.data(Qt.ItemDataRole.UserRole) == "error" and "foo.bar" in first.text()
    assert first.foreground().color() == QColor("#c62828")
    assert report.sectionList.item(rt.SECTION_ORDER.index("disputes")).text().startswith("⚠")


def test_typing_updates_preview_with_figures_marked(report, qtbot):
    select(report, "other")
    type_text(report.editor, "全年调解纠纷")
    report.figureTree.itemActivated.emit(figure_item(report, "mediations.total"), 0)  # the picker
    assert report.editor.toPlainText() == "全年调解纠纷{mediations.total}"
    type_text(report.editor, "。")
    settle(qtbot, report)
    doc = report.preview.document()
    assert "四、其他需要报告的情况" in doc.toPlainText()
    cur = doc.find("全年调解纠纷112起。")
    assert not cur.isNull()
    mark = doc.find("112起", cur.selectionStart())
    fmt = mark.charFormat()
    assert fmt.background().color() == QColor(MARK_BG)
    assert "mediations.total" in fmt.toolTip() and "矛盾纠纷" in fmt.toolTip()
    assert not report.errorLabel.isVisible()


def test_picker_search_and_form(report):
    report.figureSearch.setText("信访")
    visible = []
    tree = report.figureTree
    for i in range(tree.topLevelItemCount()):
        g = tree.topLevelItem(i)
        visible += [g.child(j).text(0) for j in range(g.childCount()) if not g.child(j).isHidden()]
    assert visible and all("信访" in v for v in visible)
    report.formCombo.setCurrentIndex([f for f, _ in rt.FORM_CHOICES].index("约"))
    assert report.placeholder_for("mediations.amount") == "{mediations.amount|约}"
    assert report.placeholder_for("township") == "{township}"


def test_save_persists_button_and_ctrl_s(report, qtbot, demo_store):
    select(report, "other")
    type_text(report.editor, "本年度无其他需要报告的情况。")
    assert report.dirty_sections() == ["other"]
    assert "●" in report.sectionList.item(rt.SECTION_ORDER.index("other")).text()
    click(qtbot, report.saveButton)
    assert wording_for(demo_store, YEAR)["other"] == "本年度无其他需要报告的情况。"
    assert report.dirty_sections() == []
    type_text(report.editor, "另")
    qtbot.keyClick(report.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert wording_for(demo_store, YEAR)["other"] == "本年度无其他需要报告的情况。另"
    assert report.savedLabel.text() == "措辞已保存"


def test_issue_date_saved(report, demo_store):
    from PySide6.QtCore import QDate

    report.issueDateEdit.setDate(QDate(2026, 2, 10))
    assert demo_store.report_texts.get(YEAR, "issue_date") == "2026-02-10"


def test_restore_default_is_a_draft(report, demo_store):
    select(report, "lead")  # the demo town's own wording; the default is the records sentences
    report.editor.selectAll()
    type_text(report.editor, "改过的学法。")
    report.restoreButton.click()
    assert report.editor.toPlainText() == rt.default_wording()["lead"]["text"]
    assert report.dirty_sections() == ["lead"]  # a draft until saved
    assert wording_for(demo_store, YEAR)["lead"] != rt.default_wording()["lead"]["text"]


def test_year_switch_asks_to_save_unsaved_wording(report, window, answers, demo_store):
    select(report, "other")
    type_text(report.editor, "年底前改完。")
    answers.ask_answer = True
    window.set_year(YEAR + 1)
    assert any("尚未保存" in t for t in answers.texts("ask"))
    assert wording_for(demo_store, YEAR)["other"] == "年底前改完。"
    assert report.year == YEAR + 1 and report.titleLabel.text().startswith(f"{YEAR + 1}")


def test_copy_from_previous_year(report, window, answers, demo_store):
    window.set_year(YEAR + 1)
    assert demo_store.report_texts.get(YEAR + 1, "problems") is None
    answers.ask_answer = True
    click_copy = report.copyButton
    assert click_copy.text() == f"从{YEAR}年复制…"
    click_copy.click()
    assert any(f"把{YEAR}年度保存的报告措辞" in t for t in answers.texts("ask"))
    assert wording_for(demo_store, YEAR + 1)["problems"] == wording_for(demo_store, YEAR)["problems"]
    select(report, "problems")
    assert report.editor.toPlainText() == wording_for(demo_store, YEAR)["problems"]


def test_generate_pdf_in_background(report, qtbot, answers, monkeypatch, tmp_path):
    out = tmp_path / "报告.pdf"
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "save_file", lambda parent, title, path, *a, **k: asked.append(path) or str(out))
    opened = []
    monkeypatch.setattr(dialogs, "open_path", lambda p: opened.append(str(p)) or True)
    threads = []
    real = rt.build_report

    def slow_build(*args, **kw):
        threads.append(threading.get_ident())
        time.sleep(0.4)
        return real(*args, **kw)

    monkeypatch.setattr(rt, "build_report", slow_build)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    answers.choose_answer = 0  # 打开文件
    click(qtbot, report.pdfButton)
    assert asked and Path(asked[0]).name == f"平罗县姚伏镇{YEAR}年度法治政府建设工作报告.pdf"
    assert report.progressBar.isVisible() and not report.pdfButton.isEnabled()
    qtbot.waitUntil(lambda: any(k == "choose" for k, _t, _x in answers.calls), timeout=15000)
    timer.stop()
    assert out.exists() and out.read_bytes()[:5] == b"%PDF-"
    assert threads and threads[0] != threading.get_ident()  # the work ran off the window's thread
    assert len(ticks) >= 5  # the window's event loop kept running meanwhile
    assert not report.progressBar.isVisible() and report.pdfButton.isEnabled()
    text = next(t for k, _title, t in answers.calls if k == "choose")
    assert str(out) in text and "页" in text
    assert opened == [str(out)]


def test_generate_refused_while_wording_has_an_error(report, qtbot, answers, monkeypatch, tmp_path):
    asked = []
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: asked.append(a) or str(tmp_path / "x.pdf"))
    select(report, "publicity")
    type_text(report.editor, "{普法.次数}")
    click(qtbot, report.pdfButton)  # before the debounce ran: the check is made now
    warned = answers.texts("warn")
    assert warned and "普法.次数" in warned[-1] and "须先改正" in warned[-1]
    assert not asked and not (tmp_path / "x.pdf").exists()
    click(qtbot, report.wordButton)
    assert len(answers.texts("warn")) == 2 and not asked


def test_print_pages_are_the_pdfs_pages(report, tmp_path):
    """打印 paints the PDF's own layout: page 1 has the red mark and rule at the top, and the
    same lines as the PDF."""
    from yaofu_desktop.gui.print_pages import page_image

    pages = report.print_pages()
    assert pages is not None and len(pages) >= 5
    img = page_image(pages[0], dpi=60)
    path = tmp_path / "print-page-1.png"
    assert img.save(str(path))
    colors = {img.pixel(x, y) for x in range(0, img.width(), 3) for y in range(0, img.height(), 3)}
    assert len(colors) > 20  # not blank
    mm = 60 / 25.4
    top = [(x, y) for x in range(0, img.width(), 2) for y in range(int(37 * mm), int(60 * mm))]
    red = [p for p in top if _reddish(img.pixelColor(*p))]
    assert len(red) > 200  # the red mark and rule
    low = [(x, y) for x in range(0, img.width(), 2) for y in range(int(80 * mm), img.height(), 2)]
    assert not [p for p in low if _reddish(img.pixelColor(*p))]  # nothing else is red
    assert "法治政府建设工作报告" in pages[0].text()
    assert pages[0].text().splitlines()[-1] == "— 1 —"


def _reddish(c) -> bool:
    return c.red() > 180 and c.green() < 120 and c.blue() < 120


def test_print_report_paints_every_page(report, monkeypatch, tmp_path):
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    out = tmp_path / "printed.pdf"
    shown = []

    def fake_exec(dlg):
        shown.append(dlg.windowTitle())
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setFullPage(True)
        dlg.paintRequested.emit(printer)
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    report.print_report()
    assert shown and "PDF" in shown[0]
    reader = PdfReader(out)
    assert len(reader.pages) == len(report.print_pages())
    text = reader.pages[0].extract_text().replace(" ", "").replace("\n", "")
    assert "县委、县政府：" in text and "—1—" in text
    w, h = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(w), round(h)) == (595, 842)


def test_screenshot_not_blank(report, window, qtbot, tmp_path):
    select(report, "disputes")
    settle(qtbot, report)
    img = window.grab().toImage()
    path = tmp_path / "report_tab.png"
    assert img.save(str(path)) and path.stat().st_size > 10_000
    colors = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
    assert len(colors) > 50


def test_closing_with_unsaved_wording_asks_and_may_stay_open(report, window, qtbot, answers):
    select(report, "plans")
    type_text(report.editor, "新的一条计划。")
    settle(qtbot, report)
    answers.choose_answer = 2  # 取消
    window.close()
    assert window.isVisible() and "尚未保存" in answers.texts("choose")[-1]
    answers.choose_answer = 1  # 不保存
    window.close()
    assert not window.isVisible()
