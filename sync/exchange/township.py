"""The township's view of its villages: pinned installation keys and the ``villages`` table.

Trust rules (``shared/domain/sync.md`` §7): the first package of an installation pins its
signing key. A command-line import accepts the first installation of a village inside
the township's code range (or a village the township enrolled explicitly); a further
installation for a village that already has one (a replaced PC) needs an explicit yes;
a package that claims a known installation but is signed by another key is refused.

A PC the township will no longer hear from (replaced, stolen) can be *retired*
(``retire_installation``): its later packages are refused with the reason, it gets no
return packages, and the key stays pinned so it cannot come back as a "new" PC. Retiring
is undone by ``reenable_installation``; both are audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from forms.identifiers import division_code_problem
from sync.exchange.keys import KeyFormatError, fingerprint, from_b64, to_b64
from sync.exchange.package_file import KIND_DATA, KIND_RETURN, PackageInfo
from sync.store.store import Store, StoreError, now_text
from sync.store.users import PermissionDenied
from sync.store.village_profiles import several_profiles

if TYPE_CHECKING:
    from sync.exchange.identity import TownshipLink

# How an installation came to be trusted (installations.accepted_how).
IN_RANGE = "range"  # first installation of a village inside the township's code range
ENROLLED = "enrolled"  # first installation of a village the township enrolled
CONFIRMED = "confirmed"  # a person confirmed the fingerprint (window or --accept-new-installation)


@dataclass(frozen=True)
class Installation:
    installation_id: str
    village: str
    signing_public: bytes
    encryption_public: bytes
    fingerprint: str
    accepted_how: str
    first_seen: str
    last_seen: str
    last_sequence: int | None
    packages: int
    retired_at: str | None = None  # set: retired, its packages are refused
    retired_by: str | None = None
    retired_reason: str | None = None

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    def retirement(self) -> str:
        """「于 2025-03-01 10:20 由 admin 停用，原因：…」 for messages, or ''."""
        if not self.retired:
            return ""
        return (f"于 {short_moment(self.retired_at)} 由 {self.retired_by or '（未知）'} 停用，"
                f"原因：{self.retired_reason or '（未填写）'}")


@dataclass(frozen=True)
class NewInstallation:
    """What a person is asked to confirm before a new village PC is trusted."""

    installation_id: str
    village: str
    village_name: str
    fingerprint: str
    existing: tuple[Installation, ...]  # other installations already pinned for the village


ConfirmInstallation = Callable[[NewInstallation], bool]


def short_moment(text: str | None) -> str:
    return (text or "").replace("T", " ")[:16]


def _installation(row: Any) -> Installation:
    return Installation(row[0], row[1], from_b64(row[2]), from_b64(row[3]), *row[4:])


_INSTALLATION_COLUMNS = ("installation_id, village, signing_public, encryption_public, fingerprint, "
                         "accepted_how, first_seen, last_seen, last_sequence, packages")
_READ_COLUMNS = f"{_INSTALLATION_COLUMNS}, retired_at, retired_by, retired_reason"


def installation(store: Store, installation_id: str) -> Installation | None:
    row = store.conn.execute(f"SELECT {_READ_COLUMNS} FROM installations WHERE installation_id = ?",
                             (installation_id,)).fetchone()
    return _installation(row) if row else None


def installations_of(store: Store, village: str, *, include_retired: bool = True) -> list[Installation]:
    """A village's installations, the most recently heard from first."""
    retired = "" if include_retired else "AND retired_at IS NULL "
    rows = store.conn.execute(f"SELECT {_READ_COLUMNS} FROM installations WHERE village = ? {retired}"
                              "ORDER BY last_seen DESC, installation_id", (village,))
    return [_installation(r) for r in rows]


def _plain(text: str) -> str:
    """An installation ID or key fingerprint as people type it: dashes, spaces and case do not matter."""
    return "".join(c for c in text if c.isalnum()).upper()


def find_installation(store: Store, wanted: str, village: str | None = None) -> Installation | None:
    """The pinned PC whose installation ID or key fingerprint is ``wanted`` (dashes and case optional)."""
    key = _plain(wanted)
    if not key:
        return None
    sql = f"SELECT {_READ_COLUMNS} FROM installations"
    rows = store.conn.execute(sql + " WHERE village = ?", (village,)) if village else store.conn.execute(sql)
    for row in rows:
        found = _installation(row)
        if key in (_plain(found.installation_id), _plain(found.fingerprint)):
            return found
    return None


