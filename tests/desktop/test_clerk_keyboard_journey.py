"""A clerk's morning at the keyboard: what tripped one up, pinned.

Dates typed the clerk's way are shown back as understood, the calendar button is no Tab stop,
drop-downs are chosen by typing pinyin, the wizard starts in its first field, and closing the
window over a half-typed record asks 保存 / 不保存 / 取消.
"""

from __future__ import annotations

import pytest
import typist
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWizard

from desktop.ui.registers.record_form import RecordForm
from desktop.ui.start.wizard import FirstRunWizard

pytestmark = [pytest.mark.gui,
              pytest.mark.qt_log_ignore("propagateSizeHints", "support raise", "grabbing the keyboard")]


def open_new(qtbot, window, register: str) -> RecordForm:
    window.show_register(register)
    form = window.new_record()
    assert form is not None
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    return form


def focus(qtbot, form: RecordForm, field: str):
    widget = form.panel.editors[field].focus_widget()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    return widget


def type_chinese(widget, text: str) -> None:
    typist.commit(widget, text)


# 任职时间 is a year-month field: a month stays a month, a day given is kept (issue 11).
@pytest.mark.parametrize(("typed", "shown"), [
    ("2024.3.5", "2024.03.05"), ("2024年3月5日", "2024.03.05"), ("20240305", "2024.03.05"),
    ("2024/03/05", "2024.03.05"), ("2024.3", "2024.03"), ("2024年3月", "2024.03"), ("202403", "2024.03"),
    ("2024-03", "2024.03"), ("２０２４．０３", "2024.03"),
])
def test_a_typed_date_is_shown_back_as_understood(qtbot, window, typed, shown) -> None:
    form = open_new(qtbot, window, "committee_members")
    edit = focus(qtbot, form, "任职时间")
    if typed.isascii():
        qtbot.keyClicks(edit, typed)
    else:
        type_chinese(edit, typed)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.text() == shown
    assert form.panel.message("任职时间") == ""


def test_a_date_that_cannot_be_read_is_left_as_typed_with_a_message(qtbot, window) -> None:
    form = open_new(qtbot, window, "committee_members")
    edit = focus(qtbot, form, "任职时间")
    qtbot.keyClicks(edit, "2024.13.45")
    with qtbot.waitSignal(form.checked):  # the check runs on the worker
        qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.text() == "2024.13.45"
    assert "日期" in form.panel.message("任职时间")


def test_enter_and_tab_skip_the_calendar_button_and_f4_opens_it(qtbot, window) -> None:
    form = open_new(qtbot, window, "committee_members")
    editor = form.panel.editors["入党时间"]
    edit = focus(qtbot, form, "入党时间")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert form.panel.editors["转正时间"].focus_widget().hasFocus()
    edit = focus(qtbot, form, "入党时间")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert form.panel.editors["转正时间"].focus_widget().hasFocus()
    edit = focus(qtbot, form, "入党时间")
    qtbot.keyClick(edit, Qt.Key.Key_F4)
    qtbot.waitUntil(editor.menu.isVisible)
    editor.menu.hide()


@pytest.mark.parametrize(("field", "letters", "chosen"), [
    ("民族", "hz", "汉族"),
    ("民族", "han", "汉族"),
    ("民族", "hui", "回族"),
    ("政治面貌", "zgdy", "中共党员"),
    ("政治面貌", "qz", "群众"),
    ("文化程度", "dxzk", "大学专科"),
    ("党组织职务", "s", "书记"),
])
def test_a_drop_down_is_chosen_by_typing_pinyin(qtbot, window, field, letters, chosen) -> None:
    form = open_new(qtbot, window, "committee_members")
    combo = focus(qtbot, form, field)
    qtbot.keyClicks(combo, letters)
    assert combo.currentText() == chosen


def test_the_same_letter_again_moves_to_the_next_entry_it_starts(qtbot, window) -> None:
    form = open_new(qtbot, window, "committee_members")
    combo = focus(qtbot, form, "党组织职务")  # 书记, 副书记, 委员, 无
    editor = form.panel.editors["党组织职务"]
    combo.setCurrentIndex(combo.findText("委员"))
    assert editor.search_pinyin("w")
    assert combo.currentText() == "无"
    editor.typing.typed_at = 0.0  # as if the clerk paused
    assert editor.search_pinyin("w")
    assert combo.currentText() == "委员"


def test_the_wizard_starts_typing_in_the_village_name(qtbot, tmp_path) -> None:
    wizard = FirstRunWizard(tmp_path / "v.db")
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    name = wizard.village_page.panel.editors["村名"].focus_widget()
    qtbot.waitUntil(name.hasFocus)
    type_chinese(name, "东山村")
    assert name.text() == "东山村"
    scroll = wizard.village_page.findChild(QScrollArea)
    assert scroll is not None and scroll.focusPolicy() == Qt.FocusPolicy.NoFocus


def half_typed_member(qtbot, window) -> RecordForm:
    form = open_new(qtbot, window, "committee_members")
    edit = focus(qtbot, form, "姓名")
    type_chinese(edit, "林秀英")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    return form


def test_closing_the_window_over_a_half_typed_record_asks_and_cancel_keeps_it(qtbot, window, answers) -> None:
    form = half_typed_member(qtbot, window)
    answers.save_reply = "cancel"
    window.close()
    assert window.isVisible() and form.isVisible()
    assert "还没有保存" in answers.of("ask_save")[0]
    assert form.panel.editors["姓名"].value() == "林秀英"
    answers.save_reply = "discard"  # let the fixture close the window


def test_save_on_close_with_errors_keeps_the_form_open_at_the_first_error(qtbot, window, answers) -> None:
    form = half_typed_member(qtbot, window)
    answers.save_reply = "save"
    window.close()
    assert window.isVisible() and form.isVisible()
    assert form.panel.message("性别") == "必须填写"
    assert form.panel.editors["性别"].focus_widget().hasFocus()
    answers.save_reply = "discard"


def test_save_on_close_stores_a_complete_record(qtbot, window, answers) -> None:
    before = window.store.count("committee_members")
    form = half_typed_member(qtbot, window)
    edit = focus(qtbot, form, "公民身份号码")
    qtbot.keyClicks(edit, "440112198001011238")  # fills 性别 and 出生年月
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    for field, letters in (("民族", "hz"), ("政治面貌", "qz")):
        qtbot.keyClicks(focus(qtbot, form, field), letters)
    answers.save_reply = "save"
    window.close()
    assert not window.isVisible()
    assert window.store.count("committee_members") == before + 1


def test_discard_on_close_stores_nothing(qtbot, window, answers) -> None:
    before = window.store.count("committee_members")
    half_typed_member(qtbot, window)
    answers.save_reply = "discard"
    window.close()
    assert not window.isVisible()
    assert window.store.count("committee_members") == before
