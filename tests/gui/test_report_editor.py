"""The 报告 tab's editor (gui/wording_editor.py), driven as a clerk does (pytest-qt, offscreen).

Issue 10: each passage shows its source; figures are fields that cannot be half-deleted, inserted
from the list and said as chosen from their menu; suggestions are adopted with a click, one by
one or a part at a time; the checklist 本年度确无; undo and redo; saving and reopening; and nowhere
in the window a brace, a bracket or a figure's key.
"""

from __future__ import annotations

import re

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

from tests.gui.conftest import click, open_section, settle, type_text
from yaofu_desktop.gui import (
    dialogs,
    report_tab as rt,
)
from yaofu_desktop.gui.report_checks import TARGET
from yaofu_desktop.gui.wording_cards import ItemCard
from yaofu_desktop.gui.wording_fields import OBJECT_CHAR
from yaofu_desktop.ledgers import LEDGERS
from yaofu_desktop.report.editing import YearWording
from yaofu_desktop.wording import CLERK, RECORDS, SUGGESTION, Field, Profile, Text

YEAR = 2025
CODE = re.compile(r"[{}]|\[\[|\]\]")
KEY = re.compile(r"\b(?:%s)\.[A-Za-z_]" % "|".join(lg.name for lg in LEDGERS))


def clerk_card(ed, index: int = -1) -> ItemCard:
    return [c for c in ed.cards if c.editable][index]


def figure_item(tab, key: str):
    tree = tab.figureTree
    for i in range(tree.topLevelItemCount()):
        g = tree.topLevelItem(i)
        for j in range(g.childCount()):
            if g.child(j).data(0, Qt.ItemDataRole.UserRole) == ("figure", key):
                return g.child(j)
    raise AssertionError(key)


def menu_action(menu, data=None, text=None):
    for a in menu.actions():
        if (data is not None and a.data() == data and a.isCheckable()) or (text and text in a.text()):
            return a
    raise AssertionError((data, text, [a.text() for a in menu.actions()]))


def tick(qtbot, box) -> None:
    """Click a check box on its box (the middle of a wide one is not on it)."""
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def saved_section(store, key):
    return YearWording.load(store, YEAR).section(key)


def new_passage(ed, qtbot, text: str) -> ItemCard:
    ed.add_button.click()
    card = clerk_card(ed)
    type_text(card.edit, text)
    return card


# -- the source of every passage -------------------------------------------------------------


def test_every_passage_shows_its_source(report, qtbot):
    ed = open_section(report, "lead")
    badges = {c.badge.text() for c in ed.cards}
    assert "自己填写" in badges and "来自台账" in badges  # the demo's own words and a records sentence
    rec = next(c for c in ed.cards if c.source == RECORDS)
    assert rec.edit.isReadOnly() and "来自台账" in rec.badge.text()
    assert "border-left: 4px solid #1f5fa8" in rec.styleSheet()
    before = rec.edit.runs()
    qtbot.keyClick(rec.edit, Qt.Key.Key_A)  # typed into: unchanged, and the clerk is told why
    assert rec.edit.runs() == before and "不能直接改字" in report.window_.statusBar().currentMessage()
    # a passage that depends on a figure shows its toggle, in words
    toggles = [c.toggle for c in ed.cards if c.toggle.isVisible()]
    assert toggles and all(t.text().startswith("仅当「") and t.text().endswith("不为零时写入") for t in toggles)
    assert all(t.isChecked() for t in toggles)
    # suggestions not adopted are offered, greyed, each with 采用
    assert ed.offers.cards and all(s.adopt.text() == "采用" for s in ed.offers.cards)
    assert "#8a8a8a" in ed.offers.cards[0].label.styleSheet()


def test_a_records_sentence_of_an_empty_ledger_is_greyed_with_its_reason(report, qtbot, demo_store):
    from yaofu_desktop.store import RecordQuery

    with demo_store.transaction():
        for r in demo_store.select("legal_advisers", RecordQuery(year=YEAR), limit=1000):
            demo_store.delete("legal_advisers", r["id"])
    report.window_.dataChanged.emit("legal_advisers")
    ed = open_section(report, "review")
    click(qtbot, ed.restore_button)  # the demo's own text states these; put the sentences back
    settle(qtbot, report)
    rec = ed.card("r-legal_advisers")
    assert rec is not None and not rec.edit.isVisible()
    assert rec.status.isVisible() and "台账本年度没有记录" in rec.status.text() and "不写入报告" in rec.status.text()


