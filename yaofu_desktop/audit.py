"""The audit log (操作记录) said in Chinese: what each entry did, to which record, field by field.

    text = describe_entry(entry)   # an entry of store.audit.entries()
    text.ledger, text.record, text.action, text.changes

The store keeps each entry's record before and after as JSON with the ledgers' column names
(``topic``, ``kind`` …) and, for what is done to the whole database or to the lists of kinds, its
own keys (``backup``, ``kept_aside``; ``ledger``, ``field``, ``value``, ``unit``). Here they get the
labels the clerk knows: the field labels of the ledger definitions, the ledgers' names, 备份文件,
原数据库另存为 …; a key no label is known for is shown as it is rather than hidden.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from .ledgers import LEDGER_MAP, describe_record

# The store's own "ledgers" in the audit log that are not ledgers.
OTHER_LABELS = {
    "profile": "乡镇概况",
    "locked_years": "年度锁定",
    "report_texts": "年度报告文字",
    "choices": "可选项",
    "database": "整个数据库",
}
ACTIONS = {
    "insert": "新增",
    "update": "修改",
    "delete": "删除",
    "undelete": "恢复（撤销删除）",
    "review": "核对",
    "unreview": "取消核对",
    "lock": "锁定",
    "unlock": "解锁",
    "restore": "从备份恢复",
    "hide": "停用选项",
    "add": "添加选项",
    "import": "导入",
    "attach": "添加佐证材料",
    "detach": "移除佐证材料",
    "reattach": "恢复佐证材料（撤销移除）",
    "caption": "修改佐证材料名称",
    "reorder": "调整佐证材料顺序",
}
# Columns every ledger table has that say nothing to the clerk.
HIDDEN = {"id", "uid", "created_at", "updated_at"}
# What the store writes for the whole database (a restore) and for a kind added or taken off.
DATABASE_LABELS = {"backup": "备份文件", "kept_aside": "原数据库另存为"}
CHOICE_LABELS = {"ledger": "台账", "field": "栏目", "value": "选项", "unit": "单位"}
MAX_SHOWN = 60  # characters of one value shown in the list


def ledger_label(name: str | None) -> str:
    if not name:
        return ""
    if name in LEDGER_MAP:
        return LEDGER_MAP[name].label
    return OTHER_LABELS.get(name, name)


def action_label(action: str | None) -> str:
    return ACTIONS.get(action or "", action or "")


def format_time(at: str | None) -> str:
    if not at:
        return ""
    try:
        return dt.datetime.fromisoformat(at).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return at


def _load(text: Any) -> Any:
    if text is None or text == "":
        return None
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def _clip(s: str) -> str:
    s = s.replace("\n", " ")
    return s if len(s) <= MAX_SHOWN else s[:MAX_SHOWN] + "…"


def _profile_labels() -> dict[str, str]:
    from .store import PROFILE_FIELDS

    return dict(PROFILE_FIELDS) | {"villages": "村（社区）"}


def _section_label(key: str) -> str:
    """A report section's Chinese name (「（一）…」), from the report's wording file."""
    if key == "issue_date":
        return "印发日期"
    try:
        from .outline import section_label

        return "「{0}」".format(section_label(key))
    except Exception:  # noqa: BLE001 - an unknown section is named by its key
        return "「{0}」".format(key)


def _plain(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return "" if value is None else str(value)


def _label_and_value(ledger_name: str, key: str, value: Any) -> tuple[str, str]:
    """The field's Chinese label and the value as the clerk reads it."""
    lg = LEDGER_MAP.get(ledger_name)
    if key == "reviewed":
        return "已核对", "是" if value else "否"
    if lg is not None and key in lg.field_map:
        f = lg.field_map[key]
        try:
            shown = f.display(value)
        except Exception:  # noqa: BLE001 - an odd stored value is shown as it is
            shown = _plain(value)
        return f.label, shown
    if ledger_name == "profile":
        return _profile_labels().get(key, key), _plain(value)
    if ledger_name == "report_texts":
        return "报告{0}".format(_section_label(key)), _plain(value)
    if ledger_name == "database":
        return DATABASE_LABELS.get(key, key), _plain(value)
    return key, _plain(value)


