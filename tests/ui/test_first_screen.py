"""The sign-in screen is drawn before the database is opened for work, which then opens behind
it (desktop/core/storage/first_look.py); a file that will not open closes it and is reported
as ever."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

import db
from db.errors import DamagedDatabase, DatabaseLocked
from desktop.core import accounts
from desktop.core.errors import user_message
from desktop.ui.app import build_main_window
from desktop.ui.dialogs.sign_in import SignInDialog
from tests.ui.conftest import set_up_test_commune

pytestmark = pytest.mark.gui
PASSWORD = "mat-khau-dai"


@pytest.fixture
def office_file(file_db_path):
    database = db.open_database(file_db_path)
    set_up_test_commune(database)
    accounts.create_first_admin(database, "admin", "Trần Văn Hùng", PASSWORD)
    database.close()
    return file_db_path


@pytest.fixture
def shown(monkeypatch):
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda parent, title, text, *rest: seen.append((title, text))
    )
    return seen


def test_signing_in_opens_the_window_over_the_file(qtbot, modal, office_file):
    def sign_in(dialog) -> None:
        assert isinstance(dialog, SignInDialog)
        texts = [label.text() for label in dialog.findChildren(QLabel)]
        assert any(text.startswith("Xã ") for text in texts)  # the office, from the first look
        dialog.username.setText("admin")
        dialog.password.setText(PASSWORD)
        dialog.accept()

    window = modal.run(lambda: build_main_window(office_file), sign_in)
    assert window is not None
    qtbot.addWidget(window)
    assert window.ctx.is_open and window.ctx.actor.username == "admin"
    window.ctx.db.close()


@pytest.mark.parametrize("error", [DatabaseLocked("database is locked"), DamagedDatabase("bad")])
def test_a_file_that_will_not_open_closes_the_sign_in_and_says_why(
    qtbot, modal, office_file, monkeypatch, shown, error
):
    def refuse(path, **kwargs):
        raise error

    monkeypatch.setattr(db, "open_database", refuse)

    def wait(dialog) -> None:  # the officer is still reading when the open fails
        qtbot.waitUntil(lambda: not dialog.isVisible())

    assert modal.run(lambda: build_main_window(office_file), wait) is None
    assert shown == [("Không mở được dữ liệu", user_message(error))]


def test_a_damaged_file_behind_the_sign_in_is_offered_a_backup(
    qtbot, modal, office_file, monkeypatch
):
    from desktop.ui import startup
    from desktop.ui.dialogs.backup import DamagedChoice, DamagedDatabaseDialog

    def refuse(path, **kwargs):
        raise DamagedDatabase("file is not a database")

    offered = []
    monkeypatch.setattr(db, "open_database", refuse)
    monkeypatch.setattr(
        DamagedDatabaseDialog,
        "ask",
        staticmethod(lambda path, good: offered.append(path) or (DamagedChoice.QUIT, None)),
    )
    safe = startup.prepare(office_file)
    try:

        def wait(dialog) -> None:
            qtbot.waitUntil(lambda: not dialog.isVisible())

        assert modal.run(lambda: build_main_window(office_file, safe=safe), wait) is None
    finally:
        safe.finish()
    assert offered == [office_file]
