"""Where the clerk's data lives: the default database, backups and the log."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "FazhiTaizhang"
DB_FILENAME = "法治台账.db"


def data_dir() -> Path:
    """The user's data folder (Windows: %LOCALAPPDATA%\\FazhiTaizhang); YAOFU_DATA_DIR overrides."""
    override = os.environ.get("YAOFU_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def backup_dir() -> Path:
    path = data_dir() / "备份"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_path() -> Path:
    return data_dir() / "yaofu.log"
