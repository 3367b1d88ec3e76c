"""Shared fixtures: fresh databases per test, a pinned reference date, offscreen Qt."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from roles_support import places, template  # noqa: F401  (the roles tests' world, a copy per test)
from support import TODAY, VILLAGE_CODE

from sync.store.store import Store

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def own_ui_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the window remembers splitter positions: this test's own file, never the user's."""
    path = tmp_path / "ui-state.ini"
    monkeypatch.setenv("CUNWU_UI_STATE", str(path))
    return path


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def village_db(tmp_path: Path) -> Path:
    path = tmp_path / "village.db"
    Store.create_village(path, VILLAGE_CODE, "东山村", {"常住人口": 1965, "户数": 612}).close()
    return path


@pytest.fixture
def store(village_db: Path) -> Iterator[Store]:
    s = Store.open(village_db)
    s.today = TODAY
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo village built per test session; copy it with ``demo_db`` before writing."""
    from sync.demo.village import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, volunteers=120, seed=7, today=TODAY).close()
    return path


@pytest.fixture(scope="session")
def sample_township_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample township of three villages (``sync.demo.township``), built once per test session;
    copy it with ``sample_township`` before writing."""
    from sync.demo.township import build_sample_township

    path = tmp_path_factory.mktemp("sample-township") / "township.db"
    build_sample_township(path).close()
    return path


@pytest.fixture
def sample_township(sample_township_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the sample township's database, this test's to change."""
    path = tmp_path / "t.db"
    shutil.copy(sample_township_template, path)
    return path


@pytest.fixture
def demo_db(demo_db_template: Path, tmp_path: Path) -> Path:
    from sync.store import driver

    target = tmp_path / "demo.db"
    src = driver.connect(demo_db_template)
    dst = driver.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    return target


def opened(path: Path, today: dt.date) -> Iterator[Store]:
    store = Store.open(path)
    store.today = today
    yield store
    store.close()


@pytest.fixture
def demo_store(demo_db: Path) -> Iterator[Store]:
    """The demo village (this test's copy), open, dated ``TODAY``."""
    yield from opened(demo_db, TODAY)


@pytest.fixture
def township_store(sample_township: Path) -> Iterator[Store]:
    """The sample township of three villages (this test's copy), open, dated its reference date."""
    from sync.demo.township import AS_OF

    yield from opened(sample_township, AS_OF)
