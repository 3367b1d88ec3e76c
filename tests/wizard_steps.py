"""Steps a person takes in the first-run wizard, shared by the tests that set a database up."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from desktop.ui.start.wizard import FirstRunWizard


def shown_wizard(qtbot, path: Path) -> FirstRunWizard:
    """The wizard for a database at ``path``, on screen."""
    wizard = FirstRunWizard(path)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def click(qtbot, wizard: QWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def fill_admin(wizard: FirstRunWizard, name: str, password: str, display: str = "") -> None:
    """The administrator's page: login name, the name shown (if given), the password twice."""
    form = wizard.admin_page.form
    form.name.setText(name)
    if display:
        form.display.setText(display)
    form.password.setText(password)
    form.again.setText(password)
