"""Registers 9–10 and the profile's child list in the store and on the stick.

The 荣誉称号 list is a child of the one-per-village 村情概况: a record names its village's profile
without anyone typing it (a reference to a register of one record per village is filled by the
store), in a village and, with ``village=``, in a township. The profile's own rules run in
``check``; a package made before the profile had its new fields arrives with them empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import TODAY, VILLAGE_CODE
from sync_support import make_world, open_store

from forms.model import SCHEMA_VERSION, catalog
from sync.exchange.merge import canonical
from sync.exchange.payload import build_payload, parse_payload
from sync.store.store import Store, StoreError
from sync.store.versions import VersionRow

HONOR = {"名称": "省级民主法治示范村", "类别": "民主法治示范村", "级别": "省级", "授予年份": 2021}


@pytest.fixture
def village(tmp_path: Path) -> Store:
    Store.create_village(tmp_path / "v.db", VILLAGE_CODE, "东山村", {"户数": 612, "常住人口": 1965}).close()
    store = open_store(tmp_path / "v.db")
    yield store
    store.close()


def profile_uuid(store: Store, village: str = VILLAGE_CODE) -> str:
    return store.records("village_profile", village=village)[0]["uuid"]


def test_an_honour_belongs_to_the_village_s_profile_without_naming_it(village: Store) -> None:
    saved = village.add("village_honors", HONOR)
    assert village.get(saved.uuid).values["村"] == profile_uuid(village)
    by_name = village.add("荣誉称号", {**HONOR, "名称": "县级文明村", "类别": "文明村", "级别": "县级", "村": "东山村"})
    assert village.get(by_name.uuid).values["村"] == profile_uuid(village)
    many = village.add_many("village_honors", [{**HONOR, "名称": f"称号{i}"} for i in range(3)])
    assert {village.get(s.uuid).values["村"] for s in many} == {profile_uuid(village)}


def test_without_a_profile_the_reference_is_still_required(tmp_path: Path) -> None:
    with Store.create_township(tmp_path / "t.db", "350322111", "榜头镇") as township:
        with pytest.raises(Exception, match="村：必须填写"):
            township.add("village_honors", HONOR, village=VILLAGE_CODE)
        township.add("village_profile", {"村名": "东山村", "统计用区划代码": VILLAGE_CODE}, village=VILLAGE_CODE)
        saved = township.add("village_honors", HONOR, village=VILLAGE_CODE)
        assert township.get(saved.uuid).values["村"] == profile_uuid(township)
        with pytest.raises(StoreError, match="找不到“西山村”"):
            township.add("village_honors", {**HONOR, "村": "西山村"}, village=VILLAGE_CODE)


def test_check_runs_the_profile_s_own_rules(village: Store) -> None:
    village.edit(profile_uuid(village), {"有综合服务站": "是", "服务站建筑面积": 299.9, "其中办公面积": 60})
    found = [(i.rule, i.register) for i in village.check()]
    assert ("R-STATION-AREA", "village_profile") in found
    with pytest.raises(Exception, match="超过服务站建筑面积"):
        village.edit(profile_uuid(village), {"服务站办公面积": 400})


def test_a_profile_from_a_package_without_the_new_fields_arrives_with_them_empty() -> None:
    # A village still on the previous release sends its profile with the fields it knew.
    old = {"村名": "东山村", "统计用区划代码": VILLAGE_CODE, "户数": 612, "常住人口": 1965, "村民小组数": 8}
    row = VersionRow("a" * 32, "b" * 32, "village_profile", VILLAGE_CODE, None, None, "0001763766000000.0000",
                     "d1", "文书", False, None, canonical(old), "2026-11-21T10:00:00")
    data = build_payload(kind="data", package_id="p" * 32, village=VILLAGE_CODE, village_name="东山村",
                         installation="i" * 32, full=False, versions=[row], profile=old)
    header = {"package_id": "p" * 32, "kind": "data", "village_code": VILLAGE_CODE,
              "installation_id": "i" * 32, "schema_version": SCHEMA_VERSION}
    [version] = parse_payload(data, header, catalog(), "old.cunwu-pkg").versions
    assert version.values["户数"] == 612
    assert {version.values[n] for n in ("网格数", "有综合服务站", "服务站建筑面积", "一次性选举成功")} == {None}


def test_the_new_registers_travel_to_the_township(tmp_path: Path) -> None:
    world = make_world(tmp_path / "w", None)
    with open_store(world.village) as store:
        store.edit(profile_uuid(store), {"网格数": 6, "有综合服务站": True, "服务站建筑面积": 420})
        store.add("village_honors", HONOR)
        store.add("village_roles", {"姓名": "陈晓梅", "公民身份号码": "350322199001010020",
                                    "角色": "村民代表、网格员", "代表户数": 12})
        store.add("village_bodies", {"名称": "东山村红白理事会", "组织类型": "红白理事会", "成员数": 7})
    world.export()
    summary = world.import_()
    assert summary.ok, summary
    with open_store(world.township) as township:
        township.today = TODAY
        [roles] = township.records("village_roles", village=VILLAGE_CODE)
        assert roles["角色"] == ["村民代表", "兼职网格员"]
        [body] = township.records("village_bodies", village=VILLAGE_CODE)
        assert body["组织大类"] == "自治组织"
        [honor] = township.records("village_honors", village=VILLAGE_CODE)
        assert honor["村"] == profile_uuid(township)
        assert township.profile(VILLAGE_CODE)["网格数"] == 6
