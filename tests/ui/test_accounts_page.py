"""The "Tài khoản" page: an administrator adds accounts, resets passwords and lifts waits."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from desktop.core import account_list, accounts, session
from desktop.core.session import Role
from desktop.ui.dialogs.account_form import (
    AccountFormDialog,
    ResetPasswordDialog,
    temporary_password,
)
from desktop.ui.export import export_model
from desktop.ui.pages.accounts import AccountsPage
from desktop.ui.widgets import select_data

PASSWORD = "mat-khau-dai"


@pytest.fixture
def page(qtbot, ctx) -> AccountsPage:
    """The page with the administrator signed in; an officer (mai) exists too."""
    accounts.create_first_admin(ctx.db, "admin", "Trần Văn Hùng", PASSWORD)
    accounts.create_account(ctx.db, "mai", "Lê Thị Mai", Role.OFFICER, PASSWORD)
    page = AccountsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitExposed(page)
    return page


def _cells(page: AccountsPage) -> list[list[str]]:
    model = page.model
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def _row_of(page: AccountsPage, username: str) -> list[str]:
    return next(cells for cells in _cells(page) if cells[0] == username)


def _select(qtbot, page: AccountsPage, username: str) -> None:
    row = next(r for r, cells in enumerate(_cells(page)) if cells[0] == username)
    rect = page.table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected().username == username


def test_the_page_lists_each_account_with_its_role_and_state(page):
    assert page.count_label.text() == "2 tài khoản"
    assert [column.title for column in page.model.columns] == [
        "Tên đăng nhập",
        "Họ và tên",
        "Vai trò",
        "Trạng thái",
        "Lần nhập sai",
        "Phải chờ",
        "Mật khẩu",
        "Ngày tạo",
    ]
    admin = _row_of(page, "admin")
    assert admin[1:5] == ["Trần Văn Hùng", "Quản trị viên", "Đang dùng", "0"]
    assert admin[7].count("/") == 2  # dd/mm/yyyy
    assert _row_of(page, "mai")[2] == "Cán bộ nhập liệu"
    assert not page.edit_button.isEnabled() and not page.unlock_button.isEnabled()


def test_the_page_is_only_for_administrators():
    assert AccountsPage.required_permission() == session.Permission.MANAGE_ACCOUNTS


def test_add_an_account_through_the_dialog(qtbot, modal, page):
    def fill(dialog) -> None:
        assert isinstance(dialog, AccountFormDialog)
        dialog.findChild(QLineEdit, "username").setText("Tu Anh")
        dialog.findChild(QLineEdit, "display_name").setText("Võ Tú Anh")
        select_data(dialog.findChild(QComboBox, "role"), Role.VIEWER)
        dialog.findChild(QLineEdit, "password").setText(PASSWORD)
        dialog.findChild(QLineEdit, "repeat_password").setText(PASSWORD)
        dialog.accept()
        assert "chữ không dấu" in dialog.errors.messages()["username"]
        assert dialog.isVisible()
        dialog.findChild(QLineEdit, "username").setText("tu.anh")
        dialog.accept()

    modal.run(lambda: qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton), fill)
    assert page.count_label.text() == "3 tài khoản"
    assert _row_of(page, "tu.anh")[1:4] == ["Võ Tú Anh", "Người xem", "Đang dùng"]
    assert page.selected().username == "tu.anh"
    assert accounts.authenticate(page.ctx.db, "tu.anh", PASSWORD).role == Role.VIEWER


def test_reset_a_password_to_a_temporary_one(qtbot, modal, page):
    _select(qtbot, page, "mai")
    shown: list[str] = []

    def reset(dialog) -> None:
        assert isinstance(dialog, ResetPasswordDialog)
        shown.append(dialog.password.text())
        dialog.accept()

    modal.run(lambda: qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton), reset)
    assert _row_of(page, "mai")[6] == "Tạm, phải đổi"
    accounts.authenticate(page.ctx.db, "mai", shown[0])
    assert accounts.get(page.ctx.db, "mai").must_change_password


def test_a_temporary_password_is_easy_to_read_out():
    password = temporary_password()
    assert len(password) == 19 and password.count("-") == 3
    assert not set(password) & set("01lio")
    assert temporary_password() != password


def test_lift_the_wait_after_wrong_passwords(qtbot, page):
    db = page.ctx.db
    actor = page.ctx.actor
    for _attempt in range(3):
        with pytest.raises(accounts.LoginRefused):
            accounts.authenticate(db, "mai", "sai-mat-khau")
    session.sign_in(db, actor)  # the administrator is still at the keyboard
    page.ctx.notify_changed()
    mai = _row_of(page, "mai")
    assert mai[4] == "3" and mai[5].endswith("giây")
    _select(qtbot, page, "mai")
    assert page.unlock_button.isEnabled()
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    assert _row_of(page, "mai")[4:6] == ["0", ""]
    assert accounts.authenticate(db, "mai", PASSWORD).username == "mai"


def test_edit_name_role_and_state(qtbot, modal, page):
    _select(qtbot, page, "mai")

    def edit(dialog) -> None:
        dialog.findChild(QLineEdit, "display_name").setText("Lê Thị Mai Anh")
        dialog.findChild(QCheckBox, "active").setChecked(False)
        dialog.accept()

    modal.run(lambda: qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton), edit)
    assert _row_of(page, "mai")[1:4] == ["Lê Thị Mai Anh", "Cán bộ nhập liệu", "Ngừng dùng"]
    session.sign_out(page.ctx.db)
    with pytest.raises(accounts.LoginRefused, match="đã bị khóa"):
        accounts.authenticate(page.ctx.db, "mai", PASSWORD)


def test_the_last_administrator_cannot_be_demoted(qtbot, modal, page):
    _select(qtbot, page, "admin")

    def demote(dialog) -> None:
        select_data(dialog.findChild(QComboBox, "role"), Role.OFFICER)
        dialog.accept()
        assert "ít nhất một quản trị viên" in dialog.errors.messages()["role"]
        dialog.reject()

    modal.run(lambda: qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton), demote)
    assert accounts.get(page.ctx.db, "admin").role == Role.ADMIN


def test_an_administrator_who_demotes_themselves_loses_the_page(qtbot, modal, page):
    accounts.create_account(page.ctx.db, "hai", "Ngô Văn Hai", Role.ADMIN, PASSWORD)
    page.ctx.notify_changed()
    changed: list[bool] = []
    page.ctx.actor_changed.connect(lambda: changed.append(True))
    _select(qtbot, page, "admin")

    def demote(dialog) -> None:
        select_data(dialog.findChild(QComboBox, "role"), Role.OFFICER)
        dialog.accept()

    modal.run(lambda: qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton), demote)
    assert page.ctx.actor.role == Role.OFFICER
    assert changed and not page.ctx.can(session.Permission.MANAGE_ACCOUNTS)


def test_the_idle_lock_minutes(qtbot, page):
    assert page.idle_minutes.value() == accounts.DEFAULT_IDLE_LOCK_MINUTES
    page.idle_minutes.setValue(0)
    assert page.idle_minutes.text() == "Không tự khóa"
    qtbot.mouseClick(page.save_idle_button, Qt.MouseButton.LeftButton)
    assert accounts.idle_lock_minutes(page.ctx.db) == 0
    page.idle_minutes.setValue(15)
    qtbot.mouseClick(page.save_idle_button, Qt.MouseButton.LeftButton)
    assert accounts.idle_lock_minutes(page.ctx.db) == 15


def test_the_list_goes_to_excel(page, tmp_path):
    path = tmp_path / "tai-khoan.xlsx"
    assert export_model(page.model, path, "Tài khoản") == 2
    sheet = openpyxl.load_workbook(path).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["admin", "Trần Văn Hùng", "Quản trị viên", "Đang dùng", 0] in [
        row[:5] for row in values
    ]


def test_sorting_asks_the_core_again(page):
    page.model.sort(2, Qt.SortOrder.DescendingOrder)
    assert [cells[0] for cells in _cells(page)] == ["mai", "admin"]
    rows = account_list.list_accounts(page.ctx.db, "role", False, 0, 10)
    assert [row.uid for row in rows] == ["admin", "mai"]


def test_in_set_up_mode_the_first_account_added_is_the_signed_in_administrator(qtbot, modal, ctx):
    page = AccountsPage(ctx)
    qtbot.addWidget(page)
    page.show()

    def fill(dialog) -> None:
        assert not dialog.findChild(QComboBox, "role").isEnabled()
        dialog.findChild(QLineEdit, "username").setText("hung")
        dialog.findChild(QLineEdit, "display_name").setText("Trần Văn Hùng")
        dialog.findChild(QLineEdit, "password").setText(PASSWORD)
        dialog.findChild(QLineEdit, "repeat_password").setText(PASSWORD)
        dialog.accept()

    modal.run(page.add_account, fill)
    assert ctx.actor == session.Actor("hung", "Trần Văn Hùng", Role.ADMIN)
