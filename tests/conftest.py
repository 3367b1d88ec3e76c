"""Shared fixtures: fresh databases per test, a pinned reference date, offscreen Qt."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.store import Store

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# A fixed "today" so tests about terms, ages and future dates do not drift with the calendar.
TODAY = dt.date(2026, 11, 21)
VILLAGE_CODE = "350322111202"
TOWNSHIP_CODE = "350322111"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


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
    from sync.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, volunteers=120, seed=7, today=TODAY).close()
    return path


@pytest.fixture
def demo_db(demo_db_template: Path, tmp_path: Path) -> Path:
    import sqlite3

    target = tmp_path / "demo.db"
    src = sqlite3.connect(demo_db_template)
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    return target


def person(**overrides: object) -> dict[str, object]:
    """A valid 两委 member (a woman born 1975-03-01) that tests adjust field by field."""
    values: dict[str, object] = {
        "姓名": "林秀英", "民族": "汉族", "公民身份号码": "350322197503010021",
        "政治面貌": "中共党员", "文化程度": "大学专科", "党组织职务": "委员", "委员分工": "组织",
        "村委会职务": "委员", "任职时间": "2026-03-18", "联系电话": "13812345678",
        "入党时间": "1998-07-01", "转正时间": "1999-07-01",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}
