"""Who counts: the one definition of which records a summary counts, and of a person.

The statistics (``sync.reports.stats``), the book's summary blocks (``sync.reports.book_summary``) and any
other summary ask here, so a village's 两委 page in the book and ``cunwu stats`` say the same
共 7 人 of the same seven people. A record counts, as of a reference date, when it is

* in effect: its start date (``STARTS``: 任职时间, 推选日期, 会议日期, 成立日期 else 备案日期,
  注册日期) is not after the reference date; a record without that date counts;
* a member of what the register counts: a 两委 record holds a post in the Party committee
  or the 村委会 (党组织职务 and 村委会职务 both 无 or empty is someone listed, not a member;
  where the register has 在任状态, a 离任 member counts only before the 离任日期, the first
  day out of office: one who left the day before the reference date does not count, one who
  leaves after it does); a social organisation or a volunteer is not 注销.

Deleted records never reach a summary. Persons are counted once, by ID number (upper-cased),
a record without one being a person of its own (``person_key``); a township's 合计 counts a
person listed in two villages once, and says so (``dedup_note``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from forms.compute import PARTY_POSTS, VC_POSTS
from forms.model import Register
from forms.tenure import left_by
from forms.types import as_partial_date

Rec = TypeVar("Rec", bound=Mapping[str, Any])

# The date a record starts to count from, per register (the first one filled); and, where a
# register has one, the date it stops. 离任 is judged by 在任状态 with its 离任日期
# (forms.tenure.left_by); 注销 has no date, so it is judged by the status alone.
STARTS: dict[str, tuple[str, ...]] = {
    "committee_members": ("任职时间",),
    "supervisory_committee": ("推选日期",),
    "village_rules": ("会议日期",),
    "social_organizations": ("成立日期", "备案日期"),
    "volunteers": ("注册日期",),
    "village_bodies": ("成立日期",),
    "village_roles": ("推选或聘任日期",),
}
ENDS: dict[str, tuple[str, ...]] = {}
ENDED = "注销"  # 状态 of an organisation or a volunteer that no longer counts
LEFT = "离任"  # 在任状态 of a 两委 member (or a 村级骨干) who left
DISSOLVED = "撤销"  # 状态 of a 村级组织 that no longer counts
_STATUS_REGISTERS = frozenset({"social_organizations", "volunteers"})
DEDUP_NOTE_START = "合计（同一人在多个村只计一次）"

# Indicator bands every summary shares (statistics.md): "高中及以上" includes 中专.
HIGH_SCHOOL_UP = ("普通高中", "中专/中技/职高", "大学专科", "大学本科", "研究生")
COLLEGE_UP = ("大学专科", "大学本科", "研究生")
YOUTH_AGE = 35  # "members ≤ 35", whatever the age bands are set to


def start_fields(reg: Register) -> tuple[str, ...]:
    """The register's start fields that its definition really has."""
    return tuple(f for f in STARTS.get(reg.key, ()) if f in reg.by_name)


def in_effect(reg: Register, row: Mapping[str, Any], as_of: dt.date) -> bool:
    """Whether a record counts as of ``as_of`` by its dates: not started after it, not ended
    before it. A value that is not a date (text typed into an old roster) is treated as missing."""
    return _late_start(reg, row, as_of) is None and _ended(reg, row, as_of) is None


def effect_test(reg: Register, as_of: dt.date) -> Callable[[Mapping[str, Any]], bool]:
    """:func:`in_effect` for many records of one register: the fields looked up once and each
    distinct date value read once (a prefecture's registers repeat their dates a lot)."""
    starts = start_fields(reg)
    ends = tuple(f for f in ENDS.get(reg.key, ()) if f in reg.by_name)
    # value → None (not a date: the next field decides), True (out of effect by it), False
    seen_start: dict[Any, bool | None] = {}
    seen_end: dict[Any, bool | None] = {}

    def late(value: Any) -> bool | None:
        day = as_partial_date(value)
        return None if day is None else day.first > as_of

    def over(value: Any) -> bool | None:
        day = as_partial_date(value)
        return None if day is None else day.last < as_of

    def verdict(names: tuple[str, ...], row: Mapping[str, Any], seen: dict[Any, bool | None],
                read: Callable[[Any], bool | None]) -> bool:
        for name in names:
            value = row.get(name)
            try:
                out = seen[value]
            except KeyError:
                out = seen[value] = read(value)
            except TypeError:  # not hashable: read it each time
                out = read(value)
            if out is not None:
                return out
        return False

    def test(row: Mapping[str, Any]) -> bool:
        return not verdict(starts, row, seen_start, late) and not verdict(ends, row, seen_end, over)

    return test


