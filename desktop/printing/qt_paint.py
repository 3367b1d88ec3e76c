"""Qt side of printing: font metrics for the layout, and painting laid-out pages on any
paged device (QPdfWriter for PDF files, QPrinter for printers and the print preview).

Layout works in points; the device works in its own pixels (1200 per inch for a
QPdfWriter, whatever the printer has). Coordinates are converted here and fonts are
measured on the device they are drawn on, so what the layout measured is what is drawn.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPen,
)

from desktop.printing.layout import Fill, Geometry, Page, Rule, Style, TextBox
from sync.progress import Progress, stopped

LINE_SPACING = 1.12  # line height as a multiple of the font's ascent + descent

_app: QGuiApplication | None = None


def ensure_gui_app() -> QGuiApplication:
    """Fonts need a QGuiApplication; headless commands get one on the offscreen platform."""
    global _app
    app = QGuiApplication.instance()
    if app is None:
        from desktop.display import display_available

        if not display_available():
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        _app = app = QGuiApplication(["cunwu"])
    return app  # type: ignore[return-value]


class QtMeasurer:
    """Text metrics on a paint device, in points."""

    def __init__(self, device: QPaintDevice, family: str) -> None:
        self.device = device
        self.family = family
        self.scale = device.logicalDpiX() / 72  # device pixels per point
        self._fonts: dict[Style, QFont] = {}
        self._metrics: dict[Style, QFontMetricsF] = {}

    def font(self, style: Style) -> QFont:
        font = self._fonts.get(style)
        if font is None:
            font = QFont(self.family)
            font.setPointSizeF(style.size)
            font.setBold(style.bold)
            # Unhinted, unkerned advances: a line's width is the sum of its characters'.
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            font.setKerning(False)
            self._fonts[style] = font
        return font

    def metrics(self, style: Style) -> QFontMetricsF:
        fm = self._metrics.get(style)
        if fm is None:
            fm = self._metrics[style] = QFontMetricsF(self.font(style), self.device)
        return fm

    def char_width(self, ch: str, style: Style) -> float:
        return self.metrics(style).horizontalAdvance(ch) / self.scale

    def line_height(self, style: Style) -> float:
        return self.metrics(style).height() / self.scale * LINE_SPACING

    def ascent(self, style: Style) -> float:
        fm = self.metrics(style)
        return (fm.ascent() + fm.height() * (LINE_SPACING - 1) / 2) / self.scale


def page_layout(geometry: Geometry) -> QPageLayout:
    orient = QPageLayout.Orientation
    orientation = orient.Landscape if geometry.landscape else orient.Portrait
    layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0),
                         QPageLayout.Unit.Point)
    layout.setMode(QPageLayout.Mode.FullPageMode)
    return layout


def next_page_on(device: QPagedPaintDevice) -> Callable[[Geometry], None]:
    """Start a new page with the given geometry (the orientation may change between pages)."""

    def start(geometry: Geometry) -> None:
        device.setPageLayout(page_layout(geometry))
        device.newPage()

    return start


def paint_pages(painter: QPainter, pages: Sequence[Page], measurer: QtMeasurer,
                new_page: Callable[[Geometry], None], progress: Progress | None = None,
                turn_landscape: bool = False) -> int:
    """Paint every page (the device is already on the first one); returns pages painted,
    fewer when ``progress`` asks to stop (cancelled).

    ``turn_landscape`` is for printers, which cannot change orientation inside a document:
    every sheet stays portrait and a landscape page is turned a quarter anticlockwise onto
    it, its top (with the wider margin) along the sheet's left, binding edge."""
    k = measurer.scale
    for index, page in enumerate(pages):
        if stopped(progress, index, len(pages), f"正在生成 PDF：第 {index + 1} 页，共 {len(pages)} 页"):
            return index
        if index:
            new_page(page.geometry)
        if turn_landscape and page.geometry.landscape:
            painter.save()
            painter.translate(0, page.geometry.width * k)
            painter.rotate(-90)
            paint_page(painter, page, measurer)
            painter.restore()
        else:
            paint_page(painter, page, measurer)
    return len(pages)


def paint_page(painter: QPainter, page: Page, measurer: QtMeasurer) -> None:
    k = measurer.scale
    pens: dict[tuple[float, bool], QPen] = {}
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for item in page.items:
        if isinstance(item, TextBox):
            painter.setPen(Qt.GlobalColor.black)
            painter.setFont(measurer.font(item.style))
            fm = measurer.metrics(item.style)
            for i, line in enumerate(item.lines):
                if not line:
                    continue
                x = item.x
                if item.align != "left":
                    spare = item.width - fm.horizontalAdvance(line) / k
                    x += spare / 2 if item.align == "center" else spare
                painter.drawText(QPointF(x * k, (item.y + item.ascent + i * item.line_height) * k), line)
        elif isinstance(item, Rule):
            key = (item.width, item.dotted)
            pen = pens.get(key)
            if pen is None:
                pen = pens[key] = QPen(Qt.GlobalColor.black)
                pen.setWidthF(item.width * k)
                if item.dotted:
                    pen.setStyle(Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(item.x1 * k, item.y1 * k), QPointF(item.x2 * k, item.y2 * k))
        elif isinstance(item, Fill):
            painter.fillRect(QRectF(item.x * k, item.y * k, item.w * k, item.h * k),
                             QColor.fromRgbF(item.gray, item.gray, item.gray))