# -- figures as fields -------------------------------------------------------------------------


def test_insert_a_figure_change_its_say_delete_around_it_save_reopen(report, qtbot, demo_store):
    ed = open_section(report, "other")
    card = new_passage(ed, qtbot, "全年调解纠纷")
    report.formCombo.setCurrentIndex(report.formCombo.findData(""))
    report.figureTree.itemActivated.emit(figure_item(report, "mediations.total"), 0)  # the list
    type_text(card.edit, "。")
    edit = card.edit
    assert edit.toPlainText() == f"全年调解纠纷{OBJECT_CHAR}。"  # one character: the field
    assert edit.runs() == [Text("全年调解纠纷"), Field("mediations.total"), Text("。")]
    pos = edit.toPlainText().index(OBJECT_CHAR)
    tip = edit.field_tooltip(pos)
    assert "矛盾纠纷" in tip and "112" in tip and "mediations" not in tip
    # its way of saying, from its menu: each way shown as it reads now
    menu = ed.make_field_menu(card, pos)
    assert menu_action(menu, data="约").text().endswith("约112起")
    menu_action(menu, data="余").trigger()
    assert edit.runs()[1] == Field("mediations.total", "余")
    settle(qtbot, report)
    assert "全年调解纠纷110余起。" in report.preview.document().toPlainText()
    # deleting text around it: the field goes whole or stays whole
    cur = edit.textCursor()
    cur.setPosition(2)
    cur.setPosition(pos + 1, QTextCursor.MoveMode.KeepAnchor)  # "调解纠纷" and the field
    edit.setTextCursor(cur)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert edit.runs() == [Text("全年。")]
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo: back, whole
    assert edit.runs() == [Text("全年调解纠纷"), Field("mediations.total", "余"), Text("。")]
    cur = edit.textCursor()
    cur.setPosition(pos + 1)
    edit.setTextCursor(cur)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)  # right after it: the field goes as one
    assert edit.runs() == [Text("全年调解纠纷。")]
    report.undo_group.undo()
    assert edit.runs()[1] == Field("mediations.total", "余")
    cur.setPosition(pos - 2)
    cur.setPosition(pos, QTextCursor.MoveMode.KeepAnchor)  # the two characters before it
    edit.setTextCursor(cur)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.runs() == [Text("全年调解"), Field("mediations.total", "余"), Text("。")]
    # typing right after a field is plain text, never part of the field
    cur = edit.textCursor()
    cur.setPosition(edit.toPlainText().index(OBJECT_CHAR) + 1)
    edit.setTextCursor(cur)
    type_text(edit, "（全年）")
    assert edit.runs() == [Text("全年调解"), Field("mediations.total", "余"), Text("（全年）。")]
    # save, reopen
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not report.is_dirty() and report.savedLabel.text() == "已保存"
    item = next(it for it in saved_section(demo_store, "other").items if it.source == CLERK)
    assert item.runs == [Text("全年调解"), Field("mediations.total", "余"), Text("（全年）。")]
    report._loaded = False
    report.load_year()
    ed = open_section(report, "other")
    again = clerk_card(ed)
    assert again.edit.runs() == item.runs and again.edit.toPlainText() == f"全年调解{OBJECT_CHAR}（全年）。"
    settle(qtbot, report)
    assert "四、其他需要报告的情况" in report.preview.document().toPlainText()


def test_a_zero_figure_field_says_why_and_its_zero_wording_fixes_it(report, qtbot):
    ed = open_section(report, "other")
    card = new_passage(ed, qtbot, "本年度")
    report.insert_figure("figure", "review_cases.litigation")
    type_text(card.edit, "。")
    settle(qtbot, report)
    assert "为零" in card.status.text() and card.edit.greyed  # a zero inside a claim: not printed
    pos = card.edit.toPlainText().index(OBJECT_CHAR)
    menu_action(ed.make_field_menu(card, pos), data="零").trigger()
    settle(qtbot, report)
    assert not card.edit.greyed and not card.status.isVisible()
    assert "无行政应诉案件" in report.preview.document().toPlainText()


