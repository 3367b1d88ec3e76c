"""sync.store.queries: what the windows read of the current rows, asked without Qt."""

from __future__ import annotations

import sqlite3

import pytest

from sync.demo.township import A, B, C
from sync.store.queries import (
    RecordLine,
    describe_records,
    flagged_records,
    interruptible,
    largest_rowid,
    parent_with_most_children,
    record_counts,
    record_titles,
    village_codes,
)
from sync.store.store import Store


@pytest.fixture
def village(demo_store: Store) -> Store:
    return demo_store


@pytest.fixture
def township(township_store: Store) -> Store:
    return township_store


def states(store: Store, register: str) -> dict[str, tuple[int, int, bool, str]]:
    """Each record's (errors, warnings, deleted, village) as its current row holds them."""
    return {r[0]: (r[1], r[2], bool(r[3]), r[4]) for r in store.conn.execute(
        f'SELECT uuid, _errors, _warnings, _deleted, _village FROM "{register}"')}


def test_record_counts_are_records_with_errors_and_with_warnings_only_deletions_left_out(township: Store) -> None:
    counts = record_counts(township)
    assert list(counts) == [r.key for r in township.catalog.ordered(include_profile=True)]
    for key, (records, errors, warnings) in counts.items():
        rows = [row for row in states(township, key).values() if not row[2]]
        assert records == len(rows) == township.count(key), key
        assert errors == sum(1 for row in rows if row[0]), key
        assert warnings == sum(1 for row in rows if not row[0] and row[1]), key
    assert counts["committee_members"][1] > 0  # the sample township keeps errors on purpose
    member = township.records("committee_members", B)[0]["uuid"]
    township.delete(member, "调离")
    after = record_counts(township, B)
    assert after["committee_members"][0] == record_counts(township)["committee_members"][0] - sum(
        record_counts(township, v)["committee_members"][0] for v in (A, C)) == township.count("committee_members", B)


def test_record_titles_name_existing_records_deleted_ones_too(village: Store) -> None:
    people = village.records("volunteers")[:3]
    village.delete(people[0]["uuid"], "重复登记")
    titles = record_titles(village, "volunteers", [p["uuid"] for p in people] + ["no-such-record", ""])
    assert titles == {p["uuid"]: p["姓名"] for p in people}
    assert record_titles(village, "volunteers", []) == {}


def test_describe_records_finds_records_of_any_register_in_one_pass_each(village: Store) -> None:
    member = village.records("committee_members")[0]
    volunteer = village.records("volunteers")[0]
    village.delete(volunteer["uuid"], "重复登记")
    found = describe_records(village, [volunteer["uuid"], member["uuid"], "nothing"], first=["volunteers"])
    errors, warnings, _deleted, _village = states(village, "committee_members")[member["uuid"]]
    assert found[member["uuid"]] == RecordLine(member["uuid"], "两委成员", member["姓名"], member["_village"],
                                               "有错误" if errors else "有警告" if warnings else "")
    assert found[volunteer["uuid"]].state == "已删除" and found[volunteer["uuid"]].register == "志愿者"
    assert "nothing" not in found


def test_flagged_records_are_a_villages_errors_then_warnings(township: Store) -> None:
    errors, warnings = flagged_records(township, B)
    rows = {u: row for reg in township.catalog.ordered() for u, row in states(township, reg.key).items()}
    mine = {u: row for u, row in rows.items() if row[3] == B and not row[2]}
    assert errors and warnings
    assert set(errors) == {u for u, row in mine.items() if row[0]}
    assert set(warnings) == {u for u, row in mine.items() if not row[0] and row[1]}
    assert len(errors) + len(warnings) == len(set(errors) | set(warnings))


def test_village_codes_and_the_largest_rowid(township: Store) -> None:
    rows = township.records("committee_members")
    codes = village_codes(township, "committee_members", [r["uuid"] for r in rows])
    assert codes == {r["uuid"]: r["_village"] for r in rows}
    assert largest_rowid(township, "committee_members") >= len(rows)
    assert largest_rowid(township, "village_rules") >= 0


def test_the_volunteer_with_most_service_records(village: Store) -> None:
    per_volunteer: dict[str, int] = {}
    for service in village.records("volunteer_services"):
        per_volunteer[service["志愿者"]] = per_volunteer.get(service["志愿者"], 0) + 1
    busiest = parent_with_most_children(village, "volunteer_services")
    assert busiest is not None and per_volunteer[busiest] == max(per_volunteer.values())
    assert parent_with_most_children(village, "committee_members") is None  # not a child register


def test_interruptible_stops_a_running_statement_once_cancelled(village: Store) -> None:
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n"
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3  # the person presses 取消 while it runs

    with interruptible(village, cancelled), pytest.raises(sqlite3.OperationalError, match="interrupt"):
        village.conn.execute(endless).fetchone()
    assert len(asked) == 4
    # outside, nothing interrupts (cancelled() still says yes): a long statement runs to its end
    counted = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) SELECT COUNT(*) FROM n"
    assert village.conn.execute(counted).fetchone()[0] == 200_000 and len(asked) == 4
