"""生成注册文件: for which village? A file bound to one village carries a one-time secret, so that
village's first package is accepted without a fingerprint check; the generic file fits any
village, and every village's first package then waits for staff to confirm its fingerprint
(``sync.exchange.village_secret``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

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

from desktop.ui.widgets import msgbox
from sync.store.village_names import village_label

GENERIC = ""  # the combo's data for the generic file
OTHER = "other"  # …for a village typed in


class EnrollmentTargetDialog(QDialog):
    """Pick a known village, type another one, or choose the generic file."""

    def __init__(self, villages: Sequence[tuple[str, str]], chosen: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("生成注册文件"))
        self.setObjectName("EnrollmentTargetDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "专用注册文件只能由所选的村导入，含一次性密钥：该村第一次发来的数据包凭此自动确认身份。"
            "请直接交给该村，不要复制给别人。\n"
            "通用注册文件任何村都能导入，但各村第一次发来的数据包都要与村里电话核对密钥指纹后确认。"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.target = QComboBox()
        self.target.setObjectName("enrollment-target")
        for code, name in villages:
            self.target.addItem(self.tr("{0} 专用").format(village_label(name, code)), code)
        self.target.addItem(self.tr("其他村（输入村代码）专用"), OTHER)
        self.target.addItem(self.tr("通用注册文件（所有村）"), GENERIC)
        index = self.target.findData(chosen) if chosen else -1
        self.target.setCurrentIndex(index if index >= 0 else self.target.findData(GENERIC))
        form.addRow(self.tr("发给："), self.target)
        self.code = QLineEdit()
        self.code.setObjectName("enrollment-village-code")
        self.code.setMaxLength(12)
        self.code.setPlaceholderText(self.tr("12 位村统计用区划代码"))
        form.addRow(self.tr("村代码："), self.code)
        self.name = QLineEdit()
        self.name.setObjectName("enrollment-village-name")
        self.name.setMaxLength(100)
        form.addRow(self.tr("村名称："), self.name)
        layout.addLayout(form)
        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok | cancel)
        buttons.button(ok).setText(self.tr("确定"))
        buttons.button(cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.target.currentIndexChanged.connect(lambda _i: self._update())
        self._update()
        self.setMinimumWidth(480)

    def _update(self) -> None:
        typed = self.target.currentData() == OTHER
        self.code.setEnabled(typed)
        self.name.setEnabled(typed)

    def chosen(self) -> tuple[str | None, str | None]:
        """(village code, village name) of the file to write; (None, None) for the generic one."""
        data = self.target.currentData()
        if data == GENERIC:
            return None, None
        if data == OTHER:
            return self.code.text().strip(), self.name.text().strip() or None
        return str(data), None

    def _accept(self) -> None:
        code, _name = self.chosen()
        if code is not None and not re.fullmatch(r"[0-9]{12}", code):
            msgbox.warn(self, self.tr("村代码应为 12 位数字（统计用区划代码），例如 350322111202。"),
                        self.tr("生成注册文件"))
            self.code.setFocus()
            return
        self.accept()
