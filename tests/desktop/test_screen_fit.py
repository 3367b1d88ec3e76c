"""Windows that fit the screen: the main window's first and remembered places, dialogs fitted to
the available area (``desktop.ui.widgets.screen_fit``), and pages that never widen the window.

These run on the test session's offscreen screen; ``test_screen_tour.py`` opens every window and
dialog on 1024×768 and 1366×768 at 150 % screens in processes of their own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QMargins, QRect, QSize
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.ui.widgets.screen_fit import (
    FRAME_ALLOWANCE,
    DialogFitter,
    Place,
    WindowPlaces,
    available_area,
    fit_rect,
    place_of,
    place_window,
    show_in_place,
)

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def outer(widget: QWidget) -> QRect:
    """The window with the frame the fit allows for."""
    return widget.geometry().marginsAdded(FRAME_ALLOWANCE)


@pytest.fixture
def fitter(qapp: QApplication) -> Iterator[DialogFitter]:
    """The application's dialog fitter, as ``make_application`` installs it, for one test."""
    fitter = DialogFitter()
    qapp.installEventFilter(fitter)
    yield fitter
    qapp.removeEventFilter(fitter)


def test_on_a_screen_with_a_taskbar_the_window_ends_above_the_taskbar() -> None:
    # 1366×768 with a 40 px taskbar: the window asked for 1366×768 and its status bar was hidden.
    area = QRect(0, 0, 1366, 728)
    fitted = fit_rect(QRect(0, 0, 1366, 768), area, FRAME_ALLOWANCE)
    assert area.contains(fitted.marginsAdded(FRAME_ALLOWANCE))
    assert fitted.bottom() + FRAME_ALLOWANCE.bottom() <= 727
    # A window left half off the right edge comes back whole; one too big keeps its title bar on screen.
    assert fit_rect(QRect(1200, 100, 600, 400), area, QMargins()).right() == 1365
    too_big = fit_rect(QRect(-50, -50, 3000, 3000), area, FRAME_ALLOWANCE, QSize(2000, 1000))
    assert (too_big.x(), too_big.y()) == (FRAME_ALLOWANCE.left(), FRAME_ALLOWANCE.top())


def test_first_start_opens_maximised_and_unmaximises_inside_the_screen(qtbot, window) -> None:
    area = available_area(window)
    window.hide()
    place_window(window, None)
    window.show()
    qtbot.waitUntil(window.isMaximized)
    assert area.contains(window.frameGeometry())
    window.showNormal()
    assert area.contains(outer(window)), (window.geometry(), area)


def test_a_remembered_place_is_restored_fitted_to_its_screen(qtbot, window) -> None:
    area = available_area(window)
    screen = window.screen().name()
    window.hide()
    place_window(window, Place(screen, 40, 60, 500, 400, maximized=False))
    window.show()
    assert not window.isMaximized()
    assert window.geometry() == QRect(40, 60, 500, 400)
    # Saved on a larger screen of the same name (the resolution was lowered since): shrunk to fit.
    window.hide()
    place_window(window, Place(screen, area.right() - 100, 10, area.width() * 2, area.height() * 2, False))
    window.show()
    assert area.contains(outer(window)), (window.geometry(), area)


def test_a_place_on_a_screen_that_is_gone_opens_maximised_on_the_primary_screen(qtbot, window) -> None:
    window.hide()
    place_window(window, Place("HDMI-2", 3000, 100, 1200, 700, maximized=False))  # the second monitor
    window.show()
    qtbot.waitUntil(window.isMaximized)
    assert available_area(window).contains(window.frameGeometry())


def test_places_are_kept_per_window_kind_and_a_damaged_file_is_ignored(tmp_path) -> None:
    places = WindowPlaces(tmp_path / "data" / "window-places.json")
    assert places.get("village") is None
    places.put("village", Place("DP-1", 10, 20, 1000, 700, True))
    places.put("township", Place("DP-1", 0, 0, 1366, 728, False))
    assert places.get("village") == Place("DP-1", 10, 20, 1000, 700, True)
    assert places.get("township").maximized is False
    places.path.write_text("{不是 JSON", encoding="utf-8")
    assert places.get("village") is None
    places.path.write_text(json.dumps({"village": {"screen": "DP-1", "x": "10"}}), encoding="utf-8")
    assert places.get("village") is None
    wrong = {"screen": "DP-1", "x": "10", "y": 0, "width": 800, "height": 600, "maximized": False}
    places.path.write_text(json.dumps({"village": wrong}), encoding="utf-8")
    assert places.get("village") is None


