"""The township's first import: a stick with packages from two village PCs it has never seen.

Issue 11: the 请稍候 progress dialog opened over the question 核对村电脑的密钥指纹 and blocked
it, while the import waited for the answer. Here nothing is patched: the import runs in the
township's window, the real question opens, a person answers what is in front (one PC by a
click on 是, the other by the key Y), and the whole stick is imported.

A person answers only once the import has run long enough for its progress to be due
(``progress_due``): the moment the old code put 请稍候 over the question. Whichever comes
first, the question or that moment, the question must be in front and the progress hidden
(``is_question``), so the test fails without the fix in either order and waits for no clock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from journeys.screen import (
    OFFSCREEN_NOTES,
    Person,
    button,
    click_button,
    type_into,
    wait_closed,
    wait_for_modal,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sync_ui_support import EAST, WEST, UiWorld, export_both, open_store, world_fixtures
from window_steps import township_window

from desktop.ui.exchange.import_dialog import ImportPackagesDialog
from desktop.ui.township.township_window import TownshipWindow
from sync.exchange import stick
from sync.exchange.installations import installations_of

pytestmark = [pytest.mark.journey, pytest.mark.gui, OFFSCREEN_NOTES]
FINGERPRINT = "核对村电脑的密钥指纹"


world_template, world = world_fixtures("first-import", export_both, with_stick=True)


@pytest.fixture
def window(qtbot: Any, world: UiWorld) -> Iterator[TownshipWindow]:
    with township_window(qtbot, open_store(world.township), counted=False) as win:
        yield win


def open_import(qtbot: Any, window: TownshipWindow, stick: Path) -> ImportPackagesDialog:
    """导入U盘数据 from the toolbar, the stick's folder typed in."""
    window.import_action.trigger()
    dialog = wait_for_modal(qtbot, "导入U盘数据")
    assert isinstance(dialog, ImportPackagesDialog)
    type_into(dialog.folder.edit, str(stick))
    return dialog


def progress_due(dialog: ImportPackagesDialog) -> Callable[[], bool]:
    """The import's 请稍候 has been due to show (its delay is over): from then on it would be on
    screen, unless something keeps it aside."""
    def due() -> bool:
        task = dialog.task
        return task is not None and task.display is not None and task.display.due
    return due


def fingerprint_of(world: UiWorld, village: Path) -> str:
    from sync.exchange.identity import local_keys

    with open_store(village) as store:
        keys = local_keys(store)
        assert keys is not None
        return keys.signing_fingerprint


def test_both_new_pcs_are_confirmed_by_a_person_and_the_whole_stick_is_imported(
        qtbot: Any, person: Person, world: UiWorld, window: TownshipWindow) -> None:
    east, west = fingerprint_of(world, world.east), fingerprint_of(world, world.west)
    dialog = open_import(qtbot, window, world.stick)

    def is_question(box: Any) -> None:
        assert isinstance(box, QMessageBox)
        assert box.defaultButton() is button(box, "否")  # Enter alone does not trust a PC
        task = dialog.task
        assert task is not None and task.dialog is not None
        assert not task.dialog.isVisible(), "请稍候 is on screen under the question"

    due = progress_due(dialog)
    person.will(FINGERPRINT, "是", is_question, when=due).will(FINGERPRINT, Qt.Key.Key_Y, is_question, when=due)
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        click_button(dialog, "开始导入")
        asked = person.finish()
    assert "东山村（350322111202）" in asked[0].seen and east in asked[0].seen
    assert "西山村（350322111203）" in asked[1].seen and west in asked[1].seen

    # What the person sees: the summary, one line per package, and the villages now known.
    assert "共 2 个数据包：导入 2，重复 0，拒绝 0，跳过 0。新增 7 条" in dialog.summary.text()
    assert [dialog.model.text(r, 3) for r in range(dialog.model.rowCount())] == ["已导入", "已导入"]
    assert f"已登记这台电脑，密钥指纹 {east}" in dialog.model.text(0, 9)
    click_button(dialog, "关闭")
    wait_closed(qtbot, dialog)
    villages = window.villages_view()
    qtbot.waitUntil(lambda: villages.model.rowCount() == 2, timeout=20_000)
    rows = {villages.model.text(r, 1): villages.model.text(r, 3) for r in range(2)}
    assert rows == {"东山村": east, "西山村": west}
    with open_store(world.township) as store:
        assert len(installations_of(store, EAST)) == len(installations_of(store, WEST)) == 1
        assert store.count("committee_members") == 3


def test_cancel_on_the_progress_after_an_answer_stops_the_import_and_says_what_was_done(
        qtbot: Any, person: Person, world: UiWorld, window: TownshipWindow,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The import goes on after the first answer only once the person has pressed 取消 (the
    # engine is held, not the dialogs): the progress must be back, with a 取消 that works.
    gate = threading.Event()
    real_import = stick.import_stick

    def import_held_after_first_answer(store: Any, folder: Path, **options: Any) -> Any:
        confirm = options.pop("confirm")

        def answer_then_wait(question: Any) -> bool:
            answer = confirm(question)
            gate.wait(30)
            return answer

        return real_import(store, folder, confirm=answer_then_wait, **options)

    monkeypatch.setattr(stick, "import_stick", import_held_after_first_answer)
    dialog = open_import(qtbot, window, world.stick)
    person.will(FINGERPRINT, "是", when=progress_due(dialog)).will("请稍候", "取消")
    click_button(dialog, "开始导入")
    asked = person.finish()
    assert "东山村" in asked[0].seen and "正在取消" in dialog.task.dialog.label.text()
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        gate.set()
    assert "已取消：其余数据包没有导入" in dialog.summary.text()
    assert [dialog.model.text(r, 3) for r in range(dialog.model.rowCount())] == ["已导入"]
    with open_store(world.township) as store:
        assert store.count("committee_members", EAST) == 2
        assert installations_of(store, WEST) == []
