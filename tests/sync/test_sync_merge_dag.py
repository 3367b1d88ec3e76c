"""The version DAG and the three-way merge, without any database."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from sync.exchange.merge import (
    MERGE_DEVICE,
    ancestors,
    canonical,
    common_ancestor,
    has_cycle,
    heads,
    merge_heads,
    merge_pair,
)
from sync.store.versions import VersionRow

FIELDS = ["姓名", "联系电话", "居住村民小组", "状态"]
_ids = itertools.count(1)


def version(parent: VersionRow | None = None, *, hlc: int = 1, device: str = "a", deleted: bool = False,
            merge_parent: VersionRow | None = None, **changes: object) -> VersionRow:
    values = dict(parent.values) if parent else {f: None for f in FIELDS}
    values.update(changes)
    return VersionRow(f"{next(_ids):032x}", "r" * 32, "volunteers", "350322111202",
                      parent.version_id if parent else None, merge_parent.version_id if merge_parent else None,
                      f"{hlc:016d}.0000", device, "clerk", deleted, None, canonical(values), "2026-11-21T10:00:00")


def nodes_of(*versions: VersionRow) -> dict[str, VersionRow]:
    return {v.version_id: v for v in versions}


def test_heads_ancestors_and_common_ancestor() -> None:
    base = version(姓名="陈晓梅")
    left = version(base, hlc=2, 联系电话="13800000001")
    right = version(base, hlc=3, device="b", 居住村民小组="二组")
    nodes = nodes_of(base, left, right)
    assert heads(nodes) == [left.version_id, right.version_id]
    assert ancestors(left.version_id, nodes) == {left.version_id, base.version_id}
    assert common_ancestor(left.version_id, right.version_id, nodes) == base.version_id
    assert heads(nodes_of(base, left)) == [left.version_id]


def test_fields_changed_on_one_side_merge_without_conflict() -> None:
    base = version(姓名="陈晓梅", 联系电话="13800000000")
    left = version(base, hlc=2, 联系电话="13800000001")
    right = version(base, hlc=3, device="b", 居住村民小组="二组")
    merge = merge_pair(left, right, base, FIELDS)
    assert merge.version.values == {"姓名": "陈晓梅", "联系电话": "13800000001", "居住村民小组": "二组",
                                    "状态": None}
    assert not merge.has_conflict
    assert merge.version.device == MERGE_DEVICE and merge.version.hlc == right.hlc


def test_same_field_changed_differently_is_a_conflict_with_both_values() -> None:
    base = version(联系电话="13800000000")
    left = version(base, hlc=2, 联系电话="13800000001")
    right = version(base, hlc=3, device="b", 联系电话="13800000002")
    merge = merge_pair(left, right, base, FIELDS)
    assert len(merge.conflicts) == 1
    conflict = merge.conflicts[0]
    assert (conflict.field, conflict.base, conflict.winner, conflict.other) == (
        "联系电话", "13800000000", "13800000002", "13800000001")
    # The provisional winner is the larger (hlc, device, version_id): the later edit here.
    assert merge.version.values["联系电话"] == "13800000002"


def test_same_change_on_both_sides_is_no_conflict() -> None:
    base = version(联系电话="13800000000")
    left = version(base, hlc=2, 联系电话="13800000009")
    right = version(base, hlc=3, device="b", 联系电话="13800000009")
    assert not merge_pair(left, right, base, FIELDS).has_conflict


def test_deletion_against_edit_keeps_the_record_and_is_a_conflict() -> None:
    base = version(姓名="陈晓梅")
    deleted = version(base, hlc=5, deleted=True)
    edited = version(base, hlc=2, device="b", 联系电话="13800000001")
    merge = merge_pair(deleted, edited, base, FIELDS)
    assert merge.delete_conflict
    assert merge.version.deleted is False  # nothing is lost, though the deletion is newer
    assert merge.version.values["联系电话"] == "13800000001"


def test_deletion_merges_with_an_unrelated_noop_side() -> None:
    base = version(姓名="陈晓梅")
    deleted = version(base, hlc=5, deleted=True)
    same = version(base, hlc=2, device="b")  # a version that changed nothing
    merge = merge_pair(deleted, same, base, FIELDS)
    assert merge.version.deleted is True and not merge.has_conflict


def test_restore_on_one_side_wins_over_unchanged_deletion() -> None:
    base = version(姓名="陈晓梅", deleted=True)
    restored = version(base, hlc=2)
    still = version(base, hlc=3, device="b", deleted=True, 状态="暂停")
    merge = merge_pair(restored, still, base, FIELDS)
    assert merge.version.deleted is False and not merge.delete_conflict


def test_unrelated_histories_conflict_on_every_difference() -> None:
    one = version(姓名="陈晓梅", 联系电话="1")
    other = version(姓名="陈晓梅", 联系电话="2", hlc=2)
    merge = merge_pair(one, other, None, FIELDS)
    assert [c.field for c in merge.conflicts] == ["联系电话"]


def test_merge_is_deterministic_whatever_the_order() -> None:
    base = version(姓名="陈晓梅")
    left = version(base, hlc=2, 联系电话="1", 状态="在册")
    right = version(base, hlc=2, device="b", 联系电话="2")
    one = merge_pair(left, right, base, FIELDS).version
    two = merge_pair(right, left, base, FIELDS).version
    assert one.same_version(two) and one.version_id == two.version_id


def test_cycles_are_detected() -> None:
    a = version()
    b = version(a)
    a_looped = VersionRow(a.version_id, a.record_uuid, a.register, a.village, b.version_id, None, a.hlc,
                          a.device, a.user, a.deleted, None, a.data, a.wall_time)
    assert has_cycle(nodes_of(a_looped, b))
    assert not has_cycle(nodes_of(a, b))


def test_criss_cross_merges_converge() -> None:
    base = version(姓名="陈晓梅")
    left = version(base, hlc=2, 联系电话="1")
    right = version(base, hlc=3, device="b", 状态="暂停")
    nodes = nodes_of(base, left, right)
    merged, merges = merge_heads(heads(nodes), nodes, FIELDS)
    # Someone edits on top of each side's copy of the merge; merging again is clean.
    later_left = version(merged, hlc=4, 居住村民小组="三组")
    later_right = version(merged, hlc=5, device="b", 姓名="陈小梅")
    nodes.update(nodes_of(later_left, later_right))
    final, _ = merge_heads(heads(nodes), nodes, FIELDS)
    assert final.values == {"姓名": "陈小梅", "联系电话": "1", "居住村民小组": "三组", "状态": "暂停"}
    assert len(merges) == 1


_edits = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(FIELDS), st.sampled_from(["x", "y", "z", None]),
              st.booleans()),
    min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(_edits, st.randoms(use_true_random=False))
def test_merging_heads_in_any_order_gives_the_same_version(edits: list[tuple[int, str, object, bool]],
                                                           rng: random.Random) -> None:
    """Three installations edit from one base; every order of folding the heads agrees."""
    base = version(姓名="陈晓梅")
    tips = {0: base, 1: base, 2: base}
    nodes = nodes_of(base)
    for step, (who, name, value, delete) in enumerate(edits):
        v = version(tips[who], hlc=step + 2, device="abc"[who], deleted=delete and step % 3 == 0,
                    **{name: value})
        tips[who] = v
        nodes[v.version_id] = v
    tip_ids = heads(nodes)
    shuffled = list(tip_ids)
    rng.shuffle(shuffled)
    first, _ = merge_heads(tip_ids, dict(nodes), FIELDS)
    second, _ = merge_heads(shuffled, dict(nodes), FIELDS)
    assert first.version_id == second.version_id and first.same_version(second)
    # No field value is invented: every merged value was written by somebody.
    written = {(n, v.values.get(n)) for v in nodes.values() for n in FIELDS}
    assert all((n, first.values.get(n)) in written for n in FIELDS)


def _settle(nodes: dict[str, VersionRow]) -> VersionRow:
    tips = heads(nodes)
    if len(tips) == 1:
        return nodes[tips[0]]
    merged, _ = merge_heads(tips, nodes, FIELDS)
    return merged


@settings(max_examples=100, deadline=None)
@given(_edits, st.permutations([0, 1, 2]), st.permutations([0, 1, 2]))
def test_two_sites_that_merge_in_different_orders_converge(
        edits: list[tuple[int, str, object, bool]], order_one: list[int], order_two: list[int]) -> None:
    """Each site receives the three installations' work in its own order, merging as it goes;
    after they exchange everything (merge versions included) both hold the same record."""
    base = version(姓名="陈晓梅")
    tips = {0: base, 1: base, 2: base}
    chains: dict[int, list[VersionRow]] = {0: [], 1: [], 2: []}
    for step, (who, name, value, delete) in enumerate(edits):
        v = version(tips[who], hlc=step + 2, device="abc"[who], deleted=delete and step % 3 == 0,
                    **{name: value})
        tips[who] = v
        chains[who].append(v)
    sites = []
    for order in (order_one, order_two):
        nodes = nodes_of(base)
        for who in order:
            nodes.update(nodes_of(*chains[who]))
            _settle(nodes)
        sites.append(nodes)
    one, two = sites
    everything = {**one, **two}
    final_one = _settle(dict(everything))
    final_two = _settle(dict(everything))
    assert final_one.same_version(final_two)
    # A field only one installation changed (and nobody else touched) keeps that change.
    for who, chain in chains.items():
        others = {n for w, c in chains.items() if w != who for v in c for n in FIELDS
                  if v.values.get(n) != base.values.get(n)}
        if chain and not chain[-1].deleted:
            for name in FIELDS:
                if name not in others and chain[-1].values.get(name) != base.values.get(name):
                    assert final_one.values[name] == chain[-1].values[name]


def test_merge_id_follows_the_documented_formula() -> None:
    import hashlib

    base = version(姓名="陈晓梅")
    left = version(base, hlc=2, 联系电话="1")
    right = version(base, hlc=3, device="b", 状态="暂停")
    merged = merge_pair(left, right, base, FIELDS).version
    text = f"cunwu-merge/1\n{right.version_id}\n{left.version_id}\n0\n{merged.data}"
    assert merged.version_id == hashlib.sha256(text.encode()).hexdigest()[:32]
    assert (merged.parent_id, merged.merge_parent_id) == (right.version_id, left.version_id)
