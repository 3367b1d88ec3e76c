"""The version history of one record as a DAG, and the three-way merge of its heads.

Every version names its parent (and a merge version its second parent), so the versions
of a record form a directed acyclic graph. The *heads* are the versions nobody builds on.
One head is simply the current state. Several heads (two installations edited the same
record while apart) are merged field by field against their best common ancestor:

* a field changed on one side only takes that side's value;
* a field changed on both sides to different values is a conflict: both values are
  kept, the side with the larger ``(hlc, device, version_id)`` wins provisionally,
  and a person decides later;
* a deletion on one side and an edit on the other is a conflict too, and the record
  stays (provisionally) undeleted, so nothing is lost.

A merge is itself a version whose ID, content and clock are computed only from its two
parents and their ancestor. The township and a village that merge the same heads make
the identical version, so sending it back and forth changes nothing. Nothing here
touches a database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sync.store.store import dumps as canonical  # the stored JSON text of a version's values
from sync.store.versions import VersionRow

MERGE_DEVICE = "merge"
MERGE_USER = "（自动合并）"
MERGE_REASON = "自动合并"
MERGE_REASON_CONFLICT = "自动合并（有冲突待审核）"
# A version whose reason starts with this settles the conflicts of the merges before it.
RESOLUTION_PREFIX = "解决冲突"


# ---------------------------------------------------------------- the graph

def heads(nodes: Mapping[str, VersionRow]) -> list[str]:
    """Versions no other known version builds on, in ``key`` order."""
    built_on = {p for node in nodes.values() for p in node.parents}
    return sorted((v for v in nodes if v not in built_on), key=lambda v: nodes[v].key)


def ancestors(start: str, nodes: Mapping[str, VersionRow]) -> set[str]:
    """``start`` and every known version it descends from (unknown parents end the walk)."""
    seen = {start}
    stack = [start]
    while stack:
        node = nodes.get(stack.pop())
        if node is None:
            continue
        for parent in node.parents:
            if parent not in seen and parent in nodes:
                seen.add(parent)
                stack.append(parent)
    return seen


def has_cycle(nodes: Mapping[str, VersionRow]) -> bool:
    """True if following parents can come back to where it started (a corrupt history)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    for root in nodes:
        if root in state:
            continue
        stack: list[tuple[str, Iterable[str]]] = [(root, iter(nodes[root].parents))]
        state[root] = 1
        while stack:
            current, parents = stack[-1]
            for parent in parents:
                if parent not in nodes:
                    continue
                if state.get(parent) == 1:
                    return True
                if parent not in state:
                    state[parent] = 1
                    stack.append((parent, iter(nodes[parent].parents)))
                    break
            else:
                state[current] = 2
                stack.pop()
    return False


def common_ancestor(a: str, b: str, nodes: Mapping[str, VersionRow]) -> str | None:
    """The best common ancestor: one no other common ancestor descends from (largest key if
    several, as after criss-cross merges). None when the histories share nothing known."""
    common = ancestors(a, nodes) & ancestors(b, nodes)
    if not common:
        return None
    dominated: set[str] = set()
    for version in common:
        dominated |= ancestors(version, nodes) - {version}
    best = common - dominated
    return max(best, key=lambda v: nodes[v].key)


def root_of(nodes: Mapping[str, VersionRow]) -> VersionRow | None:
    """The first version of the record (for 创建时间), if it is known."""
    roots = [n for n in nodes.values() if not any(p in nodes for p in n.parents)]
    return min(roots, key=lambda n: n.key) if roots else None


# ---------------------------------------------------------------- merging

@dataclass(frozen=True)
class FieldConflict:
    """One field both sides changed differently. ``winner``/``other`` are the two heads' values."""

    field: str
    base: Any
    winner: Any
    other: Any


@dataclass(frozen=True)
class Merge:
    version: VersionRow
    winner: VersionRow
    other: VersionRow
    base: VersionRow | None
    conflicts: tuple[FieldConflict, ...]
    delete_conflict: bool

    @property
    def has_conflict(self) -> bool:
        return bool(self.conflicts) or self.delete_conflict


_MISSING = object()


def merge_id(parent_id: str, merge_parent_id: str, deleted: bool, data: str) -> str:
    text = f"cunwu-merge/1\n{parent_id}\n{merge_parent_id}\n{int(deleted)}\n{data}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def merge_pair(a: VersionRow, b: VersionRow, base: VersionRow | None,
               field_names: Sequence[str]) -> Merge:
    """Three-way merge of two heads. The result does not depend on the order of a and b."""
    winner, other = (a, b) if a.key > b.key else (b, a)
    base_values: Mapping[str, Any] = base.values if base is not None else {}
    values: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for name in field_names:
        w, o = winner.values.get(name), other.values.get(name)
        if w == o:
            values[name] = w
            continue
        b_value = base_values.get(name, _MISSING if base is None else None)
        if b_value is not _MISSING and w == b_value:
            values[name] = o
        elif b_value is not _MISSING and o == b_value:
            values[name] = w
        else:
            values[name] = w
            conflicts.append(FieldConflict(name, None if b_value is _MISSING else b_value, w, o))
    deleted, delete_conflict = _merge_deleted(winner, other, base, field_names)
    data = canonical(values)
    version = VersionRow(
        version_id=merge_id(winner.version_id, other.version_id, deleted, data),
        record_uuid=winner.record_uuid, register=winner.register, village=winner.village,
        parent_id=winner.version_id, merge_parent_id=other.version_id,
        hlc=max(winner.hlc, other.hlc), device=MERGE_DEVICE, user=MERGE_USER, deleted=deleted,
        reason=MERGE_REASON_CONFLICT if conflicts or delete_conflict else MERGE_REASON,
        data=data, wall_time=max(winner.wall_time, other.wall_time),
        _values=values,
    )
    return Merge(version, winner, other, base, tuple(conflicts), delete_conflict)


def _edited(side: VersionRow, base: VersionRow | None, field_names: Sequence[str]) -> bool:
    if base is None:
        return True
    return any(side.values.get(n) != base.values.get(n) for n in field_names)


def _merge_deleted(winner: VersionRow, other: VersionRow, base: VersionRow | None,
                   field_names: Sequence[str]) -> tuple[bool, bool]:
    """(deleted, conflict). A deletion against an edit keeps the record: nothing is lost."""
    if winner.deleted == other.deleted:
        return winner.deleted, False
    keeping = other if winner.deleted else winner
    if base is not None and base.deleted:
        return False, False  # deleted in the ancestor, restored on one side: the restore stands
    if _edited(keeping, base, field_names):
        return False, True
    return True, False


def merge_heads(head_ids: Sequence[str], nodes: dict[str, VersionRow],
                field_names: Sequence[str]) -> tuple[VersionRow, list[Merge]]:
    """Fold several heads into one, oldest first; new merge versions are added to ``nodes``."""
    ordered = sorted(head_ids, key=lambda v: nodes[v].key)
    current = nodes[ordered[0]]
    merges: list[Merge] = []
    for head in ordered[1:]:
        base_id = common_ancestor(current.version_id, head, nodes)
        merge = merge_pair(current, nodes[head], nodes[base_id] if base_id else None, field_names)
        existing = nodes.get(merge.version.version_id)
        nodes.setdefault(merge.version.version_id, merge.version)
        merges.append(merge)
        current = existing or merge.version
    return current, merges
