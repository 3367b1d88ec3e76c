"""Keys, the township's enrollment file, and signed receipts."""

from __future__ import annotations

import errno
import io
import random
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from forms import atomic_file
from sync.exchange import package_file
from sync.exchange.enrollment import (
    ENROLLMENT_CONTEXT,
    EnrollmentError,
    enrollment_filename,
    read_enrollment,
    write_enrollment,
)
from sync.exchange.keys import (
    KeyFormatError,
    KeySet,
    canonical_json,
    encryption_public_key_from_bytes,
    fingerprint,
    from_b64,
    parse_canonical_json,
    signing_public_key_from_bytes,
    to_b64,
)
from sync.exchange.receipt import (
    RECEIPT_CONTEXT,
    ReceiptError,
    find_receipts,
    read_receipt,
    receipt_filename,
    version_ids_digest,
    write_receipt,
)
from sync.exchange.signed_document import sign_document
from sync.exchange.stick_files import SyncFileError

TOWNSHIP_CODE = "350322111"
INSTALLATION = "5d1f2a9c-7c1e-4c55-8f1e-0a2b3c4d5e6f"
VERSION_IDS = [f"v-{i:04d}-{'abcdef'[i % 6]}" for i in range(200, 0, -1)]


@pytest.fixture(scope="module")
def township() -> KeySet:
    return KeySet.generate()


def every_byte_changed(path: Path) -> list[bytes]:
    original = path.read_bytes()
    rng = random.Random(3)
    variants = []
    for position in range(len(original)):
        altered = bytearray(original)
        altered[position] ^= rng.randrange(1, 256)
        variants.append(bytes(altered))
    return variants


# ---------------------------------------------------------------- keys


def test_fingerprint_format() -> None:
    # SHA-256 of 32 zero bytes starts 66687aadf862bd77.
    assert fingerprint(bytes(32)) == "6668-7AAD-F862-BD77"
    assert fingerprint(bytes(32)) != fingerprint(bytes(31) + b"\x01")


def test_keyset_round_trips_through_base64(township: KeySet) -> None:
    stored = township.to_b64_dict()
    assert set(stored) == {"signing_private_key", "encryption_private_key"}
    again = KeySet.from_b64_dict(stored)
    assert again.signing_public_bytes == township.signing_public_bytes
    assert again.encryption_public_bytes == township.encryption_public_bytes
    assert again.signing_fingerprint == township.signing_fingerprint
    public = signing_public_key_from_bytes(township.signing_public_bytes)
    public.verify(again.signing.sign(b"m"), b"m")
    assert (
        encryption_public_key_from_bytes(township.encryption_public_bytes).public_bytes_raw()
        == township.encryption_public_bytes
    )


@pytest.mark.parametrize(
    "stored",
    [
        {},
        {"signing_private_key": "AAAA", "encryption_private_key": "AAAA"},
        {"signing_private_key": "not base64!", "encryption_private_key": to_b64(bytes(32))},
        {"signing_private_key": to_b64(bytes(32))[:-1] + "B", "encryption_private_key": ""},
    ],
)
def test_bad_stored_keys_raise_key_format_error(stored: dict[str, str]) -> None:
    with pytest.raises(KeyFormatError):
        KeySet.from_b64_dict(stored)


def test_base64_must_be_canonical() -> None:
    assert from_b64(to_b64(b"\x01\x02")) == b"\x01\x02"
    for text in ["AQI", "AQJ=", " AQI=", "AQI=\n", 5]:
        with pytest.raises(KeyFormatError):
            from_b64(text)


def test_canonical_json_refuses_ambiguity() -> None:
    assert canonical_json({"b": 1, "a": "村"}) == '{"a":"村","b":1}'.encode()
    for text in [b'{"a":1,"a":2}', b'{"a":1.5}', b'{"a": 1}', b"[1]", b'{"a":NaN}', b"\xff"]:
        with pytest.raises(ValueError):
            parse_canonical_json(text)
    with pytest.raises(ValueError):
        parse_canonical_json(b'{"a":' * 100_000)


