"""The import log (``import_log``): one row per package an import met, whatever became of it.

An accepted package's row is written in the package's own transaction (its
``imported_packages`` row points at it); the rows of refused, skipped and duplicate packages
wait and go in together, outside any package's transaction, so a refusal never rolls back with
the package it refused.
"""

from __future__ import annotations

import os
from typing import Any

from sync.exchange.import_summary import PackageResult
from sync.store.store import Store, now_text

COLUMNS = ("file", "file_sha256", "package_id", "kind", "village", "village_name", "installation",
           "fingerprint", "sequence", "package_created", "imported_at", "user", "status", "reason", "new",
           "updated", "unchanged", "deleted", "conflicts", "versions")
_INSERT = f"INSERT INTO import_log({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"


class ImportLog:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.pending: list[tuple[Any, ...]] = []

    def _row(self, result: PackageResult) -> tuple[Any, ...]:
        c = result.counts
        return (os.path.abspath(result.path), result.file_sha256, result.package_id, result.kind,
                result.village, result.village_name, result.installation, result.fingerprint, result.sequence,
                result.created, now_text(), self.store.user.name, result.status, result.reason or None, c.new,
                c.updated, c.unchanged, c.deleted, c.conflicts, result.versions)

    def insert(self, result: PackageResult) -> int:
        """Write ``result``'s row now (the caller's transaction); returns its id."""
        cursor = self.store.conn.execute(_INSERT, self._row(result))
        return int(cursor.lastrowid or 0)

    def later(self, result: PackageResult) -> None:
        """Keep ``result``'s row for the next :meth:`flush`."""
        self.pending.append(self._row(result))

    def flush(self) -> None:
        if self.pending:
            with self.store.transaction():
                self.store.conn.executemany(_INSERT, self.pending)
            self.pending.clear()
