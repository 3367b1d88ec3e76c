"""The village window's pages of registers 9–10 and the profile (issue 14): 村级骨干 one row per
person with the roles shown; the profile page shows the new fields and, beneath, its 荣誉称号;
a title is added from the profile page or from its own page without choosing the village (there
is only one profile), through the real form."""

from __future__ import annotations

import pytest
import window_steps
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.registers.record_form import RecordForm
from desktop.ui.village.main_window import register_page
from desktop.ui.widgets.nav_pane import COUNT_ROLE

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def column(qtbot, view, label: str) -> list[str]:
    index = [f.label for f in view.model.fields].index(label)
    return window_steps.column_texts(qtbot, view.model, index)


def test_key_people_are_one_row_per_person_with_their_roles(qtbot, window) -> None:
    view = window_steps.show_register(qtbot, window, "village_roles")
    store = window.store
    assert view.model.rowCount() == store.count("village_roles") == 56
    roles = column(qtbot, view, "角色")
    assert "村民代表、村民小组长" in roles and "村民代表、兼职网格员" in roles
    names = column(qtbot, view, "姓名")
    assert len(names) == len(set(names)) or len(names) == store.count("village_roles")
    assert view.count_label.text() == "共 56 人"
    view.filter.insert("网格长")  # a role is found by the filter like any choice
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)


def test_the_profile_page_shows_the_new_fields_and_its_titles(qtbot, window) -> None:
    view = window_steps.show_register(qtbot, window, "village_profile")
    labels = [f.label for f in view.model.fields]
    for name in ("网格数（个）", "有综合服务站", "服务站建筑面积（平方米）", "最近换届日期", "一次性选举成功"):
        assert name in labels
    assert column(qtbot, view, "服务站建筑面积（平方米）") == ["420"]
    [titles] = view.children
    assert titles.register.key == "village_honors"
    assert titles.model.rowCount() == 3 and "东山村的荣誉称号：3 项" in titles.caption.text()


def _fill_title(qtbot, name: str) -> RecordForm:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RecordForm))
    form = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    assert form.register.key == "village_honors"
    assert "村" in form.fixed_fields()
    # The reference's title is read on the worker: "…" until it comes (a loaded machine is slow).
    qtbot.waitUntil(lambda: form.panel.editors["村"].edit.text() == "东山村")
    form.panel.editors["名称"].edit.insert(name)
    form.panel.editors["类别"].set_value("文明村")
    form.panel.editors["级别"].set_value("省级")
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible())
    return form


def test_a_title_is_added_beneath_the_profile(qtbot, window) -> None:
    store = window.store
    view = window_steps.show_register(qtbot, window, "village_profile")
    [titles] = view.children
    qtbot.mouseClick(titles.add_button, Qt.MouseButton.LeftButton)
    _fill_title(qtbot, "福建省文明村")
    assert store.count("village_honors") == 4
    qtbot.waitUntil(lambda: titles.model.rowCount() == 4)
    assert "福建省文明村" in column(qtbot, titles, "名称")


def test_new_on_the_titles_page_needs_no_village_chosen(qtbot, window) -> None:
    store = window.store
    view = window_steps.show_register(qtbot, window, "village_honors")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    _fill_title(qtbot, "县级文明村")
    profile = store.records("village_profile")[0]["uuid"]
    assert {r["村"] for r in store.records("village_honors")} == {profile}
    qtbot.waitUntil(lambda: window.pages[register_page("village_honors")].item.data(COUNT_ROLE) == 4)
