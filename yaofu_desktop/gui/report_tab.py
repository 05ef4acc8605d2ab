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

The tab holds the draft and its year and recomposes it (``refresh``, a moment after the last
change); its parts, each a helper of the tab's widgets, do the rest:

    tab.outline        the list of parts and the editor of the one shown   gui/report_outline.py
    tab.preview_pane   the preview, its figure links and clicks            gui/report_preview.py
    tab.check_panel    the checks and where each is fixed                   gui/report_checks.py
    tab.figures        the figures to insert                                gui/report_figures.py
    tab.draft_actions  保存, 恢复默认, 从上一年复制, unsaved changes asked   gui/report_draft.py
    tab.files          生成PDF, 生成Word, 打印                               gui/report_files.py
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QUndoGroup
from PySide6.QtWidgets import QWidget

from ..report.compose import chinese_date, issue_date
from ..report.editing import YearWording
from ..report.preview import preview_blocks
from ..store import Store
from . import dialogs
from .forms.ui_report_tab import Ui_ReportTab
from .report_checks import CHECKLIST as CHECKLIST, CheckPanel
from .report_draft import DraftActions
from .report_figures import FigurePicker
from .report_files import ReportFiles
from .report_outline import PAGES as PAGES, ReportOutline
from .report_preview import FigureMarks, PreviewPane
from .window_api import Window
from .wording_cards import ChecklistPage
from .wording_editor import SectionEditor
from .wording_fields import FieldLook

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300


# -- the tab --------------------------------------------------------------------------------------


class ReportTab(QWidget, Ui_ReportTab):
    """The year's draft, its recomposition and its life with the window; its parts (outline,
    preview_pane, check_panel, figures, draft_actions, files) do what their widgets ask."""

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
        self._loaded = False  # the year's wording is in the draft
        self._stale = True  # figures/checks/preview to be recomputed when next shown
        self._closing = False
        self._read_only: bool | None = None  # known once asked (read_only)
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

    @property
    def loaded(self) -> bool:
        """The year's wording is in the draft."""
        return self._loaded

    def _setup(self) -> None:
        self.progressBar.hide()
        self.progressLabel.hide()
        self.errorLabel.hide()
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([215, 560, 485])
        self.outline = ReportOutline(self)  # the list of parts, the editor of the one shown
        self.figures = FigurePicker(self)  # the list of figures to insert
        self.files = ReportFiles(self)  # 生成PDF, 生成Word, 打印
        self.draft_actions = DraftActions(self)  # 保存, 恢复默认, 从上一年复制
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
        self.check_panel = CheckPanel(self)  # the checks, a click goes where one is fixed
        self.preview_pane = PreviewPane(self)  # the preview, its figures' links
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
        self.outline.set_read_only(ro)
        self.figureTree.setEnabled(not ro)
        self.update_marks()

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
        win = self.window()
        if self.isVisible() or self._closing or not self._loaded or not self.is_dirty() \
                or win is self or not win.isVisible():
            return
        self.draft_actions.ask_on_leaving()

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
        self.outline.drop_pages()
        self._loaded = True
        self._stale = True
        self.preview_pane.scrolled_to = None
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
        self.outline.show(self.outline.current)
        self.apply_read_only()
        self.refresh()

    def _year_changed(self, year: int) -> None:
        if self._loaded and year != self.year and self.is_dirty():
            self.draft_actions.ask_before_year_change()
        self._loaded = False
        if self.isVisible():
            self.load_year()

    def _store_changed(self, store) -> None:
        if self._loaded and self.is_dirty():
            self.draft_actions.ask_before_store_change(self._store_path)
        self._loaded = False
        self.wording = None
        self.outline.drop_pages()
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

    # the draft and its recomposition ---------------------------------------------------------------

    def edited(self) -> None:
        """The draft changed (a part's editor or the checklist): its marks now, the checks and
        preview a moment after the last change."""
        if not self._loaded:
            return
        self.update_marks()
        self.outline.draft_changed(by=self.sender())
        self.schedule()

    def schedule(self) -> None:
        """Recompute the checks and the preview a moment after the last change."""
        self._timer.start()

    def is_dirty(self) -> bool:
        return self.wording is not None and self.wording.dirty

    def dirty_sections(self) -> list[str]:
        return self.wording.dirty_sections() if self.wording is not None else []

    def update_marks(self) -> None:
        """The parts' marks in the outline and the 已保存 label, as the draft is now."""
        dirty = self.dirty_sections()  # (each part's draft against its saved text: once)
        self.outline.mark_parts(self.check_panel.section_errors, dirty)
        self.draft_actions.show_unsaved(dirty)

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
            self.outline.refresh_pages()
            self._stale = False
        marks = FigureMarks(self.wording, self.tr)
        errors: dict[str, str] | None = None  # kept as they were unless composed
        laid, results = self.outline.laid, self.outline.results
        try:
            comp = compose(self.store, self.year, appendix=self.appendixCheck.isChecked(),
                           wording=self.wording, mark=marks, draft=True)
            checks, errors = comp.checks, comp.section_errors
            laid, results = comp.sections, comp.items
            self.preview_pane.show(preview_blocks(comp.document, comp.section_errors), marks)
        except Exception as e:  # show it rather than lose the tab
            log.exception("checking the report")
            from ..report.compose import Check

            checks = [Check("error", dialogs.describe_error(e))]
            self.preview_pane.show([], None)
        self.outline.show_composed(laid, results)
        self.check_panel.show(checks, errors)
        self.update_marks()
        self.outline.show_error(self.check_panel.section_errors)
        self.preview_pane.refresh()

    # what the window, the menus and the parts ask of the tab -----------------------------------

    def select_section(self, key: str) -> None:
        self.outline.select(key)

    def editor(self, key: str | None = None) -> SectionEditor | None:
        """The editor of a part (made when first shown); None for the checklist."""
        return self.outline.editor(key)

    def checklist(self) -> ChecklistPage:
        return self.outline.checklist()

    def section_at(self, point) -> str | None:
        """The part of the report a point of the preview is in."""
        return self.preview_pane.section_at(point)

    def show_figure_records(self, key: str) -> None:
        """Where a figure comes from: its ledger's table, showing only the records it counts."""
        from .ledger_panel import show_records_behind

        show_records_behind(self.window_, key)

    def insert_figure(self, kind: str, name: str, say: str = "") -> bool:
        """A figure (kind "figure") or profile value (kind "profile") at the cursor of the
        passage being worked in."""
        return self.figures.insert(kind, name, say)

    def save(self) -> bool:
        """Save the year's changes, in one transaction. True when nothing is left unsaved."""
        return self.draft_actions.save()

    def confirm_close(self) -> bool:
        """The window closes: True when it may (unsaved changes saved, or not wanted)."""
        ok = self.draft_actions.may_close()
        if ok:
            self._timer.stop()
            self._closing = True
        return ok

    def generate(self, kind: str) -> bool:
        """生成PDF / 生成Word (文件 → 生成年度报告… too)."""
        return self.files.generate(kind)

    def print_pages(self):
        return self.files.print_pages()

    def print_report(self) -> None:
        self.files.print_report()

    def current_errors(self) -> list[str]:
        self.ensure_loaded()
        return self.check_panel.errors()
