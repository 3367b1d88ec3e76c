"""At start, offer back what the clerk was typing when the power went (drafts, ``sync.store.drafts``).

"上次有 N 条未保存的记录…，是否恢复？" — 恢复 (Enter) reopens each draft in its form with the
typed values, 稍后 (Esc) keeps them for the next start, 丢弃 removes them after a confirmation.
The question is window-modal and opened with ``open()``: the window stays responsive and tests
drive it with the keyboard.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from desktop.ui.registers.record_form import RecordForm
from desktop.ui.village.window_api import VillageWindow
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.i18n import translate
from desktop.ui.widgets.runner import run
from sync.store import drafts
from sync.store.drafts import DraftState
from sync.store.store import Store, StoreError


def pending(window: VillageWindow) -> list[DraftState]:
    """This user's drafts of registers this window knows, with what became of their records."""
    store = window.store
    return [drafts.state_of(store, d) for d in drafts.for_user(store)
            if d.register in store.catalog.registers]


def describe(window: VillageWindow, state: DraftState) -> str:
    """One line of the question: when, new or edit, which register, whose record."""
    draft = state.draft
    reg = window.store.catalog.registers[draft.register]
    try:
        title = reg.title(dict(draft.values))
    except (KeyError, TypeError, ValueError):
        title = ""
    new = draft.record_uuid is None or state.missing
    kind = translate("DraftOffer", "新增") if new else translate("DraftOffer", "修改")
    when = draft.updated_at.replace("T", " ")[:16]
    untitled = translate("DraftOffer", "（未填名称）")
    line = f"{when}  {kind}{reg.short}：{title or untitled}"
    if state.changed:
        line += translate("DraftOffer", "（此后这条记录已被修改）")
    elif state.missing and draft.record_uuid is not None:
        line += translate("DraftOffer", "（原记录已不存在）")
    return line


