"""extras adds 打印台账 and Excel to the window's 文件 menu, found by objectName: a catalogue that
translates the window's title and not the module's (or the other way round) must not make a second
文件 menu."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QMenu

from desktop.ui.widgets.window_parts import FILE_MENU

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


class _OneSide(QTranslator):
    WORDS: ClassVar[dict[tuple[str, str], str]] = {}

    def translate(self, context, source, disambiguation=None, n=-1):
        return self.WORDS.get((context, source))


class _WindowOnly(_OneSide):
    WORDS: ClassVar[dict[tuple[str, str], str]] = {("MainWindow", "文件(&F)"): "&File"}


class _ModuleOnly(_OneSide):
    WORDS: ClassVar[dict[tuple[str, str], str]] = {("extras", "文件(&F)"): "&File"}


def _menus(window: Any) -> list[QMenu]:
    return [a.menu() for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)]


@pytest.mark.parametrize("translator", [_WindowOnly, _ModuleOnly, None])
def test_one_file_menu_holds_print_and_excel_whatever_is_translated(window_factory, admin_store, answers,
                                                                     translator) -> None:
    installed = translator() if translator else None
    if installed is not None:
        QCoreApplication.installTranslator(installed)
    try:
        window = window_factory(admin_store)
        menus = _menus(window)
        files = [m for m in menus if m.objectName() == FILE_MENU]
        assert len(files) == 1
        titles = [m.title() for m in menus]
        assert len([t for t in titles if t in ("文件(&F)", "&File")]) == 1, titles
        names = [a.objectName() for a in files[0].actions()]
        assert "print-book" in names
        assert window.quit_action in files[0].actions()  # the window's own 文件 menu, not a new one
        window.close()
    finally:
        if installed is not None:
            QCoreApplication.removeTranslator(installed)
