"""Parts every small dialog has: the OK/Cancel row wired to the dialog, and the red line where
a refusal is said. One place, so the dialogs look and behave alike."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

OK = QDialogButtonBox.StandardButton.Ok
SAVE = QDialogButtonBox.StandardButton.Save
CANCEL = QDialogButtonBox.StandardButton.Cancel


def dialog_buttons(dialog: QDialog, ok: str | None = None, cancel: str | None = None, *,
                   kind: QDialogButtonBox.StandardButton = OK,
                   on_ok: Callable[[], object] | None = None) -> QDialogButtonBox:
    """``kind`` (OK or Save) and Cancel: OK runs ``on_ok`` (the dialog's ``accept`` unless given),
    Cancel rejects. ``ok``/``cancel`` replace the buttons' standard texts."""
    buttons = QDialogButtonBox(kind | CANCEL)
    if ok:
        buttons.button(kind).setText(ok)
    if cancel:
        buttons.button(CANCEL).setText(cancel)
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def error_label() -> QLabel:
    """An empty, red, word-wrapped line for what was refused and why."""
    label = QLabel()
    label.setStyleSheet("color: #c0392b;")
    label.setWordWrap(True)
    return label
