"""Rules of registers 9–10 and the profile's 服务站 at their boundaries (rules.md, "Registers 6–10"):
the 村民代表会议's composition (组织法 art. 25: 村民代表 ≥ 4/5, women 村民代表 ≥ 1/3), 5–15 households
per representative, a 骨干's departure, and the 综合服务站's areas (每百户 ≥ 30 m², ≥ 300 m², 办公 ≤ 30 %
and ≤ 建筑面积)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from forms.compute import Context
from forms.model import catalog
from forms.validation import check_record, check_register, computed_values, fill_derived, prepare
from sync.demo.village import make_id_number

TODAY = dt.date(2026, 11, 21)
RNG = random.Random(14)


def ctx(**kw: Any) -> Context:
    settings = {**catalog().setting_defaults(), **kw.pop("settings", {})}
    return Context(settings=settings, today=TODAY, **kw)


def records(register: str, rows: list[dict[str, Any]], context: Context) -> list[dict[str, Any]]:
    reg = catalog().register(register)
    out = []
    for i, raw in enumerate(rows):
        values, problems = prepare(reg, raw)
        assert not problems, problems
        fill_derived(reg, values)
        values["uuid"] = f"{register}-{i}"
        values.update(computed_values(reg, values, context))
        out.append(values)
    return out


def person(sex: str = "男", roles: str = "村民代表", **kw: Any) -> dict[str, Any]:
    pid = make_id_number("350322", dt.date(1970 + RNG.randrange(30), 3, 9), sex, RNG)
    return {"姓名": "某某", "性别": sex, "公民身份号码": pid, "角色": roles, **kw}


def committee(n: int, women: int = 0) -> list[dict[str, Any]]:
    """``n`` 村委会 members (主任 + 委员), the first ``women`` of them women."""
    rows = [person("女" if i < women else "男", roles="", 民族="汉族", 政治面貌="群众",
                   党组织职务="无", 村委会职务="主任" if i == 0 else "委员") for i in range(n)]
    for row in rows:
        del row["角色"]
    return records("committee_members", rows, ctx())


def register_issues(register: str, rows: list[dict[str, Any]], context: Context) -> list[tuple[str, str]]:
    reg = catalog().register(register)
    return [(i.rule, i.message) for i in check_register(reg, records(register, rows, context), context)]


def record_issues(register: str, raw: dict[str, Any], context: Context | None = None) -> list[tuple[str, str]]:
    context = context or ctx()
    reg = catalog().register(register)
    values = records(register, [raw], context)[0]
    return [(i.rule, i.message) for i in check_record(reg, values, context, values["uuid"])]


def mix(found: list[tuple[str, str]]) -> list[str]:
    return [message.split("：")[0] for rule, message in found if rule == "R-REP-MIX"]


# --------------------------------------------------------------- R-REP-MIX (组织法 第二十五条)
def test_women_representatives_exactly_a_third_of_the_assembly_is_enough() -> None:
    # 3 村委会 members + 12 村民代表 = 15; 5 women 村民代表 = 1/3 exactly, 12/15 = 4/5 exactly.
    reps = [person("女") for _ in range(5)] + [person("男") for _ in range(7)]
    assert mix(register_issues("village_roles", reps, ctx(related={"committee_members": committee(3)}))) == []


def test_one_woman_representative_short_of_a_third_is_warned_with_the_law() -> None:
    reps = [person("女") for _ in range(4)] + [person("男") for _ in range(8)]
    found = register_issues("village_roles", reps, ctx(related={"committee_members": committee(3)}))
    messages = [m for r, m in found if r == "R-REP-MIX"]
    assert mix(found) == ["性别"]
    assert "组成人员15人" in messages[0] and "妇女村民代表4人" in messages[0] and "第二十五条" in messages[0]


def test_women_on_the_committee_do_not_make_up_for_women_representatives() -> None:
    # The law counts 妇女村民代表: three women on the 村委会 leave 4 of 15 women representatives short.
    reps = [person("女") for _ in range(4)] + [person("男") for _ in range(8)]
    found = register_issues("village_roles", reps, ctx(related={"committee_members": committee(3, women=3)}))
    assert mix(found) == ["性别"]


def test_representatives_exactly_four_fifths_pass_and_one_short_is_warned() -> None:
    four_fifths = [person("女") for _ in range(4)] + [person("男") for _ in range(4)]  # 8 of 10
    assert mix(register_issues("village_roles", four_fifths,
                               ctx(related={"committee_members": committee(2)}))) == []
    short = [person("女") for _ in range(4)] + [person("男") for _ in range(3)]  # 7 of 9 < 4/5
    found = register_issues("village_roles", short, ctx(related={"committee_members": committee(2)}))
    assert mix(found) == ["角色"]
    assert "组成人员9人，其中村民代表7人" in next(m for r, m in found if r == "R-REP-MIX")


def test_departed_and_other_roles_are_not_in_the_assembly() -> None:
    reps = [person("女") for _ in range(5)] + [person("男") for _ in range(7)]
    others = [person("男", roles="网格长"), person("男", 在任状态="离任", 离任日期="2025-01-01")]
    assert mix(register_issues("village_roles", reps + others,
                               ctx(related={"committee_members": committee(3)}))) == []


# --------------------------------------------------------------- R-REP-HOUSEHOLDS
@pytest.mark.parametrize(("households", "warned"), [(4, True), (5, False), (15, False), (16, True)])
def test_households_per_representative_five_to_fifteen(households: int, warned: bool) -> None:
    found = record_issues("village_roles", person(代表户数=households))
    assert any(r == "R-REP-HOUSEHOLDS" for r, _ in found) is warned
    if warned:
        assert f"{households}户" in found[0][1] and "每5户至15户" in found[0][1]


def test_households_of_someone_who_is_not_a_representative_are_not_judged() -> None:
    assert record_issues("village_roles", person(roles="网格长", 代表户数=40)) == []


@pytest.mark.parametrize(("reps", "warned"), [(7, True), (8, False), (24, False), (25, True)])
def test_representatives_in_total_between_households_over_15_and_over_5(reps: int, warned: bool) -> None:
    # 120 households: 8 (120/15) to 24 (120/5) representatives.
    rows = [person("女" if i % 2 else "男") for i in range(reps)]
    found = register_issues("village_roles", rows, ctx(profile={"户数": 120}))
    households = [m for r, m in found if r == "R-REP-HOUSEHOLDS"]
    assert bool(households) is warned
    if warned:
        assert "本村120户" in households[0] and "8至24人" in households[0] and f"现有{reps}人" in households[0]


def test_the_household_limits_are_settings() -> None:
    found = record_issues("village_roles", person(代表户数=16), ctx(settings={"rep_households_max": 20}))
    assert found == []


# --------------------------------------------------------------- R-ROLE-LEFT
def test_a_departure_needs_its_date_not_before_the_appointment() -> None:
    assert [r for r, _ in record_issues("village_roles", person(在任状态="离任"))] == ["R-ROLE-LEFT"]
    found = record_issues("village_roles", person(在任状态="离任", 推选或聘任日期="2021-03-01",
                                                  离任日期="2020-12-31"))
    assert found == [("R-ROLE-LEFT", "离任日期：2020-12-31 早于推选或聘任日期 2021-03-01")]
    assert record_issues("village_roles", person(在任状态="离任", 推选或聘任日期="2021-03-01",
                                                 离任日期="2021-03-01")) == []


def test_roles_are_required_and_read_from_one_cell() -> None:
    reg = catalog().register("village_roles")
    values, _ = prepare(reg, {"角色": "网格员、村民代表 组长"})
    assert values["角色"] == ["村民代表", "村民小组长", "兼职网格员"]
    assert ("R-REQUIRED", "角色：必须填写") in record_issues("village_roles", person(roles=""))


# --------------------------------------------------------------- 服务站 areas
def station(area: float | None, office: float | None = None, households: int = 600) -> dict[str, Any]:
    return {"村名": "东山村", "统计用区划代码": "350322111202", "户数": households, "有综合服务站": True,
            "服务站建筑面积": area, "服务站办公面积": office}


def station_issues(**kw: Any) -> list[tuple[str, str]]:
    return [f for f in record_issues("village_profile", station(**kw)) if f[0].startswith("R-STATION")]


def test_three_hundred_square_metres_is_enough_and_299_9_is_not() -> None:
    assert station_issues(area=300) == []
    found = station_issues(area=299.9)
    assert found == [("R-STATION-AREA", "服务站建筑面积：299.9平方米，总面积应不低于300平方米（村级综合服务站建设标准）")]


def test_thirty_square_metres_per_hundred_households() -> None:
    assert station_issues(area=600, households=2000) == []  # 30 per 100 exactly
    found = station_issues(area=599.5, households=2000)
    assert [r for r, _ in found] == ["R-STATION-AREA"] and "应不少于600平方米" in found[0][1]


def test_office_thirty_percent_of_the_area_at_most() -> None:
    assert station_issues(area=300, office=90) == []  # exactly 30 %
    found = station_issues(area=300, office=90.5)
    assert [r for r, _ in found] == ["R-STATION-AREA"] and "30.2%" in found[0][1]


def test_office_larger_than_the_building_is_an_error_said_once() -> None:
    found = station_issues(area=300, office=300.5)
    assert found == [("R-STATION", "服务站办公面积：300.5平方米，超过服务站建筑面积300平方米")]
    reg = catalog().register("village_profile")
    assert catalog().rules["R-STATION"].severity == "error" and reg.field("服务站办公面积").unit == "平方米"


def test_a_village_without_areas_is_not_judged() -> None:
    assert station_issues(area=None) == []


# --------------------------------------------------------------- 组织大类
@pytest.mark.parametrize(("kind", "group"), [("调委会", "下属委员会"), ("红白理事会", "自治组织"),
                                             ("组管委", "自治组织"), ("妇联", "群团组织"), ("其他", "其他")])
def test_a_body_s_class_follows_from_its_type(kind: str, group: str) -> None:
    body = records("village_bodies", [{"名称": "某组织", "组织类型": kind}], ctx())[0]
    assert body["组织大类"] == group
