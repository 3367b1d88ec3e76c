"""The township's villages: who is enrolled, which PC keys are trusted, what arrived, what needs work.

该村电脑 ▾ lists the selected village's PCs; each can be retired (停用这台电脑…: its packages are
refused from then on, it gets no return packages) or enabled again, after a dialog that shows
the key fingerprint and asks why (``sync.exchange.township.retire_installation``)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.exchange.widgets import Row, RowsModel, fit, page_header, rows_table, select_key, selected_key
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.i18n import translate
from desktop.ui.widgets.runner import run
from forms.model import catalog
from sync.exchange.installations import Installation, reenable_installation, retire_installation
from sync.exchange.township import VillageOverview, village_overview
from sync.store.village_names import village_label


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
    # The PCs in use; retired ones only counted (the column is narrow), listed in the tooltip.
    keys = "、".join(fp for fp in v.fingerprints if fp not in v.retired)
    if v.retired:
        more = translate("VillagesView", "（另有 {0} 台已停用）") if keys else translate("VillagesView",
                                                                                  "{0} 台电脑均已停用")
        keys += more.format(len(v.retired))
    keys = keys or translate("VillagesView", "尚未收到数据包")
    stopped = translate("VillagesView", "（已停用）：{0}")
    records = sum(n for key, n in v.records.items() if key != "village_profile")
    tips = {
        2: why,
        3: "\n".join(fp + (stopped.format(v.retired[fp]) if fp in v.retired else "") for fp in v.fingerprints)
        if len(v.fingerprints) > 1 or v.retired else "",
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
    pc_changed = Signal(str)  # a PC of this village was retired or enabled again

    def __init__(self, worker: DbWorker, parent: QWidget | None = None, county: bool = False) -> None:
        super().__init__(parent)
        self.worker = worker
        self.in_county = county  # a county's list: its 乡镇 where a township shows the PCs' keys
        self.villages: list[VillageOverview] = []
        self.all_villages: list[VillageOverview] = []
        # A county's (township chosen or None, village → township, township → label); None at a township.
        self.county: tuple[str | None, dict[str, str], dict[str, str]] | None = None
        self.pc_dialog: PcChangeDialog | None = None
        self.setObjectName("VillagesView")
        layout, top, self.summary = page_header(self, self.tr("各村概况"), wrap=True)
        self.registers_button = QPushButton(self.tr("查看该村登记簿"))
        self.registers_button.clicked.connect(lambda: self._emit_selected(self.village_chosen))
        self.conflicts_button = QPushButton(self.tr("审核该村冲突"))
        self.conflicts_button.clicked.connect(lambda: self._emit_selected(self.conflicts_requested))
        self.return_button = QPushButton(self.tr("导出返回数据包…"))
        self.returns_allowed = True  # the user's role may export return packages
        self.pc_changes_refused: str | None = None  # why the user's role may not retire or re-enable PCs
        self.return_button.clicked.connect(lambda: self._emit_selected(self.return_requested))
        self.pcs_button = QPushButton(self.tr("该村电脑"))
        self.pcs_button.setObjectName("village-pcs")
        self.pcs_button.setToolTip(self.tr("该村登记的电脑（按密钥指纹）：停用已不再使用的电脑，或重新启用"))
        self.pcs_menu = QMenu(self.pcs_button)
        self.pcs_menu.aboutToShow.connect(self._fill_pcs_menu)
        self.pcs_button.setMenu(self.pcs_menu)
        for button in (self.registers_button, self.conflicts_button, self.return_button, self.pcs_button):
            top.addWidget(button)
        self.model = RowsModel([self.tr("村代码"), self.tr("村（社区）"), self.tr("登记"),
                                self.tr("乡镇（街道）") if county else self.tr("密钥指纹"),
                                self.tr("最近数据包"), self.tr("序号"),
                                self.tr("数据包数"), self.tr("记录数"), self.tr("错误"), self.tr("警告"),
                                self.tr("待审核冲突")], self)
        self.table = rows_table(self.model, stretch_last=False)
        self.table.setObjectName("villages")
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.table, 1)
        legend = QLabel(self.tr("红色：有错误的村；黄色：有待审核冲突的村。双击一个村查看它的登记簿。"
                                "停用的电脑发来的数据包一律拒绝。"))
        self.legend = legend
        legend.setStyleSheet("color: #666;")
        layout.addWidget(legend)
        self._update_buttons()
        self.refresh()

    def set_county(self, township: str | None, township_of: dict[str, str], labels: dict[str, str]) -> None:
        """A county's villages: its township's only (None: all), nothing to do with PCs, conflicts or
        returns (the county changes no village data), the township named in each row's tooltip."""
        first = self.county is None
        self.county = (township, township_of, labels)
        if first:
            for button in (self.conflicts_button, self.return_button, self.pcs_button):
                button.setVisible(False)
            self.table.setColumnHidden(10, True)  # 待审核冲突: a village's conflicts are the township's
            self.legend.setText(self.tr("红色：有错误的村。双击一个村查看它的登记簿（只读）。"
                                        "在工具栏的“乡镇（街道）”中选择乡镇，只列出该乡镇的村。"))
        self._show(self.all_villages)

    def refresh(self) -> None:
        run(self, self.worker, lambda store, _work: village_overview(store), self._loaded, self._failed)

    def _loaded(self, villages: list[VillageOverview]) -> None:
        self.all_villages = villages
        self._show(villages)

    def _show(self, villages: list[VillageOverview]) -> None:
        chosen = self.selected()
        rows = []
        if self.county is not None:
            township, township_of, labels = self.county
            villages = [v for v in villages if township is None or township_of.get(v.code) == township]
            for v in villages:
                row = village_row(v)
                cells = list(row.cells)
                cells[3] = labels.get(township_of.get(v.code, ""), "")  # its township, not its PCs
                row.cells = cells
                row.tips.pop(3, None)
                rows.append(row)
        else:
            rows = [village_row(v) for v in villages]
        self.villages = villages
        self.model.set_rows(rows)
        fit(self.table)
        received = sum(1 for v in villages if v.packages)
        if self.county is not None and villages:
            text = self.tr("共 {0} 个村，已收到 {1} 个村的数据。")
            self.summary.setText(text.format(len(villages), received))
        elif not villages:
            # A new township: say what to do first instead of showing an empty table.
            self.summary.setText(self.tr(
                "还没有村的数据。第一步：点工具栏的“生成注册文件”，把注册文件拷给各村导入；"
                "各村导出数据包后，第二步：插上U盘，点“导入U盘数据”。"))
        else:
            self.summary.setText(self.tr("共 {0} 个村，已收到 {1} 个村的数据；待审核冲突 {2} 处。").format(
                len(villages), received, sum(v.open_conflicts for v in villages)))
        if chosen is not None:
            self.select(chosen)
        self._update_buttons()
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self.summary.setText(self.tr("读取失败：{0}").format(error))

    def selected(self) -> str | None:
        return selected_key(self.table)

    def select(self, code: str) -> bool:
        return select_key(self.table, code)

    def _update_buttons(self) -> None:
        code = self.selected()
        village = next((v for v in self.villages if v.code == code), None)
        self.registers_button.setEnabled(village is not None)
        self.conflicts_button.setEnabled(bool(village and village.open_conflicts))
        self.return_button.setEnabled(self.returns_allowed
                                      and bool(village and set(village.fingerprints) - set(village.retired)))
        self.pcs_button.setEnabled(bool(village and village.fingerprints))

    # ------------------------------------------------------------ the village's PCs
    def _fill_pcs_menu(self) -> None:
        """One submenu per PC of the selected village (by key fingerprint): 停用 or 重新启用."""
        self.pcs_menu.clear()
        for old in self.pcs_menu.findChildren(QMenu):  # clear() keeps the submenus it made
            old.setObjectName("")
            old.deleteLater()
        code = self.selected()
        village = next((v for v in self.villages if v.code == code), None)
        if village is None:
            return
        for fp in village.fingerprints:
            retired = fp in village.retired
            title = (self.tr("密钥指纹 {0}（已停用）") if retired else self.tr("密钥指纹 {0}")).format(fp)
            sub = self.pcs_menu.addMenu(title)
            sub.setObjectName(f"pc-{fp}")
            if retired:
                sub.setToolTipsVisible(True)
                action = sub.addAction(self.tr("重新启用这台电脑…"))
                action.setToolTip(village.retired[fp])
                action.setObjectName("reenable-pc")
            else:
                action = sub.addAction(self.tr("停用这台电脑…"))
                action.setObjectName("retire-pc")
            if self.pc_changes_refused:
                sub.setToolTipsVisible(True)
                action.setEnabled(False)
                action.setToolTip(self.pc_changes_refused)
            action.triggered.connect(
                lambda _checked=False, f=fp, r=retired: self.ask_pc_change(village.code, f, reenable=r))

    def ask_pc_change(self, code: str, fp: str, *, reenable: bool = False) -> PcChangeDialog:
        """The confirmation (fingerprint, reason required); on 确定 the change runs on the worker."""
        village = next((v for v in self.villages if v.code == code), None)
        retirement = village.retired.get(fp, "") if village else ""
        who = village_label(village.name if village else "", code)
        dialog = PcChangeDialog(who, fp, retirement, reenable, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._change_pc(fp, dialog.reason(), reenable))
        dialog.open()
        self.pc_dialog = dialog
        return dialog

    def _change_pc(self, fp: str, reason: str, reenable: bool) -> None:
        change = reenable_installation if reenable else retire_installation
        run(self, self.worker, lambda store, _work: change(store, fp, reason), self._pc_changed,
                  lambda error: msgbox.warn(self, str(error)))

    def _pc_changed(self, pc: Installation) -> None:
        done = (self.tr("已停用密钥指纹为 {0} 的电脑，此后它发来的数据包一律拒绝。") if pc.retired
                else self.tr("已重新启用密钥指纹为 {0} 的电脑。"))
        self.summary.setText(done.format(pc.fingerprint))
        self.refresh()
        self.pc_changed.emit(pc.village)

    def refuse_returns(self, reason: str) -> None:
        """The user's role may not export return packages: the button stays grey and says why."""
        self.returns_allowed = False
        self.return_button.setEnabled(False)
        self.return_button.setToolTip(reason)

    def refuse_pc_changes(self, reason: str) -> None:
        """The user's role may not retire or re-enable PCs: the menu's entries are grey and say why."""
        self.pc_changes_refused = reason

    def _emit_selected(self, signal: Signal) -> None:
        code = self.selected()
        if code:
            signal.emit(code)  # type: ignore[attr-defined]

    def _double_clicked(self, index: QModelIndex) -> None:
        row = self.model.row(index.row())
        if row is not None:
            self.village_chosen.emit(row.key)


