"""志愿者: read with SQL aggregates, since a prefecture holds about 1.7 million rows here.

Volunteers are counted once per person in a total (by 证件号码): a volunteer registered in
two villages is one volunteer of the township, with the hours of both registrations.
Service hours are summed in SQLite, one pass over the service records; their drill-down
is a query run when someone asks, not a list kept in memory.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from forms.compute import NO_STAR, STAR_NAMES
from forms.validation import ERROR, check_record
from sync.stats.inputs import Inputs, add_months, person_key
from sync.stats.model import HOURS, SHARE, TOTAL, Column, Figure, Group, Query, Row, count, share
from sync.stats.sources import load_rows

GONE = "注销"


@dataclass(slots=True)
class Registration:
    uuid: str
    village: str
    key: str
    registered: bool  # not 注销
    error: bool
    warning: bool = False
    name: str = ""
    hours_period: float = 0.0
    hours_total: float = 0.0
    active: bool = False


class _Tally:
    """Persons counted for one figure, with the registrations behind them."""

    __slots__ = ("flagged", "ids", "n")

    def __init__(self, n: int, ids: list[str], flagged: list[str]) -> None:
        self.n, self.ids, self.flagged = n, ids, flagged

    def figure(self, of: float | None = None) -> Figure:
        if of is None:
            return count(self.ids, self.flagged, n=self.n)
        return share(self.n, of, self.ids, self.flagged)


@dataclass
class Tally:
    """Records of a register in one village: how many, with errors, with warnings."""

    records: int = 0
    errors: int = 0
    warnings: int = 0
    flagged: list[str] = field(default_factory=list)  # records with errors (not orphans)
    orphans: int = 0  # services of deleted volunteers: in the register, not in the figures


def _people_figure(groups: list[list[Registration]]) -> _Tally:
    return _Tally(len(groups), [r.uuid for g in groups for r in g],
                  [r.uuid for g in groups for r in g if r.error])


def load_registrations(inp: Inputs) -> tuple[list[Registration], dict[str, Tally]]:
    """Every current volunteer with its hours; and per village the service records' tally.

    A township of 1,431 villages holds ~1.4 million service records, and SQLite has no
    hash aggregation: grouping them by volunteer sorts them all (seconds). So cumulative
    hours come from each volunteer's 累计服务时长 (kept current by the store whenever a
    service record is written or merged), corrected by the services dated after the
    reference date; only the services since the start of the period or of the activity
    window are read one by one. ``recheck`` adds every service up from scratch instead.
    """
    only = inp.only
    where, args = ("AND _village = ?", (only,)) if only else ("", ())
    start, end = (d.isoformat() for d in inp.period)
    as_of = inp.as_of.isoformat()
    active_from = add_months(inp.as_of, -int(inp.settings.get("active_volunteer_months", 12))).isoformat()
    regs: dict[str, Registration] = {}
    for uuid, village, number, status, errors, warnings, hours, name in inp.conn.execute(
        'SELECT uuid, _village, "证件号码", "状态", _errors, _warnings, "累计服务时长", "姓名" '
        f"FROM volunteers WHERE +_deleted = 0 {where}", args,
    ):
        reg = Registration(uuid, village, person_key(number, uuid), status != GONE, bool(errors))
        reg.warning, reg.name = bool(warnings), name or ""
        reg.hours_total = 0.0 if inp.recheck else float(hours or 0.0)
        regs[uuid] = reg
    since = "" if inp.recheck else min(start, _next_day(active_from), _next_day(as_of))
    for vol, day, hours in inp.conn.execute(
        'SELECT "志愿者", "服务日期", "服务时长" FROM volunteer_services '
        f'WHERE +_deleted = 0 AND "服务日期" >= ? {where}', (since, *args),
    ):
        reg = regs.get(vol)
        if reg is None or day is None:
            continue  # a deleted volunteer's services are not counted
        hours = hours or 0.0
        if start <= day <= end:
            reg.hours_period += hours
        if active_from < day <= as_of:
            reg.active = True
        if inp.recheck:
            if day <= as_of:
                reg.hours_total += hours
        elif day > as_of:
            reg.hours_total -= hours
    # Counting per village reads only the (_village, _deleted) index; the few records with
    # errors or warnings come from one scan that returns nothing else.
    services: dict[str, Tally] = {}
    for village, n in inp.conn.execute(
        f"SELECT _village, COUNT(*) FROM volunteer_services WHERE _deleted = 0 {where} GROUP BY _village",
        args,
    ):
        services[village] = Tally(n)
    for uuid, village, errors, warnings in inp.conn.execute(
        "SELECT uuid, _village, _errors, _warnings FROM volunteer_services "
        f"WHERE +_deleted = 0 AND (_errors > 0 OR _warnings > 0) {where}", args,
    ):
        tally = services.setdefault(village, Tally())
        if errors:
            tally.errors += 1
            tally.flagged.append(uuid)
        if warnings:
            tally.warnings += 1
    for village, n, flagged in inp.conn.execute(
        "SELECT _village, COUNT(*), GROUP_CONCAT(CASE WHEN _errors > 0 THEN uuid END) "
        'FROM volunteer_services WHERE _deleted = 0 '
        f'AND "志愿者" IN (SELECT uuid FROM volunteers WHERE _deleted = 1) {where} '
        "GROUP BY _village", args,
    ):
        tally = services.setdefault(village, Tally())
        tally.orphans = n
        gone = set(flagged.split(",")) if flagged else set()
        tally.flagged = [u for u in tally.flagged if u not in gone]
    for reg in regs.values():
        services.setdefault(reg.village, Tally())
    if inp.recheck:
        _recheck(inp, regs, services)
    _mark_duplicates(inp, regs)
    return list(regs.values()), services


def _next_day(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def _recheck(inp: Inputs, regs: dict[str, Registration], services: dict[str, Tally]) -> None:
    vol_reg, svc_reg = inp.reg("volunteers"), inp.reg("volunteer_services")
    for rec in load_rows(inp.conn, vol_reg, inp.only):
        if rec["uuid"] in regs:
            issues = check_record(vol_reg, rec, inp.context(rec["_village"]), rec["uuid"])
            regs[rec["uuid"]].error = any(i.severity == ERROR for i in issues)
    for tally in services.values():
        tally.flagged = []
    for rec in load_rows(inp.conn, svc_reg, inp.only):
        if rec.get("志愿者") not in regs:
            continue
        issues = check_record(svc_reg, rec, inp.context(rec["_village"]), rec["uuid"])
        if any(i.severity == ERROR for i in issues):
            services.setdefault(rec["_village"], Tally()).flagged.append(rec["uuid"])


def _mark_duplicates(inp: Inputs, regs: dict[str, Registration]) -> None:
    """R-DUP: the same 证件号码 twice in one village's register is an error of the later ones."""
    seen: dict[tuple[str, str], str] = {}
    for reg in regs.values():
        if reg.key.startswith("id:"):
            if (reg.village, reg.key) in seen:
                reg.error = True
            else:
                seen[(reg.village, reg.key)] = reg.uuid


