"""Test data for the sync windows (tests/desktop/test_sync_ui_*.py), built with the sync engine.

A township (榜头镇) and two enrolled villages (东山村, 西山村) with a few records each, and
an empty stick folder. ``conflict_on_stick`` makes the township and 东山村 edit the same
field differently, so the next import has one conflict to review.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support import TODAY, TOWNSHIP_CODE, person
from sync_support import copy_db

from sync.exchange.exporter import export_package
from sync.exchange.identity import enroll, write_enrollment_file
from sync.exchange.import_summary import ImportSummary
from sync.exchange.importer import import_packages
from sync.store.store import Store
from sync.store.users import ADMIN, User

EAST, WEST = "350322111202", "350322111203"
ADMIN_USER = User("admin", ADMIN, "管理员甲")


def open_store(path: Path) -> Store:
    store = Store.open(path, ADMIN_USER)
    store.today = TODAY
    return store


def _village(path: Path, code: str, name: str, members: list[dict[str, object]], volunteer_id: str) -> None:
    with Store.create_village(path, code, name, {"常住人口": 1200, "户数": 400}) as store:
        store.today = TODAY
        for values in members:
            store.add("committee_members", values)
        store.add("volunteers", {"姓名": f"{name[:1]}志愿", "证件号码": volunteer_id,
                                 "居住村民小组": "一组", "注册日期": "2024-05-01"})


@dataclass
class UiWorld:
    root: Path
    township: Path
    east: Path
    west: Path
    stick: Path
    enrollment: Path

    def export(self, village: Path, *, full: bool = False) -> Path | None:
        with open_store(village) as store:
            return export_package(store, self.stick, full=full).path

    def import_all(self, **options: object) -> ImportSummary:
        """The township imports the stick as a script would; the villages were enrolled with the
        generic file, so their first PCs are accepted as if a person had confirmed them (the
        windows' tests answer that question themselves)."""
        options.setdefault("accept_new_installation", True)
        with open_store(self.township) as store:
            return import_packages(store, [self.stick], **options)  # type: ignore[arg-type]

    def return_package(self, village: str = EAST) -> Path | None:
        with open_store(self.township) as store:
            return export_package(store, self.stick, for_village=village).path

    def conflict_on_stick(self) -> str:
        """Township and 东山村 give 林秀英 different phones and start dates; the village's edit is on the stick.

        The village also changes 文化程度, which the township left alone: merged without a conflict.
        """
        with open_store(self.township) as store:
            uuid = next(r["uuid"] for r in store.records("committee_members", EAST) if r["姓名"] == "林秀英")
            store.edit(uuid, {"联系电话": "13900000001", "任职时间": "2026-03-20"})
        with open_store(self.east) as store:
            store.edit(uuid, {"联系电话": "13900000002", "任职时间": "2026-03-25", "文化程度": "高中"})
        self.export(self.east)
        return uuid


def build_world(folder: Path) -> UiWorld:
    folder.mkdir(parents=True, exist_ok=True)
    stick = folder / "stick"
    stick.mkdir()
    township = folder / "township.db"
    with Store.create_township(township, TOWNSHIP_CODE, "榜头镇") as store:
        enrollment = write_enrollment_file(store, folder).path
    assert enrollment is not None
    east, west = folder / "east.db", folder / "west.db"
    _village(east, EAST, "东山村", [person(姓名="林秀英"), person(
        姓名="王建国", 公民身份号码="350322196805120037", 党组织职务="书记", 委员分工=None, 村委会职务="主任")], "350322199001010020")
    _village(west, WEST, "西山村", [person(姓名="赵明", 公民身份号码="350322197002020010")],
             "350322199103030022")
    for village in (east, west):
        with open_store(village) as store:
            enroll(store, enrollment)
    return UiWorld(folder, township, east, west, stick, enrollment)


def copy_world(template: UiWorld, folder: Path, *, with_stick: bool = False) -> UiWorld:
    """A copy of ``template`` to change freely; ``with_stick`` copies the packages on its stick."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "stick").mkdir()
    shutil.copy(template.enrollment, folder / template.enrollment.name)
    if with_stick:
        for package in template.stick.iterdir():
            shutil.copy(package, folder / "stick" / package.name)
    return UiWorld(folder, copy_db(template.township, folder / "township.db"),
                   copy_db(template.east, folder / "east.db"), copy_db(template.west, folder / "west.db"),
                   folder / "stick", folder / template.enrollment.name)


def export_both(world: UiWorld) -> None:
    """Both villages' first packages on the stick, not yet imported."""
    world.export(world.east)
    world.export(world.west)


def world_fixtures(folder: str, prepare: Callable[[UiWorld], None] | None = None, *,
                   with_stick: bool = False) -> tuple[Any, Any]:
    """The two fixtures the sync window tests start from: ``world_template``, made once per
    module (``prepare`` brings it to the tests' starting point), and ``world``, a fresh copy of
    it for each test. A module says ``world_template, world = world_fixtures("name", …)``."""

    @pytest.fixture(scope="module", name="world_template")
    def template(tmp_path_factory: pytest.TempPathFactory) -> UiWorld:
        world = build_world(tmp_path_factory.mktemp(folder))
        if prepare is not None:
            prepare(world)
        return world

    @pytest.fixture(name="world")
    def copied(world_template: UiWorld, tmp_path: Path) -> UiWorld:
        return copy_world(world_template, tmp_path / "world", with_stick=with_stick)

    return template, copied
