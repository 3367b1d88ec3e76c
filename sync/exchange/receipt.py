"""Signed receipts: the township's proof that it imported a village's package.

The township writes a receipt next to each package it imported. When the village
app next sees the stick it verifies the receipt with the township's signing key
(from the enrollment file) and marks the listed versions as delivered.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from sync.exchange.keys import (
    KEY_SIZE,
    KeyFormatError,
    canonical_json,
    fingerprint,
    from_b64,
    parse_canonical_json,
    public_key_bytes,
    sign_document,
    to_b64,
    verify_document,
)
from sync.exchange.package_file import (
    ID_PATTERN,
    PACKAGE_SUFFIX,
    Check,
    SyncFileError,
    atomic_write,
    is_b64,
    is_int,
    is_sha256,
    is_timestamp,
    matches,
    read_limited_file,
)

RECEIPT_SUFFIX = ".cunwu-receipt"
RECEIPT_FORMAT = "cunwu-receipt"
RECEIPT_VERSION = 1
RECEIPT_CONTEXT = b"cunwu-receipt/1\n"
MAX_RECEIPT_SIZE = 64 * 1024 * 1024

_is_version_id = matches(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")


def _is_version_ids(value: Any) -> bool:
    # Strictly increasing means sorted and free of duplicates: one spelling per set.
    return (
        isinstance(value, list)
        and all(_is_version_id(v) for v in value)
        and all(a < b for a, b in itertools.pairwise(value))
    )


_CHECKS: dict[str, Check] = {
    "package_id": matches(ID_PATTERN),
    "package_sha256": is_sha256,
    "installation_id": matches(ID_PATTERN),
    "village_code": matches(r"[0-9]{12}"),
    "township_code": matches(r"[0-9]{9}"),
    "sequence": is_int,
    "version_ids": _is_version_ids,
    "version_ids_sha256": is_sha256,
    "imported": is_timestamp,
    "signer_public_key": is_b64(KEY_SIZE),
}


class ReceiptError(SyncFileError):
    pass


@dataclass(frozen=True)
class Receipt:
    package_id: str
    package_sha256: str
    installation_id: str
    village_code: str
    township_code: str
    sequence: int
    version_ids: tuple[str, ...]
    version_ids_sha256: str
    imported: str
    signer_public_bytes: bytes
    path: Path | None = None

    @property
    def signer_fingerprint(self) -> str:
        return fingerprint(self.signer_public_bytes)


def version_ids_digest(version_ids: Iterable[str]) -> str:
    """SHA-256 (hex) of the canonical JSON of the sorted, de-duplicated id list.

    The village can compute this when exporting and later compare it with the
    receipt without keeping the whole list.
    """
    return hashlib.sha256(canonical_json(sorted(set(version_ids)))).hexdigest()


def receipt_filename(package_name: str) -> str:
    """The receipt's name for a package file name: same stem, `.cunwu-receipt`."""
    stem = package_name
    if stem.lower().endswith(PACKAGE_SUFFIX):
        stem = stem[: -len(PACKAGE_SUFFIX)]
    return stem + RECEIPT_SUFFIX


def _problem(doc: dict[str, Any]) -> str:
    extra = set(doc) - set(_CHECKS) - {"format", "format_version", "signature"}
    if extra:
        return f"含有未知字段 {sorted(extra)[0]}"
    for key, check in _CHECKS.items():
        if key not in doc:
            return f"缺少字段 {key}"
        if not check(doc[key]):
            return f"字段 {key} 的值不正确"
    if version_ids_digest(doc["version_ids"]) != doc["version_ids_sha256"]:
        return "版本清单的校验值不符"
    return ""


def _check_format(doc: dict[str, Any], name: str) -> None:
    if doc.get("format") != RECEIPT_FORMAT:
        raise ReceiptError(f"文件 {name} 不是村务台账的回执。")
    version = doc.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > 1:
        raise ReceiptError(f"回执 {name} 由更新版本的村务台账生成（格式版本 {version}），请升级村务台账。")
    if version != RECEIPT_VERSION:
        raise ReceiptError(f"回执 {name} 已损坏（格式版本号无效）。")


def _from_document(doc: dict[str, Any], path: Path | None) -> Receipt:
    return Receipt(
        package_id=doc["package_id"],
        package_sha256=doc["package_sha256"],
        installation_id=doc["installation_id"],
        village_code=doc["village_code"],
        township_code=doc["township_code"],
        sequence=doc["sequence"],
        version_ids=tuple(doc["version_ids"]),
        version_ids_sha256=doc["version_ids_sha256"],
        imported=doc["imported"],
        signer_public_bytes=from_b64(doc["signer_public_key"]),
        path=path,
    )


