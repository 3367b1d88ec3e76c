"""First run: create the database of a village, a township or a county, and its first administrator.

The welcome page asks whose PC this is. A village's page is the village profile's own
definition (``village_profile.toml``) laid out by ``FieldPanel`` and checked by
``forms.validation``: the 12-digit code, the counts and the township name are checked exactly
as everywhere else. A township's page asks for its 9-digit 统计用区划代码 and its name, checked
as ``cunwu init --township-code`` checks them; a county's (区县民政局) its 6-digit code and name
on the same page made for 6 digits. Each then sets up the administrator.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.ui.registers.record_form import FieldPanel
from desktop.ui.start.recovery import RecoveryCodeDialog, RecoveryCodePanel
from desktop.ui.widgets.account_fields import AccountFields
from desktop.ui.widgets.dialog_parts import dialog_buttons, error_label
from desktop.ui.widgets.i18n import translate
from forms.identifiers import division_code_problem, normalise_code
from forms.model import catalog
from forms.validation import ERROR, Issue, prepare, value_issues
from sync.store.store import Store, StoreError
from sync.store.users import ADMIN, User, user_row

PROFILE = "village_profile"
WELCOME_PAGE, VILLAGE_PAGE, TOWNSHIP_PAGE, ADMIN_PAGE, RECOVERY_PAGE, COUNTY_PAGE = range(6)
ERROR_STYLE = "color: #c0392b;"


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
        """The administrator, in ``store``; ``recovery_code`` is set when that encrypted it."""
        self.recovery_code = store.add_user(self.name.text().strip(), ADMIN, self.password.text(),
                                            self.display.text().strip())
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

    def nextId(self) -> int:
        return ADMIN_PAGE


class WelcomePage(QWizardPage):
    """What the program is for, where its data go, and whose PC this is (a village's, the
    township's or the county's)."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("欢迎使用村务台账"))
        text = QLabel(self.tr(
            "本程序用于登记村“两委”成员、村规民约、村务监督委员会、社区社会组织和志愿者，"
            "并通过U盘向乡镇报送；乡镇（街道）用它汇总各村报送的数据，区县民政局汇总各乡镇上报的数据。\n\n"
            "数据保存在：\n{0}").format(path))
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box = QGroupBox(self.tr("这台电脑用于"))
        column = QVBoxLayout(box)
        self.village = QRadioButton(self.tr("村（社区）：登记本村的台账，用U盘报送乡镇(&V)"))
        self.township = QRadioButton(self.tr("乡镇（街道）：汇总各村报送的数据，审核、统计、打印台账(&T)"))
        self.county = QRadioButton(
            self.tr("区县（民政局）：汇总各乡镇上报的数据，统计、核查、打印全县台账(&C)"))
        self.village.setChecked(True)
        self.kinds = QButtonGroup(self)
        for button in (self.village, self.township, self.county):
            self.kinds.addButton(button)
            column.addWidget(button)
        self.after = QLabel()
        self.after.setWordWrap(True)
        self.kinds.buttonToggled.connect(lambda _button, _on: self._explain())
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(box)
        layout.addWidget(self.after)
        layout.addStretch(1)
        self._explain()

    def initializePage(self) -> None:
        # The arrow keys choose, Enter goes on (下一步 is the default button).
        checked = self.kinds.checkedButton() or self.village
        checked.setFocus(Qt.FocusReason.OtherFocusReason)

    def is_township(self) -> bool:
        return self.township.isChecked()

    def is_county(self) -> bool:
        return self.county.isChecked()

    def _explain(self) -> None:
        if self.is_county():
            self.after.setText(self.tr(
                "接下来请填写本区县的统计用区划代码（6位）和名称，并设置管理员账户。"
                "之后为各乡镇生成专用注册文件，各乡镇导入后即可上报数据。"))
        elif self.is_township():
            self.after.setText(self.tr(
                "接下来请填写本乡镇（街道）的统计用区划代码和名称，并设置管理员账户。"
                "之后在“文件 → 生成注册文件”中生成发给各村的注册文件。"))
        else:
            self.after.setText(self.tr(
                "接下来请填写本村的基本情况，并设置管理员账户。\n\n"
                "本村原来的电脑损坏又没有备份？请不要重新录入或导入名册："
                "设置完成后在“数据报送”菜单中选择“从乡镇恢复本村数据”，先导出一个数据包交乡镇，"
                "乡镇导回“完整返回数据包”后即可恢复全部台账。"))

    def nextId(self) -> int:
        if self.is_county():
            return COUNTY_PAGE
        return TOWNSHIP_PAGE if self.is_township() else VILLAGE_PAGE


