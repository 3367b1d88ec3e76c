"""A township's additions to choice lists: a new catalog, the definitions untouched."""

from __future__ import annotations

import pytest

from forms.choice_additions import MAX_CHOICE_LENGTH, ChoiceProblem, check_alias, check_value
from forms.model import ChoiceAdditions, catalog
from forms.validation import prepare, value_issues


def test_additions_make_a_new_catalog_and_leave_the_definitions_alone() -> None:
    base = catalog()
    extended = base.with_choice_additions({
        "服务类别": ChoiceAdditions(("心理疏导",), {"心理咨询": "心理疏导", "法律援助": "法律咨询"})})
    services = extended.registers["volunteer_services"].field("服务类别")
    assert services.choice_list is extended.choices["服务类别"]
    # The catch-all 其他 stays last; the definition's values keep their order.
    assert services.choice_list.values == [*base.choices["服务类别"].values[:-1], "心理疏导", "其他"]
    assert services.choice_list.added_values == ("心理疏导",)
    assert set(services.choice_list.added_aliases) == {"心理咨询", "法律援助"}
    # The volunteers' 服务技能 (multi) shares the list and sees the same addition.
    assert "心理疏导" in extended.registers["volunteers"].field("服务技能").choice_list.values
    assert "心理疏导" not in base.choices["服务类别"].values
    assert "心理疏导" not in catalog().registers["volunteer_services"].field("服务类别").choice_list.values
    # Registers without such a field are the same objects: one definition, not a copy.
    assert extended.registers["committee_members"] is base.registers["committee_members"]
    assert extended.registers["volunteer_services"].by_name["服务类别"] is services


def test_validation_sees_added_values_and_aliases() -> None:
    base = catalog()
    extended = base.with_choice_additions({"服务类别": ChoiceAdditions(("心理疏导",), {"心理咨询": "心理疏导"})})
    raw = {"活动名称": "谈心", "服务类别": "心理咨询"}
    reg = extended.registers["volunteer_services"]
    values, _ = prepare(reg, raw)
    assert values["服务类别"] == "心理疏导"
    assert not [i for i in value_issues(reg, values) if i.field == "服务类别"]
    old = base.registers["volunteer_services"]
    values, _ = prepare(old, raw)
    assert values["服务类别"] == "心理咨询"
    assert [i.field for i in value_issues(old, values) if i.field == "服务类别"] == ["服务类别"]


def test_adding_is_idempotent_and_never_removes() -> None:
    base = catalog()
    once = base.with_choice_additions({"干部来源": ChoiceAdditions(("乡贤",), {})})
    twice = once.with_choice_additions({"干部来源": ChoiceAdditions(("乡贤", "本村党员"), {})})
    assert twice.choices["干部来源"].values == once.choices["干部来源"].values
    assert base.with_choice_additions({}) is base
    assert base.with_choice_additions({"没有这个列表": ChoiceAdditions(("x",))}) is base
    # An alias of a value the list lacks, or one shadowing a definition alias, is left out.
    odd = base.with_choice_additions({"干部来源": ChoiceAdditions((), {"外来": "没有的值", "复员退伍军人": "其他"})})
    assert odd.choices["干部来源"].aliases == base.choices["干部来源"].aliases


def test_a_fixed_list_takes_aliases_but_no_values() -> None:
    base = catalog()
    extended = base.with_choice_additions({"性别": ChoiceAdditions(("其它",), {"男士": "男"})})
    assert extended.choices["性别"].values == ["男", "女"]
    assert extended.choices["性别"].match("男士") == "男"
    with pytest.raises(ChoiceProblem, match="固定的选项列表"):
        check_value(base, "性别", "未知")


@pytest.mark.parametrize(("value", "message"), [
    ("", "不能为空"),
    ("   ", "不能为空"),
    ("法律咨询", "已有“法律咨询”"),
    ("环保", "已表示“环境保护”"),
    ("心" * (MAX_CHOICE_LENGTH + 1), "太长"),
    ("心理、疏导", "不能含有“、”"),
    ("心理/疏导", "不能含有“/”"),  # 服务技能 is a 多选 field on this list
    ("心理\n疏导", "控制字符"),
])
def test_bad_values_are_refused_in_chinese(value: str, message: str) -> None:
    with pytest.raises(ChoiceProblem, match=message) as caught:
        check_value(catalog(), "服务类别", value)
    assert "服务类别" in str(caught.value)


def test_values_are_cleaned_and_slashes_allowed_outside_multi_lists() -> None:
    lst, text = check_value(catalog(), "干部来源", " 乡 贤 ")
    assert (lst.name, text) == ("干部来源", "乡贤")
    assert check_value(catalog(), "干部来源", "乡贤/能人")[1] == "乡贤/能人"
    with pytest.raises(ChoiceProblem, match="不能含有“/”"):
        check_value(catalog(), "兼任职务", "网格员/信息员")  # a 多选 field
    with pytest.raises(ChoiceProblem, match="没有名为“志愿服务”的选项列表"):
        check_value(catalog(), "志愿服务", "x")


def test_alias_checks() -> None:
    cat = catalog()
    assert check_alias(cat, "服务类别", "普法", "法律咨询")[1:] == ("普法", "法律咨询")
    with pytest.raises(ChoiceProblem, match="没有选项“普法宣传”"):
        check_alias(cat, "服务类别", "普法", "普法宣传")
    with pytest.raises(ChoiceProblem, match="本身就是"):
        check_alias(cat, "服务类别", "农技", "其他")
    with pytest.raises(ChoiceProblem, match="已是“服务类别”中“环境保护”的别名，不用重复添加"):
        check_alias(cat, "服务类别", "环保", "环境保护")
    with pytest.raises(ChoiceProblem, match="不能改为其他选项"):
        check_alias(cat, "服务类别", "环保", "其他")
    with pytest.raises(ChoiceProblem, match="请选择"):
        check_alias(cat, "服务类别", "普法", "")
    # A fixed list still takes aliases.
    assert check_alias(cat, "性别", "男士", "男")[1] == "男士"
