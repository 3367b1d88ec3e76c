"""The sync package file: a signed, encrypted container carried on a USB stick.

A package is a ZIP with exactly three stored members, always in this order and
always serialised byte-for-byte the same way (see docs/package-format.md):

    header.json   canonical JSON, plaintext, no personal data, signed
    payload.bin   zlib-compressed payload, encrypted to the recipient (AEAD)
    signature     64-byte Ed25519 signature over SIGNATURE_CONTEXT + header.json

The reader rebuilds the ZIP from the three members and requires the result to
equal the file, so no byte anywhere in the file can change unnoticed. The payload
is opaque here; what it contains is the store's business.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import secrets
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey,
    X25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sync.exchange.keys import (
    KEY_SIZE,
    KeyFormatError,
    canonical_json,
    encryption_public_key_from_bytes,
    fingerprint,
    from_b64,
    parse_canonical_json,
    public_key_bytes,
    signing_public_key_from_bytes,
    to_b64,
)

PACKAGE_SUFFIX = ".cunwu-pkg"
FORMAT_NAME = "cunwu-sync-package"
FORMAT_VERSION = 1
MEMBER_NAMES = ("header.json", "payload.bin", "signature")
SIGNATURE_CONTEXT = b"cunwu-sync-package/1\n"
HKDF_INFO = b"cunwu-sync-package/1 payload key"
NONCE_SIZE = 12
KIND_DATA = "data"
KIND_RETURN = "return"

MAX_PACKAGE_SIZE = 256 * 1024 * 1024
MAX_PAYLOAD_SIZE = 1024 * 1024 * 1024  # uncompressed
MAX_HEADER_SIZE = 64 * 1024

# Fields that depend on the ciphertext cannot be part of the AEAD's associated data.
_NOT_IN_AAD = ("payload_sha256", "payload_size")


class SyncFileError(Exception):
    """A sync file (package, enrollment, receipt) cannot be used. str() is Chinese."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class PackageError(SyncFileError):
    pass


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


# ---------------------------------------------------------------- atomic files


def _write_all(fh: io.BufferedWriter, data: bytes) -> None:
    view = memoryview(data)
    for start in range(0, len(view), 1024 * 1024):
        fh.write(view[start : start + 1024 * 1024])


