"""The record form, generated from a register's definition.

``FieldPanel`` lays out one editor per field (label | editor | message) and shows the
issues that validation found beside the field they concern. ``RecordForm`` is the dialog
around it: whenever the clerk leaves a field it asks ``Store.validate`` on the window's database
worker and shows the answer when it comes (an answer for typing changed since is dropped: see
``revalidate``), fills 性别 and 出生日期 from a valid ID number (no database: at once), refuses
to save while errors remain (an administrator may save with a written reason) and saves through
``RecordActions`` so the change can be undone. It reads nothing itself: the window reads the
record on the worker (``read_record``) and opens the form with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.registers import form_extras
from desktop.ui.registers.draft_autosave import DraftAutosave, put_raw
from desktop.ui.registers.editors import FieldEditor, make_editor
from desktop.ui.registers.undo import RecordActions
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.runner import alive, run
from forms.compute import derive
from forms.model import Field, Register
from forms.validation import ERROR, WARNING, Issue, RecordInvalid, prepare
from sync.progress import Cancelled
from sync.store.drafts import DraftState
from sync.store.store import Record, Saved, Store, StoreError
from sync.store.users import PermissionDenied

ERROR_STYLE = "color: #c0392b;"
WARNING_STYLE = "color: #b9770e;"
LABEL_WIDTH = 150
# The message strip above the fields: two lines high, always (see RecordForm.__init__).
BANNER_LINES = 2
BANNER_PADDING = 6
MESSAGE_GAP = 16
MESSAGE_MIN_WIDTH = 160
MESSAGE_LINES = 2  # beside a field; a longer message is cut, and whole in its tooltip

Validator = Callable[[Mapping[str, Any]], tuple[dict[str, Any], list[Issue]]]


def read_record(store: Store, uuid: str) -> tuple[Register, Record]:
    """Worker thread: what a form opens with, the record and its register as the lists are now
    (a return package imported on the worker may have added choice values)."""
    record = store.get(uuid)
    return store.catalog.registers[record.register.key], record


def strip_field_name(message: str, field: str | None) -> str:
    """Beside the field, "公民身份号码：校验码不正确" reads better as "校验码不正确"."""
    if field and message.startswith(field + "："):
        return message[len(field) + 1:]
    return message


class FieldPanel(QWidget):
    """Editors for the fields of a register in definition order, with a message beside each."""

    left = Signal(str)  # the field the person just left

    def __init__(self, register: Register, store: Store | None = None,
                 fields: Iterable[Field] | None = None, parent: QWidget | None = None,
                 worker: DbWorker | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self.editors: dict[str, FieldEditor] = {}
        self.labels: dict[str, QLabel] = {}
        self.messages: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setColumnMinimumWidth(0, LABEL_WIDTH)
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        for row, fld in enumerate(fields if fields is not None else register.fields):
            label = QLabel(fld.label + ("" if not fld.required else " *"))
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if fld.required:
                label.setToolTip(self.tr("必填"))
            editor = make_editor(fld, store, self, worker)
            editor.left.connect(lambda name=fld.name: self.left.emit(name))
            message = QLabel()
            message.setWordWrap(True)
            # Wraps onto more lines rather than pushing the form wider than 1366×768 at 150 %.
            message.setMinimumWidth(MESSAGE_MIN_WIDTH)
            message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            # Room for two lines whether a message is there or not: a message that wrapped as
            # the clerk left a field made its row taller and moved every field below it.
            message.setFixedHeight(MESSAGE_LINES * message.fontMetrics().lineSpacing() + 2)
            label.setBuddy(editor.focus_widget())
            grid.addWidget(label, row, 0)
            # The message follows the editor's own width: beside a narrow drop-down it is not
            # pushed out past the widest editor (editors of one width still line up their messages).
            cell = QHBoxLayout()
            cell.setSpacing(MESSAGE_GAP)
            cell.addWidget(editor, 0, Qt.AlignmentFlag.AlignLeft)
            cell.addWidget(message, 1)
            grid.addLayout(cell, row, 1)
            self.editors[fld.name] = editor
            self.labels[fld.name] = label
            self.messages[fld.name] = message

    def raw_values(self) -> dict[str, Any]:
        """What the person typed, for the fields a person types."""
        return {name: ed.value() for name, ed in self.editors.items() if not ed.field.computed}

    def set_values(self, values: Mapping[str, Any], only: Iterable[str] | None = None) -> None:
        names = set(only) if only is not None else set(self.editors)
        for name, editor in self.editors.items():
            if name in names and name in values:
                editor.set_value(values[name])

    def set_read_only(self, read_only: bool) -> None:
        for editor in self.editors.values():
            editor.set_read_only(read_only)

    def show_issues(self, issues: Iterable[Issue], fields: Iterable[str] | None = None,
                    keep: Iterable[str] = ()) -> None:
        """Show each field's first error (else first warning); clear the others. Limited to
        ``fields``; the messages of ``keep`` stay as they are (typed on since the check)."""
        shown = set(fields) if fields is not None else set(self.messages)
        kept = set(keep)
        best: dict[str, Issue] = {}
        for issue in issues:
            if issue.field in self.messages and issue.field in shown:
                have = best.get(issue.field)
                if have is None or (have.severity != ERROR and issue.severity == ERROR):
                    best[issue.field] = issue
        for name, label in self.messages.items():
            if name in kept:
                continue
            issue = best.get(name)
            if issue is None:
                label.clear()
                label.setToolTip("")
                continue
            label.setText(strip_field_name(issue.message, name))
            label.setToolTip(issue.message)
            label.setStyleSheet(ERROR_STYLE if issue.severity == ERROR else WARNING_STYLE)

    def message(self, name: str) -> str:
        return self.messages[name].text()

    def focus_field(self, name: str) -> None:
        editor = self.editors.get(name)
        if editor is not None:
            editor.focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)


class RecordForm(QDialog):
    """Add or edit one record. Non-blocking: open with ``show()``/``open()``, listen to ``saved``."""

    saved = Signal(str)  # record uuid
    history_requested = Signal(str)
    checked = Signal()  # a check's answer is shown (what leaving a field asked)

    def __init__(self, store: Store, register: Register, actions: RecordActions,
                 record: Record | None = None, preset: Mapping[str, Any] | None = None,
                 fixed: Iterable[str] = (), parent: QWidget | None = None) -> None:
        """``register`` as the lists are now, ``record`` the one to show (read on the worker:
        ``read_record``), None for a new one."""
        super().__init__(parent)
        self.store = store
        self.register = register
        self.actions = actions
        self.record_uuid = record.uuid if record is not None else None
        self.read_only = not store.user.can_edit
        self._touched: set[str] = set()
        self._show_all = False
        self.issues: list[Issue] = []
        self._initial: dict[str, Any] = {}
        self._focus_request: str | None = None
        self.saving = False  # a save is on its way to the worker
        self._sent: dict[str, Any] | None = None  # what it took
        self._save_queued = False  # 保存 pressed again meanwhile
        self._saved_note = ""  # what the banner says after a save while the clerk typed on
        # The checks asked on the worker: the newest one's number, and the typing the answer
        # shown is about (None until one is shown).
        self._asked = 0
        self._answered_asked = 0
        self._checked_raw: dict[str, Any] | None = None
        self.draft_offer: QDialog | None = None  # asked when a draft of this record waits (draft_offer)
        self.setObjectName("RecordForm")
        self.resize(1100, 680)
        if record is not None and record.deleted:
            self.read_only = True

        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        layout.addWidget(self.heading)
        # Says where restored typing came from (load_draft); revalidation never hides it.
        self.draft_notice = QLabel()
        self.draft_notice.setWordWrap(True)
        self.draft_notice.setStyleSheet("padding: 6px; background: #eef5ff; border: 1px solid #9bb8d8;")
        self.draft_notice.hide()
        layout.addWidget(self.draft_notice)
        # The message strip keeps one height whether it has something to say or not: a banner
        # appearing as the clerk left a field pushed the form down 36 px, and the next click
        # landed on the field above the one aimed at. Longer messages scroll inside it.
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.banner_area = QScrollArea()
        self.banner_area.setObjectName("banner_area")
        self.banner_area.setWidgetResizable(True)
        self.banner_area.setFrameShape(QFrame.Shape.NoFrame)
        self.banner_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.banner_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.banner_area.setWidget(self.banner)
        line = self.banner.fontMetrics().lineSpacing()
        self.banner_area.setFixedHeight(BANNER_LINES * line + 2 * BANNER_PADDING + 2)
        layout.addWidget(self.banner_area)

        self.panel = FieldPanel(register, store, parent=self, worker=actions.worker)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Never cut off: on a screen too narrow even for the fields (1024×768 at 150 %), sideways.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the last field to the buttons
        scroll.setWidget(self.panel)
        layout.addWidget(scroll, 1)
        self.extras = form_extras.attach(self, layout)  # a procedure's timeline, the records linked here

        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton(self.tr("保存 (Ctrl+S)"))
        self.override_button = QPushButton(self.tr("填写原因后带错误保存…"))
        self.history_button = QPushButton(self.tr("历史…"))
        self.cancel_button = QPushButton(self.tr("关闭") if self.read_only else self.tr("取消 (Esc)"))
        for button in (self.save_button, self.override_button, self.history_button, self.cancel_button):
            button.setAutoDefault(False)
        self.buttons.addButton(self.history_button, QDialogButtonBox.ButtonRole.HelpRole)
        self.buttons.addButton(self.override_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.override_button.clicked.connect(self.save_with_reason)
        self.history_button.clicked.connect(lambda: self.history_requested.emit(self.record_uuid or ""))
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.override_button.hide()
        self.history_button.setVisible(record is not None)
        self.save_button.setVisible(not self.read_only)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)

        if record is not None:
            self.panel.set_values(record.values)
        else:
            defaults = {f.name: f.default for f in register.input_fields if f.default is not None}
            self.panel.set_values({**defaults, **(preset or {})})
        self._fixed = set(fixed)
        for name in fixed:
            if name in self.panel.editors:
                self.panel.editors[name].set_read_only(True)
        if self.read_only:
            self.panel.set_read_only(True)
        self._initial = self.panel.raw_values()
        self._update_heading(record.values if record else {})
        self.extras.show(record.values if record else {})  # the steps as stored; each check redraws them
        self.panel.left.connect(self.field_left)
        for editor in self.panel.editors.values():
            for child in editor.findChildren(QWidget):
                if isinstance(child, QLineEdit | QComboBox | QAbstractButton):
                    child.installEventFilter(self)
        self._idle_banner()
        if record is not None:
            # Show what is already wrong with a stored record straight away.
            self._show_all = True
            self.revalidate()
        # Typing is kept as a draft until saved or thrown away (a power cut loses nothing).
        self.autosave = None if self.read_only else DraftAutosave(self, record.version_id if record else None)
        QTimer.singleShot(0, self._focus_first)

    # ------------------------------------------------------------ helpers
    def _update_heading(self, values: Mapping[str, Any]) -> None:
        title = self.register.title(dict(values)) if values else ""
        if self.record_uuid is None:
            text = self.tr("新增{0}").format(self.register.name)
        elif self.read_only:
            text = self.tr("查看{0}：{1}").format(self.register.name, title)
        else:
            text = self.tr("修改{0}：{1}").format(self.register.name, title)
        self.heading.setText(text)
        self.setWindowTitle(text)

    def _focus_first(self) -> None:
        if self._focus_request:  # opened at a field (from the checks panel)
            self.panel.focus_field(self._focus_request)
            return
        focused = QApplication.focusWidget()
        if focused is not None and self.panel.isAncestorOf(focused):
            return  # the clerk got there first
        for name, editor in self.panel.editors.items():
            widget = editor.focus_widget()
            if name in self._fixed or editor.field.computed:
                continue
            if widget.isEnabled() and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def load_draft(self, state: DraftState) -> None:
        """Show what was typed before a crash, as typed; the form stays unsaved (and its draft kept)."""
        draft = state.draft
        for name, value in draft.values.items():
            editor = self.panel.editors.get(name)
            if editor is not None and not editor.field.computed:
                put_raw(editor, value)
        if self.autosave is not None:
            self.autosave.adopt(draft)
        when = draft.updated_at.replace("T", " ")[:16]
        text = self.tr("恢复了 {0} 未保存的内容（停电或异常退出时正在填写）。请核对后保存。").format(when)
        if state.missing:
            text += self.tr("原记录已被删除或不存在，保存后将成为一条新记录。")
        elif state.changed:
            text += self.tr("此后这条记录已被修改过：保存将用这里的内容替换那次修改，请先查看“历史…”。")
        self.draft_notice.setText(text)
        self.draft_notice.show()
        self._touched.update(name for name, value in draft.values.items() if value is not None)
        self._fill_derived()
        self.revalidate()

    def fixed_fields(self) -> set[str]:
        """Fields set by where the form was opened and locked (a service's volunteer)."""
        return set(self._fixed)

    def focus_field(self, name: str) -> None:
        self._touched.add(name)
        self._focus_request = name
        self.panel.focus_field(name)

    def is_dirty(self) -> bool:
        return self.panel.raw_values() != self._initial

    def typed_since_save(self) -> bool:
        """Something typed that no save has taken yet: differs from what is stored, or, while a
        save is on its way, from what it took."""
        if self.saving and self._sent is not None:
            return self.panel.raw_values() != self._sent
        return self.is_dirty()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter moves to the next field, as on paper forms typed row by row.
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                if isinstance(watched, QComboBox) and watched.view().isVisible():
                    return False
                if isinstance(watched, QLineEdit | QComboBox | QAbstractButton):
                    if isinstance(watched, QLineEdit):
                        watched.editingFinished.emit()
                    self.focusNextChild()
                    return True
        return super().eventFilter(watched, event)

    # --------------------------------------------------------- validation
    def field_left(self, name: str) -> None:
        """What leaving a field does (focus moves on; the documentation's screenshots call it to
        act as the clerk tabbing out): the field counts as touched, so its 必填 message may show,
        derived fields are filled and the form is checked again."""
        self._touched.add(name)
        if self.read_only:
            return
        # Any field may decide what the ID number tells (证件类型 decides whether it is a
        # resident card): derive after every field, it is one dictionary lookup per field.
        self._fill_derived()
        self.revalidate()

    def _fill_derived(self) -> None:
        """A valid ID number fills 性别 and 出生日期 (the definition says which fields derive)."""
        values, _ = prepare(self.register, self.panel.raw_values())  # parsing only: no database
        for fld in self.register.input_fields:
            if fld.derive:
                value = derive(fld.derive, values, self.register.person_field)
                # Compared as parsed: the editor shows 1975.03.01 for the stored 1975-03-01.
                if value is not None and values.get(fld.name) != value:
                    self.panel.editors[fld.name].set_value(value)

    def revalidate(self) -> None:
        """Ask the worker what saving what is typed now would find; the answer is shown when it
        comes (``checked``). An answer is dropped if a newer check was asked meanwhile; if the
        clerk typed on since, the fields changed keep their messages and the computed fields
        their values (the next field left asks again)."""
        raw = self.panel.raw_values()
        self._asked += 1
        asked, key, uuid = self._asked, self.register.key, self.record_uuid
        run(self, self.actions.worker, lambda store, _work: store.validate(key, raw, record_uuid=uuid),
            lambda answer: self._answered(asked, uuid, raw, answer),
            lambda error: self._not_answered(asked, error))

    def check_pending(self) -> bool:
        """A check was asked and its answer is not here yet."""
        return self._answered_asked != self._asked

    def _not_answered(self, asked: int, error: BaseException) -> None:
        if asked != self._asked or isinstance(error, Cancelled):
            return
        self._answered_asked = asked
        if isinstance(error, StoreError | KeyError):
            message = error.args[0] if isinstance(error, KeyError) and error.args else str(error)
            self._set_banner(str(message), ERROR)
            self.checked.emit()
            return
        raise error

    def _answered(self, asked: int, uuid: str | None, raw: dict[str, Any],
                  answer: tuple[dict[str, Any], list[Issue]]) -> None:
        if asked != self._asked:
            return  # a newer check is on its way: its answer will be shown
        if uuid != self.record_uuid:
            # Asked about a new record that a save has added since: as a new record it would
            # duplicate itself. Asked again about the record it now is.
            self.revalidate()
            return
        self._answered_asked = asked
        full, issues = answer
        now = self.panel.raw_values()
        changed = [name for name, value in now.items() if raw.get(name) != value]
        self.issues = issues
        self._checked_raw = raw
        if not changed:
            computed = [f.name for f in self.register.computed_fields]
            self.panel.set_values(full, only=computed)
        self.extras.show(full)
        self._show_check(issues, changed)

    def _show_check(self, issues: list[Issue], changed: Iterable[str] = ()) -> None:
        """A check's answer beside the fields, in the banner and on the 带错误保存 button."""
        self.panel.show_issues(issues, None if self._show_all else self._touched, keep=changed)
        general = [i for i in issues if i.field not in self.panel.messages]
        errors = [i for i in issues if i.severity == ERROR]
        if self._show_all and errors:
            text = self.tr("有 {0} 处错误，改正后才能保存。").format(len(errors))
            if self.store.user.is_admin:
                text += self.tr("管理员可以填写原因后带错误保存。")
            lines = [text, *(i.message for i in general)]
            self._set_banner("\n".join(lines), ERROR)
        elif general:
            self._set_banner("\n".join(i.message for i in general), general[0].severity)
        else:
            self._idle_banner()
        self.override_button.setVisible(self._show_all and bool(errors) and self.store.user.is_admin
                                        and not self.read_only)
        self.checked.emit()

    def known_errors(self) -> list[Issue] | None:
        """The errors of what is typed now, if a check's answer about exactly this is shown;
        None when not known (typed since, or not checked yet)."""
        if self._checked_raw is None or self._checked_raw != self.panel.raw_values():
            return None
        return [i for i in self.issues if i.severity == ERROR]

    def _set_banner(self, text: str, severity: str) -> None:
        self.banner.setText(text)
        self.banner.setToolTip(text)
        frame = f"padding: {BANNER_PADDING}px; background: #fff8f0; border: 1px solid #e0c0a0;"
        self.banner.setStyleSheet((ERROR_STYLE if severity == ERROR else WARNING_STYLE) + frame)

    def _idle_banner(self) -> None:
        """Nothing wrong: the strip says how the form works, in grey, in the same space (or, while
        a save is on its way, that it is)."""
        if self.saving:
            self._set_banner(self.tr("正在保存…"), WARNING)
            return
        if self._saved_note:  # saved, with typing since: said until the next save
            self._set_banner(self._saved_note, WARNING)
            return
        text = "" if self.read_only else self.tr("带 * 的必须填写。按 Enter 到下一项，Ctrl+S 保存。")
        self.banner.setText(text)
        self.banner.setToolTip("")
        self.banner.setStyleSheet(f"color: #666; padding: {BANNER_PADDING}px; border: 1px solid transparent;")

    # --------------------------------------------------------------- save
    def save(self) -> bool:
        """Check the typing and send it to be saved; False when refused here (read-only, errors
        shown with the focus on the first). The write runs on the worker: the form stays open and
        editable until the answer comes (``_saved`` closes it, or shows what the store refused).
        保存 again while a save is on its way is queued: it runs when that one is back."""
        if self.read_only:
            return False
        if self.saving:
            self._save_queued = True
            self._set_banner(self.tr("正在保存…之后的修改在这次保存完成后接着保存。"), WARNING)
            return True
        self._show_all = True
        errors = self.known_errors()
        if errors:  # known already: refused here, as they are shown
            self._show_check(self.issues)
            self._focus_first_error(errors)
            return False
        # Not known (typed since the last check): the store checks as it saves, and a refusal
        # comes back to ``_refused`` with the errors, the typing kept.
        return self._write(None)

    def _focus_first_error(self, errors: Iterable[Issue]) -> None:
        first = next((i.field for i in errors if i.field in self.panel.editors), None)
        if first:
            self.panel.focus_field(first)

    def save_with_reason(self) -> bool:
        if self.read_only or not self.store.user.is_admin:
            return False
        if self.saving:  # said, not silently ignored: the reason is asked once this save is back
            self._set_banner(self.tr("正在保存…完成后再填写原因带错误保存。"), WARNING)
            return False
        reason = msgbox.ask_text(self, self.tr("带错误保存"),
                                 self.tr("这条记录还有错误。请写明为什么仍要保存（将记入历史）："))
        if not reason:
            return False
        return self._write(reason)

    def _write(self, override_reason: str | None) -> bool:
        """Send what is typed now to the worker; the editors stay as they are (typing goes on)."""
        raw = self.panel.raw_values()
        self.saving = True
        self._saved_note = ""
        self._sent = raw
        self._set_banner(self.tr("正在保存…"), WARNING)
        if self.record_uuid is None:
            self.actions.add(self.register.key, raw, override_reason=override_reason,
                             on_saved=lambda saved: self._saved(raw, saved), on_refused=self._refused)
        else:
            self.actions.edit(self.record_uuid, raw, override_reason=override_reason,
                              on_saved=lambda saved: self._saved(raw, saved), on_refused=self._refused)
        return True

    def _saved(self, raw: dict[str, Any], saved: Saved) -> None:
        """The worker wrote ``raw``. Nothing typed since: the form closes. Typed on meanwhile: it
        stays open with that typing, now an edit of the saved record (or saved at once if queued)."""
        if not alive(self):
            return
        self.saving = False
        self.record_uuid = saved.uuid
        self._initial = raw
        if self.autosave is not None:
            self.autosave.base_version = saved.version_id
        self.saved.emit(saved.uuid)
        if not self.is_dirty():
            self._save_queued = False
            self.accept()
            return
        self.history_button.setVisible(True)
        self._update_heading(raw)
        if self._save_queued:
            self._save_queued = False
            self.save()
            return
        self._saved_note = self.tr("已保存。保存之后填写的内容还没有保存（Ctrl+S 保存）。")
        self._set_banner(self._saved_note, WARNING)

    def _refused(self, error: BaseException) -> None:
        """The store refused the write: the typing stays, the reasons are shown."""
        if not alive(self):
            return
        self.saving = False
        self._save_queued = False
        if isinstance(error, RecordInvalid):
            self._show_all = True
            self.panel.show_issues(error.issues)
            self._set_banner("\n".join(i.message for i in error.issues), ERROR)
            self._focus_first_error(error.issues)
            self.revalidate()  # warnings too, and the administrator's 带错误保存
        elif isinstance(error, StoreError | PermissionDenied):
            self._set_banner(str(error), ERROR)
            msgbox.warn(self, str(error))
        else:
            raise error

    def close_asking(self) -> bool:
        """Close, asking 保存 / 不保存 / 取消 if something typed is unsaved; False if it stays open
        (the clerk cancelled, or saving found errors: they are shown and the first one has the focus).
        After 保存 the form closes when the worker has written it (see ``save``)."""
        # A save on its way lands whatever is answered here: only typing since is asked about.
        if not self.read_only and self.typed_since_save():
            if not self.isActiveWindow():  # asked from the main window: show which form
                self.raise_()
                self.activateWindow()
            answer = msgbox.ask_save(self, self.tr("“{0}”中填写的内容还没有保存。要保存吗？").format(
                self.heading.text()))
            if answer == msgbox.CANCEL:
                return False
            if answer == msgbox.SAVE:
                return self.save()
        super().reject()
        return True

    def reject(self) -> None:
        self.close_asking()
