"""Benchmark: a prefecture's villages merged at one township (issue 4).

    .venv/bin/python bench/merge.py [--villages 1431] [--cache DIR] [--workers N]
                                    [--excel-sample 60] [--skip-excel] [--encrypted]
                                    [--no-governance] [--two-level [--townships 20]]

1. Generate (not timed, cached in ``--cache``): one template village entered through
   ``Store.add`` (the real path: validation, computed fields, versions) with realistic
   sizes: 10 两委 members, 4 supervisors, 2 versions of the 村规民约, 10 organisations,
   200 volunteers with 5 service records each, and a year of the 村务 registers of issue 14
   as ``bench/stats.py`` enters them (``add_governance``, ``add_bodies``): 3 重大事项 through
   all six steps, 20 村民小组会议, 4 村民代表会议, 7 民主协商会, 9 meetings that were steps of
   the 重大事项, 8 postings, 8 村级组织, 45 村级骨干, 3 titles — within the sizes the issue
   names per village and year (``--no-governance`` leaves them out). For each of the N villages its versions
   are cloned with new record UUIDs, version IDs, ID numbers and village code, written
   into a new village database with the importer's own planner (``make_plan`` from an
   empty database + ``apply_plan``: the same computed fields and error counts as
   ``Store.add``), the village is enrolled with the township, and the real
   ``export_package`` writes its package. The village database is then deleted.
2. Timed, in the same run:
   a. importing every package into an empty township database (``import_packages`` on
      the folder: verification, decryption, planning, one transaction per package,
      receipts, a backup first);
   b. importing them all again (all duplicates);
   c. the floor: a bare ``sqlite3`` ``executemany`` of the same rows (the versions and
      current-state rows the import wrote) into an empty database with the same schema,
      one transaction;
   d. the Excel route: one roster per village (one sheet per register, a header row and
      one row per record) read with openpyxl (read-only, values only). Writing rosters
      for 1,431 villages takes long, so ``--excel-sample`` villages are written and read,
      and the time is scaled to all villages (every village has the same shape).
   e. with ``--encrypted``: the import of a. again into an empty township database that has a
      user, i.e. is encrypted with SQLCipher (sync/store/at_rest.py), and the ratio to a.
   f. with ``--two-level``: villages → ``--townships`` townships → county (bench/county_route.py):
      the townships' imports, their upward exports, the county's import of the upward packages
      against a., its re-import, and the county's statistics.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import json
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sync.store import driver

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from forms.identifiers import id_check_char  # noqa: E402
from sync.demo.village import ACTIVITIES, mobile, random_person  # noqa: E402
from sync.store.store import Store, new_id  # noqa: E402

AS_OF = dt.date(2026, 11, 21)
TEMPLATE = "522700100200"
TOWNSHIP = "522700100"
ID_FIELDS = ("公民身份号码", "证件号码", "负责人身份号码")
CATEGORIES = ("为民服务", "公益慈善", "邻里互助", "平安建设", "文体娱乐", "农村生产技术服务", "其他")


def village_code(i: int) -> str:
    return f"5227{i // 999 + 1:02d}100{i % 999 + 1:03d}"


def area_code(i: int) -> str:
    return f"{520100 + i % 9000:06d}"


# ---------------------------------------------------------------- generating

def _stats_bench() -> Any:
    """bench/stats.py as a module: its template's 村务 records are entered here the same way."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_stats", ROOT / "bench" / "stats.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_template(path: Path, governance: bool = True) -> None:
    rng = random.Random(6)
    store = Store.create_village(path, TEMPLATE, "样板村", {"常住人口": 1800, "户数": 520,
                                                         "社区类型": "农村社区", "乡镇名称": "样板镇"})
    store.today = AS_OF
    area = area_code(0)
    posts = [("书记", None, "主任"), ("副书记", None, "副主任"), ("委员", "组织", "委员"),
             ("委员", "宣传", "无"), ("委员", "纪检", "无"), ("无", None, "委员"), ("无", None, "委员"),
             ("无", None, "无"), ("副书记", None, "无"), ("无", None, "委员")]
    discipline = None
    with store.transaction():
        for i, (party, duty, vc) in enumerate(posts):
            p = random_person(rng, area, AS_OF, 26, 62, "女" if i in (1, 5) else None)
            discipline = p if duty == "纪检" else discipline
            values = {"姓名": p["姓名"], "公民身份号码": p["id"], "民族": "汉族", "文化程度": "普通高中",
                      "政治面貌": "中共党员" if party != "无" else "群众", "党组织职务": party,
                      "委员分工": duty, "村委会职务": vc, "任职时间": "2026-03-18", "联系电话": mobile(rng)}
            if party != "无":
                values["入党时间"] = (p["birth"] + dt.timedelta(days=365 * 22)).isoformat()
            store.add("committee_members", values, override_reason="基准数据")
        for i, post in enumerate(("主任", "委员", "委员", "委员")):
            p = discipline if i == 0 else random_person(rng, area, AS_OF, 30, 60)
            assert p is not None
            store.add("supervisory_committee", {
                "姓名": p["姓名"], "公民身份号码": p["id"], "民族": "汉族", "政治面貌": "群众", "职务": post,
                "具备财会或管理知识": i == 1, "推选日期": "2026-03-25", "非村委会成员及其近亲属声明": True,
            }, override_reason="基准数据")
        first = store.add("village_rules", {
            "名称": "样板村村规民约", "类型": "制定", "表决会议": "村民会议", "会议日期": "2018-05-06",
            "应到人数": 1400, "实到人数": 900, "其中妇女": 380, "赞成": 850, "反对": 10, "弃权": 40,
            "备案日期": "2018-05-12"}, override_reason="基准数据").uuid
        store.add("village_rules", {
            "名称": "样板村村规民约（修订）", "类型": "修订", "上一版本": first, "表决会议": "村民会议",
            "会议日期": "2023-04-08", "应到人数": 1400, "实到人数": 820, "其中妇女": 310, "赞成": 790,
            "反对": 10, "弃权": 20, "备案日期": "2023-04-15"}, override_reason="基准数据")
        for i in range(10):
            store.add("social_organizations", {
                "名称": f"样板村组织{i + 1}", "类别": CATEGORIES[i % len(CATEGORIES)], "管理方式": "备案",
                "备案机关": "某镇人民政府", "备案编号": f"备〔2024〕{i + 1}号", "备案日期": "2024-05-20",
                "成员数": 30}, override_reason="基准数据")
        for _ in range(200):
            p = random_person(rng, area, AS_OF, 18, 70)
            vol = store.add("volunteers", {"姓名": p["姓名"], "证件类型": "居民身份证", "证件号码": p["id"],
                                           "注册日期": "2022-03-01", "状态": "在册", "联系电话": mobile(rng)},
                            override_reason="基准数据").uuid
            for k in range(5):
                day = AS_OF - dt.timedelta(days=rng.randrange(1, 900))
                store.add("volunteer_services", {
                    "志愿者": vol, "活动名称": rng.choice(ACTIVITIES), "服务日期": day.isoformat(),
                    "服务时长": rng.choice((1.0, 2.0, 2.5, 3.0, 4.0)) + (k % 2) * 0.5},
                    override_reason="基准数据")
    if governance:
        stats_bench = _stats_bench()
        # Its year runs to a 村民代表会议 on 25 November, after this benchmark's AS_OF.
        store.today = dt.date(2026, 12, 31)
        stats_bench.add_governance(store, TEMPLATE, rng)
        stats_bench.add_bodies(store, rng, TEMPLATE)
    store.close()


