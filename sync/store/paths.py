"""Where Cunwu keeps its files: the user's data directory, or beside the program."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP = "Cunwu"
PORTABLE_MARKER = "cunwu-portable.txt"


def program_dir() -> Path:
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2]  # sync/store/paths.py → the checkout


def is_portable() -> bool:
    flag = os.environ.get("CUNWU_PORTABLE", "").strip().lower()
    if flag in ("0", "false", "no", "off"):
        return False
    return bool(flag) or (program_dir() / PORTABLE_MARKER).exists()


def data_dir() -> Path:
    if is_portable():
        path = program_dir() / "data"
    else:
        path = Path(platformdirs.user_data_dir(APP, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = data_dir() / "logs" if is_portable() else Path(platformdirs.user_log_dir(APP, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database() -> Path:
    return data_dir() / "cunwu.db"
