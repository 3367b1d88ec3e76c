"""What every indicator group needs: rows, contexts, error flags, the reference date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from forms.compute import Context, discipline_ids
from forms.model import Catalog, Register
from forms.validation import ERROR, Issue, check_record, check_register
from sync.reports.counting import ENDS, STARTS, effect_test, in_effect, member, person_key, start_fields
from sync.reports.stats.sources import Row, Scope, by_village, load_rows
from sync.store import driver

# Who counts is decided in sync.reports.counting (shared with the book); named here for the groups.
__all__ = ["ENDS", "STARTS", "Inputs", "add_months", "as_of_note", "discipline_ids", "in_effect",
           "person_key", "start_fields"]


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def as_of_note(reg: Register) -> str:
    """The 口径 note of a group: which date limits what it counts."""
    fields = start_fields(reg)
    if not fields:
        return ""
    date = fields[0] + "".join(f"（未填时为{f}）" for f in fields[1:])
    return f"截至日期口径：{date}晚于截至日期的{reg.short}不计入；未填写该日期的照常计入。"


@dataclass
class Inputs:
    conn: driver.Connection
    catalog: Catalog
    settings: Mapping[str, Any]
    as_of: dt.date
    period: tuple[dt.date, dt.date]
    scope: Scope
    recheck: bool = False
    # The totals of ``sums`` fields for a recheck (``sync.store.totals.all_totals``).
    totals: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    # False: every volunteer is counted in Python (tests compare the two ways).
    volunteers_in_sql: bool = True
    # Filled by the volunteers group, reused by the data status and the checks: the
    # registrations counted in Python (all that may concern R-X-VOL), the service records'
    # tallies, and per village (records, with errors, with warnings) of the volunteers.
    volunteers: list[Any] = field(default_factory=list)
    services: dict[str, Any] = field(default_factory=dict)
    volunteer_status: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    # register key → its records as read by another thread (``statistics``: the volunteers'
    # counting thread reads the registers the last groups need while this one computes).
    preloaded: dict[str, Callable[[], list[Row]]] = field(default_factory=dict)
    _rows: dict[str, dict[str, list[Row]]] = field(default_factory=dict)
    _current: dict[str, dict[str, list[Row]]] = field(default_factory=dict)
    _counted: dict[str, dict[str, list[Row]]] = field(default_factory=dict)
    _register_issues: dict[str, dict[str, list[Issue]]] = field(default_factory=dict)
    _all_issues: dict[str, dict[str, list[Issue]]] = field(default_factory=dict)
    _contexts: dict[str, Context] = field(default_factory=dict)

    @property
    def villages(self) -> list[str]:
        return self.scope.villages

    @property
    def only(self) -> str | None:
        return self.villages[0] if len(self.villages) == 1 else None

    @property
    def loaded(self) -> set[str]:
        return set(self._rows)

    def reg(self, key: str) -> Register:
        return self.catalog.registers[key]

    def all_rows(self, key: str) -> dict[str, list[Row]]:
        """village → every current (not deleted) record of a (small) register, for the villages
        in scope, whatever their dates: what the data status counts."""
        if key not in self._rows:
            loaded = self.preloaded.pop(key, None)
            found = loaded() if loaded is not None else self.row_task(key)(self.conn)
            grouped = by_village(found)
            self._rows[key] = {v: grouped.get(v, []) for v in self.villages}
        return self._rows[key]

    def row_task(self, key: str) -> Callable[[driver.Connection], list[Row]]:
        """Reading a register's records for :meth:`all_rows`, on any connection (another thread's)."""
        limit = self.only or (self.villages if self.scope.limited else None)
        reg = self.reg(key)
        return lambda conn: load_rows(conn, reg, limit)

    def rows(self, key: str) -> dict[str, list[Row]]:
        """village → the records of a (small) register in effect at the reference date
        (:func:`in_effect`): what every figure, drill-down list and check counts."""
        if key not in self._current:
            reg, rows = self.reg(key), self.all_rows(key)
            current = rows
            if start_fields(reg) or ENDS.get(key):
                test = effect_test(reg, self.as_of)
                kept = {v: [r for r in found if test(r)] for v, found in rows.items()}
                if any(len(kept[v]) != len(found) for v, found in rows.items()):
                    current = kept  # else the same mapping: what is worked out over it is shared
            self._current[key] = current
        return self._current[key]

    def counted(self, key: str) -> dict[str, list[Row]]:
        """village → the records the figures count (:func:`sync.reports.counting.counts`): in effect at
        the reference date and members of what the register counts (a 两委 post, not 注销)."""
        if key not in self._counted:
            reg, rows = self.reg(key), self.rows(key)
            kept = {v: [r for r in found if member(reg, r, self.as_of)] for v, found in rows.items()}
            same = all(len(kept[v]) == len(found) for v, found in rows.items())
            self._counted[key] = rows if same else kept
        return self._counted[key]

    def context(self, village: str) -> Context:
        ctx = self._contexts.get(village)
        if ctx is None:
            committee = self.rows("committee_members")[village]
            ctx = Context(settings=self.settings, today=self.as_of, totals=self.totals,
                          profile=self.scope.profiles.get(village, {}),
                          related={"committee_members": committee})
            self._contexts[village] = ctx
        return ctx

    def register_issues(self, key: str, every: bool = False) -> dict[str, list[Issue]]:
        """village → issues of the rules over that village's register: the records in effect
        at the reference date, or with ``every`` all of them (the data status)."""
        if every and self.all_rows(key) is not self.rows(key):
            if key not in self._all_issues:
                reg = self.reg(key)
                self._all_issues[key] = {v: check_register(reg, list(rows), self.context(v), v)
                                         for v, rows in self.all_rows(key).items()}
            return self._all_issues[key]
        if key not in self._register_issues:
            reg = self.reg(key)
            self._register_issues[key] = {
                v: check_register(reg, list(rows), self.context(v), v)
                for v, rows in self.rows(key).items()
            }
        return self._register_issues[key]

    def flagged(self, key: str, rows: list[Row], village: str) -> set[str]:
        """UUIDs of the records that have errors.

        By default a record's stored error count (written whenever it is saved, merged or
        checked) plus errors of the register rules that name it (R-DUP, R-SV-EXCL …).
        With ``recheck`` every record is checked again at the reference date instead of
        trusting the stored count: exact after a settings change, but slow.
        """
        reg = self.reg(key)
        if self.recheck:
            ctx = self.context(village)
            out = {r["uuid"] for r in rows
                   if any(i.severity == ERROR for i in check_record(reg, r, ctx, r["uuid"]))}
        else:
            out = {r["uuid"] for r in rows if r["_errors"]}
        if key in self._register_issues or key in _REGISTER_RULE_KEYS:
            out.update(i.record for i in self.register_issues(key).get(village, [])
                       if i.severity == ERROR and i.record)
        return out


# Registers whose own rules can mark a single record as wrong (duplicates, exclusions).
_REGISTER_RULE_KEYS = {"committee_members", "supervisory_committee", "village_rules", "social_organizations"}
