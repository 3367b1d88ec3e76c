"""The self-test's report reaches a file when there is no console (the Windows window program),
and its start-up figure counts from the process's real start."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from desktop import selftest

IMPORTED = time.monotonic()  # this process has existed at least since this module was imported


def test_report_goes_to_the_named_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.txt"
    monkeypatch.setenv(selftest.REPORT_ENV, str(target))
    report = selftest._Report()
    report("ok    definitions load (12 ms)")
    report("self-test passed in 1.0 s · 自检通过")
    assert report.save() == target
    assert target.read_text(encoding="utf-8").splitlines() == [
        "ok    definitions load (12 ms)", "self-test passed in 1.0 s · 自检通过"]
    assert "自检通过" in capsys.readouterr().out  # and still on the console


def test_without_a_console_the_report_goes_to_the_log_folder(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # A portable frozen program without stdout, as cunwu.exe started by double-click.
    program = tmp_path / "cunwu"
    program.mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program / "cunwu.exe"))
    monkeypatch.setenv("CUNWU_PORTABLE", "1")
    monkeypatch.delenv(selftest.REPORT_ENV, raising=False)
    report = selftest._Report()
    report.console = None
    report("FAIL  print a PDF page with Chinese text: FontMissing: 找不到可用于打印的中文字体")
    saved = report.save()
    assert saved == program / "data" / "logs" / "selftest.log"
    assert "找不到可用于打印的中文字体" in saved.read_text(encoding="utf-8")


def test_with_a_console_and_no_file_asked_for_nothing_is_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(selftest.REPORT_ENV, raising=False)
    report = selftest._Report()
    report("ok")
    assert report.save() is None


@pytest.mark.skipif(not (sys.platform.startswith("linux") or sys.platform == "win32"),
                    reason="process start time is read on Linux and Windows")
def test_process_age_counts_from_the_process_start() -> None:
    age = selftest.process_age()
    assert age is not None
    assert time.monotonic() - IMPORTED - 0.02 <= age < 24 * 3600  # clock ticks are 10 ms on Linux
