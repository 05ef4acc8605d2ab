"""The main window (gui/main_window.py, gui/menus.py), its tabs and ledger panels, driven through
its widgets as a clerk would (fixtures: tests/gui/conftest.py)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QDialog

from tests.conftest import file_digest
from tests.gui.conftest import click, make_form, set_combo, type_text
from yaofu_desktop.ledgers import LEDGERS
from yaofu_desktop.store import RecordQuery, Store

# -- opening ------------------------------------------------------------------------------------------


def test_window_opens_on_report_year_with_first_page(window, demo_store):
    assert "姚伏镇" in window.windowTitle() and "2025" in window.windowTitle()
    assert window.menus.year_combo.currentData() == 2025
    panel = window.current_panel()
    assert panel is not None and panel.ledger.name == "meetings"
    assert panel.model.total == demo_store.count("meetings", RecordQuery(year=2025))
    assert panel.count_label.text().endswith(f"共 {panel.model.total} 条")
    # every ledger of an area is one click away
    tab = window.area_tab("disputes")
    assert tab.ledger_list.count() == len([lg for lg in LEDGERS if lg.area == "disputes"])
    assert window.tabs.count() == 11 and window.tabs.tabText(9) == "概览" and window.tabs.tabText(10) == "报告"
    assert "尚未备份" in window.backups.last_label.text()
    window.backups.set_last_backup(dt.datetime.now())
    assert window.backups.last_label.text().startswith("上次备份：今天")
    n = sum(demo_store.counts.in_year(2025).values())
    assert f"{n} 条" in window.counts_label.text() and "demo.db" in window.db_label.text()


def test_table_cells_use_field_display(window, demo_store):
    panel = window.show_ledger("mediations")
    model = panel.model
    money_col = model.column_of("amount")
    rec = model.record_at(0)
    shown = model.index(0, money_col).data()
    assert shown == panel.ledger.field("amount").display(rec["amount"])
    assert "," in shown or rec["amount"] < 100000
    docs = window.show_ledger("normative_documents")
    assert docs.ledger.field("published").display(1) == "是"


def test_sort_by_header_click(window, qtbot, demo_store):
    panel = window.show_ledger("mediations")
    col = panel.model.column_of("village")
    header = panel.table.horizontalHeader()
    header.setSortIndicator(col, Qt.SortOrder.AscendingOrder)
    assert panel.model.query.order_by == "village" and not panel.model.query.descending
    first = panel.model.record_at(0)["village"]
    expected = demo_store.select("mediations", RecordQuery(year=2025, order_by="village", descending=False), limit=1)
    assert first == expected[0]["village"]


# -- add, edit, duplicate, delete, undo --------------------------------------------------------------


def test_add_record_through_the_form(window, qtbot, demo_store, drive_form):
    panel = window.show_ledger("meetings")
    before = panel.model.total

    def fill(dlg):
        dlg.editors["date"].edit.set_date(dt.date(2025, 6, 1))
        set_combo(dlg.editors["kind"].combo, "专题会议")
        type_text(dlg.editors["topic"].line, "研究法治政府建设年度考核")
        dlg.editors["attendees"].line.setText("12")
        click(qtbot, dlg.save_button)

    seen = drive_form(fill)
    click(qtbot, panel.add_button)
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    assert panel.model.total == before + 1
    rows = demo_store.select("meetings", RecordQuery(year=2025, text="年度考核"))
    assert len(rows) == 1 and rows[0]["attendees"] == 12 and rows[0]["kind"] == "专题会议"
    # the new record is selected, and the area's figures followed
    assert panel.model.record_at(panel.current_row())["id"] == rows[0]["id"]
    assert "专题会议 1 次" in window.area_tab("lead").figures_text()


def test_edit_and_duplicate(window, qtbot, demo_store, drive_form):
    panel = window.show_ledger("meetings")
    panel.table.selectRow(0)
    rid = panel.model.id_at(0)

    def change(dlg):
        line = dlg.editors["topic"].line
        line.clear()
        type_text(line, "改过的议题")
        click(qtbot, dlg.save_button)

    drive_form(change)
    click(qtbot, panel.edit_button)
    assert demo_store.get("meetings", rid)["topic"] == "改过的议题"
    assert panel.model.index(panel.model.row_of_id(rid), panel.model.column_of("topic")).data() == "改过的议题"

    n = panel.model.total
    panel.select_record(rid)

    def as_is(dlg):
        assert dlg.editors["topic"].value() == "改过的议题"
        click(qtbot, dlg.save_button)

    drive_form(as_is)
    click(qtbot, panel.duplicate_button)
    assert panel.model.total == n + 1
    assert demo_store.count("meetings", RecordQuery(text="改过的议题")) == 2


def test_delete_asks_naming_the_record_and_undo_puts_it_back(window, qtbot, demo_store, answers):
    panel = window.show_ledger("mediations")
    panel.table.selectRow(0)
    rec = panel.model.record_at(0)
    n = panel.model.total

    answers.ask_answer = False
    click(qtbot, panel.delete_button)
    assert panel.model.total == n, "a 'no' keeps the record"
    answers.ask_answer = True
    click(qtbot, panel.delete_button)
    question = answers.texts("ask")[-1]
    assert rec["date"] in question and "矛盾纠纷调解" in question
    assert panel.model.total == n - 1
    assert demo_store.get("mediations", rec["id"]) is None
    assert panel.undo_bar.isVisibleTo(panel) and window.menus.actionUndoDelete.isEnabled()

    window.menus.actionUndoDelete.trigger()  # 编辑 → 撤销删除 (Ctrl+Z)
    assert panel.model.total == n
    assert demo_store.get("mediations", rec["id"])["uid"] == rec["uid"]
    assert not panel.undo_bar.isVisibleTo(panel) and not window.menus.actionUndoDelete.isEnabled()


def test_undo_bar_button_and_ctrl_z(window, qtbot, demo_store, answers):
    panel = window.show_ledger("petitions")
    panel.table.selectRow(0)
    panel.table.setFocus()
    n = panel.model.total
    window.menus.actionDeleteRecord.trigger()
    assert panel.model.total == n - 1
    click(qtbot, panel.undo_button)
    assert panel.model.total == n
    panel.table.selectRow(0)
    window.menus.actionDeleteRecord.trigger()
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.model.total == n


# -- filters and years ---------------------------------------------------------------------------------------


def test_filter_box_kind_and_month(window, qtbot, demo_store):
    panel = window.show_ledger("mediations")
    type_text(panel.filter_edit, "宅基地")
    expected = demo_store.count("mediations", RecordQuery(year=2025, text="宅基地"))
    qtbot.waitUntil(lambda: panel.model.total == expected, timeout=2000)
    assert panel.count_label.text().endswith(f"找到 {expected} 条")
    panel.filter_edit.clear()
    panel.apply_filter()
    set_combo(panel.kind_combo, "镇调委会")
    assert panel.model.total == demo_store.count(
        "mediations", RecordQuery(year=2025, equals={"committee": "镇调委会"}))
    panel.month_combo.setCurrentIndex(3)  # 3月
    assert panel.model.total == demo_store.count(
        "mediations", RecordQuery(year=2025, equals={"committee": "镇调委会"}, month=3))
    window.menus.actionFind.trigger()
    assert panel.filter_edit.hasFocus() or window.focusWidget() is panel.filter_edit


def test_year_switch_updates_tables_and_figures(window, qtbot, demo_store):
    panel = window.show_ledger("mediations")
    n2025 = panel.model.total
    window.set_year(2024)
    assert window.menus.year_combo.currentData() == 2024 and "2024" in window.windowTitle()
    n2024 = demo_store.count("mediations", RecordQuery(year=2024))
    assert panel.model.total == n2024 != n2025
    text = window.area_tab("disputes").figures_text()
    assert f"{n2024} 起" in text and "2024年度统计" in window.area_tab("disputes").figures_title.text()
    # a tab not shown yet follows when it is shown
    lead = window.area_tab("lead")
    window.show_tab("lead")
    assert lead.current_panel.model.query.year == 2024
    overview = window.show_tab("overview")
    assert overview.year == 2024 and "2024年度" in overview.summary.text()
    window.menus.year_combo.setCurrentIndex(window.menus.year_combo.findData(2025))
    window.menus.year_combo.activated.emit(window.menus.year_combo.currentIndex())
    assert overview.year == 2025


def test_overview_shows_both_years(window, demo_store):
    from yaofu_desktop.figures import compute_map

    ov = window.show_tab("overview")
    now, before = compute_map(demo_store, 2025), compute_map(demo_store, 2024)
    top = ov.tree.topLevelItem(5)  # （六）矛盾纠纷与信访
    assert top.text(0).startswith("（六）")
    row = next(top.child(i) for i in range(top.childCount())
               if top.child(i).text(0) == now["mediations.total"].label)
    assert row.text(1) == now["mediations.total"].display()
    assert row.text(2) == before["mediations.total"].display()
    assert sum(ov.month_chart.series[0].values) > 0 and len(ov.month_chart.categories) == 12


# -- screenshots -----------------------------------------------------------------------------------------------


def _render_char(ch: str, font: QFont) -> bytes:
    img = QImage(40, 40, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setFont(font)
    p.setPen(QColor("black"))
    p.drawText(img.rect(), Qt.AlignmentFlag.AlignCenter, ch)
    p.end()
    return bytes(img.constBits())


def test_chinese_renders_with_the_bundled_font(app):
    from PySide6.QtGui import QFontDatabase, QRawFont

    assert "Yaofu Hei" in QFontDatabase.families()
    assert QRawFont.fromFont(QFont("Yaofu Hei")).supportsCharacter("台")
    font = QFont(app.font())
    font.setPixelSize(28)
    glyphs = {_render_char(ch, font) for ch in "法治台账"}
    assert len(glyphs) == 4, "missing glyphs all draw the same box"


def test_screenshot_of_every_tab_and_dialog(window, qtbot, demo_store, tmp_path):
    from yaofu_desktop.gui.profile_dialog import ProfileDialog

    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        qtbot.wait(5)
        img = window.grab().toImage()
        path = tmp_path / f"tab_{i}.png"
        assert img.save(str(path))
        colours = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
        assert len(colours) > 12, f"tab {i} looks blank"
    form = make_form(demo_store, "mediations")
    qtbot.addWidget(form)
    form.show()
    assert form.grab().save(str(tmp_path / "form.png"))
    prof = ProfileDialog(demo_store)
    qtbot.addWidget(prof)
    prof.show()
    assert prof.grab().save(str(tmp_path / "profile.png"))


# -- databases: first run, damaged, switching ------------------------------------------------------------------


def test_first_run_dialog_creates_the_database(app, qtbot, answers, monkeypatch):
    from yaofu_desktop.gui import app as gui_app
    from yaofu_desktop.gui.profile_dialog import ProfileDialog
    from yaofu_desktop.paths import default_db_path

    assert not default_db_path().exists()
    seen = []

    def fill(self):
        seen.append(self)
        self.show()
        click(qtbot, self.buttonBox.button(self.buttonBox.StandardButton.Ok))  # nothing filled
        assert "请填写政府名称" in self.field_errors["government"].text() and not self.create_at.exists()
        type_text(self.governmentEdit, "测试县新城镇人民政府")
        type_text(self.townshipEdit, "新城镇")
        self.reportYearSpin.setValue(2025)
        self.villagesEdit.setPlainText("东村\n西村\n\n东村\n南社区")
        click(qtbot, self.buttonBox.button(self.buttonBox.StandardButton.Ok))
        return self.result()

    monkeypatch.setattr(ProfileDialog, "exec", fill)
    store = gui_app.open_store(None)
    assert seen and store is not None
    try:
        assert store.path == default_db_path() and default_db_path().exists()
        p = store.profile()
        assert p["township"] == "新城镇" and p["report_year"] == 2025
        assert store.choices.villages() == ["东村", "西村", "南社区"]
    finally:
        store.close()


def test_first_run_cancelled_creates_nothing(app, answers, monkeypatch):
    from yaofu_desktop.gui import app as gui_app
    from yaofu_desktop.gui.profile_dialog import ProfileDialog
    from yaofu_desktop.paths import default_db_path

    monkeypatch.setattr(ProfileDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert gui_app.open_store(None) is None
    assert not default_db_path().exists()


@pytest.mark.parametrize(
    "content", [b"", b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\x00" * 200]
)
def test_damaged_file_is_refused_and_left_unchanged(app, tmp_path, answers, content):
    from yaofu_desktop.gui import app as gui_app

    bad = tmp_path / "坏文件.db"
    bad.write_bytes(content)
    digest = file_digest(bad)
    answers.choose_answer = 2  # 退出
    assert gui_app.open_store(bad) is None
    text = answers.texts("choose")[-1]
    assert "坏文件.db" in text and "打开另一个" in text
    assert file_digest(bad) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["坏文件.db"]


def test_damaged_file_then_another_file(app, tmp_path, answers, demo_db):
    from yaofu_desktop.gui import app as gui_app

    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 50)
    answers.choose_answer = 0  # 打开其他文件…
    answers.open_file_answer = str(demo_db)
    store = gui_app.open_store(bad)
    try:
        assert store is not None and store.path == demo_db
    finally:
        store.close()


def test_open_database_from_the_menu(window, tmp_path, answers, demo_template):
    from yaofu_desktop.gui import opening

    bad = tmp_path / "other.db"
    bad.write_bytes(b"not ours" * 20)
    digest = file_digest(bad)
    answers.ask_answer = False
    assert opening.open_database(window, bad) is False
    assert "other.db" in answers.texts("ask")[-1]
    assert file_digest(bad) == digest and window.store.path.name == "demo.db"

    other = tmp_path / "second.db"
    other.write_bytes(Path(demo_template).read_bytes())
    old = window.store
    assert opening.open_database(window, other)
    assert window.store.path == other and window.current_panel().store is window.store
    with pytest.raises(sqlite3.ProgrammingError):
        old.conn.execute("select 1")  # the old one was closed
    assert str(other.resolve()) in [a.text().split("  ", 1)[1] for a in window.menus.menuRecent.actions()]


def test_new_database_never_overwrites(window, tmp_path, answers, monkeypatch):
    from yaofu_desktop.gui import opening
    from yaofu_desktop.gui.profile_dialog import ProfileDialog

    existing = tmp_path / "exists.db"
    existing.write_bytes(b"precious")
    answers.save_file_answer = str(existing)
    assert opening.new_database(window) is False
    assert existing.read_bytes() == b"precious" and "已经存在" in answers.texts("warn")[-1]

    def fill(self):
        self.governmentEdit.setText("甲镇人民政府")
        self.townshipEdit.setText("甲镇")
        self.save()
        return self.result()

    monkeypatch.setattr(ProfileDialog, "exec", fill)
    answers.save_file_answer = str(tmp_path / "甲镇")
    assert opening.new_database(window)
    assert window.store.path == tmp_path / "甲镇.db" and "甲镇" in window.windowTitle()


# -- settings, errors, worker ------------------------------------------------------------------------------------


def test_state_is_remembered_in_the_test_data_folder(app, qtbot, demo_store, answers):
    from yaofu_desktop.gui.main_window import MainWindow
    from yaofu_desktop.gui.settings import app_settings
    from yaofu_desktop.paths import data_dir

    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.show()
    w.show_tab("disputes")
    w.set_year(2024)
    w.close()
    assert Path(app_settings().fileName()) == data_dir() / "settings.ini"  # (Qt writes C:/…)
    assert (data_dir() / "settings.ini").exists()
    w2 = MainWindow(demo_store)
    qtbot.addWidget(w2)
    assert w2.year == 2024 and w2.tab_keys[w2.tabs.currentIndex()] == "disputes"


def test_uncaught_error_is_logged_and_summarised(app, answers):
    from yaofu_desktop.gui.app import excepthook
    from yaofu_desktop.paths import log_path

    try:
        raise ValueError("boom-for-the-log")
    except ValueError as e:
        excepthook(type(e), e, e.__traceback__)
    text = answers.texts("error")[-1]
    assert "意外错误" in text and "boom" not in text and "Traceback" not in text
    assert "boom-for-the-log" in log_path().read_text(encoding="utf-8")


def test_worker_reports_in_the_window_thread(app, qtbot):
    import threading

    from yaofu_desktop.gui.worker import run_in_background

    got = {}

    def work(n, progress):
        progress(50)
        return n * 2, threading.get_ident()

    run_in_background(work, 21, on_done=lambda r: got.update(r=r, t=threading.get_ident()),
                      on_progress=lambda p: got.update(p=p))
    qtbot.waitUntil(lambda: "r" in got, timeout=3000)
    assert got["r"][0] == 42 and got["r"][1] != got["t"] == threading.get_ident()
    assert got["p"] == 50
    run_in_background(lambda: 1 / 0, on_error=lambda e: got.update(e=e))
    qtbot.waitUntil(lambda: "e" in got, timeout=3000)
    assert isinstance(got["e"], ZeroDivisionError)


def test_model_reads_pages_not_the_table(app, empty_store):
    from yaofu_desktop.gui.table_model import PAGE_SIZE, LedgerTableModel
    from yaofu_desktop.ledgers import ledger

    rows = [{"date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", "topic": f"议题{i}", "kind": "专题会议"}
            for i in range(1000)]
    empty_store.insert_many("meetings", rows)
    m = LedgerTableModel(empty_store, ledger("meetings"))
    m.set_query(year=2025)
    assert m.rowCount() == 1000 and not m._pages
    m.index(0, 0).data()
    assert list(m._pages) == [0]
    assert m.record_at(999) is not None and sorted(m._pages) == [0, 999 // PAGE_SIZE]
    m.set_query(text="议题99")
    assert m.rowCount() == 11  # 议题99, 议题990…999


def test_compiled_forms_match_their_ui_files(app):
    """gui/forms/ui_*.py are compiled from ui/*.ui (python -m yaofu_desktop.gui.uiload)."""
    from yaofu_desktop.gui import uiload

    names = sorted(ui.name for ui in uiload.ui_dir().glob("*.ui"))
    assert len(names) == 7
    for name in names:
        assert uiload.compiled_is_current(name), f"{name} changed: run python -m yaofu_desktop.gui.uiload"


def test_the_window_holds_no_sql_of_its_own():
    """The GUI calls the core for everything it reads or writes: no SQL, no store internals."""
    import re

    gui = Path(__file__).resolve().parents[1] / "yaofu_desktop" / "gui"
    found = []
    for path in sorted(gui.glob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|PRAGMA)\b|\.execute\(|\.conn\b|\._cache\b",
                         line):
                found.append(f"{path.name}:{n}: {line.strip()}")
    assert found == []


def test_reload_reads_kinds_another_connection_added(window, demo_store, demo_db):
    panel = window.show_ledger("mediations")
    with Store.open(demo_db) as other:  # another copy of the program, say
        other.choices.add("mediations", "committee", "专业调委会")
    window.reload()
    kinds = [panel.kind_combo.itemText(i) for i in range(panel.kind_combo.count())]
    assert "专业调委会" in kinds


def test_last_tab_report_and_last_ledger_of_each_area_are_remembered(app, qtbot, demo_store, answers,
                                                                     monkeypatch):
    """The window comes back on the tab it was closed on (报告 too, made only when shown), and
    an area's tab on the ledger last shown there. Settings: an INI file in the test's data folder."""
    from yaofu_desktop.gui import backup_jobs
    from yaofu_desktop.gui.main_window import MainWindow
    from yaofu_desktop.gui.settings import app_settings
    from yaofu_desktop.paths import data_dir

    assert Path(app_settings().fileName()) == data_dir() / "settings.ini"  # (Qt writes C:/…)
    monkeypatch.setattr(backup_jobs, "_auto_paused", True)  # no backup on each close
    made = []

    def start():
        w = MainWindow(demo_store)
        qtbot.addWidget(w)
        w.show()
        made.append(w)
        return w

    def stop(w):
        w.close()
        w.file_lock.release()

    try:
        w = start()
        assert w.report_tab.content is None  # 报告 is made when first shown
        w.show_ledger("petitions")  # 矛盾纠纷与信访 → 信访事项
        w.show_tab("report")
        stop(w)

        w2 = start()
        assert w2.tab_keys[w2.tabs.currentIndex()] == "report" and w2.report_tab.content is not None
        assert w2.area_tab("disputes").current_ledger == "petitions"
        assert w2.area_tab("lead").current_ledger == "meetings"  # never chosen: the first
        w2.show_tab("lead")
        stop(w2)
        w3 = start()
        assert w3.tab_keys[w3.tabs.currentIndex()] == "lead"
        stop(w3)
    finally:
        for win in made:
            win.file_lock.release()


def test_a_save_while_another_program_writes_waits_briefly_and_keeps_the_form(window, qtbot, demo_store,
                                                                           demo_db, answers, drive_form):
    """Another writer holds the file (a second copy of the program, say): the window waits about
    2 s, not the store's 10 s, then says the database is in use; the typed form stays."""
    import time

    panel = window.show_ledger("meetings")
    other = sqlite3.connect(demo_db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # holds the write lock
    took = {}

    def fill(dlg):
        type_text(dlg.editors["date"].edit.line, "2025-06-03")
        set_combo(dlg.editors["kind"].combo, "专题会议")
        type_text(dlg.editors["topic"].line, "别人正在写的时候填的")
        t = time.monotonic()
        click(qtbot, dlg.save_button)
        took["s"] = time.monotonic() - t
        took["open"] = dlg.isVisible()
        took["topic"] = dlg.editors["topic"].value()
        dlg.reject()

    try:
        drive_form(fill)
        click(qtbot, panel.add_button)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert 1.5 <= took["s"] < 5, took
    text = answers.texts("error")[-1]
    assert "数据库正被其他程序占用，请稍后再试" in text and "仍保留在表单中" in text
    assert took["open"] and took["topic"] == "别人正在写的时候填的"
    assert demo_store.count("meetings", RecordQuery(text="别人正在写的时候填的")) == 0


def test_the_window_fits_a_1024_by_768_screen(window, qtbot):
    from yaofu_desktop.ledgers import LEDGERS

    for lg in LEDGERS:  # every ledger's panel made: the widest sets the window's minimum
        window.show_ledger(lg.name)
    for key in window.tab_keys:
        window.show_tab(key)
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 768 - 40, hint  # a taskbar below
    window.resize(1024, 728)
    assert window.width() == 1024


def test_menus_have_no_empty_sections(window):
    m = window.menus
    for menu in (m.menuFile, m.menuEdit, m.menuYear, m.menuView, m.menuHelp):
        kinds = ["-" if a.isSeparator() else "a" for a in menu.actions() if a.isVisible()]
        text = "".join(kinds)
        assert "--" not in text and not text.startswith("-") and not text.endswith("-"), (menu.title(), text)


def test_profile_dialog_asks_for_the_leading_bodies_apart_from_the_addressee(app, qtbot, demo_store, tmp_path):
    """领导机关 (the preamble's "在……的领导下") is a field of its own, never taken from 主送."""
    from yaofu_desktop.gui.profile_dialog import ProfileDialog

    prof = ProfileDialog(demo_store)
    qtbot.addWidget(prof)
    assert prof.leadersEdit.text() == "县委、县政府" and prof.addresseeEdit.text() == "县委、县政府"
    assert "无" in prof.copyToEdit.placeholderText()
    prof.leadersEdit.setText("区委、区政府")
    prof.addresseeEdit.setText("区委依法治区办")
    prof.save()
    assert demo_store.profile()["leaders"] == "区委、区政府"
    assert demo_store.profile()["addressee"] == "区委依法治区办"
    prof.show()
    assert prof.grab().save(str(tmp_path / "profile.png"))


def test_the_first_area_shows_its_figures_once_the_window_has_painted(window, qtbot):
    """Start-up paints the first page before the area's figures are read (MainWindow
    _after_first_paint): they come right after, without anything asked of the clerk."""
    tab = window.current_area_tab()
    assert tab is not None
    qtbot.waitUntil(lambda: "年度统计" in tab.figures_title.text(), timeout=3000)
    assert "<b" in tab.figures_label.text() and "（" in tab.ledger_list.item(0).text()
