"""Content-addressed files: where the 佐证材料 (photos, scans, documents) of the records live.

An attachment's bytes are never put in the SQLite file: every backup would copy them all again.
They are kept as files named by the SHA-256 of their content, in a folder beside the database::

    法治台账.db
    法治台账.附件/ab/abcd…(64 hex).jpg

A file is written once (to a hidden temporary name, fsync'd, then ``os.replace``'d into place)
and never modified; the same content added twice is one file. The database's ``attachments``
table (see attachments.py) says which record each belongs to; a file no row names is an orphan
(an attachment removed, kept for 撤销 until :func:`BlobFolder.prune` finds it old enough).

Backups share one such folder, ``附件库`` in the backup folder: a backup copies only the files
not already there (and checks each copy's hash), so a backup after adding 10 MB copies 10 MB,
whatever the township has gathered before. Rotation removes the files no kept backup names.

This module knows the folder layout and the one query that lists what a database file names
(:func:`referenced`); nothing about records.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sqlite3
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

log = logging.getLogger(__name__)

FOLDER_SUFFIX = ".附件"  # 法治台账.db -> 法治台账.附件
BACKUP_STORE = "附件库"  # the backup folder's shared store
CHUNK = 1024 * 1024
_NAME_RE = re.compile(r"^([0-9a-f]{64})\.([a-z0-9]{1,8})$")
TEMP_AGE = 24 * 3600  # a temporary file older than this was left by a copy cut short


def folder_for(db_path: str | os.PathLike) -> Path:
    """The attachment folder of a database file: 法治台账.db -> 法治台账.附件 beside it."""
    p = Path(db_path)
    return p.with_name(p.stem + FOLDER_SUFFIX)


def backup_store(dest_dir: str | os.PathLike) -> Path:
    return Path(dest_dir) / BACKUP_STORE


@dataclass(frozen=True)
class BlobRef:
    """One file an attachments table names: its content hash, extension and size."""

    sha256: str
    ext: str
    size: int

    @property
    def name(self) -> str:
        return f"{self.sha256}.{self.ext}"


class BlobProblem(Exception):
    """A file is missing or its content is not what its name says."""


def hash_file(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _private_dir(path: Path) -> None:
    """Make a folder (and its missing parents) open to its owner only, like the database."""
    from .fileio import make_folder

    make_folder(path)


class BlobFolder:
    """A folder of content-addressed files (the live one beside a database, or a backup store)."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def path(self, sha256: str, ext: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.{ext}"

    def has(self, ref: BlobRef) -> bool:
        """Present with the right size (the cheap test; :meth:`check` reads the content)."""
        try:
            return self.path(ref.sha256, ref.ext).stat().st_size == ref.size
        except OSError:
            return False

    def check(self, ref: BlobRef) -> str | None:
        """None if the file is there and its content hashes to its name, else what is wrong."""
        p = self.path(ref.sha256, ref.ext)
        try:
            size = p.stat().st_size
        except FileNotFoundError:
            return "文件缺失"
        except OSError as e:
            return f"无法读取（{e.strerror or e}）"
        if size != ref.size:
            return f"文件大小不符（应为 {ref.size} 字节，实际 {size} 字节），已损坏"
        try:
            if hash_file(p) != ref.sha256:
                return "内容已损坏（校验值不符）"
        except OSError as e:
            return f"无法读取（{e.strerror or e}）"
        return None

    def put_bytes(self, data: bytes, ext: str) -> BlobRef:
        """Store bytes (no-op if the same content is there already); returns its reference."""
        sha = hashlib.sha256(data).hexdigest()
        ref = BlobRef(sha, ext, len(data))
        if self.has(ref) and self.check(ref) is None:
            self._touch(ref)
            return ref
        self._write(ref, lambda f: f.write(data))
        return ref

    def put_file(self, src: str | os.PathLike, ext: str) -> BlobRef:
        """Store a copy of a file (hashed while read once into memory-sized chunks)."""
        h = hashlib.sha256()
        size = 0
        with open(src, "rb") as f:
            while chunk := f.read(CHUNK):
                h.update(chunk)
                size += len(chunk)
        ref = BlobRef(h.hexdigest(), ext, size)
        if self.has(ref) and self.check(ref) is None:
            self._touch(ref)
            return ref
        self.copy_in(Path(src), ref)
        return ref

    def _touch(self, ref: BlobRef) -> None:
        """A file named again is new again (prune keeps young files: a row naming it may be
        newer than the snapshot a prune compares with)."""
        try:
            os.utime(self.path(ref.sha256, ref.ext))
        except OSError:
            pass

    def copy_in(self, src: Path, ref: BlobRef) -> None:
        """Copy `src` in as `ref`, checking the copy's hash; raises BlobProblem if `src` is not
        what `ref` says (then nothing is left behind)."""

        def write(f):
            h = hashlib.sha256()
            with open(src, "rb") as fin:
                while chunk := fin.read(CHUNK):
                    h.update(chunk)
                    f.write(chunk)
            if h.hexdigest() != ref.sha256:
                raise BlobProblem("内容已损坏（校验值不符）")

        self._write(ref, write)

    def _write(self, ref: BlobRef, write: Callable) -> None:
        final = self.path(ref.sha256, ref.ext)
        _private_dir(final.parent)
        tmp = final.with_name(f".{final.name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600)
            with os.fdopen(fd, "wb") as f:
                write(f)
                f.flush()
                os.fsync(f.fileno())
            if tmp.stat().st_size != ref.size:
                raise BlobProblem("文件大小不符")
            os.replace(tmp, final)
        except BaseException:
            try:
                tmp.unlink()
            except OSError:
                pass
            raise
        _fsync_dir(final.parent)

    def names(self) -> Iterable[tuple[Path, str]]:
        """Every stored file (path, name); temporary files are not listed."""
        try:
            subs = list(os.scandir(self.root))
        except OSError:
            return
        for sub in subs:
            if not (len(sub.name) == 2 and sub.is_dir(follow_symlinks=False)):
                continue
            try:
                entries = list(os.scandir(sub.path))
            except OSError:
                continue
            for e in entries:
                if _NAME_RE.match(e.name):
                    yield Path(e.path), e.name

    def prune(self, keep: set[str], *, min_age: float = 3600.0) -> list[Path]:
        """Remove files whose names are not in `keep` and that are older than `min_age`
        seconds (a file copied in moments ago may belong to a backup being written), and
        temporary files left by a copy cut short. Returns what went."""
        gone: list[Path] = []
        now = time.time()
        for path, name in list(self.names()):
            if name in keep:
                continue
            try:
                if now - path.stat().st_mtime < min_age:
                    continue
                path.unlink()
                gone.append(path)
            except OSError as e:
                log.warning("could not remove %s: %s", path, e)
        for sub in (self.root.iterdir() if self.root.is_dir() else []):
            if not sub.is_dir():
                continue
            for p in sub.iterdir():
                try:
                    if p.name.endswith(".tmp") and now - p.stat().st_mtime > TEMP_AGE:
                        p.unlink()
                        gone.append(p)
                except OSError:
                    pass
        return gone


def referenced(conn: sqlite3.Connection) -> list[BlobRef]:
    """The files a database (or backup) names in its attachments table; [] if it has none."""
    try:
        rows = conn.execute(
            "SELECT DISTINCT sha256, ext, size FROM attachments ORDER BY sha256"
        ).fetchall()
    except sqlite3.OperationalError:  # a file from before attachments: no such table
        return []
    return [BlobRef(r[0], r[1], r[2]) for r in rows]


def referenced_in_file(path: str | os.PathLike) -> list[BlobRef]:
    """:func:`referenced` of a database file opened read-only (never modified)."""
    from .fileio import connect_read_only

    conn = connect_read_only(path)
    try:
        return referenced(conn)
    finally:
        conn.close()


# -- the backup side ------------------------------------------------------------------------


@dataclass
class CopyResult:
    copied: int = 0  # files copied into the store now
    copied_bytes: int = 0
    present: int = 0  # files the store already had
    problems: list[str] = None  # type: ignore[assignment]  # set in __post_init__; one line per file that could not be copied (missing, damaged)

    def __post_init__(self):
        if self.problems is None:
            self.problems = []


def copy_to_store(
    refs: Iterable[BlobRef], sources: list[Path], store: Path, describe: Callable[[BlobRef], str],
    *, link: bool = False,
) -> CopyResult:
    """Copy into the backup store each referenced file it lacks, from the first source folder
    that holds a sound copy; each copy's hash is checked. A file no source has sound is named
    in `problems` (by `describe`): the backup of the records goes on without it. With `link`,
    a sound source file is hard-linked where the file system allows (no bytes copied)."""
    dest = BlobFolder(store)
    result = CopyResult()
    for ref in refs:
        if dest.has(ref):
            result.present += 1
            continue
        why = "文件缺失"
        for folder in sources:
            src = BlobFolder(folder).path(ref.sha256, ref.ext)
            if not src.exists():
                continue
            try:
                if not (link and _link_in(src, dest, ref)):
                    dest.copy_in(src, ref)
            except BlobProblem as e:
                why = str(e)
                continue
            result.copied += 1
            result.copied_bytes += ref.size
            break
        else:
            result.problems.append(f"{describe(ref)}：{why}")
    return result


def _link_in(src: Path, dest: BlobFolder, ref: BlobRef) -> bool:
    """Hard-link a sound `src` into `dest`; False where links cannot be made (then copy)."""
    if BlobFolder(src.parent.parent).check(ref) is not None:
        raise BlobProblem("内容已损坏（校验值不符）")
    final = dest.path(ref.sha256, ref.ext)
    _private_dir(final.parent)
    tmp = final.with_name(f".{final.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        os.link(src, tmp)
        os.replace(tmp, final)
        return True
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
        return False


def check_refs(refs: Iterable[BlobRef], folders: list[Path], *, full: bool = True) -> dict[BlobRef, str]:
    """What is wrong with each referenced file ({} when all are sound): sound when the first
    of `folders` holding it has it sound. `full` reads every file and checks its hash, else
    only presence and size."""
    out = {}
    for ref in refs:
        why: str | None = "文件缺失"
        for folder in folders:
            bf = BlobFolder(folder)
            if not bf.path(ref.sha256, ref.ext).exists():
                continue
            why = bf.check(ref) if full else (None if bf.has(ref) else "文件大小不符，已损坏")
            if why is None:
                break
        if why:
            out[ref] = why
    return out


def restore_from(refs: Iterable[BlobRef], sources: list[Path], live: Path) -> list[BlobRef]:
    """Bring every referenced file into the live folder: a file there already and sound is
    kept, a missing or damaged one is copied from the first source holding a sound copy.
    Returns the references no source could provide."""
    dest = BlobFolder(live)
    lost = []
    for ref in refs:
        if dest.check(ref) is None:
            continue
        for folder in sources:
            src = BlobFolder(folder).path(ref.sha256, ref.ext)
            if Path(src) == dest.path(ref.sha256, ref.ext) or not src.exists():
                continue
            try:
                dest.copy_in(src, ref)  # an OSError (a full disk) stops the restore
                break
            except BlobProblem:
                continue
        else:
            lost.append(ref)
    return lost
