"""The statistics workbook: one sheet per group, one row per village, a 合计 row, numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from sync.demo.township import AS_OF, build_sample_township
from sync.reports.statistics import compute
from sync.reports.stats_excel import write_excel


@pytest.fixture(scope="module")
def workbook_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("excel")
    store = build_sample_township(folder / "t.db")
    report = compute(store, as_of=AS_OF)
    store.close()
    return write_excel(report, folder / "统计.xlsx")


def test_one_sheet_per_group_then_checks(workbook_path: Path) -> None:
    wb = load_workbook(workbook_path)
    assert wb.sheetnames == ["两委成员", "换届对比（一升一降）", "两委培训、考核与报酬", "村务监督委员会", "村规民约",
                             "社区社会组织", "社会组织分类目标", "志愿者", "志愿服务队、服务对象与表彰", "重大事项决策",
                             "会议与协商", "村务公开", "村级组织",
                             "村级骨干", "村情与荣誉", "数据状态", "检查结果", "说明"]
    assert not [p for p in workbook_path.parent.iterdir() if p.name.startswith(".~")]


def test_rows_per_village_and_total_with_numeric_shares(workbook_path: Path) -> None:
    ws = load_workbook(workbook_path)["两委成员"]
    assert ws["A1"].value.startswith("榜头镇两委成员统计（截至 2026-11-21")
    assert [ws.cell(r, 1).value for r in range(4, 8)] == ["东山村", "西山村", "南山社区", "合计"]
    assert ws.cell(4, 2).value == "350322111201" and ws.cell(7, 2).value == "350322111"
    headers = {ws.cell(2, c).value: c for c in range(1, ws.max_column + 1) if ws.cell(2, c).value}
    members, women = headers["两委成员（人）"], headers["女性"]
    assert [ws.cell(r, members).value for r in range(4, 8)] == [6, 4, 4, 13]
    assert [ws.cell(3, women + i).value for i in range(3)] == ["数量", "分母", "占比"]
    assert (ws.cell(7, women).value, ws.cell(7, women + 1).value) == (4, 13)
    assert ws.cell(7, women + 2).value == pytest.approx(4 / 13)
    assert ws.cell(7, women + 2).number_format == "0.0%"


def test_volunteer_hours_and_checks_sheet(workbook_path: Path) -> None:
    wb = load_workbook(workbook_path)
    ws = wb["志愿者"]
    headers = {ws.cell(2, c).value: c for c in range(1, ws.max_column + 1) if ws.cell(2, c).value}
    assert ws.cell(7, headers["累计服务时长（小时）"]).value == 17
    checks = wb["检查结果"]
    assert [checks.cell(1, c).value for c in (1, 2, 6)] == ["级别", "规则", "规则编号"]
    names = [checks.cell(r, 2).value for r in range(2, checks.max_row + 1)]
    ids = [checks.cell(r, 6).value for r in range(2, checks.max_row + 1)]
    assert "同一身份证号码在多个村任职" in names and "同一志愿者在多个村注册" in names  # names people read
    assert "R-X-DUP" in ids and "R-X-VOL" in ids  # the ids last, to look a rule up


def test_about_sheet_names_settings_in_chinese(workbook_path: Path) -> None:
    ws = load_workbook(workbook_path)["说明"]
    rows = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert rows["设置：任期年限"] == "5 年"
    assert rows["设置：年龄段分界"] == "35、45、55、60 岁"
    assert not [k for k in rows if k.startswith("设置：") and any("a" <= ch <= "z" for ch in k)]
