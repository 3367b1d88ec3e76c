"""A county's statistics: the township engine (``sync.reports.statistics.compute``) over every
village of the county, and again over each township's villages, so figures drill down county →
township → village and a person is counted once in each total (by ID number, as the township
counts a person once across its villages).

The engine is not changed per figure: a township's totals are the engine's totals over that
township's villages (``compute(villages=…)``). Which township a village belongs to is
``sync.store.townships.current_townships`` (the township that reported it last). The checks
across townships (the same ID number in the 两委 of villages of two townships, R-X-TWP-DUP; a
village reported by two townships, R-X-TWP-TWICE) are added to the county's checks.

Public API::

    county = compute_county(store, as_of=…, township=None, village=None)
    county.report                      # the engine's Report over the villages asked for
    county.townships                   # [TownshipPart(code, name, villages, report)]
    county.township_of[village]        # its township now
    county.as_json()                   # the Report's JSON plus "townships" and "county"
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from forms.identifiers import mask_id
from sync.reports.counting import DEDUP_NOTE_START
from sync.reports.statistics import Check, Group, Report, Row, compute
from sync.reports.stats.volunteer_counting import SharedCounts
from sync.store.store import Store, StoreError
from sync.store.townships import current_townships, reported_by_two, township_names

COUNTY_ONCE = "区县合计中同一人（按身份证号）在多个乡镇或多个村只计一次，可能小于各乡镇相加。"
UNASSIGNED = ""  # villages with data but no township that reported them (never after an import)


@dataclass
class TownshipPart:
    code: str
    name: str
    villages: list[str]
    report: Report
    package: dict[str, Any] = field(default_factory=dict)  # the townships table's row (data status)

    def label(self) -> str:
        return f"{self.name}（{self.code}）" if self.code else self.name


@dataclass
class CountyReport:
    code: str
    name: str
    report: Report
    townships: list[TownshipPart]
    township_of: dict[str, str]
    township_filter: str | None = None

    def township_group(self, key: str) -> Group:
        """A group of the county's report with a row per township (its own totals, persons once
        within it) above the county's 合计: the drill-down's middle level."""
        group = self.report.groups[key]
        rows = [Row(t.code, t.label(), t.report.groups[key].total.figures) for t in self.townships]
        total = Row(group.total.village, "区县合计", group.total.figures)
        return Group(group.key, group.title, group.columns, total, rows, county_notes(group.notes))

    def as_json(self, with_records: bool = False) -> dict[str, Any]:
        out = self.report.as_json(with_records)
        out["county"] = {"code": self.code, "name": self.name, "township": self.township_filter}
        out["townships"] = [{
            "code": t.code, "name": t.name, "villages": t.villages, "package": t.package,
            "totals": {key: {c.key: grp.total.figures[c.key].as_json(with_records) for c in grp.columns}
                       for key, grp in t.report.groups.items()},
        } for t in self.townships]
        for village in out["villages"]:
            village["township"] = self.township_of.get(village["code"], UNASSIGNED)
        return out


def county_notes(notes: Sequence[str]) -> list[str]:
    """A group's notes for rows of townships: the engine's note on its 合计 adds villages up."""
    kept = [n for n in notes if not n.startswith(DEDUP_NOTE_START)]
    return [COUNTY_ONCE, *kept] if len(kept) < len(notes) else kept


def _packages(store: Store) -> dict[str, dict[str, Any]]:
    sql = ("SELECT code, enrolled, enrolled_at, last_package_at, last_package_created, last_sequence, "
           "packages FROM townships")
    keys = ("enrolled", "enrolled_at", "last_package_at", "last_package_created", "last_sequence", "packages")
    return {row[0]: dict(zip(keys, row[1:], strict=True)) for row in store.conn.execute(sql)}


def township_villages(store: Store) -> tuple[dict[str, str], dict[str, list[str]]]:
    """village → township now, and township → its villages (every village with data, those
    no township reported under ``UNASSIGNED``)."""
    township_of = current_townships(store.conn)
    groups: dict[str, list[str]] = {code: [] for code in township_names(store.conn)}
    for village in store.villages():
        groups.setdefault(township_of.get(village, UNASSIGNED), []).append(village)
    for village, township in township_of.items():
        if village not in groups.setdefault(township, []):
            groups[township].append(village)
    return township_of, {t: sorted(vs) for t, vs in groups.items()}


def compute_county(store: Store, as_of: dt.date | None = None,
                   period: tuple[dt.date, dt.date] | None = None, township: str | None = None,
                   village: str | None = None, recheck: bool = False) -> CountyReport:
    """The county's report (or one township's, or one village's) with the per-township totals."""
    if not store.is_county:
        raise StoreError("这不是区县数据库")
    names = township_names(store.conn)
    township_of, groups = township_villages(store)
    packages = _packages(store)
    county_name = store.meta.get("county_name", "")
    if township is not None:
        township = township.strip()
        if township not in groups:
            raise StoreError(f"{county_name}的数据库中没有代码为 {township} 的乡镇"
                             "（--township 应为9位统计用区划代码）")
        groups = {township: groups[township]}
    if village is not None:
        village = village.strip()
        if village not in township_of and village not in store.villages():
            raise StoreError(f"{county_name}的数据库中没有代码为 {village} 的村")
        if township is not None and township_of.get(village) != township:
            raise StoreError(f"村 {village} 不属于乡镇 {township}")
        report = compute(store, as_of=as_of, period=period, village=village, recheck=recheck)
        parts: list[TownshipPart] = []
    else:
        every = None if township is None else groups[township]
        # The volunteers' scans count every village of the county whatever the scope: done once
        # for the county, their results serve each township's run (docs/decisions.md).
        shared: SharedCounts = {}
        report = compute(store, as_of=as_of, period=period, villages=every, recheck=recheck, shared=shared)
        parts = []
        for code, villages in groups.items():
            if not villages and code not in names:
                continue
            own = report if township is not None else (
                compute(store, as_of=report.as_of, period=report.period, villages=villages, recheck=recheck,
                        shared=shared))
            name = names.get(code, code) if code else "（未归属乡镇）"
            parts.append(TownshipPart(code, name, villages, own, packages.get(code, {})))
    report.checks = cross_township_checks(store, report, township_of, names) + report.checks
    return CountyReport(store.meta.get("county_code", ""), county_name, report, parts, township_of, township)


