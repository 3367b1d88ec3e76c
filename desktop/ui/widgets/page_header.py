"""A register page's top line (title, filter box, options, count) that takes two lines when the
page is too narrow for one.

On 1024×768 at 150 % (683 logical pixels, 470 of them beside the navigation) the one line of
村“两委”成员's page needs 618: the whole page scrolled sideways and the count sat off the right
edge. Narrower minimum widths would squeeze the filter box on every screen; a second line costs
a row of the table, so it is taken only when one line does not fit.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLayout, QStyle, QVBoxLayout, QWidget

_TITLE_GAP = 16  # between the title and the filter box on one line


def _least_width(widget: QWidget) -> int:
    return max(widget.minimumSizeHint().width(), widget.minimumWidth())


class PageHeader(QWidget):
    """``title``, then ``tools`` (the first one stretches: the filter box), then ``status`` (the
    count, a busy bar …) on one line; when narrower than that needs: title and status above,
    tools below."""

    def __init__(self, title: QWidget, tools: Sequence[QWidget], status: Sequence[QWidget],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title, self.tools, self.status = title, list(tools), list(status)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # The layout must not hold the widget at the one-line width: it may become two lines.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.first, self.second = QHBoxLayout(), QHBoxLayout()
        outer.addLayout(self.first)
        outer.addLayout(self.second)
        self.two_lines: bool | None = None
        self._arrange(False)

    def _shown(self, widgets: Sequence[QWidget]) -> list[QWidget]:
        return [w for w in widgets if not w.isHidden()]

    def _spacing(self) -> int:
        spacing = self.first.spacing()  # -1: the style's
        if spacing < 0:
            spacing = self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)
        return max(spacing, 6)

    def one_line_width(self) -> int:
        parts = self._shown([self.title, *self.tools, *self.status])
        spacing = self._spacing()
        return sum(_least_width(w) for w in parts) + spacing * (len(parts) - 1) + _TITLE_GAP

    def two_lines_width(self) -> int:
        spacing = self._spacing()
        above = [self.title, *self._shown(self.status)]
        below = self._shown(self.tools)
        return max(sum(_least_width(w) for w in above) + spacing * len(above),
                   sum(_least_width(w) for w in below) + spacing * max(len(below) - 1, 0))

    def _arrange(self, two_lines: bool) -> None:
        if two_lines == self.two_lines:
            return
        self.two_lines = two_lines
        for line in (self.first, self.second):
            while line.count():
                line.takeAt(0)  # widgets stay children of this widget; spacers and stretches go
        self.first.addWidget(self.title)
        tools_line = self.second if two_lines else self.first
        if two_lines:
            self.first.addStretch(1)
        else:
            self.first.addSpacing(_TITLE_GAP)
        for i, widget in enumerate(self.tools):
            tools_line.addWidget(widget, 1 if i == 0 else 0)
        for widget in self.status:
            self.first.addWidget(widget)
        # Asked while the page's layout is placing this widget (resizeEvent), a new height would be
        # lost: ask again once that is done.
        QTimer.singleShot(0, self, self.updateGeometry)

    def minimumSizeHint(self) -> QSize:
        # As narrow as two lines allow, whichever way it is laid out now.
        return QSize(self.two_lines_width(), self.layout().minimumSize().height())

    def sizeHint(self) -> QSize:
        return QSize(self.one_line_width(), self.layout().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width() < self.one_line_width())
        super().resizeEvent(event)
