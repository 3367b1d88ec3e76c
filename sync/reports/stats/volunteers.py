"""志愿者: SQLite counts per village what it can, Python reads the awkward registrations.

A prefecture holds ~290,000 volunteers and ~1.4 million service records; building every
person's figures and record lists in Python took seconds. Now SQLite scans three covering
indexes (:mod:`sync.reports.stats.volunteer_sql`) and Python reads only the registrations that are
not a person by themselves or carry detail every figure lists: the same 证件号码 twice in a
village (R-DUP: the later ones have errors), a volunteer registered in two villages (one
volunteer of the township, with the hours of both registrations: R-X-VOL), ID numbers not in
canonical form, registrations with errors (flagged in every figure), 注销 ones; and every
volunteer of a village whose services SQLite cannot attribute by village, or that has services
after the reference date. When errors are rechecked, Python reads everything, as before.

Figures over the volunteers SQLite counted list their records when someone clicks them
(:class:`~sync.reports.stats.volunteer_sql.VolunteerRecords`). Volunteers are counted once per person
in a total (by 证件号码). Service hours' drill-down is a query run when someone asks.

The parts: ``volunteer_sql`` (the queries), ``volunteer_counting`` (running them, on a thread of
their own for a big database), ``volunteer_registrations`` (what Python reads), this module (the
group's figures).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field

from forms.compute import star_level
from sync.reports.counting import dedup_note
from sync.reports.stats.inputs import Inputs, as_of_note
from sync.reports.stats.model import (
    COUNT,
    HOURS,
    SHARE,
    TOTAL,
    Column,
    Deferred,
    Figure,
    Group,
    Query,
    Row,
)
from sync.reports.stats.volunteer_counting import count_volunteers, star_limits, window_of
from sync.reports.stats.volunteer_registrations import (
    Registration,
    Tally,
    load_registrations,
    mark_duplicates,
    recheck,
    service_tallies,
)
from sync.reports.stats.volunteer_sql import (
    ACTIVE,
    REGISTERED_ONLY,
    STAR,
    Counted,
    ServiceCount,
    SimpleSource,
    VillageCount,
    VolunteerRecords,
)


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


@dataclass
class SimpleVillage:
    """A counted village's simple volunteers: its counts less the registrations Python read."""

    registered: int = 0
    active: int = 0
    at_least: list[int] = field(default_factory=list)  # registered with hours ≥ each star limit
    stars: list[int] = field(default_factory=list)  # registered per star (star_counts)

    def star_counts(self, n_stars: int) -> list[int]:
        """Volunteers per star (the last star takes everything above it)."""
        bounds = [self.registered, *self.at_least, 0]
        exact = [bounds[k] - bounds[k + 1] for k in range(len(bounds) - 1)]
        return [*exact[: n_stars - 1], sum(exact[n_stars - 1:])]


