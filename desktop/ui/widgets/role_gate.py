"""Greying out what the logged-in user's role may not do, with the reason as tooltip.

The core refuses these operations anyway (``sync.store.users.require``); the window only shows
the same decision before the user tries, using the core's own reason (``refusal``).
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop.ui.widgets import msgbox
from sync.store.users import User, refusal


def gate(action: QAction, user: User, what: str) -> bool:
    """Enable ``action`` if ``user`` may do ``what``; otherwise grey it and say why. True if allowed."""
    reason = refusal(user, what)
    action.setEnabled(reason is None)
    if reason is not None:
        action.setToolTip(reason)
        action.setStatusTip(reason)
    return reason is None


def refused(parent: QWidget, action: QAction) -> bool:
    """A greyed action called from code (a script, a test): say why, as its tooltip does. True if
    it was refused."""
    if action.isEnabled():
        return False
    msgbox.warn(parent, action.toolTip(), action.text().rstrip("…"))
    return True
