"""The database schema, generated from the register definitions, and its migrations.

Two kinds of table hold records:

* ``versions``: the history. One row per version of any record, never updated or
  deleted: version ID (a time-ordered UUID), record UUID, parent version(s), hybrid-logical-clock
  timestamp, device, user, the full field values as JSON, deleted flag and reason.
* one *current-state* table per register (``committee_members`` …): the version that
  currently wins for each record, with one column per field (Chinese names, as in the
  definitions) so lists, filters, sorting and statistics are plain SQL.

System columns of the current tables start with ``_`` so they can never collide with a
field name. The schema version is SQLite's ``user_version``; each migration is a
function that moves the database one version on, inside one transaction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import sqlite_utils

from forms.model import Catalog, Register
from sync.store import driver

SYSTEM_COLUMNS: dict[str, type] = {
    "uuid": str,
    "_village": str,
    "_version": str,
    "_hlc": str,
    "_deleted": int,
    "_created_at": str,
    "_created_by": str,
    "_modified_at": str,
    "_modified_by": str,
    "_errors": int,
    "_warnings": int,
}


def field_columns(reg: Register) -> dict[str, type]:
    return {f.name: f.type.sql_type for f in reg.fields}


def create_register_table(db: sqlite_utils.Database, reg: Register) -> None:
    table = db[reg.key]
    if table.exists():
        # A field added to a definition becomes a new column; nothing is ever dropped,
        # so an older database keeps every value it holds.
        have = {c.name for c in table.columns}
        for name, col_type in field_columns(reg).items():
            if name not in have:
                table.add_column(name, col_type)
        return
    db.create_table(reg.key, {**SYSTEM_COLUMNS, **field_columns(reg)}, pk="uuid",
                    not_null={"_village", "_version", "_hlc", "_deleted"},
                    defaults={"_deleted": 0, "_errors": 0, "_warnings": 0})
    table.create_index(["_village", "_deleted"])
    if reg.person_field:
        table.create_index([reg.person_field])
    if reg.parent_field:
        table.create_index([reg.parent_field])
    if reg.title_field:
        table.create_index([reg.title_field])


def _v1(db: sqlite_utils.Database, cat: Catalog) -> None:
    db.create_table("meta", {"key": str, "value": str}, pk="key")
    db.create_table("settings", {"key": str, "value": str, "hlc": str, "user": str}, pk="key")
    db.create_table(
        "users",
        {"name": str, "display": str, "role": str, "password_hash": str, "created_at": str,
         "disabled": int},
        pk="name", defaults={"disabled": 0},
    )
    db.create_table(
        "versions",
        {
            "version_id": str,
            "record_uuid": str,
            "register": str,
            "village": str,
            "parent_id": str,
            "merge_parent_id": str,
            "hlc": str,
            "device": str,
            "user": str,
            "deleted": int,
            "reason": str,
            "data": str,
            "origin": str,
            "wall_time": str,
        },
        pk="version_id",
        not_null={"record_uuid", "register", "village", "hlc", "device", "deleted", "data"},
    )
    db["versions"].create_index(["record_uuid", "hlc"])
    db["versions"].create_index(["parent_id"])
    db["versions"].create_index(["origin"])
    db.create_table(
        "audit",
        {"id": int, "at": str, "user": str, "action": str, "detail": str},
        pk="id",
    )
    for reg in cat.ordered(include_profile=True):
        create_register_table(db, reg)


# The sync tables (see sync/exchange/township.py, sync/exchange/importer.py, sync/exchange/exporter.py).
_SYNC_TABLES = (
    # This installation's private keys (the threat is a lost stick, not the PC).
    "CREATE TABLE local_keys (id INTEGER PRIMARY KEY CHECK (id = 1), signing_private TEXT NOT NULL,"
    " encryption_private TEXT NOT NULL, created_at TEXT NOT NULL)",
    # Village: the township it sends to, from the enrollment file.
    "CREATE TABLE enrollment (id INTEGER PRIMARY KEY CHECK (id = 1), township_code TEXT NOT NULL,"
    " township_name TEXT NOT NULL, signing_public TEXT NOT NULL, encryption_public TEXT NOT NULL,"
    " created TEXT, enrolled_at TEXT NOT NULL, enrolled_by TEXT, township_installation TEXT)",
    # Township: each village PC whose key is pinned.
    "CREATE TABLE installations (installation_id TEXT PRIMARY KEY, village TEXT NOT NULL,"
    " signing_public TEXT NOT NULL, encryption_public TEXT NOT NULL, fingerprint TEXT NOT NULL,"
    " accepted_how TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,"
    " last_sequence INTEGER, packages INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX installations_village ON installations(village)",
    "CREATE TABLE villages (code TEXT PRIMARY KEY, name TEXT, enrolled INTEGER NOT NULL DEFAULT 0,"
    " enrolled_at TEXT, first_package_at TEXT, last_package_at TEXT, last_package_created TEXT,"
    " last_sequence INTEGER, last_installation TEXT, packages INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE import_log (id INTEGER PRIMARY KEY AUTOINCREMENT, file TEXT NOT NULL, file_sha256 TEXT,"
    " package_id TEXT, kind TEXT, village TEXT, village_name TEXT, installation TEXT, fingerprint TEXT,"
    " sequence INTEGER, package_created TEXT, imported_at TEXT NOT NULL, user TEXT, status TEXT NOT NULL,"
    " reason TEXT, new INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL DEFAULT 0,"
    " unchanged INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0,"
    " conflicts INTEGER NOT NULL DEFAULT 0, versions INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX import_log_village ON import_log(village)",
    # Idempotency: a package id is applied once; the same id with other bytes is refused.
    "CREATE TABLE imported_packages (package_id TEXT PRIMARY KEY, file_sha256 TEXT NOT NULL,"
    " kind TEXT NOT NULL, village TEXT NOT NULL, installation TEXT NOT NULL, sequence INTEGER NOT NULL,"
    " created TEXT, imported_at TEXT NOT NULL, log_id INTEGER)",
    "CREATE TABLE exports (package_id TEXT PRIMARY KEY, target TEXT NOT NULL, kind TEXT NOT NULL,"
    " village TEXT NOT NULL, sequence INTEGER NOT NULL, file TEXT NOT NULL, file_sha256 TEXT NOT NULL,"
    " created TEXT NOT NULL, full INTEGER NOT NULL, versions INTEGER NOT NULL, settings_hlc TEXT,"
    " user TEXT, acked_at TEXT)",
    # A version sent to a target (the township, or one village PC); acked once a receipt says so.
    "CREATE TABLE exported_versions (version_id TEXT NOT NULL, target TEXT NOT NULL,"
    " package_id TEXT NOT NULL, acked INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (version_id, target))"
    " WITHOUT ROWID",
    "CREATE TABLE conflicts (id INTEGER PRIMARY KEY AUTOINCREMENT, record_uuid TEXT NOT NULL,"
    " register TEXT NOT NULL, village TEXT NOT NULL, merge_version TEXT NOT NULL UNIQUE,"
    " base_version TEXT, ours_version TEXT NOT NULL, theirs_version TEXT NOT NULL, winner TEXT NOT NULL,"
    " kind TEXT NOT NULL, fields TEXT NOT NULL, package_id TEXT, created_at TEXT NOT NULL,"
    " resolved_at TEXT, resolved_by TEXT, resolution_version TEXT)",
    "CREATE INDEX conflicts_record ON conflicts(record_uuid)",
    "CREATE INDEX conflicts_village ON conflicts(village, resolved_at)",
)


def _v2(db: sqlite_utils.Database, cat: Catalog) -> None:
    for statement in _SYNC_TABLES:
        db.execute(statement)


# Indexes for the township statistics (sync/stats/volunteer_sql.py). A prefecture holds ~1.4
# million service records and ~290,000 volunteers: the report scans these covering indexes in
# village order (and merges the two) instead of reading the tables or looking each volunteer's
# services up, and finds the few service records with errors or warnings in a partial index.
STATISTICS_INDEXES = (
    "CREATE INDEX IF NOT EXISTS stats_services_by_village ON volunteer_services"
    '(_village, "志愿者", _deleted, "服务日期", "服务时长")',
    "CREATE INDEX IF NOT EXISTS stats_volunteers_by_village ON volunteers"
    '(_village, uuid, _deleted, "状态", _errors, _warnings, "累计服务时长")',
    "CREATE INDEX IF NOT EXISTS stats_services_flagged ON volunteer_services(_village, _deleted)"
    " WHERE _errors > 0 OR _warnings > 0",
)

# Indexes added after the numbered migrations, made at every open when missing (``migrate``):
# an index changes nothing an older program reads, so it needs no new schema number (which would
# stop an older program opening the database); a process killed while building one rolls back,
# and the next open builds it.
OPEN_INDEXES = (
    # Which packages came from one PC (``sync.exchange.installations``, ``importer._outdated``):
    # without it every package of an import scanned the whole table, quadratic in packages.
    "CREATE INDEX IF NOT EXISTS imported_packages_installation ON imported_packages(installation)",
    # 服务人次 of a period per village (``sync.reports.stats.volunteer_teams``): scanned from this
    # covering index instead of looking every service record of the period up in its table.
    "CREATE INDEX IF NOT EXISTS stats_services_served ON volunteer_services"
    '(_village, _deleted, "服务日期", "服务人次")',
    # The volunteers by 政治面貌, 身份 and team per village (``volunteer_teams``): read in the
    # GROUP BY's order from this covering index, with no sort (0.2 → 0.06 s on a prefecture).
    "CREATE INDEX IF NOT EXISTS stats_volunteers_more ON volunteers"
    '(_village, "政治面貌", "身份", "所属志愿服务队", _deleted, "状态", "注册日期")',
)


def _v3(db: sqlite_utils.Database, cat: Catalog) -> None:
    for statement in STATISTICS_INDEXES:
        db.execute(statement)


def _v4(db: sqlite_utils.Database, cat: Catalog) -> None:
    """Choice-list additions (sync/store/choices.py): the township's, or those it sent a village."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS choice_additions (list TEXT NOT NULL, kind TEXT NOT NULL"
        " CHECK (kind IN ('value', 'alias')), text TEXT NOT NULL, value TEXT NOT NULL, hlc TEXT NOT NULL,"
        " user TEXT, added_at TEXT, PRIMARY KEY (list, kind, text)) WITHOUT ROWID")
    # The newest addition a return package carried, so the next one sends the lists only if changed.
    if "choices_hlc" not in {c.name for c in db["exports"].columns}:
        db.execute("ALTER TABLE exports ADD COLUMN choices_hlc TEXT")


