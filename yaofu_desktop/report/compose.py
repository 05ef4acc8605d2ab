"""Compose the annual report of a year: its wording (what the records say, what the clerk wrote,
the suggestions the clerk adopted), the profile and the statutory outline, as a Document.

Only three sources are printed (see yaofu_desktop/wording.py): a records sentence (said from the
ledgers as their definitions say them, report/statements.py), the clerk's own text, an adopted
suggestion. The outline (yaofu_desktop/outline.py) numbers the parts and the subsections that have
something to print.

A figure is printed as the field's way of saying asks (`render_figure`): the number and unit,
余 (rounded down to 5: 180余人次), 约 (约220万元), its zero wording when zero ("零"), or the bare
number ("数"). Nothing is printed that the records do not hold:

- a passage is left out when a figure in it is zero, except in its zero wording — and that only
  when the ledger has records for the year or the clerk confirmed it ("本年度确无…") — or for the
  figures whose zero may stand as a number (复议收案0件) under the same condition;
- a passage whose toggle (`when`) is off, or with a rate over no cases, is left out;
- what is left out with the clerk's words in it is named in a check (section and figure by their
  Chinese labels; never a key or a code).

The checks also ask for what the outline requires (第一责任人, 存在的不足和原因, 下一年度安排,
成文日期) and for the profile (领导机关, 抄送), point out records the report never states, and keep
the deadline and consistency checks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable, cast

from ..figures import Figure, compute_map, format_number
from ..ledgers import LEDGERS
from ..outline import FREE_TEXT, SECTION_ORDER, SUBSECTIONS, section_label
from ..store import RecordQuery, Store, no_copy_to
from ..wording import RECORDS
from .document import BODY, HEI, KAI, TITLE, Block, Document, Run as DocRun, text_width
from .editing import YearWording
from .filling import (  # render_figure and the rest are the composer's words too
    Context,
    ItemResult,
    Laid,
    compose_sections,
    context_for,
    number,
    profile_values,
    render_figure,
)

ITEM_HEAD = re.compile(r"^（[一二三四五六七八九十]+）")

__all__ = ["compose", "Composition", "Check", "SECTION_ORDER", "SUBSECTIONS", "FREE_TEXT",
           "section_label", "render_figure", "copy_wording_from", "issue_date", "chinese_date",
           "profile_values", "report_title"]


@dataclass
class Check:
    level: str  # "error" stops the report; "warning" is shown; "info" is for the clerk's eye
    message: str
    section: str = ""  # where it is fixed: a section's key, "issue_date", "profile" (乡镇概况),
    # "checklist" (本年度确无…), or "" (nowhere in particular)

    def __str__(self) -> str:
        mark = {"error": "错误", "warning": "提醒", "info": "说明"}[self.level]
        return f"【{mark}】{self.message}"


@dataclass
class Composition:
    document: Document
    checks: list[Check] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)  # figure keys the printed report states
    items: dict[str, list[ItemResult]] = field(default_factory=dict)  # per section, every item
    sections: dict[str, Laid] = field(default_factory=dict)

    @property
    def errors(self) -> list[Check]:
        return [c for c in self.checks if c.level == "error"]

    @property
    def section_errors(self) -> dict[str, str]:
        return {c.section: c.message for c in self.checks if c.level == "error" and c.section}


# -- the year's wording -------------------------------------------------------------------------


def copy_wording_from(store: Store, from_year: int, to_year: int) -> int:
    """Copy a year's saved sections and ways of saying to another year (not its checklist: that
    a year had no case says nothing of the next; not its issue date)."""
    src = YearWording.load(store, from_year)
    dst = YearWording.load(store, to_year)
    n = 0
    for key in SECTION_ORDER:
        if key in src._saved:
            dst._drafts[key] = src.section(key)
            n += 1
    dst.ways = dict(src.ways)
    dst.save(store)
    return n


# -- filling in ----------------------------------------------------------------------------------


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


def issue_date(store: Store, year: int) -> dt.date | None:
    """The 成文日期 the clerk chose for the year; None until chosen (it is never assumed)."""
    saved = store.report_texts.get(year, "issue_date")
    if saved:
        try:
            return dt.date.fromisoformat(saved)
        except ValueError:
            pass
    return None


def chinese_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


BLANK_DATE = "　　　　年　　月　　日"


# -- composing ---------------------------------------------------------------------------------


def compose(
    store: Store,
    year: int,
    *,
    appendix: bool = False,
    wording: YearWording | None = None,
    today: dt.date | None = None,
    mark: Callable[[str, str], str] | None = None,
    draft: bool = False,
) -> Composition:
    """The report for a year as a Document, with the checks a clerk must see before printing.

    `wording`: the year's draft (report.editing.YearWording; default: what is saved).
    `mark(text, key)` wraps each printed figure (the editor's preview marks them). With `draft`
    (the preview), every block names its section and empty required parts show "（尚未填写）".
    Each Run of a section's paragraph carries the item (`item`, `source`) it comes from.
    """
    today = today or dt.date.today()
    profile = store.profile()
    w = wording if wording is not None else YearWording.load(store, year)
    ctx = context_for(store, year, w.confirmed, w.ways, today)
    pv = ctx.pv
    laid = compose_sections(w, ctx)
    comp = Composition(Document(report_title(profile, year), pv["government"]), figures=ctx.figures,
                       items={k: lay.results for k, lay in laid.items()}, sections=laid)
    doc = comp.document

    def add(block: Block, section: str = "") -> None:
        block.section = section
        doc.add(block)

    def runs_of(res: ItemResult) -> list[DocRun]:
        out = []
        for text, key in res.pieces:
            if not text:
                continue
            shown = mark(text, key) if (mark and key) else text
            out.append(DocRun(shown, BODY, item=res.id, source=res.source))
        return out

    def body_runs(key: str) -> list[DocRun]:
        return [r for res in laid[key].results if res.printed for r in runs_of(res)]

    for lay in laid.values():
        for res in lay.results:
            if res.printed:
                comp.used.update(res.figures)

    add(Block.of("mark", pv["government"]))
    add(Block.of("title", title_lines(title_words(profile, year))))
    add(Block.of("addressee", f"{pv['addressee']}："))
    add(Block("para", body_runs("preamble")), "preamble")
    add(Block.of("heading1", f"一、{laid['results'].heading}", HEI), "results")
    if draft and not laid["results"].printed:
        add(Block.of("para", "（尚未填写）"), "results")
    for key in SUBSECTIONS:
        lay = laid[key]
        if not lay.printed:
            if draft and lay.problem:
                add(Block("para", [DocRun(f"（{lay.heading}）", KAI), DocRun("（尚未填写）", BODY)]), key)
            continue
        head = f"{lay.number}{lay.heading}。" if lay.heading else lay.number
        add(Block("para", [DocRun(head, KAI)] + body_runs(key)), key)
    add(Block.of("heading1", f"二、{laid['problems'].heading}", HEI), "problems")
    intro = body_runs("problems_intro")
    if intro:
        add(Block("para", intro), "problems_intro")
    for key in ("problems", "plans"):
        if key == "plans":
            add(Block.of("heading1", f"三、{laid['plans'].heading}", HEI), "plans")
        blocks = _point_blocks([r for r in laid[key].results if r.printed], runs_of)
        if not blocks and draft:
            blocks = [Block.of("para", "（尚未填写）")]
        for b in blocks:
            add(b, key)
    if laid["other"].printed:
        add(Block.of("heading1", f"四、{laid['other'].heading}", HEI), "other")
        for res in laid["other"].results:
            if res.printed:
                add(Block("para", runs_of(res)), "other")
    attachment = appendix_title(year)
    if appendix:
        add(Block.of("attachment", f"附件：{attachment}"))
    add(Block.of("signature", pv["government"]))
    date = issue_date(store, year)
    add(Block.of("date", chinese_date(date) if date else BLANK_DATE), "issue_date")
    if appendix:
        add(Block("pagebreak"))
        add(Block.of("appendix_label", "附件", HEI))
        add(Block.of("appendix_title", attachment, TITLE))
        add(Block("table", rows=figure_table(store, year, ctx.figures, comp.used)))
    copy_to = copy_to_of(profile)
    if copy_to:
        add(Block.of("copy_to", f"抄送：{copy_to}。"))

    comp.checks += outline_checks(laid, year, date, profile)
    comp.checks += item_checks(laid)
    comp.checks += run_checks(store, year, comp, ctx, w, today)
    return comp


def copy_to_of(profile: dict) -> str:
    """The 抄送 line's offices, or "" for none ("无", or not filled in)."""
    text = (profile.get("copy_to") or "").strip().rstrip("。.")
    return "" if no_copy_to(text) else text


def appendix_title(year: int) -> str:
    return f"{year}年度主要统计数字对照表"


def _point_blocks(results: list[ItemResult], runs_of) -> list[Block]:
    """Numbered points （一）（二）…: an item each; its first sentence (to 。) is the heading."""
    out = []
    for i, res in enumerate(results):
        runs = runs_of(res)
        text = "".join(r.text for r in runs)
        text = ITEM_HEAD.sub("", text)
        head, sep, rest = text.partition("。")
        if sep and head and len(head) <= 40 and not mark_in(head):
            out.append(Block("para", [DocRun(f"（{number(i)}）{head}。", KAI, item=res.id, source=res.source),
                                      DocRun(rest, BODY, item=res.id, source=res.source)]))
        else:
            out.append(Block("para", [DocRun(f"（{number(i)}）", KAI)] + runs))
    return out


def mark_in(text: str) -> bool:
    """Text holding a preview mark (the editor's placeholders for marked figures)."""
    return "\ue000" in text


def figure_table(store: Store, year: int, figures: dict[str, Figure] | None = None,
                 used: set[str] | None = None) -> list[list[str]]:
    """The appendix: the figures the report states, with the previous year beside."""
    figures = figures or compute_map(store, year)
    if used is None:
        used = set(figures)
    before = compute_map(store, year - 1)
    rows = [["项目", f"{year}年", f"{year - 1}年", "单位"]]
    for k, f in figures.items():
        if k not in used or f.kind in ("list", "records", "items"):
            continue
        b = before.get(k)
        rows.append(
            [
                f.report_label,
                format_number(f.value) if f.value is not None else "不适用",
                format_number(b.value) if b and b.value is not None else "不适用",
                f.unit,
            ]
        )
    return rows


# -- checks before rendering -------------------------------------------------------------------


def county_level(profile: dict) -> str:
    """县, 市, 区 or 旗: what the township's county is (its name's last character; 县 when unsaid),
    for the examples the checks give (市委、市政府; 区委依法治区办)."""
    name = (profile.get("county") or "").strip()
    return name[-1] if name and name[-1] in "县市区旗" else "县"


def outline_checks(laid: dict[str, Laid], year: int, date: dt.date | None, profile: dict) -> list[Check]:
    checks = []
    for key, lay in laid.items():
        if lay.problem:
            checks.append(Check("error", lay.problem, key))
    if date is None:
        checks.append(Check("error", f"{year}年度报告的成文日期尚未填写：请在“报告”页选择成文日期（报告印发的日期）",
                            "issue_date"))
    level = county_level(profile)
    if not (profile.get("leaders") or "").strip():
        checks.append(Check("warning", f"概况中的「领导机关」尚未填写（如：{level}委、{level}政府）：开头语中"
                                       "“在……的领导下”一语暂不写出", "profile"))
    if not (profile.get("copy_to") or "").strip():
        checks.append(Check("warning", "概况中的「抄送机关」尚未填写：没有抄送机关的，请填“无”；"
                                       f"按规定一般抄送{level}委依法治{level}办", "profile"))
    texts = "".join(r.text for r in laid["problems"].results if r.printed)
    if texts and not re.search(r"原因|根源|在于|由于|源于", texts):
        checks.append(Check("info", "「存在的不足和原因」中没有写到原因：按规定应写明不足及其原因", "problems"))
    return checks


LEFTOVER = re.compile(r"\{([^{}]*)\}|\[\[|\]\]")


def item_checks(laid: dict[str, Laid]) -> list[Check]:
    """The passages with the clerk's words (or an adopted suggestion) left out, and why; and
    notation of earlier versions typed as text, which no figure fills in."""
    checks = []
    for key, lay in laid.items():
        label = section_label(key)
        for res in lay.results:
            if res.source != RECORDS:
                for text, fig in res.pieces:
                    m = None if fig else LEFTOVER.search(text)
                    if m:
                        what = m.group(1) if m.group(1) is not None else "方括号"
                        checks.append(Check("error", f"「{label}」中有一处无法识别的写法“{what.strip()}”"
                                                     "（不是软件能填入的数字）：请改正或删去", key))
                        break
            for note in res.notes:
                what = "采用的建议" if res.source == "suggestion" else "一段文字"
                checks.append(Check("warning", f"「{label}」中的{what}未印入报告：{note}", key))
    return checks


def run_checks(store: Store, year: int, comp: Composition, ctx: Context, w: YearWording,
               today: dt.date) -> list[Check]:
    checks: list[Check] = []
    figs = comp.figures
    # what the records hold and the report never says
    stated_ledgers = {k.split(".", 1)[0] for k in comp.used}
    # a printed passage that depends on a figure speaks of it ("对一般性行政决策均履行了…")
    stated_ledgers |= {c.figure.split(".", 1)[0] for key in SECTION_ORDER for it in w.section(key).items
                       for c in it.when
                       if any(r.id == it.id and r.printed for r in comp.items.get(key, []))}
    empty = [lg for lg in LEDGERS if not ctx.counts.get(lg.name)
             and not any(key in ctx.confirmed for key, *_ in lg.nil_checks)]
    for lg in LEDGERS:
        n = ctx.counts.get(lg.name, 0)
        if n and lg.name not in stated_ledgers:
            checks.append(Check("warning", f"「{lg.label}」台账本年度有 {n} 条记录，报告中没有写到", lg.area))
    if empty:
        checks.append(Check("info", "以下台账本年度没有记录，报告中不写：" + "、".join(lg.label for lg in empty)
                            + "。本年度确实没有的，可在“本年度确无”清单中勾选，报告会写明没有", "checklist"))
    for lg in LEDGERS:
        for key, label, figure, _covers in lg.nil_checks:
            fig = figs.get(figure)
            if key in ctx.confirmed and fig is not None and fig.value:
                checks.append(Check("warning", f"已勾选“{label}”，但「{lg.label}」台账本年度有记录，报告按记录写",
                                    "checklist"))
    # figures that cannot be
    # totals: never None
    pet, ontime = cast(float, figs["petitions.total"].value), cast(float, figs["petitions.ontime"].value)
    if ontime > pet:
        checks.append(Check("error", f"按期办结的信访事项（{ontime}件）多于受理的信访事项（{pet}件）"))
    med = cast(float, figs["mediations.total"].value)
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
    from .evidence import evidence_reminders  # 佐证材料 an inspection will ask for

    reminders = evidence_reminders(store, year, (figs[k] for k in sorted(comp.used) if k in figs))
    if reminders:
        checks.append(Check("info", "迎检提醒（不影响报告）：" + "；".join(reminders)))
    # the statutory dates
    addressee = ctx.pv["addressee"]
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

