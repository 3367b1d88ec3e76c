"""Volunteers counted by SQLite per village give exactly what counting each one in Python gives.

The statistics count most volunteers with index scans (sync/stats/volunteer_sql.py) and only
the awkward registrations in Python; with ``volunteers_in_sql=False`` Python counts all of
them, as the statistics always did. Both must agree on every figure, record list (in order),
flagged list and check, whatever the data: shared and duplicated ID numbers, ID numbers not in
canonical form, 注销, errors, deleted volunteers with services, services recorded in another
village or for no volunteer at all, services after the reference date, villages without
population, one village's report.
"""

from __future__ import annotations

import datetime as dt
import functools
import shutil
import threading
import uuid as uuidlib
from pathlib import Path
from typing import Any

import pytest

from sync.demo.township import AS_OF, REASON, A, B, build_sample_township, id_number
from sync.reports import statistics
from sync.reports.statistics import Report, compute
from sync.reports.stats import volunteer_counting, volunteer_sql
from sync.reports.stats.inputs import Inputs
from sync.store import driver
from sync.store.store import Store

D, E = "350322111204", "350322111205"


def _services(store: Store, village: str, volunteer: str, services: list[tuple[str, float]]) -> None:
    for day, hours in services:
        # 0 h, odd durations (R-HOURS) and dates after today are errors, kept with a reason.
        wrong = hours <= 0 or day > AS_OF.isoformat() or hours * 2 != int(hours * 2)
        store.add("volunteer_services", {"志愿者": volunteer, "活动名称": "扶老助残", "服务日期": day,
                                         "服务时长": hours}, village=village,
                  override_reason=REASON if wrong else None)


def _volunteer(store: Store, village: str, name: str, number: str, services: list[tuple[str, float]],
               status: str = "在册", kind: str = "居民身份证", reason: str | None = None) -> str:
    found = store.add("volunteers", {"姓名": name, "证件类型": kind, "证件号码": number, "性别": "女",
                                     "注册日期": "2023-01-10", "状态": status},
                      village=village, override_reason=reason).uuid
    _services(store, village, found, services)
    return found


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-built township plus two villages of ordinary and awkward volunteers."""
    path = tmp_path_factory.mktemp("paths") / "township.db"
    store = build_sample_township(path)
    store.add("village_profile", {"村名": "北山村", "统计用区划代码": D, "乡镇名称": "榜头镇",
                                  "常住人口": 300, "社区类型": "农村社区"}, village=D)
    store.add("village_profile", {"村名": "新村", "统计用区划代码": E, "乡镇名称": "榜头镇",
                                  "社区类型": "农村社区"}, village=E)  # no 常住人口
    days = ["2023-06-01", "2025-03-01", "2025-11-21", "2025-11-22", "2026-01-01", "2026-07-15",
            "2026-11-21"]
    for i in range(24):
        village = D if i % 2 else E
        # Hours around the star limits (5/10/20/40/80), some on a limit exactly.
        services = [(days[(i + k) % len(days)], [0.5, 2.0, 2.5, 5.0, 0.0][(i + k) % 5]) for k in range(i % 6)]
        _volunteer(store, village, f"志愿者{i}", id_number("1990-01-01", "女", 100 + i), services,
                   status="注销" if i % 7 == 3 else "在册")
    # The same person in D and E, and twice in D (R-DUP, saved with a reason).
    twin = id_number("1985-05-05", "女", 300)
    _volunteer(store, D, "双村", twin, [("2026-02-02", 4.0)])
    _volunteer(store, E, "双村", twin, [("2026-03-03", 4.0), ("2024-03-03", 1.5)])
    _volunteer(store, D, "双村", twin, [("2026-04-04", 2.0)], reason=REASON)
    # Passports: one stored in lower case later on (the same person as the upper-case one).
    _volunteer(store, D, "护照甲", "E12345678", [("2026-05-05", 6.0)], kind="护照")
    _volunteer(store, E, "护照乙", "E12345679", [("2026-05-06", 6.0)], kind="护照")
    # A volunteer saved with errors (wrong check digit), one deleted with services.
    good = id_number("1996-06-06", "女", 301)
    _volunteer(store, E, "错号", good[:17] + ("0" if good[17] != "0" else "1"), [("2026-06-06", 1.0)],
               reason=REASON)
    gone = _volunteer(store, D, "已删除", id_number("1997-07-07", "女", 302), [("2026-06-07", 9.0)])
    store.delete(gone, "重复登记")
    store.close()
    return path


def _copy(template: Path, tmp_path: Path) -> Store:
    path = tmp_path / "t.db"
    shutil.copy(template, path)
    store = Store.open(path)
    store.today = AS_OF
    return store


def _service_of(store: Store, name: str) -> str:
    return store.conn.execute(
        'SELECT s.uuid FROM volunteer_services s JOIN volunteers v ON v.uuid = s."志愿者" '
        'WHERE v."姓名" = ? AND s._deleted = 0 ORDER BY s."服务日期" DESC LIMIT 1', (name,)).fetchone()[0]


def _misplace(store: Store) -> None:
    """A recent service recorded in E for a volunteer of D."""
    store.conn.execute("UPDATE volunteer_services SET _village = ? WHERE uuid = ?", (E, _service_of(store, "志愿者5")))


def _dangle(store: Store) -> None:
    """A recent service whose volunteer does not exist."""
    store.conn.execute('UPDATE volunteer_services SET "志愿者" = ? WHERE uuid = ?',
                       (uuidlib.uuid4().hex, _service_of(store, "志愿者4")))


def _lower_case(store: Store) -> None:
    """E12345679 stored as e12345678: the same person as D's E12345678 (person_key)."""
    store.conn.execute("UPDATE volunteers SET \"证件号码\" = ' e12345678' WHERE \"姓名\" = '护照乙'")