# ---------------------------------------------------------------- enrollment


@pytest.fixture
def enrollment_path(tmp_path: Path, township: KeySet) -> Path:
    path = tmp_path / enrollment_filename("城关镇", TOWNSHIP_CODE)
    write_enrollment(
        path,
        township_code=TOWNSHIP_CODE,
        township_name="城关镇",
        keys=township,
        created="2024-03-01T09:00:00+08:00",
    )
    return path


def test_enrollment_round_trip(enrollment_path: Path, township: KeySet) -> None:
    assert enrollment_path.name == "城关镇_350322111_注册文件.cunwu-enroll"
    enrollment = read_enrollment(enrollment_path)
    assert enrollment.township_code == TOWNSHIP_CODE
    assert enrollment.township_name == "城关镇"
    assert enrollment.created == "2024-03-01T09:00:00+08:00"
    assert enrollment.encryption_public_bytes == township.encryption_public_bytes
    assert enrollment.signing_public_bytes == township.signing_public_bytes
    assert enrollment.encryption_fingerprint == township.encryption_fingerprint
    assert enrollment.signing_fingerprint == township.signing_fingerprint
    assert enrollment.path == enrollment_path
    assert enrollment.encryption_public.public_bytes_raw() == township.encryption_public_bytes
    assert list(enrollment_path.parent.iterdir()) == [enrollment_path]


def test_enrollment_every_byte_change_is_refused(enrollment_path: Path) -> None:
    for variant in every_byte_changed(enrollment_path):
        enrollment_path.write_bytes(variant)
        with pytest.raises(EnrollmentError) as info:
            read_enrollment(enrollment_path)
        assert enrollment_path.name in str(info.value)


def test_enrollment_truncated_and_garbage(enrollment_path: Path) -> None:
    original = enrollment_path.read_bytes()
    for length in range(0, len(original), 7):
        enrollment_path.write_bytes(original[:length])
        with pytest.raises(EnrollmentError, match="已损坏"):
            read_enrollment(enrollment_path)
    enrollment_path.write_bytes(b"\x89PNG\r\n")
    with pytest.raises(EnrollmentError, match="已损坏"):
        read_enrollment(enrollment_path)
    with pytest.raises(EnrollmentError, match="找不到注册文件"):
        read_enrollment(enrollment_path.with_name("missing.cunwu-enroll"))


def test_enrollment_with_swapped_key_is_refused(enrollment_path: Path) -> None:
    # Someone replaces the encryption key to read the villages' packages.
    doc = parse_canonical_json(enrollment_path.read_bytes())
    doc["encryption_public_key"] = to_b64(KeySet.generate().encryption_public_bytes)
    enrollment_path.write_bytes(canonical_json(doc))
    with pytest.raises(EnrollmentError, match="签名校验失败"):
        read_enrollment(enrollment_path)


def test_enrollment_needs_its_own_context(tmp_path: Path, township: KeySet) -> None:
    body = enrollment_body(township)
    path = tmp_path / "x.cunwu-enroll"
    path.write_bytes(sign_document(body, township.signing, RECEIPT_CONTEXT))
    with pytest.raises(EnrollmentError, match="签名校验失败"):
        read_enrollment(path)
    path.write_bytes(sign_document(body, township.signing, ENROLLMENT_CONTEXT))
    assert read_enrollment(path).township_code == TOWNSHIP_CODE


