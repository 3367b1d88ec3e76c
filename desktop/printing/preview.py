"""Print preview of the register book, printing to a printer, and saving it as PDF.

The preview paints the pages of the same layout engine as ``cunwu print-book`` on the
QPrinter that QPrintPreviewDialog hands over (the preview itself, or the printer the user
picks), so paper and PDF never differ. "另存为 PDF" writes the file in a worker thread with
a progress dialog that can cancel; the window stays responsive.

For the windows: ``show_book_preview(parent, store_path, register=None, village=None,
full_ids=False)``. When the parent window has a ``DbWorker``, the book is read from the
database, its font chosen and its pages laid out there, behind a progress dialog with 取消
(:class:`BookPreviewLoader`; a village of a prefecture: 0.1 s reading, 0.6 s layout), and
the preview opens when that is done. Qt's preview then paints every page on the UI thread
as it opens (about 12 ms a page here), so a book estimated above ``PREVIEW_MAX_PAGES`` is
not previewed: it is offered as a PDF, written on the worker with progress and 取消.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QObject, Qt, QThread, Signal
from PySide6.QtGui import QAction, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QToolBar, QWidget

from desktop.printing.fonts import FontChoice
from desktop.printing.layout import PORTRAIT, LaidBook, layout_book
from desktop.printing.pdf import PdfCancelled, PdfError, PdfResult, font_for, write_book_pdf
from desktop.printing.qt_paint import QtMeasurer, page_layout, paint_pages
from desktop.ui import msgbox
from desktop.ui.db_worker import Cancelled, DbWorker, ProgressDialog, ProgressOperation, ProgressShow
from sync.book import Book, BookError, build_book
from sync.store import Store, StoreError

# Qt's preview paints every page on the UI thread when it opens and again when the page
# setup changes (about 12 ms a page on the development machine: 2.4 s for 200 pages).
PREVIEW_MAX_PAGES = 200
# For the estimate made before reading anything: a prefecture village's 1,226 records fill
# 39 pages (service records are short rows, members long ones).
RECORDS_PER_PAGE = 30


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

    def __init__(self, book: Book, parent: QWidget | None = None,
                 prepared: PreparedBook | None = None) -> None:
        self.book = book
        self.font_choice: FontChoice = prepared.font if prepared is not None else font_for(book)
        # Pages laid out on the worker for this resolution: painted without laying out again.
        self._laid: tuple[int, LaidBook] | None = (
            (prepared.dpi, prepared.laid) if prepared is not None and prepared.laid is not None else None)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)
        printer.setPageLayout(page_layout(PORTRAIT))
        printer.setDocName(book.title)
        super().__init__(printer, parent)
        self._printer = printer
        self.page_count = 0
        self.setWindowTitle(f"打印预览 - {book.title}")
        # As large as the screen allows (screen_fit shrinks it): at Qt's default size the toolbar
        # folded 打印 and 另存为 PDF behind its » button.
        self.resize(1400, 1000)
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
        self._progress: ProgressShow | None = None

    def paint(self, printer: QPrinter) -> None:
        """Lay the book out for this printer's resolution and paint every page on it."""
        measurer = QtMeasurer(printer, self.font_choice.family)
        if self._laid is not None and self._laid[0] == printer.logicalDpiX() == printer.logicalDpiY():
            laid = self._laid[1]  # measured at this resolution: the same metrics
        else:
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
        # The program's own progress, shown the program's way (db_worker.ProgressShow): after a
        # moment, never over a question, and without QProgressDialog's processEvents().
        progress = ProgressDialog("正在生成 PDF…", self)
        progress.setWindowTitle("另存为 PDF")
        thread = QThread(self)
        worker = PdfWorker(self.book, path)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self._on_progress)
        worker.finished.connect(self._on_saved)
        worker.failed.connect(self._on_failed)
        progress.rejected.connect(worker.cancel)
        self._thread, self._worker = thread, worker
        self._progress = ProgressShow(progress, lambda: self._thread is not None, self)
        thread.start()

    def _on_progress(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.dialog.set_progress(done, total, f"正在生成 PDF：第 {done + 1} 页，共 {total} 页")

    def _finish(self) -> None:
        if self._progress is not None:
            self._progress.finish()
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
                      full_ids: bool = False, worker: DbWorker | None = None) -> int:
    """Open the print preview of the book.

    With a worker (given, or the parent window's ``worker``) the book is prepared there and
    the preview opens when it is ready: returns 0 at once (:func:`preview_book`). Without
    one, it is read here and the preview is modal: returns the dialog's result. A problem
    with the request (unknown register or village, unreadable database) is shown to the user."""
    worker = worker or _worker_of(parent)
    if worker is not None:
        preview_book(worker, parent, register, village, full_ids)
        return 0
    try:
        dialog = book_preview_dialog(parent, store_path, register, village, full_ids)
    except (BookError, StoreError) as exc:
        msgbox.warn(parent, str(exc), "打印台账")
        return 0
    return dialog.exec()


def _worker_of(parent: QWidget | None) -> DbWorker | None:
    worker = getattr(parent, "worker", None)
    return worker if isinstance(worker, DbWorker) else None


# ------------------------------------------------------------ on the worker
@dataclass(frozen=True)
class PreparedBook:
    """A book read and laid out for a device of ``dpi`` (the preview's printer)."""

    book: Book
    font: FontChoice
    laid: LaidBook | None
    dpi: int


@dataclass(frozen=True)
class TooBig:
    """A book too long to preview: how many records and (about) how many pages."""

    records: int
    pages: int


