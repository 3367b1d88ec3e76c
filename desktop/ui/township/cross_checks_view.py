"""跨村检查: the same person in two villages' committees, volunteers counted once, villages
failing a committee rule, terms ending within 12 months, stale or missing villages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLabel, QTableWidgetItem, QWidget

from desktop.ui.township.report_page import ReportPage
from sync.reports.statistics import Check, Report
from sync.reports.stats.status import severity_zh
from sync.store.store import Store

ERROR_FILL = QColor("#F8CBAD")
# The kinds of finding a township looks at, as (label, test on the rule id).
KINDS: list[tuple[str, Any]] = [
    (QT_TRANSLATE_NOOP("CrossChecksView", "全部"), lambda rule: True),
    (QT_TRANSLATE_NOOP("CrossChecksView", "同一人在多个村任职"), lambda rule: rule == "R-X-DUP"),
    (QT_TRANSLATE_NOOP("CrossChecksView", "同一志愿者在多个村注册"), lambda rule: rule == "R-X-VOL"),
    (QT_TRANSLATE_NOOP("CrossChecksView", "村委会、党组织、监委会、村规民约规则"),
     lambda rule: rule.startswith(("R-VC", "R-PC", "R-SV", "R-RULES"))),
    (QT_TRANSLATE_NOOP("CrossChecksView", "任期12个月内届满"), lambda rule: rule == "TERM-SOON"),
    (QT_TRANSLATE_NOOP("CrossChecksView", "数据过期或未报送"),
     lambda rule: rule in ("R-X-STALE", "R-X-MISSING")),
]


class CrossChecksView(ReportPage):
    BUSY: ClassVar[str] = QT_TRANSLATE_NOOP("CrossChecksView", "正在检查……")
    FAILED: ClassVar[str] = QT_TRANSLATE_NOOP("CrossChecksView", "检查失败：{0}")
    REFRESH: ClassVar[str] = QT_TRANSLATE_NOOP("CrossChecksView", "重新检查")
    HINT: ClassVar[str] = QT_TRANSLATE_NOOP("CrossChecksView", "点击一项检查，可在此查看它涉及的记录")

    def __init__(self, source: Store | str | Path, parent: QWidget | None = None,
                 as_of: dt.date | None = None) -> None:
        super().__init__(source, parent, as_of)
        self.shown: list[Check] = []
        self.table.setColumnCount(4)
        self.table.setHorizontalHeaderLabels([self.tr("级别"), self.tr("规则"), self.tr("村（社区）"),
                                              self.tr("说明")])
        self.kind_box = QComboBox()
        for label, _ in KINDS:
            self.kind_box.addItem(self.tr(label))
        self.kind_box.currentIndexChanged.connect(self._fill)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellClicked.connect(lambda row, _c: self.show_check(row))
        self.top.insertWidget(0, QLabel(self.tr("类别")))
        self.top.insertWidget(1, self.kind_box)
        self.refresh()

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
            for c, text in enumerate((severity_zh(check.severity), check.title, villages, check.message)):
                item = QTableWidgetItem(text)
                if check.severity == "error":
                    item.setBackground(QBrush(ERROR_FILL))
                # The rule's name is shown; its id only on hovering (for looking it up).
                item.setToolTip(self.tr("规则编号 {0}").format(check.rule) if c == 1 else text)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        errors = sum(1 for c in self.shown if c.severity == "error")
        self.summary.setText(self.tr("{0} 条（错误 {1}，警告 {2}），截至 {3}").format(
            len(self.shown), errors, len(self.shown) - errors, self.report.as_of.isoformat()))

    def show_check(self, row: int) -> None:
        if self.report is None or not 0 <= row < len(self.shown):
            return
        check = self.shown[row]
        self.records.show_records(self.store, list(check.records), check.title,
                                  self.report.village_names)
