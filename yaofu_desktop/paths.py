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
    return private_dir(path)


def private_dir(path: Path) -> Path:
    """Make the folder if needed; on POSIX open to its owner only (0700), like the files in it
    (the database, backups, exports, log and settings are 0600)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        try:
            st = path.stat()
            if st.st_mode & 0o077 and st.st_uid == os.getuid():
                os.chmod(path, 0o700)
        except OSError:
            pass
    return path


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def backup_dir() -> Path:
    return private_dir(data_dir() / "备份")


def log_path() -> Path:
    return data_dir() / "yaofu.log"
