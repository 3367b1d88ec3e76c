"""What the village window offers the parts plugged into it.

The window (``main_window.MainWindow``) builds its menus and pages partly from other modules:
``extras`` (statistics pages, Excel, printing), ``village_tools`` (users, settings, backup,
search index, 关于), ``desktop.ui.exchange.village_menu`` (数据报送) and
``desktop.ui.registers.draft_offer`` (typing left by a power cut, offered back). They receive
the window as a ``VillageWindow``: this protocol names what they may use of it, so they need not
import the window module, which imports them. ``job_failed`` is how any of them reports a
background job that failed or was cancelled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from PySide6.QtWidgets import QMenuBar, QStatusBar, QWidget

from desktop.ui.registers.record_form import RecordForm
from desktop.ui.registers.register_view import RegisterView
from desktop.ui.registers.undo import RecordActions
from desktop.ui.widgets import msgbox
from desktop.ui.widgets.db_worker import DbWorker
from desktop.ui.widgets.i18n import translate
from desktop.ui.widgets.nav_pane import Page
from sync.progress import Cancelled
from sync.store.store import Store, StoreError
from sync.store.users import PermissionDenied


class VillageWindow(Protocol):
    """The village window as its parts see it (``MainWindow`` is one)."""

    store: Store
    worker: DbWorker  # the window's one database thread
    actions_: RecordActions  # every write of the window, on the worker (undoable ones on its stack)
    show_full: bool  # full ID numbers and phones instead of masked ones
    forms: list[RecordForm]  # the record forms open now
    draft_offer: QWidget | None  # the question about drafts asked at start, while it is open

    def menuBar(self) -> QMenuBar: ...

    def statusBar(self) -> QStatusBar: ...

    def isVisible(self) -> bool: ...

    def add_page(self, key: str, title: str, factory: Callable[[], QWidget],
                 section: str | None = None) -> Page: ...

    def current_register_view(self) -> RegisterView | None: ...

    def new_record(self, register_key: str | None = None, preset: Mapping[str, Any] | None = None,
                   fixed: tuple[str, ...] = (), offer_draft: bool = True) -> RecordForm | None: ...

    def open_record(self, uuid: str, focus_field: str | None = None, offer_draft: bool = True,
                    then: Callable[[RecordForm], None] | None = None) -> None:
        """Read the record on the worker, then open its form (and call ``then`` with it)."""

    def refresh_all(self) -> None:
        """Re-read every register page, the navigation counts and the status bar (after a job
        that wrote on the worker)."""

    def update_status(self) -> None:
        """Re-read the status bar's export figures."""


def job_failed(window: VillageWindow, error: BaseException) -> None:
    """A job of the window's worker ended in ``error``: 已取消 in the status bar, a store's or
    permission's refusal in a message box; anything else is a bug for the error hook."""
    if isinstance(error, Cancelled):
        window.statusBar().showMessage(translate("VillageTools", "已取消"), 5000)
    elif isinstance(error, StoreError | PermissionDenied):
        msgbox.warn(window, str(error))  # type: ignore[arg-type]  # the window is a QWidget
    else:
        raise error
