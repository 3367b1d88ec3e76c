"""What the sync dialogs do with a USB stick, each in one call: plan an export (after reading the
receipts already on the stick), import a stick's packages (a village: only the return packages
addressed to it), and say where packages are when the folder chosen holds none.

Over ``sync.exchange.exporter`` and ``sync.exchange.importer``; each function takes a ``Store``
and returns plain data, so a window runs it on its database worker and shows the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sync.exchange import recovery
from sync.exchange.county import county_link
from sync.exchange.exporter import ExportPreview, preview_export, preview_upward
from sync.exchange.identity import enrolled_township
from sync.exchange.import_summary import ImportSummary
from sync.exchange.importer import import_packages
from sync.exchange.package_file import KIND_RETURN, find_packages
from sync.exchange.package_read import peek_header
from sync.exchange.payload import record_counts
from sync.exchange.receipts_read import ReceiptOutcome, read_receipts, read_upward_receipts
from sync.exchange.recovery import RecoveryHint
from sync.exchange.stick_files import SyncFileError
from sync.exchange.township import ConfirmInstallation
from sync.progress import Cancel, Progress
from sync.store.store import Store, StoreError

# Where the clerk enrolls, named as the window names it (not the command line's `cunwu enroll`).
ENROLL_FIRST = "请先在“数据报送 → 导入乡镇注册文件…”中导入乡镇发来的注册文件（文件名以 .cunwu-enroll 结尾）"


class NotEnrolled(StoreError):
    """A village that has not imported its township's enrollment file: nothing can go to the township yet."""


def enrolled_or_raise(store: Store) -> None:
    """Raise ``NotEnrolled`` for a village without its township's enrollment (a township passes)."""
    if not store.is_merged and enrolled_township(store) is None:
        raise NotEnrolled(f"本村尚未导入乡镇的注册文件。{ENROLL_FIRST}。")


def missing_folder(folder: Path) -> StoreError:
    """The error for a folder that is not there (the stick not plugged in, a wrong letter)."""
    return StoreError(f"文件夹 {folder} 不存在，请先插好U盘并选择正确的位置")


# ------------------------------------------------------------------ export

@dataclass(frozen=True)
class RegisterCounts:
    """A register's part of a package: records new, changed, deleted, and versions sent."""

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
    if not store.is_merged and enrolled_township(store) is None:
        raise NotEnrolled(f"本村尚未导入乡镇的注册文件，还不能导出数据包。{ENROLL_FIRST}，再导出。")
    receipts = read_receipts(store, folder) if folder is not None and folder.is_dir() else []
    preview = preview_export(store, full=full, for_village=for_village, installation=installation)
    sent = {r[0] for r in store.conn.execute(
        "SELECT version_id FROM exported_versions WHERE target = ? AND acked = 0", (preview.target,))}
    resent = sum(1 for v in preview.versions if v.version_id in sent)
    return ExportPlan(preview, receipts, register_counts(store, preview.counts), resent)


@dataclass
class UpwardPlan(ExportPlan):
    villages: int = 0  # packages the export will write: one per village with something new


def plan_upward(store: Store, folder: Path | None, *, full: bool = False) -> UpwardPlan:
    """A township's upward export (报区县): read the county's receipts on the stick (beside it and in
    the delivery folders on it, as ``export_upward`` does), then what would go up now."""
    link = county_link(store) if store.is_township else None
    if link is None:
        raise NotEnrolled("本乡镇尚未导入区县的注册文件")  # the dialog says where to import it
    receipts = read_upward_receipts(store, folder) if folder is not None and folder.is_dir() else []
    by_village = preview_upward(store, full=full)
    versions = [v for rows in by_village.values() for v in rows]
    counts = record_counts(versions)
    preview = ExportPreview(link.target, f"{link.county_name}（{link.county_code}）", full, versions,
                            counts=counts)
    return UpwardPlan(preview, receipts, register_counts(store, counts), villages=len(by_village))


# ------------------------------------------------------------------ import

@dataclass
class StickImport:
    """What importing a stick's folder did."""

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
    """Township: every package in the folder; county: also those in the delivery folders in it.
    Village: the return packages addressed to it."""
    if not folder.is_dir():
        raise missing_folder(folder)
    if store.is_merged:
        # A county's stick holds the townships' delivery folders (``sync.exchange.delivery``),
        # one per upward export: their packages are taken with any lying in the folder itself.
        folders = [folder] + ([sub for sub, _n in packages_below(folder)] if store.is_county else [])
        summary = import_packages(store, folders, confirm=confirm, progress=progress, cancel=cancel)
        # A county's new PCs are townships': no village recovers from the county.
        hints = recovery.recovery_hints(store, summary.results) if store.is_township else []
        return StickImport(folder, summary, recovery=hints,
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
