"""How the clerk arranged the window (where a splitter was dragged), kept on this PC between runs.

An INI file beside the database's default place (in portable mode beside the program), not in
the database: it belongs to the PC and its screen, and never travels in a sync package.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter

from sync.store.paths import data_dir

FILE_NAME = "ui-state.ini"
# Another file (tests give each test its own, so no test sees where another dragged a splitter).
ENV_FILE = "CUNWU_UI_STATE"


def settings() -> QSettings:
    path = os.environ.get(ENV_FILE) or str(data_dir() / FILE_NAME)
    return QSettings(str(Path(path)), QSettings.Format.IniFormat)


def save_splitter(splitter: QSplitter, key: str) -> None:
    store = settings()
    store.setValue(f"{key}/splitter", splitter.saveState())
    store.sync()


def restore_splitter(splitter: QSplitter, key: str) -> bool:
    """Put the splitter where it was left; False (and untouched) if it never was moved."""
    state = settings().value(f"{key}/splitter")
    return isinstance(state, QByteArray) and splitter.restoreState(state)
