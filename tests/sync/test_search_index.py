"""The per-record search key: pinyin, initials, ID fragments, choice values; kept current by the store."""

from __future__ import annotations

import pytest

from sync.progress import Cancelled
from sync.store import search
from sync.store.store import Store


def _matches(store: Store, register: str, text: str) -> list[str]:
    sql = f"SELECT r.\"姓名\" FROM {search.TABLE} s JOIN \"{register}\" r ON r.uuid = s.uuid WHERE 1=1"
    args: list[str] = []
    for term in search.terms(text):
        sql += " AND s.text LIKE ? ESCAPE '\\'"
        args.append(search.like_pattern(term))
    return sorted(r[0] for r in store.conn.execute(sql + " AND r._deleted = 0", args))


@pytest.fixture
def indexed(store: Store) -> Store:
    search.rebuild(store)
    store.add("volunteers", {"姓名": "林秀英", "证件号码": "350322197503010021", "注册日期": "2025-01-01",
                             "居住村民小组": "三组", "服务技能": ["医疗护理", "法律咨询"]})
    store.add("volunteers", {"姓名": "曾国强", "证件号码": "11010519491231002X", "注册日期": "2025-01-01",
                             "性别": "女"})
    return store


def test_name_matches_by_characters_full_pinyin_and_initials(indexed: Store) -> None:
    assert _matches(indexed, "volunteers", "秀英") == ["林秀英"]
    assert _matches(indexed, "volunteers", "linxiuying") == ["林秀英"]
    assert _matches(indexed, "volunteers", "LXY") == ["林秀英"]
    assert _matches(indexed, "volunteers", "xiu") == ["林秀英"]


def test_surname_with_several_readings_matches_each(indexed: Store) -> None:
    # 曾 as a surname is read zeng; pypinyin's everyday reading is ceng.
    assert _matches(indexed, "volunteers", "zgq") == ["曾国强"]
    assert _matches(indexed, "volunteers", "zengguoqiang") == ["曾国强"]
    assert _matches(indexed, "volunteers", "cgq") == ["曾国强"]


def test_id_fragment_choice_value_and_list_text_match(indexed: Store) -> None:
    assert _matches(indexed, "volunteers", "0021") == ["林秀英"]
    assert _matches(indexed, "volunteers", "002x") == ["曾国强"]
    assert _matches(indexed, "volunteers", "法律咨询") == ["林秀英"]
    assert _matches(indexed, "volunteers", "三组") == ["林秀英"]
    assert _matches(indexed, "volunteers", "林 三组") == ["林秀英"]
    assert _matches(indexed, "volunteers", "林 四组") == []


def test_wildcards_typed_by_the_clerk_are_literal(indexed: Store) -> None:
    assert _matches(indexed, "volunteers", "%") == []
    assert _matches(indexed, "volunteers", "_") == []


def test_edit_updates_the_key_in_the_same_write(indexed: Store) -> None:
    uuid = indexed.conn.execute("SELECT uuid FROM volunteers WHERE \"姓名\" = '林秀英'").fetchone()[0]
    indexed.edit(uuid, {"姓名": "林春花"})
    assert _matches(indexed, "volunteers", "lxy") == []
    assert _matches(indexed, "volunteers", "lch") == ["林春花"]
    row = indexed.conn.execute(f"SELECT sort_key FROM {search.TABLE} WHERE uuid = ?", (uuid,)).fetchone()
    assert row[0] == "lin chun hua"


def test_index_is_not_started_by_a_write_before_rebuild(store: Store) -> None:
    store.add("volunteers", {"姓名": "林秀英", "证件号码": "350322197503010021", "注册日期": "2025-01-01"})
    assert not search.table_exists(store.conn)
    assert search.needs_rebuild(store.conn)
    assert search.rebuild(store) == 2  # the village profile and the volunteer
    assert not search.needs_rebuild(store.conn)
    assert _matches(store, "volunteers", "lxy") == ["林秀英"]


def test_cancelled_rebuild_leaves_no_table(store: Store) -> None:
    # More rows than one batch, written straight to the table: only the count matters here.
    rows = [(f"{i:032x}", f"培训{i}") for i in range(2100)]
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO volunteer_awards(uuid, _village, _version, _hlc, _deleted, \"名称\") "
            "VALUES (?, '350322111202', 'v', '0.0', 0, ?)", rows)
    calls: list[tuple[int, int]] = []

    def stop(done: int, total: int, _message: str) -> bool:
        calls.append((done, total))
        return False

    with pytest.raises(Cancelled):
        search.rebuild(store, stop)
    assert calls == [(2001, 2101)]  # the village profile, then one full batch
    assert not search.table_exists(store.conn)
    assert search.needs_rebuild(store.conn)
