"""Importing packages: every package verified completely, then applied in one transaction.

The township imports villages' data packages; a village imports the township's return
packages the same way. For each package, in order of (village, installation, sequence):

1. the header is read to sort the packages and spot duplicates;
2. a package already imported (same ``package_id`` and the same bytes, so verified when
   it was imported) is a duplicate: nothing changes, its receipt is written again if
   missing;
3. the container is verified completely (signature, hashes), the payload decrypted and
   parsed (``sync.exchange.prepare``), the signer checked against the pinned keys and the village
   against the township's range (``sync.exchange.township``);
4. one transaction: pin a new installation, insert versions, merge, update current
   rows, log; a backup of the database is taken before the first package is applied;
5. once the data is on disk, a signed receipt is written next to the package.

Any failure refuses the package with a Chinese reason and leaves the data unchanged.
Long imports call ``progress(done, total, message)`` and stop when ``cancel()`` is true.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import io
import json
import os
import sqlite3
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sync.exchange.apply import DbSource, apply_plan, village_is_new
from sync.exchange.identity import TownshipLink, ensure_keys, learn_township_installation, require_township
from sync.exchange.keys import KeyFormatError, KeySet, from_b64, parse_canonical_json, private_key_bytes
from sync.exchange.package_file import (
    MAX_PACKAGE_SIZE,
    PackageError,
    PackageInfo,
    SyncFileError,
    find_packages,
    is_int,
    peek_header,
    read_limited_file,
)
from sync.exchange.payload import Payload, PayloadError, in_package
from sync.exchange.plan import Counts, Plan, make_plan
from sync.exchange.prepare import PlanInputs, Prepared, Preparer, Refusal, default_workers, prepare
from sync.exchange.receipt import ReceiptError, read_receipt, receipt_filename, write_receipt
from sync.exchange.recovery import retire_extra_profiles
from sync.exchange.township import (
    ConfirmInstallation,
    Untrusted,
    check_return_package,
    note_package,
    pin_installation,
    trust_data_package,
)
from sync.store import search
from sync.store.choice_changes import merge_incoming
from sync.store.choices import load as load_choices
from sync.store.hlc import Timestamp
from sync.store.store import Store, StoreError, now_text

ACCEPTED, DUPLICATE, REFUSED, SKIPPED = "accepted", "duplicate", "refused", "skipped"
STATUS_ZH = {ACCEPTED: "已导入", DUPLICATE: "重复", REFUSED: "拒绝", SKIPPED: "跳过"}
# Receipts are written after this many packages (and at the end), once the data is on disk.
RECEIPT_BATCH = 100
# Packages are committed together until a batch holds this many versions (``_Batch``).
BATCH_VERSIONS = 50_000

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]


@dataclass
class PackageResult:
    """What happened to one package file (one line of the import summary)."""

    path: Path
    status: str
    reason: str = ""
    package_id: str | None = None
    kind: str | None = None
    village: str | None = None
    village_name: str | None = None
    installation: str | None = None
    sequence: int | None = None
    created: str | None = None
    fingerprint: str | None = None
    pinned: str | None = None  # a new installation trusted by this import: range / enrolled / confirmed
    counts: Counts = field(default_factory=Counts)
    versions: int = 0
    receipt: Path | None = None
    receipt_problem: str | None = None
    file_sha256: str | None = None

    def describe(self) -> str:
        who = f"{self.village_name or ''}（{self.village}）" if self.village else ""
        if self.status == ACCEPTED:
            c = self.counts
            text = (f"已导入 {self.path.name}：{who}序号 {self.sequence}：新增 {c.new}，更新 {c.updated}，"
                    f"未变 {c.unchanged}，删除 {c.deleted}，冲突 {c.conflicts}")
            if self.pinned:
                text += f"；首次收到这台电脑的数据包，已登记其密钥指纹 {self.fingerprint}"
        elif self.status == DUPLICATE:
            text = f"重复 {self.path.name}：{who}序号 {self.sequence} 已导入过，未做任何修改"
        elif self.status == SKIPPED:
            text = f"跳过 {self.path.name}：{self.reason}"
        else:
            text = f"拒绝 {self.path.name}：{self.reason}"
        if self.receipt_problem:
            text += f"（{self.receipt_problem}）"
        return text

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k not in ("counts", "path", "receipt")}
        out.update(path=str(self.path), receipt=str(self.receipt) if self.receipt else None,
                   **self.counts.__dict__, status_zh=STATUS_ZH[self.status], message=self.describe())
        return out


@dataclass
class ImportSummary:
    results: list[PackageResult] = field(default_factory=list)
    backup: Path | None = None
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        """True when no package was refused (duplicates and skips are fine)."""
        return not any(r.status == REFUSED for r in self.results)

    def totals(self) -> Counts:
        total = Counts()
        for r in self.results:
            if r.status == ACCEPTED:
                total.add(r.counts)
        return total

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


@dataclass
class _Entry:
    path: Path
    explicit: bool
    info: PackageInfo | None = None
    result: PackageResult | None = None  # decided before preparing (refused, skipped)

    @property
    def header(self) -> dict[str, Any]:
        assert self.info is not None
        return self.info.header

    def sort_key(self) -> tuple[Any, ...]:
        if self.info is None:
            return ("", "", -1, self.path.name)
        h = self.info.header
        return (h["village_code"], h["installation_id"], h["sequence"], h["created"], self.path.name)


def _result_from(entry: _Entry, status: str, reason: str = "") -> PackageResult:
    result = PackageResult(entry.path, status, reason)
    if entry.info is not None:
        h = entry.info.header
        result.package_id, result.kind, result.village = h["package_id"], h["kind"], h["village_code"]
        result.village_name, result.installation = h.get("village_name"), h["installation_id"]
        result.sequence, result.created = h["sequence"], h["created"]
        result.fingerprint, result.file_sha256 = entry.info.signer_fingerprint, entry.info.file_sha256
    return result


def collect(paths: Iterable[str | os.PathLike[str]]) -> list[_Entry]:
    """Package files named directly, and every package found directly in named folders."""
    entries: list[_Entry] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                entries.extend(_Entry(p, explicit=False) for p in find_packages(path))
            except PackageError as exc:
                entries.append(_Entry(path, True, result=PackageResult(path, REFUSED, str(exc))))
        else:
            entries.append(_Entry(path, explicit=True))
    return entries


def _quick_header(path: Path) -> PackageInfo | None:
    """The header of a package file without verifying it, or None if anything looks wrong."""
    try:
        data = read_limited_file(path, MAX_PACKAGE_SIZE, PackageError)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            header = parse_canonical_json(archive.read("header.json"))
        signer = from_b64(header.get("signer_public_key"), expected_length=32)
        ok = all(isinstance(header.get(k), str) for k in ("package_id", "village_code", "installation_id",
                                                           "created", "kind"))
        if not ok or not is_int(header.get("sequence")):
            return None
    except (SyncFileError, ValueError, KeyError, zipfile.BadZipFile, OSError, RuntimeError,
            NotImplementedError, EOFError, KeyFormatError):
        return None
    return PackageInfo(path, header, signer, hashlib.sha256(data).hexdigest())


class _Batch:
    """One transaction holding several packages, each applied in its own savepoint.

    Committing every package on its own writes every index page it touched to the log
    again; at prefecture size (1.4 million records, random keys) that is most of an
    import's time. A batch keeps each package all or nothing (a failing package rolls back
    its savepoint only; a killed process loses the whole open batch, and none of its
    packages has a receipt yet), and is committed when it holds ``BATCH_VERSIONS``.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.stack: contextlib.ExitStack | None = None
        self.versions = 0

    def open(self) -> None:
        if self.stack is None:
            stack = contextlib.ExitStack()
            stack.enter_context(self.store.transaction())
            self.stack = stack

    def full(self) -> bool:
        return self.versions >= BATCH_VERSIONS

    def commit(self) -> None:
        stack, self.stack, self.versions = self.stack, None, 0
        if stack is not None:
            stack.close()

    def abandon(self) -> None:
        stack, self.stack, self.versions = self.stack, None, 0
        if stack is not None:
            try:
                stack.__exit__(RuntimeError, RuntimeError("导入中断"), None)
            except sqlite3.Error:
                pass  # SQLite rolled the transaction back itself (disk full…)


