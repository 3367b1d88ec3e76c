"""Choice-list additions changing: a township adds a value or an alias, a village merges what a
return package brings, and the records an added value makes valid are counted again.

The rows themselves (reading them, the catalog they make) are ``sync/store/choices.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TypeVar

from forms.choice_additions import ChoiceProblem, check_alias, check_value
from sync.store import choices, writer
from sync.store.choices import ALIAS, VALUE, AddedChoice
from sync.store.database import Database, now_text
from sync.store.errors import StoreError
from sync.store.hlc import Timestamp
from sync.store.users import CHOICE_LISTS, require

T = TypeVar("T")


# ---------------------------------------------------------------- a township adds

def _require_township_admin(db: Database) -> None:
    require(db.user, CHOICE_LISTS)
    if not db.is_township:
        raise StoreError("选项列表由乡镇统一维护：村里不能添加，乡镇添加后会随返回数据包发到各村")


def add_value(db: Database, list_name: str, value: str) -> AddedChoice:
    _require_township_admin(db)
    lst, text = _checked(lambda: check_value(db.catalog, list_name, value))
    return _insert(db, AddedChoice(lst.name, VALUE, text, text, "", db.user.name, ""),
                   f"{lst.name}：新增选项“{text}”")


def add_alias(db: Database, list_name: str, alias: str, value: str) -> AddedChoice:
    _require_township_admin(db)
    lst, text, target = _checked(lambda: check_alias(db.catalog, list_name, alias, value))
    return _insert(db, AddedChoice(lst.name, ALIAS, text, target, "", db.user.name, ""),
                   f"{lst.name}：新增别名“{text}”→“{target}”")


def _checked(check: Callable[[], T]) -> T:
    try:
        return check()
    except ChoiceProblem as exc:
        raise StoreError(str(exc)) from None


def _insert(db: Database, item: AddedChoice, detail: str) -> AddedChoice:
    with db.transaction():
        row = replace(item, hlc=str(db.clock.now()), added_at=now_text())
        choices.put(db.conn, row, replace=False)
        db.audit("add_choice", detail)
        changed = db.reload_choices()
        recount(db, changed)
    return row


# ---------------------------------------------------------------- a village receives

def merge_incoming(db: Database, items: Iterable[AddedChoice]) -> list[AddedChoice]:
    """Apply a return package's additions (inside the import's transaction); returns what changed.

    A value the village lacks is added; an alias is added, or points elsewhere when the
    township's stamp is newer. Rows this version cannot use (a list it does not know, an
    alias of a value it lacks) are kept anyway: a later version may know the list.
    """
    have = {(r.list, r.kind, r.text): r for r in choices.load(db.conn)}
    changed = []
    for item in items:
        db.clock.observe(Timestamp.parse(item.hlc))
        old = have.get((item.list, item.kind, item.text))
        if old is not None and (item.kind == VALUE or old.hlc >= item.hlc or old.value == item.value):
            continue
        choices.put(db.conn, item, replace=True)
        have[(item.list, item.kind, item.text)] = item
        changed.append(item)
    if changed:
        shown = "；".join(f"{c.list}：{c.text}" + (f"→{c.value}" if c.kind == ALIAS else "") for c in changed)
        db.audit("choices_from_township", shown[:2000])
        recount(db, db.reload_choices())
    return changed


# ---------------------------------------------------------------- keeping counts true

def recount(db: Database, lists: Iterable[str]) -> int:
    """Records counted with errors that an added value may have made valid: count them again.

    Only records already flagged can change (adding never makes a value invalid), so this
    reads a handful of rows, not the registers. Returns how many records were checked.
    """
    wanted = set(lists)
    if not wanted:
        return 0
    checked = 0
    for reg in db.catalog.ordered(include_profile=True):
        if not any(f.choices in wanted for f in reg.fields):
            continue
        flagged = [r[0] for r in db.conn.execute(
            f'SELECT uuid FROM "{reg.key}" WHERE _errors > 0 AND _deleted = 0')]
        checked += writer.recount(db, reg, flagged)
    return checked
