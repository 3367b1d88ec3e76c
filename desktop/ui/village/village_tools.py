"""The village window's upkeep and administration: 用户管理, 设置, 立即备份, the filter's search
index, 关于, and how a job of theirs that failed or was cancelled is reported.

Each is a dialog, or one job on the window's worker with a progress dialog. The window owns
the actions and menus and calls these; users and settings are for administrators only (their
actions are hidden from others, and these check again).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog

from desktop.ui.village.window_api import VillageWindow, job_failed
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.runner import run
from desktop.version import program_version
from sync.store import search
from sync.store.store import Store


class VillageTools(QObject):
    def __init__(self, window: VillageWindow) -> None:
        super().__init__(window)
        self.window = window
        self.users_dialog: QDialog | None = None
        self.settings_dialog: QDialog | None = None

    def open_users(self) -> None:
        from desktop.ui.admin.users_dialog import UsersDialog

        window = self.window
        if not window.store.user.is_admin:
            return
        dialog = UsersDialog(window.store, window.worker, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.users_dialog = dialog

    def open_settings(self) -> None:
        from desktop.ui.admin.settings_dialog import SettingsDialog

        window = self.window
        if not window.store.user.is_admin:
            return
        dialog = SettingsDialog(window.store, window.worker, window)
        dialog.applied.connect(window.refresh_all)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.settings_dialog = dialog

    def backup_now(self) -> None:
        from sync.store.backup import make_backup

        def done(path: Path) -> None:
            self.window.statusBar().showMessage(self.tr("已备份到 {0}").format(path), 8000)

        run(self, self.window.worker, lambda store, _work: make_backup(store), done, self.operation_failed,
            title=self.tr("正在备份数据库…"), progress=True, window=self.window)  # type: ignore[arg-type]

    def ensure_search_index(self) -> None:
        """Build the filter's search keys once for a database made before they existed."""
        if not search.needs_rebuild(self.window.store.conn):
            return
        text = self.tr("正在建立筛选索引…")

        def build(store: Store, progress: Any) -> int:
            return search.rebuild(store, lambda done, total, _message: progress(done, total, text))

        run(self, self.window.worker, build, lambda _n: self.window.refresh_all(), self.operation_failed,
            title=text, progress=True, window=self.window)  # type: ignore[arg-type]

    def operation_failed(self, error: BaseException) -> None:
        job_failed(self.window, error)

    def about(self) -> None:
        msgbox.inform(self.window, self.tr("村务台账 {0}\n村“两委”、村规民约、监委会、社会组织、志愿者登记，"
                                           "U盘报送乡镇汇总。").format(program_version()), self.tr("关于"))
