"""The window's tests share these fixtures (pytest-qt, offscreen).

Message boxes and file choosers never block: every one goes through yaofu_desktop.gui.dialogs,
which the `answers` fixture replaces. Modal forms are driven by replacing their exec() with a
function that fills the widgets and clicks the buttons, as a clerk would (`drive_form`).

Helpers the tests import, always as ``from tests.gui.conftest import click, type_text …``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt

from yaofu_desktop.store import Store


@pytest.fixture
def app(qapp):
    """The QApplication with the Chinese translation, the bundled UI font and its dialogs kept on
    the screen, as the app has (app.make_app)."""
    from yaofu_desktop.gui.i18n import install_fonts, install_translations
    from yaofu_desktop.gui.window_size import keep_dialogs_on_screen

    install_translations(qapp)
    install_fonts(qapp)
    keep_dialogs_on_screen(qapp)
    return qapp


@pytest.fixture(scope="session", autouse=True)
def _clipboard_left_as_text():
    """As the program does before it ends (aboutToQuit, which tests never reach): rows copied to
    the clipboard are put back as plain text, else PySide crashes at exit deleting them."""
    yield
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        from yaofu_desktop.gui.table_entry import keep_copied_text

        keep_copied_text()


@pytest.fixture(autouse=True)
def _fresh_run(monkeypatch):
    """Each test is a fresh start of the program: automatic backups not paused."""
    from yaofu_desktop.gui import backup_jobs

    monkeypatch.setattr(backup_jobs, "_auto_paused", False)


# -- message boxes and file choosers ------------------------------------------------------------


class Answers:
    """Stands in for the message boxes and file choosers: records what was asked, answers as told."""

    def __init__(self):
        self.calls: list[tuple[str, str, str]] = []  # (kind, title, text)
        self.ask_answer = True
        self.choose_answer: int | None = None
        self.open_file_answer: str | Path = ""
        self.save_file_answer: str | Path = ""
        self.opened: list[tuple[str, Path]] = []  # ("file" | "folder", path) the app would open

    def texts(self, kind: str | None = None) -> list[str]:
        return [t for k, _title, t in self.calls if kind is None or k == kind]


def patch_message_boxes(monkeypatch, a: Answers) -> None:
    """The message boxes of gui.dialogs record what they were asked in `a.calls` and answer
    `a.ask_answer` / `a.choose_answer`."""
    from yaofu_desktop.gui import dialogs

    def record(kind, result=None):
        def f(parent, title, text, *args, **kw):
            a.calls.append((kind, title, text))
            return result() if callable(result) else result

        return f

    monkeypatch.setattr(dialogs, "ask", record("ask", lambda: a.ask_answer))
    monkeypatch.setattr(dialogs, "inform", record("inform"))
    monkeypatch.setattr(dialogs, "warn", record("warn"))
    monkeypatch.setattr(dialogs, "error", record("error"))
    monkeypatch.setattr(dialogs, "choose", record("choose", lambda: a.choose_answer))


@pytest.fixture
def answers(monkeypatch) -> Answers:
    from yaofu_desktop.gui import dialogs

    a = Answers()
    patch_message_boxes(monkeypatch, a)
    monkeypatch.setattr(dialogs, "open_file", lambda *a_, **k: str(a.open_file_answer))
    monkeypatch.setattr(dialogs, "save_file", lambda *a_, **k: str(a.save_file_answer))
    monkeypatch.setattr(dialogs, "open_path", lambda p: a.opened.append(("file", Path(p))) or True)
    monkeypatch.setattr(dialogs, "show_in_folder", lambda p: a.opened.append(("folder", Path(p))) or True)
    return a


# -- windows ------------------------------------------------------------------------------------


def close_window(w) -> None:
    """As the program ends: no automatic backup on the way out of a test, the lock released."""
    from yaofu_desktop.gui import backup_jobs

    backup_jobs.pause_auto_backups()
    w.close()
    w.file_lock.release()


@pytest.fixture
def make_window(app, qtbot, answers):
    """make_window(store) -> the main window on `store`, as the program builds it (its lock,
    its backups …), shown; closed after the test."""
    from yaofu_desktop.gui.main_window import MainWindow

    made = []

    def make(store: Store):
        w = MainWindow(store)
        qtbot.addWidget(w)
        w.resize(1280, 800)
        w.show()
        qtbot.waitExposed(w)
        made.append(w)
        return w

    yield make
    for w in made:
        close_window(w)


@pytest.fixture
def window(demo_store, make_window):  # (in this order: the window closes before the store)
    """The main window on (a copy of) the demo database."""
    return make_window(demo_store)


@pytest.fixture
def report(window, qtbot, answers):
    """The 报告 tab of the demo's window, shown, its year's wording and checks loaded."""
    window.show_tab("report")
    tab = window.tab_widget("report")
    qtbot.waitUntil(lambda: tab._loaded and tab.checksList.count() > 0, timeout=3000)
    yield tab
    answers.choose_answer = 1  # closing: "不保存" whatever a test left unsaved


def open_section(tab, key: str):
    """The 报告 tab showing the part `key`; its editor."""
    tab.select_section(key)
    return tab.editor(key)


def settle(qtbot, tab) -> None:
    """Wait for the 报告 tab's debounced recomputation (checks, preview) after a change."""
    qtbot.waitUntil(lambda: not tab._timer.isActive(), timeout=3000)


