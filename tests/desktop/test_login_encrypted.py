"""The login screen of an encrypted database: nothing can be read before the password, a wrong
one is refused in Chinese, and 忘记密码？ leads to the recovery code and a new password. The real
dialogs open and are answered as a person would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QWizard
from support import VILLAGE_CODE

from desktop.ui.start.login import LoginDialog
from desktop.ui.start.recovery import ResetWithRecoveryDialog
from sync.store import at_rest, login
from sync.store.store import Store, StoreError
from sync.store.users import ADMIN

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
PASSWORD = "dongshan2026"


@pytest.fixture
def locked_db(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "v.db"
    with Store.create_village(db, VILLAGE_CODE, "东山村") as store:
        code = store.add_user("lin", ADMIN, PASSWORD, "林文书")
    at_rest.forget_all()  # as when the program starts
    with pytest.raises(StoreError):
        Store.open(db)
    return db, code


def click_ok(dialog: QDialog, qtbot) -> None:
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_a_locked_database_logs_in_with_the_right_password_only(qtbot, locked_db) -> None:
    db, _code = locked_db
    dialog = LoginDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    # Before the password nothing is known: the key file names nobody and no village, so the
    # name is typed (and the cursor waits there).
    assert dialog.name.currentText() == "" and dialog.name.count() == 0 and dialog.facts.title == ""
    assert dialog.facts.admins is None and dialog.focusWidget() is dialog.name
    qtbot.keyClicks(dialog.name, "lin")
    dialog.password.setText("not-my-password")
    click_ok(dialog, qtbot)
    assert dialog.isVisible() and dialog.store is None and dialog.user is None
    assert dialog.message.text() == "用户名或密码不正确，请重新输入。"
    assert at_rest.key_for(db) is None  # nothing unlocked
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.accepted):
        click_ok(dialog, qtbot)
    assert dialog.user.name == "lin" and dialog.user.is_admin
    assert dialog.store is not None and dialog.store.village_name == "东山村"
    dialog.store.close()


def test_a_forgotten_password_is_reset_with_the_recovery_code_from_the_login_screen(qtbot, locked_db) -> None:
    db, code = locked_db
    dialog = LoginDialog(db, "lin")
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(2):  # two wrong passwords: the help opens by itself, with the recovery button
        dialog.password.setText("forgotten")
        click_ok(dialog, qtbot)
    assert dialog.help.isVisible() and dialog.recover.isVisible()
    assert "恢复码" in dialog.help.text()
    messages: list[str] = []

    def answer() -> None:
        reset = QApplication.activeModalWidget()
        if not isinstance(reset, ResetWithRecoveryDialog):
            QTimer.singleShot(10, answer)  # not open yet: look again once the event loop ran
            return
        assert reset.name.text() == "lin"
        qtbot.keyClicks(reset.code, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
        qtbot.keyClicks(reset.password, "new-password")
        qtbot.keyClicks(reset.again, "new-password")
        click_ok(reset, qtbot)
        messages.append(reset.message.text())
        reset.code.clear()
        qtbot.keyClicks(reset.code, code.lower().replace("-", " "))  # as typed from the paper
        click_ok(reset, qtbot)

    QTimer.singleShot(0, answer)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.recover, Qt.MouseButton.LeftButton)
    assert messages == ["恢复码不正确，请对照保管的恢复码纸条重新输入"]
    assert dialog.user.name == "lin" and dialog.store is not None
    dialog.store.close()
    at_rest.forget_all()
    with pytest.raises(at_rest.WrongLogin):
        login.open_store(db, "lin", PASSWORD)
    with login.open_store(db, "lin", "new-password") as store:
        assert store.user.is_admin


def test_the_wizard_keeps_its_recovery_page_until_the_code_is_kept(qtbot, tmp_path) -> None:
    from desktop.ui.start.wizard import FirstRunWizard

    path = tmp_path / "t.db"
    wizard = FirstRunWizard(path)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.welcome_page.township.setChecked(True)
    wizard.next()
    wizard.township_page.name.setText("榜头镇")
    wizard.township_page.code.setText("350322111")
    wizard.next()
    form = wizard.admin_page.form
    for edit, text in ((form.name, "chen"), (form.password, "bangtou2026"), (form.again, "bangtou2026")):
        edit.setText(text)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.recovery_page and at_rest.is_encrypted(path)
    assert wizard.recovery_page.panel.code.text() == wizard.recovery_code
    assert not wizard.button(QWizard.WizardButton.CancelButton).isVisible()
    rejected: list[bool] = []
    wizard.rejected.connect(lambda: rejected.append(True))
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)  # Esc must not lose the only showing of the code
    assert wizard.isVisible() and not rejected
    qtbot.mouseClick(wizard.recovery_page.panel.kept, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(wizard.accepted):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
