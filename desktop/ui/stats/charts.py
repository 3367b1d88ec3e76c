"""Bar charts drawn with QPainter: no charting library, nothing added to the bundle.

``draw_chart`` paints a :class:`sync.reports.stats.charts.ChartData` into any rectangle of any
paint device (a widget, a QImage, a PDF page), so the window and the printed summary show
the same charts. Sizes are derived from the rectangle, so a chart scales with its page.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.printing.fonts import candidate_families
from sync.reports.stats.charts import ChartData

BAR = QColor("#4472C4")
WARN = QColor("#E46C0A")
TARGET = QColor("#C00000")
GRID = QColor("#D9D9D9")
INK = QColor("#222222")


def cjk_family() -> str:
    """A font family that has Chinese glyphs: the first of the printed book's (a PDF passes the
    one ``desktop.printing.fonts.choose_font`` chose for its text); else the default, which Qt
    completes from the system's fonts on screen."""
    return next(iter(candidate_families()), QFont().family())


def _font(family: str, pixel: float, bold: bool = False) -> QFont:
    font = QFont(family)
    font.setPixelSize(max(6, round(pixel)))
    font.setBold(bold)
    return font


def _axis(chart: ChartData) -> tuple[float, int]:
    """The axis maximum and the number of grid steps; counts get whole-number ticks."""
    top = chart.top
    if chart.unit == "%":
        return top, 4
    if top <= 4:
        return float(max(1, math.ceil(top))), max(1, math.ceil(top))
    return float(math.ceil(top / 4) * 4), 4


def draw_chart(painter: QPainter, rect: QRectF, chart: ChartData, family: str | None = None,
               min_unit: float = 0.0) -> list[QRectF]:
    """Paint the chart into ``rect``; returns each bar's rectangle (for clicks on screen).

    Text scales with the chart (a page's chart and its PDF); ``min_unit`` keeps it readable
    on a screen where the chart is short (labels of 1.5 units)."""
    family = family or cjk_family()
    # one "em" relative to the chart's size
    unit = max(min_unit, min(rect.width() / 60, rect.height() / 40))
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    title_font, small = _font(family, unit * 2.0, bold=True), _font(family, unit * 1.5)
    painter.setFont(title_font)
    painter.setPen(INK)
    title_h = QFontMetricsF(title_font).height()
    painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), title_h),
                     Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, chart.title)
    painter.setFont(small)
    metrics = QFontMetricsF(small)
    line_h = metrics.height()
    caption_h = line_h * 1.3 if chart.caption else 0.0
    if chart.caption:
        painter.drawText(QRectF(rect.left(), rect.bottom() - caption_h, rect.width(), caption_h),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, chart.caption)
    top, steps = _axis(chart)
    suffix = "%" if chart.unit == "%" else ""
    ticks = [f"{top * i / steps:g}{suffix}" for i in range(steps + 1)]
    axis_w = max(metrics.horizontalAdvance(t) for t in ticks) + unit
    label_h = line_h * 2.2  # room for two lines of village names
    plot = QRectF(rect.left() + axis_w, rect.top() + title_h + line_h * 1.2,
                  rect.width() - axis_w - unit, rect.height() - title_h - line_h * 1.2 - label_h - caption_h)
    bars: list[QRectF] = []
    if plot.height() <= 0 or plot.width() <= 0:
        painter.restore()
        return bars
    thin = max(1.0, unit / 8)
    for i, text in enumerate(ticks):  # grid lines and axis labels
        y = plot.bottom() - plot.height() * i / steps
        painter.setPen(QPen(GRID, thin))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(INK)
        painter.drawText(QRectF(rect.left(), y - line_h / 2, axis_w - unit / 2, line_h),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
    count = max(1, len(chart.bars))
    slot = plot.width() / count
    width = slot * 0.62
    for i, bar in enumerate(chart.bars):
        height = plot.height() * min(bar.value, top) / top if top else 0
        box = QRectF(plot.left() + slot * i + (slot - width) / 2, plot.bottom() - height, width, height)
        painter.fillRect(box, WARN if i in chart.highlight else BAR)
        bars.append(QRectF(box.left(), plot.top(), box.width(), plot.height()))
        painter.setPen(INK)
        note = bar.note or f"{bar.value:.1f}"
        painter.drawText(QRectF(box.left() - slot, box.top() - line_h, width + 2 * slot, line_h),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, note)
        painter.drawText(QRectF(plot.left() + slot * i, plot.bottom() + unit / 3, slot, label_h),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                         metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, slot * 2))
    painter.setPen(QPen(INK, thin))
    painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
    if chart.target is not None:
        y = plot.bottom() - plot.height() * min(chart.target, top) / top
        painter.setPen(QPen(TARGET, thin * 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(TARGET)
        painter.drawText(QRectF(plot.left(), y - line_h, plot.width(), line_h),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, chart.target_label)
    painter.restore()
    return bars


def chart_image(chart: ChartData, size: QSize | None = None) -> QImage:
    """The chart as a picture (for HTML or a document that wants images)."""
    size = size or QSize(1200, 800)
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    draw_chart(painter, QRectF(0, 0, size.width(), size.height()), chart)
    painter.end()
    return image


SCREEN_MIN_LABEL_PX = 11


class ChartWidget(QWidget):
    """One chart on screen. Clicking a per-village bar emits ``barClicked(index)``."""

    barClicked = Signal(int)

    def __init__(self, chart: ChartData | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._chart = chart
        self._bars: list[QRectF] = []
        # Two stacked in the statistics page must leave the records below room at 1366×768.
        self.setMinimumSize(320, 170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    @property
    def chart(self) -> ChartData | None:
        return self._chart

    def set_chart(self, chart: ChartData | None) -> None:
        self._chart = chart
        self.setToolTip(chart.caption if chart else "")
        self.update()

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        if self._chart is not None:
            # Labels no smaller than 11 px however short the chart is.
            self._bars = draw_chart(painter, QRectF(self.rect()).adjusted(6, 6, -6, -6), self._chart,
                                    min_unit=SCREEN_MIN_LABEL_PX / 1.5)
        painter.end()

    def mouseReleaseEvent(self, event: object) -> None:
        pos = event.position()  # type: ignore[attr-defined]
        for i, box in enumerate(self._bars):
            if box.contains(pos):
                self.barClicked.emit(i)
                return
