"""The report's wording as the app keeps it: per year and section, an ordered list of items.

Every item has its source, and only three sources are ever printed:

- ``records``: a sentence the app states from the records (a ledger's figures, said as the ledger
  definition says them: report/statements.py); the item only places it;
- ``clerk``: text the clerk wrote;
- ``suggestion``: a suggestion (resources/wording/suggestions.toml) the clerk adopted for the year,
  by its id; its text is copied in and may be edited afterwards.

Text is a list of runs, never a string with codes in it::

    [Text("全年组织"), Field("study_sessions.kind.读书班", say="余"), Text("。")]

A `Field` is a figure and the way it is said (`SAYS`: the number and unit, 余, 约, its zero
wording, the bare number); a `Profile` run is a profile value (年度, 乡镇名称, 我镇/我乡 …). An item
may depend on figures (`when`): it is printed only when each is (or is not) zero — the editor shows
this as a toggle on the passage.

Stored as JSON per (year, section) in the store's report texts, beside the year's checklist
("本年度确无…", `CONFIRMED_KEY`) and the way each figure is said in the records sentences
(`WAYS_KEY`). Wording saved by earlier versions as templates (``{key|form}``, ``[[ … ]]``) is
converted by `from_template` (the store's migration to version 2 and the Excel import use it).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Union

from .ledgers import AREA_LABELS, LEDGER_MAP, LEDGERS

RECORDS, CLERK, SUGGESTION = "records", "clerk", "suggestion"
PREAMBLE = "preamble"
# the records items of the preamble: the opening sentence from the profile, and the statutory
# formula introducing the report
PROFILE_SENTENCE, OUTLINE_SENTENCE = "profile", "outline"
PREAMBLE_SENTENCES = (PROFILE_SENTENCE, OUTLINE_SENTENCE)
SOURCES = (RECORDS, CLERK, SUGGESTION)
SOURCE_LABELS = {RECORDS: "来自台账", CLERK: "自己填写", SUGGESTION: "采用的建议"}

# the ways a figure is said: "" 112起 | 余 180余人次 | 约 约220万元 | 零 its zero wording when zero
# | 数 the number without its unit (only where old wording wrote the unit itself)
SAYS = ("", "余", "约", "零", "数")
SAY_LABELS = {
    "": "数字和单位（112起）",
    "余": "余数（180余人次）",
    "约": "约数（约220万元）",
    "零": "为零时用“没有”的说法",
    "数": "只写数字，不带单位",
}
PROFILE_RUNS = {
    "year": "年度",
    "next_year": "下一年度",
    "county": "县（区）名称",
    "township": "乡镇名称",
    "government": "政府名称",
    "leaders": "领导机关",
    "addressee": "主送机关",
    "self": "我镇/我乡",
    "town": "镇/乡",
}
NONZERO, ZERO = "nonzero", "zero"

CONFIRMED_KEY = "confirmed_none"  # the year's checklist: keys of Ledger.nil_checks confirmed
WAYS_KEY = "figure_ways"  # {figure key: say} for the records sentences of the year
FORMAT = 2


@dataclass
class Text:
    text: str


@dataclass
class Field:
    figure: str
    say: str = ""


@dataclass
class Profile:
    name: str


Run = Union[Text, Field, Profile]


@dataclass
class When:
    figure: str
    is_: str = NONZERO  # the item is printed when the figure is NONZERO (or ZERO)


@dataclass
class Item:
    id: str
    source: str
    runs: list[Run] = field(default_factory=list)
    ledger: str = ""  # records: the ledger whose sentence this is ("profile": the preamble's)
    suggestion: str = ""  # suggestion: its id
    when: list[When] = field(default_factory=list)

    @property
    def fields(self) -> list[Field]:
        return [r for r in self.runs if isinstance(r, Field)]


@dataclass
class Section:
    key: str
    items: list[Item] = field(default_factory=list)
    heading: list[Run] | None = None  # None: the section's default heading
    removed: list[str] = field(default_factory=list)  # records sentences taken out (ledger names)


def new_id() -> str:
    return uuid.uuid4().hex[:10]


def records_item(ledger: str) -> Item:
    return Item(f"r-{ledger}", RECORDS, ledger=ledger)


def plain(text: str) -> list[Run]:
    return [Text(text)] if text else []


def runs_text(runs: list[Run], field_text: Callable[[Field], str] | None = None,
              profile_text: Callable[[Profile], str] | None = None) -> str:
    """Runs as one string; fields and profile values through the given functions (default: the
    figure's key in 「」, for messages that cannot know the value)."""
    out = []
    for r in runs:
        if isinstance(r, Text):
            out.append(r.text)
        elif isinstance(r, Field):
            out.append(field_text(r) if field_text else f"「{r.figure}」")
        else:
            out.append(profile_text(r) if profile_text else PROFILE_RUNS.get(r.name, r.name))
    return "".join(out)


def tidy(runs: list[Run]) -> list[Run]:
    """Adjacent text runs joined, empty ones dropped."""
    out: list[Run] = []
    for r in runs:
        if isinstance(r, Text):
            if not r.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + r.text)
                continue
        out.append(r)
    return out


