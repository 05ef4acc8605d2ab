"""Applying an import plan in one transaction: everything, or (on any error) nothing.

    result = apply_import(store, plan, good_rows_only=False, progress=progress)
"""

from __future__ import annotations

import os
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field as dc_field
from typing import Any, cast

from ..errors import UserError, ValidationFailed
from ..ledgers import LEDGER_MAP, Ledger
from ..store import Store
from .columns import PROGRESS_EVERY, Progress, report_progress, sheet_title
from .plan import ImportPlan, PlannedRow, read_workbook


@dataclass
class ImportResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # bad rows left out (good_rows_only)
    duplicates_skipped: int = 0  # likely duplicates left out (keep_duplicates not given)
    inserted_ids: list[tuple[str, int]] = dc_field(default_factory=list)  # (ledger, id): for undo
    updated_before: list[tuple[str, dict[str, Any]]] = dc_field(default_factory=list)  # (ledger, row)
    profile_set: bool = False
    choices_added: list[tuple[str, str, str]] = dc_field(default_factory=list)
    units: dict[tuple[str, str, str], str] = dc_field(default_factory=dict)  # of choices_added
    report_texts_set: int = 0

    def kinds_added(self, units: dict[tuple[str, str, str], str] | None = None) -> list[str]:
        """The kinds the import added, as the clerk reads them: "学法活动·读书班（期）"."""
        out = []
        for lname, fname, v in self.choices_added:
            if lname not in LEDGER_MAP:  # a village
                continue
            lg = LEDGER_MAP[lname]
            what = f"{lg.label}·{v}" if fname == (lg.kinds_field.name if lg.kinds_field else "") \
                else f"{lg.label}「{lg.field(fname).label}」·{v}"
            unit = self.units.get((lname, fname, v)) or lg.unit
            out.append(f"{what}（{unit}）")
        return out

    def summary(self) -> str:
        s = f"新增 {self.inserted} 条，更新 {self.updated} 条，未变 {self.unchanged} 条"
        kinds = self.kinds_added()
        if kinds:
            s += "；新增类型：" + "、".join(kinds)
        if self.report_texts_set:
            s += f"；报告文字 {self.report_texts_set} 段"
        if self.skipped:
            s += f"；有错误未导入 {self.skipped} 行"
        if self.duplicates_skipped:
            s += f"；可能重复未导入 {self.duplicates_skipped} 行"
        return s


def apply_import(
    store: Store,
    plan: ImportPlan,
    good_rows_only: bool = False,
    progress: Progress | None = None,
    keep_duplicates: bool = False,
) -> ImportResult:
    """Write what the plan says, in ONE transaction: everything, or (on any error) nothing.

    With problems in the plan, nothing is written unless good_rows_only, which imports the good
    rows and leaves the bad ones out. Likely duplicates (plan.duplicates) are left out unless
    keep_duplicates. The result names what was added and what each updated record was before,
    so that the whole import can be undone as one step.
    """
    if plan.problems and not good_rows_only:
        raise UserError(
            f"工作簿中有 {plan.problems.total} 处错误（{plan.bad_rows} 行），未导入任何记录；"
            "请改正后重新导入，或选择只导入正确的行"
        )
    if store.readonly:
        raise UserError("数据库以只读方式打开，不能导入")
    result = ImportResult(skipped=plan.bad_rows)
    inserts: dict[str, list[PlannedRow]] = defaultdict(list)
    updates: list[PlannedRow] = []
    for r in plan.rows:
        if r.action == "insert" and r.duplicate and not keep_duplicates:
            result.duplicates_skipped += 1
        elif r.action == "insert":
            inserts[r.ledger].append(r)
        elif r.action == "update":
            updates.append(r)
        else:
            result.unchanged += 1
    total = sum(len(v) for v in inserts.values()) + len(updates)
    done = 0
    try:
        with store.transaction():
            if plan.profile is not None:
                store.set_profile(plan.profile)
                result.profile_set = True
            for lname, fname, v in plan.new_choices:
                unit = plan.choice_units.get((lname, fname, v), "")
                store.choices.add(lname, fname, v, unit)
                result.choices_added.append((lname, fname, v))
                if unit:
                    result.units[(lname, fname, v)] = unit
            for year, key, body in plan.report_texts:
                store.report_texts.set(year, key, body)
                result.report_texts_set += 1
            for lname, rows in inserts.items():
                lg = LEDGER_MAP[lname]
                for i in range(0, len(rows), PROGRESS_EVERY):
                    chunk = rows[i:i + PROGRESS_EVERY]
                    ids = store.insert_many(lname, [_input_form(lg, r.values, r.uid) for r in chunk])
                    result.inserted_ids += [(lname, rid) for rid in ids]
                    done += len(chunk)
                    result.inserted += len(chunk)
                    report_progress(progress, done, total, f"写入「{sheet_title(lg)}」")
            for r in updates:
                lg = LEDGER_MAP[r.ledger]
                changes = {n: lg.field(n).to_input(r.values[n]) for n in r.changed}
                before = store.get(r.ledger, cast(int, r.record_id))
                store.update(r.ledger, cast(int, r.record_id), changes)
                if before is not None:
                    result.updated_before.append((r.ledger, before))
                done += 1
                result.updated += 1
                if done % PROGRESS_EVERY == 0:
                    report_progress(progress, done, total, f"更新「{sheet_title(lg)}」")
    except sqlite3.IntegrityError:
        raise UserError("数据库在检查之后被改动过（记录编号冲突），未导入任何记录；请重新导入") from None
    except ValidationFailed as e:
        raise UserError(f"数据库在检查之后被改动过，未导入任何记录；请重新导入（{e.message}）") from None
    report_progress(progress, total, total, "导入完成")
    return result


def _input_form(lg: Ledger, clean: dict[str, Any], uid: str | None) -> dict[str, Any]:
    """A stored record as the validator takes it again (money back in 元, and so on)."""
    values = {f.name: f.to_input(clean[f.name]) for f in lg.fields}
    if uid:
        values["uid"] = uid
    return values


def import_file(
    path: str | os.PathLike,
    store: Store,
    *,
    good_rows_only: bool = False,
    progress: Progress | None = None,
) -> tuple[ImportPlan, ImportResult | None]:
    """read_workbook then apply_import (unless refused); for scripts."""
    plan = read_workbook(path, store, progress)
    if plan.problems and not good_rows_only:
        return plan, None
    return plan, apply_import(store, plan, good_rows_only=good_rows_only, progress=progress)
