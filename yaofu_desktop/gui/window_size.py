"""The main window's size at its first start: as large as it is meant to be, but the whole window,
title bar and borders included, inside the screen's available area (without the taskbar).

Qt sizes and places a window by its client area; the frame comes around it. Sizing the client to
the available height put the title bar above the screen's top or the status bar below the
taskbar (1288×775 on a 1366×768 screen). The frame is known once the native window exists (in
the first showEvent, before it is mapped): Qt's own figure, and on Windows the one Windows
measures, whichever is larger (Qt's has been seen to leave out the borders).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QMargins, QRect, QSize
from PySide6.QtWidgets import QWidget

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
