"""从 Excel 导入: choose a roster, check the column mapping and the rows, then import.

The dialog drives ``forms.roster.read`` and ``sync.excel_import``: reading the file and a
trial import (every rule, nothing saved) run on the worker thread with its own Store;
the preview shows the detected header rows, a column → field table the clerk may change
(remembered per register in the database, so next year's roster maps the same way) and
every row with its result, problems highlighted. 导入 then runs the real import in the
background with progress and cancel; all or nothing unless 只导入无错误的行 is ticked.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import msgbox
from desktop.ui.db_worker import Cancelled, DbWorker, ProgressOperation
from forms.model import Register, catalog
from forms.roster.read import Roster, RosterError, read_roster
from sync.excel_import import ACTION_ZH, INVALID, ImportCancelled, ImportReport, import_excel
from sync.store import Store, StoreError
from sync.users import ADMIN, COMMAND_LINE, PermissionDenied, User

MAPPING_META = "excel_header_mapping.{}"
_ERROR_BG = QColor("#fbe3e1")
_NOTE_BG = QColor("#fff4d6")
_Index = QModelIndex | QPersistentModelIndex


def remembered_mapping(store: Store, reg: Register) -> dict[str, str | None]:
    raw = store.meta.get(MAPPING_META.format(reg.key))
    try:
        return dict(json.loads(raw)) if raw else {}
    except (ValueError, TypeError):
        return {}


def preview_job(path: Path, reg: Register, sheet: str | None, roster: Roster | None):
    """Worker job: read the roster (unless already read) and try the import without saving."""

    def run(store: Store, progress: Any) -> tuple[Roster, ImportReport]:
        progress(0, 0, "正在读取文件…")
        here = store.catalog.registers[reg.key]  # with the database's choice lists (aliases)
        current = roster or read_roster(path, here, sheet=sheet,
                                        header_mapping=remembered_mapping(store, here))
        progress(0, len(current.rows), "正在逐行检查…")
        report = import_excel(store, here, current, dry_run=True,
                              progress=lambda done, total: progress(done, total, "正在逐行检查…"))
        return current, report

    return run


def import_job(reg: Register, roster: Roster, valid_only: bool):
    def run(store: Store, progress: Any) -> ImportReport:
        report = import_excel(store, store.catalog.registers[reg.key], roster, valid_only=valid_only,
                              progress=lambda done, total: progress(done, total, "正在导入…"))
        if report.committed:
            store.set_meta(MAPPING_META.format(reg.key),
                           json.dumps(roster.header_mapping(), ensure_ascii=False))
        return report

    return run


class RowsModel(QAbstractTableModel):
    """The roster's rows with their result: Excel row, 结果, the mapped fields, 问题."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: ImportReport | None = None
        self.fields: list[str] = []

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
        return 0 if parent.isValid() else len(self.fields) + 3

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        names = [self.tr("行号"), self.tr("结果"), *self.fields, self.tr("问题")]
        return names[section] if section < len(names) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.report is None or not index.isValid():
            return None
        result = self.report.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.BackgroundRole:
            if result.action == INVALID:
                return QBrush(_ERROR_BG)
            return QBrush(_NOTE_BG) if result.notes else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == 0:
            many = len(self.report.roster.sheets) > 1
            return f"{result.sheet} {result.row}" if many else str(result.row)
        if column == 1:
            return ACTION_ZH[result.action]
        if column == len(self.fields) + 2:
            lines = result.problems or result.notes
            return "；".join(f"{line.header or line.field or ''}：{line.message}" for line in lines)
        row = self._roster_row(index.row())
        if row is None:
            return ""
        name = self.fields[column - 2]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("表中写的是：{0}").format(row.text(name))
        # How the cell was understood; a cell that could not be read shows as written.
        if any(p.field == name for p in result.problems) or name not in row.values:
            return row.text(name)
        return self.report.register.field(name).format(row.values[name])

    def _roster_row(self, position: int) -> Any:
        assert self.report is not None
        rows = self.report.roster.rows
        return rows[position] if position < len(rows) else None


