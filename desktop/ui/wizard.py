"""First run: create the village database and its first administrator.

The village page is the village profile's own definition (``village_profile.toml``)
laid out by ``FieldPanel`` and checked by ``forms.validation``: the 12-digit code, the
counts and the township name are checked exactly as everywhere else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.ui.account_fields import AccountFields
from desktop.ui.record_form import FieldPanel
from forms.model import catalog
from forms.validation import ERROR, Issue, prepare, value_issues
from sync.store import Store, StoreError
from sync.users import ADMIN, User, user_row

PROFILE = "village_profile"


def profile_issues(raw: dict[str, Any]) -> tuple[dict[str, Any], list[Issue]]:
    reg = catalog().registers[PROFILE]
    values, issues = prepare(reg, raw)
    return values, issues + value_issues(reg, values)


class AdminForm(AccountFields):
    """User name, display name and password (twice) of an administrator."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.name.setPlaceholderText(self.tr("例如 admin 或 文书姓名的拼音"))
        self.display.setPlaceholderText(self.tr("可不填，例如 林秀英"))

    def problem(self) -> str | None:
        mismatch = self.password_mismatch()
        if mismatch is not None:
            return mismatch
        try:
            user_row(self.name.text(), ADMIN, self.password.text())
        except ValueError as exc:
            return str(exc)
        return None

    def check(self) -> bool:
        problem = self.problem()
        self.message.setText(problem or "")
        return problem is None

    def create_in(self, store: Store) -> User:
        store.add_user(self.name.text().strip(), ADMIN, self.password.text(), self.display.text().strip())
        name = self.name.text().strip()
        return User(name, ADMIN, self.display.text().strip() or name)


class VillagePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("本村基本情况"))
        self.setSubTitle(self.tr("带 * 的必须填写。统计用区划代码是12位数字，可向乡镇民政办询问。"))
        reg = catalog().registers[PROFILE]
        self.panel = FieldPanel(reg, None, reg.input_fields, self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the fields, not to the frame
        scroll.setWidget(self.panel)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        self.panel.left.connect(self._left)
        self._touched: set[str] = set()

    def initializePage(self) -> None:
        # The clerk starts typing the village name straight away.
        first = next(iter(self.panel.editors))
        self.panel.focus_field(first)

    def _left(self, name: str) -> None:
        self._touched.add(name)
        _, issues = profile_issues(self.panel.raw_values())
        self.panel.show_issues(issues, self._touched)

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.panel.raw_values().items() if v is not None}

    def validatePage(self) -> bool:
        _, issues = profile_issues(self.panel.raw_values())
        self.panel.show_issues(issues)
        errors = [i for i in issues if i.severity == ERROR]
        if errors and errors[0].field:
            self.panel.focus_field(errors[0].field)
        return not errors


class AdminPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("管理员账户"))
        self.setSubTitle(self.tr("管理员可以管理用户、修改设置和全部登记簿。请牢记密码：忘记后只能由其他管理员重设。"))
        self.form = AdminForm(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def validatePage(self) -> bool:
        return self.form.check()


class FirstRunWizard(QWizard):
    """Creates the database at ``path``; afterwards ``user`` is the administrator who set it up."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.user: User | None = None
        self.setWindowTitle(self.tr("村务台账 — 首次使用"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.resize(900, 600)  # the village page's fields and their messages side by side, no sideways scroll
        welcome = QWizardPage()
        welcome.setTitle(self.tr("欢迎使用村务台账"))
        text = QLabel(self.tr(
            "本程序用于登记村“两委”成员、村规民约、村务监督委员会、社区社会组织和志愿者，"
            "并通过U盘向乡镇报送。\n\n接下来请填写本村的基本情况，并设置管理员账户。"
            "数据保存在：\n{0}\n\n本村原来的电脑损坏又没有备份？请不要重新录入或导入名册："
            "设置完成后在“数据报送”菜单中选择“从乡镇恢复本村数据”，先导出一个数据包交乡镇，"
            "乡镇导回“完整返回数据包”后即可恢复全部台账。").format(self.path))
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(welcome).addWidget(text)
        self.village_page = VillagePage()
        self.admin_page = AdminPage()
        self.addPage(welcome)
        self.addPage(self.village_page)
        self.addPage(self.admin_page)
        for button, text_ in ((QWizard.WizardButton.NextButton, self.tr("下一步")),
                              (QWizard.WizardButton.BackButton, self.tr("上一步")),
                              (QWizard.WizardButton.FinishButton, self.tr("完成")),
                              (QWizard.WizardButton.CancelButton, self.tr("取消"))):
            self.setButtonText(button, text_)

    def accept(self) -> None:
        # QWizard.accept() validates the last page; this override must do it too.
        if not self.validateCurrentPage():
            return
        values = self.village_page.values()
        try:
            store = Store.create_village(self.path, str(values.get("统计用区划代码", "")),
                                         str(values.get("村名", "")), values)
        except (StoreError, ValueError) as exc:
            self.admin_page.error.setText(self.tr("无法创建数据库：{0}").format(exc))
            return
        try:
            self.user = self.admin_page.form.create_in(store)
        except (StoreError, ValueError) as exc:
            # Half a setup (a database nobody can log in to) is worse than none: start again.
            store.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self.admin_page.error.setText(self.tr("无法创建管理员：{0}").format(exc))
            return
        store.close()
        super().accept()


class FirstAdminDialog(QDialog):
    """A database with no users yet (made by the command line): set up its administrator."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.user: User | None = None
        self.setWindowTitle(self.tr("设置管理员"))
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("这个数据库还没有用户。请设置第一个管理员账户。"))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.form = AdminForm(self)
        layout.addWidget(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if not self.form.check():
            return
        try:
            self.user = self.form.create_in(self.store)
        except (StoreError, ValueError) as exc:
            self.form.message.setText(str(exc))
            return
        super().accept()
