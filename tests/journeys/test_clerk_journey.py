"""A clerk's first day, as a person does it, with the real windows and every real dialog.

First run (the wizard creates the village) → a 两委 member typed into the record form →
two real-shaped rosters from tests/data/rosters imported through the import dialog: the WPS
两委 roster whose dates give only year and month, and a volunteers roster with two people who
left hidden (the person looks at them, leaves them out) and a hidden old phone column → the book saved as PDF
from the print preview → enrolled with the township's file, a package exported to the
stick → the township imports it (its own side: the core) → the village reads the receipt
and sees its changes delivered. Nothing is patched; dialogs are answered through the
window system as a person's click or key (journeys/screen.py).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from journeys.screen import (
    OFFSCREEN_NOTES,
    Person,
    button,
    choose_in,
    choose_menu,
    click,
    click_button,
    click_tool,
    go_to_page,
    press,
    type_into,
    wait_closed,
    wait_for_modal,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from support import TOWNSHIP_CODE

from desktop.printing.preview import BookPreviewDialog
from desktop.ui.registers.record_form import RecordForm
from desktop.ui.start.wizard import FirstRunWizard
from desktop.ui.village.main_window import MainWindow
from sync.exchange.identity import write_enrollment_file
from sync.exchange.importer import import_packages
from sync.store.store import Store

pytestmark = [pytest.mark.journey, pytest.mark.gui, OFFSCREEN_NOTES]
VILLAGE_CODE = "350322111202"
WAIT = 20_000


ROSTERS = Path(__file__).parents[1] / "data" / "rosters"
COMMITTEE_ROSTER = "02_wps_committee_yearmonth.xlsx"  # 出生年月 1968.03, 1979年10月, 1995-06, 197005
VOLUNTEER_ROSTER = "06_hidden_rows_columns.xlsx"  # rows 6 and 9 hidden; old 联系电话 hidden beside the new


@pytest.fixture
def places(tmp_path: Path) -> dict[str, Path]:
    stick = tmp_path / "U盘" / "村务数据包"
    stick.mkdir(parents=True)
    rosters = tmp_path / "rosters"  # a Latin name: typed into Qt's file dialog (see screen.type_into)
    rosters.mkdir()
    for name in (COMMITTEE_ROSTER, VOLUNTEER_ROSTER):  # copied: nothing is ever written beside the originals
        shutil.copy(ROSTERS / name, rosters / name)
    return {"db": tmp_path / "村务台账.db", "stick": stick, "rosters": rosters,
            "pdf": tmp_path / "东山村台账.pdf", "township": tmp_path / "township.db", "enroll": tmp_path}


def first_run(qtbot: Any, db: Path) -> Any:
    """The wizard, as on a new PC: the village's particulars and the administrator."""
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.open()
    wait_for_modal(qtbot, "首次使用")
    click_button(wizard, "下一步")
    panel = wizard.village_page.panel
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.village_page)
    type_into(panel.editors["村名"].focus_widget(), "东山村")
    type_into(panel.editors["统计用区划代码"].focus_widget(), VILLAGE_CODE)
    type_into(panel.editors["乡镇名称"].focus_widget(), "榜头镇")
    type_into(panel.editors["常住人口"].focus_widget(), "1965")
    click_button(wizard, "下一步")
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.admin_page)
    form = wizard.admin_page.form
    type_into(form.name, "lin")
    type_into(form.display, "林文书")
    type_into(form.password, "dongshan2026")
    type_into(form.again, "dongshan2026")
    with qtbot.waitSignal(wizard.finished, timeout=WAIT):
        click_button(wizard, "完成")
    assert wizard.user is not None and db.exists()
    return wizard.user


@pytest.fixture
def clerk_window(qtbot: Any, places: dict[str, Path]) -> Iterator[MainWindow]:
    user = first_run(qtbot, places["db"])
    store = Store.open(places["db"])
    store.user = user
    window = MainWindow(store)  # as the program opens it after the wizard (desktop/app.py)
    qtbot.addWidget(window)
    window.show_register("committee_members")
    window.show()
    qtbot.waitExposed(window)
    window.ensure_search_index()
    qtbot.waitUntil(lambda: not window.worker.busy(), timeout=WAIT)
    yield window
    window.close()
    store.close()


def add_member(qtbot: Any, window: MainWindow) -> None:
    click_tool(qtbot, window, "新增")
    form = wait_for_modal(qtbot, "新增", kind=RecordForm)
    editors = form.panel.editors
    type_into(editors["姓名"].focus_widget(), "周玉兰")
    type_into(editors["公民身份号码"].focus_widget(), "350322197503010021")
    for field, letters in (("民族", "hz"), ("政治面貌", "qz"), ("村委会职务", "zr")):
        type_into(editors[field].focus_widget(), letters)
    type_into(editors["任职时间"].focus_widget(), "2024.3.5")
    type_into(editors["联系电话"].focus_widget(), "13812345678")
    click_button(form, "保存 (Ctrl+S)")
    wait_closed(qtbot, form)


