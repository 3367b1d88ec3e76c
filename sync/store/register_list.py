"""A register page's list: which records it shows, in what order, which of them the filter
keeps, and their rows, read a block at a time.

Two queries, both answered by SQLite: the ordered list of records that may be shown (sort
order, deletions, parent record, village), kept until the data or the order changes, and,
while the filter box holds words, the set of records whose search key holds every word
(``sync.store.search``). A keystroke runs only the second one; the list shown is the first one
restricted to the second, in order. So a register of 100,000 volunteers lists as fast as
SQLite can list 100,000 UUIDs, and a keystroke costs one scan of the search keys, or, once few
records match, a re-check of only those.

``RegisterList`` holds what a page asked for (``ListQuery``, the filter's words) and those two
results as caches. It is plain data: the village window's pages run it on the window's thread;
the township's big merged registers send a copy to their database worker, run it there and
take the copy back with its caches filled. ``list_rows`` reads the rows of the IDs on screen.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from forms.model import Field, Register
from sync.store import search
from sync.store.queries import record_titles
from sync.store.store import Store

# Below this many matches, the next keystroke re-checks only them (by rowid) instead of scanning.
NARROW_LIMIT = 8000


@dataclass(frozen=True)
class ListQuery:
    """Which records of a register a page lists, and in what order."""

    register: str  # the register's key
    village: str | None = None  # one village's records (a township holds many); None: all
    parent: str | None = None  # with ``only_parent``: the parent record (a volunteer) whose children to list
    only_parent: bool = False  # list only ``parent``'s children (none while ``parent`` is None)
    show_deleted: bool = False
    sort_field: str | None = None  # a field's name; None: the order records were entered in
    by_village: bool = False  # sort by village (then entry order); wins over ``sort_field``
    descending: bool = False


@dataclass(frozen=True)
class Matches:
    """The records a filter's words matched in the search index: rowid → uuid. The next
    keystroke, if it only adds to the words, re-checks these rows instead of every key."""

    terms: list[str]
    rows: dict[int, str]


def refines(before: list[str], after: list[str]) -> bool:
    """Every record matching ``after`` matches ``before``: each earlier word is inside a new one."""
    return bool(before) and all(any(old in new for new in after) for old in before)


def _sorting_title(reg: Register, query: ListQuery) -> bool:
    """Sorted by the register's name column: then the order is pinyin, from the search index."""
    return not query.by_village and query.sort_field is not None and query.sort_field == reg.title_field


def _order_expression(store: Store, fld: Field) -> str:
    """What a column sorts by: its value, or for a reference (a service's volunteer) the name it
    shows, in pinyin order when the search index is there."""
    if not fld.ref:
        return f'r."{fld.name}"'
    if search.table_exists(store.conn):
        return f'(SELECT sort_key FROM {search.TABLE} WHERE uuid = r."{fld.name}")'
    target = store.catalog.registers[fld.ref]
    if not target.title_field:
        return f'r."{fld.name}"'
    return f'(SELECT t."{target.title_field}" FROM "{target.key}" t WHERE t.uuid = r."{fld.name}")'


def _listing_sql(store: Store, reg: Register, query: ListQuery, ordered: bool) -> tuple[str, list[Any]]:
    """The SELECT of the records the query lists, ORDER BY included when ``ordered``."""
    where: list[str] = []
    args: list[Any] = []
    if not query.show_deleted:
        where.append("r._deleted = 0")
    if query.only_parent and reg.parent_field:
        where.append(f'r."{reg.parent_field}" = ?')
        args.append(query.parent or "")
    if query.village:
        where.append("r._village = ?")
        args.append(query.village)
    sql = f'SELECT r.uuid FROM "{reg.key}" r'
    if where:
        sql += " WHERE " + " AND ".join(where)
    if not ordered:
        return sql, args
    direction = "DESC" if query.descending else "ASC"
    if query.by_village:
        sql += f" ORDER BY r._village {direction}, r._created_at, r.rowid"
    elif query.sort_field is not None:
        order = _order_expression(store, reg.field(query.sort_field))
        sql += f" ORDER BY {order} {direction}, r._created_at {direction}, r.rowid {direction}"
    else:
        # Entry order (rowid alone is not: a changed record is rewritten at the end).
        sql += " ORDER BY r._created_at, r.rowid"
    return sql, args


