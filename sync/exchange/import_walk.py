"""Which package files an import takes, and in which order.

Files named directly and every package found directly in named folders; each header is read
without verifying it, to sort the packages by (village, installation, sequence) and to spot
duplicates early. A package on a stick for another PC, or one this PC exported itself, is set
aside here. Verification comes later (``sync.exchange.prepare``), for the packages that need it.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sync.exchange.import_summary import REFUSED, SKIPPED, PackageResult
from sync.exchange.keys import KeyFormatError, from_b64, parse_canonical_json
from sync.exchange.package_file import MAX_PACKAGE_SIZE, PackageError, PackageInfo, find_packages
from sync.exchange.package_header import OPTIONAL_CALLER_FIELDS, REQUIRED_CALLER_FIELDS, header_problem
from sync.exchange.package_read import peek_header
from sync.exchange.stick_files import SyncFileError, read_limited_file


@dataclass
class Entry:
    """One package file of an import."""

    path: Path
    explicit: bool  # named by the person, not found in a folder
    info: PackageInfo | None = None
    result: PackageResult | None = None  # decided before preparing (refused, skipped)

    @property
    def header(self) -> dict[str, Any]:
        assert self.info is not None
        return self.info.header

    def sort_key(self) -> tuple[Any, ...]:
        if self.info is None:
            return ("", "", -1, self.path.name)
        h = self.info.header
        return (h["village_code"], h["installation_id"], h["sequence"], h["created"], self.path.name)


def _checked(header: dict[str, Any], key: str) -> Any:
    """``header[key]`` if it passes the header's rule for that field, else None: a refusal must
    never carry an unchecked value (a list as village_name…) into the summary or the log."""
    check = REQUIRED_CALLER_FIELDS.get(key) or OPTIONAL_CALLER_FIELDS[key]
    value = header.get(key)
    return value if value is not None and check(value) else None


def result_from(entry: Entry, status: str, reason: str = "") -> PackageResult:
    """A result for ``entry`` with what its header says (only values that pass the header's rules)."""
    result = PackageResult(entry.path, status, reason)
    if entry.info is not None:
        h = entry.info.header
        result.package_id, result.kind = _checked(h, "package_id"), _checked(h, "kind")
        result.village, result.village_name = _checked(h, "village_code"), _checked(h, "village_name")
        result.installation, result.sequence = _checked(h, "installation_id"), _checked(h, "sequence")
        result.created = _checked(h, "created")
        result.fingerprint, result.file_sha256 = entry.info.signer_fingerprint, entry.info.file_sha256
    return result


def collect(paths: Iterable[str | os.PathLike[str]]) -> list[Entry]:
    """Package files named directly, and every package found directly in named folders."""
    entries: list[Entry] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                entries.extend(Entry(p, explicit=False) for p in find_packages(path))
            except PackageError as exc:
                entries.append(Entry(path, True, result=PackageResult(path, REFUSED, str(exc))))
        else:
            entries.append(Entry(path, explicit=True))
    return entries


def quick_header(path: Path) -> PackageInfo | None:
    """The header of a package file without verifying it, or None if anything looks wrong."""
    try:
        data = read_limited_file(path, MAX_PACKAGE_SIZE, PackageError)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            header = parse_canonical_json(archive.read("header.json"))
        signer = from_b64(header.get("signer_public_key"), expected_length=32)
        if header_problem(header, REQUIRED_CALLER_FIELDS):
            return None  # verified by peek_header, which refuses it naming the field
    except (SyncFileError, ValueError, KeyError, zipfile.BadZipFile, OSError, RuntimeError,
            NotImplementedError, EOFError, KeyFormatError, zlib.error):  # a member "compressed"
        return None
    return PackageInfo(path, header, signer, hashlib.sha256(data).hexdigest())


def peek(entry: Entry, own_signing: bytes, own_encryption_fingerprint: str | None) -> None:
    """Read ``entry``'s header to sort and to spot duplicates; set it aside (``entry.result``)
    when it is not for this PC. Verified later (``prepare``) or never needed (a duplicate is
    byte for byte a package verified when it was imported).

    ``own_encryption_fingerprint``: a village PC's, whose stick may carry return packages for
    other villages; None at the township, to which every data package is addressed.
    """
    try:
        entry.info = quick_header(entry.path) or peek_header(entry.path)
    except SyncFileError as exc:
        entry.result = PackageResult(entry.path, REFUSED, str(exc))
        return
    if not entry.explicit and own_encryption_fingerprint is not None and \
            entry.info.header.get("recipient_fingerprint") != own_encryption_fingerprint:
        # A stick may carry return packages for other villages: not an error here.
        entry.result = result_from(entry, SKIPPED, "这不是发给本机的数据包")
        return
    if entry.info.signer_public_bytes == own_signing:
        entry.result = result_from(entry, SKIPPED, "这是本机导出的数据包，无需导入")
        if entry.explicit:
            entry.result.status = REFUSED
            entry.result.reason = f"数据包 {entry.path.name} 是本机导出的，不能导入本机，未导入任何数据。"
