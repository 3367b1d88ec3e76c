"""数据状态: per village the last package received, records per register, errors, warnings,
open conflicts, and the villages that are missing or stale (R-X-MISSING, R-X-STALE)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.stats_common import RecordList, ReportRunner, store_path
from sync.statistics import Report, default_period
from sync.store import Store

ATTENTION = QColor("#FCE4D6")


class DataStatusView(QWidget):
    """One row per village; villages needing attention are coloured and listed below."""

    openRecord = Signal(str)
    villageChosen = Signal(str)  # double-click on a village row: the window may filter by it

    def __init__(self, source: Store | str | Path, parent: QWidget | None = None,
                 as_of: dt.date | None = None) -> None:
        super().__init__(parent)
        self.store = source if isinstance(source, Store) else Store.open(source)
        self._own_store = not isinstance(source, Store)
        self._as_of = as_of
        self.report: Report | None = None
        self.runner = ReportRunner(store_path(source), self)
        self.runner.finished.connect(self.set_report)
        self.runner.failed.connect(lambda text: self.summary.setText(f"统计失败：{text}"))
        self.summary = QLabel("正在读取……")
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.clicked.connect(self.refresh)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.cellDoubleClicked.connect(self._choose_village)
        self.table.cellClicked.connect(self._show_village_problems)
        self.records = RecordList()
        self.records.openRecord.connect(self.openRecord)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.records)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.refresh()

    def refresh(self) -> None:
        as_of = self._as_of or self.store.reference_date()
        self.summary.setText("正在读取……")
        self.runner.run(as_of, default_period(as_of))

    def set_report(self, report: Report) -> None:
        self.report = report
        group = report.groups["status"]
        self.table.clear()
        self.table.setColumnCount(len(group.columns) + 2)
        labels = ["村（社区）", "统计用区划代码", *(c.label for c in group.columns)]
        self.table.setHorizontalHeaderLabels(labels)
        rows = group.rows
        self.table.setRowCount(len(rows))
        attention = {v for c in report.checks if c.rule in ("R-X-STALE", "R-X-MISSING") for v in c.villages}
        bold = QFont()
        bold.setBold(True)
        for r, row in enumerate(rows):
            cells = [row.name, row.village or report.code,
                     *(row.figures[c.key].display() for c in group.columns)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.village)
                if c >= 2 and group.columns[c - 2].kind != "text":
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if row.village in attention:
                    item.setBackground(QBrush(ATTENTION))
                if row.is_total:
                    item.setFont(bold)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        stale = sum(1 for c in report.checks if c.rule == "R-X-STALE")
        missing = len({v for c in report.checks if c.rule == "R-X-MISSING" for v in c.villages})
        conflicts = int(group.total.figures["conflicts"].n)
        self.summary.setText(f"{len(group.villages)} 个村（社区）；数据过期 {stale} 个，未报送或登记簿为空 "
                             f"{missing} 个；待处理冲突 {conflicts} 条（截至 {report.as_of.isoformat()}）")

    def village_at(self, row: int) -> str:
        item = self.table.item(row, 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ""

    def _choose_village(self, row: int, _column: int) -> None:
        village = self.village_at(row)
        if village:
            self.villageChosen.emit(village)

    def _show_village_problems(self, row: int, _column: int) -> None:
        village = self.village_at(row)
        if not village or self.report is None:
            return
        uuids = [u for c in self.report.checks if village in c.villages for u in c.records]
        errors = [r[0] for reg in self.store.catalog.ordered() for r in self.store.conn.execute(
            f'SELECT uuid FROM "{reg.key}" WHERE _village = ? AND _deleted = 0 AND _errors > 0', (village,))]
        name = self.report.village_names.get(village, village)
        self.records.show_records(self.store, [*errors, *uuids], f"{name}：有错误或被检查提示的记录",
                                  self.report.village_names)

    def closeEvent(self, event: Any) -> None:
        self.runner.cancel()
        self.runner.wait()
        if self._own_store:
            self.store.close()
        super().closeEvent(event)
