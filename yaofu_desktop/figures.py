"""Figures: the numbers of the annual report, computed for a year from the ledgers.

Every figure has a key (used as a placeholder in the report wording), a Chinese label, a unit and
a value. Keys:

- ``<ledger>.total`` — records in the year, or the sum of the ledger's count field;
- ``<ledger>.<field>.<value>`` — the same for one value of a choice field (kinds a clerk added
  included);
- ``<ledger>.<name>`` — a named figure of the ledger definition (FigureDef): a filtered count, a
  sum of money (in 万元), or a rate in % (None, "not applicable", over zero records);
- ``<ledger>.<field>`` — the sum of a number column over the year, in the column's unit (人次, 份;
  money in 万元);

Kinds counted in different units (学法: 次, 期, 场次) are never added: the ``.total`` of a ledger
whose kinds of the year differ in unit is the number of its records (kind "records", unit 条),
which no report sentence states. `records_behind` gives the records a figure comes from.
- ``report.problems`` / ``report.plans`` — headed items of the year's 存在的问题 and 工作计划.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from .fields import MONEY
from .ledgers import AREA_LABELS, LEDGER_MAP, LEDGERS, FigureDef, Ledger
from .store import RecordQuery, Store, where_condition, year_condition

NOT_APPLICABLE = "不适用"
ITEM_HEAD = re.compile(r"^\s*（[一二三四五六七八九十]+）", re.M)


@dataclass
class Figure:
    key: str
    label: str
    unit: str
    value: int | float | None  # None: a rate over zero cases
    area: str
    ledger: str | None = None
    kind: str = "total"  # total | sum | rate | list | items | records (a count of records of kinds in different units)
    numerator: int | None = None  # for rates
    denominator: int | None = None
    zero: str = ""  # the report's wording when the value is zero ("未开展会前学法")
    term: str = ""  # the report's words for it ("会前学法"); the label where empty
    plain_zero: bool = False  # its zero may stand in the report as a number ("收案0件")
    items: tuple[str, ...] = ()  # a list figure's values, most records first

    @property
    def applicable(self) -> bool:
        return self.value is not None

    @property
    def report_label(self) -> str:
        return self.term or self.label

    def display(self) -> str:
        """'112 起', '98.2 %', '220.34 万元', '不适用'; a list: '安全生产、消防'."""
        if self.value is None:
            return NOT_APPLICABLE
        if self.kind == "list":
            return "、".join(self.items) or "无"
        return f"{format_number(self.value)} {self.unit}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
            "area": self.area,
            "section": AREA_LABELS.get(self.area, self.area),
            "display": self.display(),
            "numerator": self.numerator,
            "denominator": self.denominator,
        }


def format_number(value: int | float) -> str:
    if isinstance(value, int):
        return str(value)
    d = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    text = format(d, "f")
    return text


def _rate(num: int, den: int) -> float | None:
    if den == 0:
        return None
    return float((Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def _total_expr(lg: Ledger) -> str:
    cf = lg.count_field
    return f"COALESCE(SUM([{cf}]), 0)" if cf else "COUNT(*)"


def town_of(profile: dict[str, Any]) -> str:
    """镇 or 乡, as the profile's township name ends (镇 when it says neither)."""
    township = (profile.get("township") or "").strip()
    return "乡" if township.endswith("乡") else "镇"


def in_town_words(text: str, town: str) -> str:
    """A ledger's report words ("镇村两级调委会…") for a township that is a 乡."""
    return text.replace("镇", town) if town != "镇" else text


def _for_town(figs: list[Figure], town: str) -> list[Figure]:
    if town == "镇":
        return figs
    for f in figs:
        f.label, f.term, f.zero = (in_town_words(t, town) for t in (f.label, f.term, f.zero))
    return figs


def _plain_label(label: str) -> str:
    """A column's label without the unit in brackets: "发放资料（份）" -> "发放资料"."""
    return re.sub(r"（[^）]*）$", "", label)


