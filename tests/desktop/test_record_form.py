"""The record form, driven with the keyboard and mouse as a clerk would."""

from __future__ import annotations

import pytest
import typist
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from window_steps import WAIT, checked, listed, open_record, opened, show_register

from desktop.ui.registers.editors import ChecklistEditor, ComboEditor, ComputedEditor, DateEditor, make_editor
from desktop.ui.registers.record_form import RecordForm

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def open_new(qtbot, window, register: str) -> RecordForm:
    show_register(qtbot, window, register)
    form = window.new_record()
    assert form is not None
    qtbot.waitExposed(form)
    return form


def type_into(qtbot, form: RecordForm, field: str, text: str) -> None:
    """Click into a field, replace its text, and leave it with Tab; the check's answer shown."""
    edit = typist.focus_field(qtbot, form, field)
    type_text(qtbot, edit, text)
    with qtbot.waitSignal(form.checked, timeout=WAIT):
        qtbot.keyClick(edit, Qt.Key.Key_Tab)


def type_text(qtbot, widget, text: str) -> None:
    """Keys for ASCII; Chinese arrives as an input method's commit, as from a real IME."""
    typist.type_text(widget, text)


def choose(qtbot, form: RecordForm, field: str, text: str) -> None:
    combo = form.panel.editors[field].focus_widget()
    assert isinstance(combo, QComboBox)
    index = combo.findText(text)
    assert index >= 0, text
    combo.setFocus()
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_invalid_id_shows_beside_the_field_and_blocks_saving_until_fixed(qtbot, window) -> None:
    before = window.store.count("committee_members")
    form = open_new(qtbot, window, "committee_members")
    type_into(qtbot, form, "姓名", "林秀英")
    choose(qtbot, form, "民族", "汉族")
    choose(qtbot, form, "政治面貌", "群众")
    type_into(qtbot, form, "公民身份号码", "350322197503010022")
    assert "校验位错误" in form.panel.message("公民身份号码")
    assert form.panel.message("民族") == ""
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert window.store.count("committee_members") == before
    assert "错误" in form.banner.text()
    # fixing the number clears the message and fills 性别 and 出生年月 from it
    type_into(qtbot, form, "公民身份号码", "350322197503010021")
    assert form.panel.message("公民身份号码") == ""
    assert form.panel.editors["性别"].value() == "女"
    assert form.panel.editors["出生年月"].value() == "1975.03.01"  # the ID gives the day
    with qtbot.waitSignal(form.saved) as saved:
        qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not form.isVisible()
    record = window.store.get(saved.args[0])
    assert record.values["姓名"] == "林秀英" and record.values["性别"] == "女"
    assert window.store.count("committee_members") == before + 1
    view = window.current_register_view()
    qtbot.waitUntil(lambda: (view.selected() or (None, None))[1] == saved.args[0], timeout=WAIT)


def test_a_field_left_empty_shows_required_only_after_leaving_it(qtbot, window) -> None:
    form = open_new(qtbot, window, "social_organizations")
    assert form.panel.message("名称") == ""
    type_into(qtbot, form, "名称", "")
    assert form.panel.message("名称") == "必须填写"
    assert form.panel.message("类别") == ""  # not visited yet


def test_enter_moves_to_the_next_field(qtbot, window) -> None:
    form = open_new(qtbot, window, "volunteers")
    name = form.panel.editors["姓名"].focus_widget()
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    name.setFocus()
    qtbot.waitUntil(name.hasFocus)
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is form.panel.editors["性别"].focus_widget()
    assert form.isVisible()


def test_admin_may_save_with_errors_giving_a_reason(qtbot, window, answers) -> None:
    form = open_new(qtbot, window, "volunteers")
    type_into(qtbot, form, "姓名", "王伟")
    type_into(qtbot, form, "证件号码", "350322197503010022")
    type_into(qtbot, form, "注册日期", "2025-03-01")
    assert not form.save()
    assert form.override_button.isVisible()
    answers.texts.append("证件号码待本人核实，先登记")
    with qtbot.waitSignal(form.saved) as saved:
        qtbot.mouseClick(form.override_button, Qt.MouseButton.LeftButton)
    history = window.store.history(saved.args[0])
    assert history[-1].reason == "带错误保存：证件号码待本人核实，先登记"
    assert history[-1].user == "admin"


