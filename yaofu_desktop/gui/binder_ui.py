"""The window's 迎检台账汇编 (文件 → 生成迎检台账汇编…) and 检查佐证材料 (工具 menu).

The binder dialog asks for the scope (全镇, or one work area) and the file, then binds in the
worker (report/binder.py, on its own read-only connection) under a progress dialog with a
progress bar and a 取消 button: cancelling stops at the next photo or page and leaves no file.
The check reads every 佐证材料 file and names each missing or damaged one (record, caption,
file), with the advice to restore from a backup.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressDialog,
    QVBoxLayout,
)

from ..errors import UserError
from ..ledgers import AREAS, SECTIONS
from . import dialogs
from .worker import run_in_background

log = logging.getLogger(__name__)


class BinderDialog(QDialog):
    """Which year's ledgers, the whole township or one work area."""

    def __init__(self, year: int, parent=None):
        super().__init__(parent)
        self.setObjectName("binder_dialog")
        self.setWindowTitle(self.tr("生成迎检台账汇编"))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "把{0}年度的台账记录表和佐证材料汇编成一个 PDF：封面、目录（带页码）、"
            "按年度报告的顺序排列的各台账记录表，以及每条记录的照片、扫描件。"
            "用于法治督察、年终考核迎检时打印装订。").format(year))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.scope = QComboBox()
        self.scope.setObjectName("binder_scope")
        self.scope.addItem(self.tr("全镇全部台账"), None)
        for key, label in AREAS:
            self.scope.addItem(f"{SECTIONS.get(key, '')}{label}", key)
        form.addRow(self.tr("汇编范围"), self.scope)
        lay.addLayout(form)
        box = QDialogButtonBox()
        ok = box.addButton(self.tr("选择保存位置并生成…"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        box.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        self.setMinimumWidth(460)

    @property
    def area(self) -> str | None:
        return self.scope.currentData()


def _bind(db: Path, year: int, out: Path, area: str | None, cancel: threading.Event, progress=None):
    """In the worker: its own read-only connection."""
    from ..report.binder import build_binder
    from ..store import Store

    def told(fraction: float, _text: str) -> None:
        if progress is not None:
            progress(int(fraction * 100))

    with Store.open(db, readonly=True) as store:
        return build_binder(store, year, out, area=area, progress=told, cancelled=cancel.is_set)


def make_binder(window, *, out: Path | None = None, area: str | None = None, ask: bool = True):
    """文件 → 生成迎检台账汇编…; returns the BinderResult, or None (cancelled, refused)."""
    from ..report.binder import BinderCancelled, binder_title

    year = window.year
    if ask:
        dlg = BinderDialog(year, window)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        area = dlg.area
    if out is None:
        name = binder_title(window.store.profile(), year, area) + ".pdf"
        chosen = dialogs.save_file(window, window.tr("保存台账汇编"), str(Path.home() / name),
                                   "PDF 文件 (*.pdf)", confirm_overwrite=True)
        if not chosen:
            return None
        out = Path(chosen)
    cancel = threading.Event()
    bar = QProgressDialog(window.tr("正在生成台账汇编……"), window.tr("取消"), 0, 100, window)
    bar.setObjectName("binder_progress")
    bar.setWindowTitle(window.tr("迎检台账汇编"))
    bar.setWindowModality(Qt.WindowModality.WindowModal)
    bar.setMinimumDuration(0)
    bar.setAutoClose(False)
    bar.setAutoReset(False)
    bar.canceled.connect(cancel.set)
    bar.canceled.connect(lambda: bar.setLabelText(window.tr("正在取消……")))
    loop = QEventLoop()
    outcome: dict = {}

    def done(result):
        outcome["result"] = result
        loop.quit()

    def failed(exc):
        outcome["error"] = exc
        loop.quit()

    run_in_background(_bind, window.store.path, year, out, area, cancel,
                      on_done=done, on_error=failed, on_progress=bar.setValue)
    bar.show()
    loop.exec()
    bar.close()
    bar.deleteLater()
    exc = outcome.get("error")
    if isinstance(exc, BinderCancelled):
        window.show_message(window.tr("已取消生成台账汇编，未保存文件"), 5000)
        return None
    if exc is not None:
        if not isinstance(exc, UserError):
            log.error("binder failed: %r", exc)
        dialogs.error(window, window.tr("未能生成台账汇编"), dialogs.describe_error(exc))
        return None
    r = outcome["result"]
    text = window.tr("已生成台账汇编：{0}\n"
                     "共 {1} 页：{2} 本台账、{3} 条记录，照片 {4} 张，扫描件 {5} 页，文档 {6} 份。").format(
        r.path, r.pages, r.ledgers, r.records, r.photos, r.scan_pages, r.documents)
    if r.missing:
        text += window.tr("\n\n以下照片文件缺失或已损坏，汇编中留了空框：\n") + "\n".join(r.missing[:10])
    window.show_message(window.tr("已生成台账汇编（{0} 页）").format(r.pages), 8000)
    if ask:
        if dialogs.ask(window, window.tr("迎检台账汇编"), text, yes=window.tr("打开"), no=window.tr("关闭")):
            dialogs.open_path(r.path)
    return r


def _check(db: Path):
    from ..store import Store

    with Store.open(db, readonly=True) as store:
        return store.attachments.check(), len(store.attachments.all_rows())


def check_attachments(window, *, show: bool = True):
    """工具 → 检查佐证材料: every file read and its hash checked; problems named."""
    from .worker import run_with_progress

    problems, count = run_with_progress(window, window.tr("检查佐证材料"),
                                        window.tr("正在逐一检查佐证材料文件，请稍候……"), _check, window.store.path)
    if not show:
        return problems
    if not problems:
        dialogs.inform(window, window.tr("检查佐证材料"),
                       window.tr("{0} 份佐证材料均完好。").format(count) if count
                       else window.tr("数据库中还没有佐证材料。"))
    else:
        lines = "\n".join(p.text for p in problems[:20])
        more = window.tr("\n……共 {0} 份").format(len(problems)) if len(problems) > 20 else ""
        dialogs.warn(window, window.tr("检查佐证材料"),
                     window.tr("有 {0} 份佐证材料缺失或已损坏：\n\n{1}{2}\n\n"
                               "请从备份恢复（恢复会找回备份中的佐证材料），或打开记录重新添加。").format(
                         len(problems), lines, more))
    return problems
