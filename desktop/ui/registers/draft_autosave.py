"""Draft autosave for an open record form: nothing a clerk typed is lost to a power cut.

A few seconds after the last change (one single-shot timer, restarted by every keystroke or
pick) the editors' raw values are written as the form's draft (``sync.store.drafts``) while they
differ from what is stored; typing back to the stored values removes it. Closing the form
with 保存 or 不保存 removes the draft; a crash or power cut does not, so the next start can
offer it back (``desktop.ui.registers.draft_offer``).
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any, Protocol, cast

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDialog, QLineEdit, QPlainTextEdit, QWidget

from desktop.ui.registers.editors import FieldEditor, LineEditor
from forms.model import Register
from sync.store import drafts
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
        self.timer.stop()
        try:
            if self.form.is_dirty():
                drafts.save(self.store, self.draft_id, self.form.register.key, self.form.panel.raw_values(),
                            record_uuid=self.form.record_uuid, base_version=self.base_version)
                self.stored = True
            elif self.stored:
                drafts.discard(self.store, self.draft_id)
                self.stored = False
            self.keep_unless_changed = False
            self.failed = ""
        except (sqlite3.Error, StoreError) as exc:
            # Busy or full disk: the form keeps the typing; try again at the next change.
            self.failed = str(exc)
            log.warning("draft not written: %s", exc)
            return
        self.written.emit()

    def _closed(self, result: int) -> None:
        """保存 or 不保存: the draft has served its purpose (one not restored and not touched stays)."""
        self.timer.stop()
        if self.keep_unless_changed and int(result) != QDialog.DialogCode.Accepted.value:
            return
        try:
            drafts.discard(self.store, self.draft_id)
        except (sqlite3.Error, StoreError) as exc:
            log.warning("draft not removed: %s", exc)
        self.stored = False
