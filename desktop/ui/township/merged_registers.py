"""The township's registers: every village's records in one table, filterable by village, read-only.

Built on the village window's ``RegisterTableModel`` (IDs in the model, SQL sort and
filter, pinyin, masked numbers) with its village filter, plus a first column naming the
village. The village's data is the village's: the township reads it here and settles
conflicts in the review screen; corrections go back in a return package.

A prefecture's registers are big (286,000 volunteers, 1.43 million service records): listing
them takes 1–4 s, sorting by name 2.5 s, a filter keystroke over all their search keys 1.5 s.
So a register holding more than ``BACKGROUND_FROM_ROWS`` rows is listed on the window's
``DbWorker``, as the village window lists every register (``RegisterTableModel``: a copy of its
``RegisterList`` runs there and the list shown is swapped for the result), with its count.
Meanwhile the old list stays usable, a busy bar and 取消 appear, and a newer request (the next
keystroke) replaces the running one. Smaller registers are listed here; rows are read here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.registers.record_form import FieldPanel
from desktop.ui.registers.register_view import fit_columns, make_table
from desktop.ui.registers.table_model import ROW_BLOCK, RegisterTableModel
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.page_header import PageHeader
from forms.model import Register
from sync.store.queries import largest_rowid, village_codes
from sync.store.store import Store

_Index = QModelIndex | QPersistentModelIndex
VILLAGE_COLUMN = 0
_MAX_VILLAGE_BLOCKS = 64
# Above this many rows in the table (its largest rowid: no scan), queries run on the worker:
# 14,310 members take 30 ms to list here, 110 ms to sort by name; 286,000 volunteers 1 and 2.5 s.
BACKGROUND_FROM_ROWS = 5_000
SHOW_BUSY_AFTER_MS = 150


class _Cell:
    """A cell of the register's own columns, as ``RegisterTableModel.data`` reads an index.
    Making a QModelIndex for it costs more than the rest of ``data()``, which a repaint
    calls some 3,000 times (every role of every cell on screen)."""

    __slots__ = ("_column", "_row")

    def __init__(self, row: int, column: int) -> None:
        self._row, self._column = row, column

    def row(self) -> int:
        return self._row

    def column(self) -> int:
        return self._column

    def isValid(self) -> bool:
        return True


class MergedRegisterModel(RegisterTableModel):
    """A register of all villages: the village first, then the register's list columns.

    With a ``worker``, a big register is queried there (``busyChanged``, ``failed``); ``total``
    is then the register's count (of the village shown) the worker found with the list."""

    def __init__(self, store: Store, register: Register, names: Mapping[str, str] | None = None,
                 parent: QObject | None = None, worker: DbWorker | None = None) -> None:
        super().__init__(store, register, parent, worker)
        self._names = dict(names or {})
        self._codes: dict[int, dict[str, str]] = {}  # block → uuid → village code
        self.modelReset.connect(self._codes.clear)
        # Only a big register's list goes to the worker, with its count; rows are read here.
        self.rows_on_worker = False
        self.count_total = True

    # ------------------------------------------------------ on the worker
    @property
    def busy(self) -> bool:
        return self.loading

    def in_background(self) -> bool:
        """True when this register's queries run on the worker (a big table)."""
        return self.list_on_worker()

    def list_on_worker(self) -> bool:
        big = largest_rowid(self.store, self.register.key) > BACKGROUND_FROM_ROWS
        return super().list_on_worker() and big

    def set_names(self, names: Mapping[str, str]) -> None:
        self._names = dict(names)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    def village_at(self, row: int) -> str:
        block = row // ROW_BLOCK
        codes = self._codes.get(block)
        if codes is None:
            rows = range(block * ROW_BLOCK, min((block + 1) * ROW_BLOCK, self.rowCount()))
            ids = [u for u in (self.uuid_at(i) for i in rows) if u]
            codes = village_codes(self.store, self.register.key, ids)
            if len(self._codes) >= _MAX_VILLAGE_BLOCKS:
                self._codes.clear()
            self._codes[block] = codes
        return codes.get(self.uuid_at(row) or "", "")

    def village_label(self, code: str) -> str:
        return self._names.get(code) or code

    # ------------------------------------------------------------ Qt model
    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else super().columnCount() + 1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = index.row(), index.column()
        if not index.isValid() or not 0 <= row < self.rowCount():
            return None
        if column == VILLAGE_COLUMN:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.village_label(self.village_at(row))
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("村代码 {0}").format(self.village_at(row))
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return None
            # Row-wide looks (errors, warnings, deletions) as the record's first column has them.
            return super().data(_Cell(row, 0), role)  # type: ignore[arg-type]
        return super().data(_Cell(row, column - 1), role)  # type: ignore[arg-type]

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if section == VILLAGE_COLUMN:
                return self.tr("村（社区）") if role == Qt.ItemDataRole.DisplayRole else None
            return super().headerData(section - 1, orientation, role)
        return super().headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column == VILLAGE_COLUMN:
            if self.listing.query.by_village and order == self.sort_order and self.query_count:
                return
            self.sort_column, self.sort_order = -1, order
            self.listing.set_query(replace(self.listing.query, sort_field=None, by_village=True,
                                           descending=order == Qt.SortOrder.DescendingOrder))
            self.refresh()
            return
        super().sort(column - 1 if column > 0 else column, order)

    def invalidate_rows(self) -> None:
        super().invalidate_rows()
        if self.rowCount():  # the base class knows one column fewer
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))


