"""A bulk import into an empty township builds some indexes once at its end instead of row by
row (sync/exchange/import_bulk.py): the database ends up with exactly the indexes and records an
import without it gives, and a process killed in between leaves a note the next open acts on."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import TODAY, TOWNSHIP_CODE
from sync_support import World, copy_db, open_store, record_digest

from sync.exchange import import_bulk
from sync.exchange.exporter import export_package
from sync.exchange.identity import enroll
from sync.exchange.importer import import_packages
from sync.store import driver, schema
from sync.store.store import Store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def stick_of_villages(world: World) -> World:
    """Eight more villages with a package each, and the small village's own: a bulk import."""
    for n in range(8):
        path = world.root / f"village-{n}.db"
        code = f"{TOWNSHIP_CODE}{220 + n:03d}"
        with Store.create_village(path, code, f"第{n}村", {"常住人口": 400 + n}) as store:
            store.today = TODAY
            for k in range(n + 2):
                volunteer = store.add("volunteers", {"姓名": f"志愿者{k}", "证件类型": "其他",
                                                     "证件号码": f"Y{n}{k:04d}", "性别": "男",
                                                     "注册日期": "2024-02-01"})
                store.add("volunteer_services", {"志愿者": volunteer.uuid, "活动名称": "助老",
                                                 "服务日期": "2025-06-01", "服务时长": 2.0})
            enroll(store, world.enrollment_for(code))
            export_package(store, world.stick)
    world.export()
    return world


def _indexes(db: Path) -> set[tuple[str, str]]:
    conn = driver.connect(db)
    try:
        return {(r[0], r[1]) for r in conn.execute(
            "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'index'")}
    finally:
        conn.close()


def _note(db: Path) -> str | None:
    conn = driver.connect(db)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (schema.DEFERRED_INDEXES_KEY,)).fetchone()
        return None if row is None else row[0]
    finally:
        conn.close()


def test_a_bulk_import_drops_indexes_and_builds_the_same_ones_again(
        stick_of_villages: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    world = stick_of_villages
    before = _indexes(world.township)
    dropped: list[int] = []
    real = import_bulk.defer_indexes

    def spy(conn: driver.Connection, cat: object) -> int:
        dropped.append(real(conn, cat))  # type: ignore[arg-type]
        missing = before - _indexes_of(conn)
        assert missing and all(name in schema.deferrable_indexes(cat) for name, _ in missing)  # type: ignore[arg-type]
        return dropped[-1]

    monkeypatch.setattr(import_bulk, "defer_indexes", spy)
    bulk = copy_db(world.township, tmp_path / "bulk.db")
    plain = copy_db(world.township, tmp_path / "plain.db")
    with open_store(bulk) as store:
        summary = import_packages(store, [world.stick], workers=0, write_receipts=False)
    assert summary.ok and summary.count("accepted") == 9
    assert dropped and dropped[0] >= 8  # ID numbers, titles, origins, statistics
    assert _indexes(bulk) == before
    assert _note(bulk) is None
    monkeypatch.setattr(import_bulk, "BULK_FROM", 10_000)  # the same import, index by index
    with open_store(plain) as store:
        assert import_packages(store, [world.stick], workers=0, write_receipts=False).ok
    assert record_digest(bulk) == record_digest(plain)


def _indexes_of(conn: driver.Connection) -> set[tuple[str, str]]:
    return {(r[0], r[1]) for r in conn.execute(
        "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'index'")}


def test_indexes_dropped_by_a_killed_import_are_built_when_the_database_is_next_opened(
        world: World) -> None:
    """The first batch committed with its indexes dropped, then the process died: the note says
    which, and opening the database builds them."""
    before = _indexes(world.township)
    with open_store(world.township) as store, store.transaction():
        assert schema.defer_indexes(store.conn, store.catalog) > 0
    assert _indexes(world.township) < before
    assert _note(world.township) is not None
    Store.open(world.township).close()
    assert _indexes(world.township) == before
    assert _note(world.township) is None


def _import_code(db: Path, stick: Path) -> str:
    return ("from sync.store.store import Store\nfrom sync.exchange.importer import import_packages\n"
            f"store = Store.open({str(db)!r})\nimport_packages(store, [{str(stick)!r}], workers=0)\n")


def test_sigkill_during_a_bulk_import_leaves_all_or_nothing_and_every_index(
        stick_of_villages: World, tmp_path: Path) -> None:
    world = stick_of_villages
    before_indexes = _indexes(world.township)
    before = record_digest(world.township)
    reference = copy_db(world.township, tmp_path / "reference.db")
    started = time.monotonic()
    assert subprocess.run([sys.executable, "-c", _import_code(reference, world.stick)], cwd=ROOT,
                          capture_output=True).returncode == 0
    full_run = time.monotonic() - started
    after = record_digest(reference)
    rng = random.Random(16)
    for run in range(6):
        for receipt in world.stick.glob("*.cunwu-receipt"):
            receipt.unlink()
        target = copy_db(world.township, tmp_path / f"killed-{run}.db")
        process = subprocess.Popen([sys.executable, "-c", _import_code(target, world.stick)], cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.0) * full_run)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        Store.open(target).close()  # what the next start does
        assert record_digest(target) in (before, after), f"run {run}: a partly applied import"
        assert _indexes(target) == before_indexes, f"run {run}: an index missing"
        assert _note(target) is None
