"""The store: transactions, audit, kinds a clerk adds, schema kept in line with the ledgers."""

from __future__ import annotations

import sqlite3

import pytest

from yaofu_desktop.dbfile import SCHEMA_VERSION
from yaofu_desktop.errors import ValidationFailed, YearLocked
from yaofu_desktop.figures import compute_map
from yaofu_desktop.ledgers import LEDGERS
from yaofu_desktop.store import RecordQuery, Store

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
    actions = [e["action"] for e in s.audit.entries("mediations")]
    assert actions == ["undelete", "delete", "update", "insert"]
    upd = s.audit.entries("mediations")[2]
    assert '"调解成功"' in upd["before"] and '"调解不成功"' in upd["after"]


def test_bad_record_writes_nothing(empty_store):
    s = empty_store
    with pytest.raises(ValidationFailed) as e:
        s.insert("mediations", dict(MED, date="2025-02-30", amount="abc", village="火星村"))
    assert set(e.value.errors) == {"date", "amount", "village"}
    assert "「受理日期」" in e.value.errors["date"]
    assert "「村（社区）」必须从列表中选择" in e.value.errors["village"]
    assert s.count("mediations") == 0
    assert s.audit.entries() and all(a["ledger"] != "mediations" for a in s.audit.entries())


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
    assert e.value.errors == {"due": "「办理期限」不能早于「受理日期」：2025-02-01 在 2025-03-01 之前"}


def test_added_kind_becomes_a_figure(empty_store):
    s = empty_store
    with pytest.raises(ValidationFailed):
        s.insert("study_sessions", {"date": "2025-04-01", "kind": "读书班", "topic": "民法典"})
    s.choices.add("study_sessions", "kind", "读书班", unit="期")
    s.insert("study_sessions", {"date": "2025-04-01", "kind": "读书班", "topic": "民法典"})
    s.insert("study_sessions", {"date": "2025-05-01", "kind": "读书班", "topic": "宪法"})
    figs = compute_map(s, 2025)
    fig = figs["study_sessions.kind.读书班"]
    assert (fig.value, fig.unit) == (2, "期")
    assert "读书班" in s.choices.values("study_sessions", "kind")


def test_petition_rate_is_over_the_petitions_that_are_due(empty_store):
    """A petition received in December and due in February is not late in January: the on-time
    rate counts the petitions closed, or due by the day the figures are computed."""
    import datetime as dt

    from yaofu_desktop.figures import compute_map

    base = {"channel": "来访", "matter": "土地补偿"}
    empty_store.insert("petitions", dict(base, date="2025-03-01", due="2025-04-30", closed="2025-04-20"))
    empty_store.insert("petitions", dict(base, date="2025-12-20", due="2026-02-18"))
    january = compute_map(empty_store, 2025, today=dt.date(2026, 1, 10))
    assert january["petitions.total"].value == 2
    assert january["petitions.ontime_rate"].value == 100.0
    assert (january["petitions.ontime_rate"].numerator, january["petitions.ontime_rate"].denominator) == (1, 1)
    march = compute_map(empty_store, 2025, today=dt.date(2026, 3, 1))
    assert march["petitions.ontime_rate"].value == 50.0  # now it is late
    assert march["petitions.open"].value == 1


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
    assert s.counts.years()[:2] == [2025, 2024]


def test_locked_year(demo_store):
    s = demo_store
    rid = s.select("mediations", RecordQuery(year=2025), limit=1)[0]["id"]
    s.year_locks.lock(2025)
    with pytest.raises(YearLocked, match="2025年度已锁定"):
        s.update("mediations", rid, {"outcome": "调解不成功"})
    with pytest.raises(YearLocked):
        s.delete("mediations", rid)
    s.year_locks.unlock(2025)
    s.update("mediations", rid, {"outcome": "调解不成功"})
    assert [e["action"] for e in s.audit.entries("locked_years")] == ["unlock", "lock"]


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
    assert empty_store.choices.villages() == ["一村", "二村", "三村"]


def test_mark_reviewed_is_logged_and_respects_lock(demo_store):
    s = demo_store
    ids = [r["id"] for r in s.select("mediations", RecordQuery(year=2025), limit=3)]
    assert s.set_reviewed("mediations", ids) == 3
    assert s.set_reviewed("mediations", ids) == 0  # already checked
    assert all(s.get("mediations", i)["reviewed"] == 1 for i in ids)
    assert [e["action"] for e in s.audit.entries("mediations", limit=3)] == ["review"] * 3
    s.year_locks.lock(2025)
    with pytest.raises(YearLocked):
        s.set_reviewed("mediations", ids, False)
    assert all(s.get("mediations", i)["reviewed"] == 1 for i in ids)


