"""A county's townships (各乡镇概况): the level above the villages list. Per township its
villages, last package, records, records with errors or warnings, and villages another township
reported too; double-click (or 查看该乡镇的村) goes down to its villages."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.ui.exchange.widgets import Row, RowsModel, fit, page_header, rows_table, select_key, selected_key
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.runner import run
from sync.reports.county import TownshipLine, township_lines


def township_row(line: TownshipLine) -> Row:
    tone = "error" if line.errors else "warning" if line.moved else None
    last = line.last_package_created.replace("T", " ")[:10]
    return Row([line.code, line.name, line.villages, last, line.last_sequence, line.packages,
                line.records, line.errors, line.warnings, line.moved], line.code, tone)


class TownshipsView(QWidget):
    loaded = Signal()
    township_chosen = Signal(str)  # show this township's villages

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.lines: list[TownshipLine] = []
        self.setObjectName("TownshipsView")
        layout, top, self.summary = page_header(self, self.tr("各乡镇概况"), wrap=True)
        self.villages_button = QPushButton(self.tr("查看该乡镇的村"))
        self.villages_button.clicked.connect(self._choose_selected)
        top.addWidget(self.villages_button)
        self.model = RowsModel([self.tr("乡镇代码"), self.tr("乡镇（街道）"), self.tr("村（社区）数"),
                                self.tr("最近数据包"), self.tr("序号"), self.tr("数据包数"),
                                self.tr("记录数"), self.tr("有错误"), self.tr("有警告"),
                                self.tr("两乡镇报送的村")], self)
        self.table = rows_table(self.model, stretch_last=False)
        self.table.setObjectName("townships")
        self.table.doubleClicked.connect(lambda index: self._choose_row(index.row()))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_button())
        layout.addWidget(self.table, 1)
        legend = QLabel(self.tr("红色：有错误记录的乡镇；黄色：有村同时由两个乡镇报送的乡镇。"
                                "双击一个乡镇查看它的村。区县只读：更正请退回乡镇。"))
        legend.setStyleSheet("color: #666;")
        legend.setWordWrap(True)
        # Below the table beside the legend: the header's summary has no room to spare at 1024×768.
        self.bottom = QHBoxLayout()
        self.bottom.addWidget(legend, 1)
        layout.addLayout(self.bottom)
        self._update_button()
        self.refresh()

    def add_action_button(self, action: QAction) -> QPushButton:
        """A button under the table for one of the window's actions, greyed and explained as
        the action is (为乡镇生成注册文件… lives here: the county's toolbar has no room for it)."""
        button = QPushButton(action.text())
        button.setObjectName(action.objectName())

        def follow() -> None:
            button.setEnabled(action.isEnabled())
            button.setToolTip(action.toolTip())

        action.changed.connect(follow)
        follow()
        button.clicked.connect(lambda _checked=False: action.trigger())
        self.bottom.addWidget(button)
        return button

    def refresh(self) -> None:
        run(self, self.worker, lambda store, _work: township_lines(store), self._loaded,
            lambda error: self.summary.setText(self.tr("读取失败：{0}").format(error)))

    def _loaded(self, lines: list[TownshipLine]) -> None:
        self.lines = lines
        self.model.set_rows([township_row(line) for line in lines])
        fit(self.table)
        if not lines:
            self.summary.setText(self.tr("还没有乡镇的数据。先为各乡镇生成注册文件，"
                                         "乡镇导出上报数据包后，插上U盘，点“导入U盘数据”。"))
        else:
            text = self.tr("共 {0} 个乡镇（街道）、{1} 个村（社区）；已收到 {2} 个乡镇的数据。")
            self.summary.setText(text.format(len(lines), sum(line.villages for line in lines),
                                             sum(1 for line in lines if line.packages)))
        self._update_button()
        self.loaded.emit()

    def selected(self) -> str | None:
        return selected_key(self.table)

    def select(self, code: str) -> bool:
        return select_key(self.table, code)

    def _update_button(self) -> None:
        self.villages_button.setEnabled(self.selected() is not None)

    def _choose_selected(self) -> None:
        code = self.selected()
        if code is not None:
            self.township_chosen.emit(code)

    def _choose_row(self, number: int) -> None:
        row = self.model.row(number)
        if row is not None:
            self.township_chosen.emit(row.key)
