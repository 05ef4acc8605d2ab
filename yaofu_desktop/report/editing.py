"""One year's report wording as the editor works on it: load, change in memory, save.

    w = YearWording.load(store, 2025)
    for sec in w.sections(): ...                 # SectionView: key, label, number, heading, printed
    for it in w.items("lead"): ...               # ItemView: source, text, fields, printed, why_not
    w.adopt("lead", "lead.agenda")               # a suggestion, into the year's wording
    w.insert("lead", 0, [Text("全年共"), Field("meetings.total"), Text("。")])
    w.confirm_none("review_cases.reconsideration", True)
    w.set_way("legal_consultations.total", "余")
    w.save(store)                                # one transaction; nothing else writes wording
    compose(store, 2025, wording=w, mark=…, draft=True)   # the preview of the draft

Every change is made on the draft; `dirty` says whether there is something to save. The clerk
never meets a key or a code: items carry runs (wording.Text / Field / Profile), views carry the
figure's Chinese label and its current value. Model and storage: yaofu_desktop/wording.py.

A section with nothing saved is its records sentences (one per ledger of the area that has
something to say), in the order of the ledger definitions. A records sentence that a saved section
does not place — a ledger that got its first record after the clerk saved the section — is put in
at its default place unless the clerk removed it; `restore_records` puts removed ones back.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

from .. import outline
from ..ledgers import LEDGERS
from ..wording import (  # noqa: F401 - convert_template and the preamble's names are the editor's too
    CLERK,
    CONFIRMED_KEY,
    NONZERO,
    OUTLINE_SENTENCE,
    PREAMBLE,
    PREAMBLE_SENTENCES,
    PROFILE_SENTENCE,
    RECORDS,
    SAY_LABELS,
    SAYS,
    SOURCE_LABELS,
    SUGGESTION,
    WAYS_KEY,
    ZERO,
    Field,
    Item,
    Profile,
    Run,
    Section,
    Text,
    When,
    convert_saved_wording,
    convert_template,
    is_stored_section,
    new_id,
    records_item,
    records_of,
    section_from_json,
    section_to_json,
    tidy,
)
from .filling import Context, compose_sections, context_for, render_item
from .suggestions import suggestion, suggestions_for


def default_section(key: str) -> Section:
    """A section as it stands with nothing saved: its records sentences."""
    sec = outline.section(key)
    if sec.kind == "sub":
        return Section(key, [records_item(lg) for lg in sec.ledgers])
    if sec.kind == "preamble":
        return Section(key, [records_item(PROFILE_SENTENCE), records_item(OUTLINE_SENTENCE)])
    return Section(key)


def with_new_records(sec: Section) -> Section:
    """The section with the records sentences it does not place (and the clerk did not remove)
    put in at their default places: after the nearest earlier ledger's sentence, else before the
    nearest later one's, else at the end."""
    order = records_of(sec.key)
    placed = {it.ledger for it in sec.items if it.source == RECORDS}
    missing = [lg for lg in order if lg not in placed and lg not in sec.removed]
    if not missing:
        return sec
    sec = copy.deepcopy(sec)
    for lg in missing:
        i = order.index(lg)
        pos = len(sec.items)
        earlier = [j for j, it in enumerate(sec.items) if it.source == RECORDS and it.ledger in order[:i]]
        later = [j for j, it in enumerate(sec.items) if it.source == RECORDS and it.ledger in order[i + 1:]]
        if earlier:
            pos = earlier[-1] + 1
        elif later:
            pos = later[0]
        sec.items.insert(pos, records_item(lg))
    return sec


def read_section(store, year: int, key: str) -> Section | None:
    """The section the store holds for the year (None: nothing saved). Text an older version
    saved and no migration converted (a file opened read-only) is converted as it is read."""
    body = store.report_texts.get(year, key)
    if body is None:
        return None
    if is_stored_section(body):
        try:
            return section_from_json(key, body)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
    return convert_template(key, body)


def read_confirmed(store, year: int) -> set[str]:
    try:
        return {str(x) for x in json.loads(store.report_texts.get(year, CONFIRMED_KEY) or "[]")}
    except (ValueError, TypeError):
        return set()


