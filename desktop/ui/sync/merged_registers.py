"""The township's registers: every village's records in one table, filterable by village, read-only.

Built on the village window's ``RegisterTableModel`` (IDs in the model, SQL sort and
filter, pinyin, masked numbers) with its village filter, plus a first column naming the
village. The village's data is the village's: the township reads it here and settles
conflicts in the review screen; corrections go back in a return package.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.record_form import FieldPanel
from desktop.ui.register_view import fit_columns, make_table
from desktop.ui.table_model import ROW_BLOCK, RegisterTableModel
from forms.model import Register
from sync.store import Store

_Index = QModelIndex | QPersistentModelIndex
VILLAGE_COLUMN = 0
_MAX_VILLAGE_BLOCKS = 64


class MergedRegisterModel(RegisterTableModel):
    """A register of all villages: the village first, then the register's list columns."""

    def __init__(self, store: Store, register: Register, names: Mapping[str, str] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(store, register, parent)
        self._names = dict(names or {})
        self._by_village = False
        self._codes: dict[int, dict[str, str]] = {}  # block → uuid → village code
        self.modelReset.connect(self._codes.clear)

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
            marks = ", ".join("?" for _ in ids)
            codes = dict(self._store.conn.execute(
                f'SELECT uuid, _village FROM "{self.register.key}" WHERE uuid IN ({marks})', ids).fetchall())
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
        if not index.isValid() or not (0 <= index.row() < self.rowCount()):
            return None
        row, column = index.row(), index.column()
        if column == VILLAGE_COLUMN:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.village_label(self.village_at(row))
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("村代码 {0}").format(self.village_at(row))
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return None
            # Row-wide looks (errors, warnings, deletions) as the record's first column has them.
            return super().data(self.index(row, 0), role)
        return super().data(self.index(row, column - 1), role)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if section == VILLAGE_COLUMN:
                return self.tr("村（社区）") if role == Qt.ItemDataRole.DisplayRole else None
            return super().headerData(section - 1, orientation, role)
        return super().headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column == VILLAGE_COLUMN:
            if self._by_village and order == self._sort_order and self.query_count:
                return
            self._by_village, self._sort_column, self._sort_order = True, -1, order
            self.refresh()
            return
        self._by_village = False
        super().sort(column - 1 if column > 0 else column, order)

    def _base_query(self, ordered: bool = True) -> tuple[str, list[Any]]:
        if not (ordered and self._by_village):
            return super()._base_query(ordered)
        sql, args = super()._base_query(ordered=False)
        direction = "DESC" if self._sort_order == Qt.SortOrder.DescendingOrder else "ASC"
        return sql + f" ORDER BY r._village {direction}, r._created_at, r.rowid", args

    def _invalidate_rows(self) -> None:
        super()._invalidate_rows()
        if self.rowCount():  # the base class knows one column fewer
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))


class MergedRegisterView(QWidget):
    """Filter box, table of all villages (or one), record count; double-click shows the record."""

    open_requested = Signal(str)

    def __init__(self, store: Store, register: Register, names: Mapping[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.register = register
        self.setObjectName(f"merged_{register.key}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        top = QHBoxLayout()
        self.title = QLabel(register.name)
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        top.addWidget(self.title)
        top.addSpacing(16)
        self.filter = QLineEdit()
        self.filter.setObjectName("filter")
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(self.tr("筛选：姓名、拼音或首字母、证件号码片段、选项…"))
        self.filter.setMinimumWidth(320)
        top.addWidget(self.filter, 1)
        self.show_deleted = QCheckBox(self.tr("显示已删除"))
        top.addWidget(self.show_deleted)
        self.count_label = QLabel()
        self.count_label.setMinimumWidth(160)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.count_label)
        layout.addLayout(top)
        hint = QLabel(self.tr("各村报送的数据，乡镇只读。需要更正时请通知村里修改后重新报送；"
                              "两边改得不一致的，在“冲突审核”中裁决。"))
        hint.setStyleSheet("color: #666;")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        self.model = MergedRegisterModel(store, register, names, self)
        self.table = make_table(self.model)
        self.table.doubleClicked.connect(self._double_clicked)
        layout.addWidget(self.table, 1)
        self.filter.textChanged.connect(self.model.set_filter)
        self.show_deleted.toggled.connect(self.model.set_show_deleted)
        self.model.refreshed.connect(self._update_count)
        self.model.refresh()
        fit_columns(self.table)

    def set_village(self, code: str | None) -> None:
        self.model.set_village(code)
        self.table.setColumnHidden(VILLAGE_COLUMN, code is not None)

    def set_names(self, names: Mapping[str, str]) -> None:
        self.model.set_names(names)

    def set_show_full(self, show: bool) -> None:
        self.model.set_show_full(show)

    def refresh(self) -> None:
        self.model.refresh()

    def _double_clicked(self, index: QModelIndex) -> None:
        uuid = self.model.uuid_at(index.row())
        if uuid:
            self.open_requested.emit(uuid)

    def _update_count(self, shown: int) -> None:
        village = self.model.village
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
                 parent: QWidget | None = None) -> None:
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
        self.info = info = QLabel(state + self.tr("最后修改：{0} {1}；录入：{2} {3}。乡镇只读。").format(
            record.modified_by, record.modified_at.replace("T", " ")[:16], record.created_by,
            record.created_at.replace("T", " ")[:16]))
        info.setStyleSheet("color: #666;")
        layout.addWidget(info)
        self.panel = FieldPanel(reg, store, parent=self)
        self.panel.set_values(record.values)
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


def open_record(store: Store, uuid: str, names: Mapping[str, str], parent: QWidget) -> RecordViewer:
    viewer = RecordViewer(store, uuid, names, parent)
    viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    viewer.open()
    return viewer
