"""The report is composed from the ledgers: every sample figure stated, wording checked first."""

from __future__ import annotations

import csv
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA
from yaofu_desktop.report.compose import (
    SECTION_ORDER,
    compose,
    copy_wording_from,
    default_wording,
    render_figure,
    save_templates,
    wording_for,
)
from yaofu_desktop.store import RecordQuery, Store

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 1, 20)
SAMPLE = (DATA / "yaofu_2025_report.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def composition(demo_template):
    with Store.open(demo_template, readonly=True) as store:
        return compose(store, 2025, today=TODAY)


def test_no_errors_and_structure(composition):
    assert composition.errors == []
    kinds = [b.kind for b in composition.document.blocks]
    assert kinds[:4] == ["mark", "title", "addressee", "para"]
    assert kinds[-3:] == ["signature", "date", "copy_to"]  # 版记: the profile's 抄送机关
    headings = [b.text for b in composition.document.blocks if b.kind == "heading1"]
    # the demo town's clerk kept the sample's headings
    assert headings == ["一、工作主要举措和成效", "二、存在的问题", "三、下一年度法治政府建设工作计划"]
    assert composition.document.blocks[1].text == "平罗县姚伏镇2025年度\n法治政府建设工作报告"
    assert composition.document.blocks[-2].text == "2026年1月15日"
    assert composition.document.blocks[-1].text == "抄送：县委依法治县办。"


def _sentences_of_sample():
    rows = list(csv.DictReader(open(DATA / "sample_figures.tsv", encoding="utf-8"), delimiter="\t"))
    return [r for r in rows if "结构计数" not in r["indicator"]]


@pytest.mark.parametrize("row", _sentences_of_sample(), ids=lambda r: r["indicator"])
def test_every_sample_sentence_is_stated(row, composition):
    text = composition.document.plain_text()
    fragment = row["sentence_fragment"]
    if row["indicator"] == "调解成功率":
        assert re.search(r"调解成功率达\d+(\.\d)?%", text)
        return
    assert fragment in text


def test_report_close_to_the_sample(composition):
    """Every paragraph of the sample comes out word for word but the impossible rate's; the demo's
    records of the ledgers the sample does not have (法律援助 …) follow in their own sentences."""
    ours = composition.document.plain_text().splitlines()
    sample = [line.replace("[bookmark: _GoBack]", "").strip() for line in SAMPLE.splitlines()]
    sample = [line for line in sample if line][3:]  # the title's lines are laid out by rule
    assert "".join(composition.document.blocks[1].text.split("\n")) == "平罗县姚伏镇2025年度法治政府建设工作报告"
    missing = [line for line in sample if not any(o.startswith(line) for o in ours)]
    assert len(missing) == 1 and missing[0].startswith("（六）"), missing  # 98.5 % of 112 disputes
    extra = [o[len(line):] for line in sample for o in ours if o.startswith(line) and o != line]
    assert extra and all(e.endswith("。") for e in extra)  # whole sentences, from the new ledgers


def test_forms():
    from yaofu_desktop.figures import Figure

    f = Figure("k", "接待法律咨询", "人次", 184, "disputes")
    assert render_figure(f, "余") == "180余人次"
    assert render_figure(Figure("k", "x", "条", 138, "open"), "余") == "135余条"
    assert render_figure(Figure("k", "x", "条", 180, "open"), "余") == "180条"  # not "180余"
    assert render_figure(Figure("k", "x", "条", 12, "open"), "余") == "12条"
    assert render_figure(Figure("k", "x", "万元", 220.16, "d", kind="sum"), "约") == "约220万元"
    assert render_figure(Figure("k", "x", "万元", 2.34, "d", kind="sum"), "约") == "约2.3万元"
    zero = Figure("k", "制定行政规范性文件", "件", 0, "docs", zero="未制定行政规范性文件")
    assert render_figure(zero, "零") == "未制定行政规范性文件"
    three = Figure("k", "制定行政规范性文件", "件", 3, "docs", zero="未制定行政规范性文件")
    assert render_figure(three, "零") == "制定行政规范性文件3件"


def test_notation_typed_as_text_is_named_without_braces(demo_store):
    words = wording_for(demo_store, 2025)
    words["enforce"] += "另有{penalties.totl}。"
    comp = compose(demo_store, 2025, wording=words, today=TODAY)
    errors = [c.message for c in comp.errors]
    assert any("penalties.totl" in e and "（五）" in e for e in errors)
    assert not any("{" in e or "}" in e for e in errors)


def test_a_rate_over_no_cases_is_never_printed(empty_store):
    empty_store.insert("mediations", {"date": "2025-03-02", "committee": "村调委会", "kind": "邻里纠纷",
                                      "outcome": "正在调解"})
    comp = compose(empty_store, 2025, today=TODAY)
    text = comp.document.plain_text()
    assert "排查调处矛盾纠纷1起" in text
    for bad in ("None", "nan", "{", "[[", "不适用", "0起", "0%"):
        assert bad not in text


def test_overdue_petition_and_deadline_checks(demo_store):
    demo_store.insert(
        "petitions",
        {"date": "2025-11-03", "channel": "来访", "matter": "反映村道破损", "due": "2026-01-02", "petitioner": "张三"},
    )
    comp = compose(demo_store, 2025, today=TODAY)
    warnings = [c.message for c in comp.checks if c.level == "warning"]
    assert any("反映村道破损" in w and "过办理期限" in w for w in warnings)
    assert not any("张三" in c.message for c in comp.checks)  # no private names
    assert "张三" not in comp.document.plain_text()
    assert any("2026年3月1日前报送县委、县政府" in c.message for c in comp.checks)
    late = compose(demo_store, 2025, today=dt.date(2026, 3, 10))
    assert any("已过报送期限" in c.message for c in late.checks)


def test_disputes_still_being_mediated_are_pointed_out(demo_store):
    demo_store.insert("mediations", {"date": "2025-12-28", "committee": "村调委会", "kind": "邻里纠纷",
                                     "outcome": "正在调解"})
    comp = compose(demo_store, 2025, today=TODAY)
    rate = comp.figures["mediations.success_rate"]
    assert rate.denominator == 113  # successful / all, as the issue says; the clerk is told why
    assert any("1起纠纷仍在调解中" in c.message and "全部113起" in c.message for c in comp.checks)


def test_a_zero_said_in_its_own_words_keeps_its_optional_passage(demo_store):
    """A passage that depends on general decisions, with a zero said in its own words, stands:
    no general decision reviewed is said, not left out."""
    for r in demo_store.select("decisions", RecordQuery(year=2025)):
        demo_store.update("decisions", r["id"], {"legality_review": False})
    text = compose(demo_store, 2025, today=TODAY).document.plain_text()
    assert "全年作出一般性行政决策4项，其中" in text and "未经合法性审查" in text
    assert "均履行了必要的集体讨论" not in text


def test_wording_saved_per_year_and_copied(demo_store):
    save_templates(demo_store, 2022, {"lead": "学法工作扎实。全年学法{study_sessions.kind.会前学法}。"})
    assert copy_wording_from(demo_store, 2022, 2026) == 1
    assert wording_for(demo_store, 2026)["lead"].startswith("学法工作扎实")
    assert wording_for(demo_store, 2023)["lead"] == default_wording()["lead"]["text"]
    assert set(wording_for(demo_store, 2026)) == set(SECTION_ORDER)


def test_appendix_table(demo_store):
    comp = compose(demo_store, 2025, appendix=True, today=TODAY)
    (table,) = [b for b in comp.document.blocks if b.kind == "table"]
    assert table.kind == "table" and table.rows[0] == ["项目", "2025年", "2024年", "单位"]
    rows = {r[0]: r for r in table.rows}
    assert rows["镇村两级调委会排查调处矛盾纠纷"][1:] == ["112", "97", "起"]


def test_default_wording_names_no_township():
    for key, sec in default_wording().items():
        assert "姚伏" not in sec["text"], key


def test_report_command(tmp_path, demo_db):
    out = tmp_path / "r.docx"
    r = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "report", "--db", str(demo_db), "--year", "2025", "--out", str(out)],
        capture_output=True, text=True, encoding="utf-8",
    )
    assert r.returncode == 0, r.stderr
    assert out.exists() and "已生成2025年度报告" in r.stdout
    with Store.open(demo_db) as s:  # 成文日期 is asked for, never assumed
        s.report_texts.set(2025, "issue_date", "")
    bad = tmp_path / "bad.pdf"
    r = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "report", "--db", str(demo_db), "--year", "2025", "--out", str(bad)],
        capture_output=True, text=True, encoding="utf-8",
    )
    assert r.returncode == 1 and "成文日期尚未填写" in r.stderr and not bad.exists()
    assert "Traceback" not in r.stderr


