"""The window's remembered state (geometry, last tab, year, database, recent files): every key
the window keeps is named here.

Normally ``QSettings("FazhiTaizhang", "法治台账")`` (the registry on Windows). When
``YAOFU_DATA_DIR`` is set (tests, a portable copy on a USB stick) the settings are an INI file in
that folder instead, so that tests never touch the clerk's own settings.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import cast

from PySide6.QtCore import QMargins, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

ORGANIZATION = "FazhiTaizhang"
APPLICATION = "法治台账"
MAX_RECENT = 8

GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"  # the tool bar
TAB_KEY = "window/tab"  # the tab the window was closed on
LAST_DB_KEY = "last_db"


def app_settings() -> QSettings:
    if os.environ.get("YAOFU_DATA_DIR"):
        from ..paths import data_dir

        s = QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)
    else:
        s = QSettings(ORGANIZATION, APPLICATION)
    _owner_only(s)
    return s


def _owner_only(s: QSettings) -> None:
    """The settings file (it names the databases and folders used) readable by its owner only on
    POSIX: made empty with 0600 before Qt first writes it (Qt keeps an existing file's mode)."""
    if os.name != "posix" or s.format() not in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        return
    path = Path(s.fileName())
    if not path.is_absolute():
        return
    try:
        if not path.exists() and sys.platform != "darwin":  # (a .plist is not ours to start)
            from ..paths import private_dir

            private_dir(path.parent)
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        elif path.exists() and path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError:
        pass


def recent_files(settings: QSettings | None = None) -> list[str]:
    s = settings or app_settings()
    value = s.value("recent_files", [])
    if isinstance(value, str):  # QSettings gives a bare string for a one-item list
        value = [value]
    return [str(v) for v in cast(list[object], value or []) if v]


def add_recent_file(path: Path, settings: QSettings | None = None, *, only_if_new: bool = False) -> list[str]:
    """Put `path` first in the recent files (and remember it as the last database). With
    `only_if_new`, nothing is written when it is first already (returns [] then)."""
    s = settings or app_settings()
    p = str(Path(path).resolve())
    current = recent_files(s)
    if only_if_new and current[:1] == [p] and s.value(LAST_DB_KEY) == p:
        return []
    items = [p] + [x for x in current if x != p]
    items = items[:MAX_RECENT]
    s.setValue("recent_files", items)
    s.setValue(LAST_DB_KEY, p)
    return items


def int_value(settings: QSettings, key: str, default: int | None = None) -> int | None:
    v = settings.value(key)
    try:
        return int(v) if v not in (None, "") else default
    except (TypeError, ValueError):
        return default


def year_key(db_path: Path) -> str:
    """The year last shown, kept per database file."""
    import zlib

    return f"year/{zlib.crc32(str(Path(db_path).resolve()).encode('utf-8')):08x}"


def ledger_key(area: str) -> str:
    """The ledger last shown in a work area's tab."""
    return f"window/ledger/{area}"


def restore_window(window: QMainWindow, settings: QSettings) -> bool:
    """The window's size, place and tool bar as they were; True when they were known (else it
    is fitted to the screen, as on the first start: again with its frame once that is known,
    see window_size.fit_to_screen)."""
    geo = settings.value(GEOMETRY_KEY)
    if geo is not None:
        window.restoreGeometry(geo)
    else:
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            from .window_size import first_geometry

            window.setGeometry(first_geometry(screen.availableGeometry(), QMargins()))
    state = settings.value(STATE_KEY)
    if state is not None:
        window.restoreState(state)
    return geo is not None


def save_window(window: QMainWindow, settings: QSettings, *, tab: str | None, db_path: Path, year: int) -> None:
    """What the window comes back to: its size, place and tool bar, the tab shown, the year shown
    (for this database) and the database itself."""
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())
    settings.setValue(STATE_KEY, window.saveState())
    if tab is not None:
        settings.setValue(TAB_KEY, tab)
    settings.setValue(year_key(db_path), year)
    settings.setValue(LAST_DB_KEY, str(Path(db_path).resolve()))
    settings.sync()
