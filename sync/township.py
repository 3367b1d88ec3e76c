"""The township's view of its villages: pinned installation keys and the ``villages`` table.

Trust rules (``shared/domain/sync.md`` §7): the first package of an installation pins its
signing key. A command-line import accepts the first installation of a village inside
the township's code range (or a village the township enrolled explicitly); a further
installation for a village that already has one (a replaced PC) needs an explicit yes;
a package that claims a known installation but is signed by another key is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from forms.identifiers import division_code_problem
from sync.keys import fingerprint, from_b64, to_b64
from sync.store import Store, StoreError, now_text

# How an installation came to be trusted (installations.accepted_how).
IN_RANGE = "range"  # first installation of a village inside the township's code range
ENROLLED = "enrolled"  # first installation of a village the township enrolled
CONFIRMED = "confirmed"  # a person confirmed the fingerprint (window or --accept-new-installation)


@dataclass(frozen=True)
class Installation:
    installation_id: str
    village: str
    signing_public: bytes
    encryption_public: bytes
    fingerprint: str
    accepted_how: str
    first_seen: str
    last_seen: str
    last_sequence: int | None
    packages: int


@dataclass(frozen=True)
class NewInstallation:
    """What a person is asked to confirm before a new village PC is trusted."""

    installation_id: str
    village: str
    village_name: str
    fingerprint: str
    existing: tuple[Installation, ...]  # other installations already pinned for the village


ConfirmInstallation = Callable[[NewInstallation], bool]


def _installation(row: Any) -> Installation:
    return Installation(row[0], row[1], from_b64(row[2]), from_b64(row[3]), row[4], row[5], row[6], row[7],
                        row[8], row[9])


_INSTALLATION_COLUMNS = ("installation_id, village, signing_public, encryption_public, fingerprint, "
                         "accepted_how, first_seen, last_seen, last_sequence, packages")


def installation(store: Store, installation_id: str) -> Installation | None:
    row = store.conn.execute(f"SELECT {_INSTALLATION_COLUMNS} FROM installations WHERE installation_id = ?",
                             (installation_id,)).fetchone()
    return _installation(row) if row else None


def installations_of(store: Store, village: str) -> list[Installation]:
    """A village's installations, the most recently heard from first."""
    rows = store.conn.execute(f"SELECT {_INSTALLATION_COLUMNS} FROM installations WHERE village = ? "
                              "ORDER BY last_seen DESC, installation_id", (village,))
    return [_installation(r) for r in rows]


def pin_installation(store: Store, installation_id: str, village: str, signing_public: bytes,
                     encryption_public: bytes, how: str) -> None:
    """Trust a new installation's keys. Caller holds the transaction."""
    now = now_text()
    store.conn.execute(
        f"INSERT INTO installations({_INSTALLATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 0)",
        (installation_id, village, to_b64(signing_public), to_b64(encryption_public),
         fingerprint(signing_public), how, now, now))


def township_code(store: Store) -> str:
    return store.meta.get("township_code", "")


def in_range(store: Store, village: str) -> bool:
    return village.startswith(township_code(store))


def is_enrolled(store: Store, village: str) -> bool:
    row = store.conn.execute("SELECT enrolled FROM villages WHERE code = ?", (village,)).fetchone()
    return bool(row and row[0])


def enroll_village(store: Store, code: str, name: str | None = None) -> None:
    """Township: list a village as enrolled (also one outside the township's code range)."""
    problem = division_code_problem(code, 12)
    if problem:
        raise StoreError(f"村统计用区划代码“{code}”：{problem}")
    with store.transaction():
        store.conn.execute(
            "INSERT INTO villages(code, name, enrolled, enrolled_at) VALUES (?, ?, 1, ?) "
            "ON CONFLICT(code) DO UPDATE SET enrolled = 1, "
            "enrolled_at = COALESCE(enrolled_at, excluded.enrolled_at), name = COALESCE(excluded.name, name)",
            (code, name or None, now_text()))


def note_package(store: Store, *, village: str, name: str | None, installation_id: str, sequence: int,
                 created: str) -> None:
    """Record an accepted package in ``villages`` and ``installations``. Caller holds the transaction."""
    now = now_text()
    store.conn.execute(
        "INSERT INTO villages(code, name, first_package_at, last_package_at, last_package_created, "
        "last_sequence, last_installation, packages) VALUES (?, ?, ?, ?, ?, ?, ?, 1) "
        "ON CONFLICT(code) DO UPDATE SET name = COALESCE(excluded.name, name), "
        "first_package_at = COALESCE(first_package_at, excluded.first_package_at), "
        "last_package_at = excluded.last_package_at, "
        "last_package_created = CASE WHEN last_package_created IS NULL "
        "  OR excluded.last_package_created > last_package_created THEN excluded.last_package_created "
        "  ELSE last_package_created END, "
        "last_sequence = CASE WHEN last_installation IS excluded.last_installation "
        "  THEN MAX(COALESCE(last_sequence, -1), excluded.last_sequence) ELSE excluded.last_sequence END, "
        "last_installation = excluded.last_installation, "
        "packages = packages + 1",
        (village, name, now, now, created, sequence, installation_id))
    store.conn.execute(
        "UPDATE installations SET last_seen = ?, packages = packages + 1, "
        "last_sequence = MAX(COALESCE(last_sequence, -1), ?) WHERE installation_id = ?",
        (now, sequence, installation_id))


# ---------------------------------------------------------------- overview

@dataclass
class VillageOverview:
    """One line of the township's village list."""

    code: str
    name: str
    enrolled: bool
    in_range: bool
    fingerprints: list[str] = field(default_factory=list)
    first_package_at: str | None = None
    last_package_at: str | None = None
    last_package_created: str | None = None
    last_sequence: int | None = None
    packages: int = 0
    records: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    warnings: int = 0
    open_conflicts: int = 0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def village_overview(store: Store) -> list[VillageOverview]:
    """Every village the township knows (enrolled, sent a package, or has records)."""
    rows: dict[str, VillageOverview] = {}

    def get(code: str) -> VillageOverview:
        if code not in rows:
            rows[code] = VillageOverview(code, "", False, in_range(store, code))
        return rows[code]

    for r in store.conn.execute("SELECT code, name, enrolled, first_package_at, last_package_at, "
                                "last_package_created, last_sequence, packages FROM villages"):
        v = get(r[0])
        v.name, v.enrolled = r[1] or "", bool(r[2])
        v.first_package_at, v.last_package_at, v.last_package_created = r[3], r[4], r[5]
        v.last_sequence, v.packages = r[6], r[7]
    for reg in store.catalog.ordered(include_profile=True):
        for code, count, errors, warnings in store.conn.execute(
                f'SELECT _village, COUNT(*), SUM(_errors), SUM(_warnings) FROM "{reg.key}" '
                "WHERE _deleted = 0 GROUP BY _village"):
            v = get(code)
            v.records[reg.key] = count
            v.errors += errors or 0
            v.warnings += warnings or 0
    for code, name in store.conn.execute('SELECT _village, "村名" FROM village_profile WHERE _deleted = 0'):
        if name:
            get(code).name = get(code).name or name
    for code, fp in store.conn.execute("SELECT village, fingerprint FROM installations "
                                       "ORDER BY last_seen DESC"):
        get(code).fingerprints.append(fp)
    for code, n in store.conn.execute("SELECT village, COUNT(*) FROM conflicts WHERE resolved_at IS NULL "
                                      "GROUP BY village"):
        get(code).open_conflicts = n
    return [rows[c] for c in sorted(rows)]
