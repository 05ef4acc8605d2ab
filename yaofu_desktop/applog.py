"""The log: ``yaofu.log`` in the data folder, for the technician; never the clerk's terminal.

    setup_logging()   # first thing in cli.main() and the window's start-up

What the modules log (a stale lock taken over, a file that could not be removed, SQLite's own
words about a damaged page) is English and technical. Without a handler Python's last-resort
handler would print warnings to stderr, among the clerk's Chinese messages; with this one they go
to the file. The file is opened at the first record, so a start-up that logs nothing opens
nothing; it follows the data folder when that changes (YAOFU_DATA_DIR, in tests), and is
readable by its owner only (POSIX), like the database.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import TextIO, cast

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def open_private(path: Path, mode: str = "a") -> TextIO:
    """Open a text file for appending/writing, created readable by its owner only (POSIX);
    an existing one is made so too."""
    f = cast(TextIO, open(path, mode, encoding="utf-8", opener=lambda p, flags: os.open(p, flags, 0o600)))
    if os.name == "posix":
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass
    return f


class LazyFileHandler(logging.Handler):
    """Appends to paths.log_path(), opened when the first record comes."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.setFormatter(logging.Formatter(FORMAT))
        self.path: Path | None = None
        self._stream: TextIO | None = None
        self._open_lock = threading.Lock()

    def _target(self) -> Path:
        from .paths import log_path

        return log_path()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
            with self._open_lock:
                path = self._target()
                if self._stream is None or path != self.path:
                    self._close_stream()
                    self._stream = open_private(path)
                    self.path = path
                self._stream.write(text + "\n")
                self._stream.flush()
        except Exception:  # noqa: BLE001 - logging must never stop the app, nor print
            pass

    def _close_stream(self) -> None:
        if self._stream is not None:
            try:
                self._stream.close()
            except OSError:
                pass
            self._stream = None

    def close_file(self) -> None:
        """Close the log file now (the next record opens it again): on Windows an open file
        cannot be deleted, nor the folder holding it."""
        with self._open_lock:
            self._close_stream()
            self.path = None

    def close(self) -> None:
        self.close_file()
        super().close()


_handler: LazyFileHandler | None = None


def setup_logging() -> LazyFileHandler:
    """Route every log record (INFO and above) to the log file, once per process."""
    global _handler
    root = logging.getLogger()
    if _handler is None:
        _handler = LazyFileHandler()
    if _handler not in root.handlers:
        root.addHandler(_handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    return _handler


def close_log_file() -> None:
    """Close the log file if it is open (see LazyFileHandler.close_file)."""
    if _handler is not None:
        _handler.close_file()


def log_file() -> Path | None:
    """Where the log is written (None if the data folder cannot be made)."""
    try:
        from .paths import log_path

        return log_path()
    except OSError:
        return None
