"""选项列表（代码表）: the township adds a value, the village's form offers it after the return package."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typist
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sync_ui_support import EAST, UiWorld, open_store, world_fixtures
from window_steps import open_record

from desktop.ui.registers.editors import ChecklistEditor, ComboEditor
from desktop.ui.township.choice_lists_dialog import ChoiceListsDialog
from desktop.ui.township.township_window import TownshipWindow
from desktop.ui.widgets.db_worker import DbWorker
from forms.choice_additions import MAX_CHOICE_LENGTH
from sync.store.store import Store
from sync.store.users import CLERK, User

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
WAIT = 20_000
NEW = "心理疏导"


def _east_delivered(world: UiWorld) -> None:
    world.export(world.east)
    world.import_all()  # the township knows 东山村's PC: it can make return packages for it


world_template, world = world_fixtures("choice-lists", _east_delivered)


@pytest.fixture
def township(world: UiWorld) -> Iterator[Store]:
    store = open_store(world.township)
    yield store
    store.close()


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Chinese arrives as an input method's commit, as from a real IME; ASCII as keys."""
    widget.setFocus()
    typist.type_text(widget, text)


def rows(dialog: ChoiceListsDialog) -> list[list[str]]:
    table = dialog.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def open_from_menu(qtbot, township: Store) -> tuple[TownshipWindow, ChoiceListsDialog]:
    window = TownshipWindow(township)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "工具(&T)")
    assert [a.text() for a in menu.actions()] == ["选项列表（代码表）…"]
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[-1] == "帮助(&H)" and titles[-2] == "工具(&T)"
    window.choice_lists_action.trigger()
    dialog = window.choice_lists_dialog
    qtbot.waitExposed(dialog)
    return window, dialog


def test_township_adds_a_value_and_an_alias(qtbot, answers, township: Store, tmp_path: Path) -> None:
    window, dialog = open_from_menu(qtbot, township)
    dialog.select_list("服务类别")
    assert dialog.heading.text() == "服务类别"
    assert "志愿者·服务技能" in dialog.used_by.text()
    before = rows(dialog)
    assert [r[0] for r in before][-1] == "其他" and all(r[2] == "登记簿定义" for r in before)
    grey = dialog.table.item(0, 0)
    assert grey.foreground().color().name() == "#8a8a8a" and "不能删除" in grey.toolTip()

    # Bad input is refused with a reason, and nothing is added (the store answers from the worker).
    with qtbot.waitSignal(dialog.answered):
        dialog.add_value_button.click()
    assert "不能为空" in dialog.message.text()
    type_text(qtbot, dialog.value_edit, "法律咨询")
    with qtbot.waitSignal(dialog.answered):
        qtbot.mouseClick(dialog.add_value_button, Qt.MouseButton.LeftButton)
    assert "已有“法律咨询”" in dialog.message.text()
    dialog.value_edit.clear()
    type_text(qtbot, dialog.value_edit, "心" * (MAX_CHOICE_LENGTH + 1))
    with qtbot.waitSignal(dialog.answered):
        qtbot.keyClick(dialog.value_edit, Qt.Key.Key_Return)
    assert "太长" in dialog.message.text()
    assert rows(dialog) == before and township.choice_additions() == []

    dialog.value_edit.clear()
    with qtbot.waitSignal(dialog.changed) as changed:
        type_text(qtbot, dialog.value_edit, NEW)
        qtbot.mouseClick(dialog.add_value_button, Qt.MouseButton.LeftButton)
    assert changed.args == ["服务类别"]
    assert f"已在“服务类别”中添加选项“{NEW}”" in dialog.message.text()
    assert dialog.value_edit.text() == ""
    added = rows(dialog)
    assert [r[0] for r in added] == [*(r[0] for r in before[:-1]), NEW, "其他"]
    assert added[-2][2].startswith("乡镇添加（admin，")
    assert dialog.table.item(len(added) - 2, 0).foreground().color().name() != "#8a8a8a"
    assert dialog.lists.currentItem().text() == "服务类别（已添加 1）"

    dialog.alias_target.setCurrentIndex(dialog.alias_target.findText(NEW))
    type_text(qtbot, dialog.alias_edit, "心理咨询")
    with qtbot.waitSignal(dialog.answered):
        qtbot.mouseClick(dialog.add_alias_button, Qt.MouseButton.LeftButton)
    assert "添加别名“心理咨询”（即“心理疏导”）" in dialog.message.text()
    assert rows(dialog)[-2][1] == "心理咨询"
    township.refresh_catalog()  # written on the window's worker: this connection reads it again
    assert township.catalog.choices["服务类别"].match("心理咨询") == NEW

    # A fixed list takes aliases only.
    dialog.select_list("性别")
    assert not dialog.value_edit.isEnabled() and not dialog.add_value_button.isEnabled()
    assert dialog.alias_edit.isEnabled() and "只能添加别名" in dialog.used_by.text()
    dialog.select_list("服务类别")

    # A picture for the documentation (docs/screenshots/choice-lists-dialog.png).
    path = tmp_path / "choice-lists-dialog.png"
    assert dialog.grab().save(str(path)) and path.stat().st_size > 10_000
    window.close()