# -- JSON --------------------------------------------------------------------------------------


def run_to_json(r: Run) -> dict[str, Any]:
    if isinstance(r, Text):
        return {"text": r.text}
    if isinstance(r, Field):
        return {"figure": r.figure, "say": r.say} if r.say else {"figure": r.figure}
    return {"profile": r.name}


def run_from_json(d: dict[str, Any]) -> Run:
    if "figure" in d:
        say = d.get("say", "")
        return Field(str(d["figure"]), say if say in SAYS else "")
    if "profile" in d:
        return Profile(str(d["profile"]))
    return Text(str(d.get("text", "")))


def item_to_json(it: Item) -> dict[str, Any]:
    d: dict[str, Any] = {"id": it.id, "source": it.source}
    if it.source == RECORDS:
        d["ledger"] = it.ledger
        return d
    if it.suggestion:
        d["suggestion"] = it.suggestion
    d["runs"] = [run_to_json(r) for r in it.runs]
    if it.when:
        d["when"] = [{"figure": w.figure, "is": w.is_} for w in it.when]
    return d


def item_from_json(d: dict[str, Any]) -> Item:
    source = str(d.get("source")) if d.get("source") in SOURCES else CLERK
    return Item(
        str(d.get("id") or new_id()),
        source,
        [run_from_json(r) for r in d.get("runs", []) if isinstance(r, dict)],
        ledger=str(d.get("ledger", "")),
        suggestion=str(d.get("suggestion", "")),
        when=[When(str(w["figure"]), ZERO if w.get("is") == ZERO else NONZERO)
              for w in d.get("when", []) if isinstance(w, dict) and "figure" in w],
    )


def section_to_json(sec: Section) -> str:
    d: dict[str, Any] = {"v": FORMAT, "items": [item_to_json(i) for i in sec.items]}
    if sec.heading is not None:
        d["heading"] = [run_to_json(r) for r in sec.heading]
    if sec.removed:
        d["removed"] = list(sec.removed)
    return json.dumps(d, ensure_ascii=False)


def is_stored_section(body: str | None) -> bool:
    return body is not None and body.lstrip().startswith("{") and '"v"' in body[:40]


def section_from_json(key: str, body: str) -> Section:
    d = json.loads(body)
    heading = d.get("heading")
    return Section(
        key,
        [item_from_json(i) for i in d.get("items", []) if isinstance(i, dict)],
        [run_from_json(r) for r in heading] if isinstance(heading, list) else None,
        [str(x) for x in d.get("removed", [])],
    )


