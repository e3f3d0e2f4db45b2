"""The first screen's look at the file, before it is opened for work."""

from __future__ import annotations

import sqlite3

from db import open_database
from desktop.core import accounts, office
from desktop.core.storage.first_look import first_look
from tests.ui.conftest import set_up_test_commune


def _office_file(path, *, admin: bool) -> office.Unit:
    database = open_database(path)
    set_up_test_commune(database)
    if admin:
        accounts.create_first_admin(database, "admin", "Trần Văn Hùng", "mat-khau-dai")
    unit = office.self_unit(database)
    database.close()
    return unit


def test_it_names_the_office_and_whether_anyone_has_an_account(tmp_path):
    with_admin, without = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    unit = _office_file(with_admin, admin=True)
    _office_file(without, admin=False)
    look = first_look(with_admin)
    assert look is not None and look.unit == unit and look.has_accounts
    assert first_look(without).has_accounts is False


def test_unusual_files_are_left_to_the_full_open(tmp_path):
    missing = tmp_path / "missing.sqlite3"
    assert first_look(missing) is None and not missing.exists()  # nothing created
    not_set_up = tmp_path / "new.sqlite3"
    open_database(not_set_up).close()
    assert first_look(not_set_up) is None  # the first-run wizard comes first
    older = tmp_path / "older.sqlite3"
    _office_file(older, admin=True)
    conn = sqlite3.connect(older)
    conn.execute("PRAGMA user_version = 4")  # written by a program before the newest migration
    conn.close()
    assert first_look(older) is None
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    assert first_look(garbage) is None
    assert garbage.read_bytes() == b"not a database at all" * 100  # only read


def test_a_folder_named_in_vietnamese_with_spaces_is_read(tmp_path):
    folder = tmp_path / "Tài liệu" / "Dữ liệu xã #1"
    folder.mkdir(parents=True)
    path = folder / "antq-desk.sqlite3"
    unit = _office_file(path, admin=False)
    assert first_look(path).unit == unit
