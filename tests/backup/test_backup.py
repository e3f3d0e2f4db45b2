"""Verified backups: what they hold, what a failure leaves behind, when they are taken."""

from __future__ import annotations

import datetime as dt
import errno
import sqlite3

import pytest

from db import open_database
from desktop.core.errors import UserError
from desktop.core.storage import backup, integrity, restore, sealed
from tests.backup.conftest import BACKUP_PASSPHRASE, add_people, damage

NOW = dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def test_a_backup_is_one_verified_file_that_describes_itself(office_db, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    info = backup.backup_to_folder(office_db, usb, BACKUP_PASSPHRASE, now=NOW)
    assert [p.name for p in usb.iterdir()] == [info.path.name]  # no -wal, -journal or .part
    assert info.path.name.startswith("antq-desk-") and info.path.name.endswith(
        "-20261103-093000.sqlite3.age"
    )
    assert info.encrypted and b"SQLite format 3" not in info.path.read_bytes()
    described = restore.describe_for_restore(info.path, passphrase=BACKUP_PASSPHRASE)
    assert described.taken_at == NOW
    assert described.taken_text == NOW.astimezone().strftime("%H:%M %d/%m/%Y")
    assert described.counts == {
        "campaign": 1,
        "event_type": 18,
        "indicator": 20,
        "hamlet": 0,
        "organisation": 12,
        "event": 0,
        "person": 3,
        "attendance": 0,
        "outcome": 0,
    }
    assert described.office_name.startswith(("Xã", "Phường"))
    assert described.province_name == "An Giang"
    assert described.schema_version == office_db.conn.execute("PRAGMA user_version").fetchone()[0]
    assert described.epoch == 1
    opened = tmp_path / "opened.sqlite3"
    sealed.unseal_to(info.path, opened, passphrase=BACKUP_PASSPHRASE)
    conn = sqlite3.connect(opened)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_the_live_database_is_not_changed_by_a_backup(office_db, office_path):
    """Only its audit entry is added: the stamp is written into the copy alone."""
    before = office_db.conn.total_changes
    backup.automatic_backup(office_db, office_path, now=NOW)
    assert office_db.conn.total_changes == before + 1
    assert office_db.conn.execute("SELECT kind FROM audit ORDER BY id DESC").fetchone()[0] == (
        "backup.auto"
    )
    assert (
        office_db.conn.execute(
            "SELECT COUNT(*) FROM meta WHERE key = ?", [backup.TAKEN_KEY]
        ).fetchone()[0]
        == 0
    )


def test_a_missing_folder_is_a_clear_message(office_db, tmp_path):
    with pytest.raises(UserError, match="Không tìm thấy thư mục"):
        backup.backup_to_folder(office_db, tmp_path / "pulled-out-usb", BACKUP_PASSPHRASE, now=NOW)


def _fail_at(monkeypatch, target: str, error: BaseException) -> None:
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(target, fail)


def _full_disk() -> sqlite3.OperationalError:
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorcode = sqlite3.SQLITE_FULL
    return error


@pytest.mark.parametrize(
    ("step", "error", "message"),
    [
        ("desktop.core.storage.backup.copy_into", _full_disk(), "đã đầy"),
        (
            "desktop.core.storage.backup.copy_into",
            PermissionError(errno.EACCES, "denied"),
            "chỉ cho đọc",
        ),
        (
            "desktop.core.storage.durable.fsync_file",
            OSError(errno.EROFS, "read-only"),
            "chỉ cho đọc",
        ),
        ("desktop.core.storage.durable.fsync_file", OSError(errno.ENOSPC, "no space"), "đã đầy"),
        ("os.replace", OSError(errno.EIO, "I/O error"), "bị gián đoạn"),
    ],
)
def test_a_failed_write_leaves_no_file_that_looks_complete(
    office_db, tmp_path, monkeypatch, step, error, message
):
    usb = tmp_path / "usb"
    usb.mkdir()
    earlier = usb / "keep-me.sqlite3"
    earlier.write_bytes(b"an older file of the user")
    _fail_at(monkeypatch, step, error)
    with pytest.raises(UserError, match=message):
        backup.backup_to_folder(office_db, usb, BACKUP_PASSPHRASE, now=NOW)
    assert sorted(p.name for p in usb.iterdir()) == ["keep-me.sqlite3"]
    assert earlier.read_bytes() == b"an older file of the user"


def test_a_copy_that_fails_verification_is_removed(office_db, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    real_copy = backup.copy_into

    def lying_stick(source, target, taken):
        real_copy(source, target, taken)
        damage(target)

    monkeypatch.setattr(backup, "copy_into", lying_stick)
    with pytest.raises(UserError, match="không đạt kiểm tra"):
        backup.backup_to_folder(office_db, usb, BACKUP_PASSPHRASE, now=NOW)
    assert list(usb.iterdir()) == []


def test_a_damaged_database_gives_no_backup(office_path):
    damage(office_path)
    db = open_database(office_path)
    try:
        with pytest.raises(integrity.DamagedData, match="Tệp dữ liệu bị hỏng"):
            backup.automatic_backup(db, office_path, now=NOW)
    finally:
        db.close()
    assert backup.automatic_backups(office_path) == []


def test_describe_refuses_what_is_not_a_sound_backup(tmp_path, office_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(backup.BackupUnusable, match="không phải bản sao lưu"):
        backup.describe(junk)
    with pytest.raises(backup.BackupUnusable):
        backup.describe(tmp_path / "missing.sqlite3")
    damage(office_path)
    with pytest.raises(backup.BackupUnusable):
        backup.describe(office_path)


def test_start_up_backup_at_most_once_a_day(office_db, office_path):
    first = backup.backup_at_start(office_db, office_path, now=NOW)
    assert first is not None and first.path.parent == office_path.parent / "backups"
    assert backup.backup_at_start(office_db, office_path, now=NOW + dt.timedelta(hours=5)) is None
    assert backup.backup_at_start(office_db, office_path, now=NOW + dt.timedelta(days=1))
    assert len(backup.automatic_backups(office_path)) == 2


def test_exit_backup_only_after_a_change(office_db, office_path):
    watch = backup.ChangeWatch(office_db)
    assert backup.backup_at_exit(office_db, office_path, watch, now=NOW) is None
    add_people(office_db, ["Phạm Thị Dung"])
    made = backup.backup_at_exit(office_db, office_path, watch, now=NOW)
    assert made is not None and made.counts["person"] == 4


def test_a_change_by_another_connection_counts(office_db, office_path):
    watch = backup.ChangeWatch(office_db)
    other = open_database(office_path)
    add_people(other, ["Võ Văn Em"])
    other.close()
    assert watch.changed()


def test_newest_good_backup_skips_a_damaged_one(office_db, office_path):
    older = backup.automatic_backup(office_db, office_path, now=NOW)
    newer = backup.automatic_backup(office_db, office_path, now=NOW + dt.timedelta(days=1))
    damage(newer.path)
    assert backup.newest_good_backup(office_path).path == older.path


def test_backups_of_two_databases_in_one_folder_stay_apart(office_db, office_path, tmp_path):
    other_path = office_path.with_name("tap-huan.sqlite3")
    other = open_database(other_path)
    backup.automatic_backup(other, other_path, now=NOW)
    other.close()
    backup.automatic_backup(office_db, office_path, now=NOW)
    assert [b.path.name for b in backup.automatic_backups(office_path)] == [
        "antq-desk-20261103-093000.sqlite3"
    ]
    assert [b.path.name for b in backup.automatic_backups(other_path)] == [
        "tap-huan-20261103-093000.sqlite3"
    ]
