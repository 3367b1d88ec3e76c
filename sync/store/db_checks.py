"""Checks of a record against the other records of its village: the one place for them.

Duplicates (R-DUP: one ID number twice in a register), references (R-VALUE: a ref names a
live record of the village) and the limits a register declares (``[[limits]]``: R-HOURS, one
volunteer's services on one day) need other records. ``issues`` asks a ``Neighbours`` about
them. ``Lookup`` asks the database one question at a time: a form as the clerk types, a save,
a conflict's resolution. ``Known`` holds what a batch needs in memory, loaded once per village
(or empty, for a village the database has never seen, so an import's plan needs no database):
a bulk add, an import, a register's check, a refresh of dependents. Each record checked is
noted, so a batch's later records are checked against its earlier ones, as if saved one by one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any, Protocol

from forms.compute import Context
from forms.identifiers import mask_id
from forms.model import Catalog, Field, Limit, Register
from forms.tenure import LEFT, STATUS_FIELD, has_left
from forms.validation import Issue, Reporter, check_record
from sync.store import driver
from sync.store.current import per_register


class Neighbours(Protocol):
    def twins(self, reg: Register, person: str, record_uuid: str) -> list[str]:
        """Titles of the other live records of ``reg`` with this ID number."""

    def title(self, target: Register, record_uuid: str) -> str | None:
        """The title of a live record of ``target`` (``""`` if untitled), None if there is none."""

    def summed(self, reg: Register, limit: Limit, key: tuple[Any, ...], record_uuid: str) -> float:
        """``limit.sum`` added up over the other live records of ``reg`` sharing ``key``."""

    def note(self, reg: Register, record_uuid: str, values: Mapping[str, Any]) -> None:
        """A record just checked, for the next ones of a batch."""


def issues(cat: Catalog, reg: Register, record_uuid: str, values: Mapping[str, Any],
           neighbours: Neighbours) -> list[Issue]:
    """What the record's neighbours say: duplicates, references, limits. Notes the record."""
    report = Reporter(reg.key, cat)
    person = values.get(reg.person_field) if reg.person_field else None
    if person and not has_left(values):  # a 离任 record of a re-elected member is no duplicate
        twins = neighbours.twins(reg, person, record_uuid)
        if twins:
            report.add("R-DUP", "dup", reg.person_field, record_uuid, masked=mask_id(person),
                       n=len(twins) + 1, names="、".join([reg.title(dict(values)), *twins]))
    for fld in _refs(reg):
        if values.get(fld.name):
            target = cat.registers[fld.ref]  # type: ignore[index]
            if neighbours.title(target, values[fld.name]) is None:
                report.add("R-VALUE", "invalid", fld.name, record_uuid,
                           problem=f"找不到编号为 {values[fld.name]} 的{target.name}记录")
    for limit in reg.limits:
        key = limit_key(limit, values)
        if key is None:
            continue
        other = neighbours.summed(reg, limit, key, record_uuid)
        total = other + float(values.get(limit.sum) or 0.0)
        # One record over the limit is that record's own rule (forms.rules_record).
        if other > 0 and total > limit.max:
            shown = {name: _shown(cat, reg, name, part, neighbours) for name, part in zip(limit.per, key,
                                                                                       strict=True)}
            report.add(limit.rule, limit.message, limit.sum, record_uuid, total=f"{total:g}",
                       max=f"{limit.max:g}", **shown)
    neighbours.note(reg, record_uuid, values)
    return report.issues


