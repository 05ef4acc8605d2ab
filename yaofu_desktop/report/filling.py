"""Filling in the year's wording: what each item prints, and how the sections are laid out.

An item (wording.Item) is printed only when everything in it can be said from the records:

- a figure is said as its field asks (`render_figure`): the number and unit, 余 (rounded down to 5:
  180余人次), 约 (约220万元), its zero wording when zero ("零"), or the bare number ("数");
- a passage is left out when a figure in it is zero, except in its zero wording — and that only
  when the ledger has records for the year or the clerk confirmed it ("本年度确无…") — or for the
  figures whose zero may stand as a number (复议收案0件) under the same condition;
- a passage whose toggle (`when`) is off, or with a rate over no cases, is left out;
- what is left out with the clerk's words in it carries a note (section and figure named by their
  Chinese labels, never a key), which compose turns into a check.

`compose_sections` numbers the subsections that have something to print and names what the
statutory outline requires and is missing. The editor (report.editing) and the composer
(report.compose) both render through here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from .. import outline
from ..figures import Figure, compute_map, format_number, in_town_words, town_of
from ..ledgers import LEDGER_MAP, LEDGERS, number
from ..outline import SUBSECTIONS
from ..wording import (
    NONZERO,
    PREAMBLE_SENTENCES,
    RECORDS,
    SAYS,
    ZERO,
    Field,
    Item,
    Profile,
    Run,
    Text,
    legacy_runs,
)
from .statements import ledger_sentence


@dataclass
class ItemResult:
    """What an item prints this year (or would, when it is left out, as far as it can be said)."""

    id: str
    source: str
    printed: bool
    text: str
    pieces: list[tuple[str, str | None]]  # (text, figure key or None), for marking the figures
    runs: list[Run]
    why_not: str = ""
    shown: dict[int, str] = field(default_factory=dict)  # run index -> what the field prints
    notes: list[str] = field(default_factory=list)  # checks (warnings) for what was left out

    @property
    def figures(self) -> list[str]:
        return [k for _t, k in self.pieces if k]


@dataclass
class Laid:
    """A section as the report lays it out."""

    key: str
    number: str = ""  # "（三）", "二、"; "" when not printed
    printed: bool = False
    problem: str = ""  # an error naming what is missing
    heading: str = ""
    results: list[ItemResult] = field(default_factory=list)


def profile_values(profile: dict, year: int) -> dict[str, str]:
    township = profile.get("township") or ""
    town = town_of(profile)
    return {
        "year": str(year),
        "next_year": str(year + 1),
        "county": profile.get("county") or "",
        "township": township,
        "government": profile.get("government") or f"{township}人民政府",
        "leaders": (profile.get("leaders") or "").strip(),
        "addressee": profile.get("addressee") or "县委、县政府",
        "self": f"我{town}",
        "town": town,
    }


def about_value(fig: Figure) -> str:
    v = Decimal(str(fig.value))
    if v >= 10:
        return format_number(int(v.quantize(Decimal(1), ROUND_HALF_UP)))
    return format_number(float(v.quantize(Decimal("0.1"), ROUND_HALF_UP)))


def applicable(fig: Figure) -> bool:
    """The figure has a value to state (not a rate over zero cases, never NaN)."""
    v = fig.value
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def render_figure(fig: Figure, form: str) -> str:
    """A figure said one way (wording.SAYS). Call it only for an applicable figure."""
    if not applicable(fig) or fig.value is None:
        raise ValueError(f"{fig.key} has no value")
    unit = fig.unit
    if fig.kind in ("rate", "list") and form in ("余", "约"):
        form = ""
    if fig.kind == "list":
        if form == "数":
            return format_number(fig.value)
        if form == "零" and fig.value == 0:
            return fig.zero or f"无{fig.report_label}"
        return "、".join(fig.items)
    if form == "数":
        return format_number(fig.value)
    if form == "余":
        v = fig.value
        floored = int(Decimal(v).quantize(Decimal(1), ROUND_FLOOR)) // 5 * 5
        if v < 20 or floored == v:
            return f"{format_number(v)}{unit}"
        return f"{floored}余{unit}"
    if form == "约":
        if unit == "万元" and 0 < fig.value < 0.05:  # "约0万元" says nothing: say it in 元
            return f"约{int(Decimal(str(fig.value)) * 10000):,}元"
        return f"约{about_value(fig)}{unit}"
    if form == "零":
        if fig.value == 0:
            return fig.zero or f"无{fig.report_label}"
        return f"{fig.report_label}{format_number(fig.value)}{unit}"
    return f"{format_number(fig.value)}{unit}"


@dataclass
class Context:
    """What rendering an item needs: the year's figures, the profile's values, how many records
    each ledger holds for the year, the confirmed checklist and the ways of saying."""

    year: int
    figures: dict[str, Figure]
    pv: dict[str, str]
    counts: dict[str, int]
    confirmed: set[str]
    ways: dict[str, str]
    town: str = "镇"

    def text_of(self, r: Run) -> str:
        if isinstance(r, Text):
            return r.text
        if isinstance(r, Profile):
            return self.pv.get(r.name, "")
        return ""

    def _entries(self):
        for lg in LEDGERS:
            for key, label, figure, covers in lg.nil_checks:
                yield lg, key, label, figure, covers

    def confirmed_main(self, figure: str) -> bool:
        """The figure is the one a confirmed checklist entry names."""
        return any(key in self.confirmed and fig == figure for _lg, key, _l, fig, _c in self._entries())

    def nil_entry(self, figure: str) -> tuple[str, str] | None:
        """(key, label) of the checklist entry that confirms a figure's zero."""
        name = figure.split(".", 1)[0]
        for lg, key, label, _fig, covers in self._entries():
            if lg.name == name and ("*" in covers or figure in covers):
                return key, label
        return None

    def zero_known(self, figure: str) -> bool:
        """A zero the report may state: the ledger has records for the year (the zero comes from
        them), or the clerk confirmed it (checklist)."""
        name = figure.split(".", 1)[0]
        if name == "report" or self.counts.get(name, 0) > 0:
            return True
        entry = self.nil_entry(figure)
        return entry is not None and entry[0] in self.confirmed


