"""The township's first weeks, as a person does them, in the township's window with every real dialog.

First run: the wizard, where a person says the PC is the township's, types its name and
code (a digit short at first, then with a space between groups) and its administrator →
生成注册文件 → two villages enroll with it and export to a stick (their side: the core) → the
stick imported in the window, each new village PC confirmed by a person comparing its
fingerprint → a record edited at both ends: its conflict resolved in 冲突审核 → 统计汇总 shows
the figures → the book previewed → a return package exported for the village, which then
receives the township's decision. Nothing is patched (journeys/screen.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from journeys.screen import (
    OFFSCREEN_NOTES,
    Person,
    active_modal,
    button,
    click,
    click_button,
    click_row,
    click_tool,
    go_to_page,
    press,
    type_into,
    wait_closed,
    wait_for_modal,
)
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from support import TODAY, TOWNSHIP_CODE, person
from support import person as member

from desktop.printing.preview import BookPreviewDialog
from desktop.ui.exchange.export_dialog import ExportPackageDialog
from desktop.ui.exchange.import_dialog import ImportPackagesDialog
from desktop.ui.start.wizard import FirstRunWizard
from desktop.ui.township.enrollment_target_dialog import OTHER, EnrollmentTargetDialog
from desktop.ui.township.township_window import TownshipWindow
from sync.exchange.exporter import export_package
from sync.exchange.identity import enroll, local_keys
from sync.exchange.importer import import_packages
from sync.store.store import Store
from sync.store.users import ADMIN, User

pytestmark = [pytest.mark.journey, pytest.mark.gui, OFFSCREEN_NOTES]
WAIT = 20_000
EAST, WEST = "350322111202", "350322111203"
ADMIN_USER = User("admin", ADMIN, "民政办")
FINGERPRINT = "核对村电脑的密钥指纹"


def open_store(path: Path) -> Store:
    store = Store.open(path, ADMIN_USER)
    store.today = TODAY
    return store


def make_village(path: Path, code: str, name: str, members: list[dict[str, object]]) -> None:
    with Store.create_village(path, code, name, {"常住人口": 1200, "户数": 400}) as store:
        store.today = TODAY
        for values in members:
            store.add("committee_members", values)


def village_fingerprint(path: Path) -> str:
    with open_store(path) as store:
        keys = local_keys(store)
        assert keys is not None
        return keys.signing_fingerprint


@pytest.fixture
def places(tmp_path: Path) -> dict[str, Path]:
    stick = tmp_path / "U盘"
    stick.mkdir()
    for_villages = tmp_path / "发给各村"
    for_villages.mkdir()
    return {"township": tmp_path / "榜头镇.db", "stick": stick, "for_villages": for_villages,
            "east": tmp_path / "east.db", "west": tmp_path / "west.db"}


def first_run(qtbot: Any, db: Path) -> User:
    """The wizard on the township's new PC: 乡镇（街道）, its name and code, the administrator."""
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.open()
    wait_for_modal(qtbot, "首次使用")
    welcome = wizard.welcome_page
    assert welcome.village.isChecked()  # most PCs are villages'
    click(welcome.township)
    assert welcome.township.isChecked() and "统计用区划代码" in welcome.after.text()
    click_button(wizard, "下一步")
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.township_page)
    page = wizard.township_page
    type_into(page.name, "榜头镇")
    type_into(page.code, TOWNSHIP_CODE[:-1])  # a digit short
    click_button(wizard, "下一步")
    assert wizard.currentPage() is page
    assert "9位" in page.messages["code"].text(), page.messages["code"].text()
    type_into(page.code, f"{TOWNSHIP_CODE[:6]} {TOWNSHIP_CODE[6:]}")  # as written on the paper
    click_button(wizard, "下一步")
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.admin_page)
    form = wizard.admin_page.form
    type_into(form.name, "chen")
    type_into(form.display, "陈主任")
    type_into(form.password, "bangtou2026")
    type_into(form.again, "bangtou2026")
    click_button(wizard, "创建数据库")
    # The recovery code, once: 完成 waits until it is printed or copied (the tick says so).
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page)
    assert wizard.recovery_page.panel.code.text() == wizard.recovery_code and wizard.recovery_code
    assert not button(wizard, "完成").isEnabled()
    click(wizard.recovery_page.panel.kept)
    with qtbot.waitSignal(wizard.finished, timeout=WAIT):
        click_button(wizard, "完成")
    assert wizard.user is not None and wizard.user.is_admin
    return wizard.user


@pytest.fixture
def window(qtbot: Any, places: dict[str, Path]) -> Iterator[TownshipWindow]:
    user = first_run(qtbot, places["township"])
    store = open_store(places["township"])
    store.user = user  # as the program opens the window after the wizard (desktop/app.py)
    assert store.is_township
    win = TownshipWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.ensure_search_index()
    qtbot.waitUntil(lambda: not win.worker.busy(), timeout=WAIT)
    yield win
    win.close()
    store.close()


