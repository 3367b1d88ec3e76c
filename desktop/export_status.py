"""What the status bar says about exporting: changes not yet exported, and the last export.

Kept apart and free of Qt so that the sync engineer can correct it in one place once the
export tables settle: today a version counts as exported when its ID is listed in a
table ``exported_versions`` (if that table exists); otherwise every local version counts
as not yet exported.
"""

from __future__ import annotations

from dataclasses import dataclass

from sync.store import Store


@dataclass(frozen=True)
class ExportStatus:
    pending: int
    last_export: str | None


def export_status(store: Store) -> ExportStatus:
    conn = store.conn
    has_exported = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'exported_versions'"
    ).fetchone()
    if has_exported:
        pending = conn.execute(
            "SELECT COUNT(*) FROM versions v WHERE v.origin = 'local' AND NOT EXISTS "
            "(SELECT 1 FROM exported_versions e WHERE e.version_id = v.version_id)"
        ).fetchone()[0]
    else:
        pending = conn.execute("SELECT COUNT(*) FROM versions WHERE origin = 'local'").fetchone()[0]
    row = conn.execute("SELECT value FROM meta WHERE key = 'last_export'").fetchone()
    return ExportStatus(pending=pending, last_export=row[0] if row else None)
