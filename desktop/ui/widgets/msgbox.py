"""Every message box and question of the window goes through these functions.

One place to keep the wording and buttons consistent (Chinese, via Qt's translation),
and one place for tests to replace: they monkeypatch ``msgbox.confirm`` and friends
instead of waiting on a modal dialog. Callers use ``msgbox.warn(...)``, never a
``from`` import, so the replacement is seen.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from desktop.ui.widgets.i18n import translate


def warn(parent: QWidget | None, text: str, title: str | None = None) -> None:
    QMessageBox.warning(parent, title or translate("msgbox", "提示"), text)


def inform(parent: QWidget | None, text: str, title: str | None = None) -> None:
    QMessageBox.information(parent, title or translate("msgbox", "提示"), text)


def confirm(parent: QWidget | None, text: str, title: str | None = None) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title or translate("msgbox", "请确认"), text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_save(parent: QWidget | None, text: str, title: str | None = None) -> str:
    """保存 / 不保存 / 取消 for typed work about to be closed: SAVE, DISCARD or CANCEL (also Esc)."""
    box = QMessageBox(QMessageBox.Icon.Question, title or translate("msgbox", "还没有保存"), text,
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                      | QMessageBox.StandardButton.Cancel, parent)
    box.button(QMessageBox.StandardButton.Save).setText(translate("msgbox", "保存"))
    box.button(QMessageBox.StandardButton.Discard).setText(translate("msgbox", "不保存"))
    box.button(QMessageBox.StandardButton.Cancel).setText(translate("msgbox", "取消"))
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return SAVE
    return DISCARD if answer == QMessageBox.StandardButton.Discard else CANCEL


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """A line of text (a reason, a name); None when cancelled or left empty."""
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    value = value.strip()
    return value if ok and value else None


def ask_choice(parent: QWidget | None, title: str, label: str, items: list[str],
               current: str | None = None) -> str | None:
    """One of ``items`` (a role, a register); None when cancelled."""
    index = items.index(current) if current in items else 0
    value, ok = QInputDialog.getItem(parent, title, label, items, index, False)
    return value if ok else None
