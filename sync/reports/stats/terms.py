"""The term comparison "一升一降" (issue 15, statistics.md "Figures the reference documents publish").

For a village and for the township: the average age at election and the share with 高中及以上
of the current term against the previous 届次, and the difference (up/down). The current term
is the members counted at the reference date (in office, ``sync.reports.counting``); the
previous term is the 届次 of the members who had left by then (``forms.tenure.left_by``), the
one that left most recently, with all its 离任 members (those who left at the 换届 and those
who left during the term). A re-elected member is in both: a record of each term, elected at a
different age. Ages are at each record's 任职时间 (the election), at the precision written;
persons are counted once per term (by ID number), in the 合计 across villages too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from forms.compute import age_on, birth_date
from forms.tenure import LEFT, LEFT_ON, STATUS_FIELD, TERM_FIELD, left_by
from forms.types import PartialDate, as_partial_date
from sync.reports.counting import HIGH_SCHOOL_UP
from sync.reports.stats.inputs import Inputs, person_key
from sync.reports.stats.model import (
    CHANGE,
    MEAN,
    SHARE,
    TEXT,
    TOTAL,
    Column,
    Figure,
    Group,
    Row,
    count,
    share,
)
from sync.reports.stats.sources import Row as Rec

REGISTER = "committee_members"


@dataclass(frozen=True, slots=True)
class Elected:
    """One person of one term: age at election (None if unknown) and education."""

    key: str
    uuid: str
    age: int | None
    schooled: bool


_DATES: dict[Any, PartialDate | None] = {}  # the few distinct dates of a prefecture, parsed once


def _date(text: Any) -> PartialDate | None:
    try:
        return _DATES[text]
    except KeyError:
        found = _DATES[text] = as_partial_date(text)
        return found


def _elected_one(r: Rec, key: str, id_field: str) -> Elected:
    # 出生年月 is filled from the ID number when saved: read as stored when it has the day.
    stored = _date(r.get("出生年月"))
    birth = stored if stored is not None and stored.has_day else birth_date(r, id_field)
    when = _date(r.get("任职时间"))
    age = age_on(birth, when) if birth is not None and when is not None else None
    return Elected(key, r["uuid"], age, r.get("文化程度") in HIGH_SCHOOL_UP)


def _elected(rows: Iterable[Rec], id_field: str, cache: dict[str, Elected] | None = None) -> list[Elected]:
    """One per person (the first record of each ID number). ``cache`` (record uuid → Elected) keeps
    what a village's row worked out for the 合计, which reads the same records again."""
    cache = {} if cache is None else cache
    seen: dict[str, Elected] = {}
    for r in rows:
        found = cache.get(r["uuid"])
        if found is None:
            found = cache[r["uuid"]] = _elected_one(r, person_key(r.get(id_field), r["uuid"]), id_field)
        seen.setdefault(found.key, found)
    return list(seen.values())


def _persons(rows: Iterable[Rec], id_field: str) -> list[str]:
    """The first record of each person (no ages needed: the 离任 count)."""
    seen: dict[str, str] = {}
    for r in rows:
        seen.setdefault(person_key(r.get(id_field), r["uuid"]), r["uuid"])
    return list(seen.values())


def previous_term(gone: Iterable[Rec], current: str | None) -> tuple[str | None, list[Rec]]:
    """(届次, its members) of the term before ``current``, from the members who had left."""
    gone = [r for r in gone if (r.get(TERM_FIELD) or None) != current]
    if not gone:
        return None, []
    latest = max(gone, key=lambda r: str(r.get(LEFT_ON) or ""))
    term = latest.get(TERM_FIELD) or None
    return term, [r for r in gone if (r.get(TERM_FIELD) or None) == term]


def _mean(people: list[Elected]) -> Figure:
    ages = [p.age for p in people if p.age is not None]
    return Figure(MEAN, round(sum(ages) / len(ages), 1) if ages else 0.0, None,
                  tuple(p.uuid for p in people if p.age is not None), count=len(ages))


def _schooled(people: list[Elected]) -> Figure:
    return share(sum(p.schooled for p in people), len(people), [p.uuid for p in people if p.schooled])


