"""The book and the statistics count the same people (one definition: ``sync.reports.counting``), and a
township 合计 that counts a person of two villages once says so in every output.

The demo village lists a 两委 member whose 党组织职务 and 村委会职务 are both 无: the book used to
say 共 8 人 where ``cunwu stats`` said 7."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from support import TODAY

from desktop.cli import main
from sync.demo.township import AS_OF, A
from sync.reports.book import build_book
from sync.store.store import Store

DEDUP = "同一人在多个村只计一次"


def stats_json(db: Path, capsys: pytest.CaptureFixture[str], *more: str, as_of: str = TODAY.isoformat()) -> Any:
    assert main(["stats", str(db), "--json", "--as-of", as_of, *more]) == 0
    return json.loads(capsys.readouterr().out)


def summary(db: Path, register: str, as_of: Any = TODAY, village: str | None = None) -> str:
    with Store.open(db) as store:
        book = build_book(store, register=register, as_of=as_of, village=village, summary_tables=None)
    return "；".join(next(book.sections()).summary)


def share(text: str, label: str) -> tuple[int, int]:
    found = re.search(rf"{label} (\d+)/(\d+)", text)
    assert found, (label, text)
    return int(found.group(1)), int(found.group(2))


def number(text: str, pattern: str) -> float:
    found = re.search(pattern, text)
    assert found, (pattern, text)
    return float(found.group(1))


def test_one_village_same_numbers_in_book_and_stats(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = stats_json(demo_db, capsys)
    committee = data["groups"]["committee"]["total"]["figures"]
    book = summary(demo_db, "committee_members")
    with Store.open(demo_db) as store:
        listed = store.count("committee_members")
    assert number(book, r"共 (\d+) 人") == committee["members"]["n"] < listed
    for label, key in (("女性", "women"), ("35岁及以下", "youth"), ("高中及以上", "high_school"),
                       ("交叉任职", "cross")):
        assert share(book, label) == (committee[key]["n"], committee[key]["d"]), label
    assert number(book, r"平均年龄 ([\d.]+) 岁") == committee["avg_age"]["n"]
    assert "表中另有 1 人不计入：无党组织和村委会职务" in book

    supervision = summary(demo_db, "supervisory_committee")
    assert number(supervision, r"共 (\d+) 人") == data["groups"]["supervision"]["total"]["figures"]["sv_members"]["n"]
    volunteers = summary(demo_db, "volunteers")
    figures = data["groups"]["volunteers"]["total"]["figures"]
    assert number(volunteers, r"共 (\d+) 人") == figures["volunteers"]["n"]
    assert number(volunteers, r"累计服务时长 ([\d.]+) 小时") == figures["hours_total"]["n"]
    organisations = summary(demo_db, "social_organizations")
    assert number(organisations, r"共 (\d+) 个") == data["groups"]["organisations"]["total"]["figures"]["orgs"]["n"]


def test_each_village_of_a_township_agrees_too(sample_township: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = stats_json(sample_township, capsys, as_of=AS_OF.isoformat())
    for row in data["groups"]["committee"]["villages"]:
        book = summary(sample_township, "committee_members", AS_OF, row["village"])
        figures = row["figures"]
        assert number(book, r"共 (\d+) 人") == figures["members"]["n"], row["name"]
        assert share(book, "女性") == (figures["women"]["n"], figures["women"]["d"]), row["name"]


def test_a_township_total_that_counts_a_person_once_says_so(sample_township: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    # 刘志强 is a Party 委员 in 东山村 and a 村委会 委员 in 西山村.
    data = stats_json(sample_township, capsys, as_of=AS_OF.isoformat())
    committee = data["groups"]["committee"]
    villages = [r["figures"]["members"]["n"] for r in committee["villages"]]
    total = committee["total"]["figures"]["members"]["n"]
    assert total == sum(villages) - 1
    note = next(n for n in committee["notes"] if DEDUP in n)
    assert f"{total} 人" in note and f"{sum(villages)} 人" in note
    assert any(DEDUP in n for n in data["groups"]["volunteers"]["notes"])  # 吴芳, in 东山村 and 西山村
    assert not any(DEDUP in n for n in data["groups"]["supervision"]["notes"])  # adds up: no note

    # The text report, the Excel workbook, the township book.
    assert main(["stats", str(sample_township), "--as-of", AS_OF.isoformat()]) == 0
    assert f"注：{note}" in capsys.readouterr().out
    assert main(["stats", str(sample_township), "--as-of", AS_OF.isoformat(), "--excel",
                 str(tmp_path / "s.xlsx")]) == 0
    capsys.readouterr()
    sheet = load_workbook(tmp_path / "s.xlsx")["两委成员"]
    assert f"注：{note}" in [sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)]
    with Store.open(sample_township) as store:
        book = build_book(store, as_of=AS_OF)
    front = next(s for s in book.front if s.title.startswith("乡镇汇总：两委成员"))
    assert front.table.rows[-1][:2] == ("合计", str(total))
    assert note in front.summary

    # One village alone has nothing to de-duplicate.
    one = stats_json(sample_township, capsys, "--village", A, as_of=AS_OF.isoformat())
    assert not any(DEDUP in n for n in one["groups"]["committee"]["notes"])


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_statistics_pdf_says_it_too(qapp, sample_township: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "s.pdf"
    assert main(["stats", str(sample_township), "--as-of", AS_OF.isoformat(), "--pdf", str(pdf)]) == 0
    capsys.readouterr()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s", "", text)
    assert "注：合计中同一人在多个村只计一次（各村相加14人）" in flat  # under 两委成员（人） 13
    assert "注：合计中同一人在多个村只计一次（各村相加5人）" in flat  # under 注册志愿者（人） 4
