"""``cunwu --selftest``: prove a build works end to end, headless, in a few seconds.

Run inside the frozen bundle by CI, so a missing data file (definitions, translations),
a hidden import or a missing font fails the build instead of a clerk's first morning.
Each step prints one line; the first failure stops the test with its reason and a
non-zero exit code.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

MEMBER = {"姓名": "林秀英", "民族": "汉族", "公民身份号码": "350322197503010021", "政治面貌": "中共党员",
          "党组织职务": "书记", "村委会职务": "主任", "任职时间": "2026-03-18", "联系电话": "13812345678"}


class SelfTestFailed(RuntimeError):
    pass


def _step(name: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    try:
        result = fn()
    except Exception as exc:  # every failure becomes the test's reason
        print(f"FAIL  {name}: {type(exc).__name__}: {exc}")
        traceback.print_exc()
        raise SelfTestFailed(name) from exc
    print(f"ok    {name} ({(time.perf_counter() - start) * 1000:.0f} ms)")
    return result


def _village_and_township(tmp: Path) -> tuple[Path, Path, Path]:
    from sync.identity import enroll, write_enrollment_file
    from sync.store import Store

    village_db, township_db, stick = tmp / "village.db", tmp / "township.db", tmp / "stick"
    stick.mkdir()
    with Store.create_township(township_db, "350322111", "榜头镇") as township:
        write_enrollment_file(township, stick)
    with Store.create_village(village_db, "350322111202", "东山村", {"常住人口": 1965}) as village:
        village.add("committee_members", MEMBER)
        vol = village.add("volunteers", {"姓名": "王五", "证件号码": "11010519491231002X",
                                         "注册日期": "2024-01-01"})
        village.add("volunteer_services", {"志愿者": vol.uuid, "活动名称": "巡河", "服务日期": "2025-01-02",
                                           "服务时长": 2})
        enrollment = next(stick.glob("*.cunwu-enroll"))
        enroll(village, enrollment)
    return village_db, township_db, stick


def _exchange(village_db: Path, township_db: Path, stick: Path) -> None:
    from sync.exporter import export_package
    from sync.importer import import_packages
    from sync.store import Store

    with Store.open(village_db) as village:
        result = export_package(village, stick)
        if result.path is None:
            raise SelfTestFailed("export wrote no package")
    with Store.open(township_db) as township:
        summary = import_packages(township, [stick], workers=0)
        if not summary.ok or township.count("committee_members") != 1:
            raise SelfTestFailed("; ".join(r.describe() for r in summary.results))
        if township.records("committee_members")[0]["姓名"] != MEMBER["姓名"]:
            raise SelfTestFailed("imported record differs")


def _pdf(village_db: Path, out: Path) -> None:
    from desktop.printing.pdf import write_book_pdf
    from sync.book import build_book
    from sync.store import Store

    with Store.open(village_db) as village:
        book = build_book(village, register="committee_members")
    result = write_book_pdf(book, out)
    data = out.read_bytes()
    if not data.startswith(b"%PDF") or result.pages < 1:
        raise SelfTestFailed("PDF not written")


def _application() -> float:
    """Create the QApplication first: the PDF step would otherwise make a QGuiApplication."""
    start = time.perf_counter()
    from desktop.app import make_application

    make_application()
    return time.perf_counter() - start


def _window(village_db: Path) -> float:
    """Seconds from opening the database to the main window being shown."""
    from PySide6.QtCore import QCoreApplication

    from sync.store import Store

    start = time.perf_counter()
    from desktop.ui.main_window import MainWindow  # timed: importing the UI is part of starting up

    store = Store.open(village_db)
    window = MainWindow(store)
    window.show()
    QCoreApplication.processEvents()  # one pass so the window is really mapped
    elapsed = time.perf_counter() - start
    if not window.isVisible():
        raise SelfTestFailed("main window not visible")
    window.close()
    window.worker.stop()
    store.close()
    QCoreApplication.processEvents()
    return elapsed


def run_selftest() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    print(f"村务台账 self-test, Python {sys.version.split()[0]}, {dt.datetime.now():%Y-%m-%d %H:%M}")
    try:
        with tempfile.TemporaryDirectory(prefix="cunwu-selftest-") as name:
            tmp = Path(name)
            _step("definitions load", lambda: __import__("forms.model").model.catalog())
            app_time = _step("Qt application with a CJK font", _application)
            village_db, township_db, stick = _step("village and township databases",
                                                   lambda: _village_and_township(tmp))
            _step("export and import a sync package", lambda: _exchange(village_db, township_db, stick))
            _step("print a PDF page with Chinese text", lambda: _pdf(village_db, tmp / "book.pdf"))
            shown = _step("open the main window", lambda: _window(village_db))
            # What a clerk waits for: Qt and its font, then the window on the database.
            print(f"start to visible main window: {app_time + shown:.2f} s "
                  f"(Qt {app_time:.2f} s + window {shown:.2f} s)")
    except SelfTestFailed as exc:
        print(f"self-test FAILED at: {exc}")
        return 1
    print(f"self-test passed in {time.perf_counter() - started:.1f} s")
    return 0
