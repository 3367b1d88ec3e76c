"""`cunwu --selftest` runs end to end headless, and fails loudly with its reason."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=full_env, timeout=300)


def test_selftest_passes_and_reports_start_up_time() -> None:
    result = run("--selftest")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for step in ("definitions load", "export and import a sync package", "print a PDF page with Chinese text",
                 "open the main window"):
        assert f"ok    {step}" in out
    assert "start to visible main window:" in out and "self-test passed" in out


def test_selftest_fails_with_the_step_that_broke(tmp_path: Path) -> None:
    # A sitecustomize that breaks the PDF writer, as a missing font or data file would.
    (tmp_path / "sitecustomize.py").write_text(
        "import desktop.printing.pdf as pdf\n"
        "def broken(*a, **k):\n"
        "    raise FileNotFoundError('font file missing')\n"
        "pdf.write_book_pdf = broken\n", encoding="utf-8")
    result = run("--selftest", env={"PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"})
    assert result.returncode == 1
    assert "FAIL  print a PDF page with Chinese text" in result.stdout
    assert "font file missing" in result.stdout
