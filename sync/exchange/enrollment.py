"""The township's enrollment file: how a village learns the township's public keys.

The file is canonical JSON signed by the township's own Ed25519 key. The
self-signature proves the file is intact and that its author holds the signing
key; it cannot prove the author is really the township. That is why the village
window shows the fingerprints, for the clerk to compare with the township by
phone or on paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from sync.exchange.keys import (
    KEY_SIZE,
    KeyFormatError,
    KeySet,
    encryption_public_key_from_bytes,
    fingerprint,
    from_b64,
    parse_canonical_json,
    sign_document,
    signing_public_key_from_bytes,
    to_b64,
    verify_document,
)
from sync.exchange.package_file import (
    SyncFileError,
    atomic_write,
    is_b64,
    is_timestamp,
    matches,
    read_limited_file,
    safe_name_part,
)

ENROLLMENT_SUFFIX = ".cunwu-enroll"
ENROLLMENT_FORMAT = "cunwu-enrollment"
ENROLLMENT_VERSION = 1
ENROLLMENT_CONTEXT = b"cunwu-enrollment/1\n"
MAX_ENROLLMENT_SIZE = 64 * 1024
_FIELDS = (
    "format",
    "format_version",
    "township_code",
    "township_name",
    "encryption_public_key",
    "signing_public_key",
    "created",
)


class EnrollmentError(SyncFileError):
    pass


@dataclass(frozen=True)
class Enrollment:
    township_code: str
    township_name: str
    encryption_public_bytes: bytes
    signing_public_bytes: bytes
    created: str
    path: Path | None = None

    @property
    def encryption_public(self) -> X25519PublicKey:
        return encryption_public_key_from_bytes(self.encryption_public_bytes)

    @property
    def signing_public(self) -> Ed25519PublicKey:
        return signing_public_key_from_bytes(self.signing_public_bytes)

    @property
    def encryption_fingerprint(self) -> str:
        return fingerprint(self.encryption_public_bytes)

    @property
    def signing_fingerprint(self) -> str:
        return fingerprint(self.signing_public_bytes)


def enrollment_filename(township_name: str, township_code: str) -> str:
    """`乡镇名_乡镇代码_注册文件.cunwu-enroll`."""
    return f"{safe_name_part(township_name)}_{township_code}_注册文件{ENROLLMENT_SUFFIX}"


def _problem(doc: dict[str, Any]) -> str:
    """First structural problem in a parsed enrollment document, or ''."""
    extra = set(doc) - set(_FIELDS) - {"signature"}
    if extra:
        return f"含有未知字段 {sorted(extra)[0]}"
    missing = [f for f in (*_FIELDS, "signature") if f not in doc]
    if missing:
        return f"缺少字段 {missing[0]}"
    if not matches(r"[0-9]{9}")(doc["township_code"]):
        return "乡镇代码应为 9 位数字"
    name = doc["township_name"]
    if not isinstance(name, str) or not 0 < len(name) <= 100:
        return "乡镇名称不正确"
    if not is_timestamp(doc["created"]):
        return "生成时间不正确"
    if not all(is_b64(KEY_SIZE)(doc[f]) for f in ("encryption_public_key", "signing_public_key")):
        return "公钥格式不正确"
    return ""


def _check_body(doc: dict[str, Any], name: str) -> None:
    if doc.get("format") != ENROLLMENT_FORMAT:
        raise EnrollmentError(f"文件 {name} 不是村务台账的乡镇注册文件。")
    version = doc.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > 1:
        raise EnrollmentError(
            f"注册文件 {name} 由更新版本的村务台账生成（格式版本 {version}），请升级村务台账后再导入。"
        )
    if version != ENROLLMENT_VERSION:
        raise EnrollmentError(f"注册文件 {name} 已损坏（格式版本号无效）。")
    problem = _problem(doc)
    if problem:
        raise EnrollmentError(f"注册文件 {name} 已损坏或被改动（{problem}）。")


def _from_document(doc: dict[str, Any], path: Path | None) -> Enrollment:
    return Enrollment(
        township_code=doc["township_code"],
        township_name=doc["township_name"],
        encryption_public_bytes=from_b64(doc["encryption_public_key"]),
        signing_public_bytes=from_b64(doc["signing_public_key"]),
        created=doc["created"],
        path=path,
    )


def parse_enrollment(data: bytes, name: str, path: Path | None = None) -> Enrollment:
    """Verify enrollment bytes (structure and self-signature); raises EnrollmentError."""
    try:
        doc = parse_canonical_json(data)
    except ValueError as exc:
        raise EnrollmentError(f"注册文件 {name} 已损坏或被改动（不是规范的 JSON）。") from exc
    _check_body(doc, name)
    try:
        verify_document(doc, from_b64(doc["signing_public_key"]), ENROLLMENT_CONTEXT)
    except KeyFormatError as exc:
        raise EnrollmentError(f"注册文件 {name} 已损坏或被改动（签名校验失败）。") from exc
    return _from_document(doc, path)


def read_enrollment(path: Path) -> Enrollment:
    path = Path(path)
    data = read_limited_file(path, MAX_ENROLLMENT_SIZE, EnrollmentError, "注册文件")
    return parse_enrollment(data, path.name, path)


def write_enrollment(
    path: Path,
    *,
    township_code: str,
    township_name: str,
    keys: KeySet,
    created: str | None = None,
    overwrite: bool = True,
) -> Enrollment:
    """Atomically write the township's signed enrollment file.

    A bad code or name is a programming error (ValueError); a file that cannot be
    written raises EnrollmentError.
    """
    path = Path(path)
    body = {
        "format": ENROLLMENT_FORMAT,
        "format_version": ENROLLMENT_VERSION,
        "township_code": township_code,
        "township_name": township_name,
        "encryption_public_key": to_b64(keys.encryption_public_bytes),
        "signing_public_key": to_b64(keys.signing_public_bytes),
        "created": created or datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    problem = _problem({**body, "signature": ""})
    if problem:
        raise ValueError(f"invalid enrollment: {problem}")
    data = sign_document(body, keys.signing, ENROLLMENT_CONTEXT)
    atomic_write(
        path,
        data,
        lambda read_back: parse_enrollment(read_back, path.name),
        EnrollmentError,
        overwrite=overwrite,
    )
    return _from_document(body, path)
