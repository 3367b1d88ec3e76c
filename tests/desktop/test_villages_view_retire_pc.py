"""The township's villages view: 该村电脑 → a PC → 停用这台电脑… (fingerprint shown, reason required),
then the PC is marked 已停用 and can be enabled again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from sync_ui_support import EAST, UiWorld, build_world, copy_world, open_store

from desktop.ui.township.township_window import VILLAGES_PAGE, TownshipWindow
from desktop.ui.township.villages_view import PcChangeDialog, VillagesView
from sync.exchange.exporter import export_package
from sync.exchange.identity import enroll
from sync.exchange.importer import import_packages
from sync.exchange.installations import installations_of
from sync.store.store import Store

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
WAIT = 20_000


@pytest.fixture(scope="module")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> UiWorld:
    """东山村 has two PCs at the township: the old one and its replacement."""
    world = build_world(tmp_path_factory.mktemp("villages-retire"))
    world.export(world.east)
    world.import_all()
    new = world.root / "east-new.db"
    with Store.create_village(new, EAST, "东山村", {"常住人口": 1200}) as store:
        enroll(store, world.enrollment)
        export_package(store, world.stick, recovery_request=True)
    with open_store(world.township) as store:
        assert import_packages(store, [world.stick], accept_new_installation=True).ok
    return world


@pytest.fixture
def township(world_template: UiWorld, tmp_path: Path) -> Iterator[Store]:
    world = copy_world(world_template, tmp_path / "world")
    store = open_store(world.township)
    yield store
    store.close()


def old_fingerprint(store: Store) -> str:
    return min(installations_of(store, EAST), key=lambda pc: pc.first_seen + pc.installation_id).fingerprint


@pytest.fixture
def view(qtbot, answers, township: Store) -> Iterator[VillagesView]:
    window = TownshipWindow(township)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.counted, timeout=WAIT):
        window.show()
    page = window.show_page(VILLAGES_PAGE)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=WAIT)
    assert isinstance(page, VillagesView)
    yield page
    window.close()


def pc_action(view: VillagesView, fp: str, name: str):
    view.pcs_menu.aboutToShow.emit()  # as when the person opens the button's menu
    sub = view.pcs_menu.findChild(QMenu, f"pc-{fp}")
    assert sub is not None, [m.title() for m in view.pcs_menu.findChildren(QMenu)]
    return next(a for a in sub.actions() if a.objectName() == name)


def open_dialog(qtbot, view: VillagesView, fp: str, name: str) -> PcChangeDialog:
    pc_action(view, fp, name).trigger()
    dialog = view.pc_dialog
    assert isinstance(dialog, PcChangeDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
    return dialog


def column(view: VillagesView, title: str, row: int = 0) -> str:
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.model.columnCount())]
    return view.model.text(row, headers.index(title))


def test_retiring_a_pc_from_the_villages_view(qtbot, view: VillagesView, township: Store, answers) -> None:
    fp = old_fingerprint(township)
    view.select(EAST)
    assert view.pcs_button.isEnabled() and view.return_button.isEnabled()
    titles = [m.title() for m in (view.pcs_menu.aboutToShow.emit(), view.pcs_menu.findChildren(QMenu))[1]]
    assert len(titles) == 2 and f"密钥指纹 {fp}" in titles

    dialog = open_dialog(qtbot, view, fp, "retire-pc")
    assert fp in dialog.findChild(type(view.summary), "fingerprint").text()
    assert dialog.windowTitle() == "停用这台电脑"
    assert not dialog.ok_button.isEnabled()  # the reason is required
    qtbot.keyClicks(dialog.reason_edit, "   ")
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.insert("电脑已损坏，已换新电脑")  # typed (QTest cannot type Chinese)
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(view.pc_changed, timeout=WAIT), qtbot.waitSignal(view.loaded, timeout=WAIT):
        dialog.ok_button.click()
    assert not answers.of("warn")
    keys = column(view, "密钥指纹")
    assert fp not in keys and keys.endswith("（另有 1 台已停用）")  # the PC in use, then the count
    row = view.model.row(0)
    assert row is not None and f"{fp}（已停用）：于 " in row.tips[3] and "电脑已损坏，已换新电脑" in row.tips[3]
    assert f"密钥指纹 {fp}（已停用）" in [m.title() for m in (view.pcs_menu.aboutToShow.emit(),
                                                          view.pcs_menu.findChildren(QMenu))[1]]
    assert view.return_button.isEnabled()  # the new PC still gets return packages
    pc = next(p for p in installations_of(township, EAST) if p.fingerprint == fp)
    assert pc.retired and pc.retired_reason == "电脑已损坏，已换新电脑" and pc.retired_by == "admin"

    # 重新启用: the same place, audited
    dialog = open_dialog(qtbot, view, fp, "reenable-pc")
    assert dialog.windowTitle() == "重新启用这台电脑"
    dialog.reason_edit.insert("旧电脑修好了")  # typed (QTest cannot type Chinese)
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        dialog.ok_button.click()
    assert "已停用" not in column(view, "密钥指纹")
    actions = [r[0] for r in township.conn.execute("SELECT action FROM audit WHERE action LIKE '%installation'")]
    assert actions == ["retire_installation", "reenable_installation"]


def test_cancelling_changes_nothing_and_a_village_with_only_retired_pcs_gets_no_return(
        qtbot, view: VillagesView, township: Store) -> None:
    view.select(EAST)
    fp = old_fingerprint(township)
    dialog = open_dialog(qtbot, view, fp, "retire-pc")
    dialog.reason_edit.insert("点错了")  # typed (QTest cannot type Chinese)
    dialog.reject()
    assert not any(pc.retired for pc in installations_of(township, EAST))
    for pc in installations_of(township, EAST):
        dialog = open_dialog(qtbot, view, pc.fingerprint, "retire-pc")
        dialog.reason_edit.insert("村委会撤并")  # typed (QTest cannot type Chinese)
        with qtbot.waitSignal(view.loaded, timeout=WAIT):
            dialog.ok_button.click()
    assert not view.return_button.isEnabled()
    assert column(view, "密钥指纹") == "2 台电脑均已停用"
