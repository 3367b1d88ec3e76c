"""The county's import: a stick with two townships' upward packages, in the window a county
database opens (the township's), through the real 导入U盘数据 dialog, nothing patched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from county.chain import Chain, build_chain, open_store
from journeys.screen import OFFSCREEN_NOTES, Person, click_button, type_into, wait_closed, wait_for_modal
from window_steps import township_window

from desktop.ui.exchange.import_dialog import ImportPackagesDialog
from desktop.ui.township.township_window import TownshipWindow
from sync.exchange.identity import local_keys

pytestmark = [pytest.mark.journey, pytest.mark.gui, OFFSCREEN_NOTES]


@pytest.fixture
def chain(tmp_path: Path) -> Chain:
    return build_chain(tmp_path / "c")


@pytest.fixture
def stick(chain: Chain) -> Path:
    """Both townships' upward packages on one stick, as the county's clerk receives them."""
    folder = chain.stick("county-stick")
    for township in chain.townships:  # each township's delivery folder, as its export wrote it
        assert chain.upward(township, stick=folder).folder is not None
    return folder


@pytest.fixture
def window(qtbot: Any, chain: Chain) -> Iterator[TownshipWindow]:
    with township_window(qtbot, open_store(chain.county), counted=False) as win:
        yield win


def import_through_the_dialog(qtbot: Any, window: TownshipWindow, stick: Path,
                              person: Person | None = None) -> tuple[ImportPackagesDialog, list[Any]]:
    window.import_action.trigger()
    dialog = wait_for_modal(qtbot, "导入U盘数据")
    assert isinstance(dialog, ImportPackagesDialog)
    type_into(dialog.folder.edit, str(stick))
    asked: list[Any] = []
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        click_button(dialog, "开始导入")
        if person is not None:
            asked = person.finish()
    return dialog, asked


def test_the_county_imports_a_stick_of_upward_packages(qtbot: Any, chain: Chain, stick: Path,
                                                       window: TownshipWindow) -> None:
    dialog, _ = import_through_the_dialog(qtbot, window, stick)
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
    again, _ = import_through_the_dialog(qtbot, window, stick)
    assert "共 6 个数据包：导入 0，重复 6" in again.summary.text()
    click_button(again, "关闭")
    wait_closed(qtbot, again)


def test_a_township_without_its_secret_is_confirmed_by_a_person(qtbot: Any, person: Person, chain: Chain,
                                                                window: TownshipWindow) -> None:
    township = "350322112"
    with open_store(chain.townships[township]) as store, store.transaction():
        # Its county file was a copy without the secret (or it was used up): no proof on the package.
        store.conn.execute("DELETE FROM meta WHERE key = 'enrollment_secret'")
        keys = local_keys(store)
    assert keys is not None
    stick = chain.stick("unproven")
    chain.upward(township, stick=stick)
    person.will("核对乡镇电脑的密钥指纹", "是")
    dialog, [asked] = import_through_the_dialog(qtbot, window, stick, person)
    assert "第一次收到郊尾镇（350322112）这台电脑上报的数据包" in asked.seen
    assert keys.signing_fingerprint in asked.seen and "村里" not in asked.seen
    assert "共 3 个数据包：导入 3" in dialog.summary.text()
    click_button(dialog, "关闭")
    wait_closed(qtbot, dialog)
    with open_store(chain.county) as store:
        how = store.conn.execute("SELECT accepted_how FROM installations WHERE village = ?",
                                 (township,)).fetchone()
        assert how[0] == "confirmed"