# -- the wording saved by earlier versions ------------------------------------------------------

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
OPTIONAL = re.compile(r"\[\[(.*?)\]\]", re.S)
RECORDS_TOKEN = re.compile(r"\{@([A-Za-z_]+)\}")
LEGACY_FORMS = ("", "数", "余", "约", "零", "有", "无")
HEADING_MAX = 40
# the sections whose text is a list of points, one a line
POINT_SECTIONS = ("problems", "plans")
PARAGRAPH_SECTIONS = ("other",)
# sha256 of the default wording of earlier versions, per section: wording saved unchanged from it
# is not the clerk's own words; migrating drops it, so the section gets today's default
OLD_DEFAULTS: dict[str, frozenset[str]] = {
    'preamble': frozenset({
        '970d41b2cf2f1e9600e4e6c4aed631014b2833067650ffc11c7ca16fa5e8cbeb',
        'a2162dc14d0317a3e39f0b8316ba1684d4d43b1443663454da7e62ac2d6277c1',
    }),
    'lead': frozenset({
        '3d69609edaa4dbbbf5114e103a20e34ea3e717fd763d996c4876d378548af5bc',
    }),
    'duty': frozenset({
        '2b61684c3961cde22a3275d5642e02680032c05013c76a7b7c46a2d0084f20d5',
    }),
    'docs': frozenset({
        '1138081aae15ebdf14b205263d0e627d3e362444a9272efcefd1a4c18684a8e2',
        'da95710ddb942b8917899c8236c267e08a28b81d6753062e10a0cbfb582c2b26',
    }),
    'decisions': frozenset({
        'f51729f96aac29ef17362e8547035e71bf52cd6060c5ee90d8ee6acf5fb71ff6',
        'fde24e3dec1e905dd78d4a79e28941a591e7acee2b8742f05b9ce30638ef8c4f',
    }),
    'enforce': frozenset({
        '4accd696e1351f8ed000726dc12c1d547d14de0f59ed2c4143c3404933ca60a3',
        'a52814c0e8c46c97cc5f1a4ceda1aa44d51d5c894a9dabcced79fff0d8e1ffd6',
    }),
    'disputes': frozenset({
        'ca7b2a8fa3d25c8af3bbeba429580a1d92a198cc294b8de0f78d26425889db00',
    }),
    'review': frozenset({
        'ef46cd61ebaae18e28b02f63b815d2a8fbe95d663ad4a815f968709fbecb4173',
    }),
    'open': frozenset({
        '2d64639d20ce57f08487f0370781b12f138b3f2dc3cbaffe2a4f703558cca717',
    }),
    'publicity': frozenset({
        'ba99d5726bb766ee33cc70919f329cc4be25677d84e7bda0191eb0a87e1f36e3',
    }),
    'problems_intro': frozenset({
        '56e07fa993b0eb07f08da7c78fa8ff487af480734eeecf8b7e1bd213db992f4a',
    }),
}


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def legacy_runs(text: str, is_figure: Callable[[str], bool], unit_of: Callable[[str], str],
                 conditions: list[When] | None) -> list[Run]:
    runs: list[Run] = []
    pos = 0
    for m in PLACEHOLDER.finditer(text):
        runs.append(Text(text[pos:m.start()]))
        pos = m.end()
        key, _, form = m.group(1).partition("|")
        key, form = key.strip(), form.strip()
        if key in PROFILE_RUNS and not form:
            runs.append(Profile(key))
        elif is_figure(key) and form in LEGACY_FORMS:
            if form in ("有", "无"):
                if conditions is not None:
                    conditions.append(When(key, ZERO if form == "无" else NONZERO))
                continue
            if conditions is not None and form != "零":
                conditions.append(When(key, NONZERO))
            runs.append(Field(key, form))
        else:  # wording that could not be filled in before either: kept as the clerk wrote it
            runs.append(Text(m.group(0)))
    runs.append(Text(text[pos:]))
    runs = tidy(runs)
    # "收案{x|数}件": a bare number followed by its own unit is the number and unit
    out: list[Run] = []
    for i, r in enumerate(runs):
        if (isinstance(r, Text) and out and isinstance(out[-1], Field) and out[-1].say == "数"):
            unit = unit_of(out[-1].figure)
            if unit and r.text.startswith(unit):
                out[-1] = Field(out[-1].figure, "")
                r = Text(r.text[len(unit):])
        out.append(r)
    return tidy(out)


