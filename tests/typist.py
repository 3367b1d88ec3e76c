"""Typing as a person types: ASCII as key presses, Chinese as an input method's commit.

A real IME hands the widget whole committed words (QInputMethodEvent), not key events, so
tests that type Chinese must do the same or they test a path no clerk takes."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` (which has the focus or takes the events directly)."""
    for run in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
        if run.isascii():
            QTest.keyClicks(widget, run)
        else:
            commit(widget, run)


def commit(widget: QWidget, text: str) -> None:
    """What an input method sends when the clerk picks a word."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def focus_field(qtbot: Any, form: Any, field: str) -> QWidget:
    """Click into a form's field as a person does: the form active, the field focused, its
    text selected (typing replaces it)."""
    edit = form.panel.editors[field].focus_widget()
    if QApplication.activeWindow() is not form:
        form.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.selectAll()
    return edit
