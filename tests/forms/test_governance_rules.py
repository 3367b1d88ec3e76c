"""Rules of registers 6–8 at their boundaries (rules.md, "Registers 6–10"): the "四议两公开"
order, disclosure and art. 24 matters; quorum and majority by meeting type (组织法 arts. 22, 26,
28); a 村民代表会议 and a disclosure in every ended quarter (arts. 26, 30)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from forms.compute import Context
from forms.governance import ended_quarters
from forms.model import catalog
from forms.validation import check_record, check_register, computed_values, fill_derived, prepare

TODAY = dt.date(2026, 11, 21)


def ctx(today: dt.date = TODAY) -> Context:
    return Context(settings=catalog().setting_defaults(), today=today)


def record(register: str, raw: dict[str, Any], context: Context | None = None) -> dict[str, Any]:
    reg = catalog().register(register)
    values, problems = prepare(reg, raw)
    assert problems == []
    fill_derived(reg, values)
    values.update(computed_values(reg, values, context or ctx()))
    return values


def issues(register: str, raw: dict[str, Any], context: Context | None = None) -> list[tuple[str, str, str]]:
    context = context or ctx()
    reg = catalog().register(register)
    values = record(register, raw, context)
    return [(i.rule, i.field or "", i.message) for i in check_record(reg, values, context)]


def rule(found: list[tuple[str, str, str]], rule_id: str) -> list[tuple[str, str, str]]:
    return [f for f in found if f[0] == rule_id]


STEPS = {"提议日期": "2026-03-02", "商议日期": "2026-03-05", "审议日期": "2026-03-10",
         "决议日期": "2026-03-15", "决议公开日期": "2026-03-16", "实施结果公开日期": "2026-09-30"}


def decision(**kw: Any) -> dict[str, Any]:
    raw = {"事项名称": "村道硬化筹资筹劳方案", "事项类别": "发展规划", **STEPS, "决议会议": "村民代表会议",
           "应到人数": 45, "实到人数": 40, "其中妇女": 15, "赞成": 38, "反对": 1, "弃权": 1, "实施情况": "已完成"}
    raw.update(kw)
    return {k: v for k, v in raw.items() if v is not None}


def test_a_lawful_decision_has_no_issue_and_counts_its_six_steps() -> None:
    assert issues("重大事项决策", decision()) == []
    values = record("major_decisions", decision())
    assert values["是否通过"] is True and values["完成步骤"] == 6


# -- R-4Y-ORDER ----------------------------------------------------------------------------

def test_same_day_steps_are_in_order() -> None:
    day = "2026-03-15"
    raw = decision(**{name: day for name in STEPS})
    assert rule(issues("major_decisions", raw), "R-4Y-ORDER") == []


def test_a_step_one_day_before_the_previous_one_is_an_error_with_the_article() -> None:
    found = rule(issues("major_decisions", decision(审议日期="2026-03-04")), "R-4Y-ORDER")
    assert [f[1] for f in found] == ["审议日期"]
    assert "早于商议日期 2026-03-05" in found[0][2] and "第十九条" in found[0][2]
    assert rule(issues("major_decisions", decision(审议日期="2026-03-05")), "R-4Y-ORDER") == []


def test_the_two_disclosures_out_of_order() -> None:
    found = rule(issues("major_decisions", decision(实施结果公开日期="2026-03-15")), "R-4Y-ORDER")
    assert [f[1] for f in found] == ["实施结果公开日期"]


def test_a_later_step_recorded_while_an_earlier_is_missing() -> None:
    found = rule(issues("major_decisions", decision(商议日期=None)), "R-4Y-ORDER")
    assert [f[1] for f in found] == ["商议日期"]
    assert "党员大会审议" in found[0][2] and "前面的步骤（村“两委”会议商议）没有日期" in found[0][2]
    assert issues("major_decisions", decision(商议日期=None))[0][0] == "R-4Y-ORDER"


def test_a_matter_only_proposed_so_far_is_fine() -> None:
    raw = {"事项名称": "集体林地流转", "提议日期": "2026-11-01", "实施情况": "未实施"}
    assert issues("major_decisions", raw) == []
    assert record("major_decisions", raw)["完成步骤"] == 1


# -- R-4Y-OPEN -----------------------------------------------------------------------------

def test_decision_disclosed_on_the_tenth_day_is_in_time_the_eleventh_is_late() -> None:
    assert rule(issues("major_decisions", decision(决议公开日期="2026-03-25")), "R-4Y-OPEN") == []
    found = rule(issues("major_decisions", decision(决议公开日期="2026-03-26")), "R-4Y-OPEN")
    assert len(found) == 1 and "11天后才公开" in found[0][2] and "第三十条" in found[0][2]


def test_undisclosed_decision_is_flagged_after_ten_days() -> None:
    raw = decision(决议公开日期=None, 实施结果公开日期=None, 实施情况="实施中", 决议日期="2026-11-11")
    assert rule(issues("major_decisions", raw), "R-4Y-OPEN") == []
    raw["决议日期"] = "2026-11-10"
    found = rule(issues("major_decisions", raw), "R-4Y-OPEN")
    assert [f[1] for f in found] == ["决议公开日期"]


def test_completed_without_result_disclosure() -> None:
    found = rule(issues("major_decisions", decision(实施结果公开日期=None)), "R-4Y-OPEN")
    assert [f[1] for f in found] == ["实施结果公开日期"]
    assert rule(issues("major_decisions", decision(实施结果公开日期=None, 实施情况="实施中")),
                "R-4Y-OPEN") == []


# -- R-4Y-BODY -----------------------------------------------------------------------------

def test_art24_matter_by_representatives_warns() -> None:
    found = issues("major_decisions", decision(事项类别="宅基地使用方案"))
    assert [(f[0], f[1]) for f in found] == [("R-4Y-BODY", "决议会议")]
    assert "第二十四条" in found[0][2]
    assert issues("major_decisions", decision(事项类别="宅基地使用方案", 决议会议="村民会议",
                                              应到人数=300, 实到人数=151, 赞成=140)) == []


# -- R-MEET-VOTE on a 决议 --------------------------------------------------------------------

@pytest.mark.parametrize(("meeting", "basis", "due", "present", "ok"), [
    ("村民代表会议", None, 45, 30, True),     # exactly two thirds (art. 26: 三分之二以上)
    ("村民代表会议", None, 45, 29, False),    # one short
    ("村民会议", "成年村民", 300, 151, True),  # more than half (art. 22: 过半数)
    ("村民会议", "成年村民", 300, 150, False),  # exactly half is not more than half
    ("村民会议", "户代表", 120, 80, True),    # two thirds of households
    ("村民会议", "户代表", 120, 79, False),
])
def test_decision_quorum(meeting: str, basis: str | None, due: int, present: int, ok: bool) -> None:
    raw = decision(决议会议=meeting, 应到口径=basis, 应到人数=due, 实到人数=present, 其中妇女=5,
                   赞成=present, 反对=0, 弃权=0)
    found = rule(issues("major_decisions", raw), "R-MEET-VOTE")
    assert (found == []) is ok
    assert record("major_decisions", raw)["是否通过"] is ok
    if not ok:
        assert [f[1] for f in found] == ["实到人数"]
        article = "第二十二条" if meeting == "村民会议" else "第二十六条"
        assert article in found[0][2] and f"应到{due}、实到{present}" in found[0][2]


def test_decision_majority_exactly_half_fails_one_more_passes() -> None:
    found = rule(issues("major_decisions", decision(实到人数=40, 赞成=20, 反对=20, 弃权=0)), "R-MEET-VOTE")
    assert [f[1] for f in found] == ["赞成"] and "过半数" in found[0][2]
    assert rule(issues("major_decisions", decision(实到人数=40, 赞成=21, 反对=19, 弃权=0)), "R-MEET-VOTE") == []


def test_decision_counts_consistent() -> None:
    found = rule(issues("major_decisions", decision(赞成=39, 反对=1, 弃权=1)), "R-MEET-VOTE")
    assert [f[1] for f in found] == ["赞成"] and "=41" in found[0][2]
    found = rule(issues("major_decisions", decision(实到人数=46, 赞成=40)), "R-MEET-VOTE")
    assert "实到人数" in [f[1] for f in found]
    found = rule(issues("major_decisions", decision(其中妇女=41)), "R-MEET-VOTE")
    assert [f[1] for f in found] == ["其中妇女"]


# -- R-MEET-VOTE on a meeting -----------------------------------------------------------------

def meeting(**kw: Any) -> dict[str, Any]:
    raw = {"会议类型": "村民小组会议", "会议日期": "2026-05-06", "村民小组": "三组", "议题": "灌溉渠清淤分工",
           "应到人数": 60, "实到人数": 40, "其中妇女": 12}
    raw.update(kw)
    return {k: v for k, v in raw.items() if v is not None}


def test_group_meeting_two_thirds_is_enough_one_short_is_not() -> None:
    assert issues("meetings", meeting()) == []
    found = issues("会议与协商", meeting(实到人数=39))
    assert [(f[0], f[1]) for f in found] == [("R-MEET-VOTE", "实到人数")]
    assert "第二十八条" in found[0][2]
    assert issues("meetings", meeting(应到口径="户代表", 应到人数=30, 实到人数=20)) == []


def test_meeting_types_without_a_quorum_rule_and_aliases() -> None:
    assert issues("meetings", meeting(会议类型="听证会", 应到人数=60, 实到人数=5, 其中妇女=2)) == []
    assert record("meetings", meeting(会议类型="恳谈会"))["会议类型"] == "民主协商会"
    assert issues("meetings", meeting(会议类型="两委会", 应到人数=7, 实到人数=2, 其中妇女=1)) == []


def test_representatives_meeting_quorum_and_assembly_quorum() -> None:
    assert issues("meetings", meeting(会议类型="村民代表会议", 应到人数=45, 实到人数=30)) == []
    assert "第二十六条" in issues("meetings", meeting(会议类型="村民代表会议", 应到人数=45, 实到人数=29))[0][2]
    assert issues("meetings", meeting(会议类型="村民会议", 应到人数=300, 实到人数=151)) == []
    assert "第二十二条" in issues("meetings", meeting(会议类型="村民会议", 应到人数=300, 实到人数=150))[0][2]


def test_resolved_not_more_than_discussed() -> None:
    base = meeting(会议类型="民主协商会", 协商事项数=3)
    assert issues("meetings", {**base, "解决事项数": 3}) == []
    found = issues("meetings", {**base, "解决事项数": 4})
    assert [(f[0], f[1]) for f in found] == [("R-MEET-VOTE", "解决事项数")]


def test_meeting_counts() -> None:
    assert [f[1] for f in issues("meetings", meeting(实到人数=61))] == ["实到人数"]
    assert [f[1] for f in issues("meetings", meeting(其中妇女=41))] == ["其中妇女"]


# -- R-REP-QUARTER and R-OPEN-QUARTER -----------------------------------------------------------

def register_issues(register: str, rows: list[dict[str, Any]], today: dt.date) -> list[tuple[str, str]]:
    context = ctx(today)
    reg = catalog().register(register)
    records = []
    for i, raw in enumerate(rows):
        values = record(register, raw, context)
        values["uuid"] = f"u{i}"
        records.append(values)
    return [(i.rule, i.message) for i in check_register(reg, records, context)]


def reps(day: str) -> dict[str, Any]:
    return meeting(会议类型="村民代表会议", 会议日期=day, 应到人数=45, 实到人数=40)


def test_ended_quarters_and_the_reporting_year() -> None:
    assert ended_quarters(dt.date(2026, 3, 31)) == (2025, [1, 2, 3, 4])
    assert ended_quarters(dt.date(2026, 4, 1)) == (2026, [1])
    assert ended_quarters(dt.date(2026, 9, 30)) == (2026, [1, 2])
    assert ended_quarters(dt.date(2026, 10, 1)) == (2026, [1, 2, 3])


def test_a_representatives_meeting_every_quarter() -> None:
    rows = [reps("2026-01-10"), reps("2026-04-10"), reps("2026-09-30")]
    assert register_issues("meetings", rows, dt.date(2026, 11, 21)) == []
    # The third quarter is asked for only once it has ended: on its last day it is still open.
    rows = [reps("2026-01-10"), reps("2026-04-10")]
    assert register_issues("meetings", rows, dt.date(2026, 9, 30)) == []
    found = register_issues("meetings", rows, dt.date(2026, 10, 1))
    assert found == [("R-REP-QUARTER", "会议类型：2026年第三季度没有召开村民代表会议的记录。"
                      "村民代表会议每季度召开一次（组织法第二十六条）")]


def test_other_meetings_do_not_count_for_the_quarter() -> None:
    rows = [reps("2026-01-10"), meeting(会议日期="2026-05-01"), reps("2026-08-10")]
    found = register_issues("meetings", rows, TODAY)
    assert len(found) == 1 and "第二季度" in found[0][1]


def test_quarters_before_the_first_record_are_not_asked_for() -> None:
    assert register_issues("meetings", [reps("2026-07-01")], TODAY) == []
    assert register_issues("meetings", [], TODAY) == []
    found = register_issues("meetings", [meeting(会议日期="2026-05-01")], TODAY)
    assert "第二、三季度" in found[0][1]


def disclosure(day: str, kind: str = "村务") -> dict[str, Any]:
    return {"公开日期": day, "公开类别": kind, "公开标题": "季度公开", "公开内容": "财务收支"}


def test_a_disclosure_every_quarter_party_matters_do_not_count() -> None:
    rows = [disclosure("2026-03-31"), disclosure("2026-06-30", "财务"), disclosure("2026-07-01", "党务")]
    found = register_issues("disclosures", rows, dt.date(2026, 10, 1))
    assert found == [("R-OPEN-QUARTER", "公开日期：2026年第三季度没有村务或财务公开的记录。"
                      "一般事项至少每季度公开一次（组织法第三十条）")]
    rows.append(disclosure("2026-09-30"))
    assert register_issues("disclosures", rows, dt.date(2026, 10, 1)) == []


def test_in_january_the_whole_last_year_is_asked_for() -> None:
    rows = [disclosure("2025-02-01"), disclosure("2025-05-01"), disclosure("2025-08-01")]
    found = register_issues("disclosures", rows, dt.date(2026, 1, 15))
    assert len(found) == 1 and "2025年第四季度" in found[0][1]


def test_the_definition_names_the_six_steps_in_the_order_of_the_law() -> None:
    from forms.governance import DECISION_STEPS

    reg = catalog().register("major_decisions")
    assert tuple(f.name for f in reg.fields if f.stage) == DECISION_STEPS
    assert [reg.field(name).type.holds_date for name in DECISION_STEPS] == [True] * 6


def test_a_number_may_carry_its_fields_own_unit() -> None:
    assert record("disclosures", {"公开日期": "2026-03-31", "公开类别": "财务", "公开天数": "15天"})["公开天数"] == 15
    assert record("major_decisions", {"事项名称": "村道", "涉及金额": "86.5万元"})["涉及金额"] == 86.5
    reg = catalog().register("disclosures")
    values, problems = prepare(reg, {"公开天数": "15周"})
    assert values["公开天数"] is None and "不是整数" in problems[0].message
