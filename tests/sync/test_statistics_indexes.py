"""The statistics' indexes (schema v3) exist in new databases and are added to older ones."""

from __future__ import annotations

from pathlib import Path

from sync.store.schema import SCHEMA_DB_VERSION, STATISTICS_INDEXES
from sync.store.store import Store

NAMES = {s.split(" ON ")[0].split()[-1] for s in STATISTICS_INDEXES}


def _indexes(store: Store) -> set[str]:
    return {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_a_new_township_has_them(tmp_path: Path) -> None:
    store = Store.create_township(tmp_path / "t.db", "350322111", "榜头镇")
    try:
        assert NAMES == {"stats_services_by_village", "stats_volunteers_by_village", "stats_services_flagged"}
        assert NAMES <= _indexes(store)
    finally:
        store.close()


def test_an_older_database_gets_them_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "v.db"
    store = Store.create_village(path, "350322111201", "东山村", {"常住人口": 100})
    for name in NAMES:
        store.conn.execute(f"DROP INDEX {name}")
    store.conn.execute("PRAGMA user_version = 2")
    store.close()
    store = Store.open(path)
    try:
        assert NAMES <= _indexes(store)
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_DB_VERSION
    finally:
        store.close()
