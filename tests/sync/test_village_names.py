"""A village's name is looked up one way everywhere (sync.store.village_names): its profile's
村名, then the township's villages table, then a village database's own name."""

from __future__ import annotations

from pathlib import Path

from support import VILLAGE_CODE

from sync.exchange.township import enroll_village, village_overview
from sync.reports.book import build_book
from sync.store.store import Store
from sync.store.village_names import village_label, village_label_of, village_name, village_names

TOWNSHIP = VILLAGE_CODE[:9]
RENAMED = TOWNSHIP + "201"
ENROLLED_ONLY = TOWNSHIP + "202"
UNKNOWN = TOWNSHIP + "299"


def _township(tmp_path: Path) -> Store:
    store = Store.create_township(tmp_path / "t.db", TOWNSHIP, "榜头镇")
    # The township enrolled both under the names it knew; one village renamed itself since.
    enroll_village(store, RENAMED, "旧名村")
    enroll_village(store, ENROLLED_ONLY, "登记村")
    store.add("village_profile", {"村名": "新名村", "统计用区划代码": RENAMED}, village=RENAMED)
    return store


def test_the_profile_wins_then_the_township_table(tmp_path: Path) -> None:
    with _township(tmp_path) as store:
        assert village_name(store.conn, RENAMED) == "新名村"
        assert village_name(store.conn, ENROLLED_ONLY) == "登记村"
        assert village_name(store.conn, UNKNOWN) == ""
        assert village_names(store.conn, [UNKNOWN]) == {RENAMED: "新名村", ENROLLED_ONLY: "登记村", UNKNOWN: ""}
        # Every reader says the same: the township's village list, messages, the book.
        assert {v.code: v.name for v in village_overview(store)} == {RENAMED: "新名村", ENROLLED_ONLY: "登记村"}
        assert village_label_of(store.conn, RENAMED) == f"新名村（{RENAMED}）"
        assert [p.title for p in build_book(store, summary_tables=None).parts] == [f"新名村（{RENAMED}）"]


def test_a_label_without_a_name_is_the_code() -> None:
    assert village_label("东山村", VILLAGE_CODE) == f"东山村（{VILLAGE_CODE}）"
    assert village_label("", VILLAGE_CODE) == village_label(None, VILLAGE_CODE) == VILLAGE_CODE


def test_a_village_database_knows_its_own_name(store: Store) -> None:
    assert village_names(store.conn) == {VILLAGE_CODE: "东山村"}
    profile = store.records("village_profile")[0]["uuid"]
    store.edit(profile, {"村名": "东山社区"})
    assert village_name(store.conn, VILLAGE_CODE) == "东山社区"
    store.delete(profile, "测试：没有村情概况时")
    assert village_name(store.conn, VILLAGE_CODE) == "东山村"  # the name it was created with
