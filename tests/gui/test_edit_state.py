"""What may be changed (gui/edit_state.py): read-only, year locks, 已核对 (LedgerPanel), and
操作记录 (gui/audit_view.py) (fixtures: tests/gui/conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt

from tests.gui.conftest import backups_dir, click
from yaofu_desktop.backup import make_backup
from yaofu_desktop.errors import YearLocked
from yaofu_desktop.store import RecordQuery

# -- 操作记录 -------------------------------------------------------------------------------------------------


def test_audit_view_lists_an_edit_with_before_and_after(open_window, demo_db, qtbot, monkeypatch):
    from yaofu_desktop.gui.audit_view import AuditView

    w = open_window(demo_db)
    rec = w.store.select("meetings", RecordQuery(year=2025), limit=1)[0]
    w.store.update("meetings", rec["id"], {"topic": "改过的议题", "attendees": 15})
    seen = []
    monkeypatch.setattr(AuditView, "exec", lambda self: seen.append(self) or 0)
    w.show_tab("lead")
    w.menus.actionAudit.trigger()
    view = seen[0]
    qtbot.addWidget(view)
    assert view.ledgerCombo.currentData() == "meetings"  # follows the ledger shown
    row = view.row_texts(0)
    assert row[2] == "法治建设会议" and row[4] == "修改"
    assert rec["date"] in row[3] and "改过的议题" in row[3]
    assert f"研究议题：{rec['topic']} → 改过的议题" in row[5]
    assert "参会人数" in row[5] and "→ 15" in row[5]
    assert "updated_at" not in row[5]
    # filters and pages
    view.set_filter("mediations")
    assert all(view.row_texts(r)[2] == "矛盾纠纷调解" for r in range(view.table.rowCount()))
    view.set_filter(None, since=dt.date.today() + dt.timedelta(days=1))
    assert view.table.rowCount() == 0 and "没有" in view.pageLabel.text()
    view.set_filter(None)
    assert view.nextButton.isEnabled()  # the demo has more than one page
    click(qtbot, view.nextButton)
    assert view.page == 1 and view.pageLabel.text().startswith("第 2 页")
    assert view.prevButton.isEnabled()


# -- 已核对 ---------------------------------------------------------------------------------------------------


def test_mark_reviewed_from_the_table(open_window, demo_db, qtbot):
    from PySide6.QtCore import QItemSelectionModel

    w = open_window(demo_db)
    panel = w.show_ledger("mediations")
    qtbot.wait(10)
    sm = panel.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    sm.select(panel.model.index(0, 0), flags)
    sm.select(panel.model.index(1, 0), flags)
    ids = [panel.model.id_at(0), panel.model.id_at(1)]
    w.menus.actionMarkReviewed.trigger()
    assert all(w.store.get("mediations", i)["reviewed"] == 1 for i in ids)
    rows = [panel.model.row_of_id(i) for i in ids]
    for r in rows:
        assert panel.model.headerData(r, Qt.Orientation.Vertical).startswith("✓")
        assert panel.model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert sorted(panel.selected_rows()) == sorted(rows)  # still selected
    entries = w.store.audit.entries("mediations", limit=2)
    assert {e["action"] for e in entries} == {"review"}

    # the table's context menu offers it too, beside 修改 and 复制为新记录
    menu = panel.context_menu(panel.table.visualRect(panel.model.index(rows[0], 0)).center())
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[:4] == ["修改…", "复制为新记录…", "标记为已核对(&K)", "取消核对"], texts
    assert sorted(panel.selected_rows()) == sorted(rows)  # the menu keeps the selection

    w.menus.actionUnmarkReviewed.trigger()
    assert all(w.store.get("mediations", i)["reviewed"] == 0 for i in ids)
    assert not panel.model.headerData(rows[0], Qt.Orientation.Vertical).startswith("✓")


# -- year lock ------------------------------------------------------------------------------------------------


def test_lock_year_refuses_edits_and_unlock_is_logged(open_window, demo_db, answers, qtbot):
    w = open_window(demo_db)
    assert w.year == 2025 and w.menus.actionLockYear.isEnabled()
    answers.ask_answer = False
    w.menus.actionLockYear.trigger()
    assert 2025 not in w.store.year_locks.years()
    answers.ask_answer = True
    w.menus.actionLockYear.trigger()
    assert "报告" in answers.texts("ask")[-1]
    assert 2025 in w.store.year_locks.years()
    assert "已锁定" in w.windowTitle() and "2025年度已锁定" in w.edit_state.state_label.text()
    assert w.menus.actionUnlockYear.isEnabled() and not w.menus.actionLockYear.isEnabled()
    # the title keeps the mark when the window sets it again
    w.reload()
    assert "已锁定" in w.windowTitle()
    w.set_year(2024)
    assert "已锁定" not in w.windowTitle() and w.menus.actionLockYear.isEnabled()
    w.set_year(2025)

    panel = w.show_ledger("mediations")
    rec = panel.model.record_at(0)
    with pytest.raises(YearLocked):
        w.store.update("mediations", rec["id"], {"summary": "锁定后修改"})
    panel.table.selectRow(0)
    assert not w.menus.actionMarkReviewed.isEnabled()  # offered no more
    w.menus.mark_reviewed(True)  # however it is reached, the store refuses
    assert "已锁定" in answers.texts("error")[-1]
    assert w.store.get("mediations", rec["id"])["reviewed"] == rec["reviewed"]

    w.menus.actionUnlockYear.trigger()
    assert 2025 not in w.store.year_locks.years() and "已锁定" not in w.windowTitle()
    last = w.store.audit.entries("locked_years", limit=1)[0]
    assert last["action"] == "unlock" and last["record_id"] == 2025
    w.store.update("mediations", rec["id"], {"summary": "解锁后修改"})


# -- undo of a delete, in the window as the program builds it ----------------------------------------------


def test_undo_button_on_the_bar_is_clickable_in_the_open_window(open_window, demo_db, answers, qtbot):
    w = open_window(demo_db)
    for name in ("meetings", "mediations"):  # the first tab's panel (made before the features) and a later one
        panel = w.show_ledger(name)
        qtbot.wait(10)
        assert not panel.read_only
        assert not panel.undo_button.isEnabled()  # nothing to undo yet
        panel.table.selectRow(0)
        rec = panel.model.record_at(0)
        n = panel.model.total
        answers.ask_answer = True
        click(qtbot, panel.delete_button)
        assert panel.model.total == n - 1 and panel.undo_bar.isVisibleTo(panel)
        assert panel.undo_button.isEnabled()
        click(qtbot, panel.undo_button)
        assert panel.model.total == n and w.store.get(name, rec["id"]) is not None
        assert not panel.undo_bar.isVisibleTo(panel) and not panel.undo_button.isEnabled()
        assert not w.menus.actionUndoDelete.isEnabled()  # the menu item follows the bar
    # read-only: the button is off even with a delete to undo
    panel.table.selectRow(0)
    click(qtbot, panel.delete_button)
    w.edit_state.set_read_only(True)
    assert not panel.undo_button.isEnabled()
    w.edit_state.set_read_only(False)
    assert panel.undo_button.isEnabled()


def test_audit_view_shows_a_restore_and_an_added_kind_in_chinese(open_window, demo_db, answers, qtbot, monkeypatch):
    from yaofu_desktop.backup import backup_label
    from yaofu_desktop.gui.audit_view import AuditView

    own = make_backup(demo_db, backups_dir(), label=backup_label(demo_db))
    w = open_window(demo_db)
    assert w.backups.restore_from(own.path) is True
    w.store.choices.add("mediations", "kind", "山林纠纷", unit="起")
    seen = []
    monkeypatch.setattr(AuditView, "exec", lambda self: seen.append(self) or 0)
    w.show_tab("overview")  # no ledger shown: every entry
    w.menus.actionAudit.trigger()
    view = seen[0]
    qtbot.addWidget(view)
    kind, restore = view.row_texts(0), view.row_texts(1)
    assert kind[2] == "可选项" and kind[4] == "添加选项"
    assert kind[5].splitlines() == ["台账：矛盾纠纷调解", "栏目：纠纷类型", "选项：山林纠纷", "单位：起"]
    assert restore[2] == "整个数据库" and restore[4] == "从备份恢复"
    assert restore[5].startswith(f"备份文件：{own.path}") and "原数据库另存为：" in restore[5]
    assert not any(k in restore[5] + kind[5] for k in ("backup", "kept_aside", "field", "ledger", "value", "unit"))


def test_a_locked_year_offers_no_editing_and_says_why(open_window, demo_db, answers, qtbot):
    w = open_window(demo_db)
    panel = w.show_ledger("mediations")
    qtbot.wait(10)
    panel.table.selectRow(0)
    assert panel.add_button.isEnabled() and panel.delete_button.isEnabled()
    answers.ask_answer = True
    w.menus.actionLockYear.trigger()
    assert 2025 in w.store.year_locks.years()

    # nothing that would be refused is offered; the panel says why and what to do
    for b in (panel.add_button, panel.edit_button, panel.duplicate_button, panel.delete_button):
        assert not b.isEnabled(), b.text()
    for a in (w.menus.actionAddRecord, w.menus.actionEditRecord, w.menus.actionDuplicateRecord,
              w.menus.actionDeleteRecord,
              w.menus.actionMarkReviewed):
        assert not a.isEnabled(), a.text()
    note = panel.lock_note
    assert note.isVisibleTo(panel)
    assert "2025年度已锁定（年度报告已印发）" in note.text() and "“年度”菜单中解除锁定" in note.text()
    # reached however (Delete key, a double click): no question that is then refused, no form
    asked = len(answers.texts("ask"))
    n = panel.model.total
    panel.delete_records()
    panel.add_record()
    panel.edit_record(0)
    assert len(answers.texts("ask")) == asked and panel.model.total == n
    assert "已锁定" in w.statusbar.currentMessage()
    # a ledger of another tab, made after the lock, says so too
    other = w.show_ledger("petitions")
    qtbot.wait(10)
    assert other.lock_note.isVisibleTo(other) and not other.add_button.isEnabled()

    # the records of other years stay editable
    w.set_year(2024)
    panel = w.show_ledger("mediations")
    assert not panel.lock_note.isVisibleTo(panel) and panel.add_button.isEnabled()
    assert w.menus.actionAddRecord.isEnabled() and w.menus.actionMarkReviewed.isEnabled()
    w.set_year(2025)
    assert not w.menus.actionAddRecord.isEnabled()

    w.menus.actionUnlockYear.trigger()
    assert not panel.lock_note.isVisibleTo(panel) and panel.add_button.isEnabled()
    assert w.menus.actionAddRecord.isEnabled() and w.menus.actionMarkReviewed.isEnabled()
