"""What SQLite counts of the volunteers on its own, one pass over each index, per village.

The figures are about persons and about the services of each person, and a prefecture has
~290,000 volunteers and ~1.4 million service records. Looking each volunteer's services up
costs microseconds per volunteer; scanning an index costs a fraction of that per entry. So
every query here is a scan of one covering index in village order (``schema.STATISTICS_INDEXES``):

* :func:`count_villages` — per village, the volunteers (persons only where each registration
  is a person by itself, see below) and their stored 累计服务时长 against the star limits;
* :func:`count_services` — per village, the service records, the hours in the period and the
  latest service date; :func:`inactive_volunteers` — the volunteers without a service in the
  activity window;
* :func:`misplaced_services` — the proof that lets the two be combined: the (village,
  volunteer) pairs of the services since the start of the period or activity window that are
  not a current volunteer of that same village. Services of deleted or unknown volunteers
  count nowhere (their hours are taken off); a village with no service recorded for another
  village's volunteer counts its services by the village they are recorded in, which then
  is the volunteer's village.

Python (``sync.reports.stats.volunteers``) reads one by one, and counts as persons, the registrations
that are not a person by themselves or carry per-figure detail: ID numbers shared with another
registration or not stored in canonical form (:func:`special_numbers`), registrations with
errors (listed as flagged in every figure) and 注销 ones (counted in hours, not persons); and
whole villages the proof fails for, or with services dated after the reference date (their
stored cumulative hours are not the hours at the reference date).
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sync.reports.counting import ENDED
from sync.reports.stats.inputs import person_key
from sync.store import driver

REGISTERED = f"\"状态\" IS NOT '{ENDED}'"  # sync.reports.counting: a 注销 volunteer is not counted
_HOURS = 'COALESCE("累计服务时长", 0.0)'
_HOURS_V = 'COALESCE(v."累计服务时长", 0.0)'
_ONLY = " AND _village = :only"


@dataclass(frozen=True)
class Window:
    """The dates a report asks about, as ISO strings (how the table stores them)."""

    start: str  # period
    end: str
    active_after: str  # active: a service in (active_after, as_of]
    as_of: str
    since: str  # the first day any of the above needs

    @classmethod
    def of(cls, period: tuple[dt.date, dt.date], as_of: dt.date, active_after: dt.date) -> Window:
        day = dt.timedelta(days=1)
        since = min(period[0], active_after + day, as_of + day)
        return cls(period[0].isoformat(), period[1].isoformat(), active_after.isoformat(),
                   as_of.isoformat(), since.isoformat())

    def params(self, only: str | None) -> dict[str, Any]:
        found: dict[str, Any] = {"start": self.start, "end": self.end, "active_after": self.active_after,
                                 "as_of": self.as_of, "since": self.since}
        if only:
            found["only"] = only
        return found


def _scope(only: str | None) -> str:
    return _ONLY if only else ""


def _rows(conn: driver.Connection, sql: str, params: Any = (), columns: int = 1) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` (columns named c0, c1 …) from one step of SQLite: these queries may
    run on a thread of their own, and every row fetched separately would first wait for
    Python's lock, up to 5 ms while the report's thread is busy."""
    names = ", ".join(f"c{i}" for i in range(columns))
    (found,) = conn.execute(f"SELECT json_group_array(json_array({names})) FROM ({sql})", params).fetchone()
    return [tuple(r) for r in json.loads(found)]


def special_numbers(conn: driver.Connection) -> list[Any]:
    """证件号码 values whose registrations Python must read: shared by two registrations (any
    village, deleted or not) or not stored in canonical form (anything but printable ASCII
    without lower case: ``person_key`` might then make them equal to another), plus the
    canonical form of the latter. The GROUP BY walks the ID-number index; NULL and '' are
    each registration's own person (by UUID)."""
    found: list[Any] = []
    normal: set[str] = set()
    # A number that reads back unchanged as an integer is canonical: the slow GLOB (a third of
    # a second for a prefecture) only sees the others (check digit X, passports …).
    for (number,) in _rows(conn,
        'SELECT "证件号码" AS c0 FROM volunteers WHERE "证件号码" > \'\' AND typeof("证件号码") = \'text\' '
        'GROUP BY "证件号码" HAVING COUNT(*) > 1 OR (CAST(CAST("证件号码" AS INTEGER) AS TEXT) != "证件号码" '
        "AND \"证件号码\" GLOB '*[^!-`{-~]*')"
    ):
        found.append(number)
        key = person_key(number, "")
        if key.startswith("id:") and key[3:] != number:
            normal.add(key[3:])
    return [*found, *sorted(normal - set(found))]


