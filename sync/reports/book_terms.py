"""The book's previous-term appendix: the 两委 members who left (issue 15, register-book).

The 两委 section prints the members in office; the members marked 离任 follow in a section of
their own, 往届及离任两委成员, grouped by 届次 (latest first) with their 离任日期 and 离任原因,
so the book keeps the previous term that the term comparison counts. A register without
在任状态 has no such section.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from forms.model import Register
from forms.tenure import LEFT_ON, LEFT_WHY, STATUS_FIELD, TERM_FIELD, has_left
from sync.reports.book import SERIAL, Column, Section, Table, cell_text, column_for

if TYPE_CHECKING:
    from sync.store.store import Store

COLUMNS = ("姓名", "性别", "公民身份号码", "出生年月", "文化程度", "政治面貌", "党组织职务", "村委会职务",
           TERM_FIELD, "任职时间", LEFT_ON, LEFT_WHY)
TITLE = "往届及离任两委成员"


def title_for(reg: Register) -> str:
    """The section's title: the 两委's own words, otherwise the register's name (村级骨干 also keep
    在任状态 and 届次, and the people who left print after them the same way)."""
    return TITLE if reg.key == "committee_members" else f"往届及离任人员（{reg.name}）"


def previous_term_section(store: Store, reg: Register, village: str, reporter: str,
                          full_ids: bool, signers: tuple[str, ...]) -> Section | None:
    """The 离任 members of ``reg`` in ``village``, or None when the register keeps none."""
    if STATUS_FIELD not in reg.by_name:
        return None
    gone = [r for r in store.records(reg.key, village=village) if has_left(r)]
    if not gone:
        return None
    gone.sort(key=_order)
    fields = [reg.field(name) for name in COLUMNS if name in reg.by_name]
    rows = tuple((str(i), *(cell_text(f, rec.get(f.name), full_ids) for f in fields))
                 for i, rec in enumerate(gone, start=1))
    table = Table((Column(SERIAL, "center", True), *(column_for(f) for f in fields)), rows,
                  ("合计", f"{len(gone)}{reg.unit}", *("" for _ in fields[1:])))
    terms = _terms(gone)
    summary = (f"离任成员 {len(gone)} 人（{terms}），按届次从近到远排列；在任成员见上表。",)
    return Section(f"{reg.key}:left", title_for(reg), reporter, reg.unit, table, summary, signers)


def _order(rec: dict[str, Any]) -> tuple[str, str, str]:
    # Latest departures first: the previous term leads, earlier terms follow.
    left = str(rec.get(LEFT_ON) or "")
    return (_reverse(left), str(rec.get(TERM_FIELD) or ""), str(rec.get("姓名") or ""))


def _reverse(text: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in text) if text else "\U0010ffff"


def _terms(records: Sequence[dict[str, Any]]) -> str:
    counts: dict[str, int] = {}
    for r in records:
        term = r.get(TERM_FIELD) or "未填届次"
        counts[term] = counts.get(term, 0) + 1
    return "、".join(f"{t} {n} 人" for t, n in counts.items())