class MergedRegisterView(QWidget):
    """Filter box, table of all villages (or one), record count; double-click shows the record."""

    open_requested = Signal(str)

    def __init__(self, store: Store, register: Register, names: Mapping[str, str] | None = None,
                 parent: QWidget | None = None, worker: DbWorker | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.register = register
        if worker is None and isinstance(getattr(parent, "worker", None), DbWorker):
            worker = parent.worker  # type: ignore[union-attr]  # the window's, stopped when it closes
        self.setObjectName(f"merged_{register.key}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        self.title = QLabel(register.name)
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.filter = QLineEdit()
        self.filter.setObjectName("filter")
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(self.tr("筛选：姓名、拼音或首字母、证件号码片段、选项…"))
        self.filter.setMinimumWidth(200)  # wider when there is room (stretch); fits 1366×768 at 150 %
        self.show_deleted = QCheckBox(self.tr("显示已删除"))
        self.count_label = QLabel()
        self.count_label.setMinimumWidth(160)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setVisible(False)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setToolTip(self.tr("停止读取，保留现在的列表"))
        self.cancel_button.setVisible(False)
        # One line, or two on a page too narrow for one (1024×768 at 150 %).
        self.header = PageHeader(self.title, [self.filter, self.show_deleted],
                                 [self.count_label, self.busy_bar, self.cancel_button])
        layout.addWidget(self.header)
        hint = QLabel(self.tr("各乡镇上报的各村数据，区县只读。需要更正时请退回乡镇，"
                              "由乡镇通知村里修改后重新报送。")
                      if store.is_county else
                      self.tr("各村报送的数据，乡镇只读。需要更正时请通知村里修改后重新报送；"
                              "两边改得不一致的，在“冲突审核”中裁决。"))
        hint.setStyleSheet("color: #666;")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        self.model = MergedRegisterModel(store, register, names, self, worker)
        self.table = make_table(self.model)
        self.table.doubleClicked.connect(self._double_clicked)
        layout.addWidget(self.table, 1)
        self.filter.textChanged.connect(self.model.set_filter)
        self.show_deleted.toggled.connect(self.model.set_show_deleted)
        self.model.refreshed.connect(self._update_count)
        self.model.loadingChanged.connect(self._busy_changed)
        self.model.failed.connect(self._failed)
        self.cancel_button.clicked.connect(self.cancel)
        # The busy bar only for a query that takes a moment: no flicker at each keystroke.
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.timeout.connect(self._show_busy)
        self._fitted = False
        self.model.refresh()
        self._fit()

    def set_village(self, code: str | None) -> None:
        self.model.set_village(code)
        self.table.setColumnHidden(VILLAGE_COLUMN, code is not None)

    def set_names(self, names: Mapping[str, str]) -> None:
        self.model.set_names(names)

    def set_show_full(self, show: bool) -> None:
        self.model.set_show_full(show)

    def refresh(self) -> None:
        self.model.refresh()

    def cancel(self) -> None:
        if self.model.busy:
            self.model.cancel()
            self.count_label.setText(self.tr("已取消读取（列表未更新）"))

    def _fit(self) -> None:
        # Column widths from the first rows: once there are rows (a big register's come later).
        if not self._fitted and (self.model.rowCount() or not self.model.busy):
            self._fitted = True
            fit_columns(self.table)

    def _busy_changed(self, busy: bool) -> None:
        if busy:
            self.count_label.setText(self.tr("正在读取…"))
            self._busy_timer.start(SHOW_BUSY_AFTER_MS)
        else:
            self._busy_timer.stop()
            self.busy_bar.setVisible(False)
            self.cancel_button.setVisible(False)

    def _show_busy(self) -> None:
        if self.model.busy:
            self.busy_bar.setVisible(True)
            self.cancel_button.setVisible(True)

    def _failed(self, text: str) -> None:
        self.count_label.setText(self.tr("读取失败"))
        self.count_label.setToolTip(text)

    def _double_clicked(self, index: QModelIndex) -> None:
        uuid = self.model.uuid_at(index.row())
        if uuid:
            self.open_requested.emit(uuid)

    def _update_count(self, shown: int) -> None:
        self._fit()
        self.count_label.setToolTip("")
        village = self.model.village
        total = self.model.total
        if total is None:
            total = self.store.count(self.register.key, village)
        where = self.model.village_label(village) if village else self.tr("各村")
        unit = self.register.unit
        if self.model.filter_terms():
            self.count_label.setText(self.tr("{0}：筛选出 {1} / 共 {2} {3}").format(
                where, shown, total, unit))
        else:
            self.count_label.setText(self.tr("{0}：共 {1} {2}").format(where, total, unit))


class RecordViewer(QDialog):
    """One village record, read-only, with what is wrong with it beside each field."""

    def __init__(self, store: Store, uuid: str, names: Mapping[str, str] | None = None,
                 parent: QWidget | None = None, *, show_full: bool = False) -> None:
        super().__init__(parent)
        record = store.get(uuid)
        village_name = (names or {}).get(record.village) or record.village
        reg = record.register
        self.setObjectName("RecordViewer")
        self.setWindowTitle(self.tr("查看{0}：{1}").format(reg.name, record.title))
        self.resize(900, 620)
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("{0}　{1}：{2}").format(village_name, reg.name, record.title))
        heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        layout.addWidget(heading)
        state = self.tr("已删除。") if record.deleted else ""
        read_only = self.tr("区县只读。") if store.is_county else self.tr("乡镇只读。")
        self.info = info = QLabel(state + self.tr("最后修改：{0} {1}；录入：{2} {3}。").format(
            record.modified_by, record.modified_at.replace("T", " ")[:16], record.created_by,
            record.created_at.replace("T", " ")[:16]) + read_only)
        info.setStyleSheet("color: #666;")
        layout.addWidget(info)
        self.panel = FieldPanel(reg, store, parent=self)
        # Read-only at the township: ID numbers and phones masked like the lists (PIPL) unless
        # the window shows full numbers; the checks run on the real values.
        shown = dict(record.values)
        if not show_full:
            for fld in reg.fields:
                if isinstance(shown.get(fld.name), str):
                    shown[fld.name] = fld.masked(shown[fld.name])
        self.panel.set_values(shown)
        self.panel.set_read_only(True)
        typed = {f.name: record.values.get(f.name) for f in reg.input_fields}
        _values, issues = store.validate(reg.key, typed, record_uuid=uuid, village=record.village)
        self.panel.show_issues(issues)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.panel)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def open_record(store: Store, uuid: str, names: Mapping[str, str], parent: QWidget, *,
                show_full: bool = False) -> RecordViewer:
    viewer = RecordViewer(store, uuid, names, parent, show_full=show_full)
    viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    viewer.open()
    return viewer
