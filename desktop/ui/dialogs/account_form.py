"""The administrator's account dialogs: add or edit an account, set a temporary password.

A temporary password is shown in clear so the administrator can hand it to the person, who must
replace it with their own when they next sign in.
"""

from __future__ import annotations

import secrets

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import accounts, session
from desktop.core.i18n import _
from desktop.core.session import ROLE_NAMES, Role
from desktop.ui.context import AppContext
from desktop.ui.dialogs import RecordForm, dialog_buttons
from desktop.ui.dialogs.change_password import (
    check_repeated,
    hint,
    keyboard_reminder,
    password_edit,
    password_rules,
)
from desktop.ui.dialogs.first_admin import username_edit, username_rules
from desktop.ui.widgets import select_data

# Consonants only, so that Unikey or EVKey left on cannot change what the officer types: no
# vowels (Telex and VNI put marks on them), none of Telex's keys (d f j r s w x z), no digits
# (VNI's 1–9 and 0), and no "l" to mistake for "I" when copied by hand.
_TEMPORARY_ALPHABET = "bcghkmnpqtv"


def temporary_password() -> str:
    """Four groups of four letters, e.g. "kbtm-hnqc-vpgk-tmbh" (about 53 bits).

    No letter repeats the one before it: with "quick consonants" on, Unikey turns cc, kk, nn…
    into ch, kh, ng.
    """
    letters: list[str] = []
    while len(letters) < 16:
        letter = secrets.choice(_TEMPORARY_ALPHABET)
        if not letters or letter != letters[-1]:
            letters.append(letter)
    return "-".join("".join(letters[start : start + 4]) for start in range(0, 16, 4))


def role_combo() -> QComboBox:
    combo = QComboBox(objectName="role")
    for role in Role:
        combo.addItem(_(ROLE_NAMES[role]), role)
    select_data(combo, Role.OFFICER)
    return combo


def role_rights() -> str:
    return _(
        "• Quản trị viên: mọi việc, kể cả tài khoản, danh mục, khóa và khôi phục dữ liệu.\n"
        "• Cán bộ nhập liệu: ghi sự kiện, người tham gia, kết quả; nhập, xuất dữ liệu; sao lưu.\n"
        "• Người xem: chỉ xem và in báo cáo."
    )