def write_enrollment(qtbot: Any, person: Person, window: TownshipWindow, folder: Path,
                     village: tuple[str, str] | None = None) -> tuple[Path, str]:
    """生成注册文件…: the generic file, or (code, name) typed in as 其他村; the folder typed into the
    folder dialog; returns the file and what was said."""

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, EnrollmentTargetDialog)
        assert dialog.target.currentText() == "通用注册文件（所有村）"  # nothing chosen: the generic file
        if village is not None:
            dialog.target.setCurrentIndex(dialog.target.findData(OTHER))
            type_into(dialog.code, village[0])
            type_into(dialog.name, village[1])

    person.will("生成注册文件", "确定", check=choose, kind=EnrollmentTargetDialog)
    person.will("注册文件保存到哪个文件夹", Qt.Key.Key_Return, text=str(folder), kind=QFileDialog)
    person.will("注册文件", "确定", kind=QMessageBox)
    click_tool(qtbot, window, "生成注册文件…")
    _target, _folder, told = person.finish()
    [written] = folder.glob("*.cunwu-enroll")
    return written, told.seen or ""


def villages_enroll_and_export(places: dict[str, Path], enrollment: Path) -> None:
    """The villages' side (their own journey is the clerk's): enroll, then a package each to the stick."""
    make_village(places["east"], EAST, "东山村", [
        person(姓名="林秀英"),
        person(姓名="王建国", 公民身份号码="350322196805120037", 党组织职务="书记", 委员分工=None,
               村委会职务="主任")])
    make_village(places["west"], WEST, "西山村", [person(姓名="赵明", 公民身份号码="350322197002020010")])
    for village in (places["east"], places["west"]):
        with open_store(village) as store:
            enroll(store, enrollment)
            export_package(store, places["stick"])


def import_stick(qtbot: Any, person: Person, window: TownshipWindow, stick: Path,
                 questions: int) -> tuple[str, list[list[str]], list[str]]:
    """导入U盘数据…, 开始导入, each new PC's fingerprint question answered 是; returns the summary,
    the table and the questions' texts."""
    click_tool(qtbot, window, "导入U盘数据…")
    dialog = wait_for_modal(qtbot, "导入U盘数据", kind=ImportPackagesDialog)
    type_into(dialog.folder.edit, str(stick))
    def progress_due() -> bool:  # a person reads the question while 请稍候 would be on screen
        task = dialog.task
        return task is not None and task.display is not None and task.display.due

    for _ in range(questions):
        person.will(FINGERPRINT, "是", kind=QMessageBox, when=progress_due)
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        click_button(dialog, "开始导入")
        asked = person.finish() if questions else []
    model = dialog.model
    table = [[model.text(r, c) for c in range(model.columnCount())] for r in range(model.rowCount())]
    summary = dialog.summary.text()
    click_button(dialog, "关闭")
    wait_closed(qtbot, dialog)
    return summary, table, [a.seen or "" for a in asked]


def resolve_conflict_keeping_ours(qtbot: Any, window: TownshipWindow) -> str:
    """冲突审核: the one conflict, 全部采用本库原有的值, 保存裁决; returns what the page says after."""
    go_to_page(window, "冲突审核")
    view = window.conflicts_view()
    qtbot.waitUntil(lambda: view.detail is not None, timeout=WAIT)
    assert view.summary.text() == "待审核 1 处"
    assert "林秀英" in view.heading.text()
    click_button(view, "全部采用本库原有的值")
    click_button(view, "保存裁决")
    qtbot.waitUntil(lambda: view.summary.text() == "没有待审核的冲突", timeout=WAIT)
    return view.status.text()


def statistics_rows(qtbot: Any, window: TownshipWindow) -> dict[str, str]:
    """统计汇总: per village (and 合计), the 两委成员 figure as the table shows it."""
    go_to_page(window, "统计汇总")
    view = window.page_widget("statistics")
    qtbot.waitUntil(lambda: view.report is not None, timeout=30_000)
    model = view.model("committee")
    column = next(c for c in range(1, model.columnCount())
                  if str(model.headerData(c, Qt.Orientation.Horizontal)).startswith("两委成员"))
    return {model.index(r, 0).data(): model.index(r, column).data() for r in range(model.rowCount())}


def preview_book(qtbot: Any, window: TownshipWindow) -> BookPreviewDialog:
    click_tool(qtbot, window, "打印台账…")
    preview = wait_for_modal(qtbot, "打印预览", kind=BookPreviewDialog)
    qtbot.waitUntil(lambda: preview.page_count > 0, timeout=WAIT)  # painted: the pages are on screen
    return preview