def python_registrations(conn: driver.Connection, numbers: Sequence[Any], only: str | None,
                         later: Later = None) -> list[str]:
    """Current registrations Python counts everywhere: a special number, 注销, or errors; and
    with ``later`` (start column, reference date) those registered after the reference date
    (Python decides whether they count: the text comparison finds a superset)."""
    params: dict[str, Any] = {"numbers": json.dumps(list(numbers), ensure_ascii=False)}
    if only:
        params["only"] = only
    after = ""
    if later is not None:
        # A scan of the table (no index holds the date): volunteers.later_registrations says when.
        params["as_of"] = later[1]
        after = (f'UNION SELECT uuid FROM volunteers WHERE _deleted = 0 AND "{later[0]}" > :as_of'
                 f"{_scope(only)}")
    return [r[0] for r in _rows(conn,
        'SELECT uuid AS c0 FROM volunteers WHERE "证件号码" IN (SELECT value FROM json_each(:numbers)) '
        f"AND _deleted = 0{_scope(only)} "
        "UNION SELECT uuid FROM volunteers INDEXED BY stats_volunteers_by_village "
        f"WHERE _deleted = 0 AND (\"状态\" IS '{ENDED}' OR COALESCE(_errors, 0) != 0){_scope(only)} {after}",
        params)]


@dataclass
class VillageCount:
    """One village's current volunteers, every registration counted as if it were a person."""

    regs: int = 0
    registered: int = 0
    warnings: int = 0
    hours_total: float = 0.0  # stored 累计服务时长
    at_least: tuple[int, ...] = ()  # registered with stored hours ≥ each star limit (ascending)
    inactive: int = 0  # without a service in the activity window recorded in the village
    # Services after the reference date: ``at_least`` counts the simple volunteers only, by
    # their hours at the reference date, and ``hours_total`` is at the reference date.
    corrected: bool = False


def count_villages(conn: driver.Connection, thresholds: Sequence[float],
                   only: str | None) -> dict[str, VillageCount]:
    limits = "".join(f", SUM({REGISTERED} AND {_HOURS} >= :t{i}) AS c{5 + i}" for i in range(len(thresholds)))
    params: dict[str, Any] = {f"t{i}": t for i, t in enumerate(thresholds)}
    if only:
        params["only"] = only
    sql = (f"SELECT _village AS c0, COUNT(*) AS c1, SUM({REGISTERED}) AS c2, "
           f"SUM(COALESCE(_warnings, 0) != 0) AS c3, SUM({_HOURS}) AS c4{limits} "
           "FROM volunteers INDEXED BY stats_volunteers_by_village "
           f"WHERE _deleted = 0{_scope(only)} GROUP BY _village")
    return {v: VillageCount(n, reg or 0, warn or 0, float(hours or 0.0), tuple(x or 0 for x in rest))
            for v, n, reg, warn, hours, *rest in _rows(conn, sql, params, 5 + len(thresholds))}


@dataclass
class ServiceCount:
    """One village's current service records, by the village they are recorded in."""

    records: int = 0
    hours_period: float = 0.0
    latest: str = ""  # the latest service date
    hours_after: float = 0.0  # hours of services dated after the reference date


def count_services(conn: driver.Connection, window: Window, only: str | None) -> dict[str, ServiceCount]:
    sql = ('SELECT _village AS c0, COUNT(*) AS c1, '
           'SUM(CASE WHEN "服务日期" BETWEEN :start AND :end THEN "服务时长" END) AS c2, '
           'MAX("服务日期") AS c3, SUM(CASE WHEN "服务日期" > :as_of THEN "服务时长" END) AS c4 '
           "FROM volunteer_services INDEXED BY stats_services_by_village "
           f"WHERE _deleted = 0{_scope(only)} GROUP BY _village")
    return {v: ServiceCount(n, float(hours or 0.0), str(latest or ""), float(after or 0.0))
            for v, n, hours, latest, after in _rows(conn, sql, window.params(only), 5)}


