"""Excel export and import against their goals (the Excel half of issue 5's benchmark).

    .venv/bin/python bench/excel.py [--export 100000] [--import 10000] [--repeat 3]

Export: 100,000 volunteers from a village database to .xlsx with ``export_excel`` (read
from SQLite, mask, lay out, write, verify, rename), against a bare openpyxl write-only
loop that writes the same cells (built before timing) to a file in the same run. Goal:
within 1.3× of the bare loop.

Import: a 10,000-row volunteer roster (title lines, a header in the usual variants, dates
and phones written the ways clerks write them) into a fresh village database whose search
index exists, as in a real installation: read, parse, validate every row with the
register's rules, write versions and current rows. Goal: ≤ 10 s.

The printed register book has its own benchmark (``bench/book.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook

from forms.model import catalog
from forms.roster.write import SheetSpec, row_cells
from sync.demo.village import mobile, random_person
from sync.excel.roster_export import export_excel
from sync.excel.roster_import import import_excel
from sync.store import search
from sync.store.store import Store

TODAY = dt.date(2026, 11, 21)
CODE = "350322111202"


def volunteer_rows(n: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    skills = catalog().choices["服务类别"].values
    rows: list[dict] = []
    seen: set[str] = set()
    while len(rows) < n:
        i = len(rows)
        p = random_person(rng, "350322", TODAY, 18, 70)
        if p["id"] in seen:
            continue
        seen.add(p["id"])
        rows.append({"姓名": p["姓名"], "证件号码": p["id"],
                     "注册日期": f"20{rng.randrange(15, 26)}-0{i % 9 + 1}-15", "联系电话": mobile(rng),
                     "居住村民小组": f"{i % 8 + 1}组", "服务技能": rng.sample(skills, 2),
                     "可服务时段": ["周末"], "所属志愿服务队": "东山村志愿服务队", "状态": "在册"})
    return rows


def village_with_volunteers(path: Path, n: int) -> Store:
    store = Store.create_village(path, CODE, "东山村")
    store.today = TODAY
    search.rebuild(store)
    store.add_many("volunteers", volunteer_rows(n))
    return store


def bare_write(path: Path, cells: list[list]) -> float:
    start = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("志愿者")
    for row in cells:
        ws.append(row)
    wb.save(path)
    return time.perf_counter() - start


def bench_export(n: int, repeat: int, tmp: Path) -> dict[str, float]:
    store = village_with_volunteers(tmp / "export.db", n)
    reg = catalog().registers["volunteers"]
    spec = SheetSpec(reg, reg.short, "", "")
    records = store.records("volunteers")
    # The bare loop writes exactly the data cells the export writes (built untimed).
    cells = [row_cells(spec, i + 1, r) for i, r in enumerate(records)]
    del records
    ours, bare = [], []
    # Alternate the two so that a busy moment on the machine hits both sides alike.
    for k in range(repeat):
        bare.append(bare_write(tmp / f"bare{k}.xlsx", cells))
        start = time.perf_counter()
        export_excel(store, tmp / f"export{k}.xlsx", "volunteers")
        ours.append(time.perf_counter() - start)
    store.close()
    size = (tmp / "export0.xlsx").stat().st_size / 2**20
    return {"export": statistics.median(ours), "bare": statistics.median(bare), "size_mb": size}


def roster_file(path: Path, n: int) -> None:
    """A roster as a village keeps it: title, 填报单位 line, header variants, written-by-hand values."""
    rng = random.Random(2)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("志愿者花名册")
    ws.append(["东山村注册志愿者花名册"])
    ws.append(["填报单位：东山村委会（盖章）", None, None, None, "截至日期：2026年11月20日"])
    ws.append(["序号", "姓 名", "身份证号码", "所在组", "手机", "技能特长", "服务时间", "服务队", "注册时间",
               "状态"])
    date_forms = ("{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}", "{y}.{m}.{d}", "{y}年{m}月{d}日", "{y}{m:02d}{d:02d}")
    for i, row in enumerate(volunteer_rows(n, seed=3), start=1):
        y, m, d = 2015 + i % 11, i % 12 + 1, i % 28 + 1
        when = dt.datetime(y, m, d) if i % 3 == 0 else rng.choice(date_forms).format(y=y, m=m, d=d)
        phone = row["联系电话"]
        phone = f"{phone[:3]} {phone[3:7]} {phone[7:]}" if i % 2 else f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"
        ws.append([i, row["姓名"], row["证件号码"].lower(), row["居住村民小组"], phone,
                   "、".join(row["服务技能"]), "周末", row["所属志愿服务队"], when, "正常"])
    ws.append(["合计", f"{n}人"])
    ws.append(["填表人：", None, None, "审核人："])
    wb.save(path)


def bench_import(n: int, repeat: int, tmp: Path) -> dict[str, float]:
    roster = tmp / "roster.xlsx"
    roster_file(roster, n)
    times, cpu = [], []
    for k in range(repeat):
        store = Store.create_village(tmp / f"import{k}.db", CODE, "东山村")
        store.today = TODAY
        search.rebuild(store)
        start, start_cpu = time.perf_counter(), time.process_time()
        report = import_excel(store, "volunteers", roster)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert report.ok, "\n".join(report.lines()[-5:])
        assert store.count("volunteers") == n
        store.close()
    return {"import": statistics.median(times), "cpu": statistics.median(cpu)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--export", type=int, default=100_000, help="volunteers to export")
    parser.add_argument("--import", dest="rows", type=int, default=10_000, help="roster rows to import")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        if args.export:
            e = bench_export(args.export, args.repeat, tmp)
            print(f"export {args.export} volunteers: {e['export']:.2f} s, "
                  f"bare openpyxl loop {e['bare']:.2f} s, ratio {e['export'] / e['bare']:.2f}x "
                  f"(goal <= 1.3x), file {e['size_mb']:.1f} MiB")
        if args.rows:
            i = bench_import(args.rows, args.repeat, tmp)
            print(f"import {args.rows}-row roster: {i['import']:.2f} s wall, {i['cpu']:.2f} s CPU "
                  "(goal <= 10 s)")


if __name__ == "__main__":
    main()
