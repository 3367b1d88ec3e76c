"""The chain one level up in the township's window (issue 17): what a township does with its
county, and what a county does for its townships.

- A county: 为乡镇生成注册文件… (the file bound to one township, ``write_county_enrollment_file``).
- A township: 导入区县注册文件… (the enrollment dialog at ``TOWNSHIP_TO_COUNTY``) and
  导出上报数据包（报区县）… (the export dialog with ``upward``).

Each action is greyed, with the core's reason, for a role that may not do it (the core refuses
anyway); the work runs on the window's worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from desktop.ui.exchange.enrollment_dialog import EnrollmentDialog
from desktop.ui.exchange.export_dialog import ExportPackageDialog
from desktop.ui.exchange.widgets import open_window_modal
from desktop.ui.township.enrollment_target_dialog import EnrollmentTargetDialog
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.i18n import translate
from desktop.ui.widgets.role_gate import gate, refused
from desktop.ui.widgets.runner import run
from sync.exchange.county import write_county_enrollment_file
from sync.exchange.enrollment import CountyEnrollment
from sync.exchange.level import TOWNSHIP_TO_COUNTY
from sync.exchange.stick_files import SyncFileError
from sync.store.store import Store, StoreError
from sync.store.users import ENROLL, EXPORT_RETURN, WRITE_ENROLLMENT, PermissionDenied


class UpwardWindow(Protocol):
    """What these actions use of the township's window (``TownshipWindow``, which imports this
    module: hence a protocol rather than the class)."""

    store: Store
    worker: DbWorker
    county: bool  # a county database
    township: str | None  # the county's township filter
    township_name_of: dict[str, str]  # a county's townships: code → name
    last_folder: Path | None  # the stick folder last used

    def window(self) -> QWidget: ...  # the window as a widget: dialogs' parent

    def refresh_all(self) -> None: ...

    def selected_township(self) -> str | None: ...

class UpwardActions:
    """The actions (``actions``: for the 文件 menu; a county's also on 各乡镇概况) and their dialogs."""

    def __init__(self, host: UpwardWindow) -> None:
        self.host = host
        self.window = host.window()  # the parent of the actions and dialogs
        self.dialog: QWidget | None = None
        self.actions: list[QAction] = []
        if host.county:
            self.enrollment_action = self._action(
                translate("upward_actions", "为乡镇生成注册文件…"), self.make_enrollment, "county-enrollment",
                WRITE_ENROLLMENT,
                translate("upward_actions", "生成发给某个乡镇的注册文件（含区县公钥和该乡镇的一次性密钥）"))
        else:
            self.enroll_action = self._action(
                translate("upward_actions", "导入区县注册文件…"), self.enroll, "county-enroll", ENROLL,
                translate("upward_actions", "导入区县民政局发来的注册文件（只需一次）"))
            self.upward_action = self._action(
                translate("upward_actions", "导出上报数据包（报区县）…"), self.export, "upward-export",
                EXPORT_RETURN,
                translate("upward_actions", "把各村尚未被区县确认收到的数据导出到U盘，交给区县"))

    def _action(self, text: str, slot: Any, name: str, what: str, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        gate(action, self.host.store.user, what)  # greyed, saying why, for a role that may not
        self.actions.append(action)
        return action

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = open_window_modal(dialog)
        return dialog

    # ------------------------------------------------------------ a county
    def make_enrollment(self, folder: Path | None = None, township: str | None = None,
                        township_name: str | None = None) -> None:
        """为乡镇生成注册文件…: asks for which township (a known one, or typed: code and name), then
        for the folder (the stick); ``folder`` given (scripts, tests): writes it for ``township``."""
        window, host = self.window, self.host
        if refused(self.window, self.enrollment_action):
            return
        if folder is None:
            townships = sorted(host.township_name_of.items())
            chosen_township = host.township or host.selected_township()
            ask = EnrollmentTargetDialog(townships, chosen_township, window, level=TOWNSHIP_TO_COUNTY,
                                         prefix=host.store.meta.get("county_code", ""))
            if ask.exec() != QDialog.DialogCode.Accepted:
                return
            township, township_name = ask.chosen()
            caption = translate("upward_actions", "注册文件保存到哪个文件夹")
            chosen = QFileDialog.getExistingDirectory(window, caption, str(host.last_folder or Path.home()))
            if not chosen:
                return
            folder = Path(chosen)
        if not township:
            return
        code, out = township, folder
        run(window, host.worker, lambda store, _work: write_county_enrollment_file(
                store, out, township=code, township_name=township_name),
            self._enrollment_written, self._failed, title=translate("upward_actions", "正在生成注册文件…"),
            progress=True, keep_done=True)

    def _enrollment_written(self, made: CountyEnrollment) -> None:
        who = f"{made.township_name}（{made.township_code}）" if made.township_name else made.township_code
        text = translate("upward_actions",
                         "已生成{0}的注册文件：\n{1}\n\n本区县签名密钥指纹：{2}\n本区县加密密钥指纹：{3}\n\n"
                         "这是该乡镇专用的注册文件，只能由该乡镇导入，请直接交给该乡镇。"
                         "乡镇导入时会看到以上指纹，请电话念给乡镇核对。").format(
            who, made.path, made.signing_fingerprint, made.encryption_fingerprint)
        if made.path is not None:
            self.host.last_folder = made.path.parent
        self.host.refresh_all()  # 各乡镇概况: the township is now listed as enrolled
        msgbox.inform(self.window, text, translate("upward_actions", "注册文件"))

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, StoreError | SyncFileError | PermissionDenied | OSError):
            msgbox.warn(self.window, str(error), translate("upward_actions", "注册文件"))
            return
        raise error

    # ------------------------------------------------------------ a township
    def enroll(self) -> QDialog | None:
        if refused(self.window, self.enroll_action):
            return None
        dialog = EnrollmentDialog(self.host.worker, self.window, user=self.host.store.user,
                                  level=TOWNSHIP_TO_COUNTY)
        return self._open(dialog)

    def export(self) -> QDialog | None:
        if refused(self.window, self.upward_action):
            return None
        dialog = ExportPackageDialog(self.host.worker, self.window, folder=self.host.last_folder,
                                     upward=True)
        dialog.exported.connect(self._exported)
        return self._open(dialog)

    def _exported(self, result: Any) -> None:
        folder = getattr(result, "folder", None)
        if folder is not None:
            self.host.last_folder = Path(folder).parent
        elif result.paths:
            self.host.last_folder = result.paths[0].parent