def _ordered_keys(ledger_name: str, keys) -> list[str]:
    lg = LEDGER_MAP.get(ledger_name)
    order = [f.name for f in lg.fields] if lg is not None else []
    if ledger_name == "database":
        order = list(DATABASE_LABELS)
    keys = [k for k in keys if k not in HIDDEN]
    return sorted(keys, key=lambda k: (order.index(k) if k in order else len(order), k))


def _describe_choice(values: dict[str, Any]) -> str:
    """A kind (or a village) added to or taken off a list: 台账, 栏目, 选项, 单位 in Chinese."""
    name, field_name = values.get("ledger"), values.get("field")
    if name == "*" or field_name == "village":  # villages are shared by every ledger
        return "村（社区）：{0}".format(values.get("value") or "")
    lines = []
    lg = LEDGER_MAP.get(name or "")
    if name:
        lines.append(f"{CHOICE_LABELS['ledger']}：{ledger_label(name)}")
    if field_name:
        label = lg.field_map[field_name].label if lg is not None and field_name in lg.field_map else field_name
        lines.append(f"{CHOICE_LABELS['field']}：{label}")
    for key in ("value", "unit"):
        if values.get(key):
            lines.append(f"{CHOICE_LABELS[key]}：{values[key]}")
    known = set(CHOICE_LABELS)
    lines += [f"{k}：{_clip(_plain(v))}" for k, v in values.items() if k not in known and v not in (None, "")]
    return "\n".join(lines)


def describe_changes(entry: dict[str, Any]) -> str:
    """改前 → 改后 for each field that changed (an update), or the saved values (new/deleted)."""
    name = entry.get("ledger") or ""
    action = entry.get("action") or ""
    before, after = _load(entry.get("before")), _load(entry.get("after"))
    if name == "locked_years":
        year = (after or before or {}).get("year") if isinstance(after or before, dict) else entry.get("record_id")
        return ("锁定{0}年度（年度报告已印发）" if action == "lock" else "解除{0}年度的锁定").format(year)
    if name == "choices" and isinstance(after or before, dict):
        return _describe_choice(after if isinstance(after, dict) else before)
    if not isinstance(before, dict) and not isinstance(after, dict):
        return ""
    lines = []
    if isinstance(before, dict) and isinstance(after, dict):
        keys = _ordered_keys(name, set(before) | set(after))
        for k in keys:
            if k not in after or before.get(k) == after.get(k):
                continue
            label, old = _label_and_value(name, k, before.get(k))
            _, new = _label_and_value(name, k, after.get(k))
            lines.append(f"{label}：{_clip(old) or '（空）'} → {_clip(new) or '（空）'}")
        return "\n".join(lines) if lines else "（无内容变化）"
    values = after if isinstance(after, dict) else before
    for k in _ordered_keys(name, values):
        if k == "reviewed" and not values.get(k):
            continue
        label, shown = _label_and_value(name, k, values.get(k))
        if shown:
            lines.append(f"{label}：{shown if name == 'database' else _clip(shown)}")
    return "\n".join(lines)


def describe_entry_record(entry: dict[str, Any]) -> str:
    """Which record: its date and title as in the ledger's messages, else its number."""
    name = entry.get("ledger") or ""
    rid = entry.get("record_id")
    if name in ("locked_years", "report_texts"):
        return "{0}年度".format(rid) if rid else ""
    lg = LEDGER_MAP.get(name)
    recs = [r for r in (_load(entry.get("after")), _load(entry.get("before"))) if isinstance(r, dict)]
    rec = next((r for r in recs if lg is not None and lg.date_field in r), None)
    if lg is not None and rec is not None:
        return describe_record(lg, rec)
    return "第 {0} 号".format(rid) if rid else ""


@dataclass
class EntryText:
    """One audit entry as the clerk reads it."""

    at: str  # 时间
    operator: str  # 操作人
    ledger: str  # 台账
    record: str  # 记录
    action: str  # 操作
    changes: str  # 内容: one line per field


def describe_entry(entry: dict[str, Any]) -> EntryText:
    """An entry of store.audit.entries(), every part in Chinese."""
    return EntryText(
        at=format_time(entry.get("at")),
        operator=entry.get("operator") or "",
        ledger=ledger_label(entry.get("ledger")),
        record=describe_entry_record(entry),
        action=action_label(entry.get("action")),
        changes=describe_changes(entry),
    )
