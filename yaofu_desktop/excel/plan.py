"""Planning an import: every row of a Book validated against the database, nothing written.

    plan = read_workbook(path, store, progress)   # an ImportPlan: rows, problems, warnings
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from typing import Any, cast

from ..errors import ValidationFailed
from ..fields import VILLAGE
from ..ledgers import LEDGER_MAP, Ledger
from ..store import PROFILE_DEFAULTS, PROFILE_FIELDS, VILLAGE_KEY, Store, is_record_key
from .columns import (
    PROGRESS_EVERY,
    REPORT_EXTRA_LABELS,
    REPORT_TEXT_MAX,
    SHEET_CHOICES,
    SHEET_PROFILE,
    SHEET_REPORT,
    Progress,
    list_key,
    report_progress,
)
from .read import BadCell, Book, Problem, Problems, read_book


@dataclass
class PlannedRow:
    """A good row of the workbook and what importing it will do."""

    ledger: str
    sheet: str
    row: int
    action: str  # "insert" | "update" | "same"
    values: dict[str, Any]  # the stored form of the whole record
    uid: str | None = None
    record_id: int | None = None  # for "update" and "same"
    changed: tuple[str, ...] = ()  # for "update": the fields that differ
    duplicate: str = ""  # for "insert": the record or row it likely repeats (duplicates.py)


@dataclass
class ImportPlan:
    """What importing a workbook would do; made by read_workbook, nothing written yet."""

    path: Path
    rows: list[PlannedRow] = dc_field(default_factory=list)
    problems: Problems = dc_field(default_factory=Problems)
    warnings: Problems = dc_field(default_factory=Problems)  # do not stop the import
    bad_rows: int = 0  # rows refused (problems name them)
    profile: dict[str, Any] | None = None  # what set_profile would be given (None: left alone)
    new_choices: list[tuple[str, str, str]] = dc_field(default_factory=list)  # (ledger, field, value)
    choice_units: dict[tuple[str, str, str], str] = dc_field(default_factory=dict)  # of new_choices
    report_texts: list[tuple[int, str, str]] = dc_field(default_factory=list)  # (year, section, body)
    sheets: list[str] = dc_field(default_factory=list)  # ledger sheets read
    # good rows that likely repeat a record or an earlier row: left out unless the clerk keeps them
    duplicates: Problems = dc_field(default_factory=Problems)

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def inserts(self) -> int:
        return self.count("insert")

    @property
    def updates(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("same")

    def summary(self) -> str:
        s = f"可新增 {self.inserts} 条，更新 {self.updates} 条，未变 {self.unchanged} 条"
        if self.duplicates:
            s += f"；可能重复 {self.duplicates.total} 行（其中已计入新增）"
        if self.problems:
            s += f"；有错误 {self.problems.total} 处（{self.bad_rows} 行）"
        return s


class _Rollback(Exception):
    pass


def _profile_is_empty(store: Store) -> bool:
    prof = store.profile()
    return not any(prof.get(k) for k, _ in PROFILE_FIELDS if k not in PROFILE_DEFAULTS)


def _existing(store: Store, lg: Ledger, uids: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(uids), 500):
        chunk = uids[i:i + 500]
        sql = f"SELECT * FROM [{lg.name}] WHERE uid IN ({', '.join('?' * len(chunk))})"
        for r in store.conn.execute(sql, chunk):
            out[r["uid"]] = dict(r)
    return out


def _records_by_content(store: Store, lg: Ledger, names: list[str]) -> dict[tuple, list[int]]:
    """A ledger's records by their values (the stored form), each with the ids holding it."""
    out: dict[tuple, list[int]] = defaultdict(list)
    cols = ", ".join(f"[{n}]" for n in names)
    for r in store.conn.execute(f"SELECT id, {cols} FROM [{lg.name}] ORDER BY id DESC"):
        out[tuple(r)[1:]].append(r[0])
    return out


