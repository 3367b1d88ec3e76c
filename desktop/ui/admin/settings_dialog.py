"""Settings (administrators only): the thresholds and targets of ``settings.toml``.

The form is generated from the setting definitions (label, unit, range, help). Saving
recomputes every computed field (a new term length changes every 任期届满), which can
take a while in a large database, so it runs on the worker thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.dialog_parts import SAVE, dialog_buttons, error_label
from desktop.ui.widgets.runner import run
from forms.model import Setting
from sync.progress import Cancelled
from sync.store.store import Store, StoreError
from sync.store.users import PermissionDenied


def _editor(spec: Setting, value: Any) -> QWidget:
    if spec.type == "int":
        box = QSpinBox()
        low = int(spec.min) if spec.min is not None else 0
        high = int(spec.max) if spec.max is not None else 10**6
        box.setRange(low, high)
        box.setValue(int(value))
        box.setSuffix(f" {spec.unit}" if spec.unit else "")
        return box
    if spec.type == "decimal":
        dbox = QDoubleSpinBox()
        dbox.setDecimals(1)
        dbox.setRange(spec.min if spec.min is not None else 0.0, spec.max if spec.max is not None else 1e6)
        dbox.setValue(float(value))
        dbox.setSuffix(f" {spec.unit}" if spec.unit else "")
        return dbox
    line = QLineEdit("、".join(str(v) for v in value) if isinstance(value, list) else str(value))
    line.setPlaceholderText(QCoreApplication.translate("SettingsDialog", "如 100、300、600"))
    return line


def _value(spec: Setting, editor: QWidget) -> Any:
    if isinstance(editor, QSpinBox):
        return editor.value()
    if isinstance(editor, QDoubleSpinBox):
        return round(editor.value(), 1)
    assert isinstance(editor, QLineEdit)
    if spec.type == "int_list":
        import re

        parts = [p for p in re.split(r"[、,，;；\s]+", editor.text().strip()) if p]
        return [int(p) for p in parts]
    return editor.text().strip()


class SettingsDialog(QDialog):
    applied = Signal()

    def __init__(self, store: Store, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.worker = worker
        self.setWindowTitle(self.tr("设置"))
        self.resize(640, 600)
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("这些阈值和目标用于检查和统计，默认值来自有关规定。"
                              "修改后会重新计算全部自动计算项。"))
        note.setWordWrap(True)
        layout.addWidget(note)
        body = QWidget()
        form = QFormLayout(body)
        self.editors: dict[str, QWidget] = {}
        current = store.settings()
        for key, spec in store.catalog.settings.items():
            editor = _editor(spec, current[key])
            if spec.help:
                editor.setToolTip(spec.help)
            form.addRow(spec.label, editor)
            self.editors[key] = editor
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        self.message = error_label()
        layout.addWidget(self.message)
        buttons = dialog_buttons(self, self.tr("保存"), self.tr("取消"), kind=SAVE, on_ok=self.save)
        layout.addWidget(buttons)
        self._initial = current

    def changes(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, editor in self.editors.items():
            spec = self.store.catalog.settings[key]
            try:
                value = _value(spec, editor)
            except ValueError:
                raise StoreError(self.tr("{0}：请填写用顿号分隔的整数").format(spec.label)) from None
            if value != self._initial[key]:
                out[key] = value
        return out

    def save(self) -> None:
        try:
            changes = self.changes()
        except StoreError as exc:
            self.message.setText(str(exc))
            return
        if not changes:
            self.accept()
            return

        def apply(store: Store, _progress: Any) -> int:
            with store.transaction():
                for key, value in changes.items():
                    store.set_setting(key, value)
            return len(changes)

        self.operation = run(self, self.worker, apply, self._done, self._failed,
                             title=self.tr("正在保存设置并重新计算…"), progress=True)

    def _done(self, _count: int) -> None:
        self.applied.emit()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self.message.setText(self.tr("已取消，设置没有改变。"))
        elif isinstance(error, StoreError | PermissionDenied):
            self.message.setText(str(error))
        else:
            raise error
