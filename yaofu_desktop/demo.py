"""Sample data: the ledgers of 平罗县姚伏镇 as a clerk would have kept them.

The 2025 records are made so that their figures are those of the sample report (the 2025 report of
平罗县姚伏镇, tests/data/yaofu_2025_report.txt): where the sample says "N余", the records give a
number from N to N+9; the mediation success rate is whatever the records give (the sample's
98.5 % of 112 disputes is impossible: 110 of 112 is 98.2 %). A lighter 2024 is added so that the
overview has a previous year to compare with. Everything is random but seeded: the same file
every time.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from .errors import UserError
from .store import Store

PROFILE = {
    "government": "平罗县姚伏镇人民政府",
    "township": "姚伏镇",
    "county": "平罗县",
    "report_year": 2025,
    "leaders": "县委、县政府",
    "addressee": "县委、县政府",
    "copy_to": "县委依法治县办",
    "operator": "马晓燕",
}
VILLAGES = [
    "姚伏村",
    "新丰村",
    "小店村",
    "东风村",
    "西河村",
    "新民村",
    "红星村",
    "永光村",
    "高庄村",
    "富强村",
    "姚伏社区",
]
SURNAMES = "马王李张刘杨赵陈周吴徐孙胡朱高林何郭罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
GIVEN = "建国志强海燕秀英玉兰桂芳文华明军红梅晓东学军永福金花丽娟春生立新雪梅国庆淑珍伟刚斌俊杰丹霞小平德胜振华彩霞"

PROBLEMS_2025 = """（一）法治队伍专业能力有待提升。部分执法人员法律素养和业务技能与全面依法行政的要求尚有差距，特别是在新领域、新业态执法方面经验不足。原因在于系统化、专业化的培训频次和深度不够，知识更新速度跟不上法治实践发展。
（二）行政执法规范化水平需持续加强。个别执法环节的程序意识、证据意识还不够强，执法文书的制作尚需进一步规范。根源在于内部监督制约机制有时运行不够刚性，常态化执法质量评查的覆盖面和精细度有待提高。
（三）普法宣传的精准性和实效性有待增强。普法形式仍以传统摆摊、发资料为主，针对不同群体的差异化、互动式普法不足，普法效果评估机制不健全，普法责任制落实不到位。原因在于对新媒体普法规律的把握和应用不够深入，普法供需对接不够精准。"""

PLANS_2025 = """（一）在深化思想认识上再发力。持续将学习贯彻习近平法治思想作为首要任务，推动领导干部带头尊法学法守法用法，完善领导干部专题述法与履职评议机制。将法治建设成效作为衡量领导班子和领导干部工作实绩的重要内容，切实发挥“关键少数”在法治建设中的引领和压实作用。
（二）在夯实依法行政基础上出实招。健全“立项论证、起草协调、合法性审核、集体审议、公开发布与备案管理”的全链条机制，确保规范性文件的制定于法有据、程序严谨。严格执行法定程序，确保重大行政决策质量经得起检验。严格落实行政机关负责人出庭应诉制度，支持人民法院依法审理案件。着力从源头上预防和减少行政争议。
（三）在规范行政执法上求突破。以提升执法公信力与社会满意度为核心，深入推进行政执法“三项制度”向纵深发展，探索建立行政执法案例指导机制。加强执法队伍专业化能力培训，建立常态化的学法练兵机制。创新执法监督方式，整合内部审核与外部评议力量，确保每一项执法行为都经得起法律和群众的检验。
（四）在创新普法宣传上树品牌。推动普法工作从“普及知识”向“培育素养”转型升级。建立健全群众法治需求反馈机制，实现普法内容与群众关切精准匹配。创新运用互动式、场景化普法形式，打造具有本地特色的普法品牌阵地。强化普法责任制，将普法深度融入执法、管理、服务全过程。深化“法律明白人”培养工程，使其成为群众身边可信赖的法治引导者和矛盾调解者。"""

# The demo town's own wording, as its clerk wrote it (in the notation of earlier versions, which
# the app converts into its wording: the clerk's text with figure fields; a passage in [[ ]] is
# printed only when its figures are not zero). This is the sample town's report: it lives only
# here, saved into the demo database, never in the app's default wording (resources/wording).
DEMO_WORDING = {
    'preamble': (
        '{year}年，{township}人民政府在{leaders}的坚强领导下，坚持以习近平法治思想为指导，深入贯彻落实中'
        '央、自治区、市、县关于法治政府建设的各项决策部署，紧紧围绕全{town}中心工作，扎实推进依法行政，着力提升基层治理法治'
        '化水平，为全{town}经济社会高质量发展提供了坚实的法治保障。现将本年度法治政府建设情况报告如下：'
    ),
    'lead': (
        '统筹谋划与组织领导全面加强。将法治政府建设摆在全{town}工作全局的重要位置，纳入年度工作计划，与经济社会发展同部署、'
        '同推进。{town}党委、政府全年召开会议研究法治建设工作{meetings.total}，及时解决法治建设中的重点难点'
        '问题。严格执行领导干部学法制度，将学习习近平法治思想及《中华人民共和国宪法》及新修订的重要法律法规列为{town}党委理'
        '论学习中心组、干部例会学习重点内容。全年组织{town}党委理论中心组学法{study_sessions.kind.党委'
        '理论学习中心组学法}[[，开展会前学法{study_sessions.kind.会前学法}]][[，举办全{town}干'
        '部法治专题讲座{study_sessions.kind.法治专题讲座}]][[，组织线上学法考试{study_sessi'
        'ons.kind.线上学法考试}]]，有效提升了领导干部的法治思维和依法决策能力。'
    ),
    'duty': (
        '党政主要负责人切实履行第一责任人职责。{town}党委书记、{town}长严格履行推进法治建设第一责任人职责，对法治建设'
        '重要工作亲自部署、重大问题亲自过问、重点环节亲自协调。指导制定{township}领导干部应知应会党内法规和国家法律清单'
        '，完成领导干部个人学法清单任务，主要负责人带头尊法学法守法用法，将履职情况列入年终述职内容。年内，参与综合行政执法、重大'
        '矛盾纠纷化解等事项{leader_duties.total}，有效推动了法治建设各项任务在基层落地落实。'
    ),
    'docs': (
        '规范性文件管理机制健全。严格执行《宁夏回族自治区行政规范性文件制定和备案办法》，完善了本{town}规范性文件起草、论证'
        '、审核、审议、公布、备案和清理的全流程管理机制。明确综合办公室、综合执法办公室、司法所负责合法性审核，未经审核不得提交集'
        '体讨论，本年度，{self}{normative_documents.total|零}。[[按要求对现行有效的规范性文件'
        '进行了动态清理{normative_documents.cleaned|有}，确保文件合法有效。]]'
    ),
    'decisions': (
        '重大行政决策程序严格执行。全面落实《重大行政决策程序暂行条例》及《宁夏回族自治区重大行政决策规定》，明确决策范围、程序和'
        '责任。坚持公众参与、专家论证、风险评估、合法性审查和集体讨论决定相结合的决策机制，[[本年度，{self}无符合《宁夏回'
        '族自治区重大行政决策规定》标准的重大行政决策事项{decisions.major|无}。]][[本年度，{self}作出'
        '重大行政决策{decisions.major}。]][[对于一般性行政决策，均履行了必要的集体讨论、调研论证和合法性审查'
        '程序{decisions.general|有}{decisions.general_unreviewed|无}。]][['
        '全年作出一般性行政决策{decisions.general}，其中{decisions.general_reviewed'
        '|零}{decisions.general_unreviewed|有}。]]'
    ),
    'enforce': (
        '行政执法行为持续规范。持续推进{town}综合行政执法队规范化建设，全面推行“三项制度”，严格落实行政执法公示、执法全过'
        '程记录、重大执法决定法制审核制度。现有行政执法人员共有{enforcement_staff.total}[[，组织行政执'
        '法人员参加业务培训{enforcement_trainings.kind.业务培训}]][[，学法考试{enforcem'
        'ent_trainings.kind.学法考试}]]。推广运用说服教育、劝导示范等非强制性执法方式，同时，针对重点领域开'
        '展专项执法，全年开展[[{inspections.joint_domains}等领域]]联合检查{inspections'
        '.kind.联合检查}，核查处置自然资源领域图斑{land_patches.total}，作出行政处罚决定{penalt'
        'ies.total}，体现了执法力度与温度的平衡。'
    ),
    'disputes': (
        '社会矛盾纠纷依法有效化解。构建多元化解格局，坚持和发展新时代“枫桥经验”，{town}村两级调委会全年共排查调处各类矛盾'
        '纠纷{mediations.total}[[，调解成功率达{mediations.success_rate}]][[，涉'
        '及金额{mediations.amount|约}]]。强化公共法律服务，{town}公共法律服务工作站常态化运行，接待群'
        '众法律咨询{legal_consultations.total|余}。落实“一村（居）一法律顾问”制度，法律顾问参与合同'
        '审查、法治宣讲{adviser_services.total|余}。严格执行《信访工作条例》，健全信访受理、办理、督办、'
        '反馈闭环机制。落实领导干部接访下访和包案制度，全年受理信访事项{petitions.total}[[，按期办结率{pet'
        'itions.ontime_rate}]]，通过法定途径分类处理信访诉求得到有效落实。'
    ),
    'review': (
        '行政复议与行政应诉工作。本年度，{self}作为被申请人的行政复议案件收案{review_cases.reconside'
        'ration_received|数}件，结案{review_cases.reconsideration_closed|数'
        '}件。高度重视行政复议的预防工作，从源头上规范行政行为，减少行政争议。截至目前，{self}{review_cases.'
        'litigation|零}，始终坚持依法行政，严格执行《中华人民共和国行政诉讼法》规定，明确应诉责任，聘请法律顾问{le'
        'gal_advisers.kind.镇政府法律顾问}，确保一旦发生诉讼，能够依法及时有效应对。'
    ),
    'open': (
        '政务公开水平稳步提升。严格落实政府信息公开条例和“三审三校”制度，确保发布信息规范、准确、安全。坚持以公开为常态、不公开'
        '为例外。围绕乡村振兴、社会救助、惠农补贴等重点领域，通过微信公众号发布各类信息{publications.channel'
        '.微信公众号|余}，累计公示农村低保、高龄补贴、临时救助等信息{public_notices.total|余}，{con'
        'fidentiality_incidents.total|零}。'
    ),
    'publicity': (
        '普法宣传实效不断增强。落实普法责任制，制定并公布年度普法责任清单。聚焦重点对象与内容，结合“民法典宣传月”“宪法宣传周”'
        '等节点，开展“法律进乡村、进学校、进企业”活动{publicity_events.village_school_ente'
        'rprise}。重点宣传了宪法、民法典等与群众生产生活密切相关的法律法规。创新普法形式，培育“法律明白人”及骨干{leg'
        'al_literates.total}[[，开展专题培训{literate_trainings.total}]]。利用微'
        '信公众号、短视频等载体，推送普法宣传信息{media_posts.total|余}，法治文化的渗透力和影响力持续增强。'
    ),
    'problems_intro': (
        '在肯定成绩的同时，我们也清醒地认识到，{self}法治政府建设仍存在一些薄弱环节。'
    ),
}

DEMO_HEADINGS = {
    "results": "工作主要举措和成效",
    "problems": "存在的问题",
    "plans": "下一年度法治政府建设工作计划",
}
# what the demo town's clerk confirmed for its years: none of these happened
DEMO_CONFIRMED = (
    "normative_documents",
    "decisions.major",
    "penalties",
    "review_cases.reconsideration",
    "review_cases.litigation",
    "confidentiality_incidents",
)


def demo_wording(store: Store, year: int) -> None:
    """Save the demo town's wording for a year: its text, headings and checklist."""
    from .report.editing import YearWording, convert_template
    from .wording import Text

    w = YearWording.load(store, year)
    texts = {k: "".join(v) for k, v in DEMO_WORDING.items()}
    if year == 2025:
        texts["problems"] = PROBLEMS_2025
        texts["plans"] = PLANS_2025
    for key, text in texts.items():
        w._drafts[key] = convert_template(key, text)
    for key, heading in DEMO_HEADINGS.items():
        w.set_heading(key, [Text(heading)])
    for key in DEMO_CONFIRMED:
        w.confirm_none(key)
    w.save(store)


