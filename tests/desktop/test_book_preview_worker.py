"""The print preview from a window: the book is read and laid out on the window's worker.

The preview opens when the worker is done, paints the pages laid out there (no second
layout), 取消 in the progress dialog stops it, and a book too long to preview is offered
as a PDF, written on the worker.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.printing import preview
from desktop.printing.layout import layout_book
from desktop.printing.qt_paint import QtMeasurer
from desktop.ui.widgets.db_worker import DbWorker, ProgressDialog
from sync.reports.book import ADDED_SECTIONS
from sync.store.store import Store

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
WAIT = 60_000


@pytest.fixture
def window(qtbot, demo_db: Path) -> Iterator[QWidget]:
    """A stand-in for the main window: a widget with the ``worker`` the windows have."""
    widget = QWidget()
    qtbot.addWidget(widget)
    with Store.open(demo_db) as store:
        user = store.user
    widget.worker = DbWorker(demo_db, user, parent=widget)  # type: ignore[attr-defined]
    widget.show()
    yield widget
    widget.worker.stop()  # type: ignore[attr-defined]


def test_preview_opens_when_the_worker_has_laid_the_book_out(qtbot, window: QWidget,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    layouts: list[int] = []
    real = preview.layout_book
    monkeypatch.setattr(preview, "layout_book", lambda book, m: (layouts.append(1), real(book, m))[1])
    # through the function the windows call: it sees the parent's worker and returns at once
    opened: list[preview.BookPreviewDialog] = []
    monkeypatch.setattr(preview.BookPreviewLoader, "_prepared",
                        lambda self, prepared, real=preview.BookPreviewLoader._prepared:
                        (real(self, prepared), opened.append(self.dialog)))
    assert preview.show_book_preview(window, "unused.db", register="两委成员") == 0
    assert not opened  # nothing read on this thread yet
    qtbot.waitUntil(lambda: bool(opened) and opened[0].page_count > 0, timeout=WAIT)
    dialog = opened[0]  # a child of the window, deleted when closed
    assert dialog.isVisible() and dialog.windowTitle() == "打印预览 - 东山村村“两委”成员台账"
    expected = len(real(dialog.book, QtMeasurer(dialog.printer(), dialog.font_choice.family)).pages)
    assert dialog.view.page_count() == dialog.page_count == expected >= 3
    assert layouts == [1]  # laid out once, on the worker; the preview only painted
    dialog.close()


def test_cancel_in_the_progress_dialog_stops_the_preview(qtbot, window: QWidget,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    gate = threading.Event()
    real = preview.build_book

    def held(*args, **kwargs):  # the worker waits here until the test lets it go
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(preview, "build_book", held)
    loader = preview.preview_book(window.worker, window)  # type: ignore[attr-defined]
    # the progress dialog appears once the work has taken a moment
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(ProgressDialog)))
    progress = next(d for d in window.findChildren(ProgressDialog) if d.isVisible())
    assert "正在准备打印预览" in progress.label.text() or "正在读取台账内容" in progress.label.text()
    with qtbot.waitSignal(loader.cancelled, timeout=WAIT):
        qtbot.mouseClick(progress.cancel_button, Qt.MouseButton.LeftButton)
        gate.set()
    assert loader.dialog is None  # no preview
    assert not window.worker.busy()  # type: ignore[attr-defined]
    # the window can print again
    with qtbot.waitSignal(preview.preview_book(window.worker, window, register="两委成员").ready,  # type: ignore[attr-defined]
                          timeout=WAIT) as ready:
        pass
    ready.args[0].close()


def test_a_bad_village_is_explained(qtbot, window: QWidget, answers) -> None:
    loader = preview.preview_book(window.worker, window, village="350322111299")  # type: ignore[attr-defined]
    with qtbot.waitSignal(loader.failed, timeout=WAIT) as failed:
        pass
    assert answers.of("warn") == failed.args == ["本数据库是东山村（350322111202），没有代码为“350322111299”的村"]


def test_a_book_too_long_to_preview_is_offered_as_pdf(qtbot, window: QWidget, answers, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preview, "PREVIEW_MAX_PAGES", 2)
    target = tmp_path / "台账"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    loader = preview.preview_book(window.worker, window)  # type: ignore[attr-defined]
    with qtbot.waitSignal(loader.saved, timeout=WAIT) as saved:
        pass
    question = answers.of("confirm")[0]
    assert question.startswith("要打印的台账有 ") and "预览最多约 2 页" in question
    result = saved.args[0]
    assert result.path == tmp_path / "台账.pdf" and result.pages > 2
    assert result.path.read_bytes().startswith(b"%PDF-")
    assert answers.of("inform") == [f"已保存 {result.path}（共 {result.pages} 页）。"]
    assert loader.dialog is None


def test_declining_the_pdf_does_nothing(qtbot, window: QWidget, answers,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preview, "PREVIEW_MAX_PAGES", 2)
    answers.confirm_reply = False
    loader = preview.preview_book(window.worker, window)  # type: ignore[attr-defined]
    with qtbot.waitSignal(loader.cancelled, timeout=WAIT):
        pass
    assert len(answers.of("confirm")) == 1 and loader.dialog is None


def test_the_estimate_counts_the_records_of_the_request(demo_db: Path) -> None:
    with Store.open(demo_db) as store:
        records, pages = preview.estimate_pages(store, None, None)
        regs = store.catalog.ordered(include_profile=True)  # the book opens with the 村情概况 page
        total = sum(store.count(reg.key) for reg in regs)
        sections = len(regs) + len(ADDED_SECTIONS)  # the 往届 section after the 两委
        assert records == total and pages == total // preview.RECORDS_PER_PAGE + sections + 2
        assert preview.estimate_pages(store, "两委成员", None)[0] == store.count("committee_members")
        laid = layout_book(preview.build_book(store), QtMeasurer(_pdf_device(), "WenQuanYi Micro Hei"))
        assert len(laid.pages) <= pages  # the estimate errs on the long side here


def _pdf_device():
    from PySide6.QtCore import QBuffer
    from PySide6.QtGui import QPdfWriter

    device = QPdfWriter(QBuffer())
    device.setResolution(1200)
    return device
