"""The township's statistics pages at 1366×768, inside the TownshipWindow: nothing off the edge."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from window_steps import township_window

from desktop.ui.township.township_window import STATUS_PAGE, TownshipWindow
from desktop.ui.widgets.window_parts import SCREEN_SIZE
from sync.demo.township import AS_OF
from sync.store.store import Store

pytestmark = pytest.mark.gui
WAIT = 20_000


@pytest.fixture
def window(qtbot, sample_township: Path) -> Iterator[TownshipWindow]:
    store = Store.open(sample_township)
    store.today = AS_OF
    with township_window(qtbot, store) as win:
        win.resize(SCREEN_SIZE)
        yield win


def test_data_status_shows_every_column_at_1366x768(qtbot, window: TownshipWindow) -> None:
    view = window.show_page(STATUS_PAGE)
    qtbot.waitUntil(lambda: view.report is not None, timeout=WAIT)
    table = view.table
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    used = sum(table.columnWidth(c) for c in range(table.columnCount()))
    assert used <= table.viewport().width(), (used, table.viewport().width())
    last = table.horizontalHeaderItem(table.columnCount() - 1).text()
    assert last == "状态"
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert "两委成员\n（人）" in headers and "村级骨干\n（人）" in headers  # every register, two lines


def test_statistics_leaves_room_for_a_figures_records(qtbot, window: TownshipWindow) -> None:
    from desktop.ui.township.township_window import STATS_PAGE

    view = window.show_page(STATS_PAGE)
    qtbot.waitUntil(lambda: view.report is not None and not view.runner.busy, timeout=WAIT)
    table = view._tables["committee"]
    model = table.model()
    members = 1  # 两委成员（人）, 合计 row: 13 persons
    index = model.index(model.rowCount() - 1, members)
    with qtbot.waitSignal(view.records.listed, timeout=WAIT):
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    records = view.records.table
    shown = records.viewport().height() // records.verticalHeader().defaultSectionSize()
    assert shown >= 5, shown
    # and the group's table still shows every village and the 合计 row
    last = table.visualRect(model.index(model.rowCount() - 1, 0))
    assert last.bottom() <= table.viewport().height()
