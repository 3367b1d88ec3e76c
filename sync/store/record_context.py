"""What computed fields and rules read besides the record itself (``forms.compute.Context``):
the settings, the village's profile, its committee, volunteers' service hours, the date.
``Store.profile`` and ``Store.context`` call these."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from forms.compute import Context
from sync.store import driver

if TYPE_CHECKING:
    from sync.store.store import Store


class HoursLookup(Mapping[str, float]):
    """Cumulative service hours per volunteer, read from the database when asked."""

    def __init__(self, conn: driver.Connection) -> None:
        self._conn = conn

    def __getitem__(self, key: str) -> float:
        row = self._conn.execute(
            'SELECT COALESCE(SUM("服务时长"), 0) FROM volunteer_services '
            'WHERE "志愿者" = ? AND _deleted = 0', (key,)
        ).fetchone()
        return float(row[0])

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def village_profile(store: Store, village: str | None = None) -> dict[str, Any]:
    """The village's 村情概况 values ({} if it has none yet)."""
    from sync.store.village_profiles import counted_profile

    village = village or store.village_code
    # A township may briefly hold two live profiles of a village: every reader takes the same one.
    row = store.conn.execute(
        "SELECT * FROM village_profile WHERE uuid = ?", (counted_profile(store.conn, village),)
    ).fetchone()
    return store._values(store.catalog.registers["village_profile"], row) if row else {}


def record_context(store: Store, village: str | None = None) -> Context:
    village = village or store.village_code
    committee = store.records("committee_members", village=village)
    discipline = frozenset(
        r["公民身份号码"] for r in committee
        if r.get("公民身份号码") and r.get("党组织职务") in ("委员", "书记", "副书记")
        and r.get("委员分工") == "纪检"
    )
    return Context(settings=store.settings(), today=store.reference_date(),
                   service_hours=HoursLookup(store.conn), discipline_ids=discipline,
                   profile=store.profile(village), committee=committee)
