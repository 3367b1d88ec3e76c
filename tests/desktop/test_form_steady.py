"""The record form changes no value by accident: nothing moves while the clerk works through
it (the error banner and the messages beside fields take space kept for them), and the mouse
wheel over a drop-down, spin box or date box that was not opened scrolls the form instead."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QDateEdit, QSpinBox, QWidget
from window_steps import checked, leave_field, listed, open_record

from desktop.ui.registers.draft_autosave import put_raw
from desktop.ui.registers.editors import FieldEditor

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _field_tops(form) -> dict[str, int]:
    return {name: editor.mapTo(form, QPoint(0, 0)).y() for name, editor in form.panel.editors.items()}


@pytest.mark.parametrize("width", [1100, 980])  # the form's own size, and as wide as a 1024 screen allows
def test_fields_stay_where_they_are_as_errors_and_messages_appear_and_go(qtbot, window, width) -> None:
    window.show_register("committee_members")
    form = window.new_record()
    form.resize(width, 680)
    qtbot.waitExposed(form)
    before = _field_tops(form)
    banner_top = form.banner_area.mapTo(form, QPoint(0, 0)).y()

    # Typing with mistakes, leaving each field: messages appear beside the fields, some long
    # enough to wrap (联系电话's is two lines at 980 px).
    wrong = {"姓名": "张三", "公民身份号码": "350322197503010022", "政治面貌": "群众",
             "入党时间": "1980-01-01", "党组织职务": "书记", "联系电话": "1381234"}
    for name, value in wrong.items():
        put_raw(form.panel.editors[name], value)
        leave_field(qtbot, form, name)
        assert _field_tops(form) == before, name
    assert "11位手机号码" in form.panel.message("联系电话")

    # Saving shows the red banner: it takes the strip kept for it, nothing below moves.
    assert not form.save()
    assert "有 " in form.banner.text() and "错误" in form.banner.text()
    assert _field_tops(form) == before
    assert form.banner_area.mapTo(form, QPoint(0, 0)).y() == banner_top

    # Put right, the banner goes; still nothing moves.
    put_raw(form.panel.editors["政治面貌"], "中共党员")
    put_raw(form.panel.editors["联系电话"], "13812345678")
    put_raw(form.panel.editors["公民身份号码"], "350322197503010021")
    for name in ("政治面貌", "联系电话", "公民身份号码"):
        leave_field(qtbot, form, name)
    assert _field_tops(form) == before
    form.done(0)


def test_a_long_banner_scrolls_inside_its_strip_instead_of_growing(qtbot, window) -> None:
    window.show_register("committee_members")
    form = window.new_record()
    qtbot.waitExposed(form)
    height = form.banner_area.height()
    before = _field_tops(form)
    form._set_banner("\n".join(f"第{i}条：没有对应字段的问题" for i in range(6)), "error")
    assert form.banner_area.height() == height and _field_tops(form) == before
    # The rest is there, scrolled to.
    qtbot.waitUntil(lambda: form.banner_area.verticalScrollBar().maximum() > 0)
    assert form.banner_area.height() == height and _field_tops(form) == before
    form.done(0)


def _wheel(widget: QWidget, down: bool = True) -> None:
    """A turn of the wheel over the middle of ``widget``, as the system delivers it."""
    centre = QPointF(widget.rect().center())
    delta = QPoint(0, -120 if down else 120)
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), delta,
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(widget, event)


def _open_member(qtbot, window, height: int = 420):
    view = listed(qtbot, window.show_register("committee_members"))
    uuid = next(r["uuid"] for r in window.store.records("committee_members") if r["村委会职务"] == "主任")
    assert view.select_uuid(uuid)
    form = checked(qtbot, open_record(qtbot, window, uuid))
    form.resize(1000, height)  # short: the form must scroll
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    return form


def test_the_wheel_over_a_focused_drop_down_scrolls_the_form_and_changes_nothing(qtbot, window) -> None:
    form = _open_member(qtbot, window)
    combo = form.panel.editors["村委会职务"].combo
    scroll = combo.parentWidget()
    while not hasattr(scroll, "verticalScrollBar"):
        scroll = scroll.parentWidget()
    bar = scroll.verticalScrollBar()
    scroll.ensureWidgetVisible(combo)
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    assert combo.currentText() == "主任" and bar.maximum() > 0
    start = bar.value()
    for down in (True, True, False):
        _wheel(combo, down)
        assert combo.currentText() == "主任"
    assert bar.value() != start  # the form scrolled instead
    assert not form.is_dirty()
    form.done(0)


def test_the_wheel_never_turns_a_drop_down_the_mouse_passes_over(qtbot, window) -> None:
    form = _open_member(qtbot, window)
    before = form.panel.raw_values()
    for editor in form.panel.editors.values():
        combo = getattr(editor, "combo", None)
        if combo is not None:
            _wheel(combo)
            _wheel(combo, down=False)
    assert form.panel.raw_values() == before
    form.done(0)


def test_spin_and_date_boxes_an_editor_may_hold_are_kept_from_the_wheel(qtbot) -> None:
    """An editor built with a spin box or a date box (a year-month editor could be) gets the
    same guard, however the box was added."""
    from forms.model import Field

    field = Field(name="届次", type_name="int")
    editor = FieldEditor(field)
    spin, date = QSpinBox(), QDateEdit(QDate(2024, 3, 1))
    editor._layout.addWidget(spin)
    editor._layout.addWidget(date)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    spin.setFocus()
    _wheel(spin)
    _wheel(spin, down=False)
    date.setFocus()
    _wheel(date, down=False)
    assert spin.value() == 0 and date.date() == QDate(2024, 3, 1)
