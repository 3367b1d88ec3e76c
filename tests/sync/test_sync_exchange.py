"""Village → township → village: export, import, receipts, idempotency, order, return packages."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import VILLAGE_CODE
from sync_support import World, data_digest, record_digest

from sync.exchange.exporter import export_package, preview_export, sync_status
from sync.exchange.import_summary import ACCEPTED, DUPLICATE, SKIPPED
from sync.exchange.package_file import find_packages
from sync.exchange.package_read import peek_header
from sync.exchange.receipt import find_receipts
from sync.progress import Cancelled
from sync.store import driver
from sync.store.backup import list_backups
from sync.store.store import StoreError


def current_rows(db: Path, register: str) -> list[tuple[object, ...]]:
    """The register's current rows without the per-database columns (created/modified stay)."""
    conn = driver.connect(db)
    try:
        return sorted(conn.execute(f'SELECT * FROM "{register}"').fetchall())
    finally:
        conn.close()


def test_first_import_brings_every_record(demo_world: World) -> None:
    package = demo_world.export()
    assert package is not None and package.parent == demo_world.stick
    summary = demo_world.import_()
    result = summary.results[0]
    assert summary.ok and result.status == ACCEPTED
    with demo_world.open(demo_world.village) as village, demo_world.open(demo_world.township) as town:
        for reg in village.catalog.ordered(include_profile=True):
            assert town.count(reg.key, village=VILLAGE_CODE) == village.count(reg.key), reg.key
        expected = sum(village.count(reg.key) for reg in village.catalog.ordered(include_profile=True))
        assert result.counts.new == expected
        # Computed fields and error counts are worked out again at the township.
        mine = {r["uuid"]: r for r in village.records("volunteers")}
        for row in town.records("volunteers", village=VILLAGE_CODE):
            assert row["累计服务时长"] == mine[row["uuid"]]["累计服务时长"]
            assert row["星级"] == mine[row["uuid"]]["星级"]
    # The township's current rows equal the village's, column for column, except
    # when this database saw them (created/modified stay those of the village's versions).
    for register in ("committee_members", "volunteers", "volunteer_services", "supervisory_committee"):
        assert current_rows(demo_world.township, register) == current_rows(demo_world.village, register)


def test_reimport_is_a_duplicate_and_changes_nothing(world: World) -> None:
    world.export()
    assert world.import_().ok
    before = data_digest(world.township)
    again = world.import_()
    assert again.ok and [r.status for r in again.results] == [DUPLICATE]
    assert "已导入过" in again.results[0].describe()
    assert data_digest(world.township) == before
    assert again.backup is None  # nothing to apply, no backup needed


def test_receipt_is_written_and_marks_versions_delivered(world: World) -> None:
    package = world.export()
    assert package is not None
    with world.open(world.village) as village:
        assert sync_status(village).pending == 0 and sync_status(village).unacknowledged > 0
    world.import_()
    with world.open(world.village) as village:
        receipts = find_receipts(world.stick, village.device_id)
        assert [p.name for p in receipts] == [package.name.replace(".cunwu-pkg", ".cunwu-receipt")]
        result = export_package(village, world.stick)
        assert result.path is None and result.nothing_to_send
        assert [r.ok for r in result.receipts] == [True]
        status = sync_status(village)
        assert status.unacknowledged == 0 and status.last_receipt


def test_nothing_to_send_writes_nothing_unless_full(world: World) -> None:
    world.export()
    world.import_()
    world.export()  # reads the receipt: everything acknowledged
    names = sorted(p.name for p in world.stick.iterdir())
    assert world.export() is None
    assert sorted(p.name for p in world.stick.iterdir()) == names
    full = world.export(full=True)
    assert full is not None and peek_header(full).header["full"] is True
    summary = world.import_(full)
    assert summary.results[0].counts.new == 0 and summary.results[0].counts.updated == 0


def test_incremental_export_sends_only_what_is_not_acknowledged(world: World) -> None:
    world.export()
    world.import_()
    with world.open(world.village) as village:
        uuid = village.records("volunteers")[0]["uuid"]
        village.edit(uuid, {"联系电话": "13900000001"})
        result = export_package(village, world.stick)
        assert result.path is not None
        assert [v.record_uuid for v in result.preview.versions] == [uuid]
        assert result.preview.counts["volunteers"]["changed"] == 1
    summary = world.import_(result.path)
    assert summary.results[0].counts.updated == 1
    with world.open(world.township) as town:
        assert town.get(uuid).values["联系电话"] == "13900000001"


