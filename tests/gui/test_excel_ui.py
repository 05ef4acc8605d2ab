"""Excel in the window (gui/excel_ui.py): the 文件 menu items, driven as a clerk would.

File choosers and message boxes go through gui.dialogs (replaced by `answers`, tests/gui/conftest.py);
the problems dialog's exec() is replaced by a function that looks at it and clicks a button. The
work runs on the worker thread; tests wait for it.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from tests.gui.conftest import drive_dialog
from yaofu_desktop.figures import compute
from yaofu_desktop.ledgers import LEDGER_MAP
from yaofu_desktop.store import Store

YEAR = 2025
MED = LEDGER_MAP["mediations"].label  # 矛盾纠纷调解


def figures(store: Store, year: int = YEAR) -> dict:
    # report.* count the wording of the report, which is not a ledger and not exported
    return {f.key: f.value for f in compute(store, year) if not f.key.startswith("report.")}


# -- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture
def fresh_store(tmp_path):
    store = Store.open(tmp_path / "fresh.db", create=True)
    yield store
    store.close()


@pytest.fixture
def fresh_window(fresh_store, make_window):
    return make_window(fresh_store)


def wait_idle(qtbot, window, timeout=10000):
    ctl = window.excel()
    qtbot.waitUntil(lambda: not ctl.busy, timeout=timeout)


def run(qtbot, window, action, expect: str, timeout=10000):
    """Trigger a menu action and wait until its whole run (every background step) is over."""
    ctl = window.excel()
    with qtbot.waitSignal(ctl.finished, timeout=timeout) as blocker:
        action.trigger()
    assert blocker.args == [expect], (blocker.args, expect)
    wait_idle(qtbot, window)


@pytest.fixture
def exported(window, qtbot, answers, tmp_path) -> Path:
    out = tmp_path / "out" / "姚伏镇2025年法治台账.xlsx"
    out.parent.mkdir()
    answers.save_file_answer = out
    run(qtbot, window, window.menus.actionExportExcel, "export")
    return out


def drive_import_dialog(monkeypatch, fn):
    """The next problems dialogs run fn(dialog) -> DialogCode instead of waiting for the clerk."""
    from yaofu_desktop.gui.excel_ui import ImportDialog

    return drive_dialog(monkeypatch, ImportDialog, fn, size=(820, 520))


def break_date(path: Path, row: int = 5) -> None:
    wb = load_workbook(path)
    ws = wb[MED]
    col = next(c.column for c in ws[1] if str(c.value).rstrip("*") == "受理日期")
    ws.cell(row, col).value = "三月初"
    wb.save(path)


# -- the menu -----------------------------------------------------------------------------------------


def test_menu_items_sit_in_the_file_menu(window):
    texts = [a.text() for a in window.menus.menuFile.actions()]
    for t in ("导出Excel台账…", "导出当前台账为CSV…", "导出空白模板…", "导入Excel台账…"):
        assert t in texts
    assert texts.index("导入Excel台账…") < texts.index(window.menus.actionPrint.text())
    assert window.menus.actionImportExcel.isEnabled()


def test_import_disabled_in_a_read_only_window(window, answers):
    menus = window.menus
    window.edit_state.set_read_only(True)  # e.g. another copy of the program holds the file
    assert window.read_only
    assert not menus.actionImportExcel.isEnabled() and menus.actionExportExcel.isEnabled()
    assert menus.actionImportExcel.toolTip() == "只读方式打开时不能导入"
    window.excel().import_workbook()  # even when reached another way
    assert answers.texts("inform") and "只读" in answers.texts("inform")[0]
    window.edit_state.set_read_only(False)
    assert menus.actionImportExcel.isEnabled()


# -- export -------------------------------------------------------------------------------------------


def test_export_writes_the_workbook_and_offers_to_open_it(window, exported, answers, demo_store):
    wb = load_workbook(exported, read_only=True)
    assert MED in wb.sheetnames and "概况" in wb.sheetnames
    (kind, title, text), = [c for c in answers.calls if c[0] == "choose"]
    assert title == "导出Excel台账" and "2025年度" in text and str(exported) in text
    assert answers.opened == []  # 关闭
    assert window.excel().last_export.total > 100


def test_export_then_open_file_and_folder(window, qtbot, answers, tmp_path):
    answers.save_file_answer = tmp_path / "台账"  # no suffix: .xlsx is added
    answers.choose_answer = 0
    run(qtbot, window, window.menus.actionExportExcel, "export")
    assert answers.opened == [("file", tmp_path / "台账.xlsx")]
    answers.choose_answer = 1
    answers.save_file_answer = tmp_path / "模板.xlsx"
    run(qtbot, window, window.menus.actionExportTemplate, "template")
    assert answers.opened[-1] == ("folder", tmp_path / "模板.xlsx")
    assert load_workbook(tmp_path / "模板.xlsx", read_only=True)[MED].max_row <= 2


def test_csv_export_of_the_current_ledger_has_a_bom(window, qtbot, answers, tmp_path):
    window.show_ledger("mediations")
    assert window.current_panel().ledger.name == "mediations"
    answers.save_file_answer = tmp_path / "调解.csv"
    run(qtbot, window, window.menus.actionExportCsv, "csv")
    data = (tmp_path / "调解.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0].startswith(LEDGER_MAP["mediations"].fields[0].label)


def test_export_errors_are_shown_in_chinese(window, qtbot, answers, tmp_path, monkeypatch):
    from yaofu_desktop.errors import UserError
    from yaofu_desktop.gui import excel_ui

    answers.save_file_answer = tmp_path / "没有这个文件夹" / "台账.xlsx"
    run(qtbot, window, window.menus.actionExportExcel, "failed")
    assert "文件夹不存在" in answers.texts("error")[-1]

    def in_use(*a, **k):  # what export_workbook says when Excel holds the file
        raise UserError("无法写入“台账.xlsx”：文件可能正在 Excel 或 WPS 中打开，请关闭后再导出")

    monkeypatch.setattr(excel_ui, "export_workbook", in_use)
    answers.save_file_answer = tmp_path / "台账.xlsx"
    run(qtbot, window, window.menus.actionExportExcel, "failed")
    assert answers.texts("error")[-1].startswith("无法写入“台账.xlsx”")
    assert not window.excel().busy and window.menus.actionExportExcel.isEnabled()


# -- import -------------------------------------------------------------------------------------------


def test_import_into_a_fresh_database_gives_the_same_figures(
        window, exported, qtbot, fresh_window, fresh_store, demo_store, answers):
    n = window.excel().last_export.total  # the records of 2025
    answers.calls.clear()
    answers.open_file_answer = exported
    run(qtbot, fresh_window, fresh_window.menus.actionImportExcel, "import")
    (confirm,) = answers.texts("ask")
    assert confirm.startswith(f"将新增 {n} 条，更新 0 条。")
    (done,) = answers.texts("inform")
    assert done.startswith("导入完成：新增") and "已导入乡镇概况" in done
    assert figures(fresh_store) == figures(demo_store)
    assert sum(fresh_store.counts.all().values()) == n
    assert fresh_store.profile() == demo_store.profile()
    # the window shows the imported data
    assert "姚伏镇" in fresh_window.windowTitle()
    assert f"全部 {n:,} 条" in fresh_window.counts_label.text()


def test_confirm_declined_writes_nothing(exported, qtbot, fresh_window, fresh_store, answers):
    answers.open_file_answer = exported
    answers.ask_answer = False
    run(qtbot, fresh_window, fresh_window.menus.actionImportExcel, "cancelled")
    assert sum(fresh_store.counts.all().values()) == 0 and not answers.texts("inform")


@pytest.mark.parametrize("keep", [False, True])
def test_rows_entered_twice_are_pointed_out_and_left_out_unless_kept(
        exported, qtbot, fresh_window, fresh_store, answers, tmp_path, keep):
    """A row typed twice into the workbook (no record key) is named in the confirmation; the
    clerk chooses to leave it out (the default) or to import it too."""
    twice = tmp_path / "重复的台账.xlsx"
    wb = load_workbook(exported)
    ws = wb[MED]
    key = next(c.column for c in ws[1] if str(c.value).startswith("记录编号"))
    copy = [c.value for c in ws[2]]
    copy[key - 1] = None  # copied as a new row: its key cleared, as the template says
    ws.append(copy)
    wb.save(twice)
    rows = ws.max_row - 1
    answers.calls.clear()
    answers.open_file_answer = twice
    answers.choose_answer = 1 if keep else 0  # 全部导入（确实不是重复） / 导入（不含可能重复的行）
    run(qtbot, fresh_window, fresh_window.menus.actionImportExcel, "import")
    (confirm,) = answers.texts("choose")
    assert "另有 1 行可能是重复录入" in confirm and f"第{ws.max_row}行" in confirm and "第2行" in confirm
    (done,) = answers.texts("inform")
    assert ("可能重复未导入 1 行" in done) != keep
    assert fresh_store.count("mediations") == (rows if keep else rows - 1)


def test_bad_date_shows_the_problems_and_writes_nothing_until_asked(
        exported, qtbot, fresh_window, fresh_store, answers, monkeypatch, tmp_path):
    bad = tmp_path / "有错的台账.xlsx"
    shutil.copyfile(exported, bad)
    break_date(bad, 5)
    answers.open_file_answer = bad
    answers.calls.clear()
    shot = tmp_path / "import_problems.png"

    def look_then_cancel(dlg):
        t = dlg.problemsTable
        assert t.rowCount() == 1
        assert [t.item(0, j).text() for j in range(3)] == [MED, "5", "受理日期"]
        assert "三月初" in t.item(0, 3).text() and "不是有效日期" in t.item(0, 3).text()
        assert "有错误的行：" in dlg.badLabel.text() and ">1<" in dlg.badLabel.text()
        assert dlg.importGoodButton.isEnabled()
        img = dlg.grab().toImage()
        assert img.save(str(shot))
        colours = {img.pixel(x, y) for x in range(0, img.width(), 5) for y in range(0, img.height(), 5)}
        assert len(colours) > 12, "the dialog looks blank"
        qtbot.mouseClick(dlg.cancelButton, Qt.MouseButton.LeftButton)
        return dlg.result()

    seen = drive_import_dialog(monkeypatch, look_then_cancel)
    run(qtbot, fresh_window, fresh_window.menus.actionImportExcel, "cancelled")
    assert len(seen) == 1 and shot.stat().st_size > 10_000
    assert sum(fresh_store.counts.all().values()) == 0
    assert fresh_store.profile().get("township") in (None, "")
    assert not answers.texts("ask") and not answers.texts("inform") and not answers.texts("error")

    # the problem list can be saved for the clerk to work through in Excel
    answers.save_file_answer = tmp_path / "问题清单.csv"

    def export_list_then_import_good(dlg):
        dlg.export_problems()
        qtbot.mouseClick(dlg.importGoodButton, Qt.MouseButton.LeftButton)
        return dlg.result()

    drive_import_dialog(monkeypatch, export_list_then_import_good)
    run(qtbot, fresh_window, fresh_window.menus.actionImportExcel, "import")
    rows = (tmp_path / "问题清单.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "类别,工作表,行,列,原因" and rows[1].startswith(f"错误,{MED},5,受理日期,")
    result = fresh_window.excel().last_import
    assert result.skipped == 1 and result.inserted == sum(fresh_store.counts.all().values())
    assert fresh_store.count("mediations") == 112 - 1
    assert "有错误未导入 1 行" in answers.texts("inform")[-1]


def test_cancel_while_reading_writes_nothing(exported, qtbot, fresh_window, fresh_store, answers, monkeypatch):
    from yaofu_desktop.gui import excel_ui

    gate = threading.Event()
    real = excel_ui.read_workbook

    def slow_read(path, store, progress=None):
        assert gate.wait(5)
        return real(path, store, progress)

    monkeypatch.setattr(excel_ui, "read_workbook", slow_read)
    answers.open_file_answer = exported
    ctl = fresh_window.excel()
    with qtbot.waitSignal(ctl.finished, timeout=10000) as blocker:
        try:
            fresh_window.menus.actionImportExcel.trigger()
            dlg = ctl.progress_dialog
            # the window keeps painting but takes no edits while the worker has the database
            assert dlg is not None and dlg.isVisible()
            assert dlg.windowModality() == Qt.WindowModality.WindowModal
            assert not fresh_window.menus.actionImportExcel.isEnabled()  # one task at a time
            qtbot.mouseClick(dlg.cancel_button, Qt.MouseButton.LeftButton)
            assert dlg.label.text() == "正在取消…"
        finally:
            gate.set()
    assert blocker.args == ["cancelled"]
    wait_idle(qtbot, fresh_window)
    assert fresh_window.menus.actionImportExcel.isEnabled()
    assert sum(fresh_store.counts.all().values()) == 0
    assert not answers.texts("ask") and not answers.texts("error")


def test_not_a_workbook_is_refused_in_chinese(qtbot, fresh_window, fresh_store, answers, tmp_path):
    junk = tmp_path / "照片.xlsx"
    junk.write_bytes(b"\x89PNG not a workbook")
    answers.open_file_answer = junk
    run(qtbot, fresh_window, fresh_window.menus.actionImportExcel, "failed")
    (text,) = answers.texts("error")
    assert "照片.xlsx" in text and "Traceback" not in text
    assert sum(fresh_store.counts.all().values()) == 0


def test_unexpected_error_shows_no_traceback(window, qtbot, answers, monkeypatch, tmp_path):
    from yaofu_desktop.gui import excel_ui

    def boom(*a, **k):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(excel_ui, "export_workbook", boom)
    answers.save_file_answer = tmp_path / "x.xlsx"
    run(qtbot, window, window.menus.actionExportExcel, "failed")
    (text,) = answers.texts("error")
    assert "internal detail" not in text and "意外错误" in text
