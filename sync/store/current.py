"""The current-state row of a record: its fields, computed fields, error counts, system columns.

Every write builds its rows here (``sync.store.batch``: a save, a bulk add, an import's plan)
and every read turns a row back into values here (``row_values``), so the columns are
described once and the township and the village can never compute a record's row differently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from forms.compute import Context, computed_value
from forms.model import Register
from forms.types import FieldType
from forms.validation import Issue
from sync.store.schema import SYSTEM_COLUMNS

T = TypeVar("T")


def row_values(reg: Register, row: Mapping[str, Any]) -> dict[str, Any]:
    """A current row's field values (computed ones included), canonical as in a version."""
    return {f.name: f.type.from_sql(row[f.name]) for f in reg.fields}


def per_register(cache: dict[str, tuple[Register, T]], reg: Register, build: Callable[[Register], T]) -> T:
    """``build(reg)``, kept in ``cache`` while ``reg`` is the register in use: another catalog (other
    definitions, a database's choice additions) has other ``Register`` objects and builds again,
    so a register changed in its definition is never written with the columns of the old one."""
    found = cache.get(reg.key)
    if found is None or found[0] is not reg:
        found = cache[reg.key] = (reg, build(reg))
    return found[1]


Converters = list[tuple[str, Callable[[Any], Any] | None]]


def input_values(reg: Register, row: Mapping[str, Any]) -> dict[str, Any]:
    """A current row's typed field values: what its version holds (read for every record a
    refresh recomputes, so the conversions that change nothing are skipped)."""
    found = per_register(_FROM_SQL, reg, lambda r: [
        (f.name, None if type(f.type).from_sql is FieldType.from_sql else f.type.from_sql)
        for f in r.input_fields])
    return {name: row[name] if convert is None else convert(row[name]) for name, convert in found}


_FROM_SQL: dict[str, tuple[Register, Converters]] = {}


def current_columns(reg: Register) -> list[str]:
    """Column order of every current row: the fields, then the system columns."""
    return [f.name for f in reg.fields] + list(SYSTEM_COLUMNS)


_UPSERT: dict[str, tuple[Register, str]] = {}


def upsert_sql(reg: Register) -> str:
    """Insert or replace a whole current row (values in ``current_columns`` order)."""
    return per_register(_UPSERT, reg, _upsert)


def _upsert(reg: Register) -> str:
    columns = current_columns(reg)
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f'INSERT OR REPLACE INTO "{reg.key}" ({names}) VALUES ({marks})'


_TO_SQL: dict[str, tuple[Register, Converters]] = {}


def _to_sql(reg: Register) -> Converters:
    """Each field with its SQL conversion, None where the value is stored as it is (the hot path
    of a prefecture import: most fields need no conversion)."""
    return per_register(_TO_SQL, reg, lambda r: [
        (f.name, None if type(f.type).to_sql is FieldType.to_sql else f.type.to_sql) for f in r.fields])


def complete(reg: Register, record_uuid: str, values: Mapping[str, Any], ctx: Context) -> dict[str, Any]:
    """A record's typed values with its ``uuid`` and computed fields: what its rules check."""
    full = {**values, "uuid": record_uuid}
    # In place, in definition order (a later computed field may read an earlier one), as
    # ``computed_values`` does, without its second copy of the record.
    for fld in reg.computed_fields:
        full[fld.name] = computed_value(fld, full, ctx)
    return full


def current_row(reg: Register, full: Mapping[str, Any], village: str, issues: list[Issue], *,
                version_id: str, hlc: str, deleted: bool, created_at: str, created_by: str,
                modified_at: str, modified_by: str) -> list[Any]:
    """The row (``current_columns`` order) of a record: ``full`` from ``complete``, ``issues`` the
    record's issues (``sync.store.db_checks.record_issues``), counted in its error columns."""
    n_err = sum(1 for i in issues if i.severity == "error")
    get = full.get
    row = [get(name) if convert is None else convert(get(name)) for name, convert in _to_sql(reg)]
    row += [full["uuid"], village, version_id, hlc, int(deleted), created_at, created_by, modified_at,
            modified_by, n_err, len(issues) - n_err]
    return row