def test_a_clerk_cannot_save_with_errors(qtbot, clerk_window) -> None:
    form = open_new(qtbot, clerk_window, "volunteers")
    type_into(qtbot, form, "姓名", "王伟")
    type_into(qtbot, form, "证件号码", "350322197503010022")
    assert not form.save()
    assert not form.override_button.isVisible()
    assert "管理员" not in form.banner.text()


def test_escape_with_unsaved_text_asks_before_closing(qtbot, window, answers) -> None:
    form = open_new(qtbot, window, "volunteers")
    type_into(qtbot, form, "姓名", "王伟")
    answers.save_reply = "cancel"
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible() and answers.of("ask_save")
    answers.save_reply = "discard"
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()


def test_editing_shows_stored_values_and_computed_fields(qtbot, window) -> None:
    view = show_register(qtbot, window, "committee_members")
    view.table.selectRow(0)
    form = opened(qtbot, window.form_opened, window.edit_selected)
    qtbot.waitExposed(form)
    record = window.store.get(form.record_uuid)
    assert form.panel.editors["姓名"].value() == record.values["姓名"]
    term_end = form.panel.editors["任期届满"]
    assert isinstance(term_end, ComputedEditor)
    # 任期届满 is a year-month field: shown as rosters print it (2031.03.18).
    assert term_end.edit.text() == record.values["任期届满"].replace("-", ".") and term_end.edit.isReadOnly()
    assert form.windowTitle() == f"修改村“两委”成员：{record.values['姓名']}"


def test_each_field_type_gets_its_editor(qtbot, admin_store) -> None:
    reg = admin_store.catalog.registers["committee_members"]
    editors = {f.name: make_editor(f, admin_store) for f in reg.fields}
    for editor in editors.values():
        qtbot.addWidget(editor)
    assert isinstance(editors["民族"], ComboEditor)
    assert isinstance(editors["兼任职务"], ChecklistEditor)
    assert isinstance(editors["任职时间"], DateEditor)
    assert isinstance(editors["一肩挑"], ComputedEditor)
    editors["兼任职务"].set_value(["妇联主席", "民兵连长"])
    assert editors["兼任职务"].value() == ["妇联主席", "民兵连长"]
    # a date picked from the calendar lands in the text box in canonical form
    from PySide6.QtCore import QDate

    with qtbot.waitSignal(editors["任职时间"].left):
        editors["任职时间"].calendar.clicked.emit(QDate(2026, 3, 18))
    assert editors["任职时间"].value() == "2026-03-18"


def test_adding_a_service_record_under_a_volunteer_fixes_the_volunteer(qtbot, window) -> None:
    view = show_register(qtbot, window, "volunteers")
    view.table.selectRow(0)
    volunteer = view.selected()[1]
    services = view.children[0]
    listed(qtbot, view)
    before = services.model.rowCount()
    qtbot.mouseClick(services.add_button, Qt.MouseButton.LeftButton)
    form = window.forms[-1]
    qtbot.waitExposed(form)
    assert form.panel.editors["志愿者"].value() == volunteer
    assert not form.panel.editors["志愿者"].button.isEnabled()
    type_into(qtbot, form, "活动名称", "敬老院探访")
    type_into(qtbot, form, "服务日期", "2026-10-01")
    type_into(qtbot, form, "服务时长", "2.5")
    with qtbot.waitSignal(form.saved):
        assert form.save()
    qtbot.waitUntil(lambda: services.model.rowCount() == before + 1, timeout=WAIT)
    hours = window.store.get(volunteer).values["累计服务时长"]
    assert hours >= 2.5
    # The volunteers' list shows the new total, not the one it had when it was loaded.
    model = view.model
    column = [f.name for f in model.fields].index("累计服务时长")

    def shown() -> str:
        row = model.row_of(volunteer)
        return "" if row is None else model.data(model.index(row, column))

    qtbot.waitUntil(lambda: shown() == model.fields[column].format(hours), timeout=WAIT)


