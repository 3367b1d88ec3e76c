"""The print preview of the register book: every page as it is read (landscape tables
landscape), no orientation buttons that do nothing, printing, saving as PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QColor, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

from desktop.printing.layout import PORTRAIT, layout_book
from desktop.printing.page_view import REAL_SIZE
from desktop.printing.preview import book_preview_dialog, show_book_preview, turns_landscape
from desktop.printing.qt_paint import QtMeasurer, page_layout, paint_pages

# The offscreen platform plugin says this when a dialog is shown; it is harmless.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_preview_shows_every_page_of_the_book(qtbot, demo_db: Path) -> None:
    dialog = book_preview_dialog(None, demo_db)
    qtbot.addWidget(dialog)
    dialog.show()
    expected = len(layout_book(dialog.book, QtMeasurer(dialog.printer(), dialog.font_choice.family)).pages)
    assert dialog.view.page_count() == dialog.page_count == expected
    assert dialog.windowTitle() == "打印预览 - 东山村村务台账"
    actions = {a.text() for a in dialog.findChildren(QAction)}
    assert {"打印…", "另存为 PDF…", "适合宽度", "整页", "上一页", "下一页"} <= actions
    assert dialog.findChild(QPrintPreviewWidget) is None


def dark_columns(image, top: int, bottom: int) -> list[int]:
    """x of the dark pixels in rows top..bottom (every other pixel: enough to find text)."""
    found = []
    for y in range(top, bottom, 2):
        for x in range(0, image.width(), 2):
            if QColor(image.pixel(x, y)).lightness() < 128:
                found.append(x)
    return found


def members_preview(qtbot, demo_db: Path):
    """The 两委 book's print preview, open at 1366×740 as on a clerk's screen."""
    dialog = book_preview_dialog(None, demo_db, register="两委成员")
    qtbot.addWidget(dialog)
    dialog.resize(1366, 740)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog


def test_landscape_pages_are_shown_landscape_and_upright(qtbot, demo_db: Path) -> None:
    dialog = members_preview(qtbot, demo_db)
    pages = dialog.view.pages
    landscape = [i for i, page in enumerate(pages) if page.geometry.landscape]
    assert landscape and len(landscape) < len(pages)  # the members' table; cover and contents upright
    for i, page in enumerate(pages):
        size = dialog.view.page_size(i)
        assert (size.width() > size.height()) == page.geometry.landscape, i
    # Readable at first: the paper's real size (at most), not 38 %.
    assert dialog.view.zoom == pytest.approx(REAL_SIZE, rel=0.01)
    assert dialog.view.percent() == 100
    # Upright: the table's title is centred along the long top edge, not down the left side.
    image = dialog.view.page_image(landscape[0])
    width, height = image.width(), image.height()
    title = dark_columns(image, int(height * 0.08), int(height * 0.16))
    assert title, "no title at the top of the page"
    middle = (min(title) + max(title)) / 2
    assert abs(middle - width / 2) < width * 0.05
    # Going to the page puts it in view and the page box says so.
    dialog.view.go_to(landscape[0])
    assert dialog.page_box.value() == landscape[0] + 1
    assert "1 页横向" in dialog.paper_label.text() or f"{len(landscape)} 页横向" in dialog.paper_label.text()


def test_zoom_buttons_fit_the_width_or_a_whole_page(qtbot, demo_db: Path) -> None:
    dialog = members_preview(qtbot, demo_db)
    viewport = dialog.view.viewport()
    dialog.fit_page_action.trigger()
    assert all(dialog.view.page_size(i).height() <= viewport.height() for i in range(dialog.page_count))
    dialog.fit_width_action.trigger()
    widest = max(dialog.view.page_size(i).width() for i in range(dialog.page_count))
    assert viewport.width() - 60 <= widest <= viewport.width()
    before = dialog.view.zoom
    next(a for a in dialog.findChildren(QAction) if a.text() == "放大").trigger()
    assert dialog.view.zoom == pytest.approx(before * 1.25)
    assert dialog.zoom_label.text() == f"{dialog.view.percent()}%"


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


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_printing_a_page_range_paints_only_those_pages(qtbot, demo_db: Path, tmp_path: Path) -> None:
    dialog = book_preview_dialog(None, demo_db)
    qtbot.addWidget(dialog)
    printer = pdf_printer(tmp_path / "range.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(3, 4)
    dialog.paint(printer)
    assert dialog.printed_pages == 2
    assert (tmp_path / "range.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) is not installed")
def test_printed_pages_come_out_as_previewed(qtbot, demo_db: Path, tmp_path: Path) -> None:
    """Printed to PDF, each page has its orientation; a real printer gets portrait sheets with
    the landscape pages turned onto them (it keeps one orientation per document)."""
    dialog = book_preview_dialog(None, demo_db, register="两委成员")
    qtbot.addWidget(dialog)
    path = tmp_path / "printed.pdf"
    printer = pdf_printer(path)
    assert not turns_landscape(printer)
    dialog.paint(printer)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", str(dialog.page_count), str(path)],
                          capture_output=True, text=True, check=True).stdout
    sizes = [tuple(float(v) for v in m) for m in re.findall(r"size:\s+([\d.]+) x ([\d.]+) pts", info)]
    assert [w > h for w, h in sizes] == [p.geometry.landscape for p in dialog.view.pages]

    # What a printer gets: every sheet portrait, the landscape pages turned onto them.
    turned = tmp_path / "turned.pdf"
    writer = QPdfWriter(str(turned))
    writer.setResolution(300)
    writer.setPageLayout(page_layout(PORTRAIT))
    measurer = QtMeasurer(writer, dialog.font_choice.family)
    painter = QPainter(writer)
    paint_pages(painter, dialog.view.pages, measurer, lambda _g: writer.newPage(), turn_landscape=True)
    painter.end()
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", str(dialog.page_count), str(turned)],
                          capture_output=True, text=True, check=True).stdout
    sizes = [tuple(float(v) for v in m) for m in re.findall(r"size:\s+([\d.]+) x ([\d.]+) pts", info)]
    assert len(sizes) == dialog.page_count and all(w < h for w, h in sizes)


def test_print_opens_the_print_dialog_for_the_book(qtbot, demo_db: Path) -> None:
    """打印… asks which printer and pages in Qt's print dialog (answered here as a person would:
    a look, then 取消/Esc); nothing is printed when it is cancelled."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QApplication

    dialog = book_preview_dialog(None, demo_db, register="两委成员")
    qtbot.addWidget(dialog)
    dialog.show()
    seen: list[tuple[str, int, int]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QPrintDialog):
            QTimer.singleShot(10, answer)  # not on screen yet
            return
        seen.append((box.windowTitle(), box.minPage(), box.maxPage()))
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    QTimer.singleShot(0, answer)
    dialog.print_action.trigger()
    assert seen == [("打印台账", 1, dialog.page_count)]
    assert dialog.printed_pages == 0