def _v5(db: sqlite_utils.Database, cat: Catalog) -> None:
    """Township: a village PC it retired (sync/exchange/township.py ``retire_installation``): who, when, why.
    NULL retired_at: in use (never retired, or enabled again)."""
    have = {c.name for c in db["installations"].columns}
    for column in ("retired_at", "retired_by", "retired_reason"):
        if column not in have:
            db.execute(f"ALTER TABLE installations ADD COLUMN {column} TEXT")


def _v6(db: sqlite_utils.Database, cat: Catalog) -> None:
    """No query looks versions up by parent (a record's versions are read by ``record_uuid`` and
    their graph is walked in memory), and the index cost every version written one insert at a
    random place: a prefecture import maintains 1.8 million of them."""
    db.execute("DROP INDEX IF EXISTS idx_versions_parent_id")


def _v7(db: sqlite_utils.Database, cat: Catalog) -> None:
    """Drafts (sync/store/drafts.py): what a clerk typed in a form not yet saved, kept against a power cut.
    Never a version: nothing reads this table but the drafts module."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS drafts (id TEXT PRIMARY KEY, register TEXT NOT NULL,"
        " record_uuid TEXT, base_version TEXT, user TEXT NOT NULL, \"values\" TEXT NOT NULL,"
        " updated_at TEXT NOT NULL)")
    db.execute("CREATE INDEX IF NOT EXISTS drafts_user ON drafts(user)")


def _v8(db: sqlite_utils.Database, cat: Catalog) -> None:
    """Nothing to change: from here on a year-month field (出生年月, 入党时间, 任职时间 …) may hold
    ``1968-03`` beside the full dates it held, both valid (TEXT columns; ``1968-03`` sorts before
    that month's days). The number only stops an older program from opening the database: it
    would read ``1968-03`` as a bad date and, saving a record, invent the day 01."""


def _v9(db: sqlite_utils.Database, cat: Catalog) -> None:
    """County (区县民政局) databases: the townships that report to it, and which township reported
    which village when. A village moved from one township to another keeps both rows (the
    cross-township check lists it); its township now is the one with the latest ``last_reported``.
    Village and township databases carry the empty tables, as they carry the township's.
    A township's link to its county (``county_link``) is made here too."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS townships (code TEXT PRIMARY KEY, name TEXT,"
        " enrolled INTEGER NOT NULL DEFAULT 0, enrolled_at TEXT, first_package_at TEXT,"
        " last_package_at TEXT, last_package_created TEXT, last_sequence INTEGER,"
        " last_installation TEXT, packages INTEGER NOT NULL DEFAULT 0)")
    db.execute(
        "CREATE TABLE IF NOT EXISTS village_townships (village TEXT NOT NULL, township TEXT NOT NULL,"
        " first_reported TEXT NOT NULL, last_reported TEXT NOT NULL, PRIMARY KEY (village, township))"
        " WITHOUT ROWID")
    # Township: the county it reports to (from the county's enrollment file), as ``enrollment``
    # holds a village's township. One row at most.
    db.execute(
        "CREATE TABLE IF NOT EXISTS county_link (id INTEGER PRIMARY KEY CHECK (id = 1),"
        " county_code TEXT NOT NULL, county_name TEXT NOT NULL, signing_public TEXT NOT NULL,"
        " encryption_public TEXT NOT NULL, created TEXT, enrolled_at TEXT NOT NULL, enrolled_by TEXT,"
        " county_installation TEXT)")


