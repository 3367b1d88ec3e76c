"""The short summary block under each table of the printed register book.

Each register names its summary items in its definition (``summary = ["persons", "women",
…]``); this module knows how to say each one from the register's current records, e.g.
``女性 3/7 (42.9%)``. Shares always show their denominator, as the township report does
(statistics.md).

Who counts is the statistics' definition (``sync.reports.counting``): records in effect at the book's
date and members of what the register counts (a 两委 post, not 注销), a person listed twice
(same ID number) once. The table lists every record; the block says which of them it leaves
out and why, so 共 7 人 under eight rows is not a puzzle, and the same village says 共 7 人 in
``cunwu stats``. The statistics engine (``sync.reports.statistics``) computes the township's
indicators with drill-down; these helpers are deliberately small and work on one village's
records in memory. Another module may add an item with :func:`summary_item`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from forms.compute import NO_STAR, STAR_NAMES, age_on, birth_date
from forms.model import Register
from forms.rules_register import current_rules
from sync.reports import counting

Records = Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class SummaryContext:
    as_of: dt.date
    settings: Mapping[str, Any] = field(default_factory=dict)
    # Every record of the table, counted or not (an item over all of them, such as hours
    # served, reads these; the items' ``records`` are those that count).
    listed: Records = ()


SummaryFn = Callable[[Register, Records, SummaryContext], str | None]
SUMMARY_ITEMS: dict[str, SummaryFn] = {}

YOUNG_AGE = counting.YOUTH_AGE
NAMES_SHOWN = 5  # records left out, named in the block


def summary_item(key: str) -> Callable[[SummaryFn], SummaryFn]:
    def add(fn: SummaryFn) -> SummaryFn:
        SUMMARY_ITEMS[key] = fn
        return fn

    return add


def share(n: int, total: int) -> str:
    """``3/7 (42.9%)``: the denominator stays visible."""
    if total == 0:
        return f"{n}/0"
    return f"{n}/{total} ({n / total * 100:.1f}%)"


def number(value: float) -> str:
    return f"{round(value, 2):g}"


def persons(reg: Register, records: Records) -> list[Mapping[str, Any]]:
    """One record per person: the first record of each ID number (records without one stand alone)."""
    return counting.persons(reg, records)


def summary_lines(reg: Register, records: Records, ctx: SummaryContext) -> list[str]:
    """The register's summary items, in the order its definition lists them, over the records
    that count (``sync.reports.counting``), then what was left out and why."""
    ctx = SummaryContext(ctx.as_of, ctx.settings, records)
    counted = counting.counted(reg, records, ctx.as_of)
    lines = []
    if "persons" not in reg.summary:
        lines.append(f"共 {len(counted)} {reg.unit}")
    for key in reg.summary:
        fn = SUMMARY_ITEMS.get(key)
        text = fn(reg, counted, ctx) if fn else None
        if text:
            lines.append(text)
    left_out = _left_out(reg, records, ctx.as_of)
    if left_out:
        lines.append(left_out)
    if "persons" in reg.summary and reg.person_field:
        twice = len(counted) - len(persons(reg, counted))
        if twice:
            lines.append(f"同一{reg.person_field}的记录按一人计（{twice} 条重复）")
    return lines


def _left_out(reg: Register, records: Records, as_of: dt.date) -> str | None:
    """表中另有 1 人不计入：无党组织和村委会职务（向飞凤）: the records the summary does not count."""
    unit = "人" if "persons" in reg.summary else reg.unit
    by_reason: dict[str, list[str]] = {}
    for rec in records:
        why = counting.why_not_counted(reg, rec, as_of)
        if why:
            by_reason.setdefault(why, []).append(reg.title(rec) if reg.title_field else "")
    if not by_reason:
        return None
    parts = []
    for why, names in by_reason.items():
        shown = "、".join(n for n in names[:NAMES_SHOWN] if n) + ("等" if len(names) > NAMES_SHOWN else "")
        parts.append(f"{why} {len(names)} {unit}" + (f"（{shown}）" if shown else ""))
    total = sum(len(names) for names in by_reason.values())
    return f"表中另有 {total} {unit}不计入：" + "，".join(parts)


@summary_item("persons")
def _persons(reg: Register, records: Records, ctx: SummaryContext) -> str:
    return f"共 {len(persons(reg, records))} 人"


def _share_of_persons(reg: Register, records: Records, label: str, field: str, value: Any = True) -> str:
    """``label n/N (x%)`` over the register's persons: those whose ``field`` holds ``value``."""
    people = persons(reg, records)
    return f"{label} {share(sum(1 for p in people if p.get(field) == value), len(people))}"


