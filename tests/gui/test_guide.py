"""帮助 → 使用说明 (F1): the clerk's guide opens beside the window (not modal), says how to paste,
edit in place, fill down, undo, find and back up, and every character of it draws in the bundled
fonts (no box)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtGui import QTextLayout


def test_guide_opens_from_the_help_menu_and_says_how_to_work(window, qtbot):
    from yaofu_desktop.gui.help_dialog import GuideDialog

    assert window.menus.actionGuide in window.menus.menuHelp.actions()
    assert window.menus.actionGuide.shortcut().toString() == "F1"
    window.menus.actionGuide.trigger()
    dlg = window.findChild(GuideDialog)
    assert dlg is not None and dlg.isVisible() and not dlg.isModal()  # read while working
    text = dlg.browser.toPlainText()
    for words in ("乡镇概况", "Ctrl+V", "F2", "Ctrl+Shift+D", "Ctrl+Z", "2025.3.5", "查找", "备份", "只读"):
        assert words in text, words
    assert len(text) < 6000  # read in about ten minutes
    window.menus.actionGuide.trigger()  # again: the same one, raised
    assert len(window.findChildren(GuideDialog)) == 1
    dlg.close()


def test_every_character_of_the_guide_draws_in_the_bundled_fonts(window):
    from yaofu_desktop.gui.help_dialog import GuideDialog

    dlg = GuideDialog(window)
    text = "".join(ch for ch in dlg.browser.toPlainText() if not ch.isspace())
    layout = QTextLayout(text, dlg.browser.font())
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(1_000_000)
    layout.endLayout()
    drawn = 0
    for run in layout.glyphRuns():
        assert 0 not in run.glyphIndexes(), run.rawFont().familyName()  # glyph 0: the box
        drawn += len(run.glyphIndexes())
    assert drawn >= len(text) - text.count("𠮷")  # (a character past the BMP is one glyph, two units)
    dlg.close()
