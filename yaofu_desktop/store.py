"""The SQLite store: one file holds the township's profile, its ledgers and the audit log.

    store = Store.open("台账.db", create=True)
    rid = store.insert("mediations", {"date": "2025-03-05", ...})
    rows = store.select("mediations", RecordQuery(year=2025, text="土地"), limit=100)

Every save is one transaction (record and its audit entry together); a value the ledger's rules
refuse raises ValidationFailed and nothing is written. A file that is not a database of this app,
or is damaged, or was written by a newer version, is refused before anything touches it.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import sqlite3
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

if TYPE_CHECKING:  # sqlite-utils is imported only when the schema changes (keeps start-up light)
    import sqlite_utils

    from .attachments import Attachments

from .dbfile import APP_ID, SCHEMA_VERSION, damaged_error, inspect_file, read_only_connection, refuse_reason
from .errors import ReadOnlyDatabase, UserError, ValidationFailed, YearLocked, error_text
from .fileio import connect, integrity_problems
from .fields import SQL_TYPES, FieldError, VILLAGE
from .ledgers import EVENT, HELD_AT_END, HELD_ANY, LEDGERS, Ledger, ledger as get_ledger

VILLAGE_KEY = ("*", "village")  # villages are choices shared by every ledger

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
META_COLUMNS = ("id", "uid", "reviewed", "created_at", "updated_at")
# the kinds the ledger definitions list: (ledger, field, value, position, unit)
BUILTIN_CHOICES: tuple[tuple[str, str, str, int, str], ...] = tuple(
    (lg.name, f.name, v, pos, lg.kind_units.get(v, ""))
    for lg in LEDGERS
    for f in lg.choice_fields
    for pos, v in enumerate(f.choices, start=1)
)


def now_text() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


# -- queries --------------------------------------------------------------------------------


@dataclass
class RecordQuery:
    """What a table view asks for: a year, words to find, equal-to filters, a month, an order."""

    year: int | None = None
    text: str = ""
    equals: dict[str, Any] = field(default_factory=dict)
    month: int | None = None
    order_by: str | None = None
    descending: bool = True
    evidence: bool | None = None  # True: only records with 佐证材料; False: only those without


def year_condition(lg: Ledger, year: int, date_field: str | None = None) -> tuple[str, list]:
    """SQL condition placing a ledger's records in a year, by the ledger's scope."""
    start, end = f"{year:04d}-01-01", f"{year:04d}-12-31"
    if date_field and date_field != lg.date_field:
        return f"[{date_field}] BETWEEN ? AND ?", [start, end]
    df = lg.date_field
    if lg.scope == EVENT:
        return f"[{df}] BETWEEN ? AND ?", [start, end]
    ef = lg.end_field
    if lg.scope == HELD_AT_END:
        return f"[{df}] <= ? AND ([{ef}] IS NULL OR [{ef}] >= ?)", [end, end]
    if lg.scope == HELD_ANY:
        return f"[{df}] <= ? AND ([{ef}] IS NULL OR [{ef}] >= ?)", [end, start]
    raise ValueError(lg.scope)


def where_condition(where: dict[str, Any]) -> tuple[str, list]:
    parts, params = [], []
    for name, value in where.items():
        if isinstance(value, (tuple, list, set, frozenset)):
            values = list(value)
            parts.append(f"[{name}] IN ({', '.join('?' * len(values))})")
            params.extend(values)
        elif value is None:
            parts.append(f"[{name}] IS NULL")
        else:
            parts.append(f"[{name}] = ?")
            params.append(value)
    return " AND ".join(parts), params


def _escape_like(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


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
        self._choices: dict[tuple[str, str], list[str]] | None = None
        self.migration_backup: Path | None = None  # the copy made before a migration, if any
        self._attachments = None

    @property
    def attachments(self) -> "Attachments":
        """The records' 佐证材料 (attachments.py): files beside the database, rows in it."""
        if self._attachments is None:
            from .attachments import Attachments

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
        path: str | os.PathLike,
        *,
        create: bool = False,
        readonly: bool = False,
        profile: dict[str, Any] | None = None,
    ) -> "Store":
        """Open (or with create=True, create) a database of this app.

        A file that is not ours, is damaged or is newer raises a UserError and is left unchanged.
        """
        path = Path(path)
        info = inspect_file(path)
        if not info.exists:
            if not create:
                raise UserError(f"找不到数据库文件：{path}")
            _create_file(path, profile or {})
            info = inspect_file(path)
        reason = refuse_reason(info)
        if reason:
            raise reason
        if not readonly:
            _check_writable(path)
        # the quick check runs read-only, so that a damaged file gains no -wal/-shm beside it
        try:
            conn = read_only_connection(path)
            try:
                problems = integrity_problems(conn, "quick_check", limit=3)
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
        store = cls(path, conn, readonly=readonly)
        if not readonly:
            store._configure()
            store._upgrade(info.user_version)
        elif info.user_version < SCHEMA_VERSION or _schema_changes(conn, for_reading=True):
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

    def _upgrade(self, from_version: int) -> None:
        """Run migrations and bring tables in line with the ledger definitions.

        Any change to an existing file is preceded by a copy of it (SQLite backup API) beside it.
        """
        pending = _schema_changes(self.conn)
        if from_version >= SCHEMA_VERSION and not pending:
            return
        self.migration_backup = _backup_before_migration(self.path, from_version)
        with self.transaction():
            for version in range(from_version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[version](self.db)
            _sync_schema(self.db)
            self.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        try:
            if not self.readonly:
                self.conn.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
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
            self._choices = None
            raise
        else:
            self._in_tx = False
            self._tx_memo = {}
            self.conn.execute("COMMIT")

    # profile ------------------------------------------------------------------------------

    def profile(self) -> dict[str, Any]:
        values = dict(PROFILE_DEFAULTS)
        for row in self.conn.execute("SELECT key, value FROM profile"):
            values[row["key"]] = json.loads(row["value"])
        values["villages"] = self.villages()
        return values

    def set_profile(self, values: dict[str, Any]) -> None:
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
                if not 1990 <= year <= 2099:
                    raise ValueError
            except (TypeError, ValueError):
                errors["report_year"] = "「报告年度」必须是 1990 到 2099 之间的年份"
        for key, label in PROFILE_FIELDS:
            v = values.get(key)
            if key != "report_year" and v is not None:
                if not isinstance(v, str) or len(v) > 100 or any(ord(c) < 32 for c in v):
                    errors[key] = f"「{label}」必须是一行文字，不超过 100 个字"
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
            self._tx_memo.pop("operator", None)
            if "villages" in values:
                for v in values["villages"]:
                    self.add_choice(*VILLAGE_KEY, v)
            self._audit("profile", None, "update", None, values)

    def operator(self) -> str:
        """Who saves: the profile's 填报人, else the computer's user name."""
        if "operator" in self._tx_memo:
            return self._tx_memo["operator"]
        name = self._read_operator()
        if self._in_tx:
            self._tx_memo["operator"] = name
        return name

    def _read_operator(self) -> str:
        row = self.conn.execute("SELECT value FROM profile WHERE key='operator'").fetchone()
        name = json.loads(row[0]) if row else ""
        if name:
            return name
        try:
            return getpass.getuser()
        except Exception:  # noqa: BLE001 - no user name on this system
            return "未知"

    def report_year(self) -> int:
        year = self.profile().get("report_year")
        return int(year) if year else dt.date.today().year - 1

    # choices (kinds and villages) ---------------------------------------------------------------

    def _load_choices(self) -> dict[tuple[str, str], list[str]]:
        if self._choices is None:
            cache: dict[tuple[str, str], list[str]] = {}
            known: set[tuple[str, str, str]] = set()
            for row in self.conn.execute(
                "SELECT ledger, field, value, hidden FROM choices ORDER BY ledger, field, position, rowid"
            ):
                known.add((row["ledger"], row["field"], row["value"]))
                if not row["hidden"]:
                    cache.setdefault((row["ledger"], row["field"]), []).append(row["value"])
            # a built-in kind newer than the file (a file opened read-only, not yet brought up to
            # date) is offered all the same; a normal open writes it into the file
            for ledger, fname, v, _pos, _unit in BUILTIN_CHOICES:
                if (ledger, fname, v) not in known:
                    cache.setdefault((ledger, fname), []).append(v)
            self._choices = cache
        return self._choices

    def choices(self, ledger_name: str, field_name: str) -> list[str]:
        """The values a choice field allows: built-in kinds and those the clerk added."""
        lg = get_ledger(ledger_name)
        if lg.field(field_name).type == VILLAGE:
            return list(self._load_choices().get(VILLAGE_KEY, []))
        return list(self._load_choices().get((ledger_name, field_name), []))

    def villages(self) -> list[str]:
        return list(self._load_choices().get(VILLAGE_KEY, []))

    def choice_unit(self, ledger_name: str, field_name: str, value: str) -> str:
        row = self.conn.execute(
            "SELECT unit FROM choices WHERE ledger=? AND field=? AND value=?",
            (ledger_name, field_name, value),
        ).fetchone()
        if row and row["unit"]:
            return row["unit"]
        if ledger_name == "*":
            return "个"
        lg = get_ledger(ledger_name)
        return lg.kind_units.get(value, lg.unit) if row is None else lg.unit

    def add_choice(self, ledger_name: str, field_name: str, value: str, unit: str = "") -> str:
        """Add a kind to a ledger's choice field ('*', 'village' for a village). Returns it."""
        label = "村（社区）" if ledger_name == "*" else get_ledger(ledger_name).field(field_name).label
        v = value.strip() if isinstance(value, str) else ""
        if not v:
            raise ValidationFailed({field_name: f"「{label}」的新选项不能为空"})
        if len(v) > 40 or any(ord(c) < 32 for c in v):
            raise ValidationFailed({field_name: f"「{label}」的新选项必须是一行文字，不超过 40 个字"})
        with self.transaction():
            pos = self.conn.execute(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM choices WHERE ledger=? AND field=?",
                (ledger_name, field_name),
            ).fetchone()[0]
            self.conn.execute(
                "INSERT INTO choices(ledger, field, value, unit, position, builtin, hidden) "
                "VALUES (?, ?, ?, ?, ?, 0, 0) "
                "ON CONFLICT(ledger, field, value) DO UPDATE SET hidden = 0",
                (ledger_name, field_name, v, unit.strip(), pos),
            )
            self._audit("choices", None, "add", None, {"ledger": ledger_name, "field": field_name, "value": v, "unit": unit.strip()})
        self._choices = None
        return v

    def hide_choice(self, ledger_name: str, field_name: str, value: str) -> None:
        """Take a kind (or a village) off the lists; records that use it keep it."""
        with self.transaction():
            self.conn.execute(
                "UPDATE choices SET hidden = 1 WHERE ledger=? AND field=? AND value=?",
                (ledger_name, field_name, value),
            )
            self._audit("choices", None, "hide", {"ledger": ledger_name, "field": field_name, "value": value}, None)
        self._choices = None

    def reset_caches(self) -> None:
        """Forget cached choices (after another connection changed them)."""
        self._choices = None

    # records ------------------------------------------------------------------------------

    def validate(
        self, ledger_name: str, values: dict[str, Any], keep: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """The stored form of a whole record, or ValidationFailed naming each bad field.

        `keep` is the record as stored: a kind or village it already holds stays allowed even if
        it was taken off the lists since."""
        lg = get_ledger(ledger_name)
        fmap = lg.field_map
        errors: dict[str, str] = {}
        unknown = [k for k in values if k not in fmap and k not in ("uid", "reviewed")]
        for k in unknown:
            errors[k] = f"「{lg.label}」台账没有“{k}”这一栏"
        clean: dict[str, Any] = {}
        for f in lg.fields:
            raw = values.get(f.name, f.default)
            try:
                choices = self.choices(ledger_name, f.name) if f.is_choice else None
                if choices is not None and keep and keep.get(f.name) not in (None, ""):
                    choices = choices + [keep[f.name]]
                clean[f.name] = f.validate(raw, choices)
            except FieldError as e:
                errors[f.name] = str(e)
        if not errors:
            for rule in lg.rules:
                bad = rule.check(lg.labels, clean)
                if bad:
                    errors.setdefault(bad[0], bad[1])
        if errors:
            raise ValidationFailed(errors)
        return clean

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
                self._check_unlocked(lg, None, clean)
                uid = _clean_uid(values.get("uid"))
                stamp = now_text()
                reviewed = 1 if values.get("reviewed") else 0
                cur = self.conn.execute(
                    sql, [uid, reviewed, stamp, stamp] + [clean[n] for n in names]
                )
                ids.append(cur.lastrowid)
                self._audit(lg.name, cur.lastrowid, "insert", None, clean)
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
            self._check_unlocked(lg, before, dict(clean, reviewed=int(bool(reviewed))))
            sets = ", ".join(f"[{k}] = ?" for k in clean)
            params = list(clean.values())
            if "reviewed" in changes:
                sets += ", reviewed = ?"
                params.append(1 if changes["reviewed"] else 0)
            self.conn.execute(
                f"UPDATE [{lg.name}] SET {sets}, updated_at = ? WHERE id = ?",
                params + [now_text(), record_id],
            )
            after = self.get(ledger_name, record_id)
            self._audit(lg.name, record_id, "update", before, after)
        return after

    def delete(self, ledger_name: str, record_id: int) -> dict[str, Any]:
        """Delete a record; returns it whole, so that `undelete` can put it back."""
        lg = get_ledger(ledger_name)
        with self.transaction():
            before = self.get(ledger_name, record_id)
            if before is None:
                raise UserError(f"「{lg.label}」中找不到这条记录（编号 {record_id}），可能已被删除")
            self._check_unlocked(lg, before, None)
            attached = self.attachments.take_off_record(lg.name, record_id)
            self.conn.execute(f"DELETE FROM [{lg.name}] WHERE id = ?", (record_id,))
            self._audit(lg.name, record_id, "delete", before, None)
        if attached:  # for undelete: the record's 佐证材料 come back with it
            before = dict(before, attachments=attached)
        return before

    def undelete(self, ledger_name: str, record: dict[str, Any]) -> int:
        """Put back a record that `delete` returned, with its id, key and timestamps."""
        lg = get_ledger(ledger_name)
        cols = [c for c in record if c in set(META_COLUMNS) | set(lg.field_map)]
        with self.transaction():
            self._check_unlocked(lg, None, record)
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
            new_id = record["id"] if not taken else cur.lastrowid
            self.attachments.put_back_on_record(record.get("attachments") or [], new_id)
            self._audit(lg.name, new_id, "undelete", None, dict(values, id=new_id))
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
                self._check_unlocked(lg, before, dict(before, reviewed=int(bool(reviewed))))
                self.conn.execute(
                    f"UPDATE [{lg.name}] SET reviewed = ?, updated_at = ? WHERE id = ?",
                    (1 if reviewed else 0, now_text(), rid),
                )
                self._audit(lg.name, rid, "review" if reviewed else "unreview", before, {"reviewed": int(reviewed)})
                changed += 1
        return changed

    def find_uid(self, ledger_name: str, uid: str) -> int | None:
        lg = get_ledger(ledger_name)
        row = self.conn.execute(f"SELECT id FROM [{lg.name}] WHERE uid = ?", (uid,)).fetchone()
        return row[0] if row else None

    # reading for the table views ---------------------------------------------------------

    def _query_sql(self, lg: Ledger, q: RecordQuery) -> tuple[str, list]:
        parts, params = [], []
        if q.year is not None:
            sql, p = year_condition(lg, q.year)
            if q.text.strip():
                # words to find are tested on every row of the year anyway: reading the table
                # straight through beats walking the date index and fetching each row by it when
                # the year holds most of the table (140 ms -> 20 ms at 100,000 rows in one year)
                sql = sql.replace(f"[{lg.date_field}]", f"+[{lg.date_field}]")
            parts.append(sql)
            params += p
        if q.equals:
            for name in q.equals:
                lg.field(name)  # KeyError for a field the ledger does not have
            sql, p = where_condition(q.equals)
            parts.append(sql)
            params += p
        if q.month:
            parts.append(f"substr([{lg.date_field}], 6, 2) = ?")
            params.append(f"{int(q.month):02d}")
        if q.evidence is not None:
            parts.append(
                f"id {'' if q.evidence else 'NOT '}IN (SELECT record_id FROM attachments WHERE ledger = ?)"
            )
            params.append(lg.name)
        for word in q.text.split():
            # free text is searched with LIKE; a choice column holds only listed values, so the
            # values containing the word are looked up in the list and matched by index instead
            like = f"%{_escape_like(word)}%"
            ors, ps = [], []
            for f in lg.text_fields:
                if f.is_choice:
                    hits = self._choice_values_like(lg, f, word)
                    if hits:
                        ors.append(f"[{f.name}] IN ({', '.join('?' * len(hits))})")
                        ps += hits
                else:
                    ors.append(f"[{f.name}] LIKE ? ESCAPE '\\'")
                    ps.append(like)
            parts.append("(" + (" OR ".join(ors) or "0") + ")")
            params += ps
        where = (" WHERE " + " AND ".join(parts)) if parts else ""
        return where, params

    def _choice_values_like(self, lg: Ledger, f, word: str) -> list[str]:
        """Every value a choice column may hold (hidden ones too) that contains `word`."""
        key = VILLAGE_KEY if f.type == VILLAGE else (lg.name, f.name)
        w = word.casefold()
        rows = self.conn.execute(
            "SELECT value FROM choices WHERE ledger = ? AND field = ?", key
        ).fetchall()
        return [r[0] for r in rows if w in r[0].casefold()]

    def select(
        self, ledger_name: str, q: RecordQuery | None = None, limit: int = 200, offset: int = 0
    ) -> list[dict[str, Any]]:
        lg = get_ledger(ledger_name)
        q = q or RecordQuery()
        where, params = self._query_sql(lg, q)
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
        where, params = self._query_sql(lg, q or RecordQuery())
        return self.conn.execute(f"SELECT COUNT(*) FROM [{lg.name}]{where}", params).fetchone()[0]

    def row_position(self, ledger_name: str, q: RecordQuery, record_id: int) -> int | None:
        """Where a record stands (0-based) in a query's order; None if the query excludes it."""
        lg = get_ledger(ledger_name)
        row = self.get(ledger_name, record_id)
        if row is None:
            return None
        where, params = self._query_sql(lg, q)
        if self.conn.execute(
            f"SELECT 1 FROM [{lg.name}]{where}{' AND' if where else ' WHERE'} id = ?",
            params + [record_id],
        ).fetchone() is None:
            return None
        order = q.order_by or lg.date_field
        if order not in lg.field_map and order not in META_COLUMNS:
            raise KeyError(order)
        value = row[order]
        # rows before it: ordered value strictly before, or equal with an id before (NULLs sort first)
        if value is None and q.descending:  # NULLs sort last going down
            before = f"([{order}] IS NOT NULL OR id > ?)"
            bparams = [record_id]
        elif value is None:
            before = f"([{order}] IS NULL AND id < ?)"
            bparams = [record_id]
        elif q.descending:
            before = f"([{order}] > ? OR ([{order}] = ? AND id > ?))"
            bparams = [value, value, record_id]
        else:
            before = f"([{order}] IS NULL OR [{order}] < ? OR ([{order}] = ? AND id < ?))"
            bparams = [value, value, record_id]
        sql = f"SELECT COUNT(*) FROM [{lg.name}]{where}{' AND' if where else ' WHERE'} {before}"
        return self.conn.execute(sql, params + bparams).fetchone()[0]

    def month_counts(self, ledger_name: str, year: int) -> dict[int, int]:
        """Records of a ledger in each month of a year, by its date: {1: 12, 2: 9, …}."""
        lg = get_ledger(ledger_name)
        sql, params = year_condition(lg, year, lg.date_field if lg.scope == EVENT else None)
        if lg.scope != EVENT:  # a roster: the month someone joined, within the year
            sql, params = f"[{lg.date_field}] BETWEEN ? AND ?", [f"{year:04d}-01-01", f"{year:04d}-12-31"]
        rows = self.conn.execute(
            f"SELECT CAST(substr([{lg.date_field}], 6, 2) AS INTEGER), COUNT(*) FROM [{lg.name}] "
            f"WHERE {sql} GROUP BY 1",
            params,
        )
        return {int(m): n for m, n in rows if m}

    def year_counts(self, year: int) -> dict[str, int]:
        """Records of each ledger that belong to a year."""
        return {lg.name: self.count(lg.name, RecordQuery(year=year)) for lg in LEDGERS}

    def record_counts(self) -> dict[str, int]:
        return {
            lg.name: self.conn.execute(f"SELECT COUNT(*) FROM [{lg.name}]").fetchone()[0]
            for lg in LEDGERS
        }

    def years(self) -> list[int]:
        """Years that have records, newest first."""
        years: set[int] = set()
        for lg in LEDGERS:
            for (y,) in self.conn.execute(
                f"SELECT DISTINCT CAST(substr([{lg.date_field}], 1, 4) AS INTEGER) FROM [{lg.name}]"
            ):
                if y:
                    years.add(y)
        return sorted(years, reverse=True)

    # locked years ------------------------------------------------------------------------

    def locked_years(self) -> set[int]:
        if "locked" in self._tx_memo:
            return set(self._tx_memo["locked"])
        years = {r[0] for r in self.conn.execute("SELECT year FROM locked_years")}
        if self._in_tx:
            self._tx_memo["locked"] = years
        return set(years)

    def locked_year_touched(
        self, ledger_name: str, before: dict[str, Any] | None, after: dict[str, Any] | None
    ) -> int | None:
        """The first locked year whose content a change alters, if any: a record joining or leaving
        it (by its own date, a roster's years in post, or a date a figure counts by, such as
        结案日期) or a record of that year changing. A roster's later leaving date is not such a
        change."""
        lg = get_ledger(ledger_name)
        for year in sorted(self.locked_years()):
            if _view_in_year(lg, before, year) != _view_in_year(lg, after, year):
                return year
        return None

    def _check_unlocked(
        self, lg: Ledger, before: dict[str, Any] | None, after: dict[str, Any] | None
    ) -> None:
        year = self.locked_year_touched(lg.name, before, after)
        if year is not None:
            raise YearLocked(
                f"{year}年度已锁定（年度报告已印发），「{lg.label}」中属于该年度的记录不能增删改；"
                "如确需修改，请先在“年度”菜单中解除锁定"
            )

    def lock_year(self, year: int) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT OR IGNORE INTO locked_years(year, locked_at, operator) VALUES (?, ?, ?)",
                (year, now_text(), self.operator()),
            )
            self._tx_memo.pop("locked", None)
            self._audit("locked_years", year, "lock", None, {"year": year})

    def unlock_year(self, year: int) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM locked_years WHERE year = ?", (year,))
            self._tx_memo.pop("locked", None)
            self._audit("locked_years", year, "unlock", {"year": year}, None)

    # report wording kept per year -----------------------------------------------------------

    def report_text(self, year: int, section: str) -> str | None:
        row = self.conn.execute(
            "SELECT body FROM report_texts WHERE year = ? AND section = ?", (year, section)
        ).fetchone()
        return row[0] if row else None

    def report_texts(self, year: int) -> dict[str, str]:
        return {
            r[0]: r[1]
            for r in self.conn.execute(
                "SELECT section, body FROM report_texts WHERE year = ?", (year,)
            )
        }

    def set_report_text(self, year: int, section: str, body: str) -> None:
        if not isinstance(body, str) or len(body) > 100_000:
            raise ValidationFailed({section: "报告文字过长（不超过 10 万字）"})
        if year in self.locked_years():
            raise YearLocked(f"{year}年度已锁定（年度报告已印发），报告文字不能修改；如确需修改，请先解除锁定")
        with self.transaction():
            before = self.report_text(year, section)
            self.conn.execute(
                "INSERT INTO report_texts(year, section, body, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(year, section) DO UPDATE SET body = excluded.body, "
                "updated_at = excluded.updated_at",
                (year, section, body, now_text()),
            )
            self._audit("report_texts", year, "update", {section: before}, {section: body})

    # audit ------------------------------------------------------------------------------

    def _audit(self, ledger_name: str, record_id, action: str, before, after) -> None:
        self.conn.execute(
            "INSERT INTO audit_log(at, operator, ledger, record_id, action, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                now_text(),
                self.operator(),
                ledger_name,
                record_id,
                action,
                json.dumps(before, ensure_ascii=False) if before is not None else None,
                json.dumps(after, ensure_ascii=False) if after is not None else None,
            ),
        )

    def log_event(self, action: str, details: dict[str, Any]) -> None:
        """An entry in the audit log for something done to the whole database (a restore)."""
        with self.transaction():
            self._audit("database", None, action, None, details)

    def audit_entries(
        self,
        ledger_name: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 500,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        parts, params = [], []
        if ledger_name:
            parts.append("ledger = ?")
            params.append(ledger_name)
        if since:
            parts.append("at >= ?")
            params.append(since)
        if until:
            parts.append("at < ?")
            params.append(until)
        where = (" WHERE " + " AND ".join(parts)) if parts else ""
        sql = f"SELECT * FROM audit_log{where} ORDER BY id DESC LIMIT ? OFFSET ?"
        return [dict(r) for r in self.conn.execute(sql, params + [limit, offset])]

    def data_version(self) -> int:
        """Changes whenever a record is saved (by anyone): the audit log's newest id."""
        return self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetchone()[0]


def _view_in_year(lg: Ledger, values: dict[str, Any] | None, year: int) -> dict[str, Any] | None:
    """What a year's figures and table see of a record: None when it does not belong to the year
    (by its scope, or a date a figure of the ledger counts by); else its fields, with a roster's
    leaving date, when none or after the year, reduced to "after"."""
    if values is None:
        return None
    start, end = f"{year:04d}-01-01", f"{year:04d}-12-31"
    date = values.get(lg.date_field)
    date = str(date) if date else None
    if lg.scope == EVENT:
        dates = [date] + [values.get(fd.date_field) for fd in lg.figures if fd.date_field]
        belongs = any(d and start <= str(d) <= end for d in dates)
    else:
        leave = values.get(lg.end_field) if lg.end_field else None
        leave = str(leave) if leave else None
        from_ = end if lg.scope == HELD_AT_END else start
        belongs = bool(date and date <= end and (leave is None or leave >= from_))
    if not belongs:
        return None
    view = {f.name: values.get(f.name) for f in lg.fields}
    view["reviewed"] = int(bool(values.get("reviewed")))
    if lg.end_field and (not view.get(lg.end_field) or str(view[lg.end_field]) > end):
        view[lg.end_field] = "after"  # still in post when the year ended: all the year sees
    return view


def _clean_uid(uid: Any) -> str:
    if isinstance(uid, str) and 8 <= len(uid.strip()) <= 64 and uid.strip().isprintable():
        return uid.strip()
    return uuid.uuid4().hex


def _check_writable(path: Path) -> None:
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


# -- schema ------------------------------------------------------------------------------


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


def _schema_changes(conn: sqlite3.Connection, for_reading: bool = False) -> list[str]:
    """What _sync_schema would add: missing tables, columns, indexes and built-in choices; with
    `for_reading`, only what reading needs (tables and columns: a missing index is only slower,
    a missing built-in kind is offered from the definitions).

    Read with plain PRAGMAs: this runs at every open and must stay cheap."""
    changes = []
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for name in ("profile", "choices", "audit_log", "locked_years", "report_texts"):
        if name not in tables:
            changes.append(name)
    if "attachments" not in tables and not for_reading:  # read as none until opened normally
        changes.append("attachments")
    for lg in LEDGERS:
        if lg.name not in tables:
            changes.append(lg.name)
            continue
        have = {r[1] for r in conn.execute(f"PRAGMA table_info([{lg.name}])")}
        changes += [f"{lg.name}.{c}" for c in _ledger_columns(lg) if c not in have]
        if for_reading:
            continue
        have_idx = {
            tuple(c[2] for c in conn.execute(f"PRAGMA index_info([{idx[1]}])"))
            for idx in conn.execute(f"PRAGMA index_list([{lg.name}])")
        }
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
        db["profile"].create({"key": str, "value": str}, pk="key")
    if "choices" not in tables:
        db["choices"].create(
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
        db["audit_log"].create(
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
        db["audit_log"].create_index(["ledger", "at"])
        db["audit_log"].create_index(["at"])
    if "locked_years" not in tables:
        db["locked_years"].create({"year": int, "locked_at": str, "operator": str}, pk="year")
    if "report_texts" not in tables:
        db["report_texts"].create(
            {"year": int, "section": str, "body": str, "updated_at": str},
            pk=("year", "section"),
        )
    if "attachments" not in tables:
        from .attachments import create_table

        create_table(db)
    for lg in LEDGERS:
        cols = _ledger_columns(lg)
        if lg.name not in tables:
            db[lg.name].create(
                cols,
                pk="id",
                not_null={"uid", "created_at", "updated_at"},
                defaults={"reviewed": 0},
            )
            db[lg.name].create_index(["uid"], unique=True)
        else:
            have = db[lg.name].columns_dict
            for name, typ in cols.items():
                if name not in have:
                    db[lg.name].add_column(name, typ)
        have_idx = {tuple(i.columns) for i in db[lg.name].indexes}
        for cols_ in _ledger_indexes(lg):
            if tuple(cols_) not in have_idx:
                db[lg.name].create_index(cols_)
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
    from .wording import convert_saved_wording

    rows = db.execute("SELECT year, section, body FROM report_texts").fetchall()
    for year, section, body in rows:
        new = convert_saved_wording(section, body)
        if new is None:
            db.execute("DELETE FROM report_texts WHERE year = ? AND section = ?", (year, section))
        elif new != body:
            db.execute("UPDATE report_texts SET body = ? WHERE year = ? AND section = ?", (new, year, section))


MIGRATIONS = {1: _migrate_to_1, 2: _migrate_to_2}


def _create_file(path: Path, profile: dict[str, Any]) -> None:
    """Create a new database: built in a temporary file, then moved into place."""
    if not path.parent.exists():
        raise UserError(f"文件夹不存在：{path.parent}")
    tmp = path.with_name(f".{path.name}.creating")
    try:
        if tmp.exists():
            tmp.unlink()
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
    if profile:
        with Store.open(path) as store:
            store.set_profile(profile)


def _owner_only(path: Path) -> None:
    if os.name == "posix":
        os.chmod(path, 0o600)


def _backup_before_migration(path: Path, version: int) -> Path:
    """Copy the database (SQLite backup API, verified) beside itself before its schema changes."""
    from .backup import BackupError, make_backup

    try:
        info = make_backup(path, path.parent, label=f"{path.stem}_升级前备份v{version}",
                           link_attachments=True)
    except BackupError as e:
        raise UserError(f"数据库需要升级，但升级前的备份没有成功，数据库未作改动：{e.message}") from None
    return info.path
