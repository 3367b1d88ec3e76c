"""Steps in the village window that many tests take the same way a clerk does."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication


def run_checks(qtbot: Any, window: Any) -> Any:
    """Bring the window to the front and press 检查; the checks panel once it has its findings."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    panel = window.checks_panel()
    with qtbot.waitSignal(panel.checked, timeout=30_000):
        window.check_action.trigger()
    return panel
