"""操作记录: the audit log (who changed what, when), filterable by ledger and dates, paged.

The form is ui/audit_view.ui. Each entry shows 时间, 操作人, 台账 (Chinese label), 记录 (its date
and title), 操作 (新增/修改/删除/…) and the changed fields as 改前 → 改后 with the ledger's
Chinese field labels (the store keeps the record before and after as JSON).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QHeaderView, QTableWidgetItem

from ..errors import UserError
from ..ledgers import LEDGERS
from ..store import PROFILE_FIELDS, Store
from . import dialogs
from .uiload import load_ui

log = logging.getLogger(__name__)

PAGE_SIZE = 100

_LEDGERS = {lg.name: lg for lg in LEDGERS}
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
}
# Columns every ledger table has that say nothing to the clerk.
_HIDDEN = {"id", "uid", "created_at", "updated_at"}
_PROFILE_LABELS = dict(PROFILE_FIELDS) | {"villages": "村（社区）"}
MAX_SHOWN = 60  # characters of one value shown in the list
MAX_LINES = 4  # fields shown in the list for a new or deleted record (all in the tooltip)


def ledger_label(name: str | None) -> str:
    if not name:
        return ""
    if name in _LEDGERS:
        return _LEDGERS[name].label
    return OTHER_LABELS.get(name, name)


def action_label(action: str | None) -> str:
    return ACTIONS.get(action or "", action or "")


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


def _label_and_value(ledger_name: str, key: str, value: Any) -> tuple[str, str]:
    """The field's Chinese label and the value as the clerk reads it."""
    lg = _LEDGERS.get(ledger_name)
    if key == "reviewed":
        return "已核对", "是" if value else "否"
    if lg is not None and key in lg.field_map:
        f = lg.field_map[key]
        try:
            shown = f.display(value)
        except Exception:  # noqa: BLE001 - an odd stored value is shown as it is
            shown = "" if value is None else str(value)
        return f.label, shown
    if ledger_name == "profile":
        label = _PROFILE_LABELS.get(key, key)
    elif ledger_name == "report_texts":
        label = "报告{0}".format(_section_label(key))
    else:
        label = key
    if isinstance(value, (list, tuple)):
        return label, "、".join(str(v) for v in value)
    return label, "" if value is None else str(value)


def _section_label(key: str) -> str:
    """A report section's Chinese name (「（一）…」), from the report's wording file."""
    if key == "issue_date":
        return "印发日期"
    try:
        from ..report.compose import section_label

        return "「{0}」".format(section_label(key))
    except Exception:  # noqa: BLE001 - an unknown section is named by its key
        return "「{0}」".format(key)


def _ordered_keys(ledger_name: str, keys) -> list[str]:
    lg = _LEDGERS.get(ledger_name)
    order = [f.name for f in lg.fields] if lg is not None else []
    keys = [k for k in keys if k not in _HIDDEN]
    return sorted(keys, key=lambda k: (order.index(k) if k in order else len(order), k))


def describe_changes(entry: dict[str, Any]) -> str:
    """改前 → 改后 for each field that changed (an update), or the saved values (new/deleted)."""
    name = entry.get("ledger") or ""
    action = entry.get("action") or ""
    before, after = _load(entry.get("before")), _load(entry.get("after"))
    if name == "locked_years":
        year = (after or before or {}).get("year") if isinstance(after or before, dict) else entry.get("record_id")
        return ("锁定{0}年度（年度报告已印发）" if action == "lock" else "解除{0}年度的锁定").format(year)
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
            lines.append(f"{label}：{_clip(shown)}")
    return "\n".join(lines)


def describe_entry_record(entry: dict[str, Any]) -> str:
    """Which record: its date and title as in the ledger's messages, else its number."""
    name = entry.get("ledger") or ""
    rid = entry.get("record_id")
    if name == "locked_years":
        return "{0}年度".format(rid) if rid else ""
    if name == "report_texts":
        return "{0}年度".format(rid) if rid else ""
    lg = _LEDGERS.get(name)
    recs = [r for r in (_load(entry.get("after")), _load(entry.get("before"))) if isinstance(r, dict)]
    rec = next((r for r in recs if lg is not None and lg.date_field in r), None)
    if lg is not None and rec is not None:
        from .ledger_panel import describe_record

        return describe_record(lg, rec)
    return "第 {0} 号".format(rid) if rid else ""


def format_time(at: str | None) -> str:
    if not at:
        return ""
    try:
        return dt.datetime.fromisoformat(at).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return at


