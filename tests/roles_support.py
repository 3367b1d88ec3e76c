"""A township and an enrolled village with one user of each role, and what each sync operation
needs ready (a return package, a package not imported yet, a roster, another township's
enrollment file): for the role tests (tests/sync/test_roles_*.py)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import TODAY, VILLAGE_CODE, person
from sync_support import World, copy_world, make_world

from sync.excel.roster_export import export_excel
from sync.exchange.exporter import export_package
from sync.exchange.identity import write_enrollment_file
from sync.exchange.importer import import_packages
from sync.store.store import Store
from sync.store.users import ADMIN, CLERK, VIEWER

PASSWORD = "secret123"
NAMES = {ADMIN: "admin", CLERK: "clerk", VIEWER: "viewer"}


@dataclass
class Places:
    world: World
    returns: Path  # a return package for the village, made by the township
    fresh: Path  # a village package the township has not imported yet
    roster: Path  # an Excel roster of the village's committee members
    other_enrollment: Path  # another township's enrollment file
    out: Path  # an empty folder for whatever an operation writes


def _add_users(path: Path) -> None:
    with Store.open(path) as store:
        for role, name in NAMES.items():
            store.add_user(name, role, PASSWORD)


def build_places(root: Path) -> Places:
    world = make_world(root, None)
    with Store.open(world.village) as village:
        village.today = TODAY
        first = export_package(village, world.stick).path
        export_excel(village, root / "members.xlsx", "committee_members", full_ids=True)
    assert first is not None
    with Store.open(world.township) as town:
        town.today = TODAY
        assert import_packages(town, [first]).ok
        returns_dir = root / "returns"
        returns_dir.mkdir()
        assert export_package(town, returns_dir, for_village=VILLAGE_CODE, full=True).path is not None
    fresh_dir = root / "fresh"
    fresh_dir.mkdir()
    with Store.open(world.village) as village:
        village.today = TODAY
        village.add("committee_members", person(姓名="郑新来", 公民身份号码="350322197003150028"))
        assert export_package(village, fresh_dir).path is not None
    other = root / "other-township.db"
    with Store.create_township(other, "350322112", "石门镇") as store:
        other_enrollment = write_enrollment_file(store, root).path
    for db in (world.township, world.village):
        _add_users(db)
    out = root / "out"
    out.mkdir()
    return Places(world, returns_dir, fresh_dir, root / "members.xlsx", other_enrollment, out)


def copy_places(template: Places, root: Path) -> Places:
    world = copy_world(template.world, root)
    copies = {}
    for name in ("returns", "fresh"):
        copies[name] = root / name
        shutil.copytree(getattr(template, name), copies[name])
    roster = Path(shutil.copy(template.roster, root / template.roster.name))
    other = Path(shutil.copy(template.other_enrollment, root / template.other_enrollment.name))
    out = root / "out"
    out.mkdir()
    return Places(world, copies["returns"], copies["fresh"], roster, other, out)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Places:
    """One world per test module: building it (users, packages) is the slow part."""
    return build_places(tmp_path_factory.mktemp("roles"))


@pytest.fixture
def places(template: Places, tmp_path: Path) -> Places:
    return copy_places(template, tmp_path / "w")
