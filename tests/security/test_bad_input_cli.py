"""Bad input on the command line (issue 13): a clean Chinese message naming the field or the
argument, exit code 2, no traceback, nothing half-made."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import VILLAGE_CODE

from desktop.cli import main


def init(tmp_path: Path, capsys: pytest.CaptureFixture[str], *sets: str) -> tuple[int, str, Path]:
    db = tmp_path / "village.db"
    args = ["init", str(db), "--village-code", VILLAGE_CODE, "--village-name", "东山村"]
    for item in sets:
        args += ["--set", item]
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in err + out
    return code, err, db


def test_init_with_a_field_the_profile_does_not_have(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err, _db = init(tmp_path, capsys, "常住人口=2001", "楼栋数=5")
    assert code == 2
    assert "“楼栋数”" in err and "常住人口" in err  # the field, and the fields there are
    assert not list(tmp_path.iterdir())  # no half-made database


def test_init_with_a_value_that_cannot_be_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err, db = init(tmp_path, capsys, "常住人口=很多")
    assert code == 2 and "常住人口" in err and "未创建数据库" in err
    assert not db.exists()


def test_invalid_utf8_in_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # How Python hands over command-line bytes that are not UTF-8 (b"\xff\xfe=5").
    undecodable = b"\xff\xfe=5".decode("utf-8", "surrogateescape")
    code, err, db = init(tmp_path, capsys, undecodable)
    assert code == 2 and "--set" in err and "UTF-8" in err
    assert not db.exists()
    err.encode("utf-8")  # the message itself can be printed


def test_a_good_init_still_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err, db = init(tmp_path, capsys, "常住人口=2001")
    assert code == 0, err
    assert db.exists()
