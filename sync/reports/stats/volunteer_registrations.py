"""The volunteer registrations the statistics read one by one, with their hours and flags.

Most volunteers are counted by SQLite (``volunteer_sql``); these are the ones Python counts as
persons (``sync.reports.stats.volunteers``): registrations that are not a person by themselves
or carry detail every figure lists. Also the per-village tallies of service records.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from forms.validation import ERROR, check_record
from sync.reports.counting import ENDED
from sync.reports.stats.inputs import Inputs, in_effect, person_key, start_fields
from sync.reports.stats.sources import load_rows
from sync.reports.stats.volunteer_sql import Counted, Window


@dataclass(slots=True)
class Registration:
    uuid: str
    village: str
    key: str
    registered: bool  # a volunteer as of the reference date: not 注销, not registered after it
    error: bool
    warning: bool = False
    name: str = ""
    hours_period: float = 0.0
    hours_total: float = 0.0
    active: bool = False
    rowid: int = 0
    listed: bool = True  # not 注销: what SQLite's counts take for registered (REGISTERED)


@dataclass
class Tally:
    """Records of a register in one village: how many, with errors, with warnings."""

    records: int = 0
    errors: int = 0
    warnings: int = 0
    flagged: list[str] = field(default_factory=list)  # records with errors (not orphans)
    orphans: int = 0  # services of deleted volunteers: in the register, not in the figures


def service_tallies(counted: Counted) -> dict[str, Tally]:
    """Per village: service records, those with errors or warnings, and orphans."""
    services = {v: Tally(c.records) for v, c in counted.services.items()}
    for uuid, village, errors, warnings in counted.flagged:
        tally = services.setdefault(village, Tally())
        if errors:
            tally.errors += 1
            tally.flagged.append(uuid)
        if warnings:
            tally.warnings += 1
    for village, n, flagged in counted.orphans:
        tally = services.setdefault(village, Tally())
        tally.orphans = n
        gone = set(flagged.split(",")) if flagged else set()
        tally.flagged = [u for u in tally.flagged if u not in gone]
    return services


def load_registrations(inp: Inputs, window: Window, villages: Collection[str] | None,
                       uuids: Sequence[str]) -> list[Registration]:
    """The registrations Python counts, with their hours: every current volunteer of
    ``villages`` (None: of the whole report) and those in ``uuids``, in table order.

    Cumulative hours come from each volunteer's 累计服务时长 (kept current by the store
    whenever a service record is written or merged), corrected by the services dated after
    the reference date; only the services since the start of the period or of the activity
    window are read one by one. ``recheck`` adds every service up from scratch instead.
    """
    only = inp.only
    where, args = ("AND _village = ?", (only,)) if only else ("", ())
    # Most of a prefecture: read it whole rather than look each volunteer up.
    whole = villages is None or 2 * len(villages) > len(inp.villages)
    wanted = set(uuids)
    if whole:
        vol_filter, vol_args = "+_deleted = 0", ()
    else:
        vol_filter = ("_deleted = 0 AND (_village IN (SELECT value FROM json_each(?)) "
                      "OR uuid IN (SELECT value FROM json_each(?)))")
        vol_args = (json.dumps(sorted(villages or ())), json.dumps(sorted(wanted)))
    regs: dict[str, Registration] = {}
    vol_reg = inp.reg("volunteers")
    start = start_fields(vol_reg)
    started = f'"{start[0]}"' if start else "NULL"
    for rowid, uuid, village, number, status, errors, warnings, hours, name, since_day in inp.conn.execute(
        'SELECT rowid, uuid, _village, "证件号码", "状态", _errors, _warnings, "累计服务时长", "姓名", '
        f"{started} FROM volunteers WHERE {vol_filter} {where} ORDER BY rowid", (*vol_args, *args),
    ):
        listed = status != ENDED  # sync.reports.counting.member, for the columns read here
        registered = listed and (since_day is None or in_effect(vol_reg, {start[0]: since_day}, inp.as_of))
        reg = Registration(uuid, village, person_key(number, uuid), registered, bool(errors),
                           bool(warnings), name or "", rowid=rowid, listed=listed)
        reg.hours_total = 0.0 if inp.recheck else float(hours or 0.0)
        regs[uuid] = reg
    start, end, as_of = window.start, window.end, window.as_of
    active_from = window.active_after
    since = "" if inp.recheck else window.since
    if whole:
        services = inp.conn.execute(
            'SELECT "志愿者", "服务日期", "服务时长" FROM volunteer_services '
            f'WHERE +_deleted = 0 AND "服务日期" >= ? {where}', (since, *args))
    else:
        services = inp.conn.execute(
            'SELECT "志愿者", "服务日期", "服务时长" FROM volunteer_services '
            'WHERE "志愿者" IN (SELECT value FROM json_each(?)) AND _deleted = 0 '
            f'AND "服务日期" >= ? {where} ORDER BY rowid', (json.dumps(list(regs)), since, *args))
    for vol, day, hours in services:
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
    found = list(regs.values())
    if whole and villages is not None:
        keep = set(villages)
        found = [r for r in found if r.village in keep or r.uuid in wanted]
    return found


def recheck(inp: Inputs, regs: dict[str, Registration], services: dict[str, Tally]) -> None:
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


def mark_duplicates(regs: Sequence[Registration]) -> None:
    """R-DUP: the same 证件号码 twice in one village's register is an error of the later ones."""
    seen: dict[tuple[str, str], str] = {}
    for reg in regs:
        if reg.key.startswith("id:"):
            if (reg.village, reg.key) in seen:
                reg.error = True
            else:
                seen[(reg.village, reg.key)] = reg.uuid


