"""导入U盘数据 at the township: verified imports in order, fingerprints confirmed, summary, cancel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support import TODAY
from sync_ui_support import ADMIN_USER, EAST, WEST, UiWorld, export_both, open_store, world_fixtures

from desktop.ui.exchange.import_dialog import ImportPackagesDialog
from desktop.ui.widgets.db_worker import DbWorker
from sync.exchange.identity import enroll
from sync.exchange.installations import installations_of
from sync.exchange.receipt import receipt_filename
from sync.store.store import Store

pytestmark = pytest.mark.gui
WAIT = 20_000


world_template, world = world_fixtures("sync-ui-import", export_both, with_stick=True)


@pytest.fixture
def worker(qtbot, world: UiWorld) -> Iterator[DbWorker]:
    worker = DbWorker(world.township, ADMIN_USER, TODAY)
    yield worker
    worker.stop()


def run_import(qtbot, worker: DbWorker, folder: Path) -> tuple[ImportPackagesDialog, object]:
    dialog = ImportPackagesDialog(worker, township=True, folder=folder)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=WAIT) as signal:
        dialog.start_button.click()
    return dialog, signal.args[0]


def table(dialog: ImportPackagesDialog) -> list[list[str]]:
    model = dialog.model
    return [[model.text(r, c) for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_every_package_is_imported_in_order_after_its_fingerprint_is_confirmed(
        qtbot, answers, world: UiWorld, worker: DbWorker) -> None:
    dialog, outcome = run_import(qtbot, worker, world.stick)
    with open_store(world.township) as store:
        east, west = installations_of(store, EAST)[0], installations_of(store, WEST)[0]
        assert store.count("committee_members") == 3
    questions = answers.of("confirm")
    assert len(questions) == 2
    assert "东山村（350322111202）" in questions[0] and east.fingerprint in questions[0]
    assert "西山村（350322111203）" in questions[1] and west.fingerprint in questions[1]
    rows = table(dialog)
    assert [r[1:5] for r in rows] == [["东山村 350322111202", "1", "已导入", "4"],
                                      ["西山村 350322111203", "1", "已导入", "3"]]
    assert rows[0][9] == f"已登记这台电脑，密钥指纹 {east.fingerprint}"
    assert "共 2 个数据包：导入 2，重复 0，拒绝 0，跳过 0。新增 7 条" in dialog.summary.text()
    assert "导入前已备份数据库" in dialog.summary.text()
    # the receipts the villages will read
    for result in outcome.summary.results:
        assert (world.stick / receipt_filename(result.path.name)).exists()

    # The same stick again: everything is a duplicate, nothing is asked.
    with qtbot.waitSignal(dialog.imported, timeout=WAIT):
        dialog.start_button.click()
    assert [r[3] for r in table(dialog)] == ["重复", "重复"]
    assert len(answers.of("confirm")) == 2


def test_a_pc_the_person_does_not_accept_imports_nothing(qtbot, answers, world: UiWorld,
                                                          worker: DbWorker) -> None:
    answers.confirm_reply = False
    dialog, outcome = run_import(qtbot, worker, world.stick)
    assert [r.status for r in outcome.summary.results] == ["refused", "refused"]
    rows = table(dialog)
    assert rows[0][3] == "拒绝"
    assert rows[0][9].startswith("没有接受这台电脑（密钥指纹 ")
    assert "--accept" not in rows[0][9]
    assert "被拒绝的数据包没有改动任何数据" in dialog.problem.text()
    with open_store(world.township) as store:
        assert store.count("committee_members") == 0
        assert installations_of(store, EAST) == []


def test_a_replaced_village_pc_needs_its_own_confirmation(qtbot, answers, world: UiWorld,
                                                          worker: DbWorker, tmp_path: Path) -> None:
    run_import(qtbot, worker, world.stick)
    with open_store(world.township) as store:
        old = installations_of(store, EAST)[0].fingerprint
    # 东山村 reinstalled on a new PC: a new installation (new keys) for a known village.
    new_pc = tmp_path / "new-pc.db"
    Store.create_village(new_pc, EAST, "东山村").close()
    with open_store(new_pc) as store:
        enroll(store, world.enrollment)
    second = tmp_path / "stick2"
    second.mkdir()
    from sync.exchange.exporter import export_package

    with open_store(new_pc) as store:
        export_package(store, second)
    answers.confirm_reply = False
    dialog, outcome = run_import(qtbot, worker, second)
    question = answers.of("confirm")[-1]
    assert "另一台电脑" in question and old in question
    assert outcome.summary.results[0].fingerprint in question
    assert table(dialog)[0][3] == "拒绝"
    answers.confirm_reply = True
    with qtbot.waitSignal(dialog.imported, timeout=WAIT) as signal:
        dialog.start_button.click()
    assert signal.args[0].summary.results[0].status == "accepted"
    with open_store(world.township) as store:
        assert len(installations_of(store, EAST)) == 2


def test_an_altered_package_is_refused_with_its_reason_and_the_rest_imported(
        qtbot, answers, world: UiWorld, worker: DbWorker) -> None:
    west = next(p for p in world.stick.iterdir() if p.name.startswith("西山村"))
    data = bytearray(west.read_bytes())
    data[len(data) // 2] ^= 0x01
    west.write_bytes(bytes(data))
    dialog, outcome = run_import(qtbot, worker, world.stick)
    statuses = {r.path.name[:3]: r.status for r in outcome.summary.results}
    assert statuses == {"东山村": "accepted", "西山村": "refused"}
    row = next(r for r in table(dialog) if r[0].startswith("西山村"))
    assert row[3] == "拒绝" and "未导入任何数据" in row[9]
    assert row[4:9] == [""] * 5
    with open_store(world.township) as store:
        assert store.count("committee_members", WEST) == 0


def test_cancel_stops_after_the_package_in_hand_and_reports_it(qtbot, answers, world: UiWorld,
                                                              worker: DbWorker, monkeypatch) -> None:
    dialog = ImportPackagesDialog(worker, township=True, folder=world.stick)
    qtbot.addWidget(dialog)

    def confirm_then_cancel(_parent, text: str, title: str | None = None) -> bool:
        answers.asked.append(("confirm", text))
        dialog.cancel()  # 取消 pressed while the first package is being handled
        return True

    from desktop.ui.widgets import msgbox

    monkeypatch.setattr(msgbox, "confirm", confirm_then_cancel)
    with qtbot.waitSignal(dialog.imported, timeout=WAIT) as signal:
        dialog.start_button.click()
    summary = signal.args[0].summary
    assert summary.cancelled and [r.status for r in summary.results] == ["accepted"]
    assert "已取消：其余数据包没有导入" in dialog.summary.text()
    assert dialog.model.rowCount() == 1
    with open_store(world.township) as store:
        assert store.count("committee_members", EAST) == 2
        assert store.count("committee_members", WEST) == 0


def test_a_missing_folder_is_explained(qtbot, answers, world: UiWorld, worker: DbWorker) -> None:
    dialog = ImportPackagesDialog(worker, township=True, folder=world.root / "no-such-stick")
    qtbot.addWidget(dialog)
    dialog.start_button.click()
    assert answers.of("warn") and "不存在" in answers.of("warn")[0]
    assert dialog.task is None


def test_the_folder_above_the_packages_is_pointed_to_the_right_one(qtbot, answers, world: UiWorld,
                                                                    worker: DbWorker) -> None:
    # The person chose the stick's root; the packages are in a folder on it.
    dialog, outcome = run_import(qtbot, worker, world.root)
    assert outcome.summary.results == [] and outcome.nearby == [(world.stick, 2)]
    assert "文件夹中没有找到数据包" in dialog.summary.text()
    assert dialog.problem.isVisibleTo(dialog)
    assert "子文件夹“stick”（2 个）中" in dialog.problem.text()
    assert dialog.folder.path() == world.stick  # offered: 开始导入 again takes it
    with qtbot.waitSignal(dialog.imported, timeout=WAIT) as signal:
        dialog.start_button.click()
    assert [r.status for r in signal.args[0].summary.results] == ["accepted", "accepted"]
    assert not dialog.problem.isVisibleTo(dialog)


def test_an_empty_folder_says_so_and_points_nowhere(qtbot, answers, world: UiWorld, worker: DbWorker) -> None:
    empty = world.root / "empty"
    empty.mkdir()
    dialog, outcome = run_import(qtbot, worker, empty)
    assert outcome.nearby == [] and dialog.summary.text() == "文件夹中没有找到数据包。"
    assert not dialog.problem.isVisibleTo(dialog) and dialog.folder.path() == empty


def test_after_an_import_enter_closes_instead_of_importing_again(qtbot, answers, world: UiWorld,
                                                                 worker: DbWorker) -> None:
    from PySide6.QtCore import Qt

    dialog, _outcome = run_import(qtbot, worker, world.stick)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.close_button.isDefault() and not dialog.start_button.isDefault()
    with qtbot.waitSignal(dialog.rejected, timeout=WAIT):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    with open_store(world.township) as store:  # imported once: no second run logged
        assert store.conn.execute("SELECT COUNT(*) FROM import_log").fetchone()[0] == 2
    dialog.folder.set_path(world.stick.parent)  # another folder: Enter imports again
    assert dialog.start_button.isDefault()


def test_the_dialog_opens_within_the_screen(qtbot, world: UiWorld, worker: DbWorker) -> None:
    # At 1024×768 the dialog's 1180 px put 开始导入 and the reasons off the screen's right edge.
    dialog = ImportPackagesDialog(worker, township=True, folder=world.stick)
    qtbot.addWidget(dialog)
    dialog.show()
    room = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().width() <= room.width() and dialog.frameGeometry().height() <= room.height()
    assert dialog.width() >= min(1180, room.width() - 40)
