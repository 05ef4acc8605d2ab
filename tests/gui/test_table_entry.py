"""Excel habits in a ledger's table, driven as a clerk would: paste a block copied from a real
workbook (as Excel puts it on the clipboard), copy rows out, edit a cell in place, fill down; each
one transaction, each undone with Ctrl+Z as one step, each in the audit log; bad input refused
with the field and the rule named, and nothing partial written.

No test here can hang: the paste dialog is driven (drive_paste), message boxes are answered
(answers), and `no_modal_left` closes any modal dialog left waiting and fails the test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from openpyxl import Workbook, load_workbook
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from tests.gui.conftest import click, drive_dialog, type_text

pytestmark = pytest.mark.usefixtures("no_modal_left")

PENALTIES = [  # (决定日期, 决定书文号, 处罚种类, 罚没金额)
    ("2025-05-01", "某镇罚〔2025〕1号", "罚款", "200"),
    ("2025-05-02", "某镇罚〔2025〕2号", "罚款", "2000.50"),
    ("2025-05-03", "某镇罚〔2025〕3号", "警告", None),
]


def add_penalties(window):
    """Three penalties of 2025 (the demo town has none), shown in the panel."""
    for date, no, kind, amount in PENALTIES:
        window.store.insert("penalties", {"date": date, "doc_no": no, "violation": "占道经营",
                                          "kind": kind, "amount": amount})
    panel = window.show_ledger("penalties")
    panel.refresh()
    return panel


HEAD = ["受理日期", "调委会", "纠纷类型", "当事人", "涉及金额（元）", "调解结果", "结案日期"]


def copied_from_workbook(path: Path) -> str:
    """A block of cells of a saved workbook as Excel puts it on the clipboard (text/plain): each
    cell as displayed under its number format (a date as 2025/3/5, money as 1,200.00),
    tab-separated, every row ending in \\r\\n, a cell with a tab, line break or quote quoted."""
    ws = load_workbook(path).active
    lines = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            v = c.value
            if v is None:
                s = ""
            elif isinstance(v, dt.datetime):
                s = f"{v.year}/{v.month}/{v.day}"
            elif isinstance(v, (int, float)) and "#,##0.00" in c.number_format:
                s = f"{v:,.2f}"
            else:
                s = str(v)
            if any(ch in s for ch in '\t\n"'):
                s = '"' + s.replace('"', '""') + '"'
            cells.append(s)
        lines.append("\t".join(cells))
    return "\r\n".join(lines) + "\r\n"


def workbook(tmp_path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows(min_row=2):
        row[4].number_format = "#,##0.00"
        for c in (row[0], row[6]):
            c.number_format = "yyyy/m/d"
    path = tmp_path / "村里报来的.xlsx"
    wb.save(path)
    return path


@pytest.fixture
def drive_paste(monkeypatch):
    """drive_paste(fn): the next paste dialogs run fn(dialog) (a button clicked) instead of waiting."""
    from yaofu_desktop.gui.table_entry import PasteDialog

    return lambda fn: drive_dialog(monkeypatch, PasteDialog, fn)


def select_rows(panel, rows: list[int], column: int = 0) -> None:
    sm = panel.table.selectionModel()
    sm.clearSelection()
    for r in rows:
        sm.select(panel.model.index(r, column),
                  QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    sm.setCurrentIndex(panel.model.index(rows[0], column), QItemSelectionModel.SelectionFlag.NoUpdate)


def press_button(name: str):
    def fn(dlg):
        from PySide6.QtWidgets import QPushButton

        dlg.findChild(QPushButton, name).click()

    return fn


def undo_text(window) -> str:
    window.update_state()
    return window.menus.actionUndoDelete.text()


# -- paste --------------------------------------------------------------------------------------------


def test_ctrl_v_pastes_a_block_copied_from_a_workbook_in_one_step_and_ctrl_z_takes_it_back(
        window, qtbot, tmp_path, drive_paste, answers):
    store = window.store
    panel = window.show_ledger("mediations")
    n = store.count("mediations")
    path = workbook(tmp_path, [
        HEAD,
        [dt.datetime(2025, 3, 5), "村调委会", "邻里纠纷", "张㛃与王𠮷", 1200, "调解成功", dt.datetime(2025, 3, 9)],
        [dt.datetime(2025, 3, 6), "镇调委会", "婚姻家庭", "李喆与赵堃", None, "正在调解", None],
    ])
    QApplication.clipboard().setText(copied_from_workbook(path))
    seen = drive_paste(press_button("paste_button"))
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)

    assert len(seen) == 1 and seen[0].intro.text() == "将新增 2 条记录。"
    assert store.count("mediations") == n + 2
    got = store.select("mediations", limit=n + 2)
    by_parties = {r["parties"]: r for r in got}
    assert by_parties["张㛃与王𠮷"]["amount"] == 120000 and by_parties["张㛃与王𠮷"]["closed"] == "2025-03-09"
    assert by_parties["李喆与赵堃"]["date"] == "2025-03-06"
    assert [e["action"] for e in store.audit.entries("mediations", limit=2)] == ["insert", "insert"]
    rec = panel.model.record_at(panel.current_row())
    assert rec["parties"] in by_parties  # the pasted rows are shown and selected

    assert undo_text(window) == "撤销粘贴（矛盾纠纷调解）"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.count("mediations") == n  # both gone, as one step
    assert [e["action"] for e in store.audit.entries("mediations", limit=2)] == ["delete", "delete"]
    assert not window.menus.actionUndoDelete.isEnabled()


def test_paste_with_bad_rows_lists_them_cancel_writes_nothing_good_rows_only_when_chosen(
        window, qtbot, drive_paste, answers):
    store = window.store
    panel = window.show_ledger("mediations")
    n = store.count("mediations")
    text = ("受理日期\t调委会\t纠纷类型\t调解结果\r\n"
            "2025-13-40\t村调委会\t邻里纠纷\t调解成功\r\n"
            "2025.4.1\t村调委会\t邻里纠纷\t调解成功\r\n")
    seen = drive_paste(press_button("cancel_button"))
    assert not panel.entry.paste_rows(text)
    listed = seen[0].problems.toPlainText()
    assert "第2行「受理日期」" in listed and "月份 13 不存在" in listed, listed
    assert seen[0].ok_button.text() == "只粘贴正确的 1 行"
    assert store.count("mediations") == n  # cancelled: nothing written
    assert "已取消粘贴" in window.statusbar.currentMessage()

    drive_paste(press_button("good_rows_button"))
    assert panel.entry.paste_rows(text)
    assert store.count("mediations") == n + 1
    added = store.audit.entries("mediations", limit=1)[0]
    assert added["action"] == "insert" and store.get("mediations", added["record_id"])["date"] == "2025-04-01"


def test_pasted_rows_that_repeat_a_record_are_left_out_unless_ticked(window, drive_paste, answers):
    store = window.store
    panel = window.show_ledger("mediations")
    n = store.count("mediations")
    row = "2025-05-05\t村调委会\t邻里纠纷\t孙犇与周淼\t调解成功"
    text = "受理日期\t调委会\t纠纷类型\t当事人\t调解结果\r\n" + (row + "\r\n") * 3
    seen = drive_paste(press_button("paste_button"))
    assert panel.entry.paste_rows(text)
    assert "可能重复录入" in seen[0].problems.toPlainText() and seen[0].keep_duplicates.isVisibleTo(seen[0])
    assert store.count("mediations") == n + 1  # one of three identical rows


def test_paste_into_a_read_only_database_is_refused(window, answers, drive_paste):
    panel = window.show_ledger("mediations")
    panel.set_read_only(True)
    seen = drive_paste(press_button("paste_button"))
    assert not panel.entry.paste_rows("受理日期\t调委会\t纠纷类型\t调解结果\r\n"
                                      "2025-04-01\t村调委会\t邻里纠纷\t调解成功\r\n")
    assert not seen


# -- copy ---------------------------------------------------------------------------------------------


def test_ctrl_c_copies_the_selected_rows_with_their_header_as_text_and_html(window, qtbot, answers):
    panel = window.show_ledger("mediations")
    select_rows(panel, [0, 1, 2])
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    mime = QApplication.clipboard().mimeData()
    lines = mime.text().split("\r\n")
    assert lines[0].split("\t")[:3] == ["受理日期", "调委会", "村（社区）"]
    assert len(lines) == 5 and lines[-1] == ""  # header, three rows, Excel's closing line break
    first = panel.model.record_at(0)
    assert lines[1].split("\t")[0] == first["date"]
    assert mime.hasHtml() and mime.html().count("<tr>") == 4
    copied = mime.text()

    from yaofu_desktop.gui.table_entry import ROWS_MARK, keep_copied_text

    keep_copied_text()  # as the program ends: the rows stay on the clipboard, as text
    after = QApplication.clipboard().mimeData()
    assert after.text() == copied and not after.hasFormat(ROWS_MARK)


# -- edit in place ------------------------------------------------------------------------------------


def open_editor(panel, qtbot, row: int, column: int):
    idx = panel.model.index(row, column)
    panel.table.setCurrentIndex(idx)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    editor = panel.table.indexWidget(idx)
    assert editor is not None, "F2 opens the cell's editor"
    return editor


def test_f2_edits_a_date_in_place_in_the_forms_clerks_write_enter_commits_ctrl_z_undoes(
        window, qtbot, answers):
    store = window.store
    panel = window.show_ledger("mediations")
    col = panel.model.column_of("date")
    rec = panel.model.record_at(0)
    old = rec["date"]
    editor = open_editor(panel, qtbot, 0, col)
    assert isinstance(editor, QLineEdit) and editor.text() == old
    editor.selectAll()
    type_text(editor, "2025年2月3日")  # (through the input method, as Chinese is typed)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: store.get("mediations", rec["id"])["date"] == "2025-02-03", timeout=3000)
    entry = store.audit.entries("mediations", limit=1)[0]
    assert entry["action"] == "update" and entry["record_id"] == rec["id"]
    assert undo_text(window) == "撤销修改「受理日期」（矛盾纠纷调解）"

    window.menus.actionUndoDelete.trigger()
    assert store.get("mediations", rec["id"])["date"] == old
    assert not window.menus.actionUndoDelete.isEnabled()


def test_typing_starts_an_edit_and_esc_cancels_it(window, qtbot, answers):
    store = window.store
    panel = window.show_ledger("mediations")
    col = panel.model.column_of("parties")
    rec = panel.model.record_at(0)
    idx = panel.model.index(0, col)
    panel.table.setCurrentIndex(idx)
    panel.table.setFocus()
    qtbot.keyClicks(panel.table, "x")
    editor = panel.table.indexWidget(idx)
    assert isinstance(editor, QLineEdit) and editor.text().endswith("x")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.wait(50)
    assert panel.table.indexWidget(idx) is None
    assert store.get("mediations", rec["id"])["parties"] == rec["parties"]
    assert not window.menus.actionUndoDelete.isEnabled()


def test_an_impossible_date_in_a_cell_is_refused_naming_the_field_and_rule_and_offered_again(
        window, qtbot, answers):
    store = window.store
    panel = window.show_ledger("mediations")
    col = panel.model.column_of("date")
    rec = panel.model.record_at(0)
    n_audit = len(store.audit.entries("mediations", limit=10_000))
    editor = open_editor(panel, qtbot, 0, col)
    editor.selectAll()
    qtbot.keyClicks(editor, "2025-13-40")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(answers.texts("warn")), timeout=3000)
    msg = answers.texts("warn")[0]
    assert "「受理日期」" in msg and "月份 13 不存在" in msg and "没有修改任何记录" in msg, msg
    assert store.get("mediations", rec["id"])["date"] == rec["date"]  # nothing written, never rolled over
    assert len(store.audit.entries("mediations", limit=10_000)) == n_audit
    again = panel.table.indexWidget(panel.model.index(0, col))
    assert isinstance(again, QLineEdit) and again.text() == "2025-13-40"  # to correct, not retype
    qtbot.keyClick(again, Qt.Key.Key_Escape)


def test_a_choice_cell_edits_with_the_fields_list(window, qtbot, answers):
    store = window.store
    panel = window.show_ledger("mediations")
    col = panel.model.column_of("kind")
    rec = panel.model.record_at(0)
    editor = open_editor(panel, qtbot, 0, col)
    assert isinstance(editor, QComboBox)
    values = store.choices.values("mediations", "kind")
    other = next(v for v in values if v != rec["kind"])
    editor.setCurrentIndex(editor.findText(other))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: store.get("mediations", rec["id"])["kind"] == other, timeout=3000)


def test_an_edit_that_breaks_a_cross_field_rule_is_refused(window, qtbot, answers):
    """警告 carries no fine: a fined penalty cannot become a 警告 by a cell edit either."""
    store = window.store
    panel = add_penalties(window)
    fined = store.get("penalties", next(r for r in (panel.model.record_at(i) for i in range(panel.model.total))
                                        if r and r["amount"])["id"])
    row = panel.model.row_of_id(fined["id"])
    assert panel.entry.commit_cell(row, panel.model.column_of("kind"), "警告") is False
    assert "警告不并处罚没款" in answers.texts("warn")[0]
    assert store.get("penalties", fined["id"]) == fined


def test_an_edit_in_place_that_makes_a_likely_duplicate_asks_first(window, answers):
    store = window.store
    panel = add_penalties(window)
    a, b = panel.model.record_at(0), panel.model.record_at(1)
    answers.ask_answer = False  # 返回修改
    assert not panel.entry.commit_cell(1, panel.model.column_of("doc_no"), a["doc_no"])
    assert "可能重复" in answers.texts("ask")[-1] and "决定书文号" in answers.texts("ask")[-1]
    assert store.get("penalties", b["id"])["doc_no"] == b["doc_no"]


def test_a_cell_moved_to_another_year_offers_to_show_that_year(window, answers):
    store = window.store
    panel = window.show_ledger("mediations")
    rec = panel.model.record_at(0)
    answers.ask_answer = True  # 转到 2024 年度
    assert panel.entry.commit_cell(0, panel.model.column_of("date"), "2024-06-01")
    assert any("属于 2024 年度" in t for t in answers.texts("ask"))
    assert window.year == 2024 and panel.model.record_at(panel.current_row())["id"] == rec["id"]
    assert store.get("mediations", rec["id"])["date"] == "2024-06-01"


def test_no_edit_in_place_when_read_only(window, qtbot, answers):
    panel = window.show_ledger("mediations")
    panel.set_read_only(True)
    idx = panel.model.index(0, panel.model.column_of("parties"))
    assert not panel.model.flags(idx) & Qt.ItemFlag.ItemIsEditable
    assert not panel.entry.commit_cell(0, idx.column(), "某某")
    assert "只读" in window.statusbar.currentMessage()


# -- fill down ----------------------------------------------------------------------------------------


def test_fill_down_writes_the_first_rows_value_in_one_step_and_undo_restores_each(window, qtbot, answers):
    store = window.store
    panel = window.show_ledger("mediations")
    col = panel.model.column_of("village")
    before = [panel.model.record_at(r) for r in range(4)]
    select_rows(panel, [0, 1, 2, 3], col)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_D,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    value = before[0]["village"]
    assert [store.get("mediations", r["id"])["village"] for r in before] == [value] * 4
    changed = [r for r in before[1:] if r["village"] != value]
    assert changed, "the demo rows differ in 村（社区）"
    entries = store.audit.entries("mediations", limit=len(changed))
    assert {e["record_id"] for e in entries} == {r["id"] for r in changed}
    assert undo_text(window) == "撤销向下填充「村（社区）」（矛盾纠纷调解）"

    window.menus.actionUndoDelete.trigger()
    assert [store.get("mediations", r["id"])["village"] for r in before] == [r["village"] for r in before]


def test_fill_down_that_breaks_a_rule_on_one_row_writes_nothing(window, answers):
    store = window.store
    panel = add_penalties(window)
    recs = [store.get("penalties", panel.model.id_at(i)) for i in range(panel.model.total)]
    warned = next(i for i, r in enumerate(recs) if r["kind"] == "警告")
    fined = [i for i, r in enumerate(recs) if r["amount"]][:2]
    select_rows(panel, [warned] + fined, panel.model.column_of("kind"))
    assert not panel.entry.fill_down()
    msg = answers.texts("warn")[0]
    assert "「罚没金额（元）」" in msg and "警告不并处罚没款" in msg and "没有修改任何记录" in msg, msg
    assert [store.get("penalties", recs[i]["id"]) for i in fined] == [recs[i] for i in fined]


def test_undo_bar_button_takes_back_a_paste(window, qtbot, drive_paste, answers):
    panel = window.show_ledger("mediations")
    n = window.store.count("mediations")
    drive_paste(press_button("paste_button"))
    assert panel.entry.paste_rows("2025-07-01\t村调委会\t\t邻里纠纷\t赵昇\t\t调解成功\r\n")  # no header: by position
    assert window.store.count("mediations") == n + 1
    assert panel.undo_bar.isVisibleTo(panel) and panel.undo_button.text() == "撤销粘贴"
    click(qtbot, panel.undo_button)
    assert window.store.count("mediations") == n
