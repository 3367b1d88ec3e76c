"""Choice lists a township extends: stored per database, sent to villages in return packages.

The definitions' lists (``forms/definitions/choices.toml``) stay as shipped; what a
township adds is data in ``choice_additions`` (one row per added value or alias, with its
hybrid-logical-clock stamp, who and when). ``Store`` builds its catalog from the
definitions plus these rows (``Catalog.with_choice_additions``), so validation, Excel and
the forms see one effective list per database.

Only a township adds (an administrator, audited); a village receives the township's rows
in return packages and merges them: values as a union, an alias by last writer wins on its
stamp. Nothing is ever removed, so every record that uses an added value stays valid.

This module reads and writes the rows; ``sync/store/choice_changes.py`` adds them (a township)
or merges them in (a village) and keeps the records' counts true.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from forms.model import Catalog, ChoiceAdditions
from sync.store import driver

VALUE, ALIAS = "value", "alias"
_COLUMNS = "list, kind, text, value, hlc, user, added_at"


@dataclass(frozen=True)
class AddedChoice:
    """One addition: a new ``value`` (``text == value``) or an ``alias`` ``text`` → ``value``."""

    list: str
    kind: str
    text: str
    value: str
    hlc: str
    user: str
    added_at: str

    def row(self) -> tuple[str, ...]:
        return (self.list, self.kind, self.text, self.value, self.hlc, self.user, self.added_at)

    def as_dict(self) -> dict[str, Any]:
        return {"list": self.list, "kind": self.kind, "text": self.text, "value": self.value,
                "hlc": self.hlc, "user": self.user, "at": self.added_at}


def load(conn: driver.Connection) -> list[AddedChoice]:
    """Every addition, oldest first (the order the values appear in their lists)."""
    try:
        rows = conn.execute(f"SELECT {_COLUMNS} FROM choice_additions ORDER BY hlc, list, kind, text"
                            ).fetchall()
    except driver.OperationalError:  # a database not yet migrated (opened read-only by a tool)
        return []
    return [AddedChoice(r[0], r[1], r[2], r[3], r[4], r[5] or "", r[6] or "") for r in rows]


def additions_of(rows: Iterable[AddedChoice]) -> dict[str, ChoiceAdditions]:
    values: dict[str, list[str]] = {}
    aliases: dict[str, dict[str, str]] = {}
    for row in rows:
        if row.kind == VALUE:
            values.setdefault(row.list, []).append(row.text)
        else:
            aliases.setdefault(row.list, {})[row.text] = row.value
    return {name: ChoiceAdditions(tuple(values.get(name, ())), aliases.get(name, {}))
            for name in {*values, *aliases}}


def effective_catalog(base: Catalog, rows: Iterable[AddedChoice]) -> Catalog:
    return base.with_choice_additions(additions_of(rows))


def latest_hlc(rows: Iterable[AddedChoice]) -> str | None:
    return max((r.hlc for r in rows), default=None)




def put(conn: driver.Connection, item: AddedChoice, *, replace: bool) -> None:
    """Store one addition (``replace``: over the row with the same list, kind and text)."""
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    conn.execute(f"{verb} INTO choice_additions({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", item.row())
