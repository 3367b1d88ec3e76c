"""The main window: navigation with counts and badges, registers, children beneath volunteers, status bar."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from window_steps import listed, show_register

from desktop.ui.registers.register_view import RegisterView
from desktop.ui.village.main_window import register_page
from desktop.ui.widgets.nav_pane import COUNT_ROLE, ERRORS_ROLE, WARNINGS_ROLE

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_navigation_lists_every_register_with_its_count(window) -> None:
    store = window.store
    for reg in store.catalog.ordered(include_profile=True):
        item = window.pages[register_page(reg.key)].item
        assert item.data(COUNT_ROLE) == store.count(reg.key)
    # the demo's 16-year-old volunteer without guardian consent is a warning (R-MINOR)
    volunteers = window.pages[register_page("volunteers")].item
    assert volunteers.data(WARNINGS_ROLE) >= 1
    assert volunteers.data(ERRORS_ROLE) == 0


def test_clicking_a_register_shows_its_table(qtbot, window) -> None:
    item = window.pages[register_page("social_organizations")].item
    rect = window.nav.visualItemRect(item)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    view = window.current_register_view()
    assert isinstance(view, RegisterView) and view.register.key == "social_organizations"
    # Read on the worker: never "共 0 个" meanwhile.
    assert view.count_label.text() in ("正在读取…", "共 6 个")
    listed(qtbot, view)
    assert view.model.rowCount() == 6
    assert view.count_label.text() == "共 6 个"


def test_typing_pinyin_initials_in_the_filter_box_narrows_the_list(qtbot, window) -> None:
    view = show_register(qtbot, window, "committee_members")
    members = window.store.records("committee_members")
    from pypinyin import Style, lazy_pinyin

    target = members[2]["姓名"]
    initials = "".join(lazy_pinyin(target, style=Style.FIRST_LETTER))
    qtbot.keyClicks(view.filter, initials)
    listed(qtbot, view)
    names = [view.model.index(r, 0).data() for r in range(view.model.rowCount())]
    assert target in names and len(names) < len(members)
    assert view.count_label.text().startswith(f"筛选出 {len(names)} / 共 {len(members)}")  # 离任 too


def test_volunteer_service_records_show_beneath_the_selected_volunteer(qtbot, window) -> None:
    view = show_register(qtbot, window, "volunteers")
    services, awards = view.children
    assert services.register.key == "volunteer_services" and awards.register.key == "volunteer_awards"
    uuid, count = window.store.conn.execute(
        'SELECT "志愿者", COUNT(*) FROM volunteer_services WHERE _deleted = 0 GROUP BY 1 ORDER BY 2 DESC'
    ).fetchone()
    assert view.select_uuid(uuid)
    listed(qtbot, view)
    assert services.model.rowCount() == count
    name = window.store.get(uuid).values["姓名"]
    assert services.caption.text() == f"{name}的服务记录：{count} 条"
    assert services.add_button.isEnabled()


def test_status_bar_shows_database_user_and_export_state(window) -> None:
    texts = [w.text() for w in window.statusBar().findChildren(QLabel)]
    assert "数据库：demo.db" in texts
    assert "用户：管理员甲（管理员）" in texts
    pending = window.store.conn.execute("SELECT COUNT(*) FROM versions WHERE origin = 'local'").fetchone()[0]
    assert f"未导出的修改：{pending} 处" in texts
    assert "上次导出：从未导出" in texts


def test_extra_pages_can_be_added_under_their_own_section(qtbot, window) -> None:
    page = window.add_page("township:villages", "各村数据", lambda: QLabel("村列表"), "乡镇")
    shown = window.show_page("township:villages")
    assert isinstance(shown, QLabel) and shown.text() == "村列表"
    assert window.nav.currentItem() is page.item
    assert window.sections["乡镇"].text() == "乡镇"


def test_ctrl_n_opens_a_new_record_form_for_the_register_shown(qtbot, window) -> None:
    from PySide6.QtWidgets import QApplication

    window.show_register("social_organizations")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.forms and window.forms[-1].register.key == "social_organizations"
    assert window.forms[-1].windowTitle() == "新增社区社会组织"
    window.forms[-1].done(0)


def test_the_village_profile_cannot_get_a_second_record(window) -> None:
    window.show_register("village_profile")
    assert not window.new_action.isEnabled()
    assert window.new_record() is None
