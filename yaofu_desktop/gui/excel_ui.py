"""Excel in the window: export the year's workbook, one ledger as CSV, a blank template; import.

    excel = ExcelActions(window)   # the main window makes it when first used (window.excel())
    excel.export_workbook()        # what 文件 → 导出Excel台账… does (gui/menus.py); busy meanwhile

The work itself is yaofu_desktop.excel; here it runs on a worker thread that opens its OWN
Store on ``window.store.path`` (sqlite connections are not shared between threads). While it
runs a window-modal progress dialog (with 取消) keeps the clerk from changing records, and the
window keeps painting. Cancelling raises from the progress callback: nothing is written.

Import is two steps: read_workbook (nothing written) → the problems dialog (ui/import_dialog.ui)
when the workbook has errors, else a confirmation with the counts → apply_import (one
transaction) → window.reload().

Everything the clerk is asked goes through this module's functions or gui.dialogs, so that tests
can replace them: ``dialogs.open_file/save_file/open_path/show_in_folder/ask/inform/error/choose``, and
``ImportDialog.exec``.
"""

from __future__ import annotations

import csv
import logging
import re
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..errors import UserError
from ..excel import (
    ExportResult,
    ImportPlan,
    ImportResult,
    apply_import,
    csv_guard,
    export_csv,
    export_workbook,
    read_workbook,
)
from ..fileio import write_atomically
from ..ledgers import LEDGER_MAP
from ..store import Store
from . import dialogs
from .forms.ui_import_dialog import Ui_ImportDialog
from .window_api import Window

log = logging.getLogger(__name__)

SETTINGS_DIR_KEY = "excel/last_dir"
MAX_SHOWN_DUPLICATES = 8  # in the confirmation; the result counts all of them
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
CSV_FILTER = "CSV 文件（逗号分隔） (*.csv)"
OPEN_FILTER = "Excel 工作簿或 CSV 文件 (*.xlsx *.xlsm *.csv);;所有文件 (*)"
_BAD_NAME_CHARS = re.compile(r'[\\/:*?"<>|\r\n\t]')


def tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("excel_ui", text)


# -- helpers ------------------------------------------------------------------------------------------


def safe_file_name(name: str) -> str:
    """A file name Windows accepts: no \\ / : * ? " < > |, no trailing dots or spaces."""
    s = _BAD_NAME_CHARS.sub("", name).strip().rstrip(". ")
    return s or "法治台账"


def _plain_message(p) -> str:
    msg = p.message
    if p.column:
        msg = msg.removeprefix(f"「{p.column}」")
    return msg


class Cancelled(UserError):
    """Raised from the progress callback when the clerk pressed 取消.

    A UserError, because yaofu_desktop.excel lets those through as they are (reading a workbook
    turns any other exception into "文件内容已损坏")."""

    def __init__(self):
        super().__init__("已取消，未作任何改动。")


