"""Records that name another record in a reference field: the 会议与协商 and 村务公开 that belong
to a 重大事项 (their 关联事项), the revisions of a 村规民约 (上一版本).

Any ``ref`` field other than a child register's parent field counts (a volunteer's service
records have their own page). Plain data over the public ``Store``, so a window reads it on its
database worker and the book and statistics can ask the same question.
"""

from __future__ import annotations

from dataclasses import dataclass

from forms.model import Catalog, Field, Register
from sync.store.store import Store

SUMMARY_COLUMNS = 4  # list columns shown beside a referring record's title


@dataclass(frozen=True)
class Referrer:
    """One live record whose ``field`` names the record asked about."""

    register: str  # key
    register_name: str  # 会议与协商
    field: str  # 关联事项
    uuid: str
    title: str
    summary: tuple[tuple[str, str], ...]  # (column, value as shown) from its list columns


def referring_fields(cat: Catalog, register: str) -> list[tuple[Register, Field]]:
    """The (register, field) pairs whose reference points at ``register``, parent fields left out."""
    return [(reg, fld) for reg in cat.ordered() for fld in reg.input_fields
            if fld.ref == register and fld.name != reg.parent_field]


def _order_field(reg: Register) -> str | None:
    """The first date among the list columns: referring records are listed by it."""
    return next((name for name in reg.list_columns if reg.field(name).type.holds_date), None)


def records_referring(store: Store, register: str, uuid: str) -> list[Referrer]:
    """Every live record naming ``uuid`` (a record of ``register``), register by register in the
    catalog's order, each register's by its first listed date."""
    found: list[Referrer] = []
    for reg, fld in referring_fields(store.catalog, register):
        shown = [reg.field(c) for c in reg.list_columns if c != fld.name and c != reg.title_field]
        shown = shown[:SUMMARY_COLUMNS]
        columns = [reg.title_field, *(f.name for f in shown)] if reg.title_field else [f.name for f in shown]
        order = _order_field(reg)
        sort = f'"{order}", ' if order else ""
        cols = ", ".join(f'"{c}"' for c in columns)
        rows = store.conn.execute(
            f'SELECT uuid, {cols} FROM "{reg.key}" WHERE "{fld.name}" = ? AND _deleted = 0 '
            f"ORDER BY {sort}rowid", [uuid]).fetchall()
        for row in rows:
            values = dict(zip(columns, row[1:], strict=True))
            title = str(values.get(reg.title_field) or "") if reg.title_field else ""
            summary = tuple((f.name, f.shown(f.type.from_sql(values[f.name]))) for f in shown)
            found.append(Referrer(reg.key, reg.name, fld.name, row[0], title or "（未命名）", summary))
    return found
