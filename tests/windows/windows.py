"""Look at and close the app's windows the way Windows sees them (run with the Windows Python,
in the same desktop as the app: under Wine ``wine explorer /desktop=NAME,WxH python.exe …``).

    python.exe windows.py look TEXT SECONDS [SHOT.png]
        waits up to SECONDS for a visible top-level window whose title has TEXT, lets it settle,
        saves a picture of the screen to SHOT.png (Qt), then prints one line per such window:
        WINDOW {"title": …, "frame": [l, t, r, b], "work": [l, t, r, b], "screen": […]}
        (frame: the whole window as Windows measures it; work: its monitor without the taskbar)
        and SHOT colours=N; or NO-WINDOW.
    python.exe windows.py close TEXT
        WM_CLOSE to each such window (as its close button does): CLOSED title, or NO-WINDOW.

The lines are the result (under Wine's explorer the exit code does not come back).
"""

from __future__ import annotations

import ctypes
import json
import sys
import time
from ctypes import wintypes

user32 = ctypes.WinDLL("user32", use_last_error=True)
WM_CLOSE = 0x0010
MONITOR_DEFAULTTONEAREST = 2
SETTLE_SECONDS = 6


class MonitorInfo(ctypes.Structure):
    _fields_ = [("cbSize", wintypes.DWORD), ("rcMonitor", wintypes.RECT), ("rcWork", wintypes.RECT),
                ("dwFlags", wintypes.DWORD)]


def windows_titled(text: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    @ctypes.WINFUNCTYPE(wintypes.BOOL, wintypes.HWND, wintypes.LPARAM)
    def visit(hwnd, _lparam):
        n = user32.GetWindowTextLengthW(hwnd)
        title = ctypes.create_unicode_buffer(n + 1)
        user32.GetWindowTextW(hwnd, title, n + 1)
        if text in title.value and user32.IsWindowVisible(hwnd):
            found.append((hwnd, title.value))
        return True

    user32.EnumWindows(visit, 0)
    return found


def rect(r: wintypes.RECT) -> list[int]:
    return [r.left, r.top, r.right, r.bottom]


def describe(hwnd: int, title: str) -> dict:
    frame = wintypes.RECT()
    user32.GetWindowRect(wintypes.HWND(hwnd), ctypes.byref(frame))
    info = MonitorInfo(cbSize=ctypes.sizeof(MonitorInfo))
    user32.GetMonitorInfoW(user32.MonitorFromWindow(wintypes.HWND(hwnd), MONITOR_DEFAULTTONEAREST), ctypes.byref(info))
    return {"title": title, "frame": rect(frame), "work": rect(info.rcWork), "screen": rect(info.rcMonitor)}


def screenshot(path: str) -> int:
    """The whole screen into a PNG; returns how many colours it has (a blank one has one)."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["windows.py"])
    image = app.primaryScreen().grabWindow(0).toImage()
    image.save(path)
    step = 4
    return len({image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)})


def main() -> int:
    sys.stdout.reconfigure(encoding="utf-8")
    what, text = sys.argv[1], sys.argv[2]
    found = windows_titled(text)
    if what == "look":
        deadline = time.monotonic() + float(sys.argv[3])
        while not found and time.monotonic() < deadline:
            time.sleep(1)
            found = windows_titled(text)
        if found:
            time.sleep(SETTLE_SECONDS)  # the first page painted, the deferred tabs added
            found = windows_titled(text)
            if len(sys.argv) > 4:
                print(f"SHOT colours={screenshot(sys.argv[4])}", flush=True)
        for hwnd, title in found:
            print("WINDOW", json.dumps(describe(hwnd, title), ensure_ascii=False), flush=True)
    elif what == "close":
        for hwnd, title in found:
            user32.PostMessageW(wintypes.HWND(hwnd), WM_CLOSE, 0, 0)
            print(f"CLOSED {title}", flush=True)
    if not found:
        print("NO-WINDOW", flush=True)
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main())
