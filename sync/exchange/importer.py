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
Long imports tell ``progress`` (``sync.progress``) and stop between packages when it asks to,
or when ``cancel()`` is true; the summary then says which packages were done.

The parts: ``import_walk`` (which files, in which order), ``prepare`` (verify, decrypt, plan),
this module (one package's trust check and apply), ``import_commit`` (batches and receipts),
``import_log`` and ``import_summary`` (what is said about each package).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable

from sync.exchange.apply import DbSource, apply_plan, village_is_new
from sync.exchange.county import note_upward
from sync.exchange.identity import (
    TownshipLink,
    check_return_package,
    ensure_keys,
    learn_township_installation,
    require_township,
)
from sync.exchange.import_bulk import BulkLoad
from sync.exchange.import_commit import RECEIPT_BATCH, Batch, Receipts, make_durable
from sync.exchange.import_log import ImportLog
from sync.exchange.import_summary import ACCEPTED, DUPLICATE, OUTDATED, REFUSED, ImportSummary, PackageResult
from sync.exchange.import_walk import Entry, collect, peek, result_from
from sync.exchange.installations import PROVEN, pin_installation
from sync.exchange.keys import KeySet, from_b64, private_key_bytes
from sync.exchange.level import receiving
from sync.exchange.package_file import KIND_RETURN
from sync.exchange.payload import Payload, PayloadError, in_package
from sync.exchange.plan import Plan, make_plan
from sync.exchange.prepare import PlanInputs, Prepared, Preparer, Refusal, default_workers, prepare
from sync.exchange.receipt import receipt_filename
from sync.exchange.recovery import retire_extra_profiles
from sync.exchange.township import ConfirmInstallation, Untrusted, note_package, trust_data_package
from sync.exchange.village_secret import use_secret
from sync.progress import Cancel, Progress, stopped
from sync.store import driver, search
from sync.store.backup import make_backup
from sync.store.batch import collector_paused
from sync.store.choice_changes import merge_incoming
from sync.store.choices import load as load_choices
from sync.store.disk_full import DiskFull, disk_full, is_disk_full
from sync.store.hlc import Timestamp
from sync.store.store import Store, StoreError, now_text
from sync.store.users import IMPORT_PACKAGE, IMPORT_RETURN, require


class _Importer:
    def __init__(self, store: Store, *, accept_new_installation: bool, confirm: ConfirmInstallation | None,
                 progress: Progress | None, cancel: Cancel | None, workers: int | None,
                 write_receipts: bool, backup: bool) -> None:
        require(store.user, IMPORT_PACKAGE if store.is_merged else IMPORT_RETURN)
        self.store = store
        self.accept_new = accept_new_installation
        self.confirm = confirm
        self.progress = progress
        self.cancel = cancel
        self.workers = workers
        self.want_backup = backup
        self.township: TownshipLink | None = None
        # What this database receives: villages' packages (a township), townships' (a county).
        self.level = receiving(store.is_county)
        if store.is_merged:
            self.keys: KeySet = ensure_keys(store)
        else:
            self.township = require_township(store)
            self.keys = ensure_keys(store)
        self.summary = ImportSummary()
        self.log = ImportLog(store)
        # A county's receipt names the township that sent the package (from its header).
        township_code = (self.township.township_code if self.township
                         else store.meta.get("township_code", ""))
        self.receipts = Receipts(store, self.keys.signing, township_code, write_receipts)
        self.batch = Batch(store)
        self.bulk = BulkLoad(store)
        self.plan_inputs = PlanInputs(store.settings(), store.reference_date(),
                                      search.table_exists(store.conn), tuple(load_choices(store.conn)))

    # ------------------------------------------------------------ the run
    def run(self, paths: Iterable[str | os.PathLike[str]]) -> ImportSummary:
        entries = collect(paths)
        total = len(entries)
        self._report(0, total, "正在校验数据包…")
        # A village's stick may carry return packages for other PCs; the township is sent data packages only.
        own_recipient = self.keys.encryption_fingerprint if self.township is not None else None
        for entry in entries:
            if entry.result is None:
                peek(entry, self.keys.signing_public_bytes, own_recipient)
            if entry.result is None and self.township is not None and entry.header["kind"] != KIND_RETURN:
                # Said before decrypting: otherwise the village hears the township's 发给其他乡镇的.
                entry.result = result_from(entry, REFUSED, (
                    f"数据包 {entry.path.name} 是村里发给乡镇的数据包，不能导入村里的电脑；"
                    "村里只导入乡镇发来的返回数据包（文件名带“乡镇返回”）。未导入任何数据。"))
        entries.sort(key=lambda e: e.sort_key())
        to_prepare = [e for e in entries if e.result is None and not self._imported(e.header["package_id"])]
        prepared = self._prepared(to_prepare)
        self.bulk.consider(to_prepare)
        conn = self.store.conn
        # Each package is still all or nothing (a savepoint), but packages are committed in
        # batches (``Batch``) and made durable (``make_durable``) before any receipt is written, so
        # no receipt ever vouches for data a power cut could take back. A bigger page cache
        # keeps the indexes of a growing township database in memory.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA cache_size = {-256 * 1024}")
        # Checkpoints (copying the log into the database file) only when receipts are due.
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            for done, entry in enumerate(entries):
                if (self.cancel is not None and self.cancel()) or \
                        stopped(self.progress, done, total, f"正在导入 {entry.path.name}"):
                    self.summary.cancelled = True
                    break
                try:
                    with collector_paused():  # a package's rows arrive as many small objects
                        result = entry.result or self._import(entry, prepared)
                except DiskFull as exc:
                    self.summary.results.append(result_from(entry, REFUSED, f"{exc}未导入该数据包。"))
                    self._disk_full(exc)
                    break
                self.summary.results.append(result)
                if result.status != ACCEPTED:
                    self.log.later(result)
                if self.batch.full() or len(self.receipts.due) >= RECEIPT_BATCH:
                    self._commit()
            self._commit()
        except DiskFull as exc:  # committing a batch
            self._disk_full(exc)
        except BaseException:
            # Nothing of the open batch reached the database: no receipt may vouch for it.
            self.batch.abandon()
            self.receipts.forget()
            raise
        finally:
            prepared.close()
            # The indexes left out for a bulk load, built once while the receipts are written.
            self.bulk.finish(self.progress)
            try:
                self.log.flush()
            except DiskFull:  # said once, in the summary; the packages' own rows are in
                self.summary.problem = self.summary.problem or str(disk_full(self.store.path))
            self.receipts.write(wait=True)
            make_durable(self.store)
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA cache_size = -2000")
            conn.execute("PRAGMA wal_autocheckpoint = 1000")
        self._report(len(self.summary.results), total, "导入已取消" if self.summary.cancelled else "导入完成")
        return self.summary

    def _disk_full(self, exc: DiskFull) -> None:
        """The disk is full: SQLite rolled the open batch back, so its packages were not imported
        after all (and get no receipt); those committed before keep theirs. The run stops here."""
        self.batch.abandon()
        for _entry, result, _ids in self.receipts.due:
            result.status, result.reason, result.pinned = REFUSED, f"{exc}未导入该数据包。", None
            self.log.later(result)
        self.receipts.forget()
        self.summary.problem = str(exc)

    def _report(self, done: int, total: int, message: str) -> None:
        if self.progress is not None:
            self.progress(done, total, message)

    def _imported(self, package_id: str) -> tuple[str, int] | None:
        row = self.store.conn.execute("SELECT file_sha256, sequence FROM imported_packages "
                                      "WHERE package_id = ?", (package_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def _prepared(self, entries: list[Entry]) -> Preparer:
        workers = self.workers if self.workers is not None else default_workers(len(entries))
        fresh: set[str] = set()
        if workers > 0 and self.store.is_merged:
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
    def _import(self, entry: Entry, prepared: Preparer) -> PackageResult:
        header = entry.header
        known = self._imported(header["package_id"])
        if known is not None:
            return self._duplicate(entry, known[0])
        outcome = prepared.take(entry)
        if isinstance(outcome, Refusal):
            return result_from(entry, REFUSED, outcome.reason)
        entry.info = outcome.info  # from here on, only the verified header
        result = result_from(entry, ACCEPTED)
        try:
            if self.township is not None:
                check_return_package(self.store, self.township, outcome.info)
                how = None
            else:
                how = trust_data_package(self.store, outcome.info, accept_new=self.accept_new,
                                         confirm=self.confirm, level=self.level)
        except Untrusted as exc:
            result.status, result.reason = REFUSED, str(exc)
            return result
        try:
            self._backup_once()
        except (OSError, driver.Error, StoreError) as exc:
            if is_disk_full(exc):  # every further package would fail the same way: stop
                raise disk_full(self.store.path) from exc
            result.status = REFUSED
            result.reason = f"导入前自动备份数据库失败（{exc}），为安全起见未导入任何数据。"
            return result
        try:
            self.batch.open()
            self.bulk.begin()  # in the first batch: dropped with its data, or not at all
            plan = self._apply(entry, outcome, how, result)
        except PayloadError as exc:
            result.status, result.reason = REFUSED, str(in_package(exc, entry.path.name))
            return result
        except driver.IntegrityError:
            result.status = REFUSED
            result.reason = (f"数据包 {entry.path.name} 中的版本编号与本机已有的其他记录冲突，"
                             "可能已损坏或被伪造，未导入任何数据。")
            return result
        result.counts = plan.counts
        result.versions = len(plan.incoming_ids)
        self.batch.versions += len(plan.incoming_ids)
        self.receipts.add(entry, result, plan.incoming_ids)
        return result

    def _backup_once(self) -> None:
        if self.want_backup and self.summary.backup is None:
            self.summary.backup = make_backup(self.store, label="before-import")

    def _apply(self, entry: Entry, prepared: Prepared, how: str | None, result: PackageResult) -> Plan:
        store, info, payload = self.store, prepared.info, prepared.payload
        header = info.header
        sender = header["installation_id"]
        self.log.flush()
        with store.transaction():
            if self.township is not None:  # the township's choice lists first: the plan checks values
                merge_incoming(store, payload.choices)
            if how is not None:
                member = header[self.level.member_code_field]  # the village, or the township (county)
                pin_installation(store, sender, member, info.signer_public_bytes,
                                 from_b64(header["sender_encryption_key"]), how)
                if how == PROVEN:  # the secret vouched for this PC, and for no other one
                    use_secret(store, member, sender)
                result.pinned = how
            plan = prepared.fresh_plan
            if plan is not None and not village_is_new(store, payload.village, list(plan.heads)):
                plan = None
            fresh = plan is not None
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
            apply_plan(store, plan, origin=sender, package_id=payload.package_id, fresh=fresh)
            if self.store.is_county:
                note_upward(store, township=header["township_code"], township_name=_name(header),
                            village=payload.village,
                            village_name=payload.village_name or header.get("village_name"),
                            installation_id=sender, sequence=header["sequence"], created=header["created"])
            elif self.township is None:
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
            if self._outdated(result):
                result.reason = OUTDATED
            log_id = self.log.insert(result)
            store.conn.execute(
                "INSERT INTO imported_packages(package_id, file_sha256, kind, village, installation, "
                "sequence, created, imported_at, log_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (payload.package_id, info.file_sha256, header["kind"], payload.village, sender,
                 header["sequence"], header["created"], now_text(), log_id))
        return plan

    def _outdated(self, result: PackageResult) -> bool:
        """Nothing changed, and a later package of the same PC was imported before: an old package
        (harmless: every version it holds is already here), not news."""
        c = result.counts
        if c.new or c.updated or c.deleted or c.conflicts:
            return False
        # Per village too: a township's PC sends the county one package per village.
        row = self.store.conn.execute("SELECT MAX(sequence) FROM imported_packages WHERE installation = ? "
                                      "AND village = ?", (result.installation, result.village)).fetchone()
        return row[0] is not None and result.sequence is not None and row[0] > result.sequence

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

    def _duplicate(self, entry: Entry, file_sha256: str) -> PackageResult:
        assert entry.info is not None
        if entry.info.file_sha256 != file_sha256:
            return result_from(entry, REFUSED, f"数据包 {entry.path.name} 的编号已导入过，但文件内容不同，"
                                                "可能已被改动，未导入任何数据。")
        result = result_from(entry, DUPLICATE)
        if self.receipts.is_valid(entry):
            result.receipt = entry.path.with_name(receipt_filename(entry.path.name))
            return result
        outcome = prepare(entry.path, private_key_bytes(self.keys.encryption))
        if isinstance(outcome, Refusal):  # cannot happen for identical bytes; reported all the same
            result.receipt_problem = f"无法重写回执：{outcome.reason}"
            return result
        self.receipts.add(entry, result, [v.version_id for v in outcome.payload.versions])
        return result

    def _commit(self) -> None:
        """Commit the packages applied so far, make them durable, then write their receipts."""
        self.batch.commit()
        self.receipts.write()


def _name(header: dict[str, object]) -> str | None:
    """The township's name an upward package's header gives, if it is a plausible one."""
    name = header.get("township_name")
    return name if isinstance(name, str) and 0 < len(name) <= 100 else None


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

