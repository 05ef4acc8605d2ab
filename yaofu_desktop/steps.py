"""Steps a clerk can take back (编辑 → 撤销, Ctrl+Z): a delete, a paste, an edit in the table, a
fill down. Each step is written in ONE transaction (all of it, or, when one record breaks a rule,
nothing) and records what its undo needs; the undo is one transaction too. Every record either
touches goes through the store, so each change is validated and in the audit log.

    step = update_records(store, "mediations", {12: {"result": "调解成功"}}, "修改「调解结果」")
    step = delete_records(store, "mediations", [12, 13])
    step = import_step(result, "mediations", "粘贴")     # after excel.apply_import
    step.undo(store)                                     # refuses when a record changed since
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import UserError
from .ledgers import ledger as get_ledger
from .store import Store


@dataclass
class Step:
    """One thing done to a ledger's records that an undo takes back as a whole."""

    ledger: str
    label: str  # what was done, as the menu says it after 撤销: 删除 / 粘贴 / 修改「调解结果」
    inserted: list[int] = field(default_factory=list)  # records added: deleted again
    deleted: list[dict[str, Any]] = field(default_factory=list)  # records deleted: put back
    before: list[dict[str, Any]] = field(default_factory=list)  # records changed, as they were
    stamps: dict[int, str] = field(default_factory=dict)  # id -> updated_at the step left

    @property
    def count(self) -> int:
        return len(self.inserted) + len(self.deleted) + len(self.before)

    def _check_unchanged(self, store: Store, record_id: int) -> dict[str, Any] | None:
        now = store.get(self.ledger, record_id)
        if now is not None and self.stamps.get(record_id) not in (None, now["updated_at"]):
            raise UserError(f"要撤销的记录（编号 {record_id}）在此之后又被修改过；为免丢失后来的修改，没有撤销")
        return now

    def undo(self, store: Store) -> list[int]:
        """Take the step back in one transaction (each change in the audit log); the ids of the
        records put back or restored. Nothing is written when a record the step added or changed
        was changed again since (a later change is never lost silently)."""
        lg = get_ledger(self.ledger)
        back: list[int] = []
        with store.transaction():
            for rid in self.inserted:
                if self._check_unchanged(store, rid) is not None:
                    store.delete(self.ledger, rid)
            for rec in self.deleted:
                back.append(store.undelete(self.ledger, rec))
            for rec in self.before:
                if self._check_unchanged(store, rec["id"]) is None:
                    raise UserError(f"要撤销的记录（编号 {rec['id']}）已被删除，无法恢复修改前的内容")
                changes: dict[str, Any] = {f.name: f.to_input(rec[f.name]) for f in lg.fields}
                changes["reviewed"] = rec.get("reviewed", 0)
                store.update(self.ledger, rec["id"], changes)
                back.append(rec["id"])
        return back


def checked_change(store: Store, ledger_name: str, rid: int, changes: dict[str, Any]) -> tuple[dict, dict]:
    """The record as it is and as it would be with `changes`, validated whole as the form's save
    is (ValidationFailed names the field and the rule); UserError when it is gone."""
    lg = get_ledger(ledger_name)
    rec = store.get(ledger_name, rid)
    if rec is None:
        raise UserError(f"「{lg.label}」中找不到这条记录（编号 {rid}），可能已被删除")
    merged = {f.name: f.to_input(rec[f.name]) for f in lg.fields}
    merged.update(changes)
    return rec, store.validate(ledger_name, merged, keep=rec)


def update_records(store: Store, ledger_name: str, changes_by_id: dict[int, dict[str, Any]], label: str) -> Step:
    """Change fields of several records in one transaction: each record validated whole, as the
    form's save is (ValidationFailed names the field and the rule), each change in the audit log;
    nothing written when one fails. Records whose values do not change are left alone."""
    step = Step(ledger_name, label)
    with store.transaction():
        for rid, changes in changes_by_id.items():
            rec, clean = checked_change(store, ledger_name, rid, changes)
            if all(clean[n] == rec[n] for n in clean):
                continue  # the same value typed again: nothing written, nothing to undo
            after = store.update(ledger_name, rid, changes)
            step.before.append(rec)
            step.stamps[rid] = after["updated_at"]
    return step


def delete_records(store: Store, ledger_name: str, ids: list[int], label: str = "删除") -> Step:
    """Delete records in one transaction; the step puts them back (with their 佐证材料)."""
    step = Step(ledger_name, label)
    with store.transaction():
        for rid in ids:
            step.deleted.append(store.delete(ledger_name, rid))
    return step


def import_step(result: Any, ledger_name: str, label: str) -> Step:
    """The step of a paste or an import into one ledger (an excel.ImportResult): the records it
    added are deleted again, the ones it updated restored."""
    step = Step(ledger_name, label)
    step.inserted = [rid for lname, rid in result.inserted_ids if lname == ledger_name]
    step.before = [rec for lname, rec in result.updated_before if lname == ledger_name]
    return step


def stamp(store: Store, step: Step) -> Step:
    """Note the updated_at each record of the step has now (after an import wrote them)."""
    for rid in step.inserted + [r["id"] for r in step.before]:
        now = store.get(step.ledger, rid)
        if now is not None:
            step.stamps[rid] = now["updated_at"]
    return step
