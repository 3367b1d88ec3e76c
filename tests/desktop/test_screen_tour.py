"""Every window and dialog of both windows fits a 1024×768 screen and a 1366×768 screen at 150 %.

The tour (``desktop/ui/screen_tour.py``) runs in a process of its own per screen, since the
screen's size and scaling are fixed when Qt starts: it opens the village and township windows,
the wizard, login, record form, history, checks, users, settings, Excel import preview, the sync
dialogs, conflict review, print preview and the statistics pages as a person would, and reports
what does not fit (outside the available area with the title bar, a button outside the window or
cut off, squeezed text, a form or page that scrolls sideways). ``cunwu gui --screenshot --screen``
renders the window on such a screen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from desktop.ui.screen_tour import STOPS

pytestmark = [pytest.mark.gui]
ROOT = Path(__file__).resolve().parents[2]


def tour(out: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], list[dict[str, object]]]:
    env = {**os.environ, "HOME": str(out)}
    env.pop("QT_SCALE_FACTOR", None)
    result = subprocess.run([sys.executable, "-m", "desktop.ui.screen_tour", str(out), "--no-png", *args],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    report = out / "report.json"
    return result, json.loads(report.read_text(encoding="utf-8")) if report.exists() else []


@pytest.mark.parametrize(("screen", "scale", "area"), [
    ("1024x768", "1", [0, 0, 1024, 768]),
    ("1366x768", "1.5", [0, 0, 911, 512]),  # 1366×768 at 150 %: 910.7×512 logical pixels
])
def test_every_window_and_dialog_fits_the_screen(tmp_path, screen, scale, area) -> None:
    result, stops = tour(tmp_path, "--screen", screen, "--scale", scale)
    assert [s["name"] for s in stops] == list(STOPS), result.stderr[-3000:]
    misfits = {s["name"]: s["problems"] for s in stops if s["problems"]}
    assert not misfits, json.dumps(misfits, ensure_ascii=False, indent=1)
    assert result.returncode == 0, result.stderr[-3000:]
    assert all(s["available"] == area for s in stops)


def test_screenshot_on_a_given_screen_and_scale(users_db, tmp_path) -> None:
    out = tmp_path / "main.png"
    env = {**os.environ, "HOME": str(tmp_path), "CUNWU_USER": "admin", "CUNWU_PASSWORD": "secret123"}
    env.pop("QT_SCALE_FACTOR", None)  # the database has users, so it is encrypted: the login above
    result = subprocess.run([sys.executable, "-m", "desktop.cli", "gui", "--db", str(users_db), "--screenshot",
                             str(out), "--screen", "1024x768", "--scale", "1.5"],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1024, 768)
    refused = subprocess.run([sys.executable, "-m", "desktop.cli", "gui", "--db", str(users_db), "--screenshot",
                              str(out), "--screen", "1024"], capture_output=True, text=True, cwd=ROOT, env=env)
    assert refused.returncode == 2 and "宽x高" in refused.stderr
