"""Users and roles (administrators only): list, add, reset a password.

The changes are written on the window's database worker (``desktop.ui.widgets.runner``), like
every write of the windows; the list is read again when the answer comes back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.start.recovery import RecoveryCodeDialog
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.account_fields import AccountFields
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.dialog_parts import dialog_buttons
from desktop.ui.widgets.list_models import ListTableModel, list_view
from desktop.ui.widgets.runner import run
from sync.store import at_rest
from sync.store.store import Store, StoreError
from sync.store.users import CLERK, ROLES, PermissionDenied, User

_Index = QModelIndex | QPersistentModelIndex
# What the store may answer to a change here, shown to the administrator; anything else is a bug.
REFUSED = (StoreError, PermissionDenied, ValueError)
ROLE_HELP = {
    "管理员": QT_TRANSLATE_NOOP("UsersModel", "管理用户和设置，修改全部登记簿"),
    "填报员": QT_TRANSLATE_NOOP("UsersModel", "新增、修改、删除登记簿中的记录"),
    "查看": QT_TRANSLATE_NOOP("UsersModel", "只能查看，不能修改"),
}


class UsersModel(ListTableModel):
    HEADERS = (QT_TRANSLATE_NOOP("UsersModel", "用户名"), QT_TRANSLATE_NOOP("UsersModel", "显示名称"),
               QT_TRANSLATE_NOOP("UsersModel", "角色"), QT_TRANSLATE_NOOP("UsersModel", "权限"))

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.reload()

    @property
    def users(self) -> list[User]:
        return self.items

    def reload(self) -> None:
        self.set_items(self.store.users())

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        user = self.item(index)
        if role != Qt.ItemDataRole.DisplayRole or user is None:
            return None
        return (user.name, user.display, user.role, self.tr(ROLE_HELP.get(user.role, "")))[index.column()]


class AddUserDialog(QDialog):
    def __init__(self, store: Store, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.worker = worker
        self.setWindowTitle(self.tr("新增用户"))
        self.fields = AccountFields(list(ROLES), CLERK)
        buttons = dialog_buttons(self)
        self.fields.form.addRow(buttons)
        self.fields.form.setContentsMargins(0, 0, 0, 0)  # the dialog's own margins frame it
        QVBoxLayout(self).addWidget(self.fields)

    def accept(self) -> None:
        fields = self.fields
        mismatch = fields.password_mismatch()
        if mismatch is not None:
            fields.message.setText(mismatch)
            return
        assert fields.role is not None
        name, role, password = fields.name.text(), fields.role.currentText(), fields.password.text()
        display = fields.display.text().strip()
        run(self, self.worker, lambda store, _work: store.add_user(name, role, password, display),
            lambda _user: super(AddUserDialog, self).accept(), self._refused, finish=True)

    def _refused(self, error: BaseException) -> None:
        if not isinstance(error, REFUSED):
            raise error
        self.fields.message.setText(str(error))


class UsersDialog(QDialog):
    def __init__(self, store: Store, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.worker = worker
        self.setWindowTitle(self.tr("用户管理"))
        self.resize(640, 380)
        layout = QVBoxLayout(self)
        self.model = UsersModel(store, self)
        self.view = list_view(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.view)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("新增用户…"))
        self.add_button.clicked.connect(self.add_user)
        self.password_button = QPushButton(self.tr("重设密码…"))
        self.password_button.clicked.connect(self.reset_password)
        self.role_button = QPushButton(self.tr("修改角色…"))
        self.role_button.clicked.connect(self.change_role)
        self.disable_button = QPushButton(self.tr("停用用户…"))
        self.disable_button.clicked.connect(self.disable_user)
        self.recovery_button = QPushButton(self.tr("生成新的恢复码…"))
        self.recovery_button.clicked.connect(self.new_recovery_code)
        if not at_rest.is_encrypted(store.path):
            self.recovery_button.setEnabled(False)
            self.recovery_button.setToolTip(self.tr("数据库还没有加密，没有恢复码"))
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        row.addWidget(self.add_button)
        row.addWidget(self.password_button)
        row.addWidget(self.role_button)
        row.addWidget(self.disable_button)
        row.addWidget(self.recovery_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)

    def add_user(self) -> None:
        dialog = AddUserDialog(self.store, self.worker, self)
        dialog.accepted.connect(self.model.reload)
        dialog.open()
        self.add_dialog = dialog

    def _selected_user(self) -> User | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            msgbox.inform(self, self.tr("请先选中一个用户。"))
            return None
        return self.model.users[rows[0].row()]

    def change_role(self) -> None:
        user = self._selected_user()
        if user is None:
            return
        role = msgbox.ask_choice(self, self.tr("修改角色"), self.tr("用户“{0}”的角色：").format(user.name),
                                 list(ROLES), user.role)
        if role is None or role == user.role:
            return
        self._write(lambda store: store.set_user_role(user.name, role), lambda: self.model.reload())

    def disable_user(self) -> None:
        user = self._selected_user()
        if user is None:
            return
        if not msgbox.confirm(self, self.tr("停用用户“{0}”？停用后不能再登录，以前的修改记录仍保留其姓名。"
                                            "数据库会换一把新的加密钥匙，他的密码从此打不开它。")
                              .format(user.name)):
            return
        self._write(lambda store: store.disable_user(user.name), lambda: self.model.reload())

    def new_recovery_code(self) -> None:
        """A new code, shown once with 打印恢复码…; the old paper stops working."""
        if not msgbox.confirm(self, self.tr("生成新的恢复码？旧恢复码从此失效：新恢复码只显示一次，"
                                            "请打印或抄下后锁进保险柜，并销毁旧的纸条。")):
            return

        def refused(error: BaseException) -> None:
            if not isinstance(error, REFUSED):
                raise error
            msgbox.warn(self, str(error))

        run(self, self.worker, lambda store, _work: store.new_recovery_code(), self._show_code,
            refused, finish=True)

    def _show_code(self, code: str) -> None:
        self.code_dialog = RecoveryCodeDialog(self.store.village_name, code, self, replaced=True)
        self.code_dialog.open()

    def reset_password(self) -> None:
        user = self._selected_user()
        if user is None:
            return
        password = msgbox.ask_text(self, self.tr("重设密码"),
                                   self.tr("用户“{0}”的新密码（至少6位）：").format(user.name))
        if password is None:
            return
        if len(password) < 6:
            msgbox.warn(self, self.tr("密码至少6位"))
            return
        self._write(lambda store: store.set_password(user.name, password),
                    lambda: msgbox.inform(self, self.tr("已重设用户“{0}”的密码。").format(user.name)))

    def _write(self, change: Callable[[Store], object], then: Callable[[], object]) -> None:
        """``change`` on the worker; ``then()`` here once written, or the store's refusal shown."""
        def refused(error: BaseException) -> None:
            if not isinstance(error, REFUSED):
                raise error
            msgbox.warn(self, str(error))

        run(self, self.worker, lambda store, _work: change(store), lambda _result: then(), refused,
            finish=True)
