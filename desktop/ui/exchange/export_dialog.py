"""导出数据包: choose the stick, see what the package will hold, write it off the UI thread.

The same dialog makes a village's data package for its township and, with
``for_village``, the township's return package for one village; when that village has more
than one PC (a replaced one), the township chooses which PC it is for. Before anything is
written it lists, per register, the records the package creates, changes and deletes
(after reading any receipts already on the stick, which may acknowledge some changes).
With ``upward`` it makes the township's upward packages for its county (报区县: one per village
with something the county has not acknowledged, ``sync.exchange.exporter.export_upward``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
from desktop.ui.exchange.widgets import (
    PROBLEM_STYLE,
    FolderField,
    Row,
    RowsModel,
    fit,
    rows_table,
    title_label,
    wrapped_label,
)
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.runner import Run, run
from sync.exchange import installations, status, stick
from sync.exchange.exporter import ExportResult, UpwardResult, export_package, export_upward
from sync.exchange.installations import Installation
from sync.exchange.level import TOWNSHIP_TO_COUNTY, VILLAGE_TO_TOWNSHIP
from sync.exchange.stick_files import SyncFileError
from sync.progress import Cancelled
from sync.store.store import StoreError
from sync.store.users import PermissionDenied

RESULT_STYLE = "color: #1e7b34; font-weight: bold;"


class ExportPackageDialog(QDialog):
    planned = Signal(object)  # stick.ExportPlan, after every preview
    exported = Signal(object)  # ExportResult (path None: nothing to send); upward: UpwardResult
    plan_failed = Signal(str)
    # return packages: the village's PCs (sync.exchange.installations.Installation), default first
    pcs_loaded = Signal(list)
    enrolled = Signal(object)  # EnrollResult: a village not yet enrolled did it from here

    def __init__(self, worker: DbWorker, parent: QWidget | None = None, *, folder: Path | None = None,
                 for_village: str | None = None, village_label: str = "", upward: bool = False) -> None:
        super().__init__(parent)
        self.worker = worker
        self.for_village = for_village
        self.upward = upward  # a township's packages for its county
        self.plan: stick.ExportPlan | None = None
        self.result_: ExportResult | UpwardResult | None = None
        self._asked = 0  # previews requested; only the latest one's answer is shown
        self._busy = False
        # Just written: the preview still lists what went into it (no receipt yet), so the
        # button waits for a change (another folder, 完整数据包) instead of inviting a copy.
        self._written = False
        self.task: Run | None = None
        self.setObjectName("ExportPackageDialog")
        self.setMinimumWidth(640)
        self.resize(640, 520)  # less on a low screen (768 at 150 %): the contents table gives way
        if upward:
            self.setWindowTitle(self.tr("导出上报数据包（报区县）"))
            heading = self.tr("导出上报数据包（报区县）")
            full_text = self.tr("完整数据包（各村的全部数据，而不只是区县尚未确认收到的）")
        elif for_village:
            self.setWindowTitle(self.tr("导出返回数据包"))
            heading = self.tr("导出返回数据包：{0}").format(village_label or for_village)
            full_text = self.tr("完整数据包（该村的全部数据，而不只是该村电脑尚未确认收到的）")
        else:
            self.setWindowTitle(self.tr("导出数据包"))
            heading = self.tr("导出数据包")
            full_text = self.tr("完整数据包（本村的全部数据，而不只是乡镇尚未确认收到的变更）")
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(heading))
        self.recipient = wrapped_label(self.tr("正在读取…"))
        layout.addWidget(self.recipient)
        # A village (or a township, upward) not enrolled yet is told where to, and can do it from here.
        self.enroll_button = QPushButton(self.tr("导入区县注册文件…") if upward
                                         else self.tr("导入乡镇注册文件…"))
        self.enroll_button.clicked.connect(self.enroll)
        self.enroll_button.hide()
        enroll_row = QHBoxLayout()
        enroll_row.addWidget(self.enroll_button)
        enroll_row.addStretch(1)
        layout.addLayout(enroll_row)
        self.enrollment: EnrollmentDialog | None = None
        self._add_pc_choice(layout)
        layout.addWidget(QLabel(self.tr("插好U盘，选择U盘上存放数据包的文件夹：")))
        self.folder = FolderField.on_stick(self)
        self.folder.changed.connect(lambda _path: self.refresh_plan())
        self.folder.typed.connect(lambda _path: self._update_button())
        layout.addWidget(self.folder)
        self.full = QCheckBox(full_text)
        self.full.toggled.connect(lambda _on: self.refresh_plan())
        layout.addWidget(self.full)

        box = QGroupBox(self.tr("数据包将包含"))
        inner = QVBoxLayout(box)
        self.model = RowsModel([self.tr("登记簿"), self.tr("新增"), self.tr("修改"), self.tr("删除"),
                                self.tr("版本数")], self)
        self.table = rows_table(self.model, sortable=False, stretch_last=False)
        self.table.setObjectName("export_contents")
        inner.addWidget(self.table)
        self.totals = wrapped_label()
        inner.addWidget(self.totals)
        layout.addWidget(box, 1)

        self.receipts = wrapped_label()
        self.receipts.hide()
        layout.addWidget(self.receipts)
        self.outcome = wrapped_label(selectable=True)
        self.outcome.hide()
        layout.addWidget(self.outcome)
        self.own = QLabel()
        self.own.setStyleSheet("color: #666;")
        layout.addWidget(self.own)

        buttons = QDialogButtonBox()
        self.export_button = QPushButton(self.tr("导出"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        run(self, worker, lambda store, _work: status.identity(store), self._identity_loaded, lambda _e: None)
        if for_village:
            run(self, worker, lambda store, _work: installations.village_pcs(store, for_village),
                      self._pcs_loaded, lambda _e: None)
        if folder is not None:
            self.folder.set_path(folder)
        else:
            self.refresh_plan()

    # ------------------------------------------------------------ which PC (return packages)
    def _add_pc_choice(self, layout: QVBoxLayout) -> None:
        """Shown only when the village has more than one PC: which one the package is for."""
        self.pc_row = QWidget()
        row = QHBoxLayout(self.pc_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("该村有多台电脑，发给：")))
        self.pc_box = QComboBox()
        self.pc_box.setObjectName("recipient_pc")
        self.pc_box.setToolTip(self.tr("请打电话请村里念出本机密钥指纹（村里“数据报送”菜单的对话框中可以看到），"
                                       "选指纹相同的那台电脑；只有那台电脑能打开这个数据包。"))
        row.addWidget(self.pc_box, 1)
        layout.addWidget(self.pc_row)
        self.pc_row.hide()
        self.pc_note = wrapped_label()
        self.pc_note.hide()
        layout.addWidget(self.pc_note)
        self.pcs: list[Installation] = []

    def _pcs_loaded(self, pcs: list[Installation]) -> None:
        self.pcs = pcs
        self.pc_box.blockSignals(True)
        self.pc_box.clear()
        for i, pc in enumerate(pcs):  # the default (newest package made) first
            made = (pc.last_package_created or "")[:16].replace("T", " ") or self.tr("未知")
            text = pc.fingerprint + (self.tr("　新电脑") if not pc.has_records else "")
            text += self.tr("　最近数据包 {0}").format(made)
            self.pc_box.addItem(text, pc.installation_id)
            tip = self.tr("密钥指纹 {0}，已收到它的 {1} 个数据包，最近一个生成于 {2}").format(
                pc.fingerprint, pc.packages, made)
            if not pc.has_records:
                tip += self.tr("：尚未发来本村记录，可能是该村新换的电脑")
            self.pc_box.setItemData(i, tip, Qt.ItemDataRole.ToolTipRole)
        self.pc_box.setCurrentIndex(0)
        self.pc_box.blockSignals(False)
        self.pc_box.currentIndexChanged.connect(lambda _i: self._pc_changed())
        self.pc_row.setVisible(len(pcs) > 1)
        self._show_pc_note()
        self.pcs_loaded.emit(pcs)

    def installation(self) -> str | None:
        """The chosen PC's installation ID; None: the default (one PC, or not yet loaded)."""
        if len(self.pcs) < 2:
            return None
        return self.pc_box.currentData()

    def _pc_changed(self) -> None:
        self._show_pc_note()
        self.refresh_plan()

    def _show_pc_note(self) -> None:
        index = self.pc_box.currentIndex()
        pc = self.pcs[index] if 0 <= index < len(self.pcs) else None
        if pc is None or pc.has_records or len(self.pcs) < 2:
            self.pc_note.hide()
            return
        self.pc_note.setText(self.tr("这台电脑还没有发来本村的记录，可能是该村新换的电脑。数据包将包含该村的全部台账"
                                     "（记录编号和修改历史不变），村里导入后即可恢复全部数据。"))
        self.pc_note.show()

    # ------------------------------------------------------------ preview
    def refresh_plan(self) -> None:
        self._written = False
        self._asked += 1
        asked = self._asked
        folder, full, village = self.folder.path(), self.full.isChecked(), self.for_village
        installation = self.installation()
        self._update_button()
        if self.upward:
            run(self, self.worker, lambda store, _work: stick.plan_upward(store, folder, full=full),
                lambda plan: self._planned(asked, plan), lambda exc: self._plan_failed(asked, exc))
            return
        run(self, self.worker,
                  lambda store, _work: stick.plan_export(store, folder, full=full, for_village=village,
                                                 installation=installation),
                  lambda plan: self._planned(asked, plan), lambda exc: self._plan_failed(asked, exc))

    def _identity_loaded(self, identity: status.Identity) -> None:
        if identity.own_fingerprint:
            self.own.setText(self.tr("本机密钥指纹：{0}").format(identity.own_fingerprint))

    def _planned(self, asked: int, plan: stick.ExportPlan) -> None:
        if asked != self._asked:
            return
        self.plan = plan
        self.enroll_button.hide()
        self.recipient.setText(self.tr("发给：{0}").format(plan.preview.recipient))
        self.recipient.setStyleSheet("")
        rows = [Row([r.name, r.new, r.changed, r.deleted, r.versions], r.key) for r in plan.registers]
        totals = plan.preview.totals()
        self.model.set_rows(rows)
        fit(self.table)
        if plan.nothing_to_send and not plan.preview.full:
            self.totals.setText(self.tr("没有新的变更：对方已确认收到全部数据。需要时可勾选“完整数据包”重新发送全部数据。"))
        else:
            text = self.tr("共新增 {0} 条、修改 {1} 条、删除 {2} 条记录（{3} 个版本）。").format(
                totals["new"], totals["changed"], totals["deleted"], totals["versions"])
            if plan.preview.settings_changed:
                text += self.tr("另含乡镇的设置。")
            if plan.preview.choices_changed:
                text += self.tr("另含乡镇添加的选项（选项列表）。")
            if isinstance(plan, stick.UpwardPlan):
                text += self.tr("\n将为 {0} 个村各生成一个数据包。").format(plan.villages)
            if plan.resent:
                text += self.tr("\n其中 {0} 个版本已在之前的数据包中发出，对方尚未确认收到（U盘上没有回执），"
                                "将再次发送；重复收到不会有任何影响。").format(plan.resent)
            self.totals.setText(text)
        self._show_receipts(plan.receipts)
        self._update_button()
        self.planned.emit(plan)

    def _show_receipts(self, receipts: list) -> None:
        if not receipts:
            self.receipts.hide()
            return
        # Receipts read before (their versions already acknowledged) are not news.
        good = [r for r in receipts if r.ok and r.acknowledged]
        bad = [r for r in receipts if not r.ok]
        if not good and not bad:
            self.receipts.hide()
            return
        lines = []
        if good:
            lines.append(self.tr("已读取U盘上的 {0} 份回执，对方确认收到 {1} 个版本，"
                                 "这些不再重复发送。").format(len(good), sum(r.acknowledged for r in good)))
        lines.extend(r.message for r in bad)
        self.receipts.setText("\n".join(lines))
        self.receipts.setStyleSheet(PROBLEM_STYLE if bad else "")
        self.receipts.show()

    def _plan_failed(self, asked: int, error: BaseException) -> None:
        if asked != self._asked:
            return
        if not isinstance(error, StoreError | SyncFileError | PermissionDenied):
            raise error
        self.plan = None
        self.model.set_rows([])
        self.totals.setText("")
        not_enrolled = isinstance(error, stick.NotEnrolled)
        if not_enrolled and self.upward:
            self.recipient.setText(self.tr(
                "本乡镇尚未导入区县的注册文件，还不能导出上报数据包。请先在“文件 → 导入区县注册文件…”中"
                "导入区县民政局发来的注册文件（文件名以 .cunwu-enroll 结尾），"
                "或点下面的按钮现在导入，再导出。"))
        elif not_enrolled:
            self.recipient.setText(self.tr(
                "本村尚未导入乡镇的注册文件，还不能导出数据包。请先在“数据报送 → 导入乡镇注册文件…”中"
                "导入乡镇发来的注册文件（文件名以 .cunwu-enroll 结尾），或点下面的按钮现在导入，再导出。"))
        else:
            self.recipient.setText(str(error))
        self.recipient.setStyleSheet(PROBLEM_STYLE)
        self.enroll_button.setVisible(not_enrolled)
        self._update_button()
        self.plan_failed.emit(str(error))

    def _update_button(self) -> None:
        folder = self.folder.path()
        ready = (not self._busy and not self._written and self.plan is not None and folder is not None
                 and (self.full.isChecked() or not self.plan.nothing_to_send))
        self.export_button.setEnabled(ready)
        if folder is None:
            self.export_button.setToolTip(self.tr("请先选择U盘上的文件夹"))
        elif self._written:
            self.export_button.setToolTip(self.tr("数据包已生成；要再导出一份，请换一个文件夹或勾选“完整数据包”"))
        else:
            self.export_button.setToolTip("")
        # Once written, Enter closes the dialog rather than pressing a disabled 导出.
        self.close_button.setDefault(self._written)
        self.export_button.setDefault(not self._written)

    def enroll(self) -> EnrollmentDialog:
        """导入乡镇注册文件 (or a township: 导入区县注册文件) from here, not done before: then the
        preview is read again."""
        dialog = EnrollmentDialog(self.worker, self,
                                  level=TOWNSHIP_TO_COUNTY if self.upward else VILLAGE_TO_TOWNSHIP)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.enrolled.connect(self._enrolled)
        self.enrollment = dialog
        dialog.open()
        return dialog

    def _enrolled(self, result: object) -> None:
        self.enrolled.emit(result)
        self.refresh_plan()

    # ------------------------------------------------------------ writing
    def export(self) -> None:
        if self._busy:
            return
        folder = self.folder.existing()
        if folder is None:
            return
        full, village, installation = self.full.isChecked(), self.for_village, self.installation()
        self._busy = True
        self._update_button()
        self.outcome.hide()
        if self.upward:
            self.task = run(self, self.worker,
                            lambda store, work: export_upward(store, folder, full=full, progress=work,
                                                              cancel=work.stop_requested),
                            self._exported_upward, self._export_failed, title=self.tr("正在导出上报数据包…"),
                            progress=True, keep_done=True)
            return
        self.task = run(self, self.worker,
                        lambda store, work: export_package(
                            store, folder, full=full, for_village=village, installation=installation,
                            progress=work, cancel=work.stop_requested),
                        self._exported, self._export_failed, title=self.tr("正在导出数据包…"),
                        progress=True, keep_done=True)

    def cancel(self) -> None:
        """The progress dialog's 取消 (also for tests): nothing is written if it comes in time."""
        if self.task is not None:
            self.task.cancel()

    def _exported(self, result: ExportResult) -> None:
        self._busy = False
        self.task = None
        self.result_ = result
        self._show_receipts(result.receipts)
        if result.path is None:
            self.outcome.setText(self.tr("没有新的变更，没有生成数据包。"))
            self.outcome.setStyleSheet("")
        else:
            self.outcome.setText(self.tr("已生成数据包（序号 {0}）：\n{1}\n位置：{2}").format(
                result.sequence, result.path.name, result.path.parent))
            self.outcome.setStyleSheet(RESULT_STYLE)
            self.outcome.setToolTip(str(result.path))
        self.outcome.show()
        if result.path is None:
            self.refresh_plan()
        else:
            # The table keeps what the package holds; a fresh preview would list it all again
            # (nothing is acknowledged until the other side's receipt comes back on the stick).
            self._written = True
            self.totals.setText(self._written_text(result))
            self._update_button()
            self.close_button.setFocus()
        self.exported.emit(result)

    def _exported_upward(self, result: UpwardResult) -> None:
        self._busy = False
        self.task = None
        self.result_ = result
        self._show_receipts(result.receipts)
        if result.nothing_to_send:
            self.outcome.setText(self.tr("没有新的变更，没有生成数据包。"))
            self.outcome.setStyleSheet("")
            self.outcome.show()
            self.refresh_plan()
            self.exported.emit(result)
            return
        # One delivery folder holds the villages' packages (a township has 10–30 villages): the
        # folder is what the person takes to the county, the packages' names are in the tooltip.
        where = self.tr("已生成 {0} 个村的上报数据包，在文件夹：\n{1}").format(
            len(result.paths), result.folder)
        self.outcome.setToolTip("\n".join(str(path) for path in result.paths))
        self.outcome.setText(where)
        self.outcome.setStyleSheet(RESULT_STYLE)
        self.outcome.show()
        self._written = True
        totals = result.totals()
        self.totals.setText(self.tr(
            "已写入上报数据包：新增 {0} 条、修改 {1} 条、删除 {2} 条记录（{3} 个版本），发给 {4}。"
            "把U盘交给区县；区县导入后会在U盘上写回执，下次导出时即可看到区县已收到。").format(
            totals["new"], totals["changed"], totals["deleted"], totals["versions"], result.recipient))
        self._update_button()
        self.close_button.setFocus()
        self.exported.emit(result)

    def _written_text(self, result: ExportResult) -> str:
        totals = result.preview.totals()
        text = self.tr("已写入数据包：新增 {0} 条、修改 {1} 条、删除 {2} 条记录（{3} 个版本）。").format(
            totals["new"], totals["changed"], totals["deleted"], totals["versions"])
        if self.for_village:
            return text + self.tr("把U盘交给村里，在“数据报送 → 导入乡镇返回数据包”中导入。")
        return text + self.tr("把U盘交给乡镇；乡镇导入后会在U盘上写回执，下次插入U盘时即可看到乡镇已收到。")

    def _export_failed(self, error: BaseException) -> None:
        self._busy = False
        self.task = None
        self._update_button()
        if isinstance(error, Cancelled):
            self.outcome.setText(str(error))
            self.outcome.setStyleSheet("")
            self.outcome.show()
            return
        if isinstance(error, StoreError | SyncFileError | PermissionDenied | OSError):
            msgbox.warn(self, str(error), self.windowTitle())
            return
        raise error