class AuditView(QDialog):
    """The audit log of `store` (read only: this view never writes)."""

    def __init__(self, store: Store, parent=None, *, ledger_name: str | None = None):
        super().__init__(parent)
        load_ui("audit_view.ui", self)
        self.store = store
        self.page = 0
        self.has_next = False
        self.entries: list[dict[str, Any]] = []
        self.ledgerCombo.addItem(self.tr("全部"), None)
        for lg in LEDGERS:
            self.ledgerCombo.addItem(lg.label, lg.name)
        for key, label in OTHER_LABELS.items():
            self.ledgerCombo.addItem(label, key)
        if ledger_name:
            i = self.ledgerCombo.findData(ledger_name)
            self.ledgerCombo.setCurrentIndex(max(i, 0))
        today = QDate.currentDate()
        self.fromDate.setDate(today.addMonths(-1))
        self.toDate.setDate(today)
        self.fromDate.setEnabled(False)
        self.toDate.setEnabled(False)
        self.dateCheck.setToolTip(self.tr("勾选后只显示这段日期内的操作（含首尾两天）"))

        t = self.table
        hh = t.horizontalHeader()
        for col, width in enumerate((150, 90, 130, 240, 110)):
            t.setColumnWidth(col, width)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        t.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.ledgerCombo.currentIndexChanged.connect(lambda _i: self.first_page())
        self.dateCheck.toggled.connect(self._dates_toggled)
        self.fromDate.dateChanged.connect(lambda _d: self.first_page())
        self.toDate.dateChanged.connect(lambda _d: self.first_page())
        self.prevButton.clicked.connect(self.prev_page)
        self.nextButton.clicked.connect(self.next_page)
        self.closeButton.clicked.connect(self.accept)
        self.load()

    # the query ------------------------------------------------------------------------------

    def _dates_toggled(self, on: bool) -> None:
        self.fromDate.setEnabled(on)
        self.toDate.setEnabled(on)
        self.first_page()

    def set_filter(self, ledger_name: str | None = None, since: dt.date | None = None,
                   until: dt.date | None = None) -> None:
        """Filter by ledger and/or dates (both days included); None: no limit."""
        widgets = (self.ledgerCombo, self.dateCheck, self.fromDate, self.toDate)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.ledgerCombo.setCurrentIndex(max(self.ledgerCombo.findData(ledger_name), 0))
            on = since is not None or until is not None
            self.dateCheck.setChecked(on)
            self.fromDate.setEnabled(on)
            self.toDate.setEnabled(on)
            if since is not None:
                self.fromDate.setDate(QDate(since.year, since.month, since.day))
            else:
                self.fromDate.setDate(QDate(1990, 1, 1))
            if until is not None:
                self.toDate.setDate(QDate(until.year, until.month, until.day))
            else:
                self.toDate.setDate(QDate(2099, 12, 31))
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.first_page()

    def query(self) -> dict[str, Any]:
        q: dict[str, Any] = {"ledger_name": self.ledgerCombo.currentData()}
        if self.dateCheck.isChecked():
            a = self.fromDate.date().toPython()
            b = self.toDate.date().toPython()
            if b < a:
                a, b = b, a
            q["since"] = a.isoformat()
            q["until"] = (b + dt.timedelta(days=1)).isoformat()
        return q

    def first_page(self) -> None:
        self.page = 0
        self.load()

    def next_page(self) -> None:
        if self.has_next:
            self.page += 1
            self.load()

    def prev_page(self) -> None:
        if self.page > 0:
            self.page -= 1
            self.load()

    def load(self) -> None:
        try:
            rows = self.store.audit_entries(limit=PAGE_SIZE + 1, offset=self.page * PAGE_SIZE,
                                            **self.query())
        except Exception as e:  # noqa: BLE001 - sqlite or a closed database: say so, keep the view
            if not isinstance(e, UserError):
                log.exception("reading the audit log")
            dialogs.error(self, self.tr("操作记录"), dialogs.describe_error(e))
            rows = []
        self.has_next = len(rows) > PAGE_SIZE
        self.entries = rows[:PAGE_SIZE]
        self._fill()

    def _fill(self) -> None:
        t = self.table
        t.setUpdatesEnabled(False)
        t.clearContents()
        t.setRowCount(len(self.entries))
        for r, e in enumerate(self.entries):
            values = (format_time(e.get("at")), e.get("operator") or "", ledger_label(e.get("ledger")),
                      describe_entry_record(e), action_label(e.get("action")), describe_changes(e))
            for c, text in enumerate(values):
                full = text
                if c == 5 and text.count("\n") >= MAX_LINES:  # a new or deleted record: the start
                    text = "\n".join(text.split("\n")[:MAX_LINES]) + "\n……"
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, e.get("id"))
                if c in (3, 5) and full:
                    item.setToolTip(full)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                t.setItem(r, c, item)
        t.setUpdatesEnabled(True)
        start = self.page * PAGE_SIZE
        if self.entries:
            self.pageLabel.setText(self.tr("第 {0} 页　第 {1}–{2} 条（最新的在前）").format(
                self.page + 1, start + 1, start + len(self.entries)))
        else:
            self.pageLabel.setText(self.tr("没有符合条件的操作记录。"))
        self.prevButton.setEnabled(self.page > 0)
        self.nextButton.setEnabled(self.has_next)

    def row_texts(self, row: int) -> list[str]:
        """The texts of one row (tests, copying)."""
        return [self.table.item(row, c).text() if self.table.item(row, c) else ""
                for c in range(self.table.columnCount())]