# Index i moves a database from user_version i to i + 1.
MIGRATIONS: list[Callable[[sqlite_utils.Database, Catalog], None]] = [_v1, _v2, _v3, _v4, _v5, _v6, _v7,
                                                                       _v8, _v9]
SCHEMA_DB_VERSION = len(MIGRATIONS)


# A bulk load into an empty or nearly empty township (``sync.exchange.importer``) leaves out the
# indexes nothing reads while it runs and builds them once at its end: inserting 1.4 million
# entries one at a time at random places costs several times what sorting them once does. The
# indexes the import reads (a village's rows, a record's versions, the records a total adds up)
# and every PRIMARY KEY/UNIQUE stay, so every check runs as before. What was dropped is noted in
# ``meta`` in the same transaction, so a process killed before building them again leaves a note
# that the next ``migrate`` (every open) acts on.
DEFERRED_INDEXES_KEY = "deferred_indexes"


def deferrable_indexes(cat: Catalog) -> set[str]:
    """Indexes only the windows and the statistics read: ID numbers, titles, origins, statistics."""
    names = {"idx_versions_origin", "stats_services_by_village", "stats_volunteers_by_village",
             "stats_services_flagged", "stats_services_served", "stats_volunteers_more"}
    for reg in cat.ordered(include_profile=True):
        for column in (reg.person_field, reg.title_field):
            if column and column != reg.parent_field:
                names.add(f"idx_{reg.key}_{column}")
    return names