def test_a_profile_value_is_a_field_too(report, qtbot):
    ed = open_section(report, "other")
    card = new_passage(ed, qtbot, "今年")
    top = report.figureTree.topLevelItem(0)
    item = next(top.child(j) for j in range(top.childCount())
                if report.figureTree.topLevelItem(0).child(j).data(0, Qt.ItemDataRole.UserRole) == ("profile", "self"))
    report.figureTree.itemActivated.emit(item, 0)
    assert card.edit.runs() == [Text("今年"), Profile("self")]
    assert "我镇" in ed.plain_text()


def test_figure_list_is_searchable_by_label(report):
    report.figureSearch.setText("信访")
    visible = [it.text(0) for it in report.figures.visible()]
    assert visible and all("信访" in v or "信访" in it.parent().text(0)
                           for v, it in zip(visible, report.figures.visible()))
    report.figureSearch.setText("mediations")  # keys are never searched (nor shown)
    assert report.figures.visible() == []


def test_the_toggle_of_a_passage(report, qtbot, demo_store):
    ed = open_section(report, "lead")
    card = next(c for c in ed.cards if c.toggle.isVisible())
    tick(qtbot, card.toggle)  # off: the passage is printed whatever the figure
    assert not card.toggle.isChecked() and card.toggle.isVisible()
    assert not next(it for it in ed.wording.section("lead").items if it.id == card.item_id).when
    tick(qtbot, card.toggle)
    assert next(it for it in ed.wording.section("lead").items if it.id == card.item_id).when
    # a passage of the clerk's with a figure: the toggle from the menu
    ed = open_section(report, "other")
    c2 = new_passage(ed, qtbot, "全年开展会前学法")
    report.insert_figure("figure", "study_sessions.kind.会前学法")
    pos = c2.edit.toPlainText().index(OBJECT_CHAR)
    menu_action(ed.make_field_menu(c2, pos), text="仅当这个数字不为零时写入").trigger()
    assert c2.toggle.isVisible() and c2.toggle.isChecked() and "会前学法" in c2.toggle.text()


# -- suggestions -------------------------------------------------------------------------------


def test_adopt_a_suggestion_and_a_parts_suggestions(report, qtbot, demo_store):
    ed = open_section(report, "lead")
    offered = len(ed.offers.cards)
    first = ed.offers.cards[0]
    text = first.label.text()
    click(qtbot, first.adopt)
    adopted = [c for c in ed.cards if c.source == SUGGESTION]
    assert len(adopted) == 1 and adopted[0].badge.text() == "采用的建议"
    assert len(ed.offers.cards) == offered - 1
    assert text in ed.plain_text()
    type_text(adopted[0].edit, "并按季度通报。")  # editable afterwards
    settle(qtbot, report)
    assert adopted[0].badge.text() == "采用的建议（已修改）"
    click(qtbot, ed.offers.adopt_all_button)
    assert not ed.offers.cards and not ed.offers.adopt_all_button.isVisible()
    assert len([c for c in ed.cards if c.source == SUGGESTION]) == offered
    settle(qtbot, report)
    report.save()
    items = saved_section(demo_store, "lead").items
    assert len([it for it in items if it.source == SUGGESTION]) == offered


def test_an_empty_required_part_and_its_check(sparse, qtbot):
    """A town with records only: 二、存在的不足和原因 is named as missing; clicking the check
    goes there; adopting the part's suggestions fills it."""
    win = sparse
    win.show_tab("report")
    tab = win.tab_widget("report")
    qtbot.waitUntil(lambda: tab._loaded and tab.checksList.count() > 0, timeout=3000)
    items = [tab.checksList.item(i) for i in range(tab.checksList.count())]
    missing = [it for it in items if it.data(Qt.ItemDataRole.UserRole) == "error"
               and it.data(TARGET) == "problems"]
    assert missing and "存在的不足和原因" in missing[0].text() and "尚无内容" in missing[0].text()
    assert "点击转到" in missing[0].toolTip()
    tab.check_panel.clicked(missing[0])
    assert tab.outline.current == "problems"
    ed = tab.editor("problems")
    assert ed.empty_label.isVisible() and ed.offers.cards
    click(qtbot, ed.offers.adopt_all_button)
    settle(qtbot, tab)
    assert "problems" not in tab.check_panel.section_errors
    date = next(it for it in [tab.checksList.item(i) for i in range(tab.checksList.count())]
                if it.data(TARGET) == "issue_date")
    tab.check_panel.clicked(date)
    assert "请选择成文日期" in win.statusBar().currentMessage()


