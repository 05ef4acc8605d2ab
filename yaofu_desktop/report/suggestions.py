"""Suggested sentences: the stock phrases such reports share, offered per section.

Kept in resources/wording/suggestions.toml (no town's own arrangements: those are the clerk's to
write). A suggestion is offered only where it makes sense — when one of the ledgers it `needs`
has records for the year (none listed: always) — and is printed only once the clerk adopts it for
the year (report.editing.YearWording.adopt); its text is then the year's, to edit as the clerk
likes. `place` puts it before or after the section's records sentences.

In the file, {town} {self} {township} … stand for profile values and {ledger.figure} for a figure
field (the app's own notation, never shown: adopted text is runs of text and fields).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from .. import outline
from ..ledgers import LEDGER_MAP
from ..resources import resource_path
from ..wording import NONZERO, RECORDS, Field, Profile, Run, Section, Text, When, is_figure_key, legacy_runs, unit_of


@dataclass(frozen=True)
class Suggestion:
    id: str  # "<section>.<name>"
    section: str
    text: str
    needs: tuple[str, ...] = ()  # ledgers of which one must have records this year; () always
    place: str = "after"  # before | after the records sentences | after_first (the preamble)
    when: tuple[When, ...] = field(default_factory=tuple)

    def runs(self) -> list[Run]:
        return legacy_runs(self.text, is_figure_key, unit_of, None)

    def plain_text(self, pv: dict[str, str]) -> str:
        """The text as the editor lists it: profile values filled in, figures by their labels."""
        out = []
        for r in self.runs():
            if isinstance(r, Text):
                out.append(r.text)
            elif isinstance(r, Profile):
                out.append(pv.get(r.name, ""))
            elif isinstance(r, Field):
                lg = LEDGER_MAP.get(r.figure.split(".")[0])
                out.append(f"「{lg.label if lg else r.figure}的数字」")
        return "".join(out)

    def offered(self, counts: dict[str, int]) -> tuple[bool, str]:
        """(offered this year, why not): a suggestion about work the town has no record of is not."""
        if not self.needs or any(counts.get(n, 0) for n in self.needs):
            return True, ""
        names = "、".join(f"「{LEDGER_MAP[n].label}」" for n in self.needs if n in LEDGER_MAP)
        return False, f"{names}台账本年度没有记录"

    def default_index(self, sec: Section) -> int:
        """Where adopting puts it: before the first records sentence, or after the last item
        (before the first suggestion placed after, so that they keep the file's order)."""
        recs = [i for i, it in enumerate(sec.items) if it.source == RECORDS]
        if self.place == "after_first" and recs:
            between = [i for i, it in enumerate(sec.items) if i > recs[0] and it.source != RECORDS
                       and _order().get(it.suggestion, -1) < _order().get(self.id, 0)]
            return (between[-1] if between else recs[0]) + 1
        if self.place == "before":
            before = [i for i, it in enumerate(sec.items)
                      if it.suggestion and _order().get(it.suggestion, 0) > _order().get(self.id, 0)
                      and (not recs or i <= recs[0])]
            return min(before + recs + [len(sec.items)])
        later = [i for i, it in enumerate(sec.items)
                 if it.suggestion and _order().get(it.suggestion, 0) > _order().get(self.id, 0)
                 and (not recs or i > recs[-1])]
        return min(later) if later else len(sec.items)


@lru_cache(maxsize=1)
def _all() -> dict[str, list[Suggestion]]:
    with open(resource_path("wording", "suggestions.toml"), "rb") as f:
        data = tomllib.load(f)
    out: dict[str, list[Suggestion]] = {}
    for key in outline.SECTION_ORDER:
        for d in data.get(key, []):
            needs = tuple(d.get("needs", ()))
            for n in needs:
                assert n in LEDGER_MAP, f"suggestions.toml: {key}.{d['id']} needs unknown ledger {n}"
            when = tuple(When(w, NONZERO) for w in ([d["when"]] if isinstance(d.get("when"), str)
                                                     else d.get("when", [])))
            out.setdefault(key, []).append(Suggestion(f"{key}.{d['id']}", key, d["text"], needs,
                                                      d.get("place", "after"), when))
    unknown = set(data) - set(outline.SECTION_ORDER)
    assert not unknown, f"suggestions.toml: unknown sections {unknown}"
    return out


@lru_cache(maxsize=1)
def _order() -> dict[str, int]:
    return {s.id: i for i, s in enumerate(s for lst in _all().values() for s in lst)}


def suggestions_for(section: str) -> list[Suggestion]:
    return list(_all().get(section, []))


def suggestion(suggestion_id: str) -> Suggestion:
    for s in _all().get(suggestion_id.split(".", 1)[0], []):
        if s.id == suggestion_id:
            return s
    raise KeyError(suggestion_id)


def all_suggestions() -> list[Suggestion]:
    return [s for lst in _all().values() for s in lst]