def inactive_volunteers(conn: driver.Connection, window: Window, only: str | None) -> dict[str, int]:
    """village → current volunteers without a service in the activity window recorded in
    their village: a merge of the two indexes, like :func:`misplaced_services`."""
    sql = ("SELECT _village AS c0, COUNT(*) AS c1 FROM ("
           "SELECT _village, uuid FROM volunteers INDEXED BY stats_volunteers_by_village "
           f"WHERE _deleted = 0{_scope(only)} "
           'EXCEPT SELECT _village, "志愿者" FROM volunteer_services INDEXED BY stats_services_by_village '
           'WHERE _deleted = 0 AND "服务日期" > :active_after AND "服务日期" <= :as_of'
           f"{_scope(only)} ORDER BY 1, 2) GROUP BY _village")
    return {v: n for v, n in _rows(conn, sql, window.params(only), 2)}


def misplaced_services(conn: driver.Connection, window: Window,
                       only: str | None) -> list[tuple[str, str]]:
    """(village, volunteer) of recent services whose volunteer is not a current volunteer of
    that village: one merge of two index scans in the same order (no look-ups)."""
    sql = ('SELECT _village AS c0, "志愿者" AS c1 '
           "FROM volunteer_services INDEXED BY stats_services_by_village "
           f'WHERE _deleted = 0 AND "服务日期" >= :since{_scope(only)} '
           "EXCEPT SELECT _village, uuid FROM volunteers INDEXED BY stats_volunteers_by_village "
           f"WHERE _deleted = 0{_scope(only)} ORDER BY 1, 2")
    return [(v, u) for v, u in _rows(conn, sql, window.params(only), 2)]


def live_villages(conn: driver.Connection, uuids: Iterable[str]) -> dict[str, str]:
    """volunteer → the village it is a current volunteer of (absent: deleted or unknown)."""
    return dict(_rows(conn, "SELECT uuid AS c0, _village AS c1 FROM volunteers "
                            "WHERE uuid IN (SELECT value FROM json_each(?)) AND _deleted = 0",
                      (json.dumps(sorted(set(uuids))),), 2))


def uncounted_hours(conn: driver.Connection, window: Window, uuids: Iterable[str],
                    only: str | None) -> dict[str, tuple[float, float]]:
    """village → (hours in the period, hours after the reference date) of the services of
    ``uuids`` (deleted or unknown volunteers, whose services count nowhere) recorded there."""
    params = window.params(only)
    params["uuids"] = json.dumps(sorted(set(uuids)))
    return {v: (float(h or 0.0), float(a or 0.0)) for v, h, a in _rows(conn,
        'SELECT _village AS c0, SUM(CASE WHEN "服务日期" BETWEEN :start AND :end THEN "服务时长" END) AS c1, '
        'SUM(CASE WHEN "服务日期" > :as_of THEN "服务时长" END) AS c2 FROM volunteer_services '
        'WHERE "志愿者" IN (SELECT value FROM json_each(:uuids)) AND _deleted = 0 '
        f'AND "服务日期" >= :since{_scope(only)} GROUP BY _village', params, 3)}


def _hours_at() -> str:
    """A volunteer's (``v``) hours at the reference date: its stored 累计服务时长 less its
    services after that date."""
    return (f"({_HOURS_V} - COALESCE((SELECT SUM(s.\"服务时长\") FROM volunteer_services s "
            "INDEXED BY stats_services_by_village "
            'WHERE s._village = v._village AND s."志愿者" = v.uuid AND s._deleted = 0 '
            'AND s."服务日期" > :as_of), 0.0))')


def odd_after(conn: driver.Connection, window: Window, villages: Iterable[str]) -> list[str]:
    """Volunteers of ``villages`` with a service after the reference date that is not a whole
    number of half hours. Taking whole half hours off the stored total is exact in binary
    floating point, in any order, so SQLite's sum equals Python's one-by-one subtraction;
    for the others only Python's order is sure to give the same star."""
    params = window.params(None)
    params["villages"] = json.dumps(sorted(villages))
    return [r[0] for r in _rows(conn,
        'SELECT DISTINCT "志愿者" AS c0 FROM volunteer_services INDEXED BY stats_services_by_village '
        "WHERE _village IN (SELECT value FROM json_each(:villages)) AND _deleted = 0 "
        'AND "服务日期" > :as_of AND "服务时长" * 2 != CAST("服务时长" * 2 AS INTEGER)', params)]


