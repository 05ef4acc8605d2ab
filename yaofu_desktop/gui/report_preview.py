"""The 报告 tab's live preview: the draft as the report will read (report/preview.py makes the
HTML), the part being worked in marked, scrolled to when another part is chosen. Each figure in
it is a link (``fig:<n>``) to the records it counts, its label and value as its tooltip; a click
elsewhere shows the part clicked in the editor.

    marks = FigureMarks(wording, pane.tr)
    comp = compose(store, year, wording=wording, mark=marks, draft=True)
    pane.show(preview_blocks(comp.document, comp.section_errors), marks)
    pane.refresh()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QToolTip

from ..report.compose import SECTION_ORDER
from ..report.preview import FONT_FAMILIES, PBlock, mark_token, report_html
from .i18n import ensure_fonts

if TYPE_CHECKING:
    from ..report.editing import YearWording
    from .report_tab import ReportTab

PREVIEW_BODY_PT = 12.0


class FigureMarks:
    """The figures of one composition as compose meets them (its ``mark``): each one's text and
    tooltip, and its key (what a click on it shows the records of)."""

    def __init__(self, wording: "YearWording", tr: Callable[[str], str]):
        self.wording = wording
        self.tr = tr
        self.shown: list[tuple[str, str]] = []  # (text, tooltip) of each mark
        self.keys: list[str] = []

    def __call__(self, text: str, key: str) -> str:
        fig = self.wording.figure(key)
        tip = f"{fig.label}：{fig.display()}" if fig else self.tr("已不存在的数字")
        if key.split(".", 1)[0] != "report":
            tip += self.tr("\n点击查看计入这个数字的记录")
        self.shown.append((text, tip))
        self.keys.append(key)
        return mark_token(len(self.shown) - 1)


class PreviewPane(QObject):
    """The tab's preview (a QTextBrowser): what it shows, its links, tooltips and clicks."""

    def __init__(self, tab: "ReportTab"):
        super().__init__(tab)
        self.tab = tab
        self.blocks: list[PBlock] = []
        self.marks: list[tuple[str, str]] = []  # (text, tooltip) of each figure shown
        self.mark_keys: list[str] = []  # the figure each mark is
        self.scrolled_to: str | None = None  # the part the preview was last scrolled to
        view = tab.preview
        # kept, to know its events without asking the view (gone first when the tab closes)
        self.viewport = view.viewport()
        self.viewport.installEventFilter(self)
        view.setOpenLinks(False)
        view.setOpenExternalLinks(False)
        view.anchorClicked.connect(self._link_clicked)

    def show(self, blocks: list[PBlock], marks: FigureMarks | None) -> None:
        """What the next refresh shows (nothing, when the draft could not be composed)."""
        self.blocks = blocks
        self.marks = marks.shown if marks is not None else []
        self.mark_keys = marks.keys if marks is not None else []

    def html(self) -> str:
        return report_html(self.blocks, size=PREVIEW_BODY_PT, marks=self.marks, current=self.tab.outline.current)

    def refresh(self) -> None:
        if not self.tab.loaded:
            return
        ensure_fonts(FONT_FAMILIES.values())  # the official roles' bundled fonts, for the preview
        view = self.tab.preview
        current = self.tab.outline.current
        bar = view.verticalScrollBar()
        keep = bar.value()
        view.setHtml(self.html())
        if self.scrolled_to != current:
            self.scrolled_to = current
            if current == SECTION_ORDER[0]:
                bar.setValue(0)  # the report's head is worth seeing too
            else:
                QTimer.singleShot(0, lambda k=current: view.scrollToAnchor(f"sec_{k}"))
        else:
            bar.setValue(keep)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.viewport:
            view = self.tab.preview
            if event.type() == QEvent.Type.ToolTip:
                return self._tooltip(event)
            if isinstance(event, QMouseEvent) and event.type() == QEvent.Type.MouseButtonRelease \
                    and event.button() == Qt.MouseButton.LeftButton \
                    and not view.textCursor().hasSelection() \
                    and not view.anchorAt(event.position().toPoint()):
                key = self.section_at(event.position().toPoint())
                if key and key != self.tab.outline.current:
                    self.tab.select_section(key)  # a click in the preview: that part in the editor
        return super().eventFilter(obj, event)

    def section_at(self, point) -> str | None:
        """The part of the report a point of the preview is in (the nearest section mark above)."""
        block = self.tab.preview.cursorForPosition(point).block()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                for name in it.fragment().charFormat().anchorNames():
                    if name.startswith("sec_") and name[4:] in SECTION_ORDER:
                        return name[4:]
                it += 1
            block = block.previous()
        return None

    def _tooltip(self, event) -> bool:  # a QHelpEvent
        view = self.tab.preview
        tip = view.cursorForPosition(event.pos()).charFormat().toolTip()
        if tip:
            QToolTip.showText(event.globalPos(), tip, self.viewport)
        else:
            QToolTip.hideText()
        return True

    def _link_clicked(self, url: QUrl) -> None:
        if url.scheme() != "fig":
            return
        try:
            key = self.mark_keys[int(url.path())]
        except (ValueError, IndexError):
            return
        self.tab.show_figure_records(key)