def _ledger_figures(store: Store, lg: Ledger, year: int, today: dt.date | None = None) -> list[Figure]:
    conn = store.conn
    out: list[Figure] = []
    ycond, yparams = year_condition(lg, year)
    # the total, the number of records and every number column's sum in one pass over the year
    sums = lg.sum_fields
    row = conn.execute(
        f"SELECT {_total_expr(lg)}, COUNT(*)"
        + "".join(f", COALESCE(SUM([{f.name}]), 0)" for f in sums)
        + f" FROM [{lg.name}] WHERE {ycond}", yparams
    ).fetchone()
    total, records, sum_values = row[0], row[1], row[2:]
    by_field: dict[str, dict[Any, int]] = {
        f.name: dict(conn.execute(
            f"SELECT [{f.name}], {_total_expr(lg)} FROM [{lg.name}] WHERE {ycond} GROUP BY [{f.name}]",
            yparams,
        ).fetchall())
        for f in lg.choice_fields
    }
    # honest units: kinds counted in different units (次 and 期) are never added into one number;
    # the total of such a year is the number of records, and no sentence states it
    units = set()
    kf = lg.kinds_field
    if kf is not None:
        for v, n in by_field[kf.name].items():
            if n:
                units.add(store.choices.unit(lg.name, kf.name, v) if v is not None else lg.unit)
    if len(units) > 1:
        out.append(Figure(f"{lg.name}.total", f"{lg.label}记录（各类单位不同，不相加）", "条",
                          int(records), lg.area, lg.name, kind="records", zero=lg.zero_wording,
                          term=lg.total_term))
    else:
        out.append(
            Figure(
                f"{lg.name}.total",
                lg.total_label or lg.label,
                units.pop() if units else lg.unit,
                int(total),
                lg.area,
                lg.name,
                zero=lg.zero_wording,
                term=lg.total_term,
                plain_zero=lg.plain_zero,
            )
        )
    for f in lg.choice_fields:
        got = by_field[f.name]
        values = store.choices.values(lg.name, f.name)
        values += [v for v in got if v is not None and v not in values]  # hidden kinds with records
        for v in values:
            out.append(
                Figure(
                    f"{lg.name}.{f.name}.{v}",
                    f"{lg.label}·{v}",
                    store.choices.unit(lg.name, f.name, v),
                    int(got.get(v, 0)),
                    lg.area,
                    lg.name,
                    zero=lg.value_zero(f.name, v),
                    term=lg.value_term(f.name, v),
                    plain_zero=lg.plain_zero,
                )
            )
    for fd in lg.figures:
        out.append(_named_figure(store, lg, fd, year, today or dt.date.today()))
    for f, v in zip(sums, sum_values):
        label = f"{lg.label}·{_plain_label(f.label)}"
        term = f"{lg.noun or lg.label}{_plain_label(f.label)}"  # "普法宣传活动受众人数"
        if f.type == MONEY:  # money is stored in 分; figures of money are in 万元
            out.append(Figure(f"{lg.name}.{f.name}", label, "万元", float(Decimal(v) / Decimal(1_000_000)),
                              lg.area, lg.name, kind="sum", zero=f"{term}为零", term=term))
        else:
            out.append(Figure(f"{lg.name}.{f.name}", label, f.unit, int(v), lg.area, lg.name,
                              kind="sum", zero=f"{term}为零", term=term))
    return out


def _sql(text: str, today: dt.date) -> str:
    """A figure's SQL condition with ``:today`` as the date the figures are computed on."""
    return text.replace(":today", f"'{today.isoformat()}'")  # a date's digits, never user text


def _named_condition(lg: Ledger, fd: FigureDef, year: int, today: dt.date) -> tuple[str, list[Any]]:
    """The SQL condition of the records a named figure is computed over (for a rate: its
    denominator)."""
    ycond, params = year_condition(lg, year, fd.date_field)
    conds = [ycond]
    if fd.where:
        w, p = where_condition(fd.where)
        conds.append(w)
        params = params + p
    if fd.sql:
        conds.append(f"({_sql(fd.sql, today)})")
    return " AND ".join(conds), params


