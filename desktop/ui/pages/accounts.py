"""The "Tài khoản" section (administrators only): who may sign in, with which role.

One account per person. The administrator adds accounts, edits a name, role or whether the
account may still sign in, sets a temporary password for someone who forgot theirs, lifts the
wait after wrong passwords, and sets after how many idle minutes the window locks itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from desktop.core import account_list, accounts
from desktop.core.account_list import AccountRow
from desktop.core.i18n import _, ngettext
from desktop.core.session import ROLE_NAMES
from desktop.ui import tones
from desktop.ui.context import AppContext
from desktop.ui.errors import guarded
from desktop.ui.export import ask_and_export
from desktop.ui.models.paged import Column, PagedTableModel
from desktop.ui.pages.base import Page
from desktop.ui.widgets import RecordTable, title_label


def account_columns() -> list[Column]:
    return [
        Column("username", _("Tên đăng nhập")),
        Column("display_name", _("Họ và tên")),
        Column("role", _("Vai trò"), display=lambda row: _(ROLE_NAMES[row.role])),
        Column(
            "active",
            _("Trạng thái"),
            display=lambda row: _("Đang dùng") if row.active else _("Ngừng dùng"),
        ),
        Column("failed_count", _("Lần nhập sai"), kind="int"),
        Column(
            "wait_seconds",
            _("Phải chờ"),
            display=lambda row: (
                _("{seconds} giây").format(seconds=row.wait_seconds) if row.wait_seconds else ""
            ),
        ),
        Column(
            "must_change_password",
            _("Mật khẩu"),
            display=lambda row: _("Tạm, phải đổi") if row.must_change_password else "",
        ),
        Column("created_on", _("Ngày tạo"), kind="date"),
    ]


class AccountsPage(Page):
    """The accounts table, its actions, and the idle-lock setting."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        db = ctx.db
        self.model = PagedTableModel(
            account_columns(),
            lambda: account_list.count_accounts(db),
            lambda sort, descending, offset, limit: account_list.list_accounts(
                db, sort, descending, offset, limit
            ),
            sort="display_name",
            parent=self,
        )
        self.table = RecordTable()
        self.table.setObjectName("accounts_table")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.count_label = QLabel(objectName="accounts_count")
        self.idle_minutes = QSpinBox(objectName="idle_minutes")
        self.idle_minutes.setRange(0, 240)
        self.idle_minutes.setSuffix(_(" phút"))
        self.idle_minutes.setSpecialValueText(_("Không tự khóa"))
        self._build_layout()
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text, objectName=name)
        button.clicked.connect(slot)
        return button

    def _build_layout(self) -> None:
        title = title_label(_("Tài khoản người dùng"))
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.count_label)
        intro = QLabel(
            _(
                "Mỗi người dùng máy có một tài khoản riêng; không dùng chung tài khoản. Người "
                "quên mật khẩu được đặt mật khẩu tạm và phải đổi ở lần đăng nhập tới."
            )
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(tones.muted_style())
        self.add_button = self._button(_("Thêm tài khoản…"), "add_account", self.add_account)
        self.edit_button = self._button(_("Sửa…"), "edit_account", self.edit_selected)
        self.reset_button = self._button(
            _("Đặt lại mật khẩu…"), "reset_password", self.reset_selected
        )
        self.unlock_button = self._button(_("Mở khóa"), "unlock_account", self.unlock_selected)
        self.unlock_button.setToolTip(_("Cho đăng nhập lại ngay, không phải chờ sau các lần sai."))
        self.export_button = self._button(_("Xuất Excel…"), "export", self.export)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.reset_button, self.unlock_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        self.save_idle_button = self._button(_("Lưu"), "save_idle", self.save_idle_minutes)
        idle = QHBoxLayout()
        idle.addWidget(QLabel(_("Tự khóa màn hình khi không dùng sau:")))
        idle.addWidget(self.idle_minutes)
        idle.addWidget(self.save_idle_button)
        idle.addWidget(QLabel(_("(0 là không tự khóa)")))
        idle.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addSpacing(8)
        layout.addLayout(idle)

    # --- data ------------------------------------------------------------------------------
    def reload(self) -> None:
        self.model.refresh()
        total = self.model.total
        self.count_label.setText(
            ngettext("{count} tài khoản", "{count} tài khoản", total).format(count=total)
        )
        self.idle_minutes.setValue(accounts.idle_lock_minutes(self.ctx.db))

    def selected(self) -> AccountRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self, *_args) -> None:
        row = self.selected()
        for button in (self.edit_button, self.reset_button):
            button.setEnabled(row is not None)
        self.unlock_button.setEnabled(row is not None and row.failed_count > 0)

    # --- actions ---------------------------------------------------------------------------
    @guarded
    def add_account(self) -> None:
        from desktop.ui.dialogs.account_form import AccountFormDialog

        self.table.select_uid(AccountFormDialog.ask(self, self.ctx))

    @guarded
    def edit_selected(self) -> None:
        from desktop.ui.dialogs.account_form import AccountFormDialog

        row = self.selected()
        if row is not None:
            self.table.select_uid(AccountFormDialog.ask(self, self.ctx, row.username))

    @guarded
    def reset_selected(self) -> None:
        from desktop.ui.dialogs.account_form import ResetPasswordDialog

        row = self.selected()
        if row is not None and ResetPasswordDialog.ask(self, self.ctx, row.username):
            self.table.select_uid(row.username)

    @guarded
    def unlock_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        accounts.unlock(self.ctx.db, row.username)
        self.ctx.notify_changed()
        self.table.select_uid(row.username)

    @guarded
    def save_idle_minutes(self) -> None:
        accounts.set_idle_lock_minutes(self.ctx.db, self.idle_minutes.value())
        self.ctx.notify_changed()

    def export(self) -> None:
        ask_and_export(self, self.model, _("Tài khoản"), "tai-khoan")
