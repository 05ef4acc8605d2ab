"""The store: transactions, audit, kinds a clerk adds, schema kept in line with the ledgers."""

from __future__ import annotations

import sqlite3

import pytest

from yaofu_desktop.errors import ValidationFailed, YearLocked
from yaofu_desktop.figures import compute_map
from yaofu_desktop.ledgers import LEDGERS
from yaofu_desktop.store import SCHEMA_VERSION, RecordQuery, Store

MED = {
    "date": "2025-05-06",
    "committee": "村调委会",
    "village": "一村",
    "kind": "邻里纠纷",
    "parties": "甲与乙",
    "amount": "1200.50",
    "outcome": "调解成功",
}


def test_new_file_settings(empty_store):
    conn = empty_store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = set(empty_store.db.table_names())
    assert {lg.name for lg in LEDGERS} <= tables
    idx = {tuple(i.columns) for i in empty_store.db["mediations"].indexes}
    assert ("date",) in idx and ("kind", "date") in idx and ("uid",) in idx
    assert empty_store.profile()["township"] == "测试镇"
    assert empty_store.profile()["addressee"] == "县委、县政府"


def test_insert_update_delete_undelete_with_audit(empty_store):
    s = empty_store
    rid = s.insert("mediations", MED)
    row = s.get("mediations", rid)
    assert row["amount"] == 120050 and row["created_at"] and row["uid"]
    s.update("mediations", rid, {"outcome": "调解不成功"})
    assert s.get("mediations", rid)["outcome"] == "调解不成功"
    deleted = s.delete("mediations", rid)
    assert s.get("mediations", rid) is None
    s.undelete("mediations", deleted)
    assert s.get("mediations", rid) == deleted
    actions = [e["action"] for e in s.audit_entries("mediations")]
    assert actions == ["undelete", "delete", "update", "insert"]
    upd = s.audit_entries("mediations")[2]
    assert '"调解成功"' in upd["before"] and '"调解不成功"' in upd["after"]


def test_bad_record_writes_nothing(empty_store):
    s = empty_store
    with pytest.raises(ValidationFailed) as e:
        s.insert("mediations", dict(MED, date="2025-02-30", amount="abc", village="火星村"))
    assert set(e.value.errors) == {"date", "amount", "village"}
    assert "「受理日期」" in e.value.errors["date"]
    assert "「村（社区）」必须从列表中选择" in e.value.errors["village"]
    assert s.count("mediations") == 0
    assert s.audit_entries() and all(a["ledger"] != "mediations" for a in s.audit_entries())


def test_batch_is_one_transaction(empty_store):
    rows = [MED, dict(MED, date="2025-06-01"), dict(MED, outcome="没结果")]
    with pytest.raises(ValidationFailed):
        empty_store.insert_many("mediations", rows)
    assert empty_store.count("mediations") == 0


def test_cross_field_rule(empty_store):
    with pytest.raises(ValidationFailed) as e:
        empty_store.insert(
            "petitions",
            {"date": "2025-03-01", "channel": "来访", "matter": "反映问题", "due": "2025-02-01"},
        )
    assert e.value.errors == {"due": "「办理期限」不能早于「受理日期」"}


def test_added_kind_becomes_a_figure(empty_store):
    s = empty_store
    with pytest.raises(ValidationFailed):
        s.insert("study_sessions", {"date": "2025-04-01", "kind": "读书班", "topic": "民法典"})
    s.add_choice("study_sessions", "kind", "读书班", unit="期")
    s.insert("study_sessions", {"date": "2025-04-01", "kind": "读书班", "topic": "民法典"})
    s.insert("study_sessions", {"date": "2025-05-01", "kind": "读书班", "topic": "宪法"})
    figs = compute_map(s, 2025)
    fig = figs["study_sessions.kind.读书班"]
    assert (fig.value, fig.unit) == (2, "期")
    assert "读书班" in s.choices("study_sessions", "kind")


