"""A register as a table model that holds record IDs, not rows.

The core's ``RegisterList`` (``sync.store.register_list``) says which records to show, in
order (SQLite sorts and filters); ``data()`` reads the rows it is asked for in blocks
(``list_rows``) and keeps a few blocks cached. So a register of 100,000 volunteers opens as fast
as SQLite can list 100,000 UUIDs, and the view only ever reads the rows on screen.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from forms.model import Field, Register
from forms.types import RIGHT
from sync.store import search
from sync.store.register_list import ListQuery, RegisterList, list_rows
from sync.store.store import Store

ROW_BLOCK = 200
MAX_CACHED_BLOCKS = 16
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

    refreshed = Signal(int)

    def __init__(self, store: Store, register: Register, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
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
        """Full ID numbers and phones instead of masked ones."""
        if show != self._show_full:
            self._show_full = show
            self.invalidate_rows()

    # ---------------------------------------------------------------- query
    def base_count(self) -> int:
        """How many records the list holds without a filter (deletions included when shown)."""
        return len(self.listing.base_ids(self._store))

    def refresh(self) -> None:
        """Query again: after a write, or when the order or the records shown change."""
        self.listing.forget()
        self.apply()

    def apply(self) -> None:
        """Show what the listing holds now, its queries run here (a subclass may run them elsewhere)."""
        self.show_ids(self.listing.shown_ids(self._store))

    def show_ids(self, ids: list[str]) -> None:
        """Show these records, in this order (the result of the listing's queries)."""
        self.query_count += 1
        self.beginResetModel()
        self._ids = ids
        self._positions = None
        self._blocks.clear()
        self.endResetModel()
        self.refreshed.emit(len(ids))

    def invalidate_rows(self) -> None:
        """Read the rows again when next painted (what a cell shows changed, not which records)."""
        self._blocks.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self._fields) - 1))

    def reload_record(self, uuid: str) -> None:
        """One record changed but the set of IDs did not: drop its cached row."""
        row = self.row_of(uuid)
        if row is None:
            return
        self._blocks.pop(row // ROW_BLOCK, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._fields) - 1))

    # ----------------------------------------------------------------- rows
    def _block(self, number: int) -> list[tuple[Any, ...]]:
        cached = self._blocks.get(number)
        if cached is not None:
            self._blocks.move_to_end(number)
            return cached
        ids = self._ids[number * ROW_BLOCK:(number + 1) * ROW_BLOCK]
        found = list_rows(self._store, self._reg.key, self._fields, ids)
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
        self._blocks[number] = block
        while len(self._blocks) > MAX_CACHED_BLOCKS:
            self._blocks.popitem(last=False)
        return block

    def _row(self, row: int) -> tuple[Any, ...]:
        return self._block(row // ROW_BLOCK)[row % ROW_BLOCK]

    def uuid_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, uuid: str) -> int | None:
        if self._positions is None:
            self._positions = {u: i for i, u in enumerate(self._ids)}
        return self._positions.get(uuid)

    def is_deleted(self, row: int) -> bool:
        return bool(self._row(row)[1])

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
        if kind == _DISPLAY:
            return self._row(row)[_CELLS + index.column()]
        if kind == _UUID:
            return self._ids[row]
        if kind == _ALIGN:
            return _RIGHT if self._fields[index.column()].type.align == RIGHT else None
        cached = self._row(row)
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
