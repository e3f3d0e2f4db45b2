"""The province's setup file: what a commune needs to send it bundles.

A small JSON file (no secrets): province code and name, the two age recipients (working and
escrow) and the province's Ed25519 public key. The commune checks the province key's
fingerprint over the phone before trusting it.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core import audit, office, province_basis, records
from desktop.core.errors import UserError, ValidationError
from desktop.core.i18n import _
from desktop.core.session import Permission
from desktop.core.storage import durable
from desktop.core.sync import keys, side, textfile

if TYPE_CHECKING:
    import sqlite_utils

SETUP_FORMAT = "antq-setup"
SETUP_VERSION = 1
MAX_SETUP_BYTES = 64 * 1024


@dataclass(frozen=True)
class ProvinceSetup:
    province_code: str
    province_name: str
    working_recipient: str
    escrow_recipient: str
    signing_public: str
    email: str = ""  # where communes mail their bundles; optional
    # The province's legal basis and plan per campaign (optional; province_basis.py).
    campaigns: tuple[province_basis.BasisOffer, ...] = field(default=(), compare=False)
    # What loading it did to the commune's campaigns, in sentences for the officer.
    basis_notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(self.signing_public)


def setup_text(db: sqlite_utils.Database) -> str:
    """The setup file's text for this province office."""
    unit = office.self_unit(db)
    working, escrow = keys.province_recipients(db)
    document = {
        "format": SETUP_FORMAT,
        "version": SETUP_VERSION,
        "province_code": unit.code,
        "province_name": unit.name,
        "recipients": {"working": working, "escrow": escrow},
        "signing_public_key": keys.signing_public(db),
        "campaigns": province_basis.offers(db),
    }
    email = office.get_meta(db, EMAIL_KEY) or ""
    if email:
        document["email"] = email
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


EMAIL_KEY = "province_email"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_email(email: str) -> str:
    """The address trimmed ("" when none is given), or a field error the wizard shows."""
    email = email.strip()
    if email and not EMAIL.match(email):
        raise ValidationError(
            {"email": _("Địa chỉ thư điện tử {email} không hợp lệ.").format(email=email)}
        )
    return email


def set_email(db: sqlite_utils.Database, email: str) -> None:
    """The province's address for bundles, written into the setup files it gives out."""
    email = email.strip()
    if email and not EMAIL.match(email):
        raise UserError(
            _("Địa chỉ thư điện tử {email} không hợp lệ.").format(email=email),
            f"bad province email {email!r}",
        )
    with audit.action(db, Permission.MANAGE_KEYS, "sync.email", email):
        office.set_meta(db, EMAIL_KEY, email)


def write_setup_file(db: sqlite_utils.Database, path: Path) -> Path:
    durable.write_bytes(Path(path), setup_text(db).encode("utf-8"))  # whole, or not at all
    return Path(path)


def _bad(detail: str) -> UserError:
    return UserError(
        _("Tệp thiết lập của tỉnh không hợp lệ. Hãy xin lại tệp từ Công an tỉnh."),
        f"setup file refused: {detail}",
    )


def parse_setup(data: bytes) -> ProvinceSetup:
    """Check and read a setup file's bytes."""
    if len(data) > MAX_SETUP_BYTES:
        raise _bad("too large")
    try:
        document = json.loads(textfile.decode(data))
        if document.get("format") != SETUP_FORMAT:
            raise _bad("not a setup file")
        if document.get("version") != SETUP_VERSION:
            raise _bad(f"version {document.get('version')!r}")
        setup = ProvinceSetup(
            str(document["province_code"]),
            str(document["province_name"]),
            str(document["recipients"]["working"]),
            str(document["recipients"]["escrow"]),
            str(document["signing_public_key"]),
            str(document.get("email", "")),
            province_basis.parse_offers(document.get("campaigns")),
        )
        if setup.email and not EMAIL.match(setup.email):
            raise _bad(f"email {setup.email!r}")
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise _bad(repr(error)) from error
    keys.parse_recipient(setup.working_recipient)
    keys.parse_recipient(setup.escrow_recipient)
    keys.load_public(setup.signing_public)
    return setup


