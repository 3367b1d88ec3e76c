"""A village's PCs as the township knows them: the one model of an installation.

The first package of an installation pins its keys (``pin_installation``). A PC the township
will no longer hear from (replaced, stolen) can be *retired* (``retire_installation``): its
later packages are refused with the reason, it gets no return packages, and the key stays
pinned so it cannot come back as a "new" PC. Retiring is undone by ``reenable_installation``;
both are audited.

A return package goes to one PC of its village (``choose_pc``): by default the one whose newest
package was *made* last (``village_pcs``), so a stick the dead PC left behind, imported late,
does not turn return packages back to it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sync.exchange.keys import fingerprint, from_b64, to_b64
from sync.store.store import Store, StoreError, now_text
from sync.store.users import INSTALLATIONS, require
from sync.store.village_names import village_label_of

# How an installation came to be trusted (installations.accepted_how).
IN_RANGE = "range"  # first installation of a village inside the township's code range
ENROLLED = "enrolled"  # first installation of a village the township enrolled
PROVEN = "secret"  # first installation proving its village's one-time enrollment secret
CONFIRMED = "confirmed"  # a person confirmed the fingerprint (window or --accept-new-installation)


def short_moment(text: str | None) -> str:
    return (text or "").replace("T", " ")[:16]


@dataclass(frozen=True)
class Installation:
    """One PC of a village, with what the township heard from it."""

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
    last_package_created: str | None = None  # when the newest package imported from it was made
    has_records: bool = False  # False: nothing of the village came from it yet (a new PC)

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    def retirement(self) -> str:
        """「于 2025-03-01 10:20 由 admin 停用，原因：…」 for messages, or ''."""
        if not self.retired:
            return ""
        return (f"于 {short_moment(self.retired_at)} 由 {self.retired_by or '（未知）'} 停用，"
                f"原因：{self.retired_reason or '（未填写）'}")

    def describe(self) -> str:
        """「密钥指纹 …，最近数据包生成于 …，共 3 个」, for choosing a return package's recipient."""
        made = short_moment(self.last_package_created)
        text = f"密钥指纹 {self.fingerprint}，最近数据包生成于 {made or '（未知）'}，共 {self.packages} 个"
        if not self.has_records:
            text += "，尚未发来本村记录（新电脑）"
        return text


_PINNED_COLUMNS = ("installation_id, village, signing_public, encryption_public, fingerprint, "
                   "accepted_how, first_seen, last_seen, last_sequence, packages")
_READ = (f"SELECT {', '.join(f'i.{c}' for c in _PINNED_COLUMNS.split(', '))}, i.retired_at, i.retired_by, "
         "i.retired_reason, EXISTS (SELECT 1 FROM versions v WHERE v.origin = i.installation_id) "
         "FROM installations i")


def _moment(text: str | None) -> dt.datetime:
    """A package's ``created`` as a moment to compare (offsets differ between PCs)."""
    earliest = dt.datetime.min.replace(tzinfo=dt.UTC)
    if not text:
        return earliest
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return earliest
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _read(store: Store, where: str = "", args: tuple[Any, ...] = ()) -> list[Installation]:
    rows = store.conn.execute(f"{_READ} {where}", args).fetchall()
    newest: dict[str, str] = {}
    if not rows:  # a PC not pinned yet: asked once for every package of a first import
        return []
    ids = json.dumps([r[0] for r in rows])
    # Looked up in ``imported_packages_installation`` (sync/store/schema.py), PC by PC.
    for pc, created in store.conn.execute(
            "SELECT installation, created FROM imported_packages "
            "WHERE installation IN (SELECT value FROM json_each(?))", (ids,)):
        if created and _moment(created) >= _moment(newest.get(pc)):
            newest[pc] = created
    return [Installation(r[0], r[1], from_b64(r[2]), from_b64(r[3]), *r[4:13], newest.get(r[0]), bool(r[13]))
            for r in rows]


def installation(store: Store, installation_id: str) -> Installation | None:
    found = _read(store, "WHERE i.installation_id = ?", (installation_id,))
    return found[0] if found else None


def installations_of(store: Store, village: str, *, include_retired: bool = True) -> list[Installation]:
    """A village's installations, the most recently heard from first."""
    retired = "" if include_retired else "AND i.retired_at IS NULL "
    order = "ORDER BY i.last_seen DESC, i.installation_id"
    return _read(store, f"WHERE i.village = ? {retired}{order}", (village,))


def all_installations(store: Store) -> list[Installation]:
    """Every pinned PC of every village, the most recently heard from first."""
    return _read(store, "ORDER BY i.last_seen DESC")


def _plain(text: str) -> str:
    """An installation ID or key fingerprint as people type it: dashes, spaces and case do not matter."""
    return "".join(c for c in text if c.isalnum()).upper()


def _is(pc: Installation, wanted: str) -> bool:
    key = _plain(wanted)
    return bool(key) and key in (_plain(pc.installation_id), _plain(pc.fingerprint))


def find_installation(store: Store, wanted: str, village: str | None = None) -> Installation | None:
    """The pinned PC whose installation ID or key fingerprint is ``wanted`` (dashes and case optional)."""
    pcs = _read(store, "WHERE i.village = ?", (village,)) if village else _read(store)
    return next((pc for pc in pcs if _is(pc, wanted)), None)


