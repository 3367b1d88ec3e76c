"""A record's history: every version with who and when, the changed fields highlighted.

From here a deleted record can be restored and the record can be reverted to an earlier
version; both go through ``RecordActions`` (undoable) and both add a version, so the
history itself is never rewritten. The dialog reads nothing itself: the record, its versions
and the users' names are read on the window's database worker (``read_history``), before it
opens and after a revert or a restore.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.registers.table_model import display_value
from desktop.ui.registers.undo import RecordActions
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.list_models import ListTableModel, TranslatedHeaders, list_view
from desktop.ui.widgets.runner import alive, run
from forms.model import Register
from sync.store.store import Record, Store
from sync.store.versions import VersionRow, readable_reason, short_time

CHANGED_BRUSH = QBrush(QColor("#fff0b3"))
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class History:
    """What the history dialog shows: the record as it is now, its versions (oldest first) and
    the names people know the users of this PC by."""

    record: Record
    versions: list[VersionRow]
    display_names: dict[str, str]


def read_history(store: Store, uuid: str) -> History:
    """Worker thread: a record's history as the dialog shows it."""
    return History(store.get(uuid), store.history(uuid),
                   {u.name: u.display for u in store.users() if u.display})


def action_label(version: VersionRow, parent: VersionRow | None) -> str:
    """新增 / 修改 / 删除 / 恢复, as a clerk would name what happened."""
    if parent is None:
        text = QCoreApplication.translate("history", "新增")
    elif version.deleted and not parent.deleted:
        text = QCoreApplication.translate("history", "删除")
    elif parent.deleted and not version.deleted:
        text = QCoreApplication.translate("history", "恢复")
    else:
        text = QCoreApplication.translate("history", "修改")
    if version.origin and version.origin != "local":
        text += QCoreApplication.translate("history", "（导入）")
    return text


def parent_of(version: VersionRow, versions: list[VersionRow]) -> VersionRow | None:
    by_id = {v.version_id: v for v in versions}
    return by_id.get(version.parent_id or "")


class VersionListModel(ListTableModel):
    HEADERS = (QT_TRANSLATE_NOOP("VersionListModel", "时间"), QT_TRANSLATE_NOOP("VersionListModel", "用户"),
               QT_TRANSLATE_NOOP("VersionListModel", "操作"), QT_TRANSLATE_NOOP("VersionListModel", "原因"))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Login name → the name people know (林文书, not lin), for versions written on this PC;
        # an imported version's user is another PC's, whose names are not known here.
        self.display_names: dict[str, str] = {}

    @property
    def versions(self) -> list[VersionRow]:
        return self.items

    def user_label(self, version: VersionRow) -> str:
        if version.origin and version.origin != "local":
            return version.user
        return self.display_names.get(version.user) or version.user

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        version = self.item(index)
        if version is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return version.wall_time.replace("T", " ")
            if column == 1:
                return self.user_label(version)
            if column == 2:
                return action_label(version, parent_of(version, self.versions))
            return readable_reason(version.reason)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return self.tr("登录名：{0}").format(version.user)
        if role == Qt.ItemDataRole.FontRole and index.row() == len(self.versions) - 1:
            font = QFont()
            font.setBold(True)  # the current version
            return font
        return None


