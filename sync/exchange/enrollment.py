"""The township's enrollment file: how a village learns the township's public keys.

The file is a signed document (``sync.exchange.signed_document``) signed by the township's own
Ed25519 key. The self-signature proves the file is intact and that its author holds the signing
key; it cannot prove the author is really the township. That is why the village window shows
the fingerprints, for the clerk to compare with the township by phone or on paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sync.exchange.field_checks import is_b64, is_timestamp, is_township_code, is_village_code, matches
from sync.exchange.keys import KEY_SIZE, KeySet, PublicKeyPair, from_b64, to_b64
from sync.exchange.signed_document import DocumentKind
from sync.exchange.stick_files import SyncFileError, safe_name_part
from sync.exchange.village_secret import VillageSecret

ENROLLMENT_SUFFIX = ".cunwu-enroll"
ENROLLMENT_CONTEXT = b"cunwu-enrollment/1\n"
MAX_ENROLLMENT_SIZE = 64 * 1024


class EnrollmentError(SyncFileError):
    pass


_KEY = (is_b64(KEY_SIZE), "公钥格式不正确")
ENROLLMENT = DocumentKind(
    format="cunwu-enrollment", version=1, context=ENROLLMENT_CONTEXT, max_size=MAX_ENROLLMENT_SIZE,
    what="注册文件", called="乡镇注册文件", error=EnrollmentError, upgrade="请升级村务台账后再导入。",
    fields={
        "township_code": (is_township_code, "乡镇代码应为 9 位数字"),
        "township_name": (lambda v: isinstance(v, str) and 0 < len(v) <= 100, "乡镇名称不正确"),
        "created": (is_timestamp, "生成时间不正确"),
        "encryption_public_key": _KEY,
        "signing_public_key": _KEY,
    },
    # A village-bound file (``--village``): the village it is for and its one-time secret
    # (``sync.exchange.village_secret``). All four or none.
    optional={
        "village_code": (is_village_code, "村代码应为 12 位数字"),
        "village_name": (lambda v: isinstance(v, str) and 0 < len(v) <= 100, "村名称不正确"),
        "enrollment_id": (matches(r"[0-9a-f]{32}"), "注册编号不正确"),
        "enrollment_secret": (is_b64(32), "注册密钥格式不正确"),
    },
    more_checks=lambda doc: "" if ("village_code" in doc) == ("enrollment_id" in doc) == (
        "enrollment_secret" in doc) and ("village_name" not in doc or "village_code" in doc)
    else "村注册信息不完整",
)


@dataclass(frozen=True)
class Enrollment(PublicKeyPair):
    township_code: str
    township_name: str
    encryption_public_bytes: bytes
    signing_public_bytes: bytes
    created: str
    path: Path | None = None
    # A village-bound file: the village it is for, its name, and the village's one-time secret.
    village_code: str | None = None
    village_name: str | None = None
    secret: VillageSecret | None = None


def enrollment_filename(township_name: str, township_code: str, village: str | None = None,
                        village_name: str | None = None) -> str:
    """`乡镇名_乡镇代码_注册文件.cunwu-enroll`; for one village `乡镇名_村名_村代码_注册文件.cunwu-enroll`."""
    if village:
        who = f"{safe_name_part(village_name)}_" if village_name else ""
        return f"{safe_name_part(township_name)}_{who}{village}_注册文件{ENROLLMENT_SUFFIX}"
    return f"{safe_name_part(township_name)}_{township_code}_注册文件{ENROLLMENT_SUFFIX}"


def _from_document(doc: dict[str, Any], path: Path | None) -> Enrollment:
    return Enrollment(
        township_code=doc["township_code"],
        township_name=doc["township_name"],
        encryption_public_bytes=from_b64(doc["encryption_public_key"]),
        signing_public_bytes=from_b64(doc["signing_public_key"]),
        created=doc["created"],
        path=path,
        village_code=doc.get("village_code"),
        village_name=doc.get("village_name"),
        secret=VillageSecret(doc["enrollment_id"], doc["village_code"], from_b64(doc["enrollment_secret"]))
        if "enrollment_secret" in doc else None,
    )


def _verified(doc: dict[str, Any], name: str, path: Path | None) -> Enrollment:
    # Self-signed: the key that must have signed it is the one it carries.
    ENROLLMENT.verify(doc, from_b64(doc["signing_public_key"]), name)
    return _from_document(doc, path)


def parse_enrollment(data: bytes, name: str, path: Path | None = None) -> Enrollment:
    """Verify enrollment bytes (structure and self-signature); raises EnrollmentError."""
    return _verified(ENROLLMENT.parse(data, name), name, path)


def read_enrollment(path: Path) -> Enrollment:
    path = Path(path)
    return _verified(ENROLLMENT.read(path), path.name, path)


def write_enrollment(
    path: Path,
    *,
    township_code: str,
    township_name: str,
    keys: KeySet,
    created: str | None = None,
    overwrite: bool = True,
    secret: VillageSecret | None = None,
    village_name: str | None = None,
) -> Enrollment:
    """Atomically write the township's signed enrollment file.

    A bad code or name is a programming error (ValueError); a file that cannot be
    written raises EnrollmentError.
    """
    path = Path(path)
    fields: dict[str, Any] = {
        "township_code": township_code,
        "township_name": township_name,
        "encryption_public_key": to_b64(keys.encryption_public_bytes),
        "signing_public_key": to_b64(keys.signing_public_bytes),
        "created": created or datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    if secret is not None:
        fields.update(village_code=secret.village, enrollment_id=secret.enrollment_id,
                      enrollment_secret=to_b64(secret.secret))
        if village_name:
            fields["village_name"] = village_name[:100]
    body = ENROLLMENT.write(path, fields, keys.signing, overwrite=overwrite,
                           verify=lambda read_back: parse_enrollment(read_back, path.name))
    return _from_document(body, path)
