"""The search box finds records by their dates, typed as clerks write them (issue 14: 'the search
does not match dates')."""

from __future__ import annotations

from yaofu_desktop.store import RecordQuery


def _mediation(store, date, parties, closed=None):
    return store.insert("mediations", {"date": date, "committee": "村调委会", "kind": "邻里纠纷",
                                       "parties": parties, "outcome": "调解成功", "closed": closed})


def found(store, text):
    return sorted(r["parties"] for r in store.select("mediations", RecordQuery(year=2025, text=text)))


def test_a_date_in_any_form_a_month_or_a_day_finds_its_records(empty_store):
    s = empty_store
    _mediation(s, "2025-03-05", "甲")
    _mediation(s, "2025-03-20", "乙", closed="2025-04-02")
    _mediation(s, "2025-11-05", "丙")
    for typed in ("2025-03-05", "2025.3.5", "2025年3月5日", "20250305", "3月5日"):
        assert found(s, typed) == ["甲"], typed
    assert found(s, "2025年3月") == ["乙", "甲"]
    assert found(s, "3月") == ["乙", "甲"]
    assert found(s, "4月2日") == ["乙"]  # the 结案日期 is a date too
    assert found(s, "11-05") == ["丙"]
    assert found(s, "3月 甲") == ["甲"]  # with other words: all must match
    assert found(s, "2025-13-40") == []  # not a date: found nowhere, no error
