"""Schema 6: the versions table keeps only the indexes some query uses."""

from __future__ import annotations

from pathlib import Path

from support import VILLAGE_CODE

from sync.store.schema import SCHEMA_DB_VERSION
from sync.store.store import Store


def _indexes(store: Store) -> set[str]:
    return {r[0] for r in store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'versions'")}


def test_versions_are_not_indexed_by_parent(tmp_path: Path) -> None:
    with Store.create_village(tmp_path / "v.db", VILLAGE_CODE, "东山村") as store:
        assert "idx_versions_parent_id" not in _indexes(store)
        assert "idx_versions_record_uuid_hlc" in _indexes(store)  # how a record's versions are read


def test_an_older_database_drops_the_index_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store.create_village(path, VILLAGE_CODE, "东山村") as store:
        store.conn.execute('CREATE INDEX "idx_versions_parent_id" ON "versions" ("parent_id")')
        store.conn.execute("PRAGMA user_version = 5")
        versions = store.conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_DB_VERSION
        assert "idx_versions_parent_id" not in _indexes(store)
        assert store.conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0] == versions > 0
