"""统计 (statistics): the township total and one row per village for each indicator group.

A standalone widget: give it a Store (or a database path). The figures are computed, and
clicking a figure finds the records behind it, on a ``DbWorker`` (the window's, else the view's
own; ``ReportRunner``) and lists them lazily below
(:mod:`desktop.ui.stats.figure_records`); opening one of them emits ``openRecord(uuid)`` for the
main window to show the record. Nothing that grows with the number of villages or records
runs on the UI thread: column widths come from the header, the 合计 row and a sample of rows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.stats.charts import ChartWidget
from desktop.ui.stats.figure_records import FigureRecords
from desktop.ui.stats.stats_common import ReportRunner, TaskThread
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.i18n import translate
from sync.reports.county import CountyReport
from sync.reports.statistics import GROUP_ORDER, Group, Report, default_period
from sync.reports.stats import charts as chart_data
from sync.store.store import Store

FLAGGED = QColor("#FFF2CC")
TOTAL_ROW = QColor("#F2F2F2")
CHARTS = {
    "committee": (chart_data.women_by_village, chart_data.age_bands),
    "organisations": (chart_data.organisations_by_category,),
    "volunteers": (chart_data.volunteers_against_target,),
    "bodies": (chart_data.bodies_by_class,),
    "key_people": (chart_data.key_people_by_role,),
}
Index = QModelIndex | QPersistentModelIndex
# Column widths are measured on this many village rows (and the 合计 row), not on 1,431.
SIZED_ROWS = 40
MAX_COLUMN_WIDTH = 320


class GroupModel(QAbstractTableModel):
    """One indicator group: a row per village and the 合计 row; column 0 is the village."""

    def __init__(self, group: Group, parent: QWidget | None = None, first: str = "") -> None:
        super().__init__(parent)
        self.group = group
        self.rows = group.rows
        self.first = first or translate("stats_view", "村（社区）")  # a county's top level: 乡镇（街道）

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.group.columns) + 1

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.first if section == 0 else self.group.columns[section - 1].label
        if role == Qt.ItemDataRole.ToolTipRole and section > 0:
            return self.group.columns[section - 1].help or None
        return None

    def figure_at(self, index: Index) -> Any:
        if not index.isValid() or index.column() == 0:
            return None
        return self.rows[index.row()].figures[self.group.columns[index.column() - 1].key]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        fig = self.figure_at(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return row.name if fig is None else fig.display()
        if role == Qt.ItemDataRole.TextAlignmentRole and fig is not None:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.is_total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if fig is not None and fig.flagged:
                return QBrush(FLAGGED)
            if row.is_total:
                return QBrush(TOTAL_ROW)
        if role == Qt.ItemDataRole.ToolTipRole and fig is not None and fig.flagged:
            return f"其中 {len(fig.flagged)} 条记录有错误（已计入）"
        if role == Qt.ItemDataRole.ToolTipRole and fig is None and row.is_total and self.group.notes:
            return notes_text(self.group)
        return None


def took(seconds: float) -> str:
    """How long the statistics took, when that is worth saying (a second or more)."""
    return translate("stats_view", "；用时 {0} 秒").format(f"{seconds:.0f}") if seconds >= 1 else ""


def notes_text(group: Group) -> str:
    """The group's notes as the page shows them, the de-duplicated 合计 first (it comes first)."""
    return "\n".join(translate("stats_view", "注：{0}").format(note) for note in group.notes)


def fit_group_columns(table: QTableView) -> None:
    """Columns as wide as their header, the 合计 row and the first village rows.

    ``resizeColumnsToContents`` asks every role of 1,000 rows of each column (Qt's default
    precision): 17 s for a prefecture's five groups. Here the longest few texts of each column
    are measured, read from the group, not through Qt."""
    model = table.model()
    assert isinstance(model, GroupModel)
    rows = model.rows
    sample = [*rows[:SIZED_ROWS], rows[-1]] if len(rows) > SIZED_ROWS else rows
    plain, header = table.fontMetrics(), table.horizontalHeader().fontMetrics()
    bold_font = QFont(table.font())
    bold_font.setBold(True)
    bold = QFontMetrics(bold_font)
    for column in range(model.columnCount()):
        key = model.group.columns[column - 1].key if column else None
        texts = [(row.is_total, row.name if key is None else row.figures[key].display()) for row in sample]
        texts.sort(key=lambda t: len(t[1]), reverse=True)
        label = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = header.horizontalAdvance(label) + 24
        for is_total, text in texts[:4]:
            width = max(width, (bold if is_total else plain).horizontalAdvance(text) + 16)
        table.setColumnWidth(column, min(width, MAX_COLUMN_WIDTH))


