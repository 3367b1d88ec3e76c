"""Every change the clerk makes, as a small undoable command over one store method.

``RecordActions`` performs a change first (so a refusal — errors, role — reaches the
caller as an exception and nothing is pushed), then pushes a command that knows how to
take it back. Undo and redo never rewrite history: they append versions (a deletion,
a restore, a revert to an earlier version), so the record's history shows them too, and
they work until the window closes; the version history keeps everything beyond that.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.ui.widgets.i18n import translate
from sync.store.store import Saved, Store, StoreError
from sync.store.users import PermissionDenied


class RecordActions(QObject):
    """Add, edit, delete, restore and revert records, each undoable (Ctrl+Z / Ctrl+Shift+Z)."""

    changed = Signal(str, str)  # register key, record uuid
    failed = Signal(str)  # an undo or redo the store refused, in Chinese

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.stack = QUndoStack(self)

    def _label(self, uuid: str) -> tuple[str, str]:
        record = self.store.get(uuid)
        return record.register.key, f"{record.register.short}“{record.title}”"

    def _push(self, command: RecordCommand) -> None:
        self.stack.push(command)
        self.changed.emit(command.register, command.uuid)

    def add(self, register: str, raw: Mapping[str, Any], override_reason: str | None = None) -> Saved:
        saved = self.store.add(register, raw, override_reason=override_reason)
        key, label = self._label(saved.uuid)
        self._push(RecordCommand(
            self, key, saved.uuid, translate("undo", "新增{0}").format(label),
            undo=lambda: self.store.delete(saved.uuid, translate("undo", "撤销新增")),
            redo=lambda: self.store.restore(saved.uuid, translate("undo", "重做新增"))))
        return saved

    def edit(self, uuid: str, raw: Mapping[str, Any], override_reason: str | None = None) -> Saved:
        before = self.store.get(uuid).version_id
        saved = self.store.edit(uuid, raw, override_reason=override_reason)
        key, label = self._label(uuid)
        self._push(RecordCommand(
            self, key, uuid, translate("undo", "修改{0}").format(label),
            undo=lambda: self.store.revert(uuid, before, translate("undo", "撤销修改")),
            redo=lambda: self.store.revert(uuid, saved.version_id, translate("undo", "重做修改"))))
        return saved

    def delete(self, uuid: str, reason: str) -> Saved:
        saved = self.store.delete(uuid, reason)
        key, label = self._label(uuid)
        self._push(RecordCommand(
            self, key, uuid, translate("undo", "删除{0}").format(label),
            undo=lambda: self.store.restore(uuid, translate("undo", "撤销删除")),
            redo=lambda: self.store.delete(uuid, reason)))
        return saved

    def restore(self, uuid: str) -> Saved:
        saved = self.store.restore(uuid)
        key, label = self._label(uuid)
        self._push(RecordCommand(
            self, key, uuid, translate("undo", "恢复{0}").format(label),
            undo=lambda: self.store.delete(uuid, translate("undo", "撤销恢复")),
            redo=lambda: self.store.restore(uuid, translate("undo", "重做恢复"))))
        return saved

    def revert(self, uuid: str, version_id: str) -> Saved:
        current = self.store.get(uuid)
        before, was_deleted = current.version_id, current.deleted
        saved = self.store.revert(uuid, version_id)
        key, label = self._label(uuid)

        def undo() -> Saved:
            if was_deleted:
                return self.store.delete(uuid, translate("undo", "撤销版本恢复"))
            return self.store.revert(uuid, before, translate("undo", "撤销版本恢复"))

        self._push(RecordCommand(
            self, key, uuid, translate("undo", "恢复{0}的旧版本").format(label), undo=undo,
            redo=lambda: self.store.revert(uuid, saved.version_id, translate("undo", "重做版本恢复"))))
        return saved


class RecordCommand(QUndoCommand):
    """One change already made; undo and redo call the store. The first redo (on push) does nothing."""

    def __init__(self, actions: RecordActions, register: str, uuid: str, text: str,
                 undo: Callable[[], Any], redo: Callable[[], Any]) -> None:
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

    def _apply(self, fn: Callable[[], Any]) -> None:
        try:
            fn()
        except (StoreError, PermissionDenied) as exc:
            # A virtual called from C++ cannot raise to the caller: report, and let the
            # window show it. The record is as the store left it (the write rolled back).
            self.actions.failed.emit(str(exc))
        self.actions.changed.emit(self.register, self.uuid)
