"""The demo village's previous term and its 两委 training records (issue 15).

Kept apart from ``village.py`` and drawn from a random generator of its own, so the rest of
the demo (names, ID numbers, volunteers) stays as it was. The previous term (第十一届,
elected five years before the last election) left at the election: the 书记 and the 组织委员
were re-elected (a 离任 record of the old term beside their record of the new one, same ID
number), three others left (换届离任), one resigned in mid-term (辞职). Every member of the
current term took the 任职培训 after the election, some an 在职培训 or 专门培训 too, and the
previous year's 年度考核 is recorded with its results.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from forms.tenure import ELECTION_REASON, LEFT, SERVING
from sync.store.store import Store

PREVIOUS_TERM, CURRENT_TERM = "第十一届", "第十二届"
RE_ELECTED = (0, 2)  # the positions in the demo's COMMITTEE list re-elected from the previous term
PAY = {"书记": 3200, "副书记": 2600, "委员": 2200}  # 月报酬 by Party post; 村委会-only members 1800
TRAININGS = (("在职培训", "村干部履职能力提升培训", "仙游县委组织部"),
             ("专门培训", "“一肩挑”人员集中培训", "仙游县委组织部"),
             ("专门培训", "乡村振兴专题培训", "榜头镇党委"))
RESULTS = ("优秀", "称职", "称职", "称职", "基本称职")


def demo_rng(seed: int) -> random.Random:
    return random.Random(seed * 15 + 1)


def member_extras(rng: random.Random, party_post: str, index: int) -> dict[str, Any]:
    """月报酬 and 社会工作者职业资格 of a current member (the 副书记 is a 助理社会工作师)."""
    pay = PAY.get(party_post, 1800) + rng.randrange(0, 5) * 50
    extras: dict[str, Any] = {"在任状态": SERVING, "月报酬": pay}
    extras["社会工作者职业资格"] = "助理社会工作师" if index == 1 else "无"
    return extras


def add_previous_term(store: Store, rng: random.Random, election: dt.date, today: dt.date,
                      current: list[str], random_person: Any, mobile: Any) -> None:
    """The previous term's members (离任) and every member's training and 考核 records."""
    code = store.village_code or ""
    began = election.replace(year=election.year - 5)
    previous: list[str] = []
    with store.transaction():
        for index in RE_ELECTED:
            now = store.get(current[index]).values
            old = {k: v for k, v in now.items() if v is not None and k in _TYPED}
            old.update({"届次": PREVIOUS_TERM, "任职时间": began.isoformat(), "任职情况": "新任",
                        "在任状态": LEFT, "离任日期": election.isoformat(), "离任原因": ELECTION_REASON,
                        "月报酬": (old.get("月报酬") or 2000) - 600})
            previous.append(store.add("committee_members", old).uuid)
        leavers = (("委员", "宣传", "委员", "男", election, ELECTION_REASON),
                   ("无", None, "副主任", "男", election, ELECTION_REASON),
                   ("无", None, "委员", "女", election, ELECTION_REASON),
                   ("无", None, "委员", "男", began.replace(year=began.year + 2, month=6, day=30), "辞职"))
        for party, duty, vc, sex, left, why in leavers:
            person = random_person(rng, code, began, 38, 66, sex)
            record = {
                "姓名": person["姓名"], "民族": "汉族", "公民身份号码": person["id"],
                "政治面貌": "中共党员" if party != "无" else "群众",
                "文化程度": rng.choice(("初中", "初中", "小学及以下", "普通高中")),
                "党组织职务": party, "委员分工": duty, "村委会职务": vc, "届次": PREVIOUS_TERM,
                "任职时间": began.isoformat(), "任职情况": "连任", "干部来源": "本村党员",
                "联系电话": mobile(rng), "在任状态": LEFT, "离任日期": left.isoformat(), "离任原因": why,
                "月报酬": 1500,
            }
            if party != "无":
                joined = person["birth"] + dt.timedelta(days=365 * 24)
                record["入党时间"] = f"{joined:%Y-%m}"
                record["转正时间"] = f"{joined.year + 1:04d}-{joined.month:02d}"
            previous.append(store.add("committee_members", record).uuid)
        _trainings(store, rng, current, previous, election, began, today)


def _trainings(store: Store, rng: random.Random, current: list[str], previous: list[str],
               election: dt.date, began: dt.date, today: dt.date) -> None:
    def add(member: str, kind: str, title: str, day: dt.date, by: str, result: str | None = None) -> None:
        store.add("member_trainings", {"成员": member, "类型": kind, "名称": title,
                                       "日期": min(day, today).isoformat(), "组织单位": by, "结果": result})

    for i, member in enumerate(current):
        if i == len(current) - 1:
            continue  # the last member (no post in either committee) has not been trained yet
        add(member, "任职培训", "新任村（社区）“两委”成员任职培训", election + dt.timedelta(days=40),
            "仙游县委组织部")
        if rng.random() < 0.5:
            kind, title, by = rng.choice(TRAININGS)
            add(member, kind, title, election + dt.timedelta(days=rng.randrange(60, 200)), by)
        last_year = dt.date(today.year - 1, 12, 20)
        if last_year > election:
            add(member, "年度考核", f"{last_year.year}年度考核", last_year, "榜头镇党委", rng.choice(RESULTS))
    for member in previous[:3]:
        add(member, "任职培训", "村“两委”成员任职培训", began + dt.timedelta(days=45), "仙游县委组织部")


_TYPED = ("姓名", "民族", "公民身份号码", "政治面貌", "入党时间", "转正时间", "文化程度", "专业",
          "党组织职务", "委员分工", "村委会职务", "兼任职务", "干部来源", "联系电话", "月报酬",
          "社会工作者职业资格")
