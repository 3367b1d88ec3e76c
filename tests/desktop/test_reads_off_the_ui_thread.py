"""The village window reads on its database worker, not on the UI thread (issue 12).

A register page's list and the rows the table paints, the checks when a field is left, and the
record a form or the history opens are read on the window's one worker. These tests trace the
statements of the window's own connection while a clerk works through a 5,000-row register,
hold a block of rows back on the worker to see the placeholder and then the right rows, and hold
a check back to see that an answer about typing since replaced is dropped.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from support import TODAY
from window_steps import WAIT, leave_field, listed, open_history, open_record

from desktop.ui.registers import table_model
from desktop.ui.registers.draft_autosave import put_raw
from desktop.ui.registers.table_model import PLACEHOLDER, ROW_BLOCK
from sync.demo.village import random_person, registration_day
from sync.store.store import Store

# "raise()": the form asks about its unsaved typing from behind the window, as it should.
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints", "raise")]
BIG = 5_000


class Held:
    """Wraps a function so that the calls ``when(args)`` picks wait on the worker until released;
    notes the thread of every call."""

    def __init__(self, function: Callable[..., Any], when: Callable[..., bool]) -> None:
        self.function = function
        self.when = when
        self.threads: set[int] = set()
        self.entered = threading.Event()
        self.release = threading.Event()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.threads.add(threading.get_ident())
        if self.when(*args, **kwargs):
            self.entered.set()
            assert self.release.wait(WAIT / 1000), "the test never let the call go on"
        return self.function(*args, **kwargs)


@pytest.fixture
def big_store(admin_store: Store) -> Iterator[Store]:
    """The demo village with 5,000 more volunteers (added in one transaction, as a roster is)."""
    rng = random.Random(12)
    code = admin_store.village_code or ""
    rows = []
    for _ in range(BIG):
        person = random_person(rng, code, TODAY)
        rows.append({"姓名": person["姓名"], "证件类型": "居民身份证", "证件号码": person["id"],
                     "注册日期": registration_day(rng, person["birth"], TODAY).isoformat(), "状态": "在册"})
    admin_store.add_many("volunteers", rows, override_reason="测试：大名册")
    yield admin_store


def on_screen(view: Any) -> list[int]:
    """The rows the table shows now."""
    table = view.table
    first = table.rowAt(0)
    last = table.rowAt(table.viewport().height() - 1)
    last = view.model.rowCount() - 1 if last < 0 else last
    return list(range(max(first, 0), last + 1))


def shown_in_full(view: Any) -> bool:
    return all(view.model.row_ready(r) for r in on_screen(view))


def test_opening_scrolling_checking_and_opening_a_record_read_nothing_on_the_ui_thread(
        qtbot: Any, big_store: Store, window_factory: Any, answers: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    window = window_factory(big_store)
    validate = Held(Store.validate, lambda *_a, **_k: False)
    monkeypatch.setattr(Store, "validate", lambda store, *a, **k: validate(store, *a, **k))
    statements: list[str] = []
    big_store.conn.set_trace_callback(statements.append)
    try:
        view = listed(qtbot, window.show_register("volunteers"))
        model = view.model
        assert model.rowCount() >= BIG and view.count_label.text().startswith("共 ")
        # Scrolled as a clerk does: PgDn through the first blocks, the wheel, then the end.
        view.table.setFocus()
        for _ in range(40):
            qtbot.keyClick(view.table, Qt.Key.Key_PageDown)
            qtbot.waitUntil(lambda: shown_in_full(view), timeout=WAIT)
        view.table.scrollToBottom()
        qtbot.waitUntil(lambda: shown_in_full(view), timeout=WAIT)
        last = model.rowCount() - 1
        assert model.index(last, 0).data() not in (PLACEHOLDER, "")
        uuid = model.uuid_at(last)
        # The record opens once read on the worker; leaving a field with an error is checked there.
        form = open_record(qtbot, window, uuid)
        qtbot.waitExposed(form)
        put_raw(form.panel.editors["证件号码"], "350322197503010022")
        leave_field(qtbot, form, "证件号码")
        assert "校验位" in form.panel.message("证件号码")
        history = open_history(qtbot, window, uuid)
        qtbot.waitExposed(history)
        assert history.versions.rowCount() >= 1
        history.close()
        answers.save_reply = "discard"
        form.reject()
    finally:
        big_store.conn.set_trace_callback(None)
    assert statements == [], "the window's own connection was used on the UI thread"
    assert validate.threads and threading.get_ident() not in validate.threads


def test_a_block_held_back_on_the_worker_shows_placeholders_then_its_rows(
        qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    store = window.store
    total = store.count("volunteer_services")
    assert total > ROW_BLOCK  # a second block to hold back
    # The first read is the list's own (with its first block); the blocks read after it wait.
    count = iter(range(1_000_000))
    rows = Held(table_model.list_rows, lambda *_args: next(count) > 0)
    monkeypatch.setattr(table_model, "list_rows", rows)
    view = listed(qtbot, window.show_register("volunteer_services"))
    model = view.model
    row = ROW_BLOCK + 10
    column = [f.name for f in model.fields].index("活动名称")
    assert model.row_ready(0) and model.index(0, column).data() != PLACEHOLDER
    view.table.scrollTo(model.index(row, 0))
    assert rows.entered.wait(WAIT / 1000)  # asked ahead, as the first block was painted
    assert not model.row_ready(row) and model.index(row, column).data() == PLACEHOLDER
    assert model.index(row, column).data(Qt.ItemDataRole.BackgroundRole) is None
    with qtbot.waitSignal(model.dataChanged, timeout=WAIT) as arrived:
        rows.release.set()
    first, last = arrived.args[0], arrived.args[1]
    assert (first.row(), last.row()) == (ROW_BLOCK, min(2 * ROW_BLOCK, total) - 1)
    assert (first.column(), last.column()) == (0, model.columnCount() - 1)
    assert model.row_ready(row)
    assert model.index(row, column).data() == store.get(model.uuid_at(row)).values["活动名称"]
    assert threading.get_ident() not in rows.threads


def test_the_count_says_reading_not_zero_while_the_list_is_on_its_way(
        qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    listing = Held(table_model.load_list, lambda *_args: True)
    monkeypatch.setattr(table_model, "load_list", listing)
    view = window.show_register("social_organizations")
    assert listing.entered.wait(WAIT / 1000)
    assert view.count_label.text() == "正在读取…" and not view.empty_hint.isVisible()
    listing.release.set()
    listed(qtbot, view)
    assert view.count_label.text() == f"共 {window.store.count('social_organizations')} 个"


def test_a_check_answer_about_typing_since_replaced_is_dropped(
        qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    first = Held(Store.validate, lambda *_a, **_k: not calls)

    def validate(store: Store, register: str, raw: Any, **kwargs: Any) -> Any:
        held = first(store, register, raw, **kwargs)
        calls.append(str(raw.get("公民身份号码")))
        return held

    monkeypatch.setattr(Store, "validate", validate)
    window.show_register("committee_members")
    form = window.new_record()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    shown: list[str] = []
    form.checked.connect(lambda: shown.append(form.panel.message("公民身份号码")))
    put_raw(form.panel.editors["公民身份号码"], "350322197503010022")  # a wrong check digit
    form.field_left("公民身份号码")
    assert first.entered.wait(WAIT / 1000)
    put_raw(form.panel.editors["公民身份号码"], "350322197503010021")  # put right before the answer
    form.field_left("公民身份号码")
    first.release.set()
    qtbot.waitUntil(lambda: len(calls) == 2 and not form.check_pending(), timeout=WAIT)
    # Only the answer about what is typed now was shown: never the old number's error.
    assert shown == [""]
    assert form.panel.message("公民身份号码") == ""
    assert form.known_errors() is not None
    form.done(0)
