"""The township window at prefecture size: the longest the UI thread is blocked while each view loads.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/ui_township.py [--db PATH] [--villages 1431]
                                                                    [--repeat 1] [--keep]

The database is a prefecture (1,431 villages, ~1.75 million records) made as ``bench/stats.py``
makes it (a template village entered through ``Store.add``, its rows cloned for every village;
``--db`` reuses one, e.g. the one ``bench/stats.py --keep`` left), plus the registers' search
keys (``search.rebuild``, about 2 minutes), which the filter box needs.

The probe: a 5 ms timer (``Qt.PreciseTimer``) on the UI thread. While a step runs, the longest
gap between two ticks, less 5 ms, is the worst block: how long a click or a keystroke would
have waited then. The UI thread's own CPU time inside that gap is printed beside it: on a
shared machine a long gap with little CPU is the thread waiting for a core (or for the GIL),
not work done on it. Each step starts with a real action (a page shown, a keystroke, a header
or figure clicked) inside the event loop and ends when the view shows its result.

Steps: opening the township window (its navigation counts on the worker); the merged
registers (两委成员 14,310, 志愿者 286,200, 服务记录 1,431,000 rows) shown, the village filter
set and cleared, a filter keystroke, sorting, Ctrl+End; the statistics page (report computed
on its thread) and clicking two 合计 figures (286,200 and 528,039 records listed); the print
preview of one village's book and of the whole prefecture (refused from the estimate: 68,000
pages). With ``--repeat N`` the window is opened N times; the median and the worst are shown.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer  # noqa: E402

from sync.store.store import Store  # noqa: E402

TICK_MS = 5
Result = tuple[float, float, float]  # worst block (ms), UI CPU inside it (ms), time to result (s)


class BlockProbe(QObject):
    """Ticks every 5 ms on the UI thread and remembers the longest gap (and the CPU in it)."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.worst = self.worst_cpu = 0.0
        self.last = self.last_cpu = 0.0

    def start(self) -> None:
        self.worst = self.worst_cpu = 0.0
        self.last, self.last_cpu = time.perf_counter(), time.thread_time()
        self.timer.start()

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        if now - self.last > self.worst:
            self.worst, self.worst_cpu = now - self.last, cpu - self.last_cpu
        self.last, self.last_cpu = now, cpu

    def stop(self) -> tuple[float, float]:
        self._tick()
        self.timer.stop()
        return max(0.0, self.worst * 1000 - TICK_MS), self.worst_cpu * 1000


def run_step(probe: BlockProbe, action: Callable[[], object], done: Callable[[], bool],
             timeout: float = 900.0) -> Result:
    """Run ``action`` from the event loop and wait, serving events, until ``done()``."""
    loop = QEventLoop()
    acted = [False]
    started = time.perf_counter()

    def act() -> None:
        action()
        acted[0] = True

    def check() -> None:
        if (acted[0] and done()) or time.perf_counter() - started > timeout:
            loop.quit()

    checker = QTimer()
    checker.setInterval(10)
    checker.timeout.connect(check)
    probe.start()
    QTimer.singleShot(0, act)
    checker.start()
    loop.exec()
    checker.stop()
    wall = time.perf_counter() - started
    worst, cpu = probe.stop()
    return worst, cpu, wall


def busy(obj: Any) -> bool:
    """A view or model still loading (older code without the attribute never is)."""
    value = getattr(obj, "busy", False)
    return bool(value() if callable(value) else value)


