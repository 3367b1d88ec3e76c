"""What a statistics report is made of: figures that remember the records behind them.

A :class:`Figure` is one cell of the report: a count, a share (numerator and
denominator), an average, a sum of hours or a piece of text. Every numeric figure knows
the records behind its numerator, so a person can click it and see who is counted: as a
list of UUIDs, or, for figures over very many records (volunteers, service records), as
a :class:`Query` or a :class:`Deferred` list that is worked out when someone asks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sync.store import driver

COUNT = "count"
SHARE = "share"
MEAN = "mean"
HOURS = "hours"
TEXT = "text"
CHANGE = "change"  # a difference between two figures (this term against the last): n, with its direction

TOTAL = ""  # the village code of the township-total row


@dataclass(frozen=True)
class Query:
    """UUIDs too many to keep in memory (service records): found when someone asks."""

    sql: str
    params: tuple[Any, ...] = ()

    def run(self, conn: driver.Connection) -> list[str]:
        return [r[0] for r in conn.execute(self.sql, self.params)]


class Deferred(Protocol):
    """Records of a figure worked out on demand (the volunteers of a prefecture are ~300,000
    UUIDs per column; nobody clicks most of them)."""

    def uuids(self, conn: driver.Connection | None) -> list[str]: ...


class Figure:
    """One cell. ``records`` may be given as a :class:`Deferred`: it is then listed on first
    use, on the connection the report was computed with, or on the caller's connection
    through :meth:`record_uuids` (a view on another thread than the computation)."""

    __slots__ = ("_records", "count", "d", "flagged", "kind", "n", "query", "text", "villages")

    def __init__(self, kind: str = COUNT, n: float = 0, d: float | None = None,
                 records: tuple[str, ...] | Deferred = (), flagged: tuple[str, ...] = (),
                 villages: tuple[str, ...] = (), query: Query | None = None, text: str = "",
                 count: int = 0) -> None:
        self.kind, self.n, self.d = kind, n, d
        self._records: tuple[str, ...] | Deferred = records
        self.flagged = flagged  # the records behind n that have errors (always listed)
        self.villages = villages  # village-level figures: the villages counted
        self.query = query
        self.text = text  # TEXT figures (dates in the data-status group)
        self.count = count  # MEAN figures: how many values were averaged

    @property
    def records(self) -> tuple[str, ...]:
        if not isinstance(self._records, tuple):
            self._records = tuple(self._records.uuids(None))
        return self._records

    @property
    def deferred(self) -> bool:
        """True while the records are not listed yet (cheap to ask, lists nothing)."""
        return not isinstance(self._records, tuple)

    def __repr__(self) -> str:
        return (f"Figure({self.kind!r}, n={self.n!r}, d={self.d!r}, flagged={len(self.flagged)}, "
                f"villages={len(self.villages)})")

    @property
    def share(self) -> float | None:
        if self.kind != SHARE or not self.d:
            return None
        return self.n / self.d

    def display(self) -> str:
        """The figure as printed: shares as ``n / N (x.x%)`` so the denominator is visible."""
        if self.kind == TEXT:
            return self.text
        if self.kind == SHARE:
            d = _number(self.d or 0)
            share = self.share
            percent = "—" if share is None else f"{share * 100:.1f}%"
            return f"{_number(self.n)} / {d} ({percent})"
        if self.kind == MEAN:
            return "—" if not self.count else f"{self.n:.1f}"
        if self.kind == CHANGE:
            return _change(self.n, self.count, self.text)
        return _number(self.n)

    def record_uuids(self, conn: driver.Connection | None = None) -> list[str]:
        """The records behind the figure, read on ``conn`` when they are not listed yet."""
        if self.query is not None and conn is not None:
            return self.query.run(conn)
        if not isinstance(self._records, tuple):
            found = self._records.uuids(conn)
            self._records = tuple(found)
            return found
        return list(self._records)

    def as_json(self, with_records: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.kind == TEXT:
            out["text"] = self.text
            return out
        out["n"] = _plain(self.n)
        if self.kind == SHARE:
            out["d"] = _plain(self.d or 0)
            share = self.share
            out["percent"] = None if share is None else round(share * 100, 1)
        if self.kind == MEAN:
            out["count"] = self.count
        if self.kind == CHANGE:
            out["n"] = round(float(self.n), 2) if self.count else None
            out["direction"] = _direction(self.n) if self.count else None
        out["errors"] = len(self.flagged)
        if self.villages:
            out["villages"] = list(self.villages)
        if with_records:
            out["records"] = list(self.records)
        return out


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) and not value.is_integer() else str(int(value))


def _direction(value: float) -> str:
    return "up" if round(value, 1) > 0 else "down" if round(value, 1) < 0 else "same"


def _change(value: float, known: int, unit: str) -> str:
    """上升 2.0 岁 / 下降 3.5 个百分点 / 持平; — when either side is unknown (``count`` 0)."""
    if not known:
        return "—"
    word = {"up": "↑ 上升", "down": "↓ 下降", "same": "持平"}[_direction(value)]
    return word if word == "持平" else f"{word} {abs(value):.1f}{unit}"


def _plain(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(float(value), 2)


def count(records: Iterable[str] = (), flagged: Iterable[str] = (), n: float | None = None,
          villages: Iterable[str] = ()) -> Figure:
    recs = tuple(records)
    return Figure(COUNT, len(recs) if n is None else n, None, recs, tuple(flagged), tuple(villages))


def share(n: float, d: float, records: Iterable[str] = (), flagged: Iterable[str] = (),
          villages: Iterable[str] = ()) -> Figure:
    return Figure(SHARE, n, d, tuple(records), tuple(flagged), tuple(villages))


def text(value: str) -> Figure:
    return Figure(TEXT, text=value)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT
    help: str = ""


@dataclass
class Row:
    village: str  # 12-digit code; TOTAL for the township total
    name: str
    figures: dict[str, Figure] = field(default_factory=dict)

    @property
    def is_total(self) -> bool:
        return self.village == TOTAL


@dataclass
class Group:
    key: str
    title: str
    columns: list[Column]
    total: Row
    villages: list[Row]
    notes: list[str] = field(default_factory=list)

    @property
    def total_note(self) -> str:
        """The note on a 合计 row that counts a person of several villages once (among ``notes``,
        first), or "" when the villages simply add up."""
        from sync.reports.counting import DEDUP_NOTE_START

        return next((n for n in self.notes if n.startswith(DEDUP_NOTE_START)), "")

    @property
    def rows(self) -> list[Row]:
        """Village rows first, then the 合计 row (the order of the Excel sheet)."""
        return [*self.villages, self.total]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Check:
    """A finding across villages (R-X-…) or of one village's register, with its records."""

    rule: str
    severity: str
    title: str
    message: str
    villages: tuple[str, ...] = ()
    records: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "title": self.title,
                "message": self.message, "villages": list(self.villages),
                "records": list(self.records)}


