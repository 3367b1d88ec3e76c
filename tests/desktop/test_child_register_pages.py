"""服务记录 and 培训表彰 on their own pages: every record, the volunteer's name as a column
(filterable by name, pinyin and ID fragment, sortable), adding asks which volunteer first,
and editing, deleting, history and undo work there as on the other pages."""

from __future__ import annotations

import pytest
from pypinyin import Style, lazy_pinyin
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from window_steps import WAIT, column_texts, listed, opened, show_register

from desktop.ui.registers.history_dialog import HistoryDialog
from desktop.ui.registers.record_form import RecordForm
from desktop.ui.registers.record_picker import ParentChooser
from desktop.ui.village.main_window import register_page
from desktop.ui.widgets.nav_pane import COUNT_ROLE

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _column(view, label: str) -> int:
    return [f.label for f in view.model.fields].index(label)


def _names(qtbot, view) -> list[str]:
    return column_texts(qtbot, view.model, _column(view, "志愿者"))


def _busiest_volunteer(store) -> tuple[str, int]:
    return store.conn.execute(
        'SELECT "志愿者", COUNT(*) FROM volunteer_services WHERE _deleted = 0 GROUP BY 1 ORDER BY 2 DESC'
    ).fetchone()


@pytest.mark.parametrize("key", ["volunteer_services", "volunteer_awards"])
def test_a_child_registers_page_lists_all_its_records_as_the_navigation_counts(qtbot, window, key) -> None:
    view = show_register(qtbot, window, key)
    count = window.store.count(key)
    assert count > 0
    assert window.pages[register_page(key)].item.data(COUNT_ROLE) == count
    assert view.model.rowCount() == count
    assert view.count_label.text() == f"共 {count} 条"
    assert view.empty_hint.isHidden()
    # The volunteer is a column here (beneath a volunteer it is not: every row is theirs).
    names = set(_names(qtbot, view))
    volunteers = {r["姓名"] for r in window.store.records("volunteers")}
    assert names and names <= volunteers


def test_the_service_records_page_filters_by_the_volunteers_name_pinyin_and_id(qtbot, window) -> None:
    store = window.store
    uuid, count = _busiest_volunteer(store)
    person = store.get(uuid).values
    view = show_register(qtbot, window, "volunteer_services")
    theirs = {r[0] for r in store.conn.execute(
        'SELECT uuid FROM volunteer_services WHERE "志愿者" = ? AND _deleted = 0', (uuid,))}
    spelled = "".join(lazy_pinyin(person["姓名"]))
    for typed in (person["姓名"], spelled, person["证件号码"][-8:]):
        view.filter.clear()
        if typed.isascii():
            qtbot.keyClicks(view.filter, typed)
        else:  # Chinese comes from the input method as one committed string
            view.filter.insert(typed)
        listed(qtbot, view)
        assert set(view.model.uuids()) == theirs, typed
        assert view.count_label.text() == f"筛选出 {count} / 共 {store.count('volunteer_services')} 条"
    # A word about the record itself still counts, and both must hold.
    activity = store.get(next(iter(theirs))).values["活动名称"]
    view.filter.setText(f"{spelled} {activity}")
    listed(qtbot, view)
    shown = view.model.uuids()
    assert shown and set(shown) <= theirs
    assert all(store.get(u).values["活动名称"] == activity for u in shown)


def test_the_filter_hint_names_what_this_register_is_filtered_by(window) -> None:
    services = window.show_register("volunteer_services").filter.placeholderText()
    assert "志愿者姓名" in services and "活动名称" in services and "地点" in services
    rules = window.show_register("village_rules").filter.placeholderText()
    # 村规民约 has no person and no ID number: the hint does not promise them.
    assert "姓名" not in rules and "证件号码" not in rules and "lxy" not in rules
    assert "名称" in rules
    volunteers = window.show_register("volunteers").filter.placeholderText()
    assert "姓名" in volunteers and "证件号码片段" in volunteers
    organizations = window.show_register("social_organizations").filter.placeholderText()
    assert organizations.startswith("筛选：名称、") and "统一社会信用代码片段" in organizations
    assert "负责人姓名" in organizations and "lxy" not in organizations


def test_sorting_by_the_volunteer_column_sorts_by_their_names_in_pinyin(qtbot, window) -> None:
    view = show_register(qtbot, window, "volunteer_services")
    header = view.table.horizontalHeader()
    column = _column(view, "志愿者")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=qtbot_point(header, column))
    names = _names(qtbot, view)
    spelled = [" ".join(lazy_pinyin(n)) for n in names]
    assert spelled == sorted(spelled) and len(set(names)) > 1
    header.setSortIndicator(column, Qt.SortOrder.DescendingOrder)
    spelled = [" ".join(lazy_pinyin(n)) for n in _names(qtbot, view)]
    assert spelled == sorted(spelled, reverse=True)


def qtbot_point(header, column: int):
    from PySide6.QtCore import QPoint

    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2,
                  header.height() // 2)