def split_heading_text(text: str) -> tuple[str, str]:
    """'统筹谋划…加强。将…' -> ('统筹谋划…加强', '将…'): a first sentence of at most 40
    characters is the run-in heading (without its 。)."""
    head, sep, rest = text.partition("。")
    if not sep or not head.strip() or len(head) > HEADING_MAX or "{" in head or "[[" in head:
        return "", text
    return head, rest


def from_template(key: str, text: str, *, is_figure: Callable[[str], bool],
                  unit_of: Callable[[str], str] = lambda k: "",
                  area_ledgers: Callable[[str], list[str]] = lambda k: [],
                  has_heading: bool = False, records_tokens: bool = False) -> Section:
    """A section saved as a template by an earlier version, as items of the clerk's own text.

    Outside ``[[ … ]]``: one item; each ``[[ … ]]``: an item of its own printed only when its
    figures are not zero (``|无``: zero). With `has_heading` (the nine subsections) the first
    sentence is the heading. The records sentences of ledgers the old text states itself are
    marked removed (the old text says them); those of other ledgers of the area are added.
    With `records_tokens` (text from to_template), {@ledger} places a records sentence and the
    records sentences not placed are the ones taken out."""
    sec = Section(key)
    if key in POINT_SECTIONS or key in PARAGRAPH_SECTIONS:
        for line in text.splitlines():
            line = re.sub(r"^\s*（[一二三四五六七八九十]+）", "", line).strip()
            if line:
                sec.items.append(Item(new_id(), CLERK, legacy_runs(line, is_figure, unit_of, None)))
        return sec
    if has_heading:
        head, text = split_heading_text(text)
        if head:
            sec.heading = legacy_runs(head, is_figure, unit_of, None)
    pos = 0
    placed: list[str] = []
    for m in list(OPTIONAL.finditer(text)) + [None]:
        outside = text[pos:m.start() if m else len(text)]
        for i, piece in enumerate(RECORDS_TOKEN.split(outside)):
            if i % 2:  # {@ledger}: the records sentence of a ledger, placed here
                if piece not in placed:
                    placed.append(piece)
                    sec.items.append(records_item(piece))
            elif piece:
                sec.items.append(Item(new_id(), CLERK, legacy_runs(piece, is_figure, unit_of, None)))
        if m is None:
            break
        conds: list[When] = []
        runs = legacy_runs(m.group(1), is_figure, unit_of, conds)
        seen, when = set(), []
        for c in conds:
            if (c.figure, c.is_) not in seen:
                seen.add((c.figure, c.is_))
                when.append(c)
        if runs or when:
            sec.items.append(Item(new_id(), CLERK, runs, when=when))
        pos = m.end()
    if placed or records_tokens:  # written with {@ledger}: the records sentences not placed were taken out
        sec.removed = [lg for lg in area_ledgers(key) if lg not in placed]
        return sec
    stated = {f.figure.split(".")[0] for it in sec.items for f in it.fields}
    stated |= {w.figure.split(".")[0] for it in sec.items for w in it.when}
    sec.removed = [lg for lg in area_ledgers(key) if lg in stated]
    return sec


