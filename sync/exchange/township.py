"""The township's view of its villages: which packages it trusts, and the ``villages`` table.

Trust rules (``shared/domain/sync.md`` §7): the first package of an installation pins its
signing key (``sync.exchange.installations``). The first installation of a village (inside
the township's code range, or enrolled explicitly) is accepted without asking only when its
package proves the village's one-time enrollment secret (``sync.exchange.village_secret``):
the public enrollment file is on every stick, so a code in range proves nothing. Otherwise a
person confirms its fingerprint (the window, or ``--accept-new-installation``). A further
installation for a village that already has one (a replaced PC) needs an explicit yes; a
package that claims a known installation but is signed by another key, or comes from a
retired PC, is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from forms.identifiers import division_code_problem
from sync.exchange.installations import (
    CONFIRMED,
    PROVEN,
    Installation,
    all_installations,
    installation,
    installations_of,
)
from sync.exchange.keys import KeyFormatError, from_b64
from sync.exchange.level import VILLAGE_TO_TOWNSHIP, Level
from sync.exchange.package_file import KIND_RETURN, PackageInfo
from sync.exchange.village_secret import proves_village
from sync.store.store import Store, StoreError, now_text
from sync.store.townships import current_townships, township_names
from sync.store.users import WRITE_ENROLLMENT, require
from sync.store.village_names import village_label_of, village_names


@dataclass(frozen=True)
class NewInstallation:
    """What a person is asked to confirm before a new village PC is trusted."""

    installation_id: str
    village: str
    village_name: str
    fingerprint: str
    existing: tuple[Installation, ...]  # other installations already pinned for the village
    member: str = "村"  # 乡镇 at a county: ``village`` and ``village_name`` are then the township's


ConfirmInstallation = Callable[[NewInstallation], bool]


def township_code(store: Store) -> str:
    return store.meta.get("township_code", "")


def in_range(store: Store, village: str, level: Level = VILLAGE_TO_TOWNSHIP) -> bool:
    return village.startswith(store.meta.get(level.parent_code_field, "")) and \
        len(village) == level.member_digits


def is_enrolled(store: Store, village: str, level: Level = VILLAGE_TO_TOWNSHIP) -> bool:
    row = store.conn.execute(f"SELECT enrolled FROM {level.member_table} WHERE code = ?",
                             (village,)).fetchone()
    return bool(row and row[0])


def enroll_village(store: Store, code: str, name: str | None = None) -> None:
    """Township: list a village as enrolled (also one outside the township's code range)."""
    require(store.user, WRITE_ENROLLMENT)
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
                 created: str, table: str = "villages", count_pc: bool = True) -> None:
    """Record an accepted package in ``villages`` and ``installations``. Caller holds the transaction.

    A county notes an upward package twice: its township in ``townships`` (``table``) with the
    township's PC, and its village in ``villages`` (``count_pc`` False: that PC is counted once).
    """
    now = now_text()
    store.conn.execute(
        f"INSERT INTO {table}(code, name, first_package_at, last_package_at, last_package_created, "
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
    if not count_pc:
        return
    store.conn.execute(
        "UPDATE installations SET last_seen = ?, packages = packages + 1, "
        "last_sequence = MAX(COALESCE(last_sequence, -1), ?) WHERE installation_id = ?",
        (now, sequence, installation_id))


class Untrusted(StoreError):
    """A package whose sender is not (or not yet) trusted. The message is Chinese."""


def trust_data_package(store: Store, info: PackageInfo, *, accept_new: bool = False,
                       confirm: ConfirmInstallation | None = None,
                       level: Level = VILLAGE_TO_TOWNSHIP) -> str | None:
    """Township: may this verified data package be imported? Returns how to pin its sender
    (PROVEN, CONFIRMED) if it is new, None if it is already trusted; raises
    Untrusted with the reason otherwise. A county asks the same of a township's upward
    package (``level``): the member is then the township that signed it."""
    header, name = info.header, info.path.name
    member, parent = level.member, level.parent
    if header["kind"] != level.package_kind:
        if header["kind"] == KIND_RETURN:
            raise Untrusted(f"数据包 {name} 是乡镇发给村的返回数据包，不能导入{parent}数据库，"
                            "未导入任何数据。")
        raise Untrusted(f"数据包 {name} 不是{member}发给{parent}的数据包，不能导入{parent}数据库，"
                        "未导入任何数据。")
    code = header.get(level.member_code_field)
    if not isinstance(code, str):
        raise Untrusted(f"数据包 {name} 没有注明{member}代码，未导入任何数据。")
    known = installation(store, header["installation_id"])
    if known is not None:
        if known.signing_public != info.signer_public_bytes:
            raise Untrusted(f"数据包 {name} 自称来自已登记的电脑（密钥指纹 {known.fingerprint}），"
                            f"但签名密钥不同（指纹 {info.signer_fingerprint}），可能是伪造的，"
                            "未导入任何数据。")
        if known.village != code:
            raise Untrusted(f"数据包 {name} 的{member}代码 {code} 与这台电脑登记的{member} "
                            f"{known.village} 不符，未导入任何数据。")
        if known.retired:
            where = (village_label_of(store.conn, code) if level is VILLAGE_TO_TOWNSHIP
                     else f"{member} {code} ")
            raise Untrusted(f"数据包 {name} 来自{where}已停用的电脑（密钥指纹 {known.fingerprint}），"
                            f"该电脑{known.retirement()}。未导入任何数据。"
                            "如确需导入，请先在“各村概况”中重新启用这台电脑"
                            "（或 cunwu reenable-installation）后再导入。")
        return None
    if not in_range(store, code, level) and not is_enrolled(store, code, level):
        raise Untrusted(f"数据包 {name} 来自{member}代码 {code}，不属于本{parent}"
                        f"（{store.meta.get(level.parent_code_field, '')}），也未在本{parent}登记，"
                        "未导入任何数据。")
    try:
        from_b64(header.get("sender_encryption_key"), expected_length=32)
    except KeyFormatError as exc:
        raise Untrusted(f"数据包 {name} 缺少发送方的加密公钥，未导入任何数据。") from exc
    others = tuple(installations_of(store, code))  # retired ones too: the person sees them all
    shown = header.get(level.member_name_field) or ""
    question = NewInstallation(header["installation_id"], code, shown, info.signer_fingerprint, others,
                               member)
    if others:
        if accept_new or (confirm is not None and confirm(question)):
            return CONFIRMED
        raise Untrusted(
            f"数据包 {name} 来自{shown}（{code}）的另一台电脑（密钥指纹 "
            f"{info.signer_fingerprint}），而该{member}已登记了电脑"
            f"（指纹 {'、'.join(o.fingerprint for o in others)}）。"
            f"如确认是该{member}新换的电脑，请核对指纹后用 --accept-new-installation 重新导入。"
            "未导入任何数据。")
    if proves_village(store, header, code):
        return PROVEN
    if accept_new:
        return CONFIRMED
    if confirm is not None:
        if confirm(question):
            return CONFIRMED
        raise Untrusted(f"没有确认数据包 {name} 的发送电脑（密钥指纹 {info.signer_fingerprint}），"
                        "未导入任何数据。")
    raise Untrusted(
        f"数据包 {name} 自称来自{shown}（{code}），这是该{member}第一次发来数据包，"
        f"但它没有本{member}专用注册文件的证明，可能是他人冒充的"
        f"（发送电脑的密钥指纹 {info.signer_fingerprint}）。"
        f"未导入任何数据。如确认是该{member}的电脑，请与{member}里电话核对密钥指纹后用 "
        "--accept-new-installation "
        f"重新导入；为各{member}生成专用注册文件：cunwu enrollment 数据库 --out 文件夹 "
        f"--{level.member_key} {member}代码。")


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
    # At a county: the township that reports the village now (``sync.store.townships``).
    township: str | None = None
    township_name: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def village_overview(store: Store) -> list[VillageOverview]:
    """Every village the township knows (enrolled, sent a package, or has records)."""
    rows: dict[str, VillageOverview] = {}

    def get(code: str) -> VillageOverview:
        if code not in rows:
            inside = code.startswith(store.meta["county_code"]) if store.is_county else in_range(store, code)
            rows[code] = VillageOverview(code, "", False, inside)
        return rows[code]

    names = village_names(store.conn)
    for r in store.conn.execute("SELECT code, enrolled, first_package_at, last_package_at, "
                                "last_package_created, last_sequence, packages FROM villages"):
        v = get(r[0])
        v.enrolled = bool(r[1])
        v.first_package_at, v.last_package_at, v.last_package_created = r[2], r[3], r[4]
        v.last_sequence, v.packages = r[5], r[6]
    for reg in store.catalog.ordered(include_profile=True):
        for code, count, errors, warnings in store.conn.execute(
                f'SELECT _village, COUNT(*), SUM(_errors), SUM(_warnings) FROM "{reg.key}" '
                "WHERE _deleted = 0 GROUP BY _village"):
            v = get(code)
            v.records[reg.key] = count
            v.errors += errors or 0
            v.warnings += warnings or 0
    for pc in all_installations(store):
        if len(pc.village) != VILLAGE_TO_TOWNSHIP.member_digits:
            continue  # a county's PCs are its townships': they stand beside the villages, not in them
        get(pc.village).fingerprints.append(pc.fingerprint)
        if pc.retired:
            get(pc.village).retired[pc.fingerprint] = pc.retirement()
    for code, n in store.conn.execute("SELECT village, COUNT(*) FROM conflicts WHERE resolved_at IS NULL "
                                      "GROUP BY village"):
        get(code).open_conflicts = n
    if store.is_county:
        townships, township_names_ = current_townships(store.conn), township_names(store.conn)
    else:
        townships, township_names_ = {}, {}
    for code, v in rows.items():
        v.name = names.get(code, "")
        v.township = townships.get(code)
        v.township_name = township_names_.get(v.township or "")
    return [rows[c] for c in sorted(rows)]