# ---------------------------------------------------------------- who gets a return package

def village_pcs(store: Store, village: str, *, include_retired: bool = False) -> list[Installation]:
    """Township: the village's PCs in use (and the retired ones if asked), the default recipient
    of return packages first.

    The default is the PC whose newest package was made last (the header's ``created``),
    not the one heard from last: a dead PC's stick imported after the new PC's packages
    still has older packages.
    """
    pinned = dict(store.conn.execute("SELECT installation_id, rowid FROM installations WHERE village = ?",
                                     (village,)).fetchall())
    pcs = installations_of(store, village, include_retired=include_retired)
    # Packages made in the same second: the PC trusted last is the newer one.
    pcs.sort(key=lambda p: (_moment(p.last_package_created), pinned.get(p.installation_id, 0)), reverse=True)
    return pcs


def choose_pc(store: Store, village: str, wanted: str | None = None) -> Installation:
    """The PC a return package for ``village`` goes to: ``wanted`` (installation ID or key
    fingerprint, dashes and case optional), else the default of ``village_pcs``."""
    pcs = village_pcs(store, village)
    where = village_label_of(store.conn, village)
    retired = find_installation(store, wanted, village) if wanted else None
    if retired is not None and retired.retired:
        raise StoreError(f"{where}的电脑（密钥指纹 {retired.fingerprint}）"
                         f"已{retired.retirement()}，不再给它生成返回数据包"
                         + (f"。该村在用的电脑：{'；'.join(pc.describe() for pc in pcs)}" if pcs else ""))
    if not pcs:
        if installations_of(store, village):
            raise StoreError(f"{where}登记的电脑都已停用，无法生成返回数据包；"
                             "请等该村新电脑发来数据包（或重新启用一台电脑）")
        raise StoreError(f"还没有收到村 {village} 的数据包，不知道该村电脑的公钥，无法生成返回数据包")
    if not wanted:
        return pcs[0]
    for pc in pcs:
        if _is(pc, wanted):
            return pc
    known = "；".join(pc.describe() for pc in pcs)
    raise StoreError(f"村 {village} 没有密钥指纹或编号为“{wanted}”的电脑。该村登记的电脑：{known}")


# ---------------------------------------------------------------- trusting, retiring

def pin_installation(store: Store, installation_id: str, village: str, signing_public: bytes,
                     encryption_public: bytes, how: str) -> None:
    """Trust a new installation's keys. Caller holds the transaction."""
    now = now_text()
    store.conn.execute(
        f"INSERT INTO installations({_PINNED_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 0)",
        (installation_id, village, to_b64(signing_public), to_b64(encryption_public),
         fingerprint(signing_public), how, now, now))


def retire_installation(store: Store, wanted: str, reason: str) -> Installation:
    """Township administrators: stop trusting a village PC (``wanted``: installation ID or key
    fingerprint). Its later packages are refused, it gets no return packages; its key stays
    pinned and what it sent stays. Audited. Returns the PC as it is now."""
    pc = _changeable(store, wanted, reason)
    village = village_label_of(store.conn, pc.village)
    if pc.retired:
        raise StoreError(f"{village}的电脑（密钥指纹 {pc.fingerprint}）已{pc.retirement()}，无需再次停用")
    with store.transaction():
        store.conn.execute("UPDATE installations SET retired_at = ?, retired_by = ?, retired_reason = ? "
                           "WHERE installation_id = ?",
                           (now_text(), store.user.name, reason.strip(), pc.installation_id))
        store.audit("retire_installation", f"{village}的电脑 密钥指纹 "
                    f"{pc.fingerprint}（编号 {pc.installation_id}）：{reason.strip()}")
    return installation(store, pc.installation_id) or pc


def reenable_installation(store: Store, wanted: str, reason: str) -> Installation:
    """Township administrators: trust a retired village PC again (undoes ``retire_installation``;
    audited with the retirement it undoes)."""
    pc = _changeable(store, wanted, reason)
    village = village_label_of(store.conn, pc.village)
    if not pc.retired:
        raise StoreError(f"{village}的电脑（密钥指纹 {pc.fingerprint}）没有停用，无需重新启用")
    with store.transaction():
        store.conn.execute("UPDATE installations SET retired_at = NULL, retired_by = NULL, "
                           "retired_reason = NULL WHERE installation_id = ?", (pc.installation_id,))
        store.audit("reenable_installation", f"{village}的电脑 密钥指纹 "
                    f"{pc.fingerprint}（编号 {pc.installation_id}）：{reason.strip()}"
                    f"（此前{pc.retirement()}）")
    return installation(store, pc.installation_id) or pc


def _changeable(store: Store, wanted: str, reason: str) -> Installation:
    if not store.is_merged:  # a county retires its townships' PCs the same way
        raise StoreError("只有乡镇数据库可以停用或重新启用村里的电脑")
    require(store.user, INSTALLATIONS)
    if not reason or not reason.strip():
        raise StoreError("请填写原因（如：电脑已损坏，已换新电脑），记入操作日志")
    pc = find_installation(store, wanted)
    if pc is None:
        raise StoreError(f"本乡镇没有登记密钥指纹或编号为“{wanted}”的村电脑；"
                         "可用 cunwu villages 查看各村电脑的密钥指纹")
    return pc