def enrollment_body(township: KeySet, **overrides: Any) -> dict[str, Any]:
    body = {
        "format": "cunwu-enrollment",
        "format_version": 1,
        "township_code": TOWNSHIP_CODE,
        "township_name": "城关镇",
        "encryption_public_key": to_b64(township.encryption_public_bytes),
        "signing_public_key": to_b64(township.signing_public_bytes),
        "created": "2024-03-01T09:00:00+08:00",
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"format_version": 2}, "请升级村务台账"),
        ({"format": "cunwu-receipt"}, "不是村务台账的乡镇注册文件"),
        ({"township_code": "35032211"}, "乡镇代码应为 9 位数字"),
        ({"township_name": ""}, "乡镇名称不正确"),
        ({"extra": 1}, "未知字段"),
        ({"created": "soon"}, "生成时间不正确"),
    ],
)
def test_enrollment_structure_errors(
    tmp_path: Path, township: KeySet, overrides: dict[str, Any], fragment: str
) -> None:
    path = tmp_path / "x.cunwu-enroll"
    body = enrollment_body(township, **overrides)
    path.write_bytes(sign_document(body, township.signing, ENROLLMENT_CONTEXT))
    with pytest.raises(EnrollmentError, match=fragment):
        read_enrollment(path)


def test_enrollment_write_rejects_bad_code(tmp_path: Path, township: KeySet) -> None:
    with pytest.raises(ValueError):
        write_enrollment(
            tmp_path / "x.cunwu-enroll", township_code="3503", township_name="城关镇", keys=township
        )
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- receipts


def receipt_args(township: KeySet, **overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "package_id": "0b6c3a3e-1f5e-4a43-9b5a-2b0a6f3c9e11",
        "package_sha256": "ab" * 32,
        "installation_id": INSTALLATION,
        "village_code": "350322111202",
        "township_code": TOWNSHIP_CODE,
        "sequence": 7,
        "version_ids": VERSION_IDS + VERSION_IDS[:5],
        "signer": township.signing,
        "imported": "2024-03-05T15:30:00+08:00",
    }
    args.update(overrides)
    return args


@pytest.fixture
def receipt_path(tmp_path: Path, township: KeySet) -> Path:
    path = tmp_path / receipt_filename("南山村_350322111202_20240301_序号0007.cunwu-pkg")
    write_receipt(path, **receipt_args(township))
    return path


def test_receipt_round_trip(receipt_path: Path, township: KeySet) -> None:
    assert receipt_path.name == "南山村_350322111202_20240301_序号0007.cunwu-receipt"
    receipt = read_receipt(receipt_path, township.signing_public)
    assert receipt.package_id == "0b6c3a3e-1f5e-4a43-9b5a-2b0a6f3c9e11"
    assert receipt.installation_id == INSTALLATION
    assert receipt.village_code == "350322111202"
    assert receipt.township_code == TOWNSHIP_CODE
    assert receipt.sequence == 7
    assert receipt.version_ids == tuple(sorted(VERSION_IDS))
    assert receipt.version_ids_sha256 == version_ids_digest(reversed(VERSION_IDS))
    assert receipt.imported == "2024-03-05T15:30:00+08:00"
    assert receipt.signer_public_bytes == township.signing_public_bytes
    assert receipt.signer_fingerprint == township.signing_fingerprint


def test_receipt_from_another_township_is_refused(receipt_path: Path) -> None:
    with pytest.raises(ReceiptError, match="不是本乡镇签发的"):
        read_receipt(receipt_path, Ed25519PrivateKey.generate().public_key())


