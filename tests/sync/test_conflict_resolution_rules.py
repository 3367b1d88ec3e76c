"""A conflict's resolution is checked by the record's rules, as an edit is: errors refuse, warnings count."""

from __future__ import annotations

import pytest
from sync_support import World

from sync.exchange.conflicts import get_conflict, list_conflicts, resolve
from sync.store.store import StoreError


def conflict_on(world: World, register: str, field: str, village_value: str, township_value: str) -> str:
    """Village and township change the same field of one record differently; the township imports."""
    world.export()
    assert world.import_().ok
    assert world.export() is None  # reads the receipt
    with world.open(world.village) as village:
        uuid = village.records(register)[0]["uuid"]
        village.edit(uuid, {field: village_value})
    with world.open(world.township) as town:
        town.edit(uuid, {field: township_value})
    world.import_(world.export())
    return uuid


def test_a_resolution_that_breaks_a_rule_is_refused_naming_the_field(world: World) -> None:
    uuid = conflict_on(world, "volunteers", "注册日期", "2025-01-01", "2025-02-01")
    with world.open(world.township) as town:
        [conflict] = list_conflicts(town)
        with pytest.raises(StoreError, match="按此裁决保存会产生错误：注册日期：2099-01-01 晚于今天"):
            resolve(town, conflict.id, choices={"注册日期": "2099-01-01"})
        assert get_conflict(town, conflict.id).is_open
        assert town.get(uuid).values["注册日期"] == "2025-02-01"  # the provisional winner (newer)
        saved = resolve(town, conflict.id, choices={"注册日期": "ours"})
        assert town.get(uuid).values["注册日期"] == "2025-02-01" and saved.issues == []


def test_a_resolution_with_a_warning_is_saved_and_counted(world: World) -> None:
    uuid = conflict_on(world, "committee_members", "任职时间", "2026-03-20", "2026-03-25")
    with world.open(world.township) as town:
        [conflict] = list_conflicts(town)
        saved = resolve(town, conflict.id, choices={"任职时间": "2015-03-18"})  # that term ended in 2020
        assert [i.rule for i in saved.issues] == ["R-TERM"]
        row = town.conn.execute("SELECT _errors, _warnings FROM committee_members WHERE uuid = ?",
                                (uuid,)).fetchone()
        assert tuple(row) == (0, 1)
        assert not get_conflict(town, conflict.id).is_open


def test_an_error_the_record_already_had_does_not_block(world: World) -> None:
    uuid = conflict_on(world, "volunteers", "联系电话", "13900000001", "13900000002")
    with world.open(world.township) as town:
        # An administrator saved a bad 注册日期 with a reason before the review.
        town.edit(uuid, {"注册日期": "2099-01-01"}, override_reason="核实中")
        [conflict] = list_conflicts(town)
        saved = resolve(town, conflict.id, "theirs")
        assert [i.rule for i in saved.issues if i.severity == "error"] == ["R-DATES"]
        assert town.get(uuid).values["联系电话"] == "13900000001"