@pytest.mark.parametrize("order_by,descending",
                         [(None, True), ("amount", False), ("amount", True), ("closed", False), ("closed", True)])
def test_row_position_matches_the_order(demo_store, order_by, descending):
    q = RecordQuery(year=2025, order_by=order_by, descending=descending)
    rows = demo_store.select("mediations", q, limit=1000)
    for i in (0, 5, 57, len(rows) - 1):
        assert demo_store.row_position("mediations", q, rows[i]["id"]) == i
    other = demo_store.select("mediations", RecordQuery(year=2024), limit=1)[0]
    assert demo_store.row_position("mediations", q, other["id"]) is None


def test_month_and_year_counts(demo_store):
    months = demo_store.counts.by_month("mediations", 2025)
    assert sum(months.values()) == 112 and set(months) <= set(range(1, 13))
    counts = demo_store.counts.in_year(2025)
    assert counts["mediations"] == 112 and counts["enforcement_staff"] == 26


def test_hidden_choice_leaves_records(empty_store):
    s = empty_store
    s.insert("meetings", {"date": "2025-01-02", "kind": "专题会议", "topic": "议题"})
    s.choices.hide("meetings", "kind", "专题会议")
    assert "专题会议" not in s.choices.values("meetings", "kind")
    assert s.count("meetings") == 1
    from yaofu_desktop.figures import compute_map

    assert compute_map(s, 2025)["meetings.kind.专题会议"].value == 1  # still counted


def test_lock_covers_rosters_and_other_dates(empty_store):
    """A locked year's figures cannot be changed through a roster's dates or a 结案日期."""
    s = empty_store
    staff = s.insert(
        "enforcement_staff",
        {"name": "张三", "certificate_no": "A1", "date": "2020-03-01"},
    )
    case = s.insert(
        "review_cases",
        {"date": "2023-11-02", "kind": "行政复议", "matter": "不服处罚", "closed": "2024-02-01"},
    )
    s.year_locks.lock(2024)
    for attempt in (
        lambda: s.update("enforcement_staff", staff, {"end_date": "2024-06-30"}),  # leaves 2024
        lambda: s.insert("enforcement_staff", {"name": "李四", "certificate_no": "B2", "date": "2023-01-05"}),
        lambda: s.update("review_cases", case, {"closed": "2023-12-20"}),  # out of 2024's 结案
        lambda: s.update("enforcement_staff", staff, {"name": "张叁"}),  # a 2024 record changes
        lambda: s.report_texts.set(2024, "lead", "改写"),
    ):
        with pytest.raises(YearLocked):
            attempt()
    # what 2024 does not see may change: leaving in 2026, a 2026 record
    s.update("enforcement_staff", staff, {"end_date": "2026-06-30"})
    s.insert("enforcement_staff", {"name": "王五", "certificate_no": "C3", "date": "2026-01-05"})
    from yaofu_desktop.figures import compute_map

    assert compute_map(s, 2024)["enforcement_staff.total"].value == 1
    assert compute_map(s, 2024)["review_cases.reconsideration_closed"].value == 1


def test_a_hidden_kind_does_not_block_editing_its_records(empty_store):
    s = empty_store
    rid = s.insert("meetings", {"date": "2025-01-02", "kind": "专题会议", "topic": "议题"})
    s.choices.hide("meetings", "kind", "专题会议")
    s.update("meetings", rid, {"topic": "新议题"})
    assert s.get("meetings", rid)["kind"] == "专题会议"
    with pytest.raises(ValidationFailed):  # a new record may not use it
        s.insert("meetings", {"date": "2025-01-03", "kind": "专题会议", "topic": "议题"})


def test_undelete_after_the_id_was_reused(empty_store):
    s = empty_store
    s.insert("meetings", {"date": "2025-01-02", "kind": "专题会议", "topic": "一"})
    rid = s.insert("meetings", {"date": "2025-01-03", "kind": "专题会议", "topic": "二"})
    gone = s.delete("meetings", rid)
    newer = s.insert("meetings", {"date": "2025-01-04", "kind": "专题会议", "topic": "三"})
    assert newer == rid  # SQLite reused the id
    back = s.undelete("meetings", gone)
    assert back != rid and s.get("meetings", back)["topic"] == "二"
    assert s.count("meetings") == 3


