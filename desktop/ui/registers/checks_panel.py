"""The checks panel: every error and warning of the village, grouped by register.

The checks run on the worker thread (``Store.check`` over 100,000 volunteers takes
seconds), register by register so the progress bar moves and 取消 stops between and
inside registers. Double-clicking an issue asks the main window to open the record at
the field concerned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
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
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.list_models import TranslatedHeaders
from desktop.ui.widgets.runner import Run, run
from forms.validation import ERROR, WARNING, Issue
from sync.progress import Cancelled, Progress
from sync.store.queries import record_titles
from sync.store.store import Store

ERROR_COLOR = QBrush(QColor("#c0392b"))
WARNING_COLOR = QBrush(QColor("#b9770e"))
_Index = QModelIndex | QPersistentModelIndex


@dataclass
class CheckResult:
    issues: list[Issue]
    titles: dict[str, str] = field(default_factory=dict)  # record uuid -> title
    checked_at: str = ""


def run_checks(store: Store, progress: Progress) -> CheckResult:
    """Every rule, register by register (runs on the worker thread)."""
    regs = store.catalog.ordered()
    weights = [max(1, store.count(r.key)) for r in regs]
    total = sum(weights)
    issues: list[Issue] = []
    done = 0
    for reg, weight in zip(regs, weights, strict=True):
        text = QCoreApplication.translate("ChecksPanel", "正在检查：{0}（{1} {2}）")
        if not progress(done, total, text.format(reg.name, store.count(reg.key), reg.unit)):
            raise Cancelled
        issues.extend(store.check(registers=[reg.key]))
        done += weight
    progress(total, total, "")
    titles: dict[str, str] = {}
    for reg in regs:
        titles.update(record_titles(store, reg.key, (i.record for i in issues if i.register == reg.key)))
    return CheckResult(issues, titles, dt.datetime.now().strftime("%Y-%m-%d %H:%M"))


class IssueTreeModel(TranslatedHeaders, QAbstractItemModel):
    """Two levels: a register (with its counts), then its issues (errors first)."""

    HEADERS = (QT_TRANSLATE_NOOP("IssueTreeModel", "级别"), QT_TRANSLATE_NOOP("IssueTreeModel", "问题"),
               QT_TRANSLATE_NOOP("IssueTreeModel", "记录"), QT_TRANSLATE_NOOP("IssueTreeModel", "字段"),
               QT_TRANSLATE_NOOP("IssueTreeModel", "规则"))
    RULE_COLUMN = 4
    SEVERITY: ClassVar[dict[str, str]] = {ERROR: QT_TRANSLATE_NOOP("IssueTreeModel", "错误"),
                                          WARNING: QT_TRANSLATE_NOOP("IssueTreeModel", "警告")}

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._groups: list[tuple[str, list[Issue]]] = []
        self._titles: dict[str, str] = {}

    def set_result(self, result: CheckResult) -> None:
        order = {ERROR: 0}
        by_register: dict[str, list[Issue]] = {}
        for issue in result.issues:
            by_register.setdefault(issue.register, []).append(issue)
        self.beginResetModel()
        self._groups = [
            (reg.key, sorted(by_register[reg.key], key=lambda i: (order.get(i.severity, 1), i.record or "")))
            for reg in self._store.catalog.ordered(include_profile=True) if reg.key in by_register
        ]
        self._titles = dict(result.titles)
        self.endResetModel()

    def issue(self, index: _Index) -> Issue | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        group = self._groups[index.internalId() - 1][1]
        return group[index.row()] if 0 <= index.row() < len(group) else None

    def register_at(self, index: _Index) -> str | None:
        if not index.isValid():
            return None
        group = index.internalId() - 1 if index.internalId() else index.row()
        return self._groups[group][0]

    def counts(self) -> tuple[int, int]:
        issues = [i for _, group in self._groups for i in group]
        errors = sum(1 for i in issues if i.severity == ERROR)
        return errors, len(issues) - errors

    # A top-level row has internal id 0; an issue row has 1 + its group's row.
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            key, group = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                if index.column() == 0:
                    return self._store.catalog.registers[key].name
                if index.column() == 1:
                    errors = sum(1 for i in group if i.severity == ERROR)
                    return self.tr("错误 {0} 条，警告 {1} 条").format(errors, len(group) - errors)
                return None
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        issue = self.issue(index)
        if issue is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return self.tr(self.SEVERITY.get(issue.severity, issue.severity))
            if column == 1:
                return issue.message
            if column == 2:
                return self._titles.get(issue.record or "", "") if issue.record else self.tr("（整个登记簿）")
            if column == self.RULE_COLUMN:
                return self._store.catalog.rule_title(issue.rule)
            return issue.field or ""
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return ERROR_COLOR if issue.severity == ERROR else WARNING_COLOR
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 1:
                return issue.message  # whole, when the column is too narrow for it
            if index.column() == self.RULE_COLUMN:
                return self.tr("规则编号 {0}").format(issue.rule)  # for looking it up, out of the way
        return None


class ChecksPanel(QWidget):
    """Run the checks, list the issues, jump to a record."""

    issue_activated = Signal(str, str, str)  # register key, record uuid ("" for the register), field
    checked = Signal(object)  # CheckResult

    def __init__(self, store: Store, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.worker = worker
        self.result: CheckResult | None = None
        self.operation: Run | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel(self.tr("尚未检查。"))
        top.addWidget(self.summary, 1)
        self.run_button = QPushButton(self.tr("开始检查"))
        self.run_button.clicked.connect(self.run)
        top.addWidget(self.run_button)
        layout.addLayout(top)
        hint = QLabel(self.tr("双击一条问题，打开对应的记录并定位到该项。"))
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        self.model = IssueTreeModel(store, self)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(IssueTreeModel.RULE_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.view.activated.connect(self._activated)
        layout.addWidget(self.view, 1)

    def run(self) -> None:
        if self.operation is not None:
            return
        self.run_button.setEnabled(False)
        self.summary.setText(self.tr("正在检查…"))
        self.operation = run(self, self.worker, run_checks, self._done, self._failed,
                             title=self.tr("正在检查全部登记簿…"), progress=True, window=self.window())

    def _done(self, result: CheckResult) -> None:
        self.operation = None
        self.run_button.setEnabled(True)
        self.run_button.setText(self.tr("重新检查"))
        self.result = result
        self.model.set_result(result)
        self.view.expandAll()
        errors, warnings = self.model.counts()
        if errors or warnings:
            text = self.tr("共有错误 {0} 条，警告 {1} 条（检查时间 {2}）。").format(
                errors, warnings, result.checked_at)
        else:
            text = self.tr("没有发现问题（检查时间 {0}）。").format(result.checked_at)
        self.summary.setText(text)
        self.checked.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.operation = None
        self.run_button.setEnabled(True)
        if isinstance(error, Cancelled):
            self.summary.setText(self.tr("检查已取消。"))
            return
        self.summary.setText(self.tr("检查没有完成。"))
        raise error

    def _activated(self, index: QModelIndex) -> None:
        issue = self.model.issue(index)
        if issue is None:
            key = self.model.register_at(index)
            if key:
                self.issue_activated.emit(key, "", "")
            return
        self.issue_activated.emit(issue.register, issue.record or "", issue.field or "")
