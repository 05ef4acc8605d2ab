"""What differs between Windows and Linux: the first window's size and title, who else may open
the data (file modes, ACLs), files open in another program, the Chinese code page.

The tests marked ``windows_only`` run with a Windows Python (a PC, or Wine:
tests/windows/check_windows.sh) and are skipped elsewhere; the others run everywhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import set_acl, under_wine

ROOT = Path(__file__).resolve().parents[1]
windows_only = pytest.mark.skipif(sys.platform != "win32", reason="Windows only")
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes")


# -- the first window ---------------------------------------------------------------------------


def test_first_window_with_its_frame_fits_the_screen():
    """1366×768 with a 40 px taskbar: the client area is made smaller so that the title bar and
    borders fit too (it was 1280×800 of client with the title bar above the screen)."""
    from PySide6.QtCore import QMargins, QRect, QSize

    from yaofu_desktop.gui.window_size import FIRST_SIZE, first_geometry

    available = QRect(0, 0, 1366, 728)
    frame = QMargins(8, 31, 8, 8)  # Windows 10: borders and title bar
    client = first_geometry(available, frame)
    whole = client.marginsAdded(frame)
    assert available.contains(whole) and whole.height() == 728 and client.width() == FIRST_SIZE.width()
    big = QRect(0, 0, 1920, 1040)
    client = first_geometry(big, frame)
    assert client.size() == FIRST_SIZE and big.contains(client.marginsAdded(frame))
    assert client.center().x() in (959, 960)  # centred
    assert first_geometry(QRect(1366, 0, 1024, 728), frame, QSize(1280, 800)).left() == 1366 + 8


def test_first_start_window_and_its_title(qapp, demo_store):
    """The window, as the clerk first sees it: inside the screen with its frame, and the app's
    name once in the title (Qt appends an application display name to every title: none is set)."""
    from yaofu_desktop.gui.app import make_app
    from yaofu_desktop.gui.main_window import MainWindow

    app = make_app()
    name = app.applicationName()
    app.setApplicationName("x")
    try:  # the display name follows the application name only while it was never set itself
        assert app.applicationDisplayName() == "x"
    finally:
        app.setApplicationName(name)
    w = MainWindow(demo_store)
    try:
        w.show()
        app.processEvents()
        avail, whole = w.screen().availableGeometry(), w.frameGeometry()
        # (offscreen's screen is 800×800, narrower than the window's minimum width: height only)
        assert avail.top() <= whole.top() and whole.bottom() <= avail.bottom(), (avail, whole)
        assert w.windowTitle().count("法治台账") == 1
    finally:
        w.close()


WINDOW_SCRIPT = r"""
import json, sys, time
sys.path.insert(0, sys.argv[2])  # tests/windows: desktop.py, what Windows says about a window
from desktop import describe
from PySide6.QtGui import QFontInfo
from yaofu_desktop.gui.app import make_app
from yaofu_desktop.gui.main_window import MainWindow
from yaofu_desktop.store import Store

app = make_app(["yaofu"])
store = Store.open(sys.argv[1])
w = MainWindow(store)
w.show()
deadline = time.monotonic() + 60  # until Windows shows the window titled (a loaded PC is slow)
while True:
    app.processEvents()
    seen = describe(int(w.winId()), "")
    if (seen["title"] and seen["frame"][2] > 0) or time.monotonic() > deadline:
        break
    time.sleep(0.05)
for _ in range(30):  # and its first layout done
    app.processEvents()
