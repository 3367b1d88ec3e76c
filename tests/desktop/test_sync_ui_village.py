"""The village's sync dialogs: enrollment, 导出数据包, the township's receipts, return packages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from support import TODAY, VILLAGE_CODE
from sync_ui_support import ADMIN_USER, EAST, UiWorld, open_store, world_fixtures
from window_steps import busy, cancel_export

from desktop.ui.exchange.enrollment_dialog import EnrollmentDialog
from desktop.ui.exchange.export_dialog import ExportPackageDialog
from desktop.ui.exchange.import_dialog import ImportPackagesDialog
from desktop.ui.exchange.receipts_dialog import ReceiptsDialog
from desktop.ui.widgets.db_worker import DbWorker
from sync.exchange.conflicts import list_conflicts, resolve
from sync.exchange.identity import enrolled_township
from sync.exchange.package_file import find_packages
from sync.store.store import Store

pytestmark = pytest.mark.gui
WAIT = 20_000


world_template, world = world_fixtures("sync-ui-village")


def start_worker(path: Path) -> DbWorker:
    return DbWorker(path, ADMIN_USER, TODAY)


@pytest.fixture
def east_worker(qtbot, world: UiWorld) -> Iterator[DbWorker]:
    worker = start_worker(world.east)
    yield worker
    worker.stop()



# ------------------------------------------------------------------ enrollment

@pytest.fixture
def fresh_village(qtbot, tmp_path: Path) -> Iterator[tuple[Path, DbWorker]]:
    path = tmp_path / "fresh.db"
    Store.create_village(path, VILLAGE_CODE, "东山村").close()
    worker = start_worker(path)
    yield path, worker
    worker.stop()


def test_enrollment_shows_the_township_and_its_fingerprints_before_accepting(
        qtbot, answers, world: UiWorld, fresh_village) -> None:
    path, worker = fresh_village
    dialog = EnrollmentDialog(worker)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        pass
    assert "尚未登记乡镇" in dialog.current.text()
    dialog.file.set_path(world.enrollment)
    with open_store(world.township) as township:
        from sync.exchange.identity import ensure_keys

        keys = ensure_keys(township)
    assert dialog.township_name.text() == "榜头镇"
    assert dialog.township_code.text() == "350322111"
    assert dialog.signing_fp.text() == keys.signing_fingerprint
    assert dialog.encryption_fp.text() == keys.encryption_fingerprint
    # Nothing is accepted before the clerk says the fingerprints were compared.
    assert not dialog.import_button.isEnabled()
    dialog.checked.setChecked(True)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.enrolled, timeout=WAIT) as signal:
        dialog.import_button.click()
    own = signal.args[0].own_fingerprint
    [message] = answers.of("inform")
    assert "榜头镇（350322111）" in message and own in message
    with open_store(path) as store:
        link = enrolled_township(store)
        assert link is not None and link.signing_fingerprint == keys.signing_fingerprint


def test_a_damaged_enrollment_file_is_explained_and_cannot_be_imported(
        qtbot, answers, tmp_path: Path, fresh_village) -> None:
    _path, worker = fresh_village
    bad = tmp_path / "乡镇_注册文件.cunwu-enroll"
    bad.write_bytes(b"not an enrollment file")
    dialog = EnrollmentDialog(worker, path=bad)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.identity is not None, timeout=WAIT)
    assert dialog.problem.isVisibleTo(dialog)
    assert bad.name in dialog.problem.text()
    assert not dialog.checked.isEnabled() and not dialog.import_button.isEnabled()


# ------------------------------------------------------------------ export

def contents(dialog: ExportPackageDialog) -> dict[str, list[str]]:
    model = dialog.model
    return {model.text(r, 0): [model.text(r, c) for c in range(1, 5)] for r in range(model.rowCount())}


def test_export_shows_what_is_included_before_writing_then_names_the_package(
        qtbot, answers, world: UiWorld, east_worker: DbWorker) -> None:
    dialog = ExportPackageDialog(east_worker)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        dialog.folder.set_path(world.stick)
    assert dialog.recipient.text() == "发给：榜头镇（350322111）"
    # records per register: new / changed / deleted / versions, before anything is written
    shown = contents(dialog)
    assert shown["村“两委”成员"] == ["2", "0", "0", "2"]
    assert shown["志愿者"] == ["1", "0", "0", "1"]
    assert "共新增 4 条" in dialog.totals.text()
    assert find_packages(world.stick) == []
    assert dialog.export_button.isEnabled()

    with qtbot.waitSignal(dialog.exported, timeout=WAIT) as signal:
        dialog.export_button.click()
    path = signal.args[0].path
    assert find_packages(world.stick) == [path]
    assert path.name.startswith("东山村_350322111202_") and path.name.endswith("_序号0001.cunwu-pkg")
    assert path.name in dialog.outcome.text() and dialog.outcome.isVisibleTo(dialog)

    # Just written: the dialog says what went in and does not invite a second copy (Enter closes).
    assert "已写入数据包：新增 4 条" in dialog.totals.text()
    assert not dialog.export_button.isEnabled() and dialog.close_button.isDefault()
    # Another folder (a second stick): the same changes again, since no receipt has come back yet.
    other = world.root / "stick-b"
    other.mkdir()
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        dialog.folder.set_path(other)
    assert "4 个版本已在之前的数据包中发出" in dialog.totals.text()
    assert dialog.export_button.isEnabled() and dialog.export_button.isDefault()
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        dialog.folder.set_path(world.stick)
    # Once the township's receipt is on the stick, nothing is new: the button waits for 完整数据包.
    world.import_all()
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        dialog.refresh_plan()
    assert "没有新的变更" in dialog.totals.text()
    assert not dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        dialog.full.setChecked(True)
    assert contents(dialog)["村“两委”成员"] == ["2", "0", "0", "2"]
    assert dialog.export_button.isEnabled()


def test_edits_and_deletions_are_counted_as_changed_and_deleted(
        qtbot, answers, world: UiWorld, east_worker: DbWorker) -> None:
    world.export(world.east)
    world.import_all()
    with open_store(world.east) as store:
        members = store.records("committee_members")
        store.edit(members[0]["uuid"], {"联系电话": "13700000000"})
        store.delete(members[1]["uuid"], "调离")
    dialog = ExportPackageDialog(east_worker)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        dialog.folder.set_path(world.stick)
    # the receipt written by the township's import acknowledged the first package
    assert "已读取U盘上的 1 份回执" in dialog.receipts.text()
    assert contents(dialog) == {"村“两委”成员": ["0", "1", "1", "2"]}


def test_cancelling_an_export_writes_no_package(qtbot, answers, world: UiWorld, east_worker: DbWorker) -> None:
    dialog = ExportPackageDialog(east_worker)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        dialog.folder.set_path(world.stick)
    cancel_export(qtbot, dialog, east_worker)
    assert "已取消导出" in dialog.outcome.text()
    assert dialog.result_ is None
    assert list(world.stick.iterdir()) == []


def test_export_before_enrollment_says_what_to_do(qtbot, answers, world: UiWorld, fresh_village) -> None:
    _path, worker = fresh_village
    dialog = ExportPackageDialog(worker)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.plan_failed, timeout=WAIT):
        pass
    # The way there in the window's words, not a command line.
    assert "尚未导入乡镇的注册文件" in dialog.recipient.text()
    assert "数据报送 → 导入乡镇注册文件" in dialog.recipient.text()
    assert "cunwu enroll" not in dialog.recipient.text()
    assert not dialog.export_button.isEnabled()
    # ... and the way there from here.
    assert dialog.enroll_button.isVisibleTo(dialog)
    dialog.enroll_button.click()
    enrollment = dialog.enrollment
    assert isinstance(enrollment, EnrollmentDialog)
    qtbot.waitUntil(lambda: enrollment.identity is not None, timeout=WAIT)
    enrollment.file.set_path(world.enrollment)
    enrollment.checked.setChecked(True)
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        enrollment.import_button.click()
    assert "榜头镇" in dialog.recipient.text()
    assert not dialog.enroll_button.isVisibleTo(dialog)


def test_the_export_button_is_ready_as_soon_as_a_folder_is_typed(
        qtbot, answers, world: UiWorld, east_worker: DbWorker) -> None:
    dialog = ExportPackageDialog(east_worker)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        pass
    assert not dialog.export_button.isEnabled()
    dialog.folder.edit.setFocus()
    qtbot.keyClicks(dialog.folder.edit, str(world.stick))  # no Tab, no Enter: the mouse goes to 导出
    assert dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.exported, timeout=WAIT):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(find_packages(world.stick)) == 1


# ------------------------------------------------------------------ receipts

def test_receipts_show_which_changes_the_township_has_received(
        qtbot, answers, world: UiWorld, east_worker: DbWorker) -> None:
    world.export(world.east)
    world.import_all()  # writes a receipt beside the package
    with open_store(world.east) as store:
        uuid = store.records("committee_members")[0]["uuid"]
        store.edit(uuid, {"联系电话": "13700000000"})
    dialog = ReceiptsDialog(east_worker)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT)
    # before the stick is read: sent, not yet confirmed
    assert dialog.packages.text(0, 3) == "尚未确认"
    with qtbot.waitSignal(dialog.reported, timeout=WAIT):
        dialog.folder.set_path(world.stick)
        dialog.read_button.click()
    assert "读取了 1 份回执，新确认 4 处修改" in dialog.summary.text()
    assert "乡镇已收到 4 处修改" in dialog.summary.text() and "尚未导出 1 处" in dialog.summary.text()
    rows = {dialog.registers.text(r, 0): [dialog.registers.text(r, c) for c in (1, 2, 3)]
            for r in range(dialog.registers.rowCount())}
    assert rows["村“两委”成员"] == ["2", "0", "1"]
    assert dialog.packages.text(0, 0) == "1" and dialog.packages.text(0, 3) != "尚未确认"


# ------------------------------------------------------------------ return package

def test_village_imports_the_return_package_and_leaves_other_packages_alone(
        qtbot, answers, world: UiWorld, east_worker: DbWorker) -> None:
    world.export(world.east)
    world.export(world.west)
    world.import_all()
    uuid = world.conflict_on_stick()
    world.import_all()
    with open_store(world.township) as township:
        [conflict] = list_conflicts(township)
        resolve(township, conflict.id, None, {"联系电话": "13900000009"})
    world.return_package(EAST)

    dialog = ImportPackagesDialog(east_worker, township=False, folder=world.stick)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=WAIT) as signal:
        dialog.start_button.click()
    outcome = signal.args[0]
    assert [r.status for r in outcome.summary.results] == ["accepted"]
    assert dialog.model.text(0, 3) == "已导入"
    assert "乡镇返回" in dialog.model.text(0, 0)
    # 东山村's own two packages and 西山村's are not for this village
    assert outcome.ignored == 3
    assert "另有 3 个数据包不是发给本村的" in dialog.summary.text()
    with open_store(world.east) as store:
        assert store.get(uuid).values["联系电话"] == "13900000009"
    # The village met the township's edit of a record it changed too, and the resolution with it:
    # nothing waits for review (a village has no 冲突审核), and the clerk is told so.
    assert outcome.summary.results[0].counts.conflicts == 1 and outcome.open_conflicts == {}
    assert dialog.model.text(0, 9) == "其中 1 条本村也改过，已按乡镇的裁决更新"
    assert dialog.model.row(0).tone is None
    assert "待审核" not in dialog.summary.text() and "（其中 1 条本村也改过" in dialog.summary.text()


def test_closing_a_dialog_before_its_answer_arrives_is_harmless(qtbot, answers, world: UiWorld,
                                                                east_worker: DbWorker) -> None:
    from PySide6.QtCore import Qt

    release = busy(east_worker)
    dialog = ExportPackageDialog(east_worker, folder=world.stick)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    with qtbot.waitSignal(dialog.destroyed, timeout=WAIT):
        dialog.close()
    done: list[object] = []
    east_worker.submit(lambda _store, _progress: "after", done.append)  # queued behind the dialog's reads
    release.set()
    qtbot.waitUntil(lambda: done == ["after"], timeout=WAIT)
