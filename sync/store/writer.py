"""The one writer: every version, current row and search key goes into the database here, and
the records that depend on what was written follow it.

A batch (``sync/store/batch.py``) comes from a save, a bulk add, an import's plan or a
conflict's resolution. ``write`` puts it in with one ``executemany`` per table, then
``refresh`` brings up to date the records the definitions say depend on the written ones:
``sums`` (累计服务时长 of the volunteers whose service records changed, or moved away) and
``depends_on`` (the 监委会 of a village whose 两委 changed). A dependent gets its computed
fields again and no new version, since nothing a person typed changed. Its error and warning
counts stay as its own checks last found them: record rules read a record's own fields and
the settings, not the fields other registers feed (a register rule may, and ``check`` runs
those), so counting a prefecture's volunteers again for every imported service record would
cost time for nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from forms.model import Register
from forms.validation import check_record
from sync.store import search
from sync.store.batch import Batch
from sync.store.current import complete, input_values, upsert_sql
from sync.store.database import Database
from sync.store.db_checks import Known, record_issues
from sync.store.record_context import record_context
from sync.store.totals import totals_for
from sync.store.versions import COLUMNS

_VERSION_COLUMNS = ", ".join(COLUMNS)
_VERSION_MARKS = ", ".join("?" for _ in COLUMNS)
_ORIGIN = COLUMNS.index("origin")


def _json(items: Iterable[str]) -> str:
    return json.dumps(sorted(items))


def write(db: Database, batch: Batch, *, origin: str | None = None, fresh: bool = False) -> None:
    """Write a batch and refresh what depends on it. ``origin``: where its new versions came
    from (an import's sender), in place of what they say. ``fresh``: none of the batch's records
    existed before this write, so none of them fed a total before (an import's first package of
    a village, the caller having found that inside this transaction; a bulk add of new records).
    Caller holds the transaction."""
    conn = db.conn
    stale: dict[str, set[str]] = {} if fresh else _fed_before(db, batch)
    versions = batch.versions if origin is None else [
        (*row[:_ORIGIN], origin, *row[_ORIGIN + 1:]) for row in batch.versions]
    conn.executemany(f"INSERT INTO versions({_VERSION_COLUMNS}) VALUES ({_VERSION_MARKS})", versions)
    if batch.merges:
        conn.executemany(f"INSERT OR IGNORE INTO versions({_VERSION_COLUMNS}) VALUES ({_VERSION_MARKS})",
                         batch.merges)
    for key, rows in batch.current.items():
        conn.executemany(upsert_sql(db.catalog.registers[key]), rows)
    if batch.index:
        conn.executemany(f"INSERT OR REPLACE INTO {search.TABLE}(uuid, register, text, sort_key) "
                         "VALUES (?, ?, ?, ?)", batch.index)
    for key, uuids in batch.feeds.items():
        stale.setdefault(key, set()).update(uuids)
    refresh(db, stale, batch.read_in, skip=batch.written)


def _fed_before(db: Database, batch: Batch) -> dict[str, set[str]]:
    """The records the batch's records added to before this write: a service record deleted or
    moved to another volunteer leaves a total to take it out of."""
    out: dict[str, set[str]] = {}
    for key, uuids in batch.written.items():
        for dep in db.catalog.dependents(key):
            if dep.sums is None:
                continue
            by = dep.sums.by
            out.setdefault(dep.target, set()).update(r[0] for r in db.conn.execute(
                f'SELECT "{by}" FROM "{key}" WHERE uuid IN (SELECT value FROM json_each(?)) '
                f'AND _deleted = 0 AND "{by}" IS NOT NULL', (_json(uuids),)))
    return out


def refresh(db: Database, records: Mapping[str, Iterable[str]],
            villages: Mapping[str, Iterable[str]] | None = None,
            skip: Mapping[str, Iterable[str]] | None = None) -> None:
    """Bring dependents up to date: ``records`` (register → records) and every record of a
    register in ``villages`` (register → villages), but those in ``skip`` (rows the batch has
    just built knowing everything). What they feed in turn follows, in dependency order."""
    cat = db.catalog
    todo = {key: set(uuids) for key, uuids in records.items()}
    for key, codes in (villages or {}).items():
        todo.setdefault(key, set()).update(_of_villages(db, key, codes))
    done = {key: set(uuids) for key, uuids in (skip or {}).items()}
    while todo:
        # A register whose sources are all refreshed (the definitions have no loops).
        key = next(k for k in todo if not any(d.source in todo for d in cat.feeding(k)))
        uuids = todo.pop(key) - done.get(key, set())
        if not uuids:
            continue
        done.setdefault(key, set()).update(uuids)
        _written, changed = _recount(db, cat.registers[key], uuids, counts=False)
        for dep in cat.dependents(key):
            if dep.sums is None:
                todo.setdefault(dep.target, set()).update(
                    _of_villages(db, dep.target, {village for _, village, _ in changed}))
            else:
                todo.setdefault(dep.target, set()).update(
                    full[dep.sums.by] for _, _, full in changed if full.get(dep.sums.by))


def _of_villages(db: Database, register: str, villages: Iterable[str]) -> set[str]:
    """Every record (deleted ones too) of ``register`` in these villages."""
    return {r[0] for code in villages
            for r in db.conn.execute(f'SELECT uuid FROM "{register}" WHERE _village = ?', (code,))}


def recount(db: Database, reg: Register, uuids: Iterable[str], *, counts: bool = True) -> int:
    """Compute some records' computed fields (and, with ``counts``, their error and warning
    counts) again from their stored values, as a save would; no new versions. Returns how
    many records were written (without ``counts``, only those whose computed fields changed)."""
    return _recount(db, reg, uuids, counts=counts)[0]


Changed = list[tuple[str, str, dict[str, Any]]]  # (record, village, full values)


def _recount(db: Database, reg: Register, uuids: Iterable[str], *, counts: bool) -> tuple[int, Changed]:
    """``recount``, and the records whose computed fields changed (what they feed must follow)."""
    cat, conn = db.catalog, db.conn
    typed = [f.name for f in reg.input_fields]
    computed = [f.name for f in reg.computed_fields]
    to_sql = [f.type.to_sql for f in reg.computed_fields]
    names = ", ".join(f'"{n}"' for n in (*typed, *computed))
    # Plain tuples: a refresh after a large import reads every volunteer it touched.
    cursor = conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(f'SELECT uuid, _village, _deleted, {names} FROM "{reg.key}" '
                          "WHERE uuid IN (SELECT value FROM json_each(?))", (_json(uuids),)).fetchall()
    if not rows:
        return 0, []
    totals = totals_for(conn, cat, reg.key, (r[0] for r in rows))
    follow = bool(cat.dependents(reg.key))
    n_typed = len(typed)
    updates: list[list[Any]] = []
    changed: Changed = []
    by_village: dict[str, list[Any]] = {}
    for row in rows:
        by_village.setdefault(row[1], []).append(row)
    for village, found in by_village.items():
        ctx = replace(record_context(db, village), totals=totals)
        neighbours = Known.load(conn, cat, village, [reg]) if counts else None
        for record_uuid, _village, deleted, *stored in found:
            full = complete(reg, record_uuid, input_values(reg, dict(zip(typed, stored, strict=False))), ctx)
            new = [convert(full[name]) for name, convert in zip(computed, to_sql, strict=True)]
            if new != stored[n_typed:]:
                changed.append((record_uuid, village, full if follow else {}))
            elif neighbours is None:
                continue  # nothing to write
            if neighbours is None:
                updates.append([*new, record_uuid])
                continue
            issues = (check_record(reg, full, ctx, record_uuid) if deleted
                      else record_issues(cat, reg, full, ctx, neighbours, record_uuid))
            n_err = sum(1 for i in issues if i.severity == "error")
            updates.append([*new, n_err, len(issues) - n_err, record_uuid])
    columns = [*computed, *(("_errors", "_warnings") if counts else ())]
    if columns and updates:
        sets = ", ".join(f'"{c}" = ?' for c in columns)
        conn.executemany(f'UPDATE "{reg.key}" SET {sets} WHERE uuid = ?', updates)
    return len(updates), changed


def recompute_all(db: Database) -> None:
    """After a settings change: every computed column again (``check`` refreshes the counts)."""
    for reg in db.catalog.ordered(include_profile=True):
        if reg.computed_fields:
            recount(db, reg, [r[0] for r in db.conn.execute(f'SELECT uuid FROM "{reg.key}"')], counts=False)
