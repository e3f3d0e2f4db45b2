"""Backups that leave the data folder (a USB stick, `backup --to`) are encrypted with age.

A lost USB stick must not hand over the names, phones, ethnicity and religion of everyone in the
register. age forbids mixing a passphrase with other recipients in one file, so a sealed backup
is a short header and a standard age file:

    antq-desk-backup/1
    <base64 of the backup's own age identity, encrypted with the passphrase (age scrypt)>
    <age file: the database, encrypted to that identity and, where the province's setup is
     loaded, to the province's escrow recipient>

Restoring asks the backup passphrase, opens the identity and with it the database. The province
can open the age part with its escrow identity (`antq-desk restore FILE --identity KHOA.txt`, or
`age -d -i` on the bytes after the second line) when the passphrase is lost. Every backup has
an identity of its own, made when it is written; nothing secret is kept on the PC.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.errors import UserError
from desktop.core.i18n import _

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

MAGIC = b"antq-desk-backup/1\n"
SEALED_SUFFIX = ".age"
MIN_PASSPHRASE = 8
PASSPHRASE_VARIABLE = "ANTQ_BACKUP_PASSPHRASE"


class WrongPassphrase(UserError):
    """The passphrase (or identity) does not open this backup."""


def check_passphrase(passphrase: str) -> None:
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise UserError(
            _("Mật khẩu sao lưu phải có ít nhất {count} ký tự.").format(count=MIN_PASSPHRASE),
            "backup passphrase too short",
        )


def escrow_recipient(db: sqlite_utils.Database) -> str | None:
    """The province's escrow recipient: from the loaded setup (a commune) or its own keys (the
    province); None where neither is there yet."""
    for sql in (
        "SELECT escrow_recipient FROM province_setup WHERE id = 1",
        "SELECT public FROM sync_key WHERE name = 'age_escrow'",
    ):
        try:
            row = db.conn.execute(sql).fetchone()
        except sqlite3.OperationalError:
            continue
        if row and row[0]:
            return str(row[0])
    return None


def is_sealed(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def seal(data: bytes, passphrase: str, escrow: str | None):
    """The sealed form of `data` (see the module's docstring), and the identity that opens it
    (kept in memory only, to verify the written file)."""
    import pyrage
    from pyrage import passphrase as age_passphrase
    from pyrage import x25519

    check_passphrase(passphrase)
    identity = x25519.Identity.generate()
    recipients = [identity.to_public()]
    if escrow:
        recipients.append(x25519.Recipient.from_str(escrow))
    wrapped = age_passphrase.encrypt(str(identity).encode("ascii"), passphrase)
    payload = pyrage.encrypt(data, recipients)
    return MAGIC + base64.b64encode(wrapped) + b"\n" + payload, identity


def opens_to(path: Path, identity, data: bytes) -> bool:
    """Whether the sealed file on the disk opens, with its identity, to exactly `data`."""
    import pyrage

    try:
        found = _open(Path(path).read_bytes(), identity)
    except (OSError, pyrage.DecryptError, UserError) as error:  # not verified
        log.warning("sealed backup %s does not open: %r", path, error)
        return False
    return hashlib.sha256(found).digest() == hashlib.sha256(data).digest()


def _split(sealed: bytes) -> tuple[bytes, bytes]:
    if not sealed.startswith(MAGIC):
        raise UserError(_("Tệp này không phải bản sao lưu mã hóa của ANTQ Desk."), "not sealed")
    rest = sealed[len(MAGIC) :]
    line, _newline, payload = rest.partition(b"\n")
    return base64.b64decode(line), payload


def _open(sealed: bytes, identity) -> bytes:
    import pyrage

    return pyrage.decrypt(_split(sealed)[1], [identity])


def unseal(sealed: bytes, *, passphrase: str | None = None, identity_text: str | None = None):
    """The database bytes; with the backup passphrase, or an age identity (the escrow's)."""
    import pyrage
    from pyrage import passphrase as age_passphrase
    from pyrage import x25519

    wrapped, payload = _split(sealed)
    try:
        if identity_text is not None:
            lines = [line.strip() for line in identity_text.splitlines()]
            key = next(line for line in lines if line.startswith("AGE-SECRET-KEY-"))
            identity = x25519.Identity.from_str(key)
        else:
            identity = x25519.Identity.from_str(
                age_passphrase.decrypt(wrapped, passphrase or "").decode("ascii")
            )
        return pyrage.decrypt(payload, [identity])
    except (pyrage.DecryptError, pyrage.IdentityError, StopIteration, ValueError) as error:
        raise WrongPassphrase(
            _("Mật khẩu sao lưu (hoặc khóa) không mở được bản sao lưu này."),
            f"cannot open sealed backup: {error!r}",
        ) from error


def unseal_to(source: Path, target: Path, **secret: str | None) -> Path:
    """Write the database inside the sealed `source` to `target` (a local, temporary name)."""
    data = unseal(Path(source).read_bytes(), **secret)
    target.write_bytes(data)
    return target