def one_run(db: Path, note: Callable[[str, Result], None]) -> None:
    from PySide6.QtTest import QTest

    from desktop.printing import preview
    from desktop.ui.township.township_window import STATS_PAGE, TownshipWindow, merged_page
    from desktop.ui.widgets import msgbox

    store = Store.open(db)
    probe = BlockProbe()
    held: dict[str, Any] = {}
    counted = [0]

    def step(name: str, action: Callable[[], object], done: Callable[[], bool]) -> None:
        result = run_step(probe, action, done)
        note(name, result)
        print(f"  {name:58} worst block {result[0]:6.0f} ms (UI CPU {result[1]:4.0f} ms), "
              f"result after {result[2]:5.2f} s", file=sys.stderr)

    def open_window() -> None:
        window = TownshipWindow(store)
        window.counted.connect(lambda: counted.__setitem__(0, counted[0] + 1))
        window.show()
        held["window"] = window

    step("open the township window (navigation counts)", open_window, lambda: counted[0] > 0)
    window = held["window"]
    registers = ("committee_members", "volunteers", "volunteer_services")

    def merged_idle() -> bool:
        return not any(busy(window.merged_view(k).model) for k in registers
                       if window.pages[merged_page(k)].widget is not None)

    for key, label in zip(registers, ("两委成员, 14,310 rows", "志愿者, 286,200 rows",
                                      "服务记录, 1,431,000 rows"), strict=True):
        step(f"merged register shown ({label})", lambda key=key: window.show_page(merged_page(key)),
             merged_idle)
    code = sorted(window.names)[len(window.names) // 2]
    shown = counted[0]
    step("village filter: one village (3 registers open)", lambda: window.set_village(code),
         lambda: counted[0] > shown and merged_idle())
    shown = counted[0]
    step("village filter: all villages again", lambda: window.set_village(None),
         lambda: counted[0] > shown and merged_idle())
    window.show_page(merged_page("volunteers"))
    view = window.merged_view("volunteers")
    step("志愿者: filter keystroke '王' (4,293 of 286,200)", lambda: view.filter.setText("王"), merged_idle)
    step("志愿者: filter cleared", lambda: view.filter.setText(""), merged_idle)
    step("志愿者: sort by village (header click)",
         lambda: view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder), merged_idle)
    step("志愿者: sort by name (pinyin)",
         lambda: view.table.sortByColumn(1, Qt.SortOrder.AscendingOrder), merged_idle)
    def to_end(table: Any) -> Callable[[], None]:
        return lambda: QTest.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)

    view.table.setFocus()
    step("志愿者: Ctrl+End (last rows painted)", to_end(view.table), lambda: True)

    def stats_ready() -> bool:
        stats = window.pages[STATS_PAGE].widget
        return stats is not None and stats.report is not None and not stats.runner.busy

    step("statistics page: report computed and shown", lambda: window.show_page(STATS_PAGE), stats_ready)
    stats = window.pages[STATS_PAGE].widget
    stats.tabs.setCurrentIndex(4)
    model = stats.model("volunteers")
    total = model.rowCount() - 1
    keys = [c.key for c in model.group.columns]
    for key, label in (("volunteers", "志愿者 合计 (286,200 records)"),
                       ("hours_period", "期间服务时长 合计 (528,039 records)")):
        def click(column: int = 1 + keys.index(key)) -> None:
            stats.show_figure("volunteers", total, column)

        step(f"statistics: click {label}", click, lambda: not busy(stats.records))
    listed = getattr(stats.records, "table", None)
    if listed is not None:
        listed.setFocus()
        step("statistics: drill-down list, Ctrl+End", to_end(listed), lambda: True)

    if hasattr(preview, "preview_book"):
        def open_preview(village: str | None) -> Callable[[], None]:
            def act() -> None:
                held.pop("preview", None)
                loader = preview.preview_book(window.worker, window, village=village)
                loader.ready.connect(lambda dialog: held.__setitem__("preview", dialog))
                loader.cancelled.connect(lambda: held.__setitem__("preview", None))
            return act

        step("book preview, one village (39 pages)", open_preview(code),
             lambda: held.get("preview") is not None and held["preview"].page_count > 0)
        held["preview"].close()
        msgbox.confirm = lambda *_args, **_kw: False  # "save as PDF instead?" — no
        step("book preview, whole prefecture (refused from the estimate)", open_preview(None),
             lambda: "preview" in held)
    else:  # the code before the preview had a worker: modal dialog, built on this thread
        def old_preview() -> None:
            dialog = preview.book_preview_dialog(window, store.path, village=code)
            dialog.show()
            held["preview"] = dialog

        step("book preview, one village (39 pages)", old_preview, lambda: held["preview"].page_count > 0)
        held["preview"].close()
    window.close()
    store.close()


def build(path: Path, villages: int) -> None:
    """A prefecture as bench/stats.py makes it, then the registers' search keys."""
    import random

    from sync.store import search

    spec = importlib.util.spec_from_file_location("bench_stats", ROOT / "bench" / "stats.py")
    assert spec is not None and spec.loader is not None
    stats_bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stats_bench)
    rng = random.Random(6)
    started = time.perf_counter()
    store = Store.create_township(path, "522700100", "黔南州（基准）")
    stats_bench.build_template(store, rng)
    rows = stats_bench.clone(store, villages, rng)
    store.conn.execute("ANALYZE")
    print(f"cloned {rows:,} rows in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    started = time.perf_counter()
    search.rebuild(store)
    print(f"search keys in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="reuse this database (made there first if missing)")
    parser.add_argument("--villages", type=int, default=1431)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the generated database (2 GB)")
    args = parser.parse_args()
    folder = None if args.db else Path(tempfile.mkdtemp(prefix="cunwu-bench-township-"))
    db = args.db or folder / "prefecture.db"  # type: ignore[operator]
    if not db.exists():
        build(db, args.villages)
    from sync.store import search

    with Store.open(db) as store:
        if search.needs_rebuild(store.conn):
            search.rebuild(store)
    from desktop.app import make_application

    make_application()
    results: dict[str, list[Result]] = {}
    for _ in range(args.repeat):
        one_run(db, lambda name, result: results.setdefault(name, []).append(result))
    print(f"| step (prefecture, load average {os.getloadavg()[0]:.1f}) | worst block | UI CPU in it "
          "| result after |")
    print("| --- | --- | --- | --- |")
    for name, values in results.items():
        worst = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        wall = statistics.median(v[2] for v in values)
        spread = f" (worst {max(v[0] for v in values):.0f})" if len(values) > 1 else ""
        print(f"| {name} | {worst:.0f} ms{spread} | {cpu:.0f} ms | {wall:.2f} s |")
    if folder is not None and not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    elif folder is not None:
        print(f"database kept: {db}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
