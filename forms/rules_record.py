"""Per-record rules of rules.md. Each applies to the registers that have its fields."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

from forms.compute import PARTY_POSTS, Context, age_on, birth_date, derive, rules_vote
from forms.governance import head_count_slips
from forms.identifiers import id_number_problem
from forms.model import Field, Register
from forms.rule_registry import Reporter, record_rule
from forms.tenure import LEFT_ON, LEFT_WHY, STATUS_FIELD, has_left
from forms.types import PartialDate, as_date, as_partial_date

PERSON_REGISTERS = ("committee_members", "supervisory_committee")
PARTY_STATUSES = ("中共党员", "中共预备党员")
EARLIEST = dt.date(1900, 1, 1)


@record_rule("R-ID", ("volunteers",))
def _document_number(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    # 居民身份证 numbers in a 证件号码 field are checked like 公民身份号码 fields (which the
    # type check already covers); other documents are taken as written.
    if reg.by_name.get("证件号码") is None or not rec.get("证件号码"):
        return
    if rec.get("证件类型") not in (None, "居民身份证"):
        return
    problem = id_number_problem(rec["证件号码"])
    if problem:
        out.add("R-ID", "invalid", "证件号码", problem=problem)


@record_rule("R-SEX")
def _sex_and_birth(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    for fld in reg.input_fields:
        if not fld.derive or rec.get(fld.name) is None:
            continue
        expected = derive(fld.derive, rec, reg.person_field)
        if expected is None:
            continue
        if fld.derive == "id_sex":
            if expected != rec[fld.name]:
                out.add("R-SEX", "sex", fld.name, value=rec[fld.name], expected=expected)
            continue
        # A birth written to the month (1968.03) agrees with an ID number born in that month;
        # one written to the day must be that day. Shown at the precision the clerk wrote.
        given = as_partial_date(rec[fld.name])
        born = dt.date.fromisoformat(expected)
        if given is None or not given.agrees_with(born):
            exact = given is None or given.has_day
            shown = PartialDate.of(born) if exact else PartialDate(born.year, born.month)
            out.add("R-SEX", "birth", fld.name, value=fld.format(rec[fld.name]),
                    expected=fld.format(shown.iso()))


def _appointed_on(reg: Register, rec: Mapping[str, Any]) -> tuple[str, PartialDate | None]:
    name = "推选日期" if reg.key == "supervisory_committee" else "任职时间"
    return name, as_partial_date(rec.get(name))


def _shown(reg: Register, name: str, value: PartialDate) -> str:
    """A date in a message as the field shows it (1968.03 for a year-month field)."""
    fld = reg.by_name.get(name)
    return fld.format(value.iso()) if fld is not None else value.iso()


@record_rule("R-AGE", PERSON_REGISTERS)
def _adult_when_elected(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    if reg.key not in PERSON_REGISTERS:
        return
    birth = birth_date(rec, reg.person_field)
    field_name, when = _appointed_on(reg, rec)
    if birth is None or when is None:
        return
    age = age_on(birth, when)  # at month precision: the oldest possible age (see age_on)
    if age < 18:
        out.add("R-AGE", "under", field_name, when=_shown(reg, field_name, when), age=age)


@record_rule("R-PARTY", ("committee_members",))
def _party_post_needs_member(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    post = rec.get("党组织职务")
    if reg.key != "committee_members" or post not in PARTY_POSTS or has_left(rec):
        return  # a 离任 member holds no post in the rules (R-LEFT)
    status = rec.get("政治面貌")
    if status != "中共党员":
        out.add("R-PARTY", "not_member", "党组织职务", post=post, status=status or "未填写")


@record_rule("R-JOIN", ("committee_members",))
def _party_dates(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    if "入党时间" not in reg.by_name:
        return
    joined, confirmed = as_partial_date(rec.get("入党时间")), as_partial_date(rec.get("转正时间"))
    status = rec.get("政治面貌")
    if status not in PARTY_STATUSES:
        for name, value in (("入党时间", joined), ("转正时间", confirmed)):
            if value is not None:
                out.add("R-JOIN", "not_member", name, status=status or "未填写")
        return
    birth = birth_date(rec, reg.person_field)
    if joined and birth and age_on(birth, joined) < 18:
        out.add("R-JOIN", "too_young", "入党时间", value=_shown(reg, "入党时间", joined),
                birth=_shown(reg, "出生年月", birth))
    # Certainly not after: 转正 2000.03 and 入党 2000.03 may be days apart and pass.
    if joined and confirmed and confirmed.last <= joined.first:
        out.add("R-JOIN", "order", "转正时间", value=_shown(reg, "转正时间", confirmed),
                join=_shown(reg, "入党时间", joined))


@record_rule("R-DATES")
def _date_range(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    for fld in _date_fields(reg):
        given = rec.get(fld.name)
        if not given:
            continue
        span = _text_span(given) if type(given) is str else _span(as_partial_date(given))
        if span is None:
            continue
        # A month is in the future only when all of it is (this month is not), and before
        # 1900 only when all of it is.
        if span[0] > ctx.today:
            out.add("R-DATES", "future", fld.name, value=fld.format(rec[fld.name]))
        elif span[1] < EARLIEST:
            out.add("R-DATES", "ancient", fld.name, value=fld.format(rec[fld.name]))


def _span(value: PartialDate | None) -> tuple[dt.date, dt.date] | None:
    return None if value is None else (value.first, value.last)


@functools.lru_cache(maxsize=8192)
def _text_span(text: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a stored date or year-month may be: per distinct text, since the
    same dates recur across a register's rows (every row still gets the rule)."""
    return _span(as_partial_date(text))