def ordered_ids(store: Store, query: ListQuery) -> list[str]:
    """The UUIDs of the records the query lists, in its order (names sort by pinyin)."""
    reg = store.catalog.registers[query.register]
    by_pinyin = _sorting_title(reg, query) and search.table_exists(store.conn)
    sql, args = _listing_sql(store, reg, query, ordered=not by_pinyin)
    ids = [row[0] for row in store.conn.execute(sql, args)]
    if by_pinyin:
        # Names sort by pinyin (the search key's sort_key, read in index order), not by code
        # point; the register table only says which records may be shown.
        direction = "DESC" if query.descending else "ASC"
        shown = set(ids)
        ordered = store.conn.execute(
            f"SELECT uuid FROM {search.TABLE} WHERE register = ? "
            f"ORDER BY sort_key {direction}, uuid {direction}", (reg.key,))
        ids = [row[0] for row in ordered if row[0] in shown]
    return ids


def _parent_words(reg: Register, query: ListQuery) -> bool:
    """A child register's page lists every parent's records: a word may then name the parent
    (lxy finds the service records of 林秀英, as the volunteers page finds her)."""
    return bool(reg.parent and reg.parent_field and not query.only_parent)


def matching_ids(store: Store, query: ListQuery, terms: list[str],
                 previous: Matches | None = None) -> tuple[set[str], Matches | None]:
    """The records of the query's register whose search key holds every word of ``terms``, and
    the matches to narrow the next keystroke with (None without a search index: an older
    database whose index is still being built is filtered by names and ID numbers only).
    ``previous`` is what the last keystroke returned."""
    reg = store.catalog.registers[query.register]
    conn = store.conn
    patterns = [search.like_pattern(t) for t in terms]
    if search.table_exists(conn):
        like = "text LIKE ? ESCAPE '\\'"
        word_args: list[Any] = list(patterns)
        if _parent_words(reg, query):
            # Each word matches the record's own key or its parent's; both subqueries stand
            # alone, so SQLite works each out once, not once per row.
            like = (f"({like} OR uuid IN (SELECT c.uuid FROM \"{reg.key}\" c "
                    f"WHERE c.\"{reg.parent_field}\" IN (SELECT uuid FROM {search.TABLE} "
                    f"WHERE +register = ? AND {like})))")
            word_args = [a for p in patterns for a in (p, reg.parent, p)]
        likes = " AND ".join(like for _ in patterns)
        if previous is not None and len(previous.rows) <= NARROW_LIMIT and refines(previous.terms, terms):
            # One more letter typed: only the records that matched before can match now.
            sql = (f"SELECT rowid, uuid FROM {search.TABLE} "
                   f"WHERE rowid IN (SELECT value FROM json_each(?)) AND {likes}")
            args: list[Any] = [json.dumps(list(previous.rows)), *word_args]
        else:
            # A plain scan (the unary + keeps SQLite off the register index, which would
            # cost a second lookup per row) is the fastest way through 100,000 keys.
            sql = f"SELECT rowid, uuid FROM {search.TABLE} WHERE {likes} AND +register = ?"
            args = [*word_args, reg.key]
        found = dict(conn.execute(sql, args).fetchall())
        return set(found.values()), Matches(list(terms), found)
    cols = [c for c in (reg.title_field, reg.person_field) if c]
    own = " OR ".join(f'"{c}" LIKE ? ESCAPE \'\\\'' for c in cols)
    per_word = len(cols)
    if _parent_words(reg, query):
        parent = store.catalog.registers[reg.parent or ""]
        parent_cols = [c for c in (parent.title_field, parent.person_field) if c]
        in_parent = " OR ".join(f'"{c}" LIKE ? ESCAPE \'\\\'' for c in parent_cols)
        own += f' OR "{reg.parent_field}" IN (SELECT uuid FROM "{parent.key}" WHERE {in_parent})'
        per_word += len(parent_cols)
    sql = f'SELECT uuid FROM "{reg.key}" WHERE ' + " AND ".join(f"({own})" for _ in patterns)
    return {row[0] for row in conn.execute(sql, [p for p in patterns for _ in range(per_word)])}, None


