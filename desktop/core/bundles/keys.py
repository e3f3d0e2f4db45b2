"""Keys of both offices: the province's age identities and signing key, the communes' signing keys.

A commune's private signing key lives only in its own database (table bundle_key) and never
travels. The province's working age identity is kept encrypted with a passphrase (age scrypt);
its escrow identity is handed out once, to be printed and locked in the safe, and only its
recipient stays in the database.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyrage
import sqlite_utils

from db import transaction
from desktop.core import catalogues, office, records, units
from desktop.core.bundles import crypto, signed
from desktop.core.bundles.errors import BundleError
from desktop.core.i18n import _

SETUP_KIND = "antq-province-setup"
COMMUNE_KEY_KIND = "antq-commune-key"
MIN_PASSPHRASE = 10


@dataclass(frozen=True)
class ProvinceKeys:
    """What the province officer must see once at set-up: the escrow identity is not kept."""

    escrow_identity: str
    working_recipient: str
    escrow_recipient: str
    fingerprint: str


@dataclass(frozen=True)
class Enrolment:
    unit_code: str
    unit_name: str
    fingerprint: str
    confirmed: bool


def _store(db: sqlite_utils.Database, role: str, secret: bytes | None, public: str) -> None:
    db.conn.execute(
        "INSERT INTO bundle_key (role, secret, public, fingerprint, created_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(role) DO UPDATE SET secret = excluded.secret, "
        "public = excluded.public, fingerprint = excluded.fingerprint, "
        "created_at = excluded.created_at",
        [role, secret, public, crypto.fingerprint(public), records.now_iso()],
    )


def _key(db: sqlite_utils.Database, role: str):
    return db.conn.execute("SELECT * FROM bundle_key WHERE role = ?", [role]).fetchone()


# --- province ---------------------------------------------------------------------------------


def set_up_province(db: sqlite_utils.Database, province_code: str, passphrase: str) -> ProvinceKeys:
    """Make this database the province office with its keys, in one transaction."""
    try:
        division = units.province(province_code)
    except KeyError:
        raise BundleError(
            _("Mã tỉnh {code} không có trong danh mục.").format(code=province_code),
            f"unknown province {province_code}",
        ) from None
    if len(passphrase) < MIN_PASSPHRASE:
        raise BundleError(
            _("Mật khẩu bảo vệ khóa phải có ít nhất {count} ký tự.").format(count=MIN_PASSPHRASE),
            "passphrase too short",
        )
    if _key(db, "province_working") is not None or (
        office.is_set_up(db) and office.self_unit(db).level != "province"
    ):
        raise BundleError(
            _("Tệp dữ liệu này đã được thiết lập; không tạo lại khóa của tỉnh."),
            "province set-up refused: already set up",
        )
    working, escrow = pyrage.x25519.Identity.generate(), pyrage.x25519.Identity.generate()
    signing, signing_public = crypto.new_signing_key()
    locked = pyrage.passphrase.encrypt(str(working).encode("ascii"), passphrase)
    with transaction(db):
        if not office.is_set_up(db):
            db["unit"].insert(
                {
                    "code": division.code,
                    "name": division.name,
                    "level": "province",
                    "division_type": division.division_type,
                    "is_self": 1,
                    "created_at": records.now_iso(),
                }
            )
            for key, value in (("device_id", records.new_uid()), ("device_epoch", "1")):
                db.conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", [key, value]
                )
            catalogues.seed_reference_lists(db)
        _store(db, "province_working", locked, str(working.to_public()))
        _store(db, "province_escrow", None, str(escrow.to_public()))
        _store(db, "province_signing", signing, signing_public)
    return ProvinceKeys(
        str(escrow), str(working.to_public()), str(escrow.to_public()), province_fingerprint(db)
    )


def province_fingerprint(db: sqlite_utils.Database) -> str:
    row = _key(db, "province_signing")
    if row is None:
        raise BundleError(_("Văn phòng tỉnh chưa tạo khóa."), "no province keys")
    return row["fingerprint"]


def province_signing_key(db: sqlite_utils.Database) -> bytes:
    province_fingerprint(db)
    return _key(db, "province_signing")["secret"]


def unlock_working_identity(db: sqlite_utils.Database, passphrase: str) -> pyrage.x25519.Identity:
    """The working identity, decrypted with the passphrase; `BundleError` if it is wrong."""
    row = _key(db, "province_working")
    if row is None:
        raise BundleError(_("Văn phòng tỉnh chưa tạo khóa."), "no province keys")
    try:
        text = pyrage.passphrase.decrypt(row["secret"], passphrase).decode("ascii")
    except pyrage.DecryptError as error:
        raise BundleError(
            _("Mật khẩu bảo vệ khóa của tỉnh không đúng."), "wrong passphrase"
        ) from error
    return pyrage.x25519.Identity.from_str(text)


def identity_file_text(db: sqlite_utils.Database, passphrase: str) -> str:
    """The working identity as the stock `age -d -i FILE` reads it (keep it off shared disks)."""
    identity = unlock_working_identity(db, passphrase)
    return (
        f"# ANTQ Desk, province working identity\n"
        f"# public key: {identity.to_public()}\n{identity}\n"
    )


def setup_file(db: sqlite_utils.Database) -> bytes:
    """The signed setup file every commune of the province loads once."""
    unit = office.self_unit(db)
    body = {
        "kind": SETUP_KIND,
        "format_version": 1,
        "province_code": unit.code,
        "province_name": unit.name,
        "working_recipient": _key(db, "province_working")["public"],
        "escrow_recipient": _key(db, "province_escrow")["public"],
        "signing_public_key": _key(db, "province_signing")["public"],
        "created_at": records.now_iso(),
    }
    return signed.dump(body, province_signing_key(db))


# --- commune ----------------------------------------------------------------------------------


def load_province_setup(db: sqlite_utils.Database, data: bytes) -> str:
    """Store the province's setup file at a commune; returns the province's fingerprint."""
    what = _("tệp thiết lập của tỉnh")
    body, text, signature = signed.load(data, what)
    public = body.get("signing_public_key")
    fields = ("province_code", "province_name", "working_recipient", "escrow_recipient")
    if (
        body.get("kind") != SETUP_KIND
        or not isinstance(public, str)
        or not all(isinstance(body.get(name), str) for name in fields)
    ):
        raise BundleError(_("Tệp này không phải tệp thiết lập của tỉnh."), "not a setup file")
    if not crypto.verifies(public, signature, text):
        raise BundleError(
            _("Chữ ký của tệp thiết lập không đúng: tệp đã bị sửa."), "setup file signature"
        )
    for name in ("working_recipient", "escrow_recipient"):
        try:
            pyrage.x25519.Recipient.from_str(body[name])
        except pyrage.RecipientError as error:
            raise BundleError(_("Tệp thiết lập có khóa mã hóa hỏng."), repr(error)) from error
    unit = office.self_unit(db)
    if unit.level != "commune" or unit.parent_code != body["province_code"]:
        raise BundleError(
            _("Tệp thiết lập của {name} không dành cho đơn vị này.").format(
                name=body["province_name"]
            ),
            f"setup of {body['province_code']} at {unit.code}",
        )
    with transaction(db):
        db.conn.execute(
            "INSERT OR REPLACE INTO bundle_province (id, province_code, province_name, "
            "working_recipient, escrow_recipient, signing_public, fingerprint, loaded_at) "
            "VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
            [
                body["province_code"],
                body["province_name"],
                body["working_recipient"],
                body["escrow_recipient"],
                public,
                crypto.fingerprint(public),
                records.now_iso(),
            ],
        )
    return crypto.fingerprint(public)


def province_of_commune(db: sqlite_utils.Database):
    """The loaded setup row; `BundleError` if the commune has not loaded one."""
    row = db.conn.execute("SELECT * FROM bundle_province WHERE id = 1").fetchone()
    if row is None:
        raise BundleError(
            _("Chưa nạp tệp thiết lập của tỉnh. Hãy nạp tệp do Công an tỉnh gửi trước khi xuất."),
            "no province setup",
        )
    return row


def create_commune_key(db: sqlite_utils.Database, *, replace: bool = False) -> str:
    """Generate this commune's signing key; returns its fingerprint. `replace` re-keys."""
    if _key(db, "commune_signing") is not None and not replace:
        raise BundleError(
            _("Đơn vị đã có khóa ký. Chỉ tạo khóa mới khi mất khóa cũ (đổi khóa qua tỉnh)."),
            "commune key exists",
        )
    if office.self_unit(db).level != "commune":
        raise BundleError(_("Chỉ xã, phường mới tạo khóa ký này."), "not a commune")
    private, public = crypto.new_signing_key()
    with transaction(db):
        _store(db, "commune_signing", private, public)
    return crypto.fingerprint(public)


