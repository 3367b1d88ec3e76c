"""Saving a record a person typed: read the input, fill the derived fields, check it, refuse it
on errors (unless an administrator gives a reason), and write it through the one writer.

``validate`` (a form checking as the clerk types) and ``save`` run the same steps
(``assess``); ``save`` then writes. A deletion, a restore, a revert and a conflict's
resolution write a version of one record with ``write_record``; many records at once go
through ``sync/store/bulk.py``; an import through ``sync/exchange/plan.py``. All of them end in
``sync.store.writer.write``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from forms.compute import Context
from forms.model import Field, Register
from forms.tenure import LEFT, STATUS_FIELD
from forms.validation import Issue, RecordInvalid, errors, fill_derived, prepare
from sync.store import search
from sync.store.batch import Builder
from sync.store.current import complete, per_register
from sync.store.database import Database, dumps, new_id, now_text
from sync.store.db_checks import Lookup, record_issues
from sync.store.errors import StoreError
from sync.store.record_context import record_context
from sync.store.users import OVERRIDE, require
from sync.store.writer import write

OVERRIDE_PREFIX = "带错误保存："


@dataclass(frozen=True)
class Saved:
    uuid: str
    version_id: str
    issues: list[Issue] = field(default_factory=list)


def resolve_refs(db: Database, reg: Register, raw: Mapping[str, Any], village: str) -> dict[str, Any]:
    """Let a person name a referenced record by its ID number or name, not only its UUID."""
    out = dict(raw)
    for fld in _ref_fields(reg):
        if _names_nothing(out, reg, fld.name):
            # A register of one record per village (the 村情概况) needs no naming: a child list of
            # it (荣誉称号) belongs to the village's one record, from a form, a command or a roster.
            only = the_one_record(db, fld.ref, village)
            if only is not None:
                out[fld.name] = only
        if not isinstance(out.get(fld.name), str):
            continue
        text = out[fld.name].strip()
        if not text or len(text.replace("-", "")) == 32:
            continue
        target = db.catalog.registers[fld.ref]  # type: ignore[index]
        candidates: list[str] = []
        if target.person_field:
            candidates = [r[0] for r in db.conn.execute(
                f'SELECT uuid FROM "{target.key}" WHERE "{target.person_field}" = ? '
                "AND +_village = ? AND +_deleted = 0", (text.upper(), village))]
        if not candidates and target.title_field:
            candidates = [r[0] for r in db.conn.execute(
                f'SELECT uuid FROM "{target.key}" WHERE "{target.title_field}" = ? '
                "AND +_village = ? AND +_deleted = 0", (text, village))]
        if len(candidates) > 1 and STATUS_FIELD in target.by_name:
            # A re-elected member has a 离任 record of the old term too: a name or an ID number
            # means the one in office (as a roster's 成员 does, sync.excel.roster_import).
            candidates = in_office(db, target, candidates) or candidates
        if len(candidates) == 1:
            out[fld.name] = candidates[0]
        elif len(candidates) > 1:
            raise StoreError(f"{fld.name}：“{text}”对应多条{target.name}记录，请填写证件号码")
        else:
            raise StoreError(f"{fld.name}：找不到“{text}”，请先登记该{target.name}")
    return out


def in_office(db: Database, target: Register, uuids: list[str]) -> list[str]:
    """Those of ``uuids`` not marked 离任 (an empty 在任状态 means 在任): what a name or ID number
    means when a re-elected member has a record in each term."""
    return [r[0] for r in db.conn.execute(
        f'SELECT uuid FROM "{target.key}" WHERE uuid IN ({",".join("?" for _ in uuids)}) '
        f'AND "{STATUS_FIELD}" IS NOT ?', [*uuids, LEFT])]


def _ref_fields(reg: Register) -> tuple[Field, ...]:
    """The fields naming another record: ``resolve_refs`` looks at these only, for every row of a bulk add."""
    return per_register(_REF_FIELDS, reg, lambda r: tuple(f for f in r.input_fields if f.ref))


_REF_FIELDS: dict[str, tuple[Register, tuple[Field, ...]]] = {}


def _names_nothing(raw: Mapping[str, Any], reg: Register, name: str) -> bool:
    given = [key for key in raw if key == name or reg.alias_map.get(key) == name]
    return all(raw[key] is None or (isinstance(raw[key], str) and not raw[key].strip()) for key in given)


def the_one_record(db: Database, register: str, village: str) -> str | None:
    """The village's record of a register that holds one per village (``singleton``), else None."""
    target = db.catalog.registers[register]
    if not target.singleton:
        return None
    row = db.conn.execute(f'SELECT uuid FROM "{target.key}" WHERE _village = ? AND _deleted = 0 '
                          "ORDER BY _created_at, rowid LIMIT 1", (village,)).fetchone()
    return row[0] if row else None