@dataclass
class RegisterList:
    """What a register page asked for and the two query results behind it (see the module).

    Change ``query`` or call ``forget`` when the order, the records shown or the data change;
    ``terms`` are the filter's words (``search.terms(text)``). ``shown_ids`` runs what is needed."""

    query: ListQuery
    terms: list[str] = field(default_factory=list)
    base: list[str] | None = None  # ordered_ids, until forgotten
    base_positions: dict[str, int] | None = None  # uuid → position in ``base``, made when needed
    last_search: Matches | None = None

    def forget(self) -> None:
        """Query again next time: after a write (which may also change search keys and their
        rowids), or when the order or the records shown change."""
        self.base = None
        self.base_positions = None
        self.last_search = None

    def set_query(self, query: ListQuery) -> None:
        self.query = query
        self.forget()

    def base_ids(self, store: Store) -> list[str]:
        """The records listed without a filter, in order."""
        if self.base is None:
            self.base = ordered_ids(store, self.query)
            self.base_positions = None
        return self.base

    def shown_ids(self, store: Store) -> list[str]:
        """The records the page shows: the list restricted to the filter's matches, in order."""
        base = self.base_ids(store)
        if not self.terms:
            return base
        matching, self.last_search = matching_ids(store, self.query, self.terms, self.last_search)
        if len(matching) * 8 < len(base):
            # Few matches: put them in list order rather than walking the whole list.
            if self.base_positions is None:
                self.base_positions = {u: i for i, u in enumerate(base)}
            order = self.base_positions
            return sorted((u for u in matching if u in order), key=order.__getitem__)
        return [u for u in base if u in matching]

    def copy(self) -> RegisterList:
        """An independent copy to run elsewhere (its caches are replaced, never changed in place)."""
        return replace(self, terms=list(self.terms))


@dataclass(frozen=True)
class ListRow:
    """A record's row in a list: its state and the values of the fields asked for."""

    deleted: bool
    errors: int
    warnings: int
    values: tuple[Any, ...]  # in the order of the fields asked for, as stored (``Field.type.from_sql``)


@dataclass(frozen=True)
class RowBlock:
    """The rows of a block of IDs, and the names their references show."""

    rows: dict[str, ListRow]  # uuid → row, for the records that exist
    titles: dict[str, str]  # uuid → title of each record a reference field among them points to


def list_rows(store: Store, register: str, fields: Sequence[Field], uuids: Sequence[str]) -> RowBlock:
    """The rows of these records (a block on screen) with the titles of the records their
    reference fields point to (a service record shows its volunteer's name)."""
    reg = store.catalog.registers[register]
    if not uuids:
        return RowBlock({}, {})
    cols = ", ".join(f'"{f.name}"' for f in fields)
    marks = ", ".join("?" for _ in uuids)
    raw = store.conn.execute(f'SELECT uuid, _deleted, _errors, _warnings, {cols} FROM "{reg.key}" '
                             f"WHERE uuid IN ({marks})", list(uuids)).fetchall()
    titles: dict[str, str] = {}
    for offset, fld in enumerate(fields):
        if fld.ref:
            titles.update(record_titles(store, fld.ref, (r[4 + offset] for r in raw)))
    rows = {r[0]: ListRow(bool(r[1]), r[2] or 0, r[3] or 0,
                          tuple(fld.type.from_sql(r[4 + i]) for i, fld in enumerate(fields)))
            for r in raw}
    return RowBlock(rows, titles)
