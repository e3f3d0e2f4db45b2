"""Long work off the GUI thread, done one way for the whole program (after Anki's QueryOp).

`Operation(parent, work, on_success=…).start()` runs `work(job)` on a worker thread while the
window stays painted. The operation:

- gives the work a connection of its own (`job.db`: read-only, or writing with `writes=True`;
  the window's own connection for an in-memory database), opened and closed on the worker;
- keeps itself alive until its result reached the GUI thread, even if its window closed;
- hands nothing but a signal across threads: the result or error stays on the operation and
  the GUI thread picks it up, so no Python object is freed in the wrong thread;
- keeps the cyclic garbage collector from running on a worker while any operation runs (a
  collection there could free a Qt object of the GUI thread); it collects on the GUI thread;
- shows a busy dialog with `busy_text` (modal: the user starts nothing else on the database),
  reports progress (`job.report(done, total)`) and, with `cancellable=True`, a Cancel button
  that the work sees at its next `job.report()` or `job.check()` as `Cancelled`;
- shows a known error's Vietnamese message, and hands a bug to the crash dialog.
"""

from __future__ import annotations

import atexit
import gc
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from desktop.core.errors import classified
from desktop.core.i18n import _
from desktop.core.storage import connections
from desktop.ui import errors

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

BUSY_AFTER_MS = 300  # quicker work never flashes a busy dialog


class Cancelled(Exception):
    """The user pressed Cancel; raised inside the work at its next report or check."""


class Job:
    """What the work receives: its connection, a way to report progress, and Cancel."""

    def __init__(self) -> None:
        self.db: sqlite_utils.Database | None = None
        self._lock = threading.Lock()
        self._cancelled = threading.Event()
        self._progress: tuple[int, int, str] = (0, 0, "")
        self._reported = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        """Ask the work to stop at its next report or check (safe from any thread)."""
        self._cancelled.set()

    def check(self) -> None:
        """Stop here if the user asked to cancel."""
        if self._cancelled.is_set():
            raise Cancelled

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        """Progress so far (`total` 0: unknown); stops here if the user asked to cancel."""
        self.show(done, total, text)
        self.check()

    def show(self, done: int, total: int = 0, text: str = "") -> None:
        """Progress so far, without stopping: for work that asks `cancelled` at its own safe
        points (between two transactions) and must return what it did so far."""
        with self._lock:
            self._progress = (done, total, text)
        self._reported.set()

    def progress(self) -> tuple[int, int, str]:
        with self._lock:
            return self._progress


class _Worker(QThread):
    """The thread: runs the work, keeps its outcome, emits nothing but `finished`."""

    def __init__(self, work: Callable[[Job], Any], job: Job, path: Path | None, shared, writes):
        super().__init__()
        self.work, self.job = work, job
        self.path, self.shared, self.writes = path, shared, writes
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            if self.shared is None and self.path is None:
                self.result = self.work(self.job)
                return
            with connections.for_job(self.path, self.shared, writes=self.writes) as db:
                self.job.db = db
                self.result = self.work(self.job)
        except BaseException as error:  # handed to the GUI thread, which shows or raises it
            self.error = classified(error)
        finally:
            self.job.db = None


