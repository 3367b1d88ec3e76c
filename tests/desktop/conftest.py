"""Fixtures for the window's tests: stores logged in as each role, a main window, scripted answers.

Message boxes and questions go through ``desktop.ui.widgets.msgbox``; ``answers`` replaces those
functions with ones that record what was asked and reply as the test says, so no test
ever waits on a modal dialog.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from support import TODAY

from desktop.ui.widgets.db_worker import DbWorker
from sync.store.store import Store
from sync.store.users import ADMIN, CLERK, VIEWER

PASSWORD = "secret123"


def _open(path: Path, name: str, role: str) -> Store:
    """Opened as the window opens it: the user is whoever logged in with a password."""
    store = Store.open(path)
    user = store.authenticate(name, PASSWORD)
    assert user is not None and user.role == role
    store.user = user
    store.today = TODAY
    return store


@pytest.fixture
def users_db(demo_db: Path) -> Path:
    """The demo village with one user of each role (password ``secret123``)."""
    with Store.open(demo_db) as store:
        store.add_user("admin", ADMIN, PASSWORD, "管理员甲")
        store.add_user("clerk", CLERK, PASSWORD, "林文书")
        store.add_user("viewer", VIEWER, PASSWORD, "查看者")
    return demo_db


@pytest.fixture
def admin_store(users_db: Path) -> Iterator[Store]:
    store = _open(users_db, "admin", ADMIN)
    yield store
    store.close()


@pytest.fixture
def clerk_store(users_db: Path) -> Iterator[Store]:
    store = _open(users_db, "clerk", CLERK)
    yield store
    store.close()


@pytest.fixture
def viewer_store(users_db: Path) -> Iterator[Store]:
    store = _open(users_db, "viewer", VIEWER)
    yield store
    store.close()


@dataclass
class Answers:
    """What the dialogs were asked, and the replies the test scripted."""

    texts: list[str | None] = field(default_factory=list)
    confirm_reply: bool = True
    save_reply: str = "discard"  # msgbox.ask_save: "save", "discard" or "cancel"
    asked: list[tuple[str, str]] = field(default_factory=list)

    def ask_text(self, _parent: Any, title: str, label: str, text: str = "") -> str | None:
        self.asked.append(("ask_text", f"{title}：{label}"))
        return self.texts.pop(0) if self.texts else None

    def confirm(self, _parent: Any, text: str, title: str | None = None) -> bool:
        self.asked.append(("confirm", text))
        return self.confirm_reply

    def ask_save(self, _parent: Any, text: str, title: str | None = None) -> str:
        self.asked.append(("ask_save", text))
        return self.save_reply

    def warn(self, _parent: Any, text: str, title: str | None = None) -> None:
        self.asked.append(("warn", text))

    def inform(self, _parent: Any, text: str, title: str | None = None) -> None:
        self.asked.append(("inform", text))

    def of(self, kind: str) -> list[str]:
        return [text for k, text in self.asked if k == kind]


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    from desktop.ui.widgets import msgbox

    scripted = Answers()
    for name in ("ask_text", "confirm", "ask_save", "warn", "inform"):
        monkeypatch.setattr(msgbox, name, getattr(scripted, name))
    return scripted


def make_window(qtbot: Any, store: Store) -> Any:
    from desktop.ui.village.main_window import MainWindow

    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # As at start-up: the demo database predates the search index, which is built on the worker.
    window.ensure_search_index()
    qtbot.waitUntil(lambda: not window.worker.busy(), timeout=20_000)
    return window


@pytest.fixture
def window_factory(qtbot: Any) -> Any:
    """``window_factory(store)``: a main window as the app opens it (for tests that set Qt up first)."""
    return lambda store: make_window(qtbot, store)


@pytest.fixture
def window(qtbot: Any, admin_store: Store, answers: Answers) -> Iterator[Any]:
    win = make_window(qtbot, admin_store)
    yield win
    win.close()


@pytest.fixture
def clerk_window(qtbot: Any, clerk_store: Store, answers: Answers) -> Iterator[Any]:
    win = make_window(qtbot, clerk_store)
    yield win
    win.close()


@pytest.fixture
def viewer_window(qtbot: Any, viewer_store: Store, answers: Answers) -> Iterator[Any]:
    win = make_window(qtbot, viewer_store)
    yield win
    win.close()


@pytest.fixture
def worker(admin_store: Store, qtbot: Any) -> Iterator[DbWorker]:
    """The window's database worker on the administrator's database, stopped after the test."""
    started = DbWorker(Path(admin_store.path), admin_store.user, admin_store.today)
    yield started
    started.stop()


@pytest.fixture
def owner(qtbot: Any) -> QWidget:
    """A shown window for jobs and dialogs to belong to (progress boxes are its children)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    with qtbot.waitExposed(widget):
        widget.show()
    return widget
