"""The tables of a database of this app, made from the ledger definitions: what a file lacks
(schema_changes), adding it (never dropping or altering data), the numbered migrations, and a new
file. Every change to an existing file is preceded by a copy of it beside it.

A field renamed or removed in ledgers.py is not done by the sync: it needs a migration here
(MIGRATIONS, with SCHEMA_VERSION in dbfile.py raised to its number).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from ..dbfile import APP_ID, SCHEMA_VERSION
from ..errors import UserError, error_text
from ..fields import SQL_TYPES
from ..ledgers import LEDGERS, Ledger
from .choices import BUILTIN_CHOICES

if TYPE_CHECKING:
    import sqlite_utils

    from . import Store


def _ledger_columns(lg: Ledger) -> dict[str, type]:
    cols: dict[str, type] = {"id": int, "uid": str, "reviewed": int}
    for f in lg.fields:
        cols[f.name] = SQL_TYPES[f.type]
    cols["created_at"] = str
    cols["updated_at"] = str
    return cols


def _ledger_indexes(lg: Ledger) -> list[list[str]]:
    idx = [[lg.date_field]]
    if lg.end_field:
        idx.append([lg.end_field])
    for f in lg.fields:
        if f.is_choice:
            idx.append([f.name, lg.date_field])
    for fig in lg.figures:
        if fig.date_field and [fig.date_field] not in idx:
            idx.append([fig.date_field])
    return idx


def schema_changes(conn: sqlite3.Connection, for_reading: bool = False) -> list[str]:
    """What _sync_schema would add: missing tables, columns, indexes and built-in choices; with
    `for_reading`, only what reading needs (tables and columns: a missing index is only slower,
    a missing built-in kind is offered from the definitions).

    Read with three statements (SQLite's table-valued PRAGMA functions, not three PRAGMAs for
    each ledger): this runs at every open and must stay cheap."""
    changes = []
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    columns: dict[str, set[str]] = {}
    for table, column in conn.execute(
        "SELECT m.name, c.name FROM sqlite_master AS m, pragma_table_info(m.name) AS c WHERE m.type = 'table'"
    ):
        columns.setdefault(table, set()).add(column)
    indexes: dict[str, dict[str, list[tuple[int, str]]]] = {}  # table -> index -> (position, column)
    if not for_reading:
        for table, index, position, column in conn.execute(
            "SELECT m.name, i.name, c.seqno, c.name FROM sqlite_master AS m, pragma_index_list(m.name) AS i,"
            " pragma_index_info(i.name) AS c WHERE m.type = 'table'"
        ):
            indexes.setdefault(table, {}).setdefault(index, []).append((position, column))
    for name in ("profile", "choices", "audit_log", "locked_years", "report_texts"):
        if name not in tables:
            changes.append(name)
    if "attachments" not in tables and not for_reading:  # read as none until opened normally
        changes.append("attachments")
    for lg in LEDGERS:
        if lg.name not in tables:
            changes.append(lg.name)
            continue
        have = columns.get(lg.name, set())
        changes += [f"{lg.name}.{c}" for c in _ledger_columns(lg) if c not in have]
        if for_reading:
            continue
        have_idx = {tuple(c for _p, c in sorted(cols)) for cols in indexes.get(lg.name, {}).values()}
        changes += [
            f"{lg.name}:{'+'.join(i)}" for i in _ledger_indexes(lg) if tuple(i) not in have_idx
        ]
    if "choices" in tables and not for_reading:
        have_choices = {
            (r[0], r[1], r[2]) for r in conn.execute("SELECT ledger, field, value FROM choices")
        }
        changes += [
            f"choice {ledger}.{fname}={v}"
            for ledger, fname, v, _pos, _unit in BUILTIN_CHOICES
            if (ledger, fname, v) not in have_choices
        ]
    return changes


def _sync_schema(db: sqlite_utils.Database) -> None:
    """Create what the definitions name and the file lacks. Never drops or alters data."""
    tables = set(db.table_names())
    if "profile" not in tables:
        db.table("profile").create({"key": str, "value": str}, pk="key")
    if "choices" not in tables:
        db.table("choices").create(
            {
                "ledger": str,
                "field": str,
                "value": str,
                "unit": str,
                "position": int,
                "builtin": int,
                "hidden": int,
            },
            pk=("ledger", "field", "value"),
            not_null={"ledger", "field", "value"},
            defaults={"unit": "", "position": 0, "builtin": 0, "hidden": 0},
        )
    if "audit_log" not in tables:
        db.table("audit_log").create(
            {
                "id": int,
                "at": str,
                "operator": str,
                "ledger": str,
                "record_id": int,
                "action": str,
                "before": str,
                "after": str,
            },
            pk="id",
        )
        db.table("audit_log").create_index(["ledger", "at"])
        db.table("audit_log").create_index(["at"])
    if "locked_years" not in tables:
        db.table("locked_years").create({"year": int, "locked_at": str, "operator": str}, pk="year")
    if "report_texts" not in tables:
        db.table("report_texts").create(
            {"year": int, "section": str, "body": str, "updated_at": str},
            pk=("year", "section"),
        )
    if "attachments" not in tables:
        from ..attachments import create_table

        create_table(db)
    for lg in LEDGERS:
        cols = _ledger_columns(lg)
        if lg.name not in tables:
            db.table(lg.name).create(
                cols,
                pk="id",
                not_null={"uid", "created_at", "updated_at"},
                defaults={"reviewed": 0},
            )
            db.table(lg.name).create_index(["uid"], unique=True)
        else:
            have = db.table(lg.name).columns_dict
            for name, typ in cols.items():
                if name not in have:
                    db.table(lg.name).add_column(name, typ)
        have_idx = {tuple(i.columns) for i in db.table(lg.name).indexes}
        for cols_ in _ledger_indexes(lg):
            if tuple(cols_) not in have_idx:
                db.table(lg.name).create_index(cols_)
    for ledger, fname, v, pos, unit in BUILTIN_CHOICES:
        db.execute(
            "INSERT OR IGNORE INTO choices(ledger, field, value, unit, position, builtin, hidden) "
            "VALUES (?, ?, ?, ?, ?, 1, 0)",
            (ledger, fname, v, unit, pos),
        )


def _migrate_to_1(db: sqlite_utils.Database) -> None:
    """Version 1: the first schema; everything comes from the ledger definitions."""
    db.execute(f"PRAGMA application_id={APP_ID}")


def _migrate_to_2(db: sqlite_utils.Database) -> None:
    """Version 2: the report's wording of each year, saved by earlier versions as templates
    ({key|form}, [[ … ]]), becomes items with their sources (yaofu_desktop/wording.py): the
    clerk's own text with figure fields. Wording saved unchanged from an earlier default is not
    the clerk's words and is dropped (the section then has today's default)."""
    if "report_texts" not in db.table_names():
        return
    from ..wording import convert_saved_wording

    rows = db.execute("SELECT year, section, body FROM report_texts").fetchall()
    for year, section, body in rows:
        new = convert_saved_wording(section, body)
        if new is None:
            db.execute("DELETE FROM report_texts WHERE year = ? AND section = ?", (year, section))
        elif new != body:
            db.execute("UPDATE report_texts SET body = ? WHERE year = ? AND section = ?", (new, year, section))


MIGRATIONS = {1: _migrate_to_1, 2: _migrate_to_2}


def upgrade(store: Store, from_version: int) -> None:
    """Run migrations and bring tables in line with the ledger definitions.

    Any change to an existing file is preceded by a copy of it (SQLite backup API) beside it.
    """
    pending = schema_changes(store.conn)
    if from_version >= SCHEMA_VERSION and not pending:
        return
    store.migration_backup = _backup_before_migration(store.path, from_version)
    with store.transaction():
        for version in range(from_version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[version](store.db)
        _sync_schema(store.db)
        store.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def create_file(path: Path) -> None:
    """Create a new database: built in a temporary file, then moved into place."""
    if not path.parent.exists():
        raise UserError(f"文件夹不存在：{path.parent}")
    tmp = path.with_name(f".{path.name}.creating")
    try:
        if tmp.exists():
            tmp.unlink()
        # made owner-only before SQLite writes it: its journal and -wal take the file's mode
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600))
        conn = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            conn.execute(f"PRAGMA application_id={APP_ID}")
            conn.execute("BEGIN")
            import sqlite_utils

            db = sqlite_utils.Database(conn)
            _sync_schema(db)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("COMMIT")
            conn.execute("PRAGMA journal_mode=WAL")
        finally:
            conn.close()
        _owner_only(tmp)
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as e:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise UserError(f"无法创建数据库文件“{path}”（{error_text(e)}）") from None


def _owner_only(path: Path) -> None:
    if os.name == "posix":
        os.chmod(path, 0o600)


def _backup_before_migration(path: Path, version: int) -> Path:
    """Copy the database (SQLite backup API, verified) beside itself before its schema changes."""
    from ..backup import BackupError, make_backup

    try:
        info = make_backup(path, path.parent, label=f"{path.stem}_升级前备份v{version}",
                           link_attachments=True)
    except BackupError as e:
        raise UserError(f"数据库需要升级，但升级前的备份没有成功，数据库未作改动：{e.message}") from None
    return info.path
