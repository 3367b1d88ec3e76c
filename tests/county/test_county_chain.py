"""Each guarantee of shared/domain/sync.md one level up: townships' upward packages at the county."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sync_support import copy_db, data_digest

from county.chain import Chain, add_village, open_store, village_codes
from forms.model import SCHEMA_VERSION
from sync.exchange.county import enroll_with_county, write_county_enrollment_file
from sync.exchange.enrollment import EnrollmentError
from sync.exchange.exporter import export_package, export_upward
from sync.exchange.identity import enroll, local_keys, write_enrollment_file
from sync.exchange.import_summary import ACCEPTED, DUPLICATE, REFUSED, ImportSummary
from sync.exchange.keys import KeySet, encryption_public_key_from_bytes
from sync.exchange.package_header import CRYPTO_FIELDS
from sync.exchange.package_read import read_package
from sync.exchange.package_write import write_package
from sync.store.store import Store, StoreError
from sync.store.townships import current_townships

T1, T2 = "350322111", "350322112"
V1 = village_codes(T1)[0]



def county_digest(chain: Chain) -> str:
    return data_digest(chain.county)


def refused(chain: Chain, path: Path, *fragments: str) -> str:
    """``path`` must be refused at the county with a Chinese reason, and change nothing."""
    before = county_digest(chain)
    summary = chain.county_import(path)
    [result] = summary.results
    assert result.status == REFUSED, result.describe()
    for fragment in fragments:
        assert fragment in result.reason, result.reason
    assert county_digest(chain) == before
    return result.reason


def rename(store: Store, village: str, phone: str) -> None:
    """A change in a village: its secretary's 联系电话."""
    [row] = [r for r in store.records("committee_members") if r["党组织职务"] == "书记"]
    store.edit(row["uuid"], {"联系电话": phone})


def phone_at(db: Path, village: str) -> str:
    with open_store(db) as store:
        [row] = [r for r in store.records("committee_members", village=village) if r["党组织职务"] == "书记"]
        return str(row["联系电话"])


def accepted(summary: ImportSummary) -> int:
    return summary.count(ACCEPTED)


# ---------------------------------------------------------------- enrollment


def test_the_county_file_is_bound_to_its_township(chain: Chain) -> None:
    file = chain.enrollments[T1]
    with open_store(chain.townships[T2]) as store, pytest.raises(StoreError, match="不能用于本乡镇"):
        enroll_with_county(store, file)
    with open_store(chain.villages[V1]) as store, pytest.raises(EnrollmentError, match="不是村务台账的乡镇注册文件"):
        enroll(store, file)
    with open_store(chain.county) as store:
        row = store.conn.execute("SELECT name, enrolled FROM townships WHERE code = ?", (T1,)).fetchone()
        assert tuple(row) == ("榜头镇", 1)


def test_only_a_county_writes_files_for_townships(chain: Chain) -> None:
    with open_store(chain.townships[T1]) as store, pytest.raises(StoreError, match="只有区县"):
        write_county_enrollment_file(store, chain.root, township=T2)


# ---------------------------------------------------------------- upward packages and receipts


def test_upward_sends_what_the_county_has_not_acknowledged(chain: Chain) -> None:
    first = chain.upward(T1)
    assert len(first.paths) == 3 and first.totals()["versions"] == 9  # two members and the profile
    assert first.folder is not None and all(p.parent == first.folder for p in first.paths)
    summary = chain.county_import(first.folder)
    assert accepted(summary) == 3 and all(r.receipt for r in summary.results)
    # The township reads the county's receipts: nothing is new any more.
    again = chain.upward(T1)
    assert [o.ok for o in again.receipts] == [True, True, True]
    assert again.nothing_to_send
    # One village changes: only its new version goes up.
    with open_store(chain.villages[V1]) as store:
        rename(store, V1, "13900000001")
    assert chain.village_up(V1).ok
    third = chain.upward(T1)
    assert len(third.paths) == 1 and third.totals()["versions"] == 1
    assert V1 in third.paths[0].name
    assert chain.upward(T1, full=True).totals()["versions"] == 10


def test_a_package_the_township_refused_never_goes_up(chain: Chain) -> None:
    with open_store(chain.villages[V1]) as store:
        rename(store, V1, "13900000002")
        stick = chain.stick("tampered")
        path = export_package(store, stick).path
    assert path is not None
    data = bytearray(path.read_bytes())
    data[-100] ^= 1
    path.write_bytes(bytes(data))
    with open_store(chain.townships[T1]) as store:
        from sync.exchange.importer import import_packages
        assert not import_packages(store, [path], workers=0).ok
    chain.send_up(T1)
    assert phone_at(chain.county, V1) == phone_at(chain.townships[T1], V1) != "13900000002"


