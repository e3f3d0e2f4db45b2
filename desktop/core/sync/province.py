"""First run of a province office: the unit, its device identity and its keys."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from desktop.core import audit, campaigns, catalogues, office, records, units
from desktop.core.errors import UserError, ValidationError
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.sync import keys, setup_file

if TYPE_CHECKING:
    import sqlite_utils


def _not_chosen() -> str:
    return _("Hãy chọn tỉnh, thành phố từ danh mục.")


def _division(province_code: str) -> units.Division | None:
    try:
        return units.province(province_code)
    except KeyError:
        return None


def validate(province_code: str, passphrase: str) -> units.Division:
    """The province chosen and a long enough passphrase; ValidationError by field otherwise."""
    problems = {}
    division = _division(province_code)
    if division is None:
        problems["province_code"] = _not_chosen()
    try:
        keys.check_passphrase(passphrase)
    except UserError as error:
        problems["passphrase"] = str(error)
    if problems:
        raise ValidationError(problems)
    assert division is not None, "an unknown province is among the problems"
    return division


def require_not_set_up(db: sqlite_utils.Database) -> None:
    """Refuse an office already set up, before any key (and escrow sheet) is made for it."""
    if office.is_set_up(db):
        raise ValidationError({"province_code": _("Văn phòng này đã được thiết lập.")})


def make_keys(province_code: str, passphrase: str) -> keys.ProvinceKeys:
    """Check the choice and make the province's keys, in memory only.

    Nothing is written until `set_up_province`, which the caller runs once the escrow identity
    is safe (printed, or written to a file): a power cut before that leaves no province office
    at all, rather than one whose only escrow copy was lost.
    """
    validate(province_code, passphrase)
    return keys.make_province_keys(passphrase)


def set_up_province(
    db: sqlite_utils.Database,
    province_code: str,
    made: keys.ProvinceKeys,
    year: int | None = None,
    signer: tuple[str, str] = ("", ""),
    email: str = "",
) -> None:
    """Record this office as the province with the keys of `make_keys`, in one transaction.

    The province gets its own campaign of `year` (default: this year): its period, legal basis
    and deadlines are the province's, never borrowed from the first commune that reported.
    `signer` (name, position) signs its reports; either may be left blank and filled later.
    `email` (optional) is where communes mail their bundles, written into the setup files.
    """
    division = _division(province_code)
    if division is None:
        raise ValidationError({"province_code": _not_chosen()})
    email = setup_file.check_email(email)
    require_not_set_up(db)
    with audit.action(db, Permission.MANAGE_KEYS, "office.set_up", division.name):
        db.table("unit").insert(
            {
                "code": division.code,
                "name": division.name,
                "level": "province",
                "is_self": 1,
                "created_at": records.now_iso(),
            }
        )
        for key, value in (("device_id", records.new_uid()), ("device_epoch", "1")):
            db.conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", [key, value])
        catalogues.seed_reference_lists(db)
        keys.store_province_keys(db, made)
        office.set_signer(db, *signer)
        if email:
            office.set_meta(db, setup_file.EMAIL_KEY, email)
        campaigns.create_from_template(db, year or dt.date.today().year)
