"""Draft autosave: what a clerk typed survives a crash and is offered back at the next start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from support import TODAY, person
from typist import focus_field
from window_steps import open_record

from desktop.ui.registers import draft_autosave
from desktop.ui.registers.record_form import RecordForm
from sync.store import drafts
from sync.store.store import Store

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

PASSWORD = "secret123"
HALF_ID = "3503221975"  # half-typed: does not validate yet


@pytest.fixture(autouse=True)
def quick_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    # The debounce itself is exercised (a real timer); only shorter than the clerk's 3 s.
    monkeypatch.setattr(draft_autosave, "AUTOSAVE_DELAY_MS", 30)


def open_as_clerk(path: Path) -> Store:
    store = Store.open(path)
    user = store.authenticate("clerk", PASSWORD)
    assert user is not None
    store.user = user
    store.today = TODAY
    return store


@pytest.fixture
def second_start(users_db: Path, qtbot, window_factory, answers) -> Iterator:
    """``second_start()``: the program started again on the same database (after a crash)."""
    opened: list = []

    def start():
        store = open_as_clerk(users_db)
        window = window_factory(store)
        opened.append((window, store))
        return window

    yield start
    for window, store in opened:
        window.close()
        store.close()


def type_into(qtbot, form: RecordForm, field: str, text: str) -> None:
    edit = focus_field(qtbot, form, field)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


def choose(form: RecordForm, field: str, text: str) -> None:
    combo = form.panel.editors[field].focus_widget()
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findText(text))
    combo.activated.emit(combo.currentIndex())


def wait_for_draft(qtbot, form: RecordForm) -> drafts.Draft:
    autosave = form.autosave
    assert autosave is not None
    # Sent once the clerk pauses, written on the window's worker.
    qtbot.waitUntil(lambda: autosave.stored and not autosave.timer.isActive() and not form.actions.pending(),
                    timeout=5000)
    draft = drafts.get(form.store, autosave.draft_id)
    assert draft is not None
    return draft


def written(qtbot, window) -> None:
    """Drafts are written on the window's worker: wait for the last write."""
    qtbot.waitUntil(lambda: not window.actions_.pending(), timeout=5000)


def crash(form: RecordForm) -> None:
    """The power goes: the form disappears without 保存 or 不保存 (no close handler runs)."""
    form.hide()
    assert form.autosave is not None
    form.autosave.timer.stop()


def offered(qtbot, window):
    qtbot.waitUntil(lambda: window.draft_offer is not None and window.draft_offer.isVisible())
    return window.draft_offer


def test_typing_survives_a_crash_and_comes_back_with_enter(qtbot, clerk_window, second_start) -> None:
    clerk_window.show_register("committee_members")
    form = clerk_window.new_record()
    qtbot.waitExposed(form)
    type_into(qtbot, form, "姓名", "Lin Xiuying")
    choose(form, "民族", "汉族")
    type_into(qtbot, form, "公民身份号码", HALF_ID)
    draft = wait_for_draft(qtbot, form)
    assert draft.values["公民身份号码"] == HALF_ID and draft.record_uuid is None
    assert draft.user == "clerk"
    crash(form)

    window = second_start()
    box = offered(qtbot, window)
    assert "上次有 1 条未保存的记录（停电或异常退出时正在填写），是否恢复？" in box.text()
    assert "新增两委成员：Lin Xiuying" in box.informativeText()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter = 恢复
    qtbot.waitUntil(lambda: len(window.forms) == 1)
    restored = window.forms[0]
    qtbot.waitExposed(restored)
    assert restored.record_uuid is None
    assert restored.panel.editors["姓名"].value() == "Lin Xiuying"
    assert restored.panel.editors["民族"].value() == "汉族"
    assert restored.panel.editors["公民身份号码"].focus_widget().text() == HALF_ID
    # still wrong, and said so beside it (checked on the worker)
    qtbot.waitUntil(lambda: restored.panel.message("公民身份号码") != "")
    assert restored.draft_notice.isVisible() and "未保存的内容" in restored.draft_notice.text()
    assert restored.is_dirty()

    # Finished and saved: the record is stored and the draft is gone.
    before = window.store.count("committee_members")
    values = person(姓名="Lin Xiuying")
    for name in ("公民身份号码", "任职时间", "联系电话", "入党时间", "转正时间"):
        type_into(qtbot, restored, name, str(values[name]))
    for name in ("政治面貌", "文化程度", "党组织职务", "委员分工", "村委会职务"):
        choose(restored, name, str(values[name]))
    with qtbot.waitSignal(restored.saved):
        restored.save()
    written(qtbot, window)
    assert window.store.count("committee_members") == before + 1
    assert drafts.for_user(window.store) == []


