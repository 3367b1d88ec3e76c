"""Delete with a reason, restore, history, undo and redo, and the read-only role."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from window_steps import listed, open_history, opened

from desktop.ui.registers.history_dialog import CHANGED_BRUSH, HistoryDialog

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def written(qtbot, window) -> None:
    """Writes run on the window's worker: wait until the last one is back, and the lists it
    made stale were read again (on the worker too)."""
    qtbot.waitUntil(lambda: not window.actions_.pending() and not window.worker.busy(), timeout=10_000)


def select_first(qtbot, window, register: str):
    view = listed(qtbot, window.show_register(register))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    view.table.selectRow(0)
    chosen = view.selected()
    assert chosen is not None
    return view, chosen[1]


def test_delete_asks_for_a_reason_and_restore_brings_the_record_back(qtbot, window, answers) -> None:
    view, uuid = select_first(qtbot, window, "social_organizations")
    title = window.store.get(uuid).title
    answers.texts.append("该组织已注销")
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert answers.of("ask_text") and title in answers.of("ask_text")[0]
    written(qtbot, window)
    assert window.store.get(uuid).deleted
    assert window.store.history(uuid)[-1].reason == "该组织已注销"
    assert view.model.row_of(uuid) is None
    assert view.count_label.text() == "共 5 个"
    # shown again with 显示已删除, then restored
    qtbot.mouseClick(view.show_deleted, Qt.MouseButton.LeftButton)
    listed(qtbot, view)
    assert view.select_uuid(uuid) and view.selected_is_deleted()
    assert window.restore_action.isEnabled() and not window.delete_action.isEnabled()
    window.restore_action.trigger()
    written(qtbot, window)
    assert not window.store.get(uuid).deleted
    assert view.count_label.text() == "共 6 个（含已删除）"  # 显示已删除 is still ticked


def test_delete_without_a_reason_deletes_nothing(qtbot, window, answers) -> None:
    view, uuid = select_first(qtbot, window, "social_organizations")
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)  # the clerk cancels the reason box
    assert not window.store.get(uuid).deleted


def test_delete_key_in_the_filter_box_edits_text_only(qtbot, window, answers) -> None:
    view, _uuid = select_first(qtbot, window, "social_organizations")
    view.filter.setFocus()
    qtbot.waitUntil(view.filter.hasFocus)
    qtbot.keyClicks(view.filter, "ab")
    view.filter.setCursorPosition(0)
    qtbot.keyClick(view.filter, Qt.Key.Key_Delete)
    assert view.filter.text() == "b"
    assert not answers.of("ask_text")


def test_undo_and_redo_an_edit_and_a_deletion(qtbot, window, answers) -> None:
    view, uuid = select_first(qtbot, window, "volunteers")
    old_name = window.store.get(uuid).values["姓名"]
    window.actions_.edit(uuid, {"姓名": "王改名"})
    answers.texts.append("重复登记")
    written(qtbot, window)
    window.delete_action.trigger()
    written(qtbot, window)
    assert window.store.get(uuid).deleted
    assert window.undo_action.toolTip() == "撤销：删除志愿者“王改名” (Ctrl+Z)"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    written(qtbot, window)
    assert not window.store.get(uuid).deleted
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    written(qtbot, window)
    assert window.store.get(uuid).values["姓名"] == old_name
    name_column = [f.name for f in view.model.fields].index("姓名")
    assert view.model.index(view.model.row_of(uuid), name_column).data() == old_name
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    written(qtbot, window)
    assert window.store.get(uuid).values["姓名"] == "王改名"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    written(qtbot, window)
    assert window.store.get(uuid).deleted
    # every step is a version: nothing in the history was rewritten
    reasons = [v.reason for v in window.store.history(uuid)]
    assert reasons[-4:] == ["撤销删除", "撤销修改", "重做修改", "重复登记"]


def test_undo_of_an_added_record_deletes_it_and_redo_restores_it(qtbot, window) -> None:
    listed(qtbot, window.show_register("social_organizations"))
    with qtbot.waitSignal(window.actions_.changed) as added:
        window.actions_.add("social_organizations", {
            "名称": "东山村书画社", "类别": "文体娱乐", "管理方式": "备案", "备案机关": "榜头镇人民政府",
            "备案编号": "榜社备〔2026〕1号", "备案日期": "2026-05-01", "状态": "正常"})
    uuid = added.args[1]
    window.undo_action.trigger()
    written(qtbot, window)
    assert window.store.get(uuid).deleted
    window.redo_action.trigger()
    written(qtbot, window)
    assert not window.store.get(uuid).deleted


def test_history_highlights_changed_fields_and_reverts(qtbot, window, answers, qtmodeltester) -> None:
    _view, uuid = select_first(qtbot, window, "volunteers")
    old_group = window.store.get(uuid).values["居住村民小组"]
    window.actions_.edit(uuid, {"居住村民小组": "九组"})
    written(qtbot, window)
    dialog = opened(qtbot, window.history_opened, window.history_selected)
    assert isinstance(dialog, HistoryDialog)
    qtbot.waitExposed(dialog)
    qtmodeltester.check(dialog.versions)
    qtmodeltester.check(dialog.diff)
    assert dialog.diff.changed_fields() == ["居住村民小组"]
    row = [f.name for f in dialog.diff.fields].index("居住村民小组")
    assert dialog.diff.index(row, 1).data() == "九组" and dialog.diff.index(row, 2).data() == old_group
    assert dialog.diff.index(row, 1).data(Qt.ItemDataRole.BackgroundRole) == CHANGED_BRUSH
    assert dialog.diff.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is None
    assert dialog.versions.index(len(dialog.versions.versions) - 1, 2).data() == "修改"
    assert dialog.versions.index(0, 2).data() == "新增"
    assert not dialog.revert_button.isEnabled()  # the current version is selected
    dialog.select_version(0)
    assert dialog.revert_button.isEnabled()
    with qtbot.waitSignal(dialog.changed):  # written, and the history read again
        qtbot.mouseClick(dialog.revert_button, Qt.MouseButton.LeftButton)
    assert window.store.get(uuid).values["居住村民小组"] == old_group
    assert len(dialog.versions.versions) == 3
    window.undo_action.trigger()
    written(qtbot, window)
    assert window.store.get(uuid).values["居住村民小组"] == "九组"
    dialog.close()


def test_history_restores_a_deleted_record(qtbot, window, answers) -> None:
    _view, uuid = select_first(qtbot, window, "supervisory_committee")
    window.actions_.delete(uuid, "离任")
    written(qtbot, window)
    dialog = open_history(qtbot, window, uuid)
    qtbot.waitExposed(dialog)
    assert "（已删除）" in dialog.heading.text()
    assert dialog.restore_button.isVisible()
    assert dialog.versions.index(len(dialog.versions.versions) - 1, 2).data() == "删除"
    assert dialog.versions.index(len(dialog.versions.versions) - 1, 3).data() == "离任"
    with qtbot.waitSignal(dialog.changed):  # written, and the history read again
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert not window.store.get(uuid).deleted
    assert not dialog.restore_button.isVisible()
    dialog.close()


def test_viewer_sees_everything_and_can_change_nothing(qtbot, viewer_window, answers) -> None:
    window = viewer_window
    view, uuid = select_first(qtbot, window, "volunteers")
    for action in (window.new_action, window.delete_action, window.restore_action, window.undo_action,
                   window.redo_action):
        assert not action.isVisible() or not action.isEnabled()
    assert not window.undo_separator.isVisible()  # no two separators side by side in the toolbar
    for action in (window.new_action, window.delete_action, window.restore_action):
        # shown greyed with the reason, not hidden
        assert action.isVisible() and "（查看）不能修改数据" in action.toolTip()
    # shown greyed, saying why (the core refuses them anyway)
    assert not window.users_action.isEnabled() and not window.settings_action.isEnabled()
    assert "只有管理员可以" in window.users_action.toolTip() and "管理用户" in window.users_action.toolTip()
    assert "只有管理员可以" in window.settings_action.toolTip()
    assert window.edit_action.text() == "查看" and window.edit_action.isEnabled()
    assert not view.children[0].add_button.isEnabled()
    assert window.new_record() is None
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert not answers.of("ask_text") and not window.store.get(uuid).deleted
    form = opened(qtbot, window.form_opened, window.edit_selected)
    qtbot.waitExposed(form)
    assert form.read_only and not form.save_button.isVisible()
    assert form.panel.editors["姓名"].edit.isReadOnly()
    assert not form.panel.editors["状态"].isEnabled()
    assert not form.save()
    # and the store refuses as well, whatever the window allowed
    with qtbot.waitSignal(window.actions_.failed) as refused:
        window.actions_.edit(uuid, {"姓名": "改名"})
    assert "不能修改数据" in refused.args[0] and answers.of("warn")
    history = open_history(qtbot, window, uuid)
    qtbot.waitExposed(history)
    history.select_version(0)
    assert not history.revert_button.isEnabled()
    history.close()
    form.close()


def test_clerk_edits_but_has_no_users_or_settings(clerk_window) -> None:
    window = clerk_window
    assert window.new_action.isVisible()
    assert window.undo_separator.isVisible() and window.undo_action.isVisible()
    # shown greyed, saying why (the core refuses them anyway)
    assert not window.users_action.isEnabled() and not window.settings_action.isEnabled()
    assert "只有管理员可以" in window.users_action.toolTip() and "管理用户" in window.users_action.toolTip()
    assert "只有管理员可以" in window.settings_action.toolTip()


def test_history_shows_revert_reasons_without_the_machines_t(qtbot, window, answers) -> None:
    store = window.store
    _view, uuid = select_first(qtbot, window, "committee_members")
    first = store.history(uuid)[0]
    store.edit(uuid, {"备注": "改过一次"})
    # A revert stored by an earlier version of the program (its reason held the ISO moment).
    store.revert(uuid, first.version_id, "恢复到 2026-12-04T19:13:00 的版本")
    store.edit(uuid, {"备注": "又改一次"})
    dialog = opened(qtbot, window.history_opened, window.history_selected)
    assert isinstance(dialog, HistoryDialog)
    # And one made here, from the dialog.
    dialog.select_version(0)
    with qtbot.waitSignal(dialog.changed):
        dialog.revert_selected()
    reasons = [dialog.versions.index(r, 3).data() for r in range(dialog.versions.rowCount())]
    assert "恢复到 2026-12-04 19:13 的版本" in reasons
    day, clock = first.wall_time.split("T")
    assert reasons[-1] == f"恢复到 {day} {clock[:5]} 的版本"
    assert not [r for r in reasons if "T" in r]
    dialog.close()
