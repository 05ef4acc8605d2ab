"""The 报告 tab: the year's checks, the wording of each section with a live preview, and the
buttons that make the report (PDF, Word, print). The fixed layout is ui/report_tab.ui.

    tab = ReportTab(window)      # the main window makes it when 报告 is first shown
    tab.generate("pdf")          # 文件 → 生成年度报告PDF… (gui/menus.py) does window.report().generate("pdf")

What the tab uses of the window is gui/window_api.Window: ``store``, ``year``, ``settings``,
``read_only``, ``run_task``, ``show_message`` and the signals ``yearChanged`` /
``storeChanged`` / ``dataChanged``.

The wording the clerk edits is kept as a draft per section until 保存 (or Ctrl+S in the editor);
the preview, the checks and the generated files follow the drafts. Unsaved drafts are asked
about when the year changes, another database is opened or the window closes.

Work that takes time (composing and rendering the files) runs via ``window.run_task`` in its own
read-only Store opened from ``window.store.path`` — sqlite connections are not shared between
threads.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import cast

from PySide6.QtCore import QDate, QEvent, QObject, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QListWidgetItem,
    QPlainTextDocumentLayout,
    QStyle,
    QTreeWidgetItem,
    QWidget,
)

from ..figures import Figure
from ..ledgers import AREA_LABELS
from ..report.compose import (
    FREE_TEXT,
    SECTION_ORDER,
    SUBSECTIONS,
    chinese_date,
    default_wording,
    issue_date,
    profile_values,
    report_title,
    section_label,
)
from ..report.preview import FONT_FAMILIES, PBlock, mark_token, preview_blocks, report_html
from ..store import Store
from . import dialogs
from .forms.ui_report_tab import Ui_ReportTab
from .window_api import Window

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300
PREVIEW_BODY_PT = 12.0
PROFILE_LABELS = {
    "year": "年度", "next_year": "下一年度", "county": "县（区）", "township": "乡镇",
    "government": "政府名称", "leaders": "领导机关", "addressee": "主送机关", "self": "自称（我镇/我乡）",
    "town": "镇/乡",
}
FORM_CHOICES = (
    ("", "数字和单位（112起）"),
    ("数", "只有数字（112）"),
    ("余", "余数（180余人次）"),
    ("约", "约数（约220万元）"),
    ("零", "为零时的说法"),
)
SECTION_HINTS = {
    "preamble": "报告开头的一段话。",
    "problems_intro": "“二、存在的问题”下的引言，可不填。",
    "problems": "每段写一条，自动编号为（一）（二）……；每条第一句（到“。”）是小标题。",
    "plans": "每段写一条，自动编号为（一）（二）……；每条第一句（到“。”）是小标题。",
    "other": "可不填；填写后作为“四、其他需要报告的情况”。",
}
SUBSECTION_HINT = "第一句（到第一个“。”）是小节标题，报告中以楷体排出。"



# -- what the tab's buttons open (module functions, so that tests can replace them) ------------


def ensure_report_fonts() -> None:
    """Register the bundled official-role fonts with Qt (the app registers only the UI fonts)."""
    try:
        from .i18n import ensure_font

        for fam in FONT_FAMILIES.values():
            ensure_font(fam)
    except Exception:  # a missing font only changes the look of the preview
        log.exception("registering report fonts")


# -- the work done off the window's thread ---------------------------------------------------


@dataclass
class ReportOutcome:
    path: Path
    kind: str
    pages: int = 0
    missing_chars: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def build_report(db_path: str, year: int, wording: dict[str, str], appendix: bool, out_path: str,
                 today: dt.date | None = None) -> ReportOutcome:
    """Compose and render the report in a thread of its own (its own read-only Store)."""
    from ..report.compose import compose
    from ..report.render import render

    out = Path(out_path)
    kind = out.suffix.lower().lstrip(".")
    with Store.open(db_path, readonly=True) as store:
        comp = compose(store, year, appendix=appendix, wording=wording, today=today)
    if comp.errors:
        return ReportOutcome(out, kind, errors=[c.message for c in comp.errors])
    _what, result = render(comp.document, out)
    if result is None:
        return ReportOutcome(out, kind)
    return ReportOutcome(out, kind, pages=result.pages, missing_chars=list(result.missing_chars))


# -- the tab --------------------------------------------------------------------------------------


class ReportTab(QWidget, Ui_ReportTab):
    def __init__(self, window: Window, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName("report_tab")
        self.window_ = window
        self.year: int = window.year
        self._store_path: Path = window.store.path
        self._saved: dict[str, str] = {}
        self._drafts: dict[str, str] = {}
        self._docs: dict[str, QTextDocument] = {}
        self._figures: dict[str, Figure] = {}
        self._pv: dict[str, str] = {}
        self._errors: dict[str, str] = {}
        self._preview: tuple[list[PBlock], list[tuple[str, str]]] = ([], [])
        self._checks: list = []
        self._current: str = SECTION_ORDER[0]
        self._loaded = False  # the year's wording is in the drafts
        self._stale = True  # figures/checks/preview to be recomputed when next shown
        self._loading = False
        self._busy = False
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
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 4)
        self.splitter.setSizes([215, 490, 555])
        self.editSplitter.setStretchFactor(0, 1)
        self.editSplitter.setStretchFactor(1, 1)
        self.editSplitter.setSizes([250, 250])
        for key in SECTION_ORDER:
            item = QListWidgetItem(section_label(key))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sectionList.addItem(item)
        self.sectionList.currentRowChanged.connect(self._section_selected)
        rows = self.sectionList.sizeHintForRow(0) * len(SECTION_ORDER)
        self.sectionList.setMinimumHeight(rows + 2 * self.sectionList.frameWidth() + 2)  # all, no scrolling
        for form, label in FORM_CHOICES:
            self.formCombo.addItem(self.tr(label), form)
        self.figureTree.setColumnCount(2)
        hh = self.figureTree.header()
        hh.setStretchLastSection(False)
        from PySide6.QtWidgets import QHeaderView

        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.figureTree.itemActivated.connect(self._insert_figure)
        self.figureSearch.textChanged.connect(self._filter_figures)
        self.editor.setTabChangesFocus(True)
        ef = self.editor.font()
        ef.setPointSize(max(ef.pointSize(), 11))
        self.editor.setFont(ef)
        self.editor.textChanged.connect(self._edited)
        self.editor.installEventFilter(self)
        self.saveButton.clicked.connect(self.save)
        self.restoreButton.clicked.connect(self.restore_default)
        self.copyButton.clicked.connect(self.copy_previous_year)
        self.pdfButton.clicked.connect(lambda: self.generate("pdf"))
        self.wordButton.clicked.connect(lambda: self.generate("docx"))
        self.printButton.clicked.connect(self.print_report)
        self.appendixCheck.setChecked(bool(self.window_.settings.value("report/appendix", False, type=bool)))
        self.appendixCheck.toggled.connect(self._appendix_toggled)
        self.issueDateEdit.dateChanged.connect(self._issue_date_changed)
        style = self.style()
        self._icons = {
            "error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            "info": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
        }
        self.preview.viewport().installEventFilter(self)
        self.preview.anchorClicked.connect(lambda _url: None)
        print_sc = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        print_sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        print_sc.activated.connect(self.print_report)
        self.sectionList.setCurrentRow(0)

    # showing and following the window ------------------------------------------------------------

    def read_only(self) -> bool:
        """The database cannot be changed (opened read-only, or held by another copy of the app)."""
        return self.window_.read_only

    def apply_read_only(self) -> None:
        ro = self.read_only()
        for w in (self.restoreButton, self.copyButton, self.issueDateEdit):
            w.setEnabled(not ro)
        self.saveButton.setEnabled(not ro and bool(self.dirty_sections()))
        self.editor.setReadOnly(ro)
        self.figureTree.setEnabled(not ro)

    def showEvent(self, event):  # noqa: N802
        super().showEvent(event)
        if self._loaded:
            self.apply_read_only()
        if not self._loaded:
            self.load_year()
        elif self._stale:
            self.refresh()

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.load_year()
        elif self._stale or self._timer.isActive():
            self._timer.stop()
            self.refresh()

    def load_year(self) -> None:
        """Read the year's wording, date and figures afresh (drafts are dropped)."""
        from ..report.compose import wording_for

        self.year = self.window_.year
        self._store_path = self.store.path
        self._saved = wording_for(self.store, self.year)
        self._drafts = dict(self._saved)
        self._docs.clear()
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
        self.apply_read_only()
        self.copyButton.setText(self.tr("从{0}年复制…").format(self.year - 1))
        self._show_section(self._current)
        self.refresh()

    def _year_changed(self, year: int) -> None:
        if self._loaded and year != self.year:
            self._offer_to_save(self.tr("切换年度"))
        self._loaded = False
        if self.isVisible():
            self.load_year()

    def _store_changed(self, store) -> None:
        if self._loaded and self.dirty_sections():
            old = self._store_path
            if dialogs.ask(self, self.tr("报告措辞尚未保存"), self.tr(
                    "{0}年度报告中“{1}”的措辞修改尚未保存。\n\n要保存到原来的数据库“{2}”吗？").format(
                    self.year, "、".join(section_label(k) for k in self.dirty_sections()), old.name),
                    yes=self.tr("保存"), no=self.tr("不保存"), default_yes=True):
                try:
                    with Store.open(old) as s:
                        self._write(s, self.year)
                except Exception as e:  # say so, the new database is open anyway
                    log.exception("saving wording to %s", old)
                    dialogs.error(self, self.tr("措辞未能保存"), dialogs.describe_error(e))
        self._loaded = False
        if self.isVisible():
            self.load_year()

    def _data_changed(self, _ledger: str) -> None:
        self._stale = True
        if self.isVisible() and self._loaded:
            self._timer.start()

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

    # sections and the editor -------------------------------------------------------------------

    def _section_selected(self, row: int) -> None:
        if 0 <= row < len(SECTION_ORDER):
            self._show_section(SECTION_ORDER[row])
            if self._loaded:
                self._update_error_label()
                self._expand_figures_for(self._current)
                self.refresh_preview()

    def select_section(self, key: str) -> None:
        self.sectionList.setCurrentRow(SECTION_ORDER.index(key))

    def _doc_for(self, key: str) -> QTextDocument:
        doc = self._docs.get(key)
        if doc is None:
            doc = QTextDocument(self)
            doc.setDocumentLayout(QPlainTextDocumentLayout(doc))
            doc.setDefaultFont(self.editor.font())
            doc.setPlainText(self._drafts.get(key, ""))
            doc.setModified(False)
            self._docs[key] = doc
        return doc

    def _show_section(self, key: str) -> None:
        self._current = key
        label = section_label(key)
        hint = SECTION_HINTS.get(key, SUBSECTION_HINT)
        self.sectionTitleLabel.setText(
            f"{html.escape(label)}　<span style='font-weight:normal; color:#666'>{html.escape(self.tr(hint))}</span>")
        self._loading = True
        try:
            self.editor.setDocument(self._doc_for(key))
        finally:
            self._loading = False
        placeholder = {"problems": "如：普法宣传的针对性有待增强。部分村组……",
                       "plans": "如：持续深化法治宣传教育。……",
                       "other": "没有需要报告的其他情况时，可不填。"}.get(key, "")
        self.editor.setPlaceholderText(self.tr(placeholder))
        self.restoreButton.setEnabled(key not in FREE_TEXT or bool(default_wording()[key]["text"]))

    def _edited(self) -> None:
        if self._loading or not self._loaded:
            return
        self._drafts[self._current] = self.editor.toPlainText()
        self._update_section_items()
        self.schedule()

    def schedule(self) -> None:
        """Recompute the error, the checks and the preview a moment after the last keystroke."""
        self._timer.start()

    def dirty_sections(self) -> list[str]:
        return [k for k in SECTION_ORDER if self._drafts.get(k, "") != self._saved.get(k, "")]

    def _update_section_items(self) -> None:
        dirty = set(self.dirty_sections())
        for i, key in enumerate(SECTION_ORDER):
            item = self.sectionList.item(i)
            text = section_label(key)
            if key in self._errors:
                text = "⚠ " + text
                item.setForeground(QBrush(QColor("#c62828")))
                item.setToolTip(self._errors[key])
            elif key in dirty:
                item.setForeground(QBrush(QColor("#b35c00")))
                item.setToolTip(self.tr("有尚未保存的修改"))
            else:
                item.setData(Qt.ItemDataRole.ForegroundRole, None)
                item.setToolTip("")
            if key in dirty:
                text += " ●"
            item.setText(text)
        n = len(dirty)
        self.savedLabel.setText(self.tr("有 {0} 处未保存的修改").format(n) if n else self.tr("措辞已保存"))
        self.savedLabel.setStyleSheet("color: #b35c00; font-weight: bold;" if n else "color: #2e7d32;")
        self.saveButton.setEnabled(bool(n) and not self.read_only())

    def _update_error_label(self) -> None:
        err = self._errors.get(self._current)
        self.errorLabel.setVisible(bool(err))
        if err:
            self.errorLabel.setText(self.tr("措辞有误，报告无法生成：{0}").format(err))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        et = event.type()
        if obj is self.editor and et in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            if cast(QKeyEvent, event).matches(QKeySequence.StandardKey.Save):
                event.accept()
                if et == QEvent.Type.KeyPress:
                    self.save()
                return True
        elif obj is self.preview.viewport() and et == QEvent.Type.ToolTip:
            return self._preview_tooltip(event)
        return super().eventFilter(obj, event)

    def _preview_tooltip(self, event) -> bool:
        from PySide6.QtWidgets import QToolTip

        cursor = self.preview.cursorForPosition(event.pos())
        tip = cursor.charFormat().toolTip()
        if tip:
            QToolTip.showText(event.globalPos(), tip, self.preview.viewport())
        else:
            QToolTip.hideText()
        return True

    # the figure picker -----------------------------------------------------------------------

    def _fill_figures(self) -> None:
        tree = self.figureTree
        tree.clear()
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
        for key, label in PROFILE_LABELS.items():
            it = QTreeWidgetItem([self.tr(label), self._pv.get(key, "")])
            it.setData(0, Qt.ItemDataRole.UserRole, key)
            it.setToolTip(0, f"{{{key}}}")
            prof.addChild(it)
        for key, fig in self._figures.items():
            if fig.kind == "items":
                continue
            g = group(fig.area, AREA_LABELS.get(fig.area, fig.area))
            it = QTreeWidgetItem([fig.label, fig.display()])
            it.setData(0, Qt.ItemDataRole.UserRole, key)
            tip = f"{fig.label}：{fig.display()}\n{{{key}}}"
            it.setToolTip(0, tip)
            it.setToolTip(1, tip)
            it.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            g.addChild(it)
        self._filter_figures(self.figureSearch.text())

    def _expand_figures_for(self, section: str) -> None:
        if self.figureSearch.text().strip():
            return
        want = section if section in SUBSECTIONS else "profile"
        for i in range(self.figureTree.topLevelItemCount()):
            g = self.figureTree.topLevelItem(i)
            g.setExpanded(g.data(0, Qt.ItemDataRole.UserRole + 1) == want)
            if g.isExpanded():
                self.figureTree.scrollToItem(g, self.figureTree.ScrollHint.PositionAtTop)

    def _filter_figures(self, text: str) -> None:
        words = text.strip().lower().split()
        for i in range(self.figureTree.topLevelItemCount()):
            g = self.figureTree.topLevelItem(i)
            shown = 0
            for j in range(g.childCount()):
                c = g.child(j)
                hay = f"{c.text(0)} {c.data(0, Qt.ItemDataRole.UserRole)}".lower()
                ok = all(w in hay for w in words)
                c.setHidden(not ok)
                shown += ok
            g.setHidden(shown == 0)
            if words:
                g.setExpanded(shown > 0)
        if not words:
            self._expand_figures_for(self._current)

    def placeholder_for(self, key: str) -> str:
        form = self.formCombo.currentData() or ""
        if key in PROFILE_LABELS or not form:
            return f"{{{key}}}"
        return f"{{{key}|{form}}}"

    def _insert_figure(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        key = item.data(0, Qt.ItemDataRole.UserRole)
        if not key:
            return
        self.editor.insertPlainText(self.placeholder_for(key))
        self.editor.setFocus()

    # recomputing --------------------------------------------------------------------------------

    def _debounced(self) -> None:
        if self.isVisible():
            self.refresh()
        else:  # done when the tab is next shown
            self._stale = True

    def refresh(self) -> None:
        """Figures (if stale), the wording errors, the checks and the preview."""
        if not self._loaded:
            return
        from ..figures import compute_map
        from ..report.compose import compose

        self._timer.stop()
        if self._stale or not self._figures:
            self._figures = compute_map(self.store, self.year)
            self._pv = profile_values(self.store.profile(), self.year)
            self._fill_figures()
            self._stale = False
        marks: list[tuple[str, str]] = []

        def mark(text: str, key: str) -> str:
            fig = self._figures.get(key)
            tip = f"{fig.label}：{fig.display()}" if fig else key
            marks.append((text, f"{tip}　{{{key}}}"))
            return mark_token(len(marks) - 1)

        try:
            comp = compose(self.store, self.year, appendix=self.appendixCheck.isChecked(),
                           wording=dict(self._drafts), mark=mark, draft=True)
            self._checks, self._errors = comp.checks, comp.section_errors
            self._preview = (preview_blocks(comp.document, comp.section_errors), marks)
        except Exception as e:  # show it rather than lose the tab
            log.exception("checking the report")
            from ..report.compose import Check

            self._checks = [Check("error", dialogs.describe_error(e))]
            self._preview = ([], [])
        self._show_checks()
        self._update_section_items()
        self._update_error_label()
        self.refresh_preview()

    def _show_checks(self) -> None:
        lst = self.checksList
        lst.clear()
        colors = {"error": "#c62828", "warning": "#b35c00", "info": "#666666"}
        names = {"error": self.tr("错误"), "warning": self.tr("提醒"), "info": self.tr("说明")}
        order = {"error": 0, "warning": 1, "info": 2}
        for c in sorted(self._checks, key=lambda c: order.get(c.level, 3)):
            it = QListWidgetItem(self._icons.get(c.level), f"{names.get(c.level, '')}：{c.message}")  # type: ignore[arg-type]
            it.setForeground(QBrush(QColor(colors.get(c.level, "#000"))))
            it.setData(Qt.ItemDataRole.UserRole, c.level)
            it.setToolTip(c.message)
            lst.addItem(it)
        counts = {lvl: sum(1 for c in self._checks if c.level == lvl) for lvl in order}
        if not self._checks:
            it = QListWidgetItem(self.tr("未发现问题，可以生成报告。"))
            it.setForeground(QBrush(QColor("#2e7d32")))
            lst.addItem(it)
        parts = []
        if counts["error"]:
            parts.append(self.tr("{0} 个错误须先改正").format(counts["error"]))
        if counts["warning"]:
            parts.append(self.tr("{0} 个提醒").format(counts["warning"]))
        if counts["info"]:
            parts.append(self.tr("{0} 条说明").format(counts["info"]))
        title = self.tr("{0}年度报告 生成前检查").format(self.year)
        self.checksGroup.setTitle(f"{title}（{'，'.join(parts)}）" if parts else title)
        self.checksGroup.setStyleSheet(
            "QGroupBox { color: #c62828; font-weight: bold; }" if counts["error"] else "")
        h = lst.sizeHintForRow(0) if lst.count() else 20
        lst.setFixedHeight(4 * max(h, 18) + 2 * lst.frameWidth() + 2)  # steady while the clerk types

    def preview_html(self) -> str:
        blocks, marks = self._preview
        return report_html(blocks, size=PREVIEW_BODY_PT, marks=marks, current=self._current)

    def refresh_preview(self) -> None:
        if not self._loaded or not self._figures:
            return
        ensure_report_fonts()
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

    # saving ----------------------------------------------------------------------------------------

    def _write(self, store: Store, year: int) -> list[str]:
        from ..report.compose import save_templates

        dirty = self.dirty_sections()
        save_templates(store, year, {key: self._drafts[key] for key in dirty})
        return dirty

    def save(self) -> bool:
        """Save the year's changed wording. True when nothing is left unsaved."""
        if not self._loaded:
            return True
        dirty = self.dirty_sections()
        if not dirty:
            self.window_.show_message(self.tr("措辞没有修改，无需保存。"), 3000)
            return True
        if self.read_only():
            dialogs.warn(self, self.tr("措辞未能保存"), self.tr(
                "数据库现在是只读的（可能正被另一台电脑或另一个窗口使用），措辞修改无法保存。"))
            return False
        try:
            self._write(self.store, self.year)
        except Exception as e:  # the drafts stay, the clerk may try again
            log.exception("saving wording")
            dialogs.error(self, self.tr("措辞未能保存"), dialogs.describe_error(e))
            return False
        for key in dirty:
            self._saved[key] = self._drafts[key]
            if key in self._docs:
                self._docs[key].setModified(False)
        self._update_section_items()
        msg = self.tr("已保存{0}年度报告措辞：{1}").format(self.year, "、".join(section_label(k) for k in dirty))
        bad = [k for k in dirty if k in self._errors]
        if bad:
            msg += self.tr("（其中“{0}”有错误，生成报告前请改正）").format("、".join(section_label(k) for k in bad))
        self.window_.show_message(msg, 6000)
        return True

    def _offer_to_save(self, what: str) -> None:
        dirty = self.dirty_sections()
        if not dirty:
            return
        names = "、".join(section_label(k) for k in dirty)
        if dialogs.ask(self, self.tr("报告措辞尚未保存"), self.tr(
                "{0}年度报告中“{1}”的措辞修改尚未保存。\n\n{2}前要保存吗？").format(self.year, names, what),
                yes=self.tr("保存"), no=self.tr("不保存"), default_yes=True):
            self.save()

    def confirm_close(self) -> bool:
        """The window closes: True when it may (unsaved wording saved, or not wanted)."""
        if not self._loaded or not self.dirty_sections():
            self._timer.stop()
            return True
        from PySide6.QtWidgets import QMessageBox

        names = "、".join(section_label(k) for k in self.dirty_sections())
        choice = dialogs.choose(cast(QWidget, self.window_), self.tr("报告措辞尚未保存"), self.tr(
            "{0}年度报告中“{1}”的措辞修改尚未保存。关闭前要保存吗？").format(self.year, names),
            [self.tr("保存"), self.tr("不保存"), self.tr("取消")], icon=QMessageBox.Icon.Question)
        if choice == 0:
            ok = self.save()
        else:
            ok = choice == 1
        if ok:
            self._timer.stop()
        return ok

    def restore_default(self) -> None:
        default = default_wording()[self._current]["text"]
        if self.editor.toPlainText() == default:
            self.window_.show_message(self.tr("这一部分已是默认措辞。"), 3000)
            return
        cursor = self.editor.textCursor()
        cursor.beginEditBlock()
        cursor.select(cursor.SelectionType.Document)
        cursor.insertText(default)
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)
        self.window_.show_message(self.tr("已换回“{0}”的默认措辞，点“保存措辞”后生效（Ctrl+Z 可撤销）。").format(
            section_label(self._current)), 6000)

    def copy_previous_year(self) -> None:
        from ..report.compose import copy_wording_from

        self.ensure_loaded()
        prev = self.year - 1
        saved = {k: v for k, v in self.store.report_texts.for_year(prev).items() if k in SECTION_ORDER}
        if not saved:
            dialogs.inform(self, self.tr("从上一年复制"), self.tr(
                "{0}年度没有保存过报告措辞，没有可复制的内容（{1}年度现在用的是默认措辞或本年保存的措辞）。").format(
                prev, self.year))
            return
        names = "、".join(section_label(k) for k in SECTION_ORDER if k in saved)
        if not dialogs.ask(self, self.tr("从上一年复制"), self.tr(
                "把{0}年度保存的报告措辞（{1}）复制到{2}年度吗？\n\n{2}年度这些部分现有的措辞"
                "（包括未保存的修改）将被替换。“存在的问题”和“工作计划”复制后请按本年度情况修改。").format(
                prev, names, self.year), yes=self.tr("复制"), no=self.tr("取消")):
            return
        try:
            n = copy_wording_from(self.store, prev, self.year)
        except Exception as e:
            log.exception("copying wording")
            dialogs.error(self, self.tr("未能复制"), dialogs.describe_error(e))
            return
        from ..report.compose import wording_for

        now = wording_for(self.store, self.year)
        for key in saved:
            self._saved[key] = now[key]
            self._drafts[key] = now[key]
            doc = self._docs.pop(key, None)
            if doc is not None and key != self._current:
                doc.deleteLater()
        self._show_section(self._current)
        self.refresh()
        self.window_.show_message(self.tr("已从{0}年度复制 {1} 部分措辞到{2}年度。").format(prev, n, self.year), 6000)

    # generating ------------------------------------------------------------------------------------

    def default_path(self, kind: str) -> str:
        name = report_title(self.store.profile(), self.year) + "." + kind
        folder = self.window_.settings.value("report/folder", "")
        if not folder or not Path(str(folder)).is_dir():
            folder = (QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
                      or str(Path.home()))
        return str(Path(str(folder)) / name)

    def current_errors(self) -> list[str]:
        self.ensure_loaded()
        return [c.message for c in self._checks if c.level == "error"]

    def _refuse(self, what: str, errors: list[str]) -> None:
        listed = "\n".join(f"• {e}" for e in errors[:10])
        more = self.tr("\n……共 {0} 个错误").format(len(errors)) if len(errors) > 10 else ""
        dialogs.warn(self, self.tr("{0}未生成").format(what), self.tr(
            "报告中有错误，须先改正才能{0}：\n\n{1}{2}\n\n错误也列在“报告”页上方的检查结果中。").format(
            what, listed, more))

    def generate(self, kind: str) -> bool:
        """生成PDF / 生成Word: ask where, then compose and render off the window's thread."""
        if self._busy:
            self.window_.show_message(self.tr("报告正在生成，请稍候……"), 3000)
            return False
        what = self.tr("PDF") if kind == "pdf" else self.tr("Word 文档")
        errors = self.current_errors()
        if errors:
            self._refuse(self.tr("报告"), errors)
            return False
        filters = {"pdf": self.tr("PDF 文件 (*.pdf)"), "docx": self.tr("Word 文档 (*.docx)")}[kind]
        path = dialogs.save_file(self, self.tr("保存{0}年度报告（{1}）").format(self.year, what),
                                 self.default_path(kind), filters, confirm_overwrite=True)
        if not path:
            return False
        out = Path(path)
        if out.suffix.lower() != f".{kind}":
            out = out.with_name(out.name + f".{kind}")
        self.window_.settings.setValue("report/folder", str(out.parent))
        self._set_busy(True, self.tr("正在生成{0}……").format(what))
        self.window_.run_task(
            build_report, str(self.store.path), self.year, dict(self._drafts),
            self.appendixCheck.isChecked(), str(out),
            on_done=self._generated, on_error=partial(self._failed, path=out),
            busy=self.tr("正在生成{0}年度报告（{1}）……").format(self.year, what))
        return True

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.progressBar.setVisible(busy)
        self.progressLabel.setVisible(busy)
        self.progressLabel.setText(text)
        for b in (self.pdfButton, self.wordButton, self.printButton):
            b.setEnabled(not busy)

    def _failed(self, exc: BaseException, path: Path) -> None:
        self._set_busy(False)
        if isinstance(exc, PermissionError):
            text = self.tr("无法写入“{0}”：文件可能正在 WPS、Word 或 PDF 阅读器中打开。"
                           "请先关闭它，或换一个文件名再生成。").format(path.name)
        else:
            text = dialogs.describe_error(exc)
        dialogs.error(self, self.tr("报告未生成"), text)

    def _generated(self, outcome: ReportOutcome) -> None:
        from PySide6.QtWidgets import QMessageBox

        self._set_busy(False)
        if outcome.errors:
            self._refuse(self.tr("报告"), outcome.errors)
            return
        what = self.tr("PDF，{0} 页").format(outcome.pages) if outcome.kind == "pdf" else self.tr("Word 文档")
        text = self.tr("已生成{0}年度报告（{1}）：\n{2}").format(self.year, what, outcome.path)
        icon = QMessageBox.Icon.Information
        if outcome.missing_chars:
            chars = "、".join(outcome.missing_chars[:30])
            text += self.tr("\n\n注意：有 {0} 个字在字体中找不到，PDF 中可能显示为空白或方框：{1}。"
                            "请检查这些字是否写错；或在电脑上安装含这些字的字体（如“仿宋_GB2312”）后重新生成。"
                            ).format(len(outcome.missing_chars), chars)
            icon = QMessageBox.Icon.Warning
        if self.dirty_sections():
            text += self.tr("\n\n报告按修改后的措辞生成，但这些修改尚未保存，请记得点“保存措辞”。")
        self.window_.show_message(self.tr("已生成：{0}").format(outcome.path), 8000)
        choice = dialogs.choose(self, self.tr("报告已生成"), text,
                                [self.tr("打开文件"), self.tr("打开所在文件夹"), self.tr("关闭")], icon=icon)
        if choice == 0:
            dialogs.open_path(outcome.path)
        elif choice == 1:
            dialogs.show_in_folder(outcome.path)

    # printing --------------------------------------------------------------------------------------

    def print_pages(self):
        """The report's pages as the PDF lays them out (None, after saying why, when it has
        errors): report.layout pages, for gui.print_pages to paint."""
        from ..report.compose import compose
        from ..report.layout import lay_out

        errors = self.current_errors()
        if errors:
            self._refuse(self.tr("打印"), errors)
            return None
        comp = compose(self.store, self.year, appendix=self.appendixCheck.isChecked(),
                       wording=dict(self._drafts))
        if comp.errors:
            self._refuse(self.tr("打印"), [c.message for c in comp.errors])
            return None
        return lay_out(comp.document)

    def print_report(self) -> None:
        """打印: a preview of the very pages of the PDF, then the printer."""
        from PySide6.QtCore import QMarginsF
        from PySide6.QtGui import QPageLayout, QPageSize
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        from .print_pages import paint_pages

        pages = self.print_pages()
        if pages is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                          QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
        printer.setFullPage(True)  # the layout carries the official margins itself
        printer.setDocName(report_title(self.store.profile(), self.year))
        dlg = QPrintPreviewDialog(printer, self)
        dlg.setWindowTitle(self.tr("打印预览 — {0}年度报告（与生成的PDF版式相同）").format(self.year))
        dlg.paintRequested.connect(
            lambda p: paint_pages(p, pages, from_page=p.fromPage(), to_page=p.toPage()))
        dlg.resize(900, 760)
        dlg.exec()

