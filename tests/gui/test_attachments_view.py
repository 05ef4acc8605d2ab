"""佐证材料 in the window (pytest-qt, offscreen): files of each kind dropped on the record form
(a real QDropEvent carrying file URLs) and on a table row, pasted, renamed, reordered, removed
and put back; thumbnails shown; the table's 佐证材料 column and its filter; the binder from the
window with its progress bar and 取消; the window's check naming a damaged file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from tests.attachment_files import every_kind, photo, scan
from yaofu_desktop.ledgers import ledger
from yaofu_desktop.store import RecordQuery

SHOTS = os.environ.get("YAOFU_SHOTS")  # a folder: screenshots are saved there to look at


def _drop(widget, files, pos=None):
    """A drag from Explorer let go over `widget`: the events Qt delivers (enter, move, drop),
    with file URLs."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    at = pos if pos is not None else QPoint(widget.width() // 2, widget.height() // 2)
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(at, *args)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted(), "the drag was not taken"
    QApplication.sendEvent(widget, QDragMoveEvent(at, *args))
    event = QDropEvent(QPointF(at), *args)
    QApplication.sendEvent(widget, event)
    widget._mime = mime  # kept alive as long as the widget (the events point at it)
    return event


def _form(store, record_id=None):
    from yaofu_desktop.gui.record_form import RecordDialog

    rec = store.get("study_sessions", record_id) if record_id else None
    return RecordDialog(store, ledger("study_sessions"), year=2025, record=rec, record_id=record_id)


def test_form_takes_dropped_files_of_every_kind(app, qtbot, demo_store, answers, tmp_path):
    rid = demo_store.select("study_sessions", RecordQuery(year=2025, evidence=False), limit=1)[0]["id"]
    dlg = _form(demo_store, rid)
    qtbot.addWidget(dlg)
    dlg.resize(640, 900)
    dlg.show()
    files = every_kind(tmp_path / "in")
    ev = _drop(dlg, list(files.values()))
    assert ev.isAccepted()
    rows = demo_store.attachments.of_record("study_sessions", rid)
    assert sorted(r["original_name"] for r in rows) == sorted(p.name for p in files.values())
    strip = dlg.attachments
    assert strip.list.count() == 6 and "6 份" in strip.title.text()
    # photos and the scan have thumbnails, made and cached
    icons = [strip.list.item(i).icon() for i in range(6)]
    assert all(not i.isNull() for i in icons)
    thumb = icons[0].pixmap(112, 112).toImage()
    assert thumb.width() > 50
    if SHOTS:
        dlg.grab().save(str(Path(SHOTS) / "form_with_attachments.png"))
    # a file that is not evidence is refused by name, the others still taken
    (tmp_path / "movie.mp4").write_bytes(b"x")
    _drop(dlg, [tmp_path / "movie.mp4", scan(tmp_path / "更多.pdf", pages=1)])
    assert any("movie.mp4" in t for t in answers.texts("error"))
    assert strip.list.count() == 7


def test_rename_reorder_remove_and_undo_in_the_form(app, qtbot, demo_store, answers, tmp_path):
    rid = demo_store.select("study_sessions", RecordQuery(year=2025, evidence=False), limit=1)[0]["id"]
    dlg = _form(demo_store, rid)
    qtbot.addWidget(dlg)
    strip = dlg.attachments
    strip.add_files([photo(tmp_path / "a.jpg", size=(400, 300)), scan(tmp_path / "b.pdf", pages=1)])
    first, second = strip.rows()
    strip.rename(first, "签到表")
    strip.move(second, -1)
    assert [r["caption"] for r in strip.rows()] == ["b", "签到表"]
    assert [strip.list.item(i).text() for i in range(2)] == ["b", "签到表"]
    strip.remove(strip.rows()[0])
    assert strip.list.count() == 1 and strip.undo_button.isVisibleTo(strip)
    strip.undo_remove()
    assert [r["caption"] for r in strip.rows()] == ["b", "签到表"]
    actions = [e["action"] for e in demo_store.audit.entries("study_sessions", limit=5)]
    assert actions[:4] == ["reattach", "detach", "reorder", "caption"]


