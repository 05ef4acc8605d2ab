"""Backups in the window (gui/backups.py, gui/backup_dialogs.py, gui/backup_jobs.py): 备份,
从备份恢复 and its dialog, 备份设置, the automatic backups (fixtures: tests/gui/conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtWidgets import QDialog

from tests.conftest import file_digest
from tests.gui.conftest import backups_dir, click, drive_dialog, label_of
from yaofu_desktop.backup import list_backups, make_backup, verify_backup
from yaofu_desktop.gui import dialogs
from yaofu_desktop.paths import backup_dir
from yaofu_desktop.store import RecordQuery, Store

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

    return drive_dialog(monkeypatch, RestoreDialog, fn)


def test_restore_through_the_dialog(open_window, demo_db, answers, qtbot, monkeypatch):
    from yaofu_desktop.gui import backup_jobs
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
    # the copy the backup API makes of a damaged database fails its one check
    monkeypatch.setattr(backup.make, "check_copy", lambda path, conn=None: "第 3 页")
    assert w.backups.auto_backup_tick(force=True, wait=True) is None
    assert list_backups(backups_dir()) == []
    assert w.backups.warning_label.isVisibleTo(w) and "自检未通过" in w.backups.warning_label.toolTip()


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


def test_restore_runs_off_the_window_thread_with_a_progress_dialog(open_window, demo_db, answers, qtbot,
                                                                  monkeypatch):
    """The window keeps its event loop while the file work runs in the worker; a progress dialog
    that Esc does not close stands over it; every safety step stays (see the restore tests).

    The worker's restore waits until the window's loop has shown the dialog three times (an event,
    not a length of time: on a loaded machine 0.4 s did not always hold three 40 ms ticks)."""
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from yaofu_desktop import backup
    from yaofu_desktop.backup import backup_label
    from yaofu_desktop.gui import backup_jobs

    own = make_backup(demo_db, backups_dir(), label=backup_label(demo_db))
    w = open_window(demo_db)
    w.store.insert("meetings", {"date": "2025-06-01", "kind": "专题会议", "topic": "备份之后的会议"})
    real = backup.restore_backup
    seen = {}
    shown_enough = threading.Event()

    def slow(*a, **kw):  # a large file: the work goes on until the window has ticked a while
        seen["in_main_thread"] = threading.current_thread() is threading.main_thread()
        seen["waited"] = shown_enough.wait(timeout=60)
        return real(*a, **kw)

    monkeypatch.setattr(backup, "restore_backup", slow)  # (backup_jobs calls it through the package)
    ticks = []

    def tick():
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QProgressDialog) and modal.windowTitle() == "从备份恢复":
            ticks.append((modal, w.tabs.isVisible()))  # (not 检查备份 before: the file is still open)
        else:
            ticks.append((None, w.tabs.isVisible()))
        if isinstance(modal, QProgressDialog):
            modal.reject()  # Esc: the work cannot be stopped halfway, the dialog stays
        if sum(isinstance(m, QProgressDialog) for m, _ in ticks) >= 3:
            shown_enough.set()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(40)
    try:
        assert w.backups.restore_from(own.path) is True
    finally:
        timer.stop()
    assert seen["in_main_thread"] is False and seen["waited"] is True
    busy = [modal for modal, _ in ticks if isinstance(modal, QProgressDialog)]
    assert len(busy) >= 3  # the window's loop ran all along, the dialog open throughout
    assert all(not visible for modal, visible in ticks if isinstance(modal, QProgressDialog))
    assert w.tabs.isVisible() and w.store.count("meetings", RecordQuery(text="备份之后的会议")) == 0
    assert w.current_panel().store is w.store
    assert backup_jobs.auto_backups_paused() and len(list(backup_dir().glob("*_恢复前_*.db"))) == 1


def test_checking_a_chosen_backup_runs_off_the_window_thread(open_window, demo_db, answers, qtbot, monkeypatch):
    """The full check of a backup the clerk picked (a second or so for a large file) keeps the
    window alive too."""
    import threading

    from yaofu_desktop import backup
    from yaofu_desktop.backup import backup_label

    own = make_backup(demo_db, backups_dir(), label=backup_label(demo_db))
    w = open_window(demo_db)
    real = backup.verify_backup
    threads = []

    def watched(path):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(path)

    monkeypatch.setattr(backup, "verify_backup", watched)
    answers.ask_answer = False  # stop at the question: only the check matters here
    assert w.backups.restore_from(own.path) is False
    assert threads == [False] and "确定用这个备份替换当前数据库吗" in answers.texts("ask")[-1]


def test_the_window_removes_the_leftovers_of_killed_copies_when_it_starts(open_window, demo_db, qtbot):
    """Issue 11, hole 3: hidden .part files of backups and restores that were killed (their
    process is gone), beside the database and in the backup folder, go once the window has
    painted its first page."""
    from tests.test_backup_holes import names_of_a_dead_process

    backups_dir().mkdir(parents=True, exist_ok=True)
    leftovers = [demo_db.parent / names_of_a_dead_process(f"{demo_db.name}.restore")[0],
                 backups_dir() / names_of_a_dead_process("镇_20250101-000000.db")[0]]
    for p in leftovers:
        p.write_bytes(b"\0" * 4096)
    open_window(demo_db)
    qtbot.waitUntil(lambda: not any(p.exists() for p in leftovers), timeout=10000)
