"""Journeys: the program driven as a person drives it, real dialogs and all (see screen.py).

Every test module here is marked ``journey`` (``pytestmark``): ./test runs them offscreen with the rest, and .ci/run
runs them a second time under a real X server (Xvfb, ``QT_QPA_PLATFORM=xcb``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from journeys.screen import Person
from PySide6.QtCore import QCoreApplication


@pytest.fixture(autouse=True)
def chinese(qapp: Any) -> Iterator[None]:
    """Qt's own buttons in Chinese (是 / 否 / 取消), as the program installs them at start."""
    from desktop.ui.widgets.i18n import install_translators

    installed = install_translators(qapp)
    yield
    for translator in installed:
        QCoreApplication.removeTranslator(translator)


@pytest.fixture
def person(qtbot: Any) -> Iterator[Person]:
    someone = Person(qtbot)
    yield someone
    someone.stop()
