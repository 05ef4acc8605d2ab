"""Start the window: ``python main.py [--db FILE]`` ends up in :func:`run`.

Start-up does only what the first screen needs: Qt, the Chinese translation, the UI font, the
database and the first tab's first ledger; everything else (other tabs, the overview, the report,
printing, Excel) is made or imported when first used.

Failures never show a traceback: an uncaught exception is logged to ``paths.log_path()`` and the
clerk sees a short Chinese message. A file that is not ours, is damaged or is newer is refused
with its message (the file is not touched), and the clerk may choose another one.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from pathlib import Path
from typing import cast

_T0 = time.perf_counter()

from PySide6.QtWidgets import QApplication  # noqa: E402

from ..errors import UserError  # noqa: E402
from . import dialogs  # noqa: E402

log = logging.getLogger("yaofu.gui")

EXIT_AFTER_FIRST_PAINT = "YAOFU_EXIT_AFTER_FIRST_PAINT"


# -- errors nobody caught ---------------------------------------------------------------------------


def _log_file() -> Path | None:
    """Log to paths.log_path() (see applog). None if it cannot."""
    from ..applog import log_file, setup_logging

    setup_logging()
    return log_file()


def excepthook(exc_type, exc, tb) -> None:
    """Log the traceback; show the clerk one short Chinese message (never the traceback)."""
    if issubclass(exc_type, KeyboardInterrupt):
        QApplication.quit()
        return
    where = _log_file()
    logging.getLogger("yaofu").error("uncaught error\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
    if QApplication.instance() is None:
        return
    text = dialogs.describe_error(exc)
    if not isinstance(exc, UserError):
        text += "\n\n" + (dialogs.tr("详细信息已记录在：{0}").format(where) if where else "")
        text += dialogs.tr("\n如问题反复出现，请把这个文件发给技术支持人员。")
    try:
        dialogs.error(QApplication.activeWindow(), dialogs.tr("出错了"), text.strip())
    except Exception:  # noqa: BLE001 - a failing message box must not loop
        pass


# -- the application ---------------------------------------------------------------------------------


def _font_folder_for_qt() -> None:
    """Qt's offscreen platform on Windows (the self-test, the tests) takes its fonts from one
    folder, by default PySide6's lib\\fonts, which PySide6 does not ship: it finds no font at all
    and warns "Cannot find font directory", naming the path in the ANSI code page (garbled when
    it has Chinese in it). Give it the bundled fonts. The windows platform ignores the variable."""
    if sys.platform == "win32" and not os.environ.get("QT_QPA_FONTDIR"):
        from ..resources import resource_path

        fonts = resource_path("fonts")
        if fonts.is_dir():
            os.environ["QT_QPA_FONTDIR"] = str(fonts)


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication with Chinese, the UI font and the error hook (once per process)."""
    app = cast(QApplication | None, QApplication.instance())
    if app is None:
        _font_folder_for_qt()
        app = QApplication(argv if argv is not None else sys.argv[:1])
    # No applicationDisplayName: Qt would append it to every window title ("法治台账 — 姚伏镇 …
    # - 法治台账" on Windows), and the main window's title starts with the name already.
    app.setApplicationName("法治台账")
    app.setOrganizationName("FazhiTaizhang")
    from .i18n import install_fonts, install_translations
    from .window_size import keep_dialogs_on_screen

    install_translations(app)
    install_fonts(app)
    keep_dialogs_on_screen(app)  # no title bar off the screen at 1024×768
    from PySide6.QtGui import QIcon

    from ..resources import resource_path

    icon = resource_path("icons", "app.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    sys.excepthook = excepthook
    return app


def _remembered_db() -> Path | None:
    from .settings import LAST_DB_KEY, app_settings

    last = app_settings().value(LAST_DB_KEY)
    if last and Path(str(last)).exists():
        return Path(str(last))
    return None


def open_store(db: Path | None, parent=None, *, exit_after_first_paint: bool = False):
    """The database to start on: FILE, else the last one used, else the default one (made on
    the first start with the profile dialog). None when the clerk gave up (or, with
    `exit_after_first_paint`, once the first start's dialog has shown itself)."""
    from ..errors import DatabaseDamaged
    from ..paths import default_db_path
    from .opening import open_locked, recover_damaged

    path = Path(db) if db else (_remembered_db() or default_db_path())
    while True:
        if not path.exists() and db is None and path == default_db_path():
            from .main_window import FirstPaint
            from .profile_dialog import ProfileDialog

            dlg = ProfileDialog(create_at=path, parent=parent)
            if exit_after_first_paint:
                dlg.installEventFilter(
                    FirstPaint(dlg, lambda: _report_first_paint("乡镇概况（首次启动）", dlg.abandon)))
            if dlg.exec() != dlg.DialogCode.Accepted:
                return None
            return dlg.store
        try:
            return open_locked(path, parent)  # the lock first (one app per database), then Store.open
        except Exception as e:  # UserError, sqlite or OS errors
            if not isinstance(e, UserError):
                log.exception("open %s", path)
            if isinstance(e, DatabaseDamaged):  # offer the newest good backup; the file stays as it is
                outcome = recover_damaged(path, e, parent)
                if outcome != "other":
                    return outcome
                choice: int | None = 0
            else:
                choice = dialogs.choose(
                    parent, dialogs.tr("无法打开数据库"),
                    dialogs.describe_error(e) + dialogs.tr("\n\n要打开另一个数据库文件吗？"),
                    [dialogs.tr("打开其他文件…"), dialogs.tr("使用默认数据库"), dialogs.tr("退出")],
                )
            if choice == 0:
                picked = dialogs.open_file(parent, dialogs.tr("打开数据库"), str(path.parent))
                if not picked:
                    continue
                path, db = Path(picked), Path(picked)
            elif choice == 1 and path != default_db_path():
                path, db = default_db_path(), None
            else:
                return None


def _report_first_paint(what: str, then) -> None:
    """--exit-after-first-paint: say what was shown and how long it took, then close."""
    print(f"first paint {time.perf_counter() - _T0:.3f}s: {what}", flush=True)
    then()


def run(db: Path | None = None, *, exit_after_first_paint: bool = False) -> int:
    """The window on `db` (see open_store). `exit_after_first_paint` (or the environment variable
    YAOFU_EXIT_AFTER_FIRST_PAINT, the benchmarks' hook) closes it once its first page has
    painted, after printing the time: a check that the window starts at all."""
    exit_after_first_paint = exit_after_first_paint or bool(os.environ.get(EXIT_AFTER_FIRST_PAINT))
    app = make_app()
    where = _log_file()
    if where is not None:
        from ..access import log_if_shared

        log_if_shared(where.parent)  # the data folder: on Windows its ACL is what protects the data
    store = open_store(db, exit_after_first_paint=exit_after_first_paint)
    if store is None:
        return 0
    from .main_window import FirstPaint, MainWindow
    from .settings import add_recent_file, recent_files
    from .window_size import pause_keeping_dialogs_on_screen

    pause_keeping_dialogs_on_screen(app)  # until the window has painted: it shows no dialog before
    window = MainWindow(store)  # (it does what start-up need not wait for once it has painted)
    if add_recent_file(store.path, window.settings, only_if_new=True):
        window.menus.fill_recent(recent_files(window.settings))
    if exit_after_first_paint:  # the first page, then quit
        # installed after the window's own, so called first: the time is taken before the
        # window's deferred work runs
        target = window.first_page_widget()
        target.installEventFilter(FirstPaint(target, lambda: _report_first_paint(window.windowTitle(),
                                                                                  QApplication.quit)))
    window.show()
    try:
        return app.exec()
    finally:
        from PySide6.QtCore import QThreadPool

        # work still running off the window's thread (a backup, the look for the newest one)
        # ends before the files it uses are closed and Python goes away under it
        QThreadPool.globalInstance().waitForDone(60000)
        try:
            store_now = window.store
            store_now.close()
        except Exception:  # noqa: BLE001
            pass
        try:
            window.file_lock.release()  # the database's lock, after the store was closed
        except Exception:
            log.exception("releasing the lock")