@dataclass
class Report:
    kind: str  # "village" or "township"
    code: str
    name: str
    as_of: dt.date
    period: tuple[dt.date, dt.date]
    village_names: dict[str, str]
    groups: dict[str, Group]
    checks: list[Check]
    settings: dict[str, Any]
    village_filter: str | None = None
    rechecked: bool = False
    seconds: float = 0.0

    def group(self, key: str) -> Group:
        return self.groups[key]

    def flagged_records(self) -> tuple[int, int] | None:
        """Records with errors and records with warnings in the registers (the data status 合计),
        or None when the report has no data status. ``checks`` holds only what is found across
        records (cross-village, register-level), so a report says both."""
        grp = self.groups.get("status")
        if grp is None:
            return None
        figures = grp.total.figures
        return int(figures["errors"].n or 0), int(figures["warnings"].n or 0)

    def summary_of_problems(self) -> str:
        """One line on what the checks found, for the window's status line and the PDF."""
        errors = sum(1 for c in self.checks if c.severity == "error")
        text = f"跨村及登记簿检查：错误 {errors} 条、警告 {len(self.checks) - errors} 条"
        flagged = self.flagged_records()
        if flagged is not None:
            text = f"有错误的记录 {flagged[0]} 条、有警告的记录 {flagged[1]} 条（见“数据状况”）；" + text
        return text

    def figure(self, group: str, key: str, village: str = TOTAL) -> Figure:
        grp = self.groups[group]
        row = grp.total if village == TOTAL else next(r for r in grp.villages if r.village == village)
        return row.figures[key]

    def as_json(self, with_records: bool = False) -> dict[str, Any]:
        return {
            "scope": {"kind": self.kind, "code": self.code, "name": self.name,
                      "village": self.village_filter},
            "as_of": self.as_of.isoformat(),
            "period": {"start": self.period[0].isoformat(), "end": self.period[1].isoformat()},
            "errors_rechecked": self.rechecked,
            "settings": self.settings,
            "villages": [{"code": c, "name": n} for c, n in self.village_names.items()],
            "groups": {
                key: {
                    "title": grp.title,
                    "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in grp.columns],
                    "total": _row_json(grp.total, with_records),
                    "villages": [_row_json(r, with_records) for r in grp.villages],
                    "notes": grp.notes,
                }
                for key, grp in self.groups.items()
            },
            "checks": [c.as_json() for c in self.checks],
        }


def _row_json(row: Row, with_records: bool) -> dict[str, Any]:
    return {"village": row.village or None, "name": row.name,
            "figures": {k: f.as_json(with_records) for k, f in row.figures.items()}}
