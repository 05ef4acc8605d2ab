"""Windows inside the screen: the main window's size at its first start, and every dialog and
print preview where it opens, the whole window, title bar and borders included, inside the
screen's available area (without the taskbar).

Qt sizes and places a window by its client area; the frame comes around it. Sizing the client to
the available height put the title bar above the screen's top or the status bar below the
taskbar (1288×775 on a 1366×768 screen); a print preview of 900×760 opened with its title bar
off a 1024×768 screen. The frame is known once the native window exists (in the first
showEvent, before it is mapped): Qt's own figure, and on Windows the one Windows measures,
whichever is larger (Qt's has been seen to leave out the borders).

    fit_to_screen(window)                # the main window, at its first start
    keep_dialogs_on_screen(app)          # every dialog shown from then on (app.make_app)
    pause_keeping_dialogs_on_screen(app) # while the main window starts (app.run)
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QMargins, QObject, QRect, QSize, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QWidget

FIRST_SIZE = QSize(1280, 800)  # the client area at the first start, when the screen allows


def first_geometry(available: QRect, frame: QMargins, want: QSize = FIRST_SIZE) -> QRect:
    """The client rectangle: at most `want`, the whole window inside `available`, centred."""
    room = available.marginsRemoved(frame)
    w, h = min(want.width(), room.width()), min(want.height(), room.height())
    return QRect(room.x() + (room.width() - w) // 2, room.y() + (room.height() - h) // 2, w, h)


def frame_margins(window: QWidget) -> QMargins:
    """Title bar and borders around `window`'s client area (its native window must exist)."""
    handle = window.windowHandle()
    frame = handle.frameMargins() if handle is not None else QMargins()
    if sys.platform == "win32":
        measured = _windows_frame(window)
        frame = QMargins(*(max(a, b) for a, b in zip(
            (frame.left(), frame.top(), frame.right(), frame.bottom()),
            (measured.left(), measured.top(), measured.right(), measured.bottom()))))
    return frame


def fit_to_screen(window: QWidget) -> None:
    """Give a window that is about to be shown for the first time its first geometry."""
    screen = window.screen()
    if screen is not None:
        window.setGeometry(first_geometry(screen.availableGeometry(), frame_margins(window)))


def fit_rect(frame: QRect, available: QRect) -> QRect:
    """`frame` moved, and shrunk where it is larger, to lie within `available`."""
    w = min(frame.width(), available.width())
    h = min(frame.height(), available.height())
    x = min(max(frame.x(), available.left()), available.left() + available.width() - w)
    y = min(max(frame.y(), available.top()), available.top() + available.height() - h)
    return QRect(x, y, w, h)


def keep_on_screen(window: QWidget) -> bool:
    """Move (and if need be shrink) `window` so that it and its frame lie within its screen's
    available area; True when it had to."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return False
    margins = frame_margins(window)
    frame = window.geometry().marginsAdded(margins)
    fitted = fit_rect(frame, screen.availableGeometry())
    if fitted == frame:
        return False
    window.setGeometry(fitted.marginsRemoved(margins))
    return True


class KeepDialogsOnScreen(QObject):
    """Watches the application: a dialog being shown (Qt's own too: the print preview, message
    boxes) is kept on its screen, and again a moment later, when a window system that tells the
    frame only once the window is mapped (X11) has told it."""

    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() == QEvent.Type.Show and isinstance(obj, QDialog) and obj.isWindow():
            keep_on_screen(obj)
            QTimer.singleShot(0, lambda: _keep_if_shown(obj))
        return False


def _keep_if_shown(window: QWidget) -> None:
    try:
        if window.isVisible():
            keep_on_screen(window)
    except RuntimeError:  # closed and deleted meanwhile
        pass


_keeper: KeepDialogsOnScreen | None = None


def keep_dialogs_on_screen(app: QApplication) -> None:
    """Keep every dialog of `app` on its screen from now on (installed once; again after
    :func:`pause_keeping_dialogs_on_screen`)."""
    global _keeper
    if _keeper is None:
        _keeper = KeepDialogsOnScreen(app)
    app.installEventFilter(_keeper)  # (Qt keeps one: an installed filter is moved, not added)


def pause_keeping_dialogs_on_screen(app: QApplication) -> None:
    """Stop watching until :func:`keep_dialogs_on_screen`. An application-wide event filter in
    Python is called for every event of every widget: the main window's start-up sends thousands
    (about a tenth of its time), and shows no dialog."""
    if _keeper is not None:
        app.removeEventFilter(_keeper)


def _windows_frame(window: QWidget) -> QMargins:
    """The frame as Windows measures it: GetWindowRect around the client rectangle."""
    import ctypes
    from ctypes import wintypes

    user32 = ctypes.windll.user32  # type: ignore[attr-defined,unused-ignore]  # windll: Windows only
    outer, inner, corner = wintypes.RECT(), wintypes.RECT(), wintypes.POINT(0, 0)
    handle = wintypes.HWND(int(window.winId()))
    if not (user32.GetWindowRect(handle, ctypes.byref(outer)) and user32.GetClientRect(handle, ctypes.byref(inner))
            and user32.ClientToScreen(handle, ctypes.byref(corner))):
        return QMargins()
    ratio = window.devicePixelRatioF() or 1.0  # Windows counts device pixels
    return QMargins(*(round(v / ratio) for v in (
        corner.x - outer.left, corner.y - outer.top,
        outer.right - corner.x - inner.right, outer.bottom - corner.y - inner.bottom)))
