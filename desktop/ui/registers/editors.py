"""One editor widget per kind of field, chosen by the field's type.

``EDITORS`` maps every type name of ``forms.types.TYPES`` to an editor class (and the hint
a line editor shows while empty): the one place the form branches on the kind of field, so
a new field in a definition gets the right editor without UI code. Every
editor reads and writes *canonical* values (see ``forms.types``) and hands back what the
person typed for ``forms.validation.prepare`` to parse, so parsing and checking live in
one place only.
"""

from __future__ import annotations

import datetime as dt
import time
from functools import lru_cache
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QChildEvent,
    QDate,
    QEvent,
    QObject,
    QRegularExpression,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.dialog_parts import dialog_buttons
from desktop.ui.widgets.i18n import translate
from desktop.ui.widgets.runner import run
from forms.model import Field
from forms.types import as_date, as_partial_date, clean_text
from sync.store.queries import record_titles
from sync.store.store import Store

# Never turned by the mouse wheel unless opened (FieldEditor._wheel).
WHEEL_GUARDED = (QComboBox, QAbstractSpinBox)
# Editors stop growing here: the rest of the row is for the message beside them.
EDITOR_MAX_WIDTH = 380
CHECKLIST_COLUMNS = 3


class FieldEditor(QWidget):
    """Base: an editor for one field. ``left`` fires when the person leaves it or picks a value."""

    left = Signal()

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        if field.help:
            self.setToolTip(field.help)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def focus_widget(self) -> QWidget:
        return self

    def watch(self, widget: QWidget) -> None:
        """Emit ``left`` when ``widget`` loses focus to something other than its own popup."""
        widget.installEventFilter(self)

    def childEvent(self, event: QChildEvent) -> None:
        # Every drop-down, spin box or date box of an editor, however it was added, is kept
        # from the wheel (see ``_wheel``).
        super().childEvent(event)
        child = event.child()
        if event.type() == QEvent.Type.ChildPolished and isinstance(child, WHEEL_GUARDED):
            child.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            reason = event.reason()  # type: ignore[attr-defined]
            if reason not in (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason):
                self.left.emit()
        elif event.type() == QEvent.Type.Wheel and isinstance(watched, WHEEL_GUARDED):
            return self._wheel(watched, event)
        return False

    @staticmethod
    def _wheel(widget: QWidget, event: QEvent) -> bool:
        """The wheel over a closed drop-down, spin box or date box scrolls the form instead.

        Qt turns a drop-down's value with the wheel, focused or not (主任 became 委员 while the
        clerk scrolled to the next field). A list that was opened is its own popup window and
        scrolls as usual; so does a calendar opened from a date box.
        """
        if widget.window().windowType() == Qt.WindowType.Popup:
            return False
        area = widget.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:
            QApplication.sendEvent(area.viewport(), event)
        event.accept()
        return True


class LineEditor(FieldEditor):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QLineEdit()
        self.edit.setFixedWidth(EDITOR_MAX_WIDTH)
        if field.max_length:
            # Longer text is cut at the limit by the widget itself; the check stays in forms/.
            self.edit.setMaxLength(field.max_length)
        self._layout.addWidget(self.edit)
        self.watch(self.edit)

    def value(self) -> Any:
        text = self.edit.text().strip()
        return text or None

    def set_value(self, value: Any) -> None:
        self.edit.setText(self.field.format(value) if value is not None else "")

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    def focus_widget(self) -> QWidget:
        return self.edit


class NumberEditor(LineEditor):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        # As many decimal places as the type keeps (an integer none, hours and money two).
        places = getattr(field.type, "decimals", 2)
        pattern = r"-?\d{0,12}" + (rf"(\.\d{{0,{places}}})?" if places else "")
        self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), self.edit))
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.setFixedWidth(150)
        self._layout.addStretch(1)


