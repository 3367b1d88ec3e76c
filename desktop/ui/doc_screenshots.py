"""Screenshots for the documentation, rendered offscreen at 1366×768 from a fresh demo village.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m desktop.ui.doc_screenshots docs/screenshots

Dialogs are drawn over the main window, centred, as the clerk sees them on a 1366×768
screen. Writes main-window.png, form-validation-error.png, history.png, checks.png.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, QTimer
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from desktop.ui.registers.history_dialog import HistoryDialog
from desktop.ui.village.main_window import MainWindow
from desktop.ui.widgets.window_parts import SCREEN_SIZE
from sync.demo.village import build_demo
from sync.store import search
from sync.store.queries import parent_with_most_children
from sync.store.store import Store
from sync.store.users import ADMIN


def quiet(window: MainWindow) -> None:
    """Until the window's worker has nothing left: the answers handled may ask it more (a list,
    then its rows; a refused save, then the form's checks)."""
    while window.worker.busy():
        window.worker.settle()


def settle(ms: int = 50) -> None:
    """Let layouts and queued signals run (a documentation script, not the application)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def compose(window: QWidget, dialog: QWidget | None = None) -> QPixmap:
    window.resize(SCREEN_SIZE)
    settle()
    shot = window.grab()
    if dialog is None:
        return shot
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 60))
    inner = dialog.grab()
    top_left = QPoint((shot.width() - inner.width()) // 2, max(0, (shot.height() - inner.height()) // 2))
    painter.drawPixmap(top_left, inner)
    painter.end()
    return shot


def make(out: Path, db: Path | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    if db is None:
        db = work / "demo.db"
        build_demo(db, volunteers=300, seed=2024, today=dt.date(2026, 11, 21)).close()
    store = Store.open(db)
    if not store.users():
        store.add_user("admin", ADMIN, "admin123", "林文书")
    store.user = store.authenticate("admin", "admin123") or store.user
    store.today = dt.date(2026, 11, 21)
    if search.needs_rebuild(store.conn):
        search.rebuild(store)
    window = MainWindow(store)
    window.resize(SCREEN_SIZE)
    window.show()
    written: list[Path] = []

    view = window.show_register("volunteers")
    busy = parent_with_most_children(store, "volunteer_services")  # the busiest volunteer
    assert busy is not None
    view.select_uuid(busy)
    quiet(window)
    settle()
    written.append(save_picture(compose(window), out / "main-window.png"))

    window.show_register("committee_members")
    form = window.new_record()
    assert form is not None
    panel = form.panel
    panel.editors["姓名"].set_value("林秀英")
    panel.editors["民族"].set_value("汉族")
    panel.editors["政治面貌"].set_value("中共党员")
    panel.editors["文化程度"].set_value("大学专科")
    panel.editors["公民身份号码"].set_value("350322197503010022")
    panel.editors["联系电话"].set_value("1381234567")
    for name in ("姓名", "民族", "政治面貌", "公民身份号码", "联系电话"):
        form.field_left(name)
    quiet(window)  # the checks answered on the worker
    form.save()
    quiet(window)
    settle()
    written.append(save_picture(compose(window, form), out / "form-validation-error.png"))
    form.done(0)

    view = window.show_register("committee_members")
    quiet(window)
    view.table.selectRow(1)
    uuid = view.selected()[1]
    window.actions_.edit(uuid, {"文化程度": "大学本科", "联系电话": "13905941234", "届次": "第十二届"})
    window.worker.settle()  # written on the worker; its answer handled
    histories: list[object] = []
    window.history_opened.connect(histories.append)
    window.open_history(uuid)
    quiet(window)  # read on the worker, then opened
    history = histories[0]
    assert isinstance(history, HistoryDialog)
    history.select_version(len(history.versions.versions) - 1)
    settle()
    written.append(save_picture(compose(window, history), out / "history.png"))
    history.close()
    window.actions_.stack.undo()
    window.worker.settle()

    panel_widget = window.checks_panel()
    window.show_page("checks")
    done: list[object] = []
    panel_widget.checked.connect(done.append)
    panel_widget.run()
    while not done:
        settle(100)
    window.refresh_navigation()
    window.worker.settle()  # the counts are read on the worker
    written.append(save_picture(compose(window), out / "checks.png"))

    window.close()
    store.close()
    return written


def save_picture(pixmap: QPixmap, path: Path) -> Path:
    """Write a screenshot as PNG; a file that cannot be written is an error, not a missing picture."""
    if not pixmap.save(str(path)):
        raise OSError(f"无法保存 {path}")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="为文档生成窗口截图（1366×768）")
    parser.add_argument("out", type=Path)
    parser.add_argument("--db", type=Path, help="使用现有数据库（默认新建演示村）")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.app import make_application

    make_application()
    for path in make(args.out, args.db):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