def _fsync_directory(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open directories.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(
    path: Path,
    data: bytes,
    verify: Callable[[bytes], None],
    error: type[SyncFileError],
    *,
    overwrite: bool,
) -> None:
    """Write `data` so that `path` either does not exist or holds all of it, verified.

    The temporary name starts with a dot and ends in `.tmp`, so neither a folder
    scan nor a person takes a half-written file (stick pulled out) for the real one.
    `verify` gets the bytes read back from disk and raises if they are unusable.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as fh:
            _write_all(fh, data)
            fh.flush()
            os.fsync(fh.fileno())
        read_back = tmp.read_bytes()
        if read_back != data:
            raise error(f"写入 {path.name} 后读回的内容与写入的不一致，U 盘可能有故障。")
        verify(read_back)
        if not overwrite and path.exists():
            raise error(f"文件 {path.name} 已存在，没有覆盖它。")
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise error(
                f"无法写入文件 {path.name}（{exc.strerror or exc}）。"
                "请检查 U 盘是否插好、是否已满或写保护，然后重试。"
            ) from exc
        raise
    _fsync_directory(path.parent)


# ---------------------------------------------------------------- ZIP container

# A fixed, documented ZIP layout (stored, no extra fields, 1980-01-01 00:00) so the
# reader can rebuild it exactly; stdlib zipfile's own output may change between
# Python versions, which would make old packages unreadable.
_ZIP_VERSION = 20
_DOS_DATE = (1 << 5) | 1
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")


def build_zip(members: list[tuple[str, bytes]]) -> bytes:
    out = bytearray()
    central = bytearray()
    for name, content in members:
        raw_name = name.encode("ascii")
        fixed = (0, 0, 0, _DOS_DATE)  # flags, method (stored), time, date
        crc = zlib.crc32(content)
        sizes = (crc, len(content), len(content), len(raw_name), 0)  # 0: no extra field
        offset = len(out)
        out += _LOCAL.pack(0x04034B50, _ZIP_VERSION, *fixed, *sizes) + raw_name + content
        # zeros: comment length, disk number, internal and external attributes
        central += _CENTRAL.pack(0x02014B50, _ZIP_VERSION, _ZIP_VERSION, *fixed, *sizes, 0, 0, 0, 0, offset)
        central += raw_name
    end = _END.pack(0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + end)


def _corrupt(name: str, reason: str) -> PackageError:
    return PackageError(f"数据包 {name} 已损坏或被改动（{reason}），未导入任何数据。")


def _check_member_names(infos: list[zipfile.ZipInfo], name: str) -> None:
    seen: set[str] = set()
    for info in infos:
        member = info.filename
        parts = member.replace("\\", "/").split("/")
        if (
            not member
            or member.startswith(("/", "\\"))
            or re.match(r"^[A-Za-z]:", member)
            or ".." in parts
            or "\x00" in member
        ):
            raise PackageError(f"数据包 {name} 含有不安全的文件路径“{member}”，已拒绝，未导入任何数据。")
        if member in seen:
            raise _corrupt(name, f"文件“{member}”重复出现")
        seen.add(member)


def _read_members(data: bytes, name: str) -> tuple[dict[str, bytes], list[str]]:
    """Read the members after checking every declared size against hard limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:  # zipfile raises many types on malformed input
        raise _corrupt(name, "不是有效的 ZIP 文件") from exc
    if not infos or len(infos) > 16:
        raise _corrupt(name, "ZIP 文件中的成员数量不正确")
    _check_member_names(infos, name)
    for info in infos:
        if info.compress_type != zipfile.ZIP_STORED:
            raise _corrupt(name, f"“{info.filename}”使用了不支持的压缩方式")
        if info.file_size != info.compress_size or info.file_size > len(data):
            raise _corrupt(name, f"“{info.filename}”声明的大小不正确")
    if sum(info.file_size for info in infos) > len(data):
        raise _corrupt(name, "成员声明的总大小超过文件大小")
    members: dict[str, bytes] = {}
    try:
        for info in infos:
            with archive.open(info) as fh:
                content = fh.read(info.file_size + 1)
            if len(content) != info.file_size:
                raise _corrupt(name, f"“{info.filename}”的实际大小与声明不符")
            members[info.filename] = content
    except PackageError:
        raise
    except Exception as exc:  # CRC mismatch, truncated data, bad local header
        raise _corrupt(name, "ZIP 成员无法读取或校验和错误") from exc
    return members, [info.filename for info in infos]


# ---------------------------------------------------------------- header fields

# Field checks, shared with enrollment.py and receipt.py. Each returns a bool so
# callers can phrase their own Chinese message.
Check = Callable[[Any], bool]
ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"
_EXTRA_KEY = re.compile(r"[a-z][a-z0-9_]{0,63}")
# A citizen ID number standing alone: the header must never carry personal data.
_CITIZEN_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")


def matches(pattern: str) -> Check:
    compiled = re.compile(pattern)
    return lambda value: isinstance(value, str) and compiled.fullmatch(value) is not None


def is_int(value: Any, low: int = 0, high: int = 2**53) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def is_timestamp(value: Any) -> bool:
    if not isinstance(value, str) or len(value) > 40:
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_b64(size: int) -> Check:
    def check(value: Any) -> bool:
        try:
            from_b64(value, expected_length=size)
        except KeyFormatError:
            return False
        return True

    return check


def _is_counts(value: Any) -> bool:
    return isinstance(value, dict) and all(_EXTRA_KEY.fullmatch(k) and is_int(v) for k, v in value.items())


is_sha256 = matches(r"[0-9a-f]{64}")
REQUIRED_CALLER_FIELDS: dict[str, Check] = {
    "package_id": matches(ID_PATTERN),
    "kind": matches(r"[a-z][a-z_]{0,31}"),
    "village_code": matches(r"[0-9]{12}"),
    "installation_id": matches(ID_PATTERN),
    "sequence": is_int,
    "created": is_timestamp,
    "schema_version": lambda v: is_int(v, 1),
}
OPTIONAL_CALLER_FIELDS: dict[str, Check] = {
    "village_name": lambda v: isinstance(v, str) and 0 < len(v) <= 100,
    "township_code": matches(r"[0-9]{9}"),
    "counts": _is_counts,
}
_CRYPTO_CHECKS: dict[str, Check] = {
    "format": lambda v: v == FORMAT_NAME,
    "format_version": lambda v: v == FORMAT_VERSION,
    "signer_public_key": is_b64(KEY_SIZE),
    "recipient_fingerprint": matches(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}"),
    "ephemeral_public_key": is_b64(KEY_SIZE),
    "nonce": is_b64(NONCE_SIZE),
    "plain_size": is_int,
    "payload_sha256": is_sha256,
    "payload_size": is_int,
}
# Fields the writer adds. A caller must not supply them.
CRYPTO_FIELDS = tuple(_CRYPTO_CHECKS)


def _header_problem(header: dict[str, Any], checks: dict[str, Check]) -> str:
    """First problem with the header's known fields, or '' if there is none."""
    for key, check in checks.items():
        if key not in header:
            return f"头部缺少字段 {key}"
        if not check(header[key]):
            return f"头部字段 {key} 的值不正确"
    for key, check in OPTIONAL_CALLER_FIELDS.items():
        if key in header and not check(header[key]):
            return f"头部字段 {key} 的值不正确"
    for key in header:
        if not _EXTRA_KEY.fullmatch(key):
            return f"头部字段名 {key!r} 不合规"
    return ""


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _check_caller_header(header: dict[str, Any]) -> dict[str, Any]:
    """The caller's header as it will read back (tuples become lists...).

    Mistakes in it are programming errors and raise ValueError.
    """
    reserved = sorted(set(header) & set(CRYPTO_FIELDS))
    if reserved:
        raise ValueError(f"header fields reserved for the container: {reserved}")
    try:
        encoded = canonical_json(header)
        normalized = parse_canonical_json(encoded)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"header must be JSON without floats: {exc}") from exc
    problem = _header_problem(normalized, REQUIRED_CALLER_FIELDS)
    if problem:
        raise ValueError(f"invalid package header: {problem}")
    if any(_CITIZEN_ID.search(text) for text in _strings(normalized)):
        raise ValueError("package header must not contain personal data (citizen ID number)")
    if len(encoded) > MAX_HEADER_SIZE // 2:
        raise ValueError("package header too large")
    return normalized


