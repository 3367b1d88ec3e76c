"""Every kind of bad package is refused in Chinese and leaves the township's data byte for byte."""

from __future__ import annotations

import json
import random
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from support import TOWNSHIP_CODE, VILLAGE_CODE
from sync_support import World, data_digest

from forms.model import SCHEMA_VERSION
from sync.exchange.identity import enrolled_township, local_keys
from sync.exchange.import_summary import ACCEPTED, REFUSED
from sync.exchange.keys import KeySet, encryption_public_key_from_bytes, to_b64
from sync.exchange.package_write import write_package
from sync.exchange.package_zip import build_zip
from sync.exchange.payload import PAYLOAD_VERSION
from sync.exchange.township import enroll_village
from sync.exchange.village_secret import proof_fields
from sync.store.store import Store, new_id


def refused(world: World, path: Path, *fragments: str, **options: Any) -> str:
    """Import ``path``: it must be refused with a Chinese reason and change no data."""
    before = data_digest(world.township)
    summary = world.import_(path, **options)
    [result] = summary.results
    assert result.status == REFUSED, result.describe()
    assert not summary.ok
    for fragment in fragments:
        assert fragment in result.reason, result.reason
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.reason)
    assert data_digest(world.township) == before
    return result.reason


def payload_of(world: World, package: Path) -> dict[str, Any]:
    from sync.exchange.package_read import read_package

    with world.open(world.township) as town:
        keys = local_keys(town)
    assert keys is not None
    return json.loads(read_package(package, keys.encryption).payload)


def forge(world: World, name: str, body: dict[str, Any] | bytes, *, keys: KeySet | None = None,
          recipient: bytes | None = None, **header: Any) -> Path:
    """A package made outside the exporter (signed with the village's key unless told)."""
    with world.open(world.village) as village:
        keys = keys or local_keys(village)
        link = enrolled_township(village)
        device = village.device_id
    assert keys is not None and link is not None
    full_header = {"package_id": new_id(), "kind": "data", "village_code": VILLAGE_CODE,
                   "village_name": "东山村", "installation_id": device, "sequence": 9,
                   "created": "2026-11-21T10:00:00+08:00", "schema_version": SCHEMA_VERSION,
                   "township_code": TOWNSHIP_CODE, "sender_encryption_key": to_b64(keys.encryption_public_bytes)}
    with world.open(world.village) as village:  # an insider: the village's own enrollment proof
        full_header.update(proof_fields(village, VILLAGE_CODE, to_b64(keys.signing_public_bytes),
                                        full_header["sender_encryption_key"]))
    full_header.update(header)
    if isinstance(body, dict):
        body = {**body, "package_id": full_header["package_id"], "kind": full_header["kind"],
                "village_code": full_header["village_code"], "installation_id": full_header["installation_id"],
                "schema_version": full_header["schema_version"]}
        data = json.dumps(body, ensure_ascii=False).encode()
    else:
        data = body
    target = world.root / "forged"
    target.mkdir(exist_ok=True)
    return write_package(target, name, full_header, data, keys.signing,
                         encryption_public_key_from_bytes(recipient or link.encryption_public_bytes))


@pytest.fixture
def package(world: World) -> Path:
    path = world.export()
    assert path is not None
    return path


def test_every_altered_byte_is_refused(world: World, package: Path) -> None:
    original = package.read_bytes()
    target = world.root / "altered.cunwu-pkg"
    rng = random.Random(4)
    positions = sorted({0, len(original) - 1, *rng.sample(range(len(original)), 40)})
    for pos in positions:
        data = bytearray(original)
        data[pos] ^= 0x5A
        target.write_bytes(bytes(data))
        refused(world, target, "未导入任何数据")