def _late_start(reg: Register, row: Mapping[str, Any], as_of: dt.date) -> str | None:
    for name in start_fields(reg):
        day = as_partial_date(row.get(name))
        if day is not None:
            # A start known only to the month (任职时间 2024.03) counts from its first day.
            return name if day.first > as_of else None
    return None


def _ended(reg: Register, row: Mapping[str, Any], as_of: dt.date) -> str | None:
    for name in (f for f in ENDS.get(reg.key, ()) if f in reg.by_name):
        day = as_partial_date(row.get(name))
        if day is not None:
            return name if day.last < as_of else None
    return None


def holds_post(row: Mapping[str, Any]) -> bool:
    """A 两委 record with a post in the Party committee or the 村委会."""
    return row.get("党组织职务") in PARTY_POSTS or row.get("村委会职务") in VC_POSTS


def not_member(reg: Register, row: Mapping[str, Any], as_of: dt.date | None = None) -> str | None:
    """Why a record in effect is still not counted by its register, or None when it is.
    Without ``as_of`` a 离任 member never counts; with it, only once the 离任日期 is reached."""
    if reg.key == "committee_members":
        if row.get("在任状态") == LEFT and (as_of is None or left_by(row, as_of)):
            return "已离任"
        if not holds_post(row):
            return "无党组织和村委会职务"
    elif reg.key in _STATUS_REGISTERS and row.get("状态") == ENDED:
        return f"状态为{ENDED}"
    elif reg.key == "village_bodies" and row.get("状态") == DISSOLVED:
        return f"状态为{DISSOLVED}"
    elif reg.key == "village_roles" and row.get("在任状态") == LEFT:
        return "已离任"
    return None


def member(reg: Register, row: Mapping[str, Any], as_of: dt.date | None = None) -> bool:
    return not_member(reg, row, as_of) is None


def why_not_counted(reg: Register, row: Mapping[str, Any], as_of: dt.date) -> str | None:
    """Why a summary as of ``as_of`` leaves the record out (Chinese, short), None if it counts."""
    late = _late_start(reg, row, as_of)
    if late:
        return f"{late}晚于截至日期"
    ended = _ended(reg, row, as_of)
    if ended:
        return f"{ended}早于截至日期"
    return not_member(reg, row, as_of)


def counts(reg: Register, row: Mapping[str, Any], as_of: dt.date) -> bool:
    """Whether a summary of ``reg`` as of ``as_of`` counts this (not deleted) record."""
    return why_not_counted(reg, row, as_of) is None


def counted(reg: Register, rows: Iterable[Rec], as_of: dt.date) -> list[Rec]:
    return [r for r in rows if counts(reg, r, as_of)]


def person_key(number: Any, record_uuid: str) -> str:
    """Persons are identified by ID number; a record without one is its own person."""
    text = str(number or "").strip().upper()
    return f"id:{text}" if text else f"uuid:{record_uuid}"


def persons(reg: Register, rows: Iterable[Rec]) -> list[Rec]:
    """One record per person (the first of each ID number), in the order given."""
    seen: set[str] = set()
    out = []
    field = reg.person_field
    for row in rows:
        key = person_key(row.get(field) if field else None, str(row.get("uuid")))
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def dedup_note(total: int, per_village: Sequence[int], unit: str = "人",
               what: str = "公民身份号码") -> str | None:
    """The 合计 row counts a person listed in several villages once: say so, with the
    numbers, when it made a difference (None when the villages simply add up)."""
    listed = sum(per_village)
    if len(per_village) < 2 or listed == total:
        return None
    return (f"{DEDUP_NOTE_START}：{total} {unit}；各村相加为 {listed} {unit}，"
            f"{what}相同的按一人计。")
