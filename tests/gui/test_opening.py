"""Opening a database (gui/opening.py): the one-app-per-database lock, read-only opening, a
file whose 只读 attribute is set, damaged files at start-up (fixtures: tests/gui/conftest.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt

from tests.conftest import corrupt_table, file_digest
from tests.gui.conftest import backups_dir, label_of
from yaofu_desktop.backup import make_backup
from yaofu_desktop.gui import dialogs
from yaofu_desktop.lock import DatabaseLock, process_start
from yaofu_desktop.paths import backup_dir
from yaofu_desktop.store import RecordQuery, Store

# -- a damaged database at start-up -------------------------------------------------------------------------


def test_damaged_database_at_start_up_offers_the_newest_good_backup(app, demo_db, answers, tmp_path):
    from yaofu_desktop.gui import app as gui_app, backup_jobs, opening
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


def test_open_from_menu_takes_the_lock_before_the_file(open_window, demo_db, answers, tmp_path):
    """打开数据库 on a file another copy holds: asked first; cancelled, nothing is opened."""
    import json
    import os

    from yaofu_desktop.demo import create_demo
    from yaofu_desktop.gui import opening

    w = open_window(demo_db)
    other = create_demo(tmp_path / "other.db")
    holder = DatabaseLock(other)
    holder.acquire()
    lock_file = Path(str(other) + ".lock")
    info = json.loads(lock_file.read_text(encoding="utf-8"))
    info["pid"] = os.getppid()  # held by another live process
    info["proc_start"] = process_start(os.getppid())  # ... that is the one that wrote it
    lock_file.write_text(json.dumps(info), encoding="utf-8")
    digest = file_digest(other)
    answers.choose_answer = 2  # 以只读方式打开 / 强制打开… / 取消
    assert opening.open_database(w, other) is False
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
    from yaofu_desktop.dbfile import read_profile_value
    from yaofu_desktop.gui import app as gui_app, opening

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
        kept = list(backup_dir().glob("*_恢复前_*.db"))
        assert len(kept) == 1 and kept[0].read_bytes() == damaged
    finally:
        store.close()
        opening.take_lock(store).release()


# -- a read-only file (the 只读 attribute of a file copied from a CD, a USB drive or an e-mail) -----------


def test_read_only_file_is_offered_and_opened_read_only(app, qtbot, demo_db, answers, monkeypatch):
    import os

    from yaofu_desktop.gui import app as gui_app, backup_jobs
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