def commune_signing_key(db: sqlite_utils.Database) -> tuple[bytes, str]:
    row = _key(db, "commune_signing")
    if row is None:
        raise BundleError(
            _("Đơn vị chưa có khóa ký. Hãy tạo khóa và báo dấu vân tay cho tỉnh."),
            "no commune key",
        )
    return row["secret"], row["public"]


def commune_key_file_fingerprint(db: sqlite_utils.Database) -> str:
    return crypto.fingerprint(commune_signing_key(db)[1])


def commune_key_file(db: sqlite_utils.Database) -> bytes:
    """The public key file a commune hands to the province (the fingerprint is read by phone)."""
    _, public = commune_signing_key(db)
    unit = office.self_unit(db)
    body = {
        "kind": COMMUNE_KEY_KIND,
        "unit_code": unit.code,
        "unit_name": unit.name,
        "public_key": public,
        "fingerprint": crypto.fingerprint(public),
    }
    return signed.dump(body, commune_signing_key(db)[0])


# --- the province's register of communes --------------------------------------------------------


def enroll_commune(db: sqlite_utils.Database, data: bytes) -> Enrolment:
    """Record a commune's public key, unconfirmed until its fingerprint is checked by phone."""
    body, text, signature = signed.load(data, _("tệp khóa của xã"))
    public, code = body.get("public_key"), body.get("unit_code")
    if (
        body.get("kind") != COMMUNE_KEY_KIND
        or not isinstance(public, str)
        or not isinstance(code, str)
    ):
        raise BundleError(_("Tệp này không phải tệp khóa của xã."), "not a commune key file")
    if not crypto.verifies(public, signature, text):
        raise BundleError(_("Chữ ký của tệp khóa không đúng: tệp đã bị sửa."), "key file sig")
    try:
        division = units.commune(code)
    except KeyError:
        raise BundleError(
            _("Mã xã {code} không có trong danh mục.").format(code=code), f"unknown {code}"
        ) from None
    with transaction(db):
        db.conn.execute(
            "INSERT OR IGNORE INTO unit (code, name, level, parent_code, parent_name, "
            "division_type, created_at) VALUES (?, ?, 'commune', ?, ?, ?, ?)",
            [
                division.code,
                division.name,
                division.province_code,
                units.province(division.province_code).name,
                division.division_type,
                records.now_iso(),
            ],
        )
        db.conn.execute(
            "INSERT OR IGNORE INTO bundle_enrolment (unit_code, public_key, fingerprint, "
            "enrolled_at) VALUES (?, ?, ?, ?)",
            [code, public, crypto.fingerprint(public), records.now_iso()],
        )
    return Enrolment(code, division.name, crypto.fingerprint(public), False)


