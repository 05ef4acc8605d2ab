"""A ledger's table as a clerk leaves it and finds it again: column widths, order and sort kept
per ledger across a restart, columns sized by their content; the filter list offers every listed
column (not only one); 法律明白人 has a month filter; Esc clears the search."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt

from tests.gui.conftest import close_window, set_combo, type_text
from yaofu_desktop.store import RecordQuery


def test_widths_order_and_sort_come_back_after_a_restart(app, qtbot, demo_store, answers):
    from yaofu_desktop.gui.main_window import MainWindow

    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.show()
    panel = w.show_ledger("mediations")
    hh = panel.table.horizontalHeader()
    parties = panel.model.column_of("parties")
    outcome = panel.model.column_of("outcome")
    hh.resizeSection(parties, 277)
    hh.moveSection(hh.visualIndex(outcome), 0)  # 调解结果 dragged to the front
    hh.setSortIndicator(parties, Qt.SortOrder.AscendingOrder)  # a click on 当事人
    assert panel.model.query.order_by == "parties" and not panel.model.query.descending
    panel.columns.save()  # (as the timer would, a moment after)
    close_window(w)

    again = MainWindow(demo_store)
    qtbot.addWidget(again)
    again.show()
    p2 = again.show_ledger("mediations")
    h2 = p2.table.horizontalHeader()
    assert h2.sectionSize(parties) == 277
    assert h2.logicalIndex(0) == outcome
    assert h2.sortIndicatorSection() == parties and h2.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert p2.model.query.order_by == "parties"
    first = [p2.model.record_at(i)["parties"] or "" for i in range(3)]
    assert first == sorted(first)
    close_window(again)


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_columns_are_sized_by_their_content(window, qtbot, size):
    window.resize(*size)
    panel = window.show_ledger("mediations")
    t = panel.table
    hh = t.horizontalHeader()
    qtbot.waitUntil(lambda: panel.columns._fitted, timeout=3000)
    for name in ("date", "committee", "village", "kind", "parties", "amount", "outcome", "closed"):
        col = panel.model.column_of(name)
        widest = _content_width(panel, col)
        # the header's label whole; room for the sort arrow on the column sorted by only
        label = hh.fontMetrics().horizontalAdvance(panel.model.columns[col].label) + 12
        head = hh.sectionSizeHint(col) if col == hh.sortIndicatorSection() else label
        need = max(widest + 12, head)
        assert t.columnWidth(col) >= min(need, 360), name  # never cut where it fits
        if name != "parties":  # (the title column takes the room left over)
            assert t.columnWidth(col) <= need + 12, name  # no empty width
    qtbot.waitUntil(lambda: _overflow(panel) == 0, timeout=3000)  # every column shown, none left empty


def test_a_column_sorted_by_gets_room_for_its_arrow(window, qtbot):
    window.resize(1024, 768)
    panel = window.show_ledger("mediations")
    qtbot.waitUntil(lambda: panel.columns._fitted, timeout=3000)
    hh = panel.table.horizontalHeader()
    village = panel.model.column_of("village")
    assert hh.sectionSize(village) < hh.sectionSizeHint(village)  # (no room kept for an arrow it has not)
    hh.setSortIndicator(village, Qt.SortOrder.AscendingOrder)  # a click on 村（社区）
    assert panel.model.query.order_by == "village"
    assert hh.sectionSize(village) >= hh.sectionSizeHint(village)  # 村（社区） and its arrow, whole
    assert _overflow(panel) <= 0  # the title column made the room


def test_the_filter_list_offers_every_listed_column(window, demo_store):
    panel = window.show_ledger("mediations")
    texts = [panel.kind_combo.itemText(i) for i in range(panel.kind_combo.count())]
    assert "按纠纷类型：" in texts and "按调解结果：" in texts and "按调委会：" in texts
    set_combo(panel.kind_combo, "调解成功")
    assert panel.model.query.equals == {"outcome": "调解成功"}
    assert panel.model.total == demo_store.count("mediations", RecordQuery(year=2025, equals={"outcome": "调解成功"}))
    heading = panel.kind_combo.findText("按纠纷类型：")
    assert not panel.kind_combo.model().item(heading).isEnabled()  # a heading, not a filter


def test_legal_literates_have_a_month_filter(window, demo_store):
    panel = window.show_ledger("legal_literates")
    assert panel.month_combo.isVisibleTo(panel)
    month = next(m for m in range(1, 13) if demo_store.count("legal_literates", RecordQuery(year=2025, month=m)))
    panel.month_combo.setCurrentIndex(month)
    assert panel.model.total == demo_store.count("legal_literates", RecordQuery(year=2025, month=month))
    assert 0 < panel.model.total < demo_store.count("legal_literates", RecordQuery(year=2025))


def test_esc_clears_the_search_and_a_date_finds_its_records(window, qtbot, demo_store):
    panel = window.show_ledger("mediations")
    n = panel.model.total
    rec = panel.model.record_at(0)
    y, m, d = (int(x) for x in rec["date"].split("-"))
    type_text(panel.filter_edit, f"{m}月{d}日")
    expected = demo_store.count("mediations", RecordQuery(year=2025, text=f"{m}月{d}日"))
    qtbot.waitUntil(lambda: panel.model.total == expected, timeout=3000)
    assert 0 < expected < n
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Escape)
    assert panel.filter_edit.text() == "" and panel.model.total == n
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Escape)  # again, in the empty box: back to the table
    assert panel.table.hasFocus() or window.focusWidget() is panel.table


def test_tab_leaves_the_table_and_shift_tab_comes_back(window, qtbot):
    panel = window.show_ledger("mediations")
    t = panel.table
    t.setCurrentIndex(panel.model.index(2, 1))
    t.setFocus()
    qtbot.waitUntil(t.hasFocus)
    qtbot.keyClick(t, Qt.Key.Key_Tab)
    assert not t.hasFocus(), "Tab moved to the next cell instead of the next control"
    assert t.currentIndex().row() == 2 and t.currentIndex().column() == 1  # the cell stays where it was
    left_to = window.focusWidget()
    assert left_to is not None and left_to.isVisible()
    qtbot.keyClick(left_to, Qt.Key.Key_Backtab)
    assert t.hasFocus() and t.currentIndex().column() == 1


def _overflow(panel) -> int:
    """How far the columns reach past the table's visible width (negative: room left empty)."""
    return panel.table.horizontalHeader().length() - panel.table.viewport().width()


