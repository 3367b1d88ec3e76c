"""The records behind a statistics figure: found on a worker thread, listed lazily.

A prefecture's 合计 of volunteers stands for ~286,000 records, its service hours of a year
for half a million. Finding them is the figure's SQL and Python (seconds on a prefecture), so
a job on a ``DbWorker`` does it on its own connection; 取消 interrupts the SQL and the list
stays usable. The job also describes the first block of rows. The table model then holds
only the UUIDs and describes 200 rows at a time, on this thread, when they are painted (one
query per block: the rows of a figure are nearly always of one register).
"""

from __future__ import annotations

import gc
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.runner import Run, run
from forms.model import Catalog
from sync.progress import Cancelled, Progress
from sync.store import driver
from sync.store.queries import RecordLine, describe_records
from sync.store.store import Store

ROW_BLOCK = 200
MAX_CACHED_BLOCKS = 16
UUID_ROLE = Qt.ItemDataRole.UserRole
_Index = QModelIndex | QPersistentModelIndex
Describe = Callable[[Sequence[str], Sequence[str]], dict[str, RecordLine]]
Find = Callable[[driver.Connection], Sequence[str]]


@dataclass(frozen=True)
class Listing:
    """A figure's records (each once, in the figure's order) and the first block described."""

    uuids: list[str]
    first: dict[str, RecordLine]


def register_keys(catalog: Catalog, rows: Sequence[RecordLine]) -> list[str]:
    """The registers (keys) these rows are from, the most frequent first."""
    by_short = {reg.short: reg.key for reg in catalog.ordered(include_profile=True)}
    hits = Counter(by_short.get(row[1], "") for row in rows)
    return [key for key, _ in hits.most_common() if key]


def unique(items: Sequence[str], chunk: int = 20_000) -> list[str]:
    """``items`` without repeats, in order. In steps: one ``dict.fromkeys`` of half a million
    new strings holds the GIL for 0.3 s, and the window's thread waits for the GIL."""
    seen: dict[str, None] = {}
    for start in range(0, len(items), chunk):
        seen.update(dict.fromkeys(items[start:start + chunk]))
    return list(seen)


def find_listing(store: Store, find: Find, progress: Progress) -> Listing:
    """The worker's job: run the figure's query, drop repeats, describe the first block."""
    # Half a million rows make the cycle collector walk every object of the report (a million
    # or more) several times, holding the GIL: the window would stop for that long.
    collecting = gc.isenabled()
    gc.disable()
    try:
        uuids = unique(find(store.conn))
        if not progress(0, 0, ""):
            raise Cancelled
        return Listing(uuids, describe_records(store, uuids[:ROW_BLOCK]))
    finally:
        if collecting:
            gc.enable()


class RecordListModel(QAbstractTableModel):
    """登记簿, 名称/姓名, 村（社区）, 状态 of a list of record UUIDs, read a block at a time."""

    HEADERS = ("登记簿", "名称/姓名", "村（社区）", "状态")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._uuids: list[str] = []
        self._names: dict[str, str] = {}
        self._blocks: OrderedDict[int, list[RecordLine | None]] = OrderedDict()
        self._describe: Describe | None = None
        self._registers: list[str] = []
        self._catalog: Catalog | None = None
        self.blocks_read = 0  # blocks described on this thread (tests, benchmark)

    def set_listing(self, listing: Listing, store: Store, names: Mapping[str, str] | None = None) -> None:
        """Show ``listing``; later blocks are described on ``store`` (this thread's connection)."""
        self.beginResetModel()
        self._uuids = listing.uuids
        self._names = dict(names or {})
        self._catalog = store.catalog
        self._describe = lambda uuids, first: describe_records(store, uuids, first)
        self._blocks.clear()
        head = listing.uuids[:ROW_BLOCK]
        if head:
            self._blocks[0] = [listing.first.get(u) for u in head]
        self._registers = register_keys(store.catalog, list(listing.first.values()))
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._uuids = []
        self._blocks.clear()
        self.endResetModel()

    def uuid_at(self, row: int) -> str | None:
        return self._uuids[row] if 0 <= row < len(self._uuids) else None

    def uuids(self) -> list[str]:
        return list(self._uuids)

    def _block(self, number: int) -> list[RecordLine | None]:
        block = self._blocks.get(number)
        if block is not None:
            self._blocks.move_to_end(number)
            return block
        wanted = self._uuids[number * ROW_BLOCK:(number + 1) * ROW_BLOCK]
        found = self._describe(wanted, self._registers) if self._describe is not None else {}
        self.blocks_read += 1
        if found and self._catalog is not None:
            self._registers = register_keys(self._catalog, list(found.values()))
        block = [found.get(u) for u in wanted]
        self._blocks[number] = block
        while len(self._blocks) > MAX_CACHED_BLOCKS:
            self._blocks.popitem(last=False)
        return block

    def row(self, row: int) -> RecordLine | None:
        return self._block(row // ROW_BLOCK)[row % ROW_BLOCK]

    # ------------------------------------------------------------ Qt model
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._uuids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._uuids):
            return None
        if role == UUID_ROLE:
            return self._uuids[row]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        listed = self.row(row)
        if listed is None:  # gone since the figure was computed
            return "（记录已不存在）" if index.column() == 1 else ""
        _uuid, register, title, village, state = listed
        return (register, title, self._names.get(village, village), state)[index.column()]


