"""Logging in: a user name and password, checked against the argon2 hashes in the database.

Beneath the password, 忘记密码？ says what to do (docs/decisions.md, "A forgotten password"):
ask another administrator, named, to reset it in 用户管理; where there is none, the people who
installed the program can add an administrator on this PC. The data are not lost, and a backup
does not help (it holds the same password).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sync.store.store import Store
from sync.store.users import User

HELP_AFTER_FAILURES = 2  # wrong passwords before the help opens by itself


class LoginDialog(QDialog):
    def __init__(self, store: Store, user_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.user: User | None = None
        self.failures = 0
        self.setWindowTitle(self.tr("登录 — 村务台账"))
        self.setMinimumWidth(400)
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("{0}村务台账").format(store.village_name))
        heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(heading)
        form = QFormLayout()
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems([u.name for u in store.users()])
        self.name.setCurrentText(user_name or (self.name.itemText(0) if self.name.count() else ""))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("用户名"), self.name)
        form.addRow(self.tr("密码"), self.password)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.forgot = QLabel(f'<a href="#forgot">{self.tr("忘记密码？")}</a>')
        self.forgot.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.forgot.linkActivated.connect(lambda _link: self.show_help())
        layout.addWidget(self.forgot)
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.help.setStyleSheet("padding: 6px; background: #eef5ff; border: 1px solid #9bb8d8;")
        self.help.hide()
        layout.addWidget(self.help)
        self.name.currentTextChanged.connect(lambda _name: self._update_help())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登录"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.password.setFocus()

    def help_text(self) -> str:
        """What to do about a forgotten password, for the user name typed."""
        name = self.name.currentText().strip()
        others = [u for u in self.store.users() if u.is_admin and u.name != name]
        if others:
            names = "、".join(u.display or u.name for u in others)
            return self.tr("请管理员（{0}）登录后，在“工具 → 用户管理”中选中您的用户名，点“重设密码…”，"
                           "为您设一个新密码。").format(names)
        who = (self.tr("县（区）民政部门或为您安装本程序的人员") if self.store.is_township
               else self.tr("乡镇民政办或为您安装本程序的人员"))
        return self.tr(
            "这台电脑上没有其他管理员能为您重设密码。台账数据都还在：请不要删除数据或重新安装程序。"
            "从备份恢复也找不回密码（备份里是同一个密码），还会丢掉备份之后的修改。\n"
            "请联系{0}。"
            "以后请再设一位管理员，忘记密码时可以互相重设。").format(who)

    def show_help(self) -> None:
        self._update_help()
        self.help.show()

    def _update_help(self) -> None:
        self.help.setText(self.help_text())

    def accept(self) -> None:
        user = self.store.authenticate(self.name.currentText().strip(), self.password.text())
        if user is None:
            self.failures += 1
            self.message.setText(self.tr("用户名或密码不正确，请重新输入。"))
            if self.failures >= HELP_AFTER_FAILURES:
                self.show_help()
            self.password.clear()
            self.password.setFocus()
            return
        self.user = user
        super().accept()
