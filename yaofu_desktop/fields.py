"""Field types of the ledgers and their validators.

A validator takes what a clerk typed (or what a cell of a workbook held) and returns the value as
it is stored, or raises `FieldError` with a Chinese message that names the field and the rule.
Stored forms: dates as 'YYYY-MM-DD' text, whole numbers as int, money as int 分 (fen, so that
amounts round-trip exactly), yes/no as 0/1, everything else as text.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable

DATE = "date"
INT = "int"
COUNT = "count"  # a whole number >= 1 that says how many this record stands for
MONEY = "money"
TEXT = "text"
LONGTEXT = "longtext"
CHOICE = "choice"
BOOL = "bool"
VILLAGE = "village"

TYPES = (DATE, INT, COUNT, MONEY, TEXT, LONGTEXT, CHOICE, BOOL, VILLAGE)
SQL_TYPES = {
    DATE: str,
    INT: int,
    COUNT: int,
    MONEY: int,
    TEXT: str,
    LONGTEXT: str,
    CHOICE: str,
    BOOL: int,
    VILLAGE: str,
}

MIN_DATE = dt.date(1990, 1, 1)
MAX_DATE = dt.date(2099, 12, 31)
# the years a record, a report, a lock or the window may have: one range for the whole app
MIN_YEAR, MAX_YEAR = MIN_DATE.year, MAX_DATE.year
YEAR_RANGE = range(MIN_YEAR, MAX_YEAR + 1)
MAX_TEXT = 200
MAX_LONGTEXT = 20_000
MAX_INT = 1_000_000_000
MAX_MONEY_FEN = 100_000_000_000 * 100  # a thousand yi yuan: far above any township amount



def number_words(n: int | Decimal) -> str:
    """A bound as a clerk reads it: 10亿, 1000亿, 50万; smaller or uneven numbers as digits."""
    if n == int(n):
        n = int(n)
        for unit, size in (("亿", 10**8), ("万", 10**4)):
            if abs(n) >= size * (1 if unit == "亿" else 10) and n % size == 0:
                return f"{n // size}{unit}"
    return str(n)


def _yuan(n: int | Decimal) -> str:
    words = number_words(n)
    return words + ("元" if words[-1] in "万亿" else " 元")


TRUE_WORDS = {"是", "有", "已", "y", "yes", "true", "1", "√", "✓", "☑", "对"}
FALSE_WORDS = {"否", "无", "未", "n", "no", "false", "0", "×", "✗", "☐", "不"}


class FieldError(ValueError):
    """A value that breaks a field's rule; the message is for the clerk."""


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str
    required: bool = False
    min: int | None = None
    max: int | None = None
    max_length: int | None = None
    choices: tuple[str, ...] = ()  # built-in kinds; the clerk may add more (stored in the database)
    default: Any = None
    help: str = ""
    private: bool = False  # names of parties: never printed in the report
    in_table: bool = True  # shown as a column of the table view
    # a number column: the unit of its sum over a year's records (参加人数 -> 人次, 发放资料 -> 份);
    # every whole-number or money column yields that sum as a figure (money in 万元)
    unit: str = ""

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"unknown field type {self.type!r} for {self.name}")

    @property
    def is_text(self) -> bool:
        return self.type in (TEXT, LONGTEXT)

    @property
    def is_choice(self) -> bool:
        return self.type in (CHOICE, VILLAGE)

    @property
    def text_limit(self) -> int:
        if self.max_length:
            return self.max_length
        return MAX_LONGTEXT if self.type == LONGTEXT else MAX_TEXT

    @property
    def bounds(self) -> tuple[int, int]:
        """(min, max) for whole numbers and money (money in yuan)."""
        if self.type == MONEY:
            return (self.min or 0, self.max if self.max is not None else MAX_MONEY_FEN // 100)
        lo = self.min if self.min is not None else (1 if self.type == COUNT else 0)
        return (lo, self.max if self.max is not None else MAX_INT)

    # -- validation -------------------------------------------------------------------------

    def validate(self, raw: Any, choices: Iterable[str] | None = None) -> Any:
        """Return the stored form of `raw`, or raise FieldError naming the field and the rule.

        `choices` are the allowed values for choice and village fields (the built-in kinds plus
        those the clerk added); when None the built-in `choices` apply.
        """
        if _is_empty(raw):
            if self.required:
                raise FieldError(f"「{self.label}」为必填项，不能为空")
            if self.type == COUNT:
                return 1
            if self.type == BOOL:
                return 0
            return None
        parse = _PARSERS[self.type]
        return parse(self, raw, choices)

    def display(self, value: Any) -> str:
        """The stored value as a clerk reads it."""
        if value is None:
            return ""
        if self.type == MONEY:
            return format_money(value)
        if self.type == BOOL:
            return "是" if value else "否"
        return str(value)

    def to_input(self, value: Any) -> Any:
        """The stored value as a form widget or a spreadsheet cell wants it."""
        if value is None:
            return None
        if self.type == DATE:
            return dt.date.fromisoformat(value)
        if self.type == MONEY:
            return Decimal(value) / 100
        if self.type == BOOL:
            return bool(value)
        return value


def _is_empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


# -- parsers, one per type -------------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


_TIME_OF_DAY = re.compile(r"(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d*)?)?$")


def _date_parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) as typed, not yet checked for being a real date; None if not a date."""
    s = unicodedata.normalize("NFKC", text).strip()  # full-width digits ２０２５ -> 2025
    s = _TIME_OF_DAY.sub("", s)  # '2025-03-05 00:00:00' from a spreadsheet
    s = re.sub(r"\s+", "", s).replace("号", "日")
    for pat in _DATE_PATTERNS:
        m = pat.match(s)
        if m:
            return int(m.group(1)), int(m.group(2)), int(m.group(3))
    return None


def parse_date(text: str) -> dt.date | None:
    """A date typed as 2025-03-05, 2025/3/5, 2025.3.5, 2025年3月5日 (or 5号) or 20250305, with
    spaces anywhere, full-width digits, or a time of day after it; None if not (an impossible
    date such as 2025-13-40 is None too: it is never rolled over into another day)."""
    parts = _date_parts(text)
    if parts is None:
        return None
    try:
        return dt.date(*parts)
    except ValueError:
        return None


def date_problem(label: str, text: str) -> str:
    """Why `text` is not a date, in words naming the field: the month or the day that cannot be,
    or the forms a date may be typed in."""
    parts = _date_parts(text)
    shown = _clip(text)
    if parts is not None:
        y, m, d = parts
        if not 1 <= m <= 12:
            return f"「{label}」不是有效日期：“{shown}”中的月份 {m} 不存在（月份为 1 至 12）"
        if d < 1:
            return f"「{label}」不是有效日期：“{shown}”中的日 {d} 不存在"
        try:
            dt.date(y, m, 1)
        except ValueError:
            return f"「{label}」不是有效日期：“{shown}”中的年份 {y} 不对"
        import calendar  # (only for a date that cannot be: not at start-up)

        last = calendar.monthrange(y, m)[1]
        if d > last:
            return f"「{label}」不是有效日期：{y}年{m}月只有 {last} 天，没有 {d} 日"
    return (f"「{label}」不是有效日期：“{shown}”；请按 2025-03-05 填写"
            "（也可写 2025.3.5、2025/3/5、2025年3月5日 或 20250305）")


def _parse_date(f: Field, raw: Any, _choices: Iterable[str] | None) -> str:
    if isinstance(raw, dt.datetime):
        d = raw.date()
    elif isinstance(raw, dt.date):
        d = raw
    elif isinstance(raw, str):
        parsed = parse_date(raw)
        if parsed is None:
            raise FieldError(date_problem(f.label, raw))
        d = parsed
    else:
        raise FieldError(f"「{f.label}」不是有效日期，请按 2025-03-05 的格式填写")
    if not (MIN_DATE <= d <= MAX_DATE):
        raise FieldError(
            f"「{f.label}」必须在 {MIN_DATE.isoformat()} 至 {MAX_DATE.isoformat()} 之间"
        )
    return d.isoformat()


def _parse_int(f: Field, raw: Any, _choices: Iterable[str] | None) -> int:
    lo, hi = f.bounds
    if isinstance(raw, bool):
        raise FieldError(f"「{f.label}」必须是整数")
    if isinstance(raw, int):
        n = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise FieldError(f"「{f.label}」必须是整数，不能有小数")
        n = int(raw)
    elif isinstance(raw, (str, Decimal)):
        s = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "")
        if not re.fullmatch(r"[+-]?\d+(\.0+)?", s):
            raise FieldError(f"「{f.label}」必须是整数：“{_clip(str(raw))}”不是整数")
        n = int(Decimal(s))
    else:
        raise FieldError(f"「{f.label}」必须是整数")
    if not (lo <= n <= hi):
        shown = str(n) if abs(n) < 10**12 else ("过大" if n > 0 else "过小")  # never print a huge int
        raise FieldError(f"「{f.label}」必须在 {number_words(lo)} 到 {number_words(hi)} 之间（现为 {shown}）")
    return n


def _parse_money(f: Field, raw: Any, _choices: Iterable[str] | None) -> int:
    lo, hi = f.bounds
    if isinstance(raw, bool):
        raise FieldError(f"「{f.label}」必须是金额（元）")
    try:
        if isinstance(raw, float):
            if raw != raw or raw in (float("inf"), float("-inf")):
                raise InvalidOperation
            amount = Decimal(repr(raw))
        elif isinstance(raw, (int, Decimal)):
            amount = Decimal(raw)
        elif isinstance(raw, str):
            s = unicodedata.normalize("NFKC", raw).strip().replace(",", "")
            s = s.removesuffix("元").removeprefix("¥").removeprefix("￥").strip()
            wan = s.endswith("万")  # "2.2万元": 22,000 元, as amounts are often written
            s = s.removesuffix("万").strip()
            if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", s):
                raise InvalidOperation
            amount = Decimal(s) * (10_000 if wan else 1)
        else:
            raise InvalidOperation
    except InvalidOperation:
        raise FieldError(
            f"「{f.label}」必须是金额（元），如 12000 或 1234.50：“{_clip(str(raw))}”不是金额"
        ) from None
    if not amount.is_finite():
        raise FieldError(f"「{f.label}」必须是金额（元），如 12000 或 1234.50")
    if not (lo <= amount <= hi):  # before quantize: a 30-digit amount is out of range, not an error
        raise FieldError(f"「{f.label}」必须在 {_yuan(lo)}到 {_yuan(hi)}之间")
    if amount != amount.quantize(Decimal("0.01")):
        raise FieldError(f"「{f.label}」最多两位小数（元、角、分）")
    return int(amount * 100)


_CONTROL_OK_LONG = {"\n", "\t"}


def _parse_text(f: Field, raw: Any, _choices: Iterable[str] | None) -> str:
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float, Decimal, dt.date)):
        raise FieldError(f"「{f.label}」必须是文字")
    s = raw.isoformat() if isinstance(raw, dt.date) else str(raw)
    s = s.replace("\r\n", "\n").replace("\r", "\n").strip()
    allowed = _CONTROL_OK_LONG if f.type == LONGTEXT else set()
    for ch in s:
        cat = unicodedata.category(ch)
        if ch in allowed:
            continue
        if ch == "\n":
            raise FieldError(f"「{f.label}」只能填一行，不能换行")
        if cat in ("Cc", "Cs", "Co", "Cn") or ch in ("\u2028", "\u2029"):
            raise FieldError(
                f"「{f.label}」含有不能保存的不可见字符（U+{ord(ch):04X}），请删去后再保存"
            )
    if s and all(unicodedata.category(ch) == "Cf" for ch in s):
        s = ""  # only invisible marks (zero-width space, BOM): nothing was typed
    limit = f.text_limit
    if len(s) > limit:
        raise FieldError(f"「{f.label}」不能超过 {limit} 个字（现有 {len(s)} 个字）")
    if f.required and not s:
        raise FieldError(f"「{f.label}」为必填项，不能为空")
    return s


def _parse_choice(f: Field, raw: Any, choices: Iterable[str] | None) -> str:
    allowed = list(choices) if choices is not None else list(f.choices)
    s = _parse_text(Field(f.name, f.label, TEXT), raw, None)
    if s in allowed:
        return s
    shown = "、".join(allowed[:8]) + ("等" if len(allowed) > 8 else "")
    what = "村（社区）" if f.type == VILLAGE else "选项"
    if not allowed:
        where = "“乡镇概况”的村（社区）名单" if f.type == VILLAGE else "录入表单的下拉列表（“添加新类型…”）"
        raise FieldError(f"「{f.label}」还没有可选的{what}，请先在{where}中添加")
    raise FieldError(f"「{f.label}」必须从列表中选择（{shown}）：“{_clip(s)}”不在列表中")


def _parse_bool(f: Field, raw: Any, _choices: Iterable[str] | None) -> int:
    if isinstance(raw, bool):
        return int(raw)
    if isinstance(raw, int) and raw in (0, 1):
        return raw
    if isinstance(raw, str):
        s = unicodedata.normalize("NFKC", raw).strip().lower()
        if s in TRUE_WORDS:
            return 1
        if s in FALSE_WORDS:
            return 0
    raise FieldError(f"「{f.label}」只能填“是”或“否”")


_PARSERS = {
    DATE: _parse_date,
    INT: _parse_int,
    COUNT: _parse_int,
    MONEY: _parse_money,
    TEXT: _parse_text,
    LONGTEXT: _parse_text,
    CHOICE: _parse_choice,
    VILLAGE: _parse_choice,
    BOOL: _parse_bool,
}


def _clip(s: str, n: int = 20) -> str:
    s = "".join(ch if unicodedata.category(ch)[0] != "C" else "?" for ch in s)
    return s if len(s) <= n else s[:n] + "…"


def format_money(fen: int) -> str:
    """12345678 分 -> '123,456.78'."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{yuan:,}.{cents:02d}"


