"""Small pieces the sync dialogs share: their labels and styles, a folder (or file) chooser, the
stick folder with its button, and a read-only table model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets import msgbox
from desktop.ui.widgets.i18n import translate

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex
TONES = {
    "error": QBrush(QColor("#fde2e1")),
    "warning": QBrush(QColor("#fff4d6")),
    "good": QBrush(QColor("#e3f4e1")),
    "muted": None,
}
MUTED_TEXT = QBrush(QColor("#808080"))
DONE_STYLE = "color: #1e7b34;"
PROBLEM_STYLE = "color: #b03a2e;"
FINGERPRINT_STYLE = "font-family: monospace; font-size: 12pt; font-weight: bold;"
TITLE_STYLE = "font-size: 13pt; font-weight: bold;"


def title_label(text: str) -> QLabel:
    """A dialog's heading."""
    label = QLabel(text)
    label.setStyleSheet(TITLE_STYLE)
    return label


def open_window_modal(dialog: QDialog) -> QDialog:
    """Open ``dialog`` window-modal (``open``, not ``exec``: the caller's code goes on, the
    window's worker keeps answering), deleted when it closes."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def page_header(page: QWidget, title: str, *, wrap: bool = False) -> tuple[QVBoxLayout, QHBoxLayout, QLabel]:
    """A township page's layout: its title and a summary that takes the free width, on one row
    the caller adds its buttons to; returns the page's layout, that row and the summary."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(8, 8, 8, 4)
    top = QHBoxLayout()
    top.addWidget(title_label(title))
    top.addSpacing(16)
    summary = QLabel()
    summary.setWordWrap(wrap)
    top.addWidget(summary, 1)
    layout.addLayout(top)
    return layout, top, summary


def wrapped_label(text: str = "", *, selectable: bool = False) -> QLabel:
    """Text that wraps to the dialog's width; ``selectable``: paths and names the clerk may copy."""
    label = QLabel(text)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def problem_label() -> QLabel:
    """What stands in the way, in red; hidden until there is something to say."""
    label = wrapped_label()
    label.setStyleSheet(PROBLEM_STYLE)
    label.hide()
    return label


class FolderField(QWidget):
    """A path typed or chosen with 浏览…; ``changed`` fires with the path (None when empty) once it is
    settled (chosen, set, or typed and left with Tab or Enter); ``typed`` fires at every keystroke.

    Buttons that only need *a* path (导出, 开始导入) follow ``typed``: a clerk who types a path and
    reaches for the mouse finds the button ready, without knowing to press Tab first. Work that
    reads the folder or file (a preview, reading the file) follows ``changed``.
    """

    changed = Signal(object)
    typed = Signal(object)

    def __init__(self, placeholder: str, parent: QWidget | None = None, *,
                 file_filter: str | None = None, caption: str = "") -> None:
        super().__init__(parent)
        self._file_filter = file_filter
        self._caption = caption
        self._last: Path | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        self.edit.editingFinished.connect(self._edited)
        self.edit.textChanged.connect(lambda _text: self.typed.emit(self.path()))
        layout.addWidget(self.edit, 1)
        self.browse_button = QPushButton(self.tr("浏览…"))
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self.browse)
        layout.addWidget(self.browse_button)

    def path(self) -> Path | None:
        text = self.edit.text().strip().strip('"')
        return Path(text) if text else None

    def set_path(self, path: str | Path | None) -> None:
        self.edit.setText(str(path) if path else "")
        self._edited()

    def existing(self) -> Path | None:
        """The chosen folder if it is there; one that is not (the stick not plugged in) is explained."""
        path = self.path()
        if path is not None and not path.is_dir():
            text = translate("FolderField", "文件夹 {0} 不存在，请先插好U盘并选择正确的位置。")
            msgbox.warn(self.window(), text.format(path))
            return None
        return path

    def _edited(self) -> None:
        path = self.path()
        if path != self._last:
            self._last = path
            self.changed.emit(path)

    def browse(self) -> None:
        start = str(self.path() or Path.home())
        if self._file_filter is not None:
            chosen, _ = QFileDialog.getOpenFileName(self, self._caption, start, self._file_filter)
        else:
            chosen = QFileDialog.getExistingDirectory(self, self._caption, start)
        if chosen:
            self.set_path(chosen)

    @classmethod
    def on_stick(cls, parent: QWidget) -> FolderField:
        """The folder on the USB stick that packages are written to and read from."""
        return cls(translate("FolderField", "U盘文件夹，例如 E:\\"), parent,
                   caption=translate("FolderField", "选择U盘上的文件夹"))


