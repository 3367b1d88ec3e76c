"""Every change the clerk makes, as a small undoable command over one store method.

The writes run on the window's database worker (``desktop.ui.widgets.runner``), never on the
UI thread: ``RecordActions.add`` and the others send the change and return at once; the answer
comes back as ``on_saved(saved)`` or ``on_refused(error)`` (a refusal without ``on_refused`` is
told by ``failed``). A change is performed first (so a refusal — errors, role — pushes
nothing), then a command that knows how to take it back is pushed. Undo and redo never rewrite
history: they append versions (a deletion, a restore, a revert to an earlier version), so the
record's history shows them too, and they work until the window closes. The worker runs jobs
in the order they were given, so an undo pressed while its change is still being written
follows it. ``pending()`` says whether a write is on its way: the window closing waits for it
(``DbWorker.finish_writes``). The writes are ``finish`` jobs, never cancelled by a closing window.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.i18n import translate
from desktop.ui.widgets.runner import Run, run
from forms.validation import RecordInvalid
from sync.store.store import Saved, Store, StoreError
from sync.store.users import PermissionDenied

# A store call on the worker's store (the command's undo or redo).
Change = Callable[[Store], Any]
OnSaved = Callable[[Saved], None]
OnRefused = Callable[[BaseException], None]
# What the clerk may be told about a write that did not happen; anything else is a bug.
REFUSALS = (StoreError, PermissionDenied, RecordInvalid)


def _label(store: Store, uuid: str) -> tuple[str, str]:
    """Worker thread: the record's register and how the undo menu names it."""
    record = store.get(uuid)
    return record.register.key, f"{record.register.short}“{record.title}”"


