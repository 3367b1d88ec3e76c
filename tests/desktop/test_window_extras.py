"""Statistics, Excel and print features reached from the village window."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop.ui.village import extras

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _menu_actions(window) -> dict[str, object]:
    found = {}
    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is None:
            continue
        for action in menu.actions():
            found[action.objectName()] = action
            if action.menu() is not None:
                for sub in action.menu().actions():
                    found[sub.objectName()] = sub
    return found


def test_statistics_page_in_the_navigation(qtbot, window) -> None:
    from desktop.ui.stats.stats_view import StatisticsView

    assert extras.STATS_PAGE in window.pages
    assert extras.STATUS_PAGE not in window.pages  # a village has no data-status page
    view = window.show_page(extras.STATS_PAGE)
    assert isinstance(view, StatisticsView)
    qtbot.waitUntil(lambda: view.report is not None, timeout=30_000)
    holders = [r for r in window.store.records("committee_members")
               if (r["党组织职务"] != "无" or r["村委会职务"] != "无") and r["在任状态"] != "离任"]
    assert view.report.figure("committee", "members").n == len(holders)


def test_file_menu_offers_excel_and_print(window, clerk_window, viewer_window) -> None:
    actions = _menu_actions(window)
    for name in ("excel-import", "excel-export-one", "excel-export-all", "excel-template", "print-book"):
        assert name in actions
    assert _menu_actions(viewer_window)["excel-import"].isEnabled() is False
    assert _menu_actions(clerk_window)["excel-import"].isEnabled() is True


def test_export_current_register_writes_a_roster(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "两委.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.show_register("committee_members")
    # The question full or masked numbers (tests/desktop/test_export_ids_question.py): masked.
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().defaultButton().click())
    extras.export_roster(window, current=True)
    qtbot.waitUntil(target.exists, timeout=30_000)
    qtbot.waitUntil(lambda: not window.worker.busy(), timeout=30_000)
    sheet = load_workbook(target).active
    names = {c.value for row in sheet.iter_rows() for c in row}
    for member in window.store.records("committee_members"):
        assert member["姓名"] in names
    assert "已导出" in window.statusBar().currentMessage()


def test_template_is_saved(window, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "模板.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.show_register("volunteers")
    extras.save_template(window)
    workbook = load_workbook(target)
    assert workbook.active.data_validations.dataValidation  # drop-down lists for choice fields


def test_import_dialog_opens_on_the_current_register(qtbot, window) -> None:
    window.show_register("volunteers")
    extras.import_roster(window)
    dialog = window.excel_import_dialog
    qtbot.waitExposed(dialog)
    assert dialog.isVisible()
    dialog.reject()
