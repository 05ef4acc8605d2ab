"""The 报告 tab's checks before the report is made: listed errors first, in the clerk's words,
each telling where it is fixed (a part of the report, the 成文日期, the checklist 本年度确无, the
profile); the tab goes there when one is clicked.

    panel.show(comp.checks, comp.section_errors)   # the checks of the draft just composed
    panel.go_to("issue_date")                      # where a check is fixed
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QGroupBox, QListWidget, QListWidgetItem, QStyle

from ..report.compose import SECTION_ORDER, SUBSECTIONS, section_label

if TYPE_CHECKING:
    from ..report.compose import Check
    from .report_tab import ReportTab

CHECKLIST = "checklist"  # the tab's page 本年度确无…
TARGET = Qt.ItemDataRole.UserRole + 1  # an item's place: a section key, "issue_date", "profile", "checklist"


def tr(text: str) -> str:
    return QCoreApplication.translate("ReportTab", text)


def place_of(target: str) -> str:
    """Where a check is fixed, in words ("" for nowhere in particular)."""
    if target in SECTION_ORDER:
        return tr("报告的“{0}”").format(section_label(target))
    return {"issue_date": tr("成文日期"), "profile": tr("乡镇概况"),
            CHECKLIST: tr("本年度确无清单")}.get(target, "")


def show_checks(lst: QListWidget, group: QGroupBox, checks: list, year: int, icons: dict) -> None:
    """The checks, errors first, each coloured by its level and telling where it is fixed."""
    lst.clear()
    colors = {"error": "#c62828", "warning": "#b35c00", "info": "#666666"}
    names = {"error": tr("错误"), "warning": tr("提醒"), "info": tr("说明")}
    order = {"error": 0, "warning": 1, "info": 2}
    for c in sorted(checks, key=lambda c: order.get(c.level, 3)):
        message = c.message
        if c.section in SUBSECTIONS and c.level != "error" and section_label(c.section) not in message:
            message = f"{section_label(c.section)}：{message}"
        it = QListWidgetItem(icons.get(c.level, QIcon()), f"{names.get(c.level, '')}：{message}")
        it.setForeground(QBrush(QColor(colors.get(c.level, "#000"))))
        it.setData(Qt.ItemDataRole.UserRole, c.level)
        it.setData(TARGET, c.section)
        place = place_of(c.section)
        it.setToolTip(message + (tr("\n（点击转到{0}）").format(place) if place else ""))
        lst.addItem(it)
    counts = {lvl: sum(1 for c in checks if c.level == lvl) for lvl in order}
    if not checks:
        it = QListWidgetItem(tr("未发现问题，可以生成报告。"))
        it.setForeground(QBrush(QColor("#2e7d32")))
        lst.addItem(it)
    parts = []
    if counts["error"]:
        parts.append(tr("{0} 个错误须先改正").format(counts["error"]))
    if counts["warning"]:
        parts.append(tr("{0} 个提醒").format(counts["warning"]))
    if counts["info"]:
        parts.append(tr("{0} 条说明").format(counts["info"]))
    title = tr("{0}年度报告 生成前检查").format(year)
    group.setTitle(f"{title}（{'，'.join(parts)}；点击一条可转到要改的地方）" if parts else title)
    group.setStyleSheet(
        "QGroupBox { color: #c62828; font-weight: bold; }" if counts["error"] else "")
    h = lst.sizeHintForRow(0) if lst.count() else 20
    rows = max(2, min(lst.count(), 4))  # up to four rows, scrolled beyond
    lst.setFixedHeight(rows * max(h, 18) + 2 * lst.frameWidth() + 2)


class CheckPanel(QObject):
    """The tab's checksList and checksGroup: the checks of the draft last composed, and where
    each one is fixed."""

    def __init__(self, tab: "ReportTab"):
        super().__init__(tab)
        self.tab = tab
        self.checks: list[Check] = []
        self.section_errors: dict[str, str] = {}  # a part's key: what it still needs
        style = tab.style()
        self.icons = {
            "error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            "info": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
        }
        tab.checksList.itemClicked.connect(self.clicked)
        tab.checksList.itemActivated.connect(self.clicked)

    def show(self, checks: list[Check], section_errors: dict[str, str] | None = None) -> None:
        """The checks listed (the parts' errors kept as they were when none are given)."""
        self.checks = checks
        if section_errors is not None:
            self.section_errors = section_errors
        show_checks(self.tab.checksList, self.tab.checksGroup, self.checks, self.tab.year, self.icons)

    def errors(self) -> list[str]:
        return [c.message for c in self.checks if c.level == "error"]

    def clicked(self, item: QListWidgetItem) -> None:
        self.go_to(item.data(TARGET) or "")

    def go_to(self, target: str) -> None:
        """The place a check is fixed: a part of the report, the 成文日期, the checklist, the
        profile."""
        tab = self.tab
        if target in SECTION_ORDER or target == CHECKLIST:
            tab.select_section(target)
            ed = tab.editor(target) if target != CHECKLIST else None
            if ed is not None and ed.cards:
                editable = [c for c in ed.cards if c.editable]
                if editable:
                    ed.focus_item(editable[0].item_id)
            elif ed is not None and ed.sdef.kind in ("points", "paragraphs", "intro"):
                ed.add_button.setFocus()
        elif target == "issue_date":
            tab.issueDateEdit.setFocus()
            tab.window_.show_message(self.tr("请选择成文日期（报告印发的日期）。"), 6000)
        elif target == "profile":
            from .profile_dialog import edit_profile

            edit_profile(tab.window_)  # the window reads everything again when it is saved
