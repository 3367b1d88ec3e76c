"""Read-only models over lists a dialog already holds (users, a record's versions, check results),
and the table they are shown in.

``TranslatedHeaders`` gives a model its column titles from ``HEADERS``, which each model marks
with ``QT_TRANSLATE_NOOP`` under its own class name: PySide's ``self.tr`` asks the instance's
class first, so a title is found where lupdate filed it. ``ListTableModel`` adds the rows:
one per item of ``items``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QTableView

_Index = QModelIndex | QPersistentModelIndex


class TranslatedHeaders:
    """Mixed into a Qt item model (before the Qt class)."""

    HEADERS: ClassVar[tuple[str, ...]] = ()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            return self.tr(self.HEADERS[section])  # type: ignore[attr-defined]
        return None


class ListTableModel(TranslatedHeaders, QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[Any] = []

    def set_items(self, items: Iterable[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def item(self, index: _Index) -> Any:
        """The item shown in that row, None for an invalid index."""
        valid = index.isValid() and 0 <= index.row() < len(self.items)
        return self.items[index.row()] if valid else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)


def list_view(model: QAbstractItemModel) -> QTableView:
    """A read-only table choosing one whole row at a time, no row numbers, the last column
    stretched; callers size the other columns."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view
