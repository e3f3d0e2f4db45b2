"""The account entries of the main window: change password, lock, sign out, who is signed in.

The main window adds them to its "Tệp" menu; they are greyed out in set-up mode (a database
with no account yet), where nobody is signed in and there is nothing to lock.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu

from desktop.core.i18n import _
from desktop.core.session import ROLE_NAMES
from desktop.ui.context import AppContext
from desktop.ui.errors import guarded
from desktop.ui.idle_lock import ScreenLock


class AccountMenu(QObject):
    """Adds the account actions to `menu` and keeps the status bar's "who" label current."""

    def __init__(self, window: QMainWindow, ctx: AppContext, menu: QMenu):
        super().__init__(window)
        self.window, self.ctx = window, ctx
        self.screen_lock = ScreenLock(window, ctx)
        self.change_password_action = QAction(_("Đổi mật khẩu…"), window)
        self.change_password_action.setObjectName("change_password")
        self.change_password_action.triggered.connect(self.change_password)
        self.lock_action = QAction(_("Khóa màn hình"), window, shortcut=QKeySequence("Ctrl+L"))
        self.lock_action.setObjectName("lock_screen")
        self.lock_action.triggered.connect(self.lock)
        self.sign_out_action = QAction(_("Đăng xuất"), window)
        self.sign_out_action.setObjectName("sign_out")
        self.sign_out_action.triggered.connect(self.sign_out)
        for action in (self.change_password_action, self.lock_action, self.sign_out_action):
            menu.addAction(action)
        menu.addSeparator()
        self.who = QLabel(objectName="signed_in_user")
        window.statusBar().addPermanentWidget(self.who)
        ctx.actor_changed.connect(self.refresh)
        ctx.data_changed.connect(self.screen_lock.watcher.restart)  # the idle minutes may change
        self.refresh()

    def refresh(self) -> None:
        actor = self.ctx.actor
        signed_in = actor is not None and bool(actor.username)
        for action in (self.change_password_action, self.lock_action, self.sign_out_action):
            action.setEnabled(signed_in)
        self.who.setText(
            _("Người dùng: {name} ({role})").format(
                name=actor.display_name, role=_(ROLE_NAMES[actor.role])
            )
            if signed_in
            else ""
        )
        self.screen_lock.start()

    def lock(self) -> None:
        self.screen_lock.lock()

    @guarded
    def sign_out(self) -> None:
        """Signing out writes to the audit trail, which a full disk may refuse."""
        self.screen_lock.sign_out()

    @guarded
    def change_password(self) -> None:
        from desktop.ui.dialogs.change_password import ChangePasswordDialog

        if ChangePasswordDialog.ask(self.window, self.ctx):
            self.window.statusBar().showMessage(_("Đã đổi mật khẩu."), 5000)
