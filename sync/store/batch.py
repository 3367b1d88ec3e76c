"""What one write puts in the database, built before the write begins.

A form's save builds a batch of one record, a bulk add a batch of many, an import's plan a
batch per package: for a village the township has never seen, in a worker process, without
the database. ``sync.store.writer.write`` writes it. Every version, current row and search key
is made here and written there, so the three kinds of write cannot drift apart.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from forms.compute import Context
from forms.model import Catalog, Dependency, Register
from forms.validation import Issue, check_record
from sync.store import search
from sync.store.current import complete, current_row
from sync.store.db_checks import Neighbours, record_issues
from sync.store.versions import COLUMNS

_ORIGIN = COLUMNS.index("origin")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a batch is built: a batch allocates a few objects
    per field of every row and holds them all, so each collection walks every row built so far
    (12 % of a bulk add's time, bench/store.py). The rows hold no reference cycles; whatever
    garbage a batch leaves is collected once it is resumed."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@dataclass
class Batch:
    """Rows to write, and what they make stale elsewhere."""

    versions: list[tuple[Any, ...]] = field(default_factory=list)  # ``versions.COLUMNS`` order
    merges: list[tuple[Any, ...]] = field(default_factory=list)  # merges made here again: added if absent
    current: dict[str, list[list[Any]]] = field(default_factory=dict)  # register → current rows
    index: list[tuple[str, str, str, str]] = field(default_factory=list)  # search keys
    written: dict[str, set[str]] = field(default_factory=dict)  # register → records given a row
    # register → its records whose ``sums`` fields the written records add to
    feeds: dict[str, set[str]] = field(default_factory=dict)
    # register → villages whose records of it read a written record (``depends_on``)
    read_in: dict[str, set[str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(len(rows) for rows in self.current.values())


class Builder:
    """Builds a ``Batch``: each record's version, its current row (``sync.store.current``), its
    search key, and what it makes stale (the catalog's ``dependents``).

    ``neighbours`` (``sync.store.db_checks``) answer the checks against other records; without
    them a record is checked by its own rules only (a caller that checked it passes ``issues``).
    """

    def __init__(self, cat: Catalog, *, with_index: bool, neighbours: Neighbours | None = None) -> None:
        self.cat, self.with_index, self.neighbours = cat, with_index, neighbours
        self.batch = Batch()
        self._dependents: dict[str, tuple[Dependency, ...]] = {}

    def version(self, row: tuple[Any, ...]) -> None:
        """A new version (``VersionRow.db_row`` order)."""
        self.batch.versions.append(row)

    def merge(self, row: tuple[Any, ...]) -> None:
        """A merge version made here (``VersionRow.db_row`` order), which this database may hold
        already: merging the same versions makes the same row."""
        self.batch.merges.append((*row[:_ORIGIN], "local", *row[_ORIGIN + 1:]))

    def check(self, reg: Register, record_uuid: str, full: Mapping[str, Any], ctx: Context) -> list[Issue]:
        """The issues a record's row counts: its rules, and its neighbours' checks if known."""
        if self.neighbours is None:
            return check_record(reg, full, ctx, record_uuid)
        return record_issues(self.cat, reg, full, ctx, self.neighbours, record_uuid)

    def current(self, reg: Register, record_uuid: str, village: str, values: Mapping[str, Any],
                ctx: Context, *, version_id: str, hlc: str, deleted: bool, created_at: str,
                created_by: str, modified_at: str, modified_by: str, issues: list[Issue] | None = None,
                parse_issues: Sequence[Issue] = ()) -> tuple[dict[str, Any], list[Issue]]:
        """Make ``values`` (the typed fields of the version ``version_id``) the record's current
        state. Returns its full values (computed fields included) and the issues counted:
        ``issues`` if the caller has them already, else ``parse_issues`` (what reading a
        person's input found) and the record's checks."""
        full = complete(reg, record_uuid, values, ctx)
        if issues is None:
            # A deletion is not a record among its neighbours: no duplicate, no reference.
            found = (check_record(reg, full, ctx, record_uuid) if deleted
                     else self.check(reg, record_uuid, full, ctx))
            issues = [*parse_issues, *found]
        batch = self.batch
        batch.current.setdefault(reg.key, []).append(current_row(
            reg, full, village, issues, version_id=version_id, hlc=hlc, deleted=deleted,
            created_at=created_at, created_by=created_by, modified_at=modified_at, modified_by=modified_by))
        if self.with_index:
            batch.index.append((record_uuid, reg.key, search.search_text(reg, full),
                                search.sort_key(reg, full)))
        batch.written.setdefault(reg.key, set()).add(record_uuid)
        dependents = self._dependents.get(reg.key)
        if dependents is None:
            dependents = self._dependents[reg.key] = self.cat.dependents(reg.key)
        for dep in dependents:
            if dep.sums is None:
                batch.read_in.setdefault(dep.target, set()).add(village)
            elif not deleted and full.get(dep.sums.by):
                batch.feeds.setdefault(dep.target, set()).add(full[dep.sums.by])
        return full, issues
