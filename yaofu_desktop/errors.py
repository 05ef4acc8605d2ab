"""Errors a clerk may see. Every message is in Chinese and says what to do."""

from __future__ import annotations


def clause(message: str) -> str:
    """A message as a clause inside a longer one ("未恢复：{clause(e.message)}。…"): its closing
    。 ； or ， taken off, so that the sentence it goes into never says 。。"""
    return message.rstrip().rstrip("。；，.;,").rstrip()


class UserError(Exception):
    """An error whose message is meant for the clerk, as it is.

    ``technical``: at most one short line of what a program said (SQLite's words), for a
    technician; shown apart from the message, if at all ("技术信息：…")."""

    def __init__(self, message: str, technical: str = ""):
        super().__init__(message)
        self.message = message
        self.technical = technical

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class NotOurDatabase(UserError):
    """The file is not a database of this app (or is damaged); it was not changed."""


class DatabaseDamaged(UserError):
    """The file is a database of this app but fails its integrity check."""


class NewerSchema(UserError):
    """The database was written by a newer version of the app."""


class ValidationFailed(UserError):
    """One or more field values break the ledger's rules; nothing was written.

    ``errors`` maps field name -> Chinese message naming the field and the rule.
    """

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("；".join(self.errors.values()))


class YearLocked(UserError):
    """The record belongs to a locked year."""


class ReadOnlyDatabase(UserError):
    """The database file (or its folder) cannot be written: it may still be opened read-only."""


# -- what went wrong, said in Chinese ------------------------------------------------------------
#
# An OSError's own text is English ("[Errno 30] Read-only file system: '…'") and a sqlite3 error's
# is too ("database or disk is full"): neither is shown to the clerk. These turn them into a short
# Chinese phrase to put in a message that names the file and says what to do.

# Windows error codes (OSError.winerror), looked at before errno: Windows maps several of them
# to the same errno (a file another program holds is EACCES there, like a missing permission)
_WINERROR_TEXT = {
    2: "找不到该文件",
    3: "找不到该文件夹",
    5: "没有权限（文件可能是只读的，或正被其他程序使用）",
    15: "找不到该磁盘（U盘或移动硬盘是否已插好？）",
    19: "该位置是只读的（磁盘有写保护）",
    21: "磁盘没有准备好（U盘或移动硬盘是否已插好？）",
    23: "读写出错（磁盘可能已损坏）",
    32: "文件正被其他程序占用",
    33: "文件正被其他程序占用",
    39: "磁盘空间不足",
    53: "找不到网络路径（网络是否已连通？）",
    64: "网络连接已断开",
    67: "找不到网络路径（网络是否已连通？）",
    80: "文件已存在",
    112: "磁盘空间不足",
    123: "文件名或路径中有不允许的字符",
    183: "文件已存在",
    206: "文件名或路径太长",
    267: "不是文件夹",
    1117: "读写出错（可能是U盘被拔出或磁盘故障）",
    1224: "文件正被其他程序占用",
}


def _errno_text() -> dict[int, str]:
    import errno

    table = {
        errno.ENOSPC: "磁盘空间不足",
        errno.EROFS: "该位置是只读的（如光盘或写保护的U盘）",
        errno.EACCES: "没有权限",
        errno.EPERM: "没有权限",
        errno.ENOENT: "找不到该文件或文件夹",
        errno.ENOTDIR: "不是文件夹",
        errno.EISDIR: "是文件夹，不是文件",
        errno.EEXIST: "文件已存在",
        errno.EBUSY: "文件正被其他程序占用",
        errno.EIO: "读写出错（可能是U盘被拔出或磁盘故障）",
        errno.ENAMETOOLONG: "文件名或路径太长",
        errno.EINVAL: "文件名或路径无效",
        errno.EMFILE: "同时打开的文件太多",
        errno.ENFILE: "同时打开的文件太多",
        errno.ENXIO: "找不到该设备（U盘或移动硬盘是否已插好？）",
        errno.ENODEV: "找不到该设备（U盘或移动硬盘是否已插好？）",
    }
    for name, text in (("EDQUOT", "磁盘空间不足（已超出配额）"), ("ETXTBSY", "文件正被其他程序占用"),
                       ("ENOTEMPTY", "文件夹不是空的"), ("EXDEV", "不能跨磁盘移动")):
        if hasattr(errno, name):
            table[getattr(errno, name)] = text
    return table


_ERRNO_TEXT = _errno_text()


def os_error_text(exc: BaseException) -> str:
    """An OSError as a short Chinese phrase: 磁盘空间不足, 该位置是只读的, 没有权限, 找不到该文件或
    文件夹, 不是文件夹, 文件正被其他程序占用 … (by winerror, then errno; else its own words)."""
    winerror = getattr(exc, "winerror", None)
    if winerror in _WINERROR_TEXT:
        return _WINERROR_TEXT[winerror]
    code = getattr(exc, "errno", None)
    if code in _ERRNO_TEXT:
        return _ERRNO_TEXT[code]
    words = getattr(exc, "strerror", None) or (str(exc) if exc.args else "")
    return f"读写文件出错：{words}" if words else "读写文件出错"


# SQLite's primary result codes (sqlite3.Error.sqlite_errorcode & 0xFF)
_SQLITE_TEXT = {
    3: "没有权限",  # SQLITE_PERM
    5: "数据库正被其他程序占用",  # SQLITE_BUSY
    6: "数据库正被其他程序占用",  # SQLITE_LOCKED
    7: "内存不足",  # SQLITE_NOMEM
    8: "数据库文件是只读的",  # SQLITE_READONLY
    10: "读写出错（可能是U盘被拔出或磁盘故障）",  # SQLITE_IOERR
    11: "数据库文件已损坏",  # SQLITE_CORRUPT
    13: "磁盘空间不足",  # SQLITE_FULL
    14: "无法打开文件",  # SQLITE_CANTOPEN
    26: "不是数据库文件，或文件头已损坏",  # SQLITE_NOTADB
}
_SQLITE_WORDS = (  # when the code is not known (older Python), by SQLite's message
    ("malformed", "数据库文件已损坏"),
    ("not a database", "不是数据库文件，或文件头已损坏"),
    ("disk is full", "磁盘空间不足"),
    ("readonly", "数据库文件是只读的"),
    ("read-only", "数据库文件是只读的"),
    ("locked", "数据库正被其他程序占用"),
    ("busy", "数据库正被其他程序占用"),
    ("disk i/o", "读写出错（可能是U盘被拔出或磁盘故障）"),
    ("unable to open", "无法打开文件"),
)


def sqlite_error_text(exc: BaseException) -> str:
    """A sqlite3 error as a short Chinese phrase (数据库文件已损坏, 磁盘空间不足 …)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and (code & 0xFF) in _SQLITE_TEXT:
        return _SQLITE_TEXT[code & 0xFF]
    msg = str(exc).lower()
    for words, text in _SQLITE_WORDS:
        if words in msg:
            return text
    return "数据库出错"


def error_text(exc: BaseException) -> str:
    """An OSError or sqlite3 error as a short Chinese phrase; a UserError as its message."""
    import sqlite3

    if isinstance(exc, UserError):
        return exc.message
    if isinstance(exc, sqlite3.Error):
        return sqlite_error_text(exc)
    if isinstance(exc, OSError):
        return os_error_text(exc)
    return "出现意外错误"