def assess(db: Database, reg: Register, record_uuid: str, village: str, values: dict[str, Any],
           parse_issues: Sequence[Issue] = (), ctx: Context | None = None
           ) -> tuple[dict[str, Any], list[Issue]]:
    """What validating and saving share: the derived fields filled in ``values``, then the
    record's full values and every issue (reading its input, its rules, its neighbours)."""
    fill_derived(reg, values)
    ctx = ctx or record_context(db, village)
    full = complete(reg, record_uuid, values, ctx)
    found = record_issues(db.catalog, reg, full, ctx, Lookup(db.conn, village), record_uuid)
    return full, [*parse_issues, *found]


def validate(db: Database, register: str, raw: Mapping[str, Any], *, record_uuid: str | None = None,
             village: str | None = None) -> tuple[dict[str, Any], list[Issue]]:
    """What saving would find, without saving: for forms that check as you type."""
    reg = db.catalog.register(register)
    village = village or db.village_code or ""
    base = db.get(record_uuid).values if record_uuid else None
    values, parse_issues = prepare(reg, resolve_refs(db, reg, raw, village), base)
    return assess(db, reg, record_uuid or "", village, values, parse_issues)


def save(db: Database, reg: Register, record_uuid: str, village: str, raw: Mapping[str, Any], *,
         base: Mapping[str, Any] | None = None, parent: str | None = None,
         override_reason: str | None = None) -> Saved:
    """Check and write a person's input: a new record, or (``base``: its current values) a
    change to one. Errors refuse it, unless an administrator gives ``override_reason``."""
    values, parse_issues = prepare(reg, resolve_refs(db, reg, raw, village), base)
    with db.transaction():
        ctx = record_context(db, village)
        _full, issues = assess(db, reg, record_uuid, village, values, parse_issues, ctx)
        blocking = errors(issues)
        if blocking:
            if not override_reason:
                raise RecordInvalid(blocking)
            require(db.user, OVERRIDE)
        reason = f"{OVERRIDE_PREFIX}{override_reason}" if blocking and override_reason else None
        version = write_record(db, reg, record_uuid, village, values, parent, deleted=False, reason=reason,
                               ctx=ctx, issues=issues)
    return Saved(record_uuid, version, issues)


def write_record(db: Database, reg: Register, record_uuid: str, village: str, values: Mapping[str, Any],
                 parent: str | None, *, deleted: bool, reason: str | None = None, ctx: Context | None = None,
                 issues: list[Issue] | None = None) -> str:
    """Append a version of one record and make it current; returns the version's ID. ``issues``:
    the record's issues if the caller has them, else its checks run here. Caller holds the
    transaction."""
    db.refuse_at_county()  # every version a person makes passes here
    version_id = new_id()
    stamp = str(db.clock.now())
    wall, user = now_text(), db.user.name
    typed = {f.name: values.get(f.name) for f in reg.input_fields}
    existing = db.conn.execute(f'SELECT _created_at, _created_by FROM "{reg.key}" WHERE uuid = ?',
                               (record_uuid,)).fetchone()
    created_at, created_by = (existing[0], existing[1]) if existing else (wall, user)
    builder = Builder(db.catalog, with_index=search.table_exists(db.conn),
                      neighbours=Lookup(db.conn, village))
    builder.version((version_id, record_uuid, reg.key, village, parent, None, stamp, db.device_id, user,
                     int(deleted), reason, dumps(typed), "local", wall))
    builder.current(reg, record_uuid, village, typed, ctx or record_context(db, village),
                    version_id=version_id, hlc=stamp, deleted=deleted, created_at=created_at,
                    created_by=created_by, modified_at=wall, modified_by=user, issues=issues)
    write(db, builder.batch)
    return version_id