# ---------------------------------------------------------------- the county's import


def test_reimport_is_harmless(chain: Chain) -> None:
    chain.send_up(T1)
    before = county_digest(chain)
    [folder] = [p for p in chain.stick(f"t-{T1}").iterdir() if p.is_dir()]
    summary = chain.county_import(folder)
    assert [r.status for r in summary.results] == [DUPLICATE] * 3
    assert county_digest(chain) == before


def test_an_older_package_never_overwrites_newer_data(chain: Chain) -> None:
    chain.send_up(T1)
    old_stick, new_stick = chain.stick("old"), chain.stick("new")
    with open_store(chain.villages[V1]) as store:
        rename(store, V1, "13900000003")
    chain.village_up(V1)
    old = chain.upward(T1, stick=old_stick).folder
    with open_store(chain.villages[V1]) as store:
        rename(store, V1, "13900000004")
    chain.village_up(V1)
    new = chain.upward(T1, stick=new_stick).folder  # the first (old) was never acknowledged: both versions
    assert old is not None and new is not None
    assert accepted(chain.county_import(new)) == 1
    assert phone_at(chain.county, V1) == "13900000004"
    summary = chain.county_import(old)
    assert summary.ok and accepted(summary) == 1
    assert phone_at(chain.county, V1) == "13900000004"


def test_a_broken_package_changes_nothing(chain: Chain) -> None:
    path = chain.upward(T1).paths[0]
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    refused(chain, path, "未导入任何数据")
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 1
    path.write_bytes(bytes(flipped))
    refused(chain, path, "已损坏或被改动")


def _reseal(chain: Chain, path: Path, name: str, change: Any, *, keys: KeySet | None = None,
            recipient: bytes | None = None) -> Path:
    """The upward package at ``path`` opened with the county's key, changed, sealed again (with
    the township's key unless ``keys``): what an insider or a forger could make."""
    with open_store(chain.county) as store:
        county_keys = local_keys(store)
    with open_store(chain.townships[T1]) as store:
        own = local_keys(store)
    assert county_keys is not None and own is not None
    package = read_package(path, county_keys.encryption)
    header = {k: v for k, v in package.header.items() if k not in CRYPTO_FIELDS}
    body = json.loads(package.payload)
    change(header, body)
    out = chain.stick(name)
    payload = json.dumps(body, ensure_ascii=False).encode()
    target = encryption_public_key_from_bytes(recipient or county_keys.encryption_public_bytes)
    return write_package(out, path.name, header, payload, (keys or own).signing, target)


def test_a_package_signed_by_another_key_is_refused(chain: Chain) -> None:
    chain.send_up(T1)
    with open_store(chain.villages[V1]) as store:
        rename(store, V1, "13900000005")
    chain.village_up(V1)
    [path] = chain.upward(T1, stick=chain.stick("next")).paths
    forged = _reseal(chain, path, "forged", lambda h, b: None, keys=KeySet.generate())
    refused(chain, forged, "可能是伪造的")


def test_a_package_for_another_county_is_refused(chain: Chain) -> None:
    other = chain.root / "other-county.db"
    Store.create_county(other, "350321", "莆田市城厢区").close()
    with open_store(other) as store:
        file = write_county_enrollment_file(store, chain.root / "other.cunwu-enroll", township=T1)
    with open_store(chain.townships[T1]) as store:
        enroll_with_county(store, file.path)
        stick = chain.stick("other")
        path = export_upward(store, stick).paths[0]
    refused(chain, path, "发给其他区县")


def test_an_unknown_township_is_refused(chain: Chain) -> None:
    stranger = chain.root / "stranger.db"
    Store.create_township(stranger, "350399001", "外县镇").close()
    # Holding a copy of a real township's county link (its file was copied): encrypts to the county.
    with open_store(chain.townships[T1]) as store:
        link = tuple(store.conn.execute("SELECT * FROM county_link").fetchone())
    with open_store(stranger) as store, store.transaction():
        store.conn.execute(f"INSERT INTO county_link VALUES ({', '.join('?' * len(link))})", link)
    add_village(chain.root / "stranger-village.db", "350399001201", "外县村", 99)
    with open_store(stranger) as store:
        file = write_enrollment_file(store, chain.root, village="350399001201")
    with open_store(chain.root / "stranger-village.db") as store:
        enroll(store, file.path)
        stick = chain.stick("sv")
        export_package(store, stick)
    with open_store(stranger) as store:
        from sync.exchange.importer import import_packages
        assert import_packages(store, [stick], workers=0).ok
        path = export_upward(store, chain.stick("stranger-up")).paths[0]
    refused(chain, path, "不属于本区县", "350399001")


