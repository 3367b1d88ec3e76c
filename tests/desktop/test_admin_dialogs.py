"""Administrators: users and roles, settings saved on the worker thread."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSpinBox

from desktop.ui.admin.settings_dialog import SettingsDialog
from desktop.ui.admin.users_dialog import AddUserDialog, UsersDialog

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_users_dialog_lists_users_and_adds_one_with_a_role(qtbot, window, qtmodeltester) -> None:
    window.users_action.trigger()
    dialog = window.tools.users_dialog
    assert isinstance(dialog, UsersDialog)
    qtbot.waitExposed(dialog)
    qtmodeltester.check(dialog.model)
    assert [u.name for u in dialog.model.users] == ["admin", "clerk", "viewer"]
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.add_dialog
    assert isinstance(add, AddUserDialog)
    add.fields.name.setText("zhang")
    add.fields.role.setCurrentText("查看")
    add.fields.password.setText("zhang2026")
    add.fields.again.setText("zhang2025")
    add.accept()
    assert "不一样" in add.fields.message.text()
    add.fields.again.setText("zhang2026")
    with qtbot.waitSignal(add.accepted):
        add.accept()
    assert [u.name for u in dialog.model.users] == ["admin", "clerk", "viewer", "zhang"]
    user = window.store.authenticate("zhang", "zhang2026")
    assert user is not None and user.role == "查看"
    dialog.close()


def test_reset_password(qtbot, window, answers) -> None:
    dialog = UsersDialog(window.store, window.worker, window)
    qtbot.addWidget(dialog)
    dialog.view.selectRow(1)
    answers.texts.append("newpass99")
    qtbot.mouseClick(dialog.password_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(answers.of("inform")))  # written on the worker, then said
    assert window.store.authenticate("clerk", "newpass99") is not None
    assert answers.of("inform") == ["已重设用户“clerk”的密码。"]


def test_settings_are_generated_from_definitions_and_saved_on_the_worker(qtbot, window) -> None:
    window.settings_action.trigger()
    dialog = window.tools.settings_dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitExposed(dialog)
    assert set(dialog.editors) == set(window.store.catalog.settings)
    term = dialog.editors["term_years"]
    assert isinstance(term, QSpinBox) and term.value() == 5 and term.maximum() == 10
    term.setValue(3)
    dialog.editors["star_thresholds"].setText("50、100、200、400、800")
    with qtbot.waitSignal(dialog.applied, timeout=30_000):
        dialog.save()
    settings = window.store.settings()
    assert settings["term_years"] == 3 and settings["star_thresholds"] == [50, 100, 200, 400, 800]
    member = window.store.records("committee_members")[0]
    assert member["任期届满"] == "2029-03-18"  # 任职时间 2026-03-18 + 3 years, recomputed


def test_settings_refuse_a_list_out_of_order(qtbot, window) -> None:
    dialog = SettingsDialog(window.store, window.worker, window)
    qtbot.addWidget(dialog)
    dialog.editors["star_thresholds"].setText("300、100")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=30_000)
    assert "从小到大" in dialog.message.text()
    assert window.store.settings()["star_thresholds"] == [100, 300, 600, 1000, 1500]


def test_viewer_cannot_open_users_or_settings(viewer_window) -> None:
    viewer_window.tools.open_users()
    viewer_window.tools.open_settings()
    assert viewer_window.tools.users_dialog is None and viewer_window.tools.settings_dialog is None


def _row_of(dialog, name: str) -> int:
    return next(i for i, u in enumerate(dialog.model.users) if u.name == name)


def test_change_a_users_role_and_disable_a_user(qtbot, window, answers, monkeypatch) -> None:
    from desktop.ui.widgets import msgbox

    dialog = UsersDialog(window.store, window.worker, window)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(msgbox, "ask_choice", lambda *a, **k: "查看")
    dialog.view.selectRow(_row_of(dialog, "clerk"))
    qtbot.mouseClick(dialog.role_button, Qt.MouseButton.LeftButton)
    # Written on the worker; the list is read again when it is done.
    qtbot.waitUntil(lambda: dialog.model.users[_row_of(dialog, "clerk")].role == "查看")
    assert window.store.authenticate("clerk", "secret123").role == "查看"
    dialog.view.selectRow(_row_of(dialog, "viewer"))
    before = dialog.model.users
    qtbot.mouseClick(dialog.disable_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.users is not before)
    assert window.store.authenticate("viewer", "secret123") is None
    assert "viewer" not in [u.name for u in dialog.model.users]
    # The only administrator keeps the role and cannot be disabled.
    dialog.view.selectRow(_row_of(dialog, "admin"))
    qtbot.mouseClick(dialog.role_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(answers.of("warn")))  # the store's refusal, from the worker
    assert "唯一的管理员" in answers.of("warn")[-1]
    assert window.store.authenticate("admin", "secret123").role == "管理员"
