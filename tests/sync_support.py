"""Helpers for the sync tests (tests/sync): a township, enrolled villages, a stick, data digests."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from support import TODAY, TOWNSHIP_CODE, VILLAGE_CODE, person

from sync.exchange.exporter import export_package
from sync.exchange.identity import enroll, write_enrollment_file
from sync.exchange.import_summary import ImportSummary
from sync.exchange.importer import import_packages
from sync.store import at_rest, driver
from sync.store.store import Store

# Tables whose content an import may change only by accepting a package. import_log (and
# its AUTOINCREMENT counter) records refusals too, so it is left out.
NOT_DATA = {"import_log", "sqlite_sequence"}


def copy_db(source: Path, target: Path) -> Path:
    """A copy of the database (an encrypted one keeps its key and key file, and this process
    remembers the key for the copy as for the original)."""
    key = at_rest.key_for(source) if at_rest.is_encrypted(source) else None
    src, dst = driver.connect(source, key=key), driver.connect(target, key=key)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    if key is not None:
        at_rest.copy_key_file(source, target)
        at_rest.remember(target, key)
    return target


def data_digest(db: Path, only: list[str] | None = None) -> str:
    """SHA-256 over every row of every table except the import log (or of ``only``)."""
    key = at_rest.key_for(db) if at_rest.is_encrypted(db) else None
    conn = driver.connect(f"file:{db}?mode=ro", uri=True, key=key)
    try:
        digest = hashlib.sha256()
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            if table in NOT_DATA or (only is not None and table not in only):
                continue
            digest.update(table.encode())
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1, 2'):
                digest.update(repr(tuple(row)).encode())
        return digest.hexdigest()
    finally:
        conn.close()


def record_digest(db: Path) -> str:
    """SHA-256 over the records only: versions, current rows, conflicts, settings."""
    from forms.model import catalog

    tables = ["versions", "conflicts", "settings", *(r.key for r in catalog().ordered(include_profile=True))]
    return data_digest(db, tables)


def open_store(path: Path) -> Store:
    store = Store.open(path)
    store.today = TODAY
    return store


@dataclass
class World:
    """A township, one enrolled village (the demo village) and a stick, all in one folder."""

    root: Path
    township: Path
    village: Path
    stick: Path
    enrollment: Path

    def open(self, which: Path) -> Store:
        return open_store(which)

    def export(self, village: Path | None = None, *, full: bool = False, out: Path | None = None) -> Path | None:
        with open_store(village or self.village) as store:
            return export_package(store, out or self.stick, full=full).path

    def import_(self, *paths: Path, db: Path | None = None, **options: object) -> ImportSummary:
        with open_store(db or self.township) as store:
            return import_packages(store, list(paths) or [self.stick], **options)  # type: ignore[arg-type]

    def return_package(self, *, full: bool = False, village: str = VILLAGE_CODE) -> Path | None:
        with open_store(self.township) as store:
            return export_package(store, self.stick, full=full, for_village=village).path

    def enrollment_for(self, village: str) -> Path:
        """A new enrollment file bound to ``village`` (its first package then needs no confirmation)."""
        folder = self.root / "bound"
        folder.mkdir(exist_ok=True)
        with open_store(self.township) as store:
            path = write_enrollment_file(store, folder, village=village).path
        assert path is not None
        return path

    def copy_village(self, name: str) -> Path:
        """A copy of the village database file, as if a PC were restored from it."""
        return copy_db(self.village, self.root / name)


def small_village(path: Path) -> None:
    with Store.create_village(path, VILLAGE_CODE, "东山村", {"常住人口": 1965, "户数": 612}) as store:
        store.today = TODAY
        store.add("committee_members", person(姓名="林秀英"))
        store.add("committee_members", person(姓名="王建国", 公民身份号码="350322196805120037",
                                              党组织职务="书记", 委员分工=None, 村委会职务="主任"))
        volunteer = store.add("volunteers", {"姓名": "陈晓梅", "证件号码": "350322199001010020",
                                             "居住村民小组": "一组", "注册日期": "2024-05-01"})
        store.add("volunteer_services", {"志愿者": volunteer.uuid, "活动名称": "环境整治",
                                         "服务日期": "2025-03-01", "服务时长": 2.5})


def make_world(folder: Path, village_source: Path | None) -> World:
    folder.mkdir(parents=True, exist_ok=True)
    stick = folder / "stick"
    stick.mkdir()
    township = folder / "township.db"
    with Store.create_township(township, TOWNSHIP_CODE, "榜头镇") as store:
        # Bound to the village: its first package proves the village's secret (no confirmation).
        enrollment = write_enrollment_file(store, folder, village=VILLAGE_CODE).path
    assert enrollment is not None
    village = folder / "village.db"
    if village_source is None:
        small_village(village)
    else:
        copy_db(village_source, village)
    with open_store(village) as store:
        enroll(store, enrollment)
    return World(folder, township, village, stick, enrollment)


def copy_world(template: World, folder: Path) -> World:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "stick").mkdir()
    shutil.copy(template.enrollment, folder / template.enrollment.name)
    return World(folder, copy_db(template.township, folder / "township.db"),
                 copy_db(template.village, folder / "village.db"), folder / "stick",
                 folder / template.enrollment.name)
