"""A process killed with SIGKILL in the middle of writing leaves a consistent database
holding every record whose commit had returned (synchronous=FULL, one transaction per write)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sync.store import driver
from sync.store.store import Store

WRITER = textwrap.dedent(
    """
    import sys, random
    from sync.store.store import Store
    from sync.demo.village import random_person, mobile
    import datetime as dt
    store = Store.open(sys.argv[1])
    rng = random.Random(int(sys.argv[2]))
    today = dt.date(2026, 11, 21)
    print("ready", flush=True)
    while True:
        p = random_person(rng, "350322", today)
        with store.transaction():
            saved = store.add("志愿者", {"姓名": p["姓名"], "证件号码": p["id"], "注册日期": "2025-01-01",
                                        "联系电话": mobile(rng)})
            for i in range(3):
                store.add("服务记录", {"志愿者": saved.uuid, "活动名称": "巡河", "服务日期": f"2025-02-0{i + 1}",
                                       "服务时长": 2})
        print(saved.uuid, flush=True)
    """
)


def kill_during_writes(db: Path, seed: int) -> list[str]:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(seed)], stdout=subprocess.PIPE,
                            text=True, cwd=Path(__file__).resolve().parents[2])
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    committed: list[str] = []
    stop_after = random.Random(seed).randrange(1, 25)
    for line in proc.stdout:
        committed.append(line.strip())
        if len(committed) >= stop_after:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # Lines the child printed after our last read were also committed.
    committed.extend(line.strip() for line in proc.stdout.read().splitlines() if line.strip())
    return committed


def assert_consistent(db: Path, committed: list[str]) -> None:
    conn = driver.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    store = Store.open(db)
    volunteers = {r["uuid"]: r for r in store.records("volunteers")}
    for uuid in committed:
        assert uuid in volunteers, "a committed record was lost"
    for uuid, vol in volunteers.items():
        services = [r for r in store.records("volunteer_services") if r["志愿者"] == uuid]
        # All or nothing: a volunteer is never left with part of its service records.
        assert len(services) == 3
        assert vol["累计服务时长"] == 6
    # Every current row points at a version that exists, and every version at a current row.
    for table in ("volunteers", "volunteer_services"):
        orphans = store.conn.execute(
            f"SELECT COUNT(*) FROM {table} t LEFT JOIN versions v ON v.version_id = t._version "
            "WHERE v.version_id IS NULL").fetchone()[0]
        assert orphans == 0
    missing = store.conn.execute(
        "SELECT COUNT(*) FROM versions v WHERE v.register IN ('volunteers', 'volunteer_services') "
        "AND NOT EXISTS (SELECT 1 FROM volunteers WHERE uuid = v.record_uuid) "
        "AND NOT EXISTS (SELECT 1 FROM volunteer_services WHERE uuid = v.record_uuid)").fetchone()[0]
    assert missing == 0
    store.close()


@pytest.mark.parametrize("seed", range(4))
def test_sigkill_during_writes_keeps_every_committed_record(village_db: Path, seed: int) -> None:
    committed = kill_during_writes(village_db, seed)
    assert committed
    assert_consistent(village_db, committed)


@pytest.mark.slow
def test_sigkill_many_times_at_random_moments(village_db: Path) -> None:
    total: list[str] = []
    for seed in range(100, 125):
        total += kill_during_writes(village_db, seed)
        assert_consistent(village_db, total)
