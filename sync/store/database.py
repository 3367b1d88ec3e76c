"""The open database: its connection, identity, clock, user, catalog, transactions and reads.

``Store`` (``sync/store/store.py``) is a ``Database`` with the public API on top: the writes,
users, settings and choice lists. The modules that do that work (the writer, the checks,
the users' administration …) take a ``Database``, so none of them needs the ``Store`` class
and the package has no import cycle.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from forms.model import Catalog, Register, catalog
from sync.store import at_rest, choices, driver
from sync.store.current import row_values
from sync.store.disk_full import DiskFull, disk_full, is_disk_full
from sync.store.errors import StoreError
from sync.store.hlc import Clock, Timestamp
from sync.store.open_checks import open_checked
from sync.store.schema import migrate
from sync.store.settings import read_settings
from sync.store.users import (
    ADMIN,
    COMMAND_LINE,
    EDIT,
    EDIT_TOWNSHIP_COPY,
    MUST_LOG_IN,
    NOT_LOGGED_IN,
    User,
    nobody,
    require,
)
from sync.store.versions import VersionRow

VILLAGE = "village"
TOWNSHIP = "township"
# A county (区县民政局): the townships' merged data one level up, read-only for village data.
COUNTY = "county"
COUNTY_READ_ONLY = ("区县数据库中的村数据是只读的，不能在区县新增、修改或删除村的记录。"
                    "如需更正，请告知该村所属的乡镇：由乡镇改正后随下次上报的数据包送到区县，"
                    "并随返回数据包发给村。")


def new_id() -> str:
    """A time-ordered (version 7, RFC 9562) UUID as 32 hex digits: the milliseconds since 1970 in
    its first 48 bits, 74 random bits after them. Records and versions made one after another
    get increasing IDs, so the indexes on them (every table's key, the versions' record index,
    the search index) grow at their right end instead of at a random page for every insert; a
    township's indexes get a village's IDs in runs. The moment is no secret: every version
    carries its time anyway. Still unguessable, and as unique as the random ones were."""
    raw = bytearray((time.time_ns() // 1_000_000).to_bytes(6, "big") + _RANDOM.take(10))
    raw[6] = (raw[6] & 0x0F) | 0x70
    raw[8] = (raw[8] & 0x3F) | 0x80
    return raw.hex()


class _RandomPool:
    """The random part of IDs, read from the system 4 KiB at a time: a call to os.urandom per ID
    was a twentieth of a bulk add (two IDs per record). Under a lock (a worker thread saves too);
    a forked child starts afresh (``forget``), so two processes never hand out the same bytes."""

    def __init__(self) -> None:
        self.forget()

    def forget(self) -> None:
        self.lock, self.pool, self.at = threading.Lock(), b"", 0

    def take(self, n: int) -> bytes:
        with self.lock:
            at = self.at
            if at + n > len(self.pool):
                self.pool, at = os.urandom(4096), 0
            self.at = at + n
            return self.pool[at:at + n]


_RANDOM = _RandomPool()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_RANDOM.forget)


def dumps(values: Mapping[str, Any]) -> str:
    """Canonical JSON of a record's values: the same values always give the same text."""
    return _CANONICAL(values)


# ``json.dumps`` with options builds a new encoder for every call (a fifth of its time for a
# record's dozen values); this one is built once and gives the same text.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def now_text() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def connect(path: str | os.PathLike[str]) -> driver.Connection:
    """A connection to the database file at ``path``, set up as every Cunwu database is used.
    Called by ``open_file`` and ``create_file`` only."""
    conn = driver.connect(path, key=at_rest.key_for_open(path), isolation_level=None,
                          check_same_thread=True, timeout=30)
    conn.row_factory = driver.Row
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a commit is on disk before it returns, so a power cut loses nothing typed.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_file(path: Path) -> driver.Connection:
    """Open an existing Cunwu database: the one place a database file is opened (checks of the
    file and its encryption belong here). Brings its schema up to date; refuses a file that is
    not a Cunwu database, in Chinese."""
    conn, _read_only = open_checked_file(path)
    return conn


