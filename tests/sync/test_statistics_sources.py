"""Statistics over what the sync side records (import log, enrolled villages, conflicts),
and over a village's own database."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from sync.demo.township import AS_OF, TOWNSHIP, A, B
from sync.reports.statistics import compute
from sync.reports.stats.sources import (
    SYNC_COLUMNS,
    PackageInfo,
    enrolled_villages,
    known_villages,
    last_packages,
    open_conflicts,
)
from sync.store.store import Store

MISSING = "350322111204"


def _township(tmp_path: Path) -> Store:
    store = Store.create_township(tmp_path / "t.db", TOWNSHIP, "榜头镇")
    store.today = AS_OF
    for code, name in ((A, "东山村"), (B, "西山村")):
        store.add("village_profile", {"村名": name, "统计用区划代码": code, "常住人口": 500}, village=code)
    return store


def _sync_tables(store: Store) -> None:
    """Fill the sync side's tables (schema v2) as imports would have."""
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO import_log (file, village, sequence, package_created, imported_at, status) "
            "VALUES ('p.cunwu', ?, ?, ?, ?, ?)",
            [(A, 1, "2026-05-01T10:00:00", "2026-05-02T09:00:00", "accepted"),
             (A, 3, "2026-10-30T10:00:00", "2026-11-01T09:00:00", "accepted"),
             (A, 2, "2026-06-01T10:00:00", "2026-11-02T09:00:00", "accepted"),  # older, imported late
             (A, 3, "2026-10-30T10:00:00", "2026-11-03T09:00:00", "duplicate"),
             (A, 4, "2026-11-20T10:00:00", "2026-11-20T11:00:00", "refused"),
             (B, 7, "2026-07-01T10:00:00", "2026-07-03T09:00:00", "accepted")])
        conn.executemany("INSERT INTO villages (code, name, enrolled) VALUES (?, ?, ?)",
                         [(A, "东山村", 1), (B, "西山村", 0), (MISSING, "北山村", 1)])
        conn.executemany(
            "INSERT INTO conflicts (record_uuid, register, village, merge_version, ours_version, "
            "theirs_version, winner, kind, fields, created_at, resolved_at) "
            "VALUES ('r', 'volunteers', ?, ?, 'o', 't', 'o', 'edit', '[]', '2026-11-01', ?)",
            [(A, "m1", None), (A, "m2", "2026-11-01"), (B, "m3", None), (B, "m4", None)])


def test_adapters_read_the_sync_tables(tmp_path: Path) -> None:
    store = _township(tmp_path)
    assert last_packages(store.conn) == {} and enrolled_villages(store.conn) == {}
    assert open_conflicts(store.conn) == {}
    _sync_tables(store)
    assert last_packages(store.conn) == {A: PackageInfo(dt.date(2026, 10, 30), 3),
                                         B: PackageInfo(dt.date(2026, 7, 1), 7)}
    assert enrolled_villages(store.conn) == {A: "东山村", MISSING: "北山村"}  # B only sent a package
    assert open_conflicts(store.conn) == {A: 1, B: 2}


@pytest.mark.parametrize("kind", ["village", "township"])
def test_the_columns_read_are_the_ones_the_schema_defines(tmp_path: Path, kind: str) -> None:
    store = (Store.create_village(tmp_path / "v.db", A, "东山村") if kind == "village"
             else Store.create_township(tmp_path / "t.db", TOWNSHIP, "榜头镇"))
    with store:
        for table, columns in SYNC_COLUMNS.items():
            have = {row[1] for row in store.conn.execute(f'PRAGMA table_info("{table}")')}
            assert set(columns) <= have, f"{table}: the statistics read {sorted(set(columns) - have)}"


def test_a_column_renamed_on_the_sync_side_fails_loudly(tmp_path: Path) -> None:
    # It used to try other names and report every village as never heard from.
    conn = sqlite3.connect(tmp_path / "other.db")
    conn.execute("CREATE TABLE import_log (village_code TEXT, sequence INTEGER, package_created TEXT, status TEXT)")
    conn.execute("CREATE TABLE villages (village_code TEXT, name TEXT, enrolled INTEGER)")
    conn.execute("CREATE TABLE conflicts (village TEXT, resolved INTEGER)")
    for read in (last_packages, known_villages, open_conflicts):
        with pytest.raises(sqlite3.OperationalError, match="no such column"):
            read(conn)
    conn.close()


def test_data_status_stale_and_missing_villages(tmp_path: Path) -> None:
    store = _township(tmp_path)
    _sync_tables(store)
    report = compute(store, as_of=AS_OF)
    status = report.groups["status"]
    assert [r.village for r in status.villages] == [A, B, MISSING]
    a, b, missing = status.villages
    assert a.figures["last_date"].display() == "2026-10-30" and a.figures["last_sequence"].text == "3"
    assert b.figures["conflicts"].n == 2 and status.total.figures["conflicts"].n == 3
    assert missing.name == "北山村" and missing.figures["state"].text == "未报送或登记簿为空"
    stale = [c for c in report.checks if c.rule == "R-X-STALE"]
    assert [c.villages for c in stale] == [(B,)]  # 2026-07-01 is more than 90 days before 11-21
    assert "90" in stale[0].message and "2026-07-01" in stale[0].message
    missing_checks = [c for c in report.checks if c.rule == "R-X-MISSING"]
    assert any(c.villages == (MISSING,) and "从未报送" in c.message for c in missing_checks)
    # A and B sent packages but their registers are empty
    assert any(c.villages == (A,) and "两委" in c.message for c in missing_checks)
    assert b.figures["state"].text == "未报送或登记簿为空"


def test_stale_days_is_a_setting(tmp_path: Path) -> None:
    store = _township(tmp_path)
    _sync_tables(store)
    store.set_setting("stale_days", 200)
    assert not any(c.rule == "R-X-STALE" for c in compute(store, as_of=AS_OF).checks)


def test_a_village_database_reports_on_itself(demo_db: Path) -> None:
    store = Store.open(demo_db)
    report = compute(store, as_of=dt.date(2026, 11, 21))
    assert report.kind == "village" and len(report.groups["committee"].villages) == 1
    committee = report.groups["committee"]
    assert committee.total.figures["members"].n == committee.villages[0].figures["members"].n == 7
    assert report.figure("volunteers", "volunteers").n == 120
    assert not any(c.rule.startswith("R-X") for c in report.checks)
    assert report.groups["status"].villages[0].figures["state"].text == "正常"