def test_the_window_opens_where_it_was_closed(qtbot, admin_store, tmp_path) -> None:
    """Opened as ``cunwu`` opens it (``show_in_place``), twice: moved and resized the first time,
    there again the second; maximised when it was closed maximised."""
    from desktop.ui.village.main_window import MainWindow

    places = WindowPlaces(tmp_path / "window-places.json")

    def opened() -> MainWindow:
        window = MainWindow(admin_store)
        qtbot.addWidget(window)
        show_in_place(window, places, "village")
        qtbot.waitExposed(window)
        return window

    first = opened()
    assert first.isMaximized()  # the first start
    first.showNormal()
    first.setGeometry(30, 50, 600, 450)
    first.close()
    assert places.get("village") == Place(first.screen().name(), 30, 50, 600, 450, False)
    again = opened()
    assert not again.isMaximized() and again.geometry() == QRect(30, 50, 600, 450)
    again.showMaximized()
    qtbot.waitUntil(again.isMaximized)
    again.close()
    assert places.get("village").maximized and places.get("village").width == 600
    last = opened()
    qtbot.waitUntil(last.isMaximized)
    last.showNormal()
    assert last.geometry() == QRect(30, 50, 600, 450)
    last.close()


def test_place_of_a_maximised_window_keeps_its_normal_size(qtbot, window) -> None:
    window.showNormal()
    window.setGeometry(20, 40, 700, 500)
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized)
    place = place_of(window)
    assert place.maximized and (place.width, place.height) == (700, 500)


class Wide(QDialog):
    """A dialog that asks for more than the screen has (as the record form asked for 1100×680)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("内容"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(self.buttons)
        self.resize(3000, 2000)


def test_a_dialog_larger_than_the_screen_is_fitted_and_centred_over_its_window(qtbot, window, fitter) -> None:
    dialog = Wide(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    area = available_area(dialog)
    assert area.contains(outer(dialog)), (dialog.geometry(), area)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert area.contains(QRect(cancel.mapToGlobal(cancel.rect().topLeft()), cancel.size()))
    window.setGeometry(100, 80, 640, 520)
    small = QDialog(window)
    qtbot.addWidget(small)
    small.resize(300, 200)
    small.show()
    assert (small.geometry().center() - window.geometry().center()).manhattanLength() <= 2


def test_a_dialog_grows_when_its_wrapped_text_gets_longer(qtbot, window, fitter) -> None:
    # The recovery dialog at 150 %: a warning filled in after it opened squeezed its steps to slivers.
    dialog = QDialog(window)
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    label = QLabel("正在读取…")
    label.setWordWrap(True)
    layout.addWidget(label)
    layout.addWidget(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
    dialog.setMinimumWidth(300)
    dialog.show()
    qtbot.waitExposed(dialog)
    label.setText("注意：这台电脑上已经录入了 1128 条记录。恢复后它们仍然保留；" * 8)
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    assert available_area(dialog).contains(outer(dialog))


def test_only_the_page_shown_decides_how_narrow_the_window_may_be(qtbot, window) -> None:
    narrow = window.minimumSizeHint().width()
    wide = QWidget()
    QVBoxLayout(wide).addWidget(QLabel("很宽的一行控件" * 200))  # its layout asks for ~30000 px
    window.add_page("wide", "很宽的页面", lambda: wide)
    window.show_page("wide")
    # Shown, it scrolls inside the window instead of pushing the window off the screen.
    assert window.minimumSizeHint().width() < 3000
    scroll = window.pane.scroll
    qtbot.waitUntil(lambda: scroll.horizontalScrollBar().isVisible())
    window.show_register("committee_members")
    qtbot.waitUntil(lambda: not scroll.horizontalScrollBar().isVisible())
    assert window.minimumSizeHint().width() <= narrow
    assert window.pane.stack.currentWidget().width() == scroll.viewport().width()
