"""What importing a package's versions would change, worked out before anything is written.

``make_plan`` takes the incoming versions of one village and what the database already
holds (through a ``Source``), and returns every row to write: new versions, merge
versions, current-state rows with computed fields and error counts, conflicts, counts.
It reads but never writes, so the importer can plan, then apply the plan in one
transaction. With ``EMPTY`` as the source (a village the township has never seen) the
plan needs no database at all, which lets a worker process prepare it while the main
process writes the previous package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from forms.compute import PARTY_POSTS, Context
from forms.model import Catalog, Register
from forms.validation import computed_values
from sync.exchange.merge import (
    MERGE_DEVICE,
    ancestors,
    common_ancestor,
    has_cycle,
    heads,
    merge_heads,
    merge_pair,
    root_of,
)
from sync.exchange.payload import PayloadError
from sync.store.current import current_row as make_current_row
from sync.store.versions import VersionRow


@dataclass(frozen=True)
class CurrentInfo:
    register: str
    version_id: str
    deleted: bool
    created_at: str
    created_by: str


@dataclass
class ContextInputs:
    """What the database holds for a village's context, except the records being planned."""

    profile: dict[str, Any] | None = None
    committee: list[dict[str, Any]] = field(default_factory=list)
    services: list[tuple[str, str | None, float | None]] = field(default_factory=list)


class Source(Protocol):
    def versions_for(self, record_uuids: Sequence[str]) -> list[VersionRow]: ...

    def current_for(self, records: Mapping[str, str]) -> dict[str, CurrentInfo]: ...

    def context_inputs(self, village: str) -> ContextInputs: ...


class _Empty:
    """A database that holds nothing (a village seen for the first time)."""

    def versions_for(self, record_uuids: Sequence[str]) -> list[VersionRow]:
        return []

    def current_for(self, records: Mapping[str, str]) -> dict[str, CurrentInfo]:
        return {}

    def context_inputs(self, village: str) -> ContextInputs:
        return ContextInputs()


EMPTY: Source = _Empty()