def _future(store: Store) -> None:
    volunteer = store.conn.execute("SELECT uuid FROM volunteers WHERE \"姓名\" = '志愿者5'").fetchone()[0]
    _services(store, D, volunteer, [("2027-01-05", 3.0)])


def _odd_hours(store: Store) -> None:
    """Durations that are not whole half hours, after the past reference date below (the
    hours at that date are then worked out in Python's order) and after today."""
    for name, day, hours in (("志愿者7", "2026-05-01", 1.3), ("志愿者7", "2026-06-01", 0.1),
                             ("志愿者9", "2027-02-02", 0.2), ("志愿者8", "2026-04-01", 0.7)):
        volunteer = store.conn.execute('SELECT uuid, _village FROM volunteers WHERE "姓名" = ?', (name,)).fetchone()
        _services(store, volunteer[1], volunteer[0], [(day, hours)])


def _everything(report: Report) -> dict[str, Any]:
    """Every figure with its records and flagged records listed, and every check."""
    out: dict[str, Any] = {"checks": [c.as_json() for c in report.checks]}
    for key, group in report.groups.items():
        for row in group.rows:
            for col, fig in row.figures.items():
                out[f"{key}/{row.village}/{col}"] = (
                    fig.kind, fig.n, fig.d, list(fig.records), list(fig.flagged), fig.villages, fig.text,
                    fig.count, (fig.query.sql, fig.query.params) if fig.query else None)
    return out


