"""A realistic demo village: every register filled, a few warnings left to show.

Also the source of synthetic people for tests and benchmarks (``make_id_number``,
``random_person``), so every generated ID number is valid by construction.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from sync.demo import bodies
from sync.demo.governance import add_governance
from sync.demo.people import (  # noqa: F401 - tests and benchmarks read them from here
    GROUPS,
    make_id_number,
    mobile,
    random_birth,
    random_name,
    random_person,
)
from sync.demo.terms import add_previous_term, demo_rng, member_extras
from sync.demo.volunteer_extras import service_extras, team_written, volunteer_extras
from sync.store.store import Store

TEAMS = ("东山村志愿服务队", "巾帼志愿服务队", "青年突击队")
ACTIVITIES = ["环境整治", "敬老院探访", "防汛巡查", "义诊", "法律咨询进村", "农技培训", "文艺演出",
              "关爱留守儿童", "交通劝导", "垃圾分类宣传", "森林防火巡护", "助残入户"]


COMMITTEE = [
    # (党组织职务, 委员分工, 村委会职务, 性别, 兼任)
    ("书记", None, "主任", "男", ["集体经济组织负责人"]),
    ("副书记", None, "副主任", "女", ["妇联主席"]),
    ("委员", "组织", "委员", "男", []),
    ("委员", "宣传", "无", "女", ["团支部书记"]),
    ("委员", "纪检", "无", "男", ["村务监督委员会主任"]),
    ("无", None, "委员", "女", ["人民调解委员会主任"]),
    ("无", None, "委员", "男", ["民兵连长"]),
    ("无", None, "无", "女", ["报账员"]),
]

RULES_TEXT = """第一章 总则
第一条 为推进村民自治，建设文明和谐新农村，根据有关法律法规，经村民会议讨论通过，制定本村规民约。
第二章 社会治安
第二条 村民之间应团结友爱，和睦相处，不打架斗殴，不酗酒滋事。
第三条 自觉维护社会秩序和公共安全，不扰乱公共秩序。
第三章 村风民俗
第四条 提倡婚事新办、丧事简办，反对铺张浪费和封建迷信。
第五条 尊老爱幼，孝敬父母，赡养老人，不虐待、遗弃家庭成员。
第四章 环境卫生
第六条 爱护公共环境，垃圾分类投放，不乱倒垃圾、乱堆柴草。
第五章 附则
第七条 本村规民约由村民委员会负责解释，自村民会议通过之日起施行。"""


def last_election(today: dt.date) -> dt.date:
    """The latest 换届 round not after ``today`` (18 March of 2026, 2021, 2016 …)."""
    election = dt.date(2026, 3, 18)
    while election > today:
        election = election.replace(year=election.year - 5)
    return election


def registration_day(rng: random.Random, birth: dt.date, today: dt.date) -> dt.date:
    """注册日期: 20 days to about 7 years before ``today``, after turning 18 where the age allows."""
    adult_days = (today - birth).days - 18 * 366
    return today - dt.timedelta(days=rng.randrange(20, max(30, min(2500, adult_days))))


def service_day(rng: random.Random, registered: dt.date, today: dt.date) -> dt.date:
    """A day after the registration and before ``today``."""
    return registered + dt.timedelta(days=rng.randrange(1, max(2, (today - registered).days)))


def award_day(registered: dt.date, today: dt.date) -> dt.date:
    """A training or award about a month after registering, never after ``today`` (someone who
    registered last week was trained this week): the generator once dated it a month ahead."""
    return min(registered + dt.timedelta(days=30), today)


def build_demo(path: str | Path, volunteers: int = 300, seed: int = 2024,
               code: str = "350322111202", name: str = "东山村",
               today: dt.date | None = None) -> Store:
    rng = random.Random(seed)
    store = Store.create_village(path, code, name, {
        "乡镇名称": "榜头镇", "户数": 612, "户籍人口": 2380, "常住人口": 1965,
        "是否多民族村": False, "村民小组数": 8, "正式党员人数": 46, "社区类型": "农村社区",
    })
    if today is not None:
        store.today = today  # the rules judge "not in the future" against the demo's own today
    today = today or dt.date.today()
    election = last_election(today)
    committee_ids = []
    discipline: dict[str, Any] = {}
    extras = demo_rng(seed)  # the additions of issue 15 draw apart: the rest of the demo stays as it was
    for index, (party, duty, vc, sex, extra) in enumerate(COMMITTEE):
        person = random_person(rng, code, today, 28, 58, sex)
        if duty == "纪检":
            discipline = person
        member = party != "无"
        record = {
            "姓名": person["姓名"], "民族": "汉族" if rng.random() > 0.1 else "畲族",
            "公民身份号码": person["id"],
            "政治面貌": "中共党员" if member else rng.choice(("群众", "群众", "共青团员")),
            "文化程度": rng.choice(("大学专科", "大学本科", "普通高中", "中专/中技/职高", "初中")),
            "党组织职务": party, "委员分工": duty, "村委会职务": vc, "兼任职务": extra,
            "届次": "第十二届", "任职时间": election.isoformat(),
            "任职情况": rng.choice(("新任", "连任")),
            "干部来源": rng.choice(("本村党员", "返乡创业人员", "退役军人")),
            "联系电话": mobile(rng), **member_extras(extras, party, index),
        }
        if member:
            # As rosters write them: year and month only (入党时间 1998.07).
            joined = person["birth"] + dt.timedelta(days=365 * rng.randrange(20, 26))
            record["入党时间"] = f"{joined:%Y-%m}"
            record["转正时间"] = f"{joined.year + 1:04d}-{joined.month:02d}"
        committee_ids.append(store.add("committee_members", record).uuid)
    add_previous_term(store, extras, election, today, committee_ids, random_person, mobile)

    first = store.add("village_rules", {
        "名称": f"{name}村规民约", "类型": "制定", "征求意见开始": "2018-03-01",
        "征求意见结束": "2018-03-20", "征求方式": ["入户走访", "座谈会", "公示栏"],
        "草案形成日期": "2018-04-02", "乡镇审核日期": "2018-04-16", "审核结果": "通过",
        "表决会议": "村民会议", "会议日期": "2018-05-06", "应到口径": "成年村民",
        "应到人数": 1650, "实到人数": 1102, "其中妇女": 486, "赞成": 1050, "反对": 20, "弃权": 32,
        "备案日期": "2018-05-12", "备案机关": "榜头镇人民政府", "备案编号": "榜备〔2018〕12号",
        "公布日期": "2018-05-15", "公布方式": ["公示栏", "广播"],
        "内容要点": ["规范日常行为", "维护公共秩序", "引导民风民俗"], "正文": RULES_TEXT,
    })
    store.add("village_rules", {
        "名称": f"{name}村规民约（2023年修订）", "类型": "修订", "上一版本": first.uuid,
        "征求意见开始": "2023-02-01", "征求意见结束": "2023-02-25",
        "征求方式": ["入户走访", "微信群"], "草案形成日期": "2023-03-06",
        "乡镇审核日期": "2023-03-20", "审核结果": "修改后通过", "表决会议": "村民代表会议",
        "会议日期": "2023-04-08", "应到人数": 45, "实到人数": 41, "其中妇女": 13, "赞成": 39,
        "反对": 1, "弃权": 1, "备案日期": "2023-04-25", "备案机关": "榜头镇人民政府",
        "备案编号": "榜备〔2023〕7号", "公布日期": "2023-04-28", "公布方式": ["公示栏", "微信群"],
        "内容要点": ["规范日常行为", "维护公共秩序", "保障群众权益", "引导民风民俗"],
        "正文": RULES_TEXT + "\n第八条 （2023年修订）倡导移风易俗，红白喜事报村红白理事会备案。",
        "修订说明": "增加移风易俗条款，调整环境卫生条款。",
    })

    supervisors = [("主任", "男", True), ("委员", "女", True), ("委员", "男", False)]
    for post, sex, skill in supervisors:
        # As in most villages, the Party's 纪检委员 directs the supervision committee.
        person = discipline if post == "主任" else random_person(rng, code, today, 30, 62, sex)
        store.add("supervisory_committee", {
            "姓名": person["姓名"], "民族": "汉族", "公民身份号码": person["id"],
            "政治面貌": rng.choice(("中共党员", "群众")), "文化程度": "普通高中",
            "联系电话": mobile(rng), "职务": post, "具备财会或管理知识": skill,
            "推选会议": "村民会议", "推选日期": min(election + dt.timedelta(days=7), today).isoformat(),
            "届次": "第十二届",
            "非村委会成员及其近亲属声明": True, "报酬": 3600,
        })

    orgs = [
        ("东山村老年协会", "为民服务", "登记", "社会团体", 35),
        ("东山村红白理事会", "邻里互助", "备案", None, 12),
        ("东山村乡贤理事会", "公益慈善", "备案", None, 18),
        ("东山村巡逻队", "平安建设", "备案", None, 20),
        ("东山村腰鼓队", "文体娱乐", "备案", None, 26),
        ("东山村种植技术协会", "农村生产技术服务", "登记", "社会团体", 68),
    ]
    for idx, (title, category, mode, legal, members) in enumerate(orgs):
        head = random_person(rng, code, today, 35, 65)
        record: dict[str, Any] = {
            "名称": title, "类别": category, "管理方式": mode, "法人类型": legal,
            "成立日期": f"{2015 + idx}-0{idx + 1}-15", "负责人姓名": head["姓名"],
            "负责人身份号码": head["id"], "负责人电话": mobile(rng), "成员数": members,
            "活动场所": "村综合服务中心", "指导单位": "东山村民委员会",
            "是否建立党组织": idx % 2 == 0, "年度活动次数": rng.randrange(4, 30), "状态": "正常",
            "业务范围": f"组织开展{category}活动，服务本村群众。",
        }
        if mode == "登记":
            record["统一社会信用代码"] = _uscc(rng, "51", code)
        else:
            record.update({"备案机关": "榜头镇人民政府", "备案编号": f"榜社备〔{2015 + idx}〕{idx + 3}号",
                           "备案日期": f"{2015 + idx}-0{idx + 1}-20"})
        store.add("social_organizations", record)

    _add_volunteers(store, rng, code, today, volunteers, extras)
    add_governance(store, today)
    bodies.add_bodies_and_roles(store, code, name, today, election, seed)
    return store


def _uscc(rng: random.Random, prefix: str, code: str) -> str:
    from forms.identifiers import USCC_ALPHABET, uscc_check_char

    body = prefix + code[:6] + "".join(rng.choice(USCC_ALPHABET[:10]) for _ in range(9))
    return body + uscc_check_char(body)


def _add_volunteers(store: Store, rng: random.Random, code: str, today: dt.date, n: int,
                    extras: random.Random) -> None:
    skills = store.catalog.choices["服务类别"].values
    with store.transaction():
        for i in range(n):
            minor = i == 7  # one 16-year-old without guardian consent: R-MINOR shows
            person = random_person(rng, code, today, 16 if minor else 18, 17 if minor else 72)
            registered = registration_day(rng, person["birth"], today)
            vol = store.add("volunteers", {
                "姓名": person["姓名"], "证件类型": "居民身份证", "证件号码": person["id"],
                "居住村民小组": rng.choice(GROUPS), "联系电话": mobile(rng),
                "服务技能": rng.sample(skills, rng.randrange(1, 3)),
                "可服务时段": rng.sample(["工作日", "周末", "节假日", "晚间"], 2),
                "所属志愿服务队": team_written(rng.choice(TEAMS), extras),
                **volunteer_extras(extras),
                "注册日期": registered.isoformat(),
                "状态": "在册" if rng.random() > 0.05 else "暂停",
            })
            for _ in range(rng.choice((0, 1, 2, 3, 4, 6))):
                day = service_day(rng, registered, today)
                start = rng.randrange(8, 15)
                hours = rng.choice((1.0, 1.5, 2.0, 2.5, 3.0, 4.0))
                store.add("volunteer_services", {
                    "志愿者": vol.uuid, "活动名称": rng.choice(ACTIVITIES), "服务日期": day.isoformat(),
                    "开始时间": f"{start:02d}:00", "结束时间": f"{start + int(hours + 0.5):02d}:30",
                    "服务时长": hours, "服务类别": rng.choice(skills), "地点": "东山村",
                    "组织单位": "东山村民委员会", "记录人": "村文书",
                    "评价": rng.choice(("优秀", "良好", "一般")), **service_extras(extras),
                })
            if i % 40 == 0:
                store.add("volunteer_awards", {
                    "志愿者": vol.uuid, "类型": rng.choice(("培训", "表彰奖励")),
                    "名称": rng.choice(("志愿服务基础培训", "优秀志愿者", "应急救护培训")),
                    "日期": award_day(registered, today).isoformat(),
                    "颁发或组织单位": "榜头镇人民政府",
                })
