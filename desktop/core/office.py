"""This office: which commune it is, its officers, its device identity and its settings.

Set up once, by the first-run wizard or `antq-desk init`, in one transaction with the
reference lists and the first campaign.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from db import transaction
from desktop.core import audit, campaigns, catalogues, records, units
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.text import clean

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True)
class OfficeSetup:
    commune_code: str
    head_name: str = ""
    officer_name: str = ""
    officer_phone: str = ""
    year: int = field(default_factory=lambda: dt.date.today().year)


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: str
    parent_code: str | None
    parent_name: str
    head_name: str
    officer_name: str
    officer_phone: str

    @property
    def place(self) -> str:
        """ "Xã An Biên, An Giang" for a commune; just "An Giang" for a province office."""
        return ", ".join(filter(None, [self.name, self.parent_name]))


def is_set_up(db: sqlite_utils.Database) -> bool:
    return db.conn.execute("SELECT 1 FROM unit WHERE is_self = 1").fetchone() is not None


def self_unit(db: sqlite_utils.Database) -> Unit:
    unit = read_self_unit(db.conn)
    if unit is None:
        raise RuntimeError("the office is not set up")
    return unit


def read_self_unit(conn: sqlite3.Connection) -> Unit | None:
    """This office's unit, None before set-up; on a bare connection (see `first_look`)."""
    row = conn.execute(
        "SELECT code, name, level, parent_code, parent_name, head_name, officer_name, "
        "officer_phone FROM unit WHERE is_self = 1"
    ).fetchone()
    return None if row is None else Unit(*row)


def get_meta(db: sqlite_utils.Database, key: str, default: str | None = None) -> str | None:
    row = db.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_meta(db: sqlite_utils.Database, key: str, value: str) -> None:
    """Write a setting; callers that change what a user sees run it inside their audit action."""
    with transaction(db):
        db.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


def device_id(db: sqlite_utils.Database) -> str:
    return get_meta(db, "device_id") or ""


def device_epoch(db: sqlite_utils.Database) -> int:
    return int(get_meta(db, "device_epoch", "0") or 0)


def validate(setup: OfficeSetup) -> units.Division:
    errors = {}
    try:
        commune = units.commune(setup.commune_code)
    except KeyError:
        commune = None
        errors["commune_code"] = _("Hãy chọn xã, phường từ danh mục chính thức.")
    if len(clean(setup.head_name)) > 100 or len(clean(setup.officer_name)) > 100:
        errors["officer_name"] = _("Họ tên cán bộ quá dài (tối đa 100 ký tự).")
    if errors:
        raise ValidationError(errors)
    assert commune is not None
    return commune


def insert_self_commune(db: sqlite_utils.Database, commune: units.Division, **people: str) -> None:
    """This office's own row, as the commune `commune` of its province (set-up and recovery)."""
    province = units.province(commune.province_code)
    db.table("unit").insert(
        {
            "code": commune.code,
            "name": commune.name,
            "level": "commune",
            "parent_code": province.code,
            "parent_name": province.name,
            "division_type": commune.division_type,
            **people,
            "is_self": 1,
            "created_at": records.now_iso(),
        }
    )


def set_up_commune(db: sqlite_utils.Database, setup: OfficeSetup) -> str:
    """Record this office as a commune and create its first campaign; returns the campaign uid."""
    commune = validate(setup)
    if is_set_up(db):
        raise ValidationError({"commune_code": _("Văn phòng này đã được thiết lập.")})
    with audit.action(db, Permission.MANAGE_KEYS, "office.set_up", commune.name):
        insert_self_commune(
            db,
            commune,
            head_name=clean(setup.head_name),
            officer_name=clean(setup.officer_name),
            officer_phone=clean(setup.officer_phone),
        )
        for key, value in (("device_id", records.new_uid()), ("device_epoch", "1")):
            db.conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", [key, value])
        catalogues.seed_reference_lists(db)
        for item in catalogues.festival_template()["organisations"]:
            catalogues.add_organisation(db, item["name"], item.get("short_name", ""), item["code"])
        return campaigns.create_from_template(db, setup.year)


def update_officers(
    db: sqlite_utils.Database, head_name: str, officer_name: str, officer_phone: str
) -> None:
    with audit.action(db, Permission.MANAGE_CATALOGUES, "office.officers", clean(officer_name)):
        db.conn.execute(
            "UPDATE unit SET head_name = ?, officer_name = ?, officer_phone = ? WHERE is_self = 1",
            [clean(head_name), clean(officer_name), clean(officer_phone)],
        )


SIGNER_POSITION_KEY = "signer_authority"
MAX_SIGNER_LENGTH = 100


def validate_signer(name: str, position: str) -> tuple[str, str]:
    """The cleaned (name, position) of who signs the office's reports; both may be blank."""
    name, position = clean(name), clean(position)
    errors = {}
    if len(name) > MAX_SIGNER_LENGTH:
        errors["signer_name"] = _("Họ tên người ký quá dài (tối đa 100 ký tự).")
    if len(position) > MAX_SIGNER_LENGTH:
        errors["signer_position"] = _("Chức vụ người ký quá dài (tối đa 100 ký tự).")
    if errors:
        raise ValidationError(errors)
    return name, position


def set_signer(db: sqlite_utils.Database, name: str, position: str) -> None:
    """Who signs the office's reports (the province asks at set-up); the Reports page edits it.

    Called inside the set-up's transaction; the reports' defaults read it.
    """
    name, position = validate_signer(name, position)
    db.conn.execute("UPDATE unit SET head_name = ? WHERE is_self = 1", [name])
    if position:
        set_meta(db, SIGNER_POSITION_KEY, position.upper())