def export_return_package(qtbot: Any, window: TownshipWindow, village: str) -> str:
    """各村概况: the village chosen in the list, 导出返回数据包…, 导出; returns what the dialog says."""
    go_to_page(window, "各村概况")
    villages = window.villages_view()
    click_row(villages.table, village, column=1)
    click_button(villages, "导出返回数据包…")
    dialog = wait_for_modal(qtbot, "导出返回数据包", kind=ExportPackageDialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=WAIT)
    click_button(dialog, "导出")
    qtbot.waitUntil(dialog.outcome.isVisible, timeout=WAIT)
    said = dialog.outcome.text() + "\n" + dialog.totals.text()
    click_button(dialog, "关闭")
    wait_closed(qtbot, dialog)
    return said


def test_a_townships_first_weeks(qtbot: Any, person: Person, places: dict[str, Path],
                                 window: TownshipWindow) -> None:
    assert "榜头镇（350322111）" in window.windowTitle() and "陈主任" in window.status_user.text()
    enrollment, told = write_enrollment(qtbot, person, window, places["for_villages"])
    assert str(enrollment) in told and "签名密钥指纹" in told

    villages_enroll_and_export(places, enrollment)
    east, west = village_fingerprint(places["east"]), village_fingerprint(places["west"])
    summary, table, asked = import_stick(qtbot, person, window, places["stick"], questions=2)
    assert "东山村（350322111202）" in asked[0] and east in asked[0]
    assert "西山村（350322111203）" in asked[1] and west in asked[1]
    assert "共 2 个数据包：导入 2，重复 0，拒绝 0，跳过 0。" in summary
    assert [row[3] for row in table] == ["已导入", "已导入"]
    villages = window.villages_view()
    qtbot.waitUntil(lambda: villages.model.rowCount() == 2, timeout=WAIT)
    assert {villages.model.text(r, 1): villages.model.text(r, 3) for r in range(2)} == {"东山村": east,
                                                                                      "西山村": west}

    # 林秀英's phone changed at both ends: the township's staff and the village each typed another.
    with open_store(places["township"]) as township:
        uuid = next(r["uuid"] for r in township.records("committee_members", EAST) if r["姓名"] == "林秀英")
        township.edit(uuid, {"联系电话": "13900000001"})
    with open_store(places["east"]) as village:
        village.edit(uuid, {"联系电话": "13900000002"})
        export_package(village, places["stick"])
    summary, table, _asked = import_stick(qtbot, person, window, places["stick"], questions=0)
    assert "冲突 1 处" in summary
    assert [row[3] for row in table].count("重复") == 2  # the first two packages, still on the stick
    assert any("有 1 处冲突待审核" in row[9] for row in table)
    qtbot.waitUntil(lambda: window.status_conflicts.text() == "待审核冲突：1 处", timeout=WAIT)

    said = resolve_conflict_keeping_ours(qtbot, window)
    assert "已裁决" in said and "导出返回数据包时会发给村" in said
    qtbot.waitUntil(lambda: window.status_conflicts.text() == "待审核冲突：0 处", timeout=WAIT)

    figures = statistics_rows(qtbot, window)
    assert figures["东山村"] == "2" and figures["西山村"] == "1"
    assert any(name.startswith("合计") and value == "3" for name, value in figures.items())

    preview = preview_book(qtbot, window)
    assert "榜头镇" in preview.windowTitle()
    press(preview, Qt.Key.Key_Escape)
    wait_closed(qtbot, preview)

    said = export_return_package(qtbot, window, "东山村")
    assert "已生成数据包" in said and "导入乡镇返回数据包" in said

    # The village takes the return package and now has the township's decision.
    with open_store(places["east"]) as village:
        result = import_packages(village, [places["stick"]])
        assert "accepted" in [r.status for r in result.results]
        assert village.get(uuid).values["联系电话"] == "13900000001"


def test_a_village_bound_enrollment_file_lets_its_first_package_in_without_a_question(
        qtbot: Any, person: Person, places: dict[str, Path], window: TownshipWindow) -> None:
    enrollment, told = write_enrollment(qtbot, person, window, places["for_villages"], (EAST, "东山村"))
    assert "东山村（350322111202）专用" in told and EAST in enrollment.name
    make_village(places["east"], EAST, "东山村", [member(姓名="林秀英")])
    with open_store(places["east"]) as store:
        enroll(store, enrollment)
        export_package(store, places["stick"])
    unexpected: list[str] = []

    def refuse_questions() -> None:  # a fingerprint question would be a failure: say no, remember it
        modal = active_modal()
        if isinstance(modal, QMessageBox) and FINGERPRINT in modal.windowTitle() and modal.isVisible():
            unexpected.append(modal.text())
            click_button(modal, "否")

    watch = QTimer()
    watch.timeout.connect(refuse_questions)
    watch.start(20)
    summary, table, asked = import_stick(qtbot, person, window, places["stick"], questions=0)
    watch.stop()
    assert asked == [] and unexpected == []  # no question: the package proved the village's secret
    assert "共 1 个数据包：导入 1，重复 0，拒绝 0，跳过 0。" in summary
    assert [row[3] for row in table] == ["已导入"]
