"""The ledgers (台账): one declarative definition each.

A definition names the table, its Chinese label, the work area (tab) and report section it feeds,
its fields with their rules, and the figures it yields beyond the automatic ones. From it come the
SQLite table and indexes (store.py), the record form and the table columns (gui/), the Excel
sheet (excel/) and the figures (figures.py). Adding a field to a ledger is a change here only.

Automatic figures of every ledger, for a year:
- ``<ledger>.total``: number of records, or the sum of its count field where it has one;
- ``<ledger>.<field>.<value>``: the same for each value of each choice field, including values a
  clerk added; so a new kind of item ("读书班") becomes a figure without a code change.
"""

from __future__ import annotations

from dataclasses import dataclass, field as _dc_field
from typing import Any

from .fields import (
    BOOL,
    CHOICE,
    COUNT,
    DATE,
    INT,
    LONGTEXT,
    MONEY,
    TEXT,
    VILLAGE,
    DateOrder,
    EmptyWhen,
    Field,
    NotMore,
    RequiredWhen,
    Rule,
)

# Year scopes: which records of a ledger belong to a year.
EVENT = "event"  # the record's date falls in the year
HELD_AT_END = "held_at_end"  # a roster: in post on 31 December (started by then, not left before)
HELD_ANY = "held_any"  # a roster: in post at any time of the year

AREAS: tuple[tuple[str, str], ...] = (
    ("lead", "组织领导与学法"),
    ("duty", "第一责任人"),
    ("docs", "规范性文件"),
    ("decisions", "重大决策"),
    ("enforce", "行政执法"),
    ("disputes", "矛盾纠纷与信访"),
    ("review", "复议与应诉"),
    ("open", "政务公开"),
    ("publicity", "普法宣传"),
)
AREA_LABELS = dict(AREAS)

CHINESE_NUMBERS = "一二三四五六七八九十"


def number(i: int) -> str:
    """The Chinese numeral of the (i+1)-th item: 一 … 十, 十一 … 十九, 二十, 二十一 … 九十九."""
    n = i + 1
    if n < 1 or n > 99:
        return str(n)
    tens, ones = divmod(n, 10)
    out = ""
    if tens:
        out = ("" if tens == 1 else CHINESE_NUMBERS[tens - 1]) + "十"
    if ones:
        out += CHINESE_NUMBERS[ones - 1]
    return out


# The report's subsections of 一、工作主要举措和成效, one per area in the order of AREAS: （一）…（九）
# (the report itself numbers those it prints by the same rule, skipping any with nothing to say).
SECTIONS: dict[str, str] = {key: f"（{number(i)}）" for i, (key, _label) in enumerate(AREAS)}


@dataclass(frozen=True)
class FigureDef:
    """A named figure of a ledger beyond the automatic ones.

    kind: "total" counts records (or sums the count field) matching `where`/`sql`;
          "sum" sums `field` (money is reported in 万元);
          "rate" is the share, in %, of the records matching `where`/`sql` that also match
          `num_where`/`num_sql`; over zero records it is not applicable.
    where: {field: value or tuple of values}. sql: an extra SQL condition on the ledger's columns;
           ``:today`` in it stands for the date the figures are computed on.
    date_field: the date that places a record in the year, when not the ledger's own.
    kind "list": the values of the choice `field` that the matching records hold, most
          records first (the figure's value is how many different values there are); the
          report joins them with "、" ("安全生产、消防、食品安全、耕地保护").
    zero: how the report says it when the figure is zero ("未发生失泄密情况"); default
          "无" + the label.
    plain_zero: the report may state this figure's zero as a number ("收案0件"), as township
          reports do for reconsideration and penalties; no check asks for a zero wording.
    """

    key: str
    label: str
    unit: str
    kind: str = "total"
    where: dict[str, Any] = _dc_field(default_factory=dict)
    sql: str = ""
    field: str | None = None
    num_where: dict[str, Any] = _dc_field(default_factory=dict)
    num_sql: str = ""
    date_field: str | None = None
    zero: str = ""
    plain_zero: bool = False


@dataclass(frozen=True)
class Nil:
    """An entry of the year's checklist "本年度确无…": the clerk confirms that a figure's zero is
    the truth, not merely nothing entered; only then may the report say the zero (in the figure's
    zero wording). `figure` is the figure's key within the ledger ("total", a FigureDef's key)."""

    key: str  # within the ledger; the checklist key is "<ledger>" for "", else "<ledger>.<key>"
    label: str  # "本年度确无行政复议案件"
    figure: str = "total"
    covers: tuple[str, ...] = ()  # other figures of the ledger whose zero it confirms too


