"""Windows and dialogs that fit the screen they open on.

Office PCs run 1024×768, 1366×768 or 1920×1080, often at 125–150 % scaling (1366×768 at
150 % leaves 910×512 logical pixels), always with a taskbar. So the main window opens
maximised on the first start, and afterwards where the clerk left it, fitted to the
available area (``QScreen.availableGeometry``: the screen without its taskbar) of a screen
that is still there; and no dialog is ever taller or wider than that area
(``DialogFitter``, installed on the application): a dialog sized for a large screen
shrinks, and its own layout keeps its buttons in view (forms scroll, buttons stay).

Where a window was is kept in a small JSON file beside the user's data (``WindowPlaces``),
per window kind (village, township), by screen name: a window last seen on a second
monitor that is gone opens maximised on the primary screen instead of off-screen.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QMargins, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

# A window's title bar and borders before the window system has drawn them (Windows 10/11
# at any scaling: about 31 logical pixels of title bar, 8 of resize border): a window fitted
# with this allowance keeps its title bar on screen wherever it opens.
FRAME_ALLOWANCE = QMargins(8, 32, 8, 8)
PREFERRED_SIZE = QSize(1366, 768)  # what the window asks for when the screen has the room


def primary_screen() -> QScreen:
    screen = QGuiApplication.primaryScreen()
    assert screen is not None, "没有可用的屏幕"
    return screen


def screen_of(widget: QWidget | None) -> QScreen:
    """The screen a widget is on (a dialog: its parent's), else the primary one."""
    while widget is not None:
        screen = widget.screen()
        if screen is not None:
            return screen
        widget = widget.parentWidget()
    return primary_screen()


def available_area(widget: QWidget | None = None) -> QRect:
    """The part of the widget's screen that windows may use (the taskbar left out)."""
    return screen_of(widget).availableGeometry()


def frame_margins(widget: QWidget) -> QMargins:
    """The window's frame as the window system reports it, never less than the allowance."""
    handle = widget.windowHandle()
    real = handle.frameMargins() if handle is not None else QMargins()
    return QMargins(max(real.left(), FRAME_ALLOWANCE.left()), max(real.top(), FRAME_ALLOWANCE.top()),
                    max(real.right(), FRAME_ALLOWANCE.right()), max(real.bottom(), FRAME_ALLOWANCE.bottom()))


def fit_rect(rect: QRect, area: QRect, margins: QMargins, minimum: QSize | None = None) -> QRect:
    """``rect`` (a window's inside) shrunk and moved so that with its frame it lies in ``area``.

    It never gets smaller than ``minimum``; a window that cannot fit keeps its top-left
    corner (the title bar and the first fields) on screen."""
    room = area.marginsRemoved(margins)
    least = minimum if minimum is not None else QSize(0, 0)
    width = max(min(rect.width(), room.width()), least.width())
    height = max(min(rect.height(), room.height()), least.height())
    x = max(min(rect.x(), room.x() + room.width() - width), room.x())
    y = max(min(rect.y(), room.y() + room.height() - height), room.y())
    return QRect(x, y, width, height)


def centred(size: QSize, area: QRect) -> QRect:
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(area.center())
    return rect


def fit_window(widget: QWidget) -> None:
    """Shrink a top-level window into its screen's available area, and place it there.

    A window placed by hand (``move``) is moved inside the area; any other is centred over
    its parent window, as Qt would, but by the frame this module allows for rather than by
    Qt's guess from the windows already open (which, under a maximised window, can put a
    tall dialog's title bar above the screen). A message box sizes itself as it is shown
    and is only made to fit (Qt centres it)."""
    if widget.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
        return
    area = available_area(widget)
    margins = frame_margins(widget)
    minimum = widget.minimumSize()
    if widget.testAttribute(Qt.WidgetAttribute.WA_Moved):
        fitted = fit_rect(widget.geometry(), area, margins, minimum)
    elif isinstance(widget, QMessageBox):
        size = fit_rect(widget.geometry(), area, margins, minimum).size()
        if size != widget.size():
            widget.resize(size)
        return
    else:
        parent = widget.parentWidget()
        over = parent.window().geometry() if parent is not None and parent.isVisible() else area
        size = fit_rect(widget.geometry(), area, margins, minimum).size()
        fitted = fit_rect(centred(size, over), area, margins, minimum)
    if fitted != widget.geometry():
        widget.setGeometry(fitted)


def grow_to_content(widget: QWidget) -> None:
    """Make a shown window tall enough for its wrapped text again, within its screen.

    Qt keeps a window at least as large as its layout's minimum, but that minimum leaves out
    text that wraps: a dialog whose labels got longer after it opened (a warning, a result)
    squeezed them to a sliver instead of growing."""
    layout = widget.layout()
    if (layout is None or not widget.isVisible() or not layout.hasHeightForWidth()
            or widget.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen)):
        return
    needed = layout.totalMinimumHeightForWidth(widget.width())
    if needed <= widget.height():
        return
    grown = QRect(widget.geometry().topLeft(), QSize(widget.width(), needed))
    widget.setGeometry(fit_rect(grown, available_area(widget), frame_margins(widget), widget.minimumSize()))


