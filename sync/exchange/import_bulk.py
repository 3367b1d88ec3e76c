"""A bulk load: many packages into an empty or nearly empty township, its indexes built once.

Inserting a prefecture's records into every index one at a time, at random places (record and
version IDs are random), costs several times what building the same index once from the loaded
table does (SQLite sorts, then writes each page once). So when the packages to import are at
least as big as what the database already holds, the import drops the indexes nothing reads
while it runs (``sync.store.schema.deferrable_indexes``: ID numbers, titles, origins,
statistics) inside its first batch, and builds them again once at its end. Every PRIMARY KEY and
UNIQUE constraint stays, and so do the indexes the import itself reads, so every check runs on
every row as before. The drop is noted in the same transaction: a killed import leaves the note,
and the next open of the database builds the indexes (``sync.store.schema.migrate``).
"""

from __future__ import annotations

from collections.abc import Sequence

from sync.exchange.import_walk import Entry
from sync.progress import Progress
from sync.store import driver
from sync.store.disk_full import DiskFull, is_disk_full
from sync.store.schema import defer_indexes, restore_indexes
from sync.store.store import Store

# Below this many packages a township's import is a few seconds: not worth rebuilding indexes.
BULK_FROM = 8
# Bytes of a package per version it carries (compressed JSON, bench/merge.py: 65): estimates how
# many rows the packages bring without decrypting them first.
PACKAGE_BYTES_PER_VERSION = 60


class BulkLoad:
    """Whether this import defers indexes, and their building at its end."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.wanted = False
        self.deferred = False

    def consider(self, entries: Sequence[Entry]) -> None:
        """Defer if many packages bring at least as many versions as the database holds."""
        if not self.store.is_merged or len(entries) < BULK_FROM:
            return
        incoming = sum(_size(e) for e in entries) // PACKAGE_BYTES_PER_VERSION
        held = self.store.conn.execute("SELECT MAX(rowid) FROM versions").fetchone()[0] or 0
        self.wanted = incoming >= held

    def begin(self) -> None:
        """Inside the open batch: drop the deferrable indexes (once per import)."""
        if self.wanted and not self.deferred:
            self.deferred = True
            defer_indexes(self.store.conn, self.store.catalog)

    def finish(self, progress: Progress | None) -> None:
        """Build the deferred indexes again (after the last batch is committed). On a full disk
        they are left for the next open, which builds them (the note is still there)."""
        if not self.deferred:
            return
        self.deferred = False
        if progress is not None:
            progress(1, 1, "正在整理数据库索引…")
        try:
            with self.store.transaction():
                restore_indexes(self.store.conn)
        except (driver.Error, DiskFull) as exc:
            if not is_disk_full(exc):
                raise


def _size(entry: Entry) -> int:
    """A package file's size; 0 if it is gone (a stick pulled out: reading it refuses it later)."""
    try:
        return entry.path.stat().st_size
    except OSError:
        return 0
