"""The county's statistics: the township engine over every village of the county, with a
per-township breakdown; persons counted once across townships (issue 17)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from county.fixtures import AS_OF, T1, T2, County, D, add_moved_village, build_county
from desktop.cli import main
from sync.demo.township import A, B

DAY = ["--as-of", AS_OF.isoformat()]


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> County:
    return build_county(tmp_path_factory.mktemp("county"))


def stats(capsys: pytest.CaptureFixture[str], db: Path, *more: str) -> dict[str, Any]:
    assert main(["stats", str(db), "--json", *DAY, *more]) == 0
    return json.loads(capsys.readouterr().out)


def totals(report: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(g, k): f for g, grp in report["groups"].items() for k, f in grp["total"]["figures"].items()}


def villages(report: dict[str, Any]) -> dict[tuple[str, str, str], Any]:
    return {(g, row["village"], k): f for g, grp in report["groups"].items() if g != "status"
            for row in grp["villages"] for k, f in row["figures"].items()}


# The figures over persons where 刘志强 (两委 in 榜头镇 and 枫亭镇) or 吴芳 (volunteer in both)
# is counted once in the county but once in each township: county = 榜头镇 + 枫亭镇 − 1.
PERSON_ONCE = {("committee", "members"), ("committee", "vc"), ("committee", "age_46_55"),
               ("volunteers", "volunteers")}


def test_the_county_is_the_sum_of_its_townships_with_shared_persons_once(
        county: County, capsys: pytest.CaptureFixture[str]) -> None:
    whole = stats(capsys, county.county)
    own = {t: stats(capsys, path) for t, path in county.townships.items()}
    c, t1, t2 = totals(whole), totals(own[T1]), totals(own[T2])
    assert c[("committee", "members")]["n"] == 19 == t1[("committee", "members")]["n"] + 7 - 1
    compared = 0
    for key, fig in c.items():
        if fig["kind"] != "count" or key[0] == "status":
            continue
        expected = t1[key]["n"] + t2[key]["n"] - (1 if key in PERSON_ONCE else 0)
        assert fig["n"] == expected, key
        compared += 1
    assert compared > 80  # every count of every group, not a handful
    # Each village's row is the same figure at the county as at its township.
    for t in (T1, T2):
        mine = villages(own[t])
        assert mine and all(whole_fig == mine[k] for k, whole_fig in villages(whole).items() if k in mine)


def test_each_township_total_is_the_township_own_total(county: County,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    whole = stats(capsys, county.county)
    parts = {t["code"]: t for t in whole["townships"]}
    assert [p["villages"] for p in parts.values()] == [county.villages[T1], county.villages[T2]]
    for t, path in county.townships.items():
        own = totals(stats(capsys, path))
        for (g, k), fig in own.items():
            if g != "status":
                assert parts[t]["totals"][g][k] == fig, (t, g, k)
    assert {v["code"]: v["township"] for v in whole["villages"]}[D] == T2


def test_township_option_limits_to_its_villages(county: County, capsys: pytest.CaptureFixture[str]) -> None:
    one = stats(capsys, county.county, "--township", T2)
    assert [v["code"] for v in one["villages"]] == county.villages[T2]
    assert one["groups"]["committee"]["total"]["figures"]["members"]["n"] == 7
    assert [t["code"] for t in one["townships"]] == [T2]
    assert main(["stats", str(county.county), *DAY, "--township", T1]) == 0
    out = capsys.readouterr().out
    assert "只统计乡镇：榜头镇（350322111）" in out and "枫亭镇" not in out


@pytest.mark.parametrize("option, says", [("--township", "没有代码为 350322999 的乡镇"),
                                          ("--village", "没有代码为 350322999 的村")])
def test_an_unknown_township_or_village_is_refused(county: County, capsys: pytest.CaptureFixture[str],
                                                   option: str, says: str) -> None:
    assert main(["stats", str(county.county), *DAY, option, "350322999"]) == 2
    captured = capsys.readouterr()
    assert says in captured.err and "Traceback" not in captured.err and captured.out == ""


def test_township_option_is_for_counties_only(county: County, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(county.townships[T1]), *DAY, "--township", T1]) == 2
    assert "只用于区县数据库" in capsys.readouterr().err
    own = stats(capsys, county.townships[T1])
    assert "townships" not in own and "county" not in own  # the township's JSON as before


def test_text_report_lists_townships_then_the_county_total(county: County,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(county.county), *DAY]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "仙游县（区县）（350322）村务统计"
    table = lines[lines.index("【各乡镇（街道）】") + 2:][:3]
    assert table[0].split()[:3] == ["榜头镇（350322111）", "3", "13"]
    assert table[1].split()[:3] == ["枫亭镇（350322112）", "3", "7"]
    assert table[2].split()[:3] == ["区县合计（跨乡镇重复的人只计一次）", "6", "19"]


def test_village_option_gives_one_village(county: County, capsys: pytest.CaptureFixture[str]) -> None:
    one = stats(capsys, county.county, "--village", D)
    assert [v["code"] for v in one["villages"]] == [D]
    assert one["groups"]["committee"]["total"]["figures"]["members"]["n"] == 3


def test_cross_township_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    made = build_county(tmp_path / "c")
    rules = [c["rule"] for c in stats(capsys, made.county)["checks"]]
    assert rules.count("R-X-TWP-DUP") == 1 and "R-X-TWP-TWICE" not in rules
    dup = next(c for c in stats(capsys, made.county)["checks"] if c["rule"] == "R-X-TWP-DUP")
    assert "刘志强" in dup["message"] and "榜头镇、枫亭镇" in dup["message"]
    assert set(dup["villages"]) == {A, B, D}
    # 西山村 was reported by 枫亭镇 until October, then by 榜头镇: listed with both dates, counted in 榜头镇.
    add_moved_village(made.county, B, T2, "2026-03-01T08:00:00", "2026-10-01T08:00:00")
    found = stats(capsys, made.county)
    twice = [c for c in found["checks"] if c["rule"] == "R-X-TWP-TWICE"]
    assert [c["villages"] for c in twice] == [[B]]
    assert twice[0]["message"] == ("西山村（350322111202）由榜头镇（2026-11-20 至 2026-11-20）、"
                                   "枫亭镇（2026-03-01 至 2026-10-01）报送；现按最近报送的榜头镇统计")
    assert {t["code"]: t["villages"] for t in found["townships"]}[T1] == [A, B, "350322111203"]
    # One township's statistics list only what concerns its villages.
    only = stats(capsys, made.county, "--township", T2)
    assert not [c for c in only["checks"] if c["rule"] == "R-X-TWP-TWICE"]


def test_a_village_last_package_at_the_county_is_what_its_township_carried(
        county: County, capsys: pytest.CaptureFixture[str]) -> None:
    whole = stats(capsys, county.county)
    status = {row["village"]: row["figures"] for row in whole["groups"]["status"]["villages"]}
    assert status[D]["last_date"]["text"] == "2026-11-01" and status[D]["last_sequence"]["text"] == "3"
    assert not [c for c in whole["checks"] if "从未报送" in c["message"]]


def test_the_volunteers_scans_run_once_for_the_county_and_its_townships(
        county: County, monkeypatch: pytest.MonkeyPatch) -> None:
    """The townships' runs reuse the county run's volunteer counts (they count every village
    whatever the scope): one scan, and the same figures as each township counted on its own."""
    from sync.reports import county as county_stats
    from sync.reports import statistics
    from sync.reports.stats import volunteer_sql
    from sync.store.store import Store

    store = Store.open(county.county)
    try:
        alone = {t: statistics.compute(store, as_of=AS_OF, villages=vs).as_json(with_records=True)
                 for t, vs in county.villages.items()}
        scans = []
        counted = volunteer_sql.count_villages
        monkeypatch.setattr(volunteer_sql, "count_villages",
                            lambda *args: scans.append(1) or counted(*args))
        both = county_stats.compute_county(store, as_of=AS_OF)
        assert len(scans) == 1  # was 1 + one per township
        assert {t.code: t.report.as_json(with_records=True) for t in both.townships} == alone
    finally:
        store.close()
