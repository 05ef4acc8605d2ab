"""Compose the annual report from the ledgers' figures, the profile and the year's wording.

The wording of each section is a template (resources/wording/default.toml, then per year in the
database). Placeholders name figures, never numbers:

    {key}       value and unit          {mediations.total}          -> 112起
                a list figure: its values   {inspections.joint_domains} -> 安全生产、消防
    {key|数}    value only              {penalties.total|数}        -> 0
    {key|余}    rounded down to 5, "余" {legal_consultations.total|余} -> 180余人次
    {key|约}    about                   {mediations.amount|约}      -> 约220万元
    {key|零}    zero wording, or "words value unit"                 -> 未制定行政规范性文件
    {key|有}    writes nothing; the [[ … ]] around it is kept only when the figure is not zero
    {key|无}    writes nothing; the [[ … ]] around it is kept only when the figure is zero
    [[ … ]]     dropped when a figure inside is zero or not applicable (or, for |无, not zero)

余 and 约 are for counts and amounts: on a rate or a list they are a WordingError. A figure that
is zero and stated as a plain number ("学法0次") where the figure has a zero wording is pointed
out to the clerk (a warning naming the place); a rate over zero cases outside [[ … ]] is an
error naming the placeholder. Both are found while filling in, never by scanning the text.

Profile placeholders: {year} {next_year} {county} {township} {government} {addressee} {self} {town}.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Callable

from ..figures import Figure, compute_map, format_number, town_of
from ..ledgers import AREAS, LEDGERS
from ..resources import resource_path
from ..store import RecordQuery, Store
from .document import BODY, HEI, KAI, TITLE, Block, Document, Run, text_width

SUBSECTIONS = [key for key, _ in AREAS]  # the nine of 一、工作主要举措和成效, in order
FREE_TEXT = ("problems", "plans", "other")
SECTION_ORDER = ["preamble", *SUBSECTIONS, "problems_intro", "problems", "plans", "other"]
CHINESE_NUMBERS = "一二三四五六七八九十"
FORMS = ("", "数", "余", "约", "零", "有", "无")
CONDITION_FORMS = ("有", "无")  # write nothing: conditions of the [[ … ]] around them
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
OPTIONAL = re.compile(r"\[\[(.*?)\]\]", re.S)
ITEM_HEAD = re.compile(r"^（[一二三四五六七八九十]+）")


class WordingError(ValueError):
    """The wording of a section cannot be filled in; the message names the section and the cause."""


@dataclass
class Check:
    level: str  # "error" stops the report; "warning" is shown; "info" is for the clerk's eye
    message: str

    def __str__(self) -> str:
        mark = {"error": "错误", "warning": "提醒", "info": "说明"}[self.level]
        return f"【{mark}】{self.message}"


@dataclass
class Composition:
    document: Document
    checks: list[Check] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)  # figure keys the wording uses
    section_errors: dict[str, str] = field(default_factory=dict)  # section -> what is wrong

    @property
    def errors(self) -> list[Check]:
        return [c for c in self.checks if c.level == "error"]


# -- wording -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def default_wording() -> dict[str, dict[str, str]]:
    with open(resource_path("wording", "default.toml"), "rb") as f:
        return tomllib.load(f)["sections"]


def section_label(key: str) -> str:
    return default_wording()[key]["label"]


def wording_for(store: Store, year: int) -> dict[str, str]:
    """The year's wording: what the clerk saved for the year, else the default."""
    saved = store.report_texts(year)
    return {key: saved.get(key, default_wording()[key]["text"]) for key in SECTION_ORDER}


def copy_wording_from(store: Store, from_year: int, to_year: int) -> int:
    """Copy a year's saved wording to another year (not its issue date)."""
    saved = {k: v for k, v in store.report_texts(from_year).items() if k in SECTION_ORDER}
    with store.transaction():
        for key, text in saved.items():
            if key in SECTION_ORDER:
                store.set_report_text(to_year, key, text)
    return len(saved)


# -- filling in --------------------------------------------------------------------------------


