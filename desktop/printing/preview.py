"""Print preview of the register book, printing to a printer, and saving it as PDF.

The preview paints the pages of the same layout engine as ``cunwu print-book`` on the
QPrinter that QPrintPreviewDialog hands over (the preview itself, or the printer the user
picks), so paper and PDF never differ. "另存为 PDF" writes the file in a worker thread with
a progress dialog that can cancel; the window stays responsive.

For the main window: ``show_book_preview(parent, store_path, register=None, village=None,
full_ids=False)``.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QAction, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QToolBar, QWidget

from desktop.printing.fonts import FontChoice
from desktop.printing.layout import PORTRAIT, layout_book
from desktop.printing.pdf import PdfCancelled, PdfError, PdfResult, font_for, write_book_pdf
from desktop.printing.qt_paint import QtMeasurer, page_layout, paint_pages
from desktop.ui import msgbox
from sync.book import Book, BookError, build_book
from sync.store import Store, StoreError


class PdfWorker(QObject):
    """Writes the book's PDF off the UI thread; ``cancel()`` may be called from the UI."""

    progress = Signal(int, int)
    finished = Signal(object)  # PdfResult
    failed = Signal(str)

    def __init__(self, book: Book, path: str) -> None:
        super().__init__()
        self.book = book
        self.path = path
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        def report(done: int, total: int) -> bool:
            self.progress.emit(done, total)
            return not self._cancel.is_set()

        try:
            result = write_book_pdf(self.book, self.path, report)
        except PdfCancelled as exc:
            self.failed.emit(str(exc))
        except (PdfError, OSError) as exc:
            self.failed.emit(f"保存 PDF 失败：{exc}")
        else:
            self.finished.emit(result)


class BookPreviewDialog(QPrintPreviewDialog):
    """QPrintPreviewDialog for one book, with a 另存为 PDF button."""

    saved = Signal(object)  # PdfResult, once a PDF has been written
    save_failed = Signal(str)

    def __init__(self, book: Book, parent: QWidget | None = None) -> None:
        self.book = book
        self.font_choice: FontChoice = font_for(book)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)
        printer.setPageLayout(page_layout(PORTRAIT))
        printer.setDocName(book.title)
        super().__init__(printer, parent)
        self._printer = printer
        self.page_count = 0
        self.setWindowTitle(f"打印预览 - {book.title}")
        self.paintRequested.connect(self.paint)
        self.save_action = QAction("另存为 PDF…", self)
        self.save_action.setToolTip("把台账保存为 PDF 文件")
        self.save_action.triggered.connect(self.ask_save_pdf)
        toolbar = self.findChild(QToolBar)
        if toolbar is not None:
            toolbar.addSeparator()
            toolbar.addAction(self.save_action)
        self._thread: QThread | None = None
        self._worker: PdfWorker | None = None
        self._progress: QProgressDialog | None = None

    def paint(self, printer: QPrinter) -> None:
        """Lay the book out for this printer's resolution and paint every page on it."""
        measurer = QtMeasurer(printer, self.font_choice.family)
        laid = layout_book(self.book, measurer)
        # Printers keep one orientation per document: portrait sheets, landscape pages turned.
        printer.setFullPage(True)
        printer.setPageLayout(page_layout(PORTRAIT))
        painter = QPainter()
        if not painter.begin(printer):
            return
        pages = laid.pages
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            # The user asked the print dialog for some pages: numbers as in the footer.
            pages = pages[printer.fromPage() - 1: printer.toPage() or len(pages)]
        try:
            self.page_count = paint_pages(painter, pages, measurer, lambda _g: printer.newPage(),
                                          turn_landscape=True)
        finally:
            painter.end()

    # ------------------------------------------------------------ saving as PDF
    def ask_save_pdf(self) -> None:
        suggested = str(Path.home() / f"{self.book.title}.pdf")
        path, _ = QFileDialog.getSaveFileName(self, "另存为 PDF", suggested, "PDF 文件 (*.pdf)")
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.save_pdf(path)

    def save_pdf(self, path: str) -> None:
        """Write the PDF in a worker thread, with a progress dialog that can cancel."""
        if self._thread is not None:
            return
        self.save_action.setEnabled(False)
        progress = QProgressDialog("正在生成 PDF…", "取消", 0, 0, self)
        progress.setWindowTitle("另存为 PDF")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        thread = QThread(self)
        worker = PdfWorker(self.book, path)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self._on_progress)
        worker.finished.connect(self._on_saved)
        worker.failed.connect(self._on_failed)
        progress.canceled.connect(worker.cancel)
        self._thread, self._worker, self._progress = thread, worker, progress
        thread.start()

    def _on_progress(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.setMaximum(total)
            self._progress.setValue(done)
            self._progress.setLabelText(f"正在生成 PDF：第 {done + 1} 页，共 {total} 页")

    def _finish(self) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
        if self._worker is not None:
            self._worker.deleteLater()
        self._thread = self._worker = self._progress = None
        self.save_action.setEnabled(True)

    def _on_saved(self, result: PdfResult) -> None:
        self._finish()
        self.saved.emit(result)
        message = f"已保存 {result.path}（共 {result.pages} 页）。"
        if result.warning:
            message += "\n" + result.warning
        msgbox.inform(self, message, "另存为 PDF")

    def _on_failed(self, message: str) -> None:
        self._finish()
        self.save_failed.emit(message)
        msgbox.warn(self, message, "另存为 PDF")

    def done(self, result: int) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self._finish()
        super().done(result)


def book_preview_dialog(parent: QWidget | None, store_path: str | os.PathLike[str],
                        register: str | None = None, village: str | None = None,
                        full_ids: bool = False) -> BookPreviewDialog:
    """The preview dialog for a database's book (not shown yet). Raises BookError/StoreError."""
    store = Store.open(store_path)
    try:
        book = build_book(store, register=register, village=village, full_ids=full_ids)
    finally:
        store.close()
    return BookPreviewDialog(book, parent)


def show_book_preview(parent: QWidget | None, store_path: str | os.PathLike[str],
                      register: str | None = None, village: str | None = None,
                      full_ids: bool = False) -> int:
    """Open the print preview of the book (modal). Returns the dialog's result; a problem
    with the request (unknown register or village, unreadable database) is shown to the user."""
    try:
        dialog = book_preview_dialog(parent, store_path, register, village, full_ids)
    except (BookError, StoreError) as exc:
        msgbox.warn(parent, str(exc), "打印台账")
        return 0
    return dialog.exec()