def test_failed_save_reports_its_own_error(empty_store, monkeypatch):
    """When SQLite has already rolled back (disk full), the real error is what the clerk sees."""
    s = empty_store
    with pytest.raises(sqlite3.OperationalError, match="disk is full"):
        with s.transaction():
            s.conn.execute("ROLLBACK")  # as SQLite does itself on a full disk
            raise sqlite3.OperationalError("database or disk is full")
    assert not s.conn.in_transaction


def test_read_only_open_of_an_old_file_says_what_to_do(demo_db):
    conn = sqlite3.connect(demo_db)
    conn.execute("DROP TABLE report_texts")
    conn.commit()
    conn.close()
    from yaofu_desktop.errors import UserError

    with pytest.raises(UserError, match="需要先正常打开一次"):
        Store.open(demo_db, readonly=True)
    with Store.open(demo_db) as s:  # a normal open brings it up to date (after a copy)
        assert s.migration_backup is not None
    with Store.open(demo_db, readonly=True) as s:
        assert s.count("mediations") > 0


def test_a_file_older_than_a_built_in_kind_or_an_index_is_read_as_it_is(demo_db):
    """A file made before a built-in kind (正在调解) or an index was added to the definitions can
    still be read (report, figures, export, a read-only window): the kind is offered from the
    definitions; a normal open writes both into the file."""
    from yaofu_desktop.figures import compute_map

    conn = sqlite3.connect(demo_db)
    conn.execute("DELETE FROM choices WHERE ledger='mediations' AND field='outcome' AND value='正在调解'")
    (index,) = conn.execute(
        "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='mediations' AND sql IS NOT NULL LIMIT 1"
    ).fetchone()
    conn.execute(f"DROP INDEX [{index}]")
    conn.commit()
    conn.close()
    with Store.open(demo_db, readonly=True) as s:
        assert "正在调解" in s.choices.values("mediations", "outcome")
        figs = compute_map(s, 2025)
        assert figs["mediations.outcome.正在调解"].value == 0
        assert figs["mediations.outcome.正在调解"].unit == "起"
    with Store.open(demo_db) as s:
        assert s.migration_backup is not None
        assert s.conn.execute("SELECT 1 FROM choices WHERE value='正在调解'").fetchone()


def test_a_folder_is_not_a_database(tmp_path):
    from yaofu_desktop.errors import NotOurDatabase

    with pytest.raises(NotOurDatabase, match="文件夹"):
        Store.open(tmp_path)


def test_text_search_finds_kinds_by_part_of_their_name(empty_store):
    s = empty_store
    s.choices.add("meetings", "kind", "法治工作推进会")
    s.insert("meetings", {"date": "2025-01-02", "kind": "法治工作推进会", "topic": "部署"})
    s.insert("meetings", {"date": "2025-01-03", "kind": "专题会议", "topic": "推进乡村振兴"})
    s.choices.hide("meetings", "kind", "法治工作推进会")
    found = {r["topic"] for r in s.select("meetings", RecordQuery(text="推进"))}
    assert found == {"部署", "推进乡村振兴"}  # by a hidden kind's name, and by the topic
    assert s.count("meetings", RecordQuery(text="无此词")) == 0
    assert s.count("meetings", RecordQuery(text="一村")) == 0  # a village nobody used


def test_a_transaction_sees_its_own_lock_and_operator_changes(empty_store):
    s = empty_store
    with s.transaction():
        s.insert("meetings", {"date": "2024-01-02", "kind": "专题会议", "topic": "一"})
        s.set_profile({"operator": "赵六"})
        s.year_locks.lock(2024)
        with pytest.raises(YearLocked):
            s.insert("meetings", {"date": "2024-01-03", "kind": "专题会议", "topic": "二"})
        s.insert("meetings", {"date": "2025-01-03", "kind": "专题会议", "topic": "三"})
    assert s.audit.entries("meetings", limit=1)[0]["operator"] == "赵六"