def open_checked_file(path: Path) -> tuple[driver.Connection, str | None]:
    """``open_file`` and why the file may not be written (None: it may): the file is checked
    before anything in it is changed (sync/store/open_checks.py)."""
    try:
        return open_checked(path, connect, lambda c: migrate(c, catalog()))
    except driver.DatabaseError as exc:
        if is_disk_full(exc):
            raise disk_full(path) from exc
        raise StoreError(f"{path} 不是村务台账数据库或已损坏：{exc}") from exc


def create_file(path: Path, meta: Mapping[str, str]) -> driver.Connection:
    """Create a new Cunwu database at ``path`` (never over an existing one) with its schema and
    ``meta`` (kind, codes, names), plus a new device and database ID."""
    if path.exists() and path.stat().st_size > 0:
        raise StoreError(f"{path} 已存在，不会覆盖")
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path)
    migrate(conn, catalog())
    rows = {**meta, "device_id": new_id(), "database_id": new_id(), "created_at": now_text(),
            "hlc_last": "0.0"}
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", rows.items())
    conn.execute("COMMIT")
    return conn


def _has_users(conn: driver.Connection) -> bool:
    try:
        return conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None
    except driver.OperationalError:  # a copy being written that has no users table yet
        return False


@dataclass(frozen=True)
class Record:
    uuid: str
    register: Register
    village: str
    version_id: str
    deleted: bool
    values: dict[str, Any]
    created_at: str
    created_by: str
    modified_at: str
    modified_by: str

    @property
    def title(self) -> str:
        return self.register.title(self.values)


