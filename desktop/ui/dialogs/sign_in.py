"""Signing in: at start-up, on the lock screen and after "Đăng xuất"; the start-up step.

A refused attempt (wrong password, a wait after several, a disabled account) is said inside the
dialog, which stays open. An account whose password an administrator reset goes on to the
change-password dialog at once; giving that up signs the account out again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

# Qt's enums are reached through QtCore.Qt when used: loading them takes ~15 ms, which the
# first screen does not wait for (docs/performance.md).
from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop import APP_NAME
from desktop.core import accounts, office, session
from desktop.core.i18n import _
from desktop.core.session import Actor, Role
from desktop.ui import tones
from desktop.ui.context import AppContext
from desktop.ui.dialogs import dialog_buttons
from desktop.ui.dialogs.change_password import (
    ChangePasswordDialog,
    keyboard_may_be_on,
    keyboard_reminder,
    password_edit,
)
from desktop.ui.errors import guarded, show_known_error
from desktop.ui.screen import fits_screen

if TYPE_CHECKING:
    import sqlite_utils

    from desktop.core.storage.first_look import FirstLook

# Checks a password and signs the person in (an audit entry either way): `accounts.authenticate`
# or the opening sequence's `Opening.sign_in`.
Authenticate = Callable[["sqlite_utils.Database", str, str], Actor]


def sign_in_at_start(
    ctx: AppContext,
    look: FirstLook | None = None,
    *,
    sound: Callable[[], bool] | None = None,
    authenticate: Authenticate | None = None,
) -> bool:
    """Before the window opens: make the administrator if there is no account, else sign in.

    With `look` (read before the database was opened for work), the screen is drawn from it;
    `ctx` opens the database when the dialog first needs it. False if the user quit instead
    (the program then ends without opening its window), or if `sound` (the start-up check's
    verdict, waited for before the first write: a sign-in, even a failed one, is an audit
    entry) found the file damaged; the caller then offers a backup. `authenticate` is the
    opening sequence's sign-in step (`Opening.sign_in`), which refuses to run before a sound
    verdict.
    """
    if not (look.has_accounts if look is not None else session.has_accounts(ctx.db)):
        from desktop.ui.dialogs.first_admin import FirstAdminDialog

        return FirstAdminDialog.ask(None, ctx, sound)
    place = look.unit.place if look is not None else None
    return SignInDialog.ask(None, ctx, place=place, sound=sound, authenticate=authenticate)


def finish_sign_in(parent, ctx: AppContext) -> bool:
    """After a good password: a temporary one must be replaced before going on.

    False (and signed out again) if the user would not change it.
    """
    actor = ctx.actor
    if actor is None or not accounts.get(ctx.db, actor.username).must_change_password:
        return True
    if ChangePasswordDialog.ask(parent, ctx, forced=True):
        return True
    accounts.sign_out(ctx.db)
    return False


class SignInDialog(QDialog):
    """User name and password; the core's refusal shown in red, the dialog kept open."""

    def __init__(
        self,
        parent,
        ctx: AppContext,
        username: str = "",
        place: str | None = None,
        sound: Callable[[], bool] | None = None,
        authenticate: Authenticate | None = None,
    ):
        super().__init__(parent)
        fits_screen(self)  # inside 1024×768 at 125 % too
        self.ctx = ctx
        self.sound = sound  # the start-up verdict: nothing is written before it (an attempt is)
        self.authenticate = authenticate or accounts.authenticate
        self.setWindowTitle(_("{app} — đăng nhập").format(app=APP_NAME))
        self.setMinimumWidth(440)
        if place is None and office.is_set_up(ctx.db):
            place = office.self_unit(ctx.db).place
        self.title = title = QLabel(_("Đăng nhập"))
        title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.username = QLineEdit(username, objectName="username")
        self.username.setMaxLength(64)
        self.password = password_edit("password")
        self.message = QLabel(objectName="sign_in_error")
        self.message.setStyleSheet(tones.error_style())
        self.message.setWordWrap(True)
        self.message.hide()
        form = QFormLayout()
        form.addRow(_("Tên đăng nhập:"), self.username)
        form.addRow(_("Mật khẩu:"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        if place is not None:
            office_line = QLabel(place)
            office_line.setStyleSheet(tones.muted_style())
            layout.addWidget(office_line)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(keyboard_reminder())
        layout.addWidget(self.message)
        layout.addWidget(dialog_buttons(self, _("Đăng nhập"), _("Thoát")))
        (self.password if username else self.username).setFocus()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def accept(self) -> None:
        """Try the password; Enter on an empty field moves on instead of wasting an attempt."""
        if not self.username.text().strip():
            self.username.setFocus()
            return
        if not self.password.text():
            self.password.setFocus()
            return
        if self.sound is not None and not self.sound():  # damaged: the caller offers a backup
            self.password.clear()
            super().reject()
            return
        try:
            actor = self.authenticate(self.ctx.db, self.username.text(), self.password.text())
        except accounts.LoginRefused as refused:
            message = str(refused)
            if keyboard_may_be_on(self.password.text()):
                message += "\n" + _(
                    "Mật khẩu vừa gõ có chữ có dấu: có thể bộ gõ tiếng Việt đang bật. Hãy tắt "
                    "bộ gõ rồi gõ lại."
                )
            self.show_message(message)
            self.password.setFocus()
            return
        except Exception as error:  # a full disk or a locked file, while auditing the attempt
            if not show_known_error(self, error):
                raise
            return
        finally:
            self.password.clear()
        if not self._may_use(actor):
            return
        if not finish_sign_in(self, self.ctx):
            self.show_message(_("Cần đặt mật khẩu mới trước khi dùng chương trình."))
            return
        self.show_message("")
        super().accept()

    def _may_use(self, actor: Actor) -> bool:
        """Whether the person just signed in may go on from this dialog (anyone, here)."""
        return True

    @classmethod
    def ask(
        cls,
        parent,
        ctx: AppContext,
        username: str = "",
        place: str | None = None,
        sound: Callable[[], bool] | None = None,
        authenticate: Authenticate | None = None,
    ) -> bool:
        """True once someone has signed in; False if the user chose to quit (or the file is
        damaged: see `sign_in_at_start`)."""
        dialog = cls(parent, ctx, username, place, sound, authenticate)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()


class LockDialog(SignInDialog):
    """The password of the locked user (or an administrator's); anyone's once signed out.

    Never closes without someone signed in: Escape and the close button do nothing while
    locked. After "Đăng xuất" (no `locked` user) its "Thoát" button ends the program.
    """

    switched = Signal()  # the locked user was signed out so that someone else may sign in

    def __init__(self, parent, ctx: AppContext, locked: Actor | None, forms_open: bool):
        super().__init__(parent, ctx, locked.username if locked else "")
        self.locked = locked
        self.setWindowModality(QtCore.Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(QtCore.Qt.WindowType.WindowCloseButtonHint, False)
        self.notice = QLabel(objectName="lock_notice")
        self.notice.setWordWrap(True)
        self.layout().insertWidget(1, self.notice)
        box = self.findChild(QDialogButtonBox)
        self.switch_button = QPushButton(_("Đăng nhập người khác"), objectName="switch_user")
        self.switch_button.setAutoDefault(False)  # Enter in the password field unlocks
        box.addButton(self.switch_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.switch_button.clicked.connect(self.switch_user)
        if forms_open:
            self.switch_button.setEnabled(False)
            self.switch_button.setToolTip(
                _("Đang có cửa sổ nhập liệu mở dở; chỉ người đang dùng hoặc quản trị viên mở khóa.")
            )
        self._show_mode()

    def _show_mode(self) -> None:
        ok = self.findChild(QPushButton, "ok")
        cancel = self.findChild(QPushButton, "cancel")
        if self.locked is None:
            self.setWindowTitle(_("{app} — đăng nhập").format(app=APP_NAME))
            self.title.setText(_("Đăng nhập"))
            self.notice.setText(_("Đã đăng xuất. Mời đăng nhập bằng tài khoản của mình."))
            ok.setText(_("Đăng nhập"))
        else:
            self.setWindowTitle(_("{app} — màn hình đã khóa").format(app=APP_NAME))
            self.title.setText(_("Màn hình đã khóa"))
            self.notice.setText(
                _(
                    "{name} ({user}) nhập mật khẩu để dùng tiếp; quản trị viên cũng có thể mở "
                    "khóa bằng tài khoản của mình."
                ).format(name=self.locked.display_name, user=self.locked.username)
            )
            ok.setText(_("Mở khóa"))
        ok.setDefault(True)
        cancel.setVisible(self.locked is None)
        self.switch_button.setVisible(self.locked is not None)

    @guarded
    def switch_user(self) -> None:
        """Sign the locked user out; anyone may then sign in here."""
        accounts.sign_out(self.ctx.db)
        self.locked = None
        self.username.clear()
        self.password.clear()
        self.show_message("")
        self._show_mode()
        self.username.setFocus()
        self.switched.emit()

    def _may_use(self, actor: Actor) -> bool:
        """The locked user or an administrator. Asked only after the password was right, so the
        answer tells nobody which names exist; the locked user stays signed in otherwise."""
        if self.locked is None or actor.username == self.locked.username:
            return True
        if actor.role == Role.ADMIN:
            return True
        session.sign_in(self.ctx.db, self.locked)
        self.show_message(
            _("Chỉ {user} hoặc một quản trị viên mở khóa được màn hình này.").format(
                user=self.locked.username
            )
        )
        return False

    def reject(self) -> None:
        if self.locked is None:
            super().reject()
