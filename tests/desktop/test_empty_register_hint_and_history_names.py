"""Two things from the clerk review: an empty register says what to do; the history names people."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from support import TODAY, person
from window_steps import listed, open_history

from sync.store.store import Store
from sync.store.users import CLERK

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_an_empty_register_shows_a_centred_hint_until_it_has_a_record(qtbot, village_db: Path,
                                                                       window_factory, answers) -> None:
    store = Store.open(village_db)
    store.today = TODAY
    try:
        window = window_factory(store)
        view = window.show_register("committee_members")
        hint = view.empty_hint
        qtbot.waitUntil(hint.isVisible)
        assert hint.text() == "还没有记录。按 Ctrl+N 新增，或从 Excel 导入花名册。"
        assert hint.alignment() & Qt.AlignmentFlag.AlignHCenter
        centre = hint.mapTo(view.table.viewport(), hint.rect().center())
        viewport = view.table.viewport().rect().center()
        assert abs(centre.x() - viewport.x()) <= 2 and abs(centre.y() - viewport.y()) <= 2
        # A filter that finds nothing is not an empty register.
        view.filter.setText("zzz")
        listed(qtbot, view)
        assert not hint.isVisible()
        view.filter.clear()
        listed(qtbot, view)
        assert hint.isVisible()
        window.actions_.add("committee_members", person())
        qtbot.waitUntil(lambda: not hint.isVisible())
        listed(qtbot, view)
        assert view.model.rowCount() == 1
        # A child register is filled from its parent, not with Ctrl+N.
        services = listed(qtbot, window.show_register("volunteer_services"))
        assert services.empty_hint.isVisible() and "志愿者" in services.empty_hint.text()
        window.close()
    finally:
        store.close()


def test_the_history_shows_display_names_with_the_login_name_in_the_tooltip(qtbot, users_db: Path,
                                                                            window_factory, answers) -> None:
    store = Store.open(users_db)
    user = store.authenticate("clerk", "secret123")
    assert user is not None and user.role == CLERK
    store.user = user
    store.today = TODAY
    try:
        window = window_factory(store)
        uuid = store.records("committee_members")[0]["uuid"]
        with qtbot.waitSignal(window.actions_.changed):
            window.actions_.edit(uuid, {"备注": "林文书改的"})
        dialog = open_history(qtbot, window, uuid)
        qtbot.waitExposed(dialog)
        last = dialog.versions.index(len(dialog.versions.versions) - 1, 1)
        assert last.data() == "林文书"
        assert last.data(Qt.ItemDataRole.ToolTipRole) == "登录名：clerk"
        dialog.close()
        window.close()
    finally:
        store.close()
