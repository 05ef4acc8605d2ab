"""The statutory outline of the report: its parts and sections, their labels and default headings.

《法治政府建设与责任落实督察工作规定》 (厅字〔2019〕28号) asks for five items: the year's measures
and results; shortcomings and their causes; how the principal leaders performed their duty as
first responsible persons; the next year's plans; other matters. As most townships do, item three
is subsection （二） of part 一 — always there (empty is an error); parts 二 and 三 must not be
empty; part 四 is printed only when written. Part and subsection numbers are given when composing:
a subsection with nothing to print is left out and the others renumbered.

Sections (resources/wording/default.toml), by kind:
``preamble`` the opening paragraph; ``part`` part 一's heading only; ``sub`` a subsection of part 一
(one per work area: heading, then its items as one paragraph); ``intro`` the paragraph under part
二's heading; ``points`` numbered points (二, 三); ``paragraphs`` part 四, an item a paragraph.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from .ledgers import AREAS, LEDGERS
from .resources import resource_path

SUBSECTIONS = [key for key, _ in AREAS]  # the subsections of part 一, one per work area, in order


@dataclass(frozen=True)
class SectionDef:
    key: str
    label: str  # how the editor and the checks name it: "（五）行政执法"
    kind: str  # preamble | part | sub | intro | points | paragraphs
    heading: str = ""  # the default heading (no number, no 。)
    required: str = ""  # when set, an empty section is an error naming this

    @property
    def ledgers(self) -> list[str]:
        """The ledgers whose records sentences belong to the section (a subsection's area)."""
        return [lg.name for lg in LEDGERS if lg.area == self.key] if self.kind == "sub" else []


@lru_cache(maxsize=1)
def _load() -> dict:
    with open(resource_path("wording", "default.toml"), "rb") as f:
        return tomllib.load(f)


@lru_cache(maxsize=1)
def sections() -> dict[str, SectionDef]:
    out = {}
    for key, d in _load()["sections"].items():
        out[key] = SectionDef(key, d["label"], d["kind"], d.get("heading", ""), d.get("required", ""))
    assert [k for k, s in out.items() if s.kind == "sub"] == SUBSECTIONS, "default.toml: subsections"
    return out


def section(key: str) -> SectionDef:
    return sections()[key]


def section_label(key: str) -> str:
    return sections()[key].label


SECTION_ORDER = list(sections())
FREE_TEXT = tuple(k for k, s in sections().items() if s.kind in ("intro", "points", "paragraphs"))


def preamble_form(which: str, with_leaders: bool = True) -> str:
    """The preamble's sentences: "profile" (year, government, leading bodies) or "outline"
    (the statutory formula that introduces the report)."""
    forms = _load()["preamble"]
    if which == "profile":
        return forms["profile_with_leaders" if with_leaders else "profile_without_leaders"]
    return forms["outline"]


def area_ledgers(key: str) -> list[str]:
    s = sections().get(key)
    return s.ledgers if s else []