class StatisticsView(QWidget):
    """Reference date, period and village filter on top; a tab per group; records below."""

    openRecord = Signal(str)
    reportReady = Signal(object)  # Report

    def __init__(self, source: Store | str | Path, parent: QWidget | None = None,
                 as_of: dt.date | None = None, worker: DbWorker | None = None) -> None:
        super().__init__(parent)
        # A Store given by the caller is used only on this (the UI) thread, to describe the
        # rows of a drill-down list as they are painted.
        self.store = source if isinstance(source, Store) else Store.open(source)
        self._own_store = not isinstance(source, Store)
        # Drill-downs run on the window's worker (it is stopped when the window closes), else
        # on one of the view's own, made when first needed.
        parent_worker = getattr(parent, "worker", None)
        self._worker = worker or (parent_worker if isinstance(parent_worker, DbWorker) else None)
        self._own_worker: DbWorker | None = None
        self.report: Report | None = None
        self.runner = ReportRunner(self.worker, self)
        self.runner.finished.connect(self._show_report)
        self.runner.failed.connect(self._show_failure)
        self.as_of_edit = self._date_edit(as_of or self.store.reference_date())
        start, end = default_period(as_of or self.store.reference_date())
        self.from_edit, self.to_edit = self._date_edit(start), self._date_edit(end)
        self._last_as_of = self.as_of()
        self.as_of_edit.dateChanged.connect(lambda _d: self._as_of_changed())
        self.village_box = QComboBox()
        # As wide as the longest name: a fixed width cut 西山村（350322111202） to 西山村（35032.
        self.village_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.village_box.addItem("全部村（社区）", None)
        # A county: 乡镇 above the villages (county → township → village); hidden elsewhere.
        self.county: CountyReport | None = None
        self.township_box = QComboBox()
        self.township_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.township_box.addItem(translate("stats_view", "全部乡镇（街道）"), None)
        self.township_box.setVisible(self.store.is_county)
        self.township_box.activated.connect(lambda _i: self._township_chosen())
        self.up_button = QPushButton(translate("stats_view", "返回上一级"))
        self.up_button.setToolTip(translate("stats_view", "从村回到乡镇，从乡镇回到全区县；"
                                                          "点表格第一列的乡镇或村名进入下一级"))
        self.up_button.setVisible(self.store.is_county)
        self.up_button.setEnabled(False)
        self.up_button.clicked.connect(self.up)
        self.runner.county_ready.connect(self._county_ready)
        self.recheck_box = QCheckBox("逐条重新检查错误")
        self.recheck_box.setToolTip("不采用保存时记录的错误，按截至日期重新检查每条记录（较慢）")
        self.run_button = QPushButton("统计")
        self.cancel_button = QPushButton("取消")
        self.excel_button = QPushButton("导出 Excel…")
        self.pdf_button = QPushButton("导出 PDF 汇总表…")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.status = QLabel("")
        self.tabs = QTabWidget()
        self.tabs.currentChanged.connect(lambda _i: self._fit_current())
        self._unfitted: set[str] = set()  # tables whose columns are sized when their tab is shown
        self.records = FigureRecords()
        self.records.openRecord.connect(self.openRecord)
        self._tables: dict[str, QTableView] = {}
        self._notes: dict[str, QLabel] = {}
        self._tasks: list[TaskThread] = []
        self._charts: dict[str, list[ChartWidget]] = {}
        self._build()
        self.run_button.clicked.connect(self.refresh)
        self.cancel_button.clicked.connect(self.cancel)
        self.excel_button.clicked.connect(self._ask_excel)
        self.pdf_button.clicked.connect(self._ask_pdf)
        self._busy(False)
        self.refresh()

    # ------------------------------------------------------------------ layout
    def _date_edit(self, day: dt.date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _build(self) -> None:
        # Two rows (what is counted; what to do with it): in one row the export buttons were
        # off the screen at 1024×768 and at 150 % scaling, and the window wider than the screen.
        bar = QHBoxLayout()
        for widget in (QLabel("截至日期"), self.as_of_edit, QLabel("统计期间"), self.from_edit,
                       QLabel("至"), self.to_edit, self.township_box, self.village_box):
            bar.addWidget(widget)
        bar.addStretch(1)
        actions = QHBoxLayout()
        for widget in (self.recheck_box, self.run_button, self.cancel_button, self.up_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.excel_button)
        actions.addWidget(self.pdf_button)
        self.status.setWordWrap(True)  # the summary of problems is longer than a small screen is wide
        busy = QHBoxLayout()
        busy.addWidget(self.status, 1)
        busy.addWidget(self.progress)
        for key in GROUP_ORDER:
            if key == "status":
                continue  # the data-status view shows this group
            table = QTableView()
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.verticalHeader().setVisible(False)
            table.clicked.connect(lambda index, k=key: self.show_figure(k, index.row(), index.column()))
            self._tables[key] = table
            # The group's notes under its table: what the 合计 row de-duplicates, what counts.
            notes = QLabel()
            notes.setObjectName(f"notes-{key}")
            notes.setWordWrap(True)
            notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._notes[key] = notes
            left = QWidget()
            column = QVBoxLayout(left)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(table, 1)
            column.addWidget(notes)
            page = QSplitter(Qt.Orientation.Horizontal)
            page.addWidget(left)
            if key in CHARTS:
                box = QWidget()
                column = QVBoxLayout(box)
                column.setContentsMargins(0, 0, 0, 0)
                widgets = [ChartWidget() for _ in CHARTS[key]]
                for w in widgets:
                    column.addWidget(w)
                    w.barClicked.connect(lambda i, w=w, k=key: self._bar_clicked(k, w, i))
                self._charts[key] = widgets
                # Two charts of at least 170 px each: on a low screen (768 at 150 %) they scroll
                # in their column instead of making the page taller than the window.
                charts = QScrollArea()
                charts.setWidgetResizable(True)
                charts.setFrameShape(QFrame.Shape.NoFrame)
                charts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
                charts.setWidget(box)
                bar_width = charts.verticalScrollBar().sizeHint().width()
                charts.setMinimumWidth(box.minimumSizeHint().width() + bar_width)
                page.addWidget(charts)
                page.setStretchFactor(0, 3)
                page.setStretchFactor(1, 2)
            self.tabs.addTab(page, "")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tabs)
        split.addWidget(self.records)
        # 4:1 left the records of a clicked figure two rows at 1366×768 under a half-empty table.
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([360, 240])
        self.split = split
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(actions)
        layout.addLayout(busy)
        layout.addWidget(split, 1)

    # ----------------------------------------------------------------- running
    def as_of(self) -> dt.date:
        return self.as_of_edit.date().toPython()  # type: ignore[return-value]

    def _as_of_changed(self) -> None:
        """A period left at its default (the year up to the reference date) follows a new
        reference date: a report as of 2025-06-30 must not count the hours of 2026."""
        old, new = self._last_as_of, self.as_of()
        self._last_as_of = new
        if self.period() == default_period(old):
            start, end = default_period(new)
            self.from_edit.setDate(QDate(start.year, start.month, start.day))
            self.to_edit.setDate(QDate(end.year, end.month, end.day))

    def period(self) -> tuple[dt.date, dt.date]:
        return self.from_edit.date().toPython(), self.to_edit.date().toPython()  # type: ignore[return-value]

    def refresh(self) -> None:
        start, end = self.period()
        if start > end:
            self.status.setText(f"统计期间的开始日期 {start} 晚于结束日期 {end}，请修改")
            return
        self._busy(True)
        self.status.setText("正在统计……")
        self.runner.run(self.as_of(), (start, end), self.village_box.currentData(),
                        self.recheck_box.isChecked(), self.township_box.currentData())

    def cancel(self) -> None:
        self.runner.cancel()
        self._busy(False)
        self.status.setText("已取消统计")

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.run_button.setEnabled(not busy)
        has_report = self.report is not None and not busy
        self.excel_button.setEnabled(has_report)
        self.pdf_button.setEnabled(has_report)

    def _show_failure(self, text: str) -> None:
        self._busy(False)
        self.status.setText(f"统计失败：{text}")

    def _show_report(self, report: Report) -> None:
        self.set_report(report)
        self._busy(False)

    def set_report(self, report: Report) -> None:
        """Show a report computed elsewhere (the main window may share one)."""
        self.report = report
        county = self.county if self.county is not None and self.county.report is report else None
        if county is None and self.village_box.count() == 1 and report.village_filter is None \
                and len(report.village_names) > 1:
            repeated = {n for n in report.village_names.values()
                        if list(report.village_names.values()).count(n) > 1}
            for code, name in report.village_names.items():
                self.village_box.addItem(f"{name}（{code}）" if name in repeated else name, code)
                self.village_box.setItemData(self.village_box.count() - 1, f"{name}（{code}）",
                                             Qt.ItemDataRole.ToolTipRole)
        for i, key in enumerate(k for k in GROUP_ORDER if k != "status"):
            group = report.groups[key]
            first = ""
            if county is not None and county.township_filter is None and report.village_filter is None:
                group, first = county.township_group(key), translate("stats_view", "乡镇（街道）")
            self.tabs.setTabText(i, group.title)
            table = self._tables[key]
            old = table.model()
            table.setModel(GroupModel(group, table, first))
            if old is not None:
                old.deleteLater()
            self._unfitted.add(key)
            self._notes[key].setText(notes_text(group))
            self._notes[key].setVisible(bool(group.notes))
            for widget, make in zip(self._charts.get(key, []), CHARTS.get(key, ()), strict=True):
                widget.set_chart(make(report))
        self._fit_current()
        name = report.name
        if county is not None and county.township_filter and county.townships:
            name = f"{report.name}·{county.townships[0].name}"
        self.status.setText(
            f"{name}：截至 {report.as_of.isoformat()}，{len(report.village_names)} 个村（社区），"
            f"{report.summary_of_problems()}{took(report.seconds)}")
        self.records.show_hint()
        self.reportReady.emit(report)

    def _fit_current(self) -> None:
        keys = [k for k in GROUP_ORDER if k != "status"]
        index = self.tabs.currentIndex()
        if 0 <= index < len(keys) and keys[index] in self._unfitted:
            self._unfitted.discard(keys[index])
            fit_group_columns(self._tables[keys[index]])

    # --------------------------------------------------------------- drill-down
    def model(self, key: str) -> GroupModel:
        return self._tables[key].model()  # type: ignore[return-value]

    def show_figure(self, key: str, row: int, column: int) -> None:
        model = self.model(key)
        if column == 0 and self.county is not None and not model.rows[row].is_total:
            self.drill(model.rows[row].village)
            return
        fig = model.figure_at(model.index(row, column))
        if fig is None or self.report is None:
            return
        label = model.group.columns[column - 1].label
        caption = f"{model.rows[row].name}·{model.group.title}·{label}（{fig.display()}）"
        # The figure's query (or its deferred list) runs on the worker's connection; a list
        # worked out there is kept by the figure, so a second click costs nothing.
        self.records.list_records(self.worker(), self.store, fig.record_uuids, caption,
                                  self.report.village_names)

    # ------------------------------------------------------ the county's levels
    def _county_ready(self, county: CountyReport) -> None:
        """Fill the 乡镇 box once, and the village box with the chosen township's villages."""
        self.county = county
        narrowed = county.township_filter is not None or county.report.village_filter is not None
        self.up_button.setEnabled(narrowed)
        if self.township_box.count() == 1:
            for part in county.townships:
                self.township_box.addItem(part.label(), part.code)
        chosen = self.township_box.currentData()
        wanted = [v for v, t in sorted(county.township_of.items()) if chosen is None or t == chosen]
        have = [self.village_box.itemData(i) for i in range(1, self.village_box.count())]
        if have != wanted:
            current = self.village_box.currentData()
            self.village_box.blockSignals(True)
            while self.village_box.count() > 1:
                self.village_box.removeItem(1)
            names = county.report.village_names
            for code in wanted:
                self.village_box.addItem(f"{names.get(code, code)}（{code}）", code)
            self.village_box.setCurrentIndex(max(self.village_box.findData(current), 0))
            self.village_box.blockSignals(False)

    def _township_chosen(self) -> None:
        self.village_box.setCurrentIndex(0)  # the villages of another township follow
        self.refresh()

    def drill(self, code: str) -> None:
        """One level down from a row's name: a township's villages, then one village."""
        box = self.township_box if len(code) == 9 else self.village_box
        index = box.findData(code)
        if index < 0:
            return
        if box is self.township_box:
            self.village_box.setCurrentIndex(0)
        box.setCurrentIndex(index)
        self.refresh()

    def up(self) -> None:
        """One level up: from a village to its township, from a township to the county."""
        if self.village_box.currentData() is not None:
            self.village_box.setCurrentIndex(0)
        else:
            self.township_box.setCurrentIndex(0)
        self.refresh()

    def worker(self) -> DbWorker:
        if self._worker is None:
            store = self.store
            self._own_worker = self._worker = DbWorker(store.path, store.user, store.today, self)
        return self._worker

    def _bar_clicked(self, key: str, widget: ChartWidget, index: int) -> None:
        chart = widget.chart
        if chart is None or index >= len(chart.bars) or not chart.bars[index].village:
            return
        model = self.model(key)
        row = next((i for i, r in enumerate(model.rows) if r.village == chart.bars[index].village), None)
        column_key = {"women": "women", "volunteers": "volunteers"}.get(chart.key)
        if row is None or column_key is None:
            return
        column = 1 + [c.key for c in model.group.columns].index(column_key)
        self._tables[key].setCurrentIndex(model.index(row, column))
        self.show_figure(key, row, column)

    # ------------------------------------------------------------------ export
    def export_excel(self, path: str | Path) -> Path:
        from sync.reports.stats_excel import write_excel

        assert self.report is not None
        return write_excel(self.report, path)

    def export_pdf(self, path: str | Path) -> Path:
        """Safe off the UI thread: QPdfWriter and QPainter paint without a window."""
        from desktop.printing.stats_pdf import write_summary_pdf

        assert self.report is not None
        return write_summary_pdf(self.report, path)

    def _ask_excel(self) -> None:
        self._ask("导出 Excel", "Excel 文件 (*.xlsx)", ".xlsx", self.export_excel)

    def _ask_pdf(self) -> None:
        self._ask("导出 PDF 汇总表", "PDF 文件 (*.pdf)", ".pdf", self.export_pdf)

    def _ask(self, title: str, filter_text: str, suffix: str, write: Any) -> None:
        if self.report is None:
            return
        name = f"{self.report.name}统计_{self.report.as_of.isoformat()}{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), filter_text)
        if not path:
            return
        self.status.setText(f"正在保存 {path}……")
        self.excel_button.setEnabled(False)
        self.pdf_button.setEnabled(False)
        self.progress.setVisible(True)
        task = TaskThread(lambda: write(path), self)
        task.done.connect(lambda saved: self._saved(f"已保存：{saved}"))
        task.failed.connect(lambda text: self._saved(f"保存失败：{text}"))
        self._tasks.append(task)  # kept (and waited for on close) until the view goes
        task.start()

    def _saved(self, text: str) -> None:
        self.status.setText(text)
        self._busy(self.runner.busy)

    def closeEvent(self, event: Any) -> None:
        self.records.cancel()
        if self._own_worker is not None:
            self._own_worker.stop()
        self.runner.cancel()
        for task in list(self._tasks):
            task.wait()
        if self._own_store:
            self.store.close()
        super().closeEvent(event)
