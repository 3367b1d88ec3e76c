"""A tour of every window and dialog on one screen: each is opened as a clerk or the township's
staff would open it, checked to lie inside the screen's available area with its buttons in
view, and saved as a picture of the whole screen.

    .venv/bin/python -m desktop.ui.screen_tour OUT --screen 1024x768 [--scale 1.5] [--only NAME …]
    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python -m desktop.ui.screen_tour OUT --display

Without ``--display`` it runs on Qt's offscreen platform with one screen of the given size in
physical pixels (``--scale`` sets QT_SCALE_FACTOR: 1366×768 at 1.5 is the 150 % of many office
PCs); with ``--display`` on the X server of $DISPLAY as it is (Xvfb -screen 0 WxHx24; without a
window manager nothing is maximised). The windows are placed as the program places them on a
first start (``screen_fit``), and dialogs are fitted by the same ``DialogFitter``. Prints one line
per window (its name and what does not fit), writes ``report.json`` (``--report``) and a PNG per
window, named ``PREFIX + name``, into OUT (``--no-png``: only the report); exit 1 if anything does
not fit. The data are demo villages and a township built in a temporary folder. The screenshots in
docs/screenshots named ``screen-…`` are made with ``--only`` and ``--prefix`` (README lists them);
``cunwu gui --screenshot F --screen WxH`` uses ``desktop.display.use_offscreen_screen`` and
``desktop.ui.screen_shots.save_screen``.

What "fits" means (``fit_problems``): the window with its frame (the real one, never less than
``screen_fit.FRAME_ALLOWANCE``) lies in the available area; every button outside scrolled
content lies whole inside the window and is not covered or cut by the layout; no text is squeezed
below its height; no toolbar folds buttons away; no form or page scrolls sideways and none cuts
its fields off on the right.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QScrollArea,
    QToolBar,
)

from desktop.app import make_application
from desktop.display import set_scale, use_offscreen_screen
from desktop.printing.preview import preview_book
from desktop.ui.admin.users_dialog import AddUserDialog
from desktop.ui.screen_shots import screen_picture, settle, wait_for, wait_until
from desktop.ui.start.login import LoginDialog
from desktop.ui.start.wizard import FirstAdminDialog, FirstRunWizard
from desktop.ui.township import choice_lists_dialog
from desktop.ui.township.township_window import (
    CONFLICTS_PAGE,
    CROSS_PAGE,
    LOG_PAGE,
    STATS_PAGE,
    STATUS_PAGE,
    VILLAGES_PAGE,
    TownshipWindow,
)
from desktop.ui.village import extras
from desktop.ui.village.main_window import MainWindow
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.errors import ErrorDialog
from desktop.ui.widgets.screen_fit import (
    available_area,
    frame_margins,
    place_window,
)
from sync.demo.village import build_demo
from sync.excel.roster_export import export_excel
from sync.exchange.county import enroll_with_county, write_county_enrollment_file
from sync.exchange.exporter import export_package
from sync.exchange.identity import enroll, write_enrollment_file
from sync.exchange.importer import import_packages
from sync.reports.statistics import GROUP_ORDER
from sync.store import search
from sync.store.store import Store
from sync.store.users import ADMIN

TODAY = dt.date(2026, 11, 21)
TOWNSHIP = ("350322111", "榜头镇")
COUNTY = ("350322", "仙游县")
EAST, WEST = ("350322111202", "东山村"), ("350322111203", "西山村")
PASSWORD = "admin123"
# Every stop of the tour, in order (``--only`` takes these names; the tests expect them all).
SETTING_UP = ("wizard-welcome", "wizard-village", "wizard-admin", "wizard-township", "wizard-county", "login",
              "first-admin")
VILLAGE = ("village-main", "village-volunteers", "record-form", "record-form-volunteer",
           "term-close", "record-form-decision", "history", "delete-reason", "checks", "users", "add-user",
           "settings", "excel-import", "export-package", "enrollment", "receipts", "return-import",
           "recovery", "village-statistics", "village-statistics-meetings", "print-preview", "question",
           "error-report")
TOWNSHIP_STOPS = ("township-import", "township-villages", "township-conflicts", "township-import-log",
                  "township-register", "township-record", "township-statistics", "township-data-status",
                  "township-cross-checks", "township-return-export", "township-choice-lists",
                  "township-print-preview", "township-county-enroll", "township-upward-export")
COUNTY_STOPS = ("county-township-enrollment",)
STOPS = SETTING_UP + VILLAGE + TOWNSHIP_STOPS + COUNTY_STOPS
PAGE_SCROLL = "page-scroll"  # the window's pages (nav_pane): a safety net, never needed on the sizes checked


@dataclass
class Stop:
    """One window or dialog of the tour: where it was and what did not fit."""

    name: str
    title: str
    geometry: list[int]
    available: list[int]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    png: str | None = None


# ------------------------------------------------------------------ the checks
def rect_list(rect: Any) -> list[int]:
    return [rect.x(), rect.y(), rect.width(), rect.height()]


def _in_scrolled_content(widget: Any, top: Any) -> bool:
    """Inside a scroll area that scrolls (its content larger than its view): a field or button
    there may be out of view by design, and is reached by scrolling."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        grand = parent.parentWidget()
        if (isinstance(grand, QAbstractScrollArea) and parent is grand.viewport()
                and (grand.horizontalScrollBar().isVisible() or grand.verticalScrollBar().isVisible())):
            return True
        parent = grand
    return False


