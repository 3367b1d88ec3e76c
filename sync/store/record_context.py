"""What computed fields and rules read besides the record itself (``forms.compute.Context``):
the settings, the date, the village's profile, the totals of ``sums`` fields and the village's
records of the registers some field ``depends_on`` (the catalog says which).
``Store.profile`` and ``Store.context`` call these."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from forms.compute import Context
from sync.store.current import row_values
from sync.store.database import Database
from sync.store.totals import TotalsLookup
from sync.store.village_profiles import counted_profile


def village_profile(db: Database, village: str | None = None) -> dict[str, Any]:
    """The village's 村情概况 values ({} if it has none yet)."""
    village = village or db.village_code
    # A township may briefly hold two live profiles of a village: every reader takes the same one.
    row = db.conn.execute("SELECT * FROM village_profile WHERE uuid = ?",
                          (counted_profile(db.conn, village),)).fetchone()  # type: ignore[arg-type]
    return row_values(db.catalog.registers["village_profile"], row) if row else {}


class _Related(Mapping[str, Sequence[Mapping[str, Any]]]):
    """The village's records of each register some field ``depends_on``, read when first asked:
    most saves compute no field that reads them (a service record, a volunteer)."""

    def __init__(self, db: Database, village: str | None) -> None:
        self._db, self._village = db, village
        self._keys = db.catalog.read_across
        self._read: dict[str, Sequence[Mapping[str, Any]]] = {}

    def __getitem__(self, key: str) -> Sequence[Mapping[str, Any]]:
        if key not in self._keys:
            raise KeyError(key)
        found = self._read.get(key)
        if found is None:
            found = self._read[key] = self._db.records(key, village=self._village)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def record_context(db: Database, village: str | None = None) -> Context:
    village = village or db.village_code
    return Context(settings=db.settings(), today=db.reference_date(),
                   totals=TotalsLookup(db.conn, db.catalog), profile=village_profile(db, village),
                   related=_Related(db, village))
