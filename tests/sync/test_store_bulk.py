"""add_many: the same checks and writes as add, in one all-or-nothing transaction."""

from __future__ import annotations

import pytest
from support import person

from sync.store.bulk import RowInvalid
from sync.store.store import Store


def volunteer(i: int, number: str) -> dict[str, object]:
    return {"姓名": f"志愿者{i}", "证件号码": number, "注册日期": "2024-01-01"}


IDS = ["11010519491231002X", "440524198001010013", "350322197503010021"]


def test_add_many_matches_add(store: Store) -> None:
    saved = store.add_many("志愿者", [volunteer(i, n) for i, n in enumerate(IDS)])
    assert store.count("志愿者") == 3
    rec = store.get(saved[0].uuid)
    assert rec.values["性别"] == "女" and rec.values["出生日期"] == "1949-12-31" and rec.values["状态"] == "在册"
    (version,) = store.history(saved[0].uuid)
    assert version.values["证件号码"] == IDS[0] and version.parent_id is None
    services = store.add_many("服务记录", [
        {"志愿者": saved[0].uuid, "活动名称": "巡河", "服务日期": f"2025-01-0{d}", "服务时长": 60 if d > 9 else 20}
        for d in range(1, 6)])
    assert len(services) == 5
    assert store.get(saved[0].uuid).values["累计服务时长"] == 100
    assert store.get(saved[0].uuid).values["星级"] == "一星"


def test_a_bad_row_refuses_the_whole_batch(store: Store) -> None:
    rows = [volunteer(0, IDS[0]), volunteer(1, "440524198001010014"), volunteer(2, IDS[2])]
    with pytest.raises(RowInvalid) as exc:
        store.add_many("志愿者", rows)
    assert exc.value.index == 1 and "证件号码" in str(exc.value)
    assert store.count("志愿者") == 0
    assert store.conn.execute("SELECT COUNT(*) FROM versions WHERE register = 'volunteers'").fetchone()[0] == 0


def test_duplicates_inside_the_batch_and_against_the_database(store: Store) -> None:
    store.add("两委成员", person())
    with pytest.raises(RowInvalid, match="出现2次"):
        store.add_many("两委成员", [person(姓名="另一位")])
    with pytest.raises(RowInvalid) as exc:
        store.add_many("志愿者", [volunteer(0, IDS[0]), volunteer(1, IDS[0])])
    assert exc.value.index == 1


def test_hours_per_day_across_the_batch(store: Store) -> None:
    (vol,) = store.add_many("志愿者", [volunteer(0, IDS[0])])
    rows = [{"志愿者": vol.uuid, "活动名称": "抗洪", "服务日期": "2025-07-01", "服务时长": 12.5}] * 2
    with pytest.raises(RowInvalid, match="超过24小时"):
        store.add_many("服务记录", rows)
    assert store.count("服务记录") == 0


def test_clock_state_is_saved_with_the_batch(store: Store) -> None:
    store.add_many("志愿者", [volunteer(i, n) for i, n in enumerate(IDS)])
    saved_clock = store.conn.execute("SELECT value FROM meta WHERE key = 'hlc_last'").fetchone()[0]
    assert saved_clock == str(store.clock.last)
