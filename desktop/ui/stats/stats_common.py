"""Pieces shared by the statistics, data-status and checks views.

``ReportRunner`` computes a report on the window's database worker (its own Store, its own
thread) and hands the pure-Python result back by signal; 取消 interrupts the running SQL.
``RecordList`` lists the records behind a figure
or a check and emits ``openRecord(uuid)``.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.runner import Run, Work, run
from sync.reports.county import CountyReport, compute_county
from sync.reports.statistics import Report, compute
from sync.store.queries import RecordLine, describe_records
from sync.store.store import Store

MAX_LISTED = 500


class ReportRunner(QObject):
    """Computes reports on a window's database worker (``desktop.ui.widgets.runner``), one at a
    time; a newer request cancels an older one (取消 interrupts its SQL). ``worker`` gives the
    worker when a report is asked for (a page made alone makes its own then)."""

    started = Signal()
    # At a county the job computes a CountyReport (sync.reports.county): ``county_ready`` brings
    # it (the townships' totals, the drill-down's middle level) just before ``finished`` brings
    # its Report, so a page that knows nothing of counties shows the county's villages as ever.
    county_ready = Signal(object)  # CountyReport
    finished = Signal(object)  # Report
    failed = Signal(str)

    def __init__(self, worker: Callable[[], DbWorker], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._run: Run | None = None

    @property
    def busy(self) -> bool:
        return self._run is not None

    def run(self, as_of: dt.date, period: tuple[dt.date, dt.date], village: str | None = None,
            recheck: bool = False, township: str | None = None) -> None:
        self.cancel()
        kwargs = {"as_of": as_of, "period": period, "village": village, "recheck": recheck}

        def job(store: Store, _work: Work) -> Report | CountyReport:
            report: Report | CountyReport
            if store.is_county:
                report = compute_county(store, township=township, **kwargs)
            else:
                report = compute(store, **kwargs)
            # The report's million objects were made with the cycle collector paused: the next
            # collections (on whichever thread allocates, holding the GIL) would walk them all,
            # stopping the window for up to half a second each time. They hold no cycles and
            # are freed by reference counting when the report goes, so they are left out of
            # the collector's work for good.
            gc.freeze()
            return report

        job_run = run(self, self._worker(), job, lambda report: self._done(job_run, report),
                      lambda error: self._failed(job_run, error))
        self._run = job_run
        self.started.emit()

    def cancel(self) -> None:
        if self._run is not None:
            self._run.cancel()
            self._run = None

    def _done(self, job_run: Run, report: Report | CountyReport) -> None:
        if job_run is self._run:
            self._run = None
            if isinstance(report, CountyReport):
                self.county_ready.emit(report)
                report = report.report
            self.finished.emit(report)

    def _failed(self, job_run: Run, error: BaseException) -> None:
        if job_run is self._run:  # a cancelled or replaced request says nothing
            self._run = None
            self.failed.emit(str(error))


def window_worker(parent: QObject | None) -> DbWorker | None:
    """The database worker of the window a page is made for (None for a page made alone)."""
    worker = getattr(parent, "worker", None)
    return worker if isinstance(worker, DbWorker) else None


class TaskThread(QThread):
    """Runs ``fn()`` off the UI thread (Excel and PDF writing of a large township take
    seconds); the result or the error comes back by signal."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, fn: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:
            self.failed.emit(str(exc))
            return
        self.done.emit(result)


def store_path(source: Store | str | Path) -> Path:
    return source.path if isinstance(source, Store) else Path(source)


def describe(store: Store, uuids: Sequence[str], limit: int = MAX_LISTED) -> list[RecordLine]:
    """(uuid, register name, title, village code, state) for the first ``limit`` records."""
    wanted = list(dict.fromkeys(uuids))[:limit]
    found = describe_records(store, wanted)
    return [found[u] for u in wanted if u in found]


class RecordList(QWidget):
    """The records behind a figure: double-click (or 打开记录) emits ``openRecord(uuid)``."""

    openRecord = Signal(str)

    def __init__(self, parent: QWidget | None = None, hint: str = "") -> None:
        super().__init__(parent)
        # What to click on the page above to list records here (its table's rows or numbers).
        self.caption = QLabel(hint)
        self.caption.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["登记簿", "名称/姓名", "村（社区）", "状态"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemDoubleClicked.connect(lambda item: self._open(item.row()))
        self.open_button = QPushButton("打开记录")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self._open(self.table.currentRow()))
        self.table.itemSelectionChanged.connect(
            lambda: self.open_button.setEnabled(self.table.currentRow() >= 0))
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def show_records(self, store: Store, uuids: Sequence[str], caption: str,
                     names: dict[str, str] | None = None) -> None:
        rows = describe(store, uuids)
        more = len(set(uuids)) - len(rows)
        self.caption.setText(f"{caption}：共 {len(set(uuids))} 条记录" +
                             (f"（只列出前 {len(rows)} 条）" if more > 0 else ""))
        self.table.setRowCount(len(rows))
        for r, (uuid, register, title, village, state) in enumerate(rows):
            for c, text in enumerate((register, title, (names or {}).get(village, village), state)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, uuid)
                self.table.setItem(r, c, item)
        self.open_button.setEnabled(False)

    def uuid_at(self, row: int) -> str | None:
        item = self.table.item(row, 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _open(self, row: int) -> None:
        uuid = self.uuid_at(row)
        if uuid:
            self.openRecord.emit(uuid)
