"""A clerk's first day, as a person does it, with the real windows and every real dialog.

First run (the wizard creates the village) → a 两委 member typed into the record form →
the volunteers' Excel roster imported through the import dialog → the book saved as PDF
from the print preview → enrolled with the township's file, a package exported to the
stick → the township imports it (its own side: the core) → the village reads the receipt
and sees its changes delivered. Nothing is patched; dialogs are answered through the
window system as a person's click or key (journeys/screen.py).
"""

from __future__ import annotations

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
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from support import TOWNSHIP_CODE

from desktop.printing.preview import BookPreviewDialog
from desktop.ui.registers.record_form import RecordForm
from desktop.ui.start.wizard import FirstRunWizard
from desktop.ui.village.main_window import MainWindow
from forms.identifiers import id_check_char
from sync.exchange.identity import write_enrollment_file
from sync.exchange.importer import import_packages
from sync.store.store import Store

pytestmark = [pytest.mark.journey, pytest.mark.gui, OFFSCREEN_NOTES]
VILLAGE_CODE = "350322111202"
WAIT = 20_000


def ident(birth: str, seq: str) -> str:
    first17 = f"350322{birth}{seq}"
    return first17 + id_check_char(first17)


def volunteer_roster(path: Path) -> Path:
    """The volunteers' roster as an office keeps it: a title, a unit line, the header, a 合计 line."""
    wb = Workbook()
    ws = wb.active
    ws.append(["东山村志愿者花名册"])
    ws.append(["填报单位：东山村村民委员会"])
    ws.append(["序号", "姓名", "身份证号", "居住村民小组", "注册日期", "联系电话"])
    people = [("陈晓梅", ident("19900101", "002"), "一组"), ("林志强", ident("19851203", "011"), "二组"),
              ("王丽华", ident("19780615", "024"), "三组")]
    for i, (name, number, group) in enumerate(people, start=1):
        ws.append([i, name, number, group, "2024.3.1", f"1390000000{i}"])
    ws.append(["合计", f"{len(people)}人"])
    wb.save(path)
    return path


@pytest.fixture
def places(tmp_path: Path) -> dict[str, Path]:
    stick = tmp_path / "U盘" / "村务数据包"
    stick.mkdir(parents=True)
    return {"db": tmp_path / "村务台账.db", "stick": stick, "roster": volunteer_roster(tmp_path / "志愿者花名册.xlsx"),
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
    type_into(editors["姓名"].focus_widget(), "林秀英")
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


def import_roster(qtbot: Any, person: Person, window: MainWindow, roster: Path) -> None:
    choose_menu(window, "文件", "Excel 花名册", "导入花名册…")
    dialog = wait_for_modal(qtbot, "从 Excel 导入")
    choose_in(qtbot, dialog.register_box, "志愿者")
    person.will("选择 Excel 花名册", Qt.Key.Key_Return, text=str(roster))
    click_button(dialog, "选择文件…")
    person.finish()
    qtbot.waitUntil(lambda: button(dialog, "导入").isEnabled(), timeout=WAIT)
    assert "数据 3 行" in dialog.header_label.text() and "跳过 1 行" in dialog.header_label.text()
    assert "可新增 3" in dialog.summary_label.text()
    person.will("导入完成", "确定")
    click_button(dialog, "导入")
    done = person.finish()
    assert "全部行已导入" in done[0].seen
    wait_closed(qtbot, dialog)
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


def test_a_clerks_first_day(qtbot: Any, person: Person, places: dict[str, Path], clerk_window: MainWindow) -> None:
    window = clerk_window
    view = window.current_register_view()
    assert view is not None
    add_member(qtbot, window)
    qtbot.waitUntil(lambda: view.count_label.text() == "共 1 人", timeout=WAIT)
    assert view.model.index(0, [f.name for f in view.model.fields].index("姓名")).data() == "林秀英"

    import_roster(qtbot, person, window, places["roster"])
    go_to_page(window, "志愿者")
    volunteers = window.current_register_view()
    assert volunteers is not None and volunteers.register.key == "volunteers"
    qtbot.waitUntil(lambda: volunteers.count_label.text() == "共 3 人", timeout=WAIT)

    text = save_book_as_pdf(qtbot, person, window, places["pdf"])
    assert "东山村" in text and "林秀英" in text and "陈晓梅" in text

    told = enroll(qtbot, person, window, township_enrollment_file(places))
    assert "榜头镇（350322111）" in told and "本机密钥指纹" in told
    said = export_package(qtbot, window, places["stick"])
    assert "已生成数据包（序号 1）" in said and "新增 5 条" in said  # the profile, the member, 3 volunteers

    # The township imports the stick (its own window is the other journey) and writes receipts.
    with Store.open(places["township"]) as township:
        summary = import_packages(township, [places["stick"]], confirm=lambda _question: True)
        assert [r.status for r in summary.results] == ["accepted"]

    said, registers = read_receipts(qtbot, window, places["stick"])
    assert "读取了 1 份回执" in said and "已发出但尚未确认 0 处；尚未导出 0 处" in said
    assert registers["志愿者"] == ["3", "0", "0"] and registers["村“两委”成员"] == ["1", "0", "0"]
