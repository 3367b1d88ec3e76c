"""Screenshots of the township's window for the documentation, rendered offscreen at 1366×768.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m desktop.ui.exchange.doc_screenshots docs/screenshots

Builds a township with four demo villages that sent packages through the real engine,
a stick with new packages (one from a village outside the township, one that conflicts
with corrections made at the township), imports it through the dialog, and writes
township-villages.png, township-import-summary.png and township-conflict-review.png.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

from desktop.ui.doc_screenshots import compose, save_picture, settle
from desktop.ui.township.conflict_review import OURS, TYPED
from desktop.ui.township.township_window import CONFLICTS_PAGE, VILLAGES_PAGE, TownshipWindow
from desktop.ui.widgets import msgbox
from sync.demo.village import build_demo
from sync.exchange.exporter import export_package
from sync.exchange.identity import enroll, write_enrollment_file
from sync.exchange.importer import import_packages
from sync.exchange.township import enroll_village
from sync.store import search
from sync.store.store import Store
from sync.store.users import ADMIN, CLERK, User

TODAY = dt.date(2026, 11, 21)
TOWNSHIP = ("350322111", "榜头镇")
VILLAGES = [("350322111201", "东山村"), ("350322111202", "西山村"), ("350322111203", "南山社区"),
            ("350322111204", "北岭村")]
OUTSIDE = ("350322112205", "溪口村")  # another township's village, enrolled here by mistake
WAITING = ("350322111205", "石门村")  # enrolled, nothing received yet
STAFF = User("chenmin", ADMIN, "民政办 陈敏")
CLERK_USER = User("linwen", CLERK, "林文书")


def _open(path: Path, user: User | None = None) -> Store:
    store = Store.open(path, user)
    store.today = TODAY
    return store


def build(work: Path) -> tuple[Path, Path]:
    """The township database and a stick whose packages are ready to import."""
    stick = work / "stick"
    stick.mkdir()
    township = work / "township.db"
    with Store.create_township(township, *TOWNSHIP) as store:
        store.add_user(STAFF.name, ADMIN, "admin123", STAFF.display)
        enrollment = write_enrollment_file(store, work).path
        enroll_village(store, *WAITING)
    dbs = {}
    for seed, (code, name) in enumerate([*VILLAGES, OUTSIDE]):
        db = dbs[code] = work / f"{code}.db"
        build_demo(db, volunteers=40 + 15 * seed, seed=seed + 1, code=code, name=name, today=TODAY).close()
        with _open(db) as store:
            enroll(store, enrollment)
    # Earlier visits: 东山村 and 西山村 sent their first packages, already imported.
    for code, _name in VILLAGES[:2]:
        with _open(dbs[code]) as store:
            export_package(store, stick)
    with _open(township, STAFF) as store:
        import_packages(store, [stick], accept_new_installation=True)  # as if staff had confirmed them
        east = VILLAGES[0][0]
        members = store.records("committee_members", east)
        # Corrections made at the township that the village also changed, differently.
        store.edit(members[1]["uuid"], {"联系电话": "13905940001", "文化程度": "普通高中"})
        store.edit(members[2]["uuid"], {"任职时间": "2026-03-20"})
        store.edit(members[3]["uuid"], {"兼任职务": "妇联主席"})
    with _open(dbs[east], CLERK_USER) as store:
        store.edit(members[1]["uuid"], {"联系电话": "13905940002", "文化程度": "研究生"})
        store.edit(members[2]["uuid"], {"任职时间": "2026-03-25", "联系电话": "13600000000"})
        store.delete(members[3]["uuid"], "调离本村")
        export_package(store, stick)
    for code, _name in [*VILLAGES[2:], OUTSIDE]:
        with _open(dbs[code]) as store:
            export_package(store, stick)
    return township, stick


def make(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    township, stick = build(Path(tempfile.mkdtemp()))
    store = _open(township)
    store.user = store.authenticate(STAFF.name, "admin123") or STAFF
    if search.needs_rebuild(store.conn):
        search.rebuild(store)
    window = TownshipWindow(store)
    window.show()
    written: list[Path] = []

    # Each new village PC is confirmed by the person at the screen (here: yes to all).
    confirm = msgbox.confirm
    msgbox.confirm = lambda *_args, **_kw: True  # type: ignore[assignment]
    try:
        dialog = window.import_stick(stick)
        dialog.start()
        _wait(dialog.imported, 300)
    finally:
        msgbox.confirm = confirm  # type: ignore[assignment]
    dialog.resize(1240, 540)
    settle(300)
    written.append(save_picture(compose(window, dialog), out / "township-import-summary.png"))
    dialog.close()

    villages = window.show_page(VILLAGES_PAGE)
    villages.refresh()
    _wait(villages.loaded)
    settle(200)
    written.append(save_picture(compose(window), out / "township-villages.png"))

    review = window.show_page(CONFLICTS_PAGE)
    review.refresh()
    _wait(review.loaded)
    if review.detail is None:
        _wait(review.detail_loaded)
    # The conflict on a phone number and 文化程度, with a choice made for each.
    both = {"联系电话", "文化程度"}
    wanted = next((c.id for c in review.conflicts if {f.field for f in c.fields} >= both), None)
    if wanted is not None and review.detail is not None and review.detail.conflict.id != wanted:
        review.select_conflict(wanted)
        _wait(review.detail_loaded)
    if wanted is not None:
        review.choose("联系电话", TYPED, "13905940003")
        review.choose("文化程度", OURS)
    settle(200)
    written.append(save_picture(compose(window), out / "township-conflict-review.png"))
    window.close()
    store.close()
    return written


def _wait(signal: object, seconds: int = 60) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(seconds * 1000)
    loop.exec()
    if not timer.isActive():
        raise TimeoutError(f"等待超时：{signal}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="为文档生成乡镇窗口截图（1366×768）")
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.app import make_application

    make_application()
    for path in make(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
