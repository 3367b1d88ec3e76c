"""The demo village's 村务 records: 重大事项 through "四议两公开", the meetings that were their
steps, quarterly 村民代表会议, group meetings, consultations and quarterly disclosures.

Dated back from the demo's ``today`` so the rules find a village that keeps them well (a
representatives' meeting and a disclosure in every quarter, decisions disclosed in time), whatever
day the demo is built.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sync.store.store import Store

TOPICS = ("村道硬化及路灯安装", "2026年度村集体收支预算", "村集体茶园对外承包")
GROUPS = ("一组", "二组", "三组", "五组", "七组")
GROUP_TOPICS = ("灌溉渠清淤分工", "组内道路保洁轮值", "秸秆禁烧宣传", "医保缴费动员", "组级公益林管护")
CONSULTATIONS = (("垃圾分类收集点选址", 3, 3), ("村文化广场使用时间", 4, 3))


def _day(today: dt.date, days_ago: int) -> str:
    return (today - dt.timedelta(days=days_ago)).isoformat()


def _quarter_days(today: dt.date) -> list[dt.date]:
    """The 10th of each quarter's middle month from last January up to ``today``."""
    days = []
    for year in (today.year - 1, today.year):
        for month in (2, 5, 8, 11):
            day = dt.date(year, month, 10)
            if day < today:
                days.append(day)
    return days


def add_governance(store: Store, today: dt.date, seed: int = 7) -> None:
    rng = random.Random(seed)
    road = store.add("major_decisions", {
        "事项名称": TOPICS[0], "事项类别": "公益事业兴办及筹资筹劳", "涉及金额": 86.5,
        "提议日期": _day(today, 200), "商议日期": _day(today, 196), "审议日期": _day(today, 190),
        "决议会议": "村民会议", "应到口径": "户代表", "决议日期": _day(today, 185), "应到人数": 612,
        "实到人数": 455, "其中妇女": 168, "赞成": 431, "反对": 9, "弃权": 15,
        "决议公开日期": _day(today, 184), "实施结果公开日期": _day(today, 40), "实施情况": "已完成",
        "监督意见": "经村务监督委员会全程监督，工程款按进度拨付，账目公开。",
    }).uuid
    budget = store.add("major_decisions", {
        "事项名称": TOPICS[1], "事项类别": "年度收支预算", "涉及金额": 42.0,
        "提议日期": _day(today, 60), "商议日期": _day(today, 56), "审议日期": _day(today, 50),
        "决议会议": "村民代表会议", "决议日期": _day(today, 45), "应到人数": 45, "实到人数": 39,
        "其中妇女": 14, "赞成": 37, "反对": 0, "弃权": 2, "决议公开日期": _day(today, 44),
        "实施情况": "实施中",
    }).uuid
    store.add("major_decisions", {
        "事项名称": TOPICS[2], "事项类别": "集体经济项目立项及承包", "涉及金额": 12.0,
        "提议日期": _day(today, 5), "实施情况": "未实施",
    })
    steps = (("两委联席会议", 196, road, 9, 7), ("党员大会", 190, road, 46, 41),
             ("村民会议", 185, road, 612, 455), ("两委联席会议", 56, budget, 9, 9),
             ("党员大会", 50, budget, 46, 40), ("村民代表会议", 45, budget, 45, 39))
    for kind, days_ago, matter, due, present in steps:
        topic = TOPICS[0] if matter == road else TOPICS[1]
        record: dict[str, Any] = {"会议类型": kind, "会议日期": _day(today, days_ago), "议题": topic,
                                  "关联事项": matter, "应到人数": due, "实到人数": present,
                                  "其中妇女": present // 3}
        if kind == "村民会议":
            record["应到口径"] = "户代表"
        store.add("meetings", record)
    for day in _quarter_days(today):
        store.add("meetings", {"会议类型": "村民代表会议", "会议日期": day.isoformat(),
                               "议题": "季度村务工作通报", "应到人数": 45,
                               "实到人数": rng.randrange(32, 44), "其中妇女": 13})
        _disclose(store, day.isoformat(), "财务", f"{day.year}年第{(day.month + 2) // 3}季度财务收支",
                  ["财务收支", "惠民资金"], None, ["村务公开栏", "微信群"], 15)
    for i, group in enumerate(GROUPS):
        store.add("meetings", {"会议类型": "村民小组会议", "会议日期": _day(today, 20 + 23 * i),
                               "村民小组": group, "议题": GROUP_TOPICS[i], "应到人数": 80,
                               "实到人数": rng.randrange(54, 70), "其中妇女": 20})
    for i, (topic, discussed, resolved) in enumerate(CONSULTATIONS):
        store.add("meetings", {"会议类型": "民主协商会", "会议日期": _day(today, 30 + 70 * i), "议题": topic,
                               "协商主体": ["村民代表", "乡贤", "驻村单位"], "实到人数": 26, "其中妇女": 9,
                               "协商事项数": discussed, "解决事项数": resolved})
    _disclose(store, _day(today, 184), "村务", f"{TOPICS[0]}决议", ["重大事项决议", "项目建设"], road,
              ["村务公开栏", "村民会议"], 10)
    _disclose(store, _day(today, 40), "村务", f"{TOPICS[0]}实施结果", ["重大事项实施结果", "项目建设"], road,
              ["村务公开栏", "微信群"], 15)
    _disclose(store, _day(today, 44), "村务", f"{TOPICS[1]}决议", ["重大事项决议", "财务收支"], budget,
              ["村务公开栏", "政务平台"], 10)
    _disclose(store, _day(today, 25), "党务", "党员发展及党费收缴情况", ["其他"], None, ["村务公开栏"], 7,
              checked=False)


def _disclose(store: Store, day: str, kind: str, title: str, content: list[str], matter: str | None,
              ways: list[str], days: int, checked: bool = True) -> None:
    store.add("disclosures", {"公开日期": day, "公开类别": kind, "公开标题": title, "公开内容": content,
                              "关联事项": matter, "公开方式": ways, "公开天数": days, "监委会审核": checked})