def _button_text(button: Any) -> str:
    return button.text().replace("&", "") or button.toolTip() or button.objectName() or type(button).__name__


def fit_problems(window: Any) -> tuple[list[str], list[str]]:
    """What does not fit in ``window`` as shown: (problems, notes).

    Problems: outside the screen's available area, a button outside the window or cut off, a
    form that scrolls sideways or cuts its fields off. Notes (looked at, not failed): tables
    that scroll sideways, labels whose one line of text is cut."""
    problems: list[str] = []
    notes: list[str] = []
    area = available_area(window)
    if window.isMaximized() or window.isFullScreen():
        outer = window.frameGeometry()
    else:
        outer = window.geometry().marginsAdded(frame_margins(window))
    if not area.contains(outer):
        problems.append(f"窗口（含标题栏）{rect_list(outer)} 超出屏幕可用区域 {rect_list(area)}")
    inside = window.rect()
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or _in_scrolled_content(button, window):
            continue
        if isinstance(button.parentWidget(), QToolBar):
            continue  # a toolbar folds what does not fit behind its » button
        rect = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        if not inside.contains(rect):
            problems.append(f"按钮“{_button_text(button)}”不在窗口内（{rect_list(rect)}）")
        elif button.visibleRegion().boundingRect().size() != button.size():
            problems.append(f"按钮“{_button_text(button)}”被遮住或截断")
    for bar in window.findChildren(QToolBar):
        folded = bar.findChild(QAbstractButton, "qt_toolbar_ext_button")
        if bar.isVisibleTo(window) and folded is not None and folded.isVisible():
            problems.append(f"工具栏“{bar.windowTitle() or bar.objectName()}”放不下，部分按钮收在 » 里")
    for scroll in window.findChildren(QScrollArea):
        content = scroll.widget()
        if not scroll.isVisibleTo(window) or content is None:
            continue
        what = scroll.objectName() or type(content).__name__
        if scroll.horizontalScrollBar().isVisible():
            problems.append(f"“{what}”需要横向滚动")
        elif scroll.objectName() == PAGE_SCROLL and scroll.verticalScrollBar().isVisible():
            problems.append("页面比窗口高，需要上下滚动")
        elif content.width() > scroll.viewport().width() + 1:
            seen = scroll.viewport().width()
            problems.append(f"“{what}”右侧被截断（内容 {content.width()} 宽，可见 {seen}）")
    for label in window.findChildren(QLabel):
        if not label.isVisibleTo(window) or not label.text() or _in_scrolled_content(label, window):
            continue
        needed = label.heightForWidth(label.width()) if label.wordWrap() else label.minimumSizeHint().height()
        if label.height() + 2 < needed:
            problems.append(f"文字被压扁（高 {label.height()}，需要 {needed}）：“{label.text()[:30]}”")
    for view in window.findChildren(QAbstractItemView):
        if view.isVisibleTo(window) and view.horizontalScrollBar().isVisible():
            notes.append(f"表格“{view.objectName() or type(view).__name__}”横向滚动")
    for label in window.findChildren(QLabel):
        if (label.isVisibleTo(window) and not label.wordWrap() and label.text()
                and label.width() + 1 < label.sizeHint().width() and not _in_scrolled_content(label, window)):
            notes.append(f"文字被截断：“{label.text()[:30]}”")
    return problems, notes


