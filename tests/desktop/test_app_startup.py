"""Starting the window: first-run wizard, login, screenshots of every register, the error hook."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QWizard
from typist import type_text
from wizard_steps import shown_wizard

from desktop.ui.start.login import LoginDialog
from desktop.ui.widgets import errors
from forms.model import catalog
from sync.store.store import Store

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
ROOT = Path(__file__).resolve().parents[2]


def enter(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.clear()
    type_text(widget, text)


def test_wizard_checks_the_village_code_and_creates_database_and_administrator(qtbot, tmp_path) -> None:
    path = tmp_path / "new" / "cunwu.db"
    wizard = shown_wizard(qtbot, path)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    page = wizard.village_page
    assert wizard.currentPage() is page
    editors = page.panel.editors
    enter(qtbot, editors["村名"].edit, "西山村")
    enter(qtbot, editors["统计用区划代码"].edit, "35032211120")  # 11 digits
    enter(qtbot, editors["乡镇名称"].edit, "榜头镇")
    enter(qtbot, editors["常住人口"].edit, "1200")
    enter(qtbot, editors["户数"].edit, "400")
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is page
    assert "12" in page.panel.message("统计用区划代码")
    enter(qtbot, editors["统计用区划代码"].edit, "350322111203")
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.admin_page
    form = wizard.admin_page.form
    enter(qtbot, form.name, "wenshu")
    enter(qtbot, form.display, "林文书")
    enter(qtbot, form.password, "abc")
    enter(qtbot, form.again, "abc")
    create = wizard.button(QWizard.WizardButton.CommitButton)
    assert create.text() == "创建数据库"
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    assert not path.exists() and "6" in form.message.text()
    enter(qtbot, form.password, "wenshu2026")
    enter(qtbot, form.again, "wenshu2026")
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.recovery_page
    qtbot.mouseClick(wizard.recovery_page.panel.kept, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(wizard.accepted):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wizard.user is not None and wizard.user.role == "管理员"
    with Store.open(path) as store:
        assert store.village_code == "350322111203" and store.village_name == "西山村"
        profile = store.profile()
        assert profile["常住人口"] == 1200 and profile["乡镇名称"] == "榜头镇"
        assert store.authenticate("wenshu", "wenshu2026").display == "林文书"


def test_login_refuses_a_wrong_password_and_accepts_the_right_one(qtbot, users_db) -> None:
    with Store.open(users_db) as store:
        dialog = LoginDialog(store, "clerk")
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.name.currentText() == "clerk"
        dialog.password.setText("wrong-password")
        dialog.accept()
        assert dialog.user is None and "不正确" in dialog.message.text()
        assert dialog.password.text() == "" and dialog.isVisible()
        dialog.password.setText("secret123")
        with qtbot.waitSignal(dialog.accepted):
            dialog.accept()
        assert dialog.user.name == "clerk" and dialog.user.role == "填报员"


@pytest.fixture
def quiet_app(monkeypatch, tmp_path):
    """run_app as the command line calls it, logging into tmp_path and giving the hook back after."""
    import desktop.app

    monkeypatch.setattr(desktop.app, "log_dir", lambda: tmp_path / "logs")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    return desktop.app.run_app


def test_screenshot_renders_every_register_at_1366x768(qtbot, quiet_app, users_db, tmp_path, capsys,
                                                       monkeypatch) -> None:
    monkeypatch.setenv("CUNWU_USER", "admin")  # a database with users: a screenshot logs in too
    monkeypatch.setenv("CUNWU_PASSWORD", "secret123")
    for reg in catalog().ordered(include_profile=True):
        out = tmp_path / f"{reg.key}.png"
        args = argparse.Namespace(db=str(users_db), register=reg.key, screenshot=str(out), user=None)
        assert quiet_app(args) == 0
        image = QImage(str(out))
        assert (image.width(), image.height()) == (1366, 768), reg.key
    assert not (users_db.parent / (users_db.name + ".backups")).exists()  # a screenshot writes no backup


def test_screenshot_of_a_database_with_users_needs_the_password(quiet_app, users_db, tmp_path, capsys,
                                                                monkeypatch) -> None:
    monkeypatch.delenv("CUNWU_USER", raising=False)
    monkeypatch.delenv("CUNWU_PASSWORD", raising=False)
    out = tmp_path / "x.png"
    args = argparse.Namespace(db=str(users_db), register=None, screenshot=str(out), user=None)
    assert quiet_app(args) == 2 and "截图也要登录" in capsys.readouterr().err
    args.user = "viewer"  # a name alone is not a login
    assert quiet_app(args) == 2 and "用户名或密码不正确" in capsys.readouterr().err
    monkeypatch.setenv("CUNWU_PASSWORD", "not-it")
    assert quiet_app(args) == 2 and not out.exists()
    monkeypatch.setenv("CUNWU_PASSWORD", "secret123")
    assert quiet_app(args) == 0 and out.exists()


def test_screenshot_of_a_missing_database_or_register_fails_cleanly(quiet_app, users_db, tmp_path, capsys,
                                                                    monkeypatch) -> None:
    monkeypatch.setenv("CUNWU_USER", "admin")
    monkeypatch.setenv("CUNWU_PASSWORD", "secret123")
    missing = argparse.Namespace(db=str(tmp_path / "none.db"), register=None, screenshot=str(tmp_path / "x.png"),
                                 user=None)
    assert quiet_app(missing) == 2
    unknown = argparse.Namespace(db=str(users_db), register="nonsense", screenshot=str(tmp_path / "y.png"),
                                 user=None)
    assert quiet_app(unknown) == 2
    assert "没有名为“nonsense”的登记簿" in capsys.readouterr().err


@pytest.mark.slow
def test_cunwu_gui_screenshot_from_the_command_line(users_db, tmp_path) -> None:
    out = tmp_path / "main.png"
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "CUNWU_USER": "admin", "CUNWU_PASSWORD": "secret123"}  # the database is encrypted
    result = subprocess.run([sys.executable, "-m", "desktop.cli", "gui", "--db", str(users_db), "--register",
                             "志愿者", "--screenshot", str(out)], capture_output=True, text=True, cwd=ROOT,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert QImage(str(out)).size().width() == 1366


def test_unexpected_exception_shows_a_copyable_report_and_is_logged(qtbot, tmp_path) -> None:
    log_file = errors.setup_logging(tmp_path)
    try:
        raise ValueError("测试用的意外错误")
    except ValueError as exc:
        dialog = errors.handle_exception(type(exc), exc, exc.__traceback__)
    assert dialog is not None
    assert dialog.isVisible() and dialog.windowTitle() == "程序出错"
    report = dialog.report.toPlainText()
    assert "ValueError: 测试用的意外错误" in report and "村务台账" in report
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == report
    errors.stop_logging()
    assert "测试用的意外错误" in log_file.read_text(encoding="utf-8")
    dialog.close()


def test_first_start_runs_the_wizard_then_opens_as_its_administrator(quiet_app, monkeypatch, tmp_path) -> None:
    from PySide6.QtWidgets import QDialog

    import desktop.app
    import desktop.ui.start.wizard
    from sync.store.users import ADMIN, User

    target = tmp_path / "data" / "cunwu.db"
    monkeypatch.setattr(desktop.app, "default_database", lambda: target)

    class ScriptedWizard:
        def __init__(self, path: Path) -> None:
            self.path, self.user = path, None

        def exec(self) -> QDialog.DialogCode:
            with Store.create_village(self.path, "350322111203", "西山村") as store:
                store.add_user("wenshu", ADMIN, "wenshu2026")
            self.user = User("wenshu", ADMIN, "wenshu")
            return QDialog.DialogCode.Accepted

    opened: list[User] = []
    monkeypatch.setattr(desktop.ui.start.wizard, "FirstRunWizard", ScriptedWizard)
    monkeypatch.setattr(desktop.app, "choose_user", lambda *a: pytest.fail("asked to log in again"))
    monkeypatch.setattr(desktop.app, "_run_window", lambda app, store, args, shot: opened.append(store.user) or 0)
    assert quiet_app(None) == 0
    assert target.exists() and [u.name for u in opened] == ["wenshu"]
