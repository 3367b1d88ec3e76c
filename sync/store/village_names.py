"""A village's name, looked up one way everywhere, and its label 「东山村（350104001001）」.

Three places may know a village's name: its 村情概况 (``village_profile``'s 村名, which the
village keeps up to date; when a township briefly holds two live profiles, the one every reader
counts, ``sync.store.village_profiles``), the township's ``villages`` table (the name the
township typed when enrolling it, or the one its first package carried), and, in a village's
own database, the name it was created with. The profile wins, then the township's table, then
the database's own name: a village renamed in its profile is called by its new name in
packages, books, statistics, rosters and messages alike.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from sync.store.village_profiles import counted_profile, several_profiles


def village_label(name: str | None, code: str) -> str:
    """「东山村（350104001001）」, or the code alone when no name is known."""
    return f"{name}（{code}）" if name else code


def _own(conn: sqlite3.Connection) -> tuple[str, str]:
    meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('village_code', 'village_name')"))
    return meta.get("village_code") or "", meta.get("village_name") or ""


def village_name(conn: sqlite3.Connection, code: str) -> str:
    """The village's name, or '' when nothing names it."""
    record = counted_profile(conn, code)
    if record is not None:
        row = conn.execute('SELECT "村名" FROM village_profile WHERE uuid = ?', (record,)).fetchone()
        if row and row[0]:
            return str(row[0])
    row = conn.execute("SELECT name FROM villages WHERE code = ?", (code,)).fetchone()
    if row and row[0]:
        return str(row[0])
    own_code, own_name = _own(conn)
    return own_name if code == own_code else ""


def village_label_of(conn: sqlite3.Connection, code: str) -> str:
    return village_label(village_name(conn, code), code)


def village_names(conn: sqlite3.Connection, codes: Iterable[str] = ()) -> dict[str, str]:
    """Code → name ('' when unknown) of every village the database knows by name (its own, the
    township's villages, those with a profile) and of ``codes``, in code order."""
    names = dict.fromkeys(codes, "")
    own_code, own_name = _own(conn)
    if own_code:
        names[own_code] = own_name
    for code, name in conn.execute("SELECT code, name FROM villages"):
        names[code] = name or names.get(code, "")
    several = several_profiles(conn)
    profiles = conn.execute('SELECT _village, uuid, "村名" FROM village_profile WHERE _deleted = 0')
    for code, record, name in profiles:
        if code not in several or several[code][0] == record:
            names[code] = str(name or "") or names.get(code, "")
    names.pop("", None)
    return dict(sorted(names.items()))