# -- the checklist -------------------------------------------------------------------------------


def test_confirm_a_checklist_item(report, qtbot, demo_store):
    report.select_section(rt.CHECKLIST)
    page = report.checklist()
    key, box = next((k, b) for k, b in page.boxes.items() if b.isEnabled() and b.isChecked())
    tick(qtbot, box)  # the demo confirmed it; taken back ...
    assert key not in report.wording.confirmed and report.is_dirty()
    tick(qtbot, box)  # ... and confirmed again
    assert key in report.wording.confirmed and not report.is_dirty()
    other = next(b for b in page.boxes.values() if b.isEnabled() and b is not box)
    tick(qtbot, other)
    assert report.is_dirty()
    assert "本年度确无" in report.sectionList.item(rt.PAGES.index(rt.CHECKLIST)).text()
    report.save()
    assert YearWording.load(demo_store, YEAR).confirmed == report.wording.confirmed
    disabled = [b for b in page.boxes.values() if not b.isEnabled()]
    assert disabled and all("已有记录" in b.text() for b in disabled)  # records exist: nothing to confirm


def test_the_checklist_in_its_part(sparse, qtbot):
    win = sparse
    win.show_tab("report")
    tab = win.tab_widget("report")
    qtbot.waitUntil(lambda: tab._loaded, timeout=3000)
    ed = open_section(tab, "review")
    rec = ed.card("r-review_cases")
    assert rec is not None and "没有记录" in rec.status.text() and "本年度确无" in rec.status.text()
    box = ed.nil.boxes["review_cases.reconsideration"]
    tick(qtbot, box)
    settle(qtbot, tab)
    assert rec.edit.isVisible() and "无作为被申请人的行政复议案件" in rec.edit.toPlainText()
    assert "无作为被申请人的行政复议案件" in tab.preview.document().toPlainText()


# -- undo, unsaved changes ----------------------------------------------------------------------


