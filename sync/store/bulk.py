"""Adding many records at once: one transaction, one context, one batch for the writer.

``Store.add`` checks one record against the database with a handful of queries, which is
right for a form but far too slow for a 10,000-row roster or a 100,000-volunteer benchmark.
``add_many`` gives each row the same steps (input read, derived and computed fields, its
rules, the checks against its neighbours, the same version and current row), but learns what
the neighbours' checks need once per batch (``sync.store.db_checks.Known``) and hands the
writer one batch. All or nothing: the first row with an error refuses the whole batch and is
reported by its position.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from forms.validation import Issue, RecordInvalid, errors, fill_derived, prepare
from sync.store import search
from sync.store.batch import Builder, collector_paused
from sync.store.database import Database, dumps, new_id, now_text
from sync.store.db_checks import Known
from sync.store.record_context import record_context
from sync.store.saving import OVERRIDE_PREFIX, Saved, resolve_refs
from sync.store.users import OVERRIDE, require
from sync.store.writer import write


class RowInvalid(RecordInvalid):
    """A batch row with errors; ``index`` is its 0-based position in the batch."""

    def __init__(self, index: int, issues: list[Issue]) -> None:
        super().__init__(issues)
        self.index = index


def add_many(db: Database, register: str, rows: Iterable[Mapping[str, Any]], *,
             village: str | None = None, override_reason: str | None = None) -> list[Saved]:
    """Validate and add every row in one transaction; the first row with errors refuses all."""
    db.require_edit()
    db.refuse_at_county()
    if override_reason:
        require(db.user, OVERRIDE)
    reg = db.catalog.register(register)
    village = village or db.village_code
    if village is None:
        raise ValueError("乡镇数据库中新增记录须指明所属村（village）")
    has_refs = any(f.ref for f in reg.input_fields)
    saved: list[Saved] = []
    # The clock advances while rows are built: build inside the transaction so its state is saved.
    with db.transaction(), collector_paused():
        # New records have nothing added up into them yet: their totals are 0 without asking SQLite.
        ctx = replace(record_context(db, village), totals={})
        builder = Builder(db.catalog, with_index=search.table_exists(db.conn),
                          neighbours=Known.load(db.conn, db.catalog, village, [reg]))
        user, device, wall = db.user.name, db.device_id, now_text()
        for position, raw in enumerate(rows):
            record_uuid = new_id()
            values, parse_issues = prepare(reg, resolve_refs(db, reg, raw, village) if has_refs else raw)
            fill_derived(reg, values)
            stamp, version_id = str(db.clock.now()), new_id()
            _full, issues = builder.current(reg, record_uuid, village, values, ctx, version_id=version_id,
                                            hlc=stamp, deleted=False, created_at=wall, created_by=user,
                                            modified_at=wall, modified_by=user, parse_issues=parse_issues)
            blocking = errors(issues)
            if blocking and not override_reason:
                raise RowInvalid(position, blocking)
            reason = f"{OVERRIDE_PREFIX}{override_reason}" if blocking else None
            # ``values`` holds exactly the register's typed fields (``prepare``), as a version's data does.
            builder.version((version_id, record_uuid, reg.key, village, None, None, stamp, device, user, 0,
                             reason, dumps(values), "local", wall))
            saved.append(Saved(record_uuid, version_id, issues))
        # Every row is a new record (``new_id``): none of them added to a total before.
        write(db, builder.batch, fresh=True)
    return saved
