"""Rules over one village's register (rules.md, "Across a register")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from forms.compute import PARTY_POSTS, VC_POSTS, Context
from forms.identifiers import mask_id
from forms.model import Register
from forms.rule_registry import Reporter, register_rule
from forms.tenure import serving

Records = list[Mapping[str, Any]]
FINANCE_POSTS = ("村会计", "报账员", "文书")


def _vc_members(records: Records) -> Records:
    return [r for r in serving(records) if r.get("村委会职务") in VC_POSTS]


@register_rule("R-VC-SIZE")
def _vc_size(reg: Register, records: Records, ctx: Context, out: Reporter) -> None:
    if reg.key != "committee_members" or not records:
        return
    n = len(_vc_members(records))
    if not 3 <= n <= 7:
        out.add("R-VC-SIZE", "size", "村委会职务", n=n)


@register_rule("R-VC-WOMAN")
def _vc_woman(reg: Register, records: Records, ctx: Context, out: Reporter) -> None:
    members = _vc_members(records) if reg.key == "committee_members" else []
    if members and not any(r.get("性别") == "女" for r in members):
        out.add("R-VC-WOMAN", "none", "村委会职务")


@register_rule("R-VC-ETHNIC")
def _vc_ethnic(reg: Register, records: Records, ctx: Context, out: Reporter) -> None:
    if reg.key != "committee_members" or not ctx.profile.get("是否多民族村"):
        return
    members = _vc_members(records)
    if members and all(r.get("民族") in (None, "汉族") for r in members):
        out.add("R-VC-ETHNIC", "none", "民族")


@register_rule("R-VC-ONE")
def _one_head(reg: Register, records: Records, ctx: Context, out: Reporter) -> None:
    if reg.key != "committee_members" or not records:
        return
    records = serving(records)  # a 离任 member holds no post (R-LEFT)
    if not records:
        return
    directors = [r for r in records if r.get("村委会职务") == "主任"]
    secretaries = [r for r in records if r.get("党组织职务") == "书记"]
    if len(directors) != 1:
        extra = directors[1]["uuid"] if len(directors) > 1 else None
        out.add("R-VC-ONE", "director", "村委会职务", record=extra, n=len(directors))
    if len(secretaries) != 1:
        extra = secretaries[1]["uuid"] if len(secretaries) > 1 else None
        out.add("R-VC-ONE", "secretary", "党组织职务", record=extra, n=len(secretaries))


@register_rule("R-PC-SIZE")
def _party_committee(reg: Register, records: Records, ctx: Context, out: Reporter) -> None:
    if reg.key != "committee_members" or not records:
        return
    committee = [r for r in serving(records) if r.get("党组织职务") in PARTY_POSTS]
    members = [r for r in committee if r.get("党组织职务") == "委员"]
    full_members = ctx.profile.get("正式党员人数")
    if full_members is not None and full_members < 7:
        if members:
            out.add("R-PC-SIZE", "small_branch", "党组织职务", n=len(members))
        return
    if full_members is None and not members:
        return  # a branch without a committee, size unknown: nothing to say
    if not 3 <= len(committee) <= 7:
        out.add("R-PC-SIZE", "size", "党组织职务", n=len(committee))
    roles = {r.get("委员分工") for r in committee}
    missing = [f"{role}委员" for role in ("组织", "宣传", "纪检") if role not in roles]
    if missing:
        out.add("R-PC-SIZE", "roles", "委员分工", missing="、".join(missing))


@register_rule("R-DUP")
def _duplicates(reg: Register, records: Records, ctx: Context, out: Reporter) -> None:
    if not reg.person_field:
        return
    seen: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    # A re-elected member has a 离任 record of the old term and one of the new: one person each
    # term, no duplicate. Only the records in office may not share an ID number.
    for r in serving(records):
        if r.get(reg.person_field):
            seen[r[reg.person_field]].append(r)
    for number, holders in seen.items():
        if len(holders) > 1:
            names = "、".join(reg.title(h) for h in holders)
            for h in holders[1:]:
                out.add("R-DUP", "dup", reg.person_field, record=h["uuid"], masked=mask_id(number),
                        n=len(holders), names=names)


@register_rule("R-SV-SIZE")
def _sv_size(reg: Register, records: Records, ctx: Context, out: Reporter) -> None:
    if reg.key != "supervisory_committee" or not records:
        return
    low, high = int(ctx.settings.get("sv_min", 3)), int(ctx.settings.get("sv_max", 5))
    if not low <= len(records) <= high:
        out.add("R-SV-SIZE", "size", "职务", n=len(records), min=low, max=high)
    directors = [r for r in records if r.get("职务") == "主任"]
    if len(directors) != 1:
        out.add("R-SV-SIZE", "director", "职务", n=len(directors))


@register_rule("R-SV-EXCL")
def _sv_exclusions(reg: Register, records: Records, ctx: Context, out: Reporter) -> None:
    if reg.key != "supervisory_committee":
        return
    committee = {r["公民身份号码"]: r for r in ctx.committee if r.get("公民身份号码")}
    for r in records:
        other = committee.get(r.get("公民身份号码") or "")
        if other is not None and other.get("村委会职务") in VC_POSTS:
            out.add("R-SV-EXCL", "vc_member", "公民身份号码", record=r["uuid"], name=r.get("姓名"),
                    post="村委会" + other["村委会职务"])
        elif other is not None:
            finance = [p for p in other.get("兼任职务") or [] if p in FINANCE_POSTS]
            if finance:
                out.add("R-SV-EXCL", "finance", "公民身份号码", record=r["uuid"],
                        name=r.get("姓名"), post="、".join(finance))
        if r.get("非村委会成员及其近亲属声明") is False:
            out.add("R-SV-EXCL", "relative", "非村委会成员及其近亲属声明", record=r["uuid"],
                    name=r.get("姓名"))


@register_rule("R-SV-SKILL")
def _sv_skill(reg: Register, records: Records, ctx: Context, out: Reporter) -> None:
    if reg.key == "supervisory_committee" and records:
        if not any(r.get("具备财会或管理知识") for r in records):
            out.add("R-SV-SKILL", "none", "具备财会或管理知识")


def current_rules(records: Records) -> Records:
    """Adopted versions that no other adopted version revises: the rules in force."""
    adopted = [r for r in records if r.get("是否通过")]
    superseded = {r.get("上一版本") for r in adopted if r.get("上一版本")}
    return [r for r in adopted if r["uuid"] not in superseded]


@register_rule("R-RULES-CURRENT")
def _rules_current(reg: Register, records: Records, ctx: Context, out: Reporter) -> None:
    if reg.key != "village_rules":
        return
    current = current_rules(records)
    if not current:
        out.add("R-RULES-CURRENT", "none", "是否通过")
    elif len(current) > 1:
        out.add("R-RULES-CURRENT", "many", "上一版本", n=len(current))