@pytest.fixture
def open_window(app, qtbot, answers):
    """open_window(path) -> a window on `path` as app.run makes it: the lock, then the file,
    then the window (which scanned for the newest backup)."""
    from yaofu_desktop.gui import opening
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
    from yaofu_desktop.gui import backup_jobs

    for w in made:
        backup_jobs.pause_auto_backups()  # no backup on the way out of a test
        w.close()
        w.store.close()
        w.file_lock.release()  # after the store, as app.run does


# -- backups ------------------------------------------------------------------------------------


def backups_dir() -> Path:
    """The folder of the window's automatic backups (the test's data folder's 备份)."""
    from yaofu_desktop.gui.backup_jobs import backup_folder

    return backup_folder()


def label_of(db: Path) -> str:
    """The demo database's backups carry its township and a mark of the file's place."""
    from yaofu_desktop.backup import backup_label

    return backup_label(db, "姚伏镇")


# -- forms --------------------------------------------------------------------------------------


def make_form(store, name, **kw):
    """A record form of the ledger `name` (not shown)."""
    from yaofu_desktop.gui.record_form import RecordDialog
    from yaofu_desktop.ledgers import ledger

    return RecordDialog(store, ledger(name), year=2025, **kw)


def drive_dialog(monkeypatch, cls, fn, size: tuple[int, int] | None = None) -> list:
    """The next dialogs of `cls` run fn(dialog) when exec()'d instead of waiting for the clerk
    (shown first, at `size` if given); exec() returns what fn returned, else the dialog's result.
    The dialogs shown, in a list."""
    seen: list = []

    def fake_exec(self):
        seen.append(self)
        if size is not None:
            self.resize(*size)
        self.show()
        answer = fn(self)
        return self.result() if answer is None else answer

    monkeypatch.setattr(cls, "exec", fake_exec)
    return seen


@pytest.fixture
def drive_form(monkeypatch, qtbot):
    """drive_form(fn): the next record forms run fn(dialog) instead of waiting for the clerk."""
    from yaofu_desktop.gui.record_form import RecordDialog

    return lambda fn: drive_dialog(monkeypatch, RecordDialog, fn)


def type_text(widget, text: str) -> None:
    """Type as a clerk does with a Chinese input method: the IME commits the text."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    ev = QInputMethodEvent()
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def set_combo(combo, text: str) -> None:
    i = combo.findText(text)
    assert i >= 0, f"{text} not in combo"
    combo.setCurrentIndex(i)
    combo.activated.emit(i)


@pytest.fixture
def no_modal_left(qapp):
    """A guard for tests that drive modal dialogs: a modal one still open after a few seconds
    (nobody there to answer it) is closed and the test fails instead of hanging; and the whole
    process is stopped with the stacks dumped if a test still hangs after two minutes."""
    import faulthandler
    import sys

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    left: list[str] = []

    def close_modal():
        w = QApplication.activeModalWidget()
        if w is not None:
            left.append(f"{type(w).__name__} {w.windowTitle()!r}")
            w.close()

    timer = QTimer()
    timer.setInterval(5000)
    timer.timeout.connect(close_modal)
    timer.start()
    faulthandler.dump_traceback_later(120, exit=True, file=sys.stderr)
    yield left
    faulthandler.cancel_dump_traceback_later()
    timer.stop()
    assert not left, f"a modal dialog was left waiting for an answer: {left}"
