"""Who this installation is and whom it trusts: its key pair and, in a village, its township.

Every database holds one key set (``local_keys``), made the first time sync needs it: in
a village when the township's enrollment file is imported, in a township when it first
writes an enrollment file or imports a package. The private keys stay in the database, which
is encrypted at rest once it has a user (``sync.store.at_rest``): a stolen PC or backup shows
neither the keys nor the registers without a user's password or the recovery code.

A village learns the township's public keys from the enrollment file (``enrollment``
table). The installation ID is the database's ``device_id``: a PC restored from an old
copy of its database keeps its ID and its keys, and the township merges what it sends
like any other package of that installation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sync.exchange.enrollment import (
    CountyEnrollment,
    Enrollment,
    enrollment_filename,
    read_enrollment,
    write_enrollment,
)
from sync.exchange.keys import KeySet, PublicKeyPair, from_b64, to_b64
from sync.exchange.level import VILLAGE_TO_TOWNSHIP, Level
from sync.exchange.package_file import KIND_RETURN, PackageInfo
from sync.exchange.township import Untrusted, enroll_village
from sync.exchange.village_secret import keep_secret, make_secret
from sync.store.store import Store, StoreError, now_text
from sync.store.users import ENROLL, REPLACE_ENROLLMENT, WRITE_ENROLLMENT, require
from sync.store.village_names import village_label
from sync.store.village_names import village_name as village_name_of


@dataclass(frozen=True)
class TownshipLink(PublicKeyPair):
    """The township a village sends to (from its enrollment file)."""

    township_code: str
    township_name: str
    signing_public_bytes: bytes
    encryption_public_bytes: bytes
    enrolled_at: str
    township_installation: str | None

    @property
    def target(self) -> str:
        """How ``exported_versions`` names the township (its key: a re-keyed township gets all again)."""
        return f"township:{self.signing_fingerprint}"


@dataclass(frozen=True)
class EnrollResult:
    township: TownshipLink
    replaced: TownshipLink | None
    own_fingerprint: str
    warning: str | None


def local_keys(store: Store) -> KeySet | None:
    row = store.conn.execute("SELECT signing_private, encryption_private FROM local_keys").fetchone()
    if row is None:
        return None
    return KeySet.from_b64_dict({"signing_private_key": row[0], "encryption_private_key": row[1]})


def ensure_keys(store: Store) -> KeySet:
    """This installation's key set, made and saved the first time it is needed."""
    keys = local_keys(store)
    if keys is not None:
        return keys
    keys = KeySet.generate()
    stored = keys.to_b64_dict()
    with store.transaction():
        store.conn.execute(
            "INSERT INTO local_keys(id, signing_private, encryption_private, created_at) VALUES (1, ?, ?, ?)",
            (stored["signing_private_key"], stored["encryption_private_key"], now_text()))
    return keys


def installation_id(store: Store) -> str:
    return store.device_id


def enrolled_township(store: Store) -> TownshipLink | None:
    row = store.conn.execute(
        "SELECT township_code, township_name, signing_public, encryption_public, enrolled_at, "
        "township_installation FROM enrollment").fetchone()
    if row is None:
        return None
    return TownshipLink(row[0], row[1], from_b64(row[2]), from_b64(row[3]), row[4], row[5])


def require_township(store: Store) -> TownshipLink:
    link = enrolled_township(store)
    if link is None:
        raise StoreError("本村尚未导入乡镇的注册文件，请先导入注册文件（cunwu enroll 数据库 注册文件）")
    return link


class EnrollmentChange(StoreError):
    """The village is enrolled with another township (or other keys): changing it needs an
    administrator's explicit confirmation. The message names both townships."""

    def __init__(self, current: TownshipLink, new: Enrollment) -> None:
        super().__init__(enrollment_change_text(current, new))
        self.current = current
        self.new = new


def enrollment_change_text(current: TownshipLink, new: Enrollment) -> str:
    return (f"本村目前注册在乡镇“{current.township_name}”（{current.township_code}，签名密钥指纹 "
            f"{current.signing_fingerprint}）。\n这个注册文件是乡镇“{new.township_name}”"
            f"（{new.township_code}，签名密钥指纹 {new.signing_fingerprint}）的。\n更换后，本村的数据包"
            f"将只能由“{new.township_name}”打开，“{current.township_name}”不再能读取。")


def enrollment_change(store: Store, enrollment: Enrollment) -> TownshipLink | None:
    """The township this village is enrolled with now, if ``enrollment`` would replace it."""
    current = enrolled_township(store)
    if current is None or current.signing_public_bytes == enrollment.signing_public_bytes:
        return None
    return current