def test_esc_puts_the_offer_off_until_the_next_start(qtbot, clerk_window, second_start) -> None:
    clerk_window.show_register("committee_members")
    form = clerk_window.new_record()
    qtbot.waitExposed(form)
    type_into(qtbot, form, "姓名", "Wang")
    wait_for_draft(qtbot, form)
    crash(form)
    window = second_start()
    box = offered(qtbot, window)
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc = 稍后
    qtbot.waitUntil(lambda: not box.isVisible())
    assert window.forms == []
    assert len(drafts.for_user(window.store)) == 1
    again = second_start()
    assert "上次有 1 条" in offered(qtbot, again).text()


def test_an_edit_restored_after_the_record_changed_says_so(qtbot, clerk_window, second_start,
                                                          answers) -> None:
    clerk_window.show_register("committee_members")
    uuid = clerk_window.store.records("committee_members")[0]["uuid"]
    form = open_record(qtbot, clerk_window, uuid)
    qtbot.waitExposed(form)
    type_into(qtbot, form, "联系电话", "1391")
    wait_for_draft(qtbot, form)
    crash(form)
    # Someone else saved the record meanwhile (another form, another window).
    clerk_window.store.edit(uuid, {"备注": "另一次修改"})

    window = second_start()
    box = offered(qtbot, window)
    assert "修改两委成员" in box.informativeText() and "此后这条记录已被修改" in box.informativeText()
    box.restore.click()
    qtbot.waitUntil(lambda: len(window.forms) == 1)
    restored = window.forms[0]
    assert restored.record_uuid == uuid
    assert restored.panel.editors["联系电话"].value() == "1391"
    assert "此后这条记录已被修改过" in restored.draft_notice.text()
    # 不保存 throws the typing away: the draft goes with it.
    answers.save_reply = "discard"
    restored.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is restored)
    assert restored.close_asking()
    written(qtbot, window)
    assert drafts.for_user(window.store) == []
    assert window.store.get(uuid).values["备注"] == "另一次修改"


def test_typing_back_to_what_is_stored_removes_the_draft(qtbot, clerk_window) -> None:
    clerk_window.show_register("committee_members")
    form = clerk_window.new_record()
    qtbot.waitExposed(form)
    type_into(qtbot, form, "姓名", "Chen")
    wait_for_draft(qtbot, form)
    type_into(qtbot, form, "姓名", "")  # back to what it was: nothing to keep
    autosave = form.autosave
    qtbot.waitUntil(lambda: not autosave.stored and not autosave.timer.isActive())
    written(qtbot, clerk_window)
    assert drafts.for_user(clerk_window.store) == []
    assert clerk_window.store.conn.execute("SELECT COUNT(*) FROM drafts").fetchone()[0] == 0


def test_the_discard_button_asks_then_removes_every_draft(qtbot, clerk_window, second_start,
                                                         answers) -> None:
    clerk_window.show_register("committee_members")
    for name in ("Zhao", "Qian"):
        form = clerk_window.new_record()
        qtbot.waitExposed(form)
        type_into(qtbot, form, "姓名", name)
        wait_for_draft(qtbot, form)
        crash(form)
    window = second_start()
    box = offered(qtbot, window)
    assert "上次有 2 条" in box.text()
    answers.confirm_reply = True
    box.discard.click()
    assert any("丢弃这 2 条" in text for text in answers.of("confirm"))
    written(qtbot, window)
    assert drafts.for_user(window.store) == [] and window.forms == []


def test_a_viewer_has_no_drafts_and_is_not_asked(qtbot, viewer_window) -> None:
    viewer_window.show_register("committee_members")
    uuid = viewer_window.store.records("committee_members")[0]["uuid"]
    form = open_record(qtbot, viewer_window, uuid)
    qtbot.waitExposed(form)
    assert form.autosave is None
    assert viewer_window.draft_offer is None
