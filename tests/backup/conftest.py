"""Databases on disk for the backup tests: a set-up commune with a few people, and damage."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db import open_database
from desktop.core import office, people, units


def add_people(db, names: list[str]) -> list[str]:
    return [people.create_person(db, people.PersonInput(full_name=name)) for name in names]


def person_count(db) -> int:
    return db.conn.execute("SELECT COUNT(*) FROM person WHERE deleted_at IS NULL").fetchone()[0]


def damage(path: Path, table: str = "person") -> None:
    """Overwrite the first bytes of a table's root page, as a bad sector or a torn copy would."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\x0d\xff\xff\xff" + b"\xa5" * 60)


@pytest.fixture
def office_path(tmp_path) -> Path:
    """A commune's database file in its own data folder, with three people, closed."""
    path = tmp_path / "data" / "antq-desk.sqlite3"
    path.parent.mkdir()
    db = open_database(path)
    office.set_up_commune(
        db, office.OfficeSetup(commune_code=units.communes("91")[0].code, year=2026)
    )
    add_people(db, ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"])
    db.close()
    return path


@pytest.fixture
def office_db(office_path):
    """The commune's database, open."""
    db = open_database(office_path)
    yield db
    db.close()


BACKUP_PASSPHRASE = "mat-khau-sao-luu"


@pytest.fixture(autouse=True)
def _backup_passphrase(monkeypatch):
    """USB backups are sealed with a passphrase: the CLI reads it here instead of asking."""
    monkeypatch.setenv("ANTQ_BACKUP_PASSPHRASE", BACKUP_PASSPHRASE)
