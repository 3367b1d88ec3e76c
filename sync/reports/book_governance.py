"""What the printed book says under the tables of registers 6–8 (their definitions list these
items in ``summary``): how many matters went through all six "四议两公开" steps and which steps are
missing, meetings by type and what the consultations resolved, postings by 类别 and the quarters
of the book's year without an ordinary disclosure (组织法 art. 30).

Registered with ``sync.reports.book_summary.summary_item``; ``sync.reports.book`` imports this
module so the items exist whenever a book is made.
"""

from __future__ import annotations

from collections import Counter

from forms.governance import all_steps_done, ended_quarters, missing_stages, quarters_with
from forms.model import Register
from sync.reports.book_summary import Records, SummaryContext, share, summary_item

CHINESE_QUARTERS = "一二三四"


@summary_item("decision_steps")
def _decision_steps(reg: Register, records: Records, ctx: SummaryContext) -> str | None:
    if not records:
        return None
    stages = [f.name for f in reg.fields if f.stage]
    complete = sum(1 for r in records if all_steps_done(r))
    adopted = sum(1 for r in records if r.get("是否通过"))
    text = f"“四议两公开”六步完整 {share(complete, len(records))}，决议通过 {share(adopted, len(records))}"
    gaps = [f"{reg.title(dict(r))}（缺{'、'.join(reg.field(n).stage or n for n in stages if n in missing)}）"
            for r in records if (missing := missing_stages(stages, r))]
    return text + (f"；步骤缺日期：{'；'.join(gaps)}" if gaps else "")


@summary_item("meetings_by_type")
def _meetings_by_type(reg: Register, records: Records, ctx: SummaryContext) -> str | None:
    counts = Counter(r.get("会议类型") for r in records)
    kinds = reg.field("会议类型").choice_list
    order = kinds.values if kinds is not None else sorted(k for k in counts if k)
    parts = [f"{k} {counts[k]} 次" for k in order if counts[k]]
    return "按类型：" + "、".join(parts) if parts else None


@summary_item("consultations")
def _consultations(reg: Register, records: Records, ctx: SummaryContext) -> str | None:
    held = [r for r in records if r.get("会议类型") == "民主协商会"]
    if not held:
        return None
    discussed = sum(r.get("协商事项数") or 0 for r in held)
    resolved = sum(r.get("解决事项数") or 0 for r in held)
    return f"民主协商会 {len(held)} 次，协商事项 {discussed} 项，解决 {resolved} 项"


@summary_item("disclosures_by_kind")
def _disclosures_by_kind(reg: Register, records: Records, ctx: SummaryContext) -> str | None:
    counts = Counter(r.get("公开类别") for r in records)
    parts = [f"{k} {counts[k]} 次" for k in ("党务", "村务", "财务") if counts[k]]
    if not parts:
        return None
    checked = sum(1 for r in records if r.get("监委会审核"))
    return "按类别：" + "、".join(parts) + f"；经监委会审核 {share(checked, len(records))}"


def _quarters(quarters: list[int]) -> str:
    return "、".join(CHINESE_QUARTERS[q - 1] for q in quarters)


@summary_item("disclosure_quarters")
def _disclosure_quarters(reg: Register, records: Records, ctx: SummaryContext) -> str | None:
    year, quarters = ended_quarters(ctx.as_of)
    held = quarters_with([r.get("公开日期") for r in records if r.get("公开类别") in ("村务", "财务")], year)
    missing = [q for q in quarters if q not in held]
    if not missing:
        return f"{year}年已结束的第{_quarters(quarters)}季度均有村务或财务公开"
    return (f"{year}年第{_quarters(missing)}季度没有村务或财务公开"
            "（组织法第三十条：一般事项至少每季度公开一次）")