def _template_versions(path: Path) -> list[dict[str, Any]]:
    conn = driver.connect(path)
    conn.row_factory = driver.Row
    rows = [dict(r) for r in conn.execute("SELECT * FROM versions WHERE register != 'village_profile'")]
    conn.close()
    return rows


def clone_versions(template: list[dict[str, Any]], index: int, code: str,
                   profile: str | None = None) -> list[Any]:
    """The template's versions for village ``index``: new IDs, ID numbers and village code; links
    re-pointed, titles (a child list of the profile) under the village's own ``profile``."""
    from sync.store.versions import VersionRow

    area = area_code(index)
    ids: dict[str, str] = {}

    def uid(old: str | None) -> str | None:
        if old is None:
            return None
        if old not in ids:
            ids[old] = new_id()
        return ids[old]

    out = []
    for v in template:
        values = json.loads(v["data"])
        for name in ID_FIELDS:
            if values.get(name):
                body = area + values[name][6:17]
                values[name] = body + id_check_char(body)
        for name in ("志愿者", "上一版本", "关联事项"):
            if values.get(name):
                values[name] = uid(values[name])
        if v["register"] == "village_honors":
            values["村"] = profile
        out.append(VersionRow(uid(v["version_id"]) or "", uid(v["record_uuid"]) or "", v["register"], code,
                              uid(v["parent_id"]), None, v["hlc"], v["device"], v["user"] or "",
                              bool(v["deleted"]), v["reason"], json.dumps(values, ensure_ascii=False,
                                                                         sort_keys=True,
                                                                         separators=(",", ":")),
                              v["wall_time"] or "", "local", values))
    return out


