"""Work that takes time runs on a worker thread behind a progress dialog with Cancel.

A task is a plain function ``task(progress) -> result``; it calls ``progress(done, total,
message)`` now and then, which raises ``Cancelled`` once the user has pressed Cancel. The
task must not touch widgets or the window's store connection (it opens its own store when it
needs the database); its result or error comes back on the UI thread.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from euromed_desktop.i18n import _


class Progress:
    """What a task holds: call it with ``(done, total, message)`` to report (it raises
    ``Cancelled`` once the user cancelled), or ask ``cancelled()`` where stopping must be
    checked without a report (e.g. just before a file is moved into place)."""

    def __init__(self, runner: Runner) -> None:
        self._runner = runner

    def __call__(self, done: int, total: int, message: str = "") -> None:
        self._runner.report(done, total, message)

    def cancelled(self) -> bool:
        return self._runner.cancelled.is_set()


class Cancelled(Exception):
    """The user cancelled the work; nothing of it was kept."""


class Runner(QThread):
    """The worker thread. Progress reaches the UI at most every 50 ms, however often the
    task reports it; cancellation is a thread-safe event the next report checks. Used alone
    where a dialog shows the progress itself (the participants import's preview).

    While any worker runs, Python's cyclic garbage collector is paused. A collection runs in
    whichever thread happens to allocate, and one started by a worker would destroy Qt objects
    that only wait for it (a closed dialog kept alive by its own connections) on the wrong
    thread, which Qt answers by aborting the process. The collector is resumed on the UI
    thread once the last worker is joined (``join``, or its ``finished`` signal)."""

    progressed = Signal(int, int, str)
    finished_with = Signal(object)
    failed = Signal(object)
    _alive = 0  # started and not yet joined, across all runners

    def __init__(self, task: Callable[[Progress], Any], parent: QObject) -> None:
        super().__init__(parent)
        self.task = task
        self.cancelled = threading.Event()
        self._last = 0.0
        self._counted = False
        self.finished.connect(self._release)  # delivered on the UI thread

    def start(self, priority: QThread.Priority = QThread.Priority.InheritPriority) -> None:
        if not self._counted:
            self._counted = True
            Runner._alive += 1
            gc.disable()
        super().start(priority)

    def join(self, timeout_ms: int | None = None) -> bool:
        """Wait for the thread (on the UI thread), then let the collector run again if it was
        the last worker. Returns whether the thread has ended."""
        ended = self.wait() if timeout_ms is None else self.wait(timeout_ms)
        if ended:
            self._release()
        return bool(ended)

    def _release(self) -> None:
        if self._counted:
            self._counted = False
            Runner._alive -= 1
            if Runner._alive == 0:
                gc.enable()

    def report(self, done: int, total: int, message: str) -> None:
        if self.cancelled.is_set():
            raise Cancelled
        now = time.monotonic()
        if now - self._last >= 0.05 or done >= total:
            self._last = now
            self.progressed.emit(done, total, message)

    def run(self) -> None:
        try:
            result = self.task(Progress(self))
        except BaseException as exc:  # reported on the UI thread
            self.failed.emit(exc)
        else:
            self.finished_with.emit(result)


class BackgroundTask(QObject):
    """Runs one task off the UI thread; ``done`` or ``error`` fires on the UI thread."""

    done = Signal(object)
    error = Signal(object)  # the exception; Cancelled when the user cancelled

    def __init__(
        self, parent: QWidget, title: str, task: Callable[[Progress], Any], *, delay_ms: int = 400
    ) -> None:
        super().__init__(parent)
        self.dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setMinimumDuration(delay_ms)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.runner = Runner(task, self)
        self.runner.progressed.connect(self._progressed)
        self.runner.finished_with.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.dialog.canceled.connect(self.cancel)
        self.result: Any = None
        self.exception: BaseException | None = None
        self.running = False

    def start(self) -> None:
        self.running = True
        self.runner.start()

    def cancel(self) -> None:
        self.runner.cancelled.set()
        self.dialog.setLabelText(_("Cancelling…"))

    def _progressed(self, done: int, total: int, message: str) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        if message:
            self.dialog.setLabelText(message)

    def _end(self) -> None:
        self.running = False
        self.runner.quit()
        self.runner.join()
        self.dialog.reset()
        self.dialog.hide()

    def _finished(self, result: Any) -> None:
        self._end()
        self.result = result
        self.done.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self._end()
        self.exception = exc
        self.error.emit(exc)
