"""The package container: round trip, tamper detection, hostile ZIPs, atomic writes."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import random
import secrets
import struct
import subprocess
import sys
import zipfile
import zlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from forms import atomic_file
from sync.exchange import package_write
from sync.exchange.keys import (
    KeySet,
    canonical_json,
    fingerprint,
    parse_canonical_json,
    public_key_bytes,
    to_b64,
)
from sync.exchange.package_file import (
    HKDF_INFO,
    MEMBER_NAMES,
    SIGNATURE_CONTEXT,
    PackageError,
    find_packages,
    package_filename,
)
from sync.exchange.package_read import peek_header, read_package
from sync.exchange.package_write import write_package
from sync.exchange.package_zip import build_zip

NAME = "南山村_350322111202_20240301_序号0007.cunwu-pkg"
PERSON = "张三"
CITIZEN_ID = "11010519491231002X"
PAYLOAD = (
    f'{{"records":[{{"name":"{PERSON}","id_number":"{CITIZEN_ID}","phone":"13800138000"}}]}}' * 20
).encode("utf-8")


def caller_header(**overrides: Any) -> dict[str, Any]:
    header: dict[str, Any] = {
        "package_id": "0b6c3a3e-1f5e-4a43-9b5a-2b0a6f3c9e11",
        "kind": "data",
        "village_code": "350322111202",
        "village_name": "南山村",
        "installation_id": "5d1f2a9c-7c1e-4c55-8f1e-0a2b3c4d5e6f",
        "sequence": 7,
        "created": "2024-03-01T10:00:00+08:00",
        "schema_version": 1,
        "counts": {"records": 1},
    }
    header.update(overrides)
    return header


@pytest.fixture(scope="module")
def village() -> KeySet:
    return KeySet.generate()


@pytest.fixture(scope="module")
def township() -> KeySet:
    return KeySet.generate()


@pytest.fixture
def package(tmp_path: Path, village: KeySet, township: KeySet) -> Path:
    return write_package(
        tmp_path, NAME, caller_header(), PAYLOAD, village.signing, township.encryption_public
    )


def put(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def members_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def refused(path: Path, recipient: X25519PrivateKey, *fragments: str) -> str:
    with pytest.raises(PackageError) as info:
        read_package(path, recipient)
    message = str(info.value)
    assert path.name in message
    for fragment in fragments:
        assert fragment in message
    return message


def forge(
    path: Path,
    fields: dict[str, Any],
    compressed: bytes,
    plain_size: int,
    signer: Ed25519PrivateKey,
    recipient: X25519PublicKey,
    *,
    sign_with: Ed25519PrivateKey | None = None,
) -> Path:
    """A second, independent writer following docs/package-format.md."""
    eph = X25519PrivateKey.generate()
    eph_pub, rec_pub = public_key_bytes(eph), public_key_bytes(recipient)
    key = HKDF(hashes.SHA256(), 32, eph_pub + rec_pub, HKDF_INFO).derive(eph.exchange(recipient))
    nonce = os.urandom(12)
    header = {
        "format": "cunwu-sync-package",
        "format_version": 1,
        "signer_public_key": to_b64(public_key_bytes(signer)),
        "recipient_fingerprint": fingerprint(rec_pub),
        "ephemeral_public_key": to_b64(eph_pub),
        "nonce": to_b64(nonce),
        "plain_size": plain_size,
        **fields,
    }
    ciphertext = ChaCha20Poly1305(key).encrypt(nonce, compressed, canonical_json(header))
    header["payload_sha256"] = hashlib.sha256(ciphertext).hexdigest()
    header["payload_size"] = len(ciphertext)
    header_bytes = canonical_json(header)
    signature = (sign_with or signer).sign(SIGNATURE_CONTEXT + header_bytes)
    members = zip(MEMBER_NAMES, (header_bytes, ciphertext, signature), strict=True)
    return put(path, build_zip(list(members)))


# ---------------------------------------------------------------- round trip


def test_round_trip(package: Path, village: KeySet, township: KeySet) -> None:
    result = read_package(package, township.encryption)
    assert result.payload == PAYLOAD
    assert result.path == package
    assert result.signer_public_bytes == village.signing_public_bytes
    assert result.signer_fingerprint == village.signing_fingerprint
    assert result.file_sha256 == hashlib.sha256(package.read_bytes()).hexdigest()
    for key, value in caller_header().items():
        assert result.header[key] == value
    assert result.header["format"] == "cunwu-sync-package"
    assert result.header["format_version"] == 1
    assert result.header["recipient_fingerprint"] == township.encryption_fingerprint
    assert result.header["plain_size"] == len(PAYLOAD)


def test_container_layout_is_a_plain_zip(package: Path) -> None:
    with zipfile.ZipFile(package) as archive:
        assert archive.namelist() == list(MEMBER_NAMES)
        assert archive.testzip() is None
        assert all(i.compress_type == zipfile.ZIP_STORED for i in archive.infolist())
    members = members_of(package)
    assert len(members["signature"]) == 64
    assert parse_canonical_json(members["header.json"])["package_id"] == caller_header()["package_id"]


def test_extra_header_fields_pass_through(tmp_path: Path, village: KeySet, township: KeySet) -> None:
    header = caller_header(full=True, registers=("volunteers", "committee_members"))
    path = write_package(tmp_path, NAME, header, PAYLOAD, village.signing, township.encryption_public)
    result = read_package(path, township.encryption).header
    assert result["full"] is True
    assert result["registers"] == ["volunteers", "committee_members"]


def test_forged_by_spec_is_readable(tmp_path: Path, village: KeySet, township: KeySet) -> None:
    # The doc is precise enough: an independent writer produces an accepted file.
    path = forge(
        tmp_path / "spec.cunwu-pkg",
        caller_header(),
        zlib.compress(PAYLOAD),
        len(PAYLOAD),
        village.signing,
        township.encryption_public,
    )
    assert read_package(path, township.encryption).payload == PAYLOAD


@pytest.mark.parametrize("payload", [b"", secrets.token_bytes(300_000)])
def test_round_trip_empty_and_incompressible(
    tmp_path: Path, village: KeySet, township: KeySet, payload: bytes
) -> None:
    path = write_package(
        tmp_path, NAME, caller_header(), payload, village.signing, township.encryption_public
    )
    assert read_package(path, township.encryption).payload == payload


def test_peek_header_verifies_without_decrypting(package: Path, village: KeySet, township: KeySet) -> None:
    info = peek_header(package)
    assert info.header == read_package(package, township.encryption).header
    assert info.signer_public_bytes == village.signing_public_bytes
    assert peek_header(package, recipient_public=township.encryption_public).header["sequence"] == 7
    with pytest.raises(PackageError, match="是发给其他乡镇的"):
        peek_header(package, recipient_public=village.encryption_public)


def test_no_personal_data_in_file(package: Path) -> None:
    data = package.read_bytes()
    for secret in (PERSON, CITIZEN_ID, "13800138000"):
        assert secret.encode("utf-8") not in data
        assert secret.encode("utf-16-le") not in data


# ---------------------------------------------------------------- tampering


def test_every_single_byte_change_is_refused(package: Path, township: KeySet) -> None:
    original = package.read_bytes()
    target = package.with_name("altered.cunwu-pkg")
    rng = random.Random(1)
    for position in range(len(original)):
        altered = bytearray(original)
        altered[position] ^= rng.choice([0x01, 0x80, 0xFF, rng.randrange(1, 256)])
        refused(put(target, bytes(altered)), township.encryption, "未导入任何数据")


def test_changes_in_each_region_are_refused_with_a_reason(package: Path, township: KeySet) -> None:
    original = package.read_bytes()
    header_at = 30 + len("header.json")  # first byte after the local header
    directory_at = original.rindex(b"PK\x01\x02")
    end_at = original.rindex(b"PK\x05\x06")
    signature_at = original.index(b"PK\x01\x02") - 64
    target = package.with_name("altered.cunwu-pkg")
    for position, reason in [
        (header_at + 5, "ZIP 成员无法读取或校验和错误"),  # CRC catches it first
        (signature_at + 10, ""),
        (directory_at + 12, "ZIP"),  # the date field: ignored by zipfile, not by us
        (end_at + 21, "ZIP"),  # comment length
        (4, "ZIP"),  # local header version
    ]:
        altered = bytearray(original)
        altered[position] ^= 0x01
        refused(put(target, bytes(altered)), township.encryption, reason)


def test_truncated_at_every_length_is_refused(package: Path, township: KeySet) -> None:
    original = package.read_bytes()
    target = package.with_name("cut.cunwu-pkg")
    for length in range(len(original)):
        refused(put(target, original[:length]), township.encryption)


def test_appended_or_prepended_bytes_are_refused(package: Path, township: KeySet) -> None:
    original = package.read_bytes()
    target = package.with_name("padded.cunwu-pkg")
    refused(put(target, original + b"\x00"), township.encryption)
    # zipfile tolerates a prefix (self-extracting archives); the format does not.
    refused(put(target, b"MZ" + original), township.encryption)


@pytest.mark.parametrize(
    "content",
    [b"", b"hello", b"PK\x05\x06" + bytes(18), secrets.token_bytes(5000), "中文".encode()],
)
def test_garbage_is_refused(tmp_path: Path, township: KeySet, content: bytes) -> None:
    refused(put(tmp_path / "junk.cunwu-pkg", content), township.encryption, "未导入任何数据")


def test_missing_file_and_directory(tmp_path: Path, township: KeySet) -> None:
    with pytest.raises(PackageError, match="找不到数据包"):
        read_package(tmp_path / "none.cunwu-pkg", township.encryption)
    (tmp_path / "dir.cunwu-pkg").mkdir()
    with pytest.raises(PackageError, match="无法读取数据包"):
        read_package(tmp_path / "dir.cunwu-pkg", township.encryption)


def test_file_larger_than_limit_is_refused_before_reading(package: Path, township: KeySet) -> None:
    with pytest.raises(PackageError, match="过大"):
        read_package(package, township.encryption, max_size=100)


# ---------------------------------------------------------------- hostile ZIPs


def rebuilt(path: Path, members: list[tuple[str, bytes]]) -> Path:
    return put(path.with_name("hostile.cunwu-pkg"), build_zip(members))


@pytest.mark.parametrize("evil", ["../evil", "a/../../evil", "/etc/evil", "C:/evil", "..\\evil"])
def test_unsafe_member_names_are_refused(package: Path, township: KeySet, evil: str) -> None:
    members = [*members_of(package).items(), (evil, b"x")]
    refused(rebuilt(package, members), township.encryption, "不安全的文件路径")


def test_extra_member_is_refused(package: Path, township: KeySet) -> None:
    members = [*members_of(package).items(), ("readme.txt", b"hi")]
    refused(rebuilt(package, members), township.encryption, "多余的文件")


def test_missing_or_reordered_members_are_refused(package: Path, township: KeySet) -> None:
    members = members_of(package)
    refused(
        rebuilt(package, [(n, members[n]) for n in ("header.json", "payload.bin")]),
        township.encryption,
    )
    refused(
        rebuilt(package, [(n, members[n]) for n in ("payload.bin", "header.json", "signature")]),
        township.encryption,
    )
    refused(rebuilt(package, [("payload.bin", members["payload.bin"])]), township.encryption)


def test_duplicate_member_is_refused(package: Path, township: KeySet) -> None:
    members = list(members_of(package).items())
    refused(rebuilt(package, [*members, members[0]]), township.encryption, "重复")


def test_oversized_header_member_is_refused(package: Path, village: KeySet, township: KeySet) -> None:
    members = members_of(package)
    big = canonical_json({**parse_canonical_json(members["header.json"]), "x": "y" * 70_000})
    signature = village.signing.sign(SIGNATURE_CONTEXT + big)
    forged = [
        ("header.json", big),
        ("payload.bin", members["payload.bin"]),
        ("signature", signature),
    ]
    refused(rebuilt(package, forged), township.encryption, "头部过大")


def test_declared_sizes_larger_than_the_file_are_refused(package: Path, township: KeySet) -> None:
    original = package.read_bytes()
    directory_at = original.rindex(b"PK\x01\x02")  # central entry of `signature`
    for field_offset in (20, 24):  # compressed size, uncompressed size
        altered = bytearray(original)
        struct.pack_into("<I", altered, directory_at + field_offset, 0x7FFFFFFF)
        refused(put(package.with_name("sizes.cunwu-pkg"), bytes(altered)), township.encryption)


def test_deflated_zip_bomb_is_refused_without_inflating(tmp_path: Path, township: KeySet) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in MEMBER_NAMES:
            archive.writestr(name, bytes(10_000_000))
    assert len(buffer.getvalue()) < 100_000
    refused(put(tmp_path / "bomb.cunwu-pkg", buffer.getvalue()), township.encryption, "压缩方式")


def test_payload_bomb_is_capped(tmp_path: Path, village: KeySet, township: KeySet) -> None:
    # A validly signed package whose payload inflates far beyond its declared size.
    bomb = zlib.compress(bytes(20_000_000), 9)
    path = forge(
        tmp_path / "bomb.cunwu-pkg",
        caller_header(),
        bomb,
        1000,
        village.signing,
        township.encryption_public,
    )
    refused(path, township.encryption, "解压后的大小与声明不符")
    huge = forge(
        tmp_path / "huge.cunwu-pkg",
        caller_header(),
        bomb,
        20_000_000,
        village.signing,
        township.encryption_public,
    )
    with pytest.raises(PackageError, match="数据量超过上限"):
        read_package(huge, township.encryption, max_payload_size=1_000_000)


# ---------------------------------------------------------------- keys and versions


def test_signature_by_another_key_is_detected(package: Path, township: KeySet) -> None:
    members = members_of(package)
    intruder = Ed25519PrivateKey.generate()
    forged = dict(members, signature=intruder.sign(SIGNATURE_CONTEXT + members["header.json"]))
    path = rebuilt(package, list(forged.items()))
    refused(path, township.encryption, "签名校验失败", "未导入任何数据")


def test_signature_without_context_is_refused(package: Path, village: KeySet, township: KeySet) -> None:
    # A signature over the bare header (as another file kind might make) is not valid here.
    members = members_of(package)
    forged = dict(members, signature=village.signing.sign(members["header.json"]))
    refused(rebuilt(package, list(forged.items())), township.encryption, "签名校验失败")


def test_resigning_someone_elses_ciphertext_fails(package: Path, township: KeySet) -> None:
    # The intruder claims the package as their own: signature fine, but the AEAD is
    # bound to the original header, so it does not decrypt.
    members = members_of(package)
    intruder = Ed25519PrivateKey.generate()
    header = parse_canonical_json(members["header.json"])
    header["signer_public_key"] = to_b64(public_key_bytes(intruder))
    header_bytes = canonical_json(header)
    forged = [
        ("header.json", header_bytes),
        ("payload.bin", members["payload.bin"]),
        ("signature", intruder.sign(SIGNATURE_CONTEXT + header_bytes)),
    ]
    path = rebuilt(package, forged)
    assert peek_header(path).signer_public_bytes == public_key_bytes(intruder)
    refused(path, township.encryption, "解密校验失败")


def test_encrypted_for_another_township(package: Path) -> None:
    refused(package, KeySet.generate().encryption, "是发给其他乡镇的", "未导入任何数据")


def test_return_package_for_another_village(tmp_path: Path, village: KeySet, township: KeySet) -> None:
    path = write_package(
        tmp_path,
        NAME,
        caller_header(kind="return"),
        b"{}",
        township.signing,
        village.encryption_public,
    )
    assert read_package(path, village.encryption).payload == b"{}"
    refused(path, KeySet.generate().encryption, "是发给其他村或其他电脑的")


def test_unknown_newer_version_asks_to_upgrade(tmp_path: Path, village: KeySet, township: KeySet) -> None:
    path = forge(
        tmp_path / "new.cunwu-pkg",
        caller_header(format_version=2),
        zlib.compress(PAYLOAD),
        len(PAYLOAD),
        village.signing,
        township.encryption_public,
    )
    refused(path, township.encryption, "请升级村务台账", "格式版本 2")


def test_other_format_and_bad_header_fields(tmp_path: Path, village: KeySet, township: KeySet) -> None:
    cases = [
        (caller_header(format="something-else"), "不是村务台账数据包"),
        (caller_header(format_version=0), "格式版本号无效"),
        (caller_header(sequence="7"), "sequence"),
        (caller_header(village_code="35032211120"), "village_code"),
        (caller_header(created="yesterday"), "created"),
        ({k: v for k, v in caller_header().items() if k != "package_id"}, "package_id"),
    ]
    for fields, fragment in cases:
        path = forge(
            tmp_path / "bad.cunwu-pkg",
            fields,
            zlib.compress(PAYLOAD),
            len(PAYLOAD),
            village.signing,
            township.encryption_public,
        )
        refused(path, township.encryption, fragment)


def test_non_canonical_header_is_refused(package: Path, village: KeySet, township: KeySet) -> None:
    members = members_of(package)
    pretty = (members["header.json"].decode() + " ").encode()
    forged = [
        ("header.json", pretty),
        ("payload.bin", members["payload.bin"]),
        ("signature", village.signing.sign(SIGNATURE_CONTEXT + pretty)),
    ]
    refused(rebuilt(package, forged), township.encryption, "规范的 JSON")


# ---------------------------------------------------------------- writing


def test_caller_header_mistakes_are_programming_errors(
    tmp_path: Path, village: KeySet, township: KeySet
) -> None:
    bad_headers = [
        caller_header(nonce="x"),  # reserved for the container
        caller_header(ratio=0.5),  # floats have no canonical spelling
        caller_header(note=f"户主 {CITIZEN_ID}"),  # personal data
        {k: v for k, v in caller_header().items() if k != "sequence"},
        caller_header(**{"Bad Key": 1}),
    ]
    for header in bad_headers:
        with pytest.raises(ValueError):
            write_package(tmp_path, NAME, header, b"", village.signing, township.encryption_public)
    for name in ["x.zip", ".x.cunwu-pkg", "a/b.cunwu-pkg", "a:b.cunwu-pkg"]:
        with pytest.raises(ValueError):
            write_package(tmp_path, name, caller_header(), b"", village.signing, township.encryption_public)
    assert list(tmp_path.iterdir()) == []


def test_existing_file_is_not_overwritten_unless_asked(
    package: Path, village: KeySet, township: KeySet
) -> None:
    before = package.read_bytes()
    with pytest.raises(PackageError, match="已存在"):
        write_package(
            package.parent,
            NAME,
            caller_header(),
            b"new",
            village.signing,
            township.encryption_public,
        )
    assert package.read_bytes() == before
    write_package(
        package.parent,
        NAME,
        caller_header(),
        b"new",
        village.signing,
        township.encryption_public,
        overwrite=True,
    )
    assert read_package(package, township.encryption).payload == b"new"
    assert sorted(p.name for p in package.parent.iterdir()) == [NAME]


def _raiser(exc: Exception) -> Any:
    def raise_it(*_args: object) -> None:
        raise exc

    return raise_it


def failing_write(fh: io.BufferedWriter, data: bytes) -> None:
    fh.write(data[: len(data) // 2])
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("where", ["write", "fsync", "replace", "verify"])
def test_failure_mid_write_leaves_no_package(
    tmp_path: Path, village: KeySet, township: KeySet, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    def boom(*_args: object) -> None:
        raise OSError(errno.EIO, "I/O error")

    if where == "write":
        monkeypatch.setattr(atomic_file, "write_chunks", failing_write)
    elif where == "fsync":
        monkeypatch.setattr(atomic_file.os, "fsync", boom)
    elif where == "replace":
        monkeypatch.setattr(atomic_file.os, "replace", boom)
    else:
        monkeypatch.setattr(package_write, "verify_bytes", _raiser(PackageError("校验失败")))
    with pytest.raises(PackageError):
        write_package(tmp_path, NAME, caller_header(), PAYLOAD, village.signing, township.encryption_public)
    assert list(tmp_path.iterdir()) == []
    assert find_packages(tmp_path) == []


def test_write_failure_message_is_chinese(
    tmp_path: Path, village: KeySet, township: KeySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic_file, "write_chunks", failing_write)
    with pytest.raises(PackageError, match=r"无法写入文件.*U 盘"):
        write_package(tmp_path, NAME, caller_header(), PAYLOAD, village.signing, township.encryption_public)


def test_killed_mid_write_leftover_is_not_a_package(
    tmp_path: Path, village: KeySet, township: KeySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The process dies (stick pulled) before it can clean up: the partial file stays
    # behind under its temporary name, which no scan takes for a package.
    monkeypatch.setattr(atomic_file, "write_chunks", failing_write)
    monkeypatch.setattr(Path, "unlink", _raiser(OSError("gone")))
    with pytest.raises(PackageError):
        write_package(tmp_path, NAME, caller_header(), PAYLOAD, village.signing, township.encryption_public)
    leftovers = list(tmp_path.iterdir())
    assert len(leftovers) == 1
    assert leftovers[0].name.startswith(".") and leftovers[0].name.endswith(".tmp")
    assert find_packages(tmp_path) == []


# ---------------------------------------------------------------- names on a stick


def test_find_packages_only_complete_files(package: Path) -> None:
    folder = package.parent
    (folder / f".{NAME}.1a2b3c4d.tmp").write_bytes(b"partial")
    (folder / f"._{NAME}").write_bytes(b"macOS resource fork")
    (folder / "notes.txt").write_text("x")
    (folder / "other.cunwu-pkg.tmp").write_bytes(b"partial")
    (folder / "sub.cunwu-pkg").mkdir()
    (folder / "UPPER.CUNWU-PKG").write_bytes(b"")
    assert find_packages(folder) == [folder / "UPPER.CUNWU-PKG", package]
    with pytest.raises(PackageError, match="无法读取文件夹"):
        find_packages(folder / "missing")


def test_package_filename() -> None:
    assert package_filename("南山村", "350322111202", date(2024, 3, 1), 7) == NAME
    unsafe = package_filename('a<b>c:d"e/f\\g|h?i*j k\tl.', "350322111202", date(2024, 3, 1), 12345)
    assert unsafe == "a_b_c_d_e_f_g_h_i_j_k_l_350322111202_20240301_序号12345.cunwu-pkg"
    assert package_filename("...", "350322111202", date(2024, 3, 1), 1).startswith("未命名村_")
    assert len(package_filename("村" * 500, "350322111202", date(2024, 3, 1), 1)) < 80
    with pytest.raises(ValueError):
        package_filename("南山村", "3503", date(2024, 3, 1), 1)


# ---------------------------------------------------------------- fuzzing


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        op = rng.choice(["flip", "set", "insert", "delete", "truncate", "swap", "dup"])
        at = rng.randrange(len(out) + 1) if out else 0
        if op == "flip" and out:
            out[min(at, len(out) - 1)] ^= 1 << rng.randrange(8)
        elif op == "set" and out:
            out[min(at, len(out) - 1)] = rng.randrange(256)  # may be a no-op
        elif op == "insert":
            out[at:at] = rng.randbytes(rng.choice([1, 1, 4, 64]))
        elif op == "delete":
            del out[at : at + rng.choice([1, 2, 30])]
        elif op == "truncate":
            del out[at:]
        elif op == "swap" and len(out) > 1:
            i, j = rng.randrange(len(out)), rng.randrange(len(out))
            out[i], out[j] = out[j], out[i]  # may be a no-op
        elif op == "dup" and out:
            out[at:at] = out[at : at + 40]
    return bytes(out)


def fuzz(package: Path, recipient: X25519PrivateKey, cases: int, seed: int) -> None:
    original = package.read_bytes()
    target = package.with_name("fuzz.cunwu-pkg")
    rng = random.Random(seed)
    unchanged = 0
    for case in range(cases):
        mutated = mutate(original, rng)
        put(target, mutated)
        if mutated == original:
            unchanged += 1
            assert read_package(target, recipient).payload == PAYLOAD
            continue
        try:
            read_package(target, recipient)
        except PackageError:
            continue
        pytest.fail(f"case {case} (seed {seed}): altered package was accepted")
    assert unchanged < cases // 10


def test_fuzz_mutations(package: Path, township: KeySet) -> None:
    fuzz(package, township.encryption, 200, seed=20240301)


@pytest.mark.slow
def test_fuzz_mutations_long(package: Path, township: KeySet) -> None:
    fuzz(package, township.encryption, 3000, seed=7)


# ---------------------------------------------------------------- no Qt


def test_sync_file_modules_do_not_import_qt() -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None; sys.modules['shiboken6'] = None\n"
        "import sync.exchange.keys, sync.exchange.package_file, sync.exchange.enrollment, sync.exchange.receipt\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
