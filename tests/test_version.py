"""desktop.version: one public answer to "which version is this", for the command line, windows and self test."""

from __future__ import annotations

import sys
import types
from importlib.metadata import version

import pytest

from desktop.cli import build_parser
from desktop.version import baked_version, program_version


def test_a_source_checkout_reports_the_installed_package_version() -> None:
    assert program_version() == version("cunwu")


def test_a_frozen_program_reports_the_version_packaging_baked_in(monkeypatch: pytest.MonkeyPatch) -> None:
    baked = types.ModuleType("desktop.frozen_version")
    baked.VERSION = "9.8.7"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "desktop.frozen_version", baked)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert baked_version() == "9.8.7"
    assert program_version() == "9.8.7"


def test_without_a_baked_file_there_is_no_baked_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "desktop.frozen_version", None)  # import fails
    assert baked_version() is None
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert program_version() == version("cunwu")


def test_cunwu_version_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--version"])
    assert capsys.readouterr().out.strip() == f"cunwu {program_version()}"
