"""Excel export, templates and import (issue 6): round trips, hand-edited sheets, refusals, kills."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import file_digest
from yaofu_desktop import excel
from yaofu_desktop.errors import UserError
from yaofu_desktop.figures import compute
from yaofu_desktop.ledgers import LEDGER_MAP, LEDGERS
from yaofu_desktop.store import RecordQuery, Store

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2025
MED = LEDGER_MAP["mediations"].label  # 矛盾纠纷调解


def run_cli(*args):
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        capture_output=True, text=True, encoding="utf-8",
    )


def figures(store: Store, year: int = YEAR) -> dict:
    """Every figure of the year, the items of the report's wording (report.*) among them."""
    return {f.key: f.value for f in compute(store, year)}


@pytest.fixture(scope="module")
def demo_xlsx(tmp_path_factory, demo_template) -> Path:
    """The demo year exported once; copy it before changing it."""
    out = tmp_path_factory.mktemp("xlsx") / "demo_2025.xlsx"
    with Store.open(demo_template, readonly=True) as store:
        excel.export_workbook(store, YEAR, out)
    return out


@pytest.fixture
def xlsx(demo_xlsx, tmp_path) -> Path:
    path = tmp_path / "台账.xlsx"
    shutil.copyfile(demo_xlsx, path)
    return path


def new_store(tmp_path, name="new.db") -> Store:
    return Store.open(tmp_path / name, create=True)


def header_index(ws) -> dict[str, int]:
    """Header text without the * mark -> 1-based column."""
    return {str(c.value).rstrip("*"): c.column for c in ws[1] if c.value}


def validations(ws) -> dict[str, object]:
    """Column letter -> its data validation."""
    return {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv for dv in ws.data_validations.dataValidation}


def list_values(wb, formula: str) -> list[str]:
    """The values a list validation offers: inline "a,b" or a named range of the 类型 sheet."""
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    dn = wb.defined_names[formula]
    (sheet, ref), = list(dn.destinations)
    ws = wb[sheet]
    return [c.value for row in ws[ref.replace("$", "")] for c in row if c.value is not None]


