"""Every dialog and print preview opens within the screen's available area, its frame included
(gui/window_size.py): no title bar off the top of a 1024×768 screen."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QMargins, QRect
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QDialog


def test_fit_rect_keeps_the_title_bar_on_a_1024x768_screen():
    from yaofu_desktop.gui.window_size import fit_rect

    avail = QRect(0, 0, 1024, 728)  # 1024×768 less a 40-pixel task bar
    title = QMargins(8, 31, 8, 8)
    # a 900×760 preview centred over the window: its frame 947 high, its title bar above the screen
    client = QRect(62, -16, 900, 760)
    fitted = fit_rect(client.marginsAdded(title), avail)
    assert avail.contains(fitted)
    assert fitted.top() == 0 and fitted.height() == 728 and fitted.width() == 916
    assert fitted.marginsRemoved(title).top() == 31  # the title bar is on the screen
    # what already fits stays where it is
    assert fit_rect(QRect(100, 100, 400, 300), avail) == QRect(100, 100, 400, 300)
    # off the right and bottom edges: moved back in, not shrunk
    assert fit_rect(QRect(900, 600, 400, 300), avail) == QRect(624, 428, 400, 300)


def _shown_within_screen(dlg) -> bool:
    screen = dlg.screen().availableGeometry()
    return screen.contains(dlg.frameGeometry())


@pytest.fixture
def shown_previews(monkeypatch, qtbot):
    """Print previews are shown (not run): where each opened, frame included, and its size."""
    seen = []

    def fake_exec(dlg):
        dlg.show()
        qtbot.waitExposed(dlg)
        qtbot.wait(5)
        seen.append((dlg.windowTitle(), _shown_within_screen(dlg), dlg.frameGeometry(),
                     dlg.screen().availableGeometry()))
        dlg.close()
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    return seen


def test_table_print_preview_opens_within_the_screen(window, shown_previews):
    window.show_ledger("mediations")
    window.menus.actionPrint.trigger()
    assert shown_previews and shown_previews[0][1], shown_previews


def test_report_print_preview_opens_within_the_screen(window, shown_previews, qtbot, answers):
    tab = window.report()
    qtbot.waitUntil(lambda: tab._loaded, timeout=3000)
    tab.print_report()
    assert shown_previews, answers.calls
    title, inside, frame, avail = shown_previews[0]
    assert "打印预览" in title and inside, (frame, avail)
    answers.choose_answer = 1  # closing: nothing to save


def test_a_dialog_larger_than_the_screen_is_shrunk_to_it(window, qtbot):
    dlg = QDialog(window)
    qtbot.addWidget(dlg)
    avail = window.screen().availableGeometry()
    dlg.resize(avail.width() + 300, avail.height() + 200)
    dlg.show()
    qtbot.waitExposed(dlg)
    assert _shown_within_screen(dlg)
    assert dlg.width() <= avail.width() and dlg.height() <= avail.height()


def test_dialogs_are_kept_on_the_screen_again_once_the_window_has_painted(
        app, demo_store, make_window, qtbot, monkeypatch):
    """app.run pauses the keeper while the main window starts (an application-wide filter in
    Python would see each of its thousands of events); the window takes it up after painting."""
    from yaofu_desktop.gui.main_window import MainWindow
    from yaofu_desktop.gui.window_size import pause_keeping_dialogs_on_screen

    painted = []
    after = MainWindow._after_first_paint
    monkeypatch.setattr(MainWindow, "_after_first_paint", lambda self: (after(self), painted.append(True)))
    pause_keeping_dialogs_on_screen(app)
    window = make_window(demo_store)
    qtbot.waitUntil(lambda: bool(painted), timeout=3000)
    avail = window.screen().availableGeometry()
    dlg = QDialog(window)
    qtbot.addWidget(dlg)
    dlg.resize(avail.width() + 300, avail.height() + 200)
    dlg.show()
    qtbot.waitExposed(dlg)
    assert _shown_within_screen(dlg)
