"""The navigation pane both windows share: keyboard, page switching, sections, badges."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.ui.registers.register_view import RegisterView
from desktop.ui.village.main_window import CHECKS_PAGE, register_page
from desktop.ui.widgets.nav_pane import COUNT_ROLE, KEY_ROLE

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _key_down(qtbot, window, key: Qt.Key = Qt.Key.Key_Down) -> None:
    with qtbot.waitSignal(window.page_shown, timeout=10_000):
        qtbot.keyClick(window.nav, key)


def test_arrow_keys_step_through_pages_and_skip_section_headings(qtbot, window) -> None:
    keys = [register_page(r.key) for r in window.store.catalog.ordered(include_profile=True)]
    window.show_register(keys[0].split(":", 1)[1])
    window.nav.setFocus()
    _key_down(qtbot, window)
    assert window.nav.currentItem() is window.pages[keys[1]].item
    view = window.current_register_view()
    assert isinstance(view, RegisterView) and register_page(view.register.key) == keys[1]
    window.show_page(keys[-1])
    window.nav.setFocus()
    # From the last register the next page is 检查结果, under its own heading 检查.
    _key_down(qtbot, window)
    assert window.nav.currentItem() is window.pages[CHECKS_PAGE].item
    assert window.stack.currentWidget() is window.checks_panel()
    _key_down(qtbot, window, Qt.Key.Key_Up)
    assert window.nav.currentItem() is window.pages[keys[-1]].item
    assert window.current_page_key() == keys[-1]


def test_headings_cannot_be_chosen_and_sections_keep_their_pages_together(qtbot, window) -> None:
    heading = window.sections["登记簿"]
    assert not heading.flags() & Qt.ItemFlag.ItemIsSelectable
    window.add_page("extra:one", "附加一", lambda: QLabel("一"), "登记簿")
    rows = [window.nav.item(i) for i in range(window.nav.count())]
    registers = [i for i, item in enumerate(rows) if item.data(KEY_ROLE) in
                 {*(register_page(r.key) for r in window.store.catalog.ordered(include_profile=True)),
                  "extra:one"}]
    # The new page lands after the section's last page, before the next heading.
    assert registers == list(range(registers[0], registers[0] + len(registers)))
    assert rows[registers[-1]].text() == "附加一"
    assert window.pages["extra:one"].widget is None  # made on first view only
    shown = window.show_page("extra:one")
    assert isinstance(shown, QLabel) and window.pages["extra:one"].widget is shown


def test_township_window_pages_follow_the_keyboard_too(qtbot, tmp_path: Path, answers) -> None:
    from desktop.ui.township.township_window import CONFLICTS_PAGE, LOG_PAGE, VILLAGES_PAGE, TownshipWindow
    from sync.store.store import Store

    store = Store.create_township(tmp_path / "township.db", "350100001", "测试镇")
    window = TownshipWindow(store)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.counted, timeout=20_000):
        window.show()
    assert window.stack.currentWidget() is window.villages_view()
    window.nav.setFocus()
    _key_down(qtbot, window)
    assert window.stack.currentWidget() is window.conflicts_view()
    assert window.current_page_key() == CONFLICTS_PAGE
    _key_down(qtbot, window)
    assert window.nav.currentItem() is window.pages[LOG_PAGE].item
    # The next step crosses the heading 汇总登记簿 to the first merged register.
    _key_down(qtbot, window)
    first = store.catalog.ordered(include_profile=True)[0].key
    assert window.stack.currentWidget() is window.merged_view(first)
    assert window.pages[VILLAGES_PAGE].item.data(COUNT_ROLE) == 0  # no villages yet
    window.close()
    qtbot.waitUntil(lambda: not window.worker.busy(), timeout=20_000)
    store.close()
