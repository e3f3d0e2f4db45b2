"""Unikey and passwords: Vietnamese input tools rewrite keys even in a password box.

Unikey, EVKey and the Windows Vietnamese keyboard hook the keyboard globally. In Telex, vowels
take marks (aa → â, ow → ơ), s f r x j add tones, z removes one, w makes ư/ơ/ă, dd makes đ and
[ ] type ơ ư; in VNI the digits 1–9 add marks and 0 removes them; with "quick consonants" on,
cc kk nn pp qq tt gg become ch kh ng ph qu th gi. A temporary password read out by the
administrator must come out the same whatever the officer's keyboard is set to, and every
password box reminds the officer to switch the Vietnamese keyboard off.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from desktop.core import accounts
from desktop.core.session import Role
from desktop.ui.dialogs.account_form import AccountFormDialog, temporary_password
from desktop.ui.dialogs.change_password import ChangePasswordDialog
from desktop.ui.dialogs.first_admin import FirstAdminDialog
from desktop.ui.dialogs.sign_in import SignInDialog

TELEX_KEYS = set("aeiouy" + "sfrxj" + "z" + "w" + "d" + "[]{}")
VNI_KEYS = set("0123456789")
QUICK_CONSONANTS = {"cc", "gg", "kk", "nn", "pp", "qq", "tt"}
PASSWORD = "mat-khau-dai"


def _telex_or_vni_would_touch(password: str) -> set[str]:
    """The keys of `password` an input tool acts on, pairs included (empty: typed as is)."""
    keys = {character for character in password.lower() if character in TELEX_KEYS | VNI_KEYS}
    pairs = {password[i : i + 2].lower() for i in range(len(password) - 1)}
    return keys | (pairs & QUICK_CONSONANTS)


def test_a_temporary_password_types_the_same_with_unikey_on():
    for _attempt in range(300):
        password = temporary_password()
        assert _telex_or_vni_would_touch(password) == set(), password
        accounts.check_password(password, "mai")


def test_a_temporary_password_still_has_enough_chances():
    """About 53 bits: 16 letters from 11, none repeating its neighbour."""
    password = temporary_password()
    assert len(password) == 19 and password.count("-") == 3
    assert len({temporary_password() for _i in range(200)}) == 200


def _reminder(dialog) -> QLabel:
    label = dialog.findChild(QLabel, "keyboard_reminder")
    assert label is not None
    return label


@pytest.fixture
def office_ctx(ctx):
    accounts.create_first_admin(ctx.db, "admin", "Trần Văn Hùng", PASSWORD)
    accounts.create_account(ctx.db, "mai", "Lê Thị Mai", Role.OFFICER, PASSWORD)
    accounts.sign_out(ctx.db)
    return ctx


def test_the_sign_in_dialog_reminds_to_switch_the_vietnamese_keyboard_off(qtbot, office_ctx):
    dialog = SignInDialog(None, office_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    label = _reminder(dialog)
    assert label.isVisible()
    assert "tắt bộ gõ tiếng Việt" in label.text()


def test_a_refused_password_with_marks_says_the_keyboard_may_be_on(qtbot, office_ctx):
    """ "mat-khau-dai" typed with Telex on arrives as "mat-khau-đai"."""
    dialog = SignInDialog(None, office_ctx, username="mai")
    qtbot.addWidget(dialog)
    dialog.password.setText("mat-khau-đai")
    dialog.accept()
    message = dialog.findChild(QLabel, "sign_in_error").text()
    assert "bộ gõ tiếng Việt đang bật" in message
    dialog.password.setText("mat-khau-sai")
    dialog.accept()
    assert "bộ gõ" not in dialog.findChild(QLabel, "sign_in_error").text()


def test_the_province_passphrase_page_has_the_reminder(qtbot, empty_ctx):
    from desktop.ui.dialogs.province_setup import ProvincePage, ProvinceSetupState

    page = ProvincePage(empty_ctx, ProvinceSetupState())
    qtbot.addWidget(page)
    assert "tắt bộ gõ tiếng Việt" in _reminder(page).text()


def test_every_dialog_where_a_password_is_made_has_the_reminder(qtbot, office_ctx, empty_ctx):
    accounts.authenticate(office_ctx.db, "admin", PASSWORD)
    for dialog in (
        ChangePasswordDialog(None, office_ctx),
        AccountFormDialog(None, office_ctx),
        FirstAdminDialog(None, empty_ctx),
    ):
        qtbot.addWidget(dialog)
        assert "tắt bộ gõ tiếng Việt" in _reminder(dialog).text()
