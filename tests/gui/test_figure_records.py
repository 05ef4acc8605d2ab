"""概览: double-clicking a figure shows the records it is computed from, in its ledger's table,
with a bar that says which and 显示全部记录 (issue 14: it led nowhere)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from yaofu_desktop.figures import records_behind
from yaofu_desktop.store import RecordQuery


def _item(tree, key):
    from yaofu_desktop.gui.overview import KEY_ROLE

    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        for j in range(top.childCount()):
            if top.child(j).data(0, KEY_ROLE) == key:
                return top.child(j)
    raise AssertionError(f"no figure {key}")


def test_double_click_on_a_figure_shows_its_records_and_show_all_brings_back_the_rest(window, qtbot, demo_store):
    window.show_tab("overview")
    overview = window.overview
    overview.refresh()
    key = "mediations.kind.邻里纠纷"
    item = _item(overview.tree, key)
    overview.tree.itemActivated.emit(item, 1)  # a double-click (or Enter) on the figure

    behind = records_behind(demo_store, key, 2025)
    panel = window.current_panel()
    assert panel is not None and panel.ledger.name == "mediations"
    assert panel.model.total == len(behind.ids) == int(item.text(1).rstrip("起件次人名条期份 "))
    assert {panel.model.record_at(i)["kind"] for i in range(panel.model.total)} == {"邻里纠纷"}
    assert panel.only_bar.isVisibleTo(panel) and "邻里纠纷" in panel.only_bar.label.text()

    panel.only_bar.button.click()
    assert not panel.only_bar.isVisibleTo(panel)
    assert panel.model.total == demo_store.count("mediations", RecordQuery(year=2025))
