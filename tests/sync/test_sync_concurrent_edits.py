"""Concurrent edits: merged field by field, conflicts kept for review, resolutions accepted by both."""

from __future__ import annotations

import json

import pytest
from support import VILLAGE_CODE
from sync_support import World, copy_db, record_digest

from sync.exchange.conflicts import get_conflict, list_conflicts, parse_takes, resolve
from sync.store import driver
from sync.store.store import StoreError


def first_volunteer(world: World) -> str:
    with world.open(world.village) as village:
        return village.records("volunteers")[0]["uuid"]


def synced(world: World) -> str:
    """The village's data at the township and the receipt back: a common starting point."""
    world.export()
    assert world.import_().ok
    assert world.export() is None  # reads the receipt
    return first_volunteer(world)


def conflicting_phones(world: World, uuid: str) -> None:
    """The village and the township change the same phone number differently; then import."""
    with world.open(world.village) as village:
        village.edit(uuid, {"联系电话": "13900000001"})
    with world.open(world.township) as town:
        town.edit(uuid, {"联系电话": "13900000002"})
    world.import_(world.export())


def values_at(world: World, db: object, uuid: str) -> dict[str, object]:
    with world.open(db) as store:  # type: ignore[arg-type]
        record = store.get(uuid)
        return {**record.values, "_deleted": record.deleted}


def test_edits_of_different_fields_on_two_installations_are_both_kept(world: World) -> None:
    uuid = synced(world)
    with world.open(world.village) as village:
        village.edit(uuid, {"联系电话": "13900000001"})
    with world.open(world.township) as town:
        town.edit(uuid, {"居住村民小组": "七组"})  # a township correction
    summary = world.import_(world.export())
    assert summary.results[0].counts.conflicts == 0 and summary.results[0].counts.updated == 1
    merged = values_at(world, world.township, uuid)
    assert merged["联系电话"] == "13900000001" and merged["居住村民小组"] == "七组"
    assert world.import_(world.return_package(), db=world.village).ok
    assert values_at(world, world.village, uuid) == merged


def test_pc_restored_from_an_old_copy_merges_safely(world: World) -> None:
    uuid = synced(world)
    other = copy_db(world.township, world.root / "other-order.db")
    restored = world.copy_village("restored.db")  # same device ID, same keys, older clock
    with world.open(world.village) as village:
        village.edit(uuid, {"联系电话": "13900000001"})
        member = village.records("committee_members")[0]["uuid"]
        village.delete(member, "离任")
    with world.open(restored) as old_copy:
        old_copy.edit(uuid, {"居住村民小组": "七组"})
        added = old_copy.add("volunteers", {"姓名": "吴芳", "证件号码": "350322198503150029",
                                            "注册日期": "2025-01-01"}).uuid
    original_package = world.export()
    restored_package = world.export(restored)
    assert original_package and restored_package and original_package != restored_package
    summary = world.import_(restored_package, original_package)
    assert summary.ok and [r.status for r in summary.results] == ["accepted", "accepted"]
    assert sum(r.counts.conflicts for r in summary.results) == 0
    merged = values_at(world, world.township, uuid)
    assert merged["联系电话"] == "13900000001" and merged["居住村民小组"] == "七组"
    with world.open(world.township) as town:
        assert town.get(added).values["姓名"] == "吴芳"
        assert town.get(member).deleted
    # Importing the two packages in the other order gives the same records.
    assert world.import_(original_package, db=other).ok
    assert world.import_(restored_package, db=other).ok
    for register in ("volunteers", "committee_members"):
        assert _rows(other, register) == _rows(world.township, register)


def _rows(db: object, register: str) -> list[tuple[object, ...]]:
    conn = driver.connect(db)  # type: ignore[arg-type]
    try:
        return sorted(conn.execute(f'SELECT * FROM "{register}"').fetchall())
    finally:
        conn.close()


