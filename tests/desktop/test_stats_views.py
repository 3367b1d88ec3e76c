"""The statistics, data-status and checks views, driven as a person would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.ui.stats.stats_view import FLAGGED, StatisticsView
from desktop.ui.township.cross_checks_view import CrossChecksView
from desktop.ui.township.data_status_view import DataStatusView
from sync.demo.township import AS_OF, A, B

pytestmark = pytest.mark.gui


def loaded(qtbot, view):
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.report is not None and not view.runner.busy, timeout=10_000)
    return view


def column_of(model, label: str) -> int:
    return next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == label)


def click_cell(qtbot, table, row: int, column: int) -> None:
    index = table.model().index(row, column)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def test_table_shows_villages_total_and_shares(qtbot, sample_township: Path) -> None:
    view = loaded(qtbot, StatisticsView(sample_township, as_of=AS_OF))
    assert [view.tabs.tabText(i) for i in range(view.tabs.count())] == [
        "两委成员", "换届对比（一升一降）", "两委培训、考核与报酬", "村务监督委员会", "村规民约", "社区社会组织",
        "社会组织分类目标", "志愿者", "志愿服务队、服务对象与表彰", "重大事项决策", "会议与协商", "村务公开",
        "村级组织", "村级骨干", "村情与荣誉"]
    model = view.model("committee")
    women = column_of(model, "女性")
    assert [model.index(r, 0).data() for r in range(4)] == ["东山村", "西山村", "南山社区", "合计"]
    assert model.index(3, women).data() == "4 / 13 (30.8%)"
    # a figure that counts a record with errors is marked, with a tooltip saying so
    party = column_of(model, "村党组织委员")
    assert model.index(1, party).data(Qt.ItemDataRole.BackgroundRole).color() == FLAGGED
    assert "有错误" in model.index(1, party).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, party).data(Qt.ItemDataRole.BackgroundRole) is None
    # both what the checks across records found and how many records carry their own errors/warnings
    report = view.report
    assert "跨村及登记簿检查：错误 2 条" in view.status.text()
    flagged = report.flagged_records()
    assert flagged is not None and flagged[1] > 0  # the sample township's records do carry warnings
    assert f"有错误的记录 {flagged[0]} 条、有警告的记录 {flagged[1]} 条" in view.status.text()


def test_clicking_a_figure_lists_its_records_and_opens_one(qtbot, sample_township: Path) -> None:
    view = loaded(qtbot, StatisticsView(sample_township, as_of=AS_OF))
    table = view._tables["committee"]
    women = column_of(table.model(), "女性")
    with qtbot.waitSignal(view.records.listed):  # found on the worker thread
        click_cell(qtbot, table, 3, women)
    listed = view.records.model
    names = sorted(listed.index(r, 1).data() for r in range(listed.rowCount()))
    assert names == ["何静", "李秀梅", "林美华", "王桂兰"]
    assert "合计·两委成员·女性" in view.records.caption.text()
    view.records.table.selectRow(0)
    with qtbot.waitSignal(view.openRecord) as opened:
        qtbot.mouseClick(view.records.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [view.records.uuid_at(0)]
    assert view.store.get(opened.args[0]).title == listed.index(0, 1).data()


def test_hours_drill_down_runs_its_query(qtbot, sample_township: Path) -> None:
    view = loaded(qtbot, StatisticsView(sample_township, as_of=AS_OF))
    view.tabs.setCurrentIndex(4)
    table = view._tables["volunteers"]
    with qtbot.waitSignal(view.records.listed):
        click_cell(qtbot, table, 3, column_of(table.model(), "期间服务时长（小时）"))
    assert view.records.model.rowCount() == 4
    assert {view.records.model.index(r, 0).data() for r in range(4)} == {"服务记录"}


def test_village_filter_and_recheck(qtbot, sample_township: Path) -> None:
    view = loaded(qtbot, StatisticsView(sample_township, as_of=AS_OF))
    view.village_box.setCurrentIndex(view.village_box.findData(B))
    view.recheck_box.setChecked(True)
    first = view.report
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.report is not first and not view.runner.busy, timeout=10_000)
    assert view.report.village_filter == B and view.report.rechecked
    model = view.model("committee")
    assert model.rowCount() == 2 and model.index(1, column_of(model, "两委成员（人）")).data() == "4"


def test_bad_period_is_refused_in_chinese(qtbot, sample_township: Path) -> None:
    view = loaded(qtbot, StatisticsView(sample_township, as_of=AS_OF))
    view.from_edit.setDate(view.to_edit.date().addDays(1))
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    assert "晚于结束日期" in view.status.text() and not view.runner.busy


def test_chart_bar_click_selects_the_village(qtbot, sample_township: Path) -> None:
    view = loaded(qtbot, StatisticsView(sample_township, as_of=AS_OF))
    chart = view._charts["committee"][0]
    chart.resize(600, 400)
    image = chart.grab().toImage()
    blue = sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
               if QColor(image.pixel(x, y)).name() == "#4472c4")
    assert blue > 50  # the bars are drawn
    bar = chart._bars[1]  # 西山村
    with qtbot.waitSignal(chart.barClicked) as clicked, qtbot.waitSignal(view.records.listed):
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=bar.center().toPoint())
    assert clicked.args == [1]
    assert "西山村·两委成员·女性（0 / 4 (0.0%)）" in view.records.caption.text()


def test_exports_through_the_buttons(qtbot, sample_township: Path, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    view = loaded(qtbot, StatisticsView(sample_township, as_of=AS_OF))
    targets = iter([str(tmp_path / "s.xlsx"), str(tmp_path / "s.pdf")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (next(targets), ""))
    qtbot.mouseClick(view.excel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.status.text().startswith("已保存") and view.excel_button.isEnabled())
    qtbot.mouseClick(view.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.status.text().endswith("s.pdf") and view.pdf_button.isEnabled())
    assert (tmp_path / "s.xlsx").stat().st_size > 0
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")
    assert "已保存" in view.status.text()


def test_data_status_view(qtbot, sample_township: Path) -> None:
    view = loaded(qtbot, DataStatusView(sample_township, as_of=AS_OF))
    assert view.table.rowCount() == 4
    assert [view.table.item(r, 0).text() for r in range(4)] == ["东山村", "西山村", "南山社区", "合计"]
    headers = [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]
    errors = headers.index("错误")
    assert view.table.item(1, errors).text() == "5"
    assert "3 个村（社区）" in view.summary.text()
    with qtbot.waitSignal(view.villageChosen) as chosen:
        view.table.cellDoubleClicked.emit(1, 0)
    assert chosen.args == [B]
    view.table.cellClicked.emit(1, 0)
    assert "西山村" in view.records.caption.text() and view.records.table.rowCount() >= 3


def test_data_status_lists_a_villages_records_with_warnings(qtbot, sample_township: Path) -> None:
    """东山村's 警告 column counts its 村规民约 (voted by a 村民代表会议): clicking the row lists it."""
    view = loaded(qtbot, DataStatusView(sample_township, as_of=AS_OF))
    headers = [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]
    assert view.table.item(0, headers.index("警告")).text() == "1"
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.table.visualItemRect(view.table.item(0, 0)).center())
    records = view.records.table
    rows = {records.item(r, 1).text(): records.item(r, 3).text() for r in range(records.rowCount())}
    assert rows["东山村村规民约（2023年修订）"] == "有警告"
    assert "有错误、警告" in view.records.caption.text()


