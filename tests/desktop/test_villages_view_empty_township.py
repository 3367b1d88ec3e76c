"""A township with no village yet is told what to do first, not shown an empty table."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QToolBar
from support import TOWNSHIP_CODE

from desktop.ui.township.township_window import VILLAGES_PAGE, TownshipWindow
from desktop.ui.township.villages_view import VillagesView
from sync.store.store import Store

pytestmark = pytest.mark.gui
WAIT = 20_000


def test_a_new_township_says_to_make_enrollment_files_then_import(qtbot, tmp_path: Path) -> None:
    store = Store.create_township(tmp_path / "t.db", TOWNSHIP_CODE, "榜头镇")
    window = TownshipWindow(store)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.counted, timeout=WAIT):
        window.show()
    page = window.show_page(VILLAGES_PAGE)
    assert isinstance(page, VillagesView)
    qtbot.waitUntil(lambda: "生成注册文件" in page.summary.text(), timeout=WAIT)
    assert "导入U盘数据" in page.summary.text()
    assert page.model.rowCount() == 0
    toolbar = window.findChild(QToolBar, "toolbar")
    assert toolbar is not None
    toolbar_texts = {a.text() for a in toolbar.actions()}
    assert "生成注册文件…" in toolbar_texts and "导入U盘数据…" in toolbar_texts  # the hint names real buttons
    window.close()
    store.close()
