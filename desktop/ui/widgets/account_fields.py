"""The fields of a new account: user name, display name, a role where one is chosen, and the
password typed twice, with a red line beneath for what is wrong. Used by the first-run wizard's
administrator page and by 新增用户."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from desktop.ui.widgets.dialog_parts import error_label


class AccountFields(QWidget):
    def __init__(self, roles: Sequence[str] = (), role: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.name = QLineEdit()
        self.display = QLineEdit()
        self.role: QComboBox | None = None
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("至少6位"))
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(self.tr("用户名"), self.name)
        self.form.addRow(self.tr("显示名称"), self.display)
        if roles:
            self.role = QComboBox()
            self.role.addItems(list(roles))
            self.role.setCurrentText(role)
            self.form.addRow(self.tr("角色"), self.role)
        self.form.addRow(self.tr("密码"), self.password)
        self.form.addRow(self.tr("再次输入密码"), self.again)
        self.message = error_label()
        self.form.addRow(self.message)

    def password_mismatch(self) -> str | None:
        """What to tell the user when the two passwords differ; None when they agree."""
        return self.tr("两次输入的密码不一样") if self.password.text() != self.again.text() else None
