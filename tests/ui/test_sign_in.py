"""Signing in, the first administrator, changing passwords, signing out and the idle lock."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit

from db import open_database
from desktop.core import accounts, office, session
from desktop.core.session import Role
from desktop.ui.app import build_main_window
from desktop.ui.context import AppContext
from desktop.ui.dialogs.change_password import ChangePasswordDialog
from desktop.ui.dialogs.first_admin import FirstAdminDialog
from desktop.ui.dialogs.sign_in import LockDialog, SignInDialog, sign_in_at_start
from desktop.ui.idle_lock import Curtain
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.accounts import AccountsPage
from tests.ui.conftest import set_up_test_commune

PASSWORD = "mat-khau-dai"


@pytest.fixture
def office_ctx(ctx) -> AppContext:
    """The test commune with an administrator, an officer (mai) and a viewer; nobody signed in."""
    accounts.create_first_admin(ctx.db, "admin", "Trần Văn Hùng", PASSWORD)
    accounts.create_account(ctx.db, "mai", "Lê Thị Mai", Role.OFFICER, PASSWORD)
    accounts.create_account(ctx.db, "xem", "Phạm Văn Xem", Role.VIEWER, PASSWORD)
    accounts.sign_out(ctx.db)
    return ctx


@pytest.fixture
def window(qtbot, office_ctx) -> MainWindow:
    """The main window with the officer mai signed in."""
    accounts.authenticate(office_ctx.db, "mai", PASSWORD)
    window = MainWindow(office_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _nav_titles(window: MainWindow) -> list[str]:
    return [window.nav.item(row).text() for row in range(window.nav.count())]


def _type(qtbot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def _fill(dialog, **fields: str) -> None:
    for name, text in fields.items():
        edit = dialog.findChild(QLineEdit, name)
        assert edit is not None, name
        edit.setText(text)


# -- the first administrator ---------------------------------------------------------------------


def test_first_admin_dialog_shows_what_is_wrong_and_stays_open(qtbot, ctx):
    dialog = FirstAdminDialog(None, ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(dialog, username="a", display_name="", password="ngan", repeat_password="ngan")
    dialog.accept()
    messages = dialog.errors.messages()
    assert "Tên đăng nhập dài 3–32 ký tự" in messages["username"]
    assert "họ tên" in messages["display_name"]
    assert dialog.isVisible()
    _fill(dialog, username="hung.tran", display_name="Trần Văn Hùng")
    dialog.accept()
    assert dialog.errors.messages() == {"password": "Mật khẩu phải có ít nhất 8 ký tự."}
    _fill(dialog, password=PASSWORD, repeat_password=PASSWORD + "x")
    dialog.accept()
    assert "không giống nhau" in dialog.errors.messages()["password2"]
    assert not session.has_accounts(ctx.db)


def test_first_admin_dialog_creates_the_administrator_and_signs_them_in(qtbot, ctx):
    dialog = FirstAdminDialog(None, ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog.username, "hung.tran")
    dialog.display_name.insert("Trần Văn Hùng")
    _type(qtbot, dialog.password, PASSWORD)
    _type(qtbot, dialog.repeat_password, PASSWORD)
    qtbot.keyClick(dialog.repeat_password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert ctx.actor == session.Actor("hung.tran", "Trần Văn Hùng", Role.ADMIN)
    assert [a.username for a in accounts.list_accounts(ctx.db)] == ["hung.tran"]


def test_a_database_without_accounts_asks_for_the_administrator_and_cancel_quits(
    qtbot, modal, file_db_path
):
    database = open_database(file_db_path)
    set_up_test_commune(database)  # set up by a version before accounts: no account yet
    database.close()

    def cancel(dialog) -> None:
        assert isinstance(dialog, FirstAdminDialog)
        dialog.reject()

    assert modal.run(lambda: build_main_window(file_db_path), cancel) is None


def test_start_up_with_accounts_signs_in_first(qtbot, modal, office_ctx):
    def sign_in(dialog) -> None:
        assert isinstance(dialog, SignInDialog)
        _fill(dialog, username="mai", password=PASSWORD)
        dialog.accept()

    assert modal.run(lambda: sign_in_at_start(office_ctx), sign_in) is True
    assert office_ctx.actor.username == "mai"


# -- signing in -----------------------------------------------------------------------------------


@pytest.fixture
def sign_in_dialog(qtbot, office_ctx) -> SignInDialog:
    dialog = SignInDialog(None, office_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_wrong_password_is_said_in_the_dialog_which_stays_open(qtbot, sign_in_dialog):
    dialog = sign_in_dialog
    _type(qtbot, dialog.username, "mai")
    _type(qtbot, dialog.password, "sai-mat-khau")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.message.isVisible()
    assert dialog.message.text() == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.password.text() == ""
    assert dialog.ctx.actor is None

    _type(qtbot, dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.ctx.actor.username == "mai"


def test_enter_on_an_empty_password_moves_on_without_spending_an_attempt(qtbot, sign_in_dialog):
    dialog = sign_in_dialog
    _type(qtbot, dialog.username, "mai")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)
    assert dialog.isVisible() and not dialog.message.isVisible()
    assert accounts.get(dialog.ctx.db, "mai").failed_count == 0


def test_after_several_wrong_passwords_the_dialog_says_how_long_to_wait(qtbot, sign_in_dialog):
    dialog = sign_in_dialog
    _type(qtbot, dialog.username, "mai")
    for _attempt in range(3):
        _type(qtbot, dialog.password, "sai-mat-khau")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    _type(qtbot, dialog.password, PASSWORD)  # even the right one must wait now
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "Hãy đợi 5 giây" in dialog.message.text()
    assert dialog.isVisible() and dialog.ctx.actor is None


def _temporary_password(ctx, username: str = "mai", temporary: str = "tam-thoi-123") -> str:
    accounts.authenticate(ctx.db, "admin", PASSWORD)
    accounts.reset_password(ctx.db, username, temporary)
    accounts.sign_out(ctx.db)
    return temporary


def test_a_temporary_password_must_be_changed_right_after_signing_in(qtbot, modal, sign_in_dialog):
    ctx = sign_in_dialog.ctx
    temporary = _temporary_password(ctx)
    _fill(sign_in_dialog, username="mai", password=temporary)

    def change(dialog) -> None:
        assert isinstance(dialog, ChangePasswordDialog) and dialog.forced
        _fill(dialog, old_password=temporary, new_password="mat-khau-moi", repeat_password="x")
        dialog.accept()
        assert "không giống nhau" in dialog.errors.messages()["password2"]
        _fill(dialog, repeat_password="mat-khau-moi")
        dialog.accept()

    modal.run(sign_in_dialog.accept, change)
    assert sign_in_dialog.result() == QDialog.DialogCode.Accepted
    assert not accounts.get(ctx.db, "mai").must_change_password
    assert accounts.authenticate(ctx.db, "mai", "mat-khau-moi").username == "mai"


def test_the_change_of_a_temporary_password_cannot_be_skipped(qtbot, modal, sign_in_dialog):
    ctx = sign_in_dialog.ctx
    _fill(sign_in_dialog, username="mai", password=_temporary_password(ctx))
    modal.run(sign_in_dialog.accept, lambda dialog: dialog.reject())
    assert sign_in_dialog.isVisible()
    assert sign_in_dialog.result() != QDialog.DialogCode.Accepted
    assert "Cần đặt mật khẩu mới" in sign_in_dialog.message.text()
    assert ctx.actor is None  # signed out again


# -- the window's account menu -----------------------------------------------------------------


def test_change_password_from_the_menu(qtbot, modal, window):
    def change(dialog) -> None:
        assert isinstance(dialog, ChangePasswordDialog) and not dialog.forced
        _fill(dialog, old_password="sai", new_password="mat-khau-moi")
        _fill(dialog, repeat_password="mat-khau-moi")
        dialog.accept()
        assert dialog.errors.messages() == {"old_password": "Mật khẩu hiện tại không đúng."}
        _fill(dialog, old_password=PASSWORD)
        dialog.accept()

    modal.run(window.account_menu.change_password_action.trigger, change)
    assert window.statusBar().currentMessage() == "Đã đổi mật khẩu."
    assert accounts.authenticate(window.ctx.db, "mai", "mat-khau-moi").username == "mai"


def test_a_database_in_set_up_mode_has_nothing_to_lock(qtbot, ctx):
    window = MainWindow(ctx)  # no account: the self-test and the start-up benchmark
    qtbot.addWidget(window)
    menu = window.account_menu
    for action in (menu.change_password_action, menu.lock_action, menu.sign_out_action):
        assert not action.isEnabled()
    assert not menu.screen_lock.watcher.active
    assert menu.who.text() == ""


def test_the_status_bar_names_who_is_signed_in(window):
    assert window.account_menu.who.text() == "Người dùng: Lê Thị Mai (Cán bộ nhập liệu)"


# -- the idle lock ---------------------------------------------------------------------------------


def _lock_after_idle(qtbot, window) -> LockDialog:
    screen_lock = window.account_menu.screen_lock
    screen_lock.watcher.timeout_ms = 50
    qtbot.waitUntil(lambda: screen_lock.is_locked, timeout=3000)
    screen_lock.watcher.timeout_ms = 60_000  # once unlocked, not again during the test
    return screen_lock.dialog


def test_the_window_locks_after_the_idle_time_and_hides_its_data(qtbot, window):
    page = window.stack.currentWidget()
    assert page.isVisible()
    dialog = _lock_after_idle(qtbot, window)
    assert dialog.isVisible() and dialog.isModal()
    assert not page.isVisible() and not window.centralWidget().isVisible()
    curtain = window.findChild(Curtain)
    assert curtain is not None and curtain.isVisible()
    assert curtain.geometry() == window.rect()
    assert dialog.title.text() == "Màn hình đã khóa"
    assert "Lê Thị Mai (mai)" in dialog.notice.text()
    assert dialog.username.text() == "mai"
    dialog.reject()  # Escape does not get past the lock
    assert dialog.isVisible()

    _type(qtbot, dialog.password, "sai-mat-khau")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.message.text() == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert window.account_menu.screen_lock.is_locked

    _type(qtbot, dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    screen_lock = window.account_menu.screen_lock
    assert not screen_lock.is_locked
    assert page.isVisible()
    qtbot.waitUntil(lambda: window.findChild(Curtain) is None)
    assert screen_lock.watcher.active  # counting again
    assert window.ctx.actor.username == "mai"


def test_key_and_mouse_input_start_the_idle_count_again(qtbot, window):
    watcher = window.account_menu.screen_lock.watcher
    watcher.timeout_ms = 60_000
    bar = window.statusBar()
    for touch in (
        lambda: qtbot.keyClick(bar, Qt.Key.Key_Shift),
        lambda: qtbot.mouseClick(bar, Qt.MouseButton.LeftButton),
    ):
        qtbot.waitUntil(lambda: watcher.remaining_ms <= 59_800)  # time passes without input
        touch()
        assert watcher.remaining_ms > 59_800  # a full minute from now again
    assert not window.account_menu.screen_lock.is_locked


def test_an_idle_time_of_zero_never_locks(qtbot, window):
    accounts.authenticate(window.ctx.db, "admin", PASSWORD)
    accounts.set_idle_lock_minutes(window.ctx.db, 0)
    window.ctx.notify_changed()
    assert not window.account_menu.screen_lock.watcher.active


def test_lock_now_covers_an_open_form_without_closing_it(qtbot, modal, window):
    from desktop.ui.dialogs.person_form import PersonFormDialog

    screen_lock = window.account_menu.screen_lock
    people = window.show_page(window.entries[2])

    def lock_over_form(form) -> None:
        assert isinstance(form, PersonFormDialog)
        form.findChild(QLineEdit, "full_name").insert("Nguyễn Văn Dở Dang")
        window.account_menu.lock_action.trigger()
        dialog = screen_lock.dialog
        assert form.isVisible()
        assert any(isinstance(child, Curtain) for child in form.children())
        assert not dialog.switch_button.isEnabled()  # mai's form must not pass to someone else
        _fill(dialog, password=PASSWORD)
        dialog.accept()
        assert not screen_lock.is_locked
        assert form.findChild(QLineEdit, "full_name").text() == "Nguyễn Văn Dở Dang"
        form.reject()

    modal.run(people.add_person, lock_over_form)


def test_only_the_user_or_an_administrator_unlocks(qtbot, window):
    window.account_menu.lock_action.trigger()
    dialog = window.account_menu.screen_lock.dialog
    _fill(dialog, username="xem", password=PASSWORD)
    dialog.accept()
    assert dialog.message.text() == "Chỉ mai hoặc một quản trị viên mở khóa được màn hình này."
    assert window.ctx.actor.username == "mai"
    assert AccountsPage.nav_title() not in _nav_titles(window)

    _fill(dialog, username="admin", password=PASSWORD)
    dialog.accept()
    assert not window.account_menu.screen_lock.is_locked
    assert window.ctx.actor.username == "admin"
    assert AccountsPage.nav_title() in _nav_titles(window)


def test_the_lock_tells_nobody_which_names_exist(qtbot, window):
    window.account_menu.lock_action.trigger()
    dialog = window.account_menu.screen_lock.dialog
    for name in ("xem", "khong-co-ai"):  # a colleague's name and a name nobody has
        _fill(dialog, username=name, password="sai-mat-khau")
        dialog.accept()
        assert dialog.message.text() == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert window.account_menu.screen_lock.is_locked and window.ctx.actor.username == "mai"
    _fill(dialog, username="mai", password=PASSWORD)
    dialog.accept()
    assert not window.account_menu.screen_lock.is_locked


def test_sign_in_as_someone_else_from_the_lock(qtbot, window):
    window.account_menu.lock_action.trigger()
    dialog = window.account_menu.screen_lock.dialog
    qtbot.mouseClick(dialog.switch_button, Qt.MouseButton.LeftButton)
    assert window.ctx.actor is None
    assert dialog.username.text() == "" and not dialog.switch_button.isVisible()
    _fill(dialog, username="admin", password=PASSWORD)
    dialog.accept()
    assert window.ctx.actor.username == "admin"
    assert window.account_menu.who.text() == "Người dùng: Trần Văn Hùng (Quản trị viên)"


# -- signing out --------------------------------------------------------------------------------


def test_sign_out_then_in_as_a_viewer_removes_the_accounts_page(qtbot, office_ctx):
    accounts.authenticate(office_ctx.db, "admin", PASSWORD)
    window = MainWindow(office_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.show_page(AccountsPage)
    assert page.isVisible()
    assert _nav_titles(window)[-1] == "Tài khoản"

    window.account_menu.sign_out_action.trigger()
    screen_lock = window.account_menu.screen_lock
    dialog = screen_lock.dialog
    assert office_ctx.actor is None
    assert not window.centralWidget().isVisible()
    assert dialog.notice.text() == "Đã đăng xuất. Mời đăng nhập bằng tài khoản của mình."
    _fill(dialog, username="xem", password=PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    assert dialog.message.text() == ""
    assert not screen_lock.is_locked
    assert office_ctx.actor.username == "xem"
    titles = _nav_titles(window)
    assert "Tài khoản" not in titles and "Nhật ký" not in titles
    assert [a.text() for a in window.go_menu.actions()] == titles
    assert window.stack.count() == len(titles)
    assert window.nav.currentRow() == 0 and window.stack.currentWidget().isVisible()
    assert window.account_menu.who.text() == "Người dùng: Phạm Văn Xem (Người xem)"


def test_quitting_at_the_sign_in_after_sign_out_closes_the_window(qtbot, window):
    window.account_menu.sign_out_action.trigger()
    dialog = window.account_menu.screen_lock.dialog
    qtbot.mouseClick(
        dialog.findChild(type(dialog.switch_button), "cancel"), Qt.MouseButton.LeftButton
    )
    assert not window.isVisible()
    assert window.ctx.actor is None


def test_the_accounts_page_shows_for_an_administrator_in_set_up_mode(qtbot, ctx):
    assert office.is_set_up(ctx.db) and not session.has_accounts(ctx.db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert "Tài khoản" in _nav_titles(window)


def test_the_window_opens_without_computing_a_password_hash(tmp_path):
    """An argon2 hash takes a fifth of a second: start-up must not compute one it does not need."""
    path = tmp_path / "antq.sqlite3"
    database = open_database(path)
    set_up_test_commune(database)
    database.close()
    probe = (
        "import sys; from pathlib import Path\n"
        "import argon2\n"
        "calls = []\n"
        "real = argon2.PasswordHasher.hash\n"
        "def counted(self, *args, **kwargs):\n"
        "    calls.append(1)\n"
        "    return real(self, *args, **kwargs)\n"
        "argon2.PasswordHasher.hash = counted\n"
        "from desktop.ui.app import open_main_window_for_bench\n"
        "open_main_window_for_bench(Path(sys.argv[1]))\n"
        "print(len(calls))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(path)],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "ANTQ_LANG": "vi", "PATH": ""},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1] == "0"
