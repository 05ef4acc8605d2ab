"""Who else may open the clerk's data: the access rights of the data folder and its files.

On POSIX the app keeps the data folder at 0700 and its files at 0600 (``paths.private_dir``,
``os.chmod``). On Windows ``chmod`` does nothing but toggle the read-only attribute: what protects
the data there is the folder's access control list (ACL). The default data folder,
``%LOCALAPPDATA%\\FazhiTaizhang``, lies inside the user's profile, whose ACL gives access to the
user, SYSTEM and the Administrators group only, and everything made inside inherits it. A folder
chosen elsewhere (``C:\\台账``: every signed-in user may add and change files under ``C:\\``) does
not: :func:`others_with_access` names who else may read or change it (``yaofu check`` prints
it; the log says so when the data folder is open to others). A FAT/exFAT USB drive keeps no
access rights at all: anyone holding the drive reads it.

No Qt here: the core, the command line and the window all use it.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from pathlib import Path

log = logging.getLogger(__name__)

# Accounts that may always reach a user's files on Windows, as in the profile's own ACL.
_TRUSTED_SIDS = {
    "S-1-5-18",  # SYSTEM
    "S-1-5-32-544",  # Administrators
    "S-1-3-0",  # CREATOR OWNER (stands for whoever makes a file: the user)
    "S-1-3-4",  # OWNER RIGHTS
}
# Rights that let another account read or change what is in a folder or file.
_READ_OR_WRITE = (
    0x0001  # FILE_READ_DATA / FILE_LIST_DIRECTORY
    | 0x0002  # FILE_WRITE_DATA / FILE_ADD_FILE
    | 0x0004  # FILE_APPEND_DATA / FILE_ADD_SUBDIRECTORY
    | 0x00040000  # WRITE_DAC
    | 0x00080000  # WRITE_OWNER
    | 0x10000000  # GENERIC_ALL
    | 0x40000000  # GENERIC_WRITE
    | 0x80000000  # GENERIC_READ
)


def others_with_access(path: Path) -> list[str]:
    """Who besides the user (and, on Windows, SYSTEM and Administrators) may read or change
    `path`; [] when nobody else. Raises OSError when the rights cannot be read."""
    if sys.platform == "win32":
        return _win_others(Path(path))
    mode = os.stat(path).st_mode
    who = []
    if mode & stat.S_IRWXG:
        who.append("同组用户")
    if mode & stat.S_IRWXO:
        who.append("其他用户")
    return who


def describe(path: Path) -> str:
    """One line for the clerk or a technician: who may open the folder or file."""
    try:
        who = others_with_access(path)
    except OSError as e:
        return f"无法读取访问权限（{e.strerror or e}）"
    if not who:
        return "仅本用户（及系统管理员）可以打开" if sys.platform == "win32" else "仅本用户可以打开"
    return f"其他账户也可以打开：{'、'.join(who)}"


def log_if_shared(folder: Path) -> None:
    """Note in the log when others may open the data folder (the window does so at start)."""
    try:
        who = others_with_access(folder)
    except OSError as e:
        log.info("access rights of %s not read: %s", folder, e)
        return
    if who:
        log.warning("the data folder %s can also be opened by: %s", folder, ", ".join(who))


# -- Windows: the ACL through advapi32 (ctypes; nothing to install) ---------------------------------

if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    _advapi = ctypes.WinDLL("advapi32", use_last_error=True)
    _kernel = ctypes.WinDLL("kernel32", use_last_error=True)
    _SE_FILE_OBJECT = 1
    _DACL_INFO = 0x4
    _ACCESS_ALLOWED = 0

    class _AceHeader(ctypes.Structure):
        _fields_ = [("type", ctypes.c_ubyte), ("flags", ctypes.c_ubyte), ("size", wintypes.WORD)]

    class _AllowedAce(ctypes.Structure):
        _fields_ = [("header", _AceHeader), ("mask", wintypes.DWORD), ("sid_start", wintypes.DWORD)]

    class _AclSize(ctypes.Structure):
        _fields_ = [("count", wintypes.DWORD), ("used", wintypes.DWORD), ("free", wintypes.DWORD)]

    _P = ctypes.c_void_p
    _advapi.GetNamedSecurityInfoW.argtypes = [wintypes.LPCWSTR, ctypes.c_int, wintypes.DWORD,
                                              ctypes.POINTER(_P), ctypes.POINTER(_P), ctypes.POINTER(_P),
                                              ctypes.POINTER(_P), ctypes.POINTER(_P)]
    _advapi.GetNamedSecurityInfoW.restype = wintypes.DWORD
    _advapi.GetAclInformation.argtypes = [_P, _P, wintypes.DWORD, ctypes.c_int]
    _advapi.GetAce.argtypes = [_P, wintypes.DWORD, ctypes.POINTER(_P)]
    _advapi.ConvertSidToStringSidW.argtypes = [_P, ctypes.POINTER(wintypes.LPWSTR)]
    _advapi.LookupAccountSidW.argtypes = [wintypes.LPCWSTR, _P, wintypes.LPWSTR, ctypes.POINTER(wintypes.DWORD),
                                          wintypes.LPWSTR, ctypes.POINTER(wintypes.DWORD), ctypes.POINTER(ctypes.c_int)]
    _advapi.OpenProcessToken.argtypes = [wintypes.HANDLE, wintypes.DWORD, ctypes.POINTER(wintypes.HANDLE)]
    _advapi.GetTokenInformation.argtypes = [wintypes.HANDLE, ctypes.c_int, _P, wintypes.DWORD,
                                            ctypes.POINTER(wintypes.DWORD)]
    _kernel.GetCurrentProcess.restype = wintypes.HANDLE
    _kernel.CloseHandle.argtypes = [wintypes.HANDLE]
    _kernel.LocalFree.argtypes = [_P]

    def _check(ok, what: str) -> None:
        if not ok:
            err = ctypes.get_last_error()
            raise OSError(0, ctypes.FormatError(err).strip(), what, err)

    def _sid_string(sid) -> str:
        text = wintypes.LPWSTR()
        _check(_advapi.ConvertSidToStringSidW(sid, ctypes.byref(text)), "ConvertSidToStringSidW")
        try:
            return text.value
        finally:
            _kernel.LocalFree(ctypes.cast(text, _P))

    def _account_name(sid) -> str:
        name, domain = ctypes.create_unicode_buffer(256), ctypes.create_unicode_buffer(256)
        n, d, use = wintypes.DWORD(256), wintypes.DWORD(256), ctypes.c_int()
        if _advapi.LookupAccountSidW(None, sid, name, ctypes.byref(n), domain, ctypes.byref(d), ctypes.byref(use)):
            return name.value
        return _sid_string(sid)

    def current_user_sid() -> str:
        """The signed-in user's SID, e.g. S-1-5-21-…-1001."""
        token = wintypes.HANDLE()
        _check(_advapi.OpenProcessToken(_kernel.GetCurrentProcess(), 0x0008, ctypes.byref(token)),  # TOKEN_QUERY
               "OpenProcessToken")
        try:
            size = wintypes.DWORD()
            _advapi.GetTokenInformation(token, 1, None, 0, ctypes.byref(size))  # TokenUser
            buf = ctypes.create_string_buffer(size.value)
            _check(_advapi.GetTokenInformation(token, 1, buf, size, ctypes.byref(size)), "GetTokenInformation")
            return _sid_string(ctypes.cast(buf, ctypes.POINTER(_P))[0])  # TOKEN_USER.User.Sid
        finally:
            _kernel.CloseHandle(token)

    def _win_others(path: Path) -> list[str]:
        dacl, sd = _P(), _P()
        err = _advapi.GetNamedSecurityInfoW(str(path), _SE_FILE_OBJECT, _DACL_INFO,
                                            None, None, ctypes.byref(dacl), None, ctypes.byref(sd))
        if err:
            raise OSError(0, ctypes.FormatError(err).strip(), str(path), err)
        try:
            if not dacl.value:  # no ACL at all (FAT/exFAT, or a NULL DACL): open to everyone
                return ["Everyone（没有访问控制）"]
            mine = {current_user_sid()} | _TRUSTED_SIDS
            size = _AclSize()
            _check(_advapi.GetAclInformation(dacl, ctypes.byref(size), ctypes.sizeof(size), 2), "GetAclInformation")
            who: list[str] = []
            for i in range(size.count):
                ace = _P()
                _check(_advapi.GetAce(dacl, i, ctypes.byref(ace)), "GetAce")
                entry = ctypes.cast(ace, ctypes.POINTER(_AllowedAce)).contents
                if entry.header.type != _ACCESS_ALLOWED or not entry.mask & _READ_OR_WRITE:
                    continue  # a deny entry, or one that grants nothing that matters
                sid = ace.value + _AllowedAce.sid_start.offset
                if _sid_string(sid) not in mine:
                    name = _account_name(sid)
                    if name not in who:
                        who.append(name)
            return who
        finally:
            _kernel.LocalFree(sd)
