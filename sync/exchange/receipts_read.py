"""The receipts a township or a county sends back, as the sender reads them from the stick.

A receipt names the versions the other side has applied; reading it marks them acknowledged
(``exported_versions.acked``), so the next package carries only what is new. A village reads its
township's, a township its villages' PCs' and its county's (those lie in the delivery folders,
one level down: :func:`read_upward_receipts`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sync.exchange import delivery
from sync.exchange.county import county_link
from sync.exchange.identity import enrolled_township
from sync.exchange.keys import KeyFormatError, from_b64, signing_public_key_from_bytes, to_b64
from sync.exchange.receipt import ReceiptError, find_receipts, read_receipt, unverified_receipt
from sync.store.store import Store, now_text


@dataclass(frozen=True)
class ReceiptOutcome:
    path: Path
    ok: bool
    message: str
    package_id: str | None = None
    acknowledged: int = 0



def _claimed_signer(path: Path) -> bytes | None:
    doc = unverified_receipt(path)
    try:
        return from_b64(doc.get("signer_public_key"), expected_length=32) if doc is not None else None
    except KeyFormatError:
        return None


def read_receipts(store: Store, folder: str | Path) -> list[ReceiptOutcome]:
    """Verify the receipts for this installation in ``folder`` and mark their versions delivered."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    outcomes = []
    try:
        paths = find_receipts(folder, store.device_id)
    except ReceiptError as exc:
        return [ReceiptOutcome(folder, False, str(exc))]
    for path in paths:
        outcomes.append(_read_one(store, path))
    return outcomes


def _read_one(store: Store, path: Path) -> ReceiptOutcome:
    county = county_link(store) if store.is_township else None
    if county is not None and _claimed_signer(path) == county.signing_public_bytes:
        # The county's receipt for an upward package: read as a village reads its township's.
        target, key = county.target, county.signing_public_bytes
    elif store.is_township:
        signer = _claimed_signer(path)
        pc = store.conn.execute("SELECT installation_id FROM installations WHERE signing_public = ?",
                                (to_b64(signer),)).fetchone() if signer else None
        if pc is None:
            return ReceiptOutcome(path, False, f"回执 {path.name} 不是本乡镇登记的村电脑签发的，不予采用。")
        target, key = pc[0], signer
        assert key is not None
    else:
        link = enrolled_township(store)
        if link is None:
            return ReceiptOutcome(path, False, "本村尚未导入乡镇注册文件，无法核对回执")
        target, key = link.target, link.signing_public_bytes
    try:
        receipt = read_receipt(path, signing_public_key_from_bytes(key))
    except ReceiptError as exc:
        return ReceiptOutcome(path, False, str(exc))
    if receipt.installation_id != store.device_id:
        return ReceiptOutcome(path, False, f"回执 {path.name} 是给其他电脑的。", receipt.package_id)
    ids = json.dumps(list(receipt.version_ids))
    sequence = max(int(store.meta.get("export_sequence", "0")), receipt.sequence)
    now = now_text()
    with store.transaction():
        before = store.conn.total_changes
        store.conn.execute(
            "INSERT INTO exported_versions(version_id, target, package_id, acked) "
            "SELECT value, ?, ?, 1 FROM json_each(?) WHERE value IN (SELECT version_id FROM versions) "
            "ON CONFLICT(version_id, target) DO UPDATE SET acked = 1 WHERE acked = 0",
            (target, receipt.package_id, ids))
        acknowledged = store.conn.total_changes - before
        store.conn.execute("UPDATE exports SET acked_at = COALESCE(acked_at, ?) WHERE package_id = ?",
                           (now, receipt.package_id))
        # A PC restored from an old copy learns the numbers it already used: they keep increasing.
        store.conn.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                               [("export_sequence", str(sequence)), ("last_receipt", now)])
    store.meta.update(export_sequence=str(sequence), last_receipt=now)
    message = (f"回执 {path.name}：对方已收到序号 {receipt.sequence} 的数据包，"
               f"确认 {len(receipt.version_ids)} 个版本")
    return ReceiptOutcome(path, True, message, receipt.package_id, acknowledged)


def read_upward_receipts(store: Store, folder: str | Path) -> list[ReceiptOutcome]:
    """Township: the county's receipts in ``folder`` and in the folders directly in it.

    The county writes each receipt beside its package, inside the delivery folder; the stick
    comes back and the township exports to the stick's folder again, one level above them.
    """
    folder = Path(folder)
    outcomes = read_receipts(store, folder)
    for sub in delivery.subfolders(folder):
        outcomes += read_receipts(store, sub)
    return outcomes
