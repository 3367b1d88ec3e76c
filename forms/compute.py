"""Computed and derived fields.

*Derived* fields (性别, 出生日期) are stored values that the ID number fills in; a person
may type them only when there is no ID number. *Computed* fields (一肩挑, 任期届满,
累计服务时长 …) are never typed: they are worked out from the record, the settings and,
for a few, other records (supplied by the store through :class:`Context`): a field with
``sums`` is a total the store adds up, one with ``depends_on`` reads ``Context.related``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from forms.governance import decision_adopted, decision_steps, vote
from forms.identifiers import id_number_info
from forms.model import Field
from forms.tenure import serving
from forms.types import PartialDate, as_partial_date

PARTY_POSTS = ("书记", "副书记", "委员")
VC_POSTS = ("主任", "副主任", "委员")
STAR_NAMES = ("一星", "二星", "三星", "四星", "五星")
NO_STAR = "未达星级"


@dataclass
class Context:
    """What rules and computed fields may know beyond the record itself."""

    settings: Mapping[str, Any]
    today: dt.date = field(default_factory=dt.date.today)
    # The totals of ``sums`` fields: field name → record uuid → total (累计服务时长 of each volunteer).
    totals: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    # the village profile record (多民族村, 正式党员人数 …)
    profile: Mapping[str, Any] = field(default_factory=dict)
    # The village's current records of each register some field ``depends_on`` (register key →
    # records with their computed fields): the 两委 members for the supervision committee.
    related: Mapping[str, Sequence[Mapping[str, Any]]] = field(default_factory=dict)

    @property
    def committee(self) -> Sequence[Mapping[str, Any]]:
        """The village's 两委 members in office (the supervision committee's exclusions and
        纪检委员 read them; a 离任 member holds no post, R-LEFT)."""
        return serving(self.related.get("committee_members", ()))

    @cached_property
    def discipline_ids(self) -> frozenset[str]:
        """ID numbers of the village's Party 纪检委员, for 是否村党组织纪检委员."""
        return discipline_ids(self.committee)