class ReplacesSetup(UserError):
    """The file would replace the province keys already loaded: asked, never silent."""

    def __init__(self, old: ProvinceSetup, new: ProvinceSetup):
        super().__init__(
            _(
                "Xã đã nạp tệp thiết lập của {old_name} (dấu vân tay {old}). Tệp này mang khóa "
                "khác (dấu vân tay {new}). Chỉ thay khi tỉnh báo đã đổi khóa, sau khi gọi điện "
                "đối chiếu dấu vân tay mới."
            ).format(old_name=old.province_name, old=old.fingerprint, new=new.fingerprint),
            f"setup {new.fingerprint} would replace {old.fingerprint}",
        )
        self.old, self.new = old, new


def read_setup_file(db: sqlite_utils.Database, path: Path) -> ProvinceSetup:
    """Read and check a setup file for this commune, storing nothing: what the officer sees
    (the fingerprint) before accepting it."""
    side.require(db, side.COMMUNE)
    setup = parse_setup(textfile.read_bytes(path, limit=MAX_SETUP_BYTES))
    unit = office.self_unit(db)
    if unit.parent_code and unit.parent_code != setup.province_code:
        raise UserError(
            _("Tệp thiết lập là của {province}, không phải tỉnh của xã này.").format(
                province=setup.province_name
            ),
            f"setup file of province {setup.province_code}, commune in {unit.parent_code}",
        )
    return setup


def currently_loaded(db: sqlite_utils.Database) -> ProvinceSetup | None:
    try:
        return loaded_setup(db)
    except UserError:
        return None


def load_setup_file(
    db: sqlite_utils.Database, path: Path, *, replace: bool = False
) -> ProvinceSetup:
    """Store the province's setup at this commune and make its signing key if it has none.

    The campaigns' basis and plan the file carries fill the commune's where it has not set its
    own; `basis_notes` of the result says what was filled or kept, for the officer.

    A file with other keys than those already loaded is stored only with `replace`
    (ReplacesSetup, naming both fingerprints, otherwise).
    """
    setup = read_setup_file(db, path)
    old = currently_loaded(db)
    changed = old is not None and (old.signing_public, old.working_recipient) != (
        setup.signing_public,
        setup.working_recipient,
    )
    if old is not None and changed and not replace:
        raise ReplacesSetup(old, setup)
    with audit.action(db, Permission.MANAGE_KEYS, "sync.setup", setup.province_name):
        store_setup(db, setup)
        notes = province_basis.adopt(db, setup.campaigns)
    return dataclasses.replace(setup, basis_notes=tuple(notes))


def store_setup(db: sqlite_utils.Database, setup: ProvinceSetup) -> None:
    """Keep the province's setup and make this commune's signing key if it has none; inside
    the caller's transaction."""
    db.conn.execute(
        "INSERT INTO province_setup (id, province_code, province_name, working_recipient, "
        "escrow_recipient, signing_public, loaded_at, email) VALUES (1, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET province_code = excluded.province_code, "
        "province_name = excluded.province_name, "
        "working_recipient = excluded.working_recipient, "
        "escrow_recipient = excluded.escrow_recipient, "
        "signing_public = excluded.signing_public, loaded_at = excluded.loaded_at, "
        "email = excluded.email",
        [
            setup.province_code,
            setup.province_name,
            setup.working_recipient,
            setup.escrow_recipient,
            setup.signing_public,
            records.now_iso(),
            setup.email,
        ],
    )
    keys.ensure_signing_key(db)


def loaded_setup(db: sqlite_utils.Database) -> ProvinceSetup:
    """The setup this commune loaded; UserError if none yet."""
    row = db.conn.execute(
        "SELECT province_code, province_name, working_recipient, escrow_recipient, "
        "signing_public, email FROM province_setup WHERE id = 1"
    ).fetchone()
    if row is None:
        raise UserError(
            _(
                "Xã chưa nạp tệp thiết lập của tỉnh nên chưa xuất được gói đồng bộ. Hãy xin "
                "tệp thiết lập từ Công an tỉnh rồi nạp vào."
            ),
            "no province_setup row",
        )
    return ProvinceSetup(*row)