@dataclass
class Counts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    conflicts: int = 0

    def add(self, other: Counts) -> None:
        for name in ("new", "updated", "unchanged", "deleted", "conflicts"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class ConflictNote:
    """A merge that needs a person: who is "ours" (was current here) and who is "theirs"."""

    record_uuid: str
    register: str
    village: str
    merge_version: str
    base_version: str | None
    ours_version: str
    theirs_version: str
    winner: str  # "ours" | "theirs"
    kind: str  # "fields" | "delete" | "delete+fields"
    fields: list[dict[str, Any]]


@dataclass
class Plan:
    village: str
    # ``versions`` rows to insert (``COLUMNS`` order; the origin is filled in when applied)
    new_versions: list[tuple[Any, ...]] = field(default_factory=list)
    merge_versions: list[tuple[Any, ...]] = field(default_factory=list)
    current: dict[str, list[list[Any]]] = field(default_factory=dict)
    index_rows: list[tuple[str, str, str, str]] = field(default_factory=list)
    conflicts: list[ConflictNote] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    max_hlc: str | None = None
    heads: dict[str, str] = field(default_factory=dict)  # record → its version after the import
    touched: dict[str, set[str]] = field(default_factory=dict)  # register → records written
    volunteers_to_refresh: set[str] = field(default_factory=set)
    refresh_supervisors: bool = False
    ctx: Context | None = None
    incoming_ids: list[str] = field(default_factory=list)


def discipline_ids(committee: Sequence[Mapping[str, Any]]) -> frozenset[str]:
    """ID numbers of the Party 纪检委员 (as ``Store.context`` works them out)."""
    return frozenset(r["公民身份号码"] for r in committee if r.get("公民身份号码")
                     and r.get("党组织职务") in PARTY_POSTS and r.get("委员分工") == "纪检")


def current_row(reg: Register, record_uuid: str, village: str, head: VersionRow, ctx: Context,
                created_at: str, created_by: str) -> tuple[list[Any], dict[str, Any]]:
    """The current-state row of a record whose winning version is ``head``."""
    return make_current_row(reg, record_uuid, village, head.values, ctx, version_id=head.version_id,
                            hlc=head.hlc, deleted=head.deleted, created_at=created_at, created_by=created_by,
                            modified_at=head.wall_time, modified_by=head.user)


def _check_identity(record_uuid: str, known: list[VersionRow], incoming: list[VersionRow]) -> None:
    first = incoming[0]
    for v in (*known, *incoming):
        if v.register != first.register or v.village != first.village:
            raise PayloadError(f"记录 {record_uuid} 已属于其他村或其他登记簿，不能改变")


def make_plan(incoming: Sequence[VersionRow], source: Source, *, village: str, cat: Catalog,
              settings: Mapping[str, Any], today: dt.date, with_index: bool = False) -> Plan:
    """Everything importing ``incoming`` (versions of one village) would write.

    Raises PayloadError when the versions cannot be right (a cycle, an ID reused with other
    content, a record that would move to another village or register).
    """
    plan = Plan(village)
    by_record: dict[str, list[VersionRow]] = {}
    seen: dict[str, VersionRow] = {}
    for v in incoming:
        twin = seen.get(v.version_id)
        if twin is not None:
            if not twin.same_version(v):
                raise PayloadError(f"版本 {v.version_id} 出现两次且内容不同")
            continue
        seen[v.version_id] = v
        by_record.setdefault(v.record_uuid, []).append(v)
    plan.incoming_ids = list(seen)
    if seen:
        plan.max_hlc = max(v.hlc for v in seen.values())

    known_rows = source.versions_for(list(by_record))
    known: dict[str, list[VersionRow]] = {}
    for v in known_rows:
        known.setdefault(v.record_uuid, []).append(v)
    current = source.current_for({r: vs[0].register for r, vs in by_record.items()})

    finals: dict[str, tuple[Register, VersionRow, VersionRow | None]] = {}
    for record_uuid, versions in by_record.items():
        old = known.get(record_uuid, [])
        if not old and len(versions) == 1 and versions[0].parent_id is None:
            # The common case, a record this database has never seen, in one version.
            v = versions[0]
            plan.new_versions.append(v.db_row())
            if v.deleted:
                plan.counts.deleted += 1
            else:
                plan.counts.new += 1
            plan.heads[record_uuid] = v.version_id
            finals[record_uuid] = (cat.registers[v.register], v, v)
            continue
        _check_identity(record_uuid, old, versions)
        nodes = {v.version_id: v for v in old}
        fresh = []
        for v in versions:
            twin = nodes.get(v.version_id)
            if twin is None:
                fresh.append(v)
            elif not twin.same_version(v):
                raise PayloadError(f"版本 {v.version_id} 与本机已有的同一版本内容不同")
        info = current.get(record_uuid)
        if not fresh:
            plan.counts.unchanged += 1
            continue
        for v in fresh:
            nodes[v.version_id] = v
        for v in fresh:  # an incremental package holds every version the other side has not confirmed
            for name, parent in (("parent_id", v.parent_id), ("merge_parent_id", v.merge_parent_id)):
                if parent is not None and parent not in nodes:
                    raise PayloadError(
                        f"版本 {v.version_id} 的 {name} 指向不存在的版本 {parent}（数据包中和本机都没有），"
                        "可能已损坏或被伪造；如本机数据库是从旧备份恢复的，请对方导出完整数据包（--full）后再导入")
        if has_cycle(nodes):
            raise PayloadError(f"记录 {record_uuid} 的版本历史有环")
        plan.new_versions.extend(v.db_row() for v in fresh)
        reg = cat.registers[versions[0].register]
        field_names = [f.name for f in reg.input_fields]
        for v in fresh:
            note = _arrived_conflict(v, nodes, field_names, info.version_id if info else None)
            if note is not None:
                plan.conflicts.append(note)
        tips = heads(nodes)
        if len(tips) == 1:
            head = nodes[tips[0]]
        else:
            head, merges = merge_heads(tips, nodes, field_names)
            for merge in merges:
                if any(o.version_id == merge.version.version_id for o in old):
                    continue
                plan.merge_versions.append(merge.version.db_row())
                if merge.has_conflict:
                    plan.conflicts.append(_note(merge, info.version_id if info else None, nodes))
        if info is not None and head.version_id == info.version_id:
            plan.counts.unchanged += 1
            continue
        if info is None:
            if head.deleted:
                plan.counts.deleted += 1
            else:
                plan.counts.new += 1
        elif head.deleted and not info.deleted:
            plan.counts.deleted += 1
        else:
            plan.counts.updated += 1
        plan.heads[record_uuid] = head.version_id
        finals[record_uuid] = (reg, head, root_of(nodes))
    plan.counts.conflicts = len(plan.conflicts)
    if finals:
        _rows(plan, finals, current, source, village, cat, settings, today, with_index)
    return plan


def _arrived_conflict(v: VersionRow, nodes: Mapping[str, VersionRow], field_names: Sequence[str],
                      current_id: str | None) -> ConflictNote | None:
    """A merge with conflicts made elsewhere: worked out again, so this side can review it too."""
    if v.device != MERGE_DEVICE or not v.parent_id or not v.merge_parent_id:
        return None
    if v.parent_id not in nodes or v.merge_parent_id not in nodes:
        return None
    base_id = common_ancestor(v.parent_id, v.merge_parent_id, nodes)
    merge = merge_pair(nodes[v.parent_id], nodes[v.merge_parent_id], nodes[base_id] if base_id else None,
                       field_names)
    if merge.version.version_id != v.version_id or not merge.has_conflict:
        return None
    return _note(merge, current_id, nodes)


def _note(merge: Any, current_id: str | None, nodes: Mapping[str, VersionRow]) -> ConflictNote:
    winner, other = merge.winner, merge.other
    if current_id is not None and current_id not in ancestors(winner.version_id, nodes) \
            and current_id in ancestors(other.version_id, nodes):
        ours, theirs, who = other, winner, "theirs"
    else:
        ours, theirs, who = winner, other, "ours"
    fields = []
    for c in merge.conflicts:
        ours_value, theirs_value = (c.winner, c.other) if who == "ours" else (c.other, c.winner)
        fields.append({"field": c.field, "base": c.base, "ours": ours_value, "theirs": theirs_value,
                       "merged": c.winner})
    kind = "delete+fields" if merge.delete_conflict and fields else ("delete" if merge.delete_conflict
                                                                     else "fields")
    if merge.delete_conflict:
        fields.append({"field": None, "base": merge.base.deleted if merge.base else None,
                       "ours": ours.deleted, "theirs": theirs.deleted, "merged": merge.version.deleted})
    v = merge.version
    return ConflictNote(v.record_uuid, v.register, v.village, v.version_id,
                        merge.base.version_id if merge.base else None, ours.version_id, theirs.version_id,
                        who, kind, fields)


def _rows(plan: Plan, finals: dict[str, tuple[Register, VersionRow, VersionRow | None]],
          current: Mapping[str, CurrentInfo], source: Source, village: str, cat: Catalog,
          settings: Mapping[str, Any], today: dt.date, with_index: bool) -> None:
    from sync.store import search

    inputs = source.context_inputs(village)
    profile = inputs.profile
    for record_uuid, (reg, head, _root) in finals.items():
        if reg.key == "village_profile":
            profile = None if head.deleted else {**head.values, "uuid": record_uuid}
    # 两委 members' own computed fields need no context beyond the settings.
    plain = Context(settings=settings, today=today, profile=profile or {})
    committee = [r for r in inputs.committee if r["uuid"] not in finals]
    for record_uuid, (reg, head, _root) in finals.items():
        if reg.key == "committee_members" and not head.deleted:
            full = {**head.values, "uuid": record_uuid, "_village": village}
            full.update(computed_values(reg, full, plain))
            committee.append(full)
    hours: dict[str, float] = {}
    old_refs: dict[str, str | None] = {}
    for svc_uuid, volunteer, amount in inputs.services:
        old_refs[svc_uuid] = volunteer
        if svc_uuid not in finals and volunteer:
            hours[volunteer] = hours.get(volunteer, 0.0) + (amount or 0.0)
    for record_uuid, (reg, head, _root) in finals.items():
        if reg.key == "volunteer_services":
            volunteer = head.values.get("志愿者")
            if volunteer and not head.deleted:
                hours[volunteer] = hours.get(volunteer, 0.0) + float(head.values.get("服务时长") or 0.0)
            for ref in (volunteer, old_refs.get(record_uuid)):
                if ref:
                    plan.volunteers_to_refresh.add(ref)
    discipline = discipline_ids(committee)
    plan.refresh_supervisors = discipline != discipline_ids(inputs.committee)
    ctx = Context(settings=settings, today=today, service_hours=hours, discipline_ids=discipline,
                  profile=profile or {}, committee=committee)
    plan.ctx = ctx
    for record_uuid, (reg, head, root) in finals.items():
        info = current.get(record_uuid)
        if info is not None:
            created_at, created_by = info.created_at, info.created_by
        elif root is not None:
            created_at, created_by = root.wall_time, root.user
        else:
            created_at, created_by = head.wall_time, head.user
        row, full = current_row(reg, record_uuid, village, head, ctx, created_at, created_by)
        plan.current.setdefault(reg.key, []).append(row)
        plan.touched.setdefault(reg.key, set()).add(record_uuid)
        if with_index:
            plan.index_rows.append((record_uuid, reg.key, search.search_text(reg, full),
                                    search.sort_key(reg, full)))
    plan.volunteers_to_refresh -= plan.touched.get("volunteers", set())
