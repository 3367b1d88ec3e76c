"""The navigation pane of the village and township windows: a list of pages, the page shown beside it.

Pages are registered by key with a factory (``add_page``) under a section heading and made on
first view. Headings cannot be selected, so the arrow keys step from page to page across
sections. Each page's item can carry a record count (grey) and error and warning counts (red and
orange badges), set with ``set_badges``. The window decides what showing a page means beyond
switching the stack (enabling actions, a signal): it listens to ``page_chosen`` and calls
``show_page``.

Only the page shown decides how small the window may get (a stacked widget would take the
largest page ever shown, so one wide page kept the window wider than a small screen for every
page after it), and the pages sit in a scroll area: on a screen too small for a page's
controls the page scrolls instead of pushing the window off the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2
ERRORS_ROLE = Qt.ItemDataRole.UserRole + 3
WARNINGS_ROLE = Qt.ItemDataRole.UserRole + 4
SECTION_ROLE = Qt.ItemDataRole.UserRole + 5
_Index = QModelIndex | QPersistentModelIndex


class NavigationDelegate(QStyledItemDelegate):
    """A page name, its record count in grey, and red/orange badges for errors and warnings."""

    BADGE_COLORS: ClassVar[dict[int, QColor]] = {
        ERRORS_ROLE: QColor("#c0392b"), WARNINGS_ROLE: QColor("#d68910")}

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        height = option.fontMetrics.height() + (10 if index.data(SECTION_ROLE) else 16)
        return QSize(200, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        rect = opt.rect.adjusted(10, 0, -8, 0)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        if index.data(SECTION_ROLE):
            font = QFont(opt.font)
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor("#666"))
            painter.drawText(rect.adjusted(-4, 4, 0, 0), Qt.AlignmentFlag.AlignVCenter, text)
            painter.restore()
            return
        metrics = opt.fontMetrics
        right = rect.right()
        for role in (WARNINGS_ROLE, ERRORS_ROLE):
            value = index.data(role) or 0
            if not value:
                continue
            label = str(value)
            width = max(metrics.horizontalAdvance(label) + 12, metrics.height() + 2)
            badge = QRect(right - width, rect.center().y() - metrics.height() // 2 - 1, width,
                          metrics.height() + 2)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.BADGE_COLORS[role])
            painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
            painter.setPen(QPen(QColor("white")))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
            right -= width + 4
        count = index.data(COUNT_ROLE)
        if count is not None:
            count_text = f"{count}"
            width = metrics.horizontalAdvance(count_text) + 6
            painter.setPen(QColor("#dddddd") if selected else QColor("#777"))
            painter.drawText(QRect(right - width, rect.top(), width, rect.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, count_text)
            right -= width + 6
        painter.setPen(opt.palette.highlightedText().color() if selected else opt.palette.text().color())
        name_rect = QRect(rect.left(), rect.top(), right - rect.left(), rect.height())
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(text, Qt.TextElideMode.ElideRight, name_rect.width()))
        painter.restore()


class PageHolder(QWidget):
    """Holds the stack of pages in the scroll area: as large as the view, never smaller than the
    page shown, whatever the other pages need.

    Without a layout on purpose: a stack's layout asks for the largest page ever made, and a
    scroll area gives content whose layout wraps text (height-for-width) its *preferred* height,
    so a page with a wrapped label scrolled on every screen instead of fitting the window."""

    def __init__(self, stack: QStackedWidget) -> None:
        super().__init__()
        self.stack = stack
        stack.setParent(self)
        stack.currentChanged.connect(lambda _index: self.updateGeometry())

    def _page(self) -> QWidget:
        return self.stack.currentWidget() or self.stack

    def minimumSizeHint(self) -> QSize:
        page = self._page()
        return page.minimumSizeHint().expandedTo(page.minimumSize())

    def sizeHint(self) -> QSize:
        return self._page().sizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.stack.setGeometry(self.rect())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the page shown changed its smallest size
            self.updateGeometry()
        return super().event(event)


@dataclass
class Page:
    key: str
    title: str
    factory: Callable[[], QWidget]
    item: QListWidgetItem
    widget: QWidget | None = None


class NavPane(QSplitter):
    """The navigation list (``nav``) on the left, the pages (``stack``) on the right."""

    page_chosen = Signal(str)  # the user picked a page in the list (mouse or keyboard)

    def __init__(self, min_width: int, sizes: tuple[int, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages: dict[str, Page] = {}
        self.sections: dict[str, QListWidgetItem] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setItemDelegate(NavigationDelegate(self.nav))
        self.nav.setMinimumWidth(min_width)
        self.nav.setMaximumWidth(300)
        self.stack = QStackedWidget()
        self.scroll = QScrollArea()
        self.scroll.setObjectName("page-scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the page
        self.scroll.setWidget(PageHolder(self.stack))
        self.addWidget(self.nav)
        self.addWidget(self.scroll)
        self.setStretchFactor(1, 1)
        self.setSizes(list(sizes))
        self.nav.currentItemChanged.connect(self._item_changed)

    def add_page(self, key: str, title: str, factory: Callable[[], QWidget],
                 section: str | None = None) -> Page:
        """Add a page (made on first view) at the end of its section, or of the list if none."""
        row = self.nav.count()
        if section is not None:
            if section not in self.sections:
                header = QListWidgetItem(section)
                header.setData(SECTION_ROLE, True)
                header.setFlags(Qt.ItemFlag.NoItemFlags)
                self.nav.addItem(header)
                self.sections[section] = header
                row = self.nav.count()
            else:
                row = self.nav.row(self.sections[section]) + 1
                while row < self.nav.count() and not self.nav.item(row).data(SECTION_ROLE):
                    row += 1
        item = QListWidgetItem(title)
        item.setData(KEY_ROLE, key)
        self.nav.insertItem(row, item)
        page = Page(key, title, factory, item)
        self.pages[key] = page
        return page

    def page_widget(self, key: str) -> QWidget:
        page = self.pages[key]
        if page.widget is None:
            page.widget = page.factory()
            self.stack.addWidget(page.widget)
        return page.widget

    def show_page(self, key: str) -> QWidget:
        """Bring the page forward and select its item (without emitting ``page_chosen``)."""
        widget = self.page_widget(key)
        self.stack.setCurrentWidget(widget)
        item = self.pages[key].item
        if self.nav.currentItem() is not item:
            self.nav.blockSignals(True)
            self.nav.setCurrentItem(item)
            self.nav.blockSignals(False)
        return widget

    def current_key(self) -> str | None:
        widget = self.stack.currentWidget()
        return next((k for k, p in self.pages.items() if p.widget is widget and widget is not None), None)

    def widgets(self) -> list[QWidget]:
        """The pages made so far."""
        return [p.widget for p in self.pages.values() if p.widget is not None]

    def set_badges(self, key: str, count: int | None = None, errors: int = 0, warnings: int = 0,
                   tip: str = "") -> None:
        """The grey count (None: no count), the error and warning badges (0: none) and the tooltip."""
        item = self.pages[key].item
        item.setData(COUNT_ROLE, count)
        item.setData(ERRORS_ROLE, errors)
        item.setData(WARNINGS_ROLE, warnings)
        item.setToolTip(tip)

    def _item_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None and current.data(KEY_ROLE):
            self.page_chosen.emit(current.data(KEY_ROLE))
