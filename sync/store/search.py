"""A search key per record, so a register filters as the clerk types, in SQL, at any size.

The key of a record holds its title (e.g. 姓名) as characters, full pinyin and pinyin
initials, its ID numbers, the text of its list columns and its choice values, all in
one lower-case string. A filter is then ``text LIKE '%term%'`` on one table, which
SQLite answers for 100,000 volunteers in a few tens of milliseconds, instead of a Python
pass over every row. ``sort_key`` (the title's pinyin) lets lists sort names the way a
Chinese reader expects (by pinyin), not by code point.

The table is not part of the numbered schema: ``rebuild`` creates and fills it (for a
database made before it existed), and from then on the writer (``sync.store.writer``) keeps
each record's key current in the same transaction as the record itself. Deleted records keep
their key, so a list that shows deletions can filter them too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from forms.model import Field, Register
from forms.types import SEARCH_CHOICE, SEARCH_NUMBER, SEARCH_TEXT, clean_text
from sync.progress import Cancelled, Progress, stopped

if TYPE_CHECKING:
    from sync.store import driver
    from sync.store.database import Database

TABLE = "search_index"
# Bump when the content of a key changes: opening a database then rebuilds every key.
INDEX_VERSION = "2"
META_KEY = "search_index_version"
# Several readings are possible for a surname (曾 zeng/ceng, 单 shan/dan): keep a few.
_MAX_SURNAME_READINGS = 3


@lru_cache(maxsize=20000)
def _char_readings(ch: str) -> tuple[str, ...]:
    """Pinyin readings of one character, the usual one first (cached: names share characters)."""
    from pypinyin import Style, lazy_pinyin, pinyin

    readings = [lazy_pinyin(ch, errors="default")[0].lower()]
    for reading in pinyin(ch, heteronym=True, style=Style.NORMAL, errors="default")[0]:
        reading = reading.lower()
        if reading not in readings:
            readings.append(reading)
    return tuple(readings)


def _pinyin_keys(name: str) -> list[str]:
    """Full pinyin and initials of a name, with each reading of the first character."""
    name = name.strip()
    if not name:
        return []
    rest = [_char_readings(ch)[0] for ch in name[1:]]
    rest_full = "".join(rest)
    rest_initials = "".join(r[:1] for r in rest)
    keys: list[str] = []
    for reading in _char_readings(name[0])[:_MAX_SURNAME_READINGS]:
        for key in (reading + rest_full, reading[:1] + rest_initials):
            if key not in keys:
                keys.append(key)
    return keys


def sort_key(reg: Register, values: Mapping[str, Any]) -> str:
    """The title in pinyin syllables (``lin xiu ying``): sorts like a Chinese dictionary."""
    title = values.get(reg.title_field) if reg.title_field else None
    if not title:
        return ""
    return _title_sort_key(str(title))


# Per distinct title, not per record: a village's names repeat (and a prefecture's much more), and
# a title's pinyin is a pure function of its characters.
@lru_cache(maxsize=65536)
def _title_sort_key(title: str) -> str:
    return " ".join(_char_readings(ch)[0] for ch in title).lower()


@lru_cache(maxsize=65536)
def _title_part(title: str) -> str:
    """The title's part of a key: itself, its full pinyin and initials (spaces dropped, lower case)."""
    return " ".join(p.replace(" ", "") for p in (title, *_pinyin_keys(title))).lower()


def _kind(reg: Register, fld: Field) -> str | None:
    """What part of the key a field gives: its number, its choice values, its text, or nothing."""
    if fld.name == reg.title_field:
        return None  # the title comes first, with its pinyin
    kind = fld.type.search  # the field type says what it gives: a number, choices or text
    if kind == SEARCH_TEXT and fld.name not in reg.list_columns:
        return None  # free text only from the columns a list shows
    return kind


@dataclass(frozen=True)
class Searched:
    """The fields a register's key holds, by label, for the filter box to say what it finds."""

    title: str | None  # with its pinyin and initials
    numbers: tuple[str, ...]  # ID numbers and codes (any fragment)
    texts: tuple[str, ...]
    choices: tuple[str, ...]


