"""Which volunteer? Asked before a service record (or an award) is added from its own register's page.

The reference field's picker (``editors.RecordPicker``: a filter over the other register's
list) made keyboard-first: the first match is selected as the clerk types (name, pinyin
initials, a fragment of the ID number), ↑/↓ move the selection without leaving the filter
box, Enter takes it. 确定 is greyed while nothing is selected.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton, QWidget

from desktop.ui.registers.editors import RecordPicker
from desktop.ui.registers.register_view import fit_columns
from desktop.ui.widgets.db_worker import DbWorker
from forms.model import Register
from sync.store.store import Store

_MOVES = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -10, Qt.Key.Key_PageDown: 10}


class ParentChooser(RecordPicker):
    """Choose the parent record (the volunteer) of a child record about to be added."""

    def __init__(self, store: Store, child: Register, current: str | None = None,
                 parent: QWidget | None = None, worker: DbWorker | None = None) -> None:
        register = store.catalog.registers[child.parent or ""]
        super().__init__(store, register, parent, worker)
        self.setObjectName("ParentChooser")
        self.child = child
        self.setWindowTitle(self.tr("新增{0}：选择{1}").format(child.short, register.short))
        prompt = QLabel(self.tr("这条{0}属于哪位{1}？输入姓名、拼音首字母或证件号码片段，"
                                "用 ↑↓ 选择，按 Enter 确定。").format(child.short, register.short))
        prompt.setWordWrap(True)
        self.layout().insertWidget(0, prompt)
        buttons = self.findChild(QDialogButtonBox)
        assert buttons is not None
        self.ok_button: QPushButton = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("确定 (Enter)"))
        self.filter.installEventFilter(self)
        self._current = current  # selected when the list first comes (from the worker)
        self._fitted = False  # columns fitted to the first rows listed
        self.model.refreshed.connect(self._listed)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_ok())
        self.view.horizontalHeader().setStretchLastSection(True)
        if self.model.loaded:
            self._listed()
        else:
            self._update_ok()
        self.filter.setFocus()

    def _listed(self, *_args: object) -> None:
        current, self._current = self._current, None
        if current is not None or not self._fitted:
            self._fitted = True
            fit_columns(self.view)  # on the rows the list came with
        if not (current and self._select(current)):
            self._first_match()

    def _select(self, uuid: str) -> bool:
        row = self.model.row_of(uuid)
        if row is None:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def _first_match(self, *_args: object) -> None:
        if self.model.rowCount():
            self.view.selectRow(0)
            self.view.scrollTo(self.model.index(0, 0))
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.chosen() is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The filter box keeps the focus (the clerk goes on typing); the arrows move the selection.
        if watched is self.filter and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            step = _MOVES.get(Qt.Key(event.key()))
            if step is not None and self.model.rowCount():
                rows = self.view.selectionModel().selectedRows()
                row = rows[0].row() + step if rows else 0
                row = max(0, min(row, self.model.rowCount() - 1))
                self.view.selectRow(row)
                self.view.scrollTo(self.model.index(row, 0))
                return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        if self.chosen() is not None:  # Enter with no match does nothing, rather than close
            super().accept()