def size_within_screen(dialog: QWidget, width: int, height: int) -> None:
    """Open at ``width`` × ``height``, or smaller where the screen is smaller (1024×768: the import
    dialog's 开始导入 and 说明 were off the screen's right edge)."""
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry() if screen is not None else None
    if room is not None:
        # Room for the frame a window manager adds around a dialog.
        width, height = min(width, room.width() - 40), min(height, room.height() - 80)
    dialog.resize(width, height)


def folder_row(folder: FolderField, button: QPushButton) -> QHBoxLayout:
    """The folder, then the button that acts on it."""
    row = QHBoxLayout()
    row.addWidget(folder, 1)
    row.addWidget(button)
    return row


@dataclass
class Row:
    cells: Sequence[Any]
    key: Any = None
    tone: str | None = None  # error / warning / good / muted
    tips: dict[int, str] = field(default_factory=dict)
    bold: set[int] = field(default_factory=set)


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None or value == "":
        return (2, "")
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, int | float):
        return (0, value)
    return (1, str(value))


class RowsModel(QAbstractTableModel):
    """Rows already read (a few hundred at most), shown read-only, sortable by any column."""

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, number: int) -> Row | None:
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def rows(self) -> list[Row]:
        return list(self._rows)

    def key_row(self, key: Any) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.key == key), None)

    def text(self, row: int, column: int) -> str:
        return str(self.data(self.index(row, column)) or "")

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = index.column()
        value = row.cells[column] if column < len(row.cells) else None
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        if role == KEY_ROLE:
            return row.key
        if role == Qt.ItemDataRole.BackgroundRole:
            return TONES.get(row.tone or "")
        if role == Qt.ItemDataRole.ForegroundRole and row.tone == "muted":
            return MUTED_TEXT
        if role == Qt.ItemDataRole.ToolTipRole:
            long_text = isinstance(value, str) and len(value) > 30
            return row.tips.get(column) or (value if long_text else None)
        if role == Qt.ItemDataRole.FontRole and column in row.bold:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float) \
                and not isinstance(value, bool):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return str(section + 1) if 0 <= section < len(self._rows) else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self._headers)):
            return
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=lambda r: _sort_key(r.cells[column] if column < len(r.cells) else None),
                        reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


class OneLineDelegate(QStyledItemDelegate):
    """A cell on one line, shortened in the middle (…), in a table whose other cells wrap."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText
        option.textElideMode = Qt.TextElideMode.ElideMiddle


def rows_table(model: RowsModel, *, sortable: bool = True, stretch_last: bool = True) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch_last)
    if sortable:
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
    return table


def selected_key(table: QTableView) -> Any:
    """The key of the selected row of a ``rows_table`` (None when none is selected)."""
    model = table.model()
    rows = table.selectionModel().selectedRows()
    row = model.row(rows[0].row()) if rows and isinstance(model, RowsModel) else None
    return row.key if row else None


def select_key(table: QTableView, key: Any) -> bool:
    """Select the row of a ``rows_table`` whose key is ``key``; False when it is not listed."""
    model = table.model()
    row = model.key_row(key) if isinstance(model, RowsModel) else None
    if row is None:
        return False
    table.selectRow(row)
    return True


def fit(table: QTableView, limit: int = 320) -> None:
    """Columns as wide as their contents, within a limit."""
    # Measured on the first 50 rows: Qt's default, 1,000, took 2 s for a prefecture's villages.
    table.horizontalHeader().setResizeContentsPrecision(50)
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    for column in range(header.count()):
        header.resizeSection(column, min(header.sectionSize(column) + 12, limit))
