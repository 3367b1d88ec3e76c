"""A village PC that died without a backup gets the village's registers back from the township.

The township holds every version of every record of its villages, so a new PC (new
database, new installation key) needs no backup: it enrolls, sends a *recovery request*
(a data package with no records, ``recovery_request`` in its header) so the township
learns and pins its keys, and imports the township's full return package. Records keep
their UUIDs and their history, so what the new PC edits afterwards reaches the township as
ordinary updates.

Two things need care, and live here:

* which PC a return package is for, once a village has two (``village_pcs``,
  ``choose_pc``): by default the one whose newest package was *made* last, so a stick the
  dead PC left behind, imported late, does not turn return packages back to it;
* the village profile, one record per village: the new PC made its own when it was set up.
  When a return package brings the village's long-standing profile, the newer one is
  retired (a deletion with a reason, reversible, sent to the township like any deletion),
  so neither side ends up with two (``retire_extra_profiles``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sync.exchange.package_read import peek_header
from sync.exchange.stick_files import SyncFileError
from sync.exchange.township import CONFIRMED, Installation, find_installation, installations_of, village_label
from sync.store.store import Store, StoreError

# Header field of a recovery request (an optional header field: no new format version).
RECOVERY_FLAG = "recovery_request"
RETIRED_PROFILE_REASON = ("从乡镇恢复本村数据：本村已有乡镇保存的村情概况（一村只有一份），"
                          "本机新建时填写的这一份作废；需要时可在历史记录中查看或恢复")

_EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class VillagePC:
    """One PC of a village, as the township knows it (for choosing a return package's recipient)."""

    installation: Installation
    last_package_created: str | None  # when the newest package imported from it was made
    has_records: bool  # False: nothing of the village came from it yet (a new PC)

    @property
    def installation_id(self) -> str:
        return self.installation.installation_id

    @property
    def fingerprint(self) -> str:
        return self.installation.fingerprint

    def describe(self) -> str:
        made = (self.last_package_created or "")[:16].replace("T", " ")
        text = (f"密钥指纹 {self.fingerprint}，最近数据包生成于 {made or '（未知）'}，"
                f"共 {self.installation.packages} 个")
        if not self.has_records:
            text += "，尚未发来本村记录（新电脑）"
        return text


def _moment(text: str | None) -> dt.datetime:
    if not text:
        return _EARLIEST
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return _EARLIEST
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def village_pcs(store: Store, village: str, *, include_retired: bool = False) -> list[VillagePC]:
    """Township: the village's PCs in use (and the retired ones if asked), the default recipient
    of return packages first.

    The default is the PC whose newest package was made last (the header's ``created``),
    not the one heard from last: a dead PC's stick imported after the new PC's packages
    still has older packages.
    """
    newest: dict[str, str] = {}
    for installation, created in store.conn.execute(
            "SELECT installation, created FROM imported_packages WHERE village = ?", (village,)):
        if created and _moment(created) >= _moment(newest.get(installation)):
            newest[installation] = created
    pinned = dict(store.conn.execute("SELECT installation_id, rowid FROM installations WHERE village = ?",
                                     (village,)).fetchall())
    pcs = [VillagePC(pc, newest.get(pc.installation_id),
                     store.conn.execute("SELECT 1 FROM versions WHERE origin = ? LIMIT 1",
                                        (pc.installation_id,)).fetchone() is not None)
           for pc in installations_of(store, village, include_retired=include_retired)]
    # Packages made in the same second: the PC trusted last is the newer one.
    pcs.sort(key=lambda p: (_moment(p.last_package_created), pinned.get(p.installation_id, 0)), reverse=True)
    return pcs


def _plain(text: str) -> str:
    return "".join(c for c in text if c.isalnum()).upper()


def choose_pc(store: Store, village: str, wanted: str | None = None) -> Installation:
    """The PC a return package for ``village`` goes to: ``wanted`` (installation ID or key
    fingerprint, dashes and case optional), else the default of ``village_pcs``."""
    pcs = village_pcs(store, village)
    retired = find_installation(store, wanted, village) if wanted else None
    if retired is not None and retired.retired:
        raise StoreError(f"{village_label(store, village)}的电脑（密钥指纹 {retired.fingerprint}）"
                         f"已{retired.retirement()}，不再给它生成返回数据包"
                         + (f"。该村在用的电脑：{'；'.join(pc.describe() for pc in pcs)}" if pcs else ""))
    if not pcs:
        if installations_of(store, village):
            raise StoreError(f"{village_label(store, village)}登记的电脑都已停用，无法生成返回数据包；"
                             "请等该村新电脑发来数据包（或重新启用一台电脑）")
        raise StoreError(f"还没有收到村 {village} 的数据包，不知道该村电脑的公钥，无法生成返回数据包")
    if not wanted:
        return pcs[0].installation
    key = _plain(wanted)
    for pc in pcs:
        if key and key in (_plain(pc.installation_id), _plain(pc.fingerprint)):
            return pc.installation
    known = "；".join(pc.describe() for pc in pcs)
    raise StoreError(f"村 {village} 没有密钥指纹或编号为“{wanted}”的电脑。该村登记的电脑：{known}")


# ---------------------------------------------------------------- the village profile

def retire_extra_profiles(store: Store, village: str) -> list[str]:
    """Village: keep one live profile record, the one created first; retire the others.

    Called in the transaction importing a return package. A profile made here and never
    sent (a new PC's, before its recovery) is retired first; otherwise the record whose
    first version is older (``hlc``, then ``version_id``) is kept, so every PC that meets the
    same two shared profiles keeps the same one. Returns the retired records' UUIDs.
    """
    live = [r[0] for r in store.conn.execute(
        "SELECT uuid FROM village_profile WHERE _village = ? AND _deleted = 0", (village,))]
    if len(live) < 2:
        return []

    def rank(record_uuid: str) -> tuple[int, str, str]:
        row = store.conn.execute(
            "SELECT v.hlc, v.version_id, v.origin != 'local' OR EXISTS (SELECT 1 FROM exported_versions e "
            "WHERE e.version_id = v.version_id) FROM versions v "
            "WHERE v.record_uuid = ? AND v.parent_id IS NULL ORDER BY v.hlc, v.version_id LIMIT 1",
            (record_uuid,)).fetchone()
        if row is None:
            return (1, "~", record_uuid)
        # A profile nobody else has seen (made here and never sent) goes first, whatever the clocks say.
        return (0 if row[2] else 1, row[0], row[1])

    _kept, *extra = sorted(live, key=rank)
    for record_uuid in extra:
        store.delete(record_uuid, RETIRED_PROFILE_REASON)
    return extra


# ---------------------------------------------------------------- what the township is told

class PackageResultLike(Protocol):
    """What ``recovery_hints`` reads of ``sync.exchange.importer.PackageResult``."""

    path: Path
    status: str
    village: str | None
    village_name: str | None
    installation: str | None
    fingerprint: str | None
    pinned: str | None
    versions: int


@dataclass(frozen=True)
class RecoveryHint:
    """After an import at the township: a PC that asked to recover, or a new PC of a known village."""

    village: str
    village_name: str
    fingerprint: str
    installation_id: str
    requested: bool  # True: a recovery request; False: a replaced PC's first ordinary package


def recovery_hints(store: Store, results: Iterable[PackageResultLike]) -> list[RecoveryHint]:
    """Township, after an import: the village PCs that need a full return package (a recovery
    request, or a PC accepted for a village that already had one)."""
    hints = []
    for r in results:
        if r.status != "accepted" or not r.village:
            continue
        requested = False
        if r.versions == 0:  # only an empty package can be a recovery request: read just those again
            try:
                requested = peek_header(r.path).header.get(RECOVERY_FLAG) is True
            except SyncFileError:
                requested = False
        replaced = r.pinned == CONFIRMED and len(installations_of(store, r.village)) > 1
        if requested or replaced:
            hints.append(RecoveryHint(r.village, r.village_name or "", r.fingerprint or "",
                                      r.installation or "", requested))
    return hints
