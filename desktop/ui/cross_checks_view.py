"""跨村检查: the same person in two villages' committees, volunteers counted once, villages
failing a committee rule, terms ending within 12 months, stale or missing villages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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
from sync.statistics import Check, Report, default_period
from sync.stats.status import severity_zh
from sync.store import Store

ERROR_FILL = QColor("#F8CBAD")
# The kinds of finding a township looks at, as (label, test on the rule id).
KINDS: list[tuple[str, Any]] = [
    ("全部", lambda rule: True),
    ("同一人在两个村任职（R-X-DUP）", lambda rule: rule == "R-X-DUP"),
    ("跨村注册志愿者（R-X-VOL）", lambda rule: rule == "R-X-VOL"),
    ("村委会、党组织、监委会、村规民约规则",
     lambda rule: rule.startswith(("R-VC", "R-PC", "R-SV", "R-RULES"))),
    ("任期12个月内届满", lambda rule: rule == "TERM-SOON"),
    ("数据过期或未报送（R-X-STALE / R-X-MISSING）", lambda rule: rule in ("R-X-STALE", "R-X-MISSING")),
]


class CrossChecksView(QWidget):
    openRecord = Signal(str)

    def __init__(self, source: Store | str | Path, parent: QWidget | None = None,
                 as_of: dt.date | None = None) -> None:
        super().__init__(parent)
        self.store = source if isinstance(source, Store) else Store.open(source)
        self._own_store = not isinstance(source, Store)
        self._as_of = as_of
        self.report: Report | None = None
        self.shown: list[Check] = []
        self.runner = ReportRunner(store_path(source), self)
        self.runner.finished.connect(self.set_report)
        self.runner.failed.connect(lambda text: self.summary.setText(f"检查失败：{text}"))
        self.kind_box = QComboBox()
        for label, _ in KINDS:
            self.kind_box.addItem(label)
        self.kind_box.currentIndexChanged.connect(self._fill)
        self.summary = QLabel("正在检查……")
        self.refresh_button = QPushButton("重新检查")
        self.refresh_button.clicked.connect(self.refresh)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["级别", "规则", "项目", "村（社区）", "说明"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellClicked.connect(lambda row, _c: self.show_check(row))
        self.records = RecordList()
        self.records.openRecord.connect(self.openRecord)
        top = QHBoxLayout()
        top.addWidget(QLabel("类别"))
        top.addWidget(self.kind_box)
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
        self.summary.setText("正在检查……")
        self.runner.run(as_of, default_period(as_of))

    def set_report(self, report: Report) -> None:
        self.report = report
        self._fill()

    def _fill(self) -> None:
        if self.report is None:
            return
        test = KINDS[self.kind_box.currentIndex()][1]
        self.shown = [c for c in self.report.checks if test(c.rule)]
        names = self.report.village_names
        self.table.setRowCount(len(self.shown))
        for r, check in enumerate(self.shown):
            villages = "、".join(names.get(v, v) for v in check.villages)
            for c, text in enumerate((severity_zh(check.severity), check.rule, check.title, villages,
                                      check.message)):
                item = QTableWidgetItem(text)
                if check.severity == "error":
                    item.setBackground(QBrush(ERROR_FILL))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        errors = sum(1 for c in self.shown if c.severity == "error")
        self.summary.setText(f"{len(self.shown)} 条（错误 {errors}，警告 {len(self.shown) - errors}），"
                             f"截至 {self.report.as_of.isoformat()}")

    def show_check(self, row: int) -> None:
        if self.report is None or not 0 <= row < len(self.shown):
            return
        check = self.shown[row]
        self.records.show_records(self.store, list(check.records), f"{check.rule} {check.title}",
                                  self.report.village_names)

    def closeEvent(self, event: Any) -> None:
        self.runner.cancel()
        self.runner.wait()
        if self._own_store:
            self.store.close()
        super().closeEvent(event)