def limit_key(limit: Limit, values: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """The values of a limit's ``per`` fields, or None when one is empty (nothing to add up)."""
    key = tuple([values.get(name) for name in limit.per])
    return None if None in key or "" in key else key


def _refs(reg: Register) -> tuple[Field, ...]:
    return per_register(_REFS, reg, lambda r: tuple(f for f in r.input_fields if f.ref))


def _serving_sql(reg: Register) -> str:
    """The condition leaving out 离任 records (forms.tenure) where the register has 在任状态."""
    return f' AND "{STATUS_FIELD}" IS NOT \'{LEFT}\'' if STATUS_FIELD in reg.by_name else ""


_REFS: dict[str, tuple[Register, tuple[Field, ...]]] = {}  # per register: checked for every record


def record_issues(cat: Catalog, reg: Register, full: Mapping[str, Any], ctx: Context,
                  neighbours: Neighbours, record_uuid: str) -> list[Issue]:
    """Every issue of a record: its own rules (``full`` holds its computed fields) and its neighbours'."""
    return check_record(reg, full, ctx, record_uuid) + issues(cat, reg, record_uuid, full, neighbours)


def _shown(cat: Catalog, reg: Register, name: str, value: Any, neighbours: Neighbours) -> str:
    fld = reg.field(name)
    if fld.ref:
        return neighbours.title(cat.registers[fld.ref], value) or ""  # type: ignore[index]
    return fld.format(value)


class Lookup:
    """The database asked one question at a time, about one village."""

    def __init__(self, conn: driver.Connection, village: str) -> None:
        self.conn, self.village = conn, village

    def twins(self, reg: Register, person: str, record_uuid: str) -> list[str]:
        # The unary + keeps SQLite on the ID-number index: without statistics it would
        # pick the (_village, _deleted) index and scan the whole village per record.
        title = f'"{reg.title_field}"' if reg.title_field else "NULL"
        return [r[0] or "" for r in self.conn.execute(
            f'SELECT {title} FROM "{reg.key}" WHERE "{reg.person_field}" = ? '
            f"AND +_village = ? AND +_deleted = 0 AND uuid != ?{_serving_sql(reg)}",
            (person, self.village, record_uuid))]

    def title(self, target: Register, record_uuid: str) -> str | None:
        title = f'"{target.title_field}"' if target.title_field else "NULL"
        row = self.conn.execute(f'SELECT {title} FROM "{target.key}" WHERE uuid = ? AND _village = ? '
                                "AND _deleted = 0", (record_uuid, self.village)).fetchone()
        return None if row is None else str(row[0] or "")

    def summed(self, reg: Register, limit: Limit, key: tuple[Any, ...], record_uuid: str) -> float:
        same = " AND ".join(f'"{name}" = ?' for name in limit.per)
        row = self.conn.execute(
            f'SELECT TOTAL("{limit.sum}") FROM "{reg.key}" WHERE {same} AND _village = ? '
            "AND _deleted = 0 AND uuid != ?", (*key, self.village, record_uuid)).fetchone()
        return float(row[0])

    def note(self, reg: Register, record_uuid: str, values: Mapping[str, Any]) -> None:
        """Nothing to note: the next question asks the database again."""


class Known:
    """A village's records as the checks need them, in memory: ID numbers, the titles of
    records that can be referenced, the amounts under each limit; all keyed by record, so
    noting a record twice changes nothing."""

    def __init__(self) -> None:
        self.persons: dict[str, dict[str, dict[str, str]]] = {}  # register → ID → record → title
        self.titles: dict[str, dict[str, str]] = {}  # register → record → title
        self.amounts: dict[tuple[str, Limit], dict[tuple[Any, ...], dict[str, float]]] = {}

    @classmethod
    def load(cls, conn: driver.Connection, cat: Catalog, village: str, registers: Iterable[Register],
             exclude: Collection[str] = ()) -> Known:
        """What checking records of ``registers`` in ``village`` needs, from the database, but for
        the records in ``exclude`` (those a batch is about to replace: it notes them itself)."""
        known = cls()
        targets: set[str] = set()
        for reg in registers:
            title = f'"{reg.title_field}"' if reg.title_field else "NULL"
            if reg.person_field:
                people = known.persons.setdefault(reg.key, {})
                for uuid, person, name in conn.execute(
                        f'SELECT uuid, "{reg.person_field}", {title} FROM "{reg.key}" '
                        f'WHERE _village = ? AND _deleted = 0 AND "{reg.person_field}" IS NOT NULL'
                        f"{_serving_sql(reg)}", (village,)):
                    if uuid not in exclude:
                        people.setdefault(person, {})[uuid] = name or ""
            targets.update(f.ref for f in reg.input_fields if f.ref)
            for limit in reg.limits:
                groups = known.amounts.setdefault((reg.key, limit), {})
                names = ", ".join(f'"{n}"' for n in (limit.sum, *limit.per))
                for uuid, amount, *key in conn.execute(
                        f'SELECT uuid, {names} FROM "{reg.key}" WHERE _village = ? AND _deleted = 0',
                        (village,)):
                    if uuid not in exclude:
                        groups.setdefault(tuple(key), {})[uuid] = float(amount or 0.0)
        for key in targets:
            target = cat.registers[key]
            title = f'"{target.title_field}"' if target.title_field else "NULL"
            known.titles[key] = {uuid: name or "" for uuid, name in conn.execute(
                f'SELECT uuid, {title} FROM "{key}" WHERE _village = ? AND _deleted = 0', (village,))
                if uuid not in exclude}
        return known

    def twins(self, reg: Register, person: str, record_uuid: str) -> list[str]:
        found = self.persons.get(reg.key, {}).get(person, {})
        return [title for uuid, title in found.items() if uuid != record_uuid]

    def title(self, target: Register, record_uuid: str) -> str | None:
        return self.titles.get(target.key, {}).get(record_uuid)

    def summed(self, reg: Register, limit: Limit, key: tuple[Any, ...], record_uuid: str) -> float:
        groups = self.amounts.get((reg.key, limit))
        group = groups.get(key) if groups else None
        total = 0.0
        if group:
            for uuid, amount in group.items():
                if uuid != record_uuid:
                    total += amount
        return total

    def expect(self, reg: Register, record_uuid: str, values: Mapping[str, Any]) -> None:
        """A record of the batch that others may refer to, whatever order they are checked in."""
        self.titles.setdefault(reg.key, {})[record_uuid] = str(values.get(reg.title_field) or "") \
            if reg.title_field else ""

    def note(self, reg: Register, record_uuid: str, values: Mapping[str, Any]) -> None:
        person = values.get(reg.person_field) if reg.person_field else None
        if person and has_left(values):
            # No longer a twin of anyone: forget it if the batch noted it in office before.
            self.persons.get(reg.key, {}).get(person, {}).pop(record_uuid, None)
            person = None
        titles = self.titles.get(reg.key)
        if person or titles is not None:
            title = str(values.get(reg.title_field) or "") if reg.title_field else ""
            if person:
                self.persons.setdefault(reg.key, {}).setdefault(person, {})[record_uuid] = title
            if titles is not None:
                titles[record_uuid] = title
        for limit in reg.limits:
            key = limit_key(limit, values)
            if key is not None:
                groups = self.amounts.get((reg.key, limit))
                if groups is None:
                    groups = self.amounts[(reg.key, limit)] = {}
                group = groups.get(key)
                if group is None:
                    group = groups[key] = {}
                group[record_uuid] = float(values.get(limit.sum) or 0.0)