# How many of each, per year. 2025 gives the sample report's figures.
TARGETS = {
    2025: dict(
        meetings=2,
        central_group=14,
        pre_meeting=15,
        lectures=2,
        online_exams=1,
        duties=6,
        general_decisions=4,
        trainings=2,
        exams=13,
        joint_inspections=10,
        patrols=5,
        patches=13,
        mediations=112,
        mediation_failures=2,
        mediation_amount_yuan=2_201_600,
        consultations=184,
        adviser_services=33,
        petitions=21,
        petitions_late=0,
        wechat_posts=138,
        other_posts=32,
        notices=328,
        events_core=25,
        events_other=4,
        literate_trainings=4,
        media_posts=43,
    ),
    2024: dict(
        meetings=2,
        central_group=12,
        pre_meeting=12,
        lectures=1,
        online_exams=1,
        duties=5,
        general_decisions=3,
        trainings=2,
        exams=10,
        joint_inspections=8,
        patrols=6,
        patches=9,
        mediations=97,
        mediation_failures=3,
        mediation_amount_yuan=1_746_300,
        consultations=152,
        adviser_services=26,
        petitions=25,
        petitions_late=1,
        wechat_posts=117,
        other_posts=28,
        notices=296,
        events_core=21,
        events_other=3,
        literate_trainings=3,
        media_posts=31,
    ),
}