def test_lost_stick_means_sending_again(world: World, tmp_path: Path) -> None:
    lost = tmp_path / "lost-stick"
    lost.mkdir()
    world.export(out=lost)  # this stick never reaches the township
    with world.open(world.village) as village:
        uuid = village.records("volunteers")[0]["uuid"]
        village.edit(uuid, {"联系电话": "13900000001"})
    package = world.export()
    assert package is not None
    summary = world.import_(package)
    with world.open(world.village) as village, world.open(world.township) as town:
        assert summary.results[0].counts.new == sum(village.count(r.key) for r in
                                                    village.catalog.ordered(include_profile=True))
        assert town.get(uuid).values["联系电话"] == "13900000001"


def test_older_package_after_newer_changes_nothing(world: World) -> None:
    with world.open(world.village) as village:
        uuid = village.records("volunteers")[0]["uuid"]
        first = export_package(village, world.stick).path
        village.edit(uuid, {"联系电话": "13900000001"})
        second = export_package(village, world.stick).path
    assert first and second
    assert world.import_(second).ok
    before = record_digest(world.township)
    late = world.import_(first)
    assert late.ok and late.results[0].status == ACCEPTED
    assert late.results[0].counts.updated == 0 and late.results[0].counts.new == 0
    assert record_digest(world.township) == before
    with world.open(world.township) as town:
        assert town.get(uuid).values["联系电话"] == "13900000001"


def test_a_folder_is_imported_in_sequence_order(world: World) -> None:
    with world.open(world.village) as village:
        uuid = village.records("volunteers")[0]["uuid"]
        paths = []
        for phone in ("13900000001", "13900000002", "13900000003"):
            village.edit(uuid, {"联系电话": phone})
            paths.append(export_package(village, world.stick).path)
    progress: list[tuple[int, int, str]] = []
    summary = world.import_(world.stick, progress=lambda done, total, msg: progress.append((done, total, msg)))
    assert [r.sequence for r in summary.results] == [1, 2, 3]
    assert progress[-1][0] == progress[-1][1] == 3
    with world.open(world.township) as town:
        assert town.get(uuid).values["联系电话"] == "13900000003"
    assert len(find_packages(world.stick)) == 3


def two_packages(world: World) -> None:
    with world.open(world.village) as village:
        uuid = village.records("volunteers")[0]["uuid"]
        export_package(village, world.stick)
        village.edit(uuid, {"联系电话": "13900000001"})
        export_package(village, world.stick)


def test_cancel_stops_between_packages(world: World) -> None:
    two_packages(world)
    calls = []
    progress: list[str] = []
    summary = world.import_(cancel=lambda: bool(calls.append(1)) or len(calls) > 1,
                            progress=lambda done, total, message: progress.append(message))
    assert summary.cancelled and [r.sequence for r in summary.results] == [1]
    assert progress[-1] == "导入已取消"
    with world.open(world.township) as town:  # the package applied before the cancel is kept
        assert town.conn.execute("SELECT COUNT(*) FROM imported_packages").fetchone()[0] == 1


def test_a_progress_that_asks_to_stop_stops_between_packages(world: World) -> None:
    # The one Progress (sync.progress): False asks the work to stop, as everywhere else.
    two_packages(world)
    told: list[str] = []

    def progress(done: int, total: int, message: str) -> bool:
        told.append(message)
        return not message.startswith("正在导入") or done < 1

    summary = world.import_(progress=progress)
    assert summary.cancelled and [r.sequence for r in summary.results] == [1]
    assert told[-1] == "导入已取消"


def test_an_export_stopped_by_its_progress_writes_nothing(world: World) -> None:
    with world.open(world.village) as village:
        with pytest.raises(Cancelled, match="没有生成数据包"):
            export_package(village, world.stick, progress=lambda done, total, message: done < 2)
        assert village.conn.execute("SELECT COUNT(*) FROM exports").fetchone()[0] == 0
    assert find_packages(world.stick) == []


def test_backup_is_made_before_applying(world: World) -> None:
    world.export()
    summary = world.import_()
    assert summary.backup is not None and summary.backup.exists()
    assert list_backups(world.township) == [summary.backup]


def test_import_log_and_villages_tables(world: World) -> None:
    world.export()
    world.import_()
    world.import_()
    conn = driver.connect(world.township)
    conn.row_factory = driver.Row
    log = [dict(r) for r in conn.execute("SELECT * FROM import_log ORDER BY id")]
    assert [r["status"] for r in log] == ["accepted", "duplicate"]
    assert log[0]["village"] == VILLAGE_CODE and log[0]["sequence"] == 1 and log[0]["new"] > 0
    assert log[0]["package_created"] and log[0]["imported_at"] and log[0]["user"]
    village = dict(conn.execute("SELECT * FROM villages").fetchone())
    assert village["code"] == VILLAGE_CODE and village["name"] == "东山村"
    assert village["last_sequence"] == 1 and village["packages"] == 1
    conn.close()


