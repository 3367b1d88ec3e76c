"""选项列表（代码表）: the township's administrator adds values and aliases to choice lists.

The definition's values are shown greyed (they cannot be removed: rules, statistics and
stored records use them); what the township added is listed with who added it and when.
Additions are written on the window's database worker (``Store.add_choice_value`` /
``add_choice_alias``, small and audited); the store's answer, the addition or its refusal with
the reason, shows in the message line (``answered``). They travel to the villages in the next
return package. ``install(window)``
puts the entry in the township window's menu.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.runner import run
from forms.choice_additions import MAX_CHOICE_LENGTH
from sync.store.store import Store, StoreError
from sync.store.users import PermissionDenied

_GREY = QColor("#8a8a8a")
_ERROR_STYLE = "color: #c0392b;"
_DONE_STYLE = "color: #1e7b34;"


class ChoiceListsDialog(QDialog):
    """Every choice list on the left; the chosen one's values, aliases and additions on the right."""

    changed = Signal(str)  # the list a value or alias was added to
    answered = Signal()  # the store's answer to an addition is shown (added or refused)

    def __init__(self, store: Store, worker: DbWorker, parent: QWidget | None = None,
                 current: str | None = None) -> None:
        super().__init__(parent)
        self.store = store  # read here; the additions are written on the window's worker
        self.worker = worker
        self.setObjectName("ChoiceListsDialog")
        self.setWindowTitle(self.tr("选项列表（代码表）"))
        self.resize(920, 600)
        self.can_add = store.is_township and store.user.is_admin

        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("乡镇可以为选项列表添加新的选项和别名，导出返回数据包时一并发到各村。"
                              "灰色的是登记簿定义中的选项，不能删除或修改。"))
        hint.setWordWrap(True)
        layout.addWidget(hint)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.lists = QListWidget()
        self.lists.setObjectName("choice-lists")
        splitter.addWidget(self.lists)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(6, 0, 0, 0)
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        side.addWidget(self.heading)
        self.used_by = QLabel()
        self.used_by.setWordWrap(True)
        side.addWidget(self.used_by)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("choice-values")
        self.table.setHorizontalHeaderLabels([self.tr("选项"), self.tr("别名（导入花名册时认作该选项）"),
                                              self.tr("来源")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        side.addWidget(self.table, 1)

        add_row = QHBoxLayout()
        add_row.addWidget(QLabel(self.tr("新的选项：")))
        self.value_edit = QLineEdit()
        self.value_edit.setObjectName("new-value")
        self.value_edit.setMaxLength(MAX_CHOICE_LENGTH * 2)  # longer input is refused with a reason
        self.value_edit.setPlaceholderText(self.tr("如 心理疏导（最多 {0} 个字）").format(MAX_CHOICE_LENGTH))
        add_row.addWidget(self.value_edit, 1)
        self.add_value_button = QPushButton(self.tr("添加选项"))
        self.add_value_button.setObjectName("add-value")
        add_row.addWidget(self.add_value_button)
        side.addLayout(add_row)

        alias_row = QHBoxLayout()
        alias_row.addWidget(QLabel(self.tr("新的别名：")))
        self.alias_edit = QLineEdit()
        self.alias_edit.setObjectName("new-alias")
        self.alias_edit.setMaxLength(MAX_CHOICE_LENGTH * 2)
        self.alias_edit.setPlaceholderText(self.tr("花名册里的其他写法，如 心理咨询"))
        alias_row.addWidget(self.alias_edit, 1)
        alias_row.addWidget(QLabel(self.tr("即")))
        self.alias_target = QComboBox()
        self.alias_target.setObjectName("alias-target")
        self.alias_target.setMinimumWidth(150)
        alias_row.addWidget(self.alias_target)
        self.add_alias_button = QPushButton(self.tr("添加别名"))
        self.add_alias_button.setObjectName("add-alias")
        alias_row.addWidget(self.add_alias_button)
        side.addLayout(alias_row)

        self.message = QLabel()
        self.message.setObjectName("choice-message")
        self.message.setWordWrap(True)
        side.addWidget(self.message)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 700])
        layout.addWidget(splitter, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.lists.currentItemChanged.connect(lambda _current, _previous: self._show_list())
        self.add_value_button.clicked.connect(self.add_value)
        self.value_edit.returnPressed.connect(self.add_value)
        self.add_alias_button.clicked.connect(self.add_alias)
        self.alias_edit.returnPressed.connect(self.add_alias)
        if not self.can_add:
            reason = (self.tr("选项列表由乡镇统一维护，村里只能查看") if not store.is_township
                      else self.tr("只有管理员可以添加选项和别名"))
            for widget in (self.value_edit, self.add_value_button, self.alias_edit, self.alias_target,
                           self.add_alias_button):
                widget.setEnabled(False)
                widget.setToolTip(reason)
            self._say(reason, error=False)
        self._fill_lists(current)

    # ------------------------------------------------------------------ showing
    def current_list(self) -> str | None:
        item = self.lists.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select_list(self, name: str) -> None:
        for row in range(self.lists.count()):
            if self.lists.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.lists.setCurrentRow(row)
                return

    def _fill_lists(self, current: str | None = None) -> None:
        current = current or self.current_list()
        self.lists.blockSignals(True)
        self.lists.clear()
        for name, lst in self.store.catalog.choices.items():
            if not self.store.catalog.fields_using(name):
                continue  # a list no field uses (a computed result): nothing to add to
            added = len(lst.added_values) + len(lst.added_aliases)
            text = name + (self.tr("（固定）") if lst.fixed else "")
            if added:
                text += self.tr("（已添加 {0}）").format(added)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.lists.addItem(item)
        self.lists.blockSignals(False)
        if current:
            self.select_list(current)
        if self.lists.currentItem() is None and self.lists.count():
            self.lists.setCurrentRow(0)
        self._show_list()

    def _show_list(self) -> None:
        name = self.current_list()
        if name is None:
            return
        cat = self.store.catalog
        lst = cat.choices[name]
        self.heading.setText(name)
        used = "、".join(f"{reg.short}·{fld.name}" for reg, fld in cat.fields_using(name))
        text = self.tr("用于：{0}").format(used)
        if lst.fixed:
            text += self.tr("。这是固定的选项列表（国家标准或规则规定），只能添加别名。")
        self.used_by.setText(text)
        added = {(a.kind, a.text): a for a in self.store.choice_additions() if a.list == name}
        aliases: dict[str, list[str]] = {}
        for alias, value in lst.aliases.items():
            aliases.setdefault(value, []).append(alias)
        self.table.setRowCount(len(lst.values))
        for row, value in enumerate(lst.values):
            mine = ("value", value) in added
            cells = [value, "、".join(aliases.get(value, [])),
                     self._source(added.get(("value", value))) if mine else self.tr("登记簿定义")]
            for column, cell in enumerate(cells):
                item = QTableWidgetItem(cell)
                if not mine and column != 1:
                    item.setForeground(QBrush(_GREY))
                    item.setToolTip(self.tr("登记簿定义中的选项，不能删除或修改"))
                self.table.setItem(row, column, item)
            extra = [a for a in aliases.get(value, []) if ("alias", a) in added]
            if extra:
                self.table.item(row, 1).setToolTip("\n".join(
                    self.tr("别名“{0}”：{1}").format(a, self._source(added[("alias", a)])) for a in extra))
        self.alias_target.clear()
        self.alias_target.addItems(lst.values)
        fixed_tip = self.tr("固定的选项列表不能添加新的选项，只能添加别名")
        self.value_edit.setEnabled(self.can_add and not lst.fixed)
        self.add_value_button.setEnabled(self.can_add and not lst.fixed)
        if self.can_add:
            self.value_edit.setToolTip(fixed_tip if lst.fixed else "")
            self.add_value_button.setToolTip(fixed_tip if lst.fixed else "")

    def _source(self, added: Any) -> str:
        if added is None:
            return self.tr("乡镇添加")
        return self.tr("乡镇添加（{0}，{1}）").format(added.user, added.added_at.replace("T", " ")[:16])

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setStyleSheet(_ERROR_STYLE if error else _DONE_STYLE)
        self.message.setText(text)

    # ------------------------------------------------------------------ adding
    def add_value(self) -> bool:
        """Send the value to be added (on the worker); False if nothing was sent. The store's
        answer, added or refused with its reason, shows in the message line (``changed`` fires)."""
        name = self.current_list()
        if name is None or not self.can_add:
            return False
        text = self.value_edit.text()

        def added(addition: Any) -> None:
            self.value_edit.clear()
            self._done(name, self.tr("已在“{0}”中添加选项“{1}”，下次导出返回数据包时发到各村。").format(
                addition.list, addition.text))

        self._write(lambda store: store.add_choice_value(name, text), added, self.value_edit)
        return True

    def add_alias(self) -> bool:
        name = self.current_list()
        if name is None or not self.can_add:
            return False
        text, target = self.alias_edit.text(), self.alias_target.currentText()

        def added(addition: Any) -> None:
            self.alias_edit.clear()
            self._done(name, self.tr("已在“{0}”中添加别名“{1}”（即“{2}”）。").format(
                addition.list, addition.text, addition.value))

        self._write(lambda store: store.add_choice_alias(name, text, target), added, self.alias_edit)
        return True

    def _write(self, change: Callable[[Store], Any], added: Callable[[Any], None], edit: QWidget) -> None:
        def refused(error: BaseException) -> None:
            if not isinstance(error, StoreError | PermissionDenied):
                raise error
            self._say(str(error), error=True)
            self.answered.emit()
            edit.setFocus()

        run(self, self.worker, lambda store, _work: change(store), added, refused, finish=True)

    def _done(self, name: str, text: str) -> None:
        self.store.refresh_catalog()  # the lists as the worker's connection left them
        self._fill_lists(name)
        self._say(text, error=False)
        self.changed.emit(name)
        self.answered.emit()


def open_dialog(window: QWidget, store: Store) -> ChoiceListsDialog:
    dialog = ChoiceListsDialog(store, window.worker, window)  # type: ignore[attr-defined]
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.choice_lists_dialog = dialog  # type: ignore[attr-defined]
    dialog.open()
    return dialog


def install(window: QMainWindow) -> QAction:
    """选项列表（代码表）… in the window's 工具 menu (made before 帮助 if the window has none)."""
    action = QAction(QCoreApplication.translate("ChoiceListsDialog", "选项列表（代码表）…"), window)
    action.setObjectName("choice-lists-action")
    action.setStatusTip(QCoreApplication.translate("ChoiceListsDialog",
                                                    "为选项列表添加新的选项和别名，随返回数据包发到各村"))
    action.triggered.connect(lambda _checked=False: open_dialog(window, window.store))  # type: ignore[attr-defined]
    menu = getattr(window, "tools_menu", None)
    if not isinstance(menu, QMenu):
        bar = window.menuBar()
        menu = QMenu(QCoreApplication.translate("ChoiceListsDialog", "工具(&T)"), window)
        menu.setObjectName("tools-menu")
        last = bar.actions()[-1] if bar.actions() else None  # 帮助 stays last
        if last is not None:
            bar.insertMenu(last, menu)
        else:
            bar.addMenu(menu)
        window.tools_menu = menu  # type: ignore[attr-defined]
    menu.addAction(action)
    window.choice_lists_action = action  # type: ignore[attr-defined]
    return action
