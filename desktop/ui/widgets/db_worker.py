"""Long database work on one worker thread, with its own Store, progress and cancel.

SQLite connections are not shared across threads: the worker opens a second ``Store``
on the same file, in its own thread, and closes it there. A job is a plain function
``fn(store, progress) -> result``; ``progress`` (``sync.progress.Progress``) reports and
returns False once the user has cancelled. Cancelling also interrupts a running SQL statement
(SQLite's progress handler), so a long query stops promptly; the job's transaction
rolls back and the database is left as it was.

Results come back to the UI thread by signal; the UI never calls ``processEvents``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from sync.progress import Cancelled, Progress
from sync.store import driver
from sync.store.queries import interruptible
from sync.store.store import Store
from sync.store.users import User

JobFn = Callable[[Store, Progress], Any]
# Work expected to take longer than this shows a progress dialog.
SHOW_PROGRESS_AFTER_MS = 200
# How often a worker waiting for an answer looks whether its job was stopped meanwhile.
_ANSWER_POLL_S = 0.1


@dataclass
class Job:
    id: int
    fn: JobFn
    title: str = ""
    cancel_event: threading.Event = field(default_factory=threading.Event)
    # A write the person made (a save, a draft): stop() lets it finish instead of cancelling it.
    finish: bool = False

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


class DbWorker(QThread):
    """The one thread that runs long jobs. Submit from the UI thread; results arrive by signal."""

    progressed = Signal(int, int, int, str)  # job id, done, total, text
    succeeded = Signal(int, object)  # job id, result
    failed = Signal(int, object)  # job id, exception (Cancelled when the user cancelled)

    def __init__(self, path: Path, user: User, today: dt.date | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = Path(path)
        self._user = user
        self._today = today
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Callable[[Any], None] | None,
                                         Callable[[BaseException], None] | None]] = {}
        self.jobs: dict[int, Job] = {}
        self._stopped = False  # stop() was called: nothing more is run
        # Queued: the handlers run in the UI thread, whatever thread emitted.
        self.succeeded.connect(self._on_succeeded, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)

    # ------------------------------------------------------------- UI side
    def submit(self, fn: JobFn, on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None, title: str = "",
               finish: bool = False) -> Job:
        job = Job(next(self._ids), fn, title, finish=finish)
        if self._stopped:
            # The window is closing or gone: a late request (a list read again as its page is torn
            # down) is not run. Restarting the thread here left it running past its window.
            job.cancel()
            return job
        self._callbacks[job.id] = (on_done, on_error)
        self.jobs[job.id] = job
        if not self.isRunning():
            self.start()
        self._queue.put(job)
        return job

    def stop(self) -> None:
        """Cancel the jobs (reads, reports, imports: rolled back), but let the writes the person
        made (``finish``) land; close the worker's Store, end the thread. Their answers are not
        delivered: the window that asked is going."""
        for job in self.jobs.values():
            if not job.finish:
                job.cancel()
        self._stopped = True
        if self.isRunning():
            self._queue.put(None)
            self.wait()
        self._callbacks.clear()

    def finish_writes(self) -> None:
        """Block until the writes sent so far have landed and their answers were handled here
        (a window closing: a form saved meanwhile closes itself). Other jobs are cancelled first,
        so nothing long (a report) or waiting for an answer (a question) holds the wait up."""
        for job in self.jobs.values():
            if not job.finish:
                job.cancel()
        self.settle()

    def settle(self) -> None:
        """Block until the jobs sent so far have ended and their answers were handled here (a
        screenshot taken once the window's figures are in)."""
        if not self.isRunning():
            return
        landed = threading.Event()
        self.submit(lambda _store, _progress: landed.set(), title="settle")
        landed.wait()
        # The answers are queued to this object: deliver them now, without running other events.
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)

    def busy(self) -> bool:
        return bool(self.jobs)

    def _on_succeeded(self, job_id: int, result: object) -> None:
        self.jobs.pop(job_id, None)
        on_done, _ = self._callbacks.pop(job_id, (None, None))
        if on_done is not None:
            on_done(result)

    def _on_failed(self, job_id: int, error: object) -> None:
        self.jobs.pop(job_id, None)
        _, on_error = self._callbacks.pop(job_id, (None, None))
        if on_error is not None:
            on_error(error)  # type: ignore[arg-type]
        elif not isinstance(error, Cancelled):
            raise error  # type: ignore[misc]  # to the exception hook: logged and shown

    # --------------------------------------------------------- worker side
    def run(self) -> None:
        store: Store | None = None
        try:
            while True:
                job = self._queue.get()
                if job is None:
                    break
                if job.cancelled:
                    self.failed.emit(job.id, Cancelled())
                    continue
                try:
                    if store is None:
                        store = Store.open(self._path, self._user)
                        store.today = self._today
                    result = self._run_job(store, job)
                except Cancelled as exc:
                    self.failed.emit(job.id, exc)
                except driver.OperationalError as exc:
                    self.failed.emit(job.id, Cancelled() if job.cancelled else exc)
                except Exception as exc:  # reported to the UI thread, which decides what to show
                    self.failed.emit(job.id, exc)
                else:
                    self.succeeded.emit(job.id, result)
        finally:
            if store is not None:
                store.close()

    def _run_job(self, store: Store, job: Job) -> Any:
        def progress(done: int = 0, total: int = 0, text: str = "") -> bool:
            self.progressed.emit(job.id, int(done), int(total), text)
            return not job.cancelled

        store.refresh_catalog()  # choice lists the window's own connection may have changed
        with interruptible(store, lambda: job.cancelled):
            result = job.fn(store, progress)
        if job.cancelled:
            raise Cancelled
        return result