_DATE_FIELDS: dict[str, tuple[Register, tuple[Field, ...]]] = {}


def _date_fields(reg: Register) -> tuple[Field, ...]:
    found = _DATE_FIELDS.get(reg.key)
    if found is None or found[0] is not reg:  # another catalog: other Register objects
        found = _DATE_FIELDS[reg.key] = (reg, tuple(f for f in reg.input_fields if f.type.holds_date))
    return found[1]


@record_rule("R-TERM", ("committee_members", "supervisory_committee"))
def _term_expired(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    fld = reg.by_name.get("任期届满")
    if has_left(rec):
        return  # the term of someone who left is over, as it should be
    end = as_partial_date(rec.get("任期届满"))
    # A term ending in 2026.03 has ended once March is over (any day of it may be the end).
    if fld is not None and end is not None and end.last < ctx.today:
        out.add("R-TERM", "expired", "任期届满", value=fld.format(end.iso()))


@record_rule("R-AGECAP", PERSON_REGISTERS)
def _age_cap(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    cap = int(ctx.settings.get("age_cap") or 0)
    if not cap or reg.key not in PERSON_REGISTERS:
        return
    birth = birth_date(rec, reg.person_field)
    if birth and age_on(birth, ctx.today) > cap:
        out.add("R-AGECAP", "over", "出生年月", age=age_on(birth, ctx.today), cap=cap)


@record_rule("R-USCC", ("social_organizations",))
def _registered_or_filed(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    if reg.key != "social_organizations":
        return
    code = rec.get("统一社会信用代码")
    if rec.get("管理方式") == "登记":
        if not code:
            out.add("R-USCC", "missing", "统一社会信用代码")
        elif code[:2] not in ("51", "52", "53") and len(code) == 18:
            out.add("R-USCC", "not_civil", "统一社会信用代码", prefix=code[:2])
    elif rec.get("管理方式") == "备案":
        if code:
            out.add("R-USCC", "filed_with_code", "统一社会信用代码")
        if rec.get("法人类型"):
            out.add("R-USCC", "legal_type", "法人类型")
        for name in ("备案编号", "备案日期"):
            if not rec.get(name):
                out.add("R-USCC", "filed_missing", name)


@record_rule("R-MEMBERS", ("social_organizations",))
def _society_members(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    if reg.key != "social_organizations":
        return
    members = rec.get("成员数")
    registered_society = rec.get("管理方式") == "登记" and rec.get("法人类型") == "社会团体"
    if registered_society and members is not None and members < 50:
        out.add("R-MEMBERS", "few", "成员数", value=members)


def _minutes(text: str | None) -> int | None:
    if not text:
        return None
    hour, minute = text.split(":")
    return int(hour) * 60 + int(minute)


@record_rule("R-HOURS", ("volunteer_services",))
def _service_hours(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    if reg.key != "volunteer_services":
        return
    start, end = _minutes(rec.get("开始时间")), _minutes(rec.get("结束时间"))
    hours = rec.get("服务时长")
    if start is not None and end is not None and end <= start:
        out.add("R-HOURS", "order", "结束时间", start=rec["开始时间"], end=rec["结束时间"])
        start = end = None
    if hours is None:
        return
    if hours <= 0:
        out.add("R-HOURS", "positive", "服务时长")
        return
    if abs(hours * 2 - round(hours * 2)) > 1e-9:
        out.add("R-HOURS", "step", "服务时长", value=f"{hours:g}")
    if start is not None and end is not None and hours * 60 > end - start + 1e-9:
        out.add("R-HOURS", "longer", "服务时长", value=f"{hours:g}", span=f"{(end - start) / 60:g}")
    elif hours > 24:
        out.add("R-HOURS", "day", "服务时长", name="该志愿者", day=rec.get("服务日期") or "",
                total=f"{hours:g}")


@record_rule("R-MINOR", ("volunteers",))
def _minor_volunteer(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    if reg.key != "volunteers" or rec.get("监护人同意"):
        return
    birth = birth_date(rec, reg.person_field)
    if birth is None:
        return
    on = as_date(rec.get("注册日期")) or ctx.today
    age = age_on(birth, on)
    if age < 18:
        out.add("R-MINOR", "consent", "监护人同意", age=age)


@record_rule("R-RULES-VOTE", ("village_rules",))
def _rules_vote(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    if reg.key != "village_rules":
        return
    vote = rules_vote(rec)
    if vote is None:
        return
    reps = rec.get("表决会议") == "村民代表会议"
    if not vote["quorum"]:
        key = "quorum_reps" if reps else "quorum_assembly"
        out.add("R-RULES-VOTE", key, "实到人数", due=vote["due"], present=vote["present"])
    if not vote["majority"]:
        out.add("R-RULES-VOTE", "majority", "赞成", present=vote["present"], yes=rec["赞成"])
    if reps:
        # Art. 27 names the 村民会议; a representatives' vote is lawful only when the
        # assembly authorised it, which the register cannot see, so this one is a warning.
        out.add("R-RULES-VOTE", "reps_warning", "表决会议", severity="warning")


@record_rule("R-RULES-COUNT", ("village_rules",))
def _rules_counts(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    if reg.key != "village_rules":
        return
    for key, field, values in head_count_slips(rec):
        out.add("R-RULES-COUNT", key, field, **values)


RULES_SEQUENCE = ("征求意见开始", "征求意见结束", "草案形成日期", "乡镇审核日期", "会议日期",
                  "备案日期", "公布日期")


@record_rule("R-RULES-ORDER", ("village_rules",))
def _rules_order(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    if reg.key != "village_rules":
        return
    prev_name, prev_day = None, None
    for name in RULES_SEQUENCE:
        day = as_date(rec.get(name))
        if day is None:
            continue
        if prev_day is not None and day < prev_day:
            out.add("R-RULES-ORDER", "order", name, value=day.isoformat(),
                    prev_field=prev_name, prev=prev_day.isoformat())
        prev_name, prev_day = name, day


@record_rule("R-RULES-FILE", ("village_rules",))
def _rules_filed(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    if reg.key != "village_rules" or not rec.get("是否通过"):
        return
    vote, filed = as_date(rec.get("会议日期")), as_date(rec.get("备案日期"))
    limit = int(ctx.settings.get("rules_file_days", 10))
    if vote is None:
        return
    if filed is not None and (filed - vote).days > limit:
        out.add("R-RULES-FILE", "late", "备案日期", days=(filed - vote).days, limit=limit)
    elif filed is None and (ctx.today - vote).days > limit:
        out.add("R-RULES-FILE", "missing", "备案日期", vote=vote.isoformat(), limit=limit)


@record_rule("R-RULES-WOMEN", ("village_rules",))
def _rules_women(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    if reg.key == "village_rules" and rec.get("实到人数") and rec.get("其中妇女") == 0:
        out.add("R-RULES-WOMEN", "none", "其中妇女")


@record_rule("R-LEFT", ("committee_members",))
def _left_office(reg: Register, rec: Mapping[str, Any], ctx: Context, out: Reporter) -> None:
    """离任 needs its date (not before 任职时间) and reason; 在任 has neither."""
    if STATUS_FIELD not in reg.by_name:
        return
    if not has_left(rec):
        for name in (LEFT_ON, LEFT_WHY):
            if rec.get(name):
                out.add("R-LEFT", "not_left", name)
        return
    left = as_partial_date(rec.get(LEFT_ON))
    if left is None:
        out.add("R-LEFT", "no_date", LEFT_ON)
    if not rec.get(LEFT_WHY):
        out.add("R-LEFT", "no_reason", LEFT_WHY)
    _, start = _appointed_on(reg, rec)
    # Certainly before: 任职时间 2021.03 and 离任 2021-03-10 may be in order.
    if left is not None and start is not None and left.last < start.first:
        out.add("R-LEFT", "before_start", LEFT_ON, value=_shown(reg, LEFT_ON, left),
                start=_shown(reg, "任职时间", start))