def test_restored_copy_editing_the_same_field_gives_one_conflict(world: World) -> None:
    uuid = synced(world)
    restored = world.copy_village("restored.db")
    with world.open(world.village) as village:
        village.edit(uuid, {"联系电话": "13900000001"})
    with world.open(restored) as old_copy:
        old_copy.edit(uuid, {"联系电话": "13900000002"})
    summary = world.import_(world.export(), world.export(restored))
    assert sum(r.counts.conflicts for r in summary.results) == 1
    with world.open(world.township) as town:
        [conflict] = list_conflicts(town)
        assert [(f.field, f.base, {f.ours, f.theirs}) for f in conflict.fields] == [
            ("联系电话", None, {"13900000001", "13900000002"})]


def test_same_field_edited_differently_is_one_conflict_resolved_for_both_sides(world: World) -> None:
    uuid = synced(world)
    with world.open(world.village) as village:
        base_phone = village.get(uuid).values["联系电话"]
        village.edit(uuid, {"联系电话": "13900000001", "状态": "暂停"})
    with world.open(world.township) as town:
        town.edit(uuid, {"联系电话": "13900000002"})
    summary = world.import_(world.export())
    assert summary.results[0].counts.conflicts == 1
    with world.open(world.township) as town:
        [conflict] = list_conflicts(town)
        assert conflict.kind == "fields" and conflict.is_open
        [field] = conflict.fields
        assert (field.field, field.base, field.ours, field.theirs) == (
            "联系电话", base_phone, "13900000002", "13900000001")
        # The provisional winner is in effect; the other field merged cleanly.
        current = town.get(uuid).values
        assert current["联系电话"] == field.merged and current["状态"] == "暂停"
        saved = resolve(town, conflict.id, "theirs")
        assert town.get(uuid).values["联系电话"] == "13900000001"
        assert not get_conflict(town, conflict.id).is_open
        assert get_conflict(town, conflict.id).resolution_version == saved.version_id
        with pytest.raises(StoreError, match="已于"):
            resolve(town, conflict.id, "ours")
    # The resolution goes back to the village, which accepts it as is.
    assert world.import_(world.return_package(), db=world.village).ok
    assert values_at(world, world.village, uuid) == values_at(world, world.township, uuid)
    # And nothing the village sends next changes the township.
    before = record_digest(world.township)
    package = world.export()
    if package is not None:
        assert world.import_(package).results[0].counts.updated == 0
    assert record_digest(world.township) == before


def test_village_that_merged_itself_closes_its_conflict_with_the_townships_resolution(world: World) -> None:
    uuid = synced(world)
    with world.open(world.township) as town:
        town.edit(uuid, {"联系电话": "13900000002"})
    with world.open(world.village) as village:
        village.edit(uuid, {"联系电话": "13900000001"})
    # The village first gets the township's correction and merges on its own...
    assert world.import_(world.return_package(), db=world.village).ok
    with world.open(world.village) as village:
        [village_conflict] = list_conflicts(village)
    # ...the township merges the same two heads into the identical version...
    summary = world.import_(world.export())
    assert summary.results[0].counts.conflicts == 1
    with world.open(world.township) as town:
        [conflict] = list_conflicts(town)
        assert conflict.merge_version == village_conflict.merge_version
        resolve(town, conflict.id, None, {"联系电话": "13900000009"})
    # ...and the township's resolution settles the village's copy of the conflict.
    assert world.import_(world.return_package(), db=world.village).ok
    with world.open(world.village) as village:
        assert list_conflicts(village) == []
        assert village.get(uuid).values["联系电话"] == "13900000009"


