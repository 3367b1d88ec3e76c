"""The township's window: villages, conflict review, import log, merged registers, statistics.

Laid out like the village window (a navigation list of pages with counts and badges, the
page on the right), with the township's actions on top: 导入U盘数据, 导出返回数据包,
注册文件, 打印台账, and a village filter that applies to the registers, the conflicts,
the import log and the printed book. Sync work runs on the window's ``DbWorker``; the
register tables read on this thread as in the village window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QToolBar,
    QWidget,
)

from desktop.ui.exchange.export_dialog import ExportPackageDialog
from desktop.ui.exchange.import_dialog import ImportPackagesDialog
from desktop.ui.township import choice_lists_dialog
from desktop.ui.township.conflict_review import ConflictReviewView
from desktop.ui.township.enrollment_target_dialog import EnrollmentTargetDialog
from desktop.ui.township.import_log_view import ImportLogView
from desktop.ui.township.merged_registers import MergedRegisterView, open_record
from desktop.ui.township.townships_view import TownshipsView
from desktop.ui.township.upward_actions import UpwardActions
from desktop.ui.township.villages_view import VillagesView
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.nav_pane import NavPane, Page
from desktop.ui.widgets.role_gate import gate, refused
from desktop.ui.widgets.runner import Run, Work, run
from desktop.ui.widgets.window_parts import (
    FILE_MENU,
    SCREEN_SIZE,
    add_status_labels,
    make_action,
    save_screenshot,
)
from desktop.version import program_version
from forms.model import Register
from sync.exchange import status
from sync.exchange.stick_files import SyncFileError
from sync.progress import Cancelled
from sync.store import search
from sync.store.store import Store, StoreError
from sync.store.townships import current_townships, township_names
from sync.store.users import (
    EXPORT_RETURN,
    IMPORT_PACKAGE,
    INSTALLATIONS,
    WRITE_ENROLLMENT,
    PermissionDenied,
    refusal,
)
from sync.store.village_names import village_label

VILLAGES_PAGE, CONFLICTS_PAGE, LOG_PAGE = "villages", "conflicts", "import_log"
STATS_PAGE, STATUS_PAGE, CROSS_PAGE = "statistics", "data_status", "cross_checks"
TOWNSHIPS_PAGE = "townships"  # a county's
MERGED_PREFIX = "merged:"


def merged_page(key: str) -> str:
    return MERGED_PREFIX + key


def show_quietly(box: QComboBox, data: object) -> None:
    """Show ``data``'s entry in a filter box without its change signal: the change came from
    elsewhere (a click in a list), and the window already acts on it."""
    index = box.findData(data)
    if index >= 0 and box.currentIndex() != index:
        with QSignalBlocker(box):
            box.setCurrentIndex(index)


class TownshipWindow(QMainWindow):
    page_shown = Signal(str)
    counted = Signal()  # navigation counts and the village list were refreshed

    def __init__(self, store: Store, worker: DbWorker | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.worker = worker or DbWorker(store.path, store.user, store.today, self)
        self.village: str | None = None
        self.names: dict[str, str] = {}
        self.show_full = False
        self.last_folder: Path | None = None
        self.last_dialog: QWidget | None = None
        self.setObjectName("TownshipWindow")
        # A county (区县民政局) opens in this window too: a 乡镇 level above the villages, the
        # statistics drill down county → township → village, and nothing that changes village data.
        self.county = store.is_county
        self.township: str | None = None  # the county's township filter
        self.township_of: dict[str, str] = {}  # village → its township now (a county)
        self.township_labels: dict[str, str] = {}
        self.township_name_of: dict[str, str] = {}  # township code → its name (a county)
        if self.county:
            self.setWindowTitle(self.tr("村务台账（区县汇总）— {0}（{1}）").format(
                store.meta.get("county_name", ""), store.meta.get("county_code", "")))
        else:
            self.setWindowTitle(self.tr("村务台账（乡镇汇总）— {0}（{1}）").format(
                store.meta.get("township_name", ""), store.meta.get("township_code", "")))

        self.pane = NavPane(210, (230, 1100))
        self.nav, self.stack, self.pages = self.pane.nav, self.pane.stack, self.pane.pages
        self.setCentralWidget(self.pane)
        self.pane.page_chosen.connect(self.show_page)

        self._make_actions()
        self._make_status_bar()
        township = self.tr("区县") if self.county else self.tr("乡镇")
        if self.county:
            self.add_page(TOWNSHIPS_PAGE, self.tr("各乡镇概况"), self._make_townships, township)
        self.add_page(VILLAGES_PAGE, self.tr("各村概况"), self._make_villages, township)
        if not self.county:  # the county reviews nothing: corrections go back through the township
            self.add_page(CONFLICTS_PAGE, self.tr("冲突审核"), self._make_conflicts, township)
        self.add_page(LOG_PAGE, self.tr("导入记录"), self._make_log, township)
        registers = self.tr("汇总登记簿")
        for reg in store.catalog.ordered(include_profile=True):
            self.add_page(merged_page(reg.key), reg.short if reg.parent else reg.name,
                          lambda reg=reg: self._make_merged(reg), registers)
        statistics = self.tr("统计")
        self.add_page(STATS_PAGE, self.tr("统计汇总"), self._make_statistics, statistics)
        self.add_page(STATUS_PAGE, self.tr("数据状况"), self._make_data_status, statistics)
        self.add_page(CROSS_PAGE, self.tr("跨乡镇、跨村核查") if self.county else self.tr("跨村核查"),
                      self._make_cross_checks, statistics)
        self.resize(SCREEN_SIZE)
        self.show_page(TOWNSHIPS_PAGE if self.county else VILLAGES_PAGE)
        self.refresh_counts()

    # ------------------------------------------------------------------ pages
    def add_page(self, key: str, title: str, factory: Callable[[], QWidget], section: str) -> Page:
        return self.pane.add_page(key, title, factory, section)

    def page_widget(self, key: str) -> QWidget:
        return self.pane.page_widget(key)

    def show_page(self, key: str) -> QWidget:
        widget = self.pane.show_page(key)
        self.page_shown.emit(key)
        return widget

    def current_page_key(self) -> str | None:
        return self.pane.current_key()

    def villages_view(self) -> VillagesView:
        view = self.page_widget(VILLAGES_PAGE)
        assert isinstance(view, VillagesView)
        return view

    def conflicts_view(self) -> ConflictReviewView:
        view = self.page_widget(CONFLICTS_PAGE)
        assert isinstance(view, ConflictReviewView)
        return view

    def log_view(self) -> ImportLogView:
        view = self.page_widget(LOG_PAGE)
        assert isinstance(view, ImportLogView)
        return view

    def show_register(self, key: str) -> MergedRegisterView:
        """The merged register named by key, Chinese name or alias (KeyError if there is none)."""
        view = self.show_page(merged_page(self.store.catalog.register(key).key))
        assert isinstance(view, MergedRegisterView)
        return view

    def merged_view(self, key: str) -> MergedRegisterView:
        view = self.page_widget(merged_page(self.store.catalog.register(key).key))
        assert isinstance(view, MergedRegisterView)
        return view

    def selected_township(self) -> str | None:
        """The township selected in 各乡镇概况 (a county), if that page was opened."""
        page = self.pages.get(TOWNSHIPS_PAGE)
        return page.widget.selected() if page is not None and isinstance(page.widget, TownshipsView) else None

    def townships_view(self) -> TownshipsView:
        view = self.page_widget(TOWNSHIPS_PAGE)
        assert isinstance(view, TownshipsView)
        return view

    def _make_townships(self) -> TownshipsView:
        view = TownshipsView(self.worker, self)
        view.add_action_button(self.upward.enrollment_action)
        view.township_chosen.connect(self.show_township_villages)
        return view

    def _make_villages(self) -> VillagesView:
        view = VillagesView(self.worker, self, county=self.county)
        if self.county:
            view.set_county(self.township, self.township_of, self.township_labels)
        view.village_chosen.connect(self.show_village_registers)
        view.conflicts_requested.connect(self.show_village_conflicts)
        view.return_requested.connect(self.export_return_package)
        if not self.return_action.isEnabled():
            view.refuse_returns(self.return_action.toolTip())
        pcs_refused = refusal(self.store.user, INSTALLATIONS)
        if pcs_refused:
            view.refuse_pc_changes(pcs_refused)
        return view

    def _make_conflicts(self) -> ConflictReviewView:
        view = ConflictReviewView(self.worker, self)
        view.set_names(self.names)
        view.set_village(self.village)
        view.resolved.connect(lambda _id: self.refresh_counts())
        return view

    def _make_log(self) -> ImportLogView:
        view = ImportLogView(self.worker, self)
        view.set_village(self.village)
        return view

    def _make_merged(self, reg: Register) -> MergedRegisterView:
        view = MergedRegisterView(self.store, reg, self.names, self)
        view.set_village(self.village)
        view.set_show_full(self.show_full)
        view.open_requested.connect(self.open_record)
        return view

    def _make_statistics(self) -> QWidget:
        from desktop.ui.stats.stats_view import StatisticsView

        view = StatisticsView(self.store, self)
        view.openRecord.connect(self.open_record)
        return view

    def _make_data_status(self) -> QWidget:
        from desktop.ui.township.data_status_view import DataStatusView

        view = DataStatusView(self.store, self)
        view.openRecord.connect(self.open_record)
        view.villageChosen.connect(self.show_village_registers)
        view.townshipChosen.connect(self.show_township_villages)
        return view

    def _make_cross_checks(self) -> QWidget:
        from desktop.ui.township.cross_checks_view import CrossChecksView

        view = CrossChecksView(self.store, self)
        view.openRecord.connect(self.open_record)
        return view

    def open_record(self, uuid: str) -> QWidget | None:
        if not uuid:
            return None
        try:
            return open_record(self.store, uuid, self.names, self, show_full=self.show_full)
        except StoreError as exc:
            msgbox.warn(self, str(exc))
            return None

    # ------------------------------------------------------------ the village
    def set_village(self, code: str | None) -> None:
        """Show one village (None: all) in the registers, conflicts and import log."""
        if code == self.village:
            return
        self.village = code
        show_quietly(self.village_box, code)
        for page in self.pages.values():
            widget = page.widget
            if isinstance(widget, MergedRegisterView | ConflictReviewView | ImportLogView):
                widget.set_village(code)
        self.refresh_counts()

    # ------------------------------------------------------ the county's township
    def set_township(self, code: str | None) -> None:
        """A county: show one township's villages (None: all) in the village filter and list."""
        if code == self.township:
            return
        self.township = code
        show_quietly(self.township_box, code)
        if self.village and code and self.township_of.get(self.village) != code:
            self.set_village(None)
        self._fill_village_box(list(self.names.items()))
        widget = self.pages[VILLAGES_PAGE].widget
        if isinstance(widget, VillagesView):
            widget.set_county(code, self.township_of, self.township_labels)

    def show_township_villages(self, code: str) -> None:
        self.set_township(code)
        self.show_page(VILLAGES_PAGE)

    def show_village_registers(self, code: str) -> None:
        self.set_village(code)
        self.show_page(merged_page("committee_members"))

    def show_village_conflicts(self, code: str) -> None:
        self.set_village(code)
        self.show_page(CONFLICTS_PAGE)

    def village_label(self, code: str) -> str:
        return village_label(self.names.get(code), code)

    # ---------------------------------------------------------------- actions
    def _action(self, text: str, slot: Callable[[], Any], shortcut: str | None = None,
                tip: str = "") -> QAction:
        return make_action(self, text, slot, shortcut, tip)

    def _make_actions(self) -> None:
        self.import_action = self._action(self.tr("导入U盘数据…"), self.import_stick, "Ctrl+I",
                                          self.tr("导入U盘上各村的数据包 (Ctrl+I)"))
        self.return_action = self._action(self.tr("导出返回数据包…"), self.export_return_package, None,
                                          self.tr("把冲突的裁决、更正和设置发回选中的村"))
        self.enrollment_action = self._action(self.tr("生成注册文件…"), self.make_enrollment, None,
                                              self.tr("生成发给各村的注册文件（含乡镇公钥）"))
        for action, what in ((self.import_action, IMPORT_PACKAGE), (self.return_action, EXPORT_RETURN),
                             (self.enrollment_action, WRITE_ENROLLMENT)):
            gate(action, self.store.user, what)
        if self.county:
            # Nothing goes from the county to villages; the townships' enrollment files and the
            # import of their packages are the county's own dialogs (issue 17, the chain).
            self.import_action.setToolTip(self.tr("导入U盘上各乡镇的上报数据包 (Ctrl+I)"))
            self.return_action.setVisible(False)
            self.enrollment_action.setVisible(False)
        # The chain upward: the county's files for its townships; a township's enrollment with its
        # county and its upward packages.
        self.upward = UpwardActions(self)
        self.print_action = self._action(self.tr("打印台账…"), self.print_book, "Ctrl+P",
                                         self.tr("预览并打印登记簿（选了村则只打印该村）"))
        self.refresh_action = self._action(self.tr("刷新"), self.refresh_all, "F5")
        self.full_numbers_action = QAction(self.tr("显示完整号码"), self)
        self.full_numbers_action.setCheckable(True)
        self.full_numbers_action.toggled.connect(self.set_show_full)
        self.backup_action = self._action(self.tr("立即备份"), self.backup_now)
        self.quit_action = self._action(self.tr("退出"), self.close, "Ctrl+Q")
        self.about_action = self._action(self.tr("关于村务台账"), self.about)

        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("文件(&F)"))
        file_menu.setObjectName(FILE_MENU)
        file_menu.setToolTipsVisible(True)  # a greyed action says why
        for action in (self.import_action, self.return_action, self.enrollment_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        if self.upward.actions:
            for action in self.upward.actions:
                file_menu.addAction(action)
            file_menu.addSeparator()
        file_menu.addAction(self.print_action)
        file_menu.addAction(self.backup_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = menu.addMenu(self.tr("查看(&V)"))
        view_menu.addAction(self.full_numbers_action)
        view_menu.addAction(self.refresh_action)
        help_menu = menu.addMenu(self.tr("帮助(&H)"))
        help_menu.addAction(self.about_action)
        choice_lists_dialog.install(self)  # 工具 → 选项列表（代码表）…

        toolbar = QToolBar(self.tr("工具栏"))
        toolbar.setObjectName("toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.import_action, self.return_action, self.enrollment_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.print_action)
        toolbar.addAction(self.refresh_action)
        toolbar.addAction(self.full_numbers_action)
        toolbar.addSeparator()
        self.township_box = QComboBox()
        self.township_box.setObjectName("township_filter")
        self.township_box.addItem(self.tr("全部乡镇（街道）"), None)
        self.township_box.currentIndexChanged.connect(
            lambda _i: self.set_township(self.township_box.currentData()))
        if self.county:
            toolbar.addWidget(QLabel(self.tr(" 乡镇（街道）：")))
            toolbar.addWidget(self.township_box)
        toolbar.addWidget(QLabel(self.tr(" 村（社区）：")))
        self.village_box = QComboBox()
        self.village_box.setObjectName("village_filter")
        self.village_box.setMinimumWidth(220)
        self.village_box.addItem(self.tr("全部村（社区）"), None)
        self.village_box.currentIndexChanged.connect(
            lambda _i: self.set_village(self.village_box.currentData()))
        toolbar.addWidget(self.village_box)
        self.toolbar = toolbar
        self.addToolBar(toolbar)

    def _remember(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = dialog

    def import_stick(self, folder: Path | None = None) -> ImportPackagesDialog | None:
        if refused(self, self.import_action):
            return None
        dialog = ImportPackagesDialog(self.worker, self, township=True, folder=folder or self.last_folder)
        dialog.imported.connect(lambda outcome: self._imported(outcome.folder))
        self._remember(dialog)
        dialog.open()
        return dialog

    def _imported(self, folder: Path) -> None:
        self.last_folder = folder
        self.refresh_all()

    def export_return_package(self, code: str | None = None) -> ExportPackageDialog | None:
        if refused(self, self.return_action):
            return None
        code = code or self.village
        if code is None and VILLAGES_PAGE in self.pages and self.pages[VILLAGES_PAGE].widget is not None:
            code = self.villages_view().selected()
        if not code:
            msgbox.warn(self, self.tr("请先在工具栏的“村（社区）”中选择一个村，或在“各村概况”中选中一个村。"),
                        self.tr("导出返回数据包"))
            return None
        dialog = ExportPackageDialog(self.worker, self, folder=self.last_folder, for_village=code,
                                     village_label=self.village_label(code))
        dialog.exported.connect(lambda result: self._exported(result))
        self._remember(dialog)
        dialog.open()
        return dialog

    def _exported(self, result: Any) -> None:
        if result.path is not None:
            self.last_folder = result.path.parent
            self.refresh_all()

    def make_enrollment(self, folder: Path | None = None, village: str | None = None,
                        village_name: str | None = None) -> None:
        """生成注册文件…: asks for which village (or the generic file), then for the folder;
        ``folder`` given (scripts, tests): writes the file for ``village`` (None: generic) there."""
        if refused(self, self.enrollment_action):
            return
        if folder is None:
            villages = [(v.code, v.name) for v in self.villages_view().villages]
            ask = EnrollmentTargetDialog(villages, self.villages_view().selected(), self)
            if ask.exec() != QDialog.DialogCode.Accepted:
                return
            village, village_name = ask.chosen()
            chosen = QFileDialog.getExistingDirectory(self, self.tr("注册文件保存到哪个文件夹"),
                                                      str(self.last_folder or Path.home()))
            if not chosen:
                return
            folder = Path(chosen)
        from sync.exchange.identity import write_enrollment_file

        run(self, self.worker, lambda store, _work: write_enrollment_file(
                 store, folder, village=village, village_name=village_name),
            self._enrollment_written, self._failed, title=self.tr("正在生成注册文件…"), progress=True,
            keep_done=True)

    def _enrollment_written(self, enrollment: Any) -> None:
        if enrollment.village_code:
            label = village_label(enrollment.village_name, enrollment.village_code)
            use = self.tr("这是{0}专用的注册文件，只能由该村导入，请直接交给该村；"
                          "该村第一次发来的数据包凭此自动确认身份。").format(label)
        else:
            use = self.tr("把这个文件拷给各村，在村务台账中导入；请村里导入时与您核对以上指纹。"
                          "各村第一次发来的数据包，导入时都需核对并确认其密钥指纹。")
        text = self.tr("已生成注册文件：\n{0}\n\n签名密钥指纹：{1}\n加密密钥指纹：{2}\n\n{3}")
        msgbox.inform(self, text.format(enrollment.path, enrollment.signing_fingerprint,
                                        enrollment.encryption_fingerprint, use), self.tr("注册文件"))

    def print_book(self) -> None:
        from desktop.printing.preview import show_book_preview

        show_book_preview(self, self.store.path, village=self.village, full_ids=self.show_full)

    def backup_now(self) -> None:
        from sync.store.backup import make_backup

        run(self, self.worker, lambda store, _work: make_backup(store),
            lambda path: self.statusBar().showMessage(self.tr("已备份到 {0}").format(path), 8000),
            self._failed, title=self.tr("正在备份数据库…"), progress=True, keep_done=True)

    def about(self) -> None:
        if self.county:
            text = self.tr("村务台账 {0}（区县汇总）\n汇总各乡镇上报的数据，统计、核查、打印台账；"
                           "区县只读，更正退回乡镇。")
        else:
            text = self.tr("村务台账 {0}（乡镇汇总）\n汇总各村U盘报送的数据，审核冲突，统计上报。")
        msgbox.inform(self, text.format(program_version()), self.tr("关于"))

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, StoreError | SyncFileError | PermissionDenied | OSError):
            msgbox.warn(self, str(error))
            return
        raise error

    def set_show_full(self, show: bool) -> None:
        self.show_full = show
        for page in self.pages.values():
            if isinstance(page.widget, MergedRegisterView):
                page.widget.set_show_full(show)

    def ensure_search_index(self) -> Run | None:
        """Build the registers' search keys (pinyin filter) once; a new township has none yet."""
        if not search.needs_rebuild(self.store.conn):
            return None
        text = self.tr("正在建立筛选索引…")

        def build(store: Store, work: Work) -> int:
            def told(done: int, total: int, _message: str) -> bool:
                work(done, total, text)
                return not work.stop_requested()

            return search.rebuild(store, told)

        return run(self, self.worker, build, lambda _n: self.refresh_all(),
                   lambda error: None if isinstance(error, Cancelled) else self._failed(error),
                   title=text, progress=True, keep_done=True)

    # ---------------------------------------------------------------- refresh
    def refresh_all(self) -> None:
        for page in self.pages.values():
            widget = page.widget
            if isinstance(widget, VillagesView | ConflictReviewView | ImportLogView | MergedRegisterView
                          | TownshipsView):
                widget.refresh()
        self.refresh_counts()

    def refresh_counts(self) -> None:
        village = self.village
        if self.county:
            run(self, self.worker, lambda store, _work: (current_townships(store.conn),
                                                         township_names(store.conn)),
                self._townships_read, lambda exc: self.statusBar().showMessage(str(exc), 8000))
        run(self, self.worker, lambda store, _work: status.township_counts(store, village), self._counted,
                  lambda exc: self.statusBar().showMessage(str(exc), 8000))

    def _townships_read(self, found: tuple[dict[str, str], dict[str, str]]) -> None:
        self.township_of, names = found
        self.township_name_of = names
        self.township_labels = {code: f"{name}（{code}）" for code, name in names.items()}
        box = self.township_box
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("全部乡镇（街道）"), None)
        for code, label in self.township_labels.items():
            box.addItem(label, code)
        box.setCurrentIndex(max(box.findData(self.township), 0))
        box.blockSignals(False)
        widget = self.pages[VILLAGES_PAGE].widget
        if isinstance(widget, VillagesView):
            widget.set_county(self.township, self.township_of, self.township_labels)

    def _counted(self, counts: status.TownshipCounts) -> None:
        self.names = {code: name for code, name in counts.villages}
        self._fill_village_box(counts.villages)
        for reg in self.store.catalog.ordered(include_profile=True):
            count, errors, warnings = counts.registers.get(reg.key, (0, 0, 0))
            tip = self.tr("{0}：{1} {2}；有错误的 {3} 条，有警告的 {4} 条").format(
                reg.name, count, reg.unit, errors, warnings)
            self.pane.set_badges(merged_page(reg.key), count, errors, warnings, tip)
        if CONFLICTS_PAGE in self.pages:
            self.pane.set_badges(CONFLICTS_PAGE, warnings=counts.open_conflicts,
                                 tip=self.tr("待审核冲突 {0} 处").format(counts.open_conflicts))
        self.pane.set_badges(VILLAGES_PAGE, count=len(counts.villages))
        for page in self.pages.values():
            if isinstance(page.widget, MergedRegisterView | ConflictReviewView):
                page.widget.set_names(self.names)
        self.status_villages.setText(self.tr("村（社区）：{0} 个").format(len(counts.villages)))
        if self.county:
            self.status_conflicts.setText(self.tr("乡镇（街道）：{0} 个").format(len(self.township_labels)))
        else:
            self.status_conflicts.setText(self.tr("待审核冲突：{0} 处").format(counts.open_conflicts))
        self.counted.emit()

    def _fill_village_box(self, villages: list[tuple[str, str]]) -> None:
        box = self.village_box
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("全部村（社区）"), None)
        for code, name in villages:
            if self.township and self.township_of.get(code) != self.township:
                continue  # a county's township chosen: its villages only
            box.addItem(f"{name or self.tr('未知村名')}（{code}）", code)
        index = box.findData(self.village) if self.village else 0
        box.setCurrentIndex(max(index, 0))
        box.blockSignals(False)

    # ------------------------------------------------------------- status bar
    def _make_status_bar(self) -> None:
        self.status_db, self.status_user, self.status_villages, self.status_conflicts = add_status_labels(
            self, self.store, 2)

    # ----------------------------------------------------------------- closing
    def closeEvent(self, event: QCloseEvent) -> None:
        # The statistics pages compute on this worker too: stopping it cancels them.
        self.worker.stop()
        super().closeEvent(event)

    def render_screenshot(self, path: str | Path) -> Path:
        """Render the window at 1366×768 into a PNG (documentation and checks), once its pages loaded."""
        self.resize(SCREEN_SIZE)
        self._wait_until_idle()
        return save_screenshot(self, path)

    def _wait_until_idle(self, seconds: int = 30) -> None:
        """For a screenshot only: let the worker answer the pages' queries before the grab."""
        loop = QEventLoop()
        poll = QTimer(self)
        poll.timeout.connect(lambda: loop.quit() if not self.worker.busy() else None)
        poll.start(20)
        QTimer.singleShot(seconds * 1000, loop.quit)
        loop.exec()
        poll.stop()
