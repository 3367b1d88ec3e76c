"""Exporting packages, and reading the receipts that come back.

A village exports a *data* package for its township; the township exports a *return*
package for one village PC (resolved conflicts, corrections, settings, choice lists). Both work the
same way: first the receipts for this installation found in the target folder are
verified and their versions marked as acknowledged; then every version the recipient is
not known to have goes into one package. Nothing acknowledged is sent again; anything
sent but never acknowledged (a lost stick) is simply sent again.

Which versions a recipient is "known to have": those it acknowledged (``exported_versions``
with ``acked = 1``) and those that came from it (``versions.origin``). A village sends
only what was made locally; the township sends a village PC everything of that village
that did not come from that PC. ``full`` sends everything regardless.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forms.model import SCHEMA_VERSION
from sync.exchange import delivery
from sync.exchange.county import require_county
from sync.exchange.identity import enrolled_township, ensure_keys, require_township
from sync.exchange.installations import Installation, choose_pc
from sync.exchange.keys import (
    KeySet,
    encryption_public_key_from_bytes,
    to_b64,
)
from sync.exchange.package_file import KIND_DATA, KIND_RETURN, KIND_UPWARD, package_filename
from sync.exchange.package_write import write_package
from sync.exchange.payload import SettingValue, build_payload, record_counts
from sync.exchange.receipts_read import ReceiptOutcome, read_receipts, read_upward_receipts
from sync.exchange.recovery import RECOVERY_FLAG
from sync.exchange.village_secret import proof_fields
from sync.progress import Cancel, Cancelled, Progress, stopped
from sync.store.choices import AddedChoice, latest_hlc
from sync.store.choices import load as load_choices
from sync.store.store import Store, StoreError, new_id, now_text
from sync.store.users import EXPORT_PACKAGE, EXPORT_RETURN, require
from sync.store.versions import COLUMNS, VersionRow
from sync.store.village_names import village_name

_VERSION_COLUMNS = ", ".join(f"v.{c}" for c in COLUMNS)


@dataclass
class ExportPreview:
    """What an export would contain, for the export dialog (records per register)."""

    target: str
    recipient: str  # for people: the township's or the village's name
    full: bool
    versions: list[VersionRow] = field(default_factory=list)
    settings: list[SettingValue] = field(default_factory=list)
    settings_hlc: str | None = None
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    settings_changed: bool = False
    # Return packages: the township's choice-list additions, sent until a receipt confirms them.
    choices: list[AddedChoice] = field(default_factory=list)
    choices_hlc: str | None = None
    choices_changed: bool = False

    @property
    def nothing_to_send(self) -> bool:
        return not self.versions and not self.settings_changed and not self.choices_changed

    def totals(self) -> dict[str, int]:
        out = {"new": 0, "changed": 0, "deleted": 0, "versions": 0}
        for slot in self.counts.values():
            for key in out:
                out[key] += slot.get(key, 0)
        return out


@dataclass
class ExportResult:
    path: Path | None
    preview: ExportPreview
    receipts: list[ReceiptOutcome]
    package_id: str | None = None
    sequence: int | None = None

    @property
    def nothing_to_send(self) -> bool:
        return self.path is None


@dataclass(frozen=True)
class SyncStatus:
    """For the status bar: changes not yet exported, sent but unacknowledged, last export."""

    pending: int
    unacknowledged: int
    last_export: str | None
    last_receipt: str | None


# ---------------------------------------------------------------- who receives

@dataclass(frozen=True)
class _Recipient:
    kind: str
    township_code: str
    target: str  # exported_versions.target
    village: str
    village_name: str
    encryption_public: bytes
    installation: Installation | None  # township → village PC
    label: str


def _recipient(store: Store, for_village: str | None, installation: str | None = None) -> _Recipient:
    if not store.is_township:
        if for_village and for_village != store.village_code:
            raise StoreError(f"村数据库只能导出本村（{store.village_code}）的数据包")
        if installation:
            raise StoreError("只有乡镇导出返回数据包时才能指定接收的电脑（--installation）")
        link = require_township(store)
        own = store.village_code or ""
        return _Recipient(KIND_DATA, link.township_code, link.target, own, village_name(store.conn, own),
                          link.encryption_public_bytes, None, f"{link.township_name}（{link.township_code}）")
    if not for_village:
        raise StoreError("乡镇数据库导出返回数据包时须指明村代码（--for-village）")
    pc = choose_pc(store, for_village, installation)
    name = village_name(store.conn, for_village) or for_village
    return _Recipient(KIND_RETURN, store.meta["township_code"], pc.installation_id, for_village, name,
                      pc.encryption_public, pc, f"{name}（{for_village}，电脑指纹 {pc.fingerprint}）")


# ---------------------------------------------------------------- what to send

def preview_export(store: Store, *, full: bool = False, for_village: str | None = None,
                   installation: str | None = None) -> ExportPreview:
    """What ``export_package`` would send now (without reading receipts first)."""
    return _preview(store, _recipient(store, for_village, installation), full)


def _preview(store: Store, recipient: _Recipient, full: bool) -> ExportPreview:
    unacked = ("NOT EXISTS (SELECT 1 FROM exported_versions e WHERE e.version_id = v.version_id "
               "AND e.target = ? AND e.acked = 1)")
    if recipient.kind == KIND_DATA:
        sql = f"SELECT {_VERSION_COLUMNS} FROM versions v"
        args: list[Any] = []
        if not full:
            sql += f" WHERE v.origin = 'local' AND {unacked}"
            args.append(recipient.target)
    else:
        sql = f"SELECT {_VERSION_COLUMNS} FROM versions v WHERE v.village = ?"
        args = [recipient.village]
        if not full:
            sql += f" AND v.origin != ? AND {unacked}"
            args += [recipient.target, recipient.target]
    sql += " ORDER BY v.hlc, v.device, v.version_id"
    versions = [VersionRow.from_db(tuple(r)) for r in store.conn.execute(sql, args)]
    preview = ExportPreview(recipient.target, recipient.label, full, versions, counts=record_counts(versions))
    if recipient.kind == KIND_RETURN:
        rows = store.conn.execute("SELECT key, value, hlc, user FROM settings ORDER BY key").fetchall()
        preview.settings = [SettingValue(r[0], json.loads(r[1]), r[2] or "0000000000000000.0000", r[3] or "")
                            for r in rows if r[0] in store.catalog.settings]
        preview.settings_hlc = max((s.hlc for s in preview.settings), default=None)
        # Like versions, settings go again until a receipt confirms them (a lost stick).
        sent = store.conn.execute("SELECT MAX(settings_hlc) FROM exports WHERE target = ? "
                                  "AND acked_at IS NOT NULL", (recipient.target,)).fetchone()[0]
        preview.settings_changed = bool(preview.settings_hlc and (full or sent is None
                                                                   or preview.settings_hlc > sent))
        _preview_choices(store, recipient, preview)
    return preview


def _preview_choices(store: Store, recipient: _Recipient, preview: ExportPreview) -> None:
    """All additions, when the village has not confirmed the newest (a receipt), or on ``full``.

    The lists are small and a village merges them as a union, so they go whole; a lost
    stick only means they go again.
    """
    rows = load_choices(store.conn)
    newest = latest_hlc(rows)
    confirmed = store.conn.execute("SELECT MAX(choices_hlc) FROM exports WHERE target = ? "
                                   "AND acked_at IS NOT NULL", (recipient.target,)).fetchone()[0]
    preview.choices_changed = bool(newest and (preview.full or confirmed is None or newest > confirmed))
    if preview.choices_changed:
        preview.choices, preview.choices_hlc = rows, newest


# ---------------------------------------------------------------- writing

def export_package(store: Store, out_dir: str | Path, *, full: bool = False, for_village: str | None = None,
                   installation: str | None = None, recovery_request: bool = False,
                   progress: Progress | None = None, cancel: Cancel | None = None) -> ExportResult:
    """Read receipts in ``out_dir``, then write one package of everything not acknowledged.

    Returns a result whose ``path`` is None when there was nothing to send (and not
    ``full``). Raises StoreError (not enrolled, no such village) or PackageError (the
    stick could not be written; nothing is left that looks like a package).
    ``installation`` (township): the village PC to send to, by ID or key fingerprint
    (``sync.exchange.installations.choose_pc``). ``recovery_request`` (village): a package with no records
    that asks the township for the village's data (``sync.exchange.recovery``).
    """
    def report(done: int, message: str) -> None:
        if stopped(progress, done, 4, message) or (cancel is not None and cancel()):
            raise Cancelled("已取消导出，没有生成数据包")

    if store.is_county:
        raise StoreError("区县数据库不导出数据包：区县只接收各乡镇上报的数据。"
                         "更正请告知乡镇，由乡镇改正后随返回数据包发给村")
    require(store.user, EXPORT_RETURN if store.is_township else EXPORT_PACKAGE)
    out = Path(out_dir)
    if not out.is_dir():
        raise StoreError(f"文件夹 {out} 不存在，请先插好U盘并选择正确的位置")
    if recovery_request and store.is_township:
        raise StoreError("只有村里的新电脑才能请求从乡镇恢复本村数据")
    recipient = _recipient(store, for_village, installation)
    keys = ensure_keys(store)
    report(0, "正在读取回执…")
    receipts = read_receipts(store, out)
    report(1, "正在整理要发送的数据…")
    preview = (ExportPreview(recipient.target, recipient.label, False) if recovery_request
               else _preview(store, recipient, full))
    if preview.nothing_to_send and not full and not recovery_request:
        return ExportResult(None, preview, receipts)
    report(2, "正在加密并写入数据包…")
    package_id = new_id()
    path, sequence = _write(store, out, recipient, keys, preview, package_id, recovery_request)
    report(3, "正在记录导出…")
    _record(store, recipient, preview, path, package_id, sequence)
    stopped(progress, 4, 4, f"已生成数据包 {path.name}")
    return ExportResult(path, preview, receipts, package_id, sequence)


def _record(store: Store, recipient: _Recipient, preview: ExportPreview, path: Path, package_id: str,
            sequence: int) -> None:
    """Note a package written: its versions are sent (not yet acknowledged) to its recipient."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    created = now_text()
    with store.transaction():
        store.conn.execute(
            "INSERT INTO exports(package_id, target, kind, village, sequence, file, file_sha256, created, "
            "full, versions, settings_hlc, user, choices_hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (package_id, recipient.target, recipient.kind, recipient.village, sequence, str(path), digest,
             created, int(preview.full), len(preview.versions), preview.settings_hlc, store.user.name,
             preview.choices_hlc))
        store.conn.executemany(
            "INSERT INTO exported_versions(version_id, target, package_id, acked) VALUES (?, ?, ?, 0) "
            "ON CONFLICT(version_id, target) DO UPDATE SET package_id = excluded.package_id WHERE acked = 0",
            [(v.version_id, recipient.target, package_id) for v in preview.versions])
        store.conn.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                               [("export_sequence", str(sequence)), ("last_export", created)])
    store.meta.update(export_sequence=str(sequence), last_export=created)


