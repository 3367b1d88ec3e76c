"""The village window's 数据报送 menu: enroll, export to the stick, read the township's receipts."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import TOWNSHIP_CODE, VILLAGE_CODE

from desktop.ui.exchange.enrollment_dialog import EnrollmentDialog
from desktop.ui.exchange.export_dialog import ExportPackageDialog
from desktop.ui.exchange.receipts_dialog import ReceiptsDialog
from sync.exchange.identity import write_enrollment_file
from sync.exchange.importer import import_packages
from sync.exchange.package_file import find_packages
from sync.store.store import Store

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
WAIT = 20_000


@pytest.fixture
def township(tmp_path: Path) -> tuple[Path, Path]:
    db = tmp_path / "township.db"
    with Store.create_township(db, TOWNSHIP_CODE, "榜头镇") as store:
        enrollment = write_enrollment_file(store, tmp_path, village=VILLAGE_CODE).path
    assert enrollment is not None
    return db, enrollment


def test_the_menu_sits_before_tools_and_export_is_on_the_toolbar(window) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("数据报送(&S)") == titles.index("工具(&T)") - 1
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "数据报送(&S)")
    assert [a.text() for a in menu.actions() if a.text()] == [
        "导入乡镇注册文件…", "导出数据包…", "读取乡镇回执…", "导入乡镇返回数据包…", "从乡镇恢复本村数据…"]
    assert window.sync_actions.export_action in window.toolbar.actions()


def test_enroll_export_and_read_the_receipt_from_the_village_window(
        qtbot, answers, window, township: tuple[Path, Path], tmp_path: Path) -> None:
    township_db, enrollment = township
    stick = tmp_path / "stick"
    stick.mkdir()
    sync = window.sync_actions

    sync.enroll_action.trigger()
    dialog = sync.dialog
    assert isinstance(dialog, EnrollmentDialog)
    qtbot.waitUntil(lambda: dialog.identity is not None, timeout=WAIT)
    dialog.file.set_path(enrollment)
    dialog.checked.setChecked(True)
    with qtbot.waitSignal(dialog.enrolled, timeout=WAIT):
        dialog.import_button.click()
    assert "榜头镇" in answers.of("inform")[0]

    pending_before = window.status_pending.text()
    sync.export_action.trigger()
    dialog = sync.dialog
    assert isinstance(dialog, ExportPackageDialog)
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        dialog.folder.set_path(stick)
    assert dialog.model.rowCount() >= 5  # the demo village fills every register
    with qtbot.waitSignal(dialog.exported, timeout=WAIT) as signal:
        dialog.export_button.click()
    package = signal.args[0].path
    assert find_packages(stick) == [package]
    # The status bar is read again on the worker after the export.
    qtbot.waitUntil(lambda: window.status_pending.text() == "未导出的修改：0 处", timeout=WAIT)
    assert pending_before != "未导出的修改：0 处"
    assert sync.folder == stick
    dialog.close()

    with Store.open(township_db) as store:
        assert import_packages(store, [stick]).ok  # writes the receipt beside the package

    sync.receipts_action.trigger()
    dialog = sync.dialog
    assert isinstance(dialog, ReceiptsDialog)
    assert dialog.folder.path() == stick  # the stick used last
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT)
    assert "读取了 1 份回执" in dialog.summary.text()
    assert "已发出但尚未确认 0 处" in dialog.summary.text()
    assert dialog.packages.text(0, 3) != "尚未确认"


def test_a_viewer_cannot_enroll_export_or_import(viewer_window) -> None:
    sync = viewer_window.sync_actions
    assert not sync.enroll_action.isEnabled()
    assert not sync.export_action.isEnabled()
    assert not sync.return_action.isEnabled()
    assert sync.receipts_action.isEnabled()


def test_another_villages_enrollment_file_is_named_as_such_and_cannot_be_imported(
        qtbot, window, township: tuple[Path, Path], tmp_path: Path) -> None:
    township_db, _ = township
    other = tmp_path / "other"
    other.mkdir()
    with Store.open(township_db) as store:
        path = write_enrollment_file(store, other, village=TOWNSHIP_CODE + "203", village_name="西山村").path
    assert path is not None
    sync = window.sync_actions
    sync.enroll_action.trigger()
    dialog = sync.dialog
    assert isinstance(dialog, EnrollmentDialog)
    qtbot.waitUntil(lambda: dialog.identity is not None, timeout=WAIT)
    dialog.file.set_path(path)
    qtbot.waitUntil(lambda: dialog.enrollment is not None, timeout=WAIT)
    assert dialog.problem.isVisibleTo(dialog)
    assert f"专为西山村（{TOWNSHIP_CODE}203）生成的" in dialog.problem.text()
    assert not dialog.checked.isEnabled() and not dialog.import_button.isEnabled()
    dialog.close()
