"""Setting up: the first-run wizard sets up a township too (no command line), and the login screen
says what to do about a forgotten password."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from wizard_steps import click, fill_admin, shown_wizard

from desktop.ui.start.login import LoginDialog
from desktop.ui.start.wizard import FirstRunWizard
from sync.store.store import Store
from sync.store.users import ADMIN

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]



def test_the_wizard_sets_up_a_township_and_its_administrator(qtbot, tmp_path) -> None:
    path = tmp_path / "data" / "cunwu.db"
    wizard = shown_wizard(qtbot, path)
    welcome = wizard.welcome_page
    assert welcome.village.isChecked()  # a village's PC unless the township says so
    qtbot.waitUntil(welcome.village.hasFocus)  # the choice has the keyboard from the start
    qtbot.keyClick(welcome.village, Qt.Key.Key_Down)  # the arrow moves the choice, as in any radio group
    assert welcome.township.isChecked()
    assert "乡镇" in welcome.after.text() and "从乡镇恢复" not in welcome.after.text()
    qtbot.keyClick(welcome.township, Qt.Key.Key_Return)  # 下一步
    page = wizard.township_page
    assert wizard.currentPage() is page
    qtbot.waitUntil(page.name.hasFocus)
    page.name.setText("榜头镇")
    qtbot.keyClicks(page.code, "35032211")  # a digit short
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is page and "9位" in page.messages["code"].text()
    assert page.code.hasFocus()
    page.code.setText("350322000")  # 乡镇代码 000
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is page and "000" in page.messages["code"].text()
    page.code.setText("350 322 111")  # spaces as read from a paper form
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.admin_page
    click(qtbot, wizard, QWizard.WizardButton.BackButton)  # back to the township, not the village page
    assert wizard.currentPage() is page
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    fill_admin(wizard, "chenmin", "zhen2026", display="民政办 陈敏")
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)  # 创建数据库: no way back after it
    assert wizard.currentPage() is wizard.recovery_page and path.exists()
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()  # the code kept first
    qtbot.mouseClick(wizard.recovery_page.panel.kept, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(wizard.accepted):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.user is not None and wizard.user.role == ADMIN
    with Store.open(path) as store:
        assert store.is_township
        assert (store.meta["township_code"], store.meta["township_name"]) == ("350322111", "榜头镇")
        assert store.authenticate("chenmin", "zhen2026").display == "民政办 陈敏"


def test_a_township_page_left_empty_says_what_is_missing(qtbot, tmp_path) -> None:
    wizard = FirstRunWizard(tmp_path / "t.db")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.welcome_page.township.setChecked(True)
    wizard.next()
    wizard.next()
    page = wizard.township_page
    assert wizard.currentPage() is page
    assert page.messages["name"].text() == "必须填写" and page.messages["code"].text() == "必须填写"
    assert not (tmp_path / "t.db").exists()


def test_the_login_screen_names_the_administrators_who_can_reset_a_password(qtbot, users_db) -> None:
    with Store.open(users_db) as store:
        dialog = LoginDialog(store, "clerk")
        qtbot.addWidget(dialog)
        dialog.show()
        assert "忘记密码" in dialog.forgot.text() and dialog.forgot.isVisible()
        assert not dialog.help.isVisible()
        dialog.forgot.linkActivated.emit("#forgot")  # the link, clicked
        assert dialog.help.isVisible()
        text = dialog.help.text()
        assert "管理员甲" in text and "用户管理" in text and "重设密码" in text


def test_the_only_administrator_is_told_what_can_and_cannot_bring_it_back(qtbot, users_db) -> None:
    with Store.open(users_db) as store:
        dialog = LoginDialog(store, "admin")
        qtbot.addWidget(dialog)
        dialog.show()
        for _ in range(2):  # two wrong passwords: the help opens by itself
            assert not dialog.help.isVisible()
            dialog.password.setText("wrong-password")
            dialog.accept()
        assert dialog.help.isVisible() and dialog.user is None
        text = dialog.help.text()
        assert "没有其他管理员" in text
        assert "备份" in text and "找不回" in text  # a backup holds the same password
        assert "不要删除" in text and "乡镇" in text and "恢复码" in text
        assert dialog.recover.isVisible()  # 用恢复码重设密码…
        assert "user-add" not in text  # needs an administrator's login: not a way back
        dialog.name.setCurrentText("viewer")  # anyone but admin: admin can reset it
        assert "管理员甲" in dialog.help.text()


def test_a_township_login_points_to_the_county_not_the_township(qtbot, tmp_path) -> None:
    with Store.create_township(tmp_path / "t.db", "350322111", "榜头镇") as store:
        store.add_user("chenmin", ADMIN, "zhen2026", "陈敏")
        dialog = LoginDialog(store, "chenmin")
        qtbot.addWidget(dialog)
        dialog.show_help()
        assert "县（区）民政部门" in dialog.help.text()
