"""Drafts: what a clerk typed in a record form that is not saved yet, kept against a power cut.

A draft holds the editors' raw values (text that does not validate yet included: a half-typed
ID number, a date as typed) for one open form, keyed by its own id, so two new records of the
same register never overwrite each other. It is not a version: it has no HLC, is never exported,
merged, counted or listed, and nothing but this module reads the ``drafts`` table (schema v7).
Drafts stay in this machine's database; backups leave them out (``strip_from``) and a restore
keeps the drafts this machine had (``replace_all``), so an old backup never brings back typing
that was finished or thrown away since.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sync.store import driver
from sync.store.store import Store, new_id, now_text


@dataclass(frozen=True)
class Draft:
    id: str
    register: str
    record_uuid: str | None  # None: a new record
    base_version: str | None  # the record's version when the form opened: has it changed since?
    user: str
    values: dict[str, Any]
    updated_at: str


def new_draft_id() -> str:
    return new_id()


def save(store: Store, draft_id: str, register: str, values: Mapping[str, Any], *,
         record_uuid: str | None = None, base_version: str | None = None) -> None:
    """Write (or overwrite) one form's draft, in its own committed transaction."""
    text = json.dumps(dict(values), ensure_ascii=False, sort_keys=True)
    with store.transaction() as conn:
        conn.execute(
            'INSERT INTO drafts (id, register, record_uuid, base_version, user, "values", updated_at)'
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET \"values\" = excluded.\"values\","
            " updated_at = excluded.updated_at",
            (draft_id, register, record_uuid, base_version, store.user.name, text, now_text()))


def discard(store: Store, draft_id: str) -> None:
    with store.transaction() as conn:
        conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))


def _draft(row: driver.Row) -> Draft:
    return Draft(row["id"], row["register"], row["record_uuid"], row["base_version"], row["user"],
                 json.loads(row["values"]), row["updated_at"])


def get(store: Store, draft_id: str) -> Draft | None:
    row = store.conn.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
    return _draft(row) if row else None


def for_user(store: Store, user: str | None = None) -> list[Draft]:
    """The drafts of ``user`` (the logged-in user by default), oldest first."""
    rows = store.conn.execute("SELECT * FROM drafts WHERE user = ? ORDER BY updated_at, id",
                              (user if user is not None else store.user.name,))
    return [_draft(r) for r in rows]


def every_draft(store: Store) -> list[Draft]:
    return [_draft(r) for r in store.conn.execute("SELECT * FROM drafts ORDER BY updated_at, id")]


def replace_all(store: Store, kept: Iterable[Draft]) -> None:
    """Make ``kept`` the only drafts (after a restore: this machine's, not the backup's)."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM drafts")
        conn.executemany(
            'INSERT INTO drafts (id, register, record_uuid, base_version, user, "values", updated_at)'
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(d.id, d.register, d.record_uuid, d.base_version, d.user,
              json.dumps(d.values, ensure_ascii=False, sort_keys=True), d.updated_at) for d in kept])


def strip_from(conn: driver.Connection) -> None:
    """Remove every draft from a copy of the database (a backup): half-typed personal data is not
    multiplied into backups, and restoring one cannot offer typing finished long ago."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'drafts'").fetchone():
        conn.execute("PRAGMA secure_delete = ON")  # the deleted rows' bytes are overwritten too
        conn.execute("DELETE FROM drafts")
        conn.commit()


@dataclass(frozen=True)
class DraftState:
    """What a draft's record is now: still as the form found it, changed since, or gone."""

    draft: Draft
    changed: bool = False
    missing: bool = False  # the record no longer exists or was deleted: restore as a new record


def state_of(store: Store, draft: Draft) -> DraftState:
    if draft.record_uuid is None:
        return DraftState(draft)
    row = None
    reg = store.catalog.registers.get(draft.register)
    if reg is not None:
        row = store.conn.execute(f'SELECT _version, _deleted FROM "{reg.key}" WHERE uuid = ?',
                                 (draft.record_uuid,)).fetchone()
    if row is None or row["_deleted"]:
        return DraftState(draft, missing=True)
    return DraftState(draft, changed=row["_version"] != draft.base_version)