def defer_indexes(conn: driver.Connection, cat: Catalog) -> int:
    """Drop the deferrable indexes, noting their SQL in ``meta``. Caller holds the transaction.
    Returns how many were dropped."""
    wanted = deferrable_indexes(cat)
    found = [(name, sql) for name, sql in conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        if name in wanted]
    if not found:
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (DEFERRED_INDEXES_KEY,)).fetchone()
    noted = json.loads(row[0]) if row else []
    noted += [sql for _name, sql in found]
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                 (DEFERRED_INDEXES_KEY, json.dumps(noted, ensure_ascii=False)))
    for name, _sql in found:
        conn.execute(f'DROP INDEX "{name}"')
    return len(found)


def restore_indexes(conn: driver.Connection) -> int:
    """Build the indexes ``defer_indexes`` noted, and drop the note. Caller holds the transaction.
    Returns how many were built."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (DEFERRED_INDEXES_KEY,)).fetchone()
    if row is None:
        return 0
    statements = json.loads(row[0])
    for sql in statements:
        conn.execute(_IF_NOT_EXISTS.sub("CREATE INDEX IF NOT EXISTS ", sql, count=1))
    conn.execute("DELETE FROM meta WHERE key = ?", (DEFERRED_INDEXES_KEY,))
    return len(statements)


_IF_NOT_EXISTS = re.compile(r"^CREATE\s+INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?", re.IGNORECASE)


class NewerDatabase(RuntimeError):
    pass


def migrate(conn: driver.Connection, cat: Catalog) -> int:
    """Bring the schema up to date; returns the version it started from."""
    start = conn.execute("PRAGMA user_version").fetchone()[0]
    if start > SCHEMA_DB_VERSION:
        raise NewerDatabase(
            f"数据库版本（{start}）比本程序支持的（{SCHEMA_DB_VERSION}）新，请升级村务台账后再打开"
        )
    db = sqlite_utils.Database(conn)
    for version in range(start, SCHEMA_DB_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](db, cat)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite rolls back by itself on a full disk
                conn.execute("ROLLBACK")
            raise
    # Definitions may gain fields without a numbered migration.
    conn.execute("BEGIN IMMEDIATE")
    try:
        for reg in cat.ordered(include_profile=True):
            create_register_table(db, reg)
        # A bulk import killed before it built its deferred indexes again: build them now.
        restore_indexes(conn)
        for statement in OPEN_INDEXES:
            conn.execute(statement)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return start
