"""Integrity checks at start-up, weekly and before an export; a damaged file refuses writes."""

from __future__ import annotations

import datetime as dt

import pytest

from db import errors as db_errors
from db import open_database
from desktop.core import office
from desktop.core.errors import user_message
from desktop.core.storage import integrity
from tests.backup.conftest import add_people, damage

TODAY = dt.date(2026, 11, 3)


def test_a_sound_file_passes_and_the_full_check_is_remembered_for_a_week(office_db):
    assert integrity.full_check_due(office_db, TODAY)
    assert integrity.start_checks(office_db, TODAY) == ([], True)
    assert integrity.last_full_check(office_db) is None  # it only reads…
    integrity.remember_full_check(office_db, TODAY)  # …what start-up does with a clean result
    assert integrity.last_full_check(office_db) == TODAY
    assert not integrity.full_check_due(office_db, TODAY + dt.timedelta(days=6))
    assert integrity.full_check_due(office_db, TODAY + dt.timedelta(days=7))
    assert integrity.full_check_due(office_db, TODAY - dt.timedelta(days=1))  # clock set back


def test_damage_is_found_at_start_and_before_an_export(office_path):
    damage(office_path)
    db = open_database(office_path)
    try:
        problems, _full_ran = integrity.start_checks(db, TODAY)
        assert problems
        with pytest.raises(integrity.DamagedData, match="bị hỏng") as raised:
            integrity.require_sound(db)
        assert raised.value.problems
        assert integrity.writes_refused(db)  # from now on, until a backup is restored
    finally:
        db.close()


def test_weekly_full_check_finds_what_the_quick_check_was_not_asked(office_db, monkeypatch):
    integrity.remember_full_check(office_db, TODAY)
    monkeypatch.setattr(integrity, "full_problems", lambda db: ["index person_x is wrong"])
    assert integrity.start_checks(office_db, TODAY + dt.timedelta(days=1)) == ([], False)
    assert integrity.start_checks(office_db, TODAY + dt.timedelta(days=8)) == (
        ["index person_x is wrong"],
        True,
    )


def test_a_connection_that_refuses_writes_refuses_every_write(office_db):
    integrity.refuse_writes(office_db)
    assert integrity.writes_refused(office_db)
    with pytest.raises(db_errors.DamagedDatabase) as refused:
        add_people(office_db, ["Phạm Thị Dung"])
    assert "hãy khôi phục từ bản sao lưu" in user_message(refused.value)  # not "read-only folder"
    with pytest.raises(db_errors.ReadOnlyDatabase):
        office.set_meta(office_db, "x", "y")
    assert office_db.conn.execute("SELECT COUNT(*) FROM person").fetchone()[0] == 3
