"""Committing imported packages, and vouching for them once they are on disk.

Packages are committed in batches (:class:`Batch`); a receipt (:class:`Receipts`) is written
for a package only after its batch is committed and made durable, so no receipt ever vouches
for data a power cut could take back.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
from collections.abc import Sequence

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sync.exchange.import_summary import PackageResult
from sync.exchange.import_walk import Entry
from sync.exchange.receipt import ReceiptError, read_receipt, receipt_filename, write_receipt
from sync.store import driver
from sync.store.disk_full import is_disk_full, sync_log
from sync.store.store import Store

# Packages are committed together until a batch holds this many versions (``Batch``).
BATCH_VERSIONS = 50_000
# Receipts are written after this many packages (and at the end), once the data is on disk.
RECEIPT_BATCH = 100
# Receipts written at a time: each waits on the stick (fsync) while importing goes on.
RECEIPT_WRITERS = 4


def make_durable(store: Store) -> None:
    """Everything committed so far is on disk (a checkpoint syncs the write-ahead log first).

    On a full disk the checkpoint cannot copy the log into the database file; the commits are
    then made durable by syncing the log itself (SQLite copies it over at a later checkpoint)."""
    try:
        store.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    except driver.OperationalError as exc:
        if not is_disk_full(exc):
            raise
        sync_log(store.path)


class Batch:
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
            except driver.Error:
                pass  # SQLite rolled the transaction back itself (disk full…)


class Receipts:
    """The receipts of an import: due once their packages are committed, written next to each
    package by a few threads at a time, each naming the versions the package brought."""

    def __init__(self, store: Store, signer: Ed25519PrivateKey, township_code: str, enabled: bool) -> None:
        self.store = store
        self.signer = signer
        self.township_code = township_code
        self.enabled = enabled
        self.due: list[tuple[Entry, PackageResult, Sequence[str]]] = []
        self.pool: concurrent.futures.ThreadPoolExecutor | None = None

    def add(self, entry: Entry, result: PackageResult, version_ids: Sequence[str]) -> None:
        """A receipt to write once ``entry``'s data is committed."""
        self.due.append((entry, result, version_ids))

    def forget(self) -> None:
        """The open batch was lost: its packages get no receipt."""
        self.due.clear()

    def write(self, wait: bool = False) -> None:
        """Receipts for the committed packages, once their data is on disk. Writing one waits on
        the stick (fsync), so several are written at a time while importing goes on."""
        if self.due:
            make_durable(self.store)
            if self.pool is None:
                self.pool = concurrent.futures.ThreadPoolExecutor(RECEIPT_WRITERS)
            for entry, result, version_ids in self.due:
                self.pool.submit(self._write_one, entry, result, version_ids)
            self.due.clear()
        if wait and self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None

    def is_valid(self, entry: Entry) -> bool:
        """The receipt beside ``entry`` exists and vouches for this very package (or none is wanted)."""
        assert entry.info is not None
        if not self.enabled:
            return True
        try:
            receipt = read_receipt(entry.path.with_name(receipt_filename(entry.path.name)),
                                   self.signer.public_key())
        except ReceiptError:
            return False
        return (receipt.package_id == entry.header["package_id"]
                and receipt.package_sha256 == entry.info.file_sha256)

    def _write_one(self, entry: Entry, result: PackageResult, version_ids: Sequence[str]) -> None:
        if not self.enabled:
            return
        header = entry.header
        try:
            result.receipt = write_receipt(
                entry.path.with_name(receipt_filename(entry.path.name)), package_id=header["package_id"],
                package_sha256=result.file_sha256 or "", installation_id=header["installation_id"],
                village_code=header["village_code"],
                township_code=self.township_code or header["township_code"],
                sequence=header["sequence"], version_ids=version_ids, signer=self.signer).path
        except ReceiptError as exc:
            result.receipt_problem = f"数据已导入，但回执未能写入：{exc}；重新导入该数据包即可补写回执"
