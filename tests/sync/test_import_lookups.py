"""Issue 16's small wins, each checked where it could silently go away: the indexes made at every
open (``schema.OPEN_INDEXES``) reach older databases and are the ones the queries use, and a
village's first package is written without looking up totals it cannot have fed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import TODAY, TOWNSHIP_CODE
from sync_support import World, copy_db, open_store

from sync.exchange.exporter import export_package
from sync.exchange.identity import enroll
from sync.exchange.importer import import_packages
from sync.exchange.installations import all_installations
from sync.reports.statistics import compute
from sync.store import driver, schema
from sync.store.store import Store

OPEN_NAMES = {re.search(r"EXISTS (\w+) ON", s).group(1) for s in schema.OPEN_INDEXES}  # type: ignore[union-attr]
# The writer's look-up of the totals a batch's records fed before (``writer._fed_before``).
FED_BEFORE = re.compile(r'SELECT "志愿者" FROM "volunteer_services" WHERE uuid IN')


def _indexes(conn: driver.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def _plans(conn: driver.Connection, statements: list[str], table: str) -> list[str]:
    """The query plan of every traced statement reading ``table`` (parameters already inlined)."""
    return [" | ".join(r[-1] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            for sql in statements if sql.lstrip().upper().startswith("SELECT") and table in sql]


def test_an_older_database_gets_the_open_indexes_without_a_new_schema_number(tmp_path: Path) -> None:
    path = tmp_path / "v.db"
    with Store.create_village(path, f"{TOWNSHIP_CODE}201", "东山村", {"常住人口": 100}) as store:
        assert OPEN_NAMES == {"imported_packages_installation", "stats_services_served", "stats_volunteers_more"}
        assert OPEN_NAMES <= _indexes(store.conn)
        for name in OPEN_NAMES:  # a database written by the program before them
            store.conn.execute(f"DROP INDEX {name}")
    with Store.open(path) as store:
        assert OPEN_NAMES <= _indexes(store.conn)
        # No new number: the program before them still opens the database.
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_DB_VERSION
        assert store.profile(f"{TOWNSHIP_CODE}201")
        # A bulk import leaves it out and builds it at its end, like the other statistics indexes.
        assert {"stats_services_served", "stats_volunteers_more"} <= schema.deferrable_indexes(store.catalog)


@pytest.fixture
def villages(world: World) -> World:
    """Four more villages, each with a package on the stick, with volunteers and their services."""
    for n in range(4):
        path = world.root / f"village-{n}.db"
        code = f"{TOWNSHIP_CODE}{230 + n:03d}"
        with Store.create_village(path, code, f"第{n}村", {"常住人口": 300 + n}) as store:
            store.today = TODAY
            for k in range(2):
                volunteer = store.add("volunteers", {"姓名": f"志愿者{k}", "证件类型": "其他",
                                                     "证件号码": f"Z{n}{k:04d}", "性别": "女",
                                                     "注册日期": "2024-01-01"})
                store.add("volunteer_services", {"志愿者": volunteer.uuid, "活动名称": "义诊",
                                                 "服务日期": "2025-05-01", "服务时长": 2.0, "服务人次": 3})
            enroll(store, world.enrollment_for(code))
            export_package(store, world.stick)
    return world


def _traced_import(db: Path, stick: Path, workers: int) -> tuple[list[str], Path]:
    statements: list[str] = []
    with open_store(db) as store:
        store.conn.set_trace_callback(statements.append)
        summary = import_packages(store, [stick], workers=workers, write_receipts=False)
        assert summary.ok and summary.count("accepted") == 4
        pcs = all_installations(store)  # what the township's village list reads
        store.conn.set_trace_callback(None)
        assert len(pcs) == 4 and all(pc.packages == 1 and pc.last_package_created for pc in pcs)
        totals = {r[0] for r in store.conn.execute('SELECT "累计服务时长" FROM volunteers WHERE _village != ?',
                                                   (f"{TOWNSHIP_CODE}201",))}
        assert totals == {2.0}  # each volunteer's one service record, fresh or not
    return statements, db


def test_a_village_s_first_package_is_written_without_looking_up_totals(villages: World, tmp_path: Path) -> None:
    # Planned in a worker without the database (a village seen for the first time): nothing to look up.
    fresh, _ = _traced_import(copy_db(villages.township, tmp_path / "fresh.db"), villages.stick, workers=1)
    assert not [s for s in fresh if FED_BEFORE.search(s)]
    # Planned against the database, the same packages do look them up (the trace does see them).
    planned, _ = _traced_import(copy_db(villages.township, tmp_path / "planned.db"), villages.stick, workers=0)
    assert [s for s in planned if FED_BEFORE.search(s)]


def test_the_import_and_the_statistics_read_through_the_indexes(villages: World, tmp_path: Path) -> None:
    statements, db = _traced_import(copy_db(villages.township, tmp_path / "t.db"), villages.stick, workers=0)
    with open_store(db) as store:
        plans = _plans(store.conn, [s for s in statements if "json_each" in s], "imported_packages")
        assert plans and all("USING COVERING INDEX imported_packages_installation" in p
                             or "USING INDEX imported_packages_installation" in p for p in plans), plans
        statements.clear()
        store.conn.set_trace_callback(statements.append)
        compute(store, as_of=TODAY)
        store.conn.set_trace_callback(None)
        served = [s for s in statements if 'SUM("服务人次")' in s]
        assert served
        assert all("COVERING INDEX stats_services_served" in p
                   for p in _plans(store.conn, served, "volunteer_services"))
        # The volunteers by 政治面貌, 身份 and team: from their index, in its order (no sort).
        more = [s for s in statements if '"所属志愿服务队", COUNT(*)' in s]
        assert more
        assert all("COVERING INDEX stats_volunteers_more" in p and "TEMP B-TREE" not in p
                   for p in _plans(store.conn, more, "volunteers"))
