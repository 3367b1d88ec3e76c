"""The demo village's bodies, key people, titles and the profile's 服务站 and 换届 fields
(registers 9–10, the profile's child list). Its own random stream, so adding it changed nothing
else the demo generates.

东山村 has 612 households and 8 村民小组: 45 村民代表 (13–14 households each, 18 of them women, with
the 5 村委会 members a 村民代表会议 of 50: 90 % representatives, 36 % women), a 村民小组长 per
group (five of them also 村民代表), grid workers, a 警务助理, an outside 法律顾问 without an ID
number, 人民调解员, and one representative who left.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sync.demo.people import GROUPS, mobile, random_person
from sync.store.store import Store

BODIES = [
    # (名称, 组织类型, 成员数, 成立年)
    ("人民调解委员会", "人民调解委员会", 5, 2009),
    ("治安保卫委员会", "治安保卫委员会", 5, 2009),
    ("公共卫生委员会", "公共卫生委员会", 5, 2021),
    ("村民议事会", "村民议事会", 11, 2016),
    ("红白理事会", "红白理事会", 7, 2017),
    ("村级事务管理委员会", "村级事务管理委员会", 5, 2018),
    ("团支部", "共青团组织", 23, 2005),
    ("妇联", "妇女组织", 9, 2017),
    ("民兵连", "民兵组织", 32, 2003),
]

HONORS = [
    # (名称, 类别, 级别, 授予年份, 授予单位)
    ("福建省民主法治示范村", "民主法治示范村", "省级", 2019, "福建省司法厅、福建省民政厅"),
    ("泉州市文明村", "文明村", "市（州）级", 2021, "泉州市精神文明建设委员会"),
    ("乡村治理示范村", "乡村治理示范村", "县级", 2023, "仙游县委农村工作领导小组"),
]

REPRESENTATIVES, WOMEN_REPRESENTATIVES, HOUSEHOLDS = 45, 18, 612


def add_bodies_and_roles(store: Store, code: str, name: str, today: dt.date, election: dt.date,
                         seed: int) -> None:
    rng = random.Random(seed + 14)
    profile = store.records("village_profile")[0]
    store.edit(profile["uuid"], {
        "网格数": 8, "有综合服务站": True, "服务站建筑面积": 420, "服务站办公面积": 96,
        "最近换届日期": election.isoformat(), "最近换届届次": "第十二届", "一次性选举成功": True,
        "村委会直接选举": True,
    })
    for title, kind, level, year, by in HONORS:
        if year <= today.year:
            store.add("village_honors", {"名称": title, "类别": kind, "级别": level, "授予年份": year,
                                         "授予单位": by})
    for title, kind, members, year in BODIES:
        head = random_person(rng, code, today, 35, 65)
        store.add("village_bodies", {
            "名称": f"{name}{title}", "组织类型": kind, "成立日期": f"{year}-03-01", "成员数": members,
            "负责人姓名": head["姓名"], "负责人身份号码": head["id"], "负责人电话": mobile(rng),
            "状态": "正常"})
    store.add_many("village_roles", list(_people(rng, code, today, election)))


def _people(rng: random.Random, code: str, today: dt.date, election: dt.date) -> list[dict[str, Any]]:
    chosen = election.isoformat()
    people: list[dict[str, Any]] = []

    def person(roles: list[str], sex: str | None = None, group: str | None = None, **more: Any) -> None:
        who = random_person(rng, code, today, 25, 68, sex)
        people.append({
            "姓名": who["姓名"], "公民身份号码": who["id"], "民族": "汉族",
            "政治面貌": rng.choice(("中共党员", "群众", "群众")),
            "文化程度": rng.choice(("初中", "初中", "普通高中", "中专/中技/职高", "大学专科")),
            "联系电话": mobile(rng), "角色": roles, "村民小组": group or rng.choice(GROUPS),
            "推选或聘任日期": chosen, "届次": "第十二届", **more})
        if any("网格" in role for role in roles):  # a grid per group: 第一网格 is 一组
            people[-1]["网格"] = f"第{people[-1]['村民小组'][0]}网格"

    households = [14] * (HOUSEHOLDS - 13 * REPRESENTATIVES) + [13] * (REPRESENTATIVES * 14 - HOUSEHOLDS)
    for i, n in enumerate(households):
        group = GROUPS[i % len(GROUPS)]
        roles = ["村民代表"]
        if i < 5:
            roles.append("村民小组长")  # the leaders of 一组 to 五组 also represent their group
        if i in (5, 9, 14):
            roles.append("兼职网格员")
        person(roles, "女" if i % 5 in (1, 3) else "男", group, 代表户数=n)  # 18 of 45 women
    for extra in GROUPS[5:]:
        person(["村民小组长", "兼职网格员"], group=extra)
    person(["网格长"], group="一组")
    person(["专职网格员"])
    person(["专职网格员"], "女")
    person(["警务助理", "治保员"], "男")
    person(["人民调解员"], "女")
    person(["人民调解员"])
    lawyer = random_person(rng, code, today, 30, 55)
    people.append({"姓名": lawyer["姓名"], "性别": "女", "角色": ["法律顾问"], "联系电话": mobile(rng),
                   "文化程度": "大学本科", "推选或聘任日期": chosen, "备注": "县司法局选派，一村一法律顾问"})
    person(["村民代表"], group="三组", 代表户数=13, 在任状态="离任",
           离任日期=min(election + dt.timedelta(days=400), today).isoformat(), 备注="外出务工，辞去代表")
    return people