class AccountFormDialog(RecordForm):
    """A new account (name, full name, role, password twice), or an account's name, role, state."""

    def __init__(self, parent, ctx: AppContext, username: str | None = None):
        super().__init__(parent, ctx, username)
        self.first = username is None and not session.has_accounts(ctx.db)
        self.setWindowTitle(_("Thêm tài khoản") if username is None else _("Sửa tài khoản"))
        self.setMinimumWidth(520)
        self.display_name = QLineEdit(objectName="display_name")
        self.display_name.setMaxLength(100)
        self.role = role_combo()
        form = QFormLayout()
        layout = QVBoxLayout(self)
        if username is None:
            self._build_new(form)
        else:
            self._build_edit(form, accounts.get(ctx.db, username))
        layout.addLayout(form)
        layout.addWidget(hint(role_rights()))
        if username is None:
            layout.addWidget(hint(username_rules() + "\n" + password_rules()))
            layout.addWidget(keyboard_reminder())
        layout.addWidget(self.general_error)
        ok = _("Tạo tài khoản") if username is None else _("Lưu")
        layout.addWidget(dialog_buttons(self, ok))

    def _build_new(self, form: QFormLayout) -> None:
        self.username = username_edit()
        self.display_name.setPlaceholderText(_("Ví dụ: Lê Thị Mai"))
        self.password = password_edit("password")
        self.repeat_password = password_edit("repeat_password")
        if self.first:  # set-up mode: the first account is the administrator, signed in at once
            select_data(self.role, Role.ADMIN)
            self.role.setEnabled(False)
        form.addRow(_("Tên đăng nhập:"), self.errors.wrap("username", self.username))
        form.addRow(_("Họ và tên:"), self.errors.wrap("display_name", self.display_name))
        form.addRow(_("Vai trò:"), self.errors.wrap("role", self.role))
        form.addRow(_("Mật khẩu:"), self.errors.wrap("password", self.password))
        form.addRow(_("Nhập lại mật khẩu:"), self.errors.wrap("password2", self.repeat_password))

    def _build_edit(self, form: QFormLayout, account: accounts.Account) -> None:
        self.display_name.setText(account.display_name)
        select_data(self.role, account.role)
        self.active = QCheckBox(_("Được đăng nhập"), objectName="active")
        self.active.setChecked(account.active)
        self.active.setToolTip(
            _("Bỏ chọn khi người này thôi dùng chương trình; nhật ký vẫn giữ tên tài khoản.")
        )
        form.addRow(_("Tên đăng nhập:"), QLabel(account.username))
        form.addRow(_("Họ và tên:"), self.errors.wrap("display_name", self.display_name))
        form.addRow(_("Vai trò:"), self.errors.wrap("role", self.role))
        form.addRow("", self.active)

    def save(self) -> str | None:
        db = self.ctx.db
        if self.uid is not None:
            accounts.update_account(
                db,
                self.uid,
                self.display_name.text(),
                self.role.currentData(),
                self.active.isChecked(),
            )
            self._refresh_own_session()
            return self.uid
        check_repeated(self.password.text(), self.repeat_password.text())
        if self.first:
            actor = accounts.create_first_admin(
                db, self.username.text(), self.display_name.text(), self.password.text()
            )
            self.ctx.notify_actor_changed()
            return actor.username
        account = accounts.create_account(
            db,
            self.username.text(),
            self.display_name.text(),
            self.role.currentData(),
            self.password.text(),
        )
        return account.username

    def _refresh_own_session(self) -> None:
        """An administrator who edited their own account goes on under the new name and role
        (`accounts.update_account` has re-read it): the window shows what that role allows."""
        actor = self.ctx.actor
        if actor is not None and actor.username == self.uid:
            self.ctx.notify_actor_changed()

    @classmethod
    def ask(cls, parent, ctx: AppContext, username: str | None = None) -> str | None:
        """The user name saved, or None if the administrator cancelled."""
        return cls(parent, ctx, username).run()


class ResetPasswordDialog(RecordForm):
    """A temporary password for someone who forgot theirs; they must change it at sign-in."""

    def __init__(self, parent, ctx: AppContext, username: str):
        super().__init__(parent, ctx, username)
        account = accounts.get(ctx.db, username)
        self.setWindowTitle(_("Đặt lại mật khẩu"))
        self.setMinimumWidth(500)
        self.password = QLineEdit(temporary_password(), objectName="password")
        self.password.setMaxLength(accounts.MAX_PASSWORD_LENGTH)
        generate = QPushButton(_("Tạo mật khẩu khác"), objectName="generate")
        generate.clicked.connect(lambda: self.password.setText(temporary_password()))
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.password, 1)
        line.addWidget(generate)
        form = QFormLayout()
        form.addRow(_("Tài khoản:"), QLabel(f"{account.display_name} ({account.username})"))
        form.addRow(_("Mật khẩu tạm:"), self.errors.wrap("password", row))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            hint(
                _(
                    "Hãy báo mật khẩu tạm trực tiếp cho người dùng tài khoản. Ở lần đăng nhập "
                    "tới, chương trình buộc họ đặt mật khẩu của riêng mình. Việc đặt lại cũng "
                    "xóa thời gian phải chờ sau các lần nhập sai."
                )
            )
        )
        layout.addWidget(self.general_error)
        layout.addWidget(dialog_buttons(self, _("Đặt lại mật khẩu")))

    def save(self) -> str | None:
        accounts.reset_password(self.ctx.db, self.uid, self.password.text())
        return self.uid

    @classmethod
    def ask(cls, parent, ctx: AppContext, username: str) -> bool:
        return cls(parent, ctx, username).run() is not None
