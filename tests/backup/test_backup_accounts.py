"""Who may back up and restore, and what the audit trail says about it."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core import accounts, audit, session
from desktop.core.session import PermissionDenied, Role
from desktop.core.storage import backup, restore
from tests.backup.conftest import add_people, person_count

NOW = dt.datetime(2026, 11, 3, 9, 30).astimezone()
LATER = NOW + dt.timedelta(days=2)
PASSWORD = "mat-khau-dai"


@pytest.fixture
def staffed_db(office_db):
    """The office with an administrator, an officer and a viewer; the administrator signed in."""
    accounts.create_first_admin(office_db, "admin", "Trần Văn Hùng", PASSWORD)
    accounts.create_account(office_db, "mai", "Lê Thị Mai", Role.OFFICER, PASSWORD)
    accounts.create_account(office_db, "xem", "Phạm Văn Xem", Role.VIEWER, PASSWORD)
    return office_db


def _last(db) -> tuple[str, str, str]:
    row = db.conn.execute("SELECT actor, kind, subject FROM audit ORDER BY id DESC").fetchone()
    return tuple(row)


def test_a_backup_to_usb_is_entered_under_the_officer(staffed_db, tmp_path):
    accounts.authenticate(staffed_db, "mai", PASSWORD)
    (tmp_path / "usb").mkdir()
    info = backup.backup_to_folder(staffed_db, tmp_path / "usb", "mat-khau-sao-luu", now=NOW)
    assert _last(staffed_db) == ("mai", "backup", info.path.name)


def test_a_viewer_may_not_back_up_to_usb(staffed_db, tmp_path):
    accounts.authenticate(staffed_db, "xem", PASSWORD)
    (tmp_path / "usb").mkdir()
    with pytest.raises(PermissionDenied, match="sao lưu"):
        backup.backup_to_folder(staffed_db, tmp_path / "usb", "mat-khau-sao-luu", now=NOW)
    assert list((tmp_path / "usb").iterdir()) == []


def test_only_an_administrator_restores(staffed_db, office_path):
    taken = backup.automatic_backup(staffed_db, office_path, now=NOW)
    accounts.authenticate(staffed_db, "mai", PASSWORD)
    add_people(staffed_db, ["Phạm Thị Dung"])
    with pytest.raises(PermissionDenied, match="khôi phục"):
        restore.restore(staffed_db, office_path, taken.path, now=LATER)
    assert person_count(staffed_db) == 4


def test_the_restore_is_the_newest_entry_of_the_restored_chain(staffed_db, office_path):
    taken = backup.automatic_backup(staffed_db, office_path, now=NOW)
    add_people(staffed_db, ["Phạm Thị Dung"])
    restore.restore(staffed_db, office_path, taken.path, now=LATER)
    assert _last(staffed_db) == ("admin", "restore", taken.path.name)
    assert audit.verify(staffed_db) == []


def test_after_a_restore_only_accounts_of_the_restored_file_stay_signed_in(staffed_db, office_path):
    taken = backup.automatic_backup(staffed_db, office_path, now=NOW)
    accounts.create_account(staffed_db, "moi", "Người Mới", Role.ADMIN, PASSWORD)
    accounts.authenticate(staffed_db, "moi", PASSWORD)
    restore.restore(staffed_db, office_path, taken.path, now=LATER)
    assert session.current(staffed_db) is None  # "moi" did not exist when the backup was taken