class DateEditor(LineEditor):
    """Typed (1975-03-01, 1975.3.1, 19750301 …) or picked from a calendar; may stay empty.

    The calendar button is not a Tab stop (typing clerks would land on it after every date);
    F4 or Alt+Down in the box opens the calendar from the keyboard. A date the clerk typed
    is shown back as 1975-03-01 on leaving, so they see how it was understood.
    """

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit.setPlaceholderText(translate("editors", "如 1975-03-01"))
        self.edit.setFixedWidth(150)
        self.button = QToolButton()
        self.button.setText(translate("editors", "日历"))
        self.button.setToolTip(translate("editors", "从日历中选择日期")
                               + translate("editors", "（在日期框中按 F4 也可打开）"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.menu = QMenu(self.button)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setMaximumDate(QDate(2100, 12, 31))
        self.calendar.setMinimumDate(QDate(1900, 1, 1))
        action = QWidgetAction(self.menu)
        action.setDefaultWidget(self.calendar)
        self.menu.addAction(action)
        self.menu.aboutToShow.connect(self._sync_calendar)
        self.button.setMenu(self.menu)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self._layout.addWidget(self.button)
        self._layout.addStretch(1)
        self.edit.editingFinished.connect(self._show_understood)  # self.watch() already filters its keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and not self.edit.isReadOnly()):
            alt_down = (event.key() == Qt.Key.Key_Down
                        and bool(event.modifiers() & Qt.KeyboardModifier.AltModifier))
            if event.key() == Qt.Key.Key_F4 or alt_down:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    def open_calendar(self) -> None:
        self.menu.popup(self.button.mapToGlobal(self.button.rect().bottomLeft()))
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _show_understood(self) -> None:
        text = self.edit.text().strip()
        if not text:
            return
        try:
            canonical = self.field.type.normalise(text, self.field)
        except ValueError:
            return  # left as typed: the message beside the field says what is wrong
        shown = self.field.format(canonical)
        if shown and shown != self.edit.text():
            self.edit.setText(shown)

    def _sync_calendar(self) -> None:
        day = self._typed_day() or dt.date.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _typed_day(self) -> dt.date | None:
        """The day the box holds, as the field type reads it (None if it does not read)."""
        text = self.value()
        if text is None:
            return None
        try:
            return as_date(self.field.type.normalise(text, self.field))
        except ValueError:
            return None

    def _picked(self, date: QDate) -> None:
        self.edit.setText(date.toString("yyyy-MM-dd"))
        self.menu.hide()
        self.left.emit()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.button.setEnabled(not read_only)


class YearMonthEditor(DateEditor):
    """出生年月, 入党时间, 任职时间 …: a month as rosters write it (1968.03, 1968年3月, 197005 …)
    or a full date; shown back as 1968.03 (1968.03.12 with a day) on leaving. The calendar
    picks a day, which is then kept: only what the clerk gives is stored, nothing invented."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit.setPlaceholderText(translate("editors", "如 1968.03"))
        hint = translate("editors", "写年月即可（1968.03、1968年3月）；知道日期时可写全（1968.03.12）")
        self.edit.setToolTip(f"{field.help}\n{hint}" if field.help else hint)

    def _typed_day(self) -> dt.date | None:
        text = self.value()
        if text is None:
            return None
        try:
            found = as_partial_date(self.field.type.normalise(text, self.field))
        except ValueError:
            return None
        return None if found is None else found.first


class TextAreaEditor(FieldEditor):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedWidth(EDITOR_MAX_WIDTH + 100)
        self.edit.setFixedHeight(72)
        self._layout.addWidget(self.edit)
        self.watch(self.edit)

    def value(self) -> Any:
        text = self.edit.toPlainText().strip()
        return text or None

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText(value or "")

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    def focus_widget(self) -> QWidget:
        return self.edit


@lru_cache(maxsize=4096)
def pinyin_prefixes(text: str) -> tuple[str, str]:
    """Initials and full pinyin of a list entry (汉族 → "hz", "hanzu"), lower case."""
    from pypinyin import lazy_pinyin

    syllables = [s.lower() for s in lazy_pinyin(text, errors="default") if s.strip()]
    return "".join(s[0] for s in syllables), "".join(syllables)


def pinyin_match(texts: list[str], typed: str, start: int) -> int | None:
    """The first entry from ``start`` on (wrapping round) whose pinyin initials or spelling
    begin with ``typed``; empty entries are skipped."""
    count = len(texts)
    for step in range(count):
        index = (start + step) % count
        if texts[index]:
            initials, spelled = pinyin_prefixes(texts[index])
            if initials.startswith(typed) or spelled.startswith(typed):
                return index
    return None


class PinyinTyping:
    """Letters typed in a row (within the keyboard interval) make one search; one letter pressed
    again and again moves to the next entry it starts, as Qt's own drop-downs do."""

    def __init__(self) -> None:
        self.typed = ""
        self.typed_at = 0.0

    def find(self, texts: list[str], current: int, letter: str) -> int | None:
        now = time.monotonic()
        fresh = now - self.typed_at > QApplication.keyboardInputInterval() / 1000
        self.typed_at = now
        typed = letter if fresh else self.typed + letter
        if len(set(typed)) == 1:
            typed, start = letter, current + 1
        else:
            start = current
        self.typed = typed
        return pinyin_match(texts, typed, max(start, 0))


def typed_letter(event: QKeyEvent) -> str | None:
    """A plain Latin letter (Shift allowed), as a drop-down or check list receives pinyin."""
    letter = event.text().lower()
    plain = not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
    return letter if plain and len(letter) == 1 and "a" <= letter <= "z" else None


class ComboEditor(FieldEditor):
    """A drop-down with an empty first entry (not filled in).

    A drop-down takes no input method, so a clerk typing to choose sends Latin letters:
    they pick an entry by its pinyin initials or spelling (hz → 汉族, zgdy → 中共党员,
    han → 汉族); the same letter again moves to the next entry it starts.
    """

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.combo = QComboBox()
        self.combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.combo.setMinimumWidth(160)
        self.combo.setMaxVisibleItems(20)
        self.combo.addItem("")
        self.combo.addItems(self.items())
        self.combo.activated.connect(lambda _index: self.left.emit())
        self._layout.addWidget(self.combo)
        self._layout.addStretch(1)
        self.watch(self.combo)
        self.typing = PinyinTyping()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.combo and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            letter = typed_letter(event)
            if letter and self.combo.isEnabled():
                self.search_pinyin(letter)
                return True
        return super().eventFilter(watched, event)

    def search_pinyin(self, letter: str) -> bool:
        """Add a typed letter to the search and select the entry it names; False if none does."""
        texts = [self.combo.itemText(i) for i in range(self.combo.count())]
        index = self.typing.find(texts, self.combo.currentIndex(), letter)
        if index is None:
            return False
        self.combo.setCurrentIndex(index)
        return True

    def items(self) -> list[str]:
        return list(self.field.choice_list.values) if self.field.choice_list else []

    def value(self) -> Any:
        return self.combo.currentText() or None

    def set_value(self, value: Any) -> None:
        text = self.field.format(value) if value is not None else ""
        if self.combo.findText(text) < 0:
            # A stored value that is no longer in the list stays visible (and is reported).
            self.combo.addItem(text)
        self.combo.setCurrentIndex(self.combo.findText(text))

    def focus_widget(self) -> QWidget:
        return self.combo


class BoolEditor(ComboEditor):
    """是 / 否 / not filled in: a check box could not tell 否 from not answered."""

    def items(self) -> list[str]:
        return [translate("editors", "是"), translate("editors", "否")]

    def value(self) -> Any:
        yes, no = self.items()
        return {yes: True, no: False}.get(self.combo.currentText())

    def set_value(self, value: Any) -> None:
        self.combo.setCurrentIndex(0 if value is None else 1 if value else 2)


class ChecklistEditor(FieldEditor):
    """Several of a list, as check boxes in rows of three, and one Tab stop for the lot.

    Eleven boxes were eleven Tab stops. Only the box last visited takes Tab focus (the others
    take a click): the arrow keys move between the boxes, Space ticks one, Tab leaves the list,
    and pinyin initials jump to a box (jw → 纪委委员), as in the drop-downs. The box with the focus
    is tinted, so the clerk sees where Space will tick.
    """

    FOCUS_STYLE = "QCheckBox:focus { background: #cfe3ff; border-radius: 3px; }"

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        box = QWidget()
        box.setAccessibleName(field.label)
        self.grid = QGridLayout(box)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(14)
        self.boxes: dict[str, QCheckBox] = {}
        self.order: list[QCheckBox] = []
        self.current: QCheckBox | None = None
        self.typing = PinyinTyping()
        values = field.choice_list.values if field.choice_list else []
        for i, value in enumerate(values):
            self.grid.addWidget(self._add_box(value), i // CHECKLIST_COLUMNS, i % CHECKLIST_COLUMNS)
        self._layout.addWidget(box)
        self._layout.addStretch(1)
        if self.order:
            self._make_current(self.order[0])

    def _add_box(self, text: str) -> QCheckBox:
        check = QCheckBox(text)
        check.setStyleSheet(self.FOCUS_STYLE)
        check.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        check.clicked.connect(lambda _checked: self.left.emit())
        check.installEventFilter(self)
        self.boxes[text] = check
        self.order.append(check)
        return check

    def _make_current(self, check: QCheckBox) -> None:
        """The one box in the Tab chain: Tab and Shift+Tab come back to where the clerk was."""
        if self.current is not None and self.current is not check:
            self.current.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        check.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.current = check

    def _move_to(self, index: int) -> None:
        check = self.order[max(0, min(index, len(self.order) - 1))]
        self._make_current(check)
        check.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QCheckBox) and watched in self.order:
            kind = event.type()
            if kind == QEvent.Type.FocusIn:
                self._make_current(watched)
            elif kind == QEvent.Type.FocusOut and QApplication.focusWidget() not in self.order:
                return super().eventFilter(watched, event)  # leaving the list, not moving inside it
            elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                return self._key(watched, event)
            return False
        return super().eventFilter(watched, event)

    def _key(self, check: QCheckBox, event: QKeyEvent) -> bool:
        index = self.order.index(check)
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1,
                 Qt.Key.Key_Up: -CHECKLIST_COLUMNS, Qt.Key.Key_Down: CHECKLIST_COLUMNS}
        step = steps.get(Qt.Key(event.key()))
        if step is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self._move_to(index + step)
            return True
        if event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End) and not event.modifiers():
            self._move_to(0 if event.key() == Qt.Key.Key_Home else len(self.order) - 1)
            return True
        letter = typed_letter(event)
        if letter:
            found = self.typing.find([b.text() for b in self.order], index, letter)
            if found is not None:
                self._move_to(found)
            return True
        return False

    def value(self) -> Any:
        picked = [v for v, box in self.boxes.items() if box.isChecked()]
        return picked or None

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for name in sorted(chosen - set(self.boxes)):
            # Values outside the list stay visible (and are reported by the check).
            count = len(self.order)
            self.grid.addWidget(self._add_box(name), count // CHECKLIST_COLUMNS, count % CHECKLIST_COLUMNS)
        for name, box in self.boxes.items():
            box.setChecked(name in chosen)

    def focus_widget(self) -> QWidget:
        return self.current or self


class RefEditor(FieldEditor):
    """A reference to another record: shows its title, picked in a searchable list. Given the
    window's database worker, the title is read there (… meanwhile) and the picker lists there."""

    def __init__(self, field: Field, store: Store | None, parent: QWidget | None = None,
                 worker: DbWorker | None = None) -> None:
        super().__init__(field, parent)
        self._store = store
        self._worker = worker
        self._uuid: str | None = None
        self.edit = QLineEdit()
        self.edit.setReadOnly(True)
        self.edit.setFixedWidth(EDITOR_MAX_WIDTH - 80)
        self.button = QToolButton()
        self.button.setText(translate("editors", "选择…"))
        self.button.clicked.connect(self.pick)
        self._layout.addWidget(self.edit)
        self._layout.addWidget(self.button)
        self.watch(self.edit)

    def value(self) -> Any:
        return self._uuid

    def set_value(self, value: Any) -> None:
        self._uuid = value or None
        self.edit.setText(self._title(self._uuid) if self._uuid else "")

    def _title(self, uuid: str) -> str:
        if self._store is None or not self.field.ref:
            return uuid
        ref = self.field.ref
        if self._worker is None:
            return record_titles(self._store, ref, [uuid]).get(uuid, uuid)

        def arrived(titles: dict[str, str]) -> None:
            if self._uuid == uuid:  # not picked anew meanwhile
                self.edit.setText(titles.get(uuid, uuid))

        run(self, self._worker, lambda store, _work: record_titles(store, ref, [uuid]), arrived)
        return "…"

    def set_read_only(self, read_only: bool) -> None:
        self.button.setEnabled(not read_only)

    def focus_widget(self) -> QWidget:
        return self.button if self.button.isEnabled() else self.edit

    def pick(self) -> None:
        if self._store is None or not self.field.ref:
            return
        self.picker = RecordPicker(self._store, self._store.catalog.registers[self.field.ref], self,
                                   self._worker)
        self.picker.accepted.connect(lambda: self._picked(self.picker.chosen()))
        self.picker.open()

    def _picked(self, uuid: str | None) -> None:
        if uuid:
            self.set_value(uuid)
            self.left.emit()


class RecordPicker(QDialog):
    """Find one record of a register by name, pinyin or ID fragment (for reference fields)."""

    def __init__(self, store: Store, register: Any, parent: QWidget | None = None,
                 worker: DbWorker | None = None) -> None:
        from desktop.ui.registers.table_model import UUID_ROLE, RegisterTableModel

        super().__init__(parent)
        self.setWindowTitle(translate("editors", "选择{0}").format(register.name))
        self.resize(720, 480)
        self._uuid_role = UUID_ROLE
        layout = QVBoxLayout(self)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(translate("editors", "输入姓名、拼音首字母或证件号码片段"))
        layout.addWidget(self.filter)
        self.model = RegisterTableModel(store, register, self, worker)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.doubleClicked.connect(lambda _index: self.accept())
        layout.addWidget(self.view)
        buttons = dialog_buttons(self)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self.model.set_filter)
        self.model.refresh()

    def chosen(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.uuid_at(rows[0].row()) if rows else None


class ComputedEditor(LineEditor):
    """Worked out by the program; shown, never typed."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit.setReadOnly(True)
        self.edit.setPlaceholderText(translate("editors", "自动计算"))
        self.edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.edit.setStyleSheet("QLineEdit { background: #f0f0f0; color: #333; }")

    def set_read_only(self, read_only: bool) -> None:
        pass

    def value(self) -> Any:
        return None


# Field type name → its editor, and the hint a line editor shows while empty (translated when
# shown). A type missing here gets a plain line editor.
EDITORS: dict[str, tuple[type[FieldEditor], str | None]] = {
    "text": (LineEditor, None),
    "longtext": (TextAreaEditor, None),
    "idnumber": (LineEditor, QT_TRANSLATE_NOOP("editors", "18位公民身份号码")),
    "document": (LineEditor, None),
    "uscc": (LineEditor, QT_TRANSLATE_NOOP("editors", "18位统一社会信用代码")),
    "division": (LineEditor, QT_TRANSLATE_NOOP("editors", "12位统计用区划代码")),
    "phone": (LineEditor, QT_TRANSLATE_NOOP("editors", "11位手机号，或带区号的固定电话")),
    "date": (DateEditor, None),
    "yearmonth": (YearMonthEditor, None),
    "time": (LineEditor, QT_TRANSLATE_NOOP("editors", "如 08:30")),
    "int": (NumberEditor, None),
    "decimal": (NumberEditor, None),
    "bool": (BoolEditor, None),
    "choice": (ComboEditor, None),
    "multi": (ChecklistEditor, None),
    "ref": (RefEditor, None),
}


def make_editor(field: Field, store: Store | None = None, parent: QWidget | None = None,
                worker: DbWorker | None = None) -> FieldEditor:
    if field.computed:
        return ComputedEditor(field, parent)
    kind, hint = EDITORS.get(field.type.name, (LineEditor, None))
    # A reference's editor finds the referenced records, so it alone is given the store (and the worker).
    editor = RefEditor(field, store, parent, worker) if kind is RefEditor else kind(field, parent)
    if hint and isinstance(editor, LineEditor):
        editor.edit.setPlaceholderText(translate("editors", hint))
    return editor


def normalised_text(value: Any) -> str:
    return clean_text(value) if isinstance(value, str) else str(value)
