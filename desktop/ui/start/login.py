"""Logging in: a user name and password. An encrypted database is unlocked with the password
(sync/store/login.py ``open_store``), then the password is checked against the user's argon2
hash as for a plain one.

Beneath the password, 忘记密码？ says what to do (docs/decisions.md, "A forgotten password"):
ask another administrator (named, once the database is open) to reset it in 用户管理, or type
the recovery code kept in the village's safe (用恢复码重设密码…). The data are not lost, and a
backup does not help (it holds the same password).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.start.recovery import ResetWithRecoveryDialog
from desktop.ui.widgets.dialog_parts import dialog_buttons, error_label
from sync.store import at_rest, login
from sync.store.errors import StoreError
from sync.store.store import Store
from sync.store.users import User

HELP_AFTER_FAILURES = 2  # wrong passwords before the help opens by itself


class LoginDialog(QDialog):
    """Given an open store, checks the password against it; given the path of a database (an
    encrypted one is locked until then), opens it as the user: ``store`` once accepted."""

    def __init__(self, source: Store | Path, user_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.given = source if isinstance(source, Store) else None
        self.path = source.path if isinstance(source, Store) else Path(source)
        self.store: Store | None = self.given
        self.facts = login.facts_of(source) if isinstance(source, Store) else login.login_facts(self.path)
        self.user: User | None = None
        self.failures = 0
        self.setWindowTitle(self.tr("登录 — 村务台账"))
        self.setMinimumWidth(400)
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("{0}村务台账").format(self.facts.title))
        heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(heading)
        form = QFormLayout()
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(self.facts.names)
        self.name.setCurrentText(user_name or (self.name.itemText(0) if self.name.count() else ""))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("用户名"), self.name)
        form.addRow(self.tr("密码"), self.password)
        layout.addLayout(form)
        self.message = error_label()
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
        self.recover = QPushButton(self.tr("用恢复码重设密码…"))
        self.recover.clicked.connect(self.reset_with_recovery)
        self.recover.hide()
        layout.addWidget(self.recover, 0, Qt.AlignmentFlag.AlignLeft)
        self.name.currentTextChanged.connect(lambda _name: self._update_help())
        buttons = dialog_buttons(self, self.tr("登录"), self.tr("退出"))
        layout.addWidget(buttons)
        # A locked database names nobody (the key file holds no names): the name is typed first.
        (self.password if self.name.currentText() else self.name).setFocus()

    def help_text(self) -> str:
        """What to do about a forgotten password, for the user name typed."""
        name = self.name.currentText().strip()
        recovery = (self.tr("也可以用保管在保险柜里的恢复码重设密码：点下面的“用恢复码重设密码…”。")
                    if self.facts.recovery else "")
        if self.facts.admins is None:  # locked: who is an administrator is inside
            return self.tr("请另一位管理员登录后，在“工具 → 用户管理”中选中您的用户名，点“重设密码…”，"
                           "为您设一个新密码。") + recovery
        others = [u for u in self.facts.admins if u.name != name]
        if others:
            names = "、".join(u.display or u.name for u in others)
            return self.tr("请管理员（{0}）登录后，在“工具 → 用户管理”中选中您的用户名，点“重设密码…”，"
                           "为您设一个新密码。").format(names) + recovery
        who = (self.tr("县（区）民政部门或为您安装本程序的人员") if self.facts.township
               else self.tr("乡镇民政办或为您安装本程序的人员"))
        if self.facts.recovery:
            return self.tr(
                "这台电脑上没有其他管理员能为您重设密码。请取出保管在保险柜里的恢复码，"
                "点下面的“用恢复码重设密码…”。台账数据都还在：请不要删除数据或重新安装程序。"
                "从备份恢复也找不回密码（备份里是同一个密码）。\n"
                "恢复码也找不到时，数据是加密的，谁也打不开，请联系{0}商量。"
                "以后请再设一位管理员，忘记密码时可以互相重设。").format(who)
        return self.tr(
            "这台电脑上没有其他管理员能为您重设密码。台账数据都还在：请不要删除数据或重新安装程序。"
            "从备份恢复也找不回密码（备份里是同一个密码），还会丢掉备份之后的修改。\n"
            "请联系{0}。"
            "以后请再设一位管理员，忘记密码时可以互相重设。").format(who)

    def show_help(self) -> None:
        self.help.show()
        self._update_help()

    def _update_help(self) -> None:
        self.help.setText(self.help_text())
        self.recover.setVisible(self.facts.recovery and not self.help.isHidden())

    def reset_with_recovery(self) -> None:
        dialog = ResetWithRecoveryDialog(self.path, self.name.currentText().strip(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.store is None:
            return
        if self.given is not None:  # the caller's store stays the one in use
            dialog.store.close()
            self.user = dialog.user
        else:
            self.store, self.user = dialog.store, dialog.user
        super().accept()

    def _check(self, name: str, password: str) -> User | None:
        if self.given is not None:
            return self.given.authenticate(name, password)
        try:
            store = login.open_store(self.path, name, password)
        except at_rest.WrongLogin:
            return None
        self.store = store
        return store.user

    def accept(self) -> None:
        try:
            user = self._check(self.name.currentText().strip(), self.password.text())
        except StoreError as exc:  # not a password's fault: a missing key file, a damaged file
            self.message.setText(str(exc))
            return
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
