"""The township's merged registers: a big register is queried on the window's worker.

The list is the one the UI thread would have made (same order, filter, village, sorting), the
count comes with it, a busy bar and 取消 show while it runs, and 取消 keeps the list shown.
Registers are made "big" here by lowering ``BACKGROUND_FROM_ROWS``.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.ui.registers import table_model
from desktop.ui.township import merged_registers
from desktop.ui.township.merged_registers import MergedRegisterModel, MergedRegisterView
from desktop.ui.widgets.db_worker import DbWorker
from sync.demo.township import AS_OF, A, B, C, build_sample_township, delete_counted_member
from sync.store import search
from sync.store.store import Store

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
NAMES = {A: "东山村", B: "西山村", C: "南山社区"}
WAIT = 20_000


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("merged-worker") / "t.db"
    store = build_sample_township(path)
    search.rebuild(store)
    store.close()
    return path


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "t.db"
    shutil.copy(template, path)
    with Store.open(path) as opened:
        opened.today = AS_OF
        yield opened


@pytest.fixture
def worker(store: Store) -> Iterator[DbWorker]:
    w = DbWorker(store.path, store.user, AS_OF)
    yield w
    w.stop()


@pytest.fixture
def big(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(merged_registers, "BACKGROUND_FROM_ROWS", 0)


def make_view(qtbot, store: Store, worker: DbWorker | None, key: str = "committee_members") -> MergedRegisterView:
    view = MergedRegisterView(store, store.catalog.registers[key], NAMES, worker=worker)
    qtbot.addWidget(view)
    view.resize(1100, 500)
    view.show()
    return view


def wait_idle(qtbot, view: MergedRegisterView) -> None:
    qtbot.waitUntil(lambda: not view.model.busy, timeout=WAIT)


def here(store: Store, view: MergedRegisterView) -> list[str]:
    """The list the UI thread makes for the same settings (the village window's way)."""
    model = MergedRegisterModel(store, view.register, NAMES)
    model.set_village(view.model.village)
    model.set_show_deleted(view.show_deleted.isChecked())
    model.set_filter(view.filter.text())
    order = view.model.listing.query  # the order the view's header set
    model.listing.set_query(replace(model.listing.query, sort_field=order.sort_field,
                                    by_village=order.by_village, descending=order.descending))
    model.refresh()
    return model.uuids()


@pytest.mark.usefixtures("big")
def test_a_big_register_is_listed_on_the_worker(qtbot, store: Store, worker: DbWorker) -> None:
    view = make_view(qtbot, store, worker)
    # The constructor returned before anything was read: the worker is listing.
    assert view.model.busy and view.model.rowCount() == 0
    assert view.count_label.text() == "正在读取…"
    with qtbot.waitSignal(view.model.refreshed, timeout=WAIT) as refreshed:
        pass
    assert refreshed.args == [15]
    assert not view.model.busy and view.model.total == 15
    assert view.count_label.text() == "各村：共 15 人"
    entered = [row[0] for row in store.conn.execute(
        "SELECT uuid FROM committee_members WHERE _deleted = 0 ORDER BY _created_at, rowid")]
    assert view.model.uuids() == entered == here(store, view)
    assert view.model.index(0, 0).data() == "东山村"
    assert not view.busy_bar.isVisible() and not view.cancel_button.isVisible()


@pytest.mark.usefixtures("big")
def test_village_filter_sorting_and_deleted_match_the_ui_threads_list(qtbot, store: Store,
                                                                      worker: DbWorker) -> None:
    view = make_view(qtbot, store, worker)
    wait_idle(qtbot, view)
    view.set_village(B)
    assert view.model.busy
    wait_idle(qtbot, view)
    assert view.model.rowCount() == 5 and view.count_label.text() == "西山村：共 5 人"
    assert view.model.uuids() == here(store, view)
    view.set_village(None)
    wait_idle(qtbot, view)
    qtbot.keyClicks(view.filter, "zhao")  # a job per keystroke; each replaces the one before
    wait_idle(qtbot, view)
    assert [view.model.index(r, 1).data() for r in range(view.model.rowCount())] == ["赵明", "赵明"]
    assert view.count_label.text() == "各村：筛选出 2 / 共 15 人"
    assert view.model.uuids() == here(store, view)
    view.filter.clear()
    wait_idle(qtbot, view)
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    wait_idle(qtbot, view)
    villages = [view.model.index(r, 0).data() for r in range(15)]
    assert villages == ["南山社区"] * 4 + ["西山村"] * 5 + ["东山村"] * 6  # codes descending
    assert view.model.uuids() == here(store, view)
    view.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by name, in pinyin order
    wait_idle(qtbot, view)
    assert view.model.uuids() == here(store, view)
    delete_counted_member(store)  # 周海
    view.refresh()
    wait_idle(qtbot, view)
    assert view.model.rowCount() == 14 and view.count_label.text() == "各村：共 14 人"
    view.show_deleted.setChecked(True)
    wait_idle(qtbot, view)
    assert view.model.rowCount() == 15
    assert view.model.uuids() == here(store, view)
    assert view.count_label.text() == "各村：共 14 人"


@pytest.mark.usefixtures("big")
def test_cancel_keeps_the_list_and_the_view_usable(qtbot, store: Store, worker: DbWorker,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    view = make_view(qtbot, store, worker)
    wait_idle(qtbot, view)
    shown = view.model.uuids()
    gate = threading.Event()
    real = table_model.load_list  # the list model's worker job, the village window's too

    def held(*args):  # the worker waits here until the test lets it go
        gate.wait(10)
        return real(*args)

    monkeypatch.setattr(table_model, "load_list", held)
    qtbot.keyClicks(view.filter, "li")
    assert view.model.busy
    # the busy bar and 取消 appear once the query has taken a moment
    qtbot.waitUntil(lambda: view.cancel_button.isVisible() and view.busy_bar.isVisible())
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    assert not view.model.busy and not view.cancel_button.isVisible() and not view.busy_bar.isVisible()
    assert view.count_label.text() == "已取消读取（列表未更新）"
    assert view.model.uuids() == shown
    gate.set()
    qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT)
    assert view.model.uuids() == shown  # the cancelled answer was dropped
    # still usable: the next keystroke filters
    qtbot.keyClicks(view.filter, "n")
    wait_idle(qtbot, view)
    assert view.model.uuids() == here(store, view) and 0 < view.model.rowCount() < 15


@pytest.mark.usefixtures("big")
def test_the_worker_model_passes_the_model_tester(qtbot, qtmodeltester, store: Store,
                                                  worker: DbWorker) -> None:
    view = make_view(qtbot, store, worker, "volunteers")
    wait_idle(qtbot, view)
    assert view.model.rowCount() == 6
    qtmodeltester.check(view.model)


def test_small_registers_stay_on_this_thread(qtbot, store: Store, worker: DbWorker) -> None:
    view = make_view(qtbot, store, worker)
    assert not view.model.busy and view.model.rowCount() == 15  # read at once, as before
    assert view.count_label.text() == "各村：共 15 人"
    assert not worker.busy()


def test_service_records_of_every_village_are_listed(qtbot, store: Store) -> None:
    """A child register is listed whole at the township (it showed no rows before)."""
    view = make_view(qtbot, store, None, "volunteer_services")
    assert view.model.rowCount() == store.count("volunteer_services") == 7
    assert view.count_label.text() == "各村：共 7 条"
    view.set_village(A)
    assert view.model.rowCount() == 6