class DraftOffer(QMessageBox):
    """The question; ``restore``/``later``/``discard`` are its buttons."""

    def __init__(self, count: int, details: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DraftOffer")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("恢复未保存的记录"))
        question = self.tr("上次有 {0} 条未保存的记录（停电或异常退出时正在填写），是否恢复？")
        self.setText(question.format(count))
        self.setInformativeText("\n".join(details))
        self.restore = self.addButton(self.tr("恢复"), QMessageBox.ButtonRole.AcceptRole)
        self.later = self.addButton(self.tr("稍后"), QMessageBox.ButtonRole.RejectRole)
        self.discard = self.addButton(self.tr("丢弃…"), QMessageBox.ButtonRole.DestructiveRole)
        self.later.setToolTip(self.tr("先不恢复；下次启动时再问"))
        self.setDefaultButton(self.restore)  # Enter
        self.setEscapeButton(self.later)  # Esc


def offer(window: VillageWindow) -> DraftOffer | None:
    """Ask about this user's drafts, if any (nothing for a user who cannot edit, nor for a window
    closed or never shown, whose store may be closed already)."""
    if not window.isVisible() or not window.store.user.can_edit:
        return None
    states = pending(window)
    if not states:
        return None
    box = DraftOffer(len(states), [describe(window, s) for s in states], window)
    box.buttonClicked.connect(lambda button: _answered(window, box, button, states))
    window.draft_offer = box
    box.open()
    return box


def _answered(window: VillageWindow, box: DraftOffer, button: QAbstractButton,
              states: list[DraftState]) -> None:
    if button is box.restore:
        restore(window, states)
    elif button is box.discard:
        text = translate("DraftOffer", "丢弃这 {0} 条未保存的内容？丢弃后不能恢复。").format(len(states))
        if msgbox.confirm(window, text):
            ids = [state.draft.id for state in states]

            def discard(store: Store) -> None:
                for draft_id in ids:
                    drafts.discard(store, draft_id)

            window.actions_.write(discard, lambda _r: None)  # on the worker, like every write
        else:
            offer(window)  # not thrown away: ask again


def restore(window: VillageWindow, states: list[DraftState]) -> list[RecordForm]:
    """Reopen each draft in its form: an edit of its record, or a new record (also when the
    record is gone), showing the typed values. A new child record (a service of a volunteer)
    gets its parent locked, as when it was started from the parent. The new records' forms are
    returned; an edit's form opens once its record is read on the worker."""
    forms = []
    for state in states:
        draft = state.draft
        if draft.record_uuid is not None and not state.missing:
            window.open_record(draft.record_uuid, offer_draft=False,
                               then=lambda form, state=state: form.load_draft(state))
            continue
        else:
            reg = window.store.catalog.registers[draft.register]
            parent = draft.values.get(reg.parent_field) if reg.parent_field else None
            if isinstance(parent, str) and _exists(window, parent):
                form = window.new_record(draft.register, {reg.parent_field: parent}, (reg.parent_field,),
                                         offer_draft=False)
            else:
                form = window.new_record(draft.register, offer_draft=False)
        if form is None:
            continue
        form.load_draft(state)
        forms.append(form)
    return forms


def _exists(window: VillageWindow, uuid: str) -> bool:
    try:
        return not window.store.get(uuid).deleted
    except (StoreError, KeyError):
        return False


def draft_of(store: Store, register: str, record_uuid: str | None, fixed: Mapping[str, Any],
             in_use: Collection[str]) -> DraftState | None:
    """Worker thread: this user's draft of the record a form opens, or for a new record: the latest
    one of a new record of the same register with the same locked values (``fixed``: a service's
    volunteer); none that another open form uses (``in_use``)."""
    found = None
    for draft in drafts.for_user(store):
        if draft.id in in_use or draft.register != register:
            continue
        if record_uuid is not None:
            if draft.record_uuid == record_uuid:
                found = draft
        elif draft.record_uuid is None:
            if all(draft.values.get(name) == value for name, value in fixed.items()):
                found = draft
    return drafts.state_of(store, found) if found is not None else None


class FormDraftOffer(QMessageBox):
    """Asked over a form that opens on a record (or a new record) with a draft left from before."""

    def __init__(self, text: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FormDraftOffer")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("恢复未保存的内容"))
        self.setText(text)
        self.setInformativeText(details)
        self.restore = self.addButton(self.tr("恢复"), QMessageBox.ButtonRole.AcceptRole)
        self.keep = self.addButton(self.tr("不恢复"), QMessageBox.ButtonRole.RejectRole)
        self.keep.setToolTip(self.tr("上次的内容先保留；在这里修改后，它将被这次填写的内容替换"))
        self.setDefaultButton(self.restore)  # Enter
        self.setEscapeButton(self.keep)  # Esc


def offer_for_form(window: VillageWindow, form: RecordForm) -> None:
    """A record (or new record) opened while a draft of it waits (put off with 稍后): offer it in
    the form, and let the form carry on that draft's id, so a record never has two drafts. The
    drafts are looked up on the window's worker; the question comes when they are."""
    if form.autosave is None:
        return
    in_use = {f.autosave.draft_id for f in window.forms if f is not form and f.autosave is not None}
    preset = form.panel.raw_values()
    fixed = {name: preset.get(name) for name in form.fixed_fields()}
    key, uuid = form.register.key, form.record_uuid
    run(form, window.worker, lambda store, _work: draft_of(store, key, uuid, fixed, in_use),
        lambda state: _offer(window, form, state) if state is not None else None)


def _offer(window: VillageWindow, form: RecordForm, state: DraftState) -> FormDraftOffer | None:
    if form.autosave is None or not form.isVisible() or form.autosave.stored:
        return None  # closed, or typed into already (its own draft kept: offered at the next start)
    form.autosave.reuse(state.draft)
    when = state.draft.updated_at.replace("T", " ")[:16]
    if form.record_uuid is not None:
        text = translate("DraftOffer", "这条记录有上次未保存的修改（{0}），是否恢复？").format(when)
    else:
        text = translate("DraftOffer", "上次新增{0}时有未保存的内容（{1}），是否恢复？").format(
            form.register.short, when)
    details = describe(window, state) + "\n" + translate(
        "DraftOffer", "不恢复：上次的内容先保留；在这里修改后，它将被这次填写的内容替换。")
    box = FormDraftOffer(text, details, form)
    box.buttonClicked.connect(lambda button: form.load_draft(state) if button is box.restore else None)
    form.draft_offer = box
    box.open()
    return box