def profile_values(profile: dict, year: int) -> dict[str, str]:
    township = profile.get("township") or ""
    town = town_of(profile)
    return {
        "year": str(year),
        "next_year": str(year + 1),
        "county": profile.get("county") or "",
        "township": township,
        "government": profile.get("government") or f"{township}人民政府",
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
    """A figure in one of the FORMS. Call it only for an applicable figure (see fill)."""
    if not applicable(fig):
        raise ValueError(f"{fig.key} has no value")
    unit = fig.unit
    if form in CONDITION_FORMS:
        return ""
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


def parse_placeholder(inner: str) -> tuple[str, str]:
    key, _, form = inner.partition("|")
    return key.strip(), form.strip()


def validate_wording(text: str, figures: dict[str, Figure], profile: dict[str, str], section: str) -> set[str]:
    """Figure keys a wording uses; WordingError naming any unknown placeholder or bad syntax."""
    label = section_label(section)
    stripped = OPTIONAL.sub(lambda m: m.group(1), text)
    if "[[" in stripped or "]]" in stripped:
        raise WordingError(f"「{label}」中的 [[ 与 ]] 没有成对出现")
    outside = OPTIONAL.sub("", text)
    used = set()
    for m in PLACEHOLDER.finditer(stripped):
        key, form = parse_placeholder(m.group(1))
        if key in profile and not form:
            continue
        if key not in figures:
            raise WordingError(f"「{label}」中的占位符 {{{m.group(1)}}} 不是已知的统计数字或概况项")
        if form not in FORMS:
            raise WordingError(
                f"「{label}」中的占位符 {{{m.group(1)}}} 写法有误：“|”后只能是 数、余、约、零、有 或 无"
            )
        fig = figures[key]
        if form in ("余", "约") and fig.kind in ("rate", "list"):
            what = "比率" if fig.kind == "rate" else "列举"
            raise WordingError(
                f"「{label}」中的占位符 {{{m.group(1)}}}：「{fig.label}」是{what}，不能写成“{form}”数"
            )
        if form in CONDITION_FORMS and m.group(0) in outside:
            raise WordingError(
                f"「{label}」中的占位符 {{{m.group(1)}}} 只用作 [[ ]] 的条件，须写在 [[ ]] 之内"
            )
        used.add(key)
    leftover = PLACEHOLDER.sub("", stripped)
    if "{" in leftover or "}" in leftover:
        raise WordingError(f"「{label}」中的花括号 {{ }} 没有成对出现")
    return used


@dataclass
class FillNote:
    """Something filling in found: a figure stated as a plain 0 (`zero`), or one with no value
    to state outside [[ ]] (`not_applicable`)."""

    kind: str  # "zero" | "not_applicable"
    placeholder: str
    figure: Figure
    context: str  # the filled text up to and including the figure, from the clause's start


def _kept(inner: str, figures: dict[str, Figure]) -> bool:
    """Whether an optional [[ … ]] stands: every figure inside applicable and not zero (for
    |无: zero; a |零 figure says its zero in its own words, so its zero keeps the passage)."""
    for pm in PLACEHOLDER.finditer(inner):
        key, form = parse_placeholder(pm.group(1))
        fig = figures.get(key)
        if fig is None:
            continue
        if not applicable(fig):
            return False
        if form == "零":
            continue
        if (fig.value == 0) != (form == "无"):
            return False
    return True


_CLAUSE_END = re.compile(r"[，。；：！？]")


def fill(text: str, figures: dict[str, Figure], profile: dict[str, str], mark=None,
         notes: list[FillNote] | None = None) -> str:
    """Fill in a wording. `mark(text, key)` may wrap each filled figure (the live preview);
    `notes` collects the figures stated as a plain 0 and those without a value."""
    text = OPTIONAL.sub(lambda m: m.group(1) if _kept(m.group(1), figures) else "", text)
    out: list[str] = []
    plain: list[str] = []  # the same without marks, for the notes' context
    pos = 0
    for m in PLACEHOLDER.finditer(text):
        out.append(text[pos:m.start()])
        plain.append(text[pos:m.start()])
        pos = m.end()
        key, form = parse_placeholder(m.group(1))
        if key in profile and not form:
            out.append(profile[key])
            plain.append(profile[key])
            continue
        fig = figures[key]
        if not applicable(fig):
            if form not in CONDITION_FORMS and notes is not None:
                notes.append(FillNote("not_applicable", m.group(0), fig, _context("".join(plain))))
            continue
        shown = render_figure(fig, form)
        plain.append(shown)
        if (notes is not None and fig.value == 0 and form not in ("零", *CONDITION_FORMS)
                and not fig.plain_zero and fig.kind != "items"):
            notes.append(FillNote("zero", m.group(0), fig, _context("".join(plain))))
        out.append(mark(shown, key) if mark and shown else shown)
    out.append(text[pos:])
    return "".join(out)


def _context(done: str) -> str:
    parts = _CLAUSE_END.split(done)
    tail = parts[-1] if parts else done
    return tail[-30:]


def split_heading(text: str) -> tuple[str, str]:
    """'统筹谋划…加强。将…' -> ('统筹谋划…加强。', '将…')."""
    head, sep, rest = text.partition("。")
    if not sep or len(head) > 40:
        return "", text
    return head + sep, rest


def items(text: str) -> list[str]:
    """Headed items of a free-text part: one per paragraph, numbered （一）（二）… if not already."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        line = ITEM_HEAD.sub("", line)
        out.append(line)
    return out


def number(i: int) -> str:
    """The Chinese numeral of the (i+1)-th item: 一 … 十, 十一 … 十九, 二十, 二十一 … 九十九."""
    n = i + 1
    if n < 1 or n > 99:
        return str(n)
    tens, ones = divmod(n, 10)
    out = ""
    if tens:
        out = ("" if tens == 1 else CHINESE_NUMBERS[tens - 1]) + "十"
    if ones:
        out += CHINESE_NUMBERS[ones - 1]
    return out


def title_words(profile: dict, year: int) -> list[str]:
    """The title's words, the places where it may break: county, township, year, 法治政府建设,
    工作报告."""
    words = [profile.get("county") or "", profile.get("township") or "", f"{year}年度",
             "法治政府建设", "工作报告"]
    return [w.strip() for w in words if w and w.strip()]


def report_title(profile: dict, year: int) -> str:
    """{县}{镇}{年}年度法治政府建设工作报告 (one line; see title_lines for the layout)."""
    return "".join(title_words(profile, year))


TITLE_MAX_EM = 20.0  # 156 mm at 2号 (22 pt): 20 characters a line
TITLE_ONE_LINE_EM = 16.0  # a title longer than this is set on two lines or more


def title_lines(words: list[str]) -> str:
    """The title in lines ("\\n" between them), broken only between its words, every line within
    the width at 2号, as few lines as can be, in the shape GB/T 9704 asks of a title of several
    lines (a trapezoid with the longer line on top, or a diamond), as balanced as can be."""
    pieces: list[str] = []
    for w in words:  # a word wider than a line (a very long name) breaks where it must
        while text_width(w) > TITLE_MAX_EM:
            cut, width = 0, 0.0
            while width + text_width(w[cut]) <= TITLE_MAX_EM:
                width += text_width(w[cut])
                cut += 1
            pieces.append(w[:cut])
            w = w[cut:]
        pieces.append(w)
    n = len(pieces)
    if n == 0:
        return ""
    best: tuple | None = None
    for mask in range(1 << (n - 1)):  # every way to put a line break between two words
        lines, cur = [], pieces[0]
        for i in range(1, n):
            if mask >> (i - 1) & 1:
                lines.append(cur)
                cur = pieces[i]
            else:
                cur += pieces[i]
        lines.append(cur)
        widths = [text_width(x) for x in lines]
        if max(widths) > TITLE_MAX_EM or (len(lines) == 1 and widths[0] > TITLE_ONE_LINE_EM):
            continue
        score = (len(lines), _shape_penalty(widths), max(widths) - min(widths), -widths[0])
        if best is None or score < best[0]:
            best = (score, lines)
    return "\n".join(best[1]) if best else "".join(pieces)


def _shape_penalty(widths: list[float]) -> int:
    """0: longer lines on top (倒梯形) or longest in the middle (菱形); 1: longer below
    (梯形); 2: any other shape (an hourglass, a zigzag)."""
    if all(a >= b for a, b in zip(widths, widths[1:])):
        return 0
    top = widths.index(max(widths))
    if all(a <= b for a, b in zip(widths[:top], widths[1:top + 1])) and all(
            a >= b for a, b in zip(widths[top:], widths[top + 1:])):
        return 0 if 0 < top < len(widths) - 1 else 1
    return 2


def issue_date(store: Store, year: int, today: dt.date | None = None) -> dt.date:
    saved = store.report_text(year, "issue_date")
    if saved:
        try:
            return dt.date.fromisoformat(saved)
        except ValueError:
            pass
    today = today or dt.date.today()
    return today if today.year > year else dt.date(year + 1, 1, 15)


def chinese_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# -- composing ---------------------------------------------------------------------------------


def compose(
    store: Store,
    year: int,
    *,
    appendix: bool = False,
    wording: dict[str, str] | None = None,
    today: dt.date | None = None,
    mark: Callable[[str, str], str] | None = None,
    draft: bool = False,
) -> Composition:
    """The report for a year as a Document, with the checks a clerk must see before printing.

    `mark(text, key)` wraps each filled figure (the editor's preview marks them). With `draft`
    (the preview), a section whose wording cannot be filled in is laid out as its raw text and
    the rest still composed, every block names its section, and empty parts show as "（尚未填写）".
    """
    today = today or dt.date.today()
    profile = store.profile()
    pv = profile_values(profile, year)
    figures = compute_map(store, year, today)
    words = wording if wording is not None else wording_for(store, year)
    comp = Composition(Document(report_title(profile, year), pv["government"]), figures=figures)
    doc = comp.document

    for key in SECTION_ORDER:
        try:
            comp.used |= validate_wording(words.get(key, ""), figures, pv, key)
        except WordingError as e:
            comp.checks.append(Check("error", str(e)))
            comp.section_errors[key] = str(e)
    if comp.errors and not draft:
        # nothing is rendered from wording that cannot be filled in; the other checks are listed
        # all the same, so that the clerk sees everything at once
        comp.checks += run_checks(store, year, comp, words, today, pv["addressee"])
        return comp

    notes: dict[str, list[FillNote]] = {}

    def text(key: str) -> str:
        if key in comp.section_errors:
            return words.get(key, "")
        return fill(words.get(key, ""), figures, pv, mark, notes.setdefault(key, []))

    def add(block: Block, section: str = "") -> None:
        block.section = section
        doc.add(block)

    add(Block.of("mark", pv["government"]))
    add(Block.of("title", title_lines(title_words(profile, year))))
    add(Block.of("addressee", f"{pv['addressee']}："))
    add(Block.of("para", text("preamble")), "preamble")
    add(Block.of("heading1", "一、工作主要举措和成效", HEI))
    for i, key in enumerate(SUBSECTIONS):
        head, body = split_heading(text(key))
        runs = [Run(f"（{number(i)}）{head}", KAI)] if head else [Run(f"（{number(i)}）", KAI)]
        add(Block("para", runs + [Run(body, BODY)]), key)
    add(Block.of("heading1", "二、存在的问题", HEI))
    intro = text("problems_intro").strip()
    if intro or draft:
        add(Block.of("para", intro), "problems_intro")
    for key, heading in (("problems", None), ("plans", "三、下一年度法治政府建设工作计划")):
        if heading:
            add(Block.of("heading1", heading, HEI))
        blocks = _item_blocks(text(key))
        if not blocks and draft:
            blocks = [Block.of("para", "（尚未填写）")]
        for b in blocks:
            add(b, key)
    other = text("other").strip()
    if other:
        add(Block.of("heading1", "四、其他需要报告的情况", HEI), "other")
        for para in other.splitlines():
            if para.strip():
                add(Block.of("para", para.strip()), "other")
    attachment = appendix_title(year)
    if appendix:
        add(Block.of("attachment", f"附件：{attachment}"))
    add(Block.of("signature", pv["government"]))
    add(Block.of("date", chinese_date(issue_date(store, year, today))), "issue_date")
    if appendix:
        add(Block("pagebreak"))
        add(Block.of("appendix_label", "附件", HEI))
        add(Block.of("appendix_title", attachment, TITLE))
        add(Block("table", rows=figure_table(store, year, figures)))
    copy_to = (profile.get("copy_to") or "").strip().rstrip("。.")
    if copy_to:
        add(Block.of("copy_to", f"抄送：{copy_to}。"))

    comp.checks += fill_checks(notes)
    # the other checks too, so that the clerk sees everything at once, not one error at a time
    comp.checks += run_checks(store, year, comp, words, today, pv["addressee"])
    return comp


def appendix_title(year: int) -> str:
    return f"{year}年度主要统计数字对照表"


def fill_checks(notes: dict[str, list[FillNote]]) -> list[Check]:
    """What filling in found, as checks naming the section and the place."""
    checks = []
    for key, found in notes.items():
        label = section_label(key)
        for n in found:
            f = n.figure
            if n.kind == "not_applicable":
                checks.append(Check("error", (
                    f"「{label}」中的 {n.placeholder}（{f.label}）没有可计算的数"
                    f"（分母为零）：请把这句放在 [[ ]] 中（为零时整句省略），或改写")))
            else:
                zero_form = n.placeholder.split("|")[0].rstrip("}") + "|零}"
                checks.append(Check("warning", (
                    f"「{label}」中“{n.context}”写的是 0：可改用 {zero_form}"
                    f"（写作“{f.zero}”），或把这句放在 [[ ]] 中（为零时省略）")))
    return checks


def _item_blocks(text: str) -> list[Block]:
    out = []
    for i, item in enumerate(items(text)):
        head, body = split_heading(item)
        runs = [Run(f"（{number(i)}）{head}", KAI), Run(body, BODY)] if head else [
            Run(f"（{number(i)}）", KAI),
            Run(item, BODY),
        ]
        out.append(Block("para", runs))
    return out


def figure_table(store: Store, year: int, figures: dict[str, Figure] | None = None) -> list[list[str]]:
    """The appendix: the figures the default wording reports, with the previous year beside."""
    figures = figures or compute_map(store, year)
    before = compute_map(store, year - 1)
    keys = sorted(
        {k for key in SUBSECTIONS for k in _keys_in(default_wording()[key]["text"])},
        key=list(figures).index,
    )
    rows = [["项目", f"{year}年", f"{year - 1}年", "单位"]]
    for k in keys:
        f, b = figures[k], before.get(k)
        if f.kind == "list":
            continue
        rows.append(
            [
                f.report_label,
                format_number(f.value) if f.value is not None else "不适用",
                format_number(b.value) if b and b.value is not None else "不适用",
                f.unit,
            ]
        )
    return rows


def _keys_in(text: str) -> list[str]:
    return [parse_placeholder(m.group(1))[0] for m in PLACEHOLDER.finditer(text) if "." in m.group(1)]


# -- checks before rendering -------------------------------------------------------------------


def run_checks(
    store: Store, year: int, comp: Composition, words: dict[str, str], today: dt.date, addressee: str
) -> list[Check]:
    checks: list[Check] = []
    figs = comp.figures
    for lg in LEDGERS:
        if store.count(lg.name, RecordQuery(year=year)) == 0:
            checks.append(Check("info", f"「{lg.label}」台账{year}年度没有记录，相关数字为零"))
    for key in sorted(comp.used):
        f = figs[key]
        if f.kind == "rate" and f.value is None:  # else an error: it stands outside [[ ]]
            checks.append(
                Check("warning", f"「{f.label}」没有案件可计算（分母为零），报告中该句已省略")
            )
    # figures that cannot be
    pet, ontime = figs["petitions.total"].value, figs["petitions.ontime"].value
    if ontime > pet:
        checks.append(Check("error", f"按期办结的信访事项（{ontime}件）多于受理的信访事项（{pet}件）"))
    med = figs["mediations.total"].value
    ok = figs["mediations.success_rate"].numerator or 0
    if ok > med:
        checks.append(Check("error", f"调解成功的纠纷（{ok}起）多于调处的纠纷（{med}起）"))
    ongoing = figs.get("mediations.outcome.正在调解")
    if ongoing is not None and ongoing.value:
        checks.append(Check(
            "info",
            f"有{ongoing.value}起纠纷仍在调解中；调解成功率按全部{med}起纠纷计算（调解成功{ok}起）",
        ))
    # petitions still open past their due date
    overdue = [
        r
        for r in store.select("petitions", RecordQuery(year=year), limit=10_000)
        if not r["closed"] and r["due"] and r["due"] < today.isoformat()
    ]
    if overdue:
        listed = "；".join(f"{r['date']}受理的“{r['matter']}”（期限{r['due']}）" for r in overdue[:5])
        more = f"等{len(overdue)}件" if len(overdue) > 5 else ""
        checks.append(Check("warning", f"有信访事项已过办理期限仍未办结：{listed}{more}"))
    from ..attachments import evidence_reminders  # 佐证材料 an inspection will ask for

    reminders = evidence_reminders(store, year, (figs[k] for k in sorted(comp.used)))
    if reminders:
        checks.append(Check("info", "迎检提醒（不影响报告）：" + "；".join(reminders)))
    for key, what in (("problems", "存在的问题"), ("plans", "下一年度工作计划")):
        if not items(words.get(key, "")):
            checks.append(Check("warning", f"「{what}」尚未填写，报告中该部分为空"))
    # the statutory dates
    report_by, publish_by = dt.date(year + 1, 3, 1), dt.date(year + 1, 4, 1)
    if today <= report_by:
        checks.append(
            Check("info", f"应于{chinese_date(report_by)}前报送{addressee}，还有 {(report_by - today).days} 天")
        )
    elif today <= publish_by:
        checks.append(
            Check(
                "warning",
                f"已过报送期限（{chinese_date(report_by)}）；应于{chinese_date(publish_by)}前向社会公开，"
                f"还有 {(publish_by - today).days} 天",
            )
        )
    else:
        late = (today - publish_by).days
        checks.append(Check("warning", f"已过向社会公开的期限（{chinese_date(publish_by)}），已逾期 {late} 天"))
    return checks