class _Importer:
    def __init__(self, store: Store, *, accept_new_installation: bool, confirm: ConfirmInstallation | None,
                 progress: Progress | None, cancel: Cancel | None, workers: int | None,
                 write_receipts: bool, backup: bool) -> None:
        self.store = store
        self.accept_new = accept_new_installation
        self.confirm = confirm
        self.progress = progress
        self.cancel = cancel
        self.workers = workers
        self.write_receipts = write_receipts
        self.want_backup = backup
        self.township: TownshipLink | None = None
        if store.is_township:
            self.keys: KeySet = ensure_keys(store)
        else:
            self.township = require_township(store)
            self.keys = ensure_keys(store)
        self.own_signing = self.keys.signing_public_bytes
        self.summary = ImportSummary()
        self.pending_logs: list[tuple[Any, ...]] = []
        self.pending_receipts: list[tuple[_Entry, PackageResult, list[str]]] = []
        self.receipt_pool: concurrent.futures.ThreadPoolExecutor | None = None
        self.batch = _Batch(store)
        self.plan_inputs = PlanInputs(store.settings(), store.reference_date(),
                                      search.table_exists(store.conn), tuple(load_choices(store.conn)))

    # ------------------------------------------------------------ the run
    def run(self, paths: Iterable[str | os.PathLike[str]]) -> ImportSummary:
        entries = collect(paths)
        total = len(entries)
        self._report(0, total, "正在校验数据包…")
        for entry in entries:
            if entry.result is None:
                self._peek(entry)
        entries.sort(key=lambda e: e.sort_key())
        to_prepare = [e for e in entries if e.result is None and not self._imported(e.header["package_id"])]
        prepared = self._prepared(to_prepare)
        conn = self.store.conn
        # Each package is still all or nothing (a savepoint), but packages are committed in
        # batches (``_Batch``) and made durable (``_durable``) before any receipt is written, so
        # no receipt ever vouches for data a power cut could take back. A bigger page cache
        # keeps the indexes of a growing township database in memory.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA cache_size = {-256 * 1024}")
        # Checkpoints (copying the log into the database file) only when receipts are due.
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            for done, entry in enumerate(entries):
                if self.cancel is not None and self.cancel():
                    self.summary.cancelled = True
                    break
                self._report(done, total, f"正在导入 {entry.path.name}")
                result = entry.result or self._import(entry, prepared)
                self.summary.results.append(result)
                if result.status != ACCEPTED:
                    self._log(result)
                if self.batch.full() or len(self.pending_receipts) >= RECEIPT_BATCH:
                    self._commit()
            self._commit()
        except BaseException:
            # Nothing of the open batch reached the database: no receipt may vouch for it.
            self.batch.abandon()
            self.pending_receipts.clear()
            raise
        finally:
            prepared.close()
            self._flush_logs()
            self._write_receipts(wait=True)
            self._durable()
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA cache_size = -2000")
            conn.execute("PRAGMA wal_autocheckpoint = 1000")
        self._report(len(self.summary.results), total, "导入已取消" if self.summary.cancelled else "导入完成")
        return self.summary

    def _report(self, done: int, total: int, message: str) -> None:
        if self.progress is not None:
            self.progress(done, total, message)

    def _peek(self, entry: _Entry) -> None:
        """Read the header to sort and to spot duplicates; verified later (``prepare``) or never
        needed (a duplicate is byte for byte a package verified when it was imported)."""
        try:
            entry.info = _quick_header(entry.path) or peek_header(entry.path)
        except SyncFileError as exc:
            entry.result = PackageResult(entry.path, REFUSED, str(exc))
            return
        if not entry.explicit and self.township is not None and \
                entry.info.header.get("recipient_fingerprint") != self.keys.encryption_fingerprint:
            # A stick may carry return packages for other villages: not an error here.
            entry.result = _result_from(entry, SKIPPED, "这不是发给本机的数据包")
            return
        if entry.info.signer_public_bytes == self.own_signing:
            entry.result = _result_from(entry, SKIPPED, "这是本机导出的数据包，无需导入")
            if entry.explicit:
                entry.result.status = REFUSED
                entry.result.reason = f"数据包 {entry.path.name} 是本机导出的，不能导入本机，未导入任何数据。"

    def _imported(self, package_id: str) -> tuple[str, int] | None:
        row = self.store.conn.execute("SELECT file_sha256, sequence FROM imported_packages "
                                      "WHERE package_id = ?", (package_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def _prepared(self, entries: list[_Entry]) -> Preparer:
        workers = self.workers if self.workers is not None else default_workers(len(entries))
        fresh: set[str] = set()
        if workers > 0 and self.store.is_township:
            # Only the first package of a village the database has never seen can be planned
            # without it; the rest are planned against the database inside their transaction.
            seen: set[str] = set()
            for e in entries:
                village = e.header["village_code"]
                if village not in seen:
                    seen.add(village)
                    if village_is_new(self.store, village, []):
                        fresh.add(e.header["package_id"])
        return Preparer(entries, private_key_bytes(self.keys.encryption), self.plan_inputs, workers, fresh)

    # ------------------------------------------------------------ one package
    def _import(self, entry: _Entry, prepared: Preparer) -> PackageResult:
        header = entry.header
        known = self._imported(header["package_id"])
        if known is not None:
            return self._duplicate(entry, known[0])
        outcome = prepared.take(entry)
        if isinstance(outcome, Refusal):
            return _result_from(entry, REFUSED, outcome.reason)
        entry.info = outcome.info  # from here on, only the verified header
        result = _result_from(entry, ACCEPTED)
        try:
            if self.township is not None:
                check_return_package(self.store, self.township, outcome.info)
                how = None
            else:
                how = trust_data_package(self.store, outcome.info, accept_new=self.accept_new,
                                         confirm=self.confirm)
        except Untrusted as exc:
            result.status, result.reason = REFUSED, str(exc)
            return result
        try:
            self._backup_once()
        except (OSError, sqlite3.Error, StoreError) as exc:
            result.status = REFUSED
            result.reason = f"导入前自动备份数据库失败（{exc}），为安全起见未导入任何数据。"
            return result
        try:
            self.batch.open()
            plan = self._apply(entry, outcome, how, result)
        except PayloadError as exc:
            result.status, result.reason = REFUSED, str(in_package(exc, entry.path.name))
            return result
        except sqlite3.IntegrityError:
            result.status = REFUSED
            result.reason = (f"数据包 {entry.path.name} 中的版本编号与本机已有的其他记录冲突，"
                             "可能已损坏或被伪造，未导入任何数据。")
            return result
        result.counts = plan.counts
        result.versions = len(plan.incoming_ids)
        self.batch.versions += len(plan.incoming_ids)
        self.pending_receipts.append((entry, result, plan.incoming_ids))
        return result

    def _backup_once(self) -> None:
        if self.want_backup and self.summary.backup is None:
            from sync.store.backup import make_backup

            self.summary.backup = make_backup(self.store, label="before-import")

    def _apply(self, entry: _Entry, prepared: Prepared, how: str | None, result: PackageResult) -> Plan:
        store, info, payload = self.store, prepared.info, prepared.payload
        header = info.header
        sender = header["installation_id"]
        self._flush_logs()
        with store.transaction():
            if self.township is not None:  # the township's choice lists first: the plan checks values
                merge_incoming(store, payload.choices)
            if how is not None:
                pin_installation(store, sender, payload.village, info.signer_public_bytes,
                                 from_b64(header["sender_encryption_key"]), how)
                result.pinned = how
            plan = prepared.fresh_plan
            if plan is not None and not village_is_new(store, payload.village, list(plan.heads)):
                plan = None
            if plan is None:
                if prepared.versions_dropped:  # the worker sent only its plan: read the versions again
                    again = prepare(entry.path, private_key_bytes(self.keys.encryption))
                    if isinstance(again, Refusal):
                        raise PayloadError(again.reason)
                    payload = again.payload
                plan = make_plan(payload.versions, DbSource(store), village=payload.village,
                                 cat=store.catalog,
                                 settings=self.plan_inputs.settings, today=self.plan_inputs.today,
                                 with_index=self.plan_inputs.with_index)
            apply_plan(store, plan, origin=sender, package_id=payload.package_id)
            if self.township is None:
                note_package(store, village=payload.village,
                             name=payload.village_name or header.get("village_name"),
                             installation_id=sender, sequence=header["sequence"], created=header["created"])
            else:
                learn_township_installation(store, sender)
                self._apply_settings(payload)
                # a new PC's own profile (sync.exchange.recovery)
                retire_extra_profiles(store, payload.village)
            result.counts = plan.counts
            result.versions = len(plan.incoming_ids)
            log_id = self._insert_log(result)
            store.conn.execute(
                "INSERT INTO imported_packages(package_id, file_sha256, kind, village, installation, "
                "sequence, created, imported_at, log_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (payload.package_id, info.file_sha256, header["kind"], payload.village, sender,
                 header["sequence"], header["created"], now_text(), log_id))
        return plan

    def _apply_settings(self, payload: Payload) -> None:
        changed = False
        for item in payload.settings:
            row = self.store.conn.execute("SELECT hlc FROM settings WHERE key = ?", (item.key,)).fetchone()
            self.store.clock.observe(Timestamp.parse(item.hlc))
            if row is None or (row[0] or "") < item.hlc:
                self.store.conn.execute(
                    "INSERT OR REPLACE INTO settings(key, value, hlc, user) VALUES (?, ?, ?, ?)",
                    (item.key, json.dumps(item.value), item.hlc, item.user))
                changed = True
        if changed:
            self.store.recompute_all()

    def _duplicate(self, entry: _Entry, file_sha256: str) -> PackageResult:
        assert entry.info is not None
        if entry.info.file_sha256 != file_sha256:
            return _result_from(entry, REFUSED, f"数据包 {entry.path.name} 的编号已导入过，但文件内容不同，"
                                                "可能已被改动，未导入任何数据。")
        result = _result_from(entry, DUPLICATE)
        if self._receipt_is_valid(entry):
            result.receipt = entry.path.with_name(receipt_filename(entry.path.name))
            return result
        outcome = prepare(entry.path, private_key_bytes(self.keys.encryption))
        if isinstance(outcome, Refusal):  # cannot happen for identical bytes; reported all the same
            result.receipt_problem = f"无法重写回执：{outcome.reason}"
            return result
        self.pending_receipts.append((entry, result, [v.version_id for v in outcome.payload.versions]))
        return result

    # ------------------------------------------------------------ receipts and log
    def _commit(self) -> None:
        """Commit the packages applied so far, make them durable, then write their receipts."""
        self.batch.commit()
        self._write_receipts()

    def _write_receipts(self, wait: bool = False) -> None:
        """Receipts for the committed packages, once their data is on disk. Writing one waits on
        the stick (fsync), so several are written at a time while importing goes on."""
        if self.pending_receipts:
            self._durable()
            if self.receipt_pool is None:
                self.receipt_pool = concurrent.futures.ThreadPoolExecutor(4)
            for entry, result, version_ids in self.pending_receipts:
                self.receipt_pool.submit(self._receipt, entry, result, version_ids)
            self.pending_receipts.clear()
        if wait and self.receipt_pool is not None:
            self.receipt_pool.shutdown(wait=True)
            self.receipt_pool = None

    def _durable(self) -> None:
        """Everything committed so far is on disk (a checkpoint syncs the write-ahead log first)."""
        self.store.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def _receipt_is_valid(self, entry: _Entry) -> bool:
        assert entry.info is not None
        path = entry.path.with_name(receipt_filename(entry.path.name))
        if not self.write_receipts:
            return True
        try:
            receipt = read_receipt(path, self.keys.signing_public)
        except ReceiptError:
            return False
        return (receipt.package_id == entry.header["package_id"]
                and receipt.package_sha256 == entry.info.file_sha256)

    def _receipt(self, entry: _Entry, result: PackageResult, version_ids: Sequence[str]) -> None:
        if not self.write_receipts:
            return
        header = entry.header
        township_code = self.township.township_code if self.township else self.store.meta["township_code"]
        try:
            result.receipt = write_receipt(
                entry.path.with_name(receipt_filename(entry.path.name)), package_id=header["package_id"],
                package_sha256=result.file_sha256 or "", installation_id=header["installation_id"],
                village_code=header["village_code"], township_code=township_code, sequence=header["sequence"],
                version_ids=version_ids, signer=self.keys.signing).path
        except ReceiptError as exc:
            result.receipt_problem = f"数据已导入，但回执未能写入：{exc}；重新导入该数据包即可补写回执"

    def _log_row(self, result: PackageResult) -> tuple[Any, ...]:
        c = result.counts
        return (os.path.abspath(result.path), result.file_sha256, result.package_id, result.kind,
                result.village, result.village_name, result.installation, result.fingerprint, result.sequence,
                result.created,
                now_text(), self.store.user.name, result.status, result.reason or None, c.new, c.updated,
                c.unchanged, c.deleted, c.conflicts, result.versions)

    _LOG_COLUMNS = ("file, file_sha256, package_id, kind, village, village_name, installation, fingerprint, "
                    "sequence, package_created, imported_at, user, status, reason, new, updated, unchanged, "
                    "deleted, conflicts, versions")
    _LOG_SQL = f"INSERT INTO import_log({_LOG_COLUMNS}) VALUES ({', '.join('?' * 20)})"

    def _insert_log(self, result: PackageResult) -> int:
        cursor = self.store.conn.execute(self._LOG_SQL, self._log_row(result))
        return int(cursor.lastrowid or 0)

    def _log(self, result: PackageResult) -> None:
        self.pending_logs.append(self._log_row(result))

    def _flush_logs(self) -> None:
        if self.pending_logs:
            with self.store.transaction():
                self.store.conn.executemany(self._LOG_SQL, self.pending_logs)
            self.pending_logs.clear()


def import_packages(store: Store, paths: Iterable[str | os.PathLike[str]], *,
                    accept_new_installation: bool = False, confirm: ConfirmInstallation | None = None,
                    progress: Progress | None = None, cancel: Cancel | None = None,
                    workers: int | None = None, write_receipts: bool = True,
                    backup: bool = True) -> ImportSummary:
    """Import package files and folders of packages (see the module docstring).

    ``confirm(NewInstallation) -> bool`` is asked before trusting any new installation
    (the window shows the fingerprint); without it, the command-line rules apply.
    Raises StoreError only when importing cannot start (a village not yet enrolled).
    """
    return _Importer(store, accept_new_installation=accept_new_installation, confirm=confirm,
                     progress=progress, cancel=cancel, workers=workers, write_receipts=write_receipts,
                     backup=backup).run(paths)