seen = describe(int(w.winId()), "")
seen.update(platform=app.platformName(), font=QFontInfo(app.font()).family())
print(json.dumps(seen))  # (ASCII: the pipe is in code page 936)
w.close()
store.close()
"""


@windows_only
def test_window_on_the_windows_platform(demo_db, tmp_path):
    """Qt's own Windows platform (not offscreen): the title Windows shows names the app once,
    the whole window (as Windows measures it) is inside the work area, the UI font is found."""
    if under_wine() and not os.environ.get("DISPLAY"):
        pytest.skip("Wine needs an X display for windows (check_windows.sh starts Xvfb)")
    env = dict(os.environ, QT_QPA_PLATFORM="windows")
    r = subprocess.run([sys.executable, "-c", WINDOW_SCRIPT, str(demo_db), str(ROOT / "tests" / "windows")],
                       capture_output=True, env=env, cwd=ROOT, timeout=300)
    out = r.stdout.decode("utf-8", "replace")
    assert r.returncode == 0, out + r.stderr.decode("utf-8", "replace")
    seen = json.loads(out.strip().splitlines()[-1])
    assert seen["platform"] == "windows"
    assert seen["title"].count("法治台账") == 1 and "姚伏镇" in seen["title"], seen
    left, top, right, bottom = seen["frame"]
    wl, wt, wr, wb = seen["work"]
    assert wl <= left and wt <= top and right <= wr and bottom <= wb, seen
    assert seen["font"] in ("Microsoft YaHei UI", "Microsoft YaHei", "Yaofu Hei"), seen


# -- who else may open the data -----------------------------------------------------------------


@posix_only
def test_others_with_access_reads_the_file_modes(tmp_path):
    from yaofu_desktop.access import describe, others_with_access

    d = tmp_path / "数据"
    d.mkdir(mode=0o700)
    d.chmod(0o700)
    assert others_with_access(d) == [] and describe(d) == "仅本用户可以打开"
    d.chmod(0o755)
    assert others_with_access(d) == ["同组用户", "其他用户"]
    assert "其他账户也可以打开" in describe(d)


@windows_only
def test_others_with_access_reads_the_acl(tmp_path):
    """A folder whose ACL lets Everyone read is named so; one for the user alone is private."""
    from yaofu_desktop.access import current_user_sid, describe, others_with_access

    if under_wine():
        pytest.skip("Wine keeps no ACLs: it derives them from the Unix mode (the user's alone reads as Everyone)")
    d = tmp_path / "数据 𠮷"
    d.mkdir()
    me = current_user_sid()
    set_acl(d, f"D:P(A;OICI;FA;;;{me})(A;OICI;FR;;;WD)")
    who = others_with_access(d)
    assert len(who) == 1 and "其他账户也可以打开" in describe(d), who
    set_acl(d, f"D:P(A;OICI;FA;;;{me})")
    assert others_with_access(d) == [] and describe(d) == "仅本用户（及系统管理员）可以打开"
    (d / "法治台账.db").write_bytes(b"")  # a file made inside inherits the folder's rights
    assert others_with_access(d / "法治台账.db") == []


@windows_only
def test_the_users_local_app_data_is_private():
    """What protects the clerk's data on Windows: %LOCALAPPDATA%, inside the user's profile,
    is open to the user, SYSTEM and Administrators only (the data folder inherits it)."""
    from platformdirs import user_data_dir

    from yaofu_desktop.access import others_with_access
    from yaofu_desktop.paths import APP_NAME

    local = Path(os.environ["LOCALAPPDATA"])
    assert Path(user_data_dir(APP_NAME, appauthor=False, roaming=False)) == local / APP_NAME
    if under_wine():
        pytest.skip("Wine keeps no ACLs: it derives them from the Unix mode (0755 here: Everyone)")
    assert others_with_access(local) == []


@windows_only
def test_owner_only_code_leaves_files_deletable(tmp_path, monkeypatch):
    """chmod is POSIX-only in the app: on Windows the database, a backup, an export and the
    log are not made read-only (a read-only backup could not be rotated away)."""
    from yaofu_desktop import applog, backup, fileio
    from yaofu_desktop.demo import create_demo

    calls = []
    monkeypatch.setattr(os, "chmod", lambda *a, **k: calls.append(a))
    db = create_demo(tmp_path / "权限.db")
    made = backup.make_backup(db, tmp_path / "备份", label="权限")
    out = tmp_path / "导出.txt"
    fileio.write_atomically(lambda tmp: Path(tmp).write_text("x"), out)
    with applog.open_private(tmp_path / "yaofu.log") as f:
        f.write("x")
    assert calls == []
    for p in (db, made.path, out, tmp_path / "yaofu.log"):
        assert os.access(p, os.W_OK), p
    made.path.unlink()


# -- files another program holds open (Windows refuses to replace them) ----------------------------


@windows_only
def test_export_over_a_file_open_in_another_program_says_so(tmp_path):
    """As WPS or a PDF reader holds it (open without FILE_SHARE_DELETE): the export is refused
    with the Chinese message, the old file is kept, no temporary file is left."""
    from yaofu_desktop.errors import UserError
    from yaofu_desktop.fileio import write_atomically

    out = tmp_path / "报告.pdf"
    out.write_bytes(b"old")
    with open(out, "rb"):
        with pytest.raises(UserError, match="请关闭后再试"):
            write_atomically(lambda tmp: Path(tmp).write_bytes(b"new"), out)
    assert out.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["报告.pdf"]


@windows_only
def test_restore_over_a_database_open_elsewhere_changes_nothing(demo_db, tmp_path):
    import sqlite3

    from yaofu_desktop.backup import BackupError, make_backup, restore_backup

    made = make_backup(demo_db, tmp_path / "备份", label="测试")
    before = demo_db.read_bytes()
    other = sqlite3.connect(demo_db)  # another program (SQLite opens without FILE_SHARE_DELETE)
    other.execute("SELECT count(*) FROM sqlite_master").fetchone()
    try:
        with pytest.raises(BackupError, match="无法替换数据库文件"):
            restore_backup(made.path, demo_db, keep_dir=tmp_path / "恢复前", label="测试")
    finally:
        other.close()
    assert demo_db.read_bytes() == before


# -- the Chinese code page ------------------------------------------------------------------------


@windows_only
def test_the_ansi_code_page_is_the_one_asked_for():
    """check_windows.sh runs the suite as on a Chinese PC (ANSI code page 936) and says so in
    YAOFU_EXPECT_ANSI_CODE_PAGE; the tests of paths and output above then ran under it."""
    import ctypes
    import locale

    want = os.environ.get("YAOFU_EXPECT_ANSI_CODE_PAGE")
    if not want:
        pytest.skip("no code page asked for (YAOFU_EXPECT_ANSI_CODE_PAGE)")
    assert ctypes.windll.kernel32.GetACP() == int(want)
    assert locale.getencoding() == f"cp{want}"
