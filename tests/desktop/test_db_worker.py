"""The worker thread: its own connection, results by signal, progress, cancel, errors."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

from desktop.ui.widgets.runner import run
from sync.progress import Cancelled
from sync.store.store import Store, StoreError

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]



def test_jobs_run_on_another_thread_with_their_own_store(qtbot, worker, admin_store) -> None:
    seen: list[tuple[int, bool, int]] = []
    with qtbot.waitSignal(worker.succeeded):
        worker.submit(lambda store, _p: seen.append(
            (threading.get_ident(), store.conn is admin_store.conn, store.count("volunteers"))))
    assert seen[0][0] != threading.get_ident()
    assert seen[0][1:] == (False, 120)


def test_results_and_errors_reach_the_ui_thread(qtbot, worker) -> None:
    results: list[object] = []
    worker.submit(lambda store, _p: store.village_name, results.append)
    worker.submit(lambda store, _p: store.get("0" * 32), None, results.append)
    qtbot.waitUntil(lambda: len(results) == 2)
    assert results[0] == "东山村"
    assert isinstance(results[1], StoreError)
    assert not worker.busy()


def test_cancel_stops_a_long_job_and_rolls_back(qtbot, worker, admin_store) -> None:
    started = threading.Event()
    failures: list[BaseException] = []

    def long_job(store: Store, progress) -> None:
        with store.transaction():
            store.conn.execute("UPDATE volunteers SET \"居住村民小组\" = '作废'")
            started.set()
            while progress(1, 2):
                # SQL that runs until the cancel request interrupts it.
                store.conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                   "WHERE i < 100000000) SELECT COUNT(*) FROM n").fetchone()

    job = worker.submit(long_job, None, failures.append)
    qtbot.waitUntil(started.is_set)
    job.cancel()
    qtbot.waitUntil(lambda: bool(failures), timeout=20_000)
    assert isinstance(failures[0], Cancelled)
    groups = {r["居住村民小组"] for r in admin_store.records("volunteers")}
    assert "作废" not in groups


def test_a_run_with_progress_reports_and_finishes(qtbot, worker) -> None:
    done: list[object] = []

    def job(store: Store, progress) -> int:
        for i in range(3):
            progress(i, 3, f"第{i}步")
        return 42

    owner = QWidget()
    qtbot.addWidget(owner)
    operation = run(owner, worker, job, done.append, title="测试", progress=True)
    qtbot.waitUntil(lambda: done == [42])
    assert operation.job.id not in worker.jobs
