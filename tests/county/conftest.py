"""The county chain the tests of a module share: built once per module, copied for each test."""

from __future__ import annotations

from pathlib import Path

import pytest

from county.chain import Chain, build_chain


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Chain:
    return build_chain(tmp_path_factory.mktemp("chain") / "c")


@pytest.fixture
def chain(template: Chain, tmp_path: Path) -> Chain:
    """A copy of the template chain of its own (databases, enrollment files, sticks)."""
    return template.copy_to(tmp_path / "c")