def parse_receipt(
    data: bytes, name: str, township_signing_public: Ed25519PublicKey, path: Path | None = None
) -> Receipt:
    """Verify receipt bytes against the expected signer; raises ReceiptError."""
    try:
        doc = parse_canonical_json(data)
    except ValueError as exc:
        raise ReceiptError(f"回执 {name} 已损坏或被改动（不是规范的 JSON）。") from exc
    _check_format(doc, name)
    problem = _problem(doc)
    if problem:
        raise ReceiptError(f"回执 {name} 已损坏或被改动（{problem}）。")
    expected = public_key_bytes(township_signing_public)
    if from_b64(doc["signer_public_key"]) != expected:
        raise ReceiptError(f"回执 {name} 不是本乡镇签发的（签名密钥不符），不予采用。")
    try:
        verify_document(doc, expected, RECEIPT_CONTEXT)
    except KeyFormatError as exc:
        raise ReceiptError(f"回执 {name} 已损坏或被改动（签名校验失败），不予采用。") from exc
    return _from_document(doc, path)


def read_receipt(path: Path, township_signing_public: Ed25519PublicKey) -> Receipt:
    path = Path(path)
    data = read_limited_file(path, MAX_RECEIPT_SIZE, ReceiptError, "回执")
    return parse_receipt(data, path.name, township_signing_public, path)


def write_receipt(
    path: Path,
    *,
    package_id: str,
    package_sha256: str,
    installation_id: str,
    village_code: str,
    township_code: str,
    sequence: int,
    version_ids: Iterable[str],
    signer: Ed25519PrivateKey,
    imported: str | None = None,
    overwrite: bool = True,
) -> Receipt:
    """Atomically write a signed receipt. Overwrites by default: re-importing the
    same package yields an equivalent receipt.

    Bad field values are programming errors (ValueError); a file that cannot be
    written raises ReceiptError.
    """
    path = Path(path)
    ids = sorted(set(version_ids))
    body = {
        "format": RECEIPT_FORMAT,
        "format_version": RECEIPT_VERSION,
        "package_id": package_id,
        "package_sha256": package_sha256,
        "installation_id": installation_id,
        "village_code": village_code,
        "township_code": township_code,
        "sequence": sequence,
        "version_ids": ids,
        "version_ids_sha256": version_ids_digest(ids),
        "imported": imported or datetime.now().astimezone().isoformat(timespec="seconds"),
        "signer_public_key": to_b64(public_key_bytes(signer)),
    }
    problem = _problem(body)
    if problem:
        raise ValueError(f"invalid receipt: {problem}")
    data = sign_document(body, signer, RECEIPT_CONTEXT)
    # The body passed the checks above and ``atomic_write`` compares what it reads back with
    # these bytes; parsing and verifying them again cost the township's import a seventh of
    # its time (one receipt per package, each listing every version).
    atomic_write(path, data, lambda read_back: None, ReceiptError, overwrite=overwrite)
    return _from_document(body, path)


def _claimed_installation(path: Path) -> str | None:
    """The installation id a receipt claims, unverified; None if unreadable."""
    try:
        doc = parse_canonical_json(read_limited_file(path, MAX_RECEIPT_SIZE, ReceiptError))
    except (ValueError, ReceiptError):
        return None
    value = doc.get("installation_id")
    return value if isinstance(value, str) else None


def find_receipts(folder: Path, installation_id: str) -> list[Path]:
    """Receipt files in `folder` for this installation, sorted by name. NOT verified:
    call read_receipt on each. Unreadable receipt files are included so that
    read_receipt can tell the user what is wrong with them.
    """
    folder = Path(folder)
    try:
        with os.scandir(folder) as entries:
            candidates = [
                Path(e.path)
                for e in entries
                if not e.name.startswith(".") and e.name.lower().endswith(RECEIPT_SUFFIX) and e.is_file()
            ]
    except OSError as exc:
        raise ReceiptError(f"无法读取文件夹 {folder}（{exc.strerror or exc}）。") from exc
    found = []
    for path in candidates:
        claimed = _claimed_installation(path)
        if claimed is None or claimed == installation_id:
            found.append(path)
    return sorted(found)
