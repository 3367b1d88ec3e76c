"""Each field type: normalising what people type, checking it, storing and showing it."""

from __future__ import annotations

import datetime as dt

import pytest

from forms.model import catalog
from forms.types import TYPES, ValueProblem, type_named


def field(register: str, name: str):
    return catalog().registers[register].field(name)


@pytest.mark.parametrize(
    "raw",
    ["1975-03-01", "1975/3/1", "1975.3.1", "1975年3月1日", "19750301", "１９７５－０３－０１".replace("－", "-"),
     dt.date(1975, 3, 1), dt.datetime(1975, 3, 1, 8, 30), 27454, " 1975-03-01 "],
)
def test_date_forms(raw: object) -> None:
    assert type_named("date").parse(raw) == "1975-03-01"


@pytest.mark.parametrize("raw", ["1975.03", "1975年3月", "1975-3", "197503"])
def test_year_month_only_dates_keep_the_first_day(raw: str) -> None:
    assert type_named("date").parse(raw) == "1975-03-01"


@pytest.mark.parametrize("raw", ["1975-02-30", "明天", "75.3.1", "2024-13-01"])
def test_bad_dates_are_refused_with_a_reason(raw: str) -> None:
    with pytest.raises(ValueProblem) as exc:
        type_named("date").parse(raw)
    assert raw.strip() in str(exc.value) or "日期" in str(exc.value)


def test_yearmonth_and_time() -> None:
    assert type_named("yearmonth").parse("1975年3月") == "1975-03"
    assert type_named("time").parse("8:30") == "08:30"
    assert type_named("time").parse("14时") == "14:00"
    assert type_named("time").parse(0.5) == "12:00"
    assert type_named("time").parse(dt.time(7, 5)) == "07:05"
    with pytest.raises(ValueProblem):
        type_named("time").parse("25:00")


def test_int_and_decimal() -> None:
    members = field("social_organizations", "成员数")
    assert members.parse("６８") == 68
    assert members.parse("1,200人") == 1200
    assert members.parse(12.0) == 12
    with pytest.raises(ValueProblem):
        members.parse("12.5")
    with pytest.raises(ValueProblem, match="不能小于0"):
        members.parse("-3")
    hours = field("volunteer_services", "服务时长")
    assert hours.parse("2.5小时") == 2.5
    with pytest.raises(ValueProblem, match=r"0\.5"):
        hours.parse("2.3")
    assert hours.format(2.0) == "2"


def test_bool_words() -> None:
    skill = field("supervisory_committee", "具备财会或管理知识")
    assert skill.parse("是") is True and skill.parse("否") is False
    assert skill.parse("√") is True and skill.parse(0) is False
    assert skill.format(True) == "是"
    assert skill.type.to_sql(True) == 1 and skill.type.from_sql(0) is False
    with pytest.raises(ValueProblem):
        skill.parse("也许")


def test_choice_aliases_and_refusal() -> None:
    education = field("committee_members", "文化程度")
    assert education.parse("大专") == "大学专科"
    assert education.parse("本科") == "大学本科"
    assert education.parse(" 高中 ") == "普通高中"
    assert field("committee_members", "政治面貌").parse("党员") == "中共党员"
    assert field("committee_members", "政治面貌").parse("预备党员") == "中共预备党员"
    assert field("committee_members", "民族").parse("汉") == "汉族"
    assert field("committee_members", "民族").parse("苗族") == "苗族"
    with pytest.raises(ValueProblem, match="不在可选项中"):
        education.parse("幼儿园")


def test_multi_choice_order_and_separators() -> None:
    skills = field("volunteers", "服务技能")
    assert skills.parse("农技，医疗护理、文体服务") == ["医疗护理", "文体", "农技"]
    assert skills.parse(["农技", "农技"]) == ["农技"]
    assert skills.type.to_sql(["医疗护理", "农技"]) == "医疗护理、农技"
    assert skills.type.from_sql("医疗护理、农技") == ["医疗护理", "农技"]
    with pytest.raises(ValueProblem):
        skills.parse("唱歌")


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("138 1234 5678", "13812345678"), ("138-1234-5678", "13812345678"),
     ("+86 13812345678", "13812345678"), ("0594-1234567", "0594-1234567"),
     ("(0594)1234567", "0594-1234567"), (13812345678, "13812345678")],
)
def test_phones(raw: object, stored: str) -> None:
    assert field("committee_members", "联系电话").parse(raw) == stored


@pytest.mark.parametrize("raw", ["12345", "2381234567", "1381234567"])
def test_bad_phones(raw: str) -> None:
    with pytest.raises(ValueProblem, match="手机"):
        field("committee_members", "联系电话").parse(raw)


def test_text_length_and_cleaning() -> None:
    name = field("committee_members", "姓名")
    assert name.parse("  张　三 ") == "张 三"
    with pytest.raises(ValueProblem, match="最多30个字"):
        name.parse("张" * 31)
    text = type_named("longtext").parse("第一条\r\n第二条  \n")
    assert text == "第一条\n第二条"


def test_identifier_types_normalise() -> None:
    assert field("committee_members", "公民身份号码").parse("11010519491231002x") == "11010519491231002X"
    with pytest.raises(ValueProblem, match="校验位"):
        field("committee_members", "公民身份号码").parse("110105194912310021")
    assert field("social_organizations", "统一社会信用代码").parse("91350100m000100y43") == "91350100M000100Y43"


def test_empty_is_none_for_every_type() -> None:
    for ftype in TYPES.values():
        assert ftype.parse("  ") is None
        assert ftype.parse(None) is None
