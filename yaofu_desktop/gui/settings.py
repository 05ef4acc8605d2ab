"""The window's remembered state (geometry, last tab, year, database, recent files).

Normally ``QSettings("FazhiTaizhang", "法治台账")`` (the registry on Windows). When
``YAOFU_DATA_DIR`` is set (tests, a portable copy on a USB stick) the settings are an INI file in
that folder instead, so that tests never touch the clerk's own settings.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

ORGANIZATION = "FazhiTaizhang"
APPLICATION = "法治台账"
MAX_RECENT = 8


def app_settings() -> QSettings:
    if os.environ.get("YAOFU_DATA_DIR"):
        from ..paths import data_dir

        return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def recent_files(settings: QSettings | None = None) -> list[str]:
    s = settings or app_settings()
    value = s.value("recent_files", [])
    if isinstance(value, str):  # QSettings gives a bare string for a one-item list
        value = [value]
    return [str(v) for v in (value or []) if v]


def add_recent_file(path: Path, settings: QSettings | None = None, *, only_if_new: bool = False) -> list[str]:
    """Put `path` first in the recent files (and remember it as the last database). With
    `only_if_new`, nothing is written when it is first already (returns [] then)."""
    s = settings or app_settings()
    p = str(Path(path).resolve())
    current = recent_files(s)
    if only_if_new and current[:1] == [p] and s.value("last_db") == p:
        return []
    items = [p] + [x for x in current if x != p]
    items = items[:MAX_RECENT]
    s.setValue("recent_files", items)
    s.setValue("last_db", p)
    return items


def int_value(settings: QSettings, key: str, default: int | None = None) -> int | None:
    v = settings.value(key)
    try:
        return int(v) if v not in (None, "") else default
    except (TypeError, ValueError):
        return default
