"""Signed receipts: the township's proof that it imported a village's package.

The township writes a receipt (a signed document, ``sync.exchange.signed_document``) next to
each package it imported. When the village app next sees the stick it verifies the receipt with
the township's signing key (from the enrollment file) and marks the listed versions as delivered.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from sync.exchange import field_checks as check
from sync.exchange.keys import (
    KEY_SIZE,
    canonical_json,
    fingerprint,
    from_b64,
    parse_canonical_json,
    public_key_bytes,
    to_b64,
)
from sync.exchange.package_file import PACKAGE_SUFFIX
from sync.exchange.signed_document import DocumentKind
from sync.exchange.stick_files import SyncFileError, files_in, read_limited_file

RECEIPT_SUFFIX = ".cunwu-receipt"
RECEIPT_CONTEXT = b"cunwu-receipt/1\n"
MAX_RECEIPT_SIZE = 64 * 1024 * 1024

_is_version_id = check.matches(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")


def _is_version_ids(value: Any) -> bool:
    # Strictly increasing means sorted and free of duplicates: one spelling per set.
    return (
        isinstance(value, list)
        and all(_is_version_id(v) for v in value)
        and all(a < b for a, b in itertools.pairwise(value))
    )


class ReceiptError(SyncFileError):
    pass


def version_ids_digest(version_ids: Iterable[str]) -> str:
    """SHA-256 (hex) of the canonical JSON of the sorted, de-duplicated id list.

    The village can compute this when exporting and later compare it with the
    receipt without keeping the whole list.
    """
    return hashlib.sha256(canonical_json(sorted(set(version_ids)))).hexdigest()


def _digest_problem(doc: dict[str, Any]) -> str:
    same = version_ids_digest(doc["version_ids"]) == doc["version_ids_sha256"]
    return "" if same else "版本清单的校验值不符"


RECEIPT = DocumentKind(
    format="cunwu-receipt", version=1, context=RECEIPT_CONTEXT, max_size=MAX_RECEIPT_SIZE, what="回执",
    called="回执", error=ReceiptError, upgrade="请升级村务台账。", refusal="，不予采用",
    more_checks=_digest_problem,
    fields={
        "package_id": (check.is_id, ""),
        "package_sha256": (check.is_sha256, ""),
        "installation_id": (check.is_id, ""),
        "village_code": (check.is_village_code, ""),
        "township_code": (check.is_township_code, ""),
        "sequence": (check.is_int, ""),
        "version_ids": (_is_version_ids, ""),
        "version_ids_sha256": (check.is_sha256, ""),
        "imported": (check.is_timestamp, ""),
        "signer_public_key": (check.is_b64(KEY_SIZE), ""),
    },
)


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


def receipt_filename(package_name: str) -> str:
    """The receipt's name for a package file name: same stem, `.cunwu-receipt`."""
    stem = package_name
    if stem.lower().endswith(PACKAGE_SUFFIX):
        stem = stem[: -len(PACKAGE_SUFFIX)]
    return stem + RECEIPT_SUFFIX


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


def _verified(doc: dict[str, Any], name: str, township_signing_public: Ed25519PublicKey,
              path: Path | None) -> Receipt:
    expected = public_key_bytes(township_signing_public)
    if from_b64(doc["signer_public_key"]) != expected:
        raise ReceiptError(f"回执 {name} 不是本乡镇签发的（签名密钥不符），不予采用。")
    RECEIPT.verify(doc, expected, name)
    return _from_document(doc, path)


def parse_receipt(
    data: bytes, name: str, township_signing_public: Ed25519PublicKey, path: Path | None = None
) -> Receipt:
    """Verify receipt bytes against the expected signer; raises ReceiptError."""
    return _verified(RECEIPT.parse(data, name), name, township_signing_public, path)


def read_receipt(path: Path, township_signing_public: Ed25519PublicKey) -> Receipt:
    path = Path(path)
    return _verified(RECEIPT.read(path), path.name, township_signing_public, path)


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
    # The fields pass the kind's checks before signing, and the write compares what it reads
    # back with these bytes; parsing and verifying them again cost the township's import a
    # seventh of its time (one receipt per package, each listing every version).
    body = RECEIPT.write(path, {
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
    }, signer, overwrite=overwrite)
    return _from_document(body, path)


def unverified_receipt(path: Path) -> dict[str, Any] | None:
    """What a receipt file claims, before anyone knows whom to verify it with (its installation,
    its signer); None if it is not even canonical JSON."""
    try:
        return parse_canonical_json(read_limited_file(path, MAX_RECEIPT_SIZE, ReceiptError, "回执"))
    except (ValueError, ReceiptError):
        return None


def find_receipts(folder: Path, installation_id: str) -> list[Path]:
    """Receipt files in `folder` for this installation, sorted by name. NOT verified:
    call read_receipt on each. Unreadable receipt files are included so that
    read_receipt can tell the user what is wrong with them.
    """
    found = []
    for path in files_in(folder, RECEIPT_SUFFIX, ReceiptError):
        doc = unverified_receipt(path)
        claimed = doc.get("installation_id") if doc is not None else None
        if not isinstance(claimed, str) or claimed == installation_id:
            found.append(path)
    return found
