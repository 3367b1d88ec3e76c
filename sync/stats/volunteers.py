"""志愿者: read with SQL aggregates, since a prefecture holds about 1.7 million rows here.

Volunteers are counted once per person in a total (by 证件号码): a volunteer registered in
two villages is one volunteer of the township, with the hours of both registrations.
Service hours are summed in SQLite, one pass over the service records; their drill-down
is a query run when someone asks, not a list kept in memory.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from forms.compute import NO_STAR, STAR_NAMES, star_for_hours
from forms.validation import ERROR, check_record
from sync.stats.inputs import Inputs, add_months, person_key
from sync.stats.model import HOURS, SHARE, TOTAL, Column, Figure, Group, Query, Row, count, share
from sync.stats.sources import load_rows

GONE = "注销"


@dataclass
class Registration:
    uuid: str
    village: str
    key: str
    registered: bool  # not 注销
    error: bool
    services: int = 0
    hours_period: float = 0.0
    hours_total: float = 0.0
    active: bool = False


@dataclass
class _Person:
    regs: list[Registration] = field(default_factory=list)
    star: str = NO_STAR


def load_registrations(inp: Inputs) -> tuple[list[Registration], dict[str, list[str]]]:
    """Every current volunteer with its service aggregates; and village → flagged services."""
    only = inp.only
    where, args = ("AND _village = ?", (only,)) if only else ("", ())
    start, end = (d.isoformat() for d in inp.period)
    as_of = inp.as_of.isoformat()
    active_from = add_months(inp.as_of, -int(inp.settings.get("active_volunteer_months", 12))).isoformat()
    regs: dict[str, Registration] = {}
    for uuid, village, number, status, errors in inp.conn.execute(
        f'SELECT uuid, _village, "证件号码", "状态", _errors FROM volunteers WHERE _deleted = 0 {where}',
        args,
    ):
        regs[uuid] = Registration(uuid, village, person_key(number, uuid), status != GONE, bool(errors))
    # One pass over the services, grouped by volunteer. Services of deleted volunteers are
    # left out because their volunteer is not in ``regs``.
    sql = (
        'SELECT "志愿者", COUNT(*), '
        'SUM(CASE WHEN "服务日期" BETWEEN ? AND ? THEN "服务时长" ELSE 0 END), '
        'SUM(CASE WHEN "服务日期" <= ? THEN "服务时长" ELSE 0 END), '
        'MAX("服务日期" > ? AND "服务日期" <= ?), SUM(_errors > 0) '
        "FROM volunteer_services WHERE _deleted = 0 "
        + ('AND "志愿者" IN (SELECT uuid FROM volunteers WHERE _village = ?) ' if only else "")
        + 'GROUP BY "志愿者"'
    )
    params = (start, end, as_of, active_from, as_of, *((only,) if only else ()))
    with_bad_services: list[str] = []
    for vol, n, h_period, h_total, active, bad in inp.conn.execute(sql, params):
        reg = regs.get(vol)
        if reg is None:
            continue
        reg.services, reg.hours_period, reg.hours_total = n, h_period or 0.0, h_total or 0.0
        reg.active = bool(active)
        if bad:
            with_bad_services.append(vol)
    bad_services: dict[str, list[str]] = defaultdict(list)
    if with_bad_services:
        for uuid, vol in inp.conn.execute(
            'SELECT uuid, "志愿者" FROM volunteer_services WHERE _deleted = 0 AND _errors > 0'
        ):
            if vol in regs:
                bad_services[regs[vol].village].append(uuid)
    if inp.recheck:
        _recheck(inp, regs, bad_services)
    _mark_duplicates(inp, regs)
    return list(regs.values()), bad_services


def _recheck(inp: Inputs, regs: dict[str, Registration], bad_services: dict[str, list[str]]) -> None:
    vol_reg, svc_reg = inp.reg("volunteers"), inp.reg("volunteer_services")
    for rec in load_rows(inp.conn, vol_reg, inp.only):
        if rec["uuid"] in regs:
            issues = check_record(vol_reg, rec, inp.context(rec["_village"]), rec["uuid"])
            regs[rec["uuid"]].error = any(i.severity == ERROR for i in issues)
    bad_services.clear()
    for rec in load_rows(inp.conn, svc_reg, inp.only):
        owner = regs.get(rec.get("志愿者") or "")
        if owner is None:
            continue
        issues = check_record(svc_reg, rec, inp.context(owner.village), rec["uuid"])
        if any(i.severity == ERROR for i in issues):
            bad_services[owner.village].append(rec["uuid"])


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
    registrations, bad_services = load_registrations(inp)
    by_village: dict[str, list[Registration]] = defaultdict(list)
    for reg in registrations:
        by_village[reg.village].append(reg)
    percent = float(inp.settings.get("volunteer_target_percent", 15.0))
    thresholds = list(inp.settings.get("star_thresholds", [100, 300, 600, 1000, 1500]))
    stars = (NO_STAR, *STAR_NAMES[: len(thresholds)])
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

    def row(village: str, name: str, villages: list[str]) -> Row:
        regs = [r for v in villages for r in by_village.get(v, [])]
        people: dict[str, _Person] = defaultdict(_Person)
        for r in regs:
            if r.registered:
                people[r.key].regs.append(r)

        def fig_people(ps: list[_Person], of: int | None = None) -> Figure:
            ids = [r.uuid for p in ps for r in p.regs]
            fl = [r.uuid for p in ps for r in p.regs if r.error]
            return count(ids, fl, n=len(ps)) if of is None else share(len(ps), of, ids, fl)

        everyone = list(people.values())
        n = len(everyone)
        by_star: dict[str, list[_Person]] = defaultdict(list)
        for p in everyone:
            # A person's star comes from the hours of all their registrations in this row.
            p.star = star_for_hours(sum(r.hours_total for r in p.regs), thresholds)
            by_star[p.star].append(p)
        known_pop = [v for v in villages if population.get(v)]
        counted = [p for p in everyone if any(r.village in known_pop for r in p.regs)]
        below = [v for v in known_pop
                 if len({r.key for r in by_village.get(v, []) if r.registered}) < targets[v]]
        below_ids = [r.uuid for v in below for r in by_village.get(v, []) if r.registered]
        figures: dict[str, Figure] = {
            "volunteers": fig_people(everyone),
            "vol_share": fig_people(counted, sum(population[v] for v in known_pop)),
            "vol_target": count(n=sum(targets[v] for v in known_pop), villages=known_pop),
            "vol_below": share(len(below), len(known_pop), below_ids, [], below),
        }
        only = None if village == TOTAL else village
        if village == TOTAL and inp.only:
            only = inp.only
        for key, period, value in (("hours_period", inp.period, lambda r: r.hours_period),
                                   ("hours_total", None, lambda r: r.hours_total)):
            total = round(sum(value(r) for r in regs), 2)
            figures[key] = Figure(HOURS, total, query=hours_query(only, period, inp.as_of),
                                  villages=tuple(villages) if village != TOTAL else ())
        for s in stars:
            figures[f"star:{s}"] = fig_people(by_star.get(s, []), n)
        figures["active"] = fig_people([p for p in everyone if any(r.active for r in p.regs)], n)
        bad = [r.uuid for r in regs if r.error] + [u for v in villages for u in bad_services.get(v, [])]
        total_records = len(regs) + sum(r.services for r in regs)
        figures["errors"] = share(len(bad), total_records, bad, bad)
        return Row(village, name, figures)

    village_rows = [row(v, inp.scope.names[v], [v]) for v in inp.villages]
    notes = ["乡镇合计按证件号码去重：在两个村注册的志愿者只计一次，服务时长合并计算星级（见 R-X-VOL）。"]
    missing = [inp.scope.names[v] for v in inp.villages if not population.get(v)]
    if missing:
        notes.append("以下村未填写常住人口，不计入占比与目标：" + "、".join(missing))
    return Group("volunteers", "志愿者", columns, row(TOTAL, "合计", inp.villages), village_rows, notes)
