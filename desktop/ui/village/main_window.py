"""The main window: a navigation list on the left, pages on the right, actions on top.

Pages are registered by key with a factory (``add_page``; the ``NavPane`` it shares with the
township window keeps them): every register of the catalogue and the checks panel are pages,
and later views (statistics, Excel, the sync menu) add themselves the same way, under their
own section of the navigation list, without changes here. Window code stays thin: every
action is a call to ``RecordActions`` or the store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar, QWidget

from desktop.ui.exchange import village_menu
from desktop.ui.registers import draft_offer
from desktop.ui.registers.checks_panel import CheckResult, ChecksPanel
from desktop.ui.registers.history_dialog import History, HistoryDialog, read_history
from desktop.ui.registers.record_form import RecordForm, read_record
from desktop.ui.registers.record_picker import ParentChooser
from desktop.ui.registers.register_view import RegisterView
from desktop.ui.registers.undo import RecordActions
from desktop.ui.village import extras, term_close_dialog
from desktop.ui.village.village_tools import VillageTools
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.nav_pane import NavPane, Page
from desktop.ui.widgets.role_gate import gate
from desktop.ui.widgets.runner import run
from desktop.ui.widgets.window_parts import (
    FILE_MENU,
    SCREEN_SIZE,
    add_status_labels,
    make_action,
    save_screenshot,
)
from forms.model import Register
from forms.validation import ERROR
from sync.exchange.status import ExportStatus, export_status
from sync.progress import Cancelled
from sync.store.queries import Counts, record_counts
from sync.store.store import Record, Store, StoreError
from sync.store.users import EDIT, SETTINGS, USERS

REGISTER_PREFIX = "register:"
CHECKS_PAGE = "checks"


def register_page(key: str) -> str:
    return REGISTER_PREFIX + key


class MainWindow(QMainWindow):
    page_shown = Signal(str)
    # A record, its history or the choice of a volunteer opens once what it shows is read on the
    # worker (``open_record``, ``open_history``, ``choose_parent``): here is the dialog then.
    form_opened = Signal(object)
    history_opened = Signal(object)
    chooser_opened = Signal(object)

    def __init__(self, store: Store, worker: DbWorker | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.worker = worker or DbWorker(store.path, store.user, store.today, self)
        self.actions_ = RecordActions(store, self.worker, self)
        self.show_full = False
        self.forms: list[RecordForm] = []
        self.check_result: CheckResult | None = None
        self.setObjectName("MainWindow")
        self._set_title()

        self.pane = NavPane(190, (210, 1150))
        self.nav, self.stack, self.pages, self.sections = (self.pane.nav, self.pane.stack, self.pane.pages,
                                                           self.pane.sections)
        self.setCentralWidget(self.pane)
        self.pane.page_chosen.connect(self.show_page)

        self.tools = VillageTools(self)  # users, settings, backup, search index, about
        self._make_actions()
        self._make_status_bar()
        self.actions_.changed.connect(self._record_changed)
        self.actions_.failed.connect(lambda text: msgbox.warn(self, text))
        self.actions_.stack.cleanChanged.connect(lambda _clean: self.update_status())

        section = self.tr("登记簿")
        for reg in store.catalog.ordered(include_profile=True):
            self.add_page(register_page(reg.key), reg.short if reg.parent else reg.name,
                          lambda reg=reg: self._make_register_view(reg), section)
        self.add_page(CHECKS_PAGE, self.tr("检查结果"), self._make_checks_panel, self.tr("检查"))
        extras.install(self)  # statistics pages, Excel and print menus
        village_menu.install(self)  # 数据报送: enrollment, packages, receipts (desktop/ui/exchange)
        term_close_dialog.install(self)  # 换届 in the 记录 menu (desktop/ui/village/term_close_dialog.py)
        self.refresh_navigation()
        self._apply_role()
        self.update_status()
        self.resize(SCREEN_SIZE)
        # Typing left unsaved by a power cut or crash is offered back once the window is up.
        self.draft_offer: draft_offer.DraftOffer | None = None
        QTimer.singleShot(0, self, lambda: draft_offer.offer(self))

    # ------------------------------------------------------------------ pages
    def add_page(self, key: str, title: str, factory: Callable[[], QWidget],
                 section: str | None = None) -> Page:
        """Add a page (created on first view) under a section of the navigation list."""
        return self.pane.add_page(key, title, factory, section)

    def page_widget(self, key: str) -> QWidget:
        return self.pane.page_widget(key)

    def show_page(self, key: str) -> QWidget:
        widget = self.pane.show_page(key)
        self._update_actions()
        if isinstance(widget, ChecksPanel) and widget.result is None:
            widget.run()  # the first visit shows results, not an empty list
        self.page_shown.emit(key)
        return widget

    def current_page_key(self) -> str | None:
        return self.pane.current_key()

    def show_register(self, key: str) -> RegisterView:
        reg = self.store.catalog.register(key)
        view = self.show_page(register_page(reg.key))
        assert isinstance(view, RegisterView)
        view.table.setFocus()
        return view

    def current_register_view(self) -> RegisterView | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, RegisterView) else None

    def register_views(self) -> list[RegisterView]:
        return [w for w in self.pane.widgets() if isinstance(w, RegisterView)]

    def _make_register_view(self, reg: Register) -> RegisterView:
        view = RegisterView(self.store, reg, self, self.worker)
        view.set_show_full(self.show_full)
        view.set_can_edit(self.store.user.can_edit)
        view.open_requested.connect(self.open_record)
        view.add_child_requested.connect(self._add_child)
        view.selection_changed.connect(self._update_actions)
        view.add_table_actions([self.edit_action, self.delete_action, self.restore_action,
                                self.history_action])
        return view

    def _make_checks_panel(self) -> ChecksPanel:
        panel = ChecksPanel(self.store, self.worker, self)
        panel.issue_activated.connect(self.jump_to_issue)
        panel.checked.connect(self._checked)
        return panel

    def checks_panel(self) -> ChecksPanel:
        panel = self.page_widget(CHECKS_PAGE)
        assert isinstance(panel, ChecksPanel)
        return panel

    # ---------------------------------------------------------------- actions
    def _action(self, text: str, slot: Callable[[], Any], shortcut: QKeySequence | str | None = None,
                tip: str = "") -> QAction:
        return make_action(self, text, slot, shortcut, tip)

    def _make_actions(self) -> None:
        self.new_action = self._action(self.tr("新增"), self.new_record, "Ctrl+N",
                                       self.tr("新增一条记录 (Ctrl+N)"))
        self.edit_action = self._action(self.tr("修改"), self.edit_selected, "Return",
                                        self.tr("打开选中的记录 (Enter)"))
        self.delete_action = self._action(self.tr("删除"), self.delete_selected, QKeySequence("Delete"),
                                          self.tr("删除选中的记录，需填写原因 (Delete)"))
        self.restore_action = self._action(self.tr("恢复"), self.restore_selected, None,
                                           self.tr("恢复选中的已删除记录"))
        self.history_action = self._action(self.tr("历史"), self.history_selected, "Ctrl+H",
                                           self.tr("查看选中记录的全部版本 (Ctrl+H)"))
        # Enter and Delete belong to the tables only: in the filter box they edit text.
        for action in (self.edit_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        stack = self.actions_.stack
        # Fixed labels (the toolbar must not jump about); what would be undone is in the tooltip.
        self.undo_action = self._action(self.tr("撤销"), stack.undo, "Ctrl+Z")
        self.redo_action = self._action(self.tr("重做"), stack.redo, None)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        stack.canUndoChanged.connect(self._undo_state)
        stack.canRedoChanged.connect(self._undo_state)
        stack.undoTextChanged.connect(self._undo_state)
        stack.redoTextChanged.connect(self._undo_state)
        self.check_action = self._action(self.tr("检查"), self.run_checks, "F9",
                                         self.tr("检查全部登记簿 (F9)"))
        self.full_numbers_action = QAction(self.tr("显示完整号码"), self)
        self.full_numbers_action.setCheckable(True)
        self.full_numbers_action.setToolTip(self.tr("列表中显示完整的证件号码和电话（默认隐去中间几位）"))
        self.full_numbers_action.toggled.connect(self.set_show_full)
        self.refresh_action = self._action(self.tr("刷新"), self.refresh_all, "F5")
        self.users_action = self._action(self.tr("用户管理…"), self.tools.open_users)
        self.settings_action = self._action(self.tr("设置…"), self.tools.open_settings)
        self.backup_action = self._action(self.tr("立即备份"), self.tools.backup_now)
        self.quit_action = self._action(self.tr("退出"), self.close, "Ctrl+Q")
        self.about_action = self._action(self.tr("关于村务台账"), self.tools.about)

        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("文件(&F)"))
        file_menu.setObjectName(FILE_MENU)
        file_menu.addAction(self.backup_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        record_menu = menu.addMenu(self.tr("记录(&R)"))
        record_menu.setObjectName("record-menu")
        for action in (self.new_action, self.edit_action, self.delete_action, self.restore_action,
                       self.history_action):
            record_menu.addAction(action)
        record_menu.addSeparator()
        record_menu.addAction(self.undo_action)
        record_menu.addAction(self.redo_action)
        view_menu = menu.addMenu(self.tr("查看(&V)"))
        view_menu.addAction(self.full_numbers_action)
        view_menu.addAction(self.refresh_action)
        tools_menu = menu.addMenu(self.tr("工具(&T)"))
        tools_menu.addAction(self.check_action)
        tools_menu.addSeparator()
        tools_menu.addAction(self.users_action)
        tools_menu.addAction(self.settings_action)
        tools_menu.setToolTipsVisible(True)
        self.tools_menu = tools_menu
        help_menu = menu.addMenu(self.tr("帮助(&H)"))
        help_menu.addAction(self.about_action)

        toolbar = QToolBar(self.tr("工具栏"))
        toolbar.setObjectName("toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_action, self.edit_action, self.delete_action, self.restore_action,
                       self.history_action):
            toolbar.addAction(action)
        # Hidden with 撤销/重做 for a user who may not edit: two separators side by side otherwise.
        self.undo_separator = toolbar.addSeparator()
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        toolbar.addSeparator()
        toolbar.addAction(self.check_action)
        toolbar.addAction(self.full_numbers_action)
        self.toolbar = toolbar
        self.addToolBar(toolbar)

    def _undo_state(self, *_args: object) -> None:
        stack = self.actions_.stack
        can_edit = self.store.user.can_edit
        self.undo_action.setEnabled(can_edit and stack.canUndo())
        self.redo_action.setEnabled(can_edit and stack.canRedo())
        self.undo_action.setToolTip(self.tr("撤销：{0} (Ctrl+Z)").format(stack.undoText()) if stack.canUndo()
                                    else self.tr("没有可撤销的操作"))
        self.redo_action.setToolTip(self.tr("重做：{0} (Ctrl+Shift+Z)").format(stack.redoText())
                                    if stack.canRedo() else self.tr("没有可重做的操作"))

    def _apply_role(self) -> None:
        user = self.store.user
        can_edit = user.can_edit
        for action in (self.undo_action, self.redo_action, self.undo_separator):
            action.setVisible(can_edit)
        self.edit_action.setText(self.tr("修改") if can_edit else self.tr("查看"))
        # Shown to everyone, greyed with the reason for those whose role may not use them
        # (新增, 删除 and 恢复 also depend on the selection: _update_actions).
        for action in (self.new_action, self.delete_action, self.restore_action):
            gate(action, user, EDIT)
        gate(self.users_action, user, USERS)
        gate(self.settings_action, user, SETTINGS)
        self._update_actions()

    def _update_actions(self) -> None:
        can_edit = self.store.user.can_edit
        view = self.current_register_view()
        chosen = view.selected() if view else None
        deleted = bool(view and chosen and view.selected_is_deleted())
        # A one-record register (the village profile) takes no second: known once its list is here.
        singleton_full = bool(view and view.register.singleton
                              and (not view.model.loaded or view.model.base_count()))
        self.new_action.setEnabled(can_edit and view is not None and not singleton_full)
        self.edit_action.setEnabled(chosen is not None)
        self.delete_action.setEnabled(can_edit and chosen is not None and not deleted
                                      and not (chosen and chosen[0].singleton))
        self.restore_action.setEnabled(can_edit and deleted)
        self.history_action.setEnabled(chosen is not None)
        if not can_edit:
            self.undo_action.setEnabled(False)
            self.redo_action.setEnabled(False)

    # ------------------------------------------------------------ record work
    def _open_form(self, form: RecordForm, offer_draft: bool = True) -> RecordForm:
        form.saved.connect(lambda uuid: self._after_save(form.register.key, uuid))
        form.history_requested.connect(self.open_history)
        form.finished.connect(lambda _result: self.forms.remove(form) if form in self.forms else None)
        self.forms.append(form)
        form.open()
        if offer_draft:  # a draft put off at start (稍后) is offered where its record opens
            draft_offer.offer_for_form(self, form)
        return form

    def new_record(self, register_key: str | None = None, preset: Mapping[str, Any] | None = None,
                   fixed: tuple[str, ...] = (), offer_draft: bool = True) -> RecordForm | None:
        if not self.store.user.can_edit:
            return None
        if register_key is None:
            view = self.current_register_view()
            if view is None or not self.new_action.isEnabled():
                return None
            if view.register.parent and view.register.parent_field:
                # 新增 on a service record's own page: whose record it is comes first; the
                # 村情概况's 荣誉称号 have only the one profile, so nothing is asked.
                self._new_child(view.register)
                return None
            register_key = view.register.key
        # The lists as they are now: a return package imported on the worker may have added values.
        self.store.refresh_catalog()
        reg = self.store.catalog.register(register_key)
        form = self._open_form(RecordForm(self.store, reg, self.actions_, preset=preset, fixed=fixed,
                                          parent=self), offer_draft)
        self.form_opened.emit(form)
        return form

    def _new_child(self, child: Register) -> None:
        """A new record of a child register from its own page: the parent holding one record per
        village is looked up on the worker; any other parent is chosen by the clerk."""
        parent = self.store.catalog.registers[child.parent or ""]
        if not parent.singleton:
            self.choose_parent(child)
            return
        def opened(found: list[str]) -> None:
            if len(found) == 1:
                self._add_child(child.key, found[0])
            else:
                self.choose_parent(child)

        run(self, self.worker, lambda store, _work: [r["uuid"] for r in store.records(parent.key)], opened,
            self._not_read)

    def choose_parent(self, child: Register) -> None:
        """Ask which volunteer a new service record (or award) is for, then open its form.
        The volunteer of the record selected on the page is offered first (several in a row):
        read on the worker, and the chooser opens then (``chooser_opened``)."""
        view = self.current_register_view()
        chosen = view.selected() if view is not None else None
        field = child.parent_field
        if chosen is None or chosen[0].key != child.key or not field:
            self._open_chooser(child, None)
            return
        uuid = chosen[1]
        run(self, self.worker, lambda store, _work: store.get(uuid).values.get(field),
            lambda current: self._open_chooser(child, current), self._not_read)

    def _open_chooser(self, child: Register, current: str | None) -> None:
        chooser = ParentChooser(self.store, child, current, self, self.worker)
        chooser.accepted.connect(lambda: self._add_child(child.key, chooser.chosen() or ""))
        chooser.open()
        self.parent_chooser = chooser
        self.chooser_opened.emit(chooser)

    def _not_read(self, error: BaseException) -> None:
        """A record to open was not read (deleted for good meanwhile, or the database failing)."""
        if isinstance(error, Cancelled):
            return
        if isinstance(error, StoreError | KeyError):
            msgbox.warn(self, self.tr("无法打开这条记录：{0}").format(error))
            return
        raise error

    def _add_child(self, child_key: str, parent_uuid: str) -> None:
        child = self.store.catalog.registers[child_key]
        if parent_uuid and child.parent_field:
            self.new_record(child_key, {child.parent_field: parent_uuid}, (child.parent_field,))

    def open_record(self, uuid: str, focus_field: str | None = None, offer_draft: bool = True,
                    then: Callable[[RecordForm], None] | None = None) -> None:
        """Read the record on the worker, then open its form (``form_opened``; ``then(form)``)."""
        if not uuid:
            return
        run(self, self.worker, lambda store, _work: read_record(store, uuid),
            lambda read: self._record_read(read, focus_field, offer_draft, then), self._not_read)

    def _record_read(self, read: tuple[Register, Record], focus_field: str | None, offer_draft: bool,
                     then: Callable[[RecordForm], None] | None) -> None:
        reg, record = read
        form = self._open_form(RecordForm(self.store, reg, self.actions_, record=record, parent=self),
                               offer_draft)
        if focus_field and focus_field in form.panel.editors:
            form.focus_field(focus_field)
        if then is not None:
            then(form)
        self.form_opened.emit(form)

    def _selected(self) -> tuple[Register, str] | None:
        view = self.current_register_view()
        return view.selected() if view else None

    def edit_selected(self) -> None:
        chosen = self._selected()
        if chosen:
            self.open_record(chosen[1])

    def delete_selected(self) -> bool:
        chosen = self._selected()
        if chosen is None or not self.store.user.can_edit:
            return False
        record = self.store.get(chosen[1])
        reason = msgbox.ask_text(
            self, self.tr("删除记录"),
            self.tr("删除{0}“{1}”。请填写删除原因（将记入历史，可以恢复）：").format(record.register.short,
                                                                         record.title))
        if not reason:
            return False
        self.actions_.delete(chosen[1], reason)  # on the worker; a refusal comes back by ``failed``
        return True

    def restore_selected(self) -> bool:
        chosen = self._selected()
        if chosen is None:
            return False
        self.actions_.restore(chosen[1])
        return True

    def history_selected(self) -> None:
        chosen = self._selected()
        if chosen:
            self.open_history(chosen[1])

    def open_history(self, uuid: str) -> None:
        """Read the record's history on the worker, then open it (``history_opened``)."""
        if not uuid:
            return
        run(self, self.worker, lambda store, _work: read_history(store, uuid), self._history_read,
            self._not_read)

    def _history_read(self, history: History) -> None:
        dialog = HistoryDialog(self.store, self.actions_, history, self.show_full, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.history_dialog = dialog
        self.history_opened.emit(dialog)

    def _after_save(self, register_key: str, uuid: str) -> None:
        view = self.current_register_view()
        if view is not None and view.register.key == register_key:
            view.refresh(keep=uuid)

    def _record_changed(self, register_key: str, uuid: str) -> None:
        # What the definitions say follows the change (a service record: its volunteer's hours).
        stale = self.store.catalog.changed_by(register_key)
        for view in self.register_views():
            # A renamed volunteer is renamed on the service records' page too.
            related = {view.register.key, view.register.parent, *(c.register.key for c in view.children)}
            if stale & related:
                view.refresh(keep=uuid if view.register.key == register_key else None)
        self.refresh_navigation()
        self.update_status()
        self._update_actions()

    def refresh_all(self) -> None:
        for view in self.register_views():
            view.refresh()
        self.refresh_navigation()
        self.update_status()

    def set_show_full(self, show: bool) -> None:
        self.show_full = show
        for view in self.register_views():
            view.set_show_full(show)

    # ----------------------------------------------------------------- checks
    def run_checks(self) -> None:
        self.show_page(CHECKS_PAGE)
        self.checks_panel().run()

    def _checked(self, result: CheckResult) -> None:
        self.check_result = result
        for view in self.register_views():
            view.model.refresh()
        self.refresh_navigation()

    def jump_to_issue(self, register_key: str, uuid: str, field: str) -> None:
        view = self.show_register(register_key)
        if not uuid:
            return
        view.select_uuid(uuid)
        self.open_record(uuid, focus_field=field or None)

    # -------------------------------------------------------- navigation data
    def refresh_navigation(self) -> None:
        """Record counts and error/warning badges (records with problems + register-wide issues),
        counted on the worker (every register is scanned: not on the UI thread)."""
        run(self, self.worker, lambda store, _work: record_counts(store), self._show_counts)

    def _show_counts(self, counts: dict[str, Counts]) -> None:
        register_issues: dict[str, list[int]] = {}
        if self.check_result is not None:
            for issue in self.check_result.issues:
                if issue.record is None:
                    pair = register_issues.setdefault(issue.register, [0, 0])
                    pair[0 if issue.severity == ERROR else 1] += 1
        for reg in self.store.catalog.ordered(include_profile=True):
            count, errors, warnings = counts[reg.key]
            extra = register_issues.get(reg.key, [0, 0])
            errors, warnings = errors + extra[0], warnings + extra[1]
            tip = self.tr("{0}：{1} {2}；有错误的 {3} 处，有警告的 {4} 处").format(
                reg.name, count, reg.unit, errors, warnings)
            self.pane.set_badges(register_page(reg.key), count, errors, warnings, tip)

    # ------------------------------------------------------------- status bar
    def _make_status_bar(self) -> None:
        self.status_db, self.status_user, self.status_pending, self.status_export = add_status_labels(
            self, self.store, 2)

    def update_status(self) -> None:
        """The status bar's export figures, read on the worker."""
        run(self, self.worker, lambda store, _work: export_status(store), self._show_status)

    def _show_status(self, status: ExportStatus) -> None:
        self.status_pending.setText(self.tr("未导出的修改：{0} 处").format(status.pending))
        last = status.last_export.replace("T", " ")[:16] if status.last_export else self.tr("从未导出")
        self.status_export.setText(self.tr("上次导出：{0}").format(last))

    def _set_title(self) -> None:
        store = self.store
        code = store.village_code or store.meta.get("township_code", "")
        self.setWindowTitle(self.tr("村务台账 — {0}（{1}）").format(store.village_name, code))

    def ensure_search_index(self) -> None:
        self.tools.ensure_search_index()

    # ----------------------------------------------------------------- closing
    def closeEvent(self, event: QCloseEvent) -> None:
        # Each open form with unsaved typing asks 保存 / 不保存 / 取消 in turn; any that stays
        # open (cancelled, or saving found errors) keeps the window open too.
        if self.actions_.pending():
            # A save on its way is waited for (a few milliseconds, or a slow disk's seconds): its
            # form closes when written, or stays with what the store refused and is asked below.
            self.worker.finish_writes()
        for form in list(self.forms):
            if form.isVisible() and not form.close_asking():
                event.ignore()
                return
        if self.actions_.pending():
            # 保存 answered just now: each form closes when written, or stays open with what the
            # store refused (its typing kept), and then the window stays open too.
            self.worker.finish_writes()
            if any(form.isVisible() for form in self.forms):
                event.ignore()
                return
        # Reads and reports still running are cancelled; writes sent just now (the drafts of the
        # forms that closed) are finished first.
        self.worker.stop()
        # The store closes after the window; nothing may query it while widgets are torn down.
        self.actions_.blockSignals(True)
        self.actions_.stack.blockSignals(True)
        super().closeEvent(event)

    def render_screenshot(self, path: str | Path) -> Path:
        return save_screenshot(self, path)