def read_ways(store, year: int) -> dict[str, str]:
    try:
        d = json.loads(store.report_texts.get(year, WAYS_KEY) or "{}")
    except (ValueError, TypeError):
        return {}
    return {str(k): v for k, v in d.items() if v in SAYS} if isinstance(d, dict) else {}


# -- views for the editor ----------------------------------------------------------------------


@dataclass
class FieldView:
    """A figure field as the editor shows it: one marked unit with its current value."""

    index: int  # the run's index in the item
    figure: str  # the key (for the program; never shown)
    label: str  # 「学法活动·会前学法」
    say: str
    say_label: str
    shown: str  # what the report prints for it now ("15次", "约220万元"); "" when nothing


@dataclass
class ItemView:
    id: str
    source: str
    source_label: str  # 来自台账 / 自己填写 / 采用的建议 / 采用的建议（已修改）
    text: str  # as printed now (or as it would read, when not printed)
    printed: bool
    why_not: str  # why it is not printed, in the clerk's words
    runs: list[Run]  # the item's runs (records: the sentence as the app says it)
    fields: list[FieldView] = field(default_factory=list)
    when: list[tuple[str, str, str]] = field(default_factory=list)  # (figure key, label, NONZERO/ZERO)
    editable: bool = True  # a records sentence is not typed in (its figures' way of saying is)


@dataclass
class SectionView:
    key: str
    label: str
    kind: str
    number: str  # "（三）", "二、" as printed now; "" when the section is not printed
    heading: str
    heading_is_default: bool
    printed: bool
    problem: str  # an error naming what is missing, or ""


@dataclass
class SuggestionView:
    id: str
    text: str
    offered: bool  # it makes sense this year (its area has records)
    adopted: bool
    why: str  # when not offered: why ("「执法检查」台账本年度没有记录")


@dataclass
class FigureChoice:
    key: str
    label: str
    area: str
    value: str  # as shown now: "15 次"
    unit: str
    says: list[tuple[str, str]]  # (say, label) the figure may be said in


@dataclass
class NilView:
    key: str
    label: str  # 本年度确无行政复议案件
    offered: bool  # the figure is zero this year (the entry can be confirmed)
    confirmed: bool
    conflict: str  # confirmed, but records say otherwise


