"""What the statistics page says around its figures: the 合计 that counts a person of two
villages once says so under the table; a hint to click numbers only where there are numbers;
no 用时 0.0 秒."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.ui.stats.stats_view import StatisticsView, took
from desktop.ui.township.cross_checks_view import CrossChecksView
from desktop.ui.township.data_status_view import DataStatusView
from sync.demo.township import AS_OF, A

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
DEDUP = "合计（同一人在多个村只计一次）"


def loaded(qtbot, view):
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    qtbot.waitUntil(lambda: view.report is not None and not view.runner.busy, timeout=10_000)
    return view


def test_the_deduplicated_total_is_explained_under_the_table(qtbot, sample_township: Path) -> None:
    view = loaded(qtbot, StatisticsView(sample_township, as_of=AS_OF))
    notes = view.findChild(type(view.status), "notes-committee")
    assert notes.isVisible()
    assert notes.text().startswith(f"注：{DEDUP}：13 人；各村相加为 14 人")
    model = view.model("committee")
    assert DEDUP in model.index(3, 0).data(Qt.ItemDataRole.ToolTipRole)  # on the 合计 row itself
    view.tabs.setCurrentIndex(3)  # 监委会: the villages add up, nothing to explain
    supervision = view.findChild(type(view.status), "notes-supervision")
    assert supervision.isVisible() and DEDUP not in supervision.text()


def test_one_village_has_no_deduplication_note(qtbot, sample_township: Path) -> None:
    view = loaded(qtbot, StatisticsView(sample_township, as_of=AS_OF))
    view.village_box.setCurrentIndex(view.village_box.findData(A))
    view.refresh()
    qtbot.waitUntil(lambda: not view.runner.busy and view.report.village_filter == A, timeout=10_000)
    assert DEDUP not in view.findChild(type(view.status), "notes-committee").text()


def test_hint_to_click_numbers_only_once_there_are_numbers(qtbot, sample_township: Path) -> None:
    view = StatisticsView(sample_township, as_of=AS_OF)
    qtbot.addWidget(view)
    assert view.records.caption.text() == ""  # still computing: nothing to click yet
    loaded(qtbot, view)
    assert view.records.caption.text() == "点击表格中的数字，可在此查看对应的记录"


def test_report_pages_say_what_to_click(qtbot, sample_township: Path) -> None:
    status = loaded(qtbot, DataStatusView(sample_township, as_of=AS_OF))
    checks = loaded(qtbot, CrossChecksView(sample_township, as_of=AS_OF))
    assert status.records.caption.text().startswith("点击一个村")
    assert checks.records.caption.text().startswith("点击一项检查")
    assert "数字" not in status.records.caption.text() + checks.records.caption.text()


def test_time_taken_is_said_only_when_it_is_worth_saying(qtbot, sample_township: Path) -> None:
    view = loaded(qtbot, StatisticsView(sample_township, as_of=AS_OF))
    assert view.report.seconds < 1
    assert "用时" not in view.status.text()
    assert took(0.04) == "" and took(0.96) == ""
    assert took(1.2) == "；用时 1 秒" and took(12.6) == "；用时 13 秒"
