"""从乡镇恢复本村数据 in the windows: the township chooses which PC a return package is for,
and the village's new PC follows the recovery dialog's three steps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import window_steps
from PySide6.QtCore import Qt
from sync_ui_support import EAST, WEST, UiWorld, build_world, copy_world, open_store

from desktop.ui.exchange.enrollment_dialog import EnrollmentDialog
from desktop.ui.exchange.export_dialog import ExportPackageDialog
from desktop.ui.exchange.import_dialog import ImportPackagesDialog
from desktop.ui.exchange.recovery_dialog import RecoveryDialog
from desktop.ui.township.township_window import TownshipWindow
from sync.exchange.exporter import export_package
from sync.exchange.identity import enroll, local_keys
from sync.exchange.importer import import_packages
from sync.exchange.package_file import find_packages
from sync.exchange.package_read import peek_header
from sync.store.store import Store
from sync.store.users import ADMIN

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
WAIT = 20_000
PASSWORD = "secret123"


def fingerprint_and_device(db: Path) -> tuple[str, str]:
    with Store.open(db) as store:
        keys = local_keys(store)
        assert keys is not None
        return keys.signing_fingerprint, store.device_id


def new_pc(path: Path) -> Path:
    """东山村's new PC, set up from scratch (its own profile, a new key), with an administrator."""
    with Store.create_village(path, EAST, "东山村", {"常住人口": 1300}) as store:
        store.add_user("admin", ADMIN, PASSWORD, "管理员甲")
    return path


@pytest.fixture(scope="module")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> UiWorld:
    """Both villages delivered; 东山村's new PC enrolled and its recovery request accepted."""
    world = build_world(tmp_path_factory.mktemp("sync-ui-recovery"))
    world.export(world.east)
    world.export(world.west)
    world.import_all()
    pc = new_pc(world.root / "new-pc.db")
    request = world.root / "request-stick"
    request.mkdir()
    with open_store(pc) as store:
        enroll(store, world.enrollment)
        export_package(store, request, recovery_request=True)
    with open_store(world.township) as store:
        assert import_packages(store, [request], accept_new_installation=True).ok
    return world


@pytest.fixture
def world(world_template: UiWorld, tmp_path: Path) -> UiWorld:
    copied = copy_world(world_template, tmp_path / "world")
    from sync_support import copy_db

    copy_db(world_template.root / "new-pc.db", copied.root / "new-pc.db")
    return copied


@pytest.fixture
def township_window(qtbot, answers, world: UiWorld) -> Iterator[TownshipWindow]:
    with window_steps.township_window(qtbot, open_store(world.township)) as window:
        yield window


def return_dialog(qtbot, window: TownshipWindow, code: str) -> ExportPackageDialog:
    dialog = window.export_return_package(code)
    assert isinstance(dialog, ExportPackageDialog)
    qtbot.waitUntil(lambda: bool(dialog.pcs), timeout=WAIT)
    return dialog


def export(qtbot, dialog: ExportPackageDialog) -> Path:
    with qtbot.waitSignal(dialog.exported, timeout=WAIT) as signal:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    path = signal.args[0].path
    assert path is not None
    return path


def test_the_township_chooses_which_pc_gets_the_return_package(qtbot, township_window: TownshipWindow,
                                                                world: UiWorld) -> None:
    new_print, new_device = fingerprint_and_device(world.root / "new-pc.db")
    old_print, old_device = fingerprint_and_device(world.east)
    dialog = return_dialog(qtbot, township_window, EAST)
    assert dialog.pc_row.isVisible() and dialog.pc_box.count() == 2
    # The new PC made the newest package: it comes first, marked as new, with a hint what it gets.
    assert new_print in dialog.pc_box.itemText(0) and "新电脑" in dialog.pc_box.itemText(0) and "新电脑" not in dialog.pc_box.itemText(1)
    assert old_print in dialog.pc_box.itemText(1) and "最近数据包 " in dialog.pc_box.itemText(1)
    assert dialog.pc_note.isVisible() and "全部台账" in dialog.pc_note.text()
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        dialog.folder.set_path(world.stick)
    assert new_print in dialog.recipient.text()

    # The old PC has everything already (it all came from it): nothing to send unless full.
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        dialog.pc_box.setCurrentIndex(1)
    assert old_print in dialog.recipient.text() and not dialog.pc_note.isVisible()
    assert not dialog.export_button.isEnabled() and "没有新的变更" in dialog.totals.text()
    # The clerk on the phone reads out the old PC's fingerprint: the township sends it everything.
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        qtbot.mouseClick(dialog.full, Qt.MouseButton.LeftButton)
    package = export(qtbot, dialog)
    assert peek_header(package).header["recipient_installation"] == old_device

    # Back to the new PC: a package with every record of the village, full or not.
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        dialog.pc_box.setCurrentIndex(0)
    assert dialog.full.isChecked() and new_print in dialog.recipient.text()
    package = export(qtbot, dialog)
    assert peek_header(package).header["recipient_installation"] == new_device
    with open_store(world.root / "new-pc.db") as store:
        summary = import_packages(store, [world.stick])
        assert [r.status for r in summary.results if r.path == package] == ["accepted"]
    with open_store(world.root / "new-pc.db") as pc, open_store(world.east) as old:
        for reg in old.catalog.ordered(include_profile=True):
            assert {r["uuid"] for r in pc.records(reg.key)} == {r["uuid"] for r in old.records(reg.key)}, reg.key