def test_item_numbers_past_ten():
    from yaofu_desktop.report.compose import number

    assert [number(i) for i in (0, 8, 9, 10, 11, 18, 19, 20, 98)] == [
        "一", "九", "十", "十一", "十二", "十九", "二十", "二十一", "九十九"]


def test_small_amounts_are_said_in_yuan():
    from yaofu_desktop.figures import Figure

    assert render_figure(Figure("k", "x", "万元", 0.004, "d", kind="sum"), "约") == "约40元"
    assert render_figure(Figure("k", "x", "万元", 0.0512, "d", kind="sum"), "约") == "约0.1万元"


# -- zero wordings, the checks of filling in ---------------------------------------------------


def test_every_figure_has_a_zero_wording_and_report_words(demo_store):
    from yaofu_desktop.figures import compute_map
    from yaofu_desktop.ledgers import LEDGER_MAP

    figs = compute_map(demo_store, 2025)
    for f in figs.values():
        inner = f"{LEDGER_MAP[f.ledger].label}·" if f.ledger else "·"  # "学法活动·会前学法"
        assert f.zero and inner not in f.zero and inner not in f.report_label, f.key
        assert "None" not in f.zero and "{" not in f.zero, f.key
    assert figs["study_sessions.kind.会前学法"].zero == "未开展会前学法"
    assert figs["study_sessions.kind.会前学法"].report_label == "会前学法"
    assert figs["study_sessions.kind.法治专题讲座"].zero == "未举办法治专题讲座"
    assert figs["penalties.total"].zero == "未作出行政处罚决定"
    assert figs["petitions.total"].zero == "未受理信访事项"
    assert figs["inspections.kind.联合检查"].zero == "未开展联合检查"
    assert figs["normative_documents.total"].zero == "未制定行政规范性文件"
    assert figs["inspections.domain.消防"].report_label == "消防领域执法检查"


