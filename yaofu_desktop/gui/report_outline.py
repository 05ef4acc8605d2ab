"""The 报告 tab's outline: the list of the report's parts (开头语, 一、…, its subsections (一)–(九),
二、…, the checklist 本年度确无) and, beside it, the editor of the part chosen. Each part's
editor (gui/wording_editor.SectionEditor) is made when the part is first shown, the checklist's
page (gui/wording_cards.ChecklistPage) likewise; the list marks a part that must be filled in
before the report can be made (⚠, red), one that is not printed this year (grey) and one with
unsaved changes (●).

    outline.select("problems")     # the part in the list and in the editor
    outline.editor("problems")     # its SectionEditor (None for the checklist)
    outline.current                # the key of the part shown
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidgetItem

from ..report.compose import SECTION_ORDER, SUBSECTIONS, section_label
from .report_checks import CHECKLIST
from .wording_cards import ChecklistPage
from .wording_editor import SECTION_HINTS, SUB_HINT, SectionEditor

if TYPE_CHECKING:
    from .report_tab import ReportTab

PAGES = [*SECTION_ORDER, CHECKLIST]
# the outline's parts in the list of the tab, where the full label is too wide for it
PAGE_LABELS = {
    "results": "一、主要举措和成效",
    "problems_intro": "二、不足和原因·引言",
    "problems": "二、存在的不足和原因",
    "plans": "三、下一年度工作安排",
    "other": "四、其他情况（可不填）",
    CHECKLIST: "本年度确无……（清单）",
}


def page_label(key: str) -> str:
    """A part's name in the list (a subsection indented)."""
    label = PAGE_LABELS.get(key) or section_label(key)
    return ("　" + label) if key in SUBSECTIONS else label


