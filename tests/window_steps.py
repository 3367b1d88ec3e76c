"""Steps in the village window that many tests take the same way a clerk does."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtWidgets import QApplication


def run_checks(qtbot: Any, window: Any) -> Any:
    """Bring the window to the front and press 检查; the checks panel once it has its findings."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    panel = window.checks_panel()
    with qtbot.waitSignal(panel.checked, timeout=30_000):
        window.check_action.trigger()
    return panel


WAIT = 20_000


def listed(qtbot: Any, view: Any) -> Any:
    """Wait until a register page's list (and the lists beneath it) came from the worker."""
    children = view.children if isinstance(getattr(view, "children", None), list) else []
    models = [view.model, *(child.model for child in children)]
    qtbot.waitUntil(lambda: all(m.loaded and not m.loading for m in models), timeout=WAIT)
    return view


def show_register(qtbot: Any, window: Any, key: str) -> Any:
    """Open a register's page as the navigation does, and wait for its list."""
    return listed(qtbot, window.show_register(key))


def opened(qtbot: Any, signal: Any, act: Any) -> Any:
    """Do ``act()`` and return the dialog ``signal`` hands over once it opened (what it shows is
    read on the worker first)."""
    with qtbot.waitSignal(signal, timeout=WAIT) as blocker:
        act()
    return blocker.args[0]


def open_record(qtbot: Any, window: Any, uuid: str, **kwargs: Any) -> Any:
    return opened(qtbot, window.form_opened, lambda: window.open_record(uuid, **kwargs))


def open_history(qtbot: Any, window: Any, uuid: str) -> Any:
    return opened(qtbot, window.history_opened, lambda: window.open_history(uuid))


def leave_field(qtbot: Any, form: Any, name: str) -> None:
    """What leaving a field does, and wait for the check's answer to be shown."""
    with qtbot.waitSignal(form.checked, timeout=WAIT):
        form.field_left(name)


def checked(qtbot: Any, form: Any) -> Any:
    """Wait until the form's checks asked so far are answered."""
    qtbot.waitUntil(lambda: not form.check_pending(), timeout=WAIT)
    return form


def column_texts(qtbot: Any, model: Any, column: int) -> list[str]:
    """Every row's text in ``column``, once the rows have come from the worker (a row not read
    yet is asked for by reading it, as painting does)."""
    qtbot.waitUntil(lambda: model.loaded and not model.loading, timeout=WAIT)

    def ready() -> bool:
        texts = [model.index(r, column).data() for r in range(model.rowCount())]
        return all(model.row_ready(r) for r in range(model.rowCount())) and "…" not in texts

    qtbot.waitUntil(ready, timeout=WAIT)
    return [model.index(r, column).data() for r in range(model.rowCount())]


@contextmanager
def township_window(qtbot: Any, store: Any, *, counted: bool = True) -> Iterator[Any]:
    """The township's (or a county's) window on ``store``, on screen; ``counted``: once it has
    counted its villages. Closed, with its store, after the test."""
    from desktop.ui.township.township_window import TownshipWindow

    window = TownshipWindow(store)
    qtbot.addWidget(window)
    try:
        if counted:
            with qtbot.waitSignal(window.counted, timeout=WAIT):
                window.show()
        else:
            window.show()
            qtbot.waitExposed(window)
        yield window
    finally:
        window.close()
        store.close()


def busy(worker: Any) -> threading.Event:
    """Keep a database worker busy until the returned event is set (to queue work deterministically)."""
    release = threading.Event()
    worker.submit(lambda _store, _progress: release.wait(WAIT / 1000))
    return release


def cancel_export(qtbot: Any, dialog: Any, worker: Any) -> None:
    """导出 pressed while the worker is busy and 取消 before it starts; returns once the dialog is idle."""
    release = busy(worker)
    dialog.export_button.click()
    dialog.cancel()
    release.set()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=WAIT)