def test_a_village_with_one_pc_shows_no_choice(qtbot, township_window: TownshipWindow, world: UiWorld) -> None:
    dialog = return_dialog(qtbot, township_window, WEST)
    assert len(dialog.pcs) == 1 and not dialog.pc_row.isVisible() and dialog.installation() is None
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        dialog.folder.set_path(world.stick)
    assert "西山村" in dialog.recipient.text()


@pytest.fixture
def fresh_pc(world: UiWorld, tmp_path: Path) -> Store:
    """Another new PC of 东山村, not yet enrolled, as the window opens it (logged in)."""
    path = new_pc(tmp_path / "fresh-pc.db")
    store = Store.open(path)
    user = store.authenticate("admin", PASSWORD)
    assert user is not None
    store.user = user
    return store


def test_the_village_recovers_through_the_dialog(qtbot, answers, window_factory, fresh_pc: Store,
                                                 world: UiWorld, tmp_path: Path) -> None:
    window = window_factory(fresh_pc)
    sync = window.sync_actions
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "数据报送(&S)")
    assert sync.recovery_action in menu.actions()
    assert "完整返回数据包" in sync.recovery_action.statusTip()
    stick = tmp_path / "recovery-stick"
    stick.mkdir()

    sync.recovery_action.trigger()
    dialog = sync.dialog
    assert isinstance(dialog, RecoveryDialog)
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=WAIT)
    assert "尚未导入" in dialog.enroll_state.text()
    assert not dialog.request_button.isEnabled() and not dialog.import_button.isEnabled()
    assert "新电脑请先导出一个数据包交乡镇" in dialog.intro.text()

    # Step 1: the township's enrollment file.
    qtbot.mouseClick(dialog.enroll_button, Qt.MouseButton.LeftButton)
    child = dialog.child
    assert isinstance(child, EnrollmentDialog)
    qtbot.waitUntil(lambda: child.identity is not None, timeout=WAIT)
    child.file.set_path(world.enrollment)
    child.checked.setChecked(True)
    with qtbot.waitSignal(dialog.state_loaded, timeout=WAIT):
        qtbot.mouseClick(child.import_button, Qt.MouseButton.LeftButton)
    assert "榜头镇" in dialog.enroll_state.text()
    assert dialog.fingerprint.isVisible() and "本机密钥指纹" in dialog.fingerprint.text()

    # Step 2: the recovery request (no records) on the stick.
    dialog.folder.set_path(stick)
    assert dialog.request_button.isEnabled()
    with qtbot.waitSignal(dialog.requested, timeout=WAIT) as signal:
        qtbot.mouseClick(dialog.request_button, Qt.MouseButton.LeftButton)
    request = signal.args[0].path
    assert request.name in dialog.request_state.text() and "完整返回数据包" in dialog.request_state.text()
    header = peek_header(request).header
    assert header["recovery_request"] is True and header["counts"]["versions"] == 0
    assert sync.folder == stick

    # The township accepts the new PC and sends everything back.
    with open_store(world.township) as town:
        assert import_packages(town, [stick], accept_new_installation=True).ok
        export_package(town, stick, for_village=EAST, full=True, installation=header["installation_id"])

    # Step 3: import it.
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    child = dialog.child
    assert isinstance(child, ImportPackagesDialog) and child.folder.path() == stick
    with qtbot.waitSignal(dialog.imported, timeout=WAIT):
        qtbot.mouseClick(child.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已导入 1 个乡镇返回数据包" in dialog.return_state.text(), timeout=WAIT)
    with open_store(world.east) as old:
        expected = {r["uuid"] for r in old.records("committee_members")}
    assert {r["uuid"] for r in fresh_pc.records("committee_members")} == expected
    assert len(find_packages(stick)) == 2
    window.close()
