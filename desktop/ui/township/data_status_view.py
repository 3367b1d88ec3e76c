"""数据状态: per village the last package received, records per register, errors, warnings,
open conflicts, and the villages that are missing or stale (R-X-MISSING, R-X-STALE)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTableWidgetItem, QWidget

from desktop.ui.township.report_page import ReportPage
from sync.reports.county import CountyReport
from sync.reports.statistics import Report, Row
from sync.reports.stats.model import text as text_figure
from sync.store.queries import flagged_records
from sync.store.store import Store

ATTENTION = QColor("#FCE4D6")
TOWNSHIP_ROW = QColor("#E8EEF7")


def county_status_rows(county: CountyReport) -> list[Row]:
    """A county's data status: each township's row (its records, errors, warnings and its last
    package, as the townships table has it), then its villages; the county's 合计 last."""
    group = county.report.groups["status"]
    by_code = {row.village: row for row in group.villages}
    rows: list[Row] = []
    for part in county.townships:
        figures = dict(part.report.groups["status"].total.figures)
        stamp, sequence = part.package.get("last_package_created"), part.package.get("last_sequence")
        figures["last_date"] = text_figure((stamp or "")[:10] or "—")
        figures["last_sequence"] = text_figure(str(sequence) if sequence is not None else "—")
        rows.append(Row(part.code, part.label(), figures))
        rows += [by_code[v] for v in part.villages if v in by_code]
    return [*rows, group.total]


def two_lines(label: str) -> str:
    """``两委成员（人）`` → ``两委成员`` over ``（人）``; a label of five characters or more
    puts its last two on the second line (``最近数据包`` over ``日期``, ``待处理`` over ``冲突``):
    with fourteen registers every column counts at 1366×768."""
    head, bracket, unit = label.partition("（")
    if bracket and len(unit) == 2 and unit.endswith("）"):  # a one-character unit: 人, 件, 个, 条
        return f"{head}\n（{unit}"
    if len(label) > 4 and not bracket:
        return f"{label[:-2]}\n{label[-2:]}"
    return label


class DataStatusView(ReportPage):
    """One row per village; villages needing attention are coloured and listed below."""

    villageChosen = Signal(str)  # double-click on a village row: the window may filter by it
    townshipChosen = Signal(str)  # a county: double-click on a township's row
    HINT: ClassVar[str] = QT_TRANSLATE_NOOP("DataStatusView",
                                            "点击一个村，可在此查看它有错误、警告或被检查提示的记录")

    def __init__(self, source: Store | str | Path, parent: QWidget | None = None,
                 as_of: dt.date | None = None) -> None:
        super().__init__(source, parent, as_of)
        self.county: CountyReport | None = None  # a county's: its rows go township by township
        self.runner.county_ready.connect(self._county_ready)
        self.table.cellDoubleClicked.connect(self._choose_village)
        self.table.cellClicked.connect(self._show_village_problems)
        self.refresh()

    def set_report(self, report: Report) -> None:
        self.report = report
        group = report.groups["status"]
        self.table.clear()
        self.table.setColumnCount(len(group.columns) + 2)
        labels = [self.tr("村（社区）"), self.tr("统计用区划代码"), *(c.label for c in group.columns)]
        # Units on a second line: with one-line headers the last columns (状态) fell off the
        # right edge at 1366×768.
        self.table.setHorizontalHeaderLabels([two_lines(label) for label in labels])
        rows = group.rows
        county = self.county if self.county is not None and self.county.report is report else None
        townships: set[str] = set()
        if county is not None:
            rows, townships = county_status_rows(county), {t.code for t in county.townships}
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
                if row.is_total or row.village in townships:
                    item.setFont(bold)
                if row.village in townships:
                    item.setBackground(QBrush(TOWNSHIP_ROW))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        stale = sum(1 for c in report.checks if c.rule == "R-X-STALE")
        missing = len({v for c in report.checks if c.rule == "R-X-MISSING" for v in c.villages})
        conflicts = int(group.total.figures["conflicts"].n)
        if county is not None:
            text = self.tr("{0} 个乡镇（街道）、{1} 个村（社区）；数据过期 {2} 个村，"
                           "未报送或登记簿为空 {3} 个村（截至 {4}）。双击乡镇行只看该乡镇的村。")
            self.summary.setText(text.format(len(county.townships), len(group.villages), stale, missing,
                                             report.as_of.isoformat()))
            return
        self.summary.setText(self.tr("{0} 个村（社区）；数据过期 {1} 个，未报送或登记簿为空 {2} 个；"
                                     "待处理冲突 {3} 条（截至 {4}）").format(
            len(group.villages), stale, missing, conflicts, report.as_of.isoformat()))

    def _county_ready(self, county: CountyReport) -> None:
        self.county = county

    def village_at(self, row: int) -> str:
        item = self.table.item(row, 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ""

    def _choose_village(self, row: int, _column: int) -> None:
        village = self.village_at(row)
        if self.county is not None and village in {t.code for t in self.county.townships}:
            self.townshipChosen.emit(village)
        elif village:
            self.villageChosen.emit(village)

    def _show_village_problems(self, row: int, _column: int) -> None:
        village = self.village_at(row)
        if not village or self.report is None or village not in self.report.village_names:
            return  # the 合计, or a county's township row
        uuids = [u for c in self.report.checks if village in c.villages for u in c.records]
        # The row's 错误 and 警告 columns count records: list both kinds, errors first.
        errors, warnings = flagged_records(self.store, village)
        name = self.report.village_names.get(village, village)
        caption = self.tr("{0}：有错误、警告或被检查提示的记录").format(name)
        self.records.show_records(self.store, [*errors, *warnings, *uuids], caption,
                                  self.report.village_names)
