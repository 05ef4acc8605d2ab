"""The 报告 tab's list of figures to insert: every figure of the year by work area (its label and
value now) and the profile's values, searchable by words of their labels (never by a key);
a double click (or Enter on the search) puts the one chosen at the cursor of the passage being
worked in, said the way chosen in 写法.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidgetItem

from ..report.compose import SUBSECTIONS, section_label
from ..wording import SAY_LABELS
from .report_checks import CHECKLIST
from .wording_editor import SAY_MENU

if TYPE_CHECKING:
    from .report_tab import ReportTab



class FigurePicker(QObject):
    """The tab's figureTree, figureSearch and formCombo, filled and searched."""

    def __init__(self, tab: "ReportTab"):
        super().__init__(tab)
        self.tab = tab
        for say in SAY_MENU:  # the ways a figure may be inserted in (写法)
            tab.formCombo.addItem(self.tr(SAY_LABELS[say]), say)
        tab.formCombo.setToolTip(self.tr("插入的数字在报告中怎样写（插入后也可右键数字修改）"))
        tab.figureTree.setColumnCount(2)
        hh = tab.figureTree.header()
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        tab.figureTree.itemActivated.connect(self.activated)
        tab.figureSearch.textChanged.connect(self.filter)
        tab.figureSearch.returnPressed.connect(self.insert_first_match)

    def fill(self) -> None:
        tree = self.tab.figureTree
        tree.clear()
        w = self.tab.wording
        if w is None:
            return
        groups: dict[str, QTreeWidgetItem] = {}
        bold = tree.font()
        bold.setBold(True)

        def group(key: str, label: str) -> QTreeWidgetItem:
            g = groups.get(key)
            if g is None:
                g = QTreeWidgetItem([label, ""])
                g.setFont(0, bold)
                g.setData(0, Qt.ItemDataRole.UserRole, None)
                g.setData(0, Qt.ItemDataRole.UserRole + 1, key)
                g.setFlags(Qt.ItemFlag.ItemIsEnabled)
                tree.addTopLevelItem(g)
                groups[key] = g
            return g

        prof = group("profile", self.tr("概况（年度、乡镇名称等）"))
        for name, label, value in w.profile_fields():
            it = QTreeWidgetItem([self.tr(label), value])
            it.setData(0, Qt.ItemDataRole.UserRole, ("profile", name))
            it.setToolTip(0, self.tr("乡镇概况中的“{0}”：{1}\n双击插入到光标处").format(label, value or "（未填写）"))
            prof.addChild(it)
        area_keys = {section_label(k).split("）", 1)[-1]: k for k in SUBSECTIONS}
        for choice in w.insertable_figures():
            g = group(choice.area, choice.area)
            g.setData(0, Qt.ItemDataRole.UserRole + 1, area_keys.get(choice.area, choice.area))
            it = QTreeWidgetItem([choice.label, choice.value])
            it.setData(0, Qt.ItemDataRole.UserRole, ("figure", choice.key))
            tip = self.tr("{0}（{1}）\n本年度：{2}\n双击插入到光标处").format(choice.label, choice.area, choice.value)
            it.setToolTip(0, tip)
            it.setToolTip(1, tip)
            it.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            g.addChild(it)
        self.filter(self.tab.figureSearch.text())

    def expand_for(self, section: str) -> None:
        if self.tab.figureSearch.text().strip():
            return
        want = section if section in SUBSECTIONS else "profile"
        for i in range(self.tab.figureTree.topLevelItemCount()):
            g = self.tab.figureTree.topLevelItem(i)
            g.setExpanded(g.data(0, Qt.ItemDataRole.UserRole + 1) == want)
            if g.isExpanded():
                self.tab.figureTree.scrollToItem(g, self.tab.figureTree.ScrollHint.PositionAtTop)

    def filter(self, text: str) -> None:
        words = text.strip().lower().split()
        for i in range(self.tab.figureTree.topLevelItemCount()):
            g = self.tab.figureTree.topLevelItem(i)
            shown = 0
            for j in range(g.childCount()):
                c = g.child(j)
                hay = f"{c.text(0)} {g.text(0)}".lower()
                ok = all(w in hay for w in words)
                c.setHidden(not ok)
                shown += ok
            g.setHidden(shown == 0)
            if words:
                g.setExpanded(shown > 0)
        if not words:
            self.expand_for(self.tab.outline.current)

    def visible(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.tab.figureTree.topLevelItemCount()):
            g = self.tab.figureTree.topLevelItem(i)
            out += [g.child(j) for j in range(g.childCount()) if not g.child(j).isHidden() and not g.isHidden()]
        return out

    def insert_first_match(self) -> None:
        items = self.visible()
        if self.tab.figureSearch.text().strip() and items:
            self.activated(items[0])

    def pick(self) -> None:
        self.tab.sideTabs.setCurrentWidget(self.tab.figurePage)
        self.tab.figureSearch.setFocus()
        self.tab.figureSearch.selectAll()
        self.tab.window_.show_message(self.tr("输入数字名称查找，双击一项（或按 Enter 插入第一项）插入到光标处"), 6000)

    def insert(self, kind: str, name: str, say: str = "") -> bool:
        ed = self.tab.editor()
        if ed is None or self.tab.read_only():
            return False
        if not ed.insert_field(kind, name, say if kind == "figure" else ""):
            self.tab.window_.show_message(self.tr("“一、”部分只有标题：数字请插入到（一）至（九）各小节中。"), 6000)
            return False
        return True

    def activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if not data:
            return
        kind, name = data
        if self.tab.outline.current == CHECKLIST:
            self.tab.window_.show_message(self.tr("请先在左侧选择要填写的部分。"), 4000)
            return
        self.insert(kind, name, self.tab.formCombo.currentData() or "")
