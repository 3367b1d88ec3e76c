"""The rows of an Excel import preview: the reason first, the bad cell marked.

Columns: 行号, 结果, 问题 (the reasons, where the eye lands first), then the roster's fields
as they were understood. A cell whose value was refused is red with a warning icon and
says why in its tooltip; the row is pink when refused, yellow when imported with a note.
``RowsFilter`` shows only the refused rows; ``row_detail`` is the full text of one row for
the pane under the table.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QApplication, QStyle, QWidget

from desktop.ui.widgets.i18n import translate
from forms.roster.read import RosterRow
from sync.excel.roster_import import ACTION_ZH, INVALID, ImportReport, ReportLine, RowResult

ERROR_ROW = QColor("#fbe3e1")
NOTE_ROW = QColor("#fff4d6")
BAD_CELL = QColor("#f4a79d")
NOTE_CELL = QColor("#ffe08a")
ROW, RESULT, PROBLEM = 0, 1, 2
FIRST_FIELD = 3
_Index = QModelIndex | QPersistentModelIndex


def problem_text(result: RowResult) -> str:
    lines = result.problems or result.notes
    return "；".join(f"{line.header or line.field}：{line.message}" if (line.header or line.field)
                    else line.message for line in lines)


def row_detail(result: RowResult, many_sheets: bool) -> str:
    """Everything about one row, one line per problem or note."""
    where = f"工作表“{result.sheet}”" if many_sheets else ""
    title = f"（{result.title}）" if result.title else ""
    head = translate("ExcelImport", "{0}第{1}行{2}：{3}").format(where, result.row, title,
                                                                ACTION_ZH[result.action])
    lines = [head]
    for line in [*result.problems, *result.notes]:
        lines.append("· " + _line_text(line))
    if len(lines) == 1:
        lines.append(translate("ExcelImport", "· 没有问题"))
    return "\n".join(lines)


def _line_text(line: ReportLine) -> str:
    """B列（身份证号），值“…”：reason (the row is in the heading already)."""
    value = f"值“{line.value}”" if line.value else ""
    where = "，".join(part for part in (line.where().lstrip("，"), value) if part)
    return f"{where}：{line.tag()}{line.message}" if where else f"{line.tag()}{line.message}"


class RowsModel(QAbstractTableModel):
    """The roster's rows with their result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: ImportReport | None = None
        self.fields: list[str] = []
        self._warning_icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)

    def set_report(self, report: ImportReport | None) -> None:
        self.beginResetModel()
        self.report = report
        self.fields = []
        if report is not None:
            for sheet in report.roster.sheets:
                self.fields += [f for f in sheet.fields if f not in self.fields]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() or self.report is None else len(self.report.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.fields) + FIRST_FIELD

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        names = [self.tr("行号"), self.tr("结果"), self.tr("问题"), *self.fields]
        return names[section] if section < len(names) else None

    def result(self, row: int) -> RowResult:
        assert self.report is not None
        return self.report.rows[row]

    def roster_row(self, position: int) -> RosterRow | None:
        assert self.report is not None
        rows = self.report.roster.rows
        return rows[position] if position < len(rows) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.report is None or not index.isValid():
            return None
        result = self.report.rows[index.row()]
        column = index.column()
        if column >= FIRST_FIELD:
            return self._field_data(index.row(), result, self.fields[column - FIRST_FIELD], role)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._row_brush(result)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == ROW:
                many = len(self.report.roster.sheets) > 1
                return f"{result.sheet} {result.row}" if many else str(result.row)
            if column == RESULT:
                return ACTION_ZH[result.action]
            return problem_text(result)
        if role == Qt.ItemDataRole.ToolTipRole and column == PROBLEM:
            return row_detail(result, len(self.report.roster.sheets) > 1) if problem_text(result) else None
        return None

    def _row_brush(self, result: RowResult) -> QBrush | None:
        if result.action == INVALID:
            return QBrush(ERROR_ROW)
        return QBrush(NOTE_ROW) if result.notes else None

    def _field_data(self, position: int, result: RowResult, name: str, role: int) -> Any:
        errors = [line for line in result.problems if line.field == name]
        notes = [line for line in result.notes if line.field == name]
        if role == Qt.ItemDataRole.BackgroundRole:
            if errors:
                return QBrush(BAD_CELL)
            return QBrush(NOTE_CELL) if notes else self._row_brush(result)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._warning_icon if errors else None
        row = self.roster_row(position)
        if role == Qt.ItemDataRole.ToolTipRole:
            written = self.tr("表中写的是：{0}").format(row.text(name) if row else "")
            reasons = "\n".join(line.message for line in errors + notes)
            return f"{reasons}\n{written}" if reasons else written
        if role != Qt.ItemDataRole.DisplayRole or row is None:
            return None
        # How the cell was understood; a cell that could not be read shows as written.
        if errors or name not in row.values:
            return row.text(name)
        assert self.report is not None
        return self.report.register.field(name).format(row.values[name])


class RowsFilter(QSortFilterProxyModel):
    """All rows, or only the refused ones."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.only_invalid = False

    def set_only_invalid(self, only: bool) -> None:
        self.beginFilterChange()
        self.only_invalid = only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self.only_invalid:
            return True
        model = self.sourceModel()
        assert isinstance(model, RowsModel)
        return model.result(source_row).action == INVALID
