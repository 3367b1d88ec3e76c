"""One register on screen: a filter box, the table, and the children of the selected record.

The table's model filters and sorts in SQL (see ``table_model``); in the window, on its database
worker: the count says 正在读取… until the list is here, and a record to select (after a save, or
asked for by the checks) is selected once it is listed. Child registers named
in the definitions (a volunteer's service records, training and awards) appear beneath
the table as tabs, each a table of the same kind filtered by the selected record. A child
register's own page lists all its records, the volunteer's name a column like any other
(its filter also finds a record by the volunteer's name, pinyin or ID number). The filter
box's hint is made from what the register's search key holds (``sync.store.search.searched``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.registers.table_model import RegisterTableModel
from desktop.ui.widgets import ui_state
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.page_header import PageHeader
from forms.model import Register
from sync.store import search
from sync.store.store import Store

MAX_COLUMN_WIDTH = 260
# The first split of a register page with records beneath (volunteers): the pane's share.
CHILD_PANE_PERCENT = 30


def make_table(model: RegisterTableModel) -> QTableView:
    table = QTableView()
    # Sorting is switched on before the model is set, so that it does not run the query
    # once more: records stay in the order they were entered until a header is clicked.
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    table.setModel(model)
    table.setObjectName(f"table_{model.register.key}")
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # Column widths from the first rows only: measuring 100,000 rows would read them all.
    header.setResizeContentsPrecision(30)
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    vertical = table.verticalHeader()
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    # A line of text and a little air, as in a spreadsheet: at 150 % on 1366×768 the volunteers'
    # list beside its pane showed under seven rows with +12.
    vertical.setDefaultSectionSize(table.fontMetrics().height() + 8)
    return table


def fit_columns(table: QTableView) -> None:
    """Size columns to their header and the rows on screen, within reason."""
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    for column in range(header.count()):
        width = max(header.sectionSize(column) + 4, 56)
        header.resizeSection(column, min(width, MAX_COLUMN_WIDTH))


class ChildTable(QWidget):
    """The records of a child register that belong to one parent record."""

    add_requested = Signal(str, str)  # child register key, parent uuid
    open_requested = Signal(str)  # record uuid

    def __init__(self, store: Store, register: Register, parent: QWidget | None = None,
                 worker: DbWorker | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self._title = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        self.caption = QLabel()
        row.addWidget(self.caption, 1)
        self.add_button = QPushButton(self.tr("新增{0}…").format(register.short))
        self.add_button.clicked.connect(lambda: self.add_requested.emit(self.register.key,
                                                                        self.model.parent_record() or ""))
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self.model = RegisterTableModel(store, register, self, worker)
        self.table = make_table(self.model)
        self.table.doubleClicked.connect(self._double_clicked)
        # Every row belongs to the record selected above: its name in each row says nothing.
        names = [f.name for f in self.model.fields]
        if register.parent_field in names:
            self.table.setColumnHidden(names.index(register.parent_field), True)
        layout.addWidget(self.table)
        self.model.refreshed.connect(self._update_caption)
        self.model.loadingChanged.connect(lambda _loading: self._update_caption(self.model.rowCount()))
        self.can_add = True

    def _double_clicked(self, index: QModelIndex) -> None:
        uuid = self.model.uuid_at(index.row())
        if uuid:
            self.open_requested.emit(uuid)

    def keep(self, uuid: str) -> None:
        """Select this record once the list being read is here (at once if it is)."""
        if self.model.loading:
            self.model.refreshed.connect(lambda _count: self._select(uuid),
                                         Qt.ConnectionType.SingleShotConnection)
        else:
            self._select(uuid)

    def _select(self, uuid: str) -> None:
        row = self.model.row_of(uuid)
        if row is not None:
            self.table.selectRow(row)

    def set_parent_record(self, uuid: str | None, title: str = "") -> None:
        self._title = title
        if uuid != self.model.parent_record() or not self.model.loaded:
            self.model.set_parent_record(uuid)
        else:  # the same record (its name arrived): the caption only
            self._update_caption(self.model.rowCount())
        self.add_button.setEnabled(self.can_add and uuid is not None)

    def _update_caption(self, count: int) -> None:
        if self.model.loading:
            self.caption.setText(self.tr("正在读取…"))
        elif self.model.parent_record() is None:
            self.caption.setText(self.tr("选中上方一条记录，这里显示它的{0}。").format(self.register.short))
        else:
            self.caption.setText(self.tr("{0}的{1}：{2} {3}").format(
                self._title, self.register.short, count, self.register.unit))


class RegisterView(QWidget):
    """Filter, table and (if the register has any) child tables beneath."""

    open_requested = Signal(str)  # record uuid
    add_child_requested = Signal(str, str)  # child register key, parent uuid
    selection_changed = Signal()

    def __init__(self, store: Store, register: Register, parent: QWidget | None = None,
                 worker: DbWorker | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.register = register
        # A record to select once the list being read is here, and whether the filter may be
        # cleared and deletions shown to find it (``select_uuid``) or not (after a refresh).
        self._keep: tuple[str, bool] | None = None
        self.setObjectName(f"view_{register.key}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)

        title = QLabel(register.name)
        title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.filter = QLineEdit()
        self.filter.setObjectName("filter")
        self.filter.setClearButtonEnabled(True)
        hint, full_hint = self._filter_hint()
        self.filter.setPlaceholderText(hint)
        self.filter.setToolTip(full_hint)
        self.filter.setMinimumWidth(220)  # wider when there is room (stretch); fits 1366×768 at 150 %
        self.show_deleted = QCheckBox(self.tr("显示已删除"))
        self.count_label = QLabel()
        self.count_label.setMinimumWidth(140)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # One line, or two on a page too narrow for one (1024×768 at 150 %).
        self.header = PageHeader(title, [self.filter, self.show_deleted], [self.count_label])
        layout.addWidget(self.header)

        self.model = RegisterTableModel(store, register, self, worker)
        self.table = make_table(self.model)
        self.table.doubleClicked.connect(self._double_clicked)
        self.children: list[ChildTable] = []
        child_regs = store.catalog.children(register.key)
        self.splitter: QSplitter | None = None
        self._split_pending = False
        if child_regs:
            splitter = QSplitter(Qt.Orientation.Vertical)
            splitter.setObjectName("children_splitter")
            splitter.setChildrenCollapsible(False)
            splitter.addWidget(self.table)
            self.child_tabs = QTabWidget()
            for child_reg in child_regs:
                child = ChildTable(store, child_reg, self, worker)
                child.add_requested.connect(self.add_child_requested)
                child.open_requested.connect(self.open_requested)
                child.table.installEventFilter(self)
                self.children.append(child)
                self.child_tabs.addTab(child, child_reg.short)
            splitter.addWidget(self.child_tabs)
            # The list is what the clerk works in: it gets most of the height, and all of what a
            # bigger window adds; the pane beneath keeps its height until dragged (remembered).
            splitter.setStretchFactor(0, 1)
            splitter.setStretchFactor(1, 0)
            # Shared out when the page is first shown (its height unknown before).
            self._split_pending = not ui_state.restore_splitter(splitter, f"register/{register.key}/children")
            splitter.splitterMoved.connect(
                lambda *_: ui_state.save_splitter(splitter, f"register/{register.key}/children"))
            self.splitter = splitter
            layout.addWidget(splitter, 1)
        else:
            layout.addWidget(self.table, 1)
        self.table.installEventFilter(self)
        self._active_table: QTableView = self.table
        self._can_edit = True
        # An empty register says what to do instead of showing a blank grid.
        self.empty_hint = QLabel(self.table.viewport())
        self.empty_hint.setObjectName("empty_hint")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #666; font-size: 12pt;")
        self.empty_hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        hint_layout = QVBoxLayout(self.table.viewport())
        hint_layout.addWidget(self.empty_hint)
        self.empty_hint.hide()

        self._columns_fitted = True  # fitted below, after the first query
        self.filter.textChanged.connect(self.model.set_filter)
        self.show_deleted.toggled.connect(self.model.set_show_deleted)
        self.model.refreshed.connect(self._update_count)
        self.model.loadingChanged.connect(lambda _loading: self._update_count(self.model.rowCount()))
        self.model.dataChanged.connect(self._rows_arrived)
        self.model.failed.connect(lambda text: (self.count_label.setText(self.tr("读取失败")),
                                                self.count_label.setToolTip(text)))
        self.model.modelReset.connect(self._selection_reset)
        self.table.selectionModel().selectionChanged.connect(self._current_changed)
        for child in self.children:
            child.table.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
            child.model.modelReset.connect(self.selection_changed)
        self._first_selected = False
        self.model.refresh()
        fit_columns(self.table)
        # Widths measured on an empty list fit the headers only (证件号码 cut to 5202****…):
        # they are measured again once there are rows.
        self._columns_fitted = self.model.rowCount() > 0
        for child in self.children:
            # A few dozen rows at most: columns follow their content as the selection changes.
            child.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            child.table.horizontalHeader().setStretchLastSection(True)
        self._select_first()
        self._current_changed()

    def _select_first(self) -> None:
        """The first record is selected when the page's list first arrives."""
        if not self._first_selected and self.model.loaded:
            self._first_selected = True
            if self.model.rowCount() and not self.table.selectionModel().hasSelection():
                self.table.selectRow(0)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.splitter is not None and self._split_pending:
            self._split_pending = False
            total = sum(self.splitter.sizes())
            pane = total * CHILD_PANE_PERCENT // 100
            self.splitter.setSizes([total - pane, pane])

    # ---------------------------------------------------------- selection
    def _double_clicked(self, index: QModelIndex) -> None:
        uuid = self.model.uuid_at(index.row())
        if uuid:
            self.open_requested.emit(uuid)

    def tables(self) -> list[QTableView]:
        return [self.table, *(c.table for c in self.children)]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QTableView):
            if watched is not self._active_table:
                self._active_table = watched
                self.selection_changed.emit()
        return False

    def active_model(self) -> RegisterTableModel:
        model = self._active_table.model()
        assert isinstance(model, RegisterTableModel)
        return model

    def selected(self) -> tuple[Register, str] | None:
        """The record the actions apply to: in the table that last had the focus."""
        rows = self._active_table.selectionModel().selectedRows()
        if not rows:
            return None
        model = self.active_model()
        uuid = model.uuid_at(rows[0].row())
        return (model.register, uuid) if uuid else None

    def selected_is_deleted(self) -> bool:
        rows = self._active_table.selectionModel().selectedRows()
        return bool(rows) and self.active_model().is_deleted(rows[0].row())

    def select_uuid(self, uuid: str) -> bool:
        """Select a record of this register, clearing the filter or showing deletions if needed.
        While a list is read on the worker the record is selected when it is here (True: asked)."""
        if self.model.loading:
            self._keep = (uuid, True)
            return True
        row = self.model.row_of(uuid)
        if row is None and self.model.filter_terms():
            self.filter.clear()
            return self.select_uuid(uuid)
        if row is None and not self.show_deleted.isChecked():
            self.show_deleted.setChecked(True)
            return self.select_uuid(uuid)
        if row is None:
            return False
        self._active_table = self.table
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _selection_reset(self) -> None:
        self._current_changed()

    def _current_changed(self, *_args: object) -> None:
        rows = self.table.selectionModel().selectedRows()
        uuid = self.model.uuid_at(rows[0].row()) if rows else None
        title = ""
        if uuid:
            index = self.model.index(rows[0].row(), 0)
            title = str(self.model.data(index) or "")
        for child in self.children:
            child.set_parent_record(uuid, title)
        self.selection_changed.emit()

    # ------------------------------------------------------------ updates
    def refresh(self, keep: str | None = None) -> None:
        """Query again after a change, keeping the selected record selected (once the list is
        here, when it is read on the worker)."""
        chosen = self.selected()
        keep_uuid = keep or (chosen[1] if chosen and chosen[0].key == self.register.key else None)
        child_keep = chosen[1] if chosen and chosen[0].key != self.register.key else None
        self._keep = None
        self.model.refresh()
        if keep_uuid:
            if self.model.loading:
                self._keep = (keep_uuid, False)
            else:
                self.select_uuid_quietly(keep_uuid)
        for child in self.children:
            child.model.refresh()
            if child_keep:
                child.keep(child_keep)

    def select_uuid_quietly(self, uuid: str) -> None:
        row = self.model.row_of(uuid)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def set_show_full(self, show: bool) -> None:
        self.model.set_show_full(show)
        for child in self.children:
            child.model.set_show_full(show)

    def set_can_edit(self, can_edit: bool) -> None:
        self._can_edit = can_edit
        self._update_empty_hint()
        for child in self.children:
            child.can_add = can_edit
            child.add_button.setEnabled(can_edit and child.model.parent_record() is not None)

    def add_table_actions(self, actions: list[QAction]) -> None:
        for table in self.tables():
            for action in actions:
                table.addAction(action)

    def _filter_hint(self) -> tuple[str, str]:
        """What the filter box finds here, from what the register's search key holds (and, on a
        child register's page, its parent's: the volunteer's name); short and in full."""
        reg = self.register
        own = search.searched(reg)
        parent = self.store.catalog.registers[reg.parent] if reg.parent else None
        names: list[str] = []
        numbers = list(own.numbers)
        person = reg.person_field is not None
        if parent is not None:
            upper = search.searched(parent)
            if upper.title:
                names.append(f"{parent.short}{upper.title}")  # 志愿者姓名
            numbers = [*upper.numbers, *numbers]
            person = person or parent.person_field is not None
        if own.title:
            names.append(own.title)
        parts = list(names)
        if names:
            parts.append(self.tr("拼音或首字母（如 lxy）") if person else self.tr("拼音或首字母"))
        parts.extend(self.tr("{0}片段").format(n) for n in numbers)
        parts.extend(own.texts)
        short, full = list(parts), list(parts)
        if own.choices:
            short.append(self.tr("选项（如 {0}）").format("、".join(own.choices[:2])))
            full.append(self.tr("选项（{0}）").format("、".join(own.choices)))
        return (self.tr("筛选：{0}…").format("、".join(short)),
                self.tr("可按这些内容筛选：{0}。几个词用空格隔开，须同时符合。").format("、".join(full)))

    def _rows_arrived(self, first: QModelIndex, last: QModelIndex) -> None:
        """Rows came from the worker: the selected one's name and state may be among them."""
        rows = self.table.selectionModel().selectedRows()
        if rows and first.row() <= rows[0].row() <= last.row():
            self._current_changed()

    def _update_count(self, shown: int) -> None:
        if self.model.loading or not self.model.loaded:
            # Never "共 0 人" for a list not read yet: the count comes with it.
            self.count_label.setText(self.tr("正在读取…"))
            self.empty_hint.hide()
            return
        if self._keep is not None:
            (keep, thorough), self._keep = self._keep, None
            if thorough:
                self.select_uuid(keep)
            else:
                self.select_uuid_quietly(keep)
        self._select_first()
        total = self.model.base_count()  # no COUNT(*) per keystroke: the model knows
        unit = self.register.unit
        if self.model.filter_terms():
            self.count_label.setText(self.tr("筛选出 {0} / 共 {1} {2}").format(shown, total, unit))
        elif self.show_deleted.isChecked():
            self.count_label.setText(self.tr("共 {0} {1}（含已删除）").format(total, unit))
        else:
            self.count_label.setText(self.tr("共 {0} {1}").format(total, unit))
        self._update_empty_hint()
        if not self._columns_fitted and shown:
            self._columns_fitted = True
            fit_columns(self.table)

    def _update_empty_hint(self) -> None:
        empty = self.model.loaded and self.model.base_count() == 0 and not self.model.filter_terms()
        if not empty:
            self.empty_hint.hide()
            return
        if not self._can_edit:
            text = self.tr("还没有记录。")
        elif self.register.parent:
            parent = self.store.catalog.registers[self.register.parent]
            text = self.tr("还没有记录。按 Ctrl+N 新增（先选择{0}），或在“{0}”页下方的“{1}”中新增。").format(
                parent.short, self.register.short)
        else:
            text = self.tr("还没有记录。按 Ctrl+N 新增，或从 Excel 导入花名册。")
        self.empty_hint.setText(text)
        self.empty_hint.show()