class Operation(QObject):
    """One long job; see the module's docstring. Start it with `start()`."""

    progressed = Signal()  # read `job.progress()`
    ended = Signal()  # after its callback ran, whatever the outcome

    def __init__(
        self,
        parent: QWidget | None,
        work: Callable[[Job], Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], bool] | None = None,
        database: tuple[Path | None, sqlite_utils.Database] | None = None,
        writes: bool = False,
        busy_text: str = "",
        cancellable: bool = False,
    ) -> None:
        """`database` is (file path or None for in-memory, the window's connection); None for
        work that needs no database. `on_failure` returns True when it handled the error."""
        super().__init__()
        self.parent_widget = parent
        self.on_success, self.on_failure = on_success, on_failure
        self.job = Job()
        path, shared = database if database is not None else (None, None)
        self.worker = _Worker(work, self.job, path, shared, writes)
        self.worker.finished.connect(self._finished)
        self.busy_text, self.cancellable = busy_text, cancellable
        self.dialog: QProgressDialog | None = None
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False
        self._poll = QTimer(self)
        self._poll.setInterval(100)
        self._poll.timeout.connect(self._show_progress)

    def start(self) -> Operation:
        _RUNNING.add(self)
        _collector.hold()
        if self.busy_text:
            self._open_dialog()
            # Shown by the clock, not by QProgressDialog's guess from the values reported
            # (which never shows it for work that reports rarely or not at all).
            QTimer.singleShot(BUSY_AFTER_MS, self, self._show_dialog)
        self._poll.start()
        self.worker.start()
        return self

    def cancel(self) -> None:
        """Ask the work to stop at its next report or check."""
        self.job.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText(_("Đang dừng…"))

    def wait(self, milliseconds: int = -1) -> bool:
        """Block until the worker ended (tests, exit); its callbacks still run in the loop."""
        return self.worker.wait() if milliseconds < 0 else self.worker.wait(milliseconds)

    def _open_dialog(self) -> None:
        cancel_text = _("Hủy") if self.cancellable else ""
        dialog = QProgressDialog(self.busy_text, cancel_text, 0, 0, self.parent_widget)
        dialog.setWindowTitle(_("Đang xử lý"))
        if not self.cancellable:
            dialog.setCancelButton(None)
        else:
            dialog.canceled.connect(self.cancel)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(BUSY_AFTER_MS)
        dialog.setModal(True)
        self.dialog = dialog

    def _show_dialog(self) -> None:
        if not self.done and self.dialog is not None and isValid(self.dialog):
            self.dialog.show()

    def _show_progress(self) -> None:
        _collector.collect_young()
        if not self.job._reported.is_set():
            return
        self.job._reported.clear()
        done, total, text = self.job.progress()
        dialog = self.dialog
        if dialog is not None and isValid(dialog) and not self.job.cancelled:
            if text:
                dialog.setLabelText(text)
            dialog.setMaximum(max(total, 0))
            # last: a modal QProgressDialog processes events in setValue, where `_finished`
            # may run and let the dialog go
            dialog.setValue(min(done, total) if total else 0)
        self.progressed.emit()

    def _finished(self) -> None:
        self._poll.stop()
        self._show_progress()
        self.worker.wait()
        if self.dialog is not None and isValid(self.dialog):  # gone with a closed window
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = None
        self.result, self.error = self.worker.result, self.worker.error
        _collector.release()
        try:
            self._deliver()
        finally:
            self.done = True
            _RUNNING.discard(self)
            self.ended.emit()

    def _deliver(self) -> None:
        error = self.error
        if error is None:
            if self.on_success is not None:
                self.on_success(self.result)
            return
        if self.on_failure is not None and self.on_failure(error):
            return
        if isinstance(error, Cancelled):
            log.info("operation cancelled by the user")
            return
        if not errors.show_known_error(self.parent_widget, error):
            sys.excepthook(type(error), error, error.__traceback__)


class _GuiThreadCollector:
    """No automatic cyclic collection while a worker runs; collection on the GUI thread instead.

    A collection runs in whichever thread happens to allocate; from a worker it could free a
    cycle holding a Qt object of the GUI thread, and Qt objects must die in their own thread.
    """

    def __init__(self) -> None:
        self.holds = 0
        self.was_enabled = True

    def hold(self) -> None:
        if self.holds == 0:
            gc.collect()  # what the GUI thread left behind, collected here and now
            self.was_enabled = gc.isenabled()
            gc.disable()
        self.holds += 1

    def collect_young(self) -> None:
        """While held, the youngest generation is collected here, on the GUI thread."""
        if self.holds and gc.get_count()[0] > gc.get_threshold()[0]:
            gc.collect(0)

    def release(self) -> None:
        self.holds -= 1
        if self.holds == 0:
            gc.collect()
            if self.was_enabled:
                gc.enable()


_collector = _GuiThreadCollector()
_RUNNING: set[Operation] = set()


def running() -> int:
    """How many operations have not yet delivered their result (tests; the exit's wait)."""
    return len(_RUNNING)


@atexit.register
def _wait_for_all() -> None:
    """At exit: let the workers end, or Python would destroy a running QThread (an abort)."""
    for operation in list(_RUNNING):
        operation.wait()
