"""Counting the volunteers in SQL, on a thread of its own when the database is big.

The queries are ``volunteer_sql``'s; this module sets their inputs from the report's (the
star thresholds, the activity window, registrations after the reference date) and runs them
beside the report's other groups (:class:`Counting`).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from forms.compute import NO_STAR, STAR_NAMES
from sync.reports.stats.inputs import Inputs, add_months, start_fields
from sync.reports.stats.volunteer_sql import Counted, Later, Task, Window, assemble, count_all, queries
from sync.store import at_rest, driver

# Counting on a second thread pays on a machine with a free core, for a big database (a
# township's hundred thousand service records and more; a village's takes milliseconds); the
# benchmark switches it off to measure one thread's work.
COUNT_ON_A_THREAD = True
THREAD_FROM_SERVICES = 100_000


# The volunteers' query results of earlier runs on one store, by what they asked (``Counting``):
# a county's report and then each township's (``sync.reports.county``) count the same rows.
SharedCounts = dict[tuple[Any, ...], dict[str, Any]]


def _copied(value: Any) -> Any:
    """A copy of query results as deep as ``assemble`` and the groups may change them: dicts and
    lists, and the per-village counts (dataclasses of numbers, strings and tuples), not the rows'
    tuples and strings (a deep copy of a county's results cost more than the scans it saves)."""
    if isinstance(value, dict):
        return {k: _copied(v) for k, v in value.items()}
    if isinstance(value, list | set):
        return type(value)(value)
    if isinstance(value, tuple):
        return tuple(_copied(v) for v in value)
    if dataclasses.is_dataclass(value):
        return copy.copy(value)
    return value


def star_limits(settings: Mapping[str, Any]) -> tuple[tuple[str, ...], list[float]]:
    thresholds = list(settings.get("star_thresholds", [100, 300, 600, 1000, 1500]))
    return (NO_STAR, *STAR_NAMES[: len(thresholds)]), sorted(thresholds)


def window_of(inp: Inputs) -> Window:
    months = int(inp.settings.get("active_volunteer_months", 12))
    return Window.of(inp.period, inp.as_of, add_months(inp.as_of, -months))


def later_registrations(inp: Inputs) -> Later:
    """What SQLite must hand Python besides the awkward registrations: those registered after
    the reference date (not volunteers then), when there can be any without errors. A 注册日期
    after the day it was saved is an error (R-DATES), and registrations with errors are read by
    Python anyway: a report as of today or later needs no scan of the table (a prefecture's
    286,000 rows), one as of an earlier date does."""
    start = start_fields(inp.reg("volunteers"))
    if not start or inp.as_of >= dt.date.today():
        return None
    return start[0], inp.as_of.isoformat()


def count_volunteers(inp: Inputs, conn: driver.Connection | None = None) -> Counted:
    """The SQL half of the volunteers group, on ``conn`` (default: the report's)."""
    _, thresholds = star_limits(inp.settings)
    return count_all(conn or inp.conn, window_of(inp), thresholds, inp.only,
                     inp.volunteers_in_sql and not inp.recheck, later_registrations(inp))


def _big(conn: driver.Connection) -> bool:
    # The largest rowid: one look-up, about the number of service records ever written.
    (last,) = conn.execute("SELECT MAX(rowid) FROM volunteer_services").fetchone()
    return (last or 0) >= THREAD_FROM_SERVICES


class Counting:
    """The volunteers' queries (:func:`~sync.reports.stats.volunteer_sql.queries`), started on a
    thread of their own with a read-only connection of its own, while the report's thread
    works out the other groups: SQLite runs without Python's lock, so on two cores scanning a
    prefecture's 1.4 million service records (the longest part of the report) costs little
    waiting. When the report's thread is done first it runs the queries not started yet.
    Where there is no file to open a second connection on, it runs them all when asked."""

    def __init__(self, inp: Inputs, path: str | os.PathLike[str] | None,
                 extra: Mapping[str, Task] | None = None, shared: SharedCounts | None = None) -> None:
        self._inp = inp
        _, thresholds = star_limits(inp.settings)
        self._in_sql = inp.volunteers_in_sql and not inp.recheck
        later = later_registrations(inp)
        self._todo = list(queries(window_of(inp), thresholds, inp.only, self._in_sql, later).items())
        # Other groups' independent queries (``extra``: name → task), run last by whichever thread is free.
        self._todo += list((extra or {}).items())
        self._results: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._done = threading.Condition(self._lock)  # a task's result stored, or the thread ended
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        # What the queries ask depends on these only (not on the villages in scope: they count
        # every village, or ``only``), so runs of one store with the same key share their results.
        self._shared, self._key = shared, (window_of(inp), tuple(thresholds), inp.only, self._in_sql, later,
                                           tuple(sorted(extra or ())))
        self.threaded = False
        if shared is not None and self._key in shared:
            # Copies: ``assemble`` and the groups change what they are given.
            self._results, self._todo = _copied(shared[self._key]), []
            return
        self.threaded = COUNT_ON_A_THREAD and path is not None and Path(path).is_file() and _big(inp.conn)
        if self.threaded:
            self._thread = threading.Thread(target=self._run, args=(Path(path),), name="volunteer-counts",
                                            daemon=True)
            self._thread.start()

    def _next(self) -> tuple[str, Task] | None:
        with self._lock:
            return self._todo.pop(0) if self._todo else None

    def _work(self, conn: driver.Connection) -> None:
        while (task := self._next()) is not None:
            name, run = task
            found = run(conn)
            with self._done:
                self._results[name] = found
                self._done.notify_all()

    def take(self, name: str) -> Any:
        """The result of the task ``name`` of ``extra`` now: run here if no thread started it,
        else waited for (it is running or done)."""
        with self._lock:
            mine = next((i for i, (n, _) in enumerate(self._todo) if n == name), None)
            run = self._todo.pop(mine)[1] if mine is not None else None
        if run is not None:
            found = self._results[name] = run(self._inp.conn)
            return found
        with self._done:
            while name not in self._results:
                if self._error is not None:
                    raise self._error
                if self._thread is None or not self._thread.is_alive():
                    raise RuntimeError(f"统计任务 {name} 未运行")
                self._done.wait()
            return self._results[name]

    def _run(self, path: Path) -> None:
        try:
            conn = driver.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30,
                                  key=at_rest.key_for_open(path))
            try:
                # Pages read through the operating system's cache, not copied into a cold
                # cache of this new connection (SQLite falls back to reading if it cannot map).
                conn.execute("PRAGMA mmap_size = 2147483647")
                self._work(conn)
            finally:
                conn.close()
        except BaseException as exc:  # handed to the report's thread by result()
            self._error = exc
        finally:
            with self._done:
                self._done.notify_all()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def stop(self) -> None:
        """Start no further query (the report failed or was cancelled); :meth:`wait` then
        waits only for the one running."""
        with self._lock:
            self._todo.clear()

    def extra(self, name: str) -> Any:
        """The result of a task given in ``extra`` (after :meth:`result`)."""
        return self._results[name]

    def result(self) -> Counted:
        """Everything counted: the queries the other thread has not started run here, then
        its results are waited for."""
        inp = self._inp
        self._work(inp.conn)
        self.wait()
        if self._error is not None:
            raise self._error
        if self._shared is not None and self._key not in self._shared:
            self._shared[self._key] = _copied(self._results)
        _, thresholds = star_limits(inp.settings)
        return assemble(inp.conn, window_of(inp), thresholds, inp.only, self._in_sql, self._results)


