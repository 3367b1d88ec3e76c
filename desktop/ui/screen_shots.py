"""Pictures of the screen as a person sees it, and waiting for the event loop while taking them.

Used by ``cunwu gui --screenshot F --screen WxH`` (``save_screen``, from ``desktop.app``) and by
the screen tour (``desktop.ui.screen_tour``), which opens every window and dialog; kept apart
from the tour so that starting the program does not import the tour (which imports the program).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPixmap

from desktop.ui.widgets.screen_fit import FRAME_ALLOWANCE, primary_screen


def settle() -> None:
    """Run what is queued (layouts, posted resizes, queued signals) until nothing is left."""
    for _ in range(5):
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def wait_until(condition: Callable[[], bool], seconds: float = 60, what: str = "") -> None:
    """Run the event loop until ``condition()`` holds (a documentation script: polled)."""
    if condition():
        settle()
        return
    loop = QEventLoop()
    poll = QTimer()
    poll.timeout.connect(lambda: loop.quit() if condition() else None)
    poll.start(20)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    deadline.start(int(seconds * 1000))
    loop.exec()
    poll.stop()
    if not condition():
        raise TimeoutError(f"等待超时：{what}")
    settle()


def wait_for(signal: Any, seconds: float = 60) -> list[Any]:
    got: list[Any] = []
    signal.connect(lambda *args: got.append(args))
    wait_until(lambda: bool(got), seconds, str(signal))
    return got[0]


def screen_picture(windows: list[Any], display: bool) -> Any:
    """The whole screen as the person sees it: on X the screen itself; offscreen, the windows
    drawn at their places (bottom first), each dialog with a title bar the size the fit allows
    for, over a shaded window behind."""
    screen = primary_screen()
    if display:
        return screen.grabWindow(0)
    geometry = screen.geometry()
    ratio = screen.devicePixelRatio()
    # Logical sizes are rounded up (1024 / 1.5 → 683): the picture has the screen's physical pixels.
    picture = QPixmap(int(geometry.width() * ratio), int(geometry.height() * ratio))
    picture.setDevicePixelRatio(ratio)
    picture.fill(QColor("#3a6ea5"))
    painter = QPainter(picture)
    available = screen.availableGeometry()
    if available != geometry:  # the taskbar
        painter.fillRect(QRect(geometry.topLeft(), geometry.size()).adjusted(0, available.height(), 0, 0),
                         QColor("#202020"))
    for index, window in enumerate(windows):
        if index:
            painter.fillRect(QRect(QPoint(0, 0), geometry.size()), QColor(0, 0, 0, 50))
        inside = window.geometry().translated(-geometry.topLeft())
        if not (window.isMaximized() or window.isFullScreen()):
            frame = inside.marginsAdded(FRAME_ALLOWANCE)
            painter.fillRect(frame, QColor("#dfe6ee"))
            painter.setPen(QColor("#8899aa"))
            painter.drawRect(frame.adjusted(0, 0, -1, -1))
            painter.setPen(QColor("#000000"))
            title = QRect(frame.left() + 10, frame.top(), frame.width() - 20, FRAME_ALLOWANCE.top())
            painter.drawText(title, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                             window.windowTitle())
        painter.drawPixmap(inside.topLeft(), window.grab())
    painter.end()
    return picture


def save_screen(window: Any, path: str | Path) -> Path:
    """``cunwu gui --screenshot F --screen WxH``: the screen with the window as it opened, once
    the window's worker has answered the page's queries."""
    wait_until(lambda: not window.worker.busy(), 60, "worker")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not screen_picture([window], display=os.environ.get("QT_QPA_PLATFORM") == "xcb").save(str(target)):
        raise OSError(f"无法保存截图 {target}")
    return target