def volunteers_group(inp: Inputs, found: Counted | None = None) -> Group:
    """The 志愿者 group; ``found`` is :func:`count_volunteers`'s result if already known."""
    stars, thresholds = star_limits(inp.settings)
    months = int(inp.settings.get("active_volunteer_months", 12))
    percent = float(inp.settings.get("volunteer_target_percent", 15.0))
    window = window_of(inp)
    if found is None:
        found = count_volunteers(inp)
    source: SimpleSource | None = None
    counted: dict[str, tuple[VillageCount, ServiceCount]] = {}  # villages SQLite counted
    if found.in_sql:
        registrations = load_registrations(inp, window, (), found.python)
        # Villages counted in Python: all their registrations, in table order. A county's
        # township (``scope.limited``) reads those of its own villages: the county's scans name
        # the villages of every township.
        redo = found.redo & set(inp.villages) if inp.scope.limited else found.redo
        if redo:
            have = {r.uuid for r in registrations}
            more = [r for r in load_registrations(inp, window, redo, ()) if r.uuid not in have]
            registrations = sorted([*registrations, *more], key=lambda r: r.rowid)
        order = {v: i for i, v in enumerate(inp.villages)}
        source = SimpleSource(inp.conn, window, tuple(thresholds), len(stars), json.dumps(found.python),
                              json.dumps(sorted(found.later)), inp.only, order)
        counted = {v: (c, found.services.get(v, ServiceCount()))
                   for v, c in found.villages.items() if v not in found.redo}
    else:
        registrations = load_registrations(inp, window, None, ())
    services = service_tallies(found)
    mark_duplicates(registrations)
    if inp.recheck:
        recheck(inp, {r.uuid: r for r in registrations}, services)
    by_village: dict[str, list[Registration]] = defaultdict(list)
    for reg in registrations:
        by_village[reg.village].append(reg)
    # A counted village's simple volunteers: SQLite counted every registration as a person;
    # take away the registrations Python read (it counts them as persons below).
    simple: dict[str, SimpleVillage] = {}
    for v, (vc, _) in counted.items():
        regs = by_village.get(v, [])
        # What SQLite counted as registered (not 注销); a later registration Python reads is
        # among them, and is not a volunteer at the reference date.
        mine = [r for r in regs if r.listed]
        # Corrected counts (services after the reference date) already leave Python's out.
        at_least = list(vc.at_least) if vc.corrected else [
            n - sum(1 for r in mine if r.hours_total >= t)
            for n, t in zip(vc.at_least, thresholds, strict=True)]
        active = vc.regs - vc.inactive - sum(r.active for r in regs)
        simple[v] = SimpleVillage(vc.registered - len(mine), active, at_least)
        simple[v].stars = simple[v].star_counts(len(stars))
    for v in {*by_village, *counted}:
        services.setdefault(v, Tally())
    # The data status and the cross-village checks reuse what was read here.
    inp.volunteers = registrations
    inp.services = services
    status: dict[str, tuple[int, int, int]] = {}
    for v in {*by_village, *counted}:
        regs = by_village.get(v, [])
        errors = sum(r.error for r in regs)
        if v in counted:
            status[v] = (counted[v][0].regs, errors, counted[v][0].warnings)
        else:
            status[v] = (len(regs), errors, sum(r.warning for r in regs))
    inp.volunteer_status = status

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
        Column("active", "活跃志愿者", SHARE, f"近{months}个月内有服务记录"),
        Column("errors", "有错误", SHARE, "有错误的志愿者及服务记录 / 记录数"),
    ]
    order = {v: i for i, v in enumerate(inp.villages)}
    persons_in = {v: len({r.key for r in regs if r.registered}) for v, regs in by_village.items()}
    no_one = SimpleVillage()

    def listed(entries: list[tuple[tuple[int, int], list[str]]], what: str, villages: list[str],
               level: int = 0) -> tuple[str, ...] | Deferred:
        """A figure's records: Python's persons, plus (found on demand) the simple ones."""
        if source is None or not villages:
            return tuple(u for _, uuids in entries for u in uuids)
        return VolunteerRecords(source, tuple(villages), what, level, tuple(entries))

    def people(groups: list[list[Registration]]) -> list[tuple[tuple[int, int], list[str]]]:
        return [((order[g[0].village], g[0].rowid), [r.uuid for r in g]) for g in groups]

    def flagged(groups: list[list[Registration]]) -> tuple[str, ...]:
        return tuple(r.uuid for g in groups for r in g if r.error)

    def row(village: str, name: str, villages: list[str]) -> Row:
        regs = [r for v in villages for r in by_village.get(v, ())]
        sql_villages = [v for v in villages if v in counted]
        # The counted villages' simple volunteers, summed once (hours in the same order as
        # ever: 0 + the first village + the next …).
        n_simple = active_simple = regs_simple = 0
        stars_simple = [0] * len(stars)
        period_simple = total_simple = 0.0
        for v in sql_villages:
            s, (vc, sc) = simple[v], counted[v]
            n_simple += s.registered
            active_simple += s.active
            for level, k in enumerate(s.stars):
                stars_simple[level] += k
            period_simple += sc.hours_period
            total_simple += vc.hours_total
            regs_simple += vc.regs
        groups_of: dict[str, list[Registration]] = {}
        for r in regs:
            if r.registered:
                same = groups_of.get(r.key)
                if same is None:
                    groups_of[r.key] = [r]
                else:
                    same.append(r)
        groups = list(groups_of.values())  # one list of registrations per person
        known_pop = [v for v in villages if population.get(v)]
        n = n_simple + len(groups)
        figures: dict[str, Figure] = {
            "volunteers": Figure(COUNT, n, None, listed(people(groups), REGISTERED_ONLY, sql_villages),
                                 flagged(groups)),
        }
        known_set = set(known_pop)
        sharing = [g for g in groups if any(x.village in known_set for x in g)] if groups else []
        sql_known = [v for v in sql_villages if v in known_set]
        figures["vol_share"] = Figure(
            SHARE, sum(simple[v].registered for v in sql_known) + len(sharing),
            sum(population[v] for v in known_pop), listed(people(sharing), REGISTERED_ONLY, sql_known),
            flagged(sharing))
        figures["vol_target"] = Figure(COUNT, sum(targets[v] for v in known_pop), None, (), (),
                                       tuple(known_pop))
        below = [v for v in known_pop
                 if simple.get(v, no_one).registered + persons_in.get(v, 0) < targets[v]]
        below_regs = [((order[r.village], r.rowid), [r.uuid]) for v in below
                      for r in by_village.get(v, ()) if r.registered]
        figures["vol_below"] = Figure(SHARE, len(below), len(known_pop),
                                      listed(below_regs, REGISTERED_ONLY, [v for v in below if v in counted]),
                                      (), tuple(below))
        by_star: list[list[list[Registration]]] = [[] for _ in stars]
        for g in groups:
            hours = g[0].hours_total if len(g) == 1 else sum(x.hours_total for x in g)
            by_star[star_level(hours, thresholds)].append(g)
        for level, s in enumerate(stars):
            persons = by_star[level]
            figures[f"star:{s}"] = Figure(SHARE, stars_simple[level] + len(persons), n,
                                          listed(people(persons), STAR, sql_villages, level),
                                          flagged(persons))
        active = [g for g in groups if any(x.active for x in g)]
        figures["active"] = Figure(SHARE, active_simple + len(active), n,
                                   listed(people(active), ACTIVE, sql_villages), flagged(active))
        only = None if village == TOTAL else village
        if village == TOTAL and inp.only:
            only = inp.only
        # Hours and records of a counted village come whole from SQLite (the registrations
        # Python read there included); of the other villages, from Python.
        rest = [r for r in regs if r.village not in counted]
        for key, period, total in (
            ("hours_period", inp.period, period_simple + sum(r.hours_period for r in rest)),
            ("hours_total", None, total_simple + sum(r.hours_total for r in rest)),
        ):
            figures[key] = Figure(HOURS, round(total, 2), query=hours_query(only, period, inp.as_of),
                                  villages=tuple(villages) if village != TOTAL else ())
        bad = [r.uuid for r in regs if r.error] + [u for v in villages if v in services
                                                   for u in services[v].flagged]
        total_records = (regs_simple + len(rest)
                         + sum(services[v].records - services[v].orphans for v in villages if v in services))
        figures["errors"] = Figure(SHARE, len(bad), total_records, tuple(bad), tuple(bad))
        return Row(village, name, figures)

    def simple_row(v: str) -> Row:
        """A counted village whose volunteers SQLite counted all (most villages): the same
        figures as ``row`` gives, without the machinery for persons."""
        s, (vc, sc), tally = simple[v], counted[v], services[v]
        n, pop, target = s.registered, population.get(v), targets.get(v)
        where = (v,)
        star_n = s.stars
        bad = tuple(tally.flagged)
        figures: dict[str, Figure] = {
            "volunteers": Figure(COUNT, n, None, VolunteerRecords(source, where, REGISTERED_ONLY)),
            "vol_share": Figure(SHARE, n if pop else 0, pop or 0,
                                VolunteerRecords(source, where, REGISTERED_ONLY) if pop else ()),
            "vol_target": Figure(COUNT, target or 0, None, (), (), where if pop else ()),
        }
        below = bool(pop) and n < target
        figures["vol_below"] = Figure(SHARE, int(below), int(bool(pop)),
                                      VolunteerRecords(source, where, REGISTERED_ONLY) if below else (),
                                      (), where if below else ())
        for level, name in enumerate(stars):
            figures[f"star:{name}"] = Figure(SHARE, star_n[level], n,
                                             VolunteerRecords(source, where, STAR, level))
        figures["active"] = Figure(SHARE, s.active, n, VolunteerRecords(source, where, ACTIVE))
        figures["hours_period"] = Figure(HOURS, round(sc.hours_period, 2),
                                         query=hours_query(v, inp.period, inp.as_of), villages=where)
        figures["hours_total"] = Figure(HOURS, round(vc.hours_total, 2),
                                        query=hours_query(v, None, inp.as_of), villages=where)
        figures["errors"] = Figure(SHARE, len(bad), vc.regs + tally.records - tally.orphans, bad, bad)
        return Row(v, inp.scope.names[v], figures)

    village_rows = [simple_row(v) if v in counted and v not in by_village else row(v, inp.scope.names[v], [v])
                    for v in inp.villages]
    total = row(TOTAL, "合计", inp.villages)
    notes = [note for note in (
        dedup_note(int(total.figures["volunteers"].n), [int(r.figures["volunteers"].n) for r in village_rows],
                   what="证件号码"),
        ("在多个村注册的志愿者服务时长合并计算星级（见跨村检查“同一志愿者在多个村注册”）。"
         if len(inp.villages) > 1 else ""),
        as_of_note(inp.reg("volunteers"))) if note]
    missing = [inp.scope.names[v] for v in inp.villages if not population.get(v)]
    if missing:
        notes.append("以下村未填写常住人口，不计入占比与目标：" + "、".join(missing))
    return Group("volunteers", "志愿者", columns, total, village_rows, notes)
