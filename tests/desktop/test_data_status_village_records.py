"""数据状态: a click on a village lists its records with errors, then those with warnings, then
what the cross-village checks point at (read by sync.store.queries.flagged_records)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.ui.township.data_status_view import DataStatusView
from sync.demo.township import AS_OF, B
from sync.store.queries import flagged_records
from sync.store.store import Store

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
WAIT = 20_000


def test_a_click_on_a_village_lists_its_errors_then_its_warnings(qtbot, township_store: Store) -> None:
    store = township_store
    view = DataStatusView(store, as_of=AS_OF)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitUntil(lambda: view.report is not None, timeout=WAIT)
    row = next(r for r in range(view.table.rowCount()) if view.village_at(r) == B)
    item = view.table.item(row, 0)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.table.visualItemRect(item).center())
    listed = view.records.table
    assert "西山村：有错误、警告或被检查提示的记录" in view.records.caption.text()
    uuids = [view.records.uuid_at(r) for r in range(listed.rowCount())]
    states = [listed.item(r, 3).text() for r in range(listed.rowCount())]
    errors, warnings = flagged_records(store, B)
    assert errors and warnings
    assert uuids[:len(errors) + len(warnings)] == errors + warnings
    assert set(states[:len(errors)]) == {"有错误"} and set(states[len(errors):len(errors) + len(warnings)]) == {"有警告"}
    # its own records first; a cross-village check may point at the other village's record too
    assert {listed.item(r, 2).text() for r in range(len(errors) + len(warnings))} == {"西山村"}