def read_workbook(path: str | os.PathLike, store: Store, progress: Progress | None = None) -> ImportPlan:
    """Read a workbook (.xlsx, or one ledger as .csv) and validate every row against `store`.

    Nothing is written. Raises UserError (in Chinese) for a file that is not a readable workbook.
    """
    p = Path(path)
    book = read_book(p, progress)
    return plan_import(store, book, progress)


def plan_import(store: Store, book: Book, progress: Progress | None) -> ImportPlan:
    """Every row of the book checked against `store`; nothing is written (what the profile and new
    kinds would change is tried in a transaction that is rolled back)."""
    plan = ImportPlan(book.path, problems=book.problems, warnings=book.warnings)
    plan.sheets = [s.title for s in book.sheets]
    # the profile goes into a new database, or one whose profile is still empty
    profile = {k: v for k, v in book.profile.items()}
    if profile and _profile_is_empty(store):
        plan.profile = dict(profile, villages=list(book.villages))
    elif book.profile and not _profile_is_empty(store):
        theirs = book.profile.get("township") or book.profile.get("government")
        ours = store.profile().get("township") or store.profile().get("government")
        if theirs and ours and theirs != ours:
            plan.warnings.append(Problem(
                SHEET_PROFILE, 0, "", f"工作簿是「{theirs}」的台账，本数据库是「{ours}」的；概况未导入",
            ))

    # kinds and villages the workbook knows and the database does not: added when rows use them
    # (all of them when the database takes the workbook's profile, i.e. is new)
    used: dict[tuple[str, str], set[str]] = defaultdict(set)
    for sh in book.sheets:
        for f in sh.ledger.fields:
            if f.is_choice:
                key = list_key(sh.ledger, f)
                for _, raw in sh.rows:
                    v = raw.get(f.name)
                    if isinstance(v, str):
                        used[key].add(v)
    offered = {k: list(v) for k, v in book.lists.items()}
    vill = offered.setdefault(VILLAGE_KEY, [])
    vill += [v for v in book.villages if v not in vill]
    take_all = plan.profile is not None
    if not store.choices.villages() and not vill and used.get(VILLAGE_KEY):
        # a database (or workbook) with no village list yet, and rows that name villages (a CSV, a
        # sheet typed by hand): the villages the rows name become the list, and the clerk is told
        vill += list(dict.fromkeys(  # in the order the rows name them
            raw[f.name] for sh in book.sheets for f in sh.ledger.fields if f.type == VILLAGE
            for _, raw in sh.rows if isinstance(raw.get(f.name), str)
        ))
        plan.warnings.append(Problem(
            SHEET_PROFILE, 0, "",
            "数据库中还没有村（社区）名单，按工作簿中填写的添加：" + "、".join(vill)
            + "；如有写错的，请在“乡镇概况”中改正",
        ))
        if plan.profile is not None:
            plan.profile["villages"] = list(vill)
    # a kind written in the 类型 sheet is added on purpose — when the workbook is this township's
    theirs = book.profile.get("township") or book.profile.get("government")
    ours = store.profile().get("township") or store.profile().get("government")
    own_book = not theirs or not ours or theirs == ours
    for key, values in offered.items():
        if key == VILLAGE_KEY:
            have = set(store.choices.villages())
        else:
            have = set(store.choices.values(*key))
        for v in values:
            listed = own_book and (key[0], key[1], v) in book.kinds_listed
            if v not in have and (take_all or listed or v in used.get(key, ())):
                plan.new_choices.append((key[0], key[1], v))
    if plan.profile is not None:  # set_profile adds the villages itself
        plan.new_choices = [c for c in plan.new_choices if (c[0], c[1]) != VILLAGE_KEY]
    plan.choice_units = {c: book.units[c] for c in plan.new_choices if c in book.units}
    _plan_report_texts(store, book, plan)

    needs_tx = (plan.profile is not None or plan.new_choices) and not store.readonly
    try:
        if needs_tx:
            with store.transaction():
                _stage_setup(store, plan, book)
                _plan_rows(store, book, plan, progress)
                raise _Rollback
        else:
            _plan_rows(store, book, plan, progress)
    except _Rollback:
        pass
    return plan


