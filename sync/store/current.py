"""The current-state row of a record: its fields, computed fields, error counts, system columns.

A local edit (``Store.put_current``), an import (``sync.exchange.plan``) and a recount
(``sync.exchange.apply.refresh_rows``) all make current rows here, so the columns are described
once and the township and the village can never compute a record's row differently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from forms.compute import Context
from forms.model import Register
from forms.types import FieldType
from forms.validation import Issue, check_record, computed_values
from sync.store.schema import SYSTEM_COLUMNS


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


def current_row(reg: Register, record_uuid: str, village: str, values: Mapping[str, Any], ctx: Context, *,
                version_id: str, hlc: str, deleted: bool, created_at: str, created_by: str,
                modified_at: str, modified_by: str,
                issues: list[Issue] | None = None) -> tuple[list[Any], dict[str, Any]]:
    """The row (``current_columns`` order) and the full values, computed fields included.

    ``issues`` are the record's issues when the caller has already checked it (an edit
    also runs the store's own checks); otherwise the record's rules are run here.
    """
    full = {**values, "uuid": record_uuid}
    full.update(computed_values(reg, full, ctx))
    if issues is None:
        issues = check_record(reg, full, ctx, record_uuid)
    n_err = sum(1 for i in issues if i.severity == "error")
    get = full.get
    row = [get(name) if convert is None else convert(get(name)) for name, convert in _to_sql(reg)]
    row += [record_uuid, village, version_id, hlc, int(deleted), created_at, created_by, modified_at,
            modified_by, n_err, len(issues) - n_err]
    return row, full
