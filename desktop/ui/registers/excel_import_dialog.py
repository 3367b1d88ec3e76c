"""从 Excel 导入: choose a roster, check the column mapping and the rows, then import.

The dialog drives ``forms.roster.read`` and ``sync.excel.roster_import``: reading the file and a
trial import (every rule, nothing saved) run on the worker thread with its own Store;
the preview shows the detected header rows, what the clerk hid in the file and a choice
for it, a column → field table the clerk may change (remembered per register in the
database, so next year's roster maps the same way) and every row with its result: the
reason in the third column, the bad cell marked, the full text of the selected row under
the table. The refused rows can be saved as an Excel file with their reasons, to fix and
import again. 导入 runs the real import in the background with progress and cancel; all
or nothing unless 只导入无错误的行 is ticked.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.registers.excel_import_rows import FIRST_FIELD, PROBLEM, RowsFilter, RowsModel, row_detail
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.runner import Run, run
from forms.model import Register, catalog
from forms.roster.read import INCLUDE, SKIP, HiddenChoice, Roster, RosterError, read_roster
from forms.roster.rows import HIDDEN_ROW
from forms.roster.workbook import quick_sheet_names
from sync.excel.import_report import compact_rows
from sync.excel.roster_import import ImportReport, import_excel
from sync.progress import Cancelled
from sync.store.store import Store, StoreError
from sync.store.users import ADMIN, COMMAND_LINE, PermissionDenied, User

MAPPING_META = "excel_header_mapping.{}"
_PROBLEM_WIDTH = 360  # the reasons column: wide enough to read, the rest in the pane below


def remembered_mapping(store: Store, reg: Register) -> dict[str, str | None]:
    raw = store.meta.get(MAPPING_META.format(reg.key))
    try:
        return dict(json.loads(raw)) if raw else {}
    except (ValueError, TypeError):
        return {}


def preview_job(path: Path, reg: Register, sheet: str | None, roster: Roster | None,
                hidden: HiddenChoice | None = None):
    """Worker job: read the roster (unless already read) and try the import without saving."""

    def run(store: Store, progress: Any) -> tuple[Roster, ImportReport]:
        progress(0, 0, "正在读取文件…")
        here = store.catalog.registers[reg.key]  # with the database's choice lists (aliases)
        current = roster or read_roster(path, here, sheet=sheet, hidden=hidden,
                                        header_mapping=remembered_mapping(store, here))
        progress(0, len(current.rows), "正在逐行检查…")
        report = import_excel(store, here, current, dry_run=True, progress=progress)
        return current, report

    return run


def import_job(reg: Register, roster: Roster, valid_only: bool):
    def run(store: Store, progress: Any) -> ImportReport:
        report = import_excel(store, store.catalog.registers[reg.key], roster, valid_only=valid_only,
                              progress=progress)
        if report.committed:
            store.set_meta(MAPPING_META.format(reg.key),
                           json.dumps(roster.header_mapping(), ensure_ascii=False))
        return report

    return run


def rejected_job(report: ImportReport, out: Path):
    def run(store: Store, progress: Any) -> Path:
        from sync.excel.rejects import write_rejected

        progress(0, 0, "正在保存有错误的行…")
        return write_rejected(report, out)

    return run


class ExcelImportDialog(QDialog):
    """Import a roster into one register of the database at ``db_path``."""

    imported = Signal(object)  # the ImportReport of a committed import
    rejected_saved = Signal(object)  # the Path of a saved file of refused rows

    def __init__(self, db_path: str | Path, user: User | None = None, register: str | None = None,
                 parent: QWidget | None = None, today: dt.date | None = None,
                 worker: DbWorker | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("从 Excel 导入"))
        # The window's worker when opened from a window (one database thread for all its work);
        # its own when opened alone (``cunwu excel`` without a window), stopped when it closes.
        self._own_worker = worker is None
        self.worker = worker or DbWorker(Path(db_path), user or User(COMMAND_LINE, ADMIN, COMMAND_LINE),
                                         today, self)
        self.roster: Roster | None = None
        self.report: ImportReport | None = None
        self.operation: Run | None = None
        self._sheets_of: str | None = None  # the file whose sheets the sheet box lists

        layout = QVBoxLayout(self)
        layout.addLayout(self._top_row())
        if register is not None:
            self.select_register(register)
        self.header_label = QLabel()
        self.header_label.setWordWrap(True)
        layout.addWidget(self.header_label)
        self.hidden_bar = self._hidden_bar()
        layout.addWidget(self.hidden_bar)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.mapping = QTableWidget(0, 3)
        self.mapping.setHorizontalHeaderLabels([self.tr("列"), self.tr("表头"), self.tr("导入到")])
        self.mapping.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping.verticalHeader().hide()
        splitter.addWidget(self.mapping)
        rows = QWidget()
        rows_layout = QVBoxLayout(rows)
        rows_layout.setContentsMargins(0, 0, 0, 0)
        self.only_invalid = QCheckBox(self.tr("只看有错误的行"))
        rows_layout.addWidget(self.only_invalid)
        self.rows_model = RowsModel(self)
        self.rows_filter = RowsFilter(self)
        self.rows_filter.setSourceModel(self.rows_model)
        self.rows_view = QTableView()
        self.rows_view.setModel(self.rows_filter)
        self.rows_view.verticalHeader().hide()
        self.rows_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rows_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rows_view.setWordWrap(False)
        # Rows as tall as a line of text: more of a long roster on a small screen.
        self.rows_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        rows_layout.addWidget(self.rows_view, 1)
        splitter.addWidget(rows)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText(self.tr("选中一行，这里显示这一行的全部问题"))
        self.detail.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 12)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 1)
        splitter.setCollapsible(1, False)
        line = self.fontMetrics().lineSpacing()
        splitter.setSizes([line * 6, line * 20, line * 3 + 12])
        layout.addWidget(splitter, 1)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        layout.addLayout(self._bottom_row())

        self.choose_button.clicked.connect(self._choose_file)
        self.register_box.currentIndexChanged.connect(lambda _: self._reload(keep_roster=False))
        self.sheet_box.activated.connect(lambda _: self._reload(keep_roster=False))
        self.hidden_rows_box.activated.connect(lambda _: self._hidden_changed())
        self.hidden_columns_box.activated.connect(lambda _: self._hidden_changed())
        self.only_invalid.toggled.connect(self.rows_filter.set_only_invalid)
        self.rows_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.valid_only.toggled.connect(lambda _: self._update_buttons())
        self.save_rejected_button.clicked.connect(self._ask_save_rejected)
        self.buttons.accepted.connect(self._import)
        self.buttons.rejected.connect(self.reject)
        self._fit_screen()

    def _top_row(self) -> QHBoxLayout:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("登记簿：")))
        self.register_box = QComboBox()
        for reg in catalog().ordered(include_profile=True):
            self.register_box.addItem(reg.name, reg.key)
        top.addWidget(self.register_box)
        top.addWidget(QLabel(self.tr("文件：")))
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(self.tr("请选择花名册（.xlsx、.xls 或 .csv）"))
        top.addWidget(self.file_edit, 1)
        self.choose_button = QPushButton(self.tr("选择文件…"))
        top.addWidget(self.choose_button)
        top.addWidget(QLabel(self.tr("工作表：")))
        self.sheet_box = QComboBox()
        self.sheet_box.addItem(self.tr("自动选择"), None)
        top.addWidget(self.sheet_box)
        return top

    def _hidden_bar(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("隐藏的行：")))
        self.hidden_rows_box = QComboBox()
        self.hidden_rows_box.addItem(self.tr("不导入（默认，常是已离开的人）"), SKIP)
        self.hidden_rows_box.addItem(self.tr("导入"), INCLUDE)
        row.addWidget(self.hidden_rows_box)
        row.addWidget(QLabel(self.tr("隐藏的列：")))
        self.hidden_columns_box = QComboBox()
        self.hidden_columns_box.addItem(self.tr("导入，同一项以显示的列为准（默认）"), INCLUDE)
        self.hidden_columns_box.addItem(self.tr("不导入"), SKIP)
        row.addWidget(self.hidden_columns_box)
        row.addStretch(1)
        bar.hide()
        return bar

    def _bottom_row(self) -> QHBoxLayout:
        bottom = QHBoxLayout()
        self.valid_only = QCheckBox(self.tr("只导入无错误的行（默认：有错误的行时全部不导入）"))
        bottom.addWidget(self.valid_only, 1)
        self.save_rejected_button = QPushButton(self.tr("保存有错误的行…"))
        self.save_rejected_button.setToolTip(self.tr("把有错误的行连同原因另存为 Excel 文件，改正后可再导入"))
        self.save_rejected_button.setEnabled(False)
        bottom.addWidget(self.save_rejected_button)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(self.tr("导入"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        bottom.addWidget(self.buttons)
        return bottom

    def _fit_screen(self) -> None:
        """1000×680, or less on a small screen, so that the buttons stay on it."""
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1000, 680
        if screen is not None:
            width, height = min(width, screen.width() - 24), min(height, screen.height() - 48)
        self.resize(width, height)

    # ------------------------------------------------------------------ actions
    @property
    def reg(self) -> Register:
        return catalog().registers[self.register_box.currentData()]

    def select_register(self, register: str) -> None:
        self.register_box.setCurrentIndex(self.register_box.findData(catalog().register(register).key))

    @property
    def hidden_choice(self) -> HiddenChoice:
        # Hidden sheets are read when the clerk picks one in the sheet box (marked 隐藏).
        return HiddenChoice(rows=self.hidden_rows_box.currentData(),
                            columns=self.hidden_columns_box.currentData())

    def _choose_file(self) -> None:
        kinds = self.tr("花名册 (*.xlsx *.xlsm *.xls *.csv *.txt);;所有文件 (*)")
        name, _ = QFileDialog.getOpenFileName(self, self.tr("选择 Excel 花名册"), "", kinds)
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> None:
        """Read ``path`` and show the preview (also what tests call instead of the file dialog)."""
        self.file_edit.setText(str(path))
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        self.sheet_box.addItem(self.tr("自动选择"), None)
        self.sheet_box.blockSignals(False)
        self._sheets_of = None
        self._reload(keep_roster=False)

    def set_mapping(self, sheet: str, column: int, field: str | None) -> None:
        """Import a column into another field (or not at all) and check the rows again."""
        if self.roster is None:
            return
        self.roster = self.roster.remap(sheet, column, field)
        self._reload(keep_roster=True)

    def set_hidden(self, rows: str | None = None, columns: str | None = None) -> None:
        """Import hidden rows or columns or not (the choice in the bar above the table)."""
        if rows is not None:
            self.hidden_rows_box.setCurrentIndex(self.hidden_rows_box.findData(rows))
        if columns is not None:
            self.hidden_columns_box.setCurrentIndex(self.hidden_columns_box.findData(columns))
        self._hidden_changed()

    def _hidden_changed(self) -> None:
        if self.roster is None:
            return
        choice = self.hidden_choice
        self.roster = self.roster.with_hidden(rows=choice.rows, columns=choice.columns)
        self._reload(keep_roster=True)

    def _reload(self, keep_roster: bool) -> None:
        text = self.file_edit.text()
        if not text:
            return
        if not keep_roster:
            self.roster = None
        self.import_button.setEnabled(False)
        self.save_rejected_button.setEnabled(False)
        job = preview_job(Path(text), self.reg, self.sheet_box.currentData(), self.roster, self.hidden_choice)
        self.operation = run(self, self.worker, job, self._show_preview, self._failed,
                             title=self.tr("正在读取并检查花名册…"), progress=True)

    def _import(self) -> None:
        if self.roster is None or self.report is None:
            return
        job = import_job(self.reg, self.roster, self.valid_only.isChecked())
        self.operation = run(self, self.worker, job, self._imported, self._failed,
                             title=self.tr("正在导入…"), progress=True)

    def _ask_save_rejected(self) -> None:
        if self.report is None or not self.report.invalid:
            return
        source = Path(self.file_edit.text())
        suggested = str(source.with_name(f"{source.stem}-有错误的行.xlsx"))
        name, _ = QFileDialog.getSaveFileName(self, self.tr("保存有错误的行"), suggested,
                                              self.tr("Excel 文件 (*.xlsx)"))
        if name:
            self.save_rejected(Path(name if name.lower().endswith(".xlsx") else name + ".xlsx"))

    def save_rejected(self, path: Path) -> None:
        """Write the refused rows with their reasons to ``path`` (in the background)."""
        if self.report is None:
            return
        job = rejected_job(self.report, path)
        self.operation = run(self, self.worker, job, self._rejected_saved, self._failed,
                             title=self.tr("正在保存有错误的行…"), progress=True)

    # ------------------------------------------------------------------ results
    def _show_preview(self, result: tuple[Roster, ImportReport]) -> None:
        self.roster, self.report = result
        roster = self.roster
        hidden = set(roster.hidden_sheets)
        self._fill_sheets([(name, name in hidden) for name in roster.sheet_titles])
        parts = list(roster.notes)
        for sheet in roster.sheets:
            rows = (f"第{sheet.header_first}行" if sheet.header_first == sheet.header_last
                    else f"第{sheet.header_first}–{sheet.header_last}行")
            parts.append(self.tr("工作表“{0}”：表头在{1}，数据 {2} 行").format(
                sheet.name, rows, len(sheet.rows)))
        skipped = [s for s in roster.skipped if s.reason != HIDDEN_ROW]  # said with the hidden things
        if skipped:
            parts.append(self.tr("跳过 {0} 行（合计、签名、标题等）").format(len(skipped)))
        self.header_label.setText("；".join(parts))
        self._show_hidden(roster)
        self._fill_mapping()
        self.rows_model.set_report(self.report)
        self._fit_columns()
        self.detail.clear()
        self._update_buttons()
        self.rows_view.setFocus()

    def _fill_sheets(self, sheets: list[tuple[str, bool]]) -> None:
        """The sheets of the file (name, hidden), hidden ones marked, once per file."""
        if self._sheets_of == self.file_edit.text():
            return
        self._sheets_of = self.file_edit.text()
        self.sheet_box.blockSignals(True)
        for name, hidden in sheets:
            label = self.tr("{0}（隐藏）").format(name) if hidden else name
            if self.sheet_box.findData(name) < 0:
                self.sheet_box.addItem(label, name)
        self.sheet_box.blockSignals(False)

    def _show_hidden(self, roster: Roster) -> None:
        """What the clerk hid, in words, and the choice for it."""
        parts = []
        for sheet in roster.sheets:
            where = f"“{sheet.name}”" if len(roster.sheets) > 1 else ""
            if sheet.hidden_data_rows:
                rows = compact_rows(sheet.hidden_data_rows)
                parts.append(self.tr("{0}第{1}行是隐藏的").format(where, rows))
            for col in sheet.hidden_columns:
                what = self.tr("导入为{0}").format(col.field) if col.field else col.note
                parts.append(self.tr("{0}列“{1}”是隐藏的（{2}）").format(col.letter, col.header, what))
        sheets = [name for name, why in roster.other_sheets if why.startswith("隐藏的工作表")]
        if sheets:
            parts.append(self.tr("隐藏的工作表“{0}”未读取（可在“工作表”中选择）").format("、".join(sheets)))
        has_rows = any(s.hidden_data_rows for s in roster.sheets)
        has_columns = any(s.hidden_columns for s in roster.sheets)
        self.hidden_rows_box.setEnabled(has_rows)
        self.hidden_columns_box.setEnabled(has_columns)
        self.hidden_bar.setVisible(bool(parts))
        self.hidden_bar.setToolTip("；".join(parts))
        if parts:
            self.header_label.setText(self.header_label.text() + "\n" + "；".join(parts))

    def _fit_columns(self) -> None:
        view = self.rows_view
        view.resizeColumnsToContents()
        view.setColumnWidth(PROBLEM, min(max(view.columnWidth(PROBLEM), 120), _PROBLEM_WIDTH))
        for column in range(FIRST_FIELD, self.rows_model.columnCount()):
            view.setColumnWidth(column, min(view.columnWidth(column), 220))

    def _selection_changed(self, selected: QItemSelection, _: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes or self.report is None:
            return
        source = self.rows_filter.mapToSource(indexes[0])
        result = self.rows_model.result(source.row())
        self.detail.setPlainText(row_detail(result, len(self.report.roster.sheets) > 1))

    def _fill_mapping(self) -> None:
        assert self.roster is not None
        choices = [(self.tr("（不导入）"), None)] + [(f.name, f.name) for f in self.reg.input_fields]
        columns = [(s.name, c) for s in self.roster.sheets for c in s.columns if c.header]
        self.mapping.setRowCount(len(columns))
        for row, (sheet, col) in enumerate(columns):
            letter = f"{sheet} {col.letter}" if len(self.roster.sheets) > 1 else col.letter
            self.mapping.setItem(row, 0, QTableWidgetItem(letter))
            shown = col.header + (f"（{col.note}）" if col.note else "")
            if col.hidden and not col.note:
                shown += self.tr("（隐藏列）")
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
            self.save_rejected_button.setEnabled(False)
            return
        bad, total = len(report.invalid), len(report.rows)
        self.summary_label.setText(self.tr("共 {0} 行：可新增 {1}，可更新 {2}，无变化 {3}，有错误 {4}")
                                   .format(total, report.count("added"), report.count("updated"),
                                           report.count("unchanged"), bad))
        can = total > 0 and (bad == 0 or (self.valid_only.isChecked() and bad < total))
        self.import_button.setEnabled(can)
        hint = self.tr("有错误的行：请改正文件，或勾选“只导入无错误的行”")
        self.import_button.setToolTip("" if can else hint)
        self.save_rejected_button.setEnabled(bad > 0)

    def _rejected_saved(self, path: Path) -> None:
        self.rejected_saved.emit(path)
        count = len(self.report.invalid) if self.report else 0
        text = self.tr("有错误的 {0} 行已连同原因保存到：\n{1}").format(count, path)
        advice = self.tr("请按“导入问题”列改正标红的单元格，保存后再导入该文件。")
        msgbox.inform(self, f"{text}\n\n{advice}", self.tr("已保存"))

    def _imported(self, report: ImportReport) -> None:
        self.report = report
        self.rows_model.set_report(report)
        msgbox.inform(self, self._outcome(report), self.tr("导入完成"))
        if report.committed:
            self.imported.emit(report)
            self.accept()

    def _outcome(self, report: ImportReport) -> str:
        """What the import did, as the closing message says it: the verdict, the counts, and the
        hidden rows that stayed out (the clerk chose so in the preview; said once more here, as
        the command line's report does, so nobody is left out unnoticed)."""
        lines = [report.verdict(),
                 self.tr("新增 {0} 行，更新 {1} 行，无变化 {2} 行。").format(
                     report.count("added"), report.count("updated"), report.count("unchanged"))]
        many = len(report.roster.sheets) > 1
        for sheet in report.roster.sheets:
            left_out = [s.row for s in sheet.skipped if s.reason == HIDDEN_ROW]
            if left_out:
                lines.append(self.tr("{0}表中隐藏的第{1}行（{2} 行）按选择没有导入。").format(
                    f"“{sheet.name}”" if many else "", compact_rows(left_out), len(left_out)))
        return "\n".join(lines)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self.summary_label.setText(self.tr("已取消，数据库未改动。"))
            return
        if isinstance(error, OSError) and self.roster is not None:
            msgbox.warn(self, self.tr("无法保存：{0}").format(error), self.tr("无法保存"))
            return
        if isinstance(error, RosterError | StoreError | PermissionDenied | OSError):
            self.roster = self.report = None
            self.rows_model.set_report(None)
            self.mapping.setRowCount(0)
            self.header_label.setText("")
            self.hidden_bar.hide()
            self.detail.clear()
            self._update_buttons()
            if isinstance(error, RosterError) and self.file_edit.text():
                # No roster found: still offer the file's sheets (a hidden one may hold it).
                self._fill_sheets(quick_sheet_names(self.file_edit.text()))
            msgbox.warn(self, str(error), self.tr("无法导入"))
            return
        raise error

    def done(self, result: int) -> None:
        if self._own_worker:
            self.worker.stop()
        elif self.operation is not None and not self.operation.done:
            self.operation.cancel()  # closed while reading or importing: the import rolls back
        super().done(result)