def test_deletion_against_edit_is_a_conflict_not_a_loss(world: World) -> None:
    uuid = synced(world)
    with world.open(world.township) as town:
        town.edit(uuid, {"居住村民小组": "七组"})
    with world.open(world.village) as village:
        village.delete(uuid, "已迁出")
    summary = world.import_(world.export())
    assert summary.results[0].counts.conflicts == 1
    with world.open(world.township) as town:
        [conflict] = list_conflicts(town)
        assert conflict.kind == "delete"
        deletion = next(f for f in conflict.fields if f.field is None)
        assert (deletion.ours, deletion.theirs, deletion.merged) == (False, True, False)
        record = town.get(uuid)
        assert not record.deleted and record.values["居住村民小组"] == "七组"
        resolve(town, conflict.id, "theirs")  # the village was right: it is deleted
        assert town.get(uuid).deleted
    assert world.import_(world.return_package(), db=world.village).ok
    assert values_at(world, world.village, uuid)["_deleted"] is True


def test_conflict_rows_hold_ancestor_and_both_values(world: World) -> None:
    uuid = synced(world)
    conflicting_phones(world, uuid)
    conn = driver.connect(world.township)
    conn.row_factory = driver.Row
    row = dict(conn.execute("SELECT * FROM conflicts").fetchone())
    conn.close()
    assert row["village"] == VILLAGE_CODE and row["resolved_at"] is None and row["base_version"]
    assert json.loads(row["fields"])[0]["field"] == "联系电话"


def test_parse_takes_and_bad_choices(world: World) -> None:
    assert parse_takes(["ours"]) == ("ours", {})
    assert parse_takes(["联系电话=13900000009", "状态=theirs"]) == (None, {"联系电话": "13900000009",
                                                                        "状态": "theirs"})
    with pytest.raises(StoreError, match="ours、theirs"):
        parse_takes(["mine"])
    uuid = synced(world)
    conflicting_phones(world, uuid)
    with world.open(world.township) as town:
        conflict = list_conflicts(town)[0]
        with pytest.raises(StoreError, match="没有字段“姓名”"):
            resolve(town, conflict.id, None, {"姓名": "x"})
        with pytest.raises(StoreError, match="没有编号为 99 的冲突"):
            resolve(town, 99, "ours")


def test_a_typed_resolution_must_be_a_valid_value(world: World) -> None:
    uuid = synced(world)
    conflicting_phones(world, uuid)
    with world.open(world.township) as town:
        [conflict] = list_conflicts(town)
        with pytest.raises(StoreError, match="联系电话"):
            resolve(town, conflict.id, choices={"联系电话": "abc"})
        assert get_conflict(town, conflict.id).is_open
        resolve(town, conflict.id, choices={"联系电话": "139 0000 0003"})
        assert town.get(uuid).values["联系电话"] == "13900000003"


def test_a_conflict_found_at_the_village_reaches_the_township_review(world: World) -> None:
    """The village edits a field it has not sent yet and then imports the township's correction of
    the same field: the village has no review page, so the conflict must come up at the township."""
    uuid = synced(world)
    with world.open(world.village) as village:
        village.edit(uuid, {"联系电话": "13900000011"})  # not exported yet
    with world.open(world.township) as town:
        town.edit(uuid, {"联系电话": "13900000022"})
    assert world.return_package() is not None
    assert world.import_(world.stick, db=world.village).ok
    with world.open(world.village) as village:
        at_village = list_conflicts(village)
        assert [c.record_uuid for c in at_village] == [uuid]
    assert world.export() is not None  # the village's edit and its merge go to the township
    assert world.import_().ok
    with world.open(world.township) as town:
        open_here = [c for c in list_conflicts(town) if c.record_uuid == uuid]
        assert len(open_here) == 1, "the township must be able to review the village's conflict"
        values = {(f.ours, f.theirs) for f in open_here[0].fields if f.field == "联系电话"}
        assert values and set(next(iter(values))) == {"13900000011", "13900000022"}
        resolve(town, open_here[0].id, choices={"联系电话": "13900000033"})
    assert world.return_package() is not None
    assert world.import_(world.stick, db=world.village).ok
    with world.open(world.village) as village:
        assert village.get(uuid).values["联系电话"] == "13900000033"
        assert list_conflicts(village) == []  # the township's resolution settles the village's too
