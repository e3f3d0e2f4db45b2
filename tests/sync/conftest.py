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
    made = province.make_keys("91", PASSPHRASE)
    province.set_up_province(db, "91", made)
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


def export_one(commune, folder: Path, **options):
    """Export into `folder` (made if needed) and return the single bundle written."""
    from desktop.core.sync import bundle_writer

    folder.mkdir(parents=True, exist_ok=True)
    written = bundle_writer.export(commune, folder, **options)
    assert len(written) == 1
    return written[0]


def forge(
    commune,
    body: bytes,
    *,
    counts: dict | None = None,
    changes: dict | None = None,
    header: dict | None = None,
    signer_db=None,
) -> bytes:
    """A bundle from raw payload lines, properly signed: what a buggy or hostile sender makes."""
    import dataclasses
    import gzip
    import hashlib

    import pyrage

    from desktop.core.sync import archive, bundle_writer, payload
    from desktop.core.sync.manifest import Manifest

    ctx = bundle_writer._context(commune, False, "2026-08")
    number, prev = bundle_writer._last_bundle(commune)
    identity = {
        "unit_code": ctx.unit,
        "device_id": ctx.device,
        "epoch": ctx.epoch,
        "number": number + 1,
        "seq_after": 0,
        "seq_to": 0,
    }
    head = {"kind": "header", "format": "antq-bundle", "format_version": 1, **identity}
    head.update(header or {})
    plain = gzip.compress(payload.encode_line(head) + body)
    encrypted = pyrage.encrypt(plain, ctx.recipients)
    manifest = Manifest(
        province_code=ctx.province,
        period="2026-08",
        full=False,
        part=1,
        parts=1,
        counts=counts or {},
        payload_sha256=hashlib.sha256(encrypted).hexdigest(),
        payload_size=len(encrypted),
        prev_hash=prev,
        signer_public_key=ctx.signer,
        aggregates={},
        created_at="2026-08-31T00:00:00+00:00",
        **identity,
    )
    manifest = dataclasses.replace(manifest, **(changes or {}))
    raw = manifest.to_bytes()
    signer = signer_db or commune
    return archive.pack(raw, keys.sign(signer, raw), encrypted)


def row_body(commune, table: str, uid: str, **override) -> bytes:
    """One payload line with the current state of a commune's row, fields overridden."""
    from desktop.core.sync import payload

    row = payload.fetch_rows(commune, table, [uid])[uid]
    row.update(override)
    return payload.row_line(table, row)