def test_query_filters_and_paging(demo_store):
    s = demo_store
    assert s.count("mediations", RecordQuery(year=2025)) == 112
    assert s.count("mediations", RecordQuery(year=2025, equals={"kind": "土地承包"})) == 18
    march = s.select("mediations", RecordQuery(year=2025, month=3), limit=500)
    assert march and all(r["date"].startswith("2025-03") for r in march)
    found = s.select("mediations", RecordQuery(year=2025, text="土地承包 协商"))
    assert found and all("土地承包" in r["kind"] or "土地承包" in (r["summary"] or "") for r in found)
    assert s.count("mediations", RecordQuery(text="100%_\\")) == 0  # LIKE wildcards are literal
    page1 = s.select("mediations", RecordQuery(year=2025, order_by="amount"), limit=10)
    page2 = s.select("mediations", RecordQuery(year=2025, order_by="amount"), limit=10, offset=10)
    amounts = [r["amount"] for r in page1 + page2]
    assert amounts == sorted(amounts, reverse=True) and len({r["id"] for r in page1 + page2}) == 20
    # a roster: staff in post at the end of 2025
    assert s.count("enforcement_staff", RecordQuery(year=2025)) == 26
    assert s.years()[:2] == [2025, 2024]


def test_locked_year(demo_store):
    s = demo_store
    rid = s.select("mediations", RecordQuery(year=2025), limit=1)[0]["id"]
    s.lock_year(2025)
    with pytest.raises(YearLocked, match="2025年度已锁定"):
        s.update("mediations", rid, {"outcome": "调解不成功"})
    with pytest.raises(YearLocked):
        s.delete("mediations", rid)
    s.unlock_year(2025)
    s.update("mediations", rid, {"outcome": "调解不成功"})
    assert [e["action"] for e in s.audit_entries("locked_years")] == ["unlock", "lock"]


def test_missing_column_is_added_after_a_backup(demo_db):
    """A field added to a ledger definition reaches an existing file: copied first, then altered."""
    conn = sqlite3.connect(demo_db)
    conn.execute("ALTER TABLE mediations DROP COLUMN closed")
    conn.commit()
    conn.close()
    with Store.open(demo_db) as s:
        assert "closed" in s.db["mediations"].columns_dict
        assert s.migration_backup is not None and s.migration_backup.exists()
        assert s.count("mediations") == 209
    with sqlite3.connect(s.migration_backup) as b:
        cols = [r[1] for r in b.execute("PRAGMA table_info(mediations)")]
        assert "closed" not in cols


def test_profile_validation(empty_store):
    with pytest.raises(ValidationFailed) as e:
        empty_store.set_profile({"report_year": "明年"})
    assert "「报告年度」" in e.value.errors["report_year"]
    empty_store.set_profile({"operator": "李四", "villages": ["三村"]})
    assert empty_store.operator() == "李四"
    assert empty_store.villages() == ["一村", "二村", "三村"]


def test_mark_reviewed_is_logged_and_respects_lock(demo_store):
    s = demo_store
    ids = [r["id"] for r in s.select("mediations", RecordQuery(year=2025), limit=3)]
    assert s.set_reviewed("mediations", ids) == 3
    assert s.set_reviewed("mediations", ids) == 0  # already checked
    assert all(s.get("mediations", i)["reviewed"] == 1 for i in ids)
    assert [e["action"] for e in s.audit_entries("mediations", limit=3)] == ["review"] * 3
    s.lock_year(2025)
    with pytest.raises(YearLocked):
        s.set_reviewed("mediations", ids, False)
    assert all(s.get("mediations", i)["reviewed"] == 1 for i in ids)


@pytest.mark.parametrize("order_by,descending", [(None, True), ("amount", False), ("amount", True), ("closed", False), ("closed", True)])
def test_row_position_matches_the_order(demo_store, order_by, descending):
    q = RecordQuery(year=2025, order_by=order_by, descending=descending)
    rows = demo_store.select("mediations", q, limit=1000)
    for i in (0, 5, 57, len(rows) - 1):
        assert demo_store.row_position("mediations", q, rows[i]["id"]) == i
    other = demo_store.select("mediations", RecordQuery(year=2024), limit=1)[0]
    assert demo_store.row_position("mediations", q, other["id"]) is None


def test_month_and_year_counts(demo_store):
    months = demo_store.month_counts("mediations", 2025)
    assert sum(months.values()) == 112 and set(months) <= set(range(1, 13))
    counts = demo_store.year_counts(2025)
    assert counts["mediations"] == 112 and counts["enforcement_staff"] == 26


def test_hidden_choice_leaves_records(empty_store):
    s = empty_store
    s.insert("meetings", {"date": "2025-01-02", "kind": "专题会议", "topic": "议题"})
    s.hide_choice("meetings", "kind", "专题会议")
    assert "专题会议" not in s.choices("meetings", "kind")
    assert s.count("meetings") == 1
    from yaofu_desktop.figures import compute_map

    assert compute_map(s, 2025)["meetings.kind.专题会议"].value == 1  # still counted
