"""从乡镇恢复本村数据: a village's new PC gets the village's registers back from the township.

When the village's old PC died without a backup, retyping or re-importing the Excel rosters
would give every person a new record (and the township a duplicate). The township holds
every record of the village, so the dialog walks the clerk through three steps, each
showing whether it is done: enroll with the township's file, write a *recovery request*
(a package without records that introduces this PC) for the township, and import the full
return package the township sends back (``sync.exchange.recovery``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.exchange.enrollment_dialog import EnrollmentDialog
from desktop.ui.exchange.import_dialog import ImportPackagesDialog
from desktop.ui.exchange.widgets import (
    DONE_STYLE,
    FINGERPRINT_STYLE,
    FolderField,
    folder_row,
    problem_label,
    title_label,
    wrapped_label,
)
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.runner import Run, run
from sync.exchange import status, stick
from sync.exchange.exporter import ExportResult, export_package
from sync.exchange.stick_files import SyncFileError
from sync.progress import Cancelled
from sync.store.store import StoreError
from sync.store.users import PermissionDenied


class RecoveryDialog(QDialog):
    state_loaded = Signal(object)  # status.RecoveryState
    requested = Signal(object)  # ExportResult of the recovery request
    enrolled = Signal(object)  # EnrollResult (step 1 done here)
    imported = Signal(object)  # stick.StickImport (step 3 done here)

    def __init__(self, worker: DbWorker, parent: QWidget | None = None, *,
                 folder: Path | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.state: status.RecoveryState | None = None
        self.task: Run | None = None
        self.child: QDialog | None = None
        self.setObjectName("RecoveryDialog")
        self.setWindowTitle(self.tr("从乡镇恢复本村数据"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("从乡镇恢复本村数据")))
        self.intro = wrapped_label(self.tr(
            "本村原来的电脑损坏又没有备份时，请不要重新录入或重新导入Excel名册：那样每个人都会成为新记录，"
            "在乡镇出现重复。乡镇保存着本村的全部台账，可以发回这台电脑，记录和修改历史都保持不变。\n"
            "新电脑请先导出一个数据包交乡镇，乡镇导回“完整返回数据包”后即可恢复全部台账。"))
        layout.addWidget(self.intro)
        self.warning = problem_label()
        layout.addWidget(self.warning)

        inner = self._step(layout, self.tr("第一步：导入乡镇的注册文件"))
        self.enroll_state = wrapped_label(self.tr("正在读取…"))
        inner.addWidget(self.enroll_state, 1)
        self.enroll_button = QPushButton(self.tr("导入乡镇注册文件…"))
        self.enroll_button.clicked.connect(self.enroll)
        inner.addWidget(self.enroll_button)

        inner = self._step(layout, self.tr("第二步：生成恢复请求，交给乡镇"), vertical=True)
        inner.addWidget(wrapped_label(self.tr("恢复请求不含任何记录，只是让乡镇认识这台电脑。"
                                              "乡镇导入时会请您电话核对本机密钥指纹。")))
        self.fingerprint = QLabel()
        self.fingerprint.setStyleSheet(FINGERPRINT_STYLE)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner.addWidget(self.fingerprint)
        self.folder = FolderField.on_stick(self)
        self.folder.typed.connect(lambda _path: self._update_buttons())
        self.request_button = QPushButton(self.tr("生成恢复请求"))
        self.request_button.clicked.connect(self.write_request)
        inner.addLayout(folder_row(self.folder, self.request_button))
        self.request_state = wrapped_label(selectable=True)
        self.request_state.hide()
        inner.addWidget(self.request_state)

        inner = self._step(layout, self.tr("第三步：导入乡镇的完整返回数据包"))
        self.return_state = wrapped_label(self.tr("乡镇核对指纹后，会为本村导出“完整返回数据包”。"
                                                  "插好带回来的U盘，导入它即可。"))
        inner.addWidget(self.return_state, 1)
        self.import_button = QPushButton(self.tr("导入乡镇返回数据包…"))
        self.import_button.clicked.connect(self.import_return)
        inner.addWidget(self.import_button)

        buttons = QDialogButtonBox()
        close = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update_buttons()
        if folder is not None:
            self.folder.set_path(folder)
        self.refresh()

    def _step(self, layout: QVBoxLayout, title: str, *, vertical: bool = False) -> QBoxLayout:
        box = QGroupBox(title)
        layout.addWidget(box)
        return QVBoxLayout(box) if vertical else QHBoxLayout(box)

    # ------------------------------------------------------------ state
    def refresh(self) -> None:
        run(self, self.worker, lambda store, _work: status.recovery_state(store), self._loaded, self._failed)

    def _loaded(self, state: status.RecoveryState) -> None:
        self.state = state
        link = state.township
        if link is None:
            self.enroll_state.setText(self.tr("尚未导入。注册文件由乡镇提供"
                                              "（文件名以 .cunwu-enroll 结尾）。"))
            self.enroll_state.setStyleSheet("")
        else:
            self.enroll_state.setText(self.tr("已完成：{0}（{1}）").format(link.township_name,
                                                                           link.township_code))
            self.enroll_state.setStyleSheet(DONE_STYLE)
        self.fingerprint.setText(self.tr("本机密钥指纹：{0}").format(state.own_fingerprint)
                                 if state.own_fingerprint else "")
        self.fingerprint.setVisible(bool(state.own_fingerprint))
        if state.returns_imported:
            self.return_state.setText(self.tr("已导入 {0} 个乡镇返回数据包。本村的台账已从乡镇取回；"
                                              "以后照常录入、照常导出数据包即可。").format(state.returns_imported))
            self.return_state.setStyleSheet(DONE_STYLE)
        if state.records and not state.returns_imported:
            self.warning.setText(self.tr(
                "注意：这台电脑上已经录入了 {0} 条记录。恢复后它们仍然保留；"
                "如果其中有人在乡镇保存的台账里也有，就会出现两条，请恢复后核对并删除多余的。").format(state.records))
            self.warning.show()
        else:
            self.warning.hide()
        self._update_buttons()
        self.state_loaded.emit(state)

    def _update_buttons(self) -> None:
        enrolled = self.state is not None and self.state.township is not None
        idle = self.task is None
        self.enroll_button.setEnabled(idle)
        self.request_button.setEnabled(idle and enrolled and self.folder.path() is not None)
        self.import_button.setEnabled(idle and enrolled)
        self.request_button.setToolTip("" if enrolled else self.tr("请先完成第一步：导入乡镇的注册文件"))

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, StoreError | SyncFileError | PermissionDenied | OSError):
            raise error
        msgbox.warn(self, str(error), self.tr("从乡镇恢复本村数据"))

    # ------------------------------------------------------------ the steps
    def _open_child(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.child = dialog
        dialog.open()
        return dialog

    def enroll(self) -> QDialog:
        dialog = EnrollmentDialog(self.worker, self)
        dialog.enrolled.connect(self._enrolled)
        return self._open_child(dialog)

    def _enrolled(self, result: object) -> None:
        self.enrolled.emit(result)
        self.refresh()

    def write_request(self) -> None:
        if self.task is not None:
            return
        folder = self.folder.existing()
        if folder is None:
            return
        self.task = run(self, self.worker,
                        lambda store, work: export_package(
                            store, folder, recovery_request=True, progress=work, cancel=work.stop_requested),
                        self._requested, self._request_failed, title=self.tr("正在生成恢复请求…"),
                        progress=True, keep_done=True)
        self._update_buttons()

    def _requested(self, result: ExportResult) -> None:
        self.task = None
        self._update_buttons()
        assert result.path is not None
        self.request_state.setText(self.tr("已生成恢复请求：{0}\n位置：{1}\n请把U盘交给乡镇，"
                                           "并请乡镇为本村导出“完整返回数据包”。").format(
            result.path.name, result.path.parent))
        self.request_state.setStyleSheet(DONE_STYLE)
        self.request_state.show()
        self.requested.emit(result)
        self.refresh()

    def _request_failed(self, error: BaseException) -> None:
        self.task = None
        self._update_buttons()
        if isinstance(error, Cancelled):
            self.request_state.setText(str(error))
            self.request_state.setStyleSheet("")
            self.request_state.show()
            return
        self._failed(error)

    def import_return(self) -> QDialog:
        dialog = ImportPackagesDialog(self.worker, self, township=False, folder=self.folder.path())
        dialog.imported.connect(self._imported)
        return self._open_child(dialog)

    def _imported(self, outcome: stick.StickImport) -> None:
        self.imported.emit(outcome)
        self.refresh()
