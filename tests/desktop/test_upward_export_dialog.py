"""导出上报数据包（报区县）and 导入区县注册文件 at a township, on its worker. The export: cancelled in
time, nothing is written; once the county's receipts are on the stick, it has nothing new to send;
after writing, a few package names and the rest counted. The county's file made for another
township is refused before anything is stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from county.chain import Chain, build_chain, open_store
from support import TODAY
from window_steps import cancel_export

from desktop.ui.exchange.enrollment_dialog import EnrollmentDialog
from desktop.ui.exchange.export_dialog import ExportPackageDialog
from desktop.ui.widgets.db_worker import DbWorker
from sync.exchange.county import write_county_enrollment_file
from sync.exchange.level import TOWNSHIP_TO_COUNTY
from sync.store.users import ADMIN, User

pytestmark = pytest.mark.gui
WAIT = 20_000
TOWNSHIP = "350322111"


@pytest.fixture
def chain(tmp_path: Path) -> Chain:
    return build_chain(tmp_path / "c")


@pytest.fixture
def worker(qtbot, chain: Chain) -> Iterator[DbWorker]:
    worker = DbWorker(chain.townships[TOWNSHIP], User("admin", ADMIN), TODAY)
    yield worker
    worker.stop()


def planned(qtbot, worker: DbWorker, stick: Path) -> ExportPackageDialog:
    dialog = ExportPackageDialog(worker, upward=True)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        dialog.folder.set_path(stick)
    return dialog


def test_cancelling_the_upward_export_writes_nothing(qtbot, chain: Chain, worker: DbWorker) -> None:
    stick = chain.stick("stick")
    dialog = planned(qtbot, worker, stick)
    cancel_export(qtbot, dialog, worker)
    assert "已取消导出" in dialog.outcome.text()
    assert dialog.result_ is None
    assert list(stick.iterdir()) == []


def test_after_the_countys_receipts_nothing_new_goes_up(qtbot, chain: Chain, worker: DbWorker) -> None:
    stick = chain.stick("stick")
    dialog = planned(qtbot, worker, stick)
    assert "将为 3 个村各生成一个数据包" in dialog.totals.text()
    with qtbot.waitSignal(dialog.exported, timeout=WAIT):
        dialog.export_button.click()
    result = dialog.result_
    assert result is not None and len(result.paths) == 3
    assert "已生成 3 个村的上报数据包" in dialog.outcome.text()
    assert not dialog.export_button.isEnabled()  # written: not again into the same folder
    summary = chain.county_import(getattr(result, "folder", None) or stick)
    assert summary.ok and summary.count("accepted") == 3
    again = planned(qtbot, worker, stick)  # the stick back from the county, with its receipts
    assert "已读取U盘上的 3 份回执" in again.receipts.text()
    assert again.totals.text().startswith("没有新的变更")
    assert not again.export_button.isEnabled()


def test_the_written_packages_are_shown_as_their_delivery_folder(qtbot, chain: Chain, worker: DbWorker) -> None:
    """After writing, the dialog names the one folder to take to the county (not 10–30 file names);
    the packages' names are in its tooltip."""
    stick = chain.stick("stick")
    dialog = planned(qtbot, worker, stick)
    with qtbot.waitSignal(dialog.exported, timeout=WAIT):
        dialog.export_button.click()
    result = dialog.result_
    assert result is not None and result.folder is not None and result.folder.parent == stick
    text = dialog.outcome.text()
    assert "已生成 3 个村的上报数据包" in text and str(result.folder) in text
    assert not any(path.name in text for path in result.paths)
    assert all(path.name in dialog.outcome.toolTip() for path in result.paths)


def test_the_county_file_of_another_township_is_not_taken(qtbot, tmp_path: Path) -> None:
    """导入区县注册文件: a file the county made for another township is shown, said, and refused."""
    chain = build_chain(tmp_path / "c", enroll_townships=False)
    with open_store(chain.county) as county:
        made = write_county_enrollment_file(county, tmp_path, township="350322112", township_name="郊尾镇")
    worker = DbWorker(chain.townships[TOWNSHIP], User("admin", ADMIN), TODAY)
    try:
        dialog = EnrollmentDialog(worker, level=TOWNSHIP_TO_COUNTY)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
            pass
        assert made.path is not None
        dialog.file.set_path(made.path)
        assert dialog.township_name.text() == "仙游县"
        assert "为乡镇 350322112 生成的，不能用于本乡镇（乡镇代码 350322111）" in dialog.problem.text()
        assert not dialog.checked.isEnabled() and not dialog.import_button.isEnabled()
    finally:
        worker.stop()
