"""Validators: every rule gives a Chinese message naming the field; valid values round-trip."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from yaofu_desktop.errors import ValidationFailed
from yaofu_desktop.fields import (
    BOOL,
    CHOICE,
    COUNT,
    DATE,
    INT,
    LONGTEXT,
    MONEY,
    TEXT,
    Field,
    FieldError,
    format_money,
    parse_date,
)
from yaofu_desktop.ledgers import LEDGERS

DATE_F = Field("date", "调解日期", DATE, required=True)
INT_F = Field("n", "参会人数", INT, max=1000)
COUNT_F = Field("count", "人次", COUNT, max=10000)
MONEY_F = Field("amount", "涉及金额（元）", MONEY)
TEXT_F = Field("topic", "议题", TEXT, required=True)
LONG_F = Field("summary", "纠纷简况", LONGTEXT)
CHOICE_F = Field("kind", "纠纷类型", CHOICE, required=True, choices=("婚姻家庭", "邻里纠纷"))
BOOL_F = Field("ok", "经合法性审核", BOOL)


@pytest.mark.parametrize(
    "raw",
    ["2025-03-05", "2025/3/5", "2025.3.5", "2025年3月5日", "20250305", "２０２５-03-05",
     dt.date(2025, 3, 5), dt.datetime(2025, 3, 5, 0, 0), "2025-03-05 00:00:00",
     "2025年3月5号", " 2025 年 3 月 5 日 ", "2025 - 03 - 05", "2025-03-05T08:30", "２０２５年３月５日"],
)
def test_date_forms(raw):
    assert DATE_F.validate(raw) == "2025-03-05"


@pytest.mark.parametrize(
    "raw,rule",
    [("2025-02-30", "不是有效日期"), ("昨天", "不是有效日期"), ("1900-01-01", "之间"),
     ("2025-13-01", "不是有效日期"), (12, "不是有效日期"), ("", "必填"),
     ("2025-03-05 早上", "不是有效日期"), ("2025年3月", "不是有效日期")],
)
def test_date_refused(raw, rule):
    with pytest.raises(FieldError) as e:
        DATE_F.validate(raw)
    assert "「调解日期」" in str(e.value) and rule in str(e.value)


def test_numbers():
    assert INT_F.validate("12") == 12
    assert INT_F.validate(" １２ ") == 12
    assert INT_F.validate(12.0) == 12
    assert INT_F.validate("") is None
    assert COUNT_F.validate(None) == 1
    for bad, rule in [("12.5", "整数"), ("十二", "整数"), (-1, "之间"), (1001, "之间"), (True, "整数")]:
        with pytest.raises(FieldError) as e:
            INT_F.validate(bad)
        assert "「参会人数」" in str(e.value) and rule in str(e.value)
    with pytest.raises(FieldError, match="「人次」必须在 1 到 10000 之间"):
        COUNT_F.validate(0)


def test_money():
    assert MONEY_F.validate("1234.5") == 123450
    assert MONEY_F.validate("12,000元") == 1200000
    assert MONEY_F.validate(0.1) == 10
    assert MONEY_F.validate(Decimal("99.99")) == 9999
    assert MONEY_F.validate("2.2万元") == MONEY_F.validate("2.2万") == MONEY_F.validate("22000") == 2200000
    assert format_money(123450) == "1,234.50"
    for bad, rule in [("1.234", "两位小数"), ("abc", "金额"), (-5, "之间"), (float("nan"), "金额")]:
        with pytest.raises(FieldError) as e:
            MONEY_F.validate(bad)
        assert "「涉及金额（元）」" in str(e.value) and rule in str(e.value)


def test_text_rules():
    assert TEXT_F.validate("  研究议题 ") == "研究议题"
    with pytest.raises(FieldError, match="「议题」只能填一行"):
        TEXT_F.validate("第一行\n第二行")
    with pytest.raises(FieldError, match="不可见字符"):
        TEXT_F.validate("abc\x00def")
    with pytest.raises(FieldError, match="不能超过 200 个字"):
        TEXT_F.validate("字" * 201)
    assert LONG_F.validate("第一行\r\n第二行") == "第一行\n第二行"
    with pytest.raises(FieldError, match="不能超过 20000 个字"):
        LONG_F.validate("字" * 100_000)


def test_choice_and_bool():
    assert CHOICE_F.validate("婚姻家庭") == "婚姻家庭"
    assert CHOICE_F.validate("读书班", choices=["读书班"]) == "读书班"
    with pytest.raises(FieldError) as e:
        CHOICE_F.validate("吵架")
    assert "「纠纷类型」必须从列表中选择（婚姻家庭、邻里纠纷）" in str(e.value)
    assert BOOL_F.validate("是") == 1 and BOOL_F.validate("否") == 0 and BOOL_F.validate(None) == 0
    with pytest.raises(FieldError, match="「经合法性审核」只能填“是”或“否”"):
        BOOL_F.validate("也许")


def test_parse_date_none():
    assert parse_date("2025-02-29") is None


# -- property tests: random input through every validator --------------------------------------

ANY_VALUE = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.just("x" * 100_000),
    st.just("'; DROP TABLE mediations; --"),
    st.just("😀🎉中文"),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.decimals(allow_nan=False, allow_infinity=False),
)
ALL_FIELDS = [(lg, f) for lg in LEDGERS for f in lg.fields]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(raw=ANY_VALUE, which=st.integers(min_value=0, max_value=len(ALL_FIELDS) - 1))
def test_every_validator_accepts_or_refuses_cleanly(raw, which):
    lg, f = ALL_FIELDS[which]
    try:
        value = f.validate(raw)
    except FieldError as e:
        assert f"「{f.label}」" in str(e)
        return
    # an accepted value is stable: validating its input form again gives the same stored value
    again = f.validate(f.to_input(value)) if value is not None else f.validate(None)
    assert again == value


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    topic=st.one_of(st.text(max_size=300), st.just("x" * 100_000), st.just("😀' OR 1=1 --")),
    attendees=st.one_of(st.integers(-5, 2000), st.text(max_size=5)),
    date=st.one_of(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)), st.text(max_size=12)),
)
def test_store_round_trips_or_refuses(empty_store, topic, attendees, date):
    before = empty_store.count("meetings")
    record = {"date": date, "kind": "专题会议", "topic": topic, "attendees": attendees}
    try:
        rid = empty_store.insert("meetings", record)
    except ValidationFailed as e:
        assert e.errors and all("「" in m for m in e.errors.values())
        assert empty_store.count("meetings") == before  # nothing partial written
        return
    row = empty_store.get("meetings", rid)
    assert row["topic"] == topic.replace("\r\n", "\n").replace("\r", "\n").strip()
    assert row["date"] == Field("d", "d", DATE).validate(date)
    assert row["attendees"] == Field("a", "a", INT, max=1000).validate(attendees)


@pytest.mark.parametrize("raw", ["1" * 27, 1e30, Decimal("1e999"), "9" * 5000, Decimal("NaN"), Decimal("-Infinity")])
def test_huge_or_odd_numbers_are_refused_with_a_message(raw):
    for f in (MONEY_F, INT_F):
        with pytest.raises(FieldError) as e:
            f.validate(raw)
        assert f"「{f.label}」" in str(e.value) and len(str(e.value)) < 200


def test_invisible_text_is_not_text():
    with pytest.raises(FieldError, match="必填"):
        TEXT_F.validate("\u200b\ufeff")


def test_money_limit_is_said_in_words():
    with pytest.raises(FieldError) as e:
        MONEY_F.validate("200000000000")
    assert "1000亿元" in str(e.value) and "100000000000" not in str(e.value)
    from yaofu_desktop.fields import number_words

    assert [number_words(n) for n in (0, 100, 10000, 100000, 1_000_000_000, 123456)] == [
        "0", "100", "10000", "10万", "10亿", "123456"]
