"""The record form (gui/record_form.py): rules shown beside the fields, keys, kinds added on the
spot, database errors (fixtures: tests/gui/conftest.py)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.gui.conftest import click, make_form, set_combo, type_text


def test_rule_violations_shown_inline_and_form_kept(app, qtbot, demo_store, answers):
    dlg = make_form(demo_store, "mediations")
    qtbot.addWidget(dlg)
    dlg.show()
    n = demo_store.count("mediations")
    dlg.editors["date"].edit.set_date(dt.date(2025, 5, 10))
    set_combo(dlg.editors["committee"].combo, "村调委会")
    type_text(dlg.editors["parties"].line, "张三与李四")
    qtbot.keyClicks(dlg.editors["amount"].line, "1234.5")
    closed = dlg.editors["closed"]
    closed.edit.set_date(dt.date(2025, 5, 1))  # before the date: the rule refuses it
    click(qtbot, dlg.save_button)
    assert dlg.result() != QDialog.DialogCode.Accepted and dlg.isVisible()
    assert "必填" in dlg.error_text("kind") and "必填" in dlg.error_text("outcome")
    assert dlg.findChild(type(dlg.general_error), "error_kind").isVisibleTo(dlg)
    assert demo_store.count("mediations") == n
    assert dlg.editors["parties"].value() == "张三与李四"  # what was typed is still there

    set_combo(dlg.editors["kind"].combo, "邻里纠纷")
    set_combo(dlg.editors["outcome"].combo, "调解成功")
    click(qtbot, dlg.save_button)
    assert "不能早于" in dlg.error_text("closed") and dlg.error_text("kind") == ""
    closed.edit.set_date(dt.date(2025, 5, 20))
    click(qtbot, dlg.save_button)
    assert dlg.result() == QDialog.DialogCode.Accepted
    rec = demo_store.get("mediations", dlg.saved_ids[0])
    assert rec["amount"] == 123450 and rec["closed"] == "2025-05-20"


def test_optional_date_and_int_can_stay_empty(app, qtbot, demo_store):
    dlg = make_form(demo_store, "meetings")
    qtbot.addWidget(dlg)
    assert dlg.editors["attendees"].value() is None
    dlg.editors["attendees"].line.setText("5")
    assert dlg.editors["attendees"].value() == "5"  # the store reads it (as the paste and import)
    docs = make_form(demo_store, "normative_documents")
    qtbot.addWidget(docs)
    ed = docs.editors["cleanup_date"]
    assert ed.value() is None  # an optional date: an empty field, no box to tick
    ed.edit.setText("2025.3.5")
    assert ed.value() == "2025.3.5"
    ed.edit.setText("")
    assert ed.value() is None


def test_enter_saves_ctrl_enter_in_long_text_esc_asks(app, qtbot, demo_store, answers):
    dlg = make_form(demo_store, "inspections")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    type_text(dlg.editors["date"].edit.line, "2025.6.3")  # a past year: no date chosen for the clerk
    set_combo(dlg.editors["kind"].combo, "专项检查")
    set_combo(dlg.editors["domain"].combo, "消防")
    findings = dlg.editors["findings"].text
    findings.setFocus()
    type_text(findings, "第一行")
    qtbot.keyClick(findings, Qt.Key.Key_Return)
    type_text(findings, "第二行")
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert findings.toPlainText() == "第一行\n第二行"
    qtbot.keyClick(findings, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert demo_store.get("inspections", dlg.saved_ids[0])["findings"] == "第一行\n第二行"

    dlg2 = make_form(demo_store, "meetings")
    qtbot.addWidget(dlg2)
    dlg2.show()
    type_text(dlg2.editors["date"].edit.line, "2025-06-03")
    set_combo(dlg2.editors["kind"].combo, "专题会议")
    line = dlg2.editors["topic"].line
    type_text(line, "回车保存")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert dlg2.result() == QDialog.DialogCode.Accepted

    dlg3 = make_form(demo_store, "meetings")
    qtbot.addWidget(dlg3)
    dlg3.show()
    type_text(dlg3.editors["topic"].line, "没保存")
    answers.ask_answer = False  # 继续填写
    qtbot.keyClick(dlg3, Qt.Key.Key_Escape)
    assert dlg3.isVisible() and answers.texts("ask")
    answers.ask_answer = True
    qtbot.keyClick(dlg3, Qt.Key.Key_Escape)
    assert not dlg3.isVisible()


def test_database_error_keeps_the_form_open(app, qtbot, demo_store, answers, monkeypatch):
    dlg = make_form(demo_store, "meetings")
    qtbot.addWidget(dlg)
    dlg.show()
    type_text(dlg.editors["date"].edit.line, "2025-06-03")
    set_combo(dlg.editors["kind"].combo, "专题会议")
    type_text(dlg.editors["topic"].line, "磁盘满了也不能丢")

    def locked(*a, **k):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(demo_store, "insert", locked)
    click(qtbot, dlg.save_button)
    assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted
    assert "占用" in answers.texts("error")[-1]
    assert dlg.editors["topic"].value() == "磁盘满了也不能丢"

    monkeypatch.setattr(demo_store, "insert", lambda *a, **k: (_ for _ in ()).throw(
        sqlite3.OperationalError("database or disk is full")))
    click(qtbot, dlg.save_button)
    assert "磁盘空间已满" in answers.texts("error")[-1] and dlg.isVisible()


def test_adding_a_kind_through_the_form(window, qtbot, demo_store, drive_form, monkeypatch):
    from yaofu_desktop.gui.record_form import AddChoiceDialog

    def add_kind(self):
        self.show()
        type_text(self.name_edit, "读书班")
        self.unit_edit.setText("期")
        self.try_add()
        return self.result()

    monkeypatch.setattr(AddChoiceDialog, "exec", add_kind)
    panel = window.show_ledger("study_sessions")

    def fill(dlg):
        combo = dlg.editors["kind"].combo
        i = combo.findText("添加新类型…")
        assert i > 0
        combo.setCurrentIndex(i)
        combo.activated.emit(i)
        assert combo.currentText() == "读书班"
        type_text(dlg.editors["topic"].line, "《民法典》读书班")
        type_text(dlg.editors["date"].edit.line, "2025-06-03")
        click(qtbot, dlg.save_button)

    drive_form(fill)
    click(qtbot, panel.add_button)
    assert "读书班" in demo_store.choices.values("study_sessions", "kind")
    assert demo_store.choices.unit("study_sessions", "kind", "读书班") == "期"
    assert panel.kind_combo.findText("读书班") >= 0
    assert "读书班 1 期" in window.area_tab("lead").figures_text()


def test_save_and_continue_keeps_date_and_kind(app, qtbot, demo_store):
    dlg = make_form(demo_store, "publicity_events")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.editors["date"].edit.set_date(dt.date(2025, 12, 4))
    set_combo(dlg.editors["venue"].combo, "进学校")
    type_text(dlg.editors["topic"].line, "宪法进校园")
    click(qtbot, dlg.save_new_button)
    assert dlg.isVisible() and len(dlg.saved_ids) == 1
    assert dlg.editors["topic"].value() == "" and dlg.editors["venue"].value() == "进学校"
    assert dlg.editors["date"].value() == "2025-12-04"
