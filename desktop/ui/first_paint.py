"""Work that must wait until the first window has painted.

At start-up the officer should see the first screen as early as possible: opening the database
for work and the start-up integrity check (which reads the whole file, and on a cold disk
competes with loading the program) begin only once a window has been drawn.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


def is_window_paint(watched: QObject, event: QEvent) -> bool:
    """Whether `event` paints a window (a dialog or the main window), not a widget inside one."""
    return event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and watched.isWindow()


class AfterFirstPaint(QObject):
    """Calls `callback` once, from the event loop, after any window's first paint.

    `stop` cancels it if it has not run; `run_now` runs it at once (if it has not run), for a
    caller that needs its result before anything was painted.
    """

    def __init__(self, callback: Callable[[], None]):
        super().__init__(QApplication.instance())
        self._callback: Callable[[], None] | None = callback
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if is_window_paint(watched, event):
            QApplication.instance().removeEventFilter(self)
            QTimer.singleShot(0, self.run_now)
        return False

    def run_now(self) -> None:
        callback, self._callback = self._callback, None
        self.stop()
        if callback is not None:
            callback()

    def stop(self) -> None:
        self._callback = None
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
