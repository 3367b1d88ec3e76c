"""Roles as a person meets them in the windows (issue 13, "Roles everywhere").

At the township, a 查看 user logs in on the real login screen and finds 导入U盘数据, 导出返回数据包
and 生成注册文件 grey, saying why, in the toolbar, the 文件 menu and 各村概况; the shortcut and
the grey buttons open nothing. A 填报员 finds them usable. In a village, changing the township
the village is enrolled with asks a real question naming both townships; a 填报员 is told only an
administrator may. Nothing is patched (journeys/screen.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from journeys.screen import (
    OFFSCREEN_NOTES,
    Person,
    active_modal,
    click,
    click_button,
    click_row,
    go_to_page,
    menu_action,
    press,
    settle,
    shown_text,
    type_into,
    wait_closed,
)
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu, QMessageBox, QToolBar, QWidget
from roles_support import NAMES, PASSWORD, Places
from support import TODAY, VILLAGE_CODE
from sync_support import data_digest

from desktop.ui.exchange.enrollment_dialog import EnrollmentDialog
from desktop.ui.start.login import LoginDialog
from desktop.ui.township.township_window import TownshipWindow
from desktop.ui.village.main_window import MainWindow
from sync.exchange.identity import enrolled_township
from sync.store.store import Store
from sync.store.users import ADMIN, CLERK, VIEWER

pytestmark = [pytest.mark.journey, pytest.mark.gui, OFFSCREEN_NOTES]
WAIT = 20_000
SYNC_ACTIONS = {"导入U盘数据…": "导入村数据包", "导出返回数据包…": "导出返回数据包", "生成注册文件…": "生成注册文件"}



def log_in(qtbot: Any, path: Path, role: str) -> Store:
    """The login screen, as the program shows it at start (desktop/app.py): name, password, Enter."""
    store = Store.open(path)
    store.today = TODAY
    dialog = LoginDialog(store)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    type_into(dialog.name.lineEdit(), NAMES[role])
    type_into(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        press(dialog.password, Qt.Key.Key_Return)
    assert dialog.user is not None and dialog.user.role == role
    store.user = dialog.user
    return store


def toolbar_button(window: QWidget, text: str) -> QWidget:
    for bar in window.findChildren(QToolBar):
        for action in bar.actions():
            if shown_text(action.text()) == text:
                widget = bar.widgetForAction(action)
                assert widget is not None
                return widget
    raise AssertionError(f"工具栏上没有“{text}”")


def click_grey(widget: QWidget) -> None:
    """A click on a grey button, where it is on the screen (``click`` waits for it to turn usable)."""
    settle()
    window = widget.window().windowHandle()
    assert window is not None
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     widget.mapTo(widget.window(), widget.rect().center()))


@pytest.fixture
def township_window(qtbot: Any, places: Places, request: pytest.FixtureRequest) -> Iterator[TownshipWindow]:
    store = log_in(qtbot, places.world.township, request.param)
    window = TownshipWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not window.worker.busy(), timeout=WAIT)
    yield window
    window.close()
    store.close()


@pytest.mark.parametrize("township_window", [VIEWER], indirect=True)
def test_a_viewer_at_the_township_finds_the_sync_actions_grey(qtbot: Any, person: Person, places: Places,
                                                              township_window: TownshipWindow) -> None:
    window = township_window
    before = data_digest(places.world.township)
    for text, what in SYNC_ACTIONS.items():
        button = toolbar_button(window, text)
        assert button.isVisible() and not button.isEnabled(), f"工具栏按钮“{text}”应是灰的"
        reason = f"用户“viewer”（查看）不能{what}"
        assert reason in button.toolTip(), button.toolTip()
        entry = menu_action(window, "文件", text)
        assert not entry.isEnabled() and reason in entry.toolTip()
        click_grey(button)  # a grey button does nothing
        settle()
        assert active_modal() is None
    press(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # 导入U盘数据's shortcut
    settle()
    assert active_modal() is None
    # 各村概况: the village's own 导出返回数据包 button is grey too, with the same reason
    go_to_page(window, "各村概况")
    view = window.villages_view()
    qtbot.waitUntil(lambda: view.model.rowCount() >= 1, timeout=WAIT)
    click_row(view.table, VILLAGE_CODE)
    assert view.registers_button.isEnabled() and not view.return_button.isEnabled()
    assert "（查看）不能导出返回数据包" in view.return_button.toolTip()
    # 该村电脑: retiring or re-enabling a PC is an administrator's, greyed with the reason
    assert_pc_entries_grey(view, "（查看）不能停用或重新启用村里的电脑")
    # any other way in is told the reason instead of getting the dialog
    person.will("导入U盘数据", "确定", kind=QMessageBox)
    assert window.import_stick() is None
    [told] = person.finish()
    assert "（查看）不能导入村数据包：只有管理员或填报员可以" in (told.seen or "")
    assert data_digest(places.world.township) == before
    assert list(places.out.iterdir()) == []


def assert_pc_entries_grey(view: Any, reason: str) -> None:
    view.pcs_menu.aboutToShow.emit()  # as when the person opens the button's menu
    entries = [a for m in view.pcs_menu.findChildren(QMenu) for a in m.actions()]
    assert entries
    for entry in entries:
        assert not entry.isEnabled() and reason in entry.toolTip()


@pytest.mark.parametrize("township_window", [CLERK], indirect=True)
def test_a_clerk_at_the_township_can_use_them(qtbot: Any, township_window: TownshipWindow) -> None:
    for text in SYNC_ACTIONS:
        assert toolbar_button(township_window, text).isEnabled()
        assert menu_action(township_window, "文件", text).isEnabled()
    go_to_page(township_window, "各村概况")
    view = township_window.villages_view()
    qtbot.waitUntil(lambda: view.model.rowCount() >= 1, timeout=WAIT)
    click_row(view.table, VILLAGE_CODE)
    assert view.return_button.isEnabled()
    assert_pc_entries_grey(view, "（填报员）不能停用或重新启用村里的电脑：只有管理员可以")


def village_window(qtbot: Any, places: Places, role: str) -> MainWindow:
    store = log_in(qtbot, places.world.village, role)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def open_enrollment(qtbot: Any, window: MainWindow, enrollment: Path) -> EnrollmentDialog:
    action = menu_action(window, "数据报送", "导入乡镇注册文件…")
    assert action.isEnabled()
    action.trigger()
    dialog = window.sync_actions.dialog
    assert isinstance(dialog, EnrollmentDialog)
    qtbot.waitUntil(lambda: dialog.identity is not None, timeout=WAIT)
    type_into(dialog.file.edit, str(enrollment))
    qtbot.waitUntil(lambda: dialog.enrollment is not None, timeout=WAIT)
    assert "与目前登记的乡镇不同" in dialog.problem.text()
    click(dialog.checked)
    return dialog


def township_of(path: Path) -> str:
    with Store.open(path) as store:
        link = enrolled_township(store)
        assert link is not None
        return link.township_name


def test_changing_the_township_asks_a_question_naming_both(qtbot: Any, person: Person, places: Places) -> None:
    window = village_window(qtbot, places, ADMIN)
    dialog = open_enrollment(qtbot, window, places.other_enrollment)

    def names_both(box: QWidget) -> None:
        text = box.text()  # type: ignore[attr-defined]
        assert "榜头镇" in text and "石门镇" in text and "确定要更换乡镇吗" in text

    person.will("更换乡镇", "否", check=names_both, kind=QMessageBox)
    click_button(dialog, "导入")
    person.finish()
    assert township_of(places.world.village) == "榜头镇"  # 否: nothing changed
    assert dialog.isVisible()
    person.will("更换乡镇", "是", kind=QMessageBox)
    person.will("注册文件", "确定", kind=QMessageBox)
    click_button(dialog, "导入")
    _question, done = person.finish()
    assert "石门镇" in (done.seen or "")
    wait_closed(qtbot, dialog)
    assert township_of(places.world.village) == "石门镇"
    window.close()
    window.store.close()


def test_a_clerk_is_told_only_an_administrator_changes_the_township(qtbot: Any, person: Person,
                                                                    places: Places) -> None:
    window = village_window(qtbot, places, CLERK)
    before = data_digest(places.world.village)
    dialog = open_enrollment(qtbot, window, places.other_enrollment)
    person.will("更换乡镇", "确定", kind=QMessageBox)
    click_button(dialog, "导入")
    [told] = person.finish()
    assert "（填报员）不能更换本村注册的乡镇：只有管理员可以" in (told.seen or "")
    assert data_digest(places.world.village) == before
    dialog.close()
    window.close()
    window.store.close()
