"""Restore: the backup's content back, a copy of the current data kept, the epoch raised."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from db import open_database
from desktop.core import office
from desktop.core.errors import UserError
from desktop.core.storage import backup, durable, health, integrity, restore
from tests.backup.conftest import add_people, damage, person_count

NOW = dt.datetime(2026, 11, 3, 9, 30).astimezone()
LATER = NOW + dt.timedelta(days=2)


def test_restore_into_the_open_database(office_db, office_path):
    taken = backup.automatic_backup(office_db, office_path, now=NOW)
    add_people(office_db, ["Phạm Thị Dung", "Võ Văn Em"])
    result = restore.restore(office_db, office_path, taken.path, now=LATER)
    # The same connection now shows the backup's content and can be written to.
    assert person_count(office_db) == 3
    assert office_db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert health.check(office_db).ok
    add_people(office_db, ["Đặng Văn Phúc"])
    assert person_count(office_db) == 4
    # The data replaced is kept, out of the rotation.
    kept = backup.describe(result.kept_copy)
    assert kept.counts["person"] == 5
    assert result.kept_copy.name == "antq-desk-before-restore-20261105-093000.sqlite3"
    assert result.kept_copy not in [b.path for b in backup.automatic_backups(office_path)]
    assert office.get_meta(office_db, restore.RESTORED_KEY)


def test_restore_survives_closing_and_reopening(office_db, office_path):
    taken = backup.automatic_backup(office_db, office_path, now=NOW)
    add_people(office_db, ["Phạm Thị Dung"])
    restore.restore(office_db, office_path, taken.path, now=LATER)
    office_db.close()
    again = open_database(office_path)
    try:
        assert person_count(again) == 3
        assert office.device_epoch(again) == 2
    finally:
        again.close()


def test_epoch_is_raised_above_the_current_and_the_backups(office_db, office_path):
    taken = backup.automatic_backup(office_db, office_path, now=NOW)  # epoch 1
    office.set_meta(office_db, "device_epoch", "5")  # restored a few times since
    result = restore.restore(office_db, office_path, taken.path, now=LATER)
    assert result.epoch == office.device_epoch(office_db) == 6
    newer = backup.automatic_backup(office_db, office_path, now=LATER + dt.timedelta(days=1))
    office.set_meta(office_db, "device_epoch", "2")  # a backup carrying a higher epoch
    assert restore.restore(office_db, office_path, newer.path, now=LATER).epoch == 7


def test_a_damaged_open_database_is_kept_as_it_is_and_replaced(office_db, office_path):
    taken = backup.automatic_backup(office_db, office_path, now=NOW)
    office_db.close()
    damage(office_path)
    db = open_database(office_path)
    try:
        integrity.refuse_writes(db)
        result = restore.restore(db, office_path, taken.path, now=LATER)
        assert integrity.full_problems(db) == []
        assert not integrity.writes_refused(db)
        assert person_count(db) == 3
        assert result.kept_copy.exists()
        with pytest.raises(backup.BackupUnusable):
            backup.describe(result.kept_copy)  # the damaged file, kept for support
    finally:
        db.close()


def test_restore_over_a_file_that_cannot_be_opened(office_db, office_path):
    taken = backup.automatic_backup(office_db, office_path, now=NOW)
    office_db.close()
    office_path.write_bytes(b"garbage after a power cut" * 1000)
    result = restore.restore_over_file(office_path, taken.path, now=LATER)
    assert result.epoch == 2
    assert result.kept_copy.read_bytes().startswith(b"garbage")
    db = open_database(office_path)
    try:
        assert person_count(db) == 3 and health.check(db).ok
        assert office.device_epoch(db) == 2
    finally:
        db.close()
    leftovers = [p.name for p in office_path.parent.iterdir() if p.name.endswith(".part")]
    assert leftovers == []


def test_a_backup_of_a_newer_program_is_refused(office_db, office_path, tmp_path):
    taken = backup.automatic_backup(office_db, office_path, now=NOW)
    conn = sqlite3.connect(taken.path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(UserError, match="mới hơn"):
        restore.restore(office_db, office_path, taken.path, now=LATER)
    assert person_count(office_db) == 3
    assert not list(backup.backup_folder(office_path).glob("*before-restore*"))


def test_a_damaged_backup_is_refused_and_nothing_changes(office_db, office_path):
    taken = backup.automatic_backup(office_db, office_path, now=NOW)
    damage(taken.path)
    add_people(office_db, ["Phạm Thị Dung"])
    with pytest.raises(backup.BackupUnusable):
        restore.restore(office_db, office_path, taken.path, now=LATER)
    assert person_count(office_db) == 4


def test_no_restore_without_a_kept_copy(office_db, office_path, monkeypatch):
    taken = backup.automatic_backup(office_db, office_path, now=NOW)
    add_people(office_db, ["Phạm Thị Dung"])

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(durable, "fsync_file", disk_full)
    with pytest.raises(UserError, match="đã đầy"):
        restore.restore(office_db, office_path, taken.path, now=LATER)
    assert person_count(office_db) == 4
