"""Entry without silent mistakes: the record form (dates typed as clerks type them, an impossible
date refused at its field, letters in a number explained, errors cleared as corrected, the form
growing to fit), likely duplicates pointed out with "仍然保存", a record saved into another year
offered to show (fixtures: tests/gui/conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.gui.conftest import click, set_combo, type_text
from yaofu_desktop.ledgers import ledger


def form(store, name, year=2025, **kw):
    from yaofu_desktop.gui.record_form import RecordDialog

    return RecordDialog(store, ledger(name), year=year, **kw)


def shown(qtbot, dlg):
    qtbot.addWidget(dlg)
    with qtbot.waitActive(dlg):  # focus moves (and editing finishes) only in the active window
        dlg.show()
        dlg.activateWindow()
    return dlg


def keys(qtbot, widget, text):
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_impossible_date_refused_at_its_field_never_rolled_over(app, qtbot, demo_store, answers):
    dlg = form(demo_store, "penalties")
    shown(qtbot, dlg)
    line = dlg.editors["date"].edit.line
    keys(qtbot, line, "2025-13-40")
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert line.text() == "2025-13-40"  # kept as typed: not 2025-12-13, not anything else
    assert "月份 13 不存在" in dlg.error_text("date") and "「决定日期」" in dlg.error_text("date")
    n = demo_store.count("penalties")
    click(qtbot, dlg.save_button)
    assert dlg.isVisible() and demo_store.count("penalties") == n
    # corrected: the message goes at once, at the field
    line.selectAll()
    keys(qtbot, line, "2025.3.5")
    assert dlg.error_text("date") == ""
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert line.text() == "2025-03-05"


def test_ctrl_a_in_a_date_field_then_typing_replaces_it(app, qtbot, demo_store, answers):
    dlg = form(demo_store, "meetings", year=dt.date.today().year)
    shown(qtbot, dlg)
    line = dlg.editors["date"].edit.line
    assert line.text() == dt.date.today().isoformat()
    qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(line, "2025年3月5日")  # (an input method commits the Chinese; keys would do the same)
    assert line.text() == "2025年3月5日" and dlg.editors["date"].value() == "2025年3月5日"
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert line.text() == "2025-03-05"


@pytest.mark.parametrize("typed", ["2025.3.5", "2025年3月5日", "20250305", "2025-3-5", "2025/3/5"])
def test_date_forms_clerks_type_are_saved(app, qtbot, demo_store, answers, typed):
    dlg = form(demo_store, "meetings")
    shown(qtbot, dlg)
    type_text(dlg.editors["date"].edit.line, typed)
    set_combo(dlg.editors["kind"].combo, "专题会议")
    type_text(dlg.editors["topic"].line, f"日期写法{typed}")
    click(qtbot, dlg.save_button)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert demo_store.get("meetings", dlg.saved_ids[0])["date"] == "2025-03-05"


def test_new_record_in_a_past_year_has_no_date_chosen_for_the_clerk(app, qtbot, demo_store, answers):
    """It used to start on 12-31 of that year: records saved without a look all landed there."""
    year = dt.date.today().year - 1
    dlg = form(demo_store, "meetings", year=year)
    qtbot.addWidget(dlg)
    assert dlg.editors["date"].value() is None
    assert str(year) in dlg.editors["date"].edit.line.placeholderText()
    dlg.show()
    set_combo(dlg.editors["kind"].combo, "专题会议")
    type_text(dlg.editors["topic"].line, "忘了填日期")
    click(qtbot, dlg.save_button)
    assert dlg.isVisible() and "必填" in dlg.error_text("date")


def test_a_date_field_takes_one_tab(app, qtbot, demo_store, answers):
    dlg = form(demo_store, "meetings")
    shown(qtbot, dlg)
    qtbot.waitExposed(dlg)
    dlg.editors["date"].edit.line.setFocus()
    qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_Tab)
    assert dlg.focusWidget() is dlg.editors["kind"].combo


def test_calendar_header_reads_year_then_month(app, qtbot, demo_store, answers):
    dlg = form(demo_store, "meetings")
    shown(qtbot, dlg)
    edit = dlg.editors["date"].edit
    edit.setText("2025-03-05")
    edit.open_calendar()
    assert edit.popup.title.text() == "2025年3月"
    edit.popup.calendar.showNextMonth()
    assert edit.popup.title.text() == "2025年4月"
    edit.popup.calendar.clicked.emit(edit.popup.calendar.selectedDate().addMonths(1))
    assert edit.text() == "2025-04-05" and not edit.popup.isVisible()


def test_letters_in_a_number_are_explained_at_the_field(app, qtbot, demo_store, answers):
    dlg = form(demo_store, "meetings")
    shown(qtbot, dlg)
    line = dlg.editors["attendees"].line
    keys(qtbot, line, "2a")
    assert line.text() == "2a"  # the key is not swallowed
    assert "「参会人数」必须是整数" in dlg.error_text("attendees")
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    assert dlg.error_text("attendees") == ""
    money = form(demo_store, "penalties")
    shown(qtbot, money)
    keys(qtbot, money.editors["amount"].line, "12o0")
    assert "「罚没金额（元）」必须是金额" in money.error_text("amount")


def test_a_warning_with_a_fine_is_refused_at_the_amount(app, qtbot, demo_store, answers):
    dlg = form(demo_store, "penalties")
    shown(qtbot, dlg)
    type_text(dlg.editors["date"].edit.line, "2025-06-01")
    type_text(dlg.editors["doc_no"].line, "测政罚〔2025〕99号")
    type_text(dlg.editors["violation"].line, "占道")
    set_combo(dlg.editors["kind"].combo, "警告")
    keys(qtbot, dlg.editors["amount"].line, "2000.50")
    assert "警告不并处罚没款" in dlg.error_text("amount")
    n = demo_store.count("penalties")
    click(qtbot, dlg.save_button)
    assert demo_store.count("penalties") == n and dlg.isVisible()


def test_errors_clear_as_corrected_and_the_form_grows_to_fit(app, qtbot, demo_store, answers):
    dlg = form(demo_store, "penalties")
    shown(qtbot, dlg)
    qtbot.waitExposed(dlg)
    h0 = dlg.height()
    click(qtbot, dlg.save_button)  # every required field empty
    with_errors = [n for n in dlg.editors if dlg.error_text(n)]
    assert set(with_errors) >= {"date", "doc_no", "violation", "kind"}
    assert dlg.height() > h0
    # the last field is not pushed out of sight: it is whole in the scroll area, unscrolled
    last = dlg.editors[dlg.ledger.fields[-1].name].widget
    vp = dlg._scroll.viewport()
    top = last.mapTo(vp, last.rect().topLeft()).y()
    assert dlg._scroll.verticalScrollBar().value() == 0 and 0 <= top and top + last.height() <= vp.height()
    type_text(dlg.editors["doc_no"].line, "测政罚〔2025〕100号")
    assert dlg.error_text("doc_no") == "" and dlg.error_text("violation")  # only the corrected one
    type_text(dlg.editors["violation"].line, "占道")
    assert dlg.error_text("violation") == ""


def test_a_copy_saved_unchanged_asks_before_making_a_duplicate(window, qtbot, demo_store, drive_form, answers):
    """256 法律明白人 became 257 without a word."""
    panel = window.show_ledger("legal_literates")
    panel.table.selectRow(0)
    n = demo_store.count("legal_literates")

    drive_form(lambda dlg: click(qtbot, dlg.save_button))
    answers.ask_answer = False  # 返回修改
    click(qtbot, panel.duplicate_button)
    asked = answers.texts("ask")
    assert asked and "可能重复录入" in asked[-1] and "「姓名」、「村（社区）」相同" in asked[-1]
    assert demo_store.count("legal_literates") == n

    answers.ask_answer = True  # 仍然保存
    drive_form(lambda dlg: click(qtbot, dlg.save_button))
    click(qtbot, panel.duplicate_button)
    assert demo_store.count("legal_literates") == n + 1


def test_a_second_penalty_with_the_same_decision_number_is_pointed_out(app, qtbot, demo_store, answers):
    demo_store.insert("penalties", {"date": "2025-04-01", "doc_no": "测政罚〔2025〕7号", "violation": "占道",
                                    "kind": "罚款", "amount": "500"})
    existing = demo_store.select("penalties", limit=1)[0]
    dlg = form(demo_store, "penalties")
    shown(qtbot, dlg)
    type_text(dlg.editors["date"].edit.line, "2025-11-01")
    type_text(dlg.editors["doc_no"].line, existing["doc_no"])
    type_text(dlg.editors["violation"].line, "另一件事")
    set_combo(dlg.editors["kind"].combo, "警告")
    answers.ask_answer = False
    n = demo_store.count("penalties")
    click(qtbot, dlg.save_button)
    assert "「决定书文号」相同" in answers.texts("ask")[-1] and demo_store.count("penalties") == n
    assert dlg.isVisible()


def test_a_record_saved_into_another_year_offers_that_year(window, qtbot, demo_store, drive_form, answers):
    panel = window.show_ledger("meetings")
    assert window.year == 2025

    def fill(dlg):
        type_text(dlg.editors["date"].edit.line, "2024-06-01")
        set_combo(dlg.editors["kind"].combo, "专题会议")
        type_text(dlg.editors["topic"].line, "去年的会")
        click(qtbot, dlg.save_button)

    drive_form(fill)
    click(qtbot, panel.add_button)
    assert "属于 2024 年度" in answers.texts("ask")[-1]
    assert window.year == 2024
    panel = window.current_panel()
    rec = panel.model.record_at(panel.current_row())
    assert rec["topic"] == "去年的会"
