"""This office's keys: the Ed25519 signing key, the province's age identities, fingerprints.

Private keys live in the `sync_key` table and never in a bundle. The province's working age
identity is kept encrypted with the officer's passphrase (age's own scrypt format, so the stock
`age -d` can open it too); the escrow identity is shown once and not kept at all.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from db import transaction
from desktop.core import records
from desktop.core.errors import UserError
from desktop.core.i18n import _

if TYPE_CHECKING:
    from pathlib import Path

    import sqlite_utils
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )
    from pyrage import x25519

# pyrage and cryptography are imported inside the functions that sign, verify, encrypt or
# unlock: the window and every command import this module (fingerprints, the sync page), and
# start-up must not load them (docs/performance.md, Startup). Fingerprints need only hashlib.

MIN_PASSPHRASE = 8


# 32 symbols without look-alikes: no O (0), no I (1), and neither 0 nor 1 themselves.
FINGERPRINT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def fingerprint(public_key_b64: str) -> str:
    """Five groups of four symbols of the key's SHA-256 (100 bits), read out over the phone.

    The alphabet has no O/0 or I/1 to mistake for each other (docs/bundle-format.md §1).
    """
    digest = hashlib.sha256(base64.b64decode(public_key_b64)).digest()
    bits = int.from_bytes(digest[:13], "big") >> 4  # the first 100 bits
    text = "".join(FINGERPRINT_ALPHABET[(bits >> (5 * (19 - i))) & 31] for i in range(20))
    return "-".join(text[i : i + 4] for i in range(0, 20, 4))


def same_fingerprint(typed: str, fingerprint_text: str) -> bool:
    """Whether what was typed (any case, spaces or dashes) is this fingerprint."""

    def bare(text: str) -> str:
        return "".join(c for c in text.upper() if c.isalnum())

    return bool(bare(typed)) and bare(typed) == bare(fingerprint_text)


def unbreakable(fingerprint_text: str) -> str:
    """The fingerprint as rich text that never breaks across lines (a label may wrap)."""
    return f'<span style="white-space:nowrap">{fingerprint_text}</span>'


def public_b64(key: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def load_public(public_key_b64: str) -> Ed25519PublicKey:
    """The public key from its base64 text; UserError if it is not a 32-byte Ed25519 key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        raw = base64.b64decode(public_key_b64, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as error:
        raise UserError(
            _("Khóa công khai không hợp lệ."), f"bad Ed25519 public key: {error}"
        ) from error


def verify(public_key_b64: str, signature: bytes, data: bytes) -> bool:
    """True if `signature` is the key's Ed25519 signature over exactly `data`."""
    from cryptography.exceptions import InvalidSignature

    try:
        load_public(public_key_b64).verify(signature, data)
    except (InvalidSignature, UserError):
        return False
    return True


def _stored(db: sqlite_utils.Database, name: str):
    return db.conn.execute("SELECT public, secret FROM sync_key WHERE name = ?", [name]).fetchone()


def _store(db: sqlite_utils.Database, name: str, public: str, secret: bytes | None) -> None:
    db.conn.execute(
        "INSERT INTO sync_key (name, public, secret, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET public = excluded.public, secret = excluded.secret, "
        "created_at = excluded.created_at",
        [name, public, secret, records.now_iso()],
    )


def ensure_signing_key(db: sqlite_utils.Database) -> str:
    """This office's signing key, made on first use; returns its public key (base64).

    Call inside the caller's transaction.
    """
    row = _stored(db, "signing")
    if row is not None:
        return row[0]
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    _store(db, "signing", public_b64(key), key.private_bytes_raw())
    return public_b64(key)


def new_signing_key(db: sqlite_utils.Database) -> str:
    """Replace the signing key (re-key after a lost or exposed key); returns the new public key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    _store(db, "signing", public_b64(key), key.private_bytes_raw())
    return public_b64(key)


def signing_public(db: sqlite_utils.Database) -> str | None:
    row = _stored(db, "signing")
    return row[0] if row else None


def sign(db: sqlite_utils.Database, data: bytes) -> bytes:
    row = _stored(db, "signing")
    if row is None:
        raise RuntimeError("no signing key: ensure_signing_key first")
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(bytes(row[1])).sign(data)


def ssh_recipient(public_key_b64: str):
    """The age recipient (`ssh-ed25519`) of a commune's enrolled signing key.

    age encrypts to an Ed25519 key by converting it to X25519, so the province can send a
    commune something only that commune reads, with the key whose fingerprint it confirmed by
    phone: no other key to make, exchange or lose.
    """
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from pyrage import ssh

    openssh = load_public(public_key_b64).public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH)
    return ssh.Recipient.from_str(openssh.decode("ascii"))


def ssh_identity(db: sqlite_utils.Database):
    """This office's signing key as the age identity that opens what `ssh_recipient` sealed."""
    row = _stored(db, "signing")
    if row is None or row[1] is None:
        raise UserError(_("Văn phòng này chưa có khóa ký."), "no signing key in sync_key")
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )
    from pyrage import ssh

    key = Ed25519PrivateKey.from_private_bytes(bytes(row[1]))
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, NoEncryption())
    return ssh.Identity.from_buffer(pem)


