"""One app per database: a lock file ``{db_path}.lock`` next to the database.

The lock file holds JSON ``{pid, user, host, app, started, token, boot, proc_start}`` and
is created atomically with ``O_CREAT | O_EXCL``. The holder is identified by its host, its pid
AND the start time of that process (``proc_start``, known on Linux and Windows): a pid the system
has since given to another process is not the holder.

When a lock file already exists, it is judged like this:

* unreadable / not our JSON (garbage, empty) → stale, taken over silently
  (unless it was modified in the last ``WRITE_GRACE`` seconds: another
  process may be writing it right now, so we wait a moment and look again);
* same host, the machine has rebooted since the lock was written (boot time
  differs; known on Windows and Linux) → stale;
* same host, same pid as ours but not held by this process (a leftover
  from an earlier process that had our pid) → stale;
* same host, pid alive and started when the lock says (or the start unknown) → held →
  :class:`LockedError`; pid gone, or alive but started at another time (the pid was reused by
  another process) → stale;
* another host (a database on a shared folder): we cannot see its processes,
  so it is held unless the lock file was not touched for ``stale_after``
  (default 12 hours).  The owner keeps it fresh by calling
  :meth:`DatabaseLock.refresh` periodically (e.g. every 10 minutes from a
  GUI timer); a lock older than that is from a crashed or switched-off PC.

``acquire(force=True)`` takes over any lock: the window's "强制打开" button after the clerk
confirmed the other copy is really closed, and the command line's ``--force-open``.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .errors import UserError, os_error_text

__all__ = ["DatabaseLock", "LockInfo", "LockError", "LockedError", "pid_alive", "process_start",
           "COMMAND_LINE_WAY_OUT"]

log = logging.getLogger(__name__)

APP_NAME = "法治台账"
WRITE_GRACE = 2.0  # seconds a fresh, still-empty lock file is given to be written
_BOOT_TOLERANCE = 120.0  # seconds
_START_TOLERANCE = 2.0  # seconds between two readings of one process's start time

# Tokens of the locks this process holds (tells our own locks from leftovers
# of an earlier process that happened to have the same pid).
_HELD_TOKENS: set[str] = set()


class LockError(UserError):
    """The lock file could not be created (e.g. folder not writable)."""


@dataclass
class LockInfo:
    """Contents of a lock file."""

    pid: int
    user: str
    host: str
    app: str
    started: str
    token: str | None = None
    boot: float | None = None
    proc_start: float | None = None  # when the holding process started (epoch seconds)

    @property
    def started_display(self) -> str:
        try:
            dt = datetime.fromisoformat(self.started)
        except (TypeError, ValueError):
            return "未知时间"
        if dt.tzinfo is not None:
            dt = dt.astimezone()
        return dt.strftime("%Y-%m-%d %H:%M")

    @classmethod
    def from_bytes(cls, data: bytes) -> "LockInfo | None":
        """Parse a lock file; None for anything that is not our lock JSON."""
        try:
            d = json.loads(data.decode("utf-8"))
            if not isinstance(d, dict):
                return None
            pid = d["pid"]
            if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
                return None
            boot = d.get("boot")
            start = d.get("proc_start")
            return cls(
                pid=pid,
                user=str(d.get("user") or "未知用户"),
                host=str(d.get("host") or ""),
                app=str(d.get("app") or ""),
                started=str(d.get("started") or ""),
                token=d.get("token") if isinstance(d.get("token"), str) else None,
                boot=float(boot) if isinstance(boot, (int, float)) else None,
                proc_start=float(start) if isinstance(start, (int, float)) and not isinstance(start, bool)
                else None,
            )
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return None


WINDOW_WAY_OUT = "可以选择“强制打开”"
COMMAND_LINE_WAY_OUT = "可以在命令后加 --force-open 强制打开"


class LockedError(LockError):
    """The database is open in another running copy of the app. The message offers the window's
    way out (强制打开); :meth:`said` gives it with another (the command line's --force-open)."""

    def __init__(self, info: LockInfo, way_out: str = WINDOW_WAY_OUT):
        self.info = info
        super().__init__(
            f"该数据库正由 {info.user}（电脑 {info.host or '未知'}）于 {info.started_display} 打开。"
            "同时打开可能造成数据冲突，请先在那台电脑上关闭程序；"
            f"如果确认那边的程序已经关闭或电脑已死机，{way_out}。"
        )

    def said(self, way_out: str) -> str:
        """The message with another way out (COMMAND_LINE_WAY_OUT)."""
        return LockedError(self.info, way_out).message


# --------------------------------------------------------------------------- system facts


def _user() -> str:
    import getpass  # (here, not at start-up: it and socket cost the window's first page)

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on this system
        return os.environ.get("USERNAME") or os.environ.get("USER") or "未知用户"


def _host() -> str:
    try:
        if hasattr(os, "uname"):  # what gethostname() returns on POSIX, without importing socket
            return os.uname().nodename or "未知"
        import socket

        return socket.gethostname() or "未知"
    except OSError:  # pragma: no cover
        return "未知"


def _boot_time() -> float | None:
    """Epoch seconds of the last boot, or None where unknown."""
    try:
        if sys.platform.startswith("linux"):
            with open("/proc/stat", "rb") as f:
                for line in f:
                    if line.startswith(b"btime "):
                        return float(line.split()[1])
        elif sys.platform.startswith("win"):
            import ctypes

            k32 = ctypes.WinDLL("kernel32")
            k32.GetTickCount64.restype = ctypes.c_ulonglong
            return time.time() - k32.GetTickCount64() / 1000.0
    except Exception:  # noqa: BLE001  # pragma: no cover - best effort
        return None
    return None


def process_start(pid: int) -> float | None:
    """When the process `pid` of this machine started (epoch seconds), or None where unknown (no
    such process, no permission, a system without a way to ask)."""
    if not isinstance(pid, int) or pid <= 0:
        return None
    try:
        if sys.platform.startswith("linux"):
            with open(f"/proc/{pid}/stat", "rb") as f:
                stat = f.read()
            # the name (field 2) is in parentheses and may hold spaces and ")": split after the last
            fields = stat[stat.rindex(b")") + 2:].split()
            ticks = int(fields[19])  # field 22: starttime, in clock ticks after boot
            boot = _boot_time()
            if boot is None:
                return None
            return round(boot + ticks / os.sysconf("SC_CLK_TCK"), 2)
        if sys.platform.startswith("win"):  # pragma: no cover - tested on Windows only
            import ctypes
            from ctypes import wintypes

            k32 = ctypes.WinDLL("kernel32", use_last_error=True)
            k32.OpenProcess.restype = wintypes.HANDLE
            k32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
            k32.GetProcessTimes.argtypes = (wintypes.HANDLE,) + (ctypes.POINTER(wintypes.FILETIME),) * 4
            k32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
            k32.CloseHandle.argtypes = (wintypes.HANDLE,)
            h = k32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
            if not h:
                return None
            try:
                # A process that has ended can still be opened while anyone holds a handle to it
                # (its parent, an antivirus program): it is no longer running, as pid_alive says.
                code = wintypes.DWORD()
                if k32.GetExitCodeProcess(h, ctypes.byref(code)) and code.value != 259:  # STILL_ACTIVE
                    return None
                times = [wintypes.FILETIME() for _ in range(4)]
                if not k32.GetProcessTimes(h, *(ctypes.byref(t) for t in times)):
                    return None
                ft = (times[0].dwHighDateTime << 32) | times[0].dwLowDateTime  # 100 ns since 1601
                return round(ft / 10_000_000 - 11_644_473_600, 2)
            finally:
                k32.CloseHandle(h)
    except (OSError, ValueError, IndexError, AttributeError):
        return None
    return None


def pid_alive(pid: int) -> bool:
    """Is a process with this pid running on this machine?"""
    if not isinstance(pid, int) or pid <= 0:
        return False
    if sys.platform.startswith("win"):  # pragma: no cover - tested on Windows CI only
        import ctypes
        from ctypes import wintypes

        k32 = ctypes.WinDLL("kernel32", use_last_error=True)
        k32.OpenProcess.restype = wintypes.HANDLE
        k32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
        k32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
        k32.CloseHandle.argtypes = (wintypes.HANDLE,)
        PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
        STILL_ACTIVE = 259
        ERROR_ACCESS_DENIED = 5
        h = k32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not h:
            return ctypes.get_last_error() == ERROR_ACCESS_DENIED
        try:
            code = wintypes.DWORD()
            if not k32.GetExitCodeProcess(h, ctypes.byref(code)):
                return True
            return code.value == STILL_ACTIVE
        finally:
            k32.CloseHandle(h)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


# --------------------------------------------------------------------------- the lock


class DatabaseLock:
    """``{db_path}.lock``; use as a context manager or acquire()/release()."""

    def __init__(
        self,
        db_path: str | os.PathLike,
        *,
        app: str = APP_NAME,
        stale_after: timedelta = timedelta(hours=12),
    ):
        self.db_path = Path(db_path)
        self.lock_path = Path(str(self.db_path) + ".lock")
        self.app = app
        self.stale_after = stale_after
        self._token: str | None = None

    # -- public ---------------------------------------------------------------

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._token is not None

    def read(self) -> LockInfo | None:
        """Current lock file contents (None if absent or unreadable)."""
        try:
            return LockInfo.from_bytes(self.lock_path.read_bytes())
        except OSError:
            return None

    def acquire(self, *, force: bool = False) -> None:
        """Take the lock; raise :class:`LockedError` if another live copy holds it.

        Stale locks are taken over silently (see module doc); ``force`` takes
        over any lock.  Raises :class:`LockError` if the lock file cannot be
        written at all.
        """
        if self._token is not None:
            return
        for _attempt in range(20):
            if self._try_create():
                return
            try:
                data = self.lock_path.read_bytes()
                mtime = self.lock_path.stat().st_mtime
            except FileNotFoundError:
                continue  # released meanwhile: try again
            except OSError as exc:
                raise LockError(f"无法读取锁文件 {self.lock_path}（{os_error_text(exc)}）。") from exc
            info = LockInfo.from_bytes(data)
            if info is None and not force and time.time() - mtime < WRITE_GRACE:
                time.sleep(0.1)  # probably being written by another copy right now
                continue
            if info is not None and not force and not self._is_stale(info, mtime):
                raise LockedError(info)
            log.warning("taking over %s lock %s: %r", "forced" if force else "stale", self.lock_path, info)
            self._take_over(data)
        raise LockError(f"无法获得数据库锁 {self.lock_path}，请稍后重试。")

    def release(self) -> None:
        """Remove the lock file if it is still ours (no-op otherwise)."""
        token, self._token = self._token, None
        if token is None:
            return
        _HELD_TOKENS.discard(token)
        info = self.read()
        if info is not None and info.token == token:
            try:
                os.unlink(self.lock_path)
            except FileNotFoundError:
                pass
            except OSError as exc:  # pragma: no cover
                log.warning("could not remove lock %s: %s", self.lock_path, exc)

    def refresh(self) -> bool:
        """Heartbeat: touch the lock file. False if we no longer own it
        (someone force-opened the database)."""
        if self._token is None:
            return False
        info = self.read()
        if info is None or info.token != self._token:
            return False
        try:
            os.utime(self.lock_path)
        except OSError:
            return False
        return True

    def __enter__(self) -> "DatabaseLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    # -- internals ------------------------------------------------------------

    def _try_create(self) -> bool:
        token = os.urandom(16).hex()  # (as uuid4().hex: 128 random bits)
        payload = {
            "pid": os.getpid(),
            "user": _user(),
            "host": _host(),
            "app": self.app,
            "started": datetime.now().astimezone().isoformat(timespec="seconds"),
            "token": token,
            "boot": _boot_time(),
            "proc_start": process_start(os.getpid()),
        }
        flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(self.lock_path, flags, 0o600)  # owner only, like the database
        except FileExistsError:
            return False
        except OSError as exc:
            raise LockError(
                f"无法在 {self.lock_path.parent} 创建锁文件（{os_error_text(exc)}）。请确认该文件夹可写。"
            ) from exc
        try:
            # no fsync: the lock means something only while its process lives, and one that a
            # power cut left empty or torn is taken over as unreadable (above); an fsync here
            # was a disk wait on the window's way to its first page
            os.write(fd, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        except OSError as exc:
            os.close(fd)
            try:
                os.unlink(self.lock_path)
            except OSError:
                pass
            raise LockError(f"无法写入锁文件 {self.lock_path}（{os_error_text(exc)}）。") from exc
        os.close(fd)
        self._token = token
        _HELD_TOKENS.add(token)
        return True

    def _is_stale(self, info: LockInfo, mtime: float) -> bool:
        if info.host.casefold() != _host().casefold():
            return time.time() - mtime > self.stale_after.total_seconds()
        boot = _boot_time()
        if boot is not None and info.boot is not None and abs(boot - info.boot) > _BOOT_TOLERANCE:
            return True  # written before the last reboot
        if info.pid == os.getpid():
            return info.token not in _HELD_TOKENS
        if not pid_alive(info.pid):
            return True
        if info.proc_start is not None:
            now = process_start(info.pid)
            if now is not None and abs(now - info.proc_start) > _START_TOLERANCE:
                log.info("lock %s: pid %d now belongs to a process started at %s, not the holder (%s)",
                         self.lock_path, info.pid, now, info.proc_start)
                return True  # the pid was given to another process since
        return False

    def _take_over(self, judged: bytes) -> None:
        """Move the stale lock file away (only if it still has the bytes we judged)."""
        aside = self.lock_path.with_name(f"{self.lock_path.name}.stale-{os.urandom(4).hex()}")
        try:
            os.rename(self.lock_path, aside)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise LockError(f"无法清除过期的锁文件 {self.lock_path}（{os_error_text(exc)}）。") from exc
        try:
            now_bytes = aside.read_bytes()
        except OSError:
            now_bytes = judged
        if now_bytes != judged:
            # Someone replaced it between our read and the rename: put theirs back.
            try:
                if not self.lock_path.exists():
                    os.rename(aside, self.lock_path)
                    return
            except OSError:  # pragma: no cover
                pass
        try:
            os.unlink(aside)
        except OSError:  # pragma: no cover
            pass