def _write(store: Store, out: Path, recipient: _Recipient, keys: KeySet, preview: ExportPreview,
           package_id: str, recovery_request: bool = False, sequence: int | None = None) -> tuple[Path, int]:
    if sequence is None:
        sequence = int(store.meta.get("export_sequence", "0")) + 1
    today = dt.date.today()
    # Return packages lie on the same stick as the village's own: their names must differ.
    shown = recipient.village_name if recipient.kind == KIND_DATA else \
        f"{recipient.village_name}（{'乡镇上报' if recipient.kind == KIND_UPWARD else '乡镇返回'}）"
    while (out / package_filename(shown, recipient.village, today, sequence)).exists():
        sequence += 1  # a PC restored from an old copy reuses numbers: never overwrite a package
    totals = preview.totals()
    header: dict[str, Any] = {
        "package_id": package_id,
        "kind": recipient.kind,
        "village_code": recipient.village,
        "village_name": recipient.village_name[:100] or recipient.village,
        "installation_id": store.device_id,
        "sequence": sequence,
        "created": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "schema_version": SCHEMA_VERSION,
        "township_code": recipient.township_code,
        "counts": totals,
        "full": preview.full,
        "sender_encryption_key": to_b64(keys.encryption_public_bytes),
    }
    if recipient.kind in (KIND_DATA, KIND_UPWARD):  # the sender's proof of its enrollment secret, if any
        member = recipient.village if recipient.kind == KIND_DATA else recipient.township_code
        header.update(proof_fields(store, member, to_b64(keys.signing_public_bytes),
                                   header["sender_encryption_key"]))
    if recipient.kind == KIND_UPWARD:
        header["township_name"] = store.meta.get("township_name", "")[:100] or recipient.township_code
    if recipient.installation is not None:
        header["recipient_installation"] = recipient.installation.installation_id
    if recovery_request:
        header[RECOVERY_FLAG] = True
    profile = store.profile(recipient.village)
    profile.pop("uuid", None)
    payload = build_payload(kind=recipient.kind, package_id=package_id, village=recipient.village,
                            village_name=header["village_name"], installation=store.device_id,
                            full=preview.full,
                            versions=preview.versions, profile=profile, settings=preview.settings,
                            counts=preview.counts, choices=preview.choices)
    name = package_filename(shown, recipient.village, today, sequence)
    path = write_package(out, name, header, payload, keys.signing,
                         encryption_public_key_from_bytes(recipient.encryption_public))
    return path, sequence