def test_every_register_opens_in_the_form_with_its_stored_values(qtbot, window) -> None:
    for reg in window.store.catalog.ordered(include_profile=True):
        record = window.store.records(reg.key)[0]
        form = open_record(qtbot, window, record["uuid"])
        qtbot.waitExposed(form)
        checked(qtbot, form)
        assert set(form.panel.editors) == {f.name for f in reg.fields}
        for fld in reg.input_fields:
            value = record.get(fld.name)
            if value is None or fld.type_name == "ref":
                continue
            # What the editor hands back is what a person would type for the stored value.
            expected = value if fld.type_name in ("multi", "bool") else fld.format(value)
            assert form.panel.editors[fld.name].value() == expected, (reg.key, fld.name)
        assert not [i for i in form.issues if i.severity == "error"], reg.key
        form.done(0)


def test_a_reference_is_picked_by_filtering_the_other_register(qtbot, window) -> None:
    view = show_register(qtbot, window, "village_rules")
    second = window.store.records("village_rules")[1]
    form = open_record(qtbot, window, second["uuid"])
    qtbot.waitExposed(form)
    ref = form.panel.editors["上一版本"]
    title = window.store.get(second["上一版本"]).title
    qtbot.waitUntil(lambda: ref.edit.text() == title, timeout=WAIT)  # read on the worker
    ref.set_value(None)
    ref.pick()
    picker = ref.picker
    qtbot.waitExposed(picker)
    picker.filter.setText("2023")
    listed(qtbot, picker)
    assert picker.model.rowCount() == 1
    picker.view.selectRow(0)
    picker.accept()
    assert ref.value() == second["uuid"]
    qtbot.waitUntil(lambda: "2023" in ref.edit.text(), timeout=WAIT)  # its title read on the worker
    form.done(0)
    assert view.register.key == "village_rules"


def test_every_field_type_has_its_editor_in_the_one_map(qtbot) -> None:
    from PySide6.QtGui import QValidator

    from desktop.ui.registers.editors import EDITORS, LineEditor, NumberEditor
    from forms.model import catalog
    from forms.types import TYPES

    assert set(EDITORS) == set(TYPES)
    made: dict[str, object] = {}
    for reg in catalog().ordered(include_profile=True):
        for fld in reg.input_fields:
            editor = make_editor(fld)
            qtbot.addWidget(editor)
            assert type(editor) is EDITORS[fld.type.name][0], fld.name
            made.setdefault(fld.type.name, editor)
    assert made["idnumber"].edit.placeholderText() == "18位公民身份号码"
    assert isinstance(made["text"], LineEditor) and made["text"].edit.placeholderText() == ""
    # Number boxes take as many decimal places as their type keeps.
    hours, members = made["decimal"], made["int"]
    assert isinstance(hours, NumberEditor) and isinstance(members, NumberEditor)
    assert hours.edit.validator().validate("2.5", 3)[0] == QValidator.State.Acceptable
    assert members.edit.validator().validate("2.5", 3)[0] == QValidator.State.Invalid


def test_a_two_committee_change_shows_on_the_supervision_committee_s_page(qtbot, window) -> None:
    # supervisory_committee.toml says its 是否村党组织纪检委员 depends_on committee_members: the
    # page the definitions name is shown again, though no window code names the two registers.
    store = window.store
    supervisors = show_register(qtbot, window, "supervisory_committee")
    discipline = next(r for r in store.records("committee_members") if r.get("委员分工") == "纪检")
    director = next(r for r in store.records("supervisory_committee")
                    if r["公民身份号码"] == discipline["公民身份号码"])
    model = supervisors.model
    column = [f.name for f in model.fields].index("是否村党组织纪检委员")

    def shown() -> str:
        return model.data(model.index(model.row_of(director["uuid"]), column))

    qtbot.waitUntil(lambda: shown() != "…", timeout=WAIT)  # the row read on the worker
    assert shown() != model.fields[column].format(False)
    window.show_register("committee_members")
    with qtbot.waitSignal(window.actions_.changed):  # written on the window's worker
        window.actions_.edit(discipline["uuid"], {"委员分工": "组织"})
    assert store.get(director["uuid"]).values["是否村党组织纪检委员"] is False
    qtbot.waitUntil(lambda: shown() == model.fields[column].format(False), timeout=WAIT)
