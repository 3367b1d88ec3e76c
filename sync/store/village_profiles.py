"""Which 村情概况 record counts when a village has more than one live one.

The village profile is one record per village, but for a while a township can hold two: a
replaced PC's set-up profile arrives in its first ordinary package, and only the village's
next package brings its deletion (``sync.exchange.recovery.retire_extra_profiles`` retires it when the
return package arrives there). Until then every reader (statistics, the register book, the
villages list, ``Store.profile``) takes the same one, the one that will remain: the record
whose first version is oldest (``hlc``, then ``version_id``), which is what the village keeps
once it meets both. Figures therefore do not jump when the deletion arrives. The cross-village
check ``R-X-PROFILE`` (``sync.reports.stats.status``) lists such villages so staff can see it.
"""

from __future__ import annotations

from sync.store import driver

# The first version of each live profile of the villages that have several, for ranking.
_SEVERAL = """
SELECT p._village, p.uuid,
       (SELECT v.hlc || ' ' || v.version_id FROM versions v
         WHERE v.record_uuid = p.uuid AND v.parent_id IS NULL ORDER BY v.hlc, v.version_id LIMIT 1)
  FROM village_profile p
 WHERE p._deleted = 0 AND p._village IN (
       SELECT _village FROM village_profile WHERE _deleted = 0 {only} GROUP BY _village HAVING COUNT(*) > 1)
"""


def several_profiles(conn: driver.Connection, village: str | None = None) -> dict[str, list[str]]:
    """village → the UUIDs of its live profiles, the one that counts first; only villages with
    more than one (usually none: one cheap grouped query)."""
    sql = _SEVERAL.format(only="AND _village = ?" if village else "")
    found: dict[str, list[tuple[str, str]]] = {}
    for code, record_uuid, first in conn.execute(sql, (village,) if village else ()):
        # A record without versions (not expected) ranks last; the UUID breaks ties.
        found.setdefault(code, []).append((first or "~", record_uuid))
    return {code: [u for _, u in sorted(ranked)] for code, ranked in found.items()}


def counted_profile(conn: driver.Connection, village: str) -> str | None:
    """The UUID of the village's profile that counts, or None when it has none."""
    several = several_profiles(conn, village).get(village)
    if several:
        return several[0]
    row = conn.execute("SELECT uuid FROM village_profile WHERE _village = ? AND _deleted = 0",
                       (village,)).fetchone()
    return row[0] if row else None
