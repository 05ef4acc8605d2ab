"""Parts: the hidden files a backup or a restore writes before the file gets its name, and the
leftovers of those that were killed.

    tmp = folder / part_name("镇_20250105-120000.db")   # .镇_20250105-120000.db.{tag}.part
    remove_leftover_parts(folder)                       # those of processes that are gone
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import uuid
from datetime import datetime, timedelta
from pathlib import Path

log = logging.getLogger(__name__)

STALE_PART_AGE = timedelta(days=1)
_PART_RE = re.compile(r"^\.(?P<name>.+)\.(?P<host>[0-9a-f]{6})-(?P<pid>\d+)-(?P<start>\d+)-[0-9a-f]{4}\.part$")


def _part_tag() -> str:
    """Who writes a part: a mark of this computer, the process's pid and start time (hundredths
    of a second; 0 where unknown), and a few random digits for the part itself."""
    from ..lock import _host, process_start

    host = hashlib.sha1(_host().casefold().encode("utf-8", "replace")).hexdigest()[:6]
    start = process_start(os.getpid())
    return f"{host}-{os.getpid()}-{round(start * 100) if start else 0}-{uuid.uuid4().hex[:4]}"


def part_name(name: str) -> str:
    """The hidden name a file is written under before it gets ``name``: ``.{name}.{tag}.part``
    (see _part_tag); a part of a process that is gone is a leftover (remove_leftover_parts)."""
    return f".{name}.{_part_tag()}.part"


def _writer_gone(m: re.Match[str]) -> bool | None:
    """Whether the process that wrote a part is gone: True or False on this computer, None
    for a part written on another one (a shared folder: its processes cannot be seen)."""
    from ..lock import _host, pid_alive, process_start

    host = hashlib.sha1(_host().casefold().encode("utf-8", "replace")).hexdigest()[:6]
    if m.group("host") != host:
        return None
    pid, start = int(m.group("pid")), int(m.group("start"))
    if pid == os.getpid():
        return False
    if not pid_alive(pid):
        return True
    now = process_start(pid)
    return bool(start and now is not None and abs(round(now * 100) - start) > 200)  # pid reused


def remove_leftover_parts(folder: Path, *, now: datetime | None = None) -> list[Path]:
    """Remove the hidden ``.….part`` files in ``folder`` that no process is writing: those of a
    backup or restore that was killed (its process is gone, or its pid now names another
    process), at once; a part from another computer, or of an earlier version's naming, when it
    is more than a day old. Called at every backup and restore (before the free-space check) and
    when the window starts. Returns what went."""
    gone: list[Path] = []
    limit = (now or datetime.now()).timestamp() - STALE_PART_AGE.total_seconds()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return gone
    for e in entries:
        name = e.name
        if not (name.startswith(".") and name.endswith(".part")):
            continue
        try:
            if e.is_symlink() or not e.is_file():
                continue
            m = _PART_RE.match(name)
            writer_gone = _writer_gone(m) if m else None
            if writer_gone is False:
                continue  # being written right now
            if writer_gone is None and e.stat().st_mtime >= limit:
                continue
            os.unlink(e.path)
            gone.append(Path(e.path))
        except OSError:
            pass
    if gone:
        log.info("removed %d leftover part(s) in %s: %s", len(gone), folder, [p.name for p in gone])
    return gone


remove_stale_parts = remove_leftover_parts  # (the name earlier versions used)
