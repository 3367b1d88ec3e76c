"""How long work reports how far it has come, and how it is asked to stop.

Every long piece of work in the core (an import, an export, rebuilding the search index, an
Excel import or export) and in the window (the worker thread's jobs, writing the book's PDF)
takes one ``Progress``: ``progress(done, total, message)``, ``total`` 0 when unknown,
``message`` Chinese or empty. The caller's progress returns False to ask the work to stop;
the work stops at its next safe point and raises :class:`Cancelled` (its changes rolled back,
nothing half-written), or, where what is done is kept (the import between packages), stops and
says so in its result. ``None`` and ``True`` both mean "go on", so a plain reporting function
needs no return statement.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Progress(Protocol):
    def __call__(self, done: int, total: int, message: str) -> bool | None: ...


# Asked between steps by work that keeps what it has done when it stops (the import).
Cancel = Callable[[], bool]


class Cancelled(Exception):
    """The person asked the work to stop; nothing it would have changed was changed.

    ``str()`` is Chinese when the work says what was left undone."""


def stopped(progress: Progress | None, done: int, total: int, message: str = "") -> bool:
    """Tell ``progress`` (if any); True when it asks to stop."""
    return progress is not None and progress(done, total, message) is False
