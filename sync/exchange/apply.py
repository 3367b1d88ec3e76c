"""Writing a plan (``sync/exchange/plan.py``) into a store: its batch through the one writer
(``sync.store.writer``: versions, current rows, search keys, dependents), then its conflicts.

The caller holds the transaction, so a plan is applied completely or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence

from forms.model import Register
from sync.exchange.merge import RESOLUTION_PREFIX, ancestors
from sync.exchange.plan import ContextInputs, CurrentInfo, Plan
from sync.store.db_checks import Known
from sync.store.hlc import Timestamp
from sync.store.store import Store, now_text
from sync.store.totals import source_rows
from sync.store.versions import COLUMNS, VersionRow
from sync.store.writer import write

_VERSION_COLUMNS = ", ".join(COLUMNS)


def _json_list(items: Iterable[str]) -> str:
    return json.dumps(list(items))


class DbSource:
    """What ``make_plan`` needs to know about a store, read in a few set-based queries."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def versions_for(self, record_uuids: Sequence[str]) -> list[VersionRow]:
        if not record_uuids:
            return []
        rows = self.store.conn.execute(
            f"SELECT {_VERSION_COLUMNS} FROM versions WHERE record_uuid IN (SELECT value FROM json_each(?))",
            (_json_list(record_uuids),))
        return [VersionRow.from_db(tuple(r)) for r in rows]

    def current_for(self, records: Mapping[str, str]) -> dict[str, CurrentInfo]:
        by_register: dict[str, list[str]] = {}
        for record_uuid, register in records.items():
            by_register.setdefault(register, []).append(record_uuid)
        out: dict[str, CurrentInfo] = {}
        for register, uuids in by_register.items():
            for r in self.store.conn.execute(
                    f'SELECT uuid, _version, _deleted, _created_at, _created_by FROM "{register}" '
                    "WHERE uuid IN (SELECT value FROM json_each(?))", (_json_list(uuids),)):
                out[r[0]] = CurrentInfo(register, r[1], bool(r[2]), r[3] or "", r[4] or "")
        return out

    def context_inputs(self, village: str) -> ContextInputs:
        cat = self.store.catalog
        # The profile every reader counts (``sync.store.village_profiles``), when a village briefly has two.
        return ContextInputs(profile=self.store.profile(village) or None,
                             related={key: self.store.records(key, village=village)
                                      for key in cat.read_across},
                             sources=source_rows(self.store.conn, cat, village))

    def neighbours(self, village: str, registers: Sequence[Register], exclude: Collection[str]) -> Known:
        return Known.load(self.store.conn, self.store.catalog, village, registers, exclude)


def village_is_new(store: Store, village: str, record_uuids: Sequence[str]) -> bool:
    """True if the store holds nothing of this village and none of these records."""
    for reg in store.catalog.ordered(include_profile=True):
        if store.conn.execute(f'SELECT 1 FROM "{reg.key}" WHERE _village = ? LIMIT 1', (village,)).fetchone():
            return False
    return store.conn.execute(
        "SELECT 1 FROM versions WHERE record_uuid IN (SELECT value FROM json_each(?)) LIMIT 1",
        (_json_list(record_uuids),)).fetchone() is None


def apply_plan(store: Store, plan: Plan, *, origin: str, package_id: str | None, fresh: bool = False) -> None:
    """Write a plan. ``fresh``: ``village_is_new`` held for the plan's village and records in this
    transaction (the writer has nothing of them to look up). Caller holds the transaction."""
    write(store, plan.batch, origin=origin, fresh=fresh)
    now = now_text()
    store.conn.executemany(
        "INSERT OR IGNORE INTO conflicts(record_uuid, register, village, merge_version, base_version, "
        "ours_version, theirs_version, winner, kind, fields, package_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(c.record_uuid, c.register, c.village, c.merge_version, c.base_version, c.ours_version,
          c.theirs_version, c.winner, c.kind, json.dumps(c.fields, ensure_ascii=False), package_id, now)
         for c in plan.conflicts])
    settle_resolved_conflicts(store, plan.heads)
    if plan.max_hlc:
        store.clock.observe(Timestamp.parse(plan.max_hlc))


def settle_resolved_conflicts(store: Store, record_heads: Mapping[str, str]) -> int:
    """Close open conflicts that a resolution version (here or from elsewhere) now settles."""
    if not record_heads:
        return 0
    open_rows = store.conn.execute(
        "SELECT id, record_uuid, merge_version FROM conflicts WHERE resolved_at IS NULL "
        "AND record_uuid IN (SELECT value FROM json_each(?))", (_json_list(record_heads),)).fetchall()
    closed = 0
    for conflict_id, record_uuid, merge_version in open_rows:
        nodes = {v.version_id: v for v in DbSource(store).versions_for([record_uuid])}
        line = ancestors(record_heads[record_uuid], nodes)
        for vid in sorted(line, key=lambda v: nodes[v].key if v in nodes else ("", "", v)):
            v = nodes.get(vid)
            if v is None or not (v.reason or "").startswith(RESOLUTION_PREFIX):
                continue
            if merge_version in ancestors(vid, nodes):
                store.conn.execute(
                    "UPDATE conflicts SET resolved_at = ?, resolved_by = ?, resolution_version = ? "
                    "WHERE id = ?",
                    (now_text(), v.user, vid, conflict_id))
                closed += 1
                break
    return closed

