"""Rules of the village's bodies and key people and of the profile's 服务站 (rules.md, "Registers
6–10"): the 村民代表会议's composition and households per representative (组织法 art. 25), a
骨干's departure, and the 综合服务站's areas. Registered like the other rule modules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from forms.compute import VC_POSTS, Context
from forms.model import Register
from forms.rule_registry import Reporter, record_rule, register_rule
from forms.types import as_date

ROLES = "village_roles"
PROFILE = "village_profile"
REPRESENTATIVE = "村民代表"
LEFT = "离任"


def in_office(rec: Mapping[str, Any]) -> bool:
    """在任 (the default when a record does not say): a 离任 person holds no post in rules or counts."""
    return rec.get("在任状态") != LEFT


def has_role(rec: Mapping[str, Any], role: str) -> bool:
    return role in (rec.get("角色") or ())


def representatives(records: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The village's 在任 村民代表 among its 骨干."""
    return [r for r in records if in_office(r) and has_role(r, REPRESENTATIVE)]


def person_key(rec: Mapping[str, Any], id_field: str) -> str:
    """A person: by ID number, else by the record (statistics.md, "How to count")."""
    return str(rec.get(id_field) or rec.get("uuid") or id(rec))


def assembly(committee: Sequence[Mapping[str, Any]], reps: Sequence[Mapping[str, Any]]
             ) -> tuple[int, int, int]:
    """The 村民代表会议 (组织法 art. 25: the 村委会's members and the 村民代表) as persons:
    (members, of whom 村民代表, of whom women 村民代表)."""
    members = {person_key(r, "公民身份号码") for r in committee
               if r.get("村委会职务") in VC_POSTS and in_office(r)}
    rep_keys = {person_key(r, "公民身份号码") for r in reps}
    women = {person_key(r, "公民身份号码") for r in reps if r.get("性别") == "女"}
    return len(members | rep_keys), len(rep_keys), len(women)


@register_rule("R-REP-MIX")
def _assembly_mix(reg: Register, records: list[Mapping[str, Any]], ctx: Context, out: Reporter) -> None:
    if reg.key != ROLES:
        return
    reps = representatives(records)
    if not reps:
        return
    total, n_reps, women = assembly(ctx.committee, reps)
    if n_reps * 5 < total * 4:  # 五分之四以上: exactly 4/5 is enough
        out.add("R-REP-MIX", "reps", "角色", n=n_reps, total=total)
    if women * 3 < total:  # 三分之一以上: exactly 1/3 is enough
        out.add("R-REP-MIX", "women", "性别", n=women, total=total)


def _household_limits(ctx: Context) -> tuple[int, int]:
    return (int(ctx.settings.get("rep_households_min", 5)), int(ctx.settings.get("rep_households_max", 15)))


@record_rule("R-REP-HOUSEHOLDS", (ROLES,))
def _households_each(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    low, high = _household_limits(ctx)
    n = rec.get("代表户数")
    if n is None or not has_role(rec, REPRESENTATIVE) or not in_office(rec):
        return
    if not low <= n <= high:
        out.add("R-REP-HOUSEHOLDS", "each", "代表户数", n=n, low=low, high=high)


@register_rule("R-REP-HOUSEHOLDS")
def _households_total(reg: Register, records: list[Mapping[str, Any]], ctx: Context, out: Reporter) -> None:
    households = ctx.profile.get("户数")
    if reg.key != ROLES or not households:
        return
    n = len({person_key(r, "公民身份号码") for r in representatives(records)})
    if not n:
        return
    low, high = _household_limits(ctx)
    if n * high < households or n * low > households:
        out.add("R-REP-HOUSEHOLDS", "total", "角色", n=n, households=households, low=low, high=high,
                fewest=-(-households // high), most=households // low)


@record_rule("R-ROLE-LEFT", (ROLES,))
def _departure(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    left = as_date(rec.get("离任日期"))
    if rec.get("在任状态") == LEFT and left is None:
        out.add("R-ROLE-LEFT", "missing", "离任日期")
    start = as_date(rec.get("推选或聘任日期"))
    if left is not None and start is not None and left < start:
        out.add("R-ROLE-LEFT", "order", "离任日期", left=left.isoformat(), start=start.isoformat())


@record_rule("R-STATION", (PROFILE,))
def _office_within_building(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    building, office = rec.get("服务站建筑面积"), rec.get("服务站办公面积")
    if building is not None and office is not None and office > building:
        out.add("R-STATION", "office", "服务站办公面积", office=_m2(office), building=_m2(building))


@record_rule("R-STATION-AREA", (PROFILE,))
def _station_norms(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    met = station_meets_norms(rec, ctx.settings)
    building, office, households = rec.get("服务站建筑面积"), rec.get("服务站办公面积"), rec.get("户数")
    per_100, least, share = _station_settings(ctx.settings)
    if met["per_households"] is False:
        out.add("R-STATION-AREA", "per_households", "服务站建筑面积", area=_m2(building),
                households=households, need=_m2(per_100 * households / 100), per_100=_m2(per_100))
    if met["total"] is False:
        out.add("R-STATION-AREA", "total", "服务站建筑面积", area=_m2(building), least=_m2(least))
    if met["office"] is False and office <= building:  # more than the building: R-STATION says so
        out.add("R-STATION-AREA", "office", "服务站办公面积", office=_m2(office), area=_m2(building),
                share=f"{office * 100 / building:.1f}", limit=_m2(share))


def _station_settings(settings: Mapping[str, Any]) -> tuple[float, float, float]:
    """每百户面积, 最小总面积, 办公面积占比上限 (%), as a province set them."""
    return (float(settings.get("station_m2_per_100_households", 30)),
            float(settings.get("station_min_m2", 300)), float(settings.get("station_office_percent", 30)))


def station_meets_norms(rec: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, bool | None]:
    """Each 服务站 norm for one village's profile (None: not known), as the rule judges it; the
    statistics count villages by these."""
    building, office, households = rec.get("服务站建筑面积"), rec.get("服务站办公面积"), rec.get("户数")
    per_100, least, share = _station_settings(settings)
    return {
        "per_households": None if not building or not households else building * 100 >= per_100 * households,
        "total": None if not building else building >= least,
        "office": None if not building or office is None else office * 100 <= share * building,
    }


def _m2(value: float) -> str:
    """An area as a person writes it: 300, 299.9."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
