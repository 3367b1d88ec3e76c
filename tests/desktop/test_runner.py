"""The one runner (``desktop.ui.widgets.runner.run``): progress, 取消 both ways, failure, order,
an owner gone before the answer, and no 请稍候 box for a short job."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from desktop.ui.widgets.db_worker import SHOW_PROGRESS_AFTER_MS
from desktop.ui.widgets.runner import Work, run
from sync.progress import Cancelled
from sync.store.store import Store, StoreError

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
WAIT = 10_000




def test_progress_reaches_the_dialog_and_the_signal(qtbot, worker, owner) -> None:
    release = threading.Event()
    seen: list[tuple[int, int, str]] = []

    def job(_store: Store, work: Work) -> str:
        work(1, 4, "第一步")
        release.wait(WAIT / 1000)
        return "好了"

    done: list[object] = []
    job_run = run(owner, worker, job, done.append, title="正在检查…", progress=True)
    job_run.progressed.connect(lambda *args: seen.append(args))
    qtbot.waitUntil(lambda: job_run.dialog is not None and job_run.dialog.isVisible(), timeout=WAIT)
    qtbot.waitUntil(lambda: job_run.dialog.bar.maximum() == 4, timeout=WAIT)
    assert job_run.dialog.bar.value() == 1 and job_run.dialog.label.text() == "第一步"
    release.set()
    qtbot.waitUntil(lambda: done == ["好了"], timeout=WAIT)
    assert seen == [(1, 4, "第一步")]
    assert job_run.dialog is None  # gone with the job


def test_cancel_interrupts_and_rolls_back(qtbot, worker, owner, admin_store: Store) -> None:
    started = threading.Event()

    def job(store: Store, work: Work) -> None:
        with store.transaction():
            store.conn.execute("UPDATE volunteers SET \"居住村民小组\" = '作废'")
            started.set()
            while True:  # a long job asks its progress between steps and stops when told
                if work(0, 0, "") is False:
                    raise Cancelled

    failed: list[BaseException] = []
    job_run = run(owner, worker, job, lambda _r: None, failed.append, title="正在保存…", progress=True)
    assert started.wait(WAIT / 1000)
    job_run.cancel()
    qtbot.waitUntil(lambda: bool(failed), timeout=WAIT)
    assert isinstance(failed[0], Cancelled)
    assert "作废" not in {r["居住村民小组"] for r in admin_store.records("volunteers")}


def test_keep_done_cancel_lets_the_job_return_what_it_did(qtbot, worker, owner) -> None:
    started = threading.Event()

    def job(_store: Store, work: Work) -> int:
        steps = 0
        started.set()
        while not work.stop_requested():
            assert work(steps, 0, "") is None  # a False here would make the engine throw its work away
            steps += 1
        return steps

    done: list[int] = []
    job_run = run(owner, worker, job, done.append, title="正在导入…", progress=True, keep_done=True)
    assert started.wait(WAIT / 1000)
    job_run.cancel()
    assert job_run.dialog is not None and "完成后停止" in job_run.dialog.label.text()
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT)
    assert done[0] >= 0


def test_a_failure_reaches_on_failed(qtbot, worker, owner) -> None:
    def job(_store: Store, _work: Work) -> None:
        raise StoreError("没有这条记录")

    failed: list[BaseException] = []
    run(owner, worker, job, None, failed.append)
    qtbot.waitUntil(lambda: bool(failed), timeout=WAIT)
    assert str(failed[0]) == "没有这条记录"


def test_jobs_run_one_at_a_time_in_the_order_they_were_given(qtbot, worker, owner) -> None:
    order: list[str] = []
    inside = threading.Lock()
    overlapped: list[bool] = []

    def job(name: str):
        def fn(_store: Store, _work: Work) -> str:
            overlapped.append(not inside.acquire(blocking=False))
            order.append(name)
            inside.release()
            return name
        return fn

    results: list[str] = []
    for name in ("读", "写", "再读"):
        run(owner, worker, job(name), results.append)
    qtbot.waitUntil(lambda: len(results) == 3, timeout=WAIT)
    assert order == results == ["读", "写", "再读"]
    assert overlapped == [False, False, False]


def test_the_answer_is_dropped_when_its_owner_is_gone(qtbot, worker, owner) -> None:
    release = threading.Event()
    gone = QWidget(owner)
    answers: list[object] = []
    run(gone, worker, lambda _store, _work: release.wait(WAIT / 1000), answers.append)
    last: list[object] = []
    run(owner, worker, lambda _store, _work: "之后", last.append)
    gone.deleteLater()
    qtbot.waitUntil(lambda: not _alive(gone), timeout=WAIT)
    release.set()
    qtbot.waitUntil(lambda: last == ["之后"], timeout=WAIT)
    assert answers == []


class _Shows(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self.count += 1
        return False


def test_a_short_job_shows_no_progress_box(qtbot, worker, owner) -> None:
    done: list[object] = []
    shows = _Shows()
    job_run = run(owner, worker, lambda _store, _work: 1, done.append, title="正在读取…", progress=True)
    assert job_run.dialog is not None
    job_run.dialog.installEventFilter(shows)
    qtbot.waitUntil(lambda: done == [1], timeout=WAIT)
    assert SHOW_PROGRESS_AFTER_MS >= 200 and shows.count == 0


def _alive(obj: QWidget) -> bool:
    return shiboken6.isValid(obj)


def test_stopping_the_worker_cancels_reads_but_lets_writes_land(qtbot, worker, owner, admin_store) -> None:
    started = threading.Event()

    def long_read(_store: Store, work: Work) -> None:
        started.set()
        while work(0, 0, "") is not False:  # until cancelled
            pass
        raise Cancelled

    def write(store: Store, _work: Work) -> None:
        with store.transaction():
            store.conn.execute("UPDATE volunteers SET \"居住村民小组\" = '九组'")

    read_failed: list[BaseException] = []
    run(owner, worker, long_read, None, read_failed.append)
    run(owner, worker, write, None, None, finish=True)
    assert started.wait(WAIT / 1000)
    worker.stop()  # as a window closing: the read is cancelled, the write behind it still runs
    assert not worker.isRunning()
    assert {r["居住村民小组"] for r in admin_store.records("volunteers")} == {"九组"}