def _both_ways(store: Store, monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> tuple[Report, Report]:
    fast = compute(store, **kwargs)
    with monkeypatch.context() as m:
        m.setattr(statistics, "Inputs", functools.partial(Inputs, volunteers_in_sql=False))
        slow = compute(store, **kwargs)
    return fast, slow


CASES = {
    "plain": (),
    "misplaced": (_misplace,),
    "dangling": (_dangle,),
    "lower case": (_lower_case,),
    "future": (_future,),
    "odd hours": (_odd_hours,),
    "all": (_misplace, _dangle, _lower_case, _future, _odd_hours),
}
REPORTS = {
    "default": {"as_of": AS_OF},
    "past reference date": {"as_of": dt.date(2026, 3, 1)},
    "long period": {"as_of": AS_OF, "period": (dt.date(2024, 1, 1), dt.date(2026, 11, 21))},
    "one village": {"as_of": AS_OF, "village": D},
}


@pytest.mark.parametrize("case", list(CASES))
def test_sql_and_python_counting_agree(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       case: str) -> None:
    store = _copy(template, tmp_path)
    for change in CASES[case]:
        change(store)
    try:
        for name, kwargs in REPORTS.items():
            fast, slow = _both_ways(store, monkeypatch, **kwargs)
            got, expected = _everything(fast), _everything(slow)
            wrong = [k for k in expected if got.get(k) != expected[k]]
            assert not wrong, (name, [(k, got.get(k), expected[k]) for k in wrong[:3]])
    finally:
        store.close()


def test_most_volunteers_are_counted_in_sql(template: Path, tmp_path: Path) -> None:
    """The comparison above means something: SQLite really counts villages' volunteers (a
    deleted volunteer's services do not stop it), and lists them when asked; a service
    recorded in another village than its volunteer's sends both villages to Python."""
    store = _copy(template, tmp_path)
    try:
        report = compute(store, as_of=AS_OF)
        everyone = report.figure("volunteers", "volunteers", D)
        assert everyone.deferred  # listed by a query, not by Python
        names = sorted(store.get(u).title for u in everyone.record_uuids(store.conn))
        assert names.count("双村") == 2 and "志愿者1" in names and "志愿者3" not in names  # 注销
        assert report.figure("volunteers", "volunteers", A).deferred  # 已删除 has services
        _misplace(store)
        report = compute(store, as_of=AS_OF)
        assert not report.figure("volunteers", "volunteers", D).deferred
        assert not report.figure("volunteers", "volunteers", E).deferred
        assert report.figure("volunteers", "volunteers", B).deferred
    finally:
        store.close()


def test_drill_down_reads_the_callers_connection(template: Path, tmp_path: Path) -> None:
    """A view lists records on its own connection after the report's store has closed."""
    store = _copy(template, tmp_path)
    report = compute(store, as_of=AS_OF)
    expected = list(report.figure("volunteers", "active", D).records)
    store.close()
    other = Store.open(tmp_path / "t.db")
    try:
        again = compute(other, as_of=AS_OF).figure("volunteers", "active", D)
        assert again.record_uuids(other.conn) == expected and len(expected) > 3
    finally:
        other.close()


def test_b_is_untouched(template: Path, tmp_path: Path) -> None:
    # Guard for the fixture: the hand-counted villages keep their figures.
    store = _copy(template, tmp_path)
    try:
        report = compute(store, as_of=AS_OF)
        assert report.figure("volunteers", "volunteers", A).n == 3
        assert report.figure("volunteers", "hours_total", B).n == 3
    finally:
        store.close()


@pytest.fixture(autouse=True)
def _a_thread_even_for_small_databases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(volunteer_counting, "THREAD_FROM_SERVICES", 0)


def test_counting_on_a_second_thread_changes_nothing(template: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    store = _copy(template, tmp_path)
    try:
        threaded = _everything(compute(store, as_of=AS_OF))
        monkeypatch.setattr(volunteer_counting, "COUNT_ON_A_THREAD", False)
        assert _everything(compute(store, as_of=AS_OF)) == threaded
    finally:
        store.close()


def test_a_failure_on_the_counting_thread_reaches_the_caller(template: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    store = _copy(template, tmp_path)
    seen: list[str] = []
    failed = threading.Event()
    group = statistics.committee_group

    def broken(conn: driver.Connection, *args: Any) -> Any:
        seen.append(threading.current_thread().name)
        failed.set()
        raise driver.OperationalError("disk I/O error")

    def late_group(*args: Any) -> Any:
        failed.wait(10)  # the report's thread goes on once the worker has taken the first query
        return group(*args)

    monkeypatch.setattr(volunteer_sql, "special_registrations", broken)
    monkeypatch.setattr(statistics, "committee_group", late_group)
    try:
        with pytest.raises(driver.OperationalError, match="disk I/O error"):
            compute(store, as_of=AS_OF)
        assert seen == ["volunteer-counts"]
        # The store is still usable, and counts again once the fault is gone.
        monkeypatch.undo()
        assert compute(store, as_of=AS_OF).figure("volunteers", "volunteers", D).n == 12
    finally:
        store.close()


def test_the_last_groups_registers_are_read_on_the_counting_thread_once(
        template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The 村务 and 村级组织 registers are read by the counting thread while the report's thread
    works out the first groups; each is read once, and the figures are those of one thread."""
    from sync.reports.stats import inputs

    store = _copy(template, tmp_path)
    reads: list[tuple[str, str]] = []
    on_worker = threading.Event()
    load = inputs.load_rows

    def recorded(conn: driver.Connection, reg: Any, *args: Any) -> Any:
        reads.append((reg.key, threading.current_thread().name))
        if reg.key == "meetings" and threading.current_thread().name == "volunteer-counts":
            on_worker.set()
        return load(conn, reg, *args)

    group = statistics.committee_group

    def waiting_group(*args: Any) -> Any:
        on_worker.wait(10)  # the report's thread goes on once the worker has read the meetings
        return group(*args)

    try:
        monkeypatch.setattr(volunteer_counting, "COUNT_ON_A_THREAD", False)
        alone = _everything(compute(store, as_of=AS_OF))
        monkeypatch.setattr(volunteer_counting, "COUNT_ON_A_THREAD", True)
        monkeypatch.setattr(inputs, "load_rows", recorded)
        monkeypatch.setattr(statistics, "committee_group", waiting_group)
        assert _everything(compute(store, as_of=AS_OF)) == alone
    finally:
        store.close()
    assert ("meetings", "volunteer-counts") in reads
    keys = [key for key, _ in reads]
    assert all(keys.count(key) == 1 for key in statistics.LATE_REGISTERS)
