"""帮助 → 使用说明 (F1): the clerk's guide opens beside the window (not modal), says how to paste,
edit in place, fill down, undo, find and back up, and every character of it draws in the bundled
fonts (no box)."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QAction, QTextLayout


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


def _plain(text: str) -> str:
    """A menu item's words as the guide writes them: no accelerator (&F), (F) or trailing …."""
    return re.sub(r"\(&?[A-Z]\)|&|…$", "", text).strip()


def _items(menu) -> list[str]:
    out = []
    for a in menu.actions():
        if a.menu() is not None:
            out += _items(a.menu())
        elif a.text():
            out.append(_plain(a.text()))
    return out


def test_every_menu_path_and_shortcut_the_guide_names_is_there(window):
    """The guide names its commands as 菜单 → 命令 (or 右键 → 命令) and its keys as Ctrl+…; each
    one is in that menu, under those keys (本年度 for the year the menu names)."""
    from yaofu_desktop.gui.help_dialog import GuideDialog

    text = GuideDialog(window).browser.toPlainText()
    paths = re.findall(r"(\w{2})\s*→\s*([^\s”，。）（]+)", text)  # (the menus' names are two characters)
    assert len(paths) >= 8, paths
    menus = {_plain(a.text()): _items(a.menu()) for a in window.menuBar().actions()}
    panel = window.show_ledger("mediations")
    panel.table.selectRow(0)
    for row in (1, 2):  # (fill down is offered over several rows: the guide says 选中几行)
        panel.table.selectionModel().select(panel.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                                            | QItemSelectionModel.SelectionFlag.Rows)
    cell = panel.table.visualRect(panel.model.index(0, panel.model.column_of("village"))).center()
    menus["右键"] = [_plain(a.text()) for a in panel.context_menu(cell).actions()]
    for where, what in paths:
        want = re.compile(re.escape(what).replace("本年度", r"\d{4}年度"))
        assert where in menus, f"{where} → {what}: no menu {where}"
        assert any(want.match(item) for item in menus[where]), f"{where} → {what} not in {menus[where]}"
    keys = set(re.findall(r"Ctrl\+(?:Shift\+)?[A-Z]", text))
    bound = {a.shortcut().toString() for a in window.findChildren(QAction) if not a.shortcut().isEmpty()}
    assert keys and keys <= bound, keys - bound
