"""The administrator's account, made before the window first opens over a database without one.

Shown after the first-run wizard, and at the next start of a database written before accounts
existed. Until it exists the database is in set-up mode, where everything is allowed; once it
does, everyone signs in with an account of their own, which this administrator creates.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout

from desktop import APP_NAME
from desktop.core import accounts
from desktop.core.i18n import _
from desktop.ui.dialogs import RecordForm, dialog_buttons
from desktop.ui.dialogs.change_password import (
    check_repeated,
    hint,
    keyboard_reminder,
    password_edit,
    password_rules,
)


def username_edit() -> QLineEdit:
    edit = QLineEdit(objectName="username")
    edit.setMaxLength(32)
    edit.setPlaceholderText(_("Ví dụ: hung.tran"))
    return edit


def username_rules() -> str:
    return _(
        "Tên đăng nhập: 3–32 ký tự gồm chữ không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới."
    )


class FirstAdminDialog(RecordForm):
    """User name, full name and password (twice) of the office's first administrator."""

    def __init__(self, parent, ctx, sound: Callable[[], bool] | None = None):
        super().__init__(parent, ctx)
        self.sound = sound  # the start-up verdict, waited for before the account is written
        self.setWindowTitle(_("Tạo tài khoản quản trị"))
        self.setMinimumWidth(560)
        title = QLabel(_("Tạo tài khoản quản trị"))
        title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        intro = QLabel(
            _(
                "Mỗi người dùng {app} trên máy này có một tài khoản riêng, để nhật ký ghi rõ ai "
                "đã làm gì. Tài khoản đầu tiên là của quản trị viên: người này tạo tài khoản "
                "cho những người khác (cán bộ nhập liệu, người xem), đặt lại mật khẩu khi có "
                "người quên và giữ các khóa của đơn vị."
            ).format(app=APP_NAME)
        )
        intro.setWordWrap(True)
        self.username = username_edit()
        self.display_name = QLineEdit(objectName="display_name")
        self.display_name.setMaxLength(100)
        self.display_name.setPlaceholderText(_("Ví dụ: Trần Văn Hùng"))
        self.password = password_edit("password")
        self.repeat_password = password_edit("repeat_password")
        form = QFormLayout()
        form.addRow(_("Tên đăng nhập:"), self.errors.wrap("username", self.username))
        form.addRow(_("Họ và tên:"), self.errors.wrap("display_name", self.display_name))
        form.addRow(_("Mật khẩu:"), self.errors.wrap("password", self.password))
        form.addRow(_("Nhập lại mật khẩu:"), self.errors.wrap("password2", self.repeat_password))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(hint(username_rules() + "\n" + password_rules()))
        layout.addWidget(keyboard_reminder())
        layout.addWidget(self.general_error)
        layout.addWidget(dialog_buttons(self, _("Tạo tài khoản"), _("Thoát")))

    def save(self) -> str | None:
        check_repeated(self.password.text(), self.repeat_password.text())
        actor = accounts.create_first_admin(
            self.ctx.db, self.username.text(), self.display_name.text(), self.password.text()
        )
        return actor.username

    def accept(self) -> None:
        if self.sound is not None and not self.sound():  # damaged: the caller offers a backup
            self.reject()
            return
        super().accept()

    @classmethod
    def ask(cls, parent, ctx, sound: Callable[[], bool] | None = None) -> bool:
        """True once the administrator exists and is signed in; False if the user quit (or the
        start-up check found the file damaged)."""
        return cls(parent, ctx, sound).run() is not None