def _plan_report_texts(store: Store, book: Book, plan: ImportPlan) -> None:
    """Report wording goes where the database has none for that year and section; wording that
    differs from the database's is left out, with a warning (the clerk's edits are never lost)."""
    from ..outline import SECTION_ORDER, section_label
    from ..wording import convert_saved_wording

    locked = store.year_locks.years()
    for (year, key), body in book.report_texts.items():
        converted = convert_saved_wording(key, body)  # the text of an earlier version's workbook
        if converted is None:
            continue  # an earlier default wording, not the clerk's
        body = converted
        have = store.report_texts.get(year, key)
        if have == body:
            continue
        label = section_label(key) if key in SECTION_ORDER else REPORT_EXTRA_LABELS[key]
        row = book.report_rows[(year, key)]
        if have is not None:
            plan.warnings.append(Problem(
                SHEET_REPORT, row, "", f"{year}年度「{label}」与本数据库中的不同，保留数据库中的文字，未导入",
            ))
        elif year in locked:
            plan.warnings.append(Problem(SHEET_REPORT, row, "", f"{year}年度已锁定，「{label}」未导入"))
        elif len(body) > REPORT_TEXT_MAX:
            plan.warnings.append(Problem(SHEET_REPORT, row, "", f"「{label}」超过 10 万字，未导入"))
        else:
            plan.report_texts.append((year, key, body))


def _stage_setup(store: Store, plan: ImportPlan, book: Book) -> None:
    """Profile and new kinds, as apply_import does them first; problems go into the plan."""
    if plan.profile is not None:
        try:
            store.set_profile(plan.profile)
        except ValidationFailed as e:
            labels = dict(PROFILE_FIELDS)
            for key, msg in e.errors.items():
                plan.problems.append(
                    Problem(SHEET_PROFILE, book.profile_rows.get(key, 0), labels.get(key, key), msg)
                )
            plan.profile = None
    kept = []
    for lname, fname, v in plan.new_choices:
        try:
            store.choices.add(lname, fname, v, plan.choice_units.get((lname, fname, v), ""))
            kept.append((lname, fname, v))
        except ValidationFailed as e:
            where = SHEET_PROFILE if (lname, fname) == VILLAGE_KEY else SHEET_CHOICES
            plan.warnings.append(Problem(where, 0, "", "；".join(e.errors.values()) + f"（“{v}”未添加）"))
    plan.new_choices = kept