def to_template(sec: Section) -> str:
    """A section in the notation of earlier versions (the interim 报告 tab edits it so, until its
    editor shows fields; the records sentences appear as {@ledger}). Inverse of from_template."""
    def text_of(runs: list[Run]) -> str:
        out = []
        for r in runs:
            if isinstance(r, Text):
                out.append(r.text)
            elif isinstance(r, Field):
                out.append("{%s|%s}" % (r.figure, r.say) if r.say else "{%s}" % r.figure)
            else:
                out.append("{%s}" % r.name)
        return "".join(out)

    if sec.key in POINT_SECTIONS or sec.key in PARAGRAPH_SECTIONS:
        return "\n".join(text_of(it.runs) for it in sec.items if it.source != RECORDS)
    parts = []
    if sec.heading:
        parts.append(text_of(sec.heading) + "。")
    for it in sec.items:
        if it.source == RECORDS:
            parts.append("{@%s}" % it.ledger)
            continue
        body = text_of(it.runs)
        if it.when:
            inside = {f.figure for f in it.fields}
            extra = "".join("{%s|%s}" % (w.figure, "无" if w.is_ == ZERO else "有")
                            for w in it.when if w.figure not in inside or w.is_ == ZERO)
            body = f"[[{body}{extra}]]"
        parts.append(body)
    return "".join(parts)


# -- converting what earlier versions saved (the store's migration, old workbooks) ---------------


def records_of(key: str) -> list[str]:
    """The records sentences a section has by default: its area's ledgers (the preamble: its two)."""
    if key == PREAMBLE:
        return list(PREAMBLE_SENTENCES)
    return [lg.name for lg in LEDGERS if lg.area == key] if key in AREA_LABELS else []


def is_figure_key(key: str) -> bool:
    """A key that names a figure (kinds a clerk adds included: any value of a choice field)."""
    name, _, rest = key.partition(".")
    if name == "report":
        return rest in ("problems", "plans")
    lg = LEDGER_MAP.get(name)
    if lg is None:
        return False
    if rest == "total" or rest in {fd.key for fd in lg.figures} or rest in {f.name for f in lg.sum_fields}:
        return True
    fname, _, value = rest.partition(".")
    return bool(value) and fname in {f.name for f in lg.choice_fields}


def unit_of(key: str) -> str:
    """A figure's unit from the definitions alone (for converting old wording)."""
    name, _, rest = key.partition(".")
    lg = LEDGER_MAP.get(name)
    if lg is None:
        return "条" if name == "report" else ""
    if rest == "total":
        return lg.unit
    for fd in lg.figures:
        if fd.key == rest:
            return fd.unit
    fname, _, value = rest.partition(".")
    for f in lg.fields:
        if f.name == fname:
            if value:
                return lg.kind_units.get(value, lg.unit)
            return f.unit or ("万元" if f.type == "money" else "")
    return ""


def convert_template(key: str, text: str, *, records_tokens: bool = False) -> Section:
    """A section's wording in the notation of earlier versions, as a Section (see from_template);
    the nine subsections (one per work area) open with their heading."""
    sec = from_template(key, text, is_figure=is_figure_key, unit_of=unit_of, area_ledgers=records_of,
                        has_heading=key in AREA_LABELS, records_tokens=records_tokens)
    if key == PREAMBLE and not records_tokens and sec.items:
        sec.removed = list(PREAMBLE_SENTENCES)  # an opening of old: it says the profile itself
    return sec


SECTION_KEYS = (PREAMBLE, "results", *AREA_LABELS, "problems_intro", *POINT_SECTIONS, *PARAGRAPH_SECTIONS)


def convert_saved_wording(key: str, body: str | None) -> str | None:
    """A report text saved by an earlier version, as this version keeps it (the store's
    migration to version 2, a workbook's 报告文字): a section's template becomes JSON items;
    wording saved unchanged from an earlier default is dropped (None); anything else is kept."""
    if key not in SECTION_KEYS or body is None or is_stored_section(body):
        return body
    if digest(body) in OLD_DEFAULTS.get(key, ()):
        return None
    return section_to_json(convert_template(key, body))
