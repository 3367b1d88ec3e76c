"""Fixtures for the sync tests: a township, an enrolled village and a stick per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_support import World, copy_world, make_world


@pytest.fixture(scope="session")
def small_world_template(tmp_path_factory: pytest.TempPathFactory) -> World:
    return make_world(tmp_path_factory.mktemp("small-world"), None)


@pytest.fixture(scope="session")
def demo_world_template(tmp_path_factory: pytest.TempPathFactory, demo_db_template: Path) -> World:
    return make_world(tmp_path_factory.mktemp("demo-world"), demo_db_template)


@pytest.fixture
def world(small_world_template: World, tmp_path: Path) -> Iterator[World]:
    """A township and a small enrolled village (a few records): fast to sync."""
    yield copy_world(small_world_template, tmp_path / "world")


@pytest.fixture
def demo_world(demo_world_template: World, tmp_path: Path) -> Iterator[World]:
    """A township and the demo village (every register filled, 120 volunteers)."""
    yield copy_world(demo_world_template, tmp_path / "demo-world")
