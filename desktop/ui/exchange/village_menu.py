"""The village window's 数据报送 menu: enrollment, 导出数据包, the township's receipts, return packages
(in that order: the order a clerk does them).

``install(window)`` adds the menu (and 导出数据包 on the toolbar) to the village's main
window; every entry opens one of this package's dialogs on the window's worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu

from desktop.ui.exchange.enrollment_dialog import EnrollmentDialog
from desktop.ui.exchange.export_dialog import ExportPackageDialog
from desktop.ui.exchange.import_dialog import ImportPackagesDialog
from desktop.ui.exchange.receipts_dialog import ReceiptsDialog
from desktop.ui.exchange.recovery_dialog import RecoveryDialog
from desktop.ui.exchange.widgets import open_window_modal
from desktop.ui.village.window_api import VillageWindow
from desktop.ui.widgets.i18n import translate
from desktop.ui.widgets.role_gate import gate
from sync.store.users import ENROLL, EXPORT_PACKAGE, IMPORT_RETURN


class VillageSync:
    """The actions, and the stick folder last used (offered again next time)."""

    def __init__(self, window: VillageWindow) -> None:
        self.window = window
        self.folder: Path | None = None
        self.dialog: QDialog | None = None
        self.enroll_action = self._action(translate("village_menu", "导入乡镇注册文件…"), self.enroll,
                                          "sync-enroll", ENROLL)
        self.export_action = self._action(translate("village_menu", "导出数据包…"), self.export,
                                          "sync-export", EXPORT_PACKAGE,
                                          translate("village_menu", "把新的修改导出到U盘，交给乡镇"))
        self.receipts_action = self._action(translate("village_menu", "读取乡镇回执…"), self.receipts,
                                            "sync-receipts", None)
        self.return_action = self._action(translate("village_menu", "导入乡镇返回数据包…"),
                                          self.import_return, "sync-return", IMPORT_RETURN)
        self.recovery_action = self._action(translate("village_menu", "从乡镇恢复本村数据…"), self.recover,
                                            "sync-recovery", EXPORT_PACKAGE)
        if self.recovery_action.isEnabled():
            self.recovery_action.setStatusTip(translate(
                "village_menu", "新电脑（原电脑损坏又没有备份）：先导出一个数据包交乡镇，"
                                "乡镇导回“完整返回数据包”后即可恢复全部台账"))

    def _action(self, text: str, slot: Any, name: str, what: str | None, tip: str = "") -> QAction:
        """An action; greyed, with the reason as tooltip, if the user's role may not do ``what``."""
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        if tip:
            action.setToolTip(tip)
        if what is not None:
            gate(action, self.window.store.user, what)
        return action

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = open_window_modal(dialog)
        return dialog

    def enroll(self) -> QDialog:
        dialog = EnrollmentDialog(self.window.worker, self.window, user=self.window.store.user)
        dialog.enrolled.connect(lambda _result: self.window.update_status())
        return self._open(dialog)

    def export(self) -> QDialog:
        dialog = ExportPackageDialog(self.window.worker, self.window, folder=self.folder)
        dialog.exported.connect(self._exported)
        dialog.enrolled.connect(lambda _result: self.window.update_status())
        return self._open(dialog)

    def _exported(self, result: Any) -> None:
        if result.path is not None:
            self.folder = result.path.parent
        self.window.update_status()

    def receipts(self) -> QDialog:
        dialog = ReceiptsDialog(self.window.worker, self.window, folder=self.folder)
        dialog.reported.connect(lambda _report: self.window.update_status())
        return self._open(dialog)

    def import_return(self) -> QDialog:
        dialog = ImportPackagesDialog(self.window.worker, self.window, township=False, folder=self.folder)
        dialog.imported.connect(self._imported)
        return self._open(dialog)

    def recover(self) -> QDialog:
        dialog = RecoveryDialog(self.window.worker, self.window, folder=self.folder)
        dialog.enrolled.connect(lambda _result: self.window.update_status())
        dialog.requested.connect(self._exported)
        dialog.imported.connect(self._imported)
        return self._open(dialog)

    def _imported(self, outcome: Any) -> None:
        self.folder = outcome.folder
        if any(r.status == "accepted" for r in outcome.summary.results):
            self.window.refresh_all()
        self.window.update_status()


def install(window: VillageWindow) -> VillageSync:
    """Add the 数据报送 menu before 工具 (and 导出数据包 on the toolbar) to a village window."""
    sync = VillageSync(window)
    menu = QMenu(translate("village_menu", "数据报送(&S)"), window)
    menu.setObjectName("sync-menu")
    menu.setToolTipsVisible(True)  # a greyed action says why
    # In the order a clerk meets them: enroll once, then export, read the receipt, take returns.
    menu.addAction(sync.enroll_action)
    menu.addSeparator()
    menu.addAction(sync.export_action)
    menu.addAction(sync.receipts_action)
    menu.addAction(sync.return_action)
    menu.addSeparator()
    menu.addAction(sync.recovery_action)
    bar = window.menuBar()
    tools = getattr(window, "tools_menu", None)
    if tools is not None:
        bar.insertMenu(tools.menuAction(), menu)
    else:
        bar.addMenu(menu)
    toolbar = getattr(window, "toolbar", None)
    if toolbar is not None:
        toolbar.addSeparator()
        toolbar.addAction(sync.export_action)
    window.sync_actions = sync  # type: ignore[attr-defined]
    return sync
