"""Print preview of the register book, printing to a printer, and saving it as PDF.

The preview shows the pages of the same layout engine as ``cunwu print-book``, each in its own
orientation (:mod:`desktop.printing.page_view`), and prints them on the printer the user picks
in the print dialog, so paper and PDF never differ. "另存为 PDF" writes the file in a worker
thread with a progress dialog that can cancel; the window stays responsive.

For the windows: ``show_book_preview(parent, store_path, register=None, village=None,
full_ids=False)``. When the parent window has a ``DbWorker``, the book is read from the
database, its font chosen and its pages laid out there, behind a progress dialog with 取消
(:class:`BookPreviewLoader`; a village of a prefecture: 0.1 s reading, 0.6 s layout), and
the preview opens when that is done; it draws pages on the UI thread as they scroll into view.
Printing paints every page on the UI thread (about 12 ms a page), so a book estimated above
``PREVIEW_MAX_PAGES`` is not previewed: it is offered as a PDF, written on the worker with
progress and 取消.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QObject, Qt, QThread, Signal
from PySide6.QtGui import QAction, QKeySequence, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.printing.fonts import FontChoice
from desktop.printing.layout import PORTRAIT, LaidBook, layout_book
from desktop.printing.page_view import FIT_PAGE, FIT_WIDTH, PageView
from desktop.printing.pdf import PdfError, PdfResult, font_for, write_book_pdf
from desktop.printing.qt_paint import QtMeasurer, next_page_on, page_layout, paint_pages
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.db_worker import DbWorker, ProgressDialog, ProgressShow
from desktop.ui.widgets.runner import Run, run
from sync.progress import Cancelled, Progress
from sync.reports.book import ADDED_SECTIONS, Book, BookError
from sync.reports.county_book import any_book, county_pages
from sync.store.store import Store, StoreError

# Printing from the preview paints every page on the UI thread (about 12 ms a page on the
# development machine: 2.4 s for 200 pages); a longer book is better saved as a PDF first.
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
        def report(done: int, total: int, _message: str) -> bool:
            self.progress.emit(done, total)
            return not self._cancel.is_set()

        try:
            result = write_book_pdf(self.book, self.path, report)
        except Cancelled as exc:
            self.failed.emit(str(exc))
        except (PdfError, OSError) as exc:
            self.failed.emit(f"保存 PDF 失败：{exc}")
        else:
            self.finished.emit(result)


class BookPreviewDialog(QDialog):
    """The book's pages as they will be read, with 打印…, 另存为 PDF…, zoom and page keys.

    Each page keeps its own orientation on screen: a register laid out landscape (a wide table)
    is shown landscape. There are no orientation buttons: the layout chooses it per register
    (``desktop.printing.layout``), and paper is A4. Printing sends portrait sheets with landscape
    pages turned onto them (printers keep one orientation per document; the sheet, turned to
    read, is the landscape page); a PDF printer gets each page in its own orientation."""

    saved = Signal(object)  # PdfResult, once a PDF has been written
    save_failed = Signal(str)

    def __init__(self, book: Book, parent: QWidget | None = None,
                 prepared: PreparedBook | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.font_choice: FontChoice = prepared.font if prepared is not None else font_for(book)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)
        printer.setPageLayout(page_layout(PORTRAIT))
        printer.setDocName(book.title)
        self._printer = printer
        dpi = printer.logicalDpiX()
        if prepared is not None and prepared.laid is not None:
            laid, dpi = prepared.laid, prepared.dpi  # laid out on the worker: not again here
        else:
            laid = layout_book(book, QtMeasurer(_measuring_device(dpi), self.font_choice.family))
        # Pages laid out for this resolution: printed without laying out again.
        self._laid: tuple[int, LaidBook] = (dpi, laid)
        self.page_count = len(laid.pages)
        self.printed_pages = 0
        self.setWindowTitle(self.tr("打印预览 - {0}").format(book.title))
        self.view = PageView(laid.pages, self.font_choice.family, self)
        self.toolbar = QToolBar(self)
        self._build_toolbar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        landscape = sum(1 for page in laid.pages if page.geometry.landscape)
        note = self.tr("A4 纸，纵向。")
        if landscape:
            note = self.tr("A4 纸。表格较宽的 {0} 页横向排版，这里横着显示；"
                           "打印时转 90° 印在纸上。").format(landscape)
        self.paper_label = QLabel(note)
        self.paper_label.setContentsMargins(8, 3, 8, 3)
        layout.addWidget(self.paper_label)
        self.view.currentPageChanged.connect(self._show_page_number)
        self.view.zoomChanged.connect(lambda _z: self._show_zoom())
        self._show_page_number(0)
        self._show_zoom()
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._fit_to_screen()
        self.view.setFocus()
        self._thread: QThread | None = None
        self._worker: PdfWorker | None = None
        self._progress: ProgressShow | None = None

    def printer(self) -> QPrinter:
        return self._printer

    # ------------------------------------------------------------ the toolbar
    def _action(self, text: str, slot: Callable[[], object], name: str,
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(shortcut)
        if tip:
            action.setToolTip(tip)
        self.toolbar.addAction(action)
        return action

    def _build_toolbar(self) -> None:
        bar = self.toolbar
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.print_action = self._action(self.tr("打印…"), self.print_book, "preview-print",
                                         QKeySequence.StandardKey.Print,
                                         self.tr("选择打印机并打印（Ctrl+P）"))
        self.save_action = self._action(self.tr("另存为 PDF…"), self.ask_save_pdf, "preview-save-pdf",
                                        tip=self.tr("把台账保存为 PDF 文件"))
        bar.addSeparator()
        self.fit_width_action = self._action(self.tr("适合宽度"), lambda: self.view.set_mode(FIT_WIDTH),
                                             "preview-fit-width")
        self.fit_page_action = self._action(self.tr("整页"), lambda: self.view.set_mode(FIT_PAGE),
                                            "preview-fit-page")
        self._action(self.tr("缩小"), lambda: self.view.zoom_by(1 / 1.25), "preview-zoom-out",
                     QKeySequence.StandardKey.ZoomOut)
        self._action(self.tr("放大"), lambda: self.view.zoom_by(1.25), "preview-zoom-in",
                     QKeySequence.StandardKey.ZoomIn)
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000%"))
        bar.addWidget(self.zoom_label)
        bar.addSeparator()
        self._action(self.tr("上一页"), lambda: self.view.go_to(self.view.current_page() - 1),
                     "preview-previous")
        self.page_box = QSpinBox()
        self.page_box.setRange(1, max(1, self.page_count))
        self.page_box.setPrefix(self.tr("第 "))
        self.page_box.setSuffix(self.tr(" 页"))
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(lambda n: self.view.go_to(n - 1))
        bar.addWidget(self.page_box)
        bar.addWidget(QLabel(self.tr(" 共 {0} 页").format(self.page_count)))
        self._action(self.tr("下一页"), lambda: self.view.go_to(self.view.current_page() + 1), "preview-next")
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self._action(self.tr("关闭"), self.reject, "preview-close")

    def _show_page_number(self, index: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(index + 1)
        self.page_box.blockSignals(False)

    def _show_zoom(self) -> None:
        self.zoom_label.setText(f"{self.view.percent()}%")

    def _fit_to_screen(self) -> None:
        """As large as the screen's free area allows (a preview wants room), never larger."""
        screen = (self.parentWidget().screen() if self.parentWidget() is not None else None) or self.screen()
        area = screen.availableGeometry() if screen is not None else None
        if area is None:
            return
        self.resize(min(area.width(), 1600) - 40, area.height() - 60)

    # ------------------------------------------------------------ printing
    def print_book(self) -> None:
        """Choose a printer (and pages) in the print dialog, then print."""
        dialog = QPrintDialog(self._printer, self)
        dialog.setWindowTitle(self.tr("打印台账"))
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setMinMax(1, self.page_count)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.paint(self._printer)

    def paint(self, printer: QPrinter) -> None:
        """Lay the book out for this printer's resolution (unless it was) and print every page
        on it, or the pages the print dialog asked for (numbered as in the footer)."""
        measurer = QtMeasurer(printer, self.font_choice.family)
        if self._laid[0] == printer.logicalDpiX() == printer.logicalDpiY():
            laid = self._laid[1]  # measured at this resolution: the same metrics
        else:
            laid = layout_book(self.book, measurer)
        pages = laid.pages
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            pages = pages[printer.fromPage() - 1: printer.toPage() or len(pages)]
        if not pages:
            return
        to_pdf = not turns_landscape(printer)
        printer.setFullPage(True)
        printer.setPageLayout(page_layout(pages[0].geometry if to_pdf else PORTRAIT))
        painter = QPainter()
        if not painter.begin(printer):
            msgbox.warn(self, self.tr("无法开始打印：请检查打印机是否可用。"), self.tr("打印台账"))
            return
        try:
            new_page = next_page_on(printer) if to_pdf else (lambda _g: printer.newPage())
            self.printed_pages = paint_pages(painter, pages, measurer, new_page, turn_landscape=not to_pdf)
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


