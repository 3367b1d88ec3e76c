"""A county (区县民政局) database is made on the command line and opens like the others."""
from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main
from sync.store.schema import SCHEMA_DB_VERSION
from sync.store.store import Store


def test_init_makes_a_county_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "county.db"
    assert main(["init", str(db), "--county-code", "511681", "--county-name", "华蓥市"]) == 0
    assert "已创建区县数据库" in capsys.readouterr().out
    with Store.open(db) as store:
        assert store.is_county and store.is_merged and not store.is_township
        assert store.meta["county_code"] == "511681"
        assert store.village_name == "华蓥市"
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_DB_VERSION
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"townships", "village_townships"} <= tables


@pytest.mark.parametrize("code, says", [("5116", "应为6位数字"), ("511600", "地级市"), ("001681", "省级")])
def test_init_refuses_a_bad_county_code(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        code: str, says: str) -> None:
    db = tmp_path / "county.db"
    assert main(["init", str(db), "--county-code", code, "--county-name", "华蓥市"]) == 2
    assert says in capsys.readouterr().err
    assert not db.exists()


def test_init_county_needs_a_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "c.db"), "--county-code", "511681"]) == 2
    assert "--county-name" in capsys.readouterr().err
