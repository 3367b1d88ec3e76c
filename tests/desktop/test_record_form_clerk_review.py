"""Follow-ups of a village clerk's review of the record form: the 兼任职务 check list is one Tab
stop, a message sits right beside a narrow drop-down, a draft put off at start is offered where its
record opens (one draft per record), and a restored service record keeps its volunteer locked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QCheckBox
from support import TODAY
from window_steps import open_record

from desktop.ui.registers import draft_autosave
from desktop.ui.registers.editors import ChecklistEditor
from desktop.ui.registers.record_form import MESSAGE_GAP, RecordForm
from sync.store import drafts
from sync.store.store import Store

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture(autouse=True)
def quick_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(draft_autosave, "AUTOSAVE_DELAY_MS", 30)


@pytest.fixture
def second_start(users_db: Path, window_factory, answers) -> Iterator:
    """``second_start()``: the program started again on the same database, as the clerk."""
    opened: list = []

    def start():
        store = Store.open(users_db)
        store.user = store.authenticate("clerk", "secret123")
        store.today = TODAY
        window = window_factory(store)
        opened.append((window, store))
        return window

    yield start
    for window, store in opened:
        window.close()
        store.close()


def shown(qtbot, form: RecordForm) -> RecordForm:
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    return form


def type_into(qtbot, form: RecordForm, field: str, text: str) -> None:
    edit = form.panel.editors[field].focus_widget()
    shown(qtbot, form)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


def wait_for_draft(qtbot, form: RecordForm) -> drafts.Draft:
    autosave = form.autosave
    assert autosave is not None
    qtbot.waitUntil(lambda: autosave.stored and not autosave.timer.isActive()
                    and drafts.get(form.store, autosave.draft_id) is not None, timeout=5000)
    draft = drafts.get(form.store, autosave.draft_id)
    assert draft is not None
    return draft


def crash(form: RecordForm) -> None:
    form.hide()
    assert form.autosave is not None
    form.autosave.timer.stop()


def put_off_at_start(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.draft_offer is not None and window.draft_offer.isVisible())
    qtbot.keyClick(window.draft_offer, Qt.Key.Key_Escape)  # 稍后
    qtbot.waitUntil(lambda: not window.draft_offer.isVisible())


def offered_in(qtbot, form: RecordForm):
    qtbot.waitUntil(lambda: form.draft_offer is not None and form.draft_offer.isVisible())
    return form.draft_offer


def test_the_check_list_is_one_tab_stop_with_arrows_space_and_pinyin(qtbot, window) -> None:
    window.show_register("committee_members")
    form = shown(qtbot, window.new_record())
    editor = form.panel.editors["兼任职务"]
    assert isinstance(editor, ChecklistEditor)
    before = form.panel.editors["村委会职务"].focus_widget()
    before.setFocus()
    qtbot.waitUntil(before.hasFocus)
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    first = editor.order[0]
    qtbot.waitUntil(first.hasFocus)

    qtbot.keyClick(first, Qt.Key.Key_Right)
    second = editor.order[1]
    assert second.hasFocus() and second.text() == "团支部书记"
    qtbot.keyClick(second, Qt.Key.Key_Space)
    assert editor.value() == ["团支部书记"]
    qtbot.keyClick(second, Qt.Key.Key_Down)  # the row below
    assert editor.order[4].hasFocus()
    qtbot.keyClicks(editor.order[4], "ws")  # 文书, by its pinyin initials
    writer = editor.boxes["文书"]
    assert writer.hasFocus()
    qtbot.keyClick(writer, Qt.Key.Key_Space)
    assert editor.value() == ["团支部书记", "文书"]

    # Focus visible: the box with the focus is tinted, the others are not.
    tint = QColor("#cfe3ff")
    def tinted(check: QCheckBox) -> bool:
        image = check.grab().toImage()
        return any(image.pixelColor(QPoint(x, check.height() // 2)) == tint for x in range(image.width()))
    assert tinted(writer) and not tinted(second)

    qtbot.keyClick(writer, Qt.Key.Key_Tab)  # leaves the list in one press (一肩挑 is computed)
    after = form.panel.editors["届次"].focus_widget()
    assert after.hasFocus()
    qtbot.keyClick(after, Qt.Key.Key_Backtab)  # back where the clerk was in the list
    assert writer.hasFocus()
    tab_stops = [b for b in editor.order if b.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert tab_stops == [writer]


def test_a_message_sits_right_beside_a_narrow_drop_down(qtbot, window) -> None:
    window.show_register("committee_members")
    form = shown(qtbot, window.new_record())
    panel = form.panel
    panel.editors["公民身份号码"].set_value("35032219750301002")
    form.save()  # shows every error
    sex_combo = panel.editors["性别"].focus_widget()
    sex_message = panel.messages["性别"]
    qtbot.waitUntil(lambda: sex_message.isVisible() and sex_message.text() == "必须填写")

    def left_of(widget) -> int:
        return widget.mapTo(panel, QPoint(0, 0)).x()

    combo_right = left_of(sex_combo) + sex_combo.width()
    assert 0 < left_of(sex_message) - combo_right <= MESSAGE_GAP + 4
    # Editors of the long width still have their messages in one column.
    id_message, id_edit = panel.messages["公民身份号码"], panel.editors["公民身份号码"].focus_widget()
    name_message = panel.messages["姓名"]
    assert id_message.text() and left_of(id_message) == left_of(name_message)
    assert left_of(id_message) > left_of(id_edit) + id_edit.width()


def test_a_record_put_off_at_start_is_offered_when_opened_and_keeps_one_draft(
        qtbot, clerk_window, second_start) -> None:
    clerk_window.show_register("committee_members")
    uuid = clerk_window.store.records("committee_members")[0]["uuid"]
    form = open_record(qtbot, clerk_window, uuid)
    type_into(qtbot, form, "联系电话", "1391")
    old = wait_for_draft(qtbot, form)
    crash(form)

    window = second_start()
    put_off_at_start(qtbot, window)
    window.show_register("committee_members")
    reopened = open_record(qtbot, window, uuid)
    box = offered_in(qtbot, reopened)
    assert "这条记录有上次未保存的修改（" in box.text() and "是否恢复？" in box.text()
    assert old.updated_at.replace("T", " ")[:16] in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # 恢复
    qtbot.waitUntil(lambda: not box.isVisible())
    assert reopened.panel.editors["联系电话"].value() == "1391"
    assert reopened.draft_notice.isVisible()

    type_into(qtbot, reopened, "联系电话", "13912345678")
    qtbot.waitUntil(lambda: drafts.get(window.store, old.id).values["联系电话"] == "13912345678")
    assert [d.id for d in drafts.for_user(window.store)] == [old.id]


def test_not_restoring_keeps_the_draft_until_the_clerk_changes_something(
        qtbot, clerk_window, second_start, answers) -> None:
    clerk_window.show_register("committee_members")
    form = clerk_window.new_record()
    type_into(qtbot, form, "姓名", "Zhao")
    old = wait_for_draft(qtbot, form)
    crash(form)

    window = second_start()
    put_off_at_start(qtbot, window)
    window.show_register("committee_members")
    fresh = window.new_record()  # the offer comes over it once the drafts are looked up (worker)
    box = offered_in(qtbot, fresh)
    assert "上次新增两委成员时有未保存的内容" in box.text() and "Zhao" in box.informativeText()
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # 不恢复
    qtbot.waitUntil(lambda: not box.isVisible())
    assert fresh.panel.editors["姓名"].value() is None
    fresh.reject()  # nothing typed: the earlier draft is still there for the next start
    assert [d.values["姓名"] for d in drafts.for_user(window.store)] == ["Zhao"]

    again = window.new_record()
    qtbot.keyClick(offered_in(qtbot, again), Qt.Key.Key_Escape)
    type_into(qtbot, again, "姓名", "Qian")  # typing here replaces it: still one draft
    qtbot.waitUntil(lambda: drafts.get(window.store, old.id).values["姓名"] == "Qian")
    assert len(drafts.for_user(window.store)) == 1


def test_a_restored_service_record_keeps_its_volunteer_locked(qtbot, clerk_window, second_start) -> None:
    view = clerk_window.show_register("volunteers")
    volunteer = clerk_window.store.records("volunteers")[0]["uuid"]
    view.select_uuid(volunteer)
    clerk_window._add_child("volunteer_services", volunteer)
    form = clerk_window.forms[-1]
    assert not form.panel.editors["志愿者"].button.isEnabled()  # as a new service always is
    type_into(qtbot, form, "活动名称", "Qingjie")
    wait_for_draft(qtbot, form)
    crash(form)

    window = second_start()
    qtbot.waitUntil(lambda: window.draft_offer is not None and window.draft_offer.isVisible())
    qtbot.keyClick(window.draft_offer, Qt.Key.Key_Return)  # 恢复
    qtbot.waitUntil(lambda: len(window.forms) == 1)
    restored = window.forms[0]
    parent = restored.panel.editors["志愿者"]
    assert parent.value() == volunteer
    assert not parent.button.isEnabled()
    assert restored.panel.editors["活动名称"].value() == "Qingjie"
    assert restored.draft_offer is None  # restored at start: not asked a second time
