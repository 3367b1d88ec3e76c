"""What a person at the screen does, for the journey tests: find the dialog in front, read it,
click its buttons, press keys, type. No message-box wrapper is patched: the real dialogs open.

Input goes the way a person's input goes, through the window system (``QTest`` on the
``QWindow``): a click lands on the window at the button's position and a key on the dialog's
window, so a dialog blocked by another modal one (the freeze of issue 11) gets neither, just
as it would on the screen.

Two ways to answer:

- A dialog opened with ``open()`` leaves the test in control: ``wait_for_modal`` returns it.
- A question asked with ``exec()`` (every message box) runs its own event loop, and the test's
  code does not run again until it closes. ``Person`` answers those: told beforehand what it
  will be asked and what to answer, it looks at the screen from a timer (timers run inside any
  event loop) and acts when the dialog in front is the one expected, is on the screen (exposed)
  and, if the test says so, once a condition holds (``when``: e.g. the job's progress has been
  due to show, so that a progress that would cover the question has had its chance to).
  ``Person.finish`` waits until every answer was given; if the expected dialog never comes to
  the front, the person gives up at the deadline: closes whatever modal dialogs are open (so
  every nested event loop ends) and the test fails naming the dialog that was in front
  instead, rather than hanging.

No fixed waits: every wait is for a condition or a signal, with a deadline.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMenuBar,
    QMessageBox,
    QRadioButton,
    QScrollArea,
    QToolBar,
    QToolButton,
    QWidget,
)
from typist import type_text

WAIT_MS = 20_000
# What the offscreen platform (and Xvfb without a window manager) says it cannot do for a window:
# not what a person sees, so not a failure.
OFFSCREEN_NOTES = pytest.mark.qt_log_ignore("propagateSizeHints", "support raise", "grabbing the keyboard")
_MNEMONIC = re.compile(r"\(&.\)$")


def active_modal() -> QWidget | None:
    """The modal dialog in front: the one a person's click or key reaches."""
    return QApplication.activeModalWidget()


def shown_text(text: str) -> str:
    """A button's text as it reads on screen: no ``&`` and no ``(&Y)`` mnemonic."""
    return _MNEMONIC.sub("", text).replace("&", "")


def dialog_text(widget: QWidget) -> str:
    """Everything a person reads in a dialog: its title, then its labels, one a line."""
    if isinstance(widget, QMessageBox):
        parts = [widget.windowTitle(), widget.text(), widget.informativeText()]
    else:
        parts = [widget.windowTitle()] + [label.text() for label in widget.findChildren(QLabel)
                                          if label.isVisibleTo(widget) and label.text()]
    return "\n".join(p for p in parts if p)


def describe(widget: QWidget | None) -> str:
    if widget is None:
        return "没有模态对话框"
    return f"{type(widget).__name__}“{widget.windowTitle()}”：{dialog_text(widget)[:200]!r}"


def buttons(widget: QWidget) -> list[QAbstractButton]:
    return [b for b in widget.findChildren(QAbstractButton) if b.isVisibleTo(widget)]


def button(widget: QWidget, text: str) -> QAbstractButton:
    """The visible button that reads ``text`` (without its ``&`` mnemonic)."""
    for b in buttons(widget):
        if shown_text(b.text()) == text:
            return b
    shown = [shown_text(b.text()) for b in buttons(widget)]
    raise AssertionError(f"{describe(widget)} 中没有按钮“{text}”；有：{shown}")


def settle() -> None:
    """Let the layouts catch up with what changed (a label that grew moves what is below it): a person
    clicks where things are on the screen, not where they were before the last change."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def scroll_to(widget: QWidget) -> None:
    """Scroll the form so that ``widget`` is on screen, as a person scrolls before clicking a field."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget() is not None and parent.widget().isAncestorOf(widget):
            parent.ensureWidgetVisible(widget)
        parent = parent.parentWidget()


def wait_enabled(widget: QWidget, timeout: int = 5_000) -> None:
    """A person waits while a button is grey (the dialog still reading), a few seconds at most."""
    deadline = time.monotonic() + timeout / 1000
    while not widget.isEnabled() and time.monotonic() < deadline:
        QTest.qWait(20)
    assert widget.isEnabled(), f"{describe(widget.window())} 中的“{getattr(widget, 'text', str)()}”一直是灰的"


def click(widget: QWidget) -> None:
    """A left click at the middle of ``widget``, delivered to its window as the mouse would (a person
    waits while it is grey)."""
    wait_enabled(widget)
    settle()
    scroll_to(widget)
    window = widget.window().windowHandle()
    assert window is not None, f"{widget!r} is not on screen"
    spot = widget.rect().center()
    if isinstance(widget, QCheckBox | QRadioButton):  # on its box: the widget may be wider than its text
        spot = QPoint(8, widget.height() // 2)
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     widget.mapTo(widget.window(), spot))


