"""Where Cunwu keeps its files: the user's data directory, or beside the program in portable mode."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sync.store import paths


@pytest.fixture
def frozen_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A frozen program at ``tmp/USB/cunwu/cunwu``, with the user's folders elsewhere in ``tmp``."""
    program = tmp_path / "USB" / "cunwu"
    program.mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program / "cunwu"))
    # setenv first so that teardown also removes the variable if `cunwu --portable` set it.
    monkeypatch.setenv("CUNWU_PORTABLE", "")
    monkeypatch.delenv("CUNWU_PORTABLE")
    for var, sub in (("XDG_DATA_HOME", "home-data"), ("XDG_STATE_HOME", "home-state")):
        monkeypatch.setenv(var, str(tmp_path / sub))
    return program


def test_frozen_program_dir_is_the_executables_folder(frozen_program: Path) -> None:
    assert paths.program_dir() == frozen_program.resolve()


def test_source_checkout_program_dir_is_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert (paths.program_dir() / "sync" / "store" / "paths.py").is_file()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders are Linux's")
def test_installed_mode_keeps_data_in_the_users_folders(frozen_program: Path, tmp_path: Path) -> None:
    assert not paths.is_portable()
    assert paths.default_database() == tmp_path / "home-data" / "Cunwu" / "cunwu.db"
    assert paths.data_dir().is_dir()
    log = paths.log_dir()
    assert log.is_dir() and tmp_path / "home-state" in log.parents
    assert frozen_program not in paths.data_dir().parents and frozen_program not in log.parents


def test_marker_file_beside_the_program_makes_it_portable(frozen_program: Path) -> None:
    (frozen_program / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert paths.is_portable()
    assert paths.data_dir() == frozen_program / "data"
    assert paths.log_dir() == frozen_program / "data" / "logs"
    assert paths.default_database() == frozen_program / "data" / "cunwu.db"
    assert (frozen_program / "data" / "logs").is_dir()


def test_environment_variable_makes_it_portable(frozen_program: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CUNWU_PORTABLE", "1")
    assert paths.is_portable()
    assert paths.default_database().parent == frozen_program / "data"


def test_marker_elsewhere_does_not_count(frozen_program: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # A marker in the working directory or the USB stick's root is not beside the program.
    (tmp_path / "USB" / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "USB")
    assert not paths.is_portable()


def test_portable_backups_sit_beside_the_database(frozen_program: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sync.store.backup import backup_dir

    monkeypatch.setenv("CUNWU_PORTABLE", "1")
    assert backup_dir(paths.default_database()).parent == frozen_program / "data"


def test_portable_option_of_the_cli_sets_portable_mode(frozen_program: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.cli import main

    assert main(["--portable", "check-id", "11010519491231002X"]) == 0
    capsys.readouterr()
    assert paths.is_portable()
    assert paths.default_database() == frozen_program / "data" / "cunwu.db"


def test_environment_variable_zero_turns_portable_mode_off(frozen_program: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    (frozen_program / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    monkeypatch.setenv("CUNWU_PORTABLE", "0")
    assert not paths.is_portable()
