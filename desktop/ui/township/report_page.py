"""A page over one statistics report (数据状态, 跨村检查): a summary line and a refresh button on
top, a table of the report's rows, and beneath it the records behind the row chosen.

The report is computed on the window's database worker (``ReportRunner``); the page fills its
table when it arrives (``set_report``, written by each page). A page made from a path opens, and
closes, a store of its own for listing records. Subclasses name their texts in ``BUSY``,
``FAILED``, ``REFRESH`` and ``HINT`` (what to click to list records) with ``QT_TRANSLATE_NOOP``
under their own class: PySide's ``self.tr`` asks the instance's class first.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.stats.stats_common import RecordList, ReportRunner, window_worker
from desktop.ui.widgets.db_worker import DbWorker
from sync.reports.statistics import Report, default_period
from sync.store.store import Store


class ReportPage(QWidget):
    openRecord = Signal(str)

    BUSY: ClassVar[str] = QT_TRANSLATE_NOOP("ReportPage", "正在读取……")
    FAILED: ClassVar[str] = QT_TRANSLATE_NOOP("ReportPage", "统计失败：{0}")
    REFRESH: ClassVar[str] = QT_TRANSLATE_NOOP("ReportPage", "刷新")
    HINT: ClassVar[str] = QT_TRANSLATE_NOOP("ReportPage", "点击表格中的一行，可在此查看对应的记录")

    def __init__(self, source: Store | str | Path, parent: QWidget | None = None,
                 as_of: dt.date | None = None) -> None:
        super().__init__(parent)
        self.store = source if isinstance(source, Store) else Store.open(source)
        self._own_store = not isinstance(source, Store)
        self._as_of = as_of
        self.report: Report | None = None
        # On the window's worker; a page made alone (a test, a screenshot) makes its own.
        self._worker = window_worker(parent)
        self._own_worker: DbWorker | None = None
        self.runner = ReportRunner(self.worker, self)
        self.runner.finished.connect(self.set_report)
        self.runner.failed.connect(lambda text: self.summary.setText(self.tr(self.FAILED).format(text)))
        self.summary = QLabel()
        self.summary.setWordWrap(True)  # beside the page's own controls on a small screen
        self.refresh_button = QPushButton(self.tr(self.REFRESH))
        self.refresh_button.clicked.connect(self.refresh)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.records = RecordList(hint=self.tr(self.HINT))
        self.records.openRecord.connect(self.openRecord)
        self.top = QHBoxLayout()  # a page may put its own controls before the summary
        self.top.addWidget(self.summary, 1)
        self.top.addWidget(self.refresh_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.records)
        layout = QVBoxLayout(self)
        layout.addLayout(self.top)
        layout.addWidget(split, 1)

    def worker(self) -> DbWorker:
        if self._worker is None:
            store = self.store
            self._own_worker = self._worker = DbWorker(store.path, store.user, store.today, self)
        return self._worker

    def refresh(self) -> None:
        as_of = self._as_of or self.store.reference_date()
        self.summary.setText(self.tr(self.BUSY))
        self.runner.run(as_of, default_period(as_of))

    def set_report(self, report: Report) -> None:
        raise NotImplementedError

    def closeEvent(self, event: Any) -> None:
        self.runner.cancel()
        if self._own_worker is not None:
            self._own_worker.stop()
        if self._own_store:
            self.store.close()
        super().closeEvent(event)
