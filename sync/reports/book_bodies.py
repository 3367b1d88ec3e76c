"""Book layouts the definitions ask for, and the summary items of registers 9–10 and the titles.

* ``print_group_by`` (村级骨干: 角色): the table in groups of that field's values, in the order of
  its choice list; a person of several roles is printed in each group, the 合计 counts records.
* A register of one record per village (the 村情概况) prints as a page of 项目 / 内容 lines, so
  its new fields (网格, 服务站, 换届) read down the page instead of across a 17-column row.
* Summary items: 角色 (村民代表 45 人 …, 网格员 as one figure), 组织大类, 荣誉级别 — said the way the
  statistics count them (``sync.reports.counting``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from forms.compute import BODY_CLASSES
from forms.model import Field, Register
from sync.reports.book_summary import Records, SummaryContext, persons, share, summary_item

GRID_WORKERS = ("专职网格员", "兼职网格员")


def grouped(reg: Register, records: Sequence[Mapping[str, Any]]) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """(value, its records) for each value of ``reg.print_group_by`` that some record has, in the
    choice list's order; a multi-choice record is in the group of each of its values; records
    without a value last, as 未填写."""
    fld = reg.field(reg.print_group_by or "")
    order = list(fld.choice_list.values) if fld.choice_list else []
    found: dict[str, list[Mapping[str, Any]]] = {}
    for rec in records:
        value = rec.get(fld.name)
        values = value if isinstance(value, list) else [value] if value else []
        for v in values or ["未填写"]:
            found.setdefault(str(v), []).append(rec)
            if v not in order:
                order.append(str(v))
    if "未填写" in found:
        order.append("未填写")
    return [(v, found[v]) for v in dict.fromkeys(order) if v in found]


def page_rows(reg: Register, record: Mapping[str, Any] | None,
              shown: Callable[[Field, Any], str]) -> list[tuple[str, str]]:
    """The lines of a one-record register's page: each print column's label and value."""
    return [(reg.field(name).label, shown(reg.field(name), (record or {}).get(name)))
            for name in reg.print_columns]


@summary_item("roles")
def _roles(reg: Register, records: Records, ctx: SummaryContext) -> str | None:
    people = persons(reg, records)
    if not people:
        return None
    held = [set(p.get("角色") or ()) for p in people]
    values = reg.field("角色").choice_list.values if reg.field("角色").choice_list else ()
    parts = [f"{role} {n} 人" for role in values if (n := sum(1 for h in held if role in h))]
    grid = sum(1 for h in held if h & set(GRID_WORKERS))
    if grid:
        parts.append(f"网格员（专职和兼职）{grid} 人")
    reps = [p for p, h in zip(people, held, strict=True) if "村民代表" in h]
    if reps:
        parts.append(f"妇女村民代表 {share(sum(1 for p in reps if p.get('性别') == '女'), len(reps))}")
    return "按角色：" + "，".join(parts) + "（一人多职在各角色中分别计数）"


@summary_item("body_classes")
def _body_classes(reg: Register, records: Records, ctx: SummaryContext) -> str | None:
    if not records:
        return None
    parts = [f"{group} {n} 个" for group in (*BODY_CLASSES, "其他")
             if (n := sum(1 for r in records if r.get("组织大类") == group))]
    mediation = any(r.get("组织类型") == "人民调解委员会" for r in records)
    return "按大类：" + "，".join(parts) + ("；已设人民调解委员会" if mediation else "；未设人民调解委员会")


@summary_item("honor_levels")
def _honor_levels(reg: Register, records: Records, ctx: SummaryContext) -> str | None:
    fld = reg.field("级别")
    levels = fld.choice_list.values if fld.choice_list else ()
    counts = {level: sum(1 for r in records if r.get("级别") == level) for level in levels}
    parts = [f"{level} {n} 项" for level, n in counts.items() if n]
    return ("按级别：" + "，".join(parts)) if parts else None
