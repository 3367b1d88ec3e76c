"""sync.store.register_list: what a register page lists, in what order, filtered how; no Qt."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pypinyin import lazy_pinyin
from sync_support import copy_db

from sync.demo.township import A, B, C
from sync.store import search
from sync.store.register_list import (
    NARROW_LIMIT,
    ListQuery,
    RegisterList,
    list_rows,
    matching_ids,
    ordered_ids,
)
from sync.store.store import Store


@pytest.fixture
def village(demo_store: Store) -> Store:
    search.rebuild(demo_store)  # the filter's search keys
    return demo_store


@pytest.fixture
def township(township_store: Store) -> Store:
    search.rebuild(township_store)
    return township_store


def names(store: Store, ids: list[str]) -> list[str]:
    return [store.get(u).values["姓名"] for u in ids]


def test_without_a_sort_records_are_listed_in_entry_order_deletions_left_out(village: Store) -> None:
    ids = ordered_ids(village, ListQuery("volunteers"))
    assert len(ids) == village.count("volunteers") == 120
    entered = [village.get(u).created_at for u in ids]
    assert entered == sorted(entered)
    first = ids[0]
    village.delete(first, "重复登记")
    assert first not in ordered_ids(village, ListQuery("volunteers"))
    with_deleted = ordered_ids(village, ListQuery("volunteers", show_deleted=True))
    assert first in with_deleted and len(with_deleted) == 120


def test_names_sort_by_pinyin_both_ways(village: Store) -> None:
    query = ListQuery("volunteers", sort_field="姓名")
    keys = [" ".join(lazy_pinyin(n)) for n in names(village, ordered_ids(village, query))]
    assert keys == sorted(keys)
    down = [" ".join(lazy_pinyin(n)) for n in names(village, ordered_ids(village, replace(query, descending=True)))]
    assert down == sorted(keys, reverse=True)


def test_a_reference_column_sorts_by_the_name_it_shows(village: Store) -> None:
    ids = ordered_ids(village, ListQuery("volunteer_services", sort_field="志愿者"))
    volunteers = [village.get(u).values["志愿者"] for u in ids]
    keys = [" ".join(lazy_pinyin(village.get(v).values["姓名"])) for v in volunteers]
    assert keys == sorted(keys)


def test_a_child_page_lists_one_parents_records_or_none_before_one_is_chosen(village: Store) -> None:
    service = village.records("volunteer_services")[0]
    parent = service["志愿者"]
    assert ordered_ids(village, ListQuery("volunteer_services", only_parent=True)) == []
    own = ordered_ids(village, ListQuery("volunteer_services", parent=parent, only_parent=True))
    assert service["uuid"] in own
    assert all(village.get(u).values["志愿者"] == parent for u in own)
    everyone = ordered_ids(village, ListQuery("volunteer_services"))
    assert len(everyone) == village.count("volunteer_services") > len(own)


def test_a_word_on_a_child_page_of_all_parents_also_finds_the_parents_records(village: Store) -> None:
    service = village.records("volunteer_services")[0]
    name = village.get(service["志愿者"]).values["姓名"]
    found, _ = matching_ids(village, ListQuery("volunteer_services"), [name])
    assert service["uuid"] in found
    # beneath one volunteer the word must be in the service record itself
    found_below, _ = matching_ids(village, ListQuery("volunteer_services", parent=service["志愿者"],
                                                     only_parent=True), [name])
    assert service["uuid"] not in found_below


def test_the_township_lists_by_village_and_one_village_alone(township: Store) -> None:
    by_village = ordered_ids(township, ListQuery("committee_members", by_village=True))
    villages = [township.get(u).village for u in by_village]
    assert villages == sorted(villages) and set(villages) == {A, B, C}
    down = ordered_ids(township, ListQuery("committee_members", by_village=True, descending=True))
    assert [township.get(u).village for u in down] == sorted(villages, reverse=True)
    only_b = ordered_ids(township, ListQuery("committee_members", village=B))
    assert only_b and {township.get(u).village for u in only_b} == {B}
    assert len(only_b) == township.count("committee_members", B)


def test_typing_letter_by_letter_narrows_to_what_typing_at_once_finds(village: Store) -> None:
    typed = RegisterList(ListQuery("volunteers"))
    for word in ("wang", "lin", "3503", "男 二组"):
        typed.terms = []
        for end in range(1, len(word) + 1):
            typed.terms = search.terms(word[:end])
            shown = typed.shown_ids(village)
        at_once = RegisterList(ListQuery("volunteers"), search.terms(word))
        assert shown == at_once.shown_ids(village), word
        assert typed.last_search is not None and typed.last_search.terms == search.terms(word)
        assert len(typed.last_search.rows) <= NARROW_LIMIT


def test_the_filtered_list_keeps_the_lists_order(village: Store) -> None:
    listing = RegisterList(ListQuery("volunteers", sort_field="姓名", descending=True), ["w"])
    shown = listing.shown_ids(village)
    base = ordered_ids(village, listing.query)
    assert shown and shown == [u for u in base if u in set(shown)]
    assert len(shown) < len(base)


def test_forget_makes_a_write_visible_and_a_copy_runs_on_its_own(village: Store) -> None:
    listing = RegisterList(ListQuery("volunteers"), ["zzq"])
    assert listing.shown_ids(village) == []
    uuid = village.records("volunteers")[0]["uuid"]
    village.edit(uuid, {"居住村民小组": "zzq组"})
    elsewhere = listing.copy()
    elsewhere.forget()
    assert elsewhere.shown_ids(village) == [uuid]
    assert listing.last_search is not None and listing.last_search.rows == {}  # the original is as it was
    listing.forget()
    assert listing.shown_ids(village) == [uuid]


def test_without_a_search_index_names_and_id_numbers_still_filter(demo_db: Path) -> None:
    with Store.open(demo_db) as store:
        assert not search.table_exists(store.conn)
        person = store.records("volunteers")[3]
        listing = RegisterList(ListQuery("volunteers"), search.terms(person["姓名"]))
        assert person["uuid"] in listing.shown_ids(store)
        assert listing.last_search is None
        listing.terms = search.terms(person["证件号码"][-6:])
        assert listing.shown_ids(store) == [person["uuid"]]


def test_rows_come_with_their_state_and_the_names_their_references_show(village: Store) -> None:
    services = village.catalog.registers["volunteer_services"]
    fields = [services.field("志愿者"), services.field("服务时长")]
    service = village.records("volunteer_services")[0]
    village.delete(service["uuid"], "录错")
    block = list_rows(village, "volunteer_services", fields, [service["uuid"], "no-such-record"])
    assert set(block.rows) == {service["uuid"]}
    row = block.rows[service["uuid"]]
    assert row.deleted and row.values == (service["志愿者"], service["服务时长"])
    assert block.titles == {service["志愿者"]: village.get(service["志愿者"]).values["姓名"]}


def test_a_register_copied_to_another_file_lists_the_same(village: Store, tmp_path: Path) -> None:
    # the worker opens its own connection to the same file: plain data crosses, nothing else
    listing = RegisterList(ListQuery("volunteers", sort_field="姓名"), ["l"])
    here = listing.copy().shown_ids(village)
    copy_db(village.path, tmp_path / "copy.db")
    with Store.open(tmp_path / "copy.db") as other:
        assert listing.shown_ids(other) == here
