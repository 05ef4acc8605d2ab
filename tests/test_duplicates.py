"""Likely duplicates and cross-field rules, in the core (no Qt): the same function the form, the
paste and the import use."""

from __future__ import annotations

import pytest

from yaofu_desktop.duplicates import BATCH_INDEX_ROWS, find_duplicates
from yaofu_desktop.errors import ValidationFailed
from yaofu_desktop.ledgers import LEDGER_MAP


def _penalty(**kw):
    v = {"date": "2025-03-05", "doc_no": "测政罚〔2025〕1号", "violation": "占道经营", "kind": "罚款",
         "amount": "2000"}
    v.update(kw)
    return v


def test_a_warning_carries_no_fine(empty_store):
    with pytest.raises(ValidationFailed) as e:
        empty_store.insert("penalties", _penalty(kind="警告", amount="2000.50"))
    assert e.value.errors == {"amount": "「处罚种类」为“警告”时，不能填写「罚没金额（元）」"
                                        "（警告不并处罚没款；并处罚款的，处罚种类请选“罚款”）"}
    empty_store.insert("penalties", _penalty(kind="警告", amount=None))


def test_a_fine_names_its_amount(empty_store):
    for amount in (None, "0"):
        with pytest.raises(ValidationFailed) as e:
            empty_store.insert("penalties", _penalty(amount=amount))
        assert "「罚没金额（元）」必须填写" in e.value.errors["amount"]


def test_closing_after_receiving_and_a_mediation_going_on_has_no_close(empty_store):
    base = {"date": "2025-03-05", "committee": "村调委会", "kind": "邻里纠纷", "outcome": "调解成功"}
    with pytest.raises(ValidationFailed) as e:
        empty_store.insert("mediations", dict(base, closed="2025-03-01"))
    assert e.value.errors["closed"] == ("「结案日期」不能早于「受理日期」："
                                        "2025-03-01 在 2025-03-05 之前")
    with pytest.raises(ValidationFailed) as e:
        empty_store.insert("mediations", dict(base, outcome="正在调解", closed="2025-03-09"))
    assert "「调解结果」为“正在调解”时，不能填写「结案日期」" in e.value.errors["closed"]


def test_passed_not_more_than_took_part(empty_store):
    v = {"date": "2025-03-05", "kind": "学法考试", "topic": "考试", "participants": 30, "passed": 31}
    with pytest.raises(ValidationFailed) as e:
        empty_store.insert("enforcement_trainings", v)
    assert e.value.errors == {"passed": "「合格人数」（31）不能多于「参加人数」（30）"}


def test_impossible_date_is_refused_naming_the_field_never_rolled_over(empty_store):
    for typed, words in (("2025-13-40", "月份 13 不存在"), ("2025-2-30", "2025年2月只有 28 天，没有 30 日"),
                         ("2025.4.31", "4月只有 30 天")):
        with pytest.raises(ValidationFailed) as e:
            empty_store.insert("penalties", _penalty(date=typed))
        assert e.value.errors["date"].startswith("「决定日期」不是有效日期") and words in e.value.errors["date"]


@pytest.mark.parametrize("typed", ["2025.3.5", "2025年3月5日", "20250305", "2025-3-5", "2025/3/5", "２０２５．３．５"])
def test_typed_date_forms_are_read(empty_store, typed):
    rid = empty_store.insert("penalties", _penalty(date=typed))
    assert empty_store.get("penalties", rid)["date"] == "2025-03-05"


def test_same_decision_number_is_a_likely_duplicate(empty_store):
    rid = empty_store.insert("penalties", _penalty())
    clean = empty_store.validate("penalties", _penalty(date="2025-06-01", violation="别的"))
    [dups] = find_duplicates(empty_store, "penalties", [clean])
    assert [d.record_id for d in dups] == [rid]
    assert dups[0].message(LEDGER_MAP["penalties"]) == (
        "与已有记录“2025-03-05 测政罚〔2025〕1号”的「决定书文号」相同，可能重复录入")
    # the record itself, edited, is not its own duplicate
    assert find_duplicates(empty_store, "penalties", [clean], exclude_ids=[rid]) == [[]]


def test_a_copy_saved_unchanged_is_a_likely_duplicate(empty_store):
    v = {"name": "张堃", "village": "一村", "kind": "法律明白人", "date": "2024-05-01"}
    rid = empty_store.insert("legal_literates", v)
    [dups] = find_duplicates(empty_store, "legal_literates", [empty_store.validate("legal_literates", v)])
    assert [d.record_id for d in dups] == [rid]
    other = dict(v, village="二村")
    assert find_duplicates(empty_store, "legal_literates", [empty_store.validate("legal_literates", other)]) == [[]]


@pytest.mark.parametrize("n", [3, BATCH_INDEX_ROWS + 5])
def test_identical_rows_of_one_batch_point_at_the_first(empty_store, n):
    """Row by row for a few rows, one read of the ledger for many: the same answers."""
    v = empty_store.validate("meetings", {"date": "2025-03-05", "kind": "党委会议", "topic": "法治建设"})
    others = [empty_store.validate("meetings", {"date": "2025-03-06", "kind": "党委会议", "topic": f"议题{i}"})
              for i in range(n - 3)]
    rows = others + [v, v, v]
    out = find_duplicates(empty_store, "meetings", rows)
    first = n - 3
    assert out[first] == []
    assert [d.row for d in out[first + 1]] == [first] and [d.row for d in out[first + 2]] == [first]
    assert all(o == [] for o in out[:first])
    rid = empty_store.insert("meetings", {"date": "2025-03-05", "kind": "党委会议", "topic": "法治建设"})
    out = find_duplicates(empty_store, "meetings", rows)
    assert [d.record_id for d in out[first]] == [rid]


def test_empty_key_fields_point_out_nothing(empty_store):
    """Two penalties without a 决定书文号 are not alike for that alone."""
    a = {"date": "2025-03-05", "committee": "村调委会", "kind": "邻里纠纷", "outcome": "调解成功"}
    empty_store.insert("mediations", a)
    assert find_duplicates(empty_store, "mediations", [empty_store.validate("mediations", a)]) == [[]]


def test_rows_with_record_keys_are_not_duplicates_of_each_other(empty_store):
    """Two rows of an exported workbook, each with its record key, were two records where they
    came from; a row typed without a key that repeats one of them is pointed out."""
    row = empty_store.validate(
        "publications", {"date": "2025-03-05", "channel": "政府网站", "category": "工作动态", "title": "通知"}
    )
    out = find_duplicates(empty_store, "publications", [row, row, row], uids=["a" * 12, "b" * 12, None])
    assert out[0] == [] and out[1] == []
    assert [d.row for d in out[2]] == [0]