def count_at(conn: driver.Connection, window: Window, thresholds: Sequence[float], villages: Iterable[str],
             python: Sequence[str]) -> dict[str, tuple[int, ...]]:
    """village → registered simple volunteers (not in ``python``) whose hours at the
    reference date reach each star limit: one look-up of each one's later services."""
    limits = "".join(f", SUM(reg AND hours >= :t{i}) AS c{1 + i}" for i in range(len(thresholds)))
    params = window.params(None)
    params.update({f"t{i}": t for i, t in enumerate(thresholds)})
    params.update(villages=json.dumps(sorted(villages)), python=json.dumps(list(python)))
    sql = (f"SELECT _village AS c0{limits} FROM ("
           f"SELECT v._village, v.{REGISTERED} AS reg, {_hours_at()} AS hours "
           "FROM volunteers v INDEXED BY stats_volunteers_by_village "
           "WHERE v._village IN (SELECT value FROM json_each(:villages)) AND v._deleted = 0 "
           "AND v.uuid NOT IN (SELECT value FROM json_each(:python)) LIMIT -1) GROUP BY _village")
    return {v: tuple(x or 0 for x in rest) for v, *rest in _rows(conn, sql, params, 1 + len(thresholds))}


def flagged_services(conn: driver.Connection, only: str | None) -> list[tuple[str, str, int, int]]:
    """(uuid, village, errors, warnings) of the current service records with errors or
    warnings, from the partial index ``stats_services_flagged``."""
    params = {"only": only} if only else {}
    return _rows(conn, "SELECT uuid AS c0, _village AS c1, _errors AS c2, _warnings AS c3 "
                 "FROM volunteer_services "
                 f"WHERE (_errors > 0 OR _warnings > 0) AND _deleted = 0{_scope(only)}", params, 4)


def orphan_services(conn: driver.Connection, only: str | None) -> list[tuple[str, int, str | None]]:
    """(village, records, their UUIDs with errors joined by commas) of the current service
    records of deleted volunteers: in the register, not in the figures."""
    params = {"only": only} if only else {}
    return _rows(conn, "SELECT _village AS c0, COUNT(*) AS c1, "
                 "GROUP_CONCAT(CASE WHEN _errors > 0 THEN uuid END) AS c2 "
                 'FROM volunteer_services WHERE _deleted = 0 '
                 f'AND "志愿者" IN (SELECT uuid FROM volunteers WHERE _deleted = 1){_scope(only)} '
                 "GROUP BY _village", params, 3)


def service_records(conn: driver.Connection, only: str | None) -> dict[str, ServiceCount]:
    """village → current service records (only the count), from the (_village, _deleted) index."""
    params = {"only": only} if only else {}
    return {v: ServiceCount(n) for v, n in _rows(conn,
        f"SELECT _village AS c0, COUNT(*) AS c1 FROM volunteer_services WHERE _deleted = 0{_scope(only)} "
        "GROUP BY _village", params, 2)}


@dataclass
class Counted:
    """Everything SQLite tells about the volunteers, before Python reads any of them."""

    services: dict[str, ServiceCount]
    flagged: list[tuple[str, str, int, int]]
    orphans: list[tuple[str, int, str | None]]
    villages: dict[str, VillageCount] = field(default_factory=dict)
    numbers: list[Any] = field(default_factory=list)  # special ID numbers
    python: list[str] = field(default_factory=list)  # registrations Python reads everywhere
    redo: set[str] = field(default_factory=set)  # villages Python counts whole
    in_sql: bool = False  # False: Python counts every volunteer
    later: set[str] = field(default_factory=set)  # villages with services after the reference date


Task = Callable[[driver.Connection], Any]
# (the volunteers' start column, the reference date as ISO text): registrations after it are read
# by Python; None: nothing to look for.
Later = tuple[str, str] | None


