"""Logging in: a user name and password, checked against the argon2 hashes in the database."""

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

from sync.store import Store
from sync.users import User


class LoginDialog(QDialog):
    def __init__(self, store: Store, user_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.user: User | None = None
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
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登录"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.password.setFocus()

    def accept(self) -> None:
        user = self.store.authenticate(self.name.currentText().strip(), self.password.text())
        if user is None:
            self.message.setText(self.tr("用户名或密码不正确，请重新输入。"))
            self.password.clear()
            self.password.setFocus()
            return
        self.user = user
        super().accept()
