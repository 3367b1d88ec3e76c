"""The recovery code in the window, with the real dialogs answered as a person would: 用户管理 →
生成新的恢复码… shows the new code once (the old one stops working), and the login of an
administrator to a database an earlier version left plain with its users encrypts it and shows
its code on the same dialog; a clerk is told an administrator must log in once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget
from support import older_version_database

from desktop.ui.start.login import LoginDialog
from desktop.ui.start.recovery import RecoveryCodeDialog
from sync.store import at_rest, keyslots
from sync.store.store import Store
from sync.store.users import ADMIN, CLERK

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def answer_modals(steps: list[tuple[type, Callable[[QWidget], None]]]) -> list[type]:
    """Answer the modal dialogs as they open, in order: each step waits (looking again once the
    event loop ran) for a modal of its type and answers it. Returns the types answered so far."""
    done: list[type] = []

    def look() -> None:
        if len(done) == len(steps):
            return
        kind, act = steps[len(done)]
        modal = QApplication.activeModalWidget()
        if isinstance(modal, kind) and modal.isVisible():
            done.append(kind)
            act(modal)
        QTimer.singleShot(10, look)

    QTimer.singleShot(0, look)
    return done


def click(qtbot, dialog: QWidget, which: QDialogButtonBox.StandardButton | QMessageBox.StandardButton) -> None:
    if isinstance(dialog, QMessageBox):
        qtbot.mouseClick(dialog.button(which), Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(which), Qt.MouseButton.LeftButton)


def keep_code(qtbot, seen: list[str]) -> Callable[[QWidget], None]:
    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, RecoveryCodeDialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled() and dialog.panel.print_button.isVisible()
        seen.append(dialog.panel.code.text())
        qtbot.mouseClick(dialog.panel.kept, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    return act


def test_a_new_recovery_code_from_the_users_dialog(qtbot, window_factory, admin_store: Store) -> None:
    window = window_factory(admin_store)
    key_before = at_rest.key_for(admin_store.path)
    window.users_action.trigger()
    dialog = window.tools.users_dialog
    qtbot.waitExposed(dialog)
    assert dialog.recovery_button.isEnabled()
    codes: list[str] = []
    questions: list[str] = []

    def yes(box: QWidget) -> None:
        questions.append(box.text())
        click(qtbot, box, QMessageBox.StandardButton.Yes)

    done = answer_modals([(QMessageBox, yes), (RecoveryCodeDialog, keep_code(qtbot, codes))])
    qtbot.mouseClick(dialog.recovery_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(done) == 2 and not dialog.code_dialog.isVisible(), timeout=30_000)
    assert "旧恢复码从此失效" in questions[0]
    # The code shown opens the key file, and gives the key the database has now (a new one).
    key_now = at_rest.key_for(admin_store.path)
    assert key_now != key_before
    slots = keyslots.read(keyslots.key_file(admin_store.path))
    assert slots is not None and slots.open_with_recovery(codes[0]).keys == [key_now]
    # The window's own connection and its worker's followed the new key.
    assert [u.name for u in window.store.users()] == ["admin", "clerk", "viewer"]
    window.close()


@pytest.fixture
def older_db(tmp_path: Path) -> Path:
    return older_version_database(tmp_path / "v.db", [("lin", ADMIN, "lin-2026"), ("wang", CLERK, "wang-2026")])


def log_in(qtbot, name: str, password: str) -> Callable[[QWidget], None]:
    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, LoginDialog)
        dialog.name.setCurrentText(name)
        qtbot.keyClicks(dialog.password, password)
        click(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    return act


def test_an_administrators_login_encrypts_an_older_versions_database(qtbot, older_db: Path) -> None:
    from desktop.app import choose_user

    codes: list[str] = []
    told: list[str] = []

    def ok(box: QWidget) -> None:
        told.append(box.text())
        click(qtbot, box, QMessageBox.StandardButton.Ok)

    with Store.open(older_db) as store:
        done = answer_modals([(LoginDialog, log_in(qtbot, "lin", "lin-2026")),
                              (RecoveryCodeDialog, keep_code(qtbot, codes)), (QMessageBox, ok)])
        user = choose_user(store, None)
        assert user is not None and user.name == "lin" and len(done) == 3
        assert at_rest.is_encrypted(older_db) and store.users()  # still open, on the encrypted file
    assert "wang" in told[0] and "重设密码" in told[0]
    at_rest.forget_all()
    slots = keyslots.read(keyslots.key_file(older_db))
    assert slots is not None and slots.open_with_recovery(codes[0]).keys


def test_a_clerks_login_says_an_administrator_must_log_in_once(qtbot, older_db: Path) -> None:
    from desktop.app import choose_user

    told: list[str] = []

    def ok(box: QWidget) -> None:
        told.append(box.text())
        click(qtbot, box, QMessageBox.StandardButton.Ok)

    with Store.open(older_db) as store:
        done = answer_modals([(LoginDialog, log_in(qtbot, "wang", "wang-2026")), (QMessageBox, ok)])
        user = choose_user(store, None)
        assert user is not None and user.name == "wang" and len(done) == 2
    assert "请管理员登录一次" in told[0]
    assert not at_rest.is_encrypted(older_db)
