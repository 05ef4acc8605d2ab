"""Can the window start on this Linux desktop? Asked before Qt is, because Qt cannot say it well.

Qt's ``xcb`` platform plugin (the X11 desktop, also XWayland) needs system libraries that a bare
Debian or Ubuntu desktop may lack (``libxcb-cursor0`` first of all). Without one, Qt prints an
English message about "the Qt platform plugin" and aborts the process. This module looks for the
libraries first and, when one is missing, gives the clerk the Debian/Ubuntu package to install::

    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)   # 缺少图形界面所需的系统库…sudo apt install libxcb-cursor0

Nothing here imports Qt; on Windows and macOS, and on platforms other than xcb (offscreen, wayland,
vnc…), there is nothing to check.
"""

from __future__ import annotations

import os
import re
import sys

# What Qt 6's xcb platform plugin (libqxcb.so, libQt6XcbQpa.so.6) loads from the system, with the
# Debian/Ubuntu package that holds each (the same names on Debian 12 and Ubuntu 22.04/24.04).
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def _loadable(soname: str) -> bool:
    import ctypes  # (here: on Windows, or with another platform than xcb, start-up needs neither)

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def x_server_answers(display: str) -> bool:
    """Whether the X server of a local DISPLAY (":0", "unix:1.0") takes a connection; a remote
    one ("host:10", ssh's forwarding) is taken on trust."""
    import socket

    m = re.fullmatch(r"(?:unix)?:(\d+)(?:\.\d+)?", display.strip())
    if not m:
        return True
    path = f"/tmp/.X11-unix/X{m.group(1)}"
    for address in ("\0" + path, path):  # the abstract socket first, as Xlib does
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(2)
            try:
                s.connect(address)
                return True
            except OSError:
                continue
    return False


def uses_xcb(environ: os._Environ | dict[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether Qt will start its xcb plugin: on Linux, unless told another platform (or a
    Wayland session, where Qt 6 tries wayland first)."""
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    return env.get("XDG_SESSION_TYPE", "") != "wayland" or not env.get("WAYLAND_DISPLAY")


def missing_libraries(loadable=_loadable) -> list[str]:
    """The xcb plugin's system libraries that cannot be loaded, by soname."""
    return [name for name in XCB_LIBRARIES if not loadable(name)]


def display_problem(
    environ=None, platform: str | None = None, loadable=_loadable, answers=x_server_answers
) -> str | None:
    """What keeps the window from starting, in Chinese with what to do; None when nothing does."""
    env = os.environ if environ is None else environ
    if not uses_xcb(env, platform):
        return None
    missing = missing_libraries(loadable)
    if missing:
        packages = " ".join(dict.fromkeys(XCB_LIBRARIES[name] for name in missing))
        return (
            "无法打开窗口：缺少图形界面所需的系统库（" + "、".join(missing) + "）。\n"
            "请先安装（Debian / Ubuntu）：\n"
            f"    sudo apt install {packages}\n"
            "安装后再启动本软件。命令行功能（demo、figures、report、backup 等）不需要这些库，可以照常使用。"
        )
    display = env.get("DISPLAY", "")
    if not display or not answers(display):
        return (
            "无法打开窗口：没有找到图形桌面（"
            + (f"DISPLAY={display} 没有响应" if display else "未设置 DISPLAY")
            + "）。\n请在图形桌面中启动本软件；通过远程终端登录时，命令行功能"
            "（demo、figures、report、backup 等）可以照常使用。"
        )
    return None