def test_receipt_every_byte_change_is_refused(receipt_path: Path, township: KeySet) -> None:
    variants = every_byte_changed(receipt_path)
    for variant in variants[:: max(1, len(variants) // 600)]:
        receipt_path.write_bytes(variant)
        with pytest.raises(ReceiptError) as info:
            read_receipt(receipt_path, township.signing_public)
        assert receipt_path.name in str(info.value)


def test_receipt_with_altered_list_is_refused(receipt_path: Path, township: KeySet) -> None:
    doc = parse_canonical_json(receipt_path.read_bytes())
    doc["version_ids"] = doc["version_ids"][1:]
    doc["version_ids_sha256"] = version_ids_digest(doc["version_ids"])
    receipt_path.write_bytes(canonical_json(doc))
    with pytest.raises(ReceiptError, match="签名校验失败"):
        read_receipt(receipt_path, township.signing_public)
    doc["version_ids_sha256"] = "00" * 32
    receipt_path.write_bytes(
        sign_document({k: v for k, v in doc.items() if k != "signature"}, township.signing, RECEIPT_CONTEXT)
    )
    with pytest.raises(ReceiptError, match="校验值不符"):
        read_receipt(receipt_path, township.signing_public)


def test_receipt_signed_for_another_purpose_is_refused(receipt_path: Path, township: KeySet) -> None:
    doc = parse_canonical_json(receipt_path.read_bytes())
    body = {k: v for k, v in doc.items() if k != "signature"}
    receipt_path.write_bytes(sign_document(body, township.signing, ENROLLMENT_CONTEXT))
    with pytest.raises(ReceiptError, match="签名校验失败"):
        read_receipt(receipt_path, township.signing_public)


def test_receipt_newer_version_and_garbage(receipt_path: Path, township: KeySet) -> None:
    doc = parse_canonical_json(receipt_path.read_bytes())
    body = {k: v for k, v in doc.items() if k != "signature"}
    body["format_version"] = 3
    receipt_path.write_bytes(sign_document(body, township.signing, RECEIPT_CONTEXT))
    with pytest.raises(ReceiptError, match="请升级村务台账"):
        read_receipt(receipt_path, township.signing_public)
    for junk in [b"", b"{}", b"[]", b"\x00" * 100]:
        receipt_path.write_bytes(junk)
        with pytest.raises(ReceiptError):
            read_receipt(receipt_path, township.signing_public)


@pytest.mark.parametrize(
    "overrides",
    [
        {"village_code": "3503"},
        {"sequence": -1},
        {"package_sha256": "xyz"},
        {"version_ids": ["ok", "not ok"]},
        {"imported": "later"},
    ],
)
def test_receipt_write_rejects_bad_fields(
    tmp_path: Path, township: KeySet, overrides: dict[str, Any]
) -> None:
    with pytest.raises(ValueError):
        write_receipt(tmp_path / "r.cunwu-receipt", **receipt_args(township, **overrides))
    assert list(tmp_path.iterdir()) == []


def test_receipt_write_failure_leaves_nothing(
    tmp_path: Path, township: KeySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_write(fh: io.BufferedWriter, data: bytes) -> None:
        fh.write(data[:10])
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(atomic_file, "write_chunks", failing_write)
    with pytest.raises(ReceiptError, match="无法写入文件"):
        write_receipt(tmp_path / "r.cunwu-receipt", **receipt_args(township))
    assert list(tmp_path.iterdir()) == []


def test_find_receipts(tmp_path: Path, township: KeySet) -> None:
    mine = tmp_path / "a.cunwu-receipt"
    theirs = tmp_path / "b.cunwu-receipt"
    broken = tmp_path / "c.cunwu-receipt"
    write_receipt(mine, **receipt_args(township))
    write_receipt(theirs, **receipt_args(township, installation_id="other-installation"))
    broken.write_bytes(b"{truncated")
    (tmp_path / ".a.cunwu-receipt.1234abcd.tmp").write_bytes(b"partial")
    (tmp_path / "._a.cunwu-receipt").write_bytes(b"macOS")
    (tmp_path / "a.cunwu-pkg").write_bytes(b"")
    assert find_receipts(tmp_path, INSTALLATION) == [mine, broken]
    assert find_receipts(tmp_path, "other-installation") == [theirs, broken]
    with pytest.raises(ReceiptError):
        read_receipt(broken, township.signing_public)
    with pytest.raises(ReceiptError, match="无法读取文件夹"):
        find_receipts(tmp_path / "missing", INSTALLATION)


def test_errors_share_a_base_class() -> None:
    assert issubclass(ReceiptError, SyncFileError)
    assert issubclass(EnrollmentError, SyncFileError)
    assert issubclass(package_file.PackageError, SyncFileError)
    assert ReceiptError("回执有误").message == "回执有误"
