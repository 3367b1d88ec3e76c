"""The first-run wizard's third choice: a county's (区县民政局) database, with its 6-digit code."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from wizard_steps import click, fill_admin, shown_wizard

from sync.store.store import Store

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]



def test_the_wizard_sets_up_a_county(qtbot, tmp_path) -> None:
    path = tmp_path / "data" / "cunwu.db"
    wizard = shown_wizard(qtbot, path)
    welcome = wizard.welcome_page
    qtbot.waitUntil(welcome.village.hasFocus)
    qtbot.keyClick(welcome.village, Qt.Key.Key_Down)
    qtbot.keyClick(welcome.township, Qt.Key.Key_Down)  # the third choice, by the arrow keys
    assert welcome.county.isChecked() and not welcome.township.isChecked()
    assert "6位" in welcome.after.text() and "乡镇生成专用注册文件" in welcome.after.text()
    qtbot.keyClick(welcome.county, Qt.Key.Key_Return)  # 下一步
    page = wizard.county_page
    assert wizard.currentPage() is page and page.title() == "本区县基本情况"
    qtbot.waitUntil(page.name.hasFocus)
    page.name.setText("华蓥市")
    qtbot.keyClicks(page.code, "350322111")  # a township's code: too long for a county
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is page and "6位" in page.messages["code"].text()
    page.code.setText("511681")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.admin_page
    click(qtbot, wizard, QWizard.WizardButton.BackButton)  # back to the county's page
    assert wizard.currentPage() is page
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    fill_admin(wizard, "minzheng", "zhen2026")
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert wizard.currentPage() is wizard.recovery_page
    qtbot.mouseClick(wizard.recovery_page.panel.kept, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(wizard.accepted):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    with Store.open(path) as store:
        assert store.is_county and not store.is_township
        assert (store.meta["county_code"], store.meta["county_name"]) == ("511681", "华蓥市")


def test_a_county_database_opens_in_the_township_window(qtbot, tmp_path, monkeypatch) -> None:
    """The app's own start (a screenshot run, no wizard): a county database opens the window
    that lists villages and imports sticks, not a village's."""
    import argparse

    import desktop.app
    import desktop.ui.township.township_window as township_window

    opened: list[object] = []

    class Seen(township_window.TownshipWindow):
        def __init__(self, store, *args, **kwargs) -> None:
            super().__init__(store, *args, **kwargs)
            opened.append(store.meta["county_code"])

    monkeypatch.setattr(township_window, "TownshipWindow", Seen)
    monkeypatch.setattr(desktop.app, "log_dir", lambda: tmp_path / "logs")
    db = tmp_path / "county.db"
    Store.create_county(db, "511681", "华蓥市").close()
    out = tmp_path / "county.png"
    args = argparse.Namespace(db=str(db), register=None, screenshot=str(out), user=None)
    assert desktop.app.run_app(args) == 0
    assert opened == ["511681"] and out.exists()
