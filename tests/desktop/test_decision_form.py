"""A 重大事项's form: its six "四议两公开" steps as a timeline with the missing ones marked, and the
会议与协商 and 村务公开 linked to it, read on the window's worker (issue 14)."""

from __future__ import annotations

import pytest
import typist
import window_steps
from PySide6.QtCore import Qt

from desktop.ui.registers.record_form import RecordForm

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def decision(window, name: str) -> str:
    return next(r["uuid"] for r in window.store.records("major_decisions") if r["事项名称"] == name)


def open_form(qtbot, window, uuid: str) -> RecordForm:
    form = window_steps.open_record(qtbot, window, uuid)
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
    window_steps.checked(qtbot, form)  # the check runs on the worker; its answer redraws the steps
    assert timeline.states["商议日期"] == "gap"
    assert "缺" in timeline.labels["商议日期"].text()
    assert "第十九条" in form.panel.message("商议日期")
    form.done(0)


def test_a_new_decision_shows_every_step_waiting_and_no_links_yet(qtbot, window) -> None:
    window_steps.show_register(qtbot, window, "major_decisions")
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


def test_a_meeting_linked_by_the_clerk_shows_on_its_matters_page(qtbot, window) -> None:
    """The clerk records the 村民代表会议 that decided the budget, picks the matter in 关联事项 with
    the real picker (typing its pinyin initials), saves, and opens the matter: the meeting is listed."""
    from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox

    from desktop.ui.registers.editors import RecordPicker

    uuid = decision(window, "村道硬化及路灯安装")
    before = len(window.store.records("meetings"))
    window_steps.show_register(qtbot, window, "meetings")
    form = window.new_record()
    assert form is not None
    qtbot.waitExposed(form)
    combo = form.panel.editors["会议类型"].focus_widget()
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findText("村民代表会议"))
    combo.activated.emit(combo.currentIndex())
    for name, text in (("会议日期", "2026-09-30"), ("议题", "村道硬化工程验收")):
        edit = typist.focus_field(qtbot, form, name)
        typist.type_text(edit, text)
        qtbot.keyClick(edit, Qt.Key.Key_Tab)
    qtbot.mouseClick(form.panel.editors["关联事项"].button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget() or QApplication.activeWindow(),
                                       RecordPicker))
    picker = form.panel.editors["关联事项"].picker
    qtbot.keyClicks(picker.filter, "cdyh")
    qtbot.waitUntil(lambda: picker.model.rowCount() == 1)
    picker.view.selectRow(0)
    qtbot.mouseClick(picker.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert form.panel.editors["关联事项"].value() == uuid
    # The chosen matter's title is read on the worker.
    qtbot.waitUntil(lambda: form.panel.editors["关联事项"].edit.text() == "村道硬化及路灯安装")
    form.activateWindow()  # back in the form once the picker closed, as the clerk is
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    with qtbot.waitSignal(form.saved) as saved:
        qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(window.store.records("meetings")) == before + 1
    matter = open_form(qtbot, window, uuid)
    linked = matter.extras.linked
    qtbot.waitUntil(lambda: linked.table.rowCount() == 6)  # 3 meetings and 2 postings of the demo, and this
    titles = [linked.table.item(r, 1).text() for r in range(6)]
    assert titles.count("村道硬化工程验收") == 1
    assert saved.args[0] in [ref.uuid for ref in linked.rows]
    matter.done(0)
