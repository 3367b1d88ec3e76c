"""A register as a table model that holds record IDs, not rows.

The core's ``RegisterList`` (``sync.store.register_list``) says which records to show, in
order (SQLite sorts and filters); the rows are read in blocks of ``ROW_BLOCK`` (``list_rows``)
and a few blocks are kept. So a register of 100,000 volunteers opens as fast as SQLite can
list 100,000 UUIDs, and the view only ever reads the rows on screen.

Given the window's ``DbWorker``, the model reads nothing on the UI thread: the list is made on
the worker (a copy of the ``RegisterList`` runs there, a newer request replacing a running one)
and comes back with the blocks the view was showing, so a refresh after a save repaints the
same rows at once; a block the view paints that is not here yet is asked for on the worker,
shown as ``PLACEHOLDER`` meanwhile, and its neighbours are asked for too, so that scrolling on
(wheel, PgDn) rarely meets a placeholder. When a block arrives, ``dataChanged`` names exactly
its rows. An answer for a list that has since been replaced is dropped. Without a worker (a
model on its own) it reads at once, on the caller's thread.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.runner import Run, run
from forms.model import Field, Register
from forms.types import RIGHT
from sync.progress import Cancelled
from sync.store import search
from sync.store.register_list import ListQuery, RegisterList, RowBlock, list_rows
from sync.store.store import Store

ROW_BLOCK = 200
MAX_CACHED_BLOCKS = 16
# Blocks the list's job reads along with the list: the ones the view showed last.
BLOCKS_WITH_THE_LIST = 3
PLACEHOLDER = "…"  # a cell whose row is on its way from the worker
UUID_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR_BRUSH = QBrush(QColor("#fde2e1"))
WARNING_BRUSH = QBrush(QColor("#fff4d6"))
DELETED_BRUSH = QBrush(QColor("#8a8a8a"))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# A cached row: uuid, deleted, errors, warnings, background, foreground, font, then the cells.
_CELLS = 7
# data() is called for every role of every cell on every repaint: answer from a table.
_DISPLAY, _BACKGROUND, _FOREGROUND, _FONT, _TOOLTIP, _ALIGN, _UUID = range(7)
_ROLE_KIND = {
    Qt.ItemDataRole.DisplayRole: _DISPLAY, Qt.ItemDataRole.BackgroundRole: _BACKGROUND,
    Qt.ItemDataRole.ForegroundRole: _FOREGROUND, Qt.ItemDataRole.FontRole: _FONT,
    Qt.ItemDataRole.ToolTipRole: _TOOLTIP, Qt.ItemDataRole.TextAlignmentRole: _ALIGN, UUID_ROLE: _UUID,
}


def _struck_font() -> QFont:
    font = QFont()
    font.setStrikeOut(True)
    return font
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Listed:
    """What the worker found for a list: the records shown, in order, the listing with its
    caches filled (the next keystroke narrows it), and the rows of the blocks asked along."""

    ids: list[str]
    listing: RegisterList
    blocks: dict[int, RowBlock]
    total: int | None = None  # the register's records (of the village shown), when asked for


def block_ids(ids: Sequence[str], number: int) -> list[str]:
    return list(ids[number * ROW_BLOCK:(number + 1) * ROW_BLOCK])


def load_list(store: Store, listing: RegisterList, fields: Sequence[Field], blocks: Iterable[int],
              count: bool = False) -> Listed:
    """Worker thread: the listing's queries, the rows of ``blocks`` of the new list, and (``count``)
    the register's total."""
    ids = listing.shown_ids(store)
    key = listing.query.register
    rows = {n: list_rows(store, key, fields, block_ids(ids, n)) for n in blocks if n * ROW_BLOCK < len(ids)}
    total = store.count(key, listing.query.village) if count else None
    return Listed(ids, listing, rows, total)


def list_fields(reg: Register) -> list[Field]:
    """The columns of a register's list: ``list_columns`` of its definition, else short fields."""
    if reg.list_columns:
        return [reg.field(name) for name in reg.list_columns]
    return [f for f in reg.fields if not f.type.multiline]


def display_value(fld: Field, value: Any, show_full: bool = False) -> str:
    """A stored value as a person reads it in a list, masked unless asked otherwise."""
    return fld.shown(value, show_full)


