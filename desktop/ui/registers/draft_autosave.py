"""Draft autosave for an open record form: nothing a clerk typed is lost to a power cut.

A few seconds after the last change (one single-shot timer, restarted by every keystroke or
pick) the editors' raw values are written as the form's draft (``sync.store.drafts``) while they
differ from what is stored; typing back to the stored values removes it. Closing the form
with 保存 or 不保存 removes the draft; a crash or power cut does not, so the next start can
offer it back (``desktop.ui.registers.draft_offer``). The drafts are written on the window's
database worker, like every other write (``RecordActions.write``): the window waits for them
before it closes.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol, cast

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDialog, QLineEdit, QPlainTextEdit, QWidget

from desktop.ui.registers.editors import FieldEditor, LineEditor
from desktop.ui.registers.undo import RecordActions
from forms.model import Register
from sync.progress import Cancelled
from sync.store import drafts, driver
from sync.store.store import Store, StoreError

# Long enough not to write on every keystroke of a name, short enough that a power cut
# loses at most a few seconds of typing.
AUTOSAVE_DELAY_MS = 3000

log = logging.getLogger(__name__)


class FormPanel(Protocol):
    """The form's fields: their widgets (watched for changes) and what they hold as typed."""

    def findChildren(self, kind: type[QWidget]) -> list[Any]: ...

    def raw_values(self) -> dict[str, Any]: ...


class DraftForm(Protocol):
    """What a draft is kept for: a record form (``record_form.RecordForm`` is one; a protocol,
    so that this module need not import the form, which imports it)."""

    store: Store
    actions: RecordActions  # the window's writes go through it, on the worker
    register: Register
    record_uuid: str | None
    panel: FormPanel
    finished: SignalInstance  # the dialog closed, with its result

    def is_dirty(self) -> bool:
        """True while the fields differ from what is stored."""
        ...


def put_raw(editor: FieldEditor, value: Any) -> None:
    """Show a draft's raw value as it was typed: text that does not parse yet (a half-typed
    number or date) goes into the box as is instead of through the field's formatting."""
    if isinstance(editor, LineEditor) and isinstance(value, str):
        editor.edit.setText(value)
    else:
        editor.set_value(value)


class DraftAutosave(QObject):
    """Keeps one form's draft up to date; ``written`` fires after each write or removal."""

    written = Signal()

    def __init__(self, form: DraftForm, base_version: str | None, draft_id: str | None = None) -> None:
        super().__init__(cast(QObject, form))  # the form's own: deleted with it
        self.form = form
        self.store = form.store
        self.draft_id = draft_id or drafts.new_draft_id()
        self.base_version = base_version
        self.stored = False  # a draft row exists for this form
        # An earlier draft of this record the clerk chose not to restore (``reuse``): kept until
        # the clerk changes something here (then replaced) or saves.
        self.keep_unless_changed = False
        self.failed = ""  # the last write's error, retried at the next change
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_DELAY_MS)
        self.timer.timeout.connect(self.write_now)
        for widget in form.panel.findChildren(QLineEdit):
            widget.textChanged.connect(self.changed)
        for widget in form.panel.findChildren(QPlainTextEdit):
            widget.textChanged.connect(self.changed)
        for widget in form.panel.findChildren(QComboBox):
            widget.currentIndexChanged.connect(self.changed)
        for widget in form.panel.findChildren(QAbstractButton):
            if widget.isCheckable():
                widget.toggled.connect(self.changed)
        form.finished.connect(self._closed)

    def adopt(self, draft: drafts.Draft) -> None:
        """Carry on an earlier draft (offered at start): the same row is updated, then removed."""
        self.draft_id = draft.id
        self.base_version = draft.base_version
        self.stored = True
        self.keep_unless_changed = False

    def reuse(self, draft: drafts.Draft) -> None:
        """Take over the id of an earlier draft of the same record that is not restored (yet): the
        record never has two drafts. It stays as it was unless the clerk changes something here."""
        self.draft_id = draft.id
        self.stored = True
        self.keep_unless_changed = True

    def changed(self, *_args: object) -> None:
        self.timer.start()  # restarts: written once the clerk pauses

    def write_now(self) -> None:
        """Send the draft (or its removal) to the worker; ``written`` fires when it is done."""
        self.timer.stop()
        form = self.form
        draft_id = self.draft_id
        if form.is_dirty():
            register, raw = form.register.key, form.panel.raw_values()
            record_uuid, base_version = form.record_uuid, self.base_version

            def change(store: Store) -> None:
                drafts.save(store, draft_id, register, raw, record_uuid=record_uuid,
                            base_version=base_version)

            # Counted from now: the worker writes in order, so a removal sent later follows it.
            self.stored = True
        elif self.stored:
            def change(store: Store) -> None:
                drafts.discard(store, draft_id)

            self.stored = False
        else:
            self.keep_unless_changed = False
            self.written.emit()
            return
        self.keep_unless_changed = False
        form.actions.write(change, self._written, self._not_written)

    def _written(self, _result: object) -> None:
        self.failed = ""
        self.written.emit()

    def _not_written(self, error: BaseException) -> None:
        if isinstance(error, driver.Error | StoreError):
            # Busy or full disk: the form keeps the typing; try again at the next change.
            self.failed = str(error)
            log.warning("draft not written: %s", error)
        elif not isinstance(error, Cancelled):
            raise error

    def _closed(self, result: int) -> None:
        """保存 or 不保存: the draft has served its purpose (one not restored and not touched stays)."""
        self.timer.stop()
        if self.keep_unless_changed and int(result) != QDialog.DialogCode.Accepted.value:
            return
        draft_id = self.draft_id
        self.form.actions.write(lambda store: drafts.discard(store, draft_id), lambda _r: None,
                                lambda error: log.warning("draft not removed: %s", error))
        self.stored = False
