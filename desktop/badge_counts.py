"""What the navigation list shows beside each register: its records, how many have errors, how
many have only warnings (deleted records left out); for one village or for all."""

from __future__ import annotations

from sync.store.store import Store

Counts = tuple[int, int, int]  # records, with errors, with warnings but no errors


def badge_counts(store: Store, village: str | None = None) -> dict[str, Counts]:
    where, args = ("AND _village = ?", [village]) if village else ("", [])
    counts: dict[str, Counts] = {}
    for reg in store.catalog.ordered(include_profile=True):
        row = store.conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(_errors > 0), 0), COALESCE(SUM(_errors = 0 AND _warnings > 0), 0) "
            f'FROM "{reg.key}" WHERE _deleted = 0 {where}', args).fetchone()
        counts[reg.key] = (row[0], row[1], row[2])
    return counts
