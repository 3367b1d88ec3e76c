"""生成注册文件: for which member? At a township (``VILLAGE_TO_TOWNSHIP``) a file bound to one
village carries a one-time secret, so that village's first package is accepted without a
fingerprint check; the generic file fits any village, and every village's first package then
waits for staff to confirm its fingerprint (``sync.exchange.village_secret``). At a county
(``TOWNSHIP_TO_COUNTY``) every file is bound to one township: there is no generic one."""

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
from sync.exchange.level import VILLAGE_TO_TOWNSHIP, Level
from sync.store.village_names import village_label

GENERIC = ""  # the combo's data for the generic file
OTHER = "other"  # …for a member typed in


class EnrollmentTargetDialog(QDialog):
    """Pick a known member, type another one, or (a township only) choose the generic file.

    ``prefix``: the parent's own code, which a typed member's code must begin with (a county's
    townships lie within its 6-digit code); empty: no such check."""

    def __init__(self, members: Sequence[tuple[str, str]], chosen: str | None,
                 parent: QWidget | None = None, *, level: Level = VILLAGE_TO_TOWNSHIP,
                 prefix: str = "") -> None:
        super().__init__(parent)
        self.level = level
        self.prefix = prefix
        village = level is VILLAGE_TO_TOWNSHIP
        self.setWindowTitle(self.tr("生成注册文件") if village else self.tr("为乡镇生成注册文件"))
        self.setObjectName("EnrollmentTargetDialog")
        layout = QVBoxLayout(self)
        if village:
            intro = QLabel(self.tr(
                "专用注册文件只能由所选的村导入，含一次性密钥：该村第一次发来的数据包凭此自动确认身份。"
                "请直接交给该村，不要复制给别人。\n"
                "通用注册文件任何村都能导入，但各村第一次发来的数据包都要与村里电话核对密钥指纹后确认。"))
        else:
            intro = QLabel(self.tr(
                "区县的注册文件只能由所选的乡镇导入，含一次性密钥：该乡镇第一次上报的数据包凭此自动确认身份。"
                "请直接交给该乡镇（存到U盘上），不要复制给别人；乡镇导入时请电话告诉对方本区县的密钥指纹。"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.target = QComboBox()
        self.target.setObjectName("enrollment-target")
        for code, name in members:
            self.target.addItem(self.tr("{0} 专用").format(village_label(name, code)), code)
        if village:
            self.target.addItem(self.tr("其他村（输入村代码）专用"), OTHER)
            self.target.addItem(self.tr("通用注册文件（所有村）"), GENERIC)
            fallback = GENERIC
        else:
            self.target.addItem(self.tr("其他乡镇（输入乡镇代码）"), OTHER)
            fallback = OTHER
        index = self.target.findData(chosen) if chosen else -1
        self.target.setCurrentIndex(index if index >= 0 else self.target.findData(fallback))
        form.addRow(self.tr("发给："), self.target)
        self.code = QLineEdit()
        self.code.setObjectName("enrollment-village-code" if village else "enrollment-township-code")
        self.code.setMaxLength(level.member_digits)
        if village:
            self.code.setPlaceholderText(self.tr("12 位村统计用区划代码"))
            form.addRow(self.tr("村代码："), self.code)
        else:
            self.code.setPlaceholderText(self.tr("9 位乡镇统计用区划代码，以 {0} 开头").format(prefix)
                                         if prefix else self.tr("9 位乡镇统计用区划代码"))
            form.addRow(self.tr("乡镇代码："), self.code)
        self.name = QLineEdit()
        self.name.setObjectName("enrollment-village-name" if village else "enrollment-township-name")
        self.name.setMaxLength(100)
        form.addRow(self.tr("村名称：") if village else self.tr("乡镇名称："), self.name)
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
        """(member code, member name) of the file to write; (None, None) for the generic one."""
        data = self.target.currentData()
        if data == GENERIC:
            return None, None
        if data == OTHER:
            return self.code.text().strip(), self.name.text().strip() or None
        return str(data), None

    def _problem(self, code: str) -> str:
        """What is wrong with a typed code, said with an example; '' when it will do."""
        digits = self.level.member_digits
        if self.level is VILLAGE_TO_TOWNSHIP:
            if not re.fullmatch(r"[0-9]{12}", code):
                return self.tr("村代码应为 12 位数字（统计用区划代码），例如 350322111202。")
            return ""
        example = (self.prefix or "350322") + "111"
        if not re.fullmatch(f"[0-9]{{{digits}}}", code):
            return self.tr("乡镇代码应为 9 位数字（统计用区划代码），例如 {0}。").format(example)
        if self.prefix and not code.startswith(self.prefix):
            return self.tr("乡镇代码 {0} 不在本区县（{1}）的范围内：应以 {1} 开头，例如 {2}。").format(
                code, self.prefix, example)
        return ""

    def _accept(self) -> None:
        code, _name = self.chosen()
        problem = self._problem(code) if code is not None else ""
        if problem:
            msgbox.warn(self, problem, self.windowTitle())
            self.code.setFocus()
            return
        self.accept()