class RegisterTableModel(QAbstractTableModel):
    """The current records of one register (optionally of one parent record), sorted and filtered in SQL."""

    refreshed = Signal(int)  # the list shown changed: how many records it holds
    loadingChanged = Signal(bool)  # a list is being read on the worker
    failed = Signal(str)  # reading the list on the worker failed

    def __init__(self, store: Store, register: Register, parent: QObject | None = None,
                 worker: DbWorker | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._list_worker = worker
        self._list_job: Run | None = None
        self._asked: dict[int, Run] = {}  # block number → its read on the worker
        # Block number → its rows as read, the last painted last (show_full formats them again).
        self._found: OrderedDict[int, RowBlock] = OrderedDict()
        self._generation = 0  # which list the blocks belong to: answers for an older one are dropped
        self.loaded = False  # a list has been shown (its count is known)
        # Rows read on the worker too (a subclass may read only its lists there), and the
        # register's total read with each list (``total``).
        self.rows_on_worker = worker is not None
        self.count_total = False
        self.total: int | None = None
        self._reg = register
        self._fields = list_fields(register)
        # What the page asked for and the core's queries behind it (filter, sort, village, parent).
        # A child register (service records) lists every parent's records on its own page;
        # beneath a volunteer it lists that one's (``set_parent_record``).
        self.listing = RegisterList(ListQuery(register.key))
        self._ids: list[str] = []
        self._positions: dict[str, int] | None = None
        self._blocks: OrderedDict[int, list[tuple[Any, ...]]] = OrderedDict()
        self._show_full = False
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._struck = _struck_font()
        self.query_count = 0

    # ------------------------------------------------------------- settings
    @property
    def store(self) -> Store:
        return self._store

    @property
    def register(self) -> Register:
        return self._reg

    @property
    def fields(self) -> list[Field]:
        return list(self._fields)

    def set_filter(self, text: str) -> None:
        terms = search.terms(text)
        if terms != self.listing.terms:
            self.listing.terms = terms
            self.apply()

    def filter_terms(self) -> list[str]:
        return list(self.listing.terms)

    def set_parent_record(self, uuid: str | None, *, required: bool = True) -> None:
        """Show only the children of one record (a volunteer's service records)."""
        self.listing.set_query(replace(self.listing.query, parent=uuid, only_parent=required))
        self.refresh()

    def parent_record(self) -> str | None:
        return self.listing.query.parent

    def set_village(self, code: str | None) -> None:
        """Show only one village's records (a township database holds many villages)."""
        if code != self.listing.query.village:
            self.listing.set_query(replace(self.listing.query, village=code))
            self.refresh()

    @property
    def village(self) -> str | None:
        return self.listing.query.village

    def set_show_deleted(self, show: bool) -> None:
        if show != self.listing.query.show_deleted:
            self.listing.set_query(replace(self.listing.query, show_deleted=show))
            self.refresh()

    def set_show_full(self, show: bool) -> None:
        """Full ID numbers and phones instead of masked ones (the rows read are formatted again)."""
        if show != self._show_full:
            self._show_full = show
            self._blocks.clear()
            if self._ids:
                last = self.index(len(self._ids) - 1, self.columnCount() - 1)
                self.dataChanged.emit(self.index(0, 0), last)

    @property
    def loading(self) -> bool:
        """A list is being read on the worker (the one shown, if any, is the previous)."""
        return self._list_job is not None

    # ---------------------------------------------------------------- query
    def base_count(self) -> int:
        """How many records the list holds without a filter (deletions included when shown); 0
        before a list was read (``loaded``)."""
        base = self.listing.base
        if base is not None or not self.list_on_worker():
            return len(self.listing.base_ids(self._store))
        return 0

    def list_on_worker(self) -> bool:
        """Whether the list is read on the worker (a subclass may keep small ones here)."""
        return self._list_worker is not None

    def refresh(self) -> None:
        """Query again: after a write, or when the order or the records shown change."""
        self.listing.forget()
        self.apply()

    def apply(self) -> None:
        """Show what the listing holds now: its queries run on the worker (a newer request
        replaces a running one), or here without one."""
        if not self.list_on_worker():
            self.total = None
            self.show_ids(self.listing.shown_ids(self._store))
            return
        assert self._list_worker is not None
        self._drop_list_job()
        listing, fields, count = self.listing.copy(), list(self._fields), self.count_total
        wanted = sorted({0, *list(self._found)[-BLOCKS_WITH_THE_LIST:]}) if self.rows_on_worker else []
        job = run(self, self._list_worker,
                  lambda store, _work: load_list(store, listing, fields, wanted, count),
                  lambda listed: self._listed(job, listed), lambda error: self._list_failed(job, error))
        self._list_job = job
        self.loadingChanged.emit(True)

    def cancel(self) -> None:
        """Stop reading the list; the list shown stays as it was."""
        if self._list_job is not None:
            self._drop_list_job()
            self.loadingChanged.emit(False)

    def _drop_list_job(self) -> None:
        if self._list_job is not None:
            self._list_job.cancel()
            self._list_job = None

    def _listed(self, job: Run, listed: Listed) -> None:
        if job is not self._list_job or not shiboken6.isValid(self):
            return  # replaced by a newer request, or cancelled
        self._list_job = None
        self.listing = listed.listing  # with the caches the worker filled: the next keystroke narrows
        self.total = listed.total
        self.show_ids(listed.ids, listed.blocks)
        self.loadingChanged.emit(False)

    def _list_failed(self, job: Run, error: BaseException) -> None:
        if job is not self._list_job or not shiboken6.isValid(self):
            return
        self._list_job = None
        self.loadingChanged.emit(False)
        if not isinstance(error, Cancelled):
            self.failed.emit(str(error))

    def show_ids(self, ids: list[str], blocks: dict[int, RowBlock] | None = None) -> None:
        """Show these records, in this order (the result of the listing's queries), with the
        rows of ``blocks`` already read for them."""
        self.query_count += 1
        self.beginResetModel()
        self._generation += 1
        for asked in self._asked.values():
            asked.cancel()
        self._asked.clear()
        self._ids = ids
        self._positions = None
        self._blocks.clear()
        self._found = OrderedDict(sorted((blocks or {}).items()))
        self.loaded = True
        self.endResetModel()
        self.refreshed.emit(len(ids))

    def invalidate_rows(self) -> None:
        """Read the rows again (what a cell shows changed, not which records): on the worker,
        the rows shown stay until the new ones are here."""
        if not self.rows_on_worker:
            self._blocks.clear()
            self._found.clear()
            if self._ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self._fields) - 1))
            return
        for number in list(self._found):
            self._ask(number, again=True)

    def reload_record(self, uuid: str) -> None:
        """One record changed but the set of IDs did not: read its block again."""
        row = self.row_of(uuid)
        if row is None:
            return
        number = row // ROW_BLOCK
        if self.rows_on_worker:
            self._ask(number, again=True)
            return
        self._blocks.pop(number, None)
        self._found.pop(number, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._fields) - 1))

    # ----------------------------------------------------------------- rows
    def _ask(self, number: int, again: bool = False) -> None:
        """Read block ``number`` on the worker, unless it is here (or on its way) already."""
        if not self.rows_on_worker or number < 0 or number * ROW_BLOCK >= len(self._ids):
            return
        if again and number in self._asked:
            self._asked.pop(number).cancel()  # asked before the change: it may read the rows before it
        if number in self._asked or (number in self._found and not again):
            return
        ids, key, fields = block_ids(self._ids, number), self._reg.key, list(self._fields)
        generation = self._generation
        assert self._list_worker is not None
        job = run(self, self._list_worker, lambda store, _work: list_rows(store, key, fields, ids),
                  lambda found: self._arrived(generation, number, found),
                  lambda error: self._not_arrived(generation, number, error))
        self._asked[number] = job

    def _arrived(self, generation: int, number: int, found: RowBlock) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return  # for a list since replaced
        self._asked.pop(number, None)
        self._found[number] = found
        self._blocks.pop(number, None)
        while len(self._found) > MAX_CACHED_BLOCKS:
            self._found.pop(next(iter(self._found)))
        first = number * ROW_BLOCK
        last = min(first + ROW_BLOCK, len(self._ids)) - 1
        self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    def _not_arrived(self, generation: int, number: int, error: BaseException) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return
        self._asked.pop(number, None)  # painted again, it is asked again
        if not isinstance(error, Cancelled):
            self.failed.emit(str(error))

    def _block(self, number: int) -> list[tuple[Any, ...]] | None:
        """The rows of block ``number`` as shown, or None while they are on their way."""
        cached = self._blocks.get(number)
        if cached is not None:
            self._blocks.move_to_end(number)
            return cached
        found = self._found.get(number)
        if found is None:
            if not self.rows_on_worker:
                found = self._found[number] = list_rows(self._store, self._reg.key, self._fields,
                                                        block_ids(self._ids, number))
                while len(self._found) > MAX_CACHED_BLOCKS:
                    self._found.pop(next(iter(self._found)))
            else:
                # Painted: ask for it, and for its neighbours, where the view goes next.
                for n in (number, number + 1, number - 1):
                    self._ask(n)
                return None
        else:
            self._found.move_to_end(number)
        if self.rows_on_worker:
            # Painted: make sure the neighbours are on their way too.
            self._ask(number + 1)
            self._ask(number - 1)
        block = self._format(block_ids(self._ids, number), found)
        self._blocks[number] = block
        while len(self._blocks) > MAX_CACHED_BLOCKS:
            self._blocks.popitem(last=False)
        return block

    def _format(self, ids: list[str], found: RowBlock) -> list[tuple[Any, ...]]:
        """Rows as read → what the cells show (formatted, masked unless asked, references named)."""
        titles = found.titles
        block: list[tuple[Any, ...]] = []
        struck = self._struck
        for uuid in ids:
            row = found.rows.get(uuid)
            if row is None:  # removed since the query ran: shown empty until the next refresh
                block.append((uuid, False, 0, 0, None, None, None, *("" for _ in self._fields)))
                continue
            cells = []
            for fld, value in zip(self._fields, row.values, strict=True):
                if fld.ref and value:
                    cells.append(titles.get(value, value))
                else:
                    cells.append(display_value(fld, value, self._show_full))
            deleted, n_err, n_warn = row.deleted, row.errors, row.warnings
            background = None if deleted else ERROR_BRUSH if n_err else WARNING_BRUSH if n_warn else None
            block.append((uuid, deleted, n_err, n_warn, background, DELETED_BRUSH if deleted else None,
                          struck if deleted else None, *cells))
        return block

    def _row(self, row: int) -> tuple[Any, ...] | None:
        block = self._block(row // ROW_BLOCK)
        return None if block is None else block[row % ROW_BLOCK]

    def row_ready(self, row: int) -> bool:
        """The row's cells are here (not a placeholder)."""
        return (row // ROW_BLOCK) in self._found

    def uuid_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, uuid: str) -> int | None:
        if self._positions is None:
            self._positions = {u: i for i, u in enumerate(self._ids)}
        return self._positions.get(uuid)

    def is_deleted(self, row: int) -> bool:
        """False also while the row is on its way (``row_ready``)."""
        cached = self._row(row)
        return cached is not None and bool(cached[1])

    def uuids(self) -> list[str]:
        return list(self._ids)

    # ------------------------------------------------------------ Qt model
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._fields)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        kind = _ROLE_KIND.get(role)
        if kind is None:
            return None
        row = index.row()
        if not index.isValid() or row >= len(self._ids) or row < 0:
            return None
        if kind == _UUID:
            return self._ids[row]
        if kind == _ALIGN:
            return _RIGHT if self._fields[index.column()].type.align == RIGHT else None
        cached = self._row(row)
        if cached is None:  # on its way from the worker
            return PLACEHOLDER if kind == _DISPLAY else None
        if kind == _DISPLAY:
            return cached[_CELLS + index.column()]
        if kind == _BACKGROUND:
            return cached[4]
        if kind == _FOREGROUND:
            return cached[5]
        if kind == _FONT:
            return cached[6]
        _, deleted, n_err, n_warn = cached[:4]
        if deleted:
            return self.tr("已删除（可在“历史”中查看原因或恢复）")
        if n_err or n_warn:
            return self.tr("错误 {0} 处，警告 {1} 处（详见“检查结果”）").format(n_err, n_warn)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._fields[section].label if 0 <= section < len(self._fields) else None
        return str(section + 1) if 0 <= section < len(self._ids) else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) == (self.sort_column, self.sort_order) and self.query_count:
            return
        self.sort_column, self.sort_order = column, order
        field = self._fields[column].name if 0 <= column < len(self._fields) else None
        self.listing.set_query(replace(self.listing.query, sort_field=field, by_village=False,
                                       descending=order == Qt.SortOrder.DescendingOrder))
        self.refresh()