def test_return_package_brings_township_corrections_and_settings(world: World) -> None:
    world.export()
    world.import_()
    with world.open(world.township) as town:
        uuid = town.records("volunteers", village=VILLAGE_CODE)[0]["uuid"]
        town.edit(uuid, {"居住村民小组": "五组"})
        town.set_setting("term_years", 3)
        path = export_package(town, world.stick, for_village=VILLAGE_CODE).path
    assert path is not None and "乡镇返回" in path.name
    summary = world.import_(world.stick, db=world.village)
    statuses = {r.path.name: r.status for r in summary.results}
    assert statuses[path.name] == ACCEPTED
    assert SKIPPED in statuses.values()  # the village's own package on the stick is skipped
    with world.open(world.village) as village:
        assert village.get(uuid).values["居住村民小组"] == "五组"
        assert village.settings()["term_years"] == 3
        # What came from the township is not sent back to it.
        assert export_package(village, world.stick).path is None
    with world.open(world.township) as town:
        # The village's receipt acknowledges the return package: nothing new to return.
        again = export_package(town, world.stick, for_village=VILLAGE_CODE)
        assert again.path is None and [r.ok for r in again.receipts] == [True]


def test_return_package_needs_a_known_village_pc(world: World) -> None:
    with world.open(world.township) as town, pytest.raises(StoreError, match="还没有收到村"):
        export_package(town, world.stick, for_village=VILLAGE_CODE)


def test_village_must_be_enrolled_before_export(tmp_path: Path) -> None:
    from sync.store.store import Store

    with Store.create_village(tmp_path / "v.db", VILLAGE_CODE, "东山村") as store, \
            pytest.raises(StoreError, match="注册文件"):
        export_package(store, tmp_path)


def test_preview_counts_per_register(world: World) -> None:
    with world.open(world.village) as village:
        preview = preview_export(village)
        assert preview.counts["committee_members"]["new"] == 2
        assert preview.counts["volunteer_services"]["new"] == 1
        assert preview.totals()["new"] == 5  # profile, 2 members, volunteer, service


def test_village_skips_packages_for_other_villages_on_a_shared_stick(world: World) -> None:
    from sync.exchange.identity import enroll
    from sync.store.store import Store

    other = world.root / "other-village.db"
    with Store.create_village(other, "350322111203", "西山村") as store:
        enroll(store, world.enrollment_for("350322111203"))
    world.export()
    world.export(other)
    assert world.import_().ok
    world.return_package(full=True)
    world.return_package(full=True, village="350322111203")
    summary = world.import_(db=world.village)
    assert summary.ok
    by_status = sorted((r.status, r.village or "") for r in summary.results)
    # Its return package is imported; its own package and the other village's two are skipped.
    assert by_status == [(ACCEPTED, VILLAGE_CODE), (SKIPPED, VILLAGE_CODE), (SKIPPED, "350322111203"),
                         (SKIPPED, "350322111203")]


def test_deletion_travels_and_can_be_undone(world: World) -> None:
    world.export()
    world.import_()
    world.export()
    with world.open(world.village) as village:
        uuid = village.records("volunteers")[0]["uuid"]
        village.delete(uuid, "迁出本村")
    summary = world.import_(world.export())
    assert summary.results[0].counts.deleted == 1
    with world.open(world.township) as town:
        record = town.get(uuid)
        assert record.deleted
        tombstone = town.history(uuid)[-1]
        assert tombstone.deleted and tombstone.reason == "迁出本村" and tombstone.user
    with world.open(world.village) as village:
        village.restore(uuid)
    summary = world.import_(world.export())
    assert summary.results[0].counts.updated == 1
    with world.open(world.township) as town:
        assert not town.get(uuid).deleted


def test_settings_go_again_until_a_receipt_confirms_them(world: World, tmp_path: Path) -> None:
    world.export()
    world.import_()
    with world.open(world.township) as town:
        town.set_setting("term_years", 3)
        (tmp_path / "lost-stick").mkdir()
        lost = export_package(town, tmp_path / "lost-stick", for_village=VILLAGE_CODE)
        assert lost.path is not None  # this stick never reaches the village
        again = export_package(town, world.stick, for_village=VILLAGE_CODE)
        assert again.path is not None, "settings not yet confirmed by a receipt must be sent again"
    world.import_(world.stick, db=world.village)
    with world.open(world.village) as village:
        assert village.settings()["term_years"] == 3
    with world.open(world.township) as town:
        assert export_package(town, world.stick, for_village=VILLAGE_CODE).path is None
