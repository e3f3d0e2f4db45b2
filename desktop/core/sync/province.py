"""First run of a province office: the unit, its device identity and its keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core import audit, catalogues, office, records, units
from desktop.core.errors import UserError, ValidationError
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.sync import keys

if TYPE_CHECKING:
    import sqlite_utils


def validate(province_code: str, passphrase: str) -> units.Division:
    """The province chosen and a long enough passphrase; ValidationError by field otherwise."""
    problems = {}
    try:
        division = units.province(province_code)
    except KeyError:
        division = None
    if division is None:
        problems["province_code"] = _("Hãy chọn tỉnh, thành phố từ danh mục.")
    try:
        keys.check_passphrase(passphrase)
    except UserError as error:
        problems["passphrase"] = str(error)
    if problems:
        raise ValidationError(problems)
    return division


def set_up_province(
    db: sqlite_utils.Database, province_code: str, passphrase: str
) -> keys.ProvinceKeys:
    """Record this office as the province and make its keys, in one transaction.

    The returned escrow identity is the only copy: the caller prints it for the safe
    (`desktop.core.sync.escrow`).
    """
    division = validate(province_code, passphrase)
    if office.is_set_up(db):
        raise ValidationError({"province_code": _("Văn phòng này đã được thiết lập.")})
    with audit.action(db, Permission.MANAGE_KEYS, "office.set_up", division.name):
        db["unit"].insert(
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
        return keys.create_province_keys(db, passphrase)