def _content_width(panel, col: int) -> int:
    fm = panel.table.fontMetrics()
    return max(fm.horizontalAdvance(panel.model.index(r, col).data() or "") for r in range(panel.model.rowCount()))


def test_at_1024_a_long_title_gives_way_so_that_every_column_shows(window, qtbot):
    """研究议题 longer than the window has room for is cut (its tooltip whole) rather than 佐证材料
    at the window's edge behind a scroll bar; every other column keeps its whole text."""
    window.resize(1024, 768)
    panel = window.show_ledger("meetings")
    qtbot.waitUntil(lambda: panel.columns._fitted, timeout=3000)
    qtbot.waitUntil(lambda: _overflow(panel) <= 0, timeout=3000)
    t = panel.table
    title = panel.model.column_of("topic")
    assert panel.columns.title_column == title
    assert 200 <= t.columnWidth(title) < _content_width(panel, title)  # cut, but readable
    assert _overflow(panel) == 0  # and no room left empty either
    for col in range(len(panel.model.columns)):
        if col != title and panel.model.rowCount():
            assert t.columnWidth(col) >= min(_content_width(panel, col) + 12, 360), panel.model.columns[col].label
    row = next(r for r in range(panel.model.rowCount())
               if t.fontMetrics().horizontalAdvance(panel.model.index(r, title).data()) > t.columnWidth(title))
    assert panel.model.index(row, title).data(Qt.ItemDataRole.ToolTipRole)  # the whole title, on hover


def test_an_empty_table_fits_the_window_and_is_fitted_again_when_rows_come(window, qtbot, demo_store):
    window.resize(1024, 768)
    panel = window.show_ledger("normative_documents")
    assert panel.model.total == 0  # (the demo town made none in 2025)
    qtbot.waitUntil(lambda: _overflow(panel) == 0, timeout=3000)  # no scroll bar under an empty table
    assert not panel.columns._fitted
    demo_store.insert("normative_documents", {
        "date": "2025-06-10", "title": "关于进一步加强和规范农村集体经济组织财务管理工作的实施意见",
        "doc_no": "姚政发〔2025〕9号", "drafted_by": "镇农业农村综合服务中心", "legality_review": True,
        "deliberation": True, "published": True, "filed": True, "status": "现行有效"})
    panel.refresh()
    qtbot.waitUntil(lambda: panel.columns._fitted, timeout=3000)
    from yaofu_desktop.gui.table_columns import TITLE_MIN_WIDTH

    doc_no = panel.model.column_of("doc_no")
    assert panel.table.columnWidth(doc_no) >= _content_width(panel, doc_no) + 12
    # eight columns of their own at 1024: the long title gives all it can, then the table scrolls
    assert panel.table.columnWidth(panel.model.column_of("title")) == TITLE_MIN_WIDTH


def test_the_title_column_follows_the_window_until_the_clerk_sizes_a_column(window, qtbot):
    window.resize(1024, 768)
    panel = window.show_ledger("study_sessions")
    qtbot.waitUntil(lambda: panel.columns._fitted, timeout=3000)
    window.resize(1366, 768)  # the window maximised later
    qtbot.waitUntil(lambda: _overflow(panel) == 0, timeout=3000)  # no empty room at the right
    hh = panel.table.horizontalHeader()
    hh.resizeSection(0, hh.sectionSize(0) + 30)  # the clerk drags a width
    panel.columns.save()  # (as the timer would, a moment after)
    widths = [hh.sectionSize(i) for i in range(hh.count())]
    window.resize(1100, 768)
    qtbot.wait(50)
    assert [hh.sectionSize(i) for i in range(hh.count())] == widths  # the clerk's widths stay
