"""Data status per village and the checks across villages (R-X-DUP, R-X-VOL, R-X-STALE,
R-X-MISSING, R-X-PROFILE), with the register rules that fail in each village and terms ending soon."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from forms.compute import term_end
from forms.identifiers import mask_id
from forms.tenure import STATUS_FIELD, serving
from forms.types import PartialDate
from forms.validation import ERROR, SEVERITY_ZH
from sync.reports.stats.inputs import Inputs, add_months
from sync.reports.stats.model import TEXT, TOTAL, Check, Column, Figure, Group, Row, count, text
from sync.reports.stats.sources import PackageInfo, carried_packages, last_packages, open_conflicts

MAIN_REGISTERS = ("committee_members", "village_rules", "supervisory_committee",
                  "social_organizations", "volunteers")
IN_OFFICE = "在任的人数，不含已离任的（离任成员见“换届对比”的“离任成员”）"


def _rule(inp: Inputs, rule_id: str, key: str, **values: object) -> tuple[str, str, str]:
    rule = inp.catalog.rules[rule_id]
    return rule.severity, rule.title, rule.messages[key].format(**values)


def stale_and_missing(inp: Inputs, packages: dict[str, PackageInfo],
                      counts: dict[str, dict[str, int]]) -> list[Check]:
    """R-X-STALE and R-X-MISSING. Only a township knows about packages: a village database
    has nothing to say here."""
    checks: list[Check] = []
    days = int(inp.settings.get("stale_days", 90))
    limit = inp.as_of - dt.timedelta(days=days)
    for v in inp.villages:
        name = f"{inp.scope.names[v]}（{v}）"
        info = packages.get(v)
        if info is None:
            if v in inp.scope.enrolled:
                sev, title, msg = _rule(inp, "R-X-MISSING", "never", village=name)
                checks.append(Check("R-X-MISSING", sev, title, msg, (v,)))
            continue
        if info.date is not None and info.date < limit:
            sev, title, msg = _rule(inp, "R-X-STALE", "stale", village=name,
                                    date=info.date.isoformat(), days=days)
            checks.append(Check("R-X-STALE", sev, title, msg, (v,)))
        for key in MAIN_REGISTERS:
            if not counts[v].get(key):
                sev, title, msg = _rule(inp, "R-X-MISSING", "empty", village=name,
                                        register=inp.reg(key).name)
                checks.append(Check("R-X-MISSING", sev, title, msg, (v,)))
    return checks


def status_group(inp: Inputs, checks: list[Check], is_township: bool, is_county: bool = False) -> Group:
    # A county receives a village's data inside its township's packages: the village's own last
    # package is what the ``villages`` table says of it (the import keeps it), not the import log.
    packages = (carried_packages(inp.conn) if is_county else last_packages(inp.conn)) if is_township else {}
    conflicts = open_conflicts(inp.conn) if is_township else {}
    regs = inp.catalog.ordered()
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    errs: dict[str, int] = defaultdict(int)
    warns: dict[str, int] = defaultdict(int)
    wanted = set(inp.villages)
    for reg in regs:
        if reg.key in inp.loaded:  # small registers: already in memory (all of them, whatever their dates)
            tenure = STATUS_FIELD in reg.by_name
            for v, rows in inp.all_rows(reg.key).items():
                # People who left (离任) keep their records but are not the village's 两委 or 骨干 now.
                counts[v][reg.key] = len(serving(rows)) if tenure else len(rows)
                errs[v] += sum(1 for r in rows if r["_errors"])
                warns[v] += sum(1 for r in rows if r["_warnings"])
        elif reg.key == "volunteers" and inp.services:
            for v, (n, e, w) in inp.volunteer_status.items():
                if n:
                    counts[v][reg.key] = n
                errs[v] += e
                warns[v] += w
        elif reg.key == "volunteer_services" and inp.services:
            for v, tally in inp.services.items():
                counts[v][reg.key] = tally.records
                errs[v] += tally.errors
                warns[v] += tally.warnings
        else:
            for v, n, e, w in inp.conn.execute(
                f'SELECT _village, COUNT(*), SUM(_errors > 0), SUM(_warnings > 0) FROM "{reg.key}" '
                "WHERE _deleted = 0 GROUP BY _village"
            ):
                if v in wanted:
                    counts[v][reg.key] = n
                    errs[v] += e or 0
                    warns[v] += w or 0
    # Register rules (R-VC-SIZE …) are problems too, though no single record carries them.
    for key in ("committee_members", "supervisory_committee", "village_rules"):
        for v, issues in inp.register_issues(key, every=True).items():
            for i in issues:
                if i.record is None:
                    if i.severity == ERROR:
                        errs[v] += 1
                    else:
                        warns[v] += 1
    if is_township:
        checks.extend(stale_and_missing(inp, packages, counts))
    flagged = {c.villages[0]: c.rule for c in checks
               if c.rule in ("R-X-STALE", "R-X-MISSING") and c.villages}
    columns = [
        Column("last_date", "最近数据包日期", TEXT), Column("last_sequence", "数据包序号", TEXT),
        *(Column(f"n:{r.key}", f"{r.short}（{r.unit}）", help=IN_OFFICE if STATUS_FIELD in r.by_name else "")
          for r in regs),
        Column("errors", "错误"), Column("warnings", "警告"), Column("conflicts", "待处理冲突"),
        Column("state", "状态", TEXT),
    ]

    def state(v: str) -> str:
        rule = flagged.get(v)
        if rule == "R-X-MISSING":
            return "未报送或登记簿为空"
        if rule == "R-X-STALE":
            return "数据过期"
        return "正常" if (v in packages or not is_township) else "—"

    rows = []
    for v in inp.villages:
        info = packages.get(v)
        figures: dict[str, Figure] = {
            "last_date": text(info.date.isoformat() if info and info.date else "—"),
            "last_sequence": text(str(info.sequence) if info and info.sequence is not None else "—"),
        }
        for r in regs:
            figures[f"n:{r.key}"] = count(n=counts[v].get(r.key, 0), villages=(v,))
        figures["errors"] = count(n=errs[v], villages=(v,))
        figures["warnings"] = count(n=warns[v], villages=(v,))
        figures["conflicts"] = count(n=conflicts.get(v, 0), villages=(v,))
        figures["state"] = text(state(v))
        rows.append(Row(v, inp.scope.names[v], figures))
    total: dict[str, Figure] = {"last_date": text(""), "last_sequence": text("")}
    for key in [c.key for c in columns if c.kind != TEXT]:
        total[key] = count(n=sum(r.figures[key].n for r in rows))
    problems = sum(1 for v in inp.villages if v in flagged)
    total["state"] = text(f"{problems} 个村需关注" if problems else "")
    return Group("status", "数据状态", columns, Row(TOTAL, "合计", total), rows)


def profile_checks(inp: Inputs) -> list[Check]:
    """R-X-PROFILE: a village with more than one live 村情概况 record (a replaced PC's set-up
    profile, until its deletion arrives). Statistics take one (``sync.store.village_profiles``); this
    says which, and lists both records."""
    checks: list[Check] = []
    for v, uuids in sorted(inp.scope.several_profiles.items()):
        row = inp.conn.execute("SELECT _created_at FROM village_profile WHERE uuid = ?",
                               (uuids[0],)).fetchone()
        kept = (row[0] or "")[:10] if row else ""
        population = inp.scope.profiles.get(v, {}).get("常住人口")
        sev, title, msg = _rule(inp, "R-X-PROFILE", "several", village=f"{inp.scope.names.get(v, v)}（{v}）",
                                n="两" if len(uuids) == 2 else str(len(uuids)), kept=kept or "最早",
                                population="未填" if population is None else population)
        checks.append(Check("R-X-PROFILE", sev, title, msg, (v,), tuple(uuids)))
    return checks


def volunteer_checks(inp: Inputs) -> list[Check]:
    """R-X-VOL: one volunteer registered in several villages (counted once in totals). Needs
    the volunteers group's registrations (``inp.volunteers``)."""
    checks: list[Check] = []
    names = inp.scope.names
    first_village: dict[str, str] = {}
    several: set[str] = set()
    for reg in inp.volunteers:
        if reg.key.startswith("id:") and first_village.setdefault(reg.key, reg.village) != reg.village:
            several.add(reg.key)
    vols: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for reg in inp.volunteers:
        if reg.key in several:
            vols[reg.key].append((reg.village, reg.uuid, reg.name))
    for key, found in sorted(vols.items()):
        villages = sorted({v for v, _, _ in found})
        found.sort()
        sev, title, msg = _rule(inp, "R-X-VOL", "dup", masked=mask_id(key[3:]), name=found[0][2],
                                villages="、".join(names.get(v, v) for v in villages))
        checks.append(Check("R-X-VOL", sev, title, msg, tuple(villages), tuple(u for _, u, _ in found)))
    return checks