class PcChangeDialog(QDialog):
    """停用这台电脑 (or 重新启用): which village and key fingerprint, what it means, and why (required)."""

    def __init__(self, village: str, fp: str, retirement: str, reenable: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("PcChangeDialog")
        self.setWindowTitle(self.tr("重新启用这台电脑") if reenable else self.tr("停用这台电脑"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("村（社区）：{0}").format(village)))
        key = QLabel(self.tr("密钥指纹：{0}").format(fp))
        key.setObjectName("fingerprint")
        key.setStyleSheet("font-size: 13pt; font-weight: bold;")
        layout.addWidget(key)
        if reenable:
            text = self.tr("这台电脑{0}。\n重新启用后，它发来的数据包将照常导入，也可以给它生成返回数据包。"
                           ).format(retirement)
        else:
            text = self.tr("停用后，这台电脑发来的数据包一律拒绝（不导入任何数据），"
                           "也不再给它生成返回数据包；它以前发来的数据保留不变。"
                           "请先核对指纹确是已不再使用的那台电脑。\n"
                           "停用可以撤销：在这里重新启用即可。")
        explain = QLabel(text)
        explain.setWordWrap(True)
        layout.addWidget(explain)
        layout.addWidget(QLabel(self.tr("原因（必填，记入操作日志）：")))
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("reason")
        self.reason_edit.setPlaceholderText(self.tr("如：电脑已损坏，已换新电脑") if not reenable
                                            else self.tr("如：旧电脑修好了，继续使用"))
        layout.addWidget(self.reason_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton(self.tr("重新启用") if reenable else self.tr("停用"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setEnabled(False)
        self.reason_edit.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def reason(self) -> str:
        return self.reason_edit.text().strip()
