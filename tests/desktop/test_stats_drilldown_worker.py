"""Clicking a statistics figure: its records are found on the worker and listed lazily.

The list appears when the worker is done (busy bar and 取消 meanwhile), 取消 leaves the view
usable, and a long list holds UUIDs only: rows are described a block at a time when painted.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from support import TODAY

from desktop.ui.stats import figure_records
from desktop.ui.stats.stats_view import StatisticsView
from sync.demo.township import AS_OF
from sync.store.store import Store

# The offscreen platform says this when a window is shown; it is harmless.
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
VOLUNTEERS = 1000  # five blocks of 200 rows
WAIT = 20_000


@pytest.fixture(scope="module")
def big_village(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A village with 1,000 volunteers: the volunteers figure lists five blocks of rows."""
    from forms.identifiers import id_check_char

    path = tmp_path_factory.mktemp("drill-big") / "v.db"
    with Store.create_village(path, "350322111202", "东山村", {"常住人口": 5000, "户数": 1500}) as store:
        store.today = TODAY
        rows = []
        for i in range(VOLUNTEERS):
            first17 = f"350322{1950 + i // 300}0101{i % 300:03d}"
            rows.append({"姓名": f"志愿者{i:04d}", "证件号码": first17 + id_check_char(first17),
                         "居住村民小组": "一组", "注册日期": "2024-05-01"})
        store.add_many("volunteers", rows)
    return path


def loaded(qtbot, view: StatisticsView) -> StatisticsView:
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitUntil(lambda: view.report is not None and not view.runner.busy, timeout=WAIT)
    return view


def column_of(model, key: str) -> int:
    return 1 + [c.key for c in model.group.columns].index(key)


def click_total(qtbot, view: StatisticsView, group: str, key: str) -> None:
    """Click a 合计 figure as a person does: the tab, then the cell."""
    view.tabs.setCurrentIndex([k for k in ("committee", "supervision", "rules", "organisations",
                                           "volunteers")].index(group))
    table = view._tables[group]
    model = table.model()
    index = model.index(model.rowCount() - 1, column_of(model, key))
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def test_a_total_is_listed_after_the_worker_finishes(qtbot, sample_township: Path) -> None:
    view = loaded(qtbot, StatisticsView(sample_township, as_of=AS_OF))
    records = view.records
    assert not records.busy and not records.busy_bar.isVisible()
    with qtbot.waitSignal(records.listed, timeout=WAIT) as listed:
        click_total(qtbot, view, "committee", "women")
        # the click returned before the records were found: busy bar and 取消 show meanwhile
        assert records.busy and records.busy_bar.isVisible() and records.cancel_button.isVisible()
        assert "正在查找记录" in records.caption.text()
    assert listed.args == [4]
    assert not records.busy_bar.isVisible() and not records.cancel_button.isVisible()
    assert records.caption.text() == "合计·两委成员·女性（4 / 13 (30.8%)）：共 4 条记录"
    model = records.model
    assert model.rowCount() == 4
    assert sorted(model.index(r, 1).data() for r in range(4)) == ["何静", "李秀梅", "林美华", "王桂兰"]
    assert {model.index(r, 0).data() for r in range(4)} == {"两委成员"}
    assert {model.index(r, 2).data() for r in range(4)} <= {"东山村", "西山村", "南山社区"}
    # the worker's own Store found them: the view's connection described nothing yet
    assert model.blocks_read == 0
    # opening one goes through the same signal as before
    view.records.table.selectRow(2)
    with qtbot.waitSignal(view.openRecord) as opened:
        qtbot.mouseClick(records.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [model.uuid_at(2)]
    assert view.store.get(opened.args[0]).title == model.index(2, 1).data()


def test_cancel_leaves_the_view_usable(qtbot, sample_township: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gate = threading.Event()
    real = figure_records.find_listing

    def held(*args):  # the worker waits here until the test lets it go
        gate.wait(10)
        return real(*args)

    monkeypatch.setattr(figure_records, "find_listing", held)
    view = loaded(qtbot, StatisticsView(sample_township, as_of=AS_OF))
    records = view.records
    click_total(qtbot, view, "committee", "women")
    assert records.busy and records.cancel_button.isVisible()
    with qtbot.waitSignal(records.cancelled):
        qtbot.mouseClick(records.cancel_button, Qt.MouseButton.LeftButton)
    assert not records.busy and not records.busy_bar.isVisible() and not records.cancel_button.isVisible()
    assert records.caption.text() == "已取消查找记录；可再点击表格中的数字"
    assert records.model.rowCount() == 0
    # the worker finishes the cancelled job; its answer is dropped
    gate.set()
    qtbot.waitUntil(lambda: not view.worker().busy(), timeout=WAIT)
    assert records.model.rowCount() == 0 and "已取消" in records.caption.text()
    # the view still works: another figure is listed
    with qtbot.waitSignal(records.listed, timeout=WAIT):
        click_total(qtbot, view, "committee", "members")
    members = view.report.figure("committee", "members")
    # persons are counted once; a person's records (two posts in two records) are all listed
    assert records.model.rowCount() == len(set(members.record_uuids(view.store.conn))) == members.n + 2
    assert records.caption.text().startswith("合计·两委成员·两委成员（人）")


def test_a_newer_click_replaces_a_running_one(qtbot, sample_township: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gate = threading.Event()
    real = figure_records.find_listing
    monkeypatch.setattr(figure_records, "find_listing", lambda *args: (gate.wait(10), real(*args))[1])
    view = loaded(qtbot, StatisticsView(sample_township, as_of=AS_OF))
    shown: list[int] = []
    view.records.listed.connect(shown.append)
    click_total(qtbot, view, "committee", "women")
    click_total(qtbot, view, "committee", "members")
    gate.set()
    qtbot.waitUntil(lambda: not view.worker().busy(), timeout=WAIT)
    members = len(set(view.report.figure("committee", "members").record_uuids(view.store.conn)))
    assert shown == [members]  # only the second is listed: the first was cancelled when it was replaced
    assert view.records.model.rowCount() == members


def test_a_long_list_is_read_a_block_at_a_time(qtbot, big_village: Path) -> None:
    view = loaded(qtbot, StatisticsView(big_village, as_of=TODAY))
    with qtbot.waitSignal(view.records.listed, timeout=WAIT):
        click_total(qtbot, view, "volunteers", "volunteers")
    model = view.records.model
    assert model.rowCount() == VOLUNTEERS
    assert view.records.caption.text().endswith(f"共 {VOLUNTEERS} 条记录")
    figure = view.report.figure("volunteers", "volunteers")
    order = figure.record_uuids(view.store.conn)
    assert model.uuids() == order
    names = dict(view.store.conn.execute('SELECT uuid, "姓名" FROM volunteers'))
    assert [model.index(r, 1).data() for r in range(3)] == [names[u] for u in order[:3]]
    assert model.index(0, 0).data() == "志愿者" and model.index(0, 2).data() == "东山村"
    assert model.blocks_read == 0  # the first block came with the list
    table = view.records.table
    table.scrollToBottom()
    last = model.index(VOLUNTEERS - 1, 1)
    qtbot.waitUntil(lambda: table.visualRect(last).isValid() and model.blocks_read > 0)
    assert last.data() == names[order[-1]]
    # only the blocks painted were read: the last one (and perhaps the one before it)
    assert 1 <= model.blocks_read <= 2
