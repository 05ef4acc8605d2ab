"""The 报告 tab's draft of the year's wording, kept or let go: 保存 (Ctrl+S, one transaction),
恢复默认 of the part shown, 从上一年复制, the 已保存 / 有 n 处未保存的修改 label, and the
questions about unsaved changes when the clerk leaves the tab, changes the year, opens another
database or closes the window. The draft itself is report.editing.YearWording (``tab.draft()``).

    actions.save()               # True when nothing is left unsaved
    actions.may_close()          # the window closes: saved, not wanted, or 取消 (False)
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from ..report.compose import SECTION_ORDER, section_label
from ..report.editing import YearWording
from ..store import Store
from . import dialogs

if TYPE_CHECKING:
    from .report_tab import ReportTab

log = logging.getLogger(__name__)


class DraftActions(QObject):
    """What the tab's 保存, 恢复默认 and 从上一年复制 do, and its questions before unsaved
    changes are left behind."""

    def __init__(self, tab: "ReportTab"):
        super().__init__(tab)
        self.tab = tab
        tab.saveButton.clicked.connect(self.save)
        tab.restoreButton.clicked.connect(self.restore_default)
        tab.copyButton.clicked.connect(self.copy_previous_year)

    def _unsaved(self, dirty: list[str] | None = None) -> list[str]:
        """What is unsaved, in words: the parts (`dirty`, when the caller has them), the
        checklist, the ways of saying figures."""
        tab = self.tab
        names = [section_label(k) for k in (tab.dirty_sections() if dirty is None else dirty)]
        w = tab.wording
        if w is not None and w.checklist_dirty:
            names.append(self.tr("本年度确无清单"))
        if w is not None and w.ways_dirty:
            names.append(self.tr("数字的写法"))
        return names

    def unsaved_names(self) -> str:
        return "、".join(self._unsaved())

    def show_unsaved(self, dirty: list[str] | None = None) -> None:
        """已保存, or how many changes are unsaved (and 保存 enabled when they may be)."""
        tab = self.tab
        n = len(self._unsaved(dirty))
        tab.savedLabel.setText(self.tr("有 {0} 处未保存的修改").format(n) if n else self.tr("已保存"))
        tab.savedLabel.setStyleSheet("color: #b35c00; font-weight: bold;" if n else "color: #2e7d32;")
        tab.saveButton.setEnabled(bool(n) and not tab.read_only())

    # saving ----------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the year's changes, in one transaction. True when nothing is left unsaved."""
        tab = self.tab
        if not tab.loaded or tab.wording is None:
            return True
        if not tab.is_dirty():
            tab.window_.show_message(self.tr("报告没有修改，无需保存。"), 3000)
            return True
        if tab.read_only():
            dialogs.warn(tab, self.tr("报告未能保存"), self.tr(
                "数据库现在是只读的，或{0}年度已锁定（年度报告已印发），报告的修改无法保存。").format(tab.year))
            return False
        names = self.unsaved_names()
        try:
            dirty = tab.wording.save(tab.store)
        except Exception as e:  # the draft stays, the clerk may try again
            log.exception("saving wording")
            dialogs.error(tab, self.tr("报告未能保存"), dialogs.describe_error(e))
            return False
        tab.update_marks()
        msg = self.tr("已保存{0}年度报告：{1}").format(tab.year, names)
        bad = [k for k in dirty if k in tab.check_panel.section_errors]
        if bad:
            msg += self.tr("（其中“{0}”尚须补上，报告才能生成）").format("、".join(section_label(k) for k in bad))
        tab.window_.show_message(msg, 6000)
        return True

    # unsaved changes left behind -------------------------------------------------------------------

    def ask_on_leaving(self) -> None:
        """The clerk left the tab with unsaved changes: save now, or keep them for later."""
        tab = self.tab
        choice = dialogs.choose(tab.window_.window(), self.tr("报告尚未保存"), self.tr(
            "{0}年度报告的修改（{1}）尚未保存。现在保存吗？\n\n选“暂不保存”，修改仍保留在“报告”页，"
            "关闭软件或换年度时会再问。").format(tab.year, self.unsaved_names()),
            [self.tr("保存"), self.tr("暂不保存")])
        if choice == 0:
            self.save()

    def ask_before_year_change(self) -> None:
        """Another year is chosen: save the draft first, or let it go."""
        if dialogs.ask(self.tab, self.tr("报告尚未保存"), self.tr(
                "{0}年度报告的修改（{1}）尚未保存。\n\n切换年度前要保存吗？").format(
                self.tab.year, self.unsaved_names()),
                yes=self.tr("保存"), no=self.tr("不保存"), default_yes=True):
            self.save()

    def ask_before_store_change(self, old: Path) -> None:
        """Another database is open: save the draft to the one it was read from, or let it go."""
        tab = self.tab
        if dialogs.ask(tab, self.tr("报告尚未保存"), self.tr(
                "{0}年度报告的修改（{1}）尚未保存。\n\n要保存到原来的数据库“{2}”吗？").format(
                tab.year, self.unsaved_names(), old.name),
                yes=self.tr("保存"), no=self.tr("不保存"), default_yes=True):
            try:
                with Store.open(old) as s:
                    tab.draft().save(s)
            except Exception as e:  # say so, the new database is open anyway
                log.exception("saving wording to %s", old)
                dialogs.error(tab, self.tr("报告未能保存"), dialogs.describe_error(e))

    def may_close(self) -> bool:
        """The window closes: True when it may (unsaved changes saved, or not wanted)."""
        tab = self.tab
        if not tab.loaded or not tab.is_dirty():
            return True
        from PySide6.QtWidgets import QMessageBox

        choice = dialogs.choose(tab, self.tr("报告尚未保存"), self.tr(
            "{0}年度报告的修改（{1}）尚未保存。关闭前要保存吗？").format(tab.year, self.unsaved_names()),
            [self.tr("保存"), self.tr("不保存"), self.tr("取消")], icon=QMessageBox.Icon.Question)
        if choice == 0:
            return self.save()
        return choice == 1

    # the draft replaced --------------------------------------------------------------------------

    def restore_default(self) -> None:
        tab = self.tab
        ed = tab.editor()
        if ed is None:
            return
        ed.reset_to_default()
        tab.window_.show_message(self.tr("“{0}”已恢复默认（只留来自台账的句子和默认标题），点“保存”后生效，"
                                         "可点“撤销”撤回。").format(section_label(tab.outline.current)), 6000)

    def copy_previous_year(self) -> None:
        tab = self.tab
        tab.ensure_loaded()
        prev = tab.year - 1
        texts = tab.store.report_texts.for_year(prev)
        saved = [k for k in SECTION_ORDER if k in texts]
        if not saved:
            dialogs.inform(tab, self.tr("从上一年复制"), self.tr(
                "{0}年度没有保存过报告文字，没有可复制的内容。").format(prev))
            return
        names = "、".join(section_label(k) for k in saved)
        if not dialogs.ask(tab, self.tr("从上一年复制"), self.tr(
                "把{0}年度保存的报告文字（{1}）复制到{2}年度吗？\n\n{2}年度这些部分现有的文字"
                "（包括未保存的修改）将被替换。“存在的不足和原因”和“下一年度安排”复制后请按本年度情况修改；"
                "“本年度确无”清单不复制。复制后点“保存”才生效。").format(prev, names, tab.year),
                yes=self.tr("复制"), no=self.tr("取消")):
            return
        try:
            src = YearWording.load(tab.store, prev)
        except Exception as e:
            log.exception("reading the wording of %s", prev)
            dialogs.error(tab, self.tr("未能复制"), dialogs.describe_error(e))
            return
        draft = tab.draft()
        for key in saved:
            draft.restore(key, src.section(key))
        draft.ways = dict(src.ways)
        current = tab.outline.current
        tab.outline.drop_pages()
        tab.outline.show(current)
        tab.refresh()
        tab.window_.show_message(self.tr("已从{0}年度复制 {1} 部分文字到{2}年度，点“保存”后生效。").format(
            prev, len(saved), tab.year), 6000)