def village_label(store: Store, village: str) -> str:
    """「东山村（350104001001）」, or the code alone when the township knows no name."""
    row = store.conn.execute("SELECT name FROM villages WHERE code = ?", (village,)).fetchone()
    name = (row[0] if row else None) or store.profile(village).get("村名") or ""
    return f"{name}（{village}）" if name else village


def retire_installation(store: Store, wanted: str, reason: str) -> Installation:
    """Township administrators: stop trusting a village PC (``wanted``: installation ID or key
    fingerprint). Its later packages are refused, it gets no return packages; its key stays
    pinned and what it sent stays. Audited. Returns the PC as it is now."""
    pc = _changeable(store, wanted, reason)
    if pc.retired:
        raise StoreError(f"{village_label(store, pc.village)}的电脑（密钥指纹 {pc.fingerprint}）"
                         f"已{pc.retirement()}，无需再次停用")
    with store.transaction():
        store.conn.execute("UPDATE installations SET retired_at = ?, retired_by = ?, retired_reason = ? "
                           "WHERE installation_id = ?",
                           (now_text(), store.user.name, reason.strip(), pc.installation_id))
        store.audit("retire_installation", f"{village_label(store, pc.village)}的电脑 密钥指纹 "
                     f"{pc.fingerprint}（编号 {pc.installation_id}）：{reason.strip()}")
    return installation(store, pc.installation_id) or pc


def reenable_installation(store: Store, wanted: str, reason: str) -> Installation:
    """Township administrators: trust a retired village PC again (undoes ``retire_installation``;
    audited with the retirement it undoes)."""
    pc = _changeable(store, wanted, reason)
    if not pc.retired:
        raise StoreError(f"{village_label(store, pc.village)}的电脑（密钥指纹 {pc.fingerprint}）没有停用，"
                         "无需重新启用")
    with store.transaction():
        store.conn.execute("UPDATE installations SET retired_at = NULL, retired_by = NULL, "
                           "retired_reason = NULL WHERE installation_id = ?", (pc.installation_id,))
        store.audit("reenable_installation", f"{village_label(store, pc.village)}的电脑 密钥指纹 "
                     f"{pc.fingerprint}（编号 {pc.installation_id}）：{reason.strip()}"
                     f"（此前{pc.retirement()}）")
    return installation(store, pc.installation_id) or pc


def _changeable(store: Store, wanted: str, reason: str) -> Installation:
    if not store.is_township:
        raise StoreError("只有乡镇数据库可以停用或重新启用村里的电脑")
    if not store.user.is_admin:
        raise PermissionDenied("只有管理员可以停用或重新启用村里的电脑")
    if not reason or not reason.strip():
        raise StoreError("请填写原因（如：电脑已损坏，已换新电脑），记入操作日志")
    pc = find_installation(store, wanted)
    if pc is None:
        raise StoreError(f"本乡镇没有登记密钥指纹或编号为“{wanted}”的村电脑；"
                         "可用 cunwu villages 查看各村电脑的密钥指纹")
    return pc


def pin_installation(store: Store, installation_id: str, village: str, signing_public: bytes,
                     encryption_public: bytes, how: str) -> None:
    """Trust a new installation's keys. Caller holds the transaction."""
    now = now_text()
    store.conn.execute(
        f"INSERT INTO installations({_INSTALLATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 0)",
        (installation_id, village, to_b64(signing_public), to_b64(encryption_public),
         fingerprint(signing_public), how, now, now))


def township_code(store: Store) -> str:
    return store.meta.get("township_code", "")


def in_range(store: Store, village: str) -> bool:
    return village.startswith(township_code(store))


def is_enrolled(store: Store, village: str) -> bool:
    row = store.conn.execute("SELECT enrolled FROM villages WHERE code = ?", (village,)).fetchone()
    return bool(row and row[0])


