"""The pages of the book on screen, each the way it is read: portrait pages upright, landscape
tables landscape, at one scale for all (a landscape page is as wide as the sheet is long).

Qt's own print preview shows every page with the printer's one paper orientation, so a
landscape table turned onto a portrait sheet (how it leaves the printer) lay on its side at
38 %. Here each page is drawn from the laid-out book (``desktop.printing.layout``) into an
image of its own size, only when it scrolls into view, and kept while the zoom stays.

``zoom`` is screen pixels per point (1/72 inch); 100 % is the paper's real size on a 96 dpi
screen. The modes follow the window's size: ``FIT_WIDTH`` (the widest page fills the width),
``FIT_PAGE`` (a whole page is visible) and, at first, ``READABLE`` (fit to the width, at most
100 %); any zoom chosen by hand stays.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Sequence

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from desktop.printing.layout import Page
from desktop.printing.qt_paint import QtMeasurer, paint_page

FIT_WIDTH, FIT_PAGE, CUSTOM = "width", "page", "custom"
READABLE = "readable"  # the first view: fit to the width, but not above the paper's real size
REAL_SIZE = 96 / 72  # screen pixels per point at 100 %
MIN_ZOOM, MAX_ZOOM = 0.25 * REAL_SIZE, 4 * REAL_SIZE
GAP = 16  # pixels between pages and around them
BACKGROUND = QColor("#808080")
SHADOW = QColor(0, 0, 0, 90)
CACHED_PAGES = 12
INCHES_PER_METRE = 1 / 0.0254


class _Pages(QWidget):
    """The canvas inside the scroll area: pages stacked top to bottom, centred."""

    def __init__(self, view: PageView) -> None:
        super().__init__()
        self.view = view
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), BACKGROUND)
        for index, rect in enumerate(self.view.page_rects()):
            if rect.bottom() < event.rect().top():
                continue
            if rect.top() > event.rect().bottom():
                break
            painter.fillRect(rect.translated(3, 3), SHADOW)
            painter.drawImage(rect, self.view.page_image(index))
        painter.end()


class PageView(QScrollArea):
    """Scrolls through the pages; ``currentPageChanged(index)`` as the middle of the view
    moves onto another page, ``zoomChanged(zoom)`` when the scale changes."""

    currentPageChanged = Signal(int)
    zoomChanged = Signal(float)

    def __init__(self, pages: Sequence[Page], family: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = list(pages)
        self.family = family
        self.mode = READABLE
        self.zoom = REAL_SIZE
        self._images: OrderedDict[int, QImage] = OrderedDict()
        self._rects: list[QRect] = []
        self._current = 0
        self.canvas = _Pages(self)
        self.setWidget(self.canvas)
        self.setWidgetResizable(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        # The desk around the pages is grey from edge to edge, not only behind the canvas.
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Dark, BACKGROUND)
        self.setPalette(palette)
        self.setBackgroundRole(QPalette.ColorRole.Dark)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._track_current())
        self._relayout()

    # ------------------------------------------------------------ geometry
    def page_count(self) -> int:
        return len(self.pages)

    def page_size(self, index: int) -> QSize:
        """A page's size on screen (logical pixels), in its own orientation."""
        g = self.pages[index].geometry
        return QSize(round(g.width * self.zoom), round(g.height * self.zoom))

    def page_rects(self) -> list[QRect]:
        return self._rects

    def _relayout(self) -> None:
        sizes = [self.page_size(i) for i in range(len(self.pages))]
        width = max((s.width() for s in sizes), default=0) + 2 * GAP
        rects, y = [], GAP
        for size in sizes:
            rects.append(QRect((width - size.width()) // 2, y, size.width(), size.height()))
            y += size.height() + GAP
        self._rects = rects
        self.canvas.resize(width, y)
        self.canvas.update()

    def _fit_zoom(self, mode: str) -> float:
        if not self.pages:
            return REAL_SIZE
        bar = self.verticalScrollBar().sizeHint().width()
        room_w = max(self.viewport().width() - 2 * GAP - (0 if mode == FIT_PAGE else bar), 50)
        widest = max(p.geometry.width for p in self.pages)
        zoom = room_w / widest
        if mode == FIT_PAGE:
            tallest = max(p.geometry.height for p in self.pages)
            zoom = min(zoom, max(self.viewport().height() - 2 * GAP, 50) / tallest)
        elif mode == READABLE:
            zoom = min(zoom, REAL_SIZE)
        return min(max(zoom, MIN_ZOOM), MAX_ZOOM)

    # ------------------------------------------------------------ zoom
    def set_mode(self, mode: str) -> None:
        self.mode = mode
        if mode != CUSTOM:
            self._apply_zoom(self._fit_zoom(mode))

    def set_zoom(self, zoom: float) -> None:
        self.mode = CUSTOM
        self._apply_zoom(min(max(zoom, MIN_ZOOM), MAX_ZOOM))

    def zoom_by(self, factor: float) -> None:
        self.set_zoom(self.zoom * factor)

    def percent(self) -> int:
        return round(self.zoom / REAL_SIZE * 100)

    def _apply_zoom(self, zoom: float) -> None:
        if math.isclose(zoom, self.zoom, rel_tol=1e-3) and self._rects:
            return
        current = self._current
        self.zoom = zoom
        self._images.clear()
        self._relayout()
        self.go_to(current)
        self.zoomChanged.emit(zoom)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl + wheel zooms, as in a PDF reader; the wheel alone scrolls."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(1.25 ** steps)
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.mode != CUSTOM:
            self._apply_zoom(self._fit_zoom(self.mode))

    # ------------------------------------------------------------ pages
    def current_page(self) -> int:
        return self._current

    def go_to(self, index: int) -> None:
        if not self._rects:
            return
        index = min(max(index, 0), len(self._rects) - 1)
        self.verticalScrollBar().setValue(self._rects[index].top() - GAP)
        self._set_current(index)

    def _track_current(self) -> None:
        middle = self.verticalScrollBar().value() + self.viewport().height() // 2
        for index, rect in enumerate(self._rects):
            if rect.bottom() + GAP >= middle:
                self._set_current(index)
                return

    def _set_current(self, index: int) -> None:
        if index != self._current:
            self._current = index
            self.currentPageChanged.emit(index)

    def page_image(self, index: int) -> QImage:
        """The page drawn at the current zoom for this screen (kept for the pages seen last)."""
        image = self._images.get(index)
        if image is None:
            image = render_page(self.pages[index], self.family, self.zoom * self.devicePixelRatioF())
            image.setDevicePixelRatio(self.devicePixelRatioF())
            self._images[index] = image
            while len(self._images) > CACHED_PAGES:
                self._images.popitem(last=False)
        else:
            self._images.move_to_end(index)
        return image


def render_page(page: Page, family: str, pixels_per_point: float) -> QImage:
    """One laid-out page as an image, ``pixels_per_point`` device pixels per point, upright
    in its own orientation (a landscape page is wider than high)."""
    dpi = max(1, round(pixels_per_point * 72))
    g = page.geometry
    image = QImage(math.ceil(g.width * dpi / 72), math.ceil(g.height * dpi / 72), QImage.Format.Format_RGB32)
    # The image's resolution is what fonts are sized for: text as on paper, at this scale.
    image.setDotsPerMeterX(round(dpi * INCHES_PER_METRE))
    image.setDotsPerMeterY(round(dpi * INCHES_PER_METRE))
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    paint_page(painter, page, QtMeasurer(image, family))
    painter.end()
    return image