def _plan_rows(store: Store, book: Book, plan: ImportPlan, progress: Progress | None) -> None:
    locked = store.year_locks.years()
    total = sum(len(s.rows) for s in book.sheets)
    done = 0
    bad: set[tuple[str, int]] = set()
    for sh in book.sheets:
        lg = sh.ledger
        present = set(sh.labels)
        absent = [f for f in lg.fields if f.name not in present]
        uids = [r["uid"] for _, r in sh.rows if isinstance(r.get("uid"), str)]
        existing = _existing(store, lg, uids) if uids else {}
        seen: dict[str, int] = {}
        names = [f.name for f in lg.fields]
        # rows without a record key (typed into a template, or added to an exported sheet) are
        # matched by content, so that importing the same sheet again adds nothing twice
        alike = _records_by_content(store, lg, names) if len(uids) < len(sh.rows) else {}
        date_label = lg.field(lg.date_field).label
        for rowno, raw in sh.rows:
            done += 1
            if done % PROGRESS_EVERY == 0:
                report_progress(progress, done, total, f"检查「{sh.title}」")
            row_problems: list[Problem] = [
                Problem(sh.title, rowno, sh.labels.get(name) or name[1:],
                        f"「{sh.labels[name]}」{v.message}" if name in sh.labels else v.message)
                for name, v in raw.items() if isinstance(v, BadCell)
            ]
            if row_problems:
                plan.problems.extend(row_problems)
                bad.add((sh.title, rowno))
                continue
            values = dict(raw)
            uid = values.pop("uid", None)
            if uid is not None:
                if not is_record_key(uid):
                    row_problems.append(Problem(
                        sh.title, rowno, sh.labels["uid"],
                        "记录编号被改动过，无法识别；新增的记录请让这一格留空",
                    ))
                    uid = None
                elif uid in seen:
                    row_problems.append(Problem(
                        sh.title, rowno, sh.labels["uid"],
                        f"与第{seen[uid]}行的记录编号相同；复制一行来新增记录时，请清空新行的记录编号",
                    ))
                    uid = None
                else:
                    seen[uid] = rowno
            before = existing.get(uid) if uid else None
            if before is not None:
                # a column the sheet lacks keeps the record's value
                merged = {f.name: f.to_input(before[f.name]) for f in absent}
                merged.update(values)
            else:
                merged = values
            clean = None
            try:
                clean = store.validate(lg.name, merged, keep=before)
            except ValidationFailed as e:
                for name, msg in e.errors.items():
                    if before is None and name in sh.missing_required:
                        continue  # said once for the sheet
                    label = sh.labels.get(name) or (lg.field(name).label if name in lg.field_map else name)
                    row_problems.append(Problem(sh.title, rowno, label, msg))
                if not row_problems:  # only the missing required columns
                    row_problems.append(Problem(sh.title, rowno, "", "缺少必填栏目，不能新增"))
            if clean is not None and not row_problems:
                twin = alike.get(tuple(clean[n] for n in names)) if uid is None else None
                if twin:
                    before = {"id": twin.pop()}
                    action, changed = "same", cast(tuple[str, ...], ())
                elif before is None:
                    action, changed = "insert", ()
                else:
                    changed = tuple(n for n in names if clean[n] != before[n])
                    action = "update" if changed else "same"
                if action != "same" and locked:
                    after = clean if before is None else dict(clean, reviewed=before["reviewed"])
                    y = store.year_locks.touched(lg.name, before, after)
                    if y is not None:
                        row_problems.append(Problem(
                            sh.title, rowno, sh.labels.get(lg.date_field, date_label),
                            f"{y}年度已锁定（年度报告已印发），不能导入或修改该年度的记录；"
                            "如确需导入，请先在“年度”菜单中解除锁定",
                        ))
                if not row_problems:
                    plan.rows.append(PlannedRow(
                        lg.name, sh.title, rowno, action, clean, uid,
                        before["id"] if before is not None else None, changed,
                    ))
                    continue
            plan.problems.extend(row_problems)
            bad.add((sh.title, rowno))
        # rows of a sheet without a required column are refused too
    plan.bad_rows = len(bad)
    _mark_duplicates(store, plan)
    report_progress(progress, total, total, "检查完成")


def _mark_duplicates(store: Store, plan: ImportPlan) -> None:
    """Rows to be added that likely repeat a record (the same 决定书文号) or an earlier row of the
    workbook (three identical rows): named in plan.duplicates, left out unless kept."""
    from ..duplicates import find_duplicates

    by_ledger: dict[str, list[PlannedRow]] = defaultdict(list)
    for r in plan.rows:
        if r.action == "insert":
            by_ledger[r.ledger].append(r)
    for lname, rows in by_ledger.items():
        lg = LEDGER_MAP[lname]
        found = find_duplicates(store, lname, [r.values for r in rows], uids=[r.uid for r in rows])
        for r, dups in zip(rows, found):
            if not dups:
                continue
            r.duplicate = dups[0].message(lg, row_name=lambda i: f"第{rows[i].row}行")
            plan.duplicates.append(Problem(r.sheet, r.row, "", r.duplicate))
