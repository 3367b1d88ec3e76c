"""Importing with worker processes writes exactly what importing in one process writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import TODAY, TOWNSHIP_CODE
from sync_support import World, copy_db, open_store, record_digest

from sync.exchange.exporter import export_package
from sync.exchange.identity import enroll
from sync.exchange.import_summary import ACCEPTED
from sync.exchange.importer import import_packages
from sync.store.store import Store


@pytest.fixture
def many_villages(world: World) -> World:
    """Nine more villages of the township, each with a few records, each with a package on the stick."""
    for n in range(9):
        path = world.root / f"village-{n}.db"
        code = f"{TOWNSHIP_CODE}{210 + n:03d}"
        with Store.create_village(path, code, f"第{n}村", {"常住人口": 500 + n}) as store:
            store.today = TODAY
            for k in range(n + 1):
                volunteer = store.add("volunteers", {"姓名": f"志愿者{k}", "证件类型": "其他",
                                                     "证件号码": f"X{n}{k:04d}", "性别": "女",
                                                     "注册日期": "2024-01-01"})
                store.add("volunteer_services", {"志愿者": volunteer.uuid, "活动名称": "义诊",
                                                 "服务日期": "2025-05-01", "服务时长": 1.5 + k})
            enroll(store, world.enrollment_for(code))
            export_package(store, world.stick)
    world.export()  # and the small village's own package
    return world


def test_worker_processes_give_the_same_database(many_villages: World, tmp_path: Path) -> None:
    serial = copy_db(many_villages.township, tmp_path / "serial.db")
    parallel = copy_db(many_villages.township, tmp_path / "parallel.db")
    with open_store(serial) as store:
        one = import_packages(store, [many_villages.stick], workers=0, write_receipts=False)
    with open_store(parallel) as store:
        two = import_packages(store, [many_villages.stick], workers=2, write_receipts=False)
    assert [r.status for r in one.results] == [ACCEPTED] * 10
    assert [(r.village, r.counts) for r in one.results] == [(r.village, r.counts) for r in two.results]
    assert record_digest(serial) == record_digest(parallel)
    # A second package of a village in the same run is planned against the database.
    with open_store(parallel) as store:
        uuid = store.records("volunteers", village=f"{TOWNSHIP_CODE}210")[0]["uuid"]
    with open_store(many_villages.root / "village-0.db") as village:
        village.edit(uuid, {"居住村民小组": "二组"})
        export_package(village, many_villages.stick)
    third = copy_db(many_villages.township, tmp_path / "third.db")
    with open_store(third) as store:
        result = import_packages(store, [many_villages.stick], workers=2, write_receipts=False)
        assert result.ok and store.get(uuid).values["居住村民小组"] == "二组"


def test_worker_count_is_the_same_frozen_and_can_be_set(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from sync.exchange.prepare import PARALLEL_FROM, default_workers

    monkeypatch.delenv("CUNWU_IMPORT_WORKERS", raising=False)
    assert default_workers(PARALLEL_FROM - 1) == 0  # a few packages: one process is faster
    plain = default_workers(100)
    assert plain >= 1
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert default_workers(100) == plain  # the frozen entry point calls freeze_support()
    monkeypatch.setenv("CUNWU_IMPORT_WORKERS", "0")
    assert default_workers(100) == 0
    monkeypatch.setenv("CUNWU_IMPORT_WORKERS", "2")
    assert default_workers(100) == 2
    monkeypatch.setenv("CUNWU_IMPORT_WORKERS", "many")
    assert default_workers(100) == plain
