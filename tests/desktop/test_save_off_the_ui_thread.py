"""The village window's saves run on its database worker, and typing during a slow save is kept.

A save used to write through the window's own connection on the UI thread: a slow disk froze
the form. Now the form sends what was typed to the worker and stays open and editable until
the answer comes back. These tests hold the worker's write back (an Event in a wrapper around
``Store.add`` / ``Store.edit``), type meanwhile, and look at what the form and the store hold.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from support import person
from window_steps import listed, open_history, open_record

from desktop.ui.registers.record_form import RecordForm
from sync.store.store import Store

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
WAIT = 10_000

MEMBER = person(联系电话="13812345678")


class SlowWrites:
    """Wraps ``Store.add`` and ``Store.edit``: notes the thread of each call and holds it until released."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.threads: list[int] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.entered = threading.Semaphore(0)
        self.release = threading.Event()
        for name in ("add", "edit"):
            original = getattr(Store, name)
            monkeypatch.setattr(Store, name, self._wrap(name, original))

    def _wrap(self, name: str, original: Any) -> Any:
        def wrapper(store: Store, *args: Any, **kwargs: Any) -> Any:
            self.threads.append(threading.get_ident())
            self.calls.append((name, dict(args[1])))
            self.entered.release()
            assert self.release.wait(WAIT / 1000), "the test never let the save go on"
            return original(store, *args, **kwargs)
        return wrapper

    def wait_entered(self) -> None:
        assert self.entered.acquire(timeout=WAIT / 1000), "no save reached the store"


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowWrites]:
    writes = SlowWrites(monkeypatch)
    yield writes
    writes.release.set()  # never leave the worker waiting


def ui_writes(store: Store) -> list[str]:
    """Every statement that changes the database, run on this (the window's) connection from now on."""
    seen: list[str] = []
    store.conn.set_trace_callback(
        lambda sql: seen.append(sql) if sql.lstrip().split(" ", 1)[0].upper() in {
            "INSERT", "UPDATE", "DELETE", "REPLACE"} else None)
    return seen


def new_member_form(qtbot: Any, window: Any) -> RecordForm:
    window.show_register("committee_members")
    form = window.new_record()
    assert form is not None
    qtbot.waitExposed(form)
    form.panel.set_values(MEMBER)
    return form


def press_save(qtbot: Any, form: RecordForm) -> None:
    """Ctrl+S, as the clerk presses it in the form."""
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    qtbot.keyClick(QApplication.focusWidget() or form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def type_in(qtbot: Any, form: RecordForm, field: str, text: str) -> None:
    edit = form.panel.editors[field].focus_widget()
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_a_save_is_written_on_the_worker_thread_not_through_the_windows_connection(
        qtbot: Any, window: Any, slow: SlowWrites) -> None:
    seen = ui_writes(window.store)
    before = window.store.count("committee_members")
    form = new_member_form(qtbot, window)
    press_save(qtbot, form)
    slow.wait_entered()
    assert form.isVisible() and form.saving  # the UI thread is free while the worker writes
    slow.release.set()
    with qtbot.waitSignal(form.saved, timeout=WAIT):
        pass
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=WAIT)
    assert slow.threads and threading.get_ident() not in slow.threads
    assert window.store.count("committee_members") == before + 1
    window.store.conn.set_trace_callback(None)
    assert seen == [], "the window's own connection wrote"
    view = window.current_register_view()
    qtbot.waitUntil(lambda: view.count_label.text() == f"共 {before + 1} 人", timeout=WAIT)