def make_package(job: tuple[int, str, str, str, str]) -> str:
    """Worker: one village database, filled, enrolled, exported; returns the package path."""
    from sync.exchange.apply import apply_plan
    from sync.exchange.exporter import export_package
    from sync.exchange.identity import enroll
    from sync.exchange.plan import EMPTY, make_plan

    index, template_db, enrollment, out, scratch = job
    code = village_code(index)
    path = Path(scratch) / f"village-{index}.db"
    store = Store.create_village(path, code, f"第{index + 1}村", {"常住人口": 800 + index % 3000,
                                                               "户数": 300, "社区类型": "农村社区"})
    store.today = AS_OF
    profile = store.records("village_profile", village=code)[0]["uuid"]
    versions = clone_versions(_TEMPLATE_CACHE.setdefault(template_db, _template_versions(Path(template_db))),
                              index, code, profile)
    with store.transaction():
        plan = make_plan(versions, EMPTY, village=code, cat=store.catalog, settings=store.settings(),
                         today=AS_OF)
        apply_plan(store, plan, origin="local", package_id=None)
    enroll(store, enrollment)
    result = export_package(store, out)
    store.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    assert result.path is not None
    return str(result.path)


_TEMPLATE_CACHE: dict[str, list[dict[str, Any]]] = {}


def generate(cache: Path, villages: int, workers: int, governance: bool = True) -> tuple[Path, Path]:
    """Packages for ``villages`` villages and an empty township that enrolled them (cached)."""
    from sync.exchange.identity import write_enrollment_file
    from sync.exchange.township import enroll_village

    packages = cache / "packages"
    township = cache / "township-empty.db"
    done = cache / f"done-{villages}"
    if done.exists():
        return packages, township
    if cache.exists():
        shutil.rmtree(cache)
    packages.mkdir(parents=True)
    t0 = time.perf_counter()
    with Store.create_township(township, TOWNSHIP, "黔南州（基准）") as store:
        enrollment = write_enrollment_file(store, cache)
        with store.transaction():
            for i in range(villages):
                enroll_village(store, village_code(i), f"第{i + 1}村")
    template = cache / "template.db"
    build_template(template, governance)
    print(f"template village built in {time.perf_counter() - t0:.1f} s", flush=True)
    scratch = cache / "scratch"
    scratch.mkdir()
    jobs = [(i, str(template), str(enrollment.path), str(packages), str(scratch)) for i in range(villages)]
    spawn = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=spawn) as pool:
        for n, _ in enumerate(pool.map(make_package, jobs, chunksize=8), 1):
            if n % 100 == 0:
                print(f"  {n} packages ({time.perf_counter() - t0:.0f} s)", flush=True)
    shutil.rmtree(scratch)
    done.touch()
    print(f"generated {villages} packages in {time.perf_counter() - t0:.1f} s", flush=True)
    return packages, township


# ---------------------------------------------------------------- timing

def copy_db(source: Path, target: Path) -> None:
    src, dst = driver.connect(source), driver.connect(target)
    src.backup(dst)
    src.close()
    dst.close()


def time_import(township: Path, packages: Path, workers: int | None,
                user: Any = None) -> tuple[float, Any]:
    from sync.exchange.importer import import_packages

    store = Store.open(township, user)  # a database with users writes only for a user
    store.today = AS_OF
    cpu = _cpu_times()
    started = time.perf_counter()
    # Generic enrollment: the first PCs are accepted as if staff had confirmed their fingerprints.
    summary = import_packages(store, [packages], workers=workers, accept_new_installation=True)
    elapsed = time.perf_counter() - started
    own, workers_cpu = (after - before for after, before in zip(_cpu_times(), cpu, strict=True))
    LAST_CPU["import"] = own + workers_cpu
    store.close()
    # On a shared machine the wall time depends on the other jobs; the CPU time much less.
    print(f"  CPU: {own:.1f} s in the importing process, {workers_cpu:.1f} s in worker processes", flush=True)
    return elapsed, summary


