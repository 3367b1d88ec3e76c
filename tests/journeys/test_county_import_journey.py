"""The county's import: a stick with two townships' upward packages, in the window a county
database opens (the township's), through the real 导入U盘数据 dialog, nothing patched."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from county.chain import Chain, build_chain, open_store
from journeys.screen import OFFSCREEN_NOTES, click_button, type_into, wait_closed, wait_for_modal

from desktop.ui.exchange.import_dialog import ImportPackagesDialog
from desktop.ui.township.township_window import TownshipWindow

pytestmark = [pytest.mark.journey, pytest.mark.gui, OFFSCREEN_NOTES]


@pytest.fixture
def chain(tmp_path: Path) -> Chain:
    return build_chain(tmp_path / "c")


@pytest.fixture
def stick(chain: Chain) -> Path:
    """Both townships' upward packages on one stick, as the county's clerk receives them."""
    folder = chain.stick("county-stick")
    for township in chain.townships:
        for path in chain.upward(township).paths:
            shutil.move(path, folder / path.name)
    return folder


@pytest.fixture
def window(qtbot: Any, chain: Chain) -> Iterator[TownshipWindow]:
    store = open_store(chain.county)
    win = TownshipWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    store.close()


def import_through_the_dialog(qtbot: Any, window: TownshipWindow, stick: Path) -> ImportPackagesDialog:
    window.import_action.trigger()
    dialog = wait_for_modal(qtbot, "导入U盘数据")
    assert isinstance(dialog, ImportPackagesDialog)
    type_into(dialog.folder.edit, str(stick))
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        click_button(dialog, "开始导入")
    return dialog


def test_the_county_imports_a_stick_of_upward_packages(qtbot: Any, chain: Chain, stick: Path,
                                                       window: TownshipWindow) -> None:
    dialog = import_through_the_dialog(qtbot, window, stick)
    # The townships' first packages prove their one-time secrets: nobody is asked anything.
    assert "共 6 个数据包：导入 6，重复 0，拒绝 0，跳过 0。新增 18 条" in dialog.summary.text()
    assert [dialog.model.text(r, 3) for r in range(dialog.model.rowCount())] == ["已导入"] * 6
    click_button(dialog, "关闭")
    wait_closed(qtbot, dialog)
    villages = window.villages_view()
    qtbot.waitUntil(lambda: villages.model.rowCount() == 6, timeout=20_000)
    with open_store(chain.county) as store:
        assert store.count("committee_members") == 12
        assert store.conn.execute("SELECT COUNT(*) FROM townships WHERE packages = 3").fetchone()[0] == 2
    # The same stick again: harmless, and said so.
    again = import_through_the_dialog(qtbot, window, stick)
    assert "共 6 个数据包：导入 0，重复 6" in again.summary.text()
    click_button(again, "关闭")
    wait_closed(qtbot, again)