def test_typing_during_a_slow_save_is_kept_and_saved_next(qtbot: Any, window: Any, slow: SlowWrites) -> None:
    before = window.store.count("committee_members")
    form = new_member_form(qtbot, window)
    press_save(qtbot, form)
    slow.wait_entered()
    type_in(qtbot, form, "联系电话", "13900001111")  # typed while the first save is on its way
    qtbot.keyClick(form.panel.editors["联系电话"].focus_widget(), Qt.Key.Key_Tab)  # checked on leaving
    assert form.panel.editors["联系电话"].value() == "13900001111"
    assert form.banner.text() == "正在保存…"  # the check of the field left does not hide it
    with qtbot.waitSignal(form.saved, timeout=WAIT) as first:
        slow.release.set()
    # Saved as it was when 保存 was pressed; the typing since stays in the form, unsaved.
    uuid = first.args[0]
    assert window.store.get(uuid).values["联系电话"] == "13812345678"
    assert form.isVisible() and form.is_dirty()
    assert form.panel.editors["联系电话"].value() == "13900001111"
    assert "还没有保存" in form.banner.text()
    assert form.heading.text().startswith("修改")
    with qtbot.waitSignal(form.saved, timeout=WAIT) as second:
        press_save(qtbot, form)
    assert second.args[0] == uuid  # the second save edits the record the first one added
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=WAIT)
    assert window.store.get(uuid).values["联系电话"] == "13900001111"
    assert window.store.count("committee_members") == before + 1
    assert [name for name, _values in slow.calls] == ["add", "edit"]


def test_save_pressed_again_while_saving_is_queued_not_lost_nor_doubled(
        qtbot: Any, window: Any, slow: SlowWrites) -> None:
    before = window.store.count("committee_members")
    form = new_member_form(qtbot, window)
    press_save(qtbot, form)
    slow.wait_entered()
    type_in(qtbot, form, "联系电话", "13900002222")
    press_save(qtbot, form)  # again, before the answer
    assert "接着保存" in form.banner.text()
    slow.release.set()
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=WAIT)
    assert [name for name, _values in slow.calls] == ["add", "edit"]
    assert window.store.count("committee_members") == before + 1
    uuid = form.record_uuid
    assert uuid is not None and window.store.get(uuid).values["联系电话"] == "13900002222"


def test_closing_the_window_waits_for_a_save_on_its_way(qtbot: Any, window: Any, slow: SlowWrites) -> None:
    before = window.store.count("committee_members")
    form = new_member_form(qtbot, window)
    press_save(qtbot, form)
    slow.wait_entered()
    # The disk answers a moment after the clerk closed the window (any moment: close waits).
    threading.Timer(0.3, slow.release.set).start()
    window.close()
    assert not window.isVisible() and not form.isVisible()
    assert window.store.count("committee_members") == before + 1
    assert not window.worker.isRunning()


def test_deleting_undoing_drafts_and_reverting_write_nothing_through_the_windows_connection(
        qtbot: Any, window: Any, answers: Any) -> None:
    seen = ui_writes(window.store)

    def written() -> None:
        qtbot.waitUntil(lambda: not window.actions_.pending(), timeout=WAIT)

    view = listed(qtbot, window.show_register("volunteers"))
    view.table.selectRow(0)
    uuid = view.selected()[1]
    answers.texts.append("重复登记")
    window.delete_selected()
    written()
    assert window.store.get(uuid).deleted
    window.undo_action.trigger()
    written()
    window.redo_action.trigger()
    written()
    window.undo_action.trigger()
    written()
    assert not window.store.get(uuid).deleted
    form = open_record(qtbot, window, uuid)
    qtbot.waitExposed(form)
    form.panel.editors["居住村民小组"].set_value("九组")
    form.autosave.write_now()  # the draft of the typing
    written()
    form.reject()  # 不保存: the draft is removed
    written()
    history = open_history(qtbot, window, uuid)
    history.select_version(0)
    answers.confirm_reply = True
    history.revert_selected()
    written()
    history.close()
    window.store.conn.set_trace_callback(None)
    assert seen == [], "the window's own connection wrote"
    assert len(window.store.history(uuid)) >= 5


def test_esc_during_a_save_asks_only_about_typing_since(qtbot: Any, window: Any, slow: SlowWrites,
                                                        answers: Any) -> None:
    before = window.store.count("committee_members")
    form = new_member_form(qtbot, window)
    press_save(qtbot, form)
    slow.wait_entered()
    qtbot.keyClick(QApplication.focusWidget() or form, Qt.Key.Key_Escape)  # nothing typed since 保存
    assert not form.isVisible() and not answers.of("ask_save")
    with qtbot.waitSignal(window.actions_.changed, timeout=WAIT):
        slow.release.set()  # the save sent before Esc still lands
    assert window.store.count("committee_members") == before + 1