@summary_item("women")
def _women(reg: Register, records: Records, ctx: SummaryContext) -> str:
    return _share_of_persons(reg, records, "女性", "性别", "女")


@summary_item("age_35")
def _young(reg: Register, records: Records, ctx: SummaryContext) -> str:
    people = persons(reg, records)
    ages = [age_on(b, ctx.as_of) for p in people if (b := birth_date(p, reg.person_field))]
    young = sum(1 for a in ages if a <= YOUNG_AGE)
    text = f"{YOUNG_AGE}岁及以下 {share(young, len(people))}"
    if ages:
        text += f"，平均年龄 {sum(ages) / len(ages):.1f} 岁"
    return text


@summary_item("high_school_up")
def _high_school(reg: Register, records: Records, ctx: SummaryContext) -> str | None:
    if "文化程度" not in reg.by_name:
        return None
    people = persons(reg, records)
    n = sum(1 for p in people if p.get("文化程度") in counting.HIGH_SCHOOL_UP)
    return f"高中及以上 {share(n, len(people))}"


@summary_item("yijiantiao")
def _yijiantiao(reg: Register, records: Records, ctx: SummaryContext) -> str:
    names = [str(p.get(reg.title_field or "") or "") for p in persons(reg, records) if p.get("一肩挑")]
    return f"一肩挑 是（{'、'.join(names)}）" if names else "一肩挑 否"


@summary_item("cross_posts")
def _cross_posts(reg: Register, records: Records, ctx: SummaryContext) -> str:
    return _share_of_persons(reg, records, "交叉任职", "交叉任职")


@summary_item("sv_skill")
def _sv_skill(reg: Register, records: Records, ctx: SummaryContext) -> str:
    people = persons(reg, records)
    n = sum(1 for p in people if p.get("具备财会或管理知识"))
    return f"具备财会或管理知识 {n} 人"


@summary_item("rules_current")
def _rules_current(reg: Register, records: Records, ctx: SummaryContext) -> str:
    current = current_rules(list(records))
    if not current:
        return "现行有效版本：无"
    return "现行有效版本：" + "、".join(reg.title(r) for r in current)


@summary_item("rules_filed")
def _rules_filed(reg: Register, records: Records, ctx: SummaryContext) -> str:
    adopted = [r for r in records if r.get("是否通过")]
    filed = sum(1 for r in adopted if r.get("备案日期"))
    return f"表决通过 {len(adopted)} {reg.unit}，已备案 {share(filed, len(adopted))}"


def _count_by(records: Records, name: str, value: str) -> int:
    return sum(1 for r in records if r.get(name) == value)


@summary_item("org_registered")
def _org_registered(reg: Register, records: Records, ctx: SummaryContext) -> str:
    return f"登记 {_count_by(records, '管理方式', '登记')} {reg.unit}"


@summary_item("org_filed")
def _org_filed(reg: Register, records: Records, ctx: SummaryContext) -> str:
    return f"备案 {_count_by(records, '管理方式', '备案')} {reg.unit}"


@summary_item("hours_total")
def _hours_total(reg: Register, records: Records, ctx: SummaryContext) -> str:
    # Hours served stay served when a volunteer is 注销 later: all of the table's records, as the
    # statistics' 累计服务时长.
    total = sum(float(r.get("累计服务时长") or 0) for r in ctx.listed or records)
    return f"累计服务时长 {number(total)} 小时"


@summary_item("stars")
def _stars(reg: Register, records: Records, ctx: SummaryContext) -> str:
    counts = Counter(r.get("星级") or NO_STAR for r in persons(reg, records))
    parts = [f"{name} {counts[name]} 人" for name in STAR_NAMES if counts[name]]
    return "星级：" + ("、".join(parts) if parts else "暂无") + f"；{NO_STAR} {counts[NO_STAR]} 人"


@summary_item("hours_sum")
def _hours_sum(reg: Register, records: Records, ctx: SummaryContext) -> str:
    total = sum(float(r.get("服务时长") or 0) for r in records)
    people = len({r.get("志愿者") for r in records if r.get("志愿者")})
    return f"服务 {len(records)} 人次（{people} 名志愿者），服务时长合计 {number(total)} 小时"
