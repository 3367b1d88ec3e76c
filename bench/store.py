"""Insert volunteers with service records through the store, against a bare executemany.

    .venv/bin/python bench/store.py [--volunteers 100000] [--services 3] [--encrypted]

Both sides get the same input rows (built before timing) and write into a fresh database
file with WAL and synchronous=FULL. The bare side is one ``executemany`` per table of the
rows' values into plain tables with the same columns, in one transaction: the floor for
writing these rows at all. The store side validates every row with the register's rules,
derives and computes fields, writes a version and a current row, keeps the search index,
and refreshes each volunteer's hours and stars. ``--encrypted`` times both sides again on
SQLCipher-encrypted files (the store's database has a user, so it is encrypted as in use; the
bare side gets a random key) in the same run, and prints what encryption costs. A second floor is
printed after: the rows the store itself wrote (versions, current rows, search keys) inserted
into the store's own schema with its indexes, so the store's time splits into SQLite's part and
the Python per record.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from forms.model import catalog
from sync.demo.village import ACTIVITIES, mobile, random_person
from sync.store import at_rest, driver, search
from sync.store.store import Store
from sync.store.users import ADMIN

TODAY = dt.date(2026, 11, 21)


def make_rows(n: int, services: int, seed: int = 1) -> tuple[list[dict], list[list[dict]]]:
    rng = random.Random(seed)
    vols, svcs = [], []
    seen: set[str] = set()
    for i in range(n):
        p = random_person(rng, "350322", TODAY, 18, 70)
        while p["id"] in seen:  # one register, one person per ID number (R-DUP)
            p = random_person(rng, "350322", TODAY, 18, 70)
        seen.add(p["id"])
        vols.append({"姓名": p["姓名"], "证件号码": p["id"], "注册日期": "2023-05-01",
                     "联系电话": mobile(rng), "居住村民小组": f"{i % 8 + 1}组", "服务技能": ["农技", "文体"],
                     "可服务时段": ["周末"], "所属志愿服务队": "东山村志愿服务队", "状态": "在册"})
        svcs.append([{"活动名称": rng.choice(ACTIVITIES), "服务日期": f"2025-03-{k + 1:02d}",
                      "开始时间": "08:00", "结束时间": "11:00", "服务时长": 2.5, "服务类别": "农技",
                      "地点": "东山村", "组织单位": "村委会", "记录人": "村文书", "评价": "良好"}
                     for k in range(services)])
    return vols, svcs


def bench_store(path: Path, vols: list[dict], svcs: list[list[dict]], encrypted: bool = False) -> float:
    store = Store.create_village(path, "350322111202", "东山村")
    if encrypted:  # a database with a user is encrypted (sync/store/at_rest.py)
        store.add_user("bench", ADMIN, "bench-password")
        assert at_rest.is_encrypted(path)
    search.rebuild(store)  # the window's filter index exists in real databases
    start, cpu = time.perf_counter(), time.process_time()
    saved = store.add_many("volunteers", vols)
    rows = [{**s, "志愿者": v.uuid} for v, group in zip(saved, svcs, strict=True) for s in group]
    store.add_many("volunteer_services", rows)
    elapsed = time.perf_counter() - start
    CPU["store"] = time.process_time() - cpu
    assert store.count("volunteers") == len(vols)
    store.close()
    return elapsed


def bench_bare(path: Path, vols: list[dict], svcs: list[list[dict]], key: bytes | None = None) -> float:
    cat = catalog()
    vreg, sreg = cat.registers["volunteers"], cat.registers["volunteer_services"]
    conn = driver.connect(path, key=key, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    for reg in (vreg, sreg):
        cols = ", ".join(f'"{f.name}"' for f in reg.input_fields)
        conn.execute(f'CREATE TABLE "{reg.key}" (uuid TEXT PRIMARY KEY, {cols})')
    start, cpu = time.perf_counter(), time.process_time()
    conn.execute("BEGIN")
    vnames = [f.name for f in vreg.input_fields]
    vrows = [(f"v{i}", *("、".join(v[n]) if isinstance(v.get(n), list) else v.get(n) for n in vnames))
             for i, v in enumerate(vols)]
    conn.executemany(f'INSERT INTO volunteers VALUES ({", ".join("?" * (len(vnames) + 1))})', vrows)
    snames = [f.name for f in sreg.input_fields]
    srows = [(f"s{i}-{k}", *(f"v{i}" if n == "志愿者" else s.get(n) for n in snames))
             for i, group in enumerate(svcs) for k, s in enumerate(group)]
    conn.executemany(f'INSERT INTO volunteer_services VALUES ({", ".join("?" * (len(snames) + 1))})', srows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    CPU["bare"] = time.process_time() - cpu
    conn.close()
    return elapsed


def bench_schema_floor(source: Path, target: Path) -> float:
    """The rows the store wrote (versions, current rows, search keys), read back from its database
    and inserted with one ``executemany`` per table into a new village database: the same schema,
    indexes and settings (WAL, synchronous=FULL), one transaction. What SQLite costs for what the
    store writes, with no Python per record; only the inserts and the commit are timed."""
    Store.create_village(target, "350322111202", "东山村").close()
    src = driver.connect(source)
    dst = driver.connect(target, isolation_level=None)
    dst.execute("PRAGMA journal_mode = WAL")
    dst.execute("PRAGMA synchronous = FULL")
    search_table = (f"CREATE TABLE {search.TABLE} (uuid TEXT PRIMARY KEY, register TEXT NOT NULL,"
                    " text TEXT NOT NULL, sort_key TEXT NOT NULL DEFAULT '')")
    dst.execute(search_table)
    dst.execute(f"CREATE INDEX {search.TABLE}_register ON {search.TABLE}(register)")
    dst.execute(f"CREATE INDEX {search.TABLE}_sort ON {search.TABLE}(register, sort_key, uuid)")
    tables = {}
    for table in ("versions", "volunteers", "volunteer_services", search.TABLE):
        cursor = src.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
        tables[table] = (f'INSERT INTO "{table}" VALUES ({", ".join("?" for _ in cursor.description)})',
                         cursor.fetchall())
    src.close()
    start, cpu = time.perf_counter(), time.process_time()
    dst.execute("BEGIN")
    for sql, rows in tables.values():
        dst.executemany(sql, rows)
    dst.execute("COMMIT")
    elapsed = time.perf_counter() - start
    CPU["schema"] = time.process_time() - cpu
    dst.close()
    return elapsed


# CPU seconds of the last bare and store runs: the machine is shared, and other jobs disturb the
# CPU time far less than the wall clock.
CPU: dict[str, float] = {"bare": 0.0, "store": 0.0, "schema": 0.0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--volunteers", type=int, default=100_000)
    parser.add_argument("--services", type=int, default=3)
    parser.add_argument("--encrypted", action="store_true", help="also time encrypted databases")
    args = parser.parse_args()
    vols, svcs = make_rows(args.volunteers, args.services)
    total = args.volunteers * (1 + args.services)
    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        bare = bench_bare(Path(tmp) / "bare.db", vols, svcs)
        bare_cpu = CPU["bare"]
        store = bench_store(Path(tmp) / "store.db", vols, svcs)
        store_cpu = CPU["store"]
        schema = bench_schema_floor(Path(tmp) / "store.db", Path(tmp) / "schema.db")
        if args.encrypted:
            bare_enc = bench_bare(Path(tmp) / "bare-enc.db", vols, svcs, key=os.urandom(32))
            store_enc = bench_store(Path(tmp) / "store-enc.db", vols, svcs, encrypted=True)
    print(f"records: {args.volunteers} volunteers + {args.volunteers * args.services} service records")
    print(f"bare executemany: {bare:.2f} s ({total / bare:,.0f} rows/s)")
    print(f"through the store: {store:.2f} s ({total / store:,.0f} records/s)")
    print(f"ratio store / bare: {store / bare:.1f}x")
    print(f"CPU: bare {bare_cpu:.2f} s, store {store_cpu:.2f} s, ratio {store_cpu / bare_cpu:.1f}x; "
          f"load average after: {os.getloadavg()[0]:.2f}")
    print(f"the store's own rows (versions, current rows, search keys) into its schema: {schema:.2f} s, "
          f"CPU {CPU['schema']:.2f} s; store / these rows: {store / schema:.1f}x, "
          f"CPU {store_cpu / CPU['schema']:.1f}x; Python per record: "
          f"{(store_cpu - CPU['schema']) / total * 1e6:.0f} µs of CPU")
    if args.encrypted:
        print(f"bare executemany, encrypted: {bare_enc:.2f} s; encrypted / plain = {bare_enc / bare:.2f}x")
        print(f"through the store, encrypted: {store_enc:.2f} s; "
              f"encrypted / plain = {store_enc / store:.2f}x")


if __name__ == "__main__":
    main()
