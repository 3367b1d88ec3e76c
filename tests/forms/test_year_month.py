"""Year-month fields (出生年月, 入党时间, 转正时间, 任职时间, volunteers' 出生日期): every way rosters
write them, kept at the precision given, and every rule working at that precision (issue 11)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from forms.compute import Context, age_on
from forms.model import catalog
from forms.types import PartialDate, ValueProblem, as_partial_date, type_named
from forms.validation import Issue, check_record, computed_values, fill_derived, prepare
from sync.demo.township import id_number

TODAY = dt.date(2026, 11, 21)
BORN_0312 = id_number("1968-03-12", "女", 3)  # a woman born 1968-03-12: the day is not 01
YEARMONTH = type_named("yearmonth")


@pytest.mark.parametrize(("raw", "canonical"), [
    ("1968.03", "1968-03"), ("1968.3", "1968-03"), ("1979年10月", "1979-10"), ("1995-06", "1995-06"),
    ("1995/6", "1995-06"), ("197005", "1970-05"), ("1968年03月", "1968-03"), (" 1968.03 ", "1968-03"),
    ("１９６８．０３", "1968-03"), ("１９７９年１０月", "1979-10"), ("1968－03", "1968-03"),
    ("19700512", "1970-05-12"), ("1970-05-12", "1970-05-12"), ("1970.5.12", "1970-05-12"),
    ("1970年5月12日", "1970-05-12"), ("１９７０－０５－１２", "1970-05-12"),
    # What Excel hands over: a date cell (the reader turns one formatted 年月 into "YYYY-MM"
    # text first), 1968.03 typed into a General cell, 197005 / 19700512 as numbers, a serial.
    (dt.datetime(1970, 5, 12), "1970-05-12"), (dt.date(1970, 5, 12), "1970-05-12"),
    (1968.03, "1968-03"), (1979.12, "1979-12"), (197005, "1970-05"), (19700512, "1970-05-12"),
    (25639, "1970-03-12"),
])
def test_each_spelling_keeps_the_precision_given(raw: Any, canonical: str) -> None:
    assert YEARMONTH.parse(raw) == canonical


@pytest.mark.parametrize(("raw", "words"), [
    ("1968", "只有年份"), (1968, "只有年份"), ("1968年", "只有年份"), ("1968.13", "月份应为1到12"),
    ("1968-02-30", "不是有效日期"), ("六八年三月", "不是可识别的年月"), ("68.03", "不是可识别的年月"),
])
def test_what_is_not_a_year_month_is_refused_with_a_reason(raw: Any, words: str) -> None:
    with pytest.raises(ValueProblem, match=words):
        YEARMONTH.parse(raw)


def test_shown_as_chinese_rosters_print_it() -> None:
    assert YEARMONTH.format("1968-03") == "1968.03"
    assert YEARMONTH.format("1968-03-12") == "1968.03.12"
    assert YEARMONTH.format(None) == ""
    # What is shown reads back as the same value (the form and exports show this text).
    for value in ("1968-03", "1968-03-12", "1979-10"):
        assert YEARMONTH.parse(YEARMONTH.format(value)) == value


def test_the_date_type_is_unchanged_for_date_fields() -> None:
    assert type_named("date").parse("1975.03") == "1975-03-01"  # 注册日期 …: a date, as before
    assert type_named("date").parse("１９７５．０３．０１") == "1975-03-01"


def test_partial_dates_know_their_first_and_last_day() -> None:
    march = as_partial_date("2024-02")
    assert march == PartialDate(2024, 2) and not march.has_day
    assert (march.first, march.last) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    day = as_partial_date("1968-03-12")
    assert day == PartialDate(1968, 3, 12) and day.first == day.last == dt.date(1968, 3, 12)
    assert as_partial_date(dt.date(1968, 3, 12)) == day
    assert as_partial_date("1968-13") is None and as_partial_date("abc") is None and as_partial_date(None) is None
    assert PartialDate(2024, 2, 29).plus_years(5) == PartialDate(2029, 2, 28)
    assert PartialDate(2021, 3).plus_years(5) == PartialDate(2026, 3)


def test_ages_count_from_the_birth_month() -> None:
    born = PartialDate(2008, 3)
    assert age_on(born, dt.date(2026, 3, 1)) == 18  # 按出生年月: 18 in March 2026
    assert age_on(born, dt.date(2026, 2, 28)) == 17
    assert age_on(dt.date(2008, 3, 15), PartialDate(2026, 3)) == 18  # elected some day in March
    assert age_on(dt.date(2008, 3, 15), dt.date(2026, 3, 14)) == 17


# ---------------------------------------------------------------- rules at the precision given

def issues(register: str, raw: dict[str, Any], today: dt.date = TODAY) -> list[Issue]:
    reg = catalog().register(register)
    values, found = prepare(reg, raw)
    fill_derived(reg, values)
    ctx = Context(settings=catalog().setting_defaults(), today=today)
    values = {**values, "uuid": "u"}
    values.update(computed_values(reg, values, ctx))
    return found + check_record(reg, values, ctx, "u")


def rules(found: list[Issue]) -> set[str]:
    return {i.rule for i in found}


def member(**kw: Any) -> dict[str, Any]:
    base = {"姓名": "林秀英", "民族": "汉族", "公民身份号码": BORN_0312, "政治面貌": "中共党员",
            "党组织职务": "委员", "委员分工": "组织", "村委会职务": "委员", "任职时间": "2026.03",
            "联系电话": "13812345678", "入党时间": "1995.07", "转正时间": "1996.07"}
    base.update(kw)
    return {k: v for k, v in base.items() if v is not None}


@pytest.mark.parametrize("written", ["1968.03", "1968年3月", "1968-03", "196803", "1968.03.12", 196803,
                                     dt.datetime(1968, 3, 12)])
def test_a_birth_month_that_agrees_with_the_id_number_passes(written: Any) -> None:
    assert issues("两委成员", member(出生年月=written)) == []


def test_a_birth_month_or_day_that_disagrees_is_named_at_the_precision_written() -> None:
    (wrong_month,) = issues("两委成员", member(出生年月="1968.04"))
    assert (wrong_month.rule, wrong_month.field) == ("R-SEX", "出生年月")
    assert wrong_month.message == "出生年月：填写为 1968.04，但公民身份号码显示为 1968.03"
    (wrong_day,) = issues("两委成员", member(出生年月="1968-03-13"))
    assert wrong_day.message == "出生年月：填写为 1968.03.13，但公民身份号码显示为 1968.03.12"
    assert rules(issues("两委成员", member(出生年月="1968-03-01"))) == {"R-SEX"}  # an invented 01 is wrong


def test_volunteers_birth_month_and_supervisors_birth_month_agree_too() -> None:
    volunteer = {"姓名": "王芳", "证件号码": BORN_0312, "出生日期": "1968.03", "注册日期": "2024-01-05"}
    assert issues("志愿者", volunteer) == []
    assert rules(issues("志愿者", {**volunteer, "出生日期": "1968.02"})) == {"R-SEX"}
    supervisor = {"姓名": "王芳", "民族": "汉族", "公民身份号码": BORN_0312, "出生年月": "1968年3月",
                  "政治面貌": "群众", "职务": "委员", "推选日期": "2026-03-25"}
    assert issues("监委会", supervisor) == []


def test_a_derived_birth_keeps_the_day_the_id_number_gives() -> None:
    reg = catalog().register("两委成员")
    values, _ = prepare(reg, member())
    fill_derived(reg, values)
    assert values["出生年月"] == "1968-03-12"
    values, _ = prepare(reg, member(出生年月="1968.03"))
    fill_derived(reg, values)
    assert values["出生年月"] == "1968-03"  # what the clerk gave stays as given


ELECTED_AT_18 = id_number("2008-03-15", "男", 4)


def test_r_age_at_month_precision_gives_the_benefit_of_the_month() -> None:
    young = member(公民身份号码=ELECTED_AT_18, 政治面貌="群众", 党组织职务="无", 委员分工=None,
                   入党时间=None, 转正时间=None)
    # Elected in March 2026, the month of the 18th birthday (15 March): it may be after it.
    assert "R-AGE" not in rules(issues("两委成员", {**young, "任职时间": "2026.03"}))
    (under,) = [i for i in issues("两委成员", {**young, "任职时间": "2026.02"}) if i.rule == "R-AGE"]
    assert under.message == "任职时间：任职时（2026.02）年龄为17岁，未满18周岁"
    # At day precision the day decides, as before.
    assert "R-AGE" in rules(issues("两委成员", {**young, "任职时间": "2026-03-14"}))
    assert "R-AGE" not in rules(issues("两委成员", {**young, "任职时间": "2026-03-15"}))


def test_r_age_with_a_birth_month_and_no_id_number() -> None:
    base = {"姓名": "王伟", "民族": "汉族", "性别": "男", "出生年月": "2008.03", "政治面貌": "群众",
            "职务": "委员"}
    assert "R-AGE" not in rules(issues("监委会", {**base, "推选日期": "2026-03-01"}, TODAY))
    assert "R-AGE" in rules(issues("监委会", {**base, "推选日期": "2026-02-28"}, TODAY))


def test_r_join_at_month_precision() -> None:
    # Born 1968-03-12: 18 in March 1986.
    assert "R-JOIN" not in rules(issues("两委成员", member(入党时间="1986.03", 转正时间="1987.03")))
    (young,) = [i for i in issues("两委成员", member(入党时间="1986.02", 转正时间="1987.02"))
                if i.rule == "R-JOIN"]
    assert young.message == "入党时间：1986.02 时未满18周岁（出生于 1968.03.12）"
    # 转正 after 入党: the same month may be days later; an earlier month or the same day may not.
    assert "R-JOIN" not in rules(issues("两委成员", member(入党时间="1995.07", 转正时间="1995.07")))
    (order,) = [i for i in issues("两委成员", member(入党时间="1995.07", 转正时间="1995.06"))
                if i.rule == "R-JOIN"]
    assert order.message == "转正时间：1995.06 应晚于入党时间 1995.07"
    assert "R-JOIN" in rules(issues("两委成员", member(入党时间="1995-07-01", 转正时间="1995-07-01")))
    assert "R-JOIN" not in rules(issues("两委成员", member(入党时间="1995-07-01", 转正时间="1995.07")))


def test_r_dates_a_month_is_future_only_when_all_of_it_is() -> None:
    assert "R-DATES" not in rules(issues("两委成员", member(任职时间="2026.11")))  # this month
    (future,) = [i for i in issues("两委成员", member(任职时间="2026.12")) if i.rule == "R-DATES"]
    assert future.message == "任职时间：2026.12 晚于今天"
    assert "R-DATES" in rules(issues("两委成员", member(任职时间="2026-11-22")))
    assert "R-DATES" in rules(issues("两委成员", member(入党时间="1899.12", 转正时间=None)))
    assert "R-DATES" not in rules(issues("两委成员", member(入党时间="1900.01", 转正时间=None, 政治面貌="中共党员")))


def test_term_end_at_the_precision_of_the_appointment() -> None:
    reg = catalog().register("两委成员")
    ctx = Context(settings=catalog().setting_defaults(), today=TODAY)
    assert computed_values(reg, {"任职时间": "2021-03"}, ctx)["任期届满"] == "2026-03"
    assert computed_values(reg, {"任职时间": "2021-03-18"}, ctx)["任期届满"] == "2026-03-18"
    assert computed_values(reg, {"任职时间": "2024-02-29"}, ctx)["任期届满"] == "2029-02-28"
    three = Context(settings={**catalog().setting_defaults(), "term_years": 3}, today=TODAY)
    assert computed_values(reg, {"任职时间": "2021-03"}, three)["任期届满"] == "2024-03"
    assert reg.field("任期届满").format("2026-03") == "2026.03"


def test_r_term_a_term_ending_in_a_month_expires_after_that_month() -> None:
    old = member(任职时间="2021.03")
    assert "R-TERM" not in rules(issues("两委成员", old, dt.date(2026, 3, 31)))
    (expired,) = [i for i in issues("两委成员", old, dt.date(2026, 4, 1)) if i.rule == "R-TERM"]
    assert expired.message == "任期届满：任期已于 2026.03 届满，请核实是否已换届"
    assert "R-TERM" in rules(issues("两委成员", member(任职时间="2021-03-18"), dt.date(2026, 3, 19)))


def test_records_holding_full_dates_stay_valid() -> None:
    """Databases from before hold full dates in these fields: the same values, no issues."""
    stored = member(出生年月="1968-03-12", 入党时间="1995-07-01", 转正时间="1996-07-01",
                    任职时间="2026-03-18")
    assert issues("两委成员", stored) == []
    reg = catalog().register("两委成员")
    for name in ("出生年月", "入党时间", "转正时间", "任职时间"):
        fld = reg.field(name)
        assert fld.type.problem(stored[name], fld) is None
        assert fld.parse(stored[name]) == stored[name]