def as_excel_saves_it(path: Path) -> None:
    """Rewrite an openpyxl workbook the way Excel and WPS save one: text in the shared string
    table (openpyxl writes it inline in each cell)."""
    import html
    import re
    import zipfile
    from xml.sax.saxutils import escape

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    strings: dict[str, int] = {}

    def shared(m):
        text = html.unescape(m.group(2))
        i = strings.setdefault(text, len(strings))
        return f'<c{m.group(1)} t="s"><v>{i}</v></c>'

    pattern = re.compile(r'<c([^>]*?) t="inlineStr"><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S)
    for name in parts:
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            parts[name] = pattern.sub(shared, parts[name].decode()).encode()
    sst = "".join(f'<si><t xml:space="preserve">{escape(t)}</t></si>' for t in strings)
    parts["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</sst>'
    ).encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert strings


# -- export ----------------------------------------------------------------------------------


def test_export_layout(demo_xlsx, demo_template):
    wb = load_workbook(demo_xlsx)
    titles = wb.sheetnames
    assert titles[: len(LEDGERS)] == [lg.label for lg in LEDGERS]
    assert {"统计", "概况", "说明", "类型"} <= set(titles)
    assert wb["类型"].sheet_state == "visible" and "选项" not in titles
    ws = wb[MED]
    head = [c.value for c in ws[1]]
    assert head[0] == "受理日期*" and "村（社区）" in head and head[-1] == excel.KEY_HEADER
    assert ws.freeze_panes == "A2"
    with Store.open(demo_template, readonly=True) as store:
        n = store.count("mediations", RecordQuery(year=YEAR))
    assert ws.max_row == n + 1
    idx = header_index(ws)
    date_cell = ws.cell(2, idx["受理日期"])
    assert isinstance(date_cell.value, dt.datetime) and date_cell.number_format == "yyyy-mm-dd"
    money = ws.cell(2, idx["涉及金额（元）"])
    assert isinstance(money.value, (int, float)) and money.number_format == "#,##0.00"
    assert len(ws.cell(2, idx[excel.KEY_HEADER]).value) == 32
    # widths: CJK counts two, so 纠纷简况 (long text) is wider than 受理日期
    letter = ws.cell(1, idx["纠纷简况"]).column_letter
    assert ws.column_dimensions[letter].width > ws.column_dimensions["A"].width
    kinds = validations(ws)
    kind_col = ws.cell(1, idx["纠纷类型"]).column_letter
    assert "宅基地" in list_values(wb, kinds[kind_col].formula1)
    vill_col = ws.cell(1, idx["村（社区）"]).column_letter
    assert "姚伏社区" in list_values(wb, kinds[vill_col].formula1)
    # yes/no as 是/否 with a dropdown
    ws = wb["行政决策"]
    idx = header_index(ws)
    col = ws.cell(1, idx["公众参与"]).column_letter
    assert {ws.cell(r, idx["公众参与"]).value for r in range(2, ws.max_row + 1)} <= {"是", "否"}
    dvs = validations(ws)
    assert list_values(wb, dvs[col].formula1) == ["是", "否"]
    stats = {r[4]: r for r in wb["统计"].iter_rows(min_row=2, values_only=True)}
    assert stats["mediations.total"][2] == 112 and stats["mediations.total"][3] == "起"
    prof = {r[0]: r[1] for r in wb["概况"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert prof["乡镇名称"] == "姚伏镇"
    if os.name == "posix":
        assert (demo_xlsx.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in demo_xlsx.parent.iterdir()] == [demo_xlsx.name]  # no temporary left


def test_template_has_headers_dropdowns_and_no_records(tmp_path):
    out = tmp_path / "模板.xlsx"
    r = run_cli("export", "--template", "--out", out)
    assert r.returncode == 0, r.stderr
    wb = load_workbook(out)
    assert "统计" not in wb.sheetnames
    for lg in LEDGERS:
        ws = wb[lg.label]
        assert ws.max_row == 1
        assert [c.value for c in ws[1]][-1] == excel.KEY_HEADER
        if lg.choice_fields:
            assert any(dv.type == "list" for dv in ws.data_validations.dataValidation), lg.name
    ws = wb[MED]
    forms = [list_values(wb, dv.formula1) for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert ["调解成功", "调解不成功", "正在调解"] in forms


def test_dropdowns_hold_clerk_added_kinds(demo_store, tmp_path):
    demo_store.choices.add("mediations", "kind", "物业纠纷")
    for i in range(30):  # a long list
        demo_store.choices.add("inspections", "domain", f"新增检查领域第{i:02d}项")
    out = tmp_path / "kinds.xlsx"
    excel.export_workbook(demo_store, YEAR, out)
    wb = load_workbook(out)
    for sheet, header, kind in (
        (MED, "纠纷类型", "物业纠纷"),
        ("执法检查", "检查领域", "新增检查领域第29项"),
    ):
        ws = wb[sheet]
        col = ws.cell(1, header_index(ws)[header]).column_letter
        dv = validations(ws)[col]
        assert len(dv.formula1) <= 255
        assert kind in list_values(wb, dv.formula1)
    # a new database takes the workbook's kinds, so a row using one imports
    ws = wb[MED]
    ws.cell(2, header_index(ws)["纠纷类型"]).value = "物业纠纷"
    wb.save(out)
    with new_store(tmp_path) as store:
        plan = excel.read_workbook(out, store)
        assert plan.ok, plan.problems[:3]
        excel.apply_import(store, plan)
        assert "物业纠纷" in store.choices.values("mediations", "kind")
        assert store.count("mediations", RecordQuery(equals={"kind": "物业纠纷"})) == 1


def test_csv_has_bom_and_reads_back(demo_store, tmp_path):
    out = tmp_path / "m.csv"
    r = run_cli("export", "--db", demo_store.path, "--year", YEAR, "--ledger", "mediations", "--out", out)
    assert r.returncode == 0, r.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("受理日期*,调委会*,")
    n = demo_store.count("mediations", RecordQuery(year=YEAR))
    assert len(text.strip().splitlines()) == n + 1
    with new_store(tmp_path) as store:
        store.set_profile({"villages": demo_store.choices.villages()})
        plan = excel.read_workbook(out, store)
        assert plan.ok, plan.problems[:3]
        assert excel.apply_import(store, plan).inserted == n


# -- import ----------------------------------------------------------------------------------


def test_round_trip_into_new_database(demo_store, xlsx, tmp_path):
    with new_store(tmp_path) as store:
        plan = excel.read_workbook(xlsx, store)
        assert plan.ok, plan.problems[:3]
        result = excel.apply_import(store, plan)
        assert result.profile_set and result.updated == 0 and result.unchanged == 0
        assert figures(store) == figures(demo_store)
        assert store.profile() == demo_store.profile()
        assert store.report_texts.for_year(YEAR) == demo_store.report_texts.for_year(YEAR)  # 存在的问题, 计划, 成文日期
        counts = store.counts.all()
        # importing the same workbook again adds nothing
        plan = excel.read_workbook(xlsx, store)
        result = excel.apply_import(store, plan)
        assert (result.inserted, result.updated, result.unchanged) == (0, 0, sum(counts.values()))
        assert store.counts.all() == counts


def test_report_wording_and_kind_units_travel_with_the_workbook(demo_store, tmp_path):
    """A kind the clerk added counts in its own unit after the trip; the year's report wording
    goes into a database that has none, and never overwrites wording the database has."""
    demo_store.choices.add("study_sessions", "kind", "读书班", "期")
    demo_store.insert("study_sessions", {"date": "2025-05-06", "kind": "读书班", "topic": "民法典读书班"})
    from yaofu_desktop.report.compose import save_templates, wording_for

    long_plan = "加强法治队伍建设。" * 4000  # longer than one Excel cell holds
    save_templates(demo_store, YEAR, {"plans": long_plan})
    out = tmp_path / "台账.xlsx"
    excel.export_workbook(demo_store, YEAR, out)
    wb = load_workbook(out)
    kinds = [[c.value for c in row] for row in wb["类型"].iter_rows()]
    assert any(r[i:i + 2] == ["读书班", "期"] for r in kinds for i in range(len(r) - 1))
    assert [c.value for c in wb[excel.SHEET_REPORT][1]] == excel.REPORT_HEADER

    with new_store(tmp_path) as store:
        result = excel.apply_import(store, excel.read_workbook(out, store))
        assert result.report_texts_set == len(demo_store.report_texts.for_year(YEAR))
        assert wording_for(store, YEAR)["plans"] == long_plan
        assert store.report_texts.get(YEAR, "plans") == demo_store.report_texts.get(YEAR, "plans")
        assert figures(store) == figures(demo_store)
        assert store.choices.unit("study_sessions", "kind", "读书班") == "期"
        shown = {f.key: f.display() for f in compute(store, YEAR)}
        assert shown["study_sessions.kind.读书班"] == "1 期"

    # into a database with its own wording: kept, and the clerk is told
    save_templates(demo_store, YEAR, {"plans": "本库自己的计划。"})
    plan = excel.read_workbook(out, demo_store)
    assert not plan.report_texts
    assert any(w.sheet == excel.SHEET_REPORT and "保留数据库中的文字" in w.message for w in plan.warnings)
    excel.apply_import(demo_store, plan)
    assert wording_for(demo_store, YEAR)["plans"] == "本库自己的计划。"
    # the sheet shows the wording as the report prints it, never the app's own notation
    shown = [r[2] for r in load_workbook(out)[excel.SHEET_REPORT].iter_rows(min_row=2, values_only=True)]
    assert any(t and t.startswith("加强法治队伍建设。") for t in shown)
    assert not any(t and ("{" in t or "[[" in t) for t in shown)


def test_profile_sheet_edited_by_hand(xlsx, tmp_path):
    wb = load_workbook(xlsx)
    ws = wb[excel.SHEET_PROFILE]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "报告年度":
            row[1].value = "２０２５年度"
    wb.save(xlsx)
    with new_store(tmp_path) as store:
        plan = excel.read_workbook(xlsx, store)
        assert plan.ok, [p.line() for p in plan.problems[:3]]
        excel.apply_import(store, plan)
        assert store.report_year() == 2025


def test_issue_date_edited_as_a_date_cell(xlsx, tmp_path):
    wb = load_workbook(xlsx)
    ws = wb[excel.SHEET_REPORT]
    for row in ws.iter_rows(min_row=2):
        if row[3].value == "issue_date":
            row[2].value = dt.date(2026, 1, 20)
    wb.save(xlsx)
    with new_store(tmp_path) as store:
        excel.apply_import(store, excel.read_workbook(xlsx, store))
        assert store.report_texts.get(YEAR, "issue_date") == "2026-01-20"


def test_reimport_into_same_database_updates_changed_rows(demo_store, xlsx):
    counts = demo_store.counts.all()
    wb = load_workbook(xlsx)
    ws = wb[MED]
    idx = header_index(ws)
    uid = ws.cell(3, idx[excel.KEY_HEADER]).value
    ws.cell(3, idx["当事人"]).value = "改过的当事人"
    ws.delete_cols(idx["纠纷简况"])  # a column left out keeps what the database has
    wb.save(xlsx)
    plan = excel.read_workbook(xlsx, demo_store)
    assert plan.ok, plan.problems[:3]
    assert plan.updates == 1 and plan.inserts == 0
    result = excel.apply_import(demo_store, plan)
    assert result.updated == 1 and result.inserted == 0 and result.unchanged == plan.unchanged
    assert "新增 0 条，更新 1 条，未变" in result.summary()
    assert demo_store.counts.all() == counts
    rid = demo_store.find_uid("mediations", uid)
    rec = demo_store.get("mediations", rid)
    assert rec["parties"] == "改过的当事人" and rec["summary"]


def _break_date(path: Path, row: int = 5) -> None:
    wb = load_workbook(path)
    ws = wb[MED]
    ws.cell(row, header_index(ws)["受理日期"]).value = "三月初"
    wb.save(path)


def test_bad_row_refuses_everything_then_good_rows_only(xlsx, tmp_path):
    _break_date(xlsx)
    db = tmp_path / "new.db"
    with Store.open(db, create=True) as store:
        store.set_profile({"township": "测试镇"})
        before = store.counts.all()
        plan = excel.read_workbook(xlsx, store)
        assert len(plan.problems) == 1 and plan.bad_rows == 1
        p = plan.problems[0]
        assert (p.sheet, p.row, p.column) == (MED, 5, "受理日期")
        assert "三月初" in p.message and "不是有效日期" in p.message
        assert p.line().startswith(f"{MED} 第5行「受理日期」：")
        with pytest.raises(UserError, match="未导入任何记录"):
            excel.apply_import(store, plan)
        assert store.counts.all() == before
        result = excel.apply_import(store, plan, good_rows_only=True)
        assert result.skipped == 1
        assert result.inserted == len(plan.rows) == sum(store.counts.all().values())
        assert store.count("mediations") == 112 - 1


@pytest.mark.parametrize("shared_strings", [False, True], ids=["openpyxl", "excel"])
def test_hand_edited_workbook(empty_store, tmp_path, shared_strings):
    """Built the way a clerk might in Excel or WPS: a title row, columns in another order, blank
    rows, numbers typed as text, dates typed as text in several ways, missing sheets."""
    path = tmp_path / "手工.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = " 执法检查 "
    ws.append(["2025年执法检查台账"])
    ws.append([" 检查领域 ", "检查日期 *", "村（社区）", "检查方式*", "检查对象", "发现问题数", "无关的栏"])
    ws.append(["消防", "2025/3/5", "一村", "专项检查", "某超市", "12", "x"])
    ws.append([None, None, None, None, None, None, None])
    ws.append(["  ", "", None])
    ws.append(["食品安全", "2025年3月6日", "二村", "日常巡查 ", 20250307, 3.0, None])
    ws.append(["安全生产", dt.datetime(2025, 3, 8), None, "联合检查", None, None])
    ws2 = wb.create_sheet("法律咨询")
    ws2.append(["咨询事项", "人次", "接待日期", "接待地点"])
    ws2.append(["工资拖欠", "  3 ", "2025-03-05", "电话咨询"])
    ws2.append([])
    ws2.append(["宅基地", None, "2025.3.9", "网络咨询"])
    wb.save(path)
    if shared_strings:
        as_excel_saves_it(path)

    plan = excel.read_workbook(path, empty_store)
    assert plan.ok, [p.line() for p in plan.problems]
    result = excel.apply_import(empty_store, plan)
    assert result.inserted == 5
    rows = empty_store.select("inspections", RecordQuery(descending=False))
    assert [r["date"] for r in rows] == ["2025-03-05", "2025-03-06", "2025-03-08"]
    first = rows[0]
    assert (first["domain"], first["village"], first["kind"], first["problems"]) == ("消防", "一村", "专项检查", 12)
    assert rows[1]["target"] == "20250307" and rows[1]["problems"] == 3 and rows[1]["kind"] == "日常巡查"
    cons = empty_store.select("legal_consultations", RecordQuery(descending=False))
    assert [(r["date"], r["count"]) for r in cons] == [("2025-03-05", 3), ("2025-03-09", 1)]
    assert figures(empty_store)["inspections.total"] == 3


def test_csv_into_a_new_database_takes_the_villages_it_names(demo_store, tmp_path):
    """A CSV carries no village list: into a database without one, the villages its rows name
    become the list (the clerk is told); into a database with a list, a village not on it is a
    mistake and is refused."""
    csv_path = tmp_path / "调解.csv"
    excel.export_csv(demo_store, YEAR, "mediations", csv_path)
    named = list(dict.fromkeys(r["village"] for r in demo_store.select("mediations", RecordQuery(year=YEAR))
                               if r["village"]))
    with new_store(tmp_path) as store:
        plan = excel.read_workbook(csv_path, store)
        assert plan.ok, [p.line() for p in plan.problems[:3]]
        assert any("还没有村（社区）名单" in w.message for w in plan.warnings)
        excel.apply_import(store, plan)
        assert sorted(store.choices.villages()) == sorted(named)
        assert store.count("mediations") == demo_store.count("mediations", RecordQuery(year=YEAR))
    with new_store(tmp_path, "other.db") as store:
        store.set_profile({"township": "测试镇", "villages": ["一村"]})
        plan = excel.read_workbook(csv_path, store)
        assert plan.problems and all("必须从列表中选择" in p.message for p in plan.problems)


def test_rows_without_a_key_are_not_imported_twice(empty_store, tmp_path):
    """A clerk fills in the blank template, imports it, adds rows and imports the same file again:
    the rows already imported are recognised by their content. A row the sheet holds twice is
    pointed out as a likely duplicate and left out, unless the clerk keeps it: then it is two
    records."""
    path = tmp_path / "模板.xlsx"
    excel.export_workbook(None, None, path, template=True)
    wb = load_workbook(path)
    ws = wb[MED]
    idx = header_index(ws)
    row = {"受理日期": "2025-03-05", "调委会": "村调委会", "村（社区）": "一村", "纠纷类型": "邻里纠纷",
           "调解结果": "调解成功", "涉及金额（元）": "1200", "当事人": "张某、李某"}

    def put(r, **change):
        for label, v in dict(row, **change).items():
            ws.cell(r, idx[label]).value = v

    put(2)
    put(3, 受理日期="2025-04-01")
    put(4, 受理日期="2025-04-01")  # the same dispute written twice
    wb.save(path)
    plan = excel.read_workbook(path, empty_store)
    assert [(p.row, p.message) for p in plan.duplicates] == [
        (4, "与第3行的「受理日期」、「纠纷类型」、「当事人」相同，可能重复录入")]
    first = excel.apply_import(empty_store, plan)  # left out unless kept
    assert (first.inserted, first.duplicates_skipped) == (2, 1)
    plan = excel.read_workbook(path, empty_store)  # again: now it repeats a record
    assert [p.row for p in plan.duplicates] == [4] and "与已有记录" in plan.duplicates[0].message
    kept = excel.apply_import(empty_store, plan, keep_duplicates=True)
    assert (kept.inserted, kept.unchanged) == (1, 2)

    put(5, 受理日期="2025-05-20", 纠纷类型="宅基地")
    wb.save(path)
    plan = excel.read_workbook(path, empty_store)
    assert (plan.inserts, plan.updates, plan.unchanged) == (1, 0, 3)
    excel.apply_import(empty_store, plan)
    assert empty_store.count("mediations") == 4
    again = excel.apply_import(empty_store, excel.read_workbook(path, empty_store))
    assert (again.inserted, again.unchanged) == (0, 4)
    assert empty_store.count("mediations") == 4


def test_formula_without_a_saved_result_is_named_not_called_damage(empty_store, tmp_path):
    """A workbook written by a program (not Excel/WPS) can hold formulas without their results:
    in a ledger column that is a problem named by sheet, row and column; in a column we do not
    read it does not matter."""
    path = tmp_path / "公式.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "法律咨询"
    ws.append(["接待日期", "咨询事项", "人次", "接待地点", "备注栏", "解答人"])
    ws.append(["2025-03-05", "工资拖欠", 2, "电话咨询", "=1+1", '=IF(1=1,"","张三")'])
    ws.append(["=TODAY()", "宅基地", 1, "电话咨询", None])
    wb.save(path)
    # F2 as Excel and WPS save a formula whose result is "": t="str" and an empty value
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    assert b'<c r="F2">' in parts[sheet]
    parts[sheet] = parts[sheet].replace(b'<c r="F2">', b'<c r="F2" t="str">')
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    plan = excel.read_workbook(path, empty_store)
    assert [p.line() for p in plan.problems] == [f"法律咨询 第3行「接待日期」：{excel.UNCALCULATED_MESSAGE}"]
    assert plan.inserts == 1
    result = excel.apply_import(empty_store, plan, good_rows_only=True)
    assert (result.inserted, result.skipped) == (1, 1)
    (rec,) = empty_store.select("legal_consultations", RecordQuery())
    assert rec["answered_by"] is None  # the formula's "" is a blank cell


def test_problems_name_sheet_row_and_column(empty_store, tmp_path):
    path = tmp_path / "错.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = MED
    ws.append(["受理日期*", "调委会*", "纠纷类型*", "调解结果*", "村（社区）", "涉及金额（元）"])
    ws.append(["2025-03-05", "村调委会", "婚姻家庭", "调解成功", "一村", "1,200.50"])
    ws.append(["2025-03-05", "村调委会", "不存在的类型", "调解成功", "外村", "很多"])
    ws.append(["2025-13-05", None, "婚姻家庭", "调解成功", None, None])
    wb.save(path)
    plan = excel.read_workbook(path, empty_store)
    where = {(p.row, p.column) for p in plan.problems}
    assert where == {(3, "纠纷类型"), (3, "村（社区）"), (3, "涉及金额（元）"), (4, "受理日期"), (4, "调委会")}
    assert plan.bad_rows == 2 and len(plan.rows) == 1
    assert plan.rows[0].values["amount"] == 120050  # 分


def test_locked_year_rows_are_refused(demo_store, xlsx):
    wb = load_workbook(xlsx)
    ws = wb[MED]
    ws.cell(2, header_index(ws)["当事人"]).value = "新名字"
    wb.save(xlsx)
    demo_store.year_locks.lock(YEAR)
    plan = excel.read_workbook(xlsx, demo_store)
    assert [(p.sheet, p.row, p.column) for p in plan.problems] == [(MED, 2, "受理日期")]
    assert "已锁定" in plan.problems[0].message


@pytest.mark.parametrize(
    "name,content",
    [
        ("random.xlsx", bytes(random.Random(6).randrange(256) for _ in range(4000))),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
        ("renamed.xlsx", "受理日期,调委会\n2025-03-05,村调委会\n".encode("utf-8-sig")),
        ("truncated.xlsx", None),
    ],
)
def test_not_a_workbook_is_refused_unchanged(name, content, tmp_path, demo_xlsx):
    path = tmp_path / name
    if content is None:
        content = demo_xlsx.read_bytes()[:3000]  # a zip cut short
    path.write_bytes(content)
    digest = file_digest(path)
    with new_store(tmp_path) as store:
        with pytest.raises(UserError) as e:
            excel.read_workbook(path, store)
    assert "文件未作任何改动" in e.value.message and any("\u4e00" <= ch <= "\u9fff" for ch in e.value.message)
    assert file_digest(path) == digest
    db = tmp_path / "cli.db"
    r = run_cli("import", "--db", db, path)
    assert r.returncode == 2 and "错误：" in r.stderr and "Traceback" not in r.stderr
    assert not db.exists()
    assert file_digest(path) == digest


def test_cli_exit_codes_and_problem_lines(demo_db, xlsx, tmp_path):
    out = tmp_path / "out.xlsx"
    r = run_cli("export", "--db", demo_db, "--year", YEAR, "--out", out)
    assert r.returncode == 0, r.stderr
    assert "已导出" in r.stdout and out.exists()
    _break_date(xlsx, 5)
    _break_date(xlsx, 7)
    db = tmp_path / "cli.db"
    r = run_cli("import", "--db", db, xlsx)
    assert r.returncode == 1, r.stderr
    lines = [line for line in r.stdout.splitlines() if line.startswith(MED)]
    assert lines == [
        f"{MED} 第5行「受理日期」：不是有效日期：“三月初”；请按 2025-03-05 填写"
        "（也可写 2025.3.5、2025/3/5、2025年3月5日 或 20250305）",
        f"{MED} 第7行「受理日期」：不是有效日期：“三月初”；请按 2025-03-05 填写"
        "（也可写 2025.3.5、2025/3/5、2025年3月5日 或 20250305）",
    ]
    assert "未导入任何记录" in r.stderr and "--good-rows-only" in r.stderr
    assert not db.exists()  # a refused import into a new file leaves no file behind
    r = run_cli("import", "--db", db, xlsx, "--good-rows-only")
    assert r.returncode == 1 and "导入完成：新增" in r.stdout and "有错误未导入 2 行" in r.stdout
    r = run_cli("import", "--db", db, out)
    assert r.returncode == 0, r.stderr
    assert "新增 2 条，更新 0 条，未变" in r.stdout  # the two rows fixed; the rest already there
    r = run_cli("export", "--db", db, "--out", tmp_path / "x.txt")
    assert r.returncode == 2 and ".xlsx" in r.stderr
    r = run_cli("export", "--db", db, "--year", YEAR, "--out", tmp_path / "x.csv")
    assert r.returncode == 2 and "--ledger" in r.stderr


# -- a killed import ---------------------------------------------------------------------------

KILL_ROWS = 5000
SCRIPT = """
import pickle, sys
sys.path.insert(0, {root!r})
from yaofu_desktop.store import Store
from yaofu_desktop.excel import read_workbook, apply_import
store = Store.open({db!r})
if {plan!r}:
    with open({plan!r}, "rb") as fh:
        plan = pickle.load(fh)
else:
    plan = read_workbook({xlsx!r}, store)
assert plan.ok, plan.problems[:3]
print("planned", flush=True)
apply_import(store, plan)
print("done", flush=True)
"""


def _big_workbook(path: Path) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(MED)
    ws.append(["受理日期*", "调委会*", "村（社区）", "纠纷类型*", "纠纷简况", "涉及金额（元）", "调解结果*"])
    start = dt.date(2025, 1, 1)
    for i in range(KILL_ROWS):
        ws.append([start + dt.timedelta(days=i % 365), "村调委会", "一村", "邻里纠纷",
                   f"第{i}起纠纷", i * 10.5, "调解成功"])
    wb.save(path)
    return path


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_killed_import_into_a_new_file_leaves_no_file_or_a_whole_one(tmp_path):
    """`import` into a file that does not exist builds it under a hidden name: killed at any
    moment, there is no database, or the whole import; the next run clears what was left."""
    xlsx = _big_workbook(tmp_path / "big.xlsx")
    cmd = [sys.executable, str(ROOT / "main.py"), "import", "--db"]
    t = time.perf_counter()
    r = subprocess.run(cmd + [str(tmp_path / "whole.db"), str(xlsx)], capture_output=True, text=True)
    took = time.perf_counter() - t
    assert r.returncode == 0, r.stderr
    rng = random.Random(7)
    for n in range(3):
        folder = tmp_path / f"kill{n}"
        folder.mkdir()
        proc = subprocess.Popen(cmd + [str(folder / "new.db"), str(xlsx)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, took))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        db = folder / "new.db"
        if db.exists():
            with Store.open(db, readonly=True) as store:
                assert store.count("mediations") == KILL_ROWS
        # the next import clears the hidden leftovers and makes the file
        r = subprocess.run(cmd + [str(db), str(xlsx)], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert sorted(p.name for p in folder.iterdir() if p.name.endswith((".db", ".part"))) == ["new.db"]


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_killed_import_leaves_all_or_nothing(tmp_path):
    xlsx = _big_workbook(tmp_path / "big.xlsx")
    pristine = tmp_path / "pristine.db"
    Store.open(pristine, create=True, profile={"township": "测试镇", "villages": ["一村"]}).close()

    def start(n: int, plan: str = "") -> tuple[Path, subprocess.Popen]:
        db = tmp_path / f"run{n}.db"
        shutil.copyfile(pristine, db)
        code = SCRIPT.format(root=str(ROOT), db=str(db), xlsx=str(xlsx), plan=plan)
        return db, subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)

    def check(db: Path) -> int:
        conn = sqlite3.connect(db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            n_rows = conn.execute("SELECT COUNT(*) FROM mediations").fetchone()[0]
            audit = conn.execute("SELECT COUNT(*) FROM audit_log WHERE ledger='mediations'").fetchone()[0]
        finally:
            conn.close()
        assert n_rows in (0, KILL_ROWS) and audit == n_rows
        return n_rows

    # one import run to the end tells how long writing takes ...
    db, proc = start(0)
    assert proc.stdout.readline().strip() == "planned"
    t = time.perf_counter()
    assert proc.stdout.readline().strip() == "done"
    apply_time = time.perf_counter() - t
    proc.wait()
    assert check(db) == KILL_ROWS

    # ... then five more, run side by side, each killed at a random moment of its writing (the
    # workbook is read once here: reading writes nothing, so a kill then proves nothing)
    plan_file = tmp_path / "plan.pickle"
    with Store.open(tmp_path / "plan.db", create=True, profile={"villages": ["一村"]}) as store:
        plan_file.write_bytes(pickle.dumps(excel.read_workbook(xlsx, store)))
    rng = random.Random(66)
    runs = [start(i, str(plan_file)) for i in range(1, 6)]
    delays = [rng.uniform(0.0, apply_time) for _ in runs]

    def kill_later(proc: subprocess.Popen, delay: float) -> None:
        if proc.stdout.readline().strip() == "planned":
            time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    threads = [threading.Thread(target=kill_later, args=(p, d)) for (_, p), d in zip(runs, delays)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    outcomes = [check(db) for db, _ in runs]
    assert 0 in outcomes, outcomes  # at least one kill landed before the commit


def test_progress_callback_cancel_is_passed_on(tmp_path, demo_store):
    """Raising from the progress callback cancels the read; it is not reported as a damaged file."""
    from yaofu_desktop.excel import export_workbook, read_workbook

    out = tmp_path / "demo.xlsx"
    export_workbook(demo_store, 2025, out)

    class Stop(Exception):
        pass

    def progress(done, total, what):
        if done >= 1:
            raise Stop

    with pytest.raises(Stop):
        read_workbook(out, demo_store, progress)


def test_export_to_a_missing_folder_says_so_and_nothing_else(demo_db, tmp_path):
    for args in (["--db", demo_db, "--year", YEAR], ["--template"]):
        r = run_cli("export", *args, "--out", tmp_path / "nowhere" / "x.xlsx")
        assert r.returncode == 2
        assert r.stderr.strip().splitlines() == [f"错误：文件夹不存在：{tmp_path / 'nowhere'}"]
    (tmp_path / "a.xlsx").mkdir()
    r = run_cli("export", "--db", demo_db, "--year", YEAR, "--out", tmp_path / "a.xlsx")
    assert r.returncode == 2 and "是一个文件夹" in r.stderr and "Exception" not in r.stderr


CANCEL_EXPORT = """
import sys
from yaofu_desktop.store import Store
from yaofu_desktop.excel import export_workbook

class Stop(Exception):
    pass

def progress(done, total, what):
    if done > 400:  # half-way through the ledger sheets
        raise Stop

with Store.open(sys.argv[1], readonly=True) as store:
    try:
        export_workbook(store, 2025, sys.argv[2], progress=progress)
    except Stop:
        print("cancelled")
"""


def test_cancelled_export_leaves_nothing_and_no_noise(demo_db, tmp_path):
    """A cancel half-way through (the window's 取消) throws the half-made workbook away quietly:
    no file, no temporary file, no complaints from openpyxl's sheet writers on stderr."""
    out = tmp_path / "out" / "台账.xlsx"
    out.parent.mkdir()
    r = subprocess.run([sys.executable, "-c", CANCEL_EXPORT, str(demo_db), str(out)],
                       capture_output=True, text=True, encoding="utf-8", cwd=ROOT)
    assert r.stdout.strip() == "cancelled", r.stderr
    assert r.stderr == ""
    assert os.listdir(out.parent) == []


def test_a_clerk_adds_a_kind_in_the_visible_kinds_sheet(demo_store, tmp_path):
    """The template explains how to add a kind: in the 类型 sheet, under its column, with its unit;
    the dropdown offers it at once; the import adds it, in its unit, and says so."""
    out = tmp_path / "模板.xlsx"
    excel.export_workbook(demo_store, YEAR, out, template=True)
    wb = load_workbook(out)
    ws = wb["类型"]
    assert "需要新的类型" in ws["A1"].value and "单位" in ws["A1"].value
    assert "类型" in " ".join(r[0] for r in excel_help_rows(wb))
    sheets = [c.value for c in ws[2]]
    labels = [c.value for c in ws[3]]
    j = next(i for i, (s_, l_) in enumerate(zip(sheets, labels)) if s_ == "学法活动" and l_ == "学法形式")
    assert labels[j + 1] == "单位"
    col = [ws.cell(r, j + 1).value for r in range(4, ws.max_row + 2)]
    row = 4 + col.index(None)
    ws.cell(row, j + 1, "读书班")
    ws.cell(row, j + 2, "期")
    ws.cell(row + 1, j + 1, "专题研讨")  # no unit: the ledger's (次)
    study = wb["学法活动"]
    dv = validations(study)[study.cell(1, header_index(study)["学法形式"]).column_letter]
    ref = wb.defined_names[dv.formula1].attr_text
    assert int(ref.rsplit("$", 1)[1]) >= row + 1  # the new cells are in the dropdown's range
    headers = header_index(study)
    for r, day in ((2, "2025-04-01"), (3, "2025-04-08")):
        study.cell(r, headers["学习日期"], day)
        kind = "读书班"
        study.cell(r, headers["学法形式"], kind)
        study.cell(r, headers["学习内容"], "民法典")
    wb.save(out)
    plan = excel.read_workbook(out, demo_store)
    assert plan.ok, plan.problems[:3]
    result = excel.apply_import(demo_store, plan)
    assert "新增类型：学法活动·读书班（期）、学法活动·专题研讨（次）" in result.summary()
    assert demo_store.choices.unit("study_sessions", "kind", "读书班") == "期"
    f = {x.key: x for x in compute(demo_store, YEAR)}
    assert f["study_sessions.kind.读书班"].display() == "2 期"
    assert f["study_sessions.kind.专题研讨"].value == 0  # added, unused: in the lists, counted 0


def excel_help_rows(wb):
    return [(str(r[0].value or ""),) for r in wb["说明"].iter_rows()]


def test_report_wording_of_an_earlier_version_workbook_converts(tmp_path):
    """A workbook exported by an earlier version carries its wording as templates in 内容."""
    from openpyxl import Workbook

    from yaofu_desktop.report.compose import wording_for

    wb = Workbook()
    ws = wb.active
    ws.title = excel.SHEET_REPORT
    ws.append(["年度", "部分", "内容", "部分键"])
    ws.append([YEAR, "下一年度工作计划（逐条）", "（一）继续学法。\n（二）继续普法。", "plans"])
    ws.append([YEAR, "（一）组织领导与学法", "学法。全年学法{study_sessions.kind.会前学法}。", "lead"])
    wb.create_sheet("法治建设会议").append(["会议日期*", "会议类型*", "研究议题*"])
    out = tmp_path / "旧.xlsx"
    wb.save(out)
    with new_store(tmp_path) as store:
        plan = excel.read_workbook(out, store)
        excel.apply_import(store, plan)
        words = wording_for(store, YEAR)
        assert words["plans"] == "继续学法。\n继续普法。"
        assert words["lead"].startswith("学法。全年学法{study_sessions.kind.会前学法}")
        assert store.report_texts.get(YEAR, "lead").startswith('{"v"')


def test_import_command_says_which_kinds_it_added(demo_db, tmp_path):
    out = tmp_path / "x.xlsx"
    assert run_cli("export", "--db", demo_db, "--year", YEAR, "--out", out).returncode == 0
    wb = load_workbook(out)
    ws = wb["类型"]
    labels = [c.value for c in ws[3]]
    sheets = [c.value for c in ws[2]]
    j = next(i for i, (a, b) in enumerate(zip(sheets, labels)) if a == "执法检查" and b == "检查方式")
    col = [ws.cell(r, j + 1).value for r in range(4, ws.max_row + 2)]
    ws.cell(4 + col.index(None), j + 1, "夜间巡查")
    wb.save(out)
    r = run_cli("import", "--db", demo_db, out)
    assert r.returncode == 0, r.stderr
    assert "新增类型：执法检查·夜间巡查（次）" in r.stdout
