"""Register-definition versions in packages: older ones are migrated, newer ones refused."""

from __future__ import annotations

from typing import Any

import pytest

from forms.model import SCHEMA_VERSION, catalog
from sync.exchange import payload as payload_module
from sync.exchange.merge import canonical
from sync.exchange.payload import PayloadError, build_payload, parse_payload
from sync.store.versions import VersionRow

VILLAGE = "350322111202"


def _header(**overrides: Any) -> dict[str, Any]:
    return {"package_id": "p" * 32, "kind": "data", "village_code": VILLAGE, "installation_id": "i" * 32,
            "schema_version": SCHEMA_VERSION, **overrides}


def _version(values: dict[str, Any]) -> VersionRow:
    return VersionRow("a" * 32, "b" * 32, "volunteers", VILLAGE, None, None, "0001763766000000.0000", "d1",
                      "文书", False, None, canonical(values), "2026-11-21T10:00:00")


def test_payload_round_trip() -> None:
    data = build_payload(kind="data", package_id="p" * 32, village=VILLAGE, village_name="东山村",
                         installation="i" * 32, full=False, versions=[_version({"姓名": "陈晓梅"})],
                         profile={"村名": "东山村"})
    parsed = parse_payload(data, _header(), catalog(), "x.cunwu-pkg")
    [v] = parsed.versions
    assert v.values["姓名"] == "陈晓梅" and v.values["联系电话"] is None  # missing fields become empty
    assert parsed.counts == {"volunteers": {"new": 1, "changed": 0, "deleted": 0, "versions": 1}}
    assert parsed.profile == {"村名": "东山村"}


def test_older_definitions_are_migrated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend this program is one definition version ahead, with a migration that renames
    a field: a package made with the older definitions is brought up to date."""
    data = build_payload(kind="data", package_id="p" * 32, village=VILLAGE, village_name=None,
                         installation="i" * 32, full=False, versions=[_version({"姓名": "陈晓梅"})],
                         profile=None)

    def rename(body: dict[str, Any]) -> dict[str, Any]:
        import json

        for version in body["versions"]:
            values = json.loads(version["data"])
            values["姓名"] = values.pop("姓名") + "（迁移）"
            version["data"] = json.dumps(values, ensure_ascii=False)
        return {**body, "schema_version": body["schema_version"] + 1}

    monkeypatch.setattr(payload_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(payload_module.PAYLOAD_MIGRATIONS, SCHEMA_VERSION, rename)
    parsed = parse_payload(data, _header(), catalog(), "old.cunwu-pkg")
    assert parsed.schema_version == SCHEMA_VERSION + 1
    assert parsed.versions[0].values["姓名"] == "陈晓梅（迁移）"


def test_newer_definitions_are_refused_with_an_upgrade_message() -> None:
    data = build_payload(kind="data", package_id="p" * 32, village=VILLAGE, village_name=None,
                         installation="i" * 32, full=False, versions=[], profile=None)
    newer = data.replace(f'"schema_version":{SCHEMA_VERSION}'.encode(),
                         f'"schema_version":{SCHEMA_VERSION + 1}'.encode())
    with pytest.raises(PayloadError, match="请升级村务台账"):
        parse_payload(newer, _header(schema_version=SCHEMA_VERSION + 1), catalog(), "new.cunwu-pkg")


def _parse(values: dict[str, Any]) -> VersionRow:
    data = build_payload(kind="data", package_id="p" * 32, village=VILLAGE, village_name="东山村",
                         installation="i" * 32, full=False, versions=[_version(values)], profile=None)
    [v] = parse_payload(data, _header(), catalog(), "x.cunwu-pkg").versions
    return v


def test_the_reader_asks_each_field_type_whether_a_value_is_canonical(monkeypatch: pytest.MonkeyPatch) -> None:
    """No list of canonical forms of its own: the phone type is the judge of a phone number."""
    assert _parse({"姓名": "陈晓梅", "联系电话": "13812345678"}).values["联系电话"] == "13812345678"
    phone = catalog().registers["volunteers"].field("联系电话").type
    monkeypatch.setattr(phone, "is_canonical", lambda value: value.isdigit())
    assert _parse({"姓名": "陈晓梅", "联系电话": "13812345678"}).values["联系电话"] == "13812345678"
    with pytest.raises(PayloadError, match="联系电话"):
        _parse({"姓名": "陈晓梅", "联系电话": "0594-1234567"})
    for bad in ({"注册日期": "2026/03/18"}, {"服务技能": "农技"}, {"姓名": 5}):
        with pytest.raises(PayloadError, match=next(iter(bad))):
            _parse({"姓名": "陈晓梅", **bad})