@dataclass(frozen=True)
class ProvinceKeys:
    """The province's keys, made in memory by `make_province_keys`.

    `store_province_keys` keeps all of them but `escrow_identity`, which is shown once for the
    safe and never stored: until it is in the safe, nothing is written (a power cut then leaves
    no office whose only escrow copy was lost).
    """

    working_recipient: str
    escrow_recipient: str
    escrow_identity: str = field(repr=False)
    signing_public: str
    working_locked: bytes = field(repr=False)  # the working identity, sealed with the passphrase
    signing_secret: bytes = field(repr=False)


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(
            _("Mật khẩu bảo vệ khóa phải có ít nhất {count} ký tự.").format(count=MIN_PASSPHRASE),
            "passphrase too short",
        )


def make_province_keys(passphrase: str) -> ProvinceKeys:
    """The working and escrow age identities and the signing key, made in memory."""
    check_passphrase(passphrase)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from pyrage import x25519

    from desktop.core.sync import seal

    working = x25519.Identity.generate()
    escrow = x25519.Identity.generate()
    signing = Ed25519PrivateKey.generate()
    return ProvinceKeys(
        working_recipient=str(working.to_public()),
        escrow_recipient=str(escrow.to_public()),
        escrow_identity=str(escrow),
        signing_public=public_b64(signing),
        working_locked=seal.seal(str(working).encode("ascii"), passphrase),
        signing_secret=signing.private_bytes_raw(),
    )


def store_province_keys(db: sqlite_utils.Database, made: ProvinceKeys) -> None:
    """Keep the keys but the escrow identity; inside the caller's transaction."""
    _store(db, "age_working", made.working_recipient, made.working_locked)
    _store(db, "age_escrow", made.escrow_recipient, None)
    _store(db, "signing", made.signing_public, made.signing_secret)


def province_recipients(db: sqlite_utils.Database) -> tuple[str, str]:
    working, escrow = _stored(db, "age_working"), _stored(db, "age_escrow")
    if working is None or escrow is None:
        raise UserError(
            _("Văn phòng này chưa có khóa của tỉnh."), "no province age keys in sync_key"
        )
    return working[0], escrow[0]


def unlock_working_identity(db: sqlite_utils.Database, passphrase: str) -> x25519.Identity:
    """The working identity, decrypted with the officer's passphrase."""
    row = _stored(db, "age_working")
    if row is None:
        raise UserError(_("Văn phòng này chưa có khóa của tỉnh."), "no age_working key in sync_key")
    import pyrage
    from pyrage import passphrase as age_passphrase
    from pyrage import x25519

    from desktop.core.sync import seal

    if not passphrase:
        raise UserError(_("Chưa nhập mật khẩu khóa làm việc của tỉnh."), "empty passphrase")
    try:
        text = age_passphrase.decrypt(bytes(row[1]), passphrase)
    except pyrage.DecryptError as error:
        raise UserError(
            _("Mật khẩu bảo vệ khóa không đúng."), "working identity: wrong passphrase"
        ) from error
    if seal.work_factor(bytes(row[1])) > seal.LOG_N:  # sealed by age itself: up to 1 GiB
        with transaction(db):
            db.conn.execute(
                "UPDATE sync_key SET secret = ? WHERE name = 'age_working'",
                [seal.seal(text, passphrase)],
            )
    return x25519.Identity.from_str(text.decode("ascii"))


def working_identity_file(db: sqlite_utils.Database, passphrase: str) -> str:
    """The working identity as the text of an age identity file (for `age -d -i`)."""
    identity = unlock_working_identity(db, passphrase)
    return f"# ANTQ Desk working identity\n# public key: {identity.to_public()}\n{identity}\n"


def read_identity_file(path: Path) -> x25519.Identity:
    """The identity in an age identity file, such as the escrow sheet `province-init
    --escrow-out` writes (Vietnamese comment lines, UTF-8) or a copy saved again by Notepad."""
    from desktop.core.sync import textfile

    data = textfile.read_bytes(path, limit=64 * 1024)
    try:
        text = textfile.decode(data)
    except UnicodeDecodeError as error:
        raise UserError(
            _("Tệp khóa bí mật không hợp lệ."), f"identity file {path} not text: {error!r}"
        ) from error
    return parse_identity(text)


def parse_identity(text: str) -> x25519.Identity:
    """An age identity from an identity file's text (comment lines ignored)."""
    import pyrage
    from pyrage import x25519

    for line in text.splitlines():
        line = line.strip()
        if line.startswith("AGE-SECRET-KEY-"):
            try:
                return x25519.Identity.from_str(line)
            except pyrage.IdentityError as error:
                raise UserError(
                    _("Tệp khóa bí mật không hợp lệ."), f"bad age identity: {error}"
                ) from error
    raise UserError(_("Tệp khóa bí mật không hợp lệ."), "no AGE-SECRET-KEY line")


def parse_recipient(text: str) -> x25519.Recipient:
    import pyrage
    from pyrage import x25519

    try:
        return x25519.Recipient.from_str(text.strip())
    except pyrage.RecipientError as error:
        raise UserError(
            _("Khóa mã hóa của tỉnh không hợp lệ."), f"bad age recipient: {error}"
        ) from error