class _Maker:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def day(self, year: int, months: tuple[int, ...] | None = None) -> str:
        r = self.rng
        month = r.choice(months) if months else r.randint(1, 12)
        last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
        d = dt.date(year, month, r.randint(1, last))
        while d.weekday() >= 5:  # offices work on weekdays
            d -= dt.timedelta(days=1 if d.day > 1 else -2)
        return d.isoformat()

    def name(self) -> str:
        r = self.rng
        given = r.choice(GIVEN[::2]) + r.choice(GIVEN[1::2]) if r.random() < 0.7 else r.choice(GIVEN)
        return r.choice(SURNAMES) + given

    def village(self) -> str:
        return self.rng.choice(VILLAGES)

    def pick(self, items):
        return self.rng.choice(items)

    def split(self, total: int, parts: int, low: int = 1) -> list[int]:
        """`total` split into `parts` whole numbers of at least `low`."""
        counts = [low] * parts
        for _ in range(total - low * parts):
            counts[self.rng.randrange(parts)] += 1
        return counts


def _year(m: _Maker, year: int, t: dict[str, int]) -> dict[str, list[dict[str, Any]]]:
    R: dict[str, list[dict[str, Any]]] = {}
    topics_meeting = [
        "传达学习中央全面依法治国工作会议精神，研究部署年度法治政府建设工作",
        "听取上半年法治政府建设工作情况汇报，研究解决依法行政中的重点难点问题",
        "研究年度普法依法治理工作要点",
    ]
    R["meetings"] = [
        dict(
            date=m.day(year, (3,) if i == 0 else (8, 9)),
            kind="党委会议" if i == 0 else "政府常务会议",
            topic=topics_meeting[i % len(topics_meeting)],
            host="镇党委书记" if i == 0 else "镇长",
            attendees=m.rng.randint(12, 25),
            decisions="明确年度法治建设重点任务，落实责任分工。",
        )
        for i in range(t["meetings"])
    ]
    laws = [
        "习近平法治思想",
        "《中华人民共和国宪法》",
        "《中华人民共和国民法典》",
        "《中华人民共和国行政处罚法》",
        "《中华人民共和国行政复议法》",
        "《信访工作条例》",
        "《中华人民共和国土地管理法》",
        "《中华人民共和国安全生产法》",
        "《中华人民共和国乡村振兴促进法》",
        "《中华人民共和国未成年人保护法》",
        "《宁夏回族自治区重大行政决策规定》",
        "《中华人民共和国保守国家秘密法》",
        "《中华人民共和国黄河保护法》",
        "《中华人民共和国食品安全法》",
        "《中华人民共和国治安管理处罚法》",
    ]
    study = []
    for kind, n, speaker in (
        ("党委理论学习中心组学法", t["central_group"], "镇党委书记"),
        ("会前学法", t["pre_meeting"], "司法所所长"),
        ("法治专题讲座", t["lectures"], "县委党校讲师"),
        ("线上学法考试", t["online_exams"], ""),
    ):
        for i in range(n):
            law = laws[(i * 3 + len(kind)) % len(laws)]
            study.append(
                dict(
                    date=m.day(year),
                    kind=kind,
                    topic=("学习" + law) if kind != "线上学法考试" else "国家工作人员学法用法网上考试",
                    speaker=speaker,
                    participants=m.rng.randint(15, 60),
                )
            )
    R["study_sessions"] = study
    duty_kinds = ["综合行政执法", "重大矛盾纠纷化解", "信访接访包案", "综合行政执法", "重大矛盾纠纷化解", "带头述法"]
    duty_matters = {
        "综合行政执法": "带队开展耕地保护与违法建设联合执法",
        "重大矛盾纠纷化解": "主持化解{v}土地承包经营权纠纷",
        "信访接访包案": "接待并包案办理{v}群众信访事项",
        "带头述法": "在年终述职中专题述法",
    }
    R["leader_duties"] = [
        dict(
            date=m.day(year),
            leader=m.pick(["党委书记", "镇长"]),
            kind=duty_kinds[i % len(duty_kinds)],
            matter=duty_matters[duty_kinds[i % len(duty_kinds)]].format(v=m.village()),
            result="问题得到依法处理，群众满意。",
        )
        for i in range(t["duties"])
    ]
    gen_titles = [
        "姚伏镇农村人居环境整治实施方案",
        "姚伏镇高标准农田建设项目资金使用安排",
        "姚伏镇防汛抗旱应急预案修订",
        "姚伏镇村级公益事业一事一议项目安排",
        "姚伏镇冬季供暖保障工作方案",
    ]
    R["decisions"] = [
        dict(
            date=m.day(year),
            title=gen_titles[i % len(gen_titles)],
            kind="一般行政决策",
            public_participation=i % 2 == 0,
            expert_argument=False,
            risk_assessment=i % 3 == 0,
            legality_review=True,
            collective_decision=True,
        )
        for i in range(t["general_decisions"])
    ]
    R["enforcement_trainings"] = [
        dict(
            date=m.day(year, (4, 10)) if i < t["trainings"] else m.day(year),
            kind="业务培训" if i < t["trainings"] else "学法考试",
            topic=(
                "行政执法“三项制度”与执法文书规范化培训"
                if i < t["trainings"]
                else f"行政执法人员学法考试（第{i - t['trainings'] + 1}场）"
            ),
            organizer="县司法局" if i < t["trainings"] else "镇综合执法办公室",
            participants=m.rng.randint(18, 26),
            passed=None,
        )
        for i in range(t["trainings"] + t["exams"])
    ]
    domains = ["安全生产", "消防", "食品安全", "耕地保护"]
    inspections = []
    for i in range(t["joint_inspections"]):
        inspections.append(
            dict(
                date=m.day(year),
                kind="联合检查",
                domain=domains[i % 4],
                village=m.village(),
                target=m.pick(["辖区企业", "小餐饮店", "农资经营店", "加油站", "设施农业园区", "个体工商户"]),
                problems=m.rng.randint(0, 6),
                findings="对发现的问题现场下达整改通知，限期整改并跟踪复查。",
            )
        )
    for _ in range(t["patrols"]):
        inspections.append(
            dict(
                date=m.day(year),
                kind="日常巡查",
                domain=m.pick(["耕地保护", "城乡建设"]),
                village=m.village(),
                target="辖区耕地及违建情况",
                problems=m.rng.randint(0, 2),
            )
        )
    R["inspections"] = inspections
    R["land_patches"] = [
        dict(
            date=m.day(year),
            patch_no=f"{year}-YF-{i + 1:03d}",
            village=m.village(),
            kind=m.pick(["违法占地", "违法建设", "耕地非粮化"]),
            result=m.pick(["合法合规", "已整改", "拆除复耕", "已整改"]),
        )
        for i in range(t["patches"])
    ]
    # mediations: amounts split to reach the year's total
    n = t["mediations"]
    amounts = m.split(t["mediation_amount_yuan"] // 100, n, low=0)
    failures = set(m.rng.sample(range(n), t["mediation_failures"]))
    mkinds = ["婚姻家庭", "邻里纠纷", "土地承包", "宅基地", "劳动争议", "合同纠纷", "损害赔偿", "其他"]
    med = []
    for i in range(n):
        d = m.day(year)
        kind = m.pick(mkinds)
        amount = amounts[i] * 100 if kind not in ("婚姻家庭", "邻里纠纷") or i % 3 == 0 else 0
        med.append(
            dict(
                date=d,
                committee="镇调委会" if i % 7 == 0 else "村调委会",
                village=m.village(),
                kind=kind,
                parties=f"{m.name()}与{m.name()}",
                summary=f"{kind}纠纷，经调委会组织双方协商调解。",
                amount=amount,
                outcome="调解不成功" if i in failures else "调解成功",
                closed=(dt.date.fromisoformat(d) + dt.timedelta(days=m.rng.randint(1, 20))).isoformat()
                if d < f"{year}-12-10"
                else None,
            )
        )
    # keep the total amount exact: amounts dropped for family/neighbour disputes go to the last
    shortfall = t["mediation_amount_yuan"] - sum((r["amount"] or 0) for r in med)
    med[-1]["amount"] = (med[-1]["amount"] or 0) + shortfall
    R["mediations"] = med
    counts = m.split(t["consultations"], 70)
    R["legal_consultations"] = [
        dict(
            date=m.day(year),
            place="镇公共法律服务工作站" if i % 4 else "村公共法律服务室",
            village=m.village(),
            kind=m.pick(["婚姻家庭", "土地纠纷", "劳动争议", "债务纠纷", "其他"]),
            topic=m.pick(["土地承包经营权流转", "离婚财产分割", "拖欠工资", "借款纠纷", "赡养老人", "交通事故赔偿"]),
            count=c,
            answered_by="司法所工作人员",
        )
        for i, c in enumerate(counts)
    ]
    counts = m.split(t["adviser_services"], 24)
    R["adviser_services"] = [
        dict(
            date=m.day(year),
            adviser="宁夏某某律师事务所 王律师",
            kind=m.pick(["合同审查", "法治宣讲", "合同审查", "法治宣讲", "参与调解"]),
            village=m.village(),
            matter=m.pick(["村集体土地承包合同审查", "村规民约合法性审查", "民法典进村宣讲", "村集体经济项目合同审查"]),
            count=c,
        )
        for c in counts
    ]
    petitions = []
    for i in range(t["petitions"]):
        got = dt.date.fromisoformat(m.day(year, tuple(range(1, 12))))
        due = got + dt.timedelta(days=60)
        late = i < t["petitions_late"]
        closed = due + dt.timedelta(days=5) if late else got + dt.timedelta(days=m.rng.randint(10, 55))
        petitions.append(
            dict(
                date=got.isoformat(),
                channel=m.pick(["来访", "来访", "网上信访", "来信", "上级转交"]),
                village=m.village(),
                petitioner=m.name(),
                kind=m.pick(["土地征收", "劳动社保", "涉农补贴", "邻里纠纷", "城乡建设"]),
                matter=m.pick(["反映土地补偿款发放问题", "反映拖欠务工人员工资", "反映惠农补贴发放问题", "反映邻里宅基地界址纠纷", "反映村道建设问题"]),
                due=due.isoformat(),
                closed=closed.isoformat(),
                result="已依法答复并落实。",
            )
        )
    R["petitions"] = petitions
    posts = []
    cats = ["乡村振兴", "社会救助", "惠农补贴", "政策解读", "工作动态"]
    for c in m.split(t["wechat_posts"], 52):
        posts.append(
            dict(date=m.day(year), channel="微信公众号", category=m.pick(cats), title=m.pick(["惠农补贴发放公告", "乡村振兴工作动态", "社会救助政策解读", "防汛工作提示", "耕地保护政策宣传"]), count=c, checked=True)
        )
    for c in m.split(t["other_posts"], 12):
        posts.append(
            dict(date=m.day(year), channel=m.pick(["政府网站", "政务公开栏"]), category=m.pick(cats), title="政务信息公开", count=c, checked=True)
        )
    R["publications"] = posts
    R["public_notices"] = [
        dict(
            date=m.day(year),
            kind=m.pick(["农村低保", "高龄补贴", "临时救助", "特困供养", "残疾人补贴"]),
            village=m.village(),
            title="公示名单及补助标准",
            count=c,
        )
        for c in m.split(t["notices"], 60)
    ]
    events = []
    core = ["进乡村", "进学校", "进企业"]
    campaigns = {5: "民法典宣传月", 12: "宪法宣传周", 3: "3·15消费者权益日", 6: "6·26国际禁毒日", 4: "全民国家安全教育日"}
    for i in range(t["events_core"] + t["events_other"]):
        d = m.day(year)
        month = int(d[5:7])
        events.append(
            dict(
                date=d,
                venue=core[i % 3] if i < t["events_core"] else m.pick(["进机关", "进社区"]),
                campaign=campaigns.get(month, "日常宣传"),
                village=m.village(),
                topic=m.pick(["宪法、民法典宣传", "防范电信网络诈骗", "反家庭暴力法宣传", "未成年人保护法进校园", "安全生产法律知识宣传", "禁毒知识宣传"]),
                participants=m.rng.randint(40, 300),
                materials=m.rng.randint(100, 800),
            )
        )
    R["publicity_events"] = events
    R["literate_trainings"] = [
        dict(date=m.day(year, (3, 6, 9, 11)), topic="“法律明白人”专题培训：民法典与矛盾纠纷调解", trainer="司法所所长", participants=m.rng.randint(60, 120))
        for _ in range(t["literate_trainings"])
    ]
    R["media_posts"] = [
        dict(date=m.day(year), platform=m.pick(["微信公众号", "微信公众号", "抖音", "视频号"]), title=m.pick(["以案释法：土地流转合同要注意什么", "民法典小课堂", "防范电信诈骗", "宪法宣传周特辑"]), count=c)
        for c in m.split(t["media_posts"], 30)
    ]
    return R


def _rosters(m: _Maker) -> dict[str, list[dict[str, Any]]]:
    R: dict[str, list[dict[str, Any]]] = {}
    staff = []
    for i in range(28):
        start = dt.date(2019 + i % 6, 1 + i % 12, 10)
        staff.append(
            dict(
                name=m.name(),
                department=m.pick(["镇综合执法办公室", "镇综合执法队", "镇自然资源所", "镇应急管理办公室"]),
                certificate_no=f"640221{202000 + i * 37:06d}",
                date=start.isoformat(),
                valid_until=dt.date(start.year + 6, start.month, 9).isoformat(),
                # two left during 2024: counted in neither 2024 nor 2025
                end_date="2024-06-30" if i in (3, 17) else None,
            )
        )
    R["enforcement_staff"] = staff
    R["legal_advisers"] = [
        dict(name="王明", firm="宁夏某某律师事务所", kind="镇政府法律顾问", village=None, date="2024-01-01", end_date="2026-12-31"),
    ]
    literates = []
    for i in range(256):
        literates.append(
            dict(
                name=m.name(),
                village=VILLAGES[i % len(VILLAGES)],
                kind="法律明白人骨干" if i % 10 == 0 else "法律明白人",
                date=(dt.date(2023, 3, 1) + dt.timedelta(days=(i * 3) % 980)).isoformat(),
                occupation=m.pick(["村干部", "网格员", "人民调解员", "党员", "乡村教师", "村民代表"]),
            )
        )
    R["legal_literates"] = literates
    R["normative_documents"] = [
        dict(
            date="2021-06-15",
            title="姚伏镇村规民约备案审查办法",
            doc_no="姚政规发〔2021〕1号",
            drafted_by="镇司法所",
            legality_review=True,
            deliberation=True,
            published=True,
            filed=True,
            status="已废止",
            cleanup_date="2025-11-20",
        )
    ]
    return R


# the ledgers the sample report has no figure of (法律援助, 依申请公开, 案卷评查, 督查整改): the
# demo town's records of them, stated in the report by their own records sentences
EXTRA = {
    2025: dict(findings=5, findings_open=1, reviews=12, reviews_docs_bad=1, aid_own=3, aid_referred=2,
               requests=4),
    2024: dict(findings=3, findings_open=0, reviews=10, reviews_docs_bad=2, aid_own=2, aid_referred=1,
               requests=2),
}


def _extra_year(year: int, t: dict[str, int]) -> dict[str, list[dict[str, Any]]]:
    m = _Maker(year * 7)  # a generator of their own: the other ledgers' records stay as they were
    R: dict[str, list[dict[str, Any]]] = {}
    problems = ["执法公示信息更新不及时", "个别执法案卷证据材料不完整", "规范性文件清理台账不完整",
                "领导干部学法记录不规范", "政务公开栏内容更新滞后"]
    R["inspection_findings"] = []
    for i in range(t["findings"]):
        d = m.day(year, (4, 5, 6, 9))
        done = None
        if i >= t["findings_open"]:
            done = (dt.date.fromisoformat(d) + dt.timedelta(days=30 + 10 * i)).isoformat()
            done = min(done, f"{year}-12-30")
        R["inspection_findings"].append(dict(
            date=d, kind="上级法治督察" if i < 3 else "自查自纠", problem=problems[i % len(problems)],
            responsible="综合办公室", measures="制定整改方案，明确责任人和完成时限", rectified=done))
    R["case_file_reviews"] = [
        dict(date=m.day(year, (10, 11)), title=f"行政执法案卷（{year}）第{i + 1}号", case_no=f"{year}-{i + 1:03d}",
             department="综合执法办公室", kind="本级自查", documents_ok=i >= t["reviews_docs_bad"], procedure_ok=True)
        for i in range(t["reviews"])
    ]
    R["legal_aid"] = [
        dict(date=m.day(year), kind="司法所承办" if i < t["aid_own"] else "转交法律援助中心",
             category=m.pick(["劳动报酬", "婚姻家庭", "人身损害"]), village=m.village(), applicant=m.name(),
             matter=m.pick(["追索劳动报酬", "离婚纠纷代书", "交通事故赔偿"]))
        for i in range(t["aid_own"] + t["aid_referred"])
    ]
    outcomes = ["予以公开", "予以公开", "部分公开", "信息不存在"]
    R["info_requests"] = []
    for i in range(t["requests"]):
        d = m.day(year, (2, 3, 4, 5, 6, 7, 8, 9, 10))
        received = dt.date.fromisoformat(d)
        R["info_requests"].append(dict(
            date=d, content=m.pick(["土地征收补偿标准", "低保评定名单", "村道建设项目资金"]),
            kind=outcomes[i % len(outcomes)], channel=m.pick(["当面", "信函", "网络"]), applicant=m.name(),
            due=(received + dt.timedelta(days=28)).isoformat(),
            answered=(received + dt.timedelta(days=10 + i)).isoformat()))
    return R


def create_demo(path: str | Path, *, force: bool = False) -> Path:
    """Create a database with the sample records. Refuses an existing file unless `force`."""
    path = Path(path)
    if path.exists():
        if not force:
            raise UserError(f"文件“{path}”已存在，未作改动；如要覆盖，请加 --force")
        if path.is_dir():
            raise UserError(f"“{path}”是一个文件夹")
        for suffix in ("", "-wal", "-shm"):
            p = Path(str(path) + suffix)
            if p.exists():
                p.unlink()
        # the old file's 佐证材料 stay in its folder (files are only ever added there): the new
        # file names only its own, and a file it shares is the same content
    store = Store.open(path, create=True)
    try:
        fill(store)
        from .demo_attachments import add_demo_attachments

        add_demo_attachments(store)  # drawn 佐证材料 on a few records, beside the file
    finally:
        store.close()
    return path


def fill(store: Store, seed: int = 2025) -> None:
    m = _Maker(seed)
    with store.transaction():
        store.set_profile(dict(PROFILE, villages=VILLAGES))
        batches: dict[str, list[dict[str, Any]]] = {}
        for name, rows in _rosters(m).items():
            batches.setdefault(name, []).extend(rows)
        for year in sorted(TARGETS):
            for name, rows in _year(m, year, TARGETS[year]).items():
                batches.setdefault(name, []).extend(rows)
        for year in sorted(EXTRA):
            for name, rows in _extra_year(year, EXTRA[year]).items():
                batches.setdefault(name, []).extend(rows)
        for name, rows in batches.items():
            rows.sort(key=lambda r: r["date"])
            store.insert_many(name, rows)
        for year in sorted(TARGETS):
            demo_wording(store, year)
        store.report_texts.set(2025, "issue_date", "2026-01-15")

