"""The current-state row of a record: its fields, computed fields, error counts, system columns.

Every write builds its rows here (``sync.store.batch``: a save, a bulk add, an import's plan)
and every read turns a row back into values here (``row_values``), so the columns are
described once and the township and the village can never compute a record's row differently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from forms.compute import Context
from forms.model import Register
from forms.types import FieldType
from forms.validation import Issue, computed_values
from sync.store.schema import SYSTEM_COLUMNS


def row_values(reg: Register, row: Mapping[str, Any]) -> dict[str, Any]:
    """A current row's field values (computed ones included), canonical as in a version."""
    return {f.name: f.type.from_sql(row[f.name]) for f in reg.fields}


def input_values(reg: Register, row: Mapping[str, Any]) -> dict[str, Any]:
    """A current row's typed field values: what its version holds (read for every record a
    refresh recomputes, so the conversions that change nothing are skipped)."""
    found = _FROM_SQL.get(reg.key)
    if found is None:
        found = _FROM_SQL[reg.key] = [
            (f.name, None if type(f.type).from_sql is FieldType.from_sql else f.type.from_sql)
            for f in reg.input_fields]
    return {name: row[name] if convert is None else convert(row[name]) for name, convert in found}


_FROM_SQL: dict[str, list[tuple[str, Callable[[Any], Any] | None]]] = {}


def current_columns(reg: Register) -> list[str]:
    """Column order of every current row: the fields, then the system columns."""
    return [f.name for f in reg.fields] + list(SYSTEM_COLUMNS)


_UPSERT: dict[tuple[str, int], str] = {}


def upsert_sql(reg: Register) -> str:
    """Insert or replace a whole current row (values in ``current_columns`` order)."""
    key = (reg.key, len(reg.fields))
    found = _UPSERT.get(key)
    if found is None:
        columns = current_columns(reg)
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        found = _UPSERT[key] = f'INSERT OR REPLACE INTO "{reg.key}" ({names}) VALUES ({marks})'

    return found


_TO_SQL: dict[str, list[tuple[str, Callable[[Any], Any] | None]]] = {}


def _to_sql(reg: Register) -> list[tuple[str, Callable[[Any], Any] | None]]:
    """Each field with its SQL conversion, None where the value is stored as it is (the hot path
    of a prefecture import: most fields need no conversion)."""
    found = _TO_SQL.get(reg.key)
    if found is None:
        found = _TO_SQL[reg.key] = [
            (f.name, None if type(f.type).to_sql is FieldType.to_sql else f.type.to_sql) for f in reg.fields]
    return found


def complete(reg: Register, record_uuid: str, values: Mapping[str, Any], ctx: Context) -> dict[str, Any]:
    """A record's typed values with its ``uuid`` and computed fields: what its rules check."""
    full = {**values, "uuid": record_uuid}
    full.update(computed_values(reg, full, ctx))
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
