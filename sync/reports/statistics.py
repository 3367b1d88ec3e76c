"""Township statistics (``shared/domain/statistics.md``), computed from a village or township store.

Public API::

    report = compute(store, as_of=date, period=(start, end), village=None, recheck=False)
    report.groups["committee"].total.figures["women"]    # Figure: n, d, share, display()
    report.groups["committee"].villages                  # one Row per village
    report.figure("volunteers", "volunteers", "350322111202")
    figure.record_uuids(store.conn)                       # the records behind a figure (on the
                                                          # caller's connection: views on the UI thread)
    report.checks                                         # R-X-… and register rules, with records
    report.as_json()                                      # plain numbers for scripts

Groups (in order): ``committee`` 两委成员, ``supervision`` 村务监督委员会, ``rules`` 村规民约,
``organisations`` 社区社会组织, ``volunteers`` 志愿者, ``status`` 数据状态. Each has
``columns`` (key, label, kind), one :class:`Row` per village and a 合计 row (``total``).

Counting: persons once (by ID number, else record UUID) within a row, so the 合计 row of a
township counts a person serving or volunteering in two villages once; ages at the
reference date; deleted records never; records with errors counted and also shown in each
group's 有错误 column (``Figure.flagged`` lists them per figure). Nothing is written to the
database: statistics may be computed while another window works on it.

Speed (a prefecture of 1,431 villages in ≈ 2 s, docs/benchmarks.md): figures over very many
records list them only when asked (``Figure.records`` on the report's connection,
``record_uuids(conn)`` on the caller's); most volunteers are counted per village by SQLite
(``sync.reports.stats.volunteer_sql``), on a second thread for big databases, which also reads
the registers of the last groups (``LATE_REGISTERS``); Python's cycle collector is paused while
computing. A county's runs share the volunteers' scans (``shared``).
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Callable, Collection, Sequence

from sync.reports.stats.bodies import BOOK_COLUMNS as BODIES_BOOK_COLUMNS
from sync.reports.stats.bodies import bodies_groups
from sync.reports.stats.governance import governance_checks, governance_groups
from sync.reports.stats.inputs import Inputs
from sync.reports.stats.model import (
    COUNT,
    HOURS,
    MEAN,
    SHARE,
    TEXT,
    TOTAL,
    Check,
    Column,
    Figure,
    Group,
    Query,
    Report,
    Row,
)
from sync.reports.stats.org_targets import org_targets_group
from sync.reports.stats.people import committee_group, supervision_group
from sync.reports.stats.rules_orgs import organisations_group, rules_group
from sync.reports.stats.sources import (
    enrolled_villages,
    known_villages,
    last_packages,
    open_conflicts,
    village_scope,
)
from sync.reports.stats.status import people_checks, profile_checks, status_group, volunteer_checks
from sync.reports.stats.terms import terms_group
from sync.reports.stats.training import training_group
from sync.reports.stats.volunteer_counting import Counting, SharedCounts
from sync.reports.stats.volunteer_teams import volunteer_more_group, volunteer_more_queries
from sync.reports.stats.volunteers import volunteers_group
from sync.store.store import Store, StoreError
from sync.store.totals import all_totals

__all__ = [
    "COUNT", "GROUP_ORDER", "HOURS", "MEAN", "SHARE", "TEXT", "TOTAL", "Check", "Column", "Figure",
    "Group", "Query", "Report", "Row", "compute", "default_period", "enrolled_villages",
    "known_villages", "last_packages", "open_conflicts",
]

GROUP_ORDER = ("committee", "terms", "training", "supervision", "rules", "organisations", "org_categories",
               "volunteers", "volunteer_more", "decisions", "meetings", "disclosures", "bodies", "key_people",
               "profile", "status")


# Read beside the first groups (``_compute``): what the 村务 and 村级组织 groups read.
LATE_REGISTERS = ("major_decisions", "meetings", "disclosures", "village_bodies", "village_roles")


def default_period(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """Service hours are reported for the year so far unless a period is chosen."""
    return dt.date(as_of.year, 1, 1), as_of


def compute(store: Store, as_of: dt.date | None = None,
            period: tuple[dt.date, dt.date] | None = None, village: str | None = None,
            recheck: bool = False, villages: Collection[str] | None = None,
            shared: SharedCounts | None = None) -> Report:
    """Every indicator of statistics.md for the store's villages (or one village, or the
    ``villages`` given: a county's township, ``sync.reports.county``). ``shared``: a dict kept
    across runs on the same unchanged store, so the volunteers' scans (every village's counts,
    whatever the scope) run once for a county and its townships."""
    # A prefecture's report allocates some million objects and frees none of them until it is
    # done: Python's cycle collector would walk them all again and again (over a second).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _compute(store, as_of, period, village, recheck, villages, shared)
    finally:
        if collecting:
            gc.enable()


def _compute(store: Store, as_of: dt.date | None, period: tuple[dt.date, dt.date] | None,
             village: str | None, recheck: bool, villages: Collection[str] | None = None,
             shared: SharedCounts | None = None) -> Report:
    started = time.perf_counter()
    as_of = as_of or store.reference_date()
    period = period or default_period(as_of)
    if period[0] > period[1]:
        raise StoreError(f"统计期间的开始日期 {period[0]} 晚于结束日期 {period[1]}")
    cat = store.catalog
    if village is not None:
        village = village.strip()
        if village not in store.villages() and village not in known_villages(store.conn):
            raise StoreError(f"数据库中没有代码为 {village} 的村")
    registers = [*cat.ordered(), cat.registers["village_profile"]]
    scope = village_scope(store.conn, cat.registers["village_profile"], registers,
                          None if store.is_merged else store.village_code, village, villages)
    inp = Inputs(store.conn, cat, store.settings(), as_of, period, scope, recheck)
    if recheck:
        inp.totals = all_totals(store.conn, cat)
    # The volunteers' SQL (seconds on a prefecture) runs beside the other groups' Python.
    # The registers the groups after the volunteers' read are read by whichever thread is free
    # too (SQLite reads them without Python's lock). Not for a county's runs: their scans are
    # shared, their rows are not.
    late = {f"rows:{key}": key for key in LATE_REGISTERS} if shared is None else {}
    extra = {**volunteer_more_queries(inp), **{name: inp.row_task(key) for name, key in late.items()}}
    counting = Counting(inp, store.path, extra=extra, shared=shared)
    inp.preloaded = {key: (lambda name=name: counting.take(name)) for name, key in late.items()}
    try:
        groups = {
            "committee": committee_group(inp),
            "supervision": supervision_group(inp),
            "rules": rules_group(inp),
            "organisations": organisations_group(inp),
            # issue 15's figures (terms, training, per-category targets; volunteer_more below)
            "terms": terms_group(inp), "training": training_group(inp),
            "org_categories": org_targets_group(inp),
        }
        checks = people_checks(inp)
        counted = counting.result()
    finally:
        counting.stop()  # nothing left on success; on an error (or 取消) no further query
        counting.wait()
    groups["volunteers"] = volunteers_group(inp, counted)
    groups["volunteer_more"] = volunteer_more_group(inp, counting.extra)  # after volunteers: R-X-VOL reads
    groups.update(governance_groups(inp))  # 重大事项决策, 会议与协商, 村务公开
    groups.update(bodies_groups(inp))  # 村级组织, 村级骨干, 村情与荣誉 (registers 9–10, the profile)
    checks += volunteer_checks(inp)
    checks += profile_checks(inp)
    checks += governance_checks(inp)  # R-REP-QUARTER, R-OPEN-QUARTER
    groups["status"] = status_group(inp, checks, store.is_merged, store.is_county)
    groups = {key: groups[key] for key in GROUP_ORDER if key in groups}  # in GROUP_ORDER, as shown
    order = {"error": 0, "warning": 1}
    checks.sort(key=lambda c: (c.rule.startswith("TERM"), not c.rule.startswith("R-X"),
                               order.get(c.severity, 2), c.rule, c.villages))
    code = (store.meta.get("township_code", "") if store.is_township
            else store.meta.get("county_code", "") if store.is_county else (store.village_code or ""))
    report = Report(
        kind=store.kind, code=code, name=store.village_name, as_of=as_of, period=period,
        village_names=scope.names, groups=groups, checks=checks,
        settings={k: v for k, v in inp.settings.items()
                  if k in _USED_SETTINGS or k.startswith("org_target_")},
        village_filter=village, rechecked=recheck,
    )
    report.seconds = time.perf_counter() - started
    return report


_USED_SETTINGS = ("term_years", "age_bands", "term_expiry_months", "org_target_rural", "org_target_urban",
                  "volunteer_target_percent", "star_thresholds", "active_volunteer_months", "stale_days",
                  "sv_min", "sv_max")


# The township book prints these columns of each group (sync.reports.book.STATISTICS_HOOK): the whole
# groups are too wide for a page; Excel and the statistics window keep every column.
BOOK_COLUMNS: dict[str, tuple[str, ...]] = {
    "committee": ("members", "women", "youth", "avg_age", "high_school", "college", "minority",
                  "yijiantiao", "cross", "errors"),
    "ages": (),  # filled from the age-band columns of the committee group
    "supervision": ("sv_members", "sv_villages", "sv_director_discipline", "sv_no_skill", "errors"),
    "rules": ("rules_current", "rules_filed", "rules_recent", "rules_women_avg", "errors"),
    "organisations": ("orgs", "mode:登记", "mode:备案", "orgs_target", "orgs_below", "errors"),
    "volunteers": ("volunteers", "vol_share", "vol_target", "hours_period", "hours_total", "active",
                   "errors"),
    "decisions": ("decisions", "decisions_six_steps", "decisions_adopted", "decisions_villages", "errors"),
    "meetings": ("meetings", "type:村民代表会议", "type:村民小组会议", "type:民主协商会", "consult_resolved",
                 "assembly_villages", "errors"),
    "disclosures": ("disclosures", "kind:村务", "kind:财务", "open_quarterly", "self_governance", "errors"),
}
BOOK_COLUMNS.update(BODIES_BOOK_COLUMNS)  # 村级组织, 村级骨干, 村情与荣誉


def book_tables(store: Store, as_of: dt.date) -> list:
    """The township summary for the printed book: a compact table per indicator group."""
    return summary_tables(compute(store, as_of=as_of), "乡镇汇总", "村（社区）")


RowsOf = Callable[[str], Sequence[tuple[str, Row]]]


def summary_tables(report: Report, heading: str, first: str, rows_of: RowsOf | None = None) -> list:
    """A compact table per indicator group (``BOOK_COLUMNS``): a row per village and the 合计
    row, or the rows ``rows_of(group key)`` gives (a county's: a township per row)."""
    from sync.reports.book import SummaryTable

    tables = []
    for key, wanted in BOOK_COLUMNS.items():
        group = report.groups["committee" if key == "ages" else key]
        if key == "ages":
            wanted = (*(c.key for c in group.columns if c.key.startswith("age_")), "avg_age")
        columns = [group.column(k) for k in wanted]
        rows_in = rows_of(group.key) if rows_of else [(row.name, row) for row in group.rows]
        rows = tuple((name, *(row.figures[c.key].display() for c in columns)) for name, row in rows_in)
        title = "两委成员年龄结构" if key == "ages" else group.title
        tables.append(SummaryTable(f"{heading}：{title}（截至 {report.as_of.isoformat()}）",
                                   (first, *(c.label for c in columns)), rows, tuple(group.notes)))
    return tables
