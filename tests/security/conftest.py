"""Fixtures for the attack tests: a township and one village enrolled with its own file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sync_support import World, copy_world, make_world


@pytest.fixture(scope="session")
def security_world_template(tmp_path_factory: pytest.TempPathFactory) -> World:
    return make_world(tmp_path_factory.mktemp("security-world"), None)


@pytest.fixture
def world(security_world_template: World, tmp_path: Path) -> World:
    return copy_world(security_world_template, tmp_path / "world")
