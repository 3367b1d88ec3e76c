"""Schema 3 (the 村务 registers): a township on this version takes packages from villages still on
schema 2, the new registers travel with their links, and a program on schema 2 refuses a schema-3
package with a message to update (sync.md, "Schema versions")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support import TOWNSHIP_CODE, VILLAGE_CODE
from sync_support import World

from forms.model import SCHEMA_VERSION, catalog
from sync.exchange import payload as payload_module
from sync.exchange.identity import enrolled_township, local_keys
from sync.exchange.import_summary import ACCEPTED, REFUSED
from sync.exchange.keys import encryption_public_key_from_bytes, to_b64
from sync.exchange.package_read import read_package
from sync.exchange.package_write import write_package
from sync.exchange.village_secret import proof_fields
from sync.store.store import new_id

NEW_REGISTERS = ("major_decisions", "meetings", "disclosures")


def test_this_version_is_schema_3() -> None:
    assert SCHEMA_VERSION == 3 and 2 in payload_module.PAYLOAD_MIGRATIONS


def _payload(world: World, package: Path) -> dict[str, Any]:
    with world.open(world.township) as town:
        keys = local_keys(town)
    assert keys is not None
    return json.loads(read_package(package, keys.encryption).payload)


def _as_schema(world: World, body: dict[str, Any], schema: int) -> Path:
    """The village's package rewritten as a village program on ``schema`` would have written it,
    signed with the village's own keys."""
    with world.open(world.village) as village:
        keys, link, device = local_keys(village), enrolled_township(village), village.device_id
        assert keys is not None and link is not None
        header = {"package_id": new_id(), "kind": "data", "village_code": VILLAGE_CODE,
                  "village_name": "东山村", "installation_id": device, "sequence": 1,
                  "created": "2026-11-21T10:00:00+08:00", "schema_version": schema,
                  "township_code": TOWNSHIP_CODE,
                  "sender_encryption_key": to_b64(keys.encryption_public_bytes)}
        header.update(proof_fields(village, VILLAGE_CODE, to_b64(keys.signing_public_bytes),
                                   header["sender_encryption_key"]))
    body = {**body, "package_id": header["package_id"], "schema_version": schema}
    target = world.root / "old"
    target.mkdir(exist_ok=True)
    return write_package(target, f"schema{schema}.cunwu-pkg", header,
                         json.dumps(body, ensure_ascii=False).encode(), keys.signing,
                         encryption_public_key_from_bytes(link.encryption_public_bytes))


def test_a_township_on_schema_3_takes_a_package_from_a_village_on_schema_2(world: World) -> None:
    package = world.export()
    assert package is not None
    body = _payload(world, package)
    # A schema-2 program knows none of the new registers.
    assert not any(v["register"] in NEW_REGISTERS for v in body["versions"])
    old = _as_schema(world, body, 2)
    summary = world.import_(old)
    [result] = summary.results
    assert result.status == ACCEPTED, result.describe()
    with world.open(world.township) as town:
        assert town.count("committee_members") == 2 and town.count("volunteers") == 1
        assert all(town.count(key) == 0 for key in NEW_REGISTERS)


def test_the_new_registers_travel_with_their_links(world: World) -> None:
    with world.open(world.village) as village:
        matter = village.add("major_decisions", {
            "事项名称": "村道硬化筹资筹劳", "事项类别": "公益事业兴办及筹资筹劳", "提议日期": "2026-03-02",
            "商议日期": "2026-03-05", "审议日期": "2026-03-10", "决议会议": "村民会议", "应到人数": 300,
            "实到人数": 180, "其中妇女": 70, "赞成": 170, "反对": 6, "弃权": 4, "决议日期": "2026-03-15",
            "决议公开日期": "2026-03-16", "实施情况": "实施中"}).uuid
        village.add("meetings", {"会议类型": "村民会议", "会议日期": "2026-03-15", "议题": "村道硬化筹资筹劳",
                                 "关联事项": matter, "应到人数": 300, "实到人数": 180})
        village.add("disclosures", {"公开日期": "2026-03-16", "公开类别": "村务", "公开标题": "村道硬化决议",
                                    "公开内容": ["重大事项决议"], "关联事项": matter})
    package = world.export()
    assert package is not None
    summary = world.import_(package)
    assert summary.ok, summary.results[0].describe()
    with world.open(world.township) as town:
        [decision] = town.records("major_decisions")
        assert decision["是否通过"] is True and decision["完成步骤"] == 5
        [meeting] = town.records("meetings")
        [posting] = town.records("disclosures")
        assert meeting["关联事项"] == posting["关联事项"] == matter


def test_a_program_on_schema_2_refuses_a_schema_3_package_asking_to_update(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    package = world.export()
    assert package is not None
    monkeypatch.setattr(payload_module, "SCHEMA_VERSION", 2)
    summary = world.import_(package)
    [result] = summary.results
    assert result.status == REFUSED
    assert "第 3 版，本程序为第 2 版" in result.reason and "请升级村务台账" in result.reason


def test_a_schema_4_package_is_refused_by_this_version(world: World) -> None:
    package = world.export()
    assert package is not None
    newer = _as_schema(world, _payload(world, package), 4)
    [result] = world.import_(newer).results
    assert result.status == REFUSED and "第 4 版，本程序为第 3 版" in result.reason


def test_every_register_of_schema_3_is_in_the_catalog() -> None:
    assert set(NEW_REGISTERS) <= set(catalog().registers)