class ExcelImportDialog(QDialog):
    """Import a roster into one register of the database at ``db_path``."""

    imported = Signal(object)  # the ImportReport of a committed import

    def __init__(self, db_path: str | Path, user: User | None = None, register: str | None = None,
                 parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("从 Excel 导入"))
        self.resize(1000, 680)
        self.worker = DbWorker(Path(db_path), user or User(COMMAND_LINE, ADMIN, COMMAND_LINE), today, self)
        self.roster: Roster | None = None
        self.report: ImportReport | None = None
        self.operation: ProgressOperation | None = None

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("登记簿：")))
        self.register_box = QComboBox()
        for reg in catalog().ordered(include_profile=True):
            self.register_box.addItem(reg.name, reg.key)
        if register is not None:
            self.register_box.setCurrentIndex(self.register_box.findData(catalog().register(register).key))
        top.addWidget(self.register_box)
        top.addWidget(QLabel(self.tr("文件：")))
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(self.tr("请选择 .xlsx 花名册"))
        top.addWidget(self.file_edit, 1)
        self.choose_button = QPushButton(self.tr("选择文件…"))
        top.addWidget(self.choose_button)
        top.addWidget(QLabel(self.tr("工作表：")))
        self.sheet_box = QComboBox()
        self.sheet_box.addItem(self.tr("自动选择"), None)
        top.addWidget(self.sheet_box)
        layout.addLayout(top)

        self.header_label = QLabel()
        self.header_label.setWordWrap(True)
        layout.addWidget(self.header_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.mapping = QTableWidget(0, 3)
        self.mapping.setHorizontalHeaderLabels([self.tr("列"), self.tr("表头"), self.tr("导入到")])
        self.mapping.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping.verticalHeader().hide()
        splitter.addWidget(self.mapping)
        self.rows_model = RowsModel(self)
        self.rows_view = QTableView()
        self.rows_view.setModel(self.rows_model)
        self.rows_view.verticalHeader().hide()
        splitter.addWidget(self.rows_view)
        splitter.setSizes([200, 400])
        layout.addWidget(splitter, 1)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        bottom = QHBoxLayout()
        self.valid_only = QCheckBox(self.tr("只导入无错误的行（默认：有错误的行时全部不导入）"))
        bottom.addWidget(self.valid_only, 1)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(self.tr("导入"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        self.choose_button.clicked.connect(self._choose_file)
        self.register_box.currentIndexChanged.connect(lambda _: self._reload(keep_roster=False))
        self.sheet_box.activated.connect(lambda _: self._reload(keep_roster=False))
        self.valid_only.toggled.connect(lambda _: self._update_buttons())
        self.buttons.accepted.connect(self._import)
        self.buttons.rejected.connect(self.reject)

    # ------------------------------------------------------------------ actions
    @property
    def reg(self) -> Register:
        return catalog().registers[self.register_box.currentData()]

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("选择 Excel 花名册"), "",
                                              self.tr("Excel 文件 (*.xlsx)"))
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> None:
        """Read ``path`` and show the preview (also what tests call instead of the file dialog)."""
        self.file_edit.setText(str(path))
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        self.sheet_box.addItem(self.tr("自动选择"), None)
        try:
            from openpyxl import load_workbook

            for name in load_workbook(path, read_only=True).sheetnames:
                self.sheet_box.addItem(name, name)
        except Exception:
            pass
        self.sheet_box.blockSignals(False)
        self._reload(keep_roster=False)

    def set_mapping(self, sheet: str, column: int, field: str | None) -> None:
        """Import a column into another field (or not at all) and check the rows again."""
        if self.roster is None:
            return
        self.roster = self.roster.remap(sheet, column, field)
        self._reload(keep_roster=True)

    def _reload(self, keep_roster: bool) -> None:
        text = self.file_edit.text()
        if not text:
            return
        if not keep_roster:
            self.roster = None
        self.import_button.setEnabled(False)
        job = preview_job(Path(text), self.reg, self.sheet_box.currentData(), self.roster)
        self.operation = ProgressOperation(self.worker, self, self.tr("正在读取并检查花名册…"), job,
                                           self._show_preview, self._failed)

    def _import(self) -> None:
        if self.roster is None or self.report is None:
            return
        job = import_job(self.reg, self.roster, self.valid_only.isChecked())
        self.operation = ProgressOperation(self.worker, self, self.tr("正在导入…"), job,
                                           self._imported, self._failed)

    # ------------------------------------------------------------------ results
    def _show_preview(self, result: tuple[Roster, ImportReport]) -> None:
        self.roster, self.report = result
        roster = self.roster
        parts = []
        for sheet in roster.sheets:
            rows = (f"第{sheet.header_first}行" if sheet.header_first == sheet.header_last
                    else f"第{sheet.header_first}–{sheet.header_last}行")
            parts.append(self.tr("工作表“{0}”：表头在{1}，数据 {2} 行").format(
                sheet.name, rows, len(sheet.rows)))
        if roster.skipped:
            parts.append(self.tr("跳过 {0} 行（合计、签名、标题等）").format(len(roster.skipped)))
        self.header_label.setText("；".join(parts))
        self._fill_mapping()
        self.rows_model.set_report(self.report)
        self.rows_view.resizeColumnsToContents()
        self._update_buttons()

    def _fill_mapping(self) -> None:
        assert self.roster is not None
        choices = [(self.tr("（不导入）"), None)] + [(f.name, f.name) for f in self.reg.input_fields]
        columns = [(s.name, c) for s in self.roster.sheets for c in s.columns if c.header]
        self.mapping.setRowCount(len(columns))
        for row, (sheet, col) in enumerate(columns):
            letter = f"{sheet} {col.letter}" if len(self.roster.sheets) > 1 else col.letter
            self.mapping.setItem(row, 0, QTableWidgetItem(letter))
            shown = col.header + (f"（{col.note}）" if col.note else "")
            self.mapping.setItem(row, 1, QTableWidgetItem(shown))
            box = QComboBox()
            for label, value in choices:
                box.addItem(label, value)
            box.setCurrentIndex(max(0, box.findData(col.field)) if col.field else 0)
            box.activated.connect(
                lambda _, b=box, s=sheet, i=col.index: self.set_mapping(s, i, b.currentData()))
            self.mapping.setCellWidget(row, 2, box)
        self.mapping.resizeColumnToContents(0)

    def _update_buttons(self) -> None:
        report = self.report
        if report is None:
            self.import_button.setEnabled(False)
            return
        bad, total = len(report.invalid), len(report.rows)
        self.summary_label.setText(self.tr("共 {0} 行：可新增 {1}，可更新 {2}，无变化 {3}，有错误 {4}")
                                   .format(total, report.count("added"), report.count("updated"),
                                           report.count("unchanged"), bad))
        can = total > 0 and (bad == 0 or (self.valid_only.isChecked() and bad < total))
        self.import_button.setEnabled(can)
        hint = self.tr("有错误的行：请改正文件，或勾选“只导入无错误的行”")
        self.import_button.setToolTip("" if can else hint)

    def _imported(self, report: ImportReport) -> None:
        self.report = report
        self.rows_model.set_report(report)
        msgbox.inform(self, report.verdict(), self.tr("导入完成"))
        if report.committed:
            self.imported.emit(report)
            self.accept()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled | ImportCancelled):
            self.summary_label.setText(self.tr("已取消，数据库未改动。"))
            return
        if isinstance(error, RosterError | StoreError | PermissionDenied | OSError):
            self.roster = self.report = None
            self.rows_model.set_report(None)
            self.mapping.setRowCount(0)
            self.header_label.setText("")
            self._update_buttons()
            msgbox.warn(self, str(error), self.tr("无法导入"))
            return
        raise error

    def done(self, result: int) -> None:
        self.worker.stop()
        super().done(result)
