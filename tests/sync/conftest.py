"""Sync fixtures: a province office (made once, copied per test) and communes that know it."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from db import open_database
from desktop.core import catalogues, events, office, people, units
from desktop.core.sync import keys, province, register, setup_file

PASSPHRASE = "mat-khau-tinh-2026"


@dataclass
class Province:
    path: Path
    db: object
    identities: list
    escrow_identity: object
    setup_path: Path

    def reopen(self) -> None:
        self.db = open_database(self.path)

    def file_hash(self) -> str:
        """The database file's bytes (after closing, so the WAL is folded in), then reopened."""
        self.db.close()
        digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
        self.reopen()
        return digest


@pytest.fixture(scope="session")
def province_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("province")
    path = folder / "province.sqlite3"
    db = open_database(path)
    made = province.set_up_province(db, "91", PASSPHRASE)
    working = keys.unlock_working_identity(db, PASSPHRASE)
    setup_path = setup_file.write_setup_file(db, folder / "setup.json")
    db.close()
    return path, working, keys.parse_identity(made.escrow_identity), setup_path, made


@pytest.fixture
def prov(province_template, tmp_path):
    template, working, escrow, setup_path, _made = province_template
    path = tmp_path / "province.sqlite3"
    shutil.copy(template, path)
    item = Province(path, open_database(path), [working], escrow, setup_path)
    yield item
    item.db.close()


def make_commune(tmp_path: Path, prov: Province, index: int, enrol: bool = True):
    """A commune of An Giang with the province's setup loaded, its key enrolled and confirmed."""
    db = open_database(tmp_path / f"commune{index}.sqlite3")
    code = units.communes("91")[index].code
    campaign = office.set_up_commune(db, office.OfficeSetup(commune_code=code, year=2026))
    db.campaign_uid = campaign
    db.hamlet = catalogues.add_hamlet(db, "Ấp Tân Hòa")
    setup_file.load_setup_file(db, prov.setup_path)
    if enrol:
        public = keys.signing_public(db)
        register.enrol(prov.db, code, public)
        register.confirm(prov.db, code, keys.fingerprint(public))
    return db


@pytest.fixture
def commune(tmp_path, prov):
    db = make_commune(tmp_path, prov, 0)
    yield db
    db.close()


def add_person(db, name: str, year: int = 1980) -> str:
    return people.create_person(db, people.PersonInput(name, "nam", year, hamlet_uid=db.hamlet))


def add_event(db, title: str, day: str, total: int = 100) -> str:
    types = {t.code: t.uid for t in catalogues.event_types(db, db.campaign_uid)}
    return events.create_event(
        db,
        events.EventInput(
            campaign_uid=db.campaign_uid,
            event_type_uid=types["le_ap"],
            title=title,
            start_date=day,
            level="ap",
            hamlet_uid=db.hamlet,
            status="held",
            count_total=total,
        ),
    )
