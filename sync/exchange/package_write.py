"""Sealing and writing a package: encrypt the payload to the recipient, sign the header, lay
out the ZIP, write it atomically and check what was written by opening it again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from sync.exchange.keys import canonical_json, public_key_bytes, to_b64
from sync.exchange.package_crypto import decrypt, encrypt
from sync.exchange.package_file import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_PACKAGE_SIZE,
    MAX_PAYLOAD_SIZE,
    MEMBER_NAMES,
    PACKAGE_SUFFIX,
    SIGNATURE_CONTEXT,
    PackageError,
    is_package_name,
)
from sync.exchange.package_header import check_caller_header
from sync.exchange.package_read import verify_bytes
from sync.exchange.package_zip import build_zip
from sync.exchange.stick_files import WINDOWS_UNSAFE, write_stick_file


def seal(
    header: dict[str, Any],
    payload: bytes,
    signer: Ed25519PrivateKey,
    recipient_public: X25519PublicKey,
) -> tuple[bytes, dict[str, Any], bytes]:
    """The package bytes, the full header, and the payload key (kept for verifying)."""
    signed = {
        **header,
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "signer_public_key": to_b64(public_key_bytes(signer)),
    }
    full, ciphertext, key = encrypt(signed, payload, recipient_public)
    header_bytes = canonical_json(full)
    signature = signer.sign(SIGNATURE_CONTEXT + header_bytes)
    members = zip(MEMBER_NAMES, (header_bytes, ciphertext, signature), strict=True)
    return build_zip(list(members)), full, key


def write_package(
    path_dir: Path,
    filename: str,
    header: dict[str, Any],
    payload: bytes,
    signer: Ed25519PrivateKey,
    recipient_public: X25519PublicKey,
    *,
    overwrite: bool = False,
) -> Path:
    """Compress, encrypt, sign and atomically write a package; return its path.

    A bad `header` or `filename` is a programming error (ValueError); a file that
    cannot be written or verified raises PackageError.
    """
    if not is_package_name(filename) or WINDOWS_UNSAFE.search(filename):
        raise ValueError(f"package file name must be a plain name ending in {PACKAGE_SUFFIX}")
    if len(payload) > MAX_PAYLOAD_SIZE:
        raise PackageError(f"数据量过大，无法生成数据包 {filename}。")
    data, full, key = seal(check_caller_header(header), payload, signer, recipient_public)
    if len(data) > MAX_PACKAGE_SIZE:
        raise PackageError(f"数据量过大，无法生成数据包 {filename}。")

    def verify(read_back: bytes) -> None:
        opened = verify_bytes(read_back, filename)
        if opened.header != full or decrypt(key, full, opened.ciphertext, filename) != payload:
            raise PackageError(f"数据包 {filename} 写入后校验失败，请重试。")

    path = Path(path_dir) / filename
    write_stick_file(path, data, verify, PackageError, overwrite=overwrite)
    return path
