"""Exporting a roster from the window asks whether ID numbers and phones go out in full or
partly hidden, says what each costs, and offers the user's last answer first.

The question is the real message box: the test finds it the way a click reaches it
(``QApplication.activeModalWidget()``), reads it and presses its buttons."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton

from desktop.ui.village import extras

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


class Clerk:
    """Answers the export question once it is on screen, as a person would."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.seen: list[dict[str, Any]] = []

    def will(self, act: Callable[[QMessageBox], None]) -> None:
        def look() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox) or not box.isVisible():
                QTimer.singleShot(10, look)  # not on screen yet: look again on the next turn
                return
            if QApplication.activeWindow() is not box:
                # A person's keys reach the window in front. Offscreen, a window an earlier test
                # activated can keep the focus: bring the box forward first, as a click on it would
                # (otherwise Enter goes to the main window's shortcuts and the box waits forever).
                box.activateWindow()
                QTimer.singleShot(10, look)
                return
            default = box.defaultButton()
            self.seen.append({"text": box.text(), "details": box.informativeText(),
                              "default": default.text() if default is not None else None,
                              "buttons": [b.text() for b in box.buttons()]})
            act(box)

        QTimer.singleShot(0, look)

    def click(self, label: str) -> None:
        def act(box: QMessageBox) -> None:
            button = next(b for b in box.findChildren(QPushButton) if b.text() == label)
            self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

        self.will(act)

    def press(self, key: Qt.Key) -> None:
        self.will(lambda box: self.qtbot.keyClick(box, key))


def export(window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch, target: Path) -> list[str]:
    """Run 导出当前登记簿 and wait until the file is written; returns the names suggested."""
    suggested: list[str] = []

    def save_as(_parent: Any, _title: str, name: str, _filter: str) -> tuple[str, str]:
        suggested.append(Path(name).name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    window.show_register("committee_members")
    extras.export_roster(window, current=True)
    if suggested:
        qtbot.waitUntil(target.exists, timeout=30_000)
        qtbot.waitUntil(lambda: not window.worker.busy(), timeout=30_000)
    return suggested


def id_cells(path: Path) -> list[str]:
    ws = load_workbook(path)["两委成员"]
    column = next(c.column for c in ws[3] if c.value == "公民身份号码")
    return [ws.cell(r, column).value for r in range(4, ws.max_row + 1)]


def test_first_export_explains_both_choices_and_offers_masked(qtbot, window, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    clerk = Clerk(qtbot)
    clerk.press(Qt.Key.Key_Return)  # the clerk reads it and takes what is offered
    export(window, qtbot, monkeypatch, tmp_path / "a.xlsx")
    [question] = clerk.seen
    assert question["text"] == "身份证号和联系电话怎样导出？"
    assert question["buttons"] == ["部分隐藏", "完整号码", "取消"]
    assert question["default"] == "部分隐藏"
    assert "不能再导入" in question["details"] and "个人信息保护法" in question["details"]
    assert all("*" in number for number in id_cells(tmp_path / "a.xlsx"))


def test_full_numbers_are_remembered_for_this_user(qtbot, window, clerk_window, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    clerk = Clerk(qtbot)
    clerk.click("完整号码")
    names = export(window, qtbot, monkeypatch, tmp_path / "full.xlsx")
    assert names == ["东山村村“两委”成员（完整号码）.xlsx"]
    numbers = {r["公民身份号码"] for r in window.store.records("committee_members")}
    assert set(id_cells(tmp_path / "full.xlsx")) == numbers

    clerk.press(Qt.Key.Key_Return)  # next time Enter repeats the last answer
    export(window, qtbot, monkeypatch, tmp_path / "again.xlsx")
    assert clerk.seen[1]["default"] == "完整号码"
    assert set(id_cells(tmp_path / "again.xlsx")) == numbers

    clerk.press(Qt.Key.Key_Return)  # another user of the database is offered masked numbers
    export(clerk_window, qtbot, monkeypatch, tmp_path / "clerk.xlsx")
    assert clerk.seen[2]["default"] == "部分隐藏"
    assert all("*" in number for number in id_cells(tmp_path / "clerk.xlsx"))


def test_cancel_exports_nothing(qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clerk = Clerk(qtbot)
    clerk.press(Qt.Key.Key_Escape)
    assert export(window, qtbot, monkeypatch, tmp_path / "none.xlsx") == []  # no file dialog either
    assert len(clerk.seen) == 1 and not (tmp_path / "none.xlsx").exists()
