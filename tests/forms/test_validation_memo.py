"""What ``prepare`` and the value checks remember per field (a bulk add's and an import's repeated
dates, choices and numbers) never changes what a row is told: every row gets its issues."""

from __future__ import annotations

from forms.model import ChoiceAdditions, catalog
from forms.validation import prepare, value_issues


def test_a_refused_text_is_refused_on_every_row() -> None:
    reg = catalog().registers["volunteer_services"]
    for _row in range(3):
        values, issues = prepare(reg, {"活动名称": "巡河", "服务日期": "2026-13-45"})
        assert values["服务日期"] is None
        assert [(i.rule, i.field) for i in issues] == [("R-VALUE", "服务日期")]


def test_a_value_outside_its_list_is_reported_on_every_row_and_a_good_one_never() -> None:
    reg = catalog().registers["volunteer_services"]
    for _row in range(3):
        bad, _ = prepare(reg, {"活动名称": "巡河", "服务类别": "不存在的类别"})
        assert [i.field for i in value_issues(reg, bad) if i.field == "服务类别"] == ["服务类别"]
        good, _ = prepare(reg, {"活动名称": "巡河", "服务类别": "农技", "服务日期": "2026.3.5"})
        assert good["服务日期"] == "2026-03-05"
        assert not [i for i in value_issues(reg, good) if i.field in ("服务类别", "服务日期")]


def test_a_list_that_gains_a_value_is_not_answered_from_what_the_old_list_said() -> None:
    base = catalog()
    old = base.registers["volunteer_services"]
    raw = {"活动名称": "谈心", "服务类别": "心理咨询"}
    before, _ = prepare(old, raw)  # remembered for the definition's list: not a value of it
    assert before["服务类别"] == "心理咨询"
    assert [i.field for i in value_issues(old, before) if i.field == "服务类别"] == ["服务类别"]
    extended = base.with_choice_additions({"服务类别": ChoiceAdditions(("心理疏导",), {"心理咨询": "心理疏导"})})
    reg = extended.registers["volunteer_services"]
    after, _ = prepare(reg, raw)
    assert after["服务类别"] == "心理疏导"
    assert not [i for i in value_issues(reg, after) if i.field == "服务类别"]
    assert not [i for i in value_issues(reg, {**after, "服务类别": "心理疏导"}) if i.field == "服务类别"]
    again, _ = prepare(old, raw)  # the definition's own list still says what it said
    assert again["服务类别"] == "心理咨询"
