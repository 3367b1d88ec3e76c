"""A county's townships and which of them reports each village (read only).

h17a's minimal copy of the reader the contract gives to h17b (TEAM-17-NOW.md): when both
branches are merged, h17b's file wins; these functions keep the same names and results.
"""

from __future__ import annotations

from sync.store import driver


def current_townships(conn: driver.Connection) -> dict[str, str]:
    """village code → the township that reports it now: the latest ``last_reported`` (ties: the
    lowest township code)."""
    out: dict[str, str] = {}
    for village, township in conn.execute(
            "SELECT village, township FROM village_townships ORDER BY village, last_reported DESC, township"):
        out.setdefault(village, township)
    return out


def township_names(conn: driver.Connection) -> dict[str, str]:
    """township code → its name (empty when not known)."""
    return {code: name or "" for code, name in conn.execute("SELECT code, name FROM townships")}
