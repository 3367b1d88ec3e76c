"""A package planned in a worker process is checked against the township's own choice lists."""

from __future__ import annotations

from sync_support import World

NEW = "心理疏导"


def _errors_of(world: World, db_path: object, activity: str) -> int:
    with world.open(db_path) as store:  # type: ignore[arg-type]
        row = store.conn.execute("SELECT _errors FROM volunteer_services WHERE 活动名称 = ?",
                                 (activity,)).fetchone()
    assert row is not None
    return int(row[0])


def test_a_worker_plans_with_the_lists_the_township_added(world: World) -> None:
    with world.open(world.village) as village:
        volunteer = village.records("volunteers")[0]["uuid"]
        # Saved with a reason before the village had the list: an error there.
        village.add("volunteer_services", {"志愿者": volunteer, "活动名称": "谈心谈话", "服务日期": "2026-10-01",
                                           "服务时长": 1.5, "服务类别": NEW}, override_reason="乡镇已同意新增类别")
    assert _errors_of(world, world.village, "谈心谈话") == 1
    with world.open(world.township) as town:
        town.add_choice_value("服务类别", NEW)
    assert world.export() is not None
    # One worker process plans the package of a village the township has never seen.
    summary = world.import_(workers=1)
    assert summary.ok and summary.count("accepted") == 1
    assert _errors_of(world, world.township, "谈心谈话") == 0