def township_problems(code: str, name: str, digits: int = 9) -> dict[str, str]:
    """What is wrong with a township's (``digits`` 6: a county's) code and name, by field ("code",
    "name"): the checks of ``Store.create_township`` (``Store.create_county``)."""
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = translate("TownshipPage", "必须填写")
    if not code.strip():
        problems["code"] = translate("TownshipPage", "必须填写")
    else:
        problem = division_code_problem(code, digits)
        if problem:
            problems["code"] = problem
    return problems


class TownshipPage(QWizardPage):
    """A township's 统计用区划代码 (9 digits) and name, with what is wrong beside each; with
    ``county``, a county's (6 digits)."""

    def __init__(self, parent: QWidget | None = None, *, county: bool = False) -> None:
        super().__init__(parent)
        self.digits = 6 if county else 9
        if county:
            self.setTitle(self.tr("本区县基本情况"))
            self.setSubTitle(self.tr("带 * 的必须填写。区县的统计用区划代码是6位数字，"
                                     "即所辖各乡镇9位代码的前6位。"))
        else:
            self.setTitle(self.tr("本乡镇（街道）基本情况"))
            self.setSubTitle(self.tr("带 * 的必须填写。乡镇（街道）的统计用区划代码是9位数字，"
                                     "即所辖各村12位代码的前9位，可向县（区）民政部门询问。"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("例如 华蓥市") if county else self.tr("例如 榜头镇"))
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("6位统计用区划代码") if county else self.tr("9位统计用区划代码"))
        self.code.setMaxLength(12)  # room for spaces typed between groups of digits
        self.messages: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setColumnStretch(2, 1)
        title = self.tr("区县名称 *") if county else self.tr("乡镇（街道）名称 *")
        for row, (key, label, edit) in enumerate((("name", title, self.name),
                                                  ("code", self.tr("统计用区划代码 *"), self.code))):
            caption = QLabel(label)
            caption.setBuddy(edit)
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setMinimumWidth(260)
            message = QLabel()
            message.setStyleSheet(ERROR_STYLE)
            message.setWordWrap(True)
            grid.addWidget(caption, row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(message, row, 2)
            self.messages[key] = message
            edit.editingFinished.connect(lambda key=key: self._left(key))
        grid.setRowStretch(2, 1)
        self._touched: set[str] = set()

    def initializePage(self) -> None:
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> tuple[str, str]:
        return normalise_code(self.code.text()), self.name.text().strip()

    def _show(self, problems: dict[str, str], only: set[str] | None = None) -> None:
        for key, label in self.messages.items():
            label.setText(problems.get(key, "") if only is None or key in only else "")

    def _left(self, key: str) -> None:
        self._touched.add(key)
        self._show(township_problems(self.code.text(), self.name.text(), self.digits), self._touched)

    def validatePage(self) -> bool:
        problems = township_problems(self.code.text(), self.name.text(), self.digits)
        self._touched.update(self.messages)  # leaving a field from now on keeps the others' messages
        self._show(problems)
        if problems:
            (self.name if "name" in problems else self.code).setFocus(Qt.FocusReason.OtherFocusReason)
        return not problems

    def nextId(self) -> int:
        return ADMIN_PAGE


class AdminPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("管理员账户"))
        self.setSubTitle(self.tr("管理员可以管理用户、修改设置和全部登记簿。请牢记密码：数据会用它加密。"
                                 "忘记后由另一位管理员在“工具 → 用户管理”中重设，"
                                 "或用下一页给出的恢复码重设。"))
        # Creating the database is the step that cannot be taken back: no 上一步 after it.
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("创建数据库"))
        self.form = AdminForm(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addStretch(1)

    def validatePage(self) -> bool:
        if not self.form.check():
            return False
        wizard = self.wizard()
        return wizard.create() if isinstance(wizard, FirstRunWizard) else True

    def nextId(self) -> int:
        return RECOVERY_PAGE


class RecoveryPage(QWizardPage):
    """The recovery code, once: 完成 waits for the tick that says it was printed or copied."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("恢复码"))
        self.setSubTitle(self.tr("数据库已创建并加密。请保管好下面的恢复码。"))
        layout = QVBoxLayout(self)
        self.panel = RecoveryCodePanel()
        self.panel.kept_changed.connect(lambda _kept: self.completeChanged.emit())
        layout.addWidget(self.panel)

    def initializePage(self) -> None:
        wizard = self.wizard()
        if isinstance(wizard, FirstRunWizard):
            self.panel.show_code(wizard.title, wizard.recovery_code or "")
            # The database exists now; cancelling would only lose the one showing of the code.
            wizard.setOption(QWizard.WizardOption.NoCancelButton, True)

    def isComplete(self) -> bool:
        return self.panel.kept.isChecked()

    def nextId(self) -> int:
        return -1


class FirstRunWizard(QWizard):
    """Creates the database at ``path`` (a village's or a township's); afterwards ``user`` is the
    administrator who set it up."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.user: User | None = None
        self.recovery_code: str | None = None
        self.title = ""
        self.setWindowTitle(self.tr("村务台账 — 首次使用"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        # The village page's fields and their messages side by side, no sideways scroll; a smaller
        # screen gets less (screen_fit), the village page scrolls.
        self.resize(900, 600)
        self.welcome_page = WelcomePage(self.path)
        self.village_page = VillagePage()
        self.township_page = TownshipPage()
        self.county_page = TownshipPage(county=True)
        self.admin_page = AdminPage()
        self.recovery_page = RecoveryPage()
        self.setPage(WELCOME_PAGE, self.welcome_page)
        self.setPage(VILLAGE_PAGE, self.village_page)
        self.setPage(TOWNSHIP_PAGE, self.township_page)
        self.setPage(ADMIN_PAGE, self.admin_page)
        self.setPage(RECOVERY_PAGE, self.recovery_page)
        self.setPage(COUNTY_PAGE, self.county_page)
        self.setStartId(WELCOME_PAGE)
        for button, text_ in ((QWizard.WizardButton.NextButton, self.tr("下一步")),
                              (QWizard.WizardButton.BackButton, self.tr("上一步")),
                              (QWizard.WizardButton.FinishButton, self.tr("完成")),
                              (QWizard.WizardButton.CancelButton, self.tr("取消"))):
            self.setButtonText(button, text_)

    def _create(self) -> Store:
        if self.welcome_page.is_county():
            code, name = self.county_page.values()
            return Store.create_county(self.path, code, name)
        if self.welcome_page.is_township():
            code, name = self.township_page.values()
            return Store.create_township(self.path, code, name)
        values = self.village_page.values()
        code, name = str(values.get("统计用区划代码", "")), str(values.get("村名", ""))
        return Store.create_village(self.path, code, name, values)

    def reject(self) -> None:
        # Esc or the window's close button on the recovery page: the code is not kept yet.
        if self.user is not None and not self.recovery_page.isComplete():
            return
        super().reject()

    def create(self) -> bool:
        """The database and its administrator (the administrator page's 创建数据库)."""
        if self.user is not None:
            return True
        try:
            store = self._create()
        except (StoreError, ValueError) as exc:
            self.admin_page.error.setText(self.tr("无法创建数据库：{0}").format(exc))
            return False
        try:
            self.user = self.admin_page.form.create_in(store)
        except (StoreError, ValueError) as exc:
            # Half a setup (a database nobody can log in to) is worse than none: start again.
            store.close()
            for suffix in ("", "-wal", "-shm", ".keys"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self.admin_page.error.setText(self.tr("无法创建管理员：{0}").format(exc))
            return False
        self.title = store.village_name
        self.recovery_code = self.admin_page.form.recovery_code
        store.close()
        return True


class FirstAdminDialog(QDialog):
    """A database with no users yet (made by the command line): set up its administrator."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.user: User | None = None
        self.setWindowTitle(self.tr("设置管理员"))
        self.setMinimumWidth(420)  # the fields' hints (例如 admin 或 文书姓名的拼音) whole
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("这个数据库还没有用户，没有加密。请设置第一个管理员账户：设置后数据会加密，"
                              "只有登录的用户才能打开。"))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.form = AdminForm(self)
        layout.addWidget(self.form)
        buttons = dialog_buttons(self)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if not self.form.check():
            return
        try:
            self.user = self.form.create_in(self.store)
        except (StoreError, ValueError) as exc:
            self.form.message.setText(str(exc))
            return
        if self.form.recovery_code:
            RecoveryCodeDialog(self.store.village_name, self.form.recovery_code, self).exec()
        super().accept()