def test_a_clerk_and_a_village_only_look(qtbot, world: UiWorld) -> None:
    with Store.open(world.township, User("clerk", CLERK, "林文书")) as town:
        dialog = ChoiceListsDialog(town, DbWorker(town.path, town.user))  # never started: nothing to write
        qtbot.addWidget(dialog)
        assert not dialog.add_value_button.isEnabled() and not dialog.add_alias_button.isEnabled()
        assert "只有管理员" in dialog.message.text()
        assert not dialog.add_value()
    with open_store(world.east) as village:
        dialog = ChoiceListsDialog(village, DbWorker(village.path, village.user))
        qtbot.addWidget(dialog)
        assert not dialog.alias_edit.isEnabled() and "乡镇统一维护" in dialog.message.text()


def test_the_village_form_offers_the_value_after_the_return_package(
        qtbot, answers, world: UiWorld, township: Store, window_factory) -> None:
    from desktop.ui.exchange.import_dialog import ImportPackagesDialog

    worker = DbWorker(township.path, township.user, township.today)
    dialog = ChoiceListsDialog(township, worker)
    qtbot.addWidget(dialog)
    dialog.select_list("服务类别")
    type_text(qtbot, dialog.value_edit, NEW)
    with qtbot.waitSignal(dialog.changed):
        assert dialog.add_value()
    worker.stop()
    assert world.return_package(EAST) is not None

    village = open_store(world.east)
    window = window_factory(village)
    try:
        form = window.new_record("volunteer_services")
        combo = form.panel.editors["服务类别"]
        assert isinstance(combo, ComboEditor) and NEW not in combo.items()
        form.reject()

        # The clerk imports the return package from the 数据报送 menu (on the window's worker).
        window.sync_actions.folder = world.stick
        importer = window.sync_actions.import_return()
        assert isinstance(importer, ImportPackagesDialog)
        with qtbot.waitSignal(importer.imported, timeout=WAIT) as signal:
            importer.start_button.click()
        assert [r.status for r in signal.args[0].summary.results] == ["accepted"]
        importer.close()

        form = window.new_record("volunteer_services")
        combo = form.panel.editors["服务类别"]
        assert isinstance(combo, ComboEditor)
        assert NEW in [combo.combo.itemText(i) for i in range(combo.combo.count())]
        form.reject()
        volunteer = village.records("volunteers")[0]["uuid"]
        form = open_record(qtbot, window, volunteer)
        skills = form.panel.editors["服务技能"]
        assert isinstance(skills, ChecklistEditor) and NEW in skills.boxes
        form.reject()
    finally:
        window.close()
        village.close()