# ----------------------------------------------------------------------- data
@dataclass
class World:
    folder: Path
    township: Path
    village: Path
    stick: Path
    enrollment: Path
    roster: Path
    county: Path
    county_enrollment: Path  # the county's file for 榜头镇


def build_world(folder: Path) -> World:
    """A township with two demo villages whose first packages it imported, a stick with a
    second package from 东山村 (one conflict with a correction made at the township), and an
    Excel roster of 东山村's 两委 (every row already there: the preview has problems to show)."""
    stick = folder / "stick"
    stick.mkdir(parents=True)
    township = folder / "township.db"
    with Store.create_township(township, *TOWNSHIP) as store:
        store.add_user("chenmin", ADMIN, PASSWORD, "民政办 陈敏")
        enrollment = write_enrollment_file(store, folder).path
    villages: dict[str, Path] = {}
    for seed, (code, name) in enumerate((EAST, WEST)):
        db = villages[code] = folder / f"{code}.db"
        build_demo(db, volunteers=300 if seed == 0 else 60, seed=2024 + seed, code=code, name=name,
                   today=TODAY).close()
        with Store.open(db) as store:
            store.today = TODAY
            store.add_user("admin", ADMIN, PASSWORD, "林文书")
            enroll(store, enrollment)
            export_package(store, stick)
    with Store.open(township) as store:
        store.today = TODAY
        store.user = store.authenticate("chenmin", PASSWORD) or store.user  # writes need a login
        import_packages(store, [stick], accept_new_installation=True, backup=False)
        member = store.records("committee_members", EAST[0])[1]
        store.edit(member["uuid"], {"联系电话": "13905940001", "文化程度": "普通高中"})
    east = villages[EAST[0]]
    with Store.open(east) as store:
        store.today = TODAY
        store.user = store.authenticate("admin", PASSWORD) or store.user
        store.edit(member["uuid"], {"联系电话": "13905940002", "文化程度": "研究生"})
        export_package(store, stick)
        roster = folder / "两委花名册.xlsx"
        export_excel(store, roster, "committee_members", full_ids=True)
    county = folder / "county.db"
    with Store.create_county(county, *COUNTY) as store:
        county_enrollment = write_county_enrollment_file(store, folder, township=TOWNSHIP[0],
                                                         township_name=TOWNSHIP[1]).path
    assert county_enrollment is not None
    return World(folder, township, east, stick, enrollment, roster, county, county_enrollment)


