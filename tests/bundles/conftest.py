"""Offices for the bundle tests: a province and two demo communes of An Giang, keys exchanged.

Building them (demo data, scrypt for the province passphrase) takes seconds, so they are built
once per session as files and copied for every test.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyrage
import pytest
import sqlite_utils

from db import open_database
from desktop.core import demo, units
from desktop.core.bundles import keys

PASSPHRASE = "mat-khau-tinh-an-giang"
NAMES = ("province", "a", "b")


@dataclass
class Templates:
    folder: Path
    escrow: str
    working: str
    codes: dict[str, str]


@dataclass
class Offices:
    """Fresh copies of the three databases, the province's identities and a USB folder."""

    province: sqlite_utils.Database
    a: sqlite_utils.Database
    b: sqlite_utils.Database
    paths: dict[str, Path]
    identity: pyrage.x25519.Identity
    escrow: str
    usb: Path
    codes: dict[str, str]

    def db_hash(self, name: str = "province") -> str:
        """The database file's bytes after a checkpoint: equal means nothing was written."""
        database = getattr(self, name)
        database.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return hashlib.sha256(self.paths[name].read_bytes()).hexdigest()


def _commune(path: Path, code: str, seed: int, setup: bytes) -> bytes:
    db = open_database(path)
    demo.build_commune(db, code, 2026, seed, 40, 8)
    keys.load_province_setup(db, setup)
    keys.create_commune_key(db)
    key_file = keys.commune_key_file(db)
    db.close()
    return key_file


@pytest.fixture(scope="session")
def templates(tmp_path_factory) -> Templates:
    folder = tmp_path_factory.mktemp("bundle-offices")
    codes = {"a": units.communes("91")[0].code, "b": units.communes("91")[1].code}
    province = open_database(folder / "province.sqlite3")
    made = keys.set_up_province(province, "91", PASSPHRASE)
    setup = keys.setup_file(province)
    for name, seed in (("a", 11), ("b", 12)):
        key_file = _commune(folder / f"{name}.sqlite3", codes[name], seed, setup)
        enrolment = keys.enroll_commune(province, key_file)
        keys.confirm_commune(province, codes[name], enrolment.fingerprint.lower())
    working = str(keys.unlock_working_identity(province, PASSPHRASE))
    province.close()
    return Templates(folder, made.escrow_identity, working, codes)


@pytest.fixture
def offices(templates, tmp_path) -> Offices:
    paths = {}
    for name in NAMES:
        paths[name] = tmp_path / f"{name}.sqlite3"
        shutil.copyfile(templates.folder / f"{name}.sqlite3", paths[name])
    usb = tmp_path / "usb"
    usb.mkdir()
    opened = {name: open_database(paths[name]) for name in NAMES}
    yield Offices(
        opened["province"],
        opened["a"],
        opened["b"],
        paths,
        pyrage.x25519.Identity.from_str(templates.working),
        templates.escrow,
        usb,
        templates.codes,
    )
    for database in opened.values():
        database.close()
