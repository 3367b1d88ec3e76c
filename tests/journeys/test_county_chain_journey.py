"""The chain one level up, in the windows, as staff do it (issue 17): the county's window makes a
township's enrollment file → the township's window imports it (after its upward export was
refused for want of it) → the township's window exports its upward packages to a stick → the
county's window imports that stick through 导入U盘数据 → 各乡镇概况 lists the township with its
villages. Every dialog is the real one, answered as a person would; nothing is patched.
The villages' side (enrolled with their township, data imported there) is built by the core
(county/chain.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from county.chain import COUNTY_NAME, TOWNSHIPS, Chain, build_chain, village_codes
from journeys.screen import (
    OFFSCREEN_NOTES,
    Person,
    button,
    choose_menu,
    click,
    click_button,
    click_tool,
    go_to_page,
    menu_action,
    type_into,
    wait_closed,
    wait_for_modal,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from support import TODAY
from window_steps import township_window

from desktop.ui.exchange.enrollment_dialog import EnrollmentDialog
from desktop.ui.exchange.export_dialog import ExportPackageDialog
from desktop.ui.exchange.import_dialog import ImportPackagesDialog
from desktop.ui.township.enrollment_target_dialog import EnrollmentTargetDialog
from desktop.ui.township.township_window import TownshipWindow
from sync.exchange.identity import local_keys
from sync.exchange.level import TOWNSHIP_TO_COUNTY
from sync.store.store import Store
from sync.store.users import CLERK, VIEWER, User

pytestmark = [pytest.mark.journey, pytest.mark.gui, OFFSCREEN_NOTES]
WAIT = 20_000
TOWNSHIP = "350322111"
TOWNSHIP_NAME = TOWNSHIPS[TOWNSHIP]
CLERK_USER = User("lijuan", CLERK, "李娟")


def open_as(path: Path, user: User = CLERK_USER) -> Store:
    store = Store.open(path, user)
    store.today = TODAY
    return store


@pytest.fixture
def chain(tmp_path: Path) -> Chain:
    return build_chain(tmp_path / "c", enroll_townships=False)


def county_makes_the_file(qtbot: Any, person: Person, county: TownshipWindow, folder: Path) -> str:
    """文件 → 为乡镇生成注册文件…: the township's code and name typed in, the stick's folder typed
    into the folder dialog; returns what the window said."""

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, EnrollmentTargetDialog)
        assert dialog.target.currentText() == "其他乡镇（输入乡镇代码）"  # no township known yet
        assert "通用" not in "".join(dialog.target.itemText(i) for i in range(dialog.target.count()))
        type_into(dialog.code, TOWNSHIP)
        type_into(dialog.name, TOWNSHIP_NAME)

    person.will("为乡镇生成注册文件", "确定", check=choose, kind=EnrollmentTargetDialog)
    # Typed with the closing separator: Qt's own folder dialog (offscreen) takes a folder path typed
    # without it as its parent folder.
    person.will("注册文件保存到哪个文件夹", Qt.Key.Key_Return, text=str(folder) + os.sep, kind=QFileDialog)
    person.will("注册文件", "确定", kind=QMessageBox)
    go_to_page(county, "各乡镇概况")
    click_button(county.townships_view(), "为乡镇生成注册文件…")
    _target, _folder, told = person.finish()
    return told.seen or ""


def township_export_refused(qtbot: Any, township: TownshipWindow) -> str:
    """Before the county's file: the upward export says what to do first, and 导出 stays grey."""
    choose_menu(township, "文件", "导出上报数据包（报区县）…")
    dialog = wait_for_modal(qtbot, "导出上报数据包", kind=ExportPackageDialog)
    qtbot.waitUntil(lambda: "尚未导入区县的注册文件" in dialog.recipient.text(), timeout=WAIT)
    assert not dialog.export_button.isEnabled()
    assert button(dialog, "导入区县注册文件…").isVisible()
    said = dialog.recipient.text()
    click_button(dialog, "关闭")
    wait_closed(qtbot, dialog)
    return said


def township_enrolls(qtbot: Any, person: Person, township: TownshipWindow, file: Path) -> tuple[str, str]:
    """文件 → 导入区县注册文件…: the file typed in, the county read, the fingerprints compared, 导入;
    returns the fingerprint shown and what was said after."""
    choose_menu(township, "文件", "导入区县注册文件…")
    dialog = wait_for_modal(qtbot, "导入区县注册文件", kind=EnrollmentDialog)
    type_into(dialog.file.edit, str(file))
    qtbot.waitUntil(lambda: dialog.township_name.text() == COUNTY_NAME, timeout=WAIT)
    assert dialog.township_code.text() == "350322"
    shown = dialog.signing_fp.text()
    click(dialog.checked)
    person.will("注册文件", "确定", kind=QMessageBox)
    click_button(dialog, "导入")
    [told] = person.finish()
    wait_closed(qtbot, dialog)
    return shown, told.seen or ""