def test_undo_and_redo_across_typing_fields_and_passages(report, qtbot):
    ed = open_section(report, "plans")
    n = len(ed.cards)
    card = new_passage(ed, qtbot, "完善制度")
    report.insert_figure("figure", "meetings.total")
    click(qtbot, ed.offers.cards[0].adopt)
    assert len(ed.cards) == n + 2
    report.undo_group.undo()  # the adopted suggestion
    assert len(ed.cards) == n + 1
    report.undo_group.undo()  # the field
    assert card.edit.runs() == [Text("完善制度")]
    report.undo_group.undo()  # the typing
    assert card.edit.runs() == []
    report.undo_group.undo()  # the passage
    assert len(ed.cards) == n and not report.is_dirty()
    for _ in range(4):
        report.undo_group.redo()
    assert len(ed.cards) == n + 2 and card.edit.runs() == [Text("完善制度"), Field("meetings.total")]
    # Enter splits a passage; Backspace at the start joins it again
    cur = card.edit.textCursor()
    cur.setPosition(2)
    card.edit.setTextCursor(cur)
    qtbot.keyClick(card.edit, Qt.Key.Key_Return)
    assert card.edit.runs() == [Text("完善")]
    nxt = ed.cards[ed.cards.index(card) + 1]
    assert nxt.edit.runs() == [Text("制度"), Field("meetings.total")] and nxt.edit.hasFocus()
    qtbot.keyClick(nxt.edit, Qt.Key.Key_Backspace)
    assert card.edit.runs() == [Text("完善制度"), Field("meetings.total")] and nxt not in ed.cards
    report.undo_group.undo()
    assert card.edit.runs() == [Text("完善")] and ed.cards[ed.cards.index(card) + 1].edit.runs()[0] == Text("制度")
    qtbot.keyClick(card.edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert card.edit.runs() == [Text("完善制度"), Field("meetings.total")]
    assert report.undoButton.isEnabled()


def test_leaving_the_tab_asks_about_unsaved_changes(report, window, qtbot, answers, demo_store):
    ed = open_section(report, "other")
    new_passage(ed, qtbot, "年底前完成。")
    answers.choose_answer = 0  # 保存
    window.show_tab("lead")
    qtbot.waitUntil(lambda: any("尚未保存" in t for t in answers.texts("choose")), timeout=3000)
    assert not report.is_dirty()
    assert any(it.source == CLERK for it in saved_section(demo_store, "other").items)


def test_year_switch_and_close_ask_about_unsaved_changes(report, window, qtbot, answers, demo_store):
    ed = open_section(report, "other")
    new_passage(ed, qtbot, "年底前改完。")
    answers.ask_answer = True
    window.set_year(YEAR + 1)
    assert any("尚未保存" in t for t in answers.texts("ask"))
    assert saved_section(demo_store, "other").items
    assert report.year == YEAR + 1 and report.titleLabel.text().startswith(f"{YEAR + 1}")
    ed = open_section(report, "plans")
    new_passage(ed, qtbot, "新的一条安排。")
    answers.choose_answer = 2  # 取消
    window.close()
    assert window.isVisible() and "尚未保存" in answers.texts("choose")[-1]
    answers.choose_answer = 1
    window.close()
    assert not window.isVisible()


# -- earlier years' wording ------------------------------------------------------------------


def test_wording_saved_by_an_earlier_version_shows_as_fields_and_toggles(report, window, qtbot, demo_store):
    demo_store.report_texts.set(2023, "lead", "学法工作扎实。全年组织学法{study_sessions.total|数}条"
                                             "[[，开展会前学法{study_sessions.kind.会前学法|余}]]，"
                                             "{self}党委高度重视。")
    window.set_year(2023)
    ed = open_section(report, "lead")
    assert ed.heading.toPlainText() == "学法工作扎实"
    texts = [c.edit.runs() for c in ed.cards if c.editable]
    assert texts == [[Text("全年组织学法"), Field("study_sessions.total", "数"), Text("条")],
                     [Text("，开展会前学法"), Field("study_sessions.kind.会前学法", "余")],
                     [Text("，"), Profile("self"), Text("党委高度重视。")]]
    toggled = [c for c in ed.cards if c.toggle.isVisible()]
    assert toggled and "会前学法" in toggled[0].toggle.text()
    for c in ed.cards:
        assert not CODE.search(c.edit.toPlainText())
    assert not CODE.search(ed.plain_text()) and not KEY.search(ed.plain_text())


# -- where a figure comes from ---------------------------------------------------------------


def test_a_figure_in_the_preview_leads_to_its_records(report, window, qtbot, demo_store):
    from PySide6.QtCore import QUrl

    from yaofu_desktop.figures import records_behind

    settle(qtbot, report)
    key = "study_sessions.kind.会前学法"
    n = report.preview_pane.mark_keys.index(key)
    report.preview.anchorClicked.emit(QUrl(f"fig:{n}"))
    panel = window.current_panel()
    assert panel is not None and panel.ledger.name == "study_sessions"
    behind = records_behind(demo_store, key, YEAR)
    assert panel.model.rowCount() == len(behind.ids) == 15
    said = panel.only_bar.label.text()
    assert panel.only_bar.isVisible() and "会前学法" in said and "15" in said
    click(qtbot, panel.only_bar.button)
    assert panel.model.rowCount() > 15 and not panel.only_bar.isVisible()
    # from a field's menu in the editor too
    window.show_tab("report")
    ed = open_section(report, "lead")
    rec = next(c for c in ed.cards if c.source == RECORDS)
    pos = rec.edit.field_positions()[0]
    menu_action(ed.make_field_menu(rec, pos), text="查看这些记录").trigger()
    assert window.current_panel().ledger.name == "inspection_findings"


def test_the_year_way_of_saying_a_records_figure(report, qtbot, demo_store):
    ed = open_section(report, "lead")
    rec = next(c for c in ed.cards if c.source == RECORDS)
    pos = rec.edit.field_positions()[0]
    menu = ed.make_field_menu(rec, pos)
    assert {a.data() for a in menu.actions() if a.isCheckable()} == {"", "余", "约"}
    menu_action(menu, data="约").trigger()
    assert ed.wording.ways == {"inspection_findings.total": "约"}
    assert "约5个" in ed.card(rec.item_id).edit.toPlainText() or "约5个" in ed.plain_text()
    report.undo_group.undo()
    assert ed.wording.ways == {}
    report.undo_group.redo()
    report.save()
    assert YearWording.load(demo_store, YEAR).ways == {"inspection_findings.total": "约"}


# -- nowhere a code -----------------------------------------------------------------------------


def visible_texts(root: QWidget) -> list[str]:
    out = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root.window()) and w is not root:
            continue
        out.append(w.toolTip())
        out.append(w.windowTitle() if w.isWindow() else "")
        if isinstance(w, QLabel):
            out.append(w.text())
        elif isinstance(w, QAbstractButton):
            out.append(w.text())
        elif isinstance(w, QLineEdit):
            out += [w.text(), w.placeholderText()]
        elif isinstance(w, QTextEdit):
            out += [w.toPlainText(), w.placeholderText()]
        elif isinstance(w, QGroupBox):
            out.append(w.title())
        elif isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QListWidget):
            for i in range(w.count()):
                out += [w.item(i).text(), w.item(i).toolTip()]
        elif isinstance(w, QTreeWidget):
            for i in range(w.topLevelItemCount()):
                g = w.topLevelItem(i)
                out += [g.text(0), g.toolTip(0)]
                for j in range(g.childCount()):
                    c = g.child(j)
                    out += [c.text(0), c.text(1), c.toolTip(0), c.toolTip(1)]
    return [t for t in out if t]


