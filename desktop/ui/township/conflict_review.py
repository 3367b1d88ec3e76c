"""冲突审核: each conflict with the common ancestor and both versions side by side, field by field.

The merge already chose a provisional winner (marked here), so the data stays usable; a
person settles it by choosing, per conflicting field, the value held here before the
import, the value that arrived, or a value typed in. Saving makes a new version through
``sync.exchange.conflicts.resolve``; it travels back to the village in the next return package.
Fields only one side changed were merged automatically and are shown for context.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.exchange.widgets import Row, RowsModel, fit, page_header, rows_table
from desktop.ui.registers.table_model import display_value
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.i18n import translate
from desktop.ui.widgets.runner import run
from forms.model import Field
from sync.exchange.conflict_detail import ConflictDetail, conflict_detail
from sync.exchange.conflicts import DELETED_FIELD, OURS, THEIRS, Conflict, list_conflicts, resolve
from sync.store.store import StoreError
from sync.store.users import PermissionDenied

KEEP, TYPED = "keep", "typed"
CONFLICT_BRUSH = QBrush(QColor("#fff4d6"))
WINNER_BRUSH = QBrush(QColor("#dff0d8"))
MERGED_BRUSH = QBrush(QColor("#eef3fb"))
FIELD_COL, BASE_COL, OURS_COL, THEIRS_COL, CHOICE_COL, TYPED_COL = range(6)


def kind_text(conflict: Conflict) -> str:
    texts = {"fields": translate("ConflictReview", "同一字段两边改得不同"),
             "delete": translate("ConflictReview", "一边删除、一边修改"),
             "delete+fields": translate("ConflictReview", "一边删除、一边修改，且字段不同")}
    return texts.get(conflict.kind, conflict.kind)


def conflict_row(conflict: Conflict, names: dict[str, str]) -> Row:
    fields = "、".join(f.label for f in conflict.fields)
    state = (translate("ConflictReview", "待审核") if conflict.is_open
             else translate("ConflictReview", "已解决"))
    village = names.get(conflict.village) or conflict.village
    return Row([conflict.id, village, conflict.register_name, conflict.title, fields, state], conflict.id,
               "warning" if conflict.is_open else "muted", tips={4: kind_text(conflict)})


class ConflictReviewView(QWidget):
    loaded = Signal()
    detail_loaded = Signal(object)  # ConflictDetail
    resolved = Signal(int)  # conflict id

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.village: str | None = None
        self.names: dict[str, str] = {}
        self.conflicts: list[Conflict] = []
        self.detail: ConflictDetail | None = None
        self.show_full = False
        self._choices: dict[str | None, QComboBox] = {}
        self._typed: dict[str | None, QLineEdit] = {}
        self._busy = False
        self._want: int | None = None
        self._requested: int | None = None  # the conflict whose detail is being read
        self._notice = ""
        self.setObjectName("ConflictReviewView")

        layout, top, self.summary = page_header(self, self.tr("冲突审核"))
        self.include_resolved = QCheckBox(self.tr("显示已解决的"))
        self.include_resolved.toggled.connect(lambda _on: self.refresh())
        top.addWidget(self.include_resolved)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = RowsModel([self.tr("编号"), self.tr("村（社区）"), self.tr("登记簿"), self.tr("记录"),
                                self.tr("冲突的字段"), self.tr("状态")], self)
        self.list = rows_table(self.model)
        self.list.setObjectName("conflict_list")
        self.list.selectionModel().currentRowChanged.connect(self._current_changed)
        splitter.addWidget(self.list)

        detail = QWidget()
        inner = QVBoxLayout(detail)
        inner.setContentsMargins(0, 6, 0, 0)
        self.heading = QLabel(self.tr("选中上方的一个冲突，这里并排显示共同祖先和两边的版本。"))
        self.heading.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.heading.setWordWrap(True)
        inner.addWidget(self.heading)
        self.sides = QLabel()
        self.sides.setWordWrap(True)
        inner.addWidget(self.sides)
        options = QHBoxLayout()
        self.only_conflicts = QCheckBox(self.tr("只看有冲突的字段"))
        self.only_conflicts.toggled.connect(lambda _on: self._apply_row_filter())
        options.addWidget(self.only_conflicts)
        self.full_numbers = QCheckBox(self.tr("显示完整号码"))
        self.full_numbers.toggled.connect(self._set_show_full)
        options.addWidget(self.full_numbers)
        options.addStretch(1)
        legend = QLabel(self.tr("黄色：有冲突的字段；绿色加粗：暂定采用的值；"
                                "蓝色：只有一边修改，已自动合并。"))
        legend.setStyleSheet("color: #666;")
        legend.setWordWrap(True)  # in one line it made the page wider than 1366×768 at 150 %
        options.addWidget(legend)
        inner.addLayout(options)
        headers = [self.tr("字段"), self.tr("共同祖先"), self.tr("本库原有"), self.tr("新收到"),
                   self.tr("采用"), self.tr("填写新值")]
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName("conflict_fields")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 14)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        inner.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons.addWidget(self.status, 1)
        self.all_ours = QPushButton(self.tr("全部采用本库原有的值"))
        self.all_ours.clicked.connect(lambda: self.choose_all(OURS))
        self.all_theirs = QPushButton(self.tr("全部采用新收到的值"))
        self.all_theirs.clicked.connect(lambda: self.choose_all(THEIRS))
        self.resolve_button = QPushButton(self.tr("保存裁决"))
        self.resolve_button.setToolTip(self.tr("按上面的选择保存为记录的新版本，随返回数据包发给村"))
        self.resolve_button.clicked.connect(self.resolve)
        for button in (self.all_ours, self.all_theirs, self.resolve_button):
            buttons.addWidget(button)
        inner.addLayout(buttons)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([130, 520])
        layout.addWidget(splitter, 1)
        self._set_controls(False)
        self.refresh()

    # ------------------------------------------------------------ the list
    def set_village(self, code: str | None) -> None:
        if code != self.village:
            self.village = code
            self.refresh()

    def set_names(self, names: dict[str, str]) -> None:
        self.names = dict(names)

    def refresh(self) -> None:
        village, everything = self.village, self.include_resolved.isChecked()
        run(self, self.worker,
                  lambda store, _work: list_conflicts(store, include_resolved=everything, village=village),
                  self._loaded,
                  lambda exc: self.summary.setText(self.tr("读取失败：{0}").format(exc)))

    def _loaded(self, conflicts: list[Conflict]) -> None:
        keep = self._want if self._want is not None else (self.detail.conflict.id if self.detail else None)
        self._want = None
        self.conflicts = conflicts
        self.model.set_rows([conflict_row(c, self.names) for c in conflicts])
        fit(self.list)
        waiting = sum(1 for c in conflicts if c.is_open)
        self.summary.setText(self.tr("待审核 {0} 处").format(waiting) if waiting
                             else self.tr("没有待审核的冲突"))
        row = self.model.key_row(keep) if keep is not None else None
        if row is None and conflicts:
            row = 0
        if row is not None:
            self.list.selectRow(row)
            if self.detail is None or self.detail.conflict.id != self.model.row(row).key:  # type: ignore[union-attr]
                self.show_conflict(self.model.row(row).key)  # type: ignore[union-attr]
        else:
            self._clear_detail()
        self.loaded.emit()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row(current.row())
        if row is not None and (self.detail is None or self.detail.conflict.id != row.key):
            self.show_conflict(row.key)

    def select_conflict(self, conflict_id: int) -> bool:
        row = self.model.key_row(conflict_id)
        if row is None:
            return False
        self.list.selectRow(row)
        return True

    # ------------------------------------------------------------ one conflict
    def show_conflict(self, conflict_id: int) -> None:
        # Selecting the row after a refresh asks too (currentRowChanged): one load, not two, or the
        # second would rebuild the choices a quick person has already made in the first.
        if conflict_id == self._requested:
            return
        self._requested = conflict_id
        run(self, self.worker, lambda store, _work: conflict_detail(store, conflict_id),
                  self._show_detail, self._failed)

    def _clear_detail(self) -> None:
        self.detail = None
        self.status.setText(self._notice)
        self._notice = ""
        self.table.setRowCount(0)
        self._choices.clear()
        self._typed.clear()
        self.heading.setText(self.tr("没有待审核的冲突。"))
        self.sides.clear()
        self._set_controls(False)

    def _show_detail(self, detail: ConflictDetail) -> None:
        self._requested = None
        self.detail = detail
        c = detail.conflict
        self.heading.setText(self.tr("冲突 {0}：{1}　{2}“{3}”").format(
            c.id, detail.village_name or c.village, c.register_name, c.title))
        winner = self.tr("本库原有") if c.winner == OURS else self.tr("新收到")
        self.sides.setText(self.tr("{0}。本库原有的版本：{1}；新收到的版本：{2}。在裁决之前暂定采用“{3}”的值。").format(
            kind_text(c), _when(c.ours_from), _when(c.theirs_from), winner))
        self._fill_table(detail)
        self.status.setText("\n".join(filter(None, [self._notice, detail.why_not])))
        self._notice = ""
        self._set_controls(detail.can_resolve)
        self.detail_loaded.emit(detail)

    def _value_text(self, fld: Field | None, value: Any) -> str:
        if fld is None:
            return self.tr("已删除") if value else self.tr("未删除")
        if value is None or value == "" or value == []:
            return self.tr("（空）")
        return display_value(fld, value, self.show_full) or self.tr("（空）")

    def _fill_table(self, detail: ConflictDetail) -> None:
        c = detail.conflict
        by_field = {f.field: f for f in c.fields}
        rows: list[tuple[Field | None, Any, Any, Any, Any]] = []
        for fld in detail.fields:
            cf = by_field.get(fld.name)
            if cf is not None:
                rows.append((fld, cf.base, cf.ours, cf.theirs, cf.merged))
            else:
                rows.append((fld, _values(detail.base).get(fld.name), _values(detail.ours).get(fld.name),
                             _values(detail.theirs).get(fld.name), detail.current.get(fld.name)))
        deleted = by_field.get(None)
        if deleted is not None:
            rows.insert(0, (None, deleted.base, deleted.ours, deleted.theirs, deleted.merged))
        # What needs a decision first, then what was merged automatically, then the rest.
        rows.sort(key=lambda r: 0 if (r[0].name if r[0] else None) in by_field else 1 if r[2] != r[3] else 2)
        self._choices.clear()
        self._typed.clear()
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, (fld, base, ours, theirs, merged) in enumerate(rows):
            name = fld.name if fld is not None else None
            conflicting = name in by_field
            label = QTableWidgetItem(fld.label if fld is not None else DELETED_FIELD)
            label.setData(Qt.ItemDataRole.UserRole, name)
            cells = [label, *(QTableWidgetItem(self._value_text(fld, v)) for v in (base, ours, theirs))]
            if conflicting:
                winner_col = OURS_COL if c.winner == OURS else THEIRS_COL
                for col, item in enumerate(cells):
                    item.setBackground(CONFLICT_BRUSH)
                    if col == FIELD_COL:
                        item.setFont(bold)
                cells[winner_col].setText(cells[winner_col].text() + self.tr("（暂定）"))
                cells[winner_col].setBackground(WINNER_BRUSH)
                cells[winner_col].setFont(bold)
                cells[winner_col].setToolTip(self.tr("裁决之前暂定采用这个值"))
            elif ours != theirs:
                for item in cells:
                    item.setBackground(MERGED_BRUSH)
                cells[FIELD_COL].setToolTip(self.tr("只有一边修改，已自动合并"))
            for col, item in enumerate(cells):
                self.table.setItem(row, col, item)
            if conflicting:
                self._add_choice(row, fld, merged, detail.can_resolve)
            else:
                now = QTableWidgetItem(self._value_text(fld, merged))
                now.setForeground(QBrush(QColor("#666")))
                now.setToolTip(self.tr("当前的值（没有冲突）"))
                self.table.setItem(row, CHOICE_COL, now)
                self.table.setItem(row, TYPED_COL, QTableWidgetItem(""))
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for col in range(TYPED_COL):
            header.resizeSection(col, min(max(header.sectionSize(col) + 16, 90), 260))
        self._apply_row_filter()

    def _add_choice(self, row: int, fld: Field | None, merged: Any, enabled: bool) -> None:
        name = fld.name if fld is not None else None
        combo = QComboBox()
        combo.addItem(self.tr("保留暂定值：{0}").format(self._value_text(fld, merged)), KEEP)
        combo.addItem(self.tr("采用本库原有的值"), OURS)
        combo.addItem(self.tr("采用新收到的值"), THEIRS)
        typed = QLineEdit()
        typed.setPlaceholderText(self.tr("选“填写新值”后在此输入") if fld is not None else "")
        typed.setEnabled(False)
        if fld is not None:
            combo.addItem(self.tr("填写新值"), TYPED)
        combo.currentIndexChanged.connect(
            lambda _i, c=combo, t=typed: (t.setEnabled(c.currentData() == TYPED and c.isEnabled()),
                                          t.setFocus() if c.currentData() == TYPED else None))
        combo.setEnabled(enabled)
        self.table.setCellWidget(row, CHOICE_COL, combo)
        self.table.setCellWidget(row, TYPED_COL, typed)
        self._choices[name] = combo
        self._typed[name] = typed

    def _apply_row_filter(self) -> None:
        only = self.only_conflicts.isChecked()
        for row in range(self.table.rowCount()):
            item = self.table.item(row, FIELD_COL)
            name = item.data(Qt.ItemDataRole.UserRole) if item else None
            self.table.setRowHidden(row, only and name not in self._choices)

    def _set_show_full(self, show: bool) -> None:
        self.show_full = show
        if self.detail is not None:
            keep = self.choices()
            self._fill_table(self.detail)
            self._restore_choices(keep)

    def _restore_choices(self, chosen: dict[str, str]) -> None:
        labels = {name if name is not None else DELETED_FIELD: name for name in self._choices}
        for label, value in chosen.items():
            name = labels.get(label)
            combo = self._choices.get(name)
            if combo is None:
                continue
            if value in (OURS, THEIRS):
                combo.setCurrentIndex(combo.findData(value))
            else:
                combo.setCurrentIndex(combo.findData(TYPED))
                self._typed[name].setText(value)

    def _set_controls(self, enabled: bool) -> None:
        for widget in (self.all_ours, self.all_theirs, self.resolve_button):
            widget.setEnabled(enabled and not self._busy)

    # ------------------------------------------------------------ choosing
    def choose(self, field: str | None, choice: str, value: str = "") -> None:
        """Choose for one field (None: the deletion state) as the person would with the mouse."""
        combo = self._choices[field]
        combo.setCurrentIndex(combo.findData(choice))
        if choice == TYPED:
            self._typed[field].setText(value)

    def choose_all(self, side: str) -> None:
        for combo in self._choices.values():
            combo.setCurrentIndex(combo.findData(side))

    def choices(self) -> dict[str, str]:
        """What ``resolve`` is given: ``字段 → ours | theirs | typed value``; kept fields left out."""
        out: dict[str, str] = {}
        for name, combo in self._choices.items():
            label = name if name is not None else DELETED_FIELD
            choice = combo.currentData()
            if choice in (OURS, THEIRS):
                out[label] = choice
            elif choice == TYPED:
                out[label] = self._typed[name].text().strip()
        return out

    def resolve(self) -> None:
        detail = self.detail
        if detail is None or not detail.can_resolve or self._busy:
            return
        choices = self.choices()
        empty = [label for label, value in choices.items() if value == ""]
        if empty:
            msgbox.warn(self, self.tr("请为“{0}”填写新值，或改选其他选项。").format("、".join(empty)))
            return
        conflict_id = detail.conflict.id
        self._busy = True
        self._set_controls(False)
        run(self, self.worker, lambda store, _work: resolve(store, conflict_id, None, choices),
            lambda _saved: self._resolved(conflict_id), self._resolve_failed,
            title=self.tr("正在保存裁决…"), progress=True, keep_done=True)

    def _resolved(self, conflict_id: int) -> None:
        self._busy = False
        self._notice = self.tr("冲突 {0} 已裁决，保存为记录的新版本；导出返回数据包时会发给村。").format(
            conflict_id)
        self.status.setText(self._notice)
        next_open = next((c.id for c in self.conflicts if c.is_open and c.id != conflict_id), None)
        self._want = conflict_id if self.include_resolved.isChecked() or next_open is None else next_open
        self.detail = None
        self.resolved.emit(conflict_id)
        self.refresh()

    def _resolve_failed(self, error: BaseException) -> None:
        self._busy = False
        self._set_controls(bool(self.detail and self.detail.can_resolve))
        if isinstance(error, StoreError | PermissionDenied):
            msgbox.warn(self, str(error), self.tr("保存裁决"))
            return
        raise error

    def _failed(self, error: BaseException) -> None:
        self._requested = None
        if isinstance(error, StoreError | PermissionDenied):
            self.heading.setText(str(error))
            return
        raise error


def _when(side: str) -> str:
    """``admin 2026-11-21T09:30:12`` → ``admin 2026-11-21 09:30``."""
    who, _, when = side.rpartition(" ")
    if "T" not in when:
        return side
    return f"{who} {when.replace('T', ' ')[:16]}".strip()


def _values(version: Any) -> dict[str, Any]:
    return dict(version.values) if version is not None else {}
