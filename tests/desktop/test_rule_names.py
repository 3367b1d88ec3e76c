"""Rules reach people by their Chinese names (from forms/definitions/rules.toml); a rule's id
such as R-X-DUP is shown nowhere but in a tooltip: checks panel, cross-village checks, data
status, the statistics' notes and printouts, the Excel import report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableWidget
from window_steps import run_checks

from desktop.ui.township.cross_checks_view import CrossChecksView
from desktop.ui.township.data_status_view import DataStatusView
from forms.model import catalog
from sync.demo.township import AS_OF
from sync.reports.statistics import compute
from sync.store.store import Store

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
RULE_ID = re.compile(r"\b(R-[A-Z]|TERM-SOON)")


def _model_texts(model, parent: QModelIndex = QModelIndex()) -> list[str]:  # noqa: B008
    texts = []
    for row in range(model.rowCount(parent)):
        for column in range(model.columnCount(parent)):
            index = model.index(row, column, parent)
            texts.append(str(index.data() or ""))
        texts += _model_texts(model, model.index(row, 0, parent))
    return texts


def _table_texts(table: QTableWidget) -> list[str]:
    return [table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())
            if table.item(r, c) is not None]


def test_every_rule_has_a_chinese_name_in_its_definition() -> None:
    rules = catalog().rules
    for rule in rules.values():
        assert rule.title and not RULE_ID.search(rule.title), rule.id
        assert re.search(r"[\u4e00-\u9fff]", rule.title), rule.id
    assert catalog().rule_title("R-X-DUP") == "同一身份证号码在多个村任职"


def test_the_checks_panel_names_the_rule_and_keeps_its_id_for_the_tooltip(qtbot, window) -> None:
    panel = run_checks(qtbot, window)
    model = panel.model
    texts = _model_texts(model)
    assert texts and not [t for t in texts if RULE_ID.search(t)]
    column = model.RULE_COLUMN
    assert model.headerData(column, Qt.Orientation.Horizontal) == "规则"
    group = model.index(0, 0)
    shown = {model.index(r, column, group).data(): model.index(r, column, group).data(Qt.ItemDataRole.ToolTipRole)
             for r in range(model.rowCount(group))}
    rules = window.store.catalog.rules
    for name, tip in shown.items():
        rule_id = tip.split()[-1]
        assert rules[rule_id].title == name


def test_cross_village_checks_name_rules_and_keep_ids_out_of_sight(qtbot, sample_township: Path) -> None:
    view = CrossChecksView(sample_township, as_of=AS_OF)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.report is not None and not view.runner.busy, timeout=10_000)
    headers = [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]
    assert headers == ["级别", "规则", "村（社区）", "说明"]
    texts = _table_texts(view.table)
    kinds = [view.kind_box.itemText(i) for i in range(view.kind_box.count())]
    assert not [t for t in texts + kinds if RULE_ID.search(t)]
    names = [view.table.item(r, 1).text() for r in range(view.table.rowCount())]
    assert "同一身份证号码在多个村任职" in names and "同一志愿者在多个村注册" in names
    dup = names.index("同一身份证号码在多个村任职")
    assert view.table.item(dup, 1).toolTip() == "规则编号 R-X-DUP"
    view.table.cellClicked.emit(dup, 0)
    assert not RULE_ID.search(view.records.caption.text())
    assert "同一身份证号码在多个村任职" in view.records.caption.text()


def test_data_status_shows_no_rule_ids(qtbot, sample_township: Path) -> None:
    view = DataStatusView(sample_township, as_of=AS_OF)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.report is not None and not view.runner.busy, timeout=10_000)
    for row in range(view.table.rowCount()):
        view.table.cellClicked.emit(row, 0)
        assert not RULE_ID.search(view.records.caption.text())
        assert not [t for t in _table_texts(view.records.table) if RULE_ID.search(t)]
    assert not [t for t in [*_table_texts(view.table), view.summary.text()] if RULE_ID.search(t)]


def test_statistics_notes_and_column_help_name_rules_not_ids(sample_township: Path) -> None:
    store = Store.open(sample_township)
    try:
        report = compute(store, as_of=AS_OF)
    finally:
        store.close()
    for group in report.groups.values():
        said = [*group.notes, *(c.help for c in group.columns), *(c.label for c in group.columns)]
        assert not [t for t in said if RULE_ID.search(t)], group.key


def test_the_excel_import_report_names_no_rule_ids(store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    from forms.identifiers import id_check_char
    from sync.excel.roster_import import import_excel

    def ident(birth: str, seq: str) -> str:
        return f"350322{birth}{seq}" + id_check_char(f"350322{birth}{seq}")

    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "民族", "政治面貌", "党内职务", "行政职务", "任职时间"])
    # Two members only: the register checks after the import find the committees too small.
    ws.append(["王伟", ident("19750301", "013"), "汉族", "中共党员", "书记", "主任", "2026-03-18"])
    ws.append(["林秀英", ident("19800512", "024"), "汉族", "中共党员", "组织委员", "委员", "2026-03-18"])
    path = tmp_path / "两委.xlsx"
    wb.save(path)
    report = import_excel(store, "committee_members", path, dry_run=True)
    assert report.register_issues
    text = "\n".join(report.lines())
    assert "整表检查" in text and not RULE_ID.search(text)