def _when_text(labels: dict[str, str], field: str, values: tuple[Any, ...]) -> str:
    shown = "”或“".join(str(v) for v in values)
    return f"「{labels[field]}」为“{shown}”时"


def _empty_value(v: Any) -> bool:
    return v is None or v == "" or v == 0


@dataclass(frozen=True)
class DateOrder:
    """A rule across two date fields: `later` may not be before `earlier` (when both are set);
    the message names both fields and both dates."""

    earlier: str
    later: str

    def check(self, labels: dict[str, str], values: dict[str, Any]) -> tuple[str, str] | None:
        a, b = values.get(self.earlier), values.get(self.later)
        if a and b and b < a:
            return (
                self.later,
                f"「{labels[self.later]}」不能早于「{labels[self.earlier]}」：{b} 在 {a} 之前",
            )
        return None


@dataclass(frozen=True)
class RequiredWhen:
    """A rule: `field` must be filled when `when_field` has value `when_value` (or one of them,
    given a tuple). With `positive`, a zero does not count as filled (a 罚款 of 0 元)."""

    field: str
    when_field: str
    when_value: Any
    positive: bool = False
    why: str = ""

    def check(self, labels: dict[str, str], values: dict[str, Any]) -> tuple[str, str] | None:
        when = self.when_value if isinstance(self.when_value, tuple) else (self.when_value,)
        v = values.get(self.field)
        empty = v in (None, "") or (self.positive and v == 0)
        if values.get(self.when_field) in when and empty:
            why = f"（{self.why}）" if self.why else ""
            return (
                self.field,
                f"{_when_text(labels, self.when_field, when)}，「{labels[self.field]}」必须填写{why}",
            )
        return None