def discipline_ids(committee: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """ID numbers of the Party 纪检委员 among 两委 members: a Party post and 委员分工 纪检."""
    return frozenset(r["公民身份号码"] for r in committee if r.get("公民身份号码")
                     and r.get("党组织职务") in PARTY_POSTS and r.get("委员分工") == "纪检")


def computed_value(fld: Field, rec: Mapping[str, Any], ctx: Context) -> Any:
    """A computed field's value: the total its ``sums`` declares, or what its ``compute`` gives."""
    if fld.sums is not None:
        return total_of(fld.name, rec, ctx)
    assert fld.compute is not None
    return COMPUTE[fld.compute](rec, ctx)


def total_of(field_name: str, rec: Mapping[str, Any], ctx: Context) -> float:
    """A ``sums`` field of ``rec`` from the context, to the hundredth (hours to 0.5, yuan to 分)."""
    found = ctx.totals.get(field_name)
    return round(float(found.get(rec.get("uuid") or "", 0.0) if found is not None else 0.0), 2)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def age_on(birth: dt.date | PartialDate, day: dt.date | PartialDate) -> int:
    """Completed years: a person born on 2008-03-01 turns 18 on 2026-03-01, not before.

    A birth known only to the month counts from the first of that month (ages 按出生年月, as
    cadre rosters count them: born 2008.03, 18 in 2026.03), and a day known only to the month
    is its last day. So the age is the oldest the person can have been: a rule that refuses
    an age below a limit refuses only what is certain, whatever day the months stand for.
    """
    if isinstance(birth, PartialDate):
        birth = birth.first
    if isinstance(day, PartialDate):
        day = day.last
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def birth_date(record: Mapping[str, Any], id_field: str | None) -> PartialDate | None:
    """The birth date from a valid ID number, else 出生年月/出生日期 at the precision written."""
    if id_field and record.get(id_field) and _id_is_resident_card(record):
        info = id_number_info(record[id_field])
        if info:
            return PartialDate.of(info.birth_date)
    for name in ("出生年月", "出生日期"):
        if record.get(name):
            return as_partial_date(record[name])
    return None


def _id_is_resident_card(record: Mapping[str, Any]) -> bool:
    return record.get("证件类型") in (None, "居民身份证")


def derive(name: str, record: Mapping[str, Any], id_field: str | None) -> Any:
    """Value of a derived field from the ID number; None when the ID does not tell."""
    if not id_field or not record.get(id_field) or not _id_is_resident_card(record):
        return None
    info = id_number_info(record[id_field])
    if info is None:
        return None
    if name == "id_sex":
        return info.sex
    if name == "id_birth":
        return info.birth_date.isoformat()
    raise KeyError(name)


def _yijiantiao(rec: Mapping[str, Any], ctx: Context) -> bool:
    return rec.get("党组织职务") == "书记" and rec.get("村委会职务") == "主任"


def _cross_posts(rec: Mapping[str, Any], ctx: Context) -> bool:
    return rec.get("党组织职务") in PARTY_POSTS and rec.get("村委会职务") in VC_POSTS


def term_end(start: Any, years: int) -> PartialDate | None:
    """任期届满: the start (任职时间 2021.03, or a full date) plus the term, at the start's precision."""
    found = as_partial_date(start)
    return None if found is None else found.plus_years(years)


def _term_end_from(field_name: str) -> Callable[[Mapping[str, Any], Context], str | None]:
    def compute(rec: Mapping[str, Any], ctx: Context) -> str | None:
        end = term_end(rec.get(field_name), int(ctx.settings.get("term_years", 5)))
        return None if end is None else end.iso()

    return compute


def rules_vote(rec: Mapping[str, Any]) -> dict[str, Any] | None:
    """Quorum and majority of a 村规民约 vote (组织法 arts. 22 and 26); None if counts missing."""
    # An empty 表决会议 is checked as a 村民会议 (the stricter quorum), as it always was.
    return vote(rec.get("表决会议") or "村民会议", rec)


def _rules_adopted(rec: Mapping[str, Any], ctx: Context) -> bool | None:
    vote = rules_vote(rec)
    if vote is None:
        return None
    return vote["quorum"] and vote["majority"]


def _is_discipline_member(rec: Mapping[str, Any], ctx: Context) -> bool:
    manual = rec.get("纪检委员（手动确认）")
    if manual in ("是", "否"):
        return manual == "是"
    return bool(rec.get("公民身份号码")) and rec["公民身份号码"] in ctx.discipline_ids


def star_level(hours: float, thresholds: Sequence[float]) -> int:
    """The star rule: how many stars ``hours`` of service earn (0 = 未达星级), given the hours
    each star needs in ascending order (the setting keeps them so). A binary search, because the
    statistics ask it for every volunteer of a prefecture."""
    return min(bisect.bisect_right(thresholds, hours), len(STAR_NAMES))


def star_for_hours(hours: float, thresholds: Sequence[float]) -> str:
    """The star's name (未达星级, 一星 … 五星) by ``star_level``."""
    level = star_level(hours, thresholds)
    return STAR_NAMES[level - 1] if level else NO_STAR


def _star_level(rec: Mapping[str, Any], ctx: Context) -> str:
    hours = rec.get("累计服务时长")
    if hours is None:  # 星级 is computed after 累计服务时长; a caller may ask for it alone
        hours = total_of("累计服务时长", rec, ctx)
    return star_for_hours(hours, list(ctx.settings.get("star_thresholds", [100, 300, 600, 1000, 1500])))


def _township_code(rec: Mapping[str, Any], ctx: Context) -> str | None:
    code = rec.get("统计用区划代码")
    return code[:9] if code and len(code) >= 9 else None


# 组织大类 of a 村级组织 (registers.md, register 9): how statistics.md counts them (华蓥 自治组织).
BODY_CLASSES = {
    "下属委员会": ("人民调解委员会", "治安保卫委员会", "公共卫生委员会", "环境和物业管理委员会",
              "妇女和儿童工作委员会", "其他下属委员会"),
    "自治组织": ("村民议事会", "村民理事会", "红白理事会", "村级事务管理委员会", "村民小组事务管理委员会"),
    "群团组织": ("共青团组织", "妇女组织", "民兵组织", "老年协会"),
}


def _body_class(rec: Mapping[str, Any], ctx: Context) -> str | None:
    kind = rec.get("组织类型")
    if not kind:
        return None
    return next((group for group, kinds in BODY_CLASSES.items() if kind in kinds), "其他")


COMPUTE: dict[str, Callable[[Mapping[str, Any], Context], Any]] = {
    "yijiantiao": _yijiantiao,
    "cross_posts": _cross_posts,
    "term_end": _term_end_from("任职时间"),
    "sv_term_end": _term_end_from("推选日期"),
    "rules_adopted": _rules_adopted,
    "is_discipline_member": _is_discipline_member,
    "star_level": _star_level,
    "township_code": _township_code,
    "decision_adopted": decision_adopted,
    "decision_steps": decision_steps,
    "body_class": _body_class,
}