# ----------------------------------------------------------------------- tour
class Tour:
    def __init__(self, out: Path, world: World, display: bool, png: bool, only: set[str],
                 prefix: str = "") -> None:
        self.out = out
        self.prefix = prefix
        self.world = world
        self.display = display
        self.png = png
        self.only = only
        self.stops: list[Stop] = []

    def wanted(self, name: str) -> bool:
        return not self.only or name in self.only

    def look(self, name: str, window: Any, behind: list[Any] | None = None) -> Stop:
        """Check ``window`` as it is now and save the screen with it (over ``behind``)."""
        settle()
        problems, notes = fit_problems(window)
        stop = Stop(name, window.windowTitle(), rect_list(window.frameGeometry()),
                    rect_list(available_area(window)), problems, notes)
        if self.png:
            path = self.out / f"{self.prefix}{name}.png"
            picture = screen_picture([*(behind or []), window], self.display)
            if not picture.save(str(path)):
                raise OSError(f"无法保存 {path}")
            stop.png = str(path)
        self.stops.append(stop)
        print(f"{name}\t{'；'.join(problems) or 'ok'}", flush=True)
        return stop

    @contextmanager
    def modal(self, name: str, behind: list[Any]) -> Iterator[None]:
        """Whatever modal dialog the block opens (a question, a text to type) is looked at, then
        closed with Esc as a person would, so the block returns."""
        def answer() -> None:
            box = QApplication.activeModalWidget()
            if box is None or box in behind:
                QTimer.singleShot(20, answer)
                return
            self.look(name, box, behind)
            box.reject()

        QTimer.singleShot(0, answer)
        yield

    # ------------------------------------------------------------ setting up
    def setting_up(self) -> None:
        wizard = FirstRunWizard(self.world.folder / "new" / "cunwu.db")
        wizard.show()
        if self.wanted("wizard-welcome"):
            self.look("wizard-welcome", wizard)
        wizard.next()
        if self.wanted("wizard-village"):
            self.look("wizard-village", wizard)
        editors = wizard.village_page.panel.editors
        for name, value in (("村名", "西山村"), ("统计用区划代码", "350322111203"), ("乡镇名称", "榜头镇"),
                            ("常住人口", "1200"), ("户数", "400")):
            editors[name].set_value(value)
        wizard.next()
        if self.wanted("wizard-admin"):
            self.look("wizard-admin", wizard)
        if self.wanted("wizard-township"):
            wizard.restart()
            wizard.welcome_page.township.setChecked(True)
            wizard.next()
            wizard.township_page.name.setText("榜头镇")
            wizard.township_page.code.setText("35032211")  # one digit short: the message shows
            wizard.next()
            self.look("wizard-township", wizard)
        if self.wanted("wizard-county"):
            wizard.restart()
            wizard.welcome_page.county.setChecked(True)
            wizard.next()
            wizard.county_page.name.setText("华蓥市")
            wizard.county_page.code.setText("5116810")  # one digit too many: the message shows
            wizard.next()
            self.look("wizard-county", wizard)
        wizard.done(0)
        with Store.open(self.world.village) as store:
            if self.wanted("login"):
                login = LoginDialog(store, "admin")
                login.show()
                login.password.setText("wrong")
                login.accept()
                login.accept()  # the second wrong password opens 忘记密码？ by itself
                self.look("login", login)
                login.done(0)
            if self.wanted("first-admin"):
                first = FirstAdminDialog(store)
                first.show()
                self.look("first-admin", first)
                first.done(0)

    # --------------------------------------------------------------- village
    def village(self) -> None:
        store = Store.open(self.world.village)
        store.today = TODAY
        store.user = store.authenticate("admin", PASSWORD) or store.user
        if search.needs_rebuild(store.conn):
            search.rebuild(store)
        window = MainWindow(store)
        place_window(window, None)
        window.show()
        window.show_register("committee_members")
        behind = [window]
        wait_until(lambda: not window.worker.busy(), what="village window")
        if self.wanted("village-main"):
            self.look("village-main", window)

        def idle() -> bool:  # lists, rows, checks and reads of the window's worker all in
            return not window.worker.busy()

        if self.wanted("village-volunteers"):
            view = window.show_register("volunteers")
            wait_until(idle, what="volunteers")
            view.table.selectRow(0)
            self.look("village-volunteers", window)
            window.show_register("committee_members")

        if self.wanted("record-form"):
            form = window.new_record()
            assert form is not None
            values = {"姓名": "林秀英", "民族": "汉族", "政治面貌": "中共党员", "文化程度": "大学专科",
                      "公民身份号码": "350322197503010022", "联系电话": "1381234567"}
            for name, value in values.items():
                form.panel.editors[name].set_value(value)
            form.save()  # errors: the banner and the messages beside the fields
            wait_until(lambda: idle() and not form.saving, what="record form")
            self.look("record-form", form, behind)
            form.done(0)

        if self.wanted("record-form-volunteer"):
            view = window.show_register("volunteers")
            wait_until(idle, what="volunteers")
            uuid = view.model.uuid_at(0) or store.records("volunteers")[0]["uuid"]
            window.open_record(uuid)
            (form,) = wait_for(window.form_opened)
            wait_until(idle, what="record form")
            self.look("record-form-volunteer", form, behind)
            form.done(0)
            window.show_register("committee_members")

        if self.wanted("term-close"):  # 记录 → 换届… (issue 15)
            from desktop.ui.village import term_close_dialog

            closing = term_close_dialog.start(window)
            assert closing is not None
            self.look("term-close", closing, behind)
            closing.done(0)
        if self.wanted("record-form-decision"):  # the "四议两公开" timeline, the meetings and postings linked
            window.open_record(store.records("major_decisions")[1]["uuid"])
            (form,) = wait_for(window.form_opened)
            wait_until(lambda: bool(form.extras.linked and form.extras.linked.rows), what="linked records")
            self.look("record-form-decision", form, behind)
            form.done(0)

        uuid = store.records("committee_members")[1]["uuid"]
        if self.wanted("history"):
            window.open_history(uuid)
            (history,) = wait_for(window.history_opened)
            self.look("history", history, behind)
            history.done(0)

        if self.wanted("delete-reason"):
            view = window.show_register("committee_members")
            view.select_uuid(uuid)
            wait_until(idle, what="committee members")
            with self.modal("delete-reason", behind):
                window.delete_selected()

        if self.wanted("checks"):
            panel = window.checks_panel()
            window.show_page("checks")
            if panel.result is None:
                wait_for(panel.checked)
            self.look("checks", window)

        if self.wanted("users"):
            window.tools.open_users()
            users = window.tools.users_dialog
            self.look("users", users, behind)
            if self.wanted("add-user"):
                add = AddUserDialog(store, window.worker, users)
                add.show()
                self.look("add-user", add, [window, users])
                add.done(0)
            users.done(0)

        if self.wanted("settings"):
            window.tools.open_settings()
            settings = window.tools.settings_dialog
            self.look("settings", settings, behind)
            settings.done(0)

        if self.wanted("excel-import"):
            window.show_register("committee_members")
            extras.import_roster(window)
            dialog = window.excel_import_dialog
            dialog.open_file(self.world.roster)
            wait_until(lambda: dialog.report is not None, what="Excel preview")
            wait_until(lambda: not dialog.worker.busy(), what="Excel preview worker")
            self.look("excel-import", dialog, behind)
            dialog.done(0)

        sync = window.sync_actions
        sync.folder = self.world.stick
        if self.wanted("export-package"):
            export = sync.export()
            wait_for(export.planned)
            self.look("export-package", export, behind)
            export.done(0)
        if self.wanted("enrollment"):
            enrollment = sync.enroll()
            enrollment.folder.set_path(self.world.enrollment) if hasattr(enrollment, "folder") else None
            wait_until(lambda: not window.worker.busy(), what="enrollment")
            self.look("enrollment", enrollment, behind)
            enrollment.done(0)
        if self.wanted("receipts"):
            receipts = sync.receipts()
            wait_until(lambda: receipts.report is not None, what="receipts")
            self.look("receipts", receipts, behind)
            receipts.done(0)
        if self.wanted("return-import"):
            returned = sync.import_return()
            self.look("return-import", returned, behind)
            returned.done(0)
        if self.wanted("recovery"):
            recovery = sync.recover()
            wait_for(recovery.state_loaded)
            self.look("recovery", recovery, behind)
            recovery.done(0)

        if self.wanted("village-statistics") or self.wanted("village-statistics-meetings"):
            stats = window.show_page(extras.STATS_PAGE)
            if getattr(stats, "report", None) is None:
                wait_for(stats.reportReady, 120)
            if self.wanted("village-statistics"):
                self.look("village-statistics", window)
            if self.wanted("village-statistics-meetings"):  # a group of the 村务 registers
                stats.tabs.setCurrentIndex(list(GROUP_ORDER).index("meetings"))
                self.look("village-statistics-meetings", window)

        if self.wanted("print-preview"):
            self.print_preview("print-preview", window)

        if self.wanted("question"):
            with self.modal("question", behind):
                msgbox.ask_save(window, "“新增村“两委”成员”中填写的内容还没有保存。要保存吗？")

        if self.wanted("error-report"):
            report = "Traceback (most recent call last):\n  File \"…\", line 1\nValueError: 示例\n" * 6
            error = ErrorDialog(report, self.world.folder / "logs" / "cunwu.log", window)
            error.show()
            self.look("error-report", error, behind)
            error.done(0)

        window.worker.stop()
        window.close()
        store.close()

    def print_preview(self, name: str, window: Any) -> None:
        loader = preview_book(window.worker, window, register="committee_members")
        dialog = wait_for(loader.ready, 120)[0]
        self.look(name, dialog, [window])
        dialog.done(0)

    # -------------------------------------------------------------- township
    def township(self) -> None:
        store = Store.open(self.world.township)
        store.today = TODAY
        store.user = store.authenticate("chenmin", PASSWORD) or store.user
        if search.needs_rebuild(store.conn):
            search.rebuild(store)
        window = TownshipWindow(store)
        place_window(window, None)
        window.show()
        behind = [window]

        def idle() -> bool:
            return not window.worker.busy()

        if self.wanted("township-import"):
            dialog = window.import_stick(self.world.stick)
            dialog.start()
            wait_for(dialog.imported, 120)
            self.look("township-import", dialog, behind)
            dialog.done(0)
        else:
            import_packages(store, [self.world.stick], accept_new_installation=True, backup=False)
        window.refresh_all()

        villages = window.show_page(VILLAGES_PAGE)
        villages.refresh()
        wait_until(idle, what="villages")
        if self.wanted("township-villages"):
            self.look("township-villages", window)

        if self.wanted("township-conflicts"):
            review = window.show_page(CONFLICTS_PAGE)
            review.refresh()
            wait_until(lambda: idle() and review.detail is not None, what="conflict detail")
            self.look("township-conflicts", window)
        if self.wanted("township-import-log"):
            log = window.show_page(LOG_PAGE)
            log.refresh()
            wait_until(idle, what="import log")
            self.look("township-import-log", window)
        if self.wanted("township-register"):
            window.show_register("committee_members")
            wait_until(idle, what="merged register")
            self.look("township-register", window)
        if self.wanted("township-record"):
            uuid = store.records("committee_members", EAST[0])[0]["uuid"]
            viewer = window.open_record(uuid)
            self.look("township-record", viewer, behind)
            viewer.done(0)
        for name, key in (("township-statistics", STATS_PAGE), ("township-data-status", STATUS_PAGE),
                          ("township-cross-checks", CROSS_PAGE)):
            if self.wanted(name):
                page = window.show_page(key)
                wait_until(lambda page=page: getattr(page, "report", None) is not None, 120, name)
                wait_until(lambda page=page: not page.runner.busy, 60, name)
                self.look(name, window)
        if self.wanted("township-return-export"):
            window.set_village(EAST[0])
            export = window.export_return_package(EAST[0])
            assert export is not None
            wait_for(export.planned)
            self.look("township-return-export", export, behind)
            export.done(0)
            window.set_village(None)
        if self.wanted("township-choice-lists"):
            lists = choice_lists_dialog.open_dialog(window, store)
            self.look("township-choice-lists", lists, behind)
            lists.done(0)
        if self.wanted("township-print-preview"):
            self.print_preview("township-print-preview", window)
        if self.wanted("township-county-enroll"):
            enrolling = window.upward.enroll()
            assert enrolling is not None
            enrolling.file.set_path(self.world.county_enrollment)
            wait_until(lambda: idle() and enrolling.township_name.text() == COUNTY[1], what="county file")
            self.look("township-county-enroll", enrolling, behind)
            enrolling.done(0)
        if self.wanted("township-upward-export"):
            enroll_with_county(store, self.world.county_enrollment)
            upward = window.upward.export()
            assert upward is not None
            wait_for(upward.planned)
            self.look("township-upward-export", upward, behind)
            upward.done(0)

        window.close()
        store.close()

    # -------------------------------------------------------------- county
    def county(self) -> None:
        store = Store.open(self.world.county)
        store.today = TODAY
        window = TownshipWindow(store)
        place_window(window, None)
        window.show()
        with self.modal("county-township-enrollment", [window]):
            window.upward.make_enrollment()
        window.close()
        store.close()

    def run(self) -> list[Stop]:
        if not self.only or self.only & set(SETTING_UP):
            self.setting_up()
        if not self.only or self.only & set(VILLAGE):
            self.village()
        if not self.only or self.only & set(TOWNSHIP_STOPS):
            self.township()
        if not self.only or self.only & set(COUNTY_STOPS):
            self.county()
        return self.stops