def test_new_record_keeps_files_until_saved_and_pastes_an_image(app, qtbot, demo_store, answers, tmp_path):
    dlg = _form(demo_store)
    qtbot.addWidget(dlg)
    dlg.show()
    _drop(dlg, [photo(tmp_path / "现场.jpg", size=(500, 400))])
    image = QImage(200, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366aa"))
    QApplication.clipboard().setImage(image)
    dlg.attachments.paste()
    assert dlg.attachments.list.count() == 2 and "保存记录时添加" in dlg.attachments.title.text()
    ed = dlg.editors
    ed["topic"].set_value("学习新修订的条例")
    ed["kind"].set_value("会前学法")
    ed["date"].set_value("2025-06-03")  # a new record of a past year starts without a date
    rid = dlg.save()
    assert rid is not None, [dlg.error_text(f.name) for f in ledger("study_sessions").fields] + answers.texts()
    rows = demo_store.attachments.of_record("study_sessions", rid)
    assert [r["caption"] for r in rows] == ["现场", "照片"]
    assert rows[1]["ext"] == "png" and (rows[1]["width"], rows[1]["height"]) == (200, 100)


def test_table_column_filter_and_drop_on_a_row(window, qtbot, tmp_path, answers):
    w = window
    panel = w.show_ledger("study_sessions")
    model = panel.model
    col = model.columnCount() - 1
    assert model.headerData(col, Qt.Orientation.Horizontal) == "佐证材料"
    texts = [model.data(model.index(r, col)) for r in range(model.rowCount())]
    assert texts.count("2份") == 2 and texts.count("无") == len(texts) - 2  # the demo's two
    panel.evidence_combo.setCurrentIndex(2)  # 无佐证材料
    without = model.rowCount()
    assert without == len(texts) - 2 and panel.filtered
    # files dropped on a row: attached to that record at once
    view = panel.table
    target = model.record_at(0)
    rect = view.visualRect(model.index(0, 0))
    _drop(view.viewport(), [scan(tmp_path / "签到表.pdf", pages=1)], rect.center())
    assert [r["caption"] for r in w.store.attachments.of_record("study_sessions", target["id"])] == ["签到表"]
    assert model.rowCount() == without - 1  # it has material now: out of the filter
    panel.evidence_combo.setCurrentIndex(0)
    if os.environ.get("YAOFU_SHOTS"):
        w.grab().save(str(Path(os.environ["YAOFU_SHOTS"]) / "table_with_evidence.png"))


def test_binder_from_the_window_and_cancel(window, qtbot, tmp_path, answers):
    from pypdf import PdfReader

    from yaofu_desktop.gui import binder_ui

    w = window
    out = tmp_path / "汇编.pdf"
    seen = []

    def watch():
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QProgressDialog):
            seen.append(modal.value())

    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(20)
    r = binder_ui.make_binder(w, out=out, area="publicity", ask=False)
    timer.stop()
    assert r is not None and out.exists() and len(PdfReader(str(out)).pages) == r.pages
    assert seen, "the progress dialog stood over the window while it bound"

    # 取消: pressed as soon as the progress dialog shows; no file is left
    out2 = tmp_path / "取消.pdf"

    def cancel():
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QProgressDialog):
            modal.findChild(QPushButton).click()  # the dialog's 取消 button

    timer = QTimer()
    timer.timeout.connect(cancel)
    timer.start(5)
    r2 = binder_ui.make_binder(w, out=out2, ask=False)
    timer.stop()
    assert r2 is None and not out2.exists()


def test_window_check_names_a_damaged_attachment(window, answers):
    from yaofu_desktop.gui import binder_ui

    w = window
    assert binder_ui.check_attachments(w) == []
    assert "均完好" in answers.texts("inform")[-1]
    row = next(r for r in w.store.attachments.all_rows() if r["caption"] == "调解协议书")
    path = w.store.attachments.path(row)
    data = bytearray(path.read_bytes())
    data[200] ^= 0x55
    path.chmod(0o600)
    path.write_bytes(bytes(data))
    problems = binder_ui.check_attachments(w)
    assert [p.caption for p in problems] == ["调解协议书"]
    text = answers.texts("warn")[-1]
    assert "调解协议书" in text and "矛盾纠纷调解" in text and path.name in text and "备份恢复" in text
