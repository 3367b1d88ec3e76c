"""What the village and township windows share besides the navigation pane: their size on a
1366×768 office screen, how an action is made, the database and user labels of the status bar,
and screenshots."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from sync.store.store import Store

SCREEN_SIZE = QSize(1366, 768)
FILE_MENU = "file-menu"  # objectName of both windows' 文件 menu (desktop/ui/village/extras.py adds to it)


def make_action(parent: QWidget, text: str, slot: Callable[[], Any],
                shortcut: QKeySequence | str | None = None, tip: str = "") -> QAction:
    """An action calling ``slot()``; the tip shows as tooltip and in the status bar."""
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def add_status_labels(window: QMainWindow, store: Store, more: int) -> list[QLabel]:
    """The database (file name, full path as tooltip) and user labels on the right of the status
    bar, then ``more`` empty labels for the window's own figures; returns all of them."""
    path = Path(store.path)
    user = store.user
    database = QLabel(QCoreApplication.translate("StatusBar", "数据库：{0}").format(path.name))
    database.setToolTip(str(path.resolve()))
    who = QLabel(QCoreApplication.translate("StatusBar", "用户：{0}（{1}）").format(user.display or user.name,
                                                                               user.role))
    labels = [database, who, *(QLabel() for _ in range(more))]
    for label in labels:
        label.setContentsMargins(6, 0, 6, 0)
        window.statusBar().addPermanentWidget(label)
    return labels


def save_screenshot(window: QWidget, path: str | Path) -> Path:
    """Render the window at 1366×768 into a PNG (for documentation and checks)."""
    window.resize(SCREEN_SIZE)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(target)):
        raise OSError(f"无法保存截图 {target}")
    return target
