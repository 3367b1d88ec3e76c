"""The register book as a PDF file: laid out, painted with QPdfWriter, written atomically.

The file is painted under a temporary name in the target folder (``forms.atomic_file``),
flushed to disk, checked (it is a PDF, it is complete, it has every page) and only then
renamed over the target, so a failure or a full disk never leaves a half-written book behind.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QPainter, QPdfWriter

from desktop.printing.fonts import FontChoice, choose_font
from desktop.printing.layout import LAYOUT_TEXT, LaidBook, layout_book
from desktop.printing.qt_paint import (
    QtMeasurer,
    ensure_gui_app,
    next_page_on,
    page_layout,
    paint_pages,
)
from forms.atomic_file import TargetInUse, write_atomic
from sync.progress import Cancelled, Progress
from sync.reports.book import Book

RESOLUTION = 1200
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


class PdfError(RuntimeError):
    """The PDF could not be written; the message is Chinese and names the file."""


@dataclass(frozen=True)
class PdfResult:
    path: Path
    pages: int
    font: FontChoice
    seconds: float
    toc_passes: int

    @property
    def warning(self) -> str:
        return self.font.warning


def font_for(book: Book) -> FontChoice:
    ensure_gui_app()
    return choose_font(book.text() + LAYOUT_TEXT)


def verify_pdf(path: Path, pages: int) -> None:
    data = path.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise PdfError(f"{path.name} 不是有效的 PDF 文件（文件头错误）")
    if b"%%EOF" not in data[-1024:]:
        raise PdfError(f"{path.name} 不完整（缺少文件结尾）")
    found = len(_PAGE_OBJECT.findall(data))
    if found != pages:
        raise PdfError(f"{path.name} 应有 {pages} 页，实际写入 {found} 页")


def paint_pdf(book: Book, path: Path, font: FontChoice, progress: Progress | None = None) -> LaidBook:
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setTitle(book.title)
    writer.setCreator("村务台账 Cunwu")
    measurer = QtMeasurer(writer, font.family)
    laid = layout_book(book, measurer)
    writer.setPageLayout(page_layout(laid.pages[0].geometry))
    painter = QPainter()
    if not painter.begin(writer):
        raise PdfError(f"无法写入 {path}：请检查文件夹是否存在、是否有写入权限")
    try:
        done = paint_pages(painter, laid.pages, measurer, next_page_on(writer), progress)
    finally:
        painter.end()
    if done < len(laid.pages):
        raise Cancelled("已取消，未保存 PDF")
    return laid


def write_book_pdf(book: Book, out: str | os.PathLike[str], progress: Progress | None = None) -> PdfResult:
    """Write ``book`` to ``out`` (replacing it only once the new file is complete and checked)."""
    started = time.perf_counter()
    target = Path(out)
    if not target.parent.is_dir():
        raise PdfError(f"文件夹 {target.parent} 不存在，无法保存 {target.name}")
    font = font_for(book)
    painted: list[LaidBook] = []

    def verify(tmp: Path) -> None:
        if tmp.stat().st_size == 0:
            raise PdfError(f"无法写入 {target}：生成的文件为空（磁盘已满或没有写入权限？）")
        verify_pdf(tmp, len(painted[0].pages))

    try:
        write_atomic(target, lambda tmp: painted.append(paint_pdf(book, tmp, font, progress)), verify=verify)
    except TargetInUse as exc:
        raise PdfError(f"无法覆盖 {target}：文件可能正在被其他程序（如 PDF 阅读器）打开，"
                       "请关闭后重试，或换一个文件名") from exc
    except OSError as exc:
        raise PdfError(f"无法写入 {target}（{exc.strerror or exc}）：请检查文件夹是否存在、"
                       "是否有写入权限、磁盘是否已满") from exc
    laid = painted[0]
    return PdfResult(target, len(laid.pages), font, time.perf_counter() - started, laid.passes)