# ---------------------------------------------------------------- crypto


def _payload_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral_public + recipient_public,
        info=HKDF_INFO,
    ).derive(shared)


def _aad(header: dict[str, Any]) -> bytes:
    # Binds the ciphertext to this header (signer, package id, village...), so
    # nobody can re-sign someone else's ciphertext under their own header.
    return canonical_json({k: v for k, v in header.items() if k not in _NOT_IN_AAD})


def _decrypt(key: bytes, header: dict[str, Any], ciphertext: bytes, name: str) -> bytes:
    nonce = from_b64(header["nonce"])
    try:
        compressed = ChaCha20Poly1305(key).decrypt(nonce, ciphertext, _aad(header))
    except InvalidTag as exc:
        raise _corrupt(name, "解密校验失败") from exc
    plain_size = header["plain_size"]
    inflater = zlib.decompressobj()
    try:
        payload = inflater.decompress(compressed, plain_size + 1)
    except zlib.error as exc:
        raise _corrupt(name, "解压失败") from exc
    if len(payload) != plain_size or not inflater.eof or inflater.unused_data:
        raise _corrupt(name, "解压后的大小与声明不符")
    return payload


# ---------------------------------------------------------------- verification


@dataclass(frozen=True)
class _Parsed:
    header: dict[str, Any]
    ciphertext: bytes
    signer_public_bytes: bytes


