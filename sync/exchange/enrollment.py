"""The township's enrollment file: how a village learns the township's public keys; and the
county's, how a township learns the county's (the same file one level up, ``sync.exchange.level``).

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

from sync.exchange.field_checks import is_b64, is_timestamp, matches
from sync.exchange.keys import KEY_SIZE, KeySet, PublicKeyPair, from_b64, to_b64
from sync.exchange.level import TOWNSHIP_TO_COUNTY, VILLAGE_TO_TOWNSHIP, Level
from sync.exchange.signed_document import DocumentKind
from sync.exchange.stick_files import SyncFileError, safe_name_part
from sync.exchange.village_secret import VillageSecret

ENROLLMENT_SUFFIX = ".cunwu-enroll"
ENROLLMENT_CONTEXT = b"cunwu-enrollment/1\n"
MAX_ENROLLMENT_SIZE = 64 * 1024


class EnrollmentError(SyncFileError):
    pass


_KEY = (is_b64(KEY_SIZE), "公钥格式不正确")


def _name_ok(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 100


def _digits(n: int) -> Any:
    return matches(f"[0-9]{{{n}}}")


def enrollment_kind(level: Level) -> DocumentKind:
    """The parent's enrollment file of one level: the township's for its villages, the county's
    for its townships. The fields are named by the level (``township_code`` … ``village_code``;
    ``county_code`` … ``township_code``) and the format differs, so one level's file is never
    taken for the other's."""
    member, parent = level.member_code_field, level.parent_code_field
    return DocumentKind(
        format=level.enrollment_format, version=1,
        context=ENROLLMENT_CONTEXT if level is VILLAGE_TO_TOWNSHIP else b"cunwu-county-enrollment/1\n",
        max_size=MAX_ENROLLMENT_SIZE, what="注册文件", called=f"{level.parent}注册文件",
        error=EnrollmentError, upgrade="请升级村务台账后再导入。",
        fields={
            parent: (_digits(level.parent_digits), f"{level.parent}代码应为 {level.parent_digits} 位数字"),
            level.parent_name_field: (_name_ok, f"{level.parent}名称不正确"),
            "created": (is_timestamp, "生成时间不正确"),
            "encryption_public_key": _KEY,
            "signing_public_key": _KEY,
        },
        # A member-bound file (``--village``, ``--township``): the member it is for and its
        # one-time secret (``sync.exchange.village_secret``). All four or none.
        optional={
            member: (_digits(level.member_digits), f"{level.member}代码应为 {level.member_digits} 位数字"),
            level.member_name_field: (_name_ok, f"{level.member}名称不正确"),
            "enrollment_id": (matches(r"[0-9a-f]{32}"), "注册编号不正确"),
            "enrollment_secret": (is_b64(32), "注册密钥格式不正确"),
        },
        more_checks=lambda doc: "" if (member in doc) == ("enrollment_id" in doc) == (
            "enrollment_secret" in doc) and (level.member_name_field not in doc or member in doc)
        else f"{level.member}注册信息不完整",
    )


ENROLLMENT = enrollment_kind(VILLAGE_TO_TOWNSHIP)
COUNTY_ENROLLMENT = enrollment_kind(TOWNSHIP_TO_COUNTY)
_KINDS = {VILLAGE_TO_TOWNSHIP: ENROLLMENT, TOWNSHIP_TO_COUNTY: COUNTY_ENROLLMENT}


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


@dataclass(frozen=True)
class CountyEnrollment(PublicKeyPair):
    """The county's enrollment file, as a township reads it (always bound to one township)."""

    county_code: str
    county_name: str
    encryption_public_bytes: bytes
    signing_public_bytes: bytes
    created: str
    path: Path | None = None
    township_code: str | None = None
    township_name: str | None = None
    secret: VillageSecret | None = None


