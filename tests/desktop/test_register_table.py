"""The register table: IDs in the model, rows on demand, sorting and filtering in SQL."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.ui.registers.table_model import ROW_BLOCK, RegisterTableModel
from sync.store import search
from sync.store.store import Store

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def volunteers(admin_store: Store, qtbot) -> RegisterTableModel:
    search.rebuild(admin_store)
    model = RegisterTableModel(admin_store, admin_store.catalog.registers["volunteers"])
    model.refresh()
    return model


def _column(model: RegisterTableModel, name: str) -> int:
    return next(i for i, f in enumerate(model.fields) if f.name == name)


def _names(model: RegisterTableModel) -> list[str]:
    col = _column(model, "姓名")
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_model_passes_the_qt_model_tester_through_filter_sort_and_reset(qtmodeltester, volunteers) -> None:
    qtmodeltester.check(volunteers)
    volunteers.set_filter("w")
    volunteers.sort(_column(volunteers, "姓名"), Qt.SortOrder.DescendingOrder)
    volunteers.set_show_deleted(True)
    qtmodeltester.check(volunteers)


def test_columns_come_from_the_definition_and_numbers_are_masked(volunteers, admin_store: Store) -> None:
    reg = admin_store.catalog.registers["volunteers"]
    headers = [volunteers.headerData(c, Qt.Orientation.Horizontal) for c in range(volunteers.columnCount())]
    assert headers == [reg.field(n).label for n in reg.list_columns]
    first = admin_store.records("volunteers")[0]
    row = volunteers.row_of(first["uuid"])
    shown_id = volunteers.index(row, _column(volunteers, "证件号码")).data()
    shown_phone = volunteers.index(row, _column(volunteers, "联系电话")).data()
    assert shown_id == first["证件号码"][:4] + "*" * 10 + first["证件号码"][-4:]
    assert shown_phone == first["联系电话"][:3] + "****" + first["联系电话"][-4:]
    volunteers.set_show_full(True)
    assert volunteers.index(row, _column(volunteers, "证件号码")).data() == first["证件号码"]


def test_rows_are_read_in_blocks_only_when_asked(volunteers, admin_store: Store) -> None:
    assert volunteers.rowCount() == admin_store.count("volunteers") == 120
    assert volunteers._blocks == {}
    volunteers.index(119, 0).data()
    assert list(volunteers._blocks) == [119 // ROW_BLOCK]


def test_filter_matches_pinyin_initials_characters_and_id_fragments(volunteers, admin_store: Store) -> None:
    people = admin_store.records("volunteers")
    target = people[5]
    from pypinyin import Style, lazy_pinyin

    initials = "".join(lazy_pinyin(target["姓名"], style=Style.FIRST_LETTER))
    volunteers.set_filter(initials.upper())
    assert target["姓名"] in _names(volunteers)
    assert all(n for n in _names(volunteers))
    volunteers.set_filter(target["姓名"][1:])
    assert target["姓名"] in _names(volunteers)
    volunteers.set_filter(target["证件号码"][-6:])
    assert _names(volunteers) == [target["姓名"]]
    volunteers.set_filter("")
    assert volunteers.rowCount() == 120


def test_sorting_by_name_follows_pinyin(volunteers) -> None:
    from pypinyin import lazy_pinyin

    volunteers.sort(_column(volunteers, "姓名"), Qt.SortOrder.AscendingOrder)
    names = _names(volunteers)
    keys = [" ".join(lazy_pinyin(n)) for n in names]
    assert keys == sorted(keys)
    volunteers.sort(_column(volunteers, "姓名"), Qt.SortOrder.DescendingOrder)
    assert [" ".join(lazy_pinyin(n)) for n in _names(volunteers)] == sorted(keys, reverse=True)


def test_deleted_records_are_hidden_unless_asked_for(volunteers, admin_store: Store) -> None:
    uuid = admin_store.records("volunteers")[0]["uuid"]
    admin_store.delete(uuid, "重复登记")
    volunteers.refresh()
    assert volunteers.row_of(uuid) is None
    volunteers.set_show_deleted(True)
    row = volunteers.row_of(uuid)
    assert row is not None and volunteers.is_deleted(row)
    assert volunteers.index(row, 0).data(Qt.ItemDataRole.FontRole).strikeOut()


def test_child_register_shows_only_the_parent_records_children(admin_store: Store, qtmodeltester) -> None:
    services = RegisterTableModel(admin_store, admin_store.catalog.registers["volunteer_services"])
    services.set_parent_record(None)
    assert services.rowCount() == 0
    volunteer = admin_store.conn.execute(
        'SELECT "志愿者", COUNT(*) FROM volunteer_services WHERE _deleted = 0 GROUP BY 1 ORDER BY 2 DESC').fetchone()
    services.set_parent_record(volunteer[0])
    assert services.rowCount() == volunteer[1]
    name = admin_store.get(volunteer[0]).values["姓名"]
    assert services.index(0, 0).data() == name  # the reference shows the volunteer's name, not a UUID
    qtmodeltester.check(services)


def test_filter_works_before_the_search_index_exists(admin_store: Store) -> None:
    assert not search.table_exists(admin_store.conn)
    model = RegisterTableModel(admin_store, admin_store.catalog.registers["volunteers"])
    person = admin_store.records("volunteers")[3]
    model.set_filter(person["姓名"])
    assert person["姓名"] in _names(model)


def test_typing_letter_by_letter_narrows_to_the_same_rows_as_typing_at_once(volunteers, admin_store) -> None:
    fresh = RegisterTableModel(admin_store, admin_store.catalog.registers["volunteers"])
    for word in ("wang", "lin", "3503", "男 二组"):
        volunteers.set_filter("")
        for end in range(1, len(word) + 1):
            volunteers.set_filter(word[:end])
        fresh.set_filter(word)
        assert volunteers.uuids() == fresh.uuids(), word
        assert volunteers.listing.last_search is not None


def test_a_write_is_found_by_the_next_keystroke(volunteers, admin_store) -> None:
    volunteers.set_filter("zz")
    assert volunteers.rowCount() == 0
    uuid = admin_store.records("volunteers")[0]["uuid"]
    admin_store.edit(uuid, {"居住村民小组": "zzq组"})
    volunteers.refresh()  # the window refreshes after every write
    volunteers.set_filter("zzq")
    assert volunteers.uuids() == [uuid]
