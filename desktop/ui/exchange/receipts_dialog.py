"""Village: read the township's receipts on the stick and show what the township has received.

A receipt (signed by the township) lists the record versions of one imported package.
Reading it marks those versions delivered; the dialog then shows every package this PC
has exported, whether the township confirmed it, and per register how many changes the
township has, how many were sent but not yet confirmed, and how many were never sent.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.exchange.widgets import (
    FolderField,
    Row,
    RowsModel,
    fit,
    folder_row,
    problem_label,
    rows_table,
    wrapped_label,
)
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.runner import run
from sync.exchange import status
from sync.exchange.stick_files import SyncFileError
from sync.store.store import StoreError
from sync.store.users import PermissionDenied


def short_time(text: str | None) -> str:
    return (text or "").replace("T", " ")[:16]


class ReceiptsDialog(QDialog):
    reported = Signal(object)  # status.DeliveryReport

    def __init__(self, worker: DbWorker, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.report: status.DeliveryReport | None = None
        self._busy = False
        self.setObjectName("ReceiptsDialog")
        self.setWindowTitle(self.tr("读取乡镇回执"))
        self.resize(860, 600)
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped_label(self.tr(
            "乡镇导入本村的数据包后，会在U盘上数据包旁边写一份回执。插好带回来的U盘，"
            "选择存放数据包的文件夹，即可看到乡镇已经收到了哪些修改。")))
        self.folder = FolderField.on_stick(self)
        self.folder.typed.connect(lambda _p: self._update_button())
        self.read_button = QPushButton(self.tr("读取回执"))
        self.read_button.clicked.connect(self.read)
        layout.addLayout(folder_row(self.folder, self.read_button))
        self.summary = wrapped_label()
        layout.addWidget(self.summary)
        self.problems = problem_label()
        layout.addWidget(self.problems)

        splitter = QSplitter(Qt.Orientation.Vertical)
        box = QGroupBox(self.tr("各登记簿的修改"))
        inner = QVBoxLayout(box)
        self.registers = RowsModel([self.tr("登记簿"), self.tr("乡镇已收到"), self.tr("已发出、未确认"),
                                    self.tr("尚未导出")], self)
        self.register_table = rows_table(self.registers, sortable=False, stretch_last=False)
        self.register_table.setObjectName("delivery_registers")
        inner.addWidget(self.register_table)
        splitter.addWidget(box)
        box = QGroupBox(self.tr("本机导出的数据包"))
        inner = QVBoxLayout(box)
        self.packages = RowsModel([self.tr("序号"), self.tr("导出时间"), self.tr("版本数"),
                                   self.tr("乡镇确认收到"), self.tr("数据包文件")], self)
        self.package_table = rows_table(self.packages)
        self.package_table.setObjectName("delivery_packages")
        inner.addWidget(self.package_table)
        splitter.addWidget(box)
        layout.addWidget(splitter, 1)

        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if folder is not None:
            self.folder.set_path(folder)
        # With no folder yet: what is known already, before any stick is read.
        self._run(folder)

    def _update_button(self) -> None:
        self.read_button.setEnabled(not self._busy and self.folder.path() is not None)

    def read(self) -> None:
        folder = self.folder.path()
        if folder is not None and not self._busy:
            self._run(folder)

    def _run(self, folder: Path | None) -> None:
        self._busy = True
        self._update_button()
        run(self, self.worker, lambda store, _work: status.delivery_report(store, folder), self._show,
            self._failed, title=self.tr("正在读取回执…"), progress=True, keep_done=True)

    def _show(self, report: status.DeliveryReport) -> None:
        self._busy = False
        self._update_button()
        self.report = report
        received, waiting, not_sent = report.totals()
        text = self.tr("发给：{0}。乡镇已收到 {1} 处修改；已发出但尚未确认 {2} 处；尚未导出 {3} 处。").format(
            report.township, received, waiting, not_sent)
        good = [r for r in report.receipts if r.ok]
        if good and report.newly_acknowledged:
            text = self.tr("读取了 {0} 份回执，新确认 {1} 处修改。").format(
                len(good), report.newly_acknowledged) + text
        elif good:
            text = self.tr("U盘上的 {0} 份回执都已读过。").format(len(good)) + text
        elif self.folder.path() is not None and not report.receipts:
            text = self.tr("文件夹中没有本机数据包的回执。") + text
        self.summary.setText(text)
        bad = [r.message for r in report.receipts if not r.ok]
        self.problems.setText("\n".join(bad))
        self.problems.setVisible(bool(bad))
        self.registers.set_rows([Row([r.name, r.received, r.waiting, r.not_sent], r.key,
                                     "good" if not r.waiting and not r.not_sent else None)
                                 for r in report.registers])
        fit(self.register_table)
        self.packages.set_rows([
            Row([p.sequence, short_time(p.created), p.versions,
                 short_time(p.acked_at) if p.acked_at else self.tr("尚未确认"), p.file], p.package_id,
                None if p.acked_at else "warning")
            for p in report.packages])
        fit(self.package_table)
        self.reported.emit(report)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self._update_button()
        if isinstance(error, StoreError | SyncFileError | PermissionDenied | OSError):
            msgbox.warn(self, str(error), self.tr("读取回执"))
            return
        raise error