def queries(window: Window, thresholds: Sequence[float], only: str | None,
            in_sql: bool, later: Later = None) -> dict[str, Task]:
    """The independent queries of the volunteers group, longest first: any connection on any
    thread may run any of them (they touch no Python object of the report)."""
    found: dict[str, Task] = {}
    if in_sql:
        found.update(
            special=lambda conn: special_registrations(conn, only, later),
            services=lambda conn: count_services(conn, window, only),
            inactive=lambda conn: inactive_volunteers(conn, window, only),
            villages=lambda conn: count_villages(conn, thresholds, only),
            misplaced=lambda conn: misplaced_services(conn, window, only),
        )
    else:
        found["services"] = lambda conn: service_records(conn, only)
    found["flagged"] = lambda conn: flagged_services(conn, only)
    found["orphans"] = lambda conn: orphan_services(conn, only)
    return found


def assemble(conn: driver.Connection, window: Window, thresholds: Sequence[float], only: str | None,
             in_sql: bool, results: dict[str, Any]) -> Counted:
    """:func:`queries`' results put together, with the few look-ups that depend on them."""
    services = results["services"]
    if not in_sql:
        return Counted(services, results["flagged"], results["orphans"])
    numbers, python = results["special"]
    villages = results["villages"]
    for v, n in results["inactive"].items():
        if v in villages:
            villages[v].inactive = n
    misplaced = results["misplaced"]
    # A recent service whose volunteer is deleted or unknown counts nowhere: its hours come
    # off the village it is recorded in. One recorded in another village than its current
    # volunteer's belongs to that volunteer: both villages are counted in Python; so are
    # villages with services dated after the reference date (the stored cumulative hours
    # include them).
    live = live_villages(conn, (u for _, u in misplaced if u is not None))
    redo = {v for v, u in misplaced if u is None or u in live} | set(live.values())
    gone = [u for _, u in misplaced if u is not None and u not in live]
    if gone:
        for v, (period, after) in uncounted_hours(conn, window, gone, only).items():
            if v in services:
                services[v].hours_period -= period
                services[v].hours_after -= after
    # Services after the reference date: the stored 累计服务时长 includes them. The hours and
    # stars at the reference date are worked out for the villages concerned.
    later = {v for v, s in services.items() if s.latest > window.as_of and v in villages} - redo
    if later:
        python = sorted({*python, *odd_after(conn, window, later)})
        at = count_at(conn, window, thresholds, later, python)
        for v in later:
            # No row: every volunteer there is one Python reads (none left to count here).
            villages[v].at_least, villages[v].corrected = at.get(v, (0,) * len(thresholds)), True
        for v in later:
            villages[v].hours_total -= services[v].hours_after
    return Counted(services, results["flagged"], results["orphans"], villages, numbers, python, redo, True,
                   later)


def count_all(conn: driver.Connection, window: Window, thresholds: Sequence[float], only: str | None,
              in_sql: bool, later: Later = None) -> Counted:
    """Every query of the volunteers group, one after the other."""
    results = {name: run(conn) for name, run in queries(window, thresholds, only, in_sql, later).items()}
    return assemble(conn, window, thresholds, only, in_sql, results)


def special_registrations(conn: driver.Connection, only: str | None,
                          later: Later = None) -> tuple[list[Any], list[str]]:
    """The special ID numbers, and the registrations Python reads everywhere."""
    numbers = special_numbers(conn)
    return numbers, python_registrations(conn, numbers, only, later)


# ------------------------------------------------------------------ records on demand

REGISTERED_ONLY = "registered"
STAR = "star"
ACTIVE = "active"


