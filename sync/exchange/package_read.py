"""Opening a package: every check that needs no private key (container, header, signature,
hash), then, for the recipient, decryption. Any problem is a PackageError with a Chinese reason."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from sync.exchange.keys import (
    KeyFormatError,
    fingerprint,
    from_b64,
    public_key_bytes,
    signing_public_key_from_bytes,
)
from sync.exchange.package_crypto import decrypt, recipient_key
from sync.exchange.package_file import (
    KIND_RETURN,
    KIND_UPWARD,
    MAX_PACKAGE_SIZE,
    MAX_PAYLOAD_SIZE,
    MEMBER_NAMES,
    SIGNATURE_CONTEXT,
    PackageError,
    PackageInfo,
    VerifiedPackage,
    corrupt,
)
from sync.exchange.package_header import CRYPTO_CHECKS, REQUIRED_CALLER_FIELDS, header_problem, parse_header
from sync.exchange.package_zip import build_zip, read_members
from sync.exchange.stick_files import read_limited_file


@dataclass(frozen=True)
class Opened:
    """A package's bytes whose container, header, signature and hash were checked."""

    header: dict[str, Any]
    ciphertext: bytes
    signer_public_bytes: bytes


def verify_bytes(data: bytes, name: str) -> Opened:
    """Every check that needs no private key: container, header, signature, hash."""
    members, order = read_members(data, name)
    if "header.json" not in members:
        raise corrupt(name, "缺少 header.json")
    header = parse_header(members["header.json"], name)
    extra = [m for m in order if m not in MEMBER_NAMES]
    if extra:
        raise corrupt(name, f"包含多余的文件“{extra[0]}”")
    if tuple(order) != MEMBER_NAMES:
        raise corrupt(name, "缺少成员文件或顺序不对")
    if build_zip([(m, members[m]) for m in MEMBER_NAMES]) != data:
        raise corrupt(name, "ZIP 结构不规范")
    problem = header_problem(header, REQUIRED_CALLER_FIELDS | CRYPTO_CHECKS)
    if problem:
        raise corrupt(name, problem)
    signer = from_b64(header["signer_public_key"])
    signature = members["signature"]
    try:
        signing_public_key_from_bytes(signer).verify(signature, SIGNATURE_CONTEXT + members["header.json"])
    except (InvalidSignature, KeyFormatError) as exc:
        raise corrupt(name, "签名校验失败") from exc
    ciphertext = members["payload.bin"]
    if (
        len(ciphertext) != header["payload_size"]
        or hashlib.sha256(ciphertext).hexdigest() != header["payload_sha256"]
    ):
        raise corrupt(name, "数据校验值不符")
    return Opened(header, ciphertext, signer)


def _check_recipient(header: dict[str, Any], recipient: X25519PublicKey, name: str) -> None:
    if header["recipient_fingerprint"] == fingerprint(public_key_bytes(recipient)):
        return
    if header["kind"] == KIND_RETURN:
        raise PackageError(f"数据包 {name} 是发给其他村或其他电脑的，本机无法打开，未导入任何数据。")
    if header["kind"] == KIND_UPWARD:
        raise PackageError(f"数据包 {name} 是乡镇发给其他区县的上报数据包，本机无法打开，未导入任何数据。")
    raise PackageError(f"数据包 {name} 是发给其他乡镇的，本乡镇无法打开，未导入任何数据。")


def peek_header(
    path: Path,
    *,
    recipient_public: X25519PublicKey | None = None,
    max_size: int = MAX_PACKAGE_SIZE,
) -> PackageInfo:
    """Verify everything except the encrypted payload and return the signed header.

    Meant for listing a stick and sorting by sequence. With `recipient_public`, also
    refuses packages encrypted for someone else. Raises PackageError.
    """
    path = Path(path)
    data = read_limited_file(path, max_size, PackageError)
    opened = verify_bytes(data, path.name)
    if recipient_public is not None:
        _check_recipient(opened.header, recipient_public, path.name)
    return PackageInfo(path, opened.header, opened.signer_public_bytes, hashlib.sha256(data).hexdigest())


def read_package(
    path: Path,
    recipient_private: X25519PrivateKey,
    *,
    max_size: int = MAX_PACKAGE_SIZE,
    max_payload_size: int = MAX_PAYLOAD_SIZE,
) -> VerifiedPackage:
    """Verify a package completely, decrypt it and return header and payload.

    Which signer keys to trust is the caller's decision (`signer_public_bytes`).
    Raises PackageError with a Chinese message on any problem.
    """
    path = Path(path)
    data = read_limited_file(path, max_size, PackageError)
    opened = verify_bytes(data, path.name)
    header = opened.header
    _check_recipient(header, recipient_private.public_key(), path.name)
    if header["plain_size"] > max_payload_size:
        raise PackageError(f"数据包 {path.name} 的数据量超过上限，未导入任何数据。")
    key = recipient_key(recipient_private, header, path.name)
    payload = decrypt(key, header, opened.ciphertext, path.name)
    digest = hashlib.sha256(data).hexdigest()
    return VerifiedPackage(path, header, opened.signer_public_bytes, digest, payload)