def turns_landscape(printer: QPrinter) -> bool:
    """Whether landscape pages are turned onto portrait sheets for this printer. A PDF takes each
    page in its own orientation; a printer keeps one orientation per document (Qt refuses a new
    page layout while a native printer prints), so its sheets stay portrait."""
    return printer.outputFormat() != QPrinter.OutputFormat.PdfFormat


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


def _measuring_device(dpi: int) -> QPdfWriter:
    """A PDF writer of the printer's resolution to measure text on: the fonts' metrics depend on
    the resolution only, and a QPdfWriter may be used off the UI thread."""
    writer = QPdfWriter(QBuffer())
    writer.setResolution(dpi)
    return writer


def build_book(store: Store, *, register: str | None = None, village: str | None = None,
               full_ids: bool = False) -> Book:
    """The book the window prints: a county's summaries (``county_book.any_book``), else the
    register book (``sync.reports.book.build_book``)."""
    return any_book(store, register=register, village=village, full_ids=full_ids)


def estimate_pages(store: Store, register: str | None, village: str | None) -> tuple[int, int]:
    """(records, pages) of the book, from counts only: decided before anything is read."""
    try:
        # As the book: the 村情概况 page first.
        regs = [store.catalog.register(register)] if register else store.catalog.ordered(include_profile=True)
    except KeyError:
        return 0, 0  # build_book says what is wrong
    if store.is_county and village is None:
        return 0, county_pages(store)  # summaries only (sync.reports.county_book)
    records = sum(store.count(reg.key, village) for reg in regs)
    parts = len(store.villages()) if store.is_township and village is None else 1
    # Each register starts on a page of its own in every part, and so may a section added after
    # it (the 两委's 往届及离任两委成员: book.ADDED_SECTIONS); cover and contents.
    return records, records // RECORDS_PER_PAGE + parts * (len(regs) + len(ADDED_SECTIONS)) + 2