def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="在给定的屏幕尺寸和缩放下打开每个窗口和对话框，检查是否放得下并截图")
    parser.add_argument("out", type=Path, help="截图和 report.json 的文件夹")
    parser.add_argument("--screen", default="1366x768", help="屏幕尺寸（物理像素），如 1024x768")
    parser.add_argument("--scale", type=float, default=1.0, help="缩放比例，如 1.5 表示 150%%")
    parser.add_argument("--display", action="store_true",
                        help="使用 $DISPLAY 的 X 服务器（如 Xvfb）而不是离屏")
    parser.add_argument("--only", nargs="*", default=[], help="只看这些窗口（名称见输出）")
    parser.add_argument("--no-png", action="store_true", help="只检查，不保存截图")
    parser.add_argument("--prefix", default="", help="截图文件名的前缀，如 1024x768-")
    parser.add_argument("--report", type=Path, help="检查结果（JSON）写到哪里，默认 OUT/report.json")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="cunwu-tour-"))
    if args.display:
        os.environ["QT_QPA_PLATFORM"] = "xcb"
        set_scale(args.scale)
    else:
        use_offscreen_screen(parse_size(args.screen), args.scale, work)
    make_application()
    world = build_world(work)
    stops = Tour(args.out, world, args.display, not args.no_png, set(args.only), args.prefix).run()
    (args.report or args.out / "report.json").write_text(
        json.dumps([asdict(s) for s in stops], ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if any(s.problems for s in stops) else 0


if __name__ == "__main__":
    sys.exit(main())