class Database:
    """One open database file. Not shared across threads: open one per thread."""

    def __init__(self, path: Path, conn: driver.Connection, user: User | None = None,
                 cat: Catalog | None = None) -> None:
        self.path = path
        self._conn = conn
        self._db = sqlite_utils.Database(conn)
        self._key_generation = at_rest.generation
        self._key = at_rest.key_for(path)
        # The definitions, and (``reload_choices``) the catalog with this database's
        # choice-list additions (sync/store/choices.py): what every check and form here uses.
        self.base_catalog = cat or catalog()
        self.catalog = self.base_catalog
        self._data_version = -1
        self._choices_in_transaction = False
        self.reload_choices()
        self.meta = {r["key"]: r["value"] for r in conn.execute("SELECT key, value FROM meta")}
        # Without a user: the command line's administrator on a database without users, nobody
        # (reads only) on one that has users, until someone logs in (``store.user = …``).
        self.user = user or (nobody() if _has_users(conn) else User(COMMAND_LINE, ADMIN, COMMAND_LINE))
        self.clock = Clock(Timestamp.parse(self.meta.get("hlc_last", "0.0")))
        self.today: dt.date | None = None  # tests pin the date; None means the real today
        self.read_only: str | None = None  # why nothing may be written (a read-only medium)

    # The connection, opened again when the database's key changed in this process (another
    # connection replaced it: sync/store/rekey.py); outside a transaction, as a rekey needs the
    # write lock and waits for every transaction to end.
    @property
    def conn(self) -> driver.Connection:
        if self._key_generation != at_rest.generation:
            self._follow_key()
        return self._conn

    @conn.setter
    def conn(self, conn: driver.Connection) -> None:
        self._conn = conn
        self._db = sqlite_utils.Database(conn)

    @property
    def db(self) -> sqlite_utils.Database:
        if self._key_generation != at_rest.generation:
            self._follow_key()
        return self._db

    def _follow_key(self) -> None:
        self._key_generation = at_rest.generation
        if not self._conn.in_transaction and at_rest.key_for(self.path) != self._key:
            self.reconnect()

    def close(self) -> None:
        self._conn.close()

    def reconnect(self) -> None:
        """Open the file at ``path`` again (after it was encrypted in place or given a new key:
        sync/store/at_rest.py, rekey.py)."""
        self._conn.close()
        self._key_generation = at_rest.generation
        self._key = at_rest.key_for(self.path)
        self.conn = connect(self.path)

    # --------------------------------------------------------------- identity
    @property
    def kind(self) -> str:
        return self.meta["kind"]

    @property
    def is_township(self) -> bool:
        return self.kind == TOWNSHIP

    @property
    def is_county(self) -> bool:
        return self.kind == COUNTY

    @property
    def is_merged(self) -> bool:
        """Holds the merged data of many villages (a township or a county), read-only for their
        registers except what the township itself may correct."""
        return self.kind in (TOWNSHIP, COUNTY)

    @property
    def village_code(self) -> str | None:
        return self.meta.get("village_code")

    @property
    def village_name(self) -> str:
        return (self.meta.get("village_name") or self.meta.get("township_name")
                or self.meta.get("county_name", ""))

    @property
    def device_id(self) -> str:
        return self.meta["device_id"]

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
        self.meta[key] = value

    def reference_date(self) -> dt.date:
        return self.today or dt.date.today()

    def settings(self) -> dict[str, Any]:
        """Every setting: the stored value, or the definition's default."""
        return read_settings(self.conn, self.catalog)

    # ----------------------------------------------------------- transactions
    @contextmanager
    def transaction(self) -> Iterator[driver.Connection]:
        """All writes go through here: one IMMEDIATE transaction, or a savepoint inside one."""
        if self.read_only:
            raise StoreError(self.read_only)
        if self.user.role == NOT_LOGGED_IN:  # whatever the write, and whoever forgot to ask
            raise StoreError(MUST_LOG_IN.format("修改数据库"))
        if self.conn.in_transaction:
            name = f"sp_{new_id()}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self.conn
            except BaseException as exc:
                if self.conn.in_transaction:  # SQLite itself rolls back the whole transaction on a full disk
                    self.conn.execute(f"ROLLBACK TO {name}")
                    self.conn.execute(f"RELEASE {name}")
                self._catalog_after_rollback()
                if is_disk_full(exc) and not isinstance(exc, DiskFull):
                    raise disk_full(self.path) from exc
                raise
            self.conn.execute(f"RELEASE {name}")
            return
        clock_before = self.clock.last
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            if self.clock.last != clock_before:
                self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('hlc_last', ?)",
                                  (str(self.clock.last),))
            self.conn.execute("COMMIT")
            self._choices_in_transaction = False
        except BaseException as exc:
            if self.conn.in_transaction:  # SQLite itself rolls back on a full disk
                self.conn.execute("ROLLBACK")
            self._catalog_after_rollback()
            if is_disk_full(exc) and not isinstance(exc, DiskFull):
                raise disk_full(self.path) from exc
            raise

    def require_edit(self) -> None:
        """Refuse a write by a user who may only look."""
        require(self.user, EDIT)

    def refuse_foreign(self) -> None:
        """Refuse a change to a village's records in a township database, but by an administrator."""
        self.refuse_at_county()
        if self.is_township:
            require(self.user, EDIT_TOWNSHIP_COPY)

    def refuse_at_county(self) -> None:
        """A county only receives village data: nobody there adds, changes or deletes a village's
        record (not even an administrator). Corrections go down through the township, whose next
        upward package brings them back (and its return package takes them to the village)."""
        if self.is_county:
            raise StoreError(COUNTY_READ_ONLY)

    def audit(self, action: str, detail: str) -> None:
        """A line in the audit log (who did what, when). Caller holds the transaction."""
        self.conn.execute("INSERT INTO audit(at, user, action, detail) VALUES (?, ?, ?, ?)",
                          (now_text(), self.user.name, action, detail))

    # ----------------------------------------------------------- choice lists
    def reload_choices(self) -> set[str]:
        """Rebuild ``catalog`` from the definitions and ``choice_additions``; the lists that changed."""
        before = self.catalog
        self.catalog = choices.effective_catalog(self.base_catalog, choices.load(self.conn))
        if self.conn.in_transaction:
            self._choices_in_transaction = True  # a rollback must take the lists back too
        return {name for name, lst in self.catalog.choices.items() if before.choices.get(name) != lst}

    def refresh_catalog(self) -> bool:
        """Pick up choice lists another connection (the worker thread) changed; True if any did."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version == self._data_version:
            return False
        self._data_version = version
        return bool(self.reload_choices())

    def _catalog_after_rollback(self) -> None:
        if self._choices_in_transaction:
            self._choices_in_transaction = self.conn.in_transaction
            try:
                self.reload_choices()
            except driver.Error:
                pass  # the database is failing: the exception being raised says so

    # ------------------------------------------------------------------ reads
    def register_of(self, record_uuid: str) -> Register:
        row = self.conn.execute("SELECT register FROM versions WHERE record_uuid = ? LIMIT 1",
                                (record_uuid,)).fetchone()
        if row is None:
            raise StoreError(f"找不到编号为 {record_uuid} 的记录")
        return self.catalog.registers[row["register"]]

    def get(self, record_uuid: str) -> Record:
        record_uuid = record_uuid.strip().lower().replace("-", "")
        reg = self.register_of(record_uuid)
        row = self.conn.execute(f'SELECT * FROM "{reg.key}" WHERE uuid = ?', (record_uuid,)).fetchone()
        if row is None:
            raise StoreError(f"找不到编号为 {record_uuid} 的记录")
        return Record(
            uuid=row["uuid"], register=reg, village=row["_village"], version_id=row["_version"],
            deleted=bool(row["_deleted"]), values=row_values(reg, row),
            created_at=row["_created_at"] or "", created_by=row["_created_by"] or "",
            modified_at=row["_modified_at"] or "", modified_by=row["_modified_by"] or "",
        )

    def records(self, register: str, village: str | None = None,
                include_deleted: bool = False) -> list[dict[str, Any]]:
        """Current records of a register as canonical values plus ``uuid`` and ``_village``."""
        reg = self.catalog.register(register)
        sql = f'SELECT * FROM "{reg.key}" WHERE 1=1'
        args: list[Any] = []
        if not include_deleted:
            sql += " AND _deleted = 0"
        if village:
            sql += " AND _village = ?"
            args.append(village)
        sql += " ORDER BY _created_at, rowid"
        out = []
        for row in self.conn.execute(sql, args):
            values = row_values(reg, row)
            values["uuid"] = row["uuid"]
            values["_village"] = row["_village"]
            if include_deleted:
                values["_deleted"] = bool(row["_deleted"])
            out.append(values)
        return out

    def count(self, register: str, village: str | None = None) -> int:
        reg = self.catalog.register(register)
        sql = f'SELECT COUNT(*) FROM "{reg.key}" WHERE _deleted = 0'
        args = []
        if village:
            sql += " AND _village = ?"
            args.append(village)
        return self.conn.execute(sql, args).fetchone()[0]

    def history(self, record_uuid: str) -> list[VersionRow]:
        rows = self.conn.execute(
            "SELECT * FROM versions WHERE record_uuid = ? ORDER BY hlc, device, version_id",
            (record_uuid.strip().lower(),),
        )
        versions = [VersionRow.from_mapping(r) for r in rows]
        if not versions:
            raise StoreError(f"找不到编号为 {record_uuid} 的记录")
        return versions

    def villages(self) -> list[str]:
        """Every village code that has a record in any register (township: all merged villages)."""
        union = " UNION ".join(f'SELECT DISTINCT _village FROM "{r.key}"'
                               for r in self.catalog.ordered(include_profile=True))
        return [r[0] for r in self.conn.execute(union + " ORDER BY 1")]
