"""The layout of an exported workbook, shared by export and import: the sheet names, the
columns of a ledger sheet, how a sheet or header is recognised, progress reports."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable

from ..errors import UserError
from ..fields import VILLAGE, Field
from ..ledgers import LEDGER_MAP, LEDGERS, Ledger
from ..store import VILLAGE_KEY

Progress = Callable[[int, int, str], None]

SHEET_STATS = "统计"
SHEET_PROFILE = "概况"
SHEET_HELP = "说明"
SHEET_CHOICES = "选项"  # hidden lists of workbooks of earlier versions (read, no longer written)
SHEET_REPORT = "报告文字"
SHEET_UNITS = "类型单位"  # hidden units of earlier versions (read, no longer written)
SHEET_KINDS = "类型"  # the visible lists of kinds (with their units) and villages
KINDS_UNIT_LABEL = "单位"
KINDS_FIRST_ROW = 4  # row 1 says how to add a kind, row 2 the ledger, row 3 the column
KINDS_SPARE = 30  # blank rows under each list for the clerk's new kinds (in the dropdowns too)
# the report's wording of the year: 内容 is for reading (the text as the report prints it now);
# the wording itself travels in 数据 (the app's own form, like the record key: not to be edited)
REPORT_HEADER = ["年度", "部分", "内容（供阅读）", "部分键", "数据（勿改）"]
UNITS_HEADER = ["台账", "栏目", "类型", "单位"]
KEY_LABEL = "记录编号"
KEY_HEADER = "记录编号（勿改）"
VILLAGES_LABEL = "村（社区）"
REQUIRED_MARK = "*"
YES, NO = "是", "否"

PROGRESS_EVERY = 500
MAX_LIST_VALUES = 500  # kinds of one list, villages: read from a workbook at most
REPORT_TEXT_MAX = 100_000  # characters of one section of the report's wording
CSV_GUARDED = "=+-@\t\r"  # a CSV cell starting with one of these is written with a ' before it

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    """A column of a ledger sheet: a field of the ledger, or (field None) the record key."""

    field: Field | None
    header: str

    @property
    def name(self) -> str:
        return self.field.name if self.field else "uid"

    @property
    def label(self) -> str:
        return self.field.label if self.field else KEY_LABEL


def ledger_columns(lg: Ledger) -> list[Column]:
    """Every field of the ledger in definition order, then the record key."""
    cols = [Column(f, f.label + (REQUIRED_MARK if f.required else "")) for f in lg.fields]
    cols.append(Column(None, KEY_HEADER))
    return cols


def sheet_title(lg: Ledger) -> str:
    """The sheet name of a ledger: its label without the characters Excel forbids, ≤ 31 chars."""
    s = _BAD_SHEET_CHARS.sub("", lg.label).strip().strip("'")[:31]
    return s or lg.name[:31]


def norm(text: Any) -> str:
    """A header or label as compared: full-width folded, no spaces, no required mark."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = re.sub(r"\s+", "", s)
    s = s.strip("*")
    for note in ("(勿改)", "(必填)", "(请勿修改)", "(不要修改)"):
        s = s.replace(note, "")
    return s.strip("*")


def ledger_by_sheet(title: str) -> Ledger | None:
    key = norm(title)
    for lg in LEDGERS:
        if key in (norm(sheet_title(lg)), norm(lg.label), lg.name.lower()):
            return lg
    return None


def resolve_ledger(name: str) -> Ledger:
    """A ledger by its name (mediations) or its Chinese label (矛盾纠纷调解)."""
    if name in LEDGER_MAP:
        return LEDGER_MAP[name]
    lg = ledger_by_sheet(name)
    if lg is None:
        known = "、".join(f"{x.name}（{x.label}）" for x in LEDGERS[:4])
        raise UserError(f"没有名为“{name}”的台账；可用台账名称或中文名称，如 {known} 等")
    return lg


def report_progress(progress: Progress | None, done: int, total: int, what: str) -> None:
    if progress is not None:
        try:
            progress(done, max(total, done), what)
        except BaseException as e:  # the caller cancels: not to be taken for a damaged file
            e._from_progress = True  # type: ignore[attr-defined]
            raise


def list_key(lg: Ledger, f: Field) -> tuple[str, str]:
    return VILLAGE_KEY if f.type == VILLAGE else (lg.name, f.name)


REPORT_EXTRA_LABELS = {
    "issue_date": "成文日期", "confirmed_none": "本年度确无（清单）", "figure_ways": "数字的说法（余、约）",
}
