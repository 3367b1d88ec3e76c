"""A register page's top line takes two lines on a page too narrow for one, instead of the whole
page scrolling sideways (1024×768 at 150 %: 683 logical pixels, about 470 beside the navigation)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def fits_beside_the_navigation(qtbot, window, width: int):
    window.resize(width, 512)
    view = window.show_register("committee_members")
    scroll = window.pane.scroll
    qtbot.waitUntil(lambda: view.isVisible() and scroll.viewport().width() < width)
    return view, scroll


def test_a_narrow_page_puts_the_filter_under_the_title_and_does_not_scroll_sideways(qtbot, window) -> None:
    view, scroll = fits_beside_the_navigation(qtbot, window, 683)
    assert view.minimumSizeHint().width() <= scroll.viewport().width()
    qtbot.waitUntil(lambda: view.width() <= scroll.viewport().width())
    assert not scroll.horizontalScrollBar().isVisible()
    assert scroll.viewport().width() < view.header.one_line_width()  # one line would not fit
    assert view.header.two_lines
    header = view.header
    line = view.filter.minimumSizeHint().height()
    qtbot.waitUntil(lambda: header.height() >= 2 * line and view.filter.y() >= line)  # laid out on two lines
    # The count is on screen, at the right of the title's line; the filter below it, full width.
    count = view.count_label
    assert count.isVisible() and count.mapTo(view, count.rect().topRight()).x() <= view.width()
    assert view.filter.y() > count.y() and view.filter.width() >= 220


def test_a_wide_page_keeps_one_line(qtbot, window) -> None:
    view, scroll = fits_beside_the_navigation(qtbot, window, 1366)
    assert not view.header.two_lines
    assert view.filter.y() == pytest.approx(view.count_label.y(), abs=12)
    assert not scroll.horizontalScrollBar().isVisible()