def test_adding_from_the_service_records_page_asks_which_volunteer_first(qtbot, window) -> None:
    store = window.store
    view = show_register(qtbot, window, "volunteer_services")
    before = store.count("volunteer_services")
    target = store.records("volunteers")[5]
    initials = "".join(lazy_pinyin(target["姓名"], style=Style.FIRST_LETTER))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view.table.setFocus()
    assert window.new_action.isEnabled()
    qtbot.keyClick(view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    # The chooser is the real dialog the clerk sees: typed into, arrows, Enter.
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ParentChooser))
    chooser = QApplication.activeModalWidget()
    assert chooser.windowTitle() == "新增服务记录：选择志愿者"
    qtbot.waitUntil(chooser.filter.hasFocus)  # the clerk types straight away
    qtbot.keyClicks(chooser.filter, initials)
    listed(qtbot, chooser)
    assert chooser.chosen() is not None  # the first match is selected as the clerk types
    qtbot.keyClicks(chooser.filter, " " + target["证件号码"][-6:])
    listed(qtbot, chooser)
    assert chooser.chosen() == target["uuid"]
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RecordForm))
    form = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    assert form.register.key == "volunteer_services"
    assert form.panel.editors["志愿者"].value() == target["uuid"]
    qtbot.waitUntil(lambda: form.panel.editors["志愿者"].edit.text() == target["姓名"])  # read on the worker
    assert "志愿者" in form.fixed_fields()
    form.panel.editors["活动名称"].edit.insert("清理河道")  # as the input method commits it
    qtbot.keyClicks(form.panel.editors["服务日期"].edit, "2026-10-01")
    qtbot.keyClicks(form.panel.editors["服务时长"].edit, "2.5")
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible())

    assert store.count("volunteer_services") == before + 1
    qtbot.waitUntil(lambda: view.count_label.text() == f"共 {before + 1} 条", timeout=WAIT)
    qtbot.waitUntil(lambda: view.selected() is not None, timeout=WAIT)
    added = view.selected()
    assert added is not None and added[0].key == "volunteer_services"
    record = store.get(added[1]).values
    assert record["志愿者"] == target["uuid"] and record["活动名称"] == "清理河道"
    # The navigation counts are read again on the worker after the save.
    qtbot.waitUntil(lambda: window.pages[register_page("volunteer_services")].item.data(COUNT_ROLE) == before + 1)


def test_the_chooser_offers_the_volunteer_of_the_selected_record_and_cancel_adds_nothing(
        qtbot, window) -> None:
    store = window.store
    view = show_register(qtbot, window, "volunteer_awards")
    view.table.selectRow(2)
    chosen = view.selected()
    assert chosen is not None
    owner = store.get(chosen[1]).values["志愿者"]
    before = store.count("volunteer_awards")
    chooser = opened(qtbot, window.chooser_opened,
                     lambda: window.choose_parent(store.catalog.registers["volunteer_awards"]))
    qtbot.waitUntil(chooser.filter.hasFocus)
    listed(qtbot, chooser)
    assert chooser.chosen() == owner
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not chooser.isVisible())
    assert not window.forms and store.count("volunteer_awards") == before


def test_the_chooser_does_not_close_on_enter_when_nothing_matches(qtbot, window) -> None:
    show_register(qtbot, window, "volunteer_services")
    chooser = opened(qtbot, window.chooser_opened,
                     lambda: window.choose_parent(window.store.catalog.registers["volunteer_services"]))
    qtbot.waitUntil(chooser.filter.hasFocus)
    chooser.filter.insert("不存在的人名")
    listed(qtbot, chooser)
    assert chooser.model.rowCount() == 0 and not chooser.ok_button.isEnabled()
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Return)
    assert chooser.isVisible() and not window.forms
    chooser.reject()


def test_edit_delete_history_and_undo_work_on_the_service_records_page(qtbot, window, answers) -> None:
    store = window.store
    view = show_register(qtbot, window, "volunteer_services")
    total = store.count("volunteer_services")
    view.table.selectRow(3)
    uuid = view.selected()[1]
    assert window.edit_action.isEnabled() and window.delete_action.isEnabled()

    form = opened(qtbot, window.form_opened, window.edit_selected)
    assert form is not None and form.record_uuid == uuid
    form.panel.editors["地点"].edit.setText("村委会")
    with qtbot.waitSignal(form.saved):
        assert form.save()
    assert store.get(uuid).values["地点"] == "村委会"
    column = _column(view, "地点")
    qtbot.waitUntil(lambda: view.model.index(view.model.row_of(uuid), column).data() == "村委会", timeout=WAIT)

    answers.texts.append("重复录入")
    assert window.delete_selected()
    qtbot.waitUntil(lambda: not window.actions_.pending() and not window.worker.busy(), timeout=WAIT)
    assert store.get(uuid).deleted and view.model.row_of(uuid) is None
    assert view.count_label.text() == f"共 {total - 1} 条"

    window.undo_action.trigger()  # the deletion undone
    qtbot.waitUntil(lambda: not window.actions_.pending() and not window.worker.busy(), timeout=WAIT)
    assert not store.get(uuid).deleted and view.model.row_of(uuid) is not None
    assert view.count_label.text() == f"共 {total} 条"

    assert view.select_uuid(uuid)
    dialog = opened(qtbot, window.history_opened, window.history_selected)
    assert isinstance(dialog, HistoryDialog)
    assert len(dialog.versions.versions) >= 3  # added, edited, deleted, restored by undo
    dialog.close()


def test_a_renamed_volunteer_is_renamed_on_the_service_records_page(qtbot, window) -> None:
    store = window.store
    uuid, _count = _busiest_volunteer(store)
    view = show_register(qtbot, window, "volunteer_services")
    with qtbot.waitSignal(window.actions_.changed):
        window.actions_.edit(uuid, {"姓名": "新名字"})
    qtbot.waitUntil(lambda: "新名字" in _names(qtbot, view), timeout=WAIT)