def test_cross_checks_view_filters_and_opens(qtbot, sample_township: Path) -> None:
    view = loaded(qtbot, CrossChecksView(sample_township, as_of=AS_OF))
    assert view.table.rowCount() == len(view.report.checks) == 8
    view.kind_box.setCurrentIndex(1)  # R-X-DUP
    assert view.table.rowCount() == 1 and "刘志强" in view.table.item(0, 3).text()
    view.table.cellClicked.emit(0, 0)
    listed = [view.records.table.item(r, 2).text() for r in range(view.records.table.rowCount())]
    assert sorted(listed) == ["东山村", "西山村"]
    with qtbot.waitSignal(view.openRecord) as opened:
        view.records.table.itemDoubleClicked.emit(view.records.table.item(0, 0))
    assert view.store.get(opened.args[0]).village in (A, B)
    view.kind_box.setCurrentIndex(4)  # terms ending
    assert view.table.rowCount() == 1 and "张建国" in view.table.item(0, 3).text()


def test_reference_date_moves_a_default_period_but_not_a_chosen_one(qtbot, sample_township: Path) -> None:
    from PySide6.QtCore import QDate

    view = loaded(qtbot, StatisticsView(sample_township, as_of=AS_OF))
    assert [d.isoformat() for d in view.period()] == ["2026-01-01", "2026-11-21"]
    view.as_of_edit.setDate(QDate(2025, 6, 30))
    assert [d.isoformat() for d in view.period()] == ["2025-01-01", "2025-06-30"]
    view.from_edit.setDate(QDate(2024, 7, 1))  # the clerk's own period stays
    view.as_of_edit.setDate(QDate(2025, 12, 31))
    assert [d.isoformat() for d in view.period()] == ["2024-07-01", "2025-06-30"]


def test_village_filter_shows_whole_names(qtbot, sample_township: Path) -> None:
    view = loaded(qtbot, StatisticsView(sample_township, as_of=AS_OF))
    view.resize(1136, 700)
    view.show()
    qtbot.waitExposed(view)
    box = view.village_box
    assert [box.itemText(i) for i in range(box.count())] == ["全部村（社区）", "东山村", "西山村", "南山社区"]
    assert box.itemData(2, Qt.ItemDataRole.ToolTipRole) == f"西山村（{B}）"
    widest = max(box.fontMetrics().horizontalAdvance(box.itemText(i)) for i in range(box.count()))
    assert box.width() >= widest + 20


def test_volunteer_shares_list_their_volunteers_when_clicked(qtbot, sample_township: Path) -> None:
    """志愿服务队… tab: clicking 东山村's 党员志愿者 lists the one Party member among its volunteers."""
    from sync.store.store import Store

    with Store.open(sample_township) as store:
        first = store.records("volunteers", village=A)[0]
        store.edit(first["uuid"], {"政治面貌": "中共党员", "所属志愿服务队": "红马甲志愿服务队"})
    view = loaded(qtbot, StatisticsView(sample_township, as_of=AS_OF))
    view.tabs.setCurrentIndex(8)
    table = view._tables["volunteer_more"]
    model = table.model()
    party = column_of(model, "党员志愿者")
    assert model.index(0, party).data() == "1 / 3 (33.3%)"
    with qtbot.waitSignal(view.records.listed):  # the query runs on the worker thread
        click_cell(qtbot, table, 0, party)
    listed = view.records.model
    assert [listed.index(r, 1).data() for r in range(listed.rowCount())] == [first["姓名"]]
    assert "东山村·志愿服务队、服务对象与表彰·党员志愿者" in view.records.caption.text()
    with qtbot.waitSignal(view.records.listed):
        click_cell(qtbot, table, 0, column_of(model, "志愿服务队（个）"))
    assert view.records.model.rowCount() == 1
