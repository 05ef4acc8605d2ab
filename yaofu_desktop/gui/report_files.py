"""The 报告 tab's files: 生成PDF, 生成Word and 打印 for the year's draft.

The draft is composed and rendered off the window's thread (``window.run_task``), in a Store of
its own opened read-only from the database's path (sqlite connections are not shared between
threads); the draft goes there as plain data (`draft_of`). A report with errors is refused,
naming them, and the tab goes to the first one's place. Printing shows the PDF's very pages
(report.layout, painted by gui/print_pages.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QStandardPaths

from ..report.compose import report_title
from ..report.editing import YearWording
from ..store import Store
from . import dialogs

if TYPE_CHECKING:
    from .report_tab import ReportTab

log = logging.getLogger(__name__)


@dataclass
class ReportOutcome:
    path: Path
    kind: str
    pages: int = 0
    missing_chars: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def draft_of(w: YearWording) -> dict[str, Any]:
    """A year's draft as plain data, to compose in another thread."""
    return {"sections": w.as_dict(), "confirmed": sorted(w.confirmed), "ways": dict(w.ways)}


def wording_from(store: Store, year: int, draft: dict[str, Any]) -> YearWording:
    from ..wording import section_from_json

    sections = {k: section_from_json(k, v) for k, v in draft["sections"].items()}
    return YearWording(year, sections, set(draft["confirmed"]), dict(draft["ways"]), store)


def build_report(db_path: str, year: int, draft: dict[str, Any], appendix: bool, out_path: str,
                 today: dt.date | None = None) -> ReportOutcome:
    """Compose and render the report in a thread of its own (its own read-only Store)."""
    from ..report.compose import compose
    from ..report.render import render

    out = Path(out_path)
    kind = out.suffix.lower().lstrip(".")
    with Store.open(db_path, readonly=True) as store:
        comp = compose(store, year, appendix=appendix, wording=wording_from(store, year, draft), today=today)
    if comp.errors:
        return ReportOutcome(out, kind, errors=[c.message for c in comp.errors])
    _what, result = render(comp.document, out)
    if result is None:
        return ReportOutcome(out, kind)
    return ReportOutcome(out, kind, pages=result.pages, missing_chars=list(result.missing_chars))