def click_at(widget: QWidget, pos: QPoint) -> None:
    """A left click at ``pos`` of ``widget`` (a row of a table, an entry of a list)."""
    settle()
    window = widget.window().windowHandle()
    assert window is not None, f"{widget!r} is not on screen"
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     widget.mapTo(widget.window(), pos))


def click_row(view: QAbstractItemView, text: str, column: int = 0) -> None:
    """Click the row of a list or table whose cell in ``column`` reads ``text``."""
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, column)
        if str(index.data() or "").strip() == text:
            view.scrollTo(index)
            click_at(view.viewport(), view.visualRect(index).center())
            return
    shown = [str(model.index(r, column).data()) for r in range(model.rowCount())]
    raise AssertionError(f"没有“{text}”这一行；有：{shown}")


def choose_in(qtbot: Any, combo: QComboBox, text: str) -> None:
    """Open a drop-down with a click, move to an entry with the arrow keys and take it with Enter."""
    click(combo)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    wanted = combo.findText(text)
    assert wanted >= 0, f"下拉列表中没有“{text}”"
    while view.currentIndex().row() != wanted:
        QTest.keyClick(view, Qt.Key.Key_Down if view.currentIndex().row() < wanted else Qt.Key.Key_Up)
    QTest.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible())
    assert combo.currentText() == text


def go_to_page(window: QWidget, title: str) -> None:
    """Click an entry of the window's navigation list on the left (它的名字，不含数字)."""
    nav = window.findChild(QListWidget, "navigation")
    assert nav is not None
    click_row(nav, title)


def click_button(widget: QWidget, text: str) -> None:
    click(button(widget, text))


