"""What a record form shows beside its fields when the definition asks for it.

- A **timeline** of the register's procedure: the date fields that declare a ``stage`` in the
  definition (a 重大事项's six "四议两公开" steps), in order, each with its date; a step missing
  while a later one has a date is marked red (a gap, as R-4Y-ORDER says), steps not reached yet
  grey.
- The **linked records**: records of other registers whose reference field names this one (the
  会议与协商 and 村务公开 of a 重大事项), read by ``sync.store.references`` on the window's
  database worker.

``attach(form, layout)`` adds both to a form when its register has them (nothing otherwise);
the form calls ``show(values)`` with what it has just checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.runner import run
from forms.governance import missing_stages
from forms.model import Field, Register
from sync.store.references import Referrer, records_referring, referring_fields
from sync.store.store import Store

DONE_STYLE = "border: 1px solid #2e7d32; background: #eef7ee; color: #1b5e20;"
GAP_STYLE = "border: 1px solid #c0392b; background: #fdecea; color: #c0392b;"
WAITING_STYLE = "border: 1px dashed #9e9e9e; background: #f7f7f7; color: #757575;"
STEP_PADDING = "padding: 3px 6px;"
LINKED_ROWS = 3  # rows the linked list shows before it scrolls (2 on a short screen)
SHORT_SCREEN = 700  # logical pixels of available height
NUMBERS = "①②③④⑤⑥⑦⑧⑨⑩"


class ExtrasForm(Protocol):
    """What the extras need of a record form."""

    store: Store
    register: Register
    record_uuid: str | None
    actions: Any  # RecordActions: its ``worker`` runs the reads


class StageTimeline(QFrame):
    """The dated steps of a procedure, in order, done / missing / not yet reached."""

    def __init__(self, stages: list[Field], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StageTimeline")
        self.stages = stages
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.setSpacing(4)
        self.labels: dict[str, QLabel] = {}
        for i, fld in enumerate(stages):
            if i:
                arrow = QLabel("→")
                arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
                row.addWidget(arrow)
            label = QLabel()
            label.setObjectName(f"stage_{fld.name}")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            row.addWidget(label, 1)
            self.labels[fld.name] = label
        self.states: dict[str, str] = {}
        self.show_values({})

    def show_values(self, values: Mapping[str, Any]) -> None:
        """Mark each step: ``done`` (dated), ``gap`` (undated, a later step dated), ``waiting``."""
        gaps = missing_stages([f.name for f in self.stages], values)
        for i, fld in enumerate(self.stages):
            label = self.labels[fld.name]
            head = f"{NUMBERS[i] if i < len(NUMBERS) else i + 1} {fld.stage}"
            if values.get(fld.name):
                state, text, style = "done", fld.format(values[fld.name]), DONE_STYLE
            elif fld.name in gaps:
                state, text, style = "gap", self.tr("缺：未填日期"), GAP_STYLE
            else:
                state, text, style = "waiting", self.tr("尚未进行"), WAITING_STYLE
            self.states[fld.name] = state
            label.setText(f"{head}\n{text}")
            label.setToolTip(f"{fld.name}：{text}")
            label.setStyleSheet(style + STEP_PADDING)


class LinkedRecords(QGroupBox):
    """The records that name this one in a reference field, one row each."""

    def __init__(self, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LinkedRecords")
        self.register = register
        self.rows: list[Referrer] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("登记簿"), self.tr("名称"), self.tr("摘要")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        # The fields come first: on a short screen (1366×768 at 150 % is 512 logical pixels high)
        # the list shows fewer rows and scrolls.
        screen = QGuiApplication.primaryScreen()
        short = screen is not None and screen.availableGeometry().height() < SHORT_SCREEN
        self.max_rows = LINKED_ROWS - 1 if short else LINKED_ROWS
        layout.addWidget(self.table)
        self.show_rows(None)

    def show_rows(self, rows: list[Referrer] | None) -> None:
        """``None``: the record is not saved yet (nothing can name it)."""
        self.rows = rows or []
        self.setTitle(self.tr("关联本{0}的记录（{1}）").format(self.register.short, len(self.rows)))
        if rows is None:
            self.note.setText(self.tr("保存后，会议与公开等记录可在“关联事项”中选择本条记录。"))
        elif not rows:
            self.note.setText(self.tr("还没有记录关联本条。在其他登记簿的“关联事项”中选择本条即可。"))
        self.note.setVisible(not self.rows)
        self.table.setVisible(bool(self.rows))
        self.table.setRowCount(len(self.rows))
        shown = max(1, min(len(self.rows), self.max_rows)) * self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + shown
                                  + 2 * self.table.frameWidth())
        for i, ref in enumerate(self.rows):
            summary = "　".join(_summary_part(name, value) for name, value in ref.summary if value)
            for col, text in enumerate((ref.register_name, ref.title, summary)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, col, item)


def _summary_part(name: str, value: str) -> str:
    """A bare number says nothing (9): it is shown with its column (应到人数 9)."""
    return f"{name} {value}" if value.replace(".", "", 1).isdigit() else value


class FormExtras:
    """The timeline and the linked records of one form (either may be absent)."""

    def __init__(self, form: ExtrasForm, timeline: StageTimeline | None,
                 linked: LinkedRecords | None) -> None:
        self.form = form
        self.timeline = timeline
        self.linked = linked

    def show(self, values: Mapping[str, Any]) -> None:
        if self.timeline is not None:
            self.timeline.show_values(values)

    def load_linked(self) -> None:
        """Read the linked records on the worker (the form's record, once it is saved)."""
        uuid, key = self.form.record_uuid, self.form.register.key
        if self.linked is None or uuid is None:
            return
        worker: DbWorker = self.form.actions.worker
        linked = self.linked
        run(linked, worker, lambda store, work: records_referring(store, key, uuid), linked.show_rows)


def attach(form: ExtrasForm, layout: QBoxLayout) -> FormExtras:
    """Put the timeline above the form's fields (the last widget of ``layout``) and the linked
    records below them, when the register has stages or is referred to; start reading the links."""
    register = form.register
    stages = [f for f in register.input_fields if f.stage]
    timeline = linked = None
    if stages:
        timeline = StageTimeline(stages)
        layout.insertWidget(max(layout.count() - 1, 0), timeline)
    if referring_fields(form.store.catalog, register.key):
        linked = LinkedRecords(register)
        layout.addWidget(linked)
    extras = FormExtras(form, timeline, linked)
    extras.load_linked()
    return extras
