"""The print preview of the register book: same pages as the PDF, printing, saving as PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QToolBar

from desktop.printing.preview import book_preview_dialog, show_book_preview

# The offscreen platform plugin says this when a dialog is shown; it is harmless.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_preview_shows_every_page_of_the_book(qtbot, demo_db: Path) -> None:
    from desktop.printing.layout import layout_book
    from desktop.printing.qt_paint import QtMeasurer

    dialog = book_preview_dialog(None, demo_db)
    qtbot.addWidget(dialog)
    dialog.show()
    widget = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: widget.pageCount() > 0)
    expected = len(layout_book(dialog.book, QtMeasurer(dialog.printer(), dialog.font_choice.family)).pages)
    assert widget.pageCount() == dialog.page_count == expected
    assert dialog.windowTitle() == "打印预览 - 东山村村务台账"
    toolbar = dialog.findChild(QToolBar)
    assert dialog.save_action in toolbar.actions()
    assert dialog.save_action.text() == "另存为 PDF…"


def test_save_as_pdf_runs_in_the_background(qtbot, demo_db: Path, tmp_path: Path, answers) -> None:
    dialog = book_preview_dialog(None, demo_db, register="两委成员", full_ids=True)
    qtbot.addWidget(dialog)
    target = tmp_path / "两委成员.pdf"
    with qtbot.waitSignal(dialog.saved, timeout=60_000) as saved:
        dialog.save_pdf(str(target))
        assert not dialog.save_action.isEnabled()  # one save at a time
    result = saved.args[0]
    assert result.path == target and result.pages >= 3
    assert target.read_bytes().startswith(b"%PDF-")
    assert dialog.save_action.isEnabled()
    assert answers.asked == [("inform", f"已保存 {target}（共 {result.pages} 页）。")]


def test_save_failure_is_reported(qtbot, demo_db: Path, tmp_path: Path, answers) -> None:
    dialog = book_preview_dialog(None, demo_db, register="两委成员")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.save_failed, timeout=60_000) as failed:
        dialog.save_pdf(str(tmp_path / "没有的文件夹" / "x.pdf"))
    assert "没有的文件夹" in failed.args[0] and "不存在" in failed.args[0]
    assert answers.of("warn") == [failed.args[0]]


def test_a_bad_request_is_explained_not_raised(qtbot, demo_db: Path, answers) -> None:
    assert show_book_preview(None, demo_db, village="350322111299") == 0
    assert answers.asked == [("warn", "本数据库是东山村（350322111202），没有代码为“350322111299”的村")]


def test_printing_a_page_range_paints_only_those_pages(qtbot, demo_db: Path, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    dialog = book_preview_dialog(None, demo_db)
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "range.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(3, 4)
    dialog.paint(printer)
    assert dialog.page_count == 2
    assert (tmp_path / "range.pdf").read_bytes().startswith(b"%PDF-")
