"""A register as a table model that holds record IDs, not rows.

A query returns the UUIDs of the records to show, in order (SQLite sorts and filters);
``data()`` reads the rows it is asked for in blocks and keeps a few blocks cached. So a
register of 100,000 volunteers opens as fast as SQLite can list 100,000 UUIDs, and the
view only ever reads the rows on screen.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from forms.model import Field, Register
from forms.types import RIGHT
from sync.store import search
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


# Below this many matches, the next keystroke re-checks only them (by rowid) instead of scanning.
NARROW_LIMIT = 8000


def _refines(before: list[str], after: list[str]) -> bool:
    """Every record matching ``after`` matches ``before``: each earlier word is inside a new one."""
    return bool(before) and all(any(old in new for new in after) for old in before)


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
        self._ids: list[str] = []
        self._base: list[str] | None = None
        self._base_positions: dict[str, int] | None = None
        # The last filter's words and matches (search_index rowid -> uuid), to narrow the next.
        self._last_search: tuple[list[str], dict[int, str]] | None = None
        self._positions: dict[str, int] | None = None
        self._blocks: OrderedDict[int, list[tuple[Any, ...]]] = OrderedDict()
        self._terms: list[str] = []
        self._parent_uuid: str | None = None
        self._village: str | None = None
        # A child register (service records) lists every parent's records on its own page;
        # beneath a volunteer it lists that one's (``set_parent_record``).
        self._needs_parent = False
        self._show_deleted = False
        self._show_full = False
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._struck = _struck_font()
        self.query_count = 0

    # ------------------------------------------------------------- settings
    @property
    def register(self) -> Register:
        return self._reg

    @property
    def fields(self) -> list[Field]:
        return list(self._fields)

    def set_filter(self, text: str) -> None:
        terms = search.terms(text)
        if terms != self._terms:
            self._terms = terms
            self._apply_filter()

    def filter_terms(self) -> list[str]:
        return list(self._terms)

    def set_parent_record(self, uuid: str | None, *, required: bool = True) -> None:
        """Show only the children of one record (a volunteer's service records)."""
        self._needs_parent = required
        self._parent_uuid = uuid
        self.refresh()

    def parent_record(self) -> str | None:
        return self._parent_uuid

    def set_village(self, code: str | None) -> None:
        """Show only one village's records (a township database holds many villages)."""
        if code != self._village:
            self._village = code
            self.refresh()

    @property
    def village(self) -> str | None:
        return self._village

    def set_show_deleted(self, show: bool) -> None:
        if show != self._show_deleted:
            self._show_deleted = show
            self.refresh()

    def set_show_full(self, show: bool) -> None:
        """Full ID numbers and phones instead of masked ones."""
        if show != self._show_full:
            self._show_full = show
            self._invalidate_rows()

    # ---------------------------------------------------------------- query
    # Two queries, both answered by SQLite: the ordered list of records that may be shown
    # (sort order, deletions, parent record), kept until the data or the order changes,
    # and, while the filter box holds text, the set of records whose search key matches.
    # A keystroke runs only the second one; the list shown is the first one restricted
    # to the second, in order.
    def _base_query(self, ordered: bool = True) -> tuple[str, list[Any]]:
        reg = self._reg
        where: list[str] = []
        args: list[Any] = []
        if not self._show_deleted:
            where.append("r._deleted = 0")
        if self._needs_parent and reg.parent_field:
            where.append(f'r."{reg.parent_field}" = ?')
            args.append(self._parent_uuid or "")
        if self._village:
            where.append("r._village = ?")
            args.append(self._village)
        sql = f'SELECT r.uuid FROM "{reg.key}" r'
        if where:
            sql += " WHERE " + " AND ".join(where)
        direction = "DESC" if self._sort_order == Qt.SortOrder.DescendingOrder else "ASC"
        if not ordered:
            return sql, args
        if 0 <= self._sort_column < len(self._fields):
            order = self._order_expression(self._fields[self._sort_column])
            sql += f" ORDER BY {order} {direction}, r._created_at {direction}, r.rowid {direction}"
        else:
            # Entry order (rowid alone is not: a changed record is rewritten at the end).
            sql += " ORDER BY r._created_at, r.rowid"
        return sql, args

    def _order_expression(self, fld: Field) -> str:
        """What a column sorts by: its value, or for a reference (a service's volunteer) the
        name it shows, in pinyin order when the search index is there."""
        if not fld.ref:
            return f'r."{fld.name}"'
        if search.table_exists(self._store.conn):
            return f'(SELECT sort_key FROM {search.TABLE} WHERE uuid = r."{fld.name}")'
        target = self._store.catalog.registers[fld.ref]
        if not target.title_field:
            return f'r."{fld.name}"'
        return f'(SELECT t."{target.title_field}" FROM "{target.key}" t WHERE t.uuid = r."{fld.name}")'

    def _parent_words(self) -> bool:
        """A child register's page lists every parent's records: a word may then name the parent
        (lxy finds the service records of 林秀英, as the volunteers page finds her)."""
        return bool(self._reg.parent and self._reg.parent_field and not self._needs_parent)

    def _sorting_title(self) -> bool:
        return (0 <= self._sort_column < len(self._fields)
                and self._fields[self._sort_column].name == self._reg.title_field)

    def _base_ids(self) -> list[str]:
        if self._base is not None:
            return self._base
        conn = self._store.conn
        by_pinyin = self._sorting_title() and search.table_exists(conn)
        sql, args = self._base_query(ordered=not by_pinyin)
        ids = [row[0] for row in conn.execute(sql, args)]
        if by_pinyin:
            # Names sort by pinyin (the search key's sort_key, read in index order), not by
            # code point; the register table only says which records may be shown.
            direction = "DESC" if self._sort_order == Qt.SortOrder.DescendingOrder else "ASC"
            shown = set(ids)
            ordered = conn.execute(
                f"SELECT uuid FROM {search.TABLE} WHERE register = ? "
                f"ORDER BY sort_key {direction}, uuid {direction}", (self._reg.key,))
            ids = [row[0] for row in ordered if row[0] in shown]
        self._base = ids
        self._base_positions = None
        return ids

    def base_count(self) -> int:
        """How many records the list holds without a filter (deletions included when shown)."""
        return len(self._base_ids())

    def _matching(self) -> set[str] | None:
        """The records whose search key holds every word of the filter; None without a filter."""
        if not self._terms:
            return None
        reg = self._reg
        conn = self._store.conn
        patterns = [search.like_pattern(t) for t in self._terms]
        if search.table_exists(conn):
            like = "text LIKE ? ESCAPE '\\'"
            word_args: list[Any] = list(patterns)
            if self._parent_words():
                # Each word matches the record's own key or its parent's; both subqueries stand
                # alone, so SQLite works each out once, not once per row.
                like = (f"({like} OR uuid IN (SELECT c.uuid FROM \"{reg.key}\" c "
                        f"WHERE c.\"{reg.parent_field}\" IN (SELECT uuid FROM {search.TABLE} "
                        f"WHERE +register = ? AND {like})))")
                word_args = [a for p in patterns for a in (p, reg.parent, p)]
            likes = " AND ".join(like for _ in patterns)
            last = self._last_search
            if last is not None and len(last[1]) <= NARROW_LIMIT and _refines(last[0], self._terms):
                # One more letter typed: only the records that matched before can match now.
                sql = (f"SELECT rowid, uuid FROM {search.TABLE} "
                       f"WHERE rowid IN (SELECT value FROM json_each(?)) AND {likes}")
                args: list[Any] = [json.dumps(list(last[1])), *word_args]
            else:
                # A plain scan (the unary + keeps SQLite off the register index, which would
                # cost a second lookup per row) is the fastest way through 100,000 keys.
                sql = f"SELECT rowid, uuid FROM {search.TABLE} WHERE {likes} AND +register = ?"
                args = [*word_args, reg.key]
            found = dict(conn.execute(sql, args).fetchall())
            self._last_search = (list(self._terms), found)
            return set(found.values())
        # The index of an older database is still being built: names and ID numbers only.
        cols = [c for c in (reg.title_field, reg.person_field) if c]
        own = " OR ".join(f'"{c}" LIKE ? ESCAPE \'\\\'' for c in cols)
        per_word = len(cols)
        if self._parent_words():
            parent = self._store.catalog.registers[reg.parent or ""]
            parent_cols = [c for c in (parent.title_field, parent.person_field) if c]
            in_parent = " OR ".join(f'"{c}" LIKE ? ESCAPE \'\\\'' for c in parent_cols)
            own += f' OR "{reg.parent_field}" IN (SELECT uuid FROM "{parent.key}" WHERE {in_parent})'
            per_word += len(parent_cols)
        sql = f'SELECT uuid FROM "{reg.key}" WHERE ' + " AND ".join(f"({own})" for _ in patterns)
        return {row[0] for row in conn.execute(sql, [p for p in patterns for _ in range(per_word)])}

    def refresh(self) -> None:
        """Query again: after a write, or when the order or the records shown change."""
        self._base = None
        self._last_search = None  # a write may have changed search keys and their rowids
        self._apply_filter()

    def _apply_filter(self) -> None:
        base = self._base_ids()
        matching = self._matching()
        if matching is None:
            ids = base
        elif len(matching) * 8 < len(base):
            # Few matches: put them in list order rather than walking the whole list.
            if self._base_positions is None:
                self._base_positions = {u: i for i, u in enumerate(base)}
            order = self._base_positions
            ids = sorted((u for u in matching if u in order), key=order.__getitem__)
        else:
            ids = [u for u in base if u in matching]
        self.query_count += 1
        self.beginResetModel()
        self._ids = ids
        self._positions = None
        self._blocks.clear()
        self.endResetModel()
        self.refreshed.emit(len(ids))

    def _invalidate_rows(self) -> None:
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
        cols = ", ".join(f'"{f.name}"' for f in self._fields)
        marks = ", ".join("?" for _ in ids)
        rows = {
            r[0]: r for r in self._store.conn.execute(
                f'SELECT uuid, _deleted, _errors, _warnings, {cols} FROM "{self._reg.key}" '
                f"WHERE uuid IN ({marks})", ids)
        }
        titles = self._ref_titles(rows.values())
        block: list[tuple[Any, ...]] = []
        struck = self._struck
        for uuid in ids:
            row = rows.get(uuid)
            if row is None:  # removed since the query ran: shown empty until the next refresh
                block.append((uuid, False, 0, 0, None, None, None, *("" for _ in self._fields)))
                continue
            cells = []
            for offset, fld in enumerate(self._fields):
                value = fld.type.from_sql(row[4 + offset])
                if fld.ref and value:
                    cells.append(titles.get(value, value))
                else:
                    cells.append(display_value(fld, value, self._show_full))
            deleted, n_err, n_warn = bool(row[1]), row[2] or 0, row[3] or 0
            background = None if deleted else ERROR_BRUSH if n_err else WARNING_BRUSH if n_warn else None
            block.append((uuid, deleted, n_err, n_warn, background, DELETED_BRUSH if deleted else None,
                          struck if deleted else None, *cells))
        self._blocks[number] = block
        while len(self._blocks) > MAX_CACHED_BLOCKS:
            self._blocks.popitem(last=False)
        return block

    def _ref_titles(self, rows: Any) -> dict[str, str]:
        titles: dict[str, str] = {}
        for offset, fld in enumerate(self._fields):
            if not fld.ref:
                continue
            target = self._store.catalog.registers[fld.ref]
            wanted = sorted({r[4 + offset] for r in rows if r[4 + offset]})
            if not wanted or not target.title_field:
                continue
            marks = ", ".join("?" for _ in wanted)
            for uuid, title in self._store.conn.execute(
                    f'SELECT uuid, "{target.title_field}" FROM "{target.key}" WHERE uuid IN ({marks})',
                    wanted):
                titles[uuid] = title or ""
        return titles

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
        if (column, order) == (self._sort_column, self._sort_order) and self.query_count:
            return
        self._sort_column, self._sort_order = column, order
        self.refresh()