def save_book_as_pdf(qtbot: Any, person: Person, window: QWidget, pdf: Path) -> str:
    """文件 → 打印台账…, look at the preview, 另存为 PDF…; returns the PDF's text."""
    choose_menu(window, "文件", "打印台账…")
    preview = wait_for_modal(qtbot, "打印预览", kind=BookPreviewDialog)
    qtbot.waitUntil(lambda: preview.page_count > 0, timeout=WAIT)  # painted: the pages are on screen
    person.will("另存为 PDF", Qt.Key.Key_Return, text=str(pdf), kind=QFileDialog)
    person.will("另存为 PDF", "确定", kind=QMessageBox)
    click_tool(qtbot, preview, "另存为 PDF…")
    saved = person.finish()
    assert str(pdf) in saved[1].seen
    press(preview, Qt.Key.Key_Escape)
    wait_closed(qtbot, preview)
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def open_roster(qtbot: Any, person: Person, window: MainWindow, register: str, roster: Path) -> Any:
    """文件 → Excel 花名册 → 导入花名册…, the register chosen, the file picked in the file dialog;
    returns the import dialog once its preview is there."""
    choose_menu(window, "文件", "Excel 花名册", "导入花名册…")
    dialog = wait_for_modal(qtbot, "从 Excel 导入")
    choose_in(qtbot, dialog.register_box, register)
    person.will("选择 Excel 花名册", Qt.Key.Key_Return, text=str(roster))
    click_button(dialog, "选择文件…")
    person.finish()
    qtbot.waitUntil(lambda: dialog.report is not None and dialog.summary_label.text() != "", timeout=WAIT)
    return dialog


def finish_import(qtbot: Any, person: Person, dialog: Any) -> str:
    """导入, then the closing message read and 确定; returns what it said."""
    person.will("导入完成", "确定")
    click_button(dialog, "导入")
    [done] = person.finish()
    wait_closed(qtbot, dialog)
    return done.seen or ""


def import_committee_roster(qtbot: Any, person: Person, window: MainWindow, roster: Path) -> str:
    """The WPS 两委 roster: every 出生年月, 入党时间 and 任职时间 is a year and a month."""
    dialog = open_roster(qtbot, person, window, "村“两委”成员", roster)
    assert "数据 7 行" in dialog.header_label.text() and "跳过 1 行" in dialog.header_label.text()
    assert "可新增 7" in dialog.summary_label.text() and "有错误 0" in dialog.summary_label.text()
    assert button(dialog, "导入").isEnabled()
    return finish_import(qtbot, person, dialog)


def import_volunteer_roster(qtbot: Any, person: Person, window: MainWindow, roster: Path) -> str:
    """The volunteers' roster with hidden rows: the person reads which rows are hidden, takes them in
    to see who they are (two people who moved away), and leaves them out again."""
    dialog = open_roster(qtbot, person, window, "志愿者", roster)
    said = dialog.header_label.text()
    assert "第6、9行是隐藏的" in said, said
    assert "D列“联系电话”是隐藏的" in said and "以显示的E列为准" in said, said
    assert dialog.hidden_bar.isVisible() and "可新增 8" in dialog.summary_label.text()

    choose_in(qtbot, dialog.hidden_rows_box, "导入")
    qtbot.waitUntil(lambda: "可新增 10" in dialog.summary_label.text(), timeout=WAIT)
    rows = dialog.rows_filter
    name = next(c for c in range(rows.columnCount())
                if rows.headerData(c, Qt.Orientation.Horizontal) == "姓名")
    shown = {rows.index(r, name).data(): rows.index(r, 0).data() for r in range(rows.rowCount())}
    assert shown["张伟"] == "6" and shown["郑小红"] == "9", shown  # the two who moved away
    choose_in(qtbot, dialog.hidden_rows_box, "不导入（默认，常是已离开的人）")
    qtbot.waitUntil(lambda: "可新增 8" in dialog.summary_label.text(), timeout=WAIT)
    return finish_import(qtbot, person, dialog)


def township_enrollment_file(places: dict[str, Path]) -> Path:
    """What the township hands over (its side: the core, as `cunwu enrollment` does)."""
    with Store.create_township(places["township"], TOWNSHIP_CODE, "榜头镇") as township:
        path = write_enrollment_file(township, places["enroll"]).path
    assert path is not None
    return path


def enroll(qtbot: Any, person: Person, window: MainWindow, enrollment: Path) -> str:
    """数据报送 → 导入乡镇注册文件…: the file typed in, the fingerprints compared, 导入; returns what it said."""
    choose_menu(window, "数据报送", "导入乡镇注册文件…")
    dialog = wait_for_modal(qtbot, "导入乡镇注册文件")
    type_into(dialog.file.edit, str(enrollment))
    qtbot.waitUntil(lambda: dialog.township_name.text() == "榜头镇", timeout=WAIT)
    click(dialog.checked)
    person.will("注册文件", "确定", kind=QMessageBox)
    click_button(dialog, "导入")
    [told] = person.finish()
    wait_closed(qtbot, dialog)
    return told.seen or ""