def enroll_village(store: Store, code: str, name: str | None = None) -> None:
    """Township: list a village as enrolled (also one outside the township's code range)."""
    problem = division_code_problem(code, 12)
    if problem:
        raise StoreError(f"村统计用区划代码“{code}”：{problem}")
    with store.transaction():
        store.conn.execute(
            "INSERT INTO villages(code, name, enrolled, enrolled_at) VALUES (?, ?, 1, ?) "
            "ON CONFLICT(code) DO UPDATE SET enrolled = 1, "
            "enrolled_at = COALESCE(enrolled_at, excluded.enrolled_at), name = COALESCE(excluded.name, name)",
            (code, name or None, now_text()))


def note_package(store: Store, *, village: str, name: str | None, installation_id: str, sequence: int,
                 created: str) -> None:
    """Record an accepted package in ``villages`` and ``installations``. Caller holds the transaction."""
    now = now_text()
    store.conn.execute(
        "INSERT INTO villages(code, name, first_package_at, last_package_at, last_package_created, "
        "last_sequence, last_installation, packages) VALUES (?, ?, ?, ?, ?, ?, ?, 1) "
        "ON CONFLICT(code) DO UPDATE SET name = COALESCE(excluded.name, name), "
        "first_package_at = COALESCE(first_package_at, excluded.first_package_at), "
        "last_package_at = excluded.last_package_at, "
        "last_package_created = CASE WHEN last_package_created IS NULL "
        "  OR excluded.last_package_created > last_package_created THEN excluded.last_package_created "
        "  ELSE last_package_created END, "
        "last_sequence = CASE WHEN last_installation IS excluded.last_installation "
        "  THEN MAX(COALESCE(last_sequence, -1), excluded.last_sequence) ELSE excluded.last_sequence END, "
        "last_installation = excluded.last_installation, "
        "packages = packages + 1",
        (village, name, now, now, created, sequence, installation_id))
    store.conn.execute(
        "UPDATE installations SET last_seen = ?, packages = packages + 1, "
        "last_sequence = MAX(COALESCE(last_sequence, -1), ?) WHERE installation_id = ?",
        (now, sequence, installation_id))


class Untrusted(StoreError):
    """A package whose sender is not (or not yet) trusted. The message is Chinese."""


def trust_data_package(store: Store, info: PackageInfo, *, accept_new: bool = False,
                       confirm: ConfirmInstallation | None = None) -> str | None:
    """Township: may this verified data package be imported? Returns how to pin its sender
    (IN_RANGE, ENROLLED, CONFIRMED) if it is new, None if it is already trusted; raises
    Untrusted with the reason otherwise."""
    header, name = info.header, info.path.name
    village = header["village_code"]
    if header["kind"] != KIND_DATA:
        raise Untrusted(f"数据包 {name} 是乡镇发给村的返回数据包，不能导入乡镇数据库，未导入任何数据。")
    known = installation(store, header["installation_id"])
    if known is not None:
        if known.signing_public != info.signer_public_bytes:
            raise Untrusted(f"数据包 {name} 自称来自已登记的电脑（密钥指纹 {known.fingerprint}），"
                            f"但签名密钥不同（指纹 {info.signer_fingerprint}），可能是伪造的，"
                            "未导入任何数据。")
        if known.village != village:
            raise Untrusted(f"数据包 {name} 的村代码 {village} 与这台电脑登记的村 {known.village} 不符，"
                            "未导入任何数据。")
        if known.retired:
            raise Untrusted(f"数据包 {name} 来自{village_label(store, village)}已停用的电脑（密钥指纹 "
                            f"{known.fingerprint}），该电脑{known.retirement()}。未导入任何数据。"
                            "如确需导入，请先在“各村概况”中重新启用这台电脑"
                            "（或 cunwu reenable-installation）后再导入。")
        return None
    if not in_range(store, village) and not is_enrolled(store, village):
        raise Untrusted(f"数据包 {name} 来自村代码 {village}，不属于本乡镇（{township_code(store)}），"
                        "也未在本乡镇登记，未导入任何数据。")
    try:
        from_b64(header.get("sender_encryption_key"), expected_length=32)
    except KeyFormatError as exc:
        raise Untrusted(f"数据包 {name} 缺少发送方的加密公钥，未导入任何数据。") from exc
    others = tuple(installations_of(store, village))  # retired ones too: the person sees them all
    question = NewInstallation(header["installation_id"], village, header.get("village_name") or "",
                               info.signer_fingerprint, others)
    if others:
        if accept_new or (confirm is not None and confirm(question)):
            return CONFIRMED
        raise Untrusted(
            f"数据包 {name} 来自{question.village_name}（{village}）的另一台电脑（密钥指纹 "
            f"{info.signer_fingerprint}），而该村已登记了电脑"
            f"（指纹 {'、'.join(o.fingerprint for o in others)}）。"
            "如确认是该村新换的电脑，请核对指纹后用 --accept-new-installation 重新导入。未导入任何数据。")
    if confirm is not None:
        if confirm(question):
            return CONFIRMED
        raise Untrusted(f"没有确认数据包 {name} 的发送电脑（密钥指纹 {info.signer_fingerprint}），"
                        "未导入任何数据。")
    return IN_RANGE if in_range(store, village) else ENROLLED


