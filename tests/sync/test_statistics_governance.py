"""A small township built the way it really is: villages import their 重大事项, 会议 and 公开
rosters (written as village offices write them), send packages on a stick, the township merges
them; ``cunwu stats --json`` must give the totals the rosters were made to hold, as counts with
numerator and denominator, and each figure must lead to its records (statistics.md, "Figures the
reference documents publish")."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from support import TODAY, VILLAGE_CODE
from sync_support import World

from desktop.cli import main
from sync.excel.roster_import import import_excel
from sync.exchange.exporter import export_package
from sync.exchange.identity import enroll
from sync.reports.statistics import compute
from sync.store.store import Store

WEST, NORTH = "350322111203", "350322111204"
SIX = ("提议", "商议", "审议", "决议", "决议公开", "实施结果公开")


def roster(path: Path, title: str, header: list[str], rows: list[list[Any]]) -> Path:
    """A roster as a village office makes one: a title, a 填报单位 line, the header, 合计."""
    wb = Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(["填报单位：（盖章）", None, None, "填报日期：2026年11月20日"])
    ws.append(["序号", *header])
    for i, row in enumerate(rows):
        ws.append([i + 1, *row])
    ws.append(["合计", f"{len(rows)}条"])
    wb.save(path)
    return path


def decisions(complete: int, partial: int) -> list[list[Any]]:
    full = ["2026.3.2", "2026.3.5", "2026.3.9", "2026.3.15", "2026.3.16", "2026.9.30"]
    rows = [[f"完整事项{i + 1}", "年度收支预算", *full, "村民代表会议", 45, 40, 38, "已完成"] for i in range(complete)]
    rows += [[f"进行中事项{i + 1}", "集体经济项目立项及承包", "2026.6.1", "2026.6.3", None, None, None, None,
              None, None, None, None, "未实施"] for i in range(partial)]
    return rows


DECISION_HEADER = ["事项名称", "事项类别", *SIX, "决议方式", "应到人数", "实到人数", "赞成", "实施情况"]
MEETING_HEADER = ["日期", "会议名称", "组别", "会议议题", "应到人数", "参会人数", "协商事项", "解决事项"]
DISCLOSURE_HEADER = ["公开时间", "公开类别", "公开事项", "公开内容", "公开形式", "公示天数", "监委会审核"]


def east_rosters(folder: Path) -> dict[str, Path]:
    meetings = [[f"2026.{m}.10", "村民代表大会", None, f"{m}月村务通报", 45, 40, None, None] for m in (2, 5, 8)]
    meetings += [[f"2026.{m}.12", "组务会", f"{m}组", "组内事务", 60, 45, None, None] for m in range(1, 7)]
    meetings += [["2026.4.18", "恳谈会", None, "垃圾分类收集点选址", None, 26, 3, 3],
                 ["2026.7.2", "议事协商", None, "文化广场开放时间", None, 22, 4, 2],
                 ["2026.3.15", "村民大会", None, "村道硬化筹资", 1650, 900, None, None]]
    disclosures = [[f"2026/{m}/28", "财务公开", f"{m}月财务收支", "财务收支", "公示栏", "15天", "√"]
                   for m in (3, 6, 9)]
    disclosures += [["2026/3/16", "村务公开", "村道硬化决议", "决议", "公示栏", 10, "是"],
                    ["2026/10/8", "村务公开", "低保对象公示", "低保", "微信群", 7, "否"],
                    ["2026/7/1", "党务公开", "党费收缴", "其他", "公示栏", 7, "是"]]
    return {
        "major_decisions": roster(folder / "东山村重大事项.xlsx", "东山村重大事项决策登记表", DECISION_HEADER,
                                  decisions(2, 2)),
        "meetings": roster(folder / "东山村会议记录.xlsx", "东山村会议记录", MEETING_HEADER, meetings),
        "disclosures": roster(folder / "东山村村务公开.xlsx", "东山村村务公开登记", DISCLOSURE_HEADER, disclosures),
    }


def west_rosters(folder: Path) -> dict[str, Path]:
    meetings = [[f"2026.{m}.20", "组务会", "一组", "组内事务", 50, 40, None, None] for m in (3, 5, 7, 9)]
    meetings += [["2026.8.8", "民主协商会", None, "停车位划线", None, 18, 2, 2]]
    disclosures = [["2026/2/1", "村务", "一季度村务", "其他", "公示栏", 7, "是"],
                   ["2026/8/1", "村务", "三季度村务", "其他", "公示栏", 7, "是"]]
    return {
        "major_decisions": roster(folder / "西山村重大事项.xlsx", "西山村重大事项", DECISION_HEADER, decisions(0, 1)),
        "meetings": roster(folder / "西山村会议.xlsx", "西山村会议", MEETING_HEADER, meetings),
        "disclosures": roster(folder / "西山村公开.xlsx", "西山村公开", DISCLOSURE_HEADER, disclosures),
    }


def fill(store: Store, rosters: dict[str, Path]) -> None:
    store.today = TODAY
    for register in ("major_decisions", "meetings", "disclosures"):
        report = import_excel(store, register, rosters[register])
        assert report.ok, "\n".join(report.lines())


@pytest.fixture
def township(world: World, tmp_path: Path) -> Path:
    """东山村 (the world's village) and 西山村 import their rosters; 北山村 keeps none of these
    registers. All three send packages; the township imports the stick."""
    with world.open(world.village) as east:
        fill(east, east_rosters(tmp_path))
    assert world.export() is not None
    for code, name, rosters in ((WEST, "西山村", west_rosters(tmp_path)), (NORTH, "北山村", None)):
        path = tmp_path / f"{code}.db"
        with Store.create_village(path, code, name, {"户数": 400, "常住人口": 1300}) as village:
            village.today = TODAY
            enroll(village, world.enrollment_for(code))
            if rosters:
                fill(village, rosters)
            export_package(village, world.stick)
    summary = world.import_()
    assert summary.ok, [r.describe() for r in summary.results]
    return world.township


def stats_json(db: Path, capsys: pytest.CaptureFixture[str], *more: str) -> dict[str, Any]:
    assert main(["stats", str(db), "--json", "--as-of", TODAY.isoformat(), *more]) == 0
    return json.loads(capsys.readouterr().out)


def total(report: dict[str, Any], group: str) -> dict[str, Any]:
    return report["groups"][group]["total"]["figures"]


def n_d(figure: dict[str, Any]) -> tuple[Any, Any]:
    return figure["n"], figure.get("d")


def test_the_township_reproduces_the_rosters_totals(township: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = stats_json(township, capsys)
    assert [v["code"] for v in report["villages"]] == [VILLAGE_CODE, WEST, NORTH]
    d = total(report, "decisions")
    assert n_d(d["decisions"]) == (5, None)
    assert d["cat:年度收支预算"]["n"] == 2 and d["cat:集体经济项目立项及承包"]["n"] == 3
    assert n_d(d["decisions_six_steps"]) == (2, 5) and d["decisions_six_steps"]["percent"] == 40.0
    assert n_d(d["decisions_villages"]) == (2, 3) and d["decisions_villages"]["villages"] == [VILLAGE_CODE, WEST]
    m = total(report, "meetings")
    assert m["meetings"]["n"] == 3 + 6 + 3 + 5
    assert m["type:村民小组会议"]["n"] == 10 and m["type:民主协商会"]["n"] == 3
    assert m["type:村民代表会议"]["n"] == 3 and m["type:村民会议"]["n"] == 1
    assert m["consult_items"]["n"] == 9 and m["consult_resolved"]["n"] == 7
    assert n_d(m["assembly_villages"]) == (1, 3) and n_d(m["reps_quarterly"]) == (1, 3)
    o = total(report, "disclosures")
    assert o["disclosures"]["n"] == 8
    assert (o["kind:党务"]["n"], o["kind:村务"]["n"], o["kind:财务"]["n"]) == (1, 4, 3)
    assert n_d(o["disclosures_checked"]) == (7, 8)
    assert n_d(o["open_quarterly"]) == (1, 3) and o["open_quarterly"]["villages"] == [VILLAGE_CODE]
    assert n_d(o["self_governance"]) == (1, 3)
    west = next(r for r in report["groups"]["disclosures"]["villages"] if r["village"] == WEST)["figures"]
    assert n_d(west["open_quarterly"]) == (0, 1)  # no posting in the second quarter
    status = {r["village"]: r["figures"] for r in report["groups"]["status"]["villages"]}
    assert [status[v]["n:meetings"]["n"] for v in (VILLAGE_CODE, WEST, NORTH)] == [12, 5, 0]


def test_the_period_decides_what_counts(township: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = stats_json(township, capsys, "--from", "2026-07-01", "--to", "2026-09-30")
    m = total(report, "meetings")
    # 东山村: the 8月 代表会议 and the 7月 议事协商; 西山村: 7月 and 9月 组务会, 8月 协商会.
    assert m["meetings"]["n"] == 2 + 3
    o = total(report, "disclosures")
    assert o["disclosures"]["n"] == 1 + 1 + 1  # 9月 财务, 7月 党务, 西山村 8月 村务
    assert n_d(o["open_quarterly"]) == (2, 3)  # the third quarter alone: 东山村 and 西山村


def test_figures_lead_to_their_records(township: Path) -> None:
    with Store.open(township) as store:
        report = compute(store, as_of=TODAY)
        resolved = report.figure("meetings", "consult_resolved")
        titles = sorted(store.get(u).title for u in resolved.record_uuids(store.conn))
        assert titles == ["停车位划线", "垃圾分类收集点选址", "文化广场开放时间"]
        six = report.figure("decisions", "decisions_six_steps")
        assert sorted(store.get(u).title for u in six.records) == ["完整事项1", "完整事项2"]
        quarterly = report.figure("disclosures", "open_quarterly")
        assert {store.get(u).village for u in quarterly.records} == {VILLAGE_CODE}


def test_no_quarter_ended_in_the_period(township: Path) -> None:
    with Store.open(township) as store:
        report = compute(store, as_of=dt.date(2026, 11, 21), period=(dt.date(2026, 10, 1), dt.date(2026, 11, 21)))
        assert "无" in report.groups["disclosures"].notes[1]
        # Every village keeps the rule when nothing was asked of it yet.
        assert report.figure("disclosures", "open_quarterly").n == 3


def test_the_quarter_rules_are_among_the_townships_checks(township: Path) -> None:
    with Store.open(township) as store:
        report = compute(store, as_of=TODAY)
        found = [(c.rule, c.villages) for c in report.checks if c.rule in ("R-REP-QUARTER", "R-OPEN-QUARTER")]
        # 西山村 held no representatives' meeting at all and posted nothing in the second quarter.
        assert sorted(found) == [("R-OPEN-QUARTER", (WEST,)), ("R-REP-QUARTER", (WEST,))]
        message = next(c.message for c in report.checks if c.rule == "R-OPEN-QUARTER")
        assert message.startswith("西山村·村务公开：") and "第二季度" in message