def enrollment_filename(township_name: str, township_code: str, village: str | None = None,
                        village_name: str | None = None) -> str:
    """`乡镇名_乡镇代码_注册文件.cunwu-enroll`; for one village `乡镇名_村名_村代码_注册文件.cunwu-enroll`."""
    if village:
        who = f"{safe_name_part(village_name)}_" if village_name else ""
        return f"{safe_name_part(township_name)}_{who}{village}_注册文件{ENROLLMENT_SUFFIX}"
    return f"{safe_name_part(township_name)}_{township_code}_注册文件{ENROLLMENT_SUFFIX}"


def _from_document(doc: dict[str, Any], path: Path | None,
                   level: Level = VILLAGE_TO_TOWNSHIP) -> Enrollment | CountyEnrollment:
    made = Enrollment if level is VILLAGE_TO_TOWNSHIP else CountyEnrollment
    member = doc.get(level.member_code_field)
    return made(  # type: ignore[arg-type]
        doc[level.parent_code_field], doc[level.parent_name_field],
        from_b64(doc["encryption_public_key"]), from_b64(doc["signing_public_key"]), doc["created"], path,
        member, doc.get(level.member_name_field),
        VillageSecret(doc["enrollment_id"], member, from_b64(doc["enrollment_secret"]))
        if "enrollment_secret" in doc else None,
    )


def _verified(doc: dict[str, Any], name: str, path: Path | None,
              level: Level = VILLAGE_TO_TOWNSHIP) -> Enrollment | CountyEnrollment:
    # Self-signed: the key that must have signed it is the one it carries.
    _KINDS[level].verify(doc, from_b64(doc["signing_public_key"]), name)
    return _from_document(doc, path, level)


def parse_enrollment(data: bytes, name: str, path: Path | None = None) -> Enrollment:
    """Verify enrollment bytes (structure and self-signature); raises EnrollmentError."""
    made = _verified(ENROLLMENT.parse(data, name), name, path)
    assert isinstance(made, Enrollment)
    return made


def read_enrollment(path: Path) -> Enrollment:
    path = Path(path)
    made = _verified(ENROLLMENT.read(path), path.name, path)
    assert isinstance(made, Enrollment)
    return made


def read_county_enrollment(path: Path) -> CountyEnrollment:
    """The county's enrollment file (structure and self-signature); raises EnrollmentError."""
    path = Path(path)
    made = _verified(COUNTY_ENROLLMENT.read(path), path.name, path, TOWNSHIP_TO_COUNTY)
    assert isinstance(made, CountyEnrollment)
    return made


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
    made = write_level_enrollment(VILLAGE_TO_TOWNSHIP, path, township_code, township_name, keys,
                                  created=created, overwrite=overwrite, secret=secret,
                                  member_name=village_name)
    assert isinstance(made, Enrollment)
    return made


def write_level_enrollment(level: Level, path: Path, code: str, name: str, keys: KeySet, *,
                           created: str | None = None, overwrite: bool = True,
                           secret: VillageSecret | None = None,
                           member_name: str | None = None) -> Enrollment | CountyEnrollment:
    """Atomically write a parent's signed enrollment file (``secret``: bound to its member)."""
    path = Path(path)
    kind = _KINDS[level]
    fields: dict[str, Any] = {
        level.parent_code_field: code,
        level.parent_name_field: name,
        "encryption_public_key": to_b64(keys.encryption_public_bytes),
        "signing_public_key": to_b64(keys.signing_public_bytes),
        "created": created or datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    if secret is not None:
        fields.update({level.member_code_field: secret.village, "enrollment_id": secret.enrollment_id,
                       "enrollment_secret": to_b64(secret.secret)})
        if member_name:
            fields[level.member_name_field] = member_name[:100]

    def verify(read_back: bytes) -> None:
        _verified(kind.parse(read_back, path.name), path.name, None, level)

    body = kind.write(path, fields, keys.signing, overwrite=overwrite, verify=verify)
    return _from_document(body, path, level)
