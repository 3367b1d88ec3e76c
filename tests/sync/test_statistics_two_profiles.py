"""A township holding two live 村情概况 records of one village (a replaced PC's set-up profile came
in its first ordinary package; its deletion has not arrived yet): every reader takes the same
one, the one that will remain, nothing is counted twice, and the cross-village check says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import TODAY, VILLAGE_CODE
from sync_support import World, open_store

from sync.exchange.exporter import export_package
from sync.exchange.identity import enroll
from sync.exchange.township import village_overview
from sync.reports.statistics import compute
from sync.store.store import Store
from sync.store.village_profiles import counted_profile, several_profiles


def stick(world: World, name: str) -> Path:
    folder = world.root / name
    folder.mkdir()
    return folder


@pytest.fixture
def two_profiles(world: World) -> dict[str, object]:
    first = stick(world, "first")
    world.export(out=first)
    assert world.import_(first).ok
    with open_store(world.township) as store:
        old = store.records("village_profile")[0]["uuid"]
    new = world.root / "new-pc.db"
    with Store.create_village(new, VILLAGE_CODE, "东山村", {"常住人口": 2001, "户数": 700}) as store:
        store.today = TODAY
        enroll(store, world.enrollment)
    second = stick(world, "second")
    with open_store(new) as store:  # an ordinary first package: it carries the set-up profile
        assert export_package(store, second).path is not None
    assert world.import_(second, accept_new_installation=True).ok
    return {"old": old, "new_pc": new}


def test_every_reader_takes_the_oldest_profile_and_the_check_lists_both(world: World,
                                                                         two_profiles: dict) -> None:
    with open_store(world.township) as store:
        live = [r["uuid"] for r in store.records("village_profile")]
        assert len(live) == 2  # the situation under test
        newer = next(u for u in live if u != two_profiles["old"])
        assert several_profiles(store.conn) == {VILLAGE_CODE: [two_profiles["old"], newer]}
        assert counted_profile(store.conn, VILLAGE_CODE) == two_profiles["old"]
        assert store.profile(VILLAGE_CODE)["常住人口"] == 1965
        report = compute(store, as_of=TODAY)
        row = next(r for r in report.groups["volunteers"].rows if r.village == VILLAGE_CODE)
        assert "/ 1965 " in row.figures["vol_share"].display()  # not 2001, not 3966
        total = report.groups["volunteers"].total.figures["vol_share"].display()
        assert "/ 1965 " in total
        found = [c for c in report.checks if c.rule == "R-X-PROFILE"]
        assert len(found) == 1
        assert found[0].message.startswith(f"东山村（{VILLAGE_CODE}）有两条村情概况记录")
        assert "常住人口 1965" in found[0].message
        assert set(found[0].records) == set(live) and found[0].villages == (VILLAGE_CODE,)
        assert found[0].severity == "warning"
        assert [v.name for v in village_overview(store)] == ["东山村"]


def test_the_check_goes_away_and_the_figures_stay_once_the_deletion_arrives(world: World,
                                                                           two_profiles: dict) -> None:
    back = stick(world, "back")
    with open_store(world.township) as store:
        assert export_package(store, back, for_village=VILLAGE_CODE, full=True).path is not None
    new_pc = two_profiles["new_pc"]
    assert world.import_(back, db=new_pc).ok  # the new PC retires its own set-up profile
    again = stick(world, "again")
    with open_store(new_pc) as store:
        assert export_package(store, again).path is not None
    assert world.import_(again).ok
    with open_store(world.township) as store:
        assert [r["uuid"] for r in store.records("village_profile")] == [two_profiles["old"]]
        assert several_profiles(store.conn) == {}
        report = compute(store, as_of=TODAY)
        assert not [c for c in report.checks if c.rule == "R-X-PROFILE"]
        row = next(r for r in report.groups["volunteers"].rows if r.village == VILLAGE_CODE)
        assert "/ 1965 " in row.figures["vol_share"].display()