def test_a_kind_the_clerk_adds_gets_a_zero_wording(demo_store):
    from yaofu_desktop.figures import compute_map

    demo_store.choices.add("study_sessions", "kind", "读书班")
    f = compute_map(demo_store, 2025)["study_sessions.kind.读书班"]
    assert (f.value, f.zero, f.report_label) == (0, "未开展读书班", "读书班")
    assert render_figure(f, "零") == "未开展读书班"


def test_zero_form_for_per_kind_figures():
    from yaofu_desktop.figures import Figure

    f = Figure("k", "学法活动·会前学法", "次", 0, "lead", zero="未开展会前学法", term="会前学法")
    assert render_figure(f, "零") == "未开展会前学法"
    f.value = 15
    assert render_figure(f, "零") == "会前学法15次"


def test_a_zero_in_the_clerks_words_is_left_out_and_named(empty_store):
    """The clerk's passage stating a figure that is zero is not printed (no "0" in a sentence
    that claims the work was done); the check names the section and the figure in words."""
    empty_store.insert("study_sessions", {"date": "2025-03-02", "kind": "会前学法", "topic": "宪法"})
    words = wording_for(empty_store, 2025)
    words["lead"] = ("学法。{town}党委、政府全年召开会议研究法治建设工作{meetings.total}。"
                     "组织学法考试{study_sessions.kind.线上学法考试}。")
    comp = compose(empty_store, 2025, wording=words, today=TODAY)
    text = comp.document.plain_text()
    assert "0次" not in text and "0场次" not in text
    warnings = [c.message for c in comp.checks if c.level == "warning"]
    assert any("（一）" in w and "「法治建设会议」台账本年度没有记录" in w for w in warnings)
    assert any("（一）" in w and "线上学法考试" in w and "为零" in w for w in warnings)
    assert not any("{" in w or "meetings" in w for w in warnings)


def test_a_zero_wording_needs_records_or_the_clerks_confirmation(empty_store):
    words = wording_for(empty_store, 2025)
    words["lead"] = "统筹谋划。{town}党委、政府{meetings.total|零}。"
    comp = compose(empty_store, 2025, wording=words, today=TODAY)
    assert "未召开会议研究法治建设工作" not in comp.document.plain_text()
    assert any("本年度确无法治建设工作会议" in c.message for c in comp.checks)
    from yaofu_desktop.report.editing import YearWording

    w = YearWording.from_templates(empty_store, 2025, words)
    w.confirm_none("meetings")
    comp = compose(empty_store, 2025, wording=w, today=TODAY)
    assert "镇党委、政府未召开会议研究法治建设工作。" in comp.document.plain_text()
    assert not [c for c in comp.checks if "（一）" in c.message]


