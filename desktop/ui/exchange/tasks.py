"""One engine call on the worker thread, with a progress dialog, a cancel that lets it finish
cleanly, and questions the worker may put to the person at the screen.

``desktop.ui.widgets.db_worker.ProgressOperation`` cancels by interrupting SQLite, which throws
the result away. An import stopped halfway must still report the packages it has done,
so here 取消 only sets a flag the engine reads between packages (its ``cancel()``
callback); the engine returns normally with what it did.

The importer asks ``confirm(NewInstallation)`` from the worker thread before trusting a
new village PC. ``SyncTask.ask`` carries the question to the UI thread
(``db_worker.WorkerQuestions``), where it is answered with ``msgbox`` while the progress
dialog stands aside (``db_worker.ProgressShow``: a progress shown over the question would
block it), and blocks the worker until the answer arrives. No ``processEvents`` anywhere.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.ui.widgets.db_worker import DbWorker, ProgressDialog, ProgressShow, WorkerQuestions
from sync.progress import Cancel, Progress
from sync.store.store import Store

Ask = Callable[[Any], bool]
TaskFn = Callable[[Store, Progress, Cancel, Ask], Any]


class SyncTask(QObject):
    """Run ``fn(store, progress, cancel, ask)`` on ``worker``; results arrive by signal."""

    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    progressed = Signal(int, int, str)

    def __init__(self, worker: DbWorker, parent: QWidget, title: str, fn: TaskFn, *,
                 answer: Callable[[Any], bool] | None = None, show_progress: bool = True) -> None:
        super().__init__(parent)
        self._parent = parent
        self._cancel = threading.Event()
        self._worker = worker
        self.done = False
        self.dialog: ProgressDialog | None = None
        self.display: ProgressShow | None = None
        if show_progress:
            self.dialog = ProgressDialog(title, parent)
            # The steps name package files ("正在导入 东山村_350322111202_…_序号0003.cunwu-pkg"), two
            # lines at the dialog's width; a dialog sized for the one-line title would clip them.
            label = self.dialog.label
            label.setMinimumHeight(2 * label.fontMetrics().lineSpacing())
            self.dialog.rejected.connect(self.cancel)
            self.display = ProgressShow(self.dialog, lambda: not self.done, self)
        self.questions = WorkerQuestions(answer, self.display, self._stopped, self)
        worker.progressed.connect(self._on_progress)
        self.job = worker.submit(
            lambda store, progress: fn(store, self._reporter(progress), self._cancel.is_set, self.ask),
            lambda result: self._on_done(result) if alive(self) else None,
            lambda error: self._on_error(error) if alive(self) else None, title)

    # ----------------------------------------------------------- UI thread
    def cancel(self) -> None:
        """Ask the engine to stop at its next check; what is done so far is kept and reported."""
        if not self.done:
            self._cancel.set()
            if self.dialog is not None:
                self.dialog.label.setText(self.tr("正在取消…（正在处理的这一步完成后停止）"))

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _stopped(self) -> bool:
        """取消 pressed, or the job cancelled (its window closed): a question still to come is refused."""
        job = getattr(self, "job", None)  # the worker may ask before submit() has returned
        return self._cancel.is_set() or (job is not None and job.cancelled)

    def _on_progress(self, job_id: int, done: int, total: int, text: str) -> None:
        if job_id != self.job.id:
            return
        if self.dialog is not None and not self._cancel.is_set():
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

    def _on_done(self, result: object) -> None:
        self._finish()
        self.succeeded.emit(result)
        self.deleteLater()

    def _on_error(self, error: BaseException) -> None:
        self._finish()
        self.failed.emit(error)
        self.deleteLater()

    # -------------------------------------------------------- worker thread
    def _reporter(self, progress: Progress) -> Progress:
        # The worker's progress says False once its job is cancelled (the window closed); the
        # engine is asked to stop through ``cancel`` instead, and returns what it has done.
        def report(done: int, total: int, message: str) -> None:
            progress(done, total, message)
        return report

    def ask(self, question: Any) -> bool:
        """Called on the worker thread: put a question to the person and wait for the answer."""
        return bool(self.questions.ask(question))


def alive(owner: QObject) -> bool:
    """False once Qt has deleted the widget a late answer was meant for (a dialog closed meanwhile)."""
    return shiboken6.isValid(owner)


def run_query(owner: QObject, worker: DbWorker, fn: Callable[[Store], Any], on_done: Callable[[Any], None],
              on_error: Callable[[BaseException], None]) -> None:
    """A short read on the worker thread (no dialog): the views load their rows this way.

    The answer is dropped if ``owner`` was deleted before it arrived.
    """
    worker.submit(lambda store, _progress: fn(store),
                  lambda result: on_done(result) if alive(owner) else None,
                  lambda error: on_error(error) if alive(owner) else None)
