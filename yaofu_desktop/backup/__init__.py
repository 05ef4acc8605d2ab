"""Backups of the ledger database: make, verify, list, rotate, restore.

The package, by what it does:

* make.py: backup files, their names and checks; make_backup, verify_backup, quick_check.
* rotation.py: BackupPolicy (how many are kept, how often), list_backups, rotate_backups,
  auto_backup.
* restore.py: restore_backup.
* catalogue.py: this app's backups as the window and the command line see them (the label of a
  database's backups, which backups are whose, the newest good one, the checks before a backup
  or a restore). The other modules treat the database generically (any SQLite file) and know
  nothing about the store's schema.

Rules that protect the ledgers:

* A backup is written by SQLite's backup API (one consistent snapshot) to a
  hidden temporary file ``.{name}.{tag}.part`` in the backup folder, checked
  once, fully (``PRAGMA integrity_check``, on two cores for a large copy: see
  make.check_copy), fsync'd and only then renamed to its final name.  On any
  failure the partial file is removed and :class:`BackupError` (Chinese
  message) is raised.  The database itself is not read a second time to be
  checked: the copy of a sound database is sound, so a copy that fails shows the
  database was damaged (:class:`SourceDamaged`).
* The database is read without writing anything beside it: through its
  write-ahead log when one is there (a program has it open), else as it is, so a
  read-only file or folder is backed up and no -wal/-shm is left that could not
  be written later.
* A part (``.….part``) carries the host, pid and start time of the process
  writing it: the next backup, restore or start removes the parts of processes
  that are gone (a killed backup, a killed restore), before the free-space check.
* Backup files are named ``{label}_{YYYYmmdd-HHMMSS}.db`` (``_2``, ``_3`` … is
  appended if a name is already taken in the same second) and are
  self-contained (journal_mode=DELETE, no -wal file).
* :func:`auto_backup` rotates only right after a new backup was made and
  verified, so a damaged database (whose copy fails its check) can never push
  good backups out of the rotation.
* Rotation only ever deletes files whose names parse as our backup names.
  Files kept aside by :func:`restore_backup` (``{label}_恢复前_{ts}.db``) are
  never listed as backups and never rotated.
* :func:`verify_backup` / :func:`list_backups` never modify a file (they open
  it with ``mode=ro&immutable=1``).

佐证材料 (attachment files, blobs.py) travel with the database without being
in it: a backup copies into ``附件库`` in the backup folder, shared by every
backup there, each file its snapshot names that the store lacks (checking each
copy's hash), before the backup's own file gets its final name, so a backup
that exists has its files. A file that cannot be copied (missing or damaged
beside the database) is named in ``BackupInfo.attachment_problems``: the
records are still backed up. :func:`verify_backup` reads every file a backup
names and checks its hash; a backup is ``verified`` only if all are sound.
Rotation removes the files no remaining backup names. A restore first brings
every file the backup names into the database's folder (a file there already
and sound is kept), then swaps the database in.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .catalogue import (
        DatabaseBackups,
        backup_label,
        check_backup,
        check_source,
        database_backups,
        is_backup_of,
        ledger_records,
        newest_good_backup,
        restore_details,
        size_text,
        township_note,
        township_of,
    )
    from .make import (
        BackupError,
        BackupInfo,
        SourceDamaged,
        backup_name,
        make_backup,
        quick_check,
        sanitize_label,
        verify_backup,
    )
    from .restore import RestoreResult, restore_backup
    from .rotation import BackupPolicy, auto_backup, list_backups, rotate_backups

# Each name is imported from its module when first asked for (PEP 562): a command that backs up
# loads make.py and what it needs, not the ledgers' definitions the catalogue reads, nor restore
# (the `backup` command's start-up is part of what it is measured by: benchmarks/bench_backup.py).
_HOME = {
    **dict.fromkeys(("DatabaseBackups", "backup_label", "check_backup", "check_source", "database_backups",
                     "is_backup_of", "ledger_records", "newest_good_backup", "restore_details", "size_text",
                     "township_note", "township_of"), "catalogue"),
    **dict.fromkeys(("BackupError", "BackupInfo", "SourceDamaged", "backup_name", "make_backup", "quick_check",
                     "sanitize_label", "verify_backup"), "make"),
    **dict.fromkeys(("RestoreResult", "restore_backup"), "restore"),
    **dict.fromkeys(("BackupPolicy", "auto_backup", "list_backups", "rotate_backups"), "rotation"),
}
_MODULES = ("catalogue", "check", "make", "parts", "restore", "rotation")


def __getattr__(name: str) -> object:
    from importlib import import_module

    if name in _MODULES:
        return import_module(f"{__name__}.{name}")
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "BackupError",
    "BackupInfo",
    "SourceDamaged",
    "RestoreResult",
    "sanitize_label",
    "backup_name",
    "make_backup",
    "verify_backup",
    "quick_check",
    "list_backups",
    "rotate_backups",
    "BackupPolicy",
    "auto_backup",
    "restore_backup",
    "DatabaseBackups",
    "backup_label",
    "check_backup",
    "check_source",
    "database_backups",
    "is_backup_of",
    "ledger_records",
    "newest_good_backup",
    "restore_details",
    "size_text",
    "township_note",
    "township_of",
]
