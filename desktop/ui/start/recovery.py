"""The recovery code: shown once when the first administrator is made (printed or copied, for the
village's safe), and typed at the login screen to set a new password when every password is
forgotten (sync/store/login.py ``reset_with_recovery``; docs/decisions.md, "Encryption at rest")."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.dialog_parts import dialog_buttons, error_label
from desktop.ui.widgets.i18n import translate
from sync.store import login
from sync.store.errors import StoreError
from sync.store.store import Store
from sync.store.users import User


def recovery_sheet(title: str, code: str) -> str:
    """The printed page (HTML): what the code is, the code, where to keep it."""
    what = translate("recovery", "这台电脑上的台账数据是加密的。所有密码都忘记时，在登录窗口点"
                                 "“忘记密码？”，输入这个恢复码，就能重设密码。")
    where = translate("recovery", "请把这张纸锁进村委会的保险柜。不要贴在电脑旁，不要拍照发到手机或群里："
                                  "拿到它和这台电脑的人能看到全部数据。")
    return (f"<h2>{html.escape(translate('recovery', '村务台账 恢复码'))}</h2>"
            f"<p>{html.escape(title)}　{dt.date.today().isoformat()}</p>"
            f"<p style='font-size:20pt; font-family:monospace'><b>{html.escape(code)}</b></p>"
            f"<p>{html.escape(what)}</p><p>{html.escape(where)}</p>")


def print_sheet(parent: QWidget, title: str, code: str) -> bool:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(translate("recovery", "打印恢复码"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    document = QTextDocument()
    document.setHtml(recovery_sheet(title, code))
    document.print_(printer)
    return True


class RecoveryCodePanel(QWidget):
    """The code, large, what it is for, 打印… and the tick that says it has been kept."""

    kept_changed = Signal(bool)

    def __init__(self, title: str = "", code: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "数据已加密。下面是这个数据库的恢复码，只显示这一次：所有密码都忘记时，凭它在登录窗口"
            "重设密码。没有密码也没有恢复码，数据就再也打不开。"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.code = QLabel(code)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        font.setPointSize(18)
        font.setBold(True)
        self.code.setFont(font)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setStyleSheet("padding: 10px; border: 2px dashed #7f8c8d; background: #fffbea;")
        layout.addWidget(self.code)
        where = QLabel(self.tr("请打印出来（或工整地抄在纸上），锁进村委会的保险柜。"
                               "不要贴在电脑旁，不要拍照发到手机或群里。"))
        where.setWordWrap(True)
        layout.addWidget(where)
        row = QHBoxLayout()
        self.print_button = QPushButton(self.tr("打印恢复码…"))
        self.print_button.clicked.connect(lambda: print_sheet(self, self.title, self.code.text()))
        row.addWidget(self.print_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.kept = QCheckBox(self.tr("我已打印或抄下恢复码，会把它锁进保险柜"))
        self.kept.toggled.connect(self.kept_changed.emit)
        layout.addWidget(self.kept, 0, Qt.AlignmentFlag.AlignLeft)  # clickable where it reads
        layout.addStretch(1)

    def show_code(self, title: str, code: str) -> None:
        self.title = title
        self.code.setText(code)
        self.kept.setChecked(False)


class RecoveryCodeDialog(QDialog):
    """The code after the first administrator was added outside the wizard (设置管理员), after an
    administrator's login encrypted an earlier version's database, or (``replaced``) after
    用户管理 → 生成新的恢复码…."""

    def __init__(self, title: str, code: str, parent: QWidget | None = None,
                 replaced: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("恢复码 — 只显示这一次"))
        layout = QVBoxLayout(self)
        if replaced:
            old = QLabel(self.tr("已生成新的恢复码：旧恢复码从此失效，请把旧的纸条销毁。"))
            old.setWordWrap(True)
            old.setStyleSheet("font-weight: bold;")
            layout.addWidget(old)
        self.panel = RecoveryCodePanel(title, code)
        layout.addWidget(self.panel)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("继续"))
        ok.setEnabled(False)
        self.panel.kept_changed.connect(ok.setEnabled)
        self.buttons.accepted.connect(self.accept)
        layout.addWidget(self.buttons)

    def reject(self) -> None:
        # Esc or the close button must not lose the only showing of the code.
        if self.panel.kept.isChecked():
            super().reject()


class ResetWithRecoveryDialog(QDialog):
    """忘记密码？ → the recovery code → a new password; logs in as that user on success."""

    def __init__(self, path: Path, user_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.user: User | None = None
        self.store: Store | None = None
        self.setWindowTitle(self.tr("用恢复码重设密码"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("输入保管在保险柜里的恢复码（字母不分大小写，横线可不输），"
                              "再为这个用户设一个新密码。"))
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.name = QLineEdit(user_name)
        self.code = QLineEdit()
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("至少6位"))
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("用户名"), self.name)
        form.addRow(self.tr("恢复码"), self.code)
        form.addRow(self.tr("新密码"), self.password)
        form.addRow(self.tr("再次输入新密码"), self.again)
        layout.addLayout(form)
        self.message = error_label()
        layout.addWidget(self.message)
        buttons = dialog_buttons(self, self.tr("重设密码并登录"), self.tr("取消"))
        layout.addWidget(buttons)
        (self.code if user_name else self.name).setFocus()

    def accept(self) -> None:
        if self.password.text() != self.again.text():
            self.message.setText(self.tr("两次输入的新密码不一样"))
            return
        name, password = self.name.text().strip(), self.password.text()
        try:
            login.reset_with_recovery(self.path, self.code.text(), name, password)
            self.store = login.open_store(self.path, name, password)
        except StoreError as exc:
            self.message.setText(str(exc))
            return
        self.user = self.store.user
        super().accept()