class ReportOutline(QObject):
    """The tab's sectionList, sectionTitleLabel, errorLabel and editorStack: the parts, the one
    shown and its editor."""

    def __init__(self, tab: "ReportTab"):
        super().__init__(tab)
        self.tab = tab
        self.current: str = SECTION_ORDER[0]
        self.editors: dict[str, SectionEditor] = {}
        self.checklist_page: ChecklistPage | None = None
        # the last composition's parts as laid out (printed or not, number, heading) and each
        # part's results (which of its passages are printed, and why not)
        self.laid: dict = {}
        self.results: dict = {}
        parts = tab.sectionList
        for key in PAGES:
            item = QListWidgetItem(page_label(key))
            item.setData(Qt.ItemDataRole.UserRole, key)
            parts.addItem(item)
        parts.currentRowChanged.connect(self._selected)
        rows = parts.sizeHintForRow(0) * len(PAGES)
        parts.setMinimumHeight(min(rows + 2 * parts.frameWidth() + 2, 360))

    def _selected(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self.show(PAGES[row])
            if self.tab.loaded:
                self.show_error(self.tab.check_panel.section_errors)
                self.tab.figures.expand_for(self.current)
                self.tab.preview_pane.refresh()

    def select(self, key: str) -> None:
        self.tab.sectionList.setCurrentRow(PAGES.index(key))

    def editor(self, key: str | None = None) -> SectionEditor | None:
        """The editor of a part (made when first shown); None for the checklist."""
        tab = self.tab
        key = key or self.current
        if key == CHECKLIST or tab.wording is None:
            return None
        ed = self.editors.get(key)
        if ed is None:
            ed = SectionEditor(key, tab.draft, tab.look)
            ed.changed.connect(tab.edited)
            ed.figureRecordsRequested.connect(tab.show_figure_records)
            ed.pickFigureRequested.connect(tab.figures.pick)
            ed.message.connect(lambda text: tab.window_.show_message(self.tr(text), 8000))
            ed.set_read_only(tab.read_only())
            tab.undo_group.addStack(ed.stack)
            tab.editorStack.addWidget(ed)
            self.editors[key] = ed
        return ed

    def checklist(self) -> ChecklistPage:
        if self.checklist_page is None:
            self.checklist_page = ChecklistPage(self.tab.draft)
            self.checklist_page.changed.connect(self.tab.edited)
            self.checklist_page.set_read_only(self.tab.read_only())
            self.tab.editorStack.addWidget(self.checklist_page)
        return self.checklist_page

    def show(self, key: str) -> None:
        """The part's name and hint over the editor, and its editor (or the checklist)."""
        tab = self.tab
        self.current = key
        label = section_label(key) if key in SECTION_ORDER else page_label(key)
        hint = "" if key == CHECKLIST else SECTION_HINTS.get(key, SUB_HINT)
        tab.sectionTitleLabel.setText(
            f"{html.escape(label)}　<span style='font-weight:normal; color:#666'>{html.escape(self.tr(hint))}</span>")
        tab.sectionTitleLabel.setToolTip(self.tr(hint))
        if tab.wording is None:
            return
        if key == CHECKLIST:
            page = self.checklist()
            page.refresh()
            tab.editorStack.setCurrentWidget(page)
            tab.undo_group.setActiveStack(None)  # type: ignore[arg-type]  # Qt: no stack active
            tab.restoreButton.setEnabled(False)
            return
        made = key in self.editors
        ed = self.editor(key)
        if ed is None:
            return
        if made:
            ed.refresh_views()  # the checklist, a way of saying or the records may have changed
        tab.editorStack.setCurrentWidget(ed)
        tab.undo_group.setActiveStack(ed.stack)
        tab.restoreButton.setEnabled(not tab.read_only())
        if key in self.results:
            ed.show_results(self.results[key])

    def drop_pages(self) -> None:
        """The editors and the checklist's page let go (made again from the draft when shown)."""
        for ed in self.editors.values():
            self.tab.undo_group.removeStack(ed.stack)
            self.tab.editorStack.removeWidget(ed)
            ed.deleteLater()
        self.editors.clear()
        if self.checklist_page is not None:
            self.tab.editorStack.removeWidget(self.checklist_page)
            self.checklist_page.deleteLater()
            self.checklist_page = None

    def set_read_only(self, ro: bool) -> None:
        for ed in self.editors.values():
            if ed.read_only != ro:
                ed.set_read_only(ro)
        if self.checklist_page is not None and self.checklist_page.read_only != ro:
            self.checklist_page.set_read_only(ro)

    def refresh_pages(self) -> None:
        """The figures and the profile were read again: every page made shows them."""
        for ed in self.editors.values():
            ed.refresh_views()
        if self.checklist_page is not None:
            self.checklist_page.refresh()

    def draft_changed(self, by: QObject | None) -> None:
        """The draft changed (`by` the page that changed it): the checklist follows."""
        if self.checklist_page is not None and by is not self.checklist_page:
            self.checklist_page.refresh()

    def show_composed(self, laid: dict, results: dict) -> None:
        """The draft composed again: the part shown says which of its passages are printed."""
        self.laid, self.results = laid, results
        shown = self.editors.get(self.current)
        if shown is not None:
            shown.refresh_views()
            if self.current in self.results:
                shown.show_results(self.results[self.current])

    def mark_parts(self, errors: dict[str, str], dirty_sections: list[str] | None = None) -> None:
        """Each part's mark in the list: to be filled in (⚠), not printed (grey), unsaved (●)."""
        w = self.tab.wording
        dirty = set(self.tab.dirty_sections() if dirty_sections is None else dirty_sections)
        nil_dirty = w is not None and w.checklist_dirty
        grey = QColor("#9a9a9a")
        for i, key in enumerate(PAGES):
            item = self.tab.sectionList.item(i)
            text = page_label(key)
            lay = self.laid.get(key)
            if key == CHECKLIST:
                n = len(w.confirmed) if w is not None else 0
                text = self.tr("本年度确无……（已勾选 {0} 项）").format(n) if n else text
                item.setToolTip(self.tr("台账没有记录的工作，确实没有的在这里勾选，报告写明没有"))
                item.setData(Qt.ItemDataRole.ForegroundRole, None)
                if nil_dirty:
                    text += " ●"
                item.setText(text)
                continue
            if key in errors:
                text = "⚠ " + text.strip()
                text = ("　" + text) if key in SUBSECTIONS else text
                item.setForeground(QBrush(QColor("#c62828")))
                item.setToolTip(errors[key])
            elif lay is not None and not lay.printed and key not in ("results",):
                item.setForeground(QBrush(grey))
                item.setToolTip(self.tr("本年度这一部分没有可写的内容，报告中不印出（小节序号自动顺延）")
                                if key in SUBSECTIONS else self.tr("没有内容，报告中不印出"))
            elif key in dirty:
                item.setForeground(QBrush(QColor("#b35c00")))
                item.setToolTip(self.tr("有尚未保存的修改"))
            else:
                item.setData(Qt.ItemDataRole.ForegroundRole, None)
                item.setToolTip(self.tr("报告中为“{0}”").format(lay.number + lay.heading)
                                if lay is not None and lay.number and lay.heading else "")
            if key in dirty:
                text += " ●"
            item.setText(text)

    def show_error(self, errors: dict[str, str]) -> None:
        """Over the editor: what the part shown still needs before the report can be made."""
        err = errors.get(self.current)
        self.tab.errorLabel.setVisible(bool(err))
        if err:
            self.tab.errorLabel.setText(self.tr("这一部分须先补上，报告才能生成：{0}").format(err))
