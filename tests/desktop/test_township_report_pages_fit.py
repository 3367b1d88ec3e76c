"""The township's statistics pages at 1366×768, inside the TownshipWindow: nothing off the edge."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.ui.sync.township_window import STATUS_PAGE, TownshipWindow
from desktop.ui.window_parts import SCREEN_SIZE
from sync.demo_township import AS_OF
from sync.store import Store

pytestmark = pytest.mark.gui
WAIT = 20_000


@pytest.fixture
def window(qtbot, sample_township: Path) -> Iterator[TownshipWindow]:
    store = Store.open(sample_township)
    store.today = AS_OF
    win = TownshipWindow(store)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.counted, timeout=WAIT):
        win.show()
    win.resize(SCREEN_SIZE)
    yield win
    win.close()
    store.close()


def test_data_status_shows_every_column_at_1366x768(qtbot, window: TownshipWindow) -> None:
    view = window.show_page(STATUS_PAGE)
    qtbot.waitUntil(lambda: view.report is not None, timeout=WAIT)
    table = view.table
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    used = sum(table.columnWidth(c) for c in range(table.columnCount()))
    assert used <= table.viewport().width(), (used, table.viewport().width())
    last = table.horizontalHeaderItem(table.columnCount() - 1).text()
    assert last == "状态"
    assert table.horizontalHeaderItem(2 + 2).text() == "两委成员\n（人）"