def _change(now: Figure, before: Figure, unit: str, percent: bool = False) -> Figure:
    if percent:
        known = int(bool(now.d) and bool(before.d))
        value = ((now.share or 0.0) - (before.share or 0.0)) * 100 if known else 0.0
    else:
        known = int(bool(now.count) and bool(before.count))
        value = float(now.n) - float(before.n) if known else 0.0
    return Figure(CHANGE, round(value, 2), None, count=known, text=unit)


def _text(value: str) -> Figure:
    return Figure(TEXT, text=value)


def terms_group(inp: Inputs) -> Group:
    reg = inp.reg(REGISTER)
    id_field = reg.person_field or "公民身份号码"
    columns = [
        Column("term_now", "本届届次", TEXT), Column("term_prev", "上届届次", TEXT),
        Column("age_now", "本届当选时平均年龄", MEAN, "本届在任成员任职时的平均年龄（岁）"),
        Column("age_prev", "上届当选时平均年龄", MEAN, "上一届次成员（已离任）任职时的平均年龄"),
        Column("age_change", "平均年龄变化", CHANGE, "本届减上届：“一降”为下降"),
        Column("hs_now", "本届高中及以上", SHARE), Column("hs_prev", "上届高中及以上", SHARE),
        Column("hs_change", "高中及以上比例变化", CHANGE, "本届减上届（百分点）：“一升”为上升"),
        Column("left", "离任成员（人）", help="截至日期已离任的两委成员（各届）"),
    ]
    rows = inp.rows(REGISTER)
    counted = inp.counted(REGISTER)
    every_now: list[Rec] = []
    every_before: list[Rec] = []
    every_left: list[Rec] = []
    names_now: Counter[str] = Counter()
    names_before: Counter[str] = Counter()
    cache: dict[str, Elected] = {}
    gone_on: dict[Any, bool] = {}  # 离任日期 (few distinct) → left by the reference date

    def gone_by(r: Rec) -> bool:
        """``forms.tenure.left_by`` of a record marked 离任, its date judged once per distinct text."""
        day = r.get(LEFT_ON)
        found = gone_on.get(day)
        if found is None:
            found = gone_on[day] = left_by(r, inp.as_of)
        return found

    def row(code: str, name: str, now_rows: list[Rec], before_rows: list[Rec], left_rows: list[Rec],
            term_now: str, term_prev: str) -> Row:
        now, before = _elected(now_rows, id_field, cache), _elected(before_rows, id_field, cache)
        figures = {"term_now": _text(term_now), "term_prev": _text(term_prev),
                   "age_now": _mean(now), "age_prev": _mean(before),
                   "hs_now": _schooled(now), "hs_prev": _schooled(before)}
        figures["age_change"] = _change(figures["age_now"], figures["age_prev"], " 岁")
        figures["hs_change"] = _change(figures["hs_now"], figures["hs_prev"], " 个百分点", percent=True)
        figures["left"] = count(_persons(left_rows, id_field))
        return Row(code, name, figures)

    village_rows = []
    for v in inp.villages:
        now_rows = counted[v]
        terms = Counter(r.get(TERM_FIELD) for r in now_rows if r.get(TERM_FIELD))
        current = terms.most_common(1)[0][0] if terms else None
        left_rows = [r for r in rows[v] if r.get(STATUS_FIELD) == LEFT and gone_by(r)]
        prev, before_rows = previous_term(left_rows, current)
        every_now += now_rows
        every_before += before_rows
        every_left += left_rows
        names_now.update([current] if current else [])
        names_before.update([prev] if prev else [])
        village_rows.append(row(v, inp.scope.names[v], now_rows, before_rows, left_rows, current or "",
                                prev or ""))
    total = row(TOTAL, "合计", every_now, every_before, every_left,
                _most(names_now), _most(names_before))
    notes = ["本届：截至日期在任的两委成员；上届：截至日期前离任、届次为最近一次离任者届次的成员"
             "（换届离任和任期内离任的都计入）。连任的成员两届都计入，年龄按各自任职时间计算。",
             "合计中同一人只计一次（按公民身份号码）。"]
    return Group("terms", "换届对比（一升一降）", columns, total, village_rows, notes)


def _most(names: Counter[str]) -> str:
    """The 届次 most villages are in (the township's current term), or several when they differ."""
    if not names:
        return ""
    top = names.most_common()
    return top[0][0] if len(top) == 1 else f"{top[0][0]}等"