class RecordActions(QObject):
    """Add, edit, delete, restore and revert records on the worker, each undoable (Ctrl+Z / Ctrl+Shift+Z)."""

    changed = Signal(str, str)  # register key, record uuid: written, the lists may be read again
    failed = Signal(str)  # a change or an undo the store refused, in Chinese

    def __init__(self, store: Store, worker: DbWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store  # the window's: read here, never written (the worker writes)
        self.worker = worker
        self.stack = QUndoStack(self)
        self._pending = 0

    def pending(self) -> bool:
        """A write is on its way to the database."""
        return self._pending > 0

    def write(self, change: Callable[[Store], Any], done: Callable[[Any], None],
              refused: OnRefused | None = None) -> Run:
        """Run ``change(store)`` on the worker; ``done(result)`` back here, or ``refused(error)``."""
        self._pending += 1

        # The answer is handled first, then counted: a form's save is done when it is closed.
        def ok(result: Any) -> None:
            try:
                done(result)
            finally:
                self._ended()

        def not_ok(error: BaseException) -> None:
            try:
                if refused is not None:
                    refused(error)
                elif isinstance(error, REFUSALS):
                    self.failed.emit(str(error))
                else:
                    raise error
            finally:
                self._ended()

        return run(self, self.worker, lambda store, _work: change(store), ok, not_ok, finish=True)

    def _ended(self) -> None:
        self._pending -= 1

    def _push(self, command: RecordCommand) -> None:
        self.stack.push(command)
        self.changed.emit(command.register, command.uuid)

    def add(self, register: str, raw: Mapping[str, Any], override_reason: str | None = None,
            on_saved: OnSaved | None = None, on_refused: OnRefused | None = None) -> Run:
        raw = dict(raw)

        def change(store: Store) -> tuple[Saved, str, str]:
            saved = store.add(register, raw, override_reason=override_reason)
            return (saved, *_label(store, saved.uuid))

        def done(result: tuple[Saved, str, str]) -> None:
            saved, key, label = result
            self._push(RecordCommand(
                self, key, saved.uuid, translate("undo", "新增{0}").format(label),
                undo=lambda s: s.delete(saved.uuid, translate("undo", "撤销新增")),
                redo=lambda s: s.restore(saved.uuid, translate("undo", "重做新增"))))
            if on_saved is not None:
                on_saved(saved)

        return self.write(change, done, on_refused)

    def edit(self, uuid: str, raw: Mapping[str, Any], override_reason: str | None = None,
             on_saved: OnSaved | None = None, on_refused: OnRefused | None = None) -> Run:
        raw = dict(raw)

        def change(store: Store) -> tuple[Saved, str, str, str]:
            before = store.get(uuid).version_id
            saved = store.edit(uuid, raw, override_reason=override_reason)
            return (saved, before, *_label(store, uuid))

        def done(result: tuple[Saved, str, str, str]) -> None:
            saved, before, key, label = result
            self._push(RecordCommand(
                self, key, uuid, translate("undo", "修改{0}").format(label),
                undo=lambda s: s.revert(uuid, before, translate("undo", "撤销修改")),
                redo=lambda s: s.revert(uuid, saved.version_id, translate("undo", "重做修改"))))
            if on_saved is not None:
                on_saved(saved)

        return self.write(change, done, on_refused)

    def delete(self, uuid: str, reason: str, on_saved: OnSaved | None = None) -> Run:
        def change(store: Store) -> tuple[Saved, str, str]:
            return (store.delete(uuid, reason), *_label(store, uuid))

        def done(result: tuple[Saved, str, str]) -> None:
            saved, key, label = result
            self._push(RecordCommand(
                self, key, uuid, translate("undo", "删除{0}").format(label),
                undo=lambda s: s.restore(uuid, translate("undo", "撤销删除")),
                redo=lambda s: s.delete(uuid, reason)))
            if on_saved is not None:
                on_saved(saved)

        return self.write(change, done)

    def restore(self, uuid: str, on_saved: OnSaved | None = None) -> Run:
        def change(store: Store) -> tuple[Saved, str, str]:
            return (store.restore(uuid), *_label(store, uuid))

        def done(result: tuple[Saved, str, str]) -> None:
            saved, key, label = result
            self._push(RecordCommand(
                self, key, uuid, translate("undo", "恢复{0}").format(label),
                undo=lambda s: s.delete(uuid, translate("undo", "撤销恢复")),
                redo=lambda s: s.restore(uuid, translate("undo", "重做恢复"))))
            if on_saved is not None:
                on_saved(saved)

        return self.write(change, done)

    def revert(self, uuid: str, version_id: str, on_saved: OnSaved | None = None) -> Run:
        def change(store: Store) -> tuple[Saved, str, bool, str, str]:
            current = store.get(uuid)
            saved = store.revert(uuid, version_id)
            return (saved, current.version_id, current.deleted, *_label(store, uuid))

        def done(result: tuple[Saved, str, bool, str, str]) -> None:
            saved, before, was_deleted, key, label = result

            def undo(s: Store) -> Saved:
                if was_deleted:
                    return s.delete(uuid, translate("undo", "撤销版本恢复"))
                return s.revert(uuid, before, translate("undo", "撤销版本恢复"))

            self._push(RecordCommand(
                self, key, uuid, translate("undo", "恢复{0}的旧版本").format(label), undo=undo,
                redo=lambda s: s.revert(uuid, saved.version_id, translate("undo", "重做版本恢复"))))
            if on_saved is not None:
                on_saved(saved)

        return self.write(change, done)


class RecordCommand(QUndoCommand):
    """One change already made; undo and redo send the store call to the worker. The first redo
    (on push) does nothing."""

    def __init__(self, actions: RecordActions, register: str, uuid: str, text: str,
                 undo: Change, redo: Change) -> None:
        super().__init__(text)
        self.actions = actions
        self.register = register
        self.uuid = uuid
        self._undo = undo
        self._redo = redo
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self._apply(self._redo)

    def undo(self) -> None:
        self._apply(self._undo)

    def _apply(self, change: Change) -> None:
        actions = self.actions

        def refused(error: BaseException) -> None:
            # The record is as the store left it (the write rolled back): say so, read again.
            if not isinstance(error, REFUSALS):
                raise error
            actions.failed.emit(str(error))
            actions.changed.emit(self.register, self.uuid)

        actions.write(change, lambda _saved: actions.changed.emit(self.register, self.uuid), refused)

