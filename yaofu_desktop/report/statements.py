"""The sentences the app states from the records (source "records"), as the ledger definitions say them.

A ledger's `says` are the clauses of one sentence (ledgers.py). A clause is printed only when
each figure in it has a value that is not zero — so no "0" ever stands in a sentence that says the
work was done — and a ledger with nothing to say for the year says nothing. The one exception is
the year's checklist: when the clerk confirmed "本年度确无行政复议案件", the clause whose first
figure that entry covers says its zero wording instead ("本年度，我镇无作为被申请人的行政复议案件。").

Kinds are listed as the town has them, each in its own unit, under its verb ("组织党委理论学习中心组
学法14次，开展会前学法15次、读书班2期"); 次 and 期 are never added together. How each figure is said
(余, 约) is the year's choice per figure (`ways`).

The sentence is a list of runs (wording.Text and wording.Field), like the clerk's own text, so the
preview marks its figures and the renderer says them the one way.
"""

from __future__ import annotations

import re
from typing import Callable

from ..figures import Figure, in_town_words
from ..ledgers import Ledger
from ..wording import Field, Profile, Run, Text, tidy

TOKEN = re.compile(r"\{([^{}]+)\}")
ROUNDABLE = ("total", "sum", "items")  # kinds of figure that may be said with 余 or 约


def say_for(fig: Figure, ways: dict[str, str]) -> str:
    """The way the year says a figure in the records sentences ("" when not chosen, or when the
    choice does not fit the figure: 余/约 on a rate or a list)."""
    say = ways.get(fig.key, "")
    if say in ("余", "约") and fig.kind not in ROUNDABLE:
        return ""
    return say if say in ("", "余", "约") else ""


def _states(fig: Figure | None) -> bool:
    """A figure a clause may state: it has a value and it is not zero."""
    if fig is None or fig.value is None:
        return False
    if fig.kind == "rate":  # a rate with nothing in its numerator is a zero like any other
        return bool(fig.numerator)
    if fig.kind == "records":  # kinds in different units: never one number
        return False
    return fig.value != 0


def _kind_values(lg: Ledger, field_name: str, figures: dict[str, Figure]) -> list[Figure]:
    prefix = f"{lg.name}.{field_name}."
    return [f for k, f in figures.items() if k.startswith(prefix) and _states(f)]


def _kinds(lg: Ledger, figures: dict[str, Figure], ways: dict[str, str], verbs: bool,
           field_name: str | None = None) -> list[Run] | None:
    """The kinds the town has: "组织A14次，开展B15次、C2期" (verbs) or "A14次、B2期"."""
    kf = lg.kinds_field if field_name is None else lg.field(field_name)
    if kf is None:
        return None
    figs = _kind_values(lg, kf.name, figures)
    if not figs:
        return None
    runs: list[Run] = []
    last_verb = None
    for i, f in enumerate(figs):
        value = f.key[len(f"{lg.name}.{kf.name}."):]
        if verbs:
            verb = lg.kind_verbs.get(value, lg.verb)
            term = lg.value_term(kf.name, value)
            if i and verb == last_verb:
                runs.append(Text("、" + term))
            else:
                runs.append(Text(("，" if i else "") + verb + term))
            last_verb = verb
        else:
            runs.append(Text(("、" if i else "") + value))
        runs.append(Field(f.key, say_for(f, ways)))
    return runs


def _all_of_one(runs: list[Run], total: Figure | None, figures: dict[str, Figure]) -> bool:
    """The list is one value that all the ledger's records have."""
    fields = [r for r in runs if isinstance(r, Field)]
    return (len(fields) == 1 and total is not None and total.kind != "records"
            and figures[fields[0].figure].value == total.value)


def ledger_sentence(lg: Ledger, figures: dict[str, Figure], ways: dict[str, str],
                    confirmed: Callable[[str], bool], town: str = "镇") -> list[Run] | None:
    """The ledger's sentence for the year as runs, or None when it has nothing to say.

    `confirmed(key)`: the figure is the one a checklist entry the clerk confirmed for the year
    names ("本年度确无行政复议案件": the reconsideration cases received), so its zero is true."""
    total = figures.get(f"{lg.name}.total")
    mixed = total is not None and total.kind == "records"
    says = lg.says or (f"{lg.verb}{lg.noun or lg.label}{{total}}",)
    if mixed and not any("{kinds}" in c or "{kind_list}" in c for c in says):
        says = ("{kinds}", *says)
    clauses: list[list[Run]] = []
    zero_first = False
    for n, clause in enumerate(says):
        runs: list[Run] = []
        pos = 0
        ok = True
        tokens = list(TOKEN.finditer(clause))
        for i, m in enumerate(tokens):
            runs.append(Text(clause[pos:m.start()]))
            pos = m.end()
            token = m.group(1)
            if token in ("kinds", "kind_list") or token.startswith("list:"):
                got = _kinds(lg, figures, ways, verbs=token == "kinds",
                             field_name=token[5:] if token.startswith("list:") else None)
                if got is None or (clauses and _all_of_one(got, total, figures)):
                    ok = False  # none; or "其中" a single kind that is all of them says nothing
                    break
                runs += got
                continue
            key = f"{lg.name}.{token}"
            fig = figures.get(key)
            if fig is not None and _states(fig):
                runs.append(Field(key, say_for(fig, ways)))
                continue
            if (i == 0 and fig is not None and fig.value == 0 and fig.kind != "records"
                    and confirmed(key)):
                # the first figure of the clause is a confirmed zero: the clause says so
                runs = [Text(fig.zero)]
                if not clauses:
                    zero_first = True
                pos = len(clause)
                break
            ok = False
            break
        if not ok:
            continue
        runs.append(Text(clause[pos:]))
        clauses.append(runs)
    if not clauses:
        if total is not None and total.value == 0 and confirmed(total.key):
            clauses, zero_first = [[Text(total.zero)]], True
        else:
            return None
    out: list[Run] = []
    if zero_first:
        out += [Text("本年度，"), Profile("self")]
    for i, c in enumerate(clauses):
        if i:
            out.append(Text("，"))
        out += c
    out.append(Text("。"))
    out = [Text(in_town_words(r.text, town)) if isinstance(r, Text) else r for r in out]
    return tidy(out)


def sentence_figures(runs: list[Run] | None) -> list[str]:
    return [r.figure for r in runs or [] if isinstance(r, Field)]