def searched(reg: Register) -> Searched:
    kinds = [(fld.label, _kind(reg, fld)) for fld in reg.input_fields]
    title = reg.field(reg.title_field).label if reg.title_field else None
    return Searched(title, *(tuple(label for label, k in kinds if k == kind)
                             for kind in (SEARCH_NUMBER, SEARCH_TEXT, SEARCH_CHOICE)))


def _parts(reg: Register) -> list[tuple[str, str]]:
    """The fields that give a part of the key, with their kind: worked out once per register."""
    found = _PARTS.get(reg.key)
    if found is None or found[0] is not reg:  # another catalog: other Register objects
        found = _PARTS[reg.key] = (reg, [(fld.name, kind) for fld in reg.input_fields
                                         if (kind := _kind(reg, fld)) is not None])
    return found[1]


_PARTS: dict[str, tuple[Register, list[tuple[str, str]]]] = {}


def search_text(reg: Register, values: Mapping[str, Any]) -> str:
    """Everything a clerk might type to find this record, as one lower-case string."""
    parts: list[str] = []
    title = values.get(reg.title_field) if reg.title_field else None
    for name, kind in _parts(reg):
        value = values.get(name)
        if value is None or value == "" or value == []:
            continue
        if kind == SEARCH_CHOICE:
            parts.extend(value if isinstance(value, list) else [str(value)])
        else:
            parts.append(str(value))
    # A space never occurs inside a part, so a typed term cannot match across two parts.
    rest = " ".join(p.replace(" ", "") for p in parts).lower()
    if not title:
        return rest
    head = _title_part(str(title))  # its parts' spaces already dropped
    return f"{head} {rest}" if rest else head


def table_exists(conn: driver.Connection) -> bool:
    return conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
    ).fetchone() is not None


def needs_rebuild(conn: driver.Connection) -> bool:
    if not table_exists(conn):
        return True
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
    return row is None or row[0] != INDEX_VERSION


def _rows(store: Database, reg: Register) -> Iterable[tuple[str, dict[str, Any]]]:
    for row in store.conn.execute(f'SELECT * FROM "{reg.key}"'):
        yield row["uuid"], {f.name: f.type.from_sql(row[f.name]) for f in reg.fields}


def rebuild(store: Database, progress: Progress | None = None) -> int:
    """Create (or empty) the index and fill it from every current record, in one transaction.

    ``progress`` is told now and then; when it asks to stop, ``Cancelled`` is raised and the
    database is left as it was. Returns the number of keys written.
    """
    regs = store.catalog.ordered(include_profile=True)
    total = sum(store.conn.execute(f'SELECT COUNT(*) FROM "{r.key}"').fetchone()[0] for r in regs)
    done = 0
    with store.transaction() as conn:
        # Dropped and made again: an older INDEX_VERSION may have had other columns or indexes.
        conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
        conn.execute(f"CREATE TABLE {TABLE} (uuid TEXT PRIMARY KEY, register TEXT NOT NULL,"
                     " text TEXT NOT NULL, sort_key TEXT NOT NULL DEFAULT '')")
        conn.execute(f"CREATE INDEX {TABLE}_register ON {TABLE}(register)")
        # Lists sorted by name read this index in order instead of sorting every time.
        conn.execute(f"CREATE INDEX {TABLE}_sort ON {TABLE}(register, sort_key, uuid)")
        for reg in regs:
            batch: list[tuple[str, str, str, str]] = []
            for record_uuid, values in _rows(store, reg):
                batch.append((record_uuid, reg.key, search_text(reg, values), sort_key(reg, values)))
                if len(batch) == 2000:
                    conn.executemany(f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?)", batch)
                    done += len(batch)
                    batch.clear()
                    if stopped(progress, done, total, "正在重建搜索索引…"):
                        raise Cancelled("已取消，搜索索引未改动")
            conn.executemany(f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?)", batch)
            done += len(batch)
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (META_KEY, INDEX_VERSION))
    store.meta[META_KEY] = INDEX_VERSION
    stopped(progress, done, total, "搜索索引已重建")
    return done


def like_pattern(term: str) -> str:
    """A LIKE pattern (ESCAPE '\\') that matches ``term`` anywhere, wildcards taken literally."""
    escaped = term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def terms(text: str) -> list[str]:
    """The words of a filter box: every one must match (``王 三组`` finds 王 in 三组)."""
    return [t for t in clean_text(text).lower().split(" ") if t]