def test_words_in_a_year_are_searched_by_reading_the_table_not_the_date_index(empty_store):
    """With words to find, every row of the year is tested anyway: the query reads the table
    straight through (fetching each row through the date index was 7× slower when the year held
    the whole table). Same results either way."""
    from yaofu_desktop.ledgers import ledger
    from yaofu_desktop.store.queries import where_clause

    s = empty_store
    for d in ("2025-01-05", "2025-06-01", "2024-12-31"):
        s.insert("meetings", {"date": d, "kind": "专题会议", "topic": f"推进法治建设{d}"})
    lg = ledger("meetings")
    q = RecordQuery(year=2025, text="推进")
    where, params = where_clause(lg, q, s.choices)
    plan = " ".join(r[3] for r in s.conn.execute(f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM meetings{where}", params))
    assert "SCAN" in plan and "INDEX" not in plan, plan
    assert s.count("meetings", q) == 2
    assert [r["date"] for r in s.select("meetings", q)] == ["2025-06-01", "2025-01-05"]
    plain = " ".join(r[3] for r in s.conn.execute(
        "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM meetings" + where_clause(lg, RecordQuery(year=2025), s.choices)[0],
        where_clause(lg, RecordQuery(year=2025), s.choices)[1]))
    assert "INDEX" in plain  # without words the year is still found through the index


# -- the audit log said in Chinese (audit.describe_entry) ------------------------------------------------


ENGLISH_KEYS = ("field", "ledger", "value", "unit", "backup", "kept_aside", "mediations", "kind")


def test_every_audit_entry_is_described_in_chinese(empty_store, tmp_path):
    from yaofu_desktop.audit import describe_entry

    s = empty_store
    s.choices.add("mediations", "kind", "山林纠纷", unit="起")
    s.choices.hide("mediations", "kind", "山林纠纷")
    s.choices.add("*", "village", "新村")
    rid = s.insert("mediations", dict(MED))
    s.update("mediations", rid, {"parties": "丙与丁"})
    s.set_reviewed("mediations", [rid])
    s.delete("mediations", rid)
    s.set_profile({"operator": "王五"})
    s.year_locks.lock(2025)
    s.year_locks.unlock(2025)
    s.audit.log_event("restore", {"backup": str(tmp_path / "姚伏镇-abc123_20250101-090000.db"),
                            "kept_aside": str(tmp_path / "姚伏镇-abc123_恢复前_20250102-090000.db")})
    entries = s.audit.entries(limit=100)
    texts = {}
    for e in entries:  # newest first: the newest of each kind
        texts.setdefault((e["ledger"], e["action"]), describe_entry(e))

    restore = texts[("database", "restore")]
    assert restore.ledger == "整个数据库" and restore.action == "从备份恢复"
    assert restore.changes.splitlines() == [
        f"备份文件：{tmp_path / '姚伏镇-abc123_20250101-090000.db'}",
        f"原数据库另存为：{tmp_path / '姚伏镇-abc123_恢复前_20250102-090000.db'}",
    ]  # paths in full: the clerk may need to find the file
    [added] = [describe_entry(e) for e in entries if e["ledger"] == "choices" and "山林纠纷" in (e["after"] or "")]
    assert added.ledger == "可选项" and added.action == "添加选项"
    assert added.changes.splitlines()[0] == "台账：矛盾纠纷调解"
    assert "栏目：纠纷类型" in added.changes and "选项：山林纠纷" in added.changes and "单位：起" in added.changes
    assert "栏目：纠纷类型" in texts[("choices", "hide")].changes
    villages = [describe_entry(e).changes for e in entries if e["ledger"] == "choices" and "新村" in (e["after"] or "")]
    assert villages == ["村（社区）：新村"]
    assert "填报人：王五" in texts[("profile", "update")].changes
    assert "→ 丙与丁" in texts[("mediations", "update")].changes
    for e in entries:
        d = describe_entry(e)
        for part in (d.ledger, d.action, d.changes, d.record):
            words = set(part.replace("：", " ").replace("\n", " ").split())
            assert not words & set(ENGLISH_KEYS), (e, part)


def test_data_version_of_a_file_read_only(demo_db, tmp_path):
    from yaofu_desktop.backup import make_backup
    from yaofu_desktop.dbfile import read_data_version

    with Store.open(demo_db) as s:
        version = s.data_version()
    made = make_backup(demo_db, tmp_path / "bk", label="x")
    assert read_data_version(made.path) == version > 0
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database")
    assert read_data_version(junk) is None
    # nothing beside it but the 附件库 of the demo's 佐证材料
    assert sorted(p.name for p in (tmp_path / "bk").iterdir()) == [made.path.name, "附件库"]
