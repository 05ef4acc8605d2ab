"""The SQLite store: one file holds the township's profile, its ledgers and the audit log.

    store = Store.open("台账.db", create=True)
    rid = store.insert("mediations", {"date": "2025-03-05", ...})
    rows = store.select("mediations", RecordQuery(year=2025, text="土地"), limit=100)

Records are the Store's own (insert, update, delete, select, count); every other concern is a
named part, in the manner of Anki's col.decks, each in its module beside this one:

    store.choices        kinds and villages (choices.py)
    store.year_locks     locked years (year_locks.py)
    store.report_texts   the report wording kept per year (report_texts.py)
    store.audit          the audit log, 操作记录 (audit_log.py)
    store.counts         how many records, by year and month (counts.py)
    store.attachments    the records' 佐证材料 (../attachments.py)

queries.py turns a RecordQuery into SQL; schema.py makes and upgrades the tables; what a file is
before it is opened is ../dbfile.py.

Every save is one transaction (record and its audit entry together); a value the ledger's rules
refuse raises ValidationFailed and nothing is written. A file that is not a database of this app,
or is damaged, or was written by a newer version, is refused before anything touches it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, TypeVar, cast

if TYPE_CHECKING:  # sqlite-utils is imported only when the schema changes (keeps start-up light)
    import sqlite_utils

    from ..attachments import Attachments

from ..dbfile import SCHEMA_VERSION, damaged_error, inspect_file, read_only_connection, refuse_reason
from ..errors import ReadOnlyDatabase, UserError, ValidationFailed
from ..fields import MAX_YEAR, MIN_YEAR, YEAR_RANGE, FieldError, check_rules
from ..fileio import connect, integrity_problems, owner_only
from ..ledgers import Ledger, ledger as get_ledger
from .audit_log import AuditLog, now_text
from .choices import BUILTIN_CHOICES, VILLAGE_KEY, Choices
from .counts import Counts
from .queries import (
    RecordQuery,
    before_condition,
    where_clause,
    where_condition,
    year_condition,
)
from .report_texts import ReportTexts
from .schema import create_file, schema_changes, upgrade
from .year_locks import YearLocks

T = TypeVar("T")

PROFILE_FIELDS: tuple[tuple[str, str], ...] = (
    ("government", "政府名称"),
    ("township", "乡镇名称"),
    ("county", "县（区）名称"),
    ("report_year", "报告年度"),
    ("leaders", "领导机关"),
    ("addressee", "主送机关"),
    ("copy_to", "抄送机关"),
    ("operator", "填报人"),
)
# 抄送 has no default: "无" means none, and the report asks while it is blank; the leading
# bodies (领导机关, the preamble's "在……的领导下") are never taken from 主送
PROFILE_DEFAULTS = {
    "addressee": "县委、县政府",
}
NO_COPY_TO = ("无", "没有", "不抄送")  # 抄送 filled in as one of these: the report prints no 抄送 line


def no_copy_to(text: str | None) -> bool:
    """抄送 says "none" ("无", "没有", "不抄送", with or without a full stop)."""
    return (text or "").strip().rstrip("。.") in NO_COPY_TO


META_COLUMNS = ("id", "uid", "reviewed", "created_at", "updated_at")

__all__ = [
    "Store",
    "RecordQuery",
    "year_condition",
    "where_condition",
    "PROFILE_FIELDS",
    "PROFILE_DEFAULTS",
    "NO_COPY_TO",
    "no_copy_to",
    "META_COLUMNS",
    "VILLAGE_KEY",
    "BUILTIN_CHOICES",
    "now_text",
    "is_record_key",
    "new_record_key",
]


# -- the store ---------------------------------------------------------------------------------


class Store:
    """An open database of this app."""

    def __init__(self, path: Path, conn: sqlite3.Connection, readonly: bool = False):
        self.path = path
        self.conn = conn
        self.readonly = readonly
        self._db: "sqlite_utils.Database | None" = None
        self._in_tx = False
        # what a transaction reads once for all its rows (operator, locked years); emptied when
        # the transaction ends or changes them
        self._tx_memo: dict[str, Any] = {}
        self.migration_backup: Path | None = None  # the copy made before a migration, if any
        self._attachments: Attachments | None = None
        # the store's parts, each with its own table
        self.choices = Choices(self)
        self.year_locks = YearLocks(self)
        self.report_texts = ReportTexts(self)
        self.audit = AuditLog(self)
        self.counts = Counts(self)

    @property
    def attachments(self) -> "Attachments":
        """The records' 佐证材料 (attachments.py): files beside the database, rows in it."""
        if self._attachments is None:
            from ..attachments import Attachments

            self._attachments = Attachments(self)
        return self._attachments

    @property
    def db(self) -> "sqlite_utils.Database":
        """The connection as a sqlite-utils Database (for schema work and ad-hoc queries)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    # opening ------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        create: bool = False,
        readonly: bool = False,
        profile: dict[str, Any] | None = None,
        checked: bool = False,
    ) -> "Store":
        """Open (or with create=True, create) a database of this app.

        A file that is not ours, is damaged or is newer raises a UserError and is left unchanged.
        ``checked``: the caller has just checked the whole file (a restore checks the copy it
        swaps in): SQLite's quick check is not run over it again.
        """
        path = Path(path)
        info = inspect_file(path)
        if not info.exists:
            if not create:
                raise UserError(f"找不到数据库文件：{path}")
            create_file(path)
            if profile:
                with cls.open(path) as new:
                    new.set_profile(profile)
            info = inspect_file(path)
        reason = refuse_reason(info)
        if reason:
            raise reason
        if not readonly:
            _check_writable(path)
            for p in (path, *(Path(str(path) + s) for s in SIDE_SUFFIXES)):
                owner_only(p, "database file")  # -wal/-shm are then made with the same mode
        conn = _connect_checked(path, readonly, checked)
        store = cls(path, conn, readonly=readonly)
        if not readonly:
            store._configure()
            upgrade(store, info.user_version)
        elif info.user_version < SCHEMA_VERSION or schema_changes(conn, for_reading=True):
            conn.close()
            raise UserError(
                f"“{path.name}”来自较早的版本，需要先正常打开一次（不是只读方式）完成升级，"
                "升级前会自动备份；文件未作任何改动"
            )
        return store

    def set_write_wait(self, seconds: float) -> None:
        """How long a save waits for another program's write (a backup, a second copy of the
        program) to end before it fails with "database is locked" (10 s unless set)."""
        self.conn.execute(f"PRAGMA busy_timeout={max(0, int(seconds * 1000))}")

    def _configure(self) -> None:
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA busy_timeout=10000")

    def close(self) -> None:
        try:
            if not self.readonly:
                self.conn.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested calls join the outer one."""
        if self._in_tx:
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._in_tx = True
        self._tx_memo = {}
        try:
            yield
        except BaseException:
            self._in_tx = False
            self._tx_memo = {}
            if self.conn.in_transaction:  # SQLite may have rolled back already (disk full, I/O)
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # the error that brought us here is the one to report
            self.choices.reload()
            raise
        else:
            self._in_tx = False
            self._tx_memo = {}
            self.conn.execute("COMMIT")

    def memo(self, key: str, read: Callable[[], T]) -> T:
        """`read()` once for a whole transaction (each time outside one): what every row of a
        save would otherwise read again (the operator, the locked years)."""
        if key in self._tx_memo:
            return cast(T, self._tx_memo[key])
        value = read()
        if self._in_tx:
            self._tx_memo[key] = value
        return value

    def forget(self, key: str) -> None:
        """Drop what `memo` keeps under `key` (the transaction changed it)."""
        self._tx_memo.pop(key, None)

    # profile ------------------------------------------------------------------------------

    def profile(self) -> dict[str, Any]:
        values: dict[str, Any] = dict(PROFILE_DEFAULTS)
        for row in self.conn.execute("SELECT key, value FROM profile"):
            values[row["key"]] = json.loads(row["value"])
        values["villages"] = self.choices.villages()
        return values

    def set_profile(self, values: dict[str, Any]) -> None:
        errors = profile_errors(values)
        if errors:
            raise ValidationFailed(errors)
        with self.transaction():
            for key, _ in PROFILE_FIELDS:
                if key in values:
                    v = values[key]
                    if key == "report_year":
                        v = int(v)
                    elif isinstance(v, str):
                        v = v.strip()
                    self.conn.execute(
                        "INSERT INTO profile(key, value) VALUES (?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        (key, json.dumps(v, ensure_ascii=False)),
                    )
            self.forget("operator")
            if "villages" in values:
                for v in values["villages"]:
                    self.choices.add(*VILLAGE_KEY, v)
            self.audit.record("profile", None, "update", None, values)

    def operator(self) -> str:
        """Who saves: the profile's 填报人, else the computer's user name."""
        return self.memo("operator", self._read_operator)

    def _read_operator(self) -> str:
        row = self.conn.execute("SELECT value FROM profile WHERE key='operator'").fetchone()
        name = json.loads(row[0]) if row else ""
        if name:
            return name
        import getpass  # (its termios and pwd: not at start-up)

        try:
            return getpass.getuser()
        except Exception:  # noqa: BLE001 - no user name on this system
            return "未知"

    def report_year(self) -> int:
        year = self.profile().get("report_year")
        return int(year) if year else dt.date.today().year - 1

    # records ------------------------------------------------------------------------------

    def validate(
        self, ledger_name: str, values: dict[str, Any], keep: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """The stored form of a whole record, or ValidationFailed naming each bad field.

        `keep` is the record as stored: a kind or village it already holds stays allowed even if
        it was taken off the lists since."""
        return validated(get_ledger(ledger_name), values, self.choices, keep)

    def insert(self, ledger_name: str, values: dict[str, Any]) -> int:
        """Validate and save a new record; returns its id."""
        return self.insert_many(ledger_name, [values])[0]

    def insert_many(self, ledger_name: str, rows: Iterable[dict[str, Any]]) -> list[int]:
        """Save several records in one transaction: all of them, or none."""
        lg = get_ledger(ledger_name)
        ids = []
        names = [f.name for f in lg.fields]
        cols = ", ".join(f"[{n}]" for n in names)
        sql = (
            f"INSERT INTO [{lg.name}] (uid, reviewed, created_at, updated_at, {cols}) "
            f"VALUES (?, ?, ?, ?, {', '.join('?' * len(names))})"
        )
        with self.transaction():
            for values in rows:
                clean = self.validate(ledger_name, values)
                self.year_locks.check(lg, None, clean)
                uid = _clean_uid(values.get("uid"))
                stamp = now_text()
                reviewed = 1 if values.get("reviewed") else 0
                cur = self.conn.execute(
                    sql, [uid, reviewed, stamp, stamp] + [clean[n] for n in names]
                )
                rid = cast(int, cur.lastrowid)
                ids.append(rid)
                self.audit.record(lg.name, rid, "insert", None, clean)
        return ids

    def get(self, ledger_name: str, record_id: int) -> dict[str, Any] | None:
        lg = get_ledger(ledger_name)
        row = self.conn.execute(f"SELECT * FROM [{lg.name}] WHERE id = ?", (record_id,)).fetchone()
        return dict(row) if row else None

    def update(self, ledger_name: str, record_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        """Change fields of a record; the whole record is validated again. Returns the new row."""
        lg = get_ledger(ledger_name)
        with self.transaction():
            before = self.get(ledger_name, record_id)
            if before is None:
                raise UserError(f"「{lg.label}」中找不到这条记录（编号 {record_id}），可能已被删除")
            merged = {f.name: f.to_input(before[f.name]) for f in lg.fields}
            merged.update({k: v for k, v in changes.items() if k != "reviewed"})
            clean = self.validate(ledger_name, merged, keep=before)
            reviewed = changes.get("reviewed", before["reviewed"])
            self.year_locks.check(lg, before, dict(clean, reviewed=int(bool(reviewed))))
            sets = ", ".join(f"[{k}] = ?" for k in clean)
            params = list(clean.values())
            if "reviewed" in changes:
                sets += ", reviewed = ?"
                params.append(1 if changes["reviewed"] else 0)
            self.conn.execute(
                f"UPDATE [{lg.name}] SET {sets}, updated_at = ? WHERE id = ?",
                params + [now_text(), record_id],
            )
            after = cast(dict[str, Any], self.get(ledger_name, record_id))
            self.audit.record(lg.name, record_id, "update", before, after)
        return after

    def delete(self, ledger_name: str, record_id: int) -> dict[str, Any]:
        """Delete a record; returns it whole, so that `undelete` can put it back."""
        lg = get_ledger(ledger_name)
        with self.transaction():
            before = self.get(ledger_name, record_id)
            if before is None:
                raise UserError(f"「{lg.label}」中找不到这条记录（编号 {record_id}），可能已被删除")
            self.year_locks.check(lg, before, None)
            attached = self.attachments.take_off_record(lg.name, record_id)
            self.conn.execute(f"DELETE FROM [{lg.name}] WHERE id = ?", (record_id,))
            self.audit.record(lg.name, record_id, "delete", before, None)
        if attached:  # for undelete: the record's 佐证材料 come back with it
            before = dict(before, attachments=attached)
        return before

    def undelete(self, ledger_name: str, record: dict[str, Any]) -> int:
        """Put back a record that `delete` returned, with its id, key and timestamps."""
        lg = get_ledger(ledger_name)
        cols = [c for c in record if c in set(META_COLUMNS) | set(lg.field_map)]
        with self.transaction():
            self.year_locks.check(lg, None, record)
            values = {c: record[c] for c in cols}
            taken = self.conn.execute(
                f"SELECT 1 FROM [{lg.name}] WHERE id = ?", (record["id"],)
            ).fetchone()
            if taken:  # a record saved since reused the id: put it back under a new one
                del values["id"]
            if "uid" in values and self.find_uid(lg.name, values["uid"]) is not None:
                values["uid"] = _clean_uid(None)
            cur = self.conn.execute(
                f"INSERT INTO [{lg.name}] ({', '.join(f'[{c}]' for c in values)}) "
                f"VALUES ({', '.join('?' * len(values))})",
                list(values.values()),
            )
            new_id: int = record["id"] if not taken else cast(int, cur.lastrowid)
            self.attachments.put_back_on_record(record.get("attachments") or [], new_id)
            self.audit.record(lg.name, new_id, "undelete", None, dict(values, id=new_id))
        return new_id

    def set_reviewed(self, ledger_name: str, record_ids: Iterable[int], reviewed: bool = True) -> int:
        """Mark records as checked (已核对) or not, in one transaction; returns how many changed."""
        lg = get_ledger(ledger_name)
        changed = 0
        with self.transaction():
            for rid in record_ids:
                before = self.get(ledger_name, rid)
                if before is None or bool(before["reviewed"]) == bool(reviewed):
                    continue
                self.year_locks.check(lg, before, dict(before, reviewed=int(bool(reviewed))))
                self.conn.execute(
                    f"UPDATE [{lg.name}] SET reviewed = ?, updated_at = ? WHERE id = ?",
                    (1 if reviewed else 0, now_text(), rid),
                )
                self.audit.record(lg.name, rid, "review" if reviewed else "unreview", before,
                                  {"reviewed": int(reviewed)})
                changed += 1
        return changed

    def find_uid(self, ledger_name: str, uid: str) -> int | None:
        lg = get_ledger(ledger_name)
        row = self.conn.execute(f"SELECT id FROM [{lg.name}] WHERE uid = ?", (uid,)).fetchone()
        return row[0] if row else None

    # reading for the table views ---------------------------------------------------------

    def select(
        self, ledger_name: str, q: RecordQuery | None = None, limit: int = 200, offset: int = 0
    ) -> list[dict[str, Any]]:
        lg = get_ledger(ledger_name)
        q = q or RecordQuery()
        where, params = where_clause(lg, q, self.choices)
        order = q.order_by or lg.date_field
        if order not in lg.field_map and order not in META_COLUMNS:
            raise KeyError(order)
        direction = "DESC" if q.descending else "ASC"
        # with words to find, scan and sort the matches rather than walk the order's index
        # testing every row (a word found nowhere would read the table row by row, in index order)
        by = f"+[{order}]" if q.text.strip() else f"[{order}]"
        sql = (
            f"SELECT * FROM [{lg.name}]{where} ORDER BY {by} {direction}, id {direction} "
            f"LIMIT ? OFFSET ?"
        )
        return [dict(r) for r in self.conn.execute(sql, params + [limit, offset])]

    def count(self, ledger_name: str, q: RecordQuery | None = None) -> int:
        lg = get_ledger(ledger_name)
        where, params = where_clause(lg, q or RecordQuery(), self.choices)
        return int(self.conn.execute(f"SELECT COUNT(*) FROM [{lg.name}]{where}", params).fetchone()[0])

    def row_position(self, ledger_name: str, q: RecordQuery, record_id: int) -> int | None:
        """Where a record stands (0-based) in a query's order; None if the query excludes it."""
        lg = get_ledger(ledger_name)
        row = self.get(ledger_name, record_id)
        if row is None:
            return None
        where, params = where_clause(lg, q, self.choices)
        if self.conn.execute(
            f"SELECT 1 FROM [{lg.name}]{where}{' AND' if where else ' WHERE'} id = ?",
            params + [record_id],
        ).fetchone() is None:
            return None
        order = q.order_by or lg.date_field
        if order not in lg.field_map and order not in META_COLUMNS:
            raise KeyError(order)
        before, bparams = before_condition(order, row[order], record_id, q.descending)
        sql = f"SELECT COUNT(*) FROM [{lg.name}]{where}{' AND' if where else ' WHERE'} {before}"
        return int(self.conn.execute(sql, params + bparams).fetchone()[0])

    def data_version(self) -> int:
        """Changes whenever a record is saved (by anyone): the audit log's newest id."""
        return int(self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetchone()[0])


def validated(
    lg: Ledger, values: dict[str, Any], choices: Choices, keep: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Store.validate for a ledger, with the kinds and villages `choices` allows."""
    fmap = lg.field_map
    errors: dict[str, str] = {}
    unknown = [k for k in values if k not in fmap and k not in ("uid", "reviewed")]
    for k in unknown:
        errors[k] = f"「{lg.label}」台账没有“{k}”这一栏"
    clean: dict[str, Any] = {}
    for f in lg.fields:
        raw = values.get(f.name, f.default)
        try:
            allowed = choices.values(lg.name, f.name) if f.is_choice else None
            if allowed is not None and keep and keep.get(f.name) not in (None, ""):
                allowed = allowed + [keep[f.name]]
            clean[f.name] = f.validate(raw, allowed)
        except FieldError as e:
            errors[f.name] = str(e)
    if not errors:
        errors = check_rules(lg.rules, lg.labels, clean)
    if errors:
        raise ValidationFailed(errors)
    return clean


def profile_errors(values: dict[str, Any]) -> dict[str, str]:
    """What is wrong with profile values (by key, in Chinese); raises ValidationFailed for a key
    the profile does not have."""
    allowed = {k for k, _ in PROFILE_FIELDS} | {"villages"}
    unknown = set(values) - allowed
    if unknown:
        raise ValidationFailed({k: f"概况中没有“{k}”这一项" for k in unknown})
    errors = {}
    villages = values.get("villages")
    if villages is not None and (
        isinstance(villages, str) or not all(isinstance(v, str) for v in villages)
    ):
        errors["villages"] = "「村（社区）」必须是村名的列表，每个村一项"
    if "report_year" in values:
        try:
            year = int(values["report_year"])
            if year not in YEAR_RANGE:
                raise ValueError
        except (TypeError, ValueError):
            errors["report_year"] = f"「报告年度」必须是 {MIN_YEAR} 到 {MAX_YEAR} 之间的年份"
    for key, label in PROFILE_FIELDS:
        v = values.get(key)
        if key != "report_year" and v is not None:
            if not isinstance(v, str) or len(v) > 100 or any(ord(c) < 32 for c in v):
                errors[key] = f"「{label}」必须是一行文字，不超过 100 个字"
    return errors


def _connect_checked(path: Path, readonly: bool, checked: bool = False) -> sqlite3.Connection:
    """A connection to a file that passed SQLite's quick check (DatabaseDamaged otherwise), or
    that the caller has just `checked` in full."""
    # the quick check runs read-only, so that a damaged file gains no -wal/-shm beside it
    try:
        conn = read_only_connection(path)
        try:
            problems = [] if checked else integrity_problems(conn, "quick_check", limit=3)
        finally:
            if not readonly:
                conn.close()
        if not readonly:
            conn = connect(
                str(path), isolation_level=None, check_same_thread=False, timeout=10
            )
            conn.row_factory = sqlite3.Row
    except sqlite3.DatabaseError as e:
        raise damaged_error(path, exc=e) from None
    if problems:
        conn.close()
        raise damaged_error(path, problems, limit=3)
    return conn


_RECORD_KEY = re.compile(r"[0-9a-f]{32}")


def new_record_key() -> str:
    """A record's key (uid): 32 lower-case hex digits, the only form an import takes."""
    import uuid  # (it imports platform: not at start-up)

    return uuid.uuid4().hex


def is_record_key(value: Any) -> bool:
    """Whether `value` has the form of a record key (an imported 记录编号 must)."""
    return isinstance(value, str) and _RECORD_KEY.fullmatch(value) is not None


def _clean_uid(uid: Any) -> str:
    if isinstance(uid, str) and 8 <= len(uid.strip()) <= 64 and uid.strip().isprintable():
        return uid.strip()
    return new_record_key()


SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def _check_writable(path: Path) -> None:
    for side in (Path(str(path) + s) for s in SIDE_SUFFIXES):
        if side.exists() and not os.access(side, os.W_OK):
            try:  # left read-only (by a read of a read-only file, say): ours to fix if we own it
                if os.name == "posix" and side.stat().st_uid == os.geteuid():
                    os.chmod(side, 0o600)
            except OSError:
                pass
            if not os.access(side, os.W_OK):
                raise ReadOnlyDatabase(
                    f"数据库旁的“{side.name}”文件是只读的，无法保存修改。可以以只读方式打开查看；"
                    "要修改，请关闭所有使用该数据库的程序，并取消该文件的“只读”属性后重新打开"
                )
    if not os.access(path, os.W_OK):
        raise ReadOnlyDatabase(
            f"数据库文件“{path.name}”是只读的，无法保存修改（从光盘、U盘或邮件复制来的文件常带有"
            "“只读”属性）。可以以只读方式打开查看；要修改，请在文件的“属性”中取消“只读”后重新打开"
        )
    if not os.access(path.parent, os.W_OK):
        raise ReadOnlyDatabase(
            f"数据库所在的文件夹“{path.parent}”不可写，无法保存修改。可以以只读方式打开查看；"
            "要修改，请把数据库复制到可写的文件夹"
        )
