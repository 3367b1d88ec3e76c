"""How villages govern themselves (registers 6–8): 重大事项决策, 会议与协商, 村务公开.

statistics.md, "Figures the reference documents publish": 重大事项 by 事项类别, the share that went
through all six "四议两公开" steps, villages with at least one; meetings by type (华蓥: 村民小组会议
1360), 民主协商会 and their 解决事项数 (华蓥: 632, 576), villages that held a 村民会议 or 村民代表会议
(黔南: 100%); disclosures by 类别 (华蓥: 603), villages with a disclosure in every quarter; and
villages with the 民主自治制度 in place (黔南: 村民会议、村民代表会议、村务公开 100%).

Every figure is a count (shares keep their numerator and denominator) over the reporting period:
a meeting by its 会议日期, a posting by its 公开日期, a matter by its first dated step. Each keeps
its records for the drill-down.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from forms.governance import all_steps_done, quarter_last_day
from forms.types import as_date
from sync.reports.stats.inputs import Inputs
from sync.reports.stats.model import SHARE, TOTAL, Check, Column, Figure, Group, Row, count, share
from sync.reports.stats.sources import Row as Rec

DECISIONS, MEETINGS, DISCLOSURES = "major_decisions", "meetings", "disclosures"
ASSEMBLIES = ("村民会议", "村民代表会议")
CONSULTATION = "民主协商会"
ORDINARY = ("村务", "财务")  # 组织法 art. 30: what must be disclosed every quarter
STEP_FIELDS = ("提议日期", "商议日期", "审议日期", "决议日期", "决议公开日期", "实施结果公开日期")


def _in(day: dt.date | None, inp: Inputs) -> bool:
    end = min(inp.period[1], inp.as_of)
    return day is not None and inp.period[0] <= day <= end


def decision_day(rec: Rec) -> dt.date | None:
    """A matter belongs to the period of its first dated step (usually 提议)."""
    days = [d for d in (as_date(rec.get(f)) for f in STEP_FIELDS) if d is not None]
    return min(days) if days else None


def on(field: str) -> Callable[[Rec], dt.date | None]:
    """A record's ``field`` as a date, each distinct value read once (a prefecture's 57,000
    meetings are read twice: for the meetings and for the 民主自治 of the disclosures)."""
    seen: dict[Any, dt.date | None] = {}

    def day(rec: Rec) -> dt.date | None:
        value = rec.get(field)
        try:
            return seen[value]
        except KeyError:
            found = seen[value] = as_date(value)
            return found
        except TypeError:  # not hashable
            return as_date(value)

    return day


def period_rows(inp: Inputs, key: str, day: Callable[[Rec], dt.date | None]) -> dict[str, list[Rec]]:
    return {v: [r for r in rows if _in(day(r), inp)] for v, rows in inp.rows(key).items()}


def ended_quarters_in(inp: Inputs) -> list[tuple[int, int]]:
    """(year, quarter) of each quarter wholly inside the period that has ended by the reference date."""
    start, end = inp.period[0], min(inp.period[1], inp.as_of - dt.timedelta(days=1))
    found = []
    for year in range(start.year, end.year + 1):
        for quarter in (1, 2, 3, 4):
            first = dt.date(year, 3 * quarter - 2, 1)
            if first >= start and quarter_last_day(year, quarter) <= end:
                found.append((year, quarter))
    return found


def _quarter(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


class _Builder:
    """Rows of one group: records per village in the period, their flagged ones, and figures."""

    def __init__(self, inp: Inputs, key: str, rows: dict[str, list[Rec]]) -> None:
        self.inp, self.key, self.rows = inp, key, rows
        self.flags = {v: inp.flagged(key, inp.rows(key)[v], v) for v in inp.villages}

    def records(self, villages: Iterable[str]) -> list[Rec]:
        return [r for v in villages for r in self.rows[v]]

    def flagged(self, villages: Iterable[str]) -> set[str]:
        return set().union(*(self.flags[v] for v in villages))

    def count(self, recs: list[Rec], flagged: set[str], n: float | None = None) -> Figure:
        ids = [r["uuid"] for r in recs]
        return count(ids, [u for u in ids if u in flagged], n)

    def by_value(self, recs: list[Rec], field: str, values: Iterable[str], prefix: str,
                 flagged: set[str]) -> dict[str, Figure]:
        """One count per choice of ``field`` (a 类别, a 会议类型), keyed ``prefix:value``."""
        # One pass over the records (the 合计 has tens of thousands) instead of one per choice.
        by: dict[Any, list[Rec]] = {}
        try:
            for r in recs:
                by.setdefault(r.get(field), []).append(r)
        except TypeError:  # a value that is not hashable: compare each
            by = {v: [r for r in recs if r.get(field) == v] for v in values}
        return {f"{prefix}:{v}": self.count(by.get(v, []), flagged) for v in values}

    def share(self, part: list[Rec], whole: int, flagged: set[str]) -> Figure:
        ids = [r["uuid"] for r in part]
        return share(len(part), whole, ids, [u for u in ids if u in flagged])

    def villages(self, chosen: list[str], of: list[str], flagged: set[str]) -> Figure:
        ids = [r["uuid"] for v in chosen for r in self.rows[v]]
        return share(len(chosen), len(of), ids, [u for u in ids if u in flagged], chosen)

    def group(self, key: str, title: str, columns: list[Column],
              figures: Callable[[list[str], set[str]], dict[str, Figure]], notes: list[str]) -> Group:
        def row(village: str, name: str, villages: list[str]) -> Row:
            flagged = self.flagged(villages)
            found = figures(villages, flagged)
            bad = [r for r in self.records(villages) if r["uuid"] in flagged]
            found["errors"] = self.share(bad, len(self.records(villages)), flagged)
            return Row(village, name, found)

        inp = self.inp
        village_rows = [row(v, inp.scope.names[v], [v]) for v in inp.villages]
        return Group(key, title, columns, row(TOTAL, "合计", inp.villages), village_rows, notes)


def _period_note(inp: Inputs, what: str) -> str:
    end = min(inp.period[1], inp.as_of)
    return f"统计期间：{inp.period[0].isoformat()} 至 {end.isoformat()}，{what}在此期间的计入。"


def decisions_group(inp: Inputs) -> Group:
    b = _Builder(inp, DECISIONS, period_rows(inp, DECISIONS, decision_day))
    categories = inp.catalog.choices["重大事项类别"].values
    columns = [
        Column("decisions", "重大事项（项）"),
        *(Column(f"cat:{c}", c) for c in categories),
        Column("decisions_six_steps", "“四议两公开”六步完整", SHARE, "事项数 / 重大事项数"),
        Column("decisions_adopted", "决议通过", SHARE, "事项数 / 重大事项数"),
        Column("decisions_villages", "有重大事项决策的村", SHARE, "村数 / 村数"),
        Column("errors", "有错误", SHARE),
    ]

    def figures(villages: list[str], flagged: set[str]) -> dict[str, Figure]:
        recs = b.records(villages)
        out = {"decisions": b.count(recs, flagged),
               **b.by_value(recs, "事项类别", categories, "cat", flagged)}
        out["decisions_six_steps"] = b.share([r for r in recs if all_steps_done(r)], len(recs), flagged)
        out["decisions_adopted"] = b.share([r for r in recs if r.get("是否通过")], len(recs), flagged)
        out["decisions_villages"] = b.villages([v for v in villages if b.rows[v]], villages, flagged)
        return out

    return b.group("decisions", "重大事项决策", columns, figures, [
        _period_note(inp, "事项按最早有日期的步骤（一般为提议日期）"),
        "六步：村党组织提议、村“两委”会议商议、党员大会审议、村民（代表）会议决议、决议公开、实施结果公开，均有日期。"])


def meetings_group(inp: Inputs) -> Group:
    b = _Builder(inp, MEETINGS, period_rows(inp, MEETINGS, on("会议日期")))
    kinds = inp.catalog.choices["会议与协商类型"].values
    quarters = ended_quarters_in(inp)
    columns = [
        Column("meetings", "会议与协商（次）"),
        *(Column(f"type:{k}", k) for k in kinds),
        Column("consult_items", "民主协商会协商事项（项）"),
        Column("consult_resolved", "民主协商会解决事项（项）"),
        Column("assembly_villages", "召开村民会议或村民代表会议的村", SHARE, "村数 / 村数"),
        Column("reps_quarterly", "每季度召开村民代表会议的村", SHARE,
               "期间内已结束的每个季度都有村民代表会议的村 / 村数"),
        Column("errors", "有错误", SHARE),
    ]

    def figures(villages: list[str], flagged: set[str]) -> dict[str, Figure]:
        recs = b.records(villages)
        out = {"meetings": b.count(recs, flagged), **b.by_value(recs, "会议类型", kinds, "type", flagged)}
        consultations = [r for r in recs if r.get("会议类型") == CONSULTATION]
        discussed = [r for r in consultations if r.get("协商事项数")]
        resolved = [r for r in consultations if r.get("解决事项数")]
        out["consult_items"] = b.count(discussed, flagged, sum(r["协商事项数"] for r in discussed))
        out["consult_resolved"] = b.count(resolved, flagged, sum(r["解决事项数"] for r in resolved))
        held = [v for v in villages if any(r.get("会议类型") in ASSEMBLIES for r in b.rows[v])]
        out["assembly_villages"] = b.villages(held, villages, flagged)
        quarterly = [v for v in villages if set(quarters) <= {
            _quarter(as_date(r["会议日期"])) for r in b.rows[v] if r.get("会议类型") == "村民代表会议"}]
        out["reps_quarterly"] = b.villages(quarterly, villages, flagged)
        return out

    return b.group("meetings", "会议与协商", columns, figures, [
        _period_note(inp, "会议按会议日期"),
        f"每季度：期间内已结束的季度（{_quarters_text(quarters)}）。"])


def disclosures_group(inp: Inputs) -> Group:
    b = _Builder(inp, DISCLOSURES, period_rows(inp, DISCLOSURES, on("公开日期")))
    meetings = period_rows(inp, MEETINGS, on("会议日期"))
    kinds = inp.catalog.choices["公开类别"].values
    quarters = ended_quarters_in(inp)
    columns = [
        Column("disclosures", "公开（次）"),
        *(Column(f"kind:{k}", k) for k in kinds),
        Column("disclosures_checked", "经监委会审核", SHARE, "次数 / 公开次数"),
        Column("open_quarterly", "每季度都有村务或财务公开的村", SHARE,
               "期间内已结束的每个季度都有村务或财务公开的村 / 村数（组织法第三十条）"),
        Column("self_governance", "民主自治制度落实的村", SHARE,
               "期间内召开了村民会议或村民代表会议、并有村务或财务公开的村 / 村数"),
        Column("errors", "有错误", SHARE),
    ]

    def figures(villages: list[str], flagged: set[str]) -> dict[str, Figure]:
        recs = b.records(villages)
        out = {"disclosures": b.count(recs, flagged), **b.by_value(recs, "公开类别", kinds, "kind", flagged)}
        out["disclosures_checked"] = b.share([r for r in recs if r.get("监委会审核")], len(recs), flagged)
        ordinary = {v: [r for r in b.rows[v] if r.get("公开类别") in ORDINARY] for v in villages}
        quarterly = [v for v in villages
                     if set(quarters) <= {_quarter(as_date(r["公开日期"])) for r in ordinary[v]}]
        out["open_quarterly"] = b.villages(quarterly, villages, flagged)
        governed = [v for v in villages if ordinary[v]
                    and any(r.get("会议类型") in ASSEMBLIES for r in meetings[v])]
        out["self_governance"] = b.villages(governed, villages, flagged)
        return out

    return b.group("disclosures", "村务公开", columns, figures, [
        _period_note(inp, "公开按公开日期"),
        f"每季度：期间内已结束的季度（{_quarters_text(quarters)}）；党务公开不计入。"])


def _quarters_text(quarters: list[tuple[int, int]]) -> str:
    return "、".join(f"{y}年第{q}季度" for y, q in quarters) or "无"


def governance_groups(inp: Inputs) -> dict[str, Group]:
    """The three groups, in the order they are shown (after 志愿者, before 数据状况)."""
    return {"decisions": decisions_group(inp), "meetings": meetings_group(inp),
            "disclosures": disclosures_group(inp)}


def governance_checks(inp: Inputs) -> list[Check]:
    """The register rules of 会议与协商 and 村务公开 failing in a village at the reference date
    (R-REP-QUARTER, R-OPEN-QUARTER), for the township's list of checks."""
    found: list[Check] = []
    for key in (MEETINGS, DISCLOSURES):
        reg = inp.reg(key)
        for v, issues in inp.register_issues(key).items():
            for i in issues:
                title = inp.catalog.rule_title(i.rule)
                records = (i.record,) if i.record else tuple(r["uuid"] for r in inp.rows(key)[v])
                where = f"{inp.scope.names.get(v, v)}·{reg.short}"
                found.append(Check(i.rule, i.severity, title, f"{where}：{i.message}", (v,), records))
    return found