@dataclass(frozen=True)
class SimpleSource:
    """What listing the volunteers SQLite counted needs; shared by the figures of a report.

    A simple volunteer is a current, registered one without errors that Python did not read
    (``python``). They are listed on demand, so the list reflects the database when someone
    clicks.
    """

    conn: driver.Connection
    window: Window
    thresholds: tuple[float, ...]
    n_stars: int
    python: str  # JSON list of the registrations Python read
    later: str  # JSON list of the villages with services after the reference date
    only: str | None
    order: dict[str, int]  # village → position in the report (the order records are listed in)

    def __deepcopy__(self, memo: dict[int, Any]) -> SimpleSource:
        return self  # immutable, and a connection cannot be copied: copies of a report share it

    def rows(self, conn: driver.Connection | None, villages: Sequence[str], what: str,
             star: int = 0) -> list[tuple[str, list[int], list[str]]]:
        """(village, rowids, uuids) of the simple volunteers in ``villages`` that a figure
        counts, in the report's order (villages by code, then as entered)."""
        params = self.window.params(self.only)
        params.update(python=self.python, later=self.later)
        if len(villages) == 1:
            where = "v._village = :village"
            params["village"] = villages[0]
        else:
            where = "v._village IN (SELECT value FROM json_each(:villages))"
            params["villages"] = json.dumps(sorted(villages))
        where += (f" AND v._deleted = 0 AND v.{REGISTERED} AND COALESCE(v._errors, 0) = 0 "
                  "AND v.uuid NOT IN (SELECT value FROM json_each(:python))")
        if what == ACTIVE:
            # Counted villages record every recent service in the volunteer's own village.
            where += (' AND EXISTS (SELECT 1 FROM volunteer_services s INDEXED BY stats_services_by_village '
                      'WHERE s._village = v._village AND s."志愿者" = v.uuid AND s._deleted = 0 '
                      'AND s."服务日期" > :active_after AND s."服务日期" <= :as_of)')
        # One row per village: a prefecture's 280,000 rows fetched one by one take seconds.
        sql = (f"SELECT v._village, group_concat(v.rowid), group_concat(v.uuid) FROM volunteers v "
               f"WHERE {where} GROUP BY v._village")
        if what == STAR:
            # Hours at the reference date (the stored total less later services where there
            # are any), worked out once per volunteer.
            level = " + ".join(f"(hours >= :t{i})" for i in range(len(self.thresholds))) or "0"
            params.update({f"t{i}": t for i, t in enumerate(self.thresholds)})
            params["star"] = star
            sql = ("SELECT _village, group_concat(rowid), group_concat(uuid) FROM ("
                   f"SELECT v._village, v.rowid, v.uuid, CASE WHEN v._village IN (SELECT value FROM "
                   f"json_each(:later)) THEN {_hours_at()} ELSE {_HOURS_V} END AS hours "
                   f"FROM volunteers v WHERE {where} LIMIT -1) "
                   f"WHERE ({level}) {'>=' if star == self.n_stars - 1 else '='} :star GROUP BY _village")
        cur = (conn or self.conn).cursor()
        cur.row_factory = None
        found = []
        for village, rowids, uuids in cur.execute(sql, params):
            ids, found_uuids = list(map(int, rowids.split(","))), uuids.split(",")
            if any(a > b for a, b in itertools.pairwise(ids)):  # usually in table order already
                pairs = sorted(zip(ids, found_uuids, strict=True))
                ids, found_uuids = [a for a, _ in pairs], [b for _, b in pairs]
            found.append((village, ids, found_uuids))
        found.sort()
        return found


class VolunteerRecords:
    """A figure's records: the simple volunteers SQLite finds, merged in report order with
    the persons Python counted (each person's registrations together)."""

    __slots__ = ("python", "source", "star", "villages", "what")

    def __init__(self, source: SimpleSource, villages: tuple[str, ...], what: str, star: int = 0,
                 python: tuple[tuple[tuple[int, int], list[str]], ...] = ()) -> None:
        self.source = source
        self.villages = villages  # the counted villages whose simple volunteers belong here
        self.what, self.star = what, star
        self.python = python  # sorted by key

    def uuids(self, conn: driver.Connection | None) -> list[str]:
        found = self.source.rows(conn, self.villages, self.what, self.star) if self.villages else []
        order = self.source.order
        python: dict[int, list[tuple[int, list[str]]]] = {}
        for (position, rowid), uuids in self.python:
            python.setdefault(position, []).append((rowid, uuids))
        out: list[str] = []
        simple = {order[v]: (rowids, uuids) for v, rowids, uuids in found}
        for position in sorted({*simple, *python}):
            rowids, uuids = simple.get(position, ([], []))
            persons = python.get(position)
            if not persons:  # most villages: no registration Python read
                out.extend(uuids)
                continue
            merged: Iterable[tuple[int, list[str]]] = heapq.merge(
                ((rowid, [u]) for rowid, u in zip(rowids, uuids, strict=True)), persons, key=lambda e: e[0])
            out.extend(u for _, found_uuids in merged for u in found_uuids)
        return out
