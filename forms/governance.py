"""What the law says about village meetings and the "四议两公开" steps (registers 6–8).

Pure functions, no catalog: the quorum and majority by meeting type (组织法 arts. 22, 26, 28),
the six steps of a 重大事项 (条例 art. 19) and the calendar quarters R-REP-QUARTER and
R-OPEN-QUARTER count in. The computed fields (``forms.compute``), the rules
(``forms.rules_governance``), the form's timeline and the statistics all read them from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from forms.types import as_date

# 条例 (2019) art. 19, in order: 四议 then 两公开. The definition names each step (``stage``), so
# the form's timeline and the messages read the names from there.
DECISION_STEPS: tuple[str, ...] = ("提议日期", "商议日期", "审议日期", "决议日期", "决议公开日期",
                                  "实施结果公开日期")

# 组织法 art. 24: matters only the 村民会议 (or an authorised 村民代表会议) decides; the first
# eight values of the 重大事项类别 list.
ART24_MATTERS = ("误工补贴人员及标准", "集体经济收益使用", "公益事业兴办及筹资筹劳", "土地承包经营方案",
                 "集体经济项目立项及承包", "宅基地使用方案", "征地补偿费使用分配", "集体财产处分")

ASSEMBLY, REPRESENTATIVES, GROUP = "村民会议", "村民代表会议", "村民小组会议"
HOUSEHOLDS = "户代表"


def quorum_met(meeting: str | None, due: int, present: int, basis: str | None = None) -> bool | None:
    """Whether enough came, by meeting type; None for a meeting the law sets no quorum for.

    村民会议 (art. 22): more than half of the adult villagers, or two thirds of the households
    (``basis`` 户代表). 村民代表会议 (art. 26): two thirds of the representatives. 村民小组会议
    (art. 28): two thirds of the group's adults or of its households. 以上 includes the bound
    (exactly two thirds is enough); 过半数 does not (exactly half is not).
    """
    if meeting == ASSEMBLY:
        return present * 3 >= due * 2 if basis == HOUSEHOLDS else present * 2 > due
    if meeting in (REPRESENTATIVES, GROUP):
        return present * 3 >= due * 2
    return None


def vote(meeting: str | None, rec: Mapping[str, Any]) -> dict[str, Any] | None:
    """Quorum and majority of a vote recorded with 应到/实到/赞成 (and 应到口径); None when a
    count is missing or the meeting is not one that votes. Adopted by more than half of those
    present (arts. 22, 26, 28)."""
    due, present, yes = rec.get("应到人数"), rec.get("实到人数"), rec.get("赞成")
    if due is None or present is None or yes is None:
        return None
    quorum = quorum_met(meeting, due, present, rec.get("应到口径"))
    if quorum is None:
        return None
    return {"quorum": quorum, "majority": yes * 2 > present, "due": due, "present": present}


def decision_adopted(rec: Mapping[str, Any], ctx: Any = None) -> bool | None:
    """是否通过 of a 重大事项: its 决议会议's quorum and majority."""
    found = vote(rec.get("决议会议"), rec)
    return None if found is None else found["quorum"] and found["majority"]


def steps_done(rec: Mapping[str, Any]) -> list[bool]:
    """For each of the six steps, whether its date is recorded."""
    return [bool(rec.get(step)) for step in DECISION_STEPS]


def decision_steps(rec: Mapping[str, Any], ctx: Any = None) -> int:
    """完成步骤: how many of the six steps have a date."""
    return sum(steps_done(rec))


def all_steps_done(rec: Mapping[str, Any]) -> bool:
    return all(steps_done(rec))


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_last_day(year: int, quarter: int) -> dt.date:
    if quarter == 4:
        return dt.date(year, 12, 31)
    return dt.date(year, quarter * 3 + 1, 1) - dt.timedelta(days=1)


def ended_quarters(today: dt.date) -> tuple[int, list[int]]:
    """The reporting year and its quarters that have ended by ``today``.

    A quarter has ended once its last day is past (on 31 March the first quarter is still
    open). The reporting year is that of the latest ended quarter: in January it is last
    year, all four of its quarters ended.
    """
    current = quarter_of(today)
    if current == 1:
        return today.year - 1, [1, 2, 3, 4]
    return today.year, list(range(1, current))


def quarters_with(days: list[Any], year: int) -> set[int]:
    """The quarters of ``year`` that hold one of ``days`` (canonical dates or None)."""
    found = set()
    for value in days:
        day = as_date(value)
        if day is not None and day.year == year:
            found.add(quarter_of(day))
    return found


def missing_stages(stages: list[str], rec: Mapping[str, Any]) -> set[str]:
    """The stage fields (in order) without a date while a later one has one: the gaps the form's
    timeline marks red and the book prints as （缺）."""
    dated = [bool(rec.get(name)) for name in stages]
    return {name for i, name in enumerate(stages) if not dated[i] and any(dated[i + 1:])}


VOTES = ("赞成", "反对", "弃权")


def head_count_slips(rec: Mapping[str, Any]) -> list[tuple[str, str, dict[str, int]]]:
    """Head counts of a vote that cannot be: more votes than people present, more present than
    due, more women than present. Each as (message key, field, values for the message); the
    村规民约 (R-RULES-COUNT) and the meetings (R-MEET-VOTE) report them under their own rule."""
    found: list[tuple[str, str, dict[str, int]]] = []
    due, present = rec.get("应到人数"), rec.get("实到人数")
    if present is not None and any(rec.get(k) is not None for k in VOTES):
        yes, no, abstain = (rec.get(k) or 0 for k in VOTES)
        if yes + no + abstain > present:
            found.append(("votes", "赞成", {"yes": yes, "no": no, "abstain": abstain,
                                            "total": yes + no + abstain, "present": present}))
    if present is not None and due is not None and present > due:
        found.append(("present", "实到人数", {"present": present, "due": due}))
    women = rec.get("其中妇女")
    if women is not None and present is not None and women > present:
        found.append(("women", "其中妇女", {"women": women, "present": present}))
    return found
