"""The 请稍候 progress of a job never covers a question (issue 11: the township's first import froze).

The journey tests/journeys/test_first_import_questions.py proves it with the real fingerprint
question; these pin the two rules of ``db_worker.ProgressShow`` one by one.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.ui.widgets.runner import run

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
WAIT = 10_000




def test_the_progress_stands_aside_while_the_job_asks_and_comes_back_after(qtbot, worker, owner) -> None:
    shown, answered = threading.Event(), threading.Event()
    visible_while_asked: list[bool] = []

    def job(_store, work) -> bool:
        work(0, 2, "第一步")
        shown.wait(WAIT / 1000)
        answer = work.ask("接受这台电脑吗？")
        answered.wait(WAIT / 1000)
        return answer

    def answer(_question: str) -> bool:
        visible_while_asked.append(task.dialog.isVisible())
        return True

    task = run(owner, worker, job, title="正在导入…", progress=True, keep_done=True, answer=answer)
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible(), timeout=WAIT)
    shown.set()
    qtbot.waitUntil(lambda: bool(visible_while_asked), timeout=WAIT)
    assert visible_while_asked == [False]
    qtbot.waitUntil(lambda: task.dialog.isVisible(), timeout=WAIT)  # back after the answer, 取消 and all
    assert task.dialog.cancel_button.isEnabled()
    with qtbot.waitSignal(task.succeeded, timeout=WAIT) as result:
        answered.set()
    assert result.args == [True]


def test_a_dialog_opened_during_a_job_is_not_covered_by_its_progress(qtbot, worker, owner) -> None:
    release = threading.Event()
    done: list[object] = []
    operation = run(owner, worker, lambda _store, _work: release.wait(WAIT / 1000), done.append,
                    title="正在检查…", progress=True)
    box = QMessageBox(QMessageBox.Icon.Question, "请确认", "要继续吗？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, owner)
    box.open()
    qtbot.waitUntil(lambda: operation.display.due, timeout=WAIT)
    assert not operation.dialog.isVisible()
    assert QApplication.activeModalWidget() is box
    box.done(QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(operation.dialog.isVisible, timeout=WAIT)  # the job still runs: now it shows
    release.set()
    qtbot.waitUntil(lambda: done == [True], timeout=WAIT)