def context_for(store, year: int, confirmed: set[str], ways: dict[str, str], today=None) -> Context:
    """The context of a year: its figures (as they stand on `today`), the profile's values, the
    records of each ledger, and the year's checklist and ways of saying."""
    profile = store.profile()
    return Context(year, compute_map(store, year, today), profile_values(profile, year),
                   store.counts.in_year(year), set(confirmed), dict(ways), town_of(profile))


def _preamble_runs(ctx: Context, which: str) -> list[Run]:
    form = outline.preamble_form(which, bool(ctx.pv.get("leaders")))
    return legacy_runs(form, lambda k: False, lambda k: "", None)


def _label(ctx: Context, key: str) -> str:
    fig = ctx.figures.get(key)
    return fig.label if fig else "（已不存在的数字）"


def render_item(item: Item, ctx: Context) -> ItemResult:
    """An item for the year: its text, whether it is printed and, if not, why."""
    runs: list[Run] = item.runs
    if item.source == RECORDS:
        if item.ledger in PREAMBLE_SENTENCES:
            runs = _preamble_runs(ctx, item.ledger)
        elif item.ledger in LEDGER_MAP:
            said = ledger_sentence(LEDGER_MAP[item.ledger], ctx.figures, ctx.ways, ctx.confirmed_main,
                                   ctx.town)
            if said is None:
                lg = LEDGER_MAP[item.ledger]
                why = (f"「{lg.label}」台账本年度没有记录" if not ctx.counts.get(lg.name)
                       else f"「{lg.label}」本年度没有可写的数字")
                return ItemResult(item.id, item.source, False, "", [], [], why_not=why)
            runs = said
        else:
            return ItemResult(item.id, item.source, False, "", [], [], why_not="这一台账已不存在")
    pieces: list[tuple[str, str | None]] = []
    shown: dict[int, str] = {}
    problems: list[str] = []
    why = ""
    for w in item.when:
        fig = ctx.figures.get(w.figure)
        if fig is None:
            why = why or "所依据的数字已不存在"
        elif not applicable(fig):
            why = why or f"「{fig.label}」本年度没有可计算的数"
        elif (fig.value == 0) != (w.is_ == ZERO):
            why = why or (f"「{fig.label}」本年度为零" if w.is_ == NONZERO else f"「{fig.label}」本年度不为零")
    for i, r in enumerate(runs):
        if isinstance(r, Text):
            pieces.append((r.text, None))
            continue
        if isinstance(r, Profile):
            pieces.append((ctx.pv.get(r.name, ""), None))
            continue
        fig = ctx.figures.get(r.figure)
        text, problem = _field_text(r, fig, ctx)
        if problem:
            problems.append(problem)
            text = _unprinted(r, fig)
        else:
            shown[i] = text
        pieces.append((text, r.figure))
    text = "".join(t for t, _k in pieces)
    if why:
        return ItemResult(item.id, item.source, False, text, pieces, runs, why_not=f"这段依据的{why}，未印出",
                          shown=shown)
    if problems:
        return ItemResult(item.id, item.source, False, text, pieces, runs,
                          why_not="；".join(problems) + "，这段未印出", shown=shown, notes=problems)
    return ItemResult(item.id, item.source, True, text, pieces, runs, shown=shown)


