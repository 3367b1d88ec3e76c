"""What the sync windows ask, answered by the core without Qt: sync.exchange.status (who we are,
what is not exported, what the township received, a recovery's progress, the township's counts,
names and import log), sync.exchange.stick (plan an export, import a stick) and
sync.exchange.conflict_detail (a conflict for review)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import TODAY, TOWNSHIP_CODE, VILLAGE_CODE
from sync_support import World, open_store

from sync.exchange.conflict_detail import conflict_detail
from sync.exchange.conflicts import list_conflicts
from sync.exchange.exporter import export_package
from sync.exchange.status import (
    delivery_report,
    export_status,
    identity,
    import_log,
    open_conflict_count,
    recovery_state,
    township_counts,
    village_names,
)
from sync.exchange.stick import NotEnrolled, import_stick, plan_export, return_packages
from sync.store.queries import record_counts
from sync.store.store import Store, StoreError
from sync.store.users import ADMIN, CLERK, User


def local_versions(store: Store) -> int:
    return sum(len(store.history(r["uuid"])) for reg in store.catalog.ordered(include_profile=True)
               for r in store.records(reg.key, include_deleted=True))


def test_identity_of_a_village_and_of_its_township(world: World) -> None:
    with world.open(world.village) as village:
        me = identity(village)
        assert (me.is_township, me.code, me.name) == (False, VILLAGE_CODE, "东山村")
        assert me.township is not None and me.township.township_code == TOWNSHIP_CODE
        assert me.own_fingerprint
    with world.open(world.township) as town:
        it = identity(town)
        assert (it.is_township, it.code, it.name, it.township) == (True, TOWNSHIP_CODE, "榜头镇", None)


def test_a_village_not_enrolled_is_told_where_to_enroll(tmp_path: Path) -> None:
    with Store.create_village(tmp_path / "v.db", VILLAGE_CODE, "东山村", {"常住人口": 10}) as village:
        assert identity(village).township is None
        for ask in (lambda: plan_export(village, None), lambda: delivery_report(village, None)):
            with pytest.raises(NotEnrolled, match="导入乡镇注册文件"):
                ask()
        stick = tmp_path / "stick"
        stick.mkdir()
        with pytest.raises(NotEnrolled):
            import_stick(village, stick)


def test_export_status_counts_what_is_not_exported_and_sees_an_export_made_elsewhere(world: World) -> None:
    with world.open(world.village) as village:
        before = export_status(village)
        assert before.last_export is None and before.pending == local_versions(village) > 0
        # The window's worker exports on its own connection: this store's meta is not told.
        with open_store(world.village) as worker:
            assert export_package(worker, world.stick).path is not None
        after = export_status(village)
        assert after.pending == 0 and after.last_export is not None
        assert village.meta.get("last_export") is None
        village.edit(village.records("volunteers")[0]["uuid"], {"居住村民小组": "二组"})
        assert export_status(village).pending == 1


def test_plan_export_reads_the_receipts_on_the_stick_first_and_counts_what_goes_again(world: World) -> None:
    with world.open(world.village) as village:
        plan = plan_export(village, world.stick)
        assert not plan.nothing_to_send and plan.receipts == [] and plan.resent == 0
        assert {r.key for r in plan.registers} >= {"committee_members", "volunteers"}
        assert [r.key for r in plan.registers] == [
            reg.key for reg in village.catalog.ordered(include_profile=True) if reg.key in plan.preview.counts]
        members = next(r for r in plan.registers if r.key == "committee_members")
        assert members.new == village.count("committee_members")
    world.export()
    with world.open(world.village) as village:
        again = plan_export(village, world.root / "other-stick")  # the receipt is not there
        assert again.resent == len(again.preview.versions) > 0
    world.import_()  # the township writes its receipt on the stick
    with world.open(world.village) as village:
        read = plan_export(village, world.stick)
        assert [r.ok for r in read.receipts] == [True] and read.nothing_to_send


def test_delivery_report_says_per_register_what_the_township_received(world: World) -> None:
    with world.open(world.village) as village:
        report = delivery_report(village, None)
        assert report.township == f"榜头镇（{TOWNSHIP_CODE}）" and report.packages == []
        received, waiting, not_sent = report.totals()
        assert (received, waiting) == (0, 0) and not_sent == local_versions(village)
        with pytest.raises(StoreError, match="不存在"):
            delivery_report(village, world.root / "no-stick")
    package = world.export()
    world.import_()
    with world.open(world.village) as village:
        report = delivery_report(village, world.stick)
        assert report.newly_acknowledged == local_versions(village)
        assert [p.file for p in report.packages] == [package.name] and report.packages[0].acked_at
        assert report.totals() == (local_versions(village), 0, 0)
        members = next(r for r in report.registers if r.key == "committee_members")
        assert members.received == 2  # the two members of the small village, one version each


def test_a_stick_import_at_the_township_and_in_the_village(world: World) -> None:
    outgoing = world.export()
    with world.open(world.township) as town:
        done = import_stick(town, world.stick)
        assert done.summary.ok and [r.status for r in done.summary.results] == ["accepted"]
        assert done.nearby == [] and done.ignored == 0
        returned = export_package(town, world.stick, full=True, for_village=VILLAGE_CODE).path
    assert outgoing is not None and returned is not None
    with world.open(world.village) as village:
        # the village's own package on the same stick is the township's, not this village's to import
        assert return_packages(village, world.stick) == ([returned], 1)
        back = import_stick(village, world.stick)
        assert back.ignored == 1 and back.summary.ok
        assert [r.status for r in back.summary.results] == ["accepted"]
        assert back.open_conflicts == {}


def test_an_empty_folder_points_to_the_subfolder_that_holds_packages(world: World) -> None:
    world.export()
    inner = world.stick / "村务数据包"
    inner.mkdir()
    for package in world.stick.glob("*.cunwu-pkg"):
        package.rename(inner / package.name)
    with world.open(world.township) as town:
        found = import_stick(town, world.stick)
        assert found.summary.results == [] and found.nearby == [(inner, 1)]
        with pytest.raises(StoreError, match="请先插好U盘"):
            import_stick(town, world.root / "no-such-stick")


def test_township_counts_names_and_import_log(world: World) -> None:
    first = world.export()
    world.import_()
    world.import_()  # the same package again: logged as a duplicate
    with world.open(world.township) as town:
        counts = township_counts(town)
        assert counts.registers == record_counts(town) and counts.registers["committee_members"][0] == 2
        assert counts.open_conflicts == open_conflict_count(town) == 0
        assert counts.villages == village_names(town) == [(VILLAGE_CODE, "东山村")]
        log = import_log(town)
        assert [r["status"] for r in log] == ["duplicate", "accepted"]  # newest first
        assert [r["status"] for r in import_log(town, newest_first=False)] == ["accepted", "duplicate"]
        assert all(r["file"].endswith(first.name) for r in log)
        assert import_log(town, "350322111299") == [] and len(import_log(town, VILLAGE_CODE)) == 2


def conflicting_phones(world: World) -> str:
    world.export()
    world.import_()
    world.export()  # reads the receipt
    with world.open(world.village) as village:
        uuid = village.records("volunteers")[0]["uuid"]
        village.edit(uuid, {"联系电话": "13900000001"})
    with world.open(world.township) as town:
        town.edit(uuid, {"联系电话": "13900000002"})
    world.import_(world.export())
    return uuid


def test_a_conflict_for_review_with_its_versions_and_who_may_resolve_it(world: World) -> None:
    uuid = conflicting_phones(world)
    with world.open(world.township) as town:
        assert open_conflict_count(town) == open_conflict_count(town, VILLAGE_CODE) == 1
        assert open_conflict_count(town, "350322111299") == 0
        conflict = list_conflicts(town)[0]
        detail = conflict_detail(town, conflict.id)
        assert detail.conflict.record_uuid == uuid and detail.village_name == "东山村"
        assert "联系电话" in detail.conflicting
        assert {detail.ours.values["联系电话"], detail.theirs.values["联系电话"]} == {"13900000001", "13900000002"}
        assert detail.base is not None and detail.base.values["联系电话"] not in ("13900000001", "13900000002")
        assert detail.current["联系电话"] in ("13900000001", "13900000002") and not detail.current_deleted
        assert detail.can_resolve and detail.why_not == ""
        assert "联系电话" in [f.name for f in detail.fields]
    with Store.open(world.township, User("clerk", CLERK, "文书")) as town:
        town.today = TODAY
        clerk_view = conflict_detail(town, list_conflicts(town)[0].id)
        assert not clerk_view.can_resolve and clerk_view.why_not == "用户“clerk”（填报员）不能在乡镇数据库中解决冲突：只有管理员可以"
    with Store.open(world.township, User("admin", ADMIN, "管理员")) as town:
        assert conflict_detail(town, list_conflicts(town)[0].id).can_resolve


def test_recovery_state_counts_records_and_return_packages_imported(world: World) -> None:
    with world.open(world.village) as village:
        state = recovery_state(village)
        assert state.township is not None and state.own_fingerprint
        assert state.records == sum(village.count(r.key) for r in village.catalog.ordered()) > 0
        assert state.returns_imported == 0
    world.export()
    world.import_()
    with world.open(world.township) as town:
        assert export_package(town, world.stick, full=True, for_village=VILLAGE_CODE).path is not None
    with world.open(world.village) as village:
        assert import_stick(village, world.stick).summary.ok
        assert recovery_state(village).returns_imported == 1
