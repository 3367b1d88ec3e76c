"""The one writer (sync/store/writer.py): a save, a bulk add, an import and a conflict's
resolution build the same rows, run the same checks against other records, and refresh the
records the definitions say depend on what they wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import person
from sync_support import World

from sync.store.bulk import RowInvalid
from sync.store.store import Store

IDS = ["11010519491231002X", "440524198001010013", "350322197503010021"]


def volunteer(name: str, number: str) -> dict[str, object]:
    return {"姓名": name, "证件号码": number, "注册日期": "2024-01-01"}


def service(volunteer_uuid: str, hours: float, day: str = "2025-07-01") -> dict[str, object]:
    return {"志愿者": volunteer_uuid, "活动名称": "巡河", "服务日期": day, "服务时长": hours}


def hours(store: Store, uuid: str) -> float:
    return store.get(uuid).values["累计服务时长"]


def counts(path: Path) -> dict[str, tuple[int, int]]:
    """Every record's stored (errors, warnings), by record."""
    with Store.open(path) as store:
        out = {}
        for reg in store.catalog.ordered(include_profile=True):
            out.update({r[0]: (r[1], r[2]) for r in store.conn.execute(
                f'SELECT uuid, _errors, _warnings FROM "{reg.key}"')})
        return out


def test_a_service_record_moved_to_another_volunteer_leaves_the_first_one_s_hours(store: Store) -> None:
    first = store.add("volunteers", volunteer("陈晓梅", IDS[0])).uuid
    second = store.add("volunteers", volunteer("林秀英", IDS[1])).uuid
    record = store.add("volunteer_services", service(first, 3)).uuid
    assert (hours(store, first), hours(store, second)) == (3, 0)
    store.edit(record, {"志愿者": second})
    # The writer reads what the record fed before it changed: the first volunteer loses the hours.
    assert (hours(store, first), hours(store, second)) == (0, 3)
    store.delete(record, "录错了")
    assert (hours(store, first), hours(store, second)) == (0, 0)


def test_a_two_committee_change_refreshes_the_supervisors_it_names(store: Store) -> None:
    member = store.add("committee_members", person()).uuid
    supervisor = store.add("supervisory_committee", {
        "姓名": "林秀英", "民族": "汉族", "公民身份号码": "350322197503010021", "政治面貌": "中共党员",
        "职务": "主任"}, override_reason="兼任").uuid
    assert store.get(supervisor).values["是否村党组织纪检委员"] is False
    store.edit(member, {"委员分工": "纪检"})
    assert store.get(supervisor).values["是否村党组织纪检委员"] is True


def test_a_bulk_add_names_the_row_over_the_day_s_hours(store: Store) -> None:
    (vol,) = store.add_many("volunteers", [volunteer("陈晓梅", IDS[0])])
    store.add("volunteer_services", service(vol.uuid, 10))
    rows = [service(vol.uuid, 8), service(vol.uuid, 8)]
    with pytest.raises(RowInvalid, match="陈晓梅在 2025-07-01 的服务时长合计26小时，超过24小时") as exc:
        store.add_many("volunteer_services", rows)
    # The second row is the one that goes over (10 + 8 + 8): its position, as for any other rule.
    assert exc.value.index == 1


def test_save_validate_and_bulk_find_the_same_duplicate(store: Store) -> None:
    store.add("volunteers", volunteer("陈晓梅", IDS[0]))
    _values, issues = store.validate("volunteers", volunteer("陈小梅", IDS[0]))
    dup = [i.message for i in issues if i.rule == "R-DUP"]
    assert len(dup) == 1 and dup[0].endswith("在本登记簿中出现2次（陈小梅、陈晓梅）")
    with pytest.raises(RowInvalid) as exc:
        store.add_many("volunteers", [volunteer("陈小梅", IDS[0])])
    assert [i.message for i in exc.value.issues if i.rule == "R-DUP"] == dup
    saved = store.add("volunteers", volunteer("陈小梅", IDS[0]), override_reason="同名不同人，待核实")
    assert [i.message for i in saved.issues if i.rule == "R-DUP"] == dup


def test_the_township_counts_imported_records_as_the_village_saved_them(world: World) -> None:
    with world.open(world.village) as village:
        first = village.add("volunteers", volunteer("赵六", IDS[1])).uuid
        # Saved with a reason: the same ID number twice (R-DUP), a day over 24 hours (R-HOURS).
        village.add("volunteers", volunteer("赵小六", IDS[1]), override_reason="待核实")
        village.add("volunteer_services", service(first, 20))
        village.add("volunteer_services", service(first, 6), override_reason="补录")
    assert world.export() is not None
    world.import_()
    in_village, in_township = counts(world.village), counts(world.township)
    assert sorted(in_village.values()).count((1, 0)) == 2  # the second 赵六 and the second service
    assert {uuid: in_township[uuid] for uuid in in_village} == in_village


def test_a_resolution_goes_through_the_writer_and_refreshes_hours(world: World) -> None:
    from sync.exchange.conflicts import list_conflicts, resolve

    with world.open(world.village) as village:
        vol = village.records("volunteers")[0]["uuid"]
        record = village.records("volunteer_services")[0]["uuid"]
    world.export()
    world.import_()
    for f in world.stick.iterdir():
        f.unlink()
    with world.open(world.township) as township:
        township.edit(record, {"服务时长": 4})
    with world.open(world.village) as village:
        village.edit(record, {"服务时长": 6})
    world.export()
    world.import_()
    with world.open(world.township) as township:
        (conflict,) = list_conflicts(township)
        resolve(township, conflict.id, "theirs")
        assert township.get(record).values["服务时长"] == 6
        assert township.get(vol).values["累计服务时长"] == 6
        (version,) = [v for v in township.history(record) if v.reason and "第" in v.reason]
        assert version.origin == "local"
