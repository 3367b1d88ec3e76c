"""The two-level route of ``bench/merge.py --two-level`` (issue 17): villages → townships → county.

The villages' packages of ``bench/merge.py`` (made once, cached) are shared out among
``--townships`` township databases, each imports its villages' packages and exports its upward
packages, and one county database imports them all; the county's import is set against the
direct route (every village's package into one database, ``merge.py`` step a).

The packages are encrypted to the one bench township's key. Every township here is a copy of that
empty township with its own code, name, installation ID and signing key (so the county pins 20
different PCs) but the same encryption key, so each can open its share of the packages: what
differs from real townships is only which key a village encrypted to, which the import after
decryption never sees.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sync.exchange.county import enroll_with_county, write_county_enrollment_file
from sync.exchange.exporter import export_upward
from sync.exchange.importer import import_packages
from sync.exchange.keys import KeySet
from sync.store.store import Store, new_id

COUNTY = "522701"


def township_code(t: int) -> str:
    return f"{COUNTY}{t + 1:03d}"


def _as_township(path: Path, t: int) -> None:
    """The copied township becomes township ``t``: its own code, name, PC and signing key."""
    signing = KeySet.generate().to_b64_dict()["signing_private_key"]
    with Store.open(path) as store, store.transaction():
        store.conn.executemany("UPDATE meta SET value = ? WHERE key = ?",
                               [(township_code(t), "township_code"), (f"第{t + 1}镇", "township_name"),
                                (new_id(), "device_id")])
        store.conn.execute("UPDATE local_keys SET signing_private = ?", (signing,))


def run(empty_township: Path, packages: Path, folder: Path, townships: int, workers: int | None,
        copy_db: Callable[[Path, Path], None], today: Any,
        cpu: Callable[[], tuple[float, float]]) -> dict[str, float]:
    """Time the route; returns seconds per step (and the records the county received). ``cpu``:
    CPU seconds of this process and of its finished children."""
    paths = sorted(packages.glob("*.cunwu-pkg"))
    county = folder / "county.db"
    Store.create_county(county, COUNTY, "基准县").close()
    up = folder / "upward"
    up.mkdir()
    timings = {"townships_import": 0.0, "upward_export": 0.0}
    deliveries: list[Path] = []  # one delivery folder per township, as each export printed it
    for t in range(townships):
        town = folder / f"township-{t}.db"
        copy_db(empty_township, town)
        _as_township(town, t)
        with Store.open(county) as store:
            made = write_county_enrollment_file(store, folder, township=township_code(t))
        with Store.open(town) as store:
            store.today = today
            assert made.path is not None
            enroll_with_county(store, made.path)
            started = time.perf_counter()
            summary = import_packages(store, paths[t::townships], workers=workers,
                                      accept_new_installation=True, write_receipts=False)
            timings["townships_import"] += time.perf_counter() - started
            assert summary.ok, summary.results[:2]
            started = time.perf_counter()
            delivered = export_upward(store, up).folder
            timings["upward_export"] += time.perf_counter() - started
            assert delivered is not None
            deliveries.append(delivered)
    with Store.open(county) as store:
        store.today = today
        before = cpu()
        started = time.perf_counter()
        summary = import_packages(store, deliveries, workers=workers)
        timings["county_import"] = time.perf_counter() - started
        timings["county_import_cpu"] = sum(cpu()) - sum(before)  # this process and its workers
        assert summary.ok and summary.count("accepted") == len(paths), summary.results[:2]
        timings["records"] = sum(r.counts.new for r in summary.results)
        again = time.perf_counter()
        assert import_packages(store, deliveries, workers=workers).count("duplicate") == len(paths)
        timings["county_reimport"] = time.perf_counter() - again
        from sync.reports.statistics import compute

        started = time.perf_counter()
        compute(store, as_of=today)
        timings["county_stats"] = time.perf_counter() - started
    return timings
