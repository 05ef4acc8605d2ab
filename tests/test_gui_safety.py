"""The window's safety features: backup, restore, automatic backups (gui/backups.py), damaged
files at start-up, the one-app-per-database lock and read-only opening (gui/opening.py), 操作记录
(gui/audit_view.py), 已核对 and year locks (gui/edit_state.py). pytest-qt, offscreen; message
boxes through gui/dialogs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDialog  # noqa: E402

from tests.conftest import corrupt_table, file_digest  # noqa: E402
from tests.test_gui import answers, app, click  # noqa: E402,F401 - fixtures shared with test_gui
from yaofu_desktop.backup import list_backups, make_backup, verify_backup  # noqa: E402
from yaofu_desktop.errors import YearLocked  # noqa: E402
from yaofu_desktop.lock import DatabaseLock  # noqa: E402
from yaofu_desktop.gui import dialogs  # noqa: E402
from yaofu_desktop.store import RecordQuery, Store  # noqa: E402

def label_of(db: Path) -> str:
    """The demo database's backups carry its township and a mark of the file's place."""
    from yaofu_desktop.backup import backup_label

    return backup_label(db, "姚伏镇")


@pytest.fixture(autouse=True)
def _fresh_run(monkeypatch):
    """Each test is a fresh start of the program: automatic backups not paused."""
    from yaofu_desktop.gui import backup_jobs

    monkeypatch.setattr(backup_jobs, "_auto_paused", False)


@pytest.fixture
def open_window(app, qtbot, answers):
    """open_window(path) -> a window on `path` as app.run makes it (the lock, then the window)."""
    from yaofu_desktop.gui import backup_jobs, opening
    from yaofu_desktop.gui.main_window import MainWindow

    made = []

    def make(path: Path):
        store = opening.open_locked(path)
        assert store is not None
        w = MainWindow(store)
        qtbot.addWidget(w)
        w.resize(1280, 800)
        w.show()
        qtbot.waitExposed(w)
        qtbot.waitUntil(lambda: not w.backups.scanning, timeout=5000)
        made.append(w)
        return w

    yield make
    for w in made:
        backup_jobs.pause_auto_backups()  # no backup on the way out of a test
        w.close()
        w.store.close()
        w.file_lock.release()


def backups_dir() -> Path:
    from yaofu_desktop.gui.backup_jobs import backup_folder

    return backup_folder()


def ledger_records(path: Path) -> int:
    with Store.open(path, readonly=True) as s:
        return sum(s.counts.all().values())


# -- backup ---------------------------------------------------------------------------------------------


def test_backup_from_the_menu_is_verified_and_shown(open_window, demo_db, answers, qtbot, tmp_path, monkeypatch):

    w = open_window(demo_db)
    assert "尚未备份" in w.backups.last_label.text()
    answers.choose_answer = 0  # 备份到备份文件夹
    w.menus.actionBackup.trigger()
    qtbot.waitUntil(lambda: bool(answers.texts("inform")), timeout=10000)
    [info] = list_backups(backups_dir())
    assert info.ok and info.label == label_of(demo_db)
    verify_backup(info.path)
    n = sum(w.store.counts.all().values())
    text = answers.texts("inform")[-1]
    assert str(info.path) in text and f"{n:,} 条记录" in text
    assert w.backups.last_label.text().startswith("上次备份：今天")

    # another folder (a USB drive)
    usb = tmp_path / "U盘"
    usb.mkdir()
    monkeypatch.setattr(dialogs, "choose_folder", lambda *a, **k: str(usb))
    answers.choose_answer = 1
    w.menus.actionBackup.trigger()
    qtbot.waitUntil(lambda: len(answers.texts("inform")) == 2, timeout=10000)
    assert [i.ok for i in list_backups(usb)] == [True]

    # a drive that is not there: the core's Chinese message, no folder made on the local disk
    gone = tmp_path / "拔掉的U盘" / "备份"
    monkeypatch.setattr(dialogs, "choose_folder", lambda *a, **k: str(gone))
    w.menus.actionBackup.trigger()
    qtbot.waitUntil(lambda: bool(answers.texts("error")), timeout=10000)
    assert "U盘" in answers.texts("error")[-1] and not gone.parent.exists()
    assert "Traceback" not in answers.texts("error")[-1]
    assert w.backups.warning_label.isVisibleTo(w)


# -- restore ----------------------------------------------------------------------------------------------


def drive_restore_dialog(monkeypatch, fn):
    from yaofu_desktop.gui.backup_dialogs import RestoreDialog

    seen = []

    def fake_exec(self):
        seen.append(self)
        self.show()
        fn(self)
        return self.result()

    monkeypatch.setattr(RestoreDialog, "exec", fake_exec)
    return seen


def test_restore_through_the_dialog(open_window, demo_db, answers, qtbot, monkeypatch):
    from yaofu_desktop.gui import backup_jobs
    from yaofu_desktop.paths import backup_dir

    backup = make_backup(demo_db, backups_dir(), label=label_of(demo_db))
    w = open_window(demo_db)
    before = sum(w.store.counts.all().values())
    w.store.insert("meetings", {"date": "2025-06-01", "kind": "专题会议", "topic": "备份之后的会议"})
    assert sum(w.store.counts.all().values()) == before + 1

    def pick_first(dlg):
        assert [i.path for i in dlg.items] == [backup.path]
        row = dlg.row_of(backup.path)
        assert dlg.backupTable.item(row, 1).text() == f"{before:,} 条"
        assert dlg.backupTable.item(row, 3).text() == "完好"
        assert dlg.selected() is not None and dlg.selected().path == backup.path  # preselected
        click(qtbot, dlg.restoreButton)

    seen = drive_restore_dialog(monkeypatch, pick_first)
    answers.ask_answer = True
    w.menus.actionRestore.trigger()
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    # the backup's contents are back, in the window too
    assert sum(w.store.counts.all().values()) == before
    assert w.store.count("meetings", RecordQuery(text="备份之后的会议")) == 0
    assert w.current_panel().store is w.store
    # the old file was kept aside, with the record made after the backup
    kept = [p for p in backup_dir().glob(f"{label_of(demo_db)}_恢复前_*.db")]
    assert len(kept) == 1
    with Store.open(kept[0], readonly=True) as old:
        assert old.count("meetings", RecordQuery(text="备份之后的会议")) == 1
    assert "原数据库已原样另存为" in answers.texts("inform")[-1] and "自动备份已暂停" in answers.texts("inform")[-1]
    # automatic backups pause until the program is restarted
    assert backup_jobs.auto_backups_paused() and "暂停" in w.backups.warning_label.text()
    w.store.insert("meetings", {"date": "2025-06-02", "kind": "专题会议", "topic": "恢复之后"})
    assert w.backups.auto_backup_tick(force=True, wait=True) is None
    w.backups.on_close()
    assert [i.path for i in list_backups(backups_dir())] == [backup.path]
    # the lock is still ours
    assert w.file_lock.lock is not None and w.file_lock.lock.refresh()


def test_truncated_backup_is_refused_and_live_db_unchanged(open_window, demo_db, answers, qtbot,
                                                           monkeypatch, tmp_path):
    good = make_backup(demo_db, tmp_path / "src", label=label_of(demo_db))
    data = good.path.read_bytes()
    folder = backups_dir()
    truncated = folder / f"{label_of(demo_db)}_20990101-000000.db"  # the newest name: listed first
    truncated.write_bytes(data[: len(data) // 2])
    elsewhere = tmp_path / "拷贝中断.db"
    elsewhere.write_bytes(data[: len(data) // 3])

    w = open_window(demo_db)
    w.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    digest = file_digest(demo_db)
    n = sum(w.store.counts.all().values())

    def try_both(dlg):
        row = dlg.row_of(truncated)
        assert dlg.backupTable.item(row, 3).text().startswith("已损坏：不完整")
        assert dlg.selected() is None  # a damaged backup is not preselected
        dlg.backupTable.selectRow(row)
        assert not dlg.restoreButton.isEnabled() or not dlg.restore_selected()
        answers.open_file_answer = str(elsewhere)
        click(qtbot, dlg.otherFileButton)
        assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted
        assert dlg.errorLabel.isVisibleTo(dlg) and "不完整" in dlg.errorLabel.text()
        click(qtbot, dlg.cancelButton)

    seen = drive_restore_dialog(monkeypatch, try_both)
    w.menus.actionRestore.trigger()
    assert seen and seen[0].result() == QDialog.DialogCode.Rejected
    assert "不完整" in answers.texts("error")[-1] and "没有任何改动" in answers.texts("error")[-1]
    assert "请选择其他备份" in answers.texts("error")[-1] and "请从备份恢复" not in answers.texts("error")[-1]
    # also when asked directly: refused before anything is closed or touched
    assert w.backups.restore_from(truncated) is False
    assert file_digest(demo_db) == digest
    assert sum(w.store.counts.all().values()) == n  # the window's store is still open
    from yaofu_desktop.gui import backup_jobs

    assert not backup_jobs.auto_backups_paused()


# -- automatic backups ------------------------------------------------------------------------------------


def test_auto_backup_on_close_only_when_something_changed(open_window, demo_db, qtbot):
    w = open_window(demo_db)
    first = w.backups.auto_backup_tick(force=True, wait=True)  # never backed up: backs up
    assert first is not None and len(list_backups(backups_dir())) == 1
    # within the half hour, nothing changed: the timer does nothing
    assert w.backups.auto_backup_tick() is None
    w.close()  # nothing changed: no backup
    assert len(list_backups(backups_dir())) == 1

    w.show()
    w.store.insert("meetings", {"date": "2025-06-01", "kind": "专题会议", "topic": "关闭前的改动"})
    assert w.backups.auto_backup_tick() is None  # changed, but less than 30 minutes: not yet
    w.close()  # changed: a backup, past the interval
    infos = list_backups(backups_dir())
    # a new backup; rotation keeps the newest of each day, so today's first one made way
    assert infos[0].path != first.path and all(i.ok for i in infos)
    with Store.open(infos[0].path, readonly=True) as b:
        assert b.count("meetings", RecordQuery(text="关闭前的改动")) == 1


def test_start_up_reads_the_newest_backup_and_its_data_version(open_window, demo_db, qtbot):
    make_backup(demo_db, backups_dir(), label=label_of(demo_db), now=dt.datetime.now() - dt.timedelta(hours=2))
    w = open_window(demo_db)
    assert w.backups.last_backup_at is not None and "上次备份" in w.backups.last_label.text()
    assert not w.backups.changed_since_backup()
    w.close()  # the newest backup has everything: no new one
    assert len(list_backups(backups_dir())) == 1


def test_damaged_database_is_never_backed_up(open_window, demo_db, monkeypatch):
    from yaofu_desktop import backup

    w = open_window(demo_db)
    monkeypatch.setattr(backup.rotation, "quick_check", lambda p: "数据库自检发现问题：第 3 页损坏")
    assert w.backups.auto_backup_tick(force=True, wait=True) is None
    assert list_backups(backups_dir()) == []
    assert w.backups.warning_label.isVisibleTo(w) and "自检未通过" in w.backups.warning_label.toolTip()


# -- a damaged database at start-up -------------------------------------------------------------------------


def test_damaged_database_at_start_up_offers_the_newest_good_backup(app, demo_db, answers, tmp_path):
    from yaofu_desktop.gui import app as gui_app
    from yaofu_desktop.gui import backup_jobs, opening
    from yaofu_desktop.paths import backup_dir

    older = make_backup(demo_db, backups_dir(), label=label_of(demo_db), now=dt.datetime(2025, 1, 1, 9, 0))
    with Store.open(demo_db) as s:
        s.insert("meetings", {"date": "2025-06-01", "kind": "专题会议", "topic": "较新的备份里才有"})
    newest_good = make_backup(demo_db, backups_dir(), label=label_of(demo_db), now=dt.datetime(2025, 2, 1, 9, 0))
    data = newest_good.path.read_bytes()
    (backups_dir() / f"{label_of(demo_db)}_20250301-090000.db").write_bytes(data[: len(data) // 2])  # newer, broken
    assert older.path.exists()

    bad = demo_db.read_bytes()
    demo_db.write_bytes(bad[: len(bad) // 2])  # cut off in the middle: damaged
    damaged = demo_db.read_bytes()
    answers.choose_answer = 0  # 从最新的完好备份恢复
    store = gui_app.open_store(demo_db)
    try:
        assert isinstance(store, Store) and store.path == demo_db
        assert store.count("meetings", RecordQuery(text="较新的备份里才有")) == 1
        question = answers.texts("choose")[-1]
        assert "原样保留" in question and str(newest_good.path) in question
        kept = list(backup_dir().glob("*_恢复前_*.db"))
        assert len(kept) == 1 and kept[0].read_bytes() == damaged
        assert "原样另存为" in answers.texts("inform")[-1]
        assert backup_jobs.auto_backups_paused()
    finally:
        store.close()
        opening.take_lock(store).release()


def test_damaged_database_quit_leaves_it_as_it_is(app, demo_db, answers):
    from yaofu_desktop.gui import app as gui_app

    data = demo_db.read_bytes()
    demo_db.write_bytes(data[: len(data) // 2])
    digest = file_digest(demo_db)
    answers.choose_answer = 1  # no backup: [打开其他文件…, 退出] → 退出
    assert gui_app.open_store(demo_db) is None
    assert "没有找到" in answers.texts("choose")[-1]
    assert file_digest(demo_db) == digest
    assert sorted(p.name for p in demo_db.parent.iterdir()) == ["demo.db", "demo.附件"]


# -- one app per database ---------------------------------------------------------------------------------------


def test_second_open_of_a_locked_database_is_read_only(open_window, demo_db, answers, qtbot, monkeypatch):
    from yaofu_desktop.gui.record_form import RecordDialog

    other = DatabaseLock(demo_db)  # "the other copy of the app"
    other.acquire()
    try:
        answers.choose_answer = 0  # 以只读方式打开
        w = open_window(demo_db)
        holder = other.read()
        text = answers.texts("choose")[-1]
        assert holder.user in text and holder.host in text and "只读" in text
        assert w.store.readonly and w.read_only
        assert "只读" in w.windowTitle() and "只读" in w.edit_state.state_label.text()
        for a in (w.menus.actionAddRecord, w.menus.actionEditRecord, w.menus.actionDeleteRecord, w.menus.actionProfile,
                  w.menus.actionRestore, w.menus.actionMarkReviewed, w.menus.actionLockYear):
            assert not a.isEnabled(), a.text()
        panel = w.show_ledger("mediations")
        qtbot.wait(10)
        panel.table.selectRow(0)
        assert not panel.add_button.isEnabled() and not panel.edit_button.isEnabled()
        assert not panel.delete_button.isEnabled()
        w.show_tab("lead")
        assert not w.menus.actionAddRecord.isEnabled()  # a tab change does not enable it again
        opened = []
        monkeypatch.setattr(RecordDialog, "exec", lambda self: opened.append(self))
        rect = panel.table.visualRect(panel.model.index(0, 0))
        qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        panel.add_record()  # however it is reached (shortcut, menu), nothing opens for editing
        panel.delete_records()
        assert not opened and panel.model.rowCount() > 0
        assert other.refresh(), "the read-only copy leaves the other's lock alone"
    finally:
        other.release()


def test_force_open_warns_and_the_other_copy_is_told(open_window, demo_db, answers):
    first = open_window(demo_db)  # holds the lock
    answers.choose_answer = 1  # 强制打开…
    answers.ask_answer = True
    from yaofu_desktop.gui import opening

    store = opening.open_locked(demo_db)
    try:
        assert store is not None and not store.readonly
        assert "数据冲突" in answers.texts("ask")[-1]
        assert first.file_lock.refresh_lock() is False
        assert "强制打开" in answers.texts("warn")[-1] and first.read_only
    finally:
        store.close()
        opening.take_lock(store).release()


def test_lock_released_on_shutdown(open_window, demo_db):

    w = open_window(demo_db)
    lock_file = Path(str(demo_db) + ".lock")
    assert lock_file.exists()
    w.store.close()
    w.file_lock.release()
    assert not lock_file.exists()


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
    w.mark_reviewed(True)  # however it is reached, the store refuses
    assert "已锁定" in answers.texts("error")[-1]
    assert w.store.get("mediations", rec["id"])["reviewed"] == rec["reviewed"]

    w.menus.actionUnlockYear.trigger()
    assert 2025 not in w.store.year_locks.years() and "已锁定" not in w.windowTitle()
    last = w.store.audit.entries("locked_years", limit=1)[0]
    assert last["action"] == "unlock" and last["record_id"] == 2025
    w.store.update("mediations", rec["id"], {"summary": "解锁后修改"})


# -- backup settings -------------------------------------------------------------------------------------------


def test_backup_settings_are_saved(open_window, demo_db, tmp_path, monkeypatch):
    from yaofu_desktop.gui import backup_dialogs, backup_jobs

    w = open_window(demo_db)
    target = tmp_path / "另一个文件夹"
    target.mkdir()
    monkeypatch.setattr(dialogs, "choose_folder", lambda *a, **k: str(target))

    def fill(dlg):
        dlg.pick_folder()
        dlg.spins[0].setValue(5)
        dlg.save()
        return dlg.result()

    monkeypatch.setattr(backup_dialogs.BackupSettingsDialog, "exec", fill)
    assert w.menus.actionBackupSettings.trigger() is None
    assert backup_jobs.backup_folder(w.settings) == target
    policy = backup_jobs.backup_policy(w.settings)
    assert (policy.daily, policy.weekly, policy.monthly) == (5, 10, 9)
    assert w.backups.auto_backup_tick(force=True, wait=True) is not None
    assert len(list_backups(target)) == 1



def test_open_from_menu_takes_the_lock_before_the_file(open_window, demo_db, answers, tmp_path):
    """打开数据库 on a file another copy holds: asked first; cancelled, nothing is opened."""
    import json
    import os

    from yaofu_desktop.demo import create_demo

    w = open_window(demo_db)
    other = create_demo(tmp_path / "other.db")
    holder = DatabaseLock(other)
    holder.acquire()
    lock_file = Path(str(other) + ".lock")
    info = json.loads(lock_file.read_text(encoding="utf-8"))
    info["pid"] = os.getppid()  # held by another live process
    lock_file.write_text(json.dumps(info), encoding="utf-8")
    digest = file_digest(other)
    answers.choose_answer = 2  # 以只读方式打开 / 强制打开… / 取消
    assert w.open_database(other) is False
    asked = [c for c in answers.calls if c[0] == "choose"]
    assert asked and "正由" in asked[-1][2]
    assert w.store.path == demo_db
    assert file_digest(other) == digest
    assert not Path(str(other) + "-wal").exists()  # not even opened


# -- this database's backups ------------------------------------------------------------------------------


def test_damaged_tables_with_a_readable_profile_offer_this_databases_newest_backup(app, demo_db, answers, tmp_path):
    """Damage that leaves 乡镇概况 readable (pages of one ledger table): the backups carry the
    township and the file's place mark, and the newest good one of this file is offered (not a
    newer backup of another file of the same township)."""
    from yaofu_desktop.backup import backup_label
    from yaofu_desktop.gui import app as gui_app
    from yaofu_desktop.gui import opening
    from yaofu_desktop.dbfile import read_profile_value

    mine = make_backup(demo_db, backups_dir(), label=backup_label(demo_db), now=dt.datetime(2025, 2, 1, 9, 0))
    copy = tmp_path / "练习用副本.db"
    copy.write_bytes(demo_db.read_bytes())
    theirs = make_backup(copy, backups_dir(), label=backup_label(copy), now=dt.datetime(2025, 3, 1, 9, 0))
    assert mine.label.startswith("姚伏镇-") and theirs.label.startswith("姚伏镇-") and mine.label != theirs.label

    corrupt_table(demo_db)
    assert read_profile_value(demo_db, "township") == "姚伏镇"  # the profile still reads
    damaged = demo_db.read_bytes()
    answers.choose_answer = 2  # 退出: only look at what is offered
    assert gui_app.open_store(demo_db) is None
    question = answers.texts("choose")[-1]
    assert "没有找到" not in question and str(mine.path) in question and str(theirs.path) not in question
    assert "已损坏（第 " in question and "On tree page" not in question.split("技术信息")[0]
    assert question.count("技术信息") <= 1
    assert demo_db.read_bytes() == damaged

    answers.choose_answer = 0  # 从最新的完好备份恢复
    store = gui_app.open_store(demo_db)
    try:
        assert isinstance(store, Store) and sum(store.counts.all().values()) > 0
        assert store.profile()["township"] == "姚伏镇"
        kept = list(backup_dir_of_data().glob("*_恢复前_*.db"))
        assert len(kept) == 1 and kept[0].read_bytes() == damaged
    finally:
        store.close()
        opening.take_lock(store).release()


def backup_dir_of_data() -> Path:
    from yaofu_desktop.paths import backup_dir

    return backup_dir()


def test_restore_dialog_shows_this_databases_backups_first(open_window, demo_db, answers, qtbot,
                                                          monkeypatch, tmp_path):
    from yaofu_desktop.backup import backup_label

    folder = backups_dir()
    older = make_backup(demo_db, folder, label=backup_label(demo_db), now=dt.datetime(2025, 1, 1, 9, 0))
    newer = make_backup(demo_db, folder, label=backup_label(demo_db), now=dt.datetime(2025, 2, 1, 9, 0))
    data = newer.path.read_bytes()
    broken = folder / f"{backup_label(demo_db)}_20250301-090000.db"
    broken.write_bytes(data[: len(data) // 2])  # this database's newest, but cut short
    copy = tmp_path / "练习用副本.db"
    copy.write_bytes(demo_db.read_bytes())
    other = make_backup(copy, folder, label=backup_label(copy), now=dt.datetime(2025, 4, 1, 9, 0))

    w = open_window(demo_db)

    def look(dlg):
        t = dlg.backupTable
        # this database's backups only, under their heading, the newest usable one selected
        assert [i.path for i in dlg.items] == [broken, newer.path, older.path]
        assert "这个数据库" in t.item(0, 0).text() and t.columnSpan(0, 0) == 4
        assert dlg.selected().path == newer.path
        assert t.item(dlg.row_of(newer.path), 3).text() == "完好"
        status = t.item(dlg.row_of(broken), 3).text()
        assert status.startswith("已损坏：不完整") and str(broken) not in status
        assert dlg.othersCheck.isVisibleTo(dlg) and "1 份" in dlg.othersCheck.text()
        # the other database's backup: behind the toggle, under its own heading, never preselected
        dlg.othersCheck.setChecked(True)
        assert [i.path for i in dlg.items] == [broken, newer.path, older.path, other.path]
        heading = dlg.row_of(other.path) - 1
        assert "其他数据库" in t.item(heading, 0).text() and dlg.rows[heading] is None
        assert dlg.selected().path == newer.path
        dlg.othersCheck.setChecked(False)
        assert other.path not in [i.path for i in dlg.items]
        click(qtbot, dlg.cancelButton)

    seen = drive_restore_dialog(monkeypatch, look)
    w.menus.actionRestore.trigger()
    assert seen and seen[0].result() == QDialog.DialogCode.Rejected


def test_restore_from_the_window_warns_only_of_a_real_township_mismatch(open_window, demo_db, answers,
                                                                       tmp_path):
    from yaofu_desktop.backup import backup_label

    own = make_backup(demo_db, backups_dir(), label=backup_label(demo_db))
    w = open_window(demo_db)
    answers.ask_answer = True
    assert w.backups.restore_from(own.path) is True
    done = answers.texts("inform")[-1]
    assert "已从备份恢复" in done and "注意" not in done and "属于" not in done
    assert "注意" not in answers.texts("ask")[-1]

    # a backup of another township's database: said before and after
    other = tmp_path / "other.db"
    other.write_bytes(demo_db.read_bytes())
    with Store.open(other) as s:
        s.set_profile({"township": "西河镇"})
    theirs = make_backup(other, tmp_path / "u盘", label=backup_label(other))
    assert w.backups.restore_from(theirs.path) is True
    for text in (answers.texts("ask")[-1], answers.texts("inform")[-1]):
        assert "该备份属于“西河镇”，原数据库属于“姚伏镇”" in text
    assert "不是当前数据库的备份" in answers.texts("ask")[-1]


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


# -- a read-only file (the 只读 attribute of a file copied from a CD, a USB drive or an e-mail) -----------


def test_read_only_file_is_offered_and_opened_read_only(app, qtbot, demo_db, answers, monkeypatch):
    import os

    from yaofu_desktop.gui import app as gui_app
    from yaofu_desktop.gui import backup_jobs
    from yaofu_desktop.gui.main_window import MainWindow

    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == demo_db and mode & os.W_OK
                        else real_access(p, mode, **kw))  # as root, chmod would not stop us
    digest = file_digest(demo_db)
    offered = []

    def choose(parent, title, text, options, **kw):
        offered.append((title, text, list(options)))
        return 0  # 以只读方式打开

    monkeypatch.setattr(dialogs, "choose", choose)
    store = gui_app.open_store(demo_db)
    assert store is not None and store.readonly
    title, text, options = offered[-1]
    assert options[0] == "以只读方式打开" and "只读" in text and "属性" in text
    w = MainWindow(store)
    qtbot.addWidget(w)
    try:
        assert w.read_only and "只读" in w.windowTitle()
        assert not w.menus.actionAddRecord.isEnabled()
        assert w.store.count("mediations") > 0
    finally:
        backup_jobs.pause_auto_backups()
        w.close()
        w.store.close()
        w.file_lock.release()
    assert file_digest(demo_db) == digest
    # no lock, -wal or -shm left (demo.附件: the demo's 佐证材料)
    assert sorted(p.name for p in demo_db.parent.iterdir()) == ["demo.db", "demo.附件"]

    # declined: nothing is opened
    monkeypatch.setattr(dialogs, "choose", lambda *a, **k: 1)
    assert gui_app.open_store(demo_db) is None


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
    for a in (w.menus.actionAddRecord, w.menus.actionEditRecord, w.menus.actionDuplicateRecord, w.menus.actionDeleteRecord,
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


def test_restore_runs_off_the_window_thread_with_a_progress_dialog(open_window, demo_db, answers, qtbot,
                                                                  monkeypatch):
    """The window keeps its event loop while the file work runs in the worker; a progress dialog
    that Esc does not close stands over it; every safety step stays (see the restore tests)."""
    import threading
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from yaofu_desktop.backup import backup_label
    from yaofu_desktop.gui import backup_jobs

    own = make_backup(demo_db, backups_dir(), label=backup_label(demo_db))
    w = open_window(demo_db)
    w.store.insert("meetings", {"date": "2025-06-01", "kind": "专题会议", "topic": "备份之后的会议"})
    real = backup_jobs.restore_backup
    seen = {}

    def slow(*a, **kw):
        seen["in_main_thread"] = threading.current_thread() is threading.main_thread()
        time.sleep(0.4)  # a large file
        return real(*a, **kw)

    monkeypatch.setattr(backup_jobs, "restore_backup", slow)
    ticks = []

    def tick():
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QProgressDialog) and modal.windowTitle() == "从备份恢复":
            ticks.append((modal, w.tabs.isVisible()))  # (not 检查备份 before: the file is still open)
        else:
            ticks.append((None, w.tabs.isVisible()))
        if isinstance(modal, QProgressDialog):
            modal.reject()  # Esc: the work cannot be stopped halfway, the dialog stays

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(40)
    try:
        assert w.backups.restore_from(own.path) is True
    finally:
        timer.stop()
    assert seen["in_main_thread"] is False
    busy = [modal for modal, _ in ticks if isinstance(modal, QProgressDialog)]
    assert len(busy) >= 3  # the window's loop ran all along, the dialog open throughout
    assert all(not visible for modal, visible in ticks if isinstance(modal, QProgressDialog))
    assert w.tabs.isVisible() and w.store.count("meetings", RecordQuery(text="备份之后的会议")) == 0
    assert w.current_panel().store is w.store
    assert backup_jobs.auto_backups_paused() and len(list(backup_dir_of_data().glob("*_恢复前_*.db"))) == 1


def test_checking_a_chosen_backup_runs_off_the_window_thread(open_window, demo_db, answers, qtbot, monkeypatch):
    """The full check of a backup the clerk picked (a second or so for a large file) keeps the
    window alive too."""
    import threading

    from yaofu_desktop.backup import backup_label
    from yaofu_desktop.gui import backup_jobs

    own = make_backup(demo_db, backups_dir(), label=backup_label(demo_db))
    w = open_window(demo_db)
    real = backup_jobs.verify_backup
    threads = []

    def watched(path):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(path)

    monkeypatch.setattr(backup_jobs, "verify_backup", watched)
    answers.ask_answer = False  # stop at the question: only the check matters here
    assert w.backups.restore_from(own.path) is False
    assert threads == [False] and "确定用这个备份替换当前数据库吗" in answers.texts("ask")[-1]