def test_a_first_package_without_the_townships_secret_needs_a_person(chain: Chain) -> None:
    path = chain.upward(T1).paths[0]

    def drop_proof(header: dict[str, Any], body: dict[str, Any]) -> None:
        header.pop("enrollment_proof")

    refused(chain, _reseal(chain, path, "unproven", drop_proof), "冒充", "--accept-new-installation")


def test_newer_register_definitions_are_refused(chain: Chain) -> None:
    path = chain.upward(T1).paths[0]

    def newer(header: dict[str, Any], body: dict[str, Any]) -> None:
        header["schema_version"] = body["schema_version"] = SCHEMA_VERSION + 1

    refused(chain, _reseal(chain, path, "newer", newer), "请升级村务台账")


def test_the_plain_header_names_the_township_and_the_village(chain: Chain) -> None:
    path = chain.upward(T1).paths[0]
    with zipfile.ZipFile(path) as archive:
        header = json.loads(archive.read("header.json"))
    assert header["kind"] == "upward" and header["township_code"] == T1
    assert header["village_code"] == V1  # the village whose versions it holds


def test_a_township_restored_from_an_old_backup_resends_harmlessly(chain: Chain) -> None:
    backup = copy_db(chain.townships[T1], chain.root / "backup.db")
    chain.send_up(T1)
    with open_store(chain.villages[V1]) as store:
        rename(store, V1, "13900000006")
    chain.village_up(V1)
    chain.send_up(T1)
    # The PC dies; the township restores last month's copy and the village sends everything again.
    shutil.copy(backup, chain.townships[T1])
    with open_store(chain.villages[V1]) as store:
        export_package(store, chain.stick("again"), full=True)
    with open_store(chain.townships[T1]) as store:
        from sync.exchange.importer import import_packages
        assert import_packages(store, [chain.stick("again")], workers=0).ok
    summary = chain.county_import(*chain.upward(T1, stick=chain.stick("restored")).paths)
    assert summary.ok and accepted(summary) == 3
    assert all(r.counts.new == 0 and r.counts.updated == 0 for r in summary.results)
    assert phone_at(chain.county, V1) == "13900000006"
    with open_store(chain.county) as store:
        count = store.conn.execute("SELECT COUNT(*) FROM committee_members").fetchone()[0]
    assert count == 6  # two per village of 榜头镇, each once


def test_a_village_that_moved_to_another_township(chain: Chain) -> None:
    chain.send_up(T1)
    with open_store(chain.county) as store, store.transaction():  # 榜头镇 reported it last month
        store.conn.execute("UPDATE village_townships SET first_reported = '2026-10-20T09:00:00+08:00', "
                           "last_reported = '2026-10-20T09:00:00+08:00'")
    # The village now belongs to 郊尾镇: enrolled there with its own file, it sends all its data.
    with open_store(chain.townships[T2]) as store:
        file = write_enrollment_file(store, chain.root, village=V1)
    with open_store(chain.villages[V1]) as store:
        enroll(store, file.path, replace_township=True)
        rename(store, V1, "13900000007")
        export_package(store, chain.stick("moved"), full=True)
    with open_store(chain.townships[T2]) as store:
        from sync.exchange.importer import import_packages
        assert import_packages(store, [chain.stick("moved")], workers=0).ok
    assert chain.send_up(T2).ok
    with open_store(chain.county) as store:
        rows = store.conn.execute("SELECT township FROM village_townships WHERE village = ? ORDER BY township",
                                  (V1,)).fetchall()
        assert [r[0] for r in rows] == [T1, T2]
        assert current_townships(store.conn)[V1] == T2
        assert store.conn.execute("SELECT COUNT(*) FROM committee_members WHERE _village = ?",
                                  (V1,)).fetchone()[0] == 2
    assert phone_at(chain.county, V1) == "13900000007"


# ---------------------------------------------------------------- read-only


def test_the_county_refuses_to_change_village_data(chain: Chain) -> None:
    chain.send_up(T1)
    before = county_digest(chain)
    with open_store(chain.county) as store:
        with pytest.raises(StoreError, match=r"只读.*乡镇"):
            store.add("committee_members", {"姓名": "张三"}, village=V1)
        [row] = [r for r in store.records("committee_members", village=V1) if r["党组织职务"] == "书记"]
        with pytest.raises(StoreError, match="只读"):
            store.edit(row["uuid"], {"联系电话": "13900000008"})
        with pytest.raises(StoreError, match="只读"):
            store.delete(row["uuid"], "测试")
    assert county_digest(chain) == before
