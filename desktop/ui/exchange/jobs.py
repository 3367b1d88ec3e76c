"""What the sync windows ask of the engine: plain functions that run on the worker thread.

Thin adapters over ``sync.exchange.exporter``, ``sync.exchange.importer``, ``sync.exchange.conflicts`` and
``sync.exchange.township``. Each gathers in one call what a dialog shows, so a dialog needs one
round trip to the worker, and adds the little the engine does not offer as such: which
packages on a stick a village should import, what the township has acknowledged per
register, and a conflict's three complete versions side by side. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.badge_counts import badge_counts
from forms.model import Field
from sync.exchange import installations, recovery
from sync.exchange.conflicts import Conflict, get_conflict, list_conflicts
from sync.exchange.exporter import ExportPreview, ReceiptOutcome, preview_export, read_receipts
from sync.exchange.identity import TownshipLink, enrolled_township, local_keys
from sync.exchange.import_summary import ImportSummary
from sync.exchange.importer import import_packages
from sync.exchange.installations import Installation
from sync.exchange.package_file import KIND_RETURN, find_packages
from sync.exchange.package_read import peek_header
from sync.exchange.recovery import RecoveryHint
from sync.exchange.stick_files import SyncFileError
from sync.exchange.township import ConfirmInstallation, VillageOverview, village_overview
from sync.progress import Cancel, Progress
from sync.store.store import Store, StoreError
from sync.store.versions import VersionRow
from sync.store.village_names import village_names as names_of_villages

# Where the clerk enrolls, named as the window names it (not the command line's `cunwu enroll`).
ENROLL_FIRST = "请先在“数据报送 → 导入乡镇注册文件…”中导入乡镇发来的注册文件（文件名以 .cunwu-enroll 结尾）"


class NotEnrolled(StoreError):
    """A village that has not imported its township's enrollment file: nothing can go to the township yet."""


# ------------------------------------------------------------------ identity

@dataclass(frozen=True)
class Identity:
    """Who this database is, and (in a village) the township it is enrolled with."""

    is_township: bool
    code: str
    name: str
    township: TownshipLink | None
    own_fingerprint: str | None  # None until sync first needs the key pair


def identity(store: Store) -> Identity:
    keys = local_keys(store)
    code = store.village_code or store.meta.get("township_code", "")
    return Identity(store.is_township, code, store.village_name,
                    None if store.is_township else enrolled_township(store),
                    keys.signing_fingerprint if keys else None)


# ------------------------------------------------------------------ export

@dataclass(frozen=True)
class RegisterCounts:
    key: str
    name: str
    new: int
    changed: int
    deleted: int
    versions: int


@dataclass
class ExportPlan:
    """What an export would send now, after the receipts in the folder were read."""

    preview: ExportPreview
    receipts: list[ReceiptOutcome]
    registers: list[RegisterCounts]
    resent: int = 0  # versions already sent in an earlier package that nobody acknowledged yet

    @property
    def nothing_to_send(self) -> bool:
        return self.preview.nothing_to_send


def register_counts(store: Store, counts: dict[str, dict[str, int]]) -> list[RegisterCounts]:
    """Per-register counts in the catalogue's order (registers with nothing left out)."""
    rows = []
    for reg in store.catalog.ordered(include_profile=True):
        slot = counts.get(reg.key)
        if slot:
            rows.append(RegisterCounts(reg.key, reg.name, slot.get("new", 0), slot.get("changed", 0),
                                       slot.get("deleted", 0), slot.get("versions", 0)))
    return rows


def plan_export(store: Store, folder: Path | None, *, full: bool = False,
                for_village: str | None = None, installation: str | None = None) -> ExportPlan:
    """Read the receipts already on the stick (they may acknowledge changes), then preview."""
    if not store.is_township and enrolled_township(store) is None:
        raise NotEnrolled(f"本村尚未导入乡镇的注册文件，还不能导出数据包。{ENROLL_FIRST}，再导出。")
    receipts = read_receipts(store, folder) if folder is not None and folder.is_dir() else []
    preview = preview_export(store, full=full, for_village=for_village, installation=installation)
    sent = {r[0] for r in store.conn.execute(
        "SELECT version_id FROM exported_versions WHERE target = ? AND acked = 0", (preview.target,))}
    resent = sum(1 for v in preview.versions if v.version_id in sent)
    return ExportPlan(preview, receipts, register_counts(store, preview.counts), resent)


def village_pcs(store: Store, village: str) -> list[Installation]:
    """Township: the PCs a return package for ``village`` may go to, the default first."""
    return installations.village_pcs(store, village)


# ------------------------------------------------------------------ recovery (village)

@dataclass(frozen=True)
class RecoveryState:
    """Village: how far 从乡镇恢复本村数据 has come on this PC."""

    township: TownshipLink | None
    own_fingerprint: str | None
    records: int  # records on this PC besides the village profile
    returns_imported: int  # return packages imported so far


