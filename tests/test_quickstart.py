"""The README's Quick start and what a newcomer's first start meets: the commands are where
`.ci/run` finds them, the window can be checked with --exit-after-first-paint, and a Linux desktop
without Qt's system libraries gets told in Chinese which packages to install."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from yaofu_desktop.gui.display_check import XCB_LIBRARIES, display_problem, uses_xcb

ROOT = Path(__file__).resolve().parents[1]
# Qt's xcb platform and the X server it needs are Linux's (on Windows Qt would wait in a message
# box saying it has no xcb plugin); the window is checked on Windows by tests/test_platform.py.
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X servers and Qt's xcb are Linux's")


def quickstart(name: str) -> str:
    """The fenced block after <!-- quickstart:NAME --> in the README (what .ci/run runs)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(rf"<!-- quickstart:{name} -->\n```\n(.*?)\n```", text, re.S)
    assert m, f"README has no quick start block {name}"
    return m.group(1)


def test_readme_has_one_command_to_run_and_one_to_test_per_system():
    for system, python, venv_python in (
        ("linux", "python3", ".venv/bin/python"),
        ("windows", "py", r".venv\Scripts\python"),
    ):
        run, test = quickstart(f"{system}-run"), quickstart(f"{system}-test")
        for command in (run, test):
            assert "\n" not in command  # one command, one line
            assert f"{python} -m venv .venv" in command  # makes its own virtual environment
            assert "pip install" in command and f"{venv_python} -m pip install" in command
            assert not re.search(r"(^|&& )pip install", command)  # never pip into the system Python
        assert run.endswith(f"{venv_python} main.py")
        assert test.endswith(f"{venv_python} -m pytest") and '".[test]"' in test


def test_the_debian_command_installs_every_library_the_window_misses_on_a_bare_desktop():
    run = quickstart("linux-run")
    packages = set(run.split("&&")[0].split())
    # what a bare Debian 12 / Ubuntu 24.04 desktop lacks of the xcb plugin's libraries
    for soname in ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1",
                   "libxcb-image.so.0", "libxcb-render-util.so.0", "libxkbcommon-x11.so.0"):
        assert XCB_LIBRARIES[soname] in packages
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(package in readme for package in XCB_LIBRARIES.values())  # all named in the README


def test_a_missing_library_is_named_with_its_package_in_chinese():
    env = {"DISPLAY": ":0"}
    up = lambda display: True  # noqa: E731 - an X server that answers
    problem = display_problem(env, "linux", loadable=lambda name: name != "libxcb-cursor.so.0", answers=up)
    assert "libxcb-cursor.so.0" in problem and "sudo apt install libxcb-cursor0" in problem
    assert "缺少图形界面所需的系统库" in problem
    assert display_problem(env, "linux", loadable=lambda name: True, answers=up) is None
    assert "未设置 DISPLAY" in display_problem({}, "linux", loadable=lambda name: True)
    down = display_problem(env, "linux", loadable=lambda name: True, answers=lambda display: False)
    assert "DISPLAY=:0 没有响应" in down


@linux_only
def test_a_local_x_server_that_is_not_there_does_not_answer(tmp_path):
    from yaofu_desktop.gui.display_check import x_server_answers

    assert not x_server_answers(":973")  # nobody listens on /tmp/.X11-unix/X973
    assert x_server_answers("remotehost:10.0")  # taken on trust


def test_only_the_xcb_platform_is_checked():
    assert uses_xcb({}, "linux") and uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not uses_xcb({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not uses_xcb({}, "win32") and not uses_xcb({}, "darwin")
    never = lambda name: False  # noqa: E731
    assert display_problem({}, "win32", loadable=never) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", loadable=never) is None


def _window(*args, data: Path, platform: str = "offscreen", display: str | None = None):
    env = {**os.environ, "YAOFU_DATA_DIR": str(data), "QT_QPA_PLATFORM": platform}
    if display is not None:
        env["DISPLAY"] = display
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
    )


def test_exit_after_first_paint_on_the_first_start_and_on_the_default_database(tmp_path):
    r = _window("--exit-after-first-paint", data=tmp_path)
    assert r.returncode == 0, r.stderr
    assert re.search(r"^first paint \d+\.\d+s: 乡镇概况（首次启动）$", r.stdout, re.M)
    assert not (tmp_path / "法治台账.db").exists()  # the dialog was closed, nothing was made

    demo = subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", "--db",
                           str(tmp_path / "法治台账.db")], capture_output=True)
    assert demo.returncode == 0
    r = _window("--exit-after-first-paint", data=tmp_path)
    assert r.returncode == 0, r.stderr
    assert re.search(r"^first paint \d+\.\d+s: 法治台账", r.stdout, re.M)


@linux_only
def test_the_window_command_says_which_packages_are_missing_instead_of_aborting(tmp_path):
    from yaofu_desktop.gui.display_check import missing_libraries

    missing = missing_libraries()
    r = _window("--exit-after-first-paint", data=tmp_path, platform="xcb", display=":97")
    if missing:  # this machine really lacks some: the clerk's message, not Qt's abort
        assert r.returncode == 2
        assert "sudo apt install" in r.stderr and XCB_LIBRARIES[missing[0]] in r.stderr
        assert "Qt platform plugin" not in r.stderr and "Aborted" not in r.stderr
    else:  # all there, but no X server at :97: still the clerk's message, not Qt's abort
        assert r.returncode == 2 and "DISPLAY=:97 没有响应" in r.stderr