class VersionDiffModel(TranslatedHeaders, QAbstractTableModel):
    """The fields of one version beside its parent's; changed ones highlighted."""

    HEADERS = (QT_TRANSLATE_NOOP("VersionDiffModel", "字段"), QT_TRANSLATE_NOOP("VersionDiffModel", "此版本"),
               QT_TRANSLATE_NOOP("VersionDiffModel", "上一版本"))

    def __init__(self, register: Register, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self.fields = list(register.input_fields)
        self.version: VersionRow | None = None
        self.parent_version: VersionRow | None = None
        self.show_full = False

    def set_version(self, version: VersionRow | None, parent_version: VersionRow | None) -> None:
        self.beginResetModel()
        self.version = version
        self.parent_version = parent_version
        self.endResetModel()

    def changed_fields(self) -> list[str]:
        if self.version is None:
            return []
        old = self.parent_version.values if self.parent_version else {}
        return [f.name for f in self.fields if self.version.values.get(f.name) != old.get(f.name)]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.version is None else len(self.fields)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.version is None or not (0 <= index.row() < len(self.fields)):
            return None
        fld = self.fields[index.row()]
        new = self.version.values.get(fld.name)
        old = self.parent_version.values.get(fld.name) if self.parent_version else None
        changed = new != old
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return fld.label
            value = new if index.column() == 1 else old
            if index.column() == 2 and self.parent_version is None:
                return ""
            return display_value(fld, value, self.show_full)
        if role == Qt.ItemDataRole.BackgroundRole and changed:
            return CHANGED_BRUSH
        if role == Qt.ItemDataRole.FontRole and changed:
            font = QFont()
            font.setBold(True)
            return font
        return None


class HistoryDialog(QDialog):
    """Versions (top) and the selected version's fields against its parent (bottom)."""

    changed = Signal(str)  # a revert or a restore was written, and the dialog shows it

    def __init__(self, store: Store, actions: RecordActions, history: History, show_full: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actions = actions
        self.record_uuid = history.record.uuid
        self.setObjectName("HistoryDialog")
        self.resize(900, 620)
        register = history.record.register
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        layout.addWidget(self.heading)
        hint = QLabel(self.tr("每次新增、修改、删除和恢复都保存为一个版本。"
                              "选中一个版本，下方黄色的行是这次改动的内容。"))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.versions = VersionListModel(self)
        self.version_view = list_view(self.versions)
        for column in range(3):
            self.version_view.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents)
        splitter.addWidget(self.version_view)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.only_changed = QCheckBox(self.tr("只显示改动的项"))
        self.only_changed.toggled.connect(self._filter_rows)
        lower_layout.addWidget(self.only_changed)
        self.diff = VersionDiffModel(register, self)
        self.diff.show_full = show_full
        self.diff_view = QTableView()
        self.diff_view.setModel(self.diff)
        self.diff_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.diff_view.verticalHeader().hide()
        self.diff_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.diff_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        lower_layout.addWidget(self.diff_view)
        splitter.addWidget(lower)
        splitter.setSizes([180, 400])
        layout.addWidget(splitter, 1)

        buttons = QDialogButtonBox()
        self.revert_button = QPushButton(self.tr("恢复到选中的版本"))
        self.restore_button = QPushButton(self.tr("恢复已删除的记录"))
        close = QPushButton(self.tr("关闭"))
        for button in (self.revert_button, self.restore_button, close):
            button.setAutoDefault(False)
        buttons.addButton(self.revert_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        self.revert_button.clicked.connect(self.revert_selected)
        self.restore_button.clicked.connect(self.restore_record)
        layout.addWidget(buttons)
        self.version_view.selectionModel().currentRowChanged.connect(self._show_row)
        self.show_history(history)

    def reload(self, then: Callable[[], None] | None = None) -> None:
        """Read the history again on the worker; show it (and call ``then``) when it comes."""
        uuid = self.record_uuid

        def arrived(history: History) -> None:
            self.show_history(history)
            if then is not None:
                then()

        run(self, self.actions.worker, lambda store, _work: read_history(store, uuid), arrived)

    def show_history(self, history: History) -> None:
        record = history.record
        state = self.tr("（已删除）") if record.deleted else ""
        self.heading.setText(self.tr("历史：{0}“{1}”{2}").format(record.register.name, record.title, state))
        self.setWindowTitle(self.tr("历史：{0}").format(record.title))
        self.versions.display_names = dict(history.display_names)
        self.versions.set_items(history.versions)
        self.select_version(len(self.versions.versions) - 1)
        can_edit = self.store.user.can_edit
        self.restore_button.setVisible(record.deleted)
        self.restore_button.setEnabled(can_edit)
        self._update_buttons()

    def select_version(self, row: int) -> None:
        if 0 <= row < len(self.versions.versions):
            self.version_view.selectRow(row)
            self._show_row(self.versions.index(row, 0))

    def selected_version(self) -> VersionRow | None:
        row = self.version_view.currentIndex().row()
        return self.versions.versions[row] if 0 <= row < len(self.versions.versions) else None

    def _show_row(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        row = current.row()
        if not (0 <= row < len(self.versions.versions)):
            self.diff.set_version(None, None)
            return
        version = self.versions.versions[row]
        self.diff.set_version(version, parent_of(version, self.versions.versions))
        self._filter_rows()
        self._update_buttons()

    def _filter_rows(self, *_args: object) -> None:
        changed = set(self.diff.changed_fields())
        only = self.only_changed.isChecked()
        for row, fld in enumerate(self.diff.fields):
            self.diff_view.setRowHidden(row, only and fld.name not in changed)

    def _update_buttons(self) -> None:
        version = self.selected_version()
        latest = bool(self.versions.versions) and version is self.versions.versions[-1]
        self.revert_button.setEnabled(self.store.user.can_edit and version is not None and not latest
                                      and not version.deleted)

    def revert_selected(self) -> None:
        version = self.selected_version()
        if version is None:
            return
        when = short_time(version.wall_time)
        question = self.tr("把这条记录恢复成 {0} 的版本？当前内容会保留在历史中。").format(when)
        if not msgbox.confirm(self, question):
            return
        self.actions.revert(self.record_uuid, version.version_id, on_saved=self._applied)

    def restore_record(self) -> None:
        # Written on the worker; a refusal is told by ``actions.failed`` (the window's message).
        self.actions.restore(self.record_uuid, on_saved=self._applied)

    def _applied(self, _saved: object) -> None:
        if not alive(self):  # closed (and deleted) before the write came back
            return
        uuid = self.record_uuid
        if self.isVisible():
            self.reload(lambda: self.changed.emit(uuid))
        else:
            self.changed.emit(uuid)
