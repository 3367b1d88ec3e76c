"""``cunwu --selftest``: prove a build works end to end, headless, in a few seconds.

Run inside the frozen bundle by CI, so a missing data file (definitions, translations),
a hidden import, a trimmed Qt plugin or a missing font fails the build instead of a
clerk's first morning. Each step prints one line (English · Chinese); the first failure
stops the test with its reason and a non-zero exit code.

A Windows window program has no console, so the report also goes to
``<log folder>/selftest.log`` when there is no stdout, or to ``CUNWU_SELFTEST_REPORT``.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from desktop.version import baked_version, program_version

MEMBER = {"姓名": "林秀英", "民族": "汉族", "公民身份号码": "350322197503010021", "政治面貌": "中共党员",
          "党组织职务": "书记", "村委会职务": "主任", "任职时间": "2026-03-18", "联系电话": "13812345678"}
REPORT_ENV = "CUNWU_SELFTEST_REPORT"


class SelfTestFailed(RuntimeError):
    pass


class _Report:
    """Lines go to stdout and, when asked for or when there is no stdout, to a file."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.console: TextIO | None = sys.stdout

    def __call__(self, line: str = "") -> None:
        self.lines.append(line)
        if self.console is not None:
            print(line, file=self.console, flush=True)

    def save(self) -> Path | None:
        target = os.environ.get(REPORT_ENV)
        if not target and self.console is not None:
            return None
        try:
            if target:
                path = Path(target)
            else:
                from sync.store.paths import log_dir

                path = log_dir() / "selftest.log"
            path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")
            return path
        except OSError:
            return None


say = _Report()