# ---------------------------------------------------------------- upward (township → county)

@dataclass
class UpwardResult:
    """An upward export: one delivery folder (``folder``) holding one package per village with
    something new (``paths``, inside it); ``folder`` is None when nothing was new."""

    paths: list[Path]
    previews: list[ExportPreview]
    receipts: list[ReceiptOutcome]
    recipient: str
    folder: Path | None = None

    @property
    def nothing_to_send(self) -> bool:
        return not self.paths

    def totals(self) -> dict[str, int]:
        out = {"new": 0, "changed": 0, "deleted": 0, "versions": 0}
        for preview in self.previews:
            for key, n in preview.totals().items():
                out[key] += n
        return out


def preview_upward(store: Store, *, full: bool = False) -> dict[str, list[VersionRow]]:
    """Township: per village, the versions the county has not acknowledged (``full``: all).

    Whatever is in the township's store was merged there: a refused package never reached
    it, so nothing the township refused can travel up.
    """
    link = require_county(store)
    sql = f"SELECT {_VERSION_COLUMNS} FROM versions v"
    args: list[Any] = []
    if not full:
        sql += (" WHERE NOT EXISTS (SELECT 1 FROM exported_versions e WHERE e.version_id = v.version_id "
                "AND e.target = ? AND e.acked = 1)")
        args.append(link.target)
    by_village: dict[str, list[VersionRow]] = {}
    for r in store.conn.execute(sql + " ORDER BY v.village, v.hlc, v.device, v.version_id", args):
        v = VersionRow.from_db(tuple(r))
        by_village.setdefault(v.village, []).append(v)
    return by_village