class Reporter(QObject):
    """The progress callback handed to yaofu_desktop.excel, called on the worker thread.

    Lives in the window's thread, so its signal reaches the progress dialog queued. Once
    cancel() was called it raises Cancelled at the next tick that is not the last one (the last
    tick of apply_import comes after the commit: raising there would report a finished import as
    cancelled)."""

    progressed = Signal(int, int, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def __call__(self, done: int, total: int, what: str) -> None:
        if self._cancel.is_set() and done < total:
            raise Cancelled()
        self.progressed.emit(int(done), int(total), str(what))


# -- the progress dialog ------------------------------------------------------------------------------


class ProgressDialog(QDialog):
    """Window-modal: what is being done, a bar, and 取消. Not closed by Esc or ✕ while the work
    runs (those ask to cancel, like the button); the controller closes it when the work ends."""

    def __init__(self, title: str, text: str, reporter: Reporter, parent=None, cancellable: bool = True):
        super().__init__(parent)
        self.setObjectName("excelProgressDialog")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.reporter = reporter
        self._finished = False
        lay = QVBoxLayout(self)
        self.label = QLabel(text)
        self.label.setObjectName("progressLabel")
        self.label.setWordWrap(True)
        self.label.setMinimumWidth(360)
        self.bar = QProgressBar()
        self.bar.setObjectName("progressBar")
        self.bar.setRange(0, 0)  # busy until the first tick
        self.bar.setTextVisible(True)
        self.bar.setFormat("%p%")
        self.cancel_button = QPushButton(tr("取消"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.clicked.connect(self.request_cancel)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        lay.addWidget(self.label)
        lay.addWidget(self.bar)
        lay.addLayout(row)
        reporter.progressed.connect(self.on_progress)
        self.cancellable = cancellable

    @Slot(int, int, str)
    def on_progress(self, done: int, total: int, what: str) -> None:
        if self.reporter.cancelled:
            return
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        if what:
            self.label.setText(what + "…" if not what.endswith(("完成", "…")) else what)

    def request_cancel(self) -> None:
        if not self.cancellable or self.reporter.cancelled:
            return
        self.reporter.cancel()
        self.cancel_button.setEnabled(False)
        self.label.setText(tr("正在取消…"))

    def finish(self) -> None:
        self._finished = True
        self.done(0)

    def reject(self) -> None:  # Esc
        if self._finished:
            super().reject()
        else:
            self.request_cancel()

    def closeEvent(self, event):  # noqa: N802 - the ✕ of the title bar
        if self._finished:
            super().closeEvent(event)
        else:
            event.ignore()
            self.request_cancel()


# -- the problems dialog --------------------------------------------------------------------------------


class ImportDialog(QDialog, Ui_ImportDialog):
    """The problems a workbook has (ui/import_dialog.ui): 只导入正确的行 accepts, 取消 rejects."""

    def __init__(self, plan: ImportPlan, settings: QSettings, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.plan = plan
        self.settings = settings
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        name = Path(plan.path).name
        n_problems = plan.problems.total
        if plan.rows:
            intro = tr("“{0}”中有 {1} 处需要改正（共 {2} 行）。\n"
                       "可以选择“只导入正确的行”，有错误的行不导入；也可以取消，在 Excel 中改正后重新导入。"
                       ).format(name, n_problems, plan.bad_rows)
        else:
            intro = tr("“{0}”中有 {1} 处需要改正（共 {2} 行），没有可以导入的正确行。\n"
                       "请在 Excel 中改正后重新导入。").format(name, n_problems, plan.bad_rows)
        self.introLabel.setText(intro)
        self.insertLabel.setText(tr("新增：<b>{0}</b> 条").format(plan.inserts))
        self.updateLabel.setText(tr("更新：<b>{0}</b> 条").format(plan.updates))
        self.sameLabel.setText(tr("未变：<b>{0}</b> 条").format(plan.unchanged))
        self.badLabel.setText(tr("有错误的行：<b><span style='color:#b00020'>{0}</span></b> 行").format(plan.bad_rows))
        for lab in (self.insertLabel, self.updateLabel, self.sameLabel, self.badLabel):
            lab.setTextFormat(Qt.TextFormat.RichText)
            lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._fill_table()
        listed, more = plan.problems.listed()
        if more:
            kept = len(plan.problems) - len(listed)
            self.moreLabel.setText(
                tr("只列出了前 {0} 处，另有 {1} 处未列出；").format(len(listed), more)
                + (tr("清单请点“导出问题清单…”（含前 {0} 处）。").format(len(plan.problems))
                   if kept else ""))
        self.moreLabel.setVisible(bool(more))
        if plan.warnings:
            lines = [w.line() for w in plan.warnings[:3]]
            others = tr("（另有 {0} 条提示）").format(len(plan.warnings) - 3) if len(plan.warnings) > 3 else ""
            self.warningsLabel.setText(tr("提示：") + "；".join(lines) + others)
        self.warningsLabel.setVisible(bool(plan.warnings))
        self.importGoodButton.setEnabled(bool(plan.rows))
        if plan.rows:
            self.importGoodButton.setToolTip(
                tr("导入其余 {0} 行；有错误的 {1} 行不导入").format(len(plan.rows), plan.bad_rows))
        else:
            self.importGoodButton.setToolTip(tr("没有可以导入的正确行"))
        self.importGoodButton.clicked.connect(self.accept)
        self.cancelButton.clicked.connect(self.reject)
        self.exportProblemsButton.clicked.connect(self.export_problems)

    def _fill_table(self) -> None:
        t = self.problemsTable
        problems, _more = self.plan.problems.listed()
        t.setRowCount(len(problems))
        center = Qt.AlignmentFlag.AlignCenter
        for i, p in enumerate(problems):
            cells = [
                p.sheet or tr("（整个工作簿）"),
                str(p.row) if p.row else "—",
                p.column or "—",
                _plain_message(p),
            ]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 1:
                    item.setTextAlignment(center)
                if j == 3:
                    item.setToolTip(p.line())
                t.setItem(i, j, item)
        h = t.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        h.sectionResized.connect(lambda *_: t.resizeRowsToContents())  # long reasons wrap

    def showEvent(self, event):  # noqa: N802 - rows fit their text once the columns have widths
        super().showEvent(event)
        self.problemsTable.resizeRowsToContents()

    def export_problems(self) -> bool:
        """Save the problems (all of them) as a CSV the clerk opens in Excel."""
        folder = _last_dir(self.settings)
        suggested = str(Path(folder) / safe_file_name(f"{Path(self.plan.path).stem}_问题清单.csv"))
        chosen = dialogs.save_file(self, tr("导出问题清单"), suggested, CSV_FILTER, confirm_overwrite=True)
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix.lower() != ".csv":
            path = path.with_name(path.name + ".csv")
        try:
            write_problems_csv(self.plan, path)
        except (OSError, UserError) as e:
            dialogs.error(self, tr("导出问题清单"), dialogs.describe_error(e))
            return False
        _remember_dir(self.settings, path)
        dialogs.inform(self, tr("导出问题清单"), tr("已导出问题清单：\n{0}").format(path))
        return True


def write_problems_csv(plan: ImportPlan, path: Path) -> None:
    write_atomically(lambda tmp: _write_problems(plan, tmp), path)


def _write_problems(plan: ImportPlan, path: str) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["类别", "工作表", "行", "列", "原因"])
        for kind, items in (("错误", plan.problems), ("提示", plan.warnings)):
            for p in items:
                w.writerow([csv_guard(x) for x in (kind, p.sheet, p.row or "", p.column, _plain_message(p))])
            if items.more:
                w.writerow([kind, "", "", "", f"……另有 {items.more} 处未列出"])


# -- settings --------------------------------------------------------------------------------------


def _documents_dir() -> str:
    d = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return d if d and Path(d).is_dir() else str(Path.home())


def _last_dir(settings: QSettings) -> str:
    d = settings.value(SETTINGS_DIR_KEY)
    if d and Path(str(d)).is_dir():
        return str(d)
    return _documents_dir()


def _remember_dir(settings: QSettings, path: Path) -> None:
    settings.setValue(SETTINGS_DIR_KEY, str(Path(path).parent))


# -- the work, on the worker thread -------------------------------------------------------------------


def _export_job(db_path, year, out, template, ledgers, csv_ledger, reporter) -> ExportResult:
    store = Store.open(db_path, readonly=True)
    try:
        if csv_ledger:
            return export_csv(store, year, csv_ledger, out, template=template, progress=reporter)
        return export_workbook(store, year, out, template=template, ledgers=ledgers, progress=reporter)
    finally:
        store.close()


def _read_job(db_path, src, reporter) -> ImportPlan:
    with Store.open(db_path) as store:
        return read_workbook(src, store, reporter)


def _apply_job(db_path, plan, good_rows_only, keep_duplicates, reporter) -> ImportResult:
    with Store.open(db_path) as store:
        return apply_import(store, plan, good_rows_only=good_rows_only, progress=reporter,
                            keep_duplicates=keep_duplicates)


# -- the controller -----------------------------------------------------------------------------------


class ExcelActions(QObject):
    """What the four Excel items of the 文件 menu do. One task at a time."""

    finished = Signal(str)  # "export" | "csv" | "template" | "import" | "cancelled" | "failed" | "refused"

    def __init__(self, window: Window):
        super().__init__(window.window())
        self.window = window
        self.busy = False  # one task at a time: the actions are off meanwhile (gui/menus.py)
        self.progress_dialog: ProgressDialog | None = None
        self.last_export: ExportResult | None = None
        self.last_import: ImportResult | None = None

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.window.update_state()

    def _township(self) -> str:
        try:
            p = self.window.store.profile()
        except Exception:  # noqa: BLE001 - only for a file name
            return ""
        return str(p.get("township") or "")

    # running a job ----------------------------------------------------------------------------------

    def _start(self, fn, args, *, title: str, text: str, on_done, kind: str, cancellable: bool = True) -> None:
        from .worker import run_in_background

        reporter = Reporter(self)
        dlg = ProgressDialog(title, text, reporter, self.window.window(), cancellable=cancellable)
        self.progress_dialog = dlg
        self._set_busy(True)
        dlg.show()

        def end() -> None:
            self.progress_dialog = None
            dlg.finish()
            dlg.deleteLater()
            reporter.deleteLater()
            self._set_busy(False)

        def done(result) -> None:
            end()
            try:
                on_done(result, reporter.cancelled)
            except Exception as e:  # never a traceback for the clerk
                log.exception("after %s", kind)
                self._failed(title, e)

        def failed(exc: BaseException) -> None:
            end()
            if isinstance(exc, Cancelled):
                self.window.show_message(tr("已取消，未作任何改动。"), 8000)
                self.finished.emit("cancelled")
                return
            self._failed(title, exc)

        run_in_background(fn, *args, reporter, on_done=done, on_error=failed)

    def _failed(self, title: str, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            log.error("%s failed: %r", title, exc)
        dialogs.error(self.window.window(), title, dialogs.describe_error(exc))
        self.finished.emit("failed")

    def _refuse_if_busy(self) -> bool:
        if self.busy:
            self.window.show_message(tr("上一项导入或导出还没有完成，请稍候。"))
            return True
        return False

    # export -----------------------------------------------------------------------------------------

    def _ask_save(self, title: str, name: str, filters: str, suffix: str) -> Path | None:
        suggested = str(Path(_last_dir(self.window.settings)) / safe_file_name(name))
        path = dialogs.save_file(self.window.window(), title, suggested, filters, confirm_overwrite=True)
        if not path:
            return None
        p = Path(path)
        if p.suffix.lower() != suffix:
            p = p.with_name(p.name + suffix)
        if not p.parent.is_dir():  # said before any work starts
            dialogs.error(self.window.window(), title, tr("文件夹不存在：{0}").format(p.parent))
            self.finished.emit("failed")
            return None
        _remember_dir(self.window.settings, p)
        return p

    def export_workbook(self) -> None:
        if self._refuse_if_busy():
            return
        year = self.window.year
        title = tr("导出Excel台账")
        out = self._ask_save(title, f"{self._township()}{year}年法治台账.xlsx", XLSX_FILTER, ".xlsx")
        if out is None:
            return

        def done(res: ExportResult, _cancelled: bool) -> None:
            self.last_export = res
            self._offer_open(title, tr("已导出 {0}年度台账：{1} 本台账，共 {2} 条记录。").format(
                year, len(res.records), res.total), res.path)
            self.finished.emit("export")

        self._start(_export_job, (self.window.store.path, year, out, False, None, None),
                    title=title, text=tr("正在导出 {0}年度台账…").format(year), on_done=done, kind="export")

    def export_csv(self) -> None:
        if self._refuse_if_busy():
            return
        title = tr("导出当前台账为CSV")
        panel = self.window.current_panel()
        if panel is None:
            dialogs.inform(self.window.window(), title, tr(
                "请先在上方选择一个工作领域的标签页（如“矛盾纠纷与信访”），再选中要导出的台账。"))
            return
        lg = LEDGER_MAP[panel.ledger.name]
        year = self.window.year
        out = self._ask_save(title, f"{self._township()}{year}年{lg.label}.csv", CSV_FILTER, ".csv")
        if out is None:
            return

        def done(res: ExportResult, _cancelled: bool) -> None:
            self.last_export = res
            self._offer_open(title, tr("已导出「{0}」{1}年度的 {2} 条记录。").format(
                lg.label, year, res.total), res.path)
            self.finished.emit("csv")

        self._start(_export_job, (self.window.store.path, year, out, False, None, lg.name),
                    title=title, text=tr("正在导出「{0}」…").format(lg.label), on_done=done, kind="csv")

    def export_template(self) -> None:
        if self._refuse_if_busy():
            return
        title = tr("导出空白模板")
        out = self._ask_save(title, f"{self._township()}法治台账空白模板.xlsx", XLSX_FILTER, ".xlsx")
        if out is None:
            return

        def done(res: ExportResult, _cancelled: bool) -> None:
            self.last_export = res
            self._offer_open(title, tr("已导出空白模板（{0} 本台账）。填写后可用“导入Excel台账…”导入。").format(
                len(res.records)), res.path)
            self.finished.emit("template")

        self._start(_export_job, (self.window.store.path, self.window.year, out, True, None, None),
                    title=title, text=tr("正在导出空白模板…"), on_done=done, kind="template")

    def _offer_open(self, title: str, text: str, path: Path) -> None:
        self.window.show_message(tr("已导出：{0}").format(path), 10000)
        from PySide6.QtWidgets import QMessageBox

        choice = dialogs.choose(self.window.window(), title, text + "\n\n" + tr("保存位置：{0}").format(path),
                                [tr("打开文件"), tr("打开所在文件夹"), tr("关闭")],
                                icon=QMessageBox.Icon.Information)
        if choice == 0:
            ok = dialogs.open_path(path)
        elif choice == 1:
            ok = dialogs.show_in_folder(path)
        else:
            return
        if not ok:
            dialogs.warn(self.window.window(), title, tr("无法自动打开，请在文件夹中找到它：\n{0}").format(path))

    # import -----------------------------------------------------------------------------------------

    def import_workbook(self) -> None:
        if self._refuse_if_busy():
            return
        title = tr("导入Excel台账")
        if self.window.read_only:
            dialogs.inform(self.window.window(), title, tr("数据库以只读方式打开，不能导入。"))
            self.finished.emit("refused")
            return
        path = dialogs.open_file(self.window.window(), title, _last_dir(self.window.settings), OPEN_FILTER)
        if not path:
            return
        src = Path(path)
        _remember_dir(self.window.settings, src)
        db_path = self.window.store.path

        def read_done(plan: ImportPlan, _cancelled: bool) -> None:
            self._after_read(plan, db_path, title)

        self._start(_read_job, (db_path, src), title=title,
                    text=tr("正在检查“{0}”…").format(src.name), on_done=read_done, kind="read")

    def _after_read(self, plan: ImportPlan, db_path: Path, title: str) -> None:
        if plan.problems:
            dlg = ImportDialog(plan, self.window.settings, self.window.window())
            accepted = dlg.exec() == QDialog.DialogCode.Accepted and bool(plan.rows)
            dlg.deleteLater()
            if not accepted:
                self.window.show_message(tr("已取消导入，未作任何改动。"), 8000)
                self.finished.emit("cancelled")
                return
            good_only = True
            keep = False  # the result names the likely duplicates left out
        else:
            good_only = False
            keep = False
            if (not plan.inserts and not plan.updates and plan.profile is None and not plan.new_choices
                    and not plan.report_texts):
                dialogs.inform(self.window.window(), title, tr(
                    "“{0}”中的 {1} 条记录与数据库中的完全相同，无需导入。").format(
                        Path(plan.path).name, plan.unchanged))
                self.finished.emit("cancelled")
                return
            dups = plan.duplicates.total
            text = tr("将新增 {0} 条，更新 {1} 条").format(plan.inserts - dups, plan.updates)
            if plan.unchanged:
                text += tr("（另有 {0} 条与数据库相同，不变）").format(plan.unchanged)
            text += "。"
            if dups:
                text += "\n\n" + tr("另有 {0} 行可能是重复录入（与已有记录或前面的行相同），默认不导入：").format(dups)
                text += "\n" + "\n".join(d.line() for d in plan.duplicates[:MAX_SHOWN_DUPLICATES])
                if dups > MAX_SHOWN_DUPLICATES:
                    text += "\n" + tr("……共 {0} 行").format(dups)
            if plan.profile is not None:
                text += "\n" + tr("同时导入工作簿中的乡镇概况和村（社区）名单。")
            if plan.report_texts:
                text += "\n" + tr("同时导入 {0} 段报告文字（存在的问题、工作计划等）。").format(len(plan.report_texts))
            if plan.warnings:
                text += "\n\n" + tr("提示：") + "\n".join(w.line() for w in plan.warnings[:5])
            if dups:
                choice = dialogs.choose(self.window.window(), title, text, [
                    tr("导入（不含可能重复的行）"), tr("全部导入（确实不是重复）"), tr("取消")])
                go, keep = choice in (0, 1), choice == 1
            else:
                text += "\n\n" + tr("确定导入吗？")
                go = dialogs.ask(self.window.window(), title, text, yes=tr("导入"), no=tr("取消"), default_yes=True)
            if not go:
                self.window.show_message(tr("已取消导入，未作任何改动。"), 8000)
                self.finished.emit("cancelled")
                return

        def apply_done(result: ImportResult, _cancelled: bool) -> None:
            self.last_import = result
            self._imported(plan, result, title)

        self._start(_apply_job, (db_path, plan, good_only, keep), title=title,
                    text=tr("正在导入…"), on_done=apply_done, kind="import")

    def _imported(self, plan: ImportPlan, result: ImportResult, title: str) -> None:
        try:
            self.window.reload()
        except Exception:  # the data is in; the view catches up on 刷新
            log.exception("reload after import")
        changed = {r.ledger for r in plan.rows if r.action in ("insert", "update")}
        for name in sorted(changed):
            self.window.dataChanged.emit(name)
        text = tr("导入完成：{0}。").format(result.summary())
        if result.profile_set:
            text += "\n" + tr("已导入乡镇概况。")
        if result.choices_added:
            text += "\n" + tr("已添加 {0} 个新的类别或村（社区）。").format(len(result.choices_added))
        self.window.show_message(tr("导入完成：{0}").format(result.summary()), 10000)
        dialogs.inform(self.window.window(), title, text)
        self.finished.emit("import")

