"""Which screen Qt will draw on, decided before Qt starts: is there a display at all, or an
offscreen screen of a given size and scaling (``cunwu gui --screenshot --screen``, the screen tour).

Qt-free, so the command line and the printing code can ask it without importing the windows.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def display_available() -> bool:
    """True when Qt can open windows here: Windows, macOS, an X or Wayland display, or one of
    Qt's platforms that need none (offscreen, minimal, vnc)."""
    if sys.platform in ("win32", "darwin"):
        return True
    platform = os.environ.get("QT_QPA_PLATFORM", "").partition(":")[0]  # offscreen:configfile=…
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or platform in ("offscreen", "minimal", "vnc"))


def use_offscreen_screen(size: tuple[int, int], scale: float, folder: Path) -> None:
    """Before the QApplication exists: Qt's offscreen platform with one screen of ``size``
    physical pixels, drawn at ``scale`` (QT_SCALE_FACTOR)."""
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": f"{size[0]}x{size[1]}", "x": 0, "y": 0, "width": size[0], "height": size[1],
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    set_scale(scale)


def set_scale(scale: float) -> None:
    """Qt's scaling (1.5 is the 150 % of many office PCs); 1 leaves it unset."""
    if scale != 1:
        os.environ["QT_SCALE_FACTOR"] = f"{scale:g}"
    else:
        os.environ.pop("QT_SCALE_FACTOR", None)
