"""A conflict as the review screen shows it: the complete common ancestor, both sides and the
record as it is now, side by side, with whether the person looking may resolve it.

Over ``sync.exchange.conflicts`` (which finds and resolves conflicts); a plain function of a
``Store``, run on the window's database worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forms.model import Field
from sync.exchange.conflicts import Conflict, get_conflict
from sync.store.store import Store
from sync.store.users import EDIT, TOWNSHIP_CONFLICTS, refusal
from sync.store.versions import VersionRow


@dataclass
class ConflictDetail:
    """A conflict with the complete common ancestor, both sides and the record as it is now."""

    conflict: Conflict
    fields: list[Field]
    base: VersionRow | None
    ours: VersionRow | None
    theirs: VersionRow | None
    current: dict[str, Any]
    current_deleted: bool
    village_name: str
    can_resolve: bool
    why_not: str = ""

    @property
    def conflicting(self) -> set[str | None]:
        return {f.field for f in self.conflict.fields}


def why_not_resolvable(store: Store, conflict: Conflict) -> str:
    """Why the store's user may not resolve this conflict; "" when they may."""
    refused = refusal(store.user, EDIT) or (refusal(store.user, TOWNSHIP_CONFLICTS)
                                            if store.is_township else None)
    if refused:
        return refused
    if not conflict.is_open:
        return f"已于 {conflict.resolved_at} 由 {conflict.resolved_by} 解决"
    return ""


def conflict_detail(store: Store, key: int | str) -> ConflictDetail:
    """The conflict ``key`` (its id, or a record's UUID: see ``get_conflict``) with its versions."""
    conflict = get_conflict(store, key)
    versions = {v.version_id: v for v in store.history(conflict.record_uuid)}
    record = store.get(conflict.record_uuid)
    reg = record.register
    name = store.conn.execute("SELECT name FROM villages WHERE code = ?", (conflict.village,)).fetchone()
    village_name = ((name[0] if name and name[0] else None)
                    or store.profile(conflict.village).get("村名") or "")
    why_not = why_not_resolvable(store, conflict)
    return ConflictDetail(
        conflict=conflict, fields=list(reg.input_fields),
        base=versions.get(conflict.base_version or ""), ours=versions.get(conflict.ours_version),
        theirs=versions.get(conflict.theirs_version), current=dict(record.values),
        current_deleted=record.deleted, village_name=village_name, can_resolve=not why_not, why_not=why_not)
