"""Locking the window: after idle minutes, on "Khóa màn hình", and after "Đăng xuất".

An office PC is shared and often left on. After `accounts.idle_lock_minutes` without a key or
mouse input, every open window of the program is covered (the main window's pages are hidden,
and an open form keeps what was typed under its cover: nothing unsaved is thrown away) and a
lock dialog asks for the signed-in user's password; an administrator may unlock too. "Đăng
nhập người khác" signs the user out and lets anyone sign in, which is only offered when no form
is open, so one person's unsaved form never passes to another. After "Đăng xuất" the same
dialog waits for anyone to sign in.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget

from desktop import APP_NAME
from desktop.core import accounts
from desktop.core.i18n import _
from desktop.core.session import Actor
from desktop.ui.context import AppContext
from desktop.ui.dialogs.sign_in import LockDialog

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.HoverMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
    }
)


class IdleWatcher(QObject):
    """Emits `idle` once no key or mouse input has reached the program for `timeout_ms`.

    The timeout comes from `minutes()` (0: never) unless a test sets `timeout_ms` itself.
    """

    idle = Signal()

    def __init__(self, minutes: Callable[[], int], parent: QObject | None = None):
        super().__init__(parent)
        self._minutes = minutes
        self._override_ms: int | None = None
        self._paused = False
        # Precise: a coarse timer's deadline is rounded, so the count would not visibly restart.
        self._timer = QTimer(self, singleShot=True, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.idle)
        QApplication.instance().installEventFilter(self)

    @property
    def timeout_ms(self) -> int:
        if self._override_ms is not None:
            return self._override_ms
        return self._minutes() * 60_000

    @timeout_ms.setter
    def timeout_ms(self, value: int) -> None:
        self._override_ms = value
        self.restart()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    @property
    def remaining_ms(self) -> int:
        """Milliseconds until the lock, or -1 while not counting."""
        return self._timer.remainingTime()

    def restart(self) -> None:
        """Count again from now, with the timeout as it is set now."""
        timeout = self.timeout_ms
        if self._paused or timeout <= 0:
            self._timer.stop()
        else:
            self._timer.start(timeout)

    def pause(self) -> None:
        self._paused = True
        self._timer.stop()

    def resume(self) -> None:
        self._paused = False
        self.restart()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._timer.isActive() and event.type() in INPUT_EVENTS:
            self._timer.start()
        return False


class Curtain(QWidget):
    """An opaque cover over one window's contents, following its size."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("lock_curtain")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lock_curtain { background: #4a5a6a; }")
        label = QLabel(_("{app} đang khóa").format(app=APP_NAME), self)
        label.setStyleSheet("color: white; font-size: 16pt;")
        layout = QVBoxLayout(self)
        layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parent().rect())
            self.raise_()
        return False


class ScreenLock(QObject):
    """Covers the program's windows and shows the lock dialog until someone signs in."""

    engaged = Signal()
    released = Signal()

    def __init__(self, window: QMainWindow, ctx: AppContext):
        super().__init__(window)
        self.window, self.ctx = window, ctx
        self.watcher = IdleWatcher(lambda: accounts.idle_lock_minutes(ctx.db), self)
        self.watcher.idle.connect(self.lock)
        self.dialog: LockDialog | None = None
        self._curtains: list[Curtain] = []
        self._actor_before: Actor | None = None

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def start(self) -> None:
        """Watch for idleness while someone is signed in (not in set-up mode)."""
        if self.is_locked:
            return
        actor = self.ctx.actor
        if actor is not None and actor.username:
            self.watcher.resume()
        else:
            self.watcher.pause()

    def lock(self) -> None:
        """Lock now, keeping the user signed in and every open form as it is."""
        if not self.window.isVisible():  # closed (a minimised window still counts as visible)
            return
        actor = self.ctx.actor
        if self.is_locked or actor is None or not actor.username:
            return
        self._engage(actor)

    def sign_out(self) -> None:
        """Sign the user out and wait for anyone to sign in (or quit)."""
        if self.is_locked:
            return
        actor = self.ctx.actor
        accounts.sign_out(self.ctx.db)
        self._engage(None, before=actor)

    def _engage(self, locked: Actor | None, before: Actor | None = None) -> None:
        self._actor_before = before or locked
        for _attempt in range(10):  # an open menu or combo list, perhaps a submenu of a menu
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()
        others = [w for w in self._open_windows() if w is not self.window]
        self._curtains = [Curtain(w) for w in [self.window, *others]]
        self.window.centralWidget().hide()
        self.watcher.pause()
        self.dialog = LockDialog(self.window, self.ctx, locked, forms_open=bool(others))
        self.dialog.accepted.connect(self._release)
        self.dialog.rejected.connect(self.window.close)
        self.dialog.show()
        self.engaged.emit()

    def _open_windows(self) -> list[QWidget]:
        return [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget.isVisible()
            and widget.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
            and not isinstance(widget, Curtain)
        ]

    def _release(self) -> None:
        for curtain in self._curtains:
            curtain.parent().removeEventFilter(curtain)
            curtain.deleteLater()
        self._curtains = []
        self.window.centralWidget().show()
        self.dialog.deleteLater()
        self.dialog = None
        self.watcher.resume()
        if self.ctx.actor != self._actor_before:
            self.ctx.notify_actor_changed()
        self.released.emit()