def prepare_book(store: Store, progress: Progress, register: str | None, village: str | None,
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
    laid = layout_book(book, QtMeasurer(_measuring_device(dpi), font.family))
    if not progress(0, 0, "正在打开预览…"):
        raise Cancelled
    return PreparedBook(book, font, laid, dpi)


def save_book_pdf(store: Store, progress: Progress, register: str | None, village: str | None,
                  full_ids: bool, path: str) -> PdfResult:
    """The worker's job for a book too long to preview: read it and write the PDF."""
    progress(0, 0, "正在读取台账内容…")
    book = build_book(store, register=register, village=village, full_ids=full_ids)
    if not progress(0, 0, "正在排版…"):
        raise Cancelled
    return write_book_pdf(book, path, progress)


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
        self.operation: Run | None = None

    def start(self) -> Run:
        register, village, full_ids = self.request
        # The preview's printer decides the resolution the pages are laid out for.
        dpi = QPrinter(QPrinter.PrinterMode.HighResolution).logicalDpiX()
        self.operation = run(
            self, self.worker,
            lambda store, work: prepare_book(store, work, register, village, full_ids, dpi),
            self._prepared, self._error, title=self.tr("正在准备打印预览…"), progress=True,
            window=self.window)
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
        self.operation = run(
            self, self.worker,
            lambda store, work: save_book_pdf(store, work, register, village, full_ids, path),
            self._saved, self._error, title=self.tr("正在生成 PDF…"), progress=True, window=self.window)

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

