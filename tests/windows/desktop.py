"""Look at and close the app's window the way Windows sees them (run with the Windows Python,
in the same desktop as the app: under Wine ``wine explorer /desktop=NAME,WxH python.exe …``).

    python.exe desktop.py hold TEXT SECONDS FOLDER
        waits up to SECONDS for a visible top-level window whose title has TEXT, lets it settle,
        then prints one line per such window:
        WINDOW {"title": …, "frame": [l, t, r, b], "work": [l, t, r, b], "screen": […]}
        (frame: the whole window as Windows measures it; work: its monitor without the taskbar),
        or NO-WINDOW and ends. Found, it stays in the desktop until FOLDER holds a file `close`:
        WM_CLOSE to each such window, as its close button does (CLOSED title; NO-WINDOW if the
        window is gone by then); then ENDED once its program has ended, or, if after 30 s the
        program still shows another window (a question such as “现在退出吗？”), ASKED {titles} and,
        ended by TerminateProcess, TERMINATED (NOT-ENDED after 90 s); then it stays until FOLDER
        holds `end`.
        A program leaving the Wine desktop while the app runs has been seen to end the app with
        an X error (BadWindow in X_QueryPointer), so the one that looks is the one that closes,
        and it leaves only after the app has. (The picture is taken from the X server meanwhile.)

The lines are the result (under Wine's explorer the exit code does not come back). `describe`
is also used by tests/test_platform.py.
"""

from __future__ import annotations

import ctypes
import json
import sys
import time
from ctypes import wintypes
from pathlib import Path

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
    """The window's title (read from Windows unless given), its frame, its monitor's work area."""
    if not title:
        n = user32.GetWindowTextLengthW(wintypes.HWND(hwnd))
        buffer = ctypes.create_unicode_buffer(n + 1)
        user32.GetWindowTextW(wintypes.HWND(hwnd), buffer, n + 1)
        title = buffer.value
    frame = wintypes.RECT()
    user32.GetWindowRect(wintypes.HWND(hwnd), ctypes.byref(frame))
    info = MonitorInfo(cbSize=ctypes.sizeof(MonitorInfo))
    user32.GetMonitorInfoW(user32.MonitorFromWindow(wintypes.HWND(hwnd), MONITOR_DEFAULTTONEAREST), ctypes.byref(info))
    return {"title": title, "frame": rect(frame), "work": rect(info.rcWork), "screen": rect(info.rcMonitor)}


def close(found: list[tuple[int, str]]) -> None:
    for hwnd, title in found:
        user32.PostMessageW(wintypes.HWND(hwnd), WM_CLOSE, 0, 0)
        print(f"CLOSED {title}", flush=True)


def wait_for(path: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.5)


kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
kernel32.OpenProcess.restype = wintypes.HANDLE
SYNCHRONIZE, PROCESS_TERMINATE, WAIT_TIMEOUT = 0x00100000, 0x0001, 0x102


def process_of(hwnd: int) -> int:
    pid = wintypes.DWORD()
    user32.GetWindowThreadProcessId(wintypes.HWND(hwnd), ctypes.byref(pid))
    return pid.value


def running(handle: int) -> bool:
    return kernel32.WaitForSingleObject(wintypes.HANDLE(handle), 0) == WAIT_TIMEOUT


def hold(text: str, folder: Path) -> int:
    wait_for(folder / "close", 900)
    found = windows_titled(text)
    if not found:
        print("NO-WINDOW", flush=True)
        wait_for(folder / "end", 300)
        return 1
    pids = {process_of(hwnd) for hwnd, _title in found}
    handles = [h for h in (kernel32.OpenProcess(SYNCHRONIZE | PROCESS_TERMINATE, False, pid) for pid in pids) if h]
    close(found)
    start, asked = time.monotonic(), False
    while any(running(h) for h in handles) and time.monotonic() - start < 90:
        if not asked and time.monotonic() - start > 30:
            others = [t for w, t in windows_titled("") if process_of(w) in pids]
            if others:
                asked = True
                print("ASKED", json.dumps(others, ensure_ascii=False), flush=True)
                for h in handles:
                    kernel32.TerminateProcess(wintypes.HANDLE(h), 1)
                print("TERMINATED", flush=True)
        time.sleep(0.5)
    if not any(running(h) for h in handles):
        if not asked:
            print("ENDED", flush=True)
    else:
        print("NOT-ENDED", flush=True)
    wait_for(folder / "end", 300)
    return 0


def main() -> int:
    sys.stdout.reconfigure(encoding="utf-8")
    what, text, seconds, folder = sys.argv[1:5]
    if what != "hold":
        raise SystemExit(f"usage: desktop.py hold TEXT SECONDS FOLDER (not {what!r})")
    deadline = time.monotonic() + float(seconds)
    found = windows_titled(text)
    while not found and time.monotonic() < deadline:
        time.sleep(1)
        found = windows_titled(text)
    if found:
        time.sleep(SETTLE_SECONDS)  # the first page painted, the deferred tabs added
        found = windows_titled(text)
    for hwnd, title in found:
        print("WINDOW", json.dumps(describe(hwnd, title), ensure_ascii=False), flush=True)
    if not found:
        print("NO-WINDOW", flush=True)
        return 1
    return hold(text, Path(folder))


if __name__ == "__main__":
    sys.exit(main())
