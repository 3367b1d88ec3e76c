"""The sync package file: a signed, encrypted container carried on a USB stick.

A package is a ZIP with exactly three stored members, always in this order and
always serialised byte-for-byte the same way (see docs/package-format.md):

    header.json   canonical JSON, plaintext, no personal data, signed
    payload.bin   zlib-compressed payload, encrypted to the recipient (AEAD)
    signature     64-byte Ed25519 signature over SIGNATURE_CONTEXT + header.json

The reader rebuilds the ZIP from the three members and requires the result to
equal the file, so no byte anywhere in the file can change unnoticed. The payload
is opaque here; what it contains is the store's business.

This module holds the format's constants, its error and what a verified package is, and the
names of packages on a stick. The parts: ``package_zip`` (the fixed ZIP layout),
``package_header`` (the header's fields), ``package_crypto`` (encryption of the payload),
``package_read`` (verifying and opening), ``package_write`` (sealing and writing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sync.exchange.field_checks import is_int, is_village_code
from sync.exchange.keys import fingerprint
from sync.exchange.stick_files import SyncFileError, files_in, is_complete_name, safe_name_part

PACKAGE_SUFFIX = ".cunwu-pkg"
FORMAT_NAME = "cunwu-sync-package"
FORMAT_VERSION = 1
MEMBER_NAMES = ("header.json", "payload.bin", "signature")
SIGNATURE_CONTEXT = b"cunwu-sync-package/1\n"
HKDF_INFO = b"cunwu-sync-package/1 payload key"
NONCE_SIZE = 12
KIND_DATA = "data"
KIND_RETURN = "return"
# A township's package for its county: the versions of one of its villages (``sync.exchange.upward``).
KIND_UPWARD = "upward"

MAX_PACKAGE_SIZE = 256 * 1024 * 1024
MAX_PAYLOAD_SIZE = 1024 * 1024 * 1024  # uncompressed
MAX_HEADER_SIZE = 64 * 1024


class PackageError(SyncFileError):
    pass


def corrupt(name: str, reason: str) -> PackageError:
    return PackageError(f"数据包 {name} 已损坏或被改动（{reason}），未导入任何数据。")


@dataclass(frozen=True)
class PackageInfo:
    """A package whose signature and ciphertext hash were verified (not decrypted)."""

    path: Path
    header: dict[str, Any]
    signer_public_bytes: bytes
    file_sha256: str

    @property
    def signer_fingerprint(self) -> str:
        return fingerprint(self.signer_public_bytes)


@dataclass(frozen=True)
class VerifiedPackage(PackageInfo):
    payload: bytes = b""


# ---------------------------------------------------------------- names on a stick


def is_package_name(name: str) -> bool:
    """True for a complete package's file name; temp files and `._` copies are not."""
    return is_complete_name(name, PACKAGE_SUFFIX)


def find_packages(folder: Path) -> list[Path]:
    """Complete package files directly in `folder`, sorted by name."""
    return files_in(folder, PACKAGE_SUFFIX, PackageError)


def package_filename(village_name: str, village_code: str, day: date, sequence: int) -> str:
    """`村名_村代码_YYYYMMDD_序号NNNN.cunwu-pkg`.

    Example: `南山村_350322111202_20240301_序号0007.cunwu-pkg`.
    """
    if not is_village_code(village_code):
        raise ValueError("village_code must be 12 digits")
    if not is_int(sequence):
        raise ValueError("sequence must be a non-negative int")
    name = safe_name_part(village_name, fallback="未命名村")
    return f"{name}_{village_code}_{day:%Y%m%d}_序号{sequence:04d}{PACKAGE_SUFFIX}"