def _parse_header(raw: bytes, name: str) -> dict[str, Any]:
    if len(raw) > MAX_HEADER_SIZE:
        raise _corrupt(name, "头部过大")
    try:
        header = parse_canonical_json(raw)
    except ValueError as exc:
        raise _corrupt(name, "头部不是规范的 JSON") from exc
    if header.get("format") != FORMAT_NAME:
        raise PackageError(f"文件 {name} 不是村务台账数据包，未导入任何数据。")
    version = header.get("format_version")
    if is_int(version, FORMAT_VERSION + 1):
        raise PackageError(
            f"数据包 {name} 由更新版本的村务台账生成（格式版本 {version}），"
            f"本程序只支持格式版本 {FORMAT_VERSION}。请升级村务台账后再导入。"
        )
    if version != FORMAT_VERSION:
        raise _corrupt(name, "格式版本号无效")
    return header


def _verify_bytes(data: bytes, name: str) -> _Parsed:
    """Every check that needs no private key: container, header, signature, hash."""
    members, order = _read_members(data, name)
    if "header.json" not in members:
        raise _corrupt(name, "缺少 header.json")
    header = _parse_header(members["header.json"], name)
    extra = [m for m in order if m not in MEMBER_NAMES]
    if extra:
        raise _corrupt(name, f"包含多余的文件“{extra[0]}”")
    if tuple(order) != MEMBER_NAMES:
        raise _corrupt(name, "缺少成员文件或顺序不对")
    if build_zip([(m, members[m]) for m in MEMBER_NAMES]) != data:
        raise _corrupt(name, "ZIP 结构不规范")
    problem = _header_problem(header, REQUIRED_CALLER_FIELDS | _CRYPTO_CHECKS)
    if problem:
        raise _corrupt(name, problem)
    signer = from_b64(header["signer_public_key"])
    signature = members["signature"]
    try:
        signing_public_key_from_bytes(signer).verify(signature, SIGNATURE_CONTEXT + members["header.json"])
    except (InvalidSignature, KeyFormatError) as exc:
        raise _corrupt(name, "签名校验失败") from exc
    ciphertext = members["payload.bin"]
    if (
        len(ciphertext) != header["payload_size"]
        or hashlib.sha256(ciphertext).hexdigest() != header["payload_sha256"]
    ):
        raise _corrupt(name, "数据校验值不符")
    return _Parsed(header, ciphertext, signer)


def read_limited_file(path: Path, max_size: int, error: type[SyncFileError], what: str = "数据包") -> bytes:
    """Read a whole file, refusing anything larger than `max_size` before reading it."""
    too_big = error(f"{what} {path.name} 过大，不像是村务台账的文件，没有读取。")
    try:
        with open(path, "rb") as fh:
            if os.fstat(fh.fileno()).st_size > max_size:
                raise too_big
            data = fh.read(max_size + 1)
    except FileNotFoundError as exc:
        raise error(f"找不到{what} {path.name}。") from exc
    except OSError as exc:
        raise error(f"无法读取{what} {path.name}（{exc.strerror or exc}），请检查 U 盘。") from exc
    if len(data) > max_size:  # the file grew while we read it
        raise too_big
    return data


def _check_recipient(header: dict[str, Any], recipient: X25519PublicKey, name: str) -> None:
    if header["recipient_fingerprint"] == fingerprint(public_key_bytes(recipient)):
        return
    if header["kind"] == KIND_RETURN:
        raise PackageError(f"数据包 {name} 是发给其他村或其他电脑的，本机无法打开，未导入任何数据。")
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
    parsed = _verify_bytes(data, path.name)
    if recipient_public is not None:
        _check_recipient(parsed.header, recipient_public, path.name)
    return PackageInfo(path, parsed.header, parsed.signer_public_bytes, hashlib.sha256(data).hexdigest())


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
    parsed = _verify_bytes(data, path.name)
    header = parsed.header
    _check_recipient(header, recipient_private.public_key(), path.name)
    if header["plain_size"] > max_payload_size:
        raise PackageError(f"数据包 {path.name} 的数据量超过上限，未导入任何数据。")
    ephemeral = from_b64(header["ephemeral_public_key"])
    try:
        shared = recipient_private.exchange(encryption_public_key_from_bytes(ephemeral))
    except (ValueError, KeyFormatError) as exc:
        raise _corrupt(path.name, "临时公钥无效") from exc
    key = _payload_key(shared, ephemeral, public_key_bytes(recipient_private))
    payload = _decrypt(key, header, parsed.ciphertext, path.name)
    return VerifiedPackage(
        path,
        header,
        parsed.signer_public_bytes,
        hashlib.sha256(data).hexdigest(),
        payload,
    )


