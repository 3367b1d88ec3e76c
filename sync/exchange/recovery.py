"""A village PC that died without a backup gets the village's registers back from the township.

The township holds every version of every record of its villages, so a new PC (new
database, new installation key) needs no backup: it enrolls, sends a *recovery request*
(a data package with no records, ``recovery_request`` in its header) so the township
learns and pins its keys, and imports the township's full return package. Records keep
their UUIDs and their history, so what the new PC edits afterwards reaches the township as
ordinary updates.

Two things need care. Which PC a return package is for, once a village has two, is the
installations' business (``sync.exchange.installations.choose_pc``). The village profile, one
record per village, lives here: the new PC made its own when it was set up. When a return
package brings the village's long-standing profile, the newer one is retired (a deletion with
a reason, reversible, sent to the township like any deletion), so neither side ends up with two
(``retire_extra_profiles``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sync.exchange.import_summary import ACCEPTED, PackageResult
from sync.exchange.installations import CONFIRMED, installations_of
from sync.exchange.package_read import peek_header
from sync.exchange.stick_files import SyncFileError
from sync.store.store import Store

# Header field of a recovery request (an optional header field: no new format version).
RECOVERY_FLAG = "recovery_request"
RETIRED_PROFILE_REASON = ("从乡镇恢复本村数据：本村已有乡镇保存的村情概况（一村只有一份），"
                          "本机新建时填写的这一份作废；需要时可在历史记录中查看或恢复")


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

@dataclass(frozen=True)
class RecoveryHint:
    """After an import at the township: a PC that asked to recover, or a new PC of a known village."""

    village: str
    village_name: str
    fingerprint: str
    installation_id: str
    requested: bool  # True: a recovery request; False: a replaced PC's first ordinary package


def recovery_hints(store: Store, results: Iterable[PackageResult]) -> list[RecoveryHint]:
    """Township, after an import: the village PCs that need a full return package (a recovery
    request, or a PC accepted for a village that already had one)."""
    hints = []
    for r in results:
        if r.status != ACCEPTED or not r.village:
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