def assert_no_code(texts: list[str]) -> None:
    bad = [t for t in texts if CODE.search(t) or KEY.search(t)]
    assert not bad, bad[:5]


def walk_tab(tab, qtbot) -> list[str]:
    texts = []
    for key in rt.PAGES:
        tab.select_section(key)
        settle(qtbot, tab)
        ed = tab.editor(key) if key != rt.CHECKLIST else None
        texts += visible_texts(tab)
        if ed is not None:
            for c in ed.cards:
                for pos in c.edit.field_positions():
                    texts.append(c.edit.field_tooltip(pos))
                    menu = ed.make_field_menu(c, pos)
                    texts += [a.text() for a in menu.actions()] + [a.toolTip() for a in menu.actions()]
    texts.append(tab.preview.document().toPlainText())
    texts += [tip for _shown, tip in tab.preview_pane.marks]
    return texts


def test_no_brace_bracket_or_key_anywhere_demo(report, qtbot, answers, tmp_path, monkeypatch):
    texts = walk_tab(report, qtbot)
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: "")
    report.generate("pdf")  # refused or asked where: every box goes through gui.dialogs
    ed = open_section(report, "other")
    card = new_passage(ed, qtbot, "试")
    report.insert_figure("figure", "review_cases.litigation")  # a zero that cannot be said so
    settle(qtbot, report)
    report.generate("pdf")
    texts += walk_tab(report, qtbot) + [t for _k, _title, t in answers.calls]
    texts += [title for _k, title, _t in answers.calls]
    assert any("不能在写已做工作的句子里写0" in t for t in texts)
    assert_no_code(texts)
    assert not card.status.isHidden()


def test_no_brace_bracket_or_key_anywhere_sparse_town(sparse, qtbot, answers):
    win = sparse
    win.show_tab("report")
    tab = win.tab_widget("report")
    qtbot.waitUntil(lambda: tab._loaded, timeout=3000)
    texts = walk_tab(tab, qtbot)
    tab.generate("pdf")  # refused: 成文日期, the required parts
    warned = answers.texts("warn")
    assert warned and "成文日期" in warned[-1] and "存在的不足和原因" in warned[-1]
    texts += [t for _k, _title, t in answers.calls]
    assert_no_code(texts)


