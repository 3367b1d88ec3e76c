"""Choice lists a township extends: stored per database, sent to villages in return packages.

The definitions' lists (``forms/definitions/choices.toml``) stay as shipped; what a
township adds is data in ``choice_additions`` (one row per added value or alias, with its
hybrid-logical-clock stamp, who and when). ``Store`` builds its catalog from the
definitions plus these rows (``Catalog.with_choice_additions``), so validation, Excel and
the forms see one effective list per database.

Only a township adds (an administrator, audited); a village receives the township's rows
in return packages and merges them: values as a union, an alias by last writer wins on its
stamp. Nothing is ever removed, so every record that uses an added value stays valid.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from forms.choice_additions import ChoiceProblem, check_alias, check_value
from forms.model import Catalog, ChoiceAdditions
from forms.validation import check_record
from sync.store import driver
from sync.store.hlc import Timestamp
from sync.store.users import CHOICE_LISTS, require

if TYPE_CHECKING:
    from sync.store.store import Store

VALUE, ALIAS = "value", "alias"
_COLUMNS = "list, kind, text, value, hlc, user, added_at"
_PUT = f"INSERT OR REPLACE INTO choice_additions({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"


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


# ---------------------------------------------------------------- a township adds

def _require_township_admin(store: Store) -> None:
    from sync.store.store import StoreError

    require(store.user, CHOICE_LISTS)
    if not store.is_township:
        raise StoreError("选项列表由乡镇统一维护：村里不能添加，乡镇添加后会随返回数据包发到各村")


def add_value(store: Store, list_name: str, value: str) -> AddedChoice:
    _require_township_admin(store)
    lst, text = _checked(lambda: check_value(store.catalog, list_name, value))
    return _insert(store, AddedChoice(lst.name, VALUE, text, text, "", store.user.name, ""),
                   f"{lst.name}：新增选项“{text}”")


def add_alias(store: Store, list_name: str, alias: str, value: str) -> AddedChoice:
    _require_township_admin(store)
    lst, text, target = _checked(lambda: check_alias(store.catalog, list_name, alias, value))
    return _insert(store, AddedChoice(lst.name, ALIAS, text, target, "", store.user.name, ""),
                   f"{lst.name}：新增别名“{text}”→“{target}”")


def _checked(check: Any) -> Any:
    from sync.store.store import StoreError

    try:
        return check()
    except ChoiceProblem as exc:
        raise StoreError(str(exc)) from None


def _insert(store: Store, item: AddedChoice, detail: str) -> AddedChoice:
    from sync.store.store import now_text

    with store.transaction():
        row = replace(item, hlc=str(store.clock.now()), added_at=now_text())
        store.conn.execute(_PUT.replace(" OR REPLACE", ""), row.row())
        store._audit("add_choice", detail)
        changed = store.reload_choices()
        recount(store, changed)
    return row


# ---------------------------------------------------------------- a village receives

def merge_incoming(store: Store, items: Iterable[AddedChoice]) -> list[AddedChoice]:
    """Apply a return package's additions (inside the import's transaction); returns what changed.

    A value the village lacks is added; an alias is added, or points elsewhere when the
    township's stamp is newer. Rows this version cannot use (a list it does not know, an
    alias of a value it lacks) are kept anyway: a later version may know the list.
    """
    have = {(r.list, r.kind, r.text): r for r in load(store.conn)}
    changed = []
    for item in items:
        store.clock.observe(Timestamp.parse(item.hlc))
        old = have.get((item.list, item.kind, item.text))
        if old is not None and (item.kind == VALUE or old.hlc >= item.hlc or old.value == item.value):
            continue
        store.conn.execute(_PUT, item.row())
        have[(item.list, item.kind, item.text)] = item
        changed.append(item)
    if changed:
        shown = "；".join(f"{c.list}：{c.text}" + (f"→{c.value}" if c.kind == ALIAS else "") for c in changed)
        store._audit("choices_from_township", shown[:2000])
        recount(store, store.reload_choices())
    return changed


# ---------------------------------------------------------------- keeping counts true

def recount(store: Store, lists: Iterable[str]) -> int:
    """Records counted with errors that an added value may have made valid: count them again.

    Only records already flagged can change (adding never makes a value invalid), so this
    reads a handful of rows, not the registers. Returns how many records were checked.
    """
    wanted = set(lists)
    if not wanted:
        return 0
    checked = 0
    for reg in store.catalog.ordered(include_profile=True):
        if not any(f.choices in wanted for f in reg.fields):
            continue
        rows = store.conn.execute(f'SELECT * FROM "{reg.key}" WHERE _errors > 0 AND _deleted = 0').fetchall()
        contexts: dict[str, Any] = {}
        counts = []
        for row in rows:
            village = row["_village"]
            ctx = contexts.get(village) or contexts.setdefault(village, store.context(village))
            values = {**store._values(reg, row), "uuid": row["uuid"]}
            issues = check_record(reg, values, ctx, row["uuid"])
            issues += store._store_issues(reg, row["uuid"], village, values)
            n_err = sum(1 for i in issues if i.severity == "error")
            counts.append((n_err, len(issues) - n_err, row["uuid"]))
        store.conn.executemany(f'UPDATE "{reg.key}" SET _errors = ?, _warnings = ? WHERE uuid = ?', counts)
        checked += len(counts)
    return checked