def test_truncated_packages_are_refused(world: World, package: Path) -> None:
    original = package.read_bytes()
    target = world.root / "short.cunwu-pkg"
    for length in (0, 1, 30, len(original) // 2, len(original) - 1):
        target.write_bytes(original[:length])
        refused(world, target)


@pytest.mark.parametrize("content", [b"", b"hello", b"PK\x03\x04" + b"\0" * 100, bytes(range(256)) * 20])
def test_garbage_is_refused(world: World, content: bytes) -> None:
    target = world.root / "garbage.cunwu-pkg"
    target.write_bytes(content)
    refused(world, target)


@pytest.mark.parametrize("evil", ["../evil.json", "/etc/passwd", "C:/x", "a/../../b"])
def test_path_traversal_member_is_refused(world: World, package: Path, evil: str) -> None:
    target = world.root / "traversal.cunwu-pkg"
    with zipfile.ZipFile(package) as archive:
        members = [(n, archive.read(n)) for n in archive.namelist()]
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
        archive.writestr(evil, b"x")
    refused(world, target, "不安全")


def test_oversized_member_and_file_are_refused(world: World, package: Path) -> None:
    with zipfile.ZipFile(package) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    header = json.loads(members["header.json"])
    header["padding"] = "x" * 70_000
    big = world.root / "big-header.cunwu-pkg"
    big.write_bytes(build_zip([("header.json", json.dumps(header).encode()),
                               ("payload.bin", members["payload.bin"]), ("signature", members["signature"])]))
    refused(world, big, "头部过大")
    # A member that claims to be larger than the whole file.
    data = bytearray(package.read_bytes())
    local = data.index(b"payload.bin") - 30
    struct.pack_into("<II", data, local + 18, 2**31, 2**31)
    lying = world.root / "lying.cunwu-pkg"
    lying.write_bytes(bytes(data))
    refused(world, lying)
    huge = world.root / "huge.cunwu-pkg"
    with open(huge, "wb") as fh:
        fh.truncate(300 * 1024 * 1024)  # sparse: costs no disk space
    refused(world, huge, "过大")


def test_known_installation_signed_by_another_key_is_refused(world: World, package: Path) -> None:
    assert world.import_(package).ok
    body = payload_of(world, package)
    # Same installation ID as the real village PC, another signing key.
    forged = forge(world, "forged.cunwu-pkg", body, keys=KeySet.generate())
    reason = refused(world, forged, "签名密钥不同", "可能是伪造的")
    assert "指纹" in reason


def test_second_installation_of_a_village_needs_confirmation(world: World, package: Path) -> None:
    assert world.import_(package).ok
    other_pc = KeySet.generate()
    body = payload_of(world, package)
    body["versions"] = []
    forged = forge(world, "new-pc.cunwu-pkg", body, keys=other_pc, installation_id=new_id())
    refused(world, forged, "--accept-new-installation", other_pc.signing_fingerprint)
    summary = world.import_(forged, accept_new_installation=True)
    assert summary.ok and summary.results[0].pinned == "confirmed"
    asked: list[str] = []
    # The window asks a person, who may say no.
    third = forge(world, "third-pc.cunwu-pkg", body, keys=KeySet.generate(), installation_id=new_id())
    refused(world, third, "另一台电脑", confirm=lambda q: bool(asked.append(q.fingerprint)))
    assert len(asked) == 1


def test_encrypted_for_another_township_is_refused(world: World, package: Path) -> None:
    body = payload_of(world, package)
    other = KeySet.generate()
    forged = forge(world, "elsewhere.cunwu-pkg", body, recipient=other.encryption_public_bytes)
    refused(world, forged, "发给其他乡镇")


def test_village_outside_the_township_is_refused_unless_enrolled(world: World, tmp_path: Path) -> None:
    outsider = tmp_path / "outsider.db"
    with Store.create_village(outsider, "350322112203", "西坑村") as store:
        from sync.exchange.identity import enroll, write_enrollment_file

        generic = world.root / "generic.cunwu-enroll"
        with world.open(world.township) as town:
            write_enrollment_file(town, generic)
        enroll(store, generic)
    package = world.export(outsider)
    assert package is not None
    refused(world, package, "不属于本乡镇", "350322112203")
    with world.open(world.township) as town:
        enroll_village(town, "350322112203", "西坑村")
    # Enrolled, but its package proves no secret (a generic file): a person must confirm it.
    refused(world, package, "冒充", "--accept-new-installation")
    summary = world.import_(package, accept_new_installation=True)
    assert summary.ok and summary.results[0].pinned == "confirmed"


def test_newer_container_format_asks_to_upgrade(world: World, package: Path) -> None:
    with zipfile.ZipFile(package) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    header = json.loads(members["header.json"])
    header["format_version"] = 2
    raw = json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    newer = world.root / "newer.cunwu-pkg"
    newer.write_bytes(build_zip([("header.json", raw), ("payload.bin", members["payload.bin"]),
                                 ("signature", members["signature"])]))
    refused(world, newer, "请升级村务台账")


def test_newer_register_definitions_ask_to_upgrade(world: World, package: Path) -> None:
    body = payload_of(world, package)
    body["schema_version"] = SCHEMA_VERSION + 1
    forged = forge(world, "schema.cunwu-pkg", body, schema_version=SCHEMA_VERSION + 1)
    refused(world, forged, "请升级村务台账")
    body["payload_version"] = PAYLOAD_VERSION + 1
    forged = forge(world, "payload.cunwu-pkg", body)
    refused(world, forged, "请升级村务台账")


def _mutated(world: World, package: Path, change: Any) -> Path:
    body = payload_of(world, package)
    change(body)
    return forge(world, "mutated.cunwu-pkg", body)


def test_versions_of_another_village_are_refused(world: World, package: Path) -> None:
    def other_village(body: dict[str, Any]) -> None:
        body["versions"][0]["village"] = "350322111299"

    refused(world, _mutated(world, package, other_village), "另一个村")


def test_cyclic_history_is_refused(world: World, package: Path) -> None:
    def cycle(body: dict[str, Any]) -> None:
        first = body["versions"][0]
        twin = dict(first, version_id=new_id(), parent_id=first["version_id"])
        first["parent_id"] = twin["version_id"]
        body["versions"].append(twin)

    refused(world, _mutated(world, package, cycle), "有环")


def test_version_reused_with_other_content_is_refused(world: World, package: Path) -> None:
    assert world.import_(package).ok

    def rewrite(body: dict[str, Any]) -> None:
        version = body["versions"][1]
        version["data"] = json.dumps({**json.loads(version["data"]), "姓名": "篡改"}, ensure_ascii=False)

    refused(world, _mutated(world, package, rewrite), "内容不同")


@pytest.mark.parametrize("change", [
    lambda b: b.pop("versions"),
    lambda b: b["versions"][0].pop("hlc"),
    lambda b: b["versions"][0].update(deleted="no"),
    lambda b: b["versions"][0].update(data=b["versions"][0]["data"][:-1] + ',"不存在的字段":"x"}'),
    lambda b: b["versions"][0].update(data="[1, 2]"),
    lambda b: b["versions"][0].update(data='{"服务日期": "2025-02-30"}'),
    lambda b: b["versions"][0].update(register="no_such_register"),
    lambda b: b["versions"][0].update(version_id="../../etc"),
    lambda b: b.update(full="yes"),
    lambda b: b["versions"][0].update(parent_id=b["versions"][0]["version_id"]),
])
def test_malformed_payloads_are_refused(world: World, package: Path, change: Any) -> None:
    refused(world, _mutated(world, package, change), "未导入任何数据")


def test_payload_that_is_not_json_is_refused(world: World) -> None:
    refused(world, forge(world, "junk.cunwu-pkg", zlib.compress(b"x" * 100)), "无法解析")
    refused(world, forge(world, "deep.cunwu-pkg", b"[" * 100_000), "无法解析")


def test_return_package_cannot_go_into_the_township(world: World, package: Path) -> None:
    world.import_(package)
    back = world.return_package(full=True)
    assert back is not None
    refused(world, back, "本机导出")
    body = payload_of(world, package)
    body["kind"] = "return"
    refused(world, forge(world, "kind.cunwu-pkg", body, kind="return"), "返回数据包")


def test_village_refuses_packages_not_from_its_township(world: World, package: Path) -> None:
    world.import_(package)
    before = data_digest(world.village)
    summary = world.import_(package, db=world.village)  # its own data package, named directly
    assert summary.results[0].status == REFUSED and "本机导出" in summary.results[0].reason
    with world.open(world.village) as village:
        keys = local_keys(village)
    assert keys is not None
    impostor = KeySet.generate()
    body = payload_of(world, package)
    body["kind"] = "return"
    forged = forge(world, "impostor.cunwu-pkg", body, keys=impostor, kind="return",
                   recipient=keys.encryption_public_bytes, recipient_installation=village.device_id)
    summary = world.import_(forged, db=world.village)
    assert summary.results[0].status == REFUSED and "不是本村登记的乡镇签发的" in summary.results[0].reason
    assert data_digest(world.village) == before


def test_no_id_number_or_name_is_readable_in_the_package(demo_world: World) -> None:
    package = demo_world.export()
    assert package is not None
    data = package.read_bytes()
    secrets: set[str] = set()
    with demo_world.open(demo_world.village) as village:
        for reg in village.catalog.ordered():
            for record in village.records(reg.key):
                for fld in reg.input_fields:
                    value = record.get(fld.name)
                    if fld.mask or fld.name in ("姓名", "负责人姓名"):
                        if isinstance(value, str) and len(value) >= 2:
                            secrets.add(value)
    assert len(secrets) > 200
    for secret in secrets:
        for encoding in ("utf-8", "utf-16-le", "gb18030"):
            assert secret.encode(encoding) not in data, secret
    # The header that anyone can read holds counts and codes, nothing personal.
    header = json.loads(zipfile.ZipFile(package).read("header.json"))
    assert not any(secret in json.dumps(header, ensure_ascii=False) for secret in secrets)


def test_accepted_after_all_refusals(world: World, package: Path) -> None:
    """The refusals above leave a database that still takes the genuine package."""
    target = world.root / "altered.cunwu-pkg"
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 1
    target.write_bytes(bytes(data))
    refused(world, target)
    assert world.import_(package).results[0].status == ACCEPTED
    with world.open(world.township) as town:
        assert town.count("volunteers", village=VILLAGE_CODE) == 1
