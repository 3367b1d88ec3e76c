"""Payloads signed by a real village key (an insider, or a buggy program) that break the spec
(docs/package-format.md, Payload): refused with nothing written. And an older package imported
after a newer one: harmless, accepted, and said to be outdated.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from security.forging import reforged
from sync_support import World, data_digest, record_digest

from desktop.cli import main
from sync.exchange.import_summary import ACCEPTED, REFUSED
from sync.store.store import new_id

OUTDATED = "已过时（旧数据包，未改动）"
def refused(world: World, path: Path, *fragments: str) -> None:
    before = data_digest(world.township)
    [result] = world.import_(path).results
    assert result.status == REFUSED, result.describe()
    for fragment in fragments:
        assert fragment in result.reason
    assert data_digest(world.township) == before


def test_a_parent_that_exists_nowhere_is_refused(world: World) -> None:
    package = world.export()
    assert package is not None

    def dangling(body: dict[str, Any]) -> None:
        body["versions"][0]["parent_id"] = new_id()

    refused(world, reforged(world, package, dangling), "parent_id", "指向不存在的版本")


def test_a_parent_the_township_already_holds_is_fine(world: World) -> None:
    """Incremental packages name parents sent (and acknowledged) earlier: not a dangling parent."""
    world.export()
    assert world.import_().ok
    with world.open(world.village) as store:
        uuid = store.records("committee_members")[0]["uuid"]
        store.edit(uuid, {"联系电话": "13900000077"})
    from sync.exchange.receipts_read import read_receipts

    with world.open(world.village) as store:
        read_receipts(store, world.stick)
    package = world.export()
    assert package is not None
    [result] = world.import_(package).results
    assert result.status == ACCEPTED and result.counts.updated == 1


def test_an_empty_wall_time_is_refused(world: World) -> None:
    package = world.export()
    assert package is not None

    def no_time(body: dict[str, Any]) -> None:
        body["versions"][0]["wall_time"] = ""

    refused(world, reforged(world, package, no_time), "wall_time")


@pytest.mark.parametrize("where", ["header", "payload"])
def test_full_null_is_refused(world: World, where: str) -> None:
    package = world.export()
    assert package is not None

    def null_full(body: dict[str, Any]) -> None:
        body["full"] = None

    forged = (reforged(world, package, full=None) if where == "header"
              else reforged(world, package, null_full))
    refused(world, forged, "full")


def test_an_older_package_after_a_newer_one_is_outdated_harmless_and_accepted(
        world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    older = world.export()
    with world.open(world.village) as store:
        uuid = store.records("committee_members")[0]["uuid"]
        store.edit(uuid, {"联系电话": "13900000088"})
    newer = world.export()  # holds every unconfirmed version: the older package's too
    assert older is not None and newer is not None
    assert world.import_(newer).ok
    before = record_digest(world.township)
    code = main(["import-package", str(world.township), str(older)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert f"{OUTDATED} {older.name}" in out and "（其中已过时 1）" in out
    assert record_digest(world.township) == before  # no record changed
    log = json.loads(_log(world, capsys))
    assert [r["reason"] for r in log if Path(r["file"]).name == older.name] == [OUTDATED]


def _log(world: World, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["import-log", str(world.township), "--json"]) == 0
    return capsys.readouterr().out
