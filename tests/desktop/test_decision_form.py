"""A 重大事项's form: its six "四议两公开" steps as a timeline with the missing ones marked, and the
会议与协商 and 村务公开 linked to it, read on the window's worker (issue 14)."""

from __future__ import annotations

import pytest
import typist
from PySide6.QtCore import Qt

from desktop.ui.registers.record_form import RecordForm

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def decision(window, name: str) -> str:
    return next(r["uuid"] for r in window.store.records("major_decisions") if r["事项名称"] == name)


def open_form(qtbot, window, uuid: str) -> RecordForm:
    form = window.open_record(uuid)
    assert form is not None
    qtbot.waitExposed(form)
    return form


def test_the_steps_and_the_linked_records_of_a_decision(qtbot, window) -> None:
    uuid = decision(window, "2026年度村集体收支预算")
    form = open_form(qtbot, window, uuid)
    timeline = form.extras.timeline
    assert timeline is not None
    assert list(timeline.states.values()) == ["done"] * 5 + ["waiting"]
    assert "决议公开" in timeline.labels["决议公开日期"].text()
    assert "尚未进行" in timeline.labels["实施结果公开日期"].text()
    linked = form.extras.linked
    assert linked is not None
    qtbot.waitUntil(lambda: linked.table.rowCount() == 4)
    assert "（4）" in linked.title()
    cells = [[linked.table.item(r, c).text() for c in range(3)] for r in range(4)]
    assert [row[0] for row in cells] == ["会议与协商"] * 3 + ["村务公开"]
    assert "两委联席会议" in cells[0][2] and "应到人数 9" in cells[0][2]
    assert cells[3][1] == "2026年度村集体收支预算决议"

    # The clerk empties 商议日期: the step turns red, R-4Y-ORDER speaks beside the field.
    edit = typist.focus_field(qtbot, form, "商议日期")
    edit.clear()
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert timeline.states["商议日期"] == "gap"
    assert "缺" in timeline.labels["商议日期"].text()
    assert "第十九条" in form.panel.message("商议日期")
    form.done(0)


def test_a_new_decision_shows_every_step_waiting_and_no_links_yet(qtbot, window) -> None:
    window.show_register("major_decisions")
    form = window.new_record()
    assert form is not None
    qtbot.waitExposed(form)
    assert set(form.extras.timeline.states.values()) == {"waiting"}
    assert form.extras.linked is not None and not form.extras.linked.table.isVisible()
    assert "保存后" in form.extras.linked.note.text()
    form.done(0)


def test_registers_without_steps_or_links_get_neither(qtbot, window) -> None:
    meeting = window.store.records("meetings")[0]["uuid"]
    form = open_form(qtbot, window, meeting)
    assert form.extras.timeline is None and form.extras.linked is None
    form.done(0)
