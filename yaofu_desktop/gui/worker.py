"""Run long work (imports, report rendering, backups) off the window's thread.

    run_in_background(make_report, store_path, year,
                      on_done=lambda path: ..., on_error=lambda exc: ...,
                      on_progress=bar.setValue)

`fn` runs in Qt's global thread pool; `on_done(result)` / `on_error(exc)` are then called in the
window's thread. A function that accepts a keyword argument ``progress`` gets a callable
``progress(int)`` that reaches `on_progress` in the window's thread. The work must not use the
window's sqlite connection: open its own (``Store.open(path)``) — sqlite connections are not to be
shared between threads.

:class:`Task` keeps itself alive until it has reported; callers need not hold a reference.
"""

from __future__ import annotations

import inspect
import logging
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

_running: set["_Relay"] = set()


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int)


class Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], *args, **kwargs):
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = _Signals()
        try:
            if "progress" in inspect.signature(fn).parameters:
                self.kwargs["progress"] = self.signals.progress.emit
        except (TypeError, ValueError):
            pass

    def run(self) -> None:  # in a pool thread
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # noqa: BLE001 - reported to the window
            log.error("background task failed\n%s", traceback.format_exc())
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class _Relay(QObject):
    """Lives in the window's thread: the signals from the pool arrive here queued."""

    def __init__(self, task: "Task", on_done, on_error, on_progress):
        super().__init__()
        self.task, self.on_done, self.on_error, self.on_progress = task, on_done, on_error, on_progress

    @Slot(object)
    def done(self, result) -> None:
        _running.discard(self)
        if self.on_done is not None:
            self.on_done(result)

    @Slot(object)
    def failed(self, exc) -> None:
        _running.discard(self)
        (self.on_error or _default_error)(exc)

    @Slot(int)
    def progress(self, n: int) -> None:
        if self.on_progress is not None:
            self.on_progress(n)


def run_in_background(
    fn: Callable[..., Any],
    *args,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    pool: QThreadPool | None = None,
    **kwargs,
) -> Task:
    task = Task(fn, *args, **kwargs)
    relay = _Relay(task, on_done, on_error, on_progress)
    _running.add(relay)
    task.signals.done.connect(relay.done)
    task.signals.failed.connect(relay.failed)
    task.signals.progress.connect(relay.progress)
    (pool or QThreadPool.globalInstance()).start(task)
    return task


def _default_error(exc: BaseException) -> None:
    from . import dialogs

    dialogs.error(None, "操作未完成", dialogs.describe_error(exc))


def run_with_progress(parent, title: str, text: str, fn: Callable[..., Any], *args, **kwargs) -> Any:
    """Run `fn` off the window's thread and wait for it, the window kept alive meanwhile (it
    repaints; the clerk sees a progress dialog that cannot be closed, and cannot click anything
    else). Returns what `fn` returned or raises what it raised, as if called directly. `fn` gets
    ``progress`` (0–100) if it takes it."""
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtWidgets import QProgressDialog

    class Busy(QProgressDialog):
        finished_work = False

        def reject(self) -> None:  # Esc: the work cannot be stopped halfway
            if self.finished_work:
                super().reject()

        def closeEvent(self, event) -> None:  # noqa: N802
            if self.finished_work:
                super().closeEvent(event)
            else:
                event.ignore()

    dlg = Busy(text, "", 0, 100, parent)
    dlg.setObjectName("progress_dialog")
    dlg.setWindowTitle(title)
    dlg.setCancelButton(None)
    dlg.setWindowModality(Qt.WindowModality.ApplicationModal)
    dlg.setMinimumDuration(0)
    dlg.setAutoClose(False)
    dlg.setAutoReset(False)
    dlg.setMinimumWidth(360)
    dlg.setValue(0)
    out: dict[str, Any] = {}
    loop = QEventLoop()

    def done(result) -> None:
        out["result"] = result
        loop.quit()

    def failed(exc) -> None:
        out["error"] = exc
        loop.quit()

    run_in_background(fn, *args, on_done=done, on_error=failed, on_progress=dlg.setValue, **kwargs)
    dlg.show()
    if not out:  # the results arrive queued, in this loop
        loop.exec()
    dlg.finished_work = True
    dlg.close()
    dlg.deleteLater()
    if "error" in out:
        raise out["error"]
    return out["result"]


def run_task(window, fn: Callable[..., Any], *args, on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None, busy: str = "", **kwargs) -> Task:
    """:func:`run_in_background` for a main window: a busy cursor meanwhile, `busy` in its status
    bar; an error nobody handles is said in a message box."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from . import dialogs

    bar = window.statusBar()
    if busy:
        bar.showMessage(busy)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

    def done(result) -> None:
        QGuiApplication.restoreOverrideCursor()
        bar.clearMessage()
        if on_done:
            on_done(result)

    def failed(exc: BaseException) -> None:
        QGuiApplication.restoreOverrideCursor()
        bar.clearMessage()
        if on_error:
            on_error(exc)
        else:
            dialogs.error(window, dialogs.tr("操作未完成"), dialogs.describe_error(exc))

    return run_in_background(fn, *args, on_done=done, on_error=failed, **kwargs)
