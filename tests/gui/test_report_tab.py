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

from tests.gui.conftest import click, open_section, settle, type_text
from yaofu_desktop.gui import (
    dialogs,
    report_files,
    report_tab as rt,
)
from yaofu_desktop.report.preview import MARK_BG

YEAR = 2025  # the demo database's report year


def test_the_report_tab_and_its_menu_actions(report, window):
    assert "report" in window.tab_keys
    assert window.tab_widget("report") is report
    texts = [a.text() for a in window.menus.menuFile.actions()]
    assert "生成年度报告PDF…" in texts and "生成年度报告Word…" in texts and "打印年度报告…" in texts
    assert texts.index("生成年度报告PDF…") < texts.index(window.menus.actionPrint.text())
    assert report.titleLabel.text() == f"{YEAR}年度法治政府建设工作报告"
    assert report.sectionList.count() == len(rt.PAGES)
    labels = [report.sectionList.item(i).text().strip() for i in range(report.sectionList.count())]
    assert labels[:2] == ["开头语", "一、主要举措和成效"] and labels[2].startswith("（一）")
    assert "二、存在的不足和原因" in labels and "三、下一年度工作安排" in labels
    assert "PDF" in report.printButton.toolTip()  # the PDF is the exact official layout
    # on 报告, Ctrl+S and Ctrl+Z are the tab's (save the report, undo in its editor)
    assert window.menus.actionSave.shortcut().isEmpty() and window.menus.actionUndoDelete.shortcut().isEmpty()
    window.show_tab("lead")
    assert not window.menus.actionSave.shortcut().isEmpty()


def test_checks_listed_for_the_year(report):
    items = [report.checksList.item(i) for i in range(report.checksList.count())]
    texts = [it.text() for it in items]
    assert any("报送" in t or "公开的期限" in t for t in texts)  # the statutory dates
    colors = {"error": "#c62828", "warning": "#b35c00", "info": "#666666"}
    for it in items:
        assert it.foreground().color() == QColor(colors[it.data(Qt.ItemDataRole.UserRole)])
    assert "生成前检查" in report.checksGroup.title()


def test_preview_marks_the_figures(report, qtbot):
    settle(qtbot, report)
    doc = report.preview.document()
    cur = doc.find("调解成功率")
    assert not cur.isNull()
    mark = doc.find("%", cur.selectionStart())
    fmt = mark.charFormat()
    assert fmt.background().color() == QColor(MARK_BG)
    assert fmt.isAnchor() and fmt.anchorHref().startswith("fig:")
    assert "调解成功率" in fmt.toolTip() and "点击查看" in fmt.toolTip() and "mediations" not in fmt.toolTip()


def test_insert_with_a_way_of_saying(report, qtbot):
    ed = open_section(report, "other")
    ed.add_button.click()
    card = ed.cards[-1]
    type_text(card.edit, "涉及金额")
    report.formCombo.setCurrentIndex(report.formCombo.findData("约"))
    report.figureSearch.setText("涉及金额")
    report.figureSearch.returnPressed.emit()  # Enter inserts the first figure found
    assert card.edit.runs()[-1].figure == "mediations.amount" and card.edit.runs()[-1].say == "约"
    assert "约" in ed.plain_text() and "万元" in ed.plain_text()


def test_restore_default_is_a_draft_and_undoable(report, demo_store):
    from yaofu_desktop.report.editing import YearWording
    from yaofu_desktop.wording import RECORDS

    ed = open_section(report, "lead")  # the demo town's own wording; the default is the records sentences
    before = len(ed.cards)
    report.restoreButton.click()
    assert all(c.source == RECORDS for c in ed.cards) and ed.heading.toPlainText() == ""
    assert report.dirty_sections() == ["lead"]  # a draft until saved
    assert YearWording.load(demo_store, YEAR).section("lead").heading  # the saved one is unchanged
    report.undoButton.click()
    assert len(ed.cards) == before and ed.heading.toPlainText() == "统筹谋划与组织领导全面加强"
    assert report.dirty_sections() == [] and not report.is_dirty()


def test_copy_from_previous_year(report, window, answers, demo_store):
    from yaofu_desktop.report.editing import YearWording

    window.set_year(YEAR + 1)
    assert demo_store.report_texts.get(YEAR + 1, "problems") is None
    answers.ask_answer = True
    assert report.copyButton.text() == f"从{YEAR}年复制…"
    report.copyButton.click()
    assert any(f"把{YEAR}年度保存的报告文字" in t for t in answers.texts("ask"))
    assert "problems" in report.dirty_sections()  # a draft: 保存 makes it the year's
    ed = open_section(report, "problems")
    then = YearWording.load(demo_store, YEAR).section("problems")
    assert [c.edit.runs() for c in ed.cards] == [it.runs for it in then.items]
    report.save()
    assert demo_store.report_texts.get(YEAR + 1, "problems") is not None


def test_issue_date_saved(report, demo_store):
    from PySide6.QtCore import QDate

    report.issueDateEdit.setDate(QDate(2026, 2, 10))
    assert demo_store.report_texts.get(YEAR, "issue_date") == "2026-02-10"


def test_generate_pdf_in_background(report, qtbot, answers, monkeypatch, tmp_path):
    out = tmp_path / "报告.pdf"
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "save_file", lambda parent, title, path, *a, **k: asked.append(path) or str(out))
    opened = []
    monkeypatch.setattr(dialogs, "open_path", lambda p: opened.append(str(p)) or True)
    threads = []
    real = report_files.build_report

    def slow_build(*args, **kw):
        threads.append(threading.get_ident())
        time.sleep(0.4)
        return real(*args, **kw)

    monkeypatch.setattr(report_files, "build_report", slow_build)
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


def test_generate_refused_without_an_issue_date(report, qtbot, answers, monkeypatch, tmp_path, demo_store):
    asked = []
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: asked.append(a) or str(tmp_path / "x.pdf"))
    demo_store.report_texts.set(YEAR, "issue_date", "")
    report._loaded = False
    report.load_year()
    assert report.issueDateEdit.text() == "请选择成文日期"  # asked for, never assumed
    click(qtbot, report.pdfButton)
    warned = answers.texts("warn")
    assert warned and "成文日期" in warned[-1] and "须先改正" in warned[-1]
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
    open_section(report, "disputes")
    settle(qtbot, report)
    img = window.grab().toImage()
    path = tmp_path / "report_tab.png"
    assert img.save(str(path)) and path.stat().st_size > 10_000
    colors = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
    assert len(colors) > 50