def people_checks(inp: Inputs) -> list[Check]:
    """R-X-DUP, the register rules failing per village, and terms ending soon."""
    checks: list[Check] = []
    names = inp.scope.names
    # R-X-DUP: one ID number in the 两委 or supervision registers of two villages.
    holders: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for key in ("committee_members", "supervisory_committee"):
        for v, rows in inp.rows(key).items():
            for r in serving(rows):  # one who left village A may serve in village B
                if r.get("公民身份号码"):
                    holders[r["公民身份号码"]].append((v, r["uuid"], r.get("姓名") or ""))
    for number, found in sorted(holders.items()):
        villages = sorted({v for v, _, _ in found})
        if len(villages) > 1:
            sev, title, msg = _rule(inp, "R-X-DUP", "dup", masked=mask_id(number), name=found[0][2],
                                    villages="、".join(names.get(v, v) for v in villages))
            checks.append(Check("R-X-DUP", sev, title, msg, tuple(villages), tuple(u for _, u, _ in found)))
    # Register rules failing in a village (R-VC-SIZE, R-VC-WOMAN, R-SV-SKILL …).
    for key in ("committee_members", "supervisory_committee", "village_rules"):
        reg = inp.reg(key)
        for v, issues in inp.register_issues(key).items():
            for i in issues:
                if i.rule == "R-DUP":
                    continue  # shown with the record, as an error of that record
                records = (i.record,) if i.record else tuple(r["uuid"] for r in inp.rows(key)[v])
                title = inp.catalog.rules[i.rule].title if i.rule in inp.catalog.rules else i.rule
                checks.append(Check(i.rule, i.severity, title,
                                    f"{names.get(v, v)}·{reg.short}：{i.message}", (v,), records))
    checks.extend(terms_ending(inp))
    return checks


