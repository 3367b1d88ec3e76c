"""The one way a window runs database work: ``run(owner, worker, fn, on_done, on_failed, ...)``.

Every job of both windows goes to the window's one ``DbWorker`` (its own ``Store``, its own
thread) through here: a form's save, an undo, a list's query, a backup, an import. The job is
``fn(store, work)`` on the worker thread; ``work`` is the job's ``Progress``
(``work(done, total, message)``) and also says whether the person pressed 取消
(``work.stop_requested()``) and carries a question to the screen (``work.ask(question)``).
The result or the exception comes back on the UI thread, to ``on_done`` / ``on_failed``, and
is dropped if ``owner`` was deleted meanwhile (a dialog closed before its answer came).

With ``progress=True`` a 请稍候 dialog with 取消 appears, but only once the job has run
``SHOW_PROGRESS_AFTER_MS`` (a short read never flashes a box) and never over a question
(``db_worker.ProgressShow``). 取消 either interrupts the job (its transaction rolls back and
``on_failed`` gets ``Cancelled``) or, with ``keep_done=True``, only asks it to stop at its next
step (``work.stop_requested()``) and the job returns what it has done (an import between
packages). Jobs run one at a time, in the order they were submitted.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.ui.widgets.db_worker import DbWorker, Job, ProgressDialog, ProgressShow, WorkerQuestions
from sync.progress import Cancelled, Progress
from sync.store.store import Store

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


def alive(owner: QObject) -> bool:
    """False once Qt has deleted the object a late answer was meant for (a dialog closed meanwhile)."""
    return shiboken6.isValid(owner)


class Work:
    """What a job holds besides its store (worker thread): its progress, 取消 and questions."""

    def __init__(self, progress: Progress, run: Run) -> None:
        self._progress = progress
        self._run = run

    def __call__(self, done: int = 0, total: int = 0, message: str = "") -> bool | None:
        going_on = self._progress(done, total, message)
        # A job that keeps what it has done stops through stop_requested(), not by a False here
        # (which would make it raise Cancelled and lose the packages it has imported).
        return None if self._run.keep_done else going_on

    def stop_requested(self) -> bool:
        """取消 was pressed, or the job was stopped (its window closed)."""
        return self._run.stopped()

    def ask(self, question: Any) -> Any:
        """Put a question to the person at the screen and wait for the answer (see WorkerQuestions)."""
        return self._run.questions.ask(question)


JobFn = Callable[[Store, Work], Any]


class Run(QObject):
    """One job on its way: its progress dialog (if any), 取消, and its result by signal too."""

    succeeded = Signal(object)
    failed = Signal(object)  # the exception (Cancelled when the person cancelled)
    progressed = Signal(int, int, str)

    def __init__(self, owner: QObject, worker: DbWorker, fn: JobFn, on_done: Done | None,
                 on_failed: Failed | None, *, title: str, progress: bool, keep_done: bool,
                 answer: Callable[[Any], Any] | None, refused: Any, window: QWidget | None,
                 finish: bool) -> None:
        super().__init__(owner)
        self._owner = owner
        self._worker = worker
        self._on_done = on_done
        self._on_failed = on_failed
        self._stop = threading.Event()
        self.keep_done = keep_done
        self.done = False
        self.job: Job | None = None
        self.dialog: ProgressDialog | None = None
        self.display: ProgressShow | None = None
        if progress:
            if window is None and isinstance(owner, QWidget):
                window = owner
            self.dialog = ProgressDialog(title, window)
            if keep_done:
                # The exchange's steps name package files (正在导入 东山村_350322111202_…_序号0003
                # .cunwu-pkg), two lines at the dialog's width; sized for a one-line title it
                # would clip them. Other jobs keep the one-line box they always had.
                label = self.dialog.label
                label.setMinimumHeight(2 * label.fontMetrics().lineSpacing())
            self.dialog.rejected.connect(self.cancel)
            self.display = ProgressShow(self.dialog, lambda: not self.done, self)
        self.questions = WorkerQuestions(answer, self.display, self.stopped, self, refused)
        worker.progressed.connect(self._on_progress)
        self.job = worker.submit(lambda store, progress: fn(store, Work(progress, self)),
                                 lambda result: self._succeeded(result) if alive(self) else None,
                                 lambda error: self._failed(error) if alive(self) else None, title, finish)

    # ----------------------------------------------------------- UI thread
    def cancel(self) -> None:
        """取消: interrupt the job, or (``keep_done``) ask it to stop after the step it is on."""
        if self.done:
            return
        self._stop.set()
        if self.keep_done:
            text = self.tr("正在取消…（正在处理的这一步完成后停止）")
        else:
            if self.job is not None:
                self.job.cancel()
            text = self.tr("正在取消…")
        if self.dialog is not None:
            self.dialog.label.setText(text)

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def stopped(self) -> bool:
        """Either thread: 取消 pressed, or the job cancelled (its window closed)."""
        job = self.job  # the worker may ask before submit() has returned
        return self._stop.is_set() or (job is not None and job.cancelled)

    def _on_progress(self, job_id: int, done: int, total: int, text: str) -> None:
        if self.job is None or job_id != self.job.id:
            return
        if self.dialog is not None and not self._stop.is_set():
            self.dialog.set_progress(done, total, text)
        self.progressed.emit(done, total, text)

    def _finish(self) -> None:
        self.done = True
        self._worker.progressed.disconnect(self._on_progress)
        self.questions.forget_progress()
        if self.dialog is not None and self.display is not None:
            self.dialog.rejected.disconnect(self.cancel)
            self.display.finish()
            self.dialog = None

    def _succeeded(self, result: object) -> None:
        self._finish()
        self.succeeded.emit(result)
        if self._on_done is not None and alive(self._owner):
            self._on_done(result)
        self.deleteLater()

    def _failed(self, error: BaseException) -> None:
        self._finish()
        self.failed.emit(error)
        self.deleteLater()
        if not alive(self._owner):
            return
        if self._on_failed is not None:
            self._on_failed(error)
        elif not isinstance(error, Cancelled):
            raise error  # to the exception hook: logged and shown


def run(owner: QObject, worker: DbWorker, fn: JobFn, on_done: Done | None = None,
        on_failed: Failed | None = None, *, title: str = "", progress: bool = False,
        keep_done: bool = False, answer: Callable[[Any], Any] | None = None, refused: Any = False,
        window: QWidget | None = None, finish: bool = False) -> Run:
    """Run ``fn(store, work)`` on ``worker``; ``on_done(result)`` or ``on_failed(error)`` on the UI
    thread unless ``owner`` is gone by then (see the module). ``progress``: a 请稍候 dialog titled
    ``title`` (after 200 ms, with 取消) over ``window`` (default: ``owner``); ``answer(question)``
    answers what the job ``ask``s, on the UI thread (``refused`` when stopped meanwhile). Without
    ``on_failed`` an error other than ``Cancelled`` goes to the exception hook. ``finish``: a write
    the person made, finished (not cancelled) when the window closes and stops the worker."""
    return Run(owner, worker, fn, on_done, on_failed, title=title, progress=progress, keep_done=keep_done,
               answer=answer, refused=refused, window=window, finish=finish)
