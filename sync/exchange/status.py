"""Where a database stands with its township or its villages, as the windows show it: who it is
and where it is enrolled, what is not exported yet, what the township has acknowledged, how far
a recovery has come; at the township, open conflicts, the villages' names and the import log.

Each function takes a ``Store`` and returns plain data (a window runs it on its database worker,
or on its own thread for the status bar). The windows' questions about registers and records
are answered in ``sync.store.queries``; a conflict shown for review in
``sync.exchange.conflict_detail``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sync.exchange.exporter import sync_status
from sync.exchange.identity import TownshipLink, enrolled_township, local_keys
from sync.exchange.package_file import KIND_RETURN
from sync.exchange.receipts_read import ReceiptOutcome, read_receipts
from sync.exchange.stick import ENROLL_FIRST, NotEnrolled, missing_folder
from sync.store.queries import Counts, record_counts
from sync.store.store import Store
from sync.store.village_names import village_names as names_of_villages

# ------------------------------------------------------------------ identity


@dataclass(frozen=True)
class Identity:
    """Who this database is, and (in a village) the township it is enrolled with."""

    is_township: bool  # a township or a county: it receives packages and enrolls with nobody here
    code: str
    name: str
    township: TownshipLink | None
    own_fingerprint: str | None  # None until sync first needs the key pair


def identity(store: Store) -> Identity:
    """This database's code, name and kind, the township a village is enrolled with, and this
    PC's key fingerprint (what the enrollment and export dialogs show)."""
    keys = local_keys(store)
    code = store.village_code or store.meta.get("township_code") or store.meta.get("county_code", "")
    return Identity(store.is_merged, code, store.village_name,
                    None if store.is_merged else enrolled_township(store),
                    keys.signing_fingerprint if keys else None)


# ------------------------------------------------------------------ village: exporting

@dataclass(frozen=True)
class ExportStatus:
    """For the village window's status bar: changes not yet exported, and the last export."""

    pending: int
    last_export: str | None


def export_status(store: Store) -> ExportStatus:
    """``sync_status`` (local versions not listed for this village's township in
    ``exported_versions``) with the time of the last export read from the database, not from
    ``Store.meta``: the export may have run on the worker thread's own connection."""
    status = sync_status(store)
    row = store.conn.execute("SELECT value FROM meta WHERE key = 'last_export'").fetchone()
    return ExportStatus(pending=status.pending, last_export=row[0] if row else status.last_export)


# ------------------------------------------------------------------ village: recovery

@dataclass(frozen=True)
class RecoveryState:
    """Village: how far 从乡镇恢复本村数据 has come on this PC."""

    township: TownshipLink | None
    own_fingerprint: str | None
    records: int  # records on this PC besides the village profile
    returns_imported: int  # return packages imported so far


def recovery_state(store: Store) -> RecoveryState:
    """Village: enrolled with whom, this PC's fingerprint, records here, return packages imported."""
    keys = local_keys(store)
    records = sum(store.count(reg.key) for reg in store.catalog.ordered())
    returns = store.conn.execute("SELECT COUNT(*) FROM imported_packages WHERE kind = ?",
                                 (KIND_RETURN,)).fetchone()[0]
    return RecoveryState(enrolled_township(store), keys.signing_fingerprint if keys else None, records,
                         returns)


# ------------------------------------------------------------------ village: receipts

@dataclass(frozen=True)
class SentPackage:
    """A package this village sent its township, and when a receipt acknowledged it."""

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
    """Village: what its township has received, after reading the receipts on the stick."""

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
            raise missing_folder(folder)
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


# ------------------------------------------------------------------ township

def village_names(store: Store) -> list[tuple[str, str]]:
    """(code, name) of every village the township knows, for the village filter, named as
    everywhere else (sync.store.village_names: profile 村名, then the villages table)."""
    return list(names_of_villages(store.conn, store.villages()).items())


def open_conflict_count(store: Store, village: str | None = None) -> int:
    """Conflicts not resolved yet, of one village or of all."""
    sql = "SELECT COUNT(*) FROM conflicts WHERE resolved_at IS NULL" + (" AND village = ?" if village else "")
    return store.conn.execute(sql, [village] if village else []).fetchone()[0]


@dataclass
class TownshipCounts:
    """For the township window's navigation badges and status bar."""

    registers: dict[str, Counts]  # key → records, with errors, with warnings only
    open_conflicts: int
    villages: list[tuple[str, str]]  # (code, name)


def township_counts(store: Store, village: str | None = None) -> TownshipCounts:
    """The township window's badges and status bar in one call: per register (records, with
    errors, with warnings only), open conflicts (of one village or of all), the villages' names."""
    return TownshipCounts(record_counts(store, village), open_conflict_count(store, village),
                          village_names(store))


def import_log(store: Store, village: str | None = None, *,
               newest_first: bool = True) -> list[dict[str, Any]]:
    """Every package the township tried to import (accepted, duplicate, refused, skipped), as
    rows of the ``import_log`` table (docs/sync-api.md), of one village or of all."""
    sql = "SELECT * FROM import_log"
    args: list[Any] = []
    if village:
        sql += " WHERE village = ?"
        args.append(village)
    sql += " ORDER BY id DESC" if newest_first else " ORDER BY id"
    return [dict(r) for r in store.conn.execute(sql, args)]