def estimate_pages(store: Store, register: str | None, village: str | None) -> tuple[int, int]:
    """(records, pages) of the book, from counts only: decided before anything is read."""
    try:
        regs = [store.catalog.register(register)] if register else store.catalog.ordered()
    except KeyError:
        return 0, 0  # build_book says what is wrong
    records = sum(store.count(reg.key, village) for reg in regs)
    parts = len(store.villages()) if store.is_township and village is None else 1
    # Each register starts on a page of its own in every part; cover and contents.
    return records, records // RECORDS_PER_PAGE + parts * len(regs) + 2


def prepare_book(store: Store, progress: Callable[..., bool], register: str | None, village: str | None,
                 full_ids: bool, dpi: int) -> PreparedBook | TooBig:
    """The worker's job: estimate, read, choose the font, lay the pages out at ``dpi``."""
    records, pages = estimate_pages(store, register, village)
    if pages > PREVIEW_MAX_PAGES:
        return TooBig(records, pages)
    # No percentages: reading and layout report nothing in between (a busy bar and the step).
    progress(0, 0, "正在读取台账内容…")
    book = build_book(store, register=register, village=village, full_ids=full_ids)
    if not progress(0, 0, "正在排版…"):
        raise Cancelled
    font = font_for(book)
    # Measured on a PDF writer of the printer's resolution: the fonts' metrics depend on the
    # resolution only, and a QPdfWriter may be used off the UI thread.
    buffer = QBuffer()
    writer = QPdfWriter(buffer)
    writer.setResolution(dpi)
    laid = layout_book(book, QtMeasurer(writer, font.family))
    if not progress(0, 0, "正在打开预览…"):
        raise Cancelled
    return PreparedBook(book, font, laid, dpi)


def save_book_pdf(store: Store, progress: Callable[..., bool], register: str | None, village: str | None,
                  full_ids: bool, path: str) -> PdfResult:
    """The worker's job for a book too long to preview: read it and write the PDF."""
    progress(0, 0, "正在读取台账内容…")
    book = build_book(store, register=register, village=village, full_ids=full_ids)
    if not progress(0, 0, "正在排版…"):
        raise Cancelled

    def pages(done: int, total: int) -> bool:
        return progress(done, total, f"正在生成 PDF：第 {done + 1} 页，共 {total} 页")

    try:
        return write_book_pdf(book, path, pages)
    except PdfCancelled as exc:
        raise Cancelled from exc


class BookPreviewLoader(QObject):
    """Prepares the book on the worker behind a progress dialog, then opens the preview.

    ``ready(dialog)`` when the preview is open, ``cancelled()`` after 取消, ``failed(text)``
    when the request was refused (the text was shown to the user); a book too long to
    preview is offered as a PDF instead (``saved(result)`` once written)."""

    ready = Signal(object)  # BookPreviewDialog
    cancelled = Signal()
    failed = Signal(str)
    saved = Signal(object)  # PdfResult

    def __init__(self, worker: DbWorker, parent: QWidget | None, register: str | None = None,
                 village: str | None = None, full_ids: bool = False) -> None:
        super().__init__(parent)
        self.worker = worker
        self.window = parent
        self.request = (register, village, full_ids)
        self.dialog: BookPreviewDialog | None = None
        self.operation: ProgressOperation | None = None

    def start(self) -> ProgressOperation:
        register, village, full_ids = self.request
        # The preview's printer decides the resolution the pages are laid out for.
        dpi = QPrinter(QPrinter.PrinterMode.HighResolution).logicalDpiX()
        self.operation = ProgressOperation(
            self.worker, self.window, self.tr("正在准备打印预览…"),
            lambda store, progress: prepare_book(store, progress, register, village, full_ids, dpi),
            self._prepared, self._error)
        return self.operation

    def _prepared(self, prepared: PreparedBook | TooBig) -> None:
        if isinstance(prepared, TooBig):
            self._offer_pdf(prepared)
            return
        dialog = BookPreviewDialog(prepared.book, self.window, prepared)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        self.ready.emit(dialog)

    def _error(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self.cancelled.emit()
            return
        if isinstance(error, BookError | StoreError | PdfError | OSError):
            msgbox.warn(self.window, str(error), self.tr("打印台账"))
            self.failed.emit(str(error))
            return
        raise error

    def _offer_pdf(self, size: TooBig) -> None:
        question = self.tr(
            "要打印的台账有 {0} 条记录，约 {1} 页，在屏幕上预览会很慢（预览最多约 {2} 页）。\n\n"
            "可以先另存为 PDF，再用 PDF 阅读器打印；或在“村（社区）”中选择一个村后再打印。\n\n"
            "现在另存为 PDF 吗？").format(size.records, size.pages, PREVIEW_MAX_PAGES)
        if not msgbox.confirm(self.window, question, self.tr("打印台账")):
            self.cancelled.emit()
            return
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("另存为 PDF"),
                                              str(Path.home() / "村务台账.pdf"), self.tr("PDF 文件 (*.pdf)"))
        if not path:
            self.cancelled.emit()
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        register, village, full_ids = self.request
        self.operation = ProgressOperation(
            self.worker, self.window, self.tr("正在生成 PDF…"),
            lambda store, progress: save_book_pdf(store, progress, register, village, full_ids, path),
            self._saved, self._error)

    def _saved(self, result: PdfResult) -> None:
        message = self.tr("已保存 {0}（共 {1} 页）。").format(result.path, result.pages)
        if result.warning:
            message += "\n" + result.warning
        msgbox.inform(self.window, message, self.tr("另存为 PDF"))
        self.saved.emit(result)


def preview_book(worker: DbWorker, parent: QWidget | None, register: str | None = None,
                 village: str | None = None, full_ids: bool = False) -> BookPreviewLoader:
    """Prepare the book on ``worker`` (progress, 取消) and open its preview when ready."""
    loader = BookPreviewLoader(worker, parent, register, village, full_ids)
    loader.start()
    return loader