class ProgressDialog(QDialog):
    """Label, bar and 取消. Not QProgressDialog: a modal one calls processEvents() in setValue()."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("请稍候"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        self.label = QLabel(title)
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        layout.addWidget(self.bar)
        buttons = QDialogButtonBox()
        self.cancel_button = buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def set_progress(self, done: int, total: int, text: str = "") -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        if text:
            self.label.setText(text)


class ProgressShow(QObject):
    """When a job's 请稍候 dialog is on screen: after the job has run ``SHOW_PROGRESS_AFTER_MS``, and
    never over a question.

    The dialog is modal: shown over a question that is already open, it takes the keyboard and
    the mouse from it, and a job waiting for that answer never ends (issue 11: the township's
    first import froze behind it). So the question always wins. While the job asks something
    (``asking()``) the progress is hidden, and it comes back when the answer is given; and it
    never appears over any other dialog that opened after the job started (a message box from
    the window meanwhile): it waits until that dialog has closed.
    """

    # How often a progress held back by another dialog looks whether that dialog has closed.
    RECHECK_MS = 100

    def __init__(self, dialog: ProgressDialog, running: Callable[[], bool], parent: QObject | None) -> None:
        super().__init__(parent)
        self.dialog = dialog
        self._running = running
        self._questions = 0
        self._due = False
        self._finished = False
        # The dialog in front when the job started (the one that started it, say): not a question.
        self._below = QApplication.activeModalWidget()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._now_due)
        self._timer.start(SHOW_PROGRESS_AFTER_MS)
        self._recheck = QTimer(self)
        self._recheck.setInterval(self.RECHECK_MS)
        self._recheck.timeout.connect(self._update)

    @property
    def due(self) -> bool:
        """The job has run long enough to show its progress (shown unless a question is in front)."""
        return self._due

    def _now_due(self) -> None:
        self._due = True
        self._update()

    def _another_dialog_in_front(self) -> bool:
        front = QApplication.activeModalWidget()
        return front is not None and front is not self._below and front is not self.dialog

    def _update(self) -> None:
        wanted = self._due and not self._finished and self._questions == 0 and self._running()
        if wanted and not self.dialog.isVisible() and self._another_dialog_in_front():
            self._recheck.start()
            return
        self._recheck.stop()
        if wanted and not self.dialog.isVisible():
            self.dialog.show()
        elif not wanted and self.dialog.isVisible():
            self.dialog.hide()

    @contextmanager
    def asking(self) -> Iterator[None]:
        """While a question of the job is open: the progress stands aside, and returns after the answer."""
        self._questions += 1
        self._update()
        try:
            yield
        finally:
            self._questions -= 1
            self._update()

    def finish(self) -> None:
        self._finished = True
        self._timer.stop()
        self._recheck.stop()
        self.dialog.hide()
        self.dialog.deleteLater()


class WorkerQuestions(QObject):
    """Questions a job asks from the worker thread, answered on the UI thread.

    ``ask(question)`` (worker thread) sends the question over by a queued signal and waits;
    on the UI thread ``answer(question)`` shows it (a message box, usually) while the job's
    progress stands aside, and the reply goes back. If the job is stopped meanwhile (its
    window closed, 取消), the worker stops waiting and takes ``refused``.
    """

    _asked = Signal(object)  # (question, reply queue), from the worker thread

    def __init__(self, answer: Callable[[Any], Any] | None, show: ProgressShow | None,
                 stopped: Callable[[], bool], parent: QObject | None, refused: Any = False) -> None:
        super().__init__(parent)
        self._answer = answer
        self._show = show
        self._stopped = stopped
        self._refused = refused
        self._asked.connect(self._on_asked, Qt.ConnectionType.QueuedConnection)

    def forget_progress(self) -> None:
        """The job has ended: its progress is gone."""
        self._show = None

    def _on_asked(self, item: tuple[Any, queue.Queue[Any]]) -> None:
        question, reply = item
        answer = self._refused
        try:
            if self._answer is not None and not self._stopped():
                if self._show is None:
                    answer = self._answer(question)
                else:
                    with self._show.asking():
                        answer = self._answer(question)
        finally:
            reply.put(answer)

    def ask(self, question: Any) -> Any:
        """Worker thread: put a question to the person and wait for the answer."""
        reply: queue.Queue[Any] = queue.Queue(maxsize=1)
        self._asked.emit((question, reply))
        while True:
            try:
                return reply.get(timeout=_ANSWER_POLL_S)
            except queue.Empty:
                if self._stopped():
                    return self._refused