def _unprinted(r: Field, fig: Figure | None) -> str:
    """A field that cannot be said, as the editor shows it: its label in 「」."""
    return f"「{fig.label}」" if fig else "「已不存在的数字」"


def _field_text(f: Field, fig: Figure | None, ctx: Context) -> tuple[str, str]:
    """(what the field prints, "") or ("", why it cannot be printed, in the clerk's words)."""
    if fig is None:
        return "", "用到的一个数字已不存在（可能删除了所用的类型）"
    if not applicable(fig):
        return "", f"「{fig.label}」本年度没有可计算的数（没有相应的案件）"
    if fig.kind == "records":
        return "", f"「{fig.label}」各类单位不同，不能合成一个数"
    say = f.say if f.say in SAYS else ""
    if fig.value == 0:  # a rate with nothing in its numerator too
        if not ctx.zero_known(fig.key):
            lg = LEDGER_MAP.get(fig.key.split(".", 1)[0])
            entry = ctx.nil_entry(fig.key)
            ask = f"；确实没有的，请在“本年度确无”清单中勾选“{entry[1]}”" if entry else ""
            return "", f"「{lg.label if lg else fig.label}」台账本年度没有记录，不能写「{fig.label}」为零{ask}"
        if say == "零" or fig.plain_zero or fig.kind == "items":
            return render_figure(fig, say), ""
        return "", f"「{fig.label}」本年度为零，不能在写已做工作的句子里写0（可改用“为零时的说法”）"
    return render_figure(fig, say), ""


# -- laying out the sections ----------------------------------------------------------------------


def _heading_text(sec, sdef, ctx: Context) -> str:
    if sec.heading:
        return "".join(ctx.text_of(r) for r in sec.heading).strip().rstrip("。")
    return in_town_words(sdef.heading, ctx.town) if sdef.heading else ""


def compose_sections(wording, ctx: Context) -> dict[str, Laid]:
    """Every section laid out: its number, whether it is printed, what is missing. `wording` is
    anything with `section(key)` (report.editing.YearWording)."""
    out: dict[str, Laid] = {}
    n_sub = 0
    for key, sdef in outline.sections().items():
        sec = wording.section(key)
        lay = Laid(key, heading=_heading_text(sec, sdef, ctx))
        lay.results = [render_item(it, ctx) for it in sec.items]
        lay.printed = any(r.printed for r in lay.results)
        if sdef.kind == "sub" and lay.printed:
            lay.number = f"（{number(n_sub)}）"
            n_sub += 1
        out[key] = lay
    subs_printed = any(out[k].printed for k in SUBSECTIONS)
    out["results"].printed = subs_printed
    out["results"].number = "一、"
    out["problems"].number = "二、"
    out["problems_intro"].number = ""
    out["plans"].number = "三、"
    out["other"].number = "四、" if out["other"].printed else ""
    for key, sdef in outline.sections().items():
        lay = out[key]
        if sdef.required and not lay.printed:
            lay.problem = f"「{sdef.required}」尚无内容：" + {
                "duty": "请在「第一责任人履职」台账中登记，或采用建议、自己填写",
            }.get(key, "请填写，或采用建议后按本年度情况修改")
    if not subs_printed:
        out["results"].problem = "「主要举措和成效」尚无内容：各项工作的台账都没有本年度的记录，也没有填写或采用的文字"
    return out
