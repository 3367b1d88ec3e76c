"""The township's villages: who is enrolled, which PC keys are trusted, what arrived, what needs work."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui.db_worker import DbWorker
from desktop.ui.i18n import translate
from desktop.ui.sync import jobs
from desktop.ui.sync.tasks import run_query
from desktop.ui.sync.widgets import Row, RowsModel, fit, rows_table
from forms.model import catalog
from sync.township import VillageOverview


def short_time(text: str | None) -> str:
    return (text or "").replace("T", " ")[:16]


def village_row(v: VillageOverview) -> Row:
    names = {r.key: r.name for r in catalog().ordered(include_profile=True)}
    if v.enrolled:
        state, why = translate("VillagesView", "已登记"), translate("VillagesView", "乡镇已登记该村")
    elif v.fingerprints and v.in_range:
        state = translate("VillagesView", "已接入")
        why = translate("VillagesView", "村代码在本乡镇范围内，第一个数据包经确认后登记了该村电脑的密钥")
    elif v.in_range:
        state = translate("VillagesView", "未接入")
        why = translate("VillagesView", "村代码在本乡镇范围内，尚未收到数据包")
    else:
        state = translate("VillagesView", "范围外")
        why = translate("VillagesView", "村代码不在本乡镇范围内，也未登记")
    keys = "、".join(v.fingerprints) or translate("VillagesView", "尚未收到数据包")
    records = sum(n for key, n in v.records.items() if key != "village_profile")
    tips = {
        2: why,
        3: "\n".join(v.fingerprints) if len(v.fingerprints) > 1 else "",
        4: (translate("VillagesView", "导入于 {0}").format(short_time(v.last_package_at))
            if v.last_package_at else ""),
        7: "\n".join(f"{names.get(k, k)}：{n}" for k, n in v.records.items()),
    }
    tone = "error" if v.errors else "warning" if v.open_conflicts else None
    last = short_time(v.last_package_created)[:10] if v.last_package_created else ""
    cells = [v.code, v.name, state, keys, last, v.last_sequence, v.packages, records, v.errors, v.warnings,
             v.open_conflicts]
    return Row(cells, v.code, tone, tips={k: t for k, t in tips.items() if t},
               bold={10} if v.open_conflicts else set())


class VillagesView(QWidget):
    loaded = Signal()
    village_chosen = Signal(str)  # show this village's registers
    return_requested = Signal(str)  # export a return package for it
    conflicts_requested = Signal(str)

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.villages: list[VillageOverview] = []
        self.setObjectName("VillagesView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        top = QHBoxLayout()
        title = QLabel(self.tr("各村概况"))
        title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        top.addWidget(title)
        top.addSpacing(16)
        self.summary = QLabel()
        top.addWidget(self.summary, 1)
        self.registers_button = QPushButton(self.tr("查看该村登记簿"))
        self.registers_button.clicked.connect(lambda: self._emit_selected(self.village_chosen))
        self.conflicts_button = QPushButton(self.tr("审核该村冲突"))
        self.conflicts_button.clicked.connect(lambda: self._emit_selected(self.conflicts_requested))
        self.return_button = QPushButton(self.tr("导出返回数据包…"))
        self.return_button.clicked.connect(lambda: self._emit_selected(self.return_requested))
        for button in (self.registers_button, self.conflicts_button, self.return_button):
            top.addWidget(button)
        layout.addLayout(top)
        self.model = RowsModel([self.tr("村代码"), self.tr("村（社区）"), self.tr("登记"),
                                self.tr("密钥指纹"), self.tr("最近数据包"), self.tr("序号"),
                                self.tr("数据包数"), self.tr("记录数"), self.tr("错误"), self.tr("警告"),
                                self.tr("待审核冲突")], self)
        self.table = rows_table(self.model, stretch_last=False)
        self.table.setObjectName("villages")
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.table, 1)
        legend = QLabel(self.tr("红色：有错误的村；黄色：有待审核冲突的村。双击一个村查看它的登记簿。"))
        legend.setStyleSheet("color: #666;")
        layout.addWidget(legend)
        self._update_buttons()
        self.refresh()

    def refresh(self) -> None:
        run_query(self, self.worker, jobs.villages, self._loaded, self._failed)

    def _loaded(self, villages: list[VillageOverview]) -> None:
        chosen = self.selected()
        self.villages = villages
        self.model.set_rows([village_row(v) for v in villages])
        fit(self.table)
        received = sum(1 for v in villages if v.packages)
        self.summary.setText(self.tr("共 {0} 个村，已收到 {1} 个村的数据；待审核冲突 {2} 处。").format(
            len(villages), received, sum(v.open_conflicts for v in villages)))
        if chosen is not None:
            self.select(chosen)
        self._update_buttons()
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self.summary.setText(self.tr("读取失败：{0}").format(error))

    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row(rows[0].row()) if rows else None
        return row.key if row else None

    def select(self, code: str) -> bool:
        row = self.model.key_row(code)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def name_of(self, code: str) -> str:
        return next((v.name for v in self.villages if v.code == code), "") or code

    def _update_buttons(self) -> None:
        code = self.selected()
        village = next((v for v in self.villages if v.code == code), None)
        self.registers_button.setEnabled(village is not None)
        self.conflicts_button.setEnabled(bool(village and village.open_conflicts))
        self.return_button.setEnabled(bool(village and village.fingerprints))

    def _emit_selected(self, signal: Signal) -> None:
        code = self.selected()
        if code:
            signal.emit(code)  # type: ignore[attr-defined]

    def _double_clicked(self, index: QModelIndex) -> None:
        row = self.model.row(index.row())
        if row is not None:
            self.village_chosen.emit(row.key)
