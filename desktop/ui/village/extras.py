"""Features built beside the main window, added to it in one place.

Statistics, Excel rosters and the printed book each live in their own modules; this
module gives them pages in the navigation list and entries in the menus, so the main
window itself stays a thin frame. Each action is a one-liner over a dialog or a job on
the window's worker thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from desktop.ui.village.window_api import VillageWindow, job_failed
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.i18n import translate
from desktop.ui.widgets.runner import run
from desktop.ui.widgets.window_parts import FILE_MENU
from sync.store.store import Store

STATS_PAGE = "statistics"
STATUS_PAGE = "data-status"
CROSS_PAGE = "cross-checks"


def install(window: VillageWindow) -> None:
    """Statistics pages, Excel and print menus for a village or township window."""
    _add_statistics_pages(window)
    file_menu = _menu(window, FILE_MENU, translate("extras", "文件(&F)"))
    first = file_menu.actions()[0] if file_menu.actions() else None
    excel = QMenu(translate("extras", "Excel 花名册"), window)
    excel.addAction(_action(window, translate("extras", "导入花名册…"), lambda: import_roster(window),
                            "excel-import", editing=True))
    excel.addAction(_action(window, translate("extras", "导出当前登记簿…"),
                            lambda: export_roster(window, current=True), "excel-export-one"))
    excel.addAction(_action(window, translate("extras", "导出全部登记簿…"),
                            lambda: export_roster(window, current=False), "excel-export-all"))
    excel.addAction(_action(window, translate("extras", "下载空白模板…"), lambda: save_template(window),
                            "excel-template"))
    file_menu.insertMenu(first, excel)
    print_action = _action(window, translate("extras", "打印台账…"), lambda: print_book(window), "print-book",
                           QKeySequence.StandardKey.Print)
    file_menu.insertAction(first, print_action)
    file_menu.insertSeparator(first)


def _menu(window: VillageWindow, name: str, title: str) -> QMenu:
    """The window's menu with this objectName (titles differ once a catalogue translates one
    module and not the other), or a new one."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.objectName() == name:
            return menu
    menu = window.menuBar().addMenu(title)
    menu.setObjectName(name)
    return menu


def _action(window: VillageWindow, text: str, slot: Any, name: str, shortcut: Any = None,
            editing: bool = False) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    action.triggered.connect(slot)
    if shortcut is not None:
        action.setShortcut(shortcut)
    if editing and not window.store.user.can_edit:
        action.setEnabled(False)
    return action


def _add_statistics_pages(window: VillageWindow) -> None:
    from desktop.ui.stats.stats_view import StatisticsView
    from desktop.ui.township.cross_checks_view import CrossChecksView
    from desktop.ui.township.data_status_view import DataStatusView

    section = translate("extras", "统计")
    store_path = window.store.path

    def stats() -> QWidget:
        view = StatisticsView(store_path, window, as_of=window.store.today)
        view.openRecord.connect(lambda uuid: window.open_record(uuid))
        return view

    window.add_page(STATS_PAGE, translate("extras", "统计报表"), stats, section)
    if window.store.is_township:
        def status() -> QWidget:
            view = DataStatusView(store_path, window, as_of=window.store.today)
            view.openRecord.connect(lambda uuid: window.open_record(uuid))
            return view

        def cross() -> QWidget:
            view = CrossChecksView(store_path, window, as_of=window.store.today)
            view.openRecord.connect(lambda uuid: window.open_record(uuid))
            return view

        window.add_page(STATUS_PAGE, translate("extras", "数据状态"), status, section)
        window.add_page(CROSS_PAGE, translate("extras", "跨村检查"), cross, section)


def _current_register(window: VillageWindow) -> str | None:
    view = window.current_register_view()
    return view.register.key if view is not None else None


def import_roster(window: VillageWindow) -> None:
    from desktop.ui.registers.excel_import_dialog import ExcelImportDialog

    dialog = ExcelImportDialog(window.store.path, window.store.user, _current_register(window), window,
                               worker=window.worker)
    dialog.imported.connect(lambda _report: window.refresh_all())
    dialog.open()
    window.excel_import_dialog = dialog  # type: ignore[attr-defined]


def export_roster(window: VillageWindow, current: bool) -> None:
    from desktop.ui.registers.export_ids import ask_full_ids
    from sync.excel.roster_export import remember_full_ids, remembered_full_ids

    register = _current_register(window) if current else None
    reg_name = window.store.catalog.registers[register].name if register else translate("extras", "村务台账")
    # Asked first: the answer names the file, and a masked file cannot be imported again.
    full_ids = ask_full_ids(window, remembered_full_ids(window.store))
    if full_ids is None:
        return
    # The answer is the next export's default (written on the worker, as every write).
    window.actions_.write(lambda store: remember_full_ids(store, full_ids), lambda _r: None)
    kind = translate("extras", "（完整号码）") if full_ids else ""
    suggested = str(Path.home() / f"{window.store.village_name}{reg_name}{kind}.xlsx")
    path, _ = QFileDialog.getSaveFileName(window, translate("extras", "导出 Excel 花名册"), suggested,
                                          "Excel (*.xlsx)")
    if not path:
        return
    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"

    def job(store: Store, progress: Any) -> Any:
        from sync.excel.roster_export import export_excel

        return export_excel(store, path, register, full_ids=full_ids, progress=progress)

    def done(_result: Any) -> None:
        window.statusBar().showMessage(translate("extras", "已导出到 {0}").format(path), 8000)

    run(window, window.worker, job, done, lambda error: job_failed(window, error),  # type: ignore[arg-type]
        title=translate("extras", "正在导出 Excel…"), progress=True)


def save_template(window: VillageWindow) -> None:
    from forms.roster.template import write_template

    register = _current_register(window) or "committee_members"
    window.store.refresh_catalog()  # a return package imported on the worker may have added values
    reg = window.store.catalog.registers[register]
    suggested = str(Path.home() / translate("extras", "{0}空白模板.xlsx").format(reg.name))
    path, _ = QFileDialog.getSaveFileName(window, translate("extras", "保存空白模板"), suggested,
                                          "Excel (*.xlsx)")
    if not path:
        return
    try:
        write_template(reg, path if path.lower().endswith(".xlsx") else path + ".xlsx")
    except (OSError, ValueError) as exc:
        msgbox.warn(window, translate("extras", "模板未保存：{0}").format(exc))
        return
    window.statusBar().showMessage(translate("extras", "已保存模板 {0}").format(path), 8000)


def print_book(window: VillageWindow) -> None:
    from desktop.printing.preview import show_book_preview

    show_book_preview(window, window.store.path, full_ids=window.show_full)
