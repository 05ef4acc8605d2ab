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

# The demo's own wording: the default, with the rules of the sample's province named as the
# sample names them (the default wording names no province).
DEMO_WORDING = {
    "preamble": (("深入贯彻落实中央和上级关于", "深入贯彻落实中央、自治区、市、县关于"),),
    "docs": (("严格执行行政规范性文件制定和备案管理的有关规定，",
              "严格执行《宁夏回族自治区行政规范性文件制定和备案办法》，"),),
    "decisions": (("全面落实《重大行政决策程序暂行条例》，",
                   "全面落实《重大行政决策程序暂行条例》及《宁夏回族自治区重大行政决策规定》，"),),
}


def demo_wording() -> dict[str, str]:
    """The sections the demo saves for each year: the default wording with DEMO_WORDING's
    replacements (each must apply, so that the default cannot drift away from them)."""
    from .report.compose import default_wording

    out = {}
    for key, replacements in DEMO_WORDING.items():
        text = default_wording()[key]["text"]
        for old, new in replacements:
            if old not in text:
                raise ValueError(f"demo wording: “{old}” is no longer in the default «{key}»")
            text = text.replace(old, new)
        out[key] = text
    return out


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
        d = dt.date.fromisoformat(m.day(year, tuple(range(1, 12))))
        due = d + dt.timedelta(days=60)
        late = i < t["petitions_late"]
        closed = due + dt.timedelta(days=5) if late else d + dt.timedelta(days=m.rng.randint(10, 55))
        petitions.append(
            dict(
                date=d.isoformat(),
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
        for name, rows in batches.items():
            rows.sort(key=lambda r: r["date"])
            store.insert_many(name, rows)
        for year in sorted(TARGETS):
            for key, text in demo_wording().items():
                store.set_report_text(year, key, text)
        store.set_report_text(2025, "problems", PROBLEMS_2025)
        store.set_report_text(2025, "plans", PLANS_2025)
        store.set_report_text(2025, "issue_date", "2026-01-15")