def recovery_state(store: Store) -> RecoveryState:
    keys = local_keys(store)
    records = sum(store.count(reg.key) for reg in store.catalog.ordered())
    returns = store.conn.execute("SELECT COUNT(*) FROM imported_packages WHERE kind = ?",
                                 (KIND_RETURN,)).fetchone()[0]
    return RecoveryState(enrolled_township(store), keys.signing_fingerprint if keys else None, records,
                         returns)


# ------------------------------------------------------------------ receipts

@dataclass(frozen=True)
class SentPackage:
    package_id: str
    sequence: int
    created: str
    file: str
    versions: int
    full: bool
    acked_at: str | None


@dataclass(frozen=True)
class RegisterDelivery:
    """A register's local changes (versions): received by the township, sent and waiting, not sent."""

    key: str
    name: str
    received: int
    waiting: int
    not_sent: int


@dataclass
class DeliveryReport:
    township: str
    receipts: list[ReceiptOutcome] = field(default_factory=list)
    packages: list[SentPackage] = field(default_factory=list)
    registers: list[RegisterDelivery] = field(default_factory=list)

    @property
    def newly_acknowledged(self) -> int:
        return sum(r.acknowledged for r in self.receipts if r.ok)

    def totals(self) -> tuple[int, int, int]:
        return (sum(r.received for r in self.registers), sum(r.waiting for r in self.registers),
                sum(r.not_sent for r in self.registers))


def delivery_report(store: Store, folder: Path | None) -> DeliveryReport:
    """Village: read the township's receipts in ``folder``, then what it has received so far."""
    link = enrolled_township(store)
    if link is None:
        raise NotEnrolled(f"本村尚未导入乡镇的注册文件，还没有发出过数据包。{ENROLL_FIRST}。")
    report = DeliveryReport(f"{link.township_name}（{link.township_code}）")
    if folder is not None:
        if not folder.is_dir():
            raise StoreError(f"文件夹 {folder} 不存在，请先插好U盘并选择正确的位置")
        report.receipts = read_receipts(store, folder)
    rows = store.conn.execute(
        "SELECT package_id, sequence, created, file, versions, full, acked_at FROM exports "
        "WHERE target = ? ORDER BY sequence DESC, created DESC", (link.target,))
    report.packages = [SentPackage(r[0], r[1], r[2], Path(r[3]).name, r[4], bool(r[5]), r[6]) for r in rows]
    by_register = {
        r[0]: (r[1] or 0, r[2] or 0, r[3] or 0) for r in store.conn.execute(
            "SELECT v.register, SUM(e.acked = 1), SUM(e.acked = 0), SUM(e.version_id IS NULL) "
            "FROM versions v LEFT JOIN exported_versions e ON e.version_id = v.version_id AND e.target = ? "
            "WHERE v.origin = 'local' GROUP BY v.register", (link.target,))}
    for reg in store.catalog.ordered(include_profile=True):
        if reg.key in by_register:
            report.registers.append(RegisterDelivery(reg.key, reg.name, *by_register[reg.key]))
    return report


# ------------------------------------------------------------------ import

@dataclass
class StickImport:
    folder: Path
    summary: ImportSummary
    ignored: int = 0  # village: packages on the stick meant for others (left alone)
    # Township: village PCs that asked to recover their data, or replaced PCs (sync.exchange.recovery).
    recovery: list[RecoveryHint] = field(default_factory=list)
    # Village: per package ID, the conflicts it met that are still open. A return package usually
    # brings the township's resolution with the edits it settles, so most close in the same import.
    open_conflicts: dict[str, int] = field(default_factory=dict)
    # Nothing found: subfolders one level down that hold packages (the person chose E:\ instead
    # of E:\村务数据包, say), with how many each holds.
    nearby: list[tuple[Path, int]] = field(default_factory=list)


def return_packages(store: Store, folder: Path) -> tuple[list[Path], int]:
    """Village: the township's return packages for this village, and how many others were left alone.

    A stick carries every village's packages; a village imports only what is addressed to
    it. A file whose header cannot be read is included, so the clerk learns why it is refused.
    """
    chosen: list[Path] = []
    ignored = 0
    for path in find_packages(folder):
        try:
            header = peek_header(path).header
        except SyncFileError:
            chosen.append(path)
            continue
        if header.get("kind") == KIND_RETURN and header.get("village_code") == store.village_code:
            chosen.append(path)
        else:
            ignored += 1
    return chosen, ignored


