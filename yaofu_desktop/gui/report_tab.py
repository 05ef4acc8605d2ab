"""The 报告 tab: the year's checks, the report's outline with each part's wording, a live
preview, and the buttons that make the report (PDF, Word, print). The fixed layout is
ui/report_tab.ui; the editor of a part's wording is gui/wording_editor.py.

    tab = ReportTab(window)      # the main window makes it when 报告 is first shown
    tab.generate("pdf")          # 文件 → 生成年度报告PDF… (gui/menus.py) does window.report().generate("pdf")

What the tab uses of the window is gui/window_api.Window: ``store``, ``year``, ``settings``,
``read_only``, ``run_task``, ``show_message``, ``show_ledger`` and the signals ``yearChanged`` /
``storeChanged`` / ``dataChanged``; the window calls its ``reload`` when it reads everything again.

The year's wording is one draft (report.editing.YearWording) until 保存 (Ctrl+S), which writes it
in one transaction; the preview, the checks and the generated files follow the draft. Unsaved
changes are asked about when the clerk leaves the tab, the year changes, another database is
opened or the window closes. Each part has its own undo (撤销/重做, Ctrl+Z/Ctrl+Y).

The checks name what is missing in Chinese; clicking one goes to the place it is fixed (a part,
the 成文日期, the checklist 本年度确无, the profile). A figure in the preview leads to its records
(the ledger's table, showing only them).

Work that takes time (composing and rendering the files) runs via ``window.run_task`` in its own
read-only Store opened from ``window.store.path`` — sqlite connections are not shared between
threads.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import sqlite3
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence, QMouseEvent, QShortcut, QUndoGroup
from PySide6.QtWidgets import (
    QHeaderView,
    QListWidgetItem,
    QStyle,
    QWidget,
)

from ..report.compose import (
    SECTION_ORDER,
    SUBSECTIONS,
    chinese_date,
    issue_date,
    section_label,
)
from ..report.editing import YearWording
from ..report.preview import FONT_FAMILIES, PBlock, mark_token, preview_blocks, report_html
from ..store import Store
from ..wording import SAY_LABELS
from . import dialogs
from .forms.ui_report_tab import Ui_ReportTab
from .i18n import ensure_fonts
from .report_checks import CHECKLIST, TARGET, show_checks
from .report_figures import FigurePicker
from .report_files import ReportFiles
from .window_api import Window
from .wording_cards import ChecklistPage
from .wording_editor import SECTION_HINTS, SUB_HINT, SectionEditor
from .wording_fields import FieldLook

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300
PREVIEW_BODY_PT = 12.0
PAGES = [*SECTION_ORDER, CHECKLIST]
INSERT_SAYS = ("", "余", "约", "零")  # the ways a figure may be inserted in (写法)
# the outline's parts in the list of the tab, where the full label is too wide for it
PAGE_LABELS = {
    "results": "一、主要举措和成效",
    "problems_intro": "二、不足和原因·引言",
    "problems": "二、存在的不足和原因",
    "plans": "三、下一年度工作安排",
    "other": "四、其他情况（可不填）",
    CHECKLIST: "本年度确无……（清单）",
}


# -- the tab --------------------------------------------------------------------------------------


class ReportTab(QWidget, Ui_ReportTab):
    def __init__(self, window: Window, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName("report_tab")
        self.window_ = window
        self.year: int = window.year
        self._store_path: Path = window.store.path
        self.wording: YearWording | None = None
        self.look = FieldLook(lambda: self.wording)
        self.undo_group = QUndoGroup(self)
        self._editors: dict[str, SectionEditor] = {}
        self._checklist: ChecklistPage | None = None
        self.checks: list = []
        self._errors: dict[str, str] = {}
        self._laid: dict = {}
        self._results: dict = {}
        self._preview: tuple[list[PBlock], list[tuple[str, str]]] = ([], [])
        self._mark_keys: list[str] = []
        self._current: str = SECTION_ORDER[0]
        self._loaded = False  # the year's wording is in the draft
        self._stale = True  # figures/checks/preview to be recomputed when next shown
        self._closing = False
        self._read_only: bool | None = None  # known once asked (read_only)
        self._preview_section: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._debounced)
        self._setup()
        window.yearChanged.connect(self._year_changed)
        window.storeChanged.connect(self._store_changed)
        window.dataChanged.connect(self._data_changed)

    # set-up --------------------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self.window_.store

    def _setup(self) -> None:
        self.progressBar.hide()
        self.progressLabel.hide()
        self.errorLabel.hide()
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([215, 560, 485])
        for key in PAGES:
            item = QListWidgetItem(self._page_label(key))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sectionList.addItem(item)
        self.sectionList.currentRowChanged.connect(self._section_selected)
        rows = self.sectionList.sizeHintForRow(0) * len(PAGES)
        self.sectionList.setMinimumHeight(min(rows + 2 * self.sectionList.frameWidth() + 2, 360))
        for say in INSERT_SAYS:
            self.formCombo.addItem(self.tr(SAY_LABELS[say]), say)
        self.formCombo.setToolTip(self.tr("插入的数字在报告中怎样写（插入后也可右键数字修改）"))
        self.figureTree.setColumnCount(2)
        hh = self.figureTree.header()
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.figures = FigurePicker(self)  # the list of figures to insert
        self.files = ReportFiles(self)  # 生成PDF, 生成Word, 打印
        self.saveButton.clicked.connect(self.save)
        self.restoreButton.clicked.connect(self.restore_default)
        self.copyButton.clicked.connect(self.copy_previous_year)
        self.pdfButton.clicked.connect(lambda: self.generate("pdf"))
        self.wordButton.clicked.connect(lambda: self.generate("docx"))
        self.printButton.clicked.connect(self.print_report)
        self.undoButton.clicked.connect(self.undo_group.undo)
        self.redoButton.clicked.connect(self.undo_group.redo)
        self.undo_group.canUndoChanged.connect(self.undoButton.setEnabled)
        self.undo_group.canRedoChanged.connect(self.redoButton.setEnabled)
        self.undo_group.undoTextChanged.connect(
            lambda t: self.undoButton.setToolTip(
                self.tr("撤销：{0}（Ctrl+Z）").format(t) if t else self.tr("撤销（Ctrl+Z）")))
        self.undo_group.redoTextChanged.connect(
            lambda t: self.redoButton.setToolTip(
                self.tr("重做：{0}（Ctrl+Y）").format(t) if t else self.tr("重做（Ctrl+Y）")))
        self.undoButton.setEnabled(False)
        self.redoButton.setEnabled(False)
        self.undo_action = self._shortcut(QKeySequence.StandardKey.Undo, self.undo_group.undo)
        self.redo_action = self._shortcut(QKeySequence.StandardKey.Redo, self.undo_group.redo)
        self.save_action = self._shortcut(QKeySequence.StandardKey.Save, self.save)
        self.appendixCheck.setChecked(bool(self.window_.settings.value("report/appendix", False, type=bool)))
        self.appendixCheck.toggled.connect(self._appendix_toggled)
        self.issueDateEdit.dateChanged.connect(self._issue_date_changed)
        style = self.style()
        self._icons = {
            "error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            "info": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
        }
        self.checksList.itemClicked.connect(self._check_clicked)
        self.checksList.itemActivated.connect(self._check_clicked)
        self.preview.viewport().installEventFilter(self)
        self.preview.setOpenLinks(False)
        self.preview.setOpenExternalLinks(False)
        self.preview.anchorClicked.connect(self._preview_link)
        print_sc = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        print_sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        print_sc.activated.connect(self.print_report)
        self.sectionList.setCurrentRow(0)

    def _shortcut(self, keys, fn) -> QAction:
        a = QAction(self)
        a.setShortcut(QKeySequence(keys))
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.triggered.connect(fn)
        self.addAction(a)
        return a

    @staticmethod
    def _page_label(key: str) -> str:
        label = PAGE_LABELS.get(key) or section_label(key)
        return ("　" + label) if key in SUBSECTIONS else label

    # showing and following the window ------------------------------------------------------------

    def read_only(self) -> bool:
        """The wording cannot be changed: the database opened read-only (or held by another
        copy of the app), or the year locked (its report issued). Read again by
        apply_read_only (the window calls it when either changes)."""
        if self._read_only is None:
            self._read_only = self._read_only_now()
        return self._read_only

    def _read_only_now(self) -> bool:
        if self.window_.read_only:
            return True
        try:
            return self.year in self.store.year_locks.years()
        except sqlite3.Error:  # a database that cannot be read is not written to either
            return True

    def apply_read_only(self) -> None:
        self._read_only = ro = self._read_only_now()
        for w in (self.restoreButton, self.copyButton, self.issueDateEdit):
            w.setEnabled(not ro)
        for ed in self._editors.values():
            if ed.read_only != ro:
                ed.set_read_only(ro)
        if self._checklist is not None and self._checklist.read_only != ro:
            self._checklist.set_read_only(ro)
        self.figureTree.setEnabled(not ro)
        self._update_dirty_marks()

    def showEvent(self, event):  # noqa: N802
        super().showEvent(event)
        if not self._loaded:
            self.load_year()
        else:
            self.apply_read_only()
            if self._stale:
                self.refresh()

    def hideEvent(self, event):  # noqa: N802
        super().hideEvent(event)
        if not event.spontaneous() and self._loaded and not self._closing and self.is_dirty():
            QTimer.singleShot(0, self._ask_on_leaving)

    def _ask_on_leaving(self) -> None:
        """The clerk left the tab with unsaved changes: save now, or keep them for later."""
        win = self.window()
        if self.isVisible() or self._closing or not self._loaded or not self.is_dirty() \
                or win is self or not win.isVisible():
            return
        choice = dialogs.choose(self.window_.window(), self.tr("报告尚未保存"), self.tr(
            "{0}年度报告的修改（{1}）尚未保存。现在保存吗？\n\n选“暂不保存”，修改仍保留在“报告”页，"
            "关闭软件或换年度时会再问。").format(self.year, self._dirty_names()),
            [self.tr("保存"), self.tr("暂不保存")])
        if choice == 0:
            self.save()

    def draft(self) -> YearWording:
        """The year's draft, read from the database when the tab first needs it."""
        if self.wording is None:
            self.load_year()
        assert self.wording is not None  # load_year read it
        return self.wording

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.load_year()
        elif self._stale or self._timer.isActive():
            self._timer.stop()
            self.refresh()

    def load_year(self) -> None:
        """Read the year's wording, date and figures afresh (unsaved changes are dropped)."""
        self.year = self.window_.year
        self._store_path = self.store.path
        self._read_only = None
        self.wording = YearWording.load(self.store, self.year)
        self._drop_pages()
        self._loaded = True
        self._stale = True
        self._preview_section = None
        self.titleLabel.setText(self.tr("{0}年度法治政府建设工作报告").format(self.year))
        self.issueDateEdit.blockSignals(True)
        d = issue_date(self.store, self.year)
        # 成文日期 is asked for, never assumed: until chosen the box says so
        self.issueDateEdit.setMinimumDate(QDate(self.year, 1, 1))
        self.issueDateEdit.setSpecialValueText(self.tr("请选择成文日期"))
        if d is None:
            self.issueDateEdit.setDate(self.issueDateEdit.minimumDate())
        else:
            self.issueDateEdit.setDate(QDate(d.year, d.month, d.day))
        self.issueDateEdit.blockSignals(False)
        self.copyButton.setText(self.tr("从{0}年复制…").format(self.year - 1))
        self._show_section(self._current)
        self.apply_read_only()
        self.refresh()

    def _drop_pages(self) -> None:
        for ed in self._editors.values():
            self.undo_group.removeStack(ed.stack)
            self.editorStack.removeWidget(ed)
            ed.deleteLater()
        self._editors.clear()
        if self._checklist is not None:
            self.editorStack.removeWidget(self._checklist)
            self._checklist.deleteLater()
            self._checklist = None

    def _year_changed(self, year: int) -> None:
        if self._loaded and year != self.year and self.is_dirty():
            if dialogs.ask(self, self.tr("报告尚未保存"), self.tr(
                    "{0}年度报告的修改（{1}）尚未保存。\n\n切换年度前要保存吗？").format(
                    self.year, self._dirty_names()),
                    yes=self.tr("保存"), no=self.tr("不保存"), default_yes=True):
                self.save()
        self._loaded = False
        if self.isVisible():
            self.load_year()

    def _store_changed(self, store) -> None:
        if self._loaded and self.is_dirty():
            old = self._store_path
            if dialogs.ask(self, self.tr("报告尚未保存"), self.tr(
                    "{0}年度报告的修改（{1}）尚未保存。\n\n要保存到原来的数据库“{2}”吗？").format(
                    self.year, self._dirty_names(), old.name),
                    yes=self.tr("保存"), no=self.tr("不保存"), default_yes=True):
                try:
                    with Store.open(old) as s:
                        self.draft().save(s)
                except Exception as e:  # say so, the new database is open anyway
                    log.exception("saving wording to %s", old)
                    dialogs.error(self, self.tr("报告未能保存"), dialogs.describe_error(e))
        self._loaded = False
        self.wording = None
        self._drop_pages()
        if self.isVisible():
            self.load_year()

    def _data_changed(self, _ledger: str) -> None:
        self._stale = True
        if self.isVisible() and self._loaded:
            self._timer.start()

    def reload(self) -> None:
        """The window read everything again (the profile edited, an import, another copy's
        changes): the figures and the profile's values are read again; the draft is kept."""
        self._data_changed("")

    def _appendix_toggled(self, on: bool) -> None:
        self.window_.settings.setValue("report/appendix", bool(on))
        self.schedule()

    def _issue_date_changed(self, qd: QDate) -> None:
        if not self._loaded or qd == self.issueDateEdit.minimumDate():
            return
        d = dt.date(qd.year(), qd.month(), qd.day())
        try:
            self.store.report_texts.set(self.year, "issue_date", d.isoformat())
        except Exception as e:  # noqa: BLE001
            dialogs.error(self, self.tr("成文日期未能保存"), dialogs.describe_error(e))
            return
        self.window_.show_message(self.tr("成文日期已保存：{0}").format(chinese_date(d)), 4000)
        self.schedule()

    # the outline and the editor -------------------------------------------------------------------

    def _section_selected(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self._show_section(PAGES[row])
            if self._loaded:
                self._update_error_label()
                self.figures.expand_for(self._current)
                self.refresh_preview()

    def select_section(self, key: str) -> None:
        self.sectionList.setCurrentRow(PAGES.index(key))

    def editor(self, key: str | None = None) -> SectionEditor | None:
        """The editor of a part (made when first shown); None for the checklist."""
        key = key or self._current
        if key == CHECKLIST or self.wording is None:
            return None
        ed = self._editors.get(key)
        if ed is None:
            ed = SectionEditor(key, self.draft, self.look)
            ed.changed.connect(self._edited)
            ed.figureRecordsRequested.connect(self.show_figure_records)
            ed.pickFigureRequested.connect(self.figures.pick)
            ed.message.connect(lambda text: self.window_.show_message(self.tr(text), 8000))
            ed.set_read_only(self.read_only())
            self.undo_group.addStack(ed.stack)
            self.editorStack.addWidget(ed)
            self._editors[key] = ed
        return ed

    def checklist(self) -> ChecklistPage:
        if self._checklist is None:
            self._checklist = ChecklistPage(self.draft)
            self._checklist.changed.connect(self._edited)
            self._checklist.set_read_only(self.read_only())
            self.editorStack.addWidget(self._checklist)
        return self._checklist

    def _show_section(self, key: str) -> None:
        self._current = key
        label = section_label(key) if key in SECTION_ORDER else self._page_label(key)
        hint = "" if key == CHECKLIST else SECTION_HINTS.get(key, SUB_HINT)
        self.sectionTitleLabel.setText(
            f"{html.escape(label)}　<span style='font-weight:normal; color:#666'>{html.escape(self.tr(hint))}</span>")
        self.sectionTitleLabel.setToolTip(self.tr(hint))
        if self.wording is None:
            return
        if key == CHECKLIST:
            page = self.checklist()
            page.refresh()
            self.editorStack.setCurrentWidget(page)
            self.undo_group.setActiveStack(None)  # type: ignore[arg-type]  # Qt: no stack active
            self.restoreButton.setEnabled(False)
            return
        made = key in self._editors
        ed = self.editor(key)
        if ed is None:
            return
        if made:
            ed.refresh_views()  # the checklist, a way of saying or the records may have changed
        self.editorStack.setCurrentWidget(ed)
        self.undo_group.setActiveStack(ed.stack)
        self.restoreButton.setEnabled(not self.read_only())
        if key in self._results:
            ed.show_results(self._results[key])

    def _edited(self) -> None:
        """The draft changed: its marks now, the checks and preview a moment after the last
        change."""
        if not self._loaded:
            return
        self._update_dirty_marks()
        if self._checklist is not None and self.sender() is not self._checklist:
            self._checklist.refresh()
        self.schedule()

    def schedule(self) -> None:
        """Recompute the checks and the preview a moment after the last change."""
        self._timer.start()

    def is_dirty(self) -> bool:
        return self.wording is not None and self.wording.dirty

    def dirty_sections(self) -> list[str]:
        return self.wording.dirty_sections() if self.wording is not None else []

    def _dirty_names(self) -> str:
        names = [section_label(k) for k in self.dirty_sections()]
        w = self.wording
        if w is not None and w.confirmed != w._confirmed_saved:
            names.append(self.tr("本年度确无清单"))
        if w is not None and w.ways != w._ways_saved:
            names.append(self.tr("数字的写法"))
        return "、".join(names)

    def _update_dirty_marks(self) -> None:
        dirty = set(self.dirty_sections())
        w = self.wording
        nil_dirty = w is not None and w.confirmed != w._confirmed_saved
        grey = QColor("#9a9a9a")
        for i, key in enumerate(PAGES):
            item = self.sectionList.item(i)
            text = self._page_label(key)
            lay = self._laid.get(key)
            if key == CHECKLIST:
                n = len(w.confirmed) if w is not None else 0
                text = self.tr("本年度确无……（已勾选 {0} 项）").format(n) if n else text
                item.setToolTip(self.tr("台账没有记录的工作，确实没有的在这里勾选，报告写明没有"))
                item.setData(Qt.ItemDataRole.ForegroundRole, None)
                if nil_dirty:
                    text += " ●"
                item.setText(text)
                continue
            if key in self._errors:
                text = "⚠ " + text.strip()
                text = ("　" + text) if key in SUBSECTIONS else text
                item.setForeground(QBrush(QColor("#c62828")))
                item.setToolTip(self._errors[key])
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
        n = len(dirty) + (1 if nil_dirty else 0) + (1 if w is not None and w.ways != w._ways_saved else 0)
        self.savedLabel.setText(self.tr("有 {0} 处未保存的修改").format(n) if n else self.tr("已保存"))
        self.savedLabel.setStyleSheet("color: #b35c00; font-weight: bold;" if n else "color: #2e7d32;")
        self.saveButton.setEnabled(bool(n) and not self.read_only())

    def _update_error_label(self) -> None:
        err = self._errors.get(self._current)
        self.errorLabel.setVisible(bool(err))
        if err:
            self.errorLabel.setText(self.tr("这一部分须先补上，报告才能生成：{0}").format(err))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.preview.viewport():
            if event.type() == QEvent.Type.ToolTip:
                return self._preview_tooltip(event)
            if isinstance(event, QMouseEvent) and event.type() == QEvent.Type.MouseButtonRelease \
                    and event.button() == Qt.MouseButton.LeftButton \
                    and not self.preview.textCursor().hasSelection() \
                    and not self.preview.anchorAt(event.position().toPoint()):
                key = self.section_at(event.position().toPoint())
                if key and key != self._current:
                    self.select_section(key)  # a click in the preview: that part in the editor
        return super().eventFilter(obj, event)

    def section_at(self, point) -> str | None:
        """The part of the report a point of the preview is in (the nearest section mark above)."""
        block = self.preview.cursorForPosition(point).block()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                for name in it.fragment().charFormat().anchorNames():
                    if name.startswith("sec_") and name[4:] in SECTION_ORDER:
                        return name[4:]
                it += 1
            block = block.previous()
        return None

    def _preview_tooltip(self, event) -> bool:
        from PySide6.QtWidgets import QToolTip

        cursor = self.preview.cursorForPosition(event.pos())
        tip = cursor.charFormat().toolTip()
        if tip:
            QToolTip.showText(event.globalPos(), tip, self.preview.viewport())
        else:
            QToolTip.hideText()
        return True

    # the figure list ---------------------------------------------------------------------------









    def _debounced(self) -> None:
        if self.isVisible():
            self.refresh()
        else:  # done when the tab is next shown
            self._stale = True

    def refresh(self) -> None:
        """Figures (if stale), the checks, the outline's marks, the preview."""
        if not self._loaded or self.wording is None:
            return
        from ..report.compose import compose

        self._timer.stop()
        if self._stale:
            self.wording.refresh()
            self.figures.fill()
            for ed in self._editors.values():
                ed.refresh_views()
            if self._checklist is not None:
                self._checklist.refresh()
            self._stale = False
        marks: list[tuple[str, str]] = []
        keys: list[str] = []
        w = self.wording

        def mark(text: str, key: str) -> str:
            fig = w.figure(key)
            tip = f"{fig.label}：{fig.display()}" if fig else self.tr("已不存在的数字")
            if key.split(".", 1)[0] != "report":
                tip += self.tr("\n点击查看计入这个数字的记录")
            marks.append((text, tip))
            keys.append(key)
            return mark_token(len(marks) - 1)

        try:
            comp = compose(self.store, self.year, appendix=self.appendixCheck.isChecked(),
                           wording=w, mark=mark, draft=True)
            self.checks, self._errors = comp.checks, comp.section_errors
            self._laid, self._results = comp.sections, comp.items
            self._preview = (preview_blocks(comp.document, comp.section_errors), marks)
            self._mark_keys = keys
        except Exception as e:  # show it rather than lose the tab
            log.exception("checking the report")
            from ..report.compose import Check

            self.checks = [Check("error", dialogs.describe_error(e))]
            self._preview = ([], [])
            self._mark_keys = []
        shown = self._editors.get(self._current)
        if shown is not None:
            shown.refresh_views()
            if self._current in self._results:
                shown.show_results(self._results[self._current])
        self._show_checks()
        self._update_dirty_marks()
        self._update_error_label()
        self.refresh_preview()

    # the checks --------------------------------------------------------------------------------

    def _show_checks(self) -> None:
        show_checks(self.checksList, self.checksGroup, self.checks, self.year, self._icons)

    def _check_clicked(self, item: QListWidgetItem) -> None:
        self.go_to(item.data(TARGET) or "")

    def go_to(self, target: str) -> None:
        """The place a check is fixed: a part of the report, the 成文日期, the checklist, the
        profile."""
        if target in PAGES:
            self.select_section(target)
            ed = self.editor(target) if target != CHECKLIST else None
            if ed is not None and ed.cards:
                editable = [c for c in ed.cards if c.editable]
                if editable:
                    ed.focus_item(editable[0].item_id)
            elif ed is not None and ed.sdef.kind in ("points", "paragraphs", "intro"):
                ed.add_button.setFocus()
        elif target == "issue_date":
            self.issueDateEdit.setFocus()
            self.window_.show_message(self.tr("请选择成文日期（报告印发的日期）。"), 6000)
        elif target == "profile":
            from .profile_dialog import edit_profile

            edit_profile(self.window_)  # the window reads everything again when it is saved

    # the preview --------------------------------------------------------------------------------

    def preview_html(self) -> str:
        blocks, marks = self._preview
        return report_html(blocks, size=PREVIEW_BODY_PT, marks=marks, current=self._current)

    def refresh_preview(self) -> None:
        if not self._loaded:
            return
        ensure_fonts(FONT_FAMILIES.values())  # the official roles' bundled fonts, for the preview
        bar = self.preview.verticalScrollBar()
        keep = bar.value()
        self.preview.setHtml(self.preview_html())
        if self._preview_section != self._current:
            self._preview_section = self._current
            if self._current == SECTION_ORDER[0]:
                bar.setValue(0)  # the report's head is worth seeing too
            else:
                QTimer.singleShot(0, lambda k=self._current: self.preview.scrollToAnchor(f"sec_{k}"))
        else:
            bar.setValue(keep)

    def _preview_link(self, url) -> None:
        if url.scheme() != "fig":
            return
        try:
            key = self._mark_keys[int(url.path())]
        except (ValueError, IndexError):
            return
        self.show_figure_records(key)

    def show_figure_records(self, key: str) -> None:
        """Where a figure comes from: its ledger's table, showing only the records it counts."""
        from .ledger_panel import show_records_behind

        show_records_behind(self.window_, key)

    def insert_figure(self, kind: str, name: str, say: str = "") -> bool:
        """A figure (kind "figure") or profile value (kind "profile") at the cursor of the
        passage being worked in."""
        return self.figures.insert(kind, name, say)

    # saving ----------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the year's changes, in one transaction. True when nothing is left unsaved."""
        if not self._loaded or self.wording is None:
            return True
        if not self.is_dirty():
            self.window_.show_message(self.tr("报告没有修改，无需保存。"), 3000)
            return True
        if self.read_only():
            dialogs.warn(self, self.tr("报告未能保存"), self.tr(
                "数据库现在是只读的，或{0}年度已锁定（年度报告已印发），报告的修改无法保存。").format(self.year))
            return False
        names = self._dirty_names()
        dirty = self.dirty_sections()
        try:
            self.wording.save(self.store)
        except Exception as e:  # the draft stays, the clerk may try again
            log.exception("saving wording")
            dialogs.error(self, self.tr("报告未能保存"), dialogs.describe_error(e))
            return False
        self._update_dirty_marks()
        msg = self.tr("已保存{0}年度报告：{1}").format(self.year, names)
        bad = [k for k in dirty if k in self._errors]
        if bad:
            msg += self.tr("（其中“{0}”尚须补上，报告才能生成）").format("、".join(section_label(k) for k in bad))
        self.window_.show_message(msg, 6000)
        return True

    def confirm_close(self) -> bool:
        """The window closes: True when it may (unsaved changes saved, or not wanted)."""
        if not self._loaded or not self.is_dirty():
            self._timer.stop()
            self._closing = True
            return True
        from PySide6.QtWidgets import QMessageBox

        choice = dialogs.choose(self, self.tr("报告尚未保存"), self.tr(
            "{0}年度报告的修改（{1}）尚未保存。关闭前要保存吗？").format(self.year, self._dirty_names()),
            [self.tr("保存"), self.tr("不保存"), self.tr("取消")], icon=QMessageBox.Icon.Question)
        if choice == 0:
            ok = self.save()
        else:
            ok = choice == 1
        if ok:
            self._timer.stop()
            self._closing = True
        return ok

    def restore_default(self) -> None:
        ed = self.editor()
        if ed is None:
            return
        ed.reset_to_default()
        self.window_.show_message(self.tr("“{0}”已恢复默认（只留来自台账的句子和默认标题），点“保存”后生效，"
                                          "可点“撤销”撤回。").format(section_label(self._current)), 6000)

    def copy_previous_year(self) -> None:
        self.ensure_loaded()
        prev = self.year - 1
        saved = [k for k in SECTION_ORDER if k in self.store.report_texts.for_year(prev)]
        if not saved:
            dialogs.inform(self, self.tr("从上一年复制"), self.tr(
                "{0}年度没有保存过报告文字，没有可复制的内容。").format(prev))
            return
        names = "、".join(section_label(k) for k in saved)
        if not dialogs.ask(self, self.tr("从上一年复制"), self.tr(
                "把{0}年度保存的报告文字（{1}）复制到{2}年度吗？\n\n{2}年度这些部分现有的文字"
                "（包括未保存的修改）将被替换。“存在的不足和原因”和“下一年度安排”复制后请按本年度情况修改；"
                "“本年度确无”清单不复制。复制后点“保存”才生效。").format(prev, names, self.year),
                yes=self.tr("复制"), no=self.tr("取消")):
            return
        try:
            src = YearWording.load(self.store, prev)
        except Exception as e:
            log.exception("reading the wording of %s", prev)
            dialogs.error(self, self.tr("未能复制"), dialogs.describe_error(e))
            return
        draft = self.draft()
        for key in saved:
            draft.restore(key, src.section(key))
        draft.ways = dict(src.ways)
        current = self._current
        self._drop_pages()
        self._show_section(current)
        self.refresh()
        self.window_.show_message(self.tr("已从{0}年度复制 {1} 部分文字到{2}年度，点“保存”后生效。").format(
            prev, len(saved), self.year), 6000)

    # generating ------------------------------------------------------------------------------------

    def generate(self, kind: str) -> bool:
        """生成PDF / 生成Word (文件 → 生成年度报告… too)."""
        return self.files.generate(kind)

    def print_pages(self):
        return self.files.print_pages()

    def print_report(self) -> None:
        self.files.print_report()

    def current_errors(self) -> list[str]:
        self.ensure_loaded()
        return [c.message for c in self.checks if c.level == "error"]
