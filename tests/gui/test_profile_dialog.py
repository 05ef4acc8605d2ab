"""The profile dialog (乡镇概况, gui/profile_dialog.py): what is wrong is said in red at its field
and goes as it is corrected; on the first start, Esc asks before the program quits."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.gui.conftest import click, type_text


def _ok(dlg):
    return dlg.buttonBox.button(dlg.buttonBox.StandardButton.Ok)


def _under(dlg, label, widget) -> bool:
    """`label` shown just under `widget`, in its column."""
    lab = label.mapTo(dlg, label.rect().topLeft())
    wid = widget.mapTo(dlg, widget.rect().bottomLeft())
    return label.isVisibleTo(dlg) and 0 <= lab.y() - wid.y() <= 12 and abs(lab.x() - wid.x()) <= 4


def test_errors_show_at_their_fields_and_clear_as_corrected(app, qtbot, demo_store, answers):
    from yaofu_desktop.gui.profile_dialog import ProfileDialog

    dlg = ProfileDialog(demo_store)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.governmentEdit.clear()
    dlg.townshipEdit.clear()
    click(qtbot, _ok(dlg))
    qtbot.wait(5)
    assert dlg.isVisible() and demo_store.profile()["township"] == "姚伏镇"  # nothing saved
    gov, town = dlg.field_errors["government"], dlg.field_errors["township"]
    assert gov.text() == "请填写政府名称" and town.text() == "请填写乡镇名称"
    assert _under(dlg, gov, dlg.governmentEdit) and _under(dlg, town, dlg.townshipEdit)
    assert "c62828" in gov.styleSheet()  # red
    assert not dlg.errorLabel.isVisibleTo(dlg)  # nothing at the foot
    assert not dlg.field_errors["county"].isVisibleTo(dlg)
    assert dlg.focusWidget() is dlg.governmentEdit  # the first field to correct
    # corrected: its message goes at once, the other stays
    type_text(dlg.governmentEdit, "测试县新城镇人民政府")
    assert not gov.isVisibleTo(dlg) and town.isVisibleTo(dlg)
    type_text(dlg.townshipEdit, "新城镇")
    assert not town.isVisibleTo(dlg)
    click(qtbot, _ok(dlg))
    assert dlg.result() == QDialog.DialogCode.Accepted and demo_store.profile()["township"] == "新城镇"


def test_first_run_escape_asks_before_quitting(app, qtbot, tmp_path, answers):
    from yaofu_desktop.gui.profile_dialog import ProfileDialog

    path = tmp_path / "新.db"
    dlg = ProfileDialog(create_at=path)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    answers.ask_answer = False  # 继续填写
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert dlg.isVisible() and answers.texts("ask") and "退出" in answers.calls[-1][1]
    click(qtbot, dlg.buttonBox.button(dlg.buttonBox.StandardButton.Cancel))  # 退出, then 继续填写
    assert dlg.isVisible() and len(answers.texts("ask")) == 2
    answers.ask_answer = True  # 退出
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert not dlg.isVisible() and dlg.result() == QDialog.DialogCode.Rejected
    assert not path.exists()


def test_profile_dialog_after_first_run_closes_without_asking(app, qtbot, demo_store, answers):
    from yaofu_desktop.gui.profile_dialog import ProfileDialog

    dlg = ProfileDialog(demo_store)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert not dlg.isVisible() and not answers.texts("ask")
