"""What the status bar says about exporting: changes not yet exported, and the last export.

One small function over ``sync.exchange.exporter.sync_status`` (the sync engineer's definition of
"not yet exported": local versions not listed for this village's township in
``exported_versions``). The time of the last export is read from the database, not from
``Store.meta``, because the export may have run on the worker thread's own connection.
"""

from __future__ import annotations

from dataclasses import dataclass

from sync.store.store import Store


@dataclass(frozen=True)
class ExportStatus:
    pending: int
    last_export: str | None


def export_status(store: Store) -> ExportStatus:
    from sync.exchange.exporter import sync_status

    status = sync_status(store)
    row = store.conn.execute("SELECT value FROM meta WHERE key = 'last_export'").fetchone()
    return ExportStatus(pending=status.pending, last_export=row[0] if row else status.last_export)