class ReportFiles(QObject):
    """What the tab's 生成PDF, 生成Word and 打印 do (and 文件 → 生成年度报告…)."""

    def __init__(self, tab: "ReportTab"):
        super().__init__(tab)
        self.tab = tab
        self.busy = False

    def default_path(self, kind: str) -> str:
        name = report_title(self.tab.store.profile(), self.tab.year) + "." + kind
        folder = self.tab.window_.settings.value("report/folder", "")
        if not folder or not Path(str(folder)).is_dir():
            documents = QStandardPaths.StandardLocation.DocumentsLocation
            folder = QStandardPaths.writableLocation(documents) or str(Path.home())
        return str(Path(str(folder)) / name)

    def _refuse(self, what: str, errors: list[str]) -> None:
        listed = "\n".join(f"• {e}" for e in errors[:10])
        more = self.tr("\n……共 {0} 个错误").format(len(errors)) if len(errors) > 10 else ""
        dialogs.warn(self.tab, self.tr("{0}未生成").format(what), self.tr(
            "报告中有错误，须先改正才能{0}：\n\n{1}{2}\n\n错误也列在“报告”页上方的检查结果中，点击一条可转到要改的地方。").format(
            what, listed, more))
        first = next((c for c in self.tab.check_panel.checks if c.level == "error"), None)
        if first is not None and first.section and first.section != "profile":
            self.tab.check_panel.go_to(first.section)  # where the first error is fixed

    def generate(self, kind: str) -> bool:
        """生成PDF / 生成Word: ask where, then compose and render off the window's thread."""
        if self.busy:
            self.tab.window_.show_message(self.tr("报告正在生成，请稍候……"), 3000)
            return False
        what = self.tr("PDF") if kind == "pdf" else self.tr("Word 文档")
        errors = self.tab.current_errors()
        if errors:
            self._refuse(self.tr("报告"), errors)
            return False
        filters = {"pdf": self.tr("PDF 文件 (*.pdf)"), "docx": self.tr("Word 文档 (*.docx)")}[kind]
        path = dialogs.save_file(self.tab, self.tr("保存{0}年度报告（{1}）").format(self.tab.year, what),
                                 self.default_path(kind), filters, confirm_overwrite=True)
        if not path:
            return False
        out = Path(path)
        if out.suffix.lower() != f".{kind}":
            out = out.with_name(out.name + f".{kind}")
        self.tab.window_.settings.setValue("report/folder", str(out.parent))
        self._set_busy(True, self.tr("正在生成{0}……").format(what))
        self.tab.window_.run_task(
            build_report, str(self.tab.store.path), self.tab.year, draft_of(self.tab.draft()),
            self.tab.appendixCheck.isChecked(), str(out),
            on_done=self._generated, on_error=partial(self._failed, path=out),
            busy=self.tr("正在生成{0}年度报告（{1}）……").format(self.tab.year, what))
        return True

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        self.tab.progressBar.setVisible(busy)
        self.tab.progressLabel.setVisible(busy)
        self.tab.progressLabel.setText(text)
        for b in (self.tab.pdfButton, self.tab.wordButton, self.tab.printButton):
            b.setEnabled(not busy)

    def _failed(self, exc: BaseException, path: Path) -> None:
        self._set_busy(False)
        if isinstance(exc, PermissionError):
            text = self.tr("无法写入“{0}”：文件可能正在 WPS、Word 或 PDF 阅读器中打开。"
                           "请先关闭它，或换一个文件名再生成。").format(path.name)
        else:
            text = dialogs.describe_error(exc)
        dialogs.error(self.tab, self.tr("报告未生成"), text)

    def _generated(self, outcome: ReportOutcome) -> None:
        from PySide6.QtWidgets import QMessageBox

        self._set_busy(False)
        if outcome.errors:
            self._refuse(self.tr("报告"), outcome.errors)
            return
        what = self.tr("PDF，{0} 页").format(outcome.pages) if outcome.kind == "pdf" else self.tr("Word 文档")
        text = self.tr("已生成{0}年度报告（{1}）：\n{2}").format(self.tab.year, what, outcome.path)
        icon = QMessageBox.Icon.Information
        if outcome.missing_chars:
            chars = "、".join(outcome.missing_chars[:30])
            text += self.tr("\n\n注意：有 {0} 个字在字体中找不到，PDF 中可能显示为空白或方框：{1}。"
                            "请检查这些字是否写错；或在电脑上安装含这些字的字体（如“仿宋_GB2312”）后重新生成。"
                            ).format(len(outcome.missing_chars), chars)
            icon = QMessageBox.Icon.Warning
        if self.tab.is_dirty():
            text += self.tr("\n\n报告按修改后的文字生成，但这些修改尚未保存，请记得点“保存”。")
        self.tab.window_.show_message(self.tr("已生成：{0}").format(outcome.path), 8000)
        choice = dialogs.choose(self.tab, self.tr("报告已生成"), text,
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

        errors = self.tab.current_errors()
        if errors:
            self._refuse(self.tr("打印"), errors)
            return None
        comp = compose(self.tab.store, self.tab.year, appendix=self.tab.appendixCheck.isChecked(),
                       wording=self.tab.wording)
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
        printer.setDocName(report_title(self.tab.store.profile(), self.tab.year))
        dlg = QPrintPreviewDialog(printer, self.tab)
        dlg.setWindowTitle(self.tr("打印预览 — {0}年度报告（与生成的PDF版式相同）").format(self.tab.year))
        dlg.paintRequested.connect(
            lambda p: paint_pages(p, pages, from_page=p.fromPage(), to_page=p.toPage()))
        dlg.resize(900, 760)
        dlg.exec()
