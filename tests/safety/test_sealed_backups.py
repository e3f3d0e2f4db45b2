"""Backups leaving the data folder are encrypted with age; restore opens them.

Reproduces: a lost USB stick handed over everyone's names, phones, ethnicity and religion in a
plain SQLite file.
"""

from __future__ import annotations

import pytest

from db import open_database, transaction
from desktop.cli.commands import EXIT_KNOWN_ERROR, EXIT_OK, main
from desktop.core.storage import backup, restore, sealed
from desktop.core.sync import keys
from tests.safety.conftest import ADMIN, BACKUP_PASSPHRASE, PASSWORD


@pytest.fixture
def usb(tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def _names(path) -> list[str]:
    db = open_database(path)
    try:
        return [row[0] for row in db.conn.execute("SELECT full_name FROM person ORDER BY id")]
    finally:
        db.close()


def test_a_usb_backup_holds_no_readable_name_and_says_how_it_is_restored(
    office_file, usb, monkeypatch, capsys
):
    monkeypatch.setenv("ANTQ_PASSWORD", PASSWORD)
    assert main(["--db", str(office_file), "--user", ADMIN, "backup", "--to", str(usb)]) == EXIT_OK
    out = capsys.readouterr().out
    (written,) = usb.iterdir()
    data = written.read_bytes()
    assert data.startswith(sealed.MAGIC)
    assert b"SQLite format 3" not in data
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "0912345678"):
        assert name.encode("utf-8") not in data
    assert "mã hóa" in out and "antq-desk restore" in out and "mật khẩu" in out


def test_restore_opens_it_with_the_passphrase_and_refuses_a_wrong_one(
    office_file, usb, monkeypatch, capsys
):
    monkeypatch.setenv("ANTQ_PASSWORD", PASSWORD)
    argv = ["--db", str(office_file), "--user", ADMIN]
    assert main([*argv, "backup", "--to", str(usb)]) == EXIT_OK
    (written,) = usb.iterdir()
    before = _names(office_file)
    monkeypatch.setenv("ANTQ_BACKUP_PASSPHRASE", "khong-dung-mat-khau")
    assert main([*argv, "restore", str(written), "--yes"]) == EXIT_KNOWN_ERROR
    assert "không mở được" in capsys.readouterr().err
    monkeypatch.setenv("ANTQ_BACKUP_PASSPHRASE", BACKUP_PASSPHRASE)
    assert main([*argv, "restore", str(written), "--yes"]) == EXIT_OK
    assert _names(office_file) == before


def test_the_provinces_escrow_identity_opens_it_too(office_file, usb, tmp_path, monkeypatch):
    made = keys.make_province_keys("mat-khau-cua-tinh")
    db = open_database(office_file)
    try:
        with transaction(db):
            keys.store_province_keys(db, made)  # as a loaded setup would give its recipient
        from desktop.core import accounts

        accounts.authenticate(db, ADMIN, PASSWORD)
        info = backup.backup_to_folder(db, usb, BACKUP_PASSPHRASE)
    finally:
        db.close()
    assert info.escrow and "khóa dự phòng" in backup.sealed_message(info)
    described = restore.describe_for_restore(info.path, identity_text=made.escrow_identity)
    assert described.counts["person"] == 2
    identity_file = tmp_path / "khoa-du-phong.txt"
    identity_file.write_text(f"# khóa dự phòng\n{made.escrow_identity}\n", encoding="utf-8")
    monkeypatch.setenv("ANTQ_PASSWORD", PASSWORD)
    monkeypatch.delenv("ANTQ_BACKUP_PASSPHRASE")
    argv = ["--db", str(office_file), "--user", ADMIN, "restore", str(info.path)]
    assert main([*argv, "--identity", str(identity_file), "--yes"]) == EXIT_OK


def test_a_sealed_backup_without_its_passphrase_is_refused_plainly(office_file, usb):
    db = open_database(office_file)
    try:
        from desktop.core import accounts

        accounts.authenticate(db, ADMIN, PASSWORD)
        info = backup.backup_to_folder(db, usb, BACKUP_PASSPHRASE)
        with pytest.raises(sealed.WrongPassphrase, match="cần mật khẩu sao lưu"):
            restore.describe_for_restore(info.path)
        with pytest.raises(Exception, match="ít nhất 8 ký tự"):
            backup.backup_to_folder(db, usb, "ngan")
    finally:
        db.close()
