"""What importing a package's versions would change, worked out before anything is written.

``make_plan`` takes the incoming versions of one village and what the database already
holds (through a ``Source``), and returns every row to write as a batch for the one writer
(``sync.store.batch``): new versions, merge versions, current-state rows with computed
fields and error counts (each record checked by its rules and against its neighbours, as a
save checks it), search keys; and the conflicts and counts. It reads but never writes, so
the importer can plan, then apply the plan in one transaction. With ``EMPTY`` as the
source (a village the township has never seen) the plan needs no database at all, which
lets a worker process prepare it while the main process writes the previous package.
What depends on other records (totals, ``depends_on`` fields) is worked out from the
definitions' dependencies; the writer refreshes the dependents the package did not bring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from forms.compute import Context
from forms.model import Catalog, Register
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
from sync.store.batch import Batch, Builder, collector_paused
from sync.store.current import complete
from sync.store.db_checks import Known
from sync.store.totals import tally
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
    """What the database holds for a village's context (``forms.compute.Context``)."""

    profile: dict[str, Any] | None = None
    # register → the village's records of the registers some field ``depends_on``
    related: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # ``sums`` field → the village's live source records: (record, target, amount)
    sources: dict[str, list[tuple[str, Any, Any]]] = field(default_factory=dict)


class Source(Protocol):
    def versions_for(self, record_uuids: Sequence[str]) -> list[VersionRow]: ...

    def current_for(self, records: Mapping[str, str]) -> dict[str, CurrentInfo]: ...

    def context_inputs(self, village: str) -> ContextInputs: ...

    def neighbours(self, village: str, registers: Sequence[Register], exclude: Collection[str]) -> Known:
        """What checking records of ``registers`` against the village's others needs, but for
        the records in ``exclude`` (the plan's own, which it adds as it checks them)."""
        ...


class _Empty:
    """A database that holds nothing (a village seen for the first time)."""

    def versions_for(self, record_uuids: Sequence[str]) -> list[VersionRow]:
        return []

    def current_for(self, records: Mapping[str, str]) -> dict[str, CurrentInfo]:
        return {}

    def context_inputs(self, village: str) -> ContextInputs:
        return ContextInputs()

    def neighbours(self, village: str, registers: Sequence[Register], exclude: Collection[str]) -> Known:
        return Known()


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
    # What the writer writes: new versions (their origin is filled in when applied), merge
    # versions, current rows, search keys, and what they make stale.
    batch: Batch = field(default_factory=Batch)
    conflicts: list[ConflictNote] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    max_hlc: str | None = None
    heads: dict[str, str] = field(default_factory=dict)  # record → its version after the import
    incoming_ids: list[str] = field(default_factory=list)


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
    with collector_paused():
        return _make_plan(incoming, source, village=village, cat=cat, settings=settings, today=today,
                          with_index=with_index)


def _make_plan(incoming: Sequence[VersionRow], source: Source, *, village: str, cat: Catalog,
               settings: Mapping[str, Any], today: dt.date, with_index: bool) -> Plan:
    plan = Plan(village)
    builder = Builder(cat, with_index=with_index)
    plan.batch = builder.batch
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
            builder.version(v.db_row())
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
        for v in fresh:
            builder.version(v.db_row())
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
                builder.merge(merge.version.db_row())
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
        _rows(builder, finals, current, source, village, cat, settings, today)
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


def _context(finals: Mapping[str, tuple[Register, VersionRow, VersionRow | None]], inputs: ContextInputs,
             village: str, cat: Catalog, settings: Mapping[str, Any], today: dt.date) -> Context:
    """The village's context once the plan is written: the database's records less those the plan
    replaces, plus the plan's (a profile, records others read, records adding to totals)."""
    profile = inputs.profile
    for record_uuid, (reg, head, _root) in finals.items():
        if reg.singleton:  # the village's profile
            profile = None if head.deleted else {**head.values, "uuid": record_uuid}
    # Records other records read need no context beyond the settings and the profile.
    plain = Context(settings=settings, today=today, profile=profile or {})
    related = {key: [r for r in inputs.related.get(key, []) if r["uuid"] not in finals]
               for key in cat.read_across}
    for record_uuid, (reg, head, _root) in finals.items():
        if reg.key in related and not head.deleted:
            related[reg.key].append({**complete(reg, record_uuid, head.values, plain), "_village": village})
    totals = {}
    for dep in cat.dependencies:
        if dep.sums is None:
            continue
        pairs = [(target, amount) for record_uuid, target, amount in inputs.sources.get(dep.field, [])
                 if record_uuid not in finals]
        pairs += [(head.values.get(dep.sums.by), head.values.get(dep.sums.field))
                  for reg, head, _root in finals.values() if reg.key == dep.source and not head.deleted]
        totals[dep.field] = tally(pairs)
    return Context(settings=settings, today=today, totals=totals, profile=profile or {}, related=related)


def _rows(builder: Builder, finals: dict[str, tuple[Register, VersionRow, VersionRow | None]],
          current: Mapping[str, CurrentInfo], source: Source, village: str, cat: Catalog,
          settings: Mapping[str, Any], today: dt.date) -> None:
    ctx = _context(finals, source.context_inputs(village), village, cat, settings, today)
    registers = list({reg.key: reg for reg, _head, _root in finals.values()}.values())
    neighbours = source.neighbours(village, registers, finals.keys())
    for record_uuid, (reg, head, _root) in finals.items():
        if not head.deleted:  # a record may refer to one later in the package
            neighbours.expect(reg, record_uuid, head.values)
    builder.neighbours = neighbours
    for record_uuid, (reg, head, root) in finals.items():
        info = current.get(record_uuid)
        if info is not None:
            created_at, created_by = info.created_at, info.created_by
        elif root is not None:
            created_at, created_by = root.wall_time, root.user
        else:
            created_at, created_by = head.wall_time, head.user
        builder.current(reg, record_uuid, village, head.values, ctx, version_id=head.version_id, hlc=head.hlc,
                        deleted=head.deleted, created_at=created_at, created_by=created_by,
                        modified_at=head.wall_time, modified_by=head.user)