def test_the_clerks_own_words_are_not_leftovers(demo_store):
    words = wording_for(demo_store, 2025)
    words["other"] = "本条不适用于Hainan None nan 等情形。"
    comp = compose(demo_store, 2025, wording=words, today=TODAY)
    assert comp.errors == []
    assert "本条不适用于Hainan None nan 等情形。" in comp.document.plain_text()


@pytest.mark.parametrize("form", ["余", "约"])
def test_round_forms_do_not_apply_to_rates_and_lists(demo_store, form):
    words = wording_for(demo_store, 2025)
    words["disputes"] += f"按期办结率{{petitions.ontime_rate|{form}}}；领域{{inspections.joint_domains|{form}}}。"
    text = compose(demo_store, 2025, wording=words, today=TODAY).document.plain_text()
    assert "按期办结率100%；领域安全生产、消防、食品安全、耕地保护。" in text


def test_publication_deadline_past_the_next_year_is_overdue(demo_store):
    comp = compose(demo_store, 2025, today=dt.date(2027, 5, 2))
    assert any("已过向社会公开的期限" in c.message and "已逾期 396 天" in c.message
               for c in comp.checks if c.level == "warning")


def test_report_command_lists_every_check(tmp_path, empty_store):
    out = tmp_path / "r.pdf"
    r = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "report", "--db", str(empty_store.path), "--year", "2025",
         "--out", str(out), "--force"], capture_output=True, text=True, encoding="utf-8",
    )
    assert r.returncode == 0, r.stderr
    assert "【说明】以下台账本年度没有记录" in r.stderr  # the info checks too
    assert "【错误】" in r.stderr and "成文日期尚未填写" in r.stderr and "存在的不足和原因" in r.stderr


def test_default_wording_names_no_province():
    from yaofu_desktop.resources import resource_path

    for name in ("default.toml", "suggestions.toml"):
        text = resource_path("wording", name).read_text(encoding="utf-8")
        for word in ("姚伏", "平罗", "宁夏", "自治区"):
            assert word not in text, (name, word)


def test_demo_wording_names_the_samples_rules(composition):
    text = composition.document.plain_text()
    assert "严格执行《宁夏回族自治区行政规范性文件制定和备案办法》" in text
    assert "中央、自治区、市、县关于法治政府建设" in text


def _enforce_text(store, year=2025) -> str:
    comp = compose(store, year, today=TODAY)
    return next(b.text for b in comp.document.blocks if b.section == "enforce")


def test_joint_inspection_domains_come_from_the_records(composition, empty_store):
    assert "全年开展安全生产、消防、食品安全、耕地保护等领域联合检查10次" in composition.document.plain_text()
    for domain, n in (("消防", 2), ("耕地保护", 3), ("安全生产", 0)):
        for _ in range(n):
            empty_store.insert("inspections", {"date": "2025-05-06", "kind": "联合检查", "domain": domain})
    empty_store.insert("inspections", {"date": "2025-05-06", "kind": "日常巡查", "domain": "生态环境"})
    assert ("开展执法检查6次，其中联合检查5次、日常巡查1次，涉及耕地保护、消防、生态环境等领域。"
            in _enforce_text(empty_store))


def test_cleanup_claimed_only_when_documents_were_cleaned(composition, demo_store):
    assert "进行了动态清理" in composition.document.plain_text()
    for r in demo_store.select("normative_documents", RecordQuery()):
        demo_store.update("normative_documents", r["id"], {"cleanup_date": None})
    text = compose(demo_store, 2025, today=TODAY).document.plain_text()
    assert "动态清理" not in text and "我镇未制定行政规范性文件。" in text


def test_legality_review_claimed_only_when_every_general_decision_had_it(composition, demo_store):
    assert "均履行了必要的集体讨论、调研论证和合法性审查程序" in composition.document.plain_text()
    rows = demo_store.select("decisions", RecordQuery(year=2025))
    demo_store.update("decisions", rows[0]["id"], {"legality_review": False})
    text = compose(demo_store, 2025, today=TODAY).document.plain_text()
    assert "均履行" not in text
    assert "全年作出一般性行政决策4项，其中经合法性审查的一般行政决策3项。" in text


