"""Restoring another office's backup needs an explicit confirmation naming both offices; a
restored backup without accounts keeps the office's accounts (never set-up mode, where anyone
may write)."""

from __future__ import annotations

import pytest

from db import open_database
from desktop.cli.commands import EXIT_KNOWN_ERROR, EXIT_OK, main
from desktop.core import accounts, office, session, units
from desktop.core.storage import backup, health, restore
from desktop.ui.context import AppContext
from desktop.ui.dialogs.backup import RestoreDialog
from tests.safety.conftest import ADMIN, BACKUP_PASSPHRASE, PASSWORD


@pytest.fixture
def other_backup(tmp_path):
    """A verified backup of another commune (no accounts), on a "USB" folder."""
    path = tmp_path / "khac.sqlite3"
    other = open_database(path)
    office.set_up_commune(other, office.OfficeSetup(commune_code=units.communes("91")[1].code))
    usb = tmp_path / "usb"
    usb.mkdir()
    info = backup.backup_to_folder(other, usb, BACKUP_PASSPHRASE)
    other.close()
    return info


def test_the_cli_refuses_another_offices_backup_unless_asked(
    office_file, other_backup, monkeypatch, capsys
):
    monkeypatch.setenv("ANTQ_PASSWORD", PASSWORD)
    argv = ["--db", str(office_file), "--user", ADMIN, "restore", str(other_backup.path), "--yes"]
    assert main(argv) == EXIT_KNOWN_ERROR
    err = capsys.readouterr().err
    this = units.communes("91")[0]
    assert other_backup.office_name in err and this.name in err and "--other-office" in err
    db = open_database(office_file)
    assert office.self_unit(db).code == this.code
    db.close()
    assert main([*argv, "--other-office"]) == EXIT_OK
    db = open_database(office_file)
    try:
        assert office.self_unit(db).code == other_backup.office_code
        # the other office's backup had no account: ours came along, nobody may write unsigned
        assert session.has_accounts(db)
        assert session.current(db) is None
        assert accounts.authenticate(db, ADMIN, PASSWORD).username == ADMIN
        report = health.check(db)
        assert report.tampered == [], report.tampered  # the carried accounts are in the trail
    finally:
        db.close()


def test_restore_over_a_damaged_file_refuses_another_office_too(with_backups, other_backup, capsys):
    from tests.safety.conftest import damage

    damage(with_backups, "person")
    with pytest.raises(restore.OtherOffice):
        restore.restore_over_file(with_backups, other_backup.path, passphrase=BACKUP_PASSPHRASE)


def test_the_window_needs_a_second_confirmation_naming_the_other_office(
    qtbot, office_file, other_backup
):
    db = open_database(office_file)
    accounts.authenticate(db, ADMIN, PASSWORD)
    dialog = RestoreDialog(AppContext(db, office_file))
    qtbot.addWidget(dialog)
    dialog.secrets[other_backup.path] = {"passphrase": BACKUP_PASSPHRASE}
    dialog.show_file(other_backup.path)
    dialog.confirm.setChecked(True)
    assert not dialog.restore_button.isEnabled()
    assert dialog.confirm_other.isVisibleTo(dialog)
    assert other_backup.office_name in dialog.confirm_other.text()
    dialog.confirm_other.setChecked(True)
    assert dialog.restore_button.isEnabled()
    dialog.show_file(backup.automatic_backup(db, office_file).path)  # our own: one box is enough
    assert not dialog.confirm_other.isVisibleTo(dialog)
    dialog.confirm.setChecked(True)
    assert dialog.restore_button.isEnabled()
    db.close()


def test_a_backup_without_accounts_over_an_unreadable_file_keeps_the_accounts(
    with_backups, tmp_path
):
    """The damaged file's accounts cannot be read: those of its automatic backups come along."""
    before_accounts = open_database(tmp_path / "cu.sqlite3")  # an office from before accounts
    office.set_up_commune(
        before_accounts, office.OfficeSetup(commune_code=units.communes("91")[0].code)
    )
    usb = tmp_path / "usb-cu"
    usb.mkdir()
    old = backup.backup_to_folder(before_accounts, usb, BACKUP_PASSPHRASE)
    before_accounts.close()
    with_backups.write_bytes(b"not a database any more" * 500)
    restore.restore_over_file(with_backups, old.path, passphrase=BACKUP_PASSPHRASE)
    db = open_database(with_backups)
    try:
        assert session.has_accounts(db) and session.current(db) is None
    finally:
        db.close()