def township_exports_upward(qtbot: Any, township: TownshipWindow, stick: Path) -> tuple[str, Any]:
    """文件 → 导出上报数据包（报区县）…: the stick's folder typed in, 导出; returns what the dialog says
    and the export's result."""
    choose_menu(township, "文件", "导出上报数据包（报区县）…")
    dialog = wait_for_modal(qtbot, "导出上报数据包", kind=ExportPackageDialog)
    qtbot.waitUntil(lambda: COUNTY_NAME in dialog.recipient.text(), timeout=WAIT)
    assert "将为 3 个村各生成一个数据包" in dialog.totals.text()
    type_into(dialog.folder.edit, str(stick))
    click_button(dialog, "导出")
    qtbot.waitUntil(dialog.outcome.isVisible, timeout=WAIT)
    said = dialog.outcome.text() + "\n" + dialog.totals.text()
    result = dialog.result_
    click_button(dialog, "关闭")
    wait_closed(qtbot, dialog)
    return said, result


def county_imports(qtbot: Any, county: TownshipWindow, folder: Path) -> str:
    click_tool(qtbot, county, "导入U盘数据…")
    dialog = wait_for_modal(qtbot, "导入U盘数据", kind=ImportPackagesDialog)
    type_into(dialog.folder.edit, str(folder))
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        click_button(dialog, "开始导入")
    summary = dialog.summary.text()
    click_button(dialog, "关闭")
    wait_closed(qtbot, dialog)
    return summary


def test_a_township_enrolls_with_its_county_and_reports_up_in_the_windows(
        qtbot: Any, person: Person, chain: Chain) -> None:
    for_township = chain.stick("for-township")
    with township_window(qtbot, open_as(chain.county)) as county:
        told = county_makes_the_file(qtbot, person, county, for_township)
    [file] = for_township.glob("*.cunwu-enroll")
    with open_as(chain.county) as store:
        keys = local_keys(store)
    assert keys is not None
    # Its path and the county's fingerprint, to read out on the phone.
    assert str(file) in told and keys.signing_fingerprint in told and TOWNSHIP_NAME in told

    stick = chain.stick("to-county")
    with township_window(qtbot, open_as(chain.townships[TOWNSHIP])) as township:
        refused = township_export_refused(qtbot, township)
        assert "文件 → 导入区县注册文件…" in refused
        assert not list(stick.iterdir())
        shown, enrolled = township_enrolls(qtbot, person, township, file)
        assert shown == keys.signing_fingerprint
        assert f"已导入区县注册文件：{COUNTY_NAME}（350322）" in enrolled and keys.signing_fingerprint in enrolled
        said, result = township_exports_upward(qtbot, township, stick)
    assert "已生成 3 个村的上报数据包" in said and COUNTY_NAME in said
    delivered = getattr(result, "folder", None) or stick

    with township_window(qtbot, open_as(chain.county)) as county:
        summary = county_imports(qtbot, county, delivered)
        assert "共 3 个数据包：导入 3，重复 0，拒绝 0" in summary
        go_to_page(county, "各乡镇概况")
        view = county.townships_view()
        qtbot.waitUntil(lambda: any(line.packages for line in view.lines), timeout=WAIT)
        rows = [[view.model.text(r, c) for c in range(3)] for r in range(view.model.rowCount())]
        assert rows == [[TOWNSHIP, TOWNSHIP_NAME, "3"]]
        villages = county.villages_view()
        qtbot.waitUntil(lambda: villages.model.rowCount() == 3, timeout=WAIT)
        assert sorted(v.code for v in villages.villages) == village_codes(TOWNSHIP)


def test_a_viewer_sees_the_chain_actions_grey_and_why(qtbot: Any, chain: Chain) -> None:
    viewer = User("zhang", VIEWER, "张")
    with township_window(qtbot, open_as(chain.county, viewer)) as county:
        action = menu_action(county, "文件", "为乡镇生成注册文件…")
        assert not action.isEnabled() and "不能生成注册文件" in action.toolTip()
        on_page = button(county.townships_view(), "为乡镇生成注册文件…")
        assert not on_page.isEnabled() and on_page.toolTip() == action.toolTip()
    with township_window(qtbot, open_as(chain.townships[TOWNSHIP], viewer)) as township:
        for text in ("导入区县注册文件…", "导出上报数据包（报区县）…"):
            action = menu_action(township, "文件", text)
            assert not action.isEnabled() and f"（{VIEWER}）不能" in action.toolTip(), text
        # The village-level actions are not the county's: a township sees no 为乡镇生成注册文件.
        with pytest.raises(AssertionError):
            menu_action(township, "文件", "为乡镇生成注册文件…")


def test_a_code_outside_the_county_is_refused_in_the_dialog(qtbot: Any, person: Person) -> None:
    dialog = EnrollmentTargetDialog([], None, level=TOWNSHIP_TO_COUNTY, prefix="350322")
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    type_into(dialog.code, "350323111")
    person.will("为乡镇生成注册文件", "确定", kind=QMessageBox)
    click_button(dialog, "确定")
    [told] = person.finish()
    assert "不在本区县（350322）的范围内" in (told.seen or "")
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
