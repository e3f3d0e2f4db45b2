"""An office on disk with accounts, people, an outcome and backups, for the safety tests."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from db import open_database
from desktop.core import accounts, catalogues, office, outcomes, people, session, units
from desktop.core.storage import backup
from tests.backup.conftest import damage  # noqa: F401  (re-exported for the tests here)
from tests.reports.conftest import known_db  # noqa: F401  (a fixture the tests here use)

ADMIN, OFFICER, VIEWER = "quan.tri", "can.bo", "nguoi.xem"
PASSWORD = "mat-khau-dai-123"


def make_office(path: Path) -> dict[str, str]:
    """A commune with three accounts, two people and one outcome; closed. Returns uids."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(path)
    campaign = office.set_up_commune(
        db, office.OfficeSetup(commune_code=units.communes("91")[0].code, year=2026)
    )
    accounts.create_first_admin(db, ADMIN, "Quản Trị", PASSWORD)
    accounts.create_account(db, OFFICER, "Cán Bộ", "officer", PASSWORD)
    accounts.create_account(db, VIEWER, "Người Xem", "viewer", PASSWORD)
    an = people.create_person(db, people.PersonInput(full_name="Nguyễn Văn An", birth_year=1970))
    binh = people.create_person(db, people.PersonInput(full_name="Trần Thị Bình"))
    people.update_person(
        db, binh, people.PersonInput(full_name="Trần Thị Bình", phone="0912345678")
    )
    indicator = next(
        i
        for i in catalogues.indicators(db, campaign)
        if i.extra["has_value"] and i.extra["category"] != "commendation"
    )
    outcome = outcomes.create_outcome(
        db,
        outcomes.OutcomeInput(
            campaign_uid=campaign, indicator_uid=indicator.uid, quantity=1, value_vnd=5_000_000
        ),
    )
    session.sign_out(db)
    db.close()
    return {"an": an, "binh": binh, "outcome": outcome}


class OfficePath(type(Path())):  # type: ignore[misc]
    """The database's path, carrying the uids of the records `make_office` wrote."""

    uids: dict[str, str]


@pytest.fixture
def office_file(tmp_path) -> OfficePath:
    path = OfficePath(tmp_path / "data" / "antq-desk.sqlite3")
    path.uids = make_office(path)
    return path


@pytest.fixture
def with_backups(office_file) -> Path:
    """The office with one automatic backup of it in backups/ (as every office has)."""
    db = open_database(office_file)
    backup.automatic_backup(db, office_file, now=dt.datetime(2026, 11, 30, 8, 0).astimezone())
    db.close()
    return office_file


def raw(path: Path, *statements: str) -> None:
    """Edit the file with plain sqlite3, as someone with the file and another tool would."""
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


BACKUP_PASSPHRASE = "mat-khau-sao-luu"


@pytest.fixture(autouse=True)
def _backup_passphrase(monkeypatch):
    """USB backups are sealed with a passphrase: the CLI reads it here instead of asking."""
    monkeypatch.setenv("ANTQ_BACKUP_PASSPHRASE", BACKUP_PASSPHRASE)
