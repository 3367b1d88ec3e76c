"""Per-record rules of rules.md, each at its boundary."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from forms.compute import Context, age_on
from forms.model import catalog
from forms.validation import check_record, computed_values, fill_derived, prepare

TODAY = dt.date(2026, 11, 21)
ID_1975_F = "350322197503010021"  # woman, born 1975-03-01


def issues_for(register: str, raw: dict[str, Any], **ctx_kw: Any) -> list[tuple[str, str, str | None]]:
    reg = catalog().register(register)
    values, parse_issues = prepare(reg, raw)
    fill_derived(reg, values)
    ctx = Context(settings={**catalog().setting_defaults(), **ctx_kw.pop("settings", {})}, today=TODAY,
                  **ctx_kw)
    values = {**values, "uuid": "u"}
    values.update(computed_values(reg, values, ctx))
    found = parse_issues + check_record(reg, values, ctx, "u")
    return [(i.rule, i.severity, i.field) for i in found]


def member(**kw: Any) -> dict[str, Any]:
    base = {"姓名": "林秀英", "民族": "汉族", "公民身份号码": ID_1975_F, "政治面貌": "中共党员",
            "党组织职务": "委员", "委员分工": "组织", "村委会职务": "委员", "任职时间": "2026-03-18",
            "联系电话": "13812345678", "入党时间": "1998-07-01", "转正时间": "1999-07-01"}
    base.update(kw)
    return {k: v for k, v in base.items() if v is not None}


def rules_of(found: list[tuple[str, str, str | None]]) -> set[str]:
    return {r for r, _, _ in found}


def test_a_good_member_has_no_issues() -> None:
    assert issues_for("两委成员", member()) == []


def test_required_fields_are_named() -> None:
    found = issues_for("两委成员", member(姓名=None))
    assert ("R-REQUIRED", "error", "姓名") in found


def test_r_id_bad_check_digit_and_fifteen_digits() -> None:
    assert ("R-ID", "error", "公民身份号码") in issues_for("两委成员", member(公民身份号码="350322197503010022"))
    assert ("R-ID", "error", "公民身份号码") in issues_for("两委成员", member(公民身份号码="350322750301002"))


def test_r_id_applies_to_volunteer_resident_cards_only() -> None:
    base = {"姓名": "王五", "证件号码": "350322197503010022", "注册日期": "2020-01-01"}
    assert "R-ID" in rules_of(issues_for("志愿者", base))
    assert "R-ID" not in rules_of(issues_for("志愿者", {**base, "证件类型": "护照", "性别": "男",
                                                       "证件号码": "E12345678"}))


def test_r_sex_and_birth_must_agree_with_id() -> None:
    assert issues_for("两委成员", member(性别="女", 出生年月="1975-03-01")) == []
    assert ("R-SEX", "error", "性别") in issues_for("两委成员", member(性别="男"))
    assert ("R-SEX", "error", "出生年月") in issues_for("两委成员", member(出生年月="1975-03-02"))


def test_derived_fields_fill_from_id() -> None:
    reg = catalog().register("两委成员")
    values, _ = prepare(reg, member())
    fill_derived(reg, values)
    assert values["性别"] == "女" and values["出生年月"] == "1975-03-01"


@pytest.mark.parametrize(("appointed", "bad"), [("1993-02-28", True), ("1993-03-01", False)])
def test_r_age_eighteen_on_the_day_of_election(appointed: str, bad: bool) -> None:
    found = issues_for("两委成员", member(任职时间=appointed, 入党时间=None, 转正时间=None,
                                       政治面貌="群众", 党组织职务="无", 委员分工=None))
    assert (("R-AGE", "error", "任职时间") in found) is bad


def test_age_on_birthday_counts_the_new_year() -> None:
    assert age_on(dt.date(1975, 3, 1), dt.date(1993, 3, 1)) == 18
    assert age_on(dt.date(1975, 3, 1), dt.date(1993, 2, 28)) == 17


@pytest.mark.parametrize(("status", "bad"), [("中共党员", False), ("中共预备党员", True), ("群众", True)])
def test_r_party_post_requires_full_member(status: str, bad: bool) -> None:
    found = issues_for("两委成员", member(政治面貌=status, 入党时间=None, 转正时间=None))
    assert (("R-PARTY", "error", "党组织职务") in found) is bad


def test_r_join_dates() -> None:
    assert ("R-JOIN", "error", "入党时间") in issues_for("两委成员", member(入党时间="1993-02-28"))
    assert "R-JOIN" not in rules_of(issues_for("两委成员", member(入党时间="1993-03-01",
                                                             转正时间="1994-03-01")))
    assert ("R-JOIN", "error", "转正时间") in issues_for("两委成员", member(转正时间="1998-07-01"))
    found = issues_for("两委成员", member(政治面貌="群众", 党组织职务="无", 委员分工=None))
    assert ("R-JOIN", "error", "入党时间") in found


def test_r_phone_mobile_or_landline() -> None:
    assert "R-PHONE" not in rules_of(issues_for("两委成员", member(联系电话="0594-7654321")))
    assert ("R-PHONE", "error", "联系电话") in issues_for("两委成员", member(联系电话="1381234567"))


def test_r_dates_not_future_not_before_1900() -> None:
    assert ("R-DATES", "error", "任职时间") in issues_for("两委成员", member(任职时间="2026-11-22"))
    assert "R-DATES" not in rules_of(issues_for("两委成员", member(任职时间="2026-11-21")))
    found = issues_for("志愿者", {"姓名": "王五", "证件类型": "其他", "证件号码": "X1", "性别": "男",
                               "注册日期": "1899-12-31"})
    assert ("R-DATES", "error", "注册日期") in found


def test_r_term_expired_is_a_warning_and_uses_the_setting() -> None:
    assert ("R-TERM", "warning", "任期届满") in issues_for("两委成员", member(任职时间="2021-11-20"))
    assert "R-TERM" not in rules_of(issues_for("两委成员", member(任职时间="2021-11-21")))
    found = issues_for("两委成员", member(任职时间="2021-11-20"), settings={"term_years": 6})
    assert "R-TERM" not in rules_of(found)


def test_r_agecap_only_when_set() -> None:
    assert "R-AGECAP" not in rules_of(issues_for("两委成员", member()))
    assert ("R-AGECAP", "warning", "出生年月") in issues_for("两委成员", member(), settings={"age_cap": 50})
    assert "R-AGECAP" not in rules_of(issues_for("两委成员", member(), settings={"age_cap": 51}))


def org(**kw: Any) -> dict[str, Any]:
    base = {"名称": "老年协会", "类别": "为民服务", "管理方式": "登记", "法人类型": "社会团体",
            "统一社会信用代码": "51350322MJ0000001X", "成员数": 50}
    base.update(kw)
    return {k: v for k, v in base.items() if v is not None}


def test_r_uscc_registered_needs_a_valid_civil_affairs_code() -> None:
    from forms.identifiers import uscc_check_char

    good = "51350322MJ000000" + "1"
    good += uscc_check_char(good)
    assert issues_for("社会组织", org(统一社会信用代码=good)) == []
    assert ("R-USCC", "error", "统一社会信用代码") in issues_for("社会组织", org(统一社会信用代码=None))
    assert ("R-USCC", "error", "统一社会信用代码") in issues_for("社会组织", org(统一社会信用代码="91350100M000100Y43"))
    assert ("R-USCC", "error", "统一社会信用代码") in issues_for("社会组织", org(统一社会信用代码=good[:-1] + "0"))


def test_r_uscc_filed_needs_number_and_date_and_no_code() -> None:
    filed = org(管理方式="备案", 法人类型=None, 统一社会信用代码=None, 备案编号="榜社备1号",
                备案日期="2020-01-01")
    assert issues_for("社会组织", filed) == []
    found = issues_for("社会组织", {**filed, "备案编号": "", "统一社会信用代码": "91350100M000100Y43"})
    assert ("R-USCC", "error", "备案编号") in found
    assert ("R-USCC", "error", "统一社会信用代码") in found


def test_r_members_fifty_for_registered_societies() -> None:
    from forms.identifiers import uscc_check_char

    code = "51350322MJ0000001"
    code += uscc_check_char(code)
    assert ("R-MEMBERS", "warning", "成员数") in issues_for("社会组织", org(统一社会信用代码=code, 成员数=49))
    assert "R-MEMBERS" not in rules_of(issues_for("社会组织", org(统一社会信用代码=code, 成员数=50)))


def service(**kw: Any) -> dict[str, Any]:
    base = {"志愿者": "0" * 32, "活动名称": "扫雪", "服务日期": "2026-01-05", "开始时间": "08:00",
            "结束时间": "10:00", "服务时长": 2}
    base.update(kw)
    return {k: v for k, v in base.items() if v is not None}


def test_r_hours() -> None:
    assert issues_for("服务记录", service()) == []
    assert ("R-HOURS", "error", "结束时间") in issues_for("服务记录", service(结束时间="08:00"))
    assert ("R-HOURS", "error", "服务时长") in issues_for("服务记录", service(服务时长=2.5))
    assert ("R-VALUE", "error", "服务时长") in issues_for("服务记录", service(服务时长=1.2))
    assert ("R-HOURS", "error", "服务时长") in issues_for("服务记录", service(服务时长=0))
    no_times = service(开始时间=None, 结束时间=None, 服务时长=25)
    assert ("R-HOURS", "error", "服务时长") in issues_for("服务记录", no_times)


def test_r_minor_needs_guardian_consent() -> None:
    minor = {"姓名": "小明", "证件号码": "350322201001010012", "注册日期": "2026-01-01"}
    assert ("R-MINOR", "warning", "监护人同意") in issues_for("志愿者", minor)
    assert "R-MINOR" not in rules_of(issues_for("志愿者", {**minor, "监护人同意": "是"}))
    adult = {**minor, "注册日期": "2028-01-01"}
    assert "R-MINOR" not in rules_of(issues_for("志愿者", adult))


def rules_record(**kw: Any) -> dict[str, Any]:
    base = {"名称": "村规民约", "类型": "制定", "表决会议": "村民会议", "会议日期": "2026-05-06",
            "应到人数": 100, "实到人数": 51, "其中妇女": 20, "赞成": 26, "反对": 10, "弃权": 15,
            "备案日期": "2026-05-16"}
    base.update(kw)
    return {k: v for k, v in base.items() if v is not None}


def test_r_rules_vote_assembly_quorum_and_majority() -> None:
    assert issues_for("村规民约", rules_record()) == []
    assert ("R-RULES-VOTE", "error", "实到人数") in issues_for("村规民约", rules_record(实到人数=50, 赞成=26))
    assert ("R-RULES-VOTE", "error", "赞成") in issues_for("村规民约", rules_record(赞成=25))
    households = rules_record(应到口径="户代表", 应到人数=90, 实到人数=60, 赞成=31, 反对=0, 弃权=0)
    assert issues_for("村规民约", households) == []
    assert "R-RULES-VOTE" in rules_of(issues_for("村规民约", {**households, "实到人数": 59, "赞成": 31}))


def test_r_rules_vote_representatives_and_the_article_27_warning() -> None:
    reps = rules_record(表决会议="村民代表会议", 应到人数=45, 实到人数=30, 赞成=16, 反对=0, 弃权=0)
    found = issues_for("村规民约", reps)
    assert found == [("R-RULES-VOTE", "warning", "表决会议")]
    assert ("R-RULES-VOTE", "error", "实到人数") in issues_for("村规民约", {**reps, "实到人数": 29, "赞成": 16})


def test_r_rules_count() -> None:
    assert ("R-RULES-COUNT", "error", "赞成") in issues_for("村规民约", rules_record(弃权=16))
    assert ("R-RULES-COUNT", "error", "实到人数") in issues_for("村规民约", rules_record(实到人数=101))
    assert ("R-RULES-COUNT", "error", "其中妇女") in issues_for("村规民约", rules_record(其中妇女=52))


def test_r_rules_order() -> None:
    found = issues_for("村规民约", rules_record(草案形成日期="2026-04-01", 乡镇审核日期="2026-03-31"))
    assert ("R-RULES-ORDER", "error", "乡镇审核日期") in found
    same_day = rules_record(草案形成日期="2026-04-01", 乡镇审核日期="2026-04-01")
    assert "R-RULES-ORDER" not in rules_of(issues_for("村规民约", same_day))


def test_r_rules_file_within_ten_days() -> None:
    assert "R-RULES-FILE" not in rules_of(issues_for("村规民约", rules_record(备案日期="2026-05-16")))
    assert ("R-RULES-FILE", "warning", "备案日期") in issues_for("村规民约", rules_record(备案日期="2026-05-17"))
    assert ("R-RULES-FILE", "warning", "备案日期") in issues_for("村规民约", rules_record(备案日期=None))


def test_r_rules_women_present() -> None:
    assert ("R-RULES-WOMEN", "warning", "其中妇女") in issues_for("村规民约", rules_record(其中妇女=0))


def test_computed_fields() -> None:
    reg = catalog().register("两委成员")
    ctx = Context(settings=catalog().setting_defaults(), today=TODAY)
    both = computed_values(reg, member(党组织职务="书记", 村委会职务="主任"), ctx)
    assert both["一肩挑"] is True and both["交叉任职"] is True
    party_only = computed_values(reg, member(村委会职务="无"), ctx)
    assert party_only["一肩挑"] is False and party_only["交叉任职"] is False
    assert both["任期届满"] == "2031-03-18"
    rules = catalog().register("村规民约")
    assert computed_values(rules, rules_record(), ctx)["是否通过"] is True
    assert computed_values(rules, rules_record(赞成=25), ctx)["是否通过"] is False


def test_star_levels_follow_the_thresholds() -> None:
    from forms.compute import star_for_hours

    thresholds = [100, 300, 600, 1000, 1500]
    assert star_for_hours(99.5, thresholds) == "未达星级"
    assert star_for_hours(100, thresholds) == "一星"
    assert star_for_hours(1500, thresholds) == "五星"
    assert star_for_hours(150, [50, 100, 200, 400, 800]) == "二星"


def test_the_statistics_count_stars_by_the_same_rule_as_the_record() -> None:
    """One rule: the level the statistics group by names the star the record stores, at every
    limit and between them, and never more stars than there are names (a sixth threshold)."""
    from forms.compute import NO_STAR, STAR_NAMES, star_for_hours, star_level

    for thresholds in ([100, 300, 600, 1000, 1500], [10, 20], [1, 2, 3, 4, 5, 6]):
        for hours in (0, 0.5, 9.99, 10, 19.5, 20, 99.5, 100, 299, 300, 1499.5, 1500, 10_000):
            level = star_level(hours, thresholds)
            assert (NO_STAR, *STAR_NAMES)[level] == star_for_hours(hours, thresholds)
            assert level == min(sum(hours >= t for t in thresholds), len(STAR_NAMES))


def test_every_rule_of_rules_md_is_defined_with_chinese_messages() -> None:
    wanted = {"R-ID", "R-SEX", "R-AGE", "R-PARTY", "R-JOIN", "R-PHONE", "R-DATES", "R-TERM", "R-AGECAP",
              "R-USCC", "R-MEMBERS", "R-HOURS", "R-MINOR", "R-VC-SIZE", "R-VC-WOMAN", "R-VC-ETHNIC",
              "R-VC-ONE", "R-PC-SIZE", "R-DUP", "R-SV-SIZE", "R-SV-EXCL", "R-SV-SKILL", "R-RULES-VOTE",
              "R-RULES-COUNT", "R-RULES-ORDER", "R-RULES-FILE", "R-RULES-WOMEN", "R-RULES-CURRENT",
              "R-X-DUP", "R-X-VOL", "R-X-STALE", "R-X-MISSING"}
    rules = catalog().rules
    assert wanted <= set(rules)
    for rule in rules.values():
        assert rule.severity in ("error", "warning")
        for message in rule.messages.values():
            # A template is Chinese text, or only names the field and a Chinese problem text.
            bare = message.replace("{field}", "").replace("{problem}", "").strip("：")
            assert bare == "" or any("\u4e00" <= ch <= "\u9fff" for ch in bare), message