class YearWording:
    """A year's wording: saved sections, the checklist and the ways of saying, as a draft."""

    def __init__(self, year: int, saved: dict[str, Section], confirmed: set[str], ways: dict[str, str],
                 store=None):
        self.year = year
        self._saved = saved
        self._drafts: dict[str, Section] = copy.deepcopy(saved)
        self._confirmed_saved = set(confirmed)
        self.confirmed = set(confirmed)
        self._ways_saved = dict(ways)
        self.ways = dict(ways)
        self.store = store
        self._ctx: Context | None = None  # the figures and profile the views are rendered with

    # loading and saving ------------------------------------------------------------------------

    @classmethod
    def load(cls, store, year: int) -> "YearWording":
        saved = {}
        for key in outline.SECTION_ORDER:
            sec = read_section(store, year, key)
            if sec is not None:
                saved[key] = sec
        return cls(year, saved, read_confirmed(store, year), read_ways(store, year), store)

    def section(self, key: str) -> Section:
        """The section as it stands (a copy): saved or default, with new records sentences."""
        sec = self._drafts.get(key) or default_section(key)
        return with_new_records(sec)

    def _edit(self, key: str) -> Section:
        """The draft of a section, made from its current state, for a change."""
        sec = copy.deepcopy(self.section(key))
        self._drafts[key] = sec
        return sec

    def dirty_sections(self) -> list[str]:
        """The sections whose draft differs from what is saved (a records sentence the app put
        in at its default place is no change of the clerk's)."""
        out = []
        for key in outline.SECTION_ORDER:
            a, b = self._drafts.get(key), self._saved.get(key)
            if (a is None) != (b is None):
                out.append(key)
            elif a is not None and b is not None and section_to_json(a) != section_to_json(b) and \
                    section_to_json(with_new_records(a)) != section_to_json(with_new_records(b)):
                out.append(key)
        return out

    @property
    def checklist_dirty(self) -> bool:
        """The 本年度确无 checklist differs from what is saved."""
        return self.confirmed != self._confirmed_saved

    @property
    def ways_dirty(self) -> bool:
        """The ways figures are said (余, 约 …) differ from what is saved."""
        return self.ways != self._ways_saved

    @property
    def dirty(self) -> bool:
        return bool(self.dirty_sections()) or self.checklist_dirty or self.ways_dirty

    def save(self, store) -> list[str]:
        """Write what changed, in one transaction. Returns the changed section keys."""
        dirty = self.dirty_sections()
        with store.transaction():
            for key in dirty:
                store.report_texts.set(self.year, key, section_to_json(self._drafts[key]))
            if self.checklist_dirty:
                store.report_texts.set(self.year, CONFIRMED_KEY,
                                      json.dumps(sorted(self.confirmed), ensure_ascii=False))
            if self.ways_dirty:
                store.report_texts.set(self.year, WAYS_KEY, json.dumps(self.ways, ensure_ascii=False))
        for key in dirty:
            self._saved[key] = copy.deepcopy(self._drafts[key])
        self._confirmed_saved = set(self.confirmed)
        self._ways_saved = dict(self.ways)
        return dirty

    def revert(self, key: str | None = None) -> None:
        """Drop the unsaved changes (of one section)."""
        keys = [key] if key else list(outline.SECTION_ORDER)
        for k in keys:
            if k in self._saved:
                self._drafts[k] = copy.deepcopy(self._saved[k])
            else:
                self._drafts.pop(k, None)
        if key is None:
            self.confirmed = set(self._confirmed_saved)
            self.ways = dict(self._ways_saved)

    def snapshot(self, key: str) -> Section | None:
        """The section's draft as it stands (None: nothing drafted, the saved or default one), for
        the editor's undo; `restore` puts it back."""
        return copy.deepcopy(self._drafts.get(key))

    def restore(self, key: str, snap: Section | None) -> None:
        if snap is None:
            self._drafts.pop(key, None)
        else:
            self._drafts[key] = copy.deepcopy(snap)

    def reset_to_default(self, key: str) -> None:
        """The section as with nothing saved (its records sentences, the default heading)."""
        self._drafts[key] = default_section(key)

    # changing items ----------------------------------------------------------------------------

    def _find(self, sec: Section, item_id: str) -> int:
        for i, it in enumerate(sec.items):
            if it.id == item_id:
                return i
        raise KeyError(item_id)

    def insert(self, key: str, index: int, runs: list[Run] | str) -> str:
        """Text of the clerk's own at `index` (0 first; past the end: last). Returns its id."""
        if isinstance(runs, str):
            runs = [Text(runs)]
        sec = self._edit(key)
        it = Item(new_id(), CLERK, tidy(list(runs)))
        sec.items.insert(max(0, min(index, len(sec.items))), it)
        return it.id

    def set_runs(self, key: str, item_id: str, runs: list[Run]) -> None:
        sec = self._edit(key)
        it = sec.items[self._find(sec, item_id)]
        if it.source == RECORDS:
            raise ValueError("a records sentence is said by the app; its text cannot be typed in")
        it.runs = tidy(list(runs))

    def remove(self, key: str, item_id: str) -> None:
        sec = self._edit(key)
        it = sec.items.pop(self._find(sec, item_id))
        if it.source == RECORDS and it.ledger not in sec.removed:
            sec.removed.append(it.ledger)

    def move(self, key: str, item_id: str, new_index: int) -> None:
        sec = self._edit(key)
        it = sec.items.pop(self._find(sec, item_id))
        sec.items.insert(max(0, min(new_index, len(sec.items))), it)

    def restore_records(self, key: str) -> list[str]:
        """Put back the records sentences the clerk removed from the section."""
        sec = self._edit(key)
        back, sec.removed = sec.removed, []
        self._drafts[key] = with_new_records(sec)
        return back

    def set_heading(self, key: str, runs: list[Run] | str | None) -> None:
        """The section's heading (None: the default one)."""
        if isinstance(runs, str):
            runs = [Text(runs.strip().rstrip("。"))] if runs.strip() else None
        sec = self._edit(key)
        sec.heading = tidy(list(runs)) if runs else None

    def set_field_say(self, key: str, item_id: str, run_index: int, say: str) -> None:
        if say not in SAYS:
            raise ValueError(say)
        sec = self._edit(key)
        it = sec.items[self._find(sec, item_id)]
        run = it.runs[run_index]
        if not isinstance(run, Field):
            raise ValueError("not a figure field")
        it.runs[run_index] = Field(run.figure, say)

    def set_when(self, key: str, item_id: str, figure: str | None, is_: str = NONZERO) -> None:
        """The passage depends on a figure (printed only when it is not zero, or only when it
        is zero); None: it does not depend on any."""
        sec = self._edit(key)
        it = sec.items[self._find(sec, item_id)]
        it.when = [] if figure is None else [When(figure, ZERO if is_ == ZERO else NONZERO)]

    # suggestions ----------------------------------------------------------------------------------

    def suggestions(self, key: str) -> list[SuggestionView]:
        sec = self.section(key)
        adopted = {it.suggestion for it in sec.items if it.source == SUGGESTION}
        counts = self._context().counts
        out = []
        for s in suggestions_for(key):
            offered, why = s.offered(counts)
            out.append(SuggestionView(s.id, s.plain_text(self._context().pv), offered, s.id in adopted, why))
        return out

    def adopt(self, key: str, suggestion_id: str, index: int | None = None) -> str:
        """A suggestion into the year's wording (once); returns the item's id."""
        s = suggestion(suggestion_id)
        if s.section != key:
            raise KeyError(suggestion_id)
        sec = self._edit(key)
        for it in sec.items:
            if it.source == SUGGESTION and it.suggestion == s.id:
                return it.id
        it = Item(f"s-{s.id}", SUGGESTION, s.runs(), suggestion=s.id, when=list(s.when))
        if index is None:
            index = s.default_index(sec)
        sec.items.insert(max(0, min(index, len(sec.items))), it)
        return it.id

    def adopt_all(self, key: str) -> list[str]:
        """Every suggestion of the section offered this year."""
        return [self.adopt(key, s.id) for s in self.suggestions(key) if s.offered and not s.adopted]

    def adopt_everywhere(self) -> dict[str, list[str]]:
        return {key: ids for key in outline.SECTION_ORDER if (ids := self.adopt_all(key))}

    def is_edited_suggestion(self, it: Item) -> bool:
        try:
            return json.dumps([vars(r) for r in suggestion(it.suggestion).runs()], ensure_ascii=False) != \
                json.dumps([vars(r) for r in it.runs], ensure_ascii=False)
        except KeyError:
            return True

    # the year's choices --------------------------------------------------------------------------

    def set_way(self, figure: str, say: str) -> None:
        """How a figure is said in the records sentences this year: "" (the number), 余 or 约."""
        if say not in ("", "余", "约"):
            raise ValueError(say)
        if say and figure in self._context().figures and \
                self._context().figures[figure].kind not in ("total", "sum", "items"):
            raise ValueError("余/约 is for counts and amounts")
        if say:
            self.ways[figure] = say
        else:
            self.ways.pop(figure, None)

    def figure_ways(self) -> dict[str, str]:
        return dict(self.ways)

    def checklist(self) -> list[NilView]:
        ctx = self._context()
        out = []
        for lg in LEDGERS:
            for key, label, figure, _covers in lg.nil_checks:
                fig = ctx.figures.get(figure)
                zero = fig is not None and fig.value == 0
                conflict = ""
                if key in self.confirmed and not zero:
                    conflict = f"已勾选“{label}”，但台账中本年度有记录，报告按记录写"
                out.append(NilView(key, label, zero, key in self.confirmed, conflict))
        return out

    def confirm_none(self, key: str, on: bool = True) -> None:
        known = {k for lg in LEDGERS for k, *_ in lg.nil_checks}
        if key not in known:
            raise KeyError(key)
        (self.confirmed.add if on else self.confirmed.discard)(key)

    # what the editor shows ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute the figures the views show (after records changed)."""
        self._ctx = None

    def _context(self):
        if self._ctx is None:
            self._ctx = context_for(self.store, self.year, self.confirmed, self.ways)
        else:
            self._ctx.confirmed = set(self.confirmed)
            self._ctx.ways = dict(self.ways)
        return self._ctx

    def items(self, key: str) -> list[ItemView]:
        ctx = self._context()
        out = []
        for it in self.section(key).items:
            res = render_item(it, ctx)
            label = SOURCE_LABELS[it.source]
            if it.source == SUGGESTION and self.is_edited_suggestion(it):
                label += "（已修改）"
            fields = []
            for i, r in enumerate(res.runs):
                if isinstance(r, Field):
                    fig = ctx.figures.get(r.figure)
                    fields.append(FieldView(i, r.figure, fig.label if fig else "（已不存在的数字）", r.say,
                                            SAY_LABELS.get(r.say, ""), res.shown.get(i, "")))
            when = [(w.figure, ctx.figures[w.figure].label if w.figure in ctx.figures else "", w.is_)
                    for w in it.when]
            out.append(ItemView(it.id, it.source, label, res.text, res.printed, res.why_not, res.runs,
                                fields, when, editable=it.source != RECORDS))
        return out

    def sections(self) -> list[SectionView]:
        ctx = self._context()
        laid = compose_sections(self, ctx)
        out = []
        for key, sdef in outline.sections().items():
            sec = self.section(key)
            lay = laid[key]
            heading = "".join(r.text if isinstance(r, Text) else ctx.text_of(r) for r in sec.heading) \
                if sec.heading else sdef.heading
            out.append(SectionView(key, sdef.label, sdef.kind, lay.number, heading, sec.heading is None,
                                   lay.printed, lay.problem))
        return out

    def insertable_figures(self, area: str | None = None, text: str = "") -> list[FigureChoice]:
        """The figures the clerk may insert, searchable by words of their label."""
        from ..figures import format_number
        from ..ledgers import AREA_LABELS

        words = text.lower().split()
        out = []
        for key, fig in self._context().figures.items():
            if fig.kind == "records" or (area and fig.area != area):
                continue
            hay = f"{fig.label} {AREA_LABELS.get(fig.area, '')}".lower()
            if not all(w in hay for w in words):
                continue
            says = [("", SAY_LABELS[""])]
            if fig.kind in ("total", "sum", "items"):
                says += [("余", SAY_LABELS["余"]), ("约", SAY_LABELS["约"])]
            says += [("零", SAY_LABELS["零"])]
            shown = fig.display() if fig.value is not None else "不适用"
            out.append(FigureChoice(key, fig.label, AREA_LABELS.get(fig.area, "报告"), shown, fig.unit, says))
        _ = format_number
        return out

    def figure(self, key: str):
        """The figure of the year (figures.Figure: label, value, unit …), None when it no longer
        exists (a kind removed)."""
        return self._context().figures.get(key)

    def field_shown(self, figure: str, say: str = "") -> tuple[str, str]:
        """What a field prints this year, said one way ("15次", "约220万元", its zero wording),
        and "" — or ("", why it cannot be printed, in the clerk's words)."""
        from .filling import _field_text

        ctx = self._context()
        return _field_text(Field(figure, say), ctx.figures.get(figure), ctx)

    def profile_shown(self, name: str) -> str:
        """A profile value as the report prints it ("我镇", "2025", the township's name)."""
        return self._context().pv.get(name, "")

    def profile_fields(self) -> list[tuple[str, str, str]]:
        """(name, label, value now) of the profile values the clerk may insert as fields."""
        from ..wording import PROFILE_RUNS

        pv = self._context().pv
        return [(k, label, pv.get(k, "")) for k, label in PROFILE_RUNS.items()]

    def as_dict(self) -> dict[str, Any]:
        return {key: section_to_json(self.section(key)) for key in outline.SECTION_ORDER}


__all__ = ["YearWording", "ItemView", "SectionView", "SuggestionView", "FigureChoice", "NilView",
           "FieldView", "Text", "Field", "Profile", "When", "convert_template", "default_section"]