class DialogFitter(QObject):
    """Application-wide: every dialog, as it is shown, is fitted to its screen's available area,
    and grows (within it) when its wrapped text needs more room.

    One place for every dialog of both windows, those of later features included: a dialog
    asks for the size it would like (``resize(1100, 680)``) and gets at most what the
    screen has."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QDialog) or not watched.isWindow():
            return False
        if event.type() == QEvent.Type.Show and not event.spontaneous():
            fit_window(watched)
        elif event.type() == QEvent.Type.LayoutRequest and watched.isVisible():
            # Once the layout has handled the request (Qt merges the requests of one pass).
            QTimer.singleShot(0, watched, lambda dialog=watched: grow_to_content(dialog))
        return False


def install_dialog_fitter(app: QGuiApplication) -> DialogFitter:
    fitter = DialogFitter(app)
    app.installEventFilter(fitter)
    return fitter


# --------------------------------------------------------------- main window places
@dataclass(frozen=True)
class Place:
    """Where a main window was when it closed: its screen, its normal (not maximised) inside."""

    screen: str
    x: int
    y: int
    width: int
    height: int
    maximized: bool

    @property
    def rect(self) -> QRect:
        return QRect(self.x, self.y, self.width, self.height)


def place_of(window: QWidget) -> Place:
    rect = window.normalGeometry() if window.isMaximized() else window.geometry()
    return Place(screen_of(window).name(), rect.x(), rect.y(), rect.width(), rect.height(),
                 window.isMaximized())


def find_screen(name: str) -> QScreen | None:
    return next((s for s in QGuiApplication.screens() if s.name() == name), None)


def place_window(window: QWidget, place: Place | None) -> None:
    """Before ``show()``: where the window was, fitted to that screen if it is still there;
    otherwise (first start, or a monitor gone) maximised on the primary screen.

    The normal geometry is fitted too, so that un-maximising (or a window system that
    ignores the request) still leaves the whole window on screen."""
    screen = find_screen(place.screen) if place is not None else None
    margins = frame_margins(window)
    minimum = window.minimumSizeHint().boundedTo(window.maximumSize()).expandedTo(window.minimumSize())
    if place is not None and screen is not None:
        area = screen.availableGeometry()
        window.setGeometry(fit_rect(place.rect, area, margins, minimum))
        maximized = place.maximized
    else:
        area = primary_screen().availableGeometry()
        window.setGeometry(fit_rect(centred(PREFERRED_SIZE, area), area, margins, minimum))
        maximized = True
    state = window.windowState() & ~Qt.WindowState.WindowMaximized
    window.setWindowState(state | Qt.WindowState.WindowMaximized if maximized else state)


class PlaceKeeper(QObject):
    """Writes the window's place to ``places`` whenever the window is closed (hidden by the program,
    not minimised)."""

    def __init__(self, window: QWidget, places: WindowPlaces, kind: str) -> None:
        super().__init__(window)
        self.window, self.places, self.kind = window, places, kind
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Hide and not event.spontaneous():
            self.places.put(self.kind, place_of(self.window))
        return False


def show_in_place(window: QWidget, places: WindowPlaces, kind: str) -> PlaceKeeper:
    """Show a main window where it was last closed (or maximised), and remember where it is closed."""
    place_window(window, places.get(kind))
    keeper = PlaceKeeper(window, places, kind)
    window.show()
    return keeper


class WindowPlaces:
    """The places of the main windows by kind ("village", "township") in one JSON file.

    A file that cannot be read is as good as none: the window opens maximised."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _all(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, kind: str) -> Place | None:
        entry = self._all().get(kind)
        if not isinstance(entry, dict) or set(entry) != set(Place.__dataclass_fields__):
            return None
        numbers = [entry[k] for k in ("x", "y", "width", "height")]
        if (not isinstance(entry["screen"], str) or not isinstance(entry["maximized"], bool)
                or not all(type(n) is int for n in numbers)):
            return None
        return Place(**entry)

    def put(self, kind: str, place: Place) -> None:
        data = self._all()
        data[kind] = asdict(place)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        except OSError:
            pass  # a read-only data folder costs the clerk a maximised window next time, nothing more
