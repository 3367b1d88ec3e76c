"""Rules over one village's register (rules.md, "Across a register")."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from forms.compute import Context
from forms.model import catalog
from forms.validation import check_register, computed_values, fill_derived, prepare
from sync.demo.village import make_id_number

TODAY = dt.date(2026, 11, 21)
RNG = random.Random(5)


def people(register: str, rows: list[dict[str, Any]], ctx: Context) -> list[dict[str, Any]]:
    reg = catalog().register(register)
    out = []
    for i, raw in enumerate(rows):
        values, _ = prepare(reg, raw)
        fill_derived(reg, values)
        values["uuid"] = f"u{i}"
        values.update(computed_values(reg, values, ctx))
        out.append(values)
    return out


def pid(sex: str = "男", year: int = 1975) -> str:
    return make_id_number("350322", dt.date(year, 5, 5), sex, RNG)


def m(party: str = "无", vc: str = "无", sex: str = "男", duty: str | None = None, **kw: Any) -> dict[str, Any]:
    row = {"姓名": "某某", "民族": "汉族", "公民身份号码": pid(sex), "政治面貌": "中共党员",
           "党组织职务": party, "村委会职务": vc, "委员分工": duty}
    row.update(kw)
    return {k: v for k, v in row.items() if v is not None}


def ctx(**kw: Any) -> Context:
    return Context(settings=catalog().setting_defaults(), today=TODAY, **kw)


def rules_found(register: str, rows: list[dict[str, Any]], context: Context | None = None) -> list[tuple[str, str]]:
    context = context or ctx()
    reg = catalog().register(register)
    return [(i.rule, i.message) for i in check_register(reg, people(register, rows, context), context)]


def ids(found: list[tuple[str, str]]) -> set[str]:
    return {r for r, _ in found}


GOOD = [m("书记", "主任", duty=None), m("副书记", "副主任", "女"), m("委员", "委员", duty="组织"),
        m("委员", "无", duty="宣传"), m("委员", "无", duty="纪检")]


def test_a_lawful_committee_has_no_register_issues() -> None:
    assert rules_found("两委成员", GOOD) == []


def test_r_vc_size_three_to_seven() -> None:
    two = [m("书记", "主任"), m("无", "委员", "女")]
    assert "R-VC-SIZE" in ids(rules_found("两委成员", two))
    eight = [m("书记", "主任", "女")] + [m("无", "委员") for _ in range(7)]
    assert "R-VC-SIZE" in ids(rules_found("两委成员", eight))
    seven = [m("书记", "主任", "女")] + [m("无", "委员") for _ in range(6)]
    assert "R-VC-SIZE" not in ids(rules_found("两委成员", seven))


def test_r_vc_woman() -> None:
    men = [m("书记", "主任"), m("无", "副主任"), m("无", "委员")]
    assert "R-VC-WOMAN" in ids(rules_found("两委成员", men))
    # A woman who holds only a Party post does not count for the 村委会.
    assert "R-VC-WOMAN" in ids(rules_found("两委成员", [*men, m("委员", "无", "女", duty="宣传")]))


def test_r_vc_ethnic_only_in_multi_ethnic_villages() -> None:
    assert "R-VC-ETHNIC" not in ids(rules_found("两委成员", GOOD))
    multi = ctx(profile={"是否多民族村": True})
    assert "R-VC-ETHNIC" in ids(rules_found("两委成员", GOOD, multi))
    mixed = [*GOOD[:2], m("委员", "委员", duty="组织", 民族="畲族"), *GOOD[3:]]
    assert "R-VC-ETHNIC" not in ids(rules_found("两委成员", mixed, multi))


def test_r_vc_one_director_one_secretary() -> None:
    two_directors = [*GOOD, m("无", "主任", "女")]
    found = rules_found("两委成员", two_directors)
    assert any(r == "R-VC-ONE" and "主任" in msg and "2名" in msg for r, msg in found)
    no_secretary = [m("副书记", "主任"), *GOOD[1:]]
    assert any(r == "R-VC-ONE" and "书记" in msg for r, msg in rules_found("两委成员", no_secretary))


def test_r_pc_size_and_roles() -> None:
    missing_discipline = GOOD[:4]
    found = rules_found("两委成员", missing_discipline)
    assert any(r == "R-PC-SIZE" and "纪检委员" in msg for r, msg in found)
    small_branch = ctx(profile={"正式党员人数": 5})
    assert "R-PC-SIZE" in ids(rules_found("两委成员", GOOD, small_branch))
    only_secretary = [m("书记", "主任"), m("无", "副主任", "女"), m("无", "委员")]
    assert "R-PC-SIZE" not in ids(rules_found("两委成员", only_secretary, small_branch))


def test_r_dup_same_id_twice() -> None:
    twin = dict(GOOD[2])
    found = rules_found("两委成员", [*GOOD, {**twin, "姓名": "另一人"}])
    assert any(r == "R-DUP" and "2次" in msg for r, msg in found)


def sv(post: str = "委员", skill: bool = False, **kw: Any) -> dict[str, Any]:
    row = {"姓名": "监委", "民族": "汉族", "公民身份号码": pid(), "政治面貌": "群众", "职务": post,
           "具备财会或管理知识": skill, "非村委会成员及其近亲属声明": True}
    row.update(kw)
    return row


def test_r_sv_size_and_director() -> None:
    assert rules_found("监委会", [sv("主任", True), sv(), sv()]) == []
    assert "R-SV-SIZE" in ids(rules_found("监委会", [sv("主任", True), sv()]))
    assert "R-SV-SIZE" in ids(rules_found("监委会", [sv("委员", True), sv(), sv()]))
    six = [sv("主任", True)] + [sv() for _ in range(5)]
    assert "R-SV-SIZE" in ids(rules_found("监委会", six))
    wider = Context(settings={**catalog().setting_defaults(), "sv_max": 7}, today=TODAY)
    assert "R-SV-SIZE" not in ids(rules_found("监委会", six, wider))


def test_r_sv_excl_committee_members_relatives_and_accountants() -> None:
    committee = people("两委成员", [*GOOD, m("无", "无", 兼任职务="报账员")], ctx())
    context = ctx(related={"committee_members": committee})
    director_id = committee[0]["公民身份号码"]
    found = rules_found("监委会", [sv("主任", True, 公民身份号码=director_id), sv(), sv()], context)
    assert any(r == "R-SV-EXCL" and "村委会成员" in msg for r, msg in found)
    accountant = committee[-1]["公民身份号码"]
    found = rules_found("监委会", [sv("主任", True, 公民身份号码=accountant), sv(), sv()], context)
    assert any(r == "R-SV-EXCL" and "报账员" in msg for r, msg in found)
    # The Party's 纪检委员 (no 村委会 post) may direct the supervision committee.
    discipline = committee[4]["公民身份号码"]
    found = rules_found("监委会", [sv("主任", True, 公民身份号码=discipline), sv(), sv()], context)
    assert "R-SV-EXCL" not in ids(found)
    undeclared = [sv("主任", True, 非村委会成员及其近亲属声明=False), sv(), sv()]
    assert "R-SV-EXCL" in ids(rules_found("监委会", undeclared, context))


def test_r_sv_skill() -> None:
    assert "R-SV-SKILL" in ids(rules_found("监委会", [sv("主任"), sv(), sv()]))


def version(uuid: str, adopted: bool, previous: str | None = None) -> dict[str, Any]:
    return {"uuid": uuid, "是否通过": adopted, "上一版本": previous}


def test_r_rules_current_exactly_one() -> None:
    from forms.rules_register import current_rules

    reg = catalog().register("村规民约")
    assert current_rules([version("a", True), version("b", True, "a")]) == [version("b", True, "a")]
    none = check_register(reg, [version("a", False)], ctx())
    assert [i.rule for i in none] == ["R-RULES-CURRENT"]
    two = check_register(reg, [version("a", True), version("b", True)], ctx())
    assert [i.rule for i in two] == ["R-RULES-CURRENT"] and "2个" in two[0].message
    assert check_register(reg, [version("a", True), version("b", True, "a")], ctx()) == []