def enroll(store: Store, path: str | Path, *, replace_township: bool = False) -> EnrollResult:
    """Village: accept the township's enrollment file (its public keys).

    A village already enrolled with another township (or with other keys) changes only for an
    administrator who confirmed it (``replace_township``); otherwise ``EnrollmentChange``.
    """
    if store.is_township:
        raise StoreError("乡镇数据库不需要导入注册文件；注册文件是发给各村的")
    if store.is_county:
        raise StoreError("区县数据库不需要导入注册文件；注册文件是区县发给各乡镇的")
    require(store.user, ENROLL)
    enrollment = read_enrollment(Path(path))
    changing = enrollment_change(store, enrollment)
    if changing is not None:
        require(store.user, REPLACE_ENROLLMENT)
        if not replace_township:
            raise EnrollmentChange(changing, enrollment)
    code = store.village_code or ""
    if enrollment.village_code is not None and enrollment.village_code != code:
        raise StoreError(
            f"注册文件 {Path(path).name} 是乡镇“{enrollment.township_name}”专为"
            f"{village_label(enrollment.village_name, enrollment.village_code)}生成的，"
            f"不能用于本村（村代码 {code}）。请向乡镇索取本村的注册文件。")
    warning = None
    if not code.startswith(enrollment.township_code):
        warning = (f"注意：本村代码 {code} 不在乡镇“{enrollment.township_name}”"
                   f"（{enrollment.township_code}）的代码范围内，请确认注册文件是本乡镇发放的")
    replaced = enrolled_township(store)
    keys = ensure_keys(store)
    keep_parent(store, VILLAGE_TO_TOWNSHIP, enrollment, replaced.township_installation
                if replaced and replaced.signing_public_bytes == enrollment.signing_public_bytes else None)
    link = enrolled_township(store)
    assert link is not None
    if replaced and replaced.signing_public_bytes == link.signing_public_bytes:
        replaced = None
    return EnrollResult(link, replaced, keys.signing_fingerprint, warning)


def keep_parent(store: Store, level: Level, enrollment: Enrollment | CountyEnrollment,
                installation: str | None) -> None:
    """Keep the parent an enrollment file names (a village's township, a township's county) in the
    member's link table, with the file's one-time secret; audited."""
    key = level.parent_key
    code, name = getattr(enrollment, level.parent_code_field), getattr(enrollment, level.parent_name_field)
    with store.transaction():
        store.conn.execute(
            f"INSERT OR REPLACE INTO {level.link_table}(id, {key}_code, {key}_name, signing_public, "
            f"encryption_public, created, enrolled_at, enrolled_by, {key}_installation) "
            "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)",
            (code, name, to_b64(enrollment.signing_public_bytes), to_b64(enrollment.encryption_public_bytes),
             enrollment.created, now_text(), store.user.name, installation))
        keep_secret(store, enrollment.secret)
        store.audit("enroll" if level is VILLAGE_TO_TOWNSHIP else f"enroll_{key}",
                    f"{name}（{code}）签名密钥指纹 {enrollment.signing_fingerprint}")


def check_return_package(store: Store, township: TownshipLink, info: PackageInfo) -> None:
    """Village: a return package must come from its township, for this village and PC."""
    header, name = info.header, info.path.name
    if header["kind"] != KIND_RETURN:
        raise Untrusted(f"数据包 {name} 不是乡镇发给本村的返回数据包，未导入任何数据。")
    if info.signer_public_bytes != township.signing_public_bytes:
        raise Untrusted(f"数据包 {name} 不是本村登记的乡镇签发的（签名密钥指纹 {info.signer_fingerprint}，"
                        f"应为 {township.signing_fingerprint}），未导入任何数据。")
    recipient = header.get("recipient_installation")
    if header["village_code"] != store.village_code or recipient != store.device_id:
        raise Untrusted(f"数据包 {name} 是发给其他村或其他电脑的，未导入任何数据。")


def learn_township_installation(store: Store, installation: str) -> None:
    """Village: remember the township's installation ID from its first return package."""
    store.conn.execute("UPDATE enrollment SET township_installation = ? WHERE id = 1", (installation,))


def write_enrollment_file(store: Store, out: str | Path, *, village: str | None = None,
                          village_name: str | None = None) -> Enrollment:
    """Township: write the enrollment file villages import; ``out`` may be a folder.

    With ``village``, the file is bound to that village: it carries a new one-time secret
    for it (``sync.exchange.village_secret``), with which the village's first installation
    proves itself, and the village is marked as enrolled (also one whose code lies outside
    the township's code range). Without it, a village's first package always needs a
    person's confirmation.
    """
    if not store.is_township:
        raise StoreError("只有乡镇数据库可以生成注册文件")
    require(store.user, WRITE_ENROLLMENT)
    keys = ensure_keys(store)
    code, name = store.meta["township_code"], store.meta["township_name"]
    if village is not None:
        village_name = village_name or village_name_of(store.conn, village) or None
    target = Path(out)
    if target.is_dir():
        target = target / enrollment_filename(name, code, village, village_name)
    if village is None:
        return write_enrollment(target, township_code=code, township_name=name, keys=keys)
    with store.transaction():
        enroll_village(store, village, village_name)
        secret = make_secret(store, village)
        # Written inside the transaction: a file that cannot be written leaves no secret behind.
        return write_enrollment(target, township_code=code, township_name=name, keys=keys, secret=secret,
                                village_name=village_name)