def import_stick(store: Store, folder: Path, *, confirm: ConfirmInstallation | None = None,
                 progress: Progress | None = None, cancel: Cancel | None = None) -> StickImport:
    """Township: every package in the folder. Village: the return packages addressed to it."""
    if not folder.is_dir():
        raise StoreError(f"文件夹 {folder} 不存在，请先插好U盘并选择正确的位置")
    if store.is_township:
        summary = import_packages(store, [folder], confirm=confirm, progress=progress, cancel=cancel)
        return StickImport(folder, summary, recovery=recovery.recovery_hints(store, summary.results),
                           nearby=[] if summary.results else packages_below(folder))
    paths, ignored = return_packages(store, folder)
    if not paths:
        enrolled_or_raise(store)
        return StickImport(folder, ImportSummary(), ignored, nearby=[] if ignored else packages_below(folder))
    summary = import_packages(store, paths, progress=progress, cancel=cancel)
    return StickImport(folder, summary, ignored, open_conflicts=open_conflicts_of(store, summary))


def packages_below(folder: Path) -> list[tuple[Path, int]]:
    """Subfolders of ``folder`` (one level) that hold packages, and how many each holds."""
    found = []
    try:
        subfolders = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return []
    for sub in subfolders:
        try:
            count = len(find_packages(sub))
        except SyncFileError:
            continue
        if count:
            found.append((sub, count))
    return found


def open_conflicts_of(store: Store, summary: ImportSummary) -> dict[str, int]:
    """How many of the conflicts each imported package met are still open."""
    ids = [r.package_id for r in summary.results if r.package_id and r.counts.conflicts]
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {pid: n for pid, n in store.conn.execute(
        f"SELECT package_id, COUNT(*) FROM conflicts WHERE resolved_at IS NULL AND package_id IN ({marks}) "
        "GROUP BY package_id", ids)}


def enrolled_or_raise(store: Store) -> None:
    if not store.is_township and enrolled_township(store) is None:
        raise NotEnrolled(f"本村尚未导入乡镇的注册文件。{ENROLL_FIRST}。")


# ------------------------------------------------------------------ township views

def villages(store: Store) -> list[VillageOverview]:
    return village_overview(store)


def village_names(store: Store) -> list[tuple[str, str]]:
    """(code, name) of every village the township knows, for the village filter."""
    return list(names_of_villages(store.conn, store.villages()).items())


def import_log(store: Store, village: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM import_log"
    args: list[Any] = []
    if village:
        sql += " WHERE village = ?"
        args.append(village)
    return [dict(r) for r in store.conn.execute(sql + " ORDER BY id DESC", args)]


def conflicts(store: Store, village: str | None = None, include_resolved: bool = False) -> list[Conflict]:
    return list_conflicts(store, include_resolved=include_resolved, village=village)


@dataclass
class ConflictDetail:
    """A conflict with the complete common ancestor, both sides and the record as it is now."""

    conflict: Conflict
    fields: list[Field]
    base: VersionRow | None
    ours: VersionRow | None
    theirs: VersionRow | None
    current: dict[str, Any]
    current_deleted: bool
    village_name: str
    can_resolve: bool
    why_not: str = ""

    @property
    def conflicting(self) -> set[str | None]:
        return {f.field for f in self.conflict.fields}


def conflict_detail(store: Store, key: int | str) -> ConflictDetail:
    conflict = get_conflict(store, key)
    versions = {v.version_id: v for v in store.history(conflict.record_uuid)}
    record = store.get(conflict.record_uuid)
    reg = record.register
    name = store.conn.execute("SELECT name FROM villages WHERE code = ?", (conflict.village,)).fetchone()
    village_name = ((name[0] if name and name[0] else None)
                    or store.profile(conflict.village).get("村名") or "")
    why_not = ""
    if not store.user.can_edit or (store.is_township and not store.user.is_admin):
        why_not = "只有管理员可以解决冲突" if store.is_township else "当前用户没有修改权限"
    elif not conflict.is_open:
        why_not = f"已于 {conflict.resolved_at} 由 {conflict.resolved_by} 解决"
    return ConflictDetail(
        conflict=conflict, fields=list(reg.input_fields),
        base=versions.get(conflict.base_version or ""), ours=versions.get(conflict.ours_version),
        theirs=versions.get(conflict.theirs_version), current=dict(record.values),
        current_deleted=record.deleted, village_name=village_name, can_resolve=not why_not, why_not=why_not)


@dataclass
class TownshipCounts:
    """For the township window's navigation badges and status bar."""

    registers: dict[str, tuple[int, int, int]]  # key → records, with errors, with warnings only
    open_conflicts: int
    villages: list[tuple[str, str]]  # (code, name)


def township_counts(store: Store, village: str | None = None) -> TownshipCounts:
    sql = "SELECT COUNT(*) FROM conflicts WHERE resolved_at IS NULL" + (" AND village = ?" if village else "")
    open_conflicts = store.conn.execute(sql, [village] if village else []).fetchone()[0]
    return TownshipCounts(badge_counts(store, village), open_conflicts, village_names(store))
