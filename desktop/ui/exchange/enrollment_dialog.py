"""Village: import the township's enrollment file (its public keys), once. Township: the same
for the county's file (``level=TOWNSHIP_TO_COUNTY``, ``sync.exchange.county``).

The file proves only that it is intact, not who made it, so the dialog shows the
township's name, code and key fingerprints and asks the clerk to confirm them with the
township (by phone or on paper) before accepting. After importing it shows this PC's own
fingerprint, which the township is asked to confirm at the first package.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.exchange.widgets import FINGERPRINT_STYLE, FolderField, problem_label, wrapped_label
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.runner import run
from sync.exchange import status
from sync.exchange.county import CountyEnrollResult, CountyLink, county_link, enroll_with_county
from sync.exchange.enrollment import CountyEnrollment, Enrollment, read_county_enrollment, read_enrollment
from sync.exchange.identity import EnrollResult, enroll, enrollment_change_text
from sync.exchange.level import TOWNSHIP_TO_COUNTY, VILLAGE_TO_TOWNSHIP, Level
from sync.exchange.stick_files import SyncFileError
from sync.store.store import StoreError
from sync.store.users import REPLACE_ENROLLMENT, User, refusal
from sync.store.village_names import village_label


class EnrollmentDialog(QDialog):
    loaded = Signal()
    enrolled = Signal(object)  # EnrollResult (a township: CountyEnrollResult)

    def __init__(self, worker: DbWorker, parent: QWidget | None = None, path: Path | None = None,
                 user: User | None = None, *, level: Level = VILLAGE_TO_TOWNSHIP) -> None:
        super().__init__(parent)
        self.worker = worker
        self.user = user  # to say before asking that only an administrator may change the township
        # Whose file this member imports: the township's (a village) or the county's (a township).
        self.level = level
        self.upward = level is TOWNSHIP_TO_COUNTY
        self.enrollment: Enrollment | CountyEnrollment | None = None
        self.identity: status.Identity | None = None
        self.county: CountyLink | None = None  # a township: the county it reports to now
        self.result_: EnrollResult | CountyEnrollResult | None = None
        self._read_error = ""
        self.setObjectName("EnrollmentDialog")
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        if self.upward:
            self.setWindowTitle(self.tr("导入区县注册文件"))
            layout.addWidget(wrapped_label(self.tr(
                "区县民政局会发给本乡镇一个注册文件（文件名以 .cunwu-enroll 结尾）。"
                "导入后，本乡镇上报的数据包只有该区县能打开，区县的回执也以它核对。")))
            self.file = FolderField(self.tr("选择注册文件…"), self, caption=self.tr("选择区县注册文件"),
                                    file_filter=self.tr("区县注册文件 (*.cunwu-enroll);;所有文件 (*)"))
        else:
            self.setWindowTitle(self.tr("导入乡镇注册文件"))
            layout.addWidget(wrapped_label(self.tr(
                "乡镇民政办会发给本村一个注册文件（文件名以 .cunwu-enroll 结尾）。导入后，本村导出的数据包"
                "只有该乡镇能打开，乡镇的回执和返回数据包也以它核对。")))
            self.file = FolderField(self.tr("选择注册文件…"), self, caption=self.tr("选择乡镇注册文件"),
                                    file_filter=self.tr("乡镇注册文件 (*.cunwu-enroll);;所有文件 (*)"))
        self.file.changed.connect(self._file_changed)
        self.file.typed.connect(self._file_typed)
        layout.addWidget(self.file)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.township_name = QLabel("—")
        self.township_code = QLabel("—")
        self.signing_fp = QLabel("—")
        self.encryption_fp = QLabel("—")
        for label in (self.township_name, self.township_code, self.signing_fp, self.encryption_fp):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.signing_fp, self.encryption_fp):
            label.setStyleSheet(FINGERPRINT_STYLE)
        # (named for the township; at the county level they show the county's name and code)
        form.addRow(self.tr("区县名称：") if self.upward else self.tr("乡镇名称："), self.township_name)
        form.addRow(self.tr("区县代码：") if self.upward else self.tr("乡镇代码："), self.township_code)
        form.addRow(self.tr("签名密钥指纹："), self.signing_fp)
        form.addRow(self.tr("加密密钥指纹："), self.encryption_fp)
        layout.addLayout(form)

        self.current = wrapped_label()
        layout.addWidget(self.current)
        self.problem = problem_label()
        layout.addWidget(self.problem)
        self.checked = QCheckBox(self.tr("我已与区县电话（或书面）核对以上两个指纹，完全一致") if self.upward
                                 else self.tr("我已与乡镇电话（或书面）核对以上两个指纹，完全一致"))
        self.checked.toggled.connect(self._update_buttons)
        layout.addWidget(self.checked)

        buttons = QDialogButtonBox()
        self.import_button = QPushButton(self.tr("导入"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.accept_enrollment)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        if self.upward:
            run(self, worker, lambda store, _work: (status.identity(store), county_link(store)),
                self._township_loaded, self._failed)
        else:
            run(self, worker, lambda store, _work: status.identity(store), self._identity_loaded,
                self._failed)
        if path is not None:
            self.file.set_path(path)

    # ------------------------------------------------------------ showing
    def _township_loaded(self, found: tuple[status.Identity, CountyLink | None]) -> None:
        self.identity, self.county = found
        identity, link = found
        if not identity.is_township or not identity.code or len(identity.code) != self.level.member_digits:
            self.current.setText(self.tr("只有乡镇数据库可以导入区县的注册文件。"))
            self.file.setEnabled(False)
        elif link is not None:
            self.current.setText(self.tr("目前登记的区县：{0}（{1}），签名密钥指纹 {2}。"
                                         "导入新的注册文件会替换它。").format(
                link.county_name, link.county_code, link.signing_fingerprint))
        else:
            self.current.setText(self.tr("本乡镇（{0}）尚未登记区县。").format(identity.code))
        self._show_problem()
        self.loaded.emit()

    def _identity_loaded(self, identity: status.Identity) -> None:
        self.identity = identity
        if identity.is_township:
            self.current.setText(self.tr("这是乡镇数据库，不需要导入注册文件；注册文件是乡镇发给各村的。"))
            self.file.setEnabled(False)
        elif identity.township is not None:
            link = identity.township
            self.current.setText(self.tr("目前登记的乡镇：{0}（{1}），签名密钥指纹 {2}。"
                                         "导入新的注册文件会替换它。").format(
                link.township_name, link.township_code, link.signing_fingerprint))
        else:
            self.current.setText(self.tr("本村（{0}，{1}）尚未登记乡镇。").format(
                identity.name, identity.code))
        self._show_problem()
        self.loaded.emit()

    def _file_typed(self, path: Path | None) -> None:
        """Read the file as soon as the typed path names one; say what is wrong only once typing is done."""
        if path is not None and path.is_file():
            self._file_changed(path)
        elif self.enrollment is not None or self._read_error:
            self._file_changed(None)

    def _file_changed(self, path: Path | None) -> None:
        self.enrollment = None
        self._read_error = ""
        if path is not None:
            try:
                self.enrollment = read_county_enrollment(path) if self.upward else read_enrollment(path)
            except SyncFileError as exc:
                self._read_error = str(exc)
        e = self.enrollment
        if isinstance(e, CountyEnrollment):
            self.township_name.setText(e.county_name)
            self.township_code.setText(e.county_code)
        else:
            self.township_name.setText(e.township_name if e else "—")
            self.township_code.setText(e.township_code if e else "—")
        self.signing_fp.setText(e.signing_fingerprint if e else "—")
        self.encryption_fp.setText(e.encryption_fingerprint if e else "—")
        self.checked.setChecked(False)
        self._show_problem()

    def _show_problem(self) -> None:
        texts = []
        if self._read_error:
            texts.append(self._read_error)
        if self.upward:
            texts.extend(self._county_problems())
            self._set_problem(texts)
            return
        e, me = self.enrollment, self.identity
        assert not isinstance(e, CountyEnrollment)
        outside = e is not None and me is not None and not me.code.startswith(e.township_code)
        if self._for_another_village():
            assert e is not None and me is not None and e.village_code is not None
            texts.append(self.tr("这个注册文件是乡镇“{0}”专为{1}生成的，不能用于本村（村代码 {2}）。"
                                 "请向乡镇索取本村的注册文件。").format(
                e.township_name, village_label(e.village_name, e.village_code), me.code))
        elif e is not None and me is not None and not me.is_township and outside:
            texts.append(self.tr("注意：本村代码 {0} 不在乡镇“{1}”（{2}）的代码范围内，"
                                 "请确认这是本乡镇发放的注册文件。").format(
                me.code, e.township_name, e.township_code))
        if e is not None and me is not None and me.township is not None \
                and me.township.signing_public_bytes != e.signing_public_bytes:
            texts.append(self.tr("注意：这个注册文件与目前登记的乡镇不同，导入后将改为发给“{0}”。")
                         .format(e.township_name))
        self._set_problem(texts)

    def _set_problem(self, texts: list[str]) -> None:
        self.problem.setText("\n".join(texts))
        self.problem.setVisible(bool(texts))
        # Grow to fit the message rather than squeeze the fingerprints above it.
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))
        self._update_buttons()

    def _county_problems(self) -> list[str]:
        e, link = self.enrollment, self.county
        texts = []
        if self._for_another_village():
            assert isinstance(e, CountyEnrollment) and self.identity is not None
            texts.append(self.tr("这个注册文件是区县“{0}”为乡镇 {1} 生成的，不能用于本乡镇（乡镇代码 {2}）。"
                                 "请向区县索取本乡镇的注册文件。").format(
                e.county_name, e.township_code, self.identity.code))
        if isinstance(e, CountyEnrollment) and link is not None \
                and link.signing_public_bytes != e.signing_public_bytes:
            texts.append(self.tr("注意：这个注册文件与目前登记的区县“{0}”不同，导入后将改为上报给“{1}”。")
                         .format(link.county_name, e.county_name))
        return texts

    def _for_another_village(self) -> bool:
        """The file is bound to another member than this database (village, or township upward)."""
        e, me = self.enrollment, self.identity
        if e is None or me is None:
            return False
        bound = e.township_code if isinstance(e, CountyEnrollment) else e.village_code
        return bound is not None and bound != me.code

    def _update_buttons(self) -> None:
        me = self.identity
        right_kind = me is not None and (me.is_township == self.upward) and (
            not self.upward or len(me.code) == self.level.member_digits)
        ready = self.enrollment is not None and right_kind and not self._for_another_village()
        self.checked.setEnabled(ready)
        self.import_button.setEnabled(ready and self.checked.isChecked())

    # ------------------------------------------------------------ importing
    def accept_enrollment(self) -> None:
        path = self.file.path()
        if self.enrollment is None or path is None or not self.checked.isChecked():
            return
        if self.upward:
            self._enroll_with_county(path)
            return
        replace = False
        current = self.identity.township if self.identity is not None else None
        if current is not None and current.signing_public_bytes != self.enrollment.signing_public_bytes:
            # Changing the township: an administrator, who confirms knowing both names.
            refused = refusal(self.user, REPLACE_ENROLLMENT) if self.user is not None else None
            if refused:
                msgbox.warn(self, refused, self.tr("更换乡镇"))
                return
            question = "\n\n".join((enrollment_change_text(current, self.enrollment),
                                    self.tr("确定要更换乡镇吗？")))
            if not msgbox.confirm(self, question, self.tr("更换乡镇")):
                return
            replace = True
        self.import_button.setEnabled(False)
        run(self, self.worker, lambda store, _work: enroll(store, path, replace_township=replace),
            self._enrolled, self._failed, title=self.tr("正在导入注册文件…"), progress=True, keep_done=True)

    def _enroll_with_county(self, path: Path) -> None:
        link, e = self.county, self.enrollment
        if link is not None and isinstance(e, CountyEnrollment) \
                and link.signing_public_bytes != e.signing_public_bytes:
            question = self.tr("本乡镇目前上报给“{0}”（{1}）。改为上报给“{2}”（{3}）吗？").format(
                link.county_name, link.county_code, e.county_name, e.county_code)
            if not msgbox.confirm(self, question, self.tr("更换区县")):
                return
        self.import_button.setEnabled(False)
        run(self, self.worker, lambda store, _work: enroll_with_county(store, path),
            self._enrolled_with_county, self._failed, title=self.tr("正在导入注册文件…"), progress=True,
            keep_done=True)

    def _enrolled_with_county(self, result: CountyEnrollResult) -> None:
        self.result_ = result
        link = result.county
        text = self.tr("已导入区县注册文件：{0}（{1}）。\n\n区县签名密钥指纹：{2}\n区县加密密钥指纹：{3}\n"
                       "请与区县电话核对以上指纹。\n\n本机密钥指纹：{4}").format(
            link.county_name, link.county_code, link.signing_fingerprint, link.encryption_fingerprint,
            result.own_fingerprint)
        if result.replaced is not None:
            text += self.tr("\n\n已由“{0}”（{1}）改为“{2}”（{3}）。").format(
                result.replaced.county_name, result.replaced.county_code, link.county_name, link.county_code)
        msgbox.inform(self, text, self.tr("注册文件"))
        self.enrolled.emit(result)
        self.accept()

    def _enrolled(self, result: EnrollResult) -> None:
        self.result_ = result
        link = result.township
        text = self.tr("已导入乡镇注册文件：{0}（{1}）。\n\n本机密钥指纹：{2}\n"
                       "乡镇第一次导入本村的数据包时会显示这个指纹，请把它告诉乡镇以便核对。").format(
            link.township_name, link.township_code, result.own_fingerprint)
        if result.warning:
            text += "\n\n" + result.warning
        msgbox.inform(self, text, self.tr("注册文件"))
        self.enrolled.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, StoreError | SyncFileError | PermissionError):
            msgbox.warn(self, str(error))
            self._update_buttons()
            return
        raise error
