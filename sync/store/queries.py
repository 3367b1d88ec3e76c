"""Reads over the registers' current rows that the windows show: counts beside each register,
titles of records, a line per record for lists of findings, a village's flagged records.

Each function takes a ``Store`` and returns plain data (no Qt, nothing tied to the connection),
so a window may call it on its own thread or on its database worker. What a register page
lists, in what order and filtered how, is ``sync.store.register_list``; the sync tables
(packages, receipts, conflicts, import log) are read in ``sync.exchange.status``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import NamedTuple

from sync.store.store import Store

# Host parameters per ``IN (…)``: well under SQLite's limit (999 in older builds).
CHUNK = 400

Counts = tuple[int, int, int]  # records, with errors, with warnings but no errors
# SQLite virtual-machine steps between two looks at "cancelled?" (a few milliseconds).
INTERRUPT_STEPS = 20_000


class RecordLine(NamedTuple):
    """A record in a list of findings (a statistic's records, a village's problems)."""

    uuid: str
    register: str  # the register's short name (两委成员, 志愿者 …)
    title: str  # its name or title, （未命名） when empty
    village: str  # the village's code
    state: str  # 已删除, 有错误, 有警告 or ""


@contextmanager
def interruptible(store: Store, cancelled: Callable[[], bool]) -> Iterator[Store]:
    """While inside, a statement of ``store`` running when ``cancelled()`` turns true stops with
    ``sqlite3.OperationalError`` ("interrupted"): 取消 stops a long query, not only the work
    between queries. For a store of the thread that runs the work (a worker's own store)."""
    store.conn.set_progress_handler(lambda: 1 if cancelled() else 0, INTERRUPT_STEPS)
    try:
        yield store
    finally:
        store.conn.set_progress_handler(None, 0)


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterable[Sequence[str]]:
    """``items`` in slices of ``size``: one ``IN (…)`` each."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def record_counts(store: Store, village: str | None = None) -> dict[str, Counts]:
    """Per register (every register of the catalogue, the village profile included): its records,
    how many have errors, how many have warnings but no errors; deleted records left out;
    for one village or for all. What the navigation list shows beside each register."""
    where, args = ("AND _village = ?", [village]) if village else ("", [])
    counts: dict[str, Counts] = {}
    for reg in store.catalog.ordered(include_profile=True):
        row = store.conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(_errors > 0), 0), COALESCE(SUM(_errors = 0 AND _warnings > 0), 0) "
            f'FROM "{reg.key}" WHERE _deleted = 0 {where}', args).fetchone()
        counts[reg.key] = (row[0], row[1], row[2])
    return counts


def record_titles(store: Store, register: str, uuids: Iterable[str]) -> dict[str, str]:
    """The title (its ``title_field``: 姓名, 名称 …) of each of these records of ``register`` that
    exists, deleted or not; "" for an empty title. Records not found are left out, and so is
    everything for a register without a title field."""
    reg = store.catalog.registers[register]
    wanted = sorted({u for u in uuids if u})
    titles: dict[str, str] = {}
    if not reg.title_field or not wanted:
        return titles
    for chunk in chunks(wanted):
        marks = ", ".join("?" for _ in chunk)
        for uuid, title in store.conn.execute(
                f'SELECT uuid, "{reg.title_field}" FROM "{reg.key}" WHERE uuid IN ({marks})', chunk):
            titles[uuid] = title or ""
    return titles


def describe_records(store: Store, uuids: Sequence[str], first: Sequence[str] = ()) -> dict[str, RecordLine]:
    """A ``RecordLine`` for each of these records that exists, whatever its register.

    Registers are tried in order, ``first`` (register keys: those that held the records listed
    before) ahead of the others, and only for the records not found yet: a statistic's records
    are nearly always of one register, so a block of them costs one query, not one per register.
    """
    regs = store.catalog.ordered(include_profile=True)
    rank = {key: i for i, key in enumerate(first)}
    regs.sort(key=lambda r: rank.get(r.key, len(rank)))
    missing = list(dict.fromkeys(uuids))
    found: dict[str, RecordLine] = {}
    for reg in regs:
        if not missing:
            break
        title = reg.title_field or "uuid"
        for chunk in chunks(missing):
            marks = ",".join("?" for _ in chunk)
            for row in store.conn.execute(
                f'SELECT uuid, "{title}", _village, _errors, _deleted, _warnings FROM "{reg.key}" '
                f"WHERE uuid IN ({marks})", chunk,
            ):
                state = "已删除" if row[4] else "有错误" if row[3] else "有警告" if row[5] else ""
                found[row[0]] = RecordLine(row[0], reg.short, str(row[1] or "（未命名）"), row[2], state)
        missing = [u for u in missing if u not in found]
    return found


def flagged_records(store: Store, village: str) -> tuple[list[str], list[str]]:
    """A village's records (not deleted) with errors, and those with warnings but no errors,
    register by register in the catalogue's order: what its 错误 and 警告 figures count."""
    errors: list[str] = []
    warnings: list[str] = []
    for reg in store.catalog.ordered():
        for uuid, has_error in store.conn.execute(
                f'SELECT uuid, _errors > 0 FROM "{reg.key}" '
                "WHERE _village = ? AND _deleted = 0 AND (_errors > 0 OR _warnings > 0)", (village,)):
            (errors if has_error else warnings).append(uuid)
    return errors, warnings


def village_codes(store: Store, register: str, uuids: Sequence[str]) -> dict[str, str]:
    """The village code of each of these records of ``register`` (those that exist)."""
    key = store.catalog.registers[register].key
    codes: dict[str, str] = {}
    for chunk in chunks(list(uuids)):
        marks = ", ".join("?" for _ in chunk)
        codes.update(store.conn.execute(
            f'SELECT uuid, _village FROM "{key}" WHERE uuid IN ({marks})', chunk).fetchall())
    return codes


def largest_rowid(store: Store, register: str) -> int:
    """The register table's largest rowid: about how many rows it has ever held, read without a
    scan (a count of 1.4 million rows takes a noticeable moment); 0 for an empty table."""
    key = store.catalog.registers[register].key
    row = store.conn.execute(f'SELECT max(rowid) FROM "{key}"').fetchone()
    return row[0] or 0


def parent_with_most_children(store: Store, child_register: str) -> str | None:
    """The parent record (a volunteer) with the most records (not deleted) in a child register
    (service records), or None when it has none."""
    child = store.catalog.registers[child_register]
    if not child.parent_field:
        return None
    row = store.conn.execute(
        f'SELECT "{child.parent_field}" FROM "{child.key}" WHERE _deleted = 0 '
        f'AND "{child.parent_field}" IS NOT NULL GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1').fetchone()
    return row[0] if row else None
