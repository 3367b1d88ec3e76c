"""Everything about one package that needs no database: verify, decrypt, parse, plan.

``prepare`` is a plain function of picklable arguments so the importer can run it in a
worker process for the next packages while the main process writes the current one
(``Preparer``). It never raises for a bad package: it returns a ``Refusal`` with the
Chinese reason.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import functools
import multiprocessing
import os
from collections import deque
from collections.abc import Mapping, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from forms.model import Catalog, catalog
from sync.exchange.keys import encryption_private_key_from_bytes
from sync.exchange.package_file import PackageInfo
from sync.exchange.package_read import read_package
from sync.exchange.payload import Payload, PayloadError, check_schema_version, in_package, parse_payload
from sync.exchange.plan import EMPTY, Plan, make_plan
from sync.exchange.stick_files import SyncFileError
from sync.store.batch import collector_paused
from sync.store.choices import AddedChoice, effective_catalog


@dataclass(frozen=True)
class Refusal:
    reason: str


@dataclass
class Prepared:
    info: PackageInfo  # the verified header, signer and file digest (payload not kept)
    payload: Payload
    fresh_plan: Plan | None = None  # the plan for a village the database has never seen
    # With a fresh plan the versions are left out (they are in the plan's rows), which halves
    # what a worker process sends back; the importer reads them again if it cannot use the plan.
    versions_dropped: bool = False


@dataclass(frozen=True)
class PlanInputs:
    """What a plan depends on besides the package: the same in every process."""

    settings: Mapping[str, Any]
    today: dt.date
    with_index: bool
    # The township's choice-list additions (``sync.store.choices``): records using an added value
    # are checked against the same lists in a worker as in the database.
    choices: tuple[AddedChoice, ...] = ()

    def catalog(self) -> Catalog:
        return _effective_catalog(self.choices)


@functools.lru_cache(maxsize=4)
def _effective_catalog(choices: tuple[AddedChoice, ...]) -> Catalog:
    return effective_catalog(catalog(), choices) if choices else catalog()


def prepare(path: str | Path, recipient_private: bytes, plan_inputs: PlanInputs | None = None
            ) -> Prepared | Refusal:
    """Verify and decrypt a package completely and parse its payload.

    With ``plan_inputs``, also plan it as if the database held nothing of its village.
    """
    with collector_paused():  # the payload parsed is a few objects per field of every version
        return _prepare(Path(path), recipient_private, plan_inputs)


def _prepare(path: Path, recipient_private: bytes, plan_inputs: PlanInputs | None) -> Prepared | Refusal:
    try:
        package = read_package(path, encryption_private_key_from_bytes(recipient_private))
        check_schema_version(package.header["schema_version"], path.name)
        cat = plan_inputs.catalog() if plan_inputs is not None else catalog()
        payload = parse_payload(package.payload, package.header, cat, path.name)
        info = PackageInfo(package.path, package.header, package.signer_public_bytes, package.file_sha256)
        plan = None
        if plan_inputs is not None:
            try:
                plan = make_plan(payload.versions, EMPTY, village=payload.village, cat=cat,
                                 settings=plan_inputs.settings, today=plan_inputs.today,
                                 with_index=plan_inputs.with_index)
            except PayloadError as exc:
                raise in_package(exc, path.name) from exc
    except SyncFileError as exc:
        return Refusal(str(exc))
    if plan is not None:
        payload.versions = []
        return Prepared(info, payload, plan, versions_dropped=True)
    return Prepared(info, payload)


# Below this many packages to prepare, worker processes cost more than they save.
PARALLEL_FROM = 8


class Entry(Protocol):
    """A package file waiting to be imported (``sync.exchange.importer``)."""

    path: Path

    @property
    def header(self) -> dict[str, Any]: ...


def default_workers(packages: int) -> int:
    if packages < PARALLEL_FROM:
        return 0
    # CUNWU_IMPORT_WORKERS overrides (0: stay in one process). A frozen program starts its
    # workers through its own entry point, which calls multiprocessing.freeze_support()
    # (desktop/cli.py); the frozen self-test imports through a worker process.
    wanted = os.environ.get("CUNWU_IMPORT_WORKERS", "").strip()
    if wanted.isdigit():
        return min(int(wanted), 8)
    # One core for the process that writes, the others for workers (niced, ``_yield_to_writer``).
    # On two cores one worker is faster than two, which only compete with the writer
    # (bench/merge.py, 50 villages: 5.8 s against 7.3 s).
    return max(1, min(3, (os.cpu_count() or 1) - 1))


def _yield_to_writer() -> None:
    """Workers run at a lower priority, so the process writing the database is never starved."""
    if hasattr(os, "nice"):
        os.nice(5)


class Preparer:
    """Prepared packages in import order: in worker processes when there are many."""

    def __init__(self, entries: Sequence[Entry], recipient: bytes, plan_inputs: PlanInputs, workers: int,
                 fresh: set[str]) -> None:
        self.recipient = recipient
        self.plan_inputs = plan_inputs
        self.fresh = fresh
        self.members = {id(e) for e in entries}
        self.queue = deque(entries)
        self.running: deque[tuple[int, concurrent.futures.Future[Prepared | Refusal]]] = deque()
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        self.window = workers * 3
        if workers > 0 and entries:
            self.pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_yield_to_writer)
            self._fill()

    def _fill(self) -> None:
        assert self.pool is not None
        while self.queue and len(self.running) < self.window:
            e = self.queue.popleft()
            inputs = self.plan_inputs if e.header["package_id"] in self.fresh else None
            self.running.append((id(e), self.pool.submit(prepare, str(e.path), self.recipient, inputs)))

    def take(self, entry: Entry) -> Prepared | Refusal:
        if self.pool is None or id(entry) not in self.members:
            return prepare(entry.path, self.recipient)
        while True:
            if not self.running:
                self._fill()
            key, future = self.running.popleft()
            if key != id(entry):
                future.cancel()  # an entry passed over (it turned out to be a duplicate)
                continue
            try:
                outcome = future.result()
            except BrokenProcessPool:  # a worker died (out of memory…): carry on in this process
                self.close()
                self.pool = None
                return prepare(entry.path, self.recipient)
            self._fill()
            return outcome

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
