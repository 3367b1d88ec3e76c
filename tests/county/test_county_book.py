"""The county's book: the county's summary (a row per township), the checks across townships,
then per township its summary (a row per village); a village's registers only when asked."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from county.fixtures import AS_OF, T2, County, D, build_county
from desktop.cli import main
from sync.reports.county_book import build_county_book
from sync.store.store import Store


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> County:
    return build_county(tmp_path_factory.mktemp("county"))


def test_the_county_book_is_summaries_not_registers(county: County) -> None:
    with Store.open(county.county) as store:
        book = build_county_book(store, as_of=AS_OF)
    assert book.title == "仙游县村务台账汇编"
    assert dict(book.cover.lines)["所辖乡镇（街道）"] == "2 个"
    assert dict(book.cover.lines)["村（社区）"] == "6 个"
    first = book.front[0]
    assert first.title == "区县汇总：两委成员（截至 2026-11-21）"
    assert [row[:2] for row in first.table.rows] == [("榜头镇（350322111）", "13"), ("枫亭镇（350322112）", "7"),
                                                     ("区县合计", "19")]
    assert first.summary[0].startswith("区县合计中同一人")  # not the engine's 各村相加 note
    checks = book.front[-1]
    assert checks.title == "跨乡镇检查" and "刘志强" in checks.table.rows[0][2]
    assert [p.title for p in book.parts] == ["榜头镇（350322111）", "枫亭镇（350322112）"]
    # Only summaries: the page count grows with the townships, not with the villages' records.
    assert {s.key for s in book.sections()} == {"summary"}
    assert len(book.parts[1].sections) == len(book.front) - 1
    village_rows = [row[0] for row in book.parts[1].sections[0].table.rows]
    assert village_rows == ["海滨村", "霞街村", "枫亭社区", "合计"]


def test_print_book_of_a_county_one_township_and_one_village(county: County, tmp_path: Path, qapp,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    # qapp: the window's QApplication exists before printing would make a bare QGuiApplication
    whole, one, village = tmp_path / "county.pdf", tmp_path / "t2.pdf", tmp_path / "village.pdf"
    assert main(["print-book", str(county.county), "--out", str(whole)]) == 0
    assert main(["print-book", str(county.county), "--out", str(one), "--township", T2]) == 0
    assert main(["print-book", str(county.county), "--out", str(village), "--village", D]) == 0
    capsys.readouterr()
    text = subprocess.run(["pdftotext", "-layout", str(whole), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "仙游县村务台账汇编" in text and "区县合计" in text and "十四、榜头镇（350322111）" in text
    one_text = subprocess.run(["pdftotext", str(one), "-"], capture_output=True, text=True, check=True).stdout
    assert "枫亭镇汇总" in one_text and "榜头镇汇总" not in one_text
    village_text = subprocess.run(["pdftotext", str(village), "-"], capture_output=True, text=True,
                                  check=True).stdout
    assert "海滨村村务台账" in village_text and "林海" in village_text


@pytest.mark.parametrize("more, says", [
    (["--township", "350322999"], "没有代码为 350322999 的乡镇"),
    (["--village", "350322999201"], "区县数据库中没有代码为“350322999201”的村"),
    (["--register", "两委成员"], "区县台账只打印汇总"),
])
def test_bad_requests_are_refused_in_chinese(county: County, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             more: list[str], says: str, qapp) -> None:
    out = tmp_path / "x.pdf"
    assert main(["print-book", str(county.county), "--out", str(out), *more]) == 2
    assert says in capsys.readouterr().err
    assert not out.exists()