def terms_ending(inp: Inputs) -> list[Check]:
    months = int(inp.settings.get("term_expiry_months", 12))
    years = int(inp.settings.get("term_years", 5))
    until = add_months(inp.as_of, months)
    found: list[Check] = []
    ends: dict[object, PartialDate | None] = {}  # the few distinct start dates, worked out once
    for key, start_field in (("committee_members", "任职时间"), ("supervisory_committee", "推选日期")):
        reg = inp.reg(key)
        for v, rows in inp.rows(key).items():
            for r in serving(rows):  # a 离任 member's term is over already
                text = r.get(start_field)  # as read from SQLite: str or None, hashable
                if text not in ends:
                    ends[text] = term_end(text, years)
                end = ends[text]
                if end is None:
                    continue
                # At month precision (任职时间 2021.03) the term ends on some day of that month.
                if inp.as_of <= end.last and end.first <= until:
                    shown = reg.field("任期届满").format(end.iso())  # 2026.03 at month precision
                    msg = (f"{inp.scope.names.get(v, v)}·{reg.short}：{r.get('姓名') or ''}"
                           f"的任期将于 {shown} 届满（{months}个月内）")
                    found.append(Check("TERM-SOON", "warning", "任期即将届满", msg, (v,), (r["uuid"],)))
    return found


def severity_zh(severity: str) -> str:
    return SEVERITY_ZH.get(severity, severity)