def press(widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed while ``widget``'s window is the one in front (goes to its focused widget)."""
    window = widget.window().windowHandle()
    assert window is not None
    QTest.keyClick(window, key, modifier)


def type_into(edit: QWidget, text: str) -> None:
    """Click into a field, select what is there and type ``text`` over it: Latin letters and digits
    key by key, Chinese as an input method commits it (a whole word at a time).

    Not for a path with a Chinese folder name into Qt's own file dialog: there the committed
    folder name stays selected in the dialog's list while the rest of the path is typed, and
    Enter then opens that folder instead of choosing the file (seen offscreen; the journeys'
    folders have Latin names, their files Chinese ones)."""
    click(edit)
    if isinstance(edit, QLineEdit):
        edit.selectAll()
    type_text(edit, text)


def menu_action(window: QWidget, *path: str) -> QAction:
    """The menu entry a person reaches by these texts, e.g. ``("数据报送", "导出数据包…")``."""
    bar = window.findChild(QMenuBar)
    assert bar is not None, f"{window!r} has no menu bar"
    actions = bar.actions()
    found: QAction | None = None
    for i, text in enumerate(path):
        found = next((a for a in actions if shown_text(a.text()) == text), None)
        if found is None:
            shown = [shown_text(a.text()) for a in actions if a.text()]
            raise AssertionError(f"菜单“{' → '.join(path[:i]) or '菜单栏'}”中没有“{text}”；有：{shown}")
        menu = found.menu()
        actions = menu.actions() if isinstance(menu, QMenu) else []
    assert found is not None
    return found


def choose_menu(window: QWidget, *path: str) -> None:
    """Choose a menu entry (it must be enabled, as a person sees it)."""
    action = menu_action(window, *path)
    assert action.isEnabled(), f"菜单项“{' → '.join(path)}”是灰的"
    action.trigger()


def click_tool(qtbot: Any, window: QWidget, text: str) -> None:
    """Click the toolbar button that reads ``text``; one the toolbar had no room for is behind its »
    button, which a person clicks first."""
    for bar in window.findChildren(QToolBar):
        for action in bar.actions():
            if shown_text(action.text()) != text:
                continue
            widget = bar.widgetForAction(action)
            assert widget is not None
            if not widget.isVisible():
                more = bar.findChild(QToolButton, "qt_toolbar_ext_button")
                assert more is not None and more.isVisible(), f"工具栏按钮“{text}”不可见"
                click(more)
                qtbot.waitUntil(widget.isVisible)
            assert widget.isEnabled(), f"工具栏按钮“{text}”是灰的"
            click(widget)
            return
    raise AssertionError(f"工具栏上没有“{text}”")


def closed(widget: QWidget) -> bool:
    """Off the screen: hidden, or deleted (dialogs that delete themselves on close)."""
    return not shiboken6.isValid(widget) or not widget.isVisible()


def wait_closed(qtbot: Any, widget: QWidget, timeout: int = WAIT_MS) -> None:
    qtbot.waitUntil(lambda: closed(widget), timeout=timeout)


def wait_for_modal(qtbot: Any, title: str | None = None, *, kind: type[QWidget] = QDialog,
                   timeout: int = WAIT_MS) -> QWidget:
    """Wait until a dialog whose title contains ``title`` is in front (one opened with ``open()``)."""
    def in_front() -> bool:
        modal = active_modal()
        return (isinstance(modal, kind) and modal.isVisible()
                and (title is None or title in modal.windowTitle()))
    try:
        qtbot.waitUntil(in_front, timeout=timeout)
    except Exception as exc:
        raise AssertionError(f"等不到对话框“{title}”；在最前面的是 {describe(active_modal())}") from exc
    modal = active_modal()
    assert modal is not None
    return modal


@dataclass
class Answer:
    """One expected dialog and what the person does with it."""

    title: str
    press: str | Qt.Key  # a button's text, or a key
    check: Callable[[QWidget], None] | None = None
    text: str | None = None  # typed first into the dialog's field that has the focus (a file name, a reason)
    kind: type[QWidget] = QWidget  # a message box and a file dialog may have the same title
    when: Callable[[], bool] | None = None  # answered only once this holds (the dialog still in front)
    seen: str | None = None  # the dialog's text, once answered


@dataclass
class Person:
    """Answers, in order, the dialogs a job will bring to the front (see the module's note)."""

    qtbot: Any
    answers: list[Answer] = field(default_factory=list)
    given: list[Answer] = field(default_factory=list)
    stuck: str | None = None
    _answered: QWidget | None = field(default=None, repr=False)  # the dialog last answered, until it left the front
    _deadline: float | None = None
    _timer: QTimer | None = None
    _errors: list[BaseException] = field(default_factory=list)

    def will(self, title: str, press: str | Qt.Key, check: Callable[[QWidget], None] | None = None,
             text: str | None = None, kind: type[QWidget] = QWidget,
             when: Callable[[], bool] | None = None) -> Person:
        """Expect a dialog (of ``kind``) whose title contains ``title``; once it is on the screen in
        front (and ``when()`` holds, if given), type ``text`` if given, then click the button
        ``press`` (or press that key)."""
        self.answers.append(Answer(title, press, check, text, kind, when))
        # Also a question that comes before finish() is called must not hang the test.
        self._deadline = time.monotonic() + WAIT_MS / 1000
        if self._timer is None:
            self._timer = QTimer()
            self._timer.setInterval(20)
            self._timer.timeout.connect(self._look)
            self._timer.start()
        return self

    def _still_in_front(self) -> bool:
        """The dialog last answered is still the one in front: the answer has not taken (yet)."""
        if self._answered is not None and (closed(self._answered) or active_modal() is not self._answered):
            self._answered = None
        return self._answered is not None

    def _look(self) -> None:
        modal = active_modal()
        answer_pending = self._still_in_front()
        waiting = bool(self.answers) or answer_pending
        if self._deadline is not None and time.monotonic() > self._deadline and waiting:
            self._give_up(modal)
            return
        if answer_pending:
            return
        if not self.answers or modal is None or not modal.isVisible():
            return
        expected = self.answers[0]
        if expected.title not in modal.windowTitle() or not isinstance(modal, expected.kind):
            return
        window = modal.windowHandle()
        if window is None or not window.isExposed():
            return  # not drawn yet: nothing to read or click
        if expected.when is not None and not expected.when():
            return
        self.answers.pop(0)
        expected.seen = dialog_text(modal)
        self.given.append(expected)
        self._answered = modal
        self._deadline = time.monotonic() + WAIT_MS / 1000
        try:
            if expected.check is not None:
                expected.check(modal)
            if expected.text is not None:
                field = modal.focusWidget()
                if not isinstance(field, QLineEdit):
                    field = next(e for e in modal.findChildren(QLineEdit) if e.isVisible())
                type_into(field, expected.text)
            if isinstance(expected.press, str):
                click_button(modal, expected.press)
            else:
                press(modal, expected.press)
        except BaseException as exc:  # reported by finish(); raising here would end in Qt's hands
            self._errors.append(exc)
            self._give_up(modal)

    def _give_up(self, modal: QWidget | None) -> None:
        """Close every modal dialog, newest first, so that nested event loops end and the test fails."""
        if self.stuck is None:
            self.stuck = describe(modal)
        for _ in range(20):
            modal = active_modal()
            if modal is None:
                break
            if isinstance(modal, QMessageBox):
                modal.done(QMessageBox.StandardButton.Cancel)
            elif isinstance(modal, QDialog):
                modal.reject()
            modal.hide()

    def finish(self, timeout: int = WAIT_MS) -> list[Answer]:
        """Wait until every expected dialog was answered (returned, in order, with what each said);
        fail (not hang) if one never came to the front."""
        self._deadline = time.monotonic() + timeout / 1000
        try:
            self.qtbot.waitUntil(lambda: (not self.answers and not self._still_in_front()) or self.stuck is not None,
                                 timeout=timeout + 5_000)
        except Exception:
            pass  # said below, with what was in front
        if self._errors:
            raise self._errors[0]
        if self.stuck is not None or self.answers or self._answered is not None:
            waiting = [a.title for a in self.answers]
            raise AssertionError(f"等着回答 {waiting}（或已回答的对话框关闭），"
                                 f"但最前面的是 {self.stuck or describe(active_modal())}")
        answered, self.given = self.given, []
        return answered

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