def export_package(qtbot: Any, window: MainWindow, stick: Path) -> str:
    """数据报送 → 导出数据包…: the stick's folder typed in, 导出; returns what the dialog says."""
    choose_menu(window, "数据报送", "导出数据包…")
    dialog = wait_for_modal(qtbot, "导出数据包")
    qtbot.waitUntil(lambda: "榜头镇" in dialog.recipient.text(), timeout=WAIT)
    type_into(dialog.folder.edit, str(stick))
    click_button(dialog, "导出")
    qtbot.waitUntil(lambda: dialog.outcome.isVisible(), timeout=WAIT)
    said = dialog.outcome.text() + "\n" + dialog.totals.text()
    click_button(dialog, "关闭")
    wait_closed(qtbot, dialog)
    return said


def read_receipts(qtbot: Any, window: MainWindow, stick: Path) -> tuple[str, dict[str, list[str]]]:
    """数据报送 → 读取乡镇回执…: what the township has received, in words and per register.

    The dialog offers the folder the package went to and reads it at once."""
    choose_menu(window, "数据报送", "读取乡镇回执…")
    dialog = wait_for_modal(qtbot, "读取乡镇回执")
    assert dialog.folder.edit.text() == str(stick)
    qtbot.waitUntil(lambda: dialog.report is not None and button(dialog, "读取回执").isEnabled(), timeout=WAIT)
    model = dialog.registers
    rows = {model.text(r, 0): [model.text(r, c) for c in (1, 2, 3)] for r in range(model.rowCount())}
    said = dialog.summary.text()
    click_button(dialog, "关闭")
    wait_closed(qtbot, dialog)
    return said, rows


def column_of(view: Any, field: str) -> int:
    return [f.name for f in view.model.fields].index(field)


def shown_rows(view: Any, *fields: str) -> dict[str, tuple[str, ...]]:
    """A register page's rows as the table shows them, by 姓名."""
    model = view.model
    names = column_of(view, "姓名")
    return {model.index(r, names).data(): tuple(model.index(r, column_of(view, f)).data() for f in fields)
            for r in range(model.rowCount())}


def test_a_clerks_first_day(qtbot: Any, person: Person, places: dict[str, Path], clerk_window: MainWindow) -> None:
    window = clerk_window
    view = window.current_register_view()
    assert view is not None
    add_member(qtbot, window)
    qtbot.waitUntil(lambda: view.count_label.text() == "共 1 人", timeout=WAIT)
    assert view.model.index(0, column_of(view, "姓名")).data() == "周玉兰"

    said = import_committee_roster(qtbot, person, window, places["rosters"] / COMMITTEE_ROSTER)
    assert "全部行已导入" in said and "新增 7 行" in said, said
    qtbot.waitUntil(lambda: view.count_label.text() == "共 8 人", timeout=WAIT)
    members = shown_rows(view, "出生年月", "任期届满")
    # The year and month as the roster gave them: no day made up, none added to the term's end.
    assert members["王建国"] == ("1968.03", "2026.05"), members["王建国"]
    assert members["林秀英"][0] == "1979.10" and members["黄丽华"][0] == "1970.05"

    said = import_volunteer_roster(qtbot, person, window, places["rosters"] / VOLUNTEER_ROSTER)
    assert "全部行已导入" in said and "新增 8 行" in said, said
    assert "隐藏的第6、9行（2 行）按选择没有导入" in said, said
    go_to_page(window, "志愿者")
    volunteers = window.current_register_view()
    assert volunteers is not None and volunteers.register.key == "volunteers"
    qtbot.waitUntil(lambda: volunteers.count_label.text() == "共 8 人", timeout=WAIT)
    people = shown_rows(volunteers, "联系电话")
    assert "张伟" not in people and "郑小红" not in people
    assert people["王建国"] == ("139****0000",), people["王建国"]  # the new number, not the hidden old 130…

    text = save_book_as_pdf(qtbot, person, window, places["pdf"])
    assert "东山村" in text and "周玉兰" in text and "王建国" in text and "赵敏" in text

    told = enroll(qtbot, person, window, township_enrollment_file(places))
    assert "榜头镇（350322111）" in told and "本机密钥指纹" in told
    said = export_package(qtbot, window, places["stick"])
    # The profile, 8 members, 8 volunteers.
    assert "已生成数据包（序号 1）" in said and "新增 17 条" in said, said

    # The township imports the stick (its own window is the other journey) and writes receipts.
    with Store.open(places["township"]) as township:
        summary = import_packages(township, [places["stick"]], confirm=lambda _question: True)
        assert [r.status for r in summary.results] == ["accepted"]

    said, registers = read_receipts(qtbot, window, places["stick"])
    assert "读取了 1 份回执" in said and "已发出但尚未确认 0 处；尚未导出 0 处" in said
    assert registers["志愿者"] == ["8", "0", "0"] and registers["村“两委”成员"] == ["8", "0", "0"]
