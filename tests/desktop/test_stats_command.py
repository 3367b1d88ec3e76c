"""``cunwu stats``: text, JSON, Excel; a bad date or village is refused in Chinese."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from sync.demo.township import B, build_sample_township


@pytest.fixture(scope="module")
def township_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stats-cli") / "t.db"
    build_sample_township(path).close()
    return path


def test_json_has_counts_and_denominators(township_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(township_db), "--json", "--as-of", "2026-11-21"]) == 0
    data = json.loads(capsys.readouterr().out)
    women = data["groups"]["committee"]["total"]["figures"]["women"]
    assert (women["n"], women["d"]) == (4, 13)
    assert data["groups"]["volunteers"]["total"]["figures"]["volunteers"]["n"] == 4
    assert {c["rule"] for c in data["checks"]} >= {"R-X-DUP", "R-X-VOL"}
    assert "records" not in women


def test_json_for_one_village_with_records(township_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(township_db), "--json", "--as-of", "2026-11-21", "--village", B,
                 "--records"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scope"]["village"] == B
    members = data["groups"]["committee"]["total"]["figures"]["members"]
    assert members["n"] == 4 and len(members["records"]) == 5


def test_text_report_is_chinese_with_shares(township_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(township_db), "--as-of", "2026-11-21", "--by-village"]) == 0
    out = capsys.readouterr().out
    assert "榜头镇（350322111）村务统计" in out
    assert "【两委成员】" in out and "4 / 13 (30.8%)" in out
    assert "西山村" in out and "【检查结果】" in out and "R-X-VOL" in out


def test_period_and_excel(township_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "stats.xlsx"
    assert main(["stats", str(township_db), "--as-of", "2026-11-21", "--from", "2026-05-01",
                 "--to", "2026-05-31", "--excel", str(out_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert data["groups"]["volunteers"]["total"]["figures"]["hours_period"]["n"] == 3
    assert out_file.stat().st_size > 0


@pytest.mark.parametrize(("args", "message"), [
    (["--as-of", "2026-13-01"], "不是有效日期"),
    (["--village", "350322111299"], "没有代码为 350322111299 的村"),
    (["--from", "2026-06-01", "--to", "2026-05-01", "--as-of", "2026-11-21"], "晚于结束日期"),
])
def test_refusals(township_db: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                  message: str) -> None:
    assert main(["stats", str(township_db), *args]) == 2
    assert message in capsys.readouterr().err
