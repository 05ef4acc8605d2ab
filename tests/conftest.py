"""Shared fixtures. Qt runs offscreen; the data folder is a temporary one, never the user's."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _data_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("YAOFU_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))
    monkeypatch.setenv("YAOFU_CACHE_DIR", str(tmp_path_factory.mktemp("usercache")))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo database, made once per test run; copy it before changing it."""
    from yaofu_desktop.demo import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    create_demo(path)
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path) -> Path:
    path = tmp_path / "demo.db"
    copy_database(demo_template, path)
    return path


def copy_database(src: Path, dst: Path) -> Path:
    """A database file and its 佐证材料 folder copied, as README says to copy one."""
    from yaofu_desktop.blobs import folder_for

    shutil.copyfile(src, dst)
    if folder_for(src).is_dir():
        shutil.copytree(folder_for(src), folder_for(dst), dirs_exist_ok=True)
    return dst


@pytest.fixture
def demo_store(demo_db):
    from yaofu_desktop.store import Store

    store = Store.open(demo_db)
    yield store
    store.close()


@pytest.fixture
def empty_store(tmp_path):
    from yaofu_desktop.store import Store

    store = Store.open(
        tmp_path / "new.db",
        create=True,
        profile={"township": "测试镇", "government": "测试县测试镇人民政府", "report_year": 2025,
                 "villages": ["一村", "二村"]},
    )
    yield store
    store.close()


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def noise(n: int, seed: int = 0) -> bytes:
    """n bytes of damage, the same on every run (a failure can be replayed)."""
    return random.Random(seed).randbytes(n)


def corrupt_pages(data: bytes, seed: int = 0) -> bytes:
    """Page headers of pages 4..40 overwritten with noise (what a bad disk does)."""
    data = bytearray(data)
    page = int.from_bytes(data[16:18], "big")
    for n, i in enumerate(range(3 * page, min(len(data), 40 * page), page)):
        data[i + 8 : i + 200] = noise(192, seed * 1000 + n)
    return bytes(data)


def corrupt_table(path: Path, table: str = "mediations") -> None:
    """Damage the pages of one ledger table only (its root page and the two after it, past their
    headers): integrity_check then names them, while the profile (乡镇概况) can still be read."""
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
        (page,) = conn.execute("PRAGMA page_size").fetchone()
    finally:
        conn.close()
    data = bytearray(Path(path).read_bytes())
    for p in range(root, root + 3):
        off = (p - 1) * page + 200
        data[off : off + 400] = b"\xff" * 400
    Path(path).write_bytes(bytes(data))


# -- Windows: access rights (ACLs), and Wine -----------------------------------------------------


def under_wine() -> bool:
    """Windows Python running under Wine (its ntdll has wine_get_version)."""
    if sys.platform != "win32":
        return False
    import ctypes

    return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")


def set_acl(path: Path, sddl: str) -> None:
    """Windows: give `path` the access rights an SDDL string describes (``D:P…``: not inherited)."""
    import ctypes
    from ctypes import wintypes

    advapi = ctypes.WinDLL("advapi32", use_last_error=True)
    sd, dacl = ctypes.c_void_p(), ctypes.c_void_p()
    present, defaulted = wintypes.BOOL(), wintypes.BOOL()
    if not advapi.ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, 1, ctypes.byref(sd), None):
        raise ctypes.WinError(ctypes.get_last_error())
    try:
        advapi.GetSecurityDescriptorDacl(sd, ctypes.byref(present), ctypes.byref(dacl), ctypes.byref(defaulted))
        flags = 0x4 | (0x80000000 if sddl.startswith("D:P") else 0x20000000)  # DACL, (un)protected
        err = advapi.SetNamedSecurityInfoW(str(path), 1, flags, None, None, dacl, None)
        if err:
            raise ctypes.WinError(err)
    finally:
        ctypes.WinDLL("kernel32").LocalFree(sd)


def _can_write_in(folder: Path) -> bool:
    probe = folder / "写入测试.tmp"
    try:
        probe.write_bytes(b"x")
    except OSError:
        return False
    probe.unlink()
    return True


@contextlib.contextmanager
def read_only_folder(tmp_path: Path):
    """A folder in which nothing can be written, for the duration; else the test is skipped.
    POSIX: mode 0555. Windows: an ACL that refuses new files and folders to everyone. Root (on
    Linux, and everyone under Wine, which keeps no ACLs) writes there anyway: then /sys/kernel,
    where sysfs refuses new files even to root."""
    ro = tmp_path / "只读"
    ro.mkdir()
    if sys.platform == "win32":
        set_acl(ro, "D:P(D;OICI;0x156;;;WD)(A;OICI;FA;;;WD)")  # deny add file/folder, EA, attributes, delete child
    else:
        ro.chmod(0o555)
    try:
        if not _can_write_in(ro):
            yield ro
            return
        for sysfs in (Path("/sys/kernel"), Path("Z:/sys/kernel") if under_wine() else None):
            if sysfs is not None and sysfs.is_dir() and not _can_write_in(sysfs):
                yield sysfs
                return
        pytest.skip("no folder that refuses writing to this user (root?)")
    finally:
        if sys.platform == "win32":
            set_acl(ro, "D:P(A;OICI;FA;;;WD)")
        else:
            ro.chmod(0o755)
