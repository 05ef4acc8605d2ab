"""Rows pasted from Excel/WPS and copied out of a ledger, in the core: the same plan, checks and
messages as an Excel import (excel.read_workbook / apply_import)."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from yaofu_desktop.errors import UserError
from yaofu_desktop.excel import apply_import
from yaofu_desktop.excel.clipboard import copy_rows, parse_tsv, read_pasted
from yaofu_desktop.ledgers import LEDGER_MAP


def excel_clipboard(rows: list[list]) -> str:
    """What Excel puts on the clipboard as text/plain for a block of cells of a real workbook:
    each cell as displayed (a date cell as 2025/3/5, a number as typed), tab-separated, every row
    ending in \\r\\n, a cell with a line break or quote in quotes."""
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    lines = []
    for row in ws.iter_rows(values_only=True):
        cells = []
        for v in row:
            if v is None:
                s = ""
            elif isinstance(v, dt.datetime):
                s = f"{v.year}/{v.month}/{v.day}"
            elif isinstance(v, float) and v.is_integer():
                s = str(int(v))
            else:
                s = str(v)
            if any(c in s for c in '\t\n"'):
                s = '"' + s.replace('"', '""') + '"'
            cells.append(s)
        lines.append("\t".join(cells))
    return "\r\n".join(lines) + "\r\n"


HEAD = ["决定日期", "违法行为", "决定书文号", "处罚种类", "罚没金额（元）", "当事人"]


def test_parse_tsv_as_excel_writes_it():
    text = 'a\t"two\r\nlines"\t"say ""hi"""\r\n\t\t\r\nb\tc\td\r\n'
    assert parse_tsv(text) == [["a", "two\nlines", 'say "hi"'], ["b", "c", "d"]]


def test_paste_with_header_in_another_order(empty_store):
    text = excel_clipboard([
        HEAD,
        [dt.datetime(2025, 3, 5), "占道经营", "测政罚〔2025〕1号", "罚款", 2000.5, "张㛃"],
        [dt.datetime(2025, 3, 6), "违规搭建", "测政罚〔2025〕2号", "警告", None, "王𠮷"],
    ])
    plan = read_pasted(text, empty_store, "penalties")
    assert plan.problems == [] and plan.inserts == 2
    result = apply_import(empty_store, plan)
    assert result.inserted == 2 and len(result.inserted_ids) == 2
    rec = empty_store.get("penalties", result.inserted_ids[0][1])
    assert rec["date"] == "2025-03-05" and rec["amount"] == 200050 and rec["party"] == "张㛃"


def test_paste_without_header_by_position(empty_store):
    cols = ["date", "doc_no", "party", "violation", "kind", "amount"]  # the table's columns, as shown
    text = excel_clipboard([["2025.3.5", "测政罚〔2025〕3号", "", "占道", "罚款", "1,200.00"]])
    plan = read_pasted(text, empty_store, "penalties", columns=cols)
    assert plan.problems == [] and plan.inserts == 1
    assert plan.rows[0].values["amount"] == 120000 and plan.rows[0].values["date"] == "2025-03-05"
    with pytest.raises(UserError, match="请连同表头"):
        read_pasted(excel_clipboard([["a"] * 12]), empty_store, "penalties", columns=cols)


def test_bad_rows_listed_as_an_import_lists_them_all_or_good_rows_only(empty_store):
    text = excel_clipboard([
        HEAD,
        ["2025-03-05", "占道经营", "测政罚〔2025〕1号", "罚款", "2000", ""],
        ["2025-13-40", "违规搭建", "测政罚〔2025〕2号", "警告", "", ""],
        ["2025-03-07", "无证经营", "测政罚〔2025〕3号", "警告", "2000.50", ""],
    ])
    plan = read_pasted(text, empty_store, "penalties")
    assert [p.line() for p in plan.problems] == [
        "粘贴的内容 第3行「决定日期」：不是有效日期：“2025-13-40”中的月份 13 不存在（月份为 1 至 12）",
        "粘贴的内容 第4行「罚没金额（元）」：「处罚种类」为“警告”时，不能填写「罚没金额（元）」"
        "（警告不并处罚没款；并处罚款的，处罚种类请选“罚款”）",
    ]
    with pytest.raises(UserError, match="未导入任何记录"):
        apply_import(empty_store, plan)
    assert empty_store.count("penalties") == 0
    result = apply_import(empty_store, plan, good_rows_only=True)
    assert result.inserted == 1 and result.skipped == 2 and empty_store.count("penalties") == 1


def test_identical_rows_and_a_known_decision_number_are_pointed_out(empty_store):
    empty_store.insert("penalties", {"date": "2025-01-02", "doc_no": "测政罚〔2025〕9号", "violation": "x",
                                     "kind": "警告"})
    row = ["2025-03-05", "占道经营", "测政罚〔2025〕1号", "罚款", "2000", ""]
    text = excel_clipboard([HEAD, row, row, row, ["2025-04-01", "别的", "测政罚〔2025〕9号", "警告", "", ""]])
    plan = read_pasted(text, empty_store, "penalties")
    assert plan.problems == []
    assert [p.line() for p in plan.duplicates] == [
        "粘贴的内容 第3行：与第2行的「决定书文号」相同，可能重复录入",
        "粘贴的内容 第4行：与第2行的「决定书文号」相同，可能重复录入",
        "粘贴的内容 第5行：与已有记录“2025-01-02 测政罚〔2025〕9号”的「决定书文号」相同，可能重复录入",
    ]
    result = apply_import(empty_store, plan)
    assert result.inserted == 1 and result.duplicates_skipped == 3
    assert "可能重复未导入 3 行" in result.summary()


def test_copy_then_paste_round_trip(demo_store, empty_store):
    lg = LEDGER_MAP["mediations"]
    fields = [f for f in lg.fields if f.in_table]
    recs = demo_store.select("mediations", limit=3)
    text, doc = copy_rows(lg, fields, recs)
    lines = text.split("\r\n")
    assert lines[0].split("\t") == [f.label for f in fields] and text.endswith("\r\n") and len(lines) == 5
    assert doc.count("<tr>") == 4 and "mso-number-format" in doc
    # into a database that has the villages: the same records come back
    for v in {r["village"] for r in recs if r["village"]}:
        if v not in empty_store.choices.villages():
            empty_store.choices.add("*", "village", v)
    plan = read_pasted(text, empty_store, "mediations")
    assert plan.problems == [] and plan.inserts == 3
    assert [r.values["date"] for r in plan.rows] == [r["date"] for r in recs]