# CPU seconds of the last timed step (the importing process and its workers, the floor, openpyxl).
LAST_CPU: dict[str, float] = {"import": 0.0, "floor": 0.0, "excel": 0.0}


def _cpu_times() -> tuple[float, float]:
    """CPU seconds of this process and of its finished child processes (workers are joined)."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time(), children.ru_utime + children.ru_stime


def time_floor(source: Path, target: Path) -> tuple[float, int]:
    """executemany of the import's rows into an empty database of the same schema.

    Same connection settings as the import (WAL, 256 MiB page cache); one transaction; rows
    in the order the import wrote them, 5,000 at a time. Only the inserts and the commit
    are timed, not reading the rows from the imported database.
    """
    Store.create_township(target, TOWNSHIP, "floor").close()
    src = driver.connect(source)
    dst = driver.connect(target, isolation_level=None)
    dst.execute("PRAGMA journal_mode = WAL")
    dst.execute("PRAGMA synchronous = FULL")
    dst.execute(f"PRAGMA cache_size = {-256 * 1024}")
    from forms.model import catalog

    tables = ["versions", *(r.key for r in catalog().ordered(include_profile=True))]
    elapsed, rows = 0.0, 0
    dst.execute("BEGIN")
    for table in tables:
        cursor = src.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
        marks = ", ".join("?" for _ in cursor.description)
        sql = f'INSERT INTO "{table}" VALUES ({marks})'
        while batch := cursor.fetchmany(5000):
            started, cpu = time.perf_counter(), time.process_time()
            dst.executemany(sql, batch)
            elapsed += time.perf_counter() - started
            LAST_CPU["floor"] += time.process_time() - cpu
            rows += len(batch)
    started, cpu = time.perf_counter(), time.process_time()
    dst.execute("COMMIT")
    elapsed += time.perf_counter() - started
    LAST_CPU["floor"] += time.process_time() - cpu
    src.close()
    dst.close()
    return elapsed, rows


def time_excel(source: Path, folder: Path, sample: int) -> tuple[float, int, int]:
    """Write one roster per village for ``sample`` villages (not timed), read them (timed)."""
    from openpyxl import Workbook, load_workbook

    from forms.model import catalog

    folder.mkdir(parents=True, exist_ok=True)
    src = driver.connect(source)
    codes = [r[0] for r in src.execute("SELECT code FROM villages ORDER BY code LIMIT ?", (sample,))]
    regs = catalog().ordered(include_profile=True)
    paths = []
    for code in codes:
        wb = Workbook(write_only=True)
        for reg in regs:
            ws = wb.create_sheet(reg.short[:31])
            names = [f.name for f in reg.fields]
            ws.append(names)
            for row in src.execute(f'SELECT {", ".join(chr(34) + n + chr(34) for n in names)} '
                                   f'FROM "{reg.key}" WHERE _village = ?', (code,)):
                ws.append(list(row))
        path = folder / f"{code}.xlsx"
        wb.save(path)
        paths.append(path)
    src.close()
    started, cpu = time.perf_counter(), time.process_time()
    cells = rows = 0
    for path in paths:
        wb = load_workbook(path, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for i, values in enumerate(ws.iter_rows(values_only=True)):
                if i:
                    rows += 1
                    cells += len(values)
        wb.close()
    LAST_CPU["excel"] = time.process_time() - cpu
    return time.perf_counter() - started, rows, cells


def _two_level(empty_township: Path, packages: Path, run: Path, args: argparse.Namespace, direct_s: float,
               records: int, direct_cpu: float) -> None:
    import county_route

    folder = run / "two-level"
    folder.mkdir()
    t = county_route.run(empty_township, packages, folder, args.townships, args.workers, copy_db, AS_OF,
                         _cpu_times)
    assert t["records"] == records, (t["records"], records)
    print(f"two-level: {args.townships} townships imported their villages' packages in "
          f"{t['townships_import']:.1f} s and wrote their upward packages in {t['upward_export']:.1f} s; "
          f"the county imported them ({records} records) in {t['county_import']:.1f} s = "
          f"{records / t['county_import']:,.0f} records/s; "
          f"county / direct = {t['county_import'] / direct_s:.2f}x; "
          f"re-import {t['county_reimport']:.1f} s; county statistics {t['county_stats']:.1f} s; "
          f"county import CPU {t['county_import_cpu']:.1f} s, county CPU / direct CPU = "
          f"{t['county_import_cpu'] / direct_cpu:.2f}x", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=1431)
    parser.add_argument("--cache", type=Path, help="where generated packages are kept between runs")
    parser.add_argument("--workers", type=int, help="import worker processes (default: automatic)")
    parser.add_argument("--generate-workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--excel-sample", type=int, default=60)
    parser.add_argument("--skip-excel", action="store_true")
    parser.add_argument("--skip-floor", action="store_true")
    parser.add_argument("--encrypted", action="store_true",
                        help="also import into an encrypted township database (it has a user)")
    parser.add_argument("--keep", action="store_true", help="keep the township database of this run")
    parser.add_argument("--no-governance", action="store_true",
                        help="leave the 村务 registers of issue 14 (registers 6–10, titles) out")
    parser.add_argument("--two-level", action="store_true",
                        help="also the route villages → townships → county (bench/county_route.py)")
    parser.add_argument("--townships", type=int, default=20, help="townships of the two-level route")
    args = parser.parse_args()
    # The two shapes are cached apart, so a run of one never reuses the other's packages.
    shape = "-no-governance" if args.no_governance else ""
    cache = args.cache or Path(tempfile.gettempdir()) / f"cunwu-bench-merge-{args.villages}{shape}"
    packages, empty_township = generate(cache, args.villages, args.generate_workers, not args.no_governance)
    run = Path(tempfile.mkdtemp(prefix="cunwu-merge-"))
    try:
        township = run / "township.db"
        copy_db(empty_township, township)
        merge_s, summary = time_import(township, packages, args.workers)
        merge_cpu = LAST_CPU["import"]
        assert summary.ok and summary.count("accepted") == args.villages, summary.results[:3]
        records = sum(r.counts.new for r in summary.results)
        size = sum(p.stat().st_size for p in packages.glob("*.cunwu-pkg"))
        print(f"import: {args.villages} packages ({size / 1e6:.0f} MB), {records} records in {merge_s:.1f} s "
              f"= {records / merge_s:,.0f} records/s", flush=True)
        again_s, again = time_import(township, packages, args.workers)
        assert again.count("duplicate") == args.villages
        print(f"re-import (all duplicates): {again_s:.1f} s", flush=True)
        if args.encrypted:
            from sync.store.users import ADMIN

            encrypted = run / "township-encrypted.db"
            copy_db(empty_township, encrypted)
            with Store.open(encrypted) as store:
                store.add_user("bench", ADMIN, "bench-password")  # encrypts it
                bench = store.authenticate("bench", "bench-password")
            enc_s, enc = time_import(encrypted, packages, args.workers, bench)
            assert enc.ok and enc.count("accepted") == args.villages
            print(f"import into an encrypted township: {enc_s:.1f} s; encrypted / plain = "
                  f"{enc_s / merge_s:.2f}x; CPU {LAST_CPU['import']:.1f} s, encrypted CPU / plain CPU = "
                  f"{LAST_CPU['import'] / merge_cpu:.2f}x", flush=True)
        if args.two_level:
            _two_level(empty_township, packages, run, args, merge_s, records, merge_cpu)
        floor_s = 0.0
        if not args.skip_floor:
            floor_s, rows = time_floor(township, run / "floor.db")
            print(f"bare sqlite3 insert of the same {rows} rows: {floor_s:.1f} s "
                  f"({records / floor_s:,.0f} records/s); import / floor = {merge_s / floor_s:.2f}x; "
                  f"CPU {LAST_CPU['floor']:.1f} s, "
                  f"import CPU / floor CPU = {merge_cpu / LAST_CPU['floor']:.2f}x",
                  flush=True)
        if not args.skip_excel:
            sample = min(args.excel_sample, args.villages)
            excel_s, rows, cells = time_excel(township, run / "rosters", sample)
            scaled = excel_s * args.villages / sample
            print(f"openpyxl: {sample} rosters, {rows} rows, {cells} cells read in {excel_s:.1f} s "
                  f"({rows / excel_s:,.0f} rows/s); scaled to {args.villages} villages: {scaled:.0f} s; "
                  f"Excel / import = {scaled / merge_s:.1f}x; CPU {LAST_CPU['excel']:.1f} s, scaled "
                  f"{LAST_CPU['excel'] * args.villages / sample:.0f} s, Excel CPU / import CPU = "
                  f"{LAST_CPU['excel'] * args.villages / sample / merge_cpu:.1f}x", flush=True)
    finally:
        if args.keep:
            print(f"kept {run}")
        else:
            shutil.rmtree(run, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
