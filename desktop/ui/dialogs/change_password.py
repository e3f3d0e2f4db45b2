"""Changing one's own password, and the password fields every account dialog shares.

A password reset by an administrator is temporary: the user is taken here right after signing
in and cannot go on to the window until they have chosen their own.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout

from desktop.core import accounts
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.ui import tones
from desktop.ui.dialogs import RecordForm, dialog_buttons


def password_edit(name: str) -> QLineEdit:
    """A line edit that shows dots, named for tests."""
    edit = QLineEdit(objectName=name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(accounts.MAX_PASSWORD_LENGTH)
    return edit


def password_rules() -> str:
    return _(
        "Mật khẩu có ít nhất {n} ký tự và không trùng tên đăng nhập. Nên dùng một câu ngắn dễ "
        "nhớ với mình nhưng khó đoán với người khác; không dùng chung mật khẩu với ai."
    ).format(n=accounts.MIN_PASSWORD_LENGTH)


def keyboard_reminder() -> QLabel:
    """Unikey and EVKey rewrite keys even in a password box, where the dots hide the change."""
    label = hint(
        _(
            "Khi gõ mật khẩu, hãy tắt bộ gõ tiếng Việt (Unikey, EVKey: chuyển sang chữ E). Bộ gõ "
            "vẫn đổi chữ trong ô mật khẩu mà không hiện ra, nên mật khẩu sẽ bị sai."
        )
    )
    label.setObjectName("keyboard_reminder")
    return label


def keyboard_may_be_on(password: str) -> bool:
    """A typed password with letters outside ASCII: often Telex or VNI at work ("đ", "ơ")."""
    return not password.isascii()


def hint(text: str) -> QLabel:
    """A grey explanatory paragraph."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(tones.muted_style())
    return label


def check_repeated(password: str, repeated: str) -> None:
    """The second typing must match the first: a typo would lock the user out of the account."""
    if password != repeated:
        raise ValidationError({"password2": _("Hai lần nhập mật khẩu mới không giống nhau.")})


class ChangePasswordDialog(RecordForm):
    """The signed-in user's current password, then the new one twice."""

    def __init__(self, parent, ctx, forced: bool = False):
        super().__init__(parent, ctx)
        self.forced = forced
        actor = ctx.actor
        self.setWindowTitle(_("Đổi mật khẩu"))
        self.setMinimumWidth(480)
        self.old_password = password_edit("old_password")
        self.new_password = password_edit("new_password")
        self.repeat_password = password_edit("repeat_password")
        form = QFormLayout()
        form.addRow(_("Tài khoản:"), QLabel(f"{actor.display_name} ({actor.username})"))
        current = _("Mật khẩu tạm:") if forced else _("Mật khẩu hiện tại:")
        form.addRow(current, self.errors.wrap("old_password", self.old_password))
        form.addRow(_("Mật khẩu mới:"), self.errors.wrap("password", self.new_password))
        form.addRow(
            _("Nhập lại mật khẩu mới:"), self.errors.wrap("password2", self.repeat_password)
        )
        layout = QVBoxLayout(self)
        if forced:
            notice = QLabel(
                _(
                    "Mật khẩu của tài khoản này do quản trị viên đặt tạm. Hãy đặt mật khẩu của "
                    "riêng mình trước khi dùng chương trình."
                )
            )
            notice.setWordWrap(True)
            notice.setStyleSheet("font-weight: 600;")
            layout.addWidget(notice)
        layout.addLayout(form)
        layout.addWidget(hint(password_rules()))
        layout.addWidget(keyboard_reminder())
        layout.addWidget(self.general_error)
        cancel = _("Đăng xuất") if forced else ""
        layout.addWidget(dialog_buttons(self, _("Đổi mật khẩu"), cancel))

    def save(self) -> str | None:
        check_repeated(self.new_password.text(), self.repeat_password.text())
        accounts.change_password(self.ctx.db, self.old_password.text(), self.new_password.text())
        return self.ctx.actor.username

    @classmethod
    def ask(cls, parent, ctx, forced: bool = False) -> bool:
        """True once the password is changed; False if the user gave up."""
        return cls(parent, ctx, forced).run() is not None
