"""What a county database knows of its townships (read only; the upward import writes them).

``townships`` holds one row per township that enrolled or sent a package; ``village_townships``
which township reported which village, first and last. A village's township *now* is the one
that reported it last (ties: the lowest township code), so a village that moved to another
township follows it without losing the old row, which :func:`reported_by_two` lists for the
county's cross-township check.
"""

from __future__ import annotations

from dataclasses import dataclass

from sync.store import driver


@dataclass(frozen=True)
class Report:
    """One township's reporting of a village (a row of ``village_townships``)."""

    township: str
    first_reported: str
    last_reported: str


def current_townships(conn: driver.Connection) -> dict[str, str]:
    """village code → the code of the township that reported it last (ties: lowest code)."""
    found: dict[str, tuple[str, str]] = {}
    for village, township, last in conn.execute(
            "SELECT village, township, last_reported FROM village_townships ORDER BY village, township"):
        old = found.get(village)
        if old is None or last > old[1]:  # ascending codes: an equal date keeps the lower code
            found[village] = (township, last)
    return {v: t for v, (t, _last) in found.items()}


def township_names(conn: driver.Connection) -> dict[str, str]:
    """township code → name (the code when no name is known), ordered by code."""
    return {code: (name or code) for code, name in
            conn.execute("SELECT code, name FROM townships ORDER BY code") if code}


def reported_by_two(conn: driver.Connection) -> dict[str, list[Report]]:
    """village code → its reports, most recent first, for villages reported by two or more
    townships (a village moved from one township to another, or claimed by both)."""
    rows = conn.execute(
        "SELECT village, township, first_reported, last_reported FROM village_townships "
        "WHERE village IN (SELECT village FROM village_townships GROUP BY village "
        "HAVING COUNT(DISTINCT township) > 1) ORDER BY village, last_reported DESC, township")
    found: dict[str, list[Report]] = {}
    for village, township, first, last in rows:
        found.setdefault(village, []).append(Report(township, first, last))
    return found


def villages_of(conn: driver.Connection, township: str) -> list[str]:
    """The village codes whose township now is ``township``, sorted."""
    return sorted(v for v, t in current_townships(conn).items() if t == township)
