"""A register page's layout: columns fitted to records that arrive later, the volunteers list
given most of the height, and the pane beneath it left where the clerk dragged it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from window_steps import listed

from desktop.ui.registers.register_view import MAX_COLUMN_WIDTH

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_columns_are_measured_again_when_the_first_record_arrives(qtbot, window, answers) -> None:
    store = window.store
    for record in store.records("committee_members"):
        store.delete(record["uuid"], "换届")
    view = window.show_register("committee_members")
    view.refresh()  # deleted behind the window's back
    listed(qtbot, view)
    assert view.model.rowCount() == 0 and view.empty_hint.isVisible()
    column = [f.name for f in view.model.fields].index("公民身份号码")
    header = view.table.horizontalHeader()
    empty_width = header.sectionSize(column)

    from support import person

    with qtbot.waitSignal(window.actions_.changed):
        window.actions_.add("committee_members", person())
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and not view.model.loading)
    # The ID number fits its column (it was cut to 3503****… measured on the empty list).
    needed = view.table.sizeHintForColumn(column)
    assert header.sectionSize(column) >= min(needed, MAX_COLUMN_WIDTH) > empty_width


def test_the_volunteers_list_gets_most_of_the_height_at_1366_by_768(qtbot, window) -> None:
    window.resize(1366, 768)
    view = window.show_register("volunteers")
    qtbot.waitUntil(lambda: view.table.viewport().height() > 0)
    rows = view.table.viewport().height() // view.table.verticalHeader().defaultSectionSize()
    assert rows >= 15, rows  # it was 11: the pane beneath took half the page
    assert view.table.height() > 1.8 * view.child_tabs.height()
    # The pane still shows the selected volunteer's records, a few rows of them at least.
    services = view.children[0]
    assert services.table.viewport().height() >= 2 * services.table.verticalHeader().defaultSectionSize()


def test_the_volunteers_list_shows_eight_rows_at_1366_by_768_with_150_percent(qtbot, window) -> None:
    # 1366×768 at 150 % less a taskbar and a title bar: about 910×465 logical pixels, the size the
    # layout sees (fonts are in points, so the same text takes the same logical room).
    window.resize(910, 465)
    view = window.show_register("volunteers")
    view.table.selectRow(0)
    qtbot.waitUntil(lambda: view.table.viewport().height() > 0 and view.child_tabs.height() > 0)
    rows = view.table.viewport().height() / view.table.verticalHeader().defaultSectionSize()
    assert rows >= 8, rows  # under seven with rows 12 px taller than their text
    services = view.children[0]
    assert services.table.viewport().height() >= services.table.verticalHeader().defaultSectionSize()


def _drag(qtbot, splitter, dy: int) -> None:
    handle = splitter.handle(1)
    start = QPoint(handle.width() // 2, handle.height() // 2)
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(handle, start + QPoint(0, dy))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start + QPoint(0, dy))


def test_the_pane_beneath_the_volunteers_stays_where_the_clerk_dragged_it(
        qtbot, window_factory, admin_store, answers) -> None:
    window = window_factory(admin_store)
    window.resize(1366, 768)
    view = window.show_register("volunteers")
    splitter = view.splitter
    assert splitter is not None
    qtbot.waitUntil(lambda: splitter.sizes()[1] > 0)
    before = splitter.sizes()
    with qtbot.waitSignal(splitter.splitterMoved):
        _drag(qtbot, splitter, -120)
    dragged = splitter.sizes()
    assert dragged[1] > before[1] + 60
    window.close()

    again = window_factory(admin_store)
    again.resize(1366, 768)
    view = again.show_register("volunteers")
    assert view.splitter is not None
    qtbot.waitUntil(lambda: view.splitter.sizes()[1] > 0)
    assert abs(view.splitter.sizes()[1] - dragged[1]) <= 4
    again.close()