def _numerator_condition(fd: FigureDef, today: dt.date) -> tuple[str, list[Any]]:
    num_conds, num_params = [], []
    if fd.num_where:
        w, p = where_condition(fd.num_where)
        num_conds.append(w)
        num_params += p
    if fd.num_sql:
        num_conds.append(f"({_sql(fd.num_sql, today)})")
    return " AND ".join(num_conds) or "1", num_params


def _named_figure(store: Store, lg: Ledger, fd: FigureDef, year: int, today: dt.date) -> Figure:
    conn = store.conn
    where, params = _named_condition(lg, fd, year, today)
    key = f"{lg.name}.{fd.key}"
    words: dict[str, Any] = dict(zero=fd.zero or f"无{fd.label}", plain_zero=fd.plain_zero)
    if fd.kind == "total":
        (v,) = conn.execute(f"SELECT {_total_expr(lg)} FROM [{lg.name}] WHERE {where}", params).fetchone()
        return Figure(key, fd.label, fd.unit, int(v), lg.area, lg.name, **words)
    if fd.kind == "sum":
        (fen,) = conn.execute(
            f"SELECT COALESCE(SUM([{fd.field}]), 0) FROM [{lg.name}] WHERE {where}", params
        ).fetchone()
        # money is stored in 分; figures of money are in 万元
        value = float(Decimal(fen) / Decimal(1_000_000))
        return Figure(key, fd.label, fd.unit, value, lg.area, lg.name, kind="sum", **words)
    if fd.kind == "list":
        got = dict(conn.execute(
            f"SELECT [{fd.field}], {_total_expr(lg)} FROM [{lg.name}] WHERE {where} "
            f"AND [{fd.field}] IS NOT NULL GROUP BY [{fd.field}]", params).fetchall())
        order = {v: i for i, v in enumerate(store.choices.values(lg.name, cast(str, fd.field)))}
        items = tuple(sorted((v for v, n in got.items() if n),
                             key=lambda v: (-got[v], order.get(v, len(order)), v)))
        return Figure(key, fd.label, fd.unit, len(items), lg.area, lg.name, kind="list",
                      items=items, **words)
    if fd.kind == "rate":
        num_expr, num_params = _numerator_condition(fd, today)
        den, num = conn.execute(
            f"SELECT COUNT(*), COALESCE(SUM(CASE WHEN {num_expr} THEN 1 ELSE 0 END), 0) "
            f"FROM [{lg.name}] WHERE {where}",
            num_params + params,
        ).fetchone()
        return Figure(
            key,
            fd.label,
            fd.unit,
            _rate(num, den),
            lg.area,
            lg.name,
            kind="rate",
            numerator=int(num),
            denominator=int(den),
            **words,
        )
    raise ValueError(f"unknown figure kind {fd.kind}")


@dataclass
class Behind:
    """The records behind a figure (what a county inspector asks for): the ledger, the ids of the
    records it is computed over, in date order, and for a rate the ids its numerator counts."""

    ledger: Ledger
    ids: list[int]
    counted: set[int]
    what: str  # in words: "2025年度「学法活动」中学法形式为“会前学法”的记录"