def check_return_package(store: Store, township: TownshipLink, info: PackageInfo) -> None:
    """Village: a return package must come from its township, for this village and PC."""
    header, name = info.header, info.path.name
    if header["kind"] != KIND_RETURN:
        raise Untrusted(f"数据包 {name} 不是乡镇发给本村的返回数据包，未导入任何数据。")
    if info.signer_public_bytes != township.signing_public:
        raise Untrusted(f"数据包 {name} 不是本村登记的乡镇签发的（签名密钥指纹 {info.signer_fingerprint}，"
                        f"应为 {township.signing_fingerprint}），未导入任何数据。")
    recipient = header.get("recipient_installation")
    if header["village_code"] != store.village_code or recipient != store.device_id:
        raise Untrusted(f"数据包 {name} 是发给其他村或其他电脑的，未导入任何数据。")


# ---------------------------------------------------------------- overview

@dataclass
class VillageOverview:
    """One line of the township's village list."""

    code: str
    name: str
    enrolled: bool
    in_range: bool
    fingerprints: list[str] = field(default_factory=list)
    retired: dict[str, str] = field(default_factory=dict)  # fingerprint → 「于 … 由 … 停用，原因：…」
    first_package_at: str | None = None
    last_package_at: str | None = None
    last_package_created: str | None = None
    last_sequence: int | None = None
    packages: int = 0
    records: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    warnings: int = 0
    open_conflicts: int = 0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def village_overview(store: Store) -> list[VillageOverview]:
    """Every village the township knows (enrolled, sent a package, or has records)."""
    rows: dict[str, VillageOverview] = {}

    def get(code: str) -> VillageOverview:
        if code not in rows:
            rows[code] = VillageOverview(code, "", False, in_range(store, code))
        return rows[code]

    for r in store.conn.execute("SELECT code, name, enrolled, first_package_at, last_package_at, "
                                "last_package_created, last_sequence, packages FROM villages"):
        v = get(r[0])
        v.name, v.enrolled = r[1] or "", bool(r[2])
        v.first_package_at, v.last_package_at, v.last_package_created = r[3], r[4], r[5]
        v.last_sequence, v.packages = r[6], r[7]
    for reg in store.catalog.ordered(include_profile=True):
        for code, count, errors, warnings in store.conn.execute(
                f'SELECT _village, COUNT(*), SUM(_errors), SUM(_warnings) FROM "{reg.key}" '
                "WHERE _deleted = 0 GROUP BY _village"):
            v = get(code)
            v.records[reg.key] = count
            v.errors += errors or 0
            v.warnings += warnings or 0
    several = several_profiles(store.conn)
    for code, record_uuid, name in store.conn.execute(
            'SELECT _village, uuid, "村名" FROM village_profile WHERE _deleted = 0'):
        if name and (code not in several or several[code][0] == record_uuid):
            get(code).name = get(code).name or name
    for row in store.conn.execute(f"SELECT {_READ_COLUMNS} FROM installations ORDER BY last_seen DESC"):
        pc = _installation(row)
        get(pc.village).fingerprints.append(pc.fingerprint)
        if pc.retired:
            get(pc.village).retired[pc.fingerprint] = pc.retirement()
    for code, n in store.conn.execute("SELECT village, COUNT(*) FROM conflicts WHERE resolved_at IS NULL "
                                      "GROUP BY village"):
        get(code).open_conflicts = n
    return [rows[c] for c in sorted(rows)]