def export_upward(store: Store, out_dir: str | Path, *, full: bool = False, progress: Progress | None = None,
                  cancel: Cancel | None = None) -> UpwardResult:
    """Township: read the county's receipts in ``out_dir`` (and its delivery folders), then write
    one new delivery folder there with one upward package per village with versions the county
    has not acknowledged: the villages' own and the township's (merges, resolved conflicts,
    corrections). Each package is signed by the township and encrypted to the county, and all
    or nothing at the county like a village's package. The folder appears whole or not at all
    (``sync.exchange.delivery``); nothing is recorded as sent before it is in place."""
    require(store.user, EXPORT_RETURN)
    out = Path(out_dir)
    if not out.is_dir():
        raise StoreError(f"文件夹 {out} 不存在，请先插好U盘并选择正确的位置")
    link = require_county(store)
    keys = ensure_keys(store)
    receipts = read_upward_receipts(store, out)
    by_village = preview_upward(store, full=full)
    label = f"{link.county_name}（{link.county_code}）"
    result = UpwardResult([], [], receipts, label)
    if not by_village:
        return result
    township = store.meta["township_code"]
    name = delivery.delivery_name(store.meta.get("township_name", ""), township, link.county_name,
                                  dt.datetime.now())
    tmp = delivery.start(out, name)
    written: list[tuple[_Recipient, ExportPreview, str, str, int]] = []
    sequence = int(store.meta.get("export_sequence", "0"))
    try:
        for done, (village, versions) in enumerate(sorted(by_village.items())):
            if stopped(progress, done, len(by_village), f"正在写入 {village} 的数据包…") or \
                    (cancel is not None and cancel()):
                raise Cancelled("已取消导出，没有生成数据包")
            shown = village_name(store.conn, village) or village
            recipient = _Recipient(KIND_UPWARD, township, link.target, village, shown,
                                   link.encryption_public_bytes, None, label)
            preview = ExportPreview(link.target, label, full, versions, counts=record_counts(versions))
            package_id = new_id()
            path, sequence = _write(store, tmp, recipient, keys, preview, package_id, sequence=sequence + 1)
            written.append((recipient, preview, path.name, package_id, sequence))
        folder = delivery.finish(tmp, name)
    except BaseException:
        delivery.abandon(tmp)
        raise
    # Recorded once the folder is in place: a crash before this only means the next export
    # sends the same versions again (harmless at the county).
    for recipient, preview, file_name, package_id, sequence in written:
        _record(store, recipient, preview, folder / file_name, package_id, sequence)
        result.paths.append(folder / file_name)
        result.previews.append(preview)
    result.folder = folder
    stopped(progress, len(by_village), len(by_village), f"已生成 {len(result.paths)} 个村的数据包")
    return result


# ---------------------------------------------------------------- status

def sync_status(store: Store) -> SyncStatus:
    """Village: versions made here and never exported, and exported but not acknowledged."""
    link = enrolled_township(store) if not store.is_township else None
    target = link.target if link else ""
    pending = store.conn.execute(
        "SELECT COUNT(*) FROM versions v WHERE v.origin = 'local' AND NOT EXISTS "
        "(SELECT 1 FROM exported_versions e WHERE e.version_id = v.version_id AND e.target = ?)",
        (target,)).fetchone()[0]
    unacked = store.conn.execute("SELECT COUNT(*) FROM exported_versions WHERE target = ? AND acked = 0",
                                 (target,)).fetchone()[0]
    return SyncStatus(pending, unacked, store.meta.get("last_export"), store.meta.get("last_receipt"))
