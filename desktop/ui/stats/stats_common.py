"""Pieces shared by the statistics, data-status and checks views.

``ReportRunner`` computes a report on its own thread with its own Store (SQLite
connections stay in the thread that opened them) and hands the pure-Python result back by
signal; 取消 interrupts the running SQL. ``RecordList`` lists the records behind a figure
or a check and emits ``openRecord(uuid)``.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
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

from sync.reports.statistics import Report, compute
from sync.store.queries import RecordLine, describe_records, interruptible
from sync.store.store import Store

MAX_LISTED = 500


class _ComputeThread(QThread):
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, path: Path, kwargs: dict, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path, self._kwargs = path, kwargs
        self.cancelled = threading.Event()

    def run(self) -> None:
        try:
            store = Store.open(self._path)
        except Exception as exc:
            self.failed.emit(str(exc))
            return
        try:
            with interruptible(store, self.cancelled.is_set):
                report = compute(store, **self._kwargs)
            # The report's million objects were made with the cycle collector paused: the next
            # collections (on whichever thread allocates, holding the GIL) would walk them all,
            # stopping the window for up to half a second each time. They hold no cycles and
            # are freed by reference counting when the report goes, so they are left out of
            # the collector's work for good.
            gc.freeze()
            if not self.cancelled.is_set():
                self.done.emit(report)
        except Exception as exc:
            if not self.cancelled.is_set():
                self.failed.emit(str(exc))
        finally:
            store.close()


class ReportRunner(QObject):
    """Computes reports off the UI thread, one at a time; a newer request replaces an older."""

    started = Signal()
    finished = Signal(object)  # Report
    failed = Signal(str)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self._thread: _ComputeThread | None = None
        self._old: list[_ComputeThread] = []

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def run(self, as_of: dt.date, period: tuple[dt.date, dt.date], village: str | None = None,
            recheck: bool = False) -> None:
        self.cancel()
        thread = _ComputeThread(self.path, {"as_of": as_of, "period": period, "village": village,
                                            "recheck": recheck}, self)
        thread.done.connect(lambda report, t=thread: self._done(t, report))
        thread.failed.connect(lambda text, t=thread: self._failed(t, text))
        thread.finished.connect(lambda t=thread: self._reap(t))
        self._thread = thread
        self.started.emit()
        thread.start()

    def cancel(self) -> None:
        if self._thread is not None:
            self._thread.cancelled.set()
            self._old.append(self._thread)
            self._thread = None

    def wait(self) -> None:
        """Block until every thread has ended (closing a view, tests)."""
        for t in [*self._old, *([self._thread] if self._thread else [])]:
            t.wait()

    def _done(self, thread: _ComputeThread, report: Report) -> None:
        if thread is self._thread:
            self._thread = None
            self.finished.emit(report)

    def _failed(self, thread: _ComputeThread, text: str) -> None:
        if thread is self._thread:
            self._thread = None
            self.failed.emit(text)

    def _reap(self, thread: _ComputeThread) -> None:
        if thread in self._old:
            self._old.remove(thread)
        thread.deleteLater()


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
