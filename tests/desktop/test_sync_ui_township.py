"""The township window: villages, merged registers (read-only, by village), import log, conflicts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from sync_ui_support import EAST, WEST, UiWorld, export_both, open_store, world_fixtures

from desktop.ui.township.conflict_review import OURS, THEIRS, TYPED
from desktop.ui.township.merged_registers import MergedRegisterView, RecordViewer
from desktop.ui.township.township_window import (
    CONFLICTS_PAGE,
    LOG_PAGE,
    VILLAGES_PAGE,
    TownshipWindow,
    merged_page,
)
from desktop.ui.widgets.nav_pane import COUNT_ROLE, WARNINGS_ROLE
from sync.exchange.conflicts import get_conflict, list_conflicts
from sync.exchange.installations import installations_of
from sync.exchange.package_file import find_packages
from sync.store.store import Store
from sync.store.users import VIEWER, User

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
WAIT = 20_000


def _delivered_with_a_conflict(world: UiWorld) -> None:
    export_both(world)
    world.import_all()
    world.conflict_on_stick()
    world.import_all()


world_template, world = world_fixtures("sync-ui-township", _delivered_with_a_conflict)


def make_window(qtbot, store: Store) -> TownshipWindow:
    window = TownshipWindow(store)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.counted, timeout=WAIT):
        window.show()
    # As at start-up: a new township database has no search keys yet; they are built on the worker.
    window.ensure_search_index()
    qtbot.waitUntil(lambda: not window.worker.busy(), timeout=WAIT)
    return window


@pytest.fixture
def township(world: UiWorld) -> Iterator[Store]:
    store = open_store(world.township)
    yield store
    store.close()


@pytest.fixture
def window(qtbot, answers, township: Store) -> Iterator[TownshipWindow]:
    win = make_window(qtbot, township)
    yield win
    win.close()


def double_click(qtbot, table, pos) -> None:
    """As a person does it: press and release, then the second click (a view wants both)."""
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def villages_page(qtbot, window: TownshipWindow):
    view = window.show_page(VILLAGES_PAGE)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=WAIT)
    return view


def conflicts_page(qtbot, window: TownshipWindow):
    view = window.conflicts_view()
    window.show_page(CONFLICTS_PAGE)
    qtbot.waitUntil(lambda: view.detail is not None, timeout=WAIT)
    return view


# ------------------------------------------------------------------ villages

def test_villages_show_keys_packages_counts_and_open_conflicts(qtbot, window: TownshipWindow,
                                                               township: Store) -> None:
    view = villages_page(qtbot, window)
    model = view.model
    assert [model.text(r, 0) for r in range(model.rowCount())] == [EAST, WEST]
    east = {model.headerData(c, Qt.Orientation.Horizontal): model.text(0, c) for c in range(model.columnCount())}
    assert east["村（社区）"] == "东山村"
    assert east["登记"] == "已接入"
    assert east["密钥指纹"] == installations_of(township, EAST)[0].fingerprint
    assert east["序号"] == "2" and east["数据包数"] == "2"
    assert east["记录数"] == "3"  # two members and a volunteer
    assert east["待审核冲突"] == "1"
    assert "共 2 个村，已收到 2 个村的数据；待审核冲突 1 处" in view.summary.text()
    # navigation badges and the village filter
    assert window.pages[CONFLICTS_PAGE].item.data(WARNINGS_ROLE) == 1
    assert window.pages[merged_page("committee_members")].item.data(COUNT_ROLE) == 3
    box = window.village_box
    assert [box.itemText(i) for i in range(box.count())] == [
        "全部村（社区）", "东山村（350322111202）", "西山村（350322111203）"]


def test_double_clicking_a_village_shows_its_registers_only(qtbot, window: TownshipWindow) -> None:
    view = villages_page(qtbot, window)
    rect = view.table.visualRect(view.model.index(1, 1))
    double_click(qtbot, view.table, rect.center())
    merged = window.stack.currentWidget()
    assert isinstance(merged, MergedRegisterView) and merged.register.key == "committee_members"
    assert window.village == WEST and window.village_box.currentData() == WEST
    assert merged.model.rowCount() == 1
    assert merged.count_label.text() == "西山村：共 1 人"
    assert merged.table.isColumnHidden(0)
    # back to every village: the village column says whose record each row is
    window.village_box.setCurrentIndex(0)
    assert merged.model.rowCount() == 3 and not merged.table.isColumnHidden(0)
    villages = sorted(merged.model.index(r, 0).data() for r in range(3))
    assert villages == ["东山村", "东山村", "西山村"]


def test_merged_register_filters_sorts_by_village_and_passes_the_model_tester(
        qtbot, qtmodeltester, window: TownshipWindow) -> None:
    merged = window.merged_view("committee_members")
    qtmodeltester.check(merged.model)
    qtbot.keyClicks(merged.filter, "lxy")
    assert merged.model.rowCount() == 1
    assert merged.model.index(0, 1).data() == "林秀英"
    assert merged.count_label.text() == "各村：筛选出 1 / 共 3 人"
    merged.filter.clear()
    merged.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [merged.model.index(r, 0).data() for r in range(3)] == ["西山村", "东山村", "东山村"]
    merged.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert merged.model.index(0, 1).data() in {"林秀英", "王建国", "赵明"}
    qtmodeltester.check(merged.model)


def test_village_records_are_read_only_at_the_township(qtbot, window: TownshipWindow) -> None:
    merged = window.merged_view("committee_members")
    window.show_page(merged_page("committee_members"))
    assert merged.table.editTriggers() == merged.table.EditTrigger.NoEditTriggers
    rect = merged.table.visualRect(merged.model.index(0, 1))
    double_click(qtbot, merged.table, rect.center())
    viewer = window.findChild(RecordViewer)
    assert viewer is not None and viewer.isVisible()
    edits = [w for w in viewer.panel.findChildren(QLineEdit) if w.isVisible()]
    assert edits and all(w.isReadOnly() or not w.isEnabled() for w in edits)
    assert "乡镇只读" in viewer.info.text()
    viewer.close()


# ------------------------------------------------------------------ import log

def test_import_log_lists_every_package_and_filters_by_village(qtbot, window: TownshipWindow) -> None:
    view = window.log_view()
    window.show_page(LOG_PAGE)
    qtbot.waitUntil(lambda: view.model.rowCount() == 5, timeout=WAIT)
    results = [view.model.text(r, 2) for r in range(5)]
    assert results.count("已导入") == 3 and results.count("重复") == 2
    assert "有 1 处冲突" in [view.model.text(r, 11) for r in range(5)]
    # At 1366×768 every column fits: the reason (last) is read whole, wrapped, without scrolling sideways.
    header = view.table.horizontalHeader()
    qtbot.waitUntil(lambda: header.length() <= view.table.viewport().width(), timeout=WAIT)
    assert header.sectionSize(11) >= 180
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        window.set_village(WEST)
    assert view.model.rowCount() == 2
    assert {view.model.text(r, 3) for r in range(2)} == {"西山村 350322111203"}


# ------------------------------------------------------------------ conflicts

def field_rows(view) -> dict[str, list[str]]:
    table = view.table
    return {table.item(r, 0).text(): [table.item(r, c).text() for c in (1, 2, 3)] for r in range(table.rowCount())}


def test_conflict_shows_ancestor_and_both_versions_with_the_provisional_winner(
        qtbot, window: TownshipWindow) -> None:
    view = conflicts_page(qtbot, window)
    rows = field_rows(view)
    # the conflicting fields come first: ancestor | held here | arrived, winner marked
    assert {view.table.item(r, 0).text() for r in (0, 1)} == {"联系电话", "任职时间"}
    base, ours, theirs = rows["联系电话"]
    assert base == "138****5678" and ours == "139****0001"
    assert theirs == "139****0002（暂定）"
    assert rows["任职时间"] == ["2026.03.18", "2026.03.20", "2026.03.25（暂定）"]
    # a field only the village changed was merged automatically and is shown for context
    assert rows["文化程度"] == ["大学专科", "大学专科", "普通高中"]
    assert view.table.cellWidget(1, 4) is not None  # the choices
    assert view.table.cellWidget(2, 4) is None
    assert "新收到" in view.sides.text() and "暂定采用“新收到”" in view.sides.text()
    view.full_numbers.setChecked(True)
    assert field_rows(view)["联系电话"][1] == "13900000001"


def test_the_conflict_is_read_once_so_a_choice_made_at_once_stays(qtbot, window: TownshipWindow) -> None:
    view = window.conflicts_view()
    loads: list[object] = []
    view.detail_loaded.connect(loads.append)
    window.show_page(CONFLICTS_PAGE)
    qtbot.waitUntil(lambda: view.detail is not None, timeout=WAIT)
    view.all_ours.click()  # the person chooses as soon as the conflict is shown
    qtbot.waitUntil(lambda: not window.worker.busy(), timeout=WAIT)
    assert len(loads) == 1
    assert view.choices() == {"联系电话": OURS, "任职时间": OURS}


def test_resolving_with_a_typed_value_makes_a_new_version(qtbot, window: TownshipWindow, world: UiWorld) -> None:
    view = conflicts_page(qtbot, window)
    conflict_id = view.detail.conflict.id
    row = next(r for r in range(view.table.rowCount()) if view.table.item(r, 0).text() == "联系电话")
    combo = view.table.cellWidget(row, 4)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(TYPED))
    typed = view.table.cellWidget(row, 5)
    assert isinstance(typed, QLineEdit) and typed.isEnabled()
    qtbot.keyClicks(typed, "13900000009")
    # 任职时间 is left at its provisional value
    assert view.choices() == {"联系电话": "13900000009"}
    with qtbot.waitSignal(view.resolved, timeout=WAIT):
        view.resolve_button.click()
    qtbot.waitUntil(lambda: window.pages[CONFLICTS_PAGE].item.data(WARNINGS_ROLE) == 0, timeout=WAIT)
    assert "冲突 1 已裁决" in view.status.text()
    with open_store(world.township) as store:
        conflict = get_conflict(store, conflict_id)
        assert not conflict.is_open
        values = store.get(conflict.record_uuid).values
        assert values["联系电话"] == "13900000009" and values["任职时间"] == "2026-03-25"
        assert list_conflicts(store) == []


@pytest.mark.parametrize(("side", "phone"), [(OURS, "13900000001"), (THEIRS, "13900000002")])
def test_taking_one_side_for_every_field(qtbot, window: TownshipWindow, world: UiWorld, side: str,
                                         phone: str) -> None:
    view = conflicts_page(qtbot, window)
    (view.all_ours if side == OURS else view.all_theirs).click()
    assert view.choices() == {"联系电话": side, "任职时间": side}
    with qtbot.waitSignal(view.resolved, timeout=WAIT):
        view.resolve_button.click()
    with open_store(world.township) as store:
        [conflict] = list_conflicts(store, include_resolved=True)
        assert store.get(conflict.record_uuid).values["联系电话"] == phone


def test_an_invalid_typed_value_is_refused_in_chinese(qtbot, answers, window: TownshipWindow,
                                                       world: UiWorld) -> None:
    view = conflicts_page(qtbot, window)
    view.choose("联系电话", TYPED, "")
    view.resolve_button.click()
    assert "请为“联系电话”填写新值" in answers.of("warn")[0]
    view.choose("联系电话", OURS)
    view.choose("任职时间", TYPED, "2026-13-45")
    view.resolve_button.click()
    qtbot.waitUntil(lambda: len(answers.of("warn")) == 2, timeout=WAIT)
    assert "任职时间：“2026-13-45”不是有效日期" in answers.of("warn")[1]
    assert view.resolve_button.isEnabled()
    with open_store(world.township) as store:
        assert len(list_conflicts(store)) == 1


def test_only_an_administrator_resolves_at_the_township(qtbot, answers, world: UiWorld) -> None:
    store = Store.open(world.township, User("viewer", VIEWER, "查看者"))
    try:
        win = make_window(qtbot, store)
        view = conflicts_page(qtbot, win)
        # The detail and its status line arrive from the worker: wait for what the user reads.
        qtbot.waitUntil(lambda: "只有管理员" in view.status.text(), timeout=WAIT)
        assert not view.resolve_button.isEnabled() and not view.all_ours.isEnabled()
        assert not view.table.cellWidget(0, 4).isEnabled()
        win.close()
    finally:
        store.close()


# ------------------------------------------------------------------ actions

def test_importing_a_stick_from_the_window_refreshes_the_villages(qtbot, answers, window: TownshipWindow,
                                                                   world: UiWorld) -> None:
    view = villages_page(qtbot, window)
    with open_store(world.west) as store:
        store.add("committee_members", {"姓名": "钱红", "公民身份号码": "350322198001010026", "民族": "汉族",
                                        "政治面貌": "群众", "文化程度": "高中", "村委会职务": "委员",
                                        "任职时间": "2026-03-18"})
    world.export(world.west)
    dialog = window.import_stick(world.stick)
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        with qtbot.waitSignal(dialog.imported, timeout=WAIT):
            dialog.start_button.click()
    assert window.last_folder == world.stick
    west = view.model.key_row(WEST)
    assert view.model.text(west, 5) == "2"  # the new sequence
    qtbot.waitUntil(lambda: window.pages[merged_page("committee_members")].item.data(COUNT_ROLE) == 4,
                    timeout=WAIT)


def test_return_package_for_the_selected_village(qtbot, answers, window: TownshipWindow,
                                                 world: UiWorld) -> None:
    view = villages_page(qtbot, window)
    view.select(EAST)
    assert view.return_button.isEnabled()
    view.return_button.click()
    dialog = window.last_dialog
    assert dialog is not None and dialog.for_village == EAST
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        dialog.folder.set_path(world.stick)
    assert "东山村" in dialog.recipient.text()
    with qtbot.waitSignal(dialog.exported, timeout=WAIT) as signal:
        dialog.export_button.click()
    path = signal.args[0].path
    assert "（乡镇返回）" in path.name and path in find_packages(world.stick)


def test_return_package_needs_a_village(qtbot, answers, window: TownshipWindow) -> None:
    assert window.export_return_package() is None
    assert "请先" in answers.of("warn")[0]


def test_enrollment_file_from_the_window(qtbot, answers, window: TownshipWindow, tmp_path: Path) -> None:
    window.make_enrollment(tmp_path)
    qtbot.waitUntil(lambda: bool(answers.of("inform")), timeout=WAIT)
    [written] = list(tmp_path.glob("*.cunwu-enroll"))
    assert str(written) in answers.of("inform")[0] and "签名密钥指纹" in answers.of("inform")[0]


def test_print_book_is_limited_to_the_chosen_village(qtbot, window: TownshipWindow, monkeypatch) -> None:
    calls = []
    import desktop.printing.preview as preview

    monkeypatch.setattr(preview, "show_book_preview", lambda *args, **kw: calls.append((args, kw)) or 0)
    window.set_village(EAST)
    window.print_action.trigger()
    [(args, kw)] = calls
    assert args[1] == window.store.path and kw["village"] == EAST


def test_statistics_pages_open_and_close_cleanly(qtbot, window: TownshipWindow) -> None:
    view = window.show_page("data_status")
    qtbot.waitUntil(lambda: view.report is not None, timeout=WAIT)
    assert view.table.rowCount() >= 2


# ------------------------------------------------------------------ start-up

def test_the_app_opens_the_township_window_for_a_township_database(qtbot, monkeypatch, world: UiWorld,
                                                                   tmp_path: Path) -> None:
    import argparse
    import sys

    from PySide6.QtGui import QImage

    import desktop.app

    monkeypatch.setattr(desktop.app, "log_dir", lambda: tmp_path / "logs")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    shown: list[object] = []
    original = TownshipWindow.render_screenshot

    def render(self: TownshipWindow, path: str) -> Path:
        written = original(self, path)
        shown.append((type(self), self.stack.currentWidget().objectName(), self.villages_view().model.rowCount()))
        return written

    monkeypatch.setattr(TownshipWindow, "render_screenshot", render)
    out = tmp_path / "township.png"
    args = argparse.Namespace(db=str(world.township), register=None, screenshot=str(out), user=None)
    assert desktop.app.run_app(args) == 0
    # the villages page, filled in before the grab
    assert shown == [(TownshipWindow, "VillagesView", 2)]
    assert (QImage(str(out)).width(), QImage(str(out)).height()) == (1366, 768)
    args.register, args.screenshot = "志愿者", str(tmp_path / "volunteers.png")
    assert desktop.app.run_app(args) == 0
    assert shown[-1][1] == "merged_volunteers"


def test_the_record_viewer_masks_numbers_unless_the_window_shows_them(qtbot, window: TownshipWindow,
                                                                     township: Store) -> None:
    member = township.records("committee_members")[0]
    full_id = member["公民身份号码"]
    assert full_id and len(full_id) == 18

    def shown_texts(viewer: RecordViewer) -> list[str]:
        return [w.text() for w in viewer.panel.findChildren(QLineEdit)]

    viewer = window.open_record(member["uuid"])
    assert isinstance(viewer, RecordViewer)
    texts = shown_texts(viewer)
    assert full_id not in texts and any(t.startswith(full_id[:4]) and "*" in t for t in texts)
    # The checks ran on the real number: a masked one would be reported as wrong.
    assert viewer.panel.messages["公民身份号码"].text() == ""
    viewer.close()
    window.full_numbers_action.setChecked(True)  # 显示完整号码
    viewer = window.open_record(member["uuid"])
    assert isinstance(viewer, RecordViewer) and full_id in shown_texts(viewer)
    viewer.close()