def test_a_township_that_is_a_xiang(empty_store):
    empty_store.set_profile({"township": "测试乡", "government": "测试乡人民政府"})
    empty_store.insert("legal_advisers", {"name": "王律师", "kind": "镇政府法律顾问", "date": "2024-01-01"})
    empty_store.insert("legal_advisers", {"name": "李律师", "kind": "村（居）法律顾问", "date": "2024-01-01"})
    empty_store.insert("mediations", {"date": "2025-03-02", "committee": "镇调委会", "kind": "邻里纠纷",
                                      "outcome": "调解成功"})
    comp = compose(empty_store, 2025, appendix=True, today=TODAY)
    text = comp.document.plain_text()
    assert "乡政府法律顾问1人" in text and "镇" not in text.replace("测试镇", "")
    assert comp.figures["mediations.total"].zero == "乡村两级调委会未调处矛盾纠纷"
    (table,) = [b for b in comp.document.blocks if b.kind == "table"]
    assert "乡村两级调委会排查调处矛盾纠纷" in [r[0] for r in table.rows]


def test_appendix_rows_read_as_report_words(demo_store):
    comp = compose(demo_store, 2025, appendix=True, today=TODAY)
    kinds = [b.kind for b in comp.document.blocks]
    assert kinds[kinds.index("signature") - 1] == "attachment"
    i = kinds.index("pagebreak")
    assert kinds[i:i + 4] == ["pagebreak", "appendix_label", "appendix_title", "table"]
    blocks = comp.document.blocks
    assert blocks[kinds.index("attachment")].text == "附件：2025年度主要统计数字对照表"
    assert blocks[i + 1].text == "附件" and blocks[i + 2].text == "2025年度主要统计数字对照表"
    (table,) = [b for b in blocks if b.kind == "table"]
    labels = [r[0] for r in table.rows]
    assert not [x for x in labels if "·" in x]
    assert "联合检查" in labels and "会前学法" in labels


# -- the title's lines --------------------------------------------------------------------------


@pytest.mark.parametrize("county, township, lines", [
    ("平罗县", "姚伏镇", ["平罗县姚伏镇2025年度", "法治政府建设工作报告"]),
    ("察哈尔右翼后旗", "白音察干镇", ["察哈尔右翼后旗白音察干镇2025年度", "法治政府建设工作报告"]),
    ("博尔塔拉蒙古自治州温泉县", "哈日布呼镇", ["博尔塔拉蒙古自治州温泉县哈日布呼镇", "2025年度法治政府建设工作报告"]),
    ("", "测试镇", ["测试镇2025年度法治政府建设", "工作报告"]),
    ("某县", "某乡", ["某县某乡2025年度法治政府建设", "工作报告"]),
])
def test_title_breaks_between_words(county, township, lines):
    from yaofu_desktop.report.compose import title_lines, title_words

    words = title_words({"county": county, "township": township}, 2025)
    got = title_lines(words).split("\n")
    assert got == lines
    assert "".join(got) == "".join(words)


def test_title_lines_fit_and_keep_their_shape():
    from yaofu_desktop.report.compose import TITLE_MAX_EM, _shape_penalty, title_lines, title_words
    from yaofu_desktop.report.document import text_width as _em

    for county, township in (("海西蒙古族藏族自治州格尔木市", "唐古拉山镇"),
                             ("黔东南苗族侗族自治州三都水族自治县", "九阡镇"),
                             ("甲" * 25, "乙镇")):
        words = title_words({"county": county, "township": township}, 2025)
        lines = title_lines(words).split("\n")
        assert "".join(lines) == "".join(words)
        assert all(_em(x) <= TITLE_MAX_EM for x in lines), lines
        assert _shape_penalty([_em(x) for x in lines]) < 2, lines
        for word in words[2:]:  # the fixed words are never broken
            assert any(word in x for x in lines), lines


def test_report_command_appendix(tmp_path, demo_db):
    pdfplumber = pytest.importorskip("pdfplumber")
    out = tmp_path / "r.pdf"
    r = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "report", "--db", str(demo_db), "--year", "2025",
         "--appendix", "--out", str(out)], capture_output=True, text=True, encoding="utf-8",
    )
    assert r.returncode == 0, r.stderr
    with pdfplumber.open(out) as pdf:
        texts = [(p.extract_text() or "").replace(" ", "") for p in pdf.pages]
    body = "".join(texts)
    assert "附件：2025年度主要统计数字对照表" in body
    start = next(i for i, t in enumerate(texts) if t.startswith("附件\n"))
    assert "2025年度主要统计数字对照表" in texts[start] and "会前学法" in texts[start]
