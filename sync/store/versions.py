"""One row of the ``versions`` table, as every part of the program reads it.

The store's history, the exporter, the payload, the planner and the merge all use this one
class: the stored JSON text of the values is parsed only when ``values`` is first read, so
the merge's hot path (a prefecture of versions compared by identity and content) never
parses what it does not look at.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class VersionRow:
    """One row of the ``versions`` table (``values``: the field values, parsed when first read)."""

    version_id: str
    record_uuid: str
    register: str
    village: str
    parent_id: str | None
    merge_parent_id: str | None
    hlc: str
    device: str
    user: str
    deleted: bool
    reason: str | None
    data: str  # canonical JSON of the input values
    wall_time: str
    origin: str = ""
    _values: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def values(self) -> dict[str, Any]:
        if self._values is None:
            self._values = json.loads(self.data)
        return self._values

    @property
    def key(self) -> tuple[str, str, str]:
        """Total order used for every deterministic choice."""
        return (self.hlc, self.device, self.version_id)

    @property
    def parents(self) -> tuple[str, ...]:
        return tuple(p for p in (self.parent_id, self.merge_parent_id) if p)

    def db_row(self) -> tuple[Any, ...]:
        """Values in the column order of ``COLUMNS``."""
        return (self.version_id, self.record_uuid, self.register, self.village, self.parent_id,
                self.merge_parent_id, self.hlc, self.device, self.user, int(self.deleted), self.reason,
                self.data, self.origin, self.wall_time)

    @classmethod
    def from_db(cls, row: Sequence[Any]) -> VersionRow:
        (version_id, record_uuid, register, village, parent_id, merge_parent_id, hlc, device, user,
         deleted, reason, data, origin, wall_time) = row
        return cls(version_id, record_uuid, register, village, parent_id, merge_parent_id, hlc, device,
                   user or "", bool(deleted), reason, data, wall_time or "", origin or "")

    def same_version(self, other: VersionRow) -> bool:
        """Same identity and content (origin and user are where it came from, not what it is)."""
        return (self.version_id == other.version_id and self.record_uuid == other.record_uuid
                and self.register == other.register and self.village == other.village
                and self.parents == other.parents and self.hlc == other.hlc
                and self.deleted == other.deleted and self.data == other.data)

    def as_dict(self) -> dict[str, Any]:
        """The version for JSON output: every column, the values parsed instead of ``data``."""
        return {"version_id": self.version_id, "record_uuid": self.record_uuid, "register": self.register,
                "village": self.village, "parent_id": self.parent_id, "merge_parent_id": self.merge_parent_id,
                "hlc": self.hlc, "device": self.device, "user": self.user, "deleted": self.deleted,
                "reason": self.reason, "values": self.values, "origin": self.origin,
                "wall_time": self.wall_time}

    @classmethod
    def from_mapping(cls, row: Mapping[str, Any]) -> VersionRow:
        """From a row read by column name (``SELECT *`` with ``sqlite3.Row``)."""
        return cls.from_db(tuple(row[name] for name in COLUMNS))


# The table's columns in the order of ``db_row`` and ``from_db``.
COLUMNS = ("version_id", "record_uuid", "register", "village", "parent_id", "merge_parent_id", "hlc",
           "device", "user", "deleted", "reason", "data", "origin", "wall_time")


# A moment as the machine writes it (2026-12-04T19:13:00, maybe with fractions or a zone).
_ISO_MOMENT = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")


def short_time(moment: str) -> str:
    """``2026-12-04T19:13:00`` as people write it: ``2026-12-04 19:13``."""
    return _ISO_MOMENT.sub(r"\1 \2", moment)


def readable_reason(reason: str | None) -> str:
    """A stored reason as shown to a person. Reverts written before 2026-12 say
    ``恢复到 2026-12-04T19:13:00 的版本``; they read ``恢复到 2026-12-04 19:13 的版本``."""
    return short_time(reason or "")
