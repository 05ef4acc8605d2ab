"""Every dialog and print preview inside the screen's available area, its frame included.

A dialog larger than a 1024×768 screen's free area (the task bar taken off) used to open with its
title bar above the top of the screen, where it cannot be grabbed or closed by a clerk. The
application keeps every dialog within the available geometry of its screen, frame (title bar)
included, shrinking it if it is larger: :func:`keep_dialogs_on_screen` (called by app.make_app)
watches every dialog shown, Qt's own (the print preview, message boxes) included.

    fit_rect(QRect(100, -40, 900, 800), QRect(0, 0, 1024, 728))  # -> QRect(100, 0, 900, 728)
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QRect, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QStyle, QWidget

# platforms that draw no frame (the tests' offscreen one)
FRAMELESS_PLATFORMS = ("offscreen", "minimal")


def fit_rect(frame: QRect, avail: QRect) -> QRect:
    """`frame` moved, and shrunk where it is larger, to lie within `avail`."""
    w = min(frame.width(), avail.width())
    h = min(frame.height(), avail.height())
    x = min(max(frame.x(), avail.left()), avail.left() + avail.width() - w)
    y = min(max(frame.y(), avail.top()), avail.top() + avail.height() - h)
    return QRect(x, y, w, h)


def frame_margins(widget: QWidget) -> QMargins:
    """The window frame around `widget` (its title bar and borders); before the window system
    has said (X11 tells only once the window is mapped), an estimate from the style."""
    handle = widget.windowHandle()
    margins = handle.frameMargins() if handle is not None else QMargins()
    if margins.isNull() and QGuiApplication.platformName() not in FRAMELESS_PLATFORMS:
        style = widget.style()
        border = style.pixelMetric(QStyle.PixelMetric.PM_MdiSubWindowFrameWidth, None, widget) or 4
        title = style.pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight, None, widget) or 30
        margins = QMargins(border, title + border, border, border)
    return margins


def fit_on_screen(widget: QWidget) -> bool:
    """Move (and if need be shrink) the window `widget` so that it and its frame lie within its
    screen's available geometry; True when it had to."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return False
    margins = frame_margins(widget)
    frame = widget.geometry().marginsAdded(margins)
    fitted = fit_rect(frame, screen.availableGeometry())
    if fitted == frame:
        return False
    widget.setGeometry(fitted.marginsRemoved(margins))
    return True


class KeepDialogsOnScreen(QObject):
    """Watches the application: a dialog being shown is fitted on its screen (again a moment
    later, when the window system may have told its real frame)."""

    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() == QEvent.Type.Show and isinstance(obj, QDialog) and obj.isWindow():
            fit_on_screen(obj)
            QTimer.singleShot(0, lambda: _fit_if_shown(obj))
        return False


def _fit_if_shown(widget: QWidget) -> None:
    try:
        if widget.isVisible():
            fit_on_screen(widget)
    except RuntimeError:  # closed and deleted meanwhile
        pass


_keeper: KeepDialogsOnScreen | None = None


def keep_dialogs_on_screen(app: QApplication) -> None:
    """Install the watch on `app` (once)."""
    global _keeper
    if _keeper is None:
        _keeper = KeepDialogsOnScreen(app)
        app.installEventFilter(_keeper)