class FigureRecords(QWidget):
    """Caption, busy bar and 取消 while the records are found, then the list; double-click (or
    打开记录) emits ``openRecord(uuid)``; ``listed(n)`` says a list is shown."""

    openRecord = Signal(str)
    listed = Signal(int)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Empty until there are numbers to click (show_hint): while the figures are computed,
        # a hint to click them pointed at an empty page.
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(160)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setToolTip(self.tr("停止查找这些记录"))
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button = QPushButton(self.tr("打开记录"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self._open(self.table.currentIndex().row()))
        self.model = RecordListModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        # Every row as high as the first: nothing measures 286,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.open_button.setEnabled(self.table.currentIndex().isValid()))
        self.model.modelReset.connect(lambda: self.open_button.setEnabled(False))
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.busy_bar)
        top.addWidget(self.cancel_button)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self._job: Run | None = None
        self._show_busy(False)

    @property
    def busy(self) -> bool:
        return self._job is not None

    def list_records(self, worker: DbWorker, store: Store, find: Find, caption: str,
                     names: Mapping[str, str] | None = None) -> Run:
        """Find the records on ``worker`` (``find(conn)`` runs there), then list them; rows are
        described later on ``store``, this thread's connection. A newer request replaces this one."""
        self._drop_job()
        self.model.clear()
        self.caption.setText(self.tr("{0}：正在查找记录……").format(caption))
        self._show_busy(True)
        job = run(self, worker, lambda s, work: find_listing(s, find, work),
                  lambda listing: self._found(job, listing, store, caption, names),
                  lambda error: self._failed(job, error, caption))
        self._job = job
        return job

    def cancel(self) -> None:
        if self._job is None:
            return
        self._drop_job()
        self.model.clear()
        self.caption.setText(self.tr("已取消查找记录；可再点击表格中的数字"))
        self.cancelled.emit()

    def uuid_at(self, row: int) -> str | None:
        return self.model.uuid_at(row)

    def show_hint(self) -> None:
        """Say how to list records, once the page has figures to click (and none is listed)."""
        if self._job is None and self.model.rowCount() == 0:
            self.caption.setText(self.tr("点击表格中的数字，可在此查看对应的记录"))

    def _drop_job(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self._show_busy(False)

    def _found(self, job: Run, listing: Listing, store: Store, caption: str,
               names: Mapping[str, str] | None) -> None:
        if job is not self._job or not shiboken6.isValid(self):
            return  # replaced or cancelled meanwhile, or the view is gone
        self._job = None
        self._show_busy(False)
        self._show(listing, store, caption, names)

    def _show(self, listing: Listing, store: Store, caption: str, names: Mapping[str, str] | None) -> None:
        self.model.set_listing(listing, store, names)
        self.caption.setText(self.tr("{0}：共 {1} 条记录").format(caption, len(listing.uuids)))
        self.listed.emit(len(listing.uuids))

    def _failed(self, job: Run, error: BaseException, caption: str) -> None:
        if job is not self._job or not shiboken6.isValid(self):
            return
        self._job = None
        self._show_busy(False)
        if isinstance(error, Cancelled):
            self.caption.setText(self.tr("已取消查找记录；可再点击表格中的数字"))
            return
        self.caption.setText(self.tr("{0}：查找记录失败：{1}").format(caption, error))

    def _show_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)

    def _open(self, row: int) -> None:
        uuid = self.model.uuid_at(row)
        if uuid:
            self.openRecord.emit(uuid)
