"""The rules of registers 6–8 (rules.md, "Registers 6–10"): the "四议两公开" order and
disclosure, the quorum and majority by meeting type, the quarterly 村民代表会议 and disclosure.

The law itself (quorums, the six steps, quarters) is ``forms.governance``; here it meets the
records. Messages and legal sources are in ``definitions/rules.toml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forms.compute import Context
from forms.governance import (
    ART24_MATTERS,
    ASSEMBLY,
    DECISION_STEPS,
    GROUP,
    REPRESENTATIVES,
    ended_quarters,
    head_count_slips,
    quarter_of,
    quarters_with,
    quorum_met,
    vote,
)
from forms.model import Register
from forms.rule_registry import Reporter, record_rule, register_rule
from forms.types import as_date

Records = list[Mapping[str, Any]]
DECISIONS, MEETINGS, DISCLOSURES = "major_decisions", "meetings", "disclosures"
QUORUM_MESSAGE = {ASSEMBLY: "quorum_assembly", REPRESENTATIVES: "quorum_reps", GROUP: "quorum_group"}
CHINESE_DIGITS = "一二三四"


@record_rule("R-4Y-ORDER", (DECISIONS,))
def _steps_in_order(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    if reg.key != DECISIONS:
        return
    days = [(step, as_date(rec.get(step))) for step in DECISION_STEPS]
    # A gap: a step without a date while a later one has one (one issue per missing step,
    # naming the first later step recorded).
    for i, (step, day) in enumerate(days):
        if day is not None:
            continue
        later = next(((s, d) for s, d in days[i + 1:] if d is not None), None)
        if later is not None:
            out.add("R-4Y-ORDER", "missing", step, step=_stage(reg, step), later=_stage(reg, later[0]),
                    value=later[1].isoformat())
    prev = None
    for step, day in days:
        if day is None:
            continue
        if prev is not None and day < prev[1]:
            out.add("R-4Y-ORDER", "order", step, value=day.isoformat(), prev_field=prev[0],
                    prev=prev[1].isoformat())
        prev = (step, day)


def _stage(reg: Register, name: str) -> str:
    """A step as the definition names it (村党组织提议), else its field's name."""
    fld = reg.by_name.get(name)
    return (fld.stage if fld is not None else None) or name


@record_rule("R-4Y-OPEN", (DECISIONS,))
def _decision_disclosed(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    if reg.key != DECISIONS:
        return
    limit = int(ctx.settings.get("decision_open_days", 10))
    decided, opened = as_date(rec.get("决议日期")), as_date(rec.get("决议公开日期"))
    if rec.get("是否通过") and decided is not None:
        if opened is not None and (opened - decided).days > limit:
            out.add("R-4Y-OPEN", "late", "决议公开日期", days=(opened - decided).days, limit=limit)
        elif opened is None and (ctx.today - decided).days > limit:
            out.add("R-4Y-OPEN", "missing", "决议公开日期", decided=decided.isoformat(), limit=limit)
    if rec.get("实施情况") == "已完成" and not rec.get("实施结果公开日期"):
        out.add("R-4Y-OPEN", "result", "实施结果公开日期")


@record_rule("R-4Y-BODY", (DECISIONS,))
def _assembly_matters(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    category = rec.get("事项类别")
    if reg.key == DECISIONS and category in ART24_MATTERS and rec.get("决议会议") == REPRESENTATIVES:
        out.add("R-4Y-BODY", "reps", "决议会议", category=category)


def _counts(rec: Mapping[str, Any], out: Reporter) -> None:
    """R-RULES-COUNT's checks under R-MEET-VOTE: votes ≤ 实到 ≤ 应到, 妇女 ≤ 实到."""
    for key, field, values in head_count_slips(rec):
        out.add("R-MEET-VOTE", key, field, **values)


@record_rule("R-MEET-VOTE", (DECISIONS, MEETINGS))
def _meeting_vote(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    if reg.key == DECISIONS:
        meeting = rec.get("决议会议")
        found = vote(meeting, rec)
        if found is not None and not found["quorum"]:
            out.add("R-MEET-VOTE", QUORUM_MESSAGE[meeting], "实到人数", due=found["due"],
                    present=found["present"])
        if found is not None and not found["majority"]:
            out.add("R-MEET-VOTE", "majority", "赞成", present=found["present"], yes=rec["赞成"])
    elif reg.key == MEETINGS:
        meeting = rec.get("会议类型")
        due, present = rec.get("应到人数"), rec.get("实到人数")
        if due is not None and present is not None and present <= due:
            if quorum_met(meeting, due, present, rec.get("应到口径")) is False:
                out.add("R-MEET-VOTE", QUORUM_MESSAGE[meeting], "实到人数", due=due, present=present)
        discussed, resolved = rec.get("协商事项数"), rec.get("解决事项数")
        if discussed is not None and resolved is not None and resolved > discussed:
            out.add("R-MEET-VOTE", "resolved", "解决事项数", resolved=resolved, discussed=discussed)
    else:
        return
    _counts(rec, out)


def _missing_quarters(records: Records, date_field: str, counted: Records,
                      today: Any) -> tuple[int, list[int]]:
    """The ended quarters of the reporting year without one of ``counted``. Quarters before the
    village's first record of the register are not asked for: it was not kept here yet."""
    year, ended = ended_quarters(today)
    first = min((d for d in (as_date(r.get(date_field)) for r in records) if d is not None), default=None)
    if first is None or first.year > year:
        return year, []
    start = quarter_of(first) if first.year == year else 1
    held = quarters_with([r.get(date_field) for r in counted], year)
    return year, [q for q in ended if q >= start and q not in held]


def _quarters_text(quarters: list[int]) -> str:
    return "、".join(CHINESE_DIGITS[q - 1] for q in quarters)


@register_rule("R-REP-QUARTER")
def _representatives_every_quarter(reg: Register, records: Records, ctx: Context, out: Reporter) -> None:
    if reg.key != MEETINGS or not records:
        return
    reps = [r for r in records if r.get("会议类型") == REPRESENTATIVES]
    year, missing = _missing_quarters(records, "会议日期", reps, ctx.today)
    if missing:
        out.add("R-REP-QUARTER", "missing", "会议类型", year=year, quarters=_quarters_text(missing))


@register_rule("R-OPEN-QUARTER")
def _disclosure_every_quarter(reg: Register, records: Records, ctx: Context, out: Reporter) -> None:
    if reg.key != DISCLOSURES or not records:
        return
    ordinary = [r for r in records if r.get("公开类别") in ("村务", "财务")]
    year, missing = _missing_quarters(records, "公开日期", ordinary, ctx.today)
    if missing:
        out.add("R-OPEN-QUARTER", "missing", "公开日期", year=year, quarters=_quarters_text(missing))