@dataclass(frozen=True)
class Ledger:
    name: str
    label: str
    area: str
    unit: str
    fields: tuple[Field, ...]
    total_label: str = ""
    total_zero: str = ""
    date_field: str = "date"
    end_field: str | None = None
    scope: str = EVENT
    kind_units: dict[str, str] = _dc_field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    figures: tuple[FigureDef, ...] = ()
    title_field: str = ""  # what names a record in messages and the audit log
    description: str = ""
    # How the report words a zero (see zero_wording): what is done with a record (the verb)
    # and what it is (the noun): "未" + verb + noun, "未召开…", "未受理信访事项".
    verb: str = ""
    noun: str = ""
    kind_verbs: dict[str, str] = _dc_field(default_factory=dict)  # a kind done otherwise
    # per choice field: the report's words for the records of one value, and for none of them
    # ("{v}" stands for the value); defaults in value_term / value_zero
    value_terms: dict[str, str] = _dc_field(default_factory=dict)
    value_zeros: dict[str, str] = _dc_field(default_factory=dict)
    plain_zero: bool = False  # the total's zero may be stated as a number (see FigureDef)
    # How the report states the ledger's figures (report/statements.py): the clauses of one
    # sentence, each printed only when every figure in it has a value other than zero. In a
    # clause, {total}, {NAME} (a FigureDef, a number column's sum, FIELD.VALUE) stand for a
    # figure; {kinds} for the kinds the town has, each with its verb and in its own unit
    # ("组织党委理论学习中心组学法14次，开展会前学法15次、读书班2期"); {kind_list} the same
    # without verbs; {list:FIELD} the values of another choice field ("村调委会90起、镇调委会22起").
    says: tuple[str, ...] = ()
    # the checklist entries "本年度确无…" (default: one for the total, see nil_checks)
    nil: tuple[Nil, ...] = ()
    # What makes two records likely the same one entered twice: each tuple names fields that,
    # all equal (and not all empty), point a duplicate out before saving (duplicates.py). Empty:
    # the date with the title field.
    same_keys: tuple[tuple[str, ...], ...] = ()

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        assert len(set(names)) == len(names), f"duplicate field in {self.name}"
        assert self.date_field in names, f"{self.name}: no date field {self.date_field}"
        assert self.area in AREA_LABELS, self.area
        for key in self.same_keys:
            assert all(n in names for n in key), f"{self.name}: same_keys {key}"

    @property
    def duplicate_keys(self) -> tuple[tuple[str, ...], ...]:
        """The keys that point out a likely duplicate (see `same_keys`)."""
        if self.same_keys:
            return self.same_keys
        if self.title_field:
            return ((self.date_field, self.title_field),)
        return ()

    @property
    def section(self) -> str:
        return SECTIONS[self.area]

    @property
    def field_map(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    def field(self, name: str) -> Field:
        return self.field_map[name]

    @property
    def count_field(self) -> str | None:
        for f in self.fields:
            if f.type == COUNT:
                return f.name
        return None

    @property
    def choice_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.type == CHOICE)

    @property
    def text_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.type in (TEXT, LONGTEXT, CHOICE, VILLAGE))

    @property
    def kind_field(self) -> Field | None:
        """The ledger's main choice field: the tab's 'kind' filter."""
        fs = self.choice_fields
        return fs[0] if fs else None

    @property
    def kinds_field(self) -> Field | None:
        """The field whose values are the ledger's kinds of work, each counted in its own unit:
        the one named "kind", else the main choice field."""
        for f in self.choice_fields:
            if f.name == "kind":
                return f
        return self.kind_field

    @property
    def labels(self) -> dict[str, str]:
        return {f.name: f.label for f in self.fields}

    @property
    def sum_fields(self) -> tuple[Field, ...]:
        """The number columns whose sum over a year is a figure ``<ledger>.<field>``: whole
        numbers with a unit, and money not already summed by a named figure of that key."""
        named = {fd.key for fd in self.figures}
        return tuple(
            f for f in self.fields
            if (f.type == INT and f.unit) or (f.type == MONEY and f.name not in named)
        )

    @property
    def nil_checks(self) -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
        """The checklist entries as (checklist key, label, figure key, figure keys it confirms).
        An entry for the ledger's total confirms every figure of the ledger."""
        entries = self.nil or (Nil("", f"本年度确无{self.noun or self.label}"),)
        out = []
        for n in entries:
            key = self.name if not n.key else f"{self.name}.{n.key}"
            figure = f"{self.name}.{n.figure}"
            covers = ("*",) if n.figure == "total" else (figure, *(f"{self.name}.{c}" for c in n.covers))
            out.append((key, n.label, figure, covers))
        return tuple(out)

    # -- the report's words ------------------------------------------------------------------

    @property
    def total_term(self) -> str:
        """The total in the report's words: "制定行政规范性文件"."""
        return self.total_label or self.label

    @property
    def zero_wording(self) -> str:
        """The report's sentence for a year without records: "未制定行政规范性文件"."""
        return self.total_zero or f"未{self.verb}{self.noun or self.label}"

    def _is_kind(self, field_name: str) -> bool:
        kf = self.kind_field
        names = {f.name for f in self.choice_fields}
        return field_name == "kind" or ("kind" not in names and kf is not None and kf.name == field_name)

    def value_term(self, field_name: str, value: str) -> str:
        """The records of one value of a choice field in the report's words: the kind itself
        for the ledger's kinds ("会前学法"), else "执法检查（消防）"."""
        pattern = self.value_terms.get(field_name)
        if pattern is None:
            pattern = "{v}" if self._is_kind(field_name) else f"{self.noun or self.label}（{{v}}）"
        return pattern.replace("{v}", value)

    def value_zero(self, field_name: str, value: str) -> str:
        """The report's sentence for no records of one value: "未开展会前学法"."""
        pattern = self.value_zeros.get(field_name)
        if pattern is None:
            if self._is_kind(field_name) and field_name not in self.value_terms:
                pattern = f"未{self.kind_verbs.get(value, self.verb)}{{v}}"
            else:
                pattern = "无" + self.value_term(field_name, "{v}")
        return pattern.replace("{v}", value)

def _date(label: str, name: str = "date", required: bool = True, **kw: Any) -> Field:
    return Field(name, label, DATE, required=required, **kw)


VILLAGE_FIELD = Field("village", "村（社区）", VILLAGE)
NOTE = Field("note", "备注", LONGTEXT, in_table=False)