def cross_township_checks(store: Store, report: Report, township_of: dict[str, str],
                          names: dict[str, str]) -> list[Check]:
    """R-X-TWP-DUP from the engine's R-X-DUP (one ID number in villages of two townships), and
    R-X-TWP-TWICE for each village in scope that two townships reported."""
    rules = store.catalog.rules
    found: list[Check] = []
    for check in report.checks:
        if check.rule != "R-X-DUP":
            continue
        towns = sorted({township_of.get(v, UNASSIGNED) for v in check.villages})
        if len(towns) < 2:
            continue
        number, name = _holder(store, check.records)
        rule = rules["R-X-TWP-DUP"]
        message = rule.messages["dup"].format(
            masked=mask_id(number), name=name, townships="、".join(names.get(t, t) for t in towns),
            villages="、".join(report.village_names.get(v, v) for v in check.villages))
        found.append(Check("R-X-TWP-DUP", rule.severity, rule.title, message, check.villages, check.records))
    rule = rules["R-X-TWP-TWICE"]
    for village, reports in reported_by_two(store.conn).items():
        if village not in report.village_names:
            continue
        said = "、".join(f"{names.get(r.township, r.township)}"
                        f"（{r.first_reported[:10]} 至 {r.last_reported[:10]}）" for r in reports)
        now = township_of.get(village, reports[0].township)
        message = rule.messages["twice"].format(
            village=f"{report.village_names.get(village, village)}（{village}）", reports=said,
            current=names.get(now, now))
        found.append(Check("R-X-TWP-TWICE", rule.severity, rule.title, message, (village,)))
    return found


def _holder(store: Store, records: Sequence[str]) -> tuple[str, str]:
    for table in ("committee_members", "supervisory_committee"):
        for uuid in records:
            row = store.conn.execute(f'SELECT "公民身份号码", "姓名" FROM {table} WHERE uuid = ?',
                                     (uuid,)).fetchone()
            if row and row[0]:
                return str(row[0]), str(row[1] or "")
    return "", ""



@dataclass(frozen=True)
class TownshipLine:
    """A township as the county's 各乡镇概况 lists it: its last package and its villages' records."""

    code: str
    name: str
    villages: int
    enrolled: bool
    last_package_created: str
    last_sequence: int | None
    packages: int
    records: int
    errors: int  # records with errors
    warnings: int  # records with warnings
    moved: int  # of its villages, those another township reported too (R-X-TWP-TWICE)


def township_lines(store: Store) -> list[TownshipLine]:
    """Every township of the county (enrolled, reporting, or holding villages), by code."""
    township_of, groups = township_villages(store)
    names, packages = township_names(store.conn), _packages(store)
    tallies: dict[str, list[int]] = {code: [0, 0, 0] for code in groups}
    for reg in store.catalog.ordered(include_profile=True):
        for village, n, errors, warnings in store.conn.execute(
                f'SELECT _village, COUNT(*), SUM(_errors > 0), SUM(_warnings > 0) FROM "{reg.key}" '
                "WHERE _deleted = 0 GROUP BY _village"):
            tally = tallies.setdefault(township_of.get(village, UNASSIGNED), [0, 0, 0])
            tally[0] += n
            tally[1] += errors or 0
            tally[2] += warnings or 0
    twice = reported_by_two(store.conn)
    lines = []
    for code in sorted(set(groups) | set(tallies)):
        info = packages.get(code, {})
        n, errors, warnings = tallies.get(code, [0, 0, 0])
        villages = groups.get(code, [])
        name = names.get(code, code) if code else "（未归属乡镇）"
        lines.append(TownshipLine(
            code, name, len(villages), bool(info.get("enrolled")),
            info.get("last_package_created") or "", info.get("last_sequence"), info.get("packages") or 0,
            n, errors, warnings, sum(1 for v in villages if v in twice)))
    return lines