def hours_query(village: str | None, period: tuple[dt.date, dt.date] | None, as_of: dt.date) -> Query:
    sql = ('SELECT s.uuid FROM volunteer_services s JOIN volunteers v ON v.uuid = s."志愿者" '
           "WHERE s._deleted = 0 AND v._deleted = 0")
    params: list[str] = []
    if village:
        sql += " AND v._village = ?"
        params.append(village)
    if period:
        sql += ' AND s."服务日期" BETWEEN ? AND ?'
        params += [period[0].isoformat(), period[1].isoformat()]
    else:
        sql += ' AND s."服务日期" <= ?'
        params.append(as_of.isoformat())
    return Query(sql + ' ORDER BY s."服务日期"', tuple(params))


def volunteers_group(inp: Inputs) -> Group:
    registrations, services = load_registrations(inp)
    inp.volunteers = registrations
    inp.services = services
    by_village: dict[str, list[Registration]] = defaultdict(list)
    for reg in registrations:
        by_village[reg.village].append(reg)
    percent = float(inp.settings.get("volunteer_target_percent", 15.0))
    thresholds = list(inp.settings.get("star_thresholds", [100, 300, 600, 1000, 1500]))
    stars = (NO_STAR, *STAR_NAMES[: len(thresholds)])
    thresholds = sorted(thresholds)
    population = {v: inp.scope.profiles.get(v, {}).get("常住人口") for v in inp.villages}
    targets = {v: math.ceil(p * percent / 100) for v, p in population.items() if p}
    columns = [
        Column("volunteers", "注册志愿者（人）", help="不含已注销；乡镇合计按证件号码去重"),
        Column("vol_share", "占常住人口", SHARE, f"目标 {percent:g}%"),
        Column("vol_target", f"目标人数（{percent:g}%）"),
        Column("vol_below", "未达目标的村", SHARE),
        Column("hours_period", "期间服务时长（小时）", HOURS),
        Column("hours_total", "累计服务时长（小时）", HOURS),
        *(Column(f"star:{s}", s, SHARE) for s in stars),
        Column("active", "活跃志愿者", SHARE,
               f"近{int(inp.settings.get('active_volunteer_months', 12))}个月内有服务记录"),
        Column("errors", "有错误", SHARE, "有错误的志愿者及服务记录 / 记录数"),
    ]

    def star(hours: float) -> str:
        k = bisect.bisect_right(thresholds, hours)  # the same as star_for_hours, sorted limits
        return stars[k] if k < len(stars) else stars[-1]

    def row(village: str, name: str, villages: list[str]) -> Row:
        regs = [r for v in villages for r in by_village.get(v, [])]
        people: dict[str, list[Registration]] = {}
        for r in regs:
            if r.registered:
                same = people.get(r.key)
                if same is None:
                    people[r.key] = [r]
                else:
                    same.append(r)
        known_pop = [v for v in villages if population.get(v)]
        known_set = set(known_pop)
        groups = list(people.values())  # one list of registrations per person
        hours = [g[0].hours_total if len(g) == 1 else sum(x.hours_total for x in g) for g in groups]
        star_of = [star(h) for h in hours]
        tallies = {
            "volunteers": _people_figure(groups),
            "vol_share": _people_figure([g for g in groups if any(x.village in known_set for x in g)]),
            "active": _people_figure([g for g in groups if any(x.active for x in g)]),
        }
        by_star: dict[str, list[list[Registration]]] = {s: [] for s in stars}
        for g, st in zip(groups, star_of, strict=True):
            by_star[st].append(g)
        for s in stars:
            tallies[f"star:{s}"] = _people_figure(by_star[s])
        everyone, counted, active = tallies["volunteers"], tallies["vol_share"], tallies["active"]
        n = everyone.n
        below = [v for v in known_pop
                 if len({r.key for r in by_village.get(v, []) if r.registered}) < targets[v]]
        below_ids = [r.uuid for v in below for r in by_village.get(v, []) if r.registered]
        figures: dict[str, Figure] = {
            "volunteers": everyone.figure(),
            "vol_share": counted.figure(sum(population[v] for v in known_pop)),
            "vol_target": count(n=sum(targets[v] for v in known_pop), villages=known_pop),
            "vol_below": share(len(below), len(known_pop), below_ids, [], below),
        }
        for s in stars:
            figures[f"star:{s}"] = tallies[f"star:{s}"].figure(n)
        figures["active"] = active.figure(n)
        only = None if village == TOTAL else village
        if village == TOTAL and inp.only:
            only = inp.only
        for key, period, value in (("hours_period", inp.period, lambda r: r.hours_period),
                                   ("hours_total", None, lambda r: r.hours_total)):
            total = round(sum(value(r) for r in regs), 2)
            figures[key] = Figure(HOURS, total, query=hours_query(only, period, inp.as_of),
                                  villages=tuple(villages) if village != TOTAL else ())
        bad = [r.uuid for r in regs if r.error] + [u for v in villages if v in services
                                                   for u in services[v].flagged]
        total_records = len(regs) + sum(services[v].records - services[v].orphans
                                        for v in villages if v in services)
        figures["errors"] = share(len(bad), total_records, bad, bad)
        return Row(village, name, figures)

    village_rows = [row(v, inp.scope.names[v], [v]) for v in inp.villages]
    notes = ["乡镇合计按证件号码去重：在两个村注册的志愿者只计一次，服务时长合并计算星级（见 R-X-VOL）。"]
    missing = [inp.scope.names[v] for v in inp.villages if not population.get(v)]
    if missing:
        notes.append("以下村未填写常住人口，不计入占比与目标：" + "、".join(missing))
    return Group("volunteers", "志愿者", columns, row(TOTAL, "合计", inp.villages), village_rows, notes)
