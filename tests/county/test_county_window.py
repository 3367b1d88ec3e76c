"""A county database in the township window (opened directly: the app's routing is h17a's):
the county's name, a 乡镇 level above the villages, statistics county → township → village,
the data status per township, and no action that changes village data."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from window_steps import township_window

from county.fixtures import AS_OF, T1, T2, County, D, E, F, build_county
from desktop.ui.stats.stats_view import StatisticsView
from desktop.ui.township.data_status_view import DataStatusView
from desktop.ui.township.township_window import (
    CONFLICTS_PAGE,
    STATS_PAGE,
    STATUS_PAGE,
    TOWNSHIPS_PAGE,
    VILLAGES_PAGE,
    TownshipWindow,
)
from sync.store.store import Store

pytestmark = pytest.mark.gui
WAIT = 20_000


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> County:
    return build_county(tmp_path_factory.mktemp("county"))


@pytest.fixture
def window(qtbot, county: County) -> Iterator[TownshipWindow]:
    store = Store.open(county.county)
    store.today = AS_OF
    with township_window(qtbot, store) as win:
        yield win


def click(qtbot, table, row: int, column: int, double: bool = False) -> None:
    index = table.model().index(row, column)
    table.scrollTo(index)
    where = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    if double:  # as a person does it: a click, then the second click (a view wants both)
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)


def test_the_county_window_has_a_township_level_and_no_village_edits(qtbot, window: TownshipWindow) -> None:
    assert window.windowTitle() == "村务台账（区县汇总）— 仙游县（350322）"
    assert window.current_page_key() == TOWNSHIPS_PAGE and CONFLICTS_PAGE not in window.pages
    assert not window.return_action.isVisible() and not window.enrollment_action.isVisible()
    view = window.townships_view()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=WAIT)
    assert [view.model.text(r, 1) for r in range(2)] == ["榜头镇", "枫亭镇"]
    assert [view.model.text(r, 2) for r in range(2)] == ["3", "3"]
    # Down to a township's villages: double-click its row.
    click(qtbot, view.table, 1, 1, double=True)
    assert window.current_page_key() == VILLAGES_PAGE and window.township == T2
    villages = window.villages_view()
    qtbot.waitUntil(lambda: villages.model.rowCount() == 3, timeout=WAIT)
    assert [villages.model.text(r, 0) for r in range(3)] == [D, E, F]
    assert villages.model.text(0, 3) == "枫亭镇（350322112）"
    assert not villages.return_button.isVisible() and not villages.pcs_button.isVisible()
    box = window.village_box
    assert [box.itemData(i) for i in range(box.count())] == [None, D, E, F]
    # Back to every township from the toolbar.
    window.township_box.setCurrentIndex(0)
    assert window.township is None
    qtbot.waitUntil(lambda: villages.model.rowCount() == 6, timeout=WAIT)
    assert box.count() == 7


def test_statistics_drill_down_county_township_village(qtbot, window: TownshipWindow) -> None:
    view = window.show_page(STATS_PAGE)
    assert isinstance(view, StatisticsView) and view.township_box.isVisible()
    qtbot.waitUntil(lambda: view.report is not None and not view.runner.busy, timeout=WAIT)
    model = view.model("committee")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "乡镇（街道）"
    assert [model.index(r, 0).data() for r in range(3)] == ["榜头镇（350322111）", "枫亭镇（350322112）", "区县合计"]
    assert [model.index(r, 1).data() for r in range(3)] == ["13", "7", "19"]  # 刘志强 once in the county
    # A township's name: its villages.
    click(qtbot, view._tables["committee"], 1, 0)
    qtbot.waitUntil(lambda: not view.runner.busy and view.report is not None
                    and list(view.report.village_names) == [D, E, F], timeout=WAIT)
    model = view.model("committee")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "村（社区）"
    assert [model.index(r, 0).data() for r in range(4)] == ["海滨村", "霞街村", "枫亭社区", "合计"]
    assert model.index(3, 1).data() == "7"
    assert view.township_box.currentData() == T2 and view.status.text().startswith("仙游县·枫亭镇：")
    # A village's name: that village alone.
    click(qtbot, view._tables["committee"], 0, 0)
    qtbot.waitUntil(lambda: not view.runner.busy and view.report is not None
                    and view.report.village_filter == D, timeout=WAIT)
    assert [view.model("committee").index(r, 1).data() for r in range(2)] == ["3", "3"]
    # And up again, a level at a time.
    view.up()
    qtbot.waitUntil(lambda: not view.runner.busy and view.report.village_filter is None
                    and list(view.report.village_names) == [D, E, F], timeout=WAIT)
    view.up()
    qtbot.waitUntil(lambda: not view.runner.busy and len(view.report.village_names) == 6, timeout=WAIT)
    assert view.model("committee").index(0, 0).data() == "榜头镇（350322111）"


def test_data_status_goes_township_by_township(qtbot, window: TownshipWindow) -> None:
    view = window.show_page(STATUS_PAGE)
    assert isinstance(view, DataStatusView)
    qtbot.waitUntil(lambda: view.report is not None and view.table.rowCount() == 9, timeout=WAIT)
    firsts = [view.table.item(r, 0).text() for r in range(9)]
    assert firsts == ["榜头镇（350322111）", "东山村", "西山村", "南山社区", "枫亭镇（350322112）",
                      "海滨村", "霞街村", "枫亭社区", "合计"]
    assert view.table.item(0, 2).text() == "2026-11-20"  # the township's last package
    assert view.summary.text().startswith("2 个乡镇（街道）、6 个村（社区）")
    assert view.table.item(0, 0).font().bold() and not view.table.item(1, 0).font().bold()
    # Double-click a township's row: its villages.
    with qtbot.waitSignal(view.townshipChosen, timeout=WAIT) as chosen:
        click(qtbot, view.table, 4, 0, double=True)
    assert chosen.args == [T2] and window.township == T2


def test_a_township_filter_is_not_a_village(window: TownshipWindow) -> None:
    window.set_township(T1)
    assert window.village is None
    assert [window.village_box.itemData(i) for i in range(1, window.village_box.count())] == [
        "350322111201", "350322111202", "350322111203"]



def test_print_previews_the_county_book_not_every_village(qtbot, window: TownshipWindow) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.printing.preview import BookPreviewDialog

    window.print_action.trigger()

    def preview() -> BookPreviewDialog | None:
        return next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, BookPreviewDialog) and w.isVisible()), None)

    qtbot.waitUntil(lambda: preview() is not None, timeout=WAIT)
    dialog = preview()
    assert dialog is not None
    assert dialog.book.title == "仙游县村务台账汇编"
    assert [p.title for p in dialog.book.parts] == ["榜头镇（350322111）", "枫亭镇（350322112）"]
    assert {s.key for s in dialog.book.sections()} == {"summary"}
    dialog.close()



def test_the_merged_registers_say_the_county_reads_only(qtbot, window: TownshipWindow) -> None:
    from PySide6.QtWidgets import QLabel, QLineEdit

    from desktop.ui.township.merged_registers import RecordViewer

    merged = window.show_register("committee_members")
    qtbot.waitUntil(lambda: merged.model.rowCount() > 0, timeout=WAIT)
    assert any("区县只读" in label.text() for label in merged.findChildren(QLabel))
    rect = merged.table.visualRect(merged.model.index(0, 1))
    click(qtbot, merged.table, 0, 1, double=True)
    viewer = window.findChild(RecordViewer)
    assert viewer is not None and viewer.isVisible() and rect.isValid()
    edits = [w for w in viewer.panel.findChildren(QLineEdit) if w.isVisible()]
    assert edits and all(w.isReadOnly() or not w.isEnabled() for w in edits)
    assert viewer.info.text().endswith("区县只读。")
    viewer.close()
