"""导入U盘数据: every package on the stick verified and imported in order, then a summary.

The township imports every village's data packages; a village imports the township's
return packages addressed to it (the others on the stick are left alone). The import runs
on the worker thread with a progress dialog; 取消 stops after the package being applied,
and the summary lists what was done. Before a new village PC is trusted the person at
the screen is shown its key fingerprint and asked (``confirm_installation``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.exchange.widgets import (
    FolderField,
    OneLineDelegate,
    Row,
    RowsModel,
    fit,
    folder_row,
    problem_label,
    rows_table,
    size_within_screen,
    title_label,
    wrapped_label,
)
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.i18n import translate
from desktop.ui.widgets.runner import Run, run
from sync.exchange import stick
from sync.exchange.import_summary import ACCEPTED, DUPLICATE, REFUSED, SKIPPED, PackageResult
from sync.exchange.stick_files import SyncFileError
from sync.exchange.township import NewInstallation
from sync.store.store import StoreError
from sync.store.users import PermissionDenied


def installation_question(question: NewInstallation) -> str:
    """What the township is asked before trusting a new village PC (the county: a township's)."""
    if question.member != "村":
        return township_question(question)
    name = question.village_name or translate("ImportPackagesDialog", "未知村名")
    who = f"{name}（{question.village}）"
    if question.existing:
        stopped = translate("ImportPackagesDialog", "（已停用）")
        known = "、".join(i.fingerprint + (stopped if i.retired else "") for i in question.existing)
        return translate("ImportPackagesDialog",
                         "数据包来自{0}的另一台电脑。\n\n该村已登记的电脑，密钥指纹：{1}\n"
                         "这台电脑的密钥指纹：{2}\n\n"
                         "如果该村换了电脑或重装了村务台账，请打电话请村里念出本机密钥指纹，与上面核对，"
                         "一致才接受；否则这可能是伪造的数据包。\n\n接受并登记这台新电脑吗？").format(
            who, known, question.fingerprint)
    return translate("ImportPackagesDialog",
                     "第一次收到{0}这台电脑的数据包。\n\n这台电脑的密钥指纹：{1}\n\n"
                     "请打电话请村里念出本机密钥指纹（村里导入注册文件或导出数据包时可以看到），与上面核对，"
                     "一致才接受。\n\n接受并登记这台电脑吗？").format(who, question.fingerprint)


def township_question(question: NewInstallation) -> str:
    """What the county is asked before trusting a township's PC."""
    name = question.village_name or translate("ImportPackagesDialog", "未知乡镇")
    known = "、".join(i.fingerprint for i in question.existing)
    before = (translate("ImportPackagesDialog", "该乡镇已登记的电脑，密钥指纹：{0}\n").format(known)
              if known else "")
    return translate("ImportPackagesDialog",
                     "第一次收到{0}这台电脑上报的数据包。\n\n{1}这台电脑的密钥指纹：{2}\n\n"
                     "请打电话请乡镇念出本机密钥指纹，与上面核对，一致才接受；"
                     "否则这可能是伪造的数据包。\n\n接受并登记这台电脑吗？").format(
        f"{name}（{question.village}）", before, question.fingerprint)


def confirm_installation(parent: QWidget | None, question: NewInstallation) -> bool:
    title = (translate("ImportPackagesDialog", "核对村电脑的密钥指纹") if question.member == "村"
             else translate("ImportPackagesDialog", "核对乡镇电脑的密钥指纹"))
    return msgbox.confirm(parent, installation_question(question), title)


def status_text(status: str) -> str:
    return {ACCEPTED: translate("ImportPackagesDialog", "已导入"),
            DUPLICATE: translate("ImportPackagesDialog", "重复"),
            REFUSED: translate("ImportPackagesDialog", "拒绝"),
            SKIPPED: translate("ImportPackagesDialog", "跳过")}[status]


STATUS_TONE = {ACCEPTED: None, DUPLICATE: "muted", REFUSED: "error", SKIPPED: "muted"}


def village_conflicts_text(conflicts: int, still_open: int) -> str:
    """A village has no conflict review: say what became of records both sides changed."""
    texts = []
    if conflicts - still_open:
        texts.append(translate("ImportPackagesDialog", "其中 {0} 条本村也改过，已按乡镇的裁决更新").format(
            conflicts - still_open))
    if still_open:
        texts.append(translate("ImportPackagesDialog", "其中 {0} 条本村和乡镇改得不同，暂按其中一方保存，"
                               "可在该记录的“历史”中查看两边的值").format(still_open))
    return "；".join(texts)


def result_row(result: PackageResult, declined: Collection[str] = (),
               open_conflicts: Mapping[str, int] | None = None) -> Row:
    """One line of the summary: village, sequence, counts, or the reason it was refused.

    ``declined``: fingerprints the person refused to trust in this import. The engine's
    reason for those speaks to the command line (``--accept-new-installation``); here the
    person just said no, so the line says that instead. ``open_conflicts`` (a village's
    import): per package ID, its conflicts still open; None at the township, where every
    conflict waits in 冲突审核.
    """
    village = f"{result.village_name or ''} {result.village or ''}".strip()
    c = result.counts
    counted = result.status == ACCEPTED
    warn = bool(c.conflicts)
    if result.status == ACCEPTED:
        note = ""
        if result.pinned:
            note = translate("ImportPackagesDialog", "已登记这台电脑，密钥指纹 {0}").format(
                result.fingerprint)
        if c.conflicts and open_conflicts is None:
            conflicts = translate("ImportPackagesDialog", "有 {0} 处冲突待审核").format(c.conflicts)
            note = "；".join(filter(None, [note, conflicts]))
        elif c.conflicts and open_conflicts is not None:
            still_open = open_conflicts.get(result.package_id or "", 0)
            warn = bool(still_open)
            note = "；".join(filter(None, [note, village_conflicts_text(c.conflicts, still_open)]))
    elif result.status == DUPLICATE:
        note = translate("ImportPackagesDialog", "已导入过，未做任何修改")
    elif result.status == REFUSED and result.fingerprint in declined:
        note = translate("ImportPackagesDialog", "没有接受这台电脑（密钥指纹 {0}），未导入任何数据。"
                         "核对无误后可重新导入并选择接受。").format(result.fingerprint)
    else:
        note = result.reason
    if result.receipt_problem:
        note = "；".join(filter(None, [note, result.receipt_problem]))
    tone = STATUS_TONE[result.status] or ("warning" if warn else None)
    status = status_text(result.status)
    if result.outdated:
        status, tone = translate("ImportPackagesDialog", "已过时"), "muted"
        note = translate("ImportPackagesDialog", "旧数据包，未改动：这台电脑更新的数据包已导入过")
    cells = [result.path.name, village, result.sequence, status,
             *((c.new, c.updated, c.unchanged, c.deleted, c.conflicts) if counted else ("",) * 5), note]
    return Row(cells, str(result.path), tone, tips={0: str(result.path), 9: note}, bold={3})


class ImportPackagesDialog(QDialog):
    imported = Signal(object)  # stick.StickImport
    import_failed = Signal(str)

    def __init__(self, worker: DbWorker, parent: QWidget | None = None, *, township: bool,
                 folder: Path | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.township = township
        self.outcome: stick.StickImport | None = None
        self.task: Run | None = None
        self.declined: set[str] = set()
        self.setObjectName("ImportPackagesDialog")
        size_within_screen(self, 1180, 560)
        layout = QVBoxLayout(self)
        if township:
            self.setWindowTitle(self.tr("导入U盘数据"))
            intro = self.tr("选择U盘上存放各村数据包的文件夹。其中每个数据包都会先完整校验"
                            "（签名、完整性、所属村），再按村和序号依次导入；导入后在数据包旁写回执，"
                            "村里下次插入U盘时即知乡镇已收到。")
        else:
            self.setWindowTitle(self.tr("导入乡镇返回数据包"))
            intro = self.tr("选择U盘上的文件夹。乡镇发给本村的返回数据包（冲突的裁决、更正、设置）"
                            "会先校验再导入；U盘上其他村的数据包不会处理。")
        layout.addWidget(title_label(self.windowTitle()))
        layout.addWidget(wrapped_label(intro))
        self.folder = FolderField.on_stick(self)
        self.folder.changed.connect(self._folder_changed)
        self.folder.typed.connect(self._folder_changed)
        self.start_button = QPushButton(self.tr("开始导入"))
        self.start_button.clicked.connect(self.start)
        layout.addLayout(folder_row(self.folder, self.start_button))

        self.summary = wrapped_label(selectable=True)
        layout.addWidget(self.summary)
        self.problem = problem_label()
        layout.addWidget(self.problem)
        self.model = RowsModel([self.tr("数据包文件"), self.tr("村（社区）"), self.tr("序号"),
                                self.tr("结果"), self.tr("新增"), self.tr("更新"), self.tr("未变"),
                                self.tr("删除"), self.tr("冲突"), self.tr("说明")], self)
        self.table = rows_table(self.model)
        self.table.setObjectName("import_summary")
        self.table.setWordWrap(True)  # the reasons; file names stay on one line, shortened in the middle
        self.one_line = OneLineDelegate(self.table)
        self.table.setItemDelegateForColumn(0, self.one_line)
        layout.addWidget(self.table, 1)

        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if folder is not None:
            self.folder.set_path(folder)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.start_button.setEnabled(self.task is None and self.folder.path() is not None)

    def _folder_changed(self, _path: object) -> None:
        self._enter_starts(True)
        self._update_buttons()

    def _enter_starts(self, starts: bool) -> None:
        """Enter imports until a stick has been imported; then it closes (not the same stick again)."""
        self.start_button.setAutoDefault(starts)
        self.start_button.setDefault(starts)
        self.close_button.setDefault(not starts)

    def start(self) -> None:
        if self.task is not None:
            return
        folder = self.folder.existing()
        if folder is None:
            return
        self.summary.setText(self.tr("正在导入…"))
        self.problem.hide()
        self.model.set_rows([])
        self.declined.clear()
        self.task = run(self, self.worker,
                        lambda store, work: stick.import_stick(
                            store, folder, confirm=lambda question: bool(work.ask(question)), progress=work,
                            cancel=work.stop_requested),
                        self._imported, self._failed, title=self.tr("正在导入U盘数据…"), progress=True,
                        keep_done=True, answer=self._confirm)
        self._update_buttons()

    def _confirm(self, question: NewInstallation) -> bool:
        accepted = confirm_installation(self, question)
        if not accepted:
            self.declined.add(question.fingerprint)
        return accepted

    def cancel(self) -> None:
        """The progress dialog's 取消 (also for tests)."""
        if self.task is not None:
            self.task.cancel()

    def _imported(self, outcome: stick.StickImport) -> None:
        self.task = None
        self.outcome = outcome
        summary = outcome.summary
        open_conflicts = None if self.township else outcome.open_conflicts
        self.model.set_rows([result_row(r, self.declined, open_conflicts) for r in summary.results])
        fit(self.table, 300)
        self.table.horizontalHeader().resizeSection(0, min(self.table.horizontalHeader().sectionSize(0), 240))
        # The reason a package was refused is the line that matters: shown whole, wrapped.
        self.table.resizeRowsToContents()
        self.summary.setText(self.describe(outcome))
        problem = ""
        if summary.problem:  # a full disk stopped the import: said first, in its own words
            problem = summary.problem
        elif summary.count(REFUSED):
            problem = self.tr("被拒绝的数据包没有改动任何数据，原因见“说明”一栏。")
        elif outcome.nearby:
            problem = self.nearby_text(outcome)
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        if len(outcome.nearby) == 1:  # the one folder meant: offered, so 开始导入 takes it
            self.folder.set_path(outcome.nearby[0][0])
            self.start_button.setFocus()
        elif summary.results:
            self._enter_starts(False)
            self.close_button.setFocus()
        self._update_buttons()
        self.imported.emit(outcome)

    def describe(self, outcome: stick.StickImport) -> str:
        summary = outcome.summary
        if not summary.results:
            text = (self.tr("文件夹中没有找到数据包。") if self.township
                    else self.tr("U盘上没有发给本村的返回数据包。"))
        else:
            total = summary.totals()
            text = self.tr("共 {0} 个数据包：导入 {1}，重复 {2}，拒绝 {3}，跳过 {4}。"
                           "新增 {5} 条，更新 {6} 条，未变 {7} 条，删除 {8} 条").format(
                len(summary.results), summary.count(ACCEPTED), summary.count(DUPLICATE),
                summary.count(REFUSED), summary.count(SKIPPED), total.new, total.updated, total.unchanged,
                total.deleted)
            if self.township:
                text += self.tr("；冲突 {0} 处。").format(total.conflicts)
            else:
                still_open = sum(outcome.open_conflicts.values())
                conflicts = village_conflicts_text(total.conflicts, still_open)
                text += (self.tr("（{0}）。").format(conflicts) if conflicts else self.tr("。"))
        if summary.cancelled:
            text += self.tr("\n已取消：其余数据包没有导入，可以稍后再导入。")
        if outcome.ignored:
            text += self.tr("\nU盘上另有 {0} 个数据包不是发给本村的，没有处理。").format(outcome.ignored)
        if summary.backup is not None:
            text += self.tr("\n导入前已备份数据库：{0}").format(summary.backup)
        for hint in outcome.recovery:  # sync.exchange.recovery: a new PC that needs the village's registers
            if hint.requested:
                what = self.tr("{0}（{1}）的新电脑（密钥指纹 {2}）请求从乡镇恢复本村数据：")
            else:
                what = self.tr("已登记{0}（{1}）新换的电脑（密钥指纹 {2}）。如果它要从乡镇恢复本村数据，")
            text += "\n" + what.format(hint.village_name, hint.village, hint.fingerprint) + self.tr(
                "请在“各村概况”中选中该村，导出返回数据包，发给这台电脑并勾选“完整数据包”。")
        return text

    def nearby_text(self, outcome: stick.StickImport) -> str:
        """The person chose the folder above the packages: name the subfolders that hold them."""
        found = "、".join(self.tr("“{0}”（{1} 个）").format(path.name, count)
                         for path, count in outcome.nearby)
        text = self.tr("数据包不在这个文件夹里，而在它的子文件夹{0}中。").format(found)
        if len(outcome.nearby) == 1:
            return text + self.tr("已改为选择该文件夹，请再点“开始导入”。")
        return text + self.tr("请选择其中一个文件夹。")

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self._update_buttons()
        if isinstance(error, StoreError | SyncFileError | PermissionDenied | OSError):
            self.summary.setText("")
            self.problem.setText(str(error))
            self.problem.show()
            self.import_failed.emit(str(error))
            return
        raise error

    def reject(self) -> None:
        if self.task is not None:  # closing while importing: stop after the current package first
            self.task.cancel()
            return
        super().reject()
