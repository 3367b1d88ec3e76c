"""Print the register book of a village with 1,000 两委-like members (goal: ≤ 5 s).

    .venv/bin/python bench/book.py [--members 1000] [--runs 3]

The members are generated with valid, unique ID numbers and consistent posts (a Party post
only for 中共党员, a join date after the 18th birthday) and added with ``sync.store.bulk.add_many``:
every row passes the per-record rules, so nothing needs an override. Register-wide rules
(R-VC-SIZE, R-PC-SIZE …) would of course object to a 村委会 of hundreds; they are not run
when adding and do not matter for printing. A single village is the harder case for the
layout: one section of 1,000 rows instead of many short ones.

Timed: building the book's content from the database (``build_book``), then layout, painting
and writing the PDF (``write_book_pdf``, including the font check, the two layout passes for
the 目录 and the verification of the written file); and the whole ``cunwu print-book``
command in a fresh process (Python and Qt start-up included).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sync.demo.village import mobile, random_person  # noqa: E402
from sync.reports.book import build_book  # noqa: E402
from sync.store.bulk import add_many  # noqa: E402
from sync.store.store import Store  # noqa: E402

TODAY = dt.date(2026, 11, 21)
CODE = "350322111202"
POSTS = [("书记", "主任"), ("副书记", "副主任"), ("委员", "委员"), ("委员", "无"), ("无", "委员")]
EXTRA = [[], [], ["妇联主席"], ["民兵连长"], ["团支部书记", "集体经济组织负责人"]]


def members(n: int, seed: int = 5) -> list[dict]:
    rng = random.Random(seed)
    rows, seen = [], set()
    while len(rows) < n:
        person = random_person(rng, CODE, TODAY, 25, 60)
        if person["id"] in seen:
            continue
        seen.add(person["id"])
        party, vc = rng.choice(POSTS)
        member = party != "无" or rng.random() < 0.5
        row = {
            "姓名": person["姓名"], "民族": rng.choice(("汉族", "汉族", "汉族", "畲族")),
            "公民身份号码": person["id"], "政治面貌": "中共党员" if member else "群众",
            "文化程度": rng.choice(("大学本科", "大学专科", "普通高中")),
            "党组织职务": party, "委员分工": "组织" if party == "委员" else None, "村委会职务": vc,
            "兼任职务": rng.choice(EXTRA), "届次": "第十二届", "任职时间": "2026-03-18",
            "任职情况": rng.choice(("新任", "连任")), "联系电话": mobile(rng),
        }
        if member:
            joined = person["birth"] + dt.timedelta(days=365 * rng.randrange(20, 24))
            row["入党时间"] = joined.isoformat()
            row["转正时间"] = (joined + dt.timedelta(days=366)).isoformat()
        rows.append({k: v for k, v in row.items() if v is not None})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from desktop.printing.pdf import write_book_pdf
    from desktop.printing.qt_paint import ensure_gui_app

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "village.db"
        started = time.perf_counter()
        store = Store.create_village(db, CODE, "东山村", {"常住人口": 1965})
        store.today = TODAY
        add_many(store, "committee_members", members(args.members))
        print(f"setup: {args.members} members added in {time.perf_counter() - started:.1f} s")

        ensure_gui_app()
        content, paint, pages = [], [], 0
        for run in range(args.runs):
            t0 = time.perf_counter()
            book = build_book(store)
            t1 = time.perf_counter()
            result = write_book_pdf(book, Path(tmp) / f"book{run}.pdf")
            t2 = time.perf_counter()
            content.append(t1 - t0)
            paint.append(t2 - t1)
            pages = result.pages
        store.close()
        size = (Path(tmp) / "book0.pdf").stat().st_size

        out = Path(tmp) / "cli.pdf"
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "desktop.cli", "print-book", str(db), "--out", str(out)],
                              cwd=ROOT, capture_output=True, text=True)
        command = time.perf_counter() - t0
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return 1

    median = statistics.median
    total = median([c + p for c, p in zip(content, paint, strict=True)])
    print(f"book of {args.members} members: {pages} pages, {size / 1024:.0f} KiB")
    print(f"  content (build_book):        median {median(content):.2f} s")
    print(f"  layout + paint + write PDF:  median {median(paint):.2f} s")
    verdict = "met" if total <= 5 else "MISSED"
    print(f"  in-process total:            median {total:.2f} s   (goal ≤ 5 s: {verdict})")
    print(f"  cunwu print-book (new process, Qt start-up included): {command:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