def _step(name: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    try:
        result = fn()
    except Exception as exc:  # every failure becomes the test's reason
        say(f"FAIL  {name}: {type(exc).__name__}: {exc}")
        buffer = io.StringIO()
        traceback.print_exc(file=buffer)
        say(buffer.getvalue().rstrip())
        raise SelfTestFailed(name) from exc
    say(f"ok    {name} ({(time.perf_counter() - start) * 1000:.0f} ms)")
    return result


def process_age() -> float | None:
    """Seconds since this process was created (the frozen program's start, before Python), or None."""
    try:
        if sys.platform.startswith("linux"):
            stat = Path("/proc/self/stat").read_text()
            start_ticks = int(stat.rsplit(")", 1)[1].split()[19])  # field 22: starttime
            uptime = float(Path("/proc/uptime").read_text().split()[0])
            return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
        if sys.platform == "win32":
            import ctypes
            from ctypes import wintypes

            times = [wintypes.FILETIME() for _ in range(4)]
            now = wintypes.FILETIME()
            kernel32 = ctypes.windll.kernel32
            if not kernel32.GetProcessTimes(kernel32.GetCurrentProcess(), *map(ctypes.byref, times)):
                return None
            kernel32.GetSystemTimeAsFileTime(ctypes.byref(now))

            def ticks(ft: Any) -> int:
                return (ft.dwHighDateTime << 32) | ft.dwLowDateTime

            return (ticks(now) - ticks(times[0])) / 1e7  # 100 ns units
    except (OSError, ValueError, IndexError, AttributeError):
        return None
    return None


def _version() -> str:
    version = program_version()
    if getattr(sys, "frozen", False):
        baked = baked_version()  # baked in by packaging/cunwu.spec
        if version != baked:
            raise SelfTestFailed(f"版本号不一致 version mismatch: {version} != {baked}")
    return version


def _data_location() -> str:
    """Where the program keeps its files; in portable mode, write a database, a backup and a
    log there the way the window does, check they are beside the program, and clean up."""
    from sync.store.paths import data_dir, default_database, is_portable, log_dir, program_dir

    if not is_portable():
        return f"用户数据目录 user data: {default_database()}"
    base = program_dir()
    data, logs, db = data_dir(), log_dir(), default_database()
    for what, path in (("data", data), ("logs", logs), ("database", db)):
        if base not in path.parents:
            raise SelfTestFailed(f"便携模式下{what}不在程序目录中 portable {what} not beside the program: "
                                 f"{path}")
    from desktop.ui.widgets.errors import log, setup_logging, stop_logging
    from sync.store.backup import backup_dir, make_backup
    from sync.store.store import Store

    probe = data / f"selftest-{os.getpid()}.db"
    try:
        with Store.create_village(probe, "350322111202", "东山村", {"常住人口": 1965}) as store:
            store.add("committee_members", MEMBER)
            backup = make_backup(store, label="selftest")
        if backup.parent != backup_dir(probe) or not backup.exists():
            raise SelfTestFailed(f"备份未写入程序目录 backup not beside the program: {backup}")
        log_file = setup_logging(logs)
        log.info("self-test: portable log beside the program")
        stop_logging()
        if log_file.parent != logs or not log_file.exists():
            raise SelfTestFailed(f"日志未写入程序目录 log not beside the program: {log_file}")
    finally:
        for path in (probe, probe.with_name(probe.name + "-wal"), probe.with_name(probe.name + "-shm")):
            path.unlink(missing_ok=True)
        for path in list_dir(backup_dir(probe)):
            path.unlink()
        if backup_dir(probe).is_dir():
            backup_dir(probe).rmdir()
    return f"便携模式 portable: {data}"


def list_dir(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.is_dir() else []


def _village_and_township(tmp: Path) -> tuple[Path, Path, Path]:
    from sync.exchange.identity import enroll, write_enrollment_file
    from sync.store.store import Store

    village_db, township_db, stick = tmp / "village.db", tmp / "township.db", tmp / "stick"
    stick.mkdir()
    with Store.create_township(township_db, "350322111", "榜头镇") as township:
        write_enrollment_file(township, stick, village="350322111202")  # its first package proves itself
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
    from sync.exchange.exporter import export_package
    from sync.exchange.importer import import_packages
    from sync.store.store import Store

    with Store.open(village_db) as village:
        result = export_package(village, stick)
        if result.path is None:
            raise SelfTestFailed("未写出数据包 export wrote no package")
    with Store.open(township_db) as township:
        # One worker process: a frozen program must be able to start it (freeze_support).
        summary = import_packages(township, [stick], workers=1)
        if not summary.ok or township.count("committee_members") != 1:
            raise SelfTestFailed("; ".join(r.describe() for r in summary.results))
        if township.records("committee_members")[0]["姓名"] != MEMBER["姓名"]:
            raise SelfTestFailed("导入的记录与导出的不同 imported record differs")


def _encryption(tmp: Path) -> str:
    """A database with a user is encrypted (SQLCipher, bundled), reopens with the password only,
    and backs up encrypted: the frozen build carries sqlcipher3 and argon2."""
    from sync.store import driver, keyslots, login
    from sync.store.backup import make_backup
    from sync.store.store import Store

    path = tmp / "encrypted.db"
    with Store.create_village(path, "350322111202", "东山村") as store:
        store.add("committee_members", MEMBER)
        code = store.add_user("selftest", "管理员", "selftest-2026")
    if not code or driver.is_plain(path) or MEMBER["姓名"].encode() in path.read_bytes():
        raise SelfTestFailed("添加用户后数据库未加密 database not encrypted after its first user")
    _refused(path, "selftest", "wrong-password",
             "错误的密码打开了数据库 a wrong password opened the database")
    with login.open_store(path, "selftest", "selftest-2026") as store:
        if store.records("committee_members")[0]["姓名"] != MEMBER["姓名"]:
            raise SelfTestFailed("加密后读出的记录不同 record differs after encryption")
        backup = make_backup(store, label="selftest")
        # A user who leaves: the database gets a new key (PRAGMA rekey, key pairs from
        # cryptography) and their password opens nothing any more.
        store.add_user("leaver", "填报员", "leaver-2026")
        store.disable_user("leaver")
    if driver.is_plain(backup) or MEMBER["姓名"].encode() in backup.read_bytes():
        raise SelfTestFailed(f"备份未加密 backup not encrypted: {backup}")
    if b"selftest" in keyslots.key_file(path).read_bytes():
        raise SelfTestFailed("钥匙文件中有用户名 the key file names a user")
    _refused(path, "leaver", "leaver-2026",
             "停用的用户仍能打开数据库 a disabled user still opens the database")
    with login.open_store(path, "selftest", "selftest-2026") as store:
        if store.records("committee_members")[0]["姓名"] != MEMBER["姓名"]:
            raise SelfTestFailed("换钥匙后读出的记录不同 record differs after the rekey")
    return f"SQLCipher {driver.cipher_version()}, SQLite {driver.sqlite_version}"


def _refused(path: Path, user: str, password: str, failure: str) -> None:
    """This login must not unlock the database (no key remembered from an earlier one)."""
    from sync.store import at_rest, login

    at_rest.forget_all()
    try:
        login.open_store(path, user, password).close()
    except at_rest.WrongLogin:
        return
    raise SelfTestFailed(failure)


def _worker_process() -> None:
    """Imports run in worker processes; a frozen program starts them only through
    multiprocessing.freeze_support() in its entry point (the importer would otherwise fall
    back to working in one process, hiding the fault)."""
    import concurrent.futures
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        pid = pool.submit(os.getpid).result(timeout=60)
    if pid == os.getpid():
        raise SelfTestFailed("工作进程未启动 no worker process was started")


def _pdf(village_db: Path, out: Path) -> str:
    from desktop.printing.pdf import write_book_pdf
    from sync.reports.book import build_book
    from sync.store.store import Store

    with Store.open(village_db) as village:
        book = build_book(village, register="committee_members")
    result = write_book_pdf(book, out)
    data = out.read_bytes()
    if not data.startswith(b"%PDF") or result.pages < 1:
        raise SelfTestFailed("未生成 PDF  PDF not written")
    return result.font.family


def _application() -> float:
    """Create the QApplication first: the PDF step would otherwise make a QGuiApplication."""
    start = time.perf_counter()
    from desktop.app import make_application

    make_application()
    return time.perf_counter() - start


def _translations() -> None:
    """Qt's own zh_CN catalogue (standard buttons) and ours are found (bundled data files)."""
    from PySide6.QtCore import QCoreApplication

    from desktop.ui.widgets.i18n import I18N_DIR

    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    if cancel == "Cancel":
        raise SelfTestFailed("未加载 Qt 中文翻译 Qt's qtbase_zh_CN.qm not loaded")
    source_catalogues = Path(__file__).resolve().parent / "i18n"
    if getattr(sys, "frozen", False) or list(source_catalogues.glob("*.qm")):
        for name in ("cunwu_zh_CN.qm", "qt_missing_zh_CN.qm"):
            if not (I18N_DIR / name).exists():
                raise SelfTestFailed(f"缺少界面翻译文件 missing {I18N_DIR / name}")


def _window(village_db: Path) -> float:
    """Seconds from opening the database to the main window being shown."""
    from PySide6.QtCore import QCoreApplication

    from sync.store.store import Store

    start = time.perf_counter()
    from desktop.ui.village.main_window import MainWindow  # timed: importing the UI is part of starting up

    store = Store.open(village_db)
    window = MainWindow(store)
    window.show()
    QCoreApplication.processEvents()  # one pass so the window is really mapped
    elapsed = time.perf_counter() - start
    if not window.isVisible():
        raise SelfTestFailed("主窗口未显示 main window not visible")
    window.close()
    window.worker.stop()
    store.close()
    QCoreApplication.processEvents()
    return elapsed


def run_selftest() -> int:
    started_at = process_age()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    try:
        version = _version()
    except Exception as exc:
        say(f"FAIL  version: {exc}")
        say.save()
        return 1
    say(f"村务台账 {version} self-test 自检, Python {sys.version.split()[0]}, "
        f"{'frozen' if getattr(sys, 'frozen', False) else 'source'}, {dt.datetime.now():%Y-%m-%d %H:%M}")
    code = 0
    try:
        with tempfile.TemporaryDirectory(prefix="cunwu-selftest-") as name:
            tmp = Path(name)
            _step("definitions load", lambda: __import__("forms.model").model.catalog())
            location = _step("data location", _data_location)
            say(f"      {location}")
            app_time = _step("Qt application with a CJK font", _application)
            _step("translations", _translations)
            village_db, township_db, stick = _step("village and township databases",
                                                   lambda: _village_and_township(tmp))
            _step("start a worker process", _worker_process)
            cipher = _step("encrypt, reopen and back up a database with a user", lambda: _encryption(tmp))
            say(f"      {cipher}")
            _step("export and import a sync package", lambda: _exchange(village_db, township_db, stick))
            font = _step("print a PDF page with Chinese text", lambda: _pdf(village_db, tmp / "book.pdf"))
            say(f"      font 字体: {font}")
            shown = _step("open the main window", lambda: _window(village_db))
            # What a clerk waits for: the program and its imports, Qt and its font, the window.
            before = f"program {started_at:.2f} s + " if started_at is not None else ""
            total = (started_at or 0.0) + app_time + shown
            say(f"start to visible main window: {total:.2f} s "
                f"({before}Qt {app_time:.2f} s + window {shown:.2f} s)")
    except SelfTestFailed as exc:
        say(f"self-test FAILED at: {exc} · 自检失败，见上一行的原因")
        code = 1
    else:
        say(f"self-test passed in {time.perf_counter() - started:.1f} s · 自检通过")
    saved = say.save()
    if saved is not None and say.console is not None:
        say(f"report: {saved}")
    return code