def confirm_commune(db: sqlite_utils.Database, unit_code: str, typed_fingerprint: str) -> None:
    """Confirm the pending key whose fingerprint was read out; any older key is revoked."""
    pending = db.conn.execute(
        "SELECT id, fingerprint FROM bundle_enrolment WHERE unit_code = ? AND confirmed = 0 "
        "AND revoked_at IS NULL ORDER BY id DESC",
        [unit_code],
    ).fetchall()
    match = next((r for r in pending if crypto.same_fingerprint(typed_fingerprint, r[1])), None)
    if match is None:
        raise BundleError(
            _("Dấu vân tay không khớp với khóa đang chờ xác nhận của đơn vị {code}.").format(
                code=unit_code
            ),
            f"fingerprint mismatch for {unit_code}",
        )
    stamp = records.now_iso()
    with transaction(db):
        db.conn.execute(
            "UPDATE bundle_enrolment SET revoked_at = ? WHERE unit_code = ? AND confirmed = 1 "
            "AND revoked_at IS NULL",
            [stamp, unit_code],
        )
        db.conn.execute(
            "UPDATE bundle_enrolment SET confirmed = 1, valid_from = ? WHERE id = ?",
            [stamp, match[0]],
        )


def revoke_commune(db: sqlite_utils.Database, unit_code: str) -> int:
    """Revoke every key of a commune (a lost PC); returns how many were revoked."""
    with transaction(db):
        cursor = db.conn.execute(
            "UPDATE bundle_enrolment SET revoked_at = ? WHERE unit_code = ? AND revoked_at IS NULL",
            [records.now_iso(), unit_code],
        )
    return cursor.rowcount


def active_keys(db: sqlite_utils.Database) -> dict[str, str]:
    """Confirmed, unrevoked public key of each enrolled commune."""
    rows = db.conn.execute(
        "SELECT unit_code, public_key FROM bundle_enrolment WHERE confirmed = 1 "
        "AND revoked_at IS NULL"
    ).fetchall()
    return {row[0]: row[1] for row in rows}


def key_problem(db: sqlite_utils.Database, unit_code: str) -> str:
    """Why a unit has no usable key, in Vietnamese (unknown, unconfirmed or revoked)."""
    states = db.conn.execute(
        "SELECT confirmed, revoked_at FROM bundle_enrolment WHERE unit_code = ?", [unit_code]
    ).fetchall()
    if not states:
        return _("đơn vị {code} chưa đăng ký khóa với tỉnh.").format(code=unit_code)
    if any(row[1] is None for row in states):
        return _("khóa của đơn vị {code} chưa được xác nhận dấu vân tay.").format(code=unit_code)
    return _("khóa của đơn vị {code} đã bị thu hồi.").format(code=unit_code)