def records_behind(store: Store, key: str, year: int, today: dt.date | None = None) -> Behind:
    """The records a figure of `year` is computed from; KeyError for a key that is no figure of a
    ledger. The window filters the ledger's table to `ids`; `figures --explain` lists them."""
    today = today or dt.date.today()
    name, _, rest = key.partition(".")
    lg = LEDGER_MAP.get(name)
    if lg is None or not rest:
        raise KeyError(key)
    ycond, params = year_condition(lg, year)
    what = f"{year}年度「{lg.label}」"
    counted_sql = ""
    counted_params: list[Any] = []
    named = {fd.key: fd for fd in lg.figures}
    sums = {f.name: f for f in lg.sum_fields}
    field_name, _, value = rest.partition(".")
    if rest == "total":
        where, what = ycond, what + "的全部记录"
    elif rest in named:
        fd = named[rest]
        where, params = _named_condition(lg, fd, year, today)
        what += f"中计入「{fd.label}」的记录"
        if fd.kind == "rate":
            counted_sql, counted_params = _numerator_condition(fd, today)
            what = f"{year}年度「{lg.label}」中计算「{fd.label}」的记录（分母），其中计入分子的已标出"
        elif fd.kind == "list":
            where += f" AND [{fd.field}] IS NOT NULL"
    elif rest in sums:
        f = sums[rest]
        where = f"{ycond} AND [{f.name}] IS NOT NULL AND [{f.name}] <> 0"
        what += f"中填有「{f.label}」的记录"
    elif value and field_name in {f.name for f in lg.choice_fields}:
        where = f"{ycond} AND [{field_name}] = ?"
        params = params + [value]
        what += f"中{lg.field(field_name).label}为“{value}”的记录"
    else:
        raise KeyError(key)
    ids = [r[0] for r in store.conn.execute(
        f"SELECT id FROM [{lg.name}] WHERE {where} ORDER BY [{lg.date_field}], id", params)]
    counted = set(ids)
    if counted_sql:
        counted = {r[0] for r in store.conn.execute(
            f"SELECT id FROM [{lg.name}] WHERE {where} AND {counted_sql}", params + counted_params)}
    return Behind(lg, ids, counted, what)


REPORT_ITEM_FIGURES = (
    ("problems", "存在的问题条目数", "条"),
    ("plans", "下一年度工作计划条目数", "条"),
)


def _points(body: str | None) -> int:
    """The points of a saved 存在的不足 / 工作安排: its items (text of earlier versions: its
    headed items)."""
    from .wording import is_stored_section, section_from_json

    if body and is_stored_section(body):
        try:
            return len(section_from_json("", body).items)
        except (ValueError, TypeError, KeyError, AttributeError):
            return 0
    return count_items(body)


def count_items(text: str | None) -> int:
    """Headed items （一）（二）… in a free-text part of the report."""
    return len(ITEM_HEAD.findall(text or ""))


def compute(store: Store, year: int, today: dt.date | None = None) -> list[Figure]:
    """Every figure for a year, in report order, as they stand on `today` (default: today)."""
    figures: list[Figure] = []
    for lg in LEDGERS:
        figures += _ledger_figures(store, lg, year, today)
    texts = store.report_texts.for_year(year)
    for section, label, unit in REPORT_ITEM_FIGURES:
        figures.append(
            Figure(f"report.{section}", label, unit, _points(texts.get(section)), "report",
                   kind="items", zero=f"无{label}")
        )
    return _for_town(figures, town_of(store.profile()))


def compute_map(store: Store, year: int, today: dt.date | None = None) -> dict[str, Figure]:
    return {f.key: f for f in compute(store, year, today)}


def area_figures(store: Store, area: str, year: int) -> list[Figure]:
    """The figures of one work area (a tab), cheaper than computing all of them."""
    out: list[Figure] = []
    for lg in LEDGERS:
        if lg.area == area:
            out += _ledger_figures(store, lg, year)
    return _for_town(out, town_of(store.profile()))


def year_records(store: Store, lg: Ledger, year: int) -> list[dict[str, Any]]:
    """The ledger's records of the year, oldest first: the records the year's figures stand on
    (the Excel workbook's, the 台账汇编's and the report's 佐证材料 reminder).

    Those of RecordQuery(year=...) (for rosters: those in post), and also those that a figure of
    the year counts by another date (a document made earlier and cleaned up this year): so that
    the workbook's records give the year's figures again.
    """
    rows = store.select(lg.name, RecordQuery(year=year, descending=False), limit=-1)
    other = sorted({fd.date_field for fd in lg.figures if fd.date_field and fd.date_field != lg.date_field})
    if other:
        have = {r["id"] for r in rows}
        for name in other:
            cond, params = year_condition(lg, year, name)
            for r in store.conn.execute(f"SELECT * FROM [{lg.name}] WHERE {cond}", params):
                if r["id"] not in have:
                    have.add(r["id"])
                    rows.append(dict(r))
        rows.sort(key=lambda r: (r[lg.date_field] or "", r["id"]))
    return rows