@dataclass(frozen=True)
class EmptyWhen:
    """A rule: `field` must stay empty (or zero, or 否) when `when_field` has `when_value` (or one
    of a tuple): a 警告 carries no fine; a mediation still going on has no closing date."""

    field: str
    when_field: str
    when_value: Any
    why: str = ""

    def check(self, labels: dict[str, str], values: dict[str, Any]) -> tuple[str, str] | None:
        when = self.when_value if isinstance(self.when_value, tuple) else (self.when_value,)
        if values.get(self.when_field) in when and not _empty_value(values.get(self.field)):
            why = f"（{self.why}）" if self.why else ""
            return (
                self.field,
                f"{_when_text(labels, self.when_field, when)}，不能填写「{labels[self.field]}」{why}",
            )
        return None


@dataclass(frozen=True)
class NotMore:
    """A rule across two numbers: `part` may not exceed `whole` (合格人数 ≤ 参加人数)."""

    part: str
    whole: str

    def check(self, labels: dict[str, str], values: dict[str, Any]) -> tuple[str, str] | None:
        a, b = values.get(self.part), values.get(self.whole)
        if a is not None and b is not None and a > b:
            return (
                self.part,
                f"「{labels[self.part]}」（{a}）不能多于「{labels[self.whole]}」（{b}）",
            )
        return None


Rule = DateOrder | RequiredWhen | EmptyWhen | NotMore


def check_rules(rules: Iterable[Rule], labels: dict[str, str], values: dict[str, Any]) -> dict[str, str]:
    """Every cross-field rule broken by a whole record (stored form): field -> message, the first
    rule that names a field winning."""
    errors: dict[str, str] = {}
    for rule in rules:
        bad = rule.check(labels, values)
        if bad:
            errors.setdefault(bad[0], bad[1])
    return errors