LEDGERS: tuple[Ledger, ...] = (
    # (一) 组织领导与学法 ---------------------------------------------------------------
    Ledger(
        "meetings",
        "法治建设会议",
        "lead",
        "次",
        (
            _date("会议日期"),
            Field(
                "kind",
                "会议类型",
                CHOICE,
                required=True,
                choices=("党委会议", "政府常务会议", "党政联席会议", "专题会议"),
            ),
            Field("topic", "研究议题", TEXT, required=True),
            Field("host", "主持人", TEXT),
            Field("attendees", "参会人数", INT, max=1000, unit="人次"),
            Field("decisions", "研究决定事项", LONGTEXT, in_table=False),
        ),
        total_label="镇党委、政府研究法治建设工作会议",
        title_field="topic",
        verb="召开",
        noun="法治建设工作会议",
        total_zero="未召开会议研究法治建设工作",
        says=("全年召开研究法治建设工作的会议{total}",),
        description="镇党委、政府研究法治建设工作的会议",
    ),
    Ledger(
        "study_sessions",
        "学法活动",
        "lead",
        "次",
        (
            _date("学习日期"),
            Field(
                "kind",
                "学法形式",
                CHOICE,
                required=True,
                choices=("党委理论学习中心组学法", "会前学法", "法治专题讲座", "线上学法考试"),
            ),
            Field("topic", "学习内容", TEXT, required=True),
            Field("speaker", "主讲人", TEXT),
            Field("participants", "参加人数", INT, max=10000, unit="人次"),
            NOTE,
        ),
        kind_units={"法治专题讲座": "期", "线上学法考试": "场次"},
        total_label="领导干部学法活动",
        says=("{kinds}", "参加学习{participants}"),
        title_field="topic",
        verb="开展",
        noun="领导干部学法活动",
        kind_verbs={"党委理论学习中心组学法": "组织", "法治专题讲座": "举办", "线上学法考试": "组织"},
    ),
    Ledger(
        "inspection_findings",
        "督查发现问题整改",
        "lead",
        "个",
        (
            _date("督查日期"),
            Field(
                "kind",
                "督查类型",
                CHOICE,
                required=True,
                choices=("上级法治督察", "专项督查", "自查自纠"),
            ),
            Field("problem", "发现的问题", TEXT, required=True),
            Field("responsible", "责任单位", TEXT),
            Field("measures", "整改措施", LONGTEXT, in_table=False),
            _date("整改完成日期", "rectified", required=False),
        ),
        total_label="督查发现的问题",
        rules=(DateOrder("date", "rectified"),),
        figures=(
            FigureDef("rectified", "已整改的问题", "个", sql="rectified IS NOT NULL",
                      zero="发现的问题均未整改完成"),
            FigureDef("rectify_rate", "督查发现问题整改率", "%", kind="rate",
                      num_sql="rectified IS NOT NULL", zero="发现的问题均未整改完成"),
            FigureDef("open", "尚在整改的问题", "个", sql="rectified IS NULL", zero="发现的问题均已整改"),
        ),
        says=("督查检查发现问题{total}", "其中{kind_list}", "已整改{rectified}", "整改率{rectify_rate}",
              "尚在整改{open}"),
        nil=(Nil("", "本年度确无督查发现的问题"),),
        title_field="problem",
        verb="发现",
        noun="督查问题",
        total_zero="督查检查未发现问题",
        description="上级法治督察、专项督查和自查中发现的问题及其整改；整改完成后填写整改完成日期",
    ),
    # (二) 第一责任人 ----------------------------------------------------------------------
    Ledger(
        "leader_duties",
        "第一责任人履职",
        "duty",
        "次",
        (
            _date("日期"),
            Field("leader", "负责人", CHOICE, required=True, choices=("党委书记", "镇长")),
            Field(
                "kind",
                "事项类型",
                CHOICE,
                required=True,
                choices=(
                    "综合行政执法",
                    "重大矛盾纠纷化解",
                    "信访接访包案",
                    "法治建设专题部署",
                    "带头述法",
                ),
            ),
            Field("matter", "履职事项", TEXT, required=True),
            Field("result", "成效", LONGTEXT, in_table=False),
        ),
        total_label="主要负责人参与综合行政执法、重大矛盾纠纷化解等事项",
        says=("党政主要负责人{kinds}",),
        title_field="matter",
        verb="参与",
        noun="法治建设事项",
        total_zero="主要负责人未参与综合行政执法、重大矛盾纠纷化解等事项",
        kind_verbs={"法治建设专题部署": "开展", "带头述法": ""},
        value_terms={"leader": "{v}履职事项"},
        value_zeros={"leader": "{v}未参与法治建设事项"},
    ),
    # (三) 规范性文件 ----------------------------------------------------------------------
    Ledger(
        "normative_documents",
        "行政规范性文件",
        "docs",
        "件",
        (
            _date("制定日期"),
            Field("title", "文件名称", TEXT, required=True),
            Field("doc_no", "文号", TEXT),
            Field("drafted_by", "起草单位", TEXT),
            Field("legality_review", "经合法性审核", BOOL),
            Field("deliberation", "经集体审议", BOOL),
            Field("published", "已公布", BOOL),
            Field("filed", "已备案", BOOL),
            Field("status", "状态", CHOICE, choices=("现行有效", "已修订", "已废止")),
            _date("清理日期", "cleanup_date", required=False),
            NOTE,
        ),
        total_label="制定行政规范性文件",
        says=("制定行政规范性文件{total}", "其中经合法性审核{reviewed}", "报送备案{filed}", "清理规范性文件{cleaned}"),
        nil=(Nil("", "本年度确无新制定的行政规范性文件"),),
        total_zero="未制定行政规范性文件",
        rules=(DateOrder("date", "cleanup_date"),),
        same_keys=(("doc_no",), ("date", "title")),
        figures=(
            FigureDef(
                "reviewed",
                "经合法性审核的规范性文件",
                "件",
                where={"legality_review": 1},
            ),
            FigureDef("filed", "报送备案的规范性文件", "件", where={"filed": 1}),
            FigureDef(
                "cleaned",
                "清理规范性文件",
                "件",
                date_field="cleanup_date",
                zero="未清理规范性文件",
            ),
        ),
        title_field="title",
        verb="制定",
        noun="行政规范性文件",
        value_terms={"status": "{v}的规范性文件"},
    ),
    # (四) 重大决策 ------------------------------------------------------------------------
    Ledger(
        "decisions",
        "行政决策",
        "decisions",
        "项",
        (
            _date("决策日期"),
            Field("title", "决策事项", TEXT, required=True),
            Field(
                "kind",
                "决策类别",
                CHOICE,
                required=True,
                choices=("重大行政决策", "一般行政决策"),
            ),
            Field("public_participation", "公众参与", BOOL),
            Field("expert_argument", "专家论证", BOOL),
            Field("risk_assessment", "风险评估", BOOL),
            Field("legality_review", "合法性审查", BOOL),
            Field("collective_decision", "集体讨论决定", BOOL),
            NOTE,
        ),
        total_label="行政决策事项",
        says=(
            "作出重大行政决策{major}",
            "其中履行公众参与、专家论证、风险评估、合法性审查、集体讨论决定五项程序的{major_full_procedure}",
            "作出一般行政决策{general}",
            "其中经合法性审查{general_reviewed}",
        ),
        nil=(Nil("major", "本年度确无重大行政决策事项", "major",
                 ("major_full_procedure", "major_procedure_rate", "kind.重大行政决策")),),
        figures=(
            FigureDef(
                "major",
                "重大行政决策事项",
                "项",
                where={"kind": "重大行政决策"},
                zero="未作出重大行政决策",
            ),
            FigureDef(
                "major_full_procedure",
                "履行五项法定程序的重大行政决策",
                "项",
                where={"kind": "重大行政决策"},
                sql="public_participation = 1 AND expert_argument = 1 AND risk_assessment = 1"
                " AND legality_review = 1 AND collective_decision = 1",
            ),
            FigureDef(
                "major_procedure_rate",
                "重大行政决策法定程序履行率",
                "%",
                kind="rate",
                where={"kind": "重大行政决策"},
                num_sql="public_participation = 1 AND expert_argument = 1"
                " AND risk_assessment = 1 AND legality_review = 1 AND collective_decision = 1",
                zero="重大行政决策均未完整履行法定程序",
            ),
            FigureDef(
                "general",
                "一般行政决策事项",
                "项",
                where={"kind": "一般行政决策"},
                zero="未作出一般行政决策",
            ),
            FigureDef(
                "general_reviewed",
                "经合法性审查的一般行政决策",
                "项",
                where={"kind": "一般行政决策", "legality_review": 1},
                zero="一般行政决策均未经合法性审查",
            ),
            FigureDef(
                "general_unreviewed",
                "未经合法性审查的一般行政决策",
                "项",
                where={"kind": "一般行政决策"},
                sql="legality_review IS NULL OR legality_review = 0",
                zero="一般行政决策均经合法性审查",
            ),
        ),
        title_field="title",
        verb="作出",
        noun="行政决策",
    ),
    # (五) 行政执法 ------------------------------------------------------------------------
    Ledger(
        "enforcement_staff",
        "行政执法人员",
        "enforce",
        "人",
        (
            Field("name", "姓名", TEXT, required=True, max_length=40),
            Field("department", "所在单位", TEXT),
            Field("certificate_no", "执法证号", TEXT, required=True, max_length=40),
            _date("取证日期"),
            _date("证件有效期至", "valid_until", required=False),
            _date("离岗日期", "end_date", required=False),
            NOTE,
        ),
        total_label="行政执法人员",
        says=("现有持证行政执法人员{total}",),
        nil=(Nil("", "本年度确无持证行政执法人员"),),
        end_field="end_date",
        scope=HELD_AT_END,
        rules=(DateOrder("date", "end_date"), DateOrder("date", "valid_until")),
        same_keys=(("certificate_no",), ("name", "department")),
        title_field="name",
        noun="持证行政执法人员",
        total_zero="无持证行政执法人员",
        description="持有行政执法证件的在岗人员；离岗后填写离岗日期，不要删除",
    ),
    Ledger(
        "enforcement_trainings",
        "执法培训与考试",
        "enforce",
        "次",
        (
            _date("日期"),
            Field(
                "kind", "类型", CHOICE, required=True, choices=("业务培训", "学法考试")
            ),
            Field("topic", "内容", TEXT, required=True),
            Field("organizer", "组织单位", TEXT),
            Field("participants", "参加人数", INT, max=10000, unit="人次"),
            Field("passed", "合格人数", INT, max=10000, unit="人次"),
            NOTE,
        ),
        kind_units={"业务培训": "期", "学法考试": "场次"},
        rules=(NotMore("passed", "participants"),),
        total_label="行政执法人员培训与考试",
        says=("组织行政执法人员参加{kind_list}", "参训{participants}", "考试合格{passed}"),
        nil=(Nil("", "本年度确无行政执法人员培训和考试"),),
        title_field="topic",
        verb="组织",
        noun="行政执法人员培训与考试",
    ),
    Ledger(
        "inspections",
        "执法检查",
        "enforce",
        "次",
        (
            _date("检查日期"),
            Field(
                "kind",
                "检查方式",
                CHOICE,
                required=True,
                choices=("联合检查", "专项检查", "日常巡查"),
            ),
            Field(
                "domain",
                "检查领域",
                CHOICE,
                required=True,
                choices=("安全生产", "消防", "食品安全", "耕地保护", "生态环境", "城乡建设"),
            ),
            VILLAGE_FIELD,
            Field("target", "检查对象", TEXT),
            Field("problems", "发现问题数", INT, max=10000, unit="个"),
            Field("findings", "检查情况", LONGTEXT, in_table=False),
        ),
        total_label="执法检查",
        says=("开展执法检查{total}", "其中{kind_list}", "涉及{domains}等领域", "发现问题{problems}"),
        same_keys=(("date", "kind", "domain", "village", "target"),),
        figures=(
            FigureDef("domains", "执法检查涉及的领域", "个", kind="list", field="domain"),
            FigureDef(
                "joint_domains",
                "联合检查的领域",
                "个",
                kind="list",
                field="domain",
                where={"kind": "联合检查"},
                zero="未开展联合检查",
            ),
        ),
        title_field="target",
        verb="开展",
        noun="执法检查",
        value_terms={"domain": "{v}领域执法检查"},
        value_zeros={"domain": "未开展{v}领域执法检查"},
    ),
    Ledger(
        "land_patches",
        "自然资源图斑核查",
        "enforce",
        "处",
        (
            _date("核查日期"),
            Field("patch_no", "图斑编号", TEXT, required=True, max_length=60),
            VILLAGE_FIELD,
            Field(
                "kind",
                "图斑类型",
                CHOICE,
                choices=("违法占地", "违法建设", "耕地非粮化", "其他"),
            ),
            Field(
                "result",
                "处置结果",
                CHOICE,
                required=True,
                choices=("合法合规", "已整改", "拆除复耕", "立案查处", "正在处置"),
            ),
            NOTE,
        ),
        total_label="核查处置自然资源领域图斑",
        says=("核查处置自然资源领域图斑{total}", "其中{list:result}"),
        same_keys=(("date", "patch_no"),),
        title_field="patch_no",
        verb="核查处置",
        noun="自然资源领域图斑",
        value_terms={"kind": "{v}图斑", "result": "{v}的图斑"},
        value_zeros={"kind": "未核查{v}图斑"},
    ),
    Ledger(
        "penalties",
        "行政处罚决定",
        "enforce",
        "件",
        (
            _date("决定日期"),
            Field("doc_no", "决定书文号", TEXT, required=True, max_length=60),
            Field("party", "当事人", TEXT, private=True),
            Field("violation", "违法行为", TEXT, required=True),
            Field(
                "kind",
                "处罚种类",
                CHOICE,
                required=True,
                choices=("警告", "罚款", "没收违法所得", "责令停产停业", "其他"),
            ),
            Field("amount", "罚没金额（元）", MONEY),
            Field("legal_review", "经法制审核", BOOL),
            NOTE,
        ),
        total_label="行政处罚决定",
        says=("作出行政处罚决定{total}", "其中{kind_list}", "罚没金额{amount}", "经法制审核{reviewed}"),
        rules=(
            EmptyWhen("amount", "kind", "警告", "警告不并处罚没款；并处罚款的，处罚种类请选“罚款”"),
            RequiredWhen("amount", "kind", "罚款", positive=True, why="写明罚款数额"),
        ),
        same_keys=(("doc_no",),),
        figures=(
            FigureDef("amount", "罚没金额", "万元", kind="sum", field="amount", zero="无罚没款"),
            FigureDef("reviewed", "经法制审核的处罚决定", "件", where={"legal_review": 1}),
        ),
        title_field="doc_no",
        verb="作出",
        noun="行政处罚决定",
        plain_zero=True,
        value_terms={"kind": "{v}处罚决定"},
        value_zeros={"kind": "未作出{v}处罚决定"},
    ),
    Ledger(
        "case_file_reviews",
        "行政执法案卷评查",
        "enforce",
        "卷",
        (
            _date("评查日期"),
            Field("title", "案卷名称", TEXT, required=True),
            Field("case_no", "案卷编号", TEXT, max_length=60),
            Field("department", "执法单位", TEXT),
            Field(
                "kind",
                "评查方式",
                CHOICE,
                choices=("本级自查", "上级评查", "交叉评查"),
            ),
            Field("documents_ok", "文书规范", BOOL),
            Field("procedure_ok", "程序合规", BOOL),
            Field("findings", "发现的问题", LONGTEXT, in_table=False),
        ),
        total_label="评查行政执法案卷",
        figures=(
            FigureDef("documents_ok", "文书规范的案卷", "卷", where={"documents_ok": 1}),
            FigureDef("documents_rate", "执法文书规范率", "%", kind="rate",
                      num_where={"documents_ok": 1}, zero="评查的案卷文书均不规范"),
            FigureDef("procedure_ok", "程序合规的案卷", "卷", where={"procedure_ok": 1}),
            FigureDef("procedure_rate", "执法程序合规率", "%", kind="rate",
                      num_where={"procedure_ok": 1}, zero="评查的案卷程序均不合规"),
        ),
        says=("评查行政执法案卷{total}", "文书规范率{documents_rate}", "程序合规率{procedure_rate}"),
        nil=(Nil("", "本年度确无行政执法案卷评查"),),
        title_field="title",
        verb="评查",
        noun="行政执法案卷",
        description="行政执法案卷评查：每评查一卷填一行，写明文书是否规范、程序是否合规",
    ),
    # (六) 矛盾纠纷与信访 -----------------------------------------------------------------
    Ledger(
        "mediations",
        "矛盾纠纷调解",
        "disputes",
        "起",
        (
            _date("受理日期"),
            Field(
                "committee",
                "调委会",
                CHOICE,
                required=True,
                choices=("村调委会", "镇调委会"),
            ),
            VILLAGE_FIELD,
            Field(
                "kind",
                "纠纷类型",
                CHOICE,
                required=True,
                choices=(
                    "婚姻家庭",
                    "邻里纠纷",
                    "土地承包",
                    "宅基地",
                    "劳动争议",
                    "合同纠纷",
                    "损害赔偿",
                    "其他",
                ),
            ),
            Field("parties", "当事人", TEXT, private=True),
            Field("summary", "纠纷简况", LONGTEXT, in_table=False),
            Field("amount", "涉及金额（元）", MONEY),
            Field(
                "outcome",
                "调解结果",
                CHOICE,
                required=True,
                choices=("调解成功", "调解不成功", "正在调解"),
            ),
            _date("结案日期", "closed", required=False),
        ),
        total_label="镇村两级调委会排查调处矛盾纠纷",
        says=(
            "排查调处矛盾纠纷{total}",
            "其中{list:committee}",
            "调解成功{outcome.调解成功}",
            "调解成功率{success_rate}",
            "涉及金额{amount}",
        ),
        rules=(
            DateOrder("date", "closed"),
            EmptyWhen("closed", "outcome", "正在调解", "尚未结案"),
        ),
        # not the date with 纠纷简况: clerks write it in set words ("邻里纠纷，经调解达成协议")
        same_keys=(("date", "kind", "parties"),),
        figures=(
            FigureDef(
                "success_rate",
                "调解成功率",
                "%",
                kind="rate",
                num_where={"outcome": "调解成功"},
                zero="调处的矛盾纠纷均未调解成功",
            ),
            FigureDef("amount", "纠纷涉及金额", "万元", kind="sum", field="amount",
                      zero="纠纷均不涉及金额"),
        ),
        title_field="summary",
        verb="排查调处",
        noun="矛盾纠纷",
        total_zero="镇村两级调委会未调处矛盾纠纷",
        value_terms={"committee": "{v}调处的矛盾纠纷", "outcome": "{v}的矛盾纠纷"},
        value_zeros={"committee": "{v}未调处矛盾纠纷", "kind": "无{v}类矛盾纠纷"},
    ),
    Ledger(
        "legal_consultations",
        "法律咨询",
        "disputes",
        "人次",
        (
            _date("接待日期"),
            Field(
                "place",
                "接待地点",
                CHOICE,
                required=True,
                choices=("镇公共法律服务工作站", "村公共法律服务室", "电话咨询", "网络咨询"),
            ),
            VILLAGE_FIELD,
            Field(
                "kind",
                "咨询类型",
                CHOICE,
                choices=("婚姻家庭", "土地纠纷", "劳动争议", "债务纠纷", "其他"),
            ),
            Field("topic", "咨询事项", TEXT, required=True),
            Field("count", "人次", COUNT, max=10000, default=1),
            Field("answered_by", "解答人", TEXT),
        ),
        total_label="公共法律服务工作站接待法律咨询",
        says=("接待群众法律咨询{total}",),
        same_keys=(("date", "place", "topic"),),
        title_field="topic",
        verb="接待",
        noun="群众法律咨询",
        value_terms={"place": "法律咨询（{v}）", "kind": "{v}类法律咨询"},
    ),
    Ledger(
        "adviser_services",
        "法律顾问服务",
        "disputes",
        "次",
        (
            _date("日期"),
            Field("adviser", "法律顾问", TEXT, required=True, max_length=40),
            Field(
                "kind",
                "服务类型",
                CHOICE,
                required=True,
                choices=("合同审查", "法治宣讲", "法律咨询", "参与调解", "审核决策"),
            ),
            VILLAGE_FIELD,
            Field("matter", "服务事项", TEXT, required=True),
            Field("count", "次数", COUNT, max=1000, default=1),
        ),
        total_label="法律顾问参与合同审查、法治宣讲",
        says=("法律顾问{kinds}",),
        same_keys=(("date", "adviser", "matter"),),
        title_field="matter",
        verb="开展",
        noun="法律顾问服务",
        total_zero="法律顾问未参与合同审查、法治宣讲",
        kind_verbs={"法律咨询": "提供", "参与调解": "", "审核决策": ""},
    ),
    Ledger(
        "legal_aid",
        "法律援助",
        "disputes",
        "件",
        (
            _date("受理日期"),
            Field(
                "kind",
                "办理方式",
                CHOICE,
                required=True,
                choices=("司法所承办", "转交法律援助中心"),
            ),
            Field(
                "category",
                "案件类别",
                CHOICE,
                choices=("婚姻家庭", "劳动报酬", "人身损害", "土地权属", "其他"),
            ),
            VILLAGE_FIELD,
            Field("applicant", "受援人", TEXT, private=True),
            Field("matter", "案件事由", TEXT, required=True),
            _date("结案日期", "closed", required=False),
        ),
        total_label="办理法律援助案件",
        rules=(DateOrder("date", "closed"),),
        says=("办理法律援助案件{total}", "其中{kind_list}"),
        title_field="matter",
        verb="办理",
        noun="法律援助案件",
        description="司法所受理的法律援助申请：自行承办的，或转交县法律援助中心的",
    ),
    Ledger(
        "petitions",
        "信访事项",
        "disputes",
        "件",
        (
            _date("受理日期"),
            Field(
                "channel",
                "信访形式",
                CHOICE,
                required=True,
                choices=("来访", "来信", "网上信访", "电话", "上级转交"),
            ),
            VILLAGE_FIELD,
            Field("petitioner", "信访人", TEXT, private=True),
            Field(
                "kind",
                "事项类别",
                CHOICE,
                choices=("土地征收", "劳动社保", "涉农补贴", "邻里纠纷", "城乡建设", "其他"),
            ),
            Field("matter", "信访事项", TEXT, required=True),
            _date("办理期限", "due"),
            _date("办结日期", "closed", required=False),
            Field("result", "办理结果", LONGTEXT, in_table=False),
        ),
        total_label="受理信访事项",
        says=("受理信访事项{total}", "按期办结{ontime}", "按期办结率{ontime_rate}", "尚在办理{open}"),
        rules=(DateOrder("date", "due"), DateOrder("date", "closed")),
        same_keys=(("date", "matter"), ("date", "petitioner", "kind")),
        figures=(
            FigureDef(
                # over the petitions that are due (or already closed) today: one received in
                # December and due in February is not late when the report is written in January
                "ontime_rate",
                "信访按期办结率",
                "%",
                kind="rate",
                sql="closed IS NOT NULL OR due < :today",
                num_sql="closed IS NOT NULL AND closed <= due",
                zero="信访事项均未按期办结",
            ),
            FigureDef(
                "ontime",
                "按期办结信访事项",
                "件",
                sql="closed IS NOT NULL AND closed <= due",
                zero="无按期办结的信访事项",
            ),
            FigureDef("open", "尚未办结信访事项", "件", sql="closed IS NULL", zero="信访事项均已办结"),
        ),
        title_field="matter",
        verb="受理",
        noun="信访事项",
        value_terms={"channel": "信访事项（{v}）", "kind": "{v}类信访事项"},
        value_zeros={"kind": "未受理{v}类信访事项"},
    ),
    # (七) 复议与应诉 ----------------------------------------------------------------------
    Ledger(
        "review_cases",
        "行政复议与应诉案件",
        "review",
        "件",
        (
            _date("收案日期"),
            Field(
                "kind", "案件类型", CHOICE, required=True, choices=("行政复议", "行政诉讼")
            ),
            Field("case_no", "案号", TEXT, max_length=60),
            Field("applicant", "申请人（原告）", TEXT, private=True),
            Field("matter", "案由", TEXT, required=True),
            _date("结案日期", "closed", required=False),
            Field(
                "result",
                "结果",
                CHOICE,
                choices=("维持", "撤销", "确认违法", "驳回", "调解和解", "其他"),
            ),
            Field("leader_appeared", "负责人出庭应诉", BOOL),
        ),
        total_label="行政复议与应诉案件",
        says=(
            "作为被申请人的行政复议案件收案{reconsideration_received}",
            "行政复议结案{reconsideration_closed}",
            "行政应诉案件{litigation}",
            "行政机关负责人出庭应诉率{leader_appearance_rate}",
        ),
        nil=(
            Nil("reconsideration", "本年度确无行政复议案件", "reconsideration_received",
                ("reconsideration_closed", "kind.行政复议")),
            Nil("litigation", "本年度确无行政应诉案件", "litigation",
                ("leader_appearance_rate", "kind.行政诉讼")),
        ),
        rules=(
            DateOrder("date", "closed"),
            EmptyWhen("leader_appeared", "kind", "行政复议", "出庭应诉只在行政诉讼中"),
        ),
        same_keys=(("case_no",), ("date", "matter")),
        figures=(
            FigureDef(
                "reconsideration_received",
                "作为被申请人的行政复议收案",
                "件",
                where={"kind": "行政复议"},
                zero="无作为被申请人的行政复议案件",
                plain_zero=True,
            ),
            FigureDef(
                "reconsideration_closed",
                "行政复议结案",
                "件",
                where={"kind": "行政复议"},
                date_field="closed",
                zero="无已结案的行政复议案件",
                plain_zero=True,
            ),
            FigureDef(
                "litigation",
                "行政应诉案件",
                "件",
                where={"kind": "行政诉讼"},
                zero="无行政应诉案件",
            ),
            FigureDef(
                "leader_appearance_rate",
                "行政机关负责人出庭应诉率",
                "%",
                kind="rate",
                where={"kind": "行政诉讼"},
                num_where={"leader_appeared": 1},
                zero="行政机关负责人未出庭应诉",
            ),
        ),
        title_field="matter",
        noun="行政复议与应诉案件",
        total_zero="无行政复议与应诉案件",
        value_terms={"kind": "{v}案件"},
        value_zeros={"kind": "无{v}案件"},
    ),
    Ledger(
        "legal_advisers",
        "法律顾问聘请",
        "review",
        "人",
        (
            Field("name", "姓名", TEXT, required=True, max_length=40),
            Field("firm", "执业机构", TEXT),
            Field(
                "kind",
                "聘请类型",
                CHOICE,
                required=True,
                choices=("镇政府法律顾问", "村（居）法律顾问"),
            ),
            VILLAGE_FIELD,
            _date("聘期开始"),
            _date("聘期结束", "end_date", required=False),
        ),
        total_label="聘请法律顾问",
        says=("聘请法律顾问{total}", "其中{kind_list}"),
        same_keys=(("name", "date"),),
        end_field="end_date",
        scope=HELD_ANY,
        rules=(DateOrder("date", "end_date"),),
        title_field="name",
        verb="聘请",
        noun="法律顾问",
    ),
    # (八) 政务公开 ------------------------------------------------------------------------
    Ledger(
        "publications",
        "政府信息发布",
        "open",
        "条",
        (
            _date("发布日期"),
            Field(
                "channel",
                "发布渠道",
                CHOICE,
                required=True,
                choices=("微信公众号", "政府网站", "政务公开栏"),
            ),
            Field(
                "category",
                "信息类别",
                CHOICE,
                required=True,
                choices=("乡村振兴", "社会救助", "惠农补贴", "政策解读", "工作动态", "其他"),
            ),
            Field("title", "标题", TEXT, required=True),
            Field("count", "条数", COUNT, max=1000, default=1),
            Field("checked", "经三审三校", BOOL),
        ),
        total_label="发布政府信息",
        says=("发布政府信息{total}", "其中{list:channel}"),
        same_keys=(("date", "channel", "title"),),
        title_field="title",
        verb="发布",
        noun="政府信息",
        value_terms={"channel": "通过{v}发布的信息", "category": "{v}类信息"},
        value_zeros={"channel": "未通过{v}发布信息", "category": "未发布{v}类信息"},
    ),
    Ledger(
        "info_requests",
        "政府信息公开申请",
        "open",
        "件",
        (
            _date("收到申请日期"),
            Field("content", "申请内容", TEXT, required=True),
            Field(
                "kind",
                "答复结果",
                CHOICE,
                choices=(
                    "予以公开",
                    "部分公开",
                    "不予公开",
                    "信息不存在",
                    "不属于本机关公开",
                    "申请内容不明确",
                    "其他处理",
                ),
            ),
            Field(
                "channel",
                "申请方式",
                CHOICE,
                choices=("当面", "信函", "网络", "传真", "其他"),
            ),
            Field("applicant", "申请人", TEXT, private=True),
            _date("答复期限", "due", help="法定期限：收到申请之日起20个工作日（延长的，再加不超过20个工作日）"),
            _date("答复日期", "answered", required=False),
            NOTE,
        ),
        total_label="受理政府信息公开申请",
        rules=(DateOrder("date", "due"), DateOrder("date", "answered")),
        figures=(
            FigureDef("answered", "已答复的政府信息公开申请", "件", sql="answered IS NOT NULL",
                      zero="政府信息公开申请均未答复"),
            FigureDef("ontime", "在法定期限内答复的申请", "件",
                      sql="answered IS NOT NULL AND answered <= due",
                      zero="政府信息公开申请均未在法定期限内答复"),
            FigureDef("ontime_rate", "政府信息公开申请按期答复率", "%", kind="rate",
                      sql="answered IS NOT NULL OR due < :today",
                      num_sql="answered IS NOT NULL AND answered <= due",
                      zero="政府信息公开申请均未在法定期限内答复"),
            FigureDef("open", "尚未答复的政府信息公开申请", "件", sql="answered IS NULL",
                      zero="政府信息公开申请均已答复"),
        ),
        says=("受理政府信息公开申请{total}", "在法定期限内答复{ontime}", "其中{kind_list}",
              "尚在办理{open}"),
        nil=(Nil("", "本年度确无政府信息公开申请"),),
        title_field="content",
        verb="受理",
        noun="政府信息公开申请",
        total_zero="未收到政府信息公开申请",
        value_terms={"channel": "政府信息公开申请（{v}）"},
        description="依申请公开：每收到一件申请填一行；答复后填写答复日期和答复结果",
    ),
    Ledger(
        "public_notices",
        "公示公告",
        "open",
        "条",
        (
            _date("公示日期"),
            Field(
                "kind",
                "公示类别",
                CHOICE,
                required=True,
                choices=("农村低保", "高龄补贴", "临时救助", "特困供养", "残疾人补贴", "惠农补贴"),
            ),
            VILLAGE_FIELD,
            Field("title", "公示内容", TEXT, required=True),
            Field("count", "条数", COUNT, max=10000, default=1),
        ),
        total_label="公示低保、高龄补贴、临时救助等信息",
        says=("公示低保、补贴、救助等信息{total}", "其中{kind_list}"),
        same_keys=(("date", "kind", "village", "title"),),
        title_field="title",
        verb="公示",
        noun="低保、高龄补贴、临时救助等信息",
        value_zeros={"kind": "未公示{v}信息"},
    ),
    Ledger(
        "confidentiality_incidents",
        "失泄密事件",
        "open",
        "起",
        (
            _date("发生日期"),
            Field("summary", "事件经过", TEXT, required=True),
            Field("handling", "处置情况", LONGTEXT),
        ),
        total_label="失泄密事件",
        says=("发生失泄密事件{total}",),
        nil=(Nil("", "本年度确无失泄密事件"),),
        total_zero="未发生失泄密情况",
        title_field="summary",
    ),
    # (九) 普法宣传 ------------------------------------------------------------------------
    Ledger(
        "publicity_events",
        "普法宣传活动",
        "publicity",
        "场次",
        (
            _date("活动日期"),
            Field(
                "venue",
                "活动场所",
                CHOICE,
                required=True,
                choices=("进乡村", "进学校", "进企业", "进机关", "进社区"),
            ),
            Field(
                "campaign",
                "宣传节点",
                CHOICE,
                choices=(
                    "日常宣传",
                    "宪法宣传周",
                    "民法典宣传月",
                    "3·15消费者权益日",
                    "6·26国际禁毒日",
                    "全民国家安全教育日",
                ),
            ),
            VILLAGE_FIELD,
            Field("topic", "宣传主题", TEXT, required=True),
            Field("participants", "受众人数", INT, max=100000, unit="人次"),
            Field("materials", "发放资料（份）", INT, max=1000000, unit="份"),
        ),
        total_label="普法宣传活动",
        says=(
            "开展普法宣传活动{total}",
            "其中{list:venue}",
            "结合{campaigns}开展集中宣传",
            "受众{participants}",
            "发放宣传资料{materials}",
        ),
        figures=(
            FigureDef(
                "village_school_enterprise",
                "“法律进乡村、进学校、进企业”活动",
                "场次",
                where={"venue": ("进乡村", "进学校", "进企业")},
                zero="未开展“法律进乡村、进学校、进企业”活动",
            ),
            FigureDef(
                "campaigns",
                "普法宣传活动结合的宣传节点",
                "个",
                kind="list",
                field="campaign",
                sql="campaign <> '日常宣传'",
            ),
        ),
        title_field="topic",
        verb="开展",
        noun="普法宣传活动",
        value_terms={"venue": "“法律{v}”活动", "campaign": "{v}普法宣传活动"},
        value_zeros={"venue": "未开展“法律{v}”活动", "campaign": "未开展{v}普法宣传活动"},
    ),
    Ledger(
        "legal_literates",
        "法律明白人",
        "publicity",
        "名",
        (
            Field("name", "姓名", TEXT, required=True, max_length=40),
            Field("village", "村（社区）", VILLAGE, required=True),
            Field(
                "kind",
                "类别",
                CHOICE,
                required=True,
                choices=("法律明白人", "法律明白人骨干"),
            ),
            _date("培育日期"),
            _date("退出日期", "end_date", required=False),
            Field("occupation", "身份", TEXT),
        ),
        total_label="培育“法律明白人”及骨干",
        says=("现有{kind_list}",),
        same_keys=(("name", "village"),),
        end_field="end_date",
        scope=HELD_AT_END,
        rules=(DateOrder("date", "end_date"),),
        title_field="name",
        verb="培育",
        noun="“法律明白人”及骨干",
    ),
    Ledger(
        "literate_trainings",
        "法律明白人培训",
        "publicity",
        "期",
        (
            _date("培训日期"),
            Field("topic", "培训内容", TEXT, required=True),
            Field("trainer", "授课人", TEXT),
            Field("participants", "参训人数", INT, max=10000, unit="人次"),
        ),
        total_label="“法律明白人”专题培训",
        says=("开展“法律明白人”专题培训{total}", "参训{participants}"),
        title_field="topic",
        verb="开展",
        noun="“法律明白人”专题培训",
    ),
    Ledger(
        "media_posts",
        "新媒体普法推送",
        "publicity",
        "条",
        (
            _date("推送日期"),
            Field(
                "platform",
                "平台",
                CHOICE,
                required=True,
                choices=("微信公众号", "抖音", "视频号", "快手"),
            ),
            Field("title", "标题", TEXT, required=True),
            Field("count", "条数", COUNT, max=1000, default=1),
        ),
        total_label="新媒体推送普法宣传信息",
        says=("通过新媒体推送普法信息{total}", "其中{list:platform}"),
        same_keys=(("date", "platform", "title"),),
        title_field="title",
        verb="推送",
        noun="普法宣传信息",
        value_terms={"platform": "通过{v}推送的普法信息"},
        value_zeros={"platform": "未通过{v}推送普法信息"},
    ),
)

LEDGER_MAP: dict[str, Ledger] = {lg.name: lg for lg in LEDGERS}


def ledger(name: str) -> Ledger:
    try:
        return LEDGER_MAP[name]
    except KeyError:
        raise KeyError(f"没有名为 {name} 的台账") from None


def ledgers_of_area(area: str) -> tuple[Ledger, ...]:
    return tuple(lg for lg in LEDGERS if lg.area == area)


def describe_record(ledger: Ledger, rec: dict[str, Any]) -> str:
    """How a record is named in questions and messages: its date and its title, shortened."""
    date = rec.get(ledger.date_field) or ""
    title = ""
    if ledger.title_field:
        title = str(rec.get(ledger.title_field) or "")
    if not title:
        for f in ledger.fields:
            if f.type in (TEXT, CHOICE) and rec.get(f.name):
                title = str(rec[f.name])
                break
    title = title.replace("\n", " ")
    if len(title) > 30:
        title = title[:30] + "…"
    return f"{date} {title}".strip()