# ---------------------------------------------------------------- writing


def _seal(
    header: dict[str, Any],
    payload: bytes,
    signer: Ed25519PrivateKey,
    recipient_public: X25519PublicKey,
) -> tuple[bytes, dict[str, Any], bytes]:
    """The package bytes, the full header, and the payload key (kept for verifying)."""
    recipient_bytes = public_key_bytes(recipient_public)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_bytes = public_key_bytes(ephemeral)
    key = _payload_key(ephemeral.exchange(recipient_public), ephemeral_bytes, recipient_bytes)
    nonce = secrets.token_bytes(NONCE_SIZE)
    full = {
        **header,
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "signer_public_key": to_b64(public_key_bytes(signer)),
        "recipient_fingerprint": fingerprint(recipient_bytes),
        "ephemeral_public_key": to_b64(ephemeral_bytes),
        "nonce": to_b64(nonce),
        "plain_size": len(payload),
    }
    ciphertext = ChaCha20Poly1305(key).encrypt(nonce, zlib.compress(payload, 9), _aad(full))
    full["payload_sha256"] = hashlib.sha256(ciphertext).hexdigest()
    full["payload_size"] = len(ciphertext)
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
    if not is_package_name(filename) or _WINDOWS_UNSAFE.search(filename):
        raise ValueError(f"package file name must be a plain name ending in {PACKAGE_SUFFIX}")
    if len(payload) > MAX_PAYLOAD_SIZE:
        raise PackageError(f"数据量过大，无法生成数据包 {filename}。")
    data, full, key = _seal(_check_caller_header(header), payload, signer, recipient_public)
    if len(data) > MAX_PACKAGE_SIZE:
        raise PackageError(f"数据量过大，无法生成数据包 {filename}。")

    def verify(read_back: bytes) -> None:
        parsed = _verify_bytes(read_back, filename)
        if parsed.header != full or _decrypt(key, full, parsed.ciphertext, filename) != payload:
            raise PackageError(f"数据包 {filename} 写入后校验失败，请重试。")

    path = Path(path_dir) / filename
    atomic_write(path, data, verify, PackageError, overwrite=overwrite)
    return path


# ---------------------------------------------------------------- names on a stick


def is_package_name(name: str) -> bool:
    """True for a complete package's file name; temp files and `._` copies are not."""
    return (
        not name.startswith(".") and name.lower().endswith(PACKAGE_SUFFIX) and len(name) > len(PACKAGE_SUFFIX)
    )


def find_packages(folder: Path) -> list[Path]:
    """Complete package files directly in `folder`, sorted by name."""
    folder = Path(folder)
    try:
        with os.scandir(folder) as entries:
            found = [Path(e.path) for e in entries if is_package_name(e.name) and e.is_file()]
    except OSError as exc:
        raise PackageError(f"无法读取文件夹 {folder}（{exc.strerror or exc}）。") from exc
    return sorted(found)


_WINDOWS_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_UNSAFE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f\s]+')


def safe_name_part(text: str, *, limit: int = 40, fallback: str = "未命名") -> str:
    """Text usable inside a Windows/FAT file name: unsafe characters become `_`."""
    cleaned = _UNSAFE_CHARS.sub("_", text).strip("._ ")[:limit].strip("._ ")
    return cleaned or fallback


def package_filename(village_name: str, village_code: str, day: date, sequence: int) -> str:
    """`村名_村代码_YYYYMMDD_序号NNNN.cunwu-pkg`.

    Example: `南山村_350322111202_20240301_序号0007.cunwu-pkg`.
    """
    if not REQUIRED_CALLER_FIELDS["village_code"](village_code):
        raise ValueError("village_code must be 12 digits")
    if not is_int(sequence):
        raise ValueError("sequence must be a non-negative int")
    name = safe_name_part(village_name, fallback="未命名村")
    return f"{name}_{village_code}_{day:%Y%m%d}_序号{sequence:04d}{PACKAGE_SUFFIX}"
