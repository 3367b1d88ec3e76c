"""Where the statistics read from: the register tables, and what the sync side records.

The adapters at the top (:func:`last_packages`, :func:`known_villages`, :func:`open_conflicts`)
are the only places that read the sync tables (``import_log``, ``villages``, ``conflicts``).
They read the columns ``sync/store/schema.py`` defines, named in :data:`SYNC_COLUMNS`; a test
holds those names against a new database, so a column renamed on the sync side fails there
(and here, loudly) instead of turning a report's figures into "unknown".
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from forms.model import Register
from forms.types import FieldType, as_date
from sync.exchange.import_summary import ACCEPTED, DUPLICATE
from sync.store import driver
from sync.store.village_names import village_names
from sync.store.village_profiles import several_profiles

# ------------------------------------------------------------------ sync adapters

# What the statistics read of the sync side's tables (sync/store/schema.py).
SYNC_COLUMNS: dict[str, tuple[str, ...]] = {
    "import_log": ("village", "sequence", "package_created", "status"),
    "villages": ("code", "name", "enrolled", "last_package_created", "last_sequence"),
    "conflicts": ("village", "resolved_at"),
}


@dataclass(frozen=True)
class PackageInfo:
    date: dt.date | None
    sequence: int | None


def last_packages(conn: driver.Connection) -> dict[str, PackageInfo]:
    """village code → the newest package received (its creation date and sequence).

    A duplicate was received before and counts; a refused or skipped package was not applied.
    """
    found: dict[str, PackageInfo] = {}
    for code, sequence, stamp in conn.execute(
            "SELECT village, sequence, package_created FROM import_log WHERE status IN (?, ?)",
            (ACCEPTED, DUPLICATE)):
        if not code:
            continue
        info = PackageInfo(as_date(stamp), int(sequence) if sequence is not None else None)
        old = found.get(code)
        if old is None or _newer(info, old):
            found[code] = info
    return found


def carried_packages(conn: driver.Connection) -> dict[str, PackageInfo]:
    """village code → its newest package as a county knows it (``villages``: the last package of
    the village that a township's package carried)."""
    return {code: PackageInfo(as_date(stamp), int(seq) if seq is not None else None)
            for code, stamp, seq in conn.execute(
                "SELECT code, last_package_created, last_sequence FROM villages")
            if code and (stamp or seq is not None)}


def _newer(a: PackageInfo, b: PackageInfo) -> bool:
    if a.sequence is not None and b.sequence is not None and a.sequence != b.sequence:
        return a.sequence > b.sequence
    return (a.date or dt.date.min) > (b.date or dt.date.min)


def known_villages(conn: driver.Connection, enrolled_only: bool = False) -> dict[str, str]:
    """village code → name from the township's ``villages`` table (every village it enrolled
    or received a package from)."""
    where = " WHERE enrolled = 1" if enrolled_only else ""
    return {c: (n or "") for c, n in conn.execute(f"SELECT code, name FROM villages{where}") if c}


def enrolled_villages(conn: driver.Connection) -> dict[str, str]:
    """village code → name of the villages the township enrolled explicitly."""
    return known_villages(conn, enrolled_only=True)


def open_conflicts(conn: driver.Connection) -> dict[str, int]:
    """village code → conflicts awaiting review (``conflicts`` table)."""
    sql = "SELECT village, COUNT(*) FROM conflicts WHERE resolved_at IS NULL GROUP BY village"
    return {c: n for c, n in conn.execute(sql) if c}


# ------------------------------------------------------------------ register rows

Row = dict[str, Any]


def load_rows(conn: driver.Connection, reg: Register,
              village: str | Collection[str] | None = None) -> list[Row]:
    """Current, not deleted records as canonical values plus uuid, _village, _errors (of one
    village, or of the villages given: a county's township)."""
    names = [f.name for f in reg.fields]
    keys = [*names, "uuid", "_village", "_errors", "_warnings"]
    cols = ", ".join(f'"{n}"' for n in names)
    sql = (f'SELECT {cols}, uuid, _village, COALESCE(_errors, 0), COALESCE(_warnings, 0) '
           f'FROM "{reg.key}" WHERE _deleted = 0')
    args: tuple[Any, ...] = ()
    if isinstance(village, str) and village:
        sql += " AND _village = ?"
        args = (village,)
    elif village is not None and not isinstance(village, str):
        sql += " AND _village IN (SELECT value FROM json_each(?))"
        args = (json.dumps(sorted(village)),)
    sql += " ORDER BY _village, _created_at, rowid"
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples: a dict per row is built from them in one go
    out = [dict(zip(keys, row, strict=True)) for row in cur.execute(sql, args)]
    # Most types read back as stored; only these need converting (bool, multi).
    for f in reg.fields:
        if type(f.type).from_sql is not FieldType.from_sql:
            name, convert = f.name, f.type.from_sql
            for values in out:
                values[name] = convert(values[name])
    return out


def by_village(rows: Iterable[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        out[r["_village"]].append(r)
    return out


@dataclass
class Scope:
    """The villages a report covers, their names and profiles."""

    villages: list[str]
    names: dict[str, str]
    profiles: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    enrolled: dict[str, str] = field(default_factory=dict)
    # Villages with more than one live profile → their UUIDs, the counted one first (R-X-PROFILE).
    several_profiles: dict[str, list[str]] = field(default_factory=dict)
    # The report covers some of the database's villages only (a county's township): rows are
    # read for these, not for every village of the database.
    limited: bool = False


def village_scope(conn: driver.Connection, profile_reg: Register, registers: Iterable[Register],
                  village_code: str | None, only: str | None,
                  among: Collection[str] | None = None) -> Scope:
    """Every village that is enrolled, has a profile or has any record (deleted or not); of
    those, the ones ``among`` names (a county's township) when it is given."""
    several = several_profiles(conn)
    profiles: dict[str, Row] = {}
    for r in load_rows(conn, profile_reg):
        v = r["_village"]
        if v not in several or several[v][0] == r["uuid"]:  # the one every reader takes
            profiles[v] = r
    known = known_villages(conn)
    enrolled = enrolled_villages(conn)
    codes: set[str] = set(known) | set(profiles)
    for reg in registers:
        codes.update(r[0] for r in conn.execute(f'SELECT DISTINCT _village FROM "{reg.key}"'))
    if village_code:
        codes = {village_code}
    if among is not None:
        codes &= set(among)
    if only:
        codes = {only}
    codes.discard("")
    named = village_names(conn, codes)
    names = {c: named.get(c) or c for c in sorted(codes)}
    return Scope(sorted(codes), names, profiles, enrolled,
                 {c: uuids for c, uuids in several.items() if c in codes}, among is not None)