# -- a town that is not the sample ------------------------------------------------------------


@pytest.fixture
def sparse(tmp_path, make_window, answers):
    """The window on a town that is not the sample: records only, no text, nothing adopted."""
    from tests.test_report_sources import make_gansu

    store = make_gansu(tmp_path / "gansu.db")
    store.set_profile({"report_year": YEAR})
    yield make_window(store)
    answers.choose_answer = 1  # closing: "不保存"
    store.close()  # after make_window closed the window (its fixture finishes first)


def test_keyboard_shortcuts_are_the_tabs(report):
    assert report.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert report.save_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)


# -- the profile the report uses ------------------------------------------------------------------


def test_profile_dialog_leading_bodies_and_no_copy_to(report, window, qtbot, monkeypatch, demo_store):
    """领导机关 has its own field (the preamble's "在……的领导下"), 抄送 may be 无 (no 抄送 line);
    the report follows the dialog at once. A check about the profile leads to the dialog."""
    from PySide6.QtWidgets import QDialog

    from yaofu_desktop.gui.profile_dialog import ProfileDialog

    seen = []

    def fill(self):
        seen.append(self)
        self.show()
        assert self.leadersEdit.text() == "县委、县政府" and not self.noCopyToCheck.isChecked()
        self.leadersEdit.setText("区委、区政府")
        tick(qtbot, self.noCopyToCheck)
        assert not self.copyToEdit.isEnabled()
        click(qtbot, self.buttonBox.button(self.buttonBox.StandardButton.Ok))
        return self.result()

    monkeypatch.setattr(ProfileDialog, "exec", fill)
    demo_store.set_profile({"leaders": "县委、县政府", "copy_to": ""})
    report.reload()
    settle(qtbot, report)
    items = [report.checksList.item(i) for i in range(report.checksList.count())]
    copy_check = next(it for it in items if "抄送" in it.text())
    assert copy_check.data(Qt.ItemDataRole.UserRole + 1) == "profile" and "乡镇概况" in copy_check.toolTip()
    report.check_panel.clicked(copy_check)  # the check leads to the dialog
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    p = demo_store.profile()
    assert p["leaders"] == "区委、区政府" and p["copy_to"] == "无"
    settle(qtbot, report)
    text = report.preview.document().toPlainText()
    assert "抄送" not in text
    assert not any("抄送" in report.checksList.item(i).text() for i in range(report.checksList.count()))
    again = ProfileDialog(demo_store)
    assert again.noCopyToCheck.isChecked() and again.copyToEdit.text() == ""
    assert "成文日期" in again.issueDateHint.text()


def test_a_click_in_the_preview_opens_that_part(report, qtbot):
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    settle(qtbot, report)
    cur = report.preview.document().find("社会矛盾纠纷依法有效化解")  # the demo's heading of （六）
    assert not cur.isNull()
    cur.clearSelection()
    report.preview.setTextCursor(cur)
    report.preview.ensureCursorVisible()
    point = report.preview.cursorRect(cur).center()
    assert report.section_at(point) == "disputes"
    release = QMouseEvent(QEvent.Type.MouseButtonRelease, QPointF(point),
                          QPointF(report.preview.viewport().mapToGlobal(point)),
                          Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(report.preview.viewport(), release)
    assert report.outline.current == "disputes" and report.editorStack.currentWidget() is report.editor("disputes")


def test_a_locked_year_is_shown_but_not_edited(report, window, qtbot, demo_store):
    """The year's report issued (年度 → 锁定): its wording is shown, nothing can change it."""
    demo_store.year_locks.lock(YEAR)
    window.update_state()
    ed = open_section(report, "lead")
    assert report.read_only() and ed.read_only
    assert all(c.edit.isReadOnly() for c in ed.cards)
    assert not any(c.adopt.isEnabled() for c in ed.offers.cards) and not ed.add_button.isEnabled()
    assert not report.restoreButton.isEnabled() and not report.saveButton.isEnabled()
    n = len(ed.cards)
    ed.adopt(ed.offers.cards[0].sid)
    assert len(ed.cards) == n and not report.is_dirty()
    assert not report.insert_figure("figure", "meetings.total")
