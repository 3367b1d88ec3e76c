"""Totals a register keeps of another (``sums`` in the definitions): the one place they are added up.

累计服务时长 is the sum of 服务时长 over a volunteer's live service records. A save reads the
totals it needs one record at a time (``TotalsLookup``), a batch refresh a set of records at
once (``totals_for``), the statistics' recheck every record (``all_totals``), and an import's
plan, which may run without the database, adds them up in memory (``tally``). Deleted source
records and records without a target count for nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from forms.model import Catalog, Dependency
from sync.store import driver


def _sources_sql(dep: Dependency, where: str) -> str:
    assert dep.sums is not None
    return (f'SELECT "{dep.sums.by}", TOTAL("{dep.sums.field}") FROM "{dep.source}" '
            f'WHERE _deleted = 0 AND "{dep.sums.by}" IS NOT NULL {where} GROUP BY 1')


def _sums(cat: Catalog, register: str | None = None) -> list[Dependency]:
    return [d for d in cat.dependencies if d.sums is not None and (register is None or d.target == register)]


class _OneTotal(Mapping[str, float]):
    """One ``sums`` field's total per record, each read from the database when asked."""

    def __init__(self, conn: driver.Connection, dep: Dependency) -> None:
        self._conn = conn
        self._sql = _sources_sql(dep, f'AND "{dep.sums.by}" = ?')  # type: ignore[union-attr]

    def __getitem__(self, key: str) -> float:
        row = self._conn.execute(self._sql, (key,)).fetchone()
        return float(row[1]) if row else 0.0

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


class TotalsLookup(Mapping[str, Mapping[str, float]]):
    """Every ``sums`` field (by name) → its totals, read from the database record by record:
    what a form or a single save needs, without adding up a whole register."""

    def __init__(self, conn: driver.Connection, cat: Catalog) -> None:
        self._fields = {d.field: _OneTotal(conn, d) for d in _sums(cat)}

    def __getitem__(self, key: str) -> Mapping[str, float]:
        return self._fields[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)


def totals_for(conn: driver.Connection, cat: Catalog, register: str,
               uuids: Iterable[str]) -> dict[str, dict[str, float]]:
    """The ``sums`` fields of some records of ``register``: field → record → total, one query each."""
    wanted = json.dumps(sorted(set(uuids)))
    out: dict[str, dict[str, float]] = {}
    for dep in _sums(cat, register):
        sql = _sources_sql(dep, f'AND "{dep.sums.by}" IN (SELECT value FROM json_each(?))')  # type: ignore[union-attr]
        out[dep.field] = {target: float(total) for target, total in conn.execute(sql, (wanted,))}
    return out


def all_totals(conn: driver.Connection, cat: Catalog) -> dict[str, dict[str, float]]:
    """Every ``sums`` field's total of every record: field → record → total."""
    return {dep.field: {target: float(total) for target, total in conn.execute(_sources_sql(dep, ""))}
            for dep in _sums(cat)}


def source_rows(conn: driver.Connection, cat: Catalog,
                village: str) -> dict[str, list[tuple[str, Any, Any]]]:
    """A village's live source records of each ``sums`` field: field → (record, target, amount)."""
    out = {}
    for dep in _sums(cat):
        assert dep.sums is not None
        out[dep.field] = [(r[0], r[1], r[2]) for r in conn.execute(
            f'SELECT uuid, "{dep.sums.by}", "{dep.sums.field}" FROM "{dep.source}" '
            "WHERE _village = ? AND _deleted = 0", (village,))]
    return out


def tally(rows: Iterable[tuple[Any, Any]]) -> dict[str, float]:
    """Totals in memory from (target, amount) pairs, as the queries above add them up."""
    out: dict[str, float] = {}
    for target, amount in rows:
        if target:
            out[target] = out.get(target, 0.0) + float(amount or 0.0)
    return out
